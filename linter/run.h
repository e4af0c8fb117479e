/*
 * run: one envlint invocation's work — walk the paths, and for each file: load it into
 * its own arena, read pins, run the checks, apply suppressions, attach snippets, and
 * keep the diagnostics (which own their strings) after the arena is freed. One bad file
 * never stops the others. Prints nothing: main hands the result to a report.
 */
#ifndef ENVLINT_RUN_H
#define ENVLINT_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"
#include "diag.h"
#include "report/report.h"

struct kb;
struct target;
struct buf;

struct run {
	const struct options *opts;
	const struct kb *kb;              /* may be NULL only in tests */
	const struct target *target;
	struct diag_list diags;           /* every finding, sorted after run_paths */
	struct report_file *files;        /* one per file looked at (strings owned) */
	size_t nfiles, alloc;
	bool unreadable;                  /* some path could not be read: exit 2 */
	struct buf *pin_dump;             /* when set, each file's pins are dumped here */
};

void run_init(struct run *self, const struct options *opts, const struct kb *kb,
	      const struct target *target);
/* Lints every path of opts (walk included); then sorts the diagnostics. */
void run_paths(struct run *self);
void run_release(struct run *self);

#endif

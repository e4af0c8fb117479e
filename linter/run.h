/*
 * run: one envlint invocation's work. Given paths, the KB, the profiles to check
 * against and the policy, it walks the paths and for each file: loads it into its own
 * arena, reads pins, runs the checks (the file pass once, the target pass once per
 * profile and GPU), applies suppressions, then the policy, attaches snippets, and keeps
 * the diagnostics (which own their strings) after the arena is freed. One bad file
 * never stops the others. Prints nothing: its result types are what report/ formats.
 */
#ifndef ENVLINT_RUN_H
#define ENVLINT_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "walk.h"

struct buf;
struct kb;
struct policy;
struct profile_list;

/* One file the run looked at. */
struct run_file {
	char *path;
	const char *kind; /* "conda", "requirements", "dockerfile", "unknown" */
	char *error;      /* why it was not linted, or NULL */
};

/* Where a streaming run hands each file's findings (sorted, policy applied) and then
 * forgets them; see run.stream. */
struct run_sink {
	void (*file_done)(void *ctx, const struct diag *diags, size_t n);
	void *ctx;
};

/* What a command that shows more than findings (`envlint stack`) sees of each linted
 * file, once its findings are final (suppressed, policy applied): its path and kind
 * (struct run_file's), its pins (with those of its includes), its facts for the first
 * profile's OS, and its findings, diags->items[first .. diags->nr). All borrowed for
 * the call only: the file's arena is freed right after. */
struct analysis;
struct pin_list;
struct run_file_hook {
	void (*fn)(void *data, const char *path, const char *kind, const struct pin_list *pins,
		   const struct analysis *facts, const struct diag_list *diags, size_t first);
	void *data;
};

struct run {
	const struct kb *kb;                 /* may be NULL only in tests */
	const struct profile_list *profiles; /* the targets; the target pass runs per entry */
	const struct policy *policy;
	struct diag_list diags; /* every finding, sorted after run_paths */
	struct run_files {      /* one per file looked at (util/vec.h) */
		struct run_file *items;
		size_t nr, alloc;
	} files;
	bool unreadable;             /* some path could not be read: exit 2 */
	struct buf *pin_dump;        /* when set, each file's pins are dumped here */
	bool follow;                 /* follow directory symlinks in walks (--follow) */
	bool verbose;                /* keep each entry the walk passed over */
	size_t nskipped;             /* entries the walks passed over */
	struct walk_skips skips;     /* with verbose: each, and why (walk.h) */
	const char *stdin_name;      /* the name "-" (standard input) is linted as */
	const char *const *includes; /* globs adding names the walk does not know */
	size_t nincludes;
	bool ran[RULE__COUNT]; /* rules on and given what they need (EL012) */
	/* Streaming: with a sink, each file's findings go to it as soon as the file is done
	 * and are freed, so memory stays flat however many files a run lints; only counts,
	 * the files list and one hash per finding (to drop repeats) are kept. */
	struct run_sink sink;
	struct run_file_hook file_hook; /* called per linted file; fn NULL: none */
	size_t counts[SEV_ERROR + 1];   /* findings handed over, per severity */
	bool fails;                     /* some finding reached its policy's --fail-on */
	struct run_seen {               /* hashes of the findings handed over (util/vec.h) */
		uint64_t *items;
		size_t nr, alloc;
	} seen;
};

/* Borrows kb, profiles and policy for the run's lifetime. */
void run_init(struct run *self, const struct kb *kb, const struct profile_list *profiles,
	      const struct policy *policy);
/* Another policy for the paths linted next (another .envlint.yml). Borrowed. */
void run_set_policy(struct run *self, const struct policy *policy);
/* Lints every path (directories are walked; none means "."); the findings of these
 * paths are appended, in file order. */
void run_paths(struct run *self, const char *const *paths, size_t npaths);
/* Lints bytes already in memory as the file `name` (its name, then its content, decide
 * its kind), as one more file of the run (fuzzers, editors' buffers). */
void run_bytes(struct run *self, const char *name, const char *bytes, size_t len);
/* Sorts all findings (file, line, column, rule) and drops exact repeats. */
void run_finish(struct run *self);
void run_release(struct run *self);

#endif

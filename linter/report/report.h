/*
 * report: format the run's findings. One function per format, all with the same
 * signature (a new format is a new file). Reports only format — they never decide
 * severities, filter or sort (run.c did that) — and write into a buf that main prints.
 */
#ifndef ENVLINT_REPORT_REPORT_H
#define ENVLINT_REPORT_REPORT_H

#include <stdbool.h>
#include <stddef.h>

struct buf;
struct diag_list;

struct report_file {
	const char *path;
	const char *kind;    /* "conda", "requirements", "dockerfile", "unknown" */
	const char *error;   /* why it was not linted, or NULL */
};

struct report_input {
	const struct diag_list *diags;   /* sorted, filtered */
	const struct report_file *files;
	size_t nfiles;
	const char *version;             /* envlint's */
	const char *kb_date;             /* or NULL */
	bool color;                      /* text only */
};

/* "file:line:col: ", "file: " for a whole-file finding, "envlint: " for a run-level one:
 * the location prefix every line-oriented format shares. */
struct diag;
void report_location(struct buf *out, const struct diag *d);

void report_text(const struct report_input *in, struct buf *out);
void report_gnu(const struct report_input *in, struct buf *out);
void report_json(const struct report_input *in, struct buf *out);

#endif

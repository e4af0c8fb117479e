/*
 * report: format a run's findings. Every format is one file and one row of the format
 * table (report.c), which --format and --help both read: a new format is a file and a
 * row. A format writes in three steps so a run can stream: `begin` once, `diags` once
 * per linted file with that file's findings (in order), `end` once with the totals and
 * the files looked at; report_<name>() does the three over a whole list. Reports only
 * format: they never decide severities, filter or sort (the run and the policy did).
 * They read the run's result types (run.h) and write into a buf that the caller prints.
 */
#ifndef ENVLINT_REPORT_REPORT_H
#define ENVLINT_REPORT_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "rule.h"
#include "run.h"

struct buf;
struct diag;
struct profile_list;

/* Where envlint's home and rule pages are (SARIF informationUri and helpUri); a
 * packager may point them elsewhere with -DENVLINT_URL=... */
#ifndef ENVLINT_URL
#define ENVLINT_URL "https://github.com/envlint/envlint"
#endif
#define REPORT_INFO_URI ENVLINT_URL
#define REPORT_RULES_URI ENVLINT_URL "/blob/main/docs/rules/"

struct report_input {
	const struct diag_list *diags; /* sorted, policy applied (whole-list calls only) */
	const struct run_file *files;  /* at `end`: every file looked at */
	size_t nfiles;
	size_t counts[SEV_ERROR + 1];        /* at `end`: findings per severity, all files */
	size_t nskipped;                     /* at `end`: entries the walk passed over */
	const char *version;                 /* envlint's */
	const char *kb_date;                 /* or NULL */
	bool color;                          /* text only */
	bool quiet;                          /* findings only: no summary line (text) */
	const struct profile_list *profiles; /* the targets checked, or NULL */
	const char *root;                    /* absolute directory paths are relative to, or NULL */
};

typedef void (*report_fn)(const struct report_input *in, struct buf *out);

/* What a streamed format remembers between calls (how many findings it has written). */
struct report_state {
	size_t written;
};

struct report_format {
	const char *name; /* as --format takes it */
	report_fn write;  /* the whole document from in->diags */
	void (*begin)(const struct report_input *in, struct report_state *st, struct buf *out);
	void (*diags)(const struct report_input *in, struct report_state *st, const struct diag *d, size_t n,
		      struct buf *out);
	void (*end)(const struct report_input *in, struct report_state *st, struct buf *out);
	const char *summary; /* for --help */
};

/* The format called `name`, or NULL. */
const struct report_format *report_format_lookup(const char *name);
/* The table, in --help order; *n gets its length. */
const struct report_format *report_formats(size_t *n);

/* location.c: "file:line:col: ", "file: " for a whole-file finding, "envlint: " for a
 * run-level one: the location prefix every line-oriented format shares. */
void report_location(struct buf *out, const struct diag *d);
/* A path as the line-oriented formats print it: C escapes for a backslash and for
 * control characters ("\\n", "\\t", "\\r", "\\x1b"), so a file name with a newline
 * cannot start a line that reads as a finding of its own, nor an escape sequence
 * drive the terminal. */
void report_path(struct buf *out, const char *path);

/* targets.c: the targets as a JSON array ([] for none): name, GPUs, driver, CUDA, OS. */
void report_targets_json(struct buf *out, const struct profile_list *profiles);

/* begin + diags over in->diags (with in->counts filled from them) + end. */
void report_whole(const struct report_format *fmt, const struct report_input *in, struct buf *out);

#define REPORT_STEPS(name)                                                                                   \
	void report_##name##_begin(const struct report_input *in, struct report_state *st, struct buf *out); \
	void report_##name##_diags(const struct report_input *in, struct report_state *st,                   \
				   const struct diag *d, size_t n, struct buf *out);                         \
	void report_##name##_end(const struct report_input *in, struct report_state *st, struct buf *out)
REPORT_STEPS(text);
REPORT_STEPS(gnu);
REPORT_STEPS(json);
REPORT_STEPS(sarif);
REPORT_STEPS(github);

void report_text(const struct report_input *in, struct buf *out);
void report_gnu(const struct report_input *in, struct buf *out);
void report_json(const struct report_input *in, struct buf *out);
void report_sarif(const struct report_input *in, struct buf *out);
void report_github(const struct report_input *in, struct buf *out);

#endif

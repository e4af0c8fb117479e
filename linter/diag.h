/*
 * diag: one finding (rule, severity, file, span, message, help) and the run's list of
 * them. A diag owns copies of its strings (malloc'd), so it never points into a file's
 * arena and outlives the file it was found in. The list sorts and dedupes; policy
 * (severities, --fail-on, --disable) is policy.h's. Depends on rule.h only.
 */
#ifndef ENVLINT_DIAG_H
#define ENVLINT_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rule.h"
#include "span.h"

/* One byte edit of a manifest that carries out a finding's fix: replace the text at
 * span (start_byte .. end_byte of `file`; line/column for display) — which must still
 * read `old` — by `text`. Owns its strings. */
struct diag_edit {
	char *file; /* display path of the file the text is in (may not be the diag's) */
	struct span span;
	char *old;  /* the text the edit replaces, as the reader saw it */
	char *text; /* the replacement */
};

struct diag {
	enum rule_id rule;
	enum severity severity;
	char *file;              /* display path; NULL for run-level findings */
	struct span span;        /* line 0 = whole file */
	struct span also;        /* a second line that pins it (the FROM that uses the ARG the
				span is on, or the -r line that read the file); line 0: none */
	char *also_file;         /* the file of `also` when it is another one (the including
				file of a -r), or NULL for this file */
	char *message;           /* names the versions and the fact */
	char *help;              /* concrete fix, or NULL */
	char *source;            /* where the fact behind it comes from (URL), or NULL */
	bool source_secondary;   /* that fact's KB row is `status: 2nd` (second-hand) */
	char *snippet;           /* the source line at span.line, or NULL (text output) */
	const char *profile;     /* borrowed profile name, or NULL */
	bool suppressed;         /* an ignore comment covers it: the policy step drops it */
	struct diag_edit *edits; /* the fix as manifest edits, all or none (malloc'd); NULL: */
	size_t nedits;           /* the fix is not an edit of the manifest (a driver, ...) */
};

struct diag_list {
	struct diag *items;
	size_t nr, alloc;
};

#define DIAG_LIST_INIT     \
	{                  \
		NULL, 0, 0 \
	}

/* Adds a finding with the rule's default severity. `help` may be NULL; the message is
 * printf-formatted. Returns the new entry (valid until the list grows). */
struct diag *diag_add(struct diag_list *self, enum rule_id rule, const char *file, struct span span,
		      const char *help, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Sets the help of a diag from printf arguments (replacing any previous help). */
void diag_set_help(struct diag *self, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends to the message (a reason found after it was written). */
void diag_append_message(struct diag *self, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Sets the fact's source (copied) and whether the KB holds it only second-hand (its row
 * is `status: 2nd`): the reports say so next to the source. */
void diag_set_source(struct diag *self, const char *source, bool secondary);
/* Adds one edit to the diag's fix (strings copied). */
void diag_add_edit(struct diag *self, const char *file, struct span span, const char *old, const char *text);
/* Drops every edit of the diag's fix (an edit could not be made: none is). */
void diag_clear_edits(struct diag *self);
/* Frees what one diag owns (its strings); the diag itself is the caller's. */
void diag_release(struct diag *self);
/* Moves every entry of `from` to the end of self; `from` is left empty. */
void diag_list_move(struct diag_list *self, struct diag_list *from);
/* Frees and removes every entry whose severity is SEV_OFF. */
void diag_list_drop_off(struct diag_list *self);
/* Sorts by file, line, column, rule; drops exact duplicates. */
void diag_list_sort(struct diag_list *self);
/* The same over entries [first, nr) only (one file's findings). */
void diag_list_sort_from(struct diag_list *self, size_t first);
/* Frees and removes every entry from index n on. */
void diag_list_truncate(struct diag_list *self, size_t n);
/* A hash of what makes two findings the same (file, span, rule, profile, message), to
 * drop a repeat found through another file (a -r include read by two files). */
uint64_t diag_hash(const struct diag *d);
size_t diag_list_count_at_least(const struct diag_list *self, enum severity sev);
void diag_list_release(struct diag_list *self);

#endif

/*
 * fix: `envlint check --diff` and `--fix`. Collects the edits the findings carry
 * (diag.h struct diag_edit: a fix that is an edit of the manifest), then prints them as
 * one unified diff per file against the files on disk, or applies them in place. Only
 * those bytes change: every other byte of a file (CRLF line ends included) stays; an
 * insertion (an empty span) may add lines, ended as the line it goes into ends. A fix
 * is all of its edits or none: one whose text on disk is no longer what the reader saw,
 * or that overlaps another fix's edit with other text (two fixes that disagree), is
 * dropped whole, and said on stderr. Owns copies of the edits; depends on diag and
 * source (files are read as the readers read them).
 */
#ifndef ENVLINT_FIX_H
#define ENVLINT_FIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

struct buf;

struct fix_edit {
	char *file;
	uint32_t start, end; /* bytes replaced */
	char *old, *text;
	size_t fix; /* which finding's fix it belongs to */
	bool dropped;
};

struct fix_set {
	struct fix_edit *items; /* util/vec.h */
	size_t nr, alloc;
	size_t nfixes; /* findings whose edits were collected */
};

#define FIX_SET_INIT          \
	{                     \
		NULL, 0, 0, 0 \
	}

/* Copies the edits of diags[0..n) (one fix per finding that has any). */
void fix_set_collect(struct fix_set *self, const struct diag *diags, size_t n);
/* Drops the fixes that cannot be applied as they are: stale text on disk, an edit that
 * overlaps another fix's with other text (both fixes go), a file that cannot be read.
 * Says why on `err`. Then a repeat of the same edit by several findings counts once. */
void fix_set_settle(struct fix_set *self, struct buf *err);
/* The unified diff (`diff -u` shape, a/ and b/ prefixes) of the settled edits. */
void fix_set_diff(const struct fix_set *self, struct buf *out);
/* Writes the settled edits into the files; false (said on err) when a file could not be
 * written. *nfiles, *nedits: what changed. */
bool fix_set_apply(const struct fix_set *self, size_t *nfiles, size_t *nedits, struct buf *err);
void fix_set_release(struct fix_set *self);

#endif

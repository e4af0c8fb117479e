#include "fix.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "source.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/vec.h"
#include "util/xalloc.h"

void fix_set_collect(struct fix_set *self, const struct diag *diags, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct diag *d = &diags[i];
		if (!d->nedits)
			continue;
		size_t id = self->nfixes++;
		for (size_t e = 0; e < d->nedits; e++) {
			const struct diag_edit *de = &d->edits[e];
			struct fix_edit fe = { xstrdup(de->file), de->span.start_byte, de->span.end_byte,
					       xstrdup(de->old), xstrdup(de->text), id, false };
			vec_push(self, fe);
		}
	}
}

static int edit_cmp(const void *pa, const void *pb)
{
	const struct fix_edit *a = pa, *b = pb;
	int c = strcmp(a->file, b->file);
	if (c)
		return c;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->end != b->end)
		return a->end < b->end ? -1 : 1;
	return strcmp(a->text, b->text);
}

static void drop_fix(struct fix_set *self, size_t fix)
{
	for (size_t i = 0; i < self->nr; i++)
		if (self->items[i].fix == fix)
			self->items[i].dropped = true;
}

/* The whole file as the readers load it (source.h: same limits, same refusals), or NULL
 * with why on `err` (NULL: not said). */
static char *slurp(const char *path, size_t *len, struct buf *err)
{
	struct arena arena;
	struct source src;
	struct diag_list diags = DIAG_LIST_INIT;
	char *text = NULL;
	arena_init(&arena);
	if (source_load(&src, path, &arena, &diags) == SOURCE_OK) {
		text = xmalloc(st_add(src.len, 1));
		memcpy(text, src.bytes, src.len + 1);
		*len = src.len;
	} else if (err) {
		buf_addf(err, "envlint: cannot fix '%s': %s\n", path, diags.nr ? diags.items[0].message : "unreadable");
	}
	diag_list_release(&diags);
	arena_release(&arena);
	return text;
}

/* Does the file on disk still read `old` where each edit goes? */
static void check_disk(struct fix_set *self, struct buf *err)
{
	for (size_t i = 0; i < self->nr;) {
		size_t j = i;
		while (j < self->nr && !strcmp(self->items[j].file, self->items[i].file))
			j++;
		size_t len = 0;
		char *text = slurp(self->items[i].file, &len, err);
		for (size_t k = i; k < j; k++) {
			struct fix_edit *e = &self->items[k];
			size_t n = strlen(e->old);
			if (!text || e->end > len || e->end < e->start || e->end - e->start != n ||
			    memcmp(text + e->start, e->old, n) || memchr(e->text, '\n', strlen(e->text)) ||
			    memchr(e->text, '\r', strlen(e->text))) {
				if (text)
					buf_addf(err, "envlint: not fixing '%s' at byte %u: the text there is not '%s'\n",
						 e->file, e->start, e->old);
				drop_fix(self, e->fix);
			}
		}
		free(text);
		i = j;
	}
}

void fix_set_settle(struct fix_set *self, struct buf *err)
{
	if (self->nr > 1)
		qsort(self->items, self->nr, sizeof(*self->items), edit_cmp);
	check_disk(self, err);
	/* Two fixes that disagree: an edit overlapping another's (or on the same span) with
	 * other text. Neither is applied. */
	for (size_t i = 0; i < self->nr; i++)
		for (size_t j = i + 1; j < self->nr; j++) {
			struct fix_edit *a = &self->items[i], *b = &self->items[j];
			if (strcmp(a->file, b->file) || b->start >= a->end)
				break;
			bool same = a->start == b->start && a->end == b->end && !strcmp(a->text, b->text);
			if (same || a->dropped || b->dropped)
				continue;
			buf_addf(err, "envlint: not fixing '%s' at byte %u: two fixes disagree ('%s' or '%s')\n", a->file,
				 a->start, a->text, b->text);
			drop_fix(self, a->fix);
			drop_fix(self, b->fix);
		}
	/* The same edit proposed by several findings (DRV101 and HW202, several targets). */
	size_t keep = 0;
	for (size_t i = 0; i < self->nr; i++) {
		struct fix_edit *e = &self->items[i];
		bool repeat = keep && !strcmp(self->items[keep - 1].file, e->file) &&
			      self->items[keep - 1].start == e->start && self->items[keep - 1].end == e->end &&
			      !strcmp(self->items[keep - 1].text, e->text);
		if (e->dropped || repeat) {
			free(e->file);
			free(e->old);
			free(e->text);
			continue;
		}
		self->items[keep++] = *e;
	}
	self->nr = keep;
}

/* The settled edits of one file (items[i..j)) applied to its text. */
static char *apply_one(const struct fix_set *self, size_t i, size_t j, const char *text, size_t len,
		       size_t *newlen)
{
	struct buf b = BUF_INIT;
	size_t at = 0;
	for (size_t k = i; k < j; k++) {
		const struct fix_edit *e = &self->items[k];
		buf_add(&b, text + at, e->start - at);
		buf_adds(&b, e->text);
		at = e->end;
	}
	buf_add(&b, text + at, len - at);
	return buf_detach(&b, newlen);
}

/* Line starts of a text: line k is [starts[k], starts[k+1]). */
static size_t *lines_of(const char *text, size_t len, size_t *nlines)
{
	size_t n = 0, *starts = xmalloc(st_mult(st_add(len, 2), sizeof(*starts)));
	starts[n++] = 0;
	for (size_t i = 0; i < len; i++)
		if (text[i] == '\n' && i + 1 < len)
			starts[n++] = i + 1;
	starts[n] = len;
	*nlines = len ? n : 0;
	return starts;
}

static void diff_line(struct buf *out, char mark, const char *text, size_t from, size_t to)
{
	buf_addch(out, mark);
	buf_add(out, text + from, to - from);
	if (to == from || text[to - 1] != '\n')
		buf_adds(out, "\n\\ No newline at end of file\n");
}

#define FIX_CONTEXT 3

static bool line_changed(const char *a, const size_t *la, const char *b, const size_t *lb, size_t k)
{
	return la[k + 1] - la[k] != lb[k + 1] - lb[k] || memcmp(a + la[k], b + lb[k], la[k + 1] - la[k]);
}

/* Edits never add or remove a line (fix_set_settle refuses text with line ends), so
 * line k of the old text is line k of the new one and hunks pair up line by line. */
static void diff_file(const char *path, const char *a, size_t alen, const char *b, size_t blen, struct buf *out)
{
	size_t na, nb;
	size_t *la = lines_of(a, alen, &na), *lb = lines_of(b, blen, &nb);
	if (na != nb) {
		free(la);
		free(lb);
		return;
	}
	buf_addf(out, "--- a/%s\n+++ b/%s\n", path, path);
	for (size_t k = 0; k < na;) {
		if (!line_changed(a, la, b, lb, k)) {
			k++;
			continue;
		}
		/* A hunk: from CONTEXT lines before, through changes no more than 2*CONTEXT apart. */
		size_t first = k > FIX_CONTEXT ? k - FIX_CONTEXT : 0, last = k, m = k;
		while (m < na && m <= last + 2 * FIX_CONTEXT) {
			if (line_changed(a, la, b, lb, m))
				last = m;
			m++;
		}
		size_t end = last + FIX_CONTEXT + 1 < na ? last + FIX_CONTEXT + 1 : na;
		/* GNU diff's shape: a count of one is left out. */
		char range[64];
		if (end - first == 1)
			snprintf(range, sizeof(range), "%zu", first + 1);
		else
			snprintf(range, sizeof(range), "%zu,%zu", first + 1, end - first);
		buf_addf(out, "@@ -%s +%s @@\n", range, range);
		/* A run of changed lines: its old lines, then its new ones (diff -u's shape). */
		for (size_t l = first; l < end;) {
			size_t r = l;
			while (r < end && line_changed(a, la, b, lb, r))
				r++;
			if (r == l) {
				diff_line(out, ' ', a, la[l], la[l + 1]);
				l++;
				continue;
			}
			for (size_t x = l; x < r; x++)
				diff_line(out, '-', a, la[x], la[x + 1]);
			for (size_t x = l; x < r; x++)
				diff_line(out, '+', b, lb[x], lb[x + 1]);
			l = r;
		}
		k = end;
	}
	free(la);
	free(lb);
}

void fix_set_diff(const struct fix_set *self, struct buf *out)
{
	for (size_t i = 0; i < self->nr;) {
		size_t j = i;
		while (j < self->nr && !strcmp(self->items[j].file, self->items[i].file))
			j++;
		size_t len, newlen;
		char *text = slurp(self->items[i].file, &len, NULL);
		if (text) {
			char *next = apply_one(self, i, j, text, len, &newlen);
			diff_file(self->items[i].file, text, len, next, newlen, out);
			free(next);
			free(text);
		}
		i = j;
	}
}

bool fix_set_apply(const struct fix_set *self, size_t *nfiles, size_t *nedits, struct buf *err)
{
	bool ok = true;
	*nfiles = *nedits = 0;
	for (size_t i = 0; i < self->nr;) {
		size_t j = i;
		while (j < self->nr && !strcmp(self->items[j].file, self->items[i].file))
			j++;
		size_t len, newlen;
		const char *path = self->items[i].file;
		char *text = slurp(path, &len, err);
		if (!text) {
			ok = false;
			i = j;
			continue;
		}
		char *next = apply_one(self, i, j, text, len, &newlen);
		FILE *f = fopen(path, "wb");
		bool wrote = f && fwrite(next, 1, newlen, f) == newlen;
		if (f && fclose(f))
			wrote = false;
		if (!wrote) {
			buf_addf(err, "envlint: cannot write '%s': %s\n", path, strerror(errno));
			ok = false;
		} else {
			(*nfiles)++;
			*nedits += j - i;
		}
		free(text);
		free(next);
		i = j;
	}
	return ok;
}

void fix_set_release(struct fix_set *self)
{
	for (size_t i = 0; i < self->nr; i++) {
		free(self->items[i].file);
		free(self->items[i].old);
		free(self->items[i].text);
	}
	free(self->items);
	self->items = NULL;
	self->nr = self->alloc = self->nfixes = 0;
}

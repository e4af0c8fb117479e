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
			struct fix_edit fe = { xstrdup(de->file),
					       de->span.start_byte,
					       de->span.end_byte,
					       xstrdup(de->old),
					       xstrdup(de->text),
					       id,
					       false };
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
		buf_addf(err, "envlint: cannot fix '%s': %s\n", path,
			 diags.nr ? diags.items[0].message : "unreadable");
	}
	diag_list_release(&diags);
	arena_release(&arena);
	return text;
}

/* An edit's text that adds a line ("--extra-index-url URL\n" before a pin) ends it as the
 * line it goes into ends: a CRLF file stays CRLF. */
static void line_end_like(struct fix_edit *e, const char *text, size_t len)
{
	const char *nl = memchr(text + e->start, '\n', len - e->start);
	if (!nl || nl == text || nl[-1] != '\r' || !strchr(e->text, '\n'))
		return;
	struct buf b = BUF_INIT;
	for (const char *c = e->text; *c; c++) {
		if (*c == '\n')
			buf_addch(&b, '\r');
		buf_addch(&b, *c);
	}
	free(e->text);
	e->text = buf_detach(&b, NULL);
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
			    memcmp(text + e->start, e->old, n) || memchr(e->text, '\r', strlen(e->text)) ||
			    (strchr(e->text, '\n') && n)) {
				if (text)
					buf_addf(
						err,
						"envlint: not fixing '%s' at byte %u: the text there is not '%s'\n",
						e->file, e->start, e->old);
				drop_fix(self, e->fix);
				continue;
			}
			line_end_like(e, text, len);
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
			buf_addf(err,
				 "envlint: not fixing '%s' at byte %u: two fixes disagree ('%s' or '%s')\n",
				 a->file, a->start, a->text, b->text);
			drop_fix(self, a->fix);
			drop_fix(self, b->fix);
		}
	/* The same edit proposed by several findings (DRV101 and HW202, several targets). */
	size_t keep = 0;
	for (size_t i = 0; i < self->nr; i++) {
		struct fix_edit *e = &self->items[i];
		bool repeat = keep && !strcmp(self->items[keep - 1].file, e->file) &&
			      self->items[keep - 1].start == e->start &&
			      self->items[keep - 1].end == e->end &&
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

/* The line of `byte`: the last k < n with starts[k] <= byte. */
static size_t line_of(const size_t *starts, size_t n, size_t byte)
{
	size_t lo = 0, hi = n;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (starts[mid] <= byte)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* Old lines [lo, hi) that edits change, and the new lines [nlo, nhi) they become. */
struct chunk {
	size_t lo, hi, nlo, nhi;
};

/* The chunks of the settled edits items[i..j) of one file: the lines each edit touches
 * (an insertion, the line it goes into), runs of touched lines merged. An edit may add
 * lines (fix_set_settle lets an insertion hold line ends), so the new side is found by
 * the bytes the edits added before each run. */
static struct chunk *chunks_of(const struct fix_set *self, size_t i, size_t j, const size_t *la, size_t na,
			       const size_t *lb, size_t nb, size_t blen, size_t *nchunks)
{
	struct chunk *c = xmalloc(st_mult(j - i, sizeof(*c)));
	size_t n = 0;
	long long delta = 0, before = 0; /* bytes added by the edits so far; before the run */
	for (size_t k = i; k < j; k++) {
		const struct fix_edit *e = &self->items[k];
		size_t lo = line_of(la, na, e->start);
		size_t hi = line_of(la, na, e->end > e->start ? e->end - 1 : e->start) + 1;
		if (!n || lo > c[n - 1].hi) {
			c[n++] = (struct chunk){ lo, hi, 0, 0 };
			before = delta;
			c[n - 1].nlo = line_of(lb, nb, (size_t)((long long)la[lo] + before));
		} else if (hi > c[n - 1].hi) {
			c[n - 1].hi = hi;
		}
		delta += (long long)strlen(e->text) - (long long)(e->end - e->start);
		size_t nend = (size_t)((long long)la[c[n - 1].hi] + delta);
		c[n - 1].nhi = nend >= blen ? nb : line_of(lb, nb, nend);
	}
	*nchunks = n;
	return c;
}

static void hunk_range(struct buf *out, char mark, size_t first, size_t count)
{
	/* GNU diff's shape: a count of one is left out. */
	if (count == 1)
		buf_addf(out, "%c%zu", mark, first + 1);
	else
		buf_addf(out, "%c%zu,%zu", mark, count ? first + 1 : first, count);
}

static void diff_file(const struct fix_set *self, size_t i, size_t j, const char *path, const char *a,
		      size_t alen, const char *b, size_t blen, struct buf *out)
{
	size_t na, nb, nc;
	size_t *la = lines_of(a, alen, &na), *lb = lines_of(b, blen, &nb);
	struct chunk *c = na ? chunks_of(self, i, j, la, na, lb, nb, blen, &nc) : NULL;
	if (!c) {
		free(la);
		free(lb);
		return;
	}
	buf_addf(out, "--- a/%s\n+++ b/%s\n", path, path);
	for (size_t h = 0; h < nc;) {
		/* A hunk: from CONTEXT lines before, through runs no more than 2*CONTEXT apart. */
		size_t last = h;
		while (last + 1 < nc && c[last + 1].lo <= c[last].hi - 1 + 2 * FIX_CONTEXT)
			last++;
		size_t first = c[h].lo > FIX_CONTEXT ? c[h].lo - FIX_CONTEXT : 0;
		size_t end = c[last].hi + FIX_CONTEXT < na ? c[last].hi + FIX_CONTEXT : na;
		size_t nfirst = first + c[h].nlo - c[h].lo, nend = end + c[last].nhi - c[last].hi;
		buf_adds(out, "@@ ");
		hunk_range(out, '-', first, end - first);
		buf_addch(out, ' ');
		hunk_range(out, '+', nfirst, nend - nfirst);
		buf_adds(out, " @@\n");
		/* Each run: its old lines, then its new ones (diff -u's shape). */
		size_t l = first;
		for (size_t k = h; k <= last; k++) {
			for (; l < c[k].lo; l++)
				diff_line(out, ' ', a, la[l], la[l + 1]);
			for (size_t x = c[k].lo; x < c[k].hi; x++)
				diff_line(out, '-', a, la[x], la[x + 1]);
			for (size_t x = c[k].nlo; x < c[k].nhi; x++)
				diff_line(out, '+', b, lb[x], lb[x + 1]);
			l = c[k].hi;
		}
		for (; l < end; l++)
			diff_line(out, ' ', a, la[l], la[l + 1]);
		h = last + 1;
	}
	free(c);
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
			diff_file(self, i, j, self->items[i].file, text, len, next, newlen, out);
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

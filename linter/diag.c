#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/vec.h"
#include "util/xalloc.h"

static char *vformat(const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return xstrdup("");
	char *s = xmalloc((size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

struct diag *diag_add(struct diag_list *self, enum rule_id rule, const char *file, struct span span,
		      const char *help, const char *fmt, ...)
{
	vec_grow(self, st_add(self->nr, 1));
	struct diag *d = &self->items[self->nr++];
	memset(d, 0, sizeof(*d));
	d->rule = rule;
	d->severity = rule_info(rule)->severity;
	d->file = file ? xstrdup(file) : NULL;
	d->span = span;
	d->help = help ? xstrdup(help) : NULL;
	va_list ap;
	va_start(ap, fmt);
	d->message = vformat(fmt, ap);
	va_end(ap);
	return d;
}

void diag_append_message(struct diag *self, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *more = vformat(fmt, ap);
	va_end(ap);
	size_t a = strlen(self->message), b = strlen(more);
	self->message = xrealloc(self->message, st_add(st_add(a, b), 1));
	memcpy(self->message + a, more, b + 1);
	free(more);
}

void diag_set_help(struct diag *self, const char *fmt, ...)
{
	free(self->help);
	va_list ap;
	va_start(ap, fmt);
	self->help = vformat(fmt, ap);
	va_end(ap);
}

void diag_set_source(struct diag *self, const char *source, bool secondary)
{
	free(self->source);
	self->source = source ? xstrdup(source) : NULL;
	self->source_secondary = source && secondary;
}

void diag_add_edit(struct diag *self, const char *file, struct span span, const char *old, const char *text)
{
	self->edits = xrealloc(self->edits, st_mult(st_add(self->nedits, 1), sizeof(*self->edits)));
	struct diag_edit *e = &self->edits[self->nedits++];
	e->file = xstrdup(file);
	e->span = span;
	e->old = xstrdup(old);
	e->text = xstrdup(text);
}

void diag_clear_edits(struct diag *self)
{
	for (size_t i = 0; i < self->nedits; i++) {
		free(self->edits[i].file);
		free(self->edits[i].old);
		free(self->edits[i].text);
	}
	free(self->edits);
	self->edits = NULL;
	self->nedits = 0;
}

void diag_list_move(struct diag_list *self, struct diag_list *from)
{
	for (size_t i = 0; i < from->nr; i++)
		vec_push(self, from->items[i]);
	vec_release(from);
}

static int strcmp_null(const char *a, const char *b)
{
	if (!a || !b)
		return a ? 1 : b ? -1 : 0;
	return strcmp(a, b);
}

static int diag_cmp(const void *pa, const void *pb)
{
	const struct diag *a = pa, *b = pb;
	int c = strcmp_null(a->file, b->file);
	if (c)
		return c;
	c = span_cmp(a->span, b->span);
	if (c)
		return c;
	if (a->rule != b->rule)
		return a->rule < b->rule ? -1 : 1;
	c = strcmp_null(a->profile, b->profile);
	if (c)
		return c;
	return strcmp(a->message, b->message);
}

void diag_release(struct diag *d)
{
	free(d->file);
	free(d->message);
	free(d->help);
	free(d->source);
	free(d->snippet);
	free(d->also_file);
	diag_clear_edits(d);
}

void diag_list_sort(struct diag_list *self)
{
	diag_list_sort_from(self, 0);
}

void diag_list_sort_from(struct diag_list *self, size_t first)
{
	if (self->nr < first + 2)
		return;
	qsort(self->items + first, self->nr - first, sizeof(*self->items), diag_cmp);
	size_t out = first + 1;
	for (size_t i = first + 1; i < self->nr; i++) {
		if (diag_cmp(&self->items[out - 1], &self->items[i]) == 0) {
			diag_release(&self->items[i]);
			continue;
		}
		self->items[out++] = self->items[i];
	}
	self->nr = out;
}

void diag_list_drop_off(struct diag_list *self)
{
	size_t keep = 0;
	for (size_t i = 0; i < self->nr; i++) {
		if (self->items[i].severity == SEV_OFF) {
			diag_release(&self->items[i]);
			continue;
		}
		self->items[keep++] = self->items[i];
	}
	self->nr = keep;
}

size_t diag_list_count_at_least(const struct diag_list *self, enum severity sev)
{
	size_t n = 0;
	for (size_t i = 0; i < self->nr; i++)
		if (self->items[i].severity != SEV_OFF && self->items[i].severity >= sev)
			n++;
	return n;
}

void diag_list_release(struct diag_list *self)
{
	for (size_t i = 0; i < self->nr; i++)
		diag_release(&self->items[i]);
	free(self->items);
	self->items = NULL;
	self->nr = self->alloc = 0;
}

void diag_list_truncate(struct diag_list *self, size_t n)
{
	for (size_t i = n; i < self->nr; i++)
		diag_release(&self->items[i]);
	if (n < self->nr)
		self->nr = n;
}

uint64_t diag_hash(const struct diag *d)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	const char *parts[3] = { d->file, d->profile, d->message };
	for (size_t p = 0; p < 3; p++) {
		for (const char *c = parts[p]; c && *c; c++)
			h = (h ^ (unsigned char)*c) * 0x100000001b3ULL;
		h = (h ^ 0xff) * 0x100000001b3ULL;
	}
	uint32_t nums[5] = { d->span.line, d->span.column, d->span.end_line, d->span.end_column,
			     (uint32_t)d->rule };
	for (size_t i = 0; i < 5; i++)
		h = (h ^ nums[i]) * 0x100000001b3ULL;
	return h;
}

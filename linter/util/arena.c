#include "arena.h"

#include <stdarg.h>
#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* Chunks grow with demand: small files stay in one 16 KiB chunk, big ones do not
 * pay for thousands of small chunks. */
static const size_t ARENA_MIN_CHUNK = 16 * 1024;

struct arena_chunk {
	struct arena_chunk *next;
	size_t size;
	alignas(max_align_t) unsigned char data[];
};

void arena_init(struct arena *self)
{
	self->head = NULL;
	self->used = 0;
	self->total = 0;
}

void *arena_alloc(struct arena *self, size_t size)
{
	const size_t align = alignof(max_align_t);
	size_t need = st_add(size, align - 1) & ~(align - 1);
	if (!need)
		need = align;
	if (!self->head || self->head->size - self->used < need) {
		size_t chunk = ARENA_MIN_CHUNK;
		if (self->head && self->head->size * 2 > chunk)
			chunk = self->head->size * 2;
		if (chunk < need)
			chunk = need;
		struct arena_chunk *c = xmalloc(st_add(sizeof(*c), chunk));
		c->next = self->head;
		c->size = chunk;
		self->head = c;
		self->used = 0;
	}
	void *p = self->head->data + self->used;
	self->used += need;
	self->total += need;
	memset(p, 0, need);
	return p;
}

char *arena_strndup(struct arena *self, const char *s, size_t n)
{
	char *p = arena_alloc(self, st_add(n, 1));
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *self, const char *s)
{
	return arena_strndup(self, s, strlen(s));
}

char *arena_printf(struct arena *self, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return arena_strdup(self, "");
	char *p = arena_alloc(self, st_add((size_t)n, 1));
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void arena_release(struct arena *self)
{
	struct arena_chunk *c = self->head;
	while (c) {
		struct arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	arena_init(self);
}

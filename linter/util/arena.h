/*
 * arena: a bump allocator. Each linted file gets one; the source bytes, pins and every
 * string a reader copies out of libyaml or tree-sitter live in it and are freed in one
 * arena_release. Memory from an arena is never freed piecemeal. Depends only on xalloc.
 */
#ifndef ENVLINT_UTIL_ARENA_H
#define ENVLINT_UTIL_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head;
	size_t used;  /* bytes used in head */
	size_t total; /* bytes handed out, all chunks */
};

#define ARENA_INIT         \
	{                  \
		NULL, 0, 0 \
	}

void arena_init(struct arena *self);
/* Zeroed memory aligned for any type, valid until arena_release. */
void *arena_alloc(struct arena *self, size_t size);
/* NUL-terminated copies, valid until arena_release. */
char *arena_strdup(struct arena *self, const char *s);
char *arena_strndup(struct arena *self, const char *s, size_t n);
/* printf into the arena. */
char *arena_printf(struct arena *self, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void arena_release(struct arena *self);

#endif

/*
 * buf: a growable string (git's strbuf). Invariants: `buf` is never NULL and always
 * NUL-terminated; ownership leaves only through buf_detach. A buf has a size cap
 * (curl's dynbuf `toobig`): an append past it is refused and sets `overflow`, so a
 * hostile input cannot grow one without bound. Must not call higher-level modules.
 */
#ifndef ENVLINT_UTIL_BUF_H
#define ENVLINT_UTIL_BUF_H

#include <stdbool.h>
#include <stddef.h>

/* Default cap for output and message buffers. */
#define BUF_DEFAULT_CAP ((size_t)64 * 1024 * 1024)

struct buf {
	char *buf;
	size_t len;
	size_t alloc;
	size_t cap;
	bool overflow;
};

extern char buf_slopbuf[];
#define BUF_INIT                                          \
	{                                                 \
		buf_slopbuf, 0, 0, BUF_DEFAULT_CAP, false \
	}

void buf_init(struct buf *self, size_t cap);
void buf_release(struct buf *self);
void buf_reset(struct buf *self);
/* The caller owns the returned string (free()); self is left empty and valid. */
char *buf_detach(struct buf *self, size_t *len);

/* Appends; each returns false (and sets overflow) when the cap would be passed. */
bool buf_add(struct buf *self, const char *data, size_t len);
bool buf_adds(struct buf *self, const char *s);
bool buf_addch(struct buf *self, char c);
bool buf_addf(struct buf *self, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif

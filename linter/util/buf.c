#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

char buf_slopbuf[1];

void buf_init(struct buf *self, size_t cap)
{
	self->buf = buf_slopbuf;
	self->len = 0;
	self->alloc = 0;
	self->cap = cap ? cap : BUF_DEFAULT_CAP;
	self->overflow = false;
}

void buf_release(struct buf *self)
{
	if (self->alloc)
		free(self->buf);
	buf_init(self, self->cap);
}

void buf_reset(struct buf *self)
{
	self->len = 0;
	if (self->alloc)
		self->buf[0] = '\0';
}

char *buf_detach(struct buf *self, size_t *len)
{
	char *s = self->alloc ? self->buf : xstrdup("");
	if (len)
		*len = self->len;
	buf_init(self, self->cap);
	return s;
}

static bool grow(struct buf *self, size_t extra)
{
	size_t want = st_add(st_add(self->len, extra), 1);
	if (want - 1 > self->cap) {
		self->overflow = true;
		return false;
	}
	if (want <= self->alloc)
		return true;
	size_t n = self->alloc ? self->alloc : 64;
	while (n < want)
		n = st_mult(n, 2);
	if (self->alloc) {
		self->buf = xrealloc(self->buf, n);
	} else {
		self->buf = xmalloc(n);
		self->buf[0] = '\0';
	}
	self->alloc = n;
	return true;
}

bool buf_add(struct buf *self, const char *data, size_t len)
{
	if (!grow(self, len))
		return false;
	if (len)
		memcpy(self->buf + self->len, data, len);
	self->len += len;
	self->buf[self->len] = '\0';
	return true;
}

bool buf_adds(struct buf *self, const char *s)
{
	return buf_add(self, s, strlen(s));
}

bool buf_addch(struct buf *self, char c)
{
	return buf_add(self, &c, 1);
}

bool buf_addf(struct buf *self, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !grow(self, (size_t)n))
		return false;
	va_start(ap, fmt);
	vsnprintf(self->buf + self->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	self->len += (size_t)n;
	return true;
}

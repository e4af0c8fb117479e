/*
 * xalloc: the only place that handles running out of memory (cmark's model).
 * Every allocation in envlint goes through these; on failure they print one line
 * to stderr and abort, so callers never check for NULL. Size sums and products use
 * st_add/st_mult, which abort on size_t overflow instead of wrapping (git's model).
 */
#ifndef ENVLINT_UTIL_XALLOC_H
#define ENVLINT_UTIL_XALLOC_H

#include <stddef.h>
#include <stdint.h>

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
/* Copies of a string; the caller frees with free(). */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Prints the overflow (op '+' or '*') and aborts; st_add/st_mult's slow path. */
_Noreturn void st_overflow(size_t a, char op, size_t b);

/* Inline: every vec_push and buffer append checks a sum, and a call per byte cost
 * more than the check (profile of the 10x bench set). */
static inline size_t st_add(size_t a, size_t b)
{
	if (a > SIZE_MAX - b)
		st_overflow(a, '+', b);
	return a + b;
}

static inline size_t st_mult(size_t a, size_t b)
{
	if (b && a > SIZE_MAX / b)
		st_overflow(a, '*', b);
	return a * b;
}

#endif

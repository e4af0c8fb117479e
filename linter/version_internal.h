/*
 * version_internal: what linter/version.c (versions: parsing, ordering, formatting)
 * and linter/version_spec.c (specifiers: parsing, matching, filtering) share, and
 * nothing else sees: the bounded text cursor both parsers walk, its character
 * helpers, and the release comparison the exclusive < and > clauses need.
 * Pure helpers on caller-owned values; no I/O, no allocation, no global state.
 */
#ifndef ENVLINT_VERSION_INTERNAL_H
#define ENVLINT_VERSION_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "version.h"

/* ------------------------------------------------------------------------- */
/* Character and cursor helpers */

struct cursor {
	const char *p;
	const char *end;
};

static inline bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static inline char to_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static inline bool is_alnum(char c)
{
	char l = to_lower(c);
	return is_digit(c) || (l >= 'a' && l <= 'z');
}

static inline bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static inline bool cur_more(const struct cursor *c)
{
	return c->p < c->end;
}

static inline bool cur_at_digit(const struct cursor *c)
{
	return c->p < c->end && is_digit(*c->p);
}

/* A cursor over text[0..len) without surrounding whitespace. NULL text is only
 * accepted with len 0. */
static inline bool cur_init(struct cursor *c, const char *text, size_t len)
{
	if (!text) {
		c->p = c->end = "";
		return len == 0;
	}
	c->p = text;
	c->end = text + len;
	while (c->p < c->end && is_space(*c->p))
		c->p++;
	while (c->end > c->p && is_space(c->end[-1]))
		c->end--;
	return true;
}

/* Case-insensitive: consumes `word` if the text continues with it. */
static inline bool take_word(struct cursor *c, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(c->end - c->p) < n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (to_lower(c->p[i]) != word[i])
			return false;
	c->p += n;
	return true;
}

/* Same epoch and release (trailing zeros ignored), whatever follows: what "the same
 * version" means to the exclusive < and > clauses. */
bool version_same_base(const struct version *a, const struct version *b);

#endif

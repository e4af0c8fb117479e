/*
 * matchspec: a conda MatchSpec string split into its parts, for every reader that meets
 * one (environment.yml dependencies, `conda install` arguments in a RUN body). It owns
 * nothing: the parts are byte ranges into the caller's text, which it never copies.
 * It records no pins and no diagnostics, and must not depend on pins, the KB, libyaml
 * or any reader; readers decide what the parts mean.
 */
#ifndef ENVLINT_READERS_MATCHSPEC_H
#define ENVLINT_READERS_MATCHSPEC_H

#include <stdbool.h>
#include <stddef.h>

/* Bytes [b, e) of the parsed text; `set` is false when the part is absent. */
struct matchspec_range {
	size_t b, e;
	bool set;
};

struct matchspec {
	struct matchspec_range item; /* the whole spec, trimmed, comment left out */
	struct matchspec_range name;
	struct matchspec_range version; /* may be set and empty (`version=''`) */
	struct matchspec_range build;
	struct matchspec_range channel; /* `channel::name` or `[channel=...]` */
	bool url;                       /* an explicit package URL */
};

/* Splits text[0, len) into *self (grammar at the top of matchspec.c). Returns false,
 * with *self zeroed or partly set, when there is no package name in it (blank, a
 * comment, a NUL byte, a URL that names no package file). */
bool matchspec_parse(struct matchspec *self, const char *text, size_t len);

/* Whether text[b, e) holds only characters a conda version spec can hold (digits,
 * letters, `.*,|<>=!~_+-` and spaces); anything else cannot be a version. */
bool matchspec_version_chars_ok(const char *text, size_t b, size_t e);

/* Trims conda's blanks (space, \t \r \n \f \v) from both ends of text[*b, *e). */
void matchspec_trim(const char *text, size_t *b, size_t *e);

/* Whether c is one of conda's blanks (see matchspec_trim). */
bool matchspec_is_space(char c);

#endif

/*
 * requirements_internal: what the requirements reader's files share (private to
 * linter/readers/requirements*.c):
 *   requirements.c          line grammar (at its top), positions, diagnostics, pins,
 *                           options, reading a file, words mode, entry points
 *   requirements_pep508.c   one PEP 508 requirement; the requirement part of a line
 *   requirements_url.c      direct references: URLs, paths, wheel file names, #egg=
 *   requirements_include.c  -r / -c: resolution, cycle and limit checks
 * Offsets `a`, `b` are byte indices into a struct text; spans come from req_span().
 */
#ifndef ENVLINT_READERS_REQUIREMENTS_INTERNAL_H
#define ENVLINT_READERS_REQUIREMENTS_INTERNAL_H

#include <stdbool.h>
#include "input_limits.h"
#include <stddef.h>
#include <stdint.h>

#include "pin.h"
#include "readers.h"

/* A run of logical text that was copied from source bytes [src, src + len). */
struct seg {
	size_t at;
	size_t src;
	size_t len;
};

/* Text to parse plus the way back to the source. No segs: every span is `whole` (a word
 * that was quoted or expanded, so its bytes are not the file's). */
struct text {
	const char *s;
	size_t len;
	const struct seg *segs; /* sorted by `at`, none empty */
	size_t nsegs;
	struct span whole;
	struct span via; /* from the word; line 0: none */
	bool unresolved; /* the word held a variable its reader could not resolve */
	bool bare;       /* the word as written is its text (struct word) */
};

/* Bytes [a, b) of a text. */
struct tok {
	const struct text *t;
	size_t a, b;
};

struct tok_vec {
	struct tok *items;
	size_t nr, alloc;
};

struct state {
	struct read_ctx *ctx;
	const struct source *src;       /* the file being read; changes inside an include */
	const char *base_dir;           /* where relative -r/-c paths resolve */
	const struct source *words_src; /* the file of the words being read, or NULL */
	enum pin_text words_text;       /* what holds those words (pins of includes: a line) */
	uint32_t scope;
	enum pin_eco eco;
	size_t npins;                          /* pins added in this walk, includes counted */
	bool full;                             /* READER_MAX_PINS reached: stop reading */
	struct file_id done[REQ_MAX_INCLUDES]; /* files already included */
	unsigned ndone;
	/* The top-level file, while its include_stack entry (at lazy_slot) still waits for
	 * its identity: it is asked only when the file includes another. */
	const char *lazy_path;
	unsigned lazy_slot;
};

/* ------------------------------------------------------------------ characters */

static inline bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static inline bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static inline bool is_alnum(char c)
{
	return is_alpha(c) || is_digit(c);
}

static inline char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static inline bool has_prefix_ci(const char *s, size_t a, size_t b, const char *pre)
{
	size_t n = strlen(pre);
	if (b - a < n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (lower(s[a + i]) != pre[i])
			return false;
	return true;
}

static inline bool has_suffix_ci(const char *s, size_t a, size_t b, const char *suf)
{
	size_t n = strlen(suf);
	return b - a >= n && has_prefix_ci(s, b - n, b, suf);
}

static inline size_t skip_ws(const char *s, size_t p, size_t b)
{
	while (p < b && is_ws(s[p]))
		p++;
	return p;
}

static inline void trim(const char *s, size_t *a, size_t *b)
{
	*a = skip_ws(s, *a, *b);
	while (*b > *a && is_ws(s[*b - 1]))
		(*b)--;
}

/* --- requirements.c --- */

/* The span of t[a, b): exact through t's segs, or t->whole when it has none. */
struct span req_span(const struct state *st, const struct text *t, size_t a, size_t b);
struct span req_tok_span(const struct state *st, const struct tok *k);
/* t[a, b) as a NUL-terminated arena string. */
char *req_dup(const struct state *st, const struct text *t, size_t a, size_t b);
/* EL003 for the requirement k, saying why (nothing when its word was unresolved). */
void req_bad_requirement(struct state *st, const struct tok *k, const char *why);
/* EL004 for the first `${NAME}` in t[a, b), naming `what`; true if there was one. */
bool req_report_var(struct state *st, const struct text *t, size_t a, size_t b, const char *what);
/* Whether a pin for package `name` (normalized) is worth recording. */
bool req_worth_keeping(const char *name);
/* The PEP 503-normalized name t[a, b), in the arena. */
char *req_normalized_name(const struct state *st, const struct text *t, size_t a, size_t b);
/* Records p (eco, scope, file and via filled in here) unless READER_MAX_PINS is reached. */
void req_add_pin(struct state *st, const struct text *t, struct pin *p);
/* v without one pair of surrounding quotes. */
struct tok req_unquote(struct tok v);
/* Reads st->src line by line. */
void req_read_lines(struct state *st);

/* --- requirements_pep508.c --- */

/* Moves *pp past a PEP 508 name at s[*pp, b); false (and *pp unchanged) if none. */
bool req_scan_name(const char *s, size_t *pp, size_t b);
/* A requirement followed by its per-requirement options, which are ignored. */
void req_requirement_line(struct state *st, const struct tok *line);

/* --- requirements_url.c --- */

/* PEP 427: {name}-{version}(-{build})?-{python}-{abi}-{platform}.whl; no field holds '-'. */
struct wheel {
	size_t name_a, name_b;
	size_t ver_a, ver_b;
};

/* 1: s[a, b) names a wheel, fields in *w; 0: not a wheel; -1: a .whl with a bad name. */
int req_wheel_parse(const char *s, size_t a, size_t b, struct wheel *w);
/* Sets p's spec ("==" + the URL-decoded version), variant and span from wheel w. */
void req_wheel_version(struct state *st, const struct text *t, const struct wheel *w, struct pin *p);
/* `scheme://...` or `file:...`. */
bool req_looks_like_url(const char *s, size_t a, size_t b);
/* What pip takes for a path (req_constructors.py _looks_like_path). */
bool req_looks_like_path(const char *s, size_t a, size_t b);
/* A URL or path requirement: a pin when a wheel name or #egg= names the package. */
void req_url_requirement(struct state *st, const struct tok *k);

/* --- requirements_include.c --- */

/* The directory part of path ("." when there is none), in the arena. */
/* `-r`/`-c` value: reads the named file into st's pins, or says why not. */
void req_include_file(struct state *st, const struct tok *value);
/* Reads st->src, whose canonical path is `canon`, with it on the include stack. */
void req_read_file(struct state *st, struct file_id id);

#endif

/*
 * matchspec.c: conda MatchSpec strings (conda/models/match_spec.py), split the way
 * conda splits them, into byte ranges of the text; no copies, no allocation.
 *
 *   matchspec  := [channel "::"] name [version [build]] ["[" key "=" value {"," ...} "]"]
 *               | URL of a package file (".../name-version-build.tar.bz2|.conda")
 *   version    := text after the name, up to the build separator: the first space, or the
 *                 first '=' that does not follow an operator character (=!<>~,|), so
 *                 "=2.1", "==2.1.0=*cuda*", ">=2.0,<2.2" and "2.1.0 py3.10_0" all split
 *                 the way conda's MatchSpec does
 *   bracket    := version='...', build=..., channel=... (quotes optional); they win over
 *                 the text outside the brackets, as in conda
 *
 * A '#' at the start or after a blank starts a comment, as in conda's spec strings.
 */
#include "matchspec.h"

#include <ctype.h>
#include <string.h>

bool matchspec_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

/* Characters that may end a version operator ("==", ">=", "!=", "~=", ",", "|"): an '='
 * or a space right after one is part of the version, not the build separator. */
static bool is_op_char(char c)
{
	return c != '\0' && strchr("=!<>~,|", c) != NULL;
}

static bool span_text_eq(const char *a, size_t alen, const char *lit)
{
	size_t n = strlen(lit);
	return alen == n && memcmp(a, lit, n) == 0;
}

static struct matchspec_range range_of(size_t b, size_t e)
{
	struct matchspec_range r = { b, e, true };
	return r;
}

void matchspec_trim(const char *t, size_t *b, size_t *e)
{
	while (*b < *e && matchspec_is_space(t[*b]))
		(*b)++;
	while (*e > *b && matchspec_is_space(t[*e - 1]))
		(*e)--;
}

static bool has_suffix(const char *t, size_t b, size_t e, const char *suffix)
{
	size_t n = strlen(suffix);
	return e - b >= n && memcmp(t + e - n, suffix, n) == 0;
}

/* ".../pytorch-2.1.0-py3.10_cuda12.1_0.tar.bz2#md5": name, version and build from the
 * file name, split from the right as conda does for package files. */
static bool parse_package_url(const char *t, size_t b, size_t e, struct matchspec *ms)
{
	const char *hash = memchr(t + b, '#', e - b);
	if (hash)
		e = (size_t)(hash - t);
	size_t fb = b;
	for (size_t i = b; i < e; i++)
		if (t[i] == '/')
			fb = i + 1;
	size_t fe = e;
	if (has_suffix(t, fb, fe, ".tar.bz2"))
		fe -= 8;
	else if (has_suffix(t, fb, fe, ".conda"))
		fe -= 6;
	else
		return false;
	size_t dash2 = 0, dash1 = 0;
	for (size_t i = fe; i > fb; i--) {
		if (t[i - 1] != '-')
			continue;
		if (!dash2)
			dash2 = i - 1;
		else {
			dash1 = i - 1;
			break;
		}
	}
	if (!dash1 || dash1 == fb)
		return false;
	ms->url = true;
	ms->name = range_of(fb, dash1);
	ms->version = range_of(dash1 + 1, dash2);
	ms->build = range_of(dash2 + 1, fe);
	return true;
}

/* One key=value of a bracket; values may be quoted and then hold commas. */
static size_t parse_bracket_pair(const char *t, size_t p, size_t q, struct matchspec *ms)
{
	size_t kb = p;
	while (p < q && t[p] != '=' && t[p] != ',')
		p++;
	size_t ke = p;
	matchspec_trim(t, &kb, &ke);
	if (p >= q || t[p] != '=')
		return p;
	p++;
	while (p < q && matchspec_is_space(t[p]))
		p++;
	size_t vb, ve;
	if (p < q && (t[p] == '\'' || t[p] == '"')) {
		char quote = t[p++];
		vb = p;
		while (p < q && t[p] != quote)
			p++;
		ve = p;
		if (p < q)
			p++;
	} else {
		vb = p;
		while (p < q && t[p] != ',')
			p++;
		ve = p;
		matchspec_trim(t, &vb, &ve);
	}
	const char *key = t + kb;
	size_t klen = ke - kb;
	if (span_text_eq(key, klen, "version"))
		ms->version = range_of(vb, ve);
	else if (span_text_eq(key, klen, "build"))
		ms->build = range_of(vb, ve);
	else if (span_text_eq(key, klen, "channel"))
		ms->channel = range_of(vb, ve);
	return p;
}

static void parse_bracket(const char *t, size_t p, size_t q, struct matchspec *ms)
{
	while (p < q) {
		while (p < q && (matchspec_is_space(t[p]) || t[p] == ','))
			p++;
		if (p < q)
			p = parse_bracket_pair(t, p, q, ms);
	}
}

/* The version and build after the name: "=2.1", "==2.1.0=*cuda*", " 2.1.0 py310_0". */
static void parse_version_build(const char *t, size_t i, size_t e, struct matchspec *ms)
{
	while (i < e && matchspec_is_space(t[i]))
		i++;
	if (i == e)
		return;
	size_t vb = i, k = i + 1;
	while (k < e) {
		bool sep = matchspec_is_space(t[k]) || t[k] == '=';
		if (sep && !is_op_char(t[k - 1]) && !matchspec_is_space(t[k - 1]))
			break;
		k++;
	}
	size_t ve = k;
	matchspec_trim(t, &vb, &ve);
	if (vb < ve)
		ms->version = range_of(vb, ve);
	if (k >= e)
		return;
	size_t bb = k + 1;
	while (bb < e && (matchspec_is_space(t[bb]) || t[bb] == '='))
		bb++;
	size_t be = bb;
	while (be < e && !matchspec_is_space(t[be]))
		be++;
	if (bb < be)
		ms->build = range_of(bb, be);
}

bool matchspec_parse(struct matchspec *self, const char *t, size_t len)
{
	memset(self, 0, sizeof(*self));
	if (memchr(t, '\0', len))
		return false;
	size_t b = 0, e = len;
	matchspec_trim(t, &b, &e);
	/* A '#' after a blank starts a comment. */
	for (size_t i = b; i < e; i++) {
		if (t[i] == '#' && (i == b || matchspec_is_space(t[i - 1]))) {
			e = i;
			break;
		}
	}
	matchspec_trim(t, &b, &e);
	if (b == e)
		return false;
	self->item = range_of(b, e);
	for (size_t i = b; i + 2 < e; i++)
		if (t[i] == ':' && t[i + 1] == '/' && t[i + 2] == '/')
			return parse_package_url(t, b, e, self);
	struct matchspec bracket;
	memset(&bracket, 0, sizeof(bracket));
	if (t[e - 1] == ']') {
		const char *lb = memchr(t + b, '[', e - b);
		if (lb) {
			parse_bracket(t, (size_t)(lb - t) + 1, e - 1, &bracket);
			e = (size_t)(lb - t);
			matchspec_trim(t, &b, &e);
		}
	}
	for (size_t i = b; i + 1 < e; i++) {
		if (t[i] == ':' && t[i + 1] == ':') {
			self->channel = range_of(b, i);
			b = i + 2;
			break;
		}
	}
	size_t i = b;
	while (i < e && !matchspec_is_space(t[i]) && !strchr("=<>!~[", t[i]))
		i++;
	if (i == b)
		return false;
	self->name = range_of(b, i);
	parse_version_build(t, i, e, self);
	if (bracket.version.set)
		self->version = bracket.version;
	if (bracket.build.set)
		self->build = bracket.build;
	if (bracket.channel.set)
		self->channel = bracket.channel;
	return true;
}

bool matchspec_version_chars_ok(const char *t, size_t b, size_t e)
{
	for (size_t i = b; i < e; i++) {
		unsigned char c = (unsigned char)t[i];
		if (!isalnum(c) && !strchr(".*,|<>=!~_+ -", c))
			return false;
	}
	return true;
}

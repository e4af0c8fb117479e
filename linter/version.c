/*
 * version: PEP 440, conda, NVIDIA driver and CUDA version numbers and specifiers.
 *
 * Version grammar (PEP 440, "Appendix B: Parsing version strings with regular
 * expressions"; case-insensitive; leading and trailing whitespace ignored; S = [-_.]):
 *
 *   version := [v] [N "!"] N ("." N)*                       epoch, release
 *              [S? ("alpha"|"a"|"beta"|"b"|"preview"|"pre"|"c"|"rc") S? N?]
 *              ["-" N | S? ("post"|"rev"|"r") S? N?]       implicit post "1.0-1"
 *              [S? "dev" S? N?]
 *              ["+" L (S L)*]                               L := [a-z0-9]+
 *
 * An omitted pre/post/dev number is 0 ("Implicit ... number"). Every N must fit in
 * 32 bits; longer numbers are refused rather than wrapped. The regex backtracks in
 * one place that matters: a separator after a label is only part of the label when a
 * number follows ("1.0a.dev1" is 1.0a0.dev1), which take_opt_number() mirrors.
 *
 * Ordering is PEP 440's ("Summary of permitted suffixes and relative ordering"), in
 * the form pypa/packaging implements it: epoch, release with trailing zeros ignored
 * (1.0 == 1.0.0), then a bare .devN before every pre-release, pre-releases (a < b <
 * rc), the release, post-releases; within each, .devN first; then the local label.
 *
 * Specifier matching follows PEP 440 "Version specifiers" as pypa/packaging (pip)
 * reads it where the PEP leaves room: the exclusive < and > rules compare epoch and
 * release only, and local labels compare as segments (see clause_matches).
 * Pre-releases: PEP 440 excludes them "unless ... explicitly requested"; here a
 * PEP 440 spec matches a pre-release (or dev release) only when one of its inclusive
 * clauses (==, ===, ~=, <, <=, >, >=) names one, recorded in spec->allows_pre. The
 * PEP's other escape ("the only available version that satisfies the specifier is a
 * pre-release") depends on what is available, so version_spec_filter does not apply
 * it; a caller that wants it copies the spec, sets allows_pre and filters again.
 */
#include "version.h"

#include <string.h>

#define VERSION_MAX_NUMBER 0xffffffffu
/* CUDA tags carry 2 or 3 digits: cu92, cu121. */
#define CUDA_TAG_MIN_DIGITS 2
#define CUDA_TAG_MAX_DIGITS 3
/* Dotted CUDA versions: 12, 12.4, 12.4.1. Drivers: 535, 418.67, 535.104.05. */
#define CUDA_MAX_PARTS 3
#define DRIVER_MAX_PARTS 3
/* cudaDriverGetVersion() integers: 9020 (9.2) ... 12040 (12.4). */
#define CUDA_API_MIN_DIGITS 4
#define CUDA_API_MAX_DIGITS 5
#define CUDA_API_MAJOR_SCALE 1000u
#define CUDA_API_MINOR_SCALE 10u

/* ------------------------------------------------------------------------- */
/* Character and cursor helpers */

struct cursor {
	const char *p;
	const char *end;
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static char to_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool is_alnum(char c)
{
	char l = to_lower(c);
	return is_digit(c) || (l >= 'a' && l <= 'z');
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool is_sep(char c)
{
	return c == '-' || c == '_' || c == '.';
}

static bool cur_more(const struct cursor *c)
{
	return c->p < c->end;
}

static bool cur_at_digit(const struct cursor *c)
{
	return c->p < c->end && is_digit(*c->p);
}

/* A cursor over text[0..len) without surrounding whitespace. NULL text is only
 * accepted with len 0. */
static bool cur_init(struct cursor *c, const char *text, size_t len)
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
static bool take_word(struct cursor *c, const char *word)
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

/* Consumes a run of digits (the caller checked there is one). false when the value
 * does not fit in 32 bits. */
static bool take_number(struct cursor *c, uint32_t *out)
{
	uint64_t n = 0;
	while (cur_at_digit(c)) {
		n = n * 10 + (uint64_t)(*c->p - '0');
		if (n > VERSION_MAX_NUMBER)
			return false;
		c->p++;
	}
	*out = (uint32_t)n;
	return true;
}

/* The number after a pre/post/dev label: "a1", "a.1", "a-1", or omitted (0). A
 * separator not followed by a digit belongs to the next segment. */
static bool take_opt_number(struct cursor *c, uint32_t *out)
{
	*out = 0;
	if (cur_at_digit(c))
		return take_number(c, out);
	if (c->end - c->p >= 2 && is_sep(c->p[0]) && is_digit(c->p[1])) {
		c->p++;
		return take_number(c, out);
	}
	return true;
}

static void take_opt_sep(struct cursor *c)
{
	if (cur_more(c) && is_sep(*c->p))
		c->p++;
}

/* ------------------------------------------------------------------------- */
/* Parsing */

struct label {
	const char *word;
	enum version_pre pre;
};

/* Longer spellings first so "alpha" is not read as "a" + "lpha" (PEP 440 "Pre-release
 * spelling"). */
static const struct label pre_labels[] = {
	{ "alpha", VERSION_PRE_A },  { "a", VERSION_PRE_A },      { "beta", VERSION_PRE_B },
	{ "b", VERSION_PRE_B },      { "preview", VERSION_PRE_RC }, { "pre", VERSION_PRE_RC },
	{ "rc", VERSION_PRE_RC },    { "c", VERSION_PRE_RC },
};

/* PEP 440 "Post release spelling". */
static const char *const post_labels[] = { "post", "rev", "r" };

static bool parse_release(struct cursor *c, struct version *v)
{
	uint32_t n;
	if (cur_more(c) && to_lower(*c->p) == 'v')
		c->p++;
	if (!cur_at_digit(c) || !take_number(c, &n))
		return false;
	if (cur_more(c) && *c->p == '!') {
		c->p++;
		v->epoch = n;
		if (!cur_at_digit(c) || !take_number(c, &n))
			return false;
	}
	v->release[0] = n;
	v->nrelease = 1;
	while (c->end - c->p >= 2 && c->p[0] == '.' && is_digit(c->p[1])) {
		if (v->nrelease == VERSION_MAX_PARTS)
			return false;
		c->p++;
		if (!take_number(c, &v->release[v->nrelease]))
			return false;
		v->nrelease++;
	}
	return true;
}

static bool parse_pre(struct cursor *c, struct version *v)
{
	struct cursor save = *c;
	take_opt_sep(c);
	for (size_t i = 0; i < sizeof(pre_labels) / sizeof(pre_labels[0]); i++) {
		if (take_word(c, pre_labels[i].word)) {
			v->pre = pre_labels[i].pre;
			return take_opt_number(c, &v->pre_num);
		}
	}
	*c = save;
	return true;
}

static bool parse_post(struct cursor *c, struct version *v)
{
	struct cursor save = *c;
	uint32_t n;
	/* "1.0-1": the implicit post release (PEP 440 "Implicit post releases"). */
	if (c->end - c->p >= 2 && c->p[0] == '-' && is_digit(c->p[1])) {
		c->p++;
		if (!take_number(c, &n))
			return false;
		v->post = n;
		return true;
	}
	take_opt_sep(c);
	for (size_t i = 0; i < sizeof(post_labels) / sizeof(post_labels[0]); i++) {
		if (take_word(c, post_labels[i])) {
			if (!take_opt_number(c, &n))
				return false;
			v->post = n;
			return true;
		}
	}
	*c = save;
	return true;
}

static bool parse_dev(struct cursor *c, struct version *v)
{
	struct cursor save = *c;
	uint32_t n;
	take_opt_sep(c);
	if (take_word(c, "dev")) {
		if (!take_opt_number(c, &n))
			return false;
		v->dev = n;
		return true;
	}
	*c = save;
	return true;
}

/* "+Ubuntu-1_cu121" -> "ubuntu.1.cu121" (PEP 440 "Local version segments"). */
static bool parse_local(struct cursor *c, struct version *v)
{
	size_t n = 0;
	if (!cur_more(c) || *c->p != '+')
		return true;
	c->p++;
	for (;;) {
		if (!cur_more(c) || !is_alnum(*c->p))
			return false;  /* empty segment: "1.0+", "1.0+a..b", "1.0+a." */
		while (cur_more(c) && is_alnum(*c->p)) {
			if (n + 1 >= VERSION_MAX_LOCAL)
				return false;
			v->local[n++] = to_lower(*c->p++);
		}
		if (!cur_more(c) || !is_sep(*c->p))
			break;
		if (n + 1 >= VERSION_MAX_LOCAL)
			return false;
		v->local[n++] = '.';
		c->p++;
	}
	v->local[n] = '\0';
	return true;
}

static bool parse_pep440(struct version *v, struct cursor *c)
{
	v->post = -1;
	v->dev = -1;
	return parse_release(c, v) && parse_pre(c, v) && parse_post(c, v) && parse_dev(c, v) &&
	       parse_local(c, v) && !cur_more(c);
}

bool version_parse(struct version *out, const char *text, size_t len)
{
	struct cursor c;
	memset(out, 0, sizeof(*out));
	if (cur_init(&c, text, len) && parse_pep440(out, &c))
		return true;
	memset(out, 0, sizeof(*out));
	return false;
}

/* Plain dotted numbers only: "535.104.05", "12.4". */
static bool parse_dotted(struct version *v, struct cursor *c, unsigned min_parts,
			 unsigned max_parts)
{
	v->post = -1;
	v->dev = -1;
	for (;;) {
		if (v->nrelease == max_parts || !cur_at_digit(c) ||
		    !take_number(c, &v->release[v->nrelease]))
			return false;
		v->nrelease++;
		if (!cur_more(c))
			break;
		if (*c->p != '.')
			return false;
		c->p++;
	}
	return v->nrelease >= min_parts;
}

bool version_parse_driver(struct version *out, const char *text, size_t len)
{
	struct cursor c;
	memset(out, 0, sizeof(*out));
	if (cur_init(&c, text, len) && parse_dotted(out, &c, 1, DRIVER_MAX_PARTS))
		return true;
	memset(out, 0, sizeof(*out));
	return false;
}

static void set_major_minor(struct version *v, uint32_t major, uint32_t minor, unsigned parts)
{
	v->release[0] = major;
	v->release[1] = minor;
	v->nrelease = (uint8_t)parts;
	v->post = -1;
	v->dev = -1;
}

static size_t digit_run(const struct cursor *c)
{
	size_t n = 0;
	while (c->p + n < c->end && is_digit(c->p[n]))
		n++;
	return n;
}

/* The digits of a "cu"/"cuda" tag: the last digit is the minor and the rest the major
 * (cu92 = 9.2, cu102 = 10.2, cu130 = 13.0), as PyTorch names its wheel indexes. Two
 * digits starting with 1 are a major alone, as in the CUDA-12 wheels "nvidia-*-cu12"
 * (no CUDA 1.x exists to be confused with). */
static bool parse_cuda_tag(struct version *v, struct cursor *c)
{
	size_t n = digit_run(c);
	const char *d = c->p;
	if (n != (size_t)(c->end - c->p) || n < CUDA_TAG_MIN_DIGITS || n > CUDA_TAG_MAX_DIGITS ||
	    d[0] == '0')
		return false;
	if (n == 2 && d[0] == '1')
		set_major_minor(v, (uint32_t)(10 + (d[1] - '0')), 0, 1);
	else if (n == 2)
		set_major_minor(v, (uint32_t)(d[0] - '0'), (uint32_t)(d[1] - '0'), 2);
	else
		set_major_minor(v, (uint32_t)((d[0] - '0') * 10 + (d[1] - '0')), (uint32_t)(d[2] - '0'),
				2);
	return true;
}

/* A bare integer: 1-2 digits are a major ("12"); 4-5 digits ending in 0 are the
 * cudaDriverGetVersion() encoding major*1000 + minor*10 ("12040" = 12.4, "9020" =
 * 9.2). Three digits ("124") are ambiguous and refused. */
static bool parse_cuda_int(struct version *v, struct cursor *c)
{
	size_t n = digit_run(c);
	uint32_t x;
	if (n == 0 || n != (size_t)(c->end - c->p) || !take_number(c, &x))
		return false;
	if (n <= 2) {
		set_major_minor(v, x, 0, 1);
		return true;
	}
	if (n < CUDA_API_MIN_DIGITS || n > CUDA_API_MAX_DIGITS || x % CUDA_API_MINOR_SCALE != 0 ||
	    x < CUDA_API_MAJOR_SCALE)
		return false;
	set_major_minor(v, x / CUDA_API_MAJOR_SCALE,
			(x % CUDA_API_MAJOR_SCALE) / CUDA_API_MINOR_SCALE, 2);
	return true;
}

static bool parse_cuda(struct version *v, struct cursor *c)
{
	if (take_word(c, "cuda")) {
		/* conda build strings: "cuda12.1" or "cuda121" */
		if (memchr(c->p, '.', (size_t)(c->end - c->p)))
			return parse_dotted(v, c, 2, CUDA_MAX_PARTS);
		return parse_cuda_tag(v, c);
	}
	if (take_word(c, "cu"))
		return parse_cuda_tag(v, c);
	if (memchr(c->p, '.', (size_t)(c->end - c->p))) {
		/* nvcc prints "V12.4.131" */
		if (cur_more(c) && to_lower(*c->p) == 'v')
			c->p++;
		return parse_dotted(v, c, 2, CUDA_MAX_PARTS);
	}
	return parse_cuda_int(v, c);
}

bool version_parse_cuda(struct version *out, const char *text, size_t len)
{
	struct cursor c;
	memset(out, 0, sizeof(*out));
	if (cur_init(&c, text, len) && parse_cuda(out, &c))
		return true;
	memset(out, 0, sizeof(*out));
	return false;
}

/* ------------------------------------------------------------------------- */
/* Ordering */

/* The struct is caller-owned: never trust its counts. */
static unsigned nrel(const struct version *v)
{
	return v->nrelease > VERSION_MAX_PARTS ? VERSION_MAX_PARTS : v->nrelease;
}

static size_t local_len(const struct version *v)
{
	const char *nul = memchr(v->local, '\0', sizeof(v->local));
	return nul ? (size_t)(nul - v->local) : sizeof(v->local);
}

static int cmp_i64(int64_t a, int64_t b)
{
	return (a > b) - (a < b);
}

static uint32_t release_at(const struct version *v, unsigned i)
{
	return i < nrel(v) ? v->release[i] : 0;
}

static int cmp_release(const struct version *a, const struct version *b, unsigned parts)
{
	for (unsigned i = 0; i < parts; i++) {
		int r = cmp_i64(release_at(a, i), release_at(b, i));
		if (r)
			return r;
	}
	return 0;
}

static unsigned max_parts(const struct version *a, const struct version *b)
{
	return nrel(a) > nrel(b) ? nrel(a) : nrel(b);
}

/* Where the pre-release segment puts a version: a bare .devN (no pre, no post)
 * sorts before every pre-release; no pre-release sorts after all of them. */
static int pre_rank(const struct version *v)
{
	if (v->pre == VERSION_PRE_NONE)
		return (v->post < 0 && v->dev >= 0) ? -1 : VERSION_PRE_RC + 1;
	return (int)v->pre;
}

int version_cmp_public(const struct version *a, const struct version *b)
{
	int r = cmp_i64(a->epoch, b->epoch);
	if (!r)
		r = cmp_release(a, b, max_parts(a, b));
	if (!r)
		r = cmp_i64(pre_rank(a), pre_rank(b));
	if (!r && a->pre != VERSION_PRE_NONE)
		r = cmp_i64(a->pre_num, b->pre_num);
	if (!r)
		r = cmp_i64(a->post < 0 ? -1 : a->post, b->post < 0 ? -1 : b->post);
	if (!r)
		r = cmp_i64(a->dev < 0 ? INT64_MAX : a->dev, b->dev < 0 ? INT64_MAX : b->dev);
	return r;
}

static bool segment_is_numeric(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return false;
	return true;
}

/* Numbers of any length, without converting: skip leading zeros, then the longer
 * is larger, then digit by digit. */
static int cmp_digits(const char *a, size_t na, const char *b, size_t nb)
{
	while (na > 1 && *a == '0')
		a++, na--;
	while (nb > 1 && *b == '0')
		b++, nb--;
	if (na != nb)
		return na < nb ? -1 : 1;
	int r = memcmp(a, b, na);
	return (r > 0) - (r < 0);
}

static int cmp_text(const char *a, size_t na, const char *b, size_t nb)
{
	int r = memcmp(a, b, na < nb ? na : nb);
	if (r)
		return (r > 0) - (r < 0);
	return cmp_i64((int64_t)na, (int64_t)nb);
}

/* PEP 440 "Local version identifiers": segment by segment, numeric segments as
 * integers, a numeric segment above an alphanumeric one, alphanumeric ones
 * lexicographically (already lowercased), and a longer label above its own prefix. */
static int cmp_local(const struct version *a, const struct version *b)
{
	size_t la = local_len(a), lb = local_len(b);
	size_t i = 0, j = 0;
	if (!la || !lb)
		return cmp_i64(la != 0, lb != 0);
	while (i < la && j < lb) {
		size_t si = i, sj = j;
		while (i < la && a->local[i] != '.')
			i++;
		while (j < lb && b->local[j] != '.')
			j++;
		bool na = segment_is_numeric(a->local + si, i - si);
		bool nb = segment_is_numeric(b->local + sj, j - sj);
		int r;
		if (na && nb)
			r = cmp_digits(a->local + si, i - si, b->local + sj, j - sj);
		else if (na != nb)
			r = na ? 1 : -1;
		else
			r = cmp_text(a->local + si, i - si, b->local + sj, j - sj);
		if (r)
			return r;
		i += i < la;  /* skip the '.' */
		j += j < lb;
	}
	return cmp_i64(i < la, j < lb);
}

int version_cmp(const struct version *a, const struct version *b)
{
	int r = version_cmp_public(a, b);
	return r ? r : cmp_local(a, b);
}

int version_cmp_prefix(const struct version *a, const struct version *b, unsigned parts)
{
	return cmp_release(a, b, parts > VERSION_MAX_PARTS ? VERSION_MAX_PARTS : parts);
}

/* ------------------------------------------------------------------------- */
/* Formatting */

/* A bounded writer: output past `size` is dropped and the text stays terminated. */
struct writer {
	char *buf;
	size_t size;
	size_t len;
};

static void put_char(struct writer *w, char ch)
{
	if (w->len + 1 < w->size) {
		w->buf[w->len++] = ch;
		w->buf[w->len] = '\0';
	}
}

static void put_str(struct writer *w, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		put_char(w, s[i]);
}

/* min_digits pads with zeros: the third driver component is written "05". */
static void put_number(struct writer *w, uint64_t n, unsigned min_digits)
{
	char tmp[24];
	size_t k = 0;
	do {
		tmp[k++] = (char)('0' + n % 10);
		n /= 10;
	} while (n && k < sizeof(tmp));
	while (k < min_digits && k < sizeof(tmp))
		tmp[k++] = '0';
	while (k)
		put_char(w, tmp[--k]);
}

static void writer_init(struct writer *w, char *buf, size_t size)
{
	w->buf = buf;
	w->size = size;
	w->len = 0;
	if (size)
		buf[0] = '\0';
}

static void put_release(struct writer *w, const struct version *v, unsigned pad_third)
{
	unsigned n = nrel(v) ? nrel(v) : 1;
	for (unsigned i = 0; i < n; i++) {
		if (i)
			put_char(w, '.');
		put_number(w, v->release[i], i == 2 ? pad_third : 1);
	}
}

static void put_version(struct writer *w, const struct version *v)
{
	static const char *const pre_text[] = { "", "a", "b", "rc" };
	if (v->epoch) {
		put_number(w, v->epoch, 1);
		put_char(w, '!');
	}
	put_release(w, v, 1);
	if (v->pre > VERSION_PRE_NONE && v->pre <= VERSION_PRE_RC) {
		put_str(w, pre_text[v->pre], strlen(pre_text[v->pre]));
		put_number(w, v->pre_num, 1);
	}
	if (v->post >= 0) {
		put_str(w, ".post", 5);
		put_number(w, (uint64_t)v->post, 1);
	}
	if (v->dev >= 0) {
		put_str(w, ".dev", 4);
		put_number(w, (uint64_t)v->dev, 1);
	}
	if (local_len(v)) {
		put_char(w, '+');
		put_str(w, v->local, local_len(v));
	}
}

void version_format(const struct version *v, char *buf, size_t size)
{
	struct writer w;
	writer_init(&w, buf, size);
	put_version(&w, v);
}

/* NVIDIA writes the third component with two digits (535.104.05, 470.82.01) and
 * leaves two-component versions alone (418.67). */
void version_format_driver(const struct version *v, char *buf, size_t size)
{
	struct writer w;
	writer_init(&w, buf, size);
	put_release(&w, v, 2);
}

uint32_t version_driver_branch(const struct version *v)
{
	return v->release[0];
}

/* ------------------------------------------------------------------------- */
/* Specifiers */

struct op_text {
	const char *text;
	enum version_op op;
};

/* Longest first so "===" is not read as "==" + "=1.0". */
static const struct op_text pep440_ops[] = {
	{ "===", VOP_ARBITRARY }, { "~=", VOP_COMPAT }, { "==", VOP_EQ }, { "!=", VOP_NE },
	{ "<=", VOP_LE },         { ">=", VOP_GE },     { "<", VOP_LT },  { ">", VOP_GT },
};

/* conda: "=" is its fuzzy operator (startswith). */
static const struct op_text conda_ops[] = {
	{ "==", VOP_EQ }, { "!=", VOP_NE }, { "<=", VOP_LE }, { ">=", VOP_GE },
	{ "~=", VOP_COMPAT }, { "<", VOP_LT }, { ">", VOP_GT }, { "=", VOP_PREFIX },
};

static bool is_op_char(char c)
{
	return c == '=' || c == '<' || c == '>' || c == '!' || c == '~';
}

static bool take_op(struct cursor *c, const struct op_text *ops, size_t nops, enum version_op *op)
{
	for (size_t i = 0; i < nops; i++) {
		if (take_word(c, ops[i].text)) {
			*op = ops[i].op;
			return true;
		}
	}
	return false;
}

static void skip_space(struct cursor *c)
{
	while (cur_more(c) && is_space(*c->p))
		c->p++;
}

/* Strips a trailing ".*"; true if there was one. */
static bool take_wildcard_suffix(struct cursor *c)
{
	if (c->end - c->p >= 2 && c->end[-2] == '.' && c->end[-1] == '*') {
		c->end -= 2;
		return true;
	}
	return false;
}

static bool has_only_release(const struct version *v)
{
	return v->pre == VERSION_PRE_NONE && v->post < 0 && v->dev < 0 && !v->local[0];
}

static bool is_prerelease(const struct version *v)
{
	return v->pre != VERSION_PRE_NONE || v->dev >= 0;
}

static bool parse_version_at(struct version *v, const struct cursor *c)
{
	return version_parse(v, c->p, (size_t)(c->end - c->p));
}

/* "===" keeps its operand as written; it is also parsed, when it is a version, so
 * version_spec_exact can report it (nrelease stays 0 otherwise). */
static bool set_arbitrary(struct version_clause *cl, const struct cursor *c)
{
	size_t n = (size_t)(c->end - c->p);
	if (n == 0 || n >= sizeof(cl->arbitrary))
		return false;
	for (size_t i = 0; i < n; i++)
		if (is_space(c->p[i]) || c->p[i] == ';' || c->p[i] == ')' || c->p[i] == '\0')
			return false;
	memcpy(cl->arbitrary, c->p, n);
	cl->arbitrary[n] = '\0';
	cl->op = VOP_ARBITRARY;
	version_parse(&cl->v, c->p, n);
	return true;
}

/* One PEP 440 clause. What each operator admits follows pypa/packaging's specifier
 * regex: ".*" only after a plain release and only with == and !=; local labels only
 * with == and !=; ~= needs two release components. */
static bool clause_parse_pep440(struct version_clause *cl, struct cursor c)
{
	enum version_op op;
	if (!take_op(&c, pep440_ops, sizeof(pep440_ops) / sizeof(pep440_ops[0]), &op))
		return false;
	skip_space(&c);
	if (op == VOP_ARBITRARY)
		return set_arbitrary(cl, &c);
	bool wild = take_wildcard_suffix(&c);
	if (!parse_version_at(&cl->v, &c))
		return false;
	cl->op = op;
	if (wild) {
		if ((op != VOP_EQ && op != VOP_NE) || !has_only_release(&cl->v))
			return false;
		cl->op = op == VOP_EQ ? VOP_PREFIX : VOP_NOT_PREFIX;
		cl->prefix_parts = cl->v.nrelease;
		return true;
	}
	if (cl->v.local[0] && op != VOP_EQ && op != VOP_NE)
		return false;
	if (op == VOP_COMPAT) {
		if (cl->v.nrelease < 2)
			return false;
		cl->prefix_parts = cl->v.nrelease - 1u;
	}
	return true;
}

/* conda versions that are not PEP 440 ("1.1.1k", "5.0.0.4634.697f757"): conda's
 * VersionOrder allows [0-9a-z._+!]; we also want a leading digit so words stay junk. */
static bool is_conda_literal(const struct cursor *c)
{
	if (!cur_at_digit(c))
		return false;
	for (const char *p = c->p; p < c->end; p++)
		if (!is_alnum(*p) && *p != '.' && *p != '_' && *p != '+' && *p != '!')
			return false;
	return true;
}

/* The version of a conda clause. Fuzzy clauses (PREFIX) compare release
 * components; a fuzzy version with pre/post/dev/local parts compares exactly,
 * which is what conda's startswith amounts to for those. A version PEP 440 cannot
 * read becomes a literal (===) for == and the fuzzy forms, and an error otherwise. */
static bool clause_conda_version(struct version_clause *cl, enum version_op op,
				 const struct cursor *c)
{
	if (!parse_version_at(&cl->v, c)) {
		if ((op != VOP_EQ && op != VOP_PREFIX) || !is_conda_literal(c))
			return false;
		return set_arbitrary(cl, c);
	}
	cl->op = op;
	if (op == VOP_PREFIX || op == VOP_NOT_PREFIX) {
		if (!has_only_release(&cl->v))
			cl->op = op == VOP_PREFIX ? VOP_EQ : VOP_NE;
		cl->prefix_parts = cl->v.nrelease;
	} else if (op == VOP_COMPAT) {
		if (cl->v.nrelease < 2)
			return false;
		cl->prefix_parts = cl->v.nrelease - 1u;
	}
	return true;
}

/* One conda clause (conda/models/version.py VersionSpec plus MatchSpec's "=" and
 * bare-version rewriting). ".*" after an operator: "=" and ">=" drop it, "!=" becomes
 * a prefix exclusion, "~=" is an error, "<", "<=" and ">" drop it (conda warns and
 * ignores it). "==X.*" is read as the prefix match users mean: conda's MatchSpec does
 * so for a lone clause ("==" is stripped, "X.*" stays), though inside "," or "|" its
 * VersionSpec would drop the ".*"; the two agree on every X.0 release. */
static bool clause_parse_conda(struct version_clause *cl, struct cursor c)
{
	enum version_op op;
	if (c.end - c.p == 1 && *c.p == '*') {
		cl->op = VOP_ANY;
		return true;
	}
	if (cur_more(&c) && is_op_char(*c.p)) {
		if (!take_op(&c, conda_ops, sizeof(conda_ops) / sizeof(conda_ops[0]), &op) ||
		    (cur_more(&c) && is_op_char(*c.p)))
			return false;
		skip_space(&c);
		if (take_wildcard_suffix(&c)) {
			if (op == VOP_COMPAT)
				return false;
			if (op == VOP_EQ)
				op = VOP_PREFIX;
			else if (op == VOP_NE)
				op = VOP_NOT_PREFIX;
		}
	} else {
		/* Bare "2.1", "2.1.*", "2.1*": fuzzy, as the version.h contract says. */
		op = VOP_PREFIX;
		if (!take_wildcard_suffix(&c) && c.end > c.p && c.end[-1] == '*')
			c.end--;
	}
	if (memchr(c.p, '*', (size_t)(c.end - c.p)))
		return false;  /* conda's glob form "1.*.3" is not supported */
	return clause_conda_version(cl, op, &c);
}

/* Splits [p, end) at `delim`; returns the piece and moves *p past it. */
static struct cursor next_piece(const char **p, const char *end, char delim)
{
	struct cursor piece;
	const char *d = memchr(*p, delim, (size_t)(end - *p));
	piece.p = *p;
	piece.end = d ? d : end;
	*p = d ? d + 1 : end;
	while (piece.p < piece.end && is_space(*piece.p))
		piece.p++;
	while (piece.end > piece.p && is_space(piece.end[-1]))
		piece.end--;
	return piece;
}

static bool spec_add(struct version_spec *s, struct cursor piece, unsigned group,
		     bool (*parse)(struct version_clause *, struct cursor))
{
	if (s->nclauses == VERSION_SPEC_MAX_CLAUSES || piece.p == piece.end)
		return false;
	if (!parse(&s->clauses[s->nclauses], piece))
		return false;
	s->group[s->nclauses] = (uint8_t)group;
	s->nclauses++;
	return true;
}

/* Empty text: one VOP_ANY clause. */
static bool spec_start(struct version_spec *s, struct cursor *c, const char *text, size_t len)
{
	memset(s, 0, sizeof(*s));
	if (!cur_init(c, text, len))
		return false;
	if (memchr(c->p, '\0', (size_t)(c->end - c->p)))
		return false;
	if (c->p == c->end) {
		s->clauses[0].op = VOP_ANY;
		s->nclauses = 1;
	}
	return true;
}

/* PEP 440 "Version specifiers": inclusive clauses naming a pre-release let
 * pre-releases match ("!=" does not, as in pypa/packaging). */
static bool spec_names_pre(const struct version_spec *s)
{
	for (unsigned i = 0; i < s->nclauses; i++) {
		const struct version_clause *cl = &s->clauses[i];
		/* nrelease == 0: a === literal that is no version names nothing */
		if (cl->op != VOP_NE && cl->op != VOP_NOT_PREFIX && cl->op != VOP_ANY &&
		    cl->v.nrelease > 0 && is_prerelease(&cl->v))
			return true;
	}
	return false;
}

bool version_spec_parse_pep440(struct version_spec *out, const char *text, size_t len)
{
	struct cursor c;
	if (!spec_start(out, &c, text, len))
		return false;
	const char *p = c.p;
	while (p < c.end) {
		struct cursor piece = next_piece(&p, c.end, ',');
		if (!spec_add(out, piece, 0, clause_parse_pep440) ||
		    (p == c.end && c.end[-1] == ',')) {
			memset(out, 0, sizeof(*out));
			return false;
		}
	}
	out->allows_pre = spec_names_pre(out);
	return true;
}

/* "|" separates AND-groups and "," binds tighter. conda does not hold pre-releases
 * back (channels and labels do that), so every conda spec allows them. */
bool version_spec_parse_conda(struct version_spec *out, const char *text, size_t len)
{
	struct cursor c;
	unsigned group = 0;
	if (!spec_start(out, &c, text, len))
		return false;
	const char *p = c.p;
	while (p < c.end) {
		struct cursor g = next_piece(&p, c.end, '|');
		const char *q = g.p;
		bool ok = g.p < g.end && !(p == c.end && c.end[-1] == '|');
		while (ok && q < g.end) {
			struct cursor piece = next_piece(&q, g.end, ',');
			ok = spec_add(out, piece, group, clause_parse_conda) &&
			     !(q == g.end && g.end[-1] == ',');
		}
		if (!ok) {
			memset(out, 0, sizeof(*out));
			return false;
		}
		group++;
	}
	out->allows_pre = true;
	return true;
}

/* ------------------------------------------------------------------------- */
/* Matching */

static bool same_base(const struct version *a, const struct version *b)
{
	return a->epoch == b->epoch && cmp_release(a, b, max_parts(a, b)) == 0;
}

/* "==X.Y.*": same epoch and the candidate's release, zero-padded, starts with X.Y. */
static bool prefix_matches(const struct version *v, const struct version *bound, unsigned parts)
{
	return v->epoch == bound->epoch && version_cmp_prefix(v, bound, parts) == 0;
}

/* PEP 440 "Version matching": a spec without a local label ignores the candidate's.
 * With one, the PEP asks for string equality of the labels; pypa/packaging (so pip)
 * compares them as version segments ("==1.0+5" matches "1.0+05"), and so do we. */
static bool equal_matches(const struct version *v, const struct version *b)
{
	return b->local[0] ? version_cmp(v, b) == 0 : version_cmp_public(v, b) == 0;
}

static bool ascii_equal_nocase(const char *a, const char *b)
{
	while (*a && to_lower(*a) == to_lower(*b))
		a++, b++;
	return to_lower(*a) == to_lower(*b);
}

static bool clause_matches(const struct version_clause *cl, const struct version *v)
{
	const struct version *b = &cl->v;
	char text[sizeof(cl->arbitrary) + VERSION_MAX_LOCAL + 1];
	switch (cl->op) {
	case VOP_ANY:
		return true;
	case VOP_EQ:
	case VOP_NE:
		return equal_matches(v, b) == (cl->op == VOP_EQ);
	case VOP_PREFIX:
		return prefix_matches(v, b, cl->prefix_parts);
	case VOP_NOT_PREFIX:
		return !prefix_matches(v, b, cl->prefix_parts);
	case VOP_LE:
		return version_cmp_public(v, b) <= 0;
	case VOP_GE:
		return version_cmp_public(v, b) >= 0;
	case VOP_LT:
		/* "<3.1" must not admit 3.1.dev0 / 3.1a1 unless the bound is itself a
		 * pre-release; same epoch and release, as in pip. */
		return version_cmp_public(v, b) < 0 &&
		       !(!is_prerelease(b) && is_prerelease(v) && same_base(v, b));
	case VOP_GT:
		/* ">3.1" must not admit 3.1.post1 unless the bound is a post-release, nor a
		 * local version of the same release (3.1+cu121). Like pip, "the same" means
		 * the same epoch and release, so ">3.1rc1" refuses 3.1rc1.post1 and
		 * 3.1.post1 alike. */
		return version_cmp(v, b) > 0 && !(b->post < 0 && v->post >= 0 && same_base(v, b)) &&
		       !(v->local[0] && same_base(v, b));
	case VOP_COMPAT:
		return version_cmp_public(v, b) >= 0 && prefix_matches(v, b, cl->prefix_parts);
	case VOP_ARBITRARY:
		version_format(v, text, sizeof(text));
		return ascii_equal_nocase(text, cl->arbitrary);
	}
	return false;
}

/* Every clause among the first n sharing clause i's group matches. */
static bool group_matches(const struct version_spec *s, unsigned n, unsigned i,
			  const struct version *v)
{
	for (unsigned j = 0; j < n; j++)
		if (s->group[j] == s->group[i] && !clause_matches(&s->clauses[j], v))
			return false;
	return true;
}

bool version_spec_matches(const struct version_spec *spec, const struct version *v)
{
	unsigned n = spec->nclauses > VERSION_SPEC_MAX_CLAUSES ? VERSION_SPEC_MAX_CLAUSES
							       : spec->nclauses;
	if (!spec->allows_pre && is_prerelease(v))
		return false;
	if (n == 0)
		return true;
	for (unsigned i = 0; i < n; i++)
		if (group_matches(spec, n, i, v))
			return true;
	return false;
}

size_t version_spec_filter(const struct version_spec *spec, const struct version *known, size_t n,
			   bool *out)
{
	size_t hits = 0;
	for (size_t i = 0; i < n; i++) {
		bool m = version_spec_matches(spec, &known[i]);
		if (out)
			out[i] = m;
		hits += m;
	}
	return hits;
}

/* Exactly one version: a single AND-group holding an == (or a === whose literal is
 * a version) that the whole spec accepts. */
bool version_spec_exact(const struct version_spec *spec, struct version *out)
{
	unsigned n = spec->nclauses > VERSION_SPEC_MAX_CLAUSES ? VERSION_SPEC_MAX_CLAUSES
							       : spec->nclauses;
	for (unsigned i = 1; i < n; i++)
		if (spec->group[i] != spec->group[0])
			return false;
	for (unsigned i = 0; i < n; i++) {
		const struct version_clause *cl = &spec->clauses[i];
		bool pins = cl->op == VOP_EQ || (cl->op == VOP_ARBITRARY && cl->v.nrelease > 0);
		if (pins && version_spec_matches(spec, &cl->v)) {
			*out = cl->v;
			return true;
		}
	}
	return false;
}

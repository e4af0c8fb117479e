/*
 * version: PEP 440, conda, NVIDIA driver and CUDA version numbers: parsing,
 * ordering and formatting. Specifiers live in version_spec.c.
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
 */
#include "version.h"
#include "version_internal.h"

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

/* The cursor, its character class helpers, cur_init and take_word are in
 * version_internal.h: the specifier parser walks text with them too. */

static bool is_sep(char c)
{
	return c == '-' || c == '_' || c == '.';
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
	{ "alpha", VERSION_PRE_A }, { "a", VERSION_PRE_A },        { "beta", VERSION_PRE_B },
	{ "b", VERSION_PRE_B },     { "preview", VERSION_PRE_RC }, { "pre", VERSION_PRE_RC },
	{ "rc", VERSION_PRE_RC },   { "c", VERSION_PRE_RC },
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
			return false; /* empty segment: "1.0+", "1.0+a..b", "1.0+a." */
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
static bool parse_dotted(struct version *v, struct cursor *c, unsigned min_parts, unsigned max_parts)
{
	v->post = -1;
	v->dev = -1;
	for (;;) {
		if (v->nrelease == max_parts || !cur_at_digit(c) || !take_number(c, &v->release[v->nrelease]))
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
	if (n != (size_t)(c->end - c->p) || n < CUDA_TAG_MIN_DIGITS || n > CUDA_TAG_MAX_DIGITS || d[0] == '0')
		return false;
	if (n == 2 && d[0] == '1')
		set_major_minor(v, (uint32_t)(10 + (d[1] - '0')), 0, 1);
	else if (n == 2)
		set_major_minor(v, (uint32_t)(d[0] - '0'), (uint32_t)(d[1] - '0'), 2);
	else
		set_major_minor(v, (uint32_t)((d[0] - '0') * 10 + (d[1] - '0')), (uint32_t)(d[2] - '0'), 2);
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
	set_major_minor(v, x / CUDA_API_MAJOR_SCALE, (x % CUDA_API_MAJOR_SCALE) / CUDA_API_MINOR_SCALE, 2);
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

bool version_same_base(const struct version *a, const struct version *b)
{
	return a->epoch == b->epoch && cmp_release(a, b, max_parts(a, b)) == 0;
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
		i += i < la; /* skip the '.' */
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

/* min_digits pads with zeros: driver components are written "05". */
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

/* `pad` is the minimum width of every component after the first: 1 for PEP 440, 2 for
 * NVIDIA drivers, which always write two digits there (535.104.05, Windows 520.06). */
static void put_release(struct writer *w, const struct version *v, unsigned pad)
{
	unsigned n = nrel(v) ? nrel(v) : 1;
	for (unsigned i = 0; i < n; i++) {
		if (i)
			put_char(w, '.');
		put_number(w, v->release[i], i ? pad : 1);
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

struct version version_release(const uint32_t *parts, unsigned n)
{
	struct version v;
	memset(&v, 0, sizeof(v));
	if (n > VERSION_MAX_PARTS)
		n = VERSION_MAX_PARTS;
	for (unsigned i = 0; i < n; i++)
		v.release[i] = parts[i];
	v.nrelease = (uint8_t)n;
	v.post = -1;
	v.dev = -1;
	return v;
}

void version_format_release(const struct version *v, unsigned parts, char *buf, size_t size)
{
	struct version t = *v;
	t.epoch = 0;
	t.pre = VERSION_PRE_NONE;
	t.post = -1;
	t.dev = -1;
	t.local[0] = '\0';
	if (t.nrelease > parts)
		t.nrelease = (uint8_t)parts;
	version_format(&t, buf, size);
}

/* NVIDIA writes every component after the branch with at least two digits
 * (535.104.05, 470.82.01, 418.67, Windows 520.06). */
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

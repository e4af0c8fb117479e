/*
 * requirements_url.c: requirements that are direct references rather than a name and a
 * version specifier: `name @ URL`, a URL or path on its own, a wheel file name
 * (PEP 427: name and version are in the file name) and `#egg=name` fragments. VCS URLs
 * (`git+...`) are skipped before they get here.
 */
#include "readers.h"

#include <string.h>

#include "requirements_internal.h"
#include "util/arena.h"
#include "util/xalloc.h"

/* ------------------------------------------------------------------ wheels */

/* 1: [a, b) names a wheel, fields in *w; 0: not a wheel; -1: a .whl with a bad name. */
int req_wheel_parse(const char *s, size_t a, size_t b, struct wheel *w)
{
	size_t end = a;
	while (end < b && s[end] != '#' && s[end] != '?')
		end++;
	if (!has_suffix_ci(s, a, end, ".whl"))
		return 0;
	size_t base = end;
	while (base > a && s[base - 1] != '/' && s[base - 1] != '\\')
		base--;
	size_t dashes = 0, first = 0, second = 0;
	for (size_t i = base; i + 4 < end; i++) {
		if (s[i] != '-')
			continue;
		if (++dashes == 1)
			first = i;
		else if (dashes == 2)
			second = i;
	}
	if (dashes < 4 || first == base || second == first + 1)
		return -1;
	w->name_a = base;
	w->name_b = first;
	w->ver_a = first + 1;
	w->ver_b = second;
	return 1;
}

static int hex_value(char c)
{
	if (is_digit(c))
		return c - '0';
	c = lower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The version of a wheel as pip reads it: URL-decoded (`%2B` is '+'), prefixed "==". */
void req_wheel_version(struct state *st, const struct text *t, const struct wheel *w, struct pin *p)
{
	const char *s = t->s;
	char *spec = arena_alloc(st->ctx->arena, st_add(w->ver_b - w->ver_a, 3));
	size_t o = 0;
	spec[o++] = '=';
	spec[o++] = '=';
	for (size_t i = w->ver_a; i < w->ver_b; i++) {
		int hi, lo;
		if (s[i] == '%' && i + 2 < w->ver_b && (hi = hex_value(s[i + 1])) >= 0 &&
		    (lo = hex_value(s[i + 2])) >= 0) {
			spec[o++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			spec[o++] = s[i];
		}
	}
	spec[o] = '\0';
	const char *plus = strchr(spec, '+');
	p->spec = spec;
	p->variant = plus && plus[1] ? plus + 1 : NULL;
	p->span = req_span(st, t, w->ver_a, w->ver_b);
}

/* ------------------------------------------------------------------ URLs and paths */

bool req_looks_like_url(const char *s, size_t a, size_t b)
{
	size_t p = a;
	if (p >= b || !is_alpha(s[p]))
		return false;
	while (p < b && (is_alnum(s[p]) || s[p] == '+' || s[p] == '.' || s[p] == '-'))
		p++;
	return (b - p >= 3 && memcmp(s + p, "://", 3) == 0) || has_prefix_ci(s, a, b, "file:");
}

/* pip treats a requirement that looks like a path as one (req_constructors.py
 * _looks_like_path): a separator before any PEP 508 punctuation, or an archive name. */
bool req_looks_like_path(const char *s, size_t a, size_t b)
{
	char c = s[a];
	if (c == '.' || c == '/' || c == '~' || c == '\\')
		return true;
	if (b - a >= 3 && is_alpha(c) && s[a + 1] == ':' && (s[a + 2] == '\\' || s[a + 2] == '/'))
		return true;
	size_t p = a;
	for (; p < b && !is_ws(s[p]) && s[p] != ';'; p++) {
		if (s[p] == '/' || s[p] == '\\')
			return true;
		if (strchr("@[(<>=!~", s[p]))
			return false;
	}
	return has_suffix_ci(s, a, p, ".whl");
}

/* `#egg=NAME` in a URL's fragment: the only name an sdist or archive URL gives. */
static bool egg_name(const char *s, size_t a, size_t b, size_t *na, size_t *nb)
{
	for (size_t i = a; i + 5 <= b; i++) {
		if (memcmp(s + i, "#egg=", 5) != 0 && memcmp(s + i, "&egg=", 5) != 0)
			continue;
		size_t p = i + 5;
		if (!req_scan_name(s, &p, b))
			return false;
		*na = i + 5;
		*nb = p;
		return true;
	}
	return false;
}

void req_url_requirement(struct state *st, const struct tok *k)
{
	const struct text *t = k->t;
	const char *s = t->s;
	size_t a = k->a, e = a;
	/* A URL holds no whitespace; pip splits its marker off at "; " (req_constructors.py). */
	while (e < k->b && !is_ws(s[e]))
		e++;
	if (e > a && s[e - 1] == ';')
		e--;
	struct pin p;
	memset(&p, 0, sizeof(p));
	p.kind = PIN_KIND_PACKAGE;
	struct wheel w;
	int kind = req_wheel_parse(s, a, e, &w);
	size_t na, nb;
	if (kind < 0) {
		/* `pip install dist/NAME*.whl` in a RUN line: a shell glob over built wheels names
		 * no version envlint could read; it is not a malformed requirement. */
		for (size_t i = a; i < e; i++)
			if (s[i] == '*' || s[i] == '?')
				return;
		req_bad_requirement(st, k, "a wheel file name is name-version-python-abi-platform.whl");
		return;
	}
	if (kind > 0) {
		na = w.name_a;
		nb = w.name_b;
	} else if (!egg_name(s, a, e, &na, &nb)) {
		return; /* a local project or an sdist: nothing to read without building it */
	}
	p.name = req_normalized_name(st, t, na, nb);
	if (!req_worth_keeping(p.name))
		return;
	p.pkg = pin_pkg_of(p.name, PIN_ECO_PIP);
	p.name_span = req_span(st, t, na, nb);
	p.url = req_dup(st, t, a, e);
	p.span = req_span(st, t, a, e);
	if (kind > 0)
		req_wheel_version(st, t, &w, &p);
	p.unresolved = req_report_var(st, t, a, e, "URL");
	size_t m = e;
	while (m < k->b && is_ws(s[m]))
		m++;
	if (m < k->b && s[m] == ';') {
		p.marker = true;
		p.marker_text = req_dup(st, t, m + 1, k->b);
	}
	req_add_pin(st, t, &p);
}

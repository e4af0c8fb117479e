/*
 * requirements_pep508.c: one requirement (PEP 508: name, extras, version specifier or
 * `@ URL`, marker) and the requirement part of a line, per the grammar at the top of
 * requirements.c. A requirement that looks like a URL or a path goes to
 * requirements_url.c instead.
 */
#include "readers.h"

#include <string.h>

#include "requirements_internal.h"

static bool is_version_char(char c)
{
	return is_alnum(c) || strchr("._*+!-${}", c) != NULL;
}

bool req_scan_name(const char *s, size_t *pp, size_t b)
{
	size_t p = *pp;
	if (p >= b || !is_alnum(s[p]))
		return false;
	while (p < b && (is_alnum(s[p]) || s[p] == '-' || s[p] == '_' || s[p] == '.'))
		p++;
	if (!is_alnum(s[p - 1]))
		return false;
	*pp = p;
	return true;
}

static const char *scan_extras(const char *s, size_t *pp, size_t b)
{
	size_t p = skip_ws(s, *pp + 1, b);
	if (p < b && s[p] == ']') {
		*pp = p + 1;
		return NULL;
	}
	for (;;) {
		if (!req_scan_name(s, &p, b))
			return "expected an extra's name";
		p = skip_ws(s, p, b);
		if (p < b && s[p] == ',') {
			p = skip_ws(s, p + 1, b);
			continue;
		}
		if (p < b && s[p] == ']') {
			*pp = p + 1;
			return NULL;
		}
		return "expected ',' or ']' after an extra";
	}
}

/* Length of the PEP 440 comparison operator at p, 0 if none. */
static size_t scan_op(const char *s, size_t p, size_t b)
{
	static const char *const ops[] = { "===", "==", "!=", "~=", "<=", ">=", "<", ">" };
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		size_t n = strlen(ops[i]);
		if (b - p >= n && memcmp(s + p, ops[i], n) == 0)
			return n;
	}
	return 0;
}

struct spec_scan {
	size_t a, b; /* the whole specifier as written */
	size_t nclauses;
	size_t op_a, op_len, ver_a, ver_b; /* the first clause */
};

static const char *scan_spec(const char *s, size_t *pp, size_t b, struct spec_scan *sc)
{
	size_t p = *pp;
	sc->a = p;
	sc->nclauses = 0;
	for (;;) {
		size_t op_a = p, op_len = scan_op(s, p, b);
		if (!op_len)
			return "expected a comparison operator";
		p = skip_ws(s, p + op_len, b);
		size_t ver_a = p;
		while (p < b && is_version_char(s[p]))
			p++;
		if (p == ver_a)
			return "expected a version after the operator";
		if (sc->nclauses++ == 0) {
			sc->op_a = op_a;
			sc->op_len = op_len;
			sc->ver_a = ver_a;
			sc->ver_b = p;
		}
		sc->b = p;
		size_t q = skip_ws(s, p, b);
		if (q < b && s[q] == ',') {
			p = skip_ws(s, q + 1, b);
			continue;
		}
		*pp = p;
		return NULL;
	}
}

/* The pieces of one PEP 508 requirement, as offsets into its text. */
struct req {
	size_t name_a, name_b;
	size_t url_a, url_b; /* url_b == 0: no `@ URL` */
	bool has_spec;
	bool marker;     /* `; marker` follows */
	size_t marker_a; /* after its ';' */
	struct spec_scan spec;
};

static const char *parse_pep508(const char *s, size_t p, size_t b, struct req *r)
{
	const char *why;
	r->name_a = p;
	if (!req_scan_name(s, &p, b))
		return "expected a package name";
	r->name_b = p;
	p = skip_ws(s, p, b);
	if (p < b && s[p] == '[') {
		if ((why = scan_extras(s, &p, b)))
			return why;
		p = skip_ws(s, p, b);
	}
	if (p < b && s[p] == '@') {
		r->url_a = p = skip_ws(s, p + 1, b);
		while (p < b && !is_ws(s[p]))
			p++;
		/* PEP 508 wants whitespace before the ';' of a marker after a URL; pip users
		 * write it glued often enough that a trailing ';' is taken as the marker's. */
		if (p > r->url_a && s[p - 1] == ';')
			p--;
		r->url_b = p;
		if (r->url_a == r->url_b)
			return "expected a URL after '@'";
	} else if (p < b && s[p] == '(') {
		p = skip_ws(s, p + 1, b);
		if ((why = scan_spec(s, &p, b, &r->spec)))
			return why;
		p = skip_ws(s, p, b);
		if (p >= b || s[p] != ')')
			return "expected ')' after the version specifier";
		p++;
		r->has_spec = true;
	} else if (p < b && scan_op(s, p, b)) {
		if ((why = scan_spec(s, &p, b, &r->spec)))
			return why;
		r->has_spec = true;
	}
	p = skip_ws(s, p, b);
	if (p < b && s[p] != ';')
		return "expected a version specifier, '@ URL' or ';' and a marker";
	r->marker = p < b;
	r->marker_a = p + 1;
	return NULL;
}

/* The local label of a spec that pins one exact version ("==2.1.0+cu121" -> "cu121"). */
static const char *spec_variant(const struct state *st, const struct text *t, const struct spec_scan *sc)
{
	if (sc->nclauses != 1 || t->s[sc->op_a] != '=')
		return NULL;
	const char *plus = memchr(t->s + sc->ver_a, '+', sc->ver_b - sc->ver_a);
	if (!plus || plus + 1 == t->s + sc->ver_b)
		return NULL;
	return req_dup(st, t, (size_t)(plus + 1 - t->s), sc->ver_b);
}

static void pep508_requirement(struct state *st, const struct tok *k)
{
	const struct text *t = k->t;
	struct req r;
	memset(&r, 0, sizeof(r));
	const char *why = parse_pep508(t->s, k->a, k->b, &r);
	if (why) {
		if (!req_report_var(st, t, k->a, k->b, "requirement"))
			req_bad_requirement(st, k, why);
		return;
	}
	struct pin p;
	memset(&p, 0, sizeof(p));
	p.kind = PIN_KIND_PACKAGE;
	p.name = req_normalized_name(st, t, r.name_a, r.name_b);
	if (!req_worth_keeping(p.name))
		return;
	p.pkg = pin_pkg_of(p.name, PIN_ECO_PIP);
	p.name_span = req_span(st, t, r.name_a, r.name_b);
	p.span = p.name_span;
	p.marker = r.marker;
	if (r.marker)
		p.marker_text = req_dup(st, t, r.marker_a, k->b);
	if (r.url_b) {
		struct wheel w;
		p.url = req_dup(st, t, r.url_a, r.url_b);
		if (req_wheel_parse(t->s, r.url_a, r.url_b, &w) > 0)
			req_wheel_version(st, t, &w, &p);
		else
			p.span = req_span(st, t, r.name_a, r.url_b);
		p.unresolved = req_report_var(st, t, r.url_a, r.url_b, "URL");
	} else if (r.has_spec) {
		p.spec = req_dup(st, t, r.spec.a, r.spec.b);
		p.variant = spec_variant(st, t, &r.spec);
		p.span = req_span(st, t, r.spec.a, r.spec.b);
		p.unresolved = req_report_var(st, t, r.spec.a, r.spec.b, "version");
	}
	req_add_pin(st, t, &p);
}

static void requirement(struct state *st, const struct tok *k)
{
	const char *s = k->t->s;
	static const char *const vcs[] = { "git+", "hg+", "svn+", "bzr+" };
	for (size_t i = 0; i < sizeof(vcs) / sizeof(vcs[0]); i++)
		if (has_prefix_ci(s, k->a, k->b, vcs[i]))
			return; /* built from a checkout: no version to read */
	if (req_looks_like_url(s, k->a, k->b) || req_looks_like_path(s, k->a, k->b))
		req_url_requirement(st, k);
	else
		pep508_requirement(st, k);
}

/* A requirement and its per-requirement options (--hash=..., --config-settings ...).
 * pip ends the requirement at the first whitespace-separated token that starts with '-'
 * (req_file.py break_args_options); those options name no version and are ignored. */
void req_requirement_line(struct state *st, const struct tok *line)
{
	const char *s = line->t->s;
	struct tok req = *line;
	for (size_t i = line->a + 1; i < line->b; i++) {
		if (s[i] == '-' && is_ws(s[i - 1])) {
			req.b = i;
			break;
		}
	}
	trim(s, &req.a, &req.b);
	if (req.a < req.b)
		requirement(st, &req);
}

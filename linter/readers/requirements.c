/*
 * requirements: pip requirements and constraints files, and the same grammar over words
 * that were already split (a conda `pip:` item, the arguments of `pip install` in a RUN).
 *
 * The grammar, after pip's src/pip/_internal/req/req_file.py and PEP 508. The first rule
 * that matches wins; anything a rule does not name is left alone.
 *
 *   file             ::= BOM? physical-line*
 *   physical-line    ::= text '\' EOL        -- joined to the next line, '\'s stripped from
 *                                               both ends (join_lines), no space added
 *                      | ws* '#' text EOL    -- comment-only: ends a continued line
 *                      | text EOL
 *   EOL              ::= '\n' | '\r\n' | end of file
 *   logical-line     ::= ws* (option-line | requirement-line)? comment?
 *   comment          ::= '#' ...             -- only at the start or after whitespace of the
 *                                               joined line (COMMENT_RE), so `x.zip#egg=x` is
 *                                               no comment, and a comment in a continued line
 *                                               swallows the lines joined after it, as in pip
 *   option-line      ::= option (ws+ option)*
 *   option           ::= '--' NAME ('=' VALUE | ws+ VALUE)?    -- VALUE iff NAME is in OPTIONS
 *                      | '-' LETTER (VALUE | ws+ VALUE)?        -- likewise
 *   requirement-line ::= requirement (ws+ '-' ...)?             -- --hash=... etc., ignored
 *   requirement      ::= ('git'|'hg'|'svn'|'bzr') '+' ...       -- VCS: skipped
 *                      | url-or-path ((ws+ | ';') ws* marker)?   -- wheel: name + version
 *                      | name ws* extras? ws* '@' ws* url (ws* ';' marker)?
 *                      | name ws* extras? ws* spec? ws* (';' marker)?
 *   name             ::= [A-Za-z0-9] ([A-Za-z0-9._-]* [A-Za-z0-9])?
 *   extras           ::= '[' ws* (name (ws* ',' ws* name)*)? ws* ']'
 *   spec             ::= '(' ws* clauses ws* ')' | clauses
 *   clauses          ::= clause (ws* ',' ws* clause)*
 *   clause           ::= ('===' | '==' | '!=' | '~=' | '<=' | '>=' | '<' | '>') ws* version
 *   version          ::= [A-Za-z0-9._*+!${}-]+   -- checked later by version.c, not here
 *   wheel            ::= name '-' version ('-' build)? '-' py '-' abi '-' platform '.whl'
 *   marker           ::= anything               -- not evaluated, never part of spec
 *
 * `${NAME}` (NAME in [A-Z0-9_]) is pip's only environment-variable form; it is never
 * expanded here: the pin is marked unresolved and an EL004 says which variable.
 * Positions: a logical line is copied out of the source, but each copied run remembers
 * its source byte offset (struct seg), so every span is made by source_span() from real
 * offsets, whatever continuations, comments or a BOM did to the text.
 */
#include "readers.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"
#include "util/arena.h"
#include "util/vec.h"
#include "util/xalloc.h"

/* Files read through -r/-c below one top-level file. Each file is read once per walk, so
 * with this cap a diamond of includes costs at most this many reads. */
#define REQ_MAX_INCLUDES 256
/* How much of a bad requirement an EL003 message quotes. */
#define REQ_QUOTE_BYTES 80
#define REQ_LOADED_MAX (sizeof(((struct read_ctx *)0)->loaded) / sizeof(((struct read_ctx *)0)->loaded[0]))

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
	const struct seg *segs;  /* sorted by `at`, none empty */
	size_t nsegs;
	struct span whole;
	struct span via;         /* from the word; line 0: none */
	bool unresolved;         /* the word held a variable its reader could not resolve */
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
	const struct source *src;  /* the file being read; changes inside an include */
	const char *base_dir;      /* where relative -r/-c paths resolve */
	uint32_t scope;
	enum pin_eco eco;
	size_t npins;              /* pins added in this walk, includes counted */
	bool full;                 /* READER_MAX_PINS reached: stop reading */
	const char *done[REQ_MAX_INCLUDES];  /* canonical paths already included */
	unsigned ndone;
};

/* ------------------------------------------------------------------ characters */

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alnum(char c)
{
	return is_alpha(c) || is_digit(c);
}

static bool is_version_char(char c)
{
	return is_alnum(c) || strchr("._*+!-${}", c) != NULL;
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool has_prefix_ci(const char *s, size_t a, size_t b, const char *pre)
{
	size_t n = strlen(pre);
	if (b - a < n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (lower(s[a + i]) != pre[i])
			return false;
	return true;
}

static bool has_suffix_ci(const char *s, size_t a, size_t b, const char *suf)
{
	size_t n = strlen(suf);
	return b - a >= n && has_prefix_ci(s, b - n, b, suf);
}

static size_t skip_ws(const char *s, size_t p, size_t b)
{
	while (p < b && is_ws(s[p]))
		p++;
	return p;
}

static void trim(const char *s, size_t *a, size_t *b)
{
	*a = skip_ws(s, *a, *b);
	while (*b > *a && is_ws(s[*b - 1]))
		(*b)--;
}

/* ------------------------------------------------------------------ positions */

/* The source offset of logical offset `pos`. At a seam between two runs a start belongs
 * to the later run and an end to the earlier one, so a span never covers a '\' + EOL. */
static size_t map_pos(const struct text *t, size_t pos, bool end)
{
	size_t lo = 0, hi = t->nsegs;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (end ? t->segs[mid].at < pos : t->segs[mid].at <= pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	const struct seg *g = &t->segs[lo ? lo - 1 : 0];
	size_t off = pos > g->at ? pos - g->at : 0;
	return g->src + (off < g->len ? off : g->len);
}

static struct span span_of(const struct state *st, const struct text *t, size_t a, size_t b)
{
	if (!t->nsegs)
		return t->whole;
	return source_span(st->src, map_pos(t, a, false), map_pos(t, b, true));
}

static struct span tok_span(const struct state *st, const struct tok *k)
{
	return span_of(st, k->t, k->a, k->b);
}

static char *dup(const struct state *st, const struct text *t, size_t a, size_t b)
{
	return arena_strndup(st->ctx->arena, t->s + a, b - a);
}

static int quote_len(size_t n)
{
	return (int)(n > REQ_QUOTE_BYTES ? REQ_QUOTE_BYTES : n);
}

/* ------------------------------------------------------------------ diagnostics */

static void bad_requirement(struct state *st, const struct tok *k, const char *why)
{
	/* A word whose variables its own reader could not expand was reported there. */
	if (k->t->unresolved)
		return;
	size_t n = k->b - k->a;
	diag_add(st->ctx->diags, RULE_EL003, st->src->path, tok_span(st, k), NULL,
		 "cannot parse requirement '%.*s%s': %s", quote_len(n), k->t->s + k->a,
		 n > REQ_QUOTE_BYTES ? "..." : "", why);
}

/* pip expands `${NAME}` with NAME in [A-Z0-9_] and nothing else (req_file.py
 * ENV_VAR_RE). Finds the first one in [a, b). */
static bool find_var(const char *s, size_t a, size_t b, size_t *va, size_t *vb)
{
	for (size_t i = a; i + 3 < b; i++) {
		if (s[i] != '$' || s[i + 1] != '{')
			continue;
		size_t j = i + 2;
		while (j < b && ((s[j] >= 'A' && s[j] <= 'Z') || is_digit(s[j]) || s[j] == '_'))
			j++;
		if (j > i + 2 && j < b && s[j] == '}') {
			*va = i;
			*vb = j + 1;
			return true;
		}
		i = j - 1;
	}
	return false;
}

/* Reports the first `${NAME}` in [a, b) with EL004; true if there was one. */
static bool report_var(struct state *st, const struct text *t, size_t a, size_t b,
		       const char *what)
{
	size_t va, vb;
	if (!find_var(t->s, a, b, &va, &vb))
		return false;
	if (!t->unresolved)
		diag_add(st->ctx->diags, RULE_EL004, st->src->path, span_of(st, t, va, vb), NULL,
			 "%s uses '%.*s', which envlint does not expand", what, (int)(vb - va),
			 t->s + va);
	return true;
}

/* ------------------------------------------------------------------ pins */

/* Only packages a check may read are kept: a role in pip or conda (a conda name in a pip
 * file is a finding of its own), or the torch* and nvidia-* families a rule may learn to
 * read. Every package of a 700-line lock file would cost a pin each and buy nothing:
 * the checks skip PIN_PKG_OTHER. */
static bool worth_keeping(const char *name)
{
	return pin_pkg_of(name, PIN_ECO_PIP) != PIN_PKG_OTHER ||
	       pin_pkg_of(name, PIN_ECO_CONDA) != PIN_PKG_OTHER ||
	       strncmp(name, "nvidia-", 7) == 0 || strncmp(name, "torch", 5) == 0;
}

static char *normalized_name(const struct state *st, const struct text *t, size_t a, size_t b)
{
	size_t size = st_add(b - a, 1);
	char *buf = arena_alloc(st->ctx->arena, size);
	return pin_normalize_name(t->s + a, b - a, buf, size);
}

static void add_pin(struct state *st, const struct text *t, struct pin *p)
{
	if (st->full)
		return;
	if (st->npins >= READER_MAX_PINS) {
		st->full = true;
		diag_add(st->ctx->diags, RULE_EL007, st->src->path, p->span, NULL,
			 "more than %d pins; the rest of '%s' is not read", READER_MAX_PINS,
			 st->src->path);
		return;
	}
	p->eco = st->eco;
	p->scope = st->scope;
	p->file = st->src->path;
	p->via = t->via;
	p->unresolved = p->unresolved || t->unresolved;
	pin_list_push(st->ctx->pins, p);
	st->npins++;
}

/* ------------------------------------------------------------------ wheels */

/* PEP 427: {name}-{version}(-{build})?-{python}-{abi}-{platform}.whl; no field holds '-'. */
struct wheel {
	size_t name_a, name_b;
	size_t ver_a, ver_b;
};

/* 1: [a, b) names a wheel, fields in *w; 0: not a wheel; -1: a .whl with a bad name. */
static int wheel_parse(const char *s, size_t a, size_t b, struct wheel *w)
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
static void wheel_version(struct state *st, const struct text *t, const struct wheel *w,
			  struct pin *p)
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
	p->span = span_of(st, t, w->ver_a, w->ver_b);
}

/* ------------------------------------------------------------------ requirements */

static bool scan_name(const char *s, size_t *pp, size_t b)
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
		if (!scan_name(s, &p, b))
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
	size_t a, b;        /* the whole specifier as written */
	size_t nclauses;
	size_t op_a, op_len, ver_a, ver_b;  /* the first clause */
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
	size_t url_a, url_b;  /* url_b == 0: no `@ URL` */
	bool has_spec;
	struct spec_scan spec;
};

static const char *parse_pep508(const char *s, size_t p, size_t b, struct req *r)
{
	const char *why;
	r->name_a = p;
	if (!scan_name(s, &p, b))
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
	return NULL;
}

/* The local label of a spec that pins one exact version ("==2.1.0+cu121" -> "cu121"). */
static const char *spec_variant(const struct state *st, const struct text *t,
				const struct spec_scan *sc)
{
	if (sc->nclauses != 1 || t->s[sc->op_a] != '=')
		return NULL;
	const char *plus = memchr(t->s + sc->ver_a, '+', sc->ver_b - sc->ver_a);
	if (!plus || plus + 1 == t->s + sc->ver_b)
		return NULL;
	return dup(st, t, (size_t)(plus + 1 - t->s), sc->ver_b);
}

static void pep508_requirement(struct state *st, const struct tok *k)
{
	const struct text *t = k->t;
	struct req r;
	memset(&r, 0, sizeof(r));
	const char *why = parse_pep508(t->s, k->a, k->b, &r);
	if (why) {
		if (!report_var(st, t, k->a, k->b, "requirement"))
			bad_requirement(st, k, why);
		return;
	}
	struct pin p;
	memset(&p, 0, sizeof(p));
	p.kind = PIN_KIND_PACKAGE;
	p.name = normalized_name(st, t, r.name_a, r.name_b);
	if (!worth_keeping(p.name))
		return;
	p.pkg = pin_pkg_of(p.name, PIN_ECO_PIP);
	p.name_span = span_of(st, t, r.name_a, r.name_b);
	p.span = p.name_span;
	if (r.url_b) {
		struct wheel w;
		p.url = dup(st, t, r.url_a, r.url_b);
		if (wheel_parse(t->s, r.url_a, r.url_b, &w) > 0)
			wheel_version(st, t, &w, &p);
		else
			p.span = span_of(st, t, r.name_a, r.url_b);
		p.unresolved = report_var(st, t, r.url_a, r.url_b, "URL");
	} else if (r.has_spec) {
		p.spec = dup(st, t, r.spec.a, r.spec.b);
		p.variant = spec_variant(st, t, &r.spec);
		p.span = span_of(st, t, r.spec.a, r.spec.b);
		p.unresolved = report_var(st, t, r.spec.a, r.spec.b, "version");
	}
	add_pin(st, t, &p);
}

static bool looks_like_url(const char *s, size_t a, size_t b)
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
static bool looks_like_path(const char *s, size_t a, size_t b)
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
		if (!scan_name(s, &p, b))
			return false;
		*na = i + 5;
		*nb = p;
		return true;
	}
	return false;
}

static void url_requirement(struct state *st, const struct tok *k)
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
	int kind = wheel_parse(s, a, e, &w);
	size_t na, nb;
	if (kind < 0) {
		/* `pip install dist/NAME*.whl` in a RUN line: a shell glob over built wheels names
		 * no version envlint could read; it is not a malformed requirement. */
		for (size_t i = a; i < e; i++)
			if (s[i] == '*' || s[i] == '?')
				return;
		bad_requirement(st, k, "a wheel file name is name-version-python-abi-platform.whl");
		return;
	}
	if (kind > 0) {
		na = w.name_a;
		nb = w.name_b;
	} else if (!egg_name(s, a, e, &na, &nb)) {
		return; /* a local project or an sdist: nothing to read without building it */
	}
	p.name = normalized_name(st, t, na, nb);
	if (!worth_keeping(p.name))
		return;
	p.pkg = pin_pkg_of(p.name, PIN_ECO_PIP);
	p.name_span = span_of(st, t, na, nb);
	p.url = dup(st, t, a, e);
	p.span = span_of(st, t, a, e);
	if (kind > 0)
		wheel_version(st, t, &w, &p);
	p.unresolved = report_var(st, t, a, e, "URL");
	add_pin(st, t, &p);
}

static void requirement(struct state *st, const struct tok *k)
{
	const char *s = k->t->s;
	static const char *const vcs[] = { "git+", "hg+", "svn+", "bzr+" };
	for (size_t i = 0; i < sizeof(vcs) / sizeof(vcs[0]); i++)
		if (has_prefix_ci(s, k->a, k->b, vcs[i]))
			return; /* built from a checkout: no version to read */
	if (looks_like_url(s, k->a, k->b) || looks_like_path(s, k->a, k->b))
		url_requirement(st, k);
	else
		pep508_requirement(st, k);
}

/* A requirement and its per-requirement options (--hash=..., --config-settings ...).
 * pip ends the requirement at the first whitespace-separated token that starts with '-'
 * (req_file.py break_args_options); those options name no version and are ignored. */
static void requirement_line(struct state *st, const struct tok *line)
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

/* ------------------------------------------------------------------ options */

enum opt_what {
	OPT_VALUE,    /* takes a value envlint ignores */
	OPT_INDEX,    /* -i, --extra-index-url, -f: a PIN_KIND_INDEX pin */
	OPT_INCLUDE,  /* -r, -c: read the named file */
};

struct option {
	const char *name;
	enum opt_what what;
	enum pin_index_kind index;
	const char *long_name;  /* the pin's name for OPT_INDEX */
};

/* Options of `pip install` and of requirements files that take a value, sorted by strcmp
 * for bsearch (pip's cli/cmdoptions.py). Flags without a value are not listed: an unknown
 * option is skipped, which is right for them. */
static const struct option OPTIONS[] = {
	{ "--abi", OPT_VALUE, PIN_INDEX_NONE, NULL },
	{ "--build-constraint", OPT_VALUE, PIN_INDEX_NONE, NULL },
	{ "--cache-dir", OPT_VALUE, PIN_INDEX_NONE, NULL },
	{ "--cert", OPT_VALUE, PIN_INDEX_NONE, NULL },
	{ "--client-cert", OPT_VALUE, PIN_INDEX_NONE, NULL },
	{ "--config-settings", OPT_VALUE, PIN_INDEX_NONE, NULL },
	{ "--constraint", OPT_INCLUDE, PIN_INDEX_NONE, NULL },
	{ "--editable", OPT_VALUE, PIN_INDEX_NONE, NULL },
	{ "--exists-action", OPT_VALUE, PIN_INDEX_NONE, NULL },
	{ "--extra-index-url", OPT_INDEX, PIN_INDEX_EXTRA, "--extra-index-url" },
	{ "--find-links", OPT_INDEX, PIN_INDEX_FIND_LINKS, "--find-links" },
	{ "--global-option", OPT_VALUE, PIN_INDEX_NONE, NULL },
	{ "--group", OPT_VALUE, PIN_INDEX_NONE, NULL },
	{ "--hash", OPT_VALUE, PIN_INDEX_NONE, NULL },
	{ "--implementation", OPT_VALUE, PIN_INDEX_NONE, NULL },
	{ "--index-url", OPT_INDEX, PIN_INDEX_URL, "--index-url" },
	{ "--install-option", OPT_VALUE, PIN_INDEX_NONE, NULL },
	{ "--keyring-provider", OPT_VALUE, PIN_INDEX_NONE, NULL },
	{ "--log", OPT_VALUE, PIN_INDEX_NONE, NULL },
	{ "--log-file", OPT_VALUE, PIN_INDEX_NONE, NULL },
	{ "--no-binary", OPT_VALUE, PIN_INDEX_NONE, NULL },
	{ "--only-binary", OPT_VALUE, PIN_INDEX_NONE, NULL },
	{ "--platform", OPT_VALUE, PIN_INDEX_NONE, NULL },
	{ "--prefix", OPT_VALUE, PIN_INDEX_NONE, NULL },
	{ "--progress-bar", OPT_VALUE, PIN_INDEX_NONE, NULL },
	{ "--proxy", OPT_VALUE, PIN_INDEX_NONE, NULL },
	{ "--python", OPT_VALUE, PIN_INDEX_NONE, NULL },
	{ "--python-version", OPT_VALUE, PIN_INDEX_NONE, NULL },
	{ "--report", OPT_VALUE, PIN_INDEX_NONE, NULL },
	{ "--requirement", OPT_INCLUDE, PIN_INDEX_NONE, NULL },
	{ "--retries", OPT_VALUE, PIN_INDEX_NONE, NULL },
	{ "--root", OPT_VALUE, PIN_INDEX_NONE, NULL },
	{ "--root-user-action", OPT_VALUE, PIN_INDEX_NONE, NULL },
	{ "--src", OPT_VALUE, PIN_INDEX_NONE, NULL },
	{ "--target", OPT_VALUE, PIN_INDEX_NONE, NULL },
	{ "--timeout", OPT_VALUE, PIN_INDEX_NONE, NULL },
	{ "--trusted-host", OPT_VALUE, PIN_INDEX_NONE, NULL },
	{ "--upgrade-strategy", OPT_VALUE, PIN_INDEX_NONE, NULL },
	{ "--use-deprecated", OPT_VALUE, PIN_INDEX_NONE, NULL },
	{ "--use-feature", OPT_VALUE, PIN_INDEX_NONE, NULL },
	{ "-C", OPT_VALUE, PIN_INDEX_NONE, NULL },
	{ "-c", OPT_INCLUDE, PIN_INDEX_NONE, NULL },
	{ "-e", OPT_VALUE, PIN_INDEX_NONE, NULL },
	{ "-f", OPT_INDEX, PIN_INDEX_FIND_LINKS, "--find-links" },
	{ "-i", OPT_INDEX, PIN_INDEX_URL, "--index-url" },
	{ "-r", OPT_INCLUDE, PIN_INDEX_NONE, NULL },
	{ "-t", OPT_VALUE, PIN_INDEX_NONE, NULL },
};

struct opt_key {
	const char *s;
	size_t n;
};

static int option_cmp(const void *key, const void *elem)
{
	const struct opt_key *k = key;
	const char *name = ((const struct option *)elem)->name;
	size_t m = strlen(name);
	int c = memcmp(k->s, name, k->n < m ? k->n : m);
	if (c)
		return c;
	return k->n < m ? -1 : k->n > m;
}

static const struct option *option_find(const char *s, size_t n)
{
	struct opt_key k = { s, n };
	return bsearch(&k, OPTIONS, sizeof(OPTIONS) / sizeof(OPTIONS[0]), sizeof(OPTIONS[0]),
		       option_cmp);
}

/* pip splits option lines with shlex, so a value may be quoted. */
static struct tok unquote(struct tok v)
{
	const char *s = v.t->s;
	if (v.b - v.a >= 2 && (s[v.a] == '"' || s[v.a] == '\'') && s[v.b - 1] == s[v.a]) {
		v.a++;
		v.b--;
	}
	return v;
}

static void index_pin(struct state *st, const struct option *o, const struct tok *opt,
		      const struct tok *value)
{
	struct tok v = unquote(*value);
	if (v.a == v.b)
		return;
	struct pin p;
	memset(&p, 0, sizeof(p));
	p.kind = PIN_KIND_INDEX;
	p.pkg = PIN_PKG_OTHER;
	p.index_kind = o->index;
	p.name = o->long_name;
	p.spec = dup(st, v.t, v.a, v.b);
	p.span = tok_span(st, &v);
	p.name_span = tok_span(st, opt);
	p.unresolved = report_var(st, v.t, v.a, v.b, "index URL");
	add_pin(st, v.t, &p);
}

static const char *dir_of(struct arena *arena, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return ".";
	if (slash == path)
		return "/";
	return arena_strndup(arena, path, (size_t)(slash - path));
}

static void read_file(struct state *st, const char *canon);

/* Whether `canon` is refused: a cycle, a file already read, or a passed limit. */
static bool include_refused(struct state *st, const char *canon, const char *path,
			    struct span at)
{
	struct read_ctx *ctx = st->ctx;
	for (unsigned i = 0; i < ctx->include_depth; i++) {
		if (ctx->include_stack[i] && strcmp(ctx->include_stack[i], canon) == 0) {
			diag_add(ctx->diags, RULE_EL005, st->src->path, at, NULL,
				 "include cycle: '%s' is already being read", path);
			return true;
		}
	}
	/* pip would read it again; its pins are the ones already recorded. */
	for (unsigned i = 0; i < st->ndone; i++)
		if (strcmp(st->done[i], canon) == 0)
			return true;
	if (ctx->include_depth > READER_MAX_INCLUDE_DEPTH) {
		diag_add(ctx->diags, RULE_EL007, st->src->path, at, NULL,
			 "-r/-c includes nest deeper than %d; '%s' is not read",
			 READER_MAX_INCLUDE_DEPTH, path);
		return true;
	}
	if (st->ndone >= REQ_MAX_INCLUDES) {
		diag_add(ctx->diags, RULE_EL007, st->src->path, at, NULL,
			 "more than %d files included; '%s' is not read", REQ_MAX_INCLUDES, path);
		return true;
	}
	return false;
}

static void include_file(struct state *st, const struct tok *value)
{
	struct read_ctx *ctx = st->ctx;
	struct tok v = unquote(*value);
	if (v.a == v.b || v.t->unresolved)
		return;
	struct span at = tok_span(st, &v);
	if (report_var(st, v.t, v.a, v.b, "include path"))
		return;
	if (looks_like_url(v.t->s, v.a, v.b))
		return; /* pip fetches it; envlint does no network I/O */
	const char *rel = dup(st, v.t, v.a, v.b);
	const char *path = rel[0] == '/' || strcmp(st->base_dir, ".") == 0
				   ? rel
				   : arena_printf(ctx->arena, "%s/%s", st->base_dir, rel);
	char *real = realpath(path, NULL);
	struct stat sb;
	if (!real || stat(real, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		diag_add(ctx->diags, RULE_EL006, st->src->path, at, NULL,
			 real ? "included '%s' is not a regular file" : "cannot find included file '%s'",
			 path);
		free(real);
		return;
	}
	const char *canon = arena_strdup(ctx->arena, real);
	free(real);
	if (include_refused(st, canon, path, at))
		return;
	st->done[st->ndone++] = canon;
	struct source *inc = arena_alloc(ctx->arena, sizeof(*inc));
	if (source_load(inc, path, ctx->arena, ctx->diags) != SOURCE_OK)
		return;
	if (ctx->nloaded < REQ_LOADED_MAX)
		ctx->loaded[ctx->nloaded++] = inc;
	const struct source *saved_src = st->src;
	const char *saved_dir = st->base_dir;
	st->src = inc;
	st->base_dir = dir_of(ctx->arena, path);
	read_file(st, canon);
	st->src = saved_src;
	st->base_dir = saved_dir;
}

/* Options and, in `words` mode, requirements. In a file's option line a stray word is
 * ignored, as pip's option parser leaves it. */
static void run_tokens(struct state *st, const struct tok *toks, size_t n, bool words)
{
	for (size_t i = 0; i < n && !st->full; i++) {
		const struct tok *k = &toks[i];
		const char *s = k->t->s;
		if (k->b - k->a < 2 || s[k->a] != '-') {
			if (words)
				requirement_line(st, k);
			continue;
		}
		size_t nb;
		struct tok value = { k->t, 0, 0 };
		bool inline_value = false;
		if (s[k->a + 1] == '-') {
			const char *eq = memchr(s + k->a, '=', k->b - k->a);
			nb = eq ? (size_t)(eq - s) : k->b;
			if (eq) {
				value.a = nb + 1;
				value.b = k->b;
				inline_value = true;
			}
		} else {
			nb = k->a + 2;  /* -rfile.txt is -r file.txt (optparse) */
			if (nb < k->b) {
				value.a = nb;
				value.b = k->b;
				inline_value = true;
			}
		}
		const struct option *o = option_find(s + k->a, nb - k->a);
		if (!o)
			continue; /* pip grows options; one without a value is safe to skip */
		if (!inline_value) {
			if (i + 1 >= n)
				continue; /* pip refuses an option without its value */
			value = toks[++i];
		}
		struct tok opt = { k->t, k->a, nb };
		if (o->what == OPT_INDEX)
			index_pin(st, o, &opt, &value);
		else if (o->what == OPT_INCLUDE)
			include_file(st, &value);
	}
}

/* Splits [a, b) at whitespace outside quotes and appends the pieces to *out. */
static void split_tokens(const struct text *t, size_t a, size_t b, struct tok_vec *out)
{
	const char *s = t->s;
	size_t p = skip_ws(s, a, b);
	while (p < b) {
		size_t q = p;
		char quote = 0;
		while (q < b && (quote || !is_ws(s[q]))) {
			if (quote && s[q] == quote)
				quote = 0;
			else if (!quote && (s[q] == '"' || s[q] == '\''))
				quote = s[q];
			q++;
		}
		struct tok k = { t, p, q };
		vec_push(out, k);
		p = skip_ws(s, q, b);
	}
}

/* ------------------------------------------------------------------ files */

struct line {
	VEC(char) text;
	VEC(struct seg) segs;
	size_t total;   /* logical bytes, counted even past the limit */
};

static void line_append(struct line *ln, const char *s, size_t a, size_t b)
{
	ln->total = st_add(ln->total, b - a);
	if (a == b || ln->total > READER_MAX_LINE_BYTES)
		return;
	struct seg g = { ln->text.nr, a, b - a };
	vec_push(&ln->segs, g);
	vec_grow(&ln->text, st_add(ln->text.nr, b - a + 1));
	memcpy(ln->text.items + ln->text.nr, s + a, b - a);
	ln->text.nr += b - a;
}

/* Gathers the logical line starting at *pos (join_lines) and moves *pos past it.
 * Returns the end of its first physical line, for an EL007 span. */
static size_t gather_line(const struct source *src, size_t *pos, struct line *ln)
{
	const char *s = src->bytes;
	size_t first_end = 0;
	ln->text.nr = ln->segs.nr = 0;
	ln->total = 0;
	for (bool first = true; *pos < src->len; first = false) {
		size_t ls = *pos;
		const char *nl = memchr(s + ls, '\n', src->len - ls);
		size_t le = nl ? (size_t)(nl - s) : src->len;
		*pos = nl ? le + 1 : src->len;
		if (le > ls && s[le - 1] == '\r')
			le--;
		if (first)
			first_end = le;
		size_t c = skip_ws(s, ls, le);
		if (c < le && s[c] == '#')
			break; /* comment-only: ends the line and adds nothing */
		if (le == ls || s[le - 1] != '\\') {
			line_append(ln, s, ls, le);
			break;
		}
		while (le > ls && s[le - 1] == '\\')
			le--;
		while (ls < le && s[ls] == '\\')
			ls++;
		line_append(ln, s, ls, le);
	}
	return first_end;
}

static void logical_line(struct state *st, const struct line *ln)
{
	struct text t = { ln->text.items, ln->text.nr, ln->segs.items, ln->segs.nr,
			  span_none(), span_none(), false };
	size_t a = 0, b = t.len;
	for (size_t i = 0; i < b; i++) {
		if (t.s[i] == '#' && (i == 0 || is_ws(t.s[i - 1]))) {
			b = i;
			break;
		}
	}
	trim(t.s, &a, &b);
	if (a == b)
		return;
	struct tok line = { &t, a, b };
	if (memchr(t.s + a, '\0', b - a)) {
		bad_requirement(st, &line, "the line holds a NUL byte");
		return;
	}
	if (t.s[a] != '-') {
		requirement_line(st, &line);
		return;
	}
	struct tok_vec toks = { NULL, 0, 0 };
	split_tokens(&t, a, b, &toks);
	run_tokens(st, toks.items, toks.nr, false);
	vec_release(&toks);
}

static void read_lines(struct state *st)
{
	const struct source *src = st->src;
	struct line ln;
	memset(&ln, 0, sizeof(ln));
	size_t pos = src->has_bom ? 3 : 0;
	while (pos < src->len && !st->full) {
		size_t first = pos;
		size_t first_end = gather_line(src, &pos, &ln);
		if (ln.total > READER_MAX_LINE_BYTES) {
			diag_add(st->ctx->diags, RULE_EL007, src->path,
				 source_span(src, first, first_end), NULL,
				 "line is %zu bytes, over the %u-byte limit; not read", ln.total,
				 READER_MAX_LINE_BYTES);
			continue;
		}
		logical_line(st, &ln);
	}
	vec_release(&ln.text);
	vec_release(&ln.segs);
}

static void read_file(struct state *st, const char *canon)
{
	struct read_ctx *ctx = st->ctx;
	bool pushed = ctx->include_depth < READER_MAX_INCLUDE_DEPTH + 1;
	if (pushed)
		ctx->include_stack[ctx->include_depth++] = canon;
	read_lines(st);
	if (pushed)
		ctx->include_stack[--ctx->include_depth] = NULL;
}

static void state_init(struct state *st, struct read_ctx *ctx, const struct source *src,
		       const char *base_dir, uint32_t scope, enum pin_eco eco)
{
	memset(st, 0, sizeof(*st));
	st->ctx = ctx;
	st->src = src;
	st->base_dir = base_dir ? base_dir : dir_of(ctx->arena, src->path);
	st->scope = scope;
	st->eco = eco;
}

bool read_requirements(struct read_ctx *ctx, const struct source *src)
{
	struct state st;
	state_init(&st, ctx, src, NULL, read_ctx_new_scope(ctx), PIN_ECO_PIP);
	/* Sources made in memory have no file: their path cannot take part in a cycle. */
	char *real = realpath(src->path, NULL);
	const char *canon = real ? arena_strdup(ctx->arena, real) : src->path;
	free(real);
	read_file(&st, canon);
	return true;
}

/* ------------------------------------------------------------------ words */

void requirements_from_words(struct read_ctx *ctx, const struct source *src, const struct word *words,
			     size_t n, const char *base_dir, uint32_t scope, enum pin_eco eco)
{
	struct state st;
	state_init(&st, ctx, src, base_dir, scope, eco);
	struct text *texts = n ? xcalloc(n, sizeof(*texts)) : NULL;
	struct seg *segs = n ? xcalloc(n, sizeof(*segs)) : NULL;
	struct tok_vec toks = { NULL, 0, 0 };
	for (size_t i = 0; i < n; i++) {
		const struct word *w = &words[i];
		bool exact = w->verbatim && w->offset <= src->len && w->len <= src->len - w->offset;
		segs[i] = (struct seg){ 0, w->offset, w->len };
		texts[i] = (struct text){ w->text, w->len, exact ? &segs[i] : NULL, exact ? 1 : 0,
					  w->span, w->via, w->unresolved };
		struct tok k = { &texts[i], 0, w->len };
		if (w->len > READER_MAX_LINE_BYTES) {
			diag_add(ctx->diags, RULE_EL007, src->path, w->span, NULL,
				 "argument is %zu bytes, over the %u-byte limit; not read", w->len,
				 READER_MAX_LINE_BYTES);
			continue;
		}
		if (memchr(w->text, '\0', w->len)) {
			bad_requirement(&st, &k, "the argument holds a NUL byte");
			continue;
		}
		trim(w->text, &k.a, &k.b);
		if (k.a == k.b)
			continue;
		/* A Jinja/Go template placeholder ("{{ ARGS }}") in a templated Dockerfile: its
		 * value is decided by another tool, like an unset variable. */
		if (strstr(w->text, "{{") || strstr(w->text, "{%")) {
			diag_add(ctx->diags, RULE_EL004, src->path, w->span, NULL,
				 "'%.*s' is a template placeholder; what it installs is not checked",
				 (int)(w->len > 60 ? 60 : w->len), w->text);
			continue;
		}
		/* A conda `pip:` item is one requirements line: "--index-url URL" may be one word. */
		bool spaced = false;
		for (size_t j = k.a; j < k.b && !spaced; j++)
			spaced = is_ws(w->text[j]);
		if (spaced && w->text[k.a] == '-')
			split_tokens(&texts[i], k.a, k.b, &toks);
		else
			vec_push(&toks, k);
	}
	run_tokens(&st, toks.items, toks.nr, true);
	vec_release(&toks);
	free(texts);
	free(segs);
}

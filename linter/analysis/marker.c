/*
 * marker.c: a recursive-descent reader of PEP 508's marker grammar (marker_or /
 * marker_and / marker_expr) with Kleene's three-valued logic, so that one undecided
 * clause decides nothing unless the other clauses do: `sys_platform == "darwin" and
 * python_version < "3.12"` is false on Linux whatever the Python.
 */
#include "marker.h"
#include "pin_spec.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

struct mparse {
	const char *s;
	bool bad;
	const struct marker_env *env;
};

static void skip_ws(struct mparse *p)
{
	while (*p->s == ' ' || *p->s == '\t')
		p->s++;
}

static bool take_word(struct mparse *p, const char *w)
{
	skip_ws(p);
	size_t n = strlen(w);
	if (strncmp(p->s, w, n) || isalnum((unsigned char)p->s[n]) || p->s[n] == '_')
		return false;
	p->s += n;
	return true;
}

/* One marker_var: a quoted string or a variable name; its text in buf. */
static bool read_var(struct mparse *p, char *buf, size_t size, bool *quoted)
{
	skip_ws(p);
	size_t n = 0;
	*quoted = *p->s == '"' || *p->s == '\'';
	if (*quoted) {
		char q = *p->s++;
		while (*p->s && *p->s != q) {
			if (n + 1 >= size)
				return false;
			buf[n++] = *p->s++;
		}
		if (*p->s != q)
			return false;
		p->s++;
	} else {
		while (isalnum((unsigned char)*p->s) || *p->s == '_' || *p->s == '.') {
			if (n + 1 >= size)
				return false;
			buf[n++] = *p->s++;
		}
		if (!n)
			return false;
	}
	buf[n] = '\0';
	return true;
}

static const char *const OPS[] = { "===", "~=", "==", "!=", "<=", ">=", "<", ">" };

static bool read_op(struct mparse *p, char *op, size_t size)
{
	skip_ws(p);
	for (size_t i = 0; i < sizeof(OPS) / sizeof(OPS[0]); i++) {
		size_t n = strlen(OPS[i]);
		if (!strncmp(p->s, OPS[i], n)) {
			p->s += n;
			snprintf(op, size, "%s", OPS[i]);
			return true;
		}
	}
	if (take_word(p, "in")) {
		snprintf(op, size, "in");
		return true;
	}
	if (take_word(p, "not") && take_word(p, "in")) {
		snprintf(op, size, "not in");
		return true;
	}
	return false;
}

/* The value of a variable name, NULL when not known; *is_version for the Python ones. */
static const char *var_value(const struct marker_env *env, const char *name, char *buf, size_t size,
			     bool *is_version)
{
	*is_version = false;
	if (!strcmp(name, "sys_platform") || !strcmp(name, "sys.platform"))
		return env->sys_platform;
	if (!strcmp(name, "platform_system"))
		return env->platform_system;
	if (!strcmp(name, "platform_machine") || !strcmp(name, "platform.machine"))
		return env->platform_machine;
	if (!strcmp(name, "os_name") || !strcmp(name, "os.name"))
		return env->os_name;
	if (!strcmp(name, "python_version") || !strcmp(name, "python_full_version")) {
		*is_version = true;
		if (!env->has_python)
			return NULL;
		struct version v = env->python;
		/* python_version is X.Y; a full version known only as X.Y is not known. */
		if (!strcmp(name, "python_version") && v.nrelease > 2)
			v.nrelease = 2;
		else if (!strcmp(name, "python_full_version") && v.nrelease < 3)
			return NULL;
		version_format(&v, buf, size);
		return buf;
	}
	return NULL;
}

static enum marker_value compare(const char *l, const char *op, const char *r, bool as_version)
{
	if (!strcmp(op, "in"))
		return strstr(r, l) ? MARKER_TRUE : MARKER_FALSE;
	if (!strcmp(op, "not in"))
		return strstr(r, l) ? MARKER_FALSE : MARKER_TRUE;
	if (as_version) {
		/* `python_version < "3.12"`: l is the variable's version, r the specifier's. */
		char text[80];
		snprintf(text, sizeof(text), "%s%s", op, r);
		struct version_spec spec;
		struct version v;
		if (!version_spec_parse_pep440(&spec, text, strlen(text)) || !version_parse(&v, l, strlen(l)))
			return MARKER_UNDECIDED;
		return version_spec_matches(&spec, &v) ? MARKER_TRUE : MARKER_FALSE;
	}
	if (!strcmp(op, "==") || !strcmp(op, "==="))
		return strcmp(l, r) ? MARKER_FALSE : MARKER_TRUE;
	if (!strcmp(op, "!="))
		return strcmp(l, r) ? MARKER_TRUE : MARKER_FALSE;
	return MARKER_UNDECIDED; /* an ordering of platform strings: packaging's own guess */
}

/* The mirror of a comparison, for a literal on the left (`"3.8" <= python_version`). */
static const char *flip(const char *op)
{
	static const char *const pairs[][2] = { { "<", ">" }, { ">", "<" }, { "<=", ">=" }, { ">=", "<=" } };
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
		if (!strcmp(op, pairs[i][0]))
			return pairs[i][1];
	return op;
}

static enum marker_value parse_or(struct mparse *p, unsigned depth);

static enum marker_value parse_expr(struct mparse *p, unsigned depth)
{
	skip_ws(p);
	if (*p->s == '(') {
		p->s++;
		enum marker_value v = parse_or(p, depth + 1);
		skip_ws(p);
		if (*p->s != ')')
			p->bad = true;
		else
			p->s++;
		return v;
	}
	char lt[96], rt[96], op[8], lb[32], rb[32];
	bool lq, rq, lver = false, rver = false;
	if (!read_var(p, lt, sizeof(lt), &lq) || !read_op(p, op, sizeof(op)) ||
	    !read_var(p, rt, sizeof(rt), &rq)) {
		p->bad = true;
		return MARKER_UNDECIDED;
	}
	if (lq == rq) /* two variables or two strings: nothing platform-specific to decide */
		return MARKER_UNDECIDED;
	const char *l = lq ? lt : var_value(p->env, lt, lb, sizeof(lb), &lver);
	const char *r = rq ? rt : var_value(p->env, rt, rb, sizeof(rb), &rver);
	if (!l || !r)
		return MARKER_UNDECIDED;
	if (rver && strcmp(op, "in") && strcmp(op, "not in"))
		return compare(r, flip(op), l, true);
	return compare(l, op, r, lver);
}

/* Kleene's and/or: `dominant` (FALSE for and, TRUE for or) decides alone; otherwise an
 * undecided operand leaves the chain undecided. */
static enum marker_value combine(enum marker_value v, enum marker_value w, enum marker_value dominant)
{
	if (v == dominant || w == dominant)
		return dominant;
	return v == MARKER_UNDECIDED || w == MARKER_UNDECIDED ? MARKER_UNDECIDED : v;
}

static enum marker_value parse_and(struct mparse *p, unsigned depth)
{
	enum marker_value v = parse_expr(p, depth);
	while (!p->bad && take_word(p, "and"))
		v = combine(v, parse_expr(p, depth), MARKER_FALSE);
	return v;
}

static enum marker_value parse_or(struct mparse *p, unsigned depth)
{
	if (depth > 16) {
		p->bad = true;
		return MARKER_UNDECIDED;
	}
	enum marker_value v = parse_and(p, depth);
	while (!p->bad && take_word(p, "or"))
		v = combine(v, parse_and(p, depth), MARKER_TRUE);
	return v;
}

enum marker_value marker_eval(const struct marker_env *self, const char *marker)
{
	if (!marker)
		return MARKER_UNDECIDED;
	struct mparse p = { marker, false, self };
	enum marker_value v = parse_or(&p, 0);
	skip_ws(&p);
	if (p.bad || *p.s)
		return MARKER_UNDECIDED;
	return v;
}

size_t marker_filter(const struct marker_env *self, const struct pin *pins, size_t n, struct pin_list *out)
{
	size_t dropped = 0;
	for (size_t i = 0; i < n; i++) {
		struct pin p = pins[i];
		if (p.marker_text) {
			struct marker_env env = *self;
			/* The scope's exact Python pin, wherever it stands in the scope. */
			for (size_t k = 0; k < n && !env.has_python; k++)
				if (pins[k].scope == p.scope && pins[k].pkg == PIN_PKG_PYTHON &&
				    !pins[k].marker_text)
					env.has_python = pin_spec_line(&pins[k], &env.python);
			enum marker_value v = marker_eval(&env, p.marker_text);
			if (v == MARKER_FALSE) {
				dropped++;
				continue;
			}
			/* A marker that holds on the target says nothing more: the checks that
			 * leave alone a pin which may not apply (pin.h `marker`) judge this one. */
			p.marker = v != MARKER_TRUE;
		}
		pin_list_push(out, &p);
	}
	return dropped;
}

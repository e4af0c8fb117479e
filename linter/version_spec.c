/*
 * version_spec: PEP 440 and conda version specifiers: parsing, matching against a
 * version, and filtering a list of known versions. Versions themselves (parsing,
 * ordering, formatting) live in version.c.
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
#include "version_internal.h"

#include <string.h>

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
	{ "==", VOP_EQ },     { "!=", VOP_NE }, { "<=", VOP_LE }, { ">=", VOP_GE },
	{ "~=", VOP_COMPAT }, { "<", VOP_LT },  { ">", VOP_GT },  { "=", VOP_PREFIX },
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

bool version_is_prerelease(const struct version *v)
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
static bool clause_conda_version(struct version_clause *cl, enum version_op op, const struct cursor *c)
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
		return false; /* conda's glob form "1.*.3" is not supported */
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
		if (cl->op != VOP_NE && cl->op != VOP_NOT_PREFIX && cl->op != VOP_ANY && cl->v.nrelease > 0 &&
		    version_is_prerelease(&cl->v))
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
		if (!spec_add(out, piece, 0, clause_parse_pep440) || (p == c.end && c.end[-1] == ',')) {
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
		       !(!version_is_prerelease(b) && version_is_prerelease(v) && version_same_base(v, b));
	case VOP_GT:
		/* ">3.1" must not admit 3.1.post1 unless the bound is a post-release, nor a
		 * local version of the same release (3.1+cu121). Like pip, "the same" means
		 * the same epoch and release, so ">3.1rc1" refuses 3.1rc1.post1 and
		 * 3.1.post1 alike. */
		return version_cmp(v, b) > 0 && !(b->post < 0 && v->post >= 0 && version_same_base(v, b)) &&
		       !(v->local[0] && version_same_base(v, b));
	case VOP_COMPAT:
		return version_cmp_public(v, b) >= 0 && prefix_matches(v, b, cl->prefix_parts);
	case VOP_ARBITRARY:
		version_format(v, text, sizeof(text));
		return ascii_equal_nocase(text, cl->arbitrary);
	}
	return false;
}

/* Every clause among the first n sharing clause i's group matches. */
static bool group_matches(const struct version_spec *s, unsigned n, unsigned i, const struct version *v)
{
	for (unsigned j = 0; j < n; j++)
		if (s->group[j] == s->group[i] && !clause_matches(&s->clauses[j], v))
			return false;
	return true;
}

bool version_spec_matches(const struct version_spec *spec, const struct version *v)
{
	unsigned n = spec->nclauses > VERSION_SPEC_MAX_CLAUSES ? VERSION_SPEC_MAX_CLAUSES : spec->nclauses;
	if (!spec->allows_pre && version_is_prerelease(v))
		return false;
	if (n == 0)
		return true;
	for (unsigned i = 0; i < n; i++)
		if (group_matches(spec, n, i, v))
			return true;
	return false;
}

size_t version_spec_filter(const struct version_spec *spec, const struct version *known, size_t n, bool *out)
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
	unsigned n = spec->nclauses > VERSION_SPEC_MAX_CLAUSES ? VERSION_SPEC_MAX_CLAUSES : spec->nclauses;
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

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
 *   EOL              ::= '\n' | '\r\n' | '\r' | end of file
 *                                            -- a lone '\r' too: pip splits the file with
 *                                               str.splitlines(), and source.c counts it
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
 *
 * This file reads lines and options; `requirement` is parsed in requirements_pep508.c
 * (url-or-path and wheel in requirements_url.c), and -r/-c are followed in
 * requirements_include.c. requirements_internal.h is what they share.
 */
#include "readers.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "requirements_internal.h"
#include "util/arena.h"
#include "util/text.h"
#include "util/vec.h"
#include "util/xalloc.h"

/* How much of a bad requirement an EL003 message quotes. */
#define REQ_QUOTE_BYTES 80

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

struct span req_span(const struct state *st, const struct text *t, size_t a, size_t b)
{
	if (!t->nsegs)
		return t->whole;
	return source_span(st->src, map_pos(t, a, false), map_pos(t, b, true));
}

struct span req_tok_span(const struct state *st, const struct tok *k)
{
	return req_span(st, k->t, k->a, k->b);
}

char *req_dup(const struct state *st, const struct text *t, size_t a, size_t b)
{
	return arena_strndup(st->ctx->arena, t->s + a, b - a);
}

static int quote_len(size_t n)
{
	return (int)(n > REQ_QUOTE_BYTES ? REQ_QUOTE_BYTES : n);
}

/* ------------------------------------------------------------------ diagnostics */

void req_bad_requirement(struct state *st, const struct tok *k, const char *why)
{
	/* A word whose variables its own reader could not expand was reported there. */
	if (k->t->unresolved)
		return;
	size_t n = k->b - k->a;
	diag_add(st->ctx->diags, RULE_EL003, st->src->path, req_tok_span(st, k), NULL,
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
bool req_report_var(struct state *st, const struct text *t, size_t a, size_t b, const char *what)
{
	size_t va, vb;
	if (!find_var(t->s, a, b, &va, &vb))
		return false;
	if (!t->unresolved)
		diag_add(st->ctx->diags, RULE_EL004, st->src->path, req_span(st, t, va, vb), NULL,
			 "%s uses '%.*s', which envlint does not expand", what, (int)(vb - va), t->s + va);
	return true;
}

/* ------------------------------------------------------------------ pins */

/* Only packages a check may read are kept: a role in pip or conda (a conda name in a pip
 * file is a finding of its own), or the torch* and nvidia-* families a rule may learn to
 * read. Every package of a 700-line lock file would cost a pin each and buy nothing:
 * the checks skip PIN_PKG_OTHER. */
bool req_worth_keeping(const char *name)
{
	return pin_pkg_of(name, PIN_ECO_PIP) != PIN_PKG_OTHER ||
	       pin_pkg_of(name, PIN_ECO_CONDA) != PIN_PKG_OTHER || strncmp(name, "nvidia-", 7) == 0 ||
	       strncmp(name, "torch", 5) == 0;
}

char *req_normalized_name(const struct state *st, const struct text *t, size_t a, size_t b)
{
	size_t size = st_add(b - a, 1);
	char *buf = arena_alloc(st->ctx->arena, size);
	return pin_normalize_name(t->s + a, b - a, buf, size);
}

void req_add_pin(struct state *st, const struct text *t, struct pin *p)
{
	if (st->full)
		return;
	if (st->npins >= READER_MAX_PINS) {
		st->full = true;
		diag_add(st->ctx->diags, RULE_EL007, st->src->path, p->span, NULL,
			 "more than %d pins; the rest of '%s' is not read", READER_MAX_PINS, st->src->path);
		return;
	}
	p->eco = st->eco;
	p->scope = st->scope;
	p->file = st->src->path;
	p->via = t->via;
	p->unresolved = p->unresolved || t->unresolved;
	p->text = PIN_TEXT_LINE;
	if (st->words_src && st->src == st->words_src)
		p->text =
			st->words_text == PIN_TEXT_SHELL && !t->bare ? PIN_TEXT_SHELL_QUOTED : st->words_text;
	pin_list_push(st->ctx->pins, p);
	st->npins++;
}

/* ------------------------------------------------------------------ options */

enum opt_what {
	OPT_VALUE,   /* takes a value envlint ignores */
	OPT_INDEX,   /* -i, --extra-index-url, -f: a PIN_KIND_INDEX pin */
	OPT_INCLUDE, /* -r, -c: read the named file */
};

struct option {
	const char *name;
	enum opt_what what;
	enum pin_index_kind index;
	const char *long_name; /* the pin's name for OPT_INDEX */
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
	/* uv: take torch and its companions from the PyTorch index of a backend (cu126, cpu,
	 * auto: the one of the machine uv runs on). */
	{ "--torch-backend", OPT_INDEX, PIN_INDEX_URL, "--torch-backend" },
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
	return bsearch(&k, OPTIONS, sizeof(OPTIONS) / sizeof(OPTIONS[0]), sizeof(OPTIONS[0]), option_cmp);
}

/* pip splits option lines with shlex, so a value may be quoted. */
struct tok req_unquote(struct tok v)
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
	struct tok v = req_unquote(*value);
	if (v.a == v.b)
		return;
	struct pin p;
	memset(&p, 0, sizeof(p));
	p.kind = PIN_KIND_INDEX;
	p.pkg = PIN_PKG_OTHER;
	p.index_kind = o->index;
	p.name = o->long_name;
	p.spec = req_dup(st, v.t, v.a, v.b);
	p.span = req_tok_span(st, &v);
	p.name_span = req_tok_span(st, opt);
	p.unresolved = req_report_var(st, v.t, v.a, v.b, "index URL");
	req_add_pin(st, v.t, &p);
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
				req_requirement_line(st, k);
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
			nb = k->a + 2; /* -rfile.txt is -r file.txt (optparse) */
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
			req_include_file(st, &value);
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
	size_t total; /* logical bytes, counted even past the limit */
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

/* The physical line at ls: its content ends at *le (before "\n", "\r\n" or a lone
 * "\r"); returns where the next one starts. */
static size_t physical_line(const struct source *src, size_t ls, size_t *le)
{
	const char *s = src->bytes;
	const char *nl = memchr(s + ls, '\n', src->len - ls);
	size_t end = nl ? (size_t)(nl - s) : src->len;
	const char *cr = memchr(s + ls, '\r', end - ls);
	if (cr && (size_t)(cr - s) + 1 < end) {
		*le = (size_t)(cr - s);
		return *le + 1;
	}
	*le = cr ? (size_t)(cr - s) : end;
	return nl ? end + 1 : src->len;
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
		size_t ls = *pos, le;
		*pos = physical_line(src, ls, &le);
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
			  span_none(),    span_none(), false,          false };
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
		req_bad_requirement(st, &line, "the line holds a NUL byte");
		return;
	}
	if (t.s[a] != '-') {
		req_requirement_line(st, &line);
		return;
	}
	struct tok_vec toks = { NULL, 0, 0 };
	split_tokens(&t, a, b, &toks);
	run_tokens(st, toks.items, toks.nr, false);
	vec_release(&toks);
}

void req_read_lines(struct state *st)
{
	const struct source *src = st->src;
	struct line ln;
	memset(&ln, 0, sizeof(ln));
	size_t pos = src->has_bom ? 3 : 0;
	while (pos < src->len && !st->full) {
		size_t first = pos;
		size_t first_end = gather_line(src, &pos, &ln);
		if (ln.total > READER_MAX_LINE_BYTES) {
			diag_add(st->ctx->diags, RULE_EL007, src->path, source_span(src, first, first_end),
				 NULL, "line is %zu bytes, over the %u-byte limit; not read", ln.total,
				 READER_MAX_LINE_BYTES);
			continue;
		}
		logical_line(st, &ln);
	}
	vec_release(&ln.text);
	vec_release(&ln.segs);
}

static void state_init(struct state *st, struct read_ctx *ctx, const struct source *src, const char *base_dir,
		       uint32_t scope, enum pin_eco eco)
{
	memset(st, 0, sizeof(*st));
	st->ctx = ctx;
	st->src = src;
	st->base_dir = base_dir ? base_dir : text_dir_of(ctx->arena, src->path);
	st->scope = scope;
	st->eco = eco;
}

bool read_requirements(struct read_ctx *ctx, const struct source *src)
{
	/* `conda list -e > requirements.txt`: conda's, not pip's, spec list. */
	if (conda_spec_list_file(src)) {
		conda_read_spec_list(ctx, src);
		return true;
	}
	struct state st;
	state_init(&st, ctx, src, NULL, read_ctx_new_scope(ctx), PIN_ECO_PIP);
	/* Its identity is needed only for -r/-c cycles: req_include_file asks for it on the
	 * first include. */
	st.lazy_path = src->path;
	st.lazy_slot = ctx->include_depth;
	req_read_file(&st, (struct file_id){ 0 });
	return true;
}

/* ------------------------------------------------------------------ words */

void requirements_from_words(struct read_ctx *ctx, const struct source *src, const struct word *words,
			     size_t n, const char *base_dir, uint32_t scope, enum pin_eco eco,
			     enum pin_text text)
{
	struct state st;
	state_init(&st, ctx, src, base_dir, scope, eco);
	st.words_src = src;
	st.words_text = text;
	struct text *texts = n ? xcalloc(n, sizeof(*texts)) : NULL;
	struct seg *segs = n ? xcalloc(n, sizeof(*segs)) : NULL;
	struct tok_vec toks = { NULL, 0, 0 };
	for (size_t i = 0; i < n; i++) {
		const struct word *w = &words[i];
		bool exact = w->verbatim && w->offset <= src->len && w->len <= src->len - w->offset;
		segs[i] = (struct seg){ 0, w->offset, w->len };
		texts[i] = (struct text){ w->text, w->len, exact ? &segs[i] : NULL, exact ? 1 : 0,
					  w->span, w->via, w->unresolved,           w->bare };
		struct tok k = { &texts[i], 0, w->len };
		if (w->len > READER_MAX_LINE_BYTES) {
			diag_add(ctx->diags, RULE_EL007, src->path, w->span, NULL,
				 "argument is %zu bytes, over the %u-byte limit; not read", w->len,
				 READER_MAX_LINE_BYTES);
			continue;
		}
		if (memchr(w->text, '\0', w->len)) {
			req_bad_requirement(&st, &k, "the argument holds a NUL byte");
			continue;
		}
		trim(w->text, &k.a, &k.b);
		if (k.a == k.b)
			continue;
		/* A template placeholder ("{{ ARGS }}", "torch=={torch_version}") in a templated
		 * Dockerfile: its value is decided by another tool, like an unset variable. */
		if (text_has_template(w->text)) {
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

/*
 * shell_scan.c: which RUN bodies need tree-sitter at all. Most RUN bodies (apt-get,
 * make, curl, ln) install nothing envlint reads, and parsing and walking them was most
 * of a run's time. A body is parsed only when a byte search says it may hold a command
 * shell_classify answers SHELL_TOOL_PIP or SHELL_TOOL_CONDA for, or when it may nest
 * deeper than SHELL_MAX_NESTING (which is reported, whatever the body runs).
 *
 * The search is an over-approximation of the words shell.c builds. Every such command
 * has a word holding "pip" (pip, pip3.10, pipx, python -m pip, -mpip, uv pip), "conda"
 * or "mamba" (mamba, micromamba). A word's characters are the body's bytes without
 * quotes and backslashes, or the values `$`-expansion puts in, so the body is searched
 * twice: as written with \ ' " skipped (literal words, `${X:-pip}`, a `$pip` left as
 * written in single quotes), then with every `$X`/`${...}` expanded by
 * shell_expand_dollar, the function the walk uses (a command spelled through an ARG or
 * ENV). Anything else only makes a body parsed that did not need to be.
 *
 * A body that is parsed is mostly commands that install nothing either (`apt-get
 * install` and forty package names, then `pip install torch`), and tree-sitter-bash
 * spends about ten thousand instructions on each word and hundreds on each blank.
 * shell_cut_idle hands the parser only the top-level commands the same search keeps,
 * joined by the operator that followed each, with runs of blanks between words cut to
 * one; the offset map carries every kept byte back to the Dockerfile. It cuts only
 * bodies a small lexer fully understands (quotes, `$(...)`, `${...}`, backquotes,
 * subshells) and that are plain lists of simple commands: no heredoc, comment,
 * reserved word, `;;` or dangling operator, which could make tree-sitter's error
 * recovery read the commands it keeps differently.
 */
#include "shell.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "shell_internal.h"
#include "util/vec.h"
#include "util/xalloc.h"

/* The substrings every command shell_classify reads for pins has in one of its words
 * (see the note above). Sorted; a program shell_classify learns must be covered here.
 * What only runs another program (sudo, nice, xargs, conda run, ...) needs no word of
 * its own: the program it runs is pip or conda. */
static const char *const SHELL_INSTALL_WORDS[] = { "conda", "mamba", "pip" };

#define SHELL_INSTALL_WORDS_NR (sizeof(SHELL_INSTALL_WORDS) / sizeof(SHELL_INSTALL_WORDS[0]))

/* Bytes a word's text never holds in their place: quotes and the escape are removed
 * (bash manual, "Quote Removal"). */
static bool skipped(char c)
{
	return c == '\\' || c == '\'' || c == '"';
}

/* True when t[i...] spells `word`, skipping quote and escape bytes between its letters. */
static bool spells_at(const char *t, size_t i, size_t n, const char *word)
{
	for (; *word; word++, i++) {
		while (i < n && skipped(t[i]))
			i++;
		if (i >= n || t[i] != *word)
			return false;
	}
	return true;
}

/* Whether t[0, n) holds `word` as it is. */
static bool contains(const char *t, size_t n, const char *word)
{
	size_t wn = strlen(word);
	for (const char *p = n ? memchr(t, word[0], n) : NULL; p;
	     p = memchr(p + 1, word[0], n - (size_t)(p + 1 - t)))
		if ((size_t)(t + n - p) >= wn && !memcmp(p, word, wn))
			return true;
	return false;
}

/* Whether t[0, n) spells a word of SHELL_INSTALL_WORDS, quotes and escapes skipped. Each
 * word's first letter is found with memchr: a body is mostly other bytes. */
static bool has_install_word(const char *t, size_t n)
{
	for (size_t k = 0; k < SHELL_INSTALL_WORDS_NR; k++) {
		const char *w = SHELL_INSTALL_WORDS[k];
		for (const char *p = n ? memchr(t, w[0], n) : NULL; p;
		     p = memchr(p + 1, w[0], n - (size_t)(p + 1 - t)))
			if (spells_at(t, (size_t)(p - t), n, w))
				return true;
	}
	return false;
}

/* Every node that nests (command and process substitution, subshell, `{ }`) starts with
 * one of these bytes of its own (tree-sitter-bash grammar.js), so a body with at most
 * SHELL_MAX_NESTING of them cannot go deeper than the walk enters. */
static bool may_nest_too_deep(const char *t, size_t n)
{
	static const char OPENERS[] = "({`";
	size_t openers = 0;
	for (const char *o = OPENERS; *o; o++)
		for (const char *p = n ? memchr(t, *o, n) : NULL; p;
		     p = memchr(p + 1, *o, n - (size_t)(p + 1 - t)))
			if (++openers > SHELL_MAX_NESTING)
				return true;
	return false;
}

/* Whether expansion can put characters into the body's words that are not its bytes:
 * a `${...}` (its operand stands without the braces) or a `$NAME` the Dockerfile
 * declares with a value (RUN-time expansion leaves any other `$NAME` as written). */
static bool expansion_may_add(const struct shell_expander *exp, const struct shell_input *in)
{
	const char *t = in->text;
	size_t n = in->len;
	for (const char *p = memchr(t, '$', n); p; p = memchr(p + 1, '$', n - (size_t)(p + 1 - t))) {
		size_t i = (size_t)(p - t) + 1;
		if (i < n && t[i] == '{')
			return true;
		size_t ns = i;
		while (i < n && (t[i] == '_' || isalnum((unsigned char)t[i])))
			i++;
		if (i > ns && shell_name_start(t[ns])) {
			int32_t v = shell_env_lookup(exp->env, exp->stage, t + ns, i - ns);
			if (v >= 0 && exp->env->vars.items[v].has_value)
				return true;
		}
	}
	return false;
}

/* The body with quotes and escapes removed and each `$` expanded as the walk expands it
 * (expanded text keeps its quotes: they are characters of the value). */
static bool expanded_has_install_word(const struct shell_expander *exp, const struct shell_input *in)
{
	struct shell_text t;
	shell_text_init(&t);
	VEC(char) s = { NULL, 0, 0 };
	for (size_t i = 0; i < in->len;) {
		char c = in->text[i];
		if (c == '$') {
			size_t before = t.text.nr;
			i = shell_expand_dollar(exp, in, i, in->len, &t, 0);
			size_t added = t.text.nr - before;
			if (added) {
				vec_grow(&s, st_add(s.nr, added));
				memcpy(s.items + s.nr, t.text.items + before, added);
				s.nr += added;
			}
		} else {
			if (!skipped(c))
				vec_push(&s, c);
			i++;
		}
	}
	bool found = false;
	for (size_t k = 0; k < SHELL_INSTALL_WORDS_NR && !found; k++)
		found = contains(s.items, s.nr, SHELL_INSTALL_WORDS[k]);
	vec_release(&s);
	shell_text_release(&t);
	return found;
}

bool shell_may_install(const struct shell_expander *exp, const struct shell_input *in)
{
	if (may_nest_too_deep(in->text, in->len) || has_install_word(in->text, in->len))
		return true;
	return expansion_may_add(exp, in) && expanded_has_install_word(exp, in);
}

/* ------------------------------------------------------------------ cutting */

/* Reserved words (bash manual, "Reserved Words"): compound commands hold `;` and `&&`
 * of their own, `[[` too. A body with one, wherever it stands, is parsed whole. Sorted
 * (strcmp order) for bsearch. */
static const char *const SHELL_COMPOUND_WORDS[] = {
	"!",        "[[", "case", "coproc", "do",   "done", "elif",  "else",  "esac", "fi", "for",
	"function", "if", "in",   "select", "then", "time", "until", "while", "{",    "}",
};

/* Deeper `$(`/`"`/`${`/`` ` `` nesting than this: the body is parsed whole. */
#define SHELL_SPLIT_MAX_DEPTH 32

enum split_ctx { SPLIT_SUB, SPLIT_DQ, SPLIT_BRACE, SPLIT_BQ };

/* A top-level control operator at text[from, to) (bash manual, "Definitions"). Lists
 * (`;`, newline) and chains (`&&`, `||`) end a command and are where a body is cut;
 * pipes and `&` are not cut at, but are checked for a command before them too. */
enum split_kind { SPLIT_LIST, SPLIT_CHAIN, SPLIT_PIPE, SPLIT_BACKGROUND };

struct split_sep {
	size_t from, to;
	enum split_kind kind;
};

/* Bytes [from, to) the parse can do without: all but the first of a run of top-level
 * blanks (tree-sitter-bash spends hundreds of instructions on each blank it reads). */
struct split_gap {
	size_t from, to;
};

struct split {
	VEC(struct split_sep) seps;
	VEC(struct split_gap) gaps;
	enum split_ctx stack[SHELL_SPLIT_MAX_DEPTH];
	unsigned depth;
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Bytes after which a new shell word starts (bash manual, "Definitions": metacharacters). */
static bool ends_word(char c)
{
	return is_blank(c) || c == ';' || c == '&' || c == '|' || c == '(' || c == ')' || c == '<' ||
	       c == '>';
}

static bool push(struct split *s, enum split_ctx c)
{
	if (s->depth >= SHELL_SPLIT_MAX_DEPTH)
		return false;
	s->stack[s->depth++] = c;
	return true;
}

/* One step in a command context (the top level or inside `$( )`/`( )`): returns the
 * index after what was read, or 0 when the body must be parsed whole. */
static size_t step_command(struct split *s, const char *t, size_t n, size_t i, bool word_start)
{
	char c = t[i], d = i + 1 < n ? t[i + 1] : '\0';
	bool top = s->depth == 0;
	switch (c) {
	case ' ':
	case '\t': {
		size_t j = i + 1;
		while (j < n && (t[j] == ' ' || t[j] == '\t'))
			j++;
		if (top && j - i > 1) {
			struct split_gap gap = { i + 1, j };
			vec_push(&s->gaps, gap);
		}
		return j;
	}
	case '\\':
		return i + 2 <= n ? i + 2 : n;
	case '\'': {
		const char *q = memchr(t + i + 1, '\'', n - i - 1);
		return q ? (size_t)(q - t) + 1 : 0;
	}
	case '"':
		return push(s, SPLIT_DQ) ? i + 1 : 0;
	case '`':
		return push(s, SPLIT_BQ) ? i + 1 : 0;
	case '$':
		if (d == '\'') {
			/* ANSI-C quoting: backslash escapes a quote */
			size_t j = i + 2;
			while (j < n && t[j] != '\'')
				j += t[j] == '\\' ? 2 : 1;
			return j < n ? j + 1 : 0;
		}
		if (d == '(')
			return push(s, SPLIT_SUB) ? i + 2 : 0;
		if (d == '{')
			return push(s, SPLIT_BRACE) ? i + 2 : 0;
		return i + 1;
	case '(':
		return push(s, SPLIT_SUB) ? i + 1 : 0;
	case ')':
		if (!s->depth || s->stack[s->depth - 1] != SPLIT_SUB)
			return 0;
		s->depth--;
		return i + 1;
	case '<':
	case '>':
		if (c == '<' && d == '<')
			return 0; /* heredoc or here-string */
		if (d == '(')
			return push(s, SPLIT_SUB) ? i + 2 : 0;
		return i + 1;
	case '#':
		return word_start ? 0 : i + 1; /* a comment */
	case '{':
	case '}':
		/* `{ list; }` is a compound command; `{}` or `a{b,c}` is a word */
		return word_start && (i + 1 >= n || ends_word(d)) ? 0 : i + 1;
	case ';':
		if (d == ';' || d == '&')
			return 0; /* case clauses */
				  /* fall through */
	case '\n':
		if (top) {
			struct split_sep sep = { i, i + 1, SPLIT_LIST };
			vec_push(&s->seps, sep);
		}
		return i + 1;
	case '&':
	case '|': {
		if (i > 0 && (t[i - 1] == '>' || t[i - 1] == '<') && c == '&')
			return i + 1; /* 2>&1, <&3 */
		if (c == '&' && d == '>')
			return i + 1; /* &> file */
		size_t to = d == c || (c == '|' && d == '&') ? i + 2 : i + 1;
		if (top) {
			struct split_sep sep = { i, to,
						 d == c     ? SPLIT_CHAIN
						 : c == '|' ? SPLIT_PIPE
							    : SPLIT_BACKGROUND };
			vec_push(&s->seps, sep);
		}
		return to;
	}
	default:
		return i + 1;
	}
}

/* One step inside "..." , `${...}` or `...`: the index after it, or 0. */
static size_t step_quoted(struct split *s, const char *t, size_t n, size_t i)
{
	enum split_ctx ctx = s->stack[s->depth - 1];
	char c = t[i], d = i + 1 < n ? t[i + 1] : '\0';
	if (c == '\\')
		return i + 2 <= n ? i + 2 : n;
	if ((ctx == SPLIT_DQ && c == '"') || (ctx == SPLIT_BRACE && c == '}') ||
	    (ctx == SPLIT_BQ && c == '`')) {
		s->depth--;
		return i + 1;
	}
	if (ctx != SPLIT_DQ && (c == '\'' || c == '"'))
		return 0;
	if (ctx == SPLIT_BQ)
		return i + 1;
	if (c == '`')
		return ctx == SPLIT_DQ && push(s, SPLIT_BQ) ? i + 1 : 0;
	if (c == '$' && d == '(')
		return push(s, SPLIT_SUB) ? i + 2 : 0;
	if (c == '$' && d == '{')
		return push(s, SPLIT_BRACE) ? i + 2 : 0;
	return i + 1;
}

static int word_cmp(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

/* Whether the word starting at t[i] is one of SHELL_COMPOUND_WORDS. */
static bool is_compound_word(const char *t, size_t i, size_t n)
{
	/* the first bytes of SHELL_COMPOUND_WORDS: most words are let go here */
	if (!memchr("![cdefistuw{}", t[i], 13))
		return false;
	char w[16];
	size_t e = i;
	while (e < n && !ends_word(t[e]) && e - i < sizeof(w) - 1)
		e++;
	if (e == i || (e < n && !ends_word(t[e])))
		return false;
	memcpy(w, t + i, e - i);
	w[e - i] = '\0';
	return bsearch(w, SHELL_COMPOUND_WORDS,
		       sizeof(SHELL_COMPOUND_WORDS) / sizeof(SHELL_COMPOUND_WORDS[0]),
		       sizeof(SHELL_COMPOUND_WORDS[0]), word_cmp) != NULL;
}

bool shell_is_reserved_word(const char *t, size_t from, size_t to)
{
	return to > from && is_compound_word(t, from, to);
}

/* The top-level separators of t[0, n) into s->seps; false when the body is not plain
 * enough to cut (see shell_blank_idle). */
static bool find_separators(struct split *s, const char *t, size_t n)
{
	bool word_start = true;
	for (size_t i = 0; i < n;) {
		bool command = !s->depth || s->stack[s->depth - 1] == SPLIT_SUB;
		/* A reserved word anywhere (even where bash reads it as a plain word) can make
		 * tree-sitter's error recovery read the commands around it differently. */
		if (command && word_start && is_compound_word(t, i, n))
			return false;
		size_t next = command ? step_command(s, t, n, i, word_start) : step_quoted(s, t, n, i);
		if (!next)
			return false;
		word_start = command && t[i] != '\\' && ends_word(t[next - 1]);
		i = next;
	}
	return s->depth == 0;
}

/* Whether t[a, b) holds only blanks. */
static bool segment_blank(const char *t, size_t a, size_t b)
{
	while (a < b && is_blank(t[a]))
		a++;
	return a == b;
}

/* Whether every control operator has a command before it (a newline may follow a blank
 * line), and every chain or pipe one after it: a body that is not valid shell is parsed
 * as written, so that tree-sitter's error recovery sees what it always saw. */
static bool operators_joined(const struct split *s, const char *t, size_t n)
{
	size_t prev = 0;
	bool need_after = false;
	for (size_t k = 0; k < s->seps.nr; k++) {
		const struct split_sep *sep = &s->seps.items[k];
		bool before = !segment_blank(t, prev, sep->from);
		if (before)
			need_after = false;
		if (!before && !(sep->kind == SPLIT_LIST && t[sep->from] == '\n'))
			return false;
		need_after = need_after || sep->kind == SPLIT_CHAIN || sep->kind == SPLIT_PIPE;
		prev = sep->to;
	}
	return !need_after || !segment_blank(t, prev, n);
}

bool shell_cut_idle(const struct shell_expander *exp, const struct shell_input *in, struct shell_input *out,
		    char *text, size_t *map)
{
	const char *t = in->text;
	size_t n = in->len;
	struct split s;
	memset(&s, 0, sizeof(s));
	/* tree-sitter reads a NUL as a blank (shell_find_commands), the split would not */
	bool ok = !memchr(t, '\0', n) && find_separators(&s, t, n) && operators_joined(&s, t, n);
	/* The cuts: the list and chain operators. Segment k runs from the end of cut k - 1
	 * to the start of cut k. */
	VEC(struct split_sep) cuts = { NULL, 0, 0 };
	for (size_t k = 0; ok && k < s.seps.nr; k++)
		if (s.seps.items[k].kind == SPLIT_LIST || s.seps.items[k].kind == SPLIT_CHAIN)
			vec_push(&cuts, s.seps.items[k]);
	size_t nseg = cuts.nr + 1;
#define SEG_START(k) ((k) ? cuts.items[(k)-1].to : 0)
#define SEG_END(k) ((k) < cuts.nr ? cuts.items[(k)].from : n)
	bool *keep = ok ? xcalloc(nseg, sizeof(*keep)) : NULL;
	size_t kept = 0;
	for (size_t k = 0; ok && k < nseg; k++) {
		if (segment_blank(t, SEG_START(k), SEG_END(k)))
			continue;
		struct shell_input seg = { t + SEG_START(k), SEG_END(k) - SEG_START(k),
					   in->map + SEG_START(k) };
		keep[k] = shell_may_install(exp, &seg);
		kept += keep[k];
	}
	ok = ok && kept;
	if (ok) {
		/* What stays: the kept segments in order, each followed by the cut after it
		 * when another kept segment comes later (so the commands are joined as they
		 * were), less the gaps. */
		bool *drop = xcalloc(n ? n : 1, sizeof(*drop));
		size_t left = kept;
		for (size_t k = 0; k < nseg; k++) {
			size_t a = SEG_START(k), b = SEG_END(k);
			if (keep[k] && --left && k < cuts.nr)
				b = cuts.items[k].to;
			else if (!keep[k])
				b = a;
			for (size_t i = b; i < (k < cuts.nr ? cuts.items[k].to : n); i++)
				drop[i] = true;
		}
		for (size_t g = 0; g < s.gaps.nr; g++)
			for (size_t i = s.gaps.items[g].from; i < s.gaps.items[g].to; i++)
				drop[i] = true;
		size_t o = 0;
		for (size_t i = 0; i < n; i++)
			if (!drop[i]) {
				text[o] = t[i];
				map[o++] = in->map[i];
			}
		free(drop);
		ok = o < n;
		out->text = text;
		out->len = o;
		out->map = map;
	}
#undef SEG_START
#undef SEG_END
	free(keep);
	vec_release(&cuts);
	vec_release(&s.seps);
	vec_release(&s.gaps);
	return ok;
}

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
 */
#include "shell.h"

#include <ctype.h>
#include <string.h>

#include "shell_internal.h"
#include "util/vec.h"
#include "util/xalloc.h"

/* The substrings every command shell_classify reads for pins has in one of its words
 * (see the note above). Sorted; a program shell_classify learns must be covered here. */
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
	for (const char *p = n ? memchr(t, word[0], n) : NULL; p; p = memchr(p + 1, word[0], n - (size_t)(p + 1 - t)))
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
		for (const char *p = n ? memchr(t, w[0], n) : NULL; p; p = memchr(p + 1, w[0], n - (size_t)(p + 1 - t)))
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
	size_t openers = 0;
	for (size_t i = 0; i < n; i++)
		if (t[i] == '(' || t[i] == '{' || t[i] == '`')
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
			vec_grow(&s, st_add(s.nr, added));
			memcpy(s.items + s.nr, t.text.items + before, added);
			s.nr += added;
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

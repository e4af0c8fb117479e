/*
 * shell_expand.c: the ARG/ENV table of a Dockerfile, text that remembers where each
 * byte came from, and `$`-expansion into it.
 *
 * Expansion follows the Dockerfile reference, "Environment replacement"
 * (https://docs.docker.com/reference/dockerfile/#environment-replacement): `$X`,
 * `${X}`, `${X:-word}`, `${X:+word}` (and the POSIX forms without ':' that BuildKit
 * also accepts). Anything else (`${X#pat}`, `${X/a/b}`, `$(cmd)`) is kept as written
 * and marked unresolved: envlint never guesses a value.
 *
 * Every expanded character carries the Dockerfile offset it came from (struct
 * shell_origin), so a version that reached a `pip install` through
 * `ENV TORCH_SPEC=torch==2.1.0` still points at the ENV line.
 */
#include "shell.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "shell_internal.h"
#include "util/arena.h"
#include "util/vec.h"
#include "util/xalloc.h"

/* ------------------------------------------------------------------ env */

void shell_env_init(struct shell_env *self)
{
	memset(self, 0, sizeof(*self));
	/* Stage 0 is the global ARG section before the first FROM. */
	vec_push(&self->parent, -1);
	self->bucket = xmalloc(st_mult(SHELL_ENV_BUCKETS, sizeof(*self->bucket)));
	for (size_t i = 0; i < SHELL_ENV_BUCKETS; i++)
		self->bucket[i] = -1;
}

/* FNV-1a over the name. */
static uint32_t name_hash(const char *name, size_t len)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)name[i]) * 16777619u;
	return h % SHELL_ENV_BUCKETS;
}

void shell_env_release(struct shell_env *self)
{
	vec_release(&self->vars);
	vec_release(&self->chain);
	free(self->bucket);
	vec_release(&self->parent);
	memset(self, 0, sizeof(*self));
}

uint32_t shell_env_add_stage(struct shell_env *self, int32_t parent)
{
	vec_push(&self->parent, parent);
	return (uint32_t)(self->parent.nr - 1);
}

void shell_env_add(struct shell_env *self, const struct shell_var *var)
{
	uint32_t h = name_hash(var->name, strlen(var->name));
	vec_push(&self->chain, self->bucket[h]);
	self->bucket[h] = (int32_t)self->vars.nr;
	vec_push(&self->vars, *var);
}

static bool var_is(const struct shell_var *v, const char *name, size_t len)
{
	return strlen(v->name) == len && memcmp(v->name, name, len) == 0;
}

int32_t shell_env_lookup(const struct shell_env *self, uint32_t stage, const char *name, size_t len)
{
	/* ENV persists into every stage built FROM this one; ARG does not (Dockerfile
	 * reference, "Scope" under ARG). The parent chain is bounded by the stage count
	 * because a stage can only name an earlier one. Chains run newest first. */
	int32_t head = self->bucket[name_hash(name, len)];
	const struct shell_var *vars = self->vars.items;
	const int32_t *chain = self->chain.items;
	size_t hops = 0;
	for (int32_t s = (int32_t)stage; s > 0 && hops <= self->parent.nr; s = self->parent.items[s], hops++)
		for (int32_t i = head; i >= 0; i = chain[i])
			if (vars[i].is_env && vars[i].stage == (uint32_t)s && var_is(&vars[i], name, len))
				return i;
	for (int32_t i = head; i >= 0; i = chain[i])
		if (!vars[i].is_env && vars[i].stage == stage && var_is(&vars[i], name, len))
			return i;
	return -1;
}

/* ------------------------------------------------------------------ text */

void shell_text_init(struct shell_text *self)
{
	memset(self, 0, sizeof(*self));
	vec_grow(&self->text, 64);
	vec_grow(&self->origin, 64);
	self->text.items[0] = '\0';
}

void shell_text_release(struct shell_text *self)
{
	vec_release(&self->text);
	vec_release(&self->origin);
	memset(self, 0, sizeof(*self));
}

void shell_text_reset(struct shell_text *self)
{
	self->text.nr = self->origin.nr = 0;
	self->text.items[0] = '\0';
	self->expanded = self->unresolved = self->has_split = false;
	self->unresolved_name = NULL;
}

void shell_text_addc(struct shell_text *self, char c, size_t off, int32_t var)
{
	struct shell_origin o = { off, var, false };
	/* Room for the byte and the NUL after it. */
	vec_grow(&self->text, st_add(self->text.nr, 2));
	self->text.items[self->text.nr++] = c;
	self->text.items[self->text.nr] = '\0';
	vec_push(&self->origin, o);
}

void shell_text_add_input(struct shell_text *out, const struct shell_input *in, size_t a, size_t b)
{
	/* What shell_text_addc appends for each byte, with room made once for the run
	 * (add_text copies most of a body through here). */
	if (b > in->len)
		b = in->len;
	if (a >= b)
		return;
	size_t n = b - a;
	vec_grow(&out->text, st_add(st_add(out->text.nr, n), 1));
	vec_grow(&out->origin, st_add(out->origin.nr, n));
	for (size_t i = a; i < b; i++) {
		struct shell_origin o = { in->map[i], -1, false };
		out->text.items[out->text.nr++] = in->text[i];
		out->origin.items[out->origin.nr++] = o;
	}
	out->text.items[out->text.nr] = '\0';
}

void shell_text_mark_unresolved(const struct shell_expander *self, struct shell_text *out, const char *name,
				size_t len)
{
	out->unresolved = true;
	if (!out->unresolved_name)
		out->unresolved_name = arena_strndup(self->arena, name, len);
}

static void add_var(const struct shell_expander *self, struct shell_text *out, int32_t idx)
{
	const struct shell_var *v = &self->env->vars.items[idx];
	for (size_t i = 0; i < v->len; i++) {
		int32_t var = v->origin[i].var >= 0 ? v->origin[i].var : idx;
		shell_text_addc(out, v->value[i], v->origin[i].off, var);
	}
	out->expanded = true;
	if (v->unresolved) {
		out->unresolved = true;
		if (!out->unresolved_name)
			out->unresolved_name = v->unresolved_name;
	}
}

bool shell_name_start(char c)
{
	return c == '_' || isalpha((unsigned char)c);
}

static bool name_char(char c)
{
	return c == '_' || isalnum((unsigned char)c);
}

/* Index of the '}' closing a `${` whose body starts at i, or `to` if none. */
static size_t closing_brace(const struct shell_expander *self, const struct shell_input *in, size_t i,
			    size_t to)
{
	unsigned nest = 0;
	while (i < to) {
		char c = in->text[i];
		if (c == self->escape && i + 1 < to) {
			i += 2;
			continue;
		}
		if (c == '$' && i + 1 < to && in->text[i + 1] == '{') {
			nest++;
			i += 2;
			continue;
		}
		if (c == '}') {
			if (!nest)
				return i;
			nest--;
		}
		i++;
	}
	return to;
}

/* The `word` of `${X:-word}`: literal characters and nested expansions. */
static void expand_operand(const struct shell_expander *self, const struct shell_input *in, size_t from,
			   size_t to, struct shell_text *out, unsigned depth)
{
	size_t i = from;
	while (i < to) {
		char c = in->text[i];
		if (c == self->escape && i + 1 < to) {
			shell_text_addc(out, in->text[i + 1], in->map[i + 1], -1);
			i += 2;
		} else if (c == '$') {
			i = shell_expand_dollar(self, in, i, to, out, depth + 1);
		} else if (c == '"' || c == '\'') {
			i++; /* quotes inside the operand are removed */
		} else {
			shell_text_addc(out, c, in->map[i], -1);
			i++;
		}
	}
}

/* Unknown: a declared ARG without a default (the build may pass one), or at RUN time
 * any variable the Dockerfile does not declare (the base image may set it). */
static bool var_unknown(const struct shell_expander *self, int32_t idx)
{
	if (idx < 0)
		return self->mode == SHELL_MODE_RUNTIME;
	return !self->env->vars.items[idx].has_value;
}

static bool var_set(const struct shell_expander *self, int32_t idx)
{
	return idx >= 0 && self->env->vars.items[idx].has_value;
}

/* `${...}` at in->text[from] ('$', then '{'): `${X}`, `${X?...}`, `${X:-word}`,
 * `${X:+word}`; any other operator is kept as written and unresolved. */
static size_t expand_braced(const struct shell_expander *self, const struct shell_input *in, size_t from,
			    size_t to, struct shell_text *out, unsigned depth)
{
	size_t i = from + 1;
	size_t close = closing_brace(self, in, i + 1, to);
	size_t end = close < to ? close + 1 : to;
	size_t ns = i + 1, ne = ns;
	while (ne < close && name_char(in->text[ne]))
		ne++;
	if (ne == ns || !shell_name_start(in->text[ns]) || close >= to) {
		shell_text_add_input(out, in, from, end);
		shell_text_mark_unresolved(self, out, in->text + from, end - from);
		return end;
	}
	int32_t idx = shell_env_lookup(self->env, self->stage, in->text + ns, ne - ns);
	bool unknown = var_unknown(self, idx);
	size_t op = ne;
	bool colon = op < close && in->text[op] == ':';
	if (colon)
		op++;
	char kind = op < close ? in->text[op] : '\0';
	if (ne == close || kind == '?') {
		if (!unknown && var_set(self, idx)) {
			add_var(self, out, idx);
		} else {
			shell_text_add_input(out, in, from, end);
			shell_text_mark_unresolved(self, out, in->text + ns, ne - ns);
		}
		return end;
	}
	if (kind != '-' && kind != '+') {
		shell_text_add_input(out, in, from, end);
		shell_text_mark_unresolved(self, out, in->text + ns, ne - ns);
		return end;
	}
	bool set = var_set(self, idx);
	bool nonempty = set && self->env->vars.items[idx].len > 0;
	bool present = colon ? nonempty : set;
	if (unknown) {
		/* The operand is written here, so show it, but say the result is not known. */
		if (kind == '-')
			expand_operand(self, in, op + 1, close, out, depth);
		shell_text_mark_unresolved(self, out, in->text + ns, ne - ns);
	} else if (kind == '-') {
		if (present)
			add_var(self, out, idx);
		else
			expand_operand(self, in, op + 1, close, out, depth);
	} else if (present) {
		expand_operand(self, in, op + 1, close, out, depth);
	}
	return end;
}

size_t shell_expand_dollar(const struct shell_expander *self, const struct shell_input *in, size_t from,
			   size_t to, struct shell_text *out, unsigned depth)
{
	size_t i = from + 1;
	if (depth > SHELL_MAX_EXPAND_DEPTH) {
		shell_text_add_input(out, in, from, to);
		shell_text_mark_unresolved(self, out, in->text + from, to - from);
		return to;
	}
	if (i < to && shell_name_start(in->text[i])) {
		size_t ns = i;
		while (i < to && name_char(in->text[i]))
			i++;
		int32_t idx = shell_env_lookup(self->env, self->stage, in->text + ns, i - ns);
		if (idx >= 0 && !var_unknown(self, idx)) {
			add_var(self, out, idx);
		} else {
			shell_text_add_input(out, in, from, i);
			shell_text_mark_unresolved(self, out, in->text + ns, i - ns);
		}
		return i;
	}
	if (i >= to || in->text[i] != '{') {
		/* `$` before a non-name: literal in a Dockerfile; `$1`, `$@`, `$?` at RUN time
		 * are the shell's and unknown. */
		if (self->mode == SHELL_MODE_RUNTIME && i < to && !isspace((unsigned char)in->text[i]) &&
		    in->text[i] != '"') {
			shell_text_add_input(out, in, from, i + 1);
			shell_text_mark_unresolved(self, out, in->text + from, i + 1 - from);
			return i + 1;
		}
		shell_text_addc(out, '$', in->map[from], -1);
		return i;
	}
	return expand_braced(self, in, from, to, out, depth);
}

void shell_expand_word(const struct shell_expander *self, const struct shell_input *in, size_t from,
		       size_t to, struct shell_text *out)
{
	/* Quote removal and escapes as BuildKit's shell lexer does them for instruction
	 * words: '...' is literal, "..." expands and lets the escape char protect " $ and
	 * itself, and outside quotes the escape char protects any character. */
	size_t i = from;
	char esc = self->escape;
	while (i < to) {
		char c = in->text[i];
		if (c == esc) {
			if (i + 1 < to) {
				shell_text_addc(out, in->text[i + 1], in->map[i + 1], -1);
				i += 2;
			} else {
				shell_text_addc(out, c, in->map[i], -1);
				i++;
			}
		} else if (c == '\'') {
			/* The quoted bytes as they are, in one append. */
			size_t j = i + 1;
			while (j < to && in->text[j] != '\'')
				j++;
			shell_text_add_input(out, in, i + 1, j);
			i = j;
			if (i < to)
				i++;
		} else if (c == '"') {
			for (i++; i < to && in->text[i] != '"';) {
				char d = in->text[i];
				if (d == esc && i + 1 < to &&
				    (in->text[i + 1] == '"' || in->text[i + 1] == '$' ||
				     in->text[i + 1] == esc)) {
					shell_text_addc(out, in->text[i + 1], in->map[i + 1], -1);
					i += 2;
				} else if (d == '$') {
					i = shell_expand_dollar(self, in, i, to, out, 0);
				} else {
					shell_text_addc(out, d, in->map[i], -1);
					i++;
				}
			}
			if (i < to)
				i++;
		} else if (c == '$') {
			i = shell_expand_dollar(self, in, i, to, out, 0);
		} else {
			/* This byte and the plain ones after it (none of the escape, quotes or
			 * '$' the branches above look at), in one append. */
			size_t j = i + 1;
			while (j < to && in->text[j] != esc && in->text[j] != '\'' && in->text[j] != '"' &&
			       in->text[j] != '$')
				j++;
			shell_text_add_input(out, in, i, j);
			i = j;
		}
	}
}

struct word shell_word_make(const struct shell_expander *exp, const struct source *src,
			    const struct shell_text *t, size_t from, size_t to)
{
	struct word w;
	memset(&w, 0, sizeof(w));
	size_t len = to - from;
	const struct shell_origin *o = t->origin.items + from;
	w.text = arena_strndup(exp->arena, t->text.items + from, len);
	w.len = len;
	w.unresolved = t->unresolved;
	bool contiguous = len > 0 && o[0].off != SHELL_NO_ORIGIN;
	size_t off0 = contiguous ? o[0].off : 0;
	for (size_t i = 0; contiguous && i < len; i++)
		if (o[i].off != off0 + i)
			contiguous = false;
	if (contiguous && off0 + len <= src->len && memcmp(src->bytes + off0, w.text, len) == 0) {
		w.verbatim = true;
		w.offset = off0;
	}
	for (size_t i = 0; i < len; i++)
		if (o[i].var >= 0) {
			w.via = exp->env->vars.items[o[i].var].via;
			break;
		}
	return w;
}

void shell_word_locate(struct word *w, const struct source *src, struct span as_written)
{
	w->span = w->verbatim ? source_span(src, w->offset, w->offset + w->len) : as_written;
}

struct word shell_word_from_text(const struct shell_expander *exp, const struct source *src,
				 const struct shell_text *t, size_t from, size_t to, struct span as_written)
{
	struct word w = shell_word_make(exp, src, t, from, to);
	shell_word_locate(&w, src, as_written);
	return w;
}

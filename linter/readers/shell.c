/*
 * shell.c: variable expansion with origins, and the commands in RUN bodies.
 *
 * Expansion follows the Dockerfile reference, "Environment replacement"
 * (https://docs.docker.com/reference/dockerfile/#environment-replacement): `$X`,
 * `${X}`, `${X:-word}`, `${X:+word}` (and the POSIX forms without ':' that BuildKit
 * also accepts). Anything else (`${X#pat}`, `${X/a/b}`, `$(cmd)`) is kept as written
 * and marked unresolved: envlint never guesses a value.
 *
 * RUN bodies are parsed by tree-sitter-bash. Every expanded character carries the
 * Dockerfile offset it came from (struct shell_origin), so a version that reached a
 * `pip install` through `ENV TORCH_SPEC=torch==2.1.0` still points at the ENV line.
 */
#include "shell.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <tree_sitter/api.h>

#include "util/arena.h"
#include "util/xalloc.h"

const TSLanguage *tree_sitter_bash(void);

/* ------------------------------------------------------------------ env */

void shell_env_init(struct shell_env *self)
{
	memset(self, 0, sizeof(*self));
	/* Stage 0 is the global ARG section before the first FROM. */
	self->parent = xmalloc(sizeof(*self->parent) * 8);
	self->stages_alloc = 8;
	self->parent[0] = -1;
	self->nstages = 1;
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
	free(self->vars);
	free(self->chain);
	free(self->bucket);
	free(self->parent);
	memset(self, 0, sizeof(*self));
}

uint32_t shell_env_add_stage(struct shell_env *self, int32_t parent)
{
	if (self->nstages == self->stages_alloc) {
		self->stages_alloc = st_mult(self->stages_alloc, 2);
		self->parent = xrealloc(self->parent, st_mult(self->stages_alloc, sizeof(*self->parent)));
	}
	self->parent[self->nstages] = parent;
	return (uint32_t)self->nstages++;
}

void shell_env_add(struct shell_env *self, const struct shell_var *var)
{
	if (self->nr == self->alloc) {
		self->alloc = self->alloc ? st_mult(self->alloc, 2) : 16;
		self->vars = xrealloc(self->vars, st_mult(self->alloc, sizeof(*self->vars)));
		self->chain = xrealloc(self->chain, st_mult(self->alloc, sizeof(*self->chain)));
	}
	uint32_t h = name_hash(var->name, strlen(var->name));
	self->chain[self->nr] = self->bucket[h];
	self->bucket[h] = (int32_t)self->nr;
	self->vars[self->nr++] = *var;
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
	size_t hops = 0;
	for (int32_t s = (int32_t)stage; s > 0 && hops <= self->nstages; s = self->parent[s], hops++)
		for (int32_t i = head; i >= 0; i = self->chain[i])
			if (self->vars[i].is_env && self->vars[i].stage == (uint32_t)s &&
			    var_is(&self->vars[i], name, len))
				return i;
	for (int32_t i = head; i >= 0; i = self->chain[i])
		if (!self->vars[i].is_env && self->vars[i].stage == stage && var_is(&self->vars[i], name, len))
			return i;
	return -1;
}

/* ------------------------------------------------------------------ text */

void shell_text_init(struct shell_text *self)
{
	memset(self, 0, sizeof(*self));
	self->alloc = 64;
	self->text = xmalloc(self->alloc);
	self->origin = xmalloc(st_mult(self->alloc, sizeof(*self->origin)));
	self->text[0] = '\0';
}

void shell_text_release(struct shell_text *self)
{
	free(self->text);
	free(self->origin);
	memset(self, 0, sizeof(*self));
}

void shell_text_reset(struct shell_text *self)
{
	self->len = 0;
	self->text[0] = '\0';
	self->expanded = self->unresolved = self->has_split = false;
	self->unresolved_name = NULL;
}

void shell_text_addc(struct shell_text *self, char c, size_t off, int32_t var)
{
	if (self->len + 1 >= self->alloc) {
		self->alloc = st_mult(self->alloc, 2);
		self->text = xrealloc(self->text, self->alloc);
		self->origin = xrealloc(self->origin, st_mult(self->alloc, sizeof(*self->origin)));
	}
	self->text[self->len] = c;
	self->origin[self->len].off = off;
	self->origin[self->len].var = var;
	self->origin[self->len].split = false;
	self->len++;
	self->text[self->len] = '\0';
}

static void add_raw(struct shell_text *out, const struct shell_input *in, size_t a, size_t b)
{
	for (size_t i = a; i < b && i < in->len; i++)
		shell_text_addc(out, in->text[i], in->map[i], -1);
}

static void mark_unresolved(const struct shell_expander *self, struct shell_text *out, const char *name,
			    size_t len)
{
	out->unresolved = true;
	if (!out->unresolved_name)
		out->unresolved_name = arena_strndup(self->arena, name, len);
}

static void add_var(const struct shell_expander *self, struct shell_text *out, int32_t idx)
{
	const struct shell_var *v = &self->env->vars[idx];
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

static bool name_start(char c)
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
	return !self->env->vars[idx].has_value;
}

static bool var_set(const struct shell_expander *self, int32_t idx)
{
	return idx >= 0 && self->env->vars[idx].has_value;
}

size_t shell_expand_dollar(const struct shell_expander *self, const struct shell_input *in, size_t from,
			   size_t to, struct shell_text *out, unsigned depth)
{
	size_t i = from + 1;
	if (depth > SHELL_MAX_EXPAND_DEPTH) {
		add_raw(out, in, from, to);
		mark_unresolved(self, out, in->text + from, to - from);
		return to;
	}
	if (i < to && name_start(in->text[i])) {
		size_t ns = i;
		while (i < to && name_char(in->text[i]))
			i++;
		int32_t idx = shell_env_lookup(self->env, self->stage, in->text + ns, i - ns);
		if (idx >= 0 && !var_unknown(self, idx)) {
			add_var(self, out, idx);
		} else {
			add_raw(out, in, from, i);
			mark_unresolved(self, out, in->text + ns, i - ns);
		}
		return i;
	}
	if (i >= to || in->text[i] != '{') {
		/* `$` before a non-name: literal in a Dockerfile; `$1`, `$@`, `$?` at RUN time
		 * are the shell's and unknown. */
		if (self->mode == SHELL_MODE_RUNTIME && i < to && !isspace((unsigned char)in->text[i]) &&
		    in->text[i] != '"') {
			add_raw(out, in, from, i + 1);
			mark_unresolved(self, out, in->text + from, i + 1 - from);
			return i + 1;
		}
		shell_text_addc(out, '$', in->map[from], -1);
		return i;
	}
	size_t close = closing_brace(self, in, i + 1, to);
	size_t end = close < to ? close + 1 : to;
	size_t ns = i + 1, ne = ns;
	while (ne < close && name_char(in->text[ne]))
		ne++;
	if (ne == ns || !name_start(in->text[ns]) || close >= to) {
		add_raw(out, in, from, end);
		mark_unresolved(self, out, in->text + from, end - from);
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
			add_raw(out, in, from, end);
			mark_unresolved(self, out, in->text + ns, ne - ns);
		}
		return end;
	}
	if (kind != '-' && kind != '+') {
		add_raw(out, in, from, end);
		mark_unresolved(self, out, in->text + ns, ne - ns);
		return end;
	}
	bool set = var_set(self, idx);
	bool nonempty = set && self->env->vars[idx].len > 0;
	bool present = colon ? nonempty : set;
	if (unknown) {
		/* The operand is written here, so show it, but say the result is not known. */
		if (kind == '-')
			expand_operand(self, in, op + 1, close, out, depth);
		mark_unresolved(self, out, in->text + ns, ne - ns);
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
			for (i++; i < to && in->text[i] != '\''; i++)
				shell_text_addc(out, in->text[i], in->map[i], -1);
			if (i < to)
				i++;
		} else if (c == '"') {
			for (i++; i < to && in->text[i] != '"';) {
				char d = in->text[i];
				if (d == esc && i + 1 < to &&
				    (in->text[i + 1] == '"' || in->text[i + 1] == '$' || in->text[i + 1] == esc)) {
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
			shell_text_addc(out, c, in->map[i], -1);
			i++;
		}
	}
}

struct word shell_word_from_text(const struct shell_expander *exp, const struct source *src,
				 const struct shell_text *t, size_t from, size_t to, struct span as_written)
{
	struct word w;
	memset(&w, 0, sizeof(w));
	size_t len = to - from;
	const struct shell_origin *o = t->origin + from;
	w.text = arena_strndup(exp->arena, t->text + from, len);
	w.len = len;
	w.unresolved = t->unresolved;
	w.span = as_written;
	bool contiguous = len > 0 && o[0].off != SHELL_NO_ORIGIN;
	size_t off0 = contiguous ? o[0].off : 0;
	for (size_t i = 0; contiguous && i < len; i++)
		if (o[i].off != off0 + i)
			contiguous = false;
	if (contiguous && off0 + len <= src->len && memcmp(src->bytes + off0, w.text, len) == 0) {
		w.verbatim = true;
		w.offset = off0;
		w.span = source_span(src, off0, off0 + len);
	}
	for (size_t i = 0; i < len; i++)
		if (o[i].var >= 0) {
			w.via = exp->env->vars[o[i].var].via;
			break;
		}
	return w;
}

/* ------------------------------------------------------------------ commands */

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* "pip", "pip3", "pip3.10"; with prefix "python": "python", "python3.11". */
static bool is_versioned(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);
	if (strncmp(s, prefix, n) != 0)
		return false;
	for (s += n; *s; s++)
		if (!isdigit((unsigned char)*s) && *s != '.')
			return false;
	return true;
}

static int str_cmp(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

static bool in_table(const char *s, const char *const *table, size_t n)
{
	return bsearch(s, table, n, sizeof(*table), str_cmp) != NULL;
}

#define TABLE_LEN(t) (sizeof(t) / sizeof((t)[0]))

/* pip options before the subcommand that take a separate value (pip --help, "General
 * Options"). Sorted for bsearch. */
static const char *const PIP_GENERAL_VALUE_OPTS[] = {
	"--cache-dir", "--cert", "--client-cert", "--exists-action", "--log", "--log-file",
	"--proxy", "--python", "--retries", "--timeout",
};

/* `pip install` / `uv pip install` options that take a separate value and mean nothing
 * in a requirements line, so they are left out of the words (their value would read as
 * a requirement). Requirements-file options (-r -c -e -i -f --index-url ...) stay.
 * Sorted (strcmp order) for bsearch. */
static const char *const PIP_INSTALL_DROP_OPTS[] = {
	"--abi", "--cache-dir", "--cert", "--client-cert", "--config-settings",
	"--exists-action", "--implementation", "--index-strategy", "--log", "--platform",
	"--prefix", "--progress-bar", "--proxy", "--python", "--python-version", "--report",
	"--retries", "--root", "--root-user-action", "--src", "--target", "--timeout",
	"--upgrade-strategy", "-C", "-p", "-t",
};

/* Words before the program that only wrap it. */
static size_t skip_wrappers(const struct word *w, size_t n, size_t i)
{
	while (i < n) {
		const char *s = base_name(w[i].text);
		if (!strcmp(s, "sudo") || !strcmp(s, "env")) {
			for (i++; i < n; i++) {
				const char *t = w[i].text;
				if (!strcmp(t, "-u") || !strcmp(t, "-g"))
					i++;
				else if (t[0] != '-' && !(name_start(t[0]) && strchr(t, '=')))
					break;
			}
		} else if (!strcmp(s, "nohup") || !strcmp(s, "time") || !strcmp(s, "exec") ||
			   !strcmp(s, "command")) {
			i++;
		} else if (name_start(w[i].text[0]) && strchr(w[i].text, '=')) {
			i++; /* X=Y in exec form */
		} else {
			break;
		}
	}
	return i;
}

/* After a pip program word: general options, then `install`. */
static enum shell_tool pip_subcommand(const struct word *w, size_t n, size_t i, size_t *args)
{
	for (; i < n && w[i].text[0] == '-'; i++)
		if (!strchr(w[i].text, '=') &&
		    in_table(w[i].text, PIP_GENERAL_VALUE_OPTS, TABLE_LEN(PIP_GENERAL_VALUE_OPTS)))
			i++;
	if (i < n && !strcmp(w[i].text, "install")) {
		*args = i + 1;
		return SHELL_TOOL_PIP;
	}
	return SHELL_TOOL_NONE;
}

enum shell_tool shell_classify(const struct word *w, size_t n, size_t *args)
{
	size_t i = skip_wrappers(w, n, 0);
	*args = n;
	if (i >= n)
		return SHELL_TOOL_NONE;
	const char *prog = base_name(w[i].text);
	i++;
	if (is_versioned(prog, "pip"))
		return pip_subcommand(w, n, i, args);
	if (is_versioned(prog, "python")) {
		/* python [-u -B ...] -m pip ...; -mpip is the same */
		for (; i < n && w[i].text[0] == '-'; i++) {
			if (!strcmp(w[i].text, "-mpip"))
				return pip_subcommand(w, n, i + 1, args);
			if (!strcmp(w[i].text, "-m")) {
				if (i + 1 < n && !strcmp(w[i + 1].text, "pip"))
					return pip_subcommand(w, n, i + 2, args);
				return SHELL_TOOL_NONE;
			}
			if (!strcmp(w[i].text, "-c"))
				return SHELL_TOOL_NONE;
		}
		return SHELL_TOOL_NONE;
	}
	if (!strcmp(prog, "uv")) {
		if (i < n && !strcmp(w[i].text, "pip"))
			return pip_subcommand(w, n, i + 1, args);
		return SHELL_TOOL_NONE;
	}
	if (!strcmp(prog, "conda") || !strcmp(prog, "mamba") || !strcmp(prog, "micromamba")) {
		for (; i < n && w[i].text[0] == '-'; i++)
			;
		if (i < n && (!strcmp(w[i].text, "install") || !strcmp(w[i].text, "create"))) {
			*args = i + 1;
			return SHELL_TOOL_CONDA;
		}
		return SHELL_TOOL_NONE;
	}
	if (!strcmp(prog, "apt-get") || !strcmp(prog, "apt")) {
		for (; i < n && w[i].text[0] == '-'; i++)
			;
		if (i < n && !strcmp(w[i].text, "install")) {
			*args = i + 1;
			return SHELL_TOOL_APT;
		}
	}
	return SHELL_TOOL_NONE;
}

void shell_commands_add(struct shell_commands *out, struct arena *arena, const struct word *words,
			const char *const *unresolved_name, size_t n, struct span span)
{
	size_t args;
	enum shell_tool tool = shell_classify(words, n, &args);
	if (tool == SHELL_TOOL_NONE)
		return;
	if (out->nr == out->alloc) {
		out->alloc = out->alloc ? st_mult(out->alloc, 2) : 8;
		out->items = xrealloc(out->items, st_mult(out->alloc, sizeof(*out->items)));
	}
	struct shell_command *c = &out->items[out->nr++];
	memset(c, 0, sizeof(*c));
	c->tool = tool;
	c->span = span;
	size_t cap = n - args;
	c->words = arena_alloc(arena, st_mult(cap ? cap : 1, sizeof(*c->words)));
	c->unresolved_name = arena_alloc(arena, st_mult(cap ? cap : 1, sizeof(*c->unresolved_name)));
	for (size_t i = args; i < n; i++) {
		if (tool == SHELL_TOOL_PIP && !strchr(words[i].text, '=') &&
		    in_table(words[i].text, PIP_INSTALL_DROP_OPTS, TABLE_LEN(PIP_INSTALL_DROP_OPTS))) {
			i++;
			continue;
		}
		c->unresolved_name[c->n] = unresolved_name ? unresolved_name[i] : NULL;
		c->words[c->n++] = words[i];
	}
}

void shell_commands_release(struct shell_commands *self)
{
	free(self->items);
	memset(self, 0, sizeof(*self));
}

/* ------------------------------------------------------------------ tree-sitter */

void shell_init(struct shell *self)
{
	self->parser = NULL;
	self->cache = NULL;
}

void shell_init_cached(struct shell *self, struct reader_cache *cache)
{
	self->parser = NULL;
	self->cache = cache;
}

void shell_release(struct shell *self)
{
	if (self->parser)
		ts_parser_delete(self->parser);
	self->parser = NULL;
	self->cache = NULL;
}

/* Reusing one parser across RUN bodies and files is safe: every parse starts from a
 * fresh tree (no old_tree is passed), and a timed-out parse is reset before we return. */
static TSParser *get_parser(struct shell *self)
{
	void **slot = self->cache ? &self->cache->bash_parser : &self->parser;
	if (!*slot) {
		TSParser *p = ts_parser_new();
		ts_parser_set_language(p, tree_sitter_bash());
		ts_parser_set_timeout_micros(p, SHELL_PARSE_TIMEOUT_US);
		*slot = p;
	}
	return *slot;
}

struct walk {
	const struct shell_expander *exp;
	const struct source *src;
	const struct shell_input *in;
};

static bool node_is(TSNode n, const char *type)
{
	return !strcmp(ts_node_type(n), type);
}

static void node_text(const struct walk *w, TSNode node, struct shell_text *out, bool quoted, unsigned depth);

/* Literal shell text [a, b): backslash escapes removed (unquoted: `\x` -> x; in double
 * quotes only before $ ` " \, bash manual "Double Quotes") and `$NAME` expanded. The
 * grammar sometimes leaves `$NAME` in a word or between nodes (`.[$A,$B]` reads as a
 * test bracket), so expansions are looked for here too. */
static void add_text(const struct walk *w, size_t a, size_t b, struct shell_text *out, bool dquote, unsigned depth)
{
	size_t i = a;
	if (b > w->in->len)
		b = w->in->len;
	while (i < b) {
		char c = w->in->text[i];
		if (c == '\\' && i + 1 < b && (!dquote || strchr("$`\"\\", w->in->text[i + 1]))) {
			shell_text_addc(out, w->in->text[i + 1], w->in->map[i + 1], -1);
			i += 2;
		} else if (c == '$' && i + 1 < b) {
			size_t before = out->len;
			i = shell_expand_dollar(w->exp, w->in, i, b, out, depth);
			for (size_t k = before; !dquote && k < out->len; k++)
				out->origin[k].split = true;
			if (!dquote)
				out->has_split = true;
		} else {
			shell_text_addc(out, c, w->in->map[i], -1);
			i++;
		}
	}
}



/* The children of a string or concatenation, with the bytes between them. */
static void add_parts(const struct walk *w, TSNode node, size_t a, size_t b, bool dquote, struct shell_text *out,
		      unsigned depth)
{
	size_t pos = a;
	uint32_t nc = ts_node_named_child_count(node);
	for (uint32_t k = 0; k < nc; k++) {
		TSNode c = ts_node_named_child(node, k);
		size_t cs = ts_node_start_byte(c), ce = ts_node_end_byte(c);
		if (cs < pos || ce > b)
			continue;
		add_text(w, pos, cs, out, dquote, depth);
		if (node_is(c, "string_content"))
			add_text(w, cs, ce, out, dquote, depth);
		else
			node_text(w, c, out, dquote, depth + 1);
		pos = ce;
	}
	add_text(w, pos, b, out, dquote, depth);
}

/* One shell word the grammar split into several nodes (`.[$B,$A]` comes out as
 * `.[$` + `B,$A]`): read its bytes again with bash's quoting rules. */
static void add_range(const struct walk *w, size_t a, size_t b, struct shell_text *out, unsigned depth)
{
	const char *t = w->in->text;
	size_t i = a;
	if (b > w->in->len)
		b = w->in->len;
	while (i < b) {
		size_t j = i + 1;
		if (t[i] == '\'') {
			while (j < b && t[j] != '\'')
				j++;
			add_raw(out, w->in, i + 1, j);
			i = j < b ? j + 1 : b;
		} else if (t[i] == '"') {
			while (j < b && t[j] != '"')
				j += t[j] == '\\' && j + 1 < b ? 2 : 1;
			add_text(w, i + 1, j < b ? j : b, out, true, depth);
			i = j < b ? j + 1 : b;
		} else if (t[i] == '$' && j < b && t[j] == '(') {
			unsigned nest = 0;
			for (; j < b; j++) {
				if (t[j] == '(')
					nest++;
				else if (t[j] == ')' && --nest == 0)
					break;
			}
			j = j < b ? j + 1 : b;
			add_raw(out, w->in, i, j);
			mark_unresolved(w->exp, out, "$(...)", 6);
			i = j;
		} else {
			j = i;
			while (j < b && t[j] != '\'' && t[j] != '"' && !(t[j] == '$' && j + 1 < b && t[j + 1] == '('))
				j += t[j] == '\\' && j + 1 < b ? 2 : 1;
			add_text(w, i, j, out, false, depth);
			i = j;
		}
	}
}

/* The characters one shell word node stands for. An unquoted expansion's characters
 * are marked `split`: bash splits them into words (bash manual, "Word Splitting"). */
static void node_text(const struct walk *w, TSNode node, struct shell_text *out, bool quoted, unsigned depth)
{
	size_t a = ts_node_start_byte(node), b = ts_node_end_byte(node);
	if (b > w->in->len)
		b = w->in->len;
	if (a > b)
		a = b;
	const char *type = ts_node_type(node);
	if (depth > SHELL_MAX_EXPAND_DEPTH) {
		add_raw(out, w->in, a, b);
		mark_unresolved(w->exp, out, "$(...)", 6);
	} else if (!strcmp(type, "word") || !strcmp(type, "number")) {
		add_text(w, a, b, out, quoted, depth);
	} else if (!strcmp(type, "raw_string")) {
		if (b - a >= 2)
			add_raw(out, w->in, a + 1, b - 1);
	} else if (!strcmp(type, "ansi_c_string")) {
		if (b - a >= 3)
			add_raw(out, w->in, a + 2, b - 1);
	} else if (!strcmp(type, "string")) {
		if (b - a >= 2)
			add_parts(w, node, a + 1, b - 1, true, out, depth);
	} else if (!strcmp(type, "concatenation")) {
		add_parts(w, node, a, b, false, out, depth);
	} else if (!strcmp(type, "simple_expansion") || !strcmp(type, "expansion")) {
		size_t before = out->len;
		size_t e = shell_expand_dollar(w->exp, w->in, a, b, out, depth);
		add_raw(out, w->in, e, b);
		for (size_t i = before; !quoted && i < out->len; i++)
			out->origin[i].split = true;
		if (!quoted)
			out->has_split = true;
	} else {
		/* $(...), $((...)), <(...), arrays: known only when the shell runs. */
		add_raw(out, w->in, a, b);
		const char *what = !strcmp(type, "arithmetic_expansion") ? "$((...))" : "$(...)";
		mark_unresolved(w->exp, out, what, strlen(what));
	}
}

static struct span node_span(const struct walk *w, size_t a, size_t b)
{
	if (b > w->in->len)
		b = w->in->len;
	if (a >= b)
		return source_span(w->src, a < w->in->len ? w->in->map[a] : 0, a < w->in->len ? w->in->map[a] : 0);
	return source_span(w->src, w->in->map[a], w->in->map[b - 1] + 1);
}

struct word_list {
	struct word *items;
	const char **names;
	size_t nr, alloc;
};

static void word_list_push(struct word_list *self, struct word w, const char *name)
{
	if (self->nr == self->alloc) {
		self->alloc = self->alloc ? st_mult(self->alloc, 2) : 16;
		self->items = xrealloc(self->items, st_mult(self->alloc, sizeof(*self->items)));
		self->names = xrealloc(self->names, st_mult(self->alloc, sizeof(*self->names)));
	}
	self->items[self->nr] = w;
	self->names[self->nr] = name;
	self->nr++;
}

static bool is_field_sep(const struct shell_text *t, size_t i)
{
	return t->origin[i].split && (t->text[i] == ' ' || t->text[i] == '\t' || t->text[i] == '\n');
}

/* The words of one argument after word splitting: `pip install $PKGS` with
 * PKGS="torch==2.1.0 torchvision" is two arguments, and an unquoted empty expansion
 * is none. */
static void push_fields(const struct walk *w, const struct shell_text *t, struct span as_written,
			struct word_list *out)
{
	const char *name = t->unresolved ? t->unresolved_name : NULL;
	/* A value that is a template placeholder ("{{ ARGS }}" in a Jinja-made Dockerfile)
	 * is replaced before Docker runs: keep it whole for the reader to recognise. */
	bool templated = strstr(t->text, "{{") || strstr(t->text, "{%");
	if (!t->has_split || templated) {
		word_list_push(out, shell_word_from_text(w->exp, w->src, t, 0, t->len, as_written), name);
		return;
	}
	size_t i = 0;
	while (i < t->len) {
		while (i < t->len && is_field_sep(t, i))
			i++;
		size_t s = i;
		while (i < t->len && !is_field_sep(t, i))
			i++;
		if (i > s)
			word_list_push(out, shell_word_from_text(w->exp, w->src, t, s, i, as_written), name);
	}
}

/* Ends the word made of `nodes` adjacent argument nodes covering [start, end). */
static void flush_word(const struct walk *w, struct shell_text *t, size_t start, size_t end, size_t nodes,
		       struct word_list *words)
{
	if (!nodes)
		return;
	if (nodes > 1) {
		shell_text_reset(t);
		add_range(w, start, end, t, 0);
	}
	push_fields(w, t, node_span(w, start, end), words);
}

static void handle_command(const struct walk *w, TSNode cmd, struct shell_commands *out)
{
	struct word_list words = { NULL, NULL, 0, 0 };
	struct shell_text t;
	shell_text_init(&t);
	size_t start = 0, end = SIZE_MAX, nodes = 0;
	TSTreeCursor c = ts_tree_cursor_new(cmd);
	if (ts_tree_cursor_goto_first_child(&c)) {
		do {
			const char *field = ts_tree_cursor_current_field_name(&c);
			if (!field || (strcmp(field, "name") && strcmp(field, "argument")))
				continue;
			TSNode n = ts_tree_cursor_current_node(&c);
			if (!ts_node_is_named(n))
				continue;
			if (node_is(n, "command_name") && ts_node_named_child_count(n) > 0)
				n = ts_node_named_child(n, 0);
			/* Nodes with no blank between them are one shell word (the grammar splits
			 * some, e.g. `.[a,$B]`). */
			if (ts_node_start_byte(n) != end) {
				flush_word(w, &t, start, end, nodes, &words);
				shell_text_reset(&t);
				start = ts_node_start_byte(n);
				nodes = 0;
			}
			if (!nodes)
				node_text(w, n, &t, false, 0);
			end = ts_node_end_byte(n);
			nodes++;
		} while (ts_tree_cursor_goto_next_sibling(&c));
	}
	flush_word(w, &t, start, end, nodes, &words);
	ts_tree_cursor_delete(&c);
	shell_text_release(&t);
	if (words.nr)
		shell_commands_add(out, w->exp->arena, words.items, words.names, words.nr,
				   node_span(w, ts_node_start_byte(cmd), ts_node_end_byte(cmd)));
	free(words.items);
	free(words.names);
}

enum shell_status shell_find_commands(struct shell *self, const struct shell_expander *exp,
				      const struct source *src, const struct shell_input *in,
				      struct shell_commands *out)
{
	if (!in->len || in->len > UINT32_MAX)
		return SHELL_OK;
	/* A NUL inside the text would read as end of input to parts of the lexer. */
	char *copy = xmalloc(in->len + 1);
	for (size_t i = 0; i < in->len; i++)
		copy[i] = in->text[i] ? in->text[i] : ' ';
	copy[in->len] = '\0';
	struct shell_input cin = { copy, in->len, in->map };
	TSParser *parser = get_parser(self);
	TSTree *tree = ts_parser_parse_string(parser, NULL, copy, (uint32_t)in->len);
	if (!tree) {
		ts_parser_reset(parser);
		free(copy);
		return SHELL_TOO_COMPLEX;
	}
	struct walk w = { exp, src, &cin };
	/* Iterative walk: a body of 100k `&&` must not recurse 100k deep. */
	TSTreeCursor c = ts_tree_cursor_new(ts_tree_root_node(tree));
	for (;;) {
		TSNode n = ts_tree_cursor_current_node(&c);
		if (node_is(n, "command"))
			handle_command(&w, n, out);
		if (ts_tree_cursor_goto_first_child(&c))
			continue;
		bool more = false;
		do {
			if (ts_tree_cursor_goto_next_sibling(&c)) {
				more = true;
				break;
			}
		} while (ts_tree_cursor_goto_parent(&c));
		if (!more)
			break;
	}
	ts_tree_cursor_delete(&c);
	ts_tree_delete(tree);
	free(copy);
	return SHELL_OK;
}

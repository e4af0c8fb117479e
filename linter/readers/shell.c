/*
 * shell.c: the commands in RUN bodies. tree-sitter-bash parses the body; an iterative
 * walk finds each `command` node, builds its words (quote removal and `$`-expansion
 * through shell_expand.c, so each character keeps its Dockerfile offset) and keeps the
 * commands envlint reads: pip, uv pip, conda/mamba/micromamba, apt-get.
 *
 * Which commands those are, from their words, is shell_command.c's to say.
 *
 * The cost is linear in the body: a command's argument words are built only once its
 * first words say it is one of those tools, `$(...)` inside a word is copied as written
 * (never re-read), and the walk stops descending at SHELL_MAX_NESTING levels of
 * `$(...)`/subshell nesting, so a word is copied by at most that many enclosing commands.
 */
#include "shell.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <tree_sitter/api.h>

#include "shell_branch.h"
#include "shell_internal.h"
#include "util/vec.h"
#include "util/text.h"
#include "util/xalloc.h"

const TSLanguage *tree_sitter_bash(void);

/* ------------------------------------------------------------------ tree-sitter */

void shell_init(struct shell *self)
{
	self->parser = NULL;
	self->cache = NULL;
	self->deep = span_none();
}

void shell_init_cached(struct shell *self, struct reader_cache *cache)
{
	shell_init(self);
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
	bool arch_tests; /* the body may test the architecture (shell_branch_may_test) */
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
static void add_text(const struct walk *w, size_t a, size_t b, struct shell_text *out, bool dquote,
		     unsigned depth)
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
			size_t before = out->text.nr;
			i = shell_expand_dollar(w->exp, w->in, i, b, out, depth);
			for (size_t k = before; !dquote && k < out->text.nr; k++)
				out->origin.items[k].split = true;
			if (!dquote)
				out->has_split = true;
		} else {
			/* This byte and the plain ones after it (up to the next '\\' or '$',
			 * which the branches above look at) are copied as they are. */
			size_t j = i + 1;
			while (j < b && w->in->text[j] != '\\' && w->in->text[j] != '$')
				j++;
			shell_text_add_input(out, w->in, i, j);
			i = j;
		}
	}
}

/* The children of a string or concatenation, with the bytes between them. A cursor,
 * not ts_node_named_child(k), which starts over from the first child each time (a
 * string of 100k `$A` would cost 100k^2 steps). */
static void add_parts(const struct walk *w, TSNode node, size_t a, size_t b, bool dquote,
		      struct shell_text *out, unsigned depth)
{
	size_t pos = a;
	TSTreeCursor cur = ts_tree_cursor_new(node);
	for (bool more = ts_tree_cursor_goto_first_child(&cur); more;
	     more = ts_tree_cursor_goto_next_sibling(&cur)) {
		TSNode c = ts_tree_cursor_current_node(&cur);
		size_t cs = ts_node_start_byte(c), ce = ts_node_end_byte(c);
		if (!ts_node_is_named(c) || cs < pos || ce > b)
			continue;
		add_text(w, pos, cs, out, dquote, depth);
		if (node_is(c, "string_content"))
			add_text(w, cs, ce, out, dquote, depth);
		else
			node_text(w, c, out, dquote, depth + 1);
		pos = ce;
	}
	ts_tree_cursor_delete(&cur);
	add_text(w, pos, b, out, dquote, depth);
}

/* A `$(...)` in add_range: copied as written, never read (it runs at build time). */
static size_t add_substitution(const struct walk *w, size_t i, size_t b, struct shell_text *out)
{
	const char *t = w->in->text;
	size_t j = i + 1;
	unsigned nest = 0;
	for (; j < b; j++) {
		if (t[j] == '(')
			nest++;
		else if (t[j] == ')' && --nest == 0)
			break;
	}
	j = j < b ? j + 1 : b;
	shell_text_add_input(out, w->in, i, j);
	shell_text_mark_unresolved(w->exp, out, "$(...)", 6);
	return j;
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
			shell_text_add_input(out, w->in, i + 1, j);
			i = j < b ? j + 1 : b;
		} else if (t[i] == '"') {
			while (j < b && t[j] != '"')
				j += t[j] == '\\' && j + 1 < b ? 2 : 1;
			add_text(w, i + 1, j < b ? j : b, out, true, depth);
			i = j < b ? j + 1 : b;
		} else if (t[i] == '$' && j < b && t[j] == '(') {
			i = add_substitution(w, i, b, out);
		} else {
			j = i;
			while (j < b && t[j] != '\'' && t[j] != '"' &&
			       !(t[j] == '$' && j + 1 < b && t[j + 1] == '('))
				j += t[j] == '\\' && j + 1 < b ? 2 : 1;
			add_text(w, i, j, out, false, depth);
			i = j;
		}
	}
}

/* The characters one shell word node stands for. An unquoted expansion's characters
 * are marked `split`: bash splits them into words (bash manual, "Word Splitting").
 * Recursion is bounded: only string/concatenation children come back here, at most
 * SHELL_MAX_EXPAND_DEPTH deep; a `$(...)` is copied, not descended into. */
static void node_text(const struct walk *w, TSNode node, struct shell_text *out, bool quoted, unsigned depth)
{
	size_t a = ts_node_start_byte(node), b = ts_node_end_byte(node);
	if (b > w->in->len)
		b = w->in->len;
	if (a > b)
		a = b;
	const char *type = ts_node_type(node);
	if (depth > SHELL_MAX_EXPAND_DEPTH) {
		shell_text_add_input(out, w->in, a, b);
		shell_text_mark_unresolved(w->exp, out, "$(...)", 6);
	} else if (!strcmp(type, "word") || !strcmp(type, "number")) {
		add_text(w, a, b, out, quoted, depth);
	} else if (!strcmp(type, "raw_string")) {
		if (b - a >= 2)
			shell_text_add_input(out, w->in, a + 1, b - 1);
	} else if (!strcmp(type, "ansi_c_string")) {
		if (b - a >= 3)
			shell_text_add_input(out, w->in, a + 2, b - 1);
	} else if (!strcmp(type, "string")) {
		if (b - a >= 2)
			add_parts(w, node, a + 1, b - 1, true, out, depth);
	} else if (!strcmp(type, "concatenation")) {
		add_parts(w, node, a, b, false, out, depth);
	} else if (!strcmp(type, "simple_expansion") || !strcmp(type, "expansion")) {
		size_t before = out->text.nr;
		size_t e = shell_expand_dollar(w->exp, w->in, a, b, out, depth);
		shell_text_add_input(out, w->in, e, b);
		for (size_t i = before; !quoted && i < out->text.nr; i++)
			out->origin.items[i].split = true;
		if (!quoted)
			out->has_split = true;
	} else {
		/* $(...), $((...)), <(...), arrays: known only when the shell runs. */
		shell_text_add_input(out, w->in, a, b);
		const char *what = !strcmp(type, "arithmetic_expansion") ? "$((...))" : "$(...)";
		shell_text_mark_unresolved(w->exp, out, what, strlen(what));
	}
}

static struct span node_span(const struct walk *w, size_t a, size_t b)
{
	if (b > w->in->len)
		b = w->in->len;
	if (a >= b)
		return source_span(w->src, a < w->in->len ? w->in->map[a] : 0,
				   a < w->in->len ? w->in->map[a] : 0);
	return source_span(w->src, w->in->map[a], w->in->map[b - 1] + 1);
}

/* Input bytes [from, to) one word was written in. */
struct written {
	size_t from, to;
};

/* The words of one command so far, each with the input range it was written in; their
 * spans are filled in only if the command is kept (see shell_word_make). Three vectors
 * pushed together (index i of each is word i), because shell_classify and
 * shell_commands_add take the words and the names as arrays of their own. */
struct word_list {
	VEC(struct word) words;
	VEC(const char *) names; /* first unresolved variable per word, or NULL */
	VEC(struct written) at;
};

static void word_list_push(struct word_list *self, struct word w, const char *name, size_t from, size_t to)
{
	struct written at = { from, to };
	vec_push(&self->words, w);
	vec_push(&self->names, name);
	vec_push(&self->at, at);
}

static void word_list_release(struct word_list *self)
{
	vec_release(&self->words);
	vec_release(&self->names);
	vec_release(&self->at);
}

static bool is_field_sep(const struct shell_text *t, size_t i)
{
	char c = t->text.items[i];
	return t->origin.items[i].split && (c == ' ' || c == '\t' || c == '\n');
}

/* The words of one argument, written at in[from, to), after word splitting:
 * `pip install $PKGS` with PKGS="torch==2.1.0 torchvision" is two arguments, and an
 * unquoted empty expansion is none. */
static void push_fields(const struct walk *w, const struct shell_text *t, size_t from, size_t to,
			struct word_list *out)
{
	const char *name = t->unresolved ? t->unresolved_name : NULL;
	/* A value that is a template placeholder ("{{ ARGS }}" in a Jinja-made Dockerfile)
	 * is replaced before Docker runs: keep it whole for the reader to recognise. */
	bool templated = text_has_template(t->text.items);
	if (!t->has_split || templated) {
		word_list_push(out, shell_word_make(w->exp, w->src, t, 0, t->text.nr), name, from, to);
		return;
	}
	size_t i = 0, n = t->text.nr;
	while (i < n) {
		while (i < n && is_field_sep(t, i))
			i++;
		size_t s = i;
		while (i < n && !is_field_sep(t, i))
			i++;
		if (i > s)
			word_list_push(out, shell_word_make(w->exp, w->src, t, s, i), name, from, to);
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
	push_fields(w, t, start, end, words);
}

/* The file a `file_redirect` node sends to standard input (`< FILE`, `0< FILE`), or a
 * null node: any other redirect, or one whose target the grammar split. */
static TSNode stdin_file(TSNode redirect)
{
	TSNode none = { 0 };
	if (!node_is(redirect, "file_redirect"))
		return none;
	TSNode file = none;
	bool from_file = false, other_fd = false;
	size_t files = 0;
	TSTreeCursor c = ts_tree_cursor_new(redirect);
	for (bool more = ts_tree_cursor_goto_first_child(&c); more;
	     more = ts_tree_cursor_goto_next_sibling(&c)) {
		TSNode k = ts_tree_cursor_current_node(&c);
		const char *field = ts_tree_cursor_current_field_name(&c);
		if (!ts_node_is_named(k))
			from_file = from_file || node_is(k, "<");
		else if (field && !strcmp(field, "descriptor"))
			other_fd = true; /* `0< FILE` would do too; rare, left out */
		else if (field && !strcmp(field, "destination") && files++ == 0)
			file = k;
	}
	ts_tree_cursor_delete(&c);
	return from_file && !other_fd && files == 1 ? file : none;
}

/* The words of command node `cmd`, stopping as soon as the first ones name a program
 * envlint does not read: `echo "$(echo "$(...)")"` must not copy its argument. A
 * `< FILE` written before the program goes to *own_input (else a null node). */
/* Environment variables through which pip and uv take an index, as the option each one
 * stands for: `UV_TORCH_BACKEND=cu126 uv pip install torch` is `uv pip install torch
 * --torch-backend cu126` (pip's and uv's documentation of their settings). */
static const struct {
	const char *env, *option;
} INDEX_ASSIGNMENTS[] = {
	{ "PIP_EXTRA_INDEX_URL", "--extra-index-url" },
	{ "PIP_FIND_LINKS", "--find-links" },
	{ "PIP_INDEX_URL", "--index-url" },
	{ "UV_DEFAULT_INDEX", "--index-url" },
	{ "UV_EXTRA_INDEX_URL", "--extra-index-url" },
	{ "UV_FIND_LINKS", "--find-links" },
	{ "UV_INDEX", "--extra-index-url" },
	{ "UV_INDEX_URL", "--index-url" },
	{ "UV_TORCH_BACKEND", "--torch-backend" },
};

/* The option a `NAME=value` prefix of a command stands for, or NULL. */
static const char *assignment_option(const struct walk *w, TSNode assignment)
{
	TSNode name = ts_node_child_by_field_name(assignment, "name", 4);
	uint32_t a = ts_node_start_byte(name), b = ts_node_end_byte(name);
	if (ts_node_is_null(name) || b > w->in->len || a >= b)
		return NULL;
	for (size_t i = 0; i < sizeof(INDEX_ASSIGNMENTS) / sizeof(INDEX_ASSIGNMENTS[0]); i++)
		if (strlen(INDEX_ASSIGNMENTS[i].env) == b - a &&
		    !memcmp(w->in->text + a, INDEX_ASSIGNMENTS[i].env, b - a))
			return INDEX_ASSIGNMENTS[i].option;
	return NULL;
}

/* Appends `option value` for a `NAME=value` prefix that sets an index (the option word is
 * located at NAME, the value where it is written). */
static void push_assignment(const struct walk *w, TSNode assignment, const char *option,
			    struct word_list *words)
{
	TSNode value = ts_node_child_by_field_name(assignment, "value", 5);
	if (ts_node_is_null(value))
		return;
	struct shell_text t;
	shell_text_init(&t);
	uint32_t at = ts_node_start_byte(assignment);
	for (const char *c = option; *c; c++)
		shell_text_addc(&t, *c, w->in->map ? w->in->map[at] : at, -1);
	word_list_push(words, shell_word_make(w->exp, w->src, &t, 0, t.text.nr), NULL, at,
		       at + strlen(option));
	shell_text_reset(&t);
	node_text(w, value, &t, false, 0);
	push_fields(w, &t, ts_node_start_byte(value), ts_node_end_byte(value), words);
	shell_text_release(&t);
}

static void command_words(const struct walk *w, TSNode cmd, struct word_list *words, TSNode *own_input)
{
	struct shell_text t;
	shell_text_init(&t);
	size_t start = 0, end = SIZE_MAX, nodes = 0;
	bool other = false;
	struct shell_program_scan scan;
	memset(&scan, 0, sizeof(scan));
	TSNode assign[4]; /* the command's NAME=value prefixes (the first few) */
	size_t nassign = 0;
	TSTreeCursor c = ts_tree_cursor_new(cmd);
	for (bool more = ts_tree_cursor_goto_first_child(&c); more && !other;
	     more = ts_tree_cursor_goto_next_sibling(&c)) {
		const char *field = ts_tree_cursor_current_field_name(&c);
		if (field && !strcmp(field, "redirect")) {
			TSNode file = stdin_file(ts_tree_cursor_current_node(&c));
			if (!ts_node_is_null(file))
				*own_input = file;
			continue;
		}
		if (!field && nassign < sizeof(assign) / sizeof(assign[0]) &&
		    node_is(ts_tree_cursor_current_node(&c), "variable_assignment"))
			assign[nassign++] = ts_tree_cursor_current_node(&c);
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
			flush_word(w, &t, start, end, nodes, words);
			other = shell_names_other_program(&scan, words->words.items, words->words.nr);
			shell_text_reset(&t);
			start = ts_node_start_byte(n);
			nodes = 0;
		}
		if (!nodes && !other)
			node_text(w, n, &t, false, 0);
		end = ts_node_end_byte(n);
		nodes++;
	}
	if (!other)
		flush_word(w, &t, start, end, nodes, words);
	ts_tree_cursor_delete(&c);
	shell_text_release(&t);
	/* The command's own `PIP_INDEX_URL=... pip install` prefixes, as its options. */
	for (size_t i = 0; !other && i < nassign; i++) {
		const char *option = assignment_option(w, assign[i]);
		if (option)
			push_assignment(w, assign[i], option, words);
	}
}

/* Sets the span of words->words.items[i], a word that is kept. */
static void locate_word(const struct walk *w, struct word_list *words, size_t i)
{
	struct word *x = &words->words.items[i];
	struct written at = words->at.items[i];
	struct span as = node_span(w, at.from, at.to);
	x->bare = x->verbatim && as.start_byte == x->offset && as.end_byte == x->offset + x->len;
	shell_word_locate(x, w->src, x->verbatim ? span_none() : as);
}

/* Keeps the command whose words are `words`, written at input bytes [from, to), if it
 * is one envlint reads; `input` is the file on its standard input, or NULL. */
static bool add_command(const struct walk *w, struct word_list *words, size_t from, size_t to,
			const struct shell_input_file *input, struct shell_commands *out)
{
	struct shell_call call;
	size_t n = words->words.nr;
	if (!n || shell_classify(words->words.items, n, &call) == SHELL_TOOL_NONE)
		return false;
	for (size_t i = call.args; i < n; i++)
		locate_word(w, words, i);
	if (call.arg_file < call.args)
		locate_word(w, words, call.arg_file); /* xargs -a FILE */
	shell_commands_add(out, w->exp->arena, words->words.items, words->names.items, n, input,
			   node_span(w, from, to));
	return true;
}

/* ------------------------------------------------------------------ standard input */

/* A file that goes to the standard input of the command starting at input byte `at`:
 * from a `< FILE` after it (bash applies it to the pipeline's last command), or the
 * one argument of `cat FILE |` before it. Pushed when the walk enters the statement or
 * pipeline, before it reaches the command. */
struct pending_input {
	uint32_t at;
	TSNode file;
	bool redirect; /* `< FILE`, which wins over the pipe */
};

/* Pending inputs, the smallest `at` on top: the walk meets commands in byte order, and
 * every entry a nested pipeline pushes lies before the next entry of the one around
 * it, so each entry is pushed and popped once. */
typedef VEC(struct pending_input) pending_stack;

static void pending_drop_before(pending_stack *self, uint32_t at)
{
	while (self->nr && self->items[self->nr - 1].at < at)
		self->nr--;
}

static void pending_push(pending_stack *self, uint32_t at, TSNode file, bool redirect)
{
	struct pending_input p = { at, file, redirect };
	vec_push(self, p);
}

/* The one argument of `cat FILE` (as written, no option), or a null node. */
static TSNode cat_file(const struct walk *w, TSNode cmd)
{
	TSNode none = { 0 };
	if (!node_is(cmd, "command"))
		return none;
	TSNode name = ts_node_child_by_field_name(cmd, "name", 4), arg = none;
	size_t a = ts_node_start_byte(name), b = ts_node_end_byte(name), args = 0;
	if (b > w->in->len || b - a < 3 || memcmp(w->in->text + b - 3, "cat", 3) ||
	    (b - a > 3 && w->in->text[b - 4] != '/'))
		return none;
	TSTreeCursor c = ts_tree_cursor_new(cmd);
	for (bool more = ts_tree_cursor_goto_first_child(&c); more;
	     more = ts_tree_cursor_goto_next_sibling(&c)) {
		const char *field = ts_tree_cursor_current_field_name(&c);
		if (field && !strcmp(field, "argument") && args++ == 0)
			arg = ts_tree_cursor_current_node(&c);
		else if (field && strcmp(field, "name"))
			args = 2; /* a redirect or assignment: not the plain shape */
	}
	ts_tree_cursor_delete(&c);
	if (args != 1 || ts_node_start_byte(arg) >= w->in->len || w->in->text[ts_node_start_byte(arg)] == '-')
		return none;
	return arg;
}

/* On entering a redirected statement or a pipeline: the inputs of the commands in it. */
static void note_inputs(const struct walk *w, TSNode n, pending_stack *pending)
{
	/* Asked of every node the walk enters: the first letter rules out most. */
	const char *type = ts_node_type(n);
	if (type[0] != 'r' && type[0] != 'p')
		return;
	bool statement = !strcmp(type, "redirected_statement");
	if (!statement && strcmp(type, "pipeline"))
		return;
	pending_drop_before(pending, ts_node_start_byte(n));
	if (statement) {
		TSNode body = ts_node_child_by_field_name(n, "body", 4), file = { 0 };
		if (ts_node_is_null(body))
			return;
		TSTreeCursor c = ts_tree_cursor_new(n);
		for (bool more = ts_tree_cursor_goto_first_child(&c); more;
		     more = ts_tree_cursor_goto_next_sibling(&c)) {
			const char *field = ts_tree_cursor_current_field_name(&c);
			if (field && !strcmp(field, "redirect")) {
				TSNode f = stdin_file(ts_tree_cursor_current_node(&c));
				if (!ts_node_is_null(f))
					file = f;
			}
		}
		ts_tree_cursor_delete(&c);
		uint32_t count = ts_node_named_child_count(body);
		if (node_is(body, "pipeline") && count)
			body = ts_node_named_child(body, count - 1);
		if (!ts_node_is_null(file))
			pending_push(pending, ts_node_start_byte(body), file, true);
		return;
	}
	/* A pipeline: children in byte order, pushed last first. */
	VEC(struct pending_input) found = { NULL, 0, 0 };
	TSNode prev = { 0 };
	TSTreeCursor c = ts_tree_cursor_new(n);
	for (bool more = ts_tree_cursor_goto_first_child(&c); more;
	     more = ts_tree_cursor_goto_next_sibling(&c)) {
		TSNode k = ts_tree_cursor_current_node(&c);
		if (!ts_node_is_named(k))
			continue;
		TSNode file = ts_node_is_null(prev) ? prev : cat_file(w, prev);
		if (!ts_node_is_null(file)) {
			struct pending_input p = { ts_node_start_byte(k), file, false };
			vec_push(&found, p);
		}
		prev = k;
	}
	ts_tree_cursor_delete(&c);
	for (size_t i = found.nr; i-- > 0;)
		vec_push(pending, found.items[i]);
	vec_release(&found);
}

/* The file on the standard input of the command starting at byte `at` (its own
 * `< FILE`, else a pending one), built as a word; false when there is none or it is not
 * one word. */
static bool command_input(const struct walk *w, pending_stack *pending, uint32_t at, TSNode own,
			  struct shell_input_file *out)
{
	pending_drop_before(pending, at);
	TSNode file = { 0 };
	bool redirect = false;
	while (pending->nr && pending->items[pending->nr - 1].at == at) {
		struct pending_input p = pending->items[--pending->nr];
		if (!redirect || p.redirect) {
			redirect = redirect || p.redirect;
			if (ts_node_is_null(file) || p.redirect)
				file = p.file;
		}
	}
	if (!redirect && !ts_node_is_null(own))
		file = own;
	if (ts_node_is_null(file))
		return false;
	struct shell_text t;
	shell_text_init(&t);
	struct word_list words;
	memset(&words, 0, sizeof(words));
	size_t a = ts_node_start_byte(file), b = ts_node_end_byte(file);
	node_text(w, file, &t, false, 0);
	push_fields(w, &t, a, b, &words);
	bool one = words.words.nr == 1;
	if (one) {
		out->word = words.words.items[0];
		out->unresolved_name = words.names.items[0];
		shell_word_locate(&out->word, w->src, out->word.verbatim ? span_none() : node_span(w, a, b));
	}
	word_list_release(&words);
	shell_text_release(&t);
	return one;
}

static void handle_command(const struct walk *w, TSNode cmd, pending_stack *pending,
			   struct shell_commands *out)
{
	struct word_list words;
	memset(&words, 0, sizeof(words));
	TSNode own = { 0 };
	command_words(w, cmd, &words, &own);
	struct shell_input_file input;
	bool has_input = command_input(w, pending, ts_node_start_byte(cmd), own, &input);
	if (add_command(w, &words, ts_node_start_byte(cmd), ts_node_end_byte(cmd), has_input ? &input : NULL,
			out))
		out->items[out->nr - 1].platform_marker =
			w->arch_tests ? shell_branch_marker(cmd, w->in->text, w->in->len, w->exp->arena)
				      : NULL;
	word_list_release(&words);
}

/* Nodes that hold commands one level further in. */
static bool node_nests(TSNode n)
{
	const char *type = ts_node_type(n);
	/* Asked of every node of every parsed body: the first letter rules out most
	 * types before any strcmp (the same answer as the four strcmps alone). */
	switch (type[0]) {
	case 'c':
		return !strcmp(type, "command_substitution") || !strcmp(type, "compound_statement");
	case 'p':
		return !strcmp(type, "process_substitution");
	case 's':
		return !strcmp(type, "subshell");
	default:
		return false;
	}
}

/* Whether command `n` can hold another command: only inside `$(...)`, backquotes or
 * `<(...)`/`>(...)`. Without one of those bytes its words need not be walked (walking
 * them cost more than parsing them). */
static bool may_hold_command(const struct walk *w, TSNode n)
{
	uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
	const char *t = w->in->text;
	if (b > w->in->len || a >= b)
		return true;
	if (memchr(t + a, '`', b - a))
		return true;
	for (const char *p = memchr(t + a, '(', b - a); p; p = memchr(p + 1, '(', (size_t)(t + b - p - 1)))
		if (p > t + a && (p[-1] == '$' || p[-1] == '<' || p[-1] == '>'))
			return true;
	return false;
}

/* Every command of the tree, pre-order. Iterative (a body of 100k `&&` must not recurse
 * 100k deep), and it does not enter a node nesting deeper than SHELL_MAX_NESTING: the
 * words around it already hold it as an unresolved `$(...)`, and *deep says where. */
static void walk_tree(const struct walk *w, TSTree *tree, struct shell_commands *out, struct span *deep)
{
	TSTreeCursor c = ts_tree_cursor_new(ts_tree_root_node(tree));
	unsigned nesting = 0;
	pending_stack pending = { NULL, 0, 0 };
	for (;;) {
		TSNode n = ts_tree_cursor_current_node(&c);
		bool nests = node_nests(n);
		if (nests && nesting >= SHELL_MAX_NESTING) {
			if (!span_is_set(*deep))
				*deep = node_span(w, ts_node_start_byte(n), ts_node_end_byte(n));
		} else {
			bool leaf = false;
			if (node_is(n, "command")) {
				handle_command(w, n, &pending, out);
				leaf = !may_hold_command(w, n);
			} else {
				note_inputs(w, n, &pending);
			}
			if (!leaf && ts_tree_cursor_goto_first_child(&c)) {
				if (nests)
					nesting++;
				continue;
			}
		}
		bool more = false;
		while (!(more = ts_tree_cursor_goto_next_sibling(&c)) && ts_tree_cursor_goto_parent(&c))
			if (node_nests(ts_tree_cursor_current_node(&c)))
				nesting--;
		if (!more)
			break;
	}
	vec_release(&pending);
	ts_tree_cursor_delete(&c);
}

enum shell_status shell_find_commands(struct shell *self, const struct shell_expander *exp,
				      const struct source *src, const struct shell_input *in,
				      struct shell_commands *out)
{
	self->deep = span_none();
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
	struct walk w = { exp, src, &cin, shell_branch_may_test(cin.text, cin.len) };
	walk_tree(&w, tree, out, &self->deep);
	ts_tree_delete(tree);
	free(copy);
	return span_is_set(self->deep) ? SHELL_TOO_COMPLEX : SHELL_OK;
}

/* ------------------------------------------------------------------ plain bodies */

/* Bytes tree-sitter-bash reads as part of a `word` node wherever they stand: nothing
 * that quotes, expands, globs, redirects or is an operator (grammar.js,
 * SPECIAL_CHARACTERS). A word starts with one of the first kind only: `==`/`=~` open an
 * argument of their own, and + @ may start an extglob pattern (scanner.c). */
static bool plain_byte(char c)
{
	return isalnum((unsigned char)c) || (c && strchr("_./:=+,@-", c));
}

static bool plain_first_byte(char c)
{
	return isalnum((unsigned char)c) || (c && strchr("_./-", c));
}

static bool plain_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool name_byte(char c)
{
	return c == '_' || isalnum((unsigned char)c);
}

/* The end of a `$NAME` or `${NAME}` at t[i] ('$'), or 0 for any other expansion. */
static size_t plain_expansion_end(const char *t, size_t i, size_t n)
{
	bool braced = i + 1 < n && t[i + 1] == '{';
	size_t s = i + 1 + braced, e = s;
	if (e >= n || !shell_name_start(t[e]))
		return 0;
	while (e < n && name_byte(t[e]))
		e++;
	if (!braced)
		return e;
	return e < n && t[e] == '}' ? e + 1 : 0;
}

/* The end of the plain word starting at t[s], or 0 when what starts there is not one.
 * Besides plain bytes a word may hold '...' (anything but a NUL), "..." on one line
 * without ` or \, and `$NAME`/`${NAME}` (unquoted or in "..."): add_range reads all of
 * them as the parse's nodes would be read. */
static size_t plain_word_end(const char *t, size_t s, size_t n)
{
	if (!plain_first_byte(t[s]) && t[s] != '\'' && t[s] != '"' && t[s] != '$')
		return 0;
	size_t i = s;
	while (i < n) {
		char c = t[i];
		if (plain_byte(c)) {
			i++;
		} else if (c == '\'') {
			const char *q = memchr(t + i + 1, '\'', n - i - 1);
			if (!q || memchr(t + i, '\0', (size_t)(q - t) - i))
				return 0;
			i = (size_t)(q - t) + 1;
		} else if (c == '"') {
			for (i++; i < n && t[i] != '"';) {
				if (t[i] == '$') {
					size_t e = plain_expansion_end(t, i, n);
					if (!e)
						return 0;
					i = e;
				} else if (t[i] == '`' || t[i] == '\\' || t[i] == '\r' || t[i] == '\n' ||
					   !t[i]) {
					return 0;
				} else {
					i++;
				}
			}
			if (i >= n)
				return 0;
			i++;
		} else if (c == '$') {
			size_t e = plain_expansion_end(t, i, n);
			if (!e)
				return 0;
			i = e;
		} else {
			break;
		}
	}
	return i;
}

/* Length of the list operator at t[i] (`;`, newline, `&&`, `||`), or 0. */
static size_t plain_operator(const char *t, size_t i, size_t n)
{
	if (t[i] == ';' || t[i] == '\n')
		return 1;
	if ((t[i] == '&' || t[i] == '|') && i + 1 < n && t[i + 1] == t[i])
		return 2;
	return 0;
}

/* Whether `in` is simple commands of plain words joined by list operators, each
 * operator after a command (a newline may follow a blank line) and && or || before one,
 * with no reserved word and no assignment before a command: then each command is what
 * tree-sitter makes of it, a `command` node of one `word` per blank-separated word. */
static bool plain_list(const struct shell_input *in)
{
	const char *t = in->text;
	size_t n = in->len, i = 0;
	bool have_command = false, need_command = false;
	while (i < n) {
		size_t op = plain_operator(t, i, n);
		if (op) {
			if (!have_command && t[i] != '\n')
				return false;
			need_command = need_command || op == 2;
			have_command = false;
			i += op;
			continue;
		}
		if (plain_blank(t[i])) {
			i++;
			continue;
		}
		size_t s = i;
		i = plain_word_end(t, s, n);
		if (!i || (i < n && !plain_blank(t[i]) && !plain_operator(t, i, n)))
			return false;
		if (shell_is_reserved_word(t, s, i) || (!have_command && memchr(t + s, '=', i - s)))
			return false;
		have_command = true;
		need_command = false;
	}
	return !need_command;
}

bool shell_find_plain_commands(struct shell *self, const struct shell_expander *exp, const struct source *src,
			       const struct shell_input *in, struct shell_commands *out)
{
	if (!in->len || !plain_list(in))
		return false;
	self->deep = span_none();
	struct walk w = { exp, src, in, false }; /* a plain list has no if or case */
	struct shell_text t;
	shell_text_init(&t);
	struct word_list words;
	memset(&words, 0, sizeof(words));
	size_t from = 0, to = 0;
	for (size_t i = 0; i <= in->len;) {
		size_t op = i < in->len ? plain_operator(in->text, i, in->len) : 1;
		if (op) {
			add_command(&w, &words, from, to, NULL, out);
			word_list_release(&words);
			memset(&words, 0, sizeof(words));
			i += op;
			continue;
		}
		if (plain_blank(in->text[i])) {
			i++;
			continue;
		}
		size_t s = i;
		i = plain_word_end(in->text, s, in->len);
		if (!words.words.nr)
			from = s;
		to = i;
		/* what flush_word does with a word the grammar split into several nodes */
		shell_text_reset(&t);
		add_range(&w, s, i, &t, 0);
		push_fields(&w, &t, s, i, &words);
	}
	word_list_release(&words);
	shell_text_release(&t);
	return true;
}

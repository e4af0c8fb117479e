/*
 * dockerfile_run.c: RUN. The body (shell text, heredoc scripts, or the exec form) goes
 * to shell.c, which finds the pip/conda commands in it; their words, with -r/--file
 * pointed at the build context, go to requirements_from_words / conda_from_words.
 */
#include "readers.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "dockerfile_df_internal.h"
#include "dockerfile_internal.h"
#include "shell.h"
#include "util/arena.h"
#include "util/xalloc.h"

/* A command in a branch for one architecture holds its pins only there, as a marker
 * does a requirement line: both must hold. */
static void add_marker(struct df *df, struct pin *p, const char *marker)
{
	p->marker_text =
		p->marker ? arena_printf(df->ctx->arena, "(%s) and (%s)", marker, p->marker_text) : marker;
	p->marker = true;
}

static void run_commands(struct df *df, const struct shell_commands *cmds)
{
	for (size_t k = 0; k < cmds->nr; k++) {
		const struct shell_command *c = &cmds->items[k];
		if (c->tool != SHELL_TOOL_PIP && c->tool != SHELL_TOOL_CONDA)
			continue;
		for (size_t i = 0; i < c->n; i++)
			if (c->unresolved_name[i])
				df_unresolved_diag(df, c->words[i].span, c->unresolved_name[i],
						   arena_printf(df->ctx->arena, "'%s'", c->words[i].text));
		/* `-rfile` becomes two words, so at most twice as many. */
		struct word *w = xmalloc(st_mult(st_mult(c->n ? c->n : 1, 2), sizeof(*w)));
		size_t n = df_rewrite_files(df, c, w);
		size_t first_pin = df->ctx->pins->nr;
		if (df->observe)
			df->observe(df->observe_arg, c->tool, w, n, df_cur_scope(df));
		if (c->tool == SHELL_TOOL_PIP) {
			/* df_rewrite_files named each -r/-c file by a path to open as it is. */
			requirements_from_words(df->ctx, df->src, w, n, ".", df_cur_scope(df), PIN_ECO_PIP,
						PIN_TEXT_SHELL);
			/* The extra indexes of a uv install (its words', its -r files') are
			 * searched first: they replace PyPI for what they hold. */
			for (size_t i = first_pin; c->first_index && i < df->ctx->pins->nr; i++) {
				struct pin *p = &df->ctx->pins->items[i];
				if (p->kind == PIN_KIND_INDEX && p->index_kind == PIN_INDEX_EXTRA)
					p->index_first = true;
			}
		} else
			conda_from_words(df->ctx, df->src, w, n, df_cur_scope(df));
		/* pip and conda read their options per run: one command's --index-url or -c
		 * says nothing of where the next command's packages come from. */
		df->ctx->commands++;
		for (size_t i = first_pin; i < df->ctx->pins->nr; i++) {
			struct pin *p = &df->ctx->pins->items[i];
			p->command = df->ctx->commands;
			if (c->platform_marker)
				add_marker(df, p, c->platform_marker);
		}
		free(w);
	}
}

static void run_shell(struct df *df, const char *text, size_t len, const size_t *map)
{
	struct shell_expander e = { &df->env, df_cur_env_stage(df), SHELL_MODE_RUNTIME, '\\',
				    df->ctx->arena };
	struct shell_input in = { text, len, map };
	/* Most bodies install nothing, most of the rest hold commands that install nothing
	 * too (only pip and conda commands are read below), and what is left is often
	 * plain words, whose parse is known without tree-sitter. */
	if (!shell_may_install(&e, &in))
		return;
	char *lean = xmalloc(len);
	size_t *lean_map = xmalloc(st_mult(len, sizeof(*lean_map)));
	struct shell_input cut;
	if (shell_cut_idle(&e, &in, &cut, lean, lean_map))
		in = cut;
	struct shell_commands cmds = { NULL, 0, 0 };
	enum shell_status st = SHELL_OK;
	if (!shell_find_plain_commands(&df->shell, &e, df->src, &in, &cmds))
		st = shell_find_commands(&df->shell, &e, df->src, &in, &cmds);
	free(lean);
	free(lean_map);
	if (span_is_set(df->shell.deep))
		diag_add(df->ctx->diags, RULE_EL007, df->src->path, df->shell.deep, NULL,
			 "RUN body nests deeper than %d levels; the rest is not read", SHELL_MAX_NESTING);
	else if (st == SHELL_TOO_COMPLEX)
		diag_add(df->ctx->diags, RULE_EL007, df->src->path, df_span(df, map[0], map[len - 1] + 1),
			 NULL, "RUN body is too complex to parse in time; not read");
	run_commands(df, &cmds);
	shell_commands_release(&cmds);
}

/* A heredoc body is the script itself for `RUN <<EOF` and `RUN bash <<EOF`
 * (reference, "Here-Documents"); for `RUN python3 <<EOF` it is that program's input. */
static bool heredocs_are_script(const struct df *df, size_t args)
{
	size_t h = 0, i = args;
	bool first = true, shell = false;
	while (i < df->buf.nr) {
		if (h < df->nheredocs && i >= df->heredocs[h].marker_start) {
			i = df->heredocs[h++].marker_end;
			continue;
		}
		if (isspace((unsigned char)df->buf.items[i])) {
			i++;
			continue;
		}
		size_t ws = i;
		while (i < df->buf.nr && !isspace((unsigned char)df->buf.items[i]) &&
		       !(h < df->nheredocs && i >= df->heredocs[h].marker_start))
			i++;
		size_t n = i - ws;
		const char *w = df->buf.items + ws;
		if (first) {
			const char *slash = memchr(w, '/', n);
			while (slash) {
				n -= (size_t)(slash + 1 - w);
				w = slash + 1;
				slash = memchr(w, '/', n);
			}
			shell = (n == 2 && !memcmp(w, "sh", 2)) || (n == 4 && !memcmp(w, "bash", 4)) ||
				(n == 4 && !memcmp(w, "dash", 4));
			if (!shell)
				return false;
			first = false;
		} else if (n == 2 && !memcmp(w, "-c", 2)) {
			return false;
		}
	}
	return first || shell;
}

void df_do_run(struct df *df, size_t args)
{
	size_t i = args, ws, we;
	/* RUN --mount=... --network=... --security=... */
	while (df_next_word(df, &i, df->buf.nr, &ws, &we)) {
		if (we - ws < 2 || df->buf.items[ws] != '-' || df->buf.items[ws + 1] != '-') {
			i = ws;
			break;
		}
	}
	if (i >= df->buf.nr)
		return;
	if (df->nheredocs) {
		if (heredocs_are_script(df, i)) {
			for (size_t h = 0; h < df->nheredocs; h++) {
				const struct heredoc *hd = &df->heredocs[h];
				size_t n = hd->body_end - hd->body_start;
				if (!n)
					continue;
				size_t *map = xmalloc(st_mult(n, sizeof(*map)));
				for (size_t k = 0; k < n; k++)
					map[k] = hd->body_start + k;
				run_shell(df, df->src->bytes + hd->body_start, n, map);
				free(map);
			}
			return;
		}
		/* The command line without its heredoc markers (their bodies are input). */
		for (size_t h = 0; h < df->nheredocs; h++)
			for (size_t k = df->heredocs[h].marker_start; k < df->heredocs[h].marker_end; k++)
				df->buf.items[k] = ' ';
	}
	size_t s = df_skip_blank(df->buf.items, i, df->buf.nr);
	if (s < df->buf.nr && df->buf.items[s] == '[') {
		struct word *w;
		size_t n;
		if (df_json_array(df, s, df->buf.nr, &w, &n)) {
			struct shell_commands cmds = { NULL, 0, 0 };
			shell_commands_add(&cmds, df->ctx->arena, w, NULL, n, NULL,
					   df_buf_span(df, s, df->buf.nr));
			run_commands(df, &cmds);
			shell_commands_release(&cmds);
			return;
		}
		if (s + 1 < df->buf.nr && df->buf.items[s + 1] == '"')
			/* Docker runs it through /bin/sh -c, which is rarely what was meant. */
			diag_add(
				df->ctx->diags, RULE_EL010, df->src->path, df_buf_span(df, s, df->buf.nr),
				NULL,
				"RUN exec form is not a valid JSON array of strings; Docker runs it as a shell command");
	}
	run_shell(df, df->buf.items + i, df->buf.nr - i, df->map.items + i);
}

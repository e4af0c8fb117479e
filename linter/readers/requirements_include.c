/*
 * requirements_include.c: `-r FILE` and `-c FILE`. An included file is found relative to
 * the including file, read once per top-level file (a second -r of it adds nothing, as
 * its pins are already recorded), and refused with an EL005 when it is already being
 * read (a cycle) or an EL007 past READER_MAX_INCLUDE_DEPTH / REQ_MAX_INCLUDES.
 */
#include "readers.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"
#include "requirements_internal.h"
#include "util/arena.h"
#include "util/text.h"

/* Room in read_ctx.loaded (the sources kept for snippets). */
#define REQ_LOADED_MAX (sizeof(((struct read_ctx *)0)->loaded) / sizeof(((struct read_ctx *)0)->loaded[0]))

/* Whether `id` is refused: a cycle, a file already read, or a passed limit. */
static bool include_refused(struct state *st, struct file_id id, const char *path, struct span at)
{
	struct read_ctx *ctx = st->ctx;
	for (unsigned i = 0; i < ctx->include_depth; i++) {
		if (file_id_same(ctx->include_stack[i], id)) {
			diag_add(ctx->diags, RULE_EL005, st->src->path, at, NULL,
				 "include cycle: '%s' is already being read", path);
			return true;
		}
	}
	/* pip would read it again; its pins are the ones already recorded. */
	for (unsigned i = 0; i < st->ndone; i++)
		if (file_id_same(st->done[i], id))
			return true;
	if (ctx->include_depth > READER_MAX_INCLUDE_DEPTH) {
		diag_add(ctx->diags, RULE_EL007, st->src->path, at, NULL,
			 "-r/-c includes nest deeper than %d; '%s' is not read", READER_MAX_INCLUDE_DEPTH,
			 path);
		return true;
	}
	if (st->ndone >= REQ_MAX_INCLUDES) {
		diag_add(ctx->diags, RULE_EL007, st->src->path, at, NULL,
			 "more than %d files included; '%s' is not read", REQ_MAX_INCLUDES, path);
		return true;
	}
	return false;
}

void req_include_file(struct state *st, const struct tok *value)
{
	struct read_ctx *ctx = st->ctx;
	struct tok v = req_unquote(*value);
	if (v.a == v.b || v.t->unresolved)
		return;
	struct span at = req_tok_span(st, &v);
	if (req_report_var(st, v.t, v.a, v.b, "include path"))
		return;
	if (req_looks_like_url(v.t->s, v.a, v.b))
		return; /* pip fetches it; envlint does no network I/O */
	const char *rel = req_dup(st, v.t, v.a, v.b);
	const char *path = rel[0] == '/' || strcmp(st->base_dir, ".") == 0
				   ? rel
				   : arena_printf(ctx->arena, "%s/%s", st->base_dir, rel);
	struct stat sb;
	bool found = stat(path, &sb) == 0;
	if (!found || !S_ISREG(sb.st_mode)) {
		bool exists = found || (errno != ENOENT && errno != ENOTDIR);
		diag_add(ctx->diags, RULE_EL006, st->src->path, at, NULL,
			 exists ? "included '%s' is not a regular file" : "cannot find included file '%s'",
			 path);
		return;
	}
	struct file_id id = file_id_of(&sb);
	if (st->lazy_path) {
		/* Sources made in memory have no file: they cannot take part in a cycle. */
		struct stat top;
		if (stat(st->lazy_path, &top) == 0)
			ctx->include_stack[st->lazy_slot] = file_id_of(&top);
		st->lazy_path = NULL;
	}
	if (include_refused(st, id, path, at))
		return;
	st->done[st->ndone++] = id;
	struct source *inc = arena_alloc(ctx->arena, sizeof(*inc));
	if (source_load(inc, path, ctx->arena, ctx->diags) != SOURCE_OK)
		return;
	if (ctx->nloaded < REQ_LOADED_MAX)
		ctx->loaded[ctx->nloaded++] = inc;
	const struct source *saved_src = st->src;
	const char *saved_dir = st->base_dir;
	st->src = inc;
	st->base_dir = text_dir_of(ctx->arena, path);
	size_t before = ctx->pins->nr;
	req_read_file(st, id);
	/* Each pin read through this include knows the line that brought its file in (the
	 * innermost one: deeper includes have set theirs already). */
	for (size_t i = before; i < ctx->pins->nr; i++)
		if (!ctx->pins->items[i].included_by) {
			ctx->pins->items[i].included_by = saved_src->path;
			ctx->pins->items[i].included_at = at;
		}
	st->src = saved_src;
	st->base_dir = saved_dir;
}

void req_read_file(struct state *st, struct file_id id)
{
	struct read_ctx *ctx = st->ctx;
	bool pushed = ctx->include_depth < READER_MAX_INCLUDE_DEPTH + 1;
	if (pushed)
		ctx->include_stack[ctx->include_depth++] = id;
	req_read_lines(st);
	if (pushed)
		ctx->include_stack[--ctx->include_depth] = (struct file_id){ 0 };
}

/*
 * dockerfile_copy.c: what COPY/ADD put into each stage from the build context (the
 * Dockerfile's directory), WORKDIR, and the rewrite of `pip install -r FILE` /
 * `conda install --file FILE` so FILE names the build-context file a COPY brought in.
 * Paths inside the image are absolute and normalised; build-context paths are relative
 * to the context root.
 */
#include "readers.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "dockerfile_df_internal.h"
#include "shell.h"
#include "util/arena.h"
#include "util/vec.h"
#include "util/xalloc.h"

/* ------------------------------------------------------------------ paths */

/* base + rel, normalised ("." and ".." folded, never above "/"); rel may be absolute. */
static const char *path_join(struct arena *a, const char *base, const char *rel)
{
	size_t bl = rel[0] == '/' ? 0 : strlen(base), rl = strlen(rel);
	char *tmp = xmalloc(st_add(st_add(bl, rl), 3));
	char *out = arena_alloc(a, st_add(st_add(bl, rl), 3));
	memcpy(tmp, base, bl);
	tmp[bl] = '/';
	memcpy(tmp + bl + 1, rel, rl);
	tmp[bl + 1 + rl] = '\0';
	size_t o = 0;
	for (char *p = tmp; *p;) {
		while (*p == '/')
			p++;
		char *e = p;
		while (*e && *e != '/')
			e++;
		size_t n = (size_t)(e - p);
		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* nothing */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
		} else {
			out[o++] = '/';
			memcpy(out + o, p, n);
			o += n;
		}
		p = e;
	}
	if (o == 0)
		out[o++] = '/';
	out[o] = '\0';
	free(tmp);
	return out;
}

/* A build-context path: normalised and relative to the context root ("" = root). */
static const char *context_path(struct arena *a, const char *src)
{
	const char *p = path_join(a, "/", src);
	return p + 1;
}

static const char *dir_of(struct arena *a, const char *path, const char **base)
{
	const char *s = strrchr(path, '/');
	if (!s) {
		*base = path;
		return "";
	}
	*base = s + 1;
	return arena_strndup(a, path, (size_t)(s - path));
}

static bool has_glob(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

static const char *ctx_join(struct arena *a, const char *dir, const char *rest)
{
	if (!*dir)
		return arena_strdup(a, rest);
	return arena_printf(a, "%s/%s", dir, rest);
}

/* The new entry, or NULL once the file's COPY limit stopped the read. */
static struct copy_entry *add_copy(struct df *df, enum copy_kind kind, const char *dest, const char *ctx_path,
				   const char *pattern)
{
	if (df->stop)
		return NULL;
	if (df->copies.nr >= DOCKERFILE_MAX_COPIES) {
		diag_add(df->ctx->diags, RULE_EL007, df->src->path, df_span(df, df->inst_start, df->inst_end),
			 NULL, "more than %d COPY sources; the rest of the file is not read",
			 DOCKERFILE_MAX_COPIES);
		df->stop = true;
		return NULL;
	}
	struct copy_entry c = { df->cur, kind, dest, ctx_path, pattern, false, -1 };
	vec_push(&df->copies, c);
	return &df->copies.items[df->copies.nr - 1];
}

static bool ctx_is_dir(struct df *df, const char *ctx_path);

/* Whether a FILE_OR_DIR entry's source is a directory, asked once. */
static bool entry_is_dir(struct df *df, struct copy_entry *c)
{
	if (c->is_dir < 0)
		c->is_dir = ctx_is_dir(df, c->ctx);
	return c->is_dir;
}

/* The build-context file that `abs` is when the entry copied a directory to c->dest. */
static const char *dir_entry_match(struct arena *a, const struct copy_entry *c, const char *abs)
{
	size_t dl = strlen(c->dest);
	if (!strcmp(c->dest, "/") && abs[0] == '/')
		return ctx_join(a, c->ctx, abs + 1);
	if (!strncmp(c->dest, abs, dl) && abs[dl] == '/')
		return ctx_join(a, c->ctx, abs + dl + 1);
	return NULL;
}

/* The build-context file a path in the current stage came from, or NULL. Later COPYs
 * win; stages built FROM another stage see its files too. */
static const char *copy_lookup(struct df *df, const char *abs)
{
	struct arena *a = df->ctx->arena;
	const char *base;
	const char *dir = dir_of(a, abs, &base);
	if (!*dir)
		dir = "/";
	size_t hops = 0;
	for (int32_t s = df->cur; s >= 0 && hops <= df->stages.nr; s = df->stages.items[s].parent, hops++) {
		for (size_t i = df->copies.nr; i-- > 0;) {
			struct copy_entry *c = &df->copies.items[i];
			if (c->stage != s)
				continue;
			const char *hit;
			switch (c->kind) {
			case COPY_GLOB:
				if (!strcmp(c->dest, dir) && fnmatch(c->pattern, base, FNM_PERIOD) == 0)
					return ctx_join(a, c->ctx, base);
				break;
			case COPY_DIR:
				if ((hit = dir_entry_match(a, c, abs)))
					return hit;
				break;
			case COPY_FILE_OR_DIR: {
				/* As a file it lands at dest/<its name>, or at dest itself when dest
				 * names no directory; as a directory its contents land in dest. */
				const char *name;
				(void)dir_of(a, c->ctx, &name);
				bool as_file = !strcmp(path_join(a, c->dest, name), abs) ||
					       (!c->dest_is_dir && !strcmp(c->dest, abs));
				hit = as_file ? NULL : dir_entry_match(a, c, abs);
				if ((as_file || hit) && as_file != entry_is_dir(df, c))
					return as_file ? c->ctx : hit;
				break;
			}
			}
		}
	}
	return NULL;
}

/* The directory above `dir` as a path string ("docker" -> ".", "." -> ".."); NULL at "/". */
static const char *parent_dir(struct arena *a, const char *dir)
{
	size_t n = strlen(dir);
	if (!strcmp(dir, "/"))
		return NULL;
	if (!strcmp(dir, "."))
		return "..";
	if (!strcmp(dir, "..") || (n >= 3 && !strcmp(dir + n - 3, "/..")))
		return arena_printf(a, "%s/..", dir);
	const char *slash = strrchr(dir, '/');
	if (!slash)
		return ".";
	if (slash == dir)
		return "/";
	return arena_strndup(a, dir, (size_t)(slash - dir));
}

static bool path_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* Where `docker build` may have been run: `docker/Dockerfile` doing `COPY requirements.txt .`
 * is almost always built with the repository root as its context (`docker build -f
 * docker/Dockerfile .`), so the Dockerfile's directory alone is not enough. */
static void find_ctx_dirs(struct df *df)
{
	struct arena *a = df->ctx->arena;
	enum { MAX_UP = 32 };
	const char *up[MAX_UP];
	size_t n = 0, root = SIZE_MAX, cwd = SIZE_MAX;
	/* Up through the directory's text as many levels as its absolute path has, counted
	 * in the text (a realpath costs a readlink per component; through a symbolic link the
	 * count can be off by a few levels, which only stops the search early or repeats "/"). */
	char here[4096];
	bool resolved = df->base_dir[0] == '/' || getcwd(here, sizeof(here));
	const char *abs = path_join(a, df->base_dir[0] == '/' ? "/" : here, df->base_dir);
	size_t levels = 0;
	for (const char *p = abs; *p; p++)
		levels += *p == '/' && p[1];
	for (const char *d = df->base_dir; resolved && d && n < MAX_UP && n <= levels; d = parent_dir(a, d)) {
		up[n] = d;
		if (!strcmp(d, ".") && cwd == SIZE_MAX)
			cwd = n;
		if (path_exists(arena_printf(a, "%s/.git", d))) {
			root = n;
			break;
		}
		n++;
	}
	if (!n && root == SIZE_MAX)
		up[n++] = df->base_dir;
	/* Outside a repository: no higher than the working directory (the walk starts there
	 * or below), and for a Dockerfile named by an absolute path, its own directory. */
	size_t last = root != SIZE_MAX ? root : cwd != SIZE_MAX ? cwd : 0;
	df->ctx_dirs = arena_alloc(a, (last + 1) * sizeof(*df->ctx_dirs));
	for (size_t i = 0; i <= last; i++)
		df->ctx_dirs[i] = up[i];
	df->nctx_dirs = last + 1;
}

const char *df_context_file(struct df *df, const char *ctx_path, bool want_dir)
{
	if (!df->ctx_dirs)
		find_ctx_dirs(df);
	for (size_t i = 0; i < df->nctx_dirs; i++) {
		const char *d = df->ctx_dirs[i];
		const char *full = !strcmp(d, ".") && *ctx_path
					   ? arena_strdup(df->ctx->arena, ctx_path)
					   : arena_printf(df->ctx->arena, "%s/%s", d, ctx_path);
		struct stat st;
		if (stat(full, &st) == 0 && (want_dir ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode)))
			return full;
	}
	return NULL;
}

static bool ctx_is_dir(struct df *df, const char *ctx_path)
{
	return df_context_file(df, ctx_path, true) != NULL;
}

/* ------------------------------------------------------------------ WORKDIR / COPY */

void df_do_workdir(struct df *df, size_t args)
{
	size_t i = args, ws, we;
	if (df->cur < 0 || !df_next_word(df, &i, df->buf.nr, &ws, &we))
		return;
	struct shell_text t;
	shell_text_init(&t);
	df_expand(df, df_cur_env_stage(df), ws, we, &t);
	struct stage *st = &df->stages.items[df->cur];
	st->workdir = path_join(df->ctx->arena, st->workdir, t.text.items);
	shell_text_release(&t);
}

static void copy_one(struct df *df, const char *src, const char *dest_abs, bool dest_is_dir)
{
	struct arena *a = df->ctx->arena;
	if (strstr(src, "://") || !strncmp(src, "git@", 4))
		return; /* ADD from a URL: not the build context */
	bool dir_syntax = !*src || src[strlen(src) - 1] == '/' || !strcmp(src, ".");
	const char *cp = context_path(a, src);
	if (has_glob(cp)) {
		const char *pat;
		const char *cdir = dir_of(a, cp, &pat);
		add_copy(df, COPY_GLOB, dest_abs, cdir, arena_strdup(a, pat));
	} else if (dir_syntax || !*cp) {
		/* A directory's contents land in dest (reference, COPY "Source"). */
		add_copy(df, COPY_DIR, dest_abs, cp, NULL);
	} else {
		struct copy_entry *c = add_copy(df, COPY_FILE_OR_DIR, dest_abs, cp, NULL);
		if (c)
			c->dest_is_dir = dest_is_dir;
	}
}

void df_do_copy(struct df *df, size_t args)
{
	if (df->cur < 0 || df->nheredocs)
		return;
	struct arena *a = df->ctx->arena;
	size_t i = args, ws, we;
	/* Flags first; --from means another stage or image, not the build context. */
	for (;;) {
		size_t j = i;
		if (!df_next_word(df, &j, df->buf.nr, &ws, &we) || we - ws < 2 || df->buf.items[ws] != '-' ||
		    df->buf.items[ws + 1] != '-')
			break;
		if (we - ws >= 7 && !strncmp(df->buf.items + ws, "--from=", 7))
			return;
		i = j;
	}
	/* The sources, then the destination; NULL for a word with an unresolved variable. */
	VEC(const char *) paths = { NULL, 0, 0 };
	struct word *jw;
	size_t jn;
	if (i < df->buf.nr && df->buf.items[df_skip_blank(df->buf.items, i, df->buf.nr)] == '[' &&
	    df_json_array(df, i, df->buf.nr, &jw, &jn)) {
		for (size_t k = 0; k < jn; k++)
			vec_push(&paths, jw[k].text);
	} else {
		struct shell_text t;
		shell_text_init(&t);
		while (df_next_word(df, &i, df->buf.nr, &ws, &we)) {
			df_expand(df, df_cur_env_stage(df), ws, we, &t);
			vec_push(&paths, t.unresolved ? NULL : arena_strndup(a, t.text.items, t.text.nr));
		}
		shell_text_release(&t);
	}
	const char **items = paths.items;
	size_t n = paths.nr;
	if (n >= 2 && items[n - 1]) {
		const char *dest = items[n - 1];
		size_t dl = strlen(dest);
		bool dest_is_dir = n > 2 || !dl || dest[dl - 1] == '/' || !strcmp(dest, ".") ||
				   (dl >= 2 && !strcmp(dest + dl - 2, "/."));
		const char *dest_abs = path_join(a, df->stages.items[df->cur].workdir, dest);
		for (size_t k = 0; k + 1 < n; k++)
			if (items[k])
				copy_one(df, items[k], dest_abs, dest_is_dir);
	}
	vec_release(&paths);
}

/* ------------------------------------------------------------------ -r / --file rewrite */

/* The option words whose value names a file to read (pip -r/-c, conda --file). */
static const char *file_option(const char *s, enum shell_tool tool, size_t *joined)
{
	static const char *const pip_opts[] = { "--constraint", "--requirement", "-c", "-r" };
	static const char *const conda_opts[] = { "--file" };
	const char *const *opts = tool == SHELL_TOOL_PIP ? pip_opts : conda_opts;
	size_t n = tool == SHELL_TOOL_PIP ? 4 : 1;
	for (size_t k = 0; k < n; k++) {
		size_t l = strlen(opts[k]);
		if (strncmp(s, opts[k], l) != 0)
			continue;
		if (s[l] == '\0') {
			*joined = 0;
			return opts[k];
		}
		if (s[l] == '=' && opts[k][1] == '-') {
			*joined = l + 1;
			return opts[k];
		}
		if (opts[k][1] != '-') {
			*joined = l;
			return opts[k];
		}
	}
	return NULL;
}

/* The words of one pip/conda command with file options pointed at the build context:
 * `COPY requirements.txt /tmp/` + `pip install -r /tmp/requirements.txt` reads
 * <context>/requirements.txt. A file that no COPY brought in (a git clone, a file
 * made by an earlier RUN) cannot be read, so the option and its value are left out. */
size_t df_rewrite_files(struct df *df, const struct shell_command *c, struct word *out)
{
	struct arena *a = df->ctx->arena;
	size_t n = 0;
	const char *wd = df->cur >= 0 ? df->stages.items[df->cur].workdir : "/";
	for (size_t i = 0; i < c->n; i++) {
		size_t joined = 0;
		const char *opt = file_option(c->words[i].text, c->tool, &joined);
		if (!opt) {
			out[n++] = c->words[i];
			continue;
		}
		struct word path;
		if (joined) {
			path = c->words[i];
			path.text += joined;
			path.len -= joined;
			path.offset += joined;
			if (path.verbatim)
				path.span = source_span(df->src, path.offset, path.offset + path.len);
		} else if (i + 1 < c->n) {
			path = c->words[++i];
		} else {
			continue;
		}
		if (path.unresolved || !path.len)
			continue;
		const char *ctxp = copy_lookup(df, path_join(a, wd, path.text));
		if (!ctxp)
			continue;
		const char *file = df_context_file(df, ctxp, false);
		if (!file) {
			diag_add(
				df->ctx->diags, RULE_EL018, df->src->path, path.span, NULL,
				"'%s' came into the image by COPY from the build context, but no '%s' is in the "
				"Dockerfile's directory or a parent up to the repository root; not read",
				path.text, ctxp);
			continue;
		}
		struct word o = c->words[i - (joined ? 0 : 1)];
		o.text = opt;
		o.len = strlen(opt);
		if (joined)
			o.verbatim = false;
		out[n++] = o;
		path.text = file;
		path.len = strlen(file);
		path.verbatim = false;
		out[n++] = path;
	}
	return n;
}

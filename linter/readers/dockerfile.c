/*
 * dockerfile.c: the Dockerfile reader. It splits a Dockerfile into instructions,
 * substitutes ARG/ENV variables, and records base images, CUDA-related ENV, and (through
 * shell.c and the requirements/conda readers) the packages RUN installs. This file is
 * the instruction splitter and the entry point; FROM/ARG/ENV are in dockerfile_stage.c,
 * COPY/ADD/WORKDIR in dockerfile_copy.c, RUN in dockerfile_run.c and the exec form in
 * dockerfile_json.c (dockerfile_df_internal.h is what they share).
 *
 * Grammar, after the Dockerfile reference (https://docs.docker.com/reference/dockerfile/):
 *
 *   dockerfile   = [BOM] { directive } { blank | comment | instruction }
 *   directive    = "#" ws name ws "=" ws value EOL       name: escape | syntax | check,
 *                                                        any case; only before anything else
 *   comment      = ws "#" any EOL
 *   instruction  = ws keyword args { continuation } EOL { heredoc-body }
 *   continuation = ESC [ \t]* EOL { blank | comment } more-args
 *                  ESC is '\' or the `# escape=` char; ESC + EOL is removed, comment and
 *                  blank lines inside a continuation are dropped ("Format", "escape")
 *   heredoc      = "<<" ["-"] ( word | '"' word '"' | "'" word "'" )   RUN, COPY, ADD only
 *   heredoc-body = { line } delimiter-line                  "<<-" strips leading tabs
 *   EOL          = "\n" | "\r\n" | end of file
 *                  (a lone "\r" is no EOL: Docker's parser splits at "\n" only; one is
 *                  EL010, since what follows it is read, by Docker and here, as the
 *                  same line)
 *
 *   FROM [--platform=P] image[:tag][@digest] [AS name]
 *   ARG  name[=default] ...        before the first FROM: global, seen only by FROM and by
 *                                  a stage that declares `ARG name` again
 *   ENV  key=value ... | ENV key value
 *   RUN  [--mount=...] ( shell-text | ["exec", "form"] )
 *   COPY|ADD [--from=S] [--chown=...] src... dest | ["src", ..., "dest"]
 *   WORKDIR path
 *   (every other instruction is skipped)
 *
 * Logical lines are built into a buffer with one Dockerfile offset per byte, so every
 * span is a Dockerfile span. RUN bodies go to shell.c through that same buffer + offset
 * map rather than ts_parser_set_included_ranges: the map also covers `# escape=\``
 * (where the body is not valid bash until the backtick continuations are removed) and
 * the dropped comment lines, and it is the same map FROM/ENV substitution needs.
 */
#include "readers.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "dockerfile_df_internal.h"
#include "dockerfile_internal.h"
#include "gpu_sibling.h"
#include "shell.h"
#include "util/arena.h"
#include "util/text.h"
#include "util/vec.h"
#include "util/xalloc.h"

/* ------------------------------------------------------------------ helpers */

static void line_append(struct df *df, size_t from, size_t to)
{
	size_t n = to - from;
	/* The bytes and the NUL after them. */
	vec_grow(&df->buf, st_add(st_add(df->buf.nr, n), 1));
	memcpy(df->buf.items + df->buf.nr, df->src->bytes + from, n);
	df->buf.nr += n;
	df->buf.items[df->buf.nr] = '\0';
	vec_grow(&df->map, st_add(df->map.nr, n));
	for (size_t i = 0; i < n; i++)
		df->map.items[df->map.nr++] = from + i;
}

static void line_reset(struct df *df)
{
	df->buf.nr = df->map.nr = 0;
}

/* Bounds of the physical line at pos: content ends before "\r\n"/"\n"; next starts the
 * following line. */
static void line_at(const struct df *df, size_t pos, size_t *content_end, size_t *next)
{
	const char *b = df->src->bytes;
	const char *nl = memchr(b + pos, '\n', df->src->len - pos);
	size_t eol = nl ? (size_t)(nl - b) : df->src->len;
	*next = nl ? eol + 1 : eol;
	if (eol > pos && b[eol - 1] == '\r')
		eol--;
	*content_end = eol;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

/* First non-blank byte of [pos, end), or end. */
size_t df_skip_blank(const char *b, size_t pos, size_t end)
{
	while (pos < end && is_blank(b[pos]))
		pos++;
	return pos;
}

struct span df_span(const struct df *df, size_t from, size_t to)
{
	return source_span(df->src, from, to);
}

/* Span of buffer bytes [a, b) as written. */
struct span df_buf_span(const struct df *df, size_t a, size_t b)
{
	if (a >= b || a >= df->buf.nr) {
		size_t at = a < df->buf.nr ? df->map.items[a] : df->inst_end;
		return df_span(df, at, at);
	}
	return df_span(df, df->map.items[a], df->map.items[b - 1] + 1);
}

struct shell_expander df_expander(const struct df *df, uint32_t stage)
{
	struct shell_expander e = { &df->env, stage, SHELL_MODE_DOCKER, df->escape, df->ctx->arena };
	return e;
}

uint32_t df_cur_env_stage(const struct df *df)
{
	return df->cur >= 0 ? df->stages.items[df->cur].env_stage : 0;
}

uint32_t df_cur_scope(const struct df *df)
{
	return df->cur >= 0 ? df->stages.items[df->cur].scope : 0;
}

/* The next Dockerfile word of buf[*i, to): quotes and the escape char keep blanks
 * inside it. Returns false at the end. */
bool df_next_word(const struct df *df, size_t *i, size_t to, size_t *ws, size_t *we)
{
	size_t p = *i;
	while (p < to && isspace((unsigned char)df->buf.items[p]))
		p++;
	if (p >= to)
		return false;
	*ws = p;
	char quote = 0;
	while (p < to) {
		char c = df->buf.items[p];
		if (quote) {
			if (c == quote)
				quote = 0;
			else if (c == df->escape && quote == '"' && p + 1 < to)
				p++;
		} else if (c == df->escape && p + 1 < to) {
			p++;
		} else if (c == '"' || c == '\'') {
			quote = c;
		} else if (isspace((unsigned char)c)) {
			break;
		}
		p++;
	}
	*we = p;
	*i = p;
	return true;
}

void df_expand(const struct df *df, uint32_t stage, size_t a, size_t b, struct shell_text *out)
{
	struct shell_expander e = df_expander(df, stage);
	struct shell_input in = { df->buf.items, df->buf.nr, df->map.items };
	shell_text_reset(out);
	shell_expand_word(&e, &in, a, b, out);
}

/* Messages quote at most this much of a variable or word: a hostile `$(...)` can be
 * megabytes, and the span already says where it is. */
#define DF_QUOTE_MAX 80

void df_unresolved_diag(struct df *df, struct span at, const char *var, const char *what)
{
	if (!var)
		var = "?";
	int vn = (int)(strlen(var) > DF_QUOTE_MAX ? DF_QUOTE_MAX : strlen(var));
	int wn = (int)(strlen(what) > DF_QUOTE_MAX ? DF_QUOTE_MAX : strlen(what));
	const char *vmore = strlen(var) > DF_QUOTE_MAX ? "..." : "";
	const char *wmore = strlen(what) > DF_QUOTE_MAX ? "..." : "";
	if (var[0] == '$')
		diag_add(df->ctx->diags, RULE_EL004, df->src->path, at, NULL,
			 "'%.*s%s' is known only when the shell runs; %.*s%s is not checked", vn, var, vmore,
			 wn, what, wmore);
	else
		diag_add(df->ctx->diags, RULE_EL004, df->src->path, at, NULL,
			 "variable '%.*s%s' has no value in this Dockerfile; %.*s%s is not checked", vn, var,
			 vmore, wn, what, wmore);
}

/* ------------------------------------------------------------------ splitter */

/* Parser directives: only at the very top, before any comment, blank line or
 * instruction (reference, "Parser directives"). */
static void read_directives(struct df *df)
{
	const char *b = df->src->bytes;
	while (df->pos < df->src->len) {
		size_t end, next;
		line_at(df, df->pos, &end, &next);
		size_t p = df_skip_blank(b, df->pos, end);
		if (p >= end || b[p] != '#')
			return;
		p = df_skip_blank(b, p + 1, end);
		size_t ns = p;
		while (p < end && isalpha((unsigned char)b[p]))
			p++;
		size_t ne = p;
		p = df_skip_blank(b, p, end);
		if (ne == ns || p >= end || b[p] != '=')
			return;
		p = df_skip_blank(b, p + 1, end);
		size_t ve = end;
		while (ve > p && is_blank(b[ve - 1]))
			ve--;
		size_t nlen = ne - ns;
		if (nlen == 6 && !strncasecmp(b + ns, "escape", 6)) {
			if (ve - p == 1 && (b[p] == '\\' || b[p] == '`'))
				df->escape = b[p];
			else
				diag_add(df->ctx->diags, RULE_EL010, df->src->path, df_span(df, p, ve), NULL,
					 "escape directive must be '\\' or '`'; using '\\'");
		} else if (!(nlen == 6 && !strncasecmp(b + ns, "syntax", 6)) &&
			   !(nlen == 5 && !strncasecmp(b + ns, "check", 5))) {
			return; /* an unknown directive is a comment and ends the directives */
		}
		df->pos = next;
	}
}

/* Finds the heredoc markers of the logical line (after the keyword). */
static void find_heredocs(struct df *df, size_t from)
{
	const char *b = df->buf.items;
	size_t n = df->buf.nr;
	df->nheredocs = 0;
	/* Every marker below starts with "<<": without one in the line there is nothing to
	 * find, and memchr skips the byte-by-byte quote tracking for most instructions. */
	bool any = false;
	for (const char *lt = from < n ? memchr(b + from, '<', n - from) : NULL; lt && !any;
	     lt = memchr(lt + 1, '<', n - (size_t)(lt + 1 - b)))
		any = (size_t)(lt + 1 - b) < n && lt[1] == '<';
	if (!any)
		return;
	char quote = 0;
	for (size_t i = from; i < n; i++) {
		char c = b[i];
		if (quote) {
			if (c == quote)
				quote = 0;
			else if (c == '\\' && quote == '"')
				i++;
			continue;
		}
		if (c == df->escape) {
			i++;
			continue;
		}
		if (c == '"' || c == '\'') {
			quote = c;
			continue;
		}
		/* A heredoc starts a word (BuildKit splits words first): `$((1<<2))` and
		 * `cmd <<< str` are not heredocs. */
		if (c != '<' || i + 1 >= n || b[i + 1] != '<' || i == from ||
		    !isspace((unsigned char)b[i - 1]) || (i + 2 < n && b[i + 2] == '<'))
			continue;
		size_t j = i + 2;
		bool dash = j < n && b[j] == '-';
		if (dash)
			j++;
		size_t ds, de, end;
		if (j < n && (b[j] == '"' || b[j] == '\'')) {
			char q = b[j];
			ds = j + 1;
			de = ds;
			while (de < n && b[de] != q)
				de++;
			end = de < n ? de + 1 : de;
		} else {
			ds = j;
			de = j;
			while (de < n && !isspace((unsigned char)b[de]) && !strchr(";|&<>()'\"", b[de]))
				de++;
			end = de;
		}
		if (de == ds || df->nheredocs == DOCKERFILE_MAX_HEREDOCS)
			continue;
		struct heredoc *h = &df->heredocs[df->nheredocs++];
		h->marker_start = i;
		h->marker_end = end;
		h->delim = b + ds;
		h->delim_len = de - ds;
		h->strip_tabs = dash;
		i = end - 1;
	}
}

/* Reads the heredoc bodies that follow the instruction, in order. Returns false
 * (after an EL010) when one is not terminated; the rest of the file is its body. */
static bool read_heredoc_bodies(struct df *df)
{
	const char *b = df->src->bytes;
	for (size_t h = 0; h < df->nheredocs; h++) {
		struct heredoc *hd = &df->heredocs[h];
		hd->body_start = df->pos;
		for (;;) {
			if (df->pos >= df->src->len) {
				hd->body_end = df->src->len;
				diag_add(df->ctx->diags, RULE_EL010, df->src->path,
					 df_buf_span(df, hd->marker_start, hd->marker_end), NULL,
					 "heredoc '%.*s' is not terminated", (int)hd->delim_len, hd->delim);
				for (size_t k = h + 1; k < df->nheredocs; k++)
					df->heredocs[k].body_start = df->heredocs[k].body_end = df->src->len;
				return false;
			}
			size_t end, next, p = df->pos;
			line_at(df, p, &end, &next);
			if (hd->strip_tabs)
				while (p < end && b[p] == '\t')
					p++;
			if (end - p == hd->delim_len && !memcmp(b + p, hd->delim, hd->delim_len)) {
				hd->body_end = df->pos;
				df->pos = next;
				break;
			}
			df->pos = next;
		}
	}
	return true;
}

/* Builds the next logical line into df->buf. Returns false at the end of the file;
 * *too_long when it passed READER_MAX_LINE_BYTES (the line is then consumed but empty). */
static bool read_logical(struct df *df, bool *too_long)
{
	const char *b = df->src->bytes;
	size_t len = df->src->len;
	*too_long = false;
	line_reset(df);
	/* Skip blank and comment lines between instructions. */
	size_t start = len;
	while (df->pos < len) {
		size_t end, next;
		line_at(df, df->pos, &end, &next);
		size_t p = df_skip_blank(b, df->pos, end);
		if (p < end && b[p] != '#') {
			start = p;
			break;
		}
		df->pos = next;
	}
	if (start >= len)
		return false;
	df->inst_start = start;
	df->inst_end = start;
	size_t seg = start;
	bool first = true;
	for (;;) {
		size_t end, next;
		line_at(df, df->pos, &end, &next);
		if (!first) {
			size_t p = df_skip_blank(b, df->pos, end);
			if (p >= end || b[p] == '#') {
				/* Docker drops comment and empty lines inside a continuation. */
				df->pos = next;
				if (next >= len)
					break;
				continue;
			}
			seg = df->pos;
		}
		first = false;
		size_t last = end;
		while (last > seg && (b[last - 1] == ' ' || b[last - 1] == '\t'))
			last--;
		bool cont = last > seg && b[last - 1] == df->escape;
		size_t upto = cont ? last - 1 : end;
		if (df->buf.nr + (upto - seg) > READER_MAX_LINE_BYTES)
			*too_long = true;
		else
			line_append(df, seg, upto);
		if (upto > seg)
			df->inst_end = upto;
		df->pos = next;
		if (!cont || next >= len)
			break;
	}
	if (*too_long)
		line_reset(df);
	return true;
}

static void do_instruction(struct df *df)
{
	size_t kw_end = 0;
	while (kw_end < df->buf.nr && !isspace((unsigned char)df->buf.items[kw_end]))
		kw_end++;
	const char *kw = df->buf.items;
	size_t kn = kw_end;
	bool heredoc_kind = (kn == 3 && (!strncasecmp(kw, "RUN", 3) || !strncasecmp(kw, "ADD", 3))) ||
			    (kn == 4 && !strncasecmp(kw, "COPY", 4));
	df->nheredocs = 0;
	if (heredoc_kind) {
		find_heredocs(df, kw_end);
		if (df->nheredocs && !read_heredoc_bodies(df)) {
			/* The rest of the file was swallowed by the body; read what we have. */
		}
	}
	if (kn == 4 && !strncasecmp(kw, "FROM", 4))
		df_do_from(df, kw_end);
	else if (kn == 3 && !strncasecmp(kw, "ARG", 3))
		df_do_arg(df, kw_end);
	else if (kn == 3 && !strncasecmp(kw, "ENV", 3))
		df_do_env(df, kw_end);
	else if (kn == 3 && !strncasecmp(kw, "RUN", 3))
		df_do_run(df, kw_end);
	else if ((kn == 4 && !strncasecmp(kw, "COPY", 4)) || (kn == 3 && !strncasecmp(kw, "ADD", 3)))
		df_do_copy(df, kw_end);
	else if (kn == 7 && !strncasecmp(kw, "WORKDIR", 7))
		df_do_workdir(df, kw_end);
}

/* The first lone '\r' (an old Mac line end) as EL010: Docker does not end a line there,
 * so the instructions after it are arguments of the one before (and envlint reads them
 * so too); the file's author meant lines that neither sees. */
static void report_lone_cr(const struct df *df)
{
	const char *b = df->src->bytes;
	size_t len = df->src->len;
	for (const char *cr = memchr(b, '\r', len); cr;
	     cr = memchr(cr + 1, '\r', len - (size_t)(cr + 1 - b))) {
		size_t at = (size_t)(cr - b);
		if (at + 1 < len && b[at + 1] == '\n')
			continue;
		if (at + 1 == len)
			return;
		diag_add(df->ctx->diags, RULE_EL010, df->src->path, df_span(df, at, at + 1), NULL,
			 "line ends with a lone carriage return (an old Mac line end); Docker ends lines "
			 "only at '\\n', so it reads what follows as part of this line, as envlint does");
		return;
	}
}

bool read_dockerfile(struct read_ctx *ctx, const struct source *src)
{
	return dockerfile_read(ctx, src, NULL, NULL);
}

/* Whether the text holds "cpu" (a CPU index, a +cpu label): only then is the file
 * system asked for a GPU variant beside the file (a directory listing per Dockerfile). */
static bool names_cpu(const struct source *src)
{
	for (const char *p = src->bytes, *end = src->bytes + src->len;
	     p + 3 <= end && (p = memchr(p, 'c', (size_t)(end - p) - 2)) != NULL; p++)
		if (p[1] == 'p' && p[2] == 'u')
			return true;
	return false;
}

static void mark_gpu_sibling(struct df *df, size_t first_pin)
{
	struct pin_list *pins = df->ctx->pins;
	const char *sibling = first_pin < pins->nr && names_cpu(df->src)
				      ? gpu_sibling_of(df->ctx->arena, df->src->path)
				      : NULL;
	for (size_t i = first_pin; sibling && i < pins->nr; i++)
		pins->items[i].gpu_sibling = sibling;
}

bool dockerfile_read(struct read_ctx *ctx, const struct source *src, dockerfile_observer observe, void *arg)
{
	struct df df;
	memset(&df, 0, sizeof(df));
	df.observe = observe;
	df.observe_arg = arg;
	df.ctx = ctx;
	df.src = src;
	df.escape = '\\';
	df.cur = -1;
	size_t first_pin = ctx->pins->nr;
	df.base_dir = text_dir_of(ctx->arena, src->path);
	shell_env_init(&df.env);
	if (ctx->cache)
		shell_init_cached(&df.shell, ctx->cache);
	else
		shell_init(&df.shell);
	df.pos = src->has_bom ? 3 : 0;
	report_lone_cr(&df);
	read_directives(&df);
	bool too_long;
	while (!df.stop && read_logical(&df, &too_long)) {
		if (too_long) {
			diag_add(ctx->diags, RULE_EL007, src->path,
				 df_span(&df, df.inst_start, df.inst_start + 1), NULL,
				 "instruction is longer than %u bytes; not read", READER_MAX_LINE_BYTES);
			continue;
		}
		do_instruction(&df);
	}
	df_link_stages(&df, first_pin);
	mark_gpu_sibling(&df, first_pin);
	shell_release(&df.shell);
	shell_env_release(&df.env);
	vec_release(&df.stages);
	vec_release(&df.copies);
	vec_release(&df.buf);
	vec_release(&df.map);
	return true;
}

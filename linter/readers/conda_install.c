/*
 * conda_install.c: the arguments of `conda|mamba|micromamba install|create` (after the
 * subcommand), as shell.c finds them in RUN bodies: `conda install -c pytorch
 * pytorch=2.1 pytorch-cuda=12.1`. Each argument that is not an option is a MatchSpec
 * (matchspec.c) and becomes a pin through conda.c; -c/--channel values become channel
 * pins; options that take a value skip it, so the value never reads as a package; after
 * `--` every word is a MatchSpec.
 */
#include "readers.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "conda_internal.h"
#include "util/arena.h"

/* Longest command-line option we look up ("--experimental-solver"). */
#define CONDA_MAX_OPTION 32

/* Options of conda/mamba/micromamba install|create that take a value (the next word,
 * unless given as --opt=value). Sorted for bsearch. */
static const char *const VALUE_OPTIONS[] = {
	"--category",
	"--channel",
	"--channel-alias",
	"--channel-priority",
	"--clone",
	"--console",
	"--experimental",
	"--experimental-solver",
	"--file",
	"--log-level",
	"--name",
	"--platform",
	"--prefix",
	"--rc-file",
	"--relocate-prefix",
	"--repodata-fn",
	"--root-prefix",
	"--solver",
	"--subdir",
	"-c",
	"-f",
	"-n",
	"-p",
	"-r",
};

static int option_cmp(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

static bool takes_value(const char *opt)
{
	return bsearch(opt, VALUE_OPTIONS, sizeof(VALUE_OPTIONS) / sizeof(VALUE_OPTIONS[0]),
		       sizeof(VALUE_OPTIONS[0]), option_cmp) != NULL;
}

static struct text_loc word_loc(const struct word *w)
{
	struct text_loc loc;
	loc.text = w->text;
	loc.len = w->len;
	loc.verbatim = w->verbatim;
	loc.offset = w->offset;
	loc.span = w->span;
	loc.via = w->via;
	loc.unresolved = w->unresolved;
	return loc;
}

/* One option word at words[i] (at least two bytes, starting with '-'); returns how many
 * words it used. -c/--channel values become channel pins; other values are skipped. */
static size_t conda_option(struct read_ctx *ctx, const struct source *src, const struct word *words, size_t i,
			   size_t n, uint32_t scope)
{
	const struct word *w = &words[i];
	bool is_long = w->text[1] == '-';
	const char *eq = is_long ? memchr(w->text, '=', w->len) : NULL;
	/* The option's own text: "--name" of "--name=x", "-c" of "-cnvidia". */
	size_t olen = is_long ? (eq ? (size_t)(eq - w->text) : w->len) : 2;
	char opt[CONDA_MAX_OPTION];
	if (olen >= sizeof(opt))
		return 1;
	memcpy(opt, w->text, olen);
	opt[olen] = '\0';
	bool attached = olen < w->len;
	if (!attached && (!takes_value(opt) || i + 1 >= n))
		return 1;
	size_t used = attached ? 1 : 2;
	if (strcmp(opt, "-c") != 0 && strcmp(opt, "--channel") != 0)
		return used;
	struct text_loc loc = word_loc(w);
	const char *name = arena_strdup(ctx->arena, opt);
	struct span name_span = conda_loc_span(src, &loc, 0, olen);
	if (attached) {
		conda_record_channel(ctx, src, &loc, is_long ? olen + 1 : olen, w->len, name, name_span,
				     scope);
	} else {
		struct text_loc vloc = word_loc(&words[i + 1]);
		conda_record_channel(ctx, src, &vloc, 0, vloc.len, name, name_span, scope);
	}
	return used;
}

void conda_from_words(struct read_ctx *ctx, const struct source *src, const struct word *words, size_t n,
		      uint32_t scope)
{
	bool options_done = false;
	for (size_t i = 0; i < n;) {
		const struct word *w = &words[i];
		if (!options_done && w->len == 2 && memcmp(w->text, "--", 2) == 0) {
			options_done = true;
			i++;
			continue;
		}
		if (!options_done && w->len > 1 && w->text[0] == '-') {
			i += conda_option(ctx, src, words, i, n, scope);
			continue;
		}
		struct text_loc loc = word_loc(w);
		conda_record_matchspec(ctx, src, &loc, scope);
		i++;
	}
}

/* `conda list -e` (and `conda list --export`) writes this header above its spec list:
 * the file is `conda create --file` input, one MatchSpec a line, whatever its name. */
static const char CONDA_SPEC_LIST_HEADER[] = "# This file may be used to create an environment using:";

bool conda_spec_list_file(const struct source *src)
{
	size_t n = sizeof(CONDA_SPEC_LIST_HEADER) - 1;
	size_t at = src->has_bom ? 3 : 0;
	return src->len >= at + n && !memcmp(src->bytes + at, CONDA_SPEC_LIST_HEADER, n);
}

void conda_read_spec_list(struct read_ctx *ctx, const struct source *src)
{
	uint32_t scope = read_ctx_new_scope(ctx);
	const char *t = src->bytes, *end = src->bytes + src->len;
	for (const char *line = t + (src->has_bom ? 3 : 0); line < end;) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		const char *e = nl ? nl : end;
		const char *a = line, *b = e;
		while (a < b && isspace((unsigned char)*a))
			a++;
		while (b > a && isspace((unsigned char)b[-1]))
			b--;
		/* @EXPLICIT lists package URLs, not specs: nothing more to read. */
		if (b - a == 9 && !memcmp(a, "@EXPLICIT", 9))
			return;
		if (a < b && *a != '#') {
			struct text_loc loc = { a,
						(size_t)(b - a),
						true,
						(size_t)(a - t),
						source_span(src, (size_t)(a - t), (size_t)(b - t)),
						span_none(),
						false };
			conda_record_matchspec(ctx, src, &loc, scope);
		}
		line = nl ? nl + 1 : end;
	}
}

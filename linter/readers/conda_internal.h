/*
 * conda_internal: what the conda reader's files share (private to linter/readers/conda*.c):
 *   conda.c          environment.yml through libyaml events; recording MatchSpec and
 *                    channel pins (both files record through it)
 *   conda_install.c  the arguments of `conda|mamba|micromamba install|create`
 * MatchSpec splitting itself is matchspec.c, which knows nothing of pins. Strings in
 * the pins come from ctx->arena; nothing here owns memory of its own.
 */
#ifndef ENVLINT_READERS_CONDA_INTERNAL_H
#define ENVLINT_READERS_CONDA_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "readers.h"

/* A piece of text (a scalar, a word) and where it is. When `verbatim`, text[i] is the
 * byte at offset + i of the source, so any sub-range has an exact span; otherwise every
 * sub-range falls back to `span`, the text as written. */
struct text_loc {
	const char *text;
	size_t len;
	bool verbatim;
	size_t offset;
	struct span span;
	struct span via;
	bool unresolved;
};

/* The span of loc->text[b, e) (loc->span when the text is not verbatim). */
struct span conda_loc_span(const struct source *src, const struct text_loc *loc, size_t b, size_t e);

/* Parses loc->text as one MatchSpec and records its pin in `scope` (packages that play
 * no role in the version flow are left out), or EL003 for a version that cannot be one. */
void conda_record_matchspec(struct read_ctx *ctx, const struct source *src, const struct text_loc *loc,
			    uint32_t scope);

/* A conda channel pin from loc->text[b, e) (trimmed; nothing when blank): a `channels:`
 * item or a `-c X`. `name` is how it was given ("channels", "-c"), borrowed for the
 * pin's life; `name_span` is where. */
void conda_record_channel(struct read_ctx *ctx, const struct source *src, const struct text_loc *loc,
			  size_t b, size_t e, const char *name, struct span name_span, uint32_t scope);

#endif

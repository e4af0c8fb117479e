/*
 * scope: what each scope of a unit holds (a requirements file with its includes, a conda
 * environment, a Dockerfile stage), summarised once so checks never ask the pin list
 * about a pin's scope per pin (quadratic on large files: 100k pins took 18 s). Built from
 * the pins and the KB's index-URL patterns; pure; owns only its arrays.
 */
#ifndef ENVLINT_CHECKS_SCOPE_H
#define ENVLINT_CHECKS_SCOPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "check.h"

/* More PyTorch index variants than this in one scope count as "any build". */
#define SCOPE_MAX_INDEX_VARIANTS 8

struct scope_info {
	bool index;              /* a pip index option or ENV (not a conda channel) */
	bool index_any_build;    /* an index envlint cannot read or one serving every build
				    (a mirror, a find-links page such as torch_stable.html) */
	uint8_t nvariants;       /* PyTorch indexes of one build each ("cu121") */
	const char *variants[SCOPE_MAX_INDEX_VARIANTS];   /* borrowed from the pins / KB match */
	char variant_buf[SCOPE_MAX_INDEX_VARIANTS][24];
	const struct pin *torch; /* the first exactly pinned pip torch pin, or NULL */
	struct version torch_version;
	bool pip_family;         /* a pip torch/torchvision/torchaudio pin */
	bool pip_family_variant; /* ... that names its +variant */
	bool pip_torch_variant;  /* a pip torch pin that names its +variant */
};

struct scopes {
	struct scope_info *items;    /* indexed by scope id */
	size_t n;
};

void scopes_build(const struct check_ctx *ctx, struct scopes *out);
void scopes_release(struct scopes *self);
/* ctx->scopes when checks_run built them, else builds them into *local (the caller
 * releases it with scopes_release; zeroed when unused). */
const struct scopes *scopes_of(const struct check_ctx *ctx, struct scopes *local);
/* The info of `scope`; a zeroed, empty one for an id out of range. */
const struct scope_info *scopes_get(const struct scopes *self, uint32_t scope);
/* Does the scope name the PyTorch index of `variant` ("cu121")? */
bool scope_has_index_variant(const struct scope_info *self, const char *variant);

#endif

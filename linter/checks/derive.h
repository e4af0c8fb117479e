/*
 * derive: what the pins of a unit say about CUDA, read through the KB's patterns.
 * A pin can state a CUDA version directly (cudatoolkit=11.8, pytorch-cuda=12.1,
 * ENV CUDA_VERSION) or through a variant (a torch wheel's +cu121, a PyTorch index
 * URL .../whl/cu121, a conda build string, a base image tag). Each becomes a
 * `cuda_claim` located at the text that pins it. Pure: no I/O; borrows pins and KB.
 */
#ifndef ENVLINT_CHECKS_DERIVE_H
#define ENVLINT_CHECKS_DERIVE_H

#include <stdbool.h>
#include <stddef.h>

#include "check.h"
#include "version.h"

struct cuda_claim {
	const struct pin *pin;         /* the pin the claim comes from */
	struct span span;              /* the text that pins the CUDA version */
	struct version_spec spec;      /* the CUDA versions it allows */
	char text[48];                 /* the CUDA version as read ("12.4.1", "12.1") */
	char what[192];                /* "base image 'nvidia/cuda:12.4.1-devel-ubuntu22.04'" */
	const struct kb_ngc *ngc;      /* an NGC framework image: NVIDIA states its driver needs */
};

struct cuda_claims {
	struct cuda_claim *items;
	size_t nr, alloc;
};

/* Collects the CUDA claims of ctx's pins into *out (caller releases). Pins whose text
 * held an unresolved variable make no claim. */
void derive_cuda_claims(const struct check_ctx *ctx, struct cuda_claims *out);
void cuda_claims_release(struct cuda_claims *self);
/* ctx->claims when checks_run derived them, else derives them into *local (which the
 * caller then releases with cuda_claims_release; zeroed when unused). */
const struct cuda_claims *derive_claims_of(const struct check_ctx *ctx, struct cuda_claims *local);

/* The KB releases a claim allows, marked in `allowed` (size kb_cuda_count); returns how
 * many. */
size_t cuda_claim_releases(const struct kb *kb, const struct cuda_claim *claim, bool *allowed);

#endif

/*
 * cuda_claim: what the pins of a unit say about CUDA, read through the KB's patterns.
 * A pin can state a CUDA version directly (cudatoolkit=11.8, pytorch-cuda=12.1,
 * ENV CUDA_VERSION) or through a variant (a torch wheel's +cu121, a PyTorch index
 * URL .../whl/cu121, a conda build string, a base image tag). Each becomes a
 * `cuda_claim` located at the text that pins it. Part of the analysis (analysis.h):
 * pure, owns its array, borrows pins and KB; never depends on checks/.
 */
#ifndef ENVLINT_ANALYSIS_CUDA_CLAIM_H
#define ENVLINT_ANALYSIS_CUDA_CLAIM_H

#include <stdbool.h>
#include <stddef.h>

#include "kb/kb.h"
#include "pin.h"
#include "scope.h"
#include "torch_build.h"
#include "torch_range.h"
#include "version.h"

struct cuda_claim {
	const struct pin *pin;    /* the pin the claim comes from */
	struct span span;         /* the text that pins the CUDA version */
	struct version_spec spec; /* the CUDA versions it allows */
	char text[48];            /* the CUDA version as read ("12.4.1", "12.1") */
	char what[192];           /* "base image 'nvidia/cuda:12.4.1-devel-ubuntu22.04'" */
	const struct kb_ngc *ngc; /* an NGC framework image: NVIDIA states its driver needs */
};

/* A util/vec.h array. */
struct cuda_claims {
	struct cuda_claim *items;
	size_t nr, alloc;
};

/* Collects the CUDA claims of pins[0..n) into *self (caller releases), given their
 * `scopes` (scope.h), torch `builds` (torch_build.h, found for the OS the environment
 * is built on: PyPI's default torch wheel is a CUDA build on Linux only, and an exact
 * torch pin claims its CUDA there) and `ranges` (torch_range.h: whether an extra index
 * beside PyPI decides a torch range). Pins whose text held an unresolved variable make
 * no claim. */
void cuda_claims_derive(struct cuda_claims *self, const struct kb *kb, const struct scopes *scopes,
			const struct torch_builds *builds, const struct torch_ranges *ranges,
			const struct pin *pins, size_t n);
void cuda_claims_release(struct cuda_claims *self);

/* The CUDA version a KB pattern's `cuda` group holds: "12.4.1", "12.1", or the digits
 * of a cuXY[Z] tag ("121" from +cu121, "92" from cu92). False when it does not parse. */
bool cuda_claim_version_of(const char *text, struct version *out);

/* A base image claim's one CUDA release, X.Y.Z from the tag (nvidia/cuda:12.4.1-...);
 * false for other claims, NGC images (their CUDA is from the release notes) and X.Y tags. */
bool cuda_claim_image_release(const struct cuda_claim *self, struct version *out);

/* The KB releases the claim allows, marked in `allowed` (size kb_cuda_count); returns
 * how many. */
size_t cuda_claim_releases(const struct cuda_claim *self, const struct kb *kb, bool *allowed);

#endif

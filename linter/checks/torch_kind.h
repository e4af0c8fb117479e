/*
 * torch_kind: does a torch pin install a build that drives no NVIDIA GPU (CPU-only, ROCm,
 * XPU), and which text chose it? A +cpu label, a /whl/cpu index or a conda CPU build
 * string says so of any release, so this reads them through the KB's patterns as well as
 * the analysis' torch builds (which know only the releases the KB holds). Shared by HW203,
 * which reports such builds, and DRV104, which does not count them as needing a driver.
 * Pure; owns nothing; depends on check.h only.
 */
#ifndef ENVLINT_CHECKS_TORCH_KIND_H
#define ENVLINT_CHECKS_TORCH_KIND_H

#include <stdbool.h>

#include "check.h"

struct torch_kind {
	const struct pin *from;     /* the text that chose the build: the pin, an index, cpuonly */
	const char *how;            /* "its local version label", ... */
	char variant[KB_GROUP_MAX]; /* "cpu", "rocm6.2", "xpu" */
	const char *source;         /* the fact's source, or NULL */
	bool secondary;             /* that fact is `status: 2nd` */
};

/* Is `label` (a local version without '+') one the PyTorch indexes give their builds
 * (cu121, cpu, rocm6.2, xpu: images.yaml `local-version`)? A source build's `+git1a2b3c`
 * or NVIDIA's `a0+41361538.nv23.06` names no build of an index. */
bool torch_kind_build_label(const struct kb *kb, const char *label);

/* True when torch pin `p` (pip or conda) installs a non-CUDA build; *out says why. */
bool torch_kind_non_cuda(const struct check_ctx *ctx, const struct pin *p, struct torch_kind *out);

#endif

/*
 * conda: what the conda stack rules (conda.c) share with the other checks: the release
 * line a conda pytorch pin names, and whether it comes from PyTorch's own `pytorch`
 * channel. Pure; reads the scope facts (analysis/scope.h) and the KB only.
 */
#ifndef ENVLINT_CHECKS_CONDA_H
#define ENVLINT_CHECKS_CONDA_H

#include <stdbool.h>

#include "check.h"

/* The KB's release line of a conda `pytorch` pin whose constraint names one line
 * (`=2.1`, `2.1.0`, `==2.1.0`), with that version in *v; NULL for another pin, a range,
 * or a line the KB does not know. Borrowed from the KB. */
const struct kb_torch_release *conda_pytorch_line(const struct check_ctx *ctx, const struct pin *p,
						  struct version *v);
/* A pin as written, name and constraint: "pytorch=2.0", "torch==2.1.0", "cudnn 8.9.2"
 * (a bare conda version keeps a space). Writes at most size-1 bytes to buf. */
void conda_pin_text(const struct pin *p, char *buf, size_t size);
/* STK301 for conda: a pytorch-cuda=X.Y that no `pytorch` channel build of the pinned
 * pytorch line depends on (pytorch.yaml `conda`). Called by check_torch_builds. */
void conda_check_builds(const struct check_ctx *ctx, struct diag_list *out);

#endif

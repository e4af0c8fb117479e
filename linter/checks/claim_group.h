/*
 * claim_group: the CUDA claims of a unit, one call per group of claims that say the same
 * thing (same file, scope and allowed releases: an exported conda environment pins
 * cuda-cudart, cuda-runtime and pytorch-cuda alike), so a rule that judges claims reports
 * the first and names the lines of the others. Shared by the checks that judge claims
 * (DRV1xx, HW201); owns nothing past the call; depends on check.h only.
 */
#ifndef ENVLINT_CHECKS_CLAIM_GROUP_H
#define ENVLINT_CHECKS_CLAIM_GROUP_H

#include <stdbool.h>

#include "check.h"

/* `allowed` is scratch of kb_cuda_count entries for cuda_claim_releases; `also` is
 * "; also pinned at lines 52, 194" or "". */
typedef void (*claim_group_fn)(const struct check_ctx *ctx, const struct cuda_claim *c, bool *allowed,
			       const char *also, struct diag_list *out);

/* Calls fn once per group, with the group's first claim (ctx->kb must be set). */
void claim_groups_each(const struct check_ctx *ctx, claim_group_fn fn, struct diag_list *out);

#endif

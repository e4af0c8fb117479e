/*
 * torch_fix: the PyTorch half of a driver-floor help text. When the CUDA that is too new
 * for the driver comes from PyTorch (a +cuXYZ pin, a PyTorch index, the PyPI build of an
 * exact torch pin, a conda pytorch-cuda next to a pytorch pin), the fix users want is
 * the build of the same torch release that the driver runs (anchors.md: "torch too new,
 * driver too old" — which one then?). Which build fits is analysis/torch_pick.h's; this
 * module finds the torch pin a claim concerns and words the fix. Pure.
 */
#ifndef ENVLINT_CHECKS_TORCH_FIX_H
#define ENVLINT_CHECKS_TORCH_FIX_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis/cuda_claim.h"
#include "check.h"

/* Writes e.g. "or the cu118 build of torch 2.1.0 (CUDA 11.8, which driver 470.82.01 runs
 * through minor-version compatibility)" into buf and returns true; false (buf empty) when
 * the claim is not PyTorch's or no published build of that release fits. With
 * `need_full`, only builds the driver runs with the full feature set qualify. */
bool torch_fix_for_driver(const struct check_ctx *ctx, const struct cuda_claim *claim, bool need_full,
			  char *buf, size_t size);

#endif

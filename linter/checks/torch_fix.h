/*
 * torch_fix: the PyTorch half of every help text that proposes a torch build (DRV101,
 * DRV102, HW202, HW203). When what fails comes from PyTorch (a +cuXYZ pin, a PyTorch
 * index, the PyPI build of an exact torch pin, a conda pytorch-cuda next to a pytorch
 * pin), the fix users want is a build that runs on the target — on its driver AND its
 * GPU, so following the help never trades one finding for another (anchors.md: "torch
 * too new, driver too old" — which one then?). Which build fits is analysis/torch_pick.h's
 * search (the one `envlint suggest` uses): a build of the same release when one meets the
 * target, else suggest's pick for that target. This module finds the torch pin a finding
 * concerns and words the fix. Pure.
 */
#ifndef ENVLINT_CHECKS_TORCH_FIX_H
#define ENVLINT_CHECKS_TORCH_FIX_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis/cuda_claim.h"
#include "analysis/torch_pick.h"
#include "check.h"

struct torch_fix {
	const struct pin *torch; /* the torch pin the fix is for */
	bool conda;
	bool gpu_undriven;                  /* the driver does not drive the GPU (DRV104): the
					     build was searched for the GPU alone */
	size_t nalso;                       /* the profile's other GPUs, asked too */
	bool full_only;                     /* only builds the driver runs fully were asked for */
	bool searched_others;               /* other releases were searched too (suggest's pick) */
	char release[48];                   /* its release as pinned, without a local label */
	bool same;                          /* a build of that release meets the target */
	bool other;                         /* else: suggest's pick for the target */
	bool other_full;                    /* ... among the builds the driver runs fully */
	struct torch_pick pick;             /* the build (same or other) */
	const struct kb_torch_release *rel; /* its release line */
	struct version patch;               /* its release */
};

/* The torch pin that decides the CUDA of `p`: `p` itself, the scope's first torch for an
 * index, the scope's pytorch for a conda pytorch-cuda pin; NULL for anything else. */
const struct pin *torch_fix_pin_of(const struct check_ctx *ctx, const struct pin *p);

/* Searches the build for torch pin `torch` on ctx's target: its driver (with `need_full`
 * only builds it runs fully) and, when known, its GPU's kernels. False when the pin's
 * release is not one the KB knows, or nothing the KB knows meets the target (*self says
 * which: neither `same` nor `other`). */
bool torch_fix_find(struct torch_fix *self, const struct check_ctx *ctx, const struct pin *torch,
		    bool need_full);

/* torch_fix_find for a release known otherwise than from the pin's text: the torch of a
 * base image (`torch` is the image pin; a pip search, and no edit fits its tag). */
bool torch_fix_find_release(struct torch_fix *self, const struct check_ctx *ctx, const struct pin *torch,
			    const struct version *release, bool need_full);

/* torch_fix_find_release for the torch of a pytorch/pytorch image: where no build of the
 * release fits, the newest build the driver runs fully comes first (an image's CUDA is
 * fixed in its tag, so one that runs only through minor-version compatibility would trade
 * HW202 for DRV102), then suggest's pick. */
bool torch_fix_find_for_image(struct torch_fix *self, const struct check_ctx *ctx, const struct pin *torch,
			      const struct version *release);

/* "the cu118 build of torch 2.1.0 (CUDA 11.8, which driver 470.82.01 runs through
 * minor-version compatibility)", or for another release "no build of torch 2.8.0 runs on
 * this target; the newest that does is torch 2.7.1 (cu118, CUDA 11.8, ...)" into buf. */
void torch_fix_words(const struct torch_fix *self, const struct check_ctx *ctx, char *buf, size_t size);

/* Attaches to `d` the fix as edits of the manifest (diag.h diag_edit), all or none: the
 * version text of the torch pin (and of torchvision / torchaudio pins following it to
 * another release), its +cuXYZ label, the PyTorch index URL or the conda pytorch-cuda
 * value that chose the build. None when a needed text is not an exact, editable span
 * (ARG-substituted, a range, a build string, several indexes). */
void torch_fix_edit(const struct torch_fix *self, const struct check_ctx *ctx, struct diag *d);

/* For the torch of a pytorch/pytorch image (self->torch is its FROM pin): the image of the
 * fix's build, same flavour ("pytorch/pytorch:2.7.1-cuda12.8-cudnn9-runtime"), into buf,
 * when the KB lists every image of that release (images_source) and one has the build's
 * CUDA; and its edits (the tag's torch, CUDA and cuDNN texts) when the build runs on every
 * target and each text is spelled in the file. False, buf empty, otherwise. */
bool torch_fix_image(const struct torch_fix *self, const struct check_ctx *ctx, char *buf, size_t size,
		     struct diag *d);

/* Attaches the edit of one exact pip pin (`==X[+label]`) to `version`, `label` (NULL:
 * none): torchvision / torchaudio fixes (STK303). None when the text is not editable. */
void torch_fix_edit_pin(struct diag *d, const struct pin *p, const char *version, const char *label);

/* The driver half for DRV101/DRV102: writes "or " + torch_fix_words into buf and returns
 * true; false (buf empty) when the claim is not PyTorch's or the release is unknown.
 * Attaches the edits (torch_fix_edit) to `d`. */
bool torch_fix_for_driver(const struct check_ctx *ctx, const struct cuda_claim *claim, bool need_full,
			  char *buf, size_t size, struct diag *d);

#endif

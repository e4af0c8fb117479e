/*
 * image_fix: the base-image half of the help for an official nvidia/cuda image the target
 * cannot use (DRV101, DRV102, DRV103). The fix users want is another tag of the same image
 * (same OS, same flavour, cuDNN or not) that the target runs: NVIDIA's supported-tag list
 * (images.yaml cuda_image_tags) says which tags exist, so no tag is made up; the newest
 * one whose CUDA every target's driver runs fully, whose NVIDIA_REQUIRE_CUDA that driver
 * meets (cuda_images), and whose toolkit builds for every target GPU is proposed, as words
 * and as an edit of the text that spells the version (the FROM line, or the ARG default
 * that supplies it). Pure.
 */
#ifndef ENVLINT_CHECKS_IMAGE_FIX_H
#define ENVLINT_CHECKS_IMAGE_FIX_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis/cuda_claim.h"
#include "check.h"

/* For an nvidia/cuda image claim: writes the proposed image ("nvidia/cuda:11.4.3-cudnn8-
 * runtime-ubuntu20.04", the repository as written) into buf and attaches its edits to d
 * (none when the version or cuDNN text is not an exact, editable span). False, buf empty,
 * for any other claim or when no listed tag fits. A devel image whose stage also installs
 * torch gets the words but no edit: its nvcc is what extensions are built with (STK306). */
bool image_fix_for_target(const struct check_ctx *ctx, const struct cuda_claim *claim, char *buf, size_t size,
			  struct diag *d);

#endif

/*
 * container: what nvidia-container-toolkit does with an official nvidia/cuda base image on
 * the target driver. Those images carry NVIDIA_REQUIRE_CUDA ("cuda>=12.4 brand=tesla,
 * driver>=470,driver<471 ..."): the runtime starts the container only if the driver's
 * CUDA level reaches cuda>=X.Y or a brand/branch alternative matches, and an alternative
 * starts it through forward compatibility (cuda-compat), which only data-center GPUs
 * support (anchors.md 1, 2 and 5: vllm#5635, PETRIC2#27, error 804). Facts from the KB
 * (images.yaml cuda_images, drivers.yaml); pure.
 */
#ifndef ENVLINT_CHECKS_CONTAINER_H
#define ENVLINT_CHECKS_CONTAINER_H

#include "analysis/cuda_claim.h"
#include "check.h"

enum container_verdict {
	CONTAINER_NOT_APPLICABLE, /* not an nvidia/cuda image the KB knows, no driver, or checks disabled */
	CONTAINER_STARTS,         /* the driver's CUDA level meets cuda>=X.Y, or the driver
				     the image's bare driver>=N term */
	CONTAINER_FORWARD_COMPAT, /* starts through a brand alternative on a data-center GPU */
	CONTAINER_MAYBE,          /* a brand alternative matches the branch; the GPU is not known */
	CONTAINER_REFUSED,        /* no alternative matches this driver branch */
	CONTAINER_ERROR_804,      /* starts through a brand alternative, but the GPU cannot use
				     forward compatibility (GeForce): CUDA fails with error 804 */
};

/* The verdict for an image claim (claim->pin is a FROM pin); CONTAINER_NOT_APPLICABLE for
 * anything else. */
enum container_verdict container_verdict_of(const struct check_ctx *ctx, const struct cuda_claim *claim);
/* Adds the DRV103 finding for a REFUSED or ERROR_804 verdict. */
void container_report(const struct check_ctx *ctx, const struct cuda_claim *claim,
		      enum container_verdict verdict, const char *also, struct diag_list *out);

/* The claim of the nvidia/cuda base image of `scope` (its own FROM, or for a stage built
 * FROM another stage, the image that chain starts from) when it runs on the target
 * through forward compatibility (CONTAINER_FORWARD_COMPAT), and in *compat the CUDA X.Y
 * of its compat libcuda; NULL otherwise. */
const struct cuda_claim *container_forward_image(const struct check_ctx *ctx, uint32_t scope,
						 struct version *compat);

/* Does the forward compatibility of its stage's image cover the CUDA claim `claim` (not
 * an image's): a CUDA application installed in that image (a pip torch wheel, a conda
 * cudatoolkit) whose CUDA, the lowest release the claim allows, is at most the compat
 * libcuda's X.Y, which the container toolkit puts in front of the driver's for every
 * process in the container (DRV105)? */
bool container_forward_covers(const struct check_ctx *ctx, const struct cuda_claim *claim);
/* Is the claim a pytorch/pytorch devel tag built FROM an nvidia/cuda image whose
 * candidate rows (the base's patch release and Ubuntu are not known) lead to different
 * findings on this target: the toolkit refuses it under one and runs it through forward
 * compatibility under another, so neither a driver floor nor minor-version compatibility
 * is what happens for sure? */
bool container_devel_undecided(const struct check_ctx *ctx, const struct cuda_claim *claim);

/* Adds the DRV105 info for a FORWARD_COMPAT verdict: the driver runs the image's CUDA
 * only through its cuda-compat, which the container toolkit must load. The CUDA claims
 * it covers (container_forward_covers) are named. */
void container_report_forward(const struct check_ctx *ctx, const struct cuda_claim *claim, const char *also,
			      struct diag_list *out);

/* For a base image the KB knows no requirement for — an NGC release whose notes give no
 * driver statement, or an nvidia/cuda X.Y.Z tag with no cuda_images row — on a GPU whose
 * segment may use cuda-compat: when NVIDIA's forward-compatibility matrix runs the
 * image's cuda-compat-X-Y on the target driver's branch (drivers.yaml `compat`), adds a
 * DRV105 info saying so and returns true; false (nothing added) otherwise. Both kinds of
 * image ship cuda-compat, so the driver's own floor is not the whole story there. */
bool container_forward_by_matrix(const struct check_ctx *ctx, const struct cuda_claim *claim,
				 const char *also, struct diag_list *out);

#endif

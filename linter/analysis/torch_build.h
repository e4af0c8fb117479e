/*
 * torch_build: which build of which torch release a unit installs, and what decided it.
 * A pip torch pin's build is its +cuXYZ label, else the PyTorch index of its scope, else
 * (Linux, no index, or an extra index without the release) PyPI's wheel of the release; a conda pytorch pin's is its build
 * string, else its scope's pytorch-cuda, cudatoolkit (the `pytorch` channel up to 1.12)
 * or cpuonly; a pytorch/pytorch or NGC PyTorch base image names both in its tag. Part of the analysis (analysis.h): pure, owns its
 * array, borrows pins and KB; never depends on checks/.
 */
#ifndef ENVLINT_ANALYSIS_TORCH_BUILD_H
#define ENVLINT_ANALYSIS_TORCH_BUILD_H

#include <stdbool.h>
#include <stddef.h>

#include "kb/kb.h"
#include "pin.h"
#include "scope.h"
#include "version.h"

enum torch_origin {
	TORCH_FROM_LABEL, /* the pin's own local version: torch==2.1.0+cu121 */
	TORCH_FROM_INDEX, /* a PyTorch index of one build in the scope (.../whl/cu121) */
	TORCH_FROM_PYPI,  /* no index, or an extra index without the release: PyPI's Linux
			     wheel of the release (pytorch.yaml pypi_default) */
	TORCH_FROM_CONDA, /* a conda build string, or pytorch-cuda / cpuonly beside the pin */
	TORCH_FROM_IMAGE, /* a pytorch/pytorch or NGC PyTorch base image tag */
};

struct torch_build {
	const struct pin *pin;  /* the torch pin, or the image pin */
	const struct pin *from; /* the pin whose text chose the build: `pin` itself
						   (label, PyPI, build string, image), the index,
						   the pytorch-cuda or the cpuonly pin */
	enum torch_origin origin;
	struct version version;                 /* the torch release (an NGC image's may be
						   NVIDIA's pre-release, 2.4.0a0) */
	const struct kb_torch_release *rel;     /* its release line; never NULL */
	const struct kb_torch_variant *variant; /* the wheel build (pip origins, and the index
						   wheel a pytorch/pytorch image of 2.6 on
						   installs); NULL otherwise */
	const struct kb_torch_variant *conda;   /* the `pytorch` conda channel's build whose
						   arch lists the KB holds (pytorch.yaml
						   conda.builds): a conda pin taken from
						   that channel, and a pytorch/pytorch image
						   before 2.6; NULL otherwise */
	const struct kb_torch_variant *kernels; /* the arch lists of what the unit's platform
						   installs: `variant`'s for it
						   (kb_torch_wheel_kernels: the aarch64 row on
						   linux-aarch64), else `conda`'s on Linux
						   x86_64 (the channel's lists are linux-64's);
						   NULL where the KB holds none */
	bool has_cuda;                          /* false: a CPU build */
	struct version cuda;                    /* the CUDA it was built with, when has_cuda */
};

/* The wheel pip takes for the patch `v` of release `rel`, pinned with no +label in scope
 * `s`, and in *origin what chose it: the scope's PyTorch index of one build
 * (TORCH_FROM_INDEX; with several, the first); PyPI's (TORCH_FROM_PYPI, pytorch.yaml
 * `pypi_default`, or `aarch64.pypi_default` on linux-aarch64; none on Windows) where the scope has no index, or where its index is
 * an extra one beside PyPI that the KB knows never had that release's build
 * (scope_pypi_beside_index: pip takes the highest version, 1.13.0 from PyPI where the
 * cu113 index stops at 1.12.1). NULL where the KB does not know the wheel or an index
 * envlint cannot read may serve any. */
const struct kb_torch_variant *torch_build_pip_wheel(const struct kb *kb, enum kb_wheel_platform wheels,
						     const struct scope_info *s,
						     const struct kb_torch_release *rel,
						     const struct version *v, enum torch_origin *origin);

/* A util/vec.h array, in pin order. */
struct torch_builds {
	struct torch_build *items;
	size_t nr, alloc;
};

/* Finds the torch builds of pins[0..n) with their `scopes` (scope.h), for `os` and a
 * machine that is x86_64 or not (PyPI's default wheel is pytorch.yaml's `pypi_default`
 * on Linux x86_64 only), into *self (caller releases). Only releases and builds the KB
 * knows are recorded: a pin whose release, patch or build the KB does not hold, a range,
 * or unresolved text makes none. */
void torch_builds_derive(struct torch_builds *self, const struct kb *kb, enum kb_os os, bool x86_64,
			 const struct scopes *scopes, const struct pin *pins, size_t n);
void torch_builds_release(struct torch_builds *self);
/* The build of the torch pin or image pin `pin`; NULL when the analysis found none. */
const struct torch_build *torch_builds_find(const struct torch_builds *self, const struct pin *pin);

/* The torch of the base image of `scope` (TORCH_FROM_IMAGE): its own FROM image's, or for
 * a stage built FROM another stage, the image that chain starts from. NULL: none known. */
const struct torch_build *torch_builds_image_of(const struct torch_builds *self, const struct scopes *scopes,
						uint32_t scope);

/* "label", "index", "pypi", "conda", "image". */
const char *torch_build_origin_name(enum torch_origin origin);

#endif

/*
 * scope: what each scope of a unit holds (a requirements file with its includes, a conda
 * environment, a Dockerfile stage), summarised once so nothing asks the pin list about a
 * pin's scope per pin (quadratic on large files: 100k pins took 18 s). Built from the
 * pins and the KB's index-URL patterns; pure; owns only its array. Part of the analysis
 * (analysis.h): depends on kb/, pin and version, never on checks/.
 */
#ifndef ENVLINT_ANALYSIS_SCOPE_H
#define ENVLINT_ANALYSIS_SCOPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kb/kb.h"
#include "pin.h"
#include "version.h"

/* More PyTorch index variants than this in one scope count as "any build". */
#define SCOPE_MAX_INDEX_VARIANTS 8

struct scope_info {
	bool index;               /* a pip index option or ENV (not a conda channel) */
	bool index_any_build;     /* an index envlint cannot read or one serving every build
				    (a mirror, a find-links page such as torch_stable.html) */
	bool index_replaces_pypi; /* an --index-url (PIP_INDEX_URL), or an extra index uv
				     searches first (pin.h index_first): what it holds is not
				     taken from PyPI. Without one, pip's --extra-index-url only
				     adds candidates: pip takes the highest version across PyPI
				     and the extra indexes (scope_pypi_beside_index) */
	uint8_t nvariants;        /* PyTorch indexes of one build each ("cu121") */
	const char *variants[SCOPE_MAX_INDEX_VARIANTS]; /* point into variant_buf */
	char variant_buf[SCOPE_MAX_INDEX_VARIANTS][24];
	const struct pin *index_pin[SCOPE_MAX_INDEX_VARIANTS]; /* the pin of each variant */
	const struct pin *torch; /* the first exactly pinned pip torch pin, or NULL */
	struct version torch_version;
	bool pip_family;                       /* a pip torch/torchvision/torchaudio pin */
	bool pip_family_variant;               /* ... that names its +variant */
	bool pip_torch_variant;                /* a pip torch pin that names its +variant */
	const struct pin *pinned_companion[2]; /* the first pip torchvision [0] / torchaudio [1]
						  pin with a version, or NULL */
	const struct pin *first_torch;         /* the first torch pin not from conda, whatever its
					    constraint, or NULL */
	const struct pin *conda_torch;         /* the first conda pytorch pin, or NULL */
	const struct pin *pytorch_cuda;        /* the first conda pytorch-cuda pin, or NULL */
	const struct pin *cpuonly;             /* the first conda cpuonly pin, or NULL */
	const struct pin *cudatoolkit;         /* the first conda cudatoolkit pin, or NULL */
	const struct pin *python;              /* the first conda python pin, or NULL */
	const struct pin *python_image;        /* a base image whose tag names its CPython
					    (python:3.12-slim, images.yaml), or NULL */
	struct version python_image_version;   /* that CPython, X.Y */
	const struct pin *pytorch_channel;     /* the first channel naming PyTorch's own `pytorch`
						channel on anaconda.org, or NULL */
	bool pytorch_channel_first;            /* ... listed before any channel_other: conda takes a
					package it has from it first */
	bool channel_other;                    /* a channel that is neither `pytorch` nor NVIDIA's (nvidia,
				    nvidia/label/...): it may serve a pytorch package too */
	bool channel_nodefaults;               /* `nodefaults`: .condarc's channels are not added */
	uint32_t base_scope;                   /* a Dockerfile stage built FROM another stage: the
						scope whose base image it inherits (pin.h); 0: none */
	bool require_overridden;               /* ENV NVIDIA_REQUIRE_CUDA, or NVIDIA_DISABLE_REQUIRE=true|1:
				    the base image's requirement is not what the runtime checks */
};

/* A Dockerfile command's own view of its scope: the scope's info, with the indexes and
 * channels that command was given in place of the scope-wide ones of the same kind. */
struct scope_command {
	uint32_t scope, command;
	struct scope_info info;
};

struct scopes {
	struct scope_info *items; /* indexed by scope id */
	size_t n;
	struct scope_command *commands; /* one for each command given an index or channel */
	size_t ncommands;
};

/* Summarises the scopes of pins[0..n) into *self (caller releases with scopes_release).
 * `kb` may be NULL: every index then counts as one envlint cannot read. */
void scopes_build(struct scopes *self, const struct kb *kb, const struct pin *pins, size_t n);
void scopes_release(struct scopes *self);
/* The info of `scope`; a zeroed, empty one for an id out of range. Borrowed from self.
 * Its indexes and channels are the scope-wide ones. */
const struct scope_info *scopes_get(const struct scopes *self, uint32_t scope);
/* The info of the pin's scope as the pin's own command sees it (pin.h `command`): the
 * indexes and channels pip or conda reads for that pin. Borrowed from self. */
const struct scope_info *scopes_of_pin(const struct scopes *self, const struct pin *p);
/* Is `channel` (a channel pin's text or a pin's `channel::`) PyTorch's own `pytorch`
 * channel on anaconda.org (`pytorch`, `https://conda.anaconda.org/pytorch`)? A label of
 * it (pytorch/label/nightly) is another set of packages, and so is `pytorch-nightly`. */
bool scope_channel_is_pytorch(const char *channel);
/* Does conda take the conda pin `p` of this scope from the `pytorch` channel:
 * `pytorch::pytorch`, or a scope that lists that channel before any channel that may
 * serve pytorch too? */
bool scope_conda_from_pytorch_channel(const struct scope_info *self, const struct pin *p);
/* Does pip still read PyPI beside the scope's PyTorch indexes (each an extra index,
 * `--extra-index-url .../whl/cu121`)? Then it takes the highest version any of them
 * offers (pypa/pip CandidateEvaluator._sort_key: version first; PEP 440 sorts
 * 2.3.1+cu121 above 2.3.1): a release the index has comes from it, any other from PyPI. */
bool scope_pypi_beside_index(const struct scope_info *self);
/* Is index pin `p` the PyTorch index of a CUDA build no release of the KB was built as
 * (.../whl/cu122; nightly and test channels aside)? *m is the pattern's match. */
bool scope_index_unpublished(const struct kb *kb, const struct pin *p, struct kb_match *m);
/* The same, where the caller has matched p's URL against KB_PAT_INDEX_URL as *m. */
bool scope_index_match_unpublished(const struct kb *kb, const struct pin *p, const struct kb_match *m);
/* Does the scope name the PyTorch index of `variant` ("cu121")? */
bool scope_has_index_variant(const struct scope_info *self, const char *variant);

#endif

/*
 * pin: the one model every reader produces and every check reads. A pin is a located
 * statement about the environment: a package requirement (pip or conda), a base image,
 * a package index, or an ENV/ARG that names a CUDA version. Readers fill pins; they
 * never interpret versions against facts (that is the checks' job, with the KB).
 * All strings are borrowed from the arena of the file the pin was read from.
 */
#ifndef ENVLINT_PIN_H
#define ENVLINT_PIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "span.h"

enum pin_kind {
	PIN_KIND_PACKAGE, /* torch==2.1.0, pytorch=2.1, cudatoolkit=11.8 */
	PIN_KIND_IMAGE,   /* FROM nvidia/cuda:12.4.1-cudnn-devel-ubuntu22.04 */
	PIN_KIND_INDEX,   /* --index-url / --extra-index-url / -f URL, conda channel */
	PIN_KIND_ENV,     /* ENV CUDA_VERSION=12.4.1, NVIDIA_REQUIRE_CUDA, NVIDIA_DISABLE_REQUIRE */
};

/* The role a package plays in the version flow; PIN_PKG_OTHER for everything else. */
enum pin_pkg {
	PIN_PKG_OTHER,
	PIN_PKG_TORCH, /* torch (pip), pytorch (conda) */
	PIN_PKG_TORCHVISION,
	PIN_PKG_TORCHAUDIO,
	PIN_PKG_PYTHON, /* conda python */
	PIN_PKG_CUDA, /* cudatoolkit, cuda-version, cuda-toolkit, pytorch-cuda, cuda-runtime, nvidia-cuda-runtime-cuXX, ENV CUDA_VERSION */
	PIN_PKG_CUDNN,   /* cudnn, nvidia-cudnn-cu11/12/13 */
	PIN_PKG_CPUONLY, /* conda cpuonly metapackage */
};

enum pin_eco {
	PIN_ECO_PIP,
	PIN_ECO_CONDA,
	PIN_ECO_DOCKER,
};

/* What a pip pin's text is part of, for an edit that adds an option beside it. */
enum pin_text {
	PIN_TEXT_LINE,         /* a line of its own (a requirements file; every non-pip pin) */
	PIN_TEXT_SHELL,        /* a bare word of a Dockerfile RUN `pip install` (its text ends it) */
	PIN_TEXT_SHELL_QUOTED, /* ... a word with quotes or expansions */
	PIN_TEXT_ITEM,         /* an item of a conda environment's `pip:` list */
};

enum pin_index_kind {
	PIN_INDEX_NONE,
	PIN_INDEX_URL,        /* -i / --index-url */
	PIN_INDEX_EXTRA,      /* --extra-index-url */
	PIN_INDEX_FIND_LINKS, /* -f / --find-links */
	PIN_INDEX_CHANNEL,    /* conda channel (channels: or -c) */
};

struct pin {
	enum pin_kind kind;
	enum pin_eco eco;
	enum pin_pkg pkg;
	enum pin_index_kind index_kind; /* PIN_KIND_INDEX only */
	bool index_first;               /* PIN_KIND_INDEX: an extra index that uv searches before
					   the default one, taking a package from the first index
					   that has it (uv's default index strategy, first-index):
					   unlike pip's --extra-index-url, it replaces PyPI for
					   every package it holds */
	const char *name;        /* normalised package name ("torch", "pytorch-cuda", "nvidia-cudnn-cu12"),
				   image repository ("nvidia/cuda", "nvcr.io/nvidia/pytorch"), env name,
				   or the index option ("--index-url") */
	const char *spec;        /* version constraint as written ("==2.1.0", "2.1.*", ">=2.0,<2.2"),
				   image tag, env value, or index URL; NULL when unpinned */
	const char *variant;     /* PEP 440 local label without '+' ("cu121"), conda build string
				   ("py3.10_cuda12.1_cudnn8.9.2_0"), or NULL */
	const char *channel;     /* conda channel of a `channel::name` spec, or NULL */
	const char *url;         /* direct reference (`torch @ URL`, wheel URL), or NULL */
	const char *digest;      /* image digest ("sha256:..."), or NULL */
	const char *file;        /* display path of the file the text is in */
	struct span span;        /* the version text; the whole requirement when unpinned */
	struct span name_span;   /* the package name / image reference */
	struct span via;         /* the ARG/ENV line that supplied the text (line 0: none) */
	const char *included_by; /* the file whose -r/-c line read this pin's file, or NULL */
	struct span included_at; /* that -r/-c line's path */
	uint32_t scope;          /* pins of one scope build one environment (file, Dockerfile stage) */
	uint32_t command;        /* a Dockerfile RUN command's pip or conda install these pins came
				   from (its words and the -r files it reads), numbered from 1 in
				   its file: index options and channels given to one command apply
				   to that command's pins alone. 0: scope-wide (a requirements or
				   conda file, ENV PIP_INDEX_URL) */
	const char *stage;       /* the `AS name` of the Dockerfile stage it is in, or NULL */
	const char *gpu_sibling; /* a Dockerfile's directory beside it that holds the project's GPU
				   variant of it (readers/gpu_sibling.h), or NULL */
	uint32_t base_scope;     /* a Dockerfile stage built FROM another stage (`FROM base`): the
				   scope of the stage that chain starts from, whose base image it
				   inherits; 0 otherwise */
	bool unresolved;         /* the text held a ${VAR} envlint could not resolve */
	enum pin_text text;      /* pip pins: what holds the requirement (a file line, a RUN word) */
	const struct pin_part *parts; /* an image tag some variable supplied: where each run
					 of `spec` came from (arena), in order; else NULL */
	uint32_t nparts;
	bool marker;             /* a PEP 508 environment marker follows (`; python_version < "3.12"`):
				   the pin holds only where the marker is true */
	const char *marker_text; /* that marker, after the ';' ("sys_platform == 'darwin'"),
				   which the checks see evaluated (analysis/marker.h); or NULL */
};

/* A run of an image pin's tag that came from one place: spec[off, off+len) is the text
 * at `span` (an ARG default, or the FROM line itself). */
struct pin_part {
	uint32_t off, len;
	struct span span;
};

/* Shaped as util/vec.h's VEC(struct pin), so the vec_* macros apply to it. */
struct pin_list {
	struct pin *items;
	size_t nr, alloc;
};

#define PIN_LIST_INIT      \
	{                  \
		NULL, 0, 0 \
	}

/* Appends a copy of *pin; returns the stored pin (valid until the list grows). */
struct pin *pin_list_push(struct pin_list *self, const struct pin *pin);
void pin_list_release(struct pin_list *self);

/* Normalises a package name in place-free form: PEP 503 (lowercase, runs of -_. -> '-').
 * Writes at most size-1 bytes to buf; returns buf. */
char *pin_normalize_name(const char *name, size_t len, char *buf, size_t size);
/* The role of a (normalised) package name in `eco`; PIN_PKG_OTHER if none. */
enum pin_pkg pin_pkg_of(const char *normalized_name, enum pin_eco eco);
/* Does the (normalised) package install an nvcc of its own: conda's cuda-nvcc,
 * cuda-compiler, cudatoolkit-dev, cuda, cuda-toolkit, pip's nvidia-cuda-nvcc-cuXX? */
bool pin_name_brings_nvcc(const char *normalized_name);

/* The text that supplies spec[off, off+len): the ARG default that gave `11.6` in
 * `FROM img:${TORCH}-cuda${CUDA}`, or the FROM line's own characters. pin->span when the
 * pin has no parts or the text spans several. */
struct span pin_spec_span(const struct pin *self, size_t off, size_t len);

/* The span of spec[off, off+len) when the file spells exactly those bytes there (a FROM
 * tag as written, or one ARG default supplying that run): an edit may replace them. An
 * unset span otherwise (quoted, split over several places, or not one line). */
struct span pin_spec_exact_span(const struct pin *self, size_t off, size_t len);

const char *pin_kind_name(enum pin_kind kind);
const char *pin_pkg_name(enum pin_pkg pkg);
const char *pin_eco_name(enum pin_eco eco);

struct buf;
/* One line, the readers' golden-test format (libyaml's event dump idea):
 *   "3:9-3:14 package pip torch torch spec='==2.1.0' variant='cu121' scope=1"
 * fields that are unset are left out. No trailing newline. */
void pin_dump(const struct pin *pin, struct buf *out);
#endif

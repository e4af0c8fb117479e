/*
 * kb: the knowledge base — sourced facts on CUDA, drivers, GPUs, cuDNN and PyTorch,
 * loaded from the rules/ YAML files (embedded at build time, or --kb DIR) and queried by checks.
 * The KB owns all its memory (one arena); everything it returns is const and borrowed
 * until kb_free. Loading validates every entry (docs/kb-format.md) and reports problems
 * as EL009 diagnostics naming the KB file and line; queries never guess: an unknown
 * version comes back as "unknown" (NULL / KB_UNKNOWN / false).
 * Depends on version.h, diag.h and PCRE2 (patterns compiled once, with JIT).
 */
#ifndef ENVLINT_KB_KB_H
#define ENVLINT_KB_KB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "version.h"

struct diag_list;
struct kb;

enum kb_os {
	KB_OS_LINUX,
	KB_OS_WINDOWS,
};

/* A three-valued answer: facts the KB does not hold are KB_UNKNOWN, never a guess. */
enum kb_answer {
	KB_UNKNOWN = -1,
	KB_NO = 0,
	KB_YES = 1,
};

/* Every fact carries where it came from. */
struct kb_origin {
	const char *source; /* URL or owner/repo:path@commit (first one if several) */
	bool secondary;     /* status: 2nd */
	const char *file;   /* "<builtin>/cuda.yaml" or the --kb path */
	uint32_t line;      /* 1-based line of the entry */
};

/* ------------------------------------------------------------------------- */
/* Loading */

/* Loads the embedded KB. Returns false (and records EL009 diags) if it is invalid;
 * *out is then NULL. */
bool kb_load_builtin(struct kb **out, struct diag_list *diags);
/* Loads every *.yaml in `dir` with the same validation. */
bool kb_load_dir(struct kb **out, const char *dir, struct diag_list *diags);
void kb_free(struct kb *self);
/* kb.yaml `date`: the newest fact the KB knows ("2026-11-25"). */
const char *kb_date(const struct kb *self);

/* ------------------------------------------------------------------------- */
/* CUDA toolkit releases (cuda.yaml) */

struct kb_cuda {
	struct version version;   /* X.Y.Z */
	const char *text;         /* "12.4.0" */
	const char *label;        /* "12.4 GA" or NULL */
	const char *released;     /* "2024-03" or NULL */
	bool has_driver[2];       /* indexed by enum kb_os */
	struct version driver[2]; /* full-feature minimum driver per OS */
	uint32_t driver_branch;   /* when only a branch is published (0: none) */
	bool has_ptx;             /* `ptx:` given */
	struct version ptx;       /* PTX ISA version of this toolkit (X.Y) */
	struct kb_origin origin;
};

/* Releases sorted ascending by version. */
size_t kb_cuda_count(const struct kb *self);
const struct kb_cuda *kb_cuda_at(const struct kb *self, size_t i);
/* The release X.Y.Z, or for a 2-part X.Y the first (GA) release of that minor; NULL if
 * the KB does not know it. */
const struct kb_cuda *kb_cuda_find(const struct kb *self, const struct version *cuda);
/* Full-feature minimum driver for `cuda` on `os`: for X.Y.Z that release's, for X.Y the
 * lowest over the minor's releases. false if unknown (or only a branch is published). */
bool kb_cuda_min_driver(const struct kb *self, const struct version *cuda, enum kb_os os,
			struct version *driver, const struct kb_cuda **release);

struct kb_minor_compat {
	uint32_t major;
	bool has_driver[2];
	struct version driver[2];
	struct kb_origin origin;
};
/* Minor-version-compatibility floor of a CUDA major; NULL = the major has none (or the
 * KB does not know). */
const struct kb_minor_compat *kb_cuda_minor_compat(const struct kb *self, uint32_t major);
/* The newest CUDA release that `driver` runs with its full feature set on `os`; NULL if
 * none the KB knows. */
const struct kb_cuda *kb_cuda_newest_for_driver(const struct kb *self, const struct version *driver,
						enum kb_os os);

/* Which toolkits can compile for a compute capability (cuda.yaml architectures). */
struct kb_cc {
	struct version cc;    /* X.Y */
	const char *arch;     /* "volta" */
	struct version first; /* first CUDA X.Y */
	bool has_last;
	struct version last; /* last CUDA X.Y */
	bool has_deprecated;
	struct version deprecated;
	bool has_renamed_to;
	struct version renamed_to;
	struct kb_origin origin;
};
size_t kb_cc_count(const struct kb *self);
const struct kb_cc *kb_cc_at(const struct kb *self, size_t i);
const struct kb_cc *kb_cc_find(const struct kb *self, const struct version *cc);
/* Can nvcc of CUDA `cuda` (X.Y or X.Y.Z) target `cc`? */
enum kb_answer kb_cuda_can_target(const struct kb *self, const struct version *cuda,
				  const struct version *cc);

/* ------------------------------------------------------------------------- */
/* Driver branches (drivers.yaml) */

struct kb_branch {
	uint32_t branch;     /* 535 */
	struct version cuda; /* highest CUDA X.Y the branch reports */
	const char *type;    /* "ltsb", "pb", "nfb" or NULL */
	const char *eol;     /* or NULL */
	struct kb_origin origin;
};
size_t kb_branch_count(const struct kb *self);
const struct kb_branch *kb_branch_at(const struct kb *self, size_t i);
const struct kb_branch *kb_branch_find(const struct kb *self, uint32_t branch);
/* Highest CUDA X.Y `driver` runs natively (its branch's level). false if unknown. */
bool kb_driver_max_cuda(const struct kb *self, const struct version *driver, struct version *cuda);
/* May GPUs of `segment` ("datacenter", "geforce", ...) use the cuda-compat package? */
enum kb_answer kb_forward_compat_allowed(const struct kb *self, const char *segment);
/* Does the cuda-compat package of `cuda`'s X.Y (X.Y or X.Y.Z) run on an installed
 * base driver of `branch` (drivers.yaml `compat`)? KB_YES if the branch is one of the
 * package's bases, KB_NO if the KB has the package and the branch is not a base
 * (including the package's own branch, where the CUDA runs natively and no package is
 * needed), KB_UNKNOWN if the KB has no entry for that X.Y. The segment check is
 * kb_forward_compat_allowed's: a CUDA X.Y application runs on branch B through forward
 * compatibility iff both answer KB_YES. */
enum kb_answer kb_forward_compat_runs(const struct kb *self, const struct version *cuda, uint32_t branch);
/* The source of the cuda-compat package entry of `cuda`'s X.Y, or NULL if the KB has none. */
const struct kb_origin *kb_forward_compat_source(const struct kb *self, const struct version *cuda);

/* ------------------------------------------------------------------------- */
/* GPUs (gpus.yaml) */

struct kb_arch {
	const char *name;    /* "ampere" */
	const char *display; /* "Ampere" */
	uint32_t floor;      /* lowest driver branch (0: unknown) */
	uint32_t last;       /* last driver branch (0: ongoing) */
	struct kb_origin origin;
};

struct kb_gpu_driver {
	uint32_t branch;
	struct version first;         /* first release of the branch that drives it */
	const struct version *except; /* later releases of the branch that do not (a parallel
				         line such as 520.61.05 between 520.56.06 and 520.61.07) */
	size_t nexcept;
};

struct kb_gpu {
	const char *name;           /* canonical */
	const char *const *smi;     /* NULL-terminated */
	const char *const *aliases; /* NULL-terminated */
	const struct kb_arch *arch;
	struct version cc;
	const char *segment;            /* "geforce" | "workstation" | "datacenter" | "jetson" */
	uint32_t floor, last, all_from; /* 0 = not given (arch values apply for floor/last) */
	const struct kb_gpu_driver *drivers;
	size_t ndrivers;
	const uint32_t *none;
	size_t nnone;
	struct kb_origin origin;
};

size_t kb_gpu_count(const struct kb *self);
const struct kb_gpu *kb_gpu_at(const struct kb *self, size_t i);
/* Any spelling: canonical, nvidia-smi, alias; case, spacing, "NVIDIA "/"GeForce "
 * prefixes free. NULL if unknown or ambiguous (*ambiguous set when ambiguous). */
const struct kb_gpu *kb_gpu_lookup(const struct kb *self, const char *spelling, bool *ambiguous);
/* A compute capability typed as "sm_86", "8.6", "compute_86", "86": true and *cc set. */
bool kb_parse_cc(const char *text, struct version *cc);
/* Does `driver` drive `gpu`? Per-branch rules of docs/kb-format.md. */
enum kb_answer kb_gpu_driver_supported(const struct kb *self, const struct kb_gpu *gpu,
				       const struct version *driver);

/* Binary compatibility (NVIDIA's rule, not KB data): a cubin for X.Y runs on X.Z, Z >= Y
 * (same major); PTX for X.Y JIT-compiles for any CC >= X.Y. `ptx_known` false means the
 * PTX list is unknown: then a miss on SASS alone is KB_UNKNOWN, not KB_NO. */
enum kb_answer kb_binaries_run_on(const struct version *sass, size_t nsass, const struct version *ptx,
				  size_t nptx, bool ptx_known, const struct version *cc);

/* ------------------------------------------------------------------------- */
/* cuDNN (cudnn.yaml) */

struct kb_cudnn_build {
	uint32_t major; /* CUDA major */
	bool has_range;
	struct version min, max; /* CUDA X.Y range */
};

struct kb_cudnn {
	struct version version; /* X.Y.Z */
	const struct kb_cudnn_build *builds;
	size_t nbuilds;
	bool has_cc;
	struct version cc_min, cc_max;
	struct kb_origin origin;
};

struct kb_cudnn_package {
	const char *name;      /* "nvidia-cudnn-cu12" */
	const char *ecosystem; /* "pip" | "conda" */
	uint32_t cuda_major;   /* 0: any */
	struct kb_origin origin;
};

size_t kb_cudnn_count(const struct kb *self);
const struct kb_cudnn *kb_cudnn_at(const struct kb *self, size_t i);
/* By X.Y.Z (a 4th component is ignored); NULL if unknown. */
const struct kb_cudnn *kb_cudnn_find(const struct kb *self, const struct version *cudnn);
enum kb_answer kb_cudnn_supports_cuda(const struct kb_cudnn *cudnn, const struct version *cuda);
const struct kb_cudnn_package *kb_cudnn_package(const struct kb *self, const char *name);

/* ------------------------------------------------------------------------- */
/* PyTorch (pytorch.yaml) */

struct kb_torch_variant {
	const char *name; /* "cu121", "cpu", "rocm5.6" */
	bool has_cuda;
	struct version cuda; /* X.Y */
	bool has_cudnn;
	struct version cudnn;
	const struct version *sass; /* compute capabilities with cubins */
	size_t nsass;               /* 0 with sass == NULL: unknown */
	const struct version *ptx;
	size_t nptx;
	bool ptx_known;                /* `ptx:` given (an empty list means none) */
	const struct version *patches; /* only these patches have it; NULL = all */
	size_t npatches;
	struct kb_origin origin;
};

struct kb_torch_companion {
	struct version torch;
	bool has_torchvision, has_torchaudio;
	struct version torchvision, torchaudio;
};

struct kb_torch_release {
	struct version line; /* X.Y */
	const struct version *patches;
	size_t npatches;
	bool has_python;
	struct version python_min, python_max;
	const char *pypi_default; /* variant name or NULL */
	bool no_local_version;    /* index wheels carry no +cuXYZ label (1.0, 1.1): never proposed */
	const struct kb_torch_variant *variants;
	size_t nvariants;
	bool cuda_builds_complete;      /* `variants` names every cuXYZ build on the PyTorch index */
	const char *cuda_builds_source; /* the source of that claim */
	bool cuda_builds_secondary;     /* that claim is `status: 2nd` */
	const struct kb_torch_companion *companions;
	size_t ncompanions;
	bool conda_channel;                 /* published to the `pytorch` conda channel */
	const struct version *pytorch_cuda; /* pytorch-cuda=X.Y values */
	size_t npytorch_cuda;
	const struct version *cudatoolkit; /* cudatoolkit=X.Y values */
	size_t ncudatoolkit;
	/* The `pytorch` channel's CUDA builds whose architectures a source gives (conda
	 * `builds`): `cuda`, `sass`, `ptx` and `origin` filled, `name` NULL. A conda build
	 * has lists of its own (pytorch/builder conda/pytorch-nightly/build.sh), not the
	 * wheels'. */
	const struct kb_torch_variant *conda_builds;
	size_t nconda_builds;
	/* The Linux aarch64 (SBSA) wheels whose architectures a source gives (pytorch.yaml
	 * `aarch64.builds`): rows named as the `variants` they are the aarch64 build of, with
	 * their `cuda` and lists of their own (aarch64 drops the arches no Arm system has);
	 * `cudnn` not filled. A variant with no row here is not known on aarch64. */
	const struct kb_torch_variant *aarch64_builds;
	size_t naarch64_builds;
	const char *aarch64_pypi_default; /* the variant of PyPI's Linux aarch64 wheel, or NULL */
	const char *const *images;        /* "cuda12.1-cudnn8", NULL-terminated */
	const char *images_source;        /* the source that `images` is every pytorch/pytorch image of
				      the release by (a runtime and a devel tag each), or NULL */
	struct kb_origin origin;
};

size_t kb_torch_count(const struct kb *self);
const struct kb_torch_release *kb_torch_at(const struct kb *self, size_t i);

/* Whether a companion's release wheels require their own torch release exactly
 * (`Requires-Dist: torch==X.Y.Z`): pip then resolves an unpinned companion installed
 * beside an exact torch pin to that torch's own companion (pytorch.yaml
 * `companion_requires`). */
struct kb_companion_requires {
	const char *package;          /* "torchvision", "torchaudio" */
	bool has_unpinned_from;       /* some releases require no torch release */
	struct version unpinned_from; /* the first of them */
	bool has_compiled_from;       /* releases before this one are pure Python (no operators */
	struct version compiled_from; /*   built against a torch) and require any torch */
	struct kb_origin origin;
};
/* The row of `package`, or NULL where the KB does not say. */
const struct kb_companion_requires *kb_companion_requires(const struct kb *self, const char *package);
/* Does some release's `pytorch_cuda` list hold X.Y of `v` (the 'pytorch' channel's
 * pytorch-cuda=X.Y metapackage)? Into values (size bytes) go all the values the KB
 * knows, "11.6, 11.7, ...", when values is not NULL. */
bool kb_pytorch_cuda_published(const struct kb *self, const struct version *v, char *values, size_t size);
/* Is `name` ("cu122") a variant some release of the KB was built as? */
bool kb_torch_variant_published(const struct kb *self, const char *name);
/* The release line of a torch version (2.1.2 -> 2.1); NULL if unknown. */
const struct kb_torch_release *kb_torch_release(const struct kb *self, const struct version *torch);
/* Is this exact patch (public part, e.g. 2.1.2) a release? */
bool kb_torch_patch_exists(const struct kb_torch_release *rel, const struct version *torch);
/* The variant `name` of the release, considering `patch` (NULL: any patch). */
const struct kb_torch_variant *kb_torch_variant(const struct kb_torch_release *rel, const char *name,
						const struct version *patch);
/* Was `torch` (an exact patch) published with the CUDA build `variant` ("cu121") on the
 * PyTorch index? KB_NO only for a known patch of a release whose CUDA build list a source
 * gives as complete; KB_UNKNOWN for an unknown patch, a non-CUDA variant, or a release
 * whose list may have gaps. */
enum kb_answer kb_torch_cuda_build_published(const struct kb *self, const struct version *torch,
					     const char *variant);
/* Where official torch wheels run: their arch lists differ per platform. pytorch.yaml's
 * `variants` are the Linux x86_64 wheels, a release's `aarch64` block the Linux aarch64
 * ones; Windows wheels have lists of their own that the KB does not hold. */
enum kb_wheel_platform {
	KB_WHEEL_LINUX_X86_64, /* the default */
	KB_WHEEL_LINUX_AARCH64,
	KB_WHEEL_OTHER, /* Windows: wheels exist, their arch lists are not known */
};
static inline enum kb_wheel_platform kb_wheel_platform_of(enum kb_os os, bool x86_64)
{
	return os != KB_OS_LINUX ? KB_WHEEL_OTHER : x86_64 ? KB_WHEEL_LINUX_X86_64 : KB_WHEEL_LINUX_AARCH64;
}
/* The build whose `sass`/`ptx` wheel `v` of `rel` has on `platform`: `v` itself on Linux
 * x86_64, its `aarch64` row on Linux aarch64; NULL where the KB holds none (never the
 * x86_64 lists for another platform's wheel). */
const struct kb_torch_variant *kb_torch_wheel_kernels(const struct kb_torch_release *rel,
						      const struct kb_torch_variant *v,
						      enum kb_wheel_platform platform);
/* Is wheel `v` of `rel` known to exist on `platform`? Linux x86_64 and Windows: the
 * variant list (Windows has the index builds, lists apart); Linux aarch64: only where
 * an `aarch64` row names it. */
bool kb_torch_wheel_on(const struct kb_torch_release *rel, const struct kb_torch_variant *v,
		       enum kb_wheel_platform platform);
/* The variant name of PyPI's `torch` wheel of `rel` on `platform` (`pypi_default`,
 * `aarch64.pypi_default`); NULL where no source gives it. */
const char *kb_torch_pypi_default(const struct kb_torch_release *rel, enum kb_wheel_platform platform);
/* The `pytorch` channel's build of release line `rel` for CUDA X.Y `cuda` (its X.Y is
 * compared) whose architectures the KB lists; NULL when it lists none. */
const struct kb_torch_variant *kb_torch_conda_build(const struct kb_torch_release *rel,
						    const struct version *cuda);
const struct kb_torch_companion *kb_torch_companion(const struct kb_torch_release *rel,
						    const struct version *torch_patch);
/* The release's pytorch/pytorch tag middle ("cuda12.6-cudnn9") for CUDA X.Y `cuda`, or NULL
 * when its `images` name none (2.13's cu129 has no image) or are not known (NULL). */
const char *kb_torch_image_of(const struct kb_torch_release *rel, const struct version *cuda);
/* The newest release whose `companions` list this torchvision / torchaudio version. */
const struct kb_torch_companion *kb_torch_companion_of(const struct kb *self, bool audio,
						       const struct version *v);

/* ------------------------------------------------------------------------- */
/* Patterns and images (images.yaml) */

enum kb_pattern_kind {
	KB_PAT_IMAGE_TAG,
	KB_PAT_LOCAL_VERSION,
	KB_PAT_INDEX_URL,
	KB_PAT_WHEEL,
	KB_PAT_CONDA_BUILD,
};

#define KB_GROUP_MAX 48

/* Named groups of the first matching pattern; empty strings for groups not matched. */
struct kb_match {
	const char *pattern;     /* the pattern's name */
	char cuda[KB_GROUP_MAX]; /* "12.4.1", "121" (as written; see version_parse_cuda) */
	char cudnn[KB_GROUP_MAX];
	char torch[KB_GROUP_MAX];
	char variant[KB_GROUP_MAX]; /* "cu121", "cpu", "rocm5.6" */
	char flavor[KB_GROUP_MAX];  /* "runtime", "devel", "base" */
	char os[KB_GROUP_MAX];
	char python[KB_GROUP_MAX];
	char ngc[KB_GROUP_MAX]; /* "24.05" */
	struct kb_origin origin;
};

/* Matches `text` against the patterns of `kind` in file order. For KB_PAT_IMAGE_TAG,
 * `repo` is the image repository ("nvidia/cuda", "docker.io/nvidia/cuda") and `text`
 * the tag; for other kinds `repo` is ignored. true and *out filled on a match. */
bool kb_match(const struct kb *self, enum kb_pattern_kind kind, const char *repo, const char *text,
	      struct kb_match *out);

/* true when `repo` ("pytorch/pytorch", "nvcr.io/nvidia/pytorch") is the repository of an
 * image_tag pattern whose tag names the torch the image ships (a `torch` or `ngc` group):
 * a tag of it that no pattern reads is a torch envlint cannot tell. */
bool kb_image_repo_ships_torch(const struct kb *self, const char *repo);

struct kb_ngc {
	const char *image; /* "pytorch" */
	const char *tag;   /* "24.05" */
	struct version cuda;
	bool has_torch;
	struct version torch;
	uint32_t driver_branch;           /* "requires NVIDIA Driver release 545 or later" */
	const struct version *datacenter; /* forward-compat floors for data center GPUs */
	size_t ndatacenter;
	struct kb_origin origin;
};
const struct kb_ngc *kb_ngc_find(const struct kb *self, const char *image, const char *tag);
/* Does `driver` meet one of the release's data-center floors (same branch, at or above the
 * floor; a floor written as the branch alone admits any driver of it)? */
bool kb_ngc_datacenter_admits(const struct kb_ngc *ngc, const struct version *driver);
/* NGC releases in file order; kb_ngc_at returns NULL past the end. */
size_t kb_ngc_count(const struct kb *self);
const struct kb_ngc *kb_ngc_at(const struct kb *self, size_t i);

/* images.yaml `cuda_images`: the NVIDIA_REQUIRE_CUDA of official nvidia/cuda images (amd64).
 * nvidia-container-toolkit starts a container from the image iff the driver's CUDA level
 * (kb_branch.cuda) >= `cuda`, or the GPU's brand is in `brands` and the driver's branch
 * is in `branches`. */
struct kb_cuda_image {
	struct version image;     /* nvidia/cuda tag version X.Y.Z */
	struct version cuda;      /* NVIDIA_REQUIRE_CUDA cuda>=X.Y */
	const uint32_t *branches; /* driver branches of the brand clauses */
	size_t nbranches;
	const char *const *brands;      /* NULL-terminated, as written in the clauses */
	const uint32_t *tesla_branches; /* branches whose clauses name brand=tesla alone, where
					   the image lists `brands` for others (11.5.0: tesla for
					   R418/R450, every brand for R470) */
	size_t ntesla_branches;
	uint32_t driver_min;   /* a bare driver>=N term (11.2.x on centos8, 11.3.x): the
					toolkit ORs it with the others, so any GPU on a driver
					>= N starts the container; 0: none */
	const char *const *os; /* the tag OSes ("ubuntu22.04", "ubi8") the row holds for,
					NULL-terminated; NULL: every OS. NVIDIA's Dockerfiles of
					one version differ per OS (11.5.2 on ubuntu18.04 keeps
					exceptions ubuntu20.04 drops) */
	const char *compat;    /* the forward-compatibility package the image installs
					("cuda-compat-12-4"), or NULL */
	struct kb_origin origin;
};
/* images.yaml `cuda_image_tags`: the nvidia/cuda tags NVIDIA lists as supported, per tag OS
 * and image version. A tag is <image>-<middle>-<os>; `tags` holds the middles ("base",
 * "runtime", "cudnn8-devel", "cudnn-runtime"). */
struct kb_cuda_image_tags {
	const char *os;          /* "ubuntu22.04" */
	struct version image;    /* X.Y.Z */
	const char *const *tags; /* NULL-terminated */
	struct kb_origin origin;
};
/* Rows sorted by OS, then by image version (ascending); at returns NULL past the end. */
size_t kb_cuda_image_tags_count(const struct kb *self);
const struct kb_cuda_image_tags *kb_cuda_image_tags_at(const struct kb *self, size_t i);

/* The first `cuda_images` row of that exact image version; NULL if the KB holds none. */
const struct kb_cuda_image *kb_cuda_image(const struct kb *self, const struct version *image);
/* The row for that image version on tag OS `os` ("ubuntu22.04"): one whose `os` lists it,
 * else one without `os`; NULL if none (an OS NVIDIA's Dockerfiles do not show is not
 * guessed). */
const struct kb_cuda_image *kb_cuda_image_for(const struct kb *self, const struct version *image,
					      const char *os);

/* images.yaml `pytorch_devel_bases`: the nvidia/cuda devel image a PyTorch release's `-devel`
 * Docker tags were built FROM (pytorch/pytorch docker.Makefile BASE_DEVEL), so they carry its
 * NVIDIA_REQUIRE_CUDA and cuda-compat. The tag gives the CUDA X.Y; `os` the tag OSes the base
 * may have been (more than one where the sources leave it open). Releases the KB has no row
 * for (their devel base is not sourced, or is not nvidia/cuda) are not judged as such. */
struct kb_devel_base {
	struct version torch;  /* the release line X.Y */
	const char *const *os; /* "ubuntu22.04", NULL-terminated */
	struct kb_origin origin;
};
/* The row of the release line of torch version `torch` (2.4.1 -> 2.4); NULL if none. */
const struct kb_devel_base *kb_pytorch_devel_base(const struct kb *self, const struct version *torch);
/* Rows sorted by release; at returns NULL past the end. */
size_t kb_devel_base_count(const struct kb *self);
const struct kb_devel_base *kb_devel_base_at(const struct kb *self, size_t i);
/* The n-th `cuda_images` row (sorted by image version); NULL past the end. */
size_t kb_cuda_image_count(const struct kb *self);
const struct kb_cuda_image *kb_cuda_image_at(const struct kb *self, size_t i);

#endif

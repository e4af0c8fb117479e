/*
 * profile: the machines a manifest must run on. A `struct profile` is one machine: a
 * name, its GPUs, installed driver, system CUDA, OS and platform, built from --gpu/
 * --driver/--cuda/--os, a profile file (profile_yaml.h), a built-in profile
 * (profile_builtin.h) or nvidia-smi output (nvidia_smi.h). A run checks a list of them. Checks see a `struct target`: one profile with
 * one of its GPUs, so a GPU-specific finding names the GPU and a box with two GPUs
 * fails where either fails. GPU names are resolved through the KB. Owns its arrays;
 * borrows KB entries and the option strings.
 */
#ifndef ENVLINT_PROFILE_H
#define ENVLINT_PROFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "kb/kb.h"
#include "version.h"

/* What a check sees: one profile with one of its GPUs (or none). */
struct target {
	const char *name;         /* profile name, or NULL for command-line targets */
	const struct kb_gpu *gpu; /* NULL when the GPU was given as a bare CC or not at all */
	bool has_cc;
	struct version cc; /* the GPU's compute capability */
	bool has_driver;
	struct version driver;
	const char *driver_text; /* as given */
	bool has_cuda;
	struct version cuda;
	enum kb_os os;
};

/* One GPU of a profile. */
struct profile_gpu {
	const struct kb_gpu *gpu; /* NULL for a bare compute capability */
	struct version cc;
};

/* Where wheels and images must run: their arch lists and platform tags differ. The run
 * evaluates requirements' PEP 508 markers for it (analysis/marker.h); --platform or a
 * profile's `platform` sets it. */
enum profile_platform {
	PROFILE_PLATFORM_LINUX_X86_64, /* the default */
	PROFILE_PLATFORM_LINUX_AARCH64,
	PROFILE_PLATFORM_WINDOWS_X86_64,
};

struct profile {
	struct target base; /* name, driver, CUDA and OS; no GPU */
	struct profile_gpu *gpus;
	size_t ngpus;
	enum profile_platform platform;
	/* Strings a profile read from a file owns (base.name, base.driver_text point here);
	 * NULL for command-line profiles, which borrow argv. */
	char *own_name, *own_driver;
};

/* VEC-shaped (util/vec.h). */
struct profile_list {
	struct profile *items;
	size_t nr, alloc;
};

#define PROFILE_LIST_INIT  \
	{                  \
		NULL, 0, 0 \
	}

/* Builds a profile from the command line's target options (any may be NULL; `gpus`
 * holds `ngpus` names). On a bad value returns false and writes why into err. */
bool profile_from_options(struct profile *self, const struct kb *kb, const char *const *gpus, size_t ngpus,
			  const char *driver, const char *cuda, const char *os, char *err, size_t errsize);
/* How many targets the profile yields: one per GPU, or one without a GPU. */
size_t profile_target_count(const struct profile *self);
/* The i-th target of the profile (a view: borrows the profile's strings). */
void profile_target_at(const struct profile *self, size_t i, struct target *out);
/* Is any of the profile's fields known (a GPU, a driver or a system CUDA)? */
bool profile_is_empty(const struct profile *self);
void profile_release(struct profile *self);
/* A name for an unnamed profile from its GPUs and driver branch: "h100-sxm5-80gb+tesla-t4-535",
 * "sm-86", "no-gpu". */
void profile_default_name(const struct profile *self, char *out, size_t size);

void profile_list_push(struct profile_list *self, struct profile *profile);
void profile_list_release(struct profile_list *self);

/* "linux-x86_64" <-> PROFILE_PLATFORM_*; false / NULL for anything else. */
bool profile_platform_parse(const char *text, enum profile_platform *out);
const char *profile_platform_name(enum profile_platform platform);

/* "sm_86" for compute capability 8.6. */
void profile_sm_text(const struct version *cc, char *buf, size_t size);
/* A GPU as messages name it: "'NVIDIA A100' (sm_80)" (quoted) or "NVIDIA A100 (sm_80)",
 * or "sm_80" alone for a bare compute capability (gpu NULL). */
void profile_gpu_text(const struct kb_gpu *gpu, const struct version *cc, bool quoted, char *buf,
		      size_t size);

/* Fills *self from the options' strings (any may be NULL). On a bad value returns false
 * and writes a one-line reason into err (git style: "unknown GPU 'RTX 4090X'; ..."). The
 * reasons teach: a CUDA version given as the driver, a non-NVIDIA GPU, a driver branch
 * the KB's drivers.yaml does not list. "R535" is the branch 535, as "535" is (a bare
 * branch compares below all of its releases: the branch's oldest release). */
bool target_from_options(struct target *self, const struct kb *kb, const char *gpu, const char *driver,
			 const char *cuda, const char *os, char *err, size_t errsize);

#endif

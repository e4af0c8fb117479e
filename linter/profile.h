/*
 * profile: the target a manifest must run on — GPU, installed driver, system CUDA and
 * OS — built from --gpu/--driver/--cuda/--os (profile files and nvidia-smi import come
 * with the profiles issue). GPU names are resolved through the KB. Owns nothing but
 * its fields; borrows KB entries.
 */
#ifndef ENVLINT_PROFILE_H
#define ENVLINT_PROFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "kb/kb.h"
#include "version.h"

struct target {
	const char *name;              /* profile name, or NULL for command-line targets */
	const struct kb_gpu *gpu;      /* NULL when the GPU was given as a bare CC or not at all */
	bool has_cc;
	struct version cc;             /* the GPU's compute capability */
	bool has_driver;
	struct version driver;
	const char *driver_text;       /* as given */
	bool has_cuda;
	struct version cuda;
	enum kb_os os;
};

/* Fills *self from the options' strings (any may be NULL). On a bad value returns false
 * and writes a one-line reason into err (git style: "unknown GPU 'RTX 4090X'; ..."). */
bool target_from_options(struct target *self, const struct kb *kb, const char *gpu, const char *driver,
			 const char *cuda, const char *os, char *err, size_t errsize);

#endif

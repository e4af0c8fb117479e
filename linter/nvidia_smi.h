/*
 * nvidia_smi: reads captured nvidia-smi output and turns it into a profile
 * (`envlint profile --from-nvidia-smi FILE`). Three forms are read:
 *   - the default table, every layout from R418 to R610+ (79, 89 and 91 columns; the
 *     R610 header "KMD Version / CUDA UMD Version"; Windows' TCC/WDDM column; the MIG
 *     devices and Processes boxes are skipped, MIG mode is noted per GPU);
 *   - `--query-gpu=...,name,driver_version,compute_cap --format=csv` (any order of
 *     columns, units and "[N/A]" values allowed; the header is required);
 *   - `nvidia-smi -L` ("GPU 0: NAME (UUID: ...)").
 * nvidia_smi_parse is pure text work; nvidia_smi_profile resolves names through the
 * KB: a table's truncated name ("NVIDIA A100-SXM...") resolves when every KB GPU it
 * could be has one compute capability, else it is an error naming the line, as is an
 * unknown name. nvidia-smi's "CUDA Version" is the driver's CUDA level, never a system
 * toolkit, so it does not become the profile's `cuda`. Depends on profile, version, kb.
 */
#ifndef ENVLINT_NVIDIA_SMI_H
#define ENVLINT_NVIDIA_SMI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "profile.h"

struct buf;

/* GPUs read from one capture; more are refused. */
#define NVIDIA_SMI_MAX_GPUS 64
#define NVIDIA_SMI_MAX_TEXT 128

enum nvidia_smi_form {
	NVIDIA_SMI_TABLE,
	NVIDIA_SMI_CSV,
	NVIDIA_SMI_LIST, /* -L */
};

struct nvidia_smi_gpu {
	char name[NVIDIA_SMI_MAX_TEXT]; /* as printed; "" when the CSV has no name column */
	uint32_t line;                  /* 1-based line it was read from */
	bool truncated;                 /* the table cut the name short ("...") */
	bool mig;                       /* table: MIG M. "Enabled" */
	bool has_cc;                    /* CSV compute_cap given (not [N/A]) */
	struct version cc;
};

struct nvidia_smi {
	enum nvidia_smi_form form;
	struct nvidia_smi_gpu gpus[NVIDIA_SMI_MAX_GPUS];
	size_t ngpus;
	char driver[NVIDIA_SMI_MAX_TEXT]; /* "Driver Version" / "KMD Version" / driver_version, or "" */
	uint32_t driver_line;
	char driver_cuda[NVIDIA_SMI_MAX_TEXT]; /* "CUDA Version" / "CUDA UMD Version", or "" */
	char smi_version[NVIDIA_SMI_MAX_TEXT]; /* "NVIDIA-SMI 450.66", or "" */
	bool windows;                          /* the table has a TCC/WDDM column */
};

/* Reads `text` (len bytes; NULs end it). false with a one-line reason in err ("line 3:
 * ...") when it is none of the three forms or holds no GPU. */
bool nvidia_smi_parse(struct nvidia_smi *self, const char *text, size_t len, char *err, size_t errsize);

/* The profile of a parsed capture: GPUs resolved through the KB (equal GPUs once), the
 * driver checked like --driver (left out, with a note, on a Jetson: L4T drivers are no
 * desktop branch), os from the table, platform linux-aarch64 on a Jetson, a name made
 * from the GPUs and the branch (owned by the profile). `notes` gets YAML comment lines
 * ("# ...\n") for the reader; gpu_notes (self->ngpus slots, zeroed by the caller) gets
 * a note per GPU of the profile (malloc'd, caller frees; NULL when none). `file` names the input in errors ("FILE:LINE: ..."). */
bool nvidia_smi_profile(const struct nvidia_smi *self, const struct kb *kb, const char *file,
			struct profile *out, char **gpu_notes, struct buf *notes, char *err, size_t errsize);

/* The profile file of a parsed capture, as `envlint profile --from-nvidia-smi` prints
 * it: a first comment naming `file` and the form, the notes, then the profile
 * (profile_yaml_write). false with err set as nvidia_smi_profile does. */
bool nvidia_smi_write(const struct nvidia_smi *self, const struct kb *kb, const char *file, struct buf *out,
		      char *err, size_t errsize);

#endif

/*
 * profile_yaml: the profile file format of docs/contract.md ("Profiles and config
 * files") — read into `struct profile` and written back out.
 *
 *   profile := mapping { name: str, gpus: [gpu], driver: str, cuda: str,
 *                        os: linux|windows, platform: linux-x86_64|linux-aarch64|windows-x86_64 }
 *   file    := profile | [profile]      (a list: the built-in file, or several machines)
 *
 * GPU names, drivers and CUDA versions go through target_from_options (the same
 * resolution and the same teaching errors as --gpu/--driver/--cuda). Every problem is an
 * EL017 diagnostic at the line of the offending node (EL002 when the YAML does not
 * parse); a profile with a problem is not returned. Depends on profile, source, diag,
 * the KB's GPU lookup and libyaml; owns nothing past the call.
 */
#ifndef ENVLINT_PROFILE_YAML_H
#define ENVLINT_PROFILE_YAML_H

#include <stdbool.h>

#include "profile.h"

struct buf;
struct diag_list;
struct source;

/* More profiles than this in one file, or GPUs in one profile, are refused (EL017). */
#define PROFILE_YAML_MAX_PROFILES 64
#define PROFILE_YAML_MAX_GPUS 64

/* Reads every profile of `src` into `out` (a profile without `name` in a one-profile
 * file is named after the file). Returns true when the file had no problem; else the
 * problems are in `diags` and nothing was pushed. */
bool profile_yaml_read(struct profile_list *out, const struct kb *kb, const struct source *src,
		       struct diag_list *diags);

/* Writes `self` as a profile file. gpu_notes[i] (or NULL, or gpu_notes NULL) becomes a
 * comment after GPU i. The driver and CUDA are written as resolved ("R535" as "535"),
 * GPUs by their KB name (or X.Y); `name` only when the profile has one. */
void profile_yaml_write(const struct profile *self, const char *const *gpu_notes, struct buf *out);

#endif

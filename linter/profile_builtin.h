/*
 * profile_builtin: the profiles envlint ships (profiles/builtin.yaml, embedded at build
 * time and read through profile_yaml, so a built-in profile and a profile file are one
 * format and one code path). `--profile NAME` and `--list-profiles` use them. Every
 * driver in the file is a release the KB records (tests/unit/test_profile_yaml.c).
 * Depends on profile_yaml and source; the caller owns what it gets.
 */
#ifndef ENVLINT_PROFILE_BUILTIN_H
#define ENVLINT_PROFILE_BUILTIN_H

#include <stdbool.h>

#include "profile.h"

struct diag_list;

/* The name the built-in file's diagnostics carry. */
#define PROFILE_BUILTIN_PATH "<builtin>/profiles.yaml"

/* Pushes every built-in profile onto `out`. false (problems in diags, EL017 naming
 * PROFILE_BUILTIN_PATH) if the file does not read against this KB. */
bool profile_builtin_load(struct profile_list *out, const struct kb *kb, struct diag_list *diags);
/* Moves the built-in profile called `name` into *out. false if there is none (or the
 * built-in file does not read: diags then say why). */
bool profile_builtin_find(struct profile *out, const struct kb *kb, const char *name,
			  struct diag_list *diags);

#endif

/*
 * config: `.envlint.yml` (docs/contract.md "Profiles and config files"): the policy a
 * project keeps beside its manifests. Read with libyaml's document loader; every
 * problem (unknown key, unknown rule, bad severity, bad glob, wrong shape) is an EL014
 * finding at its line in the config, never a guess. Found as the nearest file upward
 * from a checked path, or named with --config. Owns its strings (an arena).
 */
#ifndef ENVLINT_CONFIG_H
#define ENVLINT_CONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include "input_limits.h"
#include <stddef.h>

#include "policy.h"
#include "span.h"
#include "util/arena.h"

struct diag_list;

#define CONFIG_NAME ".envlint.yml"

struct config {
	char *path;            /* the file read, or NULL when none was found */
	struct policy layer;   /* disable, enable, severity, fail-on, exclude */
	const char **profiles; /* built-in profile names or profile files, as written */
	size_t nprofiles;
	struct span profiles_at; /* the `profiles:` value, for a finding when one fails */
	const char **includes;   /* globs for names the walk does not know */
	size_t nincludes;
	struct arena arena;
};

void config_init(struct config *self);
/* Reads `path` into self. On any problem records EL014 findings in `diags` and returns
 * false (what parsed is kept; the caller stops with exit status 2). */
bool config_load(struct config *self, const char *path, struct diag_list *diags);
/* The same from bytes in memory, named `name` in findings (fuzzers, tests). */
bool config_load_memory(struct config *self, const char *name, const char *bytes, size_t len,
			struct diag_list *diags);
/* What config_find learned of directories (device and inode): how many levels up from
 * each the nearest .envlint.yml is, so the many paths of one run that share ancestors
 * (a walk's siblings, a glob of repositories) ask the file system once per directory. */
struct config_dir {
	dev_t dev;
	ino_t ino;
	int up;       /* levels to the directory holding the config; -1: none up to the root */
	int32_t next; /* the next entry of its hash chain, or -1 */
};
#define CONFIG_FINDER_BUCKETS 4096
struct config_finder { /* shaped as util/vec.h's VEC(struct config_dir), plus chains */
	struct config_dir *items;
	size_t nr, alloc;
	int32_t *heads; /* CONFIG_FINDER_BUCKETS chain heads (entry index, -1: empty), or NULL */
};
void config_finder_release(struct config_finder *self);

/* The nearest .envlint.yml at or above `path` (a file's directory, or the directory
 * itself), stopping at the filesystem root; NULL if none. `finder` (may be NULL) keeps
 * what each look-up learned for the next. Caller frees. */
char *config_find(const char *path, struct config_finder *finder);
void config_release(struct config *self);

#endif

/*
 * walk: expand the command line's paths into the list of files to lint. Directories are
 * walked with CONTRACT.md's file-name patterns, skipping .git, node_modules and .venv;
 * symlinked directories inside a walk are followed only when asked (--follow), and no
 * directory is entered twice nor a file listed twice, by device and inode, however
 * many paths lead to it (a file named twice is linted once); only regular files are
 * ever listed. Paths named on the command line are always listed, whatever their name.
 * Owns its strings.
 */
#ifndef ENVLINT_WALK_H
#define ENVLINT_WALK_H

#include <stdbool.h>
#include "input_limits.h"
#include <stddef.h>

struct diag_list;

struct walk_file {
	char *path;    /* display path (as given, or joined under a given directory) */
	bool named;    /* named on the command line (kind from name hints / content) */
	bool included; /* matched an include glob, not a known name (kind from content) */
};

struct walk_options {
	bool verbose;                /* record every skipped entry and why (--verbose) */
	bool follow;                 /* follow directory symlinks inside walked directories */
	const char *const *includes; /* globs (relative to the walked root) adding names */
	size_t nincludes;
};

/* An entry the walk passed over, and why ("not a manifest name"). */
struct walk_skip {
	char *path;
	const char *why; /* static text */
};

struct walk_result {
	struct walk_file *items; /* util/vec.h shape */
	size_t nr, alloc;
	size_t nskipped;    /* regular files and directories passed over */
	struct walk_skips { /* with walk_options.verbose: each of them (util/vec.h) */
		struct walk_skip *items;
		size_t nr, alloc;
	} skips;
};

/* Walks every path; a path that does not exist or is not a file/directory is reported
 * as EL001 in diags (and the walk goes on). Files come out in a stable order: command
 * line order, and sorted names within a directory. */
void walk_paths(const char *const *paths, size_t npaths, const struct walk_options *opts,
		struct walk_result *out, struct diag_list *diags);
void walk_result_release(struct walk_result *self);

#endif

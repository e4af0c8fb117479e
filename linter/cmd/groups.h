/*
 * groups: the paths of one command line grouped by the .envlint.yml that governs each
 * (the nearest one above it, or --config for all), each group's config read once and
 * its `profiles:` loaded, then each group linted under defaults <- its config <- the
 * command line. `check` and `stack` lint through it, so both read a config the same
 * way: the one's findings are the other's marks.
 */
#ifndef ENVLINT_CMD_GROUPS_H
#define ENVLINT_CMD_GROUPS_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"
#include "cmd.h"
#include "config.h"
#include "profile.h"
#include "util/vec.h"

struct kb;
struct run;

/* More distinct .envlint.yml files than this among the paths of one run share the last. */
#define GROUPS_MAX_CONFIGS 64

/* The paths that share one .envlint.yml (or none), linted under one policy. */
struct path_group {
	char *config; /* its path, or NULL */
	VEC(const char *) paths;
	struct config cfg;            /* what it says (empty without one) */
	struct profile_list profiles; /* its profiles: when the command line names none */
	bool ok;                      /* it read cleanly (else its paths are not linted) */
};

/* Groups the paths (none: ".") by the nearest .envlint.yml above each, or all under
 * --config. Returns how many groups were filled. */
size_t groups_of_paths(const struct cli_args *args, struct path_group *groups, size_t max);
/* Every group's config (and its profiles, unless the command line names a target)
 * before anything is linted: the configs' profiles are the report's targets. A bad one
 * leaves its findings in run->diags and marks the run unreadable (exit status 2). */
void groups_load_configs(const struct cli_args *args, const struct kb *kb, struct path_group *groups,
			 size_t ngroups, struct run *run, struct cmd_io *io);
/* Lints each readable group with run->profiles set to its config's profiles, or to
 * `profiles` (the command line's) when it has none. True when a finding reached its
 * group's --fail-on (a run without a sink keeps its findings; a streaming one says so
 * in run->fails). Empties each group's path list. */
bool groups_lint(const struct cli_args *args, const struct profile_list *profiles, struct path_group *groups,
		 size_t ngroups, struct run *run);
void groups_release(struct path_group *groups, size_t ngroups);

#endif

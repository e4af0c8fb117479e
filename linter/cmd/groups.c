#include "groups.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "diag.h"
#include "policy.h"
#include "run.h"
#include "util/xalloc.h"

/* The config's `profiles:`, each a built-in name or a profile file (relative to the
 * config's folder, as a project writes it). */
static bool config_profiles(const struct config *cfg, const struct kb *kb, struct profile_list *out,
			    struct cmd_io *io)
{
	for (size_t i = 0; i < cfg->nprofiles; i++) {
		const char *spec = cfg->profiles[i];
		char *path = NULL;
		const char *slash = strrchr(cfg->path, '/');
		if (spec[0] != '/' && slash &&
		    (strchr(spec, '/') || strstr(spec, ".yml") || strstr(spec, ".yaml"))) {
			size_t n = (size_t)(slash - cfg->path) + strlen(spec) + 2;
			path = xmalloc(n);
			snprintf(path, n, "%.*s/%s", (int)(slash - cfg->path), cfg->path, spec);
		}
		bool ok = cmd_load_profile(path ? path : spec, kb, out, io);
		free(path);
		if (!ok) {
			buf_addf(&io->err, "envlint: (profile '%s' named in %s)\n", spec, cfg->path);
			return false;
		}
	}
	return true;
}

size_t groups_of_paths(const struct cli_args *args, struct path_group *groups, size_t max)
{
	static const char *const DOT[] = { "." };
	const char *const *paths = args->npaths ? (const char *const *)args->paths : DOT;
	size_t npaths = args->npaths ? args->npaths : 1, n = 0;
	/* Paths of one folder (a shell glob names hundreds) share the answer of one look-up:
	 * the search upward costs a realpath and a stat per level. */
	const char *last = NULL;
	size_t last_len = 0;
	char *last_config = NULL;
	struct config_finder finder = { NULL, 0, 0, NULL };
	for (size_t i = 0; i < npaths; i++) {
		const char *slash = strrchr(paths[i], '/');
		size_t dir_len = slash ? (size_t)(slash - paths[i]) : 0;
		bool same = last && slash && dir_len == last_len && !strncmp(paths[i], last, dir_len);
		char *config;
		if (args->config)
			config = xstrdup(args->config);
		else if (same)
			config = last_config ? xstrdup(last_config) : NULL;
		else {
			config = config_find(paths[i], &finder);
			free(last_config);
			last_config = config ? xstrdup(config) : NULL;
			last = slash ? paths[i] : NULL;
			last_len = dir_len;
		}
		size_t g = 0;
		while (g < n && !((!config && !groups[g].config) ||
				  (config && groups[g].config && !strcmp(config, groups[g].config))))
			g++;
		if (g == n && n == max)
			g = n - 1; /* more configs than groups: share the last (never in practice) */
		if (g == n) {
			memset(&groups[n], 0, sizeof(groups[n]));
			groups[n++].config = config;
		} else {
			free(config);
		}
		vec_push(&groups[g].paths, paths[i]);
	}
	free(last_config);
	config_finder_release(&finder);
	return n;
}

void groups_load_configs(const struct cli_args *args, const struct kb *kb, struct path_group *groups,
			 size_t ngroups, struct run *run, struct cmd_io *io)
{
	bool cli_target = args->nprofiles || args->ngpus || args->driver || args->cuda;
	for (size_t g = 0; g < ngroups; g++) {
		struct path_group *pg = &groups[g];
		config_init(&pg->cfg);
		pg->profiles = (struct profile_list)PROFILE_LIST_INIT;
		size_t first = run->diags.nr;
		pg->ok = !pg->config || config_load(&pg->cfg, pg->config, &run->diags);
		if (pg->ok && pg->cfg.nprofiles && !cli_target) {
			pg->ok = config_profiles(&pg->cfg, kb, &pg->profiles, io);
			if (!pg->ok)
				diag_add(
					&run->diags, RULE_EL014, pg->cfg.path, pg->cfg.profiles_at,
					"name a built-in profile (envlint --list-profiles) or a profile file "
					"relative to this config",
					"a profile named in 'profiles' does not load (its problem is on "
					"standard error); nothing under this config is checked");
		}
		if (!pg->ok)
			run->unreadable = true;
		else
			diag_list_truncate(&run->diags, first);
	}
}

/* Defaults <- the group's .envlint.yml <- the command line, merged once per config. */
bool groups_lint(const struct cli_args *args, const struct profile_list *profiles, struct path_group *groups,
		 size_t ngroups, struct run *run)
{
	bool fails = false;
	for (size_t g = 0; g < ngroups; g++) {
		struct path_group *pg = &groups[g];
		if (pg->ok) {
			struct policy policy;
			size_t first = run->diags.nr;
			policy_init(&policy);
			policy_merge(&policy, &pg->cfg.layer);
			policy_merge(&policy, &args->policy);
			run->profiles = pg->profiles.nr ? &pg->profiles : profiles;
			run_set_policy(run, &policy);
			run->includes = pg->cfg.includes;
			run->nincludes = pg->cfg.nincludes;
			run_paths(run, pg->paths.items, pg->paths.nr);
			fails = fails || policy_fails(&policy, &run->diags, first);
			policy_release(&policy);
		}
		vec_release(&pg->paths);
	}
	return fails;
}

void groups_release(struct path_group *groups, size_t ngroups)
{
	for (size_t g = 0; g < ngroups; g++) {
		vec_release(&groups[g].paths);
		profile_list_release(&groups[g].profiles);
		config_release(&groups[g].cfg);
		free(groups[g].config);
	}
}

#include "common.h"

#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "diag.h"
#include "kb/kb.h"
#include "profile.h"
#include "profile_builtin.h"
#include "profile_yaml.h"
#include "report/report.h"
#include "source.h"
#include "util/arena.h"

bool cmd_parse(int argc, char **argv, const enum cli_opt *accepted, struct cli_args *args, struct cmd_io *io)
{
	return cmd_parse_own(argc, argv, accepted, NULL, args, io);
}

bool cmd_parse_own(int argc, char **argv, const enum cli_opt *accepted, const char *const *own,
		   struct cli_args *args, struct cmd_io *io)
{
	char err[1024] = "";
	if (cli_parse_own(argc, argv, accepted, own, args, err, sizeof(err)))
		return true;
	buf_addf(&io->err, "envlint: %s\n(see envlint --help)\n", err);
	policy_release(&args->policy);
	return false;
}

/* Problems of the installation (the KB, a profile file, the built-in profiles), in
 * gnu form on stderr, sorted. */
static void report_problems(struct diag_list *problems, struct cmd_io *io)
{
	diag_list_sort(problems);
	struct report_input in = { .diags = problems, .version = ENVLINT_VERSION };
	report_gnu(&in, &io->err);
}

bool cmd_load_kb(const char *dir, struct kb **kb, struct cmd_io *io)
{
	struct diag_list problems = DIAG_LIST_INIT;
	*kb = NULL;
	bool ok = dir ? kb_load_dir(kb, dir, &problems) : kb_load_builtin(kb, &problems);
	if (problems.nr) {
		report_problems(&problems, io);
		ok = false;
	}
	diag_list_release(&problems);
	if (!ok) {
		kb_free(*kb);
		*kb = NULL;
		buf_adds(&io->err, "envlint: the knowledge base is invalid; nothing was checked\n");
	}
	return ok;
}

static bool names_a_file(const char *spec)
{
	size_t n = strlen(spec);
	return strchr(spec, '/') || (n > 4 && !strcmp(spec + n - 4, ".yml")) ||
	       (n > 5 && !strcmp(spec + n - 5, ".yaml"));
}

static void list_builtin_names(const struct kb *kb, struct buf *out)
{
	struct profile_list all = PROFILE_LIST_INIT;
	struct diag_list ignored = DIAG_LIST_INIT;
	profile_builtin_load(&all, kb, &ignored);
	for (size_t i = 0; i < all.nr; i++)
		buf_addf(out, "%s%s", i ? ", " : "", all.items[i].base.name);
	profile_list_release(&all);
	diag_list_release(&ignored);
}

/* The profiles of one profile file already loaded as `src`. */
static bool read_profile_file(const struct source *src, const struct kb *kb, struct profile_list *out,
			      struct cmd_io *io)
{
	struct diag_list problems = DIAG_LIST_INIT;
	bool ok = profile_yaml_read(out, kb, src, &problems);
	if (!ok) {
		report_problems(&problems, io);
		buf_addf(&io->err, "envlint: profile file '%s' is invalid; nothing was checked\n", src->path);
	}
	diag_list_release(&problems);
	return ok;
}

/* `--profile -`: a profile file on standard input (a config's "-" stays a file name). */
static bool load_profile_stdin(const struct kb *kb, struct profile_list *out, struct cmd_io *io)
{
	struct arena arena;
	arena_init(&arena);
	struct source src;
	struct diag_list load = DIAG_LIST_INIT;
	bool ok = false;
	if (source_load_stream(&src, "<stdin>", STDIN_FILENO, &arena, &load) == SOURCE_OK)
		ok = read_profile_file(&src, kb, out, io);
	else
		report_problems(&load, io);
	diag_list_release(&load);
	arena_release(&arena);
	return ok;
}

bool cmd_load_profile(const char *spec, const struct kb *kb, struct profile_list *out, struct cmd_io *io)
{
	struct diag_list problems = DIAG_LIST_INIT;
	bool ok = false;
	if (!names_a_file(spec)) {
		struct profile p;
		if (profile_builtin_find(&p, kb, spec, &problems)) {
			profile_list_push(out, &p);
			diag_list_release(&problems);
			return true;
		}
		if (problems.nr) {
			report_problems(&problems, io);
			buf_adds(&io->err,
				 "envlint: the built-in profiles do not read; nothing was checked\n");
			diag_list_release(&problems);
			return false;
		}
	}
	struct arena arena;
	arena_init(&arena);
	struct source src;
	struct diag_list load = DIAG_LIST_INIT;
	if (source_load(&src, spec, &arena, &load) == SOURCE_OK) {
		ok = read_profile_file(&src, kb, out, io);
	} else if (names_a_file(spec)) {
		report_problems(&load, io);
	} else {
		struct buf names = BUF_INIT;
		list_builtin_names(kb, &names);
		buf_addf(&io->err,
			 "envlint: --profile '%s' is neither a built-in profile (%s) nor a "
			 "readable file\n",
			 spec, names.buf);
		buf_release(&names);
	}
	diag_list_release(&load);
	diag_list_release(&problems);
	arena_release(&arena);
	return ok;
}

bool cmd_load_profiles(const struct cli_args *args, const struct kb *kb, struct profile_list *out,
		       struct cmd_io *io)
{
	for (size_t i = 0; i < args->nprofiles; i++)
		if (!(strcmp(args->profiles[i], "-") ? cmd_load_profile(args->profiles[i], kb, out, io)
						     : load_profile_stdin(kb, out, io)))
			return false;
	if (!args->nprofiles || args->ngpus || args->driver || args->cuda || args->platform) {
		struct profile prof;
		char err[1024] = "";
		/* A platform names its OS: --platform windows-x86_64 is --os windows. */
		enum profile_platform pl = PROFILE_PLATFORM_LINUX_X86_64;
		const char *os = args->os;
		if (args->platform && profile_platform_parse(args->platform, &pl)) {
			const char *pl_os = pl == PROFILE_PLATFORM_WINDOWS_X86_64 ? "windows" : "linux";
			if (os && strcasecmp(os, pl_os)) {
				buf_addf(&io->err, "envlint: --platform '%s' does not run --os '%s'\n",
					 args->platform, os);
				return false;
			}
			os = pl_os;
		}
		if (!profile_from_options(&prof, kb, args->gpus, args->ngpus, args->driver, args->cuda, os,
					  err, sizeof(err))) {
			buf_addf(&io->err, "envlint: %s\n", err);
			return false;
		}
		if (args->platform)
			prof.platform = pl;
		if (args->nprofiles)
			prof.base.name = "command-line";
		profile_list_push(out, &prof);
	}
	for (size_t i = 0; i < out->nr; i++)
		for (size_t k = 0; k < i; k++)
			if (out->items[i].base.name && out->items[k].base.name &&
			    !strcmp(out->items[i].base.name, out->items[k].base.name)) {
				buf_addf(&io->err,
					 "envlint: two profiles are named '%s'; findings could not "
					 "tell them apart\n",
					 out->items[i].base.name);
				return false;
			}
	return true;
}

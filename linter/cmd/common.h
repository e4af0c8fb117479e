/*
 * common: what several commands do the same way: parse their options with a usage
 * error in the house wording, and load the knowledge base (built in, or --kb DIR)
 * with its problems reported as the installation's, not the manifests'.
 */
#ifndef ENVLINT_CMD_COMMON_H
#define ENVLINT_CMD_COMMON_H

#include <stdbool.h>

#include "cli.h"
#include "cmd.h"

struct kb;
struct profile;
struct profile_list;

/* The options every command that lints or resolves targets accepts. */
#define CMD_TARGET_OPTIONS \
	CLI_OPT_GPU, CLI_OPT_DRIVER, CLI_OPT_CUDA, CLI_OPT_OS, CLI_OPT_PLATFORM, CLI_OPT_PROFILE
#define CMD_POLICY_OPTIONS CLI_OPT_FAIL_ON, CLI_OPT_DISABLE, CLI_OPT_ENABLE

/* cli_parse, with "envlint: REASON\n(see envlint --help)" in io->err on a usage error. */
bool cmd_parse(int argc, char **argv, const enum cli_opt *accepted, struct cli_args *args, struct cmd_io *io);
/* cmd_parse for a command with formats of its own (cli_parse_own): `own` is NULL-ended. */
bool cmd_parse_own(int argc, char **argv, const enum cli_opt *accepted, const char *const *own,
		   struct cli_args *args, struct cmd_io *io);
/* Loads the KB of `dir` (NULL: the built-in one) into *kb. On any problem writes them
 * to io->err, frees what it loaded and returns false. */
bool cmd_load_kb(const char *dir, struct kb **kb, struct cmd_io *io);
/* One --profile value into *out: a built-in profile's name, else a profile file (a value
 * with a '/' or a .yml/.yaml ending is always a file; a file may hold several
 * profiles). On a problem writes it to io->err and returns false. */
bool cmd_load_profile(const char *spec, const struct kb *kb, struct profile_list *out, struct cmd_io *io);
/* The profiles a command targets: each --profile, then the command line's --gpu/
 * --driver/--cuda/--os as one more profile (named "command-line" next to others) when
 * no --profile was given or any of --gpu/--driver/--cuda was. Two profiles of one name
 * are refused. false with the reason in io->err. */
bool cmd_load_profiles(const struct cli_args *args, const struct kb *kb, struct profile_list *out,
		       struct cmd_io *io);

#endif

/*
 * cmd: the command table. A new subcommand is a file in cmd/ and a row here.
 */
#include "cmd.h"

#include <string.h>

#include "cli.h"

static const struct cmd COMMANDS[] = {
	{ "check", cmd_check, 0, "lint files or directories (the default command)" },
	{ "stack", cmd_stack, 0,
	  "show each stack's version flow GPU -> driver -> CUDA -> torch, findings marked" },
	{ "suggest", cmd_suggest, 0,
	  "the newest torch build that runs on every --gpu with --driver, and how to install it" },
	{ "explain", cmd_explain, CLI_OPT_EXPLAIN, "describe one rule" },
	{ "audit", cmd_audit, 0,
	  "lint many repositories against several profiles: a repos x profiles table (text, json, html)" },
	{ "profile", cmd_profile, 0,
	  "write a profile file: --from-nvidia-smi FILE|-, --profile, or --gpu/--driver" },
	{ NULL, cmd_list_rules, CLI_OPT_LIST_RULES, "list every rule" },
	{ NULL, cmd_list_profiles, CLI_OPT_LIST_PROFILES, "list the built-in profiles" },
	{ NULL, cmd_version, CLI_OPT_VERSION, "print envlint's and the knowledge base's version" },
	{ NULL, cmd_help, CLI_OPT_HELP, "this help" },
	{ NULL, cmd_man, CLI_OPT_MAN, "this help as a man page (roff): make install writes envlint.1" },
};

#define NCOMMANDS (sizeof(COMMANDS) / sizeof(COMMANDS[0]))

const struct cmd *cmd_table(size_t *n)
{
	*n = NCOMMANDS;
	return COMMANDS;
}

const struct cmd *cmd_select(int argc, char **argv, int *first)
{
	const struct cmd *sub = &COMMANDS[0];
	*first = 0;
	if (argc > 1)
		for (size_t c = 0; c < NCOMMANDS; c++)
			if (COMMANDS[c].name && !strcmp(argv[1], COMMANDS[c].name)) {
				*first = 1;
				sub = &COMMANDS[c];
			}
	/* `envlint check --help` is help: an option-command wins over the subcommand. */
	for (int i = *first + 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		for (size_t c = 0; c < NCOMMANDS; c++)
			if (COMMANDS[c].option && &COMMANDS[c] != sub &&
			    cli_arg_is(argv[i], (enum cli_opt)COMMANDS[c].option)) {
				*first = 0;
				return &COMMANDS[c];
			}
	}
	return sub;
}

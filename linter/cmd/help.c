/*
 * help: usage, the commands (from the command table) and the options of `check`
 * (from the option table), so --help cannot fall behind either.
 */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

enum cmd_status cmd_help(int argc, char **argv, struct cmd_io *io)
{
	(void)argc;
	(void)argv;
	buf_adds(&io->out, "usage: envlint [check] [OPTIONS] [PATH ...]\n"
			   "       envlint profile --from-nvidia-smi FILE|- | --profile NAME|FILE | --gpu X --driver Y\n"
			   "       envlint explain RULE | --list-rules | --list-profiles | --version | --help\n"
			   "\n"
			   "Lints conda environment files, pip requirements files and Dockerfiles for\n"
			   "CUDA / cuDNN / PyTorch versions that do not fit each other or the target GPU\n"
			   "and driver. PATH defaults to '.'; directories are walked.\n"
			   "\n"
			   "commands:\n");
	size_t n;
	const struct cmd *c = cmd_table(&n);
	for (size_t i = 0; i < n; i++) {
		char left[64];
		if (c[i].name)
			snprintf(left, sizeof(left), "%s", c[i].name);
		else
			snprintf(left, sizeof(left), "--%s", cli_option_name((enum cli_opt)c[i].option));
		buf_addf(&io->out, "  %-22s %s\n", left, c[i].summary);
	}
	buf_adds(&io->out, "\noptions of check:\n");
	char *opts = cli_help_text(cmd_check_options());
	buf_adds(&io->out, opts);
	free(opts);
	buf_adds(&io->out, "\nexit status: 0 nothing at or above --fail-on, 1 findings, 2 usage error or\n"
			   "unreadable file (the other files are still checked).\n");
	return CMD_CLEAN;
}

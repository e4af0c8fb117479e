/*
 * help: usage, the commands (from the command table) and the options of `check`
 * (from the option table), so --help cannot fall behind either; --man writes the same
 * as a man page.
 */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "report/report.h"

/* The usage lines, after "envlint ", in order; the options' spellings come from the
 * option table, so a new value (`--profile -`) reaches --help and --man alike. Written
 * into `store` (room for USAGE_LINES lines). */
enum { USAGE_LINES = 6, USAGE_MAX = 160 };
static void usage_lines(char store[USAGE_LINES][USAGE_MAX])
{
	const char *profile = cli_option_usage(CLI_OPT_PROFILE);
	snprintf(store[0], USAGE_MAX, "[check] [OPTIONS] [PATH ...]");
	snprintf(store[1], USAGE_MAX,
		 "stack [%s ...] [--gpu NAME] [--driver VERSION] [--format text|json|dot] [PATH ...]",
		 profile);
	snprintf(store[2], USAGE_MAX,
		 "suggest [%s ...] [--gpu NAME ...] [--driver VERSION] [--python X.Y] [--torch X.Y]",
		 profile);
	snprintf(store[3], USAGE_MAX, "audit [%s ...] [-j N] [--format text|json|html] DIR ...", profile);
	snprintf(store[4], USAGE_MAX, "profile %s | %s | --gpu X --driver Y",
		 cli_option_usage(CLI_OPT_FROM_NVIDIA_SMI), profile);
	snprintf(store[5], USAGE_MAX, "explain RULE | --list-rules | --list-profiles | --version | --help");
}

enum cmd_status cmd_help(int argc, char **argv, struct cmd_io *io)
{
	(void)argc;
	(void)argv;
	char usage[USAGE_LINES][USAGE_MAX];
	usage_lines(usage);
	for (size_t i = 0; i < USAGE_LINES; i++)
		buf_addf(&io->out, "%s envlint %s\n", i ? "      " : "usage:", usage[i]);
	buf_adds(&io->out, "\n"
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

enum cmd_status cmd_man(int argc, char **argv, struct cmd_io *io)
{
	(void)argc;
	(void)argv;
	buf_adds(
		&io->out,
		".TH ENVLINT 1 \"\" \"envlint " ENVLINT_VERSION "\" \"User Commands\"\n"
		".SH NAME\nenvlint \\- find CUDA, cuDNN and PyTorch version mismatches before they reach a GPU\n"
		".SH SYNOPSIS\n");
	char usage[USAGE_LINES][USAGE_MAX];
	usage_lines(usage);
	for (size_t i = 0; i < USAGE_LINES; i++) {
		buf_adds(&io->out, ".B envlint\n");
		for (const char *p = usage[i]; *p; p++) {
			if (*p == '-')
				buf_addch(&io->out, '\\'); /* a minus sign, not a hyphen, in roff */
			buf_addch(&io->out, *p);
		}
		buf_adds(&io->out, "\n.br\n");
	}
	buf_adds(
		&io->out,
		".SH DESCRIPTION\nenvlint reads conda environment files, pip requirements files and Dockerfiles,\n"
		"pulls out every pinned CUDA, cuDNN and PyTorch version with its file, line and column,\n"
		"and checks them against a built-in, sourced knowledge base and a target GPU and driver.\n"
		"PATH defaults to the current directory; directories are walked.\n"
		".SH COMMANDS\n");
	size_t n;
	const struct cmd *c = cmd_table(&n);
	for (size_t i = 0; i < n; i++) {
		if (c[i].name)
			buf_addf(&io->out, ".TP\n.B %s\n", c[i].name);
		else
			buf_addf(&io->out, ".TP\n.B \\-\\-%s\n", cli_option_name((enum cli_opt)c[i].option));
		buf_addf(&io->out, "%s\n", c[i].summary);
	}
	buf_adds(&io->out, ".SH OPTIONS\n");
	char *opts = cli_man_text(cmd_check_options());
	buf_adds(&io->out, opts);
	free(opts);
	buf_adds(
		&io->out,
		".SH SUPPRESSION\n\\fB# envlint: ignore[RULE,...] \\-\\- reason\\fR at the end of a line, alone on\n"
		"the line above, or above the instruction it continues; \\fB# envlint: ignore-file[RULE]\\fR\n"
		"anywhere in a file.\n"
		".SH FILES\n.TP\n.I .envlint.yml\nthe nearest one above each checked path: disable, enable,\n"
		"severity, fail-on, exclude, include.\n"
		".SH EXIT STATUS\n0 nothing at or above \\-\\-fail\\-on; 1 at least one such finding; 2 a usage\n"
		"error, an invalid config or knowledge base, or a path that could not be read (the\n"
		"other files are still checked).\n"
		".SH SEE ALSO\n\\fBenvlint \\-\\-list\\-rules\\fR, \\fBenvlint explain\\fR \\fIRULE\\fR, " REPORT_INFO_URI
		"\n");
	return CMD_CLEAN;
}

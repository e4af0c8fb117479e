/*
 * cli: the command line. One option table drives parsing and --help (git's
 * parse-options idea); the result is a plain `struct options` that the rest of the
 * program reads. Does no I/O besides what main asks it to print.
 */
#ifndef ENVLINT_CLI_H
#define ENVLINT_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "rule.h"

enum cli_command {
	CLI_CHECK,
	CLI_VERSION,
	CLI_HELP,
	CLI_LIST_RULES,
	CLI_EXPLAIN,
	CLI_DUMP_PINS,   /* hidden: print the pins each reader found (golden tests) */
};

enum report_format {
	FORMAT_TEXT,
	FORMAT_GNU,
	FORMAT_JSON,
};

struct options {
	enum cli_command command;
	const char *gpu;           /* --gpu NAME|sm_XX|X.Y */
	const char *driver;        /* --driver VERSION */
	const char *cuda;          /* --cuda VERSION */
	const char *os;            /* --os linux|windows */
	const char *kb_dir;        /* --kb DIR */
	const char *explain;       /* --explain RULE */
	enum report_format format;
	enum severity fail_on;     /* SEV_OFF = never */
	bool color;                /* text format only, set by main from isatty */
	bool no_color;             /* --no-color */
	/* --disable / --enable, by rule; -1 = default, 0 = off, 1 = on */
	signed char rule_state[RULE__COUNT];
	const char **paths;        /* borrowed from argv */
	size_t npaths;
};

/* Parses argv into *opts. On a usage error returns false and writes a one-line reason
 * ("unknown option '--foo'") into err. Paths default to "." when none are given. */
bool cli_parse(int argc, char **argv, struct options *opts, char *err, size_t errsize);
/* The --help text (generated from the option table). Caller frees. */
char *cli_help_text(void);

#endif

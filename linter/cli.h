/*
 * cli: the option table every command draws on, its parser and its --help text (git's
 * parse-options idea: one table drives both). Each command accepts a subset of the
 * rows, named by a list of ids (cmd/). The result is a plain `struct cli_args`; the
 * policy options become a policy layer (policy.h) to merge over the defaults. Does no
 * I/O.
 */
#ifndef ENVLINT_CLI_H
#define ENVLINT_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "policy.h"

struct report_format;

enum cli_opt {
	CLI_OPT_END = 0, /* ends a command's list of accepted options */
	CLI_OPT_GPU = 256,
	CLI_OPT_DRIVER,
	CLI_OPT_CUDA,
	CLI_OPT_OS,
	CLI_OPT_PLATFORM,
	CLI_OPT_FORMAT,
	CLI_OPT_FAIL_ON,
	CLI_OPT_DISABLE,
	CLI_OPT_ENABLE,
	CLI_OPT_KB,
	CLI_OPT_NO_COLOR,
	CLI_OPT_LIST_RULES,
	CLI_OPT_EXPLAIN,
	CLI_OPT_VERSION,
	CLI_OPT_HELP,
	CLI_OPT_DUMP_PINS,
	CLI_OPT_FOLLOW,
	CLI_OPT_COLOR,
	CLI_OPT_QUIET,
	CLI_OPT_CONFIG,
	CLI_OPT_STDIN_FILENAME,
	CLI_OPT_MAN,
	CLI_OPT_JOBS,
	CLI_OPT_VERBOSE,
	CLI_OPT_PROFILE,
	CLI_OPT_LIST_PROFILES,
	CLI_OPT_FROM_NVIDIA_SMI,
	CLI_OPT_PYTHON,
	CLI_OPT_TORCH,
	CLI_OPT_DIFF,
	CLI_OPT_FIX,
};

enum cli_color {
	CLI_COLOR_AUTO, /* a terminal, NO_COLOR unset or empty, TERM not "dumb" */
	CLI_COLOR_ALWAYS,
	CLI_COLOR_NEVER,
};

/* More --gpu options than this in one command line are refused. */
#define CLI_MAX_GPUS 16
/* Likewise --profile. */
#define CLI_MAX_PROFILES 16

struct cli_args {
	const char *gpus[CLI_MAX_GPUS]; /* --gpu, repeatable: a box with several GPUs */
	size_t ngpus;
	const char *driver;                     /* --driver VERSION */
	const char *cuda;                       /* --cuda VERSION */
	const char *os;                         /* --os linux|windows */
	const char *platform;                   /* --platform linux-x86_64|linux-aarch64|windows-x86_64 */
	const char *profiles[CLI_MAX_PROFILES]; /* --profile NAME|FILE|-, repeatable */
	size_t nprofiles;
	const char *from_nvidia_smi;        /* envlint profile --from-nvidia-smi FILE|- */
	const char *kb_dir;                 /* --kb DIR */
	const struct report_format *format; /* --format of the report table; NULL until given */
	const char *format_name;            /* --format as given (also a command's own format) */
	const char *const *own_formats;     /* the command's own format names (cli_parse_own) */
	enum cli_color color;               /* --color WHEN; --no-color is --color never */
	bool quiet;                         /* --quiet: findings only */
	bool verbose;                       /* --verbose: what the walk passed over, and why */
	const char *config;                 /* --config FILE */
	const char *stdin_filename;         /* --stdin-filename NAME: what "-" is linted as */
	bool dump_pins;                     /* hidden: print the pins each reader found */
	bool follow;                        /* --follow: directory symlinks in walks */
	unsigned jobs;                      /* -j N: parallel workers (0: not given) */
	const char *explain;                /* --explain RULE */
	const char *python;                 /* --python X.Y (suggest) */
	const char *torch;                  /* --torch X.Y (suggest) */
	bool diff;                          /* --diff: print the fixes as a unified diff (check) */
	bool fix;                           /* --fix: apply them in place (check) */
	struct policy policy;               /* the command line's layer: --disable, --enable, --fail-on */
	const char **paths;                 /* positional arguments, borrowed from argv */
	size_t npaths;
};

/* Parses argv (argv[0] is the command's name) against the options in `accepted`
 * (ids ending with CLI_OPT_END) into *out. On a usage error returns false and writes a
 * one-line reason ("unknown option '--foo'") into err. */
bool cli_parse(int argc, char **argv, const enum cli_opt *accepted, struct cli_args *out, char *err,
	       size_t errsize);
/* cli_parse for a command with formats of its own besides the report table's (audit's
 * html): `own` is a NULL-terminated list; such a --format leaves `format` NULL and sets
 * `format_name`. */
bool cli_parse_own(int argc, char **argv, const enum cli_opt *accepted, const char *const *own,
		   struct cli_args *out, char *err, size_t errsize);
/* Is `arg` one of the table's spellings of `opt` ("--help", "-h")? */
bool cli_arg_is(const char *arg, enum cli_opt opt);
/* The long name of an option ("list-rules"). */
const char *cli_option_name(enum cli_opt opt);
/* "--profile NAME|FILE|-": an option with its metavariable as --help shows it, for the
 * usage lines and messages that name it. Static storage, one per option. */
const char *cli_option_usage(enum cli_opt opt);
/* The options part of a command's --help, from the same table. Caller frees. */
char *cli_help_text(const enum cli_opt *accepted);
/* The same options as roff (.TP paragraphs) for the man page. Caller frees. */
char *cli_man_text(const enum cli_opt *accepted);

#endif

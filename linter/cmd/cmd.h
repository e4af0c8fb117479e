/*
 * cmd: envlint's commands, one file each (git's builtin/), and the table main.c
 * dispatches through (git.c's { "name", fn } rows). A command parses its own options
 * (cli.h, from its own list of accepted ids), does its work and writes what it has to
 * say into `struct cmd_io`; main prints it and turns the status into the exit code, so
 * no command writes to a stream or exits.
 */
#ifndef ENVLINT_CMD_CMD_H
#define ENVLINT_CMD_CMD_H

#include "cli.h"
#include "util/buf.h"

#define ENVLINT_VERSION "0.1.0"

enum cmd_status {
	CMD_CLEAN,    /* nothing at or above --fail-on */
	CMD_FINDINGS, /* at least one finding at or above --fail-on */
	CMD_TROUBLE,  /* a usage error, an unreadable path, an invalid knowledge base */
};

struct cmd_io {
	struct buf out; /* for stdout */
	struct buf err; /* for stderr */
	/* Set by main, read for --color auto: whether stdout is a terminal, and the
	 * NO_COLOR and TERM variables (NULL when unset). */
	int out_is_tty;
	const char *no_color_env;
	const char *term_env;
	/* Set by main: writes `out` so far to stdout and empties it, so a long report
	 * streams instead of growing in memory; NULL (tests) keeps everything in `out`. */
	void (*flush)(struct cmd_io *self);
	/* Set by main: shows a one-line progress note on stderr when it is a terminal (and
	 * clears it for NULL); NULL or not a terminal: nothing. */
	void (*progress)(struct cmd_io *self, const char *line);
};

typedef enum cmd_status (*cmd_fn)(int argc, char **argv, struct cmd_io *io);

struct cmd {
	const char *name; /* as a subcommand ("check"), or NULL for option-only ones */
	cmd_fn run;
	int option;          /* the option that also selects it (enum cli_opt), or 0 */
	const char *summary; /* for --help */
};

/* Which command argv asks for, and where its own argv starts (*first: 1 after a
 * subcommand name, else 0, so the command sees argv[0] as its name). An option-command
 * (--help, --version, --list-rules, --explain) anywhere selects itself; otherwise
 * `check`, which is also the default. */
const struct cmd *cmd_select(int argc, char **argv, int *first);
const struct cmd *cmd_table(size_t *n);

/* The options `check` accepts (CLI_OPT_END-terminated), for --help. */
const enum cli_opt *cmd_check_options(void);

enum cmd_status cmd_audit(int argc, char **argv, struct cmd_io *io);
enum cmd_status cmd_check(int argc, char **argv, struct cmd_io *io);
enum cmd_status cmd_stack(int argc, char **argv, struct cmd_io *io);
enum cmd_status cmd_suggest(int argc, char **argv, struct cmd_io *io);
enum cmd_status cmd_explain(int argc, char **argv, struct cmd_io *io);
enum cmd_status cmd_list_rules(int argc, char **argv, struct cmd_io *io);
enum cmd_status cmd_version(int argc, char **argv, struct cmd_io *io);
enum cmd_status cmd_profile(int argc, char **argv, struct cmd_io *io);
enum cmd_status cmd_list_profiles(int argc, char **argv, struct cmd_io *io);
enum cmd_status cmd_help(int argc, char **argv, struct cmd_io *io);
enum cmd_status cmd_man(int argc, char **argv, struct cmd_io *io);

#endif

/*
 * check: the default command. Options -> KB -> profiles -> policy -> run -> report.
 * Layers of policy merge here, once: the defaults, then the command line.
 */
#include "cmd.h"

#include <string.h>
#include <unistd.h>

#include "common.h"
#include "kb/kb.h"
#include "policy.h"
#include "profile.h"
#include "report/report.h"
#include "run.h"

static const enum cli_opt CHECK_OPTIONS[] = {
	CMD_TARGET_OPTIONS, CLI_OPT_FORMAT,    CMD_POLICY_OPTIONS, CLI_OPT_KB,
	CLI_OPT_COLOR,	    CLI_OPT_NO_COLOR,  CLI_OPT_QUIET,	   CLI_OPT_FOLLOW,
	CLI_OPT_DUMP_PINS,  CLI_OPT_END,
};

const enum cli_opt *cmd_check_options(void)
{
	return CHECK_OPTIONS;
}

/* no-color.org: NO_COLOR set and not empty means no colour; so does TERM=dumb. An
 * explicit --color always wins over both. */
static bool want_color(enum cli_color color, const struct cmd_io *io)
{
	if (color != CLI_COLOR_AUTO)
		return color == CLI_COLOR_ALWAYS;
	return io->out_is_tty && !(io->no_color_env && io->no_color_env[0]) &&
	       !(io->term_env && !strcmp(io->term_env, "dumb"));
}

static void dump_or_report(const struct run *run, const struct cli_args *args, const struct kb *kb,
			   const struct profile_list *profiles, struct buf *dump, struct cmd_io *io)
{
	if (args->dump_pins) {
		buf_add(&io->out, dump->buf, dump->len);
		return;
	}
	const struct report_format *format = args->format ? args->format : report_format_lookup("text");
	char cwd[4096];
	struct report_input in = { &run->diags, run->files.items, run->files.nr, ENVLINT_VERSION, kb_date(kb),
				   format->write == report_text && want_color(args->color, io), args->quiet,
				   profiles, getcwd(cwd, sizeof(cwd)) };
	format->write(&in, &io->out);
}

enum cmd_status cmd_check(int argc, char **argv, struct cmd_io *io)
{
	struct cli_args args;
	struct kb *kb;
	if (!cmd_parse(argc, argv, CHECK_OPTIONS, &args, io))
		return CMD_TROUBLE;
	if (!cmd_load_kb(args.kb_dir, &kb, io))
		return CMD_TROUBLE;

	struct profile_list profiles = PROFILE_LIST_INIT;
	if (!cmd_load_profiles(&args, kb, &profiles, io)) {
		profile_list_release(&profiles);
		kb_free(kb);
		return CMD_TROUBLE;
	}

	struct policy policy;
	policy_init(&policy);
	policy_merge(&policy, &args.policy);

	struct run run;
	struct buf dump = BUF_INIT;
	run_init(&run, kb, &profiles, &policy);
	if (args.dump_pins)
		run.pin_dump = &dump;
	run.follow = args.follow;
	run_paths(&run, args.paths, args.npaths);
	dump_or_report(&run, &args, kb, &profiles, &dump, io);

	enum cmd_status status = policy_fails(&policy, &run.diags) ? CMD_FINDINGS : CMD_CLEAN;
	if (run.unreadable)
		status = CMD_TROUBLE;
	buf_release(&dump);
	run_release(&run);
	policy_release(&policy);
	policy_release(&args.policy);
	profile_list_release(&profiles);
	kb_free(kb);
	return status;
}

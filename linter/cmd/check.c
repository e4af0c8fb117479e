/*
 * check: the default command. Options -> KB -> profiles -> policy -> run -> report.
 * Layers of policy merge here, once: the defaults, then the command line.
 */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "fix.h"
#include "groups.h"
#include "kb/kb.h"
#include "policy.h"
#include "profile.h"
#include "report/report.h"
#include "run.h"

static const enum cli_opt CHECK_OPTIONS[] = {
	CMD_TARGET_OPTIONS,     CLI_OPT_FORMAT,    CMD_POLICY_OPTIONS, CLI_OPT_KB,     CLI_OPT_COLOR,
	CLI_OPT_NO_COLOR,       CLI_OPT_QUIET,     CLI_OPT_VERBOSE,    CLI_OPT_FOLLOW, CLI_OPT_CONFIG,
	CLI_OPT_STDIN_FILENAME, CLI_OPT_DUMP_PINS, CLI_OPT_DIFF,       CLI_OPT_FIX,    CLI_OPT_END,
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

/* The report, streamed: begin, each file's findings as the run finishes the file (and
 * out to the terminal in chunks), end with the totals. */
struct stream {
	const struct report_format *format;
	struct report_input in;
	struct report_state state;
	struct cmd_io *io;
	struct fix_set *fixes; /* --diff / --fix: the edits, collected; NULL: not asked */
	bool silent;           /* --diff: the diff is all that is printed */
};

/* Writes what the report has so far once it is big enough to be worth a write. */
static void flush_some(struct cmd_io *io, size_t at_least)
{
	if (io->flush && io->out.len >= at_least)
		io->flush(io);
}

static void stream_file(void *ctx, const struct diag *diags, size_t n)
{
	struct stream *s = ctx;
	if (!n)
		return;
	if (s->fixes)
		fix_set_collect(s->fixes, diags, n);
	if (s->silent)
		return;
	s->format->diags(&s->in, &s->state, diags, n, &s->io->out);
	flush_some(s->io, 64 * 1024);
}

/* --diff prints the settled edits; --fix writes them and says what it did on stderr. */
static bool finish_fixes(struct fix_set *fixes, bool apply, struct cmd_io *io)
{
	fix_set_settle(fixes, &io->err);
	if (!apply) {
		fix_set_diff(fixes, &io->out);
		return true;
	}
	size_t nfiles, nedits;
	bool ok = fix_set_apply(fixes, &nfiles, &nedits, &io->err);
	buf_addf(&io->err, "envlint: %zu edit%s applied in %zu file%s\n", nedits, nedits == 1 ? "" : "s",
		 nfiles, nfiles == 1 ? "" : "s");
	return ok;
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

	struct run run;
	struct buf dump = BUF_INIT;
	struct policy defaults;
	policy_init(&defaults);
	run_init(&run, kb, &profiles, &defaults);
	char cwd[4096];
	struct stream stream = { args.format ? args.format : report_format_lookup("text"),
				 { .version = ENVLINT_VERSION,
				   .kb_date = kb_date(kb),
				   .quiet = args.quiet,
				   .profiles = &profiles,
				   .root = getcwd(cwd, sizeof(cwd)) },
				 { 0 },
				 io,
				 NULL,
				 false };
	stream.in.color = stream.format->write == report_text && want_color(args.color, io);
	if (args.dump_pins) {
		run.pin_dump = &dump;
	} else {
		run.sink.file_done = stream_file;
		run.sink.ctx = &stream;
	}
	struct fix_set fixes = FIX_SET_INIT;
	if (args.diff || args.fix)
		stream.fixes = &fixes;
	stream.silent = args.diff;
	/* With --diff the report's frame goes to a buffer that is dropped. */
	struct buf dropped = BUF_INIT;
	struct buf *out = stream.silent ? &dropped : &io->out;
	run.follow = args.follow;
	run.verbose = args.verbose;
	run.stdin_name = args.stdin_filename;

	enum cmd_status status = CMD_CLEAN;
	struct path_group groups[GROUPS_MAX_CONFIGS];
	size_t ngroups = groups_of_paths(&args, groups, GROUPS_MAX_CONFIGS);
	groups_load_configs(&args, kb, groups, ngroups, &run, io);
	if (ngroups && groups[0].ok && groups[0].profiles.nr)
		stream.in.profiles = &groups[0].profiles;
	if (!args.dump_pins) {
		stream.format->begin(&stream.in, &stream.state, out);
		/* the bad configs' own findings, reported like any file's */
		if (run.diags.nr)
			run.sink.file_done(run.sink.ctx, run.diags.items, run.diags.nr);
		for (size_t i = 0; i < run.diags.nr; i++)
			run.counts[run.diags.items[i].severity]++;
		diag_list_truncate(&run.diags, 0);
	}
	if (groups_lint(&args, &profiles, groups, ngroups, &run))
		status = CMD_FINDINGS;
	run_finish(&run);
	if (args.dump_pins) {
		buf_add(&io->out, dump.buf, dump.len);
	} else {
		stream.in.files = run.files.items;
		stream.in.nfiles = run.files.nr;
		stream.in.nskipped = run.nskipped;
		memcpy(stream.in.counts, run.counts, sizeof(stream.in.counts));
		stream.format->end(&stream.in, &stream.state, out);
	}
	if (run.fails)
		status = CMD_FINDINGS;
	/* Escaped as the findings' paths are: a name with a newline or an escape sequence
	 * must not break the line or drive the terminal. */
	for (size_t i = 0; i < run.skips.nr; i++) {
		buf_adds(&io->err, "envlint: skipped '");
		report_path(&io->err, run.skips.items[i].path);
		buf_addf(&io->err, "': %s\n", run.skips.items[i].why);
	}

	if (stream.fixes && !finish_fixes(&fixes, args.fix, io))
		status = CMD_TROUBLE;
	if (run.unreadable)
		status = CMD_TROUBLE;
	buf_release(&dropped);
	fix_set_release(&fixes);
	buf_release(&dump);
	run_release(&run);
	policy_release(&defaults);
	policy_release(&args.policy);
	groups_release(groups, ngroups);
	profile_list_release(&profiles);
	kb_free(kb);
	return status;
}

/*
 * check: the default command. Options -> KB -> profiles -> policy -> run -> report.
 * Layers of policy merge here, once: the defaults, then the command line.
 */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "config.h"
#include "kb/kb.h"
#include "policy.h"
#include "profile.h"
#include "report/report.h"
#include "run.h"
#include "util/vec.h"
#include "util/xalloc.h"

/* More distinct .envlint.yml files than this among the paths of one run share the last. */
#define CHECK_MAX_CONFIGS 64

static const enum cli_opt CHECK_OPTIONS[] = {
	CMD_TARGET_OPTIONS, CLI_OPT_FORMAT,    CMD_POLICY_OPTIONS, CLI_OPT_KB,
	CLI_OPT_COLOR,	    CLI_OPT_NO_COLOR,  CLI_OPT_QUIET,	   CLI_OPT_FOLLOW,
	CLI_OPT_CONFIG,	    CLI_OPT_STDIN_FILENAME, CLI_OPT_DUMP_PINS, CLI_OPT_END,
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
	s->format->diags(&s->in, &s->state, diags, n, &s->io->out);
	flush_some(s->io, 64 * 1024);
}

/* The paths that share one .envlint.yml (or none), linted under one policy. */
struct path_group {
	char *config;                /* its path, or NULL */
	VEC(const char *) paths;
};

/* Groups the paths by the nearest .envlint.yml above each (or all under --config). */
static size_t group_paths(const struct cli_args *args, struct path_group *groups, size_t max)
{
	static const char *const DOT[] = { "." };
	const char *const *paths = args->npaths ? (const char *const *)args->paths : DOT;
	size_t npaths = args->npaths ? args->npaths : 1, n = 0;
	for (size_t i = 0; i < npaths; i++) {
		char *config = args->config ? xstrdup(args->config) : config_find(paths[i]);
		size_t g = 0;
		while (g < n && !((!config && !groups[g].config) ||
				  (config && groups[g].config && !strcmp(config, groups[g].config))))
			g++;
		if (g == n && n == max)
			g = n - 1; /* more configs than groups: share the last (never in practice) */
		if (g == n) {
			memset(&groups[n], 0, sizeof(groups[n]));
			groups[n++].config = config;
		} else {
			free(config);
		}
		vec_push(&groups[g].paths, paths[i]);
	}
	return n;
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
	struct profile prof;
	char err[1024] = "";
	if (!profile_from_options(&prof, kb, args.gpus, args.ngpus, args.driver, args.cuda, args.os, err,
				  sizeof(err))) {
		buf_addf(&io->err, "envlint: %s\n", err);
		kb_free(kb);
		return CMD_TROUBLE;
	}
	profile_list_push(&profiles, &prof);

	struct run run;
	struct buf dump = BUF_INIT;
	struct policy defaults;
	policy_init(&defaults);
	run_init(&run, kb, &profiles, &defaults);
	char cwd[4096];
	struct stream stream = { args.format ? args.format : report_format_lookup("text"),
				 { NULL, NULL, 0, { 0, 0, 0, 0 }, ENVLINT_VERSION, kb_date(kb), false,
				   args.quiet, &profiles, getcwd(cwd, sizeof(cwd)) },
				 { 0 }, io };
	stream.in.color = stream.format->write == report_text && want_color(args.color, io);
	if (args.dump_pins) {
		run.pin_dump = &dump;
	} else {
		run.sink.file_done = stream_file;
		run.sink.ctx = &stream;
		stream.format->begin(&stream.in, &stream.state, &io->out);
	}
	run.follow = args.follow;
	run.stdin_name = args.stdin_filename;

	enum cmd_status status = CMD_CLEAN;
	struct path_group groups[CHECK_MAX_CONFIGS];
	size_t ngroups = group_paths(&args, groups, CHECK_MAX_CONFIGS);
	for (size_t g = 0; g < ngroups; g++) {
		/* defaults <- .envlint.yml <- the command line, merged once per config */
		struct config config;
		struct policy policy;
		config_init(&config);
		policy_init(&policy);
		size_t first = run.diags.nr;
		bool ok = !groups[g].config || config_load(&config, groups[g].config, &run.diags);
		if (!ok && run.sink.file_done) {
			/* the config's own findings, reported like any file's */
			run.sink.file_done(run.sink.ctx, run.diags.items + first, run.diags.nr - first);
			for (size_t i = first; i < run.diags.nr; i++)
				run.counts[run.diags.items[i].severity]++;
			diag_list_truncate(&run.diags, first);
		}
		if (ok) {
			policy_merge(&policy, &config.layer);
			policy_merge(&policy, &args.policy);
			run_set_policy(&run, &policy);
			run.includes = config.includes;
			run.nincludes = config.nincludes;
			run_paths(&run, groups[g].paths.items, groups[g].paths.nr);
			if (policy_fails(&policy, &run.diags, first))
				status = CMD_FINDINGS;   /* (a streaming run keeps none: run.fails says) */
		} else {
			run.unreadable = true;   /* a bad config: its findings, exit status 2 */
		}
		policy_release(&policy);
		config_release(&config);
		vec_release(&groups[g].paths);
		free(groups[g].config);
	}
	run_finish(&run);
	if (args.dump_pins) {
		buf_add(&io->out, dump.buf, dump.len);
	} else {
		stream.in.files = run.files.items;
		stream.in.nfiles = run.files.nr;
		memcpy(stream.in.counts, run.counts, sizeof(stream.in.counts));
		stream.format->end(&stream.in, &stream.state, &io->out);
	}
	if (run.fails)
		status = CMD_FINDINGS;

	if (run.unreadable)
		status = CMD_TROUBLE;
	buf_release(&dump);
	run_release(&run);
	policy_release(&defaults);
	policy_release(&args.policy);
	profile_list_release(&profiles);
	kb_free(kb);
	return status;
}

/*
 * profile: `envlint profile` writes a profile file (docs/contract.md) to stdout: from
 * captured nvidia-smi output (--from-nvidia-smi FILE|-), from --profile NAME|FILE|-, or
 * from --gpu/--driver/--cuda/--os (what those flags resolve to). --list-profiles lists
 * the built-in profiles.
 */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "diag.h"
#include "kb/kb.h"
#include "nvidia_smi.h"
#include "profile.h"
#include "profile_builtin.h"
#include "profile_yaml.h"
#include "source.h"
#include "util/arena.h"
#include "util/xalloc.h"

static const enum cli_opt PROFILE_OPTIONS[] = {
	CLI_OPT_FROM_NVIDIA_SMI, CMD_TARGET_OPTIONS, CLI_OPT_KB, CLI_OPT_LIST_PROFILES, CLI_OPT_END,
};

/* Standard input, up to SOURCE_MAX_BYTES, into `out`. */
static bool read_stdin(struct buf *out)
{
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0) {
		if (out->len + n > SOURCE_MAX_BYTES || !buf_add(out, chunk, n))
			return false;
	}
	return !ferror(stdin);
}

static enum cmd_status from_nvidia_smi(const char *path, const struct kb *kb, struct cmd_io *io)
{
	struct arena arena;
	arena_init(&arena);
	struct buf in = BUF_INIT;
	struct diag_list problems = DIAG_LIST_INIT;
	const char *text = NULL;
	size_t len = 0;
	const char *shown = strcmp(path, "-") ? path : "<stdin>";
	if (!strcmp(path, "-")) {
		if (read_stdin(&in)) {
			text = in.buf;
			len = in.len;
		} else {
			buf_adds(&io->err, "envlint: cannot read standard input\n");
		}
	} else {
		struct source src;
		if (source_load(&src, path, &arena, &problems) == SOURCE_OK) {
			text = src.bytes;
			len = src.len;
		} else {
			for (size_t i = 0; i < problems.nr; i++)
				buf_addf(&io->err, "envlint: %s\n", problems.items[i].message);
		}
	}
	enum cmd_status status = CMD_TROUBLE;
	struct nvidia_smi *smi = xcalloc(1, sizeof(*smi));
	char err[2048] = "";
	if (text && !nvidia_smi_parse(smi, text, len, err, sizeof(err))) {
		buf_addf(&io->err, "envlint: %s: %s\n", shown, err);
	} else if (text && nvidia_smi_write(smi, kb, shown, &io->out, err, sizeof(err))) {
		status = CMD_CLEAN;
	} else if (text) {
		buf_addf(&io->err, "envlint: %s\n", err);
	}
	free(smi);
	buf_release(&in);
	diag_list_release(&problems);
	arena_release(&arena);
	return status;
}

enum cmd_status cmd_profile(int argc, char **argv, struct cmd_io *io)
{
	struct cli_args args;
	struct kb *kb;
	if (!cmd_parse(argc, argv, PROFILE_OPTIONS, &args, io))
		return CMD_TROUBLE;
	if (args.npaths) {
		buf_addf(&io->err, "envlint: profile takes no paths ('%s'); see envlint --help\n",
			 args.paths[0]);
		return CMD_TROUBLE;
	}
	if (!cmd_load_kb(args.kb_dir, &kb, io))
		return CMD_TROUBLE;
	enum cmd_status status = CMD_TROUBLE;
	if (args.from_nvidia_smi) {
		if (args.nprofiles || args.ngpus || args.driver || args.cuda || args.os)
			buf_adds(&io->err, "envlint: --from-nvidia-smi reads the whole machine; give no "
					   "--profile, --gpu, --driver, --cuda or --os with it\n");
		else
			status = from_nvidia_smi(args.from_nvidia_smi, kb, io);
	} else if (!args.nprofiles && !args.ngpus && !args.driver && !args.cuda) {
		buf_addf(&io->err,
			 "envlint: profile needs %s, %s or --gpu/--driver/--cuda (see --list-profiles)\n",
			 cli_option_usage(CLI_OPT_FROM_NVIDIA_SMI), cli_option_usage(CLI_OPT_PROFILE));
	} else {
		struct profile_list profiles = PROFILE_LIST_INIT;
		if (cmd_load_profiles(&args, kb, &profiles, io)) {
			for (size_t i = 0; i < profiles.nr; i++) {
				struct profile *p = &profiles.items[i];
				char name[256];
				if (!p->base.name || !strcmp(p->base.name, "command-line")) {
					profile_default_name(p, name, sizeof(name));
					p->base.name = name;
				}
				buf_adds(&io->out, i ? "---\n" : "");
				profile_yaml_write(p, NULL, &io->out);
				p->base.name = NULL;
			}
			status = CMD_CLEAN;
		}
		profile_list_release(&profiles);
	}
	kb_free(kb);
	return status;
}

enum cmd_status cmd_list_profiles(int argc, char **argv, struct cmd_io *io)
{
	struct cli_args args;
	struct kb *kb;
	if (!cmd_parse(argc, argv, PROFILE_OPTIONS, &args, io))
		return CMD_TROUBLE;
	if (!cmd_load_kb(args.kb_dir, &kb, io))
		return CMD_TROUBLE;
	struct profile_list all = PROFILE_LIST_INIT;
	struct diag_list problems = DIAG_LIST_INIT;
	enum cmd_status status = CMD_CLEAN;
	if (!profile_builtin_load(&all, kb, &problems)) {
		for (size_t i = 0; i < problems.nr; i++)
			buf_addf(&io->err, "envlint: %s:%u: %s\n", problems.items[i].file,
				 problems.items[i].span.line, problems.items[i].message);
		status = CMD_TROUBLE;
	}
	for (size_t i = 0; i < all.nr; i++) {
		const struct profile *p = &all.items[i];
		buf_addf(&io->out, "%-14s ", p->base.name);
		for (size_t g = 0; g < p->ngpus; g++)
			buf_addf(&io->out, "%s%s (%u.%u)", g ? ", " : "",
				 p->gpus[g].gpu ? p->gpus[g].gpu->name : "GPU", p->gpus[g].cc.release[0],
				 p->gpus[g].cc.nrelease > 1 ? p->gpus[g].cc.release[1] : 0);
		if (p->base.has_driver)
			buf_addf(&io->out, ", driver %s", p->base.driver_text);
		else
			buf_adds(&io->out, ", no driver");
		buf_addf(&io->out, ", %s\n", profile_platform_name(p->platform));
	}
	profile_list_release(&all);
	diag_list_release(&problems);
	kb_free(kb);
	return status;
}

/*
 * suggest: the newest torch build that runs on every target (`envlint suggest --gpu G
 * [--gpu G2] --driver D [--python X.Y] [--torch X.Y]`, or `--profile NAME|FILE|-`,
 * repeatable: every GPU of every profile, each under its own driver), with the pip
 * line, the conda line and a pytorch/pytorch image where the KB knows them, and one
 * line per newer release saying which target it fails and why (per profile, when there
 * are several). This file reads the question and checks it can be asked; the search is
 * suggest_search.h, what to type suggest_answer.h, the text and JSON suggest_write.h.
 */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common.h"
#include "kb/kb.h"
#include "profile.h"
#include "report/report.h"
#include "suggest_search.h"
#include "suggest_write.h"
#include "util/xalloc.h"

static const enum cli_opt SUGGEST_OPTIONS[] = {
	CLI_OPT_PROFILE, CLI_OPT_GPU,    CLI_OPT_DRIVER, CLI_OPT_OS,  CLI_OPT_PYTHON,
	CLI_OPT_TORCH,   CLI_OPT_FORMAT, CLI_OPT_KB,     CLI_OPT_END,
};

static bool parse_question(struct suggest *s, const struct cli_args *args, struct cmd_io *io)
{
	if (args->os && !strcasecmp(args->os, "windows")) {
		buf_adds(&io->err,
			 "envlint: suggest knows the Linux wheels only (pytorch.yaml); --os windows "
			 "is not supported\n");
		return false;
	}
	if (!args->ngpus && !args->driver && !args->nprofiles) {
		buf_addf(&io->err,
			 "envlint: suggest needs a target: %s (repeatable), or --gpu NAME (repeatable) "
			 "and/or --driver VERSION\n(see envlint --help)\n",
			 cli_option_usage(CLI_OPT_PROFILE));
		return false;
	}
	if (args->npaths) {
		buf_addf(&io->err, "envlint: suggest takes no paths ('%s')\n(see envlint --help)\n",
			 args->paths[0]);
		return false;
	}
	if (args->format && strcmp(args->format->name, "text") && strcmp(args->format->name, "json")) {
		buf_addf(&io->err, "envlint: suggest prints text or json, not '%s'\n", args->format->name);
		return false;
	}
	s->has_python = args->python != NULL;
	if (s->has_python &&
	    (!version_parse(&s->python, args->python, strlen(args->python)) || s->python.nrelease != 2)) {
		buf_addf(&io->err, "envlint: --python takes X.Y, not '%s'\n", args->python);
		return false;
	}
	s->has_torch = args->torch != NULL;
	if (s->has_torch && (!version_parse(&s->torch, args->torch, strlen(args->torch)) ||
			     s->torch.nrelease < 2 || s->torch.nrelease > 3)) {
		buf_addf(&io->err, "envlint: --torch takes X.Y or X.Y.Z, not '%s'\n", args->torch);
		return false;
	}
	const struct kb_torch_release *line = s->has_torch ? kb_torch_release(s->kb, &s->torch) : NULL;
	if (s->has_torch && (!line || (s->torch.nrelease == 3 && !kb_torch_patch_exists(line, &s->torch)))) {
		buf_addf(&io->err, "envlint: the KB knows no torch release '%s'\n", args->torch);
		return false;
	}
	return true;
}

/* Every target is a Linux x86_64 box with a GPU or a driver: the KB's wheels and their
 * arch lists are those (pytorch.yaml), and a box with neither would let any build fit. */
static bool boxes_askable(const struct suggest *s, struct cmd_io *io)
{
	for (size_t b = 0; b < s->nboxes; b++) {
		const struct profile *box = &s->boxes[b];
		const char *name = box->base.name ? box->base.name : "command-line";
		if (box->platform != PROFILE_PLATFORM_LINUX_X86_64 || box->base.os != KB_OS_LINUX) {
			buf_addf(&io->err,
				 "envlint: suggest knows the Linux x86_64 wheels only (pytorch.yaml); "
				 "profile '%s' is %s\n",
				 name,
				 box->base.os == KB_OS_WINDOWS ? "windows"
							       : profile_platform_name(box->platform));
			return false;
		}
		if (!box->ngpus && !box->base.has_driver) {
			buf_addf(
				&io->err,
				"envlint: profile '%s' names no GPU and no driver: every build would fit it\n",
				name);
			return false;
		}
	}
	return true;
}

enum cmd_status cmd_suggest(int argc, char **argv, struct cmd_io *io)
{
	struct cli_args args;
	struct kb *kb;
	if (!cmd_parse(argc, argv, SUGGEST_OPTIONS, &args, io))
		return CMD_TROUBLE;
	policy_release(&args.policy);
	if (!cmd_load_kb(args.kb_dir, &kb, io))
		return CMD_TROUBLE;
	struct profile_list boxes = PROFILE_LIST_INIT;
	struct suggest s = { kb, NULL, 0, false, { 0 }, false, { 0 } };
	bool ok = parse_question(&s, &args, io) && cmd_load_profiles(&args, kb, &boxes, io);
	s.boxes = boxes.items;
	s.nboxes = boxes.nr;
	if (!ok || !boxes_askable(&s, io)) {
		profile_list_release(&boxes);
		kb_free(kb);
		return CMD_TROUBLE;
	}
	struct suggest_pick pick;
	struct suggest_reject *rejects = xcalloc(SUGGEST_MAX_REJECTS, sizeof(*rejects));
	size_t nrejects;
	bool found = suggest_search(&s, &pick, rejects, &nrejects);
	if (args.format && !strcmp(args.format->name, "json"))
		suggest_write_json(&s, &pick, found, rejects, nrejects, &io->out);
	else
		suggest_write_text(&s, &pick, found, rejects, nrejects, &io->out);
	for (size_t i = 0; i < nrejects; i++)
		suggest_why_release(&rejects[i].why, s.nboxes);
	free(rejects);
	profile_list_release(&boxes);
	kb_free(kb);
	return found ? CMD_CLEAN : CMD_FINDINGS;
}

/*
 * version: envlint's version and the date of the knowledge base it would use (the
 * built-in one, or --kb DIR's, which is loaded and validated for the answer).
 */
#include "cmd.h"

#include "common.h"
#include "kb/kb.h"

static const enum cli_opt VERSION_OPTIONS[] = {
	CLI_OPT_VERSION,  CMD_TARGET_OPTIONS, CLI_OPT_FORMAT, CMD_POLICY_OPTIONS, CLI_OPT_KB,
	CLI_OPT_NO_COLOR, CLI_OPT_COLOR,      CLI_OPT_QUIET,  CLI_OPT_END,
};

enum cmd_status cmd_version(int argc, char **argv, struct cmd_io *io)
{
	struct cli_args args;
	struct kb *kb;
	if (!cmd_parse(argc, argv, VERSION_OPTIONS, &args, io))
		return CMD_TROUBLE;
	if (!cmd_load_kb(args.kb_dir, &kb, io))
		return CMD_TROUBLE;
	buf_addf(&io->out, "envlint %s (knowledge base %s)\n", ENVLINT_VERSION, kb_date(kb));
	kb_free(kb);
	return CMD_CLEAN;
}

/*
 * rules: `envlint explain RULE` (also --explain RULE) and --list-rules, both read from
 * the one rule table (rule.def).
 */
#include "cmd.h"

#include <string.h>

#include "common.h"
#include "rule.h"

static const enum cli_opt RULES_OPTIONS[] = {
	CLI_OPT_EXPLAIN, CLI_OPT_LIST_RULES, CMD_TARGET_OPTIONS, CLI_OPT_FORMAT, CMD_POLICY_OPTIONS,
	CLI_OPT_KB,	 CLI_OPT_NO_COLOR, CLI_OPT_COLOR, CLI_OPT_QUIET,   CLI_OPT_END,
};

enum cmd_status cmd_list_rules(int argc, char **argv, struct cmd_io *io)
{
	struct cli_args args;
	if (!cmd_parse(argc, argv, RULES_OPTIONS, &args, io))
		return CMD_TROUBLE;
	/* The slug column is as wide as the longest slug, so the table stays aligned. */
	int width = 0;
	for (size_t i = 0; i < RULE__COUNT; i++) {
		size_t n = strlen(rule_info((enum rule_id)i)->slug);
		if ((int)n > width)
			width = (int)n;
	}
	for (size_t i = 0; i < RULE__COUNT; i++) {
		const struct rule_info *r = rule_info((enum rule_id)i);
		buf_addf(&io->out, "%-7s %-*s %-8s %s\n", r->id, width, r->slug, severity_name(r->severity),
			 r->summary);
	}
	return CMD_CLEAN;
}

enum cmd_status cmd_explain(int argc, char **argv, struct cmd_io *io)
{
	struct cli_args args;
	if (!cmd_parse(argc, argv, RULES_OPTIONS, &args, io))
		return CMD_TROUBLE;
	const char *name = args.explain ? args.explain : args.npaths ? args.paths[0] : NULL;
	if (!name) {
		buf_adds(&io->err, "envlint: explain needs a rule id or slug (see --list-rules)\n");
		return CMD_TROUBLE;
	}
	enum rule_id id = rule_lookup(name);
	if (id == RULE__COUNT) {
		buf_addf(&io->err, "envlint: unknown rule '%s' (see --list-rules)\n", name);
		return CMD_TROUBLE;
	}
	const struct rule_info *r = rule_info(id);
	buf_addf(&io->out, "%s %s (%s, default severity %s)\n  %s\n", r->id, r->slug,
		 rule_family_name(r->family), severity_name(r->severity), r->summary);
	buf_addf(&io->out,
		 "  silence one finding with '# envlint: ignore[%s]' on its line or the line above,\n"
		 "  a whole file with '# envlint: ignore-file[%s]', or the rule with --disable %s\n",
		 r->id, r->id, r->id);
	return CMD_CLEAN;
}

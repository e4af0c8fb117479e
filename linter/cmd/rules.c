/*
 * rules: `envlint explain RULE` (also --explain RULE) and --list-rules, both read from
 * the one rule table (rule.def).
 */
#include "cmd.h"

#include <string.h>

#include "common.h"
#include "report/report.h"
#include "rule.h"
#include "util/jsonw.h"

static const enum cli_opt RULES_OPTIONS[] = {
	CLI_OPT_EXPLAIN, CLI_OPT_LIST_RULES, CMD_TARGET_OPTIONS, CLI_OPT_FORMAT, CMD_POLICY_OPTIONS,
	CLI_OPT_KB,      CLI_OPT_NO_COLOR,   CLI_OPT_COLOR,      CLI_OPT_QUIET,  CLI_OPT_END,
};

static const char *needs_name(enum rule_needs needs)
{
	switch (needs) {
	case NEEDS_DRIVER:
		return "driver";
	case NEEDS_GPU:
		return "gpu";
	case NEEDS_CUDA:
		return "cuda";
	case NEEDS_NOTHING:
		break;
	}
	return "nothing";
}

/* The rule table as JSON, for tools that build on envlint (editors, dashboards). */
static void list_rules_json(struct buf *out)
{
	buf_adds(out, "{\"rules\": [");
	for (size_t i = 0; i < RULE__COUNT; i++) {
		const struct rule_info *r = rule_info((enum rule_id)i);
		buf_adds(out, i ? ",\n  {\"id\": " : "\n  {\"id\": ");
		jsonw_string(out, r->id);
		buf_adds(out, ", \"slug\": ");
		jsonw_string(out, r->slug);
		buf_addf(out, ", \"family\": \"%s\", \"severity\": \"%s\", \"needs\": \"%s\", \"summary\": ",
			 rule_family_name(r->family), severity_name(r->severity), needs_name(r->needs));
		jsonw_string(out, r->summary);
		buf_addf(out, ", \"url\": \"" REPORT_RULES_URI "%s.md\"}", r->id);
	}
	buf_adds(out, "\n]}\n");
}

enum cmd_status cmd_list_rules(int argc, char **argv, struct cmd_io *io)
{
	struct cli_args args;
	if (!cmd_parse(argc, argv, RULES_OPTIONS, &args, io))
		return CMD_TROUBLE;
	if (args.format && args.format->write == report_json) {
		list_rules_json(&io->out);
		return CMD_CLEAN;
	}
	if (args.format && args.format->write != report_text) {
		buf_addf(&io->err, "envlint: --list-rules prints text or json, not '%s'\n",
			 args.format->name);
		return CMD_TROUBLE;
	}
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

/* Generated from docs/rules.md (tools/rule-text.sh). */
struct rule_text {
	const char *id;
	const char *text;
};
extern const struct rule_text RULE_TEXTS[];
extern const size_t RULE_TEXT_COUNT;

static const char *text_of(const char *id)
{
	for (size_t i = 0; i < RULE_TEXT_COUNT; i++)
		if (!strcmp(RULE_TEXTS[i].id, id))
			return RULE_TEXTS[i].text;
	return NULL;
}

static const char *needs_text(enum rule_needs needs)
{
	switch (needs) {
	case NEEDS_DRIVER:
		return "a driver (--driver or a profile)";
	case NEEDS_GPU:
		return "a GPU (--gpu or a profile)";
	case NEEDS_CUDA:
		return "a system CUDA toolkit (--cuda or a profile)";
	case NEEDS_NOTHING:
		break;
	}
	return "no target";
}

/* The rule's page: what the rule table says, then its text from docs/rules.md, then how
 * to silence it. docs/rules/ID.md is exactly this. */
static void explain(struct buf *out, const struct rule_info *r)
{
	const char *text = text_of(r->id);
	buf_addf(out, "# %s %s\n\n", r->id, r->slug);
	buf_addf(out, "Family: %s. Default severity: %s. Needs: %s.\n\n", rule_family_name(r->family),
		 severity_name(r->severity), needs_text(r->needs));
	buf_addf(out, "%s.\n\n", r->summary);
	if (text)
		buf_addf(out, "%s\n", text);
	buf_addf(out,
		 "Silence one finding with `# envlint: ignore[%s]` at the end of its line or alone on the\n"
		 "line above, a whole file with `# envlint: ignore-file[%s]`, or the rule with\n"
		 "`--disable %s` (or `disable: [%s]` in `.envlint.yml`).\n\n"
		 "This page: " REPORT_RULES_URI "%s.md\n",
		 r->id, r->id, r->id, r->id, r->id);
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
	explain(&io->out, rule_info(id));
	return CMD_CLEAN;
}

/*
 * envlint's entry point: argv -> options -> knowledge base -> target -> run -> report.
 * The only place that calls exit statuses and writes the report to stdout (usage errors
 * and KB problems go to stderr). Exit status (CONTRACT.md): 0 nothing at or above
 * --fail-on, 1 at least one such finding, 2 a usage error or a path that could not be
 * read (the other files are still checked and reported).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "diag.h"
#include "kb/kb.h"
#include "profile.h"
#include "readers/readers.h"
#include "report/report.h"
#include "run.h"
#include "util/buf.h"

#define ENVLINT_VERSION "0.1.0"

enum exit_status {
	EXIT_CLEAN = 0,
	EXIT_FINDINGS = 1,
	EXIT_TROUBLE = 2,
};

static void print_buf(FILE *f, struct buf *b)
{
	fwrite(b->buf, 1, b->len, f);
	buf_release(b);
}

static int list_rules(void)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < RULE__COUNT; i++) {
		const struct rule_info *r = rule_info((enum rule_id)i);
		buf_addf(&b, "%-7s %-30s %-8s %s\n", r->id, r->slug, severity_name(r->severity), r->summary);
	}
	print_buf(stdout, &b);
	return EXIT_CLEAN;
}

static int explain(const char *name)
{
	enum rule_id id = rule_lookup(name);
	if (id == RULE__COUNT) {
		fprintf(stderr, "envlint: unknown rule '%s' (see --list-rules)\n", name);
		return EXIT_TROUBLE;
	}
	const struct rule_info *r = rule_info(id);
	printf("%s %s (%s, default severity %s)\n  %s\n", r->id, r->slug, rule_family_name(r->family),
	       severity_name(r->severity), r->summary);
	printf("  silence one finding with '# envlint: ignore[%s]' on its line or the line above,\n"
	       "  a whole file with '# envlint: ignore-file[%s]', or the rule with --disable %s\n",
	       r->id, r->id, r->id);
	return EXIT_CLEAN;
}

/* KB problems are the installation's, not the manifests': print them and stop. */
static bool report_kb_problems(struct diag_list *diags)
{
	if (!diags->nr)
		return true;
	struct report_input in = { diags, NULL, 0, ENVLINT_VERSION, NULL, false };
	struct buf b = BUF_INIT;
	report_gnu(&in, &b);
	print_buf(stderr, &b);
	return false;
}

int main(int argc, char **argv)
{
	struct options opts;
	char err[1024] = "";
	if (!cli_parse(argc, argv, &opts, err, sizeof(err))) {
		fprintf(stderr, "envlint: %s\n(see envlint --help)\n", err);
		return EXIT_TROUBLE;
	}
	switch (opts.command) {
	case CLI_HELP: {
		char *help = cli_help_text();
		fputs(help, stdout);
		free(help);
		return EXIT_CLEAN;
	}
	case CLI_LIST_RULES:
		return list_rules();
	case CLI_EXPLAIN:
		return explain(opts.explain);
	default:
		break;
	}

	struct diag_list kb_diags = DIAG_LIST_INIT;
	struct kb *kb = NULL;
	bool kb_ok = opts.kb_dir ? kb_load_dir(&kb, opts.kb_dir, &kb_diags)
				 : kb_load_builtin(&kb, &kb_diags);
	bool kb_clean = report_kb_problems(&kb_diags);
	if (!kb_ok || !kb_clean) {
		diag_list_release(&kb_diags);
		kb_free(kb);
		fprintf(stderr, "envlint: the knowledge base is invalid; nothing was checked\n");
		return EXIT_TROUBLE;
	}
	diag_list_release(&kb_diags);

	if (opts.command == CLI_VERSION) {
		printf("envlint %s (knowledge base %s)\n", ENVLINT_VERSION, kb_date(kb));
		kb_free(kb);
		return EXIT_CLEAN;
	}

	struct target target;
	if (!target_from_options(&target, kb, opts.gpu, opts.driver, opts.cuda, opts.os, err,
				 sizeof(err))) {
		fprintf(stderr, "envlint: %s\n", err);
		kb_free(kb);
		return EXIT_TROUBLE;
	}

	struct run run;
	run_init(&run, &opts, kb, &target);
	struct buf dump = BUF_INIT;
	if (opts.command == CLI_DUMP_PINS)
		run.pin_dump = &dump;
	run_paths(&run);

	struct buf out = BUF_INIT;
	if (opts.command == CLI_DUMP_PINS) {
		print_buf(stdout, &dump);
	} else {
		struct report_input in = { &run.diags, run.files, run.nfiles, ENVLINT_VERSION, kb_date(kb),
					   !opts.no_color && opts.format == FORMAT_TEXT &&
						   isatty(STDOUT_FILENO) && !getenv("NO_COLOR") };
		switch (opts.format) {
		case FORMAT_GNU:
			report_gnu(&in, &out);
			break;
		case FORMAT_JSON:
			report_json(&in, &out);
			break;
		case FORMAT_TEXT:
			report_text(&in, &out);
			break;
		}
		print_buf(stdout, &out);
	}
	buf_release(&dump);

	int status = EXIT_CLEAN;
	if (opts.fail_on != SEV_OFF && diag_list_count_at_least(&run.diags, opts.fail_on))
		status = EXIT_FINDINGS;
	if (run.unreadable)
		status = EXIT_TROUBLE;
	run_release(&run);
	kb_free(kb);
	return status;
}

/* cli + cmd table: options, command selection, defaults, usage errors naming the bad
 * option, the format table behind --format and --help. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd/cmd.h"
#include "report/report.h"

/* static: cli_args->paths borrows argv, so it must outlive this call */
static char *argv_[16];

static int fill(int argc, va_list ap)
{
	for (int i = 0; i < argc; i++)
		argv_[i] = va_arg(ap, char *);
	argv_[argc] = NULL;
	return argc;
}

static bool parse(struct cli_args *o, char *err, int argc, ...)
{
	va_list ap;
	va_start(ap, argc);
	fill(argc, ap);
	va_end(ap);
	int first;
	cmd_select(argc, argv_, &first);
	return cli_parse(argc - first, argv_ + first, cmd_check_options(), o, err, 256);
}

static const struct cmd *select_cmd(int *first, int argc, ...)
{
	va_list ap;
	va_start(ap, argc);
	fill(argc, ap);
	va_end(ap);
	return cmd_select(argc, argv_, first);
}

static void test_defaults(void **state)
{
	(void)state;
	struct cli_args o;
	char err[256];
	assert_true(parse(&o, err, 1, "envlint"));
	assert_null(o.format);
	assert_false(o.policy.has_fail_on);
	assert_int_equal(o.npaths, 0);
	assert_int_equal(o.policy.severity[RULE_DRV101], POLICY_UNSET);
}

static void test_check_subcommand_and_options_anywhere(void **state)
{
	(void)state;
	struct cli_args o;
	char err[256];
	assert_true(parse(&o, err, 7, "envlint", "check", "dir", "--gpu", "TITAN Xp", "--driver=470.82.01",
			  "file.txt"));
	assert_int_equal(o.ngpus, 1);
	assert_string_equal(o.gpus[0], "TITAN Xp");
	assert_string_equal(o.driver, "470.82.01");
	assert_int_equal(o.npaths, 2);
	assert_string_equal(o.paths[0], "dir");
	assert_string_equal(o.paths[1], "file.txt");
	/* --gpu repeats: one box, several GPUs */
	assert_true(parse(&o, err, 5, "envlint", "--gpu", "RTX 3090", "--gpu", "RTX 5090"));
	assert_int_equal(o.ngpus, 2);
	assert_string_equal(o.gpus[1], "RTX 5090");
}

static void test_formats_and_fail_on(void **state)
{
	(void)state;
	struct cli_args o;
	char err[256];
	assert_true(parse(&o, err, 5, "envlint", "--format", "json", "--fail-on", "never"));
	assert_ptr_equal(o.format, report_format_lookup("json"));
	assert_ptr_equal(o.format->write, report_json);
	assert_true(o.policy.has_fail_on);
	assert_int_equal(o.policy.fail_on, SEV_OFF);
	assert_true(parse(&o, err, 3, "envlint", "--fail-on=warning", "--format=gnu"));
	assert_int_equal(o.policy.fail_on, SEV_WARNING);
	assert_ptr_equal(o.format->write, report_gnu);
}

static void test_disable_enable(void **state)
{
	(void)state;
	struct cli_args o;
	char err[256];
	assert_true(parse(&o, err, 3, "envlint", "--disable", "DRV102, cuda-needs-newer-driver"));
	assert_int_equal(o.policy.severity[RULE_DRV102], SEV_OFF);
	assert_int_equal(o.policy.severity[RULE_DRV101], SEV_OFF);
	assert_int_equal(o.policy.severity[RULE_HW202], POLICY_UNSET);
	assert_true(parse(&o, err, 5, "envlint", "--disable", "DRV102", "--enable", "drv102"));
	assert_int_equal(o.policy.severity[RULE_DRV102], POLICY_AS_REPORTED);
	assert_false(parse(&o, err, 3, "envlint", "--disable", "NOPE1"));
	assert_non_null(strstr(err, "NOPE1"));
}

static void test_usage_errors_name_the_option(void **state)
{
	(void)state;
	struct cli_args o;
	char err[256];
	assert_false(parse(&o, err, 2, "envlint", "--frobnicate"));
	assert_non_null(strstr(err, "--frobnicate"));
	assert_false(parse(&o, err, 3, "envlint", "--format", "xml"));
	assert_non_null(strstr(err, "xml"));
	/* the error lists the format table's names */
	assert_non_null(strstr(err, "text, gnu, json, sarif or github"));
	assert_false(parse(&o, err, 2, "envlint", "--driver"));
	assert_non_null(strstr(err, "--driver"));
	assert_false(parse(&o, err, 3, "envlint", "--os", "plan9"));
}

/* Standard input is read once: `--profile -` with the path `-` (or a second
 * `--profile -`) is a usage error; the path `-` named twice is one file. */
static void test_stdin_read_once(void **state)
{
	(void)state;
	struct cli_args o;
	char err[256];
	assert_true(parse(&o, err, 4, "envlint", "--profile", "-", "requirements.txt"));
	assert_true(parse(&o, err, 4, "envlint", "--profile", "lab.yml", "-"));
	assert_true(parse(&o, err, 3, "envlint", "-", "-"));
	assert_false(parse(&o, err, 4, "envlint", "--profile", "-", "-"));
	assert_string_equal(err, "--profile - and the path - both read standard input, which can be read once");
	assert_false(parse(&o, err, 5, "envlint", "--profile", "-", "--profile=-"));
	assert_non_null(strstr(err, "--profile - and --profile - both"));
}

static void test_command_selection(void **state)
{
	(void)state;
	int first;
	assert_ptr_equal(select_cmd(&first, 1, "envlint")->run, cmd_check);
	assert_int_equal(first, 0);
	assert_ptr_equal(select_cmd(&first, 3, "envlint", "check", "x")->run, cmd_check);
	assert_int_equal(first, 1);
	assert_ptr_equal(select_cmd(&first, 2, "envlint", "--version")->run, cmd_version);
	assert_ptr_equal(select_cmd(&first, 2, "envlint", "-V")->run, cmd_version);
	assert_ptr_equal(select_cmd(&first, 2, "envlint", "--list-rules")->run, cmd_list_rules);
	assert_ptr_equal(select_cmd(&first, 3, "envlint", "--explain", "DRV101")->run, cmd_explain);
	assert_ptr_equal(select_cmd(&first, 2, "envlint", "--explain=DRV101")->run, cmd_explain);
	assert_ptr_equal(select_cmd(&first, 3, "envlint", "explain", "DRV101")->run, cmd_explain);
	assert_int_equal(first, 1);
	/* an option-command wins over the subcommand; a path after -- is a path */
	assert_ptr_equal(select_cmd(&first, 3, "envlint", "check", "--help")->run, cmd_help);
	assert_ptr_equal(select_cmd(&first, 3, "envlint", "--", "--help")->run, cmd_check);
	/* a prefix of an option is not the option */
	assert_ptr_equal(select_cmd(&first, 2, "envlint", "--versions")->run, cmd_check);
}

static void test_commands_write_to_io(void **state)
{
	(void)state;
	struct cmd_io io = { .out = BUF_INIT, .err = BUF_INIT };
	char *args[] = { "explain", "drv101", NULL };
	assert_int_equal(cmd_explain(2, args, &io), CMD_CLEAN);
	assert_non_null(strstr(io.out.buf, "DRV101 cuda-needs-newer-driver"));
	assert_int_equal(io.err.len, 0);
	char *bad[] = { "explain", "NOPE", NULL };
	assert_int_equal(cmd_explain(2, bad, &io), CMD_TROUBLE);
	assert_non_null(strstr(io.err.buf, "unknown rule 'NOPE'"));
	buf_release(&io.out);
	buf_release(&io.err);
	char *help[] = { "envlint", NULL };
	assert_int_equal(cmd_help(1, help, &io), CMD_CLEAN);
	assert_non_null(strstr(io.out.buf, "--gpu NAME"));
	assert_non_null(strstr(io.out.buf, "explain"));
	assert_non_null(strstr(io.out.buf, "--list-rules"));
	/* every format of the table is in --help */
	size_t n;
	const struct report_format *f = report_formats(&n);
	for (size_t i = 0; i < n; i++)
		assert_non_null(strstr(io.out.buf, f[i].summary));
	assert_null(strstr(io.out.buf, "dump-pins"));
	buf_release(&io.out);
	buf_release(&io.err);
}

/* Misspelt options, values and rules get the nearest spelling; a single-valued option
 * given twice is an error; a family prefix selects every rule of the family. */
static void test_did_you_mean_and_repeats(void **state)
{
	(void)state;
	struct cli_args o;
	char err[256];
	assert_false(parse(&o, err, 3, "envlint", "--fromat", "json"));
	assert_non_null(strstr(err, "did you mean '--format'?"));
	assert_false(parse(&o, err, 3, "envlint", "--fail-on", "warn"));
	assert_non_null(strstr(err, "did you mean 'warning'?"));
	assert_false(parse(&o, err, 3, "envlint", "--disable", "DRV11"));
	assert_non_null(strstr(err, "did you mean 'DRV101'?"));
	assert_false(parse(&o, err, 3, "envlint", "--format", "xml"));
	assert_null(strstr(err, "did you mean"));
	assert_false(parse(&o, err, 5, "envlint", "--driver", "535", "--driver=550"));
	assert_non_null(strstr(err, "'--driver' given twice ('535' and '550')"));
	/* repeatable ones add up */
	assert_true(parse(&o, err, 5, "envlint", "--disable", "DRV", "--disable", "pin402"));
	for (size_t i = 0; i < RULE__COUNT; i++)
		assert_int_equal(o.policy.severity[i],
				 rule_info((enum rule_id)i)->family == FAM_DRV || i == RULE_PIN402
					 ? SEV_OFF
					 : POLICY_UNSET);
}

static void test_list_rules_json(void **state)
{
	(void)state;
	struct cmd_io io = { .out = BUF_INIT, .err = BUF_INIT };
	char *args[] = { "envlint", "--list-rules", "--format", "json", NULL };
	assert_int_equal(cmd_list_rules(4, args, &io), CMD_CLEAN);
	assert_non_null(strstr(io.out.buf, "{\"rules\": ["));
	assert_non_null(strstr(io.out.buf, "\"id\": \"HW202\", \"slug\": \"torch-build-lacks-gpu-kernels\", "
					   "\"family\": \"hardware\", \"severity\": \"error\", \"needs\": \"gpu\""));
	buf_release(&io.out);
	buf_release(&io.err);
	char *sarif[] = { "envlint", "--list-rules", "--format", "sarif", NULL };
	assert_int_equal(cmd_list_rules(4, sarif, &io), CMD_TROUBLE);
	buf_release(&io.out);
	buf_release(&io.err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_check_subcommand_and_options_anywhere),
		cmocka_unit_test(test_formats_and_fail_on),
		cmocka_unit_test(test_disable_enable),
		cmocka_unit_test(test_usage_errors_name_the_option),
		cmocka_unit_test(test_stdin_read_once),
		cmocka_unit_test(test_command_selection),
		cmocka_unit_test(test_commands_write_to_io),
		cmocka_unit_test(test_did_you_mean_and_repeats),
		cmocka_unit_test(test_list_rules_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

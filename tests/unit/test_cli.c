/* cli: options, subcommand, defaults, usage errors naming the bad option. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "cli.h"

static bool parse(struct options *o, char *err, int argc, ...)
{
	/* static: options->paths borrows argv, so it must outlive this call */
	static char *argv[16];
	va_list ap;
	va_start(ap, argc);
	for (int i = 0; i < argc; i++)
		argv[i] = va_arg(ap, char *);
	va_end(ap);
	argv[argc] = NULL;
	return cli_parse(argc, argv, o, err, 256);
}

static void test_defaults(void **state)
{
	(void)state;
	struct options o;
	char err[256];
	assert_true(parse(&o, err, 1, "envlint"));
	assert_int_equal(o.command, CLI_CHECK);
	assert_int_equal(o.format, FORMAT_TEXT);
	assert_int_equal(o.fail_on, SEV_ERROR);
	assert_int_equal(o.npaths, 0);
	assert_int_equal(o.rule_state[RULE_DRV101], -1);
}

static void test_check_subcommand_and_options_anywhere(void **state)
{
	(void)state;
	struct options o;
	char err[256];
	assert_true(parse(&o, err, 7, "envlint", "check", "dir", "--gpu", "TITAN Xp", "--driver=470.82.01",
			  "file.txt"));
	assert_string_equal(o.gpu, "TITAN Xp");
	assert_string_equal(o.driver, "470.82.01");
	assert_int_equal(o.npaths, 2);
	assert_string_equal(o.paths[0], "dir");
	assert_string_equal(o.paths[1], "file.txt");
}

static void test_formats_and_fail_on(void **state)
{
	(void)state;
	struct options o;
	char err[256];
	assert_true(parse(&o, err, 5, "envlint", "--format", "json", "--fail-on", "never"));
	assert_int_equal(o.format, FORMAT_JSON);
	assert_int_equal(o.fail_on, SEV_OFF);
	assert_true(parse(&o, err, 3, "envlint", "--fail-on=warning", "--format=gnu"));
	assert_int_equal(o.fail_on, SEV_WARNING);
	assert_int_equal(o.format, FORMAT_GNU);
}

static void test_disable_enable(void **state)
{
	(void)state;
	struct options o;
	char err[256];
	assert_true(parse(&o, err, 3, "envlint", "--disable", "DRV102,cuda-needs-newer-driver"));
	assert_int_equal(o.rule_state[RULE_DRV102], 0);
	assert_int_equal(o.rule_state[RULE_DRV101], 0);
	assert_false(parse(&o, err, 3, "envlint", "--disable", "NOPE1"));
	assert_non_null(strstr(err, "NOPE1"));
}

static void test_usage_errors_name_the_option(void **state)
{
	(void)state;
	struct options o;
	char err[256];
	assert_false(parse(&o, err, 2, "envlint", "--frobnicate"));
	assert_non_null(strstr(err, "--frobnicate"));
	assert_false(parse(&o, err, 3, "envlint", "--format", "xml"));
	assert_non_null(strstr(err, "xml"));
	assert_false(parse(&o, err, 2, "envlint", "--driver"));
	assert_non_null(strstr(err, "--driver"));
	assert_false(parse(&o, err, 3, "envlint", "--os", "plan9"));
}

static void test_commands(void **state)
{
	(void)state;
	struct options o;
	char err[256];
	assert_true(parse(&o, err, 2, "envlint", "--version"));
	assert_int_equal(o.command, CLI_VERSION);
	assert_true(parse(&o, err, 2, "envlint", "--list-rules"));
	assert_int_equal(o.command, CLI_LIST_RULES);
	assert_true(parse(&o, err, 3, "envlint", "--explain", "DRV101"));
	assert_int_equal(o.command, CLI_EXPLAIN);
	assert_string_equal(o.explain, "DRV101");
	char *help = cli_help_text();
	assert_non_null(strstr(help, "--gpu NAME"));
	assert_null(strstr(help, "dump-pins"));
	free(help);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_check_subcommand_and_options_anywhere),
		cmocka_unit_test(test_formats_and_fail_on),
		cmocka_unit_test(test_disable_enable),
		cmocka_unit_test(test_usage_errors_name_the_option),
		cmocka_unit_test(test_commands),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

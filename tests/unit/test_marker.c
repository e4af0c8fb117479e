/*
 * Unit tests for linter/analysis/marker.c: PEP 508 markers against a target, three-valued.
 * One table; each row is a marker, a target and the expected value.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "analysis/marker.h"

static const struct marker_env LINUX = { "linux", "Linux", "x86_64", "posix", false, { 0 } };
static const struct marker_env ARM = { "linux", "Linux", "aarch64", "posix", false, { 0 } };
static const struct marker_env WIN = { "win32", "Windows", "AMD64", "nt", false, { 0 } };

#define F MARKER_FALSE
#define T MARKER_TRUE
#define U MARKER_UNDECIDED

static const struct row {
	const struct marker_env *env;
	const char *python;  /* the environment's Python, or NULL */
	const char *marker;
	enum marker_value want;
} ROWS[] = {
	{ &LINUX, NULL, " sys_platform == \"darwin\"", F },
	{ &LINUX, NULL, "sys_platform == 'linux'", T },
	{ &LINUX, NULL, "sys_platform != \"darwin\"", T },
	{ &WIN, NULL, "sys_platform == \"win32\"", T },
	{ &LINUX, NULL, "platform_system == \"Windows\"", F },
	{ &ARM, NULL, "platform_machine == \"x86_64\"", F },
	{ &LINUX, NULL, "platform_machine == \"x86_64\"", T },
	{ &LINUX, NULL, "os_name == \"nt\"", F },
	{ &LINUX, NULL, "\"linux\" in sys_platform", T },
	{ &LINUX, NULL, "sys_platform not in \"darwin win32\"", T },
	/* Python unknown: undecided, unless another clause decides */
	{ &LINUX, NULL, "python_version < \"3.12\"", U },
	{ &LINUX, NULL, "sys_platform == \"darwin\" and python_version < \"3.12\"", F },
	{ &LINUX, NULL, "sys_platform == \"linux\" or python_version < \"3.12\"", T },
	{ &LINUX, NULL, "sys_platform == \"linux\" and python_version < \"3.12\"", U },
	{ &LINUX, NULL, "(sys_platform == \"darwin\" or platform_machine == \"arm64\") and extra == \"x\"", F },
	/* Python known */
	{ &LINUX, "3.12", "python_version < \"3.12\"", F },
	{ &LINUX, "3.11", "python_version < \"3.12\"", T },
	{ &LINUX, "3.11", "\"3.12\" > python_version", T },
	{ &LINUX, "3.11", "python_full_version >= \"3.11.2\"", U },
	{ &LINUX, "3.11.4", "python_full_version >= \"3.11.2\"", T },
	/* what envlint does not decide */
	{ &LINUX, NULL, "platform_release >= \"5\"", U },
	{ &LINUX, NULL, "sys_platform == ", U },
	{ &LINUX, NULL, "sys_platform == \"linux\" trailing", U },
	{ &LINUX, NULL, "sys_platform > \"darwin\"", U },
};

static void test_row(void **state)
{
	const struct row *r = *state;
	struct marker_env env = *r->env;
	if (r->python) {
		env.has_python = true;
		assert_true(version_parse(&env.python, r->python, strlen(r->python)));
	}
	if (marker_eval(&env, r->marker) != r->want)
		fail_msg("'%s' (python %s) should be %d", r->marker, r->python ? r->python : "unknown", r->want);
}

int main(void)
{
	struct CMUnitTest tests[sizeof(ROWS) / sizeof(ROWS[0])];
	for (size_t i = 0; i < sizeof(ROWS) / sizeof(ROWS[0]); i++) {
		tests[i] = (struct CMUnitTest){ ROWS[i].marker, test_row, NULL, NULL, (void *)&ROWS[i] };
	}
	return _cmocka_run_group_tests("marker", tests, sizeof(tests) / sizeof(tests[0]), NULL, NULL);
}

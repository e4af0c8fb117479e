/* config: .envlint.yml keys into a policy layer; problems as EL014 at their line; the
 * nearest file upward. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "diag.h"

#include "tmpdir.h"

static int setup(void **state)
{
	(void)state;
	return tmpdir_make("config");
}

static int teardown(void **state)
{
	(void)state;
	return tmpdir_remove();
}

static bool load(const char *text, struct config *c, struct diag_list *d)
{
	char p[512];
	tmpdir_write(".envlint.yml", text);
	snprintf(p, sizeof(p), "%s/.envlint.yml", tmpdir);
	config_init(c);
	return config_load(c, p, d);
}

static void test_keys(void **state)
{
	(void)state;
	struct config c;
	struct diag_list d = DIAG_LIST_INIT;
	assert_true(load("disable: [PIN401, STK]\nenable: DRV102\nseverity: {DRV101: warning, PIN402: off}\n"
			 "fail-on: info\nexclude: [\"third_party/**\"]\ninclude: [\"envs/*.yml\"]\n",
			 &c, &d));
	assert_int_equal(0, d.nr);
	assert_int_equal(SEV_OFF, c.layer.severity[RULE_PIN401]);
	assert_int_equal(SEV_OFF, c.layer.severity[RULE_STK303]);
	assert_int_equal(POLICY_AS_REPORTED, c.layer.severity[RULE_DRV102]);
	assert_int_equal(SEV_WARNING, c.layer.severity[RULE_DRV101]);
	/* YAML 1.1's bare off is read as the word, not as false */
	assert_int_equal(SEV_OFF, c.layer.severity[RULE_PIN402]);
	assert_int_equal(POLICY_UNSET, c.layer.severity[RULE_HW202]);
	assert_true(c.layer.has_fail_on);
	assert_int_equal(SEV_INFO, c.layer.fail_on);
	assert_int_equal(1, c.layer.nexcludes);
	assert_string_equal("third_party/**", c.layer.excludes[0]);
	assert_int_equal(1, c.nincludes);
	config_release(&c);
	diag_list_release(&d);
}

static void test_problems_at_their_lines(void **state)
{
	(void)state;
	struct config c;
	struct diag_list d = DIAG_LIST_INIT;
	assert_false(load("disable: [PIN401]\nseverity: {NOPE: error}\nfail_on: warning\nexclude: [\"/abs\"]\n",
			  &c, &d));
	assert_int_equal(3, d.nr);
	assert_int_equal(RULE_EL014, d.items[0].rule);
	assert_int_equal(2, d.items[0].span.line);
	assert_int_equal(3, d.items[1].span.line);
	assert_non_null(strstr(d.items[1].help, "did you mean 'fail-on'?"));
	assert_int_equal(4, d.items[2].span.line);
	config_release(&c);
	diag_list_release(&d);
	/* not YAML at all, and YAML that is not a mapping */
	assert_false(load("disable: [\n", &c, &d));
	assert_int_equal(1, d.nr);
	config_release(&c);
	diag_list_release(&d);
	assert_false(load("- a\n- b\n", &c, &d));
	assert_int_equal(1, d.nr);
	config_release(&c);
	diag_list_release(&d);
	/* an empty config is fine */
	assert_true(load("# nothing yet\n", &c, &d));
	assert_int_equal(0, d.nr);
	config_release(&c);
	diag_list_release(&d);
}

static void test_find_upward(void **state)
{
	(void)state;
	char p[512], sub[512];
	snprintf(sub, sizeof(sub), "%s/a", tmpdir);
	assert_int_equal(0, mkdir(sub, 0700));
	snprintf(sub, sizeof(sub), "%s/a/b", tmpdir);
	assert_int_equal(0, mkdir(sub, 0700));
	tmpdir_write("a/b/requirements.txt", "torch\n");
	snprintf(p, sizeof(p), "%s/a/b/requirements.txt", tmpdir);
	char *found = config_find(p, NULL);
	/* none yet in a/b, a or the tmpdir (nor above /tmp) */
	if (found) {
		assert_null(strstr(found, tmpdir));
		free(found);
	}
	tmpdir_write("a/.envlint.yml", "disable: [PIN401]\n");
	found = config_find(p, NULL);
	assert_non_null(found);
	snprintf(p, sizeof(p), "%s/a/b/../.envlint.yml", tmpdir);
	assert_string_equal(p, found);
	free(found);
	found = config_find(sub, NULL);
	assert_non_null(found);
	free(found);

	/* A finder shared by the look-ups of a run gives the same answers: a sibling with a
	 * config of its own finds it; one without reaches the learned ancestor. */
	struct config_finder finder = { NULL, 0, 0, NULL };
	snprintf(sub, sizeof(sub), "%s/a/c", tmpdir);
	assert_int_equal(0, mkdir(sub, 0700));
	tmpdir_write("a/c/.envlint.yml", "disable: [PIN402]\n");
	snprintf(p, sizeof(p), "%s/a/b/requirements.txt", tmpdir);
	found = config_find(p, &finder);
	snprintf(sub, sizeof(sub), "%s/a/b/../.envlint.yml", tmpdir);
	assert_string_equal(sub, found);
	free(found);
	snprintf(p, sizeof(p), "%s/a/c/requirements.txt", tmpdir);
	found = config_find(p, &finder);
	snprintf(sub, sizeof(sub), "%s/a/c/.envlint.yml", tmpdir);
	assert_string_equal(sub, found);
	free(found);
	snprintf(sub, sizeof(sub), "%s/a/d", tmpdir);
	assert_int_equal(0, mkdir(sub, 0700));
	snprintf(p, sizeof(p), "%s/a/d/requirements.txt", tmpdir);
	found = config_find(p, &finder);
	snprintf(sub, sizeof(sub), "%s/a/d/../.envlint.yml", tmpdir);
	assert_string_equal(sub, found);
	free(found);
	config_finder_release(&finder);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_problems_at_their_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_find_upward, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

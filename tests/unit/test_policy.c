/* policy: layers merge defaults <- config <- command line; applied once after
 * suppressions; severities, off, fail-on; exclude globs with '**'. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "diag.h"
#include "policy.h"

static void add(struct diag_list *l, enum rule_id rule, enum severity sev, bool suppressed)
{
	struct span s = span_none();
	s.line = 1;
	struct diag *d = diag_add(l, rule, "f", s, NULL, "m");
	d->severity = sev;
	d->suppressed = suppressed;
}

static void test_defaults_keep_what_checks_report(void **state)
{
	(void)state;
	struct policy p;
	policy_init(&p);
	struct diag_list l = DIAG_LIST_INIT;
	/* a check may report one finding of a rule at another severity (PIN403's error) */
	add(&l, RULE_PIN403, SEV_ERROR, false);
	add(&l, RULE_DRV102, SEV_WARNING, false);
	policy_apply(&p, &l, 0);
	assert_int_equal(l.nr, 2);
	assert_int_equal(l.items[0].severity, SEV_ERROR);
	assert_true(policy_fails(&p, &l, 0));
	diag_list_release(&l);
	policy_release(&p);
}

static void test_layers_merge_in_order(void **state)
{
	(void)state;
	char err[128];
	struct policy p, config, cli;
	policy_init(&p);
	policy_init_layer(&config);
	policy_init_layer(&cli);
	assert_true(policy_set_rules(&config, "DRV102, PIN402", SEV_OFF, err, sizeof(err)));
	config.severity[RULE_HW202] = SEV_WARNING;
	config.has_fail_on = true;
	config.fail_on = SEV_WARNING;
	/* the command line turns DRV102 back on and leaves the rest to the config */
	assert_true(policy_set_rules(&cli, "cuda-minor-compat-only", POLICY_AS_REPORTED, err, sizeof(err)));
	policy_merge(&p, &config);
	policy_merge(&p, &cli);
	assert_int_equal(p.severity[RULE_DRV102], POLICY_AS_REPORTED);
	assert_int_equal(p.severity[RULE_PIN402], SEV_OFF);
	assert_int_equal(p.severity[RULE_HW202], SEV_WARNING);
	assert_int_equal(p.fail_on, SEV_WARNING);

	struct diag_list l = DIAG_LIST_INIT;
	add(&l, RULE_PIN402, SEV_INFO, false);
	add(&l, RULE_HW202, SEV_ERROR, false);
	add(&l, RULE_DRV102, SEV_WARNING, false);
	policy_apply(&p, &l, 0);
	assert_int_equal(l.nr, 2);
	assert_int_equal(l.items[0].rule, RULE_HW202);
	assert_int_equal(l.items[0].severity, SEV_WARNING);
	assert_true(policy_fails(&p, &l, 0));
	diag_list_release(&l);
	policy_release(&p);
}

static void test_suppressed_and_never(void **state)
{
	(void)state;
	struct policy p;
	policy_init(&p);
	p.fail_on = SEV_OFF;
	struct diag_list l = DIAG_LIST_INIT;
	add(&l, RULE_DRV101, SEV_ERROR, true);
	add(&l, RULE_DRV101, SEV_ERROR, false);
	/* only entries from `first` on are this file's: earlier ones are left alone */
	l.items[0].suppressed = false;
	add(&l, RULE_HW202, SEV_ERROR, true);
	policy_apply(&p, &l, 2);
	assert_int_equal(l.nr, 2);
	assert_false(policy_fails(&p, &l, 0));
	diag_list_release(&l);
	policy_release(&p);
}

static void test_unknown_rule_is_refused(void **state)
{
	(void)state;
	char err[128] = "";
	struct policy p;
	policy_init_layer(&p);
	assert_false(policy_set_rules(&p, "DRV101,DRV999", SEV_OFF, err, sizeof(err)));
	assert_non_null(strstr(err, "DRV999"));
}

static void test_excludes(void **state)
{
	(void)state;
	static const char *const globs[] = { "third_party/**", "**/legacy/*.Dockerfile", "*.txt" };
	struct policy p, layer;
	policy_init(&p);
	policy_init_layer(&layer);
	layer.excludes = (const char **)globs;
	layer.nexcludes = 3;
	policy_merge(&p, &layer);
	assert_true(policy_excludes(&p, "./third_party/x/Dockerfile"));
	assert_true(policy_excludes(&p, "third_party/Dockerfile"));
	assert_true(policy_excludes(&p, "a/b/legacy/old.Dockerfile"));
	assert_true(policy_excludes(&p, "legacy/old.Dockerfile"));
	assert_true(policy_excludes(&p, "requirements.txt"));
	/* near misses: '*' stays inside one segment, names must match whole */
	assert_false(policy_excludes(&p, "docs/requirements.txt"));
	assert_false(policy_excludes(&p, "third_party_x/Dockerfile"));
	assert_false(policy_excludes(&p, "a/legacy/sub/old.Dockerfile"));
	policy_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_keep_what_checks_report),
		cmocka_unit_test(test_layers_merge_in_order),
		cmocka_unit_test(test_suppressed_and_never),
		cmocka_unit_test(test_unknown_rule_is_refused),
		cmocka_unit_test(test_excludes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

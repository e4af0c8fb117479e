/* suppress: same-line, line-above, file-level ignores; ids and slugs; near misses. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "diag.h"
#include "source.h"
#include "suppress.h"
#include "util/arena.h"

static enum severity run(const char *text, uint32_t line, enum rule_id rule)
{
	struct arena a = ARENA_INIT;
	struct source src;
	source_from_memory(&src, "f", text, strlen(text), &a);
	struct diag_list d = DIAG_LIST_INIT;
	struct span s = span_none();
	s.line = line;
	s.column = 1;
	diag_add(&d, rule, "f", s, NULL, "m");
	const struct source *srcs[] = { &src };
	suppress_apply(&d, 0, srcs, 1);
	/* As the policy step will see it: suppressed means off. */
	enum severity sev = d.items[0].suppressed ? SEV_OFF : d.items[0].severity;
	diag_list_release(&d);
	arena_release(&a);
	return sev;
}

static void test_same_line(void **state)
{
	(void)state;
	assert_int_equal(run("FROM x # envlint: ignore[DRV101]\n", 1, RULE_DRV101), SEV_OFF);
	assert_int_equal(run("a # envlint: ignore[DRV102, DRV101]\n", 1, RULE_DRV101), SEV_OFF);
	assert_int_equal(run("a # envlint: ignore[cuda-needs-newer-driver]\n", 1, RULE_DRV101), SEV_OFF);
	assert_int_equal(run("a # ENVLINT: Ignore[drv101]\n", 1, RULE_DRV101), SEV_OFF);
}

static void test_line_above_must_be_alone(void **state)
{
	(void)state;
	assert_int_equal(run("# envlint: ignore[DRV101]\ntorch\n", 2, RULE_DRV101), SEV_OFF);
	assert_int_equal(run("  # envlint: ignore[DRV101]\ntorch\n", 2, RULE_DRV101), SEV_OFF);
	/* An end-of-line ignore covers its own line, not the next one. */
	assert_int_equal(run("x # envlint: ignore[DRV101]\ntorch\n", 2, RULE_DRV101), SEV_ERROR);
	/* Two lines above is too far. */
	assert_int_equal(run("# envlint: ignore[DRV101]\n\ntorch\n", 3, RULE_DRV101), SEV_ERROR);
}

static void test_other_rule_not_silenced(void **state)
{
	(void)state;
	assert_int_equal(run("a # envlint: ignore[DRV102]\n", 1, RULE_DRV101), SEV_ERROR);
	assert_int_equal(run("a # envlint: ignore[DRV10]\n", 1, RULE_DRV101), SEV_ERROR);
	assert_int_equal(run("a # envlint: ignore DRV101\n", 1, RULE_DRV101), SEV_ERROR);
	assert_int_equal(run("a # envlint: ignore-file[DRV102]\n", 1, RULE_DRV101), SEV_ERROR);
}

static void test_file_level(void **state)
{
	(void)state;
	assert_int_equal(run("# envlint: ignore-file[DRV101]\na\nb\nc\n", 4, RULE_DRV101), SEV_OFF);
	assert_int_equal(run("a\nb\nc  # envlint: ignore-file[DRV101]\n", 1, RULE_DRV101), SEV_OFF);
	/* A file-level directive does not count as a line ignore of another rule. */
	assert_int_equal(run("# envlint: ignore-file[DRV101]\na\n", 2, RULE_PIN402), SEV_INFO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_line),
		cmocka_unit_test(test_line_above_must_be_alone),
		cmocka_unit_test(test_other_rule_not_silenced),
		cmocka_unit_test(test_file_level),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

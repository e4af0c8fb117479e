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


/* What the comments deserve, read from the list after suppress_apply. */
static struct diag_list apply_all(const char *text, uint32_t line, enum rule_id rule, const bool *ran)
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
	suppress_apply(&d, 0, srcs, 1, ran);
	arena_release(&a);
	return d;
}

/* The severity the policy step will see: suppressed means off. */
static enum severity run(const char *text, uint32_t line, enum rule_id rule)
{
	struct diag_list d = apply_all(text, line, rule, NULL);
	enum severity sev = d.items[0].suppressed ? SEV_OFF : d.items[0].severity;
	diag_list_release(&d);
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

/* A comment alone above a continued instruction covers each of its lines; a
 * continuation that ended does not carry it further. */
static void test_above_continued_instruction(void **state)
{
	(void)state;
	const char *run_body = "# envlint: ignore[DRV101]\nRUN pip install \\\n  numpy \\\n  torch==2.4.0\nRUN x\n";
	assert_int_equal(run(run_body, 4, RULE_DRV101), SEV_OFF);
	assert_int_equal(run(run_body, 3, RULE_DRV101), SEV_OFF);
	assert_int_equal(run(run_body, 5, RULE_DRV101), SEV_ERROR);
	/* CRLF line ends still continue */
	assert_int_equal(run("# envlint: ignore[DRV101]\r\nRUN a \\\r\n b\r\n", 3, RULE_DRV101), SEV_OFF);
}


static size_t count(const struct diag_list *d, enum rule_id rule)
{
	size_t n = 0;
	for (size_t i = 0; i < d->nr; i++)
		n += d->items[i].rule == rule;
	return n;
}

static void test_reports_bare_unknown_unused(void **state)
{
	(void)state;
	bool ran[RULE__COUNT];
	memset(ran, 1, sizeof(ran));
	/* used: nothing to report */
	struct diag_list d = apply_all("a # envlint: ignore[DRV101] -- why\n", 1, RULE_DRV101, ran);
	assert_true(d.items[0].suppressed);
	assert_int_equal(1, d.nr);
	diag_list_release(&d);
	/* bare, and an unknown name with a hint, and an unused rule */
	d = apply_all("a # envlint: ignore\nb # envlint: ignore[DRV11, PIN401]\n", 1, RULE_DRV101, ran);
	assert_false(d.items[0].suppressed);
	assert_int_equal(2, count(&d, RULE_EL013));
	assert_int_equal(1, count(&d, RULE_EL012));
	for (size_t i = 0; i < d.nr; i++)
		if (d.items[i].rule == RULE_EL013 && d.items[i].help && strstr(d.items[i].help, "DRV101"))
			assert_int_equal(2, d.items[i].span.line);
	diag_list_release(&d);
	/* a rule that did not run (no target) is not called unused */
	ran[RULE_PIN401] = false;
	d = apply_all("b # envlint: ignore[PIN401]\n", 5, RULE_DRV101, ran);
	assert_int_equal(0, count(&d, RULE_EL012));
	diag_list_release(&d);
	d = apply_all("b # envlint: ignore-file[PIN402]\n", 5, RULE_DRV101, NULL);
	assert_int_equal(1, d.nr);
	diag_list_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_line),
		cmocka_unit_test(test_line_above_must_be_alone),
		cmocka_unit_test(test_other_rule_not_silenced),
		cmocka_unit_test(test_file_level),
		cmocka_unit_test(test_above_continued_instruction),
		cmocka_unit_test(test_reports_bare_unknown_unused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

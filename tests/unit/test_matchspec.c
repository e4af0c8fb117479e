/*
 * Unit tests for linter/readers/matchspec.c: MatchSpec strings split into parts, each
 * compared as one dump line ("name='x' version='y' build='z' channel='c' url"; parts
 * that are not set are left out). How the parts become pins is test_conda.c's job.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "readers/matchspec.h"

static void add_part(char *out, size_t size, const char *key, const char *text, struct matchspec_range r)
{
	if (!r.set)
		return;
	size_t o = strlen(out);
	snprintf(out + o, size - o, "%s%s='%.*s'", o ? " " : "", key, (int)(r.e - r.b), text + r.b);
}

/* The dump of `text`, or "-" when matchspec_parse finds no package in it. */
static void dump(const char *text, char *out, size_t size)
{
	struct matchspec ms;
	out[0] = '\0';
	if (!matchspec_parse(&ms, text, strlen(text))) {
		snprintf(out, size, "-");
		return;
	}
	add_part(out, size, "name", text, ms.name);
	add_part(out, size, "version", text, ms.version);
	add_part(out, size, "build", text, ms.build);
	add_part(out, size, "channel", text, ms.channel);
	if (ms.url) {
		size_t o = strlen(out);
		snprintf(out + o, size - o, " url");
	}
}

/* Each MatchSpec form and its dump. */
static const struct {
	const char *text, *want;
} CASES[] = {
	/* name only */
	{ "numpy", "name='numpy'" },
	{ "  numpy  ", "name='numpy'" },
	/* version forms */
	{ "pytorch=2.1", "name='pytorch' version='=2.1'" },
	{ "pytorch==2.1.0", "name='pytorch' version='==2.1.0'" },
	{ "pytorch>=2.0,<2.2", "name='pytorch' version='>=2.0,<2.2'" },
	{ "pytorch >=2.0", "name='pytorch' version='>=2.0'" },
	{ "pytorch 2.1.*|>=2.3", "name='pytorch' version='2.1.*|>=2.3'" },
	/* build forms */
	{ "pytorch=2.1.0=py3.10_0", "name='pytorch' version='=2.1.0' build='py3.10_0'" },
	{ "pytorch==2.1.0=*cuda*", "name='pytorch' version='==2.1.0' build='*cuda*'" },
	{ "pytorch 2.1.0 py3.10_0", "name='pytorch' version='2.1.0' build='py3.10_0'" },
	/* channel */
	{ "pytorch::pytorch=2.1", "name='pytorch' version='=2.1' channel='pytorch'" },
	{ "conda-forge::numpy", "name='numpy' channel='conda-forge'" },
	/* brackets; they win over the text outside them, as in conda */
	{ "pytorch[version='>=2.0,<2.2', build=*cuda*]", "name='pytorch' version='>=2.0,<2.2' build='*cuda*'" },
	{ "pytorch=1.0[channel=pytorch]", "name='pytorch' version='=1.0' channel='pytorch'" },
	{ "pytorch=1.0[version=2.1]", "name='pytorch' version='2.1'" },
	/* comments start at a '#' after a blank */
	{ "pytorch=2.1  # the GPU build", "name='pytorch' version='=2.1'" },
	{ "# only a comment", "-" },
	{ "pytorch=2.1#not-a-comment", "name='pytorch' version='=2.1#not-a-comment'" },
	/* package URLs */
	{ "https://conda.anaconda.org/pytorch/linux-64/pytorch-2.1.0-py3.10_cuda12.1_0.tar.bz2#abc",
	  "name='pytorch' version='2.1.0' build='py3.10_cuda12.1_0' url" },
	{ "https://example.org/x/cudnn-8.9.2-h1_0.conda", "name='cudnn' version='8.9.2' build='h1_0' url" },
	{ "https://example.org/not-a-package.txt", "-" },
	/* no package */
	{ "", "-" },
	{ "   ", "-" },
	{ "==2.1", "-" },
};

static void test_forms(void **state)
{
	for (size_t i = 0; i < sizeof(CASES) / sizeof(CASES[0]); i++) {
		char got[512];
		dump(CASES[i].text, got, sizeof(got));
		assert_string_equal(got, CASES[i].want);
	}
}

static void test_nul_byte(void **state)
{
	struct matchspec ms;
	assert_false(matchspec_parse(&ms, "torch\0=2.1", 10));
}

static void test_version_chars(void **state)
{
	const char *ok = ">=2.0,<2.2|2.1.* 1.0_a+b~=!";
	assert_true(matchspec_version_chars_ok(ok, 0, strlen(ok)));
	const char *bad = "2.1;rm";
	assert_false(matchspec_version_chars_ok(bad, 0, strlen(bad)));
	assert_true(matchspec_version_chars_ok(bad, 0, 3));
}

static void test_trim(void **state)
{
	const char *t = " \t\r\n x \f\v";
	size_t b = 0, e = strlen(t);
	matchspec_trim(t, &b, &e);
	assert_int_equal(b, 5);
	assert_int_equal(e, 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_version_chars),
		cmocka_unit_test(test_trim),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Unit tests for linter/profile_yaml.c and linter/profile_builtin.c: a profile file
 * read into `struct profile`, every kind of bad content as an EL017 (EL002 for broken
 * YAML) at the right line, write-then-read round trips, and the built-in profiles:
 * they load, and each driver is a release the KB records that drives the GPU.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "kb_fixture.h"

#include <string.h>

#include "diag.h"
#include "profile.h"
#include "profile_builtin.h"
#include "profile_yaml.h"
#include "source.h"
#include "util/arena.h"
#include "util/buf.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Reads `text` as the profile file "lab.yml". */
static bool read_text(void **state, const char *text, struct profile_list *out, struct diag_list *diags)
{
	struct arena arena;
	arena_init(&arena);
	struct source src;
	source_from_memory(&src, "profiles/lab.yml", text, strlen(text), &arena);
	bool ok = profile_yaml_read(out, *state, &src, diags);
	arena_release(&arena);
	return ok;
}

static void full_profile(void **state)
{
	struct profile_list l = PROFILE_LIST_INIT;
	struct diag_list d = DIAG_LIST_INIT;
	assert_true(read_text(state,
			      "# a lab box\n"
			      "name: lab-titan\n"
			      "gpus: [\"TITAN Xp\", \"sm_86\"]\n"
			      "driver: \"470.82.01\"\n"
			      "cuda: \"11.4\"\n"
			      "os: linux\n"
			      "platform: linux-aarch64\n",
			      &l, &d));
	assert_int_equal(0, d.nr);
	assert_int_equal(1, l.nr);
	const struct profile *p = &l.items[0];
	assert_string_equal("lab-titan", p->base.name);
	assert_int_equal(2, p->ngpus);
	assert_string_equal("NVIDIA TITAN Xp", p->gpus[0].gpu->name);
	assert_null(p->gpus[1].gpu);
	assert_int_equal(8, p->gpus[1].cc.release[0]);
	assert_true(p->base.has_driver);
	assert_string_equal("470.82.01", p->base.driver_text);
	assert_true(p->base.has_cuda);
	assert_int_equal(KB_OS_LINUX, p->base.os);
	assert_int_equal(PROFILE_PLATFORM_LINUX_AARCH64, p->platform);
	profile_list_release(&l);
}

/* Defaults: the file's name, Linux x86-64; "R535" and an unquoted number are fine;
 * windows as the os is the windows platform. */
static void defaults_and_spellings(void **state)
{
	struct profile_list l = PROFILE_LIST_INIT;
	struct diag_list d = DIAG_LIST_INIT;
	assert_true(read_text(state, "gpus:\n  - a100\ndriver: R535\n", &l, &d));
	assert_string_equal("lab", l.items[0].base.name);
	assert_int_equal(PROFILE_PLATFORM_LINUX_X86_64, l.items[0].platform);
	assert_int_equal(535, version_driver_branch(&l.items[0].base.driver));
	assert_true(read_text(state, "name: w\ndriver: 535\nos: windows\n", &l, &d));
	assert_int_equal(KB_OS_WINDOWS, l.items[1].base.os);
	assert_int_equal(PROFILE_PLATFORM_WINDOWS_X86_64, l.items[1].platform);
	assert_true(read_text(state, "name: w2\nplatform: windows-x86_64\n", &l, &d));
	assert_int_equal(KB_OS_WINDOWS, l.items[2].base.os);
	assert_int_equal(0, d.nr);
	profile_list_release(&l);
}

struct bad_case {
	const char *text;
	enum rule_id rule;
	uint32_t line;
	const char *message;   /* a part of it */
};

static const struct bad_case BAD[] = {
	{ "name: x\ngpu: [a100]\n", RULE_EL017, 2, "unknown profile key 'gpu' (name, gpus, driver" },
	{ "name: x\ngpus: [a100, \"RTX 4090X\"]\n", RULE_EL017, 2, "GPU 'RTX 4090X' is unknown" },
	{ "name: x\ngpus:\n  - a100\n  - Radeon RX 7900\n", RULE_EL017, 4, "is not an NVIDIA GPU" },
	{ "name: x\ngpus: a100\n", RULE_EL017, 2, "'gpus' must be a list" },
	{ "name: x\ndriver: 12.4\n", RULE_EL017, 2, "is a CUDA version" },
	{ "name: x\n\ndriver: \"537.10\"\n", RULE_EL017, 3, "no driver branch R537" },
	{ "name: x\ndriver: [535]\n", RULE_EL017, 2, "'driver' must be a string, not a list" },
	{ "name: x\ncuda: abc\n", RULE_EL017, 2, "CUDA version 'abc' does not parse" },
	{ "name: x\nos: macos\n", RULE_EL017, 2, "unknown os 'macos'" },
	{ "name: x\nplatform: linux-ppc64le\n", RULE_EL017, 2, "unknown platform 'linux-ppc64le'" },
	{ "name: x\nos: linux\nplatform: windows-x86_64\n", RULE_EL017, 3, "does not run os 'linux'" },
	{ "name: x\nname: y\n", RULE_EL017, 2, "'name' is given twice" },
	{ "name: x\ndriver: \"\"\n", RULE_EL017, 2, "'driver' is empty" },
	{ "- name: a\n- gpus: [a100]\n", RULE_EL017, 2, "a profile in a list needs a 'name'" },
	{ "- 42\n", RULE_EL017, 1, "a profile is a mapping" },
	{ "just text\n", RULE_EL017, 1, "a profile is a mapping" },
	{ "", RULE_EL017, 0, "is empty" },
	{ "name: [x\n", RULE_EL002, 2, "does not parse as YAML" },
	{ "name: x\ngpus: [a100]\n\"key\": {a: 1}\n", RULE_EL017, 3, "unknown profile key 'key'" },
	{ "name: x\ngpus: [[[[[[[[[[a100]]]]]]]]]]\n", RULE_EL017, 2, "nests deeper than 8 levels" },
};

static void bad_content_is_el012_at_its_line(void **state)
{
	for (size_t i = 0; i < ARRAY_LEN(BAD); i++) {
		struct profile_list l = PROFILE_LIST_INIT;
		struct diag_list d = DIAG_LIST_INIT;
		assert_false(read_text(state, BAD[i].text, &l, &d));
		assert_int_equal(0, l.nr);
		if (d.nr < 1)
			fail_msg("case %zu: no diagnostic", i);
		const struct diag *g = &d.items[0];
		if (g->rule != BAD[i].rule || g->span.line != BAD[i].line || !strstr(g->message, BAD[i].message))
			fail_msg("case %zu: got %s line %u '%s'", i, rule_info(g->rule)->id, g->span.line,
				 g->message);
		assert_string_equal("profiles/lab.yml", g->file);
		diag_list_release(&d);
	}
}

/* Every problem of a file is reported, not only the first. */
static void all_problems_at_once(void **state)
{
	struct profile_list l = PROFILE_LIST_INIT;
	struct diag_list d = DIAG_LIST_INIT;
	assert_false(read_text(state, "- name: a\n  gpus: [nope9]\n- name: b\n  driver: '1.2'\n", &l, &d));
	assert_int_equal(2, d.nr);
	diag_list_release(&d);
}

/* What profile_yaml_write writes reads back to the same profile. */
static void write_then_read(void **state)
{
	struct profile_list all = PROFILE_LIST_INIT;
	struct diag_list d = DIAG_LIST_INIT;
	assert_true(read_text(state, "name: rt\ngpus: [t4, \"8.6\", orin]\ndriver: R550\ncuda: '12.4.1'\n"
				     "platform: linux-aarch64\n", &all, &d));
	struct buf out = BUF_INIT;
	profile_yaml_write(&all.items[0], NULL, &out);
	assert_true(read_text(state, out.buf, &all, &d));
	const struct profile *a = &all.items[0], *b = &all.items[1];
	assert_string_equal(a->base.name, b->base.name);
	assert_int_equal(a->ngpus, b->ngpus);
	for (size_t i = 0; i < a->ngpus; i++) {
		assert_ptr_equal(a->gpus[i].gpu, b->gpus[i].gpu);
		assert_int_equal(0, version_cmp(&a->gpus[i].cc, &b->gpus[i].cc));
	}
	assert_int_equal(0, version_cmp(&a->base.driver, &b->base.driver));
	assert_int_equal(0, version_cmp(&a->base.cuda, &b->base.cuda));
	assert_int_equal(a->platform, b->platform);
	assert_int_equal(0, d.nr);
	buf_release(&out);
	profile_list_release(&all);
}

/* A driver is a real release when the KB records it: a CUDA release's minimum driver
 * (cuda.yaml) or the first release of a branch that drives a GPU (gpus.yaml). */
static bool kb_records_driver(const struct kb *kb, const struct version *v)
{
	for (size_t i = 0; i < kb_cuda_count(kb); i++) {
		const struct kb_cuda *c = kb_cuda_at(kb, i);
		for (int os = 0; os <= KB_OS_WINDOWS; os++)
			if (c->has_driver[os] && !version_cmp(&c->driver[os], v))
				return true;
	}
	for (size_t i = 0; i < kb_gpu_count(kb); i++) {
		const struct kb_gpu *g = kb_gpu_at(kb, i);
		for (size_t k = 0; k < g->ndrivers; k++)
			if (!version_cmp(&g->drivers[k].first, v))
				return true;
	}
	return false;
}

static void builtin_profiles(void **state)
{
	static const char *const NAMES[] = { "titan-xp-470", "t4-535",	    "a100-535",	   "h100-550",
					     "rtx4090-550",  "rtx5090-570", "gh200-550", "jetson-orin" };
	struct profile_list all = PROFILE_LIST_INIT;
	struct diag_list d = DIAG_LIST_INIT;
	assert_true(profile_builtin_load(&all, *state, &d));
	assert_int_equal(0, d.nr);
	assert_int_equal(ARRAY_LEN(NAMES), all.nr);
	for (size_t i = 0; i < all.nr; i++) {
		const struct profile *p = &all.items[i];
		assert_string_equal(NAMES[i], p->base.name);
		assert_true(p->ngpus >= 1);
		assert_non_null(p->gpus[0].gpu);
		if (!p->base.has_driver)
			continue;
		assert_int_equal(3, p->base.driver.nrelease);
		if (!kb_records_driver(*state, &p->base.driver))
			fail_msg("%s: driver %s is no release the KB records", p->base.name, p->base.driver_text);
		for (size_t g = 0; g < p->ngpus; g++)
			if (kb_gpu_driver_supported(*state, p->gpus[g].gpu, &p->base.driver) == KB_NO)
				fail_msg("%s: driver %s does not drive %s", p->base.name, p->base.driver_text,
					 p->gpus[g].gpu->name);
	}
	profile_list_release(&all);
	struct profile one;
	assert_true(profile_builtin_find(&one, *state, "gh200-550", &d));
	assert_int_equal(PROFILE_PLATFORM_LINUX_AARCH64, one.platform);
	profile_release(&one);
	assert_false(profile_builtin_find(&one, *state, "nope", &d));
	assert_int_equal(0, d.nr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(full_profile),
		cmocka_unit_test(defaults_and_spellings),
		cmocka_unit_test(bad_content_is_el012_at_its_line),
		cmocka_unit_test(all_problems_at_once),
		cmocka_unit_test(write_then_read),
		cmocka_unit_test(builtin_profiles),
	};
	return cmocka_run_group_tests(tests, kb_fixture_setup, kb_fixture_teardown);
}

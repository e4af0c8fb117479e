/*
 * Unit tests for linter/profile.c: target_from_options with the built-in KB — GPUs by
 * canonical name, alias and nvidia-smi spelling, compute capabilities, the error text
 * for unknown and ambiguous GPUs, driver and CUDA parsing, and the OS.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "kb_fixture.h"

#include <string.h>

#include "diag.h"
#include "kb/kb.h"
#include "kb/kb_internal.h"
#include "profile.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define ERR_MAX 1024
#define SUGGESTIONS_MAX 6


static void assert_version(const char *want, const struct version *v)
{
	char buf[64];
	version_format(v, buf, sizeof(buf));
	assert_string_equal(want, buf);
}

/* Fills *t from the options and fails the test on an error. */
static void target_ok(void **state, struct target *t, const char *gpu, const char *driver,
		      const char *cuda, const char *os)
{
	char err[ERR_MAX] = "";
	if (!target_from_options(t, *state, gpu, driver, cuda, os, err, sizeof(err)))
		fail_msg("unexpected error: %s", err);
	assert_string_equal("", err);
}

/* Expects an error; returns its text in err. */
static void target_err(void **state, const char *gpu, const char *driver, const char *cuda,
		       char *err, size_t size)
{
	struct target t;
	err[0] = '\0';
	assert_false(target_from_options(&t, *state, gpu, driver, cuda, NULL, err, size));
	assert_true(err[0] != '\0');
}

/* ------------------------------------------------------------------------- */
/* GPUs */

struct gpu_case {
	const char *spelling;
	const char *name;   /* canonical KB name */
	const char *cc;
};

static const struct gpu_case GPU_CASES[] = {
	/* canonical names */
	{ "NVIDIA A100 SXM4 40GB", "NVIDIA A100 SXM4 40GB", "8.0" },
	{ "NVIDIA TITAN Xp", "NVIDIA TITAN Xp", "6.1" },
	{ "GeForce RTX 3090", "GeForce RTX 3090", "8.6" },
	/* aliases */
	{ "A100", "NVIDIA A100 SXM4 40GB", "8.0" },
	{ "a100", "NVIDIA A100 SXM4 40GB", "8.0" },
	{ "titanxp", "NVIDIA TITAN Xp", "6.1" },
	{ "3090", "GeForce RTX 3090", "8.6" },
	{ "RTX 3090", "GeForce RTX 3090", "8.6" },
	/* what nvidia-smi --query-gpu=name prints, of any era */
	{ "A100-SXM4-40GB", "NVIDIA A100 SXM4 40GB", "8.0" },
	{ "NVIDIA A100-SXM4-40GB", "NVIDIA A100 SXM4 40GB", "8.0" },
	{ "TITAN Xp", "NVIDIA TITAN Xp", "6.1" },
	{ "NVIDIA GeForce RTX 3090", "GeForce RTX 3090", "8.6" },
	/* case and spacing are free */
	{ "  nvidia   TITAN   xp ", "NVIDIA TITAN Xp", "6.1" },
	{ "geforce rtx 3090", "GeForce RTX 3090", "8.6" },
};

static void gpu_by_any_spelling(void **state)
{
	for (size_t i = 0; i < ARRAY_LEN(GPU_CASES); i++) {
		const struct gpu_case *c = &GPU_CASES[i];
		struct target t;
		target_ok(state, &t, c->spelling, NULL, NULL, NULL);
		if (!t.gpu)
			fail_msg("'%s' did not resolve to a GPU", c->spelling);
		if (strcmp(c->name, t.gpu->name))
			fail_msg("'%s': want '%s', got '%s'", c->spelling, c->name, t.gpu->name);
		assert_true(t.has_cc);
		assert_version(c->cc, &t.cc);
		assert_int_equal(0, version_cmp(&t.cc, &t.gpu->cc));
		assert_false(t.has_driver);
		assert_false(t.has_cuda);
	}
}

struct cc_case {
	const char *text;
	const char *cc;
};

static const struct cc_case CC_CASES[] = {
	{ "sm_86", "8.6" }, { "8.6", "8.6" }, { "compute_86", "8.6" }, { "86", "8.6" },
	{ "sm_90a", "9.0" }, { "sm_120", "12.0" }, { "7.5", "7.5" },
};

/* A bare compute capability sets the CC and no GPU. */
static void gpu_by_compute_capability(void **state)
{
	for (size_t i = 0; i < ARRAY_LEN(CC_CASES); i++) {
		struct target t;
		target_ok(state, &t, CC_CASES[i].text, NULL, NULL, NULL);
		assert_null(t.gpu);
		assert_true(t.has_cc);
		assert_version(CC_CASES[i].cc, &t.cc);
	}
}

static void gpu_unknown_with_suggestions(void **state)
{
	static const char *const head = "GPU 'RTX 4090X' is unknown; known GPUs like it: ";
	static const char *const tail = "; give a compute capability (sm_86, 8.6) instead";
	char err[ERR_MAX];
	target_err(state, "RTX 4090X", NULL, NULL, err, sizeof(err));
	size_t n = strlen(err);
	assert_true(n > strlen(head) + strlen(tail));
	assert_memory_equal(head, err, strlen(head));
	assert_string_equal(tail, err + n - strlen(tail));
	assert_non_null(strstr(err, "'GeForce RTX 4090'"));
	/* every suggestion is a quoted KB name holding the spelling's digits */
	char list[ERR_MAX];
	size_t len = n - strlen(head) - strlen(tail);
	memcpy(list, err + strlen(head), len);
	list[len] = '\0';
	size_t count = 0;
	for (char *p = list; p && *p; count++) {
		assert_int_equal('\'', *p);
		char *close = strchr(p + 1, '\'');
		assert_non_null(close);
		*close = '\0';
		bool ambiguous = false;
		assert_non_null(kb_gpu_lookup(*state, p + 1, &ambiguous));
		assert_non_null(strstr(p + 1, "4090"));
		p = close[1] ? close + 3 : NULL;   /* skip "', '" */
	}
	assert_true(count >= 1 && count <= SUGGESTIONS_MAX);
}

/* At most SUGGESTIONS_MAX names, however many match. */
static void gpu_unknown_suggestions_capped(void **state)
{
	char err[ERR_MAX];
	target_err(state, "RTX 6000 Turbo", NULL, NULL, err, sizeof(err));
	size_t quotes = 0;
	for (const char *p = strstr(err, "like it: "); p && *p && *p != ';'; p++)
		quotes += *p == '\'';
	assert_int_equal(2 * SUGGESTIONS_MAX, quotes);
}

/* A small error buffer truncates the message; it stays terminated. */
static void gpu_unknown_small_buffer(void **state)
{
	char err[24];
	memset(err, 'x', sizeof(err));
	struct target t;
	assert_false(target_from_options(&t, *state, "RTX 4090X", NULL, NULL, NULL, err, 16));
	assert_string_equal("GPU 'RTX 4090X'", err);
	assert_int_equal('x', err[16]);
}

/* No valid KB holds one spelling for two GPUs (the loader refuses it), so the
 * ambiguous answer is shown with a hand-built name index. */
static void gpu_ambiguous(void **state)
{
	struct kb_gpu gpus[2];
	memset(gpus, 0, sizeof(gpus));
	gpus[0].name = "Quadro RTX 6000";
	gpus[1].name = "NVIDIA RTX 6000 Ada Generation";
	struct kb_gpu_name names[] = { { "rtx 6000", &gpus[0] }, { "rtx 6000", &gpus[1] } };
	struct kb kb;
	memset(&kb, 0, sizeof(kb));
	kb.gpus = gpus;
	kb.ngpus = ARRAY_LEN(gpus);
	kb.names = names;
	kb.nnames = ARRAY_LEN(names);
	struct target t;
	char err[ERR_MAX] = "";
	assert_false(target_from_options(&t, &kb, "RTX 6000", NULL, NULL, NULL, err, sizeof(err)));
	assert_string_equal("GPU 'RTX 6000' names more than one GPU; give the full name or its "
			    "compute capability (sm_XX)",
			    err);
	/* the same index answers a unique spelling */
	names[1].norm = "rtx 6000 ada generation";
	err[0] = '\0';
	assert_true(target_from_options(&t, &kb, "RTX 6000", NULL, NULL, NULL, err, sizeof(err)));
	assert_ptr_equal(&gpus[0], t.gpu);
}

/* A CC that does not parse is an unknown GPU, not a CC. */
static void gpu_bad_compute_capability(void **state)
{
	static const char *const bad[] = { "sm_", "sm_8", "8.10", "0.5", "sm_8x6", "" };
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		char err[ERR_MAX];
		target_err(state, bad[i], NULL, NULL, err, sizeof(err));
		assert_non_null(strstr(err, "is unknown"));
	}
}

/* ------------------------------------------------------------------------- */
/* Driver */

struct driver_case {
	const char *text;
	const char *formatted;   /* version_format_driver */
	uint32_t branch;
};

static const struct driver_case DRIVER_CASES[] = {
	{ "535.104.05", "535.104.05", 535 },
	{ "470.82.01", "470.82.01", 470 },
	{ "418.67", "418.67", 418 },
	{ "535", "535", 535 },
	{ " 550.54.15 ", "550.54.15", 550 },
};

static void driver_parses(void **state)
{
	for (size_t i = 0; i < ARRAY_LEN(DRIVER_CASES); i++) {
		const struct driver_case *c = &DRIVER_CASES[i];
		struct target t;
		target_ok(state, &t, NULL, c->text, NULL, NULL);
		assert_true(t.has_driver);
		assert_ptr_equal(c->text, t.driver_text);
		char buf[32];
		version_format_driver(&t.driver, buf, sizeof(buf));
		assert_string_equal(c->formatted, buf);
		assert_int_equal(c->branch, version_driver_branch(&t.driver));
		assert_false(t.has_cc);
		assert_null(t.gpu);
	}
}

static void driver_parse_errors(void **state)
{
	static const char *const bad[] = {
		"", "abc", "535.", ".535", "535..104", "535.104.05.01", "535-104", "r535.104.05", "R", "535.104.05a",
		"99999999999",
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		char err[ERR_MAX], want[ERR_MAX];
		target_err(state, NULL, bad[i], NULL, err, sizeof(err));
		snprintf(want, sizeof(want), "driver version '%s' does not parse (e.g. 535.104.05 or 535)",
			 bad[i]);
		assert_string_equal(want, err);
	}
}

/* "R535" is NVIDIA's name for the branch: the same as "535", the branch's oldest release. */
static void driver_branch_names(void **state)
{
	static const char *const SPELLINGS[] = { "R535", "r535", " R535" };
	for (size_t i = 0; i < ARRAY_LEN(SPELLINGS); i++) {
		struct target t;
		target_ok(state, &t, NULL, SPELLINGS[i], NULL, NULL);
		assert_true(t.has_driver);
		assert_int_equal(1, t.driver.nrelease);
		assert_int_equal(535, version_driver_branch(&t.driver));
	}
}

/* A CUDA version given as the driver: the error says what it is and what a driver looks
 * like, with the KB's oldest driver of that CUDA as the example. */
static void driver_given_a_cuda_version(void **state)
{
	char err[ERR_MAX];
	target_err(state, NULL, "12.4", NULL, err, sizeof(err));
	assert_string_equal("driver version '12.4' is a CUDA version (nvidia-smi's 'CUDA Version'); "
			    "give its 'Driver Version', which looks like 550.54.14 (the oldest driver "
			    "with CUDA 12.4's full feature set)", err);
	/* A CUDA version the KB does not know still gets the generic example. */
	target_err(state, NULL, "12.99", NULL, err, sizeof(err));
	assert_non_null(strstr(err, "'12.99' is a CUDA version"));
	assert_non_null(strstr(err, "looks like 535.104.05"));
	target_err(state, NULL, "11.8", NULL, err, sizeof(err));
	assert_non_null(strstr(err, "looks like 520.61.05"));
}

/* Branches drivers.yaml does not list are refused, with the listed ones around them. */
static void driver_branch_unknown(void **state)
{
	char err[ERR_MAX];
	target_err(state, NULL, "537.10", NULL, err, sizeof(err));
	assert_non_null(strstr(err, "no driver branch R537 in the knowledge base (R535 and R545 are)"));
	target_err(state, NULL, "R999", NULL, err, sizeof(err));
	assert_non_null(strstr(err, "R999 is newer than every branch the knowledge base knows"));
	target_err(state, NULL, "300.10", NULL, err, sizeof(err));
	assert_non_null(strstr(err, "R300 is older than every branch the knowledge base knows (oldest: R384)"));
	/* Windows numbers its drivers apart (551.78 is R550's): no branch check there. */
	struct target w;
	char werr[ERR_MAX] = "";
	assert_true(target_from_options(&w, *state, NULL, "551.78", NULL, "windows", werr, sizeof(werr)));
	assert_false(target_from_options(&w, *state, NULL, "12.4", NULL, "windows", werr, sizeof(werr)));
	assert_non_null(strstr(werr, "which looks like 551.61"));
	/* Every listed branch is accepted, bare or as R<branch>. */
	struct target t;
	target_ok(state, &t, NULL, "R470", NULL, NULL);
	target_ok(state, &t, NULL, "615", NULL, NULL);
	target_ok(state, &t, NULL, "384.81", NULL, NULL);
}

/* Other vendors' GPUs: the error says envlint is for NVIDIA GPUs, not "unknown GPU". */
static void gpu_not_nvidia(void **state)
{
	static const char *const OTHERS[] = {
		"Radeon RX 7900 XTX", "AMD Instinct MI300X", "Intel Arc A770", "Apple M2", "M3 Max",
		"Intel Iris Xe", "AMD Radeon Pro W7900",
	};
	for (size_t i = 0; i < ARRAY_LEN(OTHERS); i++) {
		char err[ERR_MAX], want[ERR_MAX];
		target_err(state, OTHERS[i], NULL, NULL, err, sizeof(err));
		snprintf(want, sizeof(want), "GPU '%s' is not an NVIDIA GPU; envlint checks CUDA stacks "
			 "for NVIDIA GPUs only", OTHERS[i]);
		assert_string_equal(want, err);
	}
	/* NVIDIA names with those letters stay NVIDIA GPUs or plain unknowns. */
	struct target t;
	target_ok(state, &t, "RTX A6000", NULL, NULL, NULL);
	char err[ERR_MAX];
	target_err(state, "M4", NULL, NULL, err, sizeof(err));   /* a Tesla M4, perhaps */
	assert_non_null(strstr(err, "is unknown"));
	target_err(state, "RTX 4090X", NULL, NULL, err, sizeof(err));
	assert_non_null(strstr(err, "is unknown"));
}

/* The GPU is resolved first: its error wins over a bad driver. */
static void errors_in_option_order(void **state)
{
	char err[ERR_MAX];
	target_err(state, "RTX 4090X", "abc", "abc", err, sizeof(err));
	assert_non_null(strstr(err, "GPU 'RTX 4090X' is unknown"));
	target_err(state, "A100", "abc", "abc", err, sizeof(err));
	assert_non_null(strstr(err, "driver version 'abc'"));
	target_err(state, "A100", "535", "abc", err, sizeof(err));
	assert_non_null(strstr(err, "CUDA version 'abc'"));
}

/* ------------------------------------------------------------------------- */
/* CUDA */

struct cuda_case {
	const char *text;
	const char *want;
};

static const struct cuda_case CUDA_CASES[] = {
	{ "12.4", "12.4" }, { "12.4.1", "12.4.1" }, { "cu121", "12.1" }, { "cu92", "9.2" },
	{ "12040", "12.4" }, { "V12.4.131", "12.4.131" }, { "12", "12" }, { "cuda12.1", "12.1" },
};

static void cuda_parses(void **state)
{
	for (size_t i = 0; i < ARRAY_LEN(CUDA_CASES); i++) {
		struct target t;
		target_ok(state, &t, NULL, NULL, CUDA_CASES[i].text, NULL);
		assert_true(t.has_cuda);
		assert_version(CUDA_CASES[i].want, &t.cuda);
		assert_false(t.has_driver);
	}
}

static void cuda_parse_errors(void **state)
{
	static const char *const bad[] = { "", "124", "twelve", "12.4.1.1", "cu1", "12.x" };
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		char err[ERR_MAX], want[ERR_MAX];
		target_err(state, NULL, NULL, bad[i], err, sizeof(err));
		snprintf(want, sizeof(want), "CUDA version '%s' does not parse (e.g. 12.4 or 12.4.1)", bad[i]);
		assert_string_equal(want, err);
	}
}

/* ------------------------------------------------------------------------- */
/* OS and the empty target */

static void os_choice(void **state)
{
	struct target t;
	target_ok(state, &t, NULL, NULL, NULL, "windows");
	assert_int_equal(KB_OS_WINDOWS, t.os);
	target_ok(state, &t, NULL, NULL, NULL, "Windows");
	assert_int_equal(KB_OS_WINDOWS, t.os);
	target_ok(state, &t, NULL, NULL, NULL, "linux");
	assert_int_equal(KB_OS_LINUX, t.os);
	target_ok(state, &t, NULL, NULL, NULL, NULL);
	assert_int_equal(KB_OS_LINUX, t.os);
}

/* Nothing given: nothing known, and every field cleared. */
static void empty_target(void **state)
{
	struct target t;
	memset(&t, 0xA5, sizeof(t));
	target_ok(state, &t, NULL, NULL, NULL, NULL);
	assert_null(t.name);
	assert_null(t.gpu);
	assert_false(t.has_cc);
	assert_false(t.has_driver);
	assert_null(t.driver_text);
	assert_false(t.has_cuda);
	assert_int_equal(KB_OS_LINUX, t.os);
}

/* Everything at once, as main passes it. */
static void full_target(void **state)
{
	struct target t;
	target_ok(state, &t, "TITAN Xp", "470.82.01", "11.4", "windows");
	assert_string_equal("NVIDIA TITAN Xp", t.gpu->name);
	assert_version("6.1", &t.cc);
	assert_string_equal("470.82.01", t.driver_text);
	assert_version("11.4", &t.cuda);
	assert_int_equal(KB_OS_WINDOWS, t.os);
}

/* A profile with two GPUs yields one target per GPU, each with the shared driver. */
static void profile_with_two_gpus(void **state)
{
	static const char *const gpus[] = { "RTX 3090", "sm_120" };
	struct profile p;
	char err[256] = "";
	assert_true(profile_from_options(&p, *state, gpus, 2, "570.133.07", NULL, NULL, err, sizeof(err)));
	assert_false(profile_is_empty(&p));
	assert_int_equal(2, profile_target_count(&p));
	struct target t;
	profile_target_at(&p, 0, &t);
	assert_non_null(t.gpu);
	assert_version("8.6", &t.cc);
	assert_string_equal("570.133.07", t.driver_text);
	profile_target_at(&p, 1, &t);
	assert_null(t.gpu);
	assert_true(t.has_cc);
	assert_version("12.0", &t.cc);
	assert_true(t.has_driver);
	profile_release(&p);
}

/* No GPU: one target without one; nothing given: an empty profile. A bad GPU among
 * several is refused with its name. */
static void profile_without_gpus_and_bad_gpu(void **state)
{
	static const char *const bad[] = { "A100", "RTX 9999 Ultra" };
	struct profile p;
	char err[256] = "";
	assert_true(profile_from_options(&p, *state, NULL, 0, NULL, NULL, NULL, err, sizeof(err)));
	assert_true(profile_is_empty(&p));
	assert_int_equal(1, profile_target_count(&p));
	struct target t;
	profile_target_at(&p, 0, &t);
	assert_false(t.has_cc);
	profile_release(&p);
	assert_false(profile_from_options(&p, *state, bad, 2, NULL, NULL, NULL, err, sizeof(err)));
	assert_non_null(strstr(err, "RTX 9999 Ultra"));
	struct profile_list list = PROFILE_LIST_INIT;
	assert_true(profile_from_options(&p, *state, bad, 1, "535", NULL, NULL, err, sizeof(err)));
	profile_list_push(&list, &p);
	assert_int_equal(1, list.nr);
	assert_int_equal(1, profile_target_count(&list.items[0]));
	profile_list_release(&list);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(gpu_by_any_spelling),
		cmocka_unit_test(gpu_by_compute_capability),
		cmocka_unit_test(gpu_unknown_with_suggestions),
		cmocka_unit_test(gpu_unknown_suggestions_capped),
		cmocka_unit_test(gpu_unknown_small_buffer),
		cmocka_unit_test(gpu_ambiguous),
		cmocka_unit_test(gpu_bad_compute_capability),
		cmocka_unit_test(driver_parses),
		cmocka_unit_test(driver_parse_errors),
		cmocka_unit_test(driver_branch_names),
		cmocka_unit_test(driver_given_a_cuda_version),
		cmocka_unit_test(driver_branch_unknown),
		cmocka_unit_test(gpu_not_nvidia),
		cmocka_unit_test(errors_in_option_order),
		cmocka_unit_test(cuda_parses),
		cmocka_unit_test(cuda_parse_errors),
		cmocka_unit_test(os_choice),
		cmocka_unit_test(empty_target),
		cmocka_unit_test(full_target),
		cmocka_unit_test(profile_with_two_gpus),
		cmocka_unit_test(profile_without_gpus_and_bad_gpu),
	};
	return cmocka_run_group_tests(tests, kb_fixture_setup, kb_fixture_teardown);
}

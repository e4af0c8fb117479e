/* suggest: the answers for real boxes, each checked by hand against the KB rows
 * (rules/pytorch.yaml, cuda.yaml) when written, and re-checked here as properties: the
 * pick's wheel has kernels for every GPU and the driver runs its CUDA, and every newer
 * release is explained. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/floor.h"
#include "analysis/torch_pick.h"
#include "cmd/cmd.h"
#include "kb_fixture.h"

/* The value of "key": "VALUE" in the JSON, or "" (null / absent). */
static void json_field(const char *json, const char *key, char *out, size_t size)
{
	char pat[64];
	snprintf(pat, sizeof(pat), "\"%s\": \"", key);
	const char *p = strstr(json, pat);
	out[0] = '\0';
	if (!p)
		return;
	p += strlen(pat);
	size_t n = strcspn(p, "\"");
	snprintf(out, size, "%.*s", (int)(n < size ? n : size - 1), p);
}

struct answer {
	enum cmd_status status;
	char json[65536];
	char torch[32], variant[32], cuda[16], driver_runs[40], pip[512], image[128];
};

/* Runs `envlint suggest ARGS --format json` (and the text form, which must mention the
 * same build). */
static void suggest(struct answer *a, int argc, ...)
{
	char *argv[24] = { "suggest" };
	va_list ap;
	va_start(ap, argc);
	for (int i = 0; i < argc; i++)
		argv[1 + i] = va_arg(ap, char *);
	va_end(ap);
	argv[argc + 1] = "--format";
	argv[argc + 2] = "json";
	struct cmd_io io = { .out = BUF_INIT, .err = BUF_INIT };
	a->status = cmd_suggest(argc + 3, argv, &io);
	snprintf(a->json, sizeof(a->json), "%s", io.out.buf);
	assert_int_equal(io.err.len, 0);
	json_field(a->json, "torch", a->torch, sizeof(a->torch));
	json_field(a->json, "variant", a->variant, sizeof(a->variant));
	json_field(a->json, "cuda", a->cuda, sizeof(a->cuda));
	json_field(a->json, "driver_runs", a->driver_runs, sizeof(a->driver_runs));
	json_field(a->json, "pip", a->pip, sizeof(a->pip));
	json_field(a->json, "image", a->image, sizeof(a->image));
	buf_release(&io.out);
	buf_release(&io.err);
	/* the text form names the same build */
	struct cmd_io tio = { .out = BUF_INIT, .err = BUF_INIT };
	argv[argc + 1] = NULL;
	assert_int_equal(cmd_suggest(argc + 1, argv, &tio), a->status);
	if (a->status == CMD_CLEAN) {
		char head[96];
		snprintf(head, sizeof(head), "torch %s + %s", a->torch, a->variant);
		assert_non_null(strstr(tio.out.buf, head));
	}
	buf_release(&tio.out);
	buf_release(&tio.err);
}

/* The pick's wheel has kernels for every cc and `driver` runs its CUDA. */
static void assert_runs(const struct kb *kb, const struct answer *a, const char *driver, size_t ncc, ...)
{
	struct version t, d;
	assert_true(version_parse(&t, a->torch, strlen(a->torch)));
	const struct kb_torch_release *rel = kb_torch_release(kb, &t);
	assert_non_null(rel);
	const struct kb_torch_variant *v = kb_torch_variant(rel, a->variant, &t);
	assert_non_null(v);
	va_list ap;
	va_start(ap, ncc);
	for (size_t i = 0; i < ncc; i++) {
		const char *cc = va_arg(ap, const char *);
		struct version c;
		assert_true(kb_parse_cc(cc, &c));
		assert_int_equal(torch_pick_runs_on(v, &c), KB_YES);
	}
	va_end(ap);
	assert_true(version_parse_driver(&d, driver, strlen(driver)));
	enum floor_verdict fv = floor_of_minor(kb, &v->cuda, &d, KB_OS_LINUX);
	assert_true(fv == FLOOR_FULL || fv == FLOOR_MVC);
	assert_string_equal(a->driver_runs, fv == FLOOR_FULL ? "full" : "minor-version-compatibility");
}

/* Every release line newer than the pick has a "rejected" entry. */
static void assert_newer_explained(const struct kb *kb, const struct answer *a)
{
	struct version t;
	assert_true(version_parse(&t, a->torch, strlen(a->torch)));
	const char *rejected = strstr(a->json, "\"rejected\"");
	assert_non_null(rejected);
	for (size_t r = 0; r < kb_torch_count(kb); r++) {
		const struct kb_torch_release *rel = kb_torch_at(kb, r);
		if (version_cmp_prefix(&rel->line, &t, 2) <= 0)
			continue;
		char want[64], v[32];
		version_format(&rel->patches[rel->npatches - 1], v, sizeof(v));
		snprintf(want, sizeof(want), "{\"torch\": \"%s\", \"why\": \"", v);
		assert_non_null(strstr(rejected, want));
	}
}

/* TITAN Xp (Pascal, sm_61) on R470 (CUDA 11.4): every CUDA 12 wheel needs 525.60.13 even
 * through minor-version compatibility, and every cu128+ wheel starts at sm_70 or sm_75.
 * The CUDA 11.8 wheels run on 470 through minor-version compatibility (floor 450.80.02);
 * 2.6's and 2.7's are second-hand, so the pick is the newest first-hand one: 2.5.1's cu118
 * (sm_60 SASS runs on 6.1). Runs fully is weighed only within a patch: asking it across
 * releases would go back to 1.12.1 (Python <= 3.10). */
static void test_titan_xp_r470(void **state)
{
	struct answer a;
	suggest(&a, 4, "--gpu", "TITAN Xp", "--driver", "470.82.01");
	assert_int_equal(a.status, CMD_CLEAN);
	assert_string_equal(a.torch, "2.5.1");
	assert_string_equal(a.variant, "cu118");
	assert_string_equal(a.cuda, "11.8");
	assert_runs(*state, &a, "470.82.01", 1, "6.1");
	assert_string_equal(a.driver_runs, "minor-version-compatibility");
	assert_non_null(strstr(a.json, "\"secondary\": false, \"fallback\": false"));
	assert_string_equal(a.pip, "pip install torch==2.5.1+cu118 torchvision==0.20.1+cu118 torchaudio==2.5.1+cu118 "
				   "--index-url https://download.pytorch.org/whl/cu118");
	assert_string_equal(a.image, "pytorch/pytorch:2.5.1-cuda11.8-cudnn9-runtime");
	assert_newer_explained(*state, &a);
	/* 2.8.0: cu126 on the driver, cu128/cu129 on the kernels */
	assert_non_null(strstr(a.json, "\"torch\": \"2.8.0\", \"why\": \"cu126: driver 470.82.01 runs CUDA 11.4 at most"));
	/* the newer builds that run say why they were passed over */
	assert_non_null(strstr(a.json, "\"torch\": \"2.7.1\", \"why\": \"cu118: the KB has this build "
				       "from secondary sources only (status: 2nd)"));
	assert_null(strstr(a.json, "\"torch\": \"1.13.1\""));
}

/* RTX 5090 (sm_120) on R570: 2.14 carries sm_120 only in CUDA 13 wheels, which need 580
 * (also through minor-version compatibility); 2.13.0's cu129 wheel is second-hand; 2.12.1's
 * cu129 is first-hand with sm_120 SASS, and 570.86.16 runs CUDA 12.9 through minor-version
 * compatibility (floor 525.60.13; fully from 575.51.03): the pick, newer than 2.10.0's
 * cu128, which runs fully. */
static void test_rtx5090_r570(void **state)
{
	struct answer a;
	suggest(&a, 4, "--gpu", "RTX 5090", "--driver", "570.86.16");
	assert_int_equal(a.status, CMD_CLEAN);
	assert_string_equal(a.torch, "2.12.1");
	assert_string_equal(a.variant, "cu129");
	assert_runs(*state, &a, "570.86.16", 1, "12.0");
	assert_string_equal(a.driver_runs, "minor-version-compatibility");
	assert_non_null(strstr(a.json, "\"secondary\": false, \"fallback\": false"));
	assert_newer_explained(*state, &a);
	assert_non_null(strstr(a.json, "GeForce RTX 5090 (sm_120) has no kernels in it"));
	assert_non_null(strstr(a.json, "cu129: the KB has this build from secondary sources only (status: 2nd)"));
	/* --torch 2.11: no first-hand build; the second-hand cu128 runs fully, said so */
	suggest(&a, 6, "--gpu", "RTX 5090", "--driver", "570.86.16", "--torch", "2.11");
	assert_int_equal(a.status, CMD_CLEAN);
	assert_string_equal(a.torch, "2.11.0");
	assert_string_equal(a.variant, "cu128");
	assert_runs(*state, &a, "570.86.16", 1, "12.0");
	assert_string_equal(a.driver_runs, "full");
	assert_non_null(strstr(a.json, "\"secondary\": true, \"fallback\": true"));
	/* driver 575.51.03 runs 12.9 fully: the same pick, run fully */
	suggest(&a, 4, "--gpu", "RTX 5090", "--driver", "575.51.03");
	assert_string_equal(a.torch, "2.12.1");
	assert_string_equal(a.variant, "cu129");
	assert_string_equal(a.driver_runs, "full");
	assert_non_null(strstr(a.json, "\"fallback\": false"));
}

/* A100 (sm_80) on R535 (CUDA 12.2): cu130/cu132 need 580, 2.13 and 2.14 are second-hand;
 * 2.12.1 is first-hand and its newest CUDA 12 wheel, cu129, runs on 535 through
 * minor-version compatibility (floor 525.60.13): the pick. With --torch 2.14 (a
 * second-hand release) the cu126 wheel through compatibility is all there is, and said
 * so; with --torch 2.5, 535 runs cu121 fully, which beats cu124 within the patch. */
static void test_a100_r535(void **state)
{
	struct answer a;
	suggest(&a, 4, "--gpu", "A100", "--driver", "535.104.05");
	assert_int_equal(a.status, CMD_CLEAN);
	assert_string_equal(a.torch, "2.12.1");
	assert_string_equal(a.variant, "cu129");
	assert_runs(*state, &a, "535.104.05", 1, "8.0");
	assert_string_equal(a.driver_runs, "minor-version-compatibility");
	assert_non_null(strstr(a.json, "\"secondary\": false, \"fallback\": false"));
	suggest(&a, 6, "--gpu", "A100", "--driver", "535.104.05", "--torch", "2.14");
	assert_string_equal(a.torch, "2.14.0");
	assert_string_equal(a.variant, "cu126");
	assert_string_equal(a.driver_runs, "minor-version-compatibility");
	assert_non_null(strstr(a.json, "\"secondary\": true, \"fallback\": true"));
	/* --torch 2.5: 535 runs cu121 fully, which beats cu124 through compatibility */
	suggest(&a, 6, "--gpu", "A100", "--driver", "535.104.05", "--torch", "2.5");
	assert_string_equal(a.torch, "2.5.1");
	assert_string_equal(a.variant, "cu121");
	assert_string_equal(a.driver_runs, "full");
	assert_non_null(strstr(a.json, "pytorch-cuda=12.1 -c pytorch -c nvidia"));
}

/* RTX 3090 (sm_86) + RTX 5090 (sm_120) on R570: a first-hand build with kernels for both:
 * 2.12.1's cu129 (SASS 7.5 .. 12.0), not 2.14's cu126 (no sm_120). */
static void test_rtx3090_and_5090(void **state)
{
	struct answer a;
	suggest(&a, 6, "--gpu", "RTX 3090", "--gpu", "RTX 5090", "--driver", "570.86.16");
	assert_int_equal(a.status, CMD_CLEAN);
	assert_string_equal(a.torch, "2.12.1");
	assert_string_equal(a.variant, "cu129");
	assert_runs(*state, &a, "570.86.16", 2, "8.6", "12.0");
	assert_newer_explained(*state, &a);
}

/* R384 runs CUDA 9.0: the oldest wheels the KB knows (1.8, cu102) need 440.33, and
 * CUDA 10 has no minor-version compatibility: nothing, exit 1, each release explained. */
static void test_driver_too_old(void **state)
{
	struct answer a;
	suggest(&a, 4, "--gpu", "TITAN Xp", "--driver", "384.81");
	assert_int_equal(a.status, CMD_FINDINGS);
	assert_non_null(strstr(a.json, "\"pick\": null"));
	const struct kb *kb = *state;
	for (size_t r = 0; r < kb_torch_count(kb); r++) {
		const struct kb_torch_release *rel = kb_torch_at(kb, r);
		char want[64], v[32];
		version_format(&rel->patches[rel->npatches - 1], v, sizeof(v));
		snprintf(want, sizeof(want), "{\"torch\": \"%s\", \"why\": \"", v);
		assert_non_null(strstr(a.json, want));
	}
	assert_non_null(strstr(a.json, "driver 384.81 runs CUDA 9.0 at most"));
}

/* --python narrows: 3.8 wheels end with 2.4 (python max 3.12, min 3.8); the RTX 3090 on
 * 525.60.13 runs 2.4.1's cu118 fully and cu121 only through compatibility. */
static void test_python(void **state)
{
	struct answer a;
	suggest(&a, 6, "--gpu", "RTX 3090", "--driver", "525.60.13", "--python", "3.8");
	assert_int_equal(a.status, CMD_CLEAN);
	assert_string_equal(a.torch, "2.4.1");
	assert_string_equal(a.variant, "cu118");
	assert_runs(*state, &a, "525.60.13", 1, "8.6");
	assert_non_null(strstr(a.json, "its wheels are for Python 3.9 to 3.13, not 3.8"));
}

/* --profile: the newest first-hand build both boxes run is 2.5.1's cu118: the TITAN Xp
 * box (R470) runs CUDA 11.8 through minor-version compatibility, the A100 box (R535)
 * fully. Every newer release is explained per profile: 2.6 and 2.7's cu118 are
 * second-hand, 2.8's CUDA 12 wheels need a newer driver or lack sm_61 on the TITAN Xp
 * box and are second-hand on the A100 box. */
static void test_profiles(void **state)
{
	struct answer a;
	suggest(&a, 4, "--profile", "titan-xp-470", "--profile", "a100-535");
	assert_int_equal(a.status, CMD_CLEAN);
	assert_string_equal(a.torch, "2.5.1");
	assert_string_equal(a.variant, "cu118");
	assert_string_equal(a.driver_runs, "minor-version-compatibility");
	assert_runs(*state, &a, "470.82.01", 1, "6.1");
	/* the A100 box: kernels for sm_80, and its driver runs the CUDA fully */
	struct version t, cc, d;
	assert_true(version_parse(&t, a.torch, strlen(a.torch)));
	const struct kb_torch_variant *v = kb_torch_variant(kb_torch_release(*state, &t), a.variant, &t);
	assert_true(kb_parse_cc("8.0", &cc) && version_parse_driver(&d, "535.104.05", 10));
	assert_int_equal(torch_pick_runs_on(v, &cc), KB_YES);
	assert_int_equal(floor_of_minor(*state, &v->cuda, &d, KB_OS_LINUX), FLOOR_FULL);
	assert_null(strstr(a.json, "\"targets\""));
	assert_non_null(strstr(a.json, "{\"name\": \"a100-535\", \"gpus\": [{\"name\": \"NVIDIA A100"));
	assert_newer_explained(*state, &a);
	const char *v27 = strstr(a.json, "{\"torch\": \"2.7.1\"");
	assert_non_null(v27);
	assert_non_null(strstr(v27, "\"why_by_profile\": [{\"profile\": \"titan-xp-470\", \"why\": \"cu118: the KB has "
				    "this build from secondary sources only"));
	const char *v28 = strstr(a.json, "{\"torch\": \"2.8.0\"");
	assert_non_null(v28);
	assert_non_null(strstr(v28, "{\"profile\": \"a100-535\", \"why\": \"cu126, cu128, cu129: the KB has this build "
				    "from secondary sources only (status: 2nd)"));
	assert_null(strstr(a.json, "{\"torch\": \"2.3.1\""));
	/* one profile is the same question as its --gpu and --driver */
	struct answer b;
	suggest(&b, 4, "--gpu", "A100", "--driver", "535.104.05");
	suggest(&a, 2, "--profile", "a100-535");
	assert_string_equal(a.torch, b.torch);
	assert_string_equal(a.variant, b.variant);
	assert_string_equal(a.driver_runs, b.driver_runs);
}

static void test_usage(void **state)
{
	(void)state;
	struct cmd_io io = { .out = BUF_INIT, .err = BUF_INIT };
	char *none[] = { "suggest", NULL };
	assert_int_equal(cmd_suggest(1, none, &io), CMD_TROUBLE);
	assert_non_null(strstr(io.err.buf, "suggest needs a target"));
	buf_release(&io.err);
	char *py[] = { "suggest", "--driver", "535", "--python", "three", NULL };
	assert_int_equal(cmd_suggest(5, py, &io), CMD_TROUBLE);
	assert_non_null(strstr(io.err.buf, "--python takes X.Y"));
	buf_release(&io.err);
	char *arm[] = { "suggest", "--profile", "gh200-550", NULL };
	assert_int_equal(cmd_suggest(3, arm, &io), CMD_TROUBLE);
	assert_non_null(strstr(io.err.buf, "Linux x86_64 wheels only"));
	buf_release(&io.err);
	char *gnu[] = { "suggest", "--driver", "535", "--format", "gnu", NULL };
	assert_int_equal(cmd_suggest(5, gnu, &io), CMD_TROUBLE);
	assert_non_null(strstr(io.err.buf, "text or json"));
	buf_release(&io.err);
	buf_release(&io.out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_titan_xp_r470),   cmocka_unit_test(test_rtx5090_r570),
		cmocka_unit_test(test_a100_r535),       cmocka_unit_test(test_rtx3090_and_5090),
		cmocka_unit_test(test_driver_too_old),  cmocka_unit_test(test_python),
		cmocka_unit_test(test_profiles),        cmocka_unit_test(test_usage),
	};
	return cmocka_run_group_tests(tests, kb_fixture_setup, kb_fixture_teardown);
}

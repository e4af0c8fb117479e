/*
 * Unit tests for linter/checks/ (drv.c, drv_gpu.c, hw.c, hw_arch.c, hw_cpu.c, stk.c, conda.c,
 * cudnn.c, python.c, pinning.c, registry.c): hand-built pins (pin_fixture.h), their analysis
 * facts and the real built-in KB, asserting the
 * diagnostics each check adds (rule, severity, span, message and help). The expected wording is the one the fixtures
 * under fixtures/DRV101, DRV102 and PIN402 pin down end to end; the driver floors in it
 * are NVIDIA's (CUDA release notes Table 2/3), as rules/cuda.yaml records them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "kb_fixture.h"
#include "pin_fixture.h"

#include <stdio.h>
#include <string.h>

#include "analysis/analysis.h"
#include "checks/variant_name.h"
#include "checks/check.h"
#include "diag.h"
#include "kb/kb.h"
#include "pin.h"
#include "profile.h"

typedef void (*check_fn)(const struct check_ctx *, struct diag_list *);

/* ------------------------------------------------------------------------- */
/* Running checks */

/* Calls `fn` as checks_run would: with the unit's facts built once for the target's OS. */
static void call(check_fn fn, const struct kb *kb, const struct target *t, const struct pin *pins,
		 size_t n, struct diag_list *out)
{
	struct analysis facts;
	analysis_build(&facts, kb, t->os, pins, n);
	struct check_ctx ctx = { kb, t, pins, n, &facts, NULL, NULL };
	fn(&ctx, out);
	analysis_release(&facts);
}

/* Runs `fn` for a target with `driver` (NULL: none) on `os` (NULL: linux). */
static void run(void **state, check_fn fn, const char *driver, const char *os, const struct pin *pins,
		size_t n, struct diag_list *out)
{
	struct target t;
	char err[256] = "";
	if (!target_from_options(&t, *state, NULL, driver, NULL, os, err, sizeof(err)))
		fail_msg("test bug: target: %s", err);
	call(fn, *state, &t, pins, n, out);
}

/* Runs check_driver_floor on a Linux target with `driver`. */
static void drv(void **state, const char *driver, const struct pin *pins, size_t n,
		struct diag_list *out)
{
	run(state, check_driver_floor, driver, NULL, pins, n, out);
}

/* Runs `fn` on a Linux target with `gpu` and `driver` (either may be NULL). */
static void check_target(void **state, check_fn fn, const char *gpu, const char *driver, const struct pin *pins,
			 size_t n, struct diag_list *out)
{
	struct target t;
	char err[256] = "";
	if (!target_from_options(&t, *state, gpu, driver, NULL, NULL, err, sizeof(err)))
		fail_msg("test bug: target: %s", err);
	call(fn, *state, &t, pins, n, out);
}

/* check_driver_floor for a target with a GPU too. */
static void drv_gpu(void **state, const char *gpu, const char *driver, const struct pin *pins, size_t n,
		    struct diag_list *out)
{
	check_target(state, check_driver_floor, gpu, driver, pins, n, out);
}

static void assert_span_eq(struct span want, struct span got)
{
	assert_int_equal(want.line, got.line);
	assert_int_equal(want.column, got.column);
	assert_int_equal(want.end_line, got.end_line);
	assert_int_equal(want.end_column, got.end_column);
}

static void assert_contains(const char *haystack, const char *needle)
{
	if (!haystack || !strstr(haystack, needle))
		fail_msg("'%s' does not contain '%s'", haystack ? haystack : "(null)", needle);
}

/* The list holds exactly one diag; checks its rule, severity, file and span. */
static const struct diag *only(const struct diag_list *l, enum rule_id rule, enum severity sev,
			       const char *file, struct span span)
{
	if (l->nr != 1) {
		for (size_t i = 0; i < l->nr; i++)
			print_message("  got %s: %s\n", rule_info(l->items[i].rule)->id, l->items[i].message);
		fail_msg("expected one %s, got %zu diagnostics", rule_info(rule)->id, l->nr);
	}
	const struct diag *d = &l->items[0];
	assert_string_equal(rule_info(rule)->id, rule_info(d->rule)->id);
	assert_int_equal(sev, d->severity);
	assert_string_equal(file, d->file);
	assert_span_eq(span, d->span);
	return d;
}

static void assert_quiet(struct diag_list *l)
{
	for (size_t i = 0; i < l->nr; i++)
		print_message("  unexpected %s: %s\n", rule_info(l->items[i].rule)->id, l->items[i].message);
	assert_int_equal(0, l->nr);
	diag_list_release(l);
}

/* The help of every DRV101 against driver 470.82.01 on a CUDA 12.x claim whose floor
 * is R530 (12.1): R470 runs 11.4 fully and 11.8 through minor-version compatibility. */
#define HELP_CU121_ON_470 \
	"install driver >= 530.30.02 (R530), or use CUDA <= 11.4 (<= 11.8 through minor-version " \
	"compatibility), which driver 470.82.01 runs"

/* Where PyTorch brought the CUDA, the help also names the build of the same release the
 * driver runs (pytorch.yaml: torch 2.1 has cu118 wheels and pytorch-cuda=11.8). */
#define FIX_TORCH_210_CU118_ON_470 \
	"; or the cu118 build of torch 2.1.0 (CUDA 11.8, which driver 470.82.01 runs through " \
	"minor-version compatibility)"

/* ------------------------------------------------------------------------- */
/* DRV101: one case per kind of CUDA claim */

static void drv101_conda_pytorch_cuda(void **state)
{
	struct pin pins[] = {
		channel("pytorch", at(2, 12, 19)),
		conda("pytorch", "=2.1.0", NULL, at(4, 12, 18)),
		conda("pytorch-cuda", "=12.1", NULL, at(5, 17, 22)),
	};
	struct diag_list out = DIAG_LIST_INIT;
	drv(state, "470.82.01", pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_DRV101, SEV_ERROR, FILE_ENV, at(5, 17, 22));
	assert_string_equal("CUDA '12.1' ('pytorch-cuda=12.1') needs driver >= 530.30.02, or >= "
			    "525.60.13 with minor-version compatibility; target driver is '470.82.01'",
			    d->message);
	assert_string_equal(HELP_CU121_ON_470 "; or pytorch-cuda=11.8 with pytorch 2.1.0 (CUDA 11.8, "
			    "which driver 470.82.01 runs through minor-version compatibility)",
			    d->help);
	assert_non_null(d->source);
	diag_list_release(&out);
}

/* CUDA 10 has no minor-version compatibility: the message says so. */
static void drv101_conda_cudatoolkit_cuda10(void **state)
{
	struct pin pins[] = {
		conda("pytorch", "=1.8.1", NULL, at(3, 12, 18)),
		conda("cudatoolkit", "=10.2", NULL, at(4, 16, 21)),
	};
	struct diag_list out = DIAG_LIST_INIT;
	drv(state, "418.67", pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_DRV101, SEV_ERROR, FILE_ENV, at(4, 16, 21));
	assert_string_equal("CUDA '10.2' ('cudatoolkit=10.2') needs driver >= 440.33 (CUDA 10 has no "
			    "minor-version compatibility); target driver is '418.67'",
			    d->message);
	assert_string_equal("install driver >= 440.33 (R440), or use CUDA <= 10.1, which driver 418.67 runs",
			    d->help);
	diag_list_release(&out);
}

/* A conda spec written without "=" is shown with one; the lowest 12.4 release decides. */
static void drv101_conda_cuda_version(void **state)
{
	struct pin pins[] = { conda("cuda-version", "12.4", NULL, at(4, 17, 21)) };
	struct diag_list out = DIAG_LIST_INIT;
	drv(state, "470.82.01", pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_DRV101, SEV_ERROR, FILE_ENV, at(4, 17, 21));
	assert_string_equal("CUDA '12.4' ('cuda-version=12.4') needs driver >= 550.54.14, or >= "
			    "525.60.13 with minor-version compatibility; target driver is '470.82.01'",
			    d->message);
	assert_contains(d->help, "install driver >= 550.54.14 (R550)");
	diag_list_release(&out);
}

static void drv101_pip_local_label(void **state)
{
	struct pin pins[] = {
		pip_index("--extra-index-url", PIN_INDEX_EXTRA, PYTORCH_CU121, at(1, 19, 57)),
		pip("torch", "==2.1.0+cu121", "cu121", at(2, 6, 19)),
	};
	struct diag_list out = DIAG_LIST_INIT;
	drv(state, "470.82.01", pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_DRV101, SEV_ERROR, FILE_REQ, at(2, 6, 19));
	assert_string_equal("CUDA '12.1' (wheel variant 'cu121' of 'torch') needs driver >= 530.30.02, "
			    "or >= 525.60.13 with minor-version compatibility; target driver is "
			    "'470.82.01'",
			    d->message);
	assert_string_equal(HELP_CU121_ON_470 FIX_TORCH_210_CU118_ON_470, d->help);
	diag_list_release(&out);
}

/* pip's nvidia-cuda-runtime-cuXX carries a build number after X.Y: only X.Y counts. */
static void drv101_pip_cuda_runtime(void **state)
{
	struct pin pins[] = { pip("nvidia-cuda-runtime-cu12", "==12.1.105", NULL, at(1, 25, 35)) };
	struct diag_list out = DIAG_LIST_INIT;
	drv(state, "470.82.01", pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_DRV101, SEV_ERROR, FILE_REQ, at(1, 25, 35));
	assert_contains(d->message, "CUDA '12.1' ('nvidia-cuda-runtime-cu12 12.1.105') needs driver >= "
				    "530.30.02");
	diag_list_release(&out);
}

/* conda's cuda-cudart numbers its builds the same way (11.8.89 is CUDA 11.8). */
static void drv102_conda_cuda_cudart(void **state)
{
	struct pin pins[] = { conda("cuda-cudart", "=11.8.89", NULL, at(5, 16, 23)) };
	struct diag_list out = DIAG_LIST_INIT;
	drv(state, "470.82.01", pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_DRV102, SEV_WARNING, FILE_ENV, at(5, 16, 23));
	assert_contains(d->message, "CUDA '11.8' ('cuda-cudart 11.8.89') needs driver >= 520.61.05 for "
				    "its full feature set");
	diag_list_release(&out);
}

static void drv101_index_url_with_torch(void **state)
{
	struct pin pins[] = {
		pip("torch", "==2.1.0", NULL, at(1, 6, 13)),
		index_url(PYTORCH_CU121, at(2, 13, 51)),
	};
	struct diag_list out = DIAG_LIST_INIT;
	drv(state, "470.86", pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_DRV101, SEV_ERROR, FILE_REQ, at(2, 13, 51));
	assert_string_equal("CUDA '12.1' (PyTorch index 'https://download.pytorch.org/whl/cu121') needs "
			    "driver >= 530.30.02, or >= 525.60.13 with minor-version compatibility; "
			    "target driver is '470.86'",
			    d->message);
	assert_string_equal("install driver >= 530.30.02 (R530), or use CUDA <= 11.4 (<= 11.8 through "
			    "minor-version compatibility), which driver 470.86 runs; or the cu118 build "
			    "of torch 2.1.0 (CUDA 11.8, which driver 470.86 runs through minor-version "
			    "compatibility)",
			    d->help);
	diag_list_release(&out);
}

static void drv101_conda_build_string(void **state)
{
	struct pin pins[] = { conda("pytorch", "=2.1.0", "py3.10_cuda12.1_cudnn8.9.2_0", at(3, 12, 18)) };
	struct diag_list out = DIAG_LIST_INIT;
	drv(state, "470.82.01", pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_DRV101, SEV_ERROR, FILE_ENV, at(3, 12, 18));
	assert_string_equal("CUDA '12.1' (conda build 'py3.10_cuda12.1_cudnn8.9.2_0' of 'pytorch') needs "
			    "driver >= 530.30.02, or >= 525.60.13 with minor-version compatibility; "
			    "target driver is '470.82.01'",
			    d->message);
	diag_list_release(&out);
}

static void drv101_nvidia_cuda_image(void **state)
{
	struct pin pins[] = { image("nvidia/cuda", "12.4.1-cudnn-devel-ubuntu22.04", at(1, 18, 48)) };
	struct diag_list out = DIAG_LIST_INIT;
	drv(state, "470.82.01", pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_DRV101, SEV_ERROR, FILE_DOCKER, at(1, 18, 48));
	assert_string_equal("CUDA '12.4.1' (base image 'nvidia/cuda:12.4.1-cudnn-devel-ubuntu22.04') "
			    "needs driver >= 550.54.15, or >= 525.60.13 with minor-version "
			    "compatibility; target driver is '470.82.01'",
			    d->message);
	assert_string_equal("install driver >= 550.54.15 (R550), or use CUDA <= 11.4 (<= 11.8 through "
			    "minor-version compatibility), which driver 470.82.01 runs",
			    d->help);
	diag_list_release(&out);
}

static void drv101_pytorch_image(void **state)
{
	struct pin pins[] = { image("pytorch/pytorch", "2.1.0-cuda12.1-cudnn8-runtime", at(1, 22, 51)) };
	struct diag_list out = DIAG_LIST_INIT;
	drv(state, "470.82.01", pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_DRV101, SEV_ERROR, FILE_DOCKER, at(1, 22, 51));
	assert_string_equal("CUDA '12.1' (base image 'pytorch/pytorch:2.1.0-cuda12.1-cudnn8-runtime') "
			    "needs driver >= 530.30.02, or >= 525.60.13 with minor-version "
			    "compatibility; target driver is '470.82.01'",
			    d->message);
	assert_string_equal(HELP_CU121_ON_470, d->help);
	diag_list_release(&out);
}

static void drv101_env_cuda_version_without_image(void **state)
{
	struct pin pins[] = {
		image("ubuntu", "22.04", at(1, 13, 18)),
		env("CUDA_VERSION", "12.4.1", at(2, 18, 24)),
	};
	struct diag_list out = DIAG_LIST_INIT;
	drv(state, "470.82.01", pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_DRV101, SEV_ERROR, FILE_DOCKER, at(2, 18, 24));
	assert_string_equal("CUDA '12.4.1' ('ENV CUDA_VERSION=12.4.1') needs driver >= 550.54.15, or >= "
			    "525.60.13 with minor-version compatibility; target driver is '470.82.01'",
			    d->message);
	diag_list_release(&out);
}

/* NVIDIA's own Dockerfiles set ENV CUDA_VERSION beside the nvidia/cuda base image: one
 * finding, at the image. */
static void drv101_env_cuda_version_under_image(void **state)
{
	struct pin pins[] = {
		image("nvidia/cuda", "12.4.1-cudnn-devel-ubuntu22.04", at(1, 18, 48)),
		env("CUDA_VERSION", "12.4.1", at(2, 18, 24)),
	};
	struct diag_list out = DIAG_LIST_INIT;
	drv(state, "470.82.01", pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_DRV101, SEV_ERROR, FILE_DOCKER, at(1, 18, 48));
	assert_contains(d->message, "(base image 'nvidia/cuda:");
	diag_list_release(&out);
}

/* The image of another stage does not cover this stage's ENV. */
static void drv101_env_cuda_version_other_stage(void **state)
{
	struct pin pins[] = {
		image("nvidia/cuda", "12.4.1-cudnn-devel-ubuntu22.04", at(1, 18, 48)),
		in_scope(image("ubuntu", "22.04", at(3, 13, 18)), 2),
		in_scope(env("CUDA_VERSION", "12.1.0", at(4, 18, 24)), 2),
	};
	struct diag_list out = DIAG_LIST_INIT;
	drv(state, "470.82.01", pins, ARRAY_LEN(pins), &out);
	assert_int_equal(2, out.nr);
	assert_int_equal(1, out.items[0].span.line);
	assert_int_equal(4, out.items[1].span.line);
	assert_contains(out.items[1].message, "('ENV CUDA_VERSION=12.1.0')");
	diag_list_release(&out);
}

/* torch==2.1.0 with no index installs PyPI's Linux wheel, the cu121 build. */
static void drv101_pypi_default(void **state)
{
	struct pin pins[] = { pip("torch", "==2.1.0", NULL, at(7, 12, 19)) };
	struct diag_list out = DIAG_LIST_INIT;
	drv(state, "470.82.01", pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_DRV101, SEV_ERROR, FILE_REQ, at(7, 12, 19));
	assert_string_equal("CUDA '12.1' (the PyPI wheel of torch 2.1.0 is the cu121 build) needs driver "
			    ">= 530.30.02, or >= 525.60.13 with minor-version compatibility; target "
			    "driver is '470.82.01'",
			    d->message);
	diag_list_release(&out);
}

/* A conda file's channels are not pip indexes: its pip: torch still gets PyPI's wheel. */
static void drv101_pypi_default_beside_channels(void **state)
{
	struct pin pins[] = {
		channel("pytorch", at(2, 12, 19)),
		pip("torch", "==2.1.0", NULL, at(7, 12, 19)),
	};
	pins[1].file = FILE_ENV;
	struct diag_list out = DIAG_LIST_INIT;
	drv(state, "470.82.01", pins, ARRAY_LEN(pins), &out);
	only(&out, RULE_DRV101, SEV_ERROR, FILE_ENV, at(7, 12, 19));
	diag_list_release(&out);
}

/* ------------------------------------------------------------------------- */
/* DRV102: runs only through minor-version compatibility */

static void drv102_conda_pytorch_cuda(void **state)
{
	struct pin pins[] = {
		conda("pytorch", "=2.1.0", NULL, at(4, 12, 18)),
		conda("pytorch-cuda", "=11.8", NULL, at(5, 17, 22)),
	};
	struct diag_list out = DIAG_LIST_INIT;
	drv(state, "470.82.01", pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_DRV102, SEV_WARNING, FILE_ENV, at(5, 17, 22));
	assert_string_equal("CUDA '11.8' ('pytorch-cuda=11.8') needs driver >= 520.61.05 for its full "
			    "feature set; driver '470.82.01' runs it only through minor-version "
			    "compatibility (>= 450.80.02): no PTX JIT of newer code, newer APIs fail with "
			    "cudaErrorCallRequiresNewerDriver",
			    d->message);
	assert_string_equal("install driver >= 520.61.05 (R520) for the full feature set, or use CUDA <= "
			    "11.4, which driver 470.82.01 runs fully",
			    d->help);
	assert_non_null(d->source);
	diag_list_release(&out);
}

static void drv102_index_on_r525(void **state)
{
	struct pin pins[] = {
		index_url(PYTORCH_CU121, at(1, 13, 51)),
		pip("torch", "==2.1.2", NULL, at(2, 6, 13)),
	};
	struct diag_list out = DIAG_LIST_INIT;
	drv(state, "525.85.12", pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_DRV102, SEV_WARNING, FILE_REQ, at(1, 13, 51));
	assert_contains(d->message, "CUDA '12.1' (PyTorch index '" PYTORCH_CU121 "') needs driver >= "
				    "530.30.02 for its full feature set; driver '525.85.12' runs it only "
				    "through minor-version compatibility (>= 525.60.13)");
	/* DRV102: only a build the driver runs fully is worth suggesting. */
	assert_string_equal("install driver >= 530.30.02 (R530) for the full feature set, or use CUDA <= "
			    "12.0, which driver 525.85.12 runs fully; or the cu118 build of torch 2.1.2 "
			    "(CUDA 11.8, which driver 525.85.12 runs)",
			    d->help);
	diag_list_release(&out);
}

/* No published build of the release fits the driver (torch 2.8 has cu126/cu128/cu129 only; R470 runs no CUDA 12, pytorch.yaml). */
static void drv101_no_torch_build_fits(void **state)
{
	struct pin pins[] = { pip("torch", "==2.8.0+cu128", "cu128", at(2, 6, 19)) };
	struct diag_list out = DIAG_LIST_INIT;
	drv(state, "470.82.01", pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_DRV101, SEV_ERROR, FILE_REQ, at(2, 6, 19));
	/* ... so it names what `envlint suggest` picks for the driver (torch_pick_newest): the
	 * newest first-hand build 470 runs, 2.5.1's cu118 (CUDA 11.8, through minor-version
	 * compatibility; 2.6's and 2.7's cu118 are second-hand). */
	assert_contains(d->help, "no build of torch 2.8.0 runs on driver 470.82.01; the newest that does (as "
				 "`envlint suggest` picks) is the cu118 build of torch 2.5.1 (CUDA 11.8, which "
				 "driver 470.82.01 runs through minor-version compatibility)");
	diag_list_release(&out);
}

/* DRV103: nvidia/cuda 12.4.1's NVIDIA_REQUIRE_CUDA is cuda>=12.4 with exceptions for
 * R470/R525/R535 (NVIDIA container-images repo, images.yaml cuda_images). */
static void drv103_refused_on_every_gpu(void **state)
{
	struct pin pins[] = { image("nvidia/cuda", "12.4.1-devel-ubuntu22.04", at(1, 18, 42)) };
	struct diag_list out = DIAG_LIST_INIT;
	drv(state, "530.30.02", pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_DRV103, SEV_ERROR, FILE_DOCKER, at(1, 18, 42));
	assert_contains(d->message, "will not start base image 'nvidia/cuda:12.4.1-devel-ubuntu22.04'");
	assert_contains(d->message, "driver '530.30.02' reports CUDA 12.1");
	assert_contains(d->message, "R470, R525, R535");
	assert_contains(d->help, "install driver >= 550.54.15 (R550)");
	diag_list_release(&out);
}

/* An excepted branch on a GeForce card: started through cuda-compat, then error 804. */
static void drv103_error_804_on_geforce(void **state)
{
	struct pin pins[] = { image("nvidia/cuda", "12.4.1-runtime-ubuntu22.04", at(1, 18, 44)) };
	struct diag_list out = DIAG_LIST_INIT;
	drv_gpu(state, "RTX 3090", "535.104.05", pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_DRV103, SEV_ERROR, FILE_DOCKER, at(1, 18, 44));
	assert_contains(d->message, "error 804");
	diag_list_release(&out);
}

/* 12.6.3 and later name no GeForce/TITAN brand: refused on a GeForce even on R550. */
static void drv103_brand_not_listed(void **state)
{
	struct pin pins[] = { image("nvidia/cuda", "12.8.1-devel-ubuntu22.04", at(1, 18, 42)) };
	struct diag_list out = DIAG_LIST_INIT;
	drv_gpu(state, "RTX 4090", "550.54.15", pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_DRV103, SEV_ERROR, FILE_DOCKER, at(1, 18, 42));
	assert_contains(d->message, "names data-center and pro GPU brands only");
	diag_list_release(&out);
}

/* 11.5.1 (ubuntu20.04) names R450 for brand=tesla alone and R470 for every brand: a
 * Quadro on R450 is refused by the toolkit (it reports brand quadro), and on R470 starts
 * and fails with error 804; the refusal of a branch it does not name says each list's
 * brands. */
static void drv103_pro_board_per_branch(void **state)
{
	struct pin pins[] = { image("nvidia/cuda", "11.5.1-cudnn8-devel-ubuntu20.04", at(1, 18, 49)) };
	struct diag_list out = DIAG_LIST_INIT;
	drv_gpu(state, "Quadro RTX 8000", "450.80.02", pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_DRV103, SEV_ERROR, FILE_DOCKER, at(1, 18, 49));
	assert_contains(d->message, "will not start");
	assert_contains(d->message, "exception for R450 names brand=tesla only, so the container does not start");
	diag_list_release(&out);
	drv_gpu(state, "Quadro RTX 8000", "470.82.01", pins, ARRAY_LEN(pins), &out);
	d = only(&out, RULE_DRV103, SEV_ERROR, FILE_DOCKER, at(1, 18, 49));
	assert_contains(d->message, "error 804");
	diag_list_release(&out);
	drv(state, "460.32.03", pins, ARRAY_LEN(pins), &out);
	d = only(&out, RULE_DRV103, SEV_ERROR, FILE_DOCKER, at(1, 18, 49));
	assert_contains(d->message, "cover only R418, R450 (brand=tesla) and R470 (GeForce, TITAN, pro and "
				    "data-center brands)");
	diag_list_release(&out);
}

/* A data-center GPU on an excepted branch runs through cuda-compat: nothing to say, not
 * even DRV102; without --gpu DRV102 speaks; NVIDIA_DISABLE_REQUIRE hands it back to DRV102. */
static void drv103_quiet_cases(void **state)
{
	struct pin pins[] = { image("nvidia/cuda", "12.4.1-runtime-ubuntu22.04", at(1, 18, 44)) };
	struct diag_list out = DIAG_LIST_INIT;
	drv_gpu(state, "A100", "535.104.05", pins, ARRAY_LEN(pins), &out);
	/* forward compatibility on a data-center GPU: DRV105's info, no DRV102 */
	const struct diag *fc = only(&out, RULE_DRV105, SEV_INFO, FILE_DOCKER, at(1, 18, 44));
	assert_contains(fc->message, "cuda-compat-12-4");
	diag_list_release(&out);
	drv(state, "535.104.05", pins, ARRAY_LEN(pins), &out);
	only(&out, RULE_DRV102, SEV_WARNING, FILE_DOCKER, at(1, 18, 44));
	diag_list_release(&out);
	struct pin off[] = { image("nvidia/cuda", "12.4.1-devel-ubuntu22.04", at(1, 18, 42)),
			     env("NVIDIA_DISABLE_REQUIRE", "true", at(2, 28, 32)) };
	off[1].pkg = PIN_PKG_OTHER;
	drv(state, "530.30.02", off, ARRAY_LEN(off), &out);
	only(&out, RULE_DRV102, SEV_WARNING, FILE_DOCKER, at(1, 18, 42));
	diag_list_release(&out);
}

/* DRV105: nvidia/cuda:13.0.0 admits R535 for data-center brands; on an A100 the
 * image's cuda-compat runs it, where DRV101 ("needs >= 580") used to fire. */
static void drv105_cuda13_on_r535(void **state)
{
	struct pin pins[] = { image("nvidia/cuda", "13.0.0-runtime-ubuntu24.04", at(1, 18, 44)) };
	struct diag_list out = DIAG_LIST_INIT;
	drv_gpu(state, "A100", "535.104.05", pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_DRV105, SEV_INFO, FILE_DOCKER, at(1, 18, 44));
	assert_contains(d->message, "forward compatibility");
	assert_contains(d->help, "cuda-compat-mode=disabled");
	diag_list_release(&out);
	/* a GeForce GPU cannot use it: DRV101 stays (even minor-version compatibility fails) */
	drv_gpu(state, "RTX 4090", "535.104.05", pins, ARRAY_LEN(pins), &out);
	only(&out, RULE_DRV101, SEV_ERROR, FILE_DOCKER, at(1, 18, 44));
	diag_list_release(&out);
}

/* HW202: pytorch.yaml, torch 2.7 cu128 carries sm_75 .. sm_120 (PTX unknown), cu126
 * sm_50 .. sm_90; 2.5 PyPI cu124 sm_50 .. sm_90 and no PTX. */
static void check_hw(void **state, const char *gpu, const struct pin *pins, size_t n,
		     struct diag_list *out)
{
	check_target(state, check_gpu_kernels, gpu, NULL, pins, n, out);
}

static void hw202_cu128_on_pascal(void **state)
{
	struct pin pins[] = { pip("torch", "==2.7.0+cu128", "cu128", at(1, 6, 19)) };
	struct diag_list out = DIAG_LIST_INIT;
	check_hw(state, "GTX 1080 Ti", pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_HW202, SEV_ERROR, FILE_REQ, at(1, 6, 19));
	assert_contains(d->message, "sm_75 sm_80 sm_86 sm_90 sm_100 sm_120");
	assert_string_equal("use the cu126 build of torch 2.7.0 (CUDA 12.6, with kernels for sm_61)", d->help);
	diag_list_release(&out);
}

/* The fix as an edit (diag_edit): the label of the version text, byte-exact. */
static void hw202_fix_edit(void **state)
{
	struct pin pins[] = { pip("torch", "==2.7.0+cu128", "cu128", at(1, 6, 19)) };
	pins[0].span.start_byte = 5;
	pins[0].span.end_byte = 18;
	struct diag_list out = DIAG_LIST_INIT;
	check_hw(state, "GTX 1080 Ti", pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_HW202, SEV_ERROR, FILE_REQ, at(1, 6, 19));
	assert_int_equal(1, d->nedits);
	assert_string_equal(FILE_REQ, d->edits[0].file);
	assert_int_equal(5, d->edits[0].span.start_byte);
	assert_int_equal(18, d->edits[0].span.end_byte);
	assert_string_equal("==2.7.0+cu128", d->edits[0].old);
	assert_string_equal("==2.7.0+cu126", d->edits[0].text);
	diag_list_release(&out);
	/* Text whose span is not the spec as written (ARG-substituted) is not edited. */
	pins[0].via = at(1, 1, 4);
	check_hw(state, "GTX 1080 Ti", pins, ARRAY_LEN(pins), &out);
	d = only(&out, RULE_HW202, SEV_ERROR, FILE_REQ, at(1, 6, 19));
	assert_int_equal(0, d->nedits);
	diag_list_release(&out);
}

static void hw202_pypi_build_on_blackwell(void **state)
{
	struct pin pins[] = { pip("torch", "==2.5.1", NULL, at(1, 6, 13)) };
	struct diag_list out = DIAG_LIST_INIT;
	check_hw(state, "sm_120", pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_HW202, SEV_ERROR, FILE_REQ, at(1, 6, 13));
	assert_contains(d->message, "(cu124, the PyPI build)");
	assert_contains(d->message, "and no PTX");
	assert_contains(d->help, "no build of torch 2.5.1 runs on sm_120; the newest that does (as `envlint "
				 "suggest` picks) is the ");
	assert_contains(d->help, "with kernels for sm_120)");
	diag_list_release(&out);
}

/* Same-major SASS serves a newer minor (sm_89 on 8.6); PTX unknown above every listed arch
 * is not a verdict; a GPU inside the list is fine. */
static void hw202_quiet_cases(void **state)
{
	struct pin pins[] = { pip("torch", "==2.7.0+cu128", "cu128", at(1, 6, 19)) };
	struct diag_list out = DIAG_LIST_INIT;
	check_hw(state, "RTX 4090", pins, ARRAY_LEN(pins), &out);
	check_hw(state, "sm_130", pins, ARRAY_LEN(pins), &out);
	check_hw(state, "sm_121", pins, ARRAY_LEN(pins), &out);
	assert_int_equal(out.nr, 0);
	diag_list_release(&out);
}

/* ------------------------------------------------------------------------- */
/* DRV104, HW201, HW203: checks of a target with a GPU (and for DRV104 a driver) */

/* ENV of an extension build's arch list (not a CUDA version). */
static struct pin arch_env(const char *name, const char *value, struct span span)
{
	struct pin p = env(name, value, span);
	p.pkg = PIN_PKG_OTHER;
	return p;
}

/* gpus.yaml: Ada from R520 (RTX 4090: 520.56.06, not 520.61.05; every release from R525);
 * Pascal's last branch R580. Reported once, at the first pin that needs the driver. */
static void drv104_branch_predates_gpu(void **state)
{
	struct pin pins[] = { pip("numpy", "==1.26.4", NULL, at(1, 6, 14)),
			      index_url(PYTORCH_CU118, at(2, 13, 51)), pip("torch", "==2.1.0", NULL, at(3, 6, 13)) };
	struct diag_list out = DIAG_LIST_INIT;
	check_target(state, check_driver_gpu, "RTX 4090", "470.82.01", pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_DRV104, SEV_ERROR, FILE_REQ, at(2, 13, 51));
	assert_string_equal("driver '470.82.01' does not drive 'GeForce RTX 4090': R470 predates the GPU (Ada "
			    "Lovelace needs R520 or newer); the kernel module does not take the GPU, so CUDA finds "
			    "no device ('no CUDA-capable device is detected')", d->message);
	assert_string_equal("install driver >= 520.56.06 (R520), the first the knowledge base knows to drive "
			    "'GeForce RTX 4090'", d->help);
	assert_non_null(d->source);
	diag_list_release(&out);
	check_target(state, check_driver_gpu, "RTX 4090", "520.61.05", pins, ARRAY_LEN(pins), &out);
	d = only(&out, RULE_DRV104, SEV_ERROR, FILE_REQ, at(2, 13, 51));
	assert_contains(d->message, "release 520.61.05 of R520 does not name it");
	assert_contains(d->help, "branch R525 or newer");
	diag_list_release(&out);
	check_target(state, check_driver_gpu, "RTX 4090 D", "545.29.06", pins, ARRAY_LEN(pins), &out);
	d = only(&out, RULE_DRV104, SEV_ERROR, FILE_REQ, at(2, 13, 51));
	assert_contains(d->message, "no release of R545 names it");
	assert_contains(d->help, "branch R550 or newer");
	diag_list_release(&out);
}

static void drv104_past_legacy_end(void **state)
{
	struct pin pins[] = { image("nvidia/cuda", "12.4.1-runtime-ubuntu22.04", at(1, 18, 44)) };
	struct diag_list out = DIAG_LIST_INIT;
	check_target(state, check_driver_gpu, "TITAN Xp", "590.44.01", pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_DRV104, SEV_ERROR, FILE_DOCKER, at(1, 18, 44));
	assert_contains(d->message, "Pascal GPUs end with branch R580 (legacy)");
	assert_contains(d->help, "install a driver of branch R580, the last that drives 'NVIDIA TITAN Xp'");
	diag_list_release(&out);
}

/* The last supported branch, the first supported release, a branch the KB cannot judge
 * (RTX 4090 D on R535; a bare "520" where R520 drives it from one release on), no
 * GPU, and files that need no driver stay quiet. */
static void drv104_quiet_cases(void **state)
{
	struct pin cuda[] = { image("nvidia/cuda", "12.4.1-runtime-ubuntu22.04", at(1, 18, 44)) };
	struct pin cpu[] = { index_url(PYTORCH_CPU, at(1, 13, 48)), pip("torch", "==2.4.1", NULL, at(2, 6, 13)),
			     pip("torch", "==2.4.1+cpu", "cpu", at(3, 6, 17)) };
	struct pin none[] = { pip("numpy", "==1.26.4", NULL, at(1, 6, 14)) };
	struct diag_list out = DIAG_LIST_INIT;
	check_target(state, check_driver_gpu, "TITAN Xp", "580.65.06", cuda, ARRAY_LEN(cuda), &out);
	check_target(state, check_driver_gpu, "RTX 4090", "520.56.06", cuda, ARRAY_LEN(cuda), &out);
	/* "520" is R520's oldest release, which the KB does not name: not judged. */
	check_target(state, check_driver_gpu, "RTX 4090", "520", cuda, ARRAY_LEN(cuda), &out);
	check_target(state, check_driver_gpu, "RTX 4090 D", "535.104.05", cuda, ARRAY_LEN(cuda), &out);
	check_target(state, check_driver_gpu, NULL, "590.44.01", cuda, ARRAY_LEN(cuda), &out);
	check_target(state, check_driver_gpu, "TITAN Xp", "590.44.01", cpu, ARRAY_LEN(cpu), &out);
	check_target(state, check_driver_gpu, "TITAN Xp", "590.44.01", none, ARRAY_LEN(none), &out);
	assert_quiet(&out);
}

/* cuda.yaml architectures: sm_61 last 12.9, sm_37 last 11.8, sm_89 first 11.8. */
static void hw201_toolkit_past_gpu(void **state)
{
	struct pin img[] = { image("nvidia/cuda", "13.0.0-devel-ubuntu24.04", at(1, 18, 42)) };
	struct diag_list out = DIAG_LIST_INIT;
	check_target(state, check_toolkit_arch, "TITAN Xp", NULL, img, ARRAY_LEN(img), &out);
	const struct diag *d = only(&out, RULE_HW201, SEV_ERROR, FILE_DOCKER, at(1, 18, 42));
	assert_contains(d->message, "cannot target 'NVIDIA TITAN Xp' (sm_61): the last CUDA whose nvcc targets "
			"sm_61 is 12.9");
	assert_string_equal("use CUDA <= 12.9 for sm_61", d->help);
	diag_list_release(&out);
	struct pin rt[] = { pip("nvidia-cuda-runtime-cu12", "==12.1.105", NULL, at(1, 25, 35)) };
	check_target(state, check_toolkit_arch, "K80", NULL, rt, ARRAY_LEN(rt), &out);
	d = only(&out, RULE_HW201, SEV_ERROR, FILE_REQ, at(1, 25, 35));
	assert_contains(d->message, "the last CUDA whose nvcc targets sm_37 is 11.8");
	diag_list_release(&out);
}

/* An nvcc older than the GPU: a warning, and only where the claim brings nvcc. */
static void hw201_nvcc_before_gpu(void **state)
{
	struct pin devel[] = { image("nvidia/cuda", "11.7.1-devel-ubuntu22.04", at(1, 18, 42)) };
	struct diag_list out = DIAG_LIST_INIT;
	check_target(state, check_toolkit_arch, "RTX 4090", NULL, devel, ARRAY_LEN(devel), &out);
	const struct diag *d = only(&out, RULE_HW201, SEV_WARNING, FILE_DOCKER, at(1, 18, 42));
	assert_contains(d->message, "nvcc fatal: Unsupported gpu architecture 'compute_89'");
	assert_contains(d->help, "use CUDA >= 11.8 to build for sm_89");
	diag_list_release(&out);
	struct pin runtime[] = { image("nvidia/cuda", "11.7.1-runtime-ubuntu22.04", at(1, 18, 44)) };
	struct pin next[] = { image("nvidia/cuda", "11.8.0-devel-ubuntu22.04", at(1, 18, 42)) };
	struct pin last[] = { image("nvidia/cuda", "12.9.1-devel-ubuntu24.04", at(1, 18, 42)) };
	struct pin wheel[] = { pip("torch", "==2.9.0+cu130", "cu130", at(1, 6, 19)) };
	check_target(state, check_toolkit_arch, "RTX 4090", NULL, runtime, ARRAY_LEN(runtime), &out);
	check_target(state, check_toolkit_arch, "RTX 4090", NULL, next, ARRAY_LEN(next), &out);
	check_target(state, check_toolkit_arch, "TITAN Xp", NULL, last, ARRAY_LEN(last), &out);
	/* The wheel's own arch list is HW202's to judge. */
	check_target(state, check_toolkit_arch, "TITAN Xp", NULL, wheel, ARRAY_LEN(wheel), &out);
	assert_quiet(&out);
}

/* TORCH_CUDA_ARCH_LIST X.Y is SASS (+PTX adds PTX); CMake NN is both, -real SASS,
 * -virtual PTX; a cubin runs on later minors of its major, PTX JITs to any later CC. */
static void hw201_arch_lists(void **state)
{
	struct pin fires[] = {
		arch_env("TORCH_CUDA_ARCH_LIST", "7.0;7.5", at(1, 27, 34)),
		arch_env("CMAKE_CUDA_ARCHITECTURES", "75-real", at(2, 30, 37)),
	};
	struct diag_list out = DIAG_LIST_INIT;
	check_target(state, check_toolkit_arch, "RTX 4090", NULL, fires, ARRAY_LEN(fires), &out);
	assert_int_equal(2, out.nr);
	assert_string_equal("add 8.9 to TORCH_CUDA_ARCH_LIST", out.items[0].help);
	assert_string_equal("add 89 to CMAKE_CUDA_ARCHITECTURES", out.items[1].help);
	diag_list_release(&out);
	struct pin tcnn[] = { arch_env("TCNN_CUDA_ARCHITECTURES", "86", at(1, 29, 31)) };
	check_target(state, check_toolkit_arch, "TITAN Xp", NULL, tcnn, ARRAY_LEN(tcnn), &out);
	only(&out, RULE_HW201, SEV_ERROR, FILE_DOCKER, at(1, 29, 31));
	diag_list_release(&out);
	struct pin quiet[] = {
		arch_env("TORCH_CUDA_ARCH_LIST", "7.5 8.6+PTX", at(1, 27, 38)),
		arch_env("TORCH_CUDA_ARCH_LIST", "8.0", at(2, 27, 30)),
		arch_env("TORCH_CUDA_ARCH_LIST", "7.5;Ampere", at(3, 27, 37)),
		arch_env("CMAKE_CUDA_ARCHITECTURES", "86-virtual", at(4, 30, 40)),
		arch_env("CMAKE_CUDA_ARCHITECTURES", "native", at(5, 30, 36)),
		arch_env("TCNN_CUDA_ARCHITECTURES", "89", at(6, 29, 31)),
	};
	check_target(state, check_toolkit_arch, "RTX 4090", NULL, quiet, ARRAY_LEN(quiet), &out);
	assert_quiet(&out);
}

/* HW203: the CPU index is reported once for its scope, at the index; labels and conda
 * cpuonly at their own text; a CUDA index next to the CPU one leaves pip's choice open. */
/* Which paths name a deliberate non-CUDA variant (checks/variant_name.h). */
static void variant_names(void **state)
{
	(void)state;
	static const struct {
		const char *path, *word;
	} cases[] = {
		{ "requirements_linux_rocm.txt", "rocm" },
		{ "env/torch_cpu.txt", "cpu" },
		{ "docker/CPU/Dockerfile", "cpu" },
		{ "runtime/ipex/docker/Dockerfile", "ipex" },
		{ "extra_build/docker/Dockerfile.cpu_noavx", "cpu" },
		{ "requirements-rocm6.2.txt", "rocm" },
		{ "Dockerfile.amd", "amd" },
		{ "requirements-amd64.txt", NULL },   /* a CPU architecture */
		{ "requirements-machine.txt", NULL }, /* machine is not the word mac */
		{ "cpu/a/b/Dockerfile", NULL },       /* three levels up names the checkout */
		/* directories that name only a version do not count toward the three */
		{ "inference/cpu/2.7.1/transformers/4.51.3/py311/Dockerfile", "cpu" },
		{ "examples/cpu/v2/a/Dockerfile", "cpu" },
		{ "cpu/x/v2/a/Dockerfile", NULL }, /* x is the third */
		{ "requirements.txt", NULL },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = variant_name_word(cases[i].path);
		if (cases[i].word ? !got || strcmp(got, cases[i].word) : got != NULL)
			fail_msg("%s: got %s, want %s", cases[i].path, got ? got : "none",
				 cases[i].word ? cases[i].word : "none");
	}
}

static void hw203_non_cuda_builds(void **state)
{
	struct pin idx[] = { index_url(PYTORCH_CPU, at(1, 13, 48)), pip("torch", "==2.4.1", NULL, at(2, 6, 13)),
			     pip("torch", ">=2.0", NULL, at(3, 6, 11)) };
	struct diag_list out = DIAG_LIST_INIT;
	check_target(state, check_cpu_build, "RTX 4090", NULL, idx, ARRAY_LEN(idx), &out);
	const struct diag *d = only(&out, RULE_HW203, SEV_WARNING, FILE_REQ, at(1, 13, 48));
	assert_contains(d->message, "torch==2.4.1 is a CPU-only build (chosen by the PyTorch index given here)");
	assert_string_equal("install a CUDA build: the cu124 build of torch 2.4.1 (CUDA 12.4, with kernels for sm_89)", d->help);
	diag_list_release(&out);
	struct pin rocm[] = { pip("torch", "==2.4.1+rocm6.1", "rocm6.1", at(1, 6, 21)) };
	check_target(state, check_cpu_build, "A100", NULL, rocm, ARRAY_LEN(rocm), &out);
	/* a ROCm build is not installed by mistake: an info, not a warning */
	d = only(&out, RULE_HW203, SEV_INFO, FILE_REQ, at(1, 6, 21));
	assert_contains(d->message, "a ROCm build for AMD GPUs");
	assert_contains(d->message, "this looks deliberate");
	diag_list_release(&out);
	struct pin env_cpu[] = { conda("pytorch", "=2.1.0", NULL, at(1, 12, 18)), conda("cpuonly", NULL, NULL, at(2, 5, 12)) };
	check_target(state, check_cpu_build, "RTX 3090", NULL, env_cpu, ARRAY_LEN(env_cpu), &out);
	d = only(&out, RULE_HW203, SEV_WARNING, FILE_ENV, at(2, 5, 12));
	assert_string_equal("install a CUDA build: replace cpuonly with pytorch-cuda=11.8 or pytorch-cuda=12.1", d->help);
	diag_list_release(&out);
}

static void hw203_quiet_cases(void **state)
{
	struct pin mixed[] = { index_url(PYTORCH_CPU, at(1, 13, 48)),
			       pip_index("--extra-index-url", PIN_INDEX_EXTRA, PYTORCH_CU121, at(2, 19, 56)),
			       pip("torch", "==2.4.1", NULL, at(3, 6, 13)) };
	struct pin cuda[] = { index_url(PYTORCH_CU121, at(1, 13, 50)), pip("torch", "==2.4.1", NULL, at(2, 6, 13)) };
	struct pin gpu_env[] = { conda("pytorch", "=2.1.0", NULL, at(1, 12, 18)),
				 conda("pytorch-cuda", "=12.1", NULL, at(2, 17, 22)) };
	struct diag_list out = DIAG_LIST_INIT;
	check_target(state, check_cpu_build, "RTX 4090", NULL, mixed, ARRAY_LEN(mixed), &out);
	check_target(state, check_cpu_build, "RTX 4090", NULL, cuda, ARRAY_LEN(cuda), &out);
	check_target(state, check_cpu_build, "RTX 3090", NULL, gpu_env, ARRAY_LEN(gpu_env), &out);
	check_target(state, check_cpu_build, NULL, "550.54.14", mixed, ARRAY_LEN(mixed), &out);
	assert_quiet(&out);
}

/* STK301: builds a release never had, judged where pytorch.yaml's `cuda_builds` says the
 * variant list is complete (2.0: cu117, cu118; cu121 from 2.1.0; cu118 ended with 2.7). */
static void stk301_never_published(void **state)
{
	struct pin pins[] = { pip("torch", "==2.0.1+cu121", "cu121", at(1, 6, 19)) };
	struct diag_list out = DIAG_LIST_INIT;
	run(state, check_torch_builds, NULL, NULL, pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_STK301, SEV_ERROR, FILE_REQ, at(1, 6, 19));
	assert_string_equal("torch 2.0.1 was never published as a +cu121 build (its CUDA builds: cu117, "
			    "cu118): pip fails with 'No matching distribution'", d->message);
	assert_string_equal("pin torch==2.0.1+cu118, or move to torch 2.1.0 (the next release known to "
			    "have a +cu121 build)", d->help);
	assert_contains(d->source, "test-infra");
	diag_list_release(&out);
}

static void stk301_build_ended(void **state)
{
	struct pin pins[] = { pip("torch", "==2.8.0+cu118", "cu118", at(1, 6, 19)) };
	struct diag_list out = DIAG_LIST_INIT;
	run(state, check_torch_builds, NULL, NULL, pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_STK301, SEV_ERROR, FILE_REQ, at(1, 6, 19));
	assert_contains(d->help, "or move to torch 2.7.1 (the newest release known to have a +cu118 build)");
	diag_list_release(&out);
}

/* Published builds, releases whose list may have gaps, special and non-CUDA labels,
 * unknown patches, ranges and conda pins are never judged. */
static void stk301_quiet(void **state)
{
	struct pin pins[] = {
		pip("torch", "==2.1.0+cu121", "cu121", at(1, 6, 19)),
		pip("torch", "==2.9.0+cu129", "cu129", at(2, 6, 19)),
		pip("torch", "==2.0.1+cu117.with.pypi.cudnn", "cu117.with.pypi.cudnn", at(3, 6, 35)),
		pip("torch", "==2.0.1+rocm5.9", "rocm5.9", at(4, 6, 21)),
		pip("torch", "==2.0.9+cu121", "cu121", at(5, 6, 19)),
		pip("torch", ">=2.0+cu121", "cu121", at(6, 6, 17)),
		pip("torch", "==2.0.1", NULL, at(7, 6, 13)),
		conda("pytorch", "==2.0.1", NULL, at(8, 12, 19)),
		pip("torch", "==2.0.1+cu121", "cu121", at(9, 9, 80)),
	};
	pins[8].url = "https://example.org/wheels/torch-2.0.1%2Bcu121-cp310-cp310-linux_x86_64.whl";
	struct diag_list out = DIAG_LIST_INIT;
	run(state, check_torch_builds, NULL, NULL, pins, ARRAY_LEN(pins), &out);
	assert_quiet(&out);
	diag_list_release(&out);
}

/* STK303 / PIN401: pytorch.yaml companions (2.4.0 -> torchvision 0.19.0, torchaudio
 * 2.4.0; torchvision 0.20.1 belongs to 2.5; torchaudio 2.11.0 serves 2.11 .. 2.13). */
static void companions(void **state, const struct pin *pins, size_t n, struct diag_list *out)
{
	run(state, check_companions, NULL, NULL, pins, n, out);
}

static void stk303_other_line(void **state)
{
	struct pin pins[] = { pip("torch", "==2.4.0", NULL, at(1, 6, 13)),
			      pip("torchvision", "==0.20.1", NULL, at(2, 12, 20)) };
	struct diag_list out = DIAG_LIST_INIT;
	companions(state, pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_STK303, SEV_ERROR, FILE_REQ, at(2, 12, 20));
	assert_contains(d->message, "torchvision 0.20.1 belongs to the torch 2.5 line");
	assert_string_equal("pin torchvision==0.19.0, the torchvision of torch 2.4.0", d->help);
	diag_list_release(&out);
}

static void stk303_two_builds(void **state)
{
	struct pin pins[] = { pip("torch", "==2.0.1+cu118", "cu118", at(1, 6, 19)),
			      pip("torchaudio", "==2.0.2+cu117", "cu117", at(2, 11, 24)) };
	pins[1].pkg = PIN_PKG_TORCHAUDIO;
	struct diag_list out = DIAG_LIST_INIT;
	companions(state, pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_STK303, SEV_ERROR, FILE_REQ, at(2, 11, 24));
	assert_contains(d->message, "torchaudio 2.0.2+cu117 is the cu117 build but torch 2.0.1 is the cu118");
	diag_list_release(&out);
}

static void stk303_and_pin401_quiet(void **state)
{
	struct pin shared[] = { pip("torch", "==2.12.1", NULL, at(1, 6, 14)),
				pip("torchaudio", "==2.11.0", NULL, at(2, 11, 19)) };
	shared[1].pkg = PIN_PKG_TORCHAUDIO;
	struct pin ranged[] = { pip("torch", ">=2.1", NULL, at(1, 6, 11)),
				pip("torchvision", NULL, NULL, at(2, 1, 12)) };
	struct diag_list out = DIAG_LIST_INIT;
	companions(state, shared, ARRAY_LEN(shared), &out);
	companions(state, ranged, ARRAY_LEN(ranged), &out);
	assert_int_equal(out.nr, 0);
	diag_list_release(&out);
}

/* ------------------------------------------------------------------------- */
/* Conda and environment stack rules (cudnn.c, python.c, conda.c) */

/* Several pin sets, each its own unit, through one check: none may say anything. */
struct pin_set {
	const struct pin *pins;
	size_t n;
};
#define PIN_SET(a) { (a), ARRAY_LEN(a) }

static void all_quiet(void **state, check_fn fn, const struct pin_set *sets, size_t nsets)
{
	struct diag_list out = DIAG_LIST_INIT;
	for (size_t i = 0; i < nsets; i++)
		run(state, fn, NULL, NULL, sets[i].pins, sets[i].n, &out);
	assert_quiet(&out);
}

/* STK303 / PIN401 on top of a base image's torch: pytorch/pytorch:2.1.0-... ships torch
 * 2.1.0, NGC 25.12 torch 2.10.0a0 (images.yaml); NGC 24.05's torch is not in the KB. */
static void stk303_image_torch(void **state)
{
	struct pin pins[] = { image("pytorch/pytorch", "2.1.0-cuda12.1-cudnn8-runtime", at(1, 6, 51)),
			      pip("torchvision", "==0.15.2", NULL, at(2, 17, 35)) };
	struct diag_list out = DIAG_LIST_INIT;
	companions(state, pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_STK303, SEV_ERROR, FILE_REQ, at(2, 17, 35));
	assert_contains(d->message, "torchvision 0.15.2 belongs to the torch 2.0 line, but the base image "
			"pytorch/pytorch:2.1.0-cuda12.1-cudnn8-runtime ships torch 2.1.0");
	assert_contains(d->message, "pip replaces the image's torch");
	assert_string_equal("pin torchvision==0.16.0, the torchvision of torch 2.1.0", d->help);
	diag_list_release(&out);

	struct pin ngc[] = { image("nvcr.io/nvidia/pytorch", "25.12-py3", at(1, 6, 38)),
			     pip("torchaudio", "==2.9.0", NULL, at(2, 17, 34)) };
	ngc[1].pkg = PIN_PKG_TORCHAUDIO;
	out = (struct diag_list)DIAG_LIST_INIT;
	companions(state, ngc, ARRAY_LEN(ngc), &out);
	d = only(&out, RULE_STK303, SEV_ERROR, FILE_REQ, at(2, 17, 34));
	assert_contains(d->message, "ships torch 2.10.0a0 (the 2.10 line)");
	assert_null(d->help);
	diag_list_release(&out);
}

/* A companion of the image torch's line labelled for another CUDA: pip keeps the image's
 * torch beside it. The image's own build (cu121 on a CUDA 12.1 tag) is quiet. */
static void stk303_image_cuda_build(void **state)
{
	struct pin pins[] = { image("pytorch/pytorch", "2.1.0-cuda12.1-cudnn8-runtime", at(1, 6, 51)),
			      pip("torchvision", "==0.16.0+cu118", "cu118", at(2, 28, 42)) };
	struct pin same[] = { image("pytorch/pytorch", "2.1.0-cuda12.1-cudnn8-runtime", at(1, 6, 51)),
			      pip("torchvision", "==0.16.0+cu121", "cu121", at(2, 28, 42)) };
	struct diag_list out = DIAG_LIST_INIT;
	companions(state, pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_STK303, SEV_ERROR, FILE_REQ, at(2, 28, 42));
	assert_contains(d->message, "is the cu118 build but the base image");
	assert_contains(d->message, "built with CUDA 12.1, which pip keeps");
	assert_string_equal("use the cu121 build of torchvision too, from the PyTorch index of that build", d->help);
	assert_int_equal(0, d->nedits);
	diag_list_release(&out);
	const struct pin_set sets[] = { PIN_SET(same) };
	all_quiet(state, check_companions, sets, ARRAY_LEN(sets));
}

static void pin401_image_torch(void **state)
{
	struct pin pins[] = { image("pytorch/pytorch", "2.1.0-cuda12.1-cudnn8-runtime", at(1, 6, 51)),
			      pip("torchvision", NULL, NULL, at(2, 17, 28)) };
	struct diag_list out = DIAG_LIST_INIT;
	companions(state, pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_PIN401, SEV_WARNING, FILE_REQ, at(2, 17, 28));
	assert_contains(d->message, "replaces the image's torch");
	assert_string_equal("pin torchvision==0.16.0, the torchvision of torch 2.1.0", d->help);
	diag_list_release(&out);
}

static void stk303_image_torch_quiet(void **state)
{
	struct pin right[] = { image("pytorch/pytorch", "2.1.0-cuda12.1-cudnn8-runtime", at(1, 6, 51)),
			       pip("torchvision", "==0.16.0", NULL, at(2, 17, 35)) };
	struct pin own[] = { image("pytorch/pytorch", "2.1.0-cuda12.1-cudnn8-runtime", at(1, 6, 51)),
			     pip("torch", ">=2", NULL, at(2, 17, 27)),
			     pip("torchvision", "==0.15.2", NULL, at(2, 28, 46)) };
	/* 23.01: the KB has its CUDA and driver, not its torch */
	struct pin unknown[] = { image("nvcr.io/nvidia/pytorch", "23.01-py3", at(1, 6, 38)),
				 pip("torchvision", "==0.15.2", NULL, at(2, 17, 35)) };
	struct pin other_stage[] = { image("pytorch/pytorch", "2.1.0-cuda12.1-cudnn8-runtime", at(1, 6, 51)),
				     in_scope(pip("torchvision", "==0.15.2", NULL, at(3, 17, 35)), 2) };
	const struct pin_set sets[] = { PIN_SET(right), PIN_SET(own), PIN_SET(unknown), PIN_SET(other_stage) };
	all_quiet(state, check_companions, sets, ARRAY_LEN(sets));
}


/* STK302: cudnn.yaml gives cuDNN 9.1 CUDA 12 and 11 builds; 8.9.2 CUDA 12 and 11; the
 * PyPI wheel of torch 2.1.0 (cu121) was built with cuDNN 8.9.2.26. */
static void stk302_no_build_for_cuda_major(void **state)
{
	struct pin pins[] = { conda("cudatoolkit", "=10.2", NULL, at(6, 16, 21)),
			      conda("cudnn", "=9.1", NULL, at(7, 10, 14)) };
	struct diag_list out = DIAG_LIST_INIT;
	run(state, check_cudnn_stack, NULL, NULL, pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_STK302, SEV_ERROR, FILE_ENV, at(7, 10, 14));
	assert_string_equal("'cudnn=9.1' has no build for CUDA 10 ('cudatoolkit=10.2' at 6:16 pins CUDA 10): "
			    "the install fails or brings a cuDNN that does not load with this CUDA",
			    d->message);
	assert_non_null(d->source);
	diag_list_release(&out);
}

static void stk302_older_than_torch(void **state)
{
	struct pin pins[] = { conda("cudnn", "=8.7.0", NULL, at(6, 10, 16)),
			      pip("torch", "==2.1.0", NULL, at(9, 12, 19)) };
	struct diag_list out = DIAG_LIST_INIT;
	run(state, check_cudnn_stack, NULL, NULL, pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_STK302, SEV_WARNING, FILE_ENV, at(6, 10, 16));
	assert_contains(d->message, "older than the cuDNN 8.9.2 that torch 2.1.0 (cu121 build)");
	diag_list_release(&out);
}

/* A build for the major, the same release as torch's, another major (another soname), a
 * major alone, a pip nvidia-cudnn pin next to torch, and a cuDNN the KB does not know. */
static void stk302_quiet(void **state)
{
	struct pin fits[] = { conda("cudatoolkit", "=11.8", NULL, at(1, 1, 2)),
			      conda("cudnn", "=8.9.2", NULL, at(2, 1, 2)),
			      pip("torch", "==2.1.0", NULL, at(3, 1, 2)) };
	struct pin other_major[] = { conda("cudnn", "=9.1", NULL, at(1, 1, 2)),
				     pip("torch", "==2.1.0", NULL, at(2, 1, 2)) };
	struct pin loose[] = { conda("cudatoolkit", "=10.2", NULL, at(1, 1, 2)),
			       conda("cudnn", "=7", NULL, at(2, 1, 2)),
			       conda("cudnn", "=6.0.21", NULL, at(3, 1, 2)),
			       pip("nvidia-cudnn-cu12", "==8.9.0.131", NULL, at(4, 1, 2)),
			       pip("torch", "==2.1.0", NULL, at(5, 1, 2)) };
	const struct pin_set sets[] = { PIN_SET(fits), PIN_SET(other_major), PIN_SET(loose) };
	all_quiet(state, check_cudnn_stack, sets, ARRAY_LEN(sets));
}

/* STK304: pytorch.yaml python ranges (2.1: 3.8 to 3.11; 2.2: 3.8 to 3.12). */
static void stk304_python_too_new(void **state)
{
	struct pin pins[] = { conda("python", "=3.12", NULL, at(5, 11, 16)),
			      pip("torch", "==2.1.0", NULL, at(8, 12, 19)) };
	struct diag_list out = DIAG_LIST_INIT;
	run(state, check_python_wheel, NULL, NULL, pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_STK304, SEV_ERROR, FILE_REQ, at(8, 12, 19));
	assert_string_equal("'torch==2.1.0' has no wheel for Python 3.12 ('python=3.12' at 5:11; the 2.1 line "
			    "has wheels for Python 3.8 to 3.11): pip fails with 'No matching distribution'",
			    d->message);
	assert_string_equal("use Python 3.11, or torch from the 2.2 line (the first one with wheels for "
			    "Python 3.12)", d->help);
	diag_list_release(&out);
}

/* The edges of the range, a conda pytorch (conda builds have ranges of their own), a
 * Python range, a torch range, and another scope. */
static void stk304_quiet(void **state)
{
	struct pin edges[] = { conda("python", "=3.11.4", NULL, at(1, 1, 2)),
			       pip("torch", "==2.1.*", NULL, at(2, 1, 2)),
			       in_scope(conda("python", "3.8", NULL, at(3, 1, 2)), 2),
			       in_scope(pip("torch", "==2.0.1", NULL, at(4, 1, 2)), 2) };
	struct pin loose[] = { conda("python", "=3.12", NULL, at(1, 1, 2)),
			       conda("pytorch", "=2.1", NULL, at(2, 1, 2)),
			       pip("torch", ">=2.0,<2.2", NULL, at(3, 1, 2)),
			       in_scope(conda("python", ">=3.12", NULL, at(4, 1, 2)), 2),
			       in_scope(pip("torch", "==2.1.0", NULL, at(5, 1, 2)), 2),
			       in_scope(pip("torch", "==2.1.0", NULL, at(6, 1, 2)), 3) };
	const struct pin_set sets[] = { PIN_SET(edges), PIN_SET(loose) };
	all_quiet(state, check_python_wheel, sets, ARRAY_LEN(sets));
}

/* STK307: pytorch.yaml `conda.channel` is false from 2.6 on (pytorch/pytorch#138506). */
static void stk307_channel_ended(void **state)
{
	struct pin prefixed = conda("pytorch", "=2.6", NULL, at(9, 21, 25));
	prefixed.channel = "pytorch";
	struct pin only_pytorch[] = { channel("pytorch", at(3, 5, 12)), channel("nvidia", at(4, 5, 11)),
				      channel("nodefaults", at(5, 5, 15)),
				      conda("pytorch", "2.7.1", NULL, at(8, 13, 18)) };
	struct diag_list out = DIAG_LIST_INIT;
	run(state, check_conda_channel_ended, NULL, NULL, &prefixed, 1, &out);
	const struct diag *d = only(&out, RULE_STK307, SEV_ERROR, FILE_ENV, at(9, 21, 25));
	assert_string_equal("'pytorch=2.6' comes from the 'pytorch' channel here, which never published the "
			    "2.6 line (its last is 2.5): the solve fails with 'PackagesNotFoundError'",
			    d->message);
	diag_list_release(&out);
	run(state, check_conda_channel_ended, NULL, NULL, only_pytorch, ARRAY_LEN(only_pytorch), &out);
	d = only(&out, RULE_STK307, SEV_ERROR, FILE_ENV, at(8, 13, 18));
	assert_contains(d->message, "'pytorch 2.7.1'");
	diag_list_release(&out);
}

/* The last line, another channel or .condarc's that may serve it, a label of the
 * channel, conda-forge's pytorch-gpu, a range. */
static void stk307_quiet(void **state)
{
	struct pin last = conda("pytorch", "=2.5", NULL, at(1, 1, 2));
	last.channel = "pytorch";
	struct pin label = conda("pytorch", "=2.6", NULL, at(1, 1, 2));
	label.channel = "pytorch/label/nightly";
	struct pin others[] = { channel("pytorch", at(1, 1, 2)), channel("conda-forge", at(2, 1, 2)),
				channel("nodefaults", at(3, 1, 2)), conda("pytorch", "=2.6", NULL, at(4, 1, 2)),
				conda("pytorch-gpu", "=2.6", NULL, at(5, 1, 2)),
				in_scope(channel("pytorch", at(6, 1, 2)), 2),
				in_scope(conda("pytorch", "=2.6", NULL, at(7, 1, 2)), 2),
				in_scope(conda("pytorch", ">=2.6", NULL, at(8, 1, 2)), 3) };
	others[7].channel = "pytorch";
	const struct pin_set sets[] = { { &last, 1 }, { &label, 1 }, PIN_SET(others) };
	all_quiet(state, check_conda_channel_ended, sets, ARRAY_LEN(sets));
}

/* STK308: the channel's 2.0 builds are chosen by pytorch-cuda 11.7 / 11.8; 1.12 is the
 * last line chosen by cudatoolkit. */
static void stk308_cudatoolkit(void **state)
{
	struct pin pins[] = { channel("pytorch", at(3, 5, 12)), conda("cudatoolkit", "=11.8", NULL, at(8, 18, 23)),
			      conda("pytorch", "=2.0", NULL, at(9, 14, 18)) };
	struct diag_list out = DIAG_LIST_INIT;
	run(state, check_cudatoolkit_era, NULL, NULL, pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_STK308, SEV_WARNING, FILE_ENV, at(8, 18, 23));
	assert_contains(d->message, "the channel's 2.0 builds depend on pytorch-cuda (11.7, 11.8)");
	assert_contains(d->help, "pytorch-cuda=X.Y (one of 11.7, 11.8)");
	diag_list_release(&out);
}

static void stk308_quiet(void **state)
{
	struct pin old[] = { channel("pytorch", at(1, 1, 2)), conda("cudatoolkit", "=11.3", NULL, at(2, 1, 2)),
			     conda("pytorch", "=1.12.1", NULL, at(3, 1, 2)) };
	struct pin forge_first[] = { channel("conda-forge", at(1, 1, 2)), channel("pytorch", at(2, 1, 2)),
				     conda("cudatoolkit", "=11.8", NULL, at(3, 1, 2)),
				     conda("pytorch", "=2.0", NULL, at(4, 1, 2)) };
	struct pin selected[] = { channel("pytorch", at(1, 1, 2)), conda("cudatoolkit", "=11.8", NULL, at(2, 1, 2)),
				  conda("pytorch", "=2.0.1", NULL, at(3, 1, 2)),
				  conda("pytorch-cuda", "=11.8", NULL, at(4, 1, 2)) };
	struct pin build[] = { channel("pytorch", at(1, 1, 2)), conda("cudatoolkit", "=11.8", NULL, at(2, 1, 2)),
			       conda("pytorch", "=2.0.1", "py3.10_cuda11.8_cudnn8.7.0_0", at(3, 1, 2)) };
	const struct pin_set sets[] = { PIN_SET(old), PIN_SET(forge_first), PIN_SET(selected), PIN_SET(build) };
	all_quiet(state, check_cudatoolkit_era, sets, ARRAY_LEN(sets));
}

/* STK309: one scope, torch both ways; companions only, or two scopes, are fine. */
static void stk309_both_ways(void **state)
{
	struct pin pins[] = { conda("pytorch", "=2.1.0", NULL, at(7, 12, 18)),
			      pip("torch", "==2.1.2", NULL, at(11, 12, 19)) };
	pins[1].name_span = at(11, 7, 12);
	struct diag_list out = DIAG_LIST_INIT;
	run(state, check_torch_both_ways, NULL, NULL, pins, ARRAY_LEN(pins), &out);
	only(&out, RULE_STK309, SEV_WARNING, FILE_REQ, at(11, 7, 12));
	diag_list_release(&out);
}

static void stk309_quiet(void **state)
{
	struct pin pins[] = { conda("pytorch", "=2.0.1", NULL, at(1, 1, 2)),
			      pip("torchvision", "==0.15.2", NULL, at(2, 1, 2)),
			      in_scope(pip("torch", "==2.1.2", NULL, at(3, 1, 2)), 2) };
	struct diag_list out = DIAG_LIST_INIT;
	run(state, check_torch_both_ways, NULL, NULL, pins, ARRAY_LEN(pins), &out);
	assert_quiet(&out);
}

/* STK305: pins no version satisfies, in one scope; the later pin carries the finding. */
static void stk305_conflicting_pins(void **state)
{
	struct pin docker_after_req[] = { pip("torch", "==2.3.0", NULL, at(2, 6, 13)),
					  pip("torch", "==2.1.0", NULL, at(5, 22, 29)) };
	docker_after_req[1].file = FILE_DOCKER;
	struct pin conda_pip[] = { conda("pytorch", "=2.1", NULL, at(7, 13, 17)),
				   pip("torch", "==2.3.0", NULL, at(11, 14, 21)) };
	conda_pip[1].file = FILE_ENV;
	struct pin range[] = { pip("torch", "==2.1.0", NULL, at(1, 6, 13)), pip("torch", ">=2.2", NULL, at(2, 6, 11)) };
	struct pin cudnn_lines[] = { conda("cudnn", "=8.9", NULL, at(3, 12, 16)), conda("cudnn", "=9.1", NULL, at(4, 12, 16)) };
	struct diag_list out = DIAG_LIST_INIT;
	run(state, check_conflicting_pins, NULL, NULL, docker_after_req, ARRAY_LEN(docker_after_req), &out);
	const struct diag *d = only(&out, RULE_STK305, SEV_ERROR, FILE_DOCKER, at(5, 22, 29));
	assert_contains(d->message, "'torch==2.1.0' here and 'torch==2.3.0' at requirements.txt:2");
	diag_list_release(&out);
	run(state, check_conflicting_pins, NULL, NULL, conda_pip, ARRAY_LEN(conda_pip), &out);
	d = only(&out, RULE_STK305, SEV_ERROR, FILE_ENV, at(11, 14, 21));
	assert_contains(d->message, "'pytorch=2.1' at environment.yml:7");
	diag_list_release(&out);
	run(state, check_conflicting_pins, NULL, NULL, range, ARRAY_LEN(range), &out);
	only(&out, RULE_STK305, SEV_ERROR, FILE_REQ, at(2, 6, 11));
	diag_list_release(&out);
	run(state, check_conflicting_pins, NULL, NULL, cudnn_lines, ARRAY_LEN(cudnn_lines), &out);
	only(&out, RULE_STK305, SEV_ERROR, FILE_ENV, at(4, 12, 16));
	diag_list_release(&out);
	/* A repeat of an earlier pin's text is judged once, at its first pin. */
	struct pin again[] = { pip("torch", "==2.1.0", NULL, at(1, 6, 13)), pip("torch", "==2.3.0", NULL, at(2, 6, 13)),
			       pip("torch", "==2.1.0", NULL, at(3, 6, 13)), pip("torch", "==2.3.0", NULL, at(4, 6, 13)) };
	run(state, check_conflicting_pins, NULL, NULL, again, ARRAY_LEN(again), &out);
	only(&out, RULE_STK305, SEV_ERROR, FILE_REQ, at(2, 6, 13));
	diag_list_release(&out);
}

static void stk305_quiet(void **state)
{
	struct pin stages[] = { pip("torch", "==2.1.0", NULL, at(1, 1, 2)),
				in_scope(pip("torch", "==2.3.0", NULL, at(2, 1, 2)), 2) };
	struct pin local[] = { pip("torch", "==2.1.0", NULL, at(1, 1, 2)), pip("torch", "==2.1.0+cu121", NULL, at(2, 1, 2)) };
	struct pin line[] = { conda("pytorch", "=2.1", NULL, at(1, 1, 2)), pip("torch", "==2.1.2", NULL, at(2, 1, 2)) };
	struct pin ranges[] = { pip("torch", ">=2.0", NULL, at(1, 1, 2)), pip("torch", "<1.13", NULL, at(2, 1, 2)) };
	struct pin marker[] = { pip("torch", "==2.1.0", NULL, at(1, 1, 2)), pip("torch", "==2.5.0", NULL, at(2, 1, 2)) };
	marker[1].marker = true;
	struct pin names[] = { conda("cudatoolkit", "=11.8", NULL, at(1, 1, 2)), conda("cuda-version", "=12.1", NULL, at(2, 1, 2)),
			       pip("torchvision", "==0.16.0", NULL, at(3, 1, 2)), pip("torchvision", "==0.17.0", NULL, at(4, 1, 2)) };
	struct pin pre[] = { pip("torch", "==2.4.0a0", NULL, at(1, 1, 2)), pip("torch", ">=2.3", NULL, at(2, 1, 2)) };
	struct pin same[] = { pip("torch", "==2.1.0", NULL, at(1, 1, 2)), unresolved(pip("torch", "==2.3.0", NULL, at(2, 1, 2))),
			      pip("torch", "==2.1", NULL, at(3, 1, 2)) };
	const struct pin_set sets[] = { PIN_SET(stages), PIN_SET(local), PIN_SET(line), PIN_SET(ranges),
					PIN_SET(marker), PIN_SET(names), PIN_SET(pre), PIN_SET(same) };
	all_quiet(state, check_conflicting_pins, sets, ARRAY_LEN(sets));
}

/* STK306: cpp_extension raises on another CUDA major, warns on another minor. PyPI's
 * torch 1.13.0 is a CUDA 11.7 build, 2.7.0 a 12.6 one (pytorch.yaml pypi_default). */
static void stk306_major_and_minor(void **state)
{
	struct pin major[] = { image("nvidia/cuda", "12.2.2-devel-ubuntu20.04", at(1, 6, 42)),
			       pip("torch", "==1.13.0", NULL, at(4, 17, 35)) };
	major[1].file = FILE_DOCKER;
	struct pin minor[] = { image("nvidia/cuda", "12.4.1-devel-ubuntu22.04", at(1, 6, 42)),
			       pip("torch", "==2.7.0", NULL, at(3, 22, 29)) };
	minor[1].file = FILE_DOCKER;
	struct diag_list out = DIAG_LIST_INIT;
	run(state, check_extension_build_cuda, NULL, NULL, major, ARRAY_LEN(major), &out);
	const struct diag *d = only(&out, RULE_STK306, SEV_ERROR, FILE_DOCKER, at(4, 17, 35));
	assert_contains(d->message, "The detected CUDA version (12.2) mismatches the version that was used to "
				    "compile PyTorch (11.7)");
	diag_list_release(&out);
	run(state, check_extension_build_cuda, NULL, NULL, minor, ARRAY_LEN(minor), &out);
	d = only(&out, RULE_STK306, SEV_WARNING, FILE_DOCKER, at(3, 22, 29));
	assert_contains(d->message, "built with CUDA 12.6");
	diag_list_release(&out);
}

static void stk306_quiet(void **state)
{
	struct pin runtime[] = { image("nvidia/cuda", "12.2.2-runtime-ubuntu20.04", at(1, 6, 42)),
				 pip("torch", "==1.13.0", NULL, at(2, 1, 2)) };
	struct pin same[] = { image("nvidia/cuda", "11.7.1-devel-ubuntu20.04", at(1, 6, 42)),
			      pip("torch", "==1.13.0", NULL, at(2, 1, 2)) };
	struct pin stages[] = { image("nvidia/cuda", "12.2.2-devel-ubuntu20.04", at(1, 6, 42)),
				in_scope(pip("torch", "==1.13.0", NULL, at(2, 1, 2)), 2) };
	struct pin cpu[] = { image("nvidia/cuda", "12.2.2-devel-ubuntu20.04", at(1, 6, 42)),
			     pip("torch", "==2.1.0+cpu", "cpu", at(2, 1, 2)) };
	struct pin toolkit[] = { image("nvidia/cuda", "12.2.2-devel-ubuntu20.04", at(1, 6, 42)),
				 conda("cuda-toolkit", "=11.7", NULL, at(2, 1, 2)),
				 pip("torch", "==1.13.0", NULL, at(3, 1, 2)) };
	struct pin range[] = { image("nvidia/cuda", "12.2.2-devel-ubuntu20.04", at(1, 6, 42)),
			       pip("torch", ">=1.13", NULL, at(2, 1, 2)) };
	const struct pin_set sets[] = { PIN_SET(runtime), PIN_SET(same), PIN_SET(stages),
					PIN_SET(cpu), PIN_SET(toolkit), PIN_SET(range) };
	all_quiet(state, check_extension_build_cuda, sets, ARRAY_LEN(sets));
}

/* STK310: --cuda is the system nvcc; judged for requirements files and conda
 * environments, never for a Dockerfile (its image has its own nvcc). */
static void host_cuda(void **state, const char *cuda, const struct pin *pins, size_t n, struct diag_list *out)
{
	struct target t;
	char err[256] = "";
	if (!target_from_options(&t, *state, NULL, NULL, cuda, NULL, err, sizeof(err)))
		fail_msg("test bug: target: %s", err);
	call(check_extension_build_host_cuda, *state, &t, pins, n, out);
}

static void stk310_host_nvcc(void **state)
{
	struct pin req[] = { pip("torch", "==1.13.0", NULL, at(1, 6, 14)) };
	struct diag_list out = DIAG_LIST_INIT;
	host_cuda(state, "12.2", req, ARRAY_LEN(req), &out);
	const struct diag *d = only(&out, RULE_STK310, SEV_ERROR, FILE_REQ, at(1, 6, 14));
	assert_contains(d->message, "the target's system nvcc (--cuda, a profile's cuda) is CUDA 12.2");
	diag_list_release(&out);
	host_cuda(state, "11.8", req, ARRAY_LEN(req), &out);
	only(&out, RULE_STK310, SEV_WARNING, FILE_REQ, at(1, 6, 14));
	diag_list_release(&out);
}

static void stk310_quiet(void **state)
{
	struct pin same[] = { pip("torch", "==1.13.0", NULL, at(1, 6, 14)) };
	struct pin docker[] = { image("python", "3.10-slim", at(1, 6, 12)), pip("torch", "==1.13.0", NULL, at(2, 17, 25)) };
	docker[1].file = FILE_DOCKER;
	struct pin nvcc[] = { conda("cuda-nvcc", "=11.7", NULL, at(1, 1, 2)), pip("torch", "==1.13.0", NULL, at(2, 1, 2)) };
	struct pin cpu[] = { pip("torch", "==2.1.0+cpu", "cpu", at(1, 1, 2)) };
	struct diag_list out = DIAG_LIST_INIT;
	host_cuda(state, "11.7", same, ARRAY_LEN(same), &out);
	host_cuda(state, "12.2", docker, ARRAY_LEN(docker), &out);
	host_cuda(state, "12.2", nvcc, ARRAY_LEN(nvcc), &out);
	host_cuda(state, "12.2", cpu, ARRAY_LEN(cpu), &out);
	run(state, check_extension_build_host_cuda, NULL, NULL, same, ARRAY_LEN(same), &out);
	assert_quiet(&out);
}

/* STK301 for conda: pytorch-cuda values per line (2.0: 11.7, 11.8; 1.12: none). */
static void stk301_conda_pytorch_cuda(void **state)
{
	struct pin unpublished[] = { channel("pytorch", at(3, 5, 12)),
				     conda("pytorch", "=2.0.1", NULL, at(7, 12, 18)),
				     conda("pytorch-cuda", "=12.1", NULL, at(8, 17, 22)) };
	struct pin early[] = { channel("pytorch", at(3, 5, 12)), conda("pytorch", "=1.12.1", NULL, at(7, 12, 19)),
			       conda("pytorch-cuda", "=11.6", NULL, at(8, 17, 22)) };
	struct pin fine[] = { channel("pytorch", at(3, 5, 12)), conda("pytorch", "=1.13.1", NULL, at(7, 12, 19)),
			      conda("pytorch-cuda", "=11.7.0", NULL, at(8, 17, 24)),
			      in_scope(channel("conda-forge", at(9, 5, 12)), 2),
			      in_scope(conda("pytorch", "=2.0.1", NULL, at(10, 12, 18)), 2),
			      in_scope(conda("pytorch-cuda", "=12.1", NULL, at(11, 17, 22)), 2) };
	struct diag_list out = DIAG_LIST_INIT;
	run(state, check_torch_builds, NULL, NULL, unpublished, ARRAY_LEN(unpublished), &out);
	const struct diag *d = only(&out, RULE_STK301, SEV_ERROR, FILE_ENV, at(8, 17, 22));
	assert_contains(d->message, "the 2.0 line was built for pytorch-cuda 11.7, 11.8");
	diag_list_release(&out);
	run(state, check_torch_builds, NULL, NULL, early, ARRAY_LEN(early), &out);
	d = only(&out, RULE_STK301, SEV_WARNING, FILE_ENV, at(8, 17, 22));
	assert_contains(d->message, "'pytorch=1.12.1' predates pytorch-cuda");
	diag_list_release(&out);
	run(state, check_torch_builds, NULL, NULL, fine, ARRAY_LEN(fine), &out);
	assert_quiet(&out);
}

/* STK303 for conda: the line of an exact companion release against the pytorch line. */
static void stk303_conda_companions(void **state)
{
	struct pin pins[] = { channel("pytorch", at(3, 5, 12)),
			      conda("pytorch", "=2.0.1", NULL, at(7, 12, 18)),
			      conda("torchvision", "=0.16.0", NULL, at(9, 16, 22)),
			      conda("torchaudio", "=2.0.0", NULL, at(10, 15, 21)),
			      conda("torchvision", "=0.15", NULL, at(11, 16, 21)) };
	/* conda-forge's pairs are its own (migrations rebuild companions): not judged. */
	struct pin forge[] = { channel("conda-forge", at(3, 5, 16)), conda("pytorch", "=2.0.1", NULL, at(7, 12, 18)),
			       conda("torchvision", "=0.16.0", NULL, at(9, 16, 22)) };
	struct diag_list out = DIAG_LIST_INIT;
	companions(state, pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_STK303, SEV_ERROR, FILE_ENV, at(9, 16, 22));
	assert_contains(d->message, "torchvision 0.16.0 belongs to the torch 2.1 line, but torch is pinned to "
				    "2.0.1 (the 2.0 line)");
	diag_list_release(&out);
	companions(state, forge, ARRAY_LEN(forge), &out);
	assert_quiet(&out);
}

/* PIN402 reads every conda spelling of one release or line. */
static void pin402_conda_spellings(void **state)
{
	struct pin unknown[] = { conda("pytorch", "=0.4.0", NULL, at(1, 1, 2)),
				 conda("pytorch", "0.4.1", NULL, at(2, 1, 2)),
				 conda("pytorch", "==2.1.9", NULL, at(3, 1, 2)), conda("pytorch", "=0.3", NULL, at(4, 1, 2)) };
	struct pin known[] = { conda("pytorch", "=2.0", NULL, at(1, 1, 2)),
			       conda("pytorch", "2.1.0", NULL, at(2, 1, 2)),
			       conda("pytorch", ">=1.0", NULL, at(3, 1, 2)), conda("pytorch", "=1", NULL, at(4, 1, 2)) };
	struct diag_list out = DIAG_LIST_INIT;
	run(state, check_unknown_versions, NULL, NULL, unknown, ARRAY_LEN(unknown), &out);
	assert_int_equal(4, out.nr);
	for (size_t i = 0; i < out.nr; i++)
		assert_int_equal(RULE_PIN402, out.items[i].rule);
	diag_list_release(&out);
	run(state, check_unknown_versions, NULL, NULL, known, ARRAY_LEN(known), &out);
	assert_quiet(&out);
}

static void pin401_unpinned(void **state)
{
	struct pin pins[] = { pip("torch", "==2.6.0", NULL, at(1, 6, 13)),
			      pip("torchaudio", NULL, NULL, at(2, 1, 11)) };
	pins[1].pkg = PIN_PKG_TORCHAUDIO;
	struct diag_list out = DIAG_LIST_INIT;
	companions(state, pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_PIN401, SEV_WARNING, FILE_REQ, at(2, 1, 11));
	assert_string_equal("pin torchaudio==2.6.0, the torchaudio of torch 2.6.0", d->help);
	diag_list_release(&out);
}

/* PIN403: +cuXYZ builds live only on the PyTorch index (its /whl/cuXYZ index holds that
 * build only). */
static void pin403_cases(void **state)
{
	struct pin none[] = { pip("torch", "==2.0.1+cu118", "cu118", at(1, 6, 19)) };
	struct pin wrong[] = { index_url(PYTORCH_CU121, at(1, 13, 51)),
			       pip("torch", "==2.1.0+cu118", "cu118", at(2, 6, 19)) };
	struct pin right[] = { index_url(PYTORCH_CU121, at(1, 13, 51)),
			       pip("torch", "==2.1.0+cu121", "cu121", at(2, 6, 19)) };
	struct diag_list out = DIAG_LIST_INIT;
	run(state, check_local_versions, NULL, NULL, none, ARRAY_LEN(none), &out);
	only(&out, RULE_PIN403, SEV_WARNING, FILE_REQ, at(1, 6, 19));
	diag_list_release(&out);
	run(state, check_local_versions, NULL, NULL, wrong, ARRAY_LEN(wrong), &out);
	const struct diag *d = only(&out, RULE_PIN403, SEV_ERROR, FILE_REQ, at(2, 6, 19));
	assert_contains(d->message, "holds cu121 builds only");
	diag_list_release(&out);
	run(state, check_local_versions, NULL, NULL, right, ARRAY_LEN(right), &out);
	assert_int_equal(out.nr, 0);
	diag_list_release(&out);
}

/* ------------------------------------------------------------------------- */
/* Near misses: quiet */

static void quiet_driver_at_full_floor(void **state)
{
	struct pin pins[] = {
		index_url(PYTORCH_CU121, at(1, 13, 51)),
		pip("torch", "==2.1.2", NULL, at(2, 6, 13)),
	};
	struct diag_list out = DIAG_LIST_INIT;
	drv(state, "530.30.02", pins, ARRAY_LEN(pins), &out);
	assert_quiet(&out);
}

static void quiet_image_at_full_floor(void **state)
{
	struct pin pins[] = { image("nvidia/cuda", "12.4.1-cudnn-devel-ubuntu22.04", at(1, 18, 48)) };
	struct diag_list out = DIAG_LIST_INIT;
	drv(state, "550.54.15", pins, ARRAY_LEN(pins), &out);
	assert_quiet(&out);
}

/* One step below the floor is not quiet. */
static void fires_just_below_full_floor(void **state)
{
	struct pin pins[] = { image("nvidia/cuda", "12.4.1-cudnn-devel-ubuntu22.04", at(1, 18, 48)) };
	struct diag_list out = DIAG_LIST_INIT;
	drv(state, "550.54.14", pins, ARRAY_LEN(pins), &out);
	only(&out, RULE_DRV102, SEV_WARNING, FILE_DOCKER, at(1, 18, 48));
	diag_list_release(&out);
}

static void quiet_cuda10_at_own_floor(void **state)
{
	struct pin pins[] = { conda("cudatoolkit", "=10.2", NULL, at(3, 16, 21)) };
	struct diag_list out = DIAG_LIST_INIT;
	drv(state, "440.33", pins, ARRAY_LEN(pins), &out);
	assert_quiet(&out);
}

/* >=11.0,<12 allows 11.0, which R455 runs fully: the most lenient release decides. */
static void quiet_range_allows_older(void **state)
{
	struct pin pins[] = { conda("cudatoolkit", ">=11.0,<12", NULL, at(3, 16, 26)) };
	struct diag_list out = DIAG_LIST_INIT;
	drv(state, "455.32", pins, ARRAY_LEN(pins), &out);
	assert_quiet(&out);
}

static void quiet_no_driver(void **state)
{
	struct pin pins[] = {
		image("nvidia/cuda", "12.4.1-cudnn-devel-ubuntu22.04", at(1, 18, 48)),
		pip("torch", "==2.1.0+cu121", "cu121", at(3, 12, 25)),
	};
	struct diag_list out = DIAG_LIST_INIT;
	drv(state, NULL, pins, ARRAY_LEN(pins), &out);
	assert_quiet(&out);
}

/* PyPI's Windows wheels are CPU builds: no PyPI-default claim there. */
static void quiet_windows_pypi_default(void **state)
{
	struct pin pins[] = { pip("torch", "==2.1.0", NULL, at(1, 6, 13)) };
	struct diag_list out = DIAG_LIST_INIT;
	run(state, check_driver_floor, "470.82.01", "windows", pins, ARRAY_LEN(pins), &out);
	assert_quiet(&out);
}

/* Windows floors are Windows': the message names no Linux branch (R...). */
static void drv101_windows_floor(void **state)
{
	struct pin pins[] = { pip("torch", "==2.1.0+cu121", "cu121", at(1, 6, 19)) };
	struct diag_list out = DIAG_LIST_INIT;
	run(state, check_driver_floor, "470.82.01", "windows", pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_DRV101, SEV_ERROR, FILE_REQ, at(1, 6, 19));
	assert_contains(d->message, "needs driver >= 531.14,");
	assert_contains(d->help, "install driver >= 531.14, or use CUDA <= ");
	assert_null(strstr(d->help, "(R"));
	diag_list_release(&out);
}

/* Only an exact pin says which PyPI wheel; a range or any index leaves it open. */
static void quiet_pypi_default_not_exact(void **state)
{
	struct pin pins[] = { pip("torch", ">=2.1.0,<2.2", NULL, at(1, 6, 18)) };
	struct diag_list out = DIAG_LIST_INIT;
	drv(state, "470.82.01", pins, ARRAY_LEN(pins), &out);
	assert_quiet(&out);
}

static void quiet_pypi_default_with_mirror(void **state)
{
	struct pin pins[] = {
		index_url("https://mirror.example.org/simple", at(1, 13, 46)),
		pip("torch", "==2.1.0", NULL, at(2, 6, 13)),
	};
	struct diag_list out = DIAG_LIST_INIT;
	drv(state, "470.82.01", pins, ARRAY_LEN(pins), &out);
	assert_quiet(&out);
}

static void quiet_index_without_torch(void **state)
{
	struct pin pins[] = {
		pip_index("--extra-index-url", PIN_INDEX_EXTRA, PYTORCH_CU121, at(1, 19, 57)),
		pip("numpy", "==1.26.4", NULL, at(2, 6, 14)),
	};
	struct diag_list out = DIAG_LIST_INIT;
	drv(state, "470.82.01", pins, ARRAY_LEN(pins), &out);
	assert_quiet(&out);
}

/* torch in another scope (another file, another stage) is not installed from it. */
static void quiet_index_torch_in_other_scope(void **state)
{
	struct pin pins[] = {
		index_url(PYTORCH_CU121, at(1, 13, 51)),
		in_scope(pip("torch", ">=2.1", NULL, at(1, 6, 11)), 2),
	};
	struct diag_list out = DIAG_LIST_INIT;
	drv(state, "470.82.01", pins, ARRAY_LEN(pins), &out);
	assert_quiet(&out);
}

/* A conda torch does not come from a pip index. */
static void quiet_index_with_conda_torch(void **state)
{
	struct pin pins[] = {
		index_url(PYTORCH_CU121, at(1, 13, 51)),
		conda("pytorch", "=2.1.0", NULL, at(4, 12, 18)),
	};
	struct diag_list out = DIAG_LIST_INIT;
	drv(state, "470.82.01", pins, ARRAY_LEN(pins), &out);
	assert_quiet(&out);
}

static void quiet_unresolved(void **state)
{
	struct pin pins[] = {
		unresolved(image("nvidia/cuda", "${CUDA_VERSION}-devel-ubuntu22.04", at(2, 18, 51))),
		unresolved(env("CUDA_VERSION", "${CUDA}", at(3, 18, 25))),
		unresolved(pip("torch", "==${TORCH}+cu121", "cu121", at(4, 12, 28))),
		unresolved(conda("cudatoolkit", "=${CUDA}", NULL, at(5, 16, 24))),
		unresolved(index_url("https://download.pytorch.org/whl/${CU}", at(6, 13, 50))),
	};
	struct diag_list out = DIAG_LIST_INIT;
	drv(state, "470.82.01", pins, ARRAY_LEN(pins), &out);
	assert_quiet(&out);
}

static void quiet_cpu_variant(void **state)
{
	struct pin pins[] = {
		index_url(PYTORCH_CPU, at(1, 13, 49)),
		pip("torch", "==2.1.0+cpu", "cpu", at(2, 6, 17)),
	};
	struct diag_list out = DIAG_LIST_INIT;
	drv(state, "390.157", pins, ARRAY_LEN(pins), &out);
	assert_quiet(&out);
}

static void quiet_channels_are_not_indexes(void **state)
{
	struct pin pins[] = {
		channel("pytorch", at(2, 12, 19)),
		channel("nvidia", at(2, 21, 27)),
		conda("pytorch", "=2.1.0", NULL, at(4, 12, 18)),
	};
	struct diag_list out = DIAG_LIST_INIT;
	drv(state, "390.157", pins, ARRAY_LEN(pins), &out);
	assert_quiet(&out);
}

/* ------------------------------------------------------------------------- */
/* analysis/cuda_claim.c: one finding per environment */

static void dedupe_companion_variant_under_torch(void **state)
{
	struct pin pins[] = {
		pip("torch", "==2.1.0+cu121", "cu121", at(3, 22, 35)),
		pip("torchvision", "==0.16.0+cu121", "cu121", at(3, 47, 61)),
		pip("torchaudio", "==2.1.0+cu121", "cu121", at(3, 73, 86)),
	};
	struct diag_list out = DIAG_LIST_INIT;
	drv(state, "470.82.01", pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_DRV101, SEV_ERROR, FILE_REQ, at(3, 22, 35));
	assert_contains(d->message, "of 'torch')");
	diag_list_release(&out);
}

/* Without a torch pin that names its variant, the companion's is the finding. */
static void companion_variant_alone(void **state)
{
	struct pin pins[] = { pip("torchvision", "==0.16.0+cu121", "cu121", at(2, 12, 26)) };
	struct diag_list out = DIAG_LIST_INIT;
	drv(state, "470.82.01", pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_DRV101, SEV_ERROR, FILE_REQ, at(2, 12, 26));
	assert_contains(d->message, "(wheel variant 'cu121' of 'torchvision')");
	diag_list_release(&out);
}

/* torch of another scope does not cover this scope's companion. */
static void companion_variant_other_scope(void **state)
{
	struct pin pins[] = {
		pip("torch", "==2.1.0+cu121", "cu121", at(1, 6, 19)),
		in_scope(pip("torchvision", "==0.16.0+cu121", "cu121", at(1, 12, 26)), 2),
	};
	struct diag_list out = DIAG_LIST_INIT;
	drv(state, "470.82.01", pins, ARRAY_LEN(pins), &out);
	assert_int_equal(2, out.nr);
	assert_contains(out.items[0].message, "of 'torch')");
	assert_contains(out.items[1].message, "of 'torchvision')");
	diag_list_release(&out);
}

/* The torch pin states cu121 itself: the cu118 index is not what decides. */
static void dedupe_index_under_torch_variant(void **state)
{
	struct pin pins[] = {
		index_url(PYTORCH_CU118, at(3, 13, 51)),
		pip("torch", "==2.1.0+cu121", "cu121", at(4, 6, 19)),
	};
	struct diag_list out = DIAG_LIST_INIT;
	drv(state, "470.82.01", pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_DRV101, SEV_ERROR, FILE_REQ, at(4, 6, 19));
	assert_contains(d->message, "CUDA '12.1' (wheel variant 'cu121' of 'torch')");
	diag_list_release(&out);
}

/* A companion's variant is enough to make the index say nothing new; torch itself
 * comes from the index, so it has no PyPI default either. */
static void dedupe_index_under_companion_variant(void **state)
{
	struct pin pins[] = {
		index_url(PYTORCH_CU121, at(1, 13, 51)),
		pip("torch", "==2.1.0", NULL, at(2, 6, 13)),
		pip("torchvision", "==0.16.0+cu121", "cu121", at(3, 12, 26)),
	};
	struct diag_list out = DIAG_LIST_INIT;
	drv(state, "470.82.01", pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_DRV101, SEV_ERROR, FILE_REQ, at(3, 12, 26));
	assert_contains(d->message, "of 'torchvision')");
	diag_list_release(&out);
}

/* ------------------------------------------------------------------------- */
/* drv.c: claims of one file and scope that allow the same releases are one finding */

/* What `conda env export` writes: the same CUDA through four packages. */
static void group_repeated_pins(void **state)
{
	struct pin pins[] = {
		conda("cuda-cudart", "=11.8.89", NULL, at(5, 16, 23)),
		conda("cuda-runtime", "=11.8.0", NULL, at(6, 17, 23)),
		conda("pytorch", "=2.1.0", "py3.10_cuda11.8_cudnn8.7.0_0", at(7, 12, 18)),
		conda("pytorch-cuda", "=11.8", NULL, at(8, 17, 22)),
	};
	struct diag_list out = DIAG_LIST_INIT;
	drv(state, "470.82.01", pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_DRV102, SEV_WARNING, FILE_ENV, at(5, 16, 23));
	assert_string_equal("CUDA '11.8' ('cuda-cudart 11.8.89') needs driver >= 520.61.05 for its full "
			    "feature set; driver '470.82.01' runs it only through minor-version "
			    "compatibility (>= 450.80.02): no PTX JIT of newer code, newer APIs fail with "
			    "cudaErrorCallRequiresNewerDriver; also pinned at lines 6, 7, 8",
			    d->message);
	diag_list_release(&out);
}

static void group_one_other_line(void **state)
{
	struct pin pins[] = {
		pip("torch", "==2.1.0+cu121", "cu121", at(1, 6, 19)),
		pip("torch", "==2.1.0+cu121", "cu121", at(3, 6, 19)),
	};
	struct diag_list out = DIAG_LIST_INIT;
	drv(state, "470.82.01", pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_DRV101, SEV_ERROR, FILE_REQ, at(1, 6, 19));
	assert_contains(d->message, "target driver is '470.82.01'; also pinned at line 3");
	assert_null(strstr(d->message, "line 3,"));
	diag_list_release(&out);
}

/* Five lines are named, the rest counted. */
static void group_many_lines(void **state)
{
	struct pin pins[8];
	for (uint32_t i = 0; i < ARRAY_LEN(pins); i++)
		pins[i] = pip("torch", "==2.1.0+cu121", "cu121", at(i + 1, 6, 19));
	struct diag_list out = DIAG_LIST_INIT;
	drv(state, "470.82.01", pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_DRV101, SEV_ERROR, FILE_REQ, at(1, 6, 19));
	assert_contains(d->message, "'470.82.01'; also pinned at lines 2, 3, 4, 5, 6 and 2 more");
	diag_list_release(&out);

	/* six others: all named, nothing counted */
	drv(state, "470.82.01", pins, 6, &out);
	d = only(&out, RULE_DRV101, SEV_ERROR, FILE_REQ, at(1, 6, 19));
	assert_string_equal("'470.82.01'; also pinned at lines 2, 3, 4, 5, 6",
			    strstr(d->message, "'470.82.01'"));
	diag_list_release(&out);
}

/* Another file, another scope or other releases are findings of their own. */
static void group_only_same_file_scope_releases(void **state)
{
	struct pin pins[] = {
		conda("pytorch-cuda", "=11.8", NULL, at(1, 17, 22)),
		conda("pytorch-cuda", "=11.8", NULL, at(2, 17, 22)),
		in_scope(conda("pytorch-cuda", "=11.8", NULL, at(3, 17, 22)), 2),
		conda("cudatoolkit", "=11.7", NULL, at(4, 16, 21)),
	};
	pins[1].file = "other/environment.yml";
	struct diag_list out = DIAG_LIST_INIT;
	drv(state, "470.82.01", pins, ARRAY_LEN(pins), &out);
	assert_int_equal(4, out.nr);
	for (size_t i = 0; i < out.nr; i++) {
		assert_int_equal(RULE_DRV102, out.items[i].rule);
		assert_null(strstr(out.items[i].message, "also pinned"));
	}
	diag_list_release(&out);
}

/* ------------------------------------------------------------------------- */
/* PIN402 */

static void newest_cuda(void **state, char *buf, size_t size)
{
	const struct kb *kb = *state;
	size_t n = kb_cuda_count(kb);
	assert_true(n > 0);
	version_format(&kb_cuda_at(kb, n - 1)->version, buf, size);
}

static void pin402_unknown_cuda(void **state)
{
	struct pin pins[] = { conda("cuda-version", "=12.7", NULL, at(4, 17, 22)) };
	struct diag_list out = DIAG_LIST_INIT;
	run(state, check_unknown_versions, NULL, NULL, pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_PIN402, SEV_INFO, FILE_ENV, at(4, 17, 22));
	const struct kb *kb = *state;
	char oldest[32], newest[32], want[256];
	newest_cuda(state, newest, sizeof(newest));
	version_format(&kb_cuda_at(kb, 0)->version, oldest, sizeof(oldest));
	snprintf(want, sizeof(want),
		 "CUDA '12.7' ('cuda-version=12.7') is not in the knowledge base (it knows %s to %s); "
		 "its driver floor is not checked", oldest, newest);
	assert_string_equal(want, d->message);
	assert_null(d->help);
	diag_list_release(&out);
}

/* An unknown CUDA is never judged against the driver: PIN402, not DRV101. */
static void pin402_unknown_cuda_not_judged(void **state)
{
	struct pin pins[] = { conda("cuda-version", "=12.7", NULL, at(4, 17, 22)) };
	struct diag_list out = DIAG_LIST_INIT;
	drv(state, "390.157", pins, ARRAY_LEN(pins), &out);
	assert_quiet(&out);
}

static void pin402_unknown_torch(void **state)
{
	const struct kb *kb = *state;
	struct pin pins[] = { pip("torch", "==2.15.0", NULL, at(1, 6, 14)) };
	struct diag_list out = DIAG_LIST_INIT;
	run(state, check_unknown_versions, NULL, NULL, pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_PIN402, SEV_INFO, FILE_REQ, at(1, 6, 14));
	char oldest[32], newest[32], want[256];
	assert_true(kb_torch_count(kb) > 0);
	version_format(&kb_torch_at(kb, 0)->line, oldest, sizeof(oldest));
	version_format(&kb_torch_at(kb, kb_torch_count(kb) - 1)->line, newest, sizeof(newest));
	snprintf(want, sizeof(want),
		 "PyTorch '2.15.0' is not a release the knowledge base knows (it knows the %s to %s "
		 "lines); its CUDA, Python and companion facts are not checked", oldest, newest);
	assert_string_equal(want, d->message);
	diag_list_release(&out);
}

/* A known line with a patch that was never released is unknown too. */
static void pin402_unknown_torch_patch(void **state)
{
	struct pin pins[] = { conda("pytorch", "==2.1.9", NULL, at(3, 12, 19)) };
	struct diag_list out = DIAG_LIST_INIT;
	run(state, check_unknown_versions, NULL, NULL, pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_PIN402, SEV_INFO, FILE_ENV, at(3, 12, 19));
	assert_contains(d->message, "PyTorch '2.1.9' is not a release");
	diag_list_release(&out);
}

static void pin402_quiet(void **state)
{
	struct pin pins[] = {
		pip("torch", ">=2.15", NULL, at(1, 6, 12)),
		pip("torch", "==2.1.2", NULL, at(2, 6, 13)),
		pip("torchvision", "==0.16.2", NULL, at(3, 12, 20)),
		conda("cudatoolkit", ">=11.0,<12", NULL, at(4, 16, 26)),
		conda("cuda-version", "=12.4", NULL, at(5, 17, 22)),
		unresolved(pip("torch", "==${TORCH}", NULL, at(6, 6, 16))),
		pip("torch", NULL, NULL, at(7, 1, 6)),
	};
	struct diag_list out = DIAG_LIST_INIT;
	run(state, check_unknown_versions, NULL, NULL, pins, ARRAY_LEN(pins), &out);
	assert_quiet(&out);
}

/* ------------------------------------------------------------------------- */
/* EL003: check_version_syntax */

static void el003_pep440(void **state)
{
	struct pin pins[] = { pip("torch", "==2.1.0.x", NULL, at(1, 6, 15)) };
	struct diag_list out = DIAG_LIST_INIT;
	run(state, check_version_syntax, NULL, NULL, pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_EL003, SEV_WARNING, FILE_REQ, at(1, 6, 15));
	assert_string_equal("version constraint '==2.1.0.x' of 'torch' does not parse as a PEP 440 "
			    "specifier; it is not checked",
			    d->message);
	diag_list_release(&out);
}

static void el003_conda(void **state)
{
	struct pin pins[] = { conda("cudatoolkit", ">=,<2", NULL, at(3, 16, 21)) };
	struct diag_list out = DIAG_LIST_INIT;
	run(state, check_version_syntax, NULL, NULL, pins, ARRAY_LEN(pins), &out);
	const struct diag *d = only(&out, RULE_EL003, SEV_WARNING, FILE_ENV, at(3, 16, 21));
	assert_string_equal("version constraint '>=,<2' of 'cudatoolkit' does not parse as a conda "
			    "specifier; it is not checked",
			    d->message);
	diag_list_release(&out);
}

/* Only the pins envlint checks: other packages, cpuonly, unresolved text, unpinned
 * and valid specs are left alone. */
static void el003_quiet(void **state)
{
	struct pin pins[] = {
		pip("numpy", "==junk", NULL, at(1, 6, 12)),
		conda("cpuonly", "=junk", NULL, at(2, 13, 18)),
		unresolved(pip("torch", "==${TORCH}", NULL, at(3, 6, 16))),
		pip("torch", NULL, NULL, at(4, 1, 6)),
		pip("torch", "==2.1.0+cu121", "cu121", at(5, 6, 19)),
		conda("pytorch", "2.1.*", NULL, at(6, 12, 17)),
		image("nvidia/cuda", "not a version", at(7, 18, 31)),
	};
	struct diag_list out = DIAG_LIST_INIT;
	run(state, check_version_syntax, NULL, NULL, pins, ARRAY_LEN(pins), &out);
	assert_quiet(&out);
}

/* ------------------------------------------------------------------------- */
/* registry.c: checks_run */

static size_t count_rule(const struct diag_list *l, enum rule_id rule)
{
	size_t n = 0;
	for (size_t i = 0; i < l->nr; i++)
		n += l->items[i].rule == rule;
	return n;
}

static void run_pass(void **state, const char *driver, enum check_pass pass, const struct pin *pins,
		     size_t n, struct diag_list *out)
{
	struct target t;
	char err[256] = "";
	if (!target_from_options(&t, *state, NULL, driver, NULL, NULL, err, sizeof(err)))
		fail_msg("test bug: target: %s", err);
	struct analysis facts;
	analysis_build(&facts, *state, t.os, pins, n);
	struct check_ctx ctx = { *state, &t, pins, n, &facts, NULL, NULL };
	checks_run(&ctx, pass, out);
	analysis_release(&facts);
}

static void run_all(void **state, const char *driver, const struct pin *pins, size_t n,
		    struct diag_list *out)
{
	run_pass(state, driver, CHECK_PASS_FILE, pins, n, out);
	run_pass(state, driver, CHECK_PASS_TARGET, pins, n, out);
}

#define NMIXED 4

/* A DRV101, a DRV102, a PIN402 and an EL003 from one unit. */
static void mixed_pins(struct pin pins[NMIXED])
{
	pins[0] = conda("pytorch-cuda", "=12.1", NULL, at(1, 17, 22));
	pins[1] = conda("cudatoolkit", "=11.8", NULL, at(2, 16, 21));
	pins[2] = conda("cuda-version", "=12.7", NULL, at(3, 17, 22));
	pins[3] = pip("torch", "==2.1.0.x", NULL, at(4, 6, 15));
}

/* check_driver_floor sits on the DRV101 and DRV102 rows: it runs once. */
static void registry_runs_each_check_once(void **state)
{
	struct pin pins[NMIXED];
	mixed_pins(pins);
	size_t n = NMIXED;
	struct diag_list out = DIAG_LIST_INIT;
	run_all(state, "470.82.01", pins, n, &out);
	assert_int_equal(1, count_rule(&out, RULE_DRV101));
	assert_int_equal(1, count_rule(&out, RULE_DRV102));
	assert_int_equal(1, count_rule(&out, RULE_PIN402));
	assert_int_equal(1, count_rule(&out, RULE_EL003));
	assert_int_equal(4, out.nr);
	diag_list_release(&out);
}

/* The file pass runs the rules that need no target, the target pass the others. */
static void registry_passes_split_by_needs(void **state)
{
	struct pin pins[NMIXED];
	mixed_pins(pins);
	size_t n = NMIXED;
	struct diag_list out = DIAG_LIST_INIT;
	run_pass(state, "470.82.01", CHECK_PASS_FILE, pins, n, &out);
	assert_int_equal(0, count_rule(&out, RULE_DRV101));
	assert_int_equal(0, count_rule(&out, RULE_DRV102));
	assert_int_equal(1, count_rule(&out, RULE_PIN402));
	assert_int_equal(1, count_rule(&out, RULE_EL003));
	assert_int_equal(2, out.nr);
	diag_list_release(&out);

	run_pass(state, "470.82.01", CHECK_PASS_TARGET, pins, n, &out);
	assert_int_equal(1, count_rule(&out, RULE_DRV101));
	assert_int_equal(1, count_rule(&out, RULE_DRV102));
	assert_int_equal(2, out.nr);
	diag_list_release(&out);
}

/* Findings already in `out` stay; new ones are appended. */
static void registry_appends(void **state)
{
	struct pin pins[NMIXED];
	mixed_pins(pins);
	size_t n = NMIXED;
	struct diag_list out = DIAG_LIST_INIT;
	diag_add(&out, RULE_EL001, "gone.txt", span_none(), NULL, "cannot read 'gone.txt'");
	run_all(state, "470.82.01", pins, n, &out);
	assert_int_equal(5, out.nr);
	assert_int_equal(RULE_EL001, out.items[0].rule);
	assert_string_equal("cannot read 'gone.txt'", out.items[0].message);
	diag_list_release(&out);
}

/* Rows that share a check function share its needs: a pass never calls half a check. */
static void registry_shared_checks_share_needs(void **state)
{
	(void)state;
	for (size_t a = 0; a < RULE__COUNT; a++)
		for (size_t b = a + 1; b < RULE__COUNT; b++)
			if (checks_fn_of((enum rule_id)a) == checks_fn_of((enum rule_id)b) &&
			    checks_fn_of((enum rule_id)a) != no_check)
				assert_int_equal((rule_info((enum rule_id)a)->needs != NEEDS_NOTHING),
						 (rule_info((enum rule_id)b)->needs != NEEDS_NOTHING));
}

static void registry_no_pins(void **state)
{
	struct diag_list out = DIAG_LIST_INIT;
	run_all(state, "470.82.01", NULL, 0, &out);
	assert_quiet(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(drv101_conda_pytorch_cuda),
		cmocka_unit_test(drv101_conda_cudatoolkit_cuda10),
		cmocka_unit_test(drv101_conda_cuda_version),
		cmocka_unit_test(drv101_pip_local_label),
		cmocka_unit_test(drv101_no_torch_build_fits),
		cmocka_unit_test(drv103_refused_on_every_gpu),
		cmocka_unit_test(drv103_error_804_on_geforce),
		cmocka_unit_test(drv103_brand_not_listed),
		cmocka_unit_test(drv103_pro_board_per_branch),
		cmocka_unit_test(drv103_quiet_cases),
		cmocka_unit_test(drv105_cuda13_on_r535),
		cmocka_unit_test(hw202_cu128_on_pascal),
		cmocka_unit_test(hw202_fix_edit),
		cmocka_unit_test(hw202_pypi_build_on_blackwell),
		cmocka_unit_test(hw202_quiet_cases),
		cmocka_unit_test(drv104_branch_predates_gpu),
		cmocka_unit_test(drv104_past_legacy_end),
		cmocka_unit_test(drv104_quiet_cases),
		cmocka_unit_test(hw201_toolkit_past_gpu),
		cmocka_unit_test(hw201_nvcc_before_gpu),
		cmocka_unit_test(hw201_arch_lists),
		cmocka_unit_test(variant_names),
		cmocka_unit_test(hw203_non_cuda_builds),
		cmocka_unit_test(hw203_quiet_cases),
		cmocka_unit_test(stk301_never_published),
		cmocka_unit_test(stk301_build_ended),
		cmocka_unit_test(stk301_quiet),
		cmocka_unit_test(stk303_other_line),
		cmocka_unit_test(stk303_two_builds),
		cmocka_unit_test(stk303_and_pin401_quiet),
		cmocka_unit_test(stk303_image_torch),
		cmocka_unit_test(pin401_image_torch),
		cmocka_unit_test(stk303_image_cuda_build),
		cmocka_unit_test(stk303_image_torch_quiet),
		cmocka_unit_test(stk302_no_build_for_cuda_major),
		cmocka_unit_test(stk302_older_than_torch),
		cmocka_unit_test(stk302_quiet),
		cmocka_unit_test(stk304_python_too_new),
		cmocka_unit_test(stk304_quiet),
		cmocka_unit_test(stk307_channel_ended),
		cmocka_unit_test(stk307_quiet),
		cmocka_unit_test(stk308_cudatoolkit),
		cmocka_unit_test(stk308_quiet),
		cmocka_unit_test(stk309_both_ways),
		cmocka_unit_test(stk309_quiet),
		cmocka_unit_test(stk305_conflicting_pins),
		cmocka_unit_test(stk305_quiet),
		cmocka_unit_test(stk306_major_and_minor),
		cmocka_unit_test(stk306_quiet),
		cmocka_unit_test(stk310_host_nvcc),
		cmocka_unit_test(stk310_quiet),
		cmocka_unit_test(stk301_conda_pytorch_cuda),
		cmocka_unit_test(stk303_conda_companions),
		cmocka_unit_test(pin402_conda_spellings),
		cmocka_unit_test(pin401_unpinned),
		cmocka_unit_test(pin403_cases),
		cmocka_unit_test(drv101_pip_cuda_runtime),
		cmocka_unit_test(drv101_index_url_with_torch),
		cmocka_unit_test(drv101_conda_build_string),
		cmocka_unit_test(drv101_nvidia_cuda_image),
		cmocka_unit_test(drv101_pytorch_image),
		cmocka_unit_test(drv101_env_cuda_version_without_image),
		cmocka_unit_test(drv101_env_cuda_version_under_image),
		cmocka_unit_test(drv101_env_cuda_version_other_stage),
		cmocka_unit_test(drv101_pypi_default),
		cmocka_unit_test(drv101_pypi_default_beside_channels),
		cmocka_unit_test(drv102_conda_pytorch_cuda),
		cmocka_unit_test(drv102_index_on_r525),
		cmocka_unit_test(quiet_driver_at_full_floor),
		cmocka_unit_test(quiet_image_at_full_floor),
		cmocka_unit_test(fires_just_below_full_floor),
		cmocka_unit_test(quiet_cuda10_at_own_floor),
		cmocka_unit_test(quiet_range_allows_older),
		cmocka_unit_test(quiet_no_driver),
		cmocka_unit_test(quiet_windows_pypi_default),
		cmocka_unit_test(drv101_windows_floor),
		cmocka_unit_test(quiet_pypi_default_not_exact),
		cmocka_unit_test(quiet_pypi_default_with_mirror),
		cmocka_unit_test(quiet_index_without_torch),
		cmocka_unit_test(quiet_index_torch_in_other_scope),
		cmocka_unit_test(quiet_index_with_conda_torch),
		cmocka_unit_test(quiet_unresolved),
		cmocka_unit_test(quiet_cpu_variant),
		cmocka_unit_test(quiet_channels_are_not_indexes),
		cmocka_unit_test(dedupe_companion_variant_under_torch),
		cmocka_unit_test(companion_variant_alone),
		cmocka_unit_test(companion_variant_other_scope),
		cmocka_unit_test(dedupe_index_under_torch_variant),
		cmocka_unit_test(dedupe_index_under_companion_variant),
		cmocka_unit_test(drv102_conda_cuda_cudart),
		cmocka_unit_test(group_repeated_pins),
		cmocka_unit_test(group_one_other_line),
		cmocka_unit_test(group_many_lines),
		cmocka_unit_test(group_only_same_file_scope_releases),
		cmocka_unit_test(pin402_unknown_cuda),
		cmocka_unit_test(pin402_unknown_cuda_not_judged),
		cmocka_unit_test(pin402_unknown_torch),
		cmocka_unit_test(pin402_unknown_torch_patch),
		cmocka_unit_test(pin402_quiet),
		cmocka_unit_test(el003_pep440),
		cmocka_unit_test(el003_conda),
		cmocka_unit_test(el003_quiet),
		cmocka_unit_test(registry_runs_each_check_once),
		cmocka_unit_test(registry_passes_split_by_needs),
		cmocka_unit_test(registry_appends),
		cmocka_unit_test(registry_shared_checks_share_needs),
		cmocka_unit_test(registry_no_pins),
	};
	return cmocka_run_group_tests(tests, kb_fixture_setup, kb_fixture_teardown);
}

/*
 * Unit tests for linter/analysis/: the facts of a unit, built from hand-built pins
 * (pin_fixture.h) and the real built-in KB, asserted as facts rather than through the
 * diagnostics of a check: the CUDA claims of each pin shape (cuda_claim.c), the scope
 * summary (scope.c), the torch build each pin or image installs and what chose it
 * (torch_build.c), and the build of a release that runs on a driver or GPU
 * (torch_pick.c). The versions are pytorch.yaml's, cuda.yaml's and images.yaml's.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "kb_fixture.h"
#include "pin_fixture.h"

#include <string.h>

#include "analysis/analysis.h"
#include "analysis/pin_spec.h"
#include "analysis/torch_pick.h"
#include "kb/kb.h"
#include "pin.h"
#include "version.h"

static void assert_version(const char *want, const struct version *v)
{
	char got[64];
	version_format(v, got, sizeof(got));
	assert_string_equal(want, got);
}

static struct version parse(const char *text)
{
	struct version v;
	if (!version_parse(&v, text, strlen(text)))
		fail_msg("test bug: '%s' does not parse", text);
	return v;
}

/* The claim of `pin`, which must be the only one it makes. */
static const struct cuda_claim *claim_of(const struct analysis *a, const struct pin *pin)
{
	const struct cuda_claim *found = NULL;
	for (size_t i = 0; i < a->claims.nr; i++) {
		if (a->claims.items[i].pin != pin)
			continue;
		if (found)
			fail_msg("pin at line %u makes two claims", pin->span.line);
		found = &a->claims.items[i];
	}
	if (!found)
		fail_msg("pin at line %u makes no claim", pin->span.line);
	return found;
}

static bool claims_any(const struct analysis *a, const struct pin *pin)
{
	for (size_t i = 0; i < a->claims.nr; i++)
		if (a->claims.items[i].pin == pin)
			return true;
	return false;
}

/* The torch build found for `pin`, or NULL. */
static const struct torch_build *build_of(const struct analysis *a, const struct pin *pin)
{
	for (size_t i = 0; i < a->builds.nr; i++)
		if (a->builds.items[i].pin == pin)
			return &a->builds.items[i];
	return NULL;
}

/* ------------------------------------------------------------------------- */
/* CUDA claims */

/* Packages that name a CUDA version: the operator is dropped from the text; the runtime
 * component packages number builds X.Y.<build>, of which only X.Y is CUDA. */
static void claims_of_cuda_packages(void **state)
{
	struct pin pins[] = {
		conda("pytorch-cuda", "=12.1", NULL, at(1, 17, 22)),
		conda("cuda-version", "12.4", NULL, at(2, 17, 21)),
		in_scope(pip("nvidia-cuda-runtime-cu12", "==12.1.105", NULL, at(3, 25, 35)), 2),
	};
	struct analysis a;
	analysis_build(&a, *state, KB_OS_LINUX, pins, ARRAY_LEN(pins));
	assert_int_equal(3, a.claims.nr);
	const struct cuda_claim *c = claim_of(&a, &pins[0]);
	assert_string_equal("12.1", c->text);
	assert_string_equal("'pytorch-cuda=12.1'", c->what);
	assert_int_equal(17, c->span.column);
	c = claim_of(&a, &pins[1]);
	assert_string_equal("12.4", c->text);
	assert_string_equal("'cuda-version=12.4'", c->what);
	c = claim_of(&a, &pins[2]);
	assert_string_equal("12.1", c->text);
	assert_string_equal("'nvidia-cuda-runtime-cu12 12.1.105'", c->what);
	analysis_release(&a);
}

/* PyTorch's own CUDA: a label, an index (only where the torch it serves names no label),
 * or PyPI's Linux wheel of an exact pin with no index. */
static void claims_of_torch(void **state)
{
	struct pin pins[] = {
		index_url(PYTORCH_CU121, at(1, 13, 51)),
		pip("torch", "==2.1.0", NULL, at(2, 6, 13)),
		in_scope(pip("torch", "==2.1.0+cu118", "cu118", at(3, 6, 19)), 2),
		in_scope(pip("torch", "==2.1.0", NULL, at(4, 6, 13)), 3),
		in_scope(conda("pytorch", "=2.1.0", "py3.10_cuda12.1_cudnn8.9.2_0", at(5, 12, 18)), 4),
	};
	struct analysis a;
	analysis_build(&a, *state, KB_OS_LINUX, pins, ARRAY_LEN(pins));
	assert_int_equal(4, a.claims.nr);
	assert_string_equal("PyTorch index '" PYTORCH_CU121 "'", claim_of(&a, &pins[0])->what);
	assert_false(claims_any(&a, &pins[1]));
	const struct cuda_claim *c = claim_of(&a, &pins[2]);
	assert_string_equal("11.8", c->text);
	assert_string_equal("wheel variant 'cu118' of 'torch'", c->what);
	c = claim_of(&a, &pins[3]);
	assert_string_equal("12.1", c->text);
	assert_string_equal("the PyPI wheel of torch 2.1.0 is the cu121 build", c->what);
	assert_string_equal("conda build 'py3.10_cuda12.1_cudnn8.9.2_0' of 'pytorch'", claim_of(&a, &pins[4])->what);
	analysis_release(&a);

	/* PyPI's Windows wheels are CPU builds: no claim there. */
	analysis_build(&a, *state, KB_OS_WINDOWS, pins, ARRAY_LEN(pins));
	assert_int_equal(3, a.claims.nr);
	assert_false(claims_any(&a, &pins[3]));
	analysis_release(&a);
}

/* Base images; ENV CUDA_VERSION only where no image of its stage claims. */
static void claims_of_images(void **state)
{
	struct pin pins[] = {
		image("nvidia/cuda", "12.4.1-cudnn-devel-ubuntu22.04", at(1, 18, 48)),
		env("CUDA_VERSION", "12.4.1", at(2, 18, 24)),
		in_scope(image("ubuntu", "22.04", at(3, 13, 18)), 2),
		in_scope(env("CUDA_VERSION", "12.1.0", at(4, 18, 24)), 2),
		in_scope(image("nvcr.io/nvidia/pytorch", "24.05-py3", at(5, 29, 38)), 3),
	};
	struct analysis a;
	analysis_build(&a, *state, KB_OS_LINUX, pins, ARRAY_LEN(pins));
	assert_int_equal(3, a.claims.nr);
	const struct cuda_claim *c = claim_of(&a, &pins[0]);
	assert_string_equal("12.4.1", c->text);
	assert_string_equal("base image 'nvidia/cuda:12.4.1-cudnn-devel-ubuntu22.04'", c->what);
	assert_null(c->ngc);
	struct version v;
	assert_true(cuda_claim_image_release(c, &v));
	assert_version("12.4.1", &v);
	assert_false(claims_any(&a, &pins[1]));
	assert_string_equal("'ENV CUDA_VERSION=12.1.0'", claim_of(&a, &pins[3])->what);
	c = claim_of(&a, &pins[4]);
	assert_string_equal("12.4.1", c->text);
	assert_non_null(c->ngc);
	assert_string_equal("24.05", c->ngc->tag);
	assert_false(cuda_claim_image_release(c, &v)); /* NVIDIA's notes, not a tag, say its CUDA */
	assert_false(cuda_claim_image_release(claim_of(&a, &pins[3]), &v));
	analysis_release(&a);
}

/* Unresolved text claims nothing; without a KB there are scopes and no claims. */
static void claims_none(void **state)
{
	struct pin pins[] = {
		unresolved(image("nvidia/cuda", "${CUDA_VERSION}-devel-ubuntu22.04", at(1, 18, 51))),
		unresolved(pip("torch", "==${TORCH}+cu121", "cu121", at(2, 12, 28))),
		conda("cudatoolkit", "=11.8", NULL, at(3, 16, 21)),
	};
	struct analysis a;
	analysis_build(&a, *state, KB_OS_LINUX, pins, 2);
	assert_int_equal(0, a.claims.nr);
	assert_int_equal(0, a.builds.nr);
	analysis_release(&a);
	analysis_build(&a, NULL, KB_OS_LINUX, pins, ARRAY_LEN(pins));
	assert_int_equal(0, a.claims.nr);
	assert_int_equal(2, a.scopes.n);
	assert_ptr_equal(pins, a.pins);
	assert_int_equal(ARRAY_LEN(pins), a.npins);
	analysis_release(&a);
}

/* ------------------------------------------------------------------------- */
/* Scopes */

static void scope_summary(void **state)
{
	struct pin pins[] = {
		index_url(PYTORCH_CU121, at(1, 13, 51)),
		pip_index("--extra-index-url", PIN_INDEX_EXTRA, PYTORCH_CU118, at(2, 19, 57)),
		pip("torch", ">=2.0", NULL, at(3, 6, 11)),
		pip("torch", "==2.1.0", NULL, at(4, 6, 13)),
		pip("torchvision", "==0.16.0+cu121", "cu121", at(5, 12, 26)),
		in_scope(index_url("https://mirror.example.org/simple", at(6, 13, 46)), 2),
		in_scope(channel("pytorch", at(7, 12, 19)), 3),
		in_scope(conda("pytorch", "=2.1.0", NULL, at(8, 12, 18)), 3),
		in_scope(conda("pytorch-cuda", "=12.1", NULL, at(9, 17, 22)), 3),
		in_scope(conda("cpuonly", NULL, NULL, at(10, 3, 10)), 3),
		in_scope(image("nvidia/cuda", "12.4.1-devel-ubuntu22.04", at(11, 18, 42)), 4),
		in_scope(env("NVIDIA_DISABLE_REQUIRE", "TRUE", at(12, 28, 32)), 4),
	};
	pins[11].pkg = PIN_PKG_OTHER;
	struct analysis a;
	analysis_build(&a, *state, KB_OS_LINUX, pins, ARRAY_LEN(pins));
	assert_int_equal(5, a.scopes.n);

	const struct scope_info *s = scopes_get(&a.scopes, 1);
	assert_true(s->index);
	assert_false(s->index_any_build);
	assert_int_equal(2, s->nvariants);
	assert_string_equal("cu121", s->variants[0]);
	assert_string_equal("cu118", s->variants[1]);
	assert_ptr_equal(&pins[0], s->index_pin[0]);
	assert_ptr_equal(&pins[1], s->index_pin[1]);
	assert_true(scope_has_index_variant(s, "cu118"));
	assert_false(scope_has_index_variant(s, "cu124"));
	assert_ptr_equal(&pins[3], s->torch); /* the first exact pin, not the range */
	assert_ptr_equal(&pins[2], s->first_torch);
	assert_null(s->conda_torch);
	assert_false(s->require_overridden);
	assert_version("2.1.0", &s->torch_version);
	assert_true(s->pip_family);
	assert_true(s->pip_family_variant);
	assert_false(s->pip_torch_variant);

	s = scopes_get(&a.scopes, 2);
	assert_true(s->index);
	assert_true(s->index_any_build);
	assert_int_equal(0, s->nvariants);

	s = scopes_get(&a.scopes, 3);
	assert_false(s->index); /* a conda channel is not a pip index */
	assert_false(s->pip_family);
	assert_null(s->torch);
	assert_null(s->first_torch);
	assert_ptr_equal(&pins[7], s->conda_torch);
	assert_ptr_equal(&pins[8], s->pytorch_cuda);
	assert_ptr_equal(&pins[9], s->cpuonly);

	/* The stage's own ENV switches the image's NVIDIA_REQUIRE_CUDA off. */
	assert_true(scopes_get(&a.scopes, 4)->require_overridden);

	s = scopes_get(&a.scopes, 99);
	assert_false(s->index);
	assert_null(s->torch);
	analysis_release(&a);
}

/* What the conda stack rules read: which channels a scope lists and in which order, its
 * conda python and cudatoolkit, and the CPython a python:X.Y base image names. */
static void scope_channels_and_python(void **state)
{
	struct pin pins[] = {
		channel("pytorch", at(2, 5, 12)),
		channel("nvidia/label/cuda-11.8.0", at(3, 5, 29)),
		channel("nodefaults", at(4, 5, 15)),
		conda("python", "=3.10", NULL, at(5, 11, 16)),
		conda("cudatoolkit", "=11.8", NULL, at(6, 16, 21)),
		in_scope(channel("conda-forge", at(8, 5, 16)), 2),
		in_scope(channel("https://conda.anaconda.org/pytorch/", at(9, 5, 40)), 2),
		in_scope(channel("pytorch/label/nightly", at(10, 5, 26)), 3),
		in_scope(image("python", "3.12-slim", at(11, 13, 22)), 4),
		in_scope(image("nvidia/cuda", "12.4.1-devel-ubuntu22.04", at(12, 18, 42)), 5),
	};
	struct analysis a;
	analysis_build(&a, *state, KB_OS_LINUX, pins, ARRAY_LEN(pins));
	const struct scope_info *s = scopes_get(&a.scopes, 1);
	assert_ptr_equal(&pins[0], s->pytorch_channel);
	assert_true(s->pytorch_channel_first);
	assert_false(s->channel_other); /* NVIDIA's labels serve no pytorch */
	assert_true(s->channel_nodefaults);
	assert_ptr_equal(&pins[3], s->python);
	assert_ptr_equal(&pins[4], s->cudatoolkit);
	s = scopes_get(&a.scopes, 2);
	assert_ptr_equal(&pins[6], s->pytorch_channel);
	assert_false(s->pytorch_channel_first);
	assert_true(s->channel_other);
	s = scopes_get(&a.scopes, 3);
	assert_null(s->pytorch_channel); /* a label is another set of packages */
	assert_true(s->channel_other);
	s = scopes_get(&a.scopes, 4);
	assert_ptr_equal(&pins[8], s->python_image);
	assert_version("3.12", &s->python_image_version);
	assert_null(scopes_get(&a.scopes, 5)->python_image);
	assert_true(scope_channel_is_pytorch("pytorch"));
	assert_false(scope_channel_is_pytorch("pytorch-nightly"));
	analysis_release(&a);
}

/* ------------------------------------------------------------------------- */
/* Torch builds */

static void torch_build_of_pip(void **state)
{
	struct pin pins[] = {
		pip("torch", "==2.1.0+cu118", "cu118", at(1, 6, 19)),
		in_scope(index_url(PYTORCH_CU118, at(2, 13, 51)), 2),
		in_scope(pip("torch", "==2.1.0", NULL, at(3, 6, 13)), 2),
		in_scope(pip("torch", "==2.1.0", NULL, at(4, 6, 13)), 3),
		in_scope(index_url("https://mirror.example.org/simple", at(5, 13, 46)), 4),
		in_scope(pip("torch", "==2.1.0", NULL, at(6, 6, 13)), 4),
		in_scope(pip("torch", ">=2.1", NULL, at(7, 6, 11)), 5),
		in_scope(pip("torch", "==1.0.0", NULL, at(8, 6, 13)), 5),
	};
	struct analysis a;
	analysis_build(&a, *state, KB_OS_LINUX, pins, ARRAY_LEN(pins));
	assert_int_equal(3, a.builds.nr);

	const struct torch_build *b = build_of(&a, &pins[0]);
	assert_non_null(b);
	assert_int_equal(TORCH_FROM_LABEL, b->origin);
	assert_ptr_equal(&pins[0], b->from);
	assert_string_equal("cu118", b->variant->name);
	assert_true(b->has_cuda);
	assert_version("11.8", &b->cuda);
	assert_version("2.1", &b->rel->line);

	b = build_of(&a, &pins[2]);
	assert_non_null(b);
	assert_int_equal(TORCH_FROM_INDEX, b->origin);
	assert_ptr_equal(&pins[1], b->from);
	assert_string_equal("cu118", b->variant->name);

	b = build_of(&a, &pins[3]);
	assert_non_null(b);
	assert_int_equal(TORCH_FROM_PYPI, b->origin);
	assert_string_equal("cu121", b->variant->name);
	assert_version("12.1", &b->cuda);
	assert_version("2.1.0", &b->version);
	assert_string_equal("pypi", torch_build_origin_name(b->origin));

	/* A mirror may serve any build; a range and a release the KB does not know name none. */
	assert_null(build_of(&a, &pins[5]));
	assert_null(build_of(&a, &pins[6]));
	assert_null(build_of(&a, &pins[7]));
	analysis_release(&a);

	/* Off Linux, PyPI's wheel is not the KB's CUDA build. */
	analysis_build(&a, *state, KB_OS_WINDOWS, pins, ARRAY_LEN(pins));
	assert_int_equal(2, a.builds.nr);
	assert_null(build_of(&a, &pins[3]));
	analysis_release(&a);
}

static void torch_build_of_conda_and_images(void **state)
{
	struct pin pins[] = {
		conda("pytorch", "=2.1.0", NULL, at(1, 12, 18)),
		conda("pytorch-cuda", "=11.8", NULL, at(2, 17, 22)),
		in_scope(conda("pytorch", "=2.1.0", "py3.10_cuda12.1_cudnn8.9.2_0", at(3, 12, 18)), 2),
		in_scope(conda("pytorch", "=2.1.0", NULL, at(4, 12, 18)), 3),
		in_scope(conda("cpuonly", NULL, NULL, at(5, 3, 10)), 3),
		in_scope(conda("pytorch", "=2.1.0", NULL, at(6, 12, 18)), 4),
		in_scope(image("pytorch/pytorch", "2.1.0-cuda12.1-cudnn8-runtime", at(7, 22, 51)), 5),
		in_scope(image("nvidia/cuda", "12.4.1-devel-ubuntu22.04", at(8, 18, 42)), 6),
		in_scope(image("nvcr.io/nvidia/pytorch", "25.12-py3", at(9, 29, 38)), 7),
	};
	struct analysis a;
	analysis_build(&a, *state, KB_OS_LINUX, pins, ARRAY_LEN(pins));
	assert_int_equal(5, a.builds.nr);

	const struct torch_build *b = build_of(&a, &pins[0]);
	assert_non_null(b);
	assert_int_equal(TORCH_FROM_CONDA, b->origin);
	assert_ptr_equal(&pins[1], b->from);
	assert_null(b->variant);
	assert_version("11.8", &b->cuda);

	b = build_of(&a, &pins[2]);
	assert_non_null(b);
	assert_ptr_equal(&pins[2], b->from);
	assert_version("12.1", &b->cuda);

	b = build_of(&a, &pins[3]);
	assert_non_null(b);
	assert_ptr_equal(&pins[4], b->from);
	assert_false(b->has_cuda);

	/* Nothing in its environment says which build conda picks. */
	assert_null(build_of(&a, &pins[5]));

	b = build_of(&a, &pins[6]);
	assert_non_null(b);
	assert_int_equal(TORCH_FROM_IMAGE, b->origin);
	assert_version("2.1.0", &b->version);
	assert_version("12.1", &b->cuda);
	assert_string_equal("image", torch_build_origin_name(b->origin));

	assert_null(build_of(&a, &pins[7])); /* nvidia/cuda ships no torch */

	/* NGC 25.12: "based on 2.10.0a0+b4e4ee81d3", CUDA 13.1.0 (its release notes). */
	b = build_of(&a, &pins[8]);
	assert_non_null(b);
	assert_int_equal(TORCH_FROM_IMAGE, b->origin);
	assert_version("2.10.0a0", &b->version);
	assert_version("13.1.0", &b->cuda);
	analysis_release(&a);
}

/* ------------------------------------------------------------------------- */
/* Which build runs: torch_pick.c, pin_spec.c */

/* torch 2.1 has cu118 and cu121 wheels and pytorch-cuda 11.8 and 12.1 (pytorch.yaml);
 * R470 runs CUDA 11.8 through minor-version compatibility, R525 fully (cuda.yaml). */
static void pick_for_driver(void **state)
{
	const struct kb *kb = *state;
	struct version v = parse("2.1.0"), r470 = parse("470.82.01"), r525 = parse("525.85.12");
	const struct kb_torch_release *rel = kb_torch_release(kb, &v);
	assert_non_null(rel);
	struct torch_pick pick;
	struct torch_pick_need need = { &r470, KB_OS_LINUX, false, false, NULL, NULL, NULL, NULL, 0, NULL, KB_WHEEL_LINUX_X86_64 };
	assert_true(torch_pick_build(&pick, kb, rel, &v, false, &need));
	assert_string_equal("cu118", pick.variant->name);
	assert_int_equal(FLOOR_MVC, pick.verdict);
	assert_true(torch_pick_build(&pick, kb, rel, &v, true, &need));
	assert_null(pick.variant);
	assert_version("11.8", &pick.cuda);
	need.need_full = true;
	assert_false(torch_pick_build(&pick, kb, rel, &v, false, &need));
	need.driver = &r525;
	assert_true(torch_pick_build(&pick, kb, rel, &v, false, &need));
	assert_string_equal("cu118", pick.variant->name);
	assert_int_equal(FLOOR_FULL, pick.verdict);
}

/* torch 2.7: cu128 carries sm_75 and up, cu126 sm_50 to sm_90; the 2.5 wheels stop at
 * sm_90 (pytorch.yaml sass). */
static void pick_for_gpu(void **state)
{
	const struct kb *kb = *state;
	struct version v = parse("2.7.0"), pascal = parse("6.1"), blackwell = parse("12.0");
	const struct kb_torch_release *rel = kb_torch_release(kb, &v);
	assert_non_null(rel);
	assert_int_equal(KB_NO, torch_pick_runs_on(kb_torch_variant(rel, "cu128", &v), &pascal));
	struct torch_pick pick;
	struct torch_pick_need need = { NULL, KB_OS_LINUX, false, false, &pascal, NULL, NULL, NULL, 0, NULL, KB_WHEEL_LINUX_X86_64 };
	assert_true(torch_pick_build(&pick, kb, rel, &v, false, &need));
	assert_string_equal("cu126", pick.variant->name);

	struct version old = parse("2.5.1");
	const struct kb_torch_release *rel25 = kb_torch_release(kb, &old);
	need.cc = &blackwell;
	assert_false(torch_pick_build(&pick, kb, rel25, &old, false, &need));
}

/* torch_pick_newest on a TITAN Xp (sm_61) on R470: no build of 2.8 has sm_61 kernels, so
 * the search goes back to the newest release the KB has first-hand with sm_61 kernels the
 * driver runs: 2.5.1's cu118, through minor-version compatibility (11.8 on an 11.4
 * driver; runs fully is weighed only within a patch). With sm_120 on 560.35.03, 2.12.1's
 * cu129 is the newest first-hand build with sm_120 (12.9 through compatibility). Where
 * every build with sm_120 is second-hand (--torch 2.13 alone), the fallback takes it. */
static void pick_for_driver_and_gpu(void **state)
{
	const struct kb *kb = *state;
	struct version v = parse("2.8.0"), pascal = parse("6.1"), r470 = parse("470.82.01");
	const struct kb_torch_release *rel = kb_torch_release(kb, &v);
	assert_non_null(rel);
	struct torch_pick pick;
	struct torch_pick_need need = { &r470, KB_OS_LINUX, false, false, &pascal, NULL, NULL, NULL, 0, NULL, KB_WHEEL_LINUX_X86_64 };
	assert_false(torch_pick_build(&pick, kb, rel, &v, false, &need));
	const struct kb_torch_release *line;
	struct version patch;
	assert_true(torch_pick_newest(&pick, &line, &patch, kb, &need));
	assert_string_equal("cu118", pick.variant->name);
	assert_int_equal(FLOOR_MVC, pick.verdict);
	assert_version("2.5.1", &patch);
	assert_true(torch_pick_firsthand(line, pick.variant));

	struct version blackwell = parse("12.0"), r560 = parse("560.35.03");
	need.driver = &r560;
	need.cc = &blackwell;
	assert_true(torch_pick_newest(&pick, &line, &patch, kb, &need));
	assert_string_equal("cu129", pick.variant->name);
	assert_int_equal(FLOOR_MVC, pick.verdict);
	assert_version("2.12.1", &patch);
	assert_true(torch_pick_firsthand(line, pick.variant));
	/* 2.13's builds are all second-hand: need_firsthand finds none there */
	struct version v213 = parse("2.13.0");
	const struct kb_torch_release *rel213 = kb_torch_release(kb, &v213);
	assert_non_null(rel213);
	need.need_firsthand = true;
	assert_false(torch_pick_build(&pick, kb, rel213, &v213, false, &need));
	need.need_firsthand = false;
	assert_true(torch_pick_build(&pick, kb, rel213, &v213, false, &need));
	assert_false(torch_pick_firsthand(rel213, pick.variant));
}

/* A conda X.Y.Z prefix names one release; X.Y and ranges do not. */
static void pin_spec_release_shapes(void **state)
{
	(void)state;
	struct version v;
	struct pin p = conda("pytorch", "=2.1.0", NULL, at(1, 1, 2));
	assert_true(pin_spec_release(&p, &v));
	assert_version("2.1.0", &v);
	p = conda("pytorch", "2.1", NULL, at(1, 1, 2));
	assert_false(pin_spec_release(&p, &v));
	p = pip("torch", "==2.1.2", NULL, at(1, 1, 2));
	assert_true(pin_spec_release(&p, &v));
	assert_version("2.1.2", &v);
	p = pip("torch", ">=2.1,<2.2", NULL, at(1, 1, 2));
	assert_false(pin_spec_release(&p, &v));
}

/* pin_spec_line: every spelling of one release or one line, never a range or a major. */
static void pin_spec_line_shapes(void **state)
{
	(void)state;
	static const struct {
		bool conda;
		const char *spec, *want;
	} rows[] = {
		{ true, "=2.1", "2.1" },     { true, "2.1.0", "2.1.0" }, { true, "==2.1.0", "2.1.0" },
		{ true, "2.1.*", "2.1" },    { false, "==2.1.0", "2.1.0" }, { false, "==2.1.*", "2.1" },
		{ true, "=2", NULL },        { true, ">=2.1", NULL },    { false, ">=2.1,<2.2", NULL },
		{ false, "~=2.1", NULL },    { false, NULL, NULL },
	};
	for (size_t i = 0; i < ARRAY_LEN(rows); i++) {
		struct pin p = rows[i].conda ? conda("pytorch", rows[i].spec, NULL, at(1, 1, 2))
					     : pip("torch", rows[i].spec, NULL, at(1, 1, 2));
		struct version v;
		bool ok = pin_spec_line(&p, &v);
		if (ok != (rows[i].want != NULL))
			fail_msg("'%s': pin_spec_line gave %d", rows[i].spec ? rows[i].spec : "(none)", ok);
		if (ok)
			assert_version(rows[i].want, &v);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(claims_of_cuda_packages),
		cmocka_unit_test(claims_of_torch),
		cmocka_unit_test(claims_of_images),
		cmocka_unit_test(claims_none),
		cmocka_unit_test(scope_summary),
		cmocka_unit_test(scope_channels_and_python),
		cmocka_unit_test(torch_build_of_pip),
		cmocka_unit_test(torch_build_of_conda_and_images),
		cmocka_unit_test(pick_for_driver),
		cmocka_unit_test(pick_for_gpu),
		cmocka_unit_test(pick_for_driver_and_gpu),
		cmocka_unit_test(pin_spec_release_shapes),
		cmocka_unit_test(pin_spec_line_shapes),
	};
	return cmocka_run_group_tests(tests, kb_fixture_setup, kb_fixture_teardown);
}

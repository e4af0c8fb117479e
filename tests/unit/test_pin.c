/*
 * Unit tests for linter/pin.c: PEP 503 name normalisation
 * (https://peps.python.org/pep-0503/#normalized-names), the package roles per
 * ecosystem (pin_pkg_of), the pin list, and pin_dump, the readers' golden-test format.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "pin.h"
#include "util/buf.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define NAME_MAX_TEST 64

/* ------------------------------------------------------------------------- */
/* pin_normalize_name */

struct norm_case {
	const char *in;
	const char *want;
};

static const struct norm_case NORM_CASES[] = {
	{ "torch", "torch" },
	{ "Torch", "torch" },
	{ "PyTorch-CUDA", "pytorch-cuda" },
	{ "nvidia_cudnn_cu12", "nvidia-cudnn-cu12" },
	{ "nvidia.cuda.runtime.cu12", "nvidia-cuda-runtime-cu12" },
	/* PEP 503's own examples: every one normalises to the same name */
	{ "friendly-bard", "friendly-bard" },
	{ "Friendly-Bard", "friendly-bard" },
	{ "FRIENDLY-BARD", "friendly-bard" },
	{ "friendly.bard", "friendly-bard" },
	{ "friendly_bard", "friendly-bard" },
	{ "friendly--bard", "friendly-bard" },
	{ "FrIeNdLy-._.-bArD", "friendly-bard" },
	{ "cuda-version", "cuda-version" },
	{ "a", "a" },
	{ "", "" },
	{ "zope.interface", "zope-interface" },
	{ "ruamel.yaml.clib", "ruamel-yaml-clib" },
};

static void normalize_pep503(void **state)
{
	char buf[NAME_MAX_TEST];
	for (size_t i = 0; i < ARRAY_LEN(NORM_CASES); i++) {
		const struct norm_case *c = &NORM_CASES[i];
		char *r = pin_normalize_name(c->in, strlen(c->in), buf, sizeof(buf));
		assert_ptr_equal(buf, r);
		if (strcmp(c->want, buf))
			fail_msg("'%s': want '%s', got '%s'", c->in, c->want, buf);
	}
}

/* `len` bounds the input: the name need not be NUL-terminated where it ends. */
static void normalize_reads_len_bytes(void **state)
{
	char buf[NAME_MAX_TEST];
	const char *line = "Torch_Vision==0.16.0";
	pin_normalize_name(line, 12, buf, sizeof(buf));
	assert_string_equal("torch-vision", buf);
	pin_normalize_name(line, 0, buf, sizeof(buf));
	assert_string_equal("", buf);
}

/* Output is cut at size-1 bytes and always terminated; size 0 writes nothing. */
static void normalize_truncates(void **state)
{
	char buf[8];
	memset(buf, 'x', sizeof(buf));
	pin_normalize_name("PyTorch-CUDA", 12, buf, 6);
	assert_string_equal("pytor", buf);
	assert_int_equal('x', buf[6]);
	pin_normalize_name("torch", 5, buf, 1);
	assert_string_equal("", buf);
	memset(buf, 'x', sizeof(buf));
	assert_ptr_equal(buf, pin_normalize_name("torch", 5, buf, 0));
	assert_int_equal('x', buf[0]);
	pin_normalize_name("Torch", 5, buf, 6);
	assert_string_equal("torch", buf);
}

/* ------------------------------------------------------------------------- */
/* pin_pkg_of */

struct role_case {
	const char *name;
	enum pin_pkg pip, conda, docker;
};

static const struct role_case ROLE_CASES[] = {
	/* name                       pip                   conda                 docker */
	{ "torch", PIN_PKG_TORCH, PIN_PKG_OTHER, PIN_PKG_TORCH },
	{ "pytorch", PIN_PKG_OTHER, PIN_PKG_TORCH, PIN_PKG_TORCH },
	{ "pytorch-gpu", PIN_PKG_OTHER, PIN_PKG_TORCH, PIN_PKG_TORCH },
	{ "torchvision", PIN_PKG_TORCHVISION, PIN_PKG_TORCHVISION, PIN_PKG_TORCHVISION },
	{ "torchaudio", PIN_PKG_TORCHAUDIO, PIN_PKG_TORCHAUDIO, PIN_PKG_TORCHAUDIO },
	{ "python", PIN_PKG_OTHER, PIN_PKG_PYTHON, PIN_PKG_PYTHON },
	{ "cudatoolkit", PIN_PKG_OTHER, PIN_PKG_CUDA, PIN_PKG_CUDA },
	{ "cuda-toolkit", PIN_PKG_CUDA, PIN_PKG_CUDA, PIN_PKG_CUDA },
	{ "cuda-version", PIN_PKG_OTHER, PIN_PKG_CUDA, PIN_PKG_CUDA },
	{ "cuda-runtime", PIN_PKG_OTHER, PIN_PKG_CUDA, PIN_PKG_CUDA },
	{ "cuda-cudart", PIN_PKG_OTHER, PIN_PKG_CUDA, PIN_PKG_CUDA },
	{ "pytorch-cuda", PIN_PKG_OTHER, PIN_PKG_CUDA, PIN_PKG_CUDA },
	{ "nvidia-cuda-runtime", PIN_PKG_CUDA, PIN_PKG_OTHER, PIN_PKG_CUDA },
	{ "cudnn", PIN_PKG_OTHER, PIN_PKG_CUDNN, PIN_PKG_CUDNN },
	{ "cpuonly", PIN_PKG_OTHER, PIN_PKG_CPUONLY, PIN_PKG_CPUONLY },
	/* NVIDIA's pip wheels: the family is the prefix, the suffix the CUDA major */
	{ "nvidia-cudnn-cu11", PIN_PKG_CUDNN, PIN_PKG_OTHER, PIN_PKG_CUDNN },
	{ "nvidia-cudnn-cu12", PIN_PKG_CUDNN, PIN_PKG_OTHER, PIN_PKG_CUDNN },
	{ "nvidia-cudnn-cu13", PIN_PKG_CUDNN, PIN_PKG_OTHER, PIN_PKG_CUDNN },
	{ "nvidia-cuda-runtime-cu11", PIN_PKG_CUDA, PIN_PKG_OTHER, PIN_PKG_CUDA },
	{ "nvidia-cuda-runtime-cu12", PIN_PKG_CUDA, PIN_PKG_OTHER, PIN_PKG_CUDA },
	/* the bare prefix has no suffix, so it is no package of the family */
	{ "nvidia-cudnn-cu", PIN_PKG_OTHER, PIN_PKG_OTHER, PIN_PKG_OTHER },
	{ "nvidia-cuda-runtime-cu", PIN_PKG_OTHER, PIN_PKG_OTHER, PIN_PKG_OTHER },
	/* neighbours that are not the family */
	{ "nvidia-cudnn", PIN_PKG_OTHER, PIN_PKG_OTHER, PIN_PKG_OTHER },
	{ "nvidia-cublas-cu12", PIN_PKG_OTHER, PIN_PKG_OTHER, PIN_PKG_OTHER },
	{ "nvidia-cuda-nvrtc-cu12", PIN_PKG_OTHER, PIN_PKG_OTHER, PIN_PKG_OTHER },
	{ "torchtext", PIN_PKG_OTHER, PIN_PKG_OTHER, PIN_PKG_OTHER },
	{ "torc", PIN_PKG_OTHER, PIN_PKG_OTHER, PIN_PKG_OTHER },
	{ "numpy", PIN_PKG_OTHER, PIN_PKG_OTHER, PIN_PKG_OTHER },
	{ "", PIN_PKG_OTHER, PIN_PKG_OTHER, PIN_PKG_OTHER },
	{ "a", PIN_PKG_OTHER, PIN_PKG_OTHER, PIN_PKG_OTHER },
	{ "zzz", PIN_PKG_OTHER, PIN_PKG_OTHER, PIN_PKG_OTHER },
};

static void pkg_roles(void **state)
{
	for (size_t i = 0; i < ARRAY_LEN(ROLE_CASES); i++) {
		const struct role_case *c = &ROLE_CASES[i];
		const enum pin_pkg want[] = { c->pip, c->conda, c->docker };
		const enum pin_eco eco[] = { PIN_ECO_PIP, PIN_ECO_CONDA, PIN_ECO_DOCKER };
		for (size_t e = 0; e < ARRAY_LEN(eco); e++) {
			enum pin_pkg got = pin_pkg_of(c->name, eco[e]);
			if (got != want[e])
				fail_msg("'%s' in %s: want %s, got %s", c->name, pin_eco_name(eco[e]),
					 pin_pkg_name(want[e]), pin_pkg_name(got));
		}
	}
}

/* Roles are looked up by the normalised name only. */
static void pkg_roles_need_normalised_names(void **state)
{
	char buf[NAME_MAX_TEST];
	assert_int_equal(PIN_PKG_OTHER, pin_pkg_of("Torch", PIN_ECO_PIP));
	assert_int_equal(PIN_PKG_OTHER, pin_pkg_of("nvidia_cudnn_cu12", PIN_ECO_PIP));
	const char *raw = "NVIDIA_CUDNN.CU12";
	pin_normalize_name(raw, strlen(raw), buf, sizeof(buf));
	assert_int_equal(PIN_PKG_CUDNN, pin_pkg_of(buf, PIN_ECO_PIP));
}

/* ------------------------------------------------------------------------- */
/* pin_list */

static void list_push_copies_and_grows(void **state)
{
	struct pin_list l = PIN_LIST_INIT;
	char names[100][8];
	for (size_t i = 0; i < ARRAY_LEN(names); i++) {
		struct pin p;
		memset(&p, 0, sizeof(p));
		snprintf(names[i], sizeof(names[i]), "p%zu", i);
		p.name = names[i];
		p.scope = (uint32_t)i;
		struct pin *stored = pin_list_push(&l, &p);
		assert_ptr_equal(&l.items[i], stored);
		p.scope = 9999;
		assert_int_equal(i, stored->scope);
	}
	assert_int_equal(100, l.nr);
	assert_true(l.alloc >= l.nr);
	for (size_t i = 0; i < l.nr; i++) {
		assert_string_equal(names[i], l.items[i].name);
		assert_int_equal(i, l.items[i].scope);
	}
	pin_list_release(&l);
	assert_null(l.items);
	assert_int_equal(0, l.nr);
	assert_int_equal(0, l.alloc);
	pin_list_release(&l);
}

/* ------------------------------------------------------------------------- */
/* pin_dump */

static struct span at(uint32_t line, uint32_t col, uint32_t end_line, uint32_t end_col)
{
	struct span s = { line, col, end_line, end_col, 0, 0 };
	return s;
}

static void assert_dump(const struct pin *p, const char *want)
{
	struct buf out = BUF_INIT;
	pin_dump(p, &out);
	assert_string_equal(want, out.buf);
	buf_release(&out);
}

static void dump_package(void **state)
{
	struct pin p;
	memset(&p, 0, sizeof(p));
	p.kind = PIN_KIND_PACKAGE;
	p.eco = PIN_ECO_PIP;
	p.pkg = PIN_PKG_TORCH;
	p.name = "torch";
	p.spec = "==2.1.0+cu121";
	p.variant = "cu121";
	p.span = at(3, 9, 3, 22);
	p.name_span = at(3, 1, 3, 6);
	p.scope = 1;
	assert_dump(&p, "3:9-3:22 package pip torch name='torch' spec='==2.1.0+cu121' variant='cu121' "
			"name@3:1 scope=1");
}

/* Every optional field, in the dump's fixed order. */
static void dump_all_fields(void **state)
{
	struct pin p;
	memset(&p, 0, sizeof(p));
	p.kind = PIN_KIND_PACKAGE;
	p.eco = PIN_ECO_CONDA;
	p.pkg = PIN_PKG_TORCH;
	p.name = "pytorch";
	p.spec = "==2.1.0";
	p.variant = "py3.10_cuda12.1_cudnn8.9.2_0";
	p.channel = "pytorch";
	p.url = "https://example.org/t.whl";
	p.digest = "sha256:0123";
	p.span = at(4, 21, 4, 28);
	p.name_span = at(4, 14, 4, 21);
	p.via = at(2, 1, 2, 30);
	p.unresolved = true;
	p.scope = 7;
	assert_dump(&p, "4:21-4:28 package conda torch name='pytorch' spec='==2.1.0' "
			"variant='py3.10_cuda12.1_cudnn8.9.2_0' channel='pytorch' "
			"url='https://example.org/t.whl' digest='sha256:0123' name@4:14 via=2:1 "
			"unresolved scope=7");
}

static void dump_index_kinds(void **state)
{
	static const struct {
		enum pin_index_kind kind;
		const char *want;
	} cases[] = {
		{ PIN_INDEX_URL, "1:13-1:51 index pip other name='--index-url' index='index-url' spec='u' scope=1" },
		{ PIN_INDEX_EXTRA, "1:13-1:51 index pip other name='--index-url' index='extra-index-url' spec='u' scope=1" },
		{ PIN_INDEX_FIND_LINKS, "1:13-1:51 index pip other name='--index-url' index='find-links' spec='u' scope=1" },
		{ PIN_INDEX_CHANNEL, "1:13-1:51 index pip other name='--index-url' index='channel' spec='u' scope=1" },
		{ PIN_INDEX_NONE, "1:13-1:51 index pip other name='--index-url' spec='u' scope=1" },
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct pin p;
		memset(&p, 0, sizeof(p));
		p.kind = PIN_KIND_INDEX;
		p.index_kind = cases[i].kind;
		p.name = "--index-url";
		p.spec = "u";
		p.span = at(1, 13, 1, 51);
		p.scope = 1;
		assert_dump(&p, cases[i].want);
	}
}

/* index= belongs to index pins only. */
static void dump_image_and_env(void **state)
{
	struct pin p;
	memset(&p, 0, sizeof(p));
	p.kind = PIN_KIND_IMAGE;
	p.eco = PIN_ECO_DOCKER;
	p.index_kind = PIN_INDEX_URL;
	p.name = "nvidia/cuda";
	p.spec = "12.1.0-devel-ubuntu22.04";
	p.span = at(2, 18, 2, 24);
	p.name_span = at(3, 6, 3, 17);
	p.via = at(2, 1, 2, 24);
	p.scope = 1;
	assert_dump(&p, "2:18-2:24 image docker other name='nvidia/cuda' spec='12.1.0-devel-ubuntu22.04' "
			"name@3:6 via=2:1 scope=1");
	memset(&p, 0, sizeof(p));
	p.kind = PIN_KIND_ENV;
	p.eco = PIN_ECO_DOCKER;
	p.pkg = PIN_PKG_CUDA;
	p.name = "CUDA_VERSION";
	p.spec = "12.4.1";
	p.span = at(2, 18, 2, 24);
	p.scope = 2;
	assert_dump(&p, "2:18-2:24 env docker cuda name='CUDA_VERSION' spec='12.4.1' scope=2");
}

/* A zeroed pin: no span, no strings; every enum's first name. */
static void dump_empty_pin(void **state)
{
	struct pin p;
	memset(&p, 0, sizeof(p));
	assert_dump(&p, "0:0-0:0 package pip other scope=0");
}

/* Quotes and backslashes are escaped, control bytes written as \xNN, so one pin is
 * always one line; other bytes (UTF-8 included) pass through. */
static void dump_escapes(void **state)
{
	struct pin p;
	memset(&p, 0, sizeof(p));
	p.kind = PIN_KIND_PACKAGE;
	p.pkg = PIN_PKG_OTHER;
	p.name = "a'b\\c";
	p.spec = "==1\n\r\t\x01\x1f";
	p.variant = "\xc3\xa9\x7f";
	p.span = at(1, 1, 1, 2);
	assert_dump(&p, "1:1-1:2 package pip other name='a\\'b\\\\c' spec='==1\\x0a\\x0d\\x09\\x01\\x1f' "
			"variant='\xc3\xa9\x7f' scope=0");
}

static void enum_names(void **state)
{
	assert_string_equal("package", pin_kind_name(PIN_KIND_PACKAGE));
	assert_string_equal("image", pin_kind_name(PIN_KIND_IMAGE));
	assert_string_equal("index", pin_kind_name(PIN_KIND_INDEX));
	assert_string_equal("env", pin_kind_name(PIN_KIND_ENV));
	static const char *const pkgs[] = { "other", "torch", "torchvision", "torchaudio",
					    "python", "cuda", "cudnn", "cpuonly" };
	for (size_t i = 0; i < ARRAY_LEN(pkgs); i++)
		assert_string_equal(pkgs[i], pin_pkg_name((enum pin_pkg)i));
	assert_string_equal("pip", pin_eco_name(PIN_ECO_PIP));
	assert_string_equal("conda", pin_eco_name(PIN_ECO_CONDA));
	assert_string_equal("docker", pin_eco_name(PIN_ECO_DOCKER));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(normalize_pep503),
		cmocka_unit_test(normalize_reads_len_bytes),
		cmocka_unit_test(normalize_truncates),
		cmocka_unit_test(pkg_roles),
		cmocka_unit_test(pkg_roles_need_normalised_names),
		cmocka_unit_test(list_push_copies_and_grows),
		cmocka_unit_test(dump_package),
		cmocka_unit_test(dump_all_fields),
		cmocka_unit_test(dump_index_kinds),
		cmocka_unit_test(dump_image_and_env),
		cmocka_unit_test(dump_empty_pin),
		cmocka_unit_test(dump_escapes),
		cmocka_unit_test(enum_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Golden tests for the pip requirements reader: each case reads a source and compares the
 * pin_dump() lines (spans included) and the EL diagnostics ("EL003 2:1-2:7") with what is
 * expected. Includes use real files under a mkdtemp directory.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "tmpdir.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "pin.h"
#include "readers/readers.h"
#include "source.h"
#include "util/arena.h"
#include "util/buf.h"

struct fx {
	struct arena arena;
	struct pin_list pins;
	struct diag_list diags;
	struct read_ctx ctx;
	struct source src;
	struct buf out;
};

static void fx_init(struct fx *f)
{
	arena_init(&f->arena);
	f->pins = (struct pin_list)PIN_LIST_INIT;
	f->diags = (struct diag_list)DIAG_LIST_INIT;
	read_ctx_init(&f->ctx, &f->arena, &f->pins, &f->diags);
	buf_init(&f->out, BUF_DEFAULT_CAP);
}

static void fx_release(struct fx *f)
{
	buf_release(&f->out);
	pin_list_release(&f->pins);
	diag_list_release(&f->diags);
	arena_release(&f->arena);
}

/* Every pin, one pin_dump line each, newline-terminated. */
static const char *dump_pins(struct fx *f)
{
	buf_reset(&f->out);
	for (size_t i = 0; i < f->pins.nr; i++) {
		pin_dump(&f->pins.items[i], &f->out);
		buf_addch(&f->out, '\n');
	}
	return f->out.buf;
}

/* Every diag as "RULE line:col-line:col", newline-terminated, in the order recorded. */
static const char *dump_diags(struct fx *f)
{
	buf_reset(&f->out);
	for (size_t i = 0; i < f->diags.nr; i++) {
		const struct diag *d = &f->diags.items[i];
		buf_addf(&f->out, "%s %u:%u-%u:%u\n", rule_info(d->rule)->id, d->span.line,
			 d->span.column, d->span.end_line, d->span.end_column);
	}
	return f->out.buf;
}

static void read_mem(struct fx *f, const char *text, size_t len)
{
	source_from_memory(&f->src, "requirements.txt", text, len, &f->arena);
	assert_true(read_requirements(&f->ctx, &f->src));
}

#define READ(f, lit) read_mem((f), (lit), sizeof(lit) - 1)

/* Reads `text` and compares pins and diags with the expected dumps. */
static void check(const char *text, const char *want_pins, const char *want_diags)
{
	struct fx f;
	fx_init(&f);
	read_mem(&f, text, strlen(text));
	assert_string_equal(dump_pins(&f), want_pins);
	assert_string_equal(dump_diags(&f), want_diags);
	fx_release(&f);
}

/* ------------------------------------------------------------------ requirement lines */

static void test_exact_pin(void **state)
{
	check("torch==2.1.0\n",
	      "1:6-1:13 package pip torch name='torch' spec='==2.1.0' name@1:1 scope=1\n", "");
}

static void test_local_label(void **state)
{
	check("torch==2.1.0+cu121\n",
	      "1:6-1:19 package pip torch name='torch' spec='==2.1.0+cu121' variant='cu121' name@1:1 scope=1\n",
	      "");
}

static void test_cpu_and_rocm_labels(void **state)
{
	check("torch==2.4.0+cpu;sys_platform=='linux'\ntorchvision==0.20.1+rocm6.2; sys_platform == 'linux'\n",
	      "1:6-1:17 package pip torch name='torch' spec='==2.4.0+cpu' variant='cpu' name@1:1 marker scope=1\n"
	      "2:12-2:28 package pip torchvision name='torchvision' spec='==0.20.1+rocm6.2' variant='rocm6.2' name@2:1 marker scope=1\n",
	      "");
}

static void test_range_spec(void **state)
{
	check("torchvision>=0.15,<0.17\n",
	      "1:12-1:24 package pip torchvision name='torchvision' spec='>=0.15,<0.17' name@1:1 scope=1\n",
	      "");
}

static void test_spec_with_spaces(void **state)
{
	check("torch >= 2.0, <2.2   \n",
	      "1:7-1:19 package pip torch name='torch' spec='>= 2.0, <2.2' name@1:1 scope=1\n", "");
}

static void test_parenthesised_spec(void **state)
{
	check("torch (>=2.0,<2.2)\n",
	      "1:8-1:18 package pip torch name='torch' spec='>=2.0,<2.2' name@1:1 scope=1\n", "");
}

static void test_triple_equals_variant(void **state)
{
	check("torch===2.1.0+cu118\n",
	      "1:6-1:20 package pip torch name='torch' spec='===2.1.0+cu118' variant='cu118' name@1:1 scope=1\n",
	      "");
}

static void test_no_variant_unless_one_exact_version(void **state)
{
	check("torch==2.1.0+cu121,<3\ntorch>=2.1.0+cu121\ntorch==2.1.*\n",
	      "1:6-1:22 package pip torch name='torch' spec='==2.1.0+cu121,<3' name@1:1 scope=1\n"
	      "2:6-2:19 package pip torch name='torch' spec='>=2.1.0+cu121' name@2:1 scope=1\n"
	      "3:6-3:13 package pip torch name='torch' spec='==2.1.*' name@3:1 scope=1\n",
	      "");
}

static void test_unpinned(void **state)
{
	check("torch\ntorchaudio[extra]\n",
	      "1:1-1:6 package pip torch name='torch' name@1:1 scope=1\n"
	      "2:1-2:11 package pip torchaudio name='torchaudio' name@2:1 scope=1\n",
	      "");
}

static void test_extras_and_markers(void **state)
{
	check("torch[opt-einsum, cuda] >=2.0 ; python_version >= \"3.8\" and extra == 'x'\n",
	      "1:25-1:30 package pip torch name='torch' spec='>=2.0' name@1:1 marker scope=1\n", "");
}

static void test_name_normalised(void **state)
{
	/* PEP 503: runs of -_. become one '-', so Torch_Vision is torch-vision, not torchvision. */
	check("TorchVision==0.16.0\nTorch_Vision==0.16.0\nNVIDIA.CUDNN_cu12==8.9.2.26\n",
	      "1:12-1:20 package pip torchvision name='torchvision' spec='==0.16.0' name@1:1 scope=1\n"
	      "2:13-2:21 package pip other name='torch-vision' spec='==0.16.0' name@2:1 scope=1\n"
	      "3:18-3:28 package pip cudnn name='nvidia-cudnn-cu12' spec='==8.9.2.26' name@3:1 scope=1\n",
	      "");
}

static void test_only_interesting_packages_kept(void **state)
{
	check("numpy==1.26\nrequests\nnvidia-nccl-cu12==2.18.1\ntorch-scatter\npytorch==2.0\ncuda-toolkit==12.1\n",
	      "3:17-3:25 package pip other name='nvidia-nccl-cu12' spec='==2.18.1' name@3:1 scope=1\n"
	      "4:1-4:14 package pip other name='torch-scatter' name@4:1 scope=1\n"
	      "5:8-5:13 package pip other name='pytorch' spec='==2.0' name@5:1 scope=1\n"
	      "6:13-6:19 package pip cuda name='cuda-toolkit' spec='==12.1' name@6:1 scope=1\n",
	      "");
}

/* ------------------------------------------------------------------ URLs and paths */

static void test_direct_reference_wheel(void **state)
{
	check("torch @ https://download.pytorch.org/whl/cu121/torch-2.1.0%2Bcu121-cp310-cp310-linux_x86_64.whl\n",
	      "1:54-1:67 package pip torch name='torch' spec='==2.1.0+cu121' variant='cu121' "
	      "url='https://download.pytorch.org/whl/cu121/torch-2.1.0%2Bcu121-cp310-cp310-linux_x86_64.whl' "
	      "name@1:1 scope=1\n",
	      "");
}

static void test_direct_reference_vcs(void **state)
{
	check("torch @ git+https://github.com/pytorch/pytorch@v2.1.0 ; python_version > '3'\n",
	      "1:1-1:54 package pip torch name='torch' url='git+https://github.com/pytorch/pytorch@v2.1.0' "
	      "name@1:1 marker scope=1\n",
	      "");
}

static void test_bare_wheel_url(void **state)
{
	check("https://download.pytorch.org/whl/cpu/torch-1.8.1%2Bcpu-cp37-cp37m-linux_x86_64.whl\n",
	      "1:44-1:55 package pip torch name='torch' spec='==1.8.1+cpu' variant='cpu' "
	      "url='https://download.pytorch.org/whl/cpu/torch-1.8.1%2Bcpu-cp37-cp37m-linux_x86_64.whl' "
	      "name@1:38 scope=1\n",
	      "");
}

static void test_bare_wheel_url_with_marker(void **state)
{
	check("https://x.org/w/torchvision-0.16.0+cu121-cp310-cp310-linux_x86_64.whl; sys_platform == 'linux'\n",
	      "1:29-1:41 package pip torchvision name='torchvision' spec='==0.16.0+cu121' variant='cu121' "
	      "url='https://x.org/w/torchvision-0.16.0+cu121-cp310-cp310-linux_x86_64.whl' name@1:17 marker scope=1\n",
	      "");
}

static void test_local_wheel_paths(void **state)
{
	check("./wheels/torch-2.1.0+cu118-cp311-cp311-linux_x86_64.whl\n"
	      "torchaudio-2.1.0-1-cp311-cp311-win_amd64.whl\n",
	      "1:16-1:27 package pip torch name='torch' spec='==2.1.0+cu118' variant='cu118' "
	      "url='./wheels/torch-2.1.0+cu118-cp311-cp311-linux_x86_64.whl' name@1:10 scope=1\n"
	      "2:12-2:17 package pip torchaudio name='torchaudio' spec='==2.1.0' "
	      "url='torchaudio-2.1.0-1-cp311-cp311-win_amd64.whl' name@2:1 scope=1\n",
	      "");
}

static void test_malformed_wheel_name(void **state)
{
	check("https://x.org/torch-2.1.0.whl\ntorch==1\n",
	      "2:6-2:9 package pip torch name='torch' spec='==1' name@2:1 scope=1\n",
	      "EL003 1:1-1:30\n");
}

static void test_egg_fragment_is_not_a_comment(void **state)
{
	check("https://github.com/x/torchmetrics/archive/v1.zip#egg=torchmetrics # a comment\n"
	      "https://github.com/x/y/archive/v1.zip#egg=clip\n",
	      "1:1-1:66 package pip other name='torchmetrics' "
	      "url='https://github.com/x/torchmetrics/archive/v1.zip#egg=torchmetrics' name@1:54 scope=1\n",
	      "");
}

static void test_vcs_and_editable_skipped(void **state)
{
	check("-e .\n-e git+https://x/torch.git#egg=torch\n--editable ./torchlocal\n"
	      "git+https://github.com/pytorch/vision.git\n.\n./local/torchpkg\nhg+https://x/torch\n",
	      "", "");
}

/* ------------------------------------------------------------------ options */

static void test_index_options(void **state)
{
	check("--index-url https://download.pytorch.org/whl/cu121\n"
	      "--extra-index-url=https://pypi.nvidia.com\n"
	      "-f https://download.pytorch.org/whl/torch_stable.html\n"
	      "-ihttps://pypi.org/simple\n"
	      "--find-links='https://x/links'\n",
	      "1:13-1:51 index pip other name='--index-url' index='index-url' spec='https://download.pytorch.org/whl/cu121' name@1:1 scope=1\n"
	      "2:19-2:42 index pip other name='--extra-index-url' index='extra-index-url' spec='https://pypi.nvidia.com' name@2:1 scope=1\n"
	      "3:4-3:54 index pip other name='--find-links' index='find-links' spec='https://download.pytorch.org/whl/torch_stable.html' name@3:1 scope=1\n"
	      "4:3-4:26 index pip other name='--index-url' index='index-url' spec='https://pypi.org/simple' name@4:1 scope=1\n"
	      "5:15-5:30 index pip other name='--find-links' index='find-links' spec='https://x/links' name@5:1 scope=1\n",
	      "");
}

static void test_several_options_on_a_line(void **state)
{
	check("--extra-index-url https://a.org/cu116 --trusted-host a.org --pre -i https://b.org\n",
	      "1:19-1:38 index pip other name='--extra-index-url' index='extra-index-url' spec='https://a.org/cu116' name@1:1 scope=1\n"
	      "1:69-1:82 index pip other name='--index-url' index='index-url' spec='https://b.org' name@1:66 scope=1\n",
	      "");
}

static void test_options_skipped(void **state)
{
	check("--pre\n--no-binary :all:\n--only-binary=:none:\n--prefer-binary\n--trusted-host h\n"
	      "--no-index\n--use-feature fast-deps\n--require-hashes\n--some-future-flag\n-q\ntorch==2.1\n",
	      "11:6-11:11 package pip torch name='torch' spec='==2.1' name@11:1 scope=1\n", "");
}

static void test_hashes_after_requirement(void **state)
{
	check("torch==2.1.0 \\\n    --hash=sha256:abc \\\n    --hash=sha256:def\ntorchvision==0.16.0 --hash=sha256:0\n",
	      "1:6-1:13 package pip torch name='torch' spec='==2.1.0' name@1:1 scope=1\n"
	      "4:12-4:20 package pip torchvision name='torchvision' spec='==0.16.0' name@4:1 scope=1\n",
	      "");
}

static void test_unknown_option_value_form(void **state)
{
	/* An unknown option's value is not taken as a requirement in a file. */
	check("--some-new-option value torch==1\ntorch==2\n",
	      "2:6-2:9 package pip torch name='torch' spec='==2' name@2:1 scope=1\n", "");
}

/* ------------------------------------------------------------------ lines */

static void test_continuation_spans(void **state)
{
	check("torch>=2.0,\\\n   <2.2\n--extra-index-url \\\n  https://x.org/cu121\n",
	      "1:6-2:8 package pip torch name='torch' spec='>=2.0,   <2.2' name@1:1 scope=1\n"
	      "4:3-4:22 index pip other name='--extra-index-url' index='extra-index-url' spec='https://x.org/cu121' name@3:1 scope=1\n",
	      "");
}

static void test_continuation_joins_without_space(void **state)
{
	check("torch\\\n==2.1.0\n",
	      "2:1-2:8 package pip torch name='torch' spec='==2.1.0' name@1:1 scope=1\n", "");
}

static void test_comment_only_line_ends_continuation(void **state)
{
	check("torch==2.1 \\\n# comment \\\ntorchvision==0.16\n",
	      "1:6-1:11 package pip torch name='torch' spec='==2.1' name@1:1 scope=1\n"
	      "3:12-3:18 package pip torchvision name='torchvision' spec='==0.16' name@3:1 scope=1\n",
	      "");
}

static void test_comment_swallows_continued_line(void **state)
{
	/* pip joins first and strips comments after: the comment eats the joined line. */
	check("torch==2.1 # note \\\ntorchvision==0.16\ntorchaudio==2.1\n",
	      "1:6-1:11 package pip torch name='torch' spec='==2.1' name@1:1 scope=1\n"
	      "3:11-3:16 package pip torchaudio name='torchaudio' spec='==2.1' name@3:1 scope=1\n",
	      "");
}

static void test_comments(void **state)
{
	check("# header\ntorch==2.1.0  # pinned for cu121\n   # indented\n\t#tab\n",
	      "2:6-2:13 package pip torch name='torch' spec='==2.1.0' name@2:1 scope=1\n", "");
}

static void test_crlf(void **state)
{
	check("torch==2.1.0\r\ntorchvision==0.16.0 \\\r\n  ; python_version > '3'\r\n",
	      "1:6-1:13 package pip torch name='torch' spec='==2.1.0' name@1:1 scope=1\n"
	      "2:12-2:20 package pip torchvision name='torchvision' spec='==0.16.0' name@2:1 marker scope=1\n",
	      "");
}

static void test_lone_cr(void **state)
{
	/* Old Mac line ends: pip's str.splitlines() ends a line at a lone '\r' too. */
	check("torch==2.1.0\r\rtorchvision==0.16.0 \\\r  ; python_version > '3'\rnumpy\r\n",
	      "1:6-1:13 package pip torch name='torch' spec='==2.1.0' name@1:1 scope=1\n"
	      "3:12-3:20 package pip torchvision name='torchvision' spec='==0.16.0' name@3:1 marker scope=1\n",
	      "");
}

static void test_bom(void **state)
{
	check("\xEF\xBB\xBFtorch==2.1.0\n",
	      "1:6-1:13 package pip torch name='torch' spec='==2.1.0' name@1:1 scope=1\n", "");
}

static void test_blank_lines_and_no_final_newline(void **state)
{
	check("\n\n   \n\ttorch==2.1.0",
	      "4:7-4:14 package pip torch name='torch' spec='==2.1.0' name@4:2 scope=1\n", "");
}

static void test_columns_count_code_points(void **state)
{
	check("-i https://\xC3\xBC.org/x --extra-index-url https://y\n",
	      "1:4-1:19 index pip other name='--index-url' index='index-url' spec='https://\xC3\xBC.org/x' name@1:1 scope=1\n"
	      "1:38-1:47 index pip other name='--extra-index-url' index='extra-index-url' spec='https://y' name@1:20 scope=1\n",
	      "");
}

static void test_backslash_at_eof(void **state)
{
	check("torch==2.1.0 \\",
	      "1:6-1:13 package pip torch name='torch' spec='==2.1.0' name@1:1 scope=1\n", "");
	check("\\", "", "");
	check("torch\\\n", "1:1-1:6 package pip torch name='torch' name@1:1 scope=1\n", "");
}

/* ------------------------------------------------------------------ variables */

static void test_env_var_in_spec(void **state)
{
	check("torch==${TORCH_VERSION}\n",
	      "1:6-1:24 package pip torch name='torch' spec='==${TORCH_VERSION}' name@1:1 unresolved scope=1\n",
	      "EL004 1:8-1:24\n");
}

static void test_env_var_in_urls(void **state)
{
	check("--index-url ${PIP_INDEX}/simple\ntorch @ https://x/${WHEELS}/torch-2.1.0-cp310-cp310-linux_x86_64.whl\n",
	      "1:13-1:32 index pip other name='--index-url' index='index-url' spec='${PIP_INDEX}/simple' name@1:1 unresolved scope=1\n"
	      "2:35-2:40 package pip torch name='torch' spec='==2.1.0' url='https://x/${WHEELS}/torch-2.1.0-cp310-cp310-linux_x86_64.whl' name@2:1 unresolved scope=1\n",
	      "EL004 1:13-1:25\nEL004 2:19-2:28\n");
}

static void test_env_var_in_name(void **state)
{
	check("${PKG}==1.0\n", "", "EL004 1:1-1:7\n");
}

static void test_lowercase_var_is_not_pips(void **state)
{
	check("torch==${v}\n",
	      "1:6-1:12 package pip torch name='torch' spec='==${v}' name@1:1 scope=1\n", "");
}

/* ------------------------------------------------------------------ bad input */

static void test_invalid_lines(void **state)
{
	check("torch==\ntorch>=2.0<3\n[bad]\ntorch-\ntorchvision==0.16\ntorch @\n",
	      "5:12-5:18 package pip torchvision name='torchvision' spec='==0.16' name@5:1 scope=1\n",
	      "EL003 1:1-1:8\nEL003 2:1-2:13\nEL003 3:1-3:6\nEL003 4:1-4:7\nEL003 6:1-6:8\n");
}

static void test_invalid_message(void **state)
{
	struct fx f;
	fx_init(&f);
	READ(&f, "torch==\n");
	assert_int_equal(f.diags.nr, 1);
	assert_string_equal(f.diags.items[0].message,
			    "cannot parse requirement 'torch==': expected a version after the operator");
	assert_int_equal(f.diags.items[0].severity, SEV_WARNING);
	fx_release(&f);
}

static void test_nul_bytes(void **state)
{
	struct fx f;
	fx_init(&f);
	READ(&f, "torch==2.1\0.0\ntorchvision==0.16\n\0\n");
	assert_string_equal(dump_pins(&f),
			    "2:12-2:18 package pip torchvision name='torchvision' spec='==0.16' name@2:1 scope=1\n");
	assert_string_equal(dump_diags(&f), "EL003 1:1-1:14\nEL003 3:1-3:2\n");
	fx_release(&f);
}

static void test_invalid_utf8(void **state)
{
	check("torch\xff==1\n\xc3(\ntorch==2 ; x == '\xfe'\n",
	      "3:6-3:9 package pip torch name='torch' spec='==2' name@3:1 marker scope=1\n",
	      "EL003 1:1-1:10\nEL003 2:1-2:3\n");
}

static void test_long_line(void **state)
{
	size_t n = READER_MAX_LINE_BYTES + 10;
	char *text = malloc(n + 32);
	memset(text, 'a', n);
	memcpy(text + n, "\ntorch==2.1\n", 12);
	struct fx f;
	fx_init(&f);
	read_mem(&f, text, n + 12);
	assert_string_equal(dump_pins(&f),
			    "2:6-2:11 package pip torch name='torch' spec='==2.1' name@2:1 scope=1\n");
	assert_int_equal(f.diags.nr, 1);
	assert_int_equal(f.diags.items[0].rule, RULE_EL007);
	assert_int_equal(f.diags.items[0].span.line, 1);
	fx_release(&f);
	free(text);
}

static void test_long_continued_line(void **state)
{
	/* Many short physical lines joined past the limit: one EL007, then reading goes on. */
	size_t lines = READER_MAX_LINE_BYTES / 8 + 10;
	struct buf b;
	buf_init(&b, BUF_DEFAULT_CAP);
	for (size_t i = 0; i < lines; i++)
		buf_adds(&b, "aaaaaaaaa\\\n");
	buf_adds(&b, "x\ntorch==1\n");
	struct fx f;
	fx_init(&f);
	read_mem(&f, b.buf, b.len);
	assert_int_equal(f.pins.nr, 1);
	assert_string_equal(dump_diags(&f), "EL007 1:1-1:11\n");
	fx_release(&f);
	buf_release(&b);
}

static void test_100k_lines(void **state)
{
	struct buf b;
	buf_init(&b, BUF_DEFAULT_CAP);
	for (int i = 0; i < 100000; i++) {
		if (i % 10 == 0)
			buf_addf(&b, "torch==2.%d.0+cu121 ; python_version > '3' # c\n", i);
		else
			buf_addf(&b, "package-%d[x]>=1.%d,<2 \\\n  --hash=sha256:%d\n", i, i, i);
	}
	clock_t t0 = clock();
	struct fx f;
	fx_init(&f);
	read_mem(&f, b.buf, b.len);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	assert_int_equal(f.pins.nr, 10000);
	assert_int_equal(f.diags.nr, 0);
	assert_int_equal(f.pins.items[9999].span.line, 9999 * 19 + 1);
	assert_true(secs < 5.0);
	fx_release(&f);
	buf_release(&b);
}

static void test_pin_limit(void **state)
{
	struct buf b;
	buf_init(&b, BUF_DEFAULT_CAP);
	for (int i = 0; i < READER_MAX_PINS + 5; i++)
		buf_adds(&b, "torch\n");
	struct fx f;
	fx_init(&f);
	read_mem(&f, b.buf, b.len);
	assert_int_equal(f.pins.nr, READER_MAX_PINS);
	assert_int_equal(f.diags.nr, 1);
	assert_int_equal(f.diags.items[0].rule, RULE_EL007);
	fx_release(&f);
	buf_release(&b);
}

/* ------------------------------------------------------------------ includes */

static int make_tmpdir(void **state)
{
	return tmpdir_make("req");
}

static int remove_tmpdir(void **state)
{
	return tmpdir_remove();
}

/* Loads tmpdir/rel and reads it. */
static void read_path(struct fx *f, const char *rel)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", tmpdir, rel);
	assert_int_equal(source_load(&f->src, path, &f->arena, &f->diags), SOURCE_OK);
	assert_true(read_requirements(&f->ctx, &f->src));
}

static const char *pin_file_base(const struct pin *p)
{
	const char *slash = strrchr(p->file, '/');
	return slash ? slash + 1 : p->file;
}

static void test_include_requirement_and_constraint(void **state)
{
	char sub[512];
	snprintf(sub, sizeof(sub), "%s/sub", tmpdir);
	mkdir(sub, 0700);
	tmpdir_write("a.txt", "-r sub/b.txt\n-c c.txt\ntorch==2.1\n");
	tmpdir_write("sub/b.txt", "torchvision==0.16\n--requirement=../d.txt\n");
	tmpdir_write("c.txt", "torchaudio<3\n");
	tmpdir_write("d.txt", "-i https://x.org\n");
	struct fx f;
	fx_init(&f);
	read_path(&f, "a.txt");
	assert_string_equal(dump_pins(&f),
			    "1:12-1:18 package pip torchvision name='torchvision' spec='==0.16' name@1:1 scope=1\n"
			    "1:4-1:17 index pip other name='--index-url' index='index-url' spec='https://x.org' name@1:1 scope=1\n"
			    "1:11-1:13 package pip torchaudio name='torchaudio' spec='<3' name@1:1 scope=1\n"
			    "3:6-3:11 package pip torch name='torch' spec='==2.1' name@3:1 scope=1\n");
	assert_string_equal(dump_diags(&f), "");
	assert_string_equal(pin_file_base(&f.pins.items[0]), "b.txt");
	assert_non_null(strstr(f.pins.items[0].file, "/sub/b.txt"));
	assert_non_null(strstr(f.pins.items[1].file, "/sub/../d.txt"));
	assert_string_equal(pin_file_base(&f.pins.items[2]), "c.txt");
	assert_string_equal(pin_file_base(&f.pins.items[3]), "a.txt");
	assert_int_equal(f.ctx.nloaded, 3);
	assert_int_equal(f.ctx.include_depth, 0);
	fx_release(&f);
}

static void test_include_attached_short_form(void **state)
{
	tmpdir_write("short.txt", "-rshort2.txt\n");
	tmpdir_write("short2.txt", "torch==1\n");
	struct fx f;
	fx_init(&f);
	read_path(&f, "short.txt");
	assert_int_equal(f.pins.nr, 1);
	assert_string_equal(dump_diags(&f), "");
	fx_release(&f);
}

static void test_include_cycle(void **state)
{
	tmpdir_write("cyc-a.txt", "-r cyc-b.txt\ntorch==1\n");
	tmpdir_write("cyc-b.txt", "torchvision==2\n-r cyc-a.txt\n");
	struct fx f;
	fx_init(&f);
	read_path(&f, "cyc-a.txt");
	assert_string_equal(dump_pins(&f),
			    "1:12-1:15 package pip torchvision name='torchvision' spec='==2' name@1:1 scope=1\n"
			    "2:6-2:9 package pip torch name='torch' spec='==1' name@2:1 scope=1\n");
	assert_string_equal(dump_diags(&f), "EL005 2:4-2:13\n");
	assert_non_null(strstr(f.diags.items[0].file, "/cyc-b.txt"));
	fx_release(&f);
}

static void test_self_include(void **state)
{
	tmpdir_write("self.txt", "torch==1\n-r ./self.txt\n");
	struct fx f;
	fx_init(&f);
	read_path(&f, "self.txt");
	assert_int_equal(f.pins.nr, 1);
	assert_string_equal(dump_diags(&f), "EL005 2:4-2:14\n");
	fx_release(&f);
}

static void test_missing_include(void **state)
{
	tmpdir_write("miss.txt", "-r nope.txt\n-c 'gone.txt'\ntorch==2.1\n-r ${REQS}/x.txt\n");
	struct fx f;
	fx_init(&f);
	read_path(&f, "miss.txt");
	assert_string_equal(dump_pins(&f),
			    "3:6-3:11 package pip torch name='torch' spec='==2.1' name@3:1 scope=1\n");
	assert_string_equal(dump_diags(&f), "EL006 1:4-1:12\nEL006 2:5-2:13\nEL004 4:4-4:11\n");
	assert_int_equal(f.diags.items[0].severity, SEV_WARNING);
	fx_release(&f);
}

static void test_include_directory(void **state)
{
	tmpdir_write("dir.txt", "-r sub\n");
	char sub[512];
	snprintf(sub, sizeof(sub), "%s/sub", tmpdir);
	mkdir(sub, 0700);
	struct fx f;
	fx_init(&f);
	read_path(&f, "dir.txt");
	assert_string_equal(dump_diags(&f), "EL006 1:4-1:7\n");
	fx_release(&f);
}

static void test_include_depth_limit(void **state)
{
	char name[64], text[128];
	int files = READER_MAX_INCLUDE_DEPTH + 5;
	for (int i = 0; i < files; i++) {
		snprintf(name, sizeof(name), "deep%d.txt", i);
		snprintf(text, sizeof(text), "torch==%d\n-r deep%d.txt\n", i, i + 1);
		tmpdir_write(name, text);
	}
	struct fx f;
	fx_init(&f);
	read_path(&f, "deep0.txt");
	/* The top file and READER_MAX_INCLUDE_DEPTH levels below it are read. */
	assert_int_equal(f.pins.nr, READER_MAX_INCLUDE_DEPTH + 1);
	assert_int_equal(f.diags.nr, 1);
	assert_int_equal(f.diags.items[0].rule, RULE_EL007);
	assert_int_equal(f.diags.items[0].span.line, 2);
	assert_int_equal(f.ctx.include_depth, 0);
	fx_release(&f);
}

static void test_include_diamond_read_once(void **state)
{
	tmpdir_write("dia.txt", "-r dia-b.txt\n-r dia-c.txt\n-r dia-b.txt\n");
	tmpdir_write("dia-b.txt", "-r dia-common.txt\n");
	tmpdir_write("dia-c.txt", "-r dia-common.txt\n");
	tmpdir_write("dia-common.txt", "torch==2.1\n");
	struct fx f;
	fx_init(&f);
	read_path(&f, "dia.txt");
	assert_int_equal(f.pins.nr, 1);
	assert_string_equal(dump_diags(&f), "");
	fx_release(&f);
}

/* ------------------------------------------------------------------ words */

/* The next occurrence of `needle` at or after *from, as a verbatim word. */
static struct word verbatim_word(const struct source *src, const char *needle, size_t *from)
{
	const char *at = strstr(src->bytes + *from, needle);
	assert_non_null(at);
	*from = (size_t)(at - src->bytes) + strlen(needle);
	struct word w;
	memset(&w, 0, sizeof(w));
	w.text = at;
	w.len = strlen(needle);
	w.offset = (size_t)(at - src->bytes);
	w.verbatim = true;
	w.span = source_span(src, w.offset, w.offset + w.len);
	return w;
}

static void test_words_pip_install(void **state)
{
	struct fx f;
	fx_init(&f);
	const char *text = "RUN pip install torch==2.1.0+cu121 --index-url https://x.org/cu121 -U "
			   "--no-cache-dir torchvision -e . --target /opt torchaudio\n";
	source_from_memory(&f.src, "Dockerfile", text, strlen(text), &f.arena);
	const char *args[] = { "torch==2.1.0+cu121", "--index-url", "https://x.org/cu121", "-U",
			       "--no-cache-dir", "torchvision", "-e", ".", "--target", "/opt",
			       "torchaudio" };
	struct word w[11];
	size_t from = 0;
	for (size_t i = 0; i < 11; i++)
		w[i] = verbatim_word(&f.src, args[i], &from);
	requirements_from_words(&f.ctx, &f.src, w, 11, NULL, 7, PIN_ECO_DOCKER, PIN_TEXT_SHELL);
	assert_string_equal(dump_pins(&f),
			    "1:22-1:35 package docker torch name='torch' spec='==2.1.0+cu121' variant='cu121' name@1:17 scope=7\n"
			    "1:48-1:67 index docker other name='--index-url' index='index-url' spec='https://x.org/cu121' name@1:36 scope=7\n"
			    "1:86-1:97 package docker torchvision name='torchvision' name@1:86 scope=7\n"
			    "1:117-1:127 package docker torchaudio name='torchaudio' name@1:117 scope=7\n");
	assert_string_equal(dump_diags(&f), "");
	assert_int_equal(f.ctx.next_scope, 1);
	fx_release(&f);
}

static void test_words_not_verbatim(void **state)
{
	struct fx f;
	fx_init(&f);
	const char *text = "ARG TV=2.1.0\nRUN pip install \"torch==${TV}\"\n";
	source_from_memory(&f.src, "Dockerfile", text, strlen(text), &f.arena);
	struct word w;
	memset(&w, 0, sizeof(w));
	w.text = "torch==2.1.0";
	w.len = 12;
	w.verbatim = false;
	w.span = source_span(&f.src, 29, 43);
	w.via = source_span(&f.src, 0, 12);
	requirements_from_words(&f.ctx, &f.src, &w, 1, NULL, 3, PIN_ECO_DOCKER, PIN_TEXT_SHELL);
	assert_string_equal(dump_pins(&f),
			    "2:17-2:31 package docker torch name='torch' spec='==2.1.0' name@2:17 via=1:1 scope=3\n");
	fx_release(&f);
}

static void test_words_unresolved(void **state)
{
	struct fx f;
	fx_init(&f);
	const char *text = "RUN pip install torch==$V torch${X}\n";
	source_from_memory(&f.src, "Dockerfile", text, strlen(text), &f.arena);
	struct word w[2];
	memset(w, 0, sizeof(w));
	w[0].text = "torch==";
	w[0].len = 7;
	w[0].span = source_span(&f.src, 16, 25);
	w[0].unresolved = true;
	w[1].text = "torch${X}";
	w[1].len = 9;
	w[1].span = source_span(&f.src, 26, 35);
	w[1].unresolved = true;
	requirements_from_words(&f.ctx, &f.src, w, 2, NULL, 1, PIN_ECO_DOCKER, PIN_TEXT_SHELL);
	/* Their reader reported the variables; no EL003 for the text it could not expand. */
	assert_string_equal(dump_pins(&f), "");
	assert_string_equal(dump_diags(&f), "");
	fx_release(&f);
}

static void test_words_conda_items(void **state)
{
	struct fx f;
	fx_init(&f);
	const char *text = "  - pip:\n    - --extra-index-url https://download.pytorch.org/whl/cu121\n"
			   "    - torch==2.1.0 ; python_version < '3.12'\n    - -r req.txt\n";
	source_from_memory(&f.src, "environment.yml", text, strlen(text), &f.arena);
	struct word w[3];
	size_t from = 0;
	w[0] = verbatim_word(&f.src, "--extra-index-url https://download.pytorch.org/whl/cu121", &from);
	w[1] = verbatim_word(&f.src, "torch==2.1.0 ; python_version < '3.12'", &from);
	w[2] = verbatim_word(&f.src, "-r req.txt", &from);
	tmpdir_write("req.txt", "torchvision==0.16\n");
	requirements_from_words(&f.ctx, &f.src, w, 3, tmpdir, 2, PIN_ECO_CONDA, PIN_TEXT_SHELL);
	assert_string_equal(dump_pins(&f),
			    "2:25-2:63 index conda other name='--extra-index-url' index='extra-index-url' spec='https://download.pytorch.org/whl/cu121' name@2:7 scope=2\n"
			    "3:12-3:19 package conda torch name='torch' spec='==2.1.0' name@3:7 marker scope=2\n"
			    "1:12-1:18 package conda torchvision name='torchvision' spec='==0.16' name@1:1 scope=2\n");
	assert_string_equal(dump_diags(&f), "");
	assert_string_equal(pin_file_base(&f.pins.items[2]), "req.txt");
	fx_release(&f);
}

static void test_words_value_split_across_word(void **state)
{
	struct fx f;
	fx_init(&f);
	const char *text = "pip install --index-url\nhttps://a.org -r missing.txt torch\n";
	source_from_memory(&f.src, "Dockerfile", text, strlen(text), &f.arena);
	struct word w[5];
	size_t from = 0;
	w[0] = verbatim_word(&f.src, "--index-url", &from);
	w[1] = verbatim_word(&f.src, "https://a.org", &from);
	w[2] = verbatim_word(&f.src, "-r", &from);
	w[3] = verbatim_word(&f.src, "missing.txt", &from);
	w[4] = verbatim_word(&f.src, "torch", &from);
	requirements_from_words(&f.ctx, &f.src, w, 5, tmpdir, 1, PIN_ECO_DOCKER, PIN_TEXT_SHELL);
	assert_string_equal(dump_pins(&f),
			    "2:1-2:14 index docker other name='--index-url' index='index-url' spec='https://a.org' name@1:13 scope=1\n"
			    "2:30-2:35 package docker torch name='torch' name@2:30 scope=1\n");
	assert_string_equal(dump_diags(&f), "EL006 2:18-2:29\n");
	fx_release(&f);
}

static void test_words_empty_and_trailing_flag(void **state)
{
	struct fx f;
	fx_init(&f);
	source_from_memory(&f.src, "Dockerfile", "x", 1, &f.arena);
	requirements_from_words(&f.ctx, &f.src, NULL, 0, NULL, 1, PIN_ECO_DOCKER, PIN_TEXT_SHELL);
	struct word w;
	memset(&w, 0, sizeof(w));
	w.text = "--index-url";
	w.len = 11;
	w.span = source_span(&f.src, 0, 1);
	requirements_from_words(&f.ctx, &f.src, &w, 1, NULL, 1, PIN_ECO_DOCKER, PIN_TEXT_SHELL);
	assert_int_equal(f.pins.nr, 0);
	assert_int_equal(f.diags.nr, 0);
	fx_release(&f);
}

/* ------------------------------------------------------------------ corpus */

static void test_corpus(void **state)
{
	const char *dir = "tests/corpus/pip";
	DIR *d = opendir(dir);
	if (!d)
		fail_msg("corpus directory missing: the tests run from the repository root");
	struct dirent *e;
	int files = 0;
	size_t torch_pins = 0;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char path[1024];
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		struct fx f;
		fx_init(&f);
		assert_int_equal(source_load(&f.src, path, &f.arena, &f.diags), SOURCE_OK);
		read_requirements(&f.ctx, &f.src);
		for (size_t i = 0; i < f.diags.nr; i++)
			if (f.diags.items[i].severity >= SEV_ERROR)
				fail_msg("%s: %s", path, f.diags.items[i].message);
		for (size_t i = 0; i < f.pins.nr; i++)
			torch_pins += f.pins.items[i].pkg == PIN_PKG_TORCH;
		files++;
		fx_release(&f);
	}
	closedir(d);
	assert_true(files > 0);
	assert_true(torch_pins > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact_pin),
		cmocka_unit_test(test_local_label),
		cmocka_unit_test(test_cpu_and_rocm_labels),
		cmocka_unit_test(test_range_spec),
		cmocka_unit_test(test_spec_with_spaces),
		cmocka_unit_test(test_parenthesised_spec),
		cmocka_unit_test(test_triple_equals_variant),
		cmocka_unit_test(test_no_variant_unless_one_exact_version),
		cmocka_unit_test(test_unpinned),
		cmocka_unit_test(test_extras_and_markers),
		cmocka_unit_test(test_name_normalised),
		cmocka_unit_test(test_only_interesting_packages_kept),
		cmocka_unit_test(test_direct_reference_wheel),
		cmocka_unit_test(test_direct_reference_vcs),
		cmocka_unit_test(test_bare_wheel_url),
		cmocka_unit_test(test_bare_wheel_url_with_marker),
		cmocka_unit_test(test_local_wheel_paths),
		cmocka_unit_test(test_malformed_wheel_name),
		cmocka_unit_test(test_egg_fragment_is_not_a_comment),
		cmocka_unit_test(test_vcs_and_editable_skipped),
		cmocka_unit_test(test_index_options),
		cmocka_unit_test(test_several_options_on_a_line),
		cmocka_unit_test(test_options_skipped),
		cmocka_unit_test(test_hashes_after_requirement),
		cmocka_unit_test(test_unknown_option_value_form),
		cmocka_unit_test(test_continuation_spans),
		cmocka_unit_test(test_continuation_joins_without_space),
		cmocka_unit_test(test_comment_only_line_ends_continuation),
		cmocka_unit_test(test_comment_swallows_continued_line),
		cmocka_unit_test(test_comments),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_lone_cr),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_blank_lines_and_no_final_newline),
		cmocka_unit_test(test_columns_count_code_points),
		cmocka_unit_test(test_backslash_at_eof),
		cmocka_unit_test(test_env_var_in_spec),
		cmocka_unit_test(test_env_var_in_urls),
		cmocka_unit_test(test_env_var_in_name),
		cmocka_unit_test(test_lowercase_var_is_not_pips),
		cmocka_unit_test(test_invalid_lines),
		cmocka_unit_test(test_invalid_message),
		cmocka_unit_test(test_nul_bytes),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_long_continued_line),
		cmocka_unit_test(test_100k_lines),
		cmocka_unit_test(test_pin_limit),
		cmocka_unit_test(test_include_requirement_and_constraint),
		cmocka_unit_test(test_include_attached_short_form),
		cmocka_unit_test(test_include_cycle),
		cmocka_unit_test(test_self_include),
		cmocka_unit_test(test_missing_include),
		cmocka_unit_test(test_include_directory),
		cmocka_unit_test(test_include_depth_limit),
		cmocka_unit_test(test_include_diamond_read_once),
		cmocka_unit_test(test_words_pip_install),
		cmocka_unit_test(test_words_not_verbatim),
		cmocka_unit_test(test_words_unresolved),
		cmocka_unit_test(test_words_conda_items),
		cmocka_unit_test(test_words_value_split_across_word),
		cmocka_unit_test(test_words_empty_and_trailing_flag),
		cmocka_unit_test(test_corpus),
	};
	return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}

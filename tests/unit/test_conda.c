/*
 * Unit tests for the conda reader (linter/readers/conda.c): environment.yml through
 * read_conda and conda/mamba command words through conda_from_words. Pins are compared
 * as pin_dump() lines (exact line:col spans), diagnostics as "RULE span message".
 *
 * The `pip:` tests depend on requirements_from_words (requirements.c). While that is
 * still the placeholder that records nothing they skip themselves; once the real reader
 * lands they assert the pins it makes from the words this reader hands it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "pin.h"
#include "readers/readers.h"
#include "source.h"
#include "util/arena.h"
#include "util/buf.h"

#define CORPUS_DIR "tests/corpus/conda"

struct run {
	struct arena arena;
	struct pin_list pins;
	struct diag_list diags;
	struct read_ctx ctx;
	struct source src;
	struct buf pin_text;   /* one pin_dump line per pin, '\n'-terminated */
	struct buf diag_text;  /* "RULE l:c-l:c message\n" per diagnostic */
	bool ok;
};

static void run_init(struct run *r)
{
	arena_init(&r->arena);
	r->pins = (struct pin_list)PIN_LIST_INIT;
	r->diags = (struct diag_list)DIAG_LIST_INIT;
	read_ctx_init(&r->ctx, &r->arena, &r->pins, &r->diags);
	buf_init(&r->pin_text, BUF_DEFAULT_CAP);
	buf_init(&r->diag_text, BUF_DEFAULT_CAP);
}

static void run_release(struct run *r)
{
	buf_release(&r->pin_text);
	buf_release(&r->diag_text);
	pin_list_release(&r->pins);
	diag_list_release(&r->diags);
	arena_release(&r->arena);
}

/* Dumps the pins of `eco` (all ecosystems when eco < 0) and every diagnostic. */
static void run_dump(struct run *r, int eco)
{
	buf_reset(&r->pin_text);
	buf_reset(&r->diag_text);
	for (size_t i = 0; i < r->pins.nr; i++) {
		if (eco >= 0 && r->pins.items[i].eco != (enum pin_eco)eco)
			continue;
		pin_dump(&r->pins.items[i], &r->pin_text);
		buf_addch(&r->pin_text, '\n');
	}
	for (size_t i = 0; i < r->diags.nr; i++) {
		const struct diag *d = &r->diags.items[i];
		buf_addf(&r->diag_text, "%s %u:%u-%u:%u %s\n", rule_info(d->rule)->id, d->span.line,
			 d->span.column, d->span.end_line, d->span.end_column, d->message);
	}
}

static void run_yaml_len(struct run *r, const char *yaml, size_t len)
{
	run_init(r);
	source_from_memory(&r->src, "env/environment.yml", yaml, len, &r->arena);
	r->ok = read_conda(&r->ctx, &r->src);
	run_dump(r, PIN_ECO_CONDA);
}

/* Reads `yaml` and compares the conda pins and all diagnostics. */
static void check_yaml_len(const char *yaml, size_t len, const char *pins, const char *diags)
{
	struct run r;
	run_yaml_len(&r, yaml, len);
	assert_string_equal(r.pin_text.buf, pins);
	assert_string_equal(r.diag_text.buf, diags);
	run_release(&r);
}

static void check_yaml(const char *yaml, const char *pins, const char *diags)
{
	check_yaml_len(yaml, strlen(yaml), pins, diags);
}

/* As check_yaml, for a file at `path` (the name decides EL016 or EL008). */
static void check_yaml_at(const char *path, const char *yaml, const char *pins, const char *diags)
{
	struct run r;
	run_init(&r);
	source_from_memory(&r.src, path, yaml, strlen(yaml), &r.arena);
	r.ok = read_conda(&r.ctx, &r.src);
	run_dump(&r, PIN_ECO_CONDA);
	assert_string_equal(r.pin_text.buf, pins);
	assert_string_equal(r.diag_text.buf, diags);
	run_release(&r);
}

#define ENV(items) "name: t\ndependencies:\n" items

/* --- MatchSpec forms ----------------------------------------------------------- */

static void test_single_equals(void **state)
{
	check_yaml(ENV("  - pytorch=2.1\n"),
		   "3:12-3:16 package conda torch name='pytorch' spec='=2.1' name@3:5 scope=1\n", "");
}

static void test_double_equals(void **state)
{
	check_yaml(ENV("  - pytorch==2.1.0\n"),
		   "3:12-3:19 package conda torch name='pytorch' spec='==2.1.0' name@3:5 scope=1\n", "");
}

static void test_range(void **state)
{
	check_yaml(ENV("  - pytorch>=2.0,<2.2\n"),
		   "3:12-3:22 package conda torch name='pytorch' spec='>=2.0,<2.2' name@3:5 scope=1\n", "");
}

static void test_space_version_build(void **state)
{
	check_yaml(ENV("  - pytorch 2.1.0 py3.10_cuda12.1_cudnn8.9.2_0\n"),
		   "3:13-3:18 package conda torch name='pytorch' spec='2.1.0' "
		   "variant='py3.10_cuda12.1_cudnn8.9.2_0' name@3:5 scope=1\n", "");
}

static void test_equals_build(void **state)
{
	check_yaml(ENV("  - pytorch=2.1.0=py3.10_cuda12.1_cudnn8.9.2_0\n"),
		   "3:12-3:18 package conda torch name='pytorch' spec='=2.1.0' "
		   "variant='py3.10_cuda12.1_cudnn8.9.2_0' name@3:5 scope=1\n", "");
}

static void test_double_equals_glob_build(void **state)
{
	check_yaml(ENV("  - pytorch==2.1.0=*cuda*\n"),
		   "3:12-3:19 package conda torch name='pytorch' spec='==2.1.0' variant='*cuda*' name@3:5 scope=1\n",
		   "");
}

static void test_channel_prefix(void **state)
{
	check_yaml(ENV("  - pytorch::pytorch=2.1.0=*cuda*\n"
		       "  - conda-forge::cudatoolkit=11.8\n"),
		   "3:21-3:27 package conda torch name='pytorch' spec='=2.1.0' variant='*cuda*' "
		   "channel='pytorch' name@3:14 scope=1\n"
		   "4:29-4:34 package conda cuda name='cudatoolkit' spec='=11.8' channel='conda-forge' "
		   "name@4:18 scope=1\n",
		   "");
}

static void test_cuda_packages(void **state)
{
	check_yaml(ENV("  - pytorch-cuda=12.1\n"
		       "  - cuda-version=12.4\n"
		       "  - cudnn=8.9\n"
		       "  - python=3.10\n"),
		   "3:17-3:22 package conda cuda name='pytorch-cuda' spec='=12.1' name@3:5 scope=1\n"
		   "4:17-4:22 package conda cuda name='cuda-version' spec='=12.4' name@4:5 scope=1\n"
		   "5:10-5:14 package conda cudnn name='cudnn' spec='=8.9' name@5:5 scope=1\n"
		   "6:11-6:16 package conda python name='python' spec='=3.10' name@6:5 scope=1\n",
		   "");
}

static void test_unpinned(void **state)
{
	check_yaml(ENV("  - nvidia::cuda-toolkit\n"
		       "  - cpuonly\n"
		       "  - pytorch-gpu\n"),
		   "3:5-3:25 package conda cuda name='cuda-toolkit' channel='nvidia' name@3:13 scope=1\n"
		   "4:5-4:12 package conda cpuonly name='cpuonly' name@4:5 scope=1\n"
		   "5:5-5:16 package conda torch name='pytorch-gpu' name@5:5 scope=1\n",
		   "");
}

static void test_bracket(void **state)
{
	check_yaml(ENV("  - pytorch[version='>=2.0',build=*cuda*]\n"
		       "  - pytorch[version='>=2.0,<2.2']\n"
		       "  - cudatoolkit=11.8[channel=nvidia]\n"),
		   "3:22-3:27 package conda torch name='pytorch' spec='>=2.0' variant='*cuda*' name@3:5 scope=1\n"
		   "4:22-4:32 package conda torch name='pytorch' spec='>=2.0,<2.2' name@4:5 scope=1\n"
		   "5:16-5:21 package conda cuda name='cudatoolkit' spec='=11.8' channel='nvidia' name@5:5 scope=1\n",
		   "");
}

static void test_operator_after_space(void **state)
{
	check_yaml(ENV("  - pytorch >=2.0\n"
		       "  - python >= 3.8\n"),
		   "3:13-3:18 package conda torch name='pytorch' spec='>=2.0' name@3:5 scope=1\n"
		   "4:12-4:18 package conda python name='python' spec='>= 3.8' name@4:5 scope=1\n",
		   "");
}

static void test_other_packages_skipped(void **state)
{
	/* Only role packages and nvidia-* are pins; numpy and pip are not. */
	check_yaml(ENV("  - numpy=1.26\n"
		       "  - pip\n"
		       "  - nvidia-ml-py=12.535\n"
		       "  - PyTorch=2.1\n"),
		   "5:17-5:24 package conda other name='nvidia-ml-py' spec='=12.535' name@5:5 scope=1\n"
		   "6:12-6:16 package conda torch name='pytorch' spec='=2.1' name@6:5 scope=1\n",
		   "");
}

static void test_package_url(void **state)
{
	check_yaml(ENV("  - https://conda.anaconda.org/pytorch/linux-64/"
		       "pytorch-2.1.0-py3.10_cuda12.1_cudnn8.9.2_0.tar.bz2\n"),
		   "3:57-3:62 package conda torch name='pytorch' spec='2.1.0' "
		   "variant='py3.10_cuda12.1_cudnn8.9.2_0' url='https://conda.anaconda.org/pytorch/"
		   "linux-64/pytorch-2.1.0-py3.10_cuda12.1_cudnn8.9.2_0.tar.bz2' name@3:49 scope=1\n",
		   "");
}

static void test_unparsable_version(void **state)
{
	check_yaml(ENV("  - pytorch=2.1$x\n"
		       "  - cudnn=8.9\n"),
		   "4:10-4:14 package conda cudnn name='cudnn' spec='=8.9' name@4:5 scope=1\n",
		   "EL003 3:12-3:18 unparsable version '=2.1$x' for 'pytorch'\n");
}

static void test_unparsable_version_message_is_clean(void **state)
{
	/* An escape smuggles ESC into the value: the message shows '?' instead, and a
	 * long version is cut to 80 bytes plus "...". */
	check_yaml(ENV("  - \"cudnn=8\\e[31m\"\n"), "",
		   "EL003 3:5-3:20 unparsable version '=8?[31m' for 'cudnn'\n");
	struct buf b = BUF_INIT;
	buf_adds(&b, ENV("  - cudnn=8"));
	for (int i = 0; i < 200; i++)
		buf_adds(&b, "$");
	buf_adds(&b, "\n");
	struct run r;
	run_yaml_len(&r, b.buf, b.len);
	assert_int_equal(r.diags.nr, 1);
	assert_int_equal(strlen(r.diags.items[0].message),
			 strlen("unparsable version '' for 'cudnn'") + 80 + 3);
	run_release(&r);
	buf_release(&b);
}

/* --- YAML shapes ------------------------------------------------------------------ */

static void test_channels(void **state)
{
	check_yaml("name: t\nchannels:\n  - pytorch\n  - nvidia/label/cuda-12.1.0\n"
		   "  - https://conda.anaconda.org/conda-forge\n  - {bad: 1}\n",
		   "3:5-3:12 index conda other name='channels' index='channel' spec='pytorch' scope=1\n"
		   "4:5-4:29 index conda other name='channels' index='channel' "
		   "spec='nvidia/label/cuda-12.1.0' scope=1\n"
		   "5:5-5:43 index conda other name='channels' index='channel' "
		   "spec='https://conda.anaconda.org/conda-forge' scope=1\n",
		   "");
}

static void test_quoted_scalars(void **state)
{
	/* Quoted text without escapes is verbatim and gets exact spans; an escape makes
	 * the value differ from the bytes, so the whole scalar is the span. */
	check_yaml(ENV("  - \"pytorch=2.1\"\n"
		       "  - 'cudatoolkit=11.8'\n"
		       "  - \"cudnn=8.\\x39\"\n"),
		   "3:13-3:17 package conda torch name='pytorch' spec='=2.1' name@3:6 scope=1\n"
		   "4:17-4:22 package conda cuda name='cudatoolkit' spec='=11.8' name@4:6 scope=1\n"
		   "5:5-5:19 package conda cudnn name='cudnn' spec='=8.9' name@5:5 scope=1\n",
		   "");
}

static void test_multiline_plain_scalar(void **state)
{
	check_yaml(ENV("  - pytorch\n    =2.1\n"),
		   "3:5-4:9 package conda torch name='pytorch' spec='=2.1' name@3:5 scope=1\n", "");
}

static void test_flow_sequence(void **state)
{
	check_yaml("name: t\ndependencies: [pytorch=2.1, cudatoolkit=11.8]\n",
		   "2:23-2:27 package conda torch name='pytorch' spec='=2.1' name@2:16 scope=1\n"
		   "2:40-2:45 package conda cuda name='cudatoolkit' spec='=11.8' name@2:29 scope=1\n",
		   "");
}

static void test_crlf(void **state)
{
	check_yaml("name: t\r\ndependencies:\r\n  - pytorch=2.1\r\n  - cudnn 8.9\r\n",
		   "3:12-3:16 package conda torch name='pytorch' spec='=2.1' name@3:5 scope=1\n"
		   "4:11-4:14 package conda cudnn name='cudnn' spec='8.9' name@4:5 scope=1\n",
		   "");
}

static void test_bom(void **state)
{
	check_yaml("\xEF\xBB\xBF" "dependencies: [pytorch=2.1]\n",
		   "1:23-1:27 package conda torch name='pytorch' spec='=2.1' name@1:16 scope=1\n", "");
	check_yaml("\xEF\xBB\xBF" "dependencies:\n  - pytorch=2.1\n",
		   "2:12-2:16 package conda torch name='pytorch' spec='=2.1' name@2:5 scope=1\n", "");
}

static void test_non_ascii_columns(void **state)
{
	/* Columns count code points: the three CJK characters are one column each. */
	check_yaml("name: t\ndependencies: [\"\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\", pytorch=2.1]\n",
		   "2:30-2:34 package conda torch name='pytorch' spec='=2.1' name@2:23 scope=1\n", "");
}

static void test_comments(void **state)
{
	check_yaml(ENV("  # - pytorch=1.0\n"
		       "  - pytorch=2.1  # the one we test\n"
		       "  - \"cudnn=8.9 #pinned\"\n"),
		   "4:12-4:16 package conda torch name='pytorch' spec='=2.1' name@4:5 scope=1\n"
		   "5:11-5:15 package conda cudnn name='cudnn' spec='=8.9' name@5:6 scope=1\n",
		   "");
}

#define EL015_TAIL " not followed; envlint does not expand aliases, so the pins behind it are not checked\n"

static void test_anchors_aliases(void **state)
{
	/* An anchored scalar is read where it stands; aliases are never expanded, and one
	 * where pins are read says so. `more: *base` is not where pins are read. */
	check_yaml("name: t\n"
		   "x-base: &base\n"
		   "  - cudatoolkit=11.8\n"
		   "dependencies:\n"
		   "  - &torch pytorch=2.1\n"
		   "  - *torch\n"
		   "  - !!str python=3.10\n"
		   "more: *base\n",
		   "5:19-5:23 package conda torch name='pytorch' spec='=2.1' name@5:12 scope=1\n"
		   "7:17-7:22 package conda python name='python' spec='=3.10' name@7:11 scope=1\n",
		   "EL015 6:5-6:11 YAML alias '*torch' in 'dependencies'" EL015_TAIL);
	check_yaml("base: &b [pytorch=2.1]\ndependencies: *b\n", "",
		   "EL015 2:15-2:17 YAML alias '*b' as 'dependencies'" EL015_TAIL);
}

static void test_alias_places(void **state)
{
	check_yaml("c: &c [pytorch]\n"
		   "channels: *c\n"
		   "dependencies:\n"
		   "  - pip: *p\n"
		   "  - pip:\n"
		   "    - *q\n"
		   "    - torch==2.1.0\n",
		   "",
		   "EL015 2:11-2:13 YAML alias '*c' as 'channels'" EL015_TAIL
		   "EL015 4:10-4:12 YAML alias '*p' as 'pip'" EL015_TAIL
		   "EL015 6:7-6:9 YAML alias '*q' in 'pip'" EL015_TAIL);
	check_yaml("channels: [*a, nvidia]\n",
		   "1:16-1:22 index conda other name='channels' index='channel' spec='nvidia' scope=1\n",
		   "EL015 1:12-1:14 YAML alias '*a' in 'channels'" EL015_TAIL);
	/* Merge keys bring in keys envlint would read; an alias key may be one of them. */
	check_yaml("base: &b\n  dependencies: [pytorch=2.1]\n<<: *b\n<<: [*b, *c]\n*k : [x]\n", "",
		   "EL015 3:5-3:7 YAML alias '*b' in merge key '<<'" EL015_TAIL
		   "EL015 4:6-4:8 YAML alias '*b' in merge key '<<'" EL015_TAIL
		   "EL015 4:10-4:12 YAML alias '*c' in merge key '<<'" EL015_TAIL
		   "EL015 5:1-5:3 YAML alias '*k' as a key" EL015_TAIL);
	/* Aliases where no pins are read stay quiet. */
	check_yaml("name: &n t\nprefix: *n\nvariables: {a: *n}\ndependencies:\n  - {nodejs: *n}\n", "", "");
}

static void test_alias_reports_capped(void **state)
{
	/* 150 aliases: 100 findings, then one that sums up the rest. */
	struct buf b = BUF_INIT;
	buf_adds(&b, "a: &a x\ndependencies:\n");
	for (int i = 0; i < 150; i++)
		buf_adds(&b, "  - *a\n");
	struct run r;
	run_yaml_len(&r, b.buf, b.len);
	assert_int_equal(r.diags.nr, 101);
	for (size_t i = 0; i < r.diags.nr; i++)
		assert_int_equal(r.diags.items[i].rule, RULE_EL015);
	assert_string_equal(r.diags.items[100].message,
			    "more than 100 YAML aliases where pins are read; the rest are not reported "
			    "and none is followed");
	assert_int_equal(r.diags.items[100].span.line, 103);
	run_release(&r);
	buf_release(&b);
}

static void test_billion_laughs(void **state)
{
	/* Nine levels of nine aliases each: 9^9 nodes if expanded; one finding here. */
	struct buf b = BUF_INIT;
	buf_adds(&b, "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
	for (int i = 1; i < 10; i++) {
		buf_addf(&b, "l%d: &l%d [", i, i);
		for (int k = 0; k < 9; k++)
			buf_addf(&b, "%s*l%d", k ? ", " : "", i - 1);
		buf_adds(&b, "]\n");
	}
	buf_adds(&b, "dependencies: *l9\n");
	clock_t start = clock();
	struct run r;
	run_yaml_len(&r, b.buf, b.len);
	assert_true(r.ok);
	assert_string_equal(r.diag_text.buf, "EL015 11:15-11:18 YAML alias '*l9' as 'dependencies'" EL015_TAIL);
	assert_true((double)(clock() - start) / CLOCKS_PER_SEC < 1.0);
	run_release(&r);
	buf_release(&b);
}

static void test_non_string_dependencies(void **state)
{
	check_yaml(ENV("  - {conda: pytorch=2.1}\n"
		       "  - [cudnn=8.9]\n"
		       "  - 14\n"
		       "  - \n"
		       "  - pip: pytorch=2.0\n"
		       "  - python=3.10\n"),
		   "8:11-8:16 package conda python name='python' spec='=3.10' name@8:5 scope=1\n",
		   "EL016 7:10-7:21 'pip' is a scalar ('pytorch=2.0'), not a list; conda expects a list "
		   "there, and envlint reads nothing from it\n");
}

#define EL016_NOT_LIST " not a list; conda expects a list there, and envlint reads nothing from it\n"

static void test_lists_that_are_not_lists(void **state)
{
	check_yaml("dependencies: pytorch=2.1\n", "",
		   "EL016 1:15-1:26 'dependencies' is a scalar ('pytorch=2.1')," EL016_NOT_LIST);
	check_yaml("dependencies:\n  pytorch: 2.1\n", "",
		   "EL016 2:3-2:4 'dependencies' is a mapping," EL016_NOT_LIST);
	check_yaml("channels: pytorch\ndependencies: [pytorch=2.1]\n",
		   "2:23-2:27 package conda torch name='pytorch' spec='=2.1' name@2:16 scope=1\n",
		   "EL016 1:11-1:18 'channels' is a scalar ('pytorch')," EL016_NOT_LIST);
	check_yaml("dependencies:\n  - pip: {torch: 2.1.0}\n", "",
		   "EL016 2:10-2:11 'pip' is a mapping," EL016_NOT_LIST);
	/* null is an empty list, as is []; a quoted "null" is a string. */
	check_yaml("channels:\ndependencies: ~\n", "", "");
	check_yaml("dependencies: []\n", "", "");
	check_yaml("dependencies:\n  - pip:\n  - pip: null\n", "", "");
	check_yaml("dependencies: 'null'\n", "",
		   "EL016 1:15-1:21 'dependencies' is a scalar ('null')," EL016_NOT_LIST);
}

static void test_shape_reports_capped(void **state)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, "dependencies:\n");
	for (int i = 0; i < 150; i++)
		buf_adds(&b, "  - pip: x\n");
	struct run r;
	run_yaml_len(&r, b.buf, b.len);
	assert_int_equal(r.diags.nr, 101);
	assert_string_equal(r.diags.items[100].message,
			    "more than 100 problems with the shape of the environment; the rest are not "
			    "reported");
	assert_int_equal(r.diags.items[100].rule, RULE_EL016);
	assert_int_equal(r.diags.items[100].span.line, 102);
	run_release(&r);
	buf_release(&b);
}

static void test_duplicate_keys(void **state)
{
	/* conda (PyYAML) keeps the last value: the first list's pins are dropped, also
	 * when another key's pins come between (their place in the pin list moves). */
	check_yaml("channels:\n  - pytorch\n"
		   "dependencies:\n  - pytorch=2.1\n"
		   "channels: [nvidia]\n"
		   "dependencies:\n  - pytorch=2.2\n"
		   "dependencies: [cudatoolkit=11.8]\n",
		   "5:12-5:18 index conda other name='channels' index='channel' spec='nvidia' scope=1\n"
		   "8:27-8:32 package conda cuda name='cudatoolkit' spec='=11.8' name@8:16 scope=1\n",
		   "EL016 5:1-5:9 duplicate key 'channels' (previous one at line 1); conda keeps only the "
		   "last, so envlint reads this one and not line 1's\n"
		   "EL016 6:1-6:13 duplicate key 'dependencies' (previous one at line 3); conda keeps only "
		   "the last, so envlint reads this one and not line 3's\n"
		   "EL016 8:1-8:13 duplicate key 'dependencies' (previous one at line 6); conda keeps only "
		   "the last, so envlint reads this one and not line 6's\n");
	/* Within a `pip:` mapping too; keys envlint does not read may repeat quietly. */
	struct run r;
	const char *yaml = "name: a\nname: b\ndependencies:\n  - pip: [torch==2.0.0]\n    pip: [torch==2.1.0]\n";
	run_yaml_len(&r, yaml, strlen(yaml));
	run_dump(&r, PIN_ECO_PIP);
	assert_string_equal(r.pin_text.buf,
			    "5:16-5:23 package pip torch name='torch' spec='==2.1.0' name@5:11 scope=1\n");
	assert_string_equal(r.diag_text.buf,
			    "EL016 5:5-5:8 duplicate key 'pip' (previous one at line 4); conda keeps only the "
			    "last, so envlint reads this one and not line 4's\n");
	run_release(&r);
}

static void test_not_an_environment(void **state)
{
	/* Nothing to check: no document, or an empty (null) one. */
	check_yaml("", "", "");
	check_yaml("# nothing here\n\n", "", "");
	check_yaml("---\n...\n", "", "");
	check_yaml("~\n", "", "");
	/* A file named as conda (environment.yml) that is no mapping: EL016. */
	check_yaml("- pytorch=2.1\n- cudatoolkit=11.8\n", "",
		   "EL016 1:1-1:2 YAML document is a list, not a mapping; not a conda environment, "
		   "nothing in it is checked\n");
	check_yaml("pytorch=2.1\n", "",
		   "EL016 1:1-1:12 YAML document is a scalar ('pytorch=2.1'), not a mapping; not a conda "
		   "environment, nothing in it is checked\n");
	check_yaml_at("conda-lock.yml", "[a]\n", "",
		      "EL016 1:1-1:2 YAML document is a list, not a mapping; not a conda environment, "
		      "nothing in it is checked\n");
	/* A *.yml named on the command line may be any YAML: EL008 (info), as for other kinds. */
	check_yaml_at("ci/list.yml", "- a\n", "",
		      "EL008 1:1-1:2 'ci/list.yml' is YAML whose document is a list, not a conda "
		      "environment; not linted\n");
	check_yaml_at("ci/empty.yml", "", "", "");
	/* A mapping without conda's keys is quiet (conda_build_config.yaml). */
	check_yaml("c_compiler_version:\n  - 14\ncuda_compiler:\n  - cuda-nvcc\n"
		   "cudnn:\n  - \"8.9\"\npytorch_version:\n  - \">=2.0\"\n",
		   "", "");
}

static void test_multiple_documents(void **state)
{
	/* conda (PyYAML, ruamel) loads one document and fails on a second, even an empty
	 * one: said once, at the second; the pins of every document are still read. */
	check_yaml("---\ndependencies: [pytorch=2.1]\n---\n- x\n...\n---\ndependencies: [cudnn=8.9]\n",
		   "2:23-2:27 package conda torch name='pytorch' spec='=2.1' name@2:16 scope=1\n"
		   "7:21-7:25 package conda cudnn name='cudnn' spec='=8.9' name@7:16 scope=1\n",
		   "EL016 3:1-3:4 second YAML document in the file; conda reads exactly one and rejects "
		   "this file ('expected a single document in the stream')\n"
		   "EL016 4:1-4:2 YAML document is a list, not a mapping; not a conda environment, "
		   "nothing in it is checked\n");
	check_yaml("---\n...\n---\n", "",
		   "EL016 3:1-3:4 second YAML document in the file; conda reads exactly one and rejects "
		   "this file ('expected a single document in the stream')\n");
	/* A *.yml that is conda only by its extension may be any YAML (a Kubernetes
	 * manifest): EL008, info. */
	check_yaml_at("deploy.yml", "kind: Service\n---\nkind: Deployment\n", "",
		      "EL008 2:1-2:4 'deploy.yml' holds a second YAML document here; conda reads "
		      "exactly one, so this is not a conda environment\n");
}

static void test_one_scope_per_file(void **state)
{
	struct run r;
	run_init(&r);
	source_from_memory(&r.src, "a.yml", "dependencies: [python=3.10]\n", 28, &r.arena);
	assert_true(read_conda(&r.ctx, &r.src));
	assert_true(read_conda(&r.ctx, &r.src));
	run_dump(&r, -1);
	assert_string_equal(r.pin_text.buf,
			    "1:22-1:27 package conda python name='python' spec='=3.10' name@1:16 scope=1\n"
			    "1:22-1:27 package conda python name='python' spec='=3.10' name@1:16 scope=2\n");
	assert_string_equal(r.pins.items[0].file, "a.yml");
	run_release(&r);
}

/* --- bad input -------------------------------------------------------------------- */

static void test_invalid_yaml_block_mapping(void **state)
{
	struct run r;
	run_yaml_len(&r, ENV("  - pytorch=2.1\n x: 1\n"), strlen(ENV("  - pytorch=2.1\n x: 1\n")));
	assert_false(r.ok);
	assert_string_equal(r.diag_text.buf,
			    "EL002 4:2-4:3 while parsing a block mapping at 1:1: did not find expected key\n");
	assert_int_equal(r.diags.items[0].severity, SEV_ERROR);
	run_release(&r);
}

static void test_invalid_yaml_unclosed_quote(void **state)
{
	check_yaml(ENV("  - \"pytorch=2.1\n"), "",
		   "EL002 4:1-4:1 while scanning a quoted scalar at 3:5: found unexpected end of stream\n");
}

static void test_invalid_yaml_after_pins(void **state)
{
	/* Pins read before the error stay; the error says where the read stopped. */
	struct run r;
	const char *yaml = ENV("  - pytorch=2.1\n  - [\n  - cudnn=8.9\n");
	run_yaml_len(&r, yaml, strlen(yaml));
	assert_false(r.ok);
	assert_string_equal(r.pin_text.buf,
			    "3:12-3:16 package conda torch name='pytorch' spec='=2.1' name@3:5 scope=1\n");
	assert_int_equal(r.diags.nr, 1);
	assert_int_equal(r.diags.items[0].rule, RULE_EL002);
	run_release(&r);
}

static void test_nul_bytes(void **state)
{
	static const char yaml[] = "name: t\ndependencies:\n  - pytorch=2.1\n  - cud\0nn\n";
	check_yaml_len(yaml, sizeof(yaml) - 1, "",
		       "EL002 4:8-4:9 control characters are not allowed (#x0)\n");
}

static void test_invalid_utf8(void **state)
{
	check_yaml(ENV("  - pytorch=2.1 \xFF\n"), "",
		   "EL002 3:17-3:18 invalid leading UTF-8 octet (#xFF)\n");
}

static void test_utf16(void **state)
{
	static const char yaml[] = "\xFF\xFE" "d\0e\0p\0";
	check_yaml_len(yaml, sizeof(yaml) - 1, "",
		       "EL002 1:1-1:1 file is UTF-16; envlint reads YAML in UTF-8 only\n");
}

static double seconds_since(clock_t start)
{
	return (double)(clock() - start) / CLOCKS_PER_SEC;
}

static void test_deep_flow_nesting(void **state)
{
	const size_t depth = 10000;
	char *yaml = malloc(depth * 2 + 1);
	memset(yaml, '[', depth);
	memset(yaml + depth, ']', depth);
	yaml[depth * 2] = '\0';
	clock_t start = clock();
	check_yaml(yaml, "",
		   "EL016 1:1-1:2 YAML document is a list, not a mapping; not a conda environment, "
		   "nothing in it is checked\n"
		   "EL007 1:65-1:66 YAML nested deeper than 64 levels; rest of file not read\n");
	assert_true(seconds_since(start) < 2.0);
	free(yaml);
}

static void test_deep_block_nesting(void **state)
{
	/* "dependencies:" then 10k levels of "- " on one line, inside the list. */
	const size_t depth = 10000;
	struct buf b = BUF_INIT;
	buf_adds(&b, "dependencies:\n  ");
	for (size_t i = 0; i < depth; i++)
		buf_adds(&b, "- ");
	buf_adds(&b, "pytorch=2.1\n");
	clock_t start = clock();
	check_yaml(b.buf, "", "EL007 2:129-2:130 YAML nested deeper than 64 levels; rest of file not read\n");
	assert_true(seconds_since(start) < 2.0);
	buf_release(&b);
}

static void test_long_line(void **state)
{
	/* A 1 MiB scalar in the list: read, no pin, no diagnostic. */
	const size_t n = 1u << 20;
	char *yaml = malloc(n + 64);
	int k = snprintf(yaml, 64, "dependencies:\n  - ");
	memset(yaml + k, 'a', n);
	memcpy(yaml + k + n, "=1\n", 4);
	check_yaml(yaml, "", "");
	free(yaml);
}

/* --- conda_from_words ------------------------------------------------------------- */

/* Splits line 1 of `r->src` from byte `from` into verbatim words. */
static size_t split_words(struct run *r, size_t from, struct word *words, size_t max)
{
	const char *t = r->src.bytes;
	size_t n = 0, i = from;
	while (i < r->src.len && n < max) {
		while (i < r->src.len && (t[i] == ' ' || t[i] == '\n'))
			i++;
		if (i == r->src.len)
			break;
		size_t b = i;
		while (i < r->src.len && t[i] != ' ' && t[i] != '\n')
			i++;
		struct word *w = &words[n++];
		memset(w, 0, sizeof(*w));
		w->text = arena_strndup(&r->arena, t + b, i - b);
		w->len = i - b;
		w->offset = b;
		w->verbatim = true;
		w->span = source_span(&r->src, b, i);
	}
	return n;
}

static void check_words(const char *line, const char *after, const char *pins)
{
	struct run r;
	run_init(&r);
	source_from_memory(&r.src, "Dockerfile", line, strlen(line), &r.arena);
	struct word words[32];
	size_t from = (size_t)(strstr(line, after) - line) + strlen(after);
	size_t n = split_words(&r, from, words, 32);
	conda_from_words(&r.ctx, &r.src, words, n, 7);
	run_dump(&r, -1);
	assert_string_equal(r.pin_text.buf, pins);
	assert_string_equal(r.diag_text.buf, "");
	run_release(&r);
}

static void test_words_basic(void **state)
{
	check_words("RUN conda install -y -n base -c pytorch -c nvidia pytorch=2.1.0 pytorch-cuda=12.1 numpy\n",
		    "install",
		    "1:33-1:40 index conda other name='-c' index='channel' spec='pytorch' name@1:30 scope=7\n"
		    "1:44-1:50 index conda other name='-c' index='channel' spec='nvidia' name@1:41 scope=7\n"
		    "1:58-1:64 package conda torch name='pytorch' spec='=2.1.0' name@1:51 scope=7\n"
		    "1:77-1:82 package conda cuda name='pytorch-cuda' spec='=12.1' name@1:65 scope=7\n");
}

static void test_words_options(void **state)
{
	/* Values of --file, -p, --repodata-fn are skipped even when they look like specs;
	 * flags take no value; after "--" every word is a spec. */
	check_words("RUN mamba create --override-channels --channel=conda-forge -cnvidia --file cudnn=1.0 "
		    "-p cudnn=2.0 -q --freeze-installed --repodata-fn cudnn=3.0 --name=x cudnn=8.9 -- python=3.10 -c\n",
		    "create",
		    "1:48-1:59 index conda other name='--channel' index='channel' spec='conda-forge' name@1:38 scope=7\n"
		    "1:62-1:68 index conda other name='-c' index='channel' spec='nvidia' name@1:60 scope=7\n"
		    "1:159-1:163 package conda cudnn name='cudnn' spec='=8.9' name@1:154 scope=7\n"
		    "1:173-1:178 package conda python name='python' spec='=3.10' name@1:167 scope=7\n");
}

static void test_words_not_verbatim(void **state)
{
	/* RUN conda install "pytorch=2.1" cudatoolkit=${CUDA}: quote removal and variable
	 * expansion leave words whose sub-spans fall back to the word as written. */
	struct run r;
	run_init(&r);
	const char *line = "ARG CUDA=11.8\nRUN conda install \"pytorch=2.1\" cudatoolkit=${CUDA} cudnn=${CUDNN}\n";
	source_from_memory(&r.src, "Dockerfile", line, strlen(line), &r.arena);
	struct word w[3];
	memset(w, 0, sizeof(w));
	w[0].text = "pytorch=2.1";
	w[0].len = 11;
	w[0].span = source_span(&r.src, 32, 45);
	w[1].text = "cudatoolkit=11.8";
	w[1].len = 16;
	w[1].span = source_span(&r.src, 46, 65);
	w[1].via = source_span(&r.src, 0, 13);
	w[2].text = "cudnn=${CUDNN}";
	w[2].len = 14;
	w[2].span = source_span(&r.src, 66, 80);
	w[2].unresolved = true;
	conda_from_words(&r.ctx, &r.src, w, 3, 2);
	run_dump(&r, -1);
	assert_string_equal(r.pin_text.buf,
			    "2:19-2:32 package conda torch name='pytorch' spec='=2.1' name@2:19 scope=2\n"
			    "2:33-2:52 package conda cuda name='cudatoolkit' spec='=11.8' name@2:33 via=1:1 scope=2\n"
			    "2:53-2:67 package conda cudnn name='cudnn' spec='=${CUDNN}' name@2:53 unresolved scope=2\n");
	assert_string_equal(r.diag_text.buf, "");
	run_release(&r);
}

static void test_words_unparsable(void **state)
{
	struct run r;
	run_init(&r);
	source_from_memory(&r.src, "Dockerfile", "RUN conda install pytorch=2.1;x\n", 32, &r.arena);
	struct word words[4];
	size_t n = split_words(&r, 17, words, 4);
	conda_from_words(&r.ctx, &r.src, words, n, 1);
	run_dump(&r, -1);
	assert_string_equal(r.pin_text.buf, "");
	assert_string_equal(r.diag_text.buf, "EL003 1:26-1:32 unparsable version '=2.1;x' for 'pytorch'\n");
	run_release(&r);
}

/* --- pip: lists (need the real requirements reader) --------------------------------- */

static const struct pin *find_pin(const struct run *r, enum pin_eco eco, enum pin_kind kind,
				  const char *name)
{
	for (size_t i = 0; i < r->pins.nr; i++) {
		const struct pin *p = &r->pins.items[i];
		if (p->eco == eco && p->kind == kind && (!name || (p->name && strcmp(p->name, name) == 0)))
			return p;
	}
	return NULL;
}

static size_t count_eco(const struct run *r, enum pin_eco eco)
{
	size_t n = 0;
	for (size_t i = 0; i < r->pins.nr; i++)
		n += r->pins.items[i].eco == eco;
	return n;
}

/* PIP-READER: passes once requirements_from_words records pins; skipped before. The
 * assertions are on what this reader decides: which words it hands over and where they
 * are (spans, scope); the spec conventions belong to requirements.c. */
static void test_pip_list(void **state)
{
	struct run r;
	const char *yaml = ENV("  - python=3.10\n"
			       "  - pip:\n"
			       "    - --extra-index-url https://download.pytorch.org/whl/cu121\n"
			       "    - torch==2.1.0+cu121\n"
			       "    - \"torchvision==0.16.0\"\n"
			       "    - \"torchaudio==2.1.0 ; python_version<\\\"3.12\\\"\"\n"
			       "    - nvidia-cudnn-cu12 >= 8.9 --hash=sha256:abc\n");
	run_yaml_len(&r, yaml, strlen(yaml));
	assert_string_equal(r.pin_text.buf,
			    "3:11-3:16 package conda python name='python' spec='=3.10' name@3:5 scope=1\n");
	if (count_eco(&r, PIN_ECO_PIP) == 0) {
		run_release(&r);
		skip();
	}
	assert_string_equal(r.diag_text.buf, "");
	const struct pin *idx = find_pin(&r, PIN_ECO_PIP, PIN_KIND_INDEX, NULL);
	assert_non_null(idx);
	assert_int_equal(idx->index_kind, PIN_INDEX_EXTRA);
	assert_string_equal(idx->spec, "https://download.pytorch.org/whl/cu121");
	assert_int_equal(idx->span.line, 5);
	assert_int_equal(idx->span.column, 25);
	assert_int_equal(idx->scope, 1);
	const struct pin *torch = find_pin(&r, PIN_ECO_PIP, PIN_KIND_PACKAGE, "torch");
	assert_non_null(torch);
	assert_non_null(strstr(torch->spec, "==2.1.0"));
	assert_string_equal(torch->variant, "cu121");
	assert_int_equal(torch->span.line, 6);
	assert_int_equal(torch->span.column, 12);
	assert_int_equal(torch->name_span.column, 7);
	assert_int_equal(torch->scope, 1);
	/* Quoted without escapes: still exact. */
	const struct pin *tv = find_pin(&r, PIN_ECO_PIP, PIN_KIND_PACKAGE, "torchvision");
	assert_non_null(tv);
	assert_string_equal(tv->spec, "==0.16.0");
	assert_int_equal(tv->span.line, 7);
	assert_int_equal(tv->span.column, 19);
	assert_int_equal(tv->name_span.column, 8);
	/* Escapes: the marker stays with its requirement; spans fall back to the scalar. */
	const struct pin *ta = find_pin(&r, PIN_ECO_PIP, PIN_KIND_PACKAGE, "torchaudio");
	assert_non_null(ta);
	assert_string_equal(ta->spec, "==2.1.0");
	assert_int_equal(ta->span.line, 8);
	assert_int_equal(ta->span.column, 7);
	assert_int_equal(ta->span.end_column, 52);
	/* A requirement with spaces is one word; "--hash=..." is a word of its own. */
	const struct pin *cudnn = find_pin(&r, PIN_ECO_PIP, PIN_KIND_PACKAGE, "nvidia-cudnn-cu12");
	assert_non_null(cudnn);
	assert_int_equal(cudnn->span.line, 9);
	assert_int_equal(cudnn->span.column, 25);
	run_release(&r);
}

/* PIP-READER: `-r` in a pip: list resolves next to the yml. */
static void test_pip_include_relative_to_yml(void **state)
{
	char dir[] = "/tmp/envlint-conda-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char yml[128], req[128];
	snprintf(yml, sizeof(yml), "%s/environment.yml", dir);
	snprintf(req, sizeof(req), "%s/requirements.txt", dir);
	FILE *f = fopen(req, "w");
	assert_non_null(f);
	fputs("torch==2.1.0\n", f);
	fclose(f);
	f = fopen(yml, "w");
	assert_non_null(f);
	fputs("dependencies:\n  - pip:\n    - -r requirements.txt\n", f);
	fclose(f);

	struct run r;
	run_init(&r);
	assert_int_equal(source_load(&r.src, yml, &r.arena, &r.diags), SOURCE_OK);
	assert_true(read_conda(&r.ctx, &r.src));
	bool placeholder = count_eco(&r, PIN_ECO_PIP) == 0 && r.diags.nr == 0;
	const struct pin *torch = find_pin(&r, PIN_ECO_PIP, PIN_KIND_PACKAGE, "torch");
	unlink(req);
	unlink(yml);
	rmdir(dir);
	if (placeholder) {
		run_release(&r);
		skip();
	}
	assert_non_null(torch);
	assert_string_equal(torch->spec, "==2.1.0");
	assert_non_null(strstr(torch->file, "requirements.txt"));
	assert_int_equal(torch->span.line, 1);
	assert_int_equal(torch->span.column, 6);
	run_release(&r);
}

/* --- the shared corpus ------------------------------------------------------------- */

static void test_corpus(void **state)
{
	DIR *d = opendir(CORPUS_DIR);
	if (!d)
		fail_msg("corpus directory missing: the tests run from the repository root");
	size_t files = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char path[1024];
		snprintf(path, sizeof(path), "%s/%s", CORPUS_DIR, e->d_name);
		struct run r;
		run_init(&r);
		if (source_load(&r.src, path, &r.arena, &r.diags) == SOURCE_OK) {
			read_conda(&r.ctx, &r.src);
			files++;
		}
		run_dump(&r, -1);
		if (diag_list_count_at_least(&r.diags, SEV_ERROR) != 0)
			fail_msg("%s: %s", path, r.diag_text.buf);
		run_release(&r);
	}
	closedir(d);
	assert_true(files > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_single_equals),
		cmocka_unit_test(test_double_equals),
		cmocka_unit_test(test_range),
		cmocka_unit_test(test_space_version_build),
		cmocka_unit_test(test_equals_build),
		cmocka_unit_test(test_double_equals_glob_build),
		cmocka_unit_test(test_channel_prefix),
		cmocka_unit_test(test_cuda_packages),
		cmocka_unit_test(test_unpinned),
		cmocka_unit_test(test_bracket),
		cmocka_unit_test(test_operator_after_space),
		cmocka_unit_test(test_other_packages_skipped),
		cmocka_unit_test(test_package_url),
		cmocka_unit_test(test_unparsable_version),
		cmocka_unit_test(test_unparsable_version_message_is_clean),
		cmocka_unit_test(test_channels),
		cmocka_unit_test(test_quoted_scalars),
		cmocka_unit_test(test_multiline_plain_scalar),
		cmocka_unit_test(test_flow_sequence),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_non_ascii_columns),
		cmocka_unit_test(test_comments),
		cmocka_unit_test(test_anchors_aliases),
		cmocka_unit_test(test_alias_places),
		cmocka_unit_test(test_alias_reports_capped),
		cmocka_unit_test(test_billion_laughs),
		cmocka_unit_test(test_non_string_dependencies),
		cmocka_unit_test(test_lists_that_are_not_lists),
		cmocka_unit_test(test_duplicate_keys),
		cmocka_unit_test(test_shape_reports_capped),
		cmocka_unit_test(test_not_an_environment),
		cmocka_unit_test(test_multiple_documents),
		cmocka_unit_test(test_one_scope_per_file),
		cmocka_unit_test(test_invalid_yaml_block_mapping),
		cmocka_unit_test(test_invalid_yaml_unclosed_quote),
		cmocka_unit_test(test_invalid_yaml_after_pins),
		cmocka_unit_test(test_nul_bytes),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_utf16),
		cmocka_unit_test(test_deep_flow_nesting),
		cmocka_unit_test(test_deep_block_nesting),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_words_basic),
		cmocka_unit_test(test_words_options),
		cmocka_unit_test(test_words_not_verbatim),
		cmocka_unit_test(test_words_unparsable),
		cmocka_unit_test(test_pip_list),
		cmocka_unit_test(test_pip_include_relative_to_yml),
		cmocka_unit_test(test_corpus),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

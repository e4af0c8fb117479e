/*
 * test_kb: the knowledge-base loader and query API. Part 1 checks invariants over the
 * whole built-in KB (it loads clean; floors are monotonic; every reference resolves);
 * part 2 feeds the loader small broken KB directories and checks each problem comes
 * back as EL009 at the right line; part 3 covers the query functions that are rules
 * rather than data (GPU name normalisation, CC parsing, binary compatibility).
 * Facts themselves are tested in test_kb_facts.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "kb_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "kb/kb.h"
#include "kb/kb_internal.h"

static struct version V(const char *s)
{
	struct version v;
	bool ok = version_parse(&v, s, strlen(s));
	assert_true(ok);
	return v;
}

/* ------------------------------------------------------------------------- */
/* Part 1: invariants of the built-in KB */

static void test_builtin_loads_clean(void **state)
{
	(void)state;
	struct diag_list d = DIAG_LIST_INIT;
	struct kb *kb = NULL;
	assert_true(kb_load_builtin(&kb, &d));
	assert_non_null(kb);
	assert_int_equal(d.nr, 0);
	assert_non_null(kb_date(kb));
	assert_true(kb_cuda_count(kb) > 0);
	assert_true(kb_cc_count(kb) > 0);
	assert_true(kb_branch_count(kb) > 0);
	assert_true(kb_gpu_count(kb) > 0);
	assert_true(kb_cudnn_count(kb) > 0);
	assert_true(kb_torch_count(kb) > 0);
	kb_free(kb);
	diag_list_release(&d);
}

static void test_tables_sorted(void **state)
{
	const struct kb *kb = *state;
	for (size_t i = 1; i < kb_cuda_count(kb); i++)
		assert_true(version_cmp(&kb_cuda_at(kb, i - 1)->version, &kb_cuda_at(kb, i)->version) < 0);
	for (size_t i = 1; i < kb_cc_count(kb); i++)
		assert_true(version_cmp(&kb_cc_at(kb, i - 1)->cc, &kb_cc_at(kb, i)->cc) < 0);
	for (size_t i = 1; i < kb_branch_count(kb); i++)
		assert_true(kb_branch_at(kb, i - 1)->branch < kb_branch_at(kb, i)->branch);
	for (size_t i = 1; i < kb_torch_count(kb); i++)
		assert_true(version_cmp(&kb_torch_at(kb, i - 1)->line, &kb_torch_at(kb, i)->line) < 0);
	assert_null(kb_cuda_at(kb, kb_cuda_count(kb)));
}

/* The full-feature Linux floor never goes down as CUDA grows (cuda.yaml notes no
 * exception). */
static void test_linux_floors_monotonic(void **state)
{
	const struct kb *kb = *state;
	const struct kb_cuda *prev = NULL;
	for (size_t i = 0; i < kb_cuda_count(kb); i++) {
		const struct kb_cuda *c = kb_cuda_at(kb, i);
		if (!c->has_driver[KB_OS_LINUX])
			continue;
		if (prev && version_cmp(&prev->driver[KB_OS_LINUX], &c->driver[KB_OS_LINUX]) > 0)
			fail_msg("CUDA %s needs a lower Linux driver than %s", c->text, prev->text);
		prev = c;
	}
}

/* The minor-compat floor of a major is at most the full floor of each of its releases.
 * Documented exception (cuda.yaml minor_compat note for major 11, from NVIDIA's
 * minor-version-compatibility guide): CUDA 11.0 itself shipped with 450.36.06 / 450.51.0x,
 * before the 450.80.02 driver that introduced minor-version compatibility for 11.x. */
static void test_minor_compat_below_full_floors(void **state)
{
	const struct kb *kb = *state;
	const struct version exception = V("11.0");
	for (size_t i = 0; i < kb_cuda_count(kb); i++) {
		const struct kb_cuda *c = kb_cuda_at(kb, i);
		if (!version_cmp_prefix(&c->version, &exception, 2))
			continue;
		const struct kb_minor_compat *m = kb_cuda_minor_compat(kb, c->version.release[0]);
		if (!m)
			continue;
		for (int os = KB_OS_LINUX; os <= KB_OS_WINDOWS; os++)
			if (m->has_driver[os] && c->has_driver[os] &&
			    version_cmp(&m->driver[os], &c->driver[os]) > 0)
				fail_msg("minor-compat floor of %u is above CUDA %s (os %d)",
					 m->major, c->text, os);
	}
	assert_null(kb_cuda_minor_compat(kb, 10));
}

static void test_torch_cuda_exists(void **state)
{
	const struct kb *kb = *state;
	for (size_t i = 0; i < kb_torch_count(kb); i++) {
		const struct kb_torch_release *r = kb_torch_at(kb, i);
		for (size_t j = 0; j < r->nvariants; j++) {
			const struct kb_torch_variant *v = &r->variants[j];
			if (v->has_cuda && !kb_cuda_find(kb, &v->cuda))
				fail_msg("variant %s names a CUDA cuda.yaml does not know", v->name);
			for (size_t k = 0; k < v->nsass; k++)
				assert_non_null(kb_cc_find(kb, &v->sass[k]));
		}
		for (size_t j = 0; j < r->npytorch_cuda; j++)
			assert_non_null(kb_cuda_find(kb, &r->pytorch_cuda[j]));
	}
}

static void test_gpu_cc_known_and_targetable(void **state)
{
	const struct kb *kb = *state;
	for (size_t i = 0; i < kb_gpu_count(kb); i++) {
		const struct kb_gpu *g = kb_gpu_at(kb, i);
		assert_non_null(g->arch);
		const struct kb_cc *cc = kb_cc_find(kb, &g->cc);
		if (!cc)
			fail_msg("GPU '%s' has a cc cuda.yaml architectures lacks", g->name);
		bool covered = false;
		for (size_t j = 0; j < kb_cuda_count(kb) && !covered; j++)
			covered = kb_cuda_can_target(kb, &kb_cuda_at(kb, j)->version, &g->cc) == KB_YES;
		if (!covered)
			fail_msg("no CUDA release in the KB can target '%s'", g->name);
	}
	for (size_t i = 0; i < kb_cc_count(kb); i++)
		assert_non_null(kb_cc_at(kb, i)->arch);
}

static void test_every_entry_has_source(void **state)
{
	const struct kb *kb = *state;
	for (size_t i = 0; i < kb_cuda_count(kb); i++)
		assert_non_null(kb_cuda_at(kb, i)->origin.source);
	for (size_t i = 0; i < kb_cc_count(kb); i++)
		assert_non_null(kb_cc_at(kb, i)->origin.source);
	for (size_t i = 0; i < kb_branch_count(kb); i++)
		assert_non_null(kb_branch_at(kb, i)->origin.source);
	for (size_t i = 0; i < kb->nfc_packages; i++)
		assert_non_null(kb->fc_packages[i].origin.source);
	for (size_t i = 0; i < kb->ncuda_images; i++)
		assert_non_null(kb->cuda_images[i].origin.source);
	for (size_t i = 0; i < kb_gpu_count(kb); i++) {
		assert_non_null(kb_gpu_at(kb, i)->origin.source);
		assert_non_null(kb_gpu_at(kb, i)->arch->origin.source);
	}
	for (size_t i = 0; i < kb_cudnn_count(kb); i++)
		assert_non_null(kb_cudnn_at(kb, i)->origin.source);
	for (size_t i = 0; i < kb_torch_count(kb); i++) {
		const struct kb_torch_release *r = kb_torch_at(kb, i);
		assert_non_null(r->origin.source);
		assert_true(r->origin.line > 0);
		assert_string_equal(r->origin.file, "<builtin>/pytorch.yaml");
		for (size_t j = 0; j < r->nvariants; j++)
			assert_non_null(r->variants[j].origin.source);
	}
}

/* Every spelling of every GPU finds that GPU and no other. */
static void test_gpu_spellings_unique(void **state)
{
	const struct kb *kb = *state;
	for (size_t i = 0; i < kb_gpu_count(kb); i++) {
		const struct kb_gpu *g = kb_gpu_at(kb, i);
		bool amb = true;
		assert_ptr_equal(kb_gpu_lookup(kb, g->name, &amb), g);
		assert_false(amb);
		for (const char *const *s = g->smi; *s; s++)
			assert_ptr_equal(kb_gpu_lookup(kb, *s, &amb), g);
		for (const char *const *s = g->aliases; *s; s++)
			if (kb_gpu_lookup(kb, *s, &amb) != g)
				fail_msg("alias '%s' of '%s' does not find it", *s, g->name);
	}
}

static void test_patterns_compiled(void **state)
{
	const struct kb *kb = *state;
	assert_true(kb->npatterns > 0);
	for (size_t i = 0; i < kb->npatterns; i++) {
		assert_non_null(kb->patterns[i].re);
		assert_non_null(kb->patterns[i].md);
		if (kb->patterns[i].kind == KB_PAT_IMAGE_TAG)
			assert_non_null(kb->patterns[i].repo);
	}
}

/* Startup cost: the median of 51 full loads (printed; the limit is generous so a
 * sanitizer build passes). */

/* ------------------------------------------------------------------------- */
/* Part 2: the loader on broken KB directories */

struct tmpkb {
	char dir[64];
	char files[8][80];
	int nfiles;
};

static void tmpkb_init(struct tmpkb *t)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->dir, sizeof(t->dir), "/tmp/test_kb.XXXXXX");
	assert_non_null(mkdtemp(t->dir));
}

static void tmpkb_write(struct tmpkb *t, const char *name, const char *text)
{
	assert_true(t->nfiles < 8);
	char path[sizeof(t->files[0])];
	snprintf(path, sizeof(path), "%s/%s", t->dir, name);
	memcpy(t->files[t->nfiles++], path, sizeof(path));
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void tmpkb_release(struct tmpkb *t)
{
	for (int i = 0; i < t->nfiles; i++)
		unlink(t->files[i]);
	rmdir(t->dir);
}

/* Loads a one-file KB and expects it to fail with an EL009 at `line` whose message
 * contains `needle`. */
static void expect_el009(const char *name, const char *text, uint32_t line, const char *needle)
{
	struct tmpkb t;
	tmpkb_init(&t);
	tmpkb_write(&t, name, text);
	struct diag_list d = DIAG_LIST_INIT;
	/* kb_load_dir must reset *out on failure: start from a non-NULL pointer. */
	static char sentinel;
	struct kb *kb = (struct kb *)&sentinel;
	assert_false(kb_load_dir(&kb, t.dir, &d));
	assert_null(kb);
	bool found = false;
	for (size_t i = 0; i < d.nr; i++) {
		assert_int_equal(d.items[i].rule, RULE_EL009);
		assert_non_null(strstr(d.items[i].file, name));
		if (d.items[i].span.line == line && strstr(d.items[i].message, needle))
			found = true;
	}
	if (!found) {
		for (size_t i = 0; i < d.nr; i++)
			print_message("got %u:%u: %s\n", d.items[i].span.line, d.items[i].span.column,
				      d.items[i].message);
		fail_msg("no EL009 at line %u containing '%s'", line, needle);
	}
	diag_list_release(&d);
	tmpkb_release(&t);
}

static const char CUDA_OK[] = "releases:\n"
			      "  - {version: 12.4.0, driver: {linux: 550.54.14}, source: x}\n";

static void test_dir_ok(void **state)
{
	(void)state;
	struct tmpkb t;
	tmpkb_init(&t);
	tmpkb_write(&t, "cuda.yaml", CUDA_OK);
	tmpkb_write(&t, "README.txt", "not yaml, not read\n");
	struct diag_list d = DIAG_LIST_INIT;
	struct kb *kb;
	assert_true(kb_load_dir(&kb, t.dir, &d));
	assert_int_equal(d.nr, 0);
	assert_int_equal(kb_cuda_count(kb), 1);
	assert_int_equal(kb_cuda_at(kb, 0)->origin.line, 2);
	assert_non_null(strstr(kb_cuda_at(kb, 0)->origin.file, "cuda.yaml"));
	kb_free(kb);
	diag_list_release(&d);
	tmpkb_release(&t);
}

static void test_missing_source(void **state)
{
	(void)state;
	expect_el009("cuda.yaml",
		     "releases:\n"
		     "  - {version: 12.4.0, driver: {linux: 550.54.14}, source: x}\n"
		     "  - version: 12.4.1\n"
		     "    driver: {linux: 550.54.15}\n",
		     3, "missing 'source'");
}

static void test_unknown_key(void **state)
{
	(void)state;
	expect_el009("cuda.yaml",
		     "releases:\n"
		     "  - version: 12.4.0\n"
		     "    driver: {linux: 550.54.14}\n"
		     "    drvier_branch: 550\n"
		     "    source: x\n",
		     4, "unknown key 'drvier_branch'");
}

static void test_unknown_table(void **state)
{
	(void)state;
	expect_el009("drivers.yaml", "branches: []\nbranchez: []\n", 2, "unknown key 'branchez'");
}

static void test_unknown_file(void **state)
{
	(void)state;
	expect_el009("cudaa.yaml", "releases: []\n", 0, "unknown knowledge-base file");
}

static void test_bad_version(void **state)
{
	(void)state;
	expect_el009("cuda.yaml",
		     "releases:\n"
		     "  - {version: 12.4.0, driver: {linux: 550.54.14}, source: x}\n"
		     "  - {version: 12.x.1, driver: {linux: 550.54.15}, source: x}\n",
		     3, "invalid CUDA version (X.Y.Z) '12.x.1'");
	expect_el009("cuda.yaml",
		     "releases:\n"
		     "  - {version: 12.4.0, driver: {linux: 550.5a.14}, source: x}\n",
		     2, "invalid driver version '550.5a.14' for 'linux'");
	expect_el009("cuda.yaml",
		     "architectures:\n"
		     "  - {cc: sm_86, name: ampere, first: 11.1, source: x}\n",
		     2, "invalid compute capability");
}

static void test_duplicate_cuda(void **state)
{
	(void)state;
	expect_el009("cuda.yaml",
		     "releases:\n"
		     "  - {version: 12.4.0, driver: {linux: 550.54.14}, source: x}\n"
		     "  - {version: 12.4.0, driver: {linux: 550.54.14}, source: y}\n",
		     3, "duplicate CUDA release '12.4.0'");
}

static const char GPUS_HEAD[] = "architectures:\n"
				"  - {name: ada, floor: 520, source: x}\n"
				"gpus:\n";

static void test_unknown_arch(void **state)
{
	(void)state;
	char text[512];
	snprintf(text, sizeof(text), "%s%s", GPUS_HEAD,
		 "  - {name: RTX 4090, arch: ada, cc: 8.9, segment: geforce, source: x}\n"
		 "  - {name: RTX 3090, arch: ampere, cc: 8.6, segment: geforce, source: x}\n");
	expect_el009("gpus.yaml", text, 5, "unknown architecture 'ampere'");
	expect_el009("cuda.yaml",
		     "architectures:\n"
		     "  - {cc: 8.6, name: amprere, first: 11.1, source: x}\n",
		     2, "unknown architecture 'amprere'");
}

static void test_driver_except(void **state)
{
	(void)state;
	char text[512];
	/* An except entry must be a later release of the same branch. */
	snprintf(text, sizeof(text), "%s%s", GPUS_HEAD,
		 "  - {name: RTX 4090, arch: ada, cc: 8.9, segment: geforce, source: x,\n"
		 "     drivers: [{branch: 520, first: 520.56.06, except: [525.60.11]}]}\n");
	expect_el009("gpus.yaml", text, 5, "later releases of branch 520");
	snprintf(text, sizeof(text), "%s%s", GPUS_HEAD,
		 "  - {name: RTX 4090, arch: ada, cc: 8.9, segment: geforce, source: x,\n"
		 "     drivers: [{branch: 520, first: 520.56.06, except: [520.51.00]}]}\n");
	expect_el009("gpus.yaml", text, 5, "later releases of branch 520");
}

static void test_duplicate_gpu_spelling(void **state)
{
	(void)state;
	char text[512];
	snprintf(text, sizeof(text), "%s%s", GPUS_HEAD,
		 "  - {name: RTX 4090, aliases: [\"4090\"], arch: ada, cc: 8.9, segment: geforce, source: x}\n"
		 "  - {name: RTX 4090 D, aliases: [\"4090\"], arch: ada, cc: 8.9, segment: geforce, source: x}\n");
	expect_el009("gpus.yaml", text, 5, "also names");
	snprintf(text, sizeof(text), "%s%s", GPUS_HEAD,
		 "  - {name: RTX 4090, arch: ada, cc: 8.9, segment: geforce, source: x}\n"
		 "  - {name: NVIDIA GeForce RTX 4090, arch: ada, cc: 8.9, segment: geforce, source: x}\n");
	expect_el009("gpus.yaml", text, 5, "also names");
}

static void test_bad_regex(void **state)
{
	(void)state;
	expect_el009("images.yaml",
		     "patterns:\n"
		     "  - name: broken\n"
		     "    applies: local_version\n"
		     "    regex: '^(?<variant>cu\\d+$'\n"
		     "    source: x\n",
		     4, "invalid regex in 'regex' at offset");
	expect_el009("images.yaml",
		     "patterns:\n"
		     "  - {name: typo, applies: wheel, regex: '^(?<cdua>\\d+)$', source: x}\n",
		     2, "unknown named group 'cdua'");
	expect_el009("images.yaml",
		     "patterns:\n"
		     "  - {name: norepo, applies: image_tag, regex: '^x$', source: x}\n",
		     2, "missing 'repo'");
}

static void test_invalid_yaml(void **state)
{
	(void)state;
	expect_el009("cuda.yaml",
		     "releases:\n"
		     "  - {version: 12.4.0, driver: {linux: 550.54.14}, source: x}\n"
		     "  - {version: 12.4.1, driver: [oops}, source: x}\n",
		     3, "invalid YAML");
	expect_el009("kb.yaml", "date: 2026-13-01\nsource: x\n", 1, "invalid date");
	expect_el009("kb.yaml", "", 0, "empty knowledge-base file");
	expect_el009("pytorch.yaml", "releases: {}\n", 1, "must be a list");
}

static void test_torch_cross_checks(void **state)
{
	(void)state;
	expect_el009("pytorch.yaml",
		     "releases:\n"
		     "  - version: 2.1\n"
		     "    patches: [2.1.0]\n"
		     "    pypi_default: cu122\n"
		     "    variants:\n"
		     "      - {name: cu121, cuda: 12.1, source: x}\n"
		     "    source: x\n",
		     4, "pypi_default 'cu122' is not a variant");
	expect_el009("pytorch.yaml",
		     "releases:\n"
		     "  - version: 2.1\n"
		     "    patches: [2.1.0]\n"
		     "    variants:\n"
		     "      - {name: cu121, cuda: 12.2, source: x}\n"
		     "    source: x\n",
		     5, "'cuda' does not match variant 'cu121'");
	expect_el009("pytorch.yaml",
		     "releases:\n"
		     "  - version: 2.1\n"
		     "    patches: [2.1.0]\n"
		     "    companions:\n"
		     "      - {torch: 2.1.3, torchvision: 0.16.0}\n"
		     "    source: x\n",
		     5, "companion torch is not in");
	expect_el009("pytorch.yaml",
		     "releases:\n"
		     "  - {version: 2.1, patches: [2.1.0], source: x}\n"
		     "  - {version: \"2.10\", patches: [2.10.0], source: x}\n"
		     "  - {version: 2.1, patches: [2.1.1], source: x}\n",
		     4, "duplicate torch release line");
	/* The completeness claim names its own source and says what it claims. */
	expect_el009("pytorch.yaml",
		     "releases:\n"
		     "  - version: 2.1\n"
		     "    patches: [2.1.0]\n"
		     "    cuda_builds: {complete: true}\n"
		     "    source: x\n",
		     4, "missing 'source' in 'cuda_builds'");
	expect_el009("pytorch.yaml",
		     "releases:\n"
		     "  - version: 2.1\n"
		     "    patches: [2.1.0]\n"
		     "    cuda_builds: {source: x}\n"
		     "    source: x\n",
		     4, "missing 'complete' in 'cuda_builds'");
	expect_el009("pytorch.yaml",
		     "releases:\n"
		     "  - version: 2.1\n"
		     "    patches: [2.1.0]\n"
		     "    cuda_builds: {complete: yes please, source: x}\n"
		     "    source: x\n",
		     4, "invalid boolean 'yes please' for 'complete'");
}

/* drivers.yaml `compat`: the forward-compatibility matrix. */
static const char FC_BRANCHES[] = "branches:\n"
				  "  - {branch: 535, cuda: 12.2, source: x}\n"
				  "  - {branch: 570, cuda: 12.8, source: x}\n";

static void expect_fc_el009(const char *compat, uint32_t line, const char *needle)
{
	char text[1024];
	snprintf(text, sizeof(text), "%scompat:\n%s", FC_BRANCHES, compat);
	expect_el009("drivers.yaml", text, line, needle);
}

static void test_fc_packages(void **state)
{
	(void)state;
	expect_fc_el009("  - {cuda: 12.8, bases: [535]}\n", 5, "missing 'source'");
	expect_fc_el009("  - {cuda: 12.9, bases: [535, 550], source: x}\n", 5,
			"base branch '550' is not in 'branches'");
	expect_fc_el009("  - {cuda: 12.8, bases: [535, 570], source: x}\n", 5,
			"base branch '570' already runs CUDA 12.8 natively");
	expect_fc_el009("  - {cuda: 12.9, bases: [535, 535], source: x}\n", 5,
			"duplicate base branch '535'");
	expect_fc_el009("  - {cuda: 12.9, bases: [535], source: x}\n"
			"  - {cuda: 12.9, bases: [570], source: x}\n", 6,
			"duplicate compat entry for CUDA 12.9");
	expect_fc_el009("  - {cuda: 12.9.1, bases: [535], source: x}\n", 5, "invalid CUDA version");
	expect_fc_el009("  - {cuda: 12.9, base: [535], source: x}\n", 5, "unknown key 'base'");
	expect_fc_el009("  - {cuda: 12.9, source: x}\n", 5, "missing 'bases'");
	expect_fc_el009("  - {cuda: 12.9, bases: 535, source: x}\n", 5, "must be a list");

	/* `compat` may come before `branches` in the file; entries come out sorted. */
	struct tmpkb t;
	tmpkb_init(&t);
	char text[1024];
	snprintf(text, sizeof(text),
		 "compat:\n"
		 "  - {cuda: 12.9, bases: [535, 570], source: x}\n"
		 "  - {cuda: 12.2, bases: [], source: x}\n"
		 "%s", FC_BRANCHES);
	tmpkb_write(&t, "drivers.yaml", text);
	struct diag_list d = DIAG_LIST_INIT;
	struct kb *kb;
	assert_true(kb_load_dir(&kb, t.dir, &d));
	assert_int_equal(d.nr, 0);
	assert_int_equal(kb->nfc_packages, 2);
	assert_int_equal(kb->fc_packages[0].cuda.release[1], 2);
	assert_int_equal(kb->fc_packages[0].nbases, 0);
	assert_non_null(kb->fc_packages[0].bases);
	assert_int_equal(kb->fc_packages[1].origin.line, 2);
	const struct version v129 = V("12.9.1"), v122 = V("12.2"), v128 = V("12.8"), v12 = V("12");
	assert_int_equal(kb_forward_compat_runs(kb, &v129, 570), KB_YES);
	assert_int_equal(kb_forward_compat_runs(kb, &v129, 580), KB_NO);
	assert_int_equal(kb_forward_compat_runs(kb, &v122, 535), KB_NO);
	assert_int_equal(kb_forward_compat_runs(kb, &v128, 535), KB_UNKNOWN);
	assert_int_equal(kb_forward_compat_runs(kb, &v12, 535), KB_UNKNOWN);
	assert_int_equal(kb_forward_compat_runs(kb, NULL, 535), KB_UNKNOWN);
	kb_free(kb);
	diag_list_release(&d);
	tmpkb_release(&t);
}

/* images.yaml `cuda_images`: its branches are checked against drivers.yaml, so each case
 * is a two-file KB. */
static const char CI_BRANCHES[] = "branches:\n"
				  "  - {branch: 470, cuda: 11.4, source: x}\n"
				  "  - {branch: 535, cuda: 12.2, source: x}\n";

/* Loads drivers.yaml (`drivers`) plus images.yaml "cuda_images:\n<rows>"; expects an EL009 in
 * images.yaml at `line` containing `needle`, or (needle NULL) a clean load, which is
 * returned. */
static struct kb *load_ci(const char *drivers, const char *rows, uint32_t line, const char *needle)
{
	struct tmpkb t;
	tmpkb_init(&t);
	if (drivers)
		tmpkb_write(&t, "drivers.yaml", drivers);
	char text[1024];
	snprintf(text, sizeof(text), "cuda_images:\n%s", rows);
	tmpkb_write(&t, "images.yaml", text);
	struct diag_list d = DIAG_LIST_INIT;
	struct kb *kb = NULL;
	bool ok = kb_load_dir(&kb, t.dir, &d);
	bool found = false;
	for (size_t i = 0; i < d.nr; i++) {
		assert_int_equal(d.items[i].rule, RULE_EL009);
		found |= needle && strstr(d.items[i].file, "images.yaml") &&
			 d.items[i].span.line == line && strstr(d.items[i].message, needle);
	}
	if (needle ? !found || ok : !ok || d.nr) {
		for (size_t i = 0; i < d.nr; i++)
			print_message("got %s:%u:%u: %s\n", d.items[i].file, d.items[i].span.line,
				      d.items[i].span.column, d.items[i].message);
		fail_msg("expected %s at line %u", needle ? needle : "a clean load", line);
	}
	diag_list_release(&d);
	tmpkb_release(&t);
	return kb;
}

static void test_cuda_images(void **state)
{
	(void)state;
	const char *B = CI_BRANCHES;
	load_ci(B, "  - {image: 12.2.2, cuda: 12.2, branches: [470], brands: [tesla]}\n", 2,
		"missing 'source'");
	load_ci(B, "  - {image: 12.2.2, cuda: 12.2, branches: [470], brands: [tesla], brnds: [], source: x}\n",
		2, "unknown key 'brnds'");
	/* A floating X.Y tag has rows of its own; a bare major names no tag. */
	kb_free(load_ci(B, "  - {image: 12.2, cuda: 12.2, branches: [470], brands: [tesla], source: x}\n", 0,
			NULL));
	load_ci(B, "  - {image: 12, cuda: 12.2, branches: [470], brands: [tesla], source: x}\n", 2,
		"invalid CUDA version");
	load_ci(B, "  - {image: 12.2.2, cuda: 12.2.2, branches: [470], brands: [tesla], source: x}\n", 2,
		"invalid CUDA version (X.Y) '12.2.2'");
	load_ci(B, "  - {image: 12.2.2, cuda: 12.1, branches: [470], brands: [tesla], source: x}\n", 2,
		"'cuda' is not the X.Y of image 12.2.2");
	load_ci(B, "  - {image: 12.2.2, cuda: 12.2, branches: [525], brands: [tesla], source: x}\n", 2,
		"branch '525' is not in drivers.yaml 'branches'");
	/* Without drivers.yaml no branch is known. */
	load_ci(NULL, "  - {image: 12.2.2, cuda: 12.2, branches: [470], brands: [tesla], source: x}\n", 2,
		"branch '470' is not in drivers.yaml 'branches'");
	load_ci(B, "  - {image: 12.2.2, cuda: 12.2, branches: [470, 535], brands: [tesla], source: x}\n", 2,
		"branch '535' already meets cuda>=12.2");
	load_ci(B, "  - {image: 12.2.2, cuda: 12.2, branches: [470, 470], brands: [tesla], source: x}\n", 2,
		"duplicate branch '470'");
	load_ci(B, "  - {image: 12.2.2, cuda: 12.2, branches: [R470], brands: [tesla], source: x}\n", 2,
		"invalid number 'R470'");
	load_ci(B, "  - {image: 12.2.2, cuda: 12.2, branches: 470, brands: [tesla], source: x}\n", 2,
		"'branches' must be a list");
	load_ci(B, "  - {image: 12.2.2, cuda: 12.2, branches: [470], brands: tesla, source: x}\n", 2,
		"'brands' must be a list");
	load_ci(B, "  - {image: 12.2.2, cuda: 12.2, branches: [470], brands: [Tesla], source: x}\n", 2,
		"invalid brand 'Tesla'");
	load_ci(B, "  - {image: 12.2.2, cuda: 12.2, branches: [470], brands: [tesla, tesla], source: x}\n", 2,
		"duplicate brand 'tesla'");
	load_ci(B, "  - {image: 12.2.2, cuda: 12.2, branches: [470], brands: [], source: x}\n", 2,
		"both be empty or both not");
	load_ci(B, "  - {image: 12.2.2, cuda: 12.2, branches: [], brands: [tesla], source: x}\n", 2,
		"both be empty or both not");
	load_ci(B, "  - {image: 12.2.2, cuda: 12.2, brands: [tesla], source: x}\n", 2,
		"missing 'branches'");
	load_ci(B, "  - {image: 12.2.2, cuda: 12.2, branches: [470], source: x}\n", 2,
		"missing 'brands'");
	load_ci(B,
		"  - {image: 12.2.2, cuda: 12.2, branches: [470], brands: [tesla], source: x}\n"
		"  - {image: 12.2.2, cuda: 12.2, branches: [], brands: [], source: y}\n",
		3, "duplicate cuda_images entry for image 12.2.2");
	/* The bare driver>=N term: a known branch below `cuda`, above every brand clause. */
	load_ci(B, "  - {image: 12.2.2, cuda: 12.2, driver: 525, branches: [], brands: [], source: x}\n", 2,
		"driver '525' is not a drivers.yaml branch");
	load_ci(B, "  - {image: 12.2.2, cuda: 12.2, driver: 535, branches: [], brands: [], source: x}\n", 2,
		"driver '535' already meets cuda>=12.2");
	load_ci(B, "  - {image: 12.2.2, cuda: 12.2, driver: 470, branches: [470], brands: [tesla], source: x}\n",
		2, "branch '470' is not below 'driver' 470");
	load_ci(B, "  - {image: 12.2.2, cuda: 12.2, driver: R470, branches: [], brands: [], source: x}\n", 2,
		"invalid number 'R470'");
	/* tesla_branches: checked as `branches` are, and never both lists for one branch. */
	load_ci(B, "  - {image: 12.2.2, cuda: 12.2, branches: [470], brands: [tesla], tesla_branches: [535], source: x}\n",
		2, "branch '535' already meets cuda>=12.2");
	load_ci(B, "  - {image: 12.2.2, cuda: 12.2, branches: [470], brands: [tesla], tesla_branches: [525], source: x}\n",
		2, "branch '525' is not in drivers.yaml 'branches'");
	load_ci(B, "  - {image: 12.2.2, cuda: 12.2, branches: [470], brands: [tesla], tesla_branches: 470, source: x}\n",
		2, "'tesla_branches' must be a list");
	load_ci(B, "  - {image: 12.2.2, cuda: 12.2, branches: [470], brands: [tesla], tesla_branches: [470], source: x}\n",
		2, "branch '470' is in both 'branches' and 'tesla_branches'");
	load_ci(B,
		"  - {image: 12.2.2, cuda: 12.2, driver: 470, branches: [], brands: [], tesla_branches: [470], source: x}\n",
		2, "branch '470' is not below 'driver' 470");

	/* A clean table comes out sorted; the query wants the exact X.Y.Z. */
	struct kb *kb = load_ci(B,
				"  - {image: 12.2.2, cuda: 12.2, branches: [470], brands: [tesla, grid], source: x}\n"
				"  - {image: 11.4.3, cuda: 11.4, branches: [], brands: [], status: 2nd, source: y}\n"
				"  - {image: 12.3.0, cuda: 12.3, driver: 470, branches: [], brands: [], source: z}\n"
				"  - {image: 12.4.0, cuda: 12.4, branches: [535], brands: [geforce], tesla_branches: [470],"
				" source: z}\n",
				0, NULL);
	assert_int_equal(kb->ncuda_images, 4);
	const struct version v1143 = V("11.4.3"), v1222 = V("12.2.2"), v122 = V("12.2"),
			     v1220 = V("12.2.0"), v12220 = V("12.2.2.0");
	const struct kb_cuda_image *r = kb_cuda_image(kb, &v1143);
	assert_ptr_equal(r, &kb->cuda_images[0]);
	assert_int_equal(r->nbranches, 0);
	assert_non_null(r->branches);
	assert_null(r->brands[0]);
	assert_int_equal(r->driver_min, 0);
	assert_true(r->origin.secondary);
	assert_int_equal(r->origin.line, 3);
	r = kb_cuda_image(kb, &v1222);
	assert_non_null(r);
	assert_int_equal(r->nbranches, 1);
	assert_int_equal(r->branches[0], 470);
	assert_string_equal(r->brands[0], "tesla");
	assert_string_equal(r->brands[1], "grid");
	assert_null(r->brands[2]);
	assert_int_equal(r->driver_min, 0);
	assert_string_equal(r->origin.source, "x");
	const struct version v1230 = V("12.3.0");
	r = kb_cuda_image(kb, &v1230);
	assert_non_null(r);
	assert_int_equal(r->driver_min, 470);
	assert_int_equal(r->ntesla_branches, 0);
	const struct version v1240 = V("12.4.0");
	r = kb_cuda_image(kb, &v1240);
	assert_non_null(r);
	assert_int_equal(r->nbranches, 1);
	assert_int_equal(r->branches[0], 535);
	assert_int_equal(r->ntesla_branches, 1);
	assert_int_equal(r->tesla_branches[0], 470);
	assert_null(kb_cuda_image(kb, &v122));
	assert_null(kb_cuda_image(kb, &v1220));
	assert_null(kb_cuda_image(kb, &v12220));
	assert_null(kb_cuda_image(kb, NULL));
	kb_free(kb);

	/* An empty table, and a KB without one (no array behind it), answer NULL. */
	kb = load_ci(B, "  []\n", 0, NULL);
	assert_int_equal(kb->ncuda_images, 0);
	assert_null(kb_cuda_image(kb, &v1222));
	kb_free(kb);
	struct tmpkb t;
	tmpkb_init(&t);
	tmpkb_write(&t, "drivers.yaml", B);
	struct diag_list d = DIAG_LIST_INIT;
	assert_true(kb_load_dir(&kb, t.dir, &d));
	assert_null(kb->cuda_images);
	assert_null(kb_cuda_image(kb, &v1222));
	kb_free(kb);
	diag_list_release(&d);
	tmpkb_release(&t);
}

/* images.yaml `cuda_image_tags`: loads "cuda_image_tags:\n<rows>" alone; an EL009 at `line`
 * containing `needle`, or (NULL) a clean load. */
static void load_tags(const char *rows, uint32_t line, const char *needle)
{
	struct tmpkb t;
	tmpkb_init(&t);
	char text[1024];
	snprintf(text, sizeof(text), "cuda_image_tags:\n%s", rows);
	tmpkb_write(&t, "images.yaml", text);
	struct diag_list d = DIAG_LIST_INIT;
	struct kb *kb = NULL;
	bool ok = kb_load_dir(&kb, t.dir, &d);
	bool found = false;
	for (size_t i = 0; i < d.nr; i++)
		found |= needle && d.items[i].span.line == line && strstr(d.items[i].message, needle);
	if (needle ? !found || ok : !ok || d.nr) {
		for (size_t i = 0; i < d.nr; i++)
			print_message("got %u: %s\n", d.items[i].span.line, d.items[i].message);
		fail_msg("expected %s at line %u", needle ? needle : "a clean load", line);
	}
	if (!needle)
		assert_int_equal(kb_cuda_image_tags_count(kb), 2);
	kb_free(kb);
	diag_list_release(&d);
	tmpkb_release(&t);
}

static void test_cuda_image_tags(void **state)
{
	(void)state;
	load_tags("  - {os: ubuntu22.04, image: 12.4.1, tags: [base, cudnn-runtime], source: x}\n"
		  "  - {os: ubuntu20.04, image: 11.4.3, tags: [cudnn8-devel], source: x}\n",
		  0, NULL);
	load_tags("  - {os: ubuntu22.04, image: 12.4.1, tags: [base]}\n", 2, "missing 'source'");
	load_tags("  - {os: ubuntu22.04, image: 12.4, tags: [base], source: x}\n", 2, "12.4");
	load_tags("  - {os: ubuntu22.04, image: 12.4.1, tags: [cudnn_runtime], source: x}\n", 2,
		  "invalid tag middle 'cudnn_runtime'");
	load_tags("  - {os: ubuntu22.04, image: 12.4.1, tags: [base, base], source: x}\n", 2,
		  "duplicate tag middle 'base'");
	load_tags("  - {os: ubuntu22.04, image: 12.4.1, tags: [base], source: x}\n"
		  "  - {os: ubuntu22.04, image: 12.4.1, tags: [devel], source: x}\n",
		  3, "duplicate cuda_image_tags entry for image 12.4.1 on ubuntu22.04");
}

/* All problems are collected, not just the first. */
static void test_collects_all(void **state)
{
	(void)state;
	struct tmpkb t;
	tmpkb_init(&t);
	tmpkb_write(&t, "cuda.yaml",
		    "releases:\n"
		    "  - {version: 12.4.0, driver: {linux: 550.54.14}}\n"
		    "  - {version: 12.4.1, driver: {linux: 550.54.15}, bogus: 1, source: x}\n");
	tmpkb_write(&t, "drivers.yaml", "branches:\n  - {branch: R535, cuda: 12.2, source: x}\n");
	struct diag_list d = DIAG_LIST_INIT;
	struct kb *kb;
	assert_false(kb_load_dir(&kb, t.dir, &d));
	assert_int_equal(d.nr, 3);
	diag_list_release(&d);
	tmpkb_release(&t);
}

/* An alias bomb stops at the walk budget instead of hanging. */
static void test_alias_bomb(void **state)
{
	(void)state;
	char text[4096];
	size_t n = (size_t)snprintf(text, sizeof(text),
				    "a: &a [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]\n");
	n += (size_t)snprintf(text + n, sizeof(text) - n,
			      "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n");
	n += (size_t)snprintf(text + n, sizeof(text) - n, "releases:\n");
	for (int i = 0; i < 40 && n + 200 < sizeof(text); i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n,
				      "  - {version: 2.%d, patches: [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b,*b,*b,*b,*b,*b,*b,*b,*b,*b,*b], source: x}\n",
				      i);
	struct tmpkb t;
	tmpkb_init(&t);
	tmpkb_write(&t, "pytorch.yaml", text);
	struct diag_list d = DIAG_LIST_INIT;
	struct kb *kb;
	assert_false(kb_load_dir(&kb, t.dir, &d));
	assert_true(d.nr > 0);
	diag_list_release(&d);
	tmpkb_release(&t);
}

static void test_missing_dir(void **state)
{
	(void)state;
	struct diag_list d = DIAG_LIST_INIT;
	struct kb *kb;
	assert_false(kb_load_dir(&kb, "/nonexistent/kb/dir", &d));
	assert_null(kb);
	assert_int_equal(d.nr, 1);
	assert_int_equal(d.items[0].rule, RULE_EL009);
	diag_list_release(&d);
}

/* ------------------------------------------------------------------------- */
/* Part 3: rules that are not data */

static void test_normalise(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "NVIDIA GeForce RTX 4090", "rtx 4090" },
		{ "  nvidia   geforce  rtx   4090 ", "rtx 4090" },
		{ "GeForce GTX 1080 Ti", "gtx 1080ti" },
		{ "GTX 1080Ti", "gtx 1080ti" },
		{ "RTX 4070 SUPER", "rtx 4070super" },
		{ "rtx 4070 Super", "rtx 4070super" },
		{ "NVIDIA TITAN Xp", "titan xp" },
		{ "NVIDIA", "nvidia" },
		{ "GeForce", "geforce" },
		{ "Tesla T4", "tesla t4" },
		{ "NVIDIA A100-SXM4-40GB", "a100-sxm4-40gb" },
		{ "", "" },
	};
	char buf[KB_GPU_NAME_MAX];
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		kb_gpu_normalise(cases[i].in, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].out);
	}
	char longname[1000];
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	kb_gpu_normalise(longname, buf, sizeof(buf));
	assert_true(strlen(buf) < sizeof(buf));
}

static void test_lookup_misses(void **state)
{
	const struct kb *kb = *state;
	bool amb = true;
	assert_null(kb_gpu_lookup(kb, "sm_86", &amb));
	assert_false(amb);
	assert_null(kb_gpu_lookup(kb, "8.6", &amb));
	assert_null(kb_gpu_lookup(kb, "", &amb));
	assert_null(kb_gpu_lookup(kb, NULL, &amb));
	assert_null(kb_gpu_lookup(kb, "Voodoo 3 3000", NULL));
}

static void test_ambiguous(void **state)
{
	(void)state;
	/* A KB built by hand (the loader rejects shared spellings): two GPUs share "x". */
	struct kb kb;
	memset(&kb, 0, sizeof(kb));
	struct kb_gpu g[2];
	memset(g, 0, sizeof(g));
	struct kb_gpu_name names[] = { { "x", &g[0] }, { "x", &g[1] }, { "y", &g[1] } };
	kb.names = names;
	kb.nnames = 3;
	bool amb = false;
	assert_null(kb_gpu_lookup(&kb, "X", &amb));
	assert_true(amb);
	assert_ptr_equal(kb_gpu_lookup(&kb, "y", &amb), &g[1]);
	assert_false(amb);
}

static void test_parse_cc(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		uint32_t major, minor;
	} ok[] = {
		{ "sm_86", 8, 6 },  { "8.6", 8, 6 },       { "compute_86", 8, 6 }, { "86", 8, 6 },
		{ "sm_120", 12, 0 }, { "10.0", 10, 0 },    { "sm_90a", 9, 0 },     { "sm_100f", 10, 0 },
		{ "35", 3, 5 },     { "compute_110", 11, 0 },
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		struct version cc;
		assert_true(kb_parse_cc(ok[i].in, &cc));
		assert_int_equal(cc.nrelease, 2);
		assert_int_equal(cc.release[0], ok[i].major);
		assert_int_equal(cc.release[1], ok[i].minor);
	}
	static const char *const bad[] = { "", "sm_", "8", "8.", ".6", "sm_8x", "x86", "8.6.1",
					   "86a", "0.5", "12345", "8.10", NULL };
	struct version cc;
	for (const char *const *b = bad; *b; b++)
		if (kb_parse_cc(*b, &cc))
			fail_msg("'%s' parsed as a cc", *b);
	assert_false(kb_parse_cc(NULL, &cc));
}

static void test_binaries_run_on(void **state)
{
	(void)state;
	struct version sass[] = { V("7.0"), V("8.0"), V("9.0") };
	struct version ptx[] = { V("9.0") };
	/* cubin X.Y runs on X.Z, Z >= Y, same major (CUDA C++ Programming Guide,
	 * "Binary Compatibility") */
	struct version cc86 = V("8.6"), cc75 = V("7.5"), cc61 = V("6.1"), cc100 = V("10.0"),
		       cc89 = V("8.9");
	assert_int_equal(kb_binaries_run_on(sass, 3, NULL, 0, true, &cc86), KB_YES);
	assert_int_equal(kb_binaries_run_on(sass, 3, NULL, 0, true, &cc75), KB_YES);
	assert_int_equal(kb_binaries_run_on(sass, 3, NULL, 0, true, &cc61), KB_NO);
	assert_int_equal(kb_binaries_run_on(sass, 3, NULL, 0, false, &cc61), KB_UNKNOWN);
	assert_int_equal(kb_binaries_run_on(sass, 3, NULL, 0, true, &cc100), KB_NO);
	/* PTX X.Y JIT-compiles for any CC >= X.Y ("PTX Compatibility") */
	assert_int_equal(kb_binaries_run_on(sass, 3, ptx, 1, true, &cc100), KB_YES);
	assert_int_equal(kb_binaries_run_on(sass, 1, ptx, 1, true, &cc89), KB_NO);
	assert_int_equal(kb_binaries_run_on(NULL, 0, NULL, 0, false, &cc86), KB_UNKNOWN);
}

int main(void)
{
	const struct CMUnitTest builtin[] = {
		cmocka_unit_test(test_tables_sorted),
		cmocka_unit_test(test_linux_floors_monotonic),
		cmocka_unit_test(test_minor_compat_below_full_floors),
		cmocka_unit_test(test_torch_cuda_exists),
		cmocka_unit_test(test_gpu_cc_known_and_targetable),
		cmocka_unit_test(test_every_entry_has_source),
		cmocka_unit_test(test_gpu_spellings_unique),
		cmocka_unit_test(test_patterns_compiled),
		cmocka_unit_test(test_lookup_misses),
	};
	const struct CMUnitTest plain[] = {
		cmocka_unit_test(test_builtin_loads_clean),
		cmocka_unit_test(test_dir_ok),
		cmocka_unit_test(test_missing_source),
		cmocka_unit_test(test_unknown_key),
		cmocka_unit_test(test_unknown_table),
		cmocka_unit_test(test_unknown_file),
		cmocka_unit_test(test_bad_version),
		cmocka_unit_test(test_duplicate_cuda),
		cmocka_unit_test(test_unknown_arch),
		cmocka_unit_test(test_driver_except),
		cmocka_unit_test(test_duplicate_gpu_spelling),
		cmocka_unit_test(test_bad_regex),
		cmocka_unit_test(test_invalid_yaml),
		cmocka_unit_test(test_torch_cross_checks),
		cmocka_unit_test(test_fc_packages),
		cmocka_unit_test(test_cuda_images),
		cmocka_unit_test(test_cuda_image_tags),
		cmocka_unit_test(test_collects_all),
		cmocka_unit_test(test_alias_bomb),
		cmocka_unit_test(test_missing_dir),
		cmocka_unit_test(test_normalise),
		cmocka_unit_test(test_ambiguous),
		cmocka_unit_test(test_parse_cc),
		cmocka_unit_test(test_binaries_run_on),
	};
	int failed = cmocka_run_group_tests_name("kb builtin", builtin, kb_fixture_setup, kb_fixture_teardown);
	failed += cmocka_run_group_tests_name("kb", plain, NULL, NULL);
	return failed;
}

/*
 * test_kb_tables: the built-in KB (generated C tables by default, see kb_builtin.c)
 * must equal what kb_load_dir loads from rules/ — every table, every field, every
 * count, NULL-ness of every list — so build/kbgen can never drift from the loader.
 * With KB_EMBED=yaml the same test checks the embedded YAML equals rules/.
 * Runs from the repo root (tests/run-unit.sh).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "kb/kb.h"
#include "kb/kb_internal.h"

struct pair {
	struct kb *built;    /* kb_load_builtin */
	struct kb *dir;      /* kb_load_dir("rules") */
};

static struct kb *load(bool builtin)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct kb *kb = NULL;
	bool ok = builtin ? kb_load_builtin(&kb, &d) : kb_load_dir(&kb, "rules", &d);
	for (size_t i = 0; i < d.nr; i++)
		print_message("%s:%u:%u: %s\n", d.items[i].file, d.items[i].span.line,
			      d.items[i].span.column, d.items[i].message);
	assert_true(ok);
	assert_int_equal(d.nr, 0);
	diag_list_release(&d);
	return kb;
}

static int setup(void **state)
{
	struct pair *p = test_malloc(sizeof(*p));
	p->built = load(true);
	p->dir = load(false);
	*state = p;
	return 0;
}

static int teardown(void **state)
{
	struct pair *p = *state;
	kb_free(p->built);
	kb_free(p->dir);
	test_free(p);
	return 0;
}

/* ------------------------------------------------------------------------- */
/* Field comparisons. `what` names the entry in failure messages. */

static void eq_str(const char *a, const char *b, const char *what, size_t i, const char *field)
{
	if (!a || !b) {
		if (a != b)
			fail_msg("%s[%zu].%s: '%s' vs '%s'", what, i, field, a ? a : "(null)",
				 b ? b : "(null)");
		return;
	}
	if (strcmp(a, b))
		fail_msg("%s[%zu].%s: '%s' vs '%s'", what, i, field, a, b);
}

static void eq_version(const struct version *a, const struct version *b, const char *what,
		       size_t i, const char *field)
{
	bool same = a->epoch == b->epoch && a->nrelease == b->nrelease && a->pre == b->pre &&
		    a->pre_num == b->pre_num && a->post == b->post && a->dev == b->dev &&
		    !memcmp(a->release, b->release, sizeof(a->release)) &&
		    !strncmp(a->local, b->local, sizeof(a->local));
	if (!same) {
		char x[64], y[64];
		version_format(a, x, sizeof(x));
		version_format(b, y, sizeof(y));
		fail_msg("%s[%zu].%s: %s vs %s", what, i, field, x, y);
	}
}

static void eq_versions(const struct version *a, size_t na, const struct version *b, size_t nb,
			const char *what, size_t i, const char *field)
{
	if (!a != !b)
		fail_msg("%s[%zu].%s: NULL vs non-NULL", what, i, field);
	assert_int_equal(na, nb);
	for (size_t k = 0; k < na; k++)
		eq_version(&a[k], &b[k], what, i, field);
}

static void eq_strs(const char *const *a, const char *const *b, const char *what, size_t i,
		    const char *field)
{
	if (!a != !b)
		fail_msg("%s[%zu].%s: NULL vs non-NULL", what, i, field);
	if (!a)
		return;
	size_t k = 0;
	for (; a[k] && b[k]; k++)
		eq_str(a[k], b[k], what, i, field);
	if (a[k] || b[k])
		fail_msg("%s[%zu].%s: lists differ in length", what, i, field);
}

/* The built-in file is "<builtin>/x.yaml", the directory's "rules/x.yaml". */
static void eq_origin(const struct kb_origin *a, const struct kb_origin *b, const char *what,
		      size_t i)
{
	eq_str(a->source, b->source, what, i, "origin.source");
	assert_int_equal(a->secondary, b->secondary);
	assert_int_equal(a->line, b->line);
	assert_non_null(a->file);
	assert_non_null(b->file);
	const char *x = strrchr(a->file, '/'), *y = strrchr(b->file, '/');
	assert_non_null(x);
	assert_non_null(y);
	eq_str(x, y, what, i, "origin.file");
	assert_int_equal(strncmp(a->file, "<builtin>/", 10), 0);
}

#define EQ_BOOL(a, b, f) assert_int_equal((int)(a)->f, (int)(b)->f)
#define EQ_U(a, b, f) assert_int_equal((a)->f, (b)->f)

/* ------------------------------------------------------------------------- */

static void test_date(void **state)
{
	struct pair *p = *state;
	eq_str(p->built->date, p->dir->date, "kb", 0, "date");
	assert_string_equal(kb_date(p->built), kb_date(p->dir));
}

static void test_cuda(void **state)
{
	struct pair *p = *state;
	assert_int_equal(p->built->ncuda, p->dir->ncuda);
	assert_true(p->built->ncuda > 0);
	for (size_t i = 0; i < p->dir->ncuda; i++) {
		const struct kb_cuda *a = &p->built->cuda[i], *b = &p->dir->cuda[i];
		eq_version(&a->version, &b->version, "cuda", i, "version");
		eq_str(a->text, b->text, "cuda", i, "text");
		eq_str(a->label, b->label, "cuda", i, "label");
		eq_str(a->released, b->released, "cuda", i, "released");
		for (int os = 0; os < 2; os++) {
			EQ_BOOL(a, b, has_driver[os]);
			eq_version(&a->driver[os], &b->driver[os], "cuda", i, "driver");
		}
		EQ_U(a, b, driver_branch);
		EQ_BOOL(a, b, has_ptx);
		eq_version(&a->ptx, &b->ptx, "cuda", i, "ptx");
		eq_origin(&a->origin, &b->origin, "cuda", i);
	}
	assert_int_equal(p->built->ncompat, p->dir->ncompat);
	for (size_t i = 0; i < p->dir->ncompat; i++) {
		const struct kb_minor_compat *a = &p->built->compat[i], *b = &p->dir->compat[i];
		EQ_U(a, b, major);
		for (int os = 0; os < 2; os++) {
			EQ_BOOL(a, b, has_driver[os]);
			eq_version(&a->driver[os], &b->driver[os], "compat", i, "driver");
		}
		eq_origin(&a->origin, &b->origin, "compat", i);
	}
}

static void test_ccs(void **state)
{
	struct pair *p = *state;
	assert_int_equal(p->built->ncc, p->dir->ncc);
	assert_true(p->built->ncc > 0);
	for (size_t i = 0; i < p->dir->ncc; i++) {
		const struct kb_cc *a = &p->built->ccs[i], *b = &p->dir->ccs[i];
		eq_version(&a->cc, &b->cc, "cc", i, "cc");
		eq_str(a->arch, b->arch, "cc", i, "arch");
		eq_version(&a->first, &b->first, "cc", i, "first");
		EQ_BOOL(a, b, has_last);
		eq_version(&a->last, &b->last, "cc", i, "last");
		EQ_BOOL(a, b, has_deprecated);
		eq_version(&a->deprecated, &b->deprecated, "cc", i, "deprecated");
		EQ_BOOL(a, b, has_renamed_to);
		eq_version(&a->renamed_to, &b->renamed_to, "cc", i, "renamed_to");
		eq_origin(&a->origin, &b->origin, "cc", i);
	}
}

static void test_drivers(void **state)
{
	struct pair *p = *state;
	assert_int_equal(p->built->nbranches, p->dir->nbranches);
	assert_true(p->built->nbranches > 0);
	for (size_t i = 0; i < p->dir->nbranches; i++) {
		const struct kb_branch *a = &p->built->branches[i], *b = &p->dir->branches[i];
		EQ_U(a, b, branch);
		eq_version(&a->cuda, &b->cuda, "branch", i, "cuda");
		eq_str(a->type, b->type, "branch", i, "type");
		eq_str(a->eol, b->eol, "branch", i, "eol");
		eq_origin(&a->origin, &b->origin, "branch", i);
	}
	assert_int_equal(p->built->nfwd, p->dir->nfwd);
	for (size_t i = 0; i < p->dir->nfwd; i++) {
		const struct kb_fwd *a = &p->built->fwd[i], *b = &p->dir->fwd[i];
		eq_str(a->segment, b->segment, "fwd", i, "segment");
		EQ_BOOL(a, b, allowed);
		eq_origin(&a->origin, &b->origin, "fwd", i);
	}
	assert_int_equal(p->built->nfc_packages, p->dir->nfc_packages);
	assert_true(p->built->nfc_packages > 0);
	for (size_t i = 0; i < p->dir->nfc_packages; i++) {
		const struct kb_fc_package *a = &p->built->fc_packages[i], *b = &p->dir->fc_packages[i];
		eq_version(&a->cuda, &b->cuda, "fc_package", i, "cuda");
		assert_non_null(a->bases);
		assert_non_null(b->bases);
		assert_int_equal(a->nbases, b->nbases);
		for (size_t k = 0; k < b->nbases; k++)
			assert_int_equal(a->bases[k], b->bases[k]);
		eq_origin(&a->origin, &b->origin, "fc_package", i);
	}
}

static void test_gpus(void **state)
{
	struct pair *p = *state;
	const struct kb *x = p->built, *y = p->dir;
	assert_int_equal(x->narchs, y->narchs);
	assert_true(x->narchs > 0);
	for (size_t i = 0; i < y->narchs; i++) {
		const struct kb_arch *a = &x->archs[i], *b = &y->archs[i];
		eq_str(a->name, b->name, "arch", i, "name");
		eq_str(a->display, b->display, "arch", i, "display");
		EQ_U(a, b, floor);
		EQ_U(a, b, last);
		eq_origin(&a->origin, &b->origin, "arch", i);
	}
	assert_int_equal(x->ngpus, y->ngpus);
	assert_true(x->ngpus > 0);
	for (size_t i = 0; i < y->ngpus; i++) {
		const struct kb_gpu *a = &x->gpus[i], *b = &y->gpus[i];
		eq_str(a->name, b->name, "gpu", i, "name");
		eq_strs(a->smi, b->smi, "gpu", i, "smi");
		eq_strs(a->aliases, b->aliases, "gpu", i, "aliases");
		/* The architecture pointer must point into the same KB's table, same row. */
		assert_non_null(a->arch);
		assert_true(a->arch >= x->archs && a->arch < x->archs + x->narchs);
		assert_true(b->arch >= y->archs && b->arch < y->archs + y->narchs);
		assert_int_equal(a->arch - x->archs, b->arch - y->archs);
		eq_version(&a->cc, &b->cc, "gpu", i, "cc");
		eq_str(a->segment, b->segment, "gpu", i, "segment");
		EQ_U(a, b, floor);
		EQ_U(a, b, last);
		EQ_U(a, b, all_from);
		assert_int_equal(!a->drivers, !b->drivers);
		assert_int_equal(a->ndrivers, b->ndrivers);
		for (size_t k = 0; k < a->ndrivers; k++) {
			EQ_U(&a->drivers[k], &b->drivers[k], branch);
			eq_version(&a->drivers[k].first, &b->drivers[k].first, "gpu", i, "drivers.first");
			assert_int_equal(a->drivers[k].nexcept, b->drivers[k].nexcept);
			for (size_t e = 0; e < a->drivers[k].nexcept; e++)
				eq_version(&a->drivers[k].except[e], &b->drivers[k].except[e], "gpu", i,
					   "drivers.except");
		}
		assert_int_equal(!a->none, !b->none);
		assert_int_equal(a->nnone, b->nnone);
		for (size_t k = 0; k < a->nnone; k++)
			assert_int_equal(a->none[k], b->none[k]);
		eq_origin(&a->origin, &b->origin, "gpu", i);
	}
	/* The normalised spelling index kb_gpu_lookup searches. */
	assert_int_equal(x->nnames, y->nnames);
	assert_true(x->nnames >= x->ngpus);
	for (size_t i = 0; i < y->nnames; i++) {
		eq_str(x->names[i].norm, y->names[i].norm, "names", i, "norm");
		const struct kb_gpu *a = x->names[i].gpu, *b = y->names[i].gpu;
		assert_true(a >= x->gpus && a < x->gpus + x->ngpus);
		assert_int_equal(a - x->gpus, b - y->gpus);
		if (i)
			assert_true(strcmp(x->names[i - 1].norm, x->names[i].norm) <= 0);
	}
}

static void test_cudnn(void **state)
{
	struct pair *p = *state;
	const struct kb *x = p->built, *y = p->dir;
	assert_int_equal(x->ncudnn, y->ncudnn);
	assert_true(x->ncudnn > 0);
	for (size_t i = 0; i < y->ncudnn; i++) {
		const struct kb_cudnn *a = &x->cudnn[i], *b = &y->cudnn[i];
		eq_version(&a->version, &b->version, "cudnn", i, "version");
		assert_int_equal(!a->builds, !b->builds);
		assert_int_equal(a->nbuilds, b->nbuilds);
		for (size_t k = 0; k < a->nbuilds; k++) {
			const struct kb_cudnn_build *s = &a->builds[k], *t = &b->builds[k];
			EQ_U(s, t, major);
			EQ_BOOL(s, t, has_range);
			eq_version(&s->min, &t->min, "cudnn", i, "builds.min");
			eq_version(&s->max, &t->max, "cudnn", i, "builds.max");
		}
		EQ_BOOL(a, b, has_cc);
		eq_version(&a->cc_min, &b->cc_min, "cudnn", i, "cc_min");
		eq_version(&a->cc_max, &b->cc_max, "cudnn", i, "cc_max");
		eq_origin(&a->origin, &b->origin, "cudnn", i);
	}
	assert_int_equal(x->ncudnn_pkgs, y->ncudnn_pkgs);
	for (size_t i = 0; i < y->ncudnn_pkgs; i++) {
		const struct kb_cudnn_package *a = &x->cudnn_pkgs[i], *b = &y->cudnn_pkgs[i];
		eq_str(a->name, b->name, "cudnn_pkgs", i, "name");
		eq_str(a->ecosystem, b->ecosystem, "cudnn_pkgs", i, "ecosystem");
		EQ_U(a, b, cuda_major);
		eq_origin(&a->origin, &b->origin, "cudnn_pkgs", i);
	}
}

static void eq_variant(const struct kb_torch_variant *a, const struct kb_torch_variant *b,
		       size_t i)
{
	const char *w = "torch.variants";
	eq_str(a->name, b->name, w, i, "name");
	EQ_BOOL(a, b, has_cuda);
	eq_version(&a->cuda, &b->cuda, w, i, "cuda");
	EQ_BOOL(a, b, has_cudnn);
	eq_version(&a->cudnn, &b->cudnn, w, i, "cudnn");
	eq_versions(a->sass, a->nsass, b->sass, b->nsass, w, i, "sass");
	eq_versions(a->ptx, a->nptx, b->ptx, b->nptx, w, i, "ptx");
	EQ_BOOL(a, b, ptx_known);
	eq_versions(a->patches, a->npatches, b->patches, b->npatches, w, i, "patches");
	eq_origin(&a->origin, &b->origin, w, i);
}

static void test_torch(void **state)
{
	struct pair *p = *state;
	const struct kb *x = p->built, *y = p->dir;
	assert_int_equal(x->ntorch, y->ntorch);
	assert_true(x->ntorch > 0);
	for (size_t i = 0; i < y->ntorch; i++) {
		const struct kb_torch_release *a = &x->torch[i], *b = &y->torch[i];
		const char *w = "torch";
		eq_version(&a->line, &b->line, w, i, "line");
		eq_versions(a->patches, a->npatches, b->patches, b->npatches, w, i, "patches");
		EQ_BOOL(a, b, has_python);
		eq_version(&a->python_min, &b->python_min, w, i, "python_min");
		eq_version(&a->python_max, &b->python_max, w, i, "python_max");
		eq_str(a->pypi_default, b->pypi_default, w, i, "pypi_default");
		assert_int_equal(!a->variants, !b->variants);
		assert_int_equal(a->nvariants, b->nvariants);
		for (size_t k = 0; k < a->nvariants; k++)
			eq_variant(&a->variants[k], &b->variants[k], i);
		assert_int_equal(!a->companions, !b->companions);
		assert_int_equal(a->ncompanions, b->ncompanions);
		for (size_t k = 0; k < a->ncompanions; k++) {
			const struct kb_torch_companion *s = &a->companions[k], *t = &b->companions[k];
			eq_version(&s->torch, &t->torch, w, i, "companions.torch");
			EQ_BOOL(s, t, has_torchvision);
			EQ_BOOL(s, t, has_torchaudio);
			eq_version(&s->torchvision, &t->torchvision, w, i, "companions.torchvision");
			eq_version(&s->torchaudio, &t->torchaudio, w, i, "companions.torchaudio");
		}
		EQ_BOOL(a, b, conda_channel);
		EQ_BOOL(a, b, cuda_builds_complete);
		eq_str(a->cuda_builds_source, b->cuda_builds_source, w, i, "cuda_builds_source");
		eq_versions(a->pytorch_cuda, a->npytorch_cuda, b->pytorch_cuda, b->npytorch_cuda, w, i,
			    "pytorch_cuda");
		eq_versions(a->cudatoolkit, a->ncudatoolkit, b->cudatoolkit, b->ncudatoolkit, w, i,
			    "cudatoolkit");
		eq_strs(a->images, b->images, w, i, "images");
		eq_origin(&a->origin, &b->origin, w, i);
	}
}

static void test_images(void **state)
{
	struct pair *p = *state;
	const struct kb *x = p->built, *y = p->dir;
	assert_int_equal(x->npatterns, y->npatterns);
	assert_true(x->npatterns > 0);
	for (size_t i = 0; i < y->npatterns; i++) {
		const struct kb_pattern *a = &x->patterns[i], *b = &y->patterns[i];
		eq_str(a->name, b->name, "patterns", i, "name");
		assert_int_equal(a->kind, b->kind);
		eq_str(a->regex, b->regex, "patterns", i, "regex");
		eq_str(a->repo_regex, b->repo_regex, "patterns", i, "repo_regex");
		/* Both compiled, each with its own match data. */
		assert_non_null(a->re);
		assert_non_null(a->md);
		assert_int_equal(!a->repo, !b->repo);
		assert_int_equal(!a->repo_md, !b->repo_md);
		assert_ptr_not_equal(a->md, b->md);
		eq_origin(&a->origin, &b->origin, "patterns", i);
	}
	assert_int_equal(x->nngc, y->nngc);
	for (size_t i = 0; i < y->nngc; i++) {
		const struct kb_ngc *a = &x->ngc[i], *b = &y->ngc[i];
		eq_str(a->image, b->image, "ngc", i, "image");
		eq_str(a->tag, b->tag, "ngc", i, "tag");
		eq_version(&a->cuda, &b->cuda, "ngc", i, "cuda");
		EQ_BOOL(a, b, has_torch);
		eq_version(&a->torch, &b->torch, "ngc", i, "torch");
		EQ_U(a, b, driver_branch);
		eq_versions(a->datacenter, a->ndatacenter, b->datacenter, b->ndatacenter, "ngc", i,
			    "datacenter");
		eq_origin(&a->origin, &b->origin, "ngc", i);
	}
	assert_int_equal(x->ncuda_images, y->ncuda_images);
	assert_true(x->ncuda_images > 0);
	for (size_t i = 0; i < y->ncuda_images; i++) {
		const struct kb_cuda_image *a = &x->cuda_images[i], *b = &y->cuda_images[i];
		eq_version(&a->image, &b->image, "cuda_images", i, "image");
		eq_version(&a->cuda, &b->cuda, "cuda_images", i, "cuda");
		assert_non_null(a->branches);
		assert_non_null(b->branches);
		assert_int_equal(a->nbranches, b->nbranches);
		for (size_t k = 0; k < b->nbranches; k++)
			assert_int_equal(a->branches[k], b->branches[k]);
		assert_non_null(a->brands);
		eq_strs(a->brands, b->brands, "cuda_images", i, "brands");
		eq_origin(&a->origin, &b->origin, "cuda_images", i);
		/* The query finds the same row on both. */
		assert_ptr_equal(kb_cuda_image(p->built, &b->image), a);
		assert_ptr_equal(kb_cuda_image(p->dir, &b->image), b);
	}
}

/* Queries through the public API answer the same on both (lookups that walk the
 * index and the cross-table pointers, and a pattern match). */
static void test_queries_agree(void **state)
{
	struct pair *p = *state;
	for (size_t i = 0; i < p->dir->ngpus; i++) {
		bool amb_a = true, amb_b = true;
		const struct kb_gpu *a = kb_gpu_lookup(p->built, p->dir->gpus[i].name, &amb_a);
		const struct kb_gpu *b = kb_gpu_lookup(p->dir, p->dir->gpus[i].name, &amb_b);
		assert_non_null(a);
		assert_int_equal(a - p->built->gpus, b - p->dir->gpus);
		assert_int_equal(amb_a, amb_b);
		assert_string_equal(a->arch->name, b->arch->name);
	}
	for (size_t i = 0; i < p->dir->npatterns; i++) {
		/* Each pattern against its own regex text: same answer either way. */
		const struct kb_pattern *pat = &p->dir->patterns[i];
		struct kb_match ma, mb;
		const char *repo = pat->kind == KB_PAT_IMAGE_TAG ? "nvidia/cuda" : NULL;
		bool ra = kb_match(p->built, pat->kind, repo, pat->regex, &ma);
		bool rb = kb_match(p->dir, pat->kind, repo, pat->regex, &mb);
		assert_int_equal(ra, rb);
		if (ra) {
			assert_string_equal(ma.pattern, mb.pattern);
			assert_string_equal(ma.cuda, mb.cuda);
			assert_string_equal(ma.torch, mb.torch);
		}
	}
}

/* kb_free of a built-in KB releases only what the load allocated; loading twice gives
 * independent pattern state over shared tables. */
static void test_load_twice(void **state)
{
	struct pair *p = *state;
	struct kb *again = load(true);
	assert_int_equal(again->ngpus, p->built->ngpus);
	assert_ptr_not_equal(again->patterns, p->built->patterns);
	kb_free(again);
	kb_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date),   cmocka_unit_test(test_cuda),
		cmocka_unit_test(test_ccs),    cmocka_unit_test(test_drivers),
		cmocka_unit_test(test_gpus),   cmocka_unit_test(test_cudnn),
		cmocka_unit_test(test_torch),  cmocka_unit_test(test_images),
		cmocka_unit_test(test_queries_agree), cmocka_unit_test(test_load_twice),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

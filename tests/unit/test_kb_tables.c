/*
 * test_kb_tables: the built-in KB (generated C tables by default, see kb_builtin.c)
 * must equal what kb_load_dir loads from rules/ — every table, every field, every
 * count, NULL-ness of every list — so build/kbgen can never drift from the loader.
 * The comparison walks the table descriptors (kb_schema.h), the same rows kbgen
 * writes from, so a new table or field is compared without a line here.
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

/* ------------------------------------------------------------------------- */
/* Generic comparison through the descriptors (kb_schema.h): every member a descriptor
 * names, in every row of every table, nested tables included. */

struct walk {
	const struct kb *x, *y;     /* built-in, directory */
	char path[256];             /* "torch[3].variants[2]" for messages */
};

static void eq_rows(struct walk *w, const struct kb_desc *d, const void *a, const void *b,
		    size_t n);

/* Row index of pointer `p` in the table at struct kb offset `off` of `kb`. */
static size_t ref_index(const struct kb *kb, const struct kb_field *f, const void *row)
{
	const struct kb_field *t = kb_schema_table(f->ref_off);
	assert_non_null(t);
	const char *p = *(const char *const *)KB_FIELD(row, f);
	const char *base = *(const char *const *)KB_FIELD(kb, t);
	size_t n = kb_field_count(kb, t);
	if (!p)
		return SIZE_MAX;
	assert_true(p >= base && p < base + n * t->sub->size);
	return (size_t)(p - base) / t->sub->size;
}

static void eq_field(struct walk *w, const struct kb_field *f, const void *ra, const void *rb,
		     size_t i)
{
	const char *what = w->path, *name = f->name;
	const char *pa = KB_FIELD(ra, f), *pb = KB_FIELD(rb, f);
	unsigned arr = f->arr ? f->arr : 1;
	switch (f->type) {
	case KB_T_VERSION:
		for (unsigned k = 0; k < arr; k++)
			eq_version((const struct version *)pa + k, (const struct version *)pb + k, what, i,
				   name);
		break;
	case KB_T_STR:
	case KB_T_DATE:
	case KB_T_ENUM:
		for (unsigned k = 0; k < arr; k++)
			eq_str(((const char *const *)pa)[k], ((const char *const *)pb)[k], what, i, name);
		break;
	case KB_T_UINT:
		for (unsigned k = 0; k < arr; k++)
			assert_int_equal(((const uint32_t *)pa)[k], ((const uint32_t *)pb)[k]);
		break;
	case KB_T_BOOL:
		for (unsigned k = 0; k < arr; k++)
			if (((const bool *)pa)[k] != ((const bool *)pb)[k])
				fail_msg("%s[%zu].%s: booleans differ", what, i, name);
		break;
	case KB_T_INT:
		assert_int_equal(*(const int *)pa, *(const int *)pb);
		break;
	case KB_T_VERSIONS:
		eq_versions(*(const struct version *const *)pa, kb_field_count(ra, f),
			    *(const struct version *const *)pb, kb_field_count(rb, f), what, i, name);
		break;
	case KB_T_UINTS: {
		const uint32_t *ua = *(const uint32_t *const *)pa, *ub = *(const uint32_t *const *)pb;
		if (!ua != !ub)
			fail_msg("%s[%zu].%s: NULL vs non-NULL", what, i, name);
		assert_int_equal(kb_field_count(ra, f), kb_field_count(rb, f));
		for (size_t k = 0; k < kb_field_count(ra, f); k++)
			assert_int_equal(ua[k], ub[k]);
		break;
	}
	case KB_T_STRS:
		eq_strs(*(const char *const *const *)pa, *(const char *const *const *)pb, what, i, name);
		break;
	case KB_T_TABLE: {
		const void *ta = *(const void *const *)pa, *tb = *(const void *const *)pb;
		if (!ta != !tb)
			fail_msg("%s[%zu].%s: NULL vs non-NULL", what, i, name);
		assert_int_equal(kb_field_count(ra, f), kb_field_count(rb, f));
		size_t len = strlen(w->path);
		snprintf(w->path + len, sizeof(w->path) - len, "[%zu].%s", i, name);
		eq_rows(w, f->sub, ta, tb, kb_field_count(ra, f));
		w->path[len] = '\0';
		break;
	}
	case KB_T_REF:
		assert_int_equal(ref_index(w->x, f, ra), ref_index(w->y, f, rb));
		break;
	case KB_T_ORIGIN:
		eq_origin((const struct kb_origin *)pa, (const struct kb_origin *)pb, what, i);
		break;
	case KB_T_NONE:
	case KB_T_DRIVERS:
	case KB_T_RANGE:
		fail_msg("%s.%s: a load-only row type names a member", what, name);
		break;
	}
}

static void eq_rows(struct walk *w, const struct kb_desc *d, const void *a, const void *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < d->nfields; k++)
			if (d->fields[k].name)
				eq_field(w, &d->fields[k], (const char *)a + i * d->size,
					 (const char *)b + i * d->size, i);
}

/* Every table, every member a descriptor names, every count and list NULL-ness. */
static void test_tables_equal(void **state)
{
	struct pair *p = *state;
	struct walk w = { p->built, p->dir, "kb" };
	eq_rows(&w, &kb_schema, p->built, p->dir, 1);
}

/* The tables the real KB cannot be without: an empty one means a loader lost it. */
static void test_tables_not_empty(void **state)
{
	struct pair *p = *state;
	static const char *const filled[] = { "cuda", "ccs", "branches", "fc_packages", "archs",
					      "gpus", "names", "cudnn", "torch", "patterns",
					      "cuda_images" };
	for (size_t i = 0; i < sizeof(filled) / sizeof(filled[0]); i++) {
		const struct kb_field *t = NULL;
		for (size_t k = 0; k < kb_schema.nfields; k++)
			if (kb_schema.fields[k].type == KB_T_TABLE &&
			    !strcmp(kb_schema.fields[k].name, filled[i]))
				t = &kb_schema.fields[k];
		assert_non_null(t);
		if (!kb_field_count(p->built, t))
			fail_msg("table %s is empty", filled[i]);
	}
}

/* Descriptors are well formed: short enough for struct kb_row, every member row of a
 * type that has a member, lists with their counts, REFs to a table; nested tables are
 * read through their parent, never from a file list of their own. */
static void check_desc(const struct kb_desc *d)
{
	assert_true(d->nfields <= KB_ROW_FIELDS_MAX);
	assert_non_null(d->type);
	assert_true(d->size > 0);
	for (size_t k = 0; k < d->nfields; k++) {
		const struct kb_field *f = &d->fields[k];
		assert_true(f->name || f->key);
		if (f->name)
			assert_true(f->type != KB_T_NONE && f->type != KB_T_DRIVERS &&
				    f->type != KB_T_RANGE);
		if (f->type == KB_T_TABLE) {
			assert_non_null(f->sub);
			if (d != &kb_schema)
				assert_null(f->sub->file);
			check_desc(f->sub);
		}
		if (f->type == KB_T_REF)
			assert_non_null(kb_schema_table(f->ref_off));
		if ((f->type == KB_T_VERSIONS || f->type == KB_T_UINTS || f->type == KB_T_TABLE) &&
		    f->name)
			assert_non_null(f->count);
	}
}

static void test_descriptors(void **state)
{
	(void)state;
	check_desc(&kb_schema);
	/* A table is read from one list of one file, or built by the loader (names). */
	for (size_t k = 0; k < kb_schema.nfields; k++) {
		const struct kb_desc *d = kb_schema.fields[k].sub;
		if (d)
			assert_int_equal(!d->file, !d->list);
	}
}

/* What the descriptors do not cover: the patterns' compiled state, the GPU spelling
 * index order, and cuda_images lookups landing on the same row. */
static void test_loaded_state(void **state)
{
	struct pair *p = *state;
	const struct kb *x = p->built, *y = p->dir;
	for (size_t i = 0; i < y->npatterns; i++) {
		const struct kb_pattern *a = &x->patterns[i], *b = &y->patterns[i];
		/* Both compiled, each with its own match data. */
		assert_non_null(a->re);
		assert_non_null(a->md);
		assert_int_equal(!a->repo, !b->repo);
		assert_int_equal(!a->repo_md, !b->repo_md);
		assert_ptr_not_equal(a->md, b->md);
	}
	assert_true(x->nnames >= x->ngpus);
	for (size_t i = 1; i < x->nnames; i++)
		assert_true(strcmp(x->names[i - 1].norm, x->names[i].norm) <= 0);
	for (size_t i = 0; i < y->ngpus; i++)
		assert_non_null(x->gpus[i].arch);
	for (size_t i = 0; i < y->ncuda_images; i++) {
		const struct kb_cuda_image *a = &x->cuda_images[i], *b = &y->cuda_images[i];
		assert_non_null(a->branches);
		assert_non_null(a->brands);
		assert_non_null(b->os);
		assert_ptr_equal(kb_cuda_image_for(p->built, &b->image, b->os[0]), a);
		assert_ptr_equal(kb_cuda_image_for(p->dir, &b->image, b->os[0]), b);
	}
	for (size_t i = 0; i < y->nfc_packages; i++)
		assert_non_null(x->fc_packages[i].bases);
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
		cmocka_unit_test(test_descriptors),   cmocka_unit_test(test_tables_equal),
		cmocka_unit_test(test_tables_not_empty), cmocka_unit_test(test_loaded_state),
		cmocka_unit_test(test_queries_agree), cmocka_unit_test(test_load_twice),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

/*
 * kbgen: the build-time half of the built-in KB (a host tool, not part of envlint; the
 * Makefile builds it as build/kbgen and keeps it out of LIB_SRC). It loads a rules
 * directory through kb_load_dir — the very loader and validation of --kb DIR — and on
 * success writes the loaded tables to stdout as static const C initializers:
 * build/gen/kb_tables.c, which kb_builtin.c hands out without parsing any YAML.
 * On an invalid KB it prints the EL009 diagnostics in gnu format and exits 1, which
 * fails the build. Every pointer becomes a named static array or a string literal;
 * pointers between tables (gpu -> architecture, spelling index -> gpu) become
 * &table[index]. NULL and empty-but-allocated lists stay distinct (queries tell
 * "unknown" from "none" by NULL). tests/unit/test_kb_tables.c keeps this honest.
 *
 * Output order: a nested array is complete before the array that points at it, so each
 * array is built in its own buf and appended to the output when done.
 *
 *   usage: kbgen RULES_DIR > kb_tables.c
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "kb/kb_internal.h"
#include "report/report.h"
#include "util/buf.h"

#define KBGEN_NAME_MAX 32
/* The generated file can be large (every fact with its source URL); no cap needed. */
#define KBGEN_BUF_CAP ((size_t)256 * 1024 * 1024)

struct gen {
	struct buf out;
	const struct kb *kb;
	unsigned next;            /* counter for nested array names */
};

static void buf_make(struct buf *b)
{
	buf_init(b, KBGEN_BUF_CAP);
}

/* A C string literal; every byte that is not plain printable ASCII (and '"', '\\',
 * '?' against trigraphs) as a 3-digit octal escape, so no escape runs into the next
 * character. */
static void add_str(struct buf *b, const char *s)
{
	if (!s) {
		buf_adds(b, "NULL");
		return;
	}
	buf_addch(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\' && *p != '?')
			buf_addch(b, (char)*p);
		else
			buf_addf(b, "\\%03o", *p);
	}
	buf_addch(b, '"');
}

static void add_bool(struct buf *b, bool x)
{
	buf_adds(b, x ? "true" : "false");
}

/* struct version, positionally in its field order. */
static void add_version(struct buf *b, const struct version *v)
{
	buf_addf(b, "{ %" PRIu32 "u, {", v->epoch);
	for (size_t i = 0; i < VERSION_MAX_PARTS; i++)
		buf_addf(b, "%s%" PRIu32 "u", i ? ", " : " ", v->release[i]);
	buf_addf(b, " }, %u, %d, %" PRIu32 "u, %" PRId64 "LL, %" PRId64 "LL, ", (unsigned)v->nrelease,
		 (int)v->pre, v->pre_num, v->post, v->dev);
	add_str(b, v->local);
	buf_adds(b, " }");
}

/* Files are shown as "<builtin>/cuda.yaml", like the embedded-YAML loader names them. */
static void add_origin(struct buf *b, const struct kb_origin *o)
{
	buf_adds(b, "{ .source = ");
	add_str(b, o->source);
	buf_adds(b, ", .secondary = ");
	add_bool(b, o->secondary);
	buf_adds(b, ", .file = ");
	if (o->file) {
		const char *base = strrchr(o->file, '/');
		base = base ? base + 1 : o->file;
		/* Two literals the compiler joins: "<builtin>/" "cuda.yaml". */
		buf_adds(b, "\"<builtin>/\" ");
		add_str(b, base);
	} else {
		buf_adds(b, "NULL");
	}
	buf_addf(b, ", .line = %" PRIu32 "u }", o->line);
}

/* Starts a named array in `arr`; n == 0 with a non-NULL pointer becomes a one-element
 * zero array so the pointer stays non-NULL. */
static void array_open(struct gen *g, struct buf *arr, const char *type, size_t n, char *name)
{
	snprintf(name, KBGEN_NAME_MAX, "kb_t%u", g->next++);
	buf_make(arr);
	if (n)
		buf_addf(arr, "static const %s %s[%zu] = {\n", type, name, n);
	else
		buf_addf(arr, "static const %s %s[1];\n", type, name);
}

static void array_close(struct gen *g, struct buf *arr, size_t n)
{
	if (n)
		buf_adds(arr, "};\n");
	buf_add(&g->out, arr->buf, arr->len);
	buf_release(arr);
}

/* A list of versions; writes "NULL" or the array name to `name`. */
static void versions(struct gen *g, const struct version *v, size_t n, char *name)
{
	if (!v) {
		snprintf(name, KBGEN_NAME_MAX, "NULL");
		return;
	}
	struct buf arr;
	array_open(g, &arr, "struct version", n, name);
	for (size_t i = 0; i < n; i++) {
		buf_adds(&arr, "\t");
		add_version(&arr, &v[i]);
		buf_adds(&arr, ",\n");
	}
	array_close(g, &arr, n);
}

/* A NULL-terminated list of strings. */
static void strs(struct gen *g, const char *const *list, char *name)
{
	if (!list) {
		snprintf(name, KBGEN_NAME_MAX, "NULL");
		return;
	}
	size_t n = 0;
	while (list[n])
		n++;
	struct buf arr;
	array_open(g, &arr, "char *const", n + 1, name);
	for (size_t i = 0; i < n; i++) {
		buf_adds(&arr, "\t");
		add_str(&arr, list[i]);
		buf_adds(&arr, ",\n");
	}
	buf_adds(&arr, "\tNULL,\n");
	array_close(g, &arr, n + 1);
}

/* ------------------------------------------------------------------------- */
/* The tables */

static void cuda_table(struct gen *g, char *name)
{
	const struct kb *kb = g->kb;
	struct buf arr;
	array_open(g, &arr, "struct kb_cuda", kb->ncuda, name);
	for (size_t i = 0; i < kb->ncuda; i++) {
		const struct kb_cuda *c = &kb->cuda[i];
		buf_adds(&arr, "\t{ .version = ");
		add_version(&arr, &c->version);
		buf_adds(&arr, ", .text = ");
		add_str(&arr, c->text);
		buf_adds(&arr, ", .label = ");
		add_str(&arr, c->label);
		buf_adds(&arr, ", .released = ");
		add_str(&arr, c->released);
		buf_adds(&arr, ", .has_driver = { ");
		add_bool(&arr, c->has_driver[0]);
		buf_adds(&arr, ", ");
		add_bool(&arr, c->has_driver[1]);
		buf_adds(&arr, " }, .driver = { ");
		add_version(&arr, &c->driver[0]);
		buf_adds(&arr, ", ");
		add_version(&arr, &c->driver[1]);
		buf_addf(&arr, " }, .driver_branch = %" PRIu32 "u, .has_ptx = ", c->driver_branch);
		add_bool(&arr, c->has_ptx);
		buf_adds(&arr, ", .ptx = ");
		add_version(&arr, &c->ptx);
		buf_adds(&arr, ", .origin = ");
		add_origin(&arr, &c->origin);
		buf_adds(&arr, " },\n");
	}
	array_close(g, &arr, kb->ncuda);
}

static void compat_table(struct gen *g, char *name)
{
	const struct kb *kb = g->kb;
	struct buf arr;
	array_open(g, &arr, "struct kb_minor_compat", kb->ncompat, name);
	for (size_t i = 0; i < kb->ncompat; i++) {
		const struct kb_minor_compat *m = &kb->compat[i];
		buf_addf(&arr, "\t{ .major = %" PRIu32 "u, .has_driver = { ", m->major);
		add_bool(&arr, m->has_driver[0]);
		buf_adds(&arr, ", ");
		add_bool(&arr, m->has_driver[1]);
		buf_adds(&arr, " }, .driver = { ");
		add_version(&arr, &m->driver[0]);
		buf_adds(&arr, ", ");
		add_version(&arr, &m->driver[1]);
		buf_adds(&arr, " }, .origin = ");
		add_origin(&arr, &m->origin);
		buf_adds(&arr, " },\n");
	}
	array_close(g, &arr, kb->ncompat);
}

static void cc_table(struct gen *g, char *name)
{
	const struct kb *kb = g->kb;
	struct buf arr;
	array_open(g, &arr, "struct kb_cc", kb->ncc, name);
	for (size_t i = 0; i < kb->ncc; i++) {
		const struct kb_cc *c = &kb->ccs[i];
		buf_adds(&arr, "\t{ .cc = ");
		add_version(&arr, &c->cc);
		buf_adds(&arr, ", .arch = ");
		add_str(&arr, c->arch);
		buf_adds(&arr, ", .first = ");
		add_version(&arr, &c->first);
		buf_adds(&arr, ", .has_last = ");
		add_bool(&arr, c->has_last);
		buf_adds(&arr, ", .last = ");
		add_version(&arr, &c->last);
		buf_adds(&arr, ", .has_deprecated = ");
		add_bool(&arr, c->has_deprecated);
		buf_adds(&arr, ", .deprecated = ");
		add_version(&arr, &c->deprecated);
		buf_adds(&arr, ", .has_renamed_to = ");
		add_bool(&arr, c->has_renamed_to);
		buf_adds(&arr, ", .renamed_to = ");
		add_version(&arr, &c->renamed_to);
		buf_adds(&arr, ", .origin = ");
		add_origin(&arr, &c->origin);
		buf_adds(&arr, " },\n");
	}
	array_close(g, &arr, kb->ncc);
}

static void branch_table(struct gen *g, char *name)
{
	const struct kb *kb = g->kb;
	struct buf arr;
	array_open(g, &arr, "struct kb_branch", kb->nbranches, name);
	for (size_t i = 0; i < kb->nbranches; i++) {
		const struct kb_branch *b = &kb->branches[i];
		buf_addf(&arr, "\t{ .branch = %" PRIu32 "u, .cuda = ", b->branch);
		add_version(&arr, &b->cuda);
		buf_adds(&arr, ", .type = ");
		add_str(&arr, b->type);
		buf_adds(&arr, ", .eol = ");
		add_str(&arr, b->eol);
		buf_adds(&arr, ", .origin = ");
		add_origin(&arr, &b->origin);
		buf_adds(&arr, " },\n");
	}
	array_close(g, &arr, kb->nbranches);
}

static void fwd_table(struct gen *g, char *name)
{
	const struct kb *kb = g->kb;
	struct buf arr;
	array_open(g, &arr, "struct kb_fwd", kb->nfwd, name);
	for (size_t i = 0; i < kb->nfwd; i++) {
		const struct kb_fwd *w = &kb->fwd[i];
		buf_adds(&arr, "\t{ .segment = ");
		add_str(&arr, w->segment);
		buf_adds(&arr, ", .allowed = ");
		add_bool(&arr, w->allowed);
		buf_adds(&arr, ", .origin = ");
		add_origin(&arr, &w->origin);
		buf_adds(&arr, " },\n");
	}
	array_close(g, &arr, kb->nfwd);
}

static void fc_package_table(struct gen *g, char *name)
{
	const struct kb *kb = g->kb;
	char (*bases)[KBGEN_NAME_MAX] = xcalloc(kb->nfc_packages ? kb->nfc_packages : 1,
						sizeof(*bases));
	for (size_t i = 0; i < kb->nfc_packages; i++) {
		const struct kb_fc_package *p = &kb->fc_packages[i];
		struct buf arr;
		array_open(g, &arr, "uint32_t", p->nbases, bases[i]);
		for (size_t k = 0; k < p->nbases; k++)
			buf_addf(&arr, "\t%" PRIu32 "u,\n", p->bases[k]);
		array_close(g, &arr, p->nbases);
	}
	struct buf arr;
	array_open(g, &arr, "struct kb_fc_package", kb->nfc_packages, name);
	for (size_t i = 0; i < kb->nfc_packages; i++) {
		const struct kb_fc_package *p = &kb->fc_packages[i];
		buf_adds(&arr, "\t{ .cuda = ");
		add_version(&arr, &p->cuda);
		buf_addf(&arr, ", .bases = %s, .nbases = %zu, .origin = ", bases[i], p->nbases);
		add_origin(&arr, &p->origin);
		buf_adds(&arr, " },\n");
	}
	array_close(g, &arr, kb->nfc_packages);
	free(bases);
}

static void arch_table(struct gen *g, char *name)
{
	const struct kb *kb = g->kb;
	struct buf arr;
	array_open(g, &arr, "struct kb_arch", kb->narchs, name);
	for (size_t i = 0; i < kb->narchs; i++) {
		const struct kb_arch *a = &kb->archs[i];
		buf_adds(&arr, "\t{ .name = ");
		add_str(&arr, a->name);
		buf_adds(&arr, ", .display = ");
		add_str(&arr, a->display);
		buf_addf(&arr, ", .floor = %" PRIu32 "u, .last = %" PRIu32 "u, .origin = ", a->floor,
			 a->last);
		add_origin(&arr, &a->origin);
		buf_adds(&arr, " },\n");
	}
	array_close(g, &arr, kb->narchs);
}

static void gpu_drivers(struct gen *g, const struct kb_gpu *gpu, char *name)
{
	if (!gpu->drivers) {
		snprintf(name, KBGEN_NAME_MAX, "NULL");
		return;
	}
	/* The except lists are arrays of their own, emitted before the drivers array. */
	char (*ex)[KBGEN_NAME_MAX] = xcalloc(gpu->ndrivers ? gpu->ndrivers : 1, sizeof(*ex));
	for (size_t i = 0; i < gpu->ndrivers; i++)
		versions(g, gpu->drivers[i].except, gpu->drivers[i].nexcept, ex[i]);
	struct buf arr;
	array_open(g, &arr, "struct kb_gpu_driver", gpu->ndrivers, name);
	for (size_t i = 0; i < gpu->ndrivers; i++) {
		buf_addf(&arr, "\t{ .branch = %" PRIu32 "u, .first = ", gpu->drivers[i].branch);
		add_version(&arr, &gpu->drivers[i].first);
		buf_addf(&arr, ", .except = %s, .nexcept = %zu },\n", ex[i], gpu->drivers[i].nexcept);
	}
	free(ex);
	array_close(g, &arr, gpu->ndrivers);
}

static void gpu_none(struct gen *g, const struct kb_gpu *gpu, char *name)
{
	if (!gpu->none) {
		snprintf(name, KBGEN_NAME_MAX, "NULL");
		return;
	}
	struct buf arr;
	array_open(g, &arr, "uint32_t", gpu->nnone, name);
	for (size_t i = 0; i < gpu->nnone; i++)
		buf_addf(&arr, "\t%" PRIu32 "u,\n", gpu->none[i]);
	array_close(g, &arr, gpu->nnone);
}

/* Index of `p` in table[0..n), or n if it is not there (then the KB is broken). */
#define INDEX_OF(p, table, n) ((p) >= (table) && (p) < (table) + (n) ? (size_t)((p) - (table)) : (n))

static bool gpu_table(struct gen *g, char *name, const char *archs)
{
	const struct kb *kb = g->kb;
	struct buf arr;
	/* The nested arrays go out before the table (array_open starts a new buf). */
	char (*names)[4][KBGEN_NAME_MAX] = xcalloc(kb->ngpus ? kb->ngpus : 1, sizeof(*names));
	for (size_t i = 0; i < kb->ngpus; i++) {
		strs(g, kb->gpus[i].smi, names[i][0]);
		strs(g, kb->gpus[i].aliases, names[i][1]);
		gpu_drivers(g, &kb->gpus[i], names[i][2]);
		gpu_none(g, &kb->gpus[i], names[i][3]);
	}
	array_open(g, &arr, "struct kb_gpu", kb->ngpus, name);
	bool ok = true;
	for (size_t i = 0; i < kb->ngpus; i++) {
		const struct kb_gpu *p = &kb->gpus[i];
		buf_adds(&arr, "\t{ .name = ");
		add_str(&arr, p->name);
		buf_addf(&arr, ", .smi = %s, .aliases = %s, .arch = ", names[i][0], names[i][1]);
		size_t a = INDEX_OF(p->arch, kb->archs, kb->narchs);
		if (!p->arch)
			buf_adds(&arr, "NULL");
		else if (a == kb->narchs)
			ok = false;
		else
			buf_addf(&arr, "&%s[%zu]", archs, a);
		buf_adds(&arr, ", .cc = ");
		add_version(&arr, &p->cc);
		buf_adds(&arr, ", .segment = ");
		add_str(&arr, p->segment);
		buf_addf(&arr,
			 ", .floor = %" PRIu32 "u, .last = %" PRIu32 "u, .all_from = %" PRIu32
			 "u, .drivers = %s, .ndrivers = %zu, .none = %s, .nnone = %zu, .origin = ",
			 p->floor, p->last, p->all_from, names[i][2], p->ndrivers, names[i][3], p->nnone);
		add_origin(&arr, &p->origin);
		buf_adds(&arr, " },\n");
	}
	array_close(g, &arr, kb->ngpus);
	free(names);
	return ok;
}

static bool name_table(struct gen *g, char *name, const char *gpus)
{
	const struct kb *kb = g->kb;
	struct buf arr;
	array_open(g, &arr, "struct kb_gpu_name", kb->nnames, name);
	bool ok = true;
	for (size_t i = 0; i < kb->nnames; i++) {
		size_t k = INDEX_OF(kb->names[i].gpu, kb->gpus, kb->ngpus);
		ok &= k < kb->ngpus;
		buf_adds(&arr, "\t{ .norm = ");
		add_str(&arr, kb->names[i].norm);
		buf_addf(&arr, ", .gpu = &%s[%zu] },\n", gpus, k);
	}
	array_close(g, &arr, kb->nnames);
	return ok;
}

static void cudnn_builds(struct gen *g, const struct kb_cudnn *c, char *name)
{
	if (!c->builds) {
		snprintf(name, KBGEN_NAME_MAX, "NULL");
		return;
	}
	struct buf arr;
	array_open(g, &arr, "struct kb_cudnn_build", c->nbuilds, name);
	for (size_t i = 0; i < c->nbuilds; i++) {
		const struct kb_cudnn_build *b = &c->builds[i];
		buf_addf(&arr, "\t{ .major = %" PRIu32 "u, .has_range = ", b->major);
		add_bool(&arr, b->has_range);
		buf_adds(&arr, ", .min = ");
		add_version(&arr, &b->min);
		buf_adds(&arr, ", .max = ");
		add_version(&arr, &b->max);
		buf_adds(&arr, " },\n");
	}
	array_close(g, &arr, c->nbuilds);
}

static void cudnn_table(struct gen *g, char *name)
{
	const struct kb *kb = g->kb;
	char (*builds)[KBGEN_NAME_MAX] = xcalloc(kb->ncudnn ? kb->ncudnn : 1, sizeof(*builds));
	for (size_t i = 0; i < kb->ncudnn; i++)
		cudnn_builds(g, &kb->cudnn[i], builds[i]);
	struct buf arr;
	array_open(g, &arr, "struct kb_cudnn", kb->ncudnn, name);
	for (size_t i = 0; i < kb->ncudnn; i++) {
		const struct kb_cudnn *c = &kb->cudnn[i];
		buf_adds(&arr, "\t{ .version = ");
		add_version(&arr, &c->version);
		buf_addf(&arr, ", .builds = %s, .nbuilds = %zu, .has_cc = ", builds[i], c->nbuilds);
		add_bool(&arr, c->has_cc);
		buf_adds(&arr, ", .cc_min = ");
		add_version(&arr, &c->cc_min);
		buf_adds(&arr, ", .cc_max = ");
		add_version(&arr, &c->cc_max);
		buf_adds(&arr, ", .origin = ");
		add_origin(&arr, &c->origin);
		buf_adds(&arr, " },\n");
	}
	array_close(g, &arr, kb->ncudnn);
	free(builds);
}

static void cudnn_pkg_table(struct gen *g, char *name)
{
	const struct kb *kb = g->kb;
	struct buf arr;
	array_open(g, &arr, "struct kb_cudnn_package", kb->ncudnn_pkgs, name);
	for (size_t i = 0; i < kb->ncudnn_pkgs; i++) {
		const struct kb_cudnn_package *p = &kb->cudnn_pkgs[i];
		buf_adds(&arr, "\t{ .name = ");
		add_str(&arr, p->name);
		buf_adds(&arr, ", .ecosystem = ");
		add_str(&arr, p->ecosystem);
		buf_addf(&arr, ", .cuda_major = %" PRIu32 "u, .origin = ", p->cuda_major);
		add_origin(&arr, &p->origin);
		buf_adds(&arr, " },\n");
	}
	array_close(g, &arr, kb->ncudnn_pkgs);
}

static void torch_variants(struct gen *g, const struct kb_torch_release *r, char *name)
{
	if (!r->variants) {
		snprintf(name, KBGEN_NAME_MAX, "NULL");
		return;
	}
	char (*lists)[3][KBGEN_NAME_MAX] = xcalloc(r->nvariants ? r->nvariants : 1, sizeof(*lists));
	for (size_t i = 0; i < r->nvariants; i++) {
		const struct kb_torch_variant *v = &r->variants[i];
		versions(g, v->sass, v->nsass, lists[i][0]);
		versions(g, v->ptx, v->nptx, lists[i][1]);
		versions(g, v->patches, v->npatches, lists[i][2]);
	}
	struct buf arr;
	array_open(g, &arr, "struct kb_torch_variant", r->nvariants, name);
	for (size_t i = 0; i < r->nvariants; i++) {
		const struct kb_torch_variant *v = &r->variants[i];
		buf_adds(&arr, "\t{ .name = ");
		add_str(&arr, v->name);
		buf_adds(&arr, ", .has_cuda = ");
		add_bool(&arr, v->has_cuda);
		buf_adds(&arr, ", .cuda = ");
		add_version(&arr, &v->cuda);
		buf_adds(&arr, ", .has_cudnn = ");
		add_bool(&arr, v->has_cudnn);
		buf_adds(&arr, ", .cudnn = ");
		add_version(&arr, &v->cudnn);
		buf_addf(&arr, ", .sass = %s, .nsass = %zu, .ptx = %s, .nptx = %zu, .ptx_known = ",
			 lists[i][0], v->nsass, lists[i][1], v->nptx);
		add_bool(&arr, v->ptx_known);
		buf_addf(&arr, ", .patches = %s, .npatches = %zu, .origin = ", lists[i][2], v->npatches);
		add_origin(&arr, &v->origin);
		buf_adds(&arr, " },\n");
	}
	array_close(g, &arr, r->nvariants);
	free(lists);
}

static void torch_companions(struct gen *g, const struct kb_torch_release *r, char *name)
{
	if (!r->companions) {
		snprintf(name, KBGEN_NAME_MAX, "NULL");
		return;
	}
	struct buf arr;
	array_open(g, &arr, "struct kb_torch_companion", r->ncompanions, name);
	for (size_t i = 0; i < r->ncompanions; i++) {
		const struct kb_torch_companion *c = &r->companions[i];
		buf_adds(&arr, "\t{ .torch = ");
		add_version(&arr, &c->torch);
		buf_adds(&arr, ", .has_torchvision = ");
		add_bool(&arr, c->has_torchvision);
		buf_adds(&arr, ", .has_torchaudio = ");
		add_bool(&arr, c->has_torchaudio);
		buf_adds(&arr, ", .torchvision = ");
		add_version(&arr, &c->torchvision);
		buf_adds(&arr, ", .torchaudio = ");
		add_version(&arr, &c->torchaudio);
		buf_adds(&arr, " },\n");
	}
	array_close(g, &arr, r->ncompanions);
}

static void torch_table(struct gen *g, char *name)
{
	const struct kb *kb = g->kb;
	enum { PATCHES, VARIANTS, COMPANIONS, PYTORCH_CUDA, CUDATOOLKIT, IMAGES, NLISTS };
	char (*lists)[NLISTS][KBGEN_NAME_MAX] = xcalloc(kb->ntorch ? kb->ntorch : 1, sizeof(*lists));
	for (size_t i = 0; i < kb->ntorch; i++) {
		const struct kb_torch_release *r = &kb->torch[i];
		versions(g, r->patches, r->npatches, lists[i][PATCHES]);
		torch_variants(g, r, lists[i][VARIANTS]);
		torch_companions(g, r, lists[i][COMPANIONS]);
		versions(g, r->pytorch_cuda, r->npytorch_cuda, lists[i][PYTORCH_CUDA]);
		versions(g, r->cudatoolkit, r->ncudatoolkit, lists[i][CUDATOOLKIT]);
		strs(g, r->images, lists[i][IMAGES]);
	}
	struct buf arr;
	array_open(g, &arr, "struct kb_torch_release", kb->ntorch, name);
	for (size_t i = 0; i < kb->ntorch; i++) {
		const struct kb_torch_release *r = &kb->torch[i];
		buf_adds(&arr, "\t{ .line = ");
		add_version(&arr, &r->line);
		buf_addf(&arr, ", .patches = %s, .npatches = %zu, .has_python = ", lists[i][PATCHES],
			 r->npatches);
		add_bool(&arr, r->has_python);
		buf_adds(&arr, ", .python_min = ");
		add_version(&arr, &r->python_min);
		buf_adds(&arr, ", .python_max = ");
		add_version(&arr, &r->python_max);
		buf_adds(&arr, ", .pypi_default = ");
		add_str(&arr, r->pypi_default);
		buf_addf(&arr,
			 ", .variants = %s, .nvariants = %zu, .cuda_builds_complete = ",
			 lists[i][VARIANTS], r->nvariants);
		add_bool(&arr, r->cuda_builds_complete);
		buf_adds(&arr, ", .cuda_builds_source = ");
		add_str(&arr, r->cuda_builds_source);
		buf_addf(&arr, ", .companions = %s, .ncompanions = %zu, .conda_channel = ",
			 lists[i][COMPANIONS], r->ncompanions);
		add_bool(&arr, r->conda_channel);
		buf_addf(&arr,
			 ", .pytorch_cuda = %s, .npytorch_cuda = %zu, .cudatoolkit = %s"
			 ", .ncudatoolkit = %zu, .images = %s, .origin = ",
			 lists[i][PYTORCH_CUDA], r->npytorch_cuda, lists[i][CUDATOOLKIT], r->ncudatoolkit,
			 lists[i][IMAGES]);
		add_origin(&arr, &r->origin);
		buf_adds(&arr, " },\n");
	}
	array_close(g, &arr, kb->ntorch);
	free(lists);
}

/* Patterns keep only their text; kb_builtin.c copies them and compiles at load. */
static void pattern_table(struct gen *g, char *name)
{
	const struct kb *kb = g->kb;
	struct buf arr;
	array_open(g, &arr, "struct kb_pattern", kb->npatterns, name);
	for (size_t i = 0; i < kb->npatterns; i++) {
		const struct kb_pattern *p = &kb->patterns[i];
		buf_adds(&arr, "\t{ .name = ");
		add_str(&arr, p->name);
		buf_addf(&arr, ", .kind = %d, .regex = ", (int)p->kind);
		add_str(&arr, p->regex);
		buf_adds(&arr, ", .repo_regex = ");
		add_str(&arr, p->repo_regex);
		buf_adds(&arr, ", .origin = ");
		add_origin(&arr, &p->origin);
		buf_adds(&arr, " },\n");
	}
	array_close(g, &arr, kb->npatterns);
}

static void ngc_table(struct gen *g, char *name)
{
	const struct kb *kb = g->kb;
	char (*dc)[KBGEN_NAME_MAX] = xcalloc(kb->nngc ? kb->nngc : 1, sizeof(*dc));
	for (size_t i = 0; i < kb->nngc; i++)
		versions(g, kb->ngc[i].datacenter, kb->ngc[i].ndatacenter, dc[i]);
	struct buf arr;
	array_open(g, &arr, "struct kb_ngc", kb->nngc, name);
	for (size_t i = 0; i < kb->nngc; i++) {
		const struct kb_ngc *n = &kb->ngc[i];
		buf_adds(&arr, "\t{ .image = ");
		add_str(&arr, n->image);
		buf_adds(&arr, ", .tag = ");
		add_str(&arr, n->tag);
		buf_adds(&arr, ", .cuda = ");
		add_version(&arr, &n->cuda);
		buf_adds(&arr, ", .has_torch = ");
		add_bool(&arr, n->has_torch);
		buf_adds(&arr, ", .torch = ");
		add_version(&arr, &n->torch);
		buf_addf(&arr, ", .driver_branch = %" PRIu32 "u, .datacenter = %s, .ndatacenter = %zu"
			 ", .origin = ", n->driver_branch, dc[i], n->ndatacenter);
		add_origin(&arr, &n->origin);
		buf_adds(&arr, " },\n");
	}
	array_close(g, &arr, kb->nngc);
	free(dc);
}

/* The branch lists go out first; `brands` through strs (never NULL for a loaded row). */
static void cuda_image_table(struct gen *g, char *name)
{
	const struct kb *kb = g->kb;
	char (*lists)[2][KBGEN_NAME_MAX] = xcalloc(kb->ncuda_images ? kb->ncuda_images : 1,
						   sizeof(*lists));
	for (size_t i = 0; i < kb->ncuda_images; i++) {
		const struct kb_cuda_image *c = &kb->cuda_images[i];
		if (!c->branches) {
			snprintf(lists[i][0], KBGEN_NAME_MAX, "NULL");
		} else {
			struct buf arr;
			array_open(g, &arr, "uint32_t", c->nbranches, lists[i][0]);
			for (size_t k = 0; k < c->nbranches; k++)
				buf_addf(&arr, "\t%" PRIu32 "u,\n", c->branches[k]);
			array_close(g, &arr, c->nbranches);
		}
		strs(g, c->brands, lists[i][1]);
	}
	struct buf arr;
	array_open(g, &arr, "struct kb_cuda_image", kb->ncuda_images, name);
	for (size_t i = 0; i < kb->ncuda_images; i++) {
		const struct kb_cuda_image *c = &kb->cuda_images[i];
		buf_adds(&arr, "\t{ .image = ");
		add_version(&arr, &c->image);
		buf_adds(&arr, ", .cuda = ");
		add_version(&arr, &c->cuda);
		buf_addf(&arr, ", .branches = %s, .nbranches = %zu, .brands = %s, .origin = ",
			 lists[i][0], c->nbranches, lists[i][1]);
		add_origin(&arr, &c->origin);
		buf_adds(&arr, " },\n");
	}
	array_close(g, &arr, kb->ncuda_images);
	free(lists);
}

/* ------------------------------------------------------------------------- */

static bool generate(struct gen *g)
{
	enum { CUDA, COMPAT, CC, BRANCHES, FWD, FC_PACKAGES, ARCHS, GPUS, NAMES, CUDNN, CUDNN_PKGS,
	       TORCH, PATTERNS, NGC, CUDA_IMAGES, NTABLES };
	char t[NTABLES][KBGEN_NAME_MAX];
	buf_adds(&g->out, "/* Generated by build/kbgen (linter/kb/kbgen.c) from the rules/ YAML files."
			  " Do not edit. */\n"
			  "#include <stddef.h>\n#include \"kb/kb_internal.h\"\n#include \"kb/kb_embed.h\"\n\n");
	cuda_table(g, t[CUDA]);
	compat_table(g, t[COMPAT]);
	cc_table(g, t[CC]);
	branch_table(g, t[BRANCHES]);
	fwd_table(g, t[FWD]);
	fc_package_table(g, t[FC_PACKAGES]);
	arch_table(g, t[ARCHS]);
	bool ok = gpu_table(g, t[GPUS], t[ARCHS]);
	ok &= name_table(g, t[NAMES], t[GPUS]);
	cudnn_table(g, t[CUDNN]);
	cudnn_pkg_table(g, t[CUDNN_PKGS]);
	torch_table(g, t[TORCH]);
	pattern_table(g, t[PATTERNS]);
	ngc_table(g, t[NGC]);
	cuda_image_table(g, t[CUDA_IMAGES]);

	const struct kb *kb = g->kb;
	/* struct kb's table pointers are not const (the loader fills them); the static
	 * tables are never written through them: kb_free leaves a built-in KB's tables
	 * alone and the patterns are copied before they are compiled. */
	buf_adds(&g->out, "\nstatic const struct kb kb_tables = {\n\t.date = ");
	add_str(&g->out, kb->date);
	buf_adds(&g->out, ",\n");
	const struct {
		const char *field, *type;
		size_t n;
		int table;
	} fields[] = {
		{ "cuda", "struct kb_cuda", kb->ncuda, CUDA },
		{ "compat", "struct kb_minor_compat", kb->ncompat, COMPAT },
		{ "ccs", "struct kb_cc", kb->ncc, CC },
		{ "branches", "struct kb_branch", kb->nbranches, BRANCHES },
		{ "fwd", "struct kb_fwd", kb->nfwd, FWD },
		{ "fc_packages", "struct kb_fc_package", kb->nfc_packages, FC_PACKAGES },
		{ "archs", "struct kb_arch", kb->narchs, ARCHS },
		{ "gpus", "struct kb_gpu", kb->ngpus, GPUS },
		{ "names", "struct kb_gpu_name", kb->nnames, NAMES },
		{ "cudnn", "struct kb_cudnn", kb->ncudnn, CUDNN },
		{ "cudnn_pkgs", "struct kb_cudnn_package", kb->ncudnn_pkgs, CUDNN_PKGS },
		{ "torch", "struct kb_torch_release", kb->ntorch, TORCH },
		{ "patterns", "struct kb_pattern", kb->npatterns, PATTERNS },
		{ "ngc", "struct kb_ngc", kb->nngc, NGC },
		{ "cuda_images", "struct kb_cuda_image", kb->ncuda_images, CUDA_IMAGES },
	};
	static const char *const counts[] = { "ncuda", "ncompat", "ncc", "nbranches", "nfwd",
					      "nfc_packages", "narchs", "ngpus", "nnames", "ncudnn",
					      "ncudnn_pkgs", "ntorch", "npatterns", "nngc",
					      "ncuda_images" };
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		buf_addf(&g->out, "\t.%s = (%s *)%s,\n\t.%s = %zu,\n", fields[i].field, fields[i].type,
			 t[fields[i].table], counts[i], fields[i].n);
	buf_adds(&g->out, "};\n\nconst struct kb *const kb_builtin_tables = &kb_tables;\n"
			  "const struct kb_embedded_file kb_embedded_files[] = { { NULL, NULL, 0 } };\n");
	return ok && !g->out.overflow;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: kbgen RULES_DIR > kb_tables.c\n");
		return 2;
	}
	struct diag_list diags = DIAG_LIST_INIT;
	struct kb *kb = NULL;
	bool ok = kb_load_dir(&kb, argv[1], &diags);
	if (diags.nr) {
		struct report_input in = { &diags, NULL, 0, { 0, 0, 0, 0 }, "kbgen", NULL, false, false, NULL, NULL };
		struct buf b = BUF_INIT;
		report_gnu(&in, &b);
		fwrite(b.buf, 1, b.len, stderr);
		buf_release(&b);
		ok = false;
	}
	diag_list_release(&diags);
	if (!ok) {
		fprintf(stderr, "kbgen: the knowledge base in '%s' is invalid\n", argv[1]);
		kb_free(kb);
		return 1;
	}
	struct gen g;
	memset(&g, 0, sizeof(g));
	buf_make(&g.out);
	g.kb = kb;
	ok = generate(&g);
	if (ok)
		ok = fwrite(g.out.buf, 1, g.out.len, stdout) == g.out.len && fflush(stdout) == 0;
	if (!ok)
		fprintf(stderr, "kbgen: could not write the tables\n");
	buf_release(&g.out);
	kb_free(kb);
	return ok ? 0 : 1;
}

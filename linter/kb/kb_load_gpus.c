/*
 * kb_load_gpus: gpus.yaml — architectures and GPUs with every spelling, per-branch
 * driver support and exceptions. A spelling shared by two GPUs is an error here, since
 * kb_gpu_lookup must find exactly one GPU for each.
 */
#include "kb/kb_internal.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"

/* ------------------------------------------------------------------------- */
/* architectures */

static int arch_cmp(const void *a, const void *b)
{
	const struct kb_arch *x = a, *y = b;
	return strcmp(x->name, y->name);
}

static bool arch_done(struct kb_row *r)
{
	const struct kb_arch *a = r->row, *first = kb_row_earlier(r, arch_cmp);
	if (first)
		kb_doc_error(r->doc, kb_row_node(r, "name"), "duplicate architecture '%s'", a->name);
	return !first;
}

#define T struct kb_arch
static const struct kb_field ARCH_FIELDS[] = {
	KB_ROW(T, name, "name", KB_T_STR, .flags = KB_F_REQUIRED | KB_F_KEY),
	KB_ROW(T, display, "display", KB_T_STR),
	KB_ROW(T, floor, "floor", KB_T_UINT),
	KB_ROW(T, last, "last", KB_T_UINT),
	KB_ROW(T, origin, NULL, KB_T_ORIGIN),
};
#undef T
const struct kb_desc kb_desc_arch =
	KB_DESC(struct kb_arch, ARCH_FIELDS, .what = "'architectures' entry", .origin = KB_ORIGIN_ROW,
		.done = arch_done, .file = "gpus.yaml", .list = "architectures", .cmp = arch_cmp);

/* ------------------------------------------------------------------------- */
/* gpus */

static int spelling_cmp(const void *a, const void *b)
{
	const struct kb_spelling *x = a, *y = b;
	int c = strcmp(x->norm, y->norm);
	if (c)
		return c;
	return (x->gpu > y->gpu) - (x->gpu < y->gpu);
}

static void add_spellings(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *node, size_t gpu)
{
	yaml_node_t **items = &node;
	size_t n = 1;
	if (node->type == YAML_SEQUENCE_NODE)
		n = kb_doc_seq(doc, node, "spelling", &items);
	for (size_t i = 0; i < n; i++) {
		size_t len;
		const char *s = kb_doc_scalar(items[i], &len);
		if (!s)
			continue;
		struct kb_spelling x;
		char tmp[KB_GPU_NAME_MAX];
		size_t m = len < sizeof(tmp) - 1 ? len : sizeof(tmp) - 1;
		memcpy(tmp, s, m);
		tmp[m] = '\0';
		kb_gpu_normalise(tmp, x.norm, sizeof(x.norm));
		x.gpu = gpu;
		x.node = items[i];
		vec_push(&self->spellings, x);
	}
}

static bool driver_first(struct kb_row *r, yaml_node_t *node)
{
	const struct kb_gpu_driver *d = r->row;
	if (version_driver_branch(&d->first) != d->branch)
		kb_doc_error(r->doc, node, "'first' driver is not of branch %u", d->branch);
	return true;
}

static bool driver_except(struct kb_row *r, yaml_node_t *node)
{
	const struct kb_gpu_driver *d = r->row;
	for (size_t k = 0; k < d->nexcept; k++)
		if (version_driver_branch(&d->except[k]) != d->branch ||
		    version_cmp(&d->except[k], &d->first) <= 0)
			kb_doc_error(r->doc, node, "'except' drivers must be later releases of branch %u",
				     d->branch);
	return true;
}

#define T struct kb_gpu_driver
static const struct kb_field DRIVER_FIELDS[] = {
	KB_ROW(T, branch, "branch", KB_T_UINT, .flags = KB_F_REQUIRED),
	KB_ROW(T, first, "first", KB_T_VERSION, .vkind = KB_V_DRIVER, .flags = KB_F_REQUIRED,
	       .hook = driver_first),
	KB_LIST(T, except, nexcept, "except", KB_T_VERSIONS, .vkind = KB_V_DRIVER, .hook = driver_except),
};
#undef T
static const struct kb_desc DRIVER_DESC =
	KB_DESC(struct kb_gpu_driver, DRIVER_FIELDS, .what = "'drivers' item", .origin = KB_ORIGIN_NONE);

/* `arch` names a gpus.yaml architecture, resolved once every file is in. */
static bool gpu_arch_ref(struct kb_row *r, yaml_node_t *node)
{
	const char *arch = NULL;
	if (kb_doc_str(r->doc, node, "arch", &arch))
		kb_loader_arch_ref(r, node, arch, "arch");
	return true;
}

/* Every spelling, to find the ones two GPUs share once the list is in (gpus_after). */
static bool gpu_done(struct kb_row *r)
{
	static const char *const spellings[] = { "name", "smi", "aliases" };
	for (size_t i = 0; i < sizeof(spellings) / sizeof(spellings[0]); i++) {
		yaml_node_t *node = kb_row_node(r, spellings[i]);
		if (node)
			add_spellings(r->loader, r->doc, node, r->index);
	}
	return true;
}

/* A repeated GPU name shows up as a spelling shared by two entries. */
static void gpus_after(struct kb_loader *self, struct kb_doc *doc)
{
	size_t ngpus;
	const struct kb_gpu *gpus = kb_loader_rows(self, &kb_desc_gpu, &ngpus);
	struct kb_spelling *sp = self->spellings.items;
	size_t n = self->spellings.nr;
	if (n)
		qsort(sp, n, sizeof(*sp), spelling_cmp);
	for (size_t i = 1; i < n; i++) {
		const struct kb_spelling *a = &sp[i - 1], *b = &sp[i];
		if (strcmp(a->norm, b->norm) || a->gpu == b->gpu)
			continue;
		const struct kb_gpu *first = &gpus[a->gpu];
		const struct kb_gpu *second = &gpus[b->gpu];
		if (!strcmp(first->name, second->name))
			kb_doc_error(doc, b->node, "duplicate GPU '%s' (first at line %u)", second->name,
				     first->origin.line);
		else
			kb_doc_error(doc, b->node, "GPU spelling '%s' of '%s' also names '%s'", b->norm,
				     second->name, first->name);
	}
	vec_release(&self->spellings);
}

static int gpu_cmp(const void *a, const void *b)
{
	const struct kb_gpu *x = a, *y = b;
	return strcmp(x->name, y->name);
}

#define T struct kb_gpu
static const struct kb_field GPU_FIELDS[] = {
	KB_ROW(T, name, "name", KB_T_STR, .flags = KB_F_REQUIRED | KB_F_KEY),
	KB_ROW(T, smi, "smi", KB_T_STRS, .flags = KB_F_EMPTY),
	KB_ROW(T, aliases, "aliases", KB_T_STRS, .flags = KB_F_EMPTY),
	KB_ROW(T, arch, "arch", KB_T_REF, .ref_off = offsetof(struct kb, archs),
	       .flags = KB_F_REQUIRED | KB_F_HOOK, .hook = gpu_arch_ref),
	KB_ROW(T, cc, "cc", KB_T_VERSION, .vkind = KB_V_CC, .flags = KB_F_REQUIRED),
	KB_ROW(T, segment, "segment", KB_T_ENUM, .names = KB_SEGMENTS, .flags = KB_F_REQUIRED),
	KB_ROW(T, floor, "floor", KB_T_UINT),
	KB_ROW(T, last, "last", KB_T_UINT),
	KB_ROW(T, all_from, "all_from", KB_T_UINT),
	KB_LIST(T, drivers, ndrivers, "drivers", KB_T_TABLE, .sub = &DRIVER_DESC),
	KB_LIST(T, none, nnone, "none", KB_T_UINTS),
	KB_ROW(T, origin, NULL, KB_T_ORIGIN),
};
#undef T
const struct kb_desc kb_desc_gpu =
	KB_DESC(struct kb_gpu, GPU_FIELDS, .what = "'gpus' entry", .origin = KB_ORIGIN_ROW, .done = gpu_done,
		.file = "gpus.yaml", .list = "gpus", .cmp = gpu_cmp, .after = gpus_after, .flags = KB_D_LATE);

/* The normalised spelling index kb_gpu_lookup searches (built in kb_loader_done). */
#define T struct kb_gpu_name
static const struct kb_field NAME_FIELDS[] = {
	KB_ROW(T, norm, NULL, KB_T_STR),
	KB_ROW(T, gpu, NULL, KB_T_REF, .ref_off = offsetof(struct kb, gpus)),
};
#undef T
const struct kb_desc kb_desc_gpu_name =
	KB_DESC(struct kb_gpu_name, NAME_FIELDS, .what = "GPU name", .origin = KB_ORIGIN_NONE);

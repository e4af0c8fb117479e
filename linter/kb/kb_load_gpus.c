/*
 * kb_load_gpus: gpus.yaml — architectures and GPUs with every spelling, per-branch
 * driver support and exceptions. A spelling shared by two GPUs is an error here, since
 * kb_gpu_lookup must find exactly one GPU for each.
 */
#include "kb/kb_internal.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"

static void gpu_arch(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *e, const char *what)
{
	enum { NAME, DISPLAY, FLOOR, LAST, SOURCE, STATUS, NOTE, N };
	static const char *const keys[] = { "name", "display", "floor", "last", KB_SHARED_KEYS, NULL };
	yaml_node_t *f[N];
	if (!kb_doc_fields(doc, e, what, keys, f))
		return;
	struct kb_arch a;
	memset(&a, 0, sizeof(a));
	kb_doc_origin(doc, e, what, f[SOURCE], f[STATUS], NULL, &a.origin);
	if (!f[NAME]) {
		kb_doc_missing(doc, e, what, "name");
		return;
	}
	if (!kb_doc_str(doc, f[NAME], "name", &a.name))
		return;
	if (f[DISPLAY])
		kb_doc_str(doc, f[DISPLAY], "display", &a.display);
	if (f[FLOOR])
		kb_doc_uint(doc, f[FLOOR], "floor", &a.floor);
	if (f[LAST])
		kb_doc_uint(doc, f[LAST], "last", &a.last);
	for (size_t i = 0; i < self->archs.nr; i++)
		if (!strcmp(self->archs.items[i].name, a.name)) {
			kb_doc_error(doc, f[NAME], "duplicate architecture '%s'", a.name);
			return;
		}
	vec_push(&self->archs, a);
}

/* One spelling of one GPU, to find spellings shared by different GPUs. */
struct spelling {
	char norm[KB_GPU_NAME_MAX];
	size_t gpu;
	yaml_node_t *node;
};

static int spelling_cmp(const void *a, const void *b)
{
	const struct spelling *x = a, *y = b;
	int c = strcmp(x->norm, y->norm);
	if (c)
		return c;
	return (x->gpu > y->gpu) - (x->gpu < y->gpu);
}

typedef VEC(struct spelling) spelling_vec;

static void add_spellings(spelling_vec *sp, struct kb_doc *doc, yaml_node_t *node, size_t gpu)
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
		struct spelling x;
		char tmp[KB_GPU_NAME_MAX];
		size_t m = len < sizeof(tmp) - 1 ? len : sizeof(tmp) - 1;
		memcpy(tmp, s, m);
		tmp[m] = '\0';
		kb_gpu_normalise(tmp, x.norm, sizeof(x.norm));
		x.gpu = gpu;
		x.node = items[i];
		vec_push(sp, x);
	}
}

static void gpu_drivers(struct kb_doc *doc, yaml_node_t *node, struct kb_gpu *g)
{
	yaml_node_t **items;
	size_t n = kb_doc_seq(doc, node, "drivers", &items);
	struct kb_gpu_driver *d = arena_alloc(doc->arena, st_mult(n ? n : 1, sizeof(*d)));
	static const char *const keys[] = { "branch", "first", "except", NULL };
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *f[3];
		if (!kb_doc_fields(doc, items[i], "'drivers' item", keys, f))
			continue;
		if (!f[0] || !f[1]) {
			kb_doc_missing(doc, items[i], "'drivers' item", f[0] ? "first" : "branch");
			continue;
		}
		kb_doc_uint(doc, f[0], "branch", &d[i].branch);
		if (kb_doc_version(doc, f[1], "first", KB_V_DRIVER, &d[i].first) &&
		    version_driver_branch(&d[i].first) != d[i].branch)
			kb_doc_error(doc, f[1], "'first' driver is not of branch %u", d[i].branch);
		if (f[2] && kb_doc_versions(doc, f[2], "except", KB_V_DRIVER, &d[i].except, &d[i].nexcept)) {
			for (size_t k = 0; k < d[i].nexcept; k++)
				if (version_driver_branch(&d[i].except[k]) != d[i].branch ||
				    version_cmp(&d[i].except[k], &d[i].first) <= 0)
					kb_doc_error(doc, f[2], "'except' drivers must be later releases of branch %u",
						     d[i].branch);
		}
	}
	g->drivers = d;
	g->ndrivers = n;
}

static void gpu_entry(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *e, const char *what,
		      spelling_vec *sp)
{
	enum { NAME, SMI, ALIASES, ARCH, CC, SEGMENT, FLOOR, DRIVERS, ALL_FROM, NONE, LAST,
	       SOURCE, STATUS, NOTE, N };
	static const char *const keys[] = { "name", "smi", "aliases", "arch", "cc", "segment",
					    "floor", "drivers", "all_from", "none", "last",
					    KB_SHARED_KEYS, NULL };
	yaml_node_t *f[N];
	if (!kb_doc_fields(doc, e, what, keys, f))
		return;
	struct kb_gpu g;
	memset(&g, 0, sizeof(g));
	kb_doc_origin(doc, e, what, f[SOURCE], f[STATUS], NULL, &g.origin);
	static const int required[] = { NAME, ARCH, CC, SEGMENT };
	for (size_t k = 0; k < sizeof(required) / sizeof(required[0]); k++)
		if (!f[required[k]]) {
			kb_doc_missing(doc, e, what, keys[required[k]]);
			return;
		}
	if (!kb_doc_str(doc, f[NAME], "name", &g.name))
		return;
	static const char *const empty[] = { NULL };
	g.smi = g.aliases = empty;
	if (f[SMI])
		kb_doc_strs(doc, f[SMI], "smi", &g.smi, NULL);
	if (f[ALIASES])
		kb_doc_strs(doc, f[ALIASES], "aliases", &g.aliases, NULL);
	const char *arch = NULL;
	if (kb_doc_str(doc, f[ARCH], "arch", &arch))
		kb_loader_arch_ref(self, doc, f[ARCH], arch, true, self->gpus.nr);
	kb_doc_version(doc, f[CC], "cc", KB_V_CC, &g.cc);
	kb_load_str_in(doc, f[SEGMENT], "segment", KB_SEGMENTS, &g.segment);
	if (f[FLOOR])
		kb_doc_uint(doc, f[FLOOR], "floor", &g.floor);
	if (f[LAST])
		kb_doc_uint(doc, f[LAST], "last", &g.last);
	if (f[ALL_FROM])
		kb_doc_uint(doc, f[ALL_FROM], "all_from", &g.all_from);
	if (f[DRIVERS])
		gpu_drivers(doc, f[DRIVERS], &g);
	if (f[NONE]) {
		yaml_node_t **items;
		size_t n = kb_doc_seq(doc, f[NONE], "none", &items);
		uint32_t *none = arena_alloc(doc->arena, st_mult(n ? n : 1, sizeof(*none)));
		for (size_t i = 0; i < n; i++)
			kb_doc_uint(doc, items[i], "none", &none[i]);
		g.none = none;
		g.nnone = n;
	}
	/* A repeated GPU name shows up as a spelling shared by two entries (below). */
	add_spellings(sp, doc, f[NAME], self->gpus.nr);
	if (f[SMI])
		add_spellings(sp, doc, f[SMI], self->gpus.nr);
	if (f[ALIASES])
		add_spellings(sp, doc, f[ALIASES], self->gpus.nr);
	vec_push(&self->gpus, g);
}

void kb_load_gpus(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *root)
{
	static const char *const keys[] = { "architectures", "gpus", NULL };
	yaml_node_t *f[2];
	if (!kb_doc_fields(doc, root, "gpus.yaml", keys, f))
		return;
	kb_load_table(self, doc, f[0], "'architectures' entry", gpu_arch);
	if (!f[1])
		return;
	spelling_vec sp = { NULL, 0, 0 };
	yaml_node_t **items;
	size_t n = kb_doc_seq(doc, f[1], "'gpus' entry", &items);
	for (size_t i = 0; i < n; i++)
		gpu_entry(self, doc, items[i], "'gpus' entry", &sp);
	if (sp.nr)
		qsort(sp.items, sp.nr, sizeof(*sp.items), spelling_cmp);
	for (size_t i = 1; i < sp.nr; i++) {
		struct spelling *a = &sp.items[i - 1], *b = &sp.items[i];
		if (strcmp(a->norm, b->norm) || a->gpu == b->gpu)
			continue;
		const struct kb_gpu *first = &self->gpus.items[a->gpu];
		const struct kb_gpu *second = &self->gpus.items[b->gpu];
		if (!strcmp(first->name, second->name))
			kb_doc_error(doc, b->node, "duplicate GPU '%s' (first at line %u)",
				     second->name, first->origin.line);
		else
			kb_doc_error(doc, b->node, "GPU spelling '%s' of '%s' also names '%s'", b->norm,
				     second->name, first->name);
	}
	vec_release(&sp);
}

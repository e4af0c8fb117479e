/*
 * kb_schema: the generic half of the KB tables — kb_row_load reads one YAML entry per
 * its descriptor, and kb_schema describes struct kb itself so kbgen and the tables
 * test can walk every table. The order of work in kb_row_load is the order the
 * messages come in: unknown keys, the origin, the first missing required key, then
 * each keyed field in row order (a row's hook right after its value), then `done`.
 */
#include "kb/kb_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

/* KB_T_INT members are C enums read and written as int. */
_Static_assert(sizeof(enum kb_pattern_kind) == sizeof(int), "KB_T_INT reads an int");

#define KB_SHARED_NKEYS 3

static void *at(void *row, size_t off)
{
	return (char *)row + off;
}

yaml_node_t *kb_row_node(const struct kb_row *r, const char *key)
{
	for (size_t i = 0; i < r->desc->nfields; i++)
		if (r->desc->fields[i].key && !strcmp(r->desc->fields[i].key, key))
			return r->f[i];
	return NULL;
}

bool kb_row_clean(const struct kb_row *r)
{
	return r->doc->diags->nr == r->diags_at;
}

static struct kb_origin *row_origin(const struct kb_desc *d, void *row)
{
	for (size_t i = 0; i < d->nfields; i++)
		if (d->fields[i].type == KB_T_ORIGIN)
			return at(row, d->fields[i].off);
	return NULL;
}

/* A nested table: one row of `f->sub` per list item. Every item keeps its slot, even
 * one that failed (the KB is invalid then anyway). */
bool kb_row_load_table(struct kb_row *r, const struct kb_field *f, yaml_node_t *node)
{
	const struct kb_desc *sub = f->sub;
	yaml_node_t **items;
	size_t n = kb_doc_seq(r->doc, node, f->key, &items);
	char *rows = arena_alloc(r->doc->arena, st_mult(n ? n : 1, sub->size));
	for (size_t i = 0; i < n; i++) {
		struct kb_row item;
		memset(&item, 0, sizeof(item));
		item.loader = r->loader;
		item.doc = r->doc;
		item.desc = sub;
		item.entry = items[i];
		item.row = rows + i * sub->size;
		item.index = i;
		item.parent = r->row;
		item.parent_origin = row_origin(r->desc, r->row);
		kb_row_load(&item);
	}
	*(void **)at(r->row, f->off) = rows;
	*(size_t *)at(r->row, f->count_off) = n;
	return node->type == YAML_SEQUENCE_NODE;
}

static bool load_uints(struct kb_row *r, const struct kb_field *f, yaml_node_t *node)
{
	yaml_node_t **items;
	size_t n = kb_doc_seq(r->doc, node, f->key, &items);
	uint32_t *v = arena_alloc(r->doc->arena, st_mult(n ? n : 1, sizeof(*v)));
	bool ok = node->type == YAML_SEQUENCE_NODE;
	for (size_t i = 0; i < n; i++)
		ok &= kb_doc_uint(r->doc, items[i], f->key, &v[i]);
	*(const uint32_t **)at(r->row, f->off) = v;
	*(size_t *)at(r->row, f->count_off) = n;
	return ok;
}

/* Reads one given value per its type; false if it is bad (already reported). */
static bool load_value(struct kb_row *r, const struct kb_field *f, yaml_node_t *node)
{
	struct kb_doc *doc = r->doc;
	void *p = at(r->row, f->off);
	bool ok = true;
	switch (f->type) {
	case KB_T_VERSION:
		ok = kb_doc_version(doc, node, f->key, f->vkind, p);
		if (f->flags & KB_F_HAS)
			*(bool *)at(r->row, f->has_off) = ok;
		break;
	case KB_T_STR:
		ok = kb_doc_str(doc, node, f->key, p);
		break;
	case KB_T_DATE:
		ok = kb_doc_date(doc, node, f->key, p);
		break;
	case KB_T_ENUM:
		ok = kb_load_str_in(doc, node, f->key, f->names, p);
		break;
	case KB_T_UINT:
		ok = kb_doc_uint(doc, node, f->key, p);
		break;
	case KB_T_BOOL:
		ok = kb_doc_bool(doc, node, f->key, p);
		break;
	case KB_T_VERSIONS:
		if (f->flags & KB_F_HAS)
			*(bool *)at(r->row, f->has_off) = true;
		ok = kb_doc_versions(doc, node, f->key, f->vkind, p, at(r->row, f->count_off));
		break;
	case KB_T_UINTS:
		ok = load_uints(r, f, node);
		break;
	case KB_T_STRS:
		ok = kb_doc_strs(doc, node, f->key, p, NULL);
		break;
	case KB_T_TABLE:
		ok = kb_row_load_table(r, f, node);
		break;
	case KB_T_DRIVERS:
		kb_load_driver_pair(doc, node, !(f->unless && kb_row_node(r, f->unless)),
				    at(r->row, f->has_off), p);
		break;
	case KB_T_RANGE:
		ok = kb_load_range(doc, node, f->key, f->vkind, p, at(r->row, f->off2));
		*(bool *)at(r->row, f->has_off) = ok;
		break;
	case KB_T_NONE:
	case KB_T_INT:
	case KB_T_REF:
	case KB_T_ORIGIN:
		/* Nothing generic to read: such a key is a KB_F_HOOK row. */
		break;
	}
	if (ok && f->hook)
		ok = f->hook(r, node);
	return ok;
}

static bool load_field(struct kb_row *r, const struct kb_field *f, yaml_node_t *node)
{
	if (f->flags & KB_F_HOOK)
		return f->hook ? f->hook(r, node) : true;
	if (node)
		return load_value(r, f, node);
	if (f->type == KB_T_STRS && (f->flags & KB_F_EMPTY)) {
		static const char *const empty[] = { NULL };
		*(const char *const **)at(r->row, f->off) = empty;
	}
	if (f->unless && !kb_row_node(r, f->unless))
		kb_doc_missing(r->doc, r->entry, r->desc->what, f->key);
	return true;
}

enum kb_row_result kb_row_load(struct kb_row *r)
{
	const struct kb_desc *d = r->desc;
	struct kb_doc *doc = r->doc;
	memset(r->row, 0, d->size);
	memset(r->f, 0, sizeof(r->f));
	r->diags_at = doc->diags->nr;
	/* A programming error, not bad data: test_kb_tables checks every descriptor. */
	if (d->nfields > KB_ROW_FIELDS_MAX)
		abort();

	/* The known keys: every keyed row, then the shared ones. */
	const char *keys[KB_ROW_FIELDS_MAX + KB_SHARED_NKEYS + 1];
	size_t field_of[KB_ROW_FIELDS_MAX];
	size_t nkeys = 0;
	for (size_t i = 0; i < d->nfields; i++)
		if (d->fields[i].key) {
			field_of[nkeys] = i;
			keys[nkeys++] = d->fields[i].key;
		}
	size_t shared = nkeys;
	if (d->origin != KB_ORIGIN_NONE) {
		keys[nkeys++] = "source";
		keys[nkeys++] = "status";
		keys[nkeys++] = "note";
	}
	keys[nkeys] = NULL;
	yaml_node_t *v[KB_ROW_FIELDS_MAX + KB_SHARED_NKEYS];
	if (!kb_doc_fields(doc, r->entry, d->what, keys, v))
		return KB_ROW_DROP;
	for (size_t k = 0; k < shared; k++)
		r->f[field_of[k]] = v[k];

	if (d->origin == KB_ORIGIN_ROW) {
		kb_doc_origin(doc, r->entry, d->what, v[shared], v[shared + 1], NULL, row_origin(d, r->row));
	} else if (d->origin == KB_ORIGIN_INHERIT) {
		struct kb_origin origin;
		kb_doc_origin(doc, r->entry, d->what, v[shared], v[shared + 1], r->parent_origin, &origin);
	}

	for (size_t i = 0; i < d->nfields; i++)
		if ((d->fields[i].flags & KB_F_REQUIRED) && !r->f[i]) {
			kb_doc_missing(doc, r->entry, d->what, d->fields[i].key);
			return KB_ROW_DROP;
		}
	for (size_t i = 0; i < d->nfields; i++) {
		const struct kb_field *f = &d->fields[i];
		if (f->key && !load_field(r, f, r->f[i]) && (f->flags & KB_F_KEY))
			return KB_ROW_DROP;
	}
	if (d->done && !d->done(r))
		return KB_ROW_DROP;
	return kb_row_clean(r) ? KB_ROW_OK : KB_ROW_FLAWED;
}

size_t kb_field_count(const void *row, const struct kb_field *f)
{
	return *(const size_t *)((const char *)row + f->count_off);
}

/* ------------------------------------------------------------------------- */
/* struct kb: the tables in member order */

#define KB_TABLE(m, n, d) KB_LIST(struct kb, m, n, NULL, KB_T_TABLE, .sub = &(d))

static const struct kb_field KB_FIELDS[] = {
	KB_ROW(struct kb, date, NULL, KB_T_STR),
	KB_TABLE(cuda, ncuda, kb_desc_cuda),
	KB_TABLE(compat, ncompat, kb_desc_minor_compat),
	KB_TABLE(ccs, ncc, kb_desc_cc),
	KB_TABLE(branches, nbranches, kb_desc_branch),
	KB_TABLE(fwd, nfwd, kb_desc_fwd),
	KB_TABLE(fc_packages, nfc_packages, kb_desc_fc_package),
	KB_TABLE(archs, narchs, kb_desc_arch),
	KB_TABLE(gpus, ngpus, kb_desc_gpu),
	KB_TABLE(names, nnames, kb_desc_gpu_name),
	KB_TABLE(cudnn, ncudnn, kb_desc_cudnn),
	KB_TABLE(cudnn_pkgs, ncudnn_pkgs, kb_desc_cudnn_package),
	KB_TABLE(torch, ntorch, kb_desc_torch),
	KB_TABLE(companion_requires, ncompanion_requires, kb_desc_companion_requires),
	KB_TABLE(patterns, npatterns, kb_desc_pattern),
	KB_TABLE(ngc, nngc, kb_desc_ngc),
	KB_TABLE(cuda_images, ncuda_images, kb_desc_cuda_image),
	KB_TABLE(cuda_image_tags, ncuda_image_tags, kb_desc_cuda_image_tags),
	KB_TABLE(devel_bases, ndevel_bases, kb_desc_devel_base),
};

const struct kb_desc kb_schema = KB_DESC(struct kb, KB_FIELDS, .what = "kb.yaml", .origin = KB_ORIGIN_NONE);

const struct kb_field *kb_schema_table(size_t off)
{
	for (size_t i = 0; i < kb_schema.nfields; i++)
		if (kb_schema.fields[i].type == KB_T_TABLE && kb_schema.fields[i].off == off)
			return &kb_schema.fields[i];
	return NULL;
}

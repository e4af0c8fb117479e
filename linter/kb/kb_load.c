/*
 * kb_load: what the per-file loaders share, and the dispatch from a file name to its
 * loader (kb_load_<file>.c, one per rules/ file; docs/kb-format.md is the schema). Each
 * entry is split into its known keys (anything else is an error: a typo must not
 * silently drop a fact), every value is parsed with the version.h parser of its kind,
 * and every problem becomes an EL009 at the value's position. Loading goes on after an
 * error so one run shows every problem in the data. Duplicates are found inside the one
 * file that holds each table; cross-file references wait for kb_loader_done (kb.c).
 */
#include "kb/kb_internal.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"

const char *const KB_SEGMENTS[] = { "datacenter", "geforce", "jetson", "workstation", NULL };

/* ------------------------------------------------------------------------- */
/* helpers */

void kb_load_table(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *table,
		   const char *what, kb_entry_fn fn)
{
	if (!table)
		return;
	yaml_node_t **items;
	size_t n = kb_doc_seq(doc, table, what, &items);
	for (size_t i = 0; i < n; i++)
		fn(self, doc, items[i], what);
}

static bool one_of(const char *s, const char *const *set)
{
	for (; s && *set; set++)
		if (!strcmp(s, *set))
			return true;
	return false;
}

bool kb_load_str_in(struct kb_doc *doc, yaml_node_t *node, const char *key, const char *const *set,
		   const char **out)
{
	if (!kb_doc_str(doc, node, key, out))
		return false;
	if (one_of(*out, set))
		return true;
	kb_doc_error(doc, node, "invalid %s '%s'", key, *out);
	*out = NULL;
	return false;
}

/* {linux: ..., windows: ...} driver pair. */
void kb_load_driver_pair(struct kb_doc *doc, yaml_node_t *node, bool need_linux, bool has[2],
			     struct version drv[2])
{
	static const char *const keys[] = { "linux", "windows", NULL };
	yaml_node_t *f[2];
	if (!kb_doc_fields(doc, node, "'driver'", keys, f))
		return;
	if (f[0])
		has[KB_OS_LINUX] = kb_doc_version(doc, f[0], "linux", KB_V_DRIVER, &drv[KB_OS_LINUX]);
	else if (need_linux)
		kb_doc_missing(doc, node, "'driver'", "linux");
	if (f[1])
		has[KB_OS_WINDOWS] =
			kb_doc_version(doc, f[1], "windows", KB_V_DRIVER, &drv[KB_OS_WINDOWS]);
}

/* {min: X, max: Y} */
bool kb_load_range(struct kb_doc *doc, yaml_node_t *node, const char *key, enum kb_vkind kind,
		       struct version *min, struct version *max)
{
	static const char *const keys[] = { "min", "max", NULL };
	yaml_node_t *f[2];
	if (!kb_doc_fields(doc, node, key, keys, f))
		return false;
	if (!f[0] || !f[1])
		return kb_doc_missing(doc, node, key, f[0] ? "max" : "min");
	bool ok = kb_doc_version(doc, f[0], "min", kind, min);
	ok &= kb_doc_version(doc, f[1], "max", kind, max);
	if (ok && version_cmp(min, max) > 0) {
		kb_doc_error(doc, node, "'%s' min is above max", key);
		ok = false;
	}
	return ok;
}

bool kb_versions_has(const struct version *list, size_t n, const struct version *v)
{
	for (size_t i = 0; i < n; i++)
		if (!version_cmp(&list[i], v))
			return true;
	return false;
}

const struct kb_branch *kb_loader_branch(const struct kb_loader *self, uint32_t branch)
{
	for (size_t i = 0; i < self->branches.nr; i++)
		if (self->branches.items[i].branch == branch)
			return &self->branches.items[i];
	return NULL;
}

void kb_loader_arch_ref(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *node,
			 const char *name, bool is_gpu, size_t index)
{
	struct kb_arch_ref r = { name, doc->file, kb_doc_span(doc, node), is_gpu, index };
	vec_push(&self->refs, r);
}

void *kb_load_sorted_table(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *table,
			   const struct kb_table_spec *spec, size_t *count)
{
	const struct kb_desc *d = spec->desc;
	*count = 0;
	if (!table)
		return NULL;
	yaml_node_t **items;
	size_t n = kb_doc_seq(doc, table, d->what, &items);
	char *rows = arena_alloc(doc->arena, st_mult(n ? n : 1, d->size));
	size_t nrows = 0;
	for (size_t i = 0; i < n; i++) {
		char *elem = rows + nrows * d->size;
		struct kb_row r = { .loader = self, .doc = doc, .desc = d, .entry = items[i], .row = elem,
				    .index = nrows };
		/* kb_row_load zeroes the row: a skipped entry may have left half a row. */
		if (kb_row_load(&r) != KB_ROW_OK)
			continue;
		bool dup = false;
		for (size_t k = 0; k < nrows && !dup; k++)
			dup = !spec->cmp(rows + k * d->size, elem);
		if (dup) {
			spec->duplicate(doc, items[i], elem);
			continue;
		}
		nrows++;
	}
	if (nrows > 1)
		qsort(rows, nrows, d->size, spec->cmp);
	*count = nrows;
	return rows;
}

/* ------------------------------------------------------------------------- */
/* kb.yaml */

static void load_kb_yaml(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *root)
{
	static const char *const keys[] = { "date", KB_SHARED_KEYS, NULL };
	yaml_node_t *f[4];
	if (!kb_doc_fields(doc, root, "kb.yaml", keys, f))
		return;
	if (!f[0])
		kb_doc_missing(doc, root, "kb.yaml", "date");
	else
		kb_doc_date(doc, f[0], "date", &self->kb->date);
	struct kb_origin origin;
	kb_doc_origin(doc, root, "kb.yaml", f[1], f[2], NULL, &origin);
}

/* ------------------------------------------------------------------------- */

bool kb_load_file(struct kb_loader *self, struct kb_doc *doc, const char *base)
{
	static const struct {
		const char *name;
		void (*fn)(struct kb_loader *, struct kb_doc *, yaml_node_t *);
	} files[] = {
		{ "cuda.yaml", kb_load_cuda },       { "cudnn.yaml", kb_load_cudnn },
		{ "drivers.yaml", kb_load_drivers }, { "gpus.yaml", kb_load_gpus },
		{ "images.yaml", kb_load_images },     { "kb.yaml", load_kb_yaml },
		{ "pytorch.yaml", kb_load_pytorch },
	};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if (strcmp(files[i].name, base))
			continue;
		yaml_node_t *root = kb_doc_root(doc);
		if (!root)
			kb_doc_error(doc, NULL, "empty knowledge-base file");
		else
			files[i].fn(self, doc, root);
		return true;
	}
	return false;
}

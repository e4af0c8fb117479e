/*
 * kb_load: reading a KB file (docs/kb-format.md is the schema). A file is the lists of
 * the tables whose descriptors name it (kb_load_<file>.c, one per rules/ file, hold those
 * descriptors and their hooks); each item becomes a row through kb_row_load and joins
 * its table's vector. Unknown keys are errors (a typo must not silently drop a fact),
 * every value is parsed with the version.h parser of its kind, and every problem
 * becomes an EL009 at the value's position. Loading goes on after an error so one run
 * shows every problem in the data. Duplicates are found inside the one file that holds
 * each table; cross-file references wait for kb_loader_done (kb.c). Also the helpers
 * the hooks share, and kb.yaml, which holds no table.
 */
#include "kb/kb_internal.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"

const char *const KB_SEGMENTS[] = { "datacenter", "geforce", "jetson", "workstation", NULL };

/* ------------------------------------------------------------------------- */
/* helpers */

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
		has[KB_OS_WINDOWS] = kb_doc_version(doc, f[1], "windows", KB_V_DRIVER, &drv[KB_OS_WINDOWS]);
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
/* the tables: rows kept per kb_schema row */

static size_t table_index(const struct kb_desc *d)
{
	for (size_t i = 0; i < kb_schema.nfields; i++)
		if (kb_schema.fields[i].sub == d)
			return i;
	abort(); /* every top-level descriptor is a kb_schema row (test_kb_tables checks) */
}

const void *kb_loader_rows(const struct kb_loader *self, const struct kb_desc *d, size_t *n)
{
	const struct kb_rows *t = &self->tables[table_index(d)];
	*n = t->bytes.nr / d->size;
	return t->bytes.items;
}

const void *kb_row_earlier(const struct kb_row *r, int (*same)(const void *a, const void *b))
{
	size_t n;
	const char *rows = kb_loader_rows(r->loader, r->desc, &n);
	for (size_t i = 0; i < n; i++)
		if (!same(rows + i * r->desc->size, r->row))
			return rows + i * r->desc->size;
	return NULL;
}

const struct kb_branch *kb_loader_branch(const struct kb_loader *self, uint32_t branch)
{
	size_t n;
	const struct kb_branch *b = kb_loader_rows(self, &kb_desc_branch, &n);
	for (size_t i = 0; i < n; i++)
		if (b[i].branch == branch)
			return &b[i];
	return NULL;
}

void kb_loader_arch_ref(struct kb_row *r, yaml_node_t *node, const char *name, const char *member)
{
	const struct kb_field *field = NULL;
	for (size_t i = 0; i < r->desc->nfields && !field; i++)
		if (r->desc->fields[i].name && !strcmp(r->desc->fields[i].name, member))
			field = &r->desc->fields[i];
	struct kb_arch_ref ref = { name, r->doc->file, kb_doc_span(r->doc, node), r->desc, field, r->index };
	vec_push(&r->loader->refs, ref);
}

/* One list of a top-level table: each item is read in place at the end of the table's
 * rows and kept if it loaded (with KB_D_CLEAN: loaded clean). */
static void load_list(struct kb_loader *self, struct kb_doc *doc, const struct kb_desc *d, yaml_node_t *list)
{
	struct kb_rows *t = &self->tables[table_index(d)];
	yaml_node_t **items;
	size_t n = kb_doc_seq(doc, list, d->what, &items);
	t->given = true;
	for (size_t i = 0; i < n; i++) {
		size_t nr = t->bytes.nr / d->size;
		vec_grow(&t->bytes, st_mult(nr + 1, d->size));
		struct kb_row r = { .loader = self,
				    .doc = doc,
				    .desc = d,
				    .entry = items[i],
				    .row = t->bytes.items + t->bytes.nr,
				    .index = nr };
		enum kb_row_result res = kb_row_load(&r);
		if (res == KB_ROW_OK || (res == KB_ROW_FLAWED && !(d->flags & KB_D_CLEAN)))
			t->bytes.nr += d->size;
	}
}

bool kb_load_file(struct kb_loader *self, struct kb_doc *doc, const char *base)
{
	const struct kb_desc *tables[KB_ROW_FIELDS_MAX];
	const char *keys[KB_ROW_FIELDS_MAX + 1];
	size_t n = 0;
	for (size_t i = 0; i < kb_schema.nfields; i++) {
		const struct kb_desc *d = kb_schema.fields[i].sub;
		if (d && d->file && !strcmp(d->file, base)) {
			tables[n] = d;
			keys[n++] = d->list;
		}
	}
	keys[n] = NULL;
	if (!n && strcmp(base, "kb.yaml"))
		return false;
	yaml_node_t *root = kb_doc_root(doc);
	if (!root) {
		kb_doc_error(doc, NULL, "empty knowledge-base file");
		return true;
	}
	if (!n) {
		load_kb_yaml(self, doc, root);
		return true;
	}
	yaml_node_t *f[KB_ROW_FIELDS_MAX];
	if (!kb_doc_fields(doc, root, base, keys, f))
		return true;
	for (size_t i = 0; i < n; i++) {
		if (!f[i])
			continue;
		load_list(self, doc, tables[i], f[i]);
		if (tables[i]->after)
			tables[i]->after(self, doc);
	}
	return true;
}

/*
 * kb_load_drivers: drivers.yaml — driver branches with the CUDA level they report,
 * which GPU segments may use forward compatibility, and the installed branches each
 * cuda-compat package runs on (checked against the branches loaded just before).
 */
#include "kb/kb_internal.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"

static void driver_branch(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *e,
			  const char *what)
{
	enum { BRANCH, CUDA, TYPE, EOL, SOURCE, STATUS, NOTE, N };
	static const char *const keys[] = { "branch", "cuda", "type", "eol", KB_SHARED_KEYS, NULL };
	static const char *const types[] = { "ltsb", "nfb", "pb", NULL };
	yaml_node_t *f[N];
	if (!kb_doc_fields(doc, e, what, keys, f))
		return;
	struct kb_branch b;
	memset(&b, 0, sizeof(b));
	kb_doc_origin(doc, e, what, f[SOURCE], f[STATUS], NULL, &b.origin);
	if (!f[BRANCH] || !f[CUDA]) {
		kb_doc_missing(doc, e, what, f[BRANCH] ? "cuda" : "branch");
		return;
	}
	if (!kb_doc_uint(doc, f[BRANCH], "branch", &b.branch))
		return;
	kb_doc_version(doc, f[CUDA], "cuda", KB_V_CUDA2, &b.cuda);
	if (f[TYPE])
		kb_load_str_in(doc, f[TYPE], "type", types, &b.type);
	if (f[EOL])
		kb_doc_date(doc, f[EOL], "eol", &b.eol);
	for (size_t i = 0; i < self->branches.nr; i++)
		if (self->branches.items[i].branch == b.branch) {
			kb_doc_error(doc, f[BRANCH], "duplicate branch '%u'", b.branch);
			return;
		}
	vec_push(&self->branches, b);
}

static void driver_fwd(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *e, const char *what)
{
	enum { SEGMENT, ALLOWED, SOURCE, STATUS, NOTE, N };
	static const char *const keys[] = { "segment", "allowed", KB_SHARED_KEYS, NULL };
	yaml_node_t *f[N];
	if (!kb_doc_fields(doc, e, what, keys, f))
		return;
	struct kb_fwd w;
	memset(&w, 0, sizeof(w));
	kb_doc_origin(doc, e, what, f[SOURCE], f[STATUS], NULL, &w.origin);
	if (!f[SEGMENT] || !f[ALLOWED]) {
		kb_doc_missing(doc, e, what, f[SEGMENT] ? "allowed" : "segment");
		return;
	}
	if (!kb_load_str_in(doc, f[SEGMENT], "segment", KB_SEGMENTS, &w.segment) ||
	    !kb_doc_bool(doc, f[ALLOWED], "allowed", &w.allowed))
		return;
	for (size_t i = 0; i < self->fwd.nr; i++)
		if (!strcmp(self->fwd.items[i].segment, w.segment)) {
			kb_doc_error(doc, f[SEGMENT], "duplicate forward_compat segment '%s'", w.segment);
			return;
		}
	vec_push(&self->fwd, w);
}


/* One `compat` entry. Its bases are checked against the branches already loaded
 * (kb_load_drivers reads `branches` first, whatever the key order in the file): a
 * base must be a known branch, and one whose own CUDA level is below the package's,
 * since a package is never needed on its own branch (the matrix's N/A) and never
 * usable on a newer one. */
static bool driver_fc_package(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *e,
			      const char *what, struct kb_fc_package *out)
{
	enum { CUDA, BASES, SOURCE, STATUS, NOTE, N };
	static const char *const keys[] = { "cuda", "bases", KB_SHARED_KEYS, NULL };
	yaml_node_t *f[N];
	memset(out, 0, sizeof(*out));
	if (!kb_doc_fields(doc, e, what, keys, f))
		return false;
	bool ok = kb_doc_origin(doc, e, what, f[SOURCE], f[STATUS], NULL, &out->origin);
	if (!f[CUDA] || !f[BASES])
		return kb_doc_missing(doc, e, what, f[CUDA] ? "bases" : "cuda");
	if (!kb_doc_version(doc, f[CUDA], "cuda", KB_V_CUDA2, &out->cuda))
		return false;
	yaml_node_t **items;
	size_t n = kb_doc_seq(doc, f[BASES], "bases", &items);
	if (f[BASES]->type != YAML_SEQUENCE_NODE)
		return false;
	uint32_t *bases = arena_alloc(doc->arena, st_mult(n ? n : 1, sizeof(*bases)));
	char cuda[KB_VERSION_TEXT_MAX];
	version_format(&out->cuda, cuda, sizeof(cuda));
	for (size_t i = 0; i < n; i++) {
		if (!kb_doc_uint(doc, items[i], "bases", &bases[i])) {
			ok = false;
			continue;
		}
		bool dup = false;
		for (size_t k = 0; k < i && !dup; k++)
			dup = bases[k] == bases[i];
		const struct kb_branch *b = kb_loader_branch(self, bases[i]);
		if (dup) {
			kb_doc_error(doc, items[i], "duplicate base branch '%u'", bases[i]);
			ok = false;
		} else if (!b) {
			kb_doc_error(doc, items[i], "base branch '%u' is not in 'branches'", bases[i]);
			ok = false;
		} else if (version_cmp_prefix(&b->cuda, &out->cuda, 2) >= 0) {
			kb_doc_error(doc, items[i],
				     "base branch '%u' already runs CUDA %s natively: not a base for the "
				     "cuda-compat package of %s", bases[i], cuda, cuda);
			ok = false;
		}
	}
	out->bases = bases;
	out->nbases = n;
	return ok;
}

static int fc_package_cmp(const void *a, const void *b)
{
	const struct kb_fc_package *x = a, *y = b;
	return version_cmp(&x->cuda, &y->cuda);
}


static bool fc_package_entry(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *item,
			     const char *what, void *elem)
{
	return driver_fc_package(self, doc, item, what, elem);
}

static void fc_package_duplicate(struct kb_doc *doc, yaml_node_t *item, const void *elem)
{
	char buf[KB_VERSION_TEXT_MAX];
	version_format(&((const struct kb_fc_package *)elem)->cuda, buf, sizeof(buf));
	kb_doc_error(doc, item, "duplicate compat entry for CUDA %s", buf);
}

/* `compat` lives in this one file, so it goes into the KB arena here, sorted. */
static void load_fc_packages(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *table)
{
	static const struct kb_table_spec spec = { "'compat' entry", sizeof(struct kb_fc_package),
						   fc_package_entry, fc_package_cmp,
						   fc_package_duplicate };
	self->kb->fc_packages = kb_load_sorted_table(self, doc, table, &spec, &self->kb->nfc_packages);
}

void kb_load_drivers(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *root)
{
	static const char *const keys[] = { "branches", "forward_compat", "compat", NULL };
	yaml_node_t *f[3];
	if (!kb_doc_fields(doc, root, "drivers.yaml", keys, f))
		return;
	kb_load_table(self, doc, f[0], "'branches' entry", driver_branch);
	kb_load_table(self, doc, f[1], "'forward_compat' entry", driver_fwd);
	load_fc_packages(self, doc, f[2]);
}

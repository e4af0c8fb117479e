/*
 * kb_load_drivers: drivers.yaml — driver branches with the CUDA level they report,
 * which GPU segments may use forward compatibility, and the installed branches each
 * cuda-compat package runs on (checked against the branches loaded just before).
 * The plain fields are the descriptor rows below; the code is what they cannot say.
 */
#include "kb/kb_internal.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"

/* ------------------------------------------------------------------------- */
/* branches */

static const char *const BRANCH_TYPES[] = { "ltsb", "nfb", "pb", NULL };

static int branch_cmp(const void *a, const void *b)
{
	const struct kb_branch *x = a, *y = b;
	return (x->branch > y->branch) - (x->branch < y->branch);
}

static bool branch_done(struct kb_row *r)
{
	const struct kb_branch *b = r->row, *first = kb_row_earlier(r, branch_cmp);
	if (first)
		kb_doc_error(r->doc, kb_row_node(r, "branch"), "duplicate branch '%u'", b->branch);
	return !first;
}

#define T struct kb_branch
static const struct kb_field BRANCH_FIELDS[] = {
	KB_ROW(T, branch, "branch", KB_T_UINT, .flags = KB_F_REQUIRED | KB_F_KEY),
	KB_ROW(T, cuda, "cuda", KB_T_VERSION, .vkind = KB_V_CUDA2, .flags = KB_F_REQUIRED),
	KB_ROW(T, type, "type", KB_T_ENUM, .names = BRANCH_TYPES),
	KB_ROW(T, eol, "eol", KB_T_DATE),
	KB_ROW(T, origin, NULL, KB_T_ORIGIN),
};
#undef T
const struct kb_desc kb_desc_branch =
	KB_DESC(struct kb_branch, BRANCH_FIELDS, .what = "'branches' entry", .origin = KB_ORIGIN_ROW,
		.done = branch_done, .file = "drivers.yaml", .list = "branches", .cmp = branch_cmp);

/* ------------------------------------------------------------------------- */
/* forward_compat */

static int fwd_same(const void *a, const void *b)
{
	const struct kb_fwd *x = a, *y = b;
	return strcmp(x->segment, y->segment);
}

static bool fwd_done(struct kb_row *r)
{
	const struct kb_fwd *w = r->row, *first = kb_row_earlier(r, fwd_same);
	if (first)
		kb_doc_error(r->doc, kb_row_node(r, "segment"), "duplicate forward_compat segment '%s'",
			     w->segment);
	return !first;
}

#define T struct kb_fwd
static const struct kb_field FWD_FIELDS[] = {
	KB_ROW(T, segment, "segment", KB_T_ENUM, .names = KB_SEGMENTS, .flags = KB_F_REQUIRED | KB_F_KEY),
	KB_ROW(T, allowed, "allowed", KB_T_BOOL, .flags = KB_F_REQUIRED | KB_F_KEY),
	KB_ROW(T, origin, NULL, KB_T_ORIGIN),
};
#undef T
const struct kb_desc kb_desc_fwd =
	KB_DESC(struct kb_fwd, FWD_FIELDS, .what = "'forward_compat' entry", .origin = KB_ORIGIN_ROW,
		.done = fwd_done, .file = "drivers.yaml", .list = "forward_compat");

/* ------------------------------------------------------------------------- */
/* compat */

/* The bases of one `compat` entry, checked against the branches already loaded
 * (kb_load_drivers reads `branches` first, whatever the key order in the file): a
 * base must be a known branch, and one whose own CUDA level is below the package's,
 * since a package is never needed on its own branch (the matrix's N/A) and never
 * usable on a newer one. */
static bool fc_bases(struct kb_row *r, yaml_node_t *node)
{
	struct kb_doc *doc = r->doc;
	struct kb_fc_package *out = r->row;
	yaml_node_t **items;
	size_t n = kb_doc_seq(doc, node, "bases", &items);
	if (node->type != YAML_SEQUENCE_NODE)
		return false;
	uint32_t *bases = arena_alloc(doc->arena, st_mult(n ? n : 1, sizeof(*bases)));
	char cuda[KB_VERSION_TEXT_MAX];
	version_format(&out->cuda, cuda, sizeof(cuda));
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		if (!kb_doc_uint(doc, items[i], "bases", &bases[i])) {
			ok = false;
			continue;
		}
		bool dup = false;
		for (size_t k = 0; k < i && !dup; k++)
			dup = bases[k] == bases[i];
		const struct kb_branch *b = kb_loader_branch(r->loader, bases[i]);
		if (dup) {
			kb_doc_error(doc, items[i], "duplicate base branch '%u'", bases[i]);
			ok = false;
		} else if (!b) {
			kb_doc_error(doc, items[i], "base branch '%u' is not in 'branches'", bases[i]);
			ok = false;
		} else if (version_cmp_prefix(&b->cuda, &out->cuda, 2) >= 0) {
			kb_doc_error(doc, items[i],
				     "base branch '%u' already runs CUDA %s natively: not a base for the "
				     "cuda-compat package of %s",
				     bases[i], cuda, cuda);
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

/* A repeat of an earlier clean entry (only clean entries join this table). */
static bool fc_package_done(struct kb_row *r)
{
	if (!kb_row_clean(r))
		return true;
	const struct kb_fc_package *p = r->row;
	if (!kb_row_earlier(r, fc_package_cmp))
		return true;
	char buf[KB_VERSION_TEXT_MAX];
	version_format(&p->cuda, buf, sizeof(buf));
	kb_doc_error(r->doc, r->entry, "duplicate compat entry for CUDA %s", buf);
	return false;
}

#define T struct kb_fc_package
static const struct kb_field FC_FIELDS[] = {
	KB_ROW(T, cuda, "cuda", KB_T_VERSION, .vkind = KB_V_CUDA2, .flags = KB_F_REQUIRED | KB_F_KEY),
	KB_LIST(T, bases, nbases, "bases", KB_T_UINTS, .flags = KB_F_REQUIRED | KB_F_HOOK, .hook = fc_bases),
	KB_ROW(T, origin, NULL, KB_T_ORIGIN),
};
#undef T
const struct kb_desc kb_desc_fc_package =
	KB_DESC(struct kb_fc_package, FC_FIELDS, .what = "'compat' entry", .origin = KB_ORIGIN_ROW,
		.done = fc_package_done, .file = "drivers.yaml", .list = "compat", .cmp = fc_package_cmp,
		.flags = KB_D_CLEAN | KB_D_NULL);

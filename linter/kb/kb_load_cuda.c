/*
 * kb_load_cuda: cuda.yaml — toolkit releases with their driver floors, the
 * minor-version-compatibility floors per major, and which toolkits target each compute
 * capability (architecture names are resolved against gpus.yaml in kb_loader_done).
 * The plain fields are the descriptor rows below; the code is what they cannot say.
 */
#include "kb/kb_internal.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"

/* ------------------------------------------------------------------------- */
/* releases */

/* `text` keeps the version as written ("12.4.0"), for messages. */
static bool cuda_text(struct kb_row *r, yaml_node_t *node)
{
	struct kb_cuda *c = r->row;
	kb_doc_str(r->doc, node, "version", &c->text);
	return true;
}

static int cuda_cmp(const void *a, const void *b)
{
	const struct kb_cuda *x = a, *y = b;
	return version_cmp(&x->version, &y->version);
}

static bool cuda_done(struct kb_row *r)
{
	const struct kb_cuda *c = r->row, *first = kb_row_earlier(r, cuda_cmp);
	if (first)
		kb_doc_error(r->doc, kb_row_node(r, "version"),
			     "duplicate CUDA release '%s' (first at line %u)", c->text, first->origin.line);
	return !first;
}

#define T struct kb_cuda
static const struct kb_field CUDA_FIELDS[] = {
	KB_ROW(T, version, "version", KB_T_VERSION, .vkind = KB_V_CUDA3, .flags = KB_F_REQUIRED | KB_F_KEY,
	       .hook = cuda_text),
	KB_ROW(T, text, NULL, KB_T_STR),
	KB_ROW(T, label, "label", KB_T_STR),
	KB_ROW(T, released, "released", KB_T_DATE),
	KB_ROW(T, has_driver, NULL, KB_T_BOOL, .arr = 2),
	KB_ROW(T, driver, NULL, KB_T_VERSION, .arr = 2),
	KB_ROW(T, driver_branch, "driver_branch", KB_T_UINT),
	/* When only a branch is published the full-feature floor may be missing. */
	KB_KEY("driver", KB_T_DRIVERS, .off = offsetof(T, driver), .has_off = offsetof(T, has_driver),
	       .unless = "driver_branch"),
	KB_ROW(T, has_ptx, NULL, KB_T_BOOL),
	KB_ROW(T, ptx, "ptx", KB_T_VERSION, .vkind = KB_V_DOTTED, .flags = KB_F_HAS,
	       .has_off = offsetof(T, has_ptx)),
	KB_ROW(T, origin, NULL, KB_T_ORIGIN),
};
#undef T
const struct kb_desc kb_desc_cuda =
	KB_DESC(struct kb_cuda, CUDA_FIELDS, .what = "'releases' entry", .origin = KB_ORIGIN_ROW,
		.done = cuda_done, .file = "cuda.yaml", .list = "releases", .cmp = cuda_cmp);

/* ------------------------------------------------------------------------- */
/* minor_compat */

static int compat_cmp(const void *a, const void *b)
{
	const struct kb_minor_compat *x = a, *y = b;
	return (x->major > y->major) - (x->major < y->major);
}

static bool compat_done(struct kb_row *r)
{
	const struct kb_minor_compat *m = r->row, *first = kb_row_earlier(r, compat_cmp);
	if (first)
		kb_doc_error(r->doc, kb_row_node(r, "major"), "duplicate minor_compat major '%u'", m->major);
	return !first;
}

#define T struct kb_minor_compat
static const struct kb_field COMPAT_FIELDS[] = {
	KB_ROW(T, major, "major", KB_T_UINT, .flags = KB_F_REQUIRED | KB_F_KEY),
	KB_ROW(T, has_driver, NULL, KB_T_BOOL, .arr = 2),
	KB_ROW(T, driver, NULL, KB_T_VERSION, .arr = 2),
	KB_KEY("driver", KB_T_DRIVERS, .flags = KB_F_REQUIRED, .off = offsetof(T, driver),
	       .has_off = offsetof(T, has_driver)),
	KB_ROW(T, origin, NULL, KB_T_ORIGIN),
};
#undef T
const struct kb_desc kb_desc_minor_compat = KB_DESC(
	struct kb_minor_compat, COMPAT_FIELDS, .what = "'minor_compat' entry", .origin = KB_ORIGIN_ROW,
	.done = compat_done, .file = "cuda.yaml", .list = "minor_compat", .cmp = compat_cmp);

/* ------------------------------------------------------------------------- */
/* architectures */

static int cc_cmp(const void *a, const void *b)
{
	const struct kb_cc *x = a, *y = b;
	return version_cmp(&x->cc, &y->cc);
}

static bool cc_done(struct kb_row *r)
{
	const struct kb_cc *c = r->row;
	if (c->has_last && version_cmp(&c->first, &c->last) > 0)
		kb_doc_error(r->doc, kb_row_node(r, "last"), "'last' is before 'first'");
	const struct kb_cc *first = kb_row_earlier(r, cc_cmp);
	if (first) {
		kb_doc_error(r->doc, kb_row_node(r, "cc"), "duplicate architecture cc (first at line %u)",
			     first->origin.line);
		return false;
	}
	/* Only a row that joins the table may be named by its index. */
	kb_loader_arch_ref(r, kb_row_node(r, "name"), c->arch, "arch");
	return true;
}

#define T struct kb_cc
static const struct kb_field CC_FIELDS[] = {
	KB_ROW(T, cc, "cc", KB_T_VERSION, .vkind = KB_V_CC, .flags = KB_F_REQUIRED | KB_F_KEY),
	KB_ROW(T, arch, "name", KB_T_STR, .flags = KB_F_REQUIRED | KB_F_KEY),
	KB_ROW(T, first, "first", KB_T_VERSION, .vkind = KB_V_CUDA2, .flags = KB_F_REQUIRED),
	KB_ROW(T, has_last, NULL, KB_T_BOOL),
	KB_ROW(T, last, "last", KB_T_VERSION, .vkind = KB_V_CUDA2, .flags = KB_F_HAS,
	       .has_off = offsetof(T, has_last)),
	KB_ROW(T, has_deprecated, NULL, KB_T_BOOL),
	KB_ROW(T, deprecated, "deprecated", KB_T_VERSION, .vkind = KB_V_CUDA2, .flags = KB_F_HAS,
	       .has_off = offsetof(T, has_deprecated)),
	KB_ROW(T, has_renamed_to, NULL, KB_T_BOOL),
	KB_ROW(T, renamed_to, "renamed_to", KB_T_VERSION, .vkind = KB_V_CC, .flags = KB_F_HAS,
	       .has_off = offsetof(T, has_renamed_to)),
	KB_ROW(T, origin, NULL, KB_T_ORIGIN),
};
#undef T
const struct kb_desc kb_desc_cc = KB_DESC(struct kb_cc, CC_FIELDS, .what = "'architectures' entry",
					  .origin = KB_ORIGIN_ROW, .done = cc_done, .file = "cuda.yaml",
					  .list = "architectures", .cmp = cc_cmp, .flags = KB_D_LATE);

/*
 * kb_load_cudnn: cudnn.yaml — cuDNN releases with the CUDA builds and compute
 * capabilities they support, and the pip / conda package names.
 * The plain fields are the descriptor rows below; the code is what they cannot say.
 */
#include "kb/kb_internal.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"

/* ------------------------------------------------------------------------- */
/* releases */

/* A build's CUDA range is optional but comes whole, inside the build's CUDA major. */
static bool build_range(struct kb_row *r)
{
	struct kb_cudnn_build *b = r->row;
	yaml_node_t *min = kb_row_node(r, "min"), *max = kb_row_node(r, "max");
	if (!min != !max) {
		kb_doc_missing(r->doc, r->entry, r->desc->what, min ? "max" : "min");
		return true;
	}
	if (!min)
		return true;
	b->has_range = kb_doc_version(r->doc, min, "min", KB_V_CUDA2, &b->min) &&
		       kb_doc_version(r->doc, max, "max", KB_V_CUDA2, &b->max);
	if (b->has_range && (b->min.release[0] != b->major || b->max.release[0] != b->major))
		kb_doc_error(r->doc, r->entry, "build range is not within CUDA major %u", b->major);
	return true;
}

#define T struct kb_cudnn_build
static const struct kb_field BUILD_FIELDS[] = {
	KB_ROW(T, major, "major", KB_T_UINT, .flags = KB_F_REQUIRED),
	KB_ROW(T, has_range, NULL, KB_T_BOOL),
	KB_ROW(T, min, "min", KB_T_VERSION, .flags = KB_F_HOOK),
	KB_ROW(T, max, "max", KB_T_VERSION, .flags = KB_F_HOOK),
};
#undef T
static const struct kb_desc BUILD_DESC = KB_DESC(struct kb_cudnn_build, BUILD_FIELDS, .what = "'builds' item",
						 .origin = KB_ORIGIN_NONE, .done = build_range);

/* A fourth component (8.9.2.26) does not make another release. */
static int cudnn_same(const void *a, const void *b)
{
	const struct kb_cudnn *x = a, *y = b;
	return version_cmp_prefix(&x->version, &y->version, 3);
}

static bool cudnn_done(struct kb_row *r)
{
	const struct kb_cudnn *first = kb_row_earlier(r, cudnn_same);
	if (first)
		kb_doc_error(r->doc, kb_row_node(r, "version"), "duplicate cuDNN release (first at line %u)",
			     first->origin.line);
	return !first;
}

static int cudnn_cmp(const void *a, const void *b)
{
	const struct kb_cudnn *x = a, *y = b;
	return version_cmp(&x->version, &y->version);
}

#define T struct kb_cudnn
static const struct kb_field CUDNN_FIELDS[] = {
	KB_ROW(T, version, "version", KB_T_VERSION, .vkind = KB_V_DOTTED, .flags = KB_F_REQUIRED | KB_F_KEY),
	KB_LIST(T, builds, nbuilds, "builds", KB_T_TABLE, .sub = &BUILD_DESC),
	KB_ROW(T, has_cc, NULL, KB_T_BOOL),
	KB_ROW(T, cc_min, NULL, KB_T_VERSION),
	KB_ROW(T, cc_max, NULL, KB_T_VERSION),
	KB_KEY("cc", KB_T_RANGE, .vkind = KB_V_CC, .off = offsetof(T, cc_min), .off2 = offsetof(T, cc_max),
	       .has_off = offsetof(T, has_cc)),
	KB_ROW(T, origin, NULL, KB_T_ORIGIN),
};
#undef T
const struct kb_desc kb_desc_cudnn =
	KB_DESC(struct kb_cudnn, CUDNN_FIELDS, .what = "'releases' entry", .origin = KB_ORIGIN_ROW,
		.done = cudnn_done, .file = "cudnn.yaml", .list = "releases", .cmp = cudnn_cmp);

/* ------------------------------------------------------------------------- */
/* packages */

static const char *const ECOSYSTEMS[] = { "conda", "pip", NULL };

static int package_same(const void *a, const void *b)
{
	const struct kb_cudnn_package *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : strcmp(x->ecosystem, y->ecosystem);
}

static bool package_done(struct kb_row *r)
{
	const struct kb_cudnn_package *p = r->row, *first = kb_row_earlier(r, package_same);
	if (first)
		kb_doc_error(r->doc, kb_row_node(r, "name"), "duplicate cuDNN package '%s'", p->name);
	return !first;
}

#define T struct kb_cudnn_package
static const struct kb_field PACKAGE_FIELDS[] = {
	KB_ROW(T, name, "name", KB_T_STR, .flags = KB_F_REQUIRED | KB_F_KEY),
	KB_ROW(T, ecosystem, "ecosystem", KB_T_ENUM, .names = ECOSYSTEMS, .flags = KB_F_REQUIRED | KB_F_KEY),
	KB_ROW(T, cuda_major, "cuda_major", KB_T_UINT),
	KB_ROW(T, origin, NULL, KB_T_ORIGIN),
};
#undef T
const struct kb_desc kb_desc_cudnn_package =
	KB_DESC(struct kb_cudnn_package, PACKAGE_FIELDS, .what = "'packages' entry", .origin = KB_ORIGIN_ROW,
		.done = package_done, .file = "cudnn.yaml", .list = "packages");

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
static const struct kb_desc BUILD_DESC =
	KB_DESC(struct kb_cudnn_build, "'builds' item", KB_ORIGIN_NONE, build_range, BUILD_FIELDS);

#define T struct kb_cudnn
static const struct kb_field CUDNN_FIELDS[] = {
	KB_ROW(T, version, "version", KB_T_VERSION, .vkind = KB_V_DOTTED,
	       .flags = KB_F_REQUIRED | KB_F_KEY),
	KB_LIST(T, builds, nbuilds, "builds", KB_T_TABLE, .sub = &BUILD_DESC),
	KB_ROW(T, has_cc, NULL, KB_T_BOOL),
	KB_ROW(T, cc_min, NULL, KB_T_VERSION),
	KB_ROW(T, cc_max, NULL, KB_T_VERSION),
	KB_KEY("cc", KB_T_RANGE, .vkind = KB_V_CC, .off = offsetof(T, cc_min),
	       .off2 = offsetof(T, cc_max), .has_off = offsetof(T, has_cc)),
	KB_ROW(T, origin, NULL, KB_T_ORIGIN),
};
#undef T
const struct kb_desc kb_desc_cudnn =
	KB_DESC(struct kb_cudnn, "'releases' entry", KB_ORIGIN_ROW, NULL, CUDNN_FIELDS);

static void cudnn_release(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *e,
			  const char *what)
{
	struct kb_cudnn c;
	struct kb_row r = { .loader = self, .doc = doc, .desc = &kb_desc_cudnn, .entry = e, .row = &c };
	(void)what;
	if (kb_row_load(&r) == KB_ROW_DROP)
		return;
	for (size_t i = 0; i < self->cudnn.nr; i++)
		if (!version_cmp_prefix(&self->cudnn.items[i].version, &c.version, 3)) {
			kb_doc_error(doc, kb_row_node(&r, "version"),
				     "duplicate cuDNN release (first at line %u)",
				     self->cudnn.items[i].origin.line);
			return;
		}
	vec_push(&self->cudnn, c);
}

/* ------------------------------------------------------------------------- */
/* packages */

static const char *const ECOSYSTEMS[] = { "conda", "pip", NULL };

#define T struct kb_cudnn_package
static const struct kb_field PACKAGE_FIELDS[] = {
	KB_ROW(T, name, "name", KB_T_STR, .flags = KB_F_REQUIRED | KB_F_KEY),
	KB_ROW(T, ecosystem, "ecosystem", KB_T_ENUM, .names = ECOSYSTEMS,
	       .flags = KB_F_REQUIRED | KB_F_KEY),
	KB_ROW(T, cuda_major, "cuda_major", KB_T_UINT),
	KB_ROW(T, origin, NULL, KB_T_ORIGIN),
};
#undef T
const struct kb_desc kb_desc_cudnn_package =
	KB_DESC(struct kb_cudnn_package, "'packages' entry", KB_ORIGIN_ROW, NULL, PACKAGE_FIELDS);

static void cudnn_package(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *e,
			  const char *what)
{
	struct kb_cudnn_package p;
	struct kb_row r = { .loader = self, .doc = doc, .desc = &kb_desc_cudnn_package, .entry = e,
			    .row = &p };
	(void)what;
	if (kb_row_load(&r) == KB_ROW_DROP)
		return;
	for (size_t i = 0; i < self->cudnn_pkgs.nr; i++)
		if (!strcmp(self->cudnn_pkgs.items[i].name, p.name) &&
		    !strcmp(self->cudnn_pkgs.items[i].ecosystem, p.ecosystem)) {
			kb_doc_error(doc, kb_row_node(&r, "name"), "duplicate cuDNN package '%s'", p.name);
			return;
		}
	vec_push(&self->cudnn_pkgs, p);
}

void kb_load_cudnn(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *root)
{
	static const char *const keys[] = { "releases", "packages", NULL };
	yaml_node_t *f[2];
	if (!kb_doc_fields(doc, root, "cudnn.yaml", keys, f))
		return;
	kb_load_table(self, doc, f[0], "'releases' entry", cudnn_release);
	kb_load_table(self, doc, f[1], "'packages' entry", cudnn_package);
}

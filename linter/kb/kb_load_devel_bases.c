/*
 * kb_load_devel_bases.c: images.yaml `pytorch_devel_bases`, the nvidia/cuda devel image
 * each PyTorch release's `-devel` Docker tags were built FROM (docker.Makefile BASE_DEVEL),
 * as the tag OSes it may have been. The CUDA X.Y is the tag's own; the rule that reads a
 * row judges the image through every `cuda_images` row of that X.Y on those OSes.
 */
#include "kb/kb_internal.h"

#include <string.h>

/* By release: the query walks them in order. */
static int devel_base_cmp(const void *a, const void *b)
{
	const struct kb_devel_base *x = a, *y = b;
	return version_cmp(&x->torch, &y->torch);
}

static bool devel_base_os(struct kb_row *r, yaml_node_t *node)
{
	const struct kb_devel_base *d = r->row;
	if (d->os && d->os[0])
		return true;
	kb_doc_error(r->doc, node, "'os' lists no tag OS");
	return false;
}

static bool devel_base_done(struct kb_row *r)
{
	const struct kb_devel_base *d = r->row;
	if (!kb_row_clean(r) || !kb_row_earlier(r, devel_base_cmp))
		return true;
	char v[KB_VERSION_TEXT_MAX];
	version_format(&d->torch, v, sizeof(v));
	kb_doc_error(r->doc, r->entry, "duplicate pytorch_devel_bases entry for torch %s", v);
	return false;
}

#define T struct kb_devel_base
static const struct kb_field DEVEL_BASE_FIELDS[] = {
	KB_ROW(T, torch, "torch", KB_T_VERSION, .vkind = KB_V_DOTTED, .flags = KB_F_REQUIRED | KB_F_KEY),
	KB_ROW(T, os, "os", KB_T_STRS, .flags = KB_F_REQUIRED, .hook = devel_base_os),
	KB_ROW(T, origin, NULL, KB_T_ORIGIN),
};
#undef T
const struct kb_desc kb_desc_devel_base =
	KB_DESC(struct kb_devel_base, DEVEL_BASE_FIELDS, .what = "'pytorch_devel_bases' entry",
		.origin = KB_ORIGIN_ROW, .done = devel_base_done, .file = "images.yaml",
		.list = "pytorch_devel_bases", .cmp = devel_base_cmp, .flags = KB_D_CLEAN | KB_D_NULL);

/*
 * kb_load_image_tags.c: images.yaml `cuda_image_tags`, the nvidia/cuda tags NVIDIA lists as
 * supported (doc/supported-tags.md of its container-images repository): per tag OS and
 * image version, the middle of each tag. A fix that moves a FROM line to another
 * nvidia/cuda version names only a tag this table lists.
 */
#include "kb/kb_internal.h"

#include <string.h>

/* The middle of a tag: letters, digits and '-', as between <version>- and -<os>
 * ("cudnn8-runtime", "base"); anything else is a typo that would make a tag nobody can
 * pull. */
static bool middle_ok(const char *s)
{
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return false;
	return *s && *s != '-' && s[strlen(s) - 1] != '-';
}

static bool image_tags_tags(struct kb_row *r, yaml_node_t *node)
{
	const struct kb_cuda_image_tags *t = r->row;
	bool ok = true;
	for (const char *const *m = t->tags; m && *m; m++) {
		bool dup = false;
		for (const char *const *k = t->tags; k < m && !dup; k++)
			dup = !strcmp(*k, *m);
		if (!middle_ok(*m)) {
			kb_doc_error(r->doc, node,
				     "invalid tag middle '%s' (the part between version and OS)", *m);
			ok = false;
		} else if (dup) {
			kb_doc_error(r->doc, node, "duplicate tag middle '%s'", *m);
			ok = false;
		}
	}
	return ok;
}

/* By OS, then image version: the order the fix walks (newest last). */
static int image_tags_cmp(const void *a, const void *b)
{
	const struct kb_cuda_image_tags *x = a, *y = b;
	int c = strcmp(x->os, y->os);
	return c ? c : version_cmp(&x->image, &y->image);
}

static bool image_tags_done(struct kb_row *r)
{
	const struct kb_cuda_image_tags *t = r->row;
	if (!kb_row_clean(r) || !kb_row_earlier(r, image_tags_cmp))
		return true;
	char v[KB_VERSION_TEXT_MAX];
	version_format(&t->image, v, sizeof(v));
	kb_doc_error(r->doc, r->entry, "duplicate cuda_image_tags entry for image %s on %s", v, t->os);
	return false;
}

#define T struct kb_cuda_image_tags
static const struct kb_field IMAGE_TAGS_FIELDS[] = {
	KB_ROW(T, os, "os", KB_T_STR, .flags = KB_F_REQUIRED | KB_F_KEY),
	KB_ROW(T, image, "image", KB_T_VERSION, .vkind = KB_V_CUDA3, .flags = KB_F_REQUIRED | KB_F_KEY),
	KB_ROW(T, tags, "tags", KB_T_STRS, .flags = KB_F_REQUIRED, .hook = image_tags_tags),
	KB_ROW(T, origin, NULL, KB_T_ORIGIN),
};
#undef T
const struct kb_desc kb_desc_cuda_image_tags =
	KB_DESC(struct kb_cuda_image_tags, IMAGE_TAGS_FIELDS, .what = "'cuda_image_tags' entry",
		.origin = KB_ORIGIN_ROW, .done = image_tags_done, .file = "images.yaml",
		.list = "cuda_image_tags", .cmp = image_tags_cmp, .flags = KB_D_CLEAN | KB_D_NULL);

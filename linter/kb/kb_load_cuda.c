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

#define T struct kb_cuda
static const struct kb_field CUDA_FIELDS[] = {
	KB_ROW(T, version, "version", KB_T_VERSION, .vkind = KB_V_CUDA3,
	       .flags = KB_F_REQUIRED | KB_F_KEY, .hook = cuda_text),
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
	KB_DESC(struct kb_cuda, "'releases' entry", KB_ORIGIN_ROW, NULL, CUDA_FIELDS);

static void cuda_release(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *e,
			 const char *what)
{
	struct kb_cuda c;
	struct kb_row r = { .loader = self, .doc = doc, .desc = &kb_desc_cuda, .entry = e, .row = &c };
	(void)what;
	if (kb_row_load(&r) == KB_ROW_DROP)
		return;
	for (size_t i = 0; i < self->cuda.nr; i++)
		if (!version_cmp(&self->cuda.items[i].version, &c.version)) {
			kb_doc_error(doc, kb_row_node(&r, "version"),
				     "duplicate CUDA release '%s' (first at line %u)", c.text,
				     self->cuda.items[i].origin.line);
			return;
		}
	vec_push(&self->cuda, c);
}

/* ------------------------------------------------------------------------- */
/* minor_compat */

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
const struct kb_desc kb_desc_minor_compat =
	KB_DESC(struct kb_minor_compat, "'minor_compat' entry", KB_ORIGIN_ROW, NULL, COMPAT_FIELDS);

static void cuda_minor_compat(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *e,
			      const char *what)
{
	struct kb_minor_compat m;
	struct kb_row r = { .loader = self, .doc = doc, .desc = &kb_desc_minor_compat, .entry = e,
			    .row = &m };
	(void)what;
	if (kb_row_load(&r) == KB_ROW_DROP)
		return;
	for (size_t i = 0; i < self->compat.nr; i++)
		if (self->compat.items[i].major == m.major) {
			kb_doc_error(doc, kb_row_node(&r, "major"), "duplicate minor_compat major '%u'",
				     m.major);
			return;
		}
	vec_push(&self->compat, m);
}

/* ------------------------------------------------------------------------- */
/* architectures */

static bool cc_done(struct kb_row *r)
{
	const struct kb_cc *c = r->row;
	if (c->has_last && version_cmp(&c->first, &c->last) > 0)
		kb_doc_error(r->doc, kb_row_node(r, "last"), "'last' is before 'first'");
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
const struct kb_desc kb_desc_cc =
	KB_DESC(struct kb_cc, "'architectures' entry", KB_ORIGIN_ROW, cc_done, CC_FIELDS);

static void cuda_arch(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *e, const char *what)
{
	struct kb_cc c;
	struct kb_row r = { .loader = self, .doc = doc, .desc = &kb_desc_cc, .entry = e, .row = &c };
	(void)what;
	if (kb_row_load(&r) == KB_ROW_DROP)
		return;
	for (size_t i = 0; i < self->ccs.nr; i++)
		if (!version_cmp(&self->ccs.items[i].cc, &c.cc)) {
			kb_doc_error(doc, kb_row_node(&r, "cc"), "duplicate architecture cc (first at line %u)",
				     self->ccs.items[i].origin.line);
			return;
		}
	/* Only a row that goes into the table may be pointed at by its index. */
	kb_loader_arch_ref(self, doc, kb_row_node(&r, "name"), c.arch, false, self->ccs.nr);
	vec_push(&self->ccs, c);
}

void kb_load_cuda(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *root)
{
	static const char *const keys[] = { "releases", "minor_compat", "architectures", NULL };
	yaml_node_t *f[3];
	if (!kb_doc_fields(doc, root, "cuda.yaml", keys, f))
		return;
	kb_load_table(self, doc, f[0], "'releases' entry", cuda_release);
	kb_load_table(self, doc, f[1], "'minor_compat' entry", cuda_minor_compat);
	kb_load_table(self, doc, f[2], "'architectures' entry", cuda_arch);
}

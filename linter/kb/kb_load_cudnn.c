/*
 * kb_load_cudnn: cudnn.yaml — cuDNN releases with the CUDA builds and compute
 * capabilities they support, and the pip / conda package names.
 */
#include "kb/kb_internal.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"

static void cudnn_builds(struct kb_doc *doc, yaml_node_t *node, struct kb_cudnn *c)
{
	static const char *const keys[] = { "major", "min", "max", NULL };
	yaml_node_t **items;
	size_t n = kb_doc_seq(doc, node, "builds", &items);
	struct kb_cudnn_build *b = arena_alloc(doc->arena, st_mult(n ? n : 1, sizeof(*b)));
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *f[3];
		if (!kb_doc_fields(doc, items[i], "'builds' item", keys, f))
			continue;
		if (!f[0]) {
			kb_doc_missing(doc, items[i], "'builds' item", "major");
			continue;
		}
		kb_doc_uint(doc, f[0], "major", &b[i].major);
		if (!f[1] != !f[2]) {
			kb_doc_missing(doc, items[i], "'builds' item", f[1] ? "max" : "min");
			continue;
		}
		if (f[1]) {
			b[i].has_range = kb_doc_version(doc, f[1], "min", KB_V_CUDA2, &b[i].min) &&
					 kb_doc_version(doc, f[2], "max", KB_V_CUDA2, &b[i].max);
			if (b[i].has_range && (b[i].min.release[0] != b[i].major ||
					       b[i].max.release[0] != b[i].major))
				kb_doc_error(doc, items[i], "build range is not within CUDA major %u",
					     b[i].major);
		}
	}
	c->builds = b;
	c->nbuilds = n;
}

static void cudnn_release(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *e,
			  const char *what)
{
	enum { VERSION, BUILDS, CC, SOURCE, STATUS, NOTE, N };
	static const char *const keys[] = { "version", "builds", "cc", KB_SHARED_KEYS, NULL };
	yaml_node_t *f[N];
	if (!kb_doc_fields(doc, e, what, keys, f))
		return;
	struct kb_cudnn c;
	memset(&c, 0, sizeof(c));
	kb_doc_origin(doc, e, what, f[SOURCE], f[STATUS], NULL, &c.origin);
	if (!f[VERSION]) {
		kb_doc_missing(doc, e, what, "version");
		return;
	}
	if (!kb_doc_version(doc, f[VERSION], "version", KB_V_DOTTED, &c.version))
		return;
	if (f[BUILDS])
		cudnn_builds(doc, f[BUILDS], &c);
	if (f[CC])
		c.has_cc = kb_load_range(doc, f[CC], "cc", KB_V_CC, &c.cc_min, &c.cc_max);
	for (size_t i = 0; i < self->cudnn.nr; i++)
		if (!version_cmp_prefix(&self->cudnn.items[i].version, &c.version, 3)) {
			kb_doc_error(doc, f[VERSION], "duplicate cuDNN release (first at line %u)",
				     self->cudnn.items[i].origin.line);
			return;
		}
	vec_push(&self->cudnn, c);
}

static void cudnn_package(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *e,
			  const char *what)
{
	enum { NAME, ECOSYSTEM, MAJOR, SOURCE, STATUS, NOTE, N };
	static const char *const keys[] = { "name", "ecosystem", "cuda_major", KB_SHARED_KEYS, NULL };
	static const char *const ecos[] = { "conda", "pip", NULL };
	yaml_node_t *f[N];
	if (!kb_doc_fields(doc, e, what, keys, f))
		return;
	struct kb_cudnn_package p;
	memset(&p, 0, sizeof(p));
	kb_doc_origin(doc, e, what, f[SOURCE], f[STATUS], NULL, &p.origin);
	if (!f[NAME] || !f[ECOSYSTEM]) {
		kb_doc_missing(doc, e, what, f[NAME] ? "ecosystem" : "name");
		return;
	}
	if (!kb_doc_str(doc, f[NAME], "name", &p.name) ||
	    !kb_load_str_in(doc, f[ECOSYSTEM], "ecosystem", ecos, &p.ecosystem))
		return;
	if (f[MAJOR])
		kb_doc_uint(doc, f[MAJOR], "cuda_major", &p.cuda_major);
	for (size_t i = 0; i < self->cudnn_pkgs.nr; i++)
		if (!strcmp(self->cudnn_pkgs.items[i].name, p.name) &&
		    !strcmp(self->cudnn_pkgs.items[i].ecosystem, p.ecosystem)) {
			kb_doc_error(doc, f[NAME], "duplicate cuDNN package '%s'", p.name);
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

/*
 * kb_load_cuda: cuda.yaml — toolkit releases with their driver floors, the
 * minor-version-compatibility floors per major, and which toolkits target each compute
 * capability (architecture names are resolved against gpus.yaml in kb_loader_done).
 */
#include "kb/kb_internal.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"

static void cuda_release(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *e,
			 const char *what)
{
	enum { VERSION, LABEL, RELEASED, DRIVER, BRANCH, PTX, SOURCE, STATUS, NOTE, N };
	static const char *const keys[] = { "version", "label", "released", "driver",
					    "driver_branch", "ptx", KB_SHARED_KEYS, NULL };
	yaml_node_t *f[N];
	if (!kb_doc_fields(doc, e, what, keys, f))
		return;
	struct kb_cuda c;
	memset(&c, 0, sizeof(c));
	kb_doc_origin(doc, e, what, f[SOURCE], f[STATUS], NULL, &c.origin);
	if (!f[VERSION]) {
		kb_doc_missing(doc, e, what, "version");
		return;
	}
	if (!kb_doc_version(doc, f[VERSION], "version", KB_V_CUDA3, &c.version))
		return;
	kb_doc_str(doc, f[VERSION], "version", &c.text);
	if (f[LABEL])
		kb_doc_str(doc, f[LABEL], "label", &c.label);
	if (f[RELEASED])
		kb_doc_date(doc, f[RELEASED], "released", &c.released);
	if (f[BRANCH])
		kb_doc_uint(doc, f[BRANCH], "driver_branch", &c.driver_branch);
	if (f[DRIVER])
		kb_load_driver_pair(doc, f[DRIVER], !f[BRANCH], c.has_driver, c.driver);
	else if (!f[BRANCH])
		kb_doc_missing(doc, e, what, "driver");
	if (f[PTX])
		c.has_ptx = kb_doc_version(doc, f[PTX], "ptx", KB_V_DOTTED, &c.ptx);
	for (size_t i = 0; i < self->cuda.nr; i++)
		if (!version_cmp(&self->cuda.items[i].version, &c.version)) {
			kb_doc_error(doc, f[VERSION], "duplicate CUDA release '%s' (first at line %u)",
				     c.text, self->cuda.items[i].origin.line);
			return;
		}
	vec_push(&self->cuda, c);
}

static void cuda_minor_compat(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *e,
			      const char *what)
{
	enum { MAJOR, DRIVER, SOURCE, STATUS, NOTE, N };
	static const char *const keys[] = { "major", "driver", KB_SHARED_KEYS, NULL };
	yaml_node_t *f[N];
	if (!kb_doc_fields(doc, e, what, keys, f))
		return;
	struct kb_minor_compat m;
	memset(&m, 0, sizeof(m));
	kb_doc_origin(doc, e, what, f[SOURCE], f[STATUS], NULL, &m.origin);
	if (!f[MAJOR] || !f[DRIVER]) {
		kb_doc_missing(doc, e, what, f[MAJOR] ? "driver" : "major");
		return;
	}
	if (!kb_doc_uint(doc, f[MAJOR], "major", &m.major))
		return;
	kb_load_driver_pair(doc, f[DRIVER], true, m.has_driver, m.driver);
	for (size_t i = 0; i < self->compat.nr; i++)
		if (self->compat.items[i].major == m.major) {
			kb_doc_error(doc, f[MAJOR], "duplicate minor_compat major '%u'", m.major);
			return;
		}
	vec_push(&self->compat, m);
}


static void cuda_arch(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *e, const char *what)
{
	enum { CC, NAME, FIRST, LAST, DEPRECATED, RENAMED, SOURCE, STATUS, NOTE, N };
	static const char *const keys[] = { "cc", "name", "first", "last", "deprecated",
					    "renamed_to", KB_SHARED_KEYS, NULL };
	yaml_node_t *f[N];
	if (!kb_doc_fields(doc, e, what, keys, f))
		return;
	struct kb_cc c;
	memset(&c, 0, sizeof(c));
	kb_doc_origin(doc, e, what, f[SOURCE], f[STATUS], NULL, &c.origin);
	for (int k = CC; k <= FIRST; k++)
		if (!f[k]) {
			kb_doc_missing(doc, e, what, keys[k]);
			return;
		}
	if (!kb_doc_version(doc, f[CC], "cc", KB_V_CC, &c.cc) ||
	    !kb_doc_str(doc, f[NAME], "name", &c.arch))
		return;
	kb_doc_version(doc, f[FIRST], "first", KB_V_CUDA2, &c.first);
	if (f[LAST])
		c.has_last = kb_doc_version(doc, f[LAST], "last", KB_V_CUDA2, &c.last);
	if (f[DEPRECATED])
		c.has_deprecated =
			kb_doc_version(doc, f[DEPRECATED], "deprecated", KB_V_CUDA2, &c.deprecated);
	if (f[RENAMED])
		c.has_renamed_to = kb_doc_version(doc, f[RENAMED], "renamed_to", KB_V_CC, &c.renamed_to);
	if (c.has_last && version_cmp(&c.first, &c.last) > 0)
		kb_doc_error(doc, f[LAST], "'last' is before 'first'");
	for (size_t i = 0; i < self->ccs.nr; i++)
		if (!version_cmp(&self->ccs.items[i].cc, &c.cc)) {
			kb_doc_error(doc, f[CC], "duplicate architecture cc (first at line %u)",
				     self->ccs.items[i].origin.line);
			return;
		}
	kb_loader_arch_ref(self, doc, f[NAME], c.arch, false, self->ccs.nr);
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

/*
 * kb_load_pytorch: pytorch.yaml — release lines with their patches, Python range,
 * wheel variants (CUDA, cuDNN, SASS / PTX lists), companions, conda channel facts and
 * image tags. Variants and companions are checked against the release's own patches.
 */
#include "kb/kb_internal.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"

/* cuXYZ | cpu | rocmX.Y[.Z] | xpu */
static bool variant_name_ok(const char *name)
{
	if (!strcmp(name, "cpu") || !strcmp(name, "xpu"))
		return true;
	const char *digits = NULL;
	if (!strncmp(name, "cu", 2) && strncmp(name, "cuda", 4))
		digits = name + 2;
	else if (!strncmp(name, "rocm", 4))
		digits = name + 4;
	if (!digits || !*digits)
		return false;
	bool dotted = strchr(digits, '.') != NULL;
	for (const char *p = digits; *p; p++)
		if (!((*p >= '0' && *p <= '9') || *p == '.'))
			return false;
	return digits == name + 2 ? !dotted : dotted;
}

static void torch_variant(struct kb_doc *doc, yaml_node_t *e, const struct kb_torch_release *rel,
			  struct kb_torch_variant *v)
{
	enum { NAME, CUDA, CUDNN, SASS, PTX, PATCHES, SOURCE, STATUS, NOTE, N };
	static const char *const keys[] = { "name", "cuda", "cudnn", "sass", "ptx", "patches",
					    KB_SHARED_KEYS, NULL };
	const char *what = "'variants' entry";
	yaml_node_t *f[N];
	memset(v, 0, sizeof(*v));
	if (!kb_doc_fields(doc, e, what, keys, f))
		return;
	kb_doc_origin(doc, e, what, f[SOURCE], f[STATUS], NULL, &v->origin);
	if (!f[NAME]) {
		kb_doc_missing(doc, e, what, "name");
		return;
	}
	if (!kb_doc_str(doc, f[NAME], "name", &v->name))
		return;
	if (!variant_name_ok(v->name))
		kb_doc_error(doc, f[NAME], "invalid variant name '%s' (cuXYZ, cpu, rocmX.Y or xpu)",
			     v->name);
	bool is_cu = !strncmp(v->name, "cu", 2);
	if (f[CUDA])
		v->has_cuda = kb_doc_version(doc, f[CUDA], "cuda", KB_V_CUDA2, &v->cuda);
	else if (is_cu)
		kb_doc_missing(doc, e, what, "cuda");
	if (v->has_cuda && is_cu) {
		struct version tag;
		if (version_parse_cuda(&tag, v->name, strlen(v->name)) &&
		    version_cmp_prefix(&tag, &v->cuda, 2))
			kb_doc_error(doc, f[CUDA], "'cuda' does not match variant '%s'", v->name);
	}
	if (f[CUDNN])
		v->has_cudnn = kb_doc_version(doc, f[CUDNN], "cudnn", KB_V_DOTTED, &v->cudnn);
	if (f[SASS])
		kb_doc_versions(doc, f[SASS], "sass", KB_V_CC, &v->sass, &v->nsass);
	if (f[PTX]) {
		v->ptx_known = true;
		kb_doc_versions(doc, f[PTX], "ptx", KB_V_CC, &v->ptx, &v->nptx);
	}
	if (f[PATCHES] &&
	    kb_doc_versions(doc, f[PATCHES], "patches", KB_V_PEP440, &v->patches, &v->npatches)) {
		for (size_t i = 0; i < v->npatches; i++)
			if (!kb_versions_has(rel->patches, rel->npatches, &v->patches[i]))
				kb_doc_error(doc, f[PATCHES], "variant patch is not in the release's 'patches'");
	}
}

static void torch_companion(struct kb_doc *doc, yaml_node_t *e, const struct kb_torch_release *rel,
			    struct kb_torch_companion *c)
{
	enum { TORCH, VISION, AUDIO, SOURCE, STATUS, NOTE, N };
	static const char *const keys[] = { "torch", "torchvision", "torchaudio", KB_SHARED_KEYS, NULL };
	const char *what = "'companions' entry";
	yaml_node_t *f[N];
	memset(c, 0, sizeof(*c));
	if (!kb_doc_fields(doc, e, what, keys, f))
		return;
	struct kb_origin origin;
	kb_doc_origin(doc, e, what, f[SOURCE], f[STATUS], &rel->origin, &origin);
	if (!f[TORCH]) {
		kb_doc_missing(doc, e, what, "torch");
		return;
	}
	if (kb_doc_version(doc, f[TORCH], "torch", KB_V_PEP440, &c->torch) &&
	    !kb_versions_has(rel->patches, rel->npatches, &c->torch))
		kb_doc_error(doc, f[TORCH], "companion torch is not in the release's 'patches'");
	if (f[VISION])
		c->has_torchvision =
			kb_doc_version(doc, f[VISION], "torchvision", KB_V_PEP440, &c->torchvision);
	if (f[AUDIO])
		c->has_torchaudio = kb_doc_version(doc, f[AUDIO], "torchaudio", KB_V_PEP440, &c->torchaudio);
}

static void torch_conda(struct kb_doc *doc, yaml_node_t *node, struct kb_torch_release *r)
{
	static const char *const keys[] = { "channel", "pytorch_cuda", "cudatoolkit", "note", NULL };
	yaml_node_t *f[4];
	if (!kb_doc_fields(doc, node, "'conda'", keys, f))
		return;
	if (!f[0])
		kb_doc_missing(doc, node, "'conda'", "channel");
	else
		kb_doc_bool(doc, f[0], "channel", &r->conda_channel);
	if (f[1])
		kb_doc_versions(doc, f[1], "pytorch_cuda", KB_V_CUDA2, &r->pytorch_cuda, &r->npytorch_cuda);
	if (f[2])
		kb_doc_versions(doc, f[2], "cudatoolkit", KB_V_CUDA2, &r->cudatoolkit, &r->ncudatoolkit);
}

/* `cuda_builds: {complete: true, source: ...}`: the claim that `variants` lists every CUDA
 * build of the release is a fact of its own (it lets STK301 say "never published"), so it
 * names the source that gives the whole build matrix. */
static void torch_cuda_builds(struct kb_doc *doc, yaml_node_t *node, struct kb_torch_release *r)
{
	static const char *const keys[] = { "complete", KB_SHARED_KEYS, NULL };
	yaml_node_t *f[4];
	struct kb_origin origin;
	if (!kb_doc_fields(doc, node, "'cuda_builds'", keys, f) ||
	    !kb_doc_origin(doc, node, "'cuda_builds'", f[1], f[2], NULL, &origin))
		return;
	if (!f[0])
		kb_doc_missing(doc, node, "'cuda_builds'", "complete");
	else if (kb_doc_bool(doc, f[0], "complete", &r->cuda_builds_complete))
		r->cuda_builds_source = origin.source;
}

static void torch_release(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *e,
			  const char *what)
{
	enum { VERSION, PATCHES, PYTHON, PYPI, VARIANTS, CUDA_BUILDS, COMPANIONS, CONDA, IMAGES,
	       SOURCE, STATUS, NOTE, N };
	static const char *const keys[] = { "version", "patches", "python", "pypi_default",
					    "variants", "cuda_builds", "companions", "conda",
					    "images", KB_SHARED_KEYS, NULL };
	yaml_node_t *f[N];
	if (!kb_doc_fields(doc, e, what, keys, f))
		return;
	struct kb_torch_release r;
	memset(&r, 0, sizeof(r));
	kb_doc_origin(doc, e, what, f[SOURCE], f[STATUS], NULL, &r.origin);
	if (!f[VERSION] || !f[PATCHES]) {
		kb_doc_missing(doc, e, what, f[VERSION] ? "patches" : "version");
		return;
	}
	if (!kb_doc_version(doc, f[VERSION], "version", KB_V_DOTTED, &r.line))
		return;
	if (r.line.nrelease != 2) {
		kb_doc_error(doc, f[VERSION], "torch release 'version' must be X.Y");
		return;
	}
	if (kb_doc_versions(doc, f[PATCHES], "patches", KB_V_PEP440, &r.patches, &r.npatches))
		for (size_t i = 0; i < r.npatches; i++)
			if (version_cmp_prefix(&r.patches[i], &r.line, 2))
				kb_doc_error(doc, f[PATCHES], "patch is not of release line");
	if (f[PYTHON])
		r.has_python = kb_load_range(doc, f[PYTHON], "python", KB_V_DOTTED, &r.python_min,
					  &r.python_max);
	if (f[VARIANTS]) {
		yaml_node_t **items;
		size_t n = kb_doc_seq(doc, f[VARIANTS], "variants", &items);
		struct kb_torch_variant *v = arena_alloc(doc->arena, st_mult(n ? n : 1, sizeof(*v)));
		for (size_t i = 0; i < n; i++) {
			torch_variant(doc, items[i], &r, &v[i]);
			for (size_t j = 0; j < i && v[i].name; j++)
				if (v[j].name && !strcmp(v[j].name, v[i].name))
					kb_doc_error(doc, items[i], "duplicate variant '%s'", v[i].name);
		}
		r.variants = v;
		r.nvariants = n;
	}
	if (f[PYPI] && kb_doc_str(doc, f[PYPI], "pypi_default", &r.pypi_default)) {
		bool found = false;
		for (size_t i = 0; i < r.nvariants; i++)
			found |= r.variants[i].name && !strcmp(r.variants[i].name, r.pypi_default);
		if (!found)
			kb_doc_error(doc, f[PYPI], "pypi_default '%s' is not a variant of the release",
				     r.pypi_default);
	}
	if (f[CUDA_BUILDS])
		torch_cuda_builds(doc, f[CUDA_BUILDS], &r);
	if (f[COMPANIONS]) {
		yaml_node_t **items;
		size_t n = kb_doc_seq(doc, f[COMPANIONS], "companions", &items);
		struct kb_torch_companion *c = arena_alloc(doc->arena, st_mult(n ? n : 1, sizeof(*c)));
		for (size_t i = 0; i < n; i++)
			torch_companion(doc, items[i], &r, &c[i]);
		r.companions = c;
		r.ncompanions = n;
	}
	if (f[CONDA])
		torch_conda(doc, f[CONDA], &r);
	if (f[IMAGES])
		kb_doc_strs(doc, f[IMAGES], "images", &r.images, NULL);
	else {
		static const char *const none[] = { NULL };
		r.images = none;
	}
	for (size_t i = 0; i < self->torch.nr; i++)
		if (!version_cmp(&self->torch.items[i].line, &r.line)) {
			kb_doc_error(doc, f[VERSION], "duplicate torch release line (first at line %u)",
				     self->torch.items[i].origin.line);
			return;
		}
	vec_push(&self->torch, r);
}

void kb_load_pytorch(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *root)
{
	static const char *const keys[] = { "releases", NULL };
	yaml_node_t *f[1];
	if (!kb_doc_fields(doc, root, "pytorch.yaml", keys, f))
		return;
	kb_load_table(self, doc, f[0], "'releases' entry", torch_release);
}

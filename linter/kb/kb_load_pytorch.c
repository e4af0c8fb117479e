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

static bool variant_name(struct kb_row *r, yaml_node_t *node)
{
	const struct kb_torch_variant *v = r->row;
	if (!variant_name_ok(v->name))
		kb_doc_error(r->doc, node, "invalid variant name '%s' (cuXYZ, cpu, rocmX.Y or xpu)", v->name);
	return true;
}

/* A cuXYZ variant needs `cuda`, and its X.Y is the name's. */
static bool variant_cuda(struct kb_row *r, yaml_node_t *node)
{
	struct kb_torch_variant *v = r->row;
	bool is_cu = !strncmp(v->name, "cu", 2);
	if (node)
		v->has_cuda = kb_doc_version(r->doc, node, "cuda", KB_V_CUDA2, &v->cuda);
	else if (is_cu)
		kb_doc_missing(r->doc, r->entry, r->desc->what, "cuda");
	if (v->has_cuda && is_cu) {
		struct version tag;
		if (version_parse_cuda(&tag, v->name, strlen(v->name)) &&
		    version_cmp_prefix(&tag, &v->cuda, 2))
			kb_doc_error(r->doc, node, "'cuda' does not match variant '%s'", v->name);
	}
	return true;
}

static bool variant_patches(struct kb_row *r, yaml_node_t *node)
{
	const struct kb_torch_variant *v = r->row;
	const struct kb_torch_release *rel = r->parent;
	for (size_t i = 0; i < v->npatches; i++)
		if (!kb_versions_has(rel->patches, rel->npatches, &v->patches[i]))
			kb_doc_error(r->doc, node, "variant patch is not in the release's 'patches'");
	return true;
}

static bool variant_done(struct kb_row *r)
{
	const struct kb_torch_variant *v = r->row;
	const struct kb_torch_variant *all = v - r->index;
	for (size_t j = 0; j < r->index && v->name; j++)
		if (all[j].name && !strcmp(all[j].name, v->name))
			kb_doc_error(r->doc, r->entry, "duplicate variant '%s'", v->name);
	return true;
}

#define T struct kb_torch_variant
static const struct kb_field VARIANT_FIELDS[] = {
	KB_ROW(T, name, "name", KB_T_STR, .flags = KB_F_REQUIRED | KB_F_KEY, .hook = variant_name),
	KB_ROW(T, has_cuda, NULL, KB_T_BOOL),
	KB_ROW(T, cuda, "cuda", KB_T_VERSION, .flags = KB_F_HOOK, .hook = variant_cuda),
	KB_ROW(T, has_cudnn, NULL, KB_T_BOOL),
	KB_ROW(T, cudnn, "cudnn", KB_T_VERSION, .vkind = KB_V_DOTTED, .flags = KB_F_HAS,
	       .has_off = offsetof(T, has_cudnn)),
	KB_LIST(T, sass, nsass, "sass", KB_T_VERSIONS, .vkind = KB_V_CC),
	/* `ptx:` given, even as an empty list, means the PTX list is known. */
	KB_LIST(T, ptx, nptx, "ptx", KB_T_VERSIONS, .vkind = KB_V_CC, .flags = KB_F_HAS,
		.has_off = offsetof(T, ptx_known)),
	KB_ROW(T, ptx_known, NULL, KB_T_BOOL),
	KB_LIST(T, patches, npatches, "patches", KB_T_VERSIONS, .vkind = KB_V_PEP440,
		.hook = variant_patches),
	KB_ROW(T, origin, NULL, KB_T_ORIGIN),
};
#undef T
static const struct kb_desc VARIANT_DESC =
	KB_DESC(struct kb_torch_variant, VARIANT_FIELDS, .what = "'variants' entry", .origin = KB_ORIGIN_ROW,
		.done = variant_done);

static bool companion_torch(struct kb_row *r, yaml_node_t *node)
{
	const struct kb_torch_companion *c = r->row;
	const struct kb_torch_release *rel = r->parent;
	if (!kb_versions_has(rel->patches, rel->npatches, &c->torch))
		kb_doc_error(r->doc, node, "companion torch is not in the release's 'patches'");
	return true;
}

#define T struct kb_torch_companion
static const struct kb_field COMPANION_FIELDS[] = {
	KB_ROW(T, torch, "torch", KB_T_VERSION, .vkind = KB_V_PEP440, .flags = KB_F_REQUIRED,
	       .hook = companion_torch),
	KB_ROW(T, has_torchvision, NULL, KB_T_BOOL),
	KB_ROW(T, has_torchaudio, NULL, KB_T_BOOL),
	KB_ROW(T, torchvision, "torchvision", KB_T_VERSION, .vkind = KB_V_PEP440, .flags = KB_F_HAS,
	       .has_off = offsetof(T, has_torchvision)),
	KB_ROW(T, torchaudio, "torchaudio", KB_T_VERSION, .vkind = KB_V_PEP440, .flags = KB_F_HAS,
	       .has_off = offsetof(T, has_torchaudio)),
};
#undef T
/* A companion row has no origin of its own: its source defaults to the release's. */
static const struct kb_desc COMPANION_DESC =
	KB_DESC(struct kb_torch_companion, COMPANION_FIELDS, .what = "'companions' entry",
		.origin = KB_ORIGIN_INHERIT);

/* A conda build's CUDA is one the channel published for the line: a `pytorch_cuda` or
 * `cudatoolkit` value of the same `conda` block (read before `builds`). */
static bool conda_build_cuda(struct kb_row *r, yaml_node_t *node)
{
	struct kb_torch_variant *b = r->row;
	const struct kb_torch_release *rel = r->parent;
	b->has_cuda = true;
	if (!kb_versions_has(rel->pytorch_cuda, rel->npytorch_cuda, &b->cuda) &&
	    !kb_versions_has(rel->cudatoolkit, rel->ncudatoolkit, &b->cuda))
		kb_doc_error(r->doc, node, "conda build CUDA is not a 'pytorch_cuda' or 'cudatoolkit' value");
	return true;
}

static bool conda_build_done(struct kb_row *r)
{
	const struct kb_torch_variant *b = r->row;
	const struct kb_torch_variant *all = b - r->index;
	for (size_t j = 0; j < r->index; j++)
		if (!version_cmp_prefix(&all[j].cuda, &b->cuda, 2))
			kb_doc_error(r->doc, r->entry, "duplicate conda build");
	return true;
}

/* A conda or aarch64 build's arch lists and source (T: struct kb_torch_variant): `sass`
 * required, `ptx` known where given (even empty). */
#define BUILD_ARCH_FIELDS                                                                         \
	KB_LIST(T, sass, nsass, "sass", KB_T_VERSIONS, .vkind = KB_V_CC, .flags = KB_F_REQUIRED), \
		KB_LIST(T, ptx, nptx, "ptx", KB_T_VERSIONS, .vkind = KB_V_CC, .flags = KB_F_HAS,  \
			.has_off = offsetof(T, ptx_known)),                                       \
		KB_ROW(T, ptx_known, NULL, KB_T_BOOL), KB_ROW(T, origin, NULL, KB_T_ORIGIN)

#define T struct kb_torch_variant
static const struct kb_field CONDA_BUILD_FIELDS[] = {
	KB_ROW(T, has_cuda, NULL, KB_T_BOOL),
	KB_ROW(T, cuda, "cuda", KB_T_VERSION, .vkind = KB_V_CUDA2, .flags = KB_F_REQUIRED | KB_F_KEY,
	       .hook = conda_build_cuda),
	BUILD_ARCH_FIELDS,
};
#undef T
static const struct kb_desc CONDA_BUILD_DESC =
	KB_DESC(struct kb_torch_variant, CONDA_BUILD_FIELDS, .what = "conda 'builds' entry",
		.origin = KB_ORIGIN_ROW, .done = conda_build_done);
static const struct kb_field CONDA_BUILDS = KB_LIST(struct kb_torch_release, conda_builds, nconda_builds,
						    "builds", KB_T_TABLE, .sub = &CONDA_BUILD_DESC);

/* An aarch64 row is the Linux aarch64 build of a CUDA variant of the release, named as
 * it, whose `cuda` it takes. */
static bool aarch64_build_name(struct kb_row *r, yaml_node_t *node)
{
	struct kb_torch_variant *b = r->row;
	const struct kb_torch_variant *v = kb_torch_variant(r->parent, b->name, NULL);
	if (!v || !v->has_cuda) {
		kb_doc_error(r->doc, node, "aarch64 build '%s' is not a CUDA variant of the release",
			     b->name);
		return false;
	}
	b->has_cuda = true;
	b->cuda = v->cuda;
	return true;
}

static bool aarch64_build_done(struct kb_row *r)
{
	const struct kb_torch_variant *b = r->row;
	const struct kb_torch_variant *all = b - r->index;
	for (size_t j = 0; j < r->index; j++)
		if (!strcmp(all[j].name, b->name))
			kb_doc_error(r->doc, r->entry, "duplicate aarch64 build '%s'", b->name);
	return true;
}

#define T struct kb_torch_variant
static const struct kb_field AARCH64_BUILD_FIELDS[] = {
	KB_ROW(T, name, "name", KB_T_STR, .flags = KB_F_REQUIRED | KB_F_KEY, .hook = aarch64_build_name),
	KB_ROW(T, has_cuda, NULL, KB_T_BOOL),
	KB_ROW(T, cuda, NULL, KB_T_VERSION),
	BUILD_ARCH_FIELDS,
};
#undef T
static const struct kb_desc AARCH64_BUILD_DESC =
	KB_DESC(struct kb_torch_variant, AARCH64_BUILD_FIELDS, .what = "aarch64 'builds' entry",
		.origin = KB_ORIGIN_ROW, .done = aarch64_build_done);
static const struct kb_field AARCH64_BUILDS =
	KB_LIST(struct kb_torch_release, aarch64_builds, naarch64_builds, "builds", KB_T_TABLE,
		.sub = &AARCH64_BUILD_DESC);

/* `aarch64: {pypi_default, builds}`: the Linux aarch64 (SBSA) wheels, whose arch lists
 * are not the x86_64 ones. PyPI's aarch64 wheel, where a source names it, is one of
 * the builds. */
static bool torch_aarch64(struct kb_row *r, yaml_node_t *node)
{
	static const char *const keys[] = { "pypi_default", "builds", "note", NULL };
	struct kb_doc *doc = r->doc;
	struct kb_torch_release *rel = r->row;
	yaml_node_t *f[3];
	if (!kb_doc_fields(doc, node, "'aarch64'", keys, f))
		return false;
	if (!f[1])
		kb_doc_missing(doc, node, "'aarch64'", "builds");
	else
		kb_row_load_table(r, &AARCH64_BUILDS, f[1]);
	if (f[0] && kb_doc_str(doc, f[0], "pypi_default", &rel->aarch64_pypi_default) &&
	    !kb_torch_wheel_on(rel, kb_torch_variant(rel, rel->aarch64_pypi_default, NULL),
			       KB_WHEEL_LINUX_AARCH64))
		kb_doc_error(doc, f[0], "aarch64 pypi_default '%s' is not an aarch64 build of the release",
			     rel->aarch64_pypi_default);
	return true;
}

static bool torch_conda(struct kb_row *r, yaml_node_t *node)
{
	static const char *const keys[] = {
		"channel", "pytorch_cuda", "cudatoolkit", "builds", "note", NULL
	};
	struct kb_doc *doc = r->doc;
	struct kb_torch_release *rel = r->row;
	yaml_node_t *f[5];
	if (!kb_doc_fields(doc, node, "'conda'", keys, f))
		return false;
	if (!f[0])
		kb_doc_missing(doc, node, "'conda'", "channel");
	else
		kb_doc_bool(doc, f[0], "channel", &rel->conda_channel);
	if (f[1])
		kb_doc_versions(doc, f[1], "pytorch_cuda", KB_V_CUDA2, &rel->pytorch_cuda,
				&rel->npytorch_cuda);
	if (f[2])
		kb_doc_versions(doc, f[2], "cudatoolkit", KB_V_CUDA2, &rel->cudatoolkit, &rel->ncudatoolkit);
	if (f[3])
		kb_row_load_table(r, &CONDA_BUILDS, f[3]);
	return true;
}

/* `cuda_builds: {complete: true, source: ...}`: the claim that `variants` lists every CUDA
 * build of the release is a fact of its own (it lets STK301 say "never published"), so it
 * names the source that gives the whole build matrix. */
static bool torch_cuda_builds(struct kb_row *r, yaml_node_t *node)
{
	static const char *const keys[] = { "complete", KB_SHARED_KEYS, NULL };
	struct kb_doc *doc = r->doc;
	struct kb_torch_release *rel = r->row;
	yaml_node_t *f[4];
	struct kb_origin origin;
	if (!kb_doc_fields(doc, node, "'cuda_builds'", keys, f) ||
	    !kb_doc_origin(doc, node, "'cuda_builds'", f[1], f[2], NULL, &origin))
		return false;
	if (!f[0])
		kb_doc_missing(doc, node, "'cuda_builds'", "complete");
	else if (kb_doc_bool(doc, f[0], "complete", &rel->cuda_builds_complete)) {
		rel->cuda_builds_source = origin.source;
		rel->cuda_builds_secondary = origin.secondary;
	}
	return true;
}

static bool release_line(struct kb_row *r, yaml_node_t *node)
{
	const struct kb_torch_release *rel = r->row;
	if (rel->line.nrelease == 2)
		return true;
	kb_doc_error(r->doc, node, "torch release 'version' must be X.Y");
	return false;
}

static bool release_patches(struct kb_row *r, yaml_node_t *node)
{
	const struct kb_torch_release *rel = r->row;
	for (size_t i = 0; i < rel->npatches; i++)
		if (version_cmp_prefix(&rel->patches[i], &rel->line, 2))
			kb_doc_error(r->doc, node, "patch is not of release line");
	return true;
}

static bool release_pypi_default(struct kb_row *r, yaml_node_t *node)
{
	const struct kb_torch_release *rel = r->row;
	bool found = false;
	for (size_t i = 0; i < rel->nvariants; i++)
		found |= rel->variants[i].name && !strcmp(rel->variants[i].name, rel->pypi_default);
	if (!found)
		kb_doc_error(r->doc, node, "pypi_default '%s' is not a variant of the release",
			     rel->pypi_default);
	return true;
}

static int release_cmp(const void *a, const void *b)
{
	const struct kb_torch_release *x = a, *y = b;
	return version_cmp(&x->line, &y->line);
}

static bool release_done(struct kb_row *r)
{
	const struct kb_torch_release *first = kb_row_earlier(r, release_cmp);
	if (first)
		kb_doc_error(r->doc, kb_row_node(r, "version"),
			     "duplicate torch release line (first at line %u)", first->origin.line);
	return !first;
}

/* Rows in member order; the keys that fill several members, or need the variants
 * first (pypi_default), follow the members they fill. */
#define T struct kb_torch_release
static const struct kb_field RELEASE_FIELDS[] = {
	KB_ROW(T, line, "version", KB_T_VERSION, .vkind = KB_V_DOTTED, .flags = KB_F_REQUIRED | KB_F_KEY,
	       .hook = release_line),
	KB_LIST(T, patches, npatches, "patches", KB_T_VERSIONS, .vkind = KB_V_PEP440, .flags = KB_F_REQUIRED,
		.hook = release_patches),
	KB_ROW(T, has_python, NULL, KB_T_BOOL),
	KB_ROW(T, python_min, NULL, KB_T_VERSION),
	KB_ROW(T, python_max, NULL, KB_T_VERSION),
	KB_KEY("python", KB_T_RANGE, .vkind = KB_V_DOTTED, .off = offsetof(T, python_min),
	       .off2 = offsetof(T, python_max), .has_off = offsetof(T, has_python)),
	KB_ROW(T, pypi_default, NULL, KB_T_STR),
	KB_ROW(T, no_local_version, "no_local_version", KB_T_BOOL),
	KB_LIST(T, variants, nvariants, "variants", KB_T_TABLE, .sub = &VARIANT_DESC),
	KB_KEY("pypi_default", KB_T_STR, .off = offsetof(T, pypi_default), .hook = release_pypi_default),
	KB_ROW(T, cuda_builds_complete, NULL, KB_T_BOOL),
	KB_ROW(T, cuda_builds_source, NULL, KB_T_STR),
	KB_ROW(T, cuda_builds_secondary, NULL, KB_T_BOOL),
	KB_KEY("cuda_builds", KB_T_NONE, .hook = torch_cuda_builds),
	KB_LIST(T, companions, ncompanions, "companions", KB_T_TABLE, .sub = &COMPANION_DESC),
	KB_ROW(T, conda_channel, NULL, KB_T_BOOL),
	KB_LIST(T, pytorch_cuda, npytorch_cuda, NULL, KB_T_VERSIONS),
	KB_LIST(T, cudatoolkit, ncudatoolkit, NULL, KB_T_VERSIONS),
	KB_LIST(T, conda_builds, nconda_builds, NULL, KB_T_TABLE, .sub = &CONDA_BUILD_DESC),
	KB_KEY("conda", KB_T_NONE, .hook = torch_conda),
	KB_LIST(T, aarch64_builds, naarch64_builds, NULL, KB_T_TABLE, .sub = &AARCH64_BUILD_DESC),
	KB_ROW(T, aarch64_pypi_default, NULL, KB_T_STR),
	KB_KEY("aarch64", KB_T_NONE, .hook = torch_aarch64),
	KB_ROW(T, images, "images", KB_T_STRS, .flags = KB_F_EMPTY),
	KB_ROW(T, images_source, "images_source", KB_T_STR),
	KB_ROW(T, origin, NULL, KB_T_ORIGIN),
};
#undef T
const struct kb_desc kb_desc_torch =
	KB_DESC(struct kb_torch_release, RELEASE_FIELDS, .what = "'releases' entry", .origin = KB_ORIGIN_ROW,
		.done = release_done, .file = "pytorch.yaml", .list = "releases", .cmp = release_cmp);

/* ------------------------------------------------------------------------- */
/* companion_requires */

#define T struct kb_companion_requires
static const struct kb_field COMPANION_REQUIRES_FIELDS[] = {
	KB_ROW(T, package, "package", KB_T_STR, .flags = KB_F_REQUIRED | KB_F_KEY),
	KB_ROW(T, has_unpinned_from, NULL, KB_T_BOOL),
	KB_ROW(T, unpinned_from, "unpinned_from", KB_T_VERSION, .vkind = KB_V_PEP440, .flags = KB_F_HAS,
	       .has_off = offsetof(T, has_unpinned_from)),
	KB_ROW(T, has_compiled_from, NULL, KB_T_BOOL),
	KB_ROW(T, compiled_from, "compiled_from", KB_T_VERSION, .vkind = KB_V_PEP440, .flags = KB_F_HAS,
	       .has_off = offsetof(T, has_compiled_from)),
	KB_ROW(T, origin, NULL, KB_T_ORIGIN),
};
#undef T
const struct kb_desc kb_desc_companion_requires =
	KB_DESC(struct kb_companion_requires, COMPANION_REQUIRES_FIELDS, .what = "'companion_requires' entry",
		.origin = KB_ORIGIN_ROW, .file = "pytorch.yaml", .list = "companion_requires");

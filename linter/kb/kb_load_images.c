/*
 * kb_load_images: images.yaml — the named PCRE2 patterns (compiled here through
 * kb_patterns.c, so a bad regex is an EL009 at its line), the NGC container releases
 * with their driver needs, and `cuda_images`: the NVIDIA_REQUIRE_CUDA of the official
 * nvidia/cuda images, checked against drivers.yaml branches.
 */
#include "kb/kb_internal.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"

static const struct {
	const char *name;
	enum kb_pattern_kind kind;
} KINDS[] = {
	{ "conda_build", KB_PAT_CONDA_BUILD }, { "image_tag", KB_PAT_IMAGE_TAG },
	{ "index_url", KB_PAT_INDEX_URL },     { "local_version", KB_PAT_LOCAL_VERSION },
	{ "wheel", KB_PAT_WHEEL },
};

static void pattern_entry(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *e)
{
	enum { NAME, APPLIES, REPO, REGEX, SOURCE, STATUS, NOTE, N };
	static const char *const keys[] = { "name", "applies", "repo", "regex", KB_SHARED_KEYS, NULL };
	const char *what = "'patterns' entry";
	yaml_node_t *f[N];
	if (!kb_doc_fields(doc, e, what, keys, f))
		return;
	struct kb_pattern p;
	memset(&p, 0, sizeof(p));
	kb_doc_origin(doc, e, what, f[SOURCE], f[STATUS], NULL, &p.origin);
	static const int required[] = { NAME, APPLIES, REGEX };
	for (size_t k = 0; k < sizeof(required) / sizeof(required[0]); k++)
		if (!f[required[k]]) {
			kb_doc_missing(doc, e, what, keys[required[k]]);
			return;
		}
	const char *applies;
	if (!kb_doc_str(doc, f[NAME], "name", &p.name) ||
	    !kb_doc_str(doc, f[APPLIES], "applies", &applies))
		return;
	size_t k = 0;
	for (; k < sizeof(KINDS) / sizeof(KINDS[0]); k++)
		if (!strcmp(KINDS[k].name, applies))
			break;
	if (k == sizeof(KINDS) / sizeof(KINDS[0])) {
		kb_doc_error(doc, f[APPLIES], "invalid applies '%s'", applies);
		return;
	}
	p.kind = KINDS[k].kind;
	if (p.kind == KB_PAT_IMAGE_TAG && !f[REPO]) {
		kb_doc_missing(doc, e, what, "repo");
		return;
	}
	if (p.kind != KB_PAT_IMAGE_TAG && f[REPO]) {
		kb_doc_error(doc, f[REPO], "'repo' is only for image_tag patterns");
		return;
	}
	void *md = NULL, *repo_md = NULL;
	void *re = kb_pattern_compile(doc, f[REGEX], "regex", &md, &p.regex);
	void *repo = f[REPO] ? kb_pattern_compile(doc, f[REPO], "repo", &repo_md, &p.repo_regex) : NULL;
	if (!re || (f[REPO] && !repo)) {
		kb_pattern_free(re, md);
		kb_pattern_free(repo, repo_md);
		return;
	}
	p.re = re;
	p.md = md;
	p.repo = repo;
	p.repo_md = repo_md;
	vec_push(&self->patterns, p);
}

static void ngc_entry(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *e)
{
	enum { IMAGE, TAG, CUDA, TORCH, DRIVER, DATACENTER, SOURCE, STATUS, NOTE, N };
	static const char *const keys[] = { "image", "tag", "cuda", "torch", "driver", "datacenter",
					    KB_SHARED_KEYS, NULL };
	const char *what = "'ngc' entry";
	yaml_node_t *f[N];
	if (!kb_doc_fields(doc, e, what, keys, f))
		return;
	struct kb_ngc n;
	memset(&n, 0, sizeof(n));
	kb_doc_origin(doc, e, what, f[SOURCE], f[STATUS], NULL, &n.origin);
	static const int required[] = { IMAGE, TAG, CUDA };
	for (size_t k = 0; k < sizeof(required) / sizeof(required[0]); k++)
		if (!f[required[k]]) {
			kb_doc_missing(doc, e, what, keys[required[k]]);
			return;
		}
	if (!kb_doc_str(doc, f[IMAGE], "image", &n.image) || !kb_doc_str(doc, f[TAG], "tag", &n.tag))
		return;
	kb_doc_version(doc, f[CUDA], "cuda", KB_V_CUDA, &n.cuda);
	if (f[TORCH])
		n.has_torch = kb_doc_version(doc, f[TORCH], "torch", KB_V_PEP440, &n.torch);
	if (f[DRIVER])
		kb_doc_uint(doc, f[DRIVER], "driver", &n.driver_branch);
	if (f[DATACENTER])
		kb_doc_versions(doc, f[DATACENTER], "datacenter", KB_V_DRIVER, &n.datacenter,
				&n.ndatacenter);
	for (size_t i = 0; i < self->ngc.nr; i++)
		if (!strcmp(self->ngc.items[i].image, n.image) && !strcmp(self->ngc.items[i].tag, n.tag)) {
			kb_doc_error(doc, f[TAG], "duplicate NGC image '%s:%s'", n.image, n.tag);
			return;
		}
	vec_push(&self->ngc, n);
}

/* ------------------------------------------------------------------------- */
/* cuda_images: NVIDIA_REQUIRE_CUDA of the official nvidia/cuda images */

/* A brand as the brand= clauses write it ("tesla", "nvidiartx", "cloudgaming"): the
 * toolkit compares it with the GPU's brand in lower case, so anything else is a typo. */
static bool brand_ok(const char *s)
{
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
			return false;
	return *s != '\0';
}

/* `branches` of one row. Each must be a drivers.yaml branch whose own CUDA level is below
 * the image's `cuda` (a brand clause for a branch that already meets cuda>=X.Y would add
 * nothing). drivers.yaml is always loaded before images.yaml: KB files load in name
 * order (kb_load_dir sorts them; the Makefile embeds the sorted rules/ files), so the
 * branches are in the loader by now; a KB without drivers.yaml fails this check. */
static bool cuda_image_branches(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *node,
				struct kb_cuda_image *out)
{
	yaml_node_t **items;
	size_t n = kb_doc_seq(doc, node, "branches", &items);
	if (node->type != YAML_SEQUENCE_NODE)
		return false;
	uint32_t *branches = arena_alloc(doc->arena, st_mult(n ? n : 1, sizeof(*branches)));
	char cuda[KB_VERSION_TEXT_MAX];
	version_format(&out->cuda, cuda, sizeof(cuda));
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		if (!kb_doc_uint(doc, items[i], "branches", &branches[i])) {
			ok = false;
			continue;
		}
		bool dup = false;
		for (size_t k = 0; k < i && !dup; k++)
			dup = branches[k] == branches[i];
		const struct kb_branch *b = kb_loader_branch(self, branches[i]);
		if (dup) {
			kb_doc_error(doc, items[i], "duplicate branch '%u'", branches[i]);
			ok = false;
		} else if (!b) {
			kb_doc_error(doc, items[i], "branch '%u' is not in drivers.yaml 'branches'",
				     branches[i]);
			ok = false;
		} else if (version_cmp_prefix(&b->cuda, &out->cuda, 2) >= 0) {
			kb_doc_error(doc, items[i],
				     "branch '%u' already meets cuda>=%s: a brand clause for it adds "
				     "nothing", branches[i], cuda);
			ok = false;
		}
	}
	out->branches = branches;
	out->nbranches = n;
	return ok;
}

/* `brands` of one row: a list (never a lone scalar), lower-case, no duplicates. */
static bool cuda_image_brands(struct kb_doc *doc, yaml_node_t *node, struct kb_cuda_image *out,
			      size_t *count)
{
	yaml_node_t **items;
	size_t n = kb_doc_seq(doc, node, "brands", &items);
	*count = n;
	if (node->type != YAML_SEQUENCE_NODE)
		return false;
	const char **brands = arena_alloc(doc->arena, st_mult(st_add(n, 1), sizeof(*brands)));
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		if (!kb_doc_str(doc, items[i], "brands", &brands[i])) {
			brands[i] = "";
			ok = false;
			continue;
		}
		bool dup = false;
		for (size_t k = 0; k < i && !dup; k++)
			dup = !strcmp(brands[k], brands[i]);
		if (!brand_ok(brands[i])) {
			kb_doc_error(doc, items[i],
				     "invalid brand '%s' (lower-case letters and digits, as in brand=)",
				     brands[i]);
			ok = false;
		} else if (dup) {
			kb_doc_error(doc, items[i], "duplicate brand '%s'", brands[i]);
			ok = false;
		}
	}
	brands[n] = NULL;
	out->brands = brands;
	return ok;
}

static bool cuda_image_entry(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *e,
			     const char *what, struct kb_cuda_image *out)
{
	enum { IMAGE, CUDA, BRANCHES, BRANDS, SOURCE, STATUS, NOTE, N };
	static const char *const keys[] = { "image", "cuda", "branches", "brands", KB_SHARED_KEYS,
					    NULL };
	yaml_node_t *f[N];
	memset(out, 0, sizeof(*out));
	if (!kb_doc_fields(doc, e, what, keys, f))
		return false;
	bool ok = kb_doc_origin(doc, e, what, f[SOURCE], f[STATUS], NULL, &out->origin);
	/* All four are required: a row without brand clauses says so with [] and []. */
	static const int required[] = { IMAGE, CUDA, BRANCHES, BRANDS };
	for (size_t k = 0; k < sizeof(required) / sizeof(required[0]); k++)
		if (!f[required[k]])
			return kb_doc_missing(doc, e, what, keys[required[k]]);
	if (!kb_doc_version(doc, f[IMAGE], "image", KB_V_CUDA3, &out->image) ||
	    !kb_doc_version(doc, f[CUDA], "cuda", KB_V_CUDA2, &out->cuda))
		return false;
	/* Every official image requires its own X.Y: anything else is a typo in the row. */
	if (version_cmp_prefix(&out->image, &out->cuda, 2)) {
		char img[KB_VERSION_TEXT_MAX];
		version_format(&out->image, img, sizeof(img));
		kb_doc_error(doc, f[CUDA], "'cuda' is not the X.Y of image %s", img);
		return false;
	}
	size_t nbrands;
	ok &= cuda_image_branches(self, doc, f[BRANCHES], out);
	ok &= cuda_image_brands(doc, f[BRANDS], out, &nbrands);
	/* Each clause is brand=B,driver>=N,driver<N+1 over every brand x branch pair, so one
	 * list empty and the other not describes no clause NVIDIA writes. */
	if (ok && !out->nbranches != !nbrands) {
		kb_doc_error(doc, e, "%s: 'branches' and 'brands' must both be empty or both not",
			     what);
		ok = false;
	}
	return ok;
}

int kb_cuda_image_cmp(const void *a, const void *b)
{
	const struct kb_cuda_image *x = a, *y = b;
	return version_cmp(&x->image, &y->image);
}

static bool cuda_image_row(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *item,
			   const char *what, void *elem)
{
	return cuda_image_entry(self, doc, item, what, elem);
}

static void cuda_image_duplicate(struct kb_doc *doc, yaml_node_t *item, const void *elem)
{
	char buf[KB_VERSION_TEXT_MAX];
	version_format(&((const struct kb_cuda_image *)elem)->image, buf, sizeof(buf));
	kb_doc_error(doc, item, "duplicate cuda_images entry for image %s", buf);
}

/* `cuda_images` lives in this one file, so it goes into the KB arena here, sorted. */
static void load_cuda_images(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *table)
{
	static const struct kb_table_spec spec = { "'cuda_images' entry", sizeof(struct kb_cuda_image),
						   cuda_image_row, kb_cuda_image_cmp, cuda_image_duplicate };
	self->kb->cuda_images = kb_load_sorted_table(self, doc, table, &spec, &self->kb->ncuda_images);
}

void kb_load_images(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *root)
{
	static const char *const keys[] = { "patterns", "ngc", "cuda_images", NULL };
	yaml_node_t *f[3];
	if (!kb_doc_fields(doc, root, "images.yaml", keys, f))
		return;
	yaml_node_t **items;
	size_t n = f[0] ? kb_doc_seq(doc, f[0], "'patterns' entry", &items) : 0;
	for (size_t i = 0; i < n; i++)
		pattern_entry(self, doc, items[i]);
	n = f[1] ? kb_doc_seq(doc, f[1], "'ngc' entry", &items) : 0;
	for (size_t i = 0; i < n; i++)
		ngc_entry(self, doc, items[i]);
	load_cuda_images(self, doc, f[2]);
}

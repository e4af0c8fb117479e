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
	{ "conda_build", KB_PAT_CONDA_BUILD },
	{ "image_tag", KB_PAT_IMAGE_TAG },
	{ "index_url", KB_PAT_INDEX_URL },
	{ "local_version", KB_PAT_LOCAL_VERSION },
	{ "wheel", KB_PAT_WHEEL },
};

/* ------------------------------------------------------------------------- */
/* patterns */

/* `applies` picks the kind; only image_tag patterns have (and need) a `repo`. */
static bool pattern_applies(struct kb_row *r, yaml_node_t *node)
{
	struct kb_pattern *p = r->row;
	const char *applies;
	if (!kb_doc_str(r->doc, node, "applies", &applies))
		return false;
	size_t k = 0;
	for (; k < sizeof(KINDS) / sizeof(KINDS[0]); k++)
		if (!strcmp(KINDS[k].name, applies))
			break;
	if (k == sizeof(KINDS) / sizeof(KINDS[0])) {
		kb_doc_error(r->doc, node, "invalid applies '%s'", applies);
		return false;
	}
	p->kind = KINDS[k].kind;
	yaml_node_t *repo = kb_row_node(r, "repo");
	if (p->kind == KB_PAT_IMAGE_TAG && !repo)
		return kb_doc_missing(r->doc, r->entry, r->desc->what, "repo");
	if (p->kind != KB_PAT_IMAGE_TAG && repo) {
		kb_doc_error(r->doc, repo, "'repo' is only for image_tag patterns");
		return false;
	}
	return true;
}

/* Compiles `regex` (and `repo`); a pattern that does not compile is left out. */
static bool pattern_done(struct kb_row *r)
{
	struct kb_pattern *p = r->row;
	yaml_node_t *regex = kb_row_node(r, "regex"), *repo_node = kb_row_node(r, "repo");
	void *md = NULL, *repo_md = NULL;
	void *re = kb_pattern_compile(r->doc, regex, "regex", &md, &p->regex);
	void *repo =
		repo_node ? kb_pattern_compile(r->doc, repo_node, "repo", &repo_md, &p->repo_regex) : NULL;
	if (!re || (repo_node && !repo)) {
		kb_pattern_free(re, md);
		kb_pattern_free(repo, repo_md);
		return false;
	}
	p->re = re;
	p->md = md;
	p->repo = repo;
	p->repo_md = repo_md;
	return true;
}

/* The compiled state (re, md, repo, repo_md, jitted) is made at load, never written out. */
#define T struct kb_pattern
static const struct kb_field PATTERN_FIELDS[] = {
	KB_ROW(T, name, "name", KB_T_STR, .flags = KB_F_REQUIRED | KB_F_KEY),
	KB_ROW(T, kind, NULL, KB_T_INT),
	KB_ROW(T, regex, NULL, KB_T_STR),
	KB_ROW(T, repo_regex, NULL, KB_T_STR),
	KB_ROW(T, origin, NULL, KB_T_ORIGIN),
	KB_KEY("applies", KB_T_NONE, .flags = KB_F_REQUIRED | KB_F_KEY, .hook = pattern_applies),
	KB_KEY("regex", KB_T_NONE, .flags = KB_F_REQUIRED),
	KB_KEY("repo", KB_T_NONE),
};
#undef T
const struct kb_desc kb_desc_pattern =
	KB_DESC(struct kb_pattern, PATTERN_FIELDS, .what = "'patterns' entry", .origin = KB_ORIGIN_ROW,
		.done = pattern_done, .file = "images.yaml", .list = "patterns");

/* ------------------------------------------------------------------------- */
/* ngc */

static int ngc_same(const void *a, const void *b)
{
	const struct kb_ngc *x = a, *y = b;
	int c = strcmp(x->image, y->image);
	return c ? c : strcmp(x->tag, y->tag);
}

static bool ngc_done(struct kb_row *r)
{
	const struct kb_ngc *g = r->row, *first = kb_row_earlier(r, ngc_same);
	if (first)
		kb_doc_error(r->doc, kb_row_node(r, "tag"), "duplicate NGC image '%s:%s'", g->image, g->tag);
	return !first;
}

#define T struct kb_ngc
static const struct kb_field NGC_FIELDS[] = {
	KB_ROW(T, image, "image", KB_T_STR, .flags = KB_F_REQUIRED | KB_F_KEY),
	KB_ROW(T, tag, "tag", KB_T_STR, .flags = KB_F_REQUIRED | KB_F_KEY),
	KB_ROW(T, cuda, "cuda", KB_T_VERSION, .vkind = KB_V_CUDA, .flags = KB_F_REQUIRED),
	KB_ROW(T, has_torch, NULL, KB_T_BOOL),
	KB_ROW(T, torch, "torch", KB_T_VERSION, .vkind = KB_V_PEP440, .flags = KB_F_HAS,
	       .has_off = offsetof(T, has_torch)),
	KB_ROW(T, driver_branch, "driver", KB_T_UINT),
	KB_LIST(T, datacenter, ndatacenter, "datacenter", KB_T_VERSIONS, .vkind = KB_V_DRIVER),
	KB_ROW(T, origin, NULL, KB_T_ORIGIN),
};
#undef T
const struct kb_desc kb_desc_ngc =
	KB_DESC(struct kb_ngc, NGC_FIELDS, .what = "'ngc' entry", .origin = KB_ORIGIN_ROW, .done = ngc_done,
		.file = "images.yaml", .list = "ngc");

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

/* A list of driver branches of one row (`branches`, `tesla_branches`; absent: empty).
 * Each must be a drivers.yaml branch whose own CUDA level is below the image's `cuda` (a
 * brand clause for a branch that already meets cuda>=X.Y would add nothing). drivers.yaml
 * is always loaded before images.yaml: KB files load in name order (kb_load_dir sorts
 * them; the Makefile embeds the sorted rules/ files), so the branches are in the loader by
 * now; a KB without drivers.yaml fails this check. */
static bool read_branches(struct kb_row *r, yaml_node_t *node, const char *key, const uint32_t **out,
			  size_t *nout)
{
	struct kb_doc *doc = r->doc;
	const struct kb_cuda_image *c = r->row;
	yaml_node_t **items = NULL;
	size_t n = node ? kb_doc_seq(doc, node, key, &items) : 0;
	if (node && node->type != YAML_SEQUENCE_NODE)
		return false;
	uint32_t *branches = arena_alloc(doc->arena, st_mult(n ? n : 1, sizeof(*branches)));
	char cuda[KB_VERSION_TEXT_MAX];
	version_format(&c->cuda, cuda, sizeof(cuda));
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		if (!kb_doc_uint(doc, items[i], key, &branches[i])) {
			ok = false;
			continue;
		}
		bool dup = false;
		for (size_t k = 0; k < i && !dup; k++)
			dup = branches[k] == branches[i];
		const struct kb_branch *b = kb_loader_branch(r->loader, branches[i]);
		if (dup) {
			kb_doc_error(doc, items[i], "duplicate branch '%u'", branches[i]);
			ok = false;
		} else if (!b) {
			kb_doc_error(doc, items[i], "branch '%u' is not in drivers.yaml 'branches'",
				     branches[i]);
			ok = false;
		} else if (version_cmp_prefix(&b->cuda, &c->cuda, 2) >= 0) {
			kb_doc_error(doc, items[i],
				     "branch '%u' already meets cuda>=%s: a brand clause for it adds "
				     "nothing",
				     branches[i], cuda);
			ok = false;
		}
	}
	*out = branches;
	*nout = n;
	return ok;
}

static bool cuda_image_branches(struct kb_row *r, yaml_node_t *node)
{
	struct kb_cuda_image *c = r->row;
	return read_branches(r, node, "branches", &c->branches, &c->nbranches);
}

static bool cuda_image_tesla_branches(struct kb_row *r, yaml_node_t *node)
{
	struct kb_cuda_image *c = r->row;
	return read_branches(r, node, "tesla_branches", &c->tesla_branches, &c->ntesla_branches);
}

/* `brands` of one row: a list (never a lone scalar), lower-case, no duplicates. */
static bool cuda_image_brands(struct kb_row *r, yaml_node_t *node)
{
	struct kb_doc *doc = r->doc;
	struct kb_cuda_image *out = r->row;
	yaml_node_t **items;
	size_t n = kb_doc_seq(doc, node, "brands", &items);
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

/* Every official image requires its own X.Y: anything else is a typo in the row. */
static bool cuda_image_cuda(struct kb_row *r, yaml_node_t *node)
{
	const struct kb_cuda_image *c = r->row;
	if (!version_cmp_prefix(&c->image, &c->cuda, 2))
		return true;
	char img[KB_VERSION_TEXT_MAX];
	version_format(&c->image, img, sizeof(img));
	kb_doc_error(r->doc, node, "'cuda' is not the X.Y of image %s", img);
	return false;
}

/* `driver`, the bare driver>=N term: a drivers.yaml branch whose own CUDA level is below
 * `cuda` (one that meets cuda>=X.Y already starts the container without it). */
static bool cuda_image_driver(struct kb_row *r, yaml_node_t *node)
{
	const struct kb_cuda_image *c = r->row;
	const struct kb_branch *b = kb_loader_branch(r->loader, c->driver_min);
	if (!b) {
		kb_doc_error(r->doc, node, "driver '%u' is not a drivers.yaml branch", c->driver_min);
		return false;
	}
	if (version_cmp_prefix(&b->cuda, &c->cuda, 2) >= 0) {
		char cuda[KB_VERSION_TEXT_MAX];
		version_format(&c->cuda, cuda, sizeof(cuda));
		kb_doc_error(r->doc, node,
			     "driver '%u' already meets cuda>=%s: a driver>= term for it adds nothing",
			     c->driver_min, cuda);
		return false;
	}
	return true;
}

/* By image, then by the first OS of the row (a row without `os` first): rows of one
 * image for different OSes are not repeats. */
int kb_cuda_image_cmp(const void *a, const void *b)
{
	const struct kb_cuda_image *x = a, *y = b;
	int c = version_cmp(&x->image, &y->image);
	if (!c) /* a floating X.Y tag ("11.1") is not the X.Y.0 image */
		c = (int)x->image.nrelease - (int)y->image.nrelease;
	if (c)
		return c;
	const char *xo = x->os ? x->os[0] : NULL, *yo = y->os ? y->os[0] : NULL;
	if (!xo || !yo)
		return !!xo - !!yo;
	return strcmp(xo, yo);
}

/* Each clause is brand=B,driver>=N,driver<N+1 over every brand x branch pair, so one
 * list empty and the other not describes no clause NVIDIA writes. */
static bool cuda_image_done(struct kb_row *r)
{
	const struct kb_cuda_image *c = r->row;
	if (!kb_row_clean(r))
		return true;
	size_t nbrands = 0;
	while (c->brands[nbrands])
		nbrands++;
	if (!c->nbranches != !nbrands) {
		kb_doc_error(r->doc, r->entry, "%s: 'branches' and 'brands' must both be empty or both not",
			     r->desc->what);
		return false;
	}
	/* A brand clause for a branch the bare driver>=N term admits adds nothing. */
	for (size_t i = 0; c->driver_min && i < c->nbranches + c->ntesla_branches; i++) {
		uint32_t b = i < c->nbranches ? c->branches[i] : c->tesla_branches[i - c->nbranches];
		if (b >= c->driver_min) {
			kb_doc_error(r->doc, r->entry,
				     "%s: branch '%u' is not below 'driver' %u, which admits it already",
				     r->desc->what, b, c->driver_min);
			return false;
		}
	}
	/* A branch is in one list or the other: its clauses name `brands`, or tesla alone. */
	for (size_t i = 0; i < c->ntesla_branches; i++) {
		for (size_t k = 0; k < c->nbranches; k++) {
			if (c->tesla_branches[i] == c->branches[k]) {
				kb_doc_error(r->doc, r->entry,
					     "%s: branch '%u' is in both 'branches' and 'tesla_branches'",
					     r->desc->what, c->branches[k]);
				return false;
			}
		}
	}
	/* A repeat of an earlier clean entry (only clean entries join this table). */
	if (!kb_row_earlier(r, kb_cuda_image_cmp))
		return true;
	char buf[KB_VERSION_TEXT_MAX];
	version_format(&c->image, buf, sizeof(buf));
	kb_doc_error(r->doc, r->entry, "duplicate cuda_images entry for image %s%s%s", buf,
		     c->os ? " on " : "", c->os ? c->os[0] : "");
	return false;
}

/* image, cuda, branches and brands are required: a row without brand clauses says so
 * with [] and []; `tesla_branches`, `driver`, `os` and `compat` are optional. */
#define T struct kb_cuda_image
static const struct kb_field CUDA_IMAGE_FIELDS[] = {
	KB_ROW(T, image, "image", KB_T_VERSION, .vkind = KB_V_CUDA, .flags = KB_F_REQUIRED | KB_F_KEY),
	KB_ROW(T, cuda, "cuda", KB_T_VERSION, .vkind = KB_V_CUDA2, .flags = KB_F_REQUIRED | KB_F_KEY,
	       .hook = cuda_image_cuda),
	KB_LIST(T, branches, nbranches, "branches", KB_T_UINTS, .flags = KB_F_REQUIRED | KB_F_HOOK,
		.hook = cuda_image_branches),
	KB_ROW(T, brands, "brands", KB_T_STRS, .flags = KB_F_REQUIRED | KB_F_HOOK, .hook = cuda_image_brands),
	KB_LIST(T, tesla_branches, ntesla_branches, "tesla_branches", KB_T_UINTS, .flags = KB_F_HOOK,
		.hook = cuda_image_tesla_branches),
	KB_ROW(T, driver_min, "driver", KB_T_UINT, .hook = cuda_image_driver),
	KB_ROW(T, os, "os", KB_T_STRS),
	KB_ROW(T, compat, "compat", KB_T_STR),
	KB_ROW(T, origin, NULL, KB_T_ORIGIN),
};
#undef T
const struct kb_desc kb_desc_cuda_image =
	KB_DESC(struct kb_cuda_image, CUDA_IMAGE_FIELDS, .what = "'cuda_images' entry",
		.origin = KB_ORIGIN_ROW, .done = cuda_image_done, .file = "images.yaml",
		.list = "cuda_images", .cmp = kb_cuda_image_cmp, .flags = KB_D_CLEAN | KB_D_NULL);

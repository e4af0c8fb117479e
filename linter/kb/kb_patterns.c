/*
 * kb_patterns: images.yaml — the PCRE2 patterns that pull CUDA / cuDNN / torch facts
 * out of image tags, local version labels, index URLs, wheel names and conda build
 * strings, and the NGC container table. Patterns are compiled once at load (the
 * built-in tables keep the text and compile it in kb_patterns_compile; JIT, where the
 * platform has it, on a pattern's first match) and their match data is allocated once;
 * kb_match reuses it, which is safe because envlint is single-threaded.
 * images.yaml itself is read by kb_load_images.c; this file owns the PCRE2 side.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "kb/kb_internal.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"

/* The named groups kb_match fills; any other group name is a typo in the data. */
static const char *const GROUPS[] = { "cuda",   "cudnn", "flavor",  "ngc", "os",
				      "python", "torch", "variant", NULL };

/* Compiles `len` bytes of pattern text and allocates its match data. JIT waits for the
 * first match (see jit): it is three quarters of the start-up cost of the built-in KB,
 * and `envlint --version` or a run with no image tag never matches at all. */
static pcre2_code *compile_text(const char *s, size_t len, int *err, PCRE2_SIZE *off, pcre2_match_data **md)
{
	*md = NULL;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)s, len, PCRE2_UTF, err, off, NULL);
	if (!re)
		return NULL;
	*md = pcre2_match_data_create_from_pattern(re, NULL);
	return re;
}

/* JIT is an optimisation: where it is unavailable the interpreter gives the same
 * answers, so a failure here is not an error. */
static void jit(struct kb_pattern *p)
{
	if (p->jitted)
		return;
	(void)pcre2_jit_compile(p->re, PCRE2_JIT_COMPLETE);
	if (p->repo)
		(void)pcre2_jit_compile(p->repo, PCRE2_JIT_COMPLETE);
	p->jitted = true;
}

void *kb_pattern_compile(struct kb_doc *doc, yaml_node_t *node, const char *key, void **md_out,
			 const char **text)
{
	pcre2_match_data **md = (pcre2_match_data **)md_out;
	size_t len;
	const char *s = kb_doc_scalar(node, &len);
	*md = NULL;
	*text = NULL;
	if (!s) {
		kb_doc_error(doc, node, "'%s' must be a string", key);
		return NULL;
	}
	/* The text is kept NUL-terminated, so an embedded NUL would silently cut it. */
	if (memchr(s, '\0', len)) {
		kb_doc_error(doc, node, "'%s' must not contain a NUL byte", key);
		return NULL;
	}
	int err;
	PCRE2_SIZE off;
	pcre2_code *re = compile_text(s, len, &err, &off, md);
	if (!re) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(err, msg, sizeof(msg));
		kb_doc_error(doc, node, "invalid regex in '%s' at offset %zu: %s", key, (size_t)off,
			     (const char *)msg);
		return NULL;
	}
	uint32_t count = 0, size = 0;
	PCRE2_SPTR table = NULL;
	pcre2_pattern_info(re, PCRE2_INFO_NAMECOUNT, &count);
	pcre2_pattern_info(re, PCRE2_INFO_NAMEENTRYSIZE, &size);
	pcre2_pattern_info(re, PCRE2_INFO_NAMETABLE, &table);
	for (uint32_t i = 0; i < count; i++) {
		const char *name = (const char *)(table + i * size + 2);
		bool known = false;
		for (const char *const *g = GROUPS; *g; g++)
			known |= !strcmp(*g, name);
		if (!known)
			kb_doc_error(doc, node, "unknown named group '%s' in '%s'", name, key);
	}
	*text = arena_strndup(doc->arena, s, len);
	return re;
}

void kb_pattern_free(void *re, void *md)
{
	pcre2_match_data_free(md);
	pcre2_code_free(re);
}

void kb_patterns_release(struct kb_pattern *patterns, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		pcre2_match_data_free(patterns[i].md);
		pcre2_match_data_free(patterns[i].repo_md);
		pcre2_code_free(patterns[i].re);
		pcre2_code_free(patterns[i].repo);
	}
}

bool kb_patterns_compile(struct kb_pattern *patterns, size_t n)
{
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		struct kb_pattern *p = &patterns[i];
		int err;
		PCRE2_SIZE off;
		pcre2_match_data *md = NULL;
		p->re = compile_text(p->regex, strlen(p->regex), &err, &off, &md);
		p->md = md;
		ok &= p->re != NULL;
		if (p->repo_regex) {
			p->repo = compile_text(p->repo_regex, strlen(p->repo_regex), &err, &off, &md);
			p->repo_md = md;
			ok &= p->repo != NULL;
		}
	}
	return ok;
}

static bool run(void *code, void *md, const char *text)
{
	return pcre2_match(code, (PCRE2_SPTR)text, PCRE2_ZERO_TERMINATED, 0, 0, md, NULL) >= 0;
}

bool kb_match(const struct kb *self, enum kb_pattern_kind kind, const char *repo, const char *text,
	      struct kb_match *out)
{
	if (!text)
		return false;
	for (size_t i = 0; i < self->npatterns; i++) {
		/* The tables are const to callers; a pattern's compiled state is scratch
		 * (like its match data), so kb_match may finish compiling it. */
		struct kb_pattern *p = &self->patterns[i];
		if (p->kind != kind)
			continue;
		jit(p);
		if (kind == KB_PAT_IMAGE_TAG && (!repo || !run(p->repo, p->repo_md, repo)))
			continue;
		if (!run(p->re, p->md, text))
			continue;
		memset(out, 0, sizeof(*out));
		out->pattern = p->name;
		out->origin = p->origin;
		char *slots[] = { out->cuda, out->cudnn,  out->flavor, out->ngc,
				  out->os,   out->python, out->torch,  out->variant };
		for (size_t g = 0; GROUPS[g]; g++) {
			PCRE2_SIZE len = KB_GROUP_MAX;
			/* Unset or absent groups and over-long values leave the slot empty. */
			if (pcre2_substring_copy_byname(p->md, (PCRE2_SPTR)GROUPS[g], (PCRE2_UCHAR *)slots[g],
							&len) < 0)
				slots[g][0] = '\0';
		}
		return true;
	}
	return false;
}

/* A pattern names the torch an image ships when its regex has a `torch` group (the tag
 * spells the release) or an `ngc` group (the release is looked up in `ngc`). */
static bool names_torch(void *re)
{
	return pcre2_substring_number_from_name(re, (PCRE2_SPTR) "torch") >= 0 ||
	       pcre2_substring_number_from_name(re, (PCRE2_SPTR) "ngc") >= 0;
}

bool kb_image_repo_ships_torch(const struct kb *self, const char *repo)
{
	for (size_t i = 0; repo && i < self->npatterns; i++) {
		struct kb_pattern *p = &self->patterns[i];
		if (p->kind != KB_PAT_IMAGE_TAG || !p->repo)
			continue;
		jit(p);
		if (run(p->repo, p->repo_md, repo) && names_torch(p->re))
			return true;
	}
	return false;
}

const struct kb_ngc *kb_ngc_find(const struct kb *self, const char *image, const char *tag)
{
	for (size_t i = 0; image && tag && i < self->nngc; i++)
		if (!strcmp(self->ngc[i].image, image) && !strcmp(self->ngc[i].tag, tag))
			return &self->ngc[i];
	return NULL;
}

size_t kb_ngc_count(const struct kb *self)
{
	return self->nngc;
}

const struct kb_ngc *kb_ngc_at(const struct kb *self, size_t i)
{
	return i < self->nngc ? &self->ngc[i] : NULL;
}

size_t kb_cuda_image_tags_count(const struct kb *self)
{
	return self->ncuda_image_tags;
}

const struct kb_cuda_image_tags *kb_cuda_image_tags_at(const struct kb *self, size_t i)
{
	return i < self->ncuda_image_tags ? &self->cuda_image_tags[i] : NULL;
}

/* The tag version as written: a floating X.Y tag ("11.1", rebuilt from each 11.1.Z until
 * NVIDIA removed it) has rows of its own and is not 11.1.0. */
static bool same_image(const struct version *a, const struct version *b)
{
	return a->nrelease == b->nrelease && !version_cmp(a, b);
}

const struct kb_cuda_image *kb_cuda_image(const struct kb *self, const struct version *image)
{
	/* X.Y.Z, or an X.Y the table holds rows for. A KB without the table (a --kb DIR may
	 * lack it) has no array to search. Rows are sorted by image, then OS: a handful per
	 * version. */
	if (!image || image->nrelease < 2 || image->nrelease > 3 || !self->ncuda_images)
		return NULL;
	for (size_t i = 0; i < self->ncuda_images; i++)
		if (same_image(&self->cuda_images[i].image, image))
			return &self->cuda_images[i];
	return NULL;
}

const struct kb_cuda_image *kb_cuda_image_for(const struct kb *self, const struct version *image,
					      const char *os)
{
	const struct kb_cuda_image *any = NULL;
	const struct kb_cuda_image *first = kb_cuda_image(self, image);
	if (!first || !os)
		return NULL;
	const struct kb_cuda_image *end = self->cuda_images + self->ncuda_images;
	for (const struct kb_cuda_image *r = first; r < end && same_image(&r->image, image); r++) {
		if (!r->os) {
			any = r;
			continue;
		}
		for (const char *const *o = r->os; *o; o++)
			if (!strcmp(*o, os))
				return r;
	}
	return any;
}

size_t kb_cuda_image_count(const struct kb *self)
{
	return self->ncuda_images;
}

const struct kb_cuda_image *kb_cuda_image_at(const struct kb *self, size_t i)
{
	return i < self->ncuda_images ? &self->cuda_images[i] : NULL;
}

size_t kb_devel_base_count(const struct kb *self)
{
	return self->ndevel_bases;
}

const struct kb_devel_base *kb_devel_base_at(const struct kb *self, size_t i)
{
	return i < self->ndevel_bases ? &self->devel_bases[i] : NULL;
}

const struct kb_devel_base *kb_pytorch_devel_base(const struct kb *self, const struct version *torch)
{
	for (size_t i = 0; torch && i < self->ndevel_bases; i++)
		if (!version_cmp_prefix(torch, &self->devel_bases[i].torch, 2))
			return &self->devel_bases[i];
	return NULL;
}

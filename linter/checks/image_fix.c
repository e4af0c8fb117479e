#include "image_fix.h"

#include <stdio.h>
#include <string.h>

#include "analysis/floor.h"

/* One place a fix must hold: a driver (or none given) and the GPUs that run on it. */
struct place {
	const struct target *t;
	const struct profile_gpu *gpus; /* the profile's, or NULL: t's own cc */
	size_t ngpus;
};

/* Does image version `v` on tag OS `os` run where `pl` says: the driver runs its CUDA
 * fully, the container toolkit starts it (the driver's CUDA level meets the image's
 * NVIDIA_REQUIRE_CUDA, no brand exception needed), and its nvcc builds for each GPU. */
static bool fits(const struct check_ctx *ctx, const struct place *pl, const struct version *v, const char *os)
{
	const struct kb *kb = ctx->kb;
	const struct target *t = pl->t;
	if (t->has_driver) {
		const struct kb_cuda *rel = kb_cuda_find(kb, v);
		const struct kb_cuda_image *img = kb_cuda_image_for(kb, v, os);
		struct version level;
		if (!rel || floor_of_release(kb, rel, &t->driver, t->os) != FLOOR_FULL || !img ||
		    !kb_driver_max_cuda(kb, &t->driver, &level) ||
		    version_cmp_prefix(&level, &img->cuda, 2) < 0)
			return false;
	}
	if (!pl->gpus)
		return !t->has_cc || kb_cuda_can_target(kb, v, &t->cc) == KB_YES;
	for (size_t g = 0; g < pl->ngpus; g++)
		if (kb_cuda_can_target(kb, v, &pl->gpus[g].cc) != KB_YES)
			return false;
	return true;
}

/* Every target of the run (each profile), or ctx's own: one Dockerfile serves them all,
 * so a tag that mends one and breaks another is not proposed. */
static bool fits_everywhere(const struct check_ctx *ctx, const struct version *v, const char *os)
{
	struct place own = { ctx->target, NULL, 0 };
	if (!fits(ctx, &own, v, os))
		return false;
	for (size_t p = 0; ctx->profiles && p < ctx->profiles->nr; p++) {
		const struct profile *prof = &ctx->profiles->items[p];
		struct place pl = { &prof->base, prof->gpus, prof->ngpus };
		if (!fits(ctx, &pl, v, os))
			return false;
	}
	return true;
}

/* The middle of `row` to move to from `old` (flavour `flavor`): `old` itself when the row
 * lists it, else a listed middle with the same flavour and the same cuDNN-ness
 * ("cudnn-runtime" for "cudnn8-runtime": the cuDNN major follows the CUDA version);
 * NULL when the row has none. */
static const char *middle_in(const struct kb_cuda_image_tags *row, const char *old, const char *flavor)
{
	bool cudnn = !strncmp(old, "cudnn", 5);
	size_t fl = strlen(flavor);
	const char *same_kind = NULL;
	for (const char *const *m = row->tags; *m; m++) {
		if (!strcmp(*m, old))
			return *m;
		size_t ml = strlen(*m);
		bool flavor_ok =
			ml >= fl && !strcmp(*m + ml - fl, flavor) && (ml == fl || (*m)[ml - fl - 1] == '-');
		if (flavor_ok && !strncmp(*m, "cudnn", 5) == cudnn && (cudnn || ml == fl) && !same_kind)
			same_kind = *m;
	}
	return same_kind;
}

bool image_fix_for_target(const struct check_ctx *ctx, const struct cuda_claim *claim, char *buf, size_t size,
			  struct diag *d)
{
	const struct pin *p = claim->pin;
	struct kb_match m;
	struct version now;
	buf[0] = '\0';
	if (!ctx->target->has_driver || !p->spec || !cuda_claim_image_release(claim, &now) ||
	    !kb_match(ctx->kb, KB_PAT_IMAGE_TAG, p->name, p->spec, &m) || strcmp(m.pattern, "nvidia-cuda") ||
	    !m.os[0] || !m.flavor[0])
		return false;
	/* <cuda>-<middle>-<os>, as the pattern reads it */
	size_t lc = strlen(m.cuda), lo = strlen(m.os), ls = strlen(p->spec);
	if (ls < lc + lo + 3 || strncmp(p->spec, m.cuda, lc) || p->spec[lc] != '-' ||
	    p->spec[ls - lo - 1] != '-' || strcmp(p->spec + ls - lo, m.os))
		return false;
	char old_mid[KB_GROUP_MAX];
	size_t lm = ls - lc - lo - 2;
	if (lm >= sizeof(old_mid))
		return false;
	memcpy(old_mid, p->spec + lc + 1, lm);
	old_mid[lm] = '\0';
	if (!strncmp(old_mid, "tensorrt", 8))
		return false; /* TensorRT images: which TensorRT a move brings is not known */
	const struct kb_cuda_image_tags *best = NULL;
	const char *best_mid = NULL;
	for (size_t i = 0; i < kb_cuda_image_tags_count(ctx->kb); i++) {
		const struct kb_cuda_image_tags *row = kb_cuda_image_tags_at(ctx->kb, i);
		if (strcmp(row->os, m.os) || !version_cmp(&row->image, &now))
			continue;
		const char *mid = middle_in(row, old_mid, m.flavor);
		if (mid && fits_everywhere(ctx, &row->image, m.os)) {
			best = row; /* rows ascend by version within an OS: the last is the newest */
			best_mid = mid;
		}
	}
	if (!best)
		return false;
	char v[32];
	version_format(&best->image, v, sizeof(v));
	snprintf(buf, size, "%s:%s-%s-%s", p->name, v, best_mid, m.os);
	/* A devel image beside a torch of the stage builds extensions against it (STK306):
	 * moving its nvcc to another CUDA is a choice the help leaves to the reader. */
	for (size_t i = 0; !strcmp(m.flavor, "devel") && i < ctx->facts->builds.nr; i++) {
		const struct pin *t = ctx->facts->builds.items[i].pin;
		if (t->scope == p->scope || t->base_scope == p->scope)
			return true;
	}
	struct span vs = pin_spec_exact_span(p, 0, lc);
	struct span ms = strcmp(best_mid, old_mid) ? pin_spec_exact_span(p, lc + 1, lm) : vs;
	if (!span_is_set(vs) || !span_is_set(ms))
		return true;
	diag_add_edit(d, p->file, vs, m.cuda, v);
	if (strcmp(best_mid, old_mid))
		diag_add_edit(d, p->file, ms, old_mid, best_mid);
	return true;
}

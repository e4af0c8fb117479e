#include "suggest_search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/torch_pick.h"
#include "util/xalloc.h"

/* The "kernels:" line of the answer and the reason a GPU has none in a wheel. */
void suggest_arch_text(const struct kb_torch_variant *v, struct buf *out)
{
	buf_adds(out, "SASS");
	for (size_t i = 0; i < v->nsass; i++) {
		char cc[16];
		profile_sm_text(&v->sass[i], cc, sizeof(cc));
		buf_addf(out, " %s", cc);
	}
	if (!v->ptx_known) {
		buf_adds(out, "; PTX unknown");
	} else if (!v->nptx) {
		buf_adds(out, "; no PTX");
	} else {
		buf_adds(out, "; PTX");
		for (size_t i = 0; i < v->nptx; i++) {
			char cc[16];
			profile_sm_text(&v->ptx[i], cc, sizeof(cc));
			buf_addf(out, " %s", cc);
		}
	}
}

/* Why `driver` does not run CUDA X.Y (or that the KB cannot tell), into out. */
static void driver_why(const struct suggest *s, const struct profile *box, const struct version *cuda,
		       enum floor_verdict fv, struct buf *out)
{
	const struct target *b = &box->base;
	char drv[32], cu[16];
	version_format_driver(&b->driver, drv, sizeof(drv));
	version_format(cuda, cu, sizeof(cu));
	if (fv == FLOOR_UNKNOWN) {
		buf_addf(out, "the KB cannot tell whether driver %s runs CUDA %s", drv, cu);
		return;
	}
	struct version max, floor;
	const struct kb_cuda *rel;
	buf_addf(out, "driver %s", drv);
	if (kb_driver_max_cuda(s->kb, &b->driver, &max)) {
		char m[16];
		version_format(&max, m, sizeof(m));
		buf_addf(out, " runs CUDA %s at most", m);
	} else {
		buf_adds(out, " is too old");
	}
	if (kb_cuda_min_driver(s->kb, cuda, b->os, &floor, &rel)) {
		char f[32];
		version_format_driver(&floor, f, sizeof(f));
		buf_addf(out, "; CUDA %s needs %s", cu, f);
	} else {
		buf_addf(out, "; CUDA %s needs a newer driver", cu);
	}
	const struct kb_minor_compat *mvc = kb_cuda_minor_compat(s->kb, cuda->release[0]);
	if (mvc && mvc->has_driver[b->os]) {
		char f[32];
		version_format_driver(&mvc->driver[b->os], f, sizeof(f));
		buf_addf(out, " (%s through minor-version compatibility)", f);
	}
}

/* Does build `v` run on every GPU of `box` under its driver? On a miss, the first reason
 * in `why` (one clause). *fv gets the driver's verdict (FLOOR_UNKNOWN: no driver). */
static bool box_fits(const struct suggest *s, const struct profile *box, const struct kb_torch_variant *v,
		     enum floor_verdict *fv, struct buf *why)
{
	*fv = FLOOR_UNKNOWN;
	for (size_t g = 0; g < box->ngpus; g++) {
		const struct profile_gpu *gpu = &box->gpus[g];
		if (gpu->gpu && box->base.has_driver &&
		    kb_gpu_driver_supported(s->kb, gpu->gpu, &box->base.driver) == KB_NO) {
			char drv[32];
			version_format_driver(&box->base.driver, drv, sizeof(drv));
			buf_addf(why, "driver %s does not drive the %s", drv, gpu->gpu->name);
			return false;
		}
		enum kb_answer a = v->sass ? torch_pick_runs_on(v, &gpu->cc) : KB_UNKNOWN;
		if (a == KB_YES && torch_pick_serves(s->kb, v, &gpu->cc))
			continue;
		char gt[96];
		profile_gpu_text(gpu->gpu, &gpu->cc, false, gt, sizeof(gt));
		if (a == KB_YES) {
			char cu[16];
			version_format(&v->cuda, cu, sizeof(cu));
			buf_addf(why,
				 "its CUDA %s predates the %s (it would run only by JIT-compiling old PTX)",
				 cu, gt);
		} else if (a == KB_NO) {
			buf_addf(why, "%s has no kernels in it (", gt);
			suggest_arch_text(v, why);
			buf_adds(why, ")");
		} else {
			buf_addf(why, "the KB does not know whether it has kernels for %s", gt);
		}
		return false;
	}
	if (box->base.has_driver) {
		*fv = floor_of_minor(s->kb, &v->cuda, &box->base.driver, box->base.os);
		if (*fv != FLOOR_FULL && *fv != FLOOR_MVC) {
			driver_why(s, box, &v->cuda, *fv, why);
			return false;
		}
	}
	return true;
}

/* Does build `v` run on every target? On a miss, each profile it fails gets its reason
 * in why[profile]. *fv gets the weakest driver verdict: through minor-version
 * compatibility where any driver needs it (FLOOR_UNKNOWN: no driver given). */
static bool build_fits(const struct suggest *s, const struct kb_torch_variant *v, enum floor_verdict *fv,
		       struct buf *why)
{
	bool fits = true;
	*fv = FLOOR_UNKNOWN;
	for (size_t b = 0; b < s->nboxes; b++) {
		enum floor_verdict one;
		if (!box_fits(s, &s->boxes[b], v, &one, &why[b]))
			fits = false;
		else if (one == FLOOR_MVC || (one == FLOOR_FULL && *fv == FLOOR_UNKNOWN))
			*fv = one;
	}
	return fits;
}

const char *suggest_secondhand_text(const struct kb_torch_release *rel, const struct kb_torch_variant *v)
{
	if (rel->origin.secondary)
		return "the KB has this release from secondary sources only (status: 2nd)";
	if (v->origin.secondary)
		return "the KB has this build from secondary sources only (status: 2nd)";
	return NULL;
}

/* Why build `v`, which runs on every profile, is not preferred, into why (empty: it
 * is): the KB has it second-hand (torch_pick_firsthand). */
static void unpreferred_why(const struct kb_torch_release *rel, const struct kb_torch_variant *v,
			    struct buf *why)
{
	const char *second = suggest_secondhand_text(rel, v);
	if (second)
		buf_adds(why, second);
}

/* The one order of torch_pick.h, which the checks' help texts search by too. */
static bool better(enum floor_verdict fv, const struct kb_torch_variant *v, const struct suggest_pick *best)
{
	return torch_pick_better(fv, &v->cuda, best->floor, best->variant ? &best->variant->cuda : NULL,
				 best->variant != NULL);
}

/* More CUDA wheels than this in one patch are weighed, but not all explained. */
#define SUGGEST_MAX_VARIANTS 16

/* n empty buffers (a zeroed struct buf is not one: BUF_INIT sets its capacity). */
static struct buf *bufs_new(size_t n)
{
	struct buf *b = xcalloc(n ? n : 1, sizeof(*b));
	for (size_t i = 0; i < n; i++)
		buf_init(&b[i], 0);
	return b;
}

static void why_init(struct suggest_why *w, size_t nboxes)
{
	buf_init(&w->common, 0);
	w->per = bufs_new(nboxes);
}

void suggest_why_release(struct suggest_why *w, size_t nboxes)
{
	buf_release(&w->common);
	for (size_t b = 0; b < nboxes; b++)
		buf_release(&w->per[b]);
	free(w->per);
	w->per = NULL;
}

/* The best build of one patch into *best (variant NULL: none fits; with
 * `preferred_only`, none the search prefers); for each profile, the verdict on each CUDA
 * wheel that does not run there (or is not preferred there) is appended to why->per,
 * wheels failing for the same reason together ("cu121, cu124: REASON; cu118: REASON"). */
static void pick_patch(const struct suggest *s, bool preferred_only, const struct kb_torch_release *rel,
		       const struct version *patch, struct suggest_pick *best, struct suggest_why *why)
{
	struct buf *reason[SUGGEST_MAX_VARIANTS]; /* [variant][profile] */
	const char *name[SUGGEST_MAX_VARIANTS];
	size_t n = 0;
	memset(best, 0, sizeof(*best));
	/* No install line can name one build of these (torch_pick_build skips them too). */
	if (rel->no_local_version) {
		buf_adds(&why->common,
			 "its wheels carry no +cuXYZ label, so no install line names one of its builds");
		return;
	}
	for (size_t i = 0; i < rel->nvariants; i++) {
		const struct kb_torch_variant *v = &rel->variants[i];
		if (!v->has_cuda || kb_torch_variant(rel, v->name, patch) != v)
			continue;
		enum floor_verdict fv;
		struct buf *one = bufs_new(s->nboxes);
		bool fits = build_fits(s, v, &fv, one);
		/* Each profile it runs on says why it is not preferred, even where it does
		 * not run on another. */
		for (size_t b = 0; preferred_only && b < s->nboxes; b++)
			if (!one[b].len) {
				unpreferred_why(rel, v, &one[b]);
				fits = fits && !one[b].len;
			}
		if (fits) {
			if (better(fv, v, best)) {
				best->rel = rel;
				best->patch = *patch;
				best->variant = v;
				best->floor = fv;
			}
		} else if (n < SUGGEST_MAX_VARIANTS) {
			name[n] = v->name;
			reason[n++] = one;
			continue;
		}
		for (size_t b = 0; b < s->nboxes; b++)
			buf_release(&one[b]);
		free(one);
	}
	for (size_t b = 0; b < s->nboxes; b++) {
		struct buf *out = &why->per[b];
		bool done[SUGGEST_MAX_VARIANTS] = { false };
		for (size_t i = 0; i < n; i++) {
			if (done[i] || !reason[i][b].len)
				continue;
			buf_addf(out, "%s%s", out->len ? "; " : "", name[i]);
			for (size_t j = i + 1; j < n; j++)
				if (!done[j] && reason[j][b].len &&
				    !strcmp(reason[i][b].buf, reason[j][b].buf)) {
					buf_addf(out, ", %s", name[j]);
					done[j] = true;
				}
			buf_addf(out, ": %s", reason[i][b].buf);
		}
	}
	for (size_t i = 0; i < n; i++) {
		for (size_t b = 0; b < s->nboxes; b++)
			buf_release(&reason[i][b]);
		free(reason[i]);
	}
	if (!n && !best->variant)
		buf_adds(&why->common, "the KB knows no CUDA wheel of it");
}

/* Does the question's --torch select this line / patch? */
static bool torch_selects(const struct suggest *s, const struct kb_torch_release *rel,
			  const struct version *patch)
{
	if (!s->has_torch)
		return true;
	if (version_cmp_prefix(&rel->line, &s->torch, 2))
		return false;
	return !patch || s->torch.nrelease < 3 || !version_cmp_prefix(patch, &s->torch, 3);
}

/* Why the line cannot serve --python at all, or NULL. */
static bool python_misses(const struct suggest *s, const struct kb_torch_release *rel, struct buf *why)
{
	if (!s->has_python)
		return false;
	char p[16];
	version_format(&s->python, p, sizeof(p));
	if (!rel->has_python) {
		buf_addf(why, "the KB does not know its Python versions");
		return true;
	}
	if (version_cmp_prefix(&s->python, &rel->python_min, 2) < 0 ||
	    version_cmp_prefix(&s->python, &rel->python_max, 2) > 0) {
		char lo[16], hi[16];
		version_format(&rel->python_min, lo, sizeof(lo));
		version_format(&rel->python_max, hi, sizeof(hi));
		buf_addf(why, "its wheels are for Python %s to %s, not %s", lo, hi, p);
		return true;
	}
	return false;
}

/* One pass of the search (suggest_search), among the preferred builds or all of them. */
static bool search_pass(const struct suggest *s, bool preferred_only, struct suggest_pick *pick,
			struct suggest_reject *rejects, size_t *nrejects)
{
	*nrejects = 0;
	memset(pick, 0, sizeof(*pick));
	for (size_t r = kb_torch_count(s->kb); r-- > 0;) {
		const struct kb_torch_release *rel = kb_torch_at(s->kb, r);
		if (!torch_selects(s, rel, NULL) || !rel->npatches)
			continue;
		struct suggest_why why;
		why_init(&why, s->nboxes);
		const struct version *first = NULL;
		bool found = false;
		if (!python_misses(s, rel, &why.common)) {
			for (size_t p = rel->npatches; p-- > 0 && !found;) {
				const struct version *patch = &rel->patches[p];
				if (!torch_selects(s, rel, patch))
					continue;
				struct suggest_why pwhy;
				why_init(&pwhy, s->nboxes);
				pick_patch(s, preferred_only, rel, patch, pick, first ? &pwhy : &why);
				if (pick->variant)
					found = true;
				if (!first)
					first = patch;
				suggest_why_release(&pwhy, s->nboxes);
			}
		}
		if (found && first && !version_cmp(first, &pick->patch)) {
			suggest_why_release(&why, s->nboxes);
			return true;
		}
		if (*nrejects < SUGGEST_MAX_REJECTS) {
			struct suggest_reject *rj = &rejects[(*nrejects)++];
			version_format(first ? first : &rel->patches[rel->npatches - 1], rj->torch,
				       sizeof(rj->torch));
			rj->why = why;
		} else {
			suggest_why_release(&why, s->nboxes);
		}
		if (found)
			return true;
	}
	return false;
}

/* A user wants the newest build that runs with facts the KB has first-hand (as
 * torch_pick_newest searches for the checks' help texts, which says why runs fully is
 * weighed only within a patch); a newer one that rests on second-hand facts is the
 * answer only where no such build runs on every target, and then it says so. */
bool suggest_search(const struct suggest *s, struct suggest_pick *pick, struct suggest_reject *rejects,
		    size_t *nrejects)
{
	if (search_pass(s, true, pick, rejects, nrejects))
		return true;
	for (size_t i = 0; i < *nrejects; i++)
		suggest_why_release(&rejects[i].why, s->nboxes);
	if (!search_pass(s, false, pick, rejects, nrejects))
		return false;
	pick->fallback = true;
	return true;
}

/*
 * suggest: the newest torch build that runs on every target (`envlint suggest --gpu G
 * [--gpu G2] --driver D [--python X.Y] [--torch X.Y]`, or `--profile NAME|FILE|-`,
 * repeatable: every GPU of every profile, each under its own driver), with the pip
 * line, the conda line and a pytorch/pytorch image where the KB knows them, and one
 * line per newer release saying which target it fails and why (per profile, when there
 * are several). It is a search over the KB's release
 * lines, patches and CUDA wheels, newest first (kb_torch_at, kb_torch_variant,
 * kb_torch_companion), asking the same questions the checks ask: kernels through
 * torch_pick_runs_on (SASS for the GPU's compute capability, or PTX it can JIT), the
 * driver through floor_of_minor (fully, or through minor-version compatibility). A
 * fact the KB does not hold never fits: an unknown is said, not guessed past.
 */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analysis/floor.h"
#include "analysis/torch_pick.h"
#include "common.h"
#include "kb/kb.h"
#include "profile.h"
#include "report/report.h"
#include "util/jsonw.h"
#include "util/xalloc.h"

static const enum cli_opt SUGGEST_OPTIONS[] = {
	CLI_OPT_PROFILE, CLI_OPT_GPU,    CLI_OPT_DRIVER, CLI_OPT_OS,  CLI_OPT_PYTHON,
	CLI_OPT_TORCH,   CLI_OPT_FORMAT, CLI_OPT_KB,     CLI_OPT_END,
};

/* The question and what is known of it. */
struct suggest {
	const struct kb *kb;
	const struct profile *boxes; /* the targets: a build must run on every one */
	size_t nboxes;
	bool has_python;
	struct version python;
	bool has_torch;
	struct version torch; /* X.Y (a line) or X.Y.Z (a patch) */
};

/* The chosen build. */
struct pick {
	const struct kb_torch_release *rel;
	struct version patch;
	const struct kb_torch_variant *variant;
	enum floor_verdict floor; /* the weakest of the drivers; FLOOR_UNKNOWN: none given */
};

static void vtext(const struct version *v, char *buf, size_t size)
{
	version_format(v, buf, size);
}

/* "SASS sm_50 sm_60 ...; PTX sm_90" or "; no PTX" / "; PTX unknown". */
static void arch_text(const struct kb_torch_variant *v, struct buf *out)
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
	vtext(cuda, cu, sizeof(cu));
	if (fv == FLOOR_UNKNOWN) {
		buf_addf(out, "the KB cannot tell whether driver %s runs CUDA %s", drv, cu);
		return;
	}
	struct version max, floor;
	const struct kb_cuda *rel;
	buf_addf(out, "driver %s", drv);
	if (kb_driver_max_cuda(s->kb, &b->driver, &max)) {
		char m[16];
		vtext(&max, m, sizeof(m));
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
			arch_text(v, why);
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

/* The one order of torch_pick.h, which the checks' help texts search by too. */
static bool better(enum floor_verdict fv, const struct kb_torch_variant *v, const struct pick *best)
{
	return torch_pick_better(fv, &v->cuda, best->floor, best->variant ? &best->variant->cuda : NULL,
				 best->variant != NULL);
}

/* More CUDA wheels than this in one patch are weighed, but not all explained. */
#define SUGGEST_MAX_VARIANTS 16

/* Why a release does not fit: a reason of the release itself (`common`: no wheel for
 * --python, no +cuXYZ label), else each target profile's reason, empty for a profile a
 * build of it runs on. */
struct why {
	struct buf common;
	struct buf *per; /* one per profile */
};

/* n empty buffers (a zeroed struct buf is not one: BUF_INIT sets its capacity). */
static struct buf *bufs_new(size_t n)
{
	struct buf *b = xcalloc(n ? n : 1, sizeof(*b));
	for (size_t i = 0; i < n; i++)
		buf_init(&b[i], 0);
	return b;
}

static void why_init(struct why *w, size_t nboxes)
{
	buf_init(&w->common, 0);
	w->per = bufs_new(nboxes);
}

static void why_release(struct why *w, size_t nboxes)
{
	buf_release(&w->common);
	for (size_t b = 0; b < nboxes; b++)
		buf_release(&w->per[b]);
	free(w->per);
	w->per = NULL;
}

/* The best build of one patch into *best (variant NULL: none fits); for each profile,
 * the verdict on each CUDA wheel that does not run there is appended to why->per,
 * wheels failing for the same reason together ("cu121, cu124: REASON; cu118: REASON"). */
static void pick_patch(const struct suggest *s, const struct kb_torch_release *rel,
		       const struct version *patch, struct pick *best, struct why *why)
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
		if (build_fits(s, v, &fv, one)) {
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
	vtext(&s->python, p, sizeof(p));
	if (!rel->has_python) {
		buf_addf(why, "the KB does not know its Python versions");
		return true;
	}
	if (version_cmp_prefix(&s->python, &rel->python_min, 2) < 0 ||
	    version_cmp_prefix(&s->python, &rel->python_max, 2) > 0) {
		char lo[16], hi[16];
		vtext(&rel->python_min, lo, sizeof(lo));
		vtext(&rel->python_max, hi, sizeof(hi));
		buf_addf(why, "its wheels are for Python %s to %s, not %s", lo, hi, p);
		return true;
	}
	return false;
}

/* A rejected candidate: its torch version and why. */
struct reject {
	char torch[32];
	struct why why;
};

#define SUGGEST_MAX_REJECTS 64

/* The search: lines newest first, patches newest first within a line. Lines newer than
 * the pick (and newer patches of its own line) each get one reject, explained by their
 * newest patch the question selects. */
static bool search(const struct suggest *s, struct pick *pick, struct reject *rejects, size_t *nrejects)
{
	*nrejects = 0;
	memset(pick, 0, sizeof(*pick));
	for (size_t r = kb_torch_count(s->kb); r-- > 0;) {
		const struct kb_torch_release *rel = kb_torch_at(s->kb, r);
		if (!torch_selects(s, rel, NULL) || !rel->npatches)
			continue;
		struct why why;
		why_init(&why, s->nboxes);
		const struct version *first = NULL;
		bool found = false;
		if (!python_misses(s, rel, &why.common)) {
			for (size_t p = rel->npatches; p-- > 0 && !found;) {
				const struct version *patch = &rel->patches[p];
				if (!torch_selects(s, rel, patch))
					continue;
				struct why pwhy;
				why_init(&pwhy, s->nboxes);
				pick_patch(s, rel, patch, pick, first ? &pwhy : &why);
				if (pick->variant)
					found = true;
				if (!first)
					first = patch;
				why_release(&pwhy, s->nboxes);
			}
		}
		if (found && first && !version_cmp(first, &pick->patch)) {
			why_release(&why, s->nboxes);
			return true;
		}
		if (*nrejects < SUGGEST_MAX_REJECTS) {
			struct reject *rj = &rejects[(*nrejects)++];
			vtext(first ? first : &rel->patches[rel->npatches - 1], rj->torch, sizeof(rj->torch));
			rj->why = why;
		} else {
			why_release(&why, s->nboxes);
		}
		if (found)
			return true;
	}
	return false;
}

/* ------------------------------------------------------------------------- */
/* What to type */

/* The PyTorch index of the build, in the shape of images.yaml's `pytorch-index`
 * pattern (the URL is checked against it, so it is the KB's, not made up here). */
static bool index_url(const struct suggest *s, const struct kb_torch_variant *v, char *buf, size_t size,
		      struct kb_match *m)
{
	snprintf(buf, size, "https://download.pytorch.org/whl/%s", v->name);
	return kb_match(s->kb, KB_PAT_INDEX_URL, NULL, buf, m) && !strcmp(m->variant, v->name) &&
	       !strcmp(m->pattern, "pytorch-index");
}

static void pip_line(const struct suggest *s, const struct pick *p, struct buf *out, const char **source)
{
	char t[32], url[128];
	struct kb_match m;
	const struct kb_torch_companion *c = kb_torch_companion(p->rel, &p->patch);
	*source = NULL;
	if (!index_url(s, p->variant, url, sizeof(url), &m))
		return;
	*source = m.origin.source;
	vtext(&p->patch, t, sizeof(t));
	buf_addf(out, "pip install torch==%s+%s", t, p->variant->name);
	if (c && c->has_torchvision) {
		vtext(&c->torchvision, t, sizeof(t));
		buf_addf(out, " torchvision==%s+%s", t, p->variant->name);
	}
	if (c && c->has_torchaudio) {
		vtext(&c->torchaudio, t, sizeof(t));
		buf_addf(out, " torchaudio==%s+%s", t, p->variant->name);
	}
	buf_addf(out, " --index-url %s", url);
}

/* The `pytorch` channel's build of the same CUDA X.Y (pytorch-cuda=X.Y, or cudatoolkit=
 * X.Y before 1.13), or why there is none. */
static bool conda_line(const struct pick *p, struct buf *out, struct buf *why)
{
	char t[32], cu[16];
	const struct kb_torch_release *rel = p->rel;
	if (!rel->conda_channel) {
		buf_adds(why, "this release is not on the pytorch conda channel");
		return false;
	}
	const char *meta = NULL, *channels = NULL;
	for (size_t i = 0; i < rel->npytorch_cuda && !meta; i++)
		if (!version_cmp_prefix(&rel->pytorch_cuda[i], &p->variant->cuda, 2)) {
			meta = "pytorch-cuda";
			channels = "-c pytorch -c nvidia";
		}
	for (size_t i = 0; i < rel->ncudatoolkit && !meta; i++)
		if (!version_cmp_prefix(&rel->cudatoolkit[i], &p->variant->cuda, 2)) {
			meta = "cudatoolkit";
			channels = "-c pytorch -c conda-forge";
		}
	vtext(&p->variant->cuda, cu, sizeof(cu));
	if (!meta) {
		buf_addf(why, "the pytorch conda channel has no CUDA %s build of this release", cu);
		return false;
	}
	const struct kb_torch_companion *c = kb_torch_companion(rel, &p->patch);
	vtext(&p->patch, t, sizeof(t));
	buf_addf(out, "conda install pytorch==%s", t);
	if (c && c->has_torchvision) {
		vtext(&c->torchvision, t, sizeof(t));
		buf_addf(out, " torchvision==%s", t);
	}
	if (c && c->has_torchaudio) {
		vtext(&c->torchaudio, t, sizeof(t));
		buf_addf(out, " torchaudio==%s", t);
	}
	buf_addf(out, " %s=%s %s", meta, cu, channels);
	return true;
}

/* pytorch/pytorch:<patch>-cudaX.Y-cudnnN-runtime, from the release's `images` (tag
 * middles) and only for the line's newest patch (older patches' tags are not all
 * known); the tag must parse as images.yaml's `pytorch-image` pattern. */
static bool image_tag(const struct suggest *s, const struct pick *p, char *buf, size_t size)
{
	const struct kb_torch_release *rel = p->rel;
	if (!rel->images || version_cmp(&p->patch, &rel->patches[rel->npatches - 1]))
		return false;
	char t[32];
	vtext(&p->patch, t, sizeof(t));
	for (const char *const *img = rel->images; *img; img++) {
		struct kb_match m;
		struct version cuda;
		snprintf(buf, size, "%s-%s-runtime", t, *img);
		if (kb_match(s->kb, KB_PAT_IMAGE_TAG, "pytorch/pytorch", buf, &m) &&
		    version_parse(&cuda, m.cuda, strlen(m.cuda)) &&
		    !version_cmp_prefix(&cuda, &p->variant->cuda, 2))
			return true;
	}
	return false;
}

/* ------------------------------------------------------------------------- */
/* Output */

static const char *floor_name(enum floor_verdict fv)
{
	switch (fv) {
	case FLOOR_FULL:
		return "full";
	case FLOOR_MVC:
		return "minor-version-compatibility";
	case FLOOR_NONE:
	case FLOOR_UNKNOWN:
		break;
	}
	return NULL;
}

static void box_text(const struct profile *box, struct buf *out)
{
	for (size_t g = 0; g < box->ngpus; g++) {
		char gt[96];
		profile_gpu_text(box->gpus[g].gpu, &box->gpus[g].cc, false, gt, sizeof(gt));
		buf_addf(out, "%s%s", g ? ", " : "", gt);
	}
	if (!box->ngpus)
		buf_adds(out, "any GPU (kernels not checked)");
	if (box->base.has_driver) {
		char drv[32];
		version_format_driver(&box->base.driver, drv, sizeof(drv));
		buf_addf(out, "; driver %s", drv);
	} else {
		buf_adds(out, "; driver not given (not checked)");
	}
	buf_addf(out, " (%s)", box->base.os == KB_OS_WINDOWS ? "windows" : "linux");
}

/* "targets: BOX" for one target (" (profile NAME)" after a named one), else a line per
 * profile under "targets:". */
static void targets_text(const struct suggest *s, struct buf *out)
{
	if (s->nboxes == 1) {
		buf_adds(out, "targets: ");
		box_text(&s->boxes[0], out);
		if (s->boxes[0].base.name)
			buf_addf(out, " (profile %s)", s->boxes[0].base.name);
		buf_addch(out, '\n');
		return;
	}
	buf_adds(out, "targets:\n");
	for (size_t b = 0; b < s->nboxes; b++) {
		buf_addf(out, "  %s: ", s->boxes[b].base.name);
		box_text(&s->boxes[b], out);
		buf_addch(out, '\n');
	}
}

/* One reject's reasons in one line: the release's own, or each failing profile's
 * ("NAME: REASON; NAME: REASON" when there are several profiles). */
static void why_text(const struct suggest *s, const struct why *w, struct buf *out)
{
	if (w->common.len || s->nboxes == 1) {
		buf_adds(out, w->common.len ? w->common.buf : w->per[0].len ? w->per[0].buf : "");
		return;
	}
	size_t n = 0;
	for (size_t b = 0; b < s->nboxes; b++)
		if (w->per[b].len)
			buf_addf(out, "%s%s: %s", n++ ? "; " : "", s->boxes[b].base.name, w->per[b].buf);
}

/* What the pick is: every field the text and JSON both print. */
struct answer {
	char torch[32], cuda[16], cudnn[32], vision[32], audio[32], pymin[16], pymax[16];
	struct buf pip, conda, conda_why;
	const char *pip_source;
	bool has_image;
	char image[160];
};

static void answer_fill(const struct suggest *s, const struct pick *p, struct answer *a)
{
	memset(a, 0, sizeof(*a));
	buf_init(&a->pip, 0);
	buf_init(&a->conda, 0);
	buf_init(&a->conda_why, 0);
	const struct kb_torch_companion *c = kb_torch_companion(p->rel, &p->patch);
	vtext(&p->patch, a->torch, sizeof(a->torch));
	vtext(&p->variant->cuda, a->cuda, sizeof(a->cuda));
	if (p->variant->has_cudnn)
		vtext(&p->variant->cudnn, a->cudnn, sizeof(a->cudnn));
	if (c && c->has_torchvision)
		vtext(&c->torchvision, a->vision, sizeof(a->vision));
	if (c && c->has_torchaudio)
		vtext(&c->torchaudio, a->audio, sizeof(a->audio));
	if (p->rel->has_python) {
		vtext(&p->rel->python_min, a->pymin, sizeof(a->pymin));
		vtext(&p->rel->python_max, a->pymax, sizeof(a->pymax));
	}
	pip_line(s, p, &a->pip, &a->pip_source);
	conda_line(p, &a->conda, &a->conda_why);
	char tag[128];
	if (image_tag(s, p, tag, sizeof(tag))) {
		a->has_image = true;
		snprintf(a->image, sizeof(a->image), "pytorch/pytorch:%s", tag);
	}
}

static void answer_release(struct answer *a)
{
	buf_release(&a->pip);
	buf_release(&a->conda);
	buf_release(&a->conda_why);
}

static void write_text(const struct suggest *s, const struct pick *p, bool found, const struct reject *rj,
		       size_t nrj, struct buf *out)
{
	targets_text(s, out);
	if (found) {
		struct answer a;
		answer_fill(s, p, &a);
		buf_addf(out, "torch %s + %s (CUDA %s", a.torch, p->variant->name, a.cuda);
		if (a.cudnn[0])
			buf_addf(out, ", cuDNN %s", a.cudnn);
		buf_adds(out, ")");
		if (a.vision[0])
			buf_addf(out, ", torchvision %s", a.vision);
		if (a.audio[0])
			buf_addf(out, ", torchaudio %s", a.audio);
		if (a.pymin[0])
			buf_addf(out, ", Python %s to %s", a.pymin, a.pymax);
		buf_addch(out, '\n');
		if (!a.vision[0] && !a.audio[0])
			buf_adds(out,
				 "  note:    the KB knows no torchvision / torchaudio of this release\n");
		if (p->rel->origin.secondary)
			buf_adds(
				out,
				"  note:    the KB has this release from secondary sources only (status: 2nd)\n");
		else if (p->variant->origin.secondary)
			buf_adds(
				out,
				"  note:    the KB has this build from secondary sources only (status: 2nd)\n");
		bool gpus = false;
		for (size_t b = 0; b < s->nboxes; b++)
			gpus = gpus || s->boxes[b].ngpus;
		if (gpus) {
			buf_adds(out, "  kernels: ");
			arch_text(p->variant, out);
			buf_addch(out, '\n');
		}
		for (size_t b = 0; b < s->nboxes; b++) {
			const struct profile *box = &s->boxes[b];
			if (!box->base.has_driver)
				continue;
			char drv[32];
			version_format_driver(&box->base.driver, drv, sizeof(drv));
			enum floor_verdict fv =
				floor_of_minor(s->kb, &p->variant->cuda, &box->base.driver, box->base.os);
			buf_addf(out, "  driver:  %s%s%s runs CUDA %s %s\n",
				 s->nboxes > 1 ? box->base.name : "", s->nboxes > 1 ? ": " : "", drv, a.cuda,
				 fv == FLOOR_FULL ? "fully"
						  : "through minor-version compatibility (no PTX JIT; "
						    "features of the newer runtime may be missing)");
		}
		buf_addf(out, "  pip:     %s\n",
			 a.pip.len ? a.pip.buf : "(no PyTorch index URL the KB knows)");
		buf_addf(out, "  conda:   %s\n", a.conda.len ? a.conda.buf : a.conda_why.buf);
		buf_addf(out, "  docker:  %s\n",
			 a.has_image ? a.image : "(no pytorch/pytorch tag the KB knows for this build)");
		buf_addf(out, "  source:  %s\n",
			 p->variant->origin.source ? p->variant->origin.source : p->rel->origin.source);
		answer_release(&a);
	} else {
		buf_adds(out, "no torch build the KB knows runs on every target\n");
	}
	if (nrj)
		buf_addf(out, "%s:\n",
			 found ? "newer releases that do not fit" : "why each release does not fit");
	for (size_t i = 0; i < nrj; i++) {
		const struct why *w = &rj[i].why;
		if (s->nboxes == 1 || w->common.len) {
			buf_addf(out, "  torch %s: ", rj[i].torch);
			why_text(s, w, out);
			buf_addch(out, '\n');
			continue;
		}
		buf_addf(out, "  torch %s:\n", rj[i].torch);
		for (size_t b = 0; b < s->nboxes; b++)
			if (w->per[b].len)
				buf_addf(out, "    %s: %s\n", s->boxes[b].base.name, w->per[b].buf);
	}
}

static void json_opt(struct buf *out, const char *key, const char *value, bool comma)
{
	buf_addf(out, "%s\"%s\": ", comma ? ", " : "", key);
	jsonw_string(out, value && value[0] ? value : NULL);
}

/* A profile's "gpus", "driver" and "os" members. */
static void box_json(const struct profile *box, struct buf *out)
{
	buf_adds(out, "\"gpus\": [");
	for (size_t g = 0; g < box->ngpus; g++) {
		char cc[16];
		profile_sm_text(&box->gpus[g].cc, cc, sizeof(cc));
		buf_adds(out, g ? ", {" : "{");
		json_opt(out, "name", box->gpus[g].gpu ? box->gpus[g].gpu->name : NULL, false);
		json_opt(out, "cc", cc, true);
		buf_adds(out, "}");
	}
	char drv[32] = "";
	if (box->base.has_driver)
		version_format_driver(&box->base.driver, drv, sizeof(drv));
	buf_adds(out, "]");
	json_opt(out, "driver", drv, true);
	json_opt(out, "os", box->base.os == KB_OS_WINDOWS ? "windows" : "linux", true);
}

static void write_json(const struct suggest *s, const struct pick *p, bool found, const struct reject *rj,
		       size_t nrj, struct buf *out)
{
	if (s->nboxes == 1) {
		buf_adds(out, "{\"targets\": {");
		box_json(&s->boxes[0], out);
		buf_adds(out, "},\n \"profiles\": [");
	} else {
		buf_adds(out, "{\"profiles\": [");
	}
	for (size_t b = 0; b < s->nboxes; b++) {
		buf_adds(out, b ? ", {" : "{");
		json_opt(out, "name", s->boxes[b].base.name, false);
		buf_adds(out, ", ");
		box_json(&s->boxes[b], out);
		buf_adds(out, "}");
	}
	buf_adds(out, "],\n \"pick\": ");
	if (found) {
		struct answer a;
		answer_fill(s, p, &a);
		buf_adds(out, "{");
		json_opt(out, "torch", a.torch, false);
		json_opt(out, "variant", p->variant->name, true);
		json_opt(out, "cuda", a.cuda, true);
		json_opt(out, "cudnn", a.cudnn, true);
		json_opt(out, "torchvision", a.vision, true);
		json_opt(out, "torchaudio", a.audio, true);
		json_opt(out, "python_min", a.pymin, true);
		json_opt(out, "python_max", a.pymax, true);
		json_opt(out, "driver_runs", floor_name(p->floor), true);
		json_opt(out, "pip", a.pip.buf, true);
		json_opt(out, "conda", a.conda.buf, true);
		json_opt(out, "conda_why_not", a.conda.len ? NULL : a.conda_why.buf, true);
		json_opt(out, "image", a.has_image ? a.image : NULL, true);
		json_opt(out, "source",
			 p->variant->origin.source ? p->variant->origin.source : p->rel->origin.source, true);
		json_opt(out, "index_source", a.pip_source, true);
		/* Second-hand when the release or the build the answer names is. */
		buf_addf(out, ", \"secondary\": %s",
			 p->rel->origin.secondary || p->variant->origin.secondary ? "true" : "false");
		buf_adds(out, "}");
		answer_release(&a);
	} else {
		buf_adds(out, "null");
	}
	buf_adds(out, ",\n \"rejected\": [");
	for (size_t i = 0; i < nrj; i++) {
		buf_adds(out, i ? ",\n  {" : "\n  {");
		json_opt(out, "torch", rj[i].torch, false);
		struct buf why = BUF_INIT;
		why_text(s, &rj[i].why, &why);
		json_opt(out, "why", why.buf, true);
		buf_release(&why);
		/* Several profiles: each failing one's reason on its own, for a tool to read. */
		if (s->nboxes > 1)
			buf_adds(out, ", \"why_by_profile\": [");
		for (size_t b = 0, n = 0; s->nboxes > 1 && b < s->nboxes && !rj[i].why.common.len; b++) {
			if (!rj[i].why.per[b].len)
				continue;
			buf_adds(out, n++ ? ", {" : "{");
			json_opt(out, "profile", s->boxes[b].base.name, false);
			json_opt(out, "why", rj[i].why.per[b].buf, true);
			buf_adds(out, "}");
		}
		buf_adds(out, s->nboxes > 1 ? "]}" : "}");
	}
	buf_adds(out, "]}\n");
}

/* ------------------------------------------------------------------------- */

static bool parse_question(struct suggest *s, const struct cli_args *args, struct cmd_io *io)
{
	if (args->os && !strcasecmp(args->os, "windows")) {
		buf_adds(&io->err,
			 "envlint: suggest knows the Linux wheels only (pytorch.yaml); --os windows "
			 "is not supported\n");
		return false;
	}
	if (!args->ngpus && !args->driver && !args->nprofiles) {
		buf_addf(&io->err,
			 "envlint: suggest needs a target: %s (repeatable), or --gpu NAME (repeatable) "
			 "and/or --driver VERSION\n(see envlint --help)\n",
			 cli_option_usage(CLI_OPT_PROFILE));
		return false;
	}
	if (args->npaths) {
		buf_addf(&io->err, "envlint: suggest takes no paths ('%s')\n(see envlint --help)\n",
			 args->paths[0]);
		return false;
	}
	if (args->format && strcmp(args->format->name, "text") && strcmp(args->format->name, "json")) {
		buf_addf(&io->err, "envlint: suggest prints text or json, not '%s'\n", args->format->name);
		return false;
	}
	s->has_python = args->python != NULL;
	if (s->has_python &&
	    (!version_parse(&s->python, args->python, strlen(args->python)) || s->python.nrelease != 2)) {
		buf_addf(&io->err, "envlint: --python takes X.Y, not '%s'\n", args->python);
		return false;
	}
	s->has_torch = args->torch != NULL;
	if (s->has_torch && (!version_parse(&s->torch, args->torch, strlen(args->torch)) ||
			     s->torch.nrelease < 2 || s->torch.nrelease > 3)) {
		buf_addf(&io->err, "envlint: --torch takes X.Y or X.Y.Z, not '%s'\n", args->torch);
		return false;
	}
	const struct kb_torch_release *line = s->has_torch ? kb_torch_release(s->kb, &s->torch) : NULL;
	if (s->has_torch && (!line || (s->torch.nrelease == 3 && !kb_torch_patch_exists(line, &s->torch)))) {
		buf_addf(&io->err, "envlint: the KB knows no torch release '%s'\n", args->torch);
		return false;
	}
	return true;
}

/* Every target is a Linux x86_64 box with a GPU or a driver: the KB's wheels and their
 * arch lists are those (pytorch.yaml), and a box with neither would let any build fit. */
static bool boxes_askable(const struct suggest *s, struct cmd_io *io)
{
	for (size_t b = 0; b < s->nboxes; b++) {
		const struct profile *box = &s->boxes[b];
		const char *name = box->base.name ? box->base.name : "command-line";
		if (box->platform != PROFILE_PLATFORM_LINUX_X86_64 || box->base.os != KB_OS_LINUX) {
			buf_addf(&io->err,
				 "envlint: suggest knows the Linux x86_64 wheels only (pytorch.yaml); "
				 "profile '%s' is %s\n",
				 name,
				 box->base.os == KB_OS_WINDOWS ? "windows"
							       : profile_platform_name(box->platform));
			return false;
		}
		if (!box->ngpus && !box->base.has_driver) {
			buf_addf(
				&io->err,
				"envlint: profile '%s' names no GPU and no driver: every build would fit it\n",
				name);
			return false;
		}
	}
	return true;
}

enum cmd_status cmd_suggest(int argc, char **argv, struct cmd_io *io)
{
	struct cli_args args;
	struct kb *kb;
	if (!cmd_parse(argc, argv, SUGGEST_OPTIONS, &args, io))
		return CMD_TROUBLE;
	policy_release(&args.policy);
	if (!cmd_load_kb(args.kb_dir, &kb, io))
		return CMD_TROUBLE;
	struct profile_list boxes = PROFILE_LIST_INIT;
	struct suggest s = { kb, NULL, 0, false, { 0 }, false, { 0 } };
	bool ok = parse_question(&s, &args, io) && cmd_load_profiles(&args, kb, &boxes, io);
	s.boxes = boxes.items;
	s.nboxes = boxes.nr;
	if (!ok || !boxes_askable(&s, io)) {
		profile_list_release(&boxes);
		kb_free(kb);
		return CMD_TROUBLE;
	}
	struct pick pick;
	struct reject *rejects = xcalloc(SUGGEST_MAX_REJECTS, sizeof(*rejects));
	size_t nrejects;
	bool found = search(&s, &pick, rejects, &nrejects);
	if (args.format && !strcmp(args.format->name, "json"))
		write_json(&s, &pick, found, rejects, nrejects, &io->out);
	else
		write_text(&s, &pick, found, rejects, nrejects, &io->out);
	for (size_t i = 0; i < nrejects; i++)
		why_release(&rejects[i].why, s.nboxes);
	free(rejects);
	profile_list_release(&boxes);
	kb_free(kb);
	return found ? CMD_CLEAN : CMD_FINDINGS;
}

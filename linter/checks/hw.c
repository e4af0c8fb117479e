/*
 * HW2xx: hardware. HW202: the PyTorch build a manifest installs has no kernels for the
 * target GPU, so the install succeeds and the first kernel launch fails ("no kernel image
 * is available for execution on the device"; "sm_120 is not compatible with the current
 * PyTorch installation"; anchors.md 6-10). The wheel is the pip build the analysis found
 * (torch_build.h): a +cuXYZ label, a PyTorch index in the same scope, or the PyPI build of
 * an exact pin (pytorch.yaml pypi_default); or the `pytorch` conda channel's build a conda
 * pytorch pin or a pytorch/pytorch image before 2.6 installs (conda.builds: the channel's
 * lists are its own, e.g. 3.7+PTX with CUDA 11.x). Its compiled architectures are
 * pytorch.yaml `sass`/`ptx` of the build on the unit's platform (torch_build `kernels`):
 * the Linux x86_64 wheels', or a release's `aarch64` rows on linux-aarch64, whose lists
 * differ (no sm_75 or sm_86, sm_110 with CUDA 13); where the KB holds none for the
 * platform (Windows, an aarch64 build it does not list) the rule is silent, never judging
 * by another platform's list. Whether they run on a compute capability is NVIDIA's binary
 * compatibility rule (kb_binaries_run_on): an unknown PTX list never yields a verdict.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "analysis/torch_pick.h"
#include "check.h"
#include "variant_name.h"
#include "torch_fix.h"

/* The arch lists of build `b` on the unit's platform the KB holds: its pip wheel's
 * (pytorch.yaml `variants`, or their `aarch64` rows), or the `pytorch` conda channel's
 * build (conda.builds); NULL where it holds none. */
static const struct kb_torch_variant *kernels_of(const struct torch_build *b)
{
	const struct kb_torch_variant *k = b->kernels;
	return k && k->has_cuda && k->sass ? k : NULL;
}

/* The builds the analysis found (torch_build.h) whose architectures the KB lists: pip
 * builds of CUDA and the `pytorch` conda channel's builds. A label shows in the version
 * text already; the others are named. */
static const struct kb_torch_variant *judged(const struct torch_build *b, char *how, size_t size)
{
	how[0] = '\0';
	const struct kb_torch_variant *k = kernels_of(b);
	if (!k)
		return NULL;
	char cuda[16];
	version_format_release(&k->cuda, 2, cuda, sizeof(cuda));
	if (b->origin == TORCH_FROM_INDEX)
		snprintf(how, size, "%s from the PyTorch index", k->name);
	else if (b->origin == TORCH_FROM_PYPI)
		snprintf(how, size, "%s, the PyPI build", k->name);
	else if (b->origin == TORCH_FROM_CONDA)
		snprintf(how, size, "the 'pytorch' conda channel's CUDA %s build", cuda);
	else if (b->origin == TORCH_FROM_IMAGE && b->conda)
		snprintf(how, size, "the 'pytorch' conda channel's CUDA %s build, in image '%s:%s'", cuda,
			 b->pin->name, b->pin->spec);
	else if (b->origin == TORCH_FROM_IMAGE)
		snprintf(how, size, "%s from the PyTorch index, in image '%s:%s'", k->name, b->pin->name,
			 b->pin->spec);
	return k;
}

static void arch_list(const struct kb_torch_variant *v, char *buf, size_t size)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < v->nsass && o < size; i++) {
		char sm[16];
		profile_sm_text(&v->sass[i], sm, sizeof(sm));
		o += (size_t)snprintf(buf + o, size - o, "%s%s", i ? " " : "", sm);
	}
	for (size_t i = 0; i < v->nptx && o < size; i++)
		o += (size_t)snprintf(buf + o, size - o, " compute_%u%u", v->ptx[i].release[0],
				      v->ptx[i].nrelease > 1 ? v->ptx[i].release[1] : 0);
}

/* The fix (torch_fix.h): a build of the same release that has kernels for the GPU and
 * runs on the target's driver, else what `envlint suggest` picks for the target. */
static void help_for(const struct check_ctx *ctx, const struct torch_build *b, struct diag *d)
{
	struct torch_fix fix;
	char words[512];
	if (b->origin == TORCH_FROM_IMAGE) {
		/* The image of the build, where the KB lists the release's images: its tag also
		 * names the cuDNN, which only that list knows. */
		char image[256];
		torch_fix_find_for_image(&fix, ctx, b->pin, &b->version);
		torch_fix_words(&fix, ctx, words, sizeof(words));
		if (torch_fix_image(&fix, ctx, image, sizeof(image), d))
			diag_set_help(d, "%s%s: %s", fix.same ? "use " : "", words, image);
		/* The release's tags are known (`images_source`) and none names that CUDA
		 * (2.13's cu129): say so, never point at an image that does not exist. */
		else if (fix.pick.variant && fix.rel && fix.rel->images_source &&
			 !kb_torch_image_of(fix.rel, &fix.pick.variant->cuda))
			diag_set_help(d, "%s; no '%s' image has that build: pip-install it", words,
				      b->pin->name);
		else if (fix.same)
			diag_set_help(d, "use a '%s' image of %s", b->pin->name, words);
		else
			diag_set_help(d, "%s, in a '%s' image whose tag names that torch and CUDA", words,
				      b->pin->name);
		return;
	}
	torch_fix_find(&fix, ctx, b->pin, false);
	if (fix.conda && !fix.same) {
		/* The channel's picks are not searched across releases: the channel has ended. */
		char cc[16];
		profile_sm_text(&ctx->target->cc, cc, sizeof(cc));
		diag_set_help(d,
			      "no 'pytorch' channel build of pytorch %s both has kernels for %s and runs "
			      "on this target: install a torch build that does with pip (`envlint "
			      "suggest` names one) or conda-forge's pytorch",
			      fix.release[0] ? fix.release : "this release", cc);
		return;
	}
	torch_fix_words(&fix, ctx, words, sizeof(words));
	diag_set_help(d, "%s%s", fix.same ? "use " : "", words);
	torch_fix_edit(&fix, ctx, d);
}

/* ------------------------------------------------------------------------- */
/* Ranges and bare names (torch_range.h): judged by every release they allow. */

static enum kb_answer build_runs(const struct kb_torch_variant *v, const struct version *cc)
{
	if (!v || !v->has_cuda || !v->sass)
		return KB_UNKNOWN;
	return torch_pick_runs_on(v, cc);
}

/* Can a release newer than the KB's, built as the range's are, run on `cc`? KB_NO only
 * for a PyTorch index of one CUDA that cannot target the GPU (no future build on it has
 * its SASS) whose known builds carry no PTX at all (release builds strip it, pytorch.yaml
 * `ptx: []`), and that replaces PyPI; PyPI's future default build is not known, and pip
 * takes it beside an extra index that lacks the release. */
static enum kb_answer future_runs(const struct check_ctx *ctx, const struct torch_range *r,
				  const struct torch_range_build *b)
{
	if (!r->newer)
		return KB_NO;
	if (r->origin != TORCH_FROM_INDEX || r->pypi_too || !r->n)
		return KB_UNKNOWN;
	for (size_t i = 0; i < r->n; i++)
		if (!b[i].kernels || !b[i].kernels->has_cuda || !b[i].kernels->ptx_known ||
		    b[i].kernels->nptx)
			return KB_UNKNOWN;
	return kb_cuda_can_target(ctx->kb, &b[r->n - 1].kernels->cuda, &ctx->target->cc) == KB_NO
		       ? KB_NO
		       : KB_UNKNOWN;
}

static void range_how(const struct torch_range *r, const struct torch_range_build *b, char *buf, size_t size)
{
	const char *index = NULL;
	bool pypi = r->origin != TORCH_FROM_INDEX;
	for (size_t i = 0; i < r->n; i++) {
		if (b[i].from_pypi)
			pypi = true;
		else if (r->origin == TORCH_FROM_INDEX && !index)
			index = b[i].variant->name;
	}
	if (index && pypi)
		snprintf(buf, size,
			 "the %s builds from the PyTorch index where it has the release, PyPI's elsewhere",
			 index);
	else if (index)
		snprintf(buf, size, "the %s builds from the PyTorch index", index);
	else
		snprintf(buf, size, "PyPI's builds");
}

static void judge_range(const struct check_ctx *ctx, const struct torch_range *r, struct diag_list *out)
{
	const struct target *t = ctx->target;
	const struct torch_range_build *b = torch_range_builds(&ctx->facts->ranges, r);
	/* newest_ok: the newest allowed release the warning may advise, one whose CUDA also
	 * knows the GPU (torch_pick_serves), not one that reaches it by JIT of old PTX. */
	size_t nno = 0, newest_ok = SIZE_MAX;
	for (size_t i = 0; i < r->n; i++) {
		enum kb_answer a = build_runs(b[i].kernels, &t->cc);
		nno += a == KB_NO;
		if (a == KB_YES && torch_pick_serves(ctx->kb, b[i].kernels, &t->cc))
			newest_ok = i;
	}
	if (!r->n || r->older)
		return;
	const struct torch_range_build *newest = &b[r->n - 1];
	char spec[64], gpu[160], first[48], last[48], how[128], words[512];
	snprintf(spec, sizeof(spec), "%s%s", r->pin->name, r->pin->spec ? r->pin->spec : "");
	profile_gpu_text(t->gpu, &t->cc, true, gpu, sizeof(gpu));
	version_format(&b[0].patch, first, sizeof(first));
	version_format(&newest->patch, last, sizeof(last));
	struct torch_fix fix;
	struct diag *d;
	if (nno == r->n && future_runs(ctx, r, b) == KB_NO) {
		range_how(r, b, how, sizeof(how));
		char later[160] = "";
		if (r->newer) {
			char c[16];
			version_format_release(&newest->variant->cuda, 2, c, sizeof(c));
			snprintf(later, sizeof(later),
				 ", nor can a later one on that index (CUDA %s cannot target it, and its "
				 "release builds carry no PTX)",
				 c);
		}
		d = diag_add(out, RULE_HW202, r->pin->file, r->pin->span, NULL,
			     "'%s' allows no torch build with kernels for %s: none of the releases it "
			     "allows that the knowledge base lists (%s to %s, %s) carries them%s; the "
			     "first CUDA kernel launch fails with 'no kernel image is available'",
			     spec, gpu, first, last, how, later);
		torch_fix_find_release(&fix, ctx, r->pin, &newest->patch, false);
		torch_fix_words(&fix, ctx, words, sizeof(words));
		diag_set_help(d, "%s%s", fix.same ? "use " : "", words);
		check_cite(d, &newest->kernels->origin);
		return;
	}
	/* pip takes the newest release a range allows: a warning when that one lacks the
	 * kernels and an older one it allows has them. */
	if (r->newer || build_runs(newest->kernels, &t->cc) != KB_NO)
		return;
	if (newest_ok == SIZE_MAX) {
		/* Older releases it allows reach the GPU only by JIT of old PTX: not advice. */
		d = diag_add(out, RULE_HW202, r->pin->file, r->pin->span, NULL,
			     "'%s': pip installs the newest release it allows, torch %s (%s), which has no "
			     "kernels for %s; the older releases it allows reach it only by JIT-compiling "
			     "PTX with a CUDA that predates the GPU",
			     spec, last, newest->variant->name, gpu);
		d->severity = SEV_WARNING;
		torch_fix_find_release(&fix, ctx, r->pin, &newest->patch, false);
		torch_fix_words(&fix, ctx, words, sizeof(words));
		diag_set_help(d, "%s%s", fix.same ? "use " : "", words);
		check_cite(d, &newest->kernels->origin);
		return;
	}
	const struct torch_range_build *ok = &b[newest_ok];
	char okv[48];
	version_format(&ok->patch, okv, sizeof(okv));
	d = diag_add(out, RULE_HW202, r->pin->file, r->pin->span, NULL,
		     "'%s': pip installs the newest release it allows, torch %s (%s), which has no "
		     "kernels for %s; the newest release it allows that has them is torch %s (%s)",
		     spec, last, newest->variant->name, gpu, okv, ok->variant->name);
	d->severity = SEV_WARNING;
	diag_set_help(d, "pin torch==%s, so pip installs a build with kernels for %s", okv, gpu);
	check_cite(d, &newest->kernels->origin);
}

/* The findings out[from..] on pin `p`, when its file's name or its stage's says it is a
 * non-CUDA variant (Dockerfile.cpu, `FROM ubuntu AS cpu`; variant_name.h): its torch may
 * never run on this target, so they are infos that say why, as drv.c's DRV findings are,
 * and carry no --fix edit (a variant's torch is not moved to a CUDA build). */
static void demote_variant(struct diag_list *out, size_t from, const struct pin *p)
{
	char where[96];
	const char *word = from < out->nr ? variant_name_of(p, where, sizeof(where)) : NULL;
	for (size_t i = from; word && i < out->nr; i++) {
		struct diag *d = &out->items[i];
		if (d->severity <= SEV_INFO)
			continue;
		d->severity = SEV_INFO;
		diag_append_message(d,
				    "; %s says it is a %s variant, whose torch may never run on this target",
				    where, word);
		diag_clear_edits(d);
	}
}

void check_gpu_kernels(const struct check_ctx *ctx, struct diag_list *out)
{
	const struct target *t = ctx->target;
	/* JetPack wheels are built apart; the KB's lists are the official wheels'. */
	if (!ctx->kb || !t->has_cc || (t->gpu && !strcmp(t->gpu->segment, "jetson")))
		return;
	const struct torch_builds *builds = &ctx->facts->builds;
	for (size_t i = 0; i < builds->nr; i++) {
		const struct torch_build *b = &builds->items[i];
		char how[160];
		const struct kb_torch_variant *k = judged(b, how, sizeof(how));
		if (!k || torch_pick_runs_on(k, &t->cc) != KB_NO)
			continue;
		char ver[48], archs[256], gpu[160];
		version_format(&b->version, ver, sizeof(ver));
		arch_list(k, archs, sizeof(archs));
		profile_gpu_text(t->gpu, &t->cc, true, gpu, sizeof(gpu));
		struct diag *d =
			diag_add(out, RULE_HW202, b->pin->file, b->pin->span, NULL,
				 "torch %s%s%s%s has no kernels for %s: its %s carries %s%s; the "
				 "first CUDA kernel launch fails with 'no kernel image is available'",
				 ver, how[0] ? " (" : "", how, how[0] ? ")" : "", gpu,
				 !b->variant                                    ? "conda build"
				 : ctx->facts->wheels == KB_WHEEL_LINUX_AARCH64 ? "linux-aarch64 wheel"
										: "wheel",
				 archs, k->nptx ? "" : (k->ptx_known ? " and no PTX" : ""));
		help_for(ctx, b, d);
		check_cite(d, &k->origin);
		demote_variant(out, out->nr - 1, b->pin);
	}
	const struct torch_ranges *ranges = &ctx->facts->ranges;
	for (size_t i = 0; i < ranges->nr; i++) {
		size_t from = out->nr;
		judge_range(ctx, &ranges->items[i], out);
		demote_variant(out, from, ranges->items[i].pin);
	}
}

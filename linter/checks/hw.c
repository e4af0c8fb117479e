/*
 * HW2xx: hardware. HW202: the PyTorch wheel a manifest installs has no kernels for the
 * target GPU, so the install succeeds and the first kernel launch fails ("no kernel image
 * is available for execution on the device"; "sm_120 is not compatible with the current
 * PyTorch installation"; anchors.md 6-10). The wheel is the pip build the analysis found
 * (torch_build.h): a +cuXYZ label, a PyTorch index in the same scope, or the PyPI build of
 * an exact pin (pytorch.yaml pypi_default). Its compiled architectures are pytorch.yaml `sass`/`ptx`
 * of the Linux x86_64 wheels; whether they run on a compute capability is NVIDIA's binary
 * compatibility rule (kb_binaries_run_on): an unknown PTX list never yields a verdict.
 */
#include <stdio.h>
#include <string.h>

#include "analysis/torch_pick.h"
#include "check.h"
#include "torch_fix.h"

/* The wheels the analysis found (torch_build.h) whose architectures the KB lists: pip
 * builds of CUDA. A label shows in the version text already; the others are named. */
static bool judged(const struct torch_build *b, char *how, size_t size)
{
	how[0] = '\0';
	if (!b->variant || !b->variant->has_cuda || !b->variant->sass)
		return false;
	if (b->origin == TORCH_FROM_INDEX)
		snprintf(how, size, "%s from the PyTorch index", b->variant->name);
	else if (b->origin == TORCH_FROM_PYPI)
		snprintf(how, size, "%s, the PyPI build", b->variant->name);
	else if (b->origin == TORCH_FROM_IMAGE)
		snprintf(how, size, "%s from the PyTorch index, in image '%s:%s'", b->variant->name,
			 b->pin->name, b->pin->spec);
	return true;
}

static void arch_list(const struct kb_torch_variant *v, char *buf, size_t size)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < v->nsass && o < size; i++)
		o += (size_t)snprintf(buf + o, size - o, "%ssm_%u%u", i ? " " : "", v->sass[i].release[0],
				      v->sass[i].nrelease > 1 ? v->sass[i].release[1] : 0);
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
		/* No edit: the image's tag also names its cuDNN and flavor. */
		torch_fix_find_release(&fix, ctx, b->pin, &b->version, false);
		torch_fix_words(&fix, ctx, words, sizeof(words));
		if (fix.same)
			diag_set_help(d, "use a '%s' image of %s", b->pin->name, words);
		else
			diag_set_help(d, "%s, in a '%s' image whose tag names that torch and CUDA", words,
				      b->pin->name);
		return;
	}
	torch_fix_find(&fix, ctx, b->pin, false);
	torch_fix_words(&fix, ctx, words, sizeof(words));
	diag_set_help(d, "%s%s", fix.same ? "use " : "", words);
	torch_fix_edit(&fix, ctx, d);
}

void check_gpu_kernels(const struct check_ctx *ctx, struct diag_list *out)
{
	const struct target *t = ctx->target;
	/* JetPack wheels are built apart; the KB's lists are the Linux x86_64 wheels'. */
	if (!ctx->kb || !t->has_cc || (t->gpu && !strcmp(t->gpu->segment, "jetson")))
		return;
	const struct torch_builds *builds = &ctx->facts->builds;
	for (size_t i = 0; i < builds->nr; i++) {
		const struct torch_build *b = &builds->items[i];
		char how[160];
		if (!judged(b, how, sizeof(how)) || torch_pick_runs_on(b->variant, &t->cc) != KB_NO)
			continue;
		char ver[48], archs[256], gpu[160];
		version_format(&b->version, ver, sizeof(ver));
		arch_list(b->variant, archs, sizeof(archs));
		profile_gpu_text(t->gpu, &t->cc, true, gpu, sizeof(gpu));
		struct diag *d =
			diag_add(out, RULE_HW202, b->pin->file, b->pin->span, NULL,
				 "torch %s%s%s%s has no kernels for %s: its wheel carries %s%s; the "
				 "first CUDA kernel launch fails with 'no kernel image is available'",
				 ver, how[0] ? " (" : "", how, how[0] ? ")" : "", gpu, archs,
				 b->variant->nptx ? "" : (b->variant->ptx_known ? " and no PTX" : ""));
		help_for(ctx, b, d);
		diag_set_source(d, b->variant->origin.source);
	}
}

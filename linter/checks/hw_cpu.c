/*
 * HW203: a PyTorch build that drives no NVIDIA GPU (CPU-only, ROCm, XPU) installed for
 * a target that has one. It installs and imports fine; torch.cuda.is_available() is False
 * and the first .cuda() raises "Torch not compiled with CUDA enabled" (CPU builds) or
 * finds no GPU (ROCm, XPU). A warning: CPU builds on a GPU box are sometimes meant (CI,
 * a CPU-only service).
 *
 * Which pins install such a build, and which text chose it, is torch_kind.h's. Each text
 * that chooses one is reported once (an index serves every torch pin of its scope).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check.h"
#include "torch_fix.h"
#include "torch_kind.h"
#include "variant_name.h"
#include "util/xalloc.h"

static const char *kind_of(const char *variant)
{
	if (!strncmp(variant, "rocm", 4))
		return "a ROCm build for AMD GPUs";
	if (!strcmp(variant, "xpu"))
		return "an XPU build for Intel GPUs";
	return "a CPU-only build";
}

/* Why the help must stay advice and not become a manifest edit, or NULL: the build is
 * one for other GPUs (ROCm, XPU: written on purpose, nobody picks one by mistake for an
 * NVIDIA box), or the file of the pin or of the text that chose the build is named as a
 * non-CUDA variant (a project's CPU or ROCm requirements beside its CUDA ones). A CPU
 * index or label in a file named for no variant keeps its edit: that is the mistake
 * HW203 is about (a CPU install line copied into a GPU project). */
static const char *deliberate_non_cuda(const struct pin *p, const struct torch_kind *k, char *why,
				       size_t size)
{
	const char *word;
	if (!strncmp(k->variant, "rocm", 4) || !strcmp(k->variant, "xpu"))
		snprintf(why, size, "%s builds are not installed by mistake",
			 !strcmp(k->variant, "xpu") ? "XPU" : "ROCm");
	else if (p->stage && (word = variant_name_word(p->stage)) != NULL)
		snprintf(why, size, "the stage name '%s' names a %s variant", p->stage, word);
	else if ((word = variant_name_word(p->file)) != NULL)
		snprintf(why, size, "the file name '%s' names a %s variant", p->file, word);
	else if ((word = variant_name_word(k->from->file)) != NULL)
		snprintf(why, size, "the file name '%s' names a %s variant", k->from->file, word);
	else if (p->gpu_sibling && k->variant[0] && !strcmp(k->variant, "cpu"))
		snprintf(why, size, "'%s' beside it holds the project's GPU image", p->gpu_sibling);
	else
		return NULL;
	return why;
}

/* pip: a CUDA build that runs on the target (torch_fix.h: its GPU's kernels and its
 * driver), of the same release when one does. */
static void help_pip(const struct check_ctx *ctx, const struct pin *p, const struct torch_kind *k,
		     const struct torch_build *b, struct diag *d)
{
	struct torch_fix fix;
	char words[512], why[512];
	if (!b || (!torch_fix_find(&fix, ctx, p, false) && (!fix.release[0] || fix.conda))) {
		diag_set_help(d, "install a CUDA build: a +cuXYZ label or the PyTorch index of a CUDA build "
				 "(.../whl/cuXYZ)");
		return;
	}
	torch_fix_words(&fix, ctx, words, sizeof(words));
	if (deliberate_non_cuda(p, k, why, sizeof(why))) {
		diag_set_help(d, "install a CUDA build: %s (not applied by --fix: %s)", words, why);
		return;
	}
	diag_set_help(d, "install a CUDA build: %s", words);
	torch_fix_edit(&fix, ctx, d);
}

/* conda: cpuonly gives way to one of the pytorch-cuda values the `pytorch` channel paired
 * with the release; a CPU build string to a CUDA one of the same channel. */
static void help_conda(const struct check_ctx *ctx, const struct pin *p, const struct torch_kind *k,
		       const struct torch_build *b, struct diag *d)
{
	/* With a driver given, the one value the search picks for it (torch_fix.h). */
	struct torch_fix fix;
	if (b && k->from->pkg == PIN_PKG_CPUONLY && ctx->target->has_driver &&
	    torch_fix_find(&fix, ctx, p, false) && fix.same) {
		char words[512];
		torch_fix_words(&fix, ctx, words, sizeof(words));
		diag_set_help(d, "install a CUDA build: replace cpuonly with %s", words);
		return;
	}
	char vals[96] = "";
	size_t o = 0;
	for (size_t i = 0; b && i < b->rel->npytorch_cuda && o < sizeof(vals); i++) {
		char v[16];
		version_format(&b->rel->pytorch_cuda[i], v, sizeof(v));
		o += (size_t)snprintf(vals + o, sizeof(vals) - o, "%spytorch-cuda=%s", i ? " or " : "", v);
	}
	if (k->from->pkg != PIN_PKG_CPUONLY)
		diag_set_help(d, "install a CUDA build: a CUDA build string of the channel instead of '%s'",
			      k->from->variant);
	else if (vals[0])
		diag_set_help(d, "install a CUDA build: replace cpuonly with %s", vals);
	else
		diag_set_help(d, "install a CUDA build: replace cpuonly with pytorch-cuda");
}

struct reported {
	const struct check_ctx *ctx;
	bool *done; /* by pin index: the text that chose the build was reported */
};

/* Reports the build chosen by k->from for the torch pin `p`, once per k->from. `b` is the
 * analysis' build when it knows one (for the fix). */
static void report(struct reported *r, const struct pin *p, const struct torch_kind *k,
		   const struct torch_build *b, struct diag_list *out)
{
	const struct pin *from = k->from;
	const char *variant = k->variant;
	const struct check_ctx *ctx = r->ctx;
	size_t at = (size_t)(from - ctx->pins);
	if (at < ctx->npins) {
		if (r->done[at])
			return;
		r->done[at] = true;
	}
	const struct target *t = ctx->target;
	char gpu[160];
	profile_gpu_text(t->gpu, &t->cc, true, gpu, sizeof(gpu));
	bool cpu = !strcmp(kind_of(variant), "a CPU-only build");
	char why[512];
	bool deliberate = deliberate_non_cuda(p, k, why, sizeof(why)) != NULL;
	struct diag *d = diag_add(
		out, RULE_HW203, from->file, from->span, NULL,
		"%s%s is %s (chosen by %s) on a target with an NVIDIA GPU, %s: torch.cuda.is_available() "
		"is False%s%s%s",
		p->name, p->spec ? p->spec : "", kind_of(variant), k->how, gpu,
		cpu ? " and .cuda() fails with 'Torch not compiled with CUDA enabled'" : "",
		deliberate ? "; this looks deliberate: " : "", deliberate ? why : "");
	/* A project's ROCm, XPU or CPU variant beside its CUDA one is not meant for this
	 * target: worth knowing when auditing, not a warning to act on. */
	if (deliberate)
		d->severity = SEV_INFO;
	if (p->eco == PIN_ECO_CONDA)
		help_conda(ctx, p, k, b, d);
	else
		help_pip(ctx, p, k, b, d);
	if (k->source)
		diag_set_source(d, k->source, k->secondary);
}

void check_cpu_build(const struct check_ctx *ctx, struct diag_list *out)
{
	if (!ctx->kb || !ctx->target->has_cc)
		return;
	struct reported r = { ctx, xcalloc(ctx->npins + 1, sizeof(bool)) };
	for (size_t i = 0; i < ctx->npins; i++) {
		const struct pin *p = &ctx->pins[i];
		struct torch_kind k;
		/* A direct wheel URL is a file someone chose by name, not an index or label
		 * copied from another project's install line (docs/rules.md: not flagged). */
		if (p->url)
			continue;
		if (torch_kind_non_cuda(ctx, p, &k))
			report(&r, p, &k, torch_builds_find(&ctx->facts->builds, p), out);
	}
	free(r.done);
}

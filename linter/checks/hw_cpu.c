/*
 * HW203: a PyTorch build that drives no NVIDIA GPU (CPU-only, ROCm, XPU) installed for
 * a target that has one. It installs and imports fine; torch.cuda.is_available() is False
 * and the first .cuda() raises "Torch not compiled with CUDA enabled" (CPU builds) or
 * finds no GPU (ROCm, XPU). A warning: CPU builds on a GPU box are sometimes meant (CI,
 * a CPU-only service).
 *
 * The build is the analysis' (torch_build.h) where it knows the release; a +cpu label, a
 * /whl/cpu index or a conda CPU build string says the same of any release, so those are
 * read through the KB's patterns too. Each text that chooses such a build is reported
 * once (an index serves every torch pin of its scope).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/torch_pick.h"
#include "check.h"
#include "util/xalloc.h"

/* A build name the KB's patterns give ("cpu", "rocm6.1", "xpu", "cu121"): is it one that
 * drives no NVIDIA GPU? The patterns set the `cuda` group for CUDA builds only. */
static bool non_cuda(const struct kb *kb, enum kb_pattern_kind kind, const char *text, struct kb_match *m)
{
	return text && kb_match(kb, kind, NULL, text, m) && m->variant[0] && !m->cuda[0];
}

static bool label_non_cuda(const struct kb *kb, const char *variant, struct kb_match *m)
{
	char text[64];
	if (!variant || snprintf(text, sizeof(text), "+%s", variant) >= (int)sizeof(text))
		return false;
	return non_cuda(kb, KB_PAT_LOCAL_VERSION, text, m);
}

static const char *kind_of(const char *variant)
{
	if (!strncmp(variant, "rocm", 4))
		return "a ROCm build (for AMD GPUs)";
	if (!strcmp(variant, "xpu"))
		return "an XPU build (for Intel GPUs)";
	return "a CPU-only build";
}

/* pip: the newest CUDA wheel of the same release with kernels for the GPU (torch_pick.h). */
static void help_pip(const struct torch_build *b, const struct version *cc, struct diag *d)
{
	const struct kb_torch_variant *best = b ? torch_pick_for_gpu(b->rel, &b->version, cc) : NULL;
	if (!best) {
		diag_set_help(d, "install a CUDA build: a +cuXYZ label or the PyTorch index of a CUDA build "
			      "(.../whl/cuXYZ)");
		return;
	}
	char ver[48];
	version_format(&b->version, ver, sizeof(ver));
	char *plus = strchr(ver, '+');
	if (plus)
		*plus = '\0';
	diag_set_help(d, "install a CUDA build: the %s build of torch %s has kernels for sm_%u%u", best->name, ver,
		      cc->release[0], cc->nrelease > 1 ? cc->release[1] : 0);
}

/* conda: the pytorch-cuda values the `pytorch` channel paired with the release. */
static void help_conda(const struct torch_build *b, struct diag *d)
{
	char vals[96] = "";
	size_t o = 0;
	for (size_t i = 0; b && i < b->rel->npytorch_cuda && o < sizeof(vals); i++) {
		char v[16];
		version_format(&b->rel->pytorch_cuda[i], v, sizeof(v));
		o += (size_t)snprintf(vals + o, sizeof(vals) - o, "%spytorch-cuda=%s", i ? " or " : "", v);
	}
	if (vals[0])
		diag_set_help(d, "install a CUDA build: replace cpuonly or the CPU build string with %s", vals);
	else
		diag_set_help(d, "install a CUDA build: drop cpuonly or the CPU build string and choose a CUDA "
			      "build (pytorch-cuda, or a CUDA build string)");
}

struct reported {
	const struct check_ctx *ctx;
	bool *done;            /* by pin index: the text that chose the build was reported */
};

/* Reports the build chosen by `from` for the torch pin `p`, once per `from`. `b` is the
 * analysis' build when it knows one (for the fix), `variant` the build's name. */
static void report(struct reported *r, const struct pin *p, const struct pin *from, struct span span,
		   const char *variant, const char *how, const struct torch_build *b, const char *source,
		   struct diag_list *out)
{
	const struct check_ctx *ctx = r->ctx;
	size_t at = (size_t)(from - ctx->pins);
	if (at < ctx->npins) {
		if (r->done[at])
			return;
		r->done[at] = true;
	}
	const struct target *t = ctx->target;
	char gpu[160];
	if (t->gpu)
		snprintf(gpu, sizeof(gpu), "'%s' (sm_%u%u)", t->gpu->name, t->cc.release[0],
			 t->cc.nrelease > 1 ? t->cc.release[1] : 0);
	else
		snprintf(gpu, sizeof(gpu), "sm_%u%u", t->cc.release[0], t->cc.nrelease > 1 ? t->cc.release[1] : 0);
	bool cpu = !strcmp(kind_of(variant), "a CPU-only build");
	struct diag *d = diag_add(out, RULE_HW203, from->file, span, NULL,
				  "%s%s is %s (%s) on a target with an NVIDIA GPU, %s: torch.cuda.is_available() "
				  "is False%s",
				  p->name, p->spec ? p->spec : "", kind_of(variant), how, gpu,
				  cpu ? " and .cuda() fails with 'Torch not compiled with CUDA enabled'" : "");
	if (p->eco == PIN_ECO_CONDA)
		help_conda(b, d);
	else
		help_pip(b, &t->cc, d);
	if (source)
		diag_set_source(d, source);
}

/* A pip torch pin: its +label, else the PyTorch indexes of its scope when every one of
 * them serves a non-CUDA build (an index envlint cannot read may serve any). */
static void judge_pip(struct reported *r, const struct pin *p, const struct torch_build *b, struct diag_list *out)
{
	const struct kb *kb = r->ctx->kb;
	struct kb_match m;
	if (p->variant) {
		if (label_non_cuda(kb, p->variant, &m))
			report(r, p, p, p->span, m.variant, "its local version label", b,
			       b && b->variant ? b->variant->origin.source : m.origin.source, out);
		return;
	}
	if (p->url)
		return;
	const struct scope_info *s = scopes_get(&r->ctx->facts->scopes, p->scope);
	if (s->index_any_build || !s->nvariants)
		return;
	for (uint8_t i = 0; i < s->nvariants; i++)
		if (!non_cuda(kb, KB_PAT_INDEX_URL, s->index_pin[i]->spec, &m))
			return;
	non_cuda(kb, KB_PAT_INDEX_URL, s->index_pin[0]->spec, &m);
	report(r, p, s->index_pin[0], s->index_pin[0]->span, m.variant, "from the PyTorch index given here", b,
	       b && b->variant ? b->variant->origin.source : m.origin.source, out);
}

/* A conda pytorch pin: a CPU build string (`pytorch` channel py3.10_cpu_0, conda-forge
 * cpu_mkl_py312h...), else cpuonly in its environment. */
static void judge_conda(struct reported *r, const struct pin *p, const struct torch_build *b, struct diag_list *out)
{
	const struct scope_info *s = scopes_get(&r->ctx->facts->scopes, p->scope);
	struct kb_match m;
	if (p->variant) {
		if (non_cuda(r->ctx->kb, KB_PAT_CONDA_BUILD, p->variant, &m))
			report(r, p, p, p->span, m.variant, "its build string", b, m.origin.source, out);
		return;
	}
	if (s->cpuonly && !s->pytorch_cuda)
		report(r, p, s->cpuonly, s->cpuonly->span, "cpu", "cpuonly is in the environment", b, NULL, out);
}

void check_cpu_build(const struct check_ctx *ctx, struct diag_list *out)
{
	if (!ctx->kb || !ctx->target->has_cc)
		return;
	struct reported r = { ctx, xcalloc(ctx->npins + 1, sizeof(bool)) };
	for (size_t i = 0; i < ctx->npins; i++) {
		const struct pin *p = &ctx->pins[i];
		if (p->kind != PIN_KIND_PACKAGE || p->pkg != PIN_PKG_TORCH || p->unresolved)
			continue;
		const struct torch_build *b = torch_builds_find(&ctx->facts->builds, p);
		if (b && b->has_cuda)
			continue;
		if (p->eco == PIN_ECO_PIP)
			judge_pip(&r, p, b, out);
		else if (p->eco == PIN_ECO_CONDA)
			judge_conda(&r, p, b, out);
	}
	free(r.done);
}

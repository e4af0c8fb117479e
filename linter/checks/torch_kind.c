#include "torch_kind.h"

#include <stdio.h>
#include <string.h>

/* A build name the KB's patterns give ("cpu", "rocm6.1", "xpu", "cu121"): is it one that
 * drives no NVIDIA GPU? The patterns set the `cuda` group for CUDA builds only. */
static bool non_cuda(const struct kb *kb, enum kb_pattern_kind kind, const char *text, struct kb_match *m)
{
	return text && kb_match(kb, kind, NULL, text, m) && m->variant[0] && !m->cuda[0];
}

static bool found(struct torch_kind *out, const struct pin *from, const char *how, const char *variant,
		  const struct kb_origin *origin)
{
	out->from = from;
	out->how = how;
	snprintf(out->variant, sizeof(out->variant), "%s", variant);
	out->source = origin ? origin->source : NULL;
	out->secondary = origin && origin->secondary;
	return true;
}

bool torch_kind_build_label(const struct kb *kb, const char *label)
{
	char text[KB_GROUP_MAX + 2];
	struct kb_match m;
	if (strlen(label) > KB_GROUP_MAX)
		return false;
	snprintf(text, sizeof(text), "+%s", label);
	return kb_match(kb, KB_PAT_LOCAL_VERSION, NULL, text, &m);
}

/* pip: the +label, else the PyTorch indexes of the scope when every one of them serves a
 * non-CUDA build (an index envlint cannot read may serve any). */
static bool pip_kind(const struct check_ctx *ctx, const struct pin *p, const struct torch_build *b,
		     struct torch_kind *out)
{
	const struct kb *kb = ctx->kb;
	struct kb_match m;
	char label[64];
	if (p->variant) {
		if (snprintf(label, sizeof(label), "+%s", p->variant) >= (int)sizeof(label) ||
		    !non_cuda(kb, KB_PAT_LOCAL_VERSION, label, &m))
			return false;
		return found(out, p, "its local version label", m.variant,
			     b && b->variant ? &b->variant->origin : &m.origin);
	}
	if (p->url)
		return false;
	const struct scope_info *s = scopes_of_pin(&ctx->facts->scopes, p);
	if (s->index_any_build || !s->nvariants)
		return false;
	for (uint8_t i = 0; i < s->nvariants; i++)
		if (!non_cuda(kb, KB_PAT_INDEX_URL, s->index_pin[i]->spec, &m))
			return false;
	non_cuda(kb, KB_PAT_INDEX_URL, s->index_pin[0]->spec, &m);
	return found(out, s->index_pin[0], "the PyTorch index given here", m.variant,
		     b && b->variant ? &b->variant->origin : &m.origin);
}

/* conda: a CPU build string (`pytorch` channel py3.10_cpu_0, conda-forge
 * cpu_mkl_py312h...), else cpuonly in the environment (and no pytorch-cuda). */
static bool conda_kind(const struct check_ctx *ctx, const struct pin *p, struct torch_kind *out)
{
	const struct scope_info *s = scopes_of_pin(&ctx->facts->scopes, p);
	struct kb_match m;
	if (p->variant)
		return non_cuda(ctx->kb, KB_PAT_CONDA_BUILD, p->variant, &m) &&
		       found(out, p, "its build string", m.variant, &m.origin);
	if (s->cpuonly && !s->pytorch_cuda)
		return found(out, s->cpuonly, "cpuonly in the environment", "cpu", NULL);
	return false;
}

bool torch_kind_non_cuda(const struct check_ctx *ctx, const struct pin *p, struct torch_kind *out)
{
	if (!ctx->kb || p->kind != PIN_KIND_PACKAGE || p->pkg != PIN_PKG_TORCH || p->unresolved)
		return false;
	const struct torch_build *b = torch_builds_find(&ctx->facts->builds, p);
	if (b && b->has_cuda)
		return false;
	if (p->eco == PIN_ECO_PIP)
		return pip_kind(ctx, p, b, out);
	if (p->eco == PIN_ECO_CONDA)
		return conda_kind(ctx, p, out);
	return false;
}

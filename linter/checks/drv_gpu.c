/*
 * DRV104: the target's driver cannot drive its GPU at all. The kernel module does not
 * bind a GPU its branch does not know (a branch older than the GPU, a release of the
 * GPU's first branch from before it, or a branch past the architecture's legacy end),
 * so CUDA finds no device ("no CUDA-capable device is detected").
 * The facts are gpus.yaml's per-branch rules (kb_gpu_driver_supported); where they leave
 * the answer open, nothing is said.
 *
 * It is a property of the target, not of a line: it is reported once per unit, at the
 * first text that will need the driver (a CUDA claim, or a torch pin not known to be a
 * CPU, ROCm or XPU build: torch_kind.h), so the finding lands in the files that would fail and nowhere else.
 */
#include <stdio.h>

#include "check.h"
#include "torch_kind.h"

/* The first text of the unit that needs the driver: the earliest CUDA claim or torch pin
 * (pin order), located at the claim's text or the pin's version. */
static bool first_need(const struct check_ctx *ctx, const struct pin **pin, struct span *span)
{
	const struct cuda_claims *claims = &ctx->facts->claims;
	size_t best = ctx->npins;
	for (size_t i = 0; i < claims->nr; i++) {
		size_t at = (size_t)(claims->items[i].pin - ctx->pins);
		if (at < best) {
			best = at;
			*span = claims->items[i].span;
		}
	}
	for (size_t i = 0; i < best; i++) {
		struct torch_kind k;
		const struct pin *p = &ctx->pins[i];
		if (p->kind == PIN_KIND_PACKAGE && p->pkg == PIN_PKG_TORCH &&
		    !torch_kind_non_cuda(ctx, p, &k)) {
			best = i;
			*span = p->span;
			break;
		}
	}
	if (best == ctx->npins)
		return false;
	*pin = &ctx->pins[best];
	return true;
}

static bool branch_entry(const struct kb_gpu *g, uint32_t branch)
{
	for (size_t i = 0; i < g->ndrivers; i++)
		if (g->drivers[i].branch == branch)
			return true;
	return false;
}

/* The lowest driver the KB says drives the GPU and is newer than `driver`: a branch
 * entry's first release, or every release of `all_from`. */
static void help_newer(const struct check_ctx *ctx, const struct kb_gpu *g, uint32_t floor, struct diag *d)
{
	const struct target *t = ctx->target;
	const struct version *first = NULL;
	for (size_t i = 0; i < g->ndrivers; i++) {
		const struct version *f = &g->drivers[i].first;
		if (version_cmp(f, &t->driver) > 0 && kb_gpu_driver_supported(ctx->kb, g, f) == KB_YES &&
		    (!first || version_cmp(f, first) < 0))
			first = f;
	}
	uint32_t all_from = g->all_from > version_driver_branch(&t->driver) ? g->all_from : 0;
	char v[32];
	if (first && (!all_from || version_driver_branch(first) < all_from)) {
		version_format_driver(first, v, sizeof(v));
		diag_set_help(d,
			      "install driver >= %s (R%u), the first the knowledge base knows to drive '%s'",
			      v, version_driver_branch(first), g->name);
	} else if (all_from) {
		diag_set_help(d,
			      "install a driver of branch R%u or newer: every release of those drives '%s'",
			      all_from, g->name);
	} else if (floor > version_driver_branch(&t->driver)) {
		diag_set_help(d, "install a driver of branch R%u or newer (the first branch for %s GPUs)",
			      floor, g->arch ? g->arch->display : "these");
	}
}

void check_driver_gpu(const struct check_ctx *ctx, struct diag_list *out)
{
	const struct target *t = ctx->target;
	const struct kb_gpu *g = t->gpu;
	if (!ctx->kb || !g || !t->has_driver || kb_gpu_driver_supported(ctx->kb, g, &t->driver) != KB_NO)
		return;
	/* A bare branch ("520") stands for the branch's oldest release, which the KB does not
	 * name: where the branch drives the GPU from some release on, that release decides. */
	if (t->driver.nrelease < 2 && branch_entry(g, version_driver_branch(&t->driver)))
		return;
	const struct pin *p;
	struct span span;
	if (!first_need(ctx, &p, &span))
		return;
	uint32_t b = version_driver_branch(&t->driver);
	uint32_t floor = g->floor ? g->floor : (g->arch ? g->arch->floor : 0);
	uint32_t last = g->last ? g->last : (g->arch ? g->arch->last : 0);
	/* The fact that rules it out, and the entry that states it. */
	const struct kb_origin *origin = &g->origin;
	char why[192];
	if (last && b > last) {
		snprintf(why, sizeof(why), "%s GPUs end with branch R%u (legacy)",
			 g->arch ? g->arch->display : "its", last);
		if (!g->last && g->arch)
			origin = &g->arch->origin;
	} else if (floor && b < floor) {
		snprintf(why, sizeof(why), "R%u predates the GPU (%s needs R%u or newer)", b,
			 g->arch ? g->arch->display : "it", floor);
		if (!g->floor && g->arch)
			origin = &g->arch->origin;
	} else if (branch_entry(g, b)) {
		snprintf(why, sizeof(why), "release %s of R%u does not name it", t->driver_text, b);
	} else {
		snprintf(why, sizeof(why), "no release of R%u names it", b);
	}
	struct diag *d =
		diag_add(out, RULE_DRV104, p->file, span, NULL,
			 "driver '%s' does not drive '%s': %s; the kernel module does not take the GPU, "
			 "so CUDA finds no device ('no CUDA-capable device is detected')",
			 t->driver_text, g->name, why);
	if (last && b > last)
		diag_set_help(d,
			      "install a driver of branch R%u, the last that drives '%s' (NVIDIA's %u.xx "
			      "legacy driver)",
			      last, g->name, last);
	else
		help_newer(ctx, g, floor, d);
	check_cite(d, origin);
}

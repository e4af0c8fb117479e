#include "torch_fix.h"

#include <stdio.h>
#include <string.h>

#include "analysis/floor.h"
#include "analysis/pin_spec.h"

static const struct pin *scope_torch(const struct check_ctx *ctx, uint32_t scope, bool conda)
{
	for (size_t i = 0; i < ctx->npins; i++) {
		const struct pin *p = &ctx->pins[i];
		if (p->scope == scope && p->kind == PIN_KIND_PACKAGE && p->pkg == PIN_PKG_TORCH &&
		    (p->eco == PIN_ECO_CONDA) == conda)
			return p;
	}
	return NULL;
}

static bool acceptable(enum floor_verdict v, bool need_full)
{
	return v == FLOOR_FULL || (!need_full && v == FLOOR_MVC);
}

/* Keeps the better of (verdict, cuda): a full-feature build over a minor-compat one, then
 * the newer CUDA. */
static bool better(enum floor_verdict v, const struct version *cuda, enum floor_verdict best_v,
		   const struct version *best_cuda, bool have)
{
	if (!have)
		return true;
	if (v != best_v)
		return v == FLOOR_FULL;
	return version_cmp(cuda, best_cuda) > 0;
}

static void describe(char *buf, size_t size, const char *what, const struct version *cuda,
		     enum floor_verdict v, const char *driver)
{
	char c[32];
	version_format(cuda, c, sizeof(c));
	snprintf(buf, size, "or %s (CUDA %s, which driver %s runs%s)", what, c, driver,
		 v == FLOOR_MVC ? " through minor-version compatibility" : "");
}

bool torch_fix_for_driver(const struct check_ctx *ctx, const struct cuda_claim *claim, bool need_full,
			  char *buf, size_t size)
{
	const struct pin *p = claim->pin;
	const struct target *t = ctx->target;
	const struct pin *torch = NULL;
	bool conda = p->eco == PIN_ECO_CONDA;
	buf[0] = '\0';
	if (p->kind == PIN_KIND_PACKAGE && p->pkg == PIN_PKG_TORCH)
		torch = p;
	else if (p->kind == PIN_KIND_INDEX)
		torch = scope_torch(ctx, p->scope, false);
	else if (p->kind == PIN_KIND_PACKAGE && conda && !strcmp(p->name, "pytorch-cuda"))
		torch = scope_torch(ctx, p->scope, true);
	struct version v;
	if (!torch || !pin_spec_release(torch, &v))
		return false;
	const struct kb_torch_release *rel = kb_torch_release(ctx->kb, &v);
	if (!rel || !kb_torch_patch_exists(rel, &v))
		return false;
	char ver[48], what[160];
	version_format(&v, ver, sizeof(ver));
	/* Local labels are not part of the release: 2.1.0+cu121 is torch 2.1.0. */
	char *plus = strchr(ver, '+');
	if (plus)
		*plus = '\0';
	bool have = false;
	enum floor_verdict best_v = FLOOR_NONE;
	struct version best_cuda;
	if (conda) {
		/* The `pytorch` channel selects CUDA with pytorch-cuda=X.Y (1.13 .. 2.5). */
		if (!rel->conda_channel)
			return false;
		for (size_t i = 0; i < rel->npytorch_cuda; i++) {
			enum floor_verdict fv = floor_of_minor(ctx->kb, &rel->pytorch_cuda[i], &t->driver, t->os);
			if (acceptable(fv, need_full) &&
			    better(fv, &rel->pytorch_cuda[i], best_v, &best_cuda, have)) {
				best_v = fv;
				best_cuda = rel->pytorch_cuda[i];
				have = true;
			}
		}
		if (!have)
			return false;
		char c[32];
		version_format(&best_cuda, c, sizeof(c));
		snprintf(what, sizeof(what), "pytorch-cuda=%s with pytorch %s", c, ver);
		describe(buf, size, what, &best_cuda, best_v, t->driver_text);
		return true;
	}
	const struct kb_torch_variant *best = NULL;
	for (size_t i = 0; i < rel->nvariants; i++) {
		const struct kb_torch_variant *var = &rel->variants[i];
		if (!var->has_cuda || kb_torch_variant(rel, var->name, &v) != var)
			continue;
		enum floor_verdict fv = floor_of_minor(ctx->kb, &var->cuda, &t->driver, t->os);
		if (acceptable(fv, need_full) && better(fv, &var->cuda, best_v, &best_cuda, have)) {
			best = var;
			best_v = fv;
			best_cuda = var->cuda;
			have = true;
		}
	}
	if (!best)
		return false;
	snprintf(what, sizeof(what), "the %s build of torch %s", best->name, ver);
	describe(buf, size, what, &best_cuda, best_v, t->driver_text);
	return true;
}

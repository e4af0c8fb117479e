#include "torch_fix.h"

#include <stdio.h>
#include <string.h>

#include "analysis/pin_spec.h"
#include "analysis/torch_pick.h"

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
	const struct scope_info *s = scopes_get(&ctx->facts->scopes, p->scope);
	bool conda = p->eco == PIN_ECO_CONDA;
	buf[0] = '\0';
	/* The torch an index or a pytorch-cuda pin decides: its scope's first (scope.h). */
	if (p->kind == PIN_KIND_PACKAGE && p->pkg == PIN_PKG_TORCH)
		torch = p;
	else if (p->kind == PIN_KIND_INDEX)
		torch = s->first_torch;
	else if (p->kind == PIN_KIND_PACKAGE && conda && !strcmp(p->name, "pytorch-cuda"))
		torch = s->conda_torch;
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
	/* Which build fits is the analysis' (torch_pick.h); saying it is this file's. */
	struct torch_pick pick;
	if (!torch_pick_for_driver(&pick, ctx->kb, rel, &v, conda, &t->driver, t->os, need_full))
		return false;
	char c[32];
	version_format(&pick.cuda, c, sizeof(c));
	if (conda)
		snprintf(what, sizeof(what), "pytorch-cuda=%s with pytorch %s", c, ver);
	else
		snprintf(what, sizeof(what), "the %s build of torch %s", pick.variant->name, ver);
	describe(buf, size, what, &pick.cuda, pick.verdict, t->driver_text);
	return true;
}

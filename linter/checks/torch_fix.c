#include "torch_fix.h"

#include <stdio.h>
#include <string.h>

#include "analysis/pin_spec.h"

const struct pin *torch_fix_pin_of(const struct check_ctx *ctx, const struct pin *p)
{
	const struct scope_info *s = scopes_get(&ctx->facts->scopes, p->scope);
	if (p->kind == PIN_KIND_PACKAGE && p->pkg == PIN_PKG_TORCH)
		return p;
	if (p->kind == PIN_KIND_INDEX)
		return s->first_torch;
	if (p->kind == PIN_KIND_PACKAGE && p->eco == PIN_ECO_CONDA && !strcmp(p->name, "pytorch-cuda"))
		return s->conda_torch;
	return NULL;
}

/* What the target asks: its driver when given, its GPU's kernels when known (JetPack
 * wheels are built apart: the KB's architectures are the Linux x86_64 wheels'). */
static void need_of(const struct check_ctx *ctx, bool need_full, struct torch_pick_need *need)
{
	const struct target *t = ctx->target;
	bool jetson = t->gpu && !strcmp(t->gpu->segment, "jetson");
	need->driver = t->has_driver ? &t->driver : NULL;
	need->os = t->os;
	need->need_full = need_full;
	need->cc = t->has_cc && !jetson ? &t->cc : NULL;
	need->gpu = t->gpu;
}

bool torch_fix_find(struct torch_fix *self, const struct check_ctx *ctx, const struct pin *torch, bool need_full)
{
	memset(self, 0, sizeof(*self));
	self->torch = torch;
	self->conda = torch->eco == PIN_ECO_CONDA;
	struct version v;
	if (!pin_spec_release(torch, &v))
		return false;
	const struct kb_torch_release *rel = kb_torch_release(ctx->kb, &v);
	if (!rel || !kb_torch_patch_exists(rel, &v))
		return false;
	version_format(&v, self->release, sizeof(self->release));
	/* Local labels are not part of the release: 2.1.0+cu121 is torch 2.1.0. */
	char *plus = strchr(self->release, '+');
	if (plus)
		*plus = '\0';
	struct torch_pick_need need;
	need_of(ctx, need_full, &need);
	/* A driver that does not drive the GPU is DRV104's finding, and no torch build
	 * mends it: the build is searched for the GPU alone. */
	if (need.driver && need.gpu && kb_gpu_driver_supported(ctx->kb, need.gpu, need.driver) == KB_NO) {
		self->gpu_undriven = true;
		need.driver = NULL;
	}
	if (torch_pick_build(&self->pick, ctx->kb, rel, &v, self->conda, &need)) {
		self->same = true;
		self->rel = rel;
		self->patch = v;
		self->patch.local[0] = '\0';
		return true;
	}
	/* No build of the release meets the target: what `envlint suggest` picks for it
	 * (pip wheels; the pytorch conda channel ended with 2.5, so conda picks are not
	 * searched across releases). */
	if (!self->conda && torch_pick_newest(&self->pick, &self->rel, &self->patch, ctx->kb, &need))
		self->other = true;
	return self->other;
}

/* "CUDA 11.8; kernels for sm_61; driver 470.82.01 runs it through minor-version
 * compatibility": what the search checked, so the reader sees both halves. */
static void runs_words(const struct torch_fix *self, const struct check_ctx *ctx, char *buf, size_t size)
{
	const struct target *t = ctx->target;
	char c[32], cc[48] = "", drv[160] = "";
	version_format(&self->pick.cuda, c, sizeof(c));
	if (self->pick.variant && t->has_cc && !(t->gpu && !strcmp(t->gpu->segment, "jetson")))
		snprintf(cc, sizeof(cc), ", with kernels for sm_%u%u", t->cc.release[0],
			 t->cc.nrelease > 1 ? t->cc.release[1] : 0);
	if (t->has_driver && !self->gpu_undriven)
		snprintf(drv, sizeof(drv), ", which driver %s runs%s", t->driver_text,
			 self->pick.verdict == FLOOR_MVC ? " through minor-version compatibility" : "");
	snprintf(buf, size, "CUDA %s%s%s", c, cc, drv);
}

static void target_words(const struct torch_fix *self, const struct check_ctx *ctx, char *buf, size_t size)
{
	const struct target *t = ctx->target;
	char cc[16] = "";
	if (t->has_cc)
		snprintf(cc, sizeof(cc), "sm_%u%u", t->cc.release[0], t->cc.nrelease > 1 ? t->cc.release[1] : 0);
	bool drv = t->has_driver && !self->gpu_undriven;
	snprintf(buf, size, "%s%s%s%s", drv ? "driver " : "", drv ? t->driver_text : "", drv && cc[0] ? " and " : "",
		 cc);
}

void torch_fix_words(const struct torch_fix *self, const struct check_ctx *ctx, char *buf, size_t size)
{
	char runs[256], tgt[96], c[32], patch[48];
	version_format(&self->pick.cuda, c, sizeof(c));
	target_words(self, ctx, tgt, sizeof(tgt));
	if (!self->same && !self->other) {
		snprintf(buf, size, "no build of torch %s or of any other release the knowledge base knows runs "
			 "on %s", self->release, tgt);
		return;
	}
	runs_words(self, ctx, runs, sizeof(runs));
	if (self->same && self->conda)
		snprintf(buf, size, "pytorch-cuda=%s with pytorch %s (%s)", c, self->release, runs);
	else if (self->same)
		snprintf(buf, size, "the %s build of torch %s (%s)", self->pick.variant->name, self->release, runs);
	else {
		version_format(&self->patch, patch, sizeof(patch));
		snprintf(buf, size, "no build of torch %s runs on %s; the newest that does (as `envlint suggest` "
			 "picks) is the %s build of torch %s (%s)", self->release, tgt, self->pick.variant->name, patch,
			 runs);
	}
}

bool torch_fix_for_driver(const struct check_ctx *ctx, const struct cuda_claim *claim, bool need_full,
			  char *buf, size_t size)
{
	buf[0] = '\0';
	const struct pin *torch = torch_fix_pin_of(ctx, claim->pin);
	struct torch_fix fix;
	if (!torch)
		return false;
	/* The conda channel's picks are not searched across releases (torch_fix_find). */
	if (!torch_fix_find(&fix, ctx, torch, need_full) && (!fix.release[0] || fix.conda))
		return false;
	if (fix.gpu_undriven)
		return false; /* the driver is the fix (DRV104) */
	char words[400];
	torch_fix_words(&fix, ctx, words, sizeof(words));
	snprintf(buf, size, "%s%s", fix.same ? "or " : "", words);
	return true;
}

/*
 * STK306: a devel image's nvcc and the torch it builds extensions against disagree on
 * the CUDA major. torch.utils.cpp_extension compares `nvcc --version` with
 * torch.version.cuda before it builds (`_check_cuda_version`): another major raises
 * ("The detected CUDA version (12.2) mismatches the version that was used to compile
 * PyTorch (11.7)"), another minor of one major only warns ("has a minor version
 * mismatch ... Most likely this shouldn't be a problem"). The severity follows: error
 * on the major, warning on the minor. anchors: a CUDA 12.2 devel image building ops
 * against PyPI's torch 1.13.0 (cu117).
 *
 * nvcc is known only from a base image the KB reads as a devel flavour
 * (images.yaml `flavor`: nvidia/cuda *-devel-*, pytorch/pytorch *-devel); the torch is
 * the stage's last torch build the analysis found (the install that wins), and its CUDA
 * is the KB's. Silent where another nvcc may come first: a stage that also installs a
 * CUDA package (conda cudatoolkit/cuda-toolkit/cuda-nvcc, pip nvidia-cuda-*), and for NGC
 * images, whose torch is NVIDIA's own build. A CPU build skips the check in torch too.
 * Whether the stage builds an extension at all is not known: a devel image beside a
 * CUDA torch is the signal (few install a devel image for anything else).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "util/xalloc.h"

bool check_devel_image(const struct check_ctx *ctx, const struct cuda_claim *c)
{
	const struct pin *p = c->pin;
	struct kb_match m;
	return p->kind == PIN_KIND_IMAGE && !c->ngc && p->spec && !p->unresolved &&
	       kb_match(ctx->kb, KB_PAT_IMAGE_TAG, p->name, p->spec, &m) && !strcmp(m.flavor, "devel");
}

/* A CUDA package (pin.h's CUDA role) or one that brings an nvcc of its own. */
static bool brings_cuda(const struct pin *p)
{
	return p->kind == PIN_KIND_PACKAGE && (p->pkg == PIN_PKG_CUDA || pin_name_brings_nvcc(p->name));
}

/* What the checks ask of each scope, found in one pass over pins and builds (a check
 * per scope over all pins would be quadratic in a 100k-stage Dockerfile). */
struct scope_nvcc {
	bool cuda_pkg;                  /* a package that may bring its own nvcc (brings_cuda) */
	const struct torch_build *last; /* the last torch build, pin order: the install that wins */
};

/* One entry per scope id (scopes.n); the caller frees it. */
static struct scope_nvcc *scope_nvcc_build(const struct check_ctx *ctx, size_t n)
{
	struct scope_nvcc *self = xcalloc(n ? n : 1, sizeof(*self));
	for (size_t i = 0; i < ctx->npins; i++) {
		const struct pin *p = &ctx->pins[i];
		if (p->scope < n && brings_cuda(p))
			self[p->scope].cuda_pkg = true;
	}
	const struct torch_builds *builds = &ctx->facts->builds;
	for (size_t i = 0; i < builds->nr; i++)
		if (builds->items[i].pin->scope < n)
			self[builds->items[i].pin->scope].last = &builds->items[i];
	return self;
}

/* The finding for torch build `b` against an nvcc of CUDA `nvcc` (`where`: "nvcc of base
 * image '...' at Dockerfile:1", "the target's system nvcc ..."); nothing when the X.Y agree. */
static void mismatch(const struct torch_build *b, const struct version *nvcc, enum rule_id rule,
		     const char *where, const char *fix, struct diag_list *out)
{
	if (!version_cmp_prefix(nvcc, &b->cuda, 2))
		return;
	bool major = nvcc->release[0] != b->cuda.release[0];
	char nv[16], tc[16], tv[48];
	version_format_release(nvcc, 2, nv, sizeof(nv));
	version_format_release(&b->cuda, 2, tc, sizeof(tc));
	version_format(&b->version, tv, sizeof(tv));
	struct diag *d;
	if (major)
		d = diag_add(out, rule, b->pin->file, b->pin->span, NULL,
			     "torch %s (%s build) is built with CUDA %s, but %s is CUDA %s: "
			     "torch.utils.cpp_extension refuses to build extensions (\"The detected CUDA "
			     "version (%s) mismatches the version that was used to compile PyTorch (%s)\")",
			     tv, torch_build_origin_name(b->origin), tc, where, nv, nv, tc);
	else
		d = diag_add(out, rule, b->pin->file, b->pin->span, NULL,
			     "torch %s (%s build) is built with CUDA %s, but %s is CUDA %s: "
			     "torch.utils.cpp_extension builds extensions, with a warning (\"has a minor "
			     "version mismatch with the version that was used to compile PyTorch\")",
			     tv, torch_build_origin_name(b->origin), tc, where, nv);
	if (!major)
		d->severity = SEV_WARNING;
	diag_set_help(d, "use %s %s, or a torch build for CUDA %s", fix, tc, nv);
	check_cite(d, b->variant ? &b->variant->origin : &b->rel->origin);
}

static void judge(const struct cuda_claim *img, const struct scope_nvcc *scope, struct diag_list *out)
{
	struct version nvcc;
	const struct torch_build *b = scope->last;
	if (!b || !b->has_cuda || b->pin->marker || b->pin == img->pin || scope->cuda_pkg ||
	    !cuda_claim_version_of(img->text, &nvcc))
		return;
	char where[320];
	snprintf(where, sizeof(where), "nvcc of %s at %s:%u", img->what, img->pin->file, img->span.line);
	mismatch(b, &nvcc, RULE_STK306, where, "a devel image of CUDA", out);
}

void check_extension_build_cuda(const struct check_ctx *ctx, struct diag_list *out)
{
	if (!ctx->kb)
		return;
	const struct cuda_claims *claims = &ctx->facts->claims;
	size_t nscopes = ctx->facts->scopes.n;
	struct scope_nvcc *scopes = NULL;
	const struct cuda_claim **devel = NULL; /* by scope: its devel image claim */
	for (size_t i = 0; i < claims->nr; i++) {
		const struct cuda_claim *c = &claims->items[i];
		if (c->pin->scope >= nscopes || !check_devel_image(ctx, c))
			continue;
		if (!scopes) {
			scopes = scope_nvcc_build(ctx, nscopes);
			devel = xcalloc(nscopes, sizeof(*devel));
		}
		judge(c, &scopes[c->pin->scope], out);
		if (!devel[c->pin->scope])
			devel[c->pin->scope] = c;
	}
	/* A stage built FROM another stage (`FROM dev AS build`) has the nvcc of the image
	 * that chain starts from. */
	for (size_t s = 0; devel && s < nscopes; s++) {
		uint32_t base = ctx->facts->scopes.items[s].base_scope;
		if (base && base < nscopes && base != s && devel[base])
			judge(devel[base], &scopes[s], out);
	}
	free(devel);
	free(scopes);
}

/* STK310: the same comparison against the system toolkit the target names (--cuda, a
 * profile's `cuda`), for what is installed on that system: requirements files and conda
 * environments. A Dockerfile builds inside its image, whose nvcc is STK306's, so a unit
 * with an image pin is left alone; so is a scope that installs a CUDA package (conda's
 * cuda-nvcc or cudatoolkit-dev put their own nvcc first on PATH). */
void check_extension_build_host_cuda(const struct check_ctx *ctx, struct diag_list *out)
{
	const struct target *t = ctx->target;
	if (!ctx->kb || !t->has_cuda)
		return;
	for (size_t i = 0; i < ctx->npins; i++)
		if (ctx->pins[i].kind == PIN_KIND_IMAGE || ctx->pins[i].eco == PIN_ECO_DOCKER)
			return;
	size_t nscopes = ctx->facts->scopes.n;
	struct scope_nvcc *scopes = scope_nvcc_build(ctx, nscopes);
	for (size_t s = 0; s < nscopes; s++) {
		const struct torch_build *b = scopes[s].last;
		if (!b || !b->has_cuda || b->pin->marker || scopes[s].cuda_pkg)
			continue;
		mismatch(b, &t->cuda, RULE_STK310, "the target's system nvcc (--cuda, a profile's cuda)",
			 "a system CUDA toolkit", out);
	}
	free(scopes);
}

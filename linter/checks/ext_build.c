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

static bool is_devel_image(const struct check_ctx *ctx, const struct cuda_claim *c)
{
	const struct pin *p = c->pin;
	struct kb_match m;
	return p->kind == PIN_KIND_IMAGE && !c->ngc && p->spec && !p->unresolved &&
	       kb_match(ctx->kb, KB_PAT_IMAGE_TAG, p->name, p->spec, &m) && !strcmp(m.flavor, "devel");
}

/* Marks the scopes that install a CUDA package: it may bring an nvcc of its own, first
 * on PATH. `marks` has one entry per scope id (scopes.n). */
static void mark_cuda_packages(const struct check_ctx *ctx, bool *marks, size_t n)
{
	for (size_t i = 0; i < ctx->npins; i++) {
		const struct pin *p = &ctx->pins[i];
		if (p->scope < n && p->kind == PIN_KIND_PACKAGE && p->pkg == PIN_PKG_CUDA)
			marks[p->scope] = true;
	}
}

/* The scope's last torch build (pin order: the install that wins), or NULL. */
static const struct torch_build *last_build(const struct torch_builds *builds, uint32_t scope)
{
	const struct torch_build *last = NULL;
	for (size_t i = 0; i < builds->nr; i++)
		if (builds->items[i].pin->scope == scope)
			last = &builds->items[i];
	return last;
}

static void judge(const struct check_ctx *ctx, const struct cuda_claim *img, const bool *cuda_pkg,
		  struct diag_list *out)
{
	struct version nvcc;
	const struct torch_build *b = last_build(&ctx->facts->builds, img->pin->scope);
	if (!b || !b->has_cuda || b->pin->marker || b->pin == img->pin || !cuda_claim_version_of(img->text, &nvcc))
		return;
	if (!version_cmp_prefix(&nvcc, &b->cuda, 2) || cuda_pkg[img->pin->scope])
		return;
	bool major = nvcc.release[0] != b->cuda.release[0];
	char nv[16], tc[16], tv[48];
	version_format_release(&nvcc, 2, nv, sizeof(nv));
	version_format_release(&b->cuda, 2, tc, sizeof(tc));
	version_format(&b->version, tv, sizeof(tv));
	struct diag *d;
	if (major)
		d = diag_add(out, RULE_STK306, b->pin->file, b->pin->span, NULL,
			     "torch %s (%s build) is built with CUDA %s, but nvcc of %s at %s:%u is CUDA %s: "
			     "torch.utils.cpp_extension refuses to build extensions (\"The detected CUDA "
			     "version (%s) mismatches the version that was used to compile PyTorch (%s)\")",
			     tv, torch_build_origin_name(b->origin), tc, img->what, img->pin->file,
			     img->span.line, nv, nv, tc);
	else
		d = diag_add(out, RULE_STK306, b->pin->file, b->pin->span, NULL,
			     "torch %s (%s build) is built with CUDA %s, but nvcc of %s at %s:%u is CUDA %s: "
			     "torch.utils.cpp_extension builds extensions, with a warning (\"has a minor "
			     "version mismatch with the version that was used to compile PyTorch\")",
			     tv, torch_build_origin_name(b->origin), tc, img->what, img->pin->file,
			     img->span.line, nv);
	if (!major)
		d->severity = SEV_WARNING;
	diag_set_help(d, "use a devel image of CUDA %s, or a torch build for CUDA %s", tc, nv);
	diag_set_source(d, b->variant ? b->variant->origin.source : b->rel->origin.source);
}

void check_extension_build_cuda(const struct check_ctx *ctx, struct diag_list *out)
{
	if (!ctx->kb)
		return;
	const struct cuda_claims *claims = &ctx->facts->claims;
	size_t nscopes = ctx->facts->scopes.n;
	bool *cuda_pkg = NULL;
	for (size_t i = 0; i < claims->nr; i++) {
		const struct cuda_claim *c = &claims->items[i];
		if (c->pin->scope >= nscopes || !is_devel_image(ctx, c))
			continue;
		if (!cuda_pkg) {
			cuda_pkg = xcalloc(nscopes, sizeof(*cuda_pkg));
			mark_cuda_packages(ctx, cuda_pkg, nscopes);
		}
		judge(ctx, c, cuda_pkg, out);
	}
	free(cuda_pkg);
}

/*
 * STK302: a cuDNN pin that cannot serve the environment's CUDA or its torch.
 *
 * - No build for the CUDA major: a cuDNN release is built per CUDA major (cudnn.yaml
 *   `builds`, from NVIDIA's support matrices and redist manifests); `cudnn=9.1` next to
 *   `cudatoolkit=10.2` has no build conda can install with it, and
 *   `nvidia-cudnn-cu11==9.12.0.46` was never built (9.12 has CUDA 12 and 13 builds only).
 *   The CUDA major comes from a conda CUDA pin of the same environment (cudatoolkit,
 *   cuda-version, pytorch-cuda), or from the `-cuXX` of NVIDIA's pip package name.
 * - Older than torch's (a warning): a conda `cudnn` of the same major as the one the
 *   environment's pip torch build was built with (pytorch.yaml variant `cudnn`), but
 *   older. torch checks the version it finds at its first cuDNN call and stops ("cuDNN
 *   version incompatibility: PyTorch was compiled against (8, 7, 0) but found runtime
 *   version (8, 2, 4)", anchors.md 11) when the environment's library is the one loaded,
 *   which depends on LD_LIBRARY_PATH: hence a warning. Another major is another soname
 *   (libcudnn.so.8 vs .so.9) that torch does not load, so it is not judged, and neither
 *   is a base image's cuDNN (`-cudnn8-` under a torch with cuDNN 9). A pip
 *   nvidia-cudnn-cuXX pin next to torch is not judged either: the wheel either bundles
 *   its own cuDNN or depends on an exact nvidia-cudnn version, which the KB does not hold.
 *
 * A cuDNN pin is judged only where every release the KB knows under it says the same; a
 * constraint the KB has no release for, or a range, is left to PIN402 / silence.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/pin_spec.h"
#include "check.h"
#include "conda.h"
#include "util/xalloc.h"

/* The parts of a cuDNN pin that name its releases: 3 for X.Y.Z (a 4th, 9.1.0.70, is the
 * build), fewer for a conda prefix (`cudnn=9.1`). */
static unsigned pin_parts(const struct version *v)
{
	return v->nrelease > 3 ? 3 : v->nrelease;
}

/* Does some KB release under the pin's version have a build for `major`? KB_UNKNOWN when
 * the KB has no release under it. */
static enum kb_answer has_build_for(const struct kb *kb, const struct version *v, uint32_t major)
{
	enum kb_answer any = KB_UNKNOWN;
	for (size_t i = 0; i < kb_cudnn_count(kb); i++) {
		const struct kb_cudnn *c = kb_cudnn_at(kb, i);
		if (version_cmp_prefix(&c->version, v, pin_parts(v)))
			continue;
		any = KB_NO;
		for (size_t b = 0; b < c->nbuilds; b++)
			if (c->builds[b].major == major)
				return KB_YES;
	}
	return any;
}

/* The first KB release under the pin's version, for its source. */
static const struct kb_cudnn *first_under(const struct kb *kb, const struct version *v)
{
	for (size_t i = 0; i < kb_cudnn_count(kb); i++)
		if (!version_cmp_prefix(&kb_cudnn_at(kb, i)->version, v, pin_parts(v)))
			return kb_cudnn_at(kb, i);
	return NULL;
}

static void report_no_build(const struct check_ctx *ctx, const struct pin *p, const struct version *v,
			    uint32_t major, const char *why, struct diag_list *out)
{
	char pt[96];
	conda_pin_text(p, pt, sizeof(pt));
	struct diag *d = diag_add(out, RULE_STK302, p->file, p->span, NULL,
				  "'%s' has no build for CUDA %u (%s): the install fails or brings a cuDNN "
				  "that does not load with this CUDA",
				  pt, major, why);
	diag_set_help(d, "pin a cuDNN release built for CUDA %u", major);
	check_cite(d, &first_under(ctx->kb, v)->origin);
}

/* What each scope says about cuDNN's neighbours, gathered in one pass over the claims
 * and builds (a per-pin search would be quadratic on a large file): the conda CUDA pins'
 * majors (a few at most; more are not looked at) and the first torch build whose cuDNN
 * the KB knows. */
#define CUDNN_SCOPE_MAJORS 4

struct scope_cuda {
	const struct cuda_claim *claim[CUDNN_SCOPE_MAJORS];
	uint32_t major[CUDNN_SCOPE_MAJORS];
	uint8_t n;
	const struct torch_build *torch;
};

static struct scope_cuda *scope_cuda_build(const struct check_ctx *ctx)
{
	size_t n = ctx->facts->scopes.n;
	struct scope_cuda *all = xcalloc(n ? n : 1, sizeof(*all));
	const struct cuda_claims *claims = &ctx->facts->claims;
	for (size_t i = 0; i < claims->nr; i++) {
		const struct cuda_claim *c = &claims->items[i];
		struct version cuda;
		if (c->pin->scope >= n || c->pin->eco != PIN_ECO_CONDA || c->pin->kind != PIN_KIND_PACKAGE ||
		    c->pin->pkg != PIN_PKG_CUDA || !version_parse_cuda(&cuda, c->text, strlen(c->text)))
			continue;
		struct scope_cuda *sc = &all[c->pin->scope];
		if (sc->n < CUDNN_SCOPE_MAJORS) {
			sc->claim[sc->n] = c;
			sc->major[sc->n++] = cuda.release[0];
		}
	}
	const struct torch_builds *builds = &ctx->facts->builds;
	for (size_t i = 0; i < builds->nr; i++) {
		const struct torch_build *b = &builds->items[i];
		if (b->pin->scope < n && !all[b->pin->scope].torch && b->variant && b->variant->has_cudnn)
			all[b->pin->scope].torch = b;
	}
	return all;
}

/* A pip nvidia-cudnn-cuXX pin: its name fixes the CUDA major. A conda `cudnn` pin: each
 * conda CUDA pin of the environment states one; the first the cuDNN has no build for is
 * reported. */
static void judge_major(const struct check_ctx *ctx, const struct scope_cuda *sc, const struct pin *p,
			const struct version *v, struct diag_list *out)
{
	char why[160];
	if (p->eco == PIN_ECO_PIP) {
		const struct kb_cudnn_package *pkg = kb_cudnn_package(ctx->kb, p->name);
		if (!pkg || !pkg->cuda_major || has_build_for(ctx->kb, v, pkg->cuda_major) != KB_NO)
			return;
		snprintf(why, sizeof(why), "'%s' is the package of CUDA %u builds", p->name, pkg->cuda_major);
		report_no_build(ctx, p, v, pkg->cuda_major, why, out);
		return;
	}
	for (uint8_t i = 0; sc && i < sc->n; i++) {
		if (has_build_for(ctx->kb, v, sc->major[i]) != KB_NO)
			continue;
		const struct cuda_claim *c = sc->claim[i];
		char ct[96];
		conda_pin_text(c->pin, ct, sizeof(ct));
		snprintf(why, sizeof(why), "'%s' at %u:%u pins CUDA %u", ct, c->span.line, c->span.column,
			 sc->major[i]);
		report_no_build(ctx, p, v, sc->major[i], why, out);
		return;
	}
}

static void judge_torch(const struct scope_cuda *sc, const struct pin *p, const struct version *v,
			struct diag_list *out)
{
	const struct torch_build *b = p->eco == PIN_ECO_CONDA && sc ? sc->torch : NULL;
	if (!b)
		return;
	const struct version *want = &b->variant->cudnn;
	unsigned parts = pin_parts(v);
	/* Another major is another library file; the pin must also be older in every
	 * version it allows, so its own parts are compared. */
	if (v->release[0] != want->release[0] || version_cmp_prefix(v, want, parts) >= 0)
		return;
	char wt[32], tt[48], pt[96];
	conda_pin_text(p, pt, sizeof(pt));
	version_format_release(want, 3, wt, sizeof(wt));
	version_format(&b->version, tt, sizeof(tt));
	struct diag *d = diag_add(out, RULE_STK302, p->file, p->span, NULL,
				  "'%s' is older than the cuDNN %s that torch %s (%s build) was built "
				  "with: where the environment's library is the one loaded (LD_LIBRARY_PATH "
				  "naming it, as TensorFlow setups do), torch stops at its first cuDNN call "
				  "with 'cuDNN version incompatibility'",
				  pt, wt, tt, b->variant->name);
	d->severity = SEV_WARNING;
	diag_set_help(d, "pin %s %s or newer of the same major, or leave cuDNN to torch", p->name, wt);
	check_cite(d, &b->variant->origin);
}

void check_cudnn_stack(const struct check_ctx *ctx, struct diag_list *out)
{
	if (!ctx->kb)
		return;
	struct scope_cuda *all = NULL;
	size_t nscopes = ctx->facts->scopes.n;
	for (size_t i = 0; i < ctx->npins; i++) {
		const struct pin *p = &ctx->pins[i];
		struct version v;
		if (p->kind != PIN_KIND_PACKAGE || p->pkg != PIN_PKG_CUDNN || p->url || !pin_spec_line(p, &v))
			continue;
		if (!all)
			all = scope_cuda_build(ctx);
		const struct scope_cuda *sc = p->scope < nscopes ? &all[p->scope] : NULL;
		size_t before = out->nr;
		judge_major(ctx, sc, p, &v, out);
		if (out->nr == before)
			judge_torch(sc, p, &v, out);
	}
	free(all);
}

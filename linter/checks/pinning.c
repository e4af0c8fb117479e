/*
 * PIN4xx: pinning. PIN402 says where envlint is blind: a CUDA version, torch release or
 * cuDNN version the knowledge base does not hold is reported as unknown, never judged
 * by a guess (DEVELOPERS.md: "where the knowledge base does not know a version, say so").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/pin_spec.h"
#include "check.h"
#include "torch_kind.h"
#include "util/xalloc.h"

static void unknown_cuda(const struct check_ctx *ctx, struct diag_list *out)
{
	const struct cuda_claims *claims = &ctx->facts->claims;
	bool *allowed = xcalloc(kb_cuda_count(ctx->kb) + 1, sizeof(bool));
	size_t n = kb_cuda_count(ctx->kb);
	char oldest[32] = "", newest[32] = "";
	if (n) {
		version_format(&kb_cuda_at(ctx->kb, 0)->version, oldest, sizeof(oldest));
		version_format(&kb_cuda_at(ctx->kb, n - 1)->version, newest, sizeof(newest));
	}
	for (size_t i = 0; i < claims->nr; i++) {
		const struct cuda_claim *c = &claims->items[i];
		if (cuda_claim_releases(c, ctx->kb, allowed))
			continue;
		diag_add(out, RULE_PIN402, c->pin->file, c->span, NULL,
			 "CUDA '%s' (%s) is not in the knowledge base (it knows %s to %s); its driver "
			 "floor is not checked",
			 c->text, c->what, oldest, newest);
	}
	free(allowed);
}

/* Every spelling that names one release or one line: pip `==2.1.0` and `==2.1.*`, conda
 * `=2.1.0`, `2.1.0`, `==2.1.0` and `=2.1` (a line: known when the KB has the line). */
static void unknown_torch(const struct check_ctx *ctx, const struct pin *p, struct diag_list *out)
{
	struct version v;
	if (!pin_spec_line(p, &v))
		return;
	char text[64];
	version_format(&v, text, sizeof(text));
	if (version_is_prerelease(&v)) {
		/* The KB holds releases; a nightly or a pre-release (NVIDIA's 2.5.0a0+gitsha
		 * too) has its own build matrix, so no release's facts are lent to it. */
		diag_add(out, RULE_PIN402, p->file, p->span, NULL,
			 "PyTorch '%s' is not checked: a %s build, not a release; the knowledge base "
			 "holds releases only, so no release's GPU kernels or Pythons are lent to it",
			 text, v.dev >= 0 ? "nightly" : "pre-release");
		return;
	}
	const struct kb_torch_release *rel = kb_torch_release(ctx->kb, &v);
	if (rel && (v.nrelease < 3 || kb_torch_patch_exists(rel, &v)))
		return;
	size_t n = kb_torch_count(ctx->kb);
	char oldest[32] = "", newest[32] = "";
	if (n) {
		version_format(&kb_torch_at(ctx->kb, 0)->line, oldest, sizeof(oldest));
		version_format(&kb_torch_at(ctx->kb, n - 1)->line, newest, sizeof(newest));
	}
	diag_add(out, RULE_PIN402, p->file, p->span, NULL,
		 "PyTorch '%s' is not a release the knowledge base knows (it knows the %s to %s "
		 "lines); its CUDA, Python and companion facts are not checked",
		 text, oldest, newest);
}

/* EL003 for the pins that matter: a torch/CUDA/cuDNN/Python pin whose constraint does
 * not parse is a pin envlint cannot check, and the user should know. (Readers already
 * report text with impossible characters; this catches well-formed-looking junk such as
 * "==2.1.0.x" or ">=,<2".) */
void check_version_syntax(const struct check_ctx *ctx, struct diag_list *out)
{
	for (size_t i = 0; i < ctx->npins; i++) {
		const struct pin *p = &ctx->pins[i];
		if (p->kind != PIN_KIND_PACKAGE || p->pkg == PIN_PKG_OTHER || p->pkg == PIN_PKG_CPUONLY ||
		    !p->spec || p->unresolved)
			continue;
		struct version_spec spec;
		if (pin_spec_parse(p, &spec))
			continue;
		diag_add(
			out, RULE_EL003, p->file, p->span, NULL,
			"version constraint '%s' of '%s' does not parse as a %s specifier; it is not checked",
			p->spec, p->name, p->eco == PIN_ECO_CONDA ? "conda" : "PEP 440");
	}
}

/* The oldest and newest NGC release the KB lists for `image` ("pytorch"); 0 when none.
 * YY.MM tags order as strings. */
static size_t ngc_range(const struct kb *kb, const char *image, const char **oldest, const char **newest)
{
	size_t n = 0;
	for (size_t i = 0; i < kb_ngc_count(kb); i++) {
		const struct kb_ngc *g = kb_ngc_at(kb, i);
		if (strcmp(g->image, image))
			continue;
		if (!n++ || strcmp(g->tag, *oldest) < 0)
			*oldest = g->tag;
		if (n == 1 || strcmp(g->tag, *newest) > 0)
			*newest = g->tag;
	}
	return n;
}

/* An NGC release the KB lists without the torch it ships, with torchvision or torchaudio
 * pinned on top of it in that stage (or a stage built FROM it): STK303 cannot tell whether
 * they fit NVIDIA's torch, so say so once, at the image. */
static void unknown_ngc_torch(const struct check_ctx *ctx, const struct pin *img, const struct kb_ngc *row,
			      struct diag_list *out)
{
	for (size_t i = 0; i < ctx->npins; i++) {
		const struct pin *c = &ctx->pins[i];
		if (c->kind != PIN_KIND_PACKAGE || c->eco != PIN_ECO_PIP || !c->spec ||
		    (c->pkg != PIN_PKG_TORCHVISION && c->pkg != PIN_PKG_TORCHAUDIO) ||
		    (c->scope != img->scope && c->base_scope != img->scope))
			continue;
		char cuda[32];
		version_format(&row->cuda, cuda, sizeof(cuda));
		diag_add(out, RULE_PIN402, img->file, img->span, NULL,
			 "the knowledge base lists NGC release %s (CUDA %s) but not the torch it ships: %s%s "
			 "at line %u, pinned on top of it, is not checked against that torch",
			 row->tag, cuda, c->name, c->spec, c->span.line);
		return;
	}
}

/* A base image whose tag should name the torch it ships (pytorch/pytorch, NGC PyTorch)
 * but names none envlint can read: an NGC release the KB does not list, or a moving tag
 * (`latest`, `nightly`, no tag). Its torch, CUDA and driver needs are not checked, so
 * say so; a digest pins the image, and an unresolved tag already has EL004. */
static void unknown_image(const struct check_ctx *ctx, const struct pin *p, struct diag_list *out)
{
	if (p->unresolved || p->digest || !kb_image_repo_ships_torch(ctx->kb, p->name))
		return;
	struct kb_match m;
	if (p->spec && kb_match(ctx->kb, KB_PAT_IMAGE_TAG, p->name, p->spec, &m)) {
		const char *base = strrchr(p->name, '/');
		const char *image = base ? base + 1 : p->name;
		const struct kb_ngc *row = m.ngc[0] ? kb_ngc_find(ctx->kb, image, m.ngc) : NULL;
		if (row && !row->has_torch)
			unknown_ngc_torch(ctx, p, row, out);
		if (!m.ngc[0] || row)
			return;
		const char *oldest = "", *newest = "";
		size_t n = ngc_range(ctx->kb, image, &oldest, &newest);
		diag_add(out, RULE_PIN402, p->file, p->span, NULL,
			 "NGC release %s of %s is not in the knowledge base (it lists %zu releases, %s "
			 "to %s); the image's torch, CUDA and driver needs are not checked",
			 m.ngc, p->name, n, oldest, newest);
		return;
	}
	diag_add(out, RULE_PIN402, p->file, p->span, NULL,
		 "base image %s:%s names no torch release envlint can read (a moving tag, or a "
		 "form the knowledge base does not know); the image's torch, CUDA and driver "
		 "needs are not checked",
		 p->name, p->spec ? p->spec : "latest");
}

/* The PyTorch index of a CUDA build no release of the KB was built as (scope.h). */
static void unknown_index(const struct check_ctx *ctx, const struct pin *p, struct diag_list *out)
{
	struct kb_match m;
	if (!scope_index_unpublished(ctx->kb, p, &m))
		return;
	bool replaces = p->index_kind == PIN_INDEX_URL || p->index_first;
	diag_add(out, RULE_PIN402, p->file, p->span, NULL,
		 "the PyTorch index of %s is not one the knowledge base knows any torch release was built "
		 "for: %s",
		 m.variant,
		 replaces ? "what it installs is not checked"
			  : "pip takes torch from PyPI beside it, and the build is PyPI's");
}

/* pytorch-cuda=X.Y that no release of the KB lists (cuda_claim.c makes no claim of it). */
static void unknown_pytorch_cuda(const struct check_ctx *ctx, const struct pin *p, struct diag_list *out)
{
	struct version line;
	char values[128], text[16];
	if (!pin_spec_line(p, &line) || kb_pytorch_cuda_published(ctx->kb, &line, values, sizeof(values)))
		return;
	version_format_release(&line, 2, text, sizeof(text));
	diag_add(out, RULE_PIN402, p->file, p->span, NULL,
		 "pytorch-cuda %s is not a value the knowledge base knows the 'pytorch' channel published "
		 "(it knows %s); its CUDA is not checked",
		 text, values);
}

void check_unknown_versions(const struct check_ctx *ctx, struct diag_list *out)
{
	if (!ctx->kb)
		return;
	unknown_cuda(ctx, out);
	for (size_t i = 0; i < ctx->npins; i++) {
		const struct pin *p = &ctx->pins[i];
		if (p->kind == PIN_KIND_PACKAGE && p->pkg == PIN_PKG_TORCH && p->spec && !p->unresolved)
			unknown_torch(ctx, p, out);
		else if (p->kind == PIN_KIND_IMAGE)
			unknown_image(ctx, p, out);
		else if (p->kind == PIN_KIND_INDEX)
			unknown_index(ctx, p, out);
		else if (p->kind == PIN_KIND_PACKAGE && p->eco == PIN_ECO_CONDA && p->spec &&
			 !p->unresolved && !strcmp(p->name, "pytorch-cuda"))
			unknown_pytorch_cuda(ctx, p, out);
	}
}

/* PIN403: a `+cuXYZ` / `+cpu` local version names a build that only the PyTorch index
 * has (PyPI hosts no local versions), so the scope must name an index that has it:
 * `torch==2.0.1+cu118` with no index fails with "No matching distribution" (anchors.md 16),
 * and `+cu118` next to an index of cu121 builds only (download.pytorch.org/whl/cu121)
 * fails too. An index envlint cannot read (a mirror, a find-links page of every build) is
 * given the benefit of the doubt (a Dockerfile's ENV PIP_INDEX_URL / UV_INDEX is an index
 * pin of its stage); with no index at all
 * this is a warning, since `pip install -r` may be given one on the command line. */
static void local_version_index(const struct check_ctx *ctx, const struct scope_info *s, const struct pin *p,
				struct diag_list *out)
{
	if (s->index_any_build || scope_has_index_variant(s, p->variant))
		return;
	struct diag *d;
	if (!s->index) {
		d = diag_add(out, RULE_PIN403, p->file, p->span, NULL,
			     "%s%s names a +%s build, which only the PyTorch index has, and no index is "
			     "given here: pip fails with 'No matching distribution' unless one is given "
			     "on its command line",
			     p->name, p->spec, p->variant);
	} else {
		char variants[160] = "";
		size_t o = 0;
		for (uint8_t i = 0; i < s->nvariants && o < sizeof(variants); i++)
			o += (size_t)snprintf(variants + o, sizeof(variants) - o, "%s%s", i ? ", " : "",
					      s->variants[i]);
		d = diag_add(out, RULE_PIN403, p->file, p->span, NULL,
			     "%s%s names a +%s build, but the PyTorch index given here holds %s builds "
			     "only: pip fails with 'No matching distribution'",
			     p->name, p->spec, p->variant, variants);
		d->severity = SEV_ERROR;
	}
	diag_set_help(d,
		      "add --extra-index-url for the %s builds of the PyTorch index, or drop the "
		      "+%s label and choose the build with the index",
		      p->variant, p->variant);
}

void check_local_versions(const struct check_ctx *ctx, struct diag_list *out)
{
	if (!ctx->kb)
		return;
	const struct scopes *scopes = &ctx->facts->scopes;
	for (size_t i = 0; i < ctx->npins; i++) {
		const struct pin *p = &ctx->pins[i];
		if (p->kind == PIN_KIND_PACKAGE && p->eco == PIN_ECO_PIP && p->variant && !p->unresolved &&
		    !p->url &&
		    (p->pkg == PIN_PKG_TORCH || p->pkg == PIN_PKG_TORCHVISION ||
		     p->pkg == PIN_PKG_TORCHAUDIO) &&
		    torch_kind_build_label(ctx->kb, p->variant))
			local_version_index(ctx, scopes_of_pin(scopes, p), p, out);
	}
}

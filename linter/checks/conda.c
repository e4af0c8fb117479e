/*
 * Conda stack rules: what PyTorch's own `pytorch` channel on anaconda.org published, and
 * how one environment gets its torch. The facts are pytorch.yaml `conda` (per release
 * line: published to the channel or not, its pytorch-cuda and cudatoolkit selectors),
 * from the previous-versions page and the channel's deprecation (pytorch/pytorch#138506:
 * "2.5 will be the last release of PyTorch that will be published to the pytorch
 * channel"). Which channel a pin comes from is the scope's (scope.h). pytorch.yaml's
 * `conda` block has no `source:` of its own (the release's first source is often the
 * wheel build matrix, not the page these facts come from), so these findings name none.
 *
 * STK307: a pytorch pin of a line the channel never had, taken from that channel: the
 *   solve fails ("PackagesNotFoundError"/"nothing provides"). Judged only where nothing
 *   else can serve it: `pytorch::pytorch`, or channels that are `pytorch` and NVIDIA's
 *   only with `nodefaults` (otherwise .condarc's channels, conda-forge or defaults, may
 *   serve that pytorch and the solve works).
 * STK308: cudatoolkit=X next to a pytorch of the pytorch-cuda era taken from that
 *   channel: its builds depend on pytorch-cuda, so cudatoolkit selects no CUDA build
 *   and conda may pick the CPU one (the conda twin of anchors.md 15). Judged only where the
 *   pytorch channel comes first (a conda-forge listed before it serves its own pytorch,
 *   whose older CUDA builds did depend on cudatoolkit) and no pytorch-cuda is pinned.
 * STK309: conda pytorch and pip torch in one environment: two copies of torch in one
 *   site-packages, the second overwriting the first's files with its own CUDA build. A
 *   pip pin with a marker (`; sys_platform == "darwin"`) may not apply: not judged.
 * STK301 (conda half, called from stk.c): pytorch-cuda=X.Y that no build of the pinned
 *   pytorch line depends on (a warning before 1.13, whose builds are chosen by
 *   cudatoolkit: pytorch-cuda then selects nothing, but the solve may still pick a CUDA
 *   build).
 */
#include <stdio.h>
#include <string.h>

#include "analysis/pin_spec.h"
#include "check.h"
#include "conda.h"

void conda_pin_text(const struct pin *p, char *buf, size_t size)
{
	const char *spec = p->spec ? p->spec : "";
	bool bare = spec[0] >= '0' && spec[0] <= '9';
	snprintf(buf, size, "%s%s%s", p->name, bare ? " " : "", spec);
}

static bool is_conda_pytorch(const struct pin *p)
{
	return p->kind == PIN_KIND_PACKAGE && p->eco == PIN_ECO_CONDA && p->pkg == PIN_PKG_TORCH &&
	       !strcmp(p->name, "pytorch") && !p->url && !p->unresolved;
}

const struct kb_torch_release *conda_pytorch_line(const struct check_ctx *ctx, const struct pin *p,
						  struct version *v)
{
	if (!is_conda_pytorch(p) || !pin_spec_line(p, v) || version_is_prerelease(v))
		return NULL;
	return kb_torch_release(ctx->kb, v);
}

/* Nothing but the pytorch channel can serve `p`. */
static bool only_pytorch_channel(const struct scope_info *s, const struct pin *p)
{
	if (p->channel)
		return scope_channel_is_pytorch(p->channel);
	return s->pytorch_channel && !s->channel_other && s->channel_nodefaults;
}

/* The newest line the channel published, or NULL. */
static const struct kb_torch_release *last_on_channel(const struct kb *kb)
{
	for (size_t r = kb_torch_count(kb); r-- > 0;)
		if (kb_torch_at(kb, r)->conda_channel)
			return kb_torch_at(kb, r);
	return NULL;
}

void check_conda_channel_ended(const struct check_ctx *ctx, struct diag_list *out)
{
	if (!ctx->kb)
		return;
	const struct kb_torch_release *last = last_on_channel(ctx->kb);
	for (size_t i = 0; i < ctx->npins && last; i++) {
		const struct pin *p = &ctx->pins[i];
		struct version v;
		const struct kb_torch_release *rel = conda_pytorch_line(ctx, p, &v);
		if (!rel || rel->conda_channel || version_cmp(&rel->line, &last->line) < 0 ||
		    !only_pytorch_channel(scopes_of_pin(&ctx->facts->scopes, p), p))
			continue;
		char tl[16], ll[16], pt[96];
		version_format_release(&rel->line, 2, tl, sizeof(tl));
		version_format_release(&last->line, 2, ll, sizeof(ll));
		conda_pin_text(p, pt, sizeof(pt));
		struct diag *d =
			diag_add(out, RULE_STK307, p->file, p->span, NULL,
				 "'%s' comes from the 'pytorch' channel here, which never published the "
				 "%s line (its last is %s): the solve fails with 'PackagesNotFoundError'",
				 pt, tl, ll);
		diag_set_help(d,
			      "install torch %s from conda-forge ('pytorch', or 'pytorch-gpu' for a CUDA "
			      "build) or with pip",
			      tl);
	}
}

/* "11.7, 11.8" */
static void versions_text(const struct version *vs, size_t n, char *buf, size_t size)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && o < size; i++) {
		char t[16];
		version_format(&vs[i], t, sizeof(t));
		o += (size_t)snprintf(buf + o, size - o, "%s%s", i ? ", " : "", t);
	}
}

void check_cudatoolkit_era(const struct check_ctx *ctx, struct diag_list *out)
{
	if (!ctx->kb)
		return;
	for (size_t i = 0; i < ctx->npins; i++) {
		const struct pin *p = &ctx->pins[i];
		struct version v;
		const struct kb_torch_release *rel = conda_pytorch_line(ctx, p, &v);
		if (!rel || !rel->conda_channel || !rel->npytorch_cuda || rel->ncudatoolkit)
			continue;
		const struct scope_info *s = scopes_of_pin(&ctx->facts->scopes, p);
		if (!s->cudatoolkit || s->pytorch_cuda || s->cpuonly || p->variant ||
		    !scope_conda_from_pytorch_channel(s, p))
			continue;
		char tl[16], values[96], pt[96];
		version_format_release(&rel->line, 2, tl, sizeof(tl));
		versions_text(rel->pytorch_cuda, rel->npytorch_cuda, values, sizeof(values));
		conda_pin_text(p, pt, sizeof(pt));
		const struct pin *tk = s->cudatoolkit;
		struct diag *d =
			diag_add(out, RULE_STK308, tk->file, tk->span, NULL,
				 "cudatoolkit does not choose a CUDA build of '%s' from the 'pytorch' "
				 "channel: the channel's %s builds depend on pytorch-cuda (%s), not "
				 "cudatoolkit, so conda may install the CPU build",
				 pt, tl, values);
		diag_set_help(d,
			      "replace cudatoolkit with pytorch-cuda=X.Y (one of %s), which takes the CUDA "
			      "libraries from the 'nvidia' channel",
			      values);
	}
}

void check_torch_both_ways(const struct check_ctx *ctx, struct diag_list *out)
{
	const struct scopes *scopes = &ctx->facts->scopes;
	for (size_t i = 0; i < scopes->n; i++) {
		const struct scope_info *s = &scopes->items[i];
		const struct pin *c = s->conda_torch, *p = s->first_torch;
		if (!c || !p || p->eco != PIN_ECO_PIP || p->kind != PIN_KIND_PACKAGE || p->marker)
			continue;
		char at[32];
		snprintf(at, sizeof(at), "%u:%u", c->name_span.line, c->name_span.column);
		struct diag *d =
			diag_add(out, RULE_STK309, p->file, p->name_span, NULL,
				 "torch is installed with pip here and as conda's '%s' at %s in the same "
				 "environment: pip writes its torch over conda's, and conda no longer "
				 "knows which build is there",
				 c->name, at);
		diag_set_help(d,
			      "install torch one way: drop the pip torch, or the conda %s (and its "
			      "pytorch-cuda / cudatoolkit)",
			      c->name);
	}
}

/* STK301, conda: pytorch-cuda=X.Y is the pytorch channel's CUDA selector from 1.13 on;
 * a value the line was not built for has no pytorch build depending on it. */
static void pytorch_cuda_unpublished(const struct scope_info *s, const struct pin *p,
				     const struct kb_torch_release *rel, struct diag_list *out)
{
	const struct pin *pc = s->pytorch_cuda;
	struct version want;
	if (!pc || pc->unresolved || !pin_spec_line(pc, &want) || p->variant)
		return;
	for (size_t i = 0; i < rel->npytorch_cuda; i++)
		if (!version_cmp_prefix(&rel->pytorch_cuda[i], &want, 2))
			return;
	char tl[16], values[96], w[16], pt[96];
	version_format_release(&rel->line, 2, tl, sizeof(tl));
	version_format_release(&want, 2, w, sizeof(w));
	conda_pin_text(p, pt, sizeof(pt));
	struct diag *d;
	if (rel->npytorch_cuda) {
		versions_text(rel->pytorch_cuda, rel->npytorch_cuda, values, sizeof(values));
		d = diag_add(out, RULE_STK301, pc->file, pc->span, NULL,
			     "the 'pytorch' channel has no '%s' build for pytorch-cuda %s (the %s line "
			     "was built for pytorch-cuda %s): the solve fails or drops to another build",
			     pt, w, tl, values);
		diag_set_help(d, "pin pytorch-cuda to one of %s, or move pytorch to a line built for %s",
			      values, w);
	} else {
		versions_text(rel->cudatoolkit, rel->ncudatoolkit, values, sizeof(values));
		d = diag_add(out, RULE_STK301, pc->file, pc->span, NULL,
			     "'%s' predates pytorch-cuda: the 'pytorch' channel's %s builds depend on "
			     "cudatoolkit%s%s, so pytorch-cuda %s does not choose its CUDA build and "
			     "conda may install the CPU one",
			     pt, tl, values[0] ? " " : "", values, w);
		diag_set_help(d, "replace pytorch-cuda with cudatoolkit%s%s",
			      values[0] ? "=X.Y, one of " : "", values);
		/* conda still installs a CUDA build with the cudatoolkit it depends on, or the
		 * CPU build: which one is the solver's choice, so this is a warning. */
		d->severity = SEV_WARNING;
	}
}

void conda_check_builds(const struct check_ctx *ctx, struct diag_list *out)
{
	for (size_t i = 0; i < ctx->npins; i++) {
		const struct pin *p = &ctx->pins[i];
		struct version v;
		const struct kb_torch_release *rel = conda_pytorch_line(ctx, p, &v);
		if (!rel || !rel->conda_channel)
			continue;
		const struct scope_info *s = scopes_of_pin(&ctx->facts->scopes, p);
		if (scope_conda_from_pytorch_channel(s, p))
			pytorch_cuda_unpublished(s, p, rel, out);
	}
}

/*
 * STK304: the environment's Python has no wheel of the pinned torch. PyTorch builds each
 * release line for a range of CPython versions (pytorch.yaml `python`, the release build
 * matrix); outside it pip finds no wheel and fails with "No matching distribution found
 * for torch==2.1.0" (Python 3.12 with torch 2.1, 3.13 with 2.4, 3.7 with 2.0).
 *
 * Judged: a pip torch pin of one release line under the environment's Python: a conda
 * `python=X.Y` (an environment.yml, or `conda install python=X.Y` in a Dockerfile stage),
 * else the CPython of the stage's base image where its tag names it (python:3.12-slim,
 * images.yaml `python-image`). Not judged: a conda pytorch pin, because the KB's ranges
 * are those of the pip wheels and conda channels built other sets (conda-forge builds a
 * release for Pythons PyTorch's wheels skip); a Python range (`python>=3.10`).
 */
#include <stdio.h>

#include "analysis/pin_spec.h"
#include "check.h"
#include "conda.h"

static bool in_range(const struct kb_torch_release *rel, const struct version *py)
{
	return version_cmp_prefix(py, &rel->python_min, 2) >= 0 &&
	       version_cmp_prefix(py, &rel->python_max, 2) <= 0;
}

/* The line nearest to `rel` whose wheels cover `py`: the first after it when `py` is too
 * new, the newest before it when too old; NULL when the KB knows none. */
static const struct kb_torch_release *nearest_line(const struct kb *kb, const struct kb_torch_release *rel,
						   const struct version *py, bool newer)
{
	const struct kb_torch_release *found = NULL;
	for (size_t r = 0; r < kb_torch_count(kb); r++) {
		const struct kb_torch_release *o = kb_torch_at(kb, r);
		int c = version_cmp(&o->line, &rel->line);
		if (!o->has_python || !in_range(o, py) || (newer ? c <= 0 : c >= 0))
			continue;
		found = o;
		if (newer)
			break;
	}
	return found;
}

static void judge(const struct check_ctx *ctx, const struct pin *python, const struct version *py,
		  const struct pin *torch, struct diag_list *out)
{
	struct version v;
	/* A nightly's Pythons are its own, not its line's (PIN402 says it is not checked). */
	if (!pin_spec_line(torch, &v) || version_is_prerelease(&v))
		return;
	const struct kb_torch_release *rel = kb_torch_release(ctx->kb, &v);
	if (!rel || !rel->has_python || in_range(rel, py))
		return;
	char pt[16], lo[16], hi[16], line[16], at[192], tt[96], pyt[96];
	conda_pin_text(torch, tt, sizeof(tt));
	bool image = python->kind == PIN_KIND_IMAGE;
	if (image)
		snprintf(pyt, sizeof(pyt), "%s:%s", python->name, python->spec);
	else
		conda_pin_text(python, pyt, sizeof(pyt));
	version_format_release(py, 2, pt, sizeof(pt));
	version_format_release(&rel->python_min, 2, lo, sizeof(lo));
	version_format_release(&rel->python_max, 2, hi, sizeof(hi));
	version_format_release(&rel->line, 2, line, sizeof(line));
	snprintf(at, sizeof(at), "%s'%s' at %u:%u", image ? "base image " : "", pyt, python->span.line,
		 python->span.column);
	struct diag *d = diag_add(out, RULE_STK304, torch->file, torch->span, NULL,
				  "'%s' has no wheel for Python %s (%s; the %s line has wheels for "
				  "Python %s to %s): pip fails with 'No matching distribution'",
				  tt, pt, at, line, lo, hi);
	bool newer = version_cmp_prefix(py, &rel->python_max, 2) > 0;
	const struct kb_torch_release *fix = nearest_line(ctx->kb, rel, py, newer);
	char ft[16];
	if (fix) {
		version_format_release(&fix->line, 2, ft, sizeof(ft));
		diag_set_help(d,
			      "use Python %s, or torch from the %s line (the %s one with wheels for "
			      "Python %s)",
			      newer ? hi : lo, ft, newer ? "first" : "newest", pt);
	} else {
		diag_set_help(d, "use Python %s to %s", lo, hi);
	}
	check_cite(d, &rel->origin);
}

void check_python_wheel(const struct check_ctx *ctx, struct diag_list *out)
{
	if (!ctx->kb)
		return;
	const struct scopes *scopes = &ctx->facts->scopes;
	for (size_t i = 0; i < ctx->npins; i++) {
		const struct pin *p = &ctx->pins[i];
		/* A marker (`; python_version < "3.12"`) is how a file pins torch per Python. */
		if (p->kind != PIN_KIND_PACKAGE || p->eco != PIN_ECO_PIP || p->pkg != PIN_PKG_TORCH ||
		    p->url || p->unresolved || p->marker)
			continue;
		/* A conda python is the one pip runs under, whatever the base image's. */
		const struct scope_info *s = scopes_of_pin(scopes, p);
		struct version py;
		if (s->python && pin_spec_line(s->python, &py))
			judge(ctx, s->python, &py, p, out);
		else if (!s->python && s->python_image)
			judge(ctx, s->python_image, &s->python_image_version, p, out);
	}
}

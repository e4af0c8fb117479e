/*
 * STK305: one environment (a scope: a requirements file with its includes, a conda
 * environment with its pip: section, a Dockerfile stage with the files its RUNs install)
 * pins torch, a CUDA package or cuDNN twice, and no version satisfies both pins. Inside
 * one resolve pip stops with ResolutionImpossible and conda's solve fails; across two
 * installs one after the other (`pip install -r requirements.txt`, then `pip install
 * torch==2.1.0`) the later one silently replaces the earlier, so the file the user edits
 * no longer says what the image holds. That drift is the common case (a requirements
 * bump that never reaches the image), and it is reported as an error too: one of the two
 * pins is wrong either way.
 *
 * Judged only where the answer needs no guess: at least one pin is exact (`==2.1.0`) and
 * its version falls outside the other constraint, or both name a release line by prefix
 * (`=2.1`, `2.3.*`) and the lines differ. Two ranges are never judged, nor a pin with an
 * environment marker (it may not apply), an unresolved variable, or an exact pre-release
 * against a range (whether a range admits a pre-release is the installer's choice).
 * Scopes are the analysis' (scope.h), so two Dockerfile stages, or unrelated files, are
 * never compared. pip's torch and conda's pytorch are one package (pip writes over
 * conda's); other packages are compared by name within one ecosystem.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/pin_spec.h"
#include "check.h"
#include "conda.h"
#include "util/vec.h"

/* Earlier pins of the package with another constraint, and earlier judged pins at all,
 * looked at per pin: bound the work on hostile input (torch pinned 100k times, 100k
 * scopes) well above any real stack, which pins a package a few times. The finding
 * names the nearest earlier pin it conflicts with. */
#define CONFLICT_LOOKBACK 8
#define CONFLICT_WALK 256

static bool judged(const struct pin *p)
{
	if (p->kind != PIN_KIND_PACKAGE || p->marker || p->unresolved || p->url || !p->spec)
		return false;
	return p->pkg == PIN_PKG_TORCH || p->pkg == PIN_PKG_CUDA || p->pkg == PIN_PKG_CUDNN;
}

/* Do both pins install one package? pip's torch and conda's pytorch are one. */
static bool same_package(const struct pin *a, const struct pin *b)
{
	if (a->scope != b->scope || a->pkg != b->pkg)
		return false;
	if (a->pkg == PIN_PKG_TORCH)
		return true;
	return a->eco == b->eco && !strcmp(a->name, b->name);
}

static bool is_pre(const struct version *v)
{
	return v->pre != VERSION_PRE_NONE || v->dev >= 0;
}

/* The one version `a` pins lies outside `b`'s constraint. */
static bool exact_outside(const struct version *av, const struct version_spec *bs, bool b_exact)
{
	if (is_pre(av) && !b_exact)
		return false;
	return !version_spec_matches(bs, av);
}

/* Can no version satisfy both pins? Only answered where it needs no guess (see top). */
static bool cannot_both_hold(const struct pin *a, const struct pin *b)
{
	struct version_spec as, bs;
	struct version av, bv;
	if (!pin_spec_parse(a, &as) || !pin_spec_parse(b, &bs))
		return false;
	bool ae = version_spec_exact(&as, &av), be = version_spec_exact(&bs, &bv);
	if (ae || be)
		return (!ae || exact_outside(&av, &bs, be)) && (!be || exact_outside(&bv, &as, ae));
	struct version al, bl;
	if (!pin_spec_line(a, &al) || !pin_spec_line(b, &bl))
		return false;
	unsigned parts = al.nrelease < bl.nrelease ? al.nrelease : bl.nrelease;
	return version_cmp_prefix(&al, &bl, parts) != 0;
}

static void report(const struct pin *first, const struct pin *later, struct diag_list *out)
{
	char ft[96], lt[96];
	conda_pin_text(first, ft, sizeof(ft));
	conda_pin_text(later, lt, sizeof(lt));
	struct diag *d = diag_add(out, RULE_STK305, later->file, later->span, NULL,
				  "'%s' here and '%s' at %s:%u cannot both hold in one environment: "
				  "installed together they do not resolve, and installed one after the "
				  "other the later replaces the earlier, so one of the two pins does not "
				  "say what is installed",
				  lt, ft, first->file, first->span.line);
	diag_set_help(d, "pin one version in one place (or make both pins agree)");
}

void check_conflicting_pins(const struct check_ctx *ctx, struct diag_list *out)
{
	VEC(size_t) seen = { NULL, 0, 0 };
	for (size_t j = 0; j < ctx->npins; j++) {
		const struct pin *p = &ctx->pins[j];
		if (!judged(p))
			continue;
		/* A pin that repeats an earlier pin's text was judged there: its conflicts were
		 * reported once, at the first pin of that text (a file repeating torch==2.1.0
		 * and torch==2.3.0 100k times gets two findings, not 100k). */
		const struct pin *conflict = NULL;
		bool repeat = false;
		size_t looked = 0, walked = 0;
		for (size_t k = seen.nr; k-- > 0 && looked < CONFLICT_LOOKBACK && walked++ < CONFLICT_WALK;) {
			const struct pin *q = &ctx->pins[seen.items[k]];
			if (!same_package(q, p))
				continue;
			if (!strcmp(q->spec, p->spec)) {
				repeat = true;
				break;
			}
			looked++;
			if (!conflict && cannot_both_hold(q, p))
				conflict = q;
		}
		if (conflict && !repeat)
			report(conflict, p, out);
		vec_push(&seen, j);
	}
	vec_release(&seen);
}

/*
 * DRV1xx: driver floors. NVIDIA publishes, per CUDA toolkit release, the minimum driver
 * for its full feature set (CUDA release notes, Table 3) and, per CUDA major from 11 on,
 * a lower floor under which applications still run through minor-version
 * compatibility (Table 2; https://docs.nvidia.com/deploy/cuda-compatibility/). Both
 * floors come from the KB (rules/cuda.yaml); this file holds no versions.
 *
 * A claim (a pin that allows a set of CUDA releases) is judged by the most lenient
 * release it allows: envlint only reports what no allowed release escapes.
 *   some allowed release's full floor <= driver          -> fine
 *   else some allowed release's major has an MVC floor <= driver -> DRV102 (warning)
 *   else                                                  -> DRV101 (error)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "derive.h"
#include "util/xalloc.h"

enum floor_verdict {
	FLOOR_FULL,       /* runs with the full feature set */
	FLOOR_MVC,        /* runs only through minor-version compatibility */
	FLOOR_NONE,       /* needs a newer driver */
	FLOOR_UNKNOWN,    /* the KB cannot tell */
};

static enum floor_verdict judge_release(const struct kb *kb, const struct kb_cuda *r,
					const struct version *driver, enum kb_os os)
{
	if (r->has_driver[os]) {
		if (version_cmp(driver, &r->driver[os]) >= 0)
			return FLOOR_FULL;
	} else if (r->driver_branch) {
		if (version_driver_branch(driver) >= r->driver_branch)
			return FLOOR_FULL;
	} else {
		return FLOOR_UNKNOWN;
	}
	const struct kb_minor_compat *mvc = kb_cuda_minor_compat(kb, r->version.release[0]);
	if (mvc && mvc->has_driver[os]) {
		if (version_cmp(driver, &mvc->driver[os]) >= 0)
			return r->has_driver[os] ? FLOOR_MVC : FLOOR_UNKNOWN;
		return FLOOR_NONE;
	}
	/* No minor-version compatibility for this major (CUDA 10 and older). */
	return r->has_driver[os] ? FLOOR_NONE : FLOOR_UNKNOWN;
}

/* The newest release the driver runs through minor-version compatibility. */
static const struct kb_cuda *newest_mvc(const struct kb *kb, const struct version *driver, enum kb_os os)
{
	const struct kb_cuda *best = NULL;
	for (size_t i = 0; i < kb_cuda_count(kb); i++) {
		const struct kb_cuda *r = kb_cuda_at(kb, i);
		const struct kb_minor_compat *mvc = kb_cuda_minor_compat(kb, r->version.release[0]);
		if (mvc && mvc->has_driver[os] && version_cmp(driver, &mvc->driver[os]) >= 0)
			best = r;
	}
	return best;
}

static void minor_line(const struct version *v, char *buf, size_t size)
{
	snprintf(buf, size, "%u.%u", v->release[0], v->nrelease > 1 ? v->release[1] : 0);
}

static void help_for(const struct kb *kb, const struct target *t, const struct kb_cuda *lowest,
		     bool via_mvc_only, struct diag *d)
{
	char need[32] = "", full[16] = "", mvc[16] = "";
	const struct kb_cuda *nf = kb_cuda_newest_for_driver(kb, &t->driver, t->os);
	const struct kb_cuda *nm = newest_mvc(kb, &t->driver, t->os);
	if (nf)
		minor_line(&nf->version, full, sizeof(full));
	if (nm)
		minor_line(&nm->version, mvc, sizeof(mvc));
	if (lowest->has_driver[t->os])
		version_format_driver(&lowest->driver[t->os], need, sizeof(need));
	char drv[64];
	/* Branch names (R550) are a Linux numbering; Windows drivers are numbered apart. */
	if (need[0] && t->os == KB_OS_LINUX)
		snprintf(drv, sizeof(drv), "install driver >= %s (R%u)", need,
			 version_driver_branch(&lowest->driver[t->os]));
	else if (need[0])
		snprintf(drv, sizeof(drv), "install driver >= %s", need);
	else
		snprintf(drv, sizeof(drv), "install a driver of branch R%u or newer", lowest->driver_branch);
	if (via_mvc_only && full[0]) {
		diag_set_help(d, "%s for the full feature set, or use CUDA <= %s, which driver %s runs fully",
			      drv, full, t->driver_text);
	} else if (via_mvc_only) {
		diag_set_help(d, "%s for the full feature set", drv);
	} else if (full[0] && mvc[0] && strcmp(full, mvc)) {
		diag_set_help(d, "%s, or use CUDA <= %s (<= %s through minor-version compatibility), "
			      "which driver %s runs", drv, full, mvc, t->driver_text);
	} else if (full[0] || mvc[0]) {
		diag_set_help(d, "%s, or use CUDA <= %s, which driver %s runs", drv, full[0] ? full : mvc,
			      t->driver_text);
	} else {
		diag_set_help(d, "%s; the knowledge base knows no CUDA release that driver %s runs", drv,
			      t->driver_text);
	}
}

static void judge_claim(const struct check_ctx *ctx, const struct cuda_claim *c, bool *allowed,
			struct diag_list *out)
{
	const struct kb *kb = ctx->kb;
	const struct target *t = ctx->target;
	if (!cuda_claim_releases(kb, c, allowed))
		return; /* unknown to the KB: PIN402 says so */
	bool any_full = false, any_mvc = false, any_unknown = false;
	const struct kb_cuda *lowest = NULL;
	for (size_t i = 0; i < kb_cuda_count(kb); i++) {
		if (!allowed[i])
			continue;
		const struct kb_cuda *r = kb_cuda_at(kb, i);
		if (!lowest)
			lowest = r;
		switch (judge_release(kb, r, &t->driver, t->os)) {
		case FLOOR_FULL:
			any_full = true;
			break;
		case FLOOR_MVC:
			any_mvc = true;
			break;
		case FLOOR_UNKNOWN:
			any_unknown = true;
			break;
		case FLOOR_NONE:
			break;
		}
	}
	if (any_full || any_unknown || !lowest)
		return;
	char need[32] = "", mvc_floor[32] = "";
	struct version floor;
	if (kb_cuda_min_driver(kb, &lowest->version, t->os, &floor, NULL))
		version_format_driver(&floor, need, sizeof(need));
	const struct kb_minor_compat *mvc = kb_cuda_minor_compat(kb, lowest->version.release[0]);
	if (mvc && mvc->has_driver[t->os])
		version_format_driver(&mvc->driver[t->os], mvc_floor, sizeof(mvc_floor));
	const char *file = c->pin->file;
	struct diag *d;
	if (any_mvc) {
		d = diag_add(out, RULE_DRV102, file, c->span, NULL,
			     "CUDA '%s' (%s) needs driver >= %s for its full feature set; driver '%s' runs "
			     "it only through minor-version compatibility (>= %s): no PTX JIT of newer "
			     "code, newer APIs fail with cudaErrorCallRequiresNewerDriver",
			     c->text, c->what, need[0] ? need : "?", t->driver_text, mvc_floor);
		help_for(kb, t, lowest, true, d);
		diag_set_source(d, lowest->origin.source);
		return;
	}
	if (mvc_floor[0])
		d = diag_add(out, RULE_DRV101, file, c->span, NULL,
			     "CUDA '%s' (%s) needs driver >= %s, or >= %s with minor-version "
			     "compatibility; target driver is '%s'",
			     c->text, c->what, need[0] ? need : "?", mvc_floor, t->driver_text);
	else
		d = diag_add(out, RULE_DRV101, file, c->span, NULL,
			     "CUDA '%s' (%s) needs driver >= %s (CUDA %u has no minor-version "
			     "compatibility); target driver is '%s'",
			     c->text, c->what, need[0] ? need : "?", lowest->version.release[0],
			     t->driver_text);
	help_for(kb, t, lowest, false, d);
	diag_set_source(d, lowest->origin.source);
}

void check_driver_floor(const struct check_ctx *ctx, struct diag_list *out)
{
	if (!ctx->target->has_driver || !ctx->kb)
		return;
	struct cuda_claims claims;
	derive_cuda_claims(ctx, &claims);
	bool *allowed = xcalloc(kb_cuda_count(ctx->kb) + 1, sizeof(bool));
	for (size_t i = 0; i < claims.nr; i++)
		judge_claim(ctx, &claims.items[i], allowed, out);
	free(allowed);
	cuda_claims_release(&claims);
}

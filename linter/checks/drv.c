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

#include "analysis/cuda_claim.h"
#include "analysis/floor.h"
#include "claim_group.h"
#include "container.h"
#include "image_fix.h"
#include "variant_name.h"
#include "torch_fix.h"
#include "util/xalloc.h"

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

static void help_for(const struct check_ctx *ctx, const struct cuda_claim *c, const struct kb_cuda *lowest,
		     bool via_mvc_only, struct diag *d)
{
	const struct kb *kb = ctx->kb;
	const struct target *t = ctx->target;
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
	char help[1024];
	if (via_mvc_only && full[0])
		snprintf(help, sizeof(help),
			 "%s for the full feature set, or use CUDA <= %s, which driver %s runs fully", drv,
			 full, t->driver_text);
	else if (via_mvc_only)
		snprintf(help, sizeof(help), "%s for the full feature set", drv);
	else if (full[0] && mvc[0] && strcmp(full, mvc))
		snprintf(help, sizeof(help),
			 "%s, or use CUDA <= %s (<= %s through minor-version compatibility), "
			 "which driver %s runs",
			 drv, full, mvc, t->driver_text);
	else if (full[0] || mvc[0])
		snprintf(help, sizeof(help), "%s, or use CUDA <= %s, which driver %s runs", drv,
			 full[0] ? full : mvc, t->driver_text);
	else
		snprintf(help, sizeof(help),
			 "%s; the knowledge base knows no CUDA release that driver %s runs", drv,
			 t->driver_text);
	/* Where PyTorch brought the CUDA, name the build of the same release that fits; for
	 * an nvidia/cuda base image, the listed tag of it that fits. */
	char fix[512];
	if (torch_fix_for_driver(ctx, c, via_mvc_only, fix, sizeof(fix), d))
		diag_set_help(d, "%s; %s", help, fix);
	else if (image_fix_for_target(ctx, c, fix, sizeof(fix), d))
		diag_set_help(d, "%s; %s is the newest listed tag of this image that driver %s runs fully",
			      help, fix, t->driver_text);
	else
		diag_set_help(d, "%s", help);
}

/* NGC framework containers state their own driver needs in NVIDIA's release notes:
 * "Release 24.05 is based on NVIDIA CUDA 12.4.1, which requires NVIDIA Driver release 545
 * or later. However, if you are running on a data center GPU ..., you can use NVIDIA
 * driver release 470.57 (or later R470), 525.85 (or later R525), ..." (forward
 * compatibility through the container's cuda-compat). That statement, from images.yaml,
 * is the floor for those images; the CUDA release's own floors are not. */
static void judge_ngc(const struct check_ctx *ctx, const struct cuda_claim *c, const char *also,
		      struct diag_list *out)
{
	const struct kb_ngc *ngc = c->ngc;
	const struct target *t = ctx->target;
	if (version_driver_branch(&t->driver) >= ngc->driver_branch)
		return;
	bool datacenter = t->gpu && kb_forward_compat_allowed(ctx->kb, t->gpu->segment) == KB_YES;
	bool dc_floor = kb_ngc_datacenter_admits(ngc, &t->driver);
	if (dc_floor && (datacenter || !t->gpu))
		return; /* runs on data center GPUs; without --gpu envlint cannot tell */
	char floors[256] = "";
	size_t o = 0;
	for (size_t i = 0; i < ngc->ndatacenter && o < sizeof(floors); i++) {
		char v[32] = "";
		/* A floor written as the branch alone is the notes' "418.xx": any R418 driver. */
		if (ngc->datacenter[i].nrelease > 1)
			version_format_driver(&ngc->datacenter[i], v, sizeof(v));
		o += (size_t)snprintf(floors + o, sizeof(floors) - o, "%s%sR%u%s%s", i ? ", " : "",
				      v[0] ? "" : "any ", version_driver_branch(&ngc->datacenter[i]),
				      v[0] ? " >= " : "", v);
	}
	char why[256];
	if (dc_floor)
		snprintf(why, sizeof(why), "; the data-center exception does not apply to '%s'",
			 t->gpu->name);
	else
		why[0] = '\0';
	struct diag *d =
		diag_add(out, RULE_DRV101, c->pin->file, c->span, NULL,
			 "NGC release %s (%s, CUDA %s) requires NVIDIA driver release %u or later%s%s%s; "
			 "target driver is '%s'%s%s",
			 ngc->tag, c->what, c->text, ngc->driver_branch,
			 floors[0] ? " (on data center GPUs also " : "", floors, floors[0] ? ")" : "",
			 t->driver_text, why, also);
	/* The newest release of the same image whose stated floor the driver meets, or, on a
	 * data-center GPU, one of its data-center floors (the V100 on R450 that 24.06 refuses
	 * runs 23.01 through its R450 exception, not only releases that require R450). */
	const struct kb_ngc *best = NULL;
	bool best_dc = false;
	for (size_t i = 0; i < kb_ngc_count(ctx->kb); i++) {
		const struct kb_ngc *n = kb_ngc_at(ctx->kb, i);
		if (strcmp(n->image, ngc->image) || !n->driver_branch)
			continue;
		bool own = n->driver_branch <= version_driver_branch(&t->driver);
		bool dc = !own && datacenter && kb_ngc_datacenter_admits(n, &t->driver);
		if ((own || dc) && (!best || strcmp(n->tag, best->tag) > 0)) {
			best = n;
			best_dc = dc;
		}
	}
	if (best)
		diag_set_help(d,
			      "install driver release %u or later, or use an NGC release this driver "
			      "meets (newest the knowledge base knows: %s:%s-py3, %s R%u)",
			      ngc->driver_branch, c->pin->name, best->tag,
			      best_dc ? "through its data-center exception for" : "which requires",
			      best_dc ? version_driver_branch(&t->driver) : best->driver_branch);
	else
		diag_set_help(d, "install driver release %u or later", ngc->driver_branch);
	check_cite(d, &ngc->origin);
}

/* A claim in a file named as a non-CUDA variant (Dockerfile.cpu_noavx built on an
 * nvidia/cuda base), or a devel image whose base's requirement the KB cannot pin down
 * (container_devel_undecided): its findings are infos that say why. */
static void judge_one(const struct check_ctx *ctx, const struct cuda_claim *c, bool *allowed,
		      const char *also, struct diag_list *out);

static void judge_claim(const struct check_ctx *ctx, const struct cuda_claim *c, bool *allowed,
			const char *also, struct diag_list *out)
{
	char where[96];
	const char *variant = variant_name_of(c->pin, where, sizeof(where));
	/* A pytorch devel tag whose nvidia/cuda base the toolkit refuses under one candidate
	 * row and runs through forward compatibility under another: neither the driver floor
	 * nor minor-version compatibility is what happens. */
	bool undecided = !variant && container_devel_undecided(ctx, c);
	if (!variant && !undecided) {
		judge_one(ctx, c, allowed, also, out);
		return;
	}
	char note[512];
	if (variant)
		snprintf(note, sizeof(note),
			 "%s; %s says it is a %s variant, whose CUDA may never run on this target", also,
			 where, variant);
	else
		snprintf(
			note, sizeof(note),
			"%s; but the image is built FROM an nvidia/cuda devel image whose requirement depends on "
			"its patch release and Ubuntu, which the knowledge base does not know: the container "
			"toolkit either refuses it or runs its CUDA through forward compatibility",
			also);
	size_t before = out->nr;
	judge_one(ctx, c, allowed, note, out);
	for (size_t i = before; i < out->nr; i++)
		if (out->items[i].severity > SEV_INFO)
			out->items[i].severity = SEV_INFO;
}

static void judge_one(const struct check_ctx *ctx, const struct cuda_claim *c, bool *allowed,
		      const char *also, struct diag_list *out)
{
	if (c->ngc && c->ngc->driver_branch) {
		judge_ngc(ctx, c, also, out);
		return;
	}
	const struct kb *kb = ctx->kb;
	const struct target *t = ctx->target;
	if (!cuda_claim_releases(c, kb, allowed))
		return; /* unknown to the KB: PIN402 says so */
	bool any_full = false, any_mvc = false, any_unknown = false;
	const struct kb_cuda *lowest = NULL;
	for (size_t i = 0; i < kb_cuda_count(kb); i++) {
		if (!allowed[i])
			continue;
		const struct kb_cuda *r = kb_cuda_at(kb, i);
		if (!lowest)
			lowest = r;
		switch (floor_of_release(kb, r, &t->driver, t->os)) {
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
	/* An official nvidia/cuda base image: what the container runtime does decides before
	 * minor-version compatibility can (container.h). */
	enum container_verdict cv = container_verdict_of(ctx, c);
	bool none = !any_full && !any_mvc && !any_unknown && lowest;
	/* Refused, or started into error 804: DRV103 says so, unless even minor-version
	 * compatibility fails, where DRV101 (the driver floor) stays the finding. */
	if ((cv == CONTAINER_REFUSED || cv == CONTAINER_ERROR_804) && !none) {
		container_report(ctx, c, cv, also, out);
		return;
	}
	/* Started through a brand exception on a data-center GPU, the image's cuda-compat
	 * gives the full CUDA: neither the driver floor nor minor-version limits apply, even
	 * where minor-version compatibility would fail (nvidia/cuda:13.0.0 on R535: the image
	 * admits R535 for data-center brands). DRV105 says so. Without --gpu the floors speak
	 * as for any base image: most such targets are GeForce boxes. */
	if (cv == CONTAINER_FORWARD_COMPAT) {
		container_report_forward(ctx, c, also, out);
		return;
	}
	if (any_full || any_unknown || !lowest)
		return;
	/* A CUDA application in an image that runs through forward compatibility gets the
	 * image's compat libcuda too: the driver's floors do not apply to it (DRV105 on the
	 * image names it). */
	if (container_forward_covers(ctx, c))
		return;
	/* An NGC release without a driver statement, or an nvidia/cuda tag the KB holds no
	 * requirement for, ships cuda-compat: on a data-center GPU the forward-compatibility
	 * matrix may run it where the floors below would not. */
	if ((c->ngc || cv == CONTAINER_NOT_APPLICABLE) && container_forward_by_matrix(ctx, c, also, out))
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
			     "code, newer APIs fail with cudaErrorCallRequiresNewerDriver%s",
			     c->text, c->what, need[0] ? need : "?", t->driver_text, mvc_floor, also);
		help_for(ctx, c, lowest, true, d);
		check_cite(d, &lowest->origin);
		return;
	}
	if (mvc_floor[0])
		d = diag_add(out, RULE_DRV101, file, c->span, NULL,
			     "CUDA '%s' (%s) needs driver >= %s, or >= %s with minor-version "
			     "compatibility; target driver is '%s'%s",
			     c->text, c->what, need[0] ? need : "?", mvc_floor, t->driver_text, also);
	else
		d = diag_add(out, RULE_DRV101, file, c->span, NULL,
			     "CUDA '%s' (%s) needs driver >= %s (CUDA %u has no minor-version "
			     "compatibility); target driver is '%s'%s",
			     c->text, c->what, need[0] ? need : "?", lowest->version.release[0],
			     t->driver_text, also);
	help_for(ctx, c, lowest, false, d);
	check_cite(d, &lowest->origin);
}

void check_driver_floor(const struct check_ctx *ctx, struct diag_list *out)
{
	if (!ctx->target->has_driver || !ctx->kb)
		return;
	claim_groups_each(ctx, judge_claim, out);
}

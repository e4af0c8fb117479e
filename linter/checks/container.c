#include "container.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "image_fix.h"

/* GeForce and TITAN cards report a GeForce/TITAN brand (NVML's brand types GEFORCE,
 * GEFORCE_RTX, TITAN, TITAN_RTX, the names the clauses use): does the image list one? From
 * 12.5.0 on NVIDIA's images list none. */
static bool lists_consumer_brand(const struct kb_cuda_image *img)
{
	for (const char *const *b = img->brands; b && *b; b++)
		if (!strncmp(*b, "geforce", 7) || !strncmp(*b, "titan", 5))
			return true;
	return false;
}

static bool in_list(const uint32_t *list, size_t n, uint32_t branch)
{
	for (size_t i = 0; i < n; i++)
		if (list[i] == branch)
			return true;
	return false;
}

/* Does any brand clause of the image name this branch (for `brands`, or tesla alone)? */
static bool has_branch(const struct kb_cuda_image *img, uint32_t branch)
{
	return in_list(img->branches, img->nbranches, branch) ||
	       in_list(img->tesla_branches, img->ntesla_branches, branch);
}

/* Does the image's clause for this branch name a GeForce/TITAN brand? Not where the branch's
 * clause names tesla alone (11.5.0: R418/R450). */
static bool admits_consumer_on(const struct kb_cuda_image *img, uint32_t branch)
{
	return in_list(img->branches, img->nbranches, branch) && lists_consumer_brand(img);
}

/* Is `brands` tesla alone (11.0 - 11.4.x, the centos8 rows)? */
static bool names_tesla_alone(const struct kb_cuda_image *img)
{
	return img->brands && img->brands[0] && !strcmp(img->brands[0], "tesla") && !img->brands[1];
}

/* Does the image's clause for this branch name brand=tesla alone: a `tesla_branches` branch
 * (11.5.0 - 11.8.0: R418/R450), or any branch of a row whose one brand is tesla? A Quadro
 * or RTX pro board reports a brand of its own (quadro, quadrortx, nvidiartx), so the
 * container toolkit refuses it there, as it refuses a GeForce. */
static bool tesla_alone_on(const struct kb_cuda_image *img, uint32_t branch)
{
	return in_list(img->tesla_branches, img->ntesla_branches, branch) ||
	       (in_list(img->branches, img->nbranches, branch) && names_tesla_alone(img));
}

/* The row of the claim's image for its tag's OS (the requirement differs per OS). */
static const struct kb_cuda_image *image_row(const struct check_ctx *ctx, const struct cuda_claim *claim,
					     const struct version *v)
{
	struct kb_match m;
	const struct pin *p = claim->pin;
	if (!p->spec || !kb_match(ctx->kb, KB_PAT_IMAGE_TAG, p->name, p->spec, &m) || !m.os[0])
		return NULL;
	return kb_cuda_image_for(ctx->kb, v, m.os);
}

/* What the container toolkit does with a container of the image of row `img` on the target,
 * the image's own requirement aside. */
static enum container_verdict verdict_for_row(const struct check_ctx *ctx, const struct kb_cuda_image *img)
{
	const struct target *t = ctx->target;
	struct version level;
	if (!kb_driver_max_cuda(ctx->kb, &t->driver, &level))
		return CONTAINER_NOT_APPLICABLE;
	if (version_cmp_prefix(&level, &img->cuda, 2) >= 0)
		return CONTAINER_STARTS;
	/* A bare driver>=N term (11.3.x: driver>=450) admits every GPU brand on such a driver:
	 * the container starts and minor-version compatibility decides, as for any base. */
	if (img->driver_min && version_driver_branch(&t->driver) >= img->driver_min)
		return CONTAINER_STARTS;
	uint32_t branch = version_driver_branch(&t->driver);
	if (!has_branch(img, branch))
		return CONTAINER_REFUSED;
	if (!t->gpu)
		return CONTAINER_MAYBE;
	if ((!strcmp(t->gpu->segment, "geforce") && !admits_consumer_on(img, branch)) ||
	    (!strcmp(t->gpu->segment, "workstation") && tesla_alone_on(img, branch)))
		return CONTAINER_REFUSED;
	switch (kb_forward_compat_allowed(ctx->kb, t->gpu->segment)) {
	case KB_YES:
		return CONTAINER_FORWARD_COMPAT;
	case KB_NO:
		return CONTAINER_ERROR_804;
	case KB_UNKNOWN:
		break;
	}
	return CONTAINER_MAYBE;
}

static void exceptions_text(const struct kb_cuda_image *img, char *buf, size_t size);

/* Do two rows lead to the same finding on the target: one verdict, and where the finding
 * lists the image's exceptions (a refusal), the same list? */
static bool rows_agree(const struct check_ctx *ctx, const struct kb_cuda_image *a,
		       const struct kb_cuda_image *b)
{
	enum container_verdict va = verdict_for_row(ctx, a);
	if (va != verdict_for_row(ctx, b) || version_cmp_prefix(&a->cuda, &b->cuda, 2) ||
	    (a->compat && b->compat ? strcmp(a->compat, b->compat) : a->compat != b->compat))
		return false;
	if (va != CONTAINER_REFUSED)
		return true;
	char ta[256], tb[256];
	exceptions_text(a, ta, sizeof(ta));
	exceptions_text(b, tb, sizeof(tb));
	return !strcmp(ta, tb);
}

/* A pytorch/pytorch `-devel` tag of a release whose devel base the KB holds
 * (pytorch_devel_bases): its base's row, *v the tag's CUDA X.Y and *devel the base row. The
 * patch release and, for some releases, the Ubuntu of the base are not known, so every
 * cuda_images row of that X.Y on the listed OSes is a candidate; they must all lead to the
 * same finding, else NULL (the tag is judged as an image without a requirement). */
static const struct kb_cuda_image *devel_rows(const struct check_ctx *ctx, const struct cuda_claim *claim,
					      struct version *v, const struct kb_devel_base **devel,
					      unsigned *verdicts);

static const struct kb_cuda_image *devel_base_row(const struct check_ctx *ctx, const struct cuda_claim *claim,
						  struct version *v, const struct kb_devel_base **devel)
{
	unsigned verdicts;
	return devel_rows(ctx, claim, v, devel, &verdicts);
}

bool container_devel_undecided(const struct check_ctx *ctx, const struct cuda_claim *claim)
{
	struct version v;
	const struct kb_devel_base *devel = NULL;
	unsigned verdicts = 0;
	const unsigned either = 1u << CONTAINER_FORWARD_COMPAT | 1u << CONTAINER_REFUSED;
	return !devel_rows(ctx, claim, &v, &devel, &verdicts) && devel && verdicts == either;
}

/* devel_base_row's search; *verdicts gets a bit (1 << verdict) for each candidate row. */
static const struct kb_cuda_image *devel_rows(const struct check_ctx *ctx, const struct cuda_claim *claim,
					      struct version *v, const struct kb_devel_base **devel,
					      unsigned *verdicts)
{
	*devel = NULL;
	*verdicts = 0;
	struct kb_match m;
	const struct pin *p = claim->pin;
	struct version torch;
	if (p->kind != PIN_KIND_IMAGE || claim->ngc || !p->spec ||
	    !kb_match(ctx->kb, KB_PAT_IMAGE_TAG, p->name, p->spec, &m) || !m.torch[0] || !m.cuda[0] ||
	    strcmp(m.flavor, "devel") || !version_parse(&torch, m.torch, strlen(m.torch)) ||
	    !cuda_claim_version_of(m.cuda, v))
		return NULL;
	*devel = kb_pytorch_devel_base(ctx->kb, &torch);
	if (!*devel)
		return NULL;
	const struct kb_cuda_image *first = NULL;
	bool disagree = false;
	for (size_t i = 0; i < kb_cuda_image_count(ctx->kb); i++) {
		const struct kb_cuda_image *r = kb_cuda_image_at(ctx->kb, i);
		if (r->image.nrelease != 3 || version_cmp_prefix(&r->image, v, 2) ||
		    (i && !version_cmp(&r->image, &kb_cuda_image_at(ctx->kb, i - 1)->image)))
			continue; /* another X.Y, or a version already seen */
		for (const char *const *os = (*devel)->os; *os; os++) {
			const struct kb_cuda_image *row = kb_cuda_image_for(ctx->kb, &r->image, *os);
			if (!row)
				continue;
			*verdicts |= 1u << verdict_for_row(ctx, row);
			if (!first)
				first = row;
			else
				disagree = disagree || !rows_agree(ctx, first, row);
		}
	}
	return disagree ? NULL : first;
}

/* A floating X.Y nvidia/cuda tag (11.1-base-ubuntu20.04, rebuilt from each 11.1.Z until NVIDIA
 * removed such tags): *v the version as read, for the rows NVIDIA's dist/X.Y/ Dockerfiles give. */
static bool image_floating_version(const struct cuda_claim *claim, struct version *v)
{
	const struct version_clause *cl = &claim->spec.clauses[0];
	if (claim->pin->kind != PIN_KIND_IMAGE || claim->ngc || claim->spec.nclauses != 1 ||
	    cl->op != VOP_PREFIX || cl->v.nrelease != 2)
		return false;
	*v = cl->v;
	return true;
}

/* The cuda_images row that decides the image of an image claim, *v the image's CUDA (X.Y.Z
 * of an nvidia/cuda tag, X.Y of a pytorch devel tag) and *devel the parentage row of a
 * pytorch devel tag (NULL for nvidia/cuda); NULL when the KB holds none. */
static const struct kb_cuda_image *base_row(const struct check_ctx *ctx, const struct cuda_claim *claim,
					    struct version *v, const struct kb_devel_base **devel)
{
	*devel = NULL;
	if (cuda_claim_image_release(claim, v))
		return image_row(ctx, claim, v);
	const struct kb_cuda_image *floating =
		image_floating_version(claim, v) ? image_row(ctx, claim, v) : NULL;
	return floating ? floating : devel_base_row(ctx, claim, v, devel);
}

enum container_verdict container_verdict_of(const struct check_ctx *ctx, const struct cuda_claim *claim)
{
	const struct target *t = ctx->target;
	struct version v;
	const struct kb_devel_base *devel;
	if (!t->has_driver || t->os != KB_OS_LINUX)
		return CONTAINER_NOT_APPLICABLE;
	const struct kb_cuda_image *img = base_row(ctx, claim, &v, &devel);
	/* An ENV of the stage that replaces or disables the image's requirement (scope.h). */
	if (!img || scopes_of_pin(&ctx->facts->scopes, claim->pin)->require_overridden)
		return CONTAINER_NOT_APPLICABLE;
	return verdict_for_row(ctx, img);
}

/* Every branch some brand clause names, ascending: "R418, R450, R470". */
/* An image the KB holds no requirement for (an NGC release without a driver statement, an
 * nvidia/cuda X.Y.Z tag without a cuda_images row) whose cuda-compat NVIDIA's
 * forward-compatibility matrix runs on the target's branch, for a GPU whose segment may use
 * it: true, *v its CUDA. */
static bool matrix_forward(const struct check_ctx *ctx, const struct cuda_claim *claim, struct version *v)
{
	const struct target *t = ctx->target;
	bool image = cuda_claim_image_release(claim, v);
	if (claim->ngc) {
		if (claim->ngc->driver_branch)
			return false; /* the release notes' own statement decides (drv.c) */
		*v = claim->ngc->cuda;
	} else if (!image || image_row(ctx, claim, v)) {
		return false; /* not an image, or one whose own requirement the KB holds */
	}
	if (!t->has_driver || !t->gpu || t->os != KB_OS_LINUX ||
	    kb_forward_compat_allowed(ctx->kb, t->gpu->segment) != KB_YES)
		return false;
	return kb_forward_compat_runs(ctx->kb, v, version_driver_branch(&t->driver)) == KB_YES &&
	       kb_forward_compat_source(ctx->kb, v);
}

/* An NGC release whose notes admit data-center GPUs on older branches ("you can use NVIDIA
 * driver release 470.57 (or later R470), 525.85 (or later R525), ...": images.yaml `ngc`
 * `datacenter`): on such a GPU and branch the container runs the release's CUDA through its
 * cuda-compat, *v. */
static bool ngc_forward(const struct check_ctx *ctx, const struct cuda_claim *claim, struct version *v)
{
	const struct target *t = ctx->target;
	const struct kb_ngc *n = claim->ngc;
	if (!n || !n->driver_branch || !n->ndatacenter || !t->has_driver || !t->gpu || t->os != KB_OS_LINUX ||
	    kb_forward_compat_allowed(ctx->kb, t->gpu->segment) != KB_YES)
		return false;
	if (version_driver_branch(&t->driver) >= n->driver_branch || !kb_ngc_datacenter_admits(n, &t->driver))
		return false; /* the release's own driver needs no compat; or none admits it */
	*v = n->cuda;
	return true;
}

const struct cuda_claim *container_forward_image(const struct check_ctx *ctx, uint32_t scope,
						 struct version *compat)
{
	const struct cuda_claims *claims = &ctx->facts->claims;
	uint32_t base = scopes_get(&ctx->facts->scopes, scope)->base_scope;
	for (size_t i = 0; i < claims->nr; i++) {
		const struct cuda_claim *c = &claims->items[i];
		struct version v;
		if (c->pin->kind != PIN_KIND_IMAGE ||
		    (c->pin->scope != scope && (!base || c->pin->scope != base)))
			continue;
		const struct kb_cuda_image *img;
		const struct kb_devel_base *devel;
		if (container_verdict_of(ctx, c) == CONTAINER_FORWARD_COMPAT &&
		    (img = base_row(ctx, c, &v, &devel))) {
			*compat = img->cuda;
			return c;
		}
		if (matrix_forward(ctx, c, &v) || ngc_forward(ctx, c, &v)) {
			*compat = version_release(v.release, 2);
			return c;
		}
		return NULL;
	}
	return NULL;
}

/* The lowest KB release the claim allows. */
static const struct kb_cuda *lowest_release(const struct kb *kb, const struct cuda_claim *claim)
{
	for (size_t i = 0; i < kb_cuda_count(kb); i++) {
		const struct kb_cuda *r = kb_cuda_at(kb, i);
		if (version_spec_matches(&claim->spec, &r->version))
			return r;
	}
	return NULL;
}

bool container_forward_covers(const struct check_ctx *ctx, const struct cuda_claim *claim)
{
	struct version compat;
	if (claim->pin->kind == PIN_KIND_IMAGE || !container_forward_image(ctx, claim->pin->scope, &compat))
		return false;
	const struct kb_cuda *lowest = lowest_release(ctx->kb, claim);
	return lowest && version_cmp_prefix(&lowest->version, &compat, 2) <= 0;
}

/* Do two claims of one scope allow the same releases: one group (claim_group.h), which
 * the image's finding names already ("also pinned at line 41")? */
static bool same_group(const struct kb *kb, const struct cuda_claim *a, const struct cuda_claim *b)
{
	if (a->pin->scope != b->pin->scope)
		return false;
	for (size_t i = 0; i < kb_cuda_count(kb); i++) {
		const struct version *v = &kb_cuda_at(kb, i)->version;
		if (version_spec_matches(&a->spec, v) != version_spec_matches(&b->spec, v))
			return false;
	}
	return true;
}

/* "; the CUDA pinned at lines 47, 52 runs through it too": the claims of the image's stage, and of
 * the stages built FROM it, that its forward compatibility covers. */
static void covered_lines(const struct check_ctx *ctx, const struct cuda_claim *image, char *buf, size_t size)
{
	const struct cuda_claims *claims = &ctx->facts->claims;
	uint32_t lines[4];
	size_t n = 0, more = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < claims->nr; i++) {
		const struct cuda_claim *c = &claims->items[i];
		if (c->pin->file != image->pin->file || !container_forward_covers(ctx, c) ||
		    same_group(ctx->kb, c, image))
			continue;
		struct version compat;
		if (container_forward_image(ctx, c->pin->scope, &compat) != image)
			continue;
		bool seen = false;
		for (size_t k = 0; k < n; k++)
			seen |= lines[k] == c->span.line;
		if (seen)
			continue;
		if (n < sizeof(lines) / sizeof(lines[0]))
			lines[n++] = c->span.line;
		else
			more++;
	}
	if (!n)
		return;
	size_t o = (size_t)snprintf(buf, size, "; the CUDA pinned at line%s", n + more > 1 ? "s" : "");
	for (size_t k = 0; k < n && o < size; k++)
		o += (size_t)snprintf(buf + o, size - o, "%s %u", k ? "," : "", lines[k]);
	if (more && o < size)
		o += (size_t)snprintf(buf + o, size - o, " and %zu more", more);
	if (o < size)
		snprintf(buf + o, size - o, " runs through it too");
}

/* The driver's own CUDA level as "X.Y" into have; false (have "") if the KB does not know it. */
static bool driver_level_text(const struct check_ctx *ctx, char *have, size_t size)
{
	struct version level;
	have[0] = '\0';
	if (!kb_driver_max_cuda(ctx->kb, &ctx->target->driver, &level))
		return false;
	snprintf(have, size, "%u.%u", level.release[0], level.nrelease > 1 ? level.release[1] : 0);
	return true;
}

/* The cuda_images row of an image claim with *v its release, `need` its cuda>=X.Y and
 * `have` the driver's level, as the DRV103 and DRV105 texts state them; NULL when the
 * claim is no image the KB holds a row for, or the driver's level is unknown. */
static const struct kb_cuda_image *image_and_levels(const struct check_ctx *ctx,
						    const struct cuda_claim *claim, struct version *v,
						    const struct kb_devel_base **devel, char need[16],
						    char have[16])
{
	if (!driver_level_text(ctx, have, 16))
		return NULL;
	const struct kb_cuda_image *img = base_row(ctx, claim, v, devel);
	if (img)
		version_format(&img->cuda, need, 16);
	return img;
}

/* "; it is built FROM an nvidia/cuda 12.1 devel image (ubuntu22.04), whose requirement it
 * keeps" for a pytorch devel tag; "" for an nvidia/cuda image. */
static void parent_words(const struct kb_devel_base *devel, const struct version *v, char *buf, size_t size)
{
	buf[0] = '\0';
	if (!devel)
		return;
	char xy[16];
	version_format_release(v, 2, xy, sizeof(xy));
	size_t o = (size_t)snprintf(buf, size, " (built FROM an nvidia/cuda %s devel image on ", xy);
	for (const char *const *os = devel->os; *os && o < size; os++)
		o += (size_t)snprintf(buf + o, size - o, "%s%s", os == devel->os ? "" : " or ", *os);
	if (o < size)
		snprintf(buf + o, size - o, ", whose NVIDIA_REQUIRE_CUDA and cuda-compat it keeps)");
}

/* The claim's words, with the parentage of a pytorch devel tag after them. */
static void what_with_parent(const struct cuda_claim *claim, const struct kb_devel_base *devel,
			     const struct version *v, char *buf, size_t size)
{
	char parent[256];
	parent_words(devel, v, parent, sizeof(parent));
	snprintf(buf, size, "%s%s", claim->what, parent);
}

/* The source a finding on the image cites: the parentage row where the image is a pytorch
 * devel tag (the weaker, second-hand link), else the nvidia/cuda Dockerfile. */
static const struct kb_origin *cite_of(const struct kb_cuda_image *img, const struct kb_devel_base *devel)
{
	return devel ? &devel->origin : &img->origin;
}

/* "driver >= 550.54.15 (R550)": the driver that runs CUDA `v` natively, in words. For an X.Y
 * (a pytorch devel tag, whose base's patch release is not known) the highest floor of that
 * minor's releases: the one that runs whichever it is. */
static void native_driver_words(const struct check_ctx *ctx, const struct version *v, char *buf, size_t size)
{
	struct version floor, best;
	bool have = false;
	snprintf(buf, size, "a driver whose CUDA level reaches it");
	if (v->nrelease == 2) {
		for (size_t i = 0; i < kb_cuda_count(ctx->kb); i++) {
			const struct kb_cuda *r = kb_cuda_at(ctx->kb, i);
			if (!version_cmp_prefix(&r->version, v, 2) &&
			    kb_cuda_min_driver(ctx->kb, &r->version, ctx->target->os, &floor, NULL) &&
			    (!have || version_cmp(&floor, &best) > 0)) {
				best = floor;
				have = true;
			}
		}
	} else if (kb_cuda_min_driver(ctx->kb, v, ctx->target->os, &floor, NULL)) {
		best = floor;
		have = true;
	}
	if (have) {
		char f[32];
		version_format_driver(&best, f, sizeof(f));
		snprintf(buf, size, "driver >= %s (R%u)", f, version_driver_branch(&best));
	}
}

/* The caveat every DRV105 carries: forward compatibility lasts while the toolkit loads
 * the image's compat libcuda. `have` is the driver's own CUDA level ("" if unknown), `drv`
 * the driver that runs the image natively (native_driver_words). */
static void forward_help(struct diag *d, const char *have, const char *drv)
{
	diag_set_help(d,
		      "forward compatibility holds only while the container toolkit loads the "
		      "image's compat libraries (a toolkit configured with cuda-compat-mode=disabled, or "
		      "the release that turned them off, leaves the driver's own CUDA%s%s); %s runs the "
		      "image without it",
		      have[0] ? " " : "", have, drv);
}

/* The branches of `list`, ascending, as "R418, R450", appended at buf + *o. */
static void branches_text(const uint32_t *list, size_t n, char *buf, size_t size, size_t *o)
{
	uint32_t last = 0;
	for (size_t k = 0; *o < size; k++) {
		uint32_t next = UINT32_MAX;
		for (size_t i = 0; i < n; i++)
			if (list[i] > last && list[i] < next)
				next = list[i];
		if (next == UINT32_MAX)
			return;
		*o += (size_t)snprintf(buf + *o, size - *o, "%sR%u", k ? ", " : "", next);
		last = next;
	}
}

/* The brands a clause of `branches` names, in words. */
static const char *brands_words(const struct kb_cuda_image *img)
{
	if (names_tesla_alone(img))
		return "brand=tesla";
	if (lists_consumer_brand(img))
		return "GeForce, TITAN, pro and data-center brands";
	return "data-center and pro brands";
}

/* The image's exceptions as its row states them, each list of branches with the brands
 * its clauses name: "R418, R450 (brand=tesla) and R470 (GeForce, TITAN, pro and
 * data-center brands)"; "" for an image without any. */
static void exceptions_text(const struct kb_cuda_image *img, char *buf, size_t size)
{
	size_t o = 0;
	buf[0] = '\0';
	if (img->ntesla_branches) {
		branches_text(img->tesla_branches, img->ntesla_branches, buf, size, &o);
		if (o < size)
			o += (size_t)snprintf(buf + o, size - o, " (brand=tesla)%s",
					      img->nbranches ? " and " : "");
	}
	if (img->nbranches && o < size) {
		branches_text(img->branches, img->nbranches, buf, size, &o);
		if (o < size)
			snprintf(buf + o, size - o, " (%s)", brands_words(img));
	}
}

void container_report(const struct check_ctx *ctx, const struct cuda_claim *claim,
		      enum container_verdict verdict, const char *also, struct diag_list *out)
{
	const struct target *t = ctx->target;
	struct version v;
	char need[16], have[16], exceptions[256], what[448];
	const struct kb_devel_base *devel;
	const struct kb_cuda_image *img = image_and_levels(ctx, claim, &v, &devel, need, have);
	if (!img)
		return;
	what_with_parent(claim, devel, &v, what, sizeof(what));
	exceptions_text(img, exceptions, sizeof(exceptions));
	uint32_t branch = version_driver_branch(&t->driver);
	struct diag *d;
	if (verdict == CONTAINER_REFUSED && has_branch(img, branch) && t->gpu) {
		/* The toolkit matches brands before anything runs: refused, not error 804. */
		d = diag_add(out, RULE_DRV103, claim->pin->file, claim->span, NULL,
			     "nvidia-container-toolkit will not start %s on '%s': its NVIDIA_REQUIRE_CUDA "
			     "needs cuda>=%s, driver '%s' reports CUDA %s, and the image's exception for "
			     "R%u names %s only, so the container does not start%s",
			     what, t->gpu->name, need, t->driver_text, have, branch,
			     tesla_alone_on(img, branch) ? "brand=tesla" : "data-center and pro GPU brands",
			     also);
	} else if (verdict == CONTAINER_REFUSED) {
		d = diag_add(out, RULE_DRV103, claim->pin->file, claim->span, NULL,
			     "nvidia-container-toolkit will not start %s: its NVIDIA_REQUIRE_CUDA needs "
			     "cuda>=%s and driver '%s' reports CUDA %s%s%s%s",
			     what, need, t->driver_text, have,
			     exceptions[0] ? "; its exceptions for older drivers cover only " : "",
			     exceptions, also);
	} else if (verdict == CONTAINER_ERROR_804) {
		d = diag_add(out, RULE_DRV103, claim->pin->file, claim->span, NULL,
			     "%s needs cuda>=%s and driver '%s' reports CUDA %s; the image's exception "
			     "for R%u starts it through forward compatibility (cuda-compat), which '%s' "
			     "cannot use: CUDA fails with error 804 (forward compatibility was attempted "
			     "on non supported HW)%s",
			     what, need, t->driver_text, have, branch, t->gpu->name, also);
	} else {
		return;
	}
	char drv[64];
	native_driver_words(ctx, &v, drv, sizeof(drv));
	char tag[256], with[384] = "";
	if (image_fix_for_target(ctx, claim, tag, sizeof(tag), d))
		snprintf(with, sizeof(with), " (%s is the newest listed tag of this image it starts)", tag);
	diag_set_help(d,
		      "install %s, or use %s with CUDA <= %s%s; ENV "
		      "NVIDIA_DISABLE_REQUIRE=true skips the check, leaving the application to "
		      "minor-version compatibility",
		      drv, devel ? "an image" : "an nvidia/cuda image", have, with);
	check_cite(d, cite_of(img, devel));
}

void container_report_forward(const struct check_ctx *ctx, const struct cuda_claim *claim, const char *also,
			      struct diag_list *out)
{
	const struct target *t = ctx->target;
	struct version v;
	char need[16], have[16], compat[64], drv[64], what[448];
	const struct kb_devel_base *devel;
	const struct kb_cuda_image *img = image_and_levels(ctx, claim, &v, &devel, need, have);
	if (!img)
		return;
	what_with_parent(claim, devel, &v, what, sizeof(what));
	snprintf(compat, sizeof(compat), "%s%s", img->compat ? img->compat : "its cuda-compat package",
		 img->compat ? " (/usr/local/cuda/compat)" : "");
	native_driver_words(ctx, &v, drv, sizeof(drv));
	uint32_t branch = version_driver_branch(&t->driver);
	char covered[96];
	covered_lines(ctx, claim, covered, sizeof(covered));
	struct diag *d =
		diag_add(out, RULE_DRV105, claim->pin->file, claim->span, NULL,
			 "%s needs cuda>=%s and driver '%s' reports CUDA %s: it runs on '%s' through "
			 "forward compatibility, as its NVIDIA_REQUIRE_CUDA admits R%u on data-center "
			 "GPUs; the NVIDIA Container Toolkit puts the image's %s libcuda in front of "
			 "the driver's%s%s",
			 what, need, t->driver_text, have, t->gpu->name, branch, compat, also, covered);
	forward_help(d, have, drv);
	check_cite(d, cite_of(img, devel));
}

bool container_forward_by_matrix(const struct check_ctx *ctx, const struct cuda_claim *claim,
				 const char *also, struct diag_list *out)
{
	const struct target *t = ctx->target;
	struct version v;
	if (!matrix_forward(ctx, claim, &v))
		return false;
	uint32_t branch = version_driver_branch(&t->driver);
	const struct kb_origin *src = kb_forward_compat_source(ctx->kb, &v);
	char xy[16], drv[64];
	version_format_release(&v, 2, xy, sizeof(xy));
	native_driver_words(ctx, &v, drv, sizeof(drv));
	char covered[96];
	covered_lines(ctx, claim, covered, sizeof(covered));
	struct diag *d = diag_add(
		out, RULE_DRV105, claim->pin->file, claim->span, NULL,
		"%s ships CUDA %s with its cuda-compat package, and NVIDIA's forward-compatibility matrix "
		"runs cuda-compat for %s on R%u for data-center GPUs such as '%s': it runs there through "
		"forward compatibility (%s)%s%s",
		claim->what, claim->text, xy, branch, t->gpu->name,
		claim->ngc
			? "the release notes give no driver statement of their own"
			: "the knowledge base holds no NVIDIA_REQUIRE_CUDA for this image version, so whether the "
			  "container toolkit starts it is not checked",
		covered, also);
	char have[16];
	driver_level_text(ctx, have, sizeof(have));
	forward_help(d, have, drv);
	check_cite(d, src);
	return true;
}

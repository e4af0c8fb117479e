/*
 * HW201: the pinned CUDA toolkit, or an extension build's architecture list, cannot
 * target the GPU. Which toolkits compile for a compute capability is cuda.yaml's
 * `architectures` (first/last CUDA X.Y, kb_cuda_can_target). A claim that allows several
 * releases is judged by the most lenient, as DRV101 does.
 *
 * Too new (past the GPU's last toolkit, CUDA 13 on Pascal, CUDA 12 on Kepler): nothing
 * the toolkit builds, its own libraries included, has SASS for the GPU or PTX old enough
 * to JIT to it, so it is an error. Too old (before the GPU's first toolkit, CUDA 11.7 on
 * Ada): its nvcc rejects the GPU's architecture ("nvcc fatal: Unsupported gpu
 * architecture 'compute_89'"), yet binaries that carry PTX of an older architecture
 * still JIT and run, so only toolkits that bring nvcc (a devel image, cuda-toolkit) are
 * reported, as a warning: the runtime and the torch wheels built with it are HW202's.
 * Claims that come from a torch wheel whose architectures the KB lists are HW202's too.
 *
 * Architecture lists (ENV TORCH_CUDA_ARCH_LIST, CMAKE_CUDA_ARCHITECTURES,
 * TCNN_CUDA_ARCHITECTURES) are judged with NVIDIA's binary compatibility rule
 * (kb_binaries_run_on); a list with an entry envlint cannot read (a name such as
 * "Ampere", "native", "all") is not judged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "claim_group.h"

/* A torch build of this claim (a wheel, or the `pytorch` conda channel's build) whose
 * kernels HW202 judges from the KB's arch lists. */
static bool wheel_judged(const struct check_ctx *ctx, const struct cuda_claim *c)
{
	const struct torch_builds *builds = &ctx->facts->builds;
	for (size_t i = 0; i < builds->nr; i++) {
		const struct torch_build *b = &builds->items[i];
		/* An image's CUDA is its toolkit's too (a devel image's nvcc): still HW201's. */
		const struct kb_torch_variant *k = b->kernels;
		if ((b->pin == c->pin || b->from == c->pin) && k && k->sass && b->origin != TORCH_FROM_IMAGE)
			return true;
	}
	return false;
}

/* Does the claim's pin bring nvcc: an nvidia/cuda devel image, or cuda-toolkit? */
static bool has_nvcc(const struct check_ctx *ctx, const struct cuda_claim *c)
{
	const struct pin *p = c->pin;
	struct kb_match m;
	if (p->kind == PIN_KIND_IMAGE)
		return p->spec && kb_match(ctx->kb, KB_PAT_IMAGE_TAG, p->name, p->spec, &m) &&
		       !strcmp(m.flavor, "devel");
	return p->kind == PIN_KIND_PACKAGE && !strcmp(p->name, "cuda-toolkit");
}

static void judge_claim(const struct check_ctx *ctx, const struct cuda_claim *c, bool *allowed,
			const char *also, struct diag_list *out)
{
	const struct kb *kb = ctx->kb;
	const struct target *t = ctx->target;
	const struct kb_cc *cc = kb_cc_find(kb, &t->cc);
	if (!cc || wheel_judged(ctx, c) || !cuda_claim_releases(c, kb, allowed))
		return;
	bool too_old = false;
	for (size_t i = 0; i < kb_cuda_count(kb); i++) {
		if (!allowed[i])
			continue;
		const struct kb_cuda *r = kb_cuda_at(kb, i);
		if (kb_cuda_can_target(kb, &r->version, &t->cc) != KB_NO)
			return; /* the most lenient release works, or the KB cannot tell */
		too_old |= version_cmp_prefix(&r->version, &cc->first, 2) < 0;
	}
	if (too_old && !has_nvcc(ctx, c))
		return;
	char gpu[160], sm[16], first[16], last[16] = "";
	profile_gpu_text(t->gpu, &t->cc, true, gpu, sizeof(gpu));
	profile_sm_text(&t->cc, sm, sizeof(sm));
	version_format(&cc->first, first, sizeof(first));
	if (cc->has_last)
		version_format(&cc->last, last, sizeof(last));
	struct diag *d;
	if (too_old) {
		d = diag_add(out, RULE_HW201, c->pin->file, c->span, NULL,
			     "CUDA '%s' (%s) predates %s: the first CUDA whose nvcc targets it is %s, so "
			     "building for it fails (nvcc fatal: Unsupported gpu architecture "
			     "'compute_%u%u') and code built here runs on it only as PTX of an older "
			     "architecture%s",
			     c->text, c->what, gpu, first, t->cc.release[0],
			     t->cc.nrelease > 1 ? t->cc.release[1] : 0, also);
		d->severity = SEV_WARNING;
		diag_set_help(d,
			      "use CUDA >= %s to build for %s, or build for an older architecture with "
			      "PTX (TORCH_CUDA_ARCH_LIST '...+PTX')",
			      first, sm);
	} else {
		d = diag_add(out, RULE_HW201, c->pin->file, c->span, NULL,
			     "CUDA '%s' (%s) cannot target %s: the last CUDA whose nvcc targets %s is %s, "
			     "and no code built with a newer one runs on it ('no kernel image is "
			     "available for execution on the device')%s",
			     c->text, c->what, gpu, sm, last, also);
		diag_set_help(d, "use CUDA <= %s for %s", last, sm);
	}
	check_cite(d, &cc->origin);
}

/* ------------------------------------------------------------------------- */
/* Architecture lists of extension builds */

enum arch_syntax {
	ARCH_TORCH, /* TORCH_CUDA_ARCH_LIST: "7.5;8.6+PTX" — X.Y is SASS, +PTX adds PTX */
	ARCH_CMAKE, /* CMAKE_CUDA_ARCHITECTURES: "86" is SASS + PTX, "86-real" / "86-virtual" */
	ARCH_TCNN,  /* TCNN_CUDA_ARCHITECTURES: "86;89"; taken as SASS + PTX (the lenient reading) */
};

static const struct arch_env {
	const char *name;
	enum arch_syntax syntax;
} ARCH_ENVS[] = {
	{ "TORCH_CUDA_ARCH_LIST", ARCH_TORCH },
	{ "CMAKE_CUDA_ARCHITECTURES", ARCH_CMAKE },
	{ "TCNN_CUDA_ARCHITECTURES", ARCH_TCNN },
};

#define ARCH_MAX 32

struct arch_list {
	struct version sass[ARCH_MAX], ptx[ARCH_MAX];
	size_t nsass, nptx;
};

static bool ends_with(const char *s, size_t n, const char *suffix, size_t *stem)
{
	size_t k = strlen(suffix);
	if (n < k || strncmp(s + n - k, suffix, k))
		return false;
	*stem = n - k;
	return true;
}

/* One entry; false when envlint cannot read it (then the list is not judged). */
static bool arch_entry(struct arch_list *self, enum arch_syntax syntax, const char *s, size_t n)
{
	bool sass = true, ptx = syntax != ARCH_TORCH;
	size_t stem = n;
	if (syntax == ARCH_TORCH && ends_with(s, n, "+PTX", &stem))
		ptx = true;
	else if (syntax == ARCH_CMAKE && ends_with(s, n, "-real", &stem))
		ptx = false;
	else if (syntax == ARCH_CMAKE && ends_with(s, n, "-virtual", &stem))
		sass = false;
	char text[16];
	struct version cc;
	if (!stem || stem >= sizeof(text) || self->nsass >= ARCH_MAX || self->nptx >= ARCH_MAX)
		return false;
	memcpy(text, s, stem);
	text[stem] = '\0';
	/* TORCH_CUDA_ARCH_LIST entries are X.Y; the CMake and tcnn ones are digits. */
	if ((syntax == ARCH_TORCH) != (strchr(text, '.') != NULL) || strspn(text, "0123456789.") != stem ||
	    !kb_parse_cc(text, &cc))
		return false;
	if (sass)
		self->sass[self->nsass++] = cc;
	if (ptx)
		self->ptx[self->nptx++] = cc;
	return true;
}

static bool arch_list_parse(struct arch_list *self, enum arch_syntax syntax, const char *value)
{
	memset(self, 0, sizeof(*self));
	const char *s = value;
	while (*s) {
		size_t sep = strspn(s, "; ,");
		s += sep;
		size_t n = strcspn(s, "; ,");
		if (n && !arch_entry(self, syntax, s, n))
			return false;
		s += n;
	}
	return self->nsass || self->nptx;
}

static void judge_arch_list(const struct check_ctx *ctx, const struct pin *p, const struct arch_env *env,
			    struct diag_list *out)
{
	const struct target *t = ctx->target;
	struct arch_list l;
	if (!arch_list_parse(&l, env->syntax, p->spec) ||
	    kb_binaries_run_on(l.sass, l.nsass, l.ptx, l.nptx, true, &t->cc) != KB_NO)
		return;
	char gpu[160], cc[16];
	profile_gpu_text(t->gpu, &t->cc, true, gpu, sizeof(gpu));
	snprintf(cc, sizeof(cc), env->syntax == ARCH_TORCH ? "%u.%u" : "%u%u", t->cc.release[0],
		 t->cc.nrelease > 1 ? t->cc.release[1] : 0);
	struct diag *d =
		diag_add(out, RULE_HW201, p->file, p->span, NULL,
			 "%s '%s' builds no kernels for %s and no PTX that JIT-compiles to it: "
			 "extensions built with it fail there with 'no kernel image is available for "
			 "execution on the device'",
			 env->name, p->spec, gpu);
	diag_set_help(d, "add %s to %s", cc, env->name);
}

void check_toolkit_arch(const struct check_ctx *ctx, struct diag_list *out)
{
	const struct target *t = ctx->target;
	if (!ctx->kb || !t->has_cc)
		return;
	/* Jetson boards run JetPack's own CUDA; cuda.yaml's ranges are the desktop toolkits'. */
	if (!t->gpu || strcmp(t->gpu->segment, "jetson"))
		claim_groups_each(ctx, judge_claim, out);
	for (size_t i = 0; i < ctx->npins; i++) {
		const struct pin *p = &ctx->pins[i];
		if (p->kind != PIN_KIND_ENV || !p->spec || p->unresolved)
			continue;
		for (size_t k = 0; k < sizeof(ARCH_ENVS) / sizeof(ARCH_ENVS[0]); k++)
			if (!strcmp(p->name, ARCH_ENVS[k].name))
				judge_arch_list(ctx, p, &ARCH_ENVS[k], out);
	}
}

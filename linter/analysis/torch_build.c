#include "torch_build.h"

#include <string.h>

#include "cuda_claim.h"
#include "pin_spec.h"
#include "util/vec.h"

static struct torch_build *build_new(struct torch_builds *out, const struct pin *pin, const struct pin *from,
				     enum torch_origin origin, const struct version *v,
				     const struct kb_torch_release *rel)
{
	vec_grow(out, st_add(out->nr, 1));
	struct torch_build *b = &out->items[out->nr++];
	memset(b, 0, sizeof(*b));
	b->pin = pin;
	b->from = from;
	b->origin = origin;
	b->version = *v;
	b->rel = rel;
	return b;
}

/* The release line of `v` where the KB holds that patch; NULL elsewhere (PIN402 says the
 * release is unknown). */
static const struct kb_torch_release *known_patch(const struct kb *kb, const struct version *v)
{
	const struct kb_torch_release *rel = kb_torch_release(kb, v);
	return rel && kb_torch_patch_exists(rel, v) ? rel : NULL;
}

const struct kb_torch_variant *torch_build_pip_wheel(const struct kb *kb, enum kb_wheel_platform wheels,
						     const struct scope_info *s,
						     const struct kb_torch_release *rel,
						     const struct version *v, enum torch_origin *origin)
{
	const struct kb_torch_variant *var = NULL;
	if (s->nvariants && !s->index_any_build) {
		*origin = TORCH_FROM_INDEX;
		var = kb_torch_variant(rel, s->variants[0], v);
		/* An extra index without the release leaves it to PyPI: only where the KB
		 * knows the index never had it (a complete build list). */
		if (var || !scope_pypi_beside_index(s) ||
		    kb_torch_cuda_build_published(kb, v, s->variants[0]) != KB_NO)
			return var;
	} else if (s->index) {
		return NULL;
	}
	*origin = TORCH_FROM_PYPI;
	const char *pypi = kb_torch_pypi_default(rel, wheels);
	return pypi ? kb_torch_variant(rel, pypi, v) : NULL;
}

/* pip: the wheel pip picks. A label names it; else torch_build_pip_wheel: the scope's
 * PyTorch index, PyPI's beside an extra index that lacks the release, or PyPI's with no
 * index at all. */
static void pip_build(struct torch_builds *out, const struct kb *kb, enum kb_wheel_platform wheels,
		      const struct scope_info *s, const struct pin *p)
{
	struct version v;
	const struct kb_torch_release *rel = pin_spec_exact(p, &v) ? known_patch(kb, &v) : NULL;
	if (!rel)
		return;
	const struct pin *from = p;
	enum torch_origin origin = TORCH_FROM_LABEL;
	const struct kb_torch_variant *var;
	if (p->variant)
		var = kb_torch_variant(rel, p->variant, &v);
	else
		var = torch_build_pip_wheel(kb, wheels, s, rel, &v, &origin);
	if (!var)
		return;
	if (origin == TORCH_FROM_INDEX)
		from = s->index_pin[0];
	struct torch_build *b = build_new(out, p, from, origin, &v, rel);
	b->variant = var;
	b->has_cuda = var->has_cuda;
	b->cuda = var->cuda;
}

/* The one CUDA X.Y a conda selector pin allows (`pytorch-cuda=12.1`, `cudatoolkit=11.3`,
 * `=11.3.1`), or false. */
static bool selector_cuda(const struct pin *pc, struct version *out)
{
	struct version_spec spec;
	if (!pc || !pin_spec_parse(pc, &spec) || spec.nclauses != 1 ||
	    (spec.clauses[0].op != VOP_EQ && spec.clauses[0].op != VOP_PREFIX))
		return false;
	*out = spec.clauses[0].v;
	return true;
}

static bool versions_have_line(const struct version *vs, size_t n, const struct version *v)
{
	for (size_t i = 0; i < n; i++)
		if (!version_cmp_prefix(&vs[i], v, 2))
			return true;
	return false;
}

/* conda: the `pytorch` channel's build strings name the CUDA (py3.10_cuda12.1_...), and
 * so do conda-forge's (cuda120_py312h...); without one, pytorch-cuda=X.Y or cpuonly
 * selects the channel's build, and up to 1.12 cudatoolkit=X.Y does (the channel's builds
 * of those lines depend on `cudatoolkit >=X.Y,<X.Y+1`; elsewhere, conda-forge's older
 * builds take a range of cudatoolkit, so only a scope that takes pytorch from the
 * `pytorch` channel, with an X.Y the channel published for the line, is read). A build
 * of that channel is `conda`'s where the KB lists its architectures: a build string of
 * the channel's own form, or a selector in a scope that takes pytorch from it. */
static void conda_build(struct torch_builds *out, const struct kb *kb, const struct scope_info *s,
			const struct pin *p)
{
	struct version v;
	const struct kb_torch_release *rel = pin_spec_release(p, &v) ? known_patch(kb, &v) : NULL;
	if (!rel)
		return;
	struct kb_match m;
	struct version cuda;
	bool channel = scope_conda_from_pytorch_channel(s, p);
	struct torch_build *b;
	if (p->variant && kb_match(kb, KB_PAT_CONDA_BUILD, NULL, p->variant, &m)) {
		bool has_cuda = cuda_claim_version_of(m.cuda, &cuda);
		if (!has_cuda && strcmp(m.variant, "cpu"))
			return;
		b = build_new(out, p, p, TORCH_FROM_CONDA, &v, rel);
		b->has_cuda = has_cuda;
		b->cuda = cuda;
		/* The channel's build strings name the full CUDA (cuda11.0.221 before 1.8). */
		if (has_cuda && m.pattern && !strcmp(m.pattern, "conda-pytorch-channel"))
			b->conda = kb_torch_conda_build(rel, &cuda);
	} else if (!p->variant && selector_cuda(s->pytorch_cuda, &cuda)) {
		b = build_new(out, p, s->pytorch_cuda, TORCH_FROM_CONDA, &v, rel);
		b->has_cuda = true;
		b->cuda = cuda;
		if (channel)
			b->conda = kb_torch_conda_build(rel, &cuda);
	} else if (!p->variant && !s->pytorch_cuda && !s->cpuonly && channel &&
		   selector_cuda(s->cudatoolkit, &cuda) &&
		   versions_have_line(rel->cudatoolkit, rel->ncudatoolkit, &cuda)) {
		b = build_new(out, p, s->cudatoolkit, TORCH_FROM_CONDA, &v, rel);
		b->has_cuda = true;
		b->cuda = cuda;
		b->conda = kb_torch_conda_build(rel, &cuda);
	} else if (!p->variant && s->cpuonly) {
		build_new(out, p, s->cpuonly, TORCH_FROM_CONDA, &v, rel);
	}
}

/* The wheel inside a pytorch/pytorch image of release `rel`, patch `v`, CUDA `cuda`, or
 * NULL. The image's Dockerfile installs torch with pip from the PyTorch index of the
 * tag's CUDA (pytorch/pytorch Dockerfile, PR #134274). A release the channel never
 * carried (pytorch.yaml `conda.channel: false`, 2.6 on) can only be the index wheel;
 * older images took torch from the `pytorch` conda channel (image_conda_build). */
static const struct kb_torch_variant *image_wheel(const struct kb_torch_release *rel, const struct version *v,
						  const struct version *cuda)
{
	if (rel->conda_channel)
		return NULL;
	for (size_t i = 0; i < rel->nvariants; i++) {
		const struct kb_torch_variant *var = &rel->variants[i];
		if (var->has_cuda && version_cmp_prefix(&var->cuda, cuda, 2) == 0 &&
		    kb_torch_variant(rel, var->name, v) == var)
			return var;
	}
	return NULL;
}

/* The conda build inside a pytorch/pytorch image of a release the `pytorch` channel
 * carried: its Dockerfile ran `conda install -c pytorch ... pytorch cudatoolkit=X.Y`
 * (PR #45071), later `pytorch-cuda=X.Y` of the tag's CUDA (PR #125770 quotes the
 * line), so the channel's build for the tag's X.Y, whose arch lists are its own
 * (pytorch.yaml conda.builds); NULL where the KB lists none. */
static const struct kb_torch_variant *image_conda_build(const struct kb_torch_release *rel,
							const struct version *cuda)
{
	return rel->conda_channel ? kb_torch_conda_build(rel, cuda) : NULL;
}

/* Base images that ship torch: pytorch/pytorch tags (2.1.0-cuda12.1-cudnn8-runtime) and
 * NGC PyTorch releases, whose torch and CUDA NVIDIA's release notes give (images.yaml). */
static void image_build(struct torch_builds *out, const struct kb *kb, const struct pin *p)
{
	struct kb_match m;
	if (!p->spec || p->unresolved || !kb_match(kb, KB_PAT_IMAGE_TAG, p->name, p->spec, &m))
		return;
	struct version v, cuda;
	bool has_cuda;
	if (m.torch[0]) {
		if (!version_parse(&v, m.torch, strlen(m.torch)))
			return;
		has_cuda = cuda_claim_version_of(m.cuda, &cuda);
	} else if (m.ngc[0]) {
		const char *base = strrchr(p->name, '/');
		const struct kb_ngc *ngc = kb_ngc_find(kb, base ? base + 1 : p->name, m.ngc);
		if (!ngc || !ngc->has_torch)
			return;
		v = ngc->torch;
		cuda = ngc->cuda;
		has_cuda = true;
	} else {
		return;
	}
	const struct kb_torch_release *rel = kb_torch_release(kb, &v);
	if (!rel)
		return;
	struct torch_build *b = build_new(out, p, p, TORCH_FROM_IMAGE, &v, rel);
	b->has_cuda = has_cuda;
	b->cuda = cuda;
	if (m.torch[0] && has_cuda && kb_torch_patch_exists(rel, &v)) {
		b->variant = image_wheel(rel, &v, &cuda);
		b->conda = image_conda_build(rel, &cuda);
	}
}

void torch_builds_derive(struct torch_builds *self, const struct kb *kb, enum kb_os os, bool x86_64,
			 const struct scopes *scopes, const struct pin *pins, size_t n)
{
	enum kb_wheel_platform wheels = kb_wheel_platform_of(os, x86_64);
	memset(self, 0, sizeof(*self));
	for (size_t i = 0; i < n; i++) {
		const struct pin *p = &pins[i];
		if (p->kind == PIN_KIND_IMAGE) {
			image_build(self, kb, p);
			continue;
		}
		if (p->kind != PIN_KIND_PACKAGE || p->pkg != PIN_PKG_TORCH)
			continue;
		if (p->eco == PIN_ECO_PIP)
			pip_build(self, kb, wheels, scopes_of_pin(scopes, p), p);
		else if (p->eco == PIN_ECO_CONDA)
			conda_build(self, kb, scopes_of_pin(scopes, p), p);
	}
	/* The arch lists are the platform's: an aarch64 wheel drops arches no Arm system has,
	 * and the KB holds no Windows lists. An image's wheel is the one its pip install gets
	 * on the platform. */
	for (size_t i = 0; i < self->nr; i++) {
		struct torch_build *b = &self->items[i];
		b->kernels = b->variant ? kb_torch_wheel_kernels(b->rel, b->variant, wheels)
			     : wheels == KB_WHEEL_LINUX_X86_64 ? b->conda
							       : NULL;
	}
}

void torch_builds_release(struct torch_builds *self)
{
	vec_release(self);
}

const struct torch_build *torch_builds_find(const struct torch_builds *self, const struct pin *pin)
{
	for (size_t i = 0; i < self->nr; i++)
		if (self->items[i].pin == pin)
			return &self->items[i];
	return NULL;
}

const struct torch_build *torch_builds_image_of(const struct torch_builds *self, const struct scopes *scopes,
						uint32_t scope)
{
	uint32_t base = scopes_get(scopes, scope)->base_scope;
	for (size_t i = 0; i < self->nr; i++) {
		const struct torch_build *b = &self->items[i];
		if (b->origin == TORCH_FROM_IMAGE &&
		    (b->pin->scope == scope || (base && b->pin->scope == base)))
			return b;
	}
	return NULL;
}

const char *torch_build_origin_name(enum torch_origin origin)
{
	static const char *const NAMES[] = { "label", "index", "pypi", "conda", "image" };
	return NAMES[origin];
}

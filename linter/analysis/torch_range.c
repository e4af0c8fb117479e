#include "torch_range.h"

#include <stdlib.h>
#include <string.h>

#include "pin_spec.h"
#include "util/vec.h"
#include "util/xalloc.h"

/* The pin's constraint; a bare name allows every version. False when it does not parse. */
static bool spec_of(const struct pin *p, struct version_spec *spec)
{
	if (!p->spec) {
		memset(spec, 0, sizeof(*spec));
		spec->nclauses = 1;
		spec->clauses[0].op = VOP_ANY;
		return true;
	}
	return pin_spec_parse(p, spec);
}

static bool allows(const struct version_spec *spec, unsigned a, unsigned b, unsigned c)
{
	struct version v = version_release((const uint32_t[]){ a, b, c }, 3);
	return version_spec_matches(spec, &v);
}

/* Does the spec allow a release after `last` (the KB's newest): a later patch of its line,
 * a later minor or major? Probed on the versions a range can be written to stop at. */
static bool allows_newer(const struct version_spec *spec, const struct version *last)
{
	unsigned x = last->release[0], y = last->nrelease > 1 ? last->release[1] : 0,
		 z = last->nrelease > 2 ? last->release[2] : 0;
	for (unsigned k = 1; k <= 20; k++)
		if (allows(spec, x, y, z + k))
			return true;
	for (unsigned k = 1; k <= 20; k++)
		for (unsigned j = 0; j <= 9; j++)
			if (allows(spec, x, y + k, j))
				return true;
	for (unsigned k = 1; k <= 3; k++)
		for (unsigned j = 0; j <= 20; j++)
			if (allows(spec, x + k, j, 0) || allows(spec, x + k, j, 1))
				return true;
	return allows(spec, 999, 0, 0);
}

/* Does the spec allow a release before `first` (the KB's oldest)? */
static bool allows_older(const struct version_spec *spec, const struct version *first)
{
	for (unsigned a = 0; a <= first->release[0]; a++)
		for (unsigned b = 0; b <= 20; b++)
			for (unsigned c = 0; c <= 5; c++) {
				struct version v = version_release((const uint32_t[]){ a, b, c }, 3);
				if (version_cmp(&v, first) < 0 && version_spec_matches(spec, &v))
					return true;
			}
	return false;
}

static void add_build(struct torch_ranges *self, enum kb_wheel_platform wheels, const struct version *patch,
		      const struct kb_torch_release *rel, const struct kb_torch_variant *variant,
		      bool from_pypi)
{
	vec_grow(&self->builds, st_add(self->builds.nr, 1));
	struct torch_range_build *b = &self->builds.items[self->builds.nr++];
	b->patch = *patch;
	b->rel = rel;
	b->variant = variant;
	b->kernels = kb_torch_wheel_kernels(rel, variant, wheels);
	b->from_pypi = from_pypi;
}

static void range_of(struct torch_ranges *self, const struct kb *kb, enum kb_wheel_platform wheels,
		     const struct scope_info *s, const struct pin *p)
{
	struct version_spec spec;
	size_t nlines = kb_torch_count(kb);
	if (p->variant || p->url || p->unresolved || !nlines || !spec_of(p, &spec))
		return;
	struct torch_range r;
	memset(&r, 0, sizeof(r));
	r.pin = p;
	r.from = p;
	if (s->nvariants && !s->index_any_build) {
		r.from = s->index_pin[0];
		r.origin = TORCH_FROM_INDEX;
		r.index_only = s->nvariants == 1 && s->index_pin[0]->index_kind == PIN_INDEX_URL;
		r.pypi_too = scope_pypi_beside_index(s);
	} else if (!s->index && wheels == KB_WHEEL_LINUX_X86_64) {
		r.origin = TORCH_FROM_PYPI;
	} else {
		return;
	}
	r.first = self->builds.nr;
	for (size_t l = 0; l < nlines; l++) {
		const struct kb_torch_release *rel = kb_torch_at(kb, l);
		for (size_t i = 0; i < rel->npatches; i++) {
			const struct version *v = &rel->patches[i];
			if (!version_spec_matches(&spec, v))
				continue;
			enum torch_origin origin = r.origin;
			const struct kb_torch_variant *var =
				torch_build_pip_wheel(kb, wheels, s, rel, v, &origin);
			if (!var && r.index_only)
				continue; /* not on the only index pip reads */
			add_build(self, wheels, v, rel, var, origin != r.origin);
		}
	}
	r.n = self->builds.nr - r.first;
	const struct kb_torch_release *last = kb_torch_at(kb, nlines - 1), *first = kb_torch_at(kb, 0);
	r.newer = last->npatches && allows_newer(&spec, &last->patches[last->npatches - 1]);
	/* A PyTorch index of one build holds no release older than the KB's. */
	r.older = !r.index_only && first->npatches && allows_older(&spec, &first->patches[0]);
	vec_grow(self, st_add(self->nr, 1));
	self->items[self->nr++] = r;
}

/* Marks the scopes whose FROM image may ship a torch (named *pytorch*: pytorch/pytorch,
 * NGC's nvcr.io/nvidia/pytorch, and any other so named): pip keeps an
 * installed torch that meets the range, whatever build it is (a pytorch/pytorch cu128
 * image meets `torch<2.8`), so a range there is not judged by the builds pip would
 * download. One pass over the pins (a check per pin would be quadratic). */
static bool *torch_image_scopes(const struct scopes *scopes, const struct pin *pins, size_t n)
{
	bool *marked = xcalloc(scopes->n ? scopes->n : 1, sizeof(*marked));
	for (size_t i = 0; i < n; i++)
		if (pins[i].kind == PIN_KIND_IMAGE && pins[i].scope < scopes->n &&
		    strstr(pins[i].name, "pytorch"))
			marked[pins[i].scope] = true;
	return marked;
}

void torch_ranges_derive(struct torch_ranges *self, const struct kb *kb, enum kb_os os, bool x86_64,
			 const struct scopes *scopes, const struct pin *pins, size_t n)
{
	memset(self, 0, sizeof(*self));
	enum kb_wheel_platform wheels = kb_wheel_platform_of(os, x86_64);
	bool *torch_image = NULL;
	struct version v;
	for (size_t i = 0; i < n; i++) {
		const struct pin *p = &pins[i];
		if (p->kind != PIN_KIND_PACKAGE || p->pkg != PIN_PKG_TORCH || p->eco != PIN_ECO_PIP ||
		    pin_spec_exact(p, &v))
			continue;
		if (!torch_image)
			torch_image = torch_image_scopes(scopes, pins, n);
		const struct scope_info *s = scopes_of_pin(scopes, p);
		if ((p->scope < scopes->n && torch_image[p->scope]) ||
		    (s->base_scope < scopes->n && torch_image[s->base_scope]))
			continue;
		range_of(self, kb, wheels, s, p);
	}
	free(torch_image);
}

void torch_ranges_release(struct torch_ranges *self)
{
	vec_release(&self->builds);
	vec_release(self);
}

const struct torch_range_build *torch_range_builds(const struct torch_ranges *self,
						   const struct torch_range *r)
{
	return self->builds.items + r->first;
}

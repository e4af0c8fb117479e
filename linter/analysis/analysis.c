#include "analysis.h"

#include <stdbool.h>
#include <string.h>

void analysis_build(struct analysis *self, const struct kb *kb, enum kb_os os, const struct pin *pins,
		    size_t n)
{
	analysis_build_on(self, kb, os, true, pins, n);
}

void analysis_build_on(struct analysis *self, const struct kb *kb, enum kb_os os, bool x86_64,
		       const struct pin *pins, size_t n)
{
	memset(self, 0, sizeof(*self));
	self->pins = pins;
	self->npins = n;
	self->os = os;
	self->wheels = kb_wheel_platform_of(os, x86_64);
	/* Each stage reads the one before: an index decides a scope's torch build, and PyPI's
	 * torch build is a CUDA claim. */
	scopes_build(&self->scopes, kb, pins, n);
	if (!kb)
		return;
	torch_builds_derive(&self->builds, kb, os, x86_64, &self->scopes, pins, n);
	torch_ranges_derive(&self->ranges, kb, os, x86_64, &self->scopes, pins, n);
	cuda_claims_derive(&self->claims, kb, &self->scopes, &self->builds, &self->ranges, pins, n);
}

void analysis_release(struct analysis *self)
{
	cuda_claims_release(&self->claims);
	torch_ranges_release(&self->ranges);
	torch_builds_release(&self->builds);
	scopes_release(&self->scopes);
	memset(self, 0, sizeof(*self));
}

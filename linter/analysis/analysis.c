#include "analysis.h"

#include <string.h>

void analysis_build(struct analysis *self, const struct kb *kb, enum kb_os os, const struct pin *pins,
		    size_t n)
{
	memset(self, 0, sizeof(*self));
	self->pins = pins;
	self->npins = n;
	self->os = os;
	/* Claims read the scopes (an index decides a scope's torch build): scopes first. */
	scopes_build(&self->scopes, kb, pins, n);
	if (!kb)
		return;
	cuda_claims_derive(&self->claims, kb, os, &self->scopes, pins, n);
	torch_builds_derive(&self->builds, kb, os, &self->scopes, pins, n);
}

void analysis_release(struct analysis *self)
{
	torch_builds_release(&self->builds);
	cuda_claims_release(&self->claims);
	scopes_release(&self->scopes);
	memset(self, 0, sizeof(*self));
}

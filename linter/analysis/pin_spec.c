#include "pin_spec.h"

#include <string.h>

bool pin_spec_parse(const struct pin *p, struct version_spec *out)
{
	if (!p->spec || p->unresolved)
		return false;
	size_t len = strlen(p->spec);
	return p->eco == PIN_ECO_CONDA ? version_spec_parse_conda(out, p->spec, len)
				       : version_spec_parse_pep440(out, p->spec, len);
}

bool pin_spec_exact(const struct pin *p, struct version *out)
{
	struct version_spec spec;
	return pin_spec_parse(p, &spec) && version_spec_exact(&spec, out);
}

bool pin_spec_release(const struct pin *p, struct version *out)
{
	struct version_spec spec;
	if (!pin_spec_parse(p, &spec))
		return false;
	if (version_spec_exact(&spec, out))
		return true;
	if (spec.nclauses == 1 && spec.clauses[0].op == VOP_PREFIX && spec.clauses[0].v.nrelease >= 3) {
		*out = spec.clauses[0].v;
		return true;
	}
	return false;
}

bool pin_spec_line(const struct pin *p, struct version *out)
{
	struct version_spec spec;
	if (!pin_spec_parse(p, &spec))
		return false;
	if (version_spec_exact(&spec, out))
		return out->nrelease >= 2;
	if (spec.nclauses == 1 && spec.clauses[0].op == VOP_PREFIX && spec.clauses[0].prefix_parts >= 2 &&
	    spec.clauses[0].v.nrelease >= 2) {
		*out = spec.clauses[0].v;
		return true;
	}
	return false;
}

bool pin_is_torch_family(const struct pin *p)
{
	return p->kind == PIN_KIND_PACKAGE &&
	       (p->pkg == PIN_PKG_TORCH || p->pkg == PIN_PKG_TORCHVISION || p->pkg == PIN_PKG_TORCHAUDIO);
}

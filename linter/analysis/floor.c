#include "floor.h"

enum floor_verdict floor_of_release(const struct kb *kb, const struct kb_cuda *r,
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

/* How good a verdict is for "does some release of the minor run": unknown outranks none,
 * so one release the KB cannot judge keeps the minor from being called unrunnable. */
static int rank(enum floor_verdict v)
{
	switch (v) {
	case FLOOR_FULL:
		return 3;
	case FLOOR_MVC:
		return 2;
	case FLOOR_UNKNOWN:
		return 1;
	case FLOOR_NONE:
		break;
	}
	return 0;
}

enum floor_verdict floor_of_minor(const struct kb *kb, const struct version *cuda,
				  const struct version *driver, enum kb_os os)
{
	enum floor_verdict best = FLOOR_NONE;
	bool any = false;
	for (size_t i = 0; i < kb_cuda_count(kb); i++) {
		const struct kb_cuda *r = kb_cuda_at(kb, i);
		if (version_cmp_prefix(&r->version, cuda, 2))
			continue;
		enum floor_verdict v = floor_of_release(kb, r, driver, os);
		if (!any || rank(v) > rank(best))
			best = v;
		any = true;
	}
	return any ? best : FLOOR_UNKNOWN;
}

/*
 * floor: does a driver run a CUDA release — fully, only through minor-version
 * compatibility, not at all, or can the KB not tell? The one place that reads the
 * Table-3 and Table-2 floors of rules/cuda.yaml for a (release, driver, OS). Pure; owns
 * nothing; depends on the KB and version only (checks and `suggest` both ask it).
 */
#ifndef ENVLINT_ANALYSIS_FLOOR_H
#define ENVLINT_ANALYSIS_FLOOR_H

#include "kb/kb.h"
#include "version.h"

enum floor_verdict {
	FLOOR_FULL,    /* runs with the full feature set */
	FLOOR_MVC,     /* runs only through minor-version compatibility */
	FLOOR_NONE,    /* needs a newer driver */
	FLOOR_UNKNOWN, /* the KB cannot tell */
};

enum floor_verdict floor_of_release(const struct kb *kb, const struct kb_cuda *release,
				    const struct version *driver, enum kb_os os);
/* The best verdict over the releases of CUDA X.Y (`cuda` compared on two parts);
 * FLOOR_UNKNOWN if the KB holds no release of that minor. */
enum floor_verdict floor_of_minor(const struct kb *kb, const struct version *cuda,
				  const struct version *driver, enum kb_os os);

#endif

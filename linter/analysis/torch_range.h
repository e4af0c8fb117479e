/*
 * torch_range: the torch builds a pip torch pin without one exact version may install —
 * a range (`torch~=1.8`, `torch>=2.0,<2.3`) or a bare name on a PyTorch index (`pip
 * install torch --index-url .../whl/cu126`). Every release the KB lists that the range
 * allows is recorded with the build pip would take for it, chosen as for an exact pin
 * (torch_build_pip_wheel): the PyTorch index of the scope, else PyPI's wheel on Linux
 * x86_64 (with no index, or beside an extra index that lacks the release).
 * What the KB cannot list is said too: releases older than its first or newer than its
 * last that the range also allows, and allowed releases whose build it does not know, so
 * a check can judge "every release it allows" only where the KB holds them all. Part of
 * the analysis (analysis.h): pure, owns its arrays, borrows pins and KB.
 */
#ifndef ENVLINT_ANALYSIS_TORCH_RANGE_H
#define ENVLINT_ANALYSIS_TORCH_RANGE_H

#include <stdbool.h>
#include <stddef.h>

#include "kb/kb.h"
#include "pin.h"
#include "scope.h"
#include "torch_build.h"
#include "version.h"

/* One allowed release and the wheel pip takes for it. */
struct torch_range_build {
	struct version patch;
	const struct kb_torch_release *rel;
	const struct kb_torch_variant *variant; /* NULL: the KB does not know which build */
	const struct kb_torch_variant *kernels; /* its arch lists on the unit's platform
						   (kb_torch_wheel_kernels); NULL: not known */
	bool from_pypi; /* PyPI's, in a range on an extra index that lacks this release */
};

struct torch_range {
	const struct pin *pin;    /* the torch pin */
	const struct pin *from;   /* the index that chooses the builds, or the pin (PyPI) */
	enum torch_origin origin; /* TORCH_FROM_INDEX or TORCH_FROM_PYPI */
	size_t first, n;          /* its builds: torch_ranges.builds[first, first + n), oldest first */
	bool older;               /* also allows releases older than the KB's first */
	bool newer;               /* also allows releases newer than the KB lists (future ones) */
	bool index_only;          /* the index replaces PyPI (--index-url): a release without
				     its build cannot be installed and is not recorded */
	bool pypi_too;            /* an extra index beside PyPI (scope_pypi_beside_index): a
				     release it lacks, or a later one, may come from PyPI */
};

/* util/vec.h arrays: ranges in pin order, and all their builds. */
struct torch_ranges {
	struct torch_range *items;
	size_t nr, alloc;
	struct {
		struct torch_range_build *items;
		size_t nr, alloc;
	} builds;
};

/* Finds the ranges of the pip torch pins of pins[0..n) that torch_build.h found no exact
 * build for, for `os` and a machine that is x86_64 or not, into *self (caller releases).
 * A pin on an index envlint cannot read, on a platform where PyPI's build is not the
 * KB's `pypi_default`, or in a stage whose base image (its own or the one it inherits)
 * may ship a torch — one named *pytorch*: pip keeps a torch that meets the range — makes
 * none. */
void torch_ranges_derive(struct torch_ranges *self, const struct kb *kb, enum kb_os os, bool x86_64,
			 const struct scopes *scopes, const struct pin *pins, size_t n);
void torch_ranges_release(struct torch_ranges *self);
/* The builds of `r`. */
const struct torch_range_build *torch_range_builds(const struct torch_ranges *self,
						   const struct torch_range *r);

#endif

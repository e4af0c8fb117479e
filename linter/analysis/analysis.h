/*
 * analysis: the facts of one unit (a file and its includes), derived once from its pins
 * and the KB before any check runs: what each scope holds, the CUDA versions the pins
 * claim, and which torch build each torch pin or image installs and what chose it.
 * Checks only read these facts; `envlint stack` is to print them. Built for one OS
 * (PyPI's default torch wheel is a CUDA build on Linux only). Owns its arrays; borrows
 * the pins and the KB, which must outlive it. Analysis sits below checks: it depends on
 * kb/, pin, version and util/, never on checks/, run, report/ or cli.
 */
#ifndef ENVLINT_ANALYSIS_ANALYSIS_H
#define ENVLINT_ANALYSIS_ANALYSIS_H

#include <stddef.h>

#include "cuda_claim.h"
#include "kb/kb.h"
#include "pin.h"
#include "scope.h"
#include "torch_build.h"
#include "torch_range.h"

struct analysis {
	const struct pin *pins; /* borrowed: every pin of the unit */
	size_t npins;
	enum kb_os os;                 /* the OS the facts were derived for */
	enum kb_wheel_platform wheels; /* and the platform whose wheels' arch lists apply */
	struct scopes scopes;          /* what each scope holds (scope.h) */
	struct cuda_claims claims;     /* CUDA claims (cuda_claim.h); empty without a KB */
	struct torch_builds builds;    /* torch builds in pin order (torch_build.h); empty without a KB */
	struct torch_ranges ranges;    /* pip torch pins without one exact version: the builds of
				       every release they allow (torch_range.h); empty without a KB */
};

/* Derives the facts of pins[0..n) for `os` into *self; `kb` may be NULL (then only the
 * scopes are known). Never fails. The caller releases with analysis_release. */
void analysis_build(struct analysis *self, const struct kb *kb, enum kb_os os, const struct pin *pins,
		    size_t n);
/* analysis_build for a target machine that may not be x86_64 (linux-aarch64): there PyPI's
 * torch wheel is not the build the KB's `pypi_default` names, so an exact torch pin from
 * PyPI claims no CUDA unless the release's `aarch64.pypi_default` names it, and each
 * build's arch lists (`kernels`) are its aarch64 row's, or unknown. */
void analysis_build_on(struct analysis *self, const struct kb *kb, enum kb_os os, bool x86_64,
		       const struct pin *pins, size_t n);
void analysis_release(struct analysis *self);

#endif

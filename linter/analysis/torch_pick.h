/*
 * torch_pick: which build of a torch release runs on a given driver or GPU — the fix
 * users want when the torch they pinned is built for a CUDA too new for their driver, or
 * carries no kernels for their GPU (anchors.md: "torch too new, driver too old" — which
 * one then?). Read from the KB's pytorch.yaml (builds, their CUDA and architectures) and
 * cuda.yaml (driver floors, floor.h). Pure; owns nothing; never depends on checks/, so
 * the checks' help texts and `envlint suggest` ask the same question the same way.
 */
#ifndef ENVLINT_ANALYSIS_TORCH_PICK_H
#define ENVLINT_ANALYSIS_TORCH_PICK_H

#include <stdbool.h>

#include "floor.h"
#include "kb/kb.h"
#include "version.h"

struct torch_pick {
	const struct kb_torch_variant *variant; /* the pip wheel build; NULL for a conda pick */
	struct version cuda;                    /* its CUDA; for conda the pytorch-cuda=X.Y value */
	enum floor_verdict verdict;             /* FLOOR_FULL, or FLOOR_MVC (minor-version compat) */
};

/* The build of release `rel`, patch `v`, that `driver` on `os` runs: one it runs fully
 * over one it runs through minor-version compatibility, then the newest CUDA. `conda`
 * picks among the `pytorch` channel's pytorch-cuda values, else among the CUDA wheels
 * published for `v`. With `need_full` only fully run builds qualify. Fills *self and
 * returns true; false when nothing fits (or, for conda, the release is not on the
 * channel). */
bool torch_pick_for_driver(struct torch_pick *self, const struct kb *kb, const struct kb_torch_release *rel,
			   const struct version *v, bool conda, const struct version *driver, enum kb_os os,
			   bool need_full);

/* Does wheel build `variant` run on compute capability `cc`? kb_binaries_run_on, plus
 * what is known where the wheel's PTX is not: KB_NO when `cc` is older than every arch
 * it carries. */
enum kb_answer torch_pick_runs_on(const struct kb_torch_variant *variant, const struct version *cc);

/* The CUDA wheel of release `rel`, patch `v`, with kernels for `cc` and the newest CUDA;
 * NULL when none has (borrowed from the KB). */
const struct kb_torch_variant *torch_pick_for_gpu(const struct kb_torch_release *rel, const struct version *v,
						  const struct version *cc);

/* The first release line after `after` whose CUDA wheels (one for every patch) include
 * one with kernels for `cc`, that wheel in *variant; NULL when the KB knows none. */
const struct kb_torch_release *torch_pick_line_for_gpu(const struct kb *kb, const struct kb_torch_release *after,
						       const struct version *cc,
						       const struct kb_torch_variant **variant);

#endif

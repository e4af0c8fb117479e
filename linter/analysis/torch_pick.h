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

/* Does wheel build `variant` run on compute capability `cc`? kb_binaries_run_on, plus
 * what is known where the wheel's PTX is not: KB_NO when `cc` is older than every arch
 * it carries. */
enum kb_answer torch_pick_runs_on(const struct kb_torch_variant *variant, const struct version *cc);
/* Whether a pick may name `variant` for GPU `cc`: it has kernels for it (runs_on KB_YES)
 * and its CUDA toolkit knows the GPU (kb_cuda_can_target is not KB_NO). A judged pin is
 * given the benefit of the doubt (a 2020 cu102 wheel JIT-compiles its PTX for sm_120 by
 * NVIDIA's rule, so HW202 stays quiet), but advice is not: that wheel's cuBLAS and cuDNN
 * were built by a toolkit that predates the GPU, as HW201 says of such toolkits. */
bool torch_pick_serves(const struct kb *kb, const struct kb_torch_variant *variant, const struct version *cc);

/* What one target asks of a build: a driver to run its CUDA (NULL: not asked) and a GPU
 * to carry kernels for (cc NULL: not asked; gpu, when known, must be one the driver
 * drives). Each finding is per target, so its fix is searched for its own target. */
struct torch_pick_need {
	const struct version *driver;
	enum kb_os os;
	bool need_full;      /* only builds the driver runs fully */
	bool need_firsthand; /* only builds whose release and build the KB has first-hand */
	const struct version *cc;
	const struct kb_gpu *gpu;
	/* The box's other GPUs (one environment runs on all of them): their kernels and
	 * drivers are asked too. Borrowed; none: NULL, 0. */
	const struct version *const *also_cc;
	const struct kb_gpu *const *also_gpu;
	size_t nalso;
	/* The environment's Python X.Y, or NULL: torch_pick_newest takes only releases with
	 * wheels for it (as `envlint suggest --python`). */
	const struct version *python;
	/* The platform whose wheels are picked (0, Linux x86_64, by default): on linux-aarch64
	 * only builds the KB lists for it, judged by their aarch64 lists; elsewhere than Linux
	 * x86_64 no `pytorch` conda channel build is judged by kernels. */
	enum kb_wheel_platform wheels;
};

/* Does the KB have release `rel` and its build `variant` (NULL: a conda build it lists no
 * architectures for: the release alone) first-hand, neither `status: 2nd`? */
bool torch_pick_firsthand(const struct kb_torch_release *rel, const struct kb_torch_variant *variant);

/* The order of every search here and in `envlint suggest`: true when (fv, cuda) beats
 * the best so far (`have` false: nothing yet) — a fully run build over a minor-version
 * compatibility one, then the newer CUDA. */
bool torch_pick_better(enum floor_verdict fv, const struct version *cuda, enum floor_verdict best_fv,
		       const struct version *best_cuda, bool have);

/* The build of release `rel`, patch `v`, that meets everything `need` asks: the driver
 * (floor_of_minor) and the GPU's kernels (torch_pick_serves; a conda pick's where the KB
 * lists the `pytorch` channel's build for that pytorch-cuda, pytorch.yaml conda.builds).
 * False when no build of that patch meets both. */
bool torch_pick_build(struct torch_pick *self, const struct kb *kb, const struct kb_torch_release *rel,
		      const struct version *v, bool conda, const struct torch_pick_need *need);

/* `envlint suggest`'s search for one target: release lines newest first (with wheels for
 * need->python when given), patches newest first, the first patch with a pip CUDA wheel
 * meeting `need` (torch_pick_build), among the builds the KB has first-hand first
 * (torch_pick_firsthand), and only where none is among all that `need` admits. Fills *self, *rel and *patch; false when the KB knows
 * none. */
bool torch_pick_newest(struct torch_pick *self, const struct kb_torch_release **rel, struct version *patch,
		       const struct kb *kb, const struct torch_pick_need *need);

#endif

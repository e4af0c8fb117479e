#include "torch_pick.h"

#include <stddef.h>

static bool acceptable(enum floor_verdict v, bool need_full)
{
	return v == FLOOR_FULL || (!need_full && v == FLOOR_MVC);
}

bool torch_pick_firsthand(const struct kb_torch_release *rel, const struct kb_torch_variant *variant)
{
	return !rel->origin.secondary && !(variant && variant->origin.secondary);
}

/* Keeps the better of (verdict, cuda): a full-feature build over a minor-compat one, then
 * the newer CUDA. */
bool torch_pick_better(enum floor_verdict fv, const struct version *cuda, enum floor_verdict best_fv,
		       const struct version *best_cuda, bool have)
{
	if (!have)
		return true;
	if (fv != best_fv && (fv == FLOOR_FULL || best_fv == FLOOR_FULL))
		return fv == FLOOR_FULL;
	return version_cmp(cuda, best_cuda) > 0;
}

static bool better(enum floor_verdict v, const struct version *cuda, const struct torch_pick *best, bool have)
{
	return torch_pick_better(v, cuda, best->verdict, &best->cuda, have);
}

/* kb_binaries_run_on, plus one thing known even where the wheel's PTX is not: a "+PTX"
 * in TORCH_CUDA_ARCH_LIST marks one of the listed arches, and PTX for compute_X JITs only
 * to X or newer, so a GPU older than every listed arch has no way to run the wheel. */
enum kb_answer torch_pick_runs_on(const struct kb_torch_variant *variant, const struct version *cc)
{
	const struct kb_torch_variant *v = variant;
	enum kb_answer a = kb_binaries_run_on(v->sass, v->nsass, v->ptx, v->nptx, v->ptx_known, cc);
	if (a != KB_UNKNOWN || !v->nsass)
		return a;
	for (size_t i = 0; i < v->nsass; i++)
		if (version_cmp_prefix(&v->sass[i], cc, 2) <= 0)
			return KB_UNKNOWN;
	return KB_NO;
}

bool torch_pick_serves(const struct kb *kb, const struct kb_torch_variant *v, const struct version *cc)
{
	return v->sass && torch_pick_runs_on(v, cc) == KB_YES &&
	       (!v->has_cuda || kb_cuda_can_target(kb, &v->cuda, cc) != KB_NO);
}

/* May the pick name this wheel, whose arch lists are `var` (NULL: not known), for every
 * GPU `need` names? */
static bool runs_all(const struct kb *kb, const struct kb_torch_variant *var,
		     const struct torch_pick_need *need)
{
	if (!var)
		return !need->cc && !need->nalso;
	if (need->cc && !torch_pick_serves(kb, var, need->cc))
		return false;
	for (size_t i = 0; i < need->nalso; i++)
		if (!torch_pick_serves(kb, var, need->also_cc[i]))
			return false;
	return true;
}

/* The driver's verdict on CUDA `cuda` as `need` asks it: FLOOR_FULL when no driver is
 * asked about; FLOOR_NONE when the driver does not drive the GPU at all. */
static enum floor_verdict need_floor(const struct kb *kb, const struct version *cuda,
				     const struct torch_pick_need *need)
{
	if (!need->driver)
		return FLOOR_FULL;
	if (need->gpu && kb_gpu_driver_supported(kb, need->gpu, need->driver) == KB_NO)
		return FLOOR_NONE;
	for (size_t i = 0; i < need->nalso; i++)
		if (need->also_gpu[i] &&
		    kb_gpu_driver_supported(kb, need->also_gpu[i], need->driver) == KB_NO)
			return FLOOR_NONE;
	return floor_of_minor(kb, cuda, need->driver, need->os);
}

bool torch_pick_build(struct torch_pick *self, const struct kb *kb, const struct kb_torch_release *rel,
		      const struct version *v, bool conda, const struct torch_pick_need *need)
{
	bool have = false;
	self->variant = NULL;
	self->verdict = FLOOR_NONE;
	if (conda) {
		/* The channel's CUDA builds the KB knows are linux-64's and win-64's. */
		if (!rel->conda_channel || need->wheels == KB_WHEEL_LINUX_AARCH64)
			return false;
		for (size_t i = 0; i < rel->npytorch_cuda; i++) {
			/* The channel's build for it, where the KB lists its architectures
			 * (linux-64's: not judged elsewhere). */
			const struct kb_torch_variant *cb =
				need->wheels == KB_WHEEL_LINUX_X86_64
					? kb_torch_conda_build(rel, &rel->pytorch_cuda[i])
					: NULL;
			if ((cb && !runs_all(kb, cb, need)) ||
			    (need->need_firsthand && !torch_pick_firsthand(rel, cb)))
				continue;
			enum floor_verdict fv = need_floor(kb, &rel->pytorch_cuda[i], need);
			if (acceptable(fv, need->need_full) &&
			    better(fv, &rel->pytorch_cuda[i], self, have)) {
				self->verdict = fv;
				self->cuda = rel->pytorch_cuda[i];
				have = true;
			}
		}
		return have;
	}
	/* A build pip cannot name (no `+cuXYZ` label, no per-build index) is not proposed. */
	if (rel->no_local_version)
		return false;
	for (size_t i = 0; i < rel->nvariants; i++) {
		const struct kb_torch_variant *var = &rel->variants[i];
		if (!var->has_cuda || kb_torch_variant(rel, var->name, v) != var ||
		    !kb_torch_wheel_on(rel, var, need->wheels))
			continue;
		/* the platform's row: its arch list and how the KB has it */
		const struct kb_torch_variant *row = kb_torch_wheel_kernels(rel, var, need->wheels);
		if (!runs_all(kb, row, need) ||
		    (need->need_firsthand && !torch_pick_firsthand(rel, row ? row : var)))
			continue;
		enum floor_verdict fv = need_floor(kb, &var->cuda, need);
		if (acceptable(fv, need->need_full) && better(fv, &var->cuda, self, have)) {
			self->variant = var;
			self->verdict = fv;
			self->cuda = var->cuda;
			have = true;
		}
	}
	return have;
}

static bool newest(struct torch_pick *self, const struct kb_torch_release **rel, struct version *patch,
		   const struct kb *kb, const struct torch_pick_need *need)
{
	for (size_t r = kb_torch_count(kb); r-- > 0;) {
		const struct kb_torch_release *line = kb_torch_at(kb, r);
		if (need->python &&
		    (!line->has_python || version_cmp_prefix(need->python, &line->python_min, 2) < 0 ||
		     version_cmp_prefix(need->python, &line->python_max, 2) > 0))
			continue;
		for (size_t p = line->npatches; p-- > 0;)
			if (torch_pick_build(self, kb, line, &line->patches[p], false, need)) {
				*rel = line;
				*patch = line->patches[p];
				return true;
			}
	}
	return false;
}

/* A user wants the newest build that runs on the target with facts the KB has
 * first-hand; within a release a build the driver runs fully comes before one it runs
 * only through minor-version compatibility (torch_pick_better). A newer release the KB
 * has second-hand only is the fallback, not the answer. Runs fully is not asked across
 * releases: PyTorch's CUDA 12 wheels run on any R525+ driver that way, and asking it
 * would send an R470 user to torch 1.12 (Python <= 3.10) and an R535 user to 2.5. */
bool torch_pick_newest(struct torch_pick *self, const struct kb_torch_release **rel, struct version *patch,
		       const struct kb *kb, const struct torch_pick_need *need)
{
	struct torch_pick_need firsthand = *need;
	firsthand.need_firsthand = true;
	return newest(self, rel, patch, kb, &firsthand) || newest(self, rel, patch, kb, need);
}

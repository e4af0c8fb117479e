#include "torch_pick.h"

#include <stddef.h>

static bool acceptable(enum floor_verdict v, bool need_full)
{
	return v == FLOOR_FULL || (!need_full && v == FLOOR_MVC);
}

/* Keeps the better of (verdict, cuda): a full-feature build over a minor-compat one, then
 * the newer CUDA. */
static bool better(enum floor_verdict v, const struct version *cuda, const struct torch_pick *best, bool have)
{
	if (!have)
		return true;
	if (v != best->verdict)
		return v == FLOOR_FULL;
	return version_cmp(cuda, &best->cuda) > 0;
}

/* Weighs one candidate build; true when it became the best so far. */
static bool consider(struct torch_pick *best, bool have, const struct kb *kb, const struct version *cuda,
		     const struct version *driver, enum kb_os os, bool need_full)
{
	enum floor_verdict fv = floor_of_minor(kb, cuda, driver, os);
	if (!acceptable(fv, need_full) || !better(fv, cuda, best, have))
		return false;
	best->verdict = fv;
	best->cuda = *cuda;
	return true;
}

bool torch_pick_for_driver(struct torch_pick *self, const struct kb *kb, const struct kb_torch_release *rel,
			   const struct version *v, bool conda, const struct version *driver, enum kb_os os,
			   bool need_full)
{
	bool have = false;
	self->variant = NULL;
	self->verdict = FLOOR_NONE;
	if (conda) {
		/* The `pytorch` channel selects CUDA with pytorch-cuda=X.Y (1.13 .. 2.5). */
		if (!rel->conda_channel)
			return false;
		for (size_t i = 0; i < rel->npytorch_cuda; i++)
			have |= consider(self, have, kb, &rel->pytorch_cuda[i], driver, os, need_full);
		return have;
	}
	for (size_t i = 0; i < rel->nvariants; i++) {
		const struct kb_torch_variant *var = &rel->variants[i];
		if (!var->has_cuda || kb_torch_variant(rel, var->name, v) != var)
			continue;
		if (consider(self, have, kb, &var->cuda, driver, os, need_full)) {
			self->variant = var;
			have = true;
		}
	}
	return have;
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

static bool runs(const struct kb_torch_variant *v, const struct version *cc)
{
	return torch_pick_runs_on(v, cc) == KB_YES;
}

const struct kb_torch_variant *torch_pick_for_gpu(const struct kb_torch_release *rel, const struct version *v,
						  const struct version *cc)
{
	const struct kb_torch_variant *best = NULL;
	for (size_t i = 0; i < rel->nvariants; i++) {
		const struct kb_torch_variant *var = &rel->variants[i];
		if (var->has_cuda && var->sass && kb_torch_variant(rel, var->name, v) == var && runs(var, cc) &&
		    (!best || version_cmp(&var->cuda, &best->cuda) > 0))
			best = var;
	}
	return best;
}

const struct kb_torch_release *torch_pick_line_for_gpu(const struct kb *kb, const struct kb_torch_release *after,
						       const struct version *cc,
						       const struct kb_torch_variant **variant)
{
	for (size_t r = 0; r < kb_torch_count(kb); r++) {
		const struct kb_torch_release *rel = kb_torch_at(kb, r);
		if (version_cmp(&rel->line, &after->line) <= 0)
			continue;
		/* A wheel limited to some patches is no answer for the line as a whole. */
		for (size_t i = 0; i < rel->nvariants; i++) {
			const struct kb_torch_variant *v = &rel->variants[i];
			if (v->has_cuda && v->sass && !v->patches && runs(v, cc)) {
				*variant = v;
				return rel;
			}
		}
	}
	*variant = NULL;
	return NULL;
}

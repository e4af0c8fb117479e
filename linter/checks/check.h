/*
 * check: what every check sees and the one signature it has (STYLE.md 6):
 *   void check_x(const struct check_ctx *ctx, struct diag_list *out);
 * A check is pure: it reads pins, the unit's analysis facts, the KB and the target, does
 * no I/O, keeps no state, and its only output is what it adds to `out`. Checks never see
 * file bytes and never derive facts again (analysis.h does, once per unit).
 */
#ifndef ENVLINT_CHECKS_CHECK_H
#define ENVLINT_CHECKS_CHECK_H

#include <stddef.h>

#include "analysis/analysis.h"
#include "diag.h"
#include "kb/kb.h"
#include "pin.h"
#include "profile.h"

struct check_ctx {
	const struct kb *kb;
	const struct target *target; /* never NULL; fields say what is known */
	const struct pin *pins;      /* every pin of one unit (a file and its includes) */
	size_t npins;
	/* The unit's facts, built once by the caller with analysis_build over the same pins
	 * and target->os; never NULL. Checks only read it. */
	const struct analysis *facts;
	/* The profile the target is one GPU of, or NULL (the file pass, unit tests): a fix
	 * proposed for one GPU must not break the box's others (torch_fix.h). */
	const struct profile *profile;
	/* Every profile of the run, or NULL: an edit one target's fix makes to the manifest
	 * is made only when the build it names runs on all of them. */
	const struct profile_list *profiles;
};

#define RULE(id, slug, fam, sev, needs, fn, summary) \
	void fn(const struct check_ctx *ctx, struct diag_list *out);
#include "rule.def"
#undef RULE

/* Names the KB fact behind a finding as its source, second-hand where its row says
 * `status: 2nd` (the reports print that next to the URL). */
/* Is claim `c` a devel base image (nvidia/cuda `-devel-`): an nvcc that extensions of its
 * stage are built with (STK306)? ext_build.c. */
bool check_devel_image(const struct check_ctx *ctx, const struct cuda_claim *c);

static inline void check_cite(struct diag *d, const struct kb_origin *origin)
{
	diag_set_source(d, origin->source, origin->secondary);
}

typedef void (*check_fn)(const struct check_ctx *ctx, struct diag_list *out);

/* The check function of a rule's row (no_check for rules recorded elsewhere). */
check_fn checks_fn_of(enum rule_id rule);

/* Which checks a call runs: those of rules that need no target (once per file), or
 * those that read one (once per target and GPU). */
enum check_pass {
	CHECK_PASS_FILE,
	CHECK_PASS_TARGET,
};

/* Runs every check of `pass` once (a check may emit several rules) and appends what
 * they find to `out`. Derives nothing: ctx->facts holds the analysis. Policy
 * (severities, rules turned off) is not applied here. */
void checks_run(const struct check_ctx *ctx, enum check_pass pass, struct diag_list *out);

#endif

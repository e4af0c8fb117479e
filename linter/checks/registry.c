#include "check.h"

#include <assert.h>

/* EL rules are recorded by readers and the KB loader, not by a check. */
void no_check(const struct check_ctx *ctx, struct diag_list *out)
{
	(void)ctx;
	(void)out;
}

static const check_fn CHECK_OF_RULE[] = {
#define RULE(id, slug, fam, sev, needs, fn, summary) fn,
#include "rule.def"
#undef RULE
};

check_fn checks_fn_of(enum rule_id rule)
{
	return CHECK_OF_RULE[rule];
}

static bool rule_in_pass(enum rule_id rule, enum check_pass pass)
{
	bool needs_target = rule_info(rule)->needs != NEEDS_NOTHING;
	return pass == CHECK_PASS_TARGET ? needs_target : !needs_target;
}

void checks_run(const struct check_ctx *ctx, enum check_pass pass, struct diag_list *out)
{
	/* A check that emits several rules appears on several rows: call it once. */
	check_fn done[RULE__COUNT];
	size_t ndone = 0;
	/* The facts must be those of these pins, on this target's OS. */
	assert(ctx->facts && ctx->facts->pins == ctx->pins && ctx->facts->npins == ctx->npins &&
	       ctx->facts->os == ctx->target->os);
	for (size_t r = 0; r < RULE__COUNT; r++) {
		check_fn fn = CHECK_OF_RULE[r];
		bool seen = fn == no_check || !rule_in_pass((enum rule_id)r, pass);
		for (size_t i = 0; i < ndone && !seen; i++)
			seen = done[i] == fn;
		if (seen)
			continue;
		done[ndone++] = fn;
		fn(ctx, out);
	}
}

#include "check.h"
#include "derive.h"
#include "scope.h"

/* EL rules are recorded by readers and the KB loader, not by a check. */
void no_check(const struct check_ctx *ctx, struct diag_list *out)
{
	(void)ctx;
	(void)out;
}

typedef void (*check_fn)(const struct check_ctx *, struct diag_list *);

static const check_fn CHECK_OF_RULE[] = {
#define RULE(id, slug, fam, sev, needs, fn, summary) fn,
#include "rule.def"
#undef RULE
};

void checks_run(const struct check_ctx *ctx, const signed char *rule_state, struct diag_list *out)
{
	/* A check that emits several rules appears on several rows: call it once. */
	check_fn done[RULE__COUNT];
	size_t ndone = 0;
	struct diag_list found = DIAG_LIST_INIT;
	/* Several checks read the unit's CUDA claims: derive them once. */
	struct scopes scopes = { NULL, 0 };
	struct cuda_claims claims = { NULL, 0, 0 };
	struct check_ctx with_claims = *ctx;
	if (!ctx->scopes) {
		scopes_build(ctx, &scopes);
		with_claims.scopes = &scopes;
	}
	if (ctx->kb && !ctx->claims) {
		derive_cuda_claims(&with_claims, &claims);
		with_claims.claims = &claims;
	}
	ctx = &with_claims;
	for (size_t r = 0; r < RULE__COUNT; r++) {
		check_fn fn = CHECK_OF_RULE[r];
		bool seen = fn == no_check;
		for (size_t i = 0; i < ndone && !seen; i++)
			seen = done[i] == fn;
		if (seen)
			continue;
		done[ndone++] = fn;
		fn(ctx, &found);
	}
	for (size_t i = 0; i < found.nr; i++)
		if (rule_state && rule_state[found.items[i].rule] == 0)
			found.items[i].severity = SEV_OFF;
	diag_list_drop_off(&found);
	diag_list_move(out, &found);
	cuda_claims_release(&claims);
	scopes_release(&scopes);
}

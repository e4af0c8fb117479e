/*
 * suppress: inline ignore comments (CONTRACT.md "Suppression"):
 *   `# envlint: ignore[RULE,RULE]` at the end of the offending line, or alone on the line
 *   above it, silences those rules there; `# envlint: ignore-file[RULE]` anywhere in a
 *   file silences them for the whole file. RULE is an id (DRV101) or a slug.
 * Reads the source text of the diag's file; only marks diags `suppressed` (the policy
 * step drops them).
 */
#ifndef ENVLINT_SUPPRESS_H
#define ENVLINT_SUPPRESS_H

#include <stddef.h>

struct diag_list;
struct source;

/* Marks `suppressed` every diag in `diags` (from index `first` on) that an ignore
 * comment in one of `sources` covers. policy_apply drops them afterwards. */
void suppress_apply(struct diag_list *diags, size_t first, const struct source *const *sources,
		    size_t nsources);

#endif

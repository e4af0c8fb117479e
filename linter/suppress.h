/*
 * suppress: inline ignore comments (CONTRACT.md "Suppression"):
 *   `# envlint: ignore[RULE,RULE] -- reason` at the end of the offending line, alone on
 *   the line above it, or alone above the instruction it continues (or the FROM that
 *   uses the ARG it sits on) silences those rules there; `# envlint: ignore-file[RULE]`
 *   anywhere in a file silences them for the whole file. RULE is an id or a slug.
 * Reads the source text of the diag's file; only marks diags `suppressed` (the policy
 * step drops them).
 */
#ifndef ENVLINT_SUPPRESS_H
#define ENVLINT_SUPPRESS_H

#include <stdbool.h>
#include <stddef.h>

struct diag_list;
struct source;

/* Marks `suppressed` every diag in `diags` (from index `first` on) that an ignore
 * comment in one of `sources` covers (policy_apply drops them afterwards), then appends
 * what the comments deserve: EL013 for a bare ignore or an unknown name, EL012 for a
 * rule named that silenced nothing although it ran (`ran`, indexed by rule; NULL: never
 * report unused). */
void suppress_apply(struct diag_list *diags, size_t first, const struct source *const *sources,
		    size_t nsources, const bool *ran);

#endif

/*
 * policy: what a run does with its findings, decided in one place (hadolint's Config/):
 * a severity per rule (or "off"), the --fail-on threshold, and the paths to exclude.
 * Layers merge once, defaults <- config file <- command line; a layer leaves unset
 * what it does not say. Applied once per file, after suppressions. Depends only on
 * rule.h and diag.h.
 */
#ifndef ENVLINT_POLICY_H
#define ENVLINT_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "rule.h"

/* A rule's entry: as the check reports it, or a severity the user chose (SEV_OFF too). */
#define POLICY_UNSET (-2)
#define POLICY_AS_REPORTED (-1)

struct policy {
	/* POLICY_UNSET (a layer that does not say), POLICY_AS_REPORTED (the rule's own
	 * severity: the default, and what --enable restores), or an enum severity. */
	signed char severity[RULE__COUNT];
	bool has_fail_on;
	enum severity fail_on; /* SEV_OFF = never */
	const char **excludes; /* glob patterns (fnmatch, FNM_PATHNAME), borrowed */
	size_t nexcludes;
};

/* The defaults: every rule as reported, --fail-on error, nothing excluded. */
void policy_init(struct policy *self);
/* A layer that says nothing yet (every entry unset); fill it, then policy_merge it. */
void policy_init_layer(struct policy *self);
/* Applies what `over` sets on top of self. Exclude lists add up. */
void policy_merge(struct policy *self, const struct policy *over);
/* Sets the rules named in a comma list ("DRV101,pin402, cuda-minor-compat-only", or a
 * family prefix such as "DRV" for all its rules) to
 * `severity` (POLICY_AS_REPORTED for --enable, SEV_OFF for --disable). On an unknown
 * name returns false and writes why into err. */
bool policy_set_rules(struct policy *self, const char *list, signed char severity, char *err, size_t errsize);
void policy_release(struct policy *self);

/* Is the path excluded? `path` as the walk found it ("./third_party/x/Dockerfile"). */
bool policy_excludes(const struct policy *self, const char *path);
/* Sets each diag from index `first` on to its rule's chosen severity and drops those
 * that are off or were suppressed. */
void policy_apply(const struct policy *self, struct diag_list *diags, size_t first);
/* Does any finding from index `first` on reach the --fail-on threshold? */
bool policy_fails(const struct policy *self, const struct diag_list *diags, size_t first);

#endif

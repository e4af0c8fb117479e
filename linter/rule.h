/*
 * rule: the rule table generated from rule.def — ids, slugs, families, default
 * severities, what of a target each rule needs, and summaries. The ground floor:
 * diag, cli, policy, suppress, readers and the KB loader read it; it includes nothing
 * of envlint's. Pure data; no module state.
 */
#ifndef ENVLINT_RULE_H
#define ENVLINT_RULE_H

#include <stdbool.h>
#include <stddef.h>

enum severity {
	SEV_OFF = 0,
	SEV_INFO,
	SEV_WARNING,
	SEV_ERROR,
};

enum rule_family {
	FAM_EL,
	FAM_DRV,
	FAM_HW,
	FAM_STK,
	FAM_PIN,
};

/* What of a target a rule reads. NEEDS_NOTHING rules run once per file whatever the
 * targets; the others run once per target and GPU and are silent without one. */
enum rule_needs {
	NEEDS_NOTHING,
	NEEDS_DRIVER,
	NEEDS_GPU,
	NEEDS_CUDA, /* the system CUDA toolkit (--cuda, a profile's cuda) */
};

enum rule_id {
#define RULE(id, slug, fam, sev, needs, fn, summary) RULE_##id,
#include "rule.def"
#undef RULE
	RULE__COUNT
};

struct rule_info {
	const char *id;   /* "DRV101" */
	const char *slug; /* "cuda-needs-newer-driver" */
	enum rule_family family;
	enum severity severity; /* default */
	enum rule_needs needs;
	const char *summary;
};

const struct rule_info *rule_info(enum rule_id id);
/* Looks a rule up by id ("DRV101", case-insensitive) or slug; RULE__COUNT if unknown. */
enum rule_id rule_lookup(const char *name);
const char *severity_name(enum severity sev);
/* "error", "warning", "info", "off" (also "never" -> SEV_OFF); false if unknown. */
int severity_parse(const char *name, enum severity *out);
const char *rule_family_name(enum rule_family fam);
/* A family by its id prefix ("DRV", "hw"); false if `name` is none. */
bool rule_family_parse(const char *name, enum rule_family *out);
/* The id or slug nearest to an unknown `name` ("DRV11" -> "DRV101"), or NULL. */
const char *rule_suggest(const char *name);

#endif

#include "rule.h"

#include <strings.h>

#include "util/text.h"

static const struct rule_info RULES[] = {
#define RULE(id, slug, fam, sev, needs, fn, summary) { #id, slug, fam, sev, needs, summary },
#include "rule.def"
#undef RULE
};

const struct rule_info *rule_info(enum rule_id id)
{
	return &RULES[id];
}

enum rule_id rule_lookup(const char *name)
{
	for (size_t i = 0; i < RULE__COUNT; i++)
		if (!strcasecmp(RULES[i].id, name) || !strcasecmp(RULES[i].slug, name))
			return (enum rule_id)i;
	return RULE__COUNT;
}

const char *severity_name(enum severity sev)
{
	switch (sev) {
	case SEV_ERROR:
		return "error";
	case SEV_WARNING:
		return "warning";
	case SEV_INFO:
		return "info";
	case SEV_OFF:
		break;
	}
	return "off";
}

int severity_parse(const char *name, enum severity *out)
{
	static const struct {
		const char *name;
		enum severity sev;
	} names[] = {
		{ "error", SEV_ERROR }, { "info", SEV_INFO }, { "never", SEV_OFF },
		{ "none", SEV_OFF },    { "off", SEV_OFF },   { "warning", SEV_WARNING },
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcasecmp(names[i].name, name)) {
			*out = names[i].sev;
			return 1;
		}
	return 0;
}

const char *rule_family_name(enum rule_family fam)
{
	switch (fam) {
	case FAM_EL:
		return "input";
	case FAM_DRV:
		return "driver";
	case FAM_HW:
		return "hardware";
	case FAM_STK:
		return "stack";
	case FAM_PIN:
		return "pinning";
	}
	return "?";
}

bool rule_family_parse(const char *name, enum rule_family *out)
{
	static const struct {
		const char *prefix;
		enum rule_family fam;
	} prefixes[] = {
		{ "DRV", FAM_DRV }, { "EL", FAM_EL },   { "HW", FAM_HW },
		{ "PIN", FAM_PIN }, { "STK", FAM_STK },
	};
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (!strcasecmp(prefixes[i].prefix, name)) {
			*out = prefixes[i].fam;
			return true;
		}
	return false;
}

const char *rule_suggest(const char *name)
{
	const char *names[2 * RULE__COUNT];
	for (size_t i = 0; i < RULE__COUNT; i++) {
		names[2 * i] = RULES[i].id;
		names[2 * i + 1] = RULES[i].slug;
	}
	return text_nearest(name, names, 2 * RULE__COUNT);
}

#include "policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"
#include "util/xalloc.h"

void policy_init(struct policy *self)
{
	memset(self, 0, sizeof(*self));
	memset(self->severity, POLICY_AS_REPORTED, sizeof(self->severity));
	self->has_fail_on = true;
	self->fail_on = SEV_ERROR;
}

void policy_init_layer(struct policy *self)
{
	memset(self, 0, sizeof(*self));
	memset(self->severity, POLICY_UNSET, sizeof(self->severity));
}

void policy_merge(struct policy *self, const struct policy *over)
{
	for (size_t i = 0; i < RULE__COUNT; i++)
		if (over->severity[i] != POLICY_UNSET)
			self->severity[i] = over->severity[i];
	if (over->has_fail_on) {
		self->has_fail_on = true;
		self->fail_on = over->fail_on;
	}
	if (over->nexcludes) {
		size_t n = st_add(self->nexcludes, over->nexcludes);
		self->excludes = xrealloc(self->excludes, st_mult(n, sizeof(*self->excludes)));
		memcpy(self->excludes + self->nexcludes, over->excludes,
		       over->nexcludes * sizeof(*self->excludes));
		self->nexcludes = n;
	}
}

bool policy_set_rules(struct policy *self, const char *list, signed char severity, char *err, size_t errsize)
{
	char *copy = xstrdup(list);
	bool ok = true;
	for (char *p = copy; p && *p;) {
		char *comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		while (*p == ' ')
			p++;
		for (char *end = p + strlen(p); end > p && end[-1] == ' ';)
			*--end = '\0';
		enum rule_family fam;
		if (*p && rule_family_parse(p, &fam)) {
			for (size_t i = 0; i < RULE__COUNT; i++)
				if (rule_info((enum rule_id)i)->family == fam)
					self->severity[i] = severity;
		} else if (*p) {
			enum rule_id id = rule_lookup(p);
			if (id == RULE__COUNT) {
				const char *near = rule_suggest(p);
				snprintf(err, errsize, "unknown rule '%s'%s%s%s (see --list-rules)", p,
					 near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
				ok = false;
				break;
			}
			self->severity[id] = severity;
		}
		p = comma ? comma + 1 : NULL;
	}
	free(copy);
	return ok;
}

void policy_release(struct policy *self)
{
	free(self->excludes);
	memset(self, 0, sizeof(*self));
}

bool policy_excludes(const struct policy *self, const char *path)
{
	/* Patterns are written relative to the checked tree: "./a/b" matches "a/b". */
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	for (size_t i = 0; i < self->nexcludes; i++)
		if (text_glob_match(self->excludes[i], path))
			return true;
	return false;
}

void policy_apply(const struct policy *self, struct diag_list *diags, size_t first)
{
	for (size_t i = first; i < diags->nr; i++) {
		struct diag *d = &diags->items[i];
		signed char chosen = self->severity[d->rule];
		if (d->suppressed)
			d->severity = SEV_OFF;
		else if (chosen >= 0)
			d->severity = (enum severity)chosen;
	}
	diag_list_drop_off(diags);
}

bool policy_fails(const struct policy *self, const struct diag_list *diags, size_t first)
{
	if (self->fail_on == SEV_OFF)
		return false;
	for (size_t i = first; i < diags->nr; i++)
		if (diags->items[i].severity >= self->fail_on)
			return true;
	return false;
}

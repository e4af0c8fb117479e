#include "suppress.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <stdlib.h>
#include <strings.h>

#include "diag.h"
#include "source.h"
#include "util/xalloc.h"

static const char MARK[] = "envlint:";

/* Does the text [p, end) of one ignore list ("DRV101, cuda-needs-newer-driver") name rule? */
static bool list_names(const char *p, const char *end, enum rule_id rule)
{
	const struct rule_info *info = rule_info(rule);
	while (p < end) {
		while (p < end && (isspace((unsigned char)*p) || *p == ','))
			p++;
		const char *s = p;
		while (p < end && !isspace((unsigned char)*p) && *p != ',')
			p++;
		size_t n = (size_t)(p - s);
		if (n && ((strlen(info->id) == n && !strncasecmp(info->id, s, n)) ||
			  (strlen(info->slug) == n && !strncasecmp(info->slug, s, n))))
			return true;
	}
	return false;
}

/* Finds `# envlint: <directive>[...]` in [line, line+len); `alone` requires the comment
 * to be the only thing on the line. */
static bool line_ignores(const char *line, size_t len, const char *directive, bool alone,
			 enum rule_id rule)
{
	const char *end = line + len;
	for (const char *hash = memchr(line, '#', len); hash; hash = memchr(hash + 1, '#', (size_t)(end - hash - 1))) {
		if (alone) {
			for (const char *q = line; q < hash; q++)
				if (!isspace((unsigned char)*q))
					return false;
		}
		const char *p = hash + 1;
		while (p < end && isspace((unsigned char)*p))
			p++;
		if ((size_t)(end - p) < sizeof(MARK) - 1 || strncasecmp(p, MARK, sizeof(MARK) - 1))
			continue;
		p += sizeof(MARK) - 1;
		while (p < end && isspace((unsigned char)*p))
			p++;
		size_t dn = strlen(directive);
		if ((size_t)(end - p) <= dn || strncasecmp(p, directive, dn) || p[dn] != '[')
			continue;
		p += dn + 1;
		const char *close = memchr(p, ']', (size_t)(end - p));
		if (close && list_names(p, close, rule))
			return true;
		if (hash + 1 >= end)
			break;
	}
	return false;
}

/* Whether a comment in [line, line+len) starts with the mark ("# envlint:"): the
 * rule-independent part of line_ignores, asked once per line instead of once per rule. */
static bool line_has_mark(const char *line, size_t len)
{
	const char *end = line + len;
	for (const char *hash = memchr(line, '#', len); hash; hash = memchr(hash + 1, '#', (size_t)(end - hash - 1))) {
		const char *p = hash + 1;
		while (p < end && isspace((unsigned char)*p))
			p++;
		if ((size_t)(end - p) >= sizeof(MARK) - 1 && !strncasecmp(p, MARK, sizeof(MARK) - 1))
			return true;
		if (hash + 1 >= end)
			break;
	}
	return false;
}

/* Rules a source silences file-wide, found in one pass over its lines (checking each
 * diag against the whole file would make a file with many findings quadratic). */
static void file_ignored_rules(const struct source *src, bool *ignored)
{
	for (uint32_t l = 1; l <= src->nlines; l++) {
		size_t len;
		const char *text = source_line_text(src, l, &len);
		if (!line_has_mark(text, len))
			continue;
		for (size_t r = 0; r < RULE__COUNT; r++)
			if (!ignored[r] && line_ignores(text, len, "ignore-file", false, (enum rule_id)r))
				ignored[r] = true;
	}
}

void suppress_apply(struct diag_list *diags, size_t first, const struct source *const *sources,
		    size_t nsources)
{
	if (first >= diags->nr || !nsources)
		return;
	bool (*file_rules)[RULE__COUNT] = xcalloc(nsources, sizeof(*file_rules));
	bool *scanned = xcalloc(nsources, sizeof(bool));
	for (size_t i = first; i < diags->nr; i++) {
		struct diag *d = &diags->items[i];
		if (!d->file || d->suppressed)
			continue;
		size_t s = 0;
		while (s < nsources && !(sources[s] && !strcmp(sources[s]->path, d->file)))
			s++;
		if (s == nsources)
			continue;
		const struct source *src = sources[s];
		if (!scanned[s]) {
			file_ignored_rules(src, file_rules[s]);
			scanned[s] = true;
		}
		bool off = file_rules[s][d->rule];
		if (!off && d->span.line) {
			size_t len;
			const char *text = source_line_text(src, d->span.line, &len);
			off = line_ignores(text, len, "ignore", false, d->rule);
			if (!off && d->span.line > 1) {
				text = source_line_text(src, d->span.line - 1, &len);
				off = line_ignores(text, len, "ignore", true, d->rule);
			}
		}
		d->suppressed = d->suppressed || off;
	}
	free(scanned);
	free(file_rules);
}

/*
 * Suppression comments, after ruff's noqa and shellcheck's disable:
 *
 *   comment    := '#' ws* "envlint:" ws* directive [ '[' names ']' ] [ ws* "--" reason ]
 *   directive  := "ignore" | "ignore-file"
 *   names      := name { [ws] ',' [ws] name }      rule ids (DRV101) or slugs
 *
 * A line comment covers its own line; alone on its line it also covers the line below,
 * and, when that line starts a continued instruction (a RUN or requirement continued
 * with '\'), every line of it; a finding whose version came through an ARG or ENV is
 * also covered at the line that uses it (the FROM). ignore-file covers the file.
 * Each source is scanned once; the comments are kept sorted by line so a finding looks
 * its lines up by binary search (a file with many findings stays linear).
 * What a suppression did is reported too (EL012, EL013): a bare `ignore`, a name that is
 * no rule, and a rule that was checked but silenced nothing there.
 */
#include "suppress.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "source.h"
#include "util/text.h"
#include "util/vec.h"
#include "util/xalloc.h"

static const char MARK[] = "envlint:";

/* More names than this in one comment are not read (the rest is reported unknown). */
#define SUPPRESS_MAX_NAMES 32

struct suppression {
	uint32_t line;
	bool file_wide;
	bool alone;        /* the comment is the only thing on its line */
	bool bare;         /* `ignore` with no [...]: names no rule */
	size_t start, end; /* byte offsets of the comment, for its finding */
	uint8_t nrules;
	enum rule_id rules[SUPPRESS_MAX_NAMES];
	bool used[SUPPRESS_MAX_NAMES];
	char unknown[64]; /* the first name that is no rule, or "" */
};

struct source_suppressions {
	const struct source *src;
	VEC(struct suppression) items; /* sorted by line */
};

static bool is_blank_before(const char *line, const char *hash)
{
	for (const char *q = line; q < hash; q++)
		if (!isspace((unsigned char)*q))
			return false;
	return true;
}

/* Reads the names of one [...] list into *s. */
static void read_names(struct suppression *s, const char *p, const char *close)
{
	while (p < close) {
		while (p < close && (isspace((unsigned char)*p) || *p == ','))
			p++;
		const char *w = p;
		while (p < close && !isspace((unsigned char)*p) && *p != ',')
			p++;
		size_t n = (size_t)(p - w);
		if (!n)
			continue;
		char name[64];
		snprintf(name, sizeof(name), "%.*s", (int)(n < sizeof(name) ? n : sizeof(name) - 1), w);
		enum rule_id id = rule_lookup(name);
		if (id != RULE__COUNT && s->nrules < SUPPRESS_MAX_NAMES)
			s->rules[s->nrules++] = id;
		else if (!s->unknown[0])
			snprintf(s->unknown, sizeof(s->unknown), "%s", name);
	}
}

/* The envlint comment on one line, if there is one. */
static bool parse_line(const struct source *src, uint32_t line, struct suppression *out)
{
	size_t len;
	const char *text = source_line_text(src, line, &len);
	const char *end = text + len;
	for (const char *hash = memchr(text, '#', len); hash;
	     hash = hash + 1 < end ? memchr(hash + 1, '#', (size_t)(end - hash - 1)) : NULL) {
		const char *p = hash + 1;
		while (p < end && isspace((unsigned char)*p))
			p++;
		if ((size_t)(end - p) < sizeof(MARK) - 1 || strncasecmp(p, MARK, sizeof(MARK) - 1))
			continue;
		p += sizeof(MARK) - 1;
		while (p < end && isspace((unsigned char)*p))
			p++;
		static const char IGNORE[] = "ignore";
		if ((size_t)(end - p) < sizeof(IGNORE) - 1 || strncasecmp(p, IGNORE, sizeof(IGNORE) - 1))
			continue;
		memset(out, 0, sizeof(*out));
		p += sizeof(IGNORE) - 1;
		if ((size_t)(end - p) >= 5 && !strncasecmp(p, "-file", 5)) {
			out->file_wide = true;
			p += 5;
		}
		out->line = line;
		out->alone = is_blank_before(text, hash);
		out->start = (size_t)(hash - src->bytes);
		out->end = (size_t)(end - src->bytes);
		const char *close = p < end && *p == '[' ? memchr(p, ']', (size_t)(end - p)) : NULL;
		if (close)
			read_names(out, p + 1, close);
		else
			out->bare = true;
		return true;
	}
	return false;
}

static void scan_source(struct source_suppressions *self, const struct source *src)
{
	self->src = src;
	if (!src->nlines)
		return;
	/* One memchr over the file instead of one per line: each '#' names its line (a
	 * line's text is its bytes up to the next line start less the line break, so every
	 * '#' of the file is in the text of exactly the line it falls in), that line is
	 * parsed once, and the search resumes at the next line: the same lines, in the
	 * same order, as asking every line. */
	const char *b = src->bytes;
	for (const char *h = memchr(b, '#', src->len); h;) {
		uint32_t l = source_line_of(src, (size_t)(h - b));
		struct suppression s;
		if (parse_line(src, l, &s))
			vec_push(&self->items, s);
		size_t next = l < src->nlines ? src->line_starts[l] : src->len;
		h = next < src->len ? memchr(b + next, '#', src->len - next) : NULL;
	}
}

static struct suppression *at_line(struct source_suppressions *self, uint32_t line)
{
	size_t lo = 0, hi = self->items.nr;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (self->items.items[mid].line < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < self->items.nr && self->items.items[lo].line == line ? &self->items.items[lo] : NULL;
}

/* Does s name `rule`? Marks it used when it does. */
static bool covers(struct suppression *s, enum rule_id rule)
{
	if (!s)
		return false;
	for (uint8_t i = 0; i < s->nrules; i++)
		if (s->rules[i] == rule) {
			s->used[i] = true;
			return true;
		}
	return false;
}

/* Does the text of `line` end with a continuation backslash (before any CR)? */
static bool continues(const struct source *src, uint32_t line)
{
	size_t len;
	const char *text = source_line_text(src, line, &len);
	while (len && (text[len - 1] == '\r' || text[len - 1] == ' ' || text[len - 1] == '\t'))
		len--;
	return len && text[len - 1] == '\\';
}

/* A comment alone on the line above `line` that names the rule. */
static bool alone_above(struct source_suppressions *self, uint32_t line, enum rule_id rule)
{
	struct suppression *s = line > 1 ? at_line(self, line - 1) : NULL;
	return s && s->alone && !s->file_wide && covers(s, rule);
}

/* Is a finding at `line` covered: a comment on the line, alone on the line above it, or
 * alone above the first line of the continued instruction the line belongs to. */
static bool line_covered(struct source_suppressions *self, uint32_t line, enum rule_id rule)
{
	if (!line)
		return false;
	if (covers(at_line(self, line), rule) || alone_above(self, line, rule))
		return true;
	uint32_t first = line;
	/* Bounded: a continued instruction of a million lines costs one walk per finding. */
	for (unsigned steps = 0; first > 1 && steps < 10000 && continues(self->src, first - 1); steps++)
		first--;
	return first != line && alone_above(self, first, rule);
}

static bool file_covered(struct source_suppressions *self, enum rule_id rule)
{
	bool hit = false;
	for (size_t i = 0; i < self->items.nr; i++)
		if (self->items.items[i].file_wide && covers(&self->items.items[i], rule))
			hit = true;
	return hit;
}

static struct source_suppressions *source_of(struct source_suppressions *all, size_t n, const char *path)
{
	for (size_t s = 0; s < n; s++)
		if (all[s].src && !strcmp(all[s].src->path, path))
			return &all[s];
	return NULL;
}

/* What the comments themselves deserve: EL013 for a bare ignore or a name that is no
 * rule, EL012 for a rule that ran and was silenced nowhere by this comment. */
static void report(const struct source_suppressions *self, const bool *ran, struct diag_list *out)
{
	for (size_t i = 0; i < self->items.nr; i++) {
		const struct suppression *s = &self->items.items[i];
		struct span span = source_span(self->src, s->start, s->end);
		const char *what = s->file_wide ? "ignore-file" : "ignore";
		if (s->bare) {
			diag_add(out, RULE_EL013, self->src->path, span,
				 "name the rules: '# envlint: ignore[RULE]' (see --list-rules)",
				 "'envlint: %s' names no rule, so it silences nothing", what);
			continue;
		}
		if (s->unknown[0]) {
			const char *near = rule_suggest(s->unknown);
			struct diag *d =
				diag_add(out, RULE_EL013, self->src->path, span, NULL,
					 "'%s' in 'envlint: %s[...]' is not a rule", s->unknown, what);
			if (near)
				diag_set_help(d, "did you mean '%s'?", near);
			else
				diag_set_help(d, "see envlint --list-rules");
		}
		for (uint8_t r = 0; r < s->nrules; r++)
			if (!s->used[r] && ran && ran[s->rules[r]])
				diag_add(out, RULE_EL012, self->src->path, span,
					 "remove it, or keep it with the target that needs it",
					 "'envlint: %s[%s]' silenced nothing: %s was checked and found "
					 "nothing %s",
					 what, rule_info(s->rules[r])->id, rule_info(s->rules[r])->id,
					 s->file_wide ? "in this file" : "there");
	}
}

void suppress_apply(struct diag_list *diags, size_t first, const struct source *const *sources,
		    size_t nsources, const bool *ran)
{
	if (!nsources)
		return;
	struct source_suppressions *all = xcalloc(nsources, sizeof(*all));
	for (size_t s = 0; s < nsources; s++)
		if (sources[s])
			scan_source(&all[s], sources[s]);
	size_t end = diags->nr;
	for (size_t i = first; i < end; i++) {
		struct diag *d = &diags->items[i];
		if (!d->file || d->suppressed)
			continue;
		struct source_suppressions *ss = source_of(all, nsources, d->file);
		if (!ss || !ss->items.nr)
			continue;
		bool off = file_covered(ss, d->rule);
		off = line_covered(ss, d->span.line, d->rule) || off;
		if (d->also.line && !d->also_file)
			off = line_covered(ss, d->also.line, d->rule) || off;
		d->suppressed = off;
	}
	for (size_t s = 0; s < nsources; s++) {
		if (all[s].src)
			report(&all[s], ran, diags);
		vec_release(&all[s].items);
	}
	free(all);
}

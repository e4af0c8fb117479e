/*
 * conda: conda environment files (environment.yml), read through libyaml events, and
 * the pins a MatchSpec or a channel makes (for this file and conda_install.c).
 *
 * What is read (conda's environment spec, conda/env/env.py; everything else is ignored):
 *
 *   file       := mapping { "name": str, "channels": [channel], "dependencies": [dep], ... }
 *                 (`name` is read past: it names the environment, not a version)
 *   dep        := matchspec | mapping { "pip": [requirements line], ... }
 *   matchspec  := see matchspec.c, which splits it
 *
 * The YAML goes through libyaml's event API (never the document loader), so memory is
 * the current event plus what is copied into the arena for recorded pins. Nesting is
 * counted here and stops the read at READER_MAX_YAML_DEPTH with EL007, whatever
 * libyaml's own limit is. Aliases are never expanded (expanding them is how "billion
 * laughs" inputs blow up): one that stands where pins are read (`dependencies: *deps`,
 * `- *torch`, `<<: *base`) is reported as EL015, so its pins are known to be unchecked;
 * elsewhere it is skipped.
 *
 * Shape (EL016, conda's own reading is PyYAML's): a file holds one document; a document
 * that is not a mapping is not an environment; `channels`, `dependencies` and `pip` must
 * be lists (null is an empty list); a key given twice is kept once, the last, as PyYAML
 * does, so the pins of the earlier value are dropped.
 *
 * Positions: libyaml marks are 0-based lines and 0-based code-point columns; they go
 * through source_offset() (the one conversion) and spans through source_span().
 */
#include <assert.h>
#include "input_limits.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "conda_internal.h"
#include "diag.h"
#include "matchspec.h"
#include "readers.h"
#include "util/arena.h"
#include "util/text.h"
#include "util/xalloc.h"

/* Longest mapping key we compare ("dependencies"); longer keys are not ours. */
#define CONDA_MAX_KEY 32
/* A normalised package name; longer names are not packages we know. */
#define CONDA_MAX_NAME 256
/* Bytes of untrusted text quoted in a message. */
#define CONDA_MSG_TEXT 80

/* ------------------------------------------------------------------------------------
 * Text with a place in the source.
 */

struct span conda_loc_span(const struct source *src, const struct text_loc *loc, size_t b, size_t e)
{
	if (!loc->verbatim)
		return loc->span;
	return source_span(src, loc->offset + b, loc->offset + e);
}

/* ------------------------------------------------------------------------------------
 * Recording pins.
 */

/* Only packages that play a role in the version flow, plus nvidia-* packages and those
 * that bring an nvcc (STK306/STK310 read them), become pins: an exported environment
 * lists hundreds of packages, and pins no check reads would cost arena memory and add
 * noise to `envlint stack` and the dumps. */
static bool wanted_package(const char *norm, enum pin_pkg pkg)
{
	return pkg != PIN_PKG_OTHER || strncmp(norm, "nvidia-", 7) == 0 || pin_name_brings_nvcc(norm);
}

static const char *arena_range(struct arena *arena, const char *t, struct matchspec_range r)
{
	return r.set ? arena_strndup(arena, t + r.b, r.e - r.b) : NULL;
}

/* Untrusted text for a message: at most CONDA_MSG_TEXT bytes (cut at a character
 * boundary, "..." added), control characters shown as '?' so a message cannot drive
 * the terminal it is printed on. `size` must be at least CONDA_MSG_TEXT + 4. */
static void quote_text(char *out, size_t size, const char *t, size_t n)
{
	size_t keep = n;
	if (keep > CONDA_MSG_TEXT) {
		keep = CONDA_MSG_TEXT;
		while (keep > 0 && ((unsigned char)t[keep] & 0xC0) == 0x80)
			keep--;
	}
	size_t o = 0;
	for (size_t i = 0; i < keep && o + 1 < size; i++) {
		unsigned char c = (unsigned char)t[i];
		out[o++] = c < 0x20 || c == 0x7F ? '?' : (char)c;
	}
	if (keep < n && o + 4 <= size) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
}

void conda_record_matchspec(struct read_ctx *ctx, const struct source *src, const struct text_loc *loc,
			    uint32_t scope)
{
	struct matchspec ms;
	const char *t = loc->text;
	if (!matchspec_parse(&ms, t, loc->len))
		return;
	char norm[CONDA_MAX_NAME];
	pin_normalize_name(t + ms.name.b, ms.name.e - ms.name.b, norm, sizeof(norm));
	enum pin_pkg pkg = pin_pkg_of(norm, PIN_ECO_CONDA);
	if (!wanted_package(norm, pkg))
		return;
	bool has_version = ms.version.set && ms.version.b < ms.version.e;
	if (has_version && !loc->unresolved && !matchspec_version_chars_ok(t, ms.version.b, ms.version.e)) {
		char vq[CONDA_MSG_TEXT + 4], nq[CONDA_MSG_TEXT + 4];
		quote_text(vq, sizeof(vq), t + ms.version.b, ms.version.e - ms.version.b);
		quote_text(nq, sizeof(nq), norm, strlen(norm));
		diag_add(ctx->diags, RULE_EL003, src->path,
			 conda_loc_span(src, loc, ms.version.b, ms.version.e), NULL,
			 "unparsable version '%s' for '%s'", vq, nq);
		return;
	}
	struct pin pin;
	memset(&pin, 0, sizeof(pin));
	pin.kind = PIN_KIND_PACKAGE;
	pin.eco = PIN_ECO_CONDA;
	pin.pkg = pkg;
	pin.name = arena_strdup(ctx->arena, norm);
	pin.spec = has_version ? arena_range(ctx->arena, t, ms.version) : NULL;
	if (ms.build.set && ms.build.b < ms.build.e)
		pin.variant = arena_range(ctx->arena, t, ms.build);
	if (ms.channel.set && ms.channel.b < ms.channel.e)
		pin.channel = arena_range(ctx->arena, t, ms.channel);
	if (ms.url)
		pin.url = arena_range(ctx->arena, t, ms.item);
	pin.file = src->path;
	pin.span = has_version ? conda_loc_span(src, loc, ms.version.b, ms.version.e)
			       : conda_loc_span(src, loc, ms.item.b, ms.item.e);
	pin.name_span = conda_loc_span(src, loc, ms.name.b, ms.name.e);
	pin.via = loc->via;
	pin.unresolved = loc->unresolved;
	pin.scope = scope;
	pin_list_push(ctx->pins, &pin);
}

void conda_record_channel(struct read_ctx *ctx, const struct source *src, const struct text_loc *loc,
			  size_t b, size_t e, const char *name, struct span name_span, uint32_t scope)
{
	matchspec_trim(loc->text, &b, &e);
	if (b == e)
		return;
	struct pin pin;
	memset(&pin, 0, sizeof(pin));
	pin.kind = PIN_KIND_INDEX;
	pin.eco = PIN_ECO_CONDA;
	pin.index_kind = PIN_INDEX_CHANNEL;
	pin.name = name;
	pin.spec = arena_strndup(ctx->arena, loc->text + b, e - b);
	pin.file = src->path;
	pin.span = conda_loc_span(src, loc, b, e);
	pin.name_span = name_span;
	pin.via = loc->via;
	pin.unresolved = loc->unresolved;
	pin.scope = scope;
	pin_list_push(ctx->pins, &pin);
}

/* ------------------------------------------------------------------------------------
 * The YAML walk.
 */

struct conda_reader {
	struct read_ctx *ctx;
	const struct source *src;
	yaml_parser_t *parser;
	yaml_event_t ev; /* the current event, owned while have_ev */
	bool have_ev;
	bool stop;      /* an EL diagnostic ended the read */
	unsigned depth; /* open mappings and sequences */
	uint32_t scope;
	size_t pins_at_start;
	const char *base_dir; /* for -r in pip: items */
	unsigned aliases;     /* EL015 findings so far */
	unsigned shapes;      /* EL016 findings so far */
};

/* The span of the character at `off` (empty at a line end or the end of the file). */
static struct span char_span(const struct source *src, size_t off)
{
	if (off >= src->len || src->bytes[off] == '\n' || src->bytes[off] == '\r')
		return source_span(src, off, off);
	size_t end = off + 1;
	while (end < src->len && ((unsigned char)src->bytes[end] & 0xC0) == 0x80)
		end++;
	return source_span(src, off, end);
}

static size_t mark_offset(const struct source *src, yaml_mark_t m)
{
	uint32_t line = m.line > UINT32_MAX ? UINT32_MAX : (uint32_t)m.line;
	uint32_t col = m.column > UINT32_MAX ? UINT32_MAX : (uint32_t)m.column;
	return source_offset(src, line, col);
}

static void report_too_deep(struct conda_reader *self, struct span at)
{
	diag_add(self->ctx->diags, RULE_EL007, self->src->path, at, NULL,
		 "YAML nested deeper than %d levels; rest of file not read", READER_MAX_YAML_DEPTH);
}

/* libyaml's error as EL002, both marks used: "while parsing a block mapping at 3:1:
 * did not find expected key". A newer libyaml's own nesting limit is EL007 like ours. */
static void report_yaml_error(struct conda_reader *self)
{
	const yaml_parser_t *p = self->parser;
	const struct source *src = self->src;
	const char *problem = p->problem ? p->problem : "unknown error";
	if (p->error == YAML_MEMORY_ERROR) {
		diag_add(self->ctx->diags, RULE_EL002, src->path, span_none(), NULL,
			 "libyaml ran out of memory");
		return;
	}
	if (p->error == YAML_READER_ERROR) {
		struct span at = char_span(src, p->problem_offset);
		if (p->problem_value != -1)
			diag_add(self->ctx->diags, RULE_EL002, src->path, at, NULL, "%s (#x%X)", problem,
				 (unsigned)p->problem_value);
		else
			diag_add(self->ctx->diags, RULE_EL002, src->path, at, NULL, "%s", problem);
		return;
	}
	struct span at = char_span(src, mark_offset(src, p->problem_mark));
	if (strstr(problem, "nesting level")) {
		report_too_deep(self, at);
		return;
	}
	if (p->context) {
		struct span ctx_at = source_span(src, mark_offset(src, p->context_mark),
						 mark_offset(src, p->context_mark));
		diag_add(self->ctx->diags, RULE_EL002, src->path, at, NULL, "%s at %u:%u: %s", p->context,
			 ctx_at.line, ctx_at.column, problem);
	} else {
		diag_add(self->ctx->diags, RULE_EL002, src->path, at, NULL, "%s", problem);
	}
}

static bool is_start(yaml_event_type_t type)
{
	return type == YAML_SEQUENCE_START_EVENT || type == YAML_MAPPING_START_EVENT;
}

/* Moves to the next event; false once the read has stopped (EL diag recorded). */
static bool next(struct conda_reader *self)
{
	if (self->have_ev) {
		yaml_event_delete(&self->ev);
		self->have_ev = false;
	}
	if (self->stop)
		return false;
	if (!yaml_parser_parse(self->parser, &self->ev)) {
		report_yaml_error(self);
		self->stop = true;
		return false;
	}
	self->have_ev = true;
	if (is_start(self->ev.type)) {
		if (++self->depth > READER_MAX_YAML_DEPTH) {
			size_t off = mark_offset(self->src, self->ev.start_mark);
			report_too_deep(self, char_span(self->src, off));
			self->stop = true;
			return false;
		}
	} else if (self->ev.type == YAML_SEQUENCE_END_EVENT || self->ev.type == YAML_MAPPING_END_EVENT) {
		self->depth--;
	}
	if (self->ctx->pins->nr - self->pins_at_start >= READER_MAX_PINS) {
		size_t off = mark_offset(self->src, self->ev.start_mark);
		diag_add(self->ctx->diags, RULE_EL007, self->src->path, char_span(self->src, off), NULL,
			 "more than %d pins; rest of file not read", READER_MAX_PINS);
		self->stop = true;
		return false;
	}
	return true;
}

/* Skips the node that starts at the current event (a scalar, alias or collection). */
static bool skip_node(struct conda_reader *self)
{
	if (!is_start(self->ev.type))
		return true;
	unsigned outer = self->depth - 1;
	while (self->depth > outer)
		if (!next(self))
			return false;
	return true;
}

typedef bool (*item_fn)(struct conda_reader *self);

/* The span of the current event, from its start mark to its end mark; the character
 * at the start when they meet (a block collection's start event has no width). */
static struct span event_span(const struct conda_reader *self)
{
	size_t b = mark_offset(self->src, self->ev.start_mark);
	size_t e = mark_offset(self->src, self->ev.end_mark);
	return e > b ? source_span(self->src, b, e) : char_span(self->src, b);
}

/* Whether one more finding of `rule` at `at` may be recorded (CONDA_MAX_REPORTS); the
 * first one past the cap records `summary` there instead. */
static bool under_cap(struct conda_reader *self, enum rule_id rule, struct span at, unsigned *count,
		      const char *summary)
{
	if (++*count <= CONDA_MAX_REPORTS)
		return true;
	if (*count == CONDA_MAX_REPORTS + 1)
		diag_add(self->ctx->diags, rule, self->src->path, at, NULL, "more than %d %s",
			 CONDA_MAX_REPORTS, summary);
	return false;
}

/* EL015 for the alias event at hand; `where` says where it stands ("as 'dependencies'",
 * "in 'pip'"). Its node is skipped, never looked up. */
static void report_alias(struct conda_reader *self, const char *where)
{
	if (!under_cap(self, RULE_EL015, event_span(self), &self->aliases,
		       "YAML aliases where pins are read; the rest are not reported and none is followed"))
		return;
	const char *name = (const char *)self->ev.data.alias.anchor;
	char q[CONDA_MSG_TEXT + 4];
	quote_text(q, sizeof(q), name ? name : "", name ? strlen(name) : 0);
	struct diag *d = diag_add(self->ctx->diags, RULE_EL015, self->src->path, event_span(self), NULL,
				  "YAML alias '*%s' %s not followed; envlint does not expand aliases, "
				  "so the pins behind it are not checked",
				  q, where);
	diag_set_help(d, "write the pins out here instead of '*%s' to have them checked", q);
}

#define SHAPE_SUMMARY "problems with the shape of the environment; the rest are not reported"

/* YAML 1.1 null as PyYAML resolves it: an empty plain scalar, "~" or "null". */
static bool is_null_scalar(const yaml_event_t *ev)
{
	static const char *const NULLS[] = { "", "~", "null", "Null", "NULL" };
	if (ev->type != YAML_SCALAR_EVENT || ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	for (size_t i = 0; i < sizeof(NULLS) / sizeof(NULLS[0]); i++)
		if (ev->data.scalar.length == strlen(NULLS[i]) &&
		    memcmp(ev->data.scalar.value, NULLS[i], ev->data.scalar.length) == 0)
			return true;
	return false;
}

/* What the current node is, for a message: "a scalar ('hello')", "a mapping". */
static void describe_node(const struct conda_reader *self, char *out, size_t size)
{
	const yaml_event_t *ev = &self->ev;
	char q[CONDA_MSG_TEXT + 4];
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		quote_text(q, sizeof(q), (const char *)ev->data.scalar.value, ev->data.scalar.length);
		snprintf(out, size, "a scalar ('%s')", q);
		return;
	case YAML_SEQUENCE_START_EVENT:
		snprintf(out, size, "a list");
		return;
	case YAML_MAPPING_START_EVENT:
		snprintf(out, size, "a mapping");
		return;
	default:
		snprintf(out, size, "an alias");
		return;
	}
}

/* The items of a sequence whose start was just read, to its end: an alias item is EL015
 * (`where` names the place), any other goes to `item`. */
static bool read_items(struct conda_reader *self, const char *where, item_fn item)
{
	for (;;) {
		if (!next(self))
			return false;
		if (self->ev.type == YAML_SEQUENCE_END_EVENT)
			return true;
		if (self->ev.type == YAML_ALIAS_EVENT)
			report_alias(self, where);
		else if (!item(self))
			return false;
	}
}

/* The value of `key`, which conda reads as a list: each item goes to `item` (an alias
 * item is EL015); an alias for the whole list is EL015; null is an empty list; a scalar
 * or a mapping is EL016 and skipped. */
static bool read_list(struct conda_reader *self, const char *key, item_fn item)
{
	char where[CONDA_MAX_KEY + 16];
	if (self->ev.type == YAML_ALIAS_EVENT) {
		snprintf(where, sizeof(where), "as '%s'", key);
		report_alias(self, where);
		return true;
	}
	if (self->ev.type != YAML_SEQUENCE_START_EVENT) {
		if (is_null_scalar(&self->ev))
			return true;
		char what[CONDA_MSG_TEXT + 32];
		describe_node(self, what, sizeof(what));
		if (under_cap(self, RULE_EL016, event_span(self), &self->shapes, SHAPE_SUMMARY))
			diag_add(self->ctx->diags, RULE_EL016, self->src->path, event_span(self), NULL,
				 "'%s' is %s, not a list; conda expects a list there, and envlint reads "
				 "nothing from it",
				 key, what);
		return skip_node(self);
	}
	snprintf(where, sizeof(where), "in '%s'", key);
	return read_items(self, where, item);
}

/* `<<: *base` (or `<<: [*a, *b]`) merges keys envlint would read: each alias is EL015. */
static bool read_merge(struct conda_reader *self)
{
	if (self->ev.type == YAML_ALIAS_EVENT) {
		report_alias(self, "in merge key '<<'");
		return true;
	}
	if (self->ev.type != YAML_SEQUENCE_START_EVENT)
		return skip_node(self);
	return read_items(self, "in merge key '<<'", skip_node);
}

/* A key of a mapping envlint reads, and what reads each item of its list. */
struct conda_key {
	const char *name;
	item_fn item;
};

/* Where each key of a conda_key table was last seen in one mapping: its line, and the
 * pins its value made ([pin_b, pin_e) of ctx->pins). */
struct key_seen {
	uint32_t line;
	size_t pin_b, pin_e;
};

/* Drops pins [b, e) (the value of a key given again) and moves the later ranges down. */
static void drop_pins(struct conda_reader *self, struct key_seen *seen, size_t nkeys, size_t b, size_t e)
{
	struct pin_list *pins = self->ctx->pins;
	memmove(pins->items + b, pins->items + e, (pins->nr - e) * sizeof(*pins->items));
	pins->nr -= e - b;
	for (size_t i = 0; i < nkeys; i++) {
		if (seen[i].line && seen[i].pin_b >= e) {
			seen[i].pin_b -= e - b;
			seen[i].pin_e -= e - b;
		}
	}
}

/* A key given a second time: EL016 at this one, and the earlier value's pins go. */
static void report_duplicate(struct conda_reader *self, const char *key, struct span at,
			     struct key_seen *seen, size_t nkeys, size_t k)
{
	if (under_cap(self, RULE_EL016, at, &self->shapes, SHAPE_SUMMARY))
		diag_add(self->ctx->diags, RULE_EL016, self->src->path, at, NULL,
			 "duplicate key '%s' (previous one at line %u); conda keeps only the last, so "
			 "envlint reads this one and not line %u's",
			 key, seen[k].line, seen[k].line);
	drop_pins(self, seen, nkeys, seen[k].pin_b, seen[k].pin_e);
}

/* A mapping of which envlint reads the keys in `keys` (each a list) and skips the rest.
 * A key that is an alias, or a merge key '<<' with aliases, is EL015. */
static bool read_mapping(struct conda_reader *self, const struct conda_key *keys, size_t nkeys)
{
	if (self->ev.type != YAML_MAPPING_START_EVENT)
		return skip_node(self);
	struct key_seen seen[4];
	assert(nkeys <= sizeof(seen) / sizeof(seen[0]));
	memset(seen, 0, sizeof(seen));
	for (;;) {
		if (!next(self))
			return false;
		if (self->ev.type == YAML_MAPPING_END_EVENT)
			return true;
		char key[CONDA_MAX_KEY];
		bool have_key = false;
		struct span key_at = event_span(self);
		if (self->ev.type == YAML_SCALAR_EVENT && self->ev.data.scalar.length < sizeof(key)) {
			memcpy(key, self->ev.data.scalar.value, self->ev.data.scalar.length);
			key[self->ev.data.scalar.length] = '\0';
			have_key = true;
		} else if (self->ev.type == YAML_ALIAS_EVENT) {
			report_alias(self, "as a key");
		} else if (!skip_node(self)) {
			return false;
		}
		if (!next(self))
			return false;
		size_t k = nkeys;
		for (size_t i = 0; have_key && i < nkeys; i++)
			if (strcmp(key, keys[i].name) == 0)
				k = i;
		bool ok;
		if (k < nkeys) {
			if (seen[k].line)
				report_duplicate(self, keys[k].name, key_at, seen, nkeys, k);
			seen[k].line = key_at.line;
			seen[k].pin_b = self->ctx->pins->nr;
			ok = read_list(self, keys[k].name, keys[k].item);
			seen[k].pin_e = self->ctx->pins->nr;
		} else if (have_key && strcmp(key, "<<") == 0) {
			ok = read_merge(self);
		} else {
			ok = skip_node(self);
		}
		if (!ok)
			return false;
	}
}

static bool bytes_at(const struct source *src, size_t at, const char *text, size_t len)
{
	return at <= src->len && len <= src->len - at && memcmp(src->bytes + at, text, len) == 0;
}

/* The current scalar event as located text. A plain scalar's value is its bytes in
 * the file; a quoted one's is too when it holds no escapes or folded lines, and that
 * is checked byte for byte rather than assumed. */
static struct text_loc scalar_loc(const struct conda_reader *self)
{
	const struct source *src = self->src;
	const yaml_event_t *ev = &self->ev;
	struct text_loc loc;
	memset(&loc, 0, sizeof(loc));
	loc.text = (const char *)ev->data.scalar.value;
	loc.len = ev->data.scalar.length;
	size_t start = mark_offset(src, ev->start_mark);
	size_t end = mark_offset(src, ev->end_mark);
	loc.span = source_span(src, start, end);
	yaml_scalar_style_t style = ev->data.scalar.style;
	size_t quote = 0;
	if (style == YAML_SINGLE_QUOTED_SCALAR_STYLE || style == YAML_DOUBLE_QUOTED_SCALAR_STYLE)
		quote = 1;
	else if (style != YAML_PLAIN_SCALAR_STYLE)
		return loc;
	/* The start mark of a node with an anchor or tag is that of the anchor or tag, so
	 * the text is also looked for where it ends. */
	size_t at = start + quote;
	if (!bytes_at(src, at, loc.text, loc.len) && end >= quote + loc.len)
		at = end - quote - loc.len;
	if (bytes_at(src, at, loc.text, loc.len)) {
		loc.verbatim = true;
		loc.offset = at;
	}
	return loc;
}

static bool channel_item(struct conda_reader *self)
{
	if (self->ev.type != YAML_SCALAR_EVENT)
		return skip_node(self);
	struct text_loc loc = scalar_loc(self);
	conda_record_channel(self->ctx, self->src, &loc, 0, loc.len, "channels", span_none(), self->scope);
	return true;
}

/* A `pip:` item is one line of the requirements file conda writes for pip. An option
 * line ("--extra-index-url URL", "-r file") is split on whitespace; a requirement keeps
 * everything before its first " --option" as one word, because environment markers
 * ("torch>=2 ; python_version<'3.12'") hold spaces. */
static size_t split_pip_item(const struct text_loc *loc, size_t *starts, size_t *ends, size_t max)
{
	const char *t = loc->text;
	size_t n = 0, i = 0, len = loc->len;
	while (i < len && matchspec_is_space(t[i]))
		i++;
	if (i < len && t[i] != '-') {
		size_t b = i;
		while (i < len &&
		       !(matchspec_is_space(t[i]) && i + 2 < len && t[i + 1] == '-' && t[i + 2] == '-'))
			i++;
		size_t e = i;
		matchspec_trim(t, &b, &e);
		starts[n] = b;
		ends[n++] = e;
	}
	while (i < len && n < max) {
		while (i < len && matchspec_is_space(t[i]))
			i++;
		if (i == len)
			break;
		starts[n] = i;
		while (i < len && !matchspec_is_space(t[i]))
			i++;
		ends[n++] = i;
	}
	return n;
}

static bool pip_item(struct conda_reader *self)
{
	if (self->ev.type != YAML_SCALAR_EVENT)
		return skip_node(self);
	struct text_loc loc = scalar_loc(self);
	if (memchr(loc.text, '\0', loc.len))
		return true;
	/* Words are counted first: at most one per two bytes, plus one. */
	size_t max = loc.len / 2 + 1;
	size_t *starts = arena_alloc(self->ctx->arena, st_mult(max, sizeof(size_t)));
	size_t *ends = arena_alloc(self->ctx->arena, st_mult(max, sizeof(size_t)));
	size_t n = split_pip_item(&loc, starts, ends, max);
	if (!n)
		return true;
	struct word *words = arena_alloc(self->ctx->arena, st_mult(n, sizeof(*words)));
	for (size_t k = 0; k < n; k++) {
		struct word *w = &words[k];
		w->text = arena_strndup(self->ctx->arena, loc.text + starts[k], ends[k] - starts[k]);
		w->len = ends[k] - starts[k];
		w->verbatim = loc.verbatim;
		w->offset = loc.verbatim ? loc.offset + starts[k] : loc.span.start_byte;
		w->span = conda_loc_span(self->src, &loc, starts[k], ends[k]);
		w->via = span_none();
	}
	requirements_from_words(self->ctx, self->src, words, n, self->base_dir, self->scope, PIN_ECO_PIP,
				PIN_TEXT_ITEM);
	return true;
}

static const struct conda_key DEP_MAP_KEYS[] = {
	{ "pip", pip_item },
};

static bool dep_item(struct conda_reader *self)
{
	if (self->ev.type == YAML_MAPPING_START_EVENT)
		return read_mapping(self, DEP_MAP_KEYS, sizeof(DEP_MAP_KEYS) / sizeof(DEP_MAP_KEYS[0]));
	if (self->ev.type != YAML_SCALAR_EVENT)
		return skip_node(self);
	struct text_loc loc = scalar_loc(self);
	conda_record_matchspec(self->ctx, self->src, &loc, self->scope);
	return true;
}

static const struct conda_key TOP_KEYS[] = {
	{ "channels", channel_item },
	{ "dependencies", dep_item },
};

/* Whether the file is conda by its name (environment.yml, conda*.yml), not only by a
 * looser hint (any *.yml named on the command line, or its content). */
static bool conda_by_name(const struct conda_reader *self)
{
	return file_kind_from_name(self->src->path) == FILE_KIND_CONDA;
}

/* A document whose top is not a mapping holds no environment. A file the walk patterns
 * call conda (environment.yml, conda*.yml) is meant to be one: EL016, a warning. One
 * that is conda only by a looser hint (any *.yml named on the command line) may well be
 * some other YAML: EL008, as for any file that is none of envlint's kinds. An empty
 * document (null) has nothing to check and stays quiet. */
static void report_not_mapping(struct conda_reader *self)
{
	if (is_null_scalar(&self->ev))
		return;
	char what[CONDA_MSG_TEXT + 32];
	describe_node(self, what, sizeof(what));
	enum rule_id rule = conda_by_name(self) ? RULE_EL016 : RULE_EL008;
	if (!under_cap(self, rule, event_span(self), &self->shapes, SHAPE_SUMMARY))
		return;
	if (rule == RULE_EL016)
		diag_add(self->ctx->diags, rule, self->src->path, event_span(self), NULL,
			 "YAML document is %s, not a mapping; not a conda environment, nothing in it "
			 "is checked",
			 what);
	else
		diag_add(self->ctx->diags, rule, self->src->path, event_span(self), NULL,
			 "'%s' is YAML whose document is %s, not a conda environment; not linted",
			 self->src->path, what);
}

static void report_second_document(struct conda_reader *self)
{
	enum rule_id rule = conda_by_name(self) ? RULE_EL016 : RULE_EL008;
	if (!under_cap(self, rule, event_span(self), &self->shapes, SHAPE_SUMMARY))
		return;
	if (rule == RULE_EL016)
		diag_add(self->ctx->diags, rule, self->src->path, event_span(self), NULL,
			 "second YAML document in the file; conda reads exactly one and rejects this "
			 "file ('expected a single document in the stream')");
	else
		diag_add(self->ctx->diags, rule, self->src->path, event_span(self), NULL,
			 "'%s' holds a second YAML document here; conda reads exactly one, so this is "
			 "not a conda environment",
			 self->src->path);
}

/* Every document of the stream. conda loads the file as one document (PyYAML and
 * ruamel's single-document load), so a second one, even empty, makes it fail: EL016 at
 * the second, once. Its pins are still read: they say what the author meant. */
static void read_stream(struct conda_reader *self)
{
	if (!next(self))
		return;
	unsigned ndocs = 0;
	for (;;) {
		if (!next(self) || self->ev.type == YAML_STREAM_END_EVENT)
			return;
		if (self->ev.type != YAML_DOCUMENT_START_EVENT)
			continue;
		if (++ndocs == 2)
			report_second_document(self);
		if (!next(self))
			return;
		bool ok;
		if (self->ev.type == YAML_MAPPING_START_EVENT) {
			ok = read_mapping(self, TOP_KEYS, sizeof(TOP_KEYS) / sizeof(TOP_KEYS[0]));
		} else {
			report_not_mapping(self);
			ok = skip_node(self);
		}
		if (!ok || !next(self))
			return;
	}
}

/* UTF-16 files decode fine in libyaml, but its marks would then count characters of a
 * different encoding than the bytes the spans index. */
static bool is_utf16(const struct source *src)
{
	const unsigned char *b = (const unsigned char *)src->bytes;
	return src->len >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF));
}

bool read_conda(struct read_ctx *ctx, const struct source *src)
{
	struct conda_reader self;
	memset(&self, 0, sizeof(self));
	self.ctx = ctx;
	self.src = src;
	self.scope = read_ctx_new_scope(ctx);
	self.pins_at_start = ctx->pins->nr;
	self.base_dir = text_dir_of(ctx->arena, src->path);
	if (is_utf16(src)) {
		diag_add(ctx->diags, RULE_EL002, src->path, source_span(src, 0, 0), NULL,
			 "file is UTF-16; envlint reads YAML in UTF-8 only");
		return false;
	}
	yaml_parser_t parser;
	if (!yaml_parser_initialize(&parser)) {
		diag_add(ctx->diags, RULE_EL002, src->path, span_none(), NULL, "libyaml ran out of memory");
		return false;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)src->bytes, src->len);
	self.parser = &parser;
	read_stream(&self);
	if (self.have_ev)
		yaml_event_delete(&self.ev);
	yaml_parser_delete(&parser);
	return !self.stop;
}

/*
 * kb_yaml: a small DOM over libyaml's document loader for the KB files. libyaml's
 * loader already keeps start/end marks on every node and resolves aliases (the data
 * files share `source:` URLs through anchors), so this file adds only what the KB
 * needs on top: spans through source.h, EL009 reporting, and typed getters that
 * name the offending key. Aliases can make a small file expand into a huge walk
 * (billion laughs), so every collection walked is charged to a budget.
 */
#include "kb/kb_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"

/* Far above what the real KB walks (a few thousand items), far below a hang. */
static const size_t KB_MAX_VISITS = 1000000;
/* Longest scalar we format into a message. */
#define KB_MSG_VALUE_MAX 64

bool kb_doc_parse(struct kb_doc *doc)
{
	yaml_parser_t parser;
	if (!yaml_parser_initialize(&parser)) {
		kb_doc_error(doc, NULL, "cannot initialise the YAML parser");
		return false;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)doc->src.bytes, doc->src.len);
	if (!yaml_parser_load(&parser, &doc->doc)) {
		size_t at = source_offset(&doc->src, (uint32_t)parser.problem_mark.line,
					  (uint32_t)parser.problem_mark.column);
		struct span sp = source_span(&doc->src, at, at);
		if (parser.context)
			diag_add(doc->diags, RULE_EL009, doc->file, sp, NULL,
				 "invalid YAML: %s at %zu:%zu: %s", parser.context,
				 parser.context_mark.line + 1, parser.context_mark.column + 1,
				 parser.problem ? parser.problem : "unknown error");
		else
			diag_add(doc->diags, RULE_EL009, doc->file, sp, NULL, "invalid YAML: %s",
				 parser.problem ? parser.problem : "unknown error");
		doc->ok = false;
		yaml_parser_delete(&parser);
		return false;
	}
	doc->have_doc = true;
	yaml_parser_delete(&parser);
	return true;
}

void kb_doc_release(struct kb_doc *doc)
{
	if (doc->have_doc)
		yaml_document_delete(&doc->doc);
	doc->have_doc = false;
}

yaml_node_t *kb_doc_root(struct kb_doc *doc)
{
	return doc->have_doc ? yaml_document_get_root_node(&doc->doc) : NULL;
}

struct span kb_doc_span(const struct kb_doc *doc, const yaml_node_t *node)
{
	if (!node)
		return span_none();
	/* libyaml marks are 0-based and count characters; source_offset maps them to bytes. */
	size_t start =
		source_offset(&doc->src, (uint32_t)node->start_mark.line, (uint32_t)node->start_mark.column);
	size_t end = source_offset(&doc->src, (uint32_t)node->end_mark.line, (uint32_t)node->end_mark.column);
	if (end < start)
		end = start;
	return source_span(&doc->src, start, end);
}

void kb_doc_error(struct kb_doc *doc, const yaml_node_t *node, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_add(doc->diags, RULE_EL009, doc->file, kb_doc_span(doc, node), NULL, "%s", msg);
	doc->ok = false;
}

const char *kb_doc_scalar(yaml_node_t *node, size_t *len)
{
	if (!node || node->type != YAML_SCALAR_NODE) {
		*len = 0;
		return NULL;
	}
	*len = node->data.scalar.length;
	return (const char *)node->data.scalar.value;
}

/* The value as a short printable string for messages. */
static const char *shown(yaml_node_t *node, char *buf, size_t size)
{
	size_t len;
	const char *s = kb_doc_scalar(node, &len);
	if (!s)
		return node && node->type == YAML_MAPPING_NODE ? "{...}" : "[...]";
	size_t n = 0;
	for (size_t i = 0; i < len && n + 1 < size; i++)
		buf[n++] = (s[i] >= 0x20 && s[i] != 0x7f) ? s[i] : '?';
	buf[n] = '\0';
	return buf;
}

static bool charge(struct kb_doc *doc, yaml_node_t *node, size_t n)
{
	doc->visits += n;
	if (doc->visits <= KB_MAX_VISITS)
		return true;
	if (!doc->budget_reported)
		kb_doc_error(doc, node, "file expands to too many entries (aliases?); not read further");
	doc->budget_reported = true;
	return false;
}

size_t kb_doc_seq(struct kb_doc *doc, yaml_node_t *node, const char *what, yaml_node_t ***items)
{
	*items = NULL;
	if (!node || node->type != YAML_SEQUENCE_NODE) {
		kb_doc_error(doc, node, "'%s' must be a list", what);
		return 0;
	}
	size_t n = (size_t)(node->data.sequence.items.top - node->data.sequence.items.start);
	if (!charge(doc, node, n))
		return 0;
	yaml_node_t **out = arena_alloc(doc->arena, st_mult(n ? n : 1, sizeof(*out)));
	for (size_t i = 0; i < n; i++)
		out[i] = yaml_document_get_node(&doc->doc, node->data.sequence.items.start[i]);
	*items = out;
	return n;
}

bool kb_doc_fields(struct kb_doc *doc, yaml_node_t *map, const char *what, const char *const *keys,
		   yaml_node_t **out)
{
	size_t nkeys = 0;
	while (keys[nkeys])
		out[nkeys++] = NULL;
	if (!map || map->type != YAML_MAPPING_NODE) {
		kb_doc_error(doc, map, "%s must be a mapping", what);
		return false;
	}
	size_t n = (size_t)(map->data.mapping.pairs.top - map->data.mapping.pairs.start);
	if (!charge(doc, map, n))
		return false;
	for (size_t i = 0; i < n; i++) {
		yaml_node_pair_t *p = &map->data.mapping.pairs.start[i];
		yaml_node_t *k = yaml_document_get_node(&doc->doc, p->key);
		size_t klen;
		const char *ks = kb_doc_scalar(k, &klen);
		char buf[KB_MSG_VALUE_MAX];
		size_t j = 0;
		for (; ks && j < nkeys; j++)
			if (strlen(keys[j]) == klen && !memcmp(keys[j], ks, klen))
				break;
		if (!ks || j == nkeys) {
			kb_doc_error(doc, k, "unknown key '%s' in %s", shown(k, buf, sizeof(buf)), what);
			continue;
		}
		if (out[j]) {
			kb_doc_error(doc, k, "duplicate key '%s' in %s", keys[j], what);
			continue;
		}
		out[j] = yaml_document_get_node(&doc->doc, p->value);
	}
	return true;
}

bool kb_doc_missing(struct kb_doc *doc, yaml_node_t *entry, const char *what, const char *key)
{
	kb_doc_error(doc, entry, "missing '%s' in %s", key, what);
	return false;
}

static bool digits_and_dots(const char *s, size_t len, size_t *parts)
{
	*parts = 1;
	if (!len || s[0] == '.' || s[len - 1] == '.')
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '.') {
			if (s[i - 1] == '.')
				return false;
			(*parts)++;
		} else if (s[i] < '0' || s[i] > '9') {
			return false;
		}
	}
	return true;
}

bool kb_doc_version(struct kb_doc *doc, yaml_node_t *node, const char *key, enum kb_vkind kind,
		    struct version *out)
{
	static const char *const names[] = {
		[KB_V_CUDA3] = "CUDA version (X.Y.Z)",
		[KB_V_CUDA2] = "CUDA version (X.Y)",
		[KB_V_CUDA] = "CUDA version",
		[KB_V_CC] = "compute capability (X.Y)",
		[KB_V_DRIVER] = "driver version",
		[KB_V_DOTTED] = "version",
		[KB_V_PEP440] = "version",
	};
	char buf[KB_MSG_VALUE_MAX];
	size_t len, parts = 0;
	const char *s = kb_doc_scalar(node, &len);
	bool ok = s != NULL;
	if (ok && kind != KB_V_PEP440)
		ok = digits_and_dots(s, len, &parts);
	if (ok) {
		switch (kind) {
		case KB_V_CUDA3:
			ok = parts == 3 && version_parse_cuda(out, s, len);
			break;
		case KB_V_CUDA2:
			ok = parts == 2 && version_parse_cuda(out, s, len);
			break;
		case KB_V_CUDA:
			ok = (parts == 2 || parts == 3) && version_parse_cuda(out, s, len);
			break;
		case KB_V_CC:
			ok = parts == 2 && version_parse(out, s, len);
			break;
		case KB_V_DRIVER:
			ok = parts <= 3 && version_parse_driver(out, s, len);
			break;
		case KB_V_DOTTED:
		case KB_V_PEP440:
			ok = version_parse(out, s, len);
			break;
		}
	}
	if (!ok) {
		kb_doc_error(doc, node, "invalid %s '%s' for '%s'", names[kind],
			     shown(node, buf, sizeof(buf)), key);
		memset(out, 0, sizeof(*out));
	}
	return ok;
}

bool kb_doc_versions(struct kb_doc *doc, yaml_node_t *node, const char *key, enum kb_vkind kind,
		     const struct version **out, size_t *n)
{
	yaml_node_t **items;
	*out = NULL;
	*n = kb_doc_seq(doc, node, key, &items);
	if (!*n)
		return node && node->type == YAML_SEQUENCE_NODE;
	struct version *v = arena_alloc(doc->arena, st_mult(*n, sizeof(*v)));
	bool ok = true;
	for (size_t i = 0; i < *n; i++)
		ok &= kb_doc_version(doc, items[i], key, kind, &v[i]);
	*out = v;
	return ok;
}

bool kb_doc_str(struct kb_doc *doc, yaml_node_t *node, const char *key, const char **out)
{
	size_t len;
	const char *s = kb_doc_scalar(node, &len);
	if (!s || !len || memchr(s, '\0', len)) {
		kb_doc_error(doc, node, "'%s' must be a non-empty string", key);
		*out = NULL;
		return false;
	}
	*out = arena_strndup(doc->arena, s, len);
	return true;
}

bool kb_doc_strs(struct kb_doc *doc, yaml_node_t *node, const char *key, const char *const **out, size_t *n)
{
	yaml_node_t **items = &node;
	size_t count = 1;
	if (node && node->type == YAML_SEQUENCE_NODE)
		count = kb_doc_seq(doc, node, key, &items);
	const char **v = arena_alloc(doc->arena, st_mult(st_add(count, 1), sizeof(*v)));
	bool ok = true;
	for (size_t i = 0; i < count; i++)
		ok &= kb_doc_str(doc, items[i], key, &v[i]);
	*out = v;
	if (n)
		*n = count;
	return ok;
}

bool kb_doc_uint(struct kb_doc *doc, yaml_node_t *node, const char *key, uint32_t *out)
{
	char buf[KB_MSG_VALUE_MAX];
	size_t len;
	const char *s = kb_doc_scalar(node, &len);
	uint64_t v = 0;
	bool ok = s && len > 0 && len <= 9;
	for (size_t i = 0; ok && i < len; i++) {
		ok = s[i] >= '0' && s[i] <= '9';
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (!ok) {
		kb_doc_error(doc, node, "invalid number '%s' for '%s'", shown(node, buf, sizeof(buf)), key);
		v = 0;
	}
	*out = (uint32_t)v;
	return ok;
}

bool kb_doc_bool(struct kb_doc *doc, yaml_node_t *node, const char *key, bool *out)
{
	char buf[KB_MSG_VALUE_MAX];
	size_t len;
	const char *s = kb_doc_scalar(node, &len);
	*out = false;
	if (s && len == 4 && !memcmp(s, "true", 4))
		return *out = true;
	if (s && len == 5 && !memcmp(s, "false", 5))
		return true;
	kb_doc_error(doc, node, "invalid boolean '%s' for '%s' (true or false)",
		     shown(node, buf, sizeof(buf)), key);
	return false;
}

bool kb_doc_date(struct kb_doc *doc, yaml_node_t *node, const char *key, const char **out)
{
	char buf[KB_MSG_VALUE_MAX];
	size_t len;
	const char *s = kb_doc_scalar(node, &len);
	/* YYYY-MM or YYYY-MM-DD */
	static const char shape[] = "dddd-dd-dd";
	bool ok = s && (len == 7 || len == 10);
	for (size_t i = 0; ok && i < len; i++)
		ok = shape[i] == 'd' ? (s[i] >= '0' && s[i] <= '9') : s[i] == shape[i];
	if (ok) {
		int month = (s[5] - '0') * 10 + (s[6] - '0');
		int day = len == 10 ? (s[8] - '0') * 10 + (s[9] - '0') : 1;
		ok = month >= 1 && month <= 12 && day >= 1 && day <= 31;
	}
	if (!ok) {
		kb_doc_error(doc, node, "invalid date '%s' for '%s' (YYYY-MM-DD or YYYY-MM)",
			     shown(node, buf, sizeof(buf)), key);
		*out = NULL;
		return false;
	}
	*out = arena_strndup(doc->arena, s, len);
	return true;
}

bool kb_doc_origin(struct kb_doc *doc, yaml_node_t *entry, const char *what, yaml_node_t *source,
		   yaml_node_t *status, const struct kb_origin *inherit, struct kb_origin *out)
{
	memset(out, 0, sizeof(*out));
	out->file = doc->file;
	out->line = entry ? (uint32_t)entry->start_mark.line + 1 : 0;
	bool ok = true;
	if (source) {
		const char *const *list;
		size_t n;
		ok = kb_doc_strs(doc, source, "source", &list, &n);
		if (ok && n == 0) {
			kb_doc_error(doc, source, "'source' must not be empty");
			ok = false;
		}
		out->source = n ? list[0] : NULL;
	} else if (inherit) {
		out->source = inherit->source;
		out->secondary = inherit->secondary;
	} else {
		ok = kb_doc_missing(doc, entry, what, "source");
	}
	if (status) {
		size_t len;
		const char *s = kb_doc_scalar(status, &len);
		char buf[KB_MSG_VALUE_MAX];
		if (s && len == 2 && !memcmp(s, "ok", 2)) {
			out->secondary = false;
		} else if (s && len == 3 && !memcmp(s, "2nd", 3)) {
			out->secondary = true;
		} else {
			kb_doc_error(doc, status, "invalid status '%s' (ok or 2nd)",
				     shown(status, buf, sizeof(buf)));
			ok = false;
		}
	}
	return ok;
}

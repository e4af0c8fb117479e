/*
 * config: the grammar of .envlint.yml, one mapping:
 *   profiles: [NAME|FILE, ...]        disable: [RULE|FAMILY, ...]   enable: [...]
 *   severity: {RULE: error|warning|info|off}   fail-on: error|warning|info|never
 *   exclude: [GLOB, ...]              include: [GLOB, ...]
 * Unknown keys are errors (a typo must not silently drop a setting, as ruff and
 * actionlint also refuse them).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <yaml.h>

#include "diag.h"
#include "source.h"
#include "util/text.h"
#include "util/vec.h"
#include "util/xalloc.h"

struct reader {
	struct config *config;
	const struct source *src;
	yaml_document_t *doc;
	struct diag_list *diags;
	bool ok;
};

static struct span node_span(const struct reader *r, const yaml_node_t *node)
{
	return source_span(r->src, node->start_mark.index <= r->src->len ? node->start_mark.index : 0,
			   node->end_mark.index <= r->src->len ? node->end_mark.index : r->src->len);
}

static void problem(struct reader *r, const yaml_node_t *node, const char *help, const char *fmt,
		    const char *a, const char *b)
{
	struct diag *d = diag_add(r->diags, RULE_EL014, r->src->path, node ? node_span(r, node) : span_none(),
				  help, fmt, a, b);
	(void)d;
	r->ok = false;
}

static const char *scalar(const yaml_node_t *node)
{
	return node && node->type == YAML_SCALAR_NODE ? (const char *)node->data.scalar.value : NULL;
}

/* A list of strings (a lone string counts as a list of one). */
static size_t strings(struct reader *r, const yaml_node_t *node, const char *key, const char ***out)
{
	*out = NULL;
	if (scalar(node)) {
		*out = arena_alloc(&r->config->arena, sizeof(**out));
		(*out)[0] = arena_strdup(&r->config->arena, scalar(node));
		return 1;
	}
	if (node->type != YAML_SEQUENCE_NODE) {
		problem(r, node, NULL, "'%s' must be a list of strings%s", key, "");
		return 0;
	}
	size_t n = (size_t)(node->data.sequence.items.top - node->data.sequence.items.start);
	if (n > CONFIG_MAX_ENTRIES) {
		problem(r, node, NULL, "'%s' has more entries than envlint reads%s", key, "");
		return 0;
	}
	*out = arena_alloc(&r->config->arena, (n ? n : 1) * sizeof(**out));
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *item = yaml_document_get_node(r->doc, node->data.sequence.items.start[i]);
		const char *s = scalar(item);
		if (!s) {
			problem(r, item, NULL, "an entry of '%s' is not a string%s", key, "");
			continue;
		}
		(*out)[k++] = arena_strdup(&r->config->arena, s);
	}
	return k;
}

static void rules(struct reader *r, const yaml_node_t *node, const char *key, signed char severity)
{
	const char **names;
	size_t n = strings(r, node, key, &names);
	for (size_t i = 0; i < n; i++) {
		char err[256];
		if (!policy_set_rules(&r->config->layer, names[i], severity, err, sizeof(err)))
			problem(r, node, NULL, "'%s': %s", key, err);
	}
}

static void severities(struct reader *r, const yaml_node_t *node)
{
	if (node->type != YAML_MAPPING_NODE) {
		problem(r, node, "e.g. severity: {DRV102: error, PIN402: \"off\"}",
			"'severity' must map rules to error, warning, info or off%s%s", "", "");
		return;
	}
	for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(r->doc, p->key);
		yaml_node_t *v = yaml_document_get_node(r->doc, p->value);
		const char *rule = scalar(k), *sev = scalar(v);
		enum severity level;
		enum rule_id id = rule ? rule_lookup(rule) : RULE__COUNT;
		if (id == RULE__COUNT) {
			const char *near = rule ? rule_suggest(rule) : NULL;
			char help[96] = "";
			if (near)
				snprintf(help, sizeof(help), "did you mean '%s'?", near);
			problem(r, k, near ? help : "see envlint --list-rules",
				"unknown rule '%s' in 'severity'%s", rule ? rule : "?", "");
		} else if (!sev || !severity_parse(sev, &level) || !strcasecmp(sev, "never") ||
			   !strcasecmp(sev, "none")) {
			/* YAML 1.1 reads a bare off as false: envlint reads the text, so both work. */
			if (sev && (!strcasecmp(sev, "false") || !strcasecmp(sev, "no")))
				r->config->layer.severity[id] = SEV_OFF;
			else
				problem(r, v, NULL, "severity '%s' of %s is not error, warning, info or off",
					sev ? sev : "?", rule);
		} else {
			r->config->layer.severity[id] = (signed char)level;
		}
	}
}

static void fail_on(struct reader *r, const yaml_node_t *node)
{
	const char *s = scalar(node);
	if (!s || !severity_parse(s, &r->config->layer.fail_on) || !strcasecmp(s, "off"))
		problem(r, node, NULL, "'fail-on' is '%s', not error, warning, info or never%s", s ? s : "?",
			"");
	else
		r->config->layer.has_fail_on = true;
}

static bool glob_ok(const char *glob)
{
	/* fnmatch accepts nearly anything; refuse what is surely a mistake. */
	int depth = 0;
	for (const char *p = glob; *p; p++) {
		if (*p == '[')
			depth++;
		else if (*p == ']' && depth)
			depth--;
	}
	return *glob && !depth && glob[0] != '/';
}

static size_t globs(struct reader *r, const yaml_node_t *node, const char *key, const char ***out)
{
	size_t n = strings(r, node, key, out);
	for (size_t i = 0; i < n; i++)
		if (!glob_ok((*out)[i]))
			problem(r, node, "patterns are relative to the checked tree, e.g. \"third_party/**\"",
				"'%s' in '%s' is not a usable pattern", (*out)[i], key);
	return n;
}

static void read_root(struct reader *r, yaml_node_t *root)
{
	static const char *const KEYS[] = { "disable", "enable",   "exclude", "fail-on",
					    "include", "profiles", "severity" };
	if (!root || root->type != YAML_MAPPING_NODE) {
		if (root && !(root->type == YAML_SCALAR_NODE && !root->data.scalar.length))
			problem(r, root, "see docs/contract.md for the keys",
				"the config is not a mapping of settings%s%s", "", "");
		return;
	}
	for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(r->doc, p->key);
		yaml_node_t *v = yaml_document_get_node(r->doc, p->value);
		const char *key = scalar(k);
		if (!key || !v)
			continue;
		if (!strcmp(key, "disable"))
			rules(r, v, key, SEV_OFF);
		else if (!strcmp(key, "enable"))
			rules(r, v, key, POLICY_AS_REPORTED);
		else if (!strcmp(key, "severity"))
			severities(r, v);
		else if (!strcmp(key, "fail-on"))
			fail_on(r, v);
		else if (!strcmp(key, "exclude"))
			r->config->layer.nexcludes = globs(r, v, key, &r->config->layer.excludes);
		else if (!strcmp(key, "include"))
			r->config->nincludes = globs(r, v, key, &r->config->includes);
		else if (!strcmp(key, "profiles")) {
			r->config->nprofiles = strings(r, v, key, &r->config->profiles);
			r->config->profiles_at = node_span(r, v);
		} else {
			const char *near = text_nearest(key, KEYS, sizeof(KEYS) / sizeof(KEYS[0]));
			char help[160];
			snprintf(
				help, sizeof(help),
				"%s%s%sthe keys are profiles, disable, enable, severity, fail-on, exclude, include",
				near ? "did you mean '" : "", near ? near : "", near ? "'? " : "");
			problem(r, k, help, "unknown key '%s' in %s", key, CONFIG_NAME);
		}
	}
}

void config_init(struct config *self)
{
	memset(self, 0, sizeof(*self));
	arena_init(&self->arena);
	policy_init_layer(&self->layer);
}

static bool load_source(struct config *self, const struct source *srcp, struct diag_list *diags);

bool config_load(struct config *self, const char *path, struct diag_list *diags)
{
	struct source src;
	size_t before = diags->nr;
	self->path = arena_strdup(&self->arena, path);
	if (source_load(&src, path, &self->arena, diags) != SOURCE_OK) {
		/* source_load said why; a config that cannot be read stops the run. */
		for (size_t i = before; i < diags->nr; i++)
			diags->items[i].severity = SEV_ERROR;
		return false;
	}
	return load_source(self, &src, diags);
}

bool config_load_memory(struct config *self, const char *name, const char *bytes, size_t len,
			struct diag_list *diags)
{
	struct source src;
	self->path = arena_strdup(&self->arena, name);
	source_from_memory(&src, name, bytes, len, &self->arena);
	return load_source(self, &src, diags);
}

static bool load_source(struct config *self, const struct source *srcp, struct diag_list *diags)
{
	const struct source src = *srcp;
	const char *path = src.path;
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)src.bytes, src.len);
	struct reader r = { self, &src, &doc, diags, true };
	if (!yaml_parser_load(&parser, &doc)) {
		struct span at = source_span(
			&src, parser.problem_mark.index <= src.len ? parser.problem_mark.index : 0,
			parser.problem_mark.index <= src.len ? parser.problem_mark.index : 0);
		diag_add(diags, RULE_EL014, path, at, NULL, "%s does not parse: %s", CONFIG_NAME,
			 parser.problem ? parser.problem : "invalid YAML");
		yaml_parser_delete(&parser);
		return false;
	}
	read_root(&r, yaml_document_get_root_node(&doc));
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	return r.ok;
}

/* "dir/name", or "name" for ".": display paths stay as the user would write them. */
static char *join_name(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = xmalloc(n);
	if (!strcmp(dir, "."))
		snprintf(p, n, "%s", name);
	else
		snprintf(p, n, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", name);
	return p;
}

void config_finder_release(struct config_finder *self)
{
	free(self->heads);
	self->heads = NULL;
	vec_release(self);
}

static size_t finder_bucket(const struct stat *st)
{
	return (size_t)(((uint64_t)st->st_ino * 2654435761u) ^ (uint64_t)st->st_dev) % CONFIG_FINDER_BUCKETS;
}

static const struct config_dir *finder_get(const struct config_finder *self, const struct stat *st)
{
	if (!self || !self->heads)
		return NULL;
	for (int32_t i = self->heads[finder_bucket(st)]; i >= 0; i = self->items[i].next)
		if (self->items[i].dev == st->st_dev && self->items[i].ino == st->st_ino)
			return &self->items[i];
	return NULL;
}

/* Records the directories of one look-up, nearest first: seen[i] is i levels above the
 * start; the config is `found` levels up (-1: none). */
static void finder_learn(struct config_finder *self, const struct stat *seen, unsigned n, int found)
{
	if (!self)
		return;
	if (!self->heads) {
		self->heads = xmalloc(sizeof(*self->heads) * CONFIG_FINDER_BUCKETS);
		for (size_t b = 0; b < CONFIG_FINDER_BUCKETS; b++)
			self->heads[b] = -1;
	}
	for (unsigned i = 0; i < n && self->nr < INT32_MAX; i++) {
		size_t b = finder_bucket(&seen[i]);
		struct config_dir d = { seen[i].st_dev, seen[i].st_ino, found < 0 ? -1 : found - (int)i,
					self->heads[b] };
		vec_push(self, d);
		self->heads[b] = (int32_t)(self->nr - 1);
	}
}

/* "dir", then "dir/..", "dir/../..": relative text, as the findings show it. */
static char *up_text(const char *dir, int levels)
{
	char *p = xstrdup(dir);
	for (int i = 0; i < levels; i++) {
		char *up = join_name(p, "..");
		free(p);
		p = up;
	}
	return p;
}

char *config_find(const char *path, struct config_finder *finder)
{
	struct stat st;
	char *dir = xstrdup(path && *path ? path : ".");
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		char *slash = strrchr(dir, '/');
		if (slash && slash != dir)
			*slash = '\0';
		else if (slash)
			dir[1] = '\0';
		else {
			free(dir);
			dir = xstrdup(".");
		}
	}
	/* Up through "dir", "dir/..", ... until a directory is its own parent (the root),
	 * one stat a level, or one already learned. */
	enum { MAX_LEVELS = 256 };
	struct stat seen[MAX_LEVELS];
	unsigned n = 0;
	int found = -1;
	char *at = xstrdup(dir);
	while (n < MAX_LEVELS && stat(at, &seen[n]) == 0 && S_ISDIR(seen[n].st_mode)) {
		const struct config_dir *known = finder_get(finder, &seen[n]);
		if (known) {
			found = known->up < 0 ? -1 : (int)n + known->up;
			break;
		}
		char *candidate = join_name(at, CONFIG_NAME);
		bool here = stat(candidate, &st) == 0 && S_ISREG(st.st_mode);
		free(candidate);
		n++;
		if (here) {
			found = (int)n - 1;
			break;
		}
		if (n >= 2 && seen[n - 1].st_dev == seen[n - 2].st_dev &&
		    seen[n - 1].st_ino == seen[n - 2].st_ino)
			break; /* the root's ".." is the root */
		char *up = join_name(at, "..");
		free(at);
		at = up;
	}
	free(at);
	finder_learn(finder, seen, n, found);
	char *result = NULL;
	if (found >= 0) {
		char *base = up_text(dir, found);
		result = join_name(base, CONFIG_NAME);
		free(base);
	}
	free(dir);
	return result;
}

void config_release(struct config *self)
{
	arena_release(&self->arena);
	memset(self, 0, sizeof(*self));
}

/*
 * profile_yaml: profile files through libyaml's document loader. A profile is a dozen
 * lines, so the whole document is loaded at once (unlike the manifest readers, which
 * stream events); no reading here recurses, and an alias only repeats a node, so a
 * hostile file costs at most libyaml's own memory for its size (source.h caps that).
 *
 * Positions: node marks are 0-based lines and code-point columns; they become spans
 * through source_offset()/source_span() like every reader's.
 */
#include "profile_yaml.h"
#include "input_limits.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

#include "diag.h"
#include "source.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* Bytes of untrusted text quoted in a message. */
#define PROFILE_MSG_TEXT 80

struct reader {
	const struct kb *kb;
	const struct source *src;
	struct diag_list *diags;
	yaml_document_t doc;
	bool ok;
};

static struct span node_span(const struct reader *r, const yaml_node_t *node)
{
	size_t b = source_offset(r->src, (uint32_t)node->start_mark.line, (uint32_t)node->start_mark.column);
	size_t e = source_offset(r->src, (uint32_t)node->end_mark.line, (uint32_t)node->end_mark.column);
	return source_span(r->src, b, e < b ? b : e);
}

static void problem(struct reader *r, const yaml_node_t *node, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void problem(struct reader *r, const yaml_node_t *node, const char *fmt, ...)
{
	char msg[1200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* Messages quote the file's text (GPU names, versions): no control characters, so
	 * a message cannot drive the terminal it is printed on. */
	for (char *c = msg; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7F)
			*c = '?';
	diag_add(r->diags, RULE_EL017, r->src->path, node ? node_span(r, node) : span_none(), NULL, "%s",
		 msg);
	r->ok = false;
}

/* Untrusted text for a message: at most PROFILE_MSG_TEXT bytes, control characters as
 * '?', so a message cannot drive the terminal it is printed on. */
static const char *quoted(const yaml_node_t *node, char *out, size_t size)
{
	const char *t = (const char *)node->data.scalar.value;
	size_t n = node->data.scalar.length, o = 0;
	for (size_t i = 0; i < n && i < PROFILE_MSG_TEXT && o + 4 < size; i++) {
		unsigned char c = (unsigned char)t[i];
		out[o++] = c < 0x20 || c == 0x7F ? '?' : (char)c;
	}
	if (n > PROFILE_MSG_TEXT && o + 4 <= size) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
	return out;
}

static const char *kind_name(const yaml_node_t *node)
{
	switch (node->type) {
	case YAML_SCALAR_NODE:
		return "a scalar";
	case YAML_SEQUENCE_NODE:
		return "a list";
	case YAML_MAPPING_NODE:
		return "a mapping";
	default:
		return "nothing";
	}
}

/* The scalar text of `node` (NUL-terminated by libyaml), or NULL with a problem. */
static const char *scalar(struct reader *r, const yaml_node_t *node, const char *key)
{
	if (node->type == YAML_SCALAR_NODE && node->data.scalar.length &&
	    strlen((const char *)node->data.scalar.value) == node->data.scalar.length)
		return (const char *)node->data.scalar.value;
	if (node->type == YAML_SCALAR_NODE)
		problem(r, node, "profile key '%s' %s", key,
			node->data.scalar.length ? "holds a NUL byte" : "is empty");
	else
		problem(r, node, "profile key '%s' must be a string, not %s", key, kind_name(node));
	return NULL;
}

/* The profile's fields as found, before they are resolved. */
struct fields {
	const yaml_node_t *name, *gpus, *driver, *cuda, *os, *platform;
};

static const yaml_node_t **field_slot(struct fields *f, const char *key)
{
	static const struct {
		const char *key;
		size_t offset;
	} KEYS[] = {
		{ "name", offsetof(struct fields, name) },
		{ "gpus", offsetof(struct fields, gpus) },
		{ "driver", offsetof(struct fields, driver) },
		{ "cuda", offsetof(struct fields, cuda) },
		{ "os", offsetof(struct fields, os) },
		{ "platform", offsetof(struct fields, platform) },
	};
	for (size_t i = 0; i < sizeof(KEYS) / sizeof(KEYS[0]); i++)
		if (!strcmp(key, KEYS[i].key))
			return (const yaml_node_t **)((char *)f + KEYS[i].offset);
	return NULL;
}

static bool collect_fields(struct reader *r, yaml_node_t *map, struct fields *f)
{
	memset(f, 0, sizeof(*f));
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(&r->doc, p->key);
		yaml_node_t *v = yaml_document_get_node(&r->doc, p->value);
		if (!k || !v)
			continue;
		char q[PROFILE_MSG_TEXT + 8];
		if (k->type != YAML_SCALAR_NODE) {
			problem(r, k, "a profile's keys are names, not %s", kind_name(k));
			continue;
		}
		const yaml_node_t **slot = field_slot(f, (const char *)k->data.scalar.value);
		if (!slot)
			problem(r, k, "unknown profile key '%s' (name, gpus, driver, cuda, os or platform)",
				quoted(k, q, sizeof(q)));
		else if (*slot)
			problem(r, k, "profile key '%s' is given twice", quoted(k, q, sizeof(q)));
		else
			*slot = v;
	}
	return r->ok;
}

static void read_gpus(struct reader *r, const yaml_node_t *node, struct profile *p)
{
	if (node->type != YAML_SEQUENCE_NODE) {
		char q[PROFILE_MSG_TEXT + 8];
		problem(r, node, "profile key 'gpus' must be a list (gpus: [\"%s\"]), not %s",
			node->type == YAML_SCALAR_NODE ? quoted(node, q, sizeof(q)) : "...", kind_name(node));
		return;
	}
	size_t n = (size_t)(node->data.sequence.items.top - node->data.sequence.items.start);
	if (n > PROFILE_YAML_MAX_GPUS) {
		problem(r, node, "more than %d GPUs in one profile", PROFILE_YAML_MAX_GPUS);
		return;
	}
	p->gpus = n ? xcalloc(n, sizeof(*p->gpus)) : NULL;
	for (yaml_node_item_t *it = node->data.sequence.items.start; it < node->data.sequence.items.top;
	     it++) {
		yaml_node_t *g = yaml_document_get_node(&r->doc, *it);
		const char *text = g ? scalar(r, g, "gpus") : NULL;
		if (!text)
			continue;
		struct target t;
		char err[1024] = "";
		if (!target_from_options(&t, r->kb, text, NULL, NULL, NULL, err, sizeof(err))) {
			problem(r, g, "%s", err);
			continue;
		}
		p->gpus[p->ngpus].gpu = t.gpu;
		p->gpus[p->ngpus].cc = t.cc;
		p->ngpus++;
	}
}

/* os and platform agree: a Windows platform is the Windows OS, and the other way round. */
static void read_os_platform(struct reader *r, const struct fields *f, const char **os, struct profile *p)
{
	const char *os_text = f->os ? scalar(r, f->os, "os") : NULL;
	if (os_text && strcasecmp(os_text, "linux") && strcasecmp(os_text, "windows")) {
		char q[PROFILE_MSG_TEXT + 8];
		problem(r, f->os, "unknown os '%s' (linux or windows)", quoted(f->os, q, sizeof(q)));
		return;
	}
	const char *pl = f->platform ? scalar(r, f->platform, "platform") : NULL;
	bool windows = os_text && !strcasecmp(os_text, "windows");
	p->platform = windows ? PROFILE_PLATFORM_WINDOWS_X86_64 : PROFILE_PLATFORM_LINUX_X86_64;
	if (pl) {
		char q[PROFILE_MSG_TEXT + 8];
		if (!profile_platform_parse(pl, &p->platform)) {
			problem(r, f->platform,
				"unknown platform '%s' (linux-x86_64, linux-aarch64 or "
				"windows-x86_64)",
				quoted(f->platform, q, sizeof(q)));
			return;
		}
		bool pl_windows = p->platform == PROFILE_PLATFORM_WINDOWS_X86_64;
		if (os_text && pl_windows != windows) {
			problem(r, f->platform, "platform '%s' does not run os '%s'", pl, os_text);
			return;
		}
		windows = pl_windows;
	}
	*os = windows ? "windows" : "linux";
}

/* The file's base name without its extension: the name of an unnamed profile. */
static char *name_from_path(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *dot = strrchr(base, '.');
	size_t n = dot && dot > base ? (size_t)(dot - base) : strlen(base);
	return xstrndup(base, n);
}

/* The fields of one mapping into *p; problems recorded in r. */
static void resolve_profile(struct reader *r, const yaml_node_t *map, const struct fields *f,
			    bool named_by_file, struct profile *p)
{
	const char *name = f->name ? scalar(r, f->name, "name") : NULL;
	if (!f->name && !named_by_file)
		problem(r, map, "a profile in a list needs a 'name'");
	p->own_name = name ? xstrdup(name) : named_by_file ? name_from_path(r->src->path) : NULL;
	const char *os = "linux";
	read_os_platform(r, f, &os, p);
	if (f->gpus)
		read_gpus(r, f->gpus, p);
	const char *driver = f->driver ? scalar(r, f->driver, "driver") : NULL;
	const char *cuda = f->cuda ? scalar(r, f->cuda, "cuda") : NULL;
	if (!r->ok)
		return;
	char err[1024] = "";
	struct target t;
	p->own_driver = driver ? xstrdup(driver) : NULL;
	/* One field at a time, so each error lands on its own line. */
	if (driver && !target_from_options(&t, r->kb, NULL, p->own_driver, NULL, os, err, sizeof(err)))
		problem(r, f->driver, "%s", err);
	else if (cuda && !target_from_options(&t, r->kb, NULL, NULL, cuda, os, err, sizeof(err)))
		problem(r, f->cuda, "%s", err);
	else if (target_from_options(&p->base, r->kb, NULL, p->own_driver, cuda, os, err, sizeof(err)))
		p->base.name = p->own_name;
	else
		problem(r, map, "%s", err);
}

static void read_profile(struct reader *r, yaml_node_t *map, bool named_by_file, struct profile_list *out)
{
	if (!map || map->type != YAML_MAPPING_NODE) {
		problem(r, map, "a profile is a mapping (name, gpus, driver, cuda, os, platform), not %s",
			map ? kind_name(map) : "nothing");
		return;
	}
	bool was_ok = r->ok;
	r->ok = true;
	struct fields f;
	struct profile p;
	memset(&p, 0, sizeof(p));
	if (collect_fields(r, map, &f))
		resolve_profile(r, map, &f, named_by_file, &p);
	if (r->ok)
		profile_list_push(out, &p);
	else
		profile_release(&p);
	r->ok = r->ok && was_ok;
}

/* A first pass over the events that stops at the first node deeper than
 * PROFILE_MAX_DEPTH. false with an EL017 there; a YAML error is left to the loader. */
static bool depth_ok(const struct source *src, struct diag_list *diags)
{
	yaml_parser_t parser;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)src->bytes, src->len);
	int depth = 0;
	bool ok = true, done = false;
	while (!done) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&parser, &ev))
			break;
		if (ev.type == YAML_SEQUENCE_START_EVENT || ev.type == YAML_MAPPING_START_EVENT) {
			if (++depth > PROFILE_MAX_DEPTH) {
				size_t off = source_offset(src, (uint32_t)ev.start_mark.line,
							   (uint32_t)ev.start_mark.column);
				diag_add(diags, RULE_EL017, src->path, source_span(src, off, off), NULL,
					 "profile file nests deeper than %d levels", PROFILE_MAX_DEPTH);
				ok = false;
				done = true;
			}
		} else if (ev.type == YAML_SEQUENCE_END_EVENT || ev.type == YAML_MAPPING_END_EVENT) {
			depth--;
		}
		done = done || ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	return ok;
}

bool profile_yaml_read(struct profile_list *out, const struct kb *kb, const struct source *src,
		       struct diag_list *diags)
{
	if (!depth_ok(src, diags))
		return false;
	struct reader r;
	memset(&r, 0, sizeof(r));
	r.kb = kb;
	r.src = src;
	r.diags = diags;
	r.ok = true;
	yaml_parser_t parser;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)src->bytes, src->len);
	if (!yaml_parser_load(&parser, &r.doc)) {
		size_t off = source_offset(src, (uint32_t)parser.problem_mark.line,
					   (uint32_t)parser.problem_mark.column);
		diag_add(diags, RULE_EL002, src->path, source_span(src, off, off), NULL,
			 "profile file does not parse as YAML: %s",
			 parser.problem ? parser.problem : "unknown error");
		yaml_parser_delete(&parser);
		return false;
	}
	yaml_parser_delete(&parser);
	struct profile_list got = PROFILE_LIST_INIT;
	yaml_node_t *root = yaml_document_get_root_node(&r.doc);
	if (!root) {
		problem(&r, NULL, "profile file '%s' is empty", src->path);
	} else if (root->type == YAML_SEQUENCE_NODE) {
		size_t n = (size_t)(root->data.sequence.items.top - root->data.sequence.items.start);
		if (n > PROFILE_YAML_MAX_PROFILES)
			problem(&r, root, "more than %d profiles in one file", PROFILE_YAML_MAX_PROFILES);
		/* Every profile is read, so all problems show at once. */
		for (size_t i = 0; n <= PROFILE_YAML_MAX_PROFILES && i < n; i++)
			read_profile(&r, yaml_document_get_node(&r.doc, root->data.sequence.items.start[i]),
				     false, &got);
	} else {
		read_profile(&r, root, true, &got);
	}
	yaml_document_delete(&r.doc);
	if (!r.ok) {
		profile_list_release(&got);
		return false;
	}
	for (size_t i = 0; i < got.nr; i++)
		profile_list_push(out, &got.items[i]);
	profile_list_release(&got);
	return true;
}

/* ------------------------------------------------------------------------- */
/* Writing */

static void yaml_string(struct buf *out, const char *s)
{
	buf_addch(out, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_addch(out, '\\');
		buf_addch(out, *s);
	}
	buf_addch(out, '"');
}

static void cc_text(char *buf, size_t size, const struct version *cc)
{
	snprintf(buf, size, "%u.%u", cc->release[0], cc->nrelease > 1 ? cc->release[1] : 0);
}

void profile_yaml_write(const struct profile *self, const char *const *gpu_notes, struct buf *out)
{
	if (self->base.name) {
		buf_adds(out, "name: ");
		yaml_string(out, self->base.name);
		buf_addch(out, '\n');
	}
	buf_adds(out, self->ngpus ? "gpus:\n" : "gpus: []\n");
	for (size_t i = 0; i < self->ngpus; i++) {
		const struct profile_gpu *g = &self->gpus[i];
		char cc[32];
		cc_text(cc, sizeof(cc), &g->cc);
		buf_adds(out, "  - ");
		yaml_string(out, g->gpu ? g->gpu->name : cc);
		if (g->gpu)
			buf_addf(out, "   # compute capability %s", cc);
		if (gpu_notes && gpu_notes[i])
			buf_addf(out, "%s%s", g->gpu ? "; " : "   # ", gpu_notes[i]);
		buf_addch(out, '\n');
	}
	if (self->base.has_driver) {
		char d[64];
		version_format_driver(&self->base.driver, d, sizeof(d));
		buf_adds(out, "driver: ");
		yaml_string(out, d);
		if (self->base.driver.nrelease == 1)
			buf_adds(out, "   # a bare branch: its oldest release");
		buf_addch(out, '\n');
	}
	if (self->base.has_cuda) {
		char c[64];
		version_format(&self->base.cuda, c, sizeof(c));
		buf_adds(out, "cuda: ");
		yaml_string(out, c);
		buf_addch(out, '\n');
	}
	buf_addf(out, "os: %s\n", self->base.os == KB_OS_WINDOWS ? "windows" : "linux");
	buf_addf(out, "platform: %s\n", profile_platform_name(self->platform));
}

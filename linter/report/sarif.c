/*
 * sarif: SARIF 2.1.0 (OASIS), as GitHub code scanning reads it. One run: tool.driver
 * with every rule of the rule table (so ruleIndex is the rule's enum value), results
 * with level, message, a physical location whose uri is relative to the checked root
 * (uriBaseId SRCROOT, given in originalUriBaseIds), a region in code points (stated in
 * run.columnKind), and a partialFingerprint that survives line moves: it hashes the
 * rule, the file, the trimmed text of the line and the message, not the line number,
 * and counts identical findings on identical lines in file order.
 * The targets checked are the run's properties; files that could not be read are
 * toolExecutionNotifications. A finding whose fix is an edit of the manifest carries it as
 * `fixes` (replacements of regions). tests/run-sarif.sh validates it against the schema.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "profile.h"
#include "report.h"
#include "rule.h"
#include "util/buf.h"
#include "util/jsonw.h"
#include "util/xalloc.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"

/* SARIF's levels: error and warning as envlint names them, info as note. */
static const char *level_of(enum severity sev)
{
	return sev == SEV_INFO || sev == SEV_OFF ? "note" : severity_name(sev);
}

/* RFC 3986: keep unreserved characters and '/', percent-encode every other byte. */
static void uri_path(struct buf *out, const char *path)
{
	static const char HEX[] = "0123456789ABCDEF";
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~/", *p))
			buf_addch(out, (char)*p);
		else
			buf_addf(out, "%%%c%c", HEX[*p >> 4], HEX[*p & 15]);
	}
}

/* An artifactLocation: relative to SRCROOT when the path is relative or under the root,
 * else an absolute file:// URI. */
static void artifact_location(struct buf *out, const char *path, const char *root)
{
	size_t n = root ? strlen(root) : 0;
	struct buf u = BUF_INIT;
	if (path[0] == '/' && n && !strncmp(path, root, n) && path[n] == '/')
		path += n + 1;
	if (path[0] == '/')
		buf_adds(&u, "file://");
	uri_path(&u, path);
	buf_adds(out, "{\"uri\": ");
	jsonw_string(out, u.buf);
	buf_adds(out, path[0] == '/' ? "}" : ", \"uriBaseId\": \"SRCROOT\"}");
	buf_release(&u);
}

struct fingerprint {
	uint64_t hash;
	size_t index; /* the diag's position in the report */
	unsigned nth; /* how many earlier findings had the same hash */
};

static int fingerprint_cmp(const void *pa, const void *pb)
{
	const struct fingerprint *a = pa, *b = pb;
	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

static int fingerprint_by_index(const void *pa, const void *pb)
{
	const struct fingerprint *a = pa, *b = pb;
	return a->index < b->index ? -1 : a->index > b->index;
}

/* FNV-1a, 64 bits, over a NUL-separated field; trims blanks at both ends. */
static uint64_t fnv_field(uint64_t h, const char *s)
{
	if (s) {
		while (*s == ' ' || *s == '\t')
			s++;
		size_t n = strlen(s);
		while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		for (size_t i = 0; i < n; i++) {
			h ^= (unsigned char)s[i];
			h *= 0x100000001b3ULL;
		}
	}
	h ^= 0xff;
	return h * 0x100000001b3ULL;
}

static void rule_object(struct buf *out, enum rule_id id)
{
	const struct rule_info *r = rule_info(id);
	buf_adds(out, "{\"id\": ");
	jsonw_string(out, r->id);
	buf_adds(out, ", \"name\": ");
	jsonw_string(out, r->slug);
	buf_adds(out, ", \"shortDescription\": {\"text\": ");
	jsonw_string(out, r->summary);
	buf_adds(out, "}, \"fullDescription\": {\"text\": ");
	jsonw_string(out, r->summary);
	buf_addf(out, "}, \"help\": {\"text\": \"envlint --explain %s\"}", r->id);
	buf_addf(out, ", \"helpUri\": \"" REPORT_RULES_URI "%s.md\"", r->id);
	buf_addf(out, ", \"defaultConfiguration\": {\"level\": \"%s\"}", level_of(r->severity));
	buf_addf(out, ", \"properties\": {\"family\": \"%s\"}}", rule_family_name(r->family));
}

static void region(struct buf *out, const struct diag *d)
{
	buf_addf(out, ", \"region\": {\"startLine\": %u, \"startColumn\": %u", d->span.line, d->span.column);
	if (d->span.end_line >= d->span.line && d->span.end_column) {
		uint32_t end_col = d->span.end_column;
		if (d->span.end_line == d->span.line && end_col <= d->span.column)
			end_col = d->span.column + 1;
		buf_addf(out, ", \"endLine\": %u, \"endColumn\": %u", d->span.end_line, end_col);
	}
	buf_addch(out, '}');
}

/* SARIF's fix object (3.55): the finding's edits (diag_edit) as replacements of regions
 * in code points, one artifactChange per file, in the order the check gave them. */
static void fixes(struct buf *out, const struct diag *d, const char *root)
{
	buf_adds(out, ", \"fixes\": [{\"description\": {\"text\": ");
	jsonw_string(out, d->help ? d->help : d->message);
	buf_adds(out, "}, \"artifactChanges\": [");
	bool first_change = true;
	for (size_t i = 0; i < d->nedits; i++) {
		const struct diag_edit *e = &d->edits[i];
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = !strcmp(d->edits[j].file, e->file);
		if (seen)
			continue;
		buf_adds(out, first_change ? "{\"artifactLocation\": " : ", {\"artifactLocation\": ");
		first_change = false;
		artifact_location(out, e->file, root);
		buf_adds(out, ", \"replacements\": [");
		bool first = true;
		for (size_t j = i; j < d->nedits; j++) {
			const struct diag_edit *f = &d->edits[j];
			if (strcmp(f->file, e->file))
				continue;
			buf_addf(
				out,
				"%s{\"deletedRegion\": {\"startLine\": %u, \"startColumn\": %u, \"endLine\": %u, "
				"\"endColumn\": %u}, \"insertedContent\": {\"text\": ",
				first ? "" : ", ", f->span.line, f->span.column, f->span.end_line,
				f->span.end_column);
			jsonw_string(out, f->text);
			buf_adds(out, "}}");
			first = false;
		}
		buf_adds(out, "]}");
	}
	buf_adds(out, "]}]");
}

static uint64_t fingerprint_of(const struct diag *d)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	h = fnv_field(h, rule_info(d->rule)->id);
	h = fnv_field(h, d->file);
	h = fnv_field(h, d->snippet);
	return fnv_field(h, d->message);
}

/* One fingerprint per finding: the hash of what it says and where (not the line
 * number), and, for findings that say the same of identical lines of one file, which
 * of them it is in file order. */
static struct fingerprint *fingerprints(const struct diag_list *diags)
{
	struct fingerprint *fp = xcalloc(diags->nr ? diags->nr : 1, sizeof(*fp));
	for (size_t i = 0; i < diags->nr; i++) {
		fp[i].hash = fingerprint_of(&diags->items[i]);
		fp[i].index = i;
	}
	qsort(fp, diags->nr, sizeof(*fp), fingerprint_cmp);
	for (size_t i = 1; i < diags->nr; i++)
		if (fp[i].hash == fp[i - 1].hash)
			fp[i].nth = fp[i - 1].nth + 1;
	qsort(fp, diags->nr, sizeof(*fp), fingerprint_by_index);
	return fp;
}

static void result_object(struct buf *out, const struct diag *d, const struct fingerprint *fp,
			  const char *root)
{
	const struct rule_info *r = rule_info(d->rule);
	buf_adds(out, "{\"ruleId\": ");
	jsonw_string(out, r->id);
	buf_addf(out, ", \"ruleIndex\": %d, \"level\": \"%s\", \"message\": {\"text\": ", (int)d->rule,
		 level_of(d->severity));
	struct buf text = BUF_INIT;
	buf_adds(&text, d->message);
	if (d->help)
		buf_addf(&text, "\nhelp: %s", d->help);
	jsonw_string(out, text.buf);
	buf_release(&text);
	buf_addch(out, '}');
	if (d->file) {
		buf_adds(out, ", \"locations\": [{\"physicalLocation\": {\"artifactLocation\": ");
		artifact_location(out, d->file, root);
		if (d->span.line)
			region(out, d);
		buf_adds(out, "}}]");
		buf_addf(out, ", \"partialFingerprints\": {\"envlint/v1\": \"%016llx:%u\"}",
			 (unsigned long long)fp->hash, fp->nth);
		if (d->also.line) {
			/* The line that uses the version (the FROM of an ARG default), or the -r
			 * line that read this file. */
			buf_adds(out, ", \"relatedLocations\": [{\"id\": 1, \"physicalLocation\": "
				      "{\"artifactLocation\": ");
			artifact_location(out, d->also_file ? d->also_file : d->file, root);
			struct diag also = *d;
			also.span = d->also;
			region(out, &also);
			buf_addf(out, "}, \"message\": {\"text\": \"%s\"}}]",
				 d->also_file ? "the -r line that reads this file"
					      : "where this version is used");
		}
	}
	if (d->nedits)
		fixes(out, d, root);
	buf_adds(out, ", \"properties\": {\"slug\": ");
	jsonw_string(out, r->slug);
	buf_adds(out, ", \"profile\": ");
	jsonw_string(out, d->profile);
	if (d->source) {
		buf_adds(out, ", \"source\": ");
		jsonw_string(out, d->source);
		buf_adds(out, ", \"sourceStatus\": ");
		jsonw_string(out, d->source_secondary ? "2nd" : "ok");
	}
	buf_adds(out, "}}");
}

void report_sarif_begin(const struct report_input *in, struct report_state *st, struct buf *out)
{
	(void)st;
	buf_adds(out, "{\"$schema\": \"" SARIF_SCHEMA "\", \"version\": \"2.1.0\",\n \"runs\": [{\n");
	buf_adds(out, "  \"tool\": {\"driver\": {\"name\": \"envlint\", \"version\": ");
	jsonw_string(out, in->version);
	buf_adds(out, ", \"informationUri\": \"" REPORT_INFO_URI "\",\n   \"rules\": [");
	for (size_t i = 0; i < RULE__COUNT; i++) {
		buf_adds(out, i ? ",\n    " : "\n    ");
		rule_object(out, (enum rule_id)i);
	}
	buf_adds(out, "]}},\n  \"columnKind\": \"unicodeCodePoints\",\n");
	buf_adds(out, "  \"originalUriBaseIds\": {\"SRCROOT\": {\"uri\": ");
	if (in->root) {
		struct buf u = BUF_INIT;
		buf_adds(&u, "file://");
		uri_path(&u, in->root);
		if (!u.len || u.buf[u.len - 1] != '/')
			buf_addch(&u, '/');
		jsonw_string(out, u.buf);
		buf_release(&u);
	} else {
		jsonw_string(out, "./");
	}
	buf_adds(out, "}},\n  \"properties\": {\"knowledgeBase\": ");
	jsonw_string(out, in->kb_date);
	buf_adds(out, ", \"targets\": ");
	report_targets_json(out, in->profiles);
	buf_adds(out, "},\n  \"results\": [");
}

/* One file's findings at a time: identical findings on identical lines are counted
 * within the file, which is all a fingerprint hashes (the file is part of it). */
void report_sarif_diags(const struct report_input *in, struct report_state *st, const struct diag *all,
			size_t n, struct buf *out)
{
	struct diag_list batch = { (struct diag *)all, n, n };
	struct fingerprint *fp = fingerprints(&batch);
	for (size_t i = 0; i < n; i++) {
		buf_adds(out, st->written++ ? ",\n   " : "\n   ");
		result_object(out, &all[i], &fp[i], in->root);
	}
	free(fp);
}

void report_sarif_end(const struct report_input *in, struct report_state *st, struct buf *out)
{
	buf_adds(out, st->written ? "\n  ],\n" : "],\n");
	buf_adds(out, "  \"invocations\": [{\"executionSuccessful\": true, "
		      "\"toolExecutionNotifications\": [");
	size_t notes = 0;
	for (size_t i = 0; i < in->nfiles; i++) {
		const struct run_file *f = &in->files[i];
		if (!f->error)
			continue;
		buf_adds(out, notes++ ? ", " : "");
		buf_adds(out, "{\"level\": \"error\", \"message\": {\"text\": ");
		jsonw_string(out, f->error);
		buf_adds(out, "}, \"locations\": [{\"physicalLocation\": {\"artifactLocation\": ");
		artifact_location(out, f->path, in->root);
		buf_adds(out, "}}]}");
	}
	buf_adds(out, "]}]}\n]}\n");
}

/*
 * kbgen: the build-time half of the built-in KB (a host tool, not part of envlint; the
 * Makefile builds it as build/kbgen and keeps it out of LIB_SRC). It loads a rules
 * directory through kb_load_dir — the very loader and validation of --kb DIR — and on
 * success writes the loaded tables to stdout as static const C initializers:
 * build/gen/kb_tables.c, which kb_builtin.c hands out without parsing any YAML.
 * On an invalid KB it prints the EL009 diagnostics in gnu format and exits 1, which
 * fails the build. The tables are walked through their descriptors (kb_schema.h), so
 * a field is emitted because its descriptor row says so, never by code of its own.
 * Every pointer becomes a named static array or a string literal; pointers between
 * tables (gpu -> architecture, spelling index -> gpu) become &table[index]. NULL and
 * empty-but-allocated lists stay distinct (queries tell "unknown" from "none" by NULL).
 * tests/unit/test_kb_tables.c keeps this honest.
 *
 * Output order: a nested array is complete before the array that points at it, so each
 * array is built in its own buf and appended to the output when done.
 *
 *   usage: kbgen RULES_DIR > kb_tables.c
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "kb/kb_internal.h"
#include "report/report.h"
#include "util/buf.h"

#define KBGEN_NAME_MAX 32
/* The generated file can be large (every fact with its source URL); no cap needed. */
#define KBGEN_BUF_CAP ((size_t)256 * 1024 * 1024)

struct gen {
	struct buf out;
	const struct kb *kb;
	unsigned next; /* counter for nested array names */
	/* The array name of each struct kb table, by kb_schema row, once written. */
	char tables[KB_ROW_FIELDS_MAX][KBGEN_NAME_MAX];
};

static void buf_make(struct buf *b)
{
	buf_init(b, KBGEN_BUF_CAP);
}

/* A C string literal; every byte that is not plain printable ASCII (and '"', '\\',
 * '?' against trigraphs) as a 3-digit octal escape, so no escape runs into the next
 * character. */
static void add_str(struct buf *b, const char *s)
{
	if (!s) {
		buf_adds(b, "NULL");
		return;
	}
	buf_addch(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\' && *p != '?')
			buf_addch(b, (char)*p);
		else
			buf_addf(b, "\\%03o", *p);
	}
	buf_addch(b, '"');
}

static void add_bool(struct buf *b, bool x)
{
	buf_adds(b, x ? "true" : "false");
}

/* struct version, positionally in its field order. */
static void add_version(struct buf *b, const struct version *v)
{
	buf_addf(b, "{ %" PRIu32 "u, {", v->epoch);
	for (size_t i = 0; i < VERSION_MAX_PARTS; i++)
		buf_addf(b, "%s%" PRIu32 "u", i ? ", " : " ", v->release[i]);
	buf_addf(b, " }, %u, %d, %" PRIu32 "u, %" PRId64 "LL, %" PRId64 "LL, ", (unsigned)v->nrelease,
		 (int)v->pre, v->pre_num, v->post, v->dev);
	add_str(b, v->local);
	buf_adds(b, " }");
}

/* Files are shown as "<builtin>/cuda.yaml", like the embedded-YAML loader names them. */
static void add_origin(struct buf *b, const struct kb_origin *o)
{
	buf_adds(b, "{ .source = ");
	add_str(b, o->source);
	buf_adds(b, ", .secondary = ");
	add_bool(b, o->secondary);
	buf_adds(b, ", .file = ");
	if (o->file) {
		const char *base = strrchr(o->file, '/');
		base = base ? base + 1 : o->file;
		/* Two literals the compiler joins: "<builtin>/" "cuda.yaml". */
		buf_adds(b, "\"<builtin>/\" ");
		add_str(b, base);
	} else {
		buf_adds(b, "NULL");
	}
	buf_addf(b, ", .line = %" PRIu32 "u }", o->line);
}

/* Starts a named array in `arr`; n == 0 with a non-NULL pointer becomes a one-element
 * zero array so the pointer stays non-NULL. */
static void array_open(struct gen *g, struct buf *arr, const char *type, size_t n, char *name)
{
	snprintf(name, KBGEN_NAME_MAX, "kb_t%u", g->next++);
	buf_make(arr);
	if (n)
		buf_addf(arr, "static const %s %s[%zu] = {\n", type, name, n);
	else
		buf_addf(arr, "static const %s %s[1];\n", type, name);
}

static void array_close(struct gen *g, struct buf *arr, size_t n)
{
	if (n)
		buf_adds(arr, "};\n");
	buf_add(&g->out, arr->buf, arr->len);
	buf_release(arr);
}

/* A list of versions; writes "NULL" or the array name to `name`. */
static void versions(struct gen *g, const struct version *v, size_t n, char *name)
{
	if (!v) {
		snprintf(name, KBGEN_NAME_MAX, "NULL");
		return;
	}
	struct buf arr;
	array_open(g, &arr, "struct version", n, name);
	for (size_t i = 0; i < n; i++) {
		buf_adds(&arr, "\t");
		add_version(&arr, &v[i]);
		buf_adds(&arr, ",\n");
	}
	array_close(g, &arr, n);
}

static void uints(struct gen *g, const uint32_t *v, size_t n, char *name)
{
	if (!v) {
		snprintf(name, KBGEN_NAME_MAX, "NULL");
		return;
	}
	struct buf arr;
	array_open(g, &arr, "uint32_t", n, name);
	for (size_t i = 0; i < n; i++)
		buf_addf(&arr, "\t%" PRIu32 "u,\n", v[i]);
	array_close(g, &arr, n);
}

/* A NULL-terminated list of strings. */
static void strs(struct gen *g, const char *const *list, char *name)
{
	if (!list) {
		snprintf(name, KBGEN_NAME_MAX, "NULL");
		return;
	}
	size_t n = 0;
	while (list[n])
		n++;
	struct buf arr;
	array_open(g, &arr, "char *const", n + 1, name);
	for (size_t i = 0; i < n; i++) {
		buf_adds(&arr, "\t");
		add_str(&arr, list[i]);
		buf_adds(&arr, ",\n");
	}
	buf_adds(&arr, "\tNULL,\n");
	array_close(g, &arr, n + 1);
}

/* ------------------------------------------------------------------------- */
/* The tables, walked through their descriptors (kb_schema.h) */

static bool is_list(const struct kb_field *f)
{
	return f->type == KB_T_VERSIONS || f->type == KB_T_UINTS || f->type == KB_T_STRS ||
	       f->type == KB_T_TABLE;
}

static bool table(struct gen *g, const struct kb_desc *d, const void *rows, size_t n, char *name);

/* The array a list member points at (nested arrays first); its name, or "NULL", in `name`. */
static bool list(struct gen *g, const struct kb_field *f, const void *row, char *name)
{
	const void *p = *(const void *const *)KB_FIELD(row, f);
	switch (f->type) {
	case KB_T_VERSIONS:
		versions(g, p, kb_field_count(row, f), name);
		return true;
	case KB_T_UINTS:
		uints(g, p, kb_field_count(row, f), name);
		return true;
	case KB_T_STRS:
		strs(g, p, name);
		return true;
	default:
		if (!p) {
			snprintf(name, KBGEN_NAME_MAX, "NULL");
			return true;
		}
		return table(g, f->sub, p, kb_field_count(row, f), name);
	}
}

/* One scalar of a member (index `k` of an array member). */
static void scalar(struct buf *b, const struct kb_field *f, const void *row, unsigned k)
{
	const char *p = KB_FIELD(row, f);
	switch (f->type) {
	case KB_T_VERSION:
		add_version(b, (const struct version *)p + k);
		break;
	case KB_T_STR:
	case KB_T_DATE:
	case KB_T_ENUM:
		add_str(b, ((const char *const *)p)[k]);
		break;
	case KB_T_UINT:
		buf_addf(b, "%" PRIu32 "u", ((const uint32_t *)p)[k]);
		break;
	case KB_T_BOOL:
		add_bool(b, ((const bool *)p)[k]);
		break;
	case KB_T_INT:
		buf_addf(b, "%d", ((const int *)p)[k]);
		break;
	case KB_T_ORIGIN:
		add_origin(b, (const struct kb_origin *)p + k);
		break;
	default:
		break;
	}
}

/* A pointer into a table written before: &name[index]. false if it points elsewhere. */
static bool ref(struct gen *g, struct buf *b, const struct kb_field *f, const void *row)
{
	const char *p = *(const char *const *)KB_FIELD(row, f);
	const struct kb_field *t = kb_schema_table(f->ref_off);
	if (!p) {
		buf_adds(b, "NULL");
		return true;
	}
	if (!t)
		return false;
	const char *base = *(const char *const *)KB_FIELD(g->kb, t);
	size_t n = kb_field_count(g->kb, t), size = t->sub->size;
	if (p < base || p >= base + n * size || (size_t)(p - base) % size)
		return false;
	buf_addf(b, "&%s[%zu]", g->tables[t - kb_schema.fields], (size_t)(p - base) / size);
	return true;
}

/* rows[0..n) of `d` as a named static array, with designated initializers in member
 * order; the arrays their lists point at go out first. */
static bool table(struct gen *g, const struct kb_desc *d, const void *rows, size_t n, char *name)
{
	size_t nlists = 0;
	for (size_t k = 0; k < d->nfields; k++)
		nlists += d->fields[k].name && is_list(&d->fields[k]);
	char(*lists)[KBGEN_NAME_MAX] = xcalloc(n * nlists > 0 ? n * nlists : 1, sizeof(*lists));
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		const char *row = (const char *)rows + i * d->size;
		size_t l = 0;
		for (size_t k = 0; k < d->nfields; k++)
			if (d->fields[k].name && is_list(&d->fields[k]))
				ok &= list(g, &d->fields[k], row, lists[i * nlists + l++]);
	}
	struct buf arr;
	array_open(g, &arr, d->type, n, name);
	for (size_t i = 0; i < n; i++) {
		const char *row = (const char *)rows + i * d->size;
		const char *sep = "\t{ ";
		size_t l = 0;
		for (size_t k = 0; k < d->nfields; k++) {
			const struct kb_field *f = &d->fields[k];
			if (!f->name)
				continue;
			buf_addf(&arr, "%s.%s = ", sep, f->name);
			sep = ", ";
			if (is_list(f)) {
				buf_adds(&arr, lists[i * nlists + l++]);
				if (f->count)
					buf_addf(&arr, ", .%s = %zu", f->count, kb_field_count(row, f));
			} else if (f->type == KB_T_REF) {
				ok &= ref(g, &arr, f, row);
			} else if (f->arr) {
				for (unsigned a = 0; a < f->arr; a++) {
					buf_adds(&arr, a ? ", " : "{ ");
					scalar(&arr, f, row, a);
				}
				buf_adds(&arr, " }");
			} else {
				scalar(&arr, f, row, 0);
			}
		}
		buf_adds(&arr, " },\n");
	}
	array_close(g, &arr, n);
	free(lists);
	return ok;
}

/* ------------------------------------------------------------------------- */

/* Every table of struct kb in member order (a REF points at one written before), then
 * struct kb itself. */
static bool generate(struct gen *g)
{
	const struct kb *kb = g->kb;
	buf_adds(&g->out,
		 "/* Generated by build/kbgen (linter/kb/kbgen.c) from the rules/ YAML files."
		 " Do not edit. */\n"
		 "#include <stddef.h>\n#include \"kb/kb_internal.h\"\n#include \"kb/kb_embed.h\"\n\n");
	bool ok = true;
	for (size_t i = 0; i < kb_schema.nfields; i++) {
		const struct kb_field *f = &kb_schema.fields[i];
		if (f->type == KB_T_TABLE)
			ok &= table(g, f->sub, *(const void *const *)KB_FIELD(kb, f), kb_field_count(kb, f),
				    g->tables[i]);
	}
	/* struct kb's table pointers are not const (the loader fills them); the static
	 * tables are never written through them: kb_free leaves a built-in KB's tables
	 * alone and the patterns are copied before they are compiled. */
	buf_adds(&g->out, "\nstatic const struct kb kb_tables = {\n");
	for (size_t i = 0; i < kb_schema.nfields; i++) {
		const struct kb_field *f = &kb_schema.fields[i];
		if (f->type == KB_T_TABLE) {
			buf_addf(&g->out, "\t.%s = (%s *)%s,\n\t.%s = %zu,\n", f->name, f->sub->type,
				 g->tables[i], f->count, kb_field_count(kb, f));
		} else {
			buf_addf(&g->out, "\t.%s = ", f->name);
			scalar(&g->out, f, kb, 0);
			buf_adds(&g->out, ",\n");
		}
	}
	buf_adds(&g->out, "};\n\nconst struct kb *const kb_builtin_tables = &kb_tables;\n"
			  "const struct kb_embedded_file kb_embedded_files[] = { { NULL, NULL, 0 } };\n");
	return ok && !g->out.overflow;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: kbgen RULES_DIR > kb_tables.c\n");
		return 2;
	}
	struct diag_list diags = DIAG_LIST_INIT;
	struct kb *kb = NULL;
	bool ok = kb_load_dir(&kb, argv[1], &diags);
	if (diags.nr) {
		struct report_input in = { .diags = &diags, .version = "kbgen" };
		struct buf b = BUF_INIT;
		report_gnu(&in, &b);
		fwrite(b.buf, 1, b.len, stderr);
		buf_release(&b);
		ok = false;
	}
	diag_list_release(&diags);
	if (!ok) {
		fprintf(stderr, "kbgen: the knowledge base in '%s' is invalid\n", argv[1]);
		kb_free(kb);
		return 1;
	}
	struct gen g;
	memset(&g, 0, sizeof(g));
	buf_make(&g.out);
	g.kb = kb;
	ok = generate(&g);
	if (ok)
		ok = fwrite(g.out.buf, 1, g.out.len, stdout) == g.out.len && fflush(stdout) == 0;
	if (!ok)
		fprintf(stderr, "kbgen: could not write the tables\n");
	buf_release(&g.out);
	kb_free(kb);
	return ok ? 0 : 1;
}

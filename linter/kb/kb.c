/*
 * kb: loading the knowledge base as a whole. A --kb directory (and, at build time, the
 * rules/ directory through build/kbgen) goes through one path (jq's <builtin> model):
 * each file becomes a struct source (so marks turn into spans the usual way), libyaml
 * loads it, kb_load_<file>.c extract its tables into growing vectors, and kb_loader_done
 * moves every table into the KB arena sorted, resolves the architecture names that
 * cross files and builds the sorted index of normalised GPU spellings that
 * kb_gpu_lookup binary-searches.
 *
 * The built-in KB is those tables generated as C (kb_builtin.c, kbgen.c), the default,
 * because parsing the embedded YAML at every start-up was what `envlint --version`
 * spent its time on. Measured side by side (2 cores, hyperfine -N --warmup 10 --runs 100;
 * instructions from valgrind --tool=callgrind):
 *                                         embedded YAML (KB_EMBED=yaml)   C tables
 *   envlint --version                     7.9 ms +- 1.5, 54.0 M instr     1.0 ms +- 0.1, 0.87 M
 *   envlint --format gnu --gpu A100
 *     --driver 535.104.05 hook.Dockerfile 8.2 ms +- 1.5, 55.5 M instr     1.6 ms +- 0.3, 2.4 M
 * (before this change, YAML with JIT at load: 10.0 ms, 55.5 M instr for --version.)
 * What the tables still pay for at start-up is pcre2_compile of the patterns; their
 * JIT waits for the first match (kb_patterns.c).
 */
#include "kb/kb_internal.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

/* A --kb directory holds a handful of files; more is a mistake, not a KB. */
#define KB_MAX_FILES 64

void kb_loader_add(struct kb_loader *self, const char *display, const char *base, struct source *src)
{
	struct kb_doc doc;
	memset(&doc, 0, sizeof(doc));
	doc.src = *src;
	doc.file = arena_strdup(&self->kb->arena, display);
	doc.arena = &self->kb->arena;
	doc.diags = self->diags;
	doc.ok = true;
	if (kb_doc_parse(&doc) && !kb_load_file(self, &doc, base))
		kb_doc_error(&doc, NULL, "unknown knowledge-base file '%s'", base);
	kb_doc_release(&doc);
	self->ok &= doc.ok;
}

static int name_cmp(const void *a, const void *b)
{
	const struct kb_gpu_name *x = a, *y = b;
	return strcmp(x->norm, y->norm);
}

/* Copies n items of `size` into the arena, sorted with `cmp` when given. */
static void *to_arena(struct arena *arena, const void *items, size_t n, size_t size,
		      int (*cmp)(const void *, const void *))
{
	void *dst = arena_alloc(arena, st_mult(n ? n : 1, size));
	if (n)
		memcpy(dst, items, st_mult(n, size));
	if (n > 1 && cmp)
		qsort(dst, n, size, cmp);
	return dst;
}

static const struct kb_arch *arch_find(const struct kb *kb, const char *name)
{
	struct kb_arch key;
	memset(&key, 0, sizeof(key));
	key.name = name;
	return bsearch(&key, kb->archs, kb->narchs, sizeof(key), kb_desc_arch.cmp);
}

static void build_names(struct kb *kb)
{
	size_t n = 0;
	for (size_t i = 0; i < kb->ngpus; i++) {
		n++;
		for (const char *const *s = kb->gpus[i].smi; *s; s++)
			n++;
		for (const char *const *s = kb->gpus[i].aliases; *s; s++)
			n++;
	}
	kb->names = arena_alloc(&kb->arena, st_mult(n ? n : 1, sizeof(*kb->names)));
	char buf[KB_GPU_NAME_MAX];
	for (size_t i = 0; i < kb->ngpus; i++) {
		const struct kb_gpu *g = &kb->gpus[i];
		const char *const self_name[] = { g->name, NULL };
		const char *const *lists[] = { self_name, g->smi, g->aliases };
		for (size_t l = 0; l < 3; l++)
			for (const char *const *s = lists[l]; *s; s++) {
				kb_gpu_normalise(*s, buf, sizeof(buf));
				kb->names[kb->nnames].norm = arena_strdup(&kb->arena, buf);
				kb->names[kb->nnames++].gpu = g;
			}
	}
	if (kb->nnames > 1)
		qsort(kb->names, kb->nnames, sizeof(*kb->names), name_cmp);
}

/* Moves the rows of kb_schema table `t` into the KB arena, sorted by its descriptor. */
static void move(struct kb_loader *self, size_t t)
{
	const struct kb_field *f = &kb_schema.fields[t];
	struct kb_rows *rows = &self->tables[t];
	size_t n = rows->bytes.nr / f->sub->size;
	void *dst = NULL;
	if (rows->given || !(f->sub->flags & KB_D_NULL))
		dst = to_arena(&self->kb->arena, rows->bytes.items, n, f->sub->size, f->sub->cmp);
	memcpy((char *)self->kb + f->off, &dst, sizeof(dst));
	memcpy((char *)self->kb + f->count_off, &n, sizeof(n));
	vec_release(&rows->bytes);
}

/* Moves every table read from a file, the KB_D_LATE ones or the others. */
static void move_tables(struct kb_loader *self, bool late)
{
	for (size_t t = 0; t < kb_schema.nfields; t++) {
		const struct kb_desc *d = kb_schema.fields[t].sub;
		if (d && d->file && !(d->flags & KB_D_LATE) == !late)
			move(self, t);
	}
}

/* GPUs and cuda.yaml architectures name gpus.yaml `architectures`. The names resolve
 * once the architectures are sorted in the arena, while the naming tables (KB_D_LATE)
 * still have the file order the references' indexes count in. */
static void resolve_arch_refs(struct kb_loader *self)
{
	for (size_t i = 0; i < self->refs.nr; i++) {
		const struct kb_arch_ref *r = &self->refs.items[i];
		const struct kb_arch *a = arch_find(self->kb, r->name);
		if (!a) {
			diag_add(self->diags, RULE_EL009, r->file, r->span, NULL,
				 "unknown architecture '%s' (not in gpus.yaml 'architectures')", r->name);
			self->ok = false;
			continue;
		}
		size_t n;
		char *row = (char *)kb_loader_rows(self, r->desc, &n) + r->index * r->desc->size;
		if (r->field->type == KB_T_REF)
			memcpy(row + r->field->off, &a, sizeof(a));
		else
			memcpy(row + r->field->off, &a->name, sizeof(a->name));
	}
	vec_release(&self->refs);
}

static void finish(struct kb_loader *self)
{
	move_tables(self, false);
	resolve_arch_refs(self);
	move_tables(self, true);
	vec_release(&self->spellings);
	build_names(self->kb);
}

void kb_loader_init(struct kb_loader *self, struct diag_list *diags)
{
	memset(self, 0, sizeof(*self));
	self->kb = xcalloc(1, sizeof(*self->kb));
	arena_init(&self->kb->arena);
	self->diags = diags;
	self->ok = true;
}

bool kb_loader_done(struct kb_loader *self, struct kb **out)
{
	finish(self);
	if (!self->ok) {
		kb_free(self->kb);
		*out = NULL;
		return false;
	}
	*out = self->kb;
	return true;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_yaml(const char *name)
{
	size_t n = strlen(name);
	return n > 5 && name[0] != '.' && !strcmp(name + n - 5, ".yaml");
}

bool kb_load_dir(struct kb **out, const char *dir, struct diag_list *diags)
{
	*out = NULL;
	DIR *d = opendir(dir);
	if (!d) {
		diag_add(diags, RULE_EL009, dir, span_none(), NULL,
			 "cannot open knowledge-base directory '%s'", dir);
		return false;
	}
	VEC(char *) names = { NULL, 0, 0 };
	struct dirent *ent;
	bool too_many = false;
	while ((ent = readdir(d))) {
		if (!is_yaml(ent->d_name))
			continue;
		if (names.nr == KB_MAX_FILES) {
			too_many = true;
			break;
		}
		vec_push(&names, xstrdup(ent->d_name));
	}
	closedir(d);
	if (names.nr > 1)
		qsort(names.items, names.nr, sizeof(*names.items), str_cmp);

	struct kb_loader ld;
	kb_loader_init(&ld, diags);
	if (too_many) {
		diag_add(diags, RULE_EL009, dir, span_none(), NULL,
			 "more than %d .yaml files in knowledge-base directory '%s'", KB_MAX_FILES, dir);
		ld.ok = false;
	}
	struct arena scratch = ARENA_INIT;
	for (size_t i = 0; i < names.nr; i++) {
		char *path = arena_printf(&scratch, "%s/%s", dir, names.items[i]);
		struct source src;
		if (source_load(&src, path, &scratch, diags) != SOURCE_OK)
			ld.ok = false;
		else
			kb_loader_add(&ld, path, names.items[i], &src);
		free(names.items[i]);
	}
	vec_release(&names);
	arena_release(&scratch);
	return kb_loader_done(&ld, out);
}

void kb_free(struct kb *self)
{
	if (!self)
		return;
	kb_patterns_release(self->patterns, self->npatterns);
	arena_release(&self->arena);
	free(self);
}

const char *kb_date(const struct kb *self)
{
	return self->date;
}

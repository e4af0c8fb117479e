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

void kb_loader_add(struct kb_loader *self, const char *display, const char *base,
		   struct source *src)
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

#define SORT_BY(name, type, expr)                                                  \
	static int name(const void *a, const void *b)                              \
	{                                                                          \
		const type *x = a, *y = b;                                         \
		return expr;                                                       \
	}

SORT_BY(cuda_cmp, struct kb_cuda, version_cmp(&x->version, &y->version))
SORT_BY(compat_cmp, struct kb_minor_compat, (x->major > y->major) - (x->major < y->major))
SORT_BY(cc_cmp, struct kb_cc, version_cmp(&x->cc, &y->cc))
SORT_BY(branch_cmp, struct kb_branch, (x->branch > y->branch) - (x->branch < y->branch))
SORT_BY(arch_cmp, struct kb_arch, strcmp(x->name, y->name))
SORT_BY(gpu_cmp, struct kb_gpu, strcmp(x->name, y->name))
SORT_BY(cudnn_cmp, struct kb_cudnn, version_cmp(&x->version, &y->version))
SORT_BY(torch_cmp, struct kb_torch_release, version_cmp(&x->line, &y->line))
SORT_BY(name_cmp, struct kb_gpu_name, strcmp(x->norm, y->norm))

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

/* Moves a loader vector into the KB arena and releases the vector. */
#define MOVE(kb, vec, dst, n, cmp)                                                     \
	do {                                                                           \
		(n) = (vec).nr;                                                        \
		(dst) = to_arena(&(kb)->arena, (vec).items, (n), sizeof(*(dst)), (cmp)); \
		vec_release(&(vec));                                                   \
	} while (0)

static const struct kb_arch *arch_find(const struct kb *kb, const char *name)
{
	struct kb_arch key;
	memset(&key, 0, sizeof(key));
	key.name = name;
	return bsearch(&key, kb->archs, kb->narchs, sizeof(key), arch_cmp);
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

static void finish(struct kb_loader *self)
{
	struct kb *kb = self->kb;
	MOVE(kb, self->cuda, kb->cuda, kb->ncuda, cuda_cmp);
	MOVE(kb, self->compat, kb->compat, kb->ncompat, compat_cmp);
	MOVE(kb, self->branches, kb->branches, kb->nbranches, branch_cmp);
	MOVE(kb, self->fwd, kb->fwd, kb->nfwd, NULL);
	MOVE(kb, self->archs, kb->archs, kb->narchs, arch_cmp);
	MOVE(kb, self->cudnn, kb->cudnn, kb->ncudnn, cudnn_cmp);
	MOVE(kb, self->cudnn_pkgs, kb->cudnn_pkgs, kb->ncudnn_pkgs, NULL);
	MOVE(kb, self->torch, kb->torch, kb->ntorch, torch_cmp);
	MOVE(kb, self->patterns, kb->patterns, kb->npatterns, NULL);
	MOVE(kb, self->ngc, kb->ngc, kb->nngc, NULL);
	/* GPUs and architectures refer to gpus.yaml `architectures` by name; resolve while
	 * the vectors still have file order (the refs hold their indexes), then sort. */
	for (size_t i = 0; i < self->refs.nr; i++) {
		const struct kb_arch_ref *r = &self->refs.items[i];
		const struct kb_arch *a = arch_find(kb, r->name);
		if (!a) {
			diag_add(self->diags, RULE_EL009, r->file, r->span, NULL,
				 "unknown architecture '%s' (not in gpus.yaml 'architectures')", r->name);
			self->ok = false;
		} else if (r->is_gpu) {
			self->gpus.items[r->index].arch = a;
		} else {
			self->ccs.items[r->index].arch = a->name;
		}
	}
	vec_release(&self->refs);
	MOVE(kb, self->ccs, kb->ccs, kb->ncc, cc_cmp);
	MOVE(kb, self->gpus, kb->gpus, kb->ngpus, gpu_cmp);
	build_names(kb);
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

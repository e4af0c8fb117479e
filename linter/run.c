#include "run.h"

#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "checks/check.h"
#include "profile.h"
#include "readers/readers.h"
#include "source.h"
#include "suppress.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/xalloc.h"
#include "walk.h"

void run_init(struct run *self, const struct options *opts, const struct kb *kb,
	      const struct target *target)
{
	memset(self, 0, sizeof(*self));
	self->opts = opts;
	self->kb = kb;
	self->target = target;
}

static void add_file(struct run *self, const char *path, const char *kind, const char *error)
{
	if (self->nfiles == self->alloc) {
		self->alloc = self->alloc ? st_mult(self->alloc, 2) : 16;
		self->files = xrealloc(self->files, st_mult(self->alloc, sizeof(*self->files)));
	}
	struct report_file *f = &self->files[self->nfiles++];
	f->path = xstrdup(path);
	f->kind = kind;
	f->error = error ? xstrdup(error) : NULL;
}

static bool read_unit(struct read_ctx *ctx, enum file_kind kind, const struct source *src)
{
	switch (kind) {
	case FILE_KIND_CONDA:
		return read_conda(ctx, src);
	case FILE_KIND_REQUIREMENTS:
		return read_requirements(ctx, src);
	case FILE_KIND_DOCKERFILE:
		return read_dockerfile(ctx, src);
	case FILE_KIND_UNKNOWN:
		break;
	}
	return false;
}

/* The source lines behind each new diag, copied (the file's arena is about to go). */
static void attach_snippets(struct diag_list *diags, size_t first, const struct source *const *srcs,
			    size_t n)
{
	for (size_t i = first; i < diags->nr; i++) {
		struct diag *d = &diags->items[i];
		if (!d->file || !d->span.line || d->snippet)
			continue;
		for (size_t s = 0; s < n; s++) {
			if (!srcs[s] || strcmp(srcs[s]->path, d->file))
				continue;
			size_t len;
			const char *text = source_line_text(srcs[s], d->span.line, &len);
			/* Snippets are for people: cap a hostile 1 MiB line. */
			d->snippet = xstrndup(text, len > 400 ? 400 : len);
			for (char *p = d->snippet; *p; p++)
				if (*p == '\r')
					*p = ' ';
			break;
		}
	}
}

static void apply_rule_state(struct diag_list *diags, size_t first, const signed char *state)
{
	for (size_t i = first; i < diags->nr; i++)
		if (state[diags->items[i].rule] == 0)
			diags->items[i].severity = SEV_OFF;
}

static void lint_file(struct run *self, struct reader_cache *cache, const char *path, bool named)
{
	struct arena arena;
	arena_init(&arena);
	size_t first = self->diags.nr;
	struct source src;
	enum source_status st = source_load(&src, path, &arena, &self->diags);
	if (st != SOURCE_OK) {
		self->unreadable = self->unreadable || st == SOURCE_UNREADABLE || st == SOURCE_NOT_REGULAR;
		add_file(self, path, "unknown",
			 self->diags.nr > first ? self->diags.items[self->diags.nr - 1].message : "not read");
		arena_release(&arena);
		return;
	}
	enum file_kind kind = named ? file_kind_for_named_path(path, src.bytes, src.len)
				    : file_kind_from_name(path);
	add_file(self, path, file_kind_name(kind), NULL);
	if (kind == FILE_KIND_UNKNOWN) {
		diag_add(&self->diags, RULE_EL008, path, span_none(), NULL,
			 "'%s' is neither a conda environment, a requirements file nor a Dockerfile; "
			 "not linted", path);
		arena_release(&arena);
		return;
	}

	struct pin_list pins = PIN_LIST_INIT;
	struct read_ctx rctx;
	read_ctx_init(&rctx, &arena, &pins, &self->diags);
	rctx.cache = cache;
	read_unit(&rctx, kind, &src);

	if (self->pin_dump) {
		for (size_t i = 0; i < pins.nr; i++) {
			buf_addf(self->pin_dump, "%s: ", pins.items[i].file ? pins.items[i].file : path);
			pin_dump(&pins.items[i], self->pin_dump);
			buf_addch(self->pin_dump, '\n');
		}
	}

	/* The unit's facts, once for every check (its PyPI claims depend on the OS). */
	struct analysis facts;
	analysis_build(&facts, self->kb, self->target->os, pins.items, pins.nr);
	struct check_ctx cctx = { self->kb, self->target, pins.items, pins.nr, &facts };
	checks_run(&cctx, CHECK_PASS_FILE, &self->diags);
	checks_run(&cctx, CHECK_PASS_TARGET, &self->diags);
	analysis_release(&facts);

	const struct source *srcs[1 + sizeof(rctx.loaded) / sizeof(rctx.loaded[0])];
	size_t nsrcs = 0;
	srcs[nsrcs++] = &src;
	for (unsigned i = 0; i < rctx.nloaded; i++)
		srcs[nsrcs++] = rctx.loaded[i];
	apply_rule_state(&self->diags, first, self->opts->rule_state);
	suppress_apply(&self->diags, first, srcs, nsrcs);
	attach_snippets(&self->diags, first, srcs, nsrcs);
	pin_list_release(&pins);
	arena_release(&arena);
}

void run_paths(struct run *self)
{
	static const char *const DEFAULT_PATHS[] = { "." };
	const char *const *paths = self->opts->npaths ? self->opts->paths : DEFAULT_PATHS;
	size_t npaths = self->opts->npaths ? self->opts->npaths : 1;
	struct walk_result files = { NULL, 0, 0 };
	size_t first = self->diags.nr;
	walk_paths(paths, npaths, &files, &self->diags);
	if (self->diags.nr > first)
		self->unreadable = true;
	/* Library objects the readers make once for all files (STYLE.md 3). */
	struct reader_cache cache;
	reader_cache_init(&cache);
	for (size_t i = 0; i < files.nr; i++)
		lint_file(self, &cache, files.files[i].path, files.files[i].named);
	reader_cache_release(&cache);
	walk_result_release(&files);
	diag_list_drop_off(&self->diags);
	diag_list_sort(&self->diags);
}

void run_release(struct run *self)
{
	diag_list_release(&self->diags);
	for (size_t i = 0; i < self->nfiles; i++) {
		free((char *)self->files[i].path);
		free((char *)self->files[i].error);
	}
	free(self->files);
	memset(self, 0, sizeof(*self));
}

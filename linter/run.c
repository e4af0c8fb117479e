#include "run.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/analysis.h"
#include "analysis/marker.h"
#include "checks/check.h"
#include "policy.h"
#include "profile.h"
#include "readers/readers.h"
#include "source.h"
#include "suppress.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/vec.h"
#include "util/xalloc.h"
#include "walk.h"

void run_init(struct run *self, const struct kb *kb, const struct profile_list *profiles,
	      const struct policy *policy)
{
	memset(self, 0, sizeof(*self));
	self->kb = kb;
	self->profiles = profiles;
	self->policy = policy;
	run_set_policy(self, policy);
}

void run_set_policy(struct run *self, const struct policy *policy)
{
	self->policy = policy;
	/* Which rules can find anything in this run: on, and given what they need. */
	bool driver = false, gpu = false, cuda = false;
	for (size_t p = 0; self->profiles && p < self->profiles->nr; p++) {
		driver = driver || self->profiles->items[p].base.has_driver;
		gpu = gpu || self->profiles->items[p].ngpus;
		cuda = cuda || self->profiles->items[p].base.has_cuda;
	}
	for (size_t r = 0; r < RULE__COUNT; r++) {
		enum rule_needs needs = rule_info((enum rule_id)r)->needs;
		self->ran[r] = policy->severity[r] != SEV_OFF &&
			       (needs == NEEDS_NOTHING || (needs == NEEDS_DRIVER && driver) ||
				(needs == NEEDS_GPU && gpu) || (needs == NEEDS_CUDA && cuda));
	}
}

static void add_file(struct run *self, const char *path, const char *kind, const char *error)
{
	struct run_file f = { xstrdup(path), kind, error ? xstrdup(error) : NULL };
	vec_push(&self->files, f);
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
static void attach_snippets(struct diag_list *diags, size_t first, const struct source *const *srcs, size_t n)
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

/* The pins that hold on a platform: those whose PEP 508 marker is false there are left
 * out (`torch==2.1.0 ; sys_platform == "darwin"` says nothing about a Linux box). */
static void pins_for_platform(enum profile_platform platform, const struct pin_list *pins,
			      struct pin_list *out)
{
	static const struct marker_env ENVS[] = {
		[PROFILE_PLATFORM_LINUX_X86_64] = { "linux", "Linux", "x86_64", "posix", false, { 0 } },
		[PROFILE_PLATFORM_LINUX_AARCH64] = { "linux", "Linux", "aarch64", "posix", false, { 0 } },
		[PROFILE_PLATFORM_WINDOWS_X86_64] = { "win32", "Windows", "AMD64", "nt", false, { 0 } },
	};
	marker_filter(&ENVS[platform], pins->items, pins->nr, out);
}

/* The checks of one file: rules that need no target once, with a neutral target of the
 * first profile's OS and platform; the others once per profile and GPU, each finding
 * naming its profile. Exact repeats (a driver floor is the same for every GPU) go at the
 * sort. The file's pins and facts are built once per platform (markers differ, and the
 * OS with them: PyPI's default build is Linux's) into held[] and facts[] (built[] says
 * which); the caller releases them after the file hook. */
static void check_file(struct run *self, const struct pin_list *pins, struct pin_list *held,
		       struct analysis *facts, bool *built)
{
	struct target neutral;
	memset(&neutral, 0, sizeof(neutral));
	enum profile_platform pl0 = PROFILE_PLATFORM_LINUX_X86_64;
	if (self->profiles && self->profiles->nr) {
		neutral.os = self->profiles->items[0].base.os;
		pl0 = self->profiles->items[0].platform;
	}
	pins_for_platform(pl0, pins, &held[pl0]);
	analysis_build_on(&facts[pl0], self->kb, neutral.os, pl0 != PROFILE_PLATFORM_LINUX_AARCH64,
			  held[pl0].items, held[pl0].nr);
	built[pl0] = true;
	struct check_ctx cctx = { self->kb,    &neutral, held[pl0].items, held[pl0].nr,
				  &facts[pl0], NULL,     self->profiles };
	checks_run(&cctx, CHECK_PASS_FILE, &self->diags);
	for (size_t p = 0; self->profiles && p < self->profiles->nr; p++) {
		const struct profile *prof = &self->profiles->items[p];
		enum profile_platform pl = prof->platform;
		if (!built[pl]) {
			pins_for_platform(pl, pins, &held[pl]);
			analysis_build_on(&facts[pl], self->kb, prof->base.os,
					  pl != PROFILE_PLATFORM_LINUX_AARCH64, held[pl].items, held[pl].nr);
			built[pl] = true;
		}
		cctx.pins = held[pl].items;
		cctx.npins = held[pl].nr;
		cctx.facts = &facts[pl];
		for (size_t g = 0; g < profile_target_count(prof); g++) {
			struct target t;
			profile_target_at(prof, g, &t);
			size_t first = self->diags.nr;
			cctx.target = &t;
			cctx.profile = prof;
			checks_run(&cctx, CHECK_PASS_TARGET, &self->diags);
			for (size_t i = first; i < self->diags.nr; i++)
				self->diags.items[i].profile = prof->base.name;
		}
	}
}

static int pin_ptr_cmp(const void *pa, const void *pb)
{
	const struct pin *a = *(const struct pin *const *)pa, *b = *(const struct pin *const *)pb;
	int c = span_cmp(a->span, b->span);
	return c ? c : strcmp(a->file ? a->file : "", b->file ? b->file : "");
}

/* A finding located at a pin whose text came from another line (an ARG default used by
 * a FROM or RUN) also names that line, so an ignore comment above either works; one in
 * a -r included file names the -r line of the file that read it. Pins are sorted once
 * and looked up per finding (linear-logarithmic, not quadratic). */
static void attach_also(struct diag_list *diags, size_t first, const struct pin_list *pins)
{
	const struct pin **sorted = xcalloc(pins->nr ? pins->nr : 1, sizeof(*sorted));
	size_t n = 0;
	for (size_t i = 0; i < pins->nr; i++) {
		const struct pin *p = &pins->items[i];
		if (p->included_by || (p->name_span.line && p->name_span.line != p->span.line))
			sorted[n++] = p;
	}
	qsort(sorted, n, sizeof(*sorted), pin_ptr_cmp);
	for (size_t i = first; i < diags->nr && n; i++) {
		struct diag *d = &diags->items[i];
		if (!d->file || !d->span.line)
			continue;
		struct pin key;
		memset(&key, 0, sizeof(key));
		key.span = d->span;
		key.file = d->file;
		const struct pin *kp = &key;
		const struct pin **hit = bsearch(&kp, sorted, n, sizeof(*sorted), pin_ptr_cmp);
		if (!hit)
			continue;
		if ((*hit)->included_by) {
			d->also = (*hit)->included_at;
			d->also_file = xstrdup((*hit)->included_by);
		} else {
			d->also = (*hit)->name_span;
		}
	}
	free(sorted);
}

/* Open-addressing would be faster; a sorted insert keeps it simple and the set small. */
static bool seen_before(struct run *self, uint64_t h)
{
	size_t lo = 0, hi = self->seen.nr;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (self->seen.items[mid] < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < self->seen.nr && self->seen.items[lo] == h)
		return true;
	vec_grow(&self->seen, st_add(self->seen.nr, 1));
	memmove(self->seen.items + lo + 1, self->seen.items + lo, (self->seen.nr - lo) * sizeof(h));
	self->seen.items[lo] = h;
	self->seen.nr++;
	return false;
}

/* One file's findings are final: count them, note whether they fail the run, and with
 * a sink hand them over (sorted, repeats dropped) and free them. */
static void file_done(struct run *self, size_t first)
{
	if (!self->sink.file_done)
		return;
	diag_list_sort_from(&self->diags, first);
	size_t keep = first;
	for (size_t i = first; i < self->diags.nr; i++) {
		struct diag *d = &self->diags.items[i];
		if (seen_before(self, diag_hash(d))) {
			diag_release(d);
			continue;
		}
		self->diags.items[keep++] = *d;
	}
	self->diags.nr = keep;
	for (size_t i = first; i < self->diags.nr; i++)
		self->counts[self->diags.items[i].severity]++;
	self->fails = self->fails || policy_fails(self->policy, &self->diags, first);
	self->sink.file_done(self->sink.ctx, self->diags.items + first, self->diags.nr - first);
	diag_list_truncate(&self->diags, first);
}

/* One loaded source: tell its kind, read its pins, check, suppress, apply the policy.
 * Frees the arena. */
static void lint_source(struct run *self, struct reader_cache *cache, const struct source *src,
			struct arena *arena, bool named, size_t first)
{
	const char *path = src->path;
	enum file_kind kind =
		named ? file_kind_for_named_path(path, src->bytes, src->len) : file_kind_from_name(path);
	add_file(self, path, file_kind_name(kind), NULL);
	if (kind == FILE_KIND_UNKNOWN) {
		diag_add(&self->diags, RULE_EL008, path, span_none(), NULL,
			 "'%s' is neither a conda environment, a requirements file nor a Dockerfile; "
			 "not linted",
			 path);
		arena_release(arena);
		return;
	}

	struct pin_list pins = PIN_LIST_INIT;
	struct read_ctx rctx;
	read_ctx_init(&rctx, arena, &pins, &self->diags);
	rctx.cache = cache;
	read_unit(&rctx, kind, src);

	if (self->pin_dump) {
		for (size_t i = 0; i < pins.nr; i++) {
			buf_addf(self->pin_dump, "%s: ", pins.items[i].file ? pins.items[i].file : path);
			pin_dump(&pins.items[i], self->pin_dump);
			buf_addch(self->pin_dump, '\n');
		}
	}

	enum { NPLATFORMS = PROFILE_PLATFORM_WINDOWS_X86_64 + 1 };
	struct analysis facts[NPLATFORMS];
	struct pin_list held[NPLATFORMS] = { PIN_LIST_INIT, PIN_LIST_INIT, PIN_LIST_INIT };
	bool built[NPLATFORMS] = { false, false, false };
	check_file(self, &pins, held, facts, built);

	const struct source *srcs[1 + sizeof(rctx.loaded) / sizeof(rctx.loaded[0])];
	size_t nsrcs = 0;
	srcs[nsrcs++] = src;
	for (unsigned i = 0; i < rctx.nloaded; i++)
		srcs[nsrcs++] = rctx.loaded[i];
	attach_also(&self->diags, first, &pins);
	suppress_apply(&self->diags, first, srcs, nsrcs, self->ran);
	policy_apply(self->policy, &self->diags, first);
	attach_snippets(&self->diags, first, srcs, nsrcs);
	/* The file hook (run.h): the pins and facts of the first profile's platform, as the
	 * file pass saw them. */
	if (self->file_hook.fn) {
		enum profile_platform pl = self->profiles && self->profiles->nr
						   ? self->profiles->items[0].platform
						   : PROFILE_PLATFORM_LINUX_X86_64;
		self->file_hook.fn(self->file_hook.data, path, file_kind_name(kind), &held[pl], &facts[pl],
				   &self->diags, first);
	}
	for (size_t pl = 0; pl < NPLATFORMS; pl++)
		if (built[pl]) {
			analysis_release(&facts[pl]);
			pin_list_release(&held[pl]);
		}
	pin_list_release(&pins);
	arena_release(arena);
}

static void lint_file(struct run *self, struct reader_cache *cache, const char *path, bool named)
{
	struct arena arena;
	arena_init(&arena);
	size_t first = self->diags.nr;
	struct source src;
	bool from_stdin = !strcmp(path, "-");
	if (from_stdin)
		path = self->stdin_name ? self->stdin_name : "<stdin>";
	enum source_status st = from_stdin
					? source_load_stream(&src, path, STDIN_FILENO, &arena, &self->diags)
					: source_load(&src, path, &arena, &self->diags);
	if (st != SOURCE_OK) {
		self->unreadable = self->unreadable || st == SOURCE_UNREADABLE || st == SOURCE_NOT_REGULAR;
		add_file(self, path, "unknown",
			 self->diags.nr > first ? self->diags.items[self->diags.nr - 1].message : "not read");
		arena_release(&arena);
		return;
	}
	lint_source(self, cache, &src, &arena, named, first);
}

void run_bytes(struct run *self, const char *name, const char *bytes, size_t len)
{
	struct arena arena;
	struct source src;
	struct reader_cache cache;
	arena_init(&arena);
	reader_cache_init(&cache);
	size_t first = self->diags.nr;
	source_from_memory(&src, name, bytes, len, &arena);
	lint_source(self, &cache, &src, &arena, true, first);
	file_done(self, first);
	reader_cache_release(&cache);
}

void run_paths(struct run *self, const char *const *paths, size_t npaths)
{
	static const char *const DEFAULT_PATHS[] = { "." };
	if (!npaths) {
		paths = DEFAULT_PATHS;
		npaths = 1;
	}
	struct walk_result files = { .items = NULL };
	size_t first = self->diags.nr;
	struct walk_options wopts = { .follow = self->follow,
				      .verbose = self->verbose,
				      .includes = self->includes,
				      .nincludes = self->nincludes };
	walk_paths(paths, npaths, &wopts, &files, &self->diags);
	/* What the walk passed over is the report's to say (a count; with --verbose, each). */
	self->nskipped += files.nskipped;
	for (size_t i = 0; i < files.skips.nr; i++) {
		struct walk_skip sk = { xstrdup(files.skips.items[i].path), files.skips.items[i].why };
		vec_push(&self->skips, sk);
	}
	/* A path that is not there is still a file the run was given: list it with why. */
	for (size_t i = first; i < self->diags.nr; i++)
		if (self->diags.items[i].rule == RULE_EL001 && self->diags.items[i].file) {
			add_file(self, self->diags.items[i].file, "unknown", self->diags.items[i].message);
			self->unreadable = true;
		}
	/* Walk errors (EL001) meet the same policy as every other finding. */
	policy_apply(self->policy, &self->diags, first);
	file_done(self, first);
	/* Library objects the readers make once for all files (STYLE.md 3). */
	struct reader_cache cache;
	reader_cache_init(&cache);
	for (size_t i = 0; i < files.nr; i++) {
		if (!files.items[i].named && policy_excludes(self->policy, files.items[i].path))
			continue;
		size_t before = self->diags.nr;
		lint_file(self, &cache, files.items[i].path, files.items[i].named || files.items[i].included);
		file_done(self, before);
	}
	reader_cache_release(&cache);
	walk_result_release(&files);
}

void run_finish(struct run *self)
{
	diag_list_sort(&self->diags);
}

void run_release(struct run *self)
{
	for (size_t i = 0; i < self->skips.nr; i++)
		free(self->skips.items[i].path);
	vec_release(&self->skips);
	vec_release(&self->seen);
	diag_list_release(&self->diags);
	for (size_t i = 0; i < self->files.nr; i++) {
		free(self->files.items[i].path);
		free(self->files.items[i].error);
	}
	vec_release(&self->files);
	memset(self, 0, sizeof(*self));
}

#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"
#include "input_limits.h"
#include "readers/readers.h"
#include "util/file_id.h"
#include "util/text.h"
#include "util/vec.h"
#include "util/xalloc.h"

/* Directory names the walk never enters (sorted, bsearch). */
static const char *const SKIP_DIRS[] = { ".git", ".hg", ".svn", ".venv", "node_modules" };

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool skipped_dir(const char *name)
{
	return bsearch(&name, SKIP_DIRS, sizeof(SKIP_DIRS) / sizeof(SKIP_DIRS[0]), sizeof(SKIP_DIRS[0]),
		       str_cmp) != NULL;
}

static void add_file(struct walk_result *out, const char *path, bool named, bool included)
{
	struct walk_file f = { xstrdup(path), named, included };
	vec_push(out, f);
}

/* A file or directory by identity, so no path to it is walked or linted twice:
 * open-addressing set of file ids (power-of-two capacity, linear probing). */
struct id_set {
	struct file_id *slots;
	bool *used;
	size_t nr, cap;
};

static size_t id_hash(struct file_id id)
{
	uint64_t h = (uint64_t)id.ino * 0x9E3779B97F4A7C15u ^ (uint64_t)id.dev;
	return (size_t)(h ^ (h >> 29));
}

/* Adds id; false if it was there already. */
static bool id_set_add(struct id_set *self, struct file_id id)
{
	if (st_mult(self->nr + 1, 2) > self->cap) {
		struct id_set bigger = { NULL, NULL, 0, self->cap ? st_mult(self->cap, 2) : 64 };
		bigger.slots = xcalloc(bigger.cap, sizeof(*bigger.slots));
		bigger.used = xcalloc(bigger.cap, sizeof(*bigger.used));
		for (size_t i = 0; i < self->cap; i++)
			if (self->used[i])
				id_set_add(&bigger, self->slots[i]);
		free(self->slots);
		free(self->used);
		*self = bigger;
	}
	size_t i = id_hash(id) & (self->cap - 1);
	for (; self->used[i]; i = (i + 1) & (self->cap - 1))
		if (file_id_same(self->slots[i], id))
			return false;
	self->used[i] = true;
	self->slots[i] = id;
	self->nr++;
	return true;
}

static void id_set_release(struct id_set *self)
{
	free(self->slots);
	free(self->used);
	memset(self, 0, sizeof(*self));
}

struct walker {
	const struct walk_options *opts;
	size_t root_len; /* of the named directory being walked, for include globs */
	struct walk_result *out;
	struct diag_list *diags;
	struct id_set seen; /* every directory entered and file listed */
	bool full;          /* WALK_MAX_FILES reached and reported */
	bool deep;          /* WALK_MAX_DEPTH reached and reported */
};

/* Lists a file once, whatever path reached it; reports the file limit once. */
static void list_file(struct walker *w, const char *path, const struct stat *st, bool named, bool included)
{
	if (!id_set_add(&w->seen, file_id_of(st)))
		return;
	if (w->out->nr >= WALK_MAX_FILES) {
		if (!w->full)
			diag_add(w->diags, RULE_EL007, path, span_none(), NULL,
				 "more than %zu files to lint; '%s' and the files after it were not "
				 "checked (name fewer paths, or split the run)",
				 (size_t)WALK_MAX_FILES, path);
		w->full = true;
		return;
	}
	add_file(w->out, path, named, included);
}

/* Counts an entry passed over; with --verbose remembers it and why. */
static void skip(struct walker *w, const char *path, const char *why)
{
	w->out->nskipped++;
	if (w->opts->verbose) {
		struct walk_skip sk = { xstrdup(path), why };
		vec_push(&w->out->skips, sk);
	}
}

/* Does an include glob (relative to the walked root) take this file? */
static bool included(const struct walker *w, const char *path)
{
	const char *rel = path + w->root_len;
	while (*rel == '/')
		rel++;
	for (size_t i = 0; i < w->opts->nincludes; i++)
		if (text_glob_match(w->opts->includes[i], rel))
			return true;
	return false;
}

static char *join(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	bool slash = a && dir[a - 1] == '/';
	char *p = xmalloc(st_add(st_add(a, b), 2));
	memcpy(p, dir, a);
	size_t o = a;
	if (!slash)
		p[o++] = '/';
	memcpy(p + o, name, b);
	p[o + b] = '\0';
	return p;
}

/* The first bytes of a YAML file the walk does not know by name: enough to see its
 * top-level keys. Never blocks (O_NONBLOCK) and reads regular files only. */
static bool yaml_is_conda(const char *path)
{
	char head[8192];
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return false;
	ssize_t n = read(fd, head, sizeof(head));
	close(fd);
	return n > 0 && file_kind_is_conda_yaml(head, (size_t)n);
}

static void walk_dir(struct walker *w, const char *dir, unsigned depth)
{
	DIR *d = opendir(dir);
	if (!d) {
		diag_add(w->diags, RULE_EL001, dir, span_none(), NULL, "cannot read directory '%s': %s", dir,
			 strerror(errno));
		return;
	}
	VEC(char *) list = { NULL, 0, 0 };
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		vec_push(&list, xstrdup(e->d_name));
	}
	char **names = list.items;
	size_t n = list.nr;
	closedir(d);
	if (n) /* an empty directory has no array at all: qsort must not see NULL */
		qsort(names, n, sizeof(*names), str_cmp);
	for (size_t i = 0; i < n; i++) {
		char *path = join(dir, names[i]);
		struct stat lst, st;
		/* A directory symlink is followed only with --follow: without that a chain of
		 * links can make one file count thousands of times. File symlinks are read.
		 * stat says what lstat said unless the entry is a link: one call then. */
		if (lstat(path, &lst) == 0 &&
		    (S_ISLNK(lst.st_mode) ? stat(path, &st) == 0 : (st = lst, true))) {
			bool link = S_ISLNK(lst.st_mode);
			if (S_ISDIR(st.st_mode)) {
				bool enter = (!link || w->opts->follow) && !skipped_dir(names[i]);
				if (!enter)
					skip(w, path,
					     link && !w->opts->follow
						     ? "a directory symlink (--follow follows it)"
						     : "a directory envlint never enters");
				if (enter && depth + 1 >= WALK_MAX_DEPTH) {
					if (!w->deep)
						diag_add(
							w->diags, RULE_EL007, path, span_none(), NULL,
							"'%s' is more than %d directories deep; it and the "
							"directories below it were not walked (name it to lint it)",
							path, WALK_MAX_DEPTH);
					w->deep = true;
				} else if (enter && id_set_add(&w->seen, file_id_of(&st))) {
					walk_dir(w, path, depth + 1);
				}
			} else if (S_ISREG(st.st_mode) && file_kind_from_name(path) != FILE_KIND_UNKNOWN) {
				list_file(w, path, &st, false, false);
			} else if (S_ISREG(st.st_mode) && w->opts->nincludes && included(w, path)) {
				list_file(w, path, &st, false, true);
			} else if (S_ISREG(st.st_mode) && file_kind_yaml_name(path) && yaml_is_conda(path)) {
				/* conda files under other names (env.yml, conda_deps.yaml): by content */
				list_file(w, path, &st, false, true);
			} else if (S_ISREG(st.st_mode)) {
				skip(w, path,
				     file_kind_yaml_name(path) ? "YAML that is not a conda environment"
							       : "not a manifest name");
			} else {
				skip(w, path, "not a regular file");
			}
		}
		/* A dangling symlink or a FIFO in a walked directory is not ours to report. */
		free(path);
		free(names[i]);
	}
	free(names);
}

void walk_paths(const char *const *paths, size_t npaths, const struct walk_options *opts,
		struct walk_result *out, struct diag_list *diags)
{
	static const struct walk_options defaults = { false, false, NULL, 0 };
	struct walker w = { opts ? opts : &defaults, 0, out, diags, { NULL, NULL, 0, 0 }, false, false };
	for (size_t i = 0; i < npaths; i++) {
		const char *p = paths[i];
		struct stat st;
		if (!strcmp(p, "-")) {
			/* Standard input: listed once, read by the run (--stdin-filename names it). */
			bool seen = false;
			for (size_t k = 0; k < out->nr && !seen; k++)
				seen = !strcmp(out->items[k].path, "-");
			if (!seen)
				add_file(out, p, true, false);
			continue;
		}
		if (stat(p, &st) != 0) {
			diag_add(diags, RULE_EL001, p, span_none(), NULL, "cannot read '%s': %s", p,
				 strerror(errno));
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			/* Named directories are walked even through a symlink (the user asked). */
			w.root_len = strlen(p);
			if (id_set_add(&w.seen, file_id_of(&st)))
				walk_dir(&w, p, 1);
		} else {
			/* Named files are always listed (once); source_load refuses non-regular
			 * ones (FIFOs, devices) without opening them for reading. */
			list_file(&w, p, &st, true, false);
		}
	}
	id_set_release(&w.seen);
}

void walk_result_release(struct walk_result *self)
{
	for (size_t i = 0; i < self->nr; i++)
		free(self->items[i].path);
	free(self->items);
	self->items = NULL;
	self->nr = self->alloc = 0;
	for (size_t i = 0; i < self->skips.nr; i++)
		free(self->skips.items[i].path);
	vec_release(&self->skips);
	self->nskipped = 0;
}

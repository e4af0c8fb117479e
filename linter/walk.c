#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"
#include "readers/readers.h"
#include "util/vec.h"
#include "util/xalloc.h"

/* Deeper trees than this are not walked (a limit, not a fact). */
static const unsigned WALK_MAX_DEPTH = 64;

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

static void add_file(struct walk_result *out, const char *path, bool named)
{
	struct walk_file f = { xstrdup(path), named };
	vec_push(out, f);
}

struct dir_id {
	dev_t dev;
	ino_t ino;
};

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

static void walk_dir(const char *dir, struct dir_id *stack, unsigned depth, struct walk_result *out,
		     struct diag_list *diags)
{
	DIR *d = opendir(dir);
	if (!d) {
		diag_add(diags, RULE_EL001, dir, span_none(), NULL, "cannot read directory '%s': %s", dir,
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
	qsort(names, n, sizeof(*names), str_cmp);
	for (size_t i = 0; i < n; i++) {
		char *path = join(dir, names[i]);
		struct stat st;
		if (stat(path, &st) == 0) {
			if (S_ISDIR(st.st_mode)) {
				bool loop = false;
				for (unsigned k = 0; k < depth; k++)
					if (stack[k].dev == st.st_dev && stack[k].ino == st.st_ino)
						loop = true;
				if (!loop && !skipped_dir(names[i]) && depth + 1 < WALK_MAX_DEPTH) {
					stack[depth].dev = st.st_dev;
					stack[depth].ino = st.st_ino;
					walk_dir(path, stack, depth + 1, out, diags);
				}
			} else if (S_ISREG(st.st_mode) && file_kind_from_name(path) != FILE_KIND_UNKNOWN) {
				add_file(out, path, false);
			}
		}
		/* A dangling symlink or a FIFO in a walked directory is not ours to report. */
		free(path);
		free(names[i]);
	}
	free(names);
}

void walk_paths(const char *const *paths, size_t npaths, struct walk_result *out, struct diag_list *diags)
{
	struct dir_id *stack = xcalloc(WALK_MAX_DEPTH, sizeof(*stack));
	for (size_t i = 0; i < npaths; i++) {
		const char *p = paths[i];
		struct stat st;
		if (stat(p, &st) != 0) {
			diag_add(diags, RULE_EL001, p, span_none(), NULL, "cannot read '%s': %s", p,
				 strerror(errno));
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			stack[0].dev = st.st_dev;
			stack[0].ino = st.st_ino;
			walk_dir(p, stack, 1, out, diags);
		} else {
			/* Named files are always listed; source_load refuses non-regular ones
			 * (FIFOs, devices) without opening them for reading. */
			add_file(out, p, true);
		}
	}
	free(stack);
}

void walk_result_release(struct walk_result *self)
{
	for (size_t i = 0; i < self->nr; i++)
		free(self->items[i].path);
	free(self->items);
	self->items = NULL;
	self->nr = self->alloc = 0;
}

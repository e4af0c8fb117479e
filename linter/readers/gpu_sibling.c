/* gpu_sibling.c: see gpu_sibling.h. */
#include "gpu_sibling.h"

#include <dirent.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "util/text.h"

static bool has_dockerfile(struct arena *arena, const char *dir)
{
	struct stat st;
	const char *file = arena_printf(arena, "%s/Dockerfile", dir);
	return stat(file, &st) == 0 && S_ISREG(st.st_mode);
}

/* A directory named for the GPU build: a word of its own at the start (gpu, cuda12). */
static bool gpu_name(const char *name)
{
	return !strncasecmp(name, "gpu", 3) || !strncasecmp(name, "cuda", 4);
}

const char *gpu_sibling_of(struct arena *arena, const char *path)
{
	static const char *const SUFFIXES[] = { "-gpu", "_gpu", "-cuda", "_cuda" };
	const char *dir = text_dir_of(arena, path);
	const char *slash = strrchr(dir, '/');
	const char *base = slash ? slash + 1 : dir;
	if (*base && strcmp(base, ".") && strcmp(base, ".."))
		for (size_t i = 0; i < sizeof(SUFFIXES) / sizeof(SUFFIXES[0]); i++) {
			const char *sib = arena_printf(arena, "%s%s", dir, SUFFIXES[i]);
			if (has_dockerfile(arena, sib))
				return sib;
		}
	DIR *d = opendir(dir);
	if (!d)
		return NULL;
	const char *found = NULL;
	for (struct dirent *e; !found && (e = readdir(d)) != NULL;) {
		if (!gpu_name(e->d_name))
			continue;
		const char *sub = arena_printf(arena, "%s/%s", dir, e->d_name);
		if (has_dockerfile(arena, sub))
			found = sub;
	}
	closedir(d);
	return found;
}

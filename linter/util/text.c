#include "text.h"

#include <string.h>
#include <strings.h>

#include "arena.h"

bool text_contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++)
		if (!strncasecmp(hay, needle, n))
			return true;
	return false;
}

const char *text_dir_of(struct arena *arena, const char *path)
{
	const char *slash = path ? strrchr(path, '/') : NULL;
	if (!slash)
		return ".";
	if (slash == path)
		return "/";
	return arena_strndup(arena, path, (size_t)(slash - path));
}

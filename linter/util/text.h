/*
 * text: small string helpers several modules need — case-insensitive search, the
 * directory part of a path. Pure functions; results either borrowed from the argument or
 * allocated in the caller's arena. Depends only on arena.
 */
#ifndef ENVLINT_UTIL_TEXT_H
#define ENVLINT_UTIL_TEXT_H

#include <stdbool.h>

struct arena;

/* Does `hay` contain `needle`, ignoring ASCII case? */
bool text_contains_nocase(const char *hay, const char *needle);
/* The directory of `path` for resolving relative names next to it: "." for a bare
 * name, "/" for a file in the root, else a copy in `arena` of everything before the last
 * '/'. NULL path gives ".". */
const char *text_dir_of(struct arena *arena, const char *path);

#endif

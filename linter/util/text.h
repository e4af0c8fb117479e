/*
 * text: small string helpers several modules need — case-insensitive search, the
 * directory part of a path. Pure functions; results either borrowed from the argument or
 * allocated in the caller's arena. Depends only on arena.
 */
#ifndef ENVLINT_UTIL_TEXT_H
#define ENVLINT_UTIL_TEXT_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

/* Does `hay` contain `needle`, ignoring ASCII case? */
bool text_contains_nocase(const char *hay, const char *needle);
/* The directory of `path` for resolving relative names next to it: "." for a bare
 * name, "/" for a file in the root, else a copy in `arena` of everything before the last
 * '/'. NULL path gives ".". */
const char *text_dir_of(struct arena *arena, const char *path);

/* Edit distance (insertions, deletions, substitutions; ASCII case ignored) between a
 * and b, or `cap` + 1 when it is larger than `cap` (so long words cost little). */
size_t text_distance(const char *a, const char *b, size_t cap);
/* The candidate nearest to `word` for "did you mean" hints: the first that starts with
 * it (3 characters or more), else the nearest within a distance of max(2, strlen(word)
 * / 3); NULL when none is that near. Candidates may contain NULLs. */
const char *text_nearest(const char *word, const char *const *candidates, size_t n);

/* Does `path` ("a/b/c.txt", no leading "./") match the glob `pat`? '*', '?' and [...]
 * stay inside one path segment (fnmatch); a '**' segment matches any number of whole
 * segments, as .gitignore and ruff read it. */
bool text_glob_match(const char *pat, const char *path);

/* Does `s` hold a placeholder a template tool fills in before the file is used: Jinja or
 * Go's "{{ X }}" / "{% ... %}", or a Python str.format field "{name}", "{name:spec}",
 * "{}" (a Dockerfile rendered by a build script: `torch=={torch_version}`)? `${NAME}` is a
 * variable, not a placeholder; no version, package name or URL holds a brace otherwise. */
bool text_has_template(const char *s);

#endif

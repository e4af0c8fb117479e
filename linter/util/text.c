#include "text.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
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

size_t text_distance(const char *a, const char *b, size_t cap)
{
	size_t la = strlen(a), lb = strlen(b);
	if ((la > lb ? la - lb : lb - la) > cap || lb >= 64)
		return cap + 1;
	size_t row[64];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0], best = row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
			size_t v = diag + cost;
			if (up + 1 < v)
				v = up + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			row[j] = v;
			diag = up;
			if (v < best)
				best = v;
		}
		if (best > cap)
			return cap + 1;
	}
	return row[lb] > cap ? cap + 1 : row[lb];
}

const char *text_nearest(const char *word, const char *const *candidates, size_t n)
{
	size_t len = strlen(word), cap = len / 3 > 2 ? len / 3 : 2;
	const char *best = NULL;
	/* A clipped word ("warn" for "warning") is nearer than any edit distance says. */
	for (size_t i = 0; i < n && len >= 3; i++)
		if (candidates[i] && !strncasecmp(candidates[i], word, len))
			return candidates[i];
	size_t best_d = cap + 1;
	for (size_t i = 0; i < n; i++) {
		if (!candidates[i])
			continue;
		size_t d = text_distance(word, candidates[i], cap);
		if (d < best_d) {
			best_d = d;
			best = candidates[i];
		}
	}
	return best;
}

/* One path segment against one pattern segment (no '/' in either). */
static bool segment_matches(const char *pat, size_t plen, const char *seg, size_t slen)
{
	char p[256], s[256];
	if (plen >= sizeof(p) || slen >= sizeof(s))
		return false;
	memcpy(p, pat, plen);
	p[plen] = '\0';
	memcpy(s, seg, slen);
	s[slen] = '\0';
	return !fnmatch(p, s, FNM_PERIOD);
}

/* Glob with '**' (any number of whole segments, as .gitignore and ruff read it). */
bool text_glob_match(const char *pat, const char *path)
{
	if (!strcmp(pat, "**"))
		return true;
	if (!strncmp(pat, "**/", 3)) {
		for (const char *p = path;; p++) {
			if (text_glob_match(pat + 3, p))
				return true;
			p = strchr(p, '/');
			if (!p)
				return false;
		}
	}
	const char *pslash = strchr(pat, '/');
	const char *sslash = strchr(path, '/');
	size_t plen = pslash ? (size_t)(pslash - pat) : strlen(pat);
	size_t slen = sslash ? (size_t)(sslash - path) : strlen(path);
	if (!segment_matches(pat, plen, path, slen))
		return false;
	if (!pslash || !sslash)
		return !pslash && !sslash;
	return text_glob_match(pslash + 1, sslash + 1);
}

bool text_has_template(const char *s)
{
	for (const char *p = strchr(s, '{'); p; p = strchr(p + 1, '{')) {
		if (p > s && p[-1] == '$')
			continue; /* ${NAME}: a shell or Dockerfile variable */
		if (p[1] == '{' || p[1] == '%' || p[1] == '}')
			return true;
		const char *q = p + 1;
		if (!(isalpha((unsigned char)*q) || *q == '_'))
			continue;
		while (isalnum((unsigned char)*q) || *q == '_')
			q++;
		if (*q == '}' || *q == ':' || *q == '.' || *q == '[')
			return true;
	}
	return false;
}

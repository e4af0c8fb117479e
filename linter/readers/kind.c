/*
 * File kinds: which reader a file goes to. The directory walk uses the name patterns of
 * CONTRACT.md only; a path named on the command line is told from its name, then from
 * looser name hints, then from its content.
 */
#include <ctype.h>
#include <fnmatch.h>
#include <string.h>
#include <strings.h>

#include "readers.h"
#include "util/text.h"

struct name_pattern {
	const char *glob; /* fnmatch pattern on the base name (or dir/base) */
	enum file_kind kind;
	bool with_dir; /* match "parent/base" */
};

/* CONTRACT.md "Files found in a directory walk". */
static const struct name_pattern WALK_PATTERNS[] = {
	{ "environment*.y*ml", FILE_KIND_CONDA, false },
	{ "*.environment.y*ml", FILE_KIND_CONDA, false },
	{ "conda*.y*ml", FILE_KIND_CONDA, false },
	{ "*requirements*.txt", FILE_KIND_REQUIREMENTS, false },
	{ "requirements/*.txt", FILE_KIND_REQUIREMENTS, true },
	{ "requirements*.in", FILE_KIND_REQUIREMENTS, false },
	{ "constraints*.txt", FILE_KIND_REQUIREMENTS, false },
	{ "Dockerfile", FILE_KIND_DOCKERFILE, false },
	{ "Dockerfile.*", FILE_KIND_DOCKERFILE, false },
	{ "Dockerfile-*", FILE_KIND_DOCKERFILE, false },
	{ "*.Dockerfile", FILE_KIND_DOCKERFILE, false },
	{ "*.dockerfile", FILE_KIND_DOCKERFILE, false },
	{ "dockerfile", FILE_KIND_DOCKERFILE, false },
	{ "Containerfile", FILE_KIND_DOCKERFILE, false },
};

static const char *base_name(const char *path, const char **parent_start)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	if (parent_start) {
		const char *p = slash;
		*parent_start = path;
		if (p) {
			while (p > path && p[-1] != '/')
				p--;
			*parent_start = p;
		}
	}
	return base;
}

enum file_kind file_kind_from_name(const char *path)
{
	const char *parent;
	const char *base = base_name(path, &parent);
	for (size_t i = 0; i < sizeof(WALK_PATTERNS) / sizeof(WALK_PATTERNS[0]); i++) {
		const struct name_pattern *p = &WALK_PATTERNS[i];
		const char *subject = p->with_dir ? parent : base;
		if (fnmatch(p->glob, subject, 0) == 0)
			return p->kind;
	}
	return FILE_KIND_UNKNOWN;
}

/* Looser hints for files named explicitly: "x__Dockerfile-cuda111", "environment-wsl2.yaml",
 * "requirements_lock_3_10.txt", "requirements.in". */
static enum file_kind kind_from_name_hint(const char *path)
{
	const char *base = base_name(path, NULL);
	const char *dot = strrchr(base, '.');
	/* A YAML file is never a Dockerfile, whatever its name holds ("dockerfiles_env.yml"). */
	if (dot && (!strcasecmp(dot, ".yml") || !strcasecmp(dot, ".yaml")))
		return FILE_KIND_CONDA;
	if (text_contains_nocase(base, "dockerfile") || text_contains_nocase(base, "containerfile"))
		return FILE_KIND_DOCKERFILE;
	if (dot && (!strcasecmp(dot, ".txt") || !strcasecmp(dot, ".in")))
		return FILE_KIND_REQUIREMENTS;
	return FILE_KIND_UNKNOWN;
}

static bool line_starts_with_word(const char *p, const char *end, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(end - p) < n || strncasecmp(p, word, n))
		return false;
	return p + n == end || isspace((unsigned char)p[n]);
}

enum file_kind file_kind_from_content(const char *bytes, size_t len)
{
	const char *p = bytes, *end = bytes + len;
	unsigned looked = 0;
	while (p < end && looked < 200) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		const char *q = p;
		while (q < eol && (*q == ' ' || *q == '\t' || *q == '\r'))
			q++;
		if (q < eol && *q != '#') {
			looked++;
			if (line_starts_with_word(q, eol, "FROM"))
				return FILE_KIND_DOCKERFILE;
			if (!strncmp(q, "dependencies:", 13) || !strncmp(q, "channels:", 9))
				return FILE_KIND_CONDA;
		}
		p = eol + 1;
	}
	return FILE_KIND_UNKNOWN;
}

bool file_kind_yaml_name(const char *path)
{
	const char *dot = strrchr(base_name(path, NULL), '.');
	return dot && (!strcasecmp(dot, ".yml") || !strcasecmp(dot, ".yaml"));
}

bool file_kind_is_conda_yaml(const char *bytes, size_t len)
{
	/* A conda environment has `dependencies:` or `channels:` as a top-level key; other
	 * YAML in a repository (CI workflows, compose files) indents such words if it has
	 * them at all. */
	for (const char *p = bytes, *end = bytes + len; p < end;) {
		if ((size_t)(end - p) >= 13 && !strncmp(p, "dependencies:", 13))
			return true;
		if ((size_t)(end - p) >= 9 && !strncmp(p, "channels:", 9))
			return true;
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			break;
		p = eol + 1;
	}
	return false;
}

enum file_kind file_kind_for_named_path(const char *path, const char *bytes, size_t len)
{
	enum file_kind k = file_kind_from_name(path);
	if (k == FILE_KIND_UNKNOWN)
		k = kind_from_name_hint(path);
	if (k == FILE_KIND_UNKNOWN)
		k = file_kind_from_content(bytes, len);
	return k;
}

const char *file_kind_name(enum file_kind kind)
{
	switch (kind) {
	case FILE_KIND_CONDA:
		return "conda";
	case FILE_KIND_REQUIREMENTS:
		return "requirements";
	case FILE_KIND_DOCKERFILE:
		return "dockerfile";
	case FILE_KIND_UNKNOWN:
		break;
	}
	return "unknown";
}

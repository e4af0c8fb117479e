/*
 * tmpdir: a scratch directory for tests that need real files (includes, COPY'd
 * requirements). One per test file: make it in a setup, write into it, remove it with
 * everything inside in the teardown.
 */
#ifndef ENVLINT_TESTS_TMPDIR_H
#define ENVLINT_TESTS_TMPDIR_H

#include <stdio.h>
#include <stdlib.h>

static char tmpdir[256];

/* mkdtemp("/tmp/envlint-<tag>-XXXXXX"); 0 on success (cmocka setup convention). */
static inline int tmpdir_make(const char *tag)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/envlint-%s-XXXXXX", tag);
	return mkdtemp(tmpdir) ? 0 : -1;
}

/* Writes `text` to tmpdir/rel (its directory must exist). */
static inline void tmpdir_write(const char *rel, const char *text)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", tmpdir, rel);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static inline int tmpdir_remove(void)
{
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

#endif

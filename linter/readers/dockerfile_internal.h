/*
 * dockerfile_internal: the Dockerfile reader's test seam (private to linter/readers/
 * and tests/unit/test_dockerfile.c). read_dockerfile is dockerfile_read(ctx, src, NULL,
 * NULL); a test passes an observer to see the words each pip/conda command hands to
 * requirements_from_words / conda_from_words, after COPY paths were resolved.
 */
#ifndef ENVLINT_READERS_DOCKERFILE_INTERNAL_H
#define ENVLINT_READERS_DOCKERFILE_INTERNAL_H

#include "readers.h"
#include "shell.h"

/* Called once per pip or conda command, just before its words are read; `words` are
 * borrowed for the call. */
typedef void (*dockerfile_observer)(void *arg, enum shell_tool tool, const struct word *words, size_t n,
				    uint32_t scope);

bool dockerfile_read(struct read_ctx *ctx, const struct source *src, dockerfile_observer observe, void *arg);

#endif

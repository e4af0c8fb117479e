/*
 * shell_internal: what the two halves of shell.h share (private to linter/readers/shell*.c):
 *   shell_expand.c  ARG/ENV table, origin-tracking text, `$`-expansion, words from text
 *   shell.c         tree-sitter-bash walk of RUN bodies, finding commands
 *   shell_command.c which commands are read, from their words (shell_command.h)
 *   shell_scan.c    the byte search that tells which RUN bodies need that walk
 */
#ifndef ENVLINT_READERS_SHELL_INTERNAL_H
#define ENVLINT_READERS_SHELL_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "shell.h"

/* Copies in->text[a, b) to out as written, each byte with its Dockerfile offset. */
void shell_text_add_input(struct shell_text *out, const struct shell_input *in, size_t a, size_t b);
/* Marks out unresolved; `name` (len bytes) is kept as the first unresolved variable. */
void shell_text_mark_unresolved(const struct shell_expander *exp, struct shell_text *out, const char *name,
				size_t len);
/* Whether t[from, to) is a bash reserved word (shell_scan.c). */
bool shell_is_reserved_word(const char *t, size_t from, size_t to);
/* A shell/Dockerfile variable name starts with '_' or a letter. */
bool shell_name_start(char c);

/* shell_word_from_text in two steps, so a caller can skip the span work (source_span
 * counts code points from the start of the line, so it costs the line's length) for
 * words it drops. shell_word_make fills all but `span`; shell_word_locate sets it. */
struct word shell_word_make(const struct shell_expander *exp, const struct source *src,
			    const struct shell_text *t, size_t from, size_t to);
void shell_word_locate(struct word *w, const struct source *src, struct span as_written);

#endif

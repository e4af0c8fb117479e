/*
 * span: where a piece of text sits in a linted file. Lines and columns are 1-based
 * (CONTRACT.md); columns count Unicode code points (SARIF run.columnKind
 * "unicodeCodePoints"), so a column means the same in every output format. The byte
 * offsets are kept beside them for slicing. A span with line == 0 is "no span".
 * Small value type, passed by value (tree-sitter's point.h).
 */
#ifndef ENVLINT_SPAN_H
#define ENVLINT_SPAN_H

#include <stdbool.h>
#include <stdint.h>

struct span {
	uint32_t line, column;         /* first character, 1-based */
	uint32_t end_line, end_column; /* one past the last character, 1-based */
	uint32_t start_byte, end_byte; /* byte offsets into the file */
};

static inline struct span span_none(void)
{
	struct span s = { 0, 0, 0, 0, 0, 0 };
	return s;
}

static inline bool span_is_set(struct span s)
{
	return s.line != 0;
}

/* Orders spans by start position (line, then column). */
static inline int span_cmp(struct span a, struct span b)
{
	if (a.line != b.line)
		return a.line < b.line ? -1 : 1;
	if (a.column != b.column)
		return a.column < b.column ? -1 : 1;
	return 0;
}

#endif

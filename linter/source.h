/*
 * source: one linted file in memory: its display path, its bytes (NUL-terminated, NULs
 * inside are kept) and a line index. It is the only module that turns byte offsets or
 * libyaml marks into `struct span` (columns in code points, see span.h). A source lives
 * in the arena of the file it belongs to. Reads files; knows nothing of their format.
 */
#ifndef ENVLINT_SOURCE_H
#define ENVLINT_SOURCE_H

#include <stdbool.h>
#include "input_limits.h"
#include <stddef.h>
#include <stdint.h>

#include "span.h"

struct arena;
struct diag_list;

/* Code-point counts at every SOURCE_BLOCK bytes, built on the first span of a long
 * line (mutable behind a const source): a column is then a difference of two prefix
 * counts, each at most one block of scanning, instead of a scan from the line start for
 * every span (20k pins on one 490 KB line: 13 s before). */
#define SOURCE_BLOCK 4096

struct source_cursor {
	struct arena *arena; /* the source's own arena: the index lives as long as it */
	uint32_t *blocks;    /* blocks[k] = code points in bytes [0, k * SOURCE_BLOCK) */
	size_t nblocks;
	/* The last position locate() answered (memo_line 0: none yet). Readers ask for
	 * spans mostly in file order, several on one line, so the next column is usually
	 * this one plus the code points between, and the line is usually this line. */
	size_t memo_offset;
	uint32_t memo_line, memo_col;
};

struct source {
	const char *path;  /* as given or found by the walk (display form) */
	const char *bytes; /* len bytes + a NUL; never NULL once loaded */
	size_t len;
	uint32_t *line_starts; /* byte offset of each line's first byte */
	uint32_t nlines;
	bool has_bom;                 /* a UTF-8 BOM was at offset 0 (columns skip it) */
	struct source_cursor *cursor; /* arena; see struct source_cursor */
};

enum source_status {
	SOURCE_OK,
	SOURCE_UNREADABLE,  /* cannot open or read (EL001 already recorded) */
	SOURCE_TOO_LARGE,   /* over SOURCE_MAX_BYTES (EL007 already recorded) */
	SOURCE_NOT_REGULAR, /* FIFO, device, socket: never opened for reading (EL001) */
	SOURCE_NOT_UTF8,    /* UTF-16 text, with or without a BOM (EL011 already recorded) */
};

/* Loads `path` into `self` (all memory from `arena`). On failure records an EL
 * diagnostic naming the file in `diags` and returns the reason. */
enum source_status source_load(struct source *self, const char *path, struct arena *arena,
			       struct diag_list *diags);
/* Reads all of `fd` (standard input) as the file called `path`, within the same limits
 * and checks as source_load. */
enum source_status source_load_stream(struct source *self, const char *path, int fd, struct arena *arena,
				      struct diag_list *diags);
/* Wraps bytes already in memory (tests, fuzzers, embedded KB). `bytes` is copied. */
void source_from_memory(struct source *self, const char *path, const char *bytes, size_t len,
			struct arena *arena);

/* The span of bytes [start, end) (clamped to the file). */
struct span source_span(const struct source *self, size_t start, size_t end);
/* Byte offset of (0-based line, 0-based code-point column), clamped to the line end. */
size_t source_offset(const struct source *self, uint32_t line0, uint32_t column0);
/* Line number (1-based) that holds byte `offset`. */
uint32_t source_line_of(const struct source *self, size_t offset);
/* The text of 1-based `line` without its line terminator; *len receives its length. */
const char *source_line_text(const struct source *self, uint32_t line, size_t *len);

#endif

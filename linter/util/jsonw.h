/*
 * jsonw: the small JSON writing helpers the reports need (strings escaped per RFC 8259,
 * invalid UTF-8 replaced by U+FFFD so the output always parses). Writes into a buf.
 */
#ifndef ENVLINT_UTIL_JSONW_H
#define ENVLINT_UTIL_JSONW_H

struct buf;

/* Appends "s" (quoted, escaped), or null when s is NULL. */
void jsonw_string(struct buf *out, const char *s);

#endif

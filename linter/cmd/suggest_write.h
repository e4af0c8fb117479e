/*
 * suggest_write: `envlint suggest`'s answer as text or JSON (docs/contract.md): the
 * targets, the pick with what to type (suggest_answer.h) and one line per rejected
 * release. Only words what suggest_search found; appends to a buffer and owns nothing.
 */
#ifndef ENVLINT_CMD_SUGGEST_WRITE_H
#define ENVLINT_CMD_SUGGEST_WRITE_H

#include <stdbool.h>
#include <stddef.h>

#include "suggest_search.h"
#include "util/buf.h"

/* The text answer into out; `found` false: no pick (*p unused), every release rejected. */
void suggest_write_text(const struct suggest *s, const struct suggest_pick *p, bool found,
			const struct suggest_reject *rj, size_t nrj, struct buf *out);
/* The JSON answer into out, as suggest_write_text. */
void suggest_write_json(const struct suggest *s, const struct suggest_pick *p, bool found,
			const struct suggest_reject *rj, size_t nrj, struct buf *out);

#endif

/*
 * suggest_search: `envlint suggest`'s search, the newest torch build that runs on every
 * target, over the KB's release lines, patches and CUDA wheels, newest first
 * (kb_torch_at, kb_torch_variant), asking the same questions the checks ask: kernels
 * through torch_pick_runs_on (SASS for the GPU's compute capability, or PTX it can JIT),
 * the driver through floor_of_minor (fully, or through minor-version compatibility). A
 * fact the KB does not hold never fits: an unknown is said, not guessed past. Owns the
 * reasons it writes (suggest_why_release); borrows the KB and the targets. Never prints:
 * suggest_write.h words the answer.
 */
#ifndef ENVLINT_CMD_SUGGEST_SEARCH_H
#define ENVLINT_CMD_SUGGEST_SEARCH_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis/floor.h"
#include "kb/kb.h"
#include "profile.h"
#include "util/buf.h"
#include "version.h"

/* The question and what is known of it. */
struct suggest {
	const struct kb *kb;
	const struct profile *boxes; /* the targets: a build must run on every one */
	size_t nboxes;
	bool has_python;
	struct version python;
	bool has_torch;
	struct version torch; /* X.Y (a line) or X.Y.Z (a patch) */
};

/* The chosen build. */
struct suggest_pick {
	const struct kb_torch_release *rel;
	struct version patch;
	const struct kb_torch_variant *variant;
	enum floor_verdict floor; /* the weakest of the drivers; FLOOR_UNKNOWN: none given */
	bool fallback;            /* no preferred build runs on every target: this is the
				     newest that runs at all */
};

/* Why a release does not fit: a reason of the release itself (`common`: no wheel for
 * --python, no +cuXYZ label), else each target profile's reason, empty for a profile a
 * build of it runs on. */
struct suggest_why {
	struct buf common;
	struct buf *per; /* one per profile */
};

/* A rejected candidate: its torch version and why. */
struct suggest_reject {
	char torch[32];
	struct suggest_why why;
};

#define SUGGEST_MAX_REJECTS 64

/* The search: lines newest first, patches newest first within a line, the best wheel of
 * a patch by torch_pick_better, among the builds the KB has first-hand
 * (torch_pick_firsthand), and only where none runs on every target among all
 * (pick->fallback). True with *pick filled when a build runs on every target. Lines
 * newer than the pick (and newer patches of its own line) each get one reject in
 * `rejects` (room for SUGGEST_MAX_REJECTS), explained by their newest patch the question
 * selects; the caller releases each with suggest_why_release. */
bool suggest_search(const struct suggest *s, struct suggest_pick *pick, struct suggest_reject *rejects,
		    size_t *nrejects);

/* Frees the reasons of a reject (nboxes: the question's). */
void suggest_why_release(struct suggest_why *self, size_t nboxes);

/* "the KB has this release (build) from secondary sources only (status: 2nd)", or NULL
 * where the KB has both first-hand. A static string. */
const char *suggest_secondhand_text(const struct kb_torch_release *rel, const struct kb_torch_variant *v);

/* "SASS sm_50 sm_60 ...; PTX sm_90" or "; no PTX" / "; PTX unknown", appended to out. */
void suggest_arch_text(const struct kb_torch_variant *v, struct buf *out);

#endif

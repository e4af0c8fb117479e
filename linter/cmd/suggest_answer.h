/*
 * suggest_answer: what to type for `envlint suggest`'s pick: the pip line (its PyTorch
 * index checked against images.yaml's `pytorch-index` pattern), the `conda install` line
 * where the release is on the pytorch channel with that CUDA, a pytorch/pytorch tag where
 * the release's `images` list has one, and the versions the text and JSON both print.
 * Only the KB's facts; nothing is made up here. Owns the buffers of a struct
 * suggest_answer (suggest_answer_release); never prints.
 */
#ifndef ENVLINT_CMD_SUGGEST_ANSWER_H
#define ENVLINT_CMD_SUGGEST_ANSWER_H

#include <stdbool.h>

#include "suggest_search.h"
#include "util/buf.h"

/* What the pick is: every field the text and JSON both print. */
struct suggest_answer {
	char torch[32], cuda[16], cudnn[32], vision[32], audio[32], pymin[16], pymax[16];
	struct buf pip, conda, conda_why;
	const char *pip_source;
	bool has_image;
	char image[160];
};

/* Fills *self for pick `p` of question `s`; "" (or an empty buffer) where the KB knows
 * nothing; conda_why says why there is no conda line. Release with
 * suggest_answer_release. */
void suggest_answer_fill(struct suggest_answer *self, const struct suggest *s, const struct suggest_pick *p);
void suggest_answer_release(struct suggest_answer *self);

#endif

#include "claim_group.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* Claims of one file and scope that allow the same releases say the same thing (an
 * exported conda environment pins cuda-cudart, cuda-runtime and pytorch-cuda alike): the
 * first is reported and names the lines of the others. */
struct claim_group {
	size_t claim; /* index into claims */
	const char *file;
	uint32_t scope;
	size_t lo, hi, n; /* allowed releases: first, last, count */
};

static int group_cmp(const void *pa, const void *pb)
{
	const struct claim_group *a = pa, *b = pb;
	int c = strcmp(a->file ? a->file : "", b->file ? b->file : "");
	if (c)
		return c;
	if (a->scope != b->scope)
		return a->scope < b->scope ? -1 : 1;
	if (a->lo != b->lo)
		return a->lo < b->lo ? -1 : 1;
	if (a->hi != b->hi)
		return a->hi < b->hi ? -1 : 1;
	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	return a->claim < b->claim ? -1 : a->claim > b->claim;
}

static bool same_group(const struct claim_group *a, const struct claim_group *b)
{
	return !strcmp(a->file ? a->file : "", b->file ? b->file : "") && a->scope == b->scope &&
	       a->lo == b->lo && a->hi == b->hi && a->n == b->n;
}

/* "; also pinned at lines 52, 194" (at most five lines, then a count). */
static void also_lines(const struct cuda_claims *claims, const struct claim_group *g, size_t n, char *buf,
		       size_t size)
{
	buf[0] = '\0';
	if (n < 2)
		return;
	size_t o = (size_t)snprintf(buf, size, "; also pinned at line%s", n > 2 ? "s" : "");
	for (size_t k = 1; k < n && k <= 5 && o < size; k++)
		o += (size_t)snprintf(buf + o, size - o, "%s %u", k > 1 ? "," : "",
				      claims->items[g[k].claim].span.line);
	if (n > 6 && o < size)
		snprintf(buf + o, size - o, " and %zu more", n - 6);
}

void claim_groups_each(const struct check_ctx *ctx, claim_group_fn fn, struct diag_list *out)
{
	const struct cuda_claims *claims = &ctx->facts->claims;
	size_t nrel = kb_cuda_count(ctx->kb);
	bool *allowed = xcalloc(nrel + 1, sizeof(bool));
	struct claim_group *groups = xcalloc(claims->nr + 1, sizeof(*groups));
	for (size_t i = 0; i < claims->nr; i++) {
		struct claim_group *g = &groups[i];
		g->claim = i;
		g->file = claims->items[i].pin->file;
		g->scope = claims->items[i].pin->scope;
		g->n = cuda_claim_releases(&claims->items[i], ctx->kb, allowed);
		g->lo = g->hi = 0;
		for (size_t r = 0; r < nrel; r++)
			if (allowed[r]) {
				if (!g->hi)
					g->lo = r;
				g->hi = r + 1;
			}
	}
	qsort(groups, claims->nr, sizeof(*groups), group_cmp);
	for (size_t i = 0; i < claims->nr;) {
		size_t j = i + 1;
		while (j < claims->nr && same_group(&groups[i], &groups[j]))
			j++;
		char also[160];
		also_lines(claims, &groups[i], j - i, also, sizeof(also));
		fn(ctx, &claims->items[groups[i].claim], allowed, also, out);
		i = j;
	}
	free(groups);
	free(allowed);
}

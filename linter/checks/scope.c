#include "scope.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pin_spec.h"
#include "util/xalloc.h"

static void add_index(const struct check_ctx *ctx, const struct pin *p, struct scope_info *s)
{
	s->index = true;
	struct kb_match m;
	if (!p->spec || p->unresolved || !ctx->kb || !kb_match(ctx->kb, KB_PAT_INDEX_URL, NULL, p->spec, &m) ||
	    !m.variant[0] || s->nvariants == SCOPE_MAX_INDEX_VARIANTS ||
	    strlen(m.variant) >= sizeof(s->variant_buf[0])) {
		s->index_any_build = true;
		return;
	}
	memcpy(s->variant_buf[s->nvariants], m.variant, strlen(m.variant) + 1);
	s->variants[s->nvariants] = s->variant_buf[s->nvariants];
	s->nvariants++;
}

void scopes_build(const struct check_ctx *ctx, struct scopes *out)
{
	size_t n = 1;
	for (size_t i = 0; i < ctx->npins; i++)
		if ((size_t)ctx->pins[i].scope + 1 > n)
			n = (size_t)ctx->pins[i].scope + 1;
	out->items = xcalloc(n, sizeof(*out->items));
	out->n = n;
	for (size_t i = 0; i < ctx->npins; i++) {
		const struct pin *p = &ctx->pins[i];
		struct scope_info *s = &out->items[p->scope];
		if (p->kind == PIN_KIND_INDEX && p->index_kind != PIN_INDEX_CHANNEL) {
			add_index(ctx, p, s);
			continue;
		}
		if (p->eco == PIN_ECO_CONDA || !pin_is_torch_family(p))
			continue;
		bool variant = p->variant && !p->unresolved;
		s->pip_family = true;
		s->pip_family_variant |= variant;
		s->pip_torch_variant |= variant && p->pkg == PIN_PKG_TORCH;
		if (p->pkg == PIN_PKG_TORCH && !s->torch && pin_spec_exact(p, &s->torch_version))
			s->torch = p;
	}
}

void scopes_release(struct scopes *self)
{
	free(self->items);
	self->items = NULL;
	self->n = 0;
}

const struct scopes *scopes_of(const struct check_ctx *ctx, struct scopes *local)
{
	memset(local, 0, sizeof(*local));
	if (ctx->scopes)
		return ctx->scopes;
	scopes_build(ctx, local);
	return local;
}

const struct scope_info *scopes_get(const struct scopes *self, uint32_t scope)
{
	static const struct scope_info EMPTY;
	return scope < self->n ? &self->items[scope] : &EMPTY;
}

bool scope_has_index_variant(const struct scope_info *self, const char *variant)
{
	for (uint8_t i = 0; i < self->nvariants; i++)
		if (!strcmp(self->variants[i], variant))
			return true;
	return false;
}

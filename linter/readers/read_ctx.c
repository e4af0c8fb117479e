#include <string.h>

#include "readers.h"

void read_ctx_init(struct read_ctx *self, struct arena *arena, struct pin_list *pins, struct diag_list *diags)
{
	memset(self, 0, sizeof(*self));
	self->arena = arena;
	self->pins = pins;
	self->diags = diags;
	self->next_scope = 1;
}

uint32_t read_ctx_new_scope(struct read_ctx *self)
{
	return self->next_scope++;
}

/* reader_cache: the run-wide objects of readers.h; shell.c fills bash_parser lazily. */
#include "readers.h"

#include <string.h>

#include <tree_sitter/api.h>

void reader_cache_init(struct reader_cache *self)
{
	memset(self, 0, sizeof(*self));
}

void reader_cache_release(struct reader_cache *self)
{
	if (self->bash_parser)
		ts_parser_delete(self->bash_parser);
	memset(self, 0, sizeof(*self));
}

/* libFuzzer target for one reader (jq's tests/jq_fuzz_*.c idea): any bytes must give
 * pins and EL diagnostics, never a crash, a leak or a hang. `make fuzz` builds it once
 * per reader with -DFUZZ_READER=read_requirements|read_conda|read_dockerfile. */
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "pin.h"
#include "readers/readers.h"
#include "source.h"
#include "util/arena.h"

#ifndef FUZZ_READER
#error "build with -DFUZZ_READER=read_<format>"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena arena = ARENA_INIT;
	struct pin_list pins = PIN_LIST_INIT;
	struct diag_list diags = DIAG_LIST_INIT;
	struct source src;
	/* A path in a directory that does not exist: -r / COPY lookups find nothing. */
	source_from_memory(&src, "/nonexistent-envlint-fuzz/input", (const char *)data, size, &arena);
	struct read_ctx ctx;
	read_ctx_init(&ctx, &arena, &pins, &diags);
	FUZZ_READER(&ctx, &src);
	pin_list_release(&pins);
	diag_list_release(&diags);
	arena_release(&arena);
	return 0;
}

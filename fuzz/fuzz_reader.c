/* libFuzzer target for one reader (jq's tests/jq_fuzz_*.c idea): any bytes must give
 * pins and EL diagnostics, never a crash, a leak or a hang. `make fuzz` builds it once
 * per reader with -DFUZZ_READER=read_requirements|read_conda|read_dockerfile.
 * The pins then go through every check, against the built-in knowledge base and two
 * targets (an old GeForce driver, a data-center GPU), so random pins exercise the claim
 * derivation, scopes and help texts too. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "checks/check.h"
#include "diag.h"
#include "kb/kb.h"
#include "pin.h"
#include "profile.h"
#include "readers/readers.h"
#include "source.h"
#include "util/arena.h"

#ifndef FUZZ_READER
#error "build with -DFUZZ_READER=read_<format>"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct kb *kb;
static struct target targets[2];

static void setup_once(void)
{
	struct diag_list diags = DIAG_LIST_INIT;
	char err[256];
	if (!kb_load_builtin(&kb, &diags) ||
	    !target_from_options(&targets[0], kb, "gtx1080", "470.82.01", NULL, NULL, err, sizeof(err)) ||
	    !target_from_options(&targets[1], kb, "a100", "525.60.13", NULL, NULL, err, sizeof(err)))
		abort();
	diag_list_release(&diags);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!kb)
		setup_once();
	struct arena arena = ARENA_INIT;
	struct pin_list pins = PIN_LIST_INIT;
	struct diag_list diags = DIAG_LIST_INIT;
	struct source src;
	/* A path in a directory that does not exist: -r / COPY lookups find nothing. */
	source_from_memory(&src, "/nonexistent-envlint-fuzz/input", (const char *)data, size, &arena);
	struct read_ctx ctx;
	read_ctx_init(&ctx, &arena, &pins, &diags);
	FUZZ_READER(&ctx, &src);
	for (size_t t = 0; t < 2; t++) {
		struct analysis facts;
		analysis_build(&facts, kb, targets[t].os, pins.items, pins.nr);
		struct check_ctx cctx = { kb, &targets[t], pins.items, pins.nr, &facts, NULL, NULL };
		checks_run(&cctx, CHECK_PASS_FILE, &diags);
		checks_run(&cctx, CHECK_PASS_TARGET, &diags);
		analysis_release(&facts);
	}
	pin_list_release(&pins);
	diag_list_release(&diags);
	arena_release(&arena);
	return 0;
}

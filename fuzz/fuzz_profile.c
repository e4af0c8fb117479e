/* libFuzzer target for profile files (linter/profile_yaml.c): any bytes give profiles or
 * EL017 findings, never a crash, a leak or a hang; what loads is written back out. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "diag.h"
#include "fuzz_kb.h"
#include "kb/kb.h"
#include "profile.h"
#include "profile_yaml.h"
#include "source.h"
#include "util/arena.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct kb *kb = fuzz_kb();
	struct arena arena;
	struct source src;
	struct profile_list profiles = PROFILE_LIST_INIT;
	struct diag_list diags = DIAG_LIST_INIT;
	struct buf out = BUF_INIT;
	arena_init(&arena);
	source_from_memory(&src, "lab.yml", (const char *)data, size, &arena);
	if (profile_yaml_read(&profiles, kb, &src, &diags))
		for (size_t i = 0; i < profiles.nr; i++)
			profile_yaml_write(&profiles.items[i], NULL, &out);
	buf_release(&out);
	profile_list_release(&profiles);
	diag_list_release(&diags);
	arena_release(&arena);
	return 0;
}

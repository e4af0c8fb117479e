/* libFuzzer target for .envlint.yml (linter/config.c): any bytes give a policy layer
 * and EL014 findings, never a crash, a leak or a hang. */
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config config;
	struct diag_list diags = DIAG_LIST_INIT;
	config_init(&config);
	(void)config_load_memory(&config, ".envlint.yml", (const char *)data, size, &diags);
	diag_list_release(&diags);
	config_release(&config);
	return 0;
}

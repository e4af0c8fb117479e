/* libFuzzer target for nvidia-smi captures (linter/nvidia_smi.c): any bytes parse to a
 * machine or a one-line reason, and a parsed one becomes a profile file or a reason. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "diag.h"
#include "fuzz_kb.h"
#include "kb/kb.h"
#include "nvidia_smi.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct kb *kb = fuzz_kb();
	struct nvidia_smi smi;
	char err[512];
	struct buf out = BUF_INIT;
	if (nvidia_smi_parse(&smi, (const char *)data, size, err, sizeof(err)))
		(void)nvidia_smi_write(&smi, kb, "capture.txt", &out, err, sizeof(err));
	buf_release(&out);
	return 0;
}

#include "profile.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Up to `max` GPU names that contain every alphanumeric run of the unknown spelling, for
 * the "did you mean" part of the error (actionlint lists the valid set). */
static void suggest_gpus(const struct kb *kb, const char *spelling, char *out, size_t size)
{
	char digits[32] = "";
	size_t nd = 0;
	for (const char *p = spelling; *p && nd + 1 < sizeof(digits); p++)
		if (isdigit((unsigned char)*p))
			digits[nd++] = *p;
	digits[nd] = '\0';
	size_t o = 0, shown = 0;
	out[0] = '\0';
	for (size_t i = 0; i < kb_gpu_count(kb) && shown < 6; i++) {
		const struct kb_gpu *g = kb_gpu_at(kb, i);
		if (nd && !strstr(g->name, digits))
			continue;
		int n = snprintf(out + o, size - o, "%s'%s'", shown ? ", " : "", g->name);
		if (n < 0 || (size_t)n >= size - o)
			break;
		o += (size_t)n;
		shown++;
	}
}

bool target_from_options(struct target *self, const struct kb *kb, const char *gpu, const char *driver,
			 const char *cuda, const char *os, char *err, size_t errsize)
{
	memset(self, 0, sizeof(*self));
	self->os = (os && !strcasecmp(os, "windows")) ? KB_OS_WINDOWS : KB_OS_LINUX;
	if (gpu) {
		bool ambiguous = false;
		const struct kb_gpu *g = kb ? kb_gpu_lookup(kb, gpu, &ambiguous) : NULL;
		if (g) {
			self->gpu = g;
			self->has_cc = true;
			self->cc = g->cc;
		} else if (kb_parse_cc(gpu, &self->cc)) {
			self->has_cc = true;
		} else if (ambiguous) {
			snprintf(err, errsize,
				 "GPU '%s' is ambiguous; give the full name (e.g. 'Quadro RTX 6000', "
				 "'RTX 6000 Ada') or its compute capability (sm_XX)", gpu);
			return false;
		} else {
			char hint[512];
			suggest_gpus(kb, gpu, hint, sizeof(hint));
			snprintf(err, errsize, "GPU '%s' is unknown%s%s; give a compute capability "
				 "(sm_86, 8.6) instead", gpu, hint[0] ? "; known GPUs like it: " : "", hint);
			return false;
		}
	}
	if (driver) {
		if (!version_parse_driver(&self->driver, driver, strlen(driver))) {
			snprintf(err, errsize, "driver version '%s' does not parse (e.g. 535.104.05 or 535)",
				 driver);
			return false;
		}
		self->has_driver = true;
		self->driver_text = driver;
	}
	if (cuda) {
		if (!version_parse_cuda(&self->cuda, cuda, strlen(cuda))) {
			snprintf(err, errsize, "CUDA version '%s' does not parse (e.g. 12.4 or 12.4.1)", cuda);
			return false;
		}
		self->has_cuda = true;
	}
	return true;
}

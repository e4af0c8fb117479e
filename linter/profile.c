#include "profile.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/text.h"
#include "util/vec.h"
#include "util/xalloc.h"

/* Lowercase alphanumeric runs of `s` ("RTX 4090X" -> "rtx", "4090x"), into words[]. */
static size_t alnum_runs(const char *s, char words[][32], size_t max)
{
	size_t n = 0;
	while (*s && n < max) {
		while (*s && !isalnum((unsigned char)*s))
			s++;
		size_t k = 0;
		while (isalnum((unsigned char)*s)) {
			if (k + 1 < sizeof(words[0]))
				words[n][k++] = (char)tolower((unsigned char)*s);
			s++;
		}
		words[n][k] = '\0';
		if (k)
			n++;
	}
	return n;
}

/* Up to six GPU names that hold the model-number run of the unknown spelling, with its
 * trailing characters trimmed one at a time down to three, for the
 * "known GPUs like it" part of the error (actionlint lists the valid set). */
static void suggest_gpus(const struct kb *kb, const char *spelling, char *out, size_t size)
{
	char words[8][32];
	size_t nw = alnum_runs(spelling, words, 8);
	out[0] = '\0';
	if (!nw)
		return;
	/* The model number is the run with digits ("4090x" in "RTX 4090X"); without one,
	 * the longest run. */
	size_t best = 0;
	bool best_digit = strpbrk(words[0], "0123456789") != NULL;
	for (size_t i = 1; i < nw; i++) {
		bool digit = strpbrk(words[i], "0123456789") != NULL;
		if ((digit && !best_digit) ||
		    (digit == best_digit && strlen(words[i]) > strlen(words[best]))) {
			best = i;
			best_digit = digit;
		}
	}
	char key[32];
	memcpy(key, words[best], sizeof(key));
	for (size_t len = strlen(key); len >= 3; key[--len] = '\0') {
		size_t o = 0, shown = 0;
		for (size_t i = 0; i < kb_gpu_count(kb) && shown < 6; i++) {
			const struct kb_gpu *g = kb_gpu_at(kb, i);
			if (!text_contains_nocase(g->name, key))
				continue;
			int n = snprintf(out + o, size - o, "%s'%s'", shown ? ", " : "", g->name);
			if (n < 0 || (size_t)n >= size - o)
				break;
			o += (size_t)n;
			shown++;
		}
		if (shown)
			return;
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
				 "GPU '%s' names more than one GPU; give the full name or its compute "
				 "capability (sm_XX)", gpu);
			return false;
		} else {
			char hint[512] = "";
			if (kb)
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

bool profile_from_options(struct profile *self, const struct kb *kb, const char *const *gpus,
			  size_t ngpus, const char *driver, const char *cuda, const char *os,
			  char *err, size_t errsize)
{
	memset(self, 0, sizeof(*self));
	if (!target_from_options(&self->base, kb, NULL, driver, cuda, os, err, errsize))
		return false;
	self->gpus = ngpus ? xcalloc(ngpus, sizeof(*self->gpus)) : NULL;
	for (size_t i = 0; i < ngpus; i++) {
		struct target t;
		if (!target_from_options(&t, kb, gpus[i], NULL, NULL, NULL, err, errsize)) {
			profile_release(self);
			return false;
		}
		self->gpus[self->ngpus].gpu = t.gpu;
		self->gpus[self->ngpus].cc = t.cc;
		self->ngpus++;
	}
	return true;
}

size_t profile_target_count(const struct profile *self)
{
	return self->ngpus ? self->ngpus : 1;
}

void profile_target_at(const struct profile *self, size_t i, struct target *out)
{
	*out = self->base;
	if (i < self->ngpus) {
		out->gpu = self->gpus[i].gpu;
		out->has_cc = true;
		out->cc = self->gpus[i].cc;
	}
}

bool profile_is_empty(const struct profile *self)
{
	return !self->ngpus && !self->base.has_driver && !self->base.has_cuda;
}

void profile_release(struct profile *self)
{
	free(self->gpus);
	memset(self, 0, sizeof(*self));
}

void profile_list_push(struct profile_list *self, struct profile *profile)
{
	vec_push(self, *profile);
	memset(profile, 0, sizeof(*profile));
}

void profile_list_release(struct profile_list *self)
{
	for (size_t i = 0; i < self->nr; i++)
		profile_release(&self->items[i]);
	vec_release(self);
}

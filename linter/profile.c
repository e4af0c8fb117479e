#include "profile.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"
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

/* Words that name another vendor's GPU (AMD, Intel, Apple, Arm, Qualcomm): an unknown
 * spelling holding one is not an NVIDIA GPU the KB lacks, and the error says so. */
static bool names_other_vendor(const char *spelling)
{
	static const char *const WORDS[] = { "amd",  "radeon", "instinct", "firepro", "intel", "arc",
					     "iris", "uhd",    "apple",    "mali",    "adreno" };
	char words[8][32];
	size_t nw = alnum_runs(spelling, words, 8);
	for (size_t i = 0; i < nw; i++) {
		for (size_t w = 0; w < sizeof(WORDS) / sizeof(WORDS[0]); w++)
			if (!strcmp(words[i], WORDS[w]))
				return true;
		/* Apple silicon without "Apple": "M2 Max", "M3 Pro" ("M4" alone could be a
		 * Tesla M4, so a bare M<n> is not enough). */
		if (words[i][0] == 'm' && isdigit((unsigned char)words[i][1]) && !words[i][2] && i + 1 < nw &&
		    (!strcmp(words[i + 1], "pro") || !strcmp(words[i + 1], "max") ||
		     !strcmp(words[i + 1], "ultra")))
			return true;
	}
	return false;
}

static bool gpu_from_text(struct target *self, const struct kb *kb, const char *gpu, char *err,
			  size_t errsize)
{
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
			 "capability (sm_XX)",
			 gpu);
		return false;
	} else if (names_other_vendor(gpu)) {
		snprintf(err, errsize,
			 "GPU '%s' is not an NVIDIA GPU; envlint checks CUDA stacks "
			 "for NVIDIA GPUs only",
			 gpu);
		return false;
	} else {
		char hint[512] = "";
		if (kb)
			suggest_gpus(kb, gpu, hint, sizeof(hint));
		snprintf(err, errsize,
			 "GPU '%s' is unknown%s%s; give a compute capability "
			 "(sm_86, 8.6) instead",
			 gpu, hint[0] ? "; known GPUs like it: " : "", hint);
		return false;
	}
	return true;
}

/* A Linux branch drivers.yaml does not list is refused: a typo ("353"), or a driver
 * the KB cannot judge. The message names the listed branches around it and says "not in
 * the knowledge base", not "never existed": drivers.yaml leaves out R430/R435 (no
 * sourced CUDA level) and branches newer than its date. */
static bool driver_branch_known(const struct kb *kb, const char *driver, uint32_t branch, char *err,
				size_t errsize)
{
	if (!kb || !kb_branch_count(kb) || kb_branch_find(kb, branch))
		return true;
	uint32_t below = 0, above = 0;
	for (size_t i = 0; i < kb_branch_count(kb); i++) {
		uint32_t b = kb_branch_at(kb, i)->branch;
		if (b < branch && b > below)
			below = b;
		if (b > branch && (!above || b < above))
			above = b;
	}
	if (!above)
		snprintf(err, errsize,
			 "driver '%s': branch R%u is newer than every branch the knowledge "
			 "base knows (newest: R%u); envlint cannot check it",
			 driver, branch, below);
	else if (!below)
		snprintf(err, errsize,
			 "driver '%s': branch R%u is older than every branch the knowledge "
			 "base knows (oldest: R%u); envlint cannot check it",
			 driver, branch, above);
	else
		snprintf(err, errsize,
			 "driver '%s': there is no driver branch R%u in the knowledge base "
			 "(R%u and R%u are); check the 'Driver Version' nvidia-smi prints (a Jetson's "
			 "L4T driver is no desktop branch: leave the driver out there)",
			 driver, branch, below, above);
	return false;
}

/* Driver versions start with a three-digit branch; a first number below 100 is what
 * people copy from nvidia-smi's "CUDA Version" field by mistake. */
#define DRIVER_BRANCH_MIN 100

static bool driver_from_text(struct target *self, const struct kb *kb, const char *driver, char *err,
			     size_t errsize)
{
	const char *t = driver;
	while (isspace((unsigned char)*t))
		t++;
	/* "R535": NVIDIA's name for the branch; a bare number when the rest is digits. */
	if ((t[0] == 'R' || t[0] == 'r') && isdigit((unsigned char)t[1]) && !strchr(t, '.'))
		t++;
	if (!version_parse_driver(&self->driver, t, strlen(t))) {
		snprintf(err, errsize, "driver version '%s' does not parse (e.g. 535.104.05 or 535)", driver);
		return false;
	}
	uint32_t branch = version_driver_branch(&self->driver);
	if (branch < DRIVER_BRANCH_MIN) {
		char example[32] = "";
		struct version min;
		struct version cuda = self->driver;
		if (kb && kb_cuda_min_driver(kb, &cuda, self->os, &min, NULL))
			version_format_driver(&min, example, sizeof(example));
		if (example[0])
			snprintf(err, errsize,
				 "driver version '%s' is a CUDA version (nvidia-smi's "
				 "'CUDA Version'); give its 'Driver Version', which looks like %s (the "
				 "oldest driver with CUDA %s's full feature set)",
				 driver, example, driver);
		else
			snprintf(err, errsize,
				 "driver version '%s' is a CUDA version (nvidia-smi's "
				 "'CUDA Version'); give its 'Driver Version', which looks like 535.104.05",
				 driver);
		return false;
	}
	/* Windows drivers have numbers of their own (551.78 is of the R550 branch). */
	if (self->os == KB_OS_LINUX && !driver_branch_known(kb, driver, branch, err, errsize))
		return false;
	self->has_driver = true;
	self->driver_text = driver;
	return true;
}

bool target_from_options(struct target *self, const struct kb *kb, const char *gpu, const char *driver,
			 const char *cuda, const char *os, char *err, size_t errsize)
{
	memset(self, 0, sizeof(*self));
	self->os = (os && !strcasecmp(os, "windows")) ? KB_OS_WINDOWS : KB_OS_LINUX;
	if (gpu && !gpu_from_text(self, kb, gpu, err, errsize))
		return false;
	if (driver && !driver_from_text(self, kb, driver, err, errsize))
		return false;
	if (cuda) {
		if (!version_parse_cuda(&self->cuda, cuda, strlen(cuda))) {
			snprintf(err, errsize, "CUDA version '%s' does not parse (e.g. 12.4 or 12.4.1)",
				 cuda);
			return false;
		}
		self->has_cuda = true;
	}
	return true;
}

static const char *const PLATFORMS[] = {
	[PROFILE_PLATFORM_LINUX_X86_64] = "linux-x86_64",
	[PROFILE_PLATFORM_LINUX_AARCH64] = "linux-aarch64",
	[PROFILE_PLATFORM_WINDOWS_X86_64] = "windows-x86_64",
};

bool profile_platform_parse(const char *text, enum profile_platform *out)
{
	for (size_t i = 0; i < sizeof(PLATFORMS) / sizeof(PLATFORMS[0]); i++)
		if (!strcasecmp(text, PLATFORMS[i])) {
			*out = (enum profile_platform)i;
			return true;
		}
	return false;
}

const char *profile_platform_name(enum profile_platform platform)
{
	return (size_t)platform < sizeof(PLATFORMS) / sizeof(PLATFORMS[0]) ? PLATFORMS[platform] : NULL;
}

bool profile_from_options(struct profile *self, const struct kb *kb, const char *const *gpus, size_t ngpus,
			  const char *driver, const char *cuda, const char *os, char *err, size_t errsize)
{
	memset(self, 0, sizeof(*self));
	if (!target_from_options(&self->base, kb, NULL, driver, cuda, os, err, errsize))
		return false;
	if (self->base.os == KB_OS_WINDOWS)
		self->platform = PROFILE_PLATFORM_WINDOWS_X86_64;
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
	free(self->own_name);
	free(self->own_driver);
	memset(self, 0, sizeof(*self));
}

/* "NVIDIA H100 SXM5 80GB" -> "h100-sxm5-80gb": lowercase runs joined by '-', without
 * the vendor and brand words every name shares. */
static void slug_add(struct buf *out, const char *name)
{
	char words[8][32];
	size_t nw = alnum_runs(name, words, 8);
	bool first = true;
	for (size_t i = 0; i < nw; i++) {
		if (!strcmp(words[i], "nvidia") || !strcmp(words[i], "geforce"))
			continue;
		buf_addf(out, "%s%s", first ? "" : "-", words[i]);
		first = false;
	}
}

void profile_default_name(const struct profile *self, char *out, size_t size)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < self->ngpus; i++) {
		const struct profile_gpu *g = &self->gpus[i];
		if (i)
			buf_addch(&b, '+');
		if (g->gpu) {
			slug_add(&b, g->gpu->name);
		} else {
			buf_addf(&b, "sm-%u%u", g->cc.release[0], g->cc.nrelease > 1 ? g->cc.release[1] : 0);
		}
	}
	if (!self->ngpus)
		buf_adds(&b, "no-gpu");
	if (self->base.has_driver)
		buf_addf(&b, "-%u", version_driver_branch(&self->base.driver));
	snprintf(out, size, "%s", b.buf ? b.buf : "");
	buf_release(&b);
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

void profile_sm_text(const struct version *cc, char *buf, size_t size)
{
	snprintf(buf, size, "sm_%u%u", cc->release[0], cc->nrelease > 1 ? cc->release[1] : 0);
}

void profile_gpu_text(const struct kb_gpu *gpu, const struct version *cc, bool quoted, char *buf, size_t size)
{
	char sm[16];
	profile_sm_text(cc, sm, sizeof(sm));
	if (gpu)
		snprintf(buf, size, quoted ? "'%s' (%s)" : "%s (%s)", gpu->name, sm);
	else
		snprintf(buf, size, "%s", sm);
}

/*
 * kb_query: the read side of the KB. Tables are sorted at load, so lookups by version
 * binary-search; GPU names go through the sorted index of normalised spellings.
 * Nothing here guesses: a fact the KB does not hold is NULL / false / KB_UNKNOWN.
 * The one rule that is not KB data, binary compatibility of cubins and PTX, follows
 * the CUDA C++ Programming Guide ("Binary Compatibility" / "PTX Compatibility").
 */
#include "kb/kb_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------- */
/* CUDA */

size_t kb_cuda_count(const struct kb *self)
{
	return self->ncuda;
}

const struct kb_cuda *kb_cuda_at(const struct kb *self, size_t i)
{
	return i < self->ncuda ? &self->cuda[i] : NULL;
}

/* First release whose X.Y is >= cuda's X.Y (binary search over the sorted table). */
static size_t cuda_lower_bound(const struct kb *self, const struct version *cuda, unsigned parts)
{
	size_t lo = 0, hi = self->ncuda;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (version_cmp_prefix(&self->cuda[mid].version, cuda, parts) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct kb_cuda *kb_cuda_find(const struct kb *self, const struct version *cuda)
{
	unsigned parts = cuda->nrelease >= 3 ? 3 : 2;
	size_t i = cuda_lower_bound(self, cuda, parts);
	if (i < self->ncuda && !version_cmp_prefix(&self->cuda[i].version, cuda, parts))
		return &self->cuda[i];
	return NULL;
}

bool kb_cuda_min_driver(const struct kb *self, const struct version *cuda, enum kb_os os,
			struct version *driver, const struct kb_cuda **release)
{
	unsigned parts = cuda->nrelease >= 3 ? 3 : 2;
	const struct kb_cuda *best = NULL;
	for (size_t i = cuda_lower_bound(self, cuda, parts);
	     i < self->ncuda && !version_cmp_prefix(&self->cuda[i].version, cuda, parts); i++) {
		const struct kb_cuda *c = &self->cuda[i];
		if (c->has_driver[os] && (!best || version_cmp(&c->driver[os], &best->driver[os]) < 0))
			best = c;
	}
	if (!best)
		return false;
	if (driver)
		*driver = best->driver[os];
	if (release)
		*release = best;
	return true;
}

bool kb_torch_variant_published(const struct kb *self, const char *name)
{
	for (size_t r = 0; r < self->ntorch; r++)
		for (size_t i = 0; i < self->torch[r].nvariants; i++)
			if (self->torch[r].variants[i].name && !strcmp(self->torch[r].variants[i].name, name))
				return true;
	return false;
}

bool kb_pytorch_cuda_published(const struct kb *self, const struct version *v, char *values, size_t size)
{
	bool found = false;
	size_t len = 0;
	if (values && size)
		values[0] = '\0';
	/* X.Y values of every release, each once, in the order the releases list them */
	struct version seen[32];
	size_t nseen = 0;
	for (size_t r = 0; r < self->ntorch; r++) {
		const struct kb_torch_release *rel = &self->torch[r];
		for (size_t i = 0; i < rel->npytorch_cuda; i++) {
			const struct version *pc = &rel->pytorch_cuda[i];
			found |= !version_cmp_prefix(pc, v, 2);
			bool dup = false;
			for (size_t k = 0; k < nseen && !dup; k++)
				dup = !version_cmp_prefix(&seen[k], pc, 2);
			if (dup || nseen == sizeof(seen) / sizeof(seen[0]))
				continue;
			seen[nseen++] = *pc;
			if (values && len + 1 < size) {
				char t[16];
				version_format_release(pc, 2, t, sizeof(t));
				int w = snprintf(values + len, size - len, "%s%s", len ? ", " : "", t);
				len = w > 0 && (size_t)w < size - len ? len + (size_t)w : size - 1;
			}
		}
	}
	return found;
}

bool kb_ngc_datacenter_admits(const struct kb_ngc *ngc, const struct version *driver)
{
	for (size_t i = 0; i < ngc->ndatacenter; i++)
		if (version_driver_branch(&ngc->datacenter[i]) == version_driver_branch(driver) &&
		    version_cmp(driver, &ngc->datacenter[i]) >= 0)
			return true;
	return false;
}

const struct kb_companion_requires *kb_companion_requires(const struct kb *self, const char *package)
{
	for (size_t i = 0; i < self->ncompanion_requires; i++)
		if (!strcmp(self->companion_requires[i].package, package))
			return &self->companion_requires[i];
	return NULL;
}

const struct kb_minor_compat *kb_cuda_minor_compat(const struct kb *self, uint32_t major)
{
	for (size_t i = 0; i < self->ncompat; i++)
		if (self->compat[i].major == major)
			return &self->compat[i];
	return NULL;
}

const struct kb_cuda *kb_cuda_newest_for_driver(const struct kb *self, const struct version *driver,
						enum kb_os os)
{
	for (size_t i = self->ncuda; i-- > 0;) {
		const struct kb_cuda *c = &self->cuda[i];
		if (c->has_driver[os] && version_cmp(&c->driver[os], driver) <= 0)
			return c;
	}
	return NULL;
}

size_t kb_cc_count(const struct kb *self)
{
	return self->ncc;
}

const struct kb_cc *kb_cc_at(const struct kb *self, size_t i)
{
	return i < self->ncc ? &self->ccs[i] : NULL;
}

const struct kb_cc *kb_cc_find(const struct kb *self, const struct version *cc)
{
	size_t lo = 0, hi = self->ncc;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = version_cmp_prefix(&self->ccs[mid].cc, cc, 2);
		if (!c)
			return &self->ccs[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

enum kb_answer kb_cuda_can_target(const struct kb *self, const struct version *cuda, const struct version *cc)
{
	const struct kb_cc *c = kb_cc_find(self, cc);
	if (!c)
		return KB_UNKNOWN;
	if (version_cmp_prefix(cuda, &c->first, 2) < 0)
		return KB_NO;
	if (c->has_last && version_cmp_prefix(cuda, &c->last, 2) > 0)
		return KB_NO;
	return KB_YES;
}

/* ------------------------------------------------------------------------- */
/* Drivers */

size_t kb_branch_count(const struct kb *self)
{
	return self->nbranches;
}

const struct kb_branch *kb_branch_at(const struct kb *self, size_t i)
{
	return i < self->nbranches ? &self->branches[i] : NULL;
}

const struct kb_branch *kb_branch_find(const struct kb *self, uint32_t branch)
{
	size_t lo = 0, hi = self->nbranches;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (self->branches[mid].branch == branch)
			return &self->branches[mid];
		if (self->branches[mid].branch < branch)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

bool kb_driver_max_cuda(const struct kb *self, const struct version *driver, struct version *cuda)
{
	const struct kb_branch *b = kb_branch_find(self, version_driver_branch(driver));
	if (!b)
		return false;
	*cuda = b->cuda;
	return true;
}

enum kb_answer kb_forward_compat_allowed(const struct kb *self, const char *segment)
{
	for (size_t i = 0; segment && i < self->nfwd; i++)
		if (!strcmp(self->fwd[i].segment, segment))
			return self->fwd[i].allowed ? KB_YES : KB_NO;
	return KB_UNKNOWN;
}

enum kb_answer kb_forward_compat_runs(const struct kb *self, const struct version *cuda, uint32_t branch)
{
	/* A bare major ("13") names no package: cuda-compat packages are per X.Y. */
	if (!cuda || cuda->nrelease < 2)
		return KB_UNKNOWN;
	for (size_t i = 0; i < self->nfc_packages; i++) {
		const struct kb_fc_package *p = &self->fc_packages[i];
		if (version_cmp_prefix(&p->cuda, cuda, 2))
			continue;
		for (size_t k = 0; k < p->nbases; k++)
			if (p->bases[k] == branch)
				return KB_YES;
		return KB_NO;
	}
	return KB_UNKNOWN;
}

const struct kb_origin *kb_forward_compat_source(const struct kb *self, const struct version *cuda)
{
	for (size_t i = 0; cuda && cuda->nrelease >= 2 && i < self->nfc_packages; i++)
		if (!version_cmp_prefix(&self->fc_packages[i].cuda, cuda, 2))
			return &self->fc_packages[i].origin;
	return NULL;
}

/* ------------------------------------------------------------------------- */
/* GPUs */

size_t kb_gpu_count(const struct kb *self)
{
	return self->ngpus;
}

const struct kb_gpu *kb_gpu_at(const struct kb *self, size_t i)
{
	return i < self->ngpus ? &self->gpus[i] : NULL;
}

static bool word_at(const char *s, size_t i, size_t n, const char *w)
{
	size_t wl = strlen(w);
	if (n - i < wl || memcmp(s + i, w, wl))
		return false;
	return i + wl == n || s[i + wl] == ' ';
}

/*
 * Case-fold, collapse runs of whitespace, strip a leading "nvidia " and then
 * "geforce ", and glue a "ti" / "super" word to what precedes it ("1080 Ti" ==
 * "1080Ti", "4070 SUPER" == "4070Super"), so users and nvidia-smi of any era agree.
 */
size_t kb_gpu_normalise(const char *s, char *buf, size_t size)
{
	char tmp[KB_GPU_NAME_MAX];
	size_t n = 0;
	bool space = false;
	for (; *s && n + 1 < sizeof(tmp); s++) {
		unsigned char c = (unsigned char)*s;
		if (isspace(c)) {
			space = n > 0;
			continue;
		}
		if (space && n + 2 < sizeof(tmp))
			tmp[n++] = ' ';
		space = false;
		tmp[n++] = (char)tolower(c);
	}
	tmp[n] = '\0';
	size_t i = 0;
	if (word_at(tmp, i, n, "nvidia") && n - i > 7)
		i += 7;
	if (word_at(tmp, i, n, "geforce") && n - i > 7)
		i += 8;
	size_t o = 0;
	for (; i < n && o + 1 < size; i++) {
		if (tmp[i] == ' ' && o > 0 &&
		    (word_at(tmp, i + 1, n, "ti") || word_at(tmp, i + 1, n, "super")))
			continue;
		buf[o++] = tmp[i];
	}
	if (size)
		buf[o < size ? o : size - 1] = '\0';
	return o;
}

const struct kb_gpu *kb_gpu_lookup(const struct kb *self, const char *spelling, bool *ambiguous)
{
	if (ambiguous)
		*ambiguous = false;
	if (!spelling)
		return NULL;
	char norm[KB_GPU_NAME_MAX];
	kb_gpu_normalise(spelling, norm, sizeof(norm));
	size_t lo = 0, hi = self->nnames;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(self->names[mid].norm, norm) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == self->nnames || strcmp(self->names[lo].norm, norm))
		return NULL;
	const struct kb_gpu *g = self->names[lo].gpu;
	for (size_t i = lo + 1; i < self->nnames && !strcmp(self->names[i].norm, norm); i++)
		if (self->names[i].gpu != g) {
			if (ambiguous)
				*ambiguous = true;
			return NULL;
		}
	return g;
}

static bool parse_uint(const char *s, size_t n, uint32_t *out)
{
	uint32_t v = 0;
	if (!n || n > 4)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (uint32_t)(s[i] - '0');
	}
	*out = v;
	return true;
}

bool kb_parse_cc(const char *text, struct version *cc)
{
	if (!text)
		return false;
	const char *s = text;
	if (!strncmp(s, "sm_", 3))
		s += 3;
	else if (!strncmp(s, "compute_", 8))
		s += 8;
	size_t n = strlen(s);
	/* Arch-specific (sm_90a) and family (sm_100f) targets name their base CC. */
	if (s != text && n > 1 && (s[n - 1] == 'a' || s[n - 1] == 'f'))
		n--;
	uint32_t major, minor;
	const char *dot = memchr(s, '.', n);
	if (dot) {
		if (!parse_uint(s, (size_t)(dot - s), &major) ||
		    !parse_uint(dot + 1, n - (size_t)(dot - s) - 1, &minor))
			return false;
	} else {
		if (n < 2 || n > 3 || !parse_uint(s, n, &major))
			return false;
		minor = major % 10;
		major /= 10;
	}
	if (major == 0 || minor > 9)
		return false;
	*cc = version_release((const uint32_t[]){ major, minor }, 2);
	return true;
}

enum kb_answer kb_gpu_driver_supported(const struct kb *self, const struct kb_gpu *gpu,
				       const struct version *driver)
{
	/* Jetson boards run L4T/JetPack drivers, not the desktop branches. */
	if (!gpu || !strcmp(gpu->segment, "jetson"))
		return KB_UNKNOWN;
	uint32_t b = version_driver_branch(driver);
	uint32_t floor = gpu->floor ? gpu->floor : (gpu->arch ? gpu->arch->floor : 0);
	uint32_t last = gpu->last ? gpu->last : (gpu->arch ? gpu->arch->last : 0);
	if (floor && b < floor)
		return KB_NO;
	if (last && b > last)
		return KB_NO;
	for (size_t i = 0; i < gpu->nnone; i++)
		if (gpu->none[i] == b)
			return KB_NO;
	for (size_t i = 0; i < gpu->ndrivers; i++) {
		const struct kb_gpu_driver *d = &gpu->drivers[i];
		if (d->branch != b)
			continue;
		for (size_t k = 0; k < d->nexcept; k++)
			if (!version_cmp(driver, &d->except[k]))
				return KB_NO;
		return version_cmp(driver, &d->first) >= 0 ? KB_YES : KB_NO;
	}
	if (gpu->all_from && b >= gpu->all_from)
		return KB_YES;
	return KB_UNKNOWN;
}

enum kb_answer kb_binaries_run_on(const struct version *sass, size_t nsass, const struct version *ptx,
				  size_t nptx, bool ptx_known, const struct version *cc)
{
	for (size_t i = 0; i < nsass; i++)
		if (sass[i].release[0] == cc->release[0] && sass[i].release[1] <= cc->release[1])
			return KB_YES;
	for (size_t i = 0; i < nptx; i++)
		if (version_cmp_prefix(&ptx[i], cc, 2) <= 0)
			return KB_YES;
	return ptx_known && (nsass || sass) ? KB_NO : KB_UNKNOWN;
}

/* ------------------------------------------------------------------------- */
/* cuDNN */

size_t kb_cudnn_count(const struct kb *self)
{
	return self->ncudnn;
}

const struct kb_cudnn *kb_cudnn_at(const struct kb *self, size_t i)
{
	return i < self->ncudnn ? &self->cudnn[i] : NULL;
}

const struct kb_cudnn *kb_cudnn_find(const struct kb *self, const struct version *cudnn)
{
	unsigned parts = cudnn->nrelease >= 3 ? 3 : cudnn->nrelease;
	if (parts < 3)
		return NULL;
	for (size_t i = 0; i < self->ncudnn; i++)
		if (!version_cmp_prefix(&self->cudnn[i].version, cudnn, 3))
			return &self->cudnn[i];
	return NULL;
}

enum kb_answer kb_cudnn_supports_cuda(const struct kb_cudnn *cudnn, const struct version *cuda)
{
	if (!cudnn || !cudnn->nbuilds)
		return KB_UNKNOWN;
	for (size_t i = 0; i < cudnn->nbuilds; i++) {
		const struct kb_cudnn_build *b = &cudnn->builds[i];
		if (b->major != cuda->release[0])
			continue;
		if (!b->has_range)
			return KB_YES;
		return version_cmp_prefix(cuda, &b->min, 2) >= 0 && version_cmp_prefix(cuda, &b->max, 2) <= 0
			       ? KB_YES
			       : KB_NO;
	}
	return KB_NO;
}

const struct kb_cudnn_package *kb_cudnn_package(const struct kb *self, const char *name)
{
	for (size_t i = 0; name && i < self->ncudnn_pkgs; i++)
		if (!strcmp(self->cudnn_pkgs[i].name, name))
			return &self->cudnn_pkgs[i];
	return NULL;
}

/* ------------------------------------------------------------------------- */
/* PyTorch */

size_t kb_torch_count(const struct kb *self)
{
	return self->ntorch;
}

const struct kb_torch_release *kb_torch_at(const struct kb *self, size_t i)
{
	return i < self->ntorch ? &self->torch[i] : NULL;
}

const struct kb_torch_release *kb_torch_release(const struct kb *self, const struct version *torch)
{
	if (torch->nrelease < 2)
		return NULL;
	size_t lo = 0, hi = self->ntorch;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = version_cmp_prefix(&self->torch[mid].line, torch, 2);
		if (!c)
			return &self->torch[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static bool has_patch(const struct version *list, size_t n, const struct version *v)
{
	for (size_t i = 0; i < n; i++)
		if (!version_cmp_public(&list[i], v))
			return true;
	return false;
}

bool kb_torch_patch_exists(const struct kb_torch_release *rel, const struct version *torch)
{
	return rel && has_patch(rel->patches, rel->npatches, torch);
}

const struct kb_torch_variant *kb_torch_variant(const struct kb_torch_release *rel, const char *name,
						const struct version *patch)
{
	for (size_t i = 0; rel && name && i < rel->nvariants; i++) {
		const struct kb_torch_variant *v = &rel->variants[i];
		if (!v->name || strcmp(v->name, name))
			continue;
		if (patch && v->patches && !has_patch(v->patches, v->npatches, patch))
			return NULL;
		return v;
	}
	return NULL;
}

enum kb_answer kb_torch_cuda_build_published(const struct kb *self, const struct version *torch,
					     const char *variant)
{
	const struct kb_torch_release *rel = kb_torch_release(self, torch);
	if (!rel || !kb_torch_patch_exists(rel, torch) || !variant)
		return KB_UNKNOWN;
	if (kb_torch_variant(rel, variant, torch))
		return KB_YES;
	/* Only a plain cuXYZ label: special builds such as 2.0's "cu117.with.pypi.cudnn" are
	 * outside the build matrix the claim rests on. */
	const char *digits = variant + 2;
	bool cuda_label =
		!strncmp(variant, "cu", 2) && *digits && strspn(digits, "0123456789") == strlen(digits);
	return cuda_label && rel->cuda_builds_complete ? KB_NO : KB_UNKNOWN;
}

static const struct kb_torch_variant *aarch64_build(const struct kb_torch_release *rel, const char *name)
{
	for (size_t i = 0; rel && name && i < rel->naarch64_builds; i++)
		if (!strcmp(rel->aarch64_builds[i].name, name))
			return &rel->aarch64_builds[i];
	return NULL;
}

const struct kb_torch_variant *kb_torch_wheel_kernels(const struct kb_torch_release *rel,
						      const struct kb_torch_variant *v,
						      enum kb_wheel_platform platform)
{
	if (!v || platform == KB_WHEEL_OTHER)
		return NULL;
	return platform == KB_WHEEL_LINUX_X86_64 ? v : aarch64_build(rel, v->name);
}

bool kb_torch_wheel_on(const struct kb_torch_release *rel, const struct kb_torch_variant *v,
		       enum kb_wheel_platform platform)
{
	return v && (platform != KB_WHEEL_LINUX_AARCH64 || aarch64_build(rel, v->name));
}

const char *kb_torch_pypi_default(const struct kb_torch_release *rel, enum kb_wheel_platform platform)
{
	if (!rel || platform == KB_WHEEL_OTHER)
		return NULL;
	return platform == KB_WHEEL_LINUX_X86_64 ? rel->pypi_default : rel->aarch64_pypi_default;
}

const struct kb_torch_variant *kb_torch_conda_build(const struct kb_torch_release *rel,
						    const struct version *cuda)
{
	for (size_t i = 0; rel && cuda && i < rel->nconda_builds; i++)
		if (!version_cmp_prefix(&rel->conda_builds[i].cuda, cuda, 2))
			return &rel->conda_builds[i];
	return NULL;
}

const struct kb_torch_companion *kb_torch_companion(const struct kb_torch_release *rel,
						    const struct version *torch_patch)
{
	for (size_t i = 0; rel && i < rel->ncompanions; i++)
		if (!version_cmp_public(&rel->companions[i].torch, torch_patch))
			return &rel->companions[i];
	return NULL;
}

const char *kb_torch_image_of(const struct kb_torch_release *rel, const struct version *cuda)
{
	for (const char *const *img = rel ? rel->images : NULL; img && *img; img++) {
		/* "cudaX.Y-cudnnN": the CUDA runs from after "cuda" to the first '-'. */
		const char *end = strchr(*img, '-');
		struct version v;
		if (!strncmp(*img, "cuda", 4) && end &&
		    version_parse(&v, *img + 4, (size_t)(end - *img - 4)) && !version_cmp_prefix(&v, cuda, 2))
			return *img;
	}
	return NULL;
}

const struct kb_torch_companion *kb_torch_companion_of(const struct kb *self, bool audio,
						       const struct version *v)
{
	for (size_t r = self->ntorch; r-- > 0;) {
		const struct kb_torch_release *rel = &self->torch[r];
		for (size_t i = 0; i < rel->ncompanions; i++) {
			const struct kb_torch_companion *c = &rel->companions[i];
			bool has = audio ? c->has_torchaudio : c->has_torchvision;
			if (has && !version_cmp_public(audio ? &c->torchaudio : &c->torchvision, v))
				return c;
		}
	}
	return NULL;
}

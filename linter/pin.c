#include "pin.h"

#include <stdlib.h>
#include <string.h>

#include "util/vec.h"

struct pin *pin_list_push(struct pin_list *self, const struct pin *pin)
{
	vec_push(self, *pin);
	return &self->items[self->nr - 1];
}

void pin_list_release(struct pin_list *self)
{
	vec_release(self);
}

char *pin_normalize_name(const char *name, size_t len, char *buf, size_t size)
{
	size_t o = 0;
	bool sep = false;
	if (!size)
		return buf;
	for (size_t i = 0; i < len && o + 1 < size; i++) {
		char c = name[i];
		if (c == '-' || c == '_' || c == '.') {
			sep = true;
			continue;
		}
		if (sep && o > 0 && o + 1 < size)
			buf[o++] = '-';
		sep = false;
		/* ASCII case folding, what tolower() does in the "C" locale envlint runs in
		 * (it never calls setlocale), without a libc call per byte. */
		if (o + 1 < size)
			buf[o++] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	buf[o] = '\0';
	return buf;
}

/* Package names that carry a role in the version flow. Sorted by (name) for bsearch;
 * the ecosystem column says where the name means that role. This is naming, not
 * version facts: which versions exist lives in the rules/ YAML files. */
struct pkg_role {
	const char *name;
	enum pin_pkg pkg;
	unsigned ecos; /* bit (1 << enum pin_eco) */
};

#define PIP (1u << PIN_ECO_PIP)
#define CONDA (1u << PIN_ECO_CONDA)

static const struct pkg_role ROLES[] = {
	{ "cpuonly", PIN_PKG_CPUONLY, CONDA },
	{ "cuda-cudart", PIN_PKG_CUDA, CONDA },
	{ "cuda-runtime", PIN_PKG_CUDA, CONDA },
	{ "cuda-toolkit", PIN_PKG_CUDA, CONDA | PIP },
	{ "cuda-version", PIN_PKG_CUDA, CONDA },
	{ "cudatoolkit", PIN_PKG_CUDA, CONDA },
	{ "cudnn", PIN_PKG_CUDNN, CONDA },
	{ "nvidia-cuda-runtime", PIN_PKG_CUDA, PIP },
	{ "python", PIN_PKG_PYTHON, CONDA },
	{ "pytorch", PIN_PKG_TORCH, CONDA },
	{ "pytorch-cuda", PIN_PKG_CUDA, CONDA },
	{ "pytorch-gpu", PIN_PKG_TORCH, CONDA },
	{ "torch", PIN_PKG_TORCH, PIP },
	{ "torchaudio", PIN_PKG_TORCHAUDIO, CONDA | PIP },
	{ "torchvision", PIN_PKG_TORCHVISION, CONDA | PIP },
};

#undef PIP
#undef CONDA

static int role_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct pkg_role *)elem)->name);
}

/* NVIDIA's pip wheels carry the CUDA major in a suffix (nvidia-cudnn-cu12,
 * nvidia-cuda-runtime-cu11): the family is the prefix, whatever the suffix. */
static const struct pkg_role PREFIX_ROLES[] = {
	{ "nvidia-cuda-runtime-cu", PIN_PKG_CUDA, 1u << PIN_ECO_PIP },
	{ "nvidia-cudnn-cu", PIN_PKG_CUDNN, 1u << PIN_ECO_PIP },
};

enum pin_pkg pin_pkg_of(const char *normalized_name, enum pin_eco eco)
{
	for (size_t i = 0; i < sizeof(PREFIX_ROLES) / sizeof(PREFIX_ROLES[0]); i++) {
		size_t n = strlen(PREFIX_ROLES[i].name);
		if (!strncmp(normalized_name, PREFIX_ROLES[i].name, n) && normalized_name[n] &&
		    (eco == PIN_ECO_DOCKER || (PREFIX_ROLES[i].ecos & (1u << eco))))
			return PREFIX_ROLES[i].pkg;
	}
	const struct pkg_role *r =
		bsearch(normalized_name, ROLES, sizeof(ROLES) / sizeof(ROLES[0]), sizeof(ROLES[0]), role_cmp);
	if (!r)
		return PIN_PKG_OTHER;
	/* Dockerfile pins come from pip or conda commands and say which; an image pin has
	 * no package role. */
	if (eco == PIN_ECO_DOCKER || (r->ecos & (1u << eco)))
		return r->pkg;
	return PIN_PKG_OTHER;
}

bool pin_name_brings_nvcc(const char *normalized_name)
{
	static const char *const names[] = { "cuda", "cuda-compiler", "cuda-nvcc", "cuda-toolkit",
					     "cudatoolkit-dev" };
	static const char nvidia_nvcc[] = "nvidia-cuda-nvcc";
	if (!strncmp(normalized_name, nvidia_nvcc, sizeof(nvidia_nvcc) - 1))
		return true;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(normalized_name, names[i]))
			return true;
	return false;
}

struct span pin_spec_span(const struct pin *self, size_t off, size_t len)
{
	for (uint32_t i = 0; i < self->nparts; i++) {
		const struct pin_part *pt = &self->parts[i];
		if (off < pt->off || off + len > (size_t)pt->off + pt->len || !len)
			continue;
		if (!span_is_set(pt->span))
			break;
		/* A part is one run of consecutive bytes on one line, all of them tag
		 * characters (ASCII): columns move with bytes. */
		struct span s = pt->span;
		uint32_t skip = (uint32_t)(off - pt->off);
		s.column += skip;
		s.start_byte += skip;
		s.end_column = s.column + (uint32_t)len;
		s.end_byte = s.start_byte + (uint32_t)len;
		return s;
	}
	return self->span;
}

struct span pin_spec_exact_span(const struct pin *self, size_t off, size_t len)
{
	struct span s = self->span;
	if (self->nparts)
		s = pin_spec_span(self, off, len);
	else if (self->spec && s.line == s.end_line && s.end_byte - s.start_byte == strlen(self->spec)) {
		s.column += (uint32_t)off;
		s.start_byte += (uint32_t)off;
		s.end_column = s.column + (uint32_t)len;
		s.end_byte = s.start_byte + (uint32_t)len;
	}
	if (!len || s.end_byte - s.start_byte != len || s.line != s.end_line)
		return span_none();
	return s;
}

const char *pin_kind_name(enum pin_kind kind)
{
	switch (kind) {
	case PIN_KIND_PACKAGE:
		return "package";
	case PIN_KIND_IMAGE:
		return "image";
	case PIN_KIND_INDEX:
		return "index";
	case PIN_KIND_ENV:
		return "env";
	}
	return "?";
}

const char *pin_pkg_name(enum pin_pkg pkg)
{
	switch (pkg) {
	case PIN_PKG_OTHER:
		return "other";
	case PIN_PKG_TORCH:
		return "torch";
	case PIN_PKG_TORCHVISION:
		return "torchvision";
	case PIN_PKG_TORCHAUDIO:
		return "torchaudio";
	case PIN_PKG_PYTHON:
		return "python";
	case PIN_PKG_CUDA:
		return "cuda";
	case PIN_PKG_CUDNN:
		return "cudnn";
	case PIN_PKG_CPUONLY:
		return "cpuonly";
	}
	return "?";
}

const char *pin_eco_name(enum pin_eco eco)
{
	switch (eco) {
	case PIN_ECO_PIP:
		return "pip";
	case PIN_ECO_CONDA:
		return "conda";
	case PIN_ECO_DOCKER:
		return "docker";
	}
	return "?";
}

#include "util/buf.h"

static void dump_str(struct buf *out, const char *key, const char *val)
{
	if (!val)
		return;
	buf_addf(out, " %s='", key);
	for (const char *p = val; *p; p++) {
		if (*p == '\'' || *p == '\\')
			buf_addch(out, '\\');
		if ((unsigned char)*p < 0x20)
			buf_addf(out, "\\x%02x", (unsigned char)*p);
		else
			buf_addch(out, *p);
	}
	buf_addch(out, '\'');
}

static const char *index_kind_name(enum pin_index_kind k)
{
	switch (k) {
	case PIN_INDEX_URL:
		return "index-url";
	case PIN_INDEX_EXTRA:
		return "extra-index-url";
	case PIN_INDEX_FIND_LINKS:
		return "find-links";
	case PIN_INDEX_CHANNEL:
		return "channel";
	case PIN_INDEX_NONE:
		break;
	}
	return NULL;
}

void pin_dump(const struct pin *pin, struct buf *out)
{
	buf_addf(out, "%u:%u-%u:%u %s %s %s", pin->span.line, pin->span.column, pin->span.end_line,
		 pin->span.end_column, pin_kind_name(pin->kind), pin_eco_name(pin->eco),
		 pin_pkg_name(pin->pkg));
	dump_str(out, "name", pin->name);
	if (pin->kind == PIN_KIND_INDEX)
		dump_str(out, "index", index_kind_name(pin->index_kind));
	if (pin->index_first)
		buf_adds(out, " first");
	dump_str(out, "spec", pin->spec);
	dump_str(out, "variant", pin->variant);
	dump_str(out, "channel", pin->channel);
	dump_str(out, "url", pin->url);
	dump_str(out, "digest", pin->digest);
	if (span_is_set(pin->name_span))
		buf_addf(out, " name@%u:%u", pin->name_span.line, pin->name_span.column);
	if (span_is_set(pin->via))
		buf_addf(out, " via=%u:%u", pin->via.line, pin->via.column);
	if (pin->unresolved)
		buf_adds(out, " unresolved");
	if (pin->marker)
		buf_adds(out, " marker");
	buf_addf(out, " scope=%u", pin->scope);
}

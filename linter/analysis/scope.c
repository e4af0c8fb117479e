#include "scope.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pin_spec.h"
#include "util/xalloc.h"

static void add_index(const struct kb *kb, const struct pin *p, struct scope_info *s)
{
	s->index = true;
	s->index_replaces_pypi |= p->index_kind == PIN_INDEX_URL || p->index_first;
	struct kb_match m;
	if (!p->spec || p->unresolved || !kb || !kb_match(kb, KB_PAT_INDEX_URL, NULL, p->spec, &m) ||
	    !m.variant[0] || s->nvariants == SCOPE_MAX_INDEX_VARIANTS ||
	    strlen(m.variant) >= sizeof(s->variant_buf[0])) {
		s->index_any_build = true;
		return;
	}
	memcpy(s->variant_buf[s->nvariants], m.variant, strlen(m.variant) + 1);
	s->variants[s->nvariants] = s->variant_buf[s->nvariants];
	s->index_pin[s->nvariants] = p;
	s->nvariants++;
}

/* ENV NVIDIA_DISABLE_REQUIRE=true (or 1) skips every NVIDIA_REQUIRE_* check of
 * nvidia-container-toolkit; an ENV NVIDIA_REQUIRE_CUDA of the Dockerfile's own replaces the
 * image's. */
static bool overrides_requirement(const struct pin *p)
{
	if (p->kind != PIN_KIND_ENV || !p->name)
		return false;
	if (!strcmp(p->name, "NVIDIA_REQUIRE_CUDA"))
		return true;
	return !strcmp(p->name, "NVIDIA_DISABLE_REQUIRE") && p->spec &&
	       (!strcasecmp(p->spec, "true") || !strcmp(p->spec, "1"));
}

/* The channel's name: `pytorch`, `https://conda.anaconda.org/pytorch/` and a label
 * (`nvidia/label/cuda-11.8.0`) are read as their first path part on anaconda.org. */
static size_t channel_name(const char *spec, const char **name)
{
	static const char *const HOSTS[] = { "https://conda.anaconda.org/", "http://conda.anaconda.org/",
					     "https://anaconda.org/", "conda.anaconda.org/" };
	for (size_t i = 0; i < sizeof(HOSTS) / sizeof(HOSTS[0]); i++)
		if (!strncmp(spec, HOSTS[i], strlen(HOSTS[i]))) {
			spec += strlen(HOSTS[i]);
			break;
		}
	*name = spec;
	return strcspn(spec, "/");
}

static bool channel_is(const char *name, size_t len, const char *want)
{
	return len == strlen(want) && !strncmp(name, want, len);
}

bool scope_channel_is_pytorch(const char *channel)
{
	const char *name;
	size_t len = channel_name(channel, &name);
	return channel_is(name, len, "pytorch") && (!name[len] || !strcmp(name + len, "/"));
}

bool scope_conda_from_pytorch_channel(const struct scope_info *self, const struct pin *p)
{
	if (p->channel)
		return scope_channel_is_pytorch(p->channel);
	return self->pytorch_channel && self->pytorch_channel_first;
}

/* A conda channel: which of the ones the stack rules ask about it is. NVIDIA's channel
 * and its labels serve CUDA libraries, never a pytorch package. */
static void add_channel(const struct pin *p, struct scope_info *s)
{
	if (!p->spec || p->unresolved) {
		s->channel_other = true;
		return;
	}
	const char *name;
	size_t len = channel_name(p->spec, &name);
	if (channel_is(name, len, "nodefaults")) {
		s->channel_nodefaults = true;
	} else if (scope_channel_is_pytorch(p->spec)) {
		if (!s->pytorch_channel) {
			s->pytorch_channel = p;
			s->pytorch_channel_first = !s->channel_other;
		}
	} else if (!channel_is(name, len, "nvidia")) {
		s->channel_other = true;
	}
}

/* FROM python:3.12-slim: the CPython a stage's pip installs for, where a KB pattern
 * reads it from the tag. */
static void add_image(const struct kb *kb, const struct pin *p, struct scope_info *s)
{
	struct kb_match m;
	if (s->python_image || !kb || !p->spec || p->unresolved ||
	    !kb_match(kb, KB_PAT_IMAGE_TAG, p->name, p->spec, &m) || !m.python[0] ||
	    !version_parse(&s->python_image_version, m.python, strlen(m.python)))
		return;
	s->python_image = p;
}

void scopes_build(struct scopes *self, const struct kb *kb, const struct pin *pins, size_t npins)
{
	size_t n = 1;
	for (size_t i = 0; i < npins; i++)
		if ((size_t)pins[i].scope + 1 > n)
			n = (size_t)pins[i].scope + 1;
	self->items = xcalloc(n, sizeof(*self->items));
	self->n = n;
	for (size_t i = 0; i < npins; i++) {
		const struct pin *p = &pins[i];
		struct scope_info *s = &self->items[p->scope];
		if (p->base_scope && p->base_scope < n)
			s->base_scope = p->base_scope;
		if (p->kind == PIN_KIND_INDEX && p->index_kind != PIN_INDEX_CHANNEL) {
			add_index(kb, p, s);
			continue;
		}
		if (p->kind == PIN_KIND_INDEX) {
			add_channel(p, s);
			continue;
		}
		if (p->kind == PIN_KIND_IMAGE) {
			add_image(kb, p, s);
			continue;
		}
		s->require_overridden |= overrides_requirement(p);
		if (p->kind == PIN_KIND_PACKAGE && p->pkg == PIN_PKG_TORCH) {
			const struct pin **first =
				p->eco == PIN_ECO_CONDA ? &s->conda_torch : &s->first_torch;
			if (!*first)
				*first = p;
		}
		if (p->kind == PIN_KIND_PACKAGE && p->eco == PIN_ECO_CONDA) {
			if (p->pkg == PIN_PKG_CUDA && !strcmp(p->name, "pytorch-cuda") && !s->pytorch_cuda)
				s->pytorch_cuda = p;
			else if (p->pkg == PIN_PKG_CPUONLY && !s->cpuonly)
				s->cpuonly = p;
			else if (p->pkg == PIN_PKG_CUDA && !strcmp(p->name, "cudatoolkit") && !s->cudatoolkit)
				s->cudatoolkit = p;
			else if (p->pkg == PIN_PKG_PYTHON && !s->python)
				s->python = p;
		}
		if (p->eco == PIN_ECO_CONDA || !pin_is_torch_family(p))
			continue;
		bool variant = p->variant && !p->unresolved;
		s->pip_family = true;
		s->pip_family_variant |= variant;
		s->pip_torch_variant |= variant && p->pkg == PIN_PKG_TORCH;
		if (p->pkg == PIN_PKG_TORCH && !s->torch && pin_spec_exact(p, &s->torch_version))
			s->torch = p;
	}
}

void scopes_release(struct scopes *self)
{
	free(self->items);
	self->items = NULL;
	self->n = 0;
}

const struct scope_info *scopes_get(const struct scopes *self, uint32_t scope)
{
	static const struct scope_info EMPTY;
	return scope < self->n ? &self->items[scope] : &EMPTY;
}

bool scope_pypi_beside_index(const struct scope_info *self)
{
	return self->nvariants && !self->index_any_build && !self->index_replaces_pypi;
}

bool scope_has_index_variant(const struct scope_info *self, const char *variant)
{
	for (uint8_t i = 0; i < self->nvariants; i++)
		if (!strcmp(self->variants[i], variant))
			return true;
	return false;
}

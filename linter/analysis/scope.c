#include "scope.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pin_spec.h"
#include "util/vec.h"
#include "util/xalloc.h"

bool scope_index_match_unpublished(const struct kb *kb, const struct pin *p, const struct kb_match *m)
{
	return p->kind == PIN_KIND_INDEX && p->index_kind != PIN_INDEX_CHANNEL && m->cuda[0] &&
	       !strstr(p->spec, "/nightly") && !strstr(p->spec, "/test/") &&
	       !kb_torch_variant_published(kb, m->variant);
}

bool scope_index_unpublished(const struct kb *kb, const struct pin *p, struct kb_match *m)
{
	return kb && p->spec && !p->unresolved && kb_match(kb, KB_PAT_INDEX_URL, NULL, p->spec, m) &&
	       scope_index_match_unpublished(kb, p, m);
}

static void add_index(const struct kb *kb, const struct pin *p, struct scope_info *s)
{
	struct kb_match m;
	bool matched = kb && p->spec && !p->unresolved && kb_match(kb, KB_PAT_INDEX_URL, NULL, p->spec, &m);
	bool unpublished = matched && scope_index_match_unpublished(kb, p, &m);
	/* The PyTorch index of a CUDA no release was built for (.../whl/cu122) holds no torch:
	 * beside PyPI it adds nothing (pip takes PyPI's build), and in PyPI's place nothing is
	 * known. */
	if (unpublished && p->index_kind != PIN_INDEX_URL && !p->index_first)
		return;
	s->index = true;
	s->index_replaces_pypi |= p->index_kind == PIN_INDEX_URL || p->index_first;
	if (!matched || unpublished || !m.variant[0] || s->nvariants == SCOPE_MAX_INDEX_VARIANTS ||
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

static void add_source(const struct kb *kb, const struct pin *p, struct scope_info *s)
{
	if (p->index_kind != PIN_INDEX_CHANNEL)
		add_index(kb, p, s);
	else
		add_channel(p, s);
}

static void clear_sources(struct scope_info *s)
{
	s->index = s->index_any_build = s->index_replaces_pypi = false;
	s->nvariants = 0;
	s->pytorch_channel = NULL;
	s->pytorch_channel_first = s->channel_other = s->channel_nodefaults = false;
}

/* Does pins[from, to) hold an index or channel of `kind`? */
static bool gives_kind(const struct pin *pins, size_t from, size_t to, enum pin_index_kind kind)
{
	for (size_t i = from; i < to; i++)
		if (pins[i].kind == PIN_KIND_INDEX && pins[i].index_kind == kind)
			return true;
	return false;
}

/* The view of the command whose pins are pins[from, to) (a reader numbers them in a
 * run, pin.h), `wide` the scope-wide index and channel pins of its scope. pip's command
 * line options replace the PIP_INDEX_URL / PIP_EXTRA_INDEX_URL the environment gives the
 * same option, so a kind the command gives hides the scope-wide pins of that kind. */
static void build_command(struct scope_command *v, const struct kb *kb, const struct pin *pins, size_t from,
			  size_t to, const struct pin *const *wide, size_t nwide,
			  const struct scope_info *scope_info)
{
	v->scope = pins[from].scope;
	v->command = pins[from].command;
	v->info = *scope_info;
	clear_sources(&v->info);
	for (size_t i = 0; i < nwide; i++)
		if (wide[i]->scope == v->scope && !gives_kind(pins, from, to, wide[i]->index_kind))
			add_source(kb, wide[i], &v->info);
	for (size_t i = from; i < to; i++)
		if (pins[i].kind == PIN_KIND_INDEX)
			add_source(kb, &pins[i], &v->info);
}

/* The end of the run of pins from pins[from] that one command (or no command) gave,
 * and whether it holds an index or channel. */
static size_t command_end(const struct pin *pins, size_t npins, size_t from, bool *given)
{
	size_t to = from;
	*given = false;
	for (; to < npins && pins[to].command == pins[from].command && pins[to].scope == pins[from].scope;
	     to++)
		*given |= pins[to].kind == PIN_KIND_INDEX;
	*given &= pins[from].command != 0;
	return to;
}

/* A view for each command given an index or a channel, in pin order, so by command.
 * The array is sized once: a scope_info points into itself (variants). */
static void build_commands(struct scopes *self, const struct kb *kb, const struct pin *pins, size_t npins)
{
	VEC(const struct pin *) wide = { NULL, 0, 0 };
	size_t n = 0;
	bool given;
	for (size_t i = 0; i < npins; i++)
		if (pins[i].kind == PIN_KIND_INDEX && !pins[i].command)
			vec_push(&wide, &pins[i]);
	for (size_t from = 0; from < npins; n += given)
		from = command_end(pins, npins, from, &given);
	self->commands = n ? xcalloc(n, sizeof(*self->commands)) : NULL;
	for (size_t from = 0, to; from < npins; from = to) {
		to = command_end(pins, npins, from, &given);
		if (given)
			build_command(&self->commands[self->ncommands++], kb, pins, from, to, wide.items,
				      wide.nr, &self->items[pins[from].scope]);
	}
	vec_release(&wide);
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
		if (p->kind == PIN_KIND_INDEX) {
			if (!p->command)
				add_source(kb, p, s);
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
		const struct pin **companion = p->pkg == PIN_PKG_TORCHVISION  ? &s->pinned_companion[0]
					       : p->pkg == PIN_PKG_TORCHAUDIO ? &s->pinned_companion[1]
									      : NULL;
		if (companion && !*companion && p->spec && !p->unresolved)
			*companion = p;
	}
	self->commands = NULL;
	self->ncommands = 0;
	build_commands(self, kb, pins, npins);
}

void scopes_release(struct scopes *self)
{
	free(self->items);
	free(self->commands);
	self->items = NULL;
	self->commands = NULL;
	self->n = self->ncommands = 0;
}

const struct scope_info *scopes_get(const struct scopes *self, uint32_t scope)
{
	static const struct scope_info EMPTY;
	return scope < self->n ? &self->items[scope] : &EMPTY;
}

const struct scope_info *scopes_of_pin(const struct scopes *self, const struct pin *p)
{
	size_t lo = 0, hi = self->ncommands;
	while (p->command && lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct scope_command *c = &self->commands[mid];
		if (c->command == p->command)
			return c->scope == p->scope ? &c->info : scopes_get(self, p->scope);
		if (c->command < p->command)
			lo = mid + 1;
		else
			hi = mid;
	}
	return scopes_get(self, p->scope);
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

#include "cuda_claim.h"
#include "pin_spec.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/vec.h"

static struct cuda_claim *claim_new(struct cuda_claims *out, const struct pin *pin, struct span span)
{
	vec_grow(out, st_add(out->nr, 1));
	struct cuda_claim *c = &out->items[out->nr++];
	memset(c, 0, sizeof(*c));
	c->pin = pin;
	c->span = span;
	return c;
}

/* A claim that allows exactly the CUDA versions starting with `v`'s components (a
 * 2-part 12.1 allows 12.1.*; a 3-part 12.4.1 allows that release only). */
bool cuda_claim_version_of(const char *text, struct version *out)
{
	if (!text || !*text)
		return false;
	/* The KB's patterns give a variant's CUDA as digits ("121" from +cu121, "92" from
	 * cu92): read those as the cuXY[Z] tag they came from, not as a plain number. */
	char tag[32];
	size_t n = strspn(text, "0123456789");
	if (!text[n] && n >= 2 && n <= 4) {
		snprintf(tag, sizeof(tag), "cu%s", text);
		text = tag;
	}
	return version_parse_cuda(out, text, strlen(text));
}

static bool claim_from_cuda_text(struct cuda_claims *out, const struct pin *pin, struct span span,
				 const char *text, const char *what_fmt, const char *what_arg)
{
	struct version v;
	if (!cuda_claim_version_of(text, &v))
		return false;
	struct cuda_claim *c = claim_new(out, pin, span);
	c->spec.nclauses = 1;
	c->spec.clauses[0].op = VOP_PREFIX;
	c->spec.clauses[0].v = v;
	c->spec.clauses[0].prefix_parts = v.nrelease;
	version_format(&v, c->text, sizeof(c->text));
	snprintf(c->what, sizeof(c->what), what_fmt, what_arg);
	return true;
}

/* `torch==2.0.1` with no index option installs the PyPI wheel, which on Linux x86_64 is
 * one CUDA build per release (pytorch.yaml `pypi_default`, e.g. cu117 for 2.0): the torch
 * build of the pin (torch_build.h) says so, also beside an extra index that lacks the
 * release. A direct wheel URL is not PyPI's. */
static void claim_pypi_default(const struct scope_info *sf, const struct torch_build *b, const struct pin *p,
			       struct cuda_claims *out)
{
	if (!b || b->origin != TORCH_FROM_PYPI || !b->has_cuda || p->url)
		return;
	char text[32], ver[64], what[320], beside[112] = "";
	version_format(&b->cuda, text, sizeof(text));
	version_format(&b->version, ver, sizeof(ver));
	if (sf->nvariants)
		snprintf(beside, sizeof(beside), "; the %s index has no %s", sf->variants[0], ver);
	snprintf(what, sizeof(what), "the PyPI wheel of torch %s is the %s build%s", ver, b->variant->name,
		 beside);
	claim_from_cuda_text(out, p, p->span, text, "%s", what);
}

static void claim_package(const struct kb *kb, const struct scope_info *sf, const struct torch_build *build,
			  const struct pin *p, struct cuda_claims *out)
{
	char what[160];
	if (p->pkg == PIN_PKG_CUDA && p->spec && !p->unresolved) {
		struct version_spec spec;
		if (!pin_spec_parse(p, &spec) || !spec.nclauses)
			return;
		/* The CUDA runtime component packages (pip nvidia-cuda-runtime-cuXX, conda
		 * cuda-cudart) number their releases X.Y.<build> (12.1.105, 11.8.89): only the
		 * X.Y is a CUDA version. */
		if (!strncmp(p->name, "nvidia-cuda-runtime", 19) || !strcmp(p->name, "cuda-cudart")) {
			const struct version_clause *cl = &spec.clauses[0];
			if (spec.nclauses != 1 || (cl->op != VOP_EQ && cl->op != VOP_PREFIX) ||
			    cl->v.nrelease < 2)
				return;
			struct version v = cl->v;
			v.nrelease = 2;
			char text[32];
			version_format(&v, text, sizeof(text));
			const char *shown = p->spec;
			while (*shown == '=')
				shown++;
			snprintf(what, sizeof(what), "'%s %s'", p->name, shown);
			claim_from_cuda_text(out, p, p->span, text, "%s", what);
			return;
		}
		/* pytorch-cuda=11.3 selects no build the 'pytorch' channel published: the solve
		 * fails, and its CUDA is no claim (PIN402 says the value is unknown). */
		struct version line;
		if (kb && p->eco == PIN_ECO_CONDA && !strcmp(p->name, "pytorch-cuda") &&
		    pin_spec_line(p, &line) && !kb_pytorch_cuda_published(kb, &line, NULL, 0))
			return;
		struct cuda_claim *c = claim_new(out, p, p->span);
		c->spec = spec;
		/* "=11.8" and "==11.8.0" read better without the operator. */
		const char *shown = p->spec;
		while (*shown == '=')
			shown++;
		snprintf(c->text, sizeof(c->text), "%s", shown);
		snprintf(c->what, sizeof(c->what), "'%s%s%s'", p->name,
			 p->eco == PIN_ECO_CONDA && p->spec[0] != '=' && p->spec[0] != '<' &&
					 p->spec[0] != '>' && p->spec[0] != '!' && p->spec[0] != '~'
				 ? "="
				 : "",
			 p->spec);
		return;
	}
	if (p->pkg == PIN_PKG_TORCH && p->eco == PIN_ECO_PIP && !p->variant && !p->unresolved) {
		claim_pypi_default(sf, build, p, out);
		return;
	}
	if (!pin_is_torch_family(p) || !p->variant || p->unresolved)
		return;
	/* One finding per environment, at the text that decides it: a companion's +cuXYZ
	 * repeats torch's when torch states one. */
	if (p->pkg != PIN_PKG_TORCH && p->eco != PIN_ECO_CONDA && sf->pip_torch_variant)
		return;
	struct kb_match m;
	if (p->eco == PIN_ECO_CONDA) {
		if (kb_match(kb, KB_PAT_CONDA_BUILD, NULL, p->variant, &m) && m.cuda[0]) {
			snprintf(what, sizeof(what), "conda build '%s' of '%s'", p->variant, p->name);
			claim_from_cuda_text(out, p, p->span, m.cuda, "%s", what);
		}
		return;
	}
	char local[64];
	snprintf(local, sizeof(local), "+%s", p->variant);
	if (kb_match(kb, KB_PAT_LOCAL_VERSION, NULL, local, &m) && m.cuda[0]) {
		snprintf(what, sizeof(what), "wheel variant '%s' of '%s'", p->variant, p->name);
		claim_from_cuda_text(out, p, p->span, m.cuda, "%s", what);
	}
}

/* Does the scope's PyTorch index decide the build of its torch? With --index-url it
 * does (what it lacks cannot be installed). An extra index beside PyPI
 * (scope_pypi_beside_index) decides only where it has the release pip takes: pip takes
 * the highest version across PyPI and the index, which for a range is the newest
 * release it allows that the KB lists. So an unpinned torch or `torch>=1.10` beside the
 * cu113 index (its builds end at 1.12.1), or a 1.13.0 it never had, comes from PyPI
 * (whose build, where known, claims for itself); an unpinned torch beside an index that
 * has the newest release (cu130) is the index's. A scope with no torch pin (torchvision
 * alone) is read as the index's. */
static bool index_decides(const struct scope_info *sf, const struct torch_builds *builds,
			  const struct torch_ranges *ranges)
{
	const struct pin *t = sf->first_torch;
	if (!scope_pypi_beside_index(sf) || !t)
		return true;
	const struct torch_build *b = torch_builds_find(builds, t);
	if (b)
		return b->origin == TORCH_FROM_INDEX;
	for (size_t i = 0; i < ranges->nr; i++) {
		const struct torch_range *r = &ranges->items[i];
		if (r->pin != t)
			continue;
		const struct torch_range_build *newest =
			r->n ? &torch_range_builds(ranges, r)[r->n - 1] : NULL;
		return newest && newest->variant && !newest->from_pypi;
	}
	return false; /* a release or build the KB does not know */
}

static void claim_index(const struct kb *kb, const struct scope_info *sf, const struct torch_builds *builds,
			const struct torch_ranges *ranges, const struct pin *p, struct cuda_claims *out)
{
	if (!p->spec || p->unresolved || p->index_kind == PIN_INDEX_CHANNEL)
		return;
	/* An index only decides the CUDA build of the torch family installed from it, and
	 * says nothing new where those pins name their +cuXYZ variant themselves. */
	if (!sf->pip_family || sf->pip_family_variant || !index_decides(sf, builds, ranges))
		return;
	struct kb_match m;
	if (!kb_match(kb, KB_PAT_INDEX_URL, NULL, p->spec, &m) || !m.cuda[0] ||
	    scope_index_match_unpublished(kb, p, &m))
		return;
	char what[160];
	snprintf(what, sizeof(what), "PyTorch index '%s'", p->spec);
	claim_from_cuda_text(out, p, p->span, m.cuda, "%s", what);
}

/* Where the tag holds the CUDA version `text` the KB pattern read (kb_match gives the
 * group, not its place): after "cuda"/"cu" if such an occurrence is there
 * (pytorch/pytorch's 1.13.1-cuda11.6, cu121), else the first standing alone. */
static bool tag_group_at(const char *tag, const char *text, size_t *off)
{
	size_t n = strlen(text), first = SIZE_MAX;
	if (!n)
		return false;
	for (const char *q = strstr(tag, text); q; q = strstr(q + 1, text)) {
		size_t at = (size_t)(q - tag);
		char next = q[n];
		if ((at && (isdigit((unsigned char)q[-1]) || q[-1] == '.')) || isdigit((unsigned char)next) ||
		    (next == '.' && isdigit((unsigned char)q[n + 1])))
			continue;
		if ((at >= 4 && !strncasecmp(q - 4, "cuda", 4)) ||
		    (at >= 2 && !strncasecmp(q - 2, "cu", 2))) {
			*off = at;
			return true;
		}
		if (first == SIZE_MAX)
			first = at;
	}
	*off = first;
	return first != SIZE_MAX;
}

static void claim_image(const struct kb *kb, const struct pin *p, struct cuda_claims *out)
{
	if (!p->spec || p->unresolved)
		return;
	struct kb_match m;
	if (!kb_match(kb, KB_PAT_IMAGE_TAG, p->name, p->spec, &m))
		return;
	char what[160];
	snprintf(what, sizeof(what), "base image '%s:%s'", p->name, p->spec);
	if (m.cuda[0]) {
		/* `FROM pytorch/pytorch:${PYTORCH}-cuda${CUDA}-...`: the CUDA ARG, not the
		 * first variable of the tag, supplies the claim. */
		size_t off;
		struct span span =
			tag_group_at(p->spec, m.cuda, &off) ? pin_spec_span(p, off, strlen(m.cuda)) : p->span;
		claim_from_cuda_text(out, p, span, m.cuda, "%s", what);
		return;
	}
	if (m.ngc[0]) {
		const char *base = strrchr(p->name, '/');
		const struct kb_ngc *ngc = kb_ngc_find(kb, base ? base + 1 : p->name, m.ngc);
		if (ngc) {
			char text[32];
			version_format(&ngc->cuda, text, sizeof(text));
			if (claim_from_cuda_text(out, p, p->span, text, "%s", what))
				out->items[out->nr - 1].ngc = ngc;
		}
	}
}

void cuda_claims_derive(struct cuda_claims *self, const struct kb *kb, const struct scopes *scopes,
			const struct torch_builds *builds, const struct torch_ranges *ranges,
			const struct pin *pins, size_t npins)
{
	struct cuda_claims *out = self;
	memset(out, 0, sizeof(*out));
	/* Scopes whose base image already made a CUDA claim (for ENV CUDA_VERSION below). */
	bool *image_claim = xcalloc(scopes->n ? scopes->n : 1, sizeof(bool));
	size_t b = 0;
	for (size_t i = 0; i < npins; i++) {
		const struct pin *p = &pins[i];
		const struct scope_info *sf = scopes_of_pin(scopes, p);
		/* Builds are in pin order: the one of this pin, if any, is next. */
		while (b < builds->nr && builds->items[b].pin < p)
			b++;
		const struct torch_build *build =
			b < builds->nr && builds->items[b].pin == p ? &builds->items[b] : NULL;
		size_t before = out->nr;
		switch (p->kind) {
		case PIN_KIND_PACKAGE:
			claim_package(kb, sf, build, p, out);
			break;
		case PIN_KIND_INDEX:
			claim_index(kb, sf, builds, ranges, p, out);
			break;
		case PIN_KIND_IMAGE:
			claim_image(kb, p, out);
			if (out->nr > before && p->scope < scopes->n)
				image_claim[p->scope] = true;
			break;
		case PIN_KIND_ENV:
			break;
		}
	}
	/* ENV CUDA_VERSION repeats what an nvidia/cuda base image already says (NVIDIA's own
	 * Dockerfiles set both); it is a claim of its own only where no image claim is. */
	for (size_t i = 0; i < npins; i++) {
		const struct pin *p = &pins[i];
		if (p->kind != PIN_KIND_ENV || p->pkg != PIN_PKG_CUDA || !p->spec || p->unresolved)
			continue;
		if (p->scope < scopes->n && image_claim[p->scope])
			continue;
		char what[160];
		snprintf(what, sizeof(what), "'ENV %s=%s'", p->name, p->spec);
		claim_from_cuda_text(out, p, p->span, p->spec, "%s", what);
	}
	free(image_claim);
}

void cuda_claims_release(struct cuda_claims *self)
{
	vec_release(self);
}

bool cuda_claim_image_release(const struct cuda_claim *self, struct version *out)
{
	/* claim_image made it: one prefix clause of the tag's version as read. */
	const struct version_clause *cl = &self->spec.clauses[0];
	if (self->pin->kind != PIN_KIND_IMAGE || self->ngc || self->spec.nclauses != 1 ||
	    cl->op != VOP_PREFIX || cl->v.nrelease != 3)
		return false;
	*out = cl->v;
	return true;
}

size_t cuda_claim_releases(const struct cuda_claim *self, const struct kb *kb, bool *allowed)
{
	size_t n = kb_cuda_count(kb), hits = 0;
	for (size_t i = 0; i < n; i++) {
		allowed[i] = version_spec_matches(&self->spec, &kb_cuda_at(kb, i)->version);
		hits += allowed[i];
	}
	return hits;
}

/*
 * STK301: a `+cuXYZ` build of a torch release that was never published (torch 2.0.1+cu121:
 * cu121 builds start at 2.1.0) fails with "No matching distribution" wherever it is
 * installed (anchors.md 16). Judged only where pytorch.yaml gives the release's CUDA
 * build list as complete (`cuda_builds`); elsewhere a missing variant may be a gap.
 *
 * STK303 and PIN401: torch and its companions. torchvision and torchaudio wheels are
 * built against one torch release and pin it; a companion of another release line fails
 * at import ("operator torchvision::nms does not exist", "undefined symbol") or makes pip
 * fetch a different torch, and two CUDA builds in one environment disagree at run time
 * ("PyTorch and TorchAudio were compiled with different CUDA versions"). anchors.md 12-14.
 * Which companion belongs to which release is pytorch.yaml `companions`; a version the KB
 * does not list is never judged. pip pins only: the `pytorch` conda channel paired some
 * releases differently (2.0.0 with torchvision 0.15.0), and the table is pip's. A stage
 * with no torch of its own is judged against its base image's torch (image_pair).
 */
#include <stdio.h>
#include <string.h>

#include "analysis/pin_spec.h"
#include "check.h"
#include "torch_kind.h"
#include "torch_fix.h"
#include "conda.h"

static bool lists(const struct kb_torch_companion *c, bool audio, const struct version *v)
{
	if (audio)
		return c->has_torchaudio && !version_cmp_public(&c->torchaudio, v);
	return c->has_torchvision && !version_cmp_public(&c->torchvision, v);
}

/* Does `rel` list companion `v`? */
static bool line_lists(const struct kb_torch_release *rel, bool audio, const struct version *v)
{
	for (size_t i = 0; i < rel->ncompanions; i++)
		if (lists(&rel->companions[i], audio, v))
			return true;
	return false;
}

/* The newest release line that lists companion `v`, or NULL (unknown to the KB). */
static const struct kb_torch_release *line_of(const struct kb *kb, bool audio, const struct version *v)
{
	for (size_t r = kb_torch_count(kb); r-- > 0;)
		if (line_lists(kb_torch_at(kb, r), audio, v))
			return kb_torch_at(kb, r);
	return NULL;
}

static void public_text(const struct version *v, char *buf, size_t size)
{
	version_format(v, buf, size);
	char *plus = strchr(buf, '+');
	if (plus)
		*plus = '\0';
}

/* STK303: companion `cv` is listed for another release line than torch's `rel` (`tt` is
 * torch's version as pinned; `want`, possibly empty, the companion of it). `image`: the
 * torch is the one a base image ships, not a pin, and pip would replace it. */
static void other_line(const struct check_ctx *ctx, const struct kb_torch_release *rel, const char *tt,
		       const struct pin *comp, const struct version *cv, const char *want, const char *label,
		       const struct pin *image, struct diag_list *out)
{
	bool audio = comp->pkg == PIN_PKG_TORCHAUDIO;
	const char *name = audio ? "torchaudio" : "torchvision";
	if (line_lists(rel, audio, cv))
		return;
	const struct kb_torch_release *other = line_of(ctx->kb, audio, cv);
	if (!other)
		return; /* a companion the KB does not know: PIN402's business, never a guess */
	/* A pure-Python companion (torchvision 0.2.2) has no operators to mismatch, and
	 * requires any torch (pytorch.yaml companion_requires). */
	const struct kb_companion_requires *req = kb_companion_requires(ctx->kb, name);
	if (req && req->has_compiled_from && version_cmp(cv, &req->compiled_from) < 0)
		return;
	char cvt[48], line[16], tline[16];
	public_text(cv, cvt, sizeof(cvt));
	version_format(&other->line, line, sizeof(line));
	version_format(&rel->line, tline, sizeof(tline));
	struct diag *d;
	if (image)
		d = diag_add(out, RULE_STK303, comp->file, comp->span, NULL,
			     "%s %s belongs to the torch %s line, but the base image %s:%s ships torch %s "
			     "(the %s line): pip replaces the image's torch with the one %s %s requires, "
			     "or (--no-deps) its compiled operators do not load against the image's",
			     name, cvt, line, image->name, image->spec, tt, tline, name, cvt);
	else
		d = diag_add(out, RULE_STK303, comp->file, comp->span, NULL,
			     "%s %s belongs to the torch %s line, but torch is pinned to %s (the %s line): "
			     "its compiled operators do not load against another torch",
			     name, cvt, line, tt, tline);
	if (want[0]) {
		diag_set_help(d, "pin %s==%s, the %s of torch %s", name, want, name, tt);
		torch_fix_edit_pin(d, comp, want, label);
	}
	check_cite(d, &rel->origin);
}

/* STK303 within one line: companion `cv` is listed for another patch of torch's line
 * (`tv`, an exact patch) than the one pinned, and its wheels require the torch they were
 * built with exactly (pytorch.yaml companion_requires): torchvision 0.9.1 with torch
 * 1.8.0 does not resolve (pip: ResolutionImpossible; conda: the solve fails). */
static void other_patch(const struct check_ctx *ctx, const struct kb_torch_release *rel,
			const struct version *tv, const char *tt, const struct pin *comp,
			const struct version *cv, const char *want, const char *label, struct diag_list *out)
{
	bool audio = comp->pkg == PIN_PKG_TORCHAUDIO;
	const char *name = audio ? "torchaudio" : "torchvision";
	const struct kb_companion_requires *req = kb_companion_requires(ctx->kb, name);
	const struct kb_torch_companion *row = kb_torch_companion(rel, tv);
	if (!req || (req->has_unpinned_from && version_cmp(cv, &req->unpinned_from) >= 0) ||
	    (req->has_compiled_from && version_cmp(cv, &req->compiled_from) < 0) || tv->nrelease < 3 ||
	    !row || !(audio ? row->has_torchaudio : row->has_torchvision) || lists(row, audio, cv))
		return;
	const struct kb_torch_companion *built = NULL;
	for (size_t i = 0; i < rel->ncompanions && !built; i++)
		if (lists(&rel->companions[i], audio, cv))
			built = &rel->companions[i];
	if (!built)
		return;
	char cvt[48], bt[48];
	public_text(cv, cvt, sizeof(cvt));
	public_text(&built->torch, bt, sizeof(bt));
	struct diag *d =
		diag_add(out, RULE_STK303, comp->file, comp->span, NULL,
			 "%s %s requires torch %s exactly (the torch it was built with), but torch is "
			 "pinned to %s: the install does not resolve (pip: ResolutionImpossible; "
			 "conda: the solve fails)",
			 name, cvt, bt, tt);
	char rw[48];
	public_text(audio ? &row->torchaudio : &row->torchvision, rw, sizeof(rw));
	diag_set_help(d, "pin %s==%s, the %s of torch %s", name, rw, name, tt);
	if (want[0])
		torch_fix_edit_pin(d, comp, want, label);
	check_cite(d, &rel->origin);
}

/* The newest torchvision (torchaudio) any release's `companions` lists. */
static bool newest_companion(const struct kb *kb, bool audio, struct version *out)
{
	bool have = false;
	for (size_t r = 0; r < kb_torch_count(kb); r++) {
		const struct kb_torch_release *rel = kb_torch_at(kb, r);
		for (size_t i = 0; i < rel->ncompanions; i++) {
			const struct kb_torch_companion *c = &rel->companions[i];
			const struct version *v = audio ? &c->torchaudio : &c->torchvision;
			if ((audio ? c->has_torchaudio : c->has_torchvision) &&
			    (!have || version_cmp(v, out) > 0)) {
				*out = *v;
				have = true;
			}
		}
	}
	return have;
}

static void check_pair(const struct check_ctx *ctx, const struct pin *torch, const struct version *tv,
		       const struct pin *comp, struct diag_list *out)
{
	bool audio = comp->pkg == PIN_PKG_TORCHAUDIO;
	const char *name = audio ? "torchaudio" : "torchvision";
	const struct kb_torch_release *rel = kb_torch_release(ctx->kb, tv);
	const struct kb_torch_companion *row = rel ? kb_torch_companion(rel, tv) : NULL;
	char tt[48], want[48] = "";
	public_text(tv, tt, sizeof(tt));
	if (row && (audio ? row->has_torchaudio : row->has_torchvision))
		public_text(audio ? &row->torchaudio : &row->torchvision, want, sizeof(want));

	if (!comp->spec) {
		if (!want[0] || comp->unresolved)
			return;
		/* One install: pip's resolver takes the companion that requires this torch,
		 * unless the newest requires none (pytorch.yaml companion_requires). */
		const struct kb_companion_requires *req = kb_companion_requires(ctx->kb, name);
		struct version newest;
		bool free_newest = req && req->has_unpinned_from &&
				   newest_companion(ctx->kb, audio, &newest) &&
				   version_cmp(&newest, &req->unpinned_from) >= 0;
		if (comp->command == torch->command && req) {
			char nt[48];
			if (!free_newest)
				return;
			public_text(&newest, nt, sizeof(nt));
			if (!strcmp(nt, want))
				return;
			struct diag *d =
				diag_add(out, RULE_PIN401, comp->file, comp->span, NULL,
					 "%s is not pinned next to torch %s: %s %s requires no torch "
					 "release, so pip installs it, built for another torch "
					 "(the first load fails with 'undefined symbol')",
					 name, tt, name, nt);
			diag_set_help(d, "pin %s==%s, the %s of torch %s", name, want, name, tt);
			check_cite(d, &req->origin);
			return;
		}
		struct diag *d = diag_add(out, RULE_PIN401, comp->file, comp->span, NULL,
					  "%s is not pinned next to torch %s: pip may bring a %s built for "
					  "another torch (it does when the two are installed apart, or when "
					  "the newest %s does not pin torch exactly)",
					  name, tt, name, name);
		diag_set_help(d, "pin %s==%s, the %s of torch %s", name, want, name, tt);
		check_cite(d, &rel->origin);
		return;
	}
	struct version cv;
	if (!pin_spec_exact(comp, &cv))
		return;
	/* One fix for both findings below, so the two never disagree: the companion of
	 * torch's release where it belongs to another line, with torch's build label. */
	const char *label = comp->variant && torch->variant ? torch->variant : comp->variant;
	char fixed[48];
	public_text(&cv, fixed, sizeof(fixed));
	bool moves = rel && want[0] && !line_lists(rel, audio, &cv) && line_of(ctx->kb, audio, &cv);
	/* Two CUDA builds in one environment; a source build's label (`+git1a2b3c`) names
	 * none. */
	if (torch->variant && comp->variant && strcmp(torch->variant, comp->variant) &&
	    torch_kind_build_label(ctx->kb, torch->variant) &&
	    torch_kind_build_label(ctx->kb, comp->variant)) {
		char full[64];
		version_format(&cv, full, sizeof(full));
		struct diag *d =
			diag_add(out, RULE_STK303, comp->file, comp->span, NULL,
				 "%s %s is the %s build but torch %s is the %s build: one environment "
				 "gets two CUDA versions",
				 name, full, comp->variant, tt, torch->variant);
		diag_set_help(d, "use the %s build of %s too", torch->variant, name);
		torch_fix_edit_pin(d, comp, moves ? want : fixed, label);
	}
	if (rel) {
		other_line(ctx, rel, tt, comp, &cv, want, label, NULL, out);
		other_patch(ctx, rel, tv, tt, comp, &cv, want, label, out);
	}
}

/* The torch release nearest to `v` that the KB lists with the `variant` build: the first
 * after it, else the newest before it (cu118 builds ended with 2.7). False when none. */
static bool nearest_with_build(const struct kb *kb, const struct version *v, const char *variant,
			       struct version *found, bool *later)
{
	bool any = false;
	for (size_t r = 0; r < kb_torch_count(kb); r++) {
		const struct kb_torch_release *rel = kb_torch_at(kb, r);
		for (size_t i = 0; i < rel->npatches; i++) {
			const struct version *p = &rel->patches[i];
			if (!kb_torch_variant(rel, variant, p))
				continue;
			*found = *p;
			any = true;
			if (version_cmp_public(p, v) > 0) {
				*later = true;
				return true;
			}
		}
	}
	*later = false;
	return any;
}

static void never_published(const struct check_ctx *ctx, const struct pin *p, struct diag_list *out)
{
	struct version v;
	if (!p->variant || !pin_spec_exact(p, &v) ||
	    kb_torch_cuda_build_published(ctx->kb, &v, p->variant) != KB_NO)
		return;
	const struct kb_torch_release *rel = kb_torch_release(ctx->kb, &v);
	char tt[48], builds[128] = "";
	public_text(&v, tt, sizeof(tt));
	const struct kb_torch_variant *newest = NULL;
	size_t o = 0;
	for (size_t i = 0; i < rel->nvariants && o < sizeof(builds); i++) {
		const struct kb_torch_variant *b = &rel->variants[i];
		if (!b->has_cuda || !kb_torch_variant(rel, b->name, &v))
			continue;
		o += (size_t)snprintf(builds + o, sizeof(builds) - o, "%s%s", o ? ", " : "", b->name);
		if (!newest || version_cmp(&b->cuda, &newest->cuda) > 0)
			newest = b;
	}
	struct diag *d = diag_add(out, RULE_STK301, p->file, p->span, NULL,
				  "torch %s was never published as a +%s build (its CUDA builds: %s): "
				  "pip fails with 'No matching distribution'",
				  tt, p->variant, builds[0] ? builds : "none");
	struct version other;
	bool later;
	char ot[48];
	if (nearest_with_build(ctx->kb, &v, p->variant, &other, &later)) {
		public_text(&other, ot, sizeof(ot));
		const char *which = later ? "the next release" : "the newest release";
		if (newest)
			diag_set_help(d,
				      "pin torch==%s+%s, or move to torch %s (%s known to have a +%s build)",
				      tt, newest->name, ot, which, p->variant);
		else
			diag_set_help(d, "move to torch %s (%s known to have a +%s build)", ot, which,
				      p->variant);
	} else if (newest) {
		diag_set_help(d, "pin torch==%s+%s", tt, newest->name);
	}
	diag_set_source(d, rel->cuda_builds_source, rel->cuda_builds_secondary);
}

void check_torch_builds(const struct check_ctx *ctx, struct diag_list *out)
{
	if (!ctx->kb)
		return;
	for (size_t i = 0; i < ctx->npins; i++) {
		const struct pin *p = &ctx->pins[i];
		/* A direct wheel URL is not an index lookup: on another host it may be a
		 * build of its own, and pip fetches it whatever PyTorch published. */
		if (p->kind == PIN_KIND_PACKAGE && p->eco == PIN_ECO_PIP && p->pkg == PIN_PKG_TORCH &&
		    !p->url)
			never_published(ctx, p, out);
	}
	conda_check_builds(ctx, out);
}

/* STK303 for conda: a torchvision / torchaudio of one release (`=0.16.0`) next to a conda
 * pytorch of one line, both taken from the `pytorch` channel, whose packages pair as
 * PyTorch released them (conda-forge rebuilds a companion against newer pytorch lines
 * when its migrations run, so its pairs are not the table's). Only the release line is
 * compared: the channel paired some releases differently from pip (2.0.0 with
 * torchvision 0.15.0, which the pip table does not list, so it is never judged), and
 * PIN401 is pip's. */
/* conda's `torchvision=0.13` allows every 0.13.x: when all of those the KB lists belong
 * to one torch line, the first of them stands for the pin (*out), as an exact one would;
 * false when the prefix spans lines or the KB lists none. */
static bool prefix_release(const struct kb *kb, const struct pin *c, struct version *out)
{
	bool audio = c->pkg == PIN_PKG_TORCHAUDIO;
	struct version line;
	const struct kb_torch_release *owner = NULL;
	if (!pin_spec_line(c, &line) || line.nrelease != 2)
		return false;
	for (size_t r = 0; r < kb_torch_count(kb); r++) {
		const struct kb_torch_release *rel = kb_torch_at(kb, r);
		for (size_t i = 0; i < rel->ncompanions; i++) {
			const struct kb_torch_companion *row = &rel->companions[i];
			const struct version *v = audio ? &row->torchaudio : &row->torchvision;
			if (!(audio ? row->has_torchaudio : row->has_torchvision) ||
			    version_cmp_prefix(v, &line, 2))
				continue;
			if (owner && owner != rel)
				return false;
			if (!owner)
				*out = *v;
			owner = rel;
		}
	}
	return owner != NULL;
}

static void conda_companions(const struct check_ctx *ctx, struct diag_list *out)
{
	const struct scopes *scopes = &ctx->facts->scopes;
	for (size_t j = 0; j < ctx->npins; j++) {
		const struct pin *c = &ctx->pins[j];
		struct version cv, tv;
		bool exact = false;
		if (c->kind != PIN_KIND_PACKAGE || c->eco != PIN_ECO_CONDA || c->unresolved ||
		    (c->pkg != PIN_PKG_TORCHVISION && c->pkg != PIN_PKG_TORCHAUDIO) ||
		    (!(exact = pin_spec_release(c, &cv)) && !prefix_release(ctx->kb, c, &cv)))
			continue;
		const struct scope_info *s = scopes_of_pin(scopes, c);
		const struct pin *torch = s->conda_torch;
		const struct kb_torch_release *rel = torch ? conda_pytorch_line(ctx, torch, &tv) : NULL;
		char tt[48];
		if (!rel || !scope_conda_from_pytorch_channel(scopes_of_pin(scopes, torch), torch) ||
		    !scope_conda_from_pytorch_channel(s, c))
			continue;
		public_text(&tv, tt, sizeof(tt));
		other_line(ctx, rel, tt, c, &cv, "", NULL, NULL, out);
		/* a prefix allows every patch of its line: only an exact pin names one */
		if (exact)
			other_patch(ctx, rel, &tv, tt, c, &cv, "", NULL, out);
	}
}

/* The torch a base image of `scope` ships, its own or inherited from the stage it is
 * built FROM (torch_build.h), or NULL. */
static const struct torch_build *image_torch(const struct check_ctx *ctx, uint32_t scope)
{
	return torch_builds_image_of(&ctx->facts->builds, &ctx->facts->scopes, scope);
}

/* Is `v` the newest torch the KB lists? `pip install torchvision` then fetches the
 * companion of it, as far as envlint can tell. */
static bool newest_known(const struct kb *kb, const struct version *v)
{
	size_t n = kb_torch_count(kb);
	const struct kb_torch_release *last = n ? kb_torch_at(kb, n - 1) : NULL;
	return last && last->npatches && !version_cmp(&last->patches[last->npatches - 1], v);
}

/* The build of `rel` named `name`, or the CUDA build of CUDA X.Y `cuda` (name NULL). */
static const struct kb_torch_variant *build_of(const struct kb_torch_release *rel, const char *name,
					       const struct version *cuda)
{
	for (size_t i = 0; i < rel->nvariants; i++) {
		const struct kb_torch_variant *b = &rel->variants[i];
		if (name ? !strcmp(b->name, name) : b->has_cuda && !version_cmp_prefix(&b->cuda, cuda, 2))
			return b;
	}
	return NULL;
}

/* STK303, two CUDA builds: a companion of the image torch's line labelled for another
 * CUDA (+cu118 on pytorch/pytorch:2.1.0-cuda12.1-...). Its `torch==2.1.0` accepts the
 * image's torch whatever its build, so pip keeps it beside the companion. A label the
 * KB does not list for the release is not judged. */
static void image_cuda_build(const struct torch_build *img, const struct pin *comp, const struct version *cv,
			     const char *tt, struct diag_list *out)
{
	const char *name = comp->pkg == PIN_PKG_TORCHAUDIO ? "torchaudio" : "torchvision";
	const struct kb_torch_variant *b = build_of(img->rel, comp->variant, NULL);
	if (!b || !b->has_cuda || !version_cmp_prefix(&b->cuda, &img->cuda, 2))
		return;
	char full[64], icuda[16];
	version_format(cv, full, sizeof(full));
	version_format(&img->cuda, icuda, sizeof(icuda));
	struct diag *d =
		diag_add(out, RULE_STK303, comp->file, comp->span, NULL,
			 "%s %s is the %s build but the base image %s:%s ships torch %s built with "
			 "CUDA %s, which pip keeps (the %s requires torch %s, whatever its build): one "
			 "environment gets two CUDA versions",
			 name, full, comp->variant, img->pin->name, img->pin->spec, tt, icuda, name, tt);
	const struct kb_torch_variant *own = build_of(img->rel, NULL, &img->cuda);
	/* Help only: the label alone, with the index of the old build beside it, would
	 * leave PIN403. */
	if (own)
		diag_set_help(d, "use the %s build of %s too, from the PyTorch index of that build",
			      own->name, name);
	check_cite(d, &img->rel->origin);
}

/* STK303 and PIN401 on top of a base image's torch (pytorch/pytorch:2.1.0-cuda12.1-...,
 * an NGC release whose torch images.yaml gives), in a stage that pins no torch of its
 * own. A PyPI torchvision / torchaudio requires one torch release exactly, so pip
 * replaces the image's torch with it when the two differ: a companion of another line
 * (STK303), or an unpinned one, for which pip picks the newest companion and so the
 * newest torch (PIN401, unless the image's torch is the newest the KB knows). NGC's
 * torch is NVIDIA's pre-release (2.10.0a0), which no PyPI companion lists: only the line
 * is judged there, with no pin proposed. */
static void image_pair(const struct check_ctx *ctx, const struct torch_build *img, const struct pin *comp,
		       struct diag_list *out)
{
	bool audio = comp->pkg == PIN_PKG_TORCHAUDIO;
	const char *name = audio ? "torchaudio" : "torchvision";
	const struct kb_torch_companion *row = kb_torch_companion(img->rel, &img->version);
	char tt[48], want[48] = "";
	version_format(&img->version, tt, sizeof(tt));
	if (row && (audio ? row->has_torchaudio : row->has_torchvision))
		public_text(audio ? &row->torchaudio : &row->torchvision, want, sizeof(want));
	if (!comp->spec) {
		if (!want[0] || comp->unresolved || newest_known(ctx->kb, &img->version))
			return;
		struct diag *d =
			diag_add(out, RULE_PIN401, comp->file, comp->span, NULL,
				 "%s is not pinned on top of the base image %s:%s (torch %s): pip "
				 "picks the newest %s, which requires its own torch release exactly, "
				 "and replaces the image's torch with it",
				 name, img->pin->name, img->pin->spec, tt, name);
		diag_set_help(d, "pin %s==%s, the %s of torch %s", name, want, name, tt);
		check_cite(d, &img->rel->origin);
		return;
	}
	struct version cv;
	if (!pin_spec_exact(comp, &cv))
		return;
	if (want[0] && comp->variant && img->has_cuda && line_lists(img->rel, audio, &cv))
		image_cuda_build(img, comp, &cv, tt, out);
	other_line(ctx, img->rel, tt, comp, &cv, want, comp->variant, img->pin, out);
}

/* The first exact pip torch pin of the Dockerfile command that installs pins[at] (a
 * command's pins are one run of the list, pin.h `command`), or NULL: `uv pip install
 * torch==2.6.0 torchvision` pairs with its own torch, not the stage's first one. */
static const struct pin *command_torch(const struct check_ctx *ctx, size_t at, struct version *v)
{
	uint32_t command = ctx->pins[at].command;
	if (!command)
		return NULL;
	size_t a = at;
	while (a > 0 && ctx->pins[a - 1].command == command)
		a--;
	for (size_t i = a; i < ctx->npins && ctx->pins[i].command == command; i++) {
		const struct pin *p = &ctx->pins[i];
		if (p->kind == PIN_KIND_PACKAGE && p->eco == PIN_ECO_PIP && p->pkg == PIN_PKG_TORCH &&
		    pin_spec_exact(p, v))
			return p;
	}
	return NULL;
}

void check_companions(const struct check_ctx *ctx, struct diag_list *out)
{
	if (!ctx->kb)
		return;
	/* Each scope's torch is its first exact pip pin (scope.h): one pass over the
	 * companions, whatever the file's size. */
	const struct scopes *scopes = &ctx->facts->scopes;
	for (size_t j = 0; j < ctx->npins; j++) {
		const struct pin *c = &ctx->pins[j];
		if (c->kind != PIN_KIND_PACKAGE || c->eco != PIN_ECO_PIP ||
		    (c->pkg != PIN_PKG_TORCHVISION && c->pkg != PIN_PKG_TORCHAUDIO))
			continue;
		const struct scope_info *s = scopes_of_pin(scopes, c);
		/* `torchvision` on one line and `torchvision==0.19.0` on another of the same
		 * install: pip merges the two lines' specifiers, so the bare one pins nothing
		 * less. */
		const struct pin *pinned = s->pinned_companion[c->pkg == PIN_PKG_TORCHAUDIO];
		if (!c->spec && pinned && pinned->command == c->command)
			continue;
		struct version own_version;
		const struct pin *own = command_torch(ctx, j, &own_version);
		if (own || s->torch) {
			check_pair(ctx, own ? own : s->torch, own ? &own_version : &s->torch_version, c, out);
			continue;
		}
		/* A torch of the stage's own (a range, a conda pytorch) decides instead. */
		const struct torch_build *img =
			s->first_torch || s->conda_torch ? NULL : image_torch(ctx, c->scope);
		if (img)
			image_pair(ctx, img, c, out);
	}
	conda_companions(ctx, out);
}

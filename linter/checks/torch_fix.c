#include "torch_fix.h"

#include <stdio.h>
#include <string.h>

#include "analysis/pin_spec.h"

const struct pin *torch_fix_pin_of(const struct check_ctx *ctx, const struct pin *p)
{
	const struct scope_info *s = scopes_of_pin(&ctx->facts->scopes, p);
	if (p->kind == PIN_KIND_PACKAGE && p->pkg == PIN_PKG_TORCH)
		return p;
	if (p->kind == PIN_KIND_INDEX)
		return s->first_torch;
	if (p->kind == PIN_KIND_PACKAGE && p->eco == PIN_ECO_CONDA && !strcmp(p->name, "pytorch-cuda"))
		return s->conda_torch;
	return NULL;
}

#define FIX_MAX_GPUS 16

/* What the target asks, with room for its box's other GPUs. */
struct need {
	struct torch_pick_need q;
	const struct version *cc[FIX_MAX_GPUS];
	const struct kb_gpu *gpu[FIX_MAX_GPUS];
};

static bool jetson(const struct kb_gpu *gpu)
{
	return gpu && !strcmp(gpu->segment, "jetson");
}

/* Are GPU kernels asked of a build on this platform? Not on a Jetson (JetPack wheels are
 * built apart) and not where the KB holds no arch lists for the platform's wheels
 * (Windows): there a pick is made for the driver alone and claims no kernels. */
static bool kernels_asked(const struct check_ctx *ctx, const struct kb_gpu *gpu)
{
	return !jetson(gpu) && ctx->facts->wheels != KB_WHEEL_OTHER;
}

/* What the target asks: its driver when given, its GPU's kernels when known and asked
 * (kernels_asked), on the platform's wheels (linux-aarch64 builds have lists of their
 * own, and only the builds the KB lists for aarch64 are proposed there), and the
 * kernels of its profile's other GPUs, which run the same environment. */
static void need_of(const struct check_ctx *ctx, bool need_full, struct need *n)
{
	const struct target *t = ctx->target;
	const struct profile *prof = ctx->profile;
	memset(n, 0, sizeof(*n));
	n->q.driver = t->has_driver ? &t->driver : NULL;
	n->q.os = t->os;
	n->q.need_full = need_full;
	n->q.wheels = ctx->facts->wheels;
	n->q.cc = t->has_cc && kernels_asked(ctx, t->gpu) ? &t->cc : NULL;
	n->q.gpu = t->gpu;
	n->q.also_cc = n->cc;
	n->q.also_gpu = n->gpu;
	bool self_seen = false;
	for (size_t g = 0; prof && g < prof->ngpus && n->q.nalso < FIX_MAX_GPUS; g++) {
		const struct profile_gpu *pg = &prof->gpus[g];
		if (!self_seen && t->has_cc && pg->gpu == t->gpu && !version_cmp(&pg->cc, &t->cc)) {
			self_seen = true;
			continue;
		}
		if (!kernels_asked(ctx, pg->gpu))
			continue;
		n->cc[n->q.nalso] = &pg->cc;
		n->gpu[n->q.nalso++] = pg->gpu;
	}
}

bool torch_fix_find(struct torch_fix *self, const struct check_ctx *ctx, const struct pin *torch,
		    bool need_full)
{
	struct version v;
	if (!pin_spec_release(torch, &v)) {
		memset(self, 0, sizeof(*self));
		self->torch = torch;
		self->conda = torch->eco == PIN_ECO_CONDA;
		return false;
	}
	return torch_fix_find_release(self, ctx, torch, &v, need_full);
}

static bool find_release(struct torch_fix *self, const struct check_ctx *ctx, const struct pin *torch,
			 const struct version *release, bool need_full, bool other_full_first);

bool torch_fix_find_release(struct torch_fix *self, const struct check_ctx *ctx, const struct pin *torch,
			    const struct version *release, bool need_full)
{
	return find_release(self, ctx, torch, release, need_full, false);
}

bool torch_fix_find_for_image(struct torch_fix *self, const struct check_ctx *ctx, const struct pin *torch,
			      const struct version *release)
{
	return find_release(self, ctx, torch, release, false, true);
}

static bool find_release(struct torch_fix *self, const struct check_ctx *ctx, const struct pin *torch,
			 const struct version *release, bool need_full, bool other_full_first)
{
	memset(self, 0, sizeof(*self));
	self->torch = torch;
	self->conda = torch->eco == PIN_ECO_CONDA;
	struct version v = *release;
	const struct kb_torch_release *rel = kb_torch_release(ctx->kb, &v);
	if (!rel || !kb_torch_patch_exists(rel, &v))
		return false;
	version_format(&v, self->release, sizeof(self->release));
	/* Local labels are not part of the release: 2.1.0+cu121 is torch 2.1.0. */
	char *plus = strchr(self->release, '+');
	if (plus)
		*plus = '\0';
	struct need n;
	need_of(ctx, need_full, &n);
	struct torch_pick_need need = n.q;
	/* A driver that does not drive the GPU is DRV104's finding, and no torch build
	 * mends it: the build is searched for the GPUs alone. */
	if (need.driver && need.gpu && kb_gpu_driver_supported(ctx->kb, need.gpu, need.driver) == KB_NO) {
		self->gpu_undriven = true;
		need.driver = NULL;
	}
	self->nalso = need.nalso;
	/* A conda environment's python pin: the wheels of another release must exist for it. */
	const struct scope_info *s = scopes_of_pin(&ctx->facts->scopes, torch);
	struct version py;
	if (s->python && pin_spec_line(s->python, &py)) {
		py.nrelease = 2;
		need.python = &py;
	}
	if (torch_pick_build(&self->pick, ctx->kb, rel, &v, self->conda, &need)) {
		self->same = true;
		self->rel = rel;
		self->patch = v;
		self->patch.local[0] = '\0';
		return true;
	}
	/* No build of the release meets the target: what `envlint suggest` picks for it
	 * (pip wheels; the pytorch conda channel ended with 2.5, so conda picks are not
	 * searched across releases). Not for a build the driver already runs through
	 * minor-version compatibility (need_full, DRV102): suggest accepts that too, and
	 * moving to an older release to lift a warning is no fix. */
	self->full_only = need_full;
	self->searched_others = !self->conda && !need_full;
	if (self->searched_others && other_full_first) {
		struct torch_pick_need full = need;
		full.need_full = true;
		self->other = self->other_full =
			torch_pick_newest(&self->pick, &self->rel, &self->patch, ctx->kb, &full);
	}
	if (self->searched_others && !self->other &&
	    torch_pick_newest(&self->pick, &self->rel, &self->patch, ctx->kb, &need))
		self->other = true;
	return self->other;
}

/* "CUDA 11.8, with kernels for sm_61, which driver 470.82.01 runs through minor-version
 * compatibility": what the search checked, so the reader sees both halves. */
static void runs_words(const struct torch_fix *self, const struct check_ctx *ctx, char *buf, size_t size)
{
	const struct target *t = ctx->target;
	char c[32], sm[12], cc[52] = "", drv[160] = "";
	version_format(&self->pick.cuda, c, sizeof(c));
	bool kernels =
		self->pick.variant || (self->conda && kb_torch_conda_build(self->rel, &self->pick.cuda));
	if (kernels && t->has_cc && kernels_asked(ctx, t->gpu)) {
		profile_sm_text(&t->cc, sm, sizeof(sm));
		snprintf(cc, sizeof(cc), ", with kernels for %s%s", sm,
			 self->nalso ? " and the other GPUs" : "");
	}
	if (t->has_driver && !self->gpu_undriven)
		snprintf(drv, sizeof(drv), ", which driver %s runs%s", t->driver_text,
			 self->pick.verdict == FLOOR_MVC ? " through minor-version compatibility" : "");
	snprintf(buf, size, "CUDA %s%s%s", c, cc, drv);
}

static void target_words(const struct torch_fix *self, const struct check_ctx *ctx, char *buf, size_t size)
{
	const struct target *t = ctx->target;
	char cc[16] = "";
	if (t->has_cc)
		profile_sm_text(&t->cc, cc, sizeof(cc));
	bool drv = t->has_driver && !self->gpu_undriven;
	snprintf(buf, size, "%s%s%s%s%s", drv ? "driver " : "", drv ? t->driver_text : "",
		 drv && cc[0] ? " and " : "", cc, self->nalso ? " and the profile's other GPUs" : "");
}

void torch_fix_words(const struct torch_fix *self, const struct check_ctx *ctx, char *buf, size_t size)
{
	char runs[256], tgt[96], c[32], patch[48];
	version_format(&self->pick.cuda, c, sizeof(c));
	target_words(self, ctx, tgt, sizeof(tgt));
	if (!self->same && !self->other) {
		/* Say only what was searched: other releases are not, for a warning (DRV102)
		 * or a conda pin. */
		snprintf(buf, size, "no build of torch %s%s runs%s on %s", self->release,
			 self->searched_others ? " or of any other release the knowledge base knows" : "",
			 self->full_only ? " fully" : "", tgt);
		return;
	}
	runs_words(self, ctx, runs, sizeof(runs));
	const struct target *t = ctx->target;
	char undriven[192] = "";
	if (self->gpu_undriven)
		snprintf(undriven, sizeof(undriven), "; but driver %s does not drive '%s' (DRV104)",
			 t->driver_text, t->gpu->name);
	if (self->same && self->conda)
		snprintf(buf, size, "pytorch-cuda=%s with pytorch %s (%s)%s", c, self->release, runs,
			 undriven);
	else if (self->same)
		snprintf(buf, size, "the %s build of torch %s (%s)%s", self->pick.variant->name,
			 self->release, runs, undriven);
	else {
		/* suggest's fallback (torch_pick_newest) is said as such, as the help says
		 * minor-version compatibility: the user may prefer to check the facts first. */
		bool firsthand = torch_pick_firsthand(self->rel, self->pick.variant);
		version_format(&self->patch, patch, sizeof(patch));
		snprintf(buf, size,
			 "no build of torch %s runs on %s; the newest that does (as `envlint suggest` "
			 "picks%s%s) is the %s build of torch %s (%s%s)%s",
			 self->release, tgt, self->other_full ? " among builds the driver runs fully" : "",
			 firsthand ? "" : ": none the KB has first-hand runs there", self->pick.variant->name,
			 patch, runs, firsthand ? "" : "; the KB has this build second-hand only", undriven);
	}
}

bool torch_fix_for_driver(const struct check_ctx *ctx, const struct cuda_claim *claim, bool need_full,
			  char *buf, size_t size, struct diag *d)
{
	buf[0] = '\0';
	const struct pin *torch = torch_fix_pin_of(ctx, claim->pin);
	struct torch_fix fix;
	if (!torch)
		return false;
	/* The conda channel's picks are not searched across releases (torch_fix_find). */
	if (!torch_fix_find(&fix, ctx, torch, need_full) && (!fix.release[0] || fix.conda))
		return false;
	if (fix.gpu_undriven)
		return false; /* the driver is the fix (DRV104) */
	char words[512];
	torch_fix_words(&fix, ctx, words, sizeof(words));
	snprintf(buf, size, "%s%s", fix.same ? "or " : "", words);
	torch_fix_edit(&fix, ctx, d);
	return true;
}

/* ------------------------------------------------------------------------- */
/* The fix as manifest edits (diag_edit): all of them or none. */

#define FIX_MAX_EDITS 4

struct plan {
	const struct pin *pin[FIX_MAX_EDITS];
	struct span span[FIX_MAX_EDITS]; /* the pin's span, or an empty one (an insertion) */
	const char *old[FIX_MAX_EDITS];  /* the pin's spec, or "" */
	char text[FIX_MAX_EDITS][256];
	size_t n;
	bool broken; /* some edit could not be made exactly: the fix is help only */
};

/* The pin's text at its span is its spec as written, so the edit is an exact byte
 * edit; text that came through an ARG/ENV, a spec read off a wheel URL's file name, or
 * text not read whole is not edited (fix.c also checks the bytes on disk). */
static bool editable(const struct pin *p)
{
	return p && p->spec && !p->unresolved && !span_is_set(p->via) &&
	       !(p->kind == PIN_KIND_PACKAGE && p->url) && p->span.end_byte > p->span.start_byte &&
	       p->span.end_byte - p->span.start_byte == strlen(p->spec);
}

/* `text` in place of p's text at `span` (p->span with `old` its spec, or an empty span
 * beside it with `old` ""). */
static void plan_put(struct plan *self, const struct pin *p, struct span span, const char *old,
		     const char *text)
{
	if (!editable(p) || self->n == FIX_MAX_EDITS || strlen(text) >= sizeof(self->text[0])) {
		self->broken = true;
		return;
	}
	for (size_t i = 0; i < self->n; i++)
		if (self->span[i].start_byte == span.start_byte && self->span[i].end_byte == span.end_byte) {
			self->broken = true;
			return;
		}
	self->pin[self->n] = p;
	self->span[self->n] = span;
	self->old[self->n] = old;
	snprintf(self->text[self->n++], sizeof(self->text[0]), "%s", text);
}

static void plan_add(struct plan *self, const struct pin *p, const char *text)
{
	plan_put(self, p, p->span, p->spec, text);
}

/* An empty span at byte `at` of line `line`, column `col`. */
static struct span span_at(uint32_t at, uint32_t line, uint32_t col)
{
	struct span s = { line, col, line, col, at, at };
	return s;
}

/* The PyTorch index of build `to` added beside pip torch pin `p`, whose scope has none
 * (with a +label pinned and no index, pip fails: PIN403). In a requirements file, a line
 * `--extra-index-url URL` before the pin's (fix.c writes the file's own line end); in a
 * RUN `pip install`, the option after the pin's word when the word is bare (its text
 * ends it; not "torch==2.1.0"). Not in a conda `pip:` list (an item of its own would be
 * needed there). The URL must read as images.yaml's
 * `pytorch-index` of that build. Where it cannot be added, the fix is broken when it
 * `needed` the index (its label makes the PyPI pin fail), else it goes without. */
static void plan_index_line(struct plan *self, const struct check_ctx *ctx, const struct pin *p,
			    const char *to, bool needed)
{
	char url[128], text[160];
	struct kb_match m;
	snprintf(url, sizeof(url), "https://download.pytorch.org/whl/%s", to);
	if (!kb_match(ctx->kb, KB_PAT_INDEX_URL, NULL, url, &m) || strcmp(m.variant, to) ||
	    strcmp(m.pattern, "pytorch-index") || p->text == PIN_TEXT_ITEM ||
	    p->text == PIN_TEXT_SHELL_QUOTED || (p->marker && p->text == PIN_TEXT_SHELL) ||
	    !span_is_set(p->name_span) || p->name_span.line != p->span.line) {
		self->broken = self->broken || needed;
		return;
	}
	if (p->text == PIN_TEXT_SHELL) {
		snprintf(text, sizeof(text), " --extra-index-url %s", url);
		plan_put(self, p, span_at(p->span.end_byte, p->span.end_line, p->span.end_column), "", text);
	} else {
		snprintf(text, sizeof(text), "--extra-index-url %s\n", url);
		const struct span *n = &p->name_span;
		plan_put(self, p, span_at(n->start_byte, n->line, n->column), "", text);
	}
}

/* An exact pip pin (`==2.1.0`, `==2.1.0+cu121`) rewritten to `==version[+label]`. */
static void plan_pip_version(struct plan *self, const struct pin *p, const char *version, const char *label)
{
	struct version v;
	if (!p->spec || strncmp(p->spec, "==", 2) || p->spec[2] == '=' || !pin_spec_exact(p, &v)) {
		self->broken = true;
		return;
	}
	char text[160];
	snprintf(text, sizeof(text), "==%s%s%s", version, label ? "+" : "", label ? label : "");
	if (strcmp(text, p->spec))
		plan_add(self, p, text);
}

/* A PyTorch index URL of build `from` rewritten to build `to` (.../whl/cu121 ->
 * .../whl/cu118); the result must still read as images.yaml's `pytorch-index`. Only an
 * index root ending in the build (not a find-links page such as .../cu111/torch_stable.html,
 * which PyTorch does not publish for every build). */
static void plan_index(struct plan *self, const struct check_ctx *ctx, const struct pin *index,
		       const char *from, const char *to)
{
	const char *at = index->spec ? strstr(index->spec, from) : NULL;
	size_t n = strlen(from);
	char url[256];
	struct kb_match m;
	if (!strcmp(from, to))
		return;
	if (!at || at == index->spec || at[-1] != '/' || (at[n] && strcmp(at + n, "/")) ||
	    index->index_kind == PIN_INDEX_FIND_LINKS) {
		self->broken = true;
		return;
	}
	snprintf(url, sizeof(url), "%.*s%s%s", (int)(at - index->spec), index->spec, to, at + n);
	if (!kb_match(ctx->kb, KB_PAT_INDEX_URL, NULL, url, &m) || strcmp(m.variant, to) ||
	    strcmp(m.pattern, "pytorch-index")) {
		self->broken = true;
		return;
	}
	plan_add(self, index, url);
}

/* conda `pytorch-cuda=12.1` (or `12.1`, `==12.1`) rewritten to the picked X.Y. */
static void plan_pytorch_cuda(struct plan *self, const struct pin *p, const struct version *cuda)
{
	const char *s = p->spec ? p->spec : "";
	size_t ops = strspn(s, "=");
	char c[32], text[64];
	struct version v;
	if (!s[ops] || !version_parse(&v, s + ops, strlen(s + ops)) || v.nrelease != 2) {
		self->broken = true;
		return;
	}
	version_format(cuda, c, sizeof(c));
	snprintf(text, sizeof(text), "%.*s%s", (int)ops, s, c);
	if (strcmp(text, s))
		plan_add(self, p, text);
}

/* torchvision / torchaudio pins of the torch pin's scope follow it: to the KB's
 * companions of another release (never guessed: none known, no edit), and to the new
 * build where they name one (+cuXYZ). */
static void plan_family(struct plan *self, const struct check_ctx *ctx, const struct torch_fix *fix,
			const char *to)
{
	const struct kb_torch_companion *c = fix->other ? kb_torch_companion(fix->rel, &fix->patch) : NULL;
	for (size_t i = 0; i < ctx->npins; i++) {
		const struct pin *p = &ctx->pins[i];
		if (p->scope != fix->torch->scope || p->kind != PIN_KIND_PACKAGE || p->eco != PIN_ECO_PIP ||
		    (p->pkg != PIN_PKG_TORCHVISION && p->pkg != PIN_PKG_TORCHAUDIO) || !p->spec)
			continue; /* unpinned: pip resolves it against the new torch */
		bool audio = p->pkg == PIN_PKG_TORCHAUDIO;
		struct version own;
		char v[48];
		if (fix->other) {
			if (!c || !(audio ? c->has_torchaudio : c->has_torchvision)) {
				self->broken = true;
				return;
			}
			version_format(audio ? &c->torchaudio : &c->torchvision, v, sizeof(v));
		} else if (pin_spec_exact(p, &own)) {
			own.local[0] = '\0';
			version_format(&own, v, sizeof(v));
		} else {
			continue; /* a range stays a range */
		}
		plan_pip_version(self, p, v, p->variant ? to : NULL);
	}
}

static void plan_pip(struct plan *self, const struct check_ctx *ctx, const struct torch_fix *fix,
		     const struct torch_build *b)
{
	const struct scope_info *s = scopes_of_pin(&ctx->facts->scopes, fix->torch);
	const char *to = fix->pick.variant->name;
	char patch[48];
	version_format(&fix->patch, patch, sizeof(patch));
	switch (b->origin) {
	case TORCH_FROM_LABEL: {
		/* A label with no index fails as it is (PIN403): the edit adds the index too. */
		bool add = !s->index && !s->index_any_build;
		if (add && fix->torch->text != PIN_TEXT_SHELL)
			plan_index_line(self, ctx, fix->torch, to, false);
		plan_pip_version(self, fix->torch, patch, to);
		if (add && fix->torch->text == PIN_TEXT_SHELL)
			plan_index_line(self, ctx, fix->torch, to, false);
		break;
	}
	case TORCH_FROM_PYPI: {
		/* PyPI has only the release's default build (pytorch.yaml pypi_default, Linux):
		 * where that is the pick no label is needed, else the label moves the pin to
		 * the PyTorch index (PIN403 then asks for one). */
		const char *def = ctx->target->os == KB_OS_LINUX ? fix->rel->pypi_default : NULL;
		bool label = !def || strcmp(def, to);
		/* ... and with no index in the scope, the edit adds the one of that build
		 * (edits in file order: the line goes before the pin, the option after it). */
		bool add = label && !s->index && !s->index_any_build;
		if (add && fix->torch->text != PIN_TEXT_SHELL)
			plan_index_line(self, ctx, fix->torch, to, true);
		plan_pip_version(self, fix->torch, patch, label ? to : NULL);
		if (add && fix->torch->text == PIN_TEXT_SHELL)
			plan_index_line(self, ctx, fix->torch, to, true);
		break;
	}
	case TORCH_FROM_INDEX:
		if (fix->other)
			plan_pip_version(self, fix->torch, patch, NULL);
		break;
	case TORCH_FROM_CONDA:
	case TORCH_FROM_IMAGE:
		self->broken = true;
		return;
	}
	/* An index envlint cannot read may not serve another release's build. */
	if (fix->other && s->index_any_build) {
		self->broken = true;
		return;
	}
	/* The scope's PyTorch index of one build serves the new one instead (with a label
	 * pinned, an index of another build fails the install: PIN403). Several: no edit. */
	if (s->nvariants == 1)
		plan_index(self, ctx, s->index_pin[0], s->variants[0], to);
	else if (s->nvariants > 1)
		self->broken = true;
	plan_family(self, ctx, fix, to);
}

/* Does the picked build run on every target of the run (each profile's driver and
 * GPUs)? One manifest serves them all: an edit that mends one target and breaks another
 * is not made (the help still names the build for its own target). */
static bool runs_everywhere(const struct torch_fix *self, const struct check_ctx *ctx)
{
	/* A conda pick: the channel's build, where the KB lists its architectures. */
	const struct kb_torch_variant *conda =
		self->pick.variant ? NULL : kb_torch_conda_build(self->rel, &self->pick.cuda);
	for (size_t p = 0; ctx->profiles && p < ctx->profiles->nr; p++) {
		const struct profile *prof = &ctx->profiles->items[p];
		const struct target *b = &prof->base;
		/* Each profile's platform has its own wheels: a build the KB does not list for
		 * aarch64 may not exist there, and Windows lists are not known (not asked). */
		enum kb_wheel_platform wheels =
			kb_wheel_platform_of(b->os, prof->platform != PROFILE_PLATFORM_LINUX_AARCH64);
		if (wheels == KB_WHEEL_LINUX_AARCH64 &&
		    !kb_torch_wheel_on(self->rel, self->pick.variant, wheels))
			return false;
		const struct kb_torch_variant *var =
			wheels == KB_WHEEL_OTHER ? NULL
			: self->pick.variant ? kb_torch_wheel_kernels(self->rel, self->pick.variant, wheels)
					     : conda;
		if (b->has_driver) {
			enum floor_verdict fv = floor_of_minor(ctx->kb, &self->pick.cuda, &b->driver, b->os);
			if (fv != FLOOR_FULL && fv != FLOOR_MVC)
				return false;
		}
		for (size_t g = 0; var && g < prof->ngpus; g++) {
			const struct profile_gpu *pg = &prof->gpus[g];
			if (jetson(pg->gpu))
				continue;
			if (b->has_driver && pg->gpu &&
			    kb_gpu_driver_supported(ctx->kb, pg->gpu, &b->driver) == KB_NO)
				continue; /* DRV104's, whatever the build */
			if (!torch_pick_serves(ctx->kb, var, &pg->cc))
				return false;
		}
	}
	return true;
}

void torch_fix_edit_pin(struct diag *d, const struct pin *p, const char *version, const char *label)
{
	struct plan plan = { .n = 0 };
	plan_pip_version(&plan, p, version, label);
	if (!plan.broken && plan.n)
		diag_add_edit(d, p->file, p->span, p->spec, plan.text[0]);
}

/* Would moving the stage's torch to the fix's build put it on another CUDA major than the
 * nvcc of the stage's devel image (STK306's error: cpp_extension refuses the build)? */
static bool breaks_devel_nvcc(const struct torch_fix *self, const struct check_ctx *ctx)
{
	const struct pin *t = self->torch;
	const struct cuda_claims *claims = &ctx->facts->claims;
	for (size_t i = 0; i < claims->nr; i++) {
		const struct cuda_claim *c = &claims->items[i];
		struct version nvcc;
		if ((c->pin->scope == t->scope || (t->base_scope && c->pin->scope == t->base_scope)) &&
		    check_devel_image(ctx, c) && cuda_claim_version_of(c->text, &nvcc) &&
		    nvcc.release[0] != self->pick.cuda.release[0])
			return true;
	}
	return false;
}

void torch_fix_edit(const struct torch_fix *self, const struct check_ctx *ctx, struct diag *d)
{
	const struct torch_build *b = torch_builds_find(&ctx->facts->builds, self->torch);
	struct plan plan = { .n = 0 };
	/* A driver that does not drive the GPU fails any build: no edit mends that. An image's
	 * tag names more than the build (its flavor, cuDNN): no text edit is made for it. */
	if (!b || (!self->same && !self->other) || self->gpu_undriven || b->origin == TORCH_FROM_IMAGE)
		return;
	if (self->conda) {
		/* Only a pytorch-cuda pin beside the pytorch pin is edited (not a build string). */
		if (!self->same || b->origin != TORCH_FROM_CONDA || !b->from->name ||
		    strcmp(b->from->name, "pytorch-cuda"))
			return;
		if (runs_everywhere(self, ctx))
			plan_pytorch_cuda(&plan, b->from, &self->pick.cuda);
	} else {
		if (!runs_everywhere(self, ctx) || breaks_devel_nvcc(self, ctx))
			return;
		plan_pip(&plan, ctx, self, b);
	}
	if (plan.broken)
		return;
	for (size_t i = 0; i < plan.n; i++)
		diag_add_edit(d, plan.pin[i]->file, plan.span[i], plan.old[i], plan.text[i]);
}

bool torch_fix_image(const struct torch_fix *self, const struct check_ctx *ctx, char *buf, size_t size,
		     struct diag *d)
{
	const struct pin *p = self->torch;
	struct kb_match m;
	buf[0] = '\0';
	if ((!self->same && !self->other) || self->gpu_undriven || !self->pick.variant || !self->rel ||
	    !self->rel->images_source || !self->rel->images || !p->spec ||
	    !kb_match(ctx->kb, KB_PAT_IMAGE_TAG, p->name, p->spec, &m) || !m.torch[0] || !m.cuda[0] ||
	    !m.cudnn[0] || !m.flavor[0])
		return false;
	/* The release's image of the build's CUDA: "cuda<X.Y>-cudnn<N>". */
	char cu[16], lead[32];
	version_format_release(&self->pick.cuda, 2, cu, sizeof(cu));
	snprintf(lead, sizeof(lead), "cuda%s-cudnn", cu);
	const char *cudnn = NULL;
	for (const char *const *e = self->rel->images; *e && !cudnn; e++)
		if (!strncmp(*e, lead, strlen(lead)) && (*e)[strlen(lead)])
			cudnn = *e + strlen(lead);
	if (!cudnn)
		return false;
	char patch[48];
	version_format(&self->patch, patch, sizeof(patch));
	snprintf(buf, size, "%s:%s-cuda%s-cudnn%s-%s", p->name, patch, cu, cudnn, m.flavor);
	if (!runs_everywhere(self, ctx))
		return true;
	/* <torch>-cuda<X.Y>-cudnn<N>-<flavor>, as the pattern reads it */
	size_t lt = strlen(m.torch), lc = strlen(m.cuda), ln = strlen(m.cudnn);
	size_t oc = lt + 5, on = oc + lc + 6;
	if (strlen(p->spec) != on + ln + 1 + strlen(m.flavor))
		return true;
	struct span st = pin_spec_exact_span(p, 0, lt), sc = pin_spec_exact_span(p, oc, lc),
		    sn = pin_spec_exact_span(p, on, ln);
	bool et = strcmp(m.torch, patch) != 0, ec = strcmp(m.cuda, cu) != 0, en = strcmp(m.cudnn, cudnn) != 0;
	if ((et && !span_is_set(st)) || (ec && !span_is_set(sc)) || (en && !span_is_set(sn)))
		return true;
	/* torchvision / torchaudio pinned in the stage follow the image's torch (STK303). */
	struct plan plan = { .n = 0 };
	plan_family(&plan, ctx, self, self->pick.variant->name);
	if (plan.broken)
		return true;
	for (size_t i = 0; i < plan.n; i++)
		diag_add_edit(d, plan.pin[i]->file, plan.span[i], plan.old[i], plan.text[i]);
	if (et)
		diag_add_edit(d, p->file, st, m.torch, patch);
	if (ec)
		diag_add_edit(d, p->file, sc, m.cuda, cu);
	if (en)
		diag_add_edit(d, p->file, sn, m.cudnn, cudnn);
	return true;
}

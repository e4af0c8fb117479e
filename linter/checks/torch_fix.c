#include "torch_fix.h"

#include <stdio.h>
#include <string.h>

#include "analysis/pin_spec.h"

const struct pin *torch_fix_pin_of(const struct check_ctx *ctx, const struct pin *p)
{
	const struct scope_info *s = scopes_get(&ctx->facts->scopes, p->scope);
	if (p->kind == PIN_KIND_PACKAGE && p->pkg == PIN_PKG_TORCH)
		return p;
	if (p->kind == PIN_KIND_INDEX)
		return s->first_torch;
	if (p->kind == PIN_KIND_PACKAGE && p->eco == PIN_ECO_CONDA && !strcmp(p->name, "pytorch-cuda"))
		return s->conda_torch;
	return NULL;
}

/* What the target asks: its driver when given, its GPU's kernels when known (JetPack
 * wheels are built apart: the KB's architectures are the Linux x86_64 wheels'). */
static void need_of(const struct check_ctx *ctx, bool need_full, struct torch_pick_need *need)
{
	const struct target *t = ctx->target;
	bool jetson = t->gpu && !strcmp(t->gpu->segment, "jetson");
	need->driver = t->has_driver ? &t->driver : NULL;
	need->os = t->os;
	need->need_full = need_full;
	need->cc = t->has_cc && !jetson ? &t->cc : NULL;
	need->gpu = t->gpu;
}

bool torch_fix_find(struct torch_fix *self, const struct check_ctx *ctx, const struct pin *torch, bool need_full)
{
	memset(self, 0, sizeof(*self));
	self->torch = torch;
	self->conda = torch->eco == PIN_ECO_CONDA;
	struct version v;
	if (!pin_spec_release(torch, &v))
		return false;
	const struct kb_torch_release *rel = kb_torch_release(ctx->kb, &v);
	if (!rel || !kb_torch_patch_exists(rel, &v))
		return false;
	version_format(&v, self->release, sizeof(self->release));
	/* Local labels are not part of the release: 2.1.0+cu121 is torch 2.1.0. */
	char *plus = strchr(self->release, '+');
	if (plus)
		*plus = '\0';
	struct torch_pick_need need;
	need_of(ctx, need_full, &need);
	/* A driver that does not drive the GPU is DRV104's finding, and no torch build
	 * mends it: the build is searched for the GPU alone. */
	if (need.driver && need.gpu && kb_gpu_driver_supported(ctx->kb, need.gpu, need.driver) == KB_NO) {
		self->gpu_undriven = true;
		need.driver = NULL;
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
	 * searched across releases). */
	if (!self->conda && torch_pick_newest(&self->pick, &self->rel, &self->patch, ctx->kb, &need))
		self->other = true;
	return self->other;
}

/* "CUDA 11.8; kernels for sm_61; driver 470.82.01 runs it through minor-version
 * compatibility": what the search checked, so the reader sees both halves. */
static void runs_words(const struct torch_fix *self, const struct check_ctx *ctx, char *buf, size_t size)
{
	const struct target *t = ctx->target;
	char c[32], cc[48] = "", drv[160] = "";
	version_format(&self->pick.cuda, c, sizeof(c));
	if (self->pick.variant && t->has_cc && !(t->gpu && !strcmp(t->gpu->segment, "jetson")))
		snprintf(cc, sizeof(cc), ", with kernels for sm_%u%u", t->cc.release[0],
			 t->cc.nrelease > 1 ? t->cc.release[1] : 0);
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
		snprintf(cc, sizeof(cc), "sm_%u%u", t->cc.release[0], t->cc.nrelease > 1 ? t->cc.release[1] : 0);
	bool drv = t->has_driver && !self->gpu_undriven;
	snprintf(buf, size, "%s%s%s%s", drv ? "driver " : "", drv ? t->driver_text : "", drv && cc[0] ? " and " : "",
		 cc);
}

void torch_fix_words(const struct torch_fix *self, const struct check_ctx *ctx, char *buf, size_t size)
{
	char runs[256], tgt[96], c[32], patch[48];
	version_format(&self->pick.cuda, c, sizeof(c));
	target_words(self, ctx, tgt, sizeof(tgt));
	if (!self->same && !self->other) {
		snprintf(buf, size, "no build of torch %s or of any other release the knowledge base knows runs "
			 "on %s", self->release, tgt);
		return;
	}
	runs_words(self, ctx, runs, sizeof(runs));
	if (self->same && self->conda)
		snprintf(buf, size, "pytorch-cuda=%s with pytorch %s (%s)", c, self->release, runs);
	else if (self->same)
		snprintf(buf, size, "the %s build of torch %s (%s)", self->pick.variant->name, self->release, runs);
	else {
		version_format(&self->patch, patch, sizeof(patch));
		snprintf(buf, size, "no build of torch %s runs on %s; the newest that does (as `envlint suggest` "
			 "picks) is the %s build of torch %s (%s)", self->release, tgt, self->pick.variant->name, patch,
			 runs);
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
	char words[400];
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
	char text[FIX_MAX_EDITS][256];
	size_t n;
	bool broken;            /* some edit could not be made exactly: the fix is help only */
};

/* The pin's text at its span is its spec as written, so the edit is an exact byte
 * edit; text that came through an ARG/ENV, or was not read whole, is not edited. */
static bool editable(const struct pin *p)
{
	return p && p->spec && !p->unresolved && !span_is_set(p->via) && p->span.end_byte > p->span.start_byte &&
	       p->span.end_byte - p->span.start_byte == strlen(p->spec);
}

static void plan_add(struct plan *self, const struct pin *p, const char *text)
{
	if (!editable(p) || self->n == FIX_MAX_EDITS || strlen(text) >= sizeof(self->text[0])) {
		self->broken = true;
		return;
	}
	for (size_t i = 0; i < self->n; i++)
		if (self->pin[i] == p) {
			self->broken = true;
			return;
		}
	self->pin[self->n] = p;
	snprintf(self->text[self->n++], sizeof(self->text[0]), "%s", text);
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
 * .../whl/cu118); the result must still read as images.yaml's `pytorch-index`. */
static void plan_index(struct plan *self, const struct check_ctx *ctx, const struct pin *index, const char *from,
		       const char *to)
{
	const char *at = index->spec ? strstr(index->spec, from) : NULL;
	size_t n = strlen(from);
	char url[256];
	struct kb_match m;
	if (!at || at == index->spec || at[-1] != '/' || (at[n] && at[n] != '/')) {
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

/* torchvision / torchaudio pins of the torch pin's scope follow it to another release:
 * their versions are the KB's companions of it (never guessed: none known, no edit). */
static void plan_companions(struct plan *self, const struct check_ctx *ctx, const struct torch_fix *fix,
			    const char *label)
{
	const struct kb_torch_companion *c = kb_torch_companion(fix->rel, &fix->patch);
	for (size_t i = 0; i < ctx->npins; i++) {
		const struct pin *p = &ctx->pins[i];
		if (p->scope != fix->torch->scope || p->kind != PIN_KIND_PACKAGE || p->eco != PIN_ECO_PIP ||
		    (p->pkg != PIN_PKG_TORCHVISION && p->pkg != PIN_PKG_TORCHAUDIO))
			continue;
		bool audio = p->pkg == PIN_PKG_TORCHAUDIO;
		if (!p->spec)
			continue; /* unpinned: pip resolves it against the new torch */
		if (!c || !(audio ? c->has_torchaudio : c->has_torchvision)) {
			self->broken = true;
			return;
		}
		char v[48];
		version_format(audio ? &c->torchaudio : &c->torchvision, v, sizeof(v));
		plan_pip_version(self, p, v, label);
	}
}

static void plan_pip(struct plan *self, const struct check_ctx *ctx, const struct torch_fix *fix,
		     const struct torch_build *b)
{
	const struct scope_info *s = scopes_get(&ctx->facts->scopes, fix->torch->scope);
	const char *to = fix->pick.variant->name;
	char patch[48];
	version_format(&fix->patch, patch, sizeof(patch));
	switch (b->origin) {
	case TORCH_FROM_LABEL:
	case TORCH_FROM_PYPI:
		/* A label chooses the build; PyPI has only its default one, so the label moves
		 * the pin to the PyTorch index (PIN403 says it needs one). */
		plan_pip_version(self, fix->torch, patch, to);
		if (fix->other)
			plan_companions(self, ctx, fix, to);
		return;
	case TORCH_FROM_INDEX:
		if (s->nvariants != 1 || s->index_any_build || !b->variant) {
			self->broken = true;
			return;
		}
		plan_index(self, ctx, b->from, b->variant->name, to);
		if (fix->other) {
			plan_pip_version(self, fix->torch, patch, NULL);
			plan_companions(self, ctx, fix, NULL);
		}
		return;
	case TORCH_FROM_CONDA:
	case TORCH_FROM_IMAGE:
		break;
	}
	self->broken = true;
}

void torch_fix_edit(const struct torch_fix *self, const struct check_ctx *ctx, struct diag *d)
{
	const struct torch_build *b = torch_builds_find(&ctx->facts->builds, self->torch);
	struct plan plan = { .n = 0 };
	if (!b || (!self->same && !self->other))
		return;
	if (self->conda) {
		/* Only a pytorch-cuda pin beside the pytorch pin is edited (not a build string). */
		if (!self->same || b->origin != TORCH_FROM_CONDA || !b->from->name ||
		    strcmp(b->from->name, "pytorch-cuda"))
			return;
		plan_pytorch_cuda(&plan, b->from, &self->pick.cuda);
	} else {
		plan_pip(&plan, ctx, self, b);
	}
	if (plan.broken)
		return;
	for (size_t i = 0; i < plan.n; i++)
		diag_add_edit(d, plan.pin[i]->file, plan.pin[i]->span, plan.pin[i]->spec, plan.text[i]);
}

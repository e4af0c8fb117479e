/*
 * dockerfile_stage.c: FROM, ARG and ENV, the instructions that make build stages and
 * the variables in them. FROM records the base image (a PIN_KIND_IMAGE pin whose tag
 * span points at the ARG default when a variable supplied it); ARG/ENV feed the
 * shell_env table every later expansion reads; ENV also records the few variables that
 * tell the CUDA runtime and extension builds what to expect.
 */
#include "readers.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "dockerfile_df_internal.h"
#include "shell.h"
#include "util/arena.h"
#include "util/text.h"
#include "util/vec.h"
#include "util/xalloc.h"

/* ------------------------------------------------------------------ helpers */

static const char *arena_lower(struct arena *a, const char *s, size_t n)
{
	char *r = arena_strndup(a, s, n);
	for (char *p = r; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return r;
}

/* The span of expanded text t[a, b) the user edits to change it: the text itself when
 * it comes from one place; otherwise the first run that came through a variable (the
 * ARG default in `FROM img:${CUDA}-devel`). *via gets that variable's instruction. */
static struct span text_span(const struct df *df, const struct shell_text *t, size_t a, size_t b,
			     struct span fallback, struct span *via)
{
	*via = span_none();
	if (a >= b)
		return fallback;
	const struct shell_origin *o = t->origin.items;
	bool one = true;
	int32_t var = o[a].var;
	for (size_t i = a; i < b && one; i++)
		if (o[i].off == SHELL_NO_ORIGIN || o[i].var != var || (i > a && o[i].off <= o[i - 1].off))
			one = false;
	if (one) {
		if (var >= 0)
			*via = df->env.vars.items[var].via;
		return df_span(df, o[a].off, o[b - 1].off + 1);
	}
	for (size_t i = a; i < b; i++) {
		if (o[i].var < 0 || o[i].off == SHELL_NO_ORIGIN)
			continue;
		size_t j = i;
		while (j + 1 < b && o[j + 1].var == o[i].var && o[j + 1].off != SHELL_NO_ORIGIN &&
		       o[j + 1].off > o[j].off)
			j++;
		*via = df->env.vars.items[o[i].var].via;
		return df_span(df, o[i].off, o[j].off + 1);
	}
	return fallback;
}

/* The runs of t[a, b) that each came from one place, one line of consecutive bytes:
 * the analysis points a claim read from part of a tag at the text that supplies it. */
static void tag_parts(const struct df *df, const struct shell_text *t, size_t a, size_t b, struct pin *p)
{
	const struct shell_origin *o = t->origin.items;
	size_t n = 0;
	for (size_t i = a; i < b; i++)
		if (i == a || o[i].off == SHELL_NO_ORIGIN || o[i - 1].off == SHELL_NO_ORIGIN ||
		    o[i].var != o[i - 1].var || o[i].off != o[i - 1].off + 1 ||
		    df->src->bytes[o[i - 1].off] == '\n')
			n++;
	struct pin_part *parts = arena_alloc(df->ctx->arena, n * sizeof(*parts));
	size_t k = 0;
	for (size_t i = a; i < b;) {
		size_t j = i + 1;
		while (j < b && o[i].off != SHELL_NO_ORIGIN && o[j].off != SHELL_NO_ORIGIN &&
		       o[j].var == o[i].var && o[j].off == o[j - 1].off + 1 &&
		       df->src->bytes[o[j - 1].off] != '\n')
			j++;
		parts[k].off = (uint32_t)(i - a);
		parts[k].len = (uint32_t)(j - i);
		parts[k].span =
			o[i].off == SHELL_NO_ORIGIN ? span_none() : df_span(df, o[i].off, o[j - 1].off + 1);
		k++;
		i = j;
	}
	p->parts = parts;
	p->nparts = (uint32_t)k;
}

static bool push_pin(struct df *df, const struct pin *pin)
{
	if (df->ctx->pins->nr >= READER_MAX_PINS) {
		if (!df->stop)
			diag_add(df->ctx->diags, RULE_EL007, df->src->path, pin->span, NULL,
				 "more than %u pins; the rest of the file is not read", READER_MAX_PINS);
		df->stop = true;
		return false;
	}
	pin_list_push(df->ctx->pins, pin);
	return true;
}

/* ------------------------------------------------------------------ FROM */

static int32_t stage_by_name(const struct df *df, const char *name)
{
	for (size_t i = 0; i < df->stages.nr; i++)
		if (df->stages.items[i].name && !strcasecmp(df->stages.items[i].name, name))
			return (int32_t)i;
	return -1;
}

/* `FROM base-${TARGETARCH}` next to stages `base-amd64` and `base-arm64` names one of
 * them: an unresolved reference whose text before the first '$' starts a stage name. */
static bool names_some_stage(const struct df *df, const char *ref)
{
	const char *dollar = strchr(ref, '$');
	size_t n = dollar ? (size_t)(dollar - ref) : 0;
	if (!n || memchr(ref, '/', n) || memchr(ref, ':', n))
		return false;
	for (size_t i = 0; i < df->stages.nr; i++)
		if (df->stages.items[i].name && !strncasecmp(df->stages.items[i].name, ref, n))
			return true;
	return false;
}

/* A tag is [A-Za-z0-9_][A-Za-z0-9_.-]{0,127} (reference, FROM; distribution's
 * reference grammar). */
static bool valid_tag(const char *s, size_t n)
{
	if (!n || n > 128 || s[0] == '.' || s[0] == '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_' && s[i] != '.' && s[i] != '-')
			return false;
	return true;
}

static void image_pin(struct df *df, const struct shell_text *t, size_t ws, size_t we)
{
	const char *s = t->text.items;
	size_t end = t->text.nr;
	const char *at = memchr(s, '@', end);
	size_t ref_end = at ? (size_t)(at - s) : end;
	size_t slash = 0;
	for (size_t i = 0; i < ref_end; i++)
		if (s[i] == '/')
			slash = i + 1;
	size_t colon = ref_end;
	for (size_t i = slash; i < ref_end; i++)
		if (s[i] == ':')
			colon = i;
	/* A Jinja template's `FROM img:{{ TAG }}`: another tool fills the tag in, as an unset
	 * ARG would (EL004), so there is no image to check and nothing wrong with the file. */
	if (text_has_template(arena_strndup(df->ctx->arena, s, end))) {
		diag_add(df->ctx->diags, RULE_EL004, df->src->path, df_buf_span(df, ws, we), NULL,
			 "'%.*s' is a template placeholder; the base image is not checked",
			 (int)(end > 60 ? 60 : end), s);
		return;
	}
	if (!t->unresolved && colon < ref_end && !valid_tag(s + colon + 1, ref_end - colon - 1)) {
		diag_add(df->ctx->diags, RULE_EL010, df->src->path, df_buf_span(df, ws, we), NULL,
			 "'%.*s' is not a valid image tag; base image not read",
			 (int)(ref_end - colon - 1 > 60 ? 60 : ref_end - colon - 1), s + colon + 1);
		return;
	}
	struct arena *a = df->ctx->arena;
	struct pin p;
	memset(&p, 0, sizeof(p));
	p.kind = PIN_KIND_IMAGE;
	p.eco = PIN_ECO_DOCKER;
	p.pkg = PIN_PKG_OTHER;
	p.name = arena_strndup(a, s, colon);
	p.file = df->src->path;
	p.scope = df_cur_scope(df);
	p.unresolved = t->unresolved;
	p.name_span = df_buf_span(df, ws, we);
	if (at)
		p.digest = arena_strndup(a, at + 1, end - ref_end - 1);
	if (colon < ref_end) {
		p.spec = arena_strndup(a, s + colon + 1, ref_end - colon - 1);
		p.span = text_span(df, t, colon + 1, ref_end, p.name_span, &p.via);
		if (t->expanded && !t->unresolved)
			tag_parts(df, t, colon + 1, ref_end, &p);
	} else {
		p.span = p.name_span;
	}
	if (!push_pin(df, &p))
		return;
	if (t->unresolved)
		df_unresolved_diag(df, p.span, t->unresolved_name, "the base image");
}

void df_do_from(struct df *df, size_t args)
{
	size_t i = args, ws, we, img_s = 0, img_e = 0, stray_s = 0, stray_e = 0;
	bool have_img = false, stray = false;
	const char *as = NULL;
	while (df_next_word(df, &i, df->buf.nr, &ws, &we)) {
		if (!have_img && df->buf.items[ws] == '-' && we - ws > 1 && df->buf.items[ws + 1] == '-')
			continue; /* --platform=... */
		if (!have_img) {
			img_s = ws;
			img_e = we;
			have_img = true;
		} else if (we - ws == 2 && !strncasecmp(df->buf.items + ws, "as", 2) &&
			   df_next_word(df, &i, df->buf.nr, &ws, &we)) {
			as = arena_lower(df->ctx->arena, df->buf.items + ws, we - ws);
			break;
		} else if (df->buf.items[ws] == '#') {
			break; /* an envlint suppression comment (`# envlint: ignore[...]`) */
		} else if (!stray) {
			stray = true;
			stray_s = ws;
			stray_e = we;
		}
	}
	/* `FROM Apache Spark 3.4.1`: FROM takes one image and an optional AS name; Docker
	 * stops the build ("invalid reference format"), and there is no image to check. */
	const char *rest = arena_strndup(df->ctx->arena, df->buf.items + args, df->buf.nr - args);
	/* (A lone '\r' joins the next line to this one: report_lone_cr said so already.) */
	if (stray && !strchr(rest, '\r') && !text_has_template(rest)) {
		diag_add(df->ctx->diags, RULE_EL010, df->src->path, df_buf_span(df, stray_s, stray_e), NULL,
			 "FROM takes one image and an optional AS name, not '%.*s'; base image not read",
			 (int)(stray_e - stray_s > 60 ? 60 : stray_e - stray_s), df->buf.items + stray_s);
		have_img = false;
	}
	int32_t parent = -1;
	struct shell_text t;
	shell_text_init(&t);
	if (have_img) {
		/* FROM sees only global ARGs (reference, "Understand how ARG and FROM interact"). */
		df_expand(df, 0, img_s, img_e, &t);
		parent = stage_by_name(df, t.text.items);
	}
	if (df->stages.nr >= DOCKERFILE_MAX_STAGES) {
		diag_add(df->ctx->diags, RULE_EL007, df->src->path, df_span(df, df->inst_start, df->inst_end),
			 NULL, "more than %d build stages; the rest of the file is not read",
			 DOCKERFILE_MAX_STAGES);
		df->stop = true;
		shell_text_release(&t);
		return;
	}
	struct stage st;
	st.name = as;
	st.parent = parent;
	st.scope = read_ctx_new_scope(df->ctx);
	const struct stage *from = parent >= 0 ? &df->stages.items[parent] : NULL;
	st.env_stage = shell_env_add_stage(&df->env, from ? (int32_t)from->env_stage : -1);
	st.workdir = from ? from->workdir : "/";
	vec_push(&df->stages, st);
	df->cur = (int32_t)(df->stages.nr - 1);
	bool stage_ref = parent >= 0 || (t.unresolved && names_some_stage(df, t.text.items));
	if (have_img && !stage_ref && strcasecmp(t.text.items, "scratch") != 0 && t.text.nr)
		image_pin(df, &t, img_s, img_e);
	shell_text_release(&t);
}

void df_link_stages(struct df *df, size_t first_pin)
{
	size_t n = df->stages.nr;
	if (!n)
		return;
	/* Stage scopes grow with the stages: root scope by (scope - lo), one pass over pins. */
	uint32_t lo = df->stages.items[0].scope, hi = df->stages.items[n - 1].scope;
	uint32_t *root_scope = xcalloc((size_t)(hi - lo) + 1, sizeof(*root_scope));
	const char **names = xcalloc((size_t)(hi - lo) + 1, sizeof(*names));
	bool any = false, named = false;
	for (size_t s = 0; s < n; s++) {
		names[df->stages.items[s].scope - lo] = df->stages.items[s].name;
		named |= df->stages.items[s].name != NULL;
		/* Parents come before their children, so each chain ends. */
		int32_t root = (int32_t)s;
		while (df->stages.items[root].parent >= 0)
			root = df->stages.items[root].parent;
		if ((size_t)root != s) {
			root_scope[df->stages.items[s].scope - lo] = df->stages.items[root].scope;
			any = true;
		}
	}
	struct pin_list *pins = df->ctx->pins;
	for (size_t i = first_pin; (any || named) && i < pins->nr; i++) {
		struct pin *p = &pins->items[i];
		if (p->scope >= lo && p->scope <= hi) {
			p->base_scope = root_scope[p->scope - lo];
			p->stage = names[p->scope - lo];
		}
	}
	free(root_scope);
	free(names);
}

/* ------------------------------------------------------------------ ARG / ENV */

/* Names whose ENV value is recorded (sorted for bsearch): they tell the CUDA runtime
 * and build what to expect (NVIDIA container toolkit, PyTorch extension builds). */
static const char *const ENV_PIN_NAMES[] = {
	"CMAKE_CUDA_ARCHITECTURES", "CUDA_VERSION",         "NVIDIA_DISABLE_REQUIRE", "NVIDIA_REQUIRE_CUDA",
	"TCNN_CUDA_ARCHITECTURES",  "TORCH_CUDA_ARCH_LIST",
};

static int name_cmp(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

/* Environment variables through which pip and uv take an index (sorted for bsearch): an
 * ENV of one is the stage's index, like an --index-url on every pip install after it. */
static const struct index_env {
	const char *name;
	enum pin_index_kind kind;
} INDEX_ENV[] = {
	{ "PIP_EXTRA_INDEX_URL", PIN_INDEX_EXTRA },
	{ "PIP_FIND_LINKS", PIN_INDEX_FIND_LINKS },
	{ "PIP_INDEX_URL", PIN_INDEX_URL },
	{ "UV_DEFAULT_INDEX", PIN_INDEX_URL },
	{ "UV_EXTRA_INDEX_URL", PIN_INDEX_EXTRA },
	{ "UV_FIND_LINKS", PIN_INDEX_FIND_LINKS },
	{ "UV_INDEX", PIN_INDEX_EXTRA },
	{ "UV_INDEX_URL", PIN_INDEX_URL },
	{ "UV_TORCH_BACKEND", PIN_INDEX_URL },
};

static int index_env_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct index_env *)elem)->name);
}

static void define_var(struct df *df, const char *name, size_t nlen, const struct shell_text *t,
		       bool has_value, bool is_env)
{
	struct arena *a = df->ctx->arena;
	struct shell_var v;
	memset(&v, 0, sizeof(v));
	v.name = arena_strndup(a, name, nlen);
	v.stage = df_cur_env_stage(df);
	v.is_env = is_env;
	v.via = df_span(df, df->inst_start, df->inst_end);
	v.has_value = has_value;
	if (has_value) {
		size_t n = t->text.nr;
		v.value = arena_strndup(a, t->text.items, n);
		v.len = n;
		struct shell_origin *o = arena_alloc(a, st_mult(n ? n : 1, sizeof(*o)));
		memcpy(o, t->origin.items, n * sizeof(*o));
		v.origin = o;
		v.unresolved = t->unresolved;
		v.unresolved_name = t->unresolved_name;
	} else {
		v.value = "";
		/* `ARG X` in a stage takes the global default (reference, "Scope"). */
		int32_t g = v.stage ? shell_env_lookup(&df->env, 0, name, nlen) : -1;
		if (g >= 0 && df->env.vars.items[g].has_value) {
			const struct shell_var *gv = &df->env.vars.items[g];
			v.value = gv->value;
			v.len = gv->len;
			struct shell_origin *o = arena_alloc(a, st_mult(gv->len ? gv->len : 1, sizeof(*o)));
			for (size_t i = 0; i < gv->len; i++) {
				o[i] = gv->origin[i];
				if (o[i].var < 0)
					o[i].var = g;
			}
			v.origin = o;
			v.has_value = true;
			v.unresolved = gv->unresolved;
			v.unresolved_name = gv->unresolved_name;
		}
	}
	shell_env_add(&df->env, &v);
}

static void env_pin(struct df *df, const char *name, size_t nlen, const struct shell_text *t, struct span key,
		    struct span value_as_written)
{
	char key_buf[64];
	if (nlen >= sizeof(key_buf))
		return;
	memcpy(key_buf, name, nlen);
	key_buf[nlen] = '\0';
	const struct index_env *ix = bsearch(key_buf, INDEX_ENV, sizeof(INDEX_ENV) / sizeof(INDEX_ENV[0]),
					     sizeof(INDEX_ENV[0]), index_env_cmp);
	if (!ix && !bsearch(key_buf, ENV_PIN_NAMES, sizeof(ENV_PIN_NAMES) / sizeof(ENV_PIN_NAMES[0]),
			    sizeof(ENV_PIN_NAMES[0]), name_cmp))
		return;
	struct pin p;
	memset(&p, 0, sizeof(p));
	p.kind = ix ? PIN_KIND_INDEX : PIN_KIND_ENV;
	p.eco = ix ? PIN_ECO_PIP : PIN_ECO_DOCKER;
	p.index_kind = ix ? ix->kind : PIN_INDEX_NONE;
	/* uv searches its extra indexes (UV_INDEX, UV_EXTRA_INDEX_URL) before the default. */
	p.index_first = ix && ix->kind == PIN_INDEX_EXTRA && !strncmp(key_buf, "UV_", 3);
	p.pkg = strcmp(key_buf, "CUDA_VERSION") == 0 ? PIN_PKG_CUDA : PIN_PKG_OTHER;
	p.name = arena_strdup(df->ctx->arena, key_buf);
	p.spec = arena_strndup(df->ctx->arena, t->text.items, t->text.nr);
	p.file = df->src->path;
	p.scope = df_cur_scope(df);
	p.name_span = key;
	p.unresolved = t->unresolved;
	p.span = text_span(df, t, 0, t->text.nr, value_as_written, &p.via);
	if (push_pin(df, &p) && t->unresolved)
		df_unresolved_diag(df, p.span, t->unresolved_name,
				   arena_printf(df->ctx->arena, "'%s'", key_buf));
}

static size_t find_eq(const struct df *df, size_t ws, size_t we)
{
	for (size_t k = ws; k < we; k++) {
		if (df->buf.items[k] == '=')
			return k;
		if (df->buf.items[k] == '"' || df->buf.items[k] == '\'' || df->buf.items[k] == df->escape)
			break;
	}
	return we;
}

void df_do_env(struct df *df, size_t args)
{
	struct shell_text t;
	shell_text_init(&t);
	uint32_t stage = df_cur_env_stage(df);
	size_t i = args, ws, we;
	bool first = true;
	while (df_next_word(df, &i, df->buf.nr, &ws, &we)) {
		size_t eq = find_eq(df, ws, we);
		size_t vs, ve;
		if (eq == we) {
			if (!first)
				continue;
			/* Legacy `ENV key value...`: the rest of the line is the value. */
			vs = we;
			while (vs < df->buf.nr && isspace((unsigned char)df->buf.items[vs]))
				vs++;
			ve = df->buf.nr;
			while (ve > vs && isspace((unsigned char)df->buf.items[ve - 1]))
				ve--;
			i = df->buf.nr;
		} else {
			vs = eq + 1;
			ve = we;
		}
		first = false;
		size_t ke = eq == we ? we : eq;
		df_expand(df, stage, vs, ve, &t);
		define_var(df, df->buf.items + ws, ke - ws, &t, true, true);
		struct span vspan =
			ve > vs ? df_buf_span(df, vs, ve)
				: df_span(df, df->map.items[ke - 1] + 1, df->map.items[ke - 1] + 1);
		env_pin(df, df->buf.items + ws, ke - ws, &t, df_buf_span(df, ws, ke), vspan);
	}
	shell_text_release(&t);
}

void df_do_arg(struct df *df, size_t args)
{
	struct shell_text t;
	shell_text_init(&t);
	size_t i = args, ws, we;
	while (df_next_word(df, &i, df->buf.nr, &ws, &we)) {
		size_t eq = find_eq(df, ws, we);
		shell_text_reset(&t);
		if (eq < we)
			df_expand(df, df_cur_env_stage(df), eq + 1, we, &t);
		define_var(df, df->buf.items + ws, eq - ws, &t, eq < we, false);
	}
	shell_text_release(&t);
}

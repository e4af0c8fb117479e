/*
 * dockerfile.c: the Dockerfile reader. It splits a Dockerfile into instructions,
 * substitutes ARG/ENV variables, and records base images, CUDA-related ENV, and (through
 * shell.c and the requirements/conda readers) the packages RUN installs.
 *
 * Grammar, after the Dockerfile reference (https://docs.docker.com/reference/dockerfile/):
 *
 *   dockerfile   = [BOM] { directive } { blank | comment | instruction }
 *   directive    = "#" ws name ws "=" ws value EOL       name: escape | syntax | check,
 *                                                        any case; only before anything else
 *   comment      = ws "#" any EOL
 *   instruction  = ws keyword args { continuation } EOL { heredoc-body }
 *   continuation = ESC [ \t]* EOL { blank | comment } more-args
 *                  ESC is '\' or the `# escape=` char; ESC + EOL is removed, comment and
 *                  blank lines inside a continuation are dropped ("Format", "escape")
 *   heredoc      = "<<" ["-"] ( word | '"' word '"' | "'" word "'" )   RUN, COPY, ADD only
 *   heredoc-body = { line } delimiter-line                  "<<-" strips leading tabs
 *   EOL          = "\n" | "\r\n" | end of file
 *
 *   FROM [--platform=P] image[:tag][@digest] [AS name]
 *   ARG  name[=default] ...        before the first FROM: global, seen only by FROM and by
 *                                  a stage that declares `ARG name` again
 *   ENV  key=value ... | ENV key value
 *   RUN  [--mount=...] ( shell-text | ["exec", "form"] )
 *   COPY|ADD [--from=S] [--chown=...] src... dest | ["src", ..., "dest"]
 *   WORKDIR path
 *   (every other instruction is skipped)
 *
 * Logical lines are built into a buffer with one Dockerfile offset per byte, so every
 * span is a Dockerfile span. RUN bodies go to shell.c through that same buffer + offset
 * map rather than ts_parser_set_included_ranges: the map also covers `# escape=\``
 * (where the body is not valid bash until the backtick continuations are removed) and
 * the dropped comment lines, and it is the same map FROM/ENV substitution needs.
 */
#include "readers.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "diag.h"
#include "dockerfile_internal.h"
#include "shell.h"
#include "util/arena.h"
#include "util/xalloc.h"

/* Heredocs on one instruction line; more is not a real Dockerfile. */
#define DOCKERFILE_MAX_HEREDOCS 16
/* Stages and COPY instructions per file: FROM and -r lookups scan them, so a hostile
 * file with 100k of each must stop early (EL007) instead of going quadratic. */
#define DOCKERFILE_MAX_STAGES 4096
#define DOCKERFILE_MAX_COPIES 4096

struct heredoc {
	size_t marker_start, marker_end;  /* in the logical buffer */
	const char *delim;
	size_t delim_len;
	bool strip_tabs;                  /* <<- */
	size_t body_start, body_end;      /* Dockerfile offsets */
};

struct stage {
	const char *name;      /* `AS name`, lowercase, or NULL */
	uint32_t scope;
	uint32_t env_stage;    /* shell_env stage id */
	int32_t parent;        /* index of the stage it is built FROM, or -1 (an image) */
	const char *workdir;   /* absolute, normalised */
};

enum copy_kind {
	COPY_FILE,  /* dest -> ctx */
	COPY_DIR,   /* dest/X -> ctx/X */
	COPY_GLOB,  /* dest/name -> ctx/name when name matches pattern */
};

/* What a COPY put into a stage from the build context. */
struct copy_entry {
	int32_t stage;
	enum copy_kind kind;
	const char *dest;      /* absolute path in the image (directory for DIR/GLOB) */
	const char *ctx;       /* path in the build context ("" = its root); dir for GLOB */
	const char *pattern;   /* GLOB: the file-name pattern */
};

struct df {
	struct read_ctx *ctx;
	const struct source *src;
	const char *base_dir;  /* the build context: the Dockerfile's directory */
	char escape;
	struct shell_env env;
	struct shell shell;
	struct stage *stages;
	size_t nstages, stages_alloc;
	struct copy_entry *copies;
	size_t ncopies, copies_alloc;
	int32_t cur;           /* current stage, -1 before the first FROM */
	bool stop;
	dockerfile_observer observe;  /* tests only */
	void *observe_arg;
	/* The current logical line. */
	char *buf;
	size_t *map;
	size_t len, alloc;
	size_t inst_start, inst_end;
	size_t pos;            /* scan position in the source */
	struct heredoc heredocs[DOCKERFILE_MAX_HEREDOCS];
	size_t nheredocs;
};

/* ------------------------------------------------------------------ helpers */

static void buf_append(struct df *df, size_t from, size_t to)
{
	size_t n = to - from;
	if (df->len + n + 1 > df->alloc) {
		size_t a = df->alloc ? df->alloc : 256;
		while (a < df->len + n + 1)
			a = st_mult(a, 2);
		df->buf = xrealloc(df->buf, a);
		df->map = xrealloc(df->map, st_mult(a, sizeof(*df->map)));
		df->alloc = a;
	}
	memcpy(df->buf + df->len, df->src->bytes + from, n);
	for (size_t i = 0; i < n; i++)
		df->map[df->len + i] = from + i;
	df->len += n;
	df->buf[df->len] = '\0';
}

/* Bounds of the physical line at pos: content ends before "\r\n"/"\n"; next starts the
 * following line. */
static void line_at(const struct df *df, size_t pos, size_t *content_end, size_t *next)
{
	const char *b = df->src->bytes;
	const char *nl = memchr(b + pos, '\n', df->src->len - pos);
	size_t eol = nl ? (size_t)(nl - b) : df->src->len;
	*next = nl ? eol + 1 : eol;
	if (eol > pos && b[eol - 1] == '\r')
		eol--;
	*content_end = eol;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

/* First non-blank byte of [pos, end), or end. */
static size_t skip_blank(const char *b, size_t pos, size_t end)
{
	while (pos < end && is_blank(b[pos]))
		pos++;
	return pos;
}

static struct span span_of(const struct df *df, size_t from, size_t to)
{
	return source_span(df->src, from, to);
}

/* Span of buffer bytes [a, b) as written. */
static struct span buf_span(const struct df *df, size_t a, size_t b)
{
	if (a >= b || a >= df->len)
		return span_of(df, a < df->len ? df->map[a] : df->inst_end, a < df->len ? df->map[a] : df->inst_end);
	return span_of(df, df->map[a], df->map[b - 1] + 1);
}

static const char *arena_lower(struct arena *a, const char *s, size_t n)
{
	char *r = arena_strndup(a, s, n);
	for (char *p = r; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return r;
}

static struct shell_expander expander(const struct df *df, uint32_t stage)
{
	struct shell_expander e = { &df->env, stage, SHELL_MODE_DOCKER, df->escape, df->ctx->arena };
	return e;
}

static uint32_t cur_env_stage(const struct df *df)
{
	return df->cur >= 0 ? df->stages[df->cur].env_stage : 0;
}

static uint32_t cur_scope(const struct df *df)
{
	return df->cur >= 0 ? df->stages[df->cur].scope : 0;
}

/* The next Dockerfile word of buf[*i, to): quotes and the escape char keep blanks
 * inside it. Returns false at the end. */
static bool next_word(const struct df *df, size_t *i, size_t to, size_t *ws, size_t *we)
{
	size_t p = *i;
	while (p < to && isspace((unsigned char)df->buf[p]))
		p++;
	if (p >= to)
		return false;
	*ws = p;
	char quote = 0;
	while (p < to) {
		char c = df->buf[p];
		if (quote) {
			if (c == quote)
				quote = 0;
			else if (c == df->escape && quote == '"' && p + 1 < to)
				p++;
		} else if (c == df->escape && p + 1 < to) {
			p++;
		} else if (c == '"' || c == '\'') {
			quote = c;
		} else if (isspace((unsigned char)c)) {
			break;
		}
		p++;
	}
	*we = p;
	*i = p;
	return true;
}

static void expand(const struct df *df, uint32_t stage, size_t a, size_t b, struct shell_text *out)
{
	struct shell_expander e = expander(df, stage);
	struct shell_input in = { df->buf, df->len, df->map };
	shell_text_reset(out);
	shell_expand_word(&e, &in, a, b, out);
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
	bool one = true;
	int32_t var = t->origin[a].var;
	for (size_t i = a; i < b && one; i++)
		if (t->origin[i].off == SHELL_NO_ORIGIN || t->origin[i].var != var ||
		    (i > a && t->origin[i].off <= t->origin[i - 1].off))
			one = false;
	if (one) {
		if (var >= 0)
			*via = df->env.vars[var].via;
		return span_of(df, t->origin[a].off, t->origin[b - 1].off + 1);
	}
	for (size_t i = a; i < b; i++) {
		if (t->origin[i].var < 0 || t->origin[i].off == SHELL_NO_ORIGIN)
			continue;
		size_t j = i;
		while (j + 1 < b && t->origin[j + 1].var == t->origin[i].var &&
		       t->origin[j + 1].off != SHELL_NO_ORIGIN && t->origin[j + 1].off > t->origin[j].off)
			j++;
		*via = df->env.vars[t->origin[i].var].via;
		return span_of(df, t->origin[i].off, t->origin[j].off + 1);
	}
	return fallback;
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

static void unresolved_diag(struct df *df, struct span at, const char *var, const char *what)
{
	if (var && var[0] == '$')
		diag_add(df->ctx->diags, RULE_EL004, df->src->path, at, NULL,
			 "'%s' is known only when the shell runs; %s is not checked", var, what);
	else
		diag_add(df->ctx->diags, RULE_EL004, df->src->path, at, NULL,
			 "variable '%s' has no value in this Dockerfile; %s is not checked", var ? var : "?", what);
}

/* ------------------------------------------------------------------ paths */

/* base + rel, normalised ("." and ".." folded, never above "/"); rel may be absolute. */
static const char *path_join(struct arena *a, const char *base, const char *rel)
{
	size_t bl = rel[0] == '/' ? 0 : strlen(base), rl = strlen(rel);
	char *tmp = xmalloc(st_add(st_add(bl, rl), 3));
	char *out = arena_alloc(a, st_add(st_add(bl, rl), 3));
	memcpy(tmp, base, bl);
	tmp[bl] = '/';
	memcpy(tmp + bl + 1, rel, rl);
	tmp[bl + 1 + rl] = '\0';
	size_t o = 0;
	for (char *p = tmp; *p;) {
		while (*p == '/')
			p++;
		char *e = p;
		while (*e && *e != '/')
			e++;
		size_t n = (size_t)(e - p);
		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* nothing */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
		} else {
			out[o++] = '/';
			memcpy(out + o, p, n);
			o += n;
		}
		p = e;
	}
	if (o == 0)
		out[o++] = '/';
	out[o] = '\0';
	free(tmp);
	return out;
}

/* A build-context path: normalised and relative to the context root ("" = root). */
static const char *context_path(struct arena *a, const char *src)
{
	const char *p = path_join(a, "/", src);
	return p + 1;
}

static const char *dir_of(struct arena *a, const char *path, const char **base)
{
	const char *s = strrchr(path, '/');
	if (!s) {
		*base = path;
		return "";
	}
	*base = s + 1;
	return arena_strndup(a, path, (size_t)(s - path));
}

static bool has_glob(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

static void add_copy(struct df *df, enum copy_kind kind, const char *dest, const char *ctx_path,
		     const char *pattern)
{
	if (df->stop)
		return;
	if (df->ncopies >= DOCKERFILE_MAX_COPIES) {
		diag_add(df->ctx->diags, RULE_EL007, df->src->path, span_of(df, df->inst_start, df->inst_end), NULL,
			 "more than %d COPY sources; the rest of the file is not read", DOCKERFILE_MAX_COPIES);
		df->stop = true;
		return;
	}
	if (df->ncopies == df->copies_alloc) {
		df->copies_alloc = df->copies_alloc ? st_mult(df->copies_alloc, 2) : 8;
		df->copies = xrealloc(df->copies, st_mult(df->copies_alloc, sizeof(*df->copies)));
	}
	struct copy_entry *c = &df->copies[df->ncopies++];
	c->stage = df->cur;
	c->kind = kind;
	c->dest = dest;
	c->ctx = ctx_path;
	c->pattern = pattern;
}

static const char *ctx_join(struct arena *a, const char *dir, const char *rest)
{
	if (!*dir)
		return arena_strdup(a, rest);
	return arena_printf(a, "%s/%s", dir, rest);
}

/* The build-context file a path in the current stage came from, or NULL. Later COPYs
 * win; stages built FROM another stage see its files too. */
static const char *copy_lookup(struct df *df, const char *abs)
{
	struct arena *a = df->ctx->arena;
	const char *base;
	const char *dir = dir_of(a, abs, &base);
	if (!*dir)
		dir = "/";
	size_t hops = 0;
	for (int32_t s = df->cur; s >= 0 && hops <= df->nstages; s = df->stages[s].parent, hops++) {
		for (size_t i = df->ncopies; i-- > 0;) {
			const struct copy_entry *c = &df->copies[i];
			if (c->stage != s)
				continue;
			size_t dl = strlen(c->dest);
			switch (c->kind) {
			case COPY_FILE:
				if (!strcmp(c->dest, abs))
					return c->ctx;
				break;
			case COPY_GLOB:
				if (!strcmp(c->dest, dir) && fnmatch(c->pattern, base, FNM_PERIOD) == 0)
					return ctx_join(a, c->ctx, base);
				break;
			case COPY_DIR:
				if (!strcmp(c->dest, "/") && abs[0] == '/')
					return ctx_join(a, c->ctx, abs + 1);
				if (!strncmp(c->dest, abs, dl) && abs[dl] == '/')
					return ctx_join(a, c->ctx, abs + dl + 1);
				break;
			}
		}
	}
	return NULL;
}

static bool ctx_is_dir(const struct df *df, const char *ctx_path)
{
	char *full = arena_printf(df->ctx->arena, "%s/%s", df->base_dir, ctx_path);
	struct stat st;
	return stat(full, &st) == 0 && S_ISDIR(st.st_mode);
}

/* ------------------------------------------------------------------ JSON exec form */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static void add_utf8(struct shell_text *t, unsigned cp, size_t off)
{
	if (cp < 0x80) {
		shell_text_addc(t, (char)cp, off, -1);
	} else if (cp < 0x800) {
		shell_text_addc(t, (char)(0xC0 | (cp >> 6)), off, -1);
		shell_text_addc(t, (char)(0x80 | (cp & 0x3F)), off, -1);
	} else {
		shell_text_addc(t, (char)(0xE0 | (cp >> 12)), off, -1);
		shell_text_addc(t, (char)(0x80 | ((cp >> 6) & 0x3F)), off, -1);
		shell_text_addc(t, (char)(0x80 | (cp & 0x3F)), off, -1);
	}
}

/* One JSON string at buf[*i] (a '"'); appends its value to t. */
static bool json_string(const struct df *df, size_t *i, size_t to, struct shell_text *t)
{
	size_t p = *i + 1;
	while (p < to && df->buf[p] != '"') {
		char c = df->buf[p];
		if ((unsigned char)c < 0x20)
			return false;
		if (c != '\\') {
			shell_text_addc(t, c, df->map[p], -1);
			p++;
			continue;
		}
		if (p + 1 >= to)
			return false;
		char e = df->buf[p + 1];
		const char *from = "\"\\/bfnrt", *into = "\"\\/\b\f\n\r\t";
		const char *k = strchr(from, e);
		if (e == 'u') {
			unsigned cp = 0;
			for (int d = 0; d < 4; d++) {
				int h = p + 2 + (size_t)d < to ? hexval(df->buf[p + 2 + d]) : -1;
				if (h < 0)
					return false;
				cp = cp * 16 + (unsigned)h;
			}
			add_utf8(t, cp, df->map[p]);
			p += 6;
		} else if (k && e) {
			shell_text_addc(t, into[k - from], df->map[p], -1);
			p += 2;
		} else {
			return false;
		}
	}
	if (p >= to)
		return false;
	*i = p + 1;
	return true;
}

/* buf[from, to) as a JSON array of strings (exec form). Words go to the arena. */
static bool json_array(struct df *df, size_t from, size_t to, struct word **words, size_t *n)
{
	struct shell_expander e = expander(df, cur_env_stage(df));
	struct shell_text t;
	shell_text_init(&t);
	size_t cap = 8, nr = 0;
	struct word *w = xmalloc(st_mult(cap, sizeof(*w)));
	size_t i = skip_blank(df->buf, from, to);
	bool ok = i < to && df->buf[i] == '[';
	if (ok)
		i = skip_blank(df->buf, i + 1, to);
	bool first = true;
	while (ok && i < to && df->buf[i] != ']') {
		if (!first) {
			ok = df->buf[i] == ',';
			i = skip_blank(df->buf, i + 1, to);
		}
		first = false;
		if (!ok || i >= to || df->buf[i] != '"') {
			ok = false;
			break;
		}
		size_t ws = i;
		shell_text_reset(&t);
		if (!json_string(df, &i, to, &t)) {
			ok = false;
			break;
		}
		if (nr == cap) {
			cap = st_mult(cap, 2);
			w = xrealloc(w, st_mult(cap, sizeof(*w)));
		}
		w[nr++] = shell_word_from_text(&e, df->src, &t, 0, t.len, buf_span(df, ws, i));
		i = skip_blank(df->buf, i, to);
	}
	if (ok && (i >= to || df->buf[i] != ']'))
		ok = false;
	if (ok && skip_blank(df->buf, i + 1, to) != to)
		ok = false;
	if (ok) {
		*words = arena_alloc(df->ctx->arena, st_mult(nr ? nr : 1, sizeof(**words)));
		memcpy(*words, w, nr * sizeof(*w));
		*n = nr;
	}
	free(w);
	shell_text_release(&t);
	return ok;
}

/* ------------------------------------------------------------------ FROM */

static int32_t stage_by_name(const struct df *df, const char *name)
{
	for (size_t i = 0; i < df->nstages; i++)
		if (df->stages[i].name && !strcasecmp(df->stages[i].name, name))
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
	for (size_t i = 0; i < df->nstages; i++)
		if (df->stages[i].name && !strncasecmp(df->stages[i].name, ref, n))
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
	const char *s = t->text;
	size_t end = t->len;
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
	if (!t->unresolved && colon < ref_end && !valid_tag(s + colon + 1, ref_end - colon - 1)) {
		/* e.g. a Jinja template's `FROM img:{{ TAG }}`: no image to check */
		diag_add(df->ctx->diags, RULE_EL010, df->src->path, buf_span(df, ws, we), NULL,
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
	p.scope = cur_scope(df);
	p.unresolved = t->unresolved;
	p.name_span = buf_span(df, ws, we);
	if (at)
		p.digest = arena_strndup(a, at + 1, end - ref_end - 1);
	if (colon < ref_end) {
		p.spec = arena_strndup(a, s + colon + 1, ref_end - colon - 1);
		p.span = text_span(df, t, colon + 1, ref_end, p.name_span, &p.via);
	} else {
		p.span = p.name_span;
	}
	if (!push_pin(df, &p))
		return;
	if (t->unresolved)
		unresolved_diag(df, p.span, t->unresolved_name, "the base image");
}

static void do_from(struct df *df, size_t args)
{
	size_t i = args, ws, we, img_s = 0, img_e = 0;
	bool have_img = false;
	const char *as = NULL;
	while (next_word(df, &i, df->len, &ws, &we)) {
		if (!have_img && df->buf[ws] == '-' && we - ws > 1 && df->buf[ws + 1] == '-')
			continue; /* --platform=... */
		if (!have_img) {
			img_s = ws;
			img_e = we;
			have_img = true;
		} else if (we - ws == 2 && !strncasecmp(df->buf + ws, "as", 2) &&
			   next_word(df, &i, df->len, &ws, &we)) {
			as = arena_lower(df->ctx->arena, df->buf + ws, we - ws);
			break;
		}
	}
	int32_t parent = -1;
	struct shell_text t;
	shell_text_init(&t);
	if (have_img) {
		/* FROM sees only global ARGs (reference, "Understand how ARG and FROM interact"). */
		expand(df, 0, img_s, img_e, &t);
		parent = stage_by_name(df, t.text);
	}
	if (df->nstages >= DOCKERFILE_MAX_STAGES) {
		diag_add(df->ctx->diags, RULE_EL007, df->src->path, span_of(df, df->inst_start, df->inst_end), NULL,
			 "more than %d build stages; the rest of the file is not read", DOCKERFILE_MAX_STAGES);
		df->stop = true;
		shell_text_release(&t);
		return;
	}
	if (df->nstages == df->stages_alloc) {
		df->stages_alloc = df->stages_alloc ? st_mult(df->stages_alloc, 2) : 8;
		df->stages = xrealloc(df->stages, st_mult(df->stages_alloc, sizeof(*df->stages)));
	}
	struct stage *st = &df->stages[df->nstages];
	st->name = as;
	st->parent = parent;
	st->scope = read_ctx_new_scope(df->ctx);
	st->env_stage = shell_env_add_stage(&df->env, parent >= 0 ? (int32_t)df->stages[parent].env_stage : -1);
	st->workdir = parent >= 0 ? df->stages[parent].workdir : "/";
	df->cur = (int32_t)df->nstages++;
	bool stage_ref = parent >= 0 || (t.unresolved && names_some_stage(df, t.text));
	if (have_img && !stage_ref && strcasecmp(t.text, "scratch") != 0 && t.len)
		image_pin(df, &t, img_s, img_e);
	shell_text_release(&t);
}

/* ------------------------------------------------------------------ ARG / ENV */

/* Names whose ENV value is recorded (sorted for bsearch): they tell the CUDA runtime
 * and build what to expect (NVIDIA container toolkit, PyTorch extension builds). */
static const char *const ENV_PIN_NAMES[] = {
	"CUDA_VERSION", "NVIDIA_DISABLE_REQUIRE", "NVIDIA_REQUIRE_CUDA", "TORCH_CUDA_ARCH_LIST",
};

static int name_cmp(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

static void define_var(struct df *df, const char *name, size_t nlen, const struct shell_text *t, bool has_value,
		       bool is_env)
{
	struct arena *a = df->ctx->arena;
	struct shell_var v;
	memset(&v, 0, sizeof(v));
	v.name = arena_strndup(a, name, nlen);
	v.stage = cur_env_stage(df);
	v.is_env = is_env;
	v.via = span_of(df, df->inst_start, df->inst_end);
	v.has_value = has_value;
	if (has_value) {
		v.value = arena_strndup(a, t->text, t->len);
		v.len = t->len;
		struct shell_origin *o = arena_alloc(a, st_mult(t->len ? t->len : 1, sizeof(*o)));
		memcpy(o, t->origin, t->len * sizeof(*o));
		v.origin = o;
		v.unresolved = t->unresolved;
		v.unresolved_name = t->unresolved_name;
	} else {
		v.value = "";
		/* `ARG X` in a stage takes the global default (reference, "Scope"). */
		int32_t g = v.stage ? shell_env_lookup(&df->env, 0, name, nlen) : -1;
		if (g >= 0 && df->env.vars[g].has_value) {
			const struct shell_var *gv = &df->env.vars[g];
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
	if (!bsearch(key_buf, ENV_PIN_NAMES, sizeof(ENV_PIN_NAMES) / sizeof(ENV_PIN_NAMES[0]),
		     sizeof(ENV_PIN_NAMES[0]), name_cmp))
		return;
	struct pin p;
	memset(&p, 0, sizeof(p));
	p.kind = PIN_KIND_ENV;
	p.eco = PIN_ECO_DOCKER;
	p.pkg = strcmp(key_buf, "CUDA_VERSION") == 0 ? PIN_PKG_CUDA : PIN_PKG_OTHER;
	p.name = arena_strdup(df->ctx->arena, key_buf);
	p.spec = arena_strndup(df->ctx->arena, t->text, t->len);
	p.file = df->src->path;
	p.scope = cur_scope(df);
	p.name_span = key;
	p.unresolved = t->unresolved;
	p.span = text_span(df, t, 0, t->len, value_as_written, &p.via);
	if (push_pin(df, &p) && t->unresolved)
		unresolved_diag(df, p.span, t->unresolved_name, arena_printf(df->ctx->arena, "'%s'", key_buf));
}

static size_t find_eq(const struct df *df, size_t ws, size_t we)
{
	for (size_t k = ws; k < we; k++) {
		if (df->buf[k] == '=')
			return k;
		if (df->buf[k] == '"' || df->buf[k] == '\'' || df->buf[k] == df->escape)
			break;
	}
	return we;
}

static void do_env(struct df *df, size_t args)
{
	struct shell_text t;
	shell_text_init(&t);
	uint32_t stage = cur_env_stage(df);
	size_t i = args, ws, we;
	bool first = true;
	while (next_word(df, &i, df->len, &ws, &we)) {
		size_t eq = find_eq(df, ws, we);
		size_t vs, ve;
		if (eq == we) {
			if (!first)
				continue;
			/* Legacy `ENV key value...`: the rest of the line is the value. */
			vs = we;
			while (vs < df->len && isspace((unsigned char)df->buf[vs]))
				vs++;
			ve = df->len;
			while (ve > vs && isspace((unsigned char)df->buf[ve - 1]))
				ve--;
			i = df->len;
		} else {
			vs = eq + 1;
			ve = we;
		}
		first = false;
		size_t ke = eq == we ? we : eq;
		expand(df, stage, vs, ve, &t);
		define_var(df, df->buf + ws, ke - ws, &t, true, true);
		struct span vspan = ve > vs ? buf_span(df, vs, ve) : span_of(df, df->map[ke - 1] + 1, df->map[ke - 1] + 1);
		env_pin(df, df->buf + ws, ke - ws, &t, buf_span(df, ws, ke), vspan);
	}
	shell_text_release(&t);
}

static void do_arg(struct df *df, size_t args)
{
	struct shell_text t;
	shell_text_init(&t);
	size_t i = args, ws, we;
	while (next_word(df, &i, df->len, &ws, &we)) {
		size_t eq = find_eq(df, ws, we);
		shell_text_reset(&t);
		if (eq < we)
			expand(df, cur_env_stage(df), eq + 1, we, &t);
		define_var(df, df->buf + ws, eq - ws, &t, eq < we, false);
	}
	shell_text_release(&t);
}

/* ------------------------------------------------------------------ WORKDIR / COPY */

static void do_workdir(struct df *df, size_t args)
{
	size_t i = args, ws, we;
	if (df->cur < 0 || !next_word(df, &i, df->len, &ws, &we))
		return;
	struct shell_text t;
	shell_text_init(&t);
	expand(df, cur_env_stage(df), ws, we, &t);
	struct stage *st = &df->stages[df->cur];
	st->workdir = path_join(df->ctx->arena, st->workdir, t.text);
	shell_text_release(&t);
}

static void copy_one(struct df *df, const char *src, const char *dest_abs, bool dest_is_dir)
{
	struct arena *a = df->ctx->arena;
	if (strstr(src, "://") || !strncmp(src, "git@", 4))
		return; /* ADD from a URL: not the build context */
	bool dir_syntax = !*src || src[strlen(src) - 1] == '/' || !strcmp(src, ".");
	const char *cp = context_path(a, src);
	if (has_glob(cp)) {
		const char *pat;
		const char *cdir = dir_of(a, cp, &pat);
		add_copy(df, COPY_GLOB, dest_abs, cdir, arena_strdup(a, pat));
	} else if (dir_syntax || !*cp || ctx_is_dir(df, cp)) {
		/* A directory's contents land in dest (reference, COPY "Source"). */
		add_copy(df, COPY_DIR, dest_abs, cp, NULL);
	} else {
		const char *base;
		(void)dir_of(a, cp, &base);
		add_copy(df, COPY_FILE, path_join(a, dest_abs, base), cp, NULL);
		if (!dest_is_dir)
			add_copy(df, COPY_FILE, dest_abs, cp, NULL);
	}
}

static void do_copy(struct df *df, size_t args)
{
	if (df->cur < 0 || df->nheredocs)
		return;
	struct arena *a = df->ctx->arena;
	size_t i = args, ws, we;
	/* Flags first; --from means another stage or image, not the build context. */
	for (;;) {
		size_t j = i;
		if (!next_word(df, &j, df->len, &ws, &we) || we - ws < 2 || df->buf[ws] != '-' ||
		    df->buf[ws + 1] != '-')
			break;
		if (we - ws >= 7 && !strncmp(df->buf + ws, "--from=", 7))
			return;
		i = j;
	}
	size_t n = 0, cap = 8;
	const char **items = xmalloc(st_mult(cap, sizeof(*items)));
	struct word *jw;
	size_t jn;
	if (i < df->len && df->buf[skip_blank(df->buf, i, df->len)] == '[' && json_array(df, i, df->len, &jw, &jn)) {
		for (size_t k = 0; k < jn; k++) {
			if (n == cap) {
				cap = st_mult(cap, 2);
				items = xrealloc(items, st_mult(cap, sizeof(*items)));
			}
			items[n++] = jw[k].text;
		}
	} else {
		struct shell_text t;
		shell_text_init(&t);
		while (next_word(df, &i, df->len, &ws, &we)) {
			expand(df, cur_env_stage(df), ws, we, &t);
			if (n == cap) {
				cap = st_mult(cap, 2);
				items = xrealloc(items, st_mult(cap, sizeof(*items)));
			}
			items[n++] = t.unresolved ? NULL : arena_strndup(a, t.text, t.len);
		}
		shell_text_release(&t);
	}
	if (n >= 2 && items[n - 1]) {
		const char *dest = items[n - 1];
		size_t dl = strlen(dest);
		bool dest_is_dir = n > 2 || !dl || dest[dl - 1] == '/' || !strcmp(dest, ".") ||
				   (dl >= 2 && !strcmp(dest + dl - 2, "/."));
		const char *dest_abs = path_join(a, df->stages[df->cur].workdir, dest);
		for (size_t k = 0; k + 1 < n; k++)
			if (items[k])
				copy_one(df, items[k], dest_abs, dest_is_dir);
	}
	free(items);
}

/* ------------------------------------------------------------------ RUN */

/* The option words whose value names a file to read (pip -r/-c, conda --file). */
static const char *file_option(const char *s, enum shell_tool tool, size_t *joined)
{
	static const char *const pip_opts[] = { "--constraint", "--requirement", "-c", "-r" };
	static const char *const conda_opts[] = { "--file" };
	const char *const *opts = tool == SHELL_TOOL_PIP ? pip_opts : conda_opts;
	size_t n = tool == SHELL_TOOL_PIP ? 4 : 1;
	for (size_t k = 0; k < n; k++) {
		size_t l = strlen(opts[k]);
		if (strncmp(s, opts[k], l) != 0)
			continue;
		if (s[l] == '\0') {
			*joined = 0;
			return opts[k];
		}
		if (s[l] == '=' && opts[k][1] == '-') {
			*joined = l + 1;
			return opts[k];
		}
		if (opts[k][1] != '-') {
			*joined = l;
			return opts[k];
		}
	}
	return NULL;
}

/* The words of one pip/conda command with file options pointed at the build context:
 * `COPY requirements.txt /tmp/` + `pip install -r /tmp/requirements.txt` reads
 * <context>/requirements.txt. A file that no COPY brought in (a git clone, a file
 * made by an earlier RUN) cannot be read, so the option and its value are left out. */
static size_t rewrite_files(struct df *df, const struct shell_command *c, struct word *out)
{
	struct arena *a = df->ctx->arena;
	size_t n = 0;
	const char *wd = df->cur >= 0 ? df->stages[df->cur].workdir : "/";
	for (size_t i = 0; i < c->n; i++) {
		size_t joined = 0;
		const char *opt = file_option(c->words[i].text, c->tool, &joined);
		if (!opt) {
			out[n++] = c->words[i];
			continue;
		}
		struct word path;
		if (joined) {
			path = c->words[i];
			path.text += joined;
			path.len -= joined;
			path.offset += joined;
			if (path.verbatim)
				path.span = source_span(df->src, path.offset, path.offset + path.len);
		} else if (i + 1 < c->n) {
			path = c->words[++i];
		} else {
			continue;
		}
		if (path.unresolved || !path.len)
			continue;
		const char *ctxp = copy_lookup(df, path_join(a, wd, path.text));
		if (!ctxp)
			continue;
		struct word o = c->words[i - (joined ? 0 : 1)];
		o.text = opt;
		o.len = strlen(opt);
		if (joined)
			o.verbatim = false;
		out[n++] = o;
		path.text = ctxp;
		path.len = strlen(ctxp);
		path.verbatim = false;
		out[n++] = path;
	}
	return n;
}

static void run_commands(struct df *df, const struct shell_commands *cmds)
{
	for (size_t k = 0; k < cmds->nr; k++) {
		const struct shell_command *c = &cmds->items[k];
		if (c->tool != SHELL_TOOL_PIP && c->tool != SHELL_TOOL_CONDA)
			continue;
		for (size_t i = 0; i < c->n; i++)
			if (c->unresolved_name[i])
				unresolved_diag(df, c->words[i].span, c->unresolved_name[i],
						arena_printf(df->ctx->arena, "'%s'", c->words[i].text));
		/* `-rfile` becomes two words, so at most twice as many. */
		struct word *w = xmalloc(st_mult(st_mult(c->n ? c->n : 1, 2), sizeof(*w)));
		size_t n = rewrite_files(df, c, w);
		if (df->observe)
			df->observe(df->observe_arg, c->tool, w, n, cur_scope(df));
		if (c->tool == SHELL_TOOL_PIP)
			requirements_from_words(df->ctx, df->src, w, n, df->base_dir, cur_scope(df), PIN_ECO_PIP);
		else
			conda_from_words(df->ctx, df->src, w, n, cur_scope(df));
		free(w);
	}
}

static void run_shell(struct df *df, const char *text, size_t len, const size_t *map)
{
	struct shell_expander e = { &df->env, cur_env_stage(df), SHELL_MODE_RUNTIME, '\\', df->ctx->arena };
	struct shell_input in = { text, len, map };
	struct shell_commands cmds = { NULL, 0, 0 };
	if (shell_find_commands(&df->shell, &e, df->src, &in, &cmds) == SHELL_TOO_COMPLEX)
		diag_add(df->ctx->diags, RULE_EL007, df->src->path, span_of(df, map[0], map[len - 1] + 1), NULL,
			 "RUN body is too complex to parse in time; not read");
	run_commands(df, &cmds);
	shell_commands_release(&cmds);
}

/* A heredoc body is the script itself for `RUN <<EOF` and `RUN bash <<EOF`
 * (reference, "Here-Documents"); for `RUN python3 <<EOF` it is that program's input. */
static bool heredocs_are_script(const struct df *df, size_t args)
{
	size_t h = 0, i = args;
	bool first = true, shell = false;
	while (i < df->len) {
		if (h < df->nheredocs && i >= df->heredocs[h].marker_start) {
			i = df->heredocs[h++].marker_end;
			continue;
		}
		if (isspace((unsigned char)df->buf[i])) {
			i++;
			continue;
		}
		size_t ws = i;
		while (i < df->len && !isspace((unsigned char)df->buf[i]) &&
		       !(h < df->nheredocs && i >= df->heredocs[h].marker_start))
			i++;
		size_t n = i - ws;
		const char *w = df->buf + ws;
		if (first) {
			const char *slash = memchr(w, '/', n);
			while (slash) {
				n -= (size_t)(slash + 1 - w);
				w = slash + 1;
				slash = memchr(w, '/', n);
			}
			shell = (n == 2 && !memcmp(w, "sh", 2)) || (n == 4 && !memcmp(w, "bash", 4)) ||
				(n == 4 && !memcmp(w, "dash", 4));
			if (!shell)
				return false;
			first = false;
		} else if (n == 2 && !memcmp(w, "-c", 2)) {
			return false;
		}
	}
	return first || shell;
}

static void do_run(struct df *df, size_t args)
{
	size_t i = args, ws, we;
	/* RUN --mount=... --network=... --security=... */
	while (next_word(df, &i, df->len, &ws, &we)) {
		if (we - ws < 2 || df->buf[ws] != '-' || df->buf[ws + 1] != '-') {
			i = ws;
			break;
		}
	}
	if (i >= df->len)
		return;
	if (df->nheredocs) {
		if (heredocs_are_script(df, i)) {
			for (size_t h = 0; h < df->nheredocs; h++) {
				const struct heredoc *hd = &df->heredocs[h];
				size_t n = hd->body_end - hd->body_start;
				if (!n)
					continue;
				size_t *map = xmalloc(st_mult(n, sizeof(*map)));
				for (size_t k = 0; k < n; k++)
					map[k] = hd->body_start + k;
				run_shell(df, df->src->bytes + hd->body_start, n, map);
				free(map);
			}
			return;
		}
		/* The command line without its heredoc markers (their bodies are input). */
		for (size_t h = 0; h < df->nheredocs; h++)
			for (size_t k = df->heredocs[h].marker_start; k < df->heredocs[h].marker_end; k++)
				df->buf[k] = ' ';
	}
	size_t s = skip_blank(df->buf, i, df->len);
	if (s < df->len && df->buf[s] == '[') {
		struct word *w;
		size_t n;
		if (json_array(df, s, df->len, &w, &n)) {
			struct shell_commands cmds = { NULL, 0, 0 };
			shell_commands_add(&cmds, df->ctx->arena, w, NULL, n, buf_span(df, s, df->len));
			run_commands(df, &cmds);
			shell_commands_release(&cmds);
			return;
		}
		if (s + 1 < df->len && df->buf[s + 1] == '"')
			/* Docker runs it through /bin/sh -c, which is rarely what was meant. */
			diag_add(df->ctx->diags, RULE_EL010, df->src->path, buf_span(df, s, df->len), NULL,
				 "RUN exec form is not a valid JSON array of strings; Docker runs it as a shell command");
	}
	run_shell(df, df->buf + i, df->len - i, df->map + i);
}

/* ------------------------------------------------------------------ splitter */

/* Parser directives: only at the very top, before any comment, blank line or
 * instruction (reference, "Parser directives"). */
static void read_directives(struct df *df)
{
	const char *b = df->src->bytes;
	while (df->pos < df->src->len) {
		size_t end, next;
		line_at(df, df->pos, &end, &next);
		size_t p = skip_blank(b, df->pos, end);
		if (p >= end || b[p] != '#')
			return;
		p = skip_blank(b, p + 1, end);
		size_t ns = p;
		while (p < end && isalpha((unsigned char)b[p]))
			p++;
		size_t ne = p;
		p = skip_blank(b, p, end);
		if (ne == ns || p >= end || b[p] != '=')
			return;
		p = skip_blank(b, p + 1, end);
		size_t ve = end;
		while (ve > p && is_blank(b[ve - 1]))
			ve--;
		size_t nlen = ne - ns;
		if (nlen == 6 && !strncasecmp(b + ns, "escape", 6)) {
			if (ve - p == 1 && (b[p] == '\\' || b[p] == '`'))
				df->escape = b[p];
			else
				diag_add(df->ctx->diags, RULE_EL010, df->src->path, span_of(df, p, ve), NULL,
					 "escape directive must be '\\' or '`'; using '\\'");
		} else if (!(nlen == 6 && !strncasecmp(b + ns, "syntax", 6)) &&
			   !(nlen == 5 && !strncasecmp(b + ns, "check", 5))) {
			return; /* an unknown directive is a comment and ends the directives */
		}
		df->pos = next;
	}
}

/* Finds the heredoc markers of the logical line (after the keyword). */
static void find_heredocs(struct df *df, size_t from)
{
	df->nheredocs = 0;
	char quote = 0;
	for (size_t i = from; i < df->len; i++) {
		char c = df->buf[i];
		if (quote) {
			if (c == quote)
				quote = 0;
			else if (c == '\\' && quote == '"')
				i++;
			continue;
		}
		if (c == df->escape) {
			i++;
			continue;
		}
		if (c == '"' || c == '\'') {
			quote = c;
			continue;
		}
		/* A heredoc starts a word (BuildKit splits words first): `$((1<<2))` and
		 * `cmd <<< str` are not heredocs. */
		if (c != '<' || i + 1 >= df->len || df->buf[i + 1] != '<' || i == from ||
		    !isspace((unsigned char)df->buf[i - 1]) || (i + 2 < df->len && df->buf[i + 2] == '<'))
			continue;
		size_t j = i + 2;
		bool dash = j < df->len && df->buf[j] == '-';
		if (dash)
			j++;
		size_t ds, de, end;
		if (j < df->len && (df->buf[j] == '"' || df->buf[j] == '\'')) {
			char q = df->buf[j];
			ds = j + 1;
			de = ds;
			while (de < df->len && df->buf[de] != q)
				de++;
			end = de < df->len ? de + 1 : de;
		} else {
			ds = j;
			de = j;
			while (de < df->len && !isspace((unsigned char)df->buf[de]) && !strchr(";|&<>()'\"", df->buf[de]))
				de++;
			end = de;
		}
		if (de == ds || df->nheredocs == DOCKERFILE_MAX_HEREDOCS)
			continue;
		struct heredoc *h = &df->heredocs[df->nheredocs++];
		h->marker_start = i;
		h->marker_end = end;
		h->delim = df->buf + ds;
		h->delim_len = de - ds;
		h->strip_tabs = dash;
		i = end - 1;
	}
}

/* Reads the heredoc bodies that follow the instruction, in order. Returns false
 * (after an EL010) when one is not terminated; the rest of the file is its body. */
static bool read_heredoc_bodies(struct df *df)
{
	const char *b = df->src->bytes;
	for (size_t h = 0; h < df->nheredocs; h++) {
		struct heredoc *hd = &df->heredocs[h];
		hd->body_start = df->pos;
		for (;;) {
			if (df->pos >= df->src->len) {
				hd->body_end = df->src->len;
				diag_add(df->ctx->diags, RULE_EL010, df->src->path,
					 buf_span(df, hd->marker_start, hd->marker_end), NULL,
					 "heredoc '%.*s' is not terminated", (int)hd->delim_len, hd->delim);
				for (size_t k = h + 1; k < df->nheredocs; k++)
					df->heredocs[k].body_start = df->heredocs[k].body_end = df->src->len;
				return false;
			}
			size_t end, next, p = df->pos;
			line_at(df, p, &end, &next);
			if (hd->strip_tabs)
				while (p < end && b[p] == '\t')
					p++;
			if (end - p == hd->delim_len && !memcmp(b + p, hd->delim, hd->delim_len)) {
				hd->body_end = df->pos;
				df->pos = next;
				break;
			}
			df->pos = next;
		}
	}
	return true;
}

/* Builds the next logical line into df->buf. Returns false at the end of the file;
 * *too_long when it passed READER_MAX_LINE_BYTES (the line is then consumed but empty). */
static bool read_logical(struct df *df, bool *too_long)
{
	const char *b = df->src->bytes;
	size_t len = df->src->len;
	*too_long = false;
	df->len = 0;
	/* Skip blank and comment lines between instructions. */
	size_t start = len;
	while (df->pos < len) {
		size_t end, next;
		line_at(df, df->pos, &end, &next);
		size_t p = skip_blank(b, df->pos, end);
		if (p < end && b[p] != '#') {
			start = p;
			break;
		}
		df->pos = next;
	}
	if (start >= len)
		return false;
	df->inst_start = start;
	df->inst_end = start;
	size_t seg = start;
	bool first = true;
	for (;;) {
		size_t end, next;
		line_at(df, df->pos, &end, &next);
		if (!first) {
			size_t p = skip_blank(b, df->pos, end);
			if (p >= end || b[p] == '#') {
				/* Docker drops comment and empty lines inside a continuation. */
				df->pos = next;
				if (next >= len)
					break;
				continue;
			}
			seg = df->pos;
		}
		first = false;
		size_t last = end;
		while (last > seg && (b[last - 1] == ' ' || b[last - 1] == '\t'))
			last--;
		bool cont = last > seg && b[last - 1] == df->escape;
		size_t upto = cont ? last - 1 : end;
		if (df->len + (upto - seg) > READER_MAX_LINE_BYTES)
			*too_long = true;
		else
			buf_append(df, seg, upto);
		if (upto > seg)
			df->inst_end = upto;
		df->pos = next;
		if (!cont || next >= len)
			break;
	}
	if (*too_long)
		df->len = 0;
	return true;
}

static void do_instruction(struct df *df)
{
	size_t kw_end = 0;
	while (kw_end < df->len && !isspace((unsigned char)df->buf[kw_end]))
		kw_end++;
	const char *kw = df->buf;
	size_t kn = kw_end;
	bool heredoc_kind = (kn == 3 && (!strncasecmp(kw, "RUN", 3) || !strncasecmp(kw, "ADD", 3))) ||
			    (kn == 4 && !strncasecmp(kw, "COPY", 4));
	df->nheredocs = 0;
	if (heredoc_kind) {
		find_heredocs(df, kw_end);
		if (df->nheredocs && !read_heredoc_bodies(df)) {
			/* The rest of the file was swallowed by the body; read what we have. */
		}
	}
	if (kn == 4 && !strncasecmp(kw, "FROM", 4))
		do_from(df, kw_end);
	else if (kn == 3 && !strncasecmp(kw, "ARG", 3))
		do_arg(df, kw_end);
	else if (kn == 3 && !strncasecmp(kw, "ENV", 3))
		do_env(df, kw_end);
	else if (kn == 3 && !strncasecmp(kw, "RUN", 3))
		do_run(df, kw_end);
	else if ((kn == 4 && !strncasecmp(kw, "COPY", 4)) || (kn == 3 && !strncasecmp(kw, "ADD", 3)))
		do_copy(df, kw_end);
	else if (kn == 7 && !strncasecmp(kw, "WORKDIR", 7))
		do_workdir(df, kw_end);
}

static const char *dockerfile_dir(struct arena *a, const char *path)
{
	const char *s = path ? strrchr(path, '/') : NULL;
	if (!s)
		return ".";
	if (s == path)
		return "/";
	return arena_strndup(a, path, (size_t)(s - path));
}

bool read_dockerfile(struct read_ctx *ctx, const struct source *src)
{
	return dockerfile_read(ctx, src, NULL, NULL);
}

bool dockerfile_read(struct read_ctx *ctx, const struct source *src, dockerfile_observer observe, void *arg)
{
	struct df df;
	memset(&df, 0, sizeof(df));
	df.observe = observe;
	df.observe_arg = arg;
	df.ctx = ctx;
	df.src = src;
	df.escape = '\\';
	df.cur = -1;
	df.base_dir = dockerfile_dir(ctx->arena, src->path);
	shell_env_init(&df.env);
	shell_init(&df.shell);
	df.pos = src->has_bom ? 3 : 0;
	read_directives(&df);
	bool too_long;
	while (!df.stop && read_logical(&df, &too_long)) {
		if (too_long) {
			diag_add(ctx->diags, RULE_EL007, src->path, span_of(&df, df.inst_start, df.inst_start + 1), NULL,
				 "instruction is longer than %u bytes; not read", READER_MAX_LINE_BYTES);
			continue;
		}
		do_instruction(&df);
	}
	shell_release(&df.shell);
	shell_env_release(&df.env);
	free(df.stages);
	free(df.copies);
	free(df.buf);
	free(df.map);
	return true;
}

/*
 * stack: each stack's version flow, GPU -> driver -> CUDA toolkit / cuDNN -> torch (+
 * torchvision, torchaudio, Python), every node with where it is pinned and a mark where
 * a finding points at it (`envlint stack [OPTIONS] [PATH ...]`). A stack is a scope of
 * the readers: a Dockerfile stage, a conda environment with its pip part, a requirements
 * file with its includes. Nothing is derived here: the nodes are the analysis facts
 * (analysis.h: CUDA claims, torch builds and their origin) and the pins with a role
 * (pin.h), seen through run.h's file hook once the checks have run, so the marks are
 * the very findings `check` prints. It lints as `check` does (groups.h: each path under
 * its .envlint.yml, whose `profiles:` are the targets when the command line names
 * none); with several profiles each stack is drawn once per profile, its target nodes
 * and marks that profile's. Text, --format json, and --format dot (Graphviz), a format
 * of this command only: the report format table is for findings.
 */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "common.h"
#include "groups.h"
#include "kb/kb.h"
#include "policy.h"
#include "profile.h"
#include "report/report.h"
#include "run.h"
#include "util/jsonw.h"
#include "util/xalloc.h"

static const enum cli_opt STACK_OPTIONS[] = {
	CMD_TARGET_OPTIONS, CLI_OPT_FORMAT, CMD_POLICY_OPTIONS, CLI_OPT_KB,
	CLI_OPT_FOLLOW,     CLI_OPT_CONFIG, CLI_OPT_END,
};

enum stack_format { STACK_TEXT, STACK_JSON, STACK_DOT };

/* More nodes than this in one stack are left out (said in the output). */
#define STACK_MAX_NODES 64
/* More findings than this on one node are counted, not named. */
#define STACK_MAX_MARKS 8

enum node_role { ROLE_GPU, ROLE_DRIVER, ROLE_CUDA, ROLE_CUDNN, ROLE_TORCH, ROLE_COMPANION, ROLE_PYTHON };

static const char *const ROLE_NAME[] = { "gpu", "driver", "cuda", "cudnn", "torch", "companion", "python" };
/* The flow's levels; a stack's edges join each node to every node of the next level
 * the stack has (a stack without a CUDA pin goes from the driver to torch). */
static const int ROLE_LEVEL[] = { 0, 1, 2, 3, 4, 5, 5 };

struct node {
	enum node_role role;
	char label[400];
	const char *file;            /* NULL for a target (--gpu, --driver) */
	struct span span, name_span; /* where it is pinned; findings here mark it */
	const struct diag *marks[STACK_MAX_MARKS];
	size_t nmarks;
};

struct stack {
	char label[320];
	const char *profile; /* the targets' profile name, or NULL (one unnamed profile) */
	struct node nodes[STACK_MAX_NODES];
	size_t n;
	size_t dropped; /* nodes past STACK_MAX_NODES */
};

/* What the command holds over the run: the format, the run (whose profiles are the
 * targets of the paths being linted), where output goes. */
struct stack_cmd {
	enum stack_format format;
	const struct run *run;
	struct buf *out;
	size_t nstacks; /* written so far (JSON commas, dot cluster ids) */
};

/* ------------------------------------------------------------------------- */
/* Building one stack from the facts */

static struct node *node_add(struct stack *st, enum node_role role, const struct pin *pin)
{
	if (st->n == STACK_MAX_NODES) {
		st->dropped++;
		return NULL;
	}
	struct node *n = &st->nodes[st->n++];
	memset(n, 0, sizeof(*n));
	n->role = role;
	if (pin) {
		n->file = pin->file;
		n->span = pin->span;
		n->name_span = pin->name_span;
	}
	return n;
}

static void add_targets(struct stack *st, const struct profile *box)
{
	for (size_t g = 0; g < box->ngpus; g++) {
		struct node *n = node_add(st, ROLE_GPU, NULL);
		profile_gpu_text(box->gpus[g].gpu, &box->gpus[g].cc, false, n->label, sizeof(n->label));
	}
	if (box->base.has_driver) {
		struct node *n = node_add(st, ROLE_DRIVER, NULL);
		char drv[32];
		version_format_driver(&box->base.driver, drv, sizeof(drv));
		snprintf(n->label, sizeof(n->label), "%s", drv);
	}
}

/* "torch 2.1.0+cu121 (CUDA 12.1; build by the index https://download.pytorch.org/whl/cu121)". */
static void torch_label(const struct torch_build *b, char *buf, size_t size)
{
	char v[32], cu[24] = "CPU build", by[160];
	struct version pub = b->version;
	pub.local[0] = '\0';
	version_format(&pub, v, sizeof(v));
	if (b->has_cuda) {
		memcpy(cu, "CUDA ", 6);
		version_format(&b->cuda, cu + 5, sizeof(cu) - 5);
	}
	const char *spec = b->from->spec ? b->from->spec : "";
	switch (b->origin) {
	case TORCH_FROM_LABEL:
		snprintf(by, sizeof(by), "its +label");
		break;
	case TORCH_FROM_INDEX:
		snprintf(by, sizeof(by), "the index %s", spec);
		break;
	case TORCH_FROM_PYPI:
		snprintf(by, sizeof(by), "PyPI's default wheel");
		break;
	case TORCH_FROM_CONDA:
		snprintf(by, sizeof(by), "conda %s%s", b->from == b->pin ? "build string " : b->from->name,
			 b->from == b->pin ? (b->pin->variant ? b->pin->variant : "") : spec);
		break;
	case TORCH_FROM_IMAGE:
		snprintf(by, sizeof(by), "the image tag");
		break;
	}
	snprintf(buf, size, "%s %s%s%s (%s; build by %s)",
		 b->pin->kind == PIN_KIND_IMAGE ? "image torch" : "torch", v, b->variant ? "+" : "",
		 b->variant ? b->variant->name : "", cu, by);
}

/* Nodes in flow order (a stable sort: pin order within a level). */
static void sort_nodes(struct stack *st)
{
	for (size_t i = 1; i < st->n; i++) {
		struct node n = st->nodes[i];
		size_t j = i;
		while (j > 0 && ROLE_LEVEL[st->nodes[j - 1].role] > ROLE_LEVEL[n.role]) {
			st->nodes[j] = st->nodes[j - 1];
			j--;
		}
		st->nodes[j] = n;
	}
}

/* One scope's share of a file's facts, each in its own order (pointer order is array
 * order). Grouped once per file, so no scope walks every pin (a 100k-pin file, a
 * Dockerfile of many stages). */
struct scope_view {
	uint32_t scope;
	const struct pin *const *pins;
	size_t npins;
	const struct cuda_claim *const *claims;
	size_t nclaims;
	const struct torch_build *const *builds;
	size_t nbuilds;
};

static const struct torch_build *build_of(const struct scope_view *v, const struct pin *pin)
{
	for (size_t i = 0; i < v->nbuilds; i++)
		if (v->builds[i]->pin == pin)
			return v->builds[i];
	return NULL;
}

/* The nodes of a scope: claims, then the pins with a role, in pin order within
 * each role (the flow order). */
static void add_scope(struct stack *st, const struct scope_view *view)
{
	for (size_t i = 0; i < view->nclaims; i++) {
		const struct cuda_claim *c = view->claims[i];
		struct node *n = node_add(st, ROLE_CUDA, c->pin);
		if (!n)
			continue;
		n->span = c->span;
		snprintf(n->label, sizeof(n->label), "CUDA %s (%s)", c->text, c->what);
	}
	static const enum pin_pkg ORDER[] = { PIN_PKG_CUDNN, PIN_PKG_TORCH, PIN_PKG_TORCHVISION,
					      PIN_PKG_TORCHAUDIO, PIN_PKG_PYTHON };
	for (size_t o = 0; o < sizeof(ORDER) / sizeof(ORDER[0]); o++) {
		for (size_t i = 0; i < view->npins; i++) {
			const struct pin *p = view->pins[i];
			if (p->kind != PIN_KIND_PACKAGE || p->pkg != ORDER[o])
				continue;
			enum node_role role = ORDER[o] == PIN_PKG_CUDNN    ? ROLE_CUDNN
					      : ORDER[o] == PIN_PKG_TORCH  ? ROLE_TORCH
					      : ORDER[o] == PIN_PKG_PYTHON ? ROLE_PYTHON
									   : ROLE_COMPANION;
			struct node *n = node_add(st, role, p);
			if (!n)
				continue;
			const struct torch_build *b = role == ROLE_TORCH ? build_of(view, p) : NULL;
			if (b)
				torch_label(b, n->label, sizeof(n->label));
			else
				snprintf(n->label, sizeof(n->label), "%s %s%s%s%s%s", p->name,
					 p->spec ? p->spec : "(unpinned)", p->variant ? " [" : "",
					 p->variant ? p->variant : "", p->variant ? "]" : "",
					 role == ROLE_TORCH ? " (build not known)" : "");
			/* The cuDNN a pip wheel bundles is a fact of the build, not a pin. */
			if (b && b->variant && b->variant->has_cudnn) {
				struct node *d = node_add(st, ROLE_CUDNN, NULL);
				if (d) {
					char v[32];
					version_format(&b->variant->cudnn, v, sizeof(v));
					snprintf(d->label, sizeof(d->label), "cuDNN %s (in the %s wheel)", v,
						 b->variant->name);
				}
			}
		}
	}
	/* Images that name their torch (pytorch/pytorch, NGC PyTorch). */
	for (size_t i = 0; i < view->nbuilds; i++) {
		const struct torch_build *b = view->builds[i];
		if (b->pin->kind != PIN_KIND_IMAGE)
			continue;
		struct node *n = node_add(st, ROLE_TORCH, b->pin);
		if (n)
			torch_label(b, n->label, sizeof(n->label));
	}
}

/* Does finding `d` point at node `n`: the same file and the same text (or the
 * package/image name)? */
static bool points_at(const struct diag *d, const struct node *n)
{
	if (!n->file || !d->file || strcmp(d->file, n->file) || !d->span.line)
		return false;
	const struct span spans[] = { n->span, n->name_span };
	for (size_t i = 0; i < 2; i++) {
		struct span s = spans[i];
		if (!s.line)
			continue;
		if (!span_cmp(s, d->span))
			return true;
		/* d inside s, on s's lines */
		if (d->span.line >= s.line && d->span.line <= (s.end_line ? s.end_line : s.line) &&
		    (d->span.line != s.line || d->span.column >= s.column) &&
		    (!s.end_line || d->span.line != s.end_line || d->span.column < s.end_column))
			return true;
	}
	return false;
}

/* A file's findings with a line, sorted by line, so a node looks only at its lines. */
struct diag_index {
	const struct diag **items;
	size_t n;
	const struct diag *base; /* diags->items + first: used[] is indexed from here */
};

static int diag_line_cmp(const void *pa, const void *pb)
{
	const struct diag *a = *(const struct diag *const *)pa, *b = *(const struct diag *const *)pb;
	return a->span.line != b->span.line ? (a->span.line < b->span.line ? -1 : 1) : (a < b ? -1 : a > b);
}

/* The first finding on `line` or after. */
static size_t diag_index_from(const struct diag_index *ix, uint32_t line)
{
	size_t lo = 0, hi = ix->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ix->items[mid]->span.line < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void mark_one(struct node *n, const struct diag *d)
{
	for (size_t m = 0; m < n->nmarks; m++)
		if (n->marks[m]->rule == d->rule)
			return;
	if (n->nmarks < STACK_MAX_MARKS)
		n->marks[n->nmarks++] = d;
}

/* Is finding `d` one of the stack's profile (or of no profile: the file pass's)? */
static bool of_profile(const struct diag *d, const char *profile)
{
	return !d->profile || (profile && !strcmp(d->profile, profile));
}

/* Marks each node with the findings of its profile pointing at it; sets used[] for
 * each finding that marked something. */
static void mark(struct stack *st, const struct diag_index *ix, bool *used)
{
	for (size_t k = 0; k < st->n; k++) {
		struct node *n = &st->nodes[k];
		const struct span spans[] = { n->span, n->name_span };
		for (size_t sp = 0; sp < 2 && n->file; sp++) {
			if (!spans[sp].line)
				continue;
			uint32_t last =
				spans[sp].end_line > spans[sp].line ? spans[sp].end_line : spans[sp].line;
			for (size_t i = diag_index_from(ix, spans[sp].line);
			     i < ix->n && ix->items[i]->span.line <= last; i++) {
				const struct diag *d = ix->items[i];
				if (of_profile(d, st->profile) && points_at(d, n)) {
					mark_one(n, d);
					used[d - ix->base] = true;
				}
			}
		}
	}
}

/* More include files than this are not named in a stack's label. */
#define STACK_MAX_LABEL_FILES 4

/* "Dockerfile: stage FROM nvidia/cuda:12.4.1-devel-ubuntu22.04 (line 7)",
 * "requirements.txt: requirements (with base.txt)". */
static void stack_label(struct stack *st, const struct scope_view *view, const char *path, const char *kind)
{
	const struct pin *image = NULL;
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < view->npins && !image; i++)
		if (view->pins[i]->kind == PIN_KIND_IMAGE)
			image = view->pins[i];
	if (image)
		buf_addf(&b, "%s: stage FROM %s%s%s (line %u)", path, image->name, image->spec ? ":" : "",
			 image->spec ? image->spec : "", image->name_span.line);
	else if (!strcmp(kind, "dockerfile"))
		buf_addf(&b, "%s: stage", path);
	else
		buf_addf(&b, "%s: %s", path, !strcmp(kind, "conda") ? "conda environment" : "requirements");
	/* The files of the scope besides the one linted: its -r/-c includes. */
	const char *named[STACK_MAX_LABEL_FILES];
	size_t nnamed = 0;
	bool more = false;
	for (size_t i = 0; i < view->npins; i++) {
		const char *f = view->pins[i]->file;
		if (!f || !strcmp(f, path))
			continue;
		bool seen = false;
		for (size_t j = 0; j < nnamed && !seen; j++)
			seen = !strcmp(named[j], f);
		if (seen)
			continue;
		if (nnamed == STACK_MAX_LABEL_FILES) {
			more = true;
			break;
		}
		buf_addf(&b, "%s%s", nnamed ? ", " : " (with ", f);
		named[nnamed++] = f;
	}
	if (nnamed)
		buf_adds(&b, more ? ", ...)" : ")");
	if (st->profile)
		buf_addf(&b, " (profile %s)", st->profile);
	snprintf(st->label, sizeof(st->label), "%s", b.buf);
	buf_release(&b);
}

/* ------------------------------------------------------------------------- */
/* Writing */

static bool stack_edge(const struct stack *st, size_t a, size_t b)
{
	int la = ROLE_LEVEL[st->nodes[a].role], lb = ROLE_LEVEL[st->nodes[b].role], next = -1;
	for (size_t k = 0; k < st->n; k++) {
		int l = ROLE_LEVEL[st->nodes[k].role];
		if (l > la && (next < 0 || l < next))
			next = l;
	}
	return next >= 0 && lb == next;
}

static void mark_text(const struct node *n, struct buf *out)
{
	for (size_t m = 0; m < n->nmarks; m++)
		buf_addf(out, "%s%s %s", m ? ", " : "  <- ", rule_info(n->marks[m]->rule)->id,
			 severity_name(n->marks[m]->severity));
}

/* Text is line-oriented: paths (and the label that holds one) are escaped as the
 * findings' are (report_path), so a newline in a file name starts no line. */
static void write_text(const struct stack *st, struct buf *out)
{
	report_path(out, st->label);
	buf_addch(out, '\n');
	for (size_t k = 0; k < st->n; k++) {
		const struct node *n = &st->nodes[k];
		buf_addf(out, "  %s %-10s %s  ", n->nmarks ? "x" : "|", ROLE_NAME[n->role], n->label);
		if (n->file)
			report_path(out, n->file);
		if (n->file && n->span.line)
			buf_addf(out, ":%u:%u", n->span.line, n->span.column);
		else if (!n->file)
			buf_adds(out, n->role == ROLE_CUDNN ? "(KB)" : "(target)");
		mark_text(n, out);
		buf_addch(out, '\n');
	}
	if (st->dropped)
		buf_addf(out, "  ... %zu more nodes not shown\n", st->dropped);
}

static void write_json(const struct stack *st, size_t index, struct buf *out)
{
	buf_adds(out, index ? ",\n  {\"label\": " : "\n  {\"label\": ");
	jsonw_string(out, st->label);
	buf_adds(out, ", \"profile\": ");
	jsonw_string(out, st->profile);
	buf_adds(out, ", \"nodes\": [");
	for (size_t k = 0; k < st->n; k++) {
		const struct node *n = &st->nodes[k];
		buf_addf(out, "%s{\"id\": %zu, \"role\": \"%s\", \"label\": ", k ? ",\n    " : "\n    ", k,
			 ROLE_NAME[n->role]);
		jsonw_string(out, n->label);
		buf_adds(out, ", \"file\": ");
		jsonw_string(out, n->file);
		if (n->file && n->span.line)
			buf_addf(out, ", \"line\": %u, \"column\": %u", n->span.line, n->span.column);
		else
			buf_adds(out, ", \"line\": null, \"column\": null");
		buf_addf(out, ", \"broken\": %s, \"findings\": [", n->nmarks ? "true" : "false");
		for (size_t m = 0; m < n->nmarks; m++) {
			buf_addf(out,
				 "%s{\"rule\": \"%s\", \"severity\": \"%s\", \"message\": ", m ? ", " : "",
				 rule_info(n->marks[m]->rule)->id, severity_name(n->marks[m]->severity));
			jsonw_string(out, n->marks[m]->message);
			buf_adds(out, "}");
		}
		buf_adds(out, "]}");
	}
	buf_adds(out, "],\n   \"edges\": [");
	size_t ne = 0;
	for (size_t a = 0; a < st->n; a++)
		for (size_t b = 0; b < st->n; b++) {
			if (stack_edge(st, a, b))
				buf_addf(out, "%s[%zu, %zu]", ne++ ? ", " : "", a, b);
		}
	buf_addf(out, "], \"dropped\": %zu}", st->dropped);
}

/* The length of the valid UTF-8 sequence at s (1..4), or 0 for an invalid one. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n = s[0] < 0x80             ? 1
		   : (s[0] & 0xE0) == 0xC0 ? 2
		   : (s[0] & 0xF0) == 0xE0 ? 3
		   : (s[0] & 0xF8) == 0xF0 ? 4
					   : 0;
	if (n == 2 && s[0] < 0xC2)
		return 0; /* overlong */
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	return n;
}

/* A dot string: quotes and backslashes escaped, control bytes and invalid UTF-8 (which
 * Graphviz refuses) as '?'. */
static void dot_string(struct buf *out, const char *text)
{
	const unsigned char *s = (const unsigned char *)text;
	buf_addch(out, '"');
	while (*s) {
		size_t n = utf8_len(s);
		if (*s == '"' || *s == '\\') {
			buf_addch(out, '\\');
			buf_addch(out, (char)*s++);
		} else if (*s == '\n') {
			buf_adds(out, "\\n");
			s++;
		} else if (!n || *s < 0x20 || *s == 0x7F) {
			buf_addch(out, '?');
			s++;
		} else {
			buf_add(out, (const char *)s, n);
			s += n;
		}
	}
	buf_addch(out, '"');
}

static void write_dot(const struct stack *st, size_t index, struct buf *out)
{
	buf_addf(out, "  subgraph cluster_%zu {\n    label=", index);
	dot_string(out, st->label);
	buf_adds(out, ";\n");
	for (size_t k = 0; k < st->n; k++) {
		const struct node *n = &st->nodes[k];
		struct buf label = BUF_INIT;
		buf_addf(&label, "%s\n%s", ROLE_NAME[n->role], n->label);
		if (n->file && n->span.line)
			buf_addf(&label, "\n%s:%u:%u", n->file, n->span.line, n->span.column);
		for (size_t m = 0; m < n->nmarks; m++)
			buf_addf(&label, "%s%s", m ? ", " : "\n", rule_info(n->marks[m]->rule)->id);
		buf_addf(out, "    s%zu_n%zu [label=", index, k);
		dot_string(out, label.buf);
		buf_adds(out, n->nmarks ? ", color=red, fontcolor=red" : "");
		buf_adds(out, n->file ? "" : ", style=dashed");
		buf_adds(out, "];\n");
		buf_release(&label);
	}
	for (size_t a = 0; a < st->n; a++)
		for (size_t b = 0; b < st->n; b++) {
			if (stack_edge(st, a, b))
				buf_addf(out, "    s%zu_n%zu -> s%zu_n%zu;\n", index, a, index, b);
		}
	buf_adds(out, "  }\n");
}

/* ------------------------------------------------------------------------- */
/* The run's file hook: one stack per scope of the file that has a node in the flow */

static int pin_scope_cmp(const void *pa, const void *pb)
{
	const struct pin *a = *(const struct pin *const *)pa, *b = *(const struct pin *const *)pb;
	return a->scope != b->scope ? (a->scope < b->scope ? -1 : 1) : (a < b ? -1 : a > b);
}

static int claim_scope_cmp(const void *pa, const void *pb)
{
	const struct cuda_claim *a = *(const struct cuda_claim *const *)pa,
				*b = *(const struct cuda_claim *const *)pb;
	return a->pin->scope != b->pin->scope ? (a->pin->scope < b->pin->scope ? -1 : 1)
					      : (a < b ? -1 : a > b);
}

static int build_scope_cmp(const void *pa, const void *pb)
{
	const struct torch_build *a = *(const struct torch_build *const *)pa,
				 *b = *(const struct torch_build *const *)pb;
	return a->pin->scope != b->pin->scope ? (a->pin->scope < b->pin->scope ? -1 : 1)
					      : (a < b ? -1 : a > b);
}

static void on_file(void *data, const char *path, const char *kind, const struct pin_list *pins,
		    const struct analysis *facts, const struct diag_list *diags, size_t first)
{
	struct stack_cmd *self = data;
	bool *used = xcalloc(diags->nr - first + 1, sizeof(*used));
	struct stack *st = xcalloc(1, sizeof(*st));
	size_t before = self->nstacks;
	const struct pin **p = xcalloc(pins->nr + 1, sizeof(*p));
	const struct cuda_claim **c = xcalloc(facts->claims.nr + 1, sizeof(*c));
	const struct torch_build **b = xcalloc(facts->builds.nr + 1, sizeof(*b));
	for (size_t i = 0; i < pins->nr; i++)
		p[i] = &pins->items[i];
	for (size_t i = 0; i < facts->claims.nr; i++)
		c[i] = &facts->claims.items[i];
	for (size_t i = 0; i < facts->builds.nr; i++)
		b[i] = &facts->builds.items[i];
	qsort(p, pins->nr, sizeof(*p), pin_scope_cmp);
	qsort(c, facts->claims.nr, sizeof(*c), claim_scope_cmp);
	qsort(b, facts->builds.nr, sizeof(*b), build_scope_cmp);
	struct diag_index ix = { xcalloc(diags->nr - first + 1, sizeof(*ix.items)), 0, diags->items + first };
	for (size_t i = first; i < diags->nr; i++) {
		const struct diag *d = &diags->items[i];
		if (d->span.line && d->file && d->severity != SEV_OFF && !d->suppressed)
			ix.items[ix.n++] = d;
	}
	qsort(ix.items, ix.n, sizeof(*ix.items), diag_line_cmp);
	size_t ic = 0, ib = 0;
	for (size_t i = 0; i < pins->nr;) {
		struct scope_view view = { p[i]->scope, &p[i], 0, NULL, 0, NULL, 0 };
		while (i < pins->nr && p[i]->scope == view.scope)
			i++, view.npins++;
		while (ic < facts->claims.nr && c[ic]->pin->scope < view.scope)
			ic++;
		view.claims = &c[ic];
		while (ic < facts->claims.nr && c[ic]->pin->scope == view.scope)
			ic++, view.nclaims++;
		while (ib < facts->builds.nr && b[ib]->pin->scope < view.scope)
			ib++;
		view.builds = &b[ib];
		while (ib < facts->builds.nr && b[ib]->pin->scope == view.scope)
			ib++, view.nbuilds++;

		const struct profile_list *targets = self->run->profiles;
		for (size_t t = 0; t < targets->nr; t++) {
			memset(st, 0, sizeof(*st));
			st->profile = targets->items[t].base.name;
			add_targets(st, &targets->items[t]);
			size_t ntargets = st->n;
			add_scope(st, &view);
			if (st->n == ntargets)
				break; /* nothing in the flow: numpy pins only, an index alone */
			sort_nodes(st);
			stack_label(st, &view, path, kind);
			mark(st, &ix, used);
			if (self->format == STACK_TEXT)
				write_text(st, self->out);
			else if (self->format == STACK_JSON)
				write_json(st, self->nstacks, self->out);
			else
				write_dot(st, self->nstacks, self->out);
			self->nstacks++;
		}
	}
	/* Findings of the file that point at no node (a rule about an index, a pin outside
	 * the flow): listed under its stacks in text, so no mark is lost. */
	if (self->format == STACK_TEXT && self->nstacks > before)
		for (size_t i = first; i < diags->nr; i++) {
			const struct diag *d = &diags->items[i];
			if (used[i - first] || d->severity == SEV_OFF || d->suppressed)
				continue;
			buf_adds(self->out, "  (other) ");
			report_path(self->out, d->file ? d->file : "");
			buf_addf(self->out, ":%u:%u %s %s: %s%s%s%s\n", d->span.line, d->span.column,
				 rule_info(d->rule)->id, severity_name(d->severity), d->message,
				 d->profile ? " (profile " : "", d->profile ? d->profile : "",
				 d->profile ? ")" : "");
		}
	free(ix.items);
	free(p);
	free(c);
	free(b);
	free(st);
	free(used);
}

/* --format dot is this command's own (the report format table is for findings). */
static const char *const STACK_FORMATS[] = { "dot", NULL };

enum cmd_status cmd_stack(int argc, char **argv, struct cmd_io *io)
{
	struct cli_args args;
	struct kb *kb;
	enum stack_format format = STACK_TEXT;
	if (!cmd_parse_own(argc, argv, STACK_OPTIONS, STACK_FORMATS, &args, io))
		return CMD_TROUBLE;
	bool ok = true;
	if (args.format_name && !strcmp(args.format_name, "dot")) {
		format = STACK_DOT;
	} else if (args.format && !strcmp(args.format->name, "json")) {
		format = STACK_JSON;
	} else if (args.format && strcmp(args.format->name, "text")) {
		buf_addf(&io->err, "envlint: stack prints text, json or dot, not '%s'\n", args.format->name);
		ok = false;
	}
	if (!ok || !cmd_load_kb(args.kb_dir, &kb, io)) {
		policy_release(&args.policy);
		return CMD_TROUBLE;
	}

	struct profile_list profiles = PROFILE_LIST_INIT;
	if (!cmd_load_profiles(&args, kb, &profiles, io)) {
		policy_release(&args.policy);
		profile_list_release(&profiles);
		kb_free(kb);
		return CMD_TROUBLE;
	}

	struct policy defaults;
	policy_init(&defaults);
	struct run run;
	run_init(&run, kb, &profiles, &defaults);
	run.follow = args.follow;
	struct stack_cmd self = { format, &run, &io->out, 0 };
	run.file_hook.fn = on_file;
	run.file_hook.data = &self;

	struct path_group groups[GROUPS_MAX_CONFIGS];
	size_t ngroups = groups_of_paths(&args, groups, GROUPS_MAX_CONFIGS);
	groups_load_configs(&args, kb, groups, ngroups, &run, io);
	/* A config that does not read is said on stderr: the output is the stacks only. */
	if (run.diags.nr) {
		struct report_input in = { .diags = &run.diags, .version = ENVLINT_VERSION };
		report_gnu(&in, &io->err);
		diag_list_truncate(&run.diags, 0);
	}

	if (format == STACK_JSON)
		buf_adds(&io->out, "{\"stacks\": [");
	else if (format == STACK_DOT)
		buf_adds(&io->out, "digraph envlint_stack {\n  rankdir=LR;\n  node [shape=box];\n");
	bool fails = groups_lint(&args, &profiles, groups, ngroups, &run);
	run_finish(&run);
	if (format == STACK_JSON)
		buf_adds(&io->out, "]}\n");
	else if (format == STACK_DOT)
		buf_adds(&io->out, "}\n");
	else if (!self.nstacks)
		buf_adds(&io->out, "no stack: nothing pins CUDA, cuDNN, torch or Python\n");

	enum cmd_status status = run.unreadable ? CMD_TROUBLE : fails ? CMD_FINDINGS : CMD_CLEAN;
	run_release(&run);
	groups_release(groups, ngroups);
	policy_release(&defaults);
	policy_release(&args.policy);
	profile_list_release(&profiles);
	kb_free(kb);
	return status;
}

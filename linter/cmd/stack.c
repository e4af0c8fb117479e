/*
 * stack: each stack's version flow, GPU -> driver -> CUDA toolkit / cuDNN -> torch (+
 * torchvision, torchaudio, Python), every node with where it is pinned and a mark where
 * a finding points at it (`envlint stack [OPTIONS] [PATH ...]`). A stack is a scope of
 * the readers: a Dockerfile stage, a conda environment with its pip part, a requirements
 * file with its includes. Nothing is derived here: the nodes are the analysis facts
 * (analysis.h: CUDA claims, torch builds and their origin) and the pins with a role
 * (pin.h), seen through run.h's file hook once the checks have run, so the marks are
 * the very findings `check` prints. Text, --format json, and --format dot (Graphviz), a
 * format of this command only: the report format table is for findings.
 */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "common.h"
#include "kb/kb.h"
#include "policy.h"
#include "profile.h"
#include "report/report.h"
#include "run.h"
#include "util/jsonw.h"
#include "util/xalloc.h"

static const enum cli_opt STACK_OPTIONS[] = {
	CLI_OPT_GPU, CLI_OPT_DRIVER, CLI_OPT_OS, CLI_OPT_FORMAT, CMD_POLICY_OPTIONS, CLI_OPT_KB, CLI_OPT_FOLLOW,
	CLI_OPT_END,
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
	const char *file;              /* NULL for a target (--gpu, --driver) */
	struct span span, name_span;   /* where it is pinned; findings here mark it */
	const struct diag *marks[STACK_MAX_MARKS];
	size_t nmarks;
};

struct stack {
	char label[320];
	struct node nodes[STACK_MAX_NODES];
	size_t n;
	size_t dropped;                /* nodes past STACK_MAX_NODES */
};

/* What the command holds over the run: the format, the targets, where output goes. */
struct stack_cmd {
	enum stack_format format;
	const struct profile *box;
	struct buf *out;
	size_t nstacks;                /* written so far (JSON commas, dot cluster ids) */
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
		const struct version *cc = &box->gpus[g].cc;
		snprintf(n->label, sizeof(n->label), "%s%ssm_%u%u%s", box->gpus[g].gpu ? box->gpus[g].gpu->name : "",
			 box->gpus[g].gpu ? " (" : "", cc->release[0], cc->nrelease > 1 ? cc->release[1] : 0,
			 box->gpus[g].gpu ? ")" : "");
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
	snprintf(buf, size, "%s %s%s%s (%s; build by %s)", b->pin->kind == PIN_KIND_IMAGE ? "image torch" : "torch", v,
		 b->variant ? "+" : "", b->variant ? b->variant->name : "", cu, by);
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

static const struct torch_build *build_of(const struct analysis *facts, const struct pin *pin)
{
	for (size_t i = 0; i < facts->builds.nr; i++)
		if (facts->builds.items[i].pin == pin)
			return &facts->builds.items[i];
	return NULL;
}

/* The nodes of scope `scope`: claims, then the pins with a role, in pin order within
 * each role (the flow order). */
static void add_scope(struct stack *st, const struct analysis *facts, uint32_t scope)
{
	for (size_t i = 0; i < facts->claims.nr; i++) {
		const struct cuda_claim *c = &facts->claims.items[i];
		if (c->pin->scope != scope)
			continue;
		struct node *n = node_add(st, ROLE_CUDA, c->pin);
		if (!n)
			continue;
		n->span = c->span;
		snprintf(n->label, sizeof(n->label), "CUDA %s (%s)", c->text, c->what);
	}
	static const enum pin_pkg ORDER[] = { PIN_PKG_CUDNN, PIN_PKG_TORCH, PIN_PKG_TORCHVISION, PIN_PKG_TORCHAUDIO,
					      PIN_PKG_PYTHON };
	for (size_t o = 0; o < sizeof(ORDER) / sizeof(ORDER[0]); o++) {
		for (size_t i = 0; i < facts->npins; i++) {
			const struct pin *p = &facts->pins[i];
			if (p->scope != scope || p->kind != PIN_KIND_PACKAGE || p->pkg != ORDER[o])
				continue;
			enum node_role role = ORDER[o] == PIN_PKG_CUDNN  ? ROLE_CUDNN
					      : ORDER[o] == PIN_PKG_TORCH  ? ROLE_TORCH
					      : ORDER[o] == PIN_PKG_PYTHON ? ROLE_PYTHON
									   : ROLE_COMPANION;
			struct node *n = node_add(st, role, p);
			if (!n)
				continue;
			const struct torch_build *b = role == ROLE_TORCH ? build_of(facts, p) : NULL;
			if (b)
				torch_label(b, n->label, sizeof(n->label));
			else
				snprintf(n->label, sizeof(n->label), "%s %s%s%s%s%s", p->name, p->spec ? p->spec : "(unpinned)",
					 p->variant ? " [" : "", p->variant ? p->variant : "", p->variant ? "]" : "",
					 role == ROLE_TORCH ? " (build not known)" : "");
			/* The cuDNN a pip wheel bundles is a fact of the build, not a pin. */
			if (b && b->variant && b->variant->has_cudnn) {
				struct node *d = node_add(st, ROLE_CUDNN, NULL);
				if (d) {
					char v[32];
					version_format(&b->variant->cudnn, v, sizeof(v));
					snprintf(d->label, sizeof(d->label), "cuDNN %s (in the %s wheel)", v, b->variant->name);
				}
			}
		}
	}
	/* Images that name their torch (pytorch/pytorch, NGC PyTorch). */
	for (size_t i = 0; i < facts->builds.nr; i++) {
		const struct torch_build *b = &facts->builds.items[i];
		if (b->pin->scope != scope || b->pin->kind != PIN_KIND_IMAGE)
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

/* Marks each node with the findings pointing at it; returns in `used` which findings
 * marked something. */
static void mark(struct stack *st, const struct diag_list *diags, size_t first, bool *used)
{
	for (size_t i = first; i < diags->nr; i++) {
		const struct diag *d = &diags->items[i];
		if (d->severity == SEV_OFF || d->suppressed)
			continue;
		for (size_t k = 0; k < st->n; k++)
			if (points_at(d, &st->nodes[k])) {
				struct node *n = &st->nodes[k];
				bool dup = false;
				for (size_t m = 0; m < n->nmarks; m++)
					dup = dup || n->marks[m]->rule == d->rule;
				if (!dup && n->nmarks < STACK_MAX_MARKS)
					n->marks[n->nmarks++] = d;
				used[i - first] = true;
			}
	}
}

/* "Dockerfile: stage FROM nvidia/cuda:12.4.1-devel-ubuntu22.04 (line 7)",
 * "requirements.txt: requirements (with base.txt)". */
static void stack_label(struct stack *st, const struct analysis *facts, uint32_t scope, const char *path,
			const char *kind)
{
	const struct pin *image = NULL;
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < facts->npins && !image; i++)
		if (facts->pins[i].scope == scope && facts->pins[i].kind == PIN_KIND_IMAGE)
			image = &facts->pins[i];
	if (image)
		buf_addf(&b, "%s: stage FROM %s%s%s (line %u)", path, image->name, image->spec ? ":" : "",
			 image->spec ? image->spec : "", image->name_span.line);
	else if (!strcmp(kind, "dockerfile"))
		buf_addf(&b, "%s: stage", path);
	else
		buf_addf(&b, "%s: %s", path, !strcmp(kind, "conda") ? "conda environment" : "requirements");
	/* The files of the scope besides the one linted: its -r/-c includes. */
	size_t nother = 0;
	for (size_t i = 0; i < facts->npins; i++) {
		const struct pin *p = &facts->pins[i];
		if (p->scope != scope || !p->file || !strcmp(p->file, path))
			continue;
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = facts->pins[j].scope == scope && facts->pins[j].file && !strcmp(facts->pins[j].file, p->file);
		if (!seen)
			buf_addf(&b, "%s%s", nother++ ? ", " : " (with ", p->file);
	}
	if (nother)
		buf_addch(&b, ')');
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

static void write_text(const struct stack *st, struct buf *out)
{
	buf_addf(out, "%s\n", st->label);
	for (size_t k = 0; k < st->n; k++) {
		const struct node *n = &st->nodes[k];
		char where[512] = "(target)";
		if (n->file && n->span.line)
			snprintf(where, sizeof(where), "%s:%u:%u", n->file, n->span.line, n->span.column);
		else if (n->file)
			snprintf(where, sizeof(where), "%s", n->file);
		else if (n->role == ROLE_CUDNN)
			snprintf(where, sizeof(where), "(KB)");
		buf_addf(out, "  %s %-10s %s  %s", n->nmarks ? "x" : "|", ROLE_NAME[n->role], n->label, where);
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
			buf_addf(out, "%s{\"rule\": \"%s\", \"severity\": \"%s\", \"message\": ", m ? ", " : "",
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

/* A dot string: quotes and backslashes escaped. */
static void dot_string(struct buf *out, const char *s)
{
	buf_addch(out, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_addch(out, '\\');
		if (*s == '\n')
			buf_adds(out, "\\n");
		else
			buf_addch(out, *s);
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

static void on_file(void *data, const char *path, const char *kind, const struct pin_list *pins, const struct analysis *facts,
		    const struct diag_list *diags, size_t first)
{
	struct stack_cmd *self = data;
	bool *used = xcalloc(diags->nr - first + 1, sizeof(*used));
	struct stack *st = xcalloc(1, sizeof(*st));
	size_t before = self->nstacks;
	for (size_t i = 0; i < pins->nr; i++) {
		const struct pin *p = &pins->items[i];
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = pins->items[j].scope == p->scope;
		if (seen)
			continue;
		memset(st, 0, sizeof(*st));
		add_targets(st, self->box);
		size_t targets = st->n;
		add_scope(st, facts, p->scope);
		if (st->n == targets)
			continue;   /* nothing in the flow: numpy pins only, an index alone */
		sort_nodes(st);
		stack_label(st, facts, p->scope, path, kind);
		mark(st, diags, first, used);
		if (self->format == STACK_TEXT)
			write_text(st, self->out);
		else if (self->format == STACK_JSON)
			write_json(st, self->nstacks, self->out);
		else
			write_dot(st, self->nstacks, self->out);
		self->nstacks++;
	}
	/* Findings of the file that point at no node (a rule about an index, a pin outside
	 * the flow): listed under its stacks in text, so no mark is lost. */
	if (self->format == STACK_TEXT && self->nstacks > before)
		for (size_t i = first; i < diags->nr; i++) {
			const struct diag *d = &diags->items[i];
			if (used[i - first] || d->severity == SEV_OFF || d->suppressed)
				continue;
			buf_addf(self->out, "  (other) %s:%u:%u %s %s: %s\n", d->file ? d->file : "", d->span.line,
				 d->span.column, rule_info(d->rule)->id, severity_name(d->severity), d->message);
		}
	free(st);
	free(used);
}

/* --format dot is this command's own: taken out of argv before the shared parser (whose
 * --format knows the report formats only). Returns the format; *argc shrinks. */
static enum stack_format take_dot(int *argc, char **argv)
{
	enum stack_format f = STACK_TEXT;
	int w = 0;
	bool options = true;
	for (int i = 0; i < *argc; i++) {
		if (options && !strcmp(argv[i], "--"))
			options = false;
		if (options && !strcmp(argv[i], "--format=dot")) {
			f = STACK_DOT;
			continue;
		}
		if (options && !strcmp(argv[i], "--format") && i + 1 < *argc && !strcmp(argv[i + 1], "dot")) {
			f = STACK_DOT;
			i++;
			continue;
		}
		argv[w++] = argv[i];
	}
	argv[w] = NULL;
	*argc = w;
	return f;
}

enum cmd_status cmd_stack(int argc, char **argv, struct cmd_io *io)
{
	struct cli_args args;
	struct kb *kb;
	char **av = xcalloc((size_t)argc + 1, sizeof(*av));
	memcpy(av, argv, (size_t)argc * sizeof(*av));
	int ac = argc;
	enum stack_format format = take_dot(&ac, av);
	bool ok = cmd_parse(ac, av, STACK_OPTIONS, &args, io);
	if (ok && args.format) {
		if (format == STACK_DOT) {
			buf_adds(&io->err, "envlint: option '--format' given twice\n(see envlint --help)\n");
			ok = false;
		} else if (!strcmp(args.format->name, "json")) {
			format = STACK_JSON;
		} else if (strcmp(args.format->name, "text")) {
			buf_addf(&io->err, "envlint: stack prints text, json or dot, not '%s'\n", args.format->name);
			ok = false;
		}
	}
	if (!ok || !cmd_load_kb(args.kb_dir, &kb, io)) {
		if (ok)
			policy_release(&args.policy);
		free(av);
		return CMD_TROUBLE;
	}

	struct profile_list profiles = PROFILE_LIST_INIT;
	struct profile prof;
	char err[1024] = "";
	if (!profile_from_options(&prof, kb, args.gpus, args.ngpus, args.driver, NULL, args.os, err, sizeof(err))) {
		buf_addf(&io->err, "envlint: %s\n", err);
		policy_release(&args.policy);
		kb_free(kb);
		free(av);
		return CMD_TROUBLE;
	}
	profile_list_push(&profiles, &prof);

	struct policy policy;
	policy_init(&policy);
	policy_merge(&policy, &args.policy);
	struct run run;
	run_init(&run, kb, &profiles, &policy);
	run.follow = args.follow;
	struct stack_cmd self = { format, &profiles.items[0], &io->out, 0 };
	run.file_hook.fn = on_file;
	run.file_hook.data = &self;

	if (format == STACK_JSON)
		buf_adds(&io->out, "{\"stacks\": [");
	else if (format == STACK_DOT)
		buf_adds(&io->out, "digraph envlint_stack {\n  rankdir=LR;\n  node [shape=box];\n");
	run_paths(&run, (const char *const *)args.paths, args.npaths);
	run_finish(&run);
	if (format == STACK_JSON)
		buf_adds(&io->out, "]}\n");
	else if (format == STACK_DOT)
		buf_adds(&io->out, "}\n");
	else if (!self.nstacks)
		buf_adds(&io->out, "no stack: nothing pins CUDA, cuDNN, torch or Python\n");

	enum cmd_status status = run.unreadable ? CMD_TROUBLE
				 : policy_fails(&policy, &run.diags, 0) ? CMD_FINDINGS
									  : CMD_CLEAN;
	run_release(&run);
	policy_release(&policy);
	policy_release(&args.policy);
	profile_list_release(&profiles);
	kb_free(kb);
	free(av);
	return status;
}

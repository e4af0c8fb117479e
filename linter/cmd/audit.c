/*
 * audit: an auditor's view of many repositories against several machines. Each DIR is
 * one repository, linted as `check` lints it (its own .envlint.yml policy included);
 * each profile is one column. A cell says pass, or how many errors and warnings that
 * machine would meet, counting the findings of that profile and those that hold for
 * every machine (the stack and pinning rules). Without a target on the command line
 * the columns are every built-in profile.
 *
 * Formats: text (the matrix), json (the matrix and every finding), html (one
 * self-contained page, no scripts: the matrix, each cell opening its findings with
 * their source lines). -j N lints N repositories at a time in child processes, each
 * writing its finished rows to a temporary file that the parent reads in repository
 * order, so the output is byte for byte that of -j 1.
 */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "config.h"
#include "kb/kb.h"
#include "policy.h"
#include "profile.h"
#include "profile_builtin.h"
#include "report/report.h"
#include "run.h"
#include "util/jsonw.h"
#include "util/xalloc.h"

static const char *const AUDIT_FORMATS[] = { "html", NULL };

static const enum cli_opt AUDIT_OPTIONS[] = {
	CMD_TARGET_OPTIONS, CLI_OPT_FORMAT, CMD_POLICY_OPTIONS, CLI_OPT_KB,
	CLI_OPT_FOLLOW,     CLI_OPT_JOBS,   CLI_OPT_QUIET,      CLI_OPT_END,
};

enum audit_format { AUDIT_TEXT, AUDIT_JSON, AUDIT_HTML };

/* One repository's results, as rendered pieces: what the parent needs to write the
 * matrix, whichever process linted it. */
struct repo_result {
	size_t nfiles;
	size_t (*counts)[SEV_ERROR + 1]; /* per profile */
	struct buf *cells;               /* per profile: the cell's HTML findings list */
	struct buf json;                 /* the repository's findings as JSON objects */
	bool unreadable;
};

struct audit {
	const struct kb *kb;
	const struct profile_list *profiles;
	const struct policy *cli_policy;
	bool follow;
	enum audit_format format;
};

static const char *profile_label(const struct profile *p)
{
	return p->base.name ? p->base.name : "command-line";
}

static void html_text(struct buf *out, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<':
			buf_adds(out, "&lt;");
			break;
		case '>':
			buf_adds(out, "&gt;");
			break;
		case '&':
			buf_adds(out, "&amp;");
			break;
		case '"':
			buf_adds(out, "&quot;");
			break;
		default:
			buf_addch(out, *s);
		}
	}
}

static void html_finding(struct buf *out, const struct diag *d)
{
	const struct rule_info *r = rule_info(d->rule);
	buf_addf(out, "<li class=\"%s\"><code>", severity_name(d->severity));
	html_text(out, d->file ? d->file : "envlint");
	if (d->span.line)
		buf_addf(out, ":%u:%u", d->span.line, d->span.column);
	buf_addf(out, "</code> <b>%s</b> %s ", severity_name(d->severity), r->id);
	html_text(out, d->message);
	if (d->snippet) {
		buf_adds(out, "<pre>");
		html_text(out, d->snippet);
		buf_adds(out, "</pre>");
	}
	if (d->help) {
		buf_adds(out, "<p>help: ");
		html_text(out, d->help);
		buf_adds(out, "</p>");
	}
	buf_adds(out, "</li>\n");
}

struct collect {
	const struct audit *audit;
	struct repo_result *res;
	struct report_input in;
	struct report_state state;
};

/* A finding counts in the column of its profile, or in every column when it holds for
 * every machine (no profile). */
static void collect_file(void *ctx, const struct diag *diags, size_t n)
{
	struct collect *c = ctx;
	const struct profile_list *pl = c->audit->profiles;
	for (size_t i = 0; i < n; i++) {
		const struct diag *d = &diags[i];
		for (size_t p = 0; p < pl->nr; p++) {
			if (d->profile &&
			    (!pl->items[p].base.name || strcmp(d->profile, pl->items[p].base.name)))
				continue;
			c->res->counts[p][d->severity]++;
			if (c->audit->format == AUDIT_HTML)
				html_finding(&c->res->cells[p], d);
		}
	}
	if (c->audit->format == AUDIT_JSON)
		report_json_diags(&c->in, &c->state, diags, n, &c->res->json);
}

static void result_init(struct repo_result *r, size_t nprofiles)
{
	memset(r, 0, sizeof(*r));
	r->counts = xcalloc(nprofiles ? nprofiles : 1, sizeof(*r->counts));
	r->cells = xcalloc(nprofiles ? nprofiles : 1, sizeof(*r->cells));
	for (size_t p = 0; p < nprofiles; p++)
		r->cells[p] = (struct buf)BUF_INIT;
	r->json = (struct buf)BUF_INIT;
}

static void result_release(struct repo_result *r, size_t nprofiles)
{
	for (size_t p = 0; p < nprofiles; p++)
		buf_release(&r->cells[p]);
	free(r->cells);
	free(r->counts);
	buf_release(&r->json);
}

/* Lints one repository: its .envlint.yml (if any) <- the command line. */
static void audit_repo(const struct audit *a, const char *dir, struct repo_result *res)
{
	struct config cfg;
	struct policy policy;
	struct run run;
	struct collect c = { a, res, { .version = ENVLINT_VERSION, .profiles = a->profiles }, { 0 } };
	config_init(&cfg);
	policy_init(&policy);
	run_init(&run, a->kb, a->profiles, &policy);
	char *found = config_find(dir, NULL);
	if (found && !config_load(&cfg, found, &run.diags)) {
		res->unreadable = true;
		collect_file(&c, run.diags.items, run.diags.nr);
	} else {
		policy_merge(&policy, &cfg.layer);
		policy_merge(&policy, a->cli_policy);
		run_set_policy(&run, &policy);
		run.includes = cfg.includes;
		run.nincludes = cfg.nincludes;
		run.follow = a->follow;
		run.sink.file_done = collect_file;
		run.sink.ctx = &c;
		const char *paths[] = { dir };
		run_paths(&run, paths, 1);
		res->unreadable = run.unreadable;
	}
	res->nfiles = run.files.nr;
	free(found);
	run_release(&run);
	policy_release(&policy);
	config_release(&cfg);
}

/* -j: a child's results travel through a temporary file, in this order. */
static void result_write(FILE *f, const struct repo_result *r, size_t nprofiles)
{
	size_t head[2] = { r->nfiles, r->unreadable };
	fwrite(head, sizeof(head), 1, f);
	fwrite(r->counts, sizeof(*r->counts), nprofiles, f);
	for (size_t p = 0; p < nprofiles; p++) {
		fwrite(&r->cells[p].len, sizeof(size_t), 1, f);
		fwrite(r->cells[p].buf, 1, r->cells[p].len, f);
	}
	fwrite(&r->json.len, sizeof(size_t), 1, f);
	fwrite(r->json.buf, 1, r->json.len, f);
}

static bool read_buf(FILE *f, struct buf *b)
{
	size_t len;
	if (fread(&len, sizeof(len), 1, f) != 1)
		return false;
	char chunk[4096];
	while (len) {
		size_t n = fread(chunk, 1, len < sizeof(chunk) ? len : sizeof(chunk), f);
		if (!n)
			return false;
		buf_add(b, chunk, n);
		len -= n;
	}
	return true;
}

static bool result_read(FILE *f, struct repo_result *r, size_t nprofiles)
{
	size_t head[2];
	if (fread(head, sizeof(head), 1, f) != 1 ||
	    fread(r->counts, sizeof(*r->counts), nprofiles, f) != nprofiles)
		return false;
	r->nfiles = head[0];
	r->unreadable = head[1];
	for (size_t p = 0; p < nprofiles; p++)
		if (!read_buf(f, &r->cells[p]))
			return false;
	return read_buf(f, &r->json);
}

/* Lints every repository into results[], up to `jobs` at a time. */
static void audit_all(const struct audit *a, const char *const *dirs, size_t n, unsigned jobs,
		      struct repo_result *results, struct cmd_io *io)
{
	size_t np = a->profiles->nr;
	char line[256];
	if (jobs <= 1) {
		for (size_t i = 0; i < n; i++) {
			if (io->progress && n > 1) {
				snprintf(line, sizeof(line), "audit: %zu/%zu %s", i + 1, n, dirs[i]);
				io->progress(io, line);
			}
			audit_repo(a, dirs[i], &results[i]);
		}
	} else {
		FILE **files = xcalloc(n, sizeof(*files));
		pid_t *pids = xcalloc(n, sizeof(*pids));
		size_t next = 0, done = 0, running = 0;
		fflush(NULL);
		while (done < n) {
			while (running < jobs && next < n) {
				files[next] = tmpfile();
				pid_t pid = files[next] ? fork() : -1;
				if (pid == 0) {
					audit_repo(a, dirs[next], &results[next]);
					result_write(files[next], &results[next], np);
					fflush(files[next]);
					_exit(0);
				}
				if (pid < 0) /* no process to spare: this one here, now */
					audit_repo(a, dirs[next], &results[next]);
				pids[next++] = pid;
				running += pid > 0;
				done += pid < 0;
			}
			int status;
			pid_t pid = wait(&status);
			if (pid < 0)
				break;
			for (size_t i = 0; i < next; i++)
				if (pids[i] == pid) {
					rewind(files[i]);
					if (!WIFEXITED(status) || WEXITSTATUS(status) ||
					    !result_read(files[i], &results[i], np))
						results[i].unreadable = true;
					pids[i] = 0;
				}
			running--;
			done++;
			if (io->progress) {
				snprintf(line, sizeof(line), "audit: %zu/%zu repositories", done, n);
				io->progress(io, line);
			}
		}
		for (size_t i = 0; i < n; i++)
			if (files[i])
				fclose(files[i]);
		free(files);
		free(pids);
	}
	if (io->progress)
		io->progress(io, NULL);
}

static void cell_text(char *out, size_t size, const size_t *counts, bool unreadable)
{
	if (unreadable)
		snprintf(out, size, "unreadable");
	else if (!counts[SEV_ERROR] && !counts[SEV_WARNING])
		snprintf(out, size, "pass");
	else
		snprintf(out, size, "%zuE %zuW", counts[SEV_ERROR], counts[SEV_WARNING]);
}

/* Ends a table row: no padding left at the end of the line. */
static void end_row(struct buf *out)
{
	while (out->len && out->buf[out->len - 1] == ' ')
		out->buf[--out->len] = '\0';
	buf_addch(out, '\n');
}

static void write_text(const struct audit *a, const char *const *dirs, size_t n, const struct repo_result *r,
		       struct buf *out)
{
	size_t width = strlen("repository");
	for (size_t i = 0; i < n; i++)
		width = strlen(dirs[i]) > width ? strlen(dirs[i]) : width;
	buf_addf(out, "%-*s", (int)width, "repository");
	for (size_t p = 0; p < a->profiles->nr; p++)
		buf_addf(out, "  %-14s", profile_label(&a->profiles->items[p]));
	end_row(out);
	size_t clean = 0;
	for (size_t i = 0; i < n; i++) {
		bool all = !r[i].unreadable;
		buf_addf(out, "%-*s", (int)width, dirs[i]);
		for (size_t p = 0; p < a->profiles->nr; p++) {
			char cell[64];
			cell_text(cell, sizeof(cell), r[i].counts[p], r[i].unreadable);
			all = all && !strcmp(cell, "pass");
			buf_addf(out, "  %-14s", cell);
		}
		end_row(out);
		clean += all;
	}
	buf_addf(out, "%zu repositor%s, %zu profile%s: %zu pass on every profile\n", n, n == 1 ? "y" : "ies",
		 a->profiles->nr, a->profiles->nr == 1 ? "" : "s", clean);
}

static void write_json(const struct audit *a, const char *const *dirs, size_t n, const struct repo_result *r,
		       struct buf *out)
{
	buf_adds(out, "{\"envlint\": ");
	jsonw_string(out, ENVLINT_VERSION);
	buf_adds(out, ", \"kb\": ");
	jsonw_string(out, kb_date(a->kb));
	buf_adds(out, ", \"targets\": ");
	report_targets_json(out, a->profiles);
	buf_adds(out, ",\n \"repositories\": [");
	for (size_t i = 0; i < n; i++) {
		buf_adds(out, i ? ",\n  {\"repository\": " : "\n  {\"repository\": ");
		jsonw_string(out, dirs[i]);
		buf_addf(out, ", \"files\": %zu, \"unreadable\": %s, \"profiles\": {", r[i].nfiles,
			 r[i].unreadable ? "true" : "false");
		for (size_t p = 0; p < a->profiles->nr; p++) {
			const size_t *c = r[i].counts[p];
			buf_adds(out, p ? ", " : "");
			jsonw_string(out, profile_label(&a->profiles->items[p]));
			buf_addf(out, ": {\"pass\": %s, \"errors\": %zu, \"warnings\": %zu, \"info\": %zu}",
				 !r[i].unreadable && !c[SEV_ERROR] && !c[SEV_WARNING] ? "true" : "false",
				 c[SEV_ERROR], c[SEV_WARNING], c[SEV_INFO]);
		}
		buf_adds(out, "},\n   \"diagnostics\": [");
		buf_add(out, r[i].json.buf, r[i].json.len);
		buf_adds(out, r[i].json.len ? "\n  ]}" : "]}");
	}
	buf_adds(out, n ? "\n ]}\n" : "]}\n");
}

static void write_html(const struct audit *a, const char *const *dirs, size_t n, const struct repo_result *r,
		       struct buf *out)
{
	buf_adds(
		out,
		"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
		"<title>envlint audit</title>\n<style>\n"
		"body{font:14px system-ui,sans-serif;line-height:140%;margin:2em}table{border-collapse:collapse}\n"
		"th,td{border:1px solid #ccc;padding:.3em .6em;vertical-align:top;text-align:left}\n"
		"td.pass{background:#e7f6e7}td.fail{background:#fde8e8}td.warn{background:#fff6dd}\n"
		"li.error b{color:#b00}li.warning b{color:#a60}li.info b{color:#06a}\n"
		"pre{background:#f4f4f4;padding:.3em;margin:.2em 0;white-space:pre-wrap}\n"
		"</style></head><body>\n<h1>envlint audit</h1>\n<p>");
	buf_addf(out, "envlint %s, knowledge base ", ENVLINT_VERSION);
	html_text(out, kb_date(a->kb));
	buf_addf(
		out,
		"; %zu repositories against %zu profiles. A cell counts the findings that "
		"machine meets; open it for each finding and its source line.</p>\n<table>\n<tr><th>repository</th>",
		n, a->profiles->nr);
	for (size_t p = 0; p < a->profiles->nr; p++) {
		buf_adds(out, "<th>");
		html_text(out, profile_label(&a->profiles->items[p]));
		buf_adds(out, "</th>");
	}
	buf_adds(out, "</tr>\n");
	for (size_t i = 0; i < n; i++) {
		buf_adds(out, "<tr><th>");
		html_text(out, dirs[i]);
		buf_addf(out, " <small>(%zu files)</small></th>", r[i].nfiles);
		for (size_t p = 0; p < a->profiles->nr; p++) {
			const size_t *c = r[i].counts[p];
			char cell[64];
			cell_text(cell, sizeof(cell), c, r[i].unreadable);
			const char *cls = c[SEV_ERROR] || r[i].unreadable ? "fail"
					  : c[SEV_WARNING]                ? "warn"
									  : "pass";
			buf_addf(out, "<td class=\"%s\">", cls);
			if (r[i].cells[p].len) {
				buf_addf(out, "<details><summary>%s</summary><ul>\n", cell);
				buf_add(out, r[i].cells[p].buf, r[i].cells[p].len);
				buf_adds(out, "</ul></details>");
			} else {
				buf_adds(out, cell);
			}
			buf_adds(out, "</td>");
		}
		buf_adds(out, "</tr>\n");
	}
	buf_adds(out, "</table>\n</body></html>\n");
}

/* The columns: the command line's targets, or every built-in profile. */
static bool audit_profiles(const struct cli_args *args, const struct kb *kb, struct profile_list *out,
			   struct cmd_io *io)
{
	if (args->nprofiles || args->ngpus || args->driver || args->cuda)
		return cmd_load_profiles(args, kb, out, io);
	struct diag_list problems = DIAG_LIST_INIT;
	bool ok = profile_builtin_load(out, kb, &problems);
	if (!ok || problems.nr)
		buf_adds(&io->err, "envlint: the built-in profiles do not load\n");
	diag_list_release(&problems);
	return ok;
}

enum cmd_status cmd_audit(int argc, char **argv, struct cmd_io *io)
{
	struct cli_args args;
	struct kb *kb;
	if (!cmd_parse_own(argc, argv, AUDIT_OPTIONS, AUDIT_FORMATS, &args, io))
		return CMD_TROUBLE;
	if (args.format && args.format->write != report_text && args.format->write != report_json) {
		buf_addf(&io->err, "envlint: audit writes text, json or html, not '%s'\n", args.format->name);
		policy_release(&args.policy);
		return CMD_TROUBLE;
	}
	if (!args.npaths) {
		buf_adds(&io->err, "envlint: audit needs one or more repository directories\n");
		policy_release(&args.policy);
		return CMD_TROUBLE;
	}
	if (!cmd_load_kb(args.kb_dir, &kb, io)) {
		policy_release(&args.policy);
		return CMD_TROUBLE;
	}
	struct profile_list profiles = PROFILE_LIST_INIT;
	if (!audit_profiles(&args, kb, &profiles, io)) {
		profile_list_release(&profiles);
		policy_release(&args.policy);
		kb_free(kb);
		return CMD_TROUBLE;
	}
	struct audit a = { kb, &profiles, &args.policy, args.follow,
			   args.format_name && !strcmp(args.format_name, "html") ? AUDIT_HTML
			   : args.format && args.format->write == report_json    ? AUDIT_JSON
										 : AUDIT_TEXT };
	size_t n = args.npaths;
	struct repo_result *results = xcalloc(n, sizeof(*results));
	for (size_t i = 0; i < n; i++)
		result_init(&results[i], profiles.nr);
	audit_all(&a, (const char *const *)args.paths, n, args.jobs, results, io);

	const char *const *dirs = (const char *const *)args.paths;
	if (a.format == AUDIT_HTML)
		write_html(&a, dirs, n, results, &io->out);
	else if (a.format == AUDIT_JSON)
		write_json(&a, dirs, n, results, &io->out);
	else
		write_text(&a, dirs, n, results, &io->out);

	struct policy policy;
	policy_init(&policy);
	policy_merge(&policy, &args.policy);
	enum cmd_status status = CMD_CLEAN;
	for (size_t i = 0; i < n; i++) {
		for (size_t p = 0; p < profiles.nr; p++)
			for (int sev = SEV_ERROR; sev >= (int)policy.fail_on && policy.fail_on != SEV_OFF;
			     sev--)
				if (results[i].counts[p][sev])
					status = CMD_FINDINGS;
		if (results[i].unreadable)
			status = CMD_TROUBLE;
		result_release(&results[i], profiles.nr);
	}
	free(results);
	policy_release(&policy);
	policy_release(&args.policy);
	profile_list_release(&profiles);
	kb_free(kb);
	return status;
}

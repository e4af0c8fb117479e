/*
 * json: one object (CONTRACT.md "--format json"), on stdout only, deterministic key
 * order. "source" (the fact's source URL) extends the contract's diagnostic object.
 */
#include "diag.h"
#include "report.h"
#include "util/buf.h"
#include "util/jsonw.h"

void report_json_begin(const struct report_input *in, struct report_state *st, struct buf *out)
{
	(void)st;
	buf_adds(out, "{\"envlint\": ");
	jsonw_string(out, in->version);
	buf_adds(out, ", \"kb\": ");
	jsonw_string(out, in->kb_date);
	buf_adds(out, ", \"targets\": ");
	report_targets_json(out, in->profiles);
	buf_adds(out, ",\n \"diagnostics\": [");
}

void report_json_diags(const struct report_input *in, struct report_state *st, const struct diag *all,
		       size_t n, struct buf *out)
{
	(void)in;
	for (size_t i = 0; i < n; i++) {
		const struct diag *d = &all[i];
		const struct rule_info *r = rule_info(d->rule);
		buf_adds(out, st->written++ ? ",\n  {" : "\n  {");
		buf_adds(out, "\"rule\": ");
		jsonw_string(out, r->id);
		buf_adds(out, ", \"slug\": ");
		jsonw_string(out, r->slug);
		buf_adds(out, ", \"severity\": ");
		jsonw_string(out, severity_name(d->severity));
		buf_adds(out, ", \"file\": ");
		jsonw_string(out, d->file);
		if (d->span.line)
			buf_addf(out, ", \"line\": %u, \"column\": %u, \"end_line\": %u, \"end_column\": %u",
				 d->span.line, d->span.column, d->span.end_line, d->span.end_column);
		else
			buf_adds(out, ", \"line\": null, \"column\": null, \"end_line\": null, \"end_column\": null");
		buf_adds(out, ", \"message\": ");
		jsonw_string(out, d->message);
		buf_adds(out, ", \"help\": ");
		jsonw_string(out, d->help);
		buf_adds(out, ", \"source\": ");
		jsonw_string(out, d->source);
		buf_adds(out, ", \"profile\": ");
		jsonw_string(out, d->profile);
		buf_addch(out, '}');
	}
}

void report_json_end(const struct report_input *in, struct report_state *st, struct buf *out)
{
	buf_adds(out, st->written ? "\n ],\n \"files\": [" : "],\n \"files\": [");
	for (size_t i = 0; i < in->nfiles; i++) {
		const struct run_file *f = &in->files[i];
		buf_adds(out, i ? ",\n  {\"file\": " : "\n  {\"file\": ");
		jsonw_string(out, f->path);
		buf_adds(out, ", \"kind\": ");
		jsonw_string(out, f->kind);
		buf_adds(out, ", \"error\": ");
		jsonw_string(out, f->error);
		buf_addch(out, '}');
	}
	buf_adds(out, in->nfiles ? "\n ]}\n" : "]}\n");
}

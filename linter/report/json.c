/*
 * json: one object (CONTRACT.md "--format json"), on stdout only, deterministic key
 * order. "source" (the fact's source URL) extends the contract's diagnostic object, and so
 * does "fix" (the edits of the manifest that carry out the help; only where there are).
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
			buf_adds(
				out,
				", \"line\": null, \"column\": null, \"end_line\": null, \"end_column\": null");
		buf_adds(out, ", \"message\": ");
		jsonw_string(out, d->message);
		buf_adds(out, ", \"help\": ");
		jsonw_string(out, d->help);
		buf_adds(out, ", \"source\": ");
		jsonw_string(out, d->source);
		buf_adds(out, ", \"source_status\": ");
		jsonw_string(out, d->source ? (d->source_secondary ? "2nd" : "ok") : NULL);
		buf_adds(out, ", \"profile\": ");
		jsonw_string(out, d->profile);
		for (size_t e = 0; e < d->nedits; e++) {
			const struct diag_edit *de = &d->edits[e];
			buf_adds(out, e ? ", {\"file\": " : ", \"fix\": [{\"file\": ");
			jsonw_string(out, de->file);
			buf_addf(out,
				 ", \"line\": %u, \"column\": %u, \"end_line\": %u, \"end_column\": %u, "
				 "\"start_byte\": %u, \"end_byte\": %u, \"old\": ",
				 de->span.line, de->span.column, de->span.end_line, de->span.end_column,
				 de->span.start_byte, de->span.end_byte);
			jsonw_string(out, de->old);
			buf_adds(out, ", \"text\": ");
			jsonw_string(out, de->text);
			buf_adds(out, e + 1 == d->nedits ? "}]" : "}");
		}
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
	buf_addf(out, in->nfiles ? "\n ],\n \"skipped\": %zu}\n" : "],\n \"skipped\": %zu}\n", in->nskipped);
}

/*
 * text: the default, for people. actionlint's shape: location, severity, message and
 * [RULE slug], then the source line with a caret span, then help and the fact's source.
 * Colour only when main says the output is a terminal.
 */
#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "report.h"
#include "util/buf.h"

static const char *sev_color(enum severity sev)
{
	switch (sev) {
	case SEV_ERROR:
		return "\033[1;31m";
	case SEV_WARNING:
		return "\033[1;33m";
	case SEV_INFO:
		return "\033[1;36m";
	case SEV_OFF:
		break;
	}
	return "";
}

/* Code points of the snippet up to (1-based) column `col`, as spaces, keeping tabs so
 * the caret lines up under the text. */
static void pad_to_column(struct buf *out, const char *line, uint32_t col)
{
	uint32_t seen = 1;
	for (const unsigned char *p = (const unsigned char *)line; *p && seen < col; p++) {
		if ((*p & 0xC0) == 0x80)
			continue;
		buf_addch(out, *p == '\t' ? '\t' : ' ');
		seen++;
	}
}

static void snippet(struct buf *out, const struct diag *d, bool color)
{
	if (!d->snippet || !d->span.line)
		return;
	buf_addf(out, "  %5u | %s\n        | ", d->span.line, d->snippet);
	pad_to_column(out, d->snippet, d->span.column);
	uint32_t width = 1;
	if (d->span.end_line == d->span.line && d->span.end_column > d->span.column)
		width = d->span.end_column - d->span.column;
	if (color)
		buf_adds(out, sev_color(d->severity));
	buf_addch(out, '^');
	for (uint32_t i = 1; i < width && i < 400; i++)
		buf_addch(out, '~');
	if (color)
		buf_adds(out, "\033[0m");
	buf_addch(out, '\n');
}

void report_text_begin(const struct report_input *in, struct report_state *st, struct buf *out)
{
	(void)in, (void)st, (void)out;
}

void report_text_diags(const struct report_input *in, struct report_state *st, const struct diag *all,
		       size_t n, struct buf *out)
{
	for (size_t i = 0; i < n; i++) {
		const struct diag *d = &all[i];
		const struct rule_info *r = rule_info(d->rule);
		if (in->color)
			buf_adds(out, "\033[1m");
		report_location(out, d);
		if (in->color)
			buf_addf(out, "\033[0m%s%s\033[0m: ", sev_color(d->severity),
				 severity_name(d->severity));
		else
			buf_addf(out, "%s: ", severity_name(d->severity));
		buf_addf(out, "%s [%s %s]", d->message, r->id, r->slug);
		buf_adds(out, d->profile ? " (profile " : "\n");
		if (d->profile)
			buf_addf(out, "%s)\n", d->profile);
		snippet(out, d, in->color);
		if (d->help)
			buf_addf(out, "  help: %s\n", d->help);
		if (d->source)
			buf_addf(out, "  source%s: %s\n", d->source_secondary ? " (second-hand)" : "",
				 d->source);
	}
	st->written += n;
}

void report_text_end(const struct report_input *in, struct report_state *st, struct buf *out)
{
	const size_t *counts = in->counts;
	if (in->quiet)
		return;
	if (st->written)
		buf_addf(out, "%zu error%s, %zu warning%s, %zu info in %zu file%s", counts[SEV_ERROR],
			 counts[SEV_ERROR] == 1 ? "" : "s", counts[SEV_WARNING],
			 counts[SEV_WARNING] == 1 ? "" : "s", counts[SEV_INFO], in->nfiles,
			 in->nfiles == 1 ? "" : "s");
	else
		buf_addf(out, "no findings in %zu file%s", in->nfiles, in->nfiles == 1 ? "" : "s");
	if (in->nskipped)
		buf_addf(out, " (%zu more entr%s passed over by the walk; --verbose lists them)",
			 in->nskipped, in->nskipped == 1 ? "y" : "ies");
	buf_addch(out, '\n');
}

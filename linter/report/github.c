/*
 * github: GitHub Actions workflow commands, one per finding, which the runner turns
 * into annotations on the pull request's diff:
 *   ::error file=F,line=L,endLine=L,col=C,endColumn=C,title=RULE slug::message
 * (warning and notice too; info is notice). GitHub's escaping: in the message '%',
 * CR and LF; in property values also ':' and ','. The help follows the message on a
 * line of its own (an escaped LF), which the annotation shows.
 */
#include "diag.h"
#include "report.h"
#include "rule.h"
#include "util/buf.h"

static void escape(struct buf *out, const char *s, bool property)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '%':
			buf_adds(out, "%25");
			break;
		case '\r':
			buf_adds(out, "%0D");
			break;
		case '\n':
			buf_adds(out, "%0A");
			break;
		case ':':
			buf_adds(out, property ? "%3A" : ":");
			break;
		case ',':
			buf_adds(out, property ? "%2C" : ",");
			break;
		default:
			buf_addch(out, *s);
		}
	}
}

/* GitHub's three commands: error and warning as envlint names them, info as notice. */
static const char *command_of(enum severity sev)
{
	return sev == SEV_INFO ? "notice" : severity_name(sev);
}

void report_github_begin(const struct report_input *in, struct report_state *st, struct buf *out)
{
	(void)in, (void)st, (void)out;
}

void report_github_end(const struct report_input *in, struct report_state *st, struct buf *out)
{
	(void)in, (void)st, (void)out;
}

void report_github_diags(const struct report_input *in, struct report_state *st, const struct diag *all,
			 size_t n, struct buf *out)
{
	(void)in, (void)st;
	for (size_t i = 0; i < n; i++) {
		const struct diag *d = &all[i];
		const struct rule_info *r = rule_info(d->rule);
		buf_addf(out, "::%s ", command_of(d->severity));
		if (d->file) {
			const char *file = d->file;
			while (file[0] == '.' && file[1] == '/')
				file += 2;
			buf_adds(out, "file=");
			escape(out, file, true);
			buf_addch(out, ',');
		}
		if (d->span.line) {
			buf_addf(out, "line=%u,", d->span.line);
			if (d->span.end_line >= d->span.line)
				buf_addf(out, "endLine=%u,", d->span.end_line);
			buf_addf(out, "col=%u,", d->span.column);
			if (d->span.end_line == d->span.line && d->span.end_column > d->span.column)
				buf_addf(out, "endColumn=%u,", d->span.end_column);
		}
		buf_adds(out, "title=");
		escape(out, r->id, true);
		buf_addch(out, ' ');
		escape(out, r->slug, true);
		buf_adds(out, "::");
		escape(out, d->message, false);
		if (d->help) {
			buf_adds(out, "%0Ahelp: ");
			escape(out, d->help, false);
		}
		buf_addch(out, '\n');
	}
}

/*
 * gnu: `file:line:col: severity: message [RULE]` (the GNU Coding Standards' error format,
 * as gcc and ShellCheck -f gcc print it), with the help as a `note:` line at the same
 * location. Whole-file findings print `file: severity: ...`.
 */
#include <stdio.h>

#include "diag.h"
#include "report.h"
#include "util/buf.h"

void report_gnu_begin(const struct report_input *in, struct report_state *st, struct buf *out)
{
	(void)in, (void)st, (void)out;
}

void report_gnu_end(const struct report_input *in, struct report_state *st, struct buf *out)
{
	(void)in, (void)st, (void)out;
}

void report_gnu_diags(const struct report_input *in, struct report_state *st, const struct diag *all,
		      size_t n, struct buf *out)
{
	(void)in, (void)st;
	for (size_t i = 0; i < n; i++) {
		const struct diag *d = &all[i];
		report_location(out, d);
		buf_addf(out, "%s: %s [%s]", severity_name(d->severity), d->message, rule_info(d->rule)->id);
		/* --profile: which machine the finding is about. */
		buf_adds(out, d->profile ? " (profile " : "\n");
		if (d->profile)
			buf_addf(out, "%s)\n", d->profile);
		if (d->help) {
			report_location(out, d);
			buf_addf(out, "note: %s\n", d->help);
		}
	}
}

/*
 * report: the format table. --format looks names up here and --help lists them from
 * here, so the two never disagree.
 */
#include "report.h"

#include <string.h>

#include "diag.h"

#define FORMAT(name, summary)                                                                            \
	{                                                                                                \
#name, report_##name, report_##name##_begin, report_##name##_diags, report_##name##_end, \
			summary                                                                          \
	}

static const struct report_format FORMATS[] = {
	FORMAT(text, "for people: the source line, a caret, help and source (default)"),
	FORMAT(gnu, "file:line:col: severity: message [RULE], help as a note: line"),
	FORMAT(json, "one JSON object: diagnostics, targets and the files looked at"),
	FORMAT(sarif, "SARIF 2.1.0, for code scanning (GitHub, GitLab, IDEs)"),
	FORMAT(github, "GitHub Actions workflow commands: annotations on the pull request"),
};

void report_whole(const struct report_format *fmt, const struct report_input *in, struct buf *out)
{
	struct report_input all = *in;
	struct report_state st = { 0 };
	memset(all.counts, 0, sizeof(all.counts));
	for (size_t i = 0; i < in->diags->nr; i++)
		all.counts[in->diags->items[i].severity]++;
	fmt->begin(&all, &st, out);
	fmt->diags(&all, &st, in->diags->items, in->diags->nr, out);
	fmt->end(&all, &st, out);
}

/* The whole-document entry points, for callers that hold every finding (tests, kbgen,
 * the KB-problem report). */
#define WHOLE(name)                                                        \
	void report_##name(const struct report_input *in, struct buf *out) \
	{                                                                  \
		report_whole(report_format_lookup(#name), in, out);        \
	}
WHOLE(text)
WHOLE(gnu)
WHOLE(json)
WHOLE(sarif)
WHOLE(github)

const struct report_format *report_format_lookup(const char *name)
{
	for (size_t i = 0; i < sizeof(FORMATS) / sizeof(FORMATS[0]); i++)
		if (!strcmp(FORMATS[i].name, name))
			return &FORMATS[i];
	return NULL;
}

const struct report_format *report_formats(size_t *n)
{
	*n = sizeof(FORMATS) / sizeof(FORMATS[0]);
	return FORMATS;
}

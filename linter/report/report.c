/*
 * report: the format table. --format looks names up here and --help lists them from
 * here, so the two never disagree.
 */
#include "report.h"

#include <string.h>

static const struct report_format FORMATS[] = {
	{ "text", report_text, "for people: the source line, a caret, help and source (default)" },
	{ "gnu", report_gnu, "file:line:col: severity: message [RULE], help as a note: line" },
	{ "json", report_json, "one JSON object: diagnostics, targets and the files looked at" },
	{ "sarif", report_sarif, "SARIF 2.1.0, for code scanning (GitHub, GitLab, IDEs)" },
	{ "github", report_github, "GitHub Actions workflow commands: annotations on the pull request" },
};

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

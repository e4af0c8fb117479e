/*
 * location: the "where" prefix shared by the line-oriented formats (text, gnu), in the
 * GNU Coding Standards' shape. Kept apart from any one format so each can use it.
 */
#include "diag.h"
#include "report.h"
#include "util/buf.h"

void report_path(struct buf *out, const char *path)
{
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (*p == '\\')
			buf_adds(out, "\\\\");
		else if (*p == '\n')
			buf_adds(out, "\\n");
		else if (*p == '\t')
			buf_adds(out, "\\t");
		else if (*p == '\r')
			buf_adds(out, "\\r");
		else if (*p < 0x20 || *p == 0x7F)
			buf_addf(out, "\\x%02x", *p);
		else
			buf_addch(out, (char)*p);
	}
}

void report_location(struct buf *out, const struct diag *d)
{
	if (!d->file) {
		buf_adds(out, "envlint: ");
		return;
	}
	report_path(out, d->file);
	if (d->span.line)
		buf_addf(out, ":%u:%u: ", d->span.line, d->span.column);
	else
		buf_adds(out, ": ");
}

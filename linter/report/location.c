/*
 * location: the "where" prefix shared by the line-oriented formats (text, gnu), in the
 * GNU Coding Standards' shape. Kept apart from any one format so each can use it.
 */
#include "diag.h"
#include "report.h"
#include "util/buf.h"

void report_location(struct buf *out, const struct diag *d)
{
	if (!d->file)
		buf_adds(out, "envlint: ");
	else if (d->span.line)
		buf_addf(out, "%s:%u:%u: ", d->file, d->span.line, d->span.column);
	else
		buf_addf(out, "%s: ", d->file);
}

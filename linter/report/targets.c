/*
 * targets: the profiles a run checked, as JSON (json and sarif both name them, so a
 * reader of the output knows what "no findings" was measured against).
 */
#include "profile.h"
#include "report.h"
#include "util/buf.h"
#include "util/jsonw.h"

static void version_text(struct buf *out, const struct version *v)
{
	buf_addch(out, '"');
	for (unsigned i = 0; i < v->nrelease; i++)
		buf_addf(out, i ? ".%u" : "%u", v->release[i]);
	buf_addch(out, '"');
}

void report_targets_json(struct buf *out, const struct profile_list *profiles)
{
	buf_addch(out, '[');
	for (size_t p = 0; profiles && p < profiles->nr; p++) {
		const struct profile *prof = &profiles->items[p];
		buf_adds(out, p ? ", {\"name\": " : "{\"name\": ");
		jsonw_string(out, prof->base.name);
		buf_adds(out, ", \"gpus\": [");
		for (size_t g = 0; g < prof->ngpus; g++) {
			const struct profile_gpu *gpu = &prof->gpus[g];
			buf_adds(out, g ? ", {\"name\": " : "{\"name\": ");
			jsonw_string(out, gpu->gpu ? gpu->gpu->name : NULL);
			buf_adds(out, ", \"compute_capability\": ");
			version_text(out, &gpu->cc);
			buf_addch(out, '}');
		}
		buf_adds(out, "], \"driver\": ");
		jsonw_string(out, prof->base.has_driver ? prof->base.driver_text : NULL);
		buf_adds(out, ", \"cuda\": ");
		if (prof->base.has_cuda)
			version_text(out, &prof->base.cuda);
		else
			buf_adds(out, "null");
		buf_addf(out, ", \"os\": \"%s\"}", prof->base.os == KB_OS_WINDOWS ? "windows" : "linux");
	}
	buf_addch(out, ']');
}

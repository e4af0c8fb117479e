#include "suggest_write.h"

#include <string.h>

#include "suggest_answer.h"
#include "util/jsonw.h"

static const char *floor_name(enum floor_verdict fv)
{
	switch (fv) {
	case FLOOR_FULL:
		return "full";
	case FLOOR_MVC:
		return "minor-version-compatibility";
	case FLOOR_NONE:
	case FLOOR_UNKNOWN:
		break;
	}
	return NULL;
}

static void box_text(const struct profile *box, struct buf *out)
{
	for (size_t g = 0; g < box->ngpus; g++) {
		char gt[96];
		profile_gpu_text(box->gpus[g].gpu, &box->gpus[g].cc, false, gt, sizeof(gt));
		buf_addf(out, "%s%s", g ? ", " : "", gt);
	}
	if (!box->ngpus)
		buf_adds(out, "any GPU (kernels not checked)");
	if (box->base.has_driver) {
		char drv[32];
		version_format_driver(&box->base.driver, drv, sizeof(drv));
		buf_addf(out, "; driver %s", drv);
	} else {
		buf_adds(out, "; driver not given (not checked)");
	}
	buf_addf(out, " (%s)", box->base.os == KB_OS_WINDOWS ? "windows" : "linux");
}

/* "targets: BOX" for one target (" (profile NAME)" after a named one), else a line per
 * profile under "targets:". */
static void targets_text(const struct suggest *s, struct buf *out)
{
	if (s->nboxes == 1) {
		buf_adds(out, "targets: ");
		box_text(&s->boxes[0], out);
		if (s->boxes[0].base.name)
			buf_addf(out, " (profile %s)", s->boxes[0].base.name);
		buf_addch(out, '\n');
		return;
	}
	buf_adds(out, "targets:\n");
	for (size_t b = 0; b < s->nboxes; b++) {
		buf_addf(out, "  %s: ", s->boxes[b].base.name);
		box_text(&s->boxes[b], out);
		buf_addch(out, '\n');
	}
}

/* One reject's reasons in one line: the release's own, or each failing profile's
 * ("NAME: REASON; NAME: REASON" when there are several profiles). */
static void why_text(const struct suggest *s, const struct suggest_why *w, struct buf *out)
{
	if (w->common.len || s->nboxes == 1) {
		buf_adds(out, w->common.len ? w->common.buf : w->per[0].len ? w->per[0].buf : "");
		return;
	}
	size_t n = 0;
	for (size_t b = 0; b < s->nboxes; b++)
		if (w->per[b].len)
			buf_addf(out, "%s%s: %s", n++ ? "; " : "", s->boxes[b].base.name, w->per[b].buf);
}

void suggest_write_text(const struct suggest *s, const struct suggest_pick *p, bool found,
			const struct suggest_reject *rj, size_t nrj, struct buf *out)
{
	targets_text(s, out);
	if (found) {
		struct suggest_answer a;
		suggest_answer_fill(&a, s, p);
		buf_addf(out, "torch %s + %s (CUDA %s", a.torch, p->variant->name, a.cuda);
		if (a.cudnn[0])
			buf_addf(out, ", cuDNN %s", a.cudnn);
		buf_adds(out, ")");
		if (a.vision[0])
			buf_addf(out, ", torchvision %s", a.vision);
		if (a.audio[0])
			buf_addf(out, ", torchaudio %s", a.audio);
		if (a.pymin[0])
			buf_addf(out, ", Python %s to %s", a.pymin, a.pymax);
		buf_addch(out, '\n');
		if (!a.vision[0] && !a.audio[0])
			buf_adds(out,
				 "  note:    the KB knows no torchvision / torchaudio of this release\n");
		if (p->fallback) {
			char line[32] = "";
			if (s->has_torch)
				version_format(&s->torch, line, sizeof(line));
			buf_addf(out,
				 "  note:    no build%s%s the KB has first-hand runs on every target; "
				 "this is the newest that runs\n",
				 line[0] ? " of torch " : "", line);
		}
		const char *second = suggest_secondhand_text(p->rel, p->variant);
		if (second)
			buf_addf(out, "  note:    %s\n", second);
		bool gpus = false;
		for (size_t b = 0; b < s->nboxes; b++)
			gpus = gpus || s->boxes[b].ngpus;
		if (gpus) {
			buf_adds(out, "  kernels: ");
			suggest_arch_text(p->variant, out);
			buf_addch(out, '\n');
		}
		for (size_t b = 0; b < s->nboxes; b++) {
			const struct profile *box = &s->boxes[b];
			if (!box->base.has_driver)
				continue;
			char drv[32];
			version_format_driver(&box->base.driver, drv, sizeof(drv));
			enum floor_verdict fv =
				floor_of_minor(s->kb, &p->variant->cuda, &box->base.driver, box->base.os);
			buf_addf(out, "  driver:  %s%s%s runs CUDA %s %s\n",
				 s->nboxes > 1 ? box->base.name : "", s->nboxes > 1 ? ": " : "", drv, a.cuda,
				 fv == FLOOR_FULL ? "fully"
						  : "through minor-version compatibility (no PTX JIT; "
						    "features of the newer runtime may be missing)");
		}
		buf_addf(out, "  pip:     %s\n",
			 a.pip.len ? a.pip.buf : "(no PyTorch index URL the KB knows)");
		buf_addf(out, "  conda:   %s\n", a.conda.len ? a.conda.buf : a.conda_why.buf);
		buf_addf(out, "  docker:  %s\n",
			 a.has_image ? a.image : "(no pytorch/pytorch tag the KB knows for this build)");
		buf_addf(out, "  source:  %s\n",
			 p->variant->origin.source ? p->variant->origin.source : p->rel->origin.source);
		suggest_answer_release(&a);
	} else {
		buf_adds(out, "no torch build the KB knows runs on every target\n");
	}
	if (nrj)
		buf_addf(out, "%s:\n",
			 found ? "newer releases that do not fit" : "why each release does not fit");
	for (size_t i = 0; i < nrj; i++) {
		const struct suggest_why *w = &rj[i].why;
		if (s->nboxes == 1 || w->common.len) {
			buf_addf(out, "  torch %s: ", rj[i].torch);
			why_text(s, w, out);
			buf_addch(out, '\n');
			continue;
		}
		buf_addf(out, "  torch %s:\n", rj[i].torch);
		for (size_t b = 0; b < s->nboxes; b++)
			if (w->per[b].len)
				buf_addf(out, "    %s: %s\n", s->boxes[b].base.name, w->per[b].buf);
	}
}

static void json_opt(struct buf *out, const char *key, const char *value, bool comma)
{
	buf_addf(out, "%s\"%s\": ", comma ? ", " : "", key);
	jsonw_string(out, value && value[0] ? value : NULL);
}

/* A profile's "gpus", "driver" and "os" members. */
static void box_json(const struct profile *box, struct buf *out)
{
	buf_adds(out, "\"gpus\": [");
	for (size_t g = 0; g < box->ngpus; g++) {
		char cc[16];
		profile_sm_text(&box->gpus[g].cc, cc, sizeof(cc));
		buf_adds(out, g ? ", {" : "{");
		json_opt(out, "name", box->gpus[g].gpu ? box->gpus[g].gpu->name : NULL, false);
		json_opt(out, "cc", cc, true);
		buf_adds(out, "}");
	}
	char drv[32] = "";
	if (box->base.has_driver)
		version_format_driver(&box->base.driver, drv, sizeof(drv));
	buf_adds(out, "]");
	json_opt(out, "driver", drv, true);
	json_opt(out, "os", box->base.os == KB_OS_WINDOWS ? "windows" : "linux", true);
}

void suggest_write_json(const struct suggest *s, const struct suggest_pick *p, bool found,
			const struct suggest_reject *rj, size_t nrj, struct buf *out)
{
	if (s->nboxes == 1) {
		buf_adds(out, "{\"targets\": {");
		box_json(&s->boxes[0], out);
		buf_adds(out, "},\n \"profiles\": [");
	} else {
		buf_adds(out, "{\"profiles\": [");
	}
	for (size_t b = 0; b < s->nboxes; b++) {
		buf_adds(out, b ? ", {" : "{");
		json_opt(out, "name", s->boxes[b].base.name, false);
		buf_adds(out, ", ");
		box_json(&s->boxes[b], out);
		buf_adds(out, "}");
	}
	buf_adds(out, "],\n \"pick\": ");
	if (found) {
		struct suggest_answer a;
		suggest_answer_fill(&a, s, p);
		buf_adds(out, "{");
		json_opt(out, "torch", a.torch, false);
		json_opt(out, "variant", p->variant->name, true);
		json_opt(out, "cuda", a.cuda, true);
		json_opt(out, "cudnn", a.cudnn, true);
		json_opt(out, "torchvision", a.vision, true);
		json_opt(out, "torchaudio", a.audio, true);
		json_opt(out, "python_min", a.pymin, true);
		json_opt(out, "python_max", a.pymax, true);
		json_opt(out, "driver_runs", floor_name(p->floor), true);
		json_opt(out, "pip", a.pip.buf, true);
		json_opt(out, "conda", a.conda.buf, true);
		json_opt(out, "conda_why_not", a.conda.len ? NULL : a.conda_why.buf, true);
		json_opt(out, "image", a.has_image ? a.image : NULL, true);
		json_opt(out, "source",
			 p->variant->origin.source ? p->variant->origin.source : p->rel->origin.source, true);
		json_opt(out, "index_source", a.pip_source, true);
		/* Second-hand when the release or the build the answer names is. */
		buf_addf(out, ", \"secondary\": %s, \"fallback\": %s",
			 suggest_secondhand_text(p->rel, p->variant) ? "true" : "false",
			 p->fallback ? "true" : "false");
		buf_adds(out, "}");
		suggest_answer_release(&a);
	} else {
		buf_adds(out, "null");
	}
	buf_adds(out, ",\n \"rejected\": [");
	for (size_t i = 0; i < nrj; i++) {
		buf_adds(out, i ? ",\n  {" : "\n  {");
		json_opt(out, "torch", rj[i].torch, false);
		struct buf why = BUF_INIT;
		why_text(s, &rj[i].why, &why);
		json_opt(out, "why", why.buf, true);
		buf_release(&why);
		/* Several profiles: each failing one's reason on its own, for a tool to read. */
		if (s->nboxes > 1)
			buf_adds(out, ", \"why_by_profile\": [");
		for (size_t b = 0, n = 0; s->nboxes > 1 && b < s->nboxes && !rj[i].why.common.len; b++) {
			if (!rj[i].why.per[b].len)
				continue;
			buf_adds(out, n++ ? ", {" : "{");
			json_opt(out, "profile", s->boxes[b].base.name, false);
			json_opt(out, "why", rj[i].why.per[b].buf, true);
			buf_adds(out, "}");
		}
		buf_adds(out, s->nboxes > 1 ? "]}" : "}");
	}
	buf_adds(out, "]}\n");
}

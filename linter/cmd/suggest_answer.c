#include "suggest_answer.h"

#include <stdio.h>
#include <string.h>

/* The PyTorch index of the build, in the shape of images.yaml's `pytorch-index`
 * pattern (the URL is checked against it, so it is the KB's, not made up here). */
static bool index_url(const struct suggest *s, const struct kb_torch_variant *v, char *buf, size_t size,
		      struct kb_match *m)
{
	snprintf(buf, size, "https://download.pytorch.org/whl/%s", v->name);
	return kb_match(s->kb, KB_PAT_INDEX_URL, NULL, buf, m) && !strcmp(m->variant, v->name) &&
	       !strcmp(m->pattern, "pytorch-index");
}

static void pip_line(const struct suggest *s, const struct suggest_pick *p, struct buf *out,
		     const char **source)
{
	char t[32], url[128];
	struct kb_match m;
	const struct kb_torch_companion *c = kb_torch_companion(p->rel, &p->patch);
	*source = NULL;
	if (!index_url(s, p->variant, url, sizeof(url), &m))
		return;
	*source = m.origin.source;
	version_format(&p->patch, t, sizeof(t));
	buf_addf(out, "pip install torch==%s+%s", t, p->variant->name);
	if (c && c->has_torchvision) {
		version_format(&c->torchvision, t, sizeof(t));
		buf_addf(out, " torchvision==%s+%s", t, p->variant->name);
	}
	if (c && c->has_torchaudio) {
		version_format(&c->torchaudio, t, sizeof(t));
		buf_addf(out, " torchaudio==%s+%s", t, p->variant->name);
	}
	buf_addf(out, " --index-url %s", url);
}

/* The `pytorch` channel's build of the same CUDA X.Y (pytorch-cuda=X.Y, or cudatoolkit=
 * X.Y before 1.13), or why there is none. */
static bool conda_line(const struct suggest_pick *p, struct buf *out, struct buf *why)
{
	char t[32], cu[16];
	const struct kb_torch_release *rel = p->rel;
	if (!rel->conda_channel) {
		buf_adds(why, "this release is not on the pytorch conda channel");
		return false;
	}
	const char *meta = NULL, *channels = NULL;
	for (size_t i = 0; i < rel->npytorch_cuda && !meta; i++)
		if (!version_cmp_prefix(&rel->pytorch_cuda[i], &p->variant->cuda, 2)) {
			meta = "pytorch-cuda";
			channels = "-c pytorch -c nvidia";
		}
	for (size_t i = 0; i < rel->ncudatoolkit && !meta; i++)
		if (!version_cmp_prefix(&rel->cudatoolkit[i], &p->variant->cuda, 2)) {
			meta = "cudatoolkit";
			channels = "-c pytorch -c conda-forge";
		}
	version_format(&p->variant->cuda, cu, sizeof(cu));
	if (!meta) {
		buf_addf(why, "the pytorch conda channel has no CUDA %s build of this release", cu);
		return false;
	}
	const struct kb_torch_companion *c = kb_torch_companion(rel, &p->patch);
	version_format(&p->patch, t, sizeof(t));
	buf_addf(out, "conda install pytorch==%s", t);
	if (c && c->has_torchvision) {
		version_format(&c->torchvision, t, sizeof(t));
		buf_addf(out, " torchvision==%s", t);
	}
	if (c && c->has_torchaudio) {
		version_format(&c->torchaudio, t, sizeof(t));
		buf_addf(out, " torchaudio==%s", t);
	}
	buf_addf(out, " %s=%s %s", meta, cu, channels);
	return true;
}

/* pytorch/pytorch:<patch>-cudaX.Y-cudnnN-runtime, from the release's `images` (tag
 * middles) and only for the line's newest patch (older patches' tags are not all
 * known); the tag must parse as images.yaml's `pytorch-image` pattern. */
static bool image_tag(const struct suggest *s, const struct suggest_pick *p, char *buf, size_t size)
{
	const struct kb_torch_release *rel = p->rel;
	if (!rel->images || version_cmp(&p->patch, &rel->patches[rel->npatches - 1]))
		return false;
	char t[32];
	version_format(&p->patch, t, sizeof(t));
	for (const char *const *img = rel->images; *img; img++) {
		struct kb_match m;
		struct version cuda;
		snprintf(buf, size, "%s-%s-runtime", t, *img);
		if (kb_match(s->kb, KB_PAT_IMAGE_TAG, "pytorch/pytorch", buf, &m) &&
		    version_parse(&cuda, m.cuda, strlen(m.cuda)) &&
		    !version_cmp_prefix(&cuda, &p->variant->cuda, 2))
			return true;
	}
	return false;
}

void suggest_answer_fill(struct suggest_answer *self, const struct suggest *s, const struct suggest_pick *p)
{
	memset(self, 0, sizeof(*self));
	buf_init(&self->pip, 0);
	buf_init(&self->conda, 0);
	buf_init(&self->conda_why, 0);
	const struct kb_torch_companion *c = kb_torch_companion(p->rel, &p->patch);
	version_format(&p->patch, self->torch, sizeof(self->torch));
	version_format(&p->variant->cuda, self->cuda, sizeof(self->cuda));
	if (p->variant->has_cudnn)
		version_format(&p->variant->cudnn, self->cudnn, sizeof(self->cudnn));
	if (c && c->has_torchvision)
		version_format(&c->torchvision, self->vision, sizeof(self->vision));
	if (c && c->has_torchaudio)
		version_format(&c->torchaudio, self->audio, sizeof(self->audio));
	if (p->rel->has_python) {
		version_format(&p->rel->python_min, self->pymin, sizeof(self->pymin));
		version_format(&p->rel->python_max, self->pymax, sizeof(self->pymax));
	}
	pip_line(s, p, &self->pip, &self->pip_source);
	conda_line(p, &self->conda, &self->conda_why);
	char tag[128];
	if (image_tag(s, p, tag, sizeof(tag))) {
		self->has_image = true;
		snprintf(self->image, sizeof(self->image), "pytorch/pytorch:%s", tag);
	}
}

void suggest_answer_release(struct suggest_answer *self)
{
	buf_release(&self->pip);
	buf_release(&self->conda);
	buf_release(&self->conda_why);
}

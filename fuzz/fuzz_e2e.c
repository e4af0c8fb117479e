/* libFuzzer target for the whole pipeline: the same bytes as a requirements file, a
 * conda environment and a Dockerfile, through every reader, the analysis, every rule
 * (two profiles: a TITAN Xp box on R470, an sm_120 box on R570) and every output
 * format, streamed as a real run streams them. Nothing may crash, leak or hang. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "diag.h"
#include "kb/kb.h"
#include "policy.h"
#include "profile.h"
#include "report/report.h"
#include "run.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NFORMATS 8

static struct kb *kb;
static struct profile_list profiles = PROFILE_LIST_INIT;

struct sink {
	const struct report_format *formats;
	size_t n;
	struct report_input in;
	struct report_state state[NFORMATS];
	struct buf out;
};

static void setup_once(void)
{
	static const char *const titan[] = { "TITAN Xp" };
	static const char *const blackwell[] = { "sm_120" };
	struct diag_list diags = DIAG_LIST_INIT;
	struct profile p;
	char err[256];
	if (!kb_load_builtin(&kb, &diags))
		abort();
	if (!profile_from_options(&p, kb, titan, 1, "470.82.01", NULL, NULL, err, sizeof(err)))
		abort();
	profile_list_push(&profiles, &p);
	if (!profile_from_options(&p, kb, blackwell, 1, "570.133.07", "12.8", NULL, err, sizeof(err)))
		abort();
	profile_list_push(&profiles, &p);
	diag_list_release(&diags);
}

static void file_done(void *ctx, const struct diag *d, size_t n)
{
	struct sink *s = ctx;
	for (size_t f = 0; f < s->n; f++)
		s->formats[f].diags(&s->in, &s->state[f], d, n, &s->out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const NAMES[] = { "requirements.txt", "environment.yml", "Dockerfile" };
	if (!kb)
		setup_once();
	struct policy policy;
	struct run run;
	struct sink s = { NULL, 0, { .version = "fuzz", .kb_date = kb_date(kb), .color = true, .profiles = &profiles, .root = "/fuzz" },
			  { { 0 } }, BUF_INIT };
	s.formats = report_formats(&s.n);
	if (s.n > NFORMATS)
		s.n = NFORMATS;
	policy_init(&policy);
	run_init(&run, kb, &profiles, &policy);
	run.sink.file_done = file_done;
	run.sink.ctx = &s;
	for (size_t f = 0; f < s.n; f++)
		s.formats[f].begin(&s.in, &s.state[f], &s.out);
	for (size_t i = 0; i < sizeof(NAMES) / sizeof(NAMES[0]); i++)
		run_bytes(&run, NAMES[i], (const char *)data, size);
	run_finish(&run);
	s.in.files = run.files.items;
	s.in.nfiles = run.files.nr;
	for (size_t f = 0; f < s.n; f++)
		s.formats[f].end(&s.in, &s.state[f], &s.out);
	buf_release(&s.out);
	run_release(&run);
	policy_release(&policy);
	return 0;
}

/*
 * nvidia_smi: captured nvidia-smi output -> a profile. The captures this was written
 * against are in tests/nvidia-smi/ (NOTES.md says what each one exercises).
 *
 * The table is read by its boxes, not by column positions: column widths changed in
 * R530 and R550, so a GPU row is "| <index>  <name>  <On|Off|N/A|TCC|WDDM> |" in the
 * first cell of a line inside the box that opens with "| GPU  Name" and its "|===" rule.
 * The box ends at a line that is not part of a table (the blank line before
 * "MIG devices:" or "Processes:"), so MIG instance rows are never taken for GPUs.
 */
#include "nvidia_smi.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "profile_yaml.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* ------------------------------------------------------------------------- */
/* Lines and words */

struct line {
	const char *s;
	size_t n;
	uint32_t no; /* 1-based */
};

/* The next line of [*p, end), without its "\r\n"/"\n" and trailing blanks. */
static bool next_line(const char **p, const char *end, struct line *l)
{
	if (*p >= end)
		return false;
	const char *s = *p, *e = memchr(s, '\n', (size_t)(end - s));
	*p = e ? e + 1 : end;
	e = e ? e : end;
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	l->s = s;
	l->n = (size_t)(e - s);
	l->no++;
	return true;
}

static void copy_trim(char *out, size_t size, const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (n >= size)
		n = size - 1;
	/* Captured text reaches messages and YAML comments: no control characters. */
	for (size_t i = 0; i < n; i++)
		out[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7F ? '?' : s[i];
	out[n] = '\0';
}

static const char *find_in(const struct line *l, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= l->n; i++)
		if (!memcmp(l->s + i, needle, k))
			return l->s + i;
	return NULL;
}

/* The word after `label` on the line ("Driver Version: 535.129.03" -> "535.129.03"). */
static bool word_after(const struct line *l, const char *label, char *out, size_t size)
{
	const char *p = find_in(l, label);
	if (!p)
		return false;
	const char *end = l->s + l->n;
	p += strlen(label);
	while (p < end && *p == ' ')
		p++;
	const char *w = p;
	while (p < end && !isspace((unsigned char)*p) && *p != '|')
		p++;
	copy_trim(out, size, w, (size_t)(p - w));
	return out[0] != '\0';
}

/* ------------------------------------------------------------------------- */
/* The default table */

static bool is_persistence_word(const char *w, size_t n)
{
	static const char *const WORDS[] = { "On", "Off", "N/A", "TCC", "WDDM" };
	for (size_t i = 0; i < sizeof(WORDS) / sizeof(WORDS[0]); i++)
		if (strlen(WORDS[i]) == n && !memcmp(WORDS[i], w, n))
			return true;
	return false;
}

/* A GPU row's first cell: "   0  NVIDIA GeForce RTX 5090        Off ". */
static bool gpu_row(const struct line *l, struct nvidia_smi_gpu *g)
{
	if (!l->n || l->s[0] != '|')
		return false;
	const char *s = l->s + 1, *end = memchr(s, '|', l->n - 1);
	if (!end)
		return false;
	while (s < end && *s == ' ')
		s++;
	const char *d = s;
	while (s < end && isdigit((unsigned char)*s))
		s++;
	if (s == d || s == end || *s != ' ')
		return false;
	while (s < end && *s == ' ')
		s++;
	const char *e = end;
	while (e > s && e[-1] == ' ')
		e--;
	const char *w = e;
	while (w > s && w[-1] != ' ')
		w--;
	if (w <= s || !is_persistence_word(w, (size_t)(e - w)))
		return false;
	memset(g, 0, sizeof(*g));
	copy_trim(g->name, sizeof(g->name), s, (size_t)(w - s));
	if (!g->name[0])
		return false;
	size_t n = strlen(g->name);
	g->truncated = n > 3 && !strcmp(g->name + n - 3, "...");
	if (g->truncated)
		g->name[n - 3] = '\0';
	g->line = l->no;
	return true;
}

/* The last cell of a line ("|   Enabled |" -> "Enabled"). */
static void last_cell(const struct line *l, char *out, size_t size)
{
	out[0] = '\0';
	if (l->n < 2 || l->s[l->n - 1] != '|')
		return;
	const char *e = l->s + l->n - 1, *b = e;
	while (b > l->s && b[-1] != '|')
		b--;
	copy_trim(out, size, b, (size_t)(e - b));
}

static bool parse_table(struct nvidia_smi *self, const char *text, size_t len, char *err, size_t errsize)
{
	const char *p = text, *end = text + len;
	struct line l = { NULL, 0, 0 };
	enum { OUTSIDE, HEADER, GPUS } state = OUTSIDE;
	uint32_t since_row = 0;
	while (next_line(&p, end, &l)) {
		if (find_in(&l, "NVIDIA-SMI ")) {
			word_after(&l, "NVIDIA-SMI ", self->smi_version, sizeof(self->smi_version));
			/* R610+: "KMD Version" / "CUDA UMD Version"; before: "Driver" / "CUDA". */
			if (word_after(&l, "Driver Version:", self->driver, sizeof(self->driver)) ||
			    word_after(&l, "KMD Version:", self->driver, sizeof(self->driver)))
				self->driver_line = l.no;
			if (!word_after(&l, "CUDA UMD Version:", self->driver_cuda,
					sizeof(self->driver_cuda)))
				word_after(&l, "CUDA Version:", self->driver_cuda, sizeof(self->driver_cuda));
			continue;
		}
		if (find_in(&l, "TCC/WDDM"))
			self->windows = true;
		if (l.n > 10 && !strncmp(l.s, "| GPU  Name", 11)) {
			state = HEADER;
			continue;
		}
		if (state == HEADER && l.n > 2 && !strncmp(l.s, "|==", 3)) {
			state = GPUS;
			continue;
		}
		if (state != GPUS)
			continue;
		if (!l.n || (l.s[0] != '|' && l.s[0] != '+') || find_in(&l, "MIG devices:") ||
		    find_in(&l, "Processes:")) {
			state = OUTSIDE;
			continue;
		}
		struct nvidia_smi_gpu g;
		if (gpu_row(&l, &g)) {
			if (self->ngpus == NVIDIA_SMI_MAX_GPUS) {
				snprintf(err, errsize, "line %u: more than %d GPUs", l.no,
					 NVIDIA_SMI_MAX_GPUS);
				return false;
			}
			self->gpus[self->ngpus++] = g;
			since_row = 0;
			continue;
		}
		/* The third line of a GPU's box ends with its MIG mode. */
		if (self->ngpus && ++since_row == 2) {
			char cell[32];
			last_cell(&l, cell, sizeof(cell));
			self->gpus[self->ngpus - 1].mig = !strcmp(cell, "Enabled");
		}
	}
	if (!self->ngpus) {
		snprintf(err, errsize, "no GPU rows in the nvidia-smi table (is the 'GPU  Name' box there?)");
		return false;
	}
	return true;
}

/* ------------------------------------------------------------------------- */
/* nvidia-smi -L */

static bool parse_list(struct nvidia_smi *self, const char *text, size_t len, char *err, size_t errsize)
{
	const char *p = text, *end = text + len;
	struct line l = { NULL, 0, 0 };
	while (next_line(&p, end, &l)) {
		if (l.n < 4 || strncmp(l.s, "GPU ", 4))
			continue; /* blank, or an indented "MIG ..." instance line */
		const char *colon = memchr(l.s, ':', l.n);
		const char *uuid = find_in(&l, " (UUID:");
		if (!colon || !uuid || uuid < colon)
			continue;
		if (self->ngpus == NVIDIA_SMI_MAX_GPUS) {
			snprintf(err, errsize, "line %u: more than %d GPUs", l.no, NVIDIA_SMI_MAX_GPUS);
			return false;
		}
		struct nvidia_smi_gpu *g = &self->gpus[self->ngpus++];
		memset(g, 0, sizeof(*g));
		copy_trim(g->name, sizeof(g->name), colon + 1, (size_t)(uuid - colon - 1));
		g->line = l.no;
	}
	return true;
}

/* ------------------------------------------------------------------------- */
/* --query-gpu=... --format=csv */

#define CSV_MAX_COLUMNS 32

/* Splits a CSV line at commas into trimmed fields (nvidia-smi never quotes). */
static size_t csv_fields(const struct line *l, char fields[][NVIDIA_SMI_MAX_TEXT], size_t max)
{
	size_t n = 0;
	const char *s = l->s, *end = l->s + l->n;
	while (n < max) {
		const char *c = memchr(s, ',', (size_t)(end - s));
		const char *e = c ? c : end;
		copy_trim(fields[n++], NVIDIA_SMI_MAX_TEXT, s, (size_t)(e - s));
		if (!c)
			break;
		s = c + 1;
	}
	return n;
}

/* A header column without its unit: "memory.total [MiB]" -> "memory.total". */
static int column_of(char header[][NVIDIA_SMI_MAX_TEXT], size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++) {
		size_t k = strcspn(header[i], " [");
		if (k == strlen(name) && !strncmp(header[i], name, k))
			return (int)i;
	}
	return -1;
}

static bool csv_value(const char *v)
{
	return v[0] && strcmp(v, "[N/A]") && strcmp(v, "N/A") && strcmp(v, "[Not Supported]");
}

static bool parse_csv(struct nvidia_smi *self, const char *text, size_t len, char *err, size_t errsize)
{
	const char *p = text, *end = text + len;
	struct line l = { NULL, 0, 0 };
	char header[CSV_MAX_COLUMNS][NVIDIA_SMI_MAX_TEXT];
	char row[CSV_MAX_COLUMNS][NVIDIA_SMI_MAX_TEXT];
	size_t ncols = 0;
	int name = -1, driver = -1, cc = -1;
	while (next_line(&p, end, &l)) {
		if (!l.n)
			continue;
		if (!ncols) {
			ncols = csv_fields(&l, header, CSV_MAX_COLUMNS);
			name = column_of(header, ncols, "name");
			driver = column_of(header, ncols, "driver_version");
			cc = column_of(header, ncols, "compute_cap");
			if (name < 0 && cc < 0) {
				snprintf(err, errsize,
					 "line %u: the CSV header names neither 'name' nor "
					 "'compute_cap' (run nvidia-smi --query-gpu=name,driver_version,"
					 "compute_cap --format=csv)",
					 l.no);
				return false;
			}
			continue;
		}
		size_t n = csv_fields(&l, row, CSV_MAX_COLUMNS);
		if (n != ncols) {
			snprintf(err, errsize, "line %u: %zu values under a header of %zu columns", l.no, n,
				 ncols);
			return false;
		}
		if (self->ngpus == NVIDIA_SMI_MAX_GPUS) {
			snprintf(err, errsize, "line %u: more than %d GPUs", l.no, NVIDIA_SMI_MAX_GPUS);
			return false;
		}
		struct nvidia_smi_gpu *g = &self->gpus[self->ngpus++];
		memset(g, 0, sizeof(*g));
		g->line = l.no;
		if (name >= 0 && csv_value(row[name]))
			snprintf(g->name, sizeof(g->name), "%s", row[name]);
		if (cc >= 0 && csv_value(row[cc])) {
			if (!kb_parse_cc(row[cc], &g->cc)) {
				snprintf(err, errsize, "line %u: compute_cap '%s' does not parse", l.no,
					 row[cc]);
				return false;
			}
			g->has_cc = true;
		}
		if (!g->name[0] && !g->has_cc) {
			snprintf(err, errsize, "line %u: a GPU with neither a name nor a compute_cap", l.no);
			return false;
		}
		if (driver >= 0 && csv_value(row[driver]) && !self->driver[0]) {
			snprintf(self->driver, sizeof(self->driver), "%s", row[driver]);
			self->driver_line = l.no;
		}
	}
	return true;
}

/* The form of a capture, from its first non-blank line. */
static bool detect_form(const char *text, size_t len, enum nvidia_smi_form *form)
{
	const char *p = text, *end = text + len;
	struct line l = { NULL, 0, 0 };
	while (next_line(&p, end, &l)) {
		const char *s = l.s;
		size_t n = l.n;
		while (n && isspace((unsigned char)*s))
			s++, n--;
		if (!n)
			continue;
		if (find_in(&l, "NVIDIA-SMI ") || *s == '+' || *s == '|' || find_in(&l, "| GPU  Name")) {
			*form = NVIDIA_SMI_TABLE;
			return true;
		}
		if (n > 4 && !strncmp(s, "GPU ", 4) && find_in(&l, "(UUID:")) {
			*form = NVIDIA_SMI_LIST;
			return true;
		}
		if (find_in(&l, "name") || find_in(&l, "compute_cap") || find_in(&l, "driver_version") ||
		    memchr(s, ',', n)) {
			*form = NVIDIA_SMI_CSV;
			return true;
		}
		/* A timestamp line ("Thu Sep 23 12:42:56 2021") comes before the table. */
		if (find_in(&l, ":"))
			continue;
		return false;
	}
	return false;
}

bool nvidia_smi_parse(struct nvidia_smi *self, const char *text, size_t len, char *err, size_t errsize)
{
	memset(self, 0, sizeof(*self));
	const char *nul = memchr(text, '\0', len);
	if (nul)
		len = (size_t)(nul - text);
	if (!detect_form(text, len, &self->form)) {
		snprintf(err, errsize,
			 "not nvidia-smi output envlint reads (the default table, "
			 "--query-gpu=name,driver_version,compute_cap --format=csv, or -L)");
		return false;
	}
	bool ok = self->form == NVIDIA_SMI_TABLE  ? parse_table(self, text, len, err, errsize)
		  : self->form == NVIDIA_SMI_LIST ? parse_list(self, text, len, err, errsize)
						  : parse_csv(self, text, len, err, errsize);
	if (ok && !self->ngpus) {
		snprintf(err, errsize, "no GPU in the nvidia-smi output");
		ok = false;
	}
	return ok;
}

/* ------------------------------------------------------------------------- */
/* Resolving through the KB */

static bool starts_with_nocase(const char *s, const char *prefix)
{
	return !strncasecmp(s, prefix, strlen(prefix));
}

static bool gpu_has_prefix(const struct kb_gpu *g, const char *prefix)
{
	if (starts_with_nocase(g->name, prefix))
		return true;
	for (const char *const *s = g->smi; s && *s; s++)
		if (starts_with_nocase(*s, prefix))
			return true;
	return false;
}

/* A name the table cut short: the one KB GPU it can be, or one compute capability
 * shared by all it can be (then *gpu stays NULL and `note` lists them). */
static bool resolve_truncated(const struct kb *kb, const struct nvidia_smi_gpu *g, const char *file,
			      struct profile_gpu *out, struct buf *note, char *err, size_t errsize)
{
	const struct kb_gpu *first = NULL;
	size_t n = 0;
	bool same_cc = true;
	for (size_t i = 0; i < kb_gpu_count(kb); i++) {
		const struct kb_gpu *k = kb_gpu_at(kb, i);
		if (!gpu_has_prefix(k, g->name))
			continue;
		if (!first)
			first = k;
		else if (version_cmp(&first->cc, &k->cc))
			same_cc = false;
		if (n < 4)
			buf_addf(note, "%s%s", n ? ", " : "", k->name);
		n++;
	}
	if (n == 1) {
		out->gpu = first;
		out->cc = first->cc;
		buf_reset(note);
		buf_addf(note, "nvidia-smi cut the name: '%s...'", g->name);
		return true;
	}
	if (n && same_cc) {
		out->cc = first->cc;
		char list[512];
		snprintf(list, sizeof(list), "%s", note->buf);
		buf_reset(note);
		buf_addf(note,
			 "nvidia-smi cut the name: '%s...' is one of %s%s (all this compute capability)",
			 g->name, list, n > 4 ? ", ..." : "");
		return true;
	}
	snprintf(err, errsize,
		 "%s:%u: GPU name '%s...' was cut short by nvidia-smi's table%s; run "
		 "nvidia-smi --query-gpu=name,driver_version,compute_cap --format=csv and read that "
		 "instead",
		 file, g->line, g->name,
		 n ? " and fits GPUs of different compute capabilities" : " and fits no GPU envlint knows");
	return false;
}

static bool resolve_gpu(const struct kb *kb, const struct nvidia_smi_gpu *g, const char *file,
			struct profile_gpu *out, struct buf *note, char *err, size_t errsize)
{
	memset(out, 0, sizeof(*out));
	if (g->truncated)
		return resolve_truncated(kb, g, file, out, note, err, errsize);
	if (!g->name[0]) {
		out->cc = g->cc;
		return true;
	}
	struct target t;
	char why[1024] = "";
	if (!target_from_options(&t, kb, g->name, NULL, NULL, NULL, why, sizeof(why))) {
		char cc[32] = "";
		if (g->has_cc)
			snprintf(cc, sizeof(cc), "%u.%u", g->cc.release[0],
				 g->cc.nrelease > 1 ? g->cc.release[1] : 0);
		snprintf(err, errsize, "%s:%u: %s%s%s%s", file, g->line, why,
			 cc[0] ? " (its compute_cap here is " : "", cc, cc[0] ? ": gpus: [\"" : "");
		if (cc[0]) {
			size_t n = strlen(err);
			snprintf(err + n, errsize - n, "%s\"] says as much)", cc);
		}
		return false;
	}
	out->gpu = t.gpu;
	out->cc = t.cc;
	/* The machine's own report beats a KB entry whose CC may be inferred: say so. */
	if (g->has_cc && version_cmp_prefix(&g->cc, &t.cc, 2))
		buf_addf(note, "nvidia-smi reports compute_cap %u.%u; the knowledge base has %u.%u for it",
			 g->cc.release[0], g->cc.nrelease > 1 ? g->cc.release[1] : 0, t.cc.release[0],
			 t.cc.nrelease > 1 ? t.cc.release[1] : 0);
	return true;
}

static bool same_gpu(const struct profile_gpu *a, const struct profile_gpu *b)
{
	return a->gpu == b->gpu && !version_cmp(&a->cc, &b->cc);
}

bool nvidia_smi_profile(const struct nvidia_smi *self, const struct kb *kb, const char *file,
			struct profile *out, char **gpu_notes, struct buf *notes, char *err, size_t errsize)
{
	memset(out, 0, sizeof(*out));
	out->gpus = xcalloc(self->ngpus, sizeof(*out->gpus));
	bool jetson = false;
	for (size_t i = 0; i < self->ngpus; i++) {
		struct profile_gpu g;
		struct buf note = BUF_INIT;
		if (!resolve_gpu(kb, &self->gpus[i], file, &g, &note, err, errsize)) {
			buf_release(&note);
			for (size_t k = 0; k < out->ngpus; k++)
				free(gpu_notes[k]);
			profile_release(out);
			return false;
		}
		jetson = jetson || (g.gpu && g.gpu->segment && !strcmp(g.gpu->segment, "jetson"));
		size_t k = 0;
		while (k < out->ngpus && !same_gpu(&out->gpus[k], &g))
			k++;
		if (k < out->ngpus) {
			/* A second card of the same model adds no target; its MIG mode is noted. */
			buf_release(&note);
			if (self->gpus[i].mig) {
				buf_addf(&note, "%s%sMIG enabled on line %u",
					 gpu_notes[k] ? gpu_notes[k] : "", gpu_notes[k] ? "; " : "",
					 self->gpus[i].line);
				free(gpu_notes[k]);
				gpu_notes[k] = buf_detach(&note, NULL);
			}
			continue;
		}
		if (self->gpus[i].mig)
			buf_addf(&note, "%sMIG enabled on line %u", note.len ? "; " : "", self->gpus[i].line);
		out->gpus[out->ngpus] = g;
		gpu_notes[out->ngpus] = note.len ? buf_detach(&note, NULL) : NULL;
		buf_release(&note);
		out->ngpus++;
	}
	const char *os = self->windows ? "windows" : "linux";
	out->platform = self->windows ? PROFILE_PLATFORM_WINDOWS_X86_64
			: jetson      ? PROFILE_PLATFORM_LINUX_AARCH64
				      : PROFILE_PLATFORM_LINUX_X86_64;
	const char *driver = self->driver[0] ? self->driver : NULL;
	if (driver && jetson) {
		buf_addf(notes,
			 "# driver %s left out: a Jetson's L4T driver is no desktop branch, so the "
			 "driver rules cannot judge it\n",
			 driver);
		driver = NULL;
	}
	if (driver)
		out->own_driver = xstrdup(driver);
	char why[1024] = "";
	if (!target_from_options(&out->base, kb, NULL, out->own_driver, NULL, os, why, sizeof(why))) {
		snprintf(err, errsize, "%s:%u: %s", file, self->driver_line, why);
		for (size_t k = 0; k < out->ngpus; k++)
			free(gpu_notes[k]);
		profile_release(out);
		return false;
	}
	if (self->smi_version[0] && self->driver[0] && strcmp(self->smi_version, self->driver) && !jetson)
		buf_addf(notes,
			 "# the nvidia-smi tool is %s, the driver %s: the driver is what counts "
			 "(a container can bring its own nvidia-smi)\n",
			 self->smi_version, self->driver);
	struct version level;
	if (self->driver_cuda[0] && version_parse_cuda(&level, self->driver_cuda, strlen(self->driver_cuda)))
		buf_addf(notes,
			 "# nvidia-smi's CUDA version %s is the highest CUDA the driver runs, not "
			 "an installed toolkit: add cuda: only for a system CUDA (nvcc)\n",
			 self->driver_cuda);
	if (!self->windows && !jetson)
		buf_adds(notes, "# nvidia-smi does not print the CPU: on an Arm host (Grace) set "
				"platform: linux-aarch64\n");
	if (self->form == NVIDIA_SMI_LIST)
		buf_adds(notes,
			 "# nvidia-smi -L prints no driver: add driver: as 'Driver Version' shows it\n");
	char name[256];
	profile_default_name(out, name, sizeof(name));
	out->own_name = xstrdup(name);
	out->base.name = out->own_name;
	return true;
}

bool nvidia_smi_write(const struct nvidia_smi *self, const struct kb *kb, const char *file, struct buf *out,
		      char *err, size_t errsize)
{
	static const char *const FORMS[] = {
		[NVIDIA_SMI_TABLE] = "table",
		[NVIDIA_SMI_CSV] = "--query-gpu CSV",
		[NVIDIA_SMI_LIST] = "-L list",
	};
	struct profile prof;
	char **notes = xcalloc(self->ngpus, sizeof(*notes));
	struct buf head = BUF_INIT;
	bool ok = nvidia_smi_profile(self, kb, file, &prof, notes, &head, err, errsize);
	if (ok) {
		buf_addf(out, "# envlint profile --from-nvidia-smi %s (nvidia-smi %s)\n", file,
			 FORMS[self->form]);
		buf_add(out, head.buf, head.len);
		profile_yaml_write(&prof, (const char *const *)notes, out);
		for (size_t i = 0; i < prof.ngpus; i++)
			free(notes[i]);
		profile_release(&prof);
	}
	free(notes);
	buf_release(&head);
	return ok;
}

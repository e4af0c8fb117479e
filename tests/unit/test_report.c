/*
 * Unit tests for linter/report/ (text.c, gnu.c, json.c): each format over a hand-built
 * diag_list, compared with the exact expected output. The JSON output is also run
 * through a small strict JSON checker (RFC 8259: structure, escapes, no raw control
 * bytes, valid UTF-8), so escaping is tested by "it parses", not only by bytes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "report/report.h"
#include "util/buf.h"
#include "util/xalloc.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define JSON_MAX_DEPTH 32

#define MSG_DRV101 "CUDA '12.1' (wheel variant 'cu121' of 'torch') needs driver >= 530.30.02"
#define HELP_DRV101 "install driver >= 530.30.02 (R530)"
#define SOURCE_RN "https://docs.nvidia.com/cuda/cuda-toolkit-release-notes/index.html"

static struct span at(uint32_t line, uint32_t col, uint32_t end_line, uint32_t end_col)
{
	struct span s = { line, col, end_line, end_col, 0, 0 };
	return s;
}

static void set_snippet(struct diag *d, const char *snippet)
{
	free(d->snippet);
	d->snippet = xstrdup(snippet);
}

static const struct run_file ONE_FILE[] = {
	{ "requirements.txt", "requirements", NULL },
};

static const struct run_file THREE_FILES[] = {
	{ "requirements.txt", "requirements", NULL },
	{ "environment.yml", "conda", NULL },
	{ "gone.txt", "unknown", "cannot open 'gone.txt': No such file or directory" },
};

static struct report_input input(const struct diag_list *diags, const struct run_file *files,
				 size_t nfiles, bool color)
{
	struct report_input in = { .diags = diags, .files = files, .nfiles = nfiles, .version = "0.1.0",
				   .kb_date = "2026-11-25", .color = color };
	return in;
}


static void assert_output(report_fn fn, const struct report_input *in, const char *want)
{
	struct buf out = BUF_INIT;
	fn(in, &out);
	assert_false(out.overflow);
	assert_string_equal(want, out.buf);
	buf_release(&out);
}

/* The list every format is shown: a finding with help and source, a whole-file one,
 * a run-level one (no file) and an info without help. */
static void mixed_list(struct diag_list *l)
{
	struct diag *d = diag_add(l, RULE_DRV101, "requirements.txt", at(2, 6, 2, 19), HELP_DRV101,
				  "%s", MSG_DRV101);
	diag_set_source(d, SOURCE_RN, false);
	diag_add(l, RULE_EL002, "environment.yml", span_none(), NULL,
		 "did not find expected key while parsing a block mapping at 3:1");
	diag_add(l, RULE_EL009, NULL, span_none(), "check the --kb directory", "cuda.yaml is missing");
	diag_add(l, RULE_PIN402, "environment.yml", at(4, 17, 4, 22), NULL,
		 "CUDA '12.7' is not in the knowledge base");
}

/* ------------------------------------------------------------------------- */
/* A strict JSON checker: true if [s, end) is exactly one JSON value. */

struct jp {
	const char *p, *end;
	int depth;
};

static bool j_value(struct jp *j);

static void j_ws(struct jp *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\n' || *j->p == '\r' || *j->p == '\t'))
		j->p++;
}

static bool j_lit(struct jp *j, const char *lit)
{
	size_t n = strlen(lit);
	if ((size_t)(j->end - j->p) < n || memcmp(j->p, lit, n))
		return false;
	j->p += n;
	return true;
}

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* One UTF-8 sequence at p (RFC 3629: shortest form, no surrogates); its length or 0. */
static size_t utf8_seq(const unsigned char *p, const unsigned char *end)
{
	size_t n = p[0] < 0x80 ? 1 : (p[0] & 0xE0) == 0xC0 ? 2 : (p[0] & 0xF0) == 0xE0 ? 3
		   : (p[0] & 0xF8) == 0xF0 ? 4 : 0;
	if (!n || (size_t)(end - p) < n)
		return 0;
	uint32_t cp = n == 1 ? p[0] : p[0] & (0x7Fu >> n);
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3Fu);
	}
	static const uint32_t min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	if (cp < min[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

static bool j_string(struct jp *j)
{
	if (!j_lit(j, "\""))
		return false;
	while (j->p < j->end && *j->p != '"') {
		unsigned char c = (unsigned char)*j->p;
		if (c < 0x20)
			return false;
		if (c == '\\') {
			j->p++;
			if (j->p >= j->end)
				return false;
			if (*j->p == 'u') {
				for (int i = 1; i <= 4; i++)
					if (j->p + i >= j->end || !is_hex(j->p[i]))
						return false;
				j->p += 5;
			} else if (strchr("\"\\/bfnrt", *j->p) && *j->p) {
				j->p++;
			} else {
				return false;
			}
			continue;
		}
		size_t n = utf8_seq((const unsigned char *)j->p, (const unsigned char *)j->end);
		if (!n)
			return false;
		j->p += n;
	}
	return j_lit(j, "\"");
}

static bool j_number(struct jp *j)
{
	const char *start = j->p;
	if (j->p < j->end && *j->p == '-')
		j->p++;
	if (j->p >= j->end || *j->p < '0' || *j->p > '9')
		return false;
	if (*j->p == '0' && j->p + 1 < j->end && j->p[1] >= '0' && j->p[1] <= '9')
		return false;
	while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
		j->p++;
	return j->p > start;
}

static bool j_members(struct jp *j, char close, bool object)
{
	if (++j->depth > JSON_MAX_DEPTH)
		return false;
	j->p++;
	j_ws(j);
	if (j->p < j->end && *j->p == close) {
		j->p++;
		j->depth--;
		return true;
	}
	for (;;) {
		j_ws(j);
		if (object) {
			if (!j_string(j))
				return false;
			j_ws(j);
			if (!j_lit(j, ":"))
				return false;
		}
		if (!j_value(j))
			return false;
		j_ws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		if (j->p < j->end && *j->p == close) {
			j->p++;
			j->depth--;
			return true;
		}
		return false;
	}
}

static bool j_value(struct jp *j)
{
	j_ws(j);
	if (j->p >= j->end)
		return false;
	switch (*j->p) {
	case '{':
		return j_members(j, '}', true);
	case '[':
		return j_members(j, ']', false);
	case '"':
		return j_string(j);
	case 't':
		return j_lit(j, "true");
	case 'f':
		return j_lit(j, "false");
	case 'n':
		return j_lit(j, "null");
	default:
		return j_number(j);
	}
}

static bool json_valid(const char *s, size_t len)
{
	struct jp j = { s, s + len, 0 };
	if (!j_value(&j))
		return false;
	j_ws(&j);
	return j.p == j.end;
}

/* The checker itself: it must refuse what it is there to catch. */
static void json_checker_refuses_bad_json(void **state)
{
	static const char *const good[] = {
		"{}", "[]", "{\"a\": [1, -2, null, true, false, \"\\u00e9\\n\"]}\n", "\"\xc3\xa9\"",
	};
	static const char *const bad[] = {
		"", "{", "{\"a\"}", "[1,]", "\"a\nb\"", "\"\x01\"", "\"\xff\"", "\"\xc3\"", "\"\\x41\"",
		"\"\\u12\"", "{} {}", "01", "\"\xed\xa0\x80\"",
	};
	for (size_t i = 0; i < ARRAY_LEN(good); i++)
		if (!json_valid(good[i], strlen(good[i])))
			fail_msg("refused valid JSON %s", good[i]);
	for (size_t i = 0; i < ARRAY_LEN(bad); i++)
		if (json_valid(bad[i], strlen(bad[i])))
			fail_msg("accepted invalid JSON case %zu", i);
}

/* ------------------------------------------------------------------------- */
/* gnu */

static void gnu_lines(void **state)
{
	struct diag_list l = DIAG_LIST_INIT;
	mixed_list(&l);
	struct report_input in = input(&l, THREE_FILES, ARRAY_LEN(THREE_FILES), false);
	assert_output(report_gnu, &in,
		      "requirements.txt:2:6: error: " MSG_DRV101 " [DRV101]\n"
		      "requirements.txt:2:6: note: " HELP_DRV101 "\n"
		      "environment.yml: error: did not find expected key while parsing a block mapping "
		      "at 3:1 [EL002]\n"
		      "envlint: error: cuda.yaml is missing [EL009]\n"
		      "envlint: note: check the --kb directory\n"
		      "environment.yml:4:17: info: CUDA '12.7' is not in the knowledge base [PIN402]\n");
	diag_list_release(&l);
}

/* The severity printed is the diag's (after config overrides), not the rule's default. */
static void gnu_severity_from_diag(void **state)
{
	struct diag_list l = DIAG_LIST_INIT;
	struct diag *d = diag_add(&l, RULE_DRV102, "Dockerfile", at(1, 18, 1, 48), NULL, "m");
	d->severity = SEV_ERROR;
	struct report_input in = input(&l, NULL, 0, false);
	assert_output(report_gnu, &in, "Dockerfile:1:18: error: m [DRV102]\n");
	diag_list_release(&l);
}

static void gnu_empty(void **state)
{
	struct diag_list l = DIAG_LIST_INIT;
	struct report_input in = input(&l, ONE_FILE, ARRAY_LEN(ONE_FILE), false);
	assert_output(report_gnu, &in, "");
}

/* ------------------------------------------------------------------------- */
/* json */

static void assert_json(const struct report_input *in, const char *want)
{
	struct buf out = BUF_INIT;
	report_json(in, &out);
	if (!json_valid(out.buf, out.len))
		fail_msg("report_json output does not parse:\n%s", out.buf);
	assert_string_equal(want, out.buf);
	buf_release(&out);
}

static void json_document(void **state)
{
	struct diag_list l = DIAG_LIST_INIT;
	mixed_list(&l);
	l.items[3].profile = "lab-titan";
	struct report_input in = input(&l, THREE_FILES, ARRAY_LEN(THREE_FILES), true);
	assert_json(&in,
		    "{\"envlint\": \"0.1.0\", \"kb\": \"2026-11-25\", \"targets\": [],\n"
		    " \"diagnostics\": [\n"
		    "  {\"rule\": \"DRV101\", \"slug\": \"cuda-needs-newer-driver\", \"severity\": \"error\", "
		    "\"file\": \"requirements.txt\", \"line\": 2, \"column\": 6, \"end_line\": 2, "
		    "\"end_column\": 19, \"message\": \"" MSG_DRV101 "\", \"help\": \"" HELP_DRV101 "\", "
		    "\"source\": \"" SOURCE_RN "\", \"source_status\": \"ok\", \"profile\": null},\n"
		    "  {\"rule\": \"EL002\", \"slug\": \"invalid-yaml\", \"severity\": \"error\", "
		    "\"file\": \"environment.yml\", \"line\": null, \"column\": null, \"end_line\": null, "
		    "\"end_column\": null, \"message\": \"did not find expected key while parsing a block "
		    "mapping at 3:1\", \"help\": null, \"source\": null, \"source_status\": null, \"profile\": null},\n"
		    "  {\"rule\": \"EL009\", \"slug\": \"invalid-knowledge-base\", \"severity\": \"error\", "
		    "\"file\": null, \"line\": null, \"column\": null, \"end_line\": null, "
		    "\"end_column\": null, \"message\": \"cuda.yaml is missing\", \"help\": \"check the --kb "
		    "directory\", \"source\": null, \"source_status\": null, \"profile\": null},\n"
		    "  {\"rule\": \"PIN402\", \"slug\": \"version-unknown-to-kb\", \"severity\": \"info\", "
		    "\"file\": \"environment.yml\", \"line\": 4, \"column\": 17, \"end_line\": 4, "
		    "\"end_column\": 22, \"message\": \"CUDA '12.7' is not in the knowledge base\", "
		    "\"help\": null, \"source\": null, \"source_status\": null, \"profile\": \"lab-titan\"}\n"
		    " ],\n"
		    " \"files\": [\n"
		    "  {\"file\": \"requirements.txt\", \"kind\": \"requirements\", \"error\": null},\n"
		    "  {\"file\": \"environment.yml\", \"kind\": \"conda\", \"error\": null},\n"
		    "  {\"file\": \"gone.txt\", \"kind\": \"unknown\", \"error\": \"cannot open 'gone.txt': No "
		    "such file or directory\"}\n"
		    " ],\n \"skipped\": 0}\n");
	diag_list_release(&l);
}

static void json_empty(void **state)
{
	struct diag_list l = DIAG_LIST_INIT;
	struct report_input in = input(&l, NULL, 0, false);
	in.kb_date = NULL;
	assert_json(&in, "{\"envlint\": \"0.1.0\", \"kb\": null, \"targets\": [],\n \"diagnostics\": [],\n \"files\": [],\n \"skipped\": 0}\n");
}

/* Quotes, backslashes, newlines, tabs, other control bytes, DEL, valid multi-byte
 * characters, and invalid UTF-8 (a stray continuation byte, a truncated sequence, an
 * overlong encoding, a surrogate) in every string field. */
static void json_escaping(void **state)
{
	struct diag_list l = DIAG_LIST_INIT;
	struct diag *d = diag_add(&l, RULE_EL003, "dir \"a\"\\b.txt", at(1, 1, 1, 2),
				  "line1\nline2\ttab\r", "%s", "q\"uote \x01\x1f\x7f \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
	diag_set_source(d, "bad \xff \x80 \xc3 \xc0\xaf \xed\xa0\x80 end", true);
	const struct run_file files[] = { { "x\x02y", "requirements", "e\xfe" } };
	struct report_input in = input(&l, files, 1, false);
	in.version = "v\"1\"";
	assert_json(&in,
		    "{\"envlint\": \"v\\\"1\\\"\", \"kb\": \"2026-11-25\", \"targets\": [],\n"
		    " \"diagnostics\": [\n"
		    "  {\"rule\": \"EL003\", \"slug\": \"unparsable-version\", \"severity\": \"warning\", "
		    "\"file\": \"dir \\\"a\\\"\\\\b.txt\", \"line\": 1, \"column\": 1, \"end_line\": 1, "
		    "\"end_column\": 2, \"message\": \"q\\\"uote \\u0001\\u001f\x7f "
		    "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\", \"help\": \"line1\\nline2\\ttab\\r\", "
		    "\"source\": \"bad \\ufffd \\ufffd \\ufffd \\ufffd\\ufffd \\ufffd\\ufffd\\ufffd end\", "
		    "\"source_status\": \"2nd\", \"profile\": null}\n"
		    " ],\n"
		    " \"files\": [\n"
		    "  {\"file\": \"x\\u0002y\", \"kind\": \"requirements\", \"error\": \"e\\ufffd\"}\n"
		    " ],\n \"skipped\": 0}\n");
	diag_list_release(&l);
}

/* ------------------------------------------------------------------------- */
/* text */

/* "αβ torch==2.1.0": the span "==2.1.0" starts at code point 9 (byte 11) and is 7 code
 * points wide; the caret line pads 8 columns, not 10 bytes. */
#define SNIPPET_MB "\xce\xb1\xce\xb2 torch==2.1.0"

static void text_snippet_multibyte(void **state)
{
	struct diag_list l = DIAG_LIST_INIT;
	struct diag *d = diag_add(&l, RULE_DRV101, "requirements.txt", at(1, 9, 1, 16), HELP_DRV101,
				  "%s", MSG_DRV101);
	diag_set_source(d, SOURCE_RN, false);
	set_snippet(d, SNIPPET_MB);
	struct report_input in = input(&l, ONE_FILE, ARRAY_LEN(ONE_FILE), false);
	assert_output(report_text, &in,
		      "requirements.txt:1:9: error: " MSG_DRV101 " [DRV101 cuda-needs-newer-driver]\n"
		      "      1 | " SNIPPET_MB "\n"
		      "        |         ^~~~~~~\n"
		      "  help: " HELP_DRV101 "\n"
		      "  source: " SOURCE_RN "\n"
		      "1 error, 0 warnings, 0 info in 1 file\n");
	diag_list_release(&l);
}

/* A fact the KB holds only second-hand (`status: 2nd`) is cited as such. */
static void text_second_hand_source(void **state)
{
	struct diag_list l = DIAG_LIST_INIT;
	struct diag *d = diag_add(&l, RULE_DRV101, "requirements.txt", at(1, 9, 1, 16), NULL, "%s",
				  MSG_DRV101);
	diag_set_source(d, SOURCE_RN, true);
	struct report_input in = input(&l, ONE_FILE, ARRAY_LEN(ONE_FILE), false);
	assert_output(report_text, &in,
		      "requirements.txt:1:9: error: " MSG_DRV101 " [DRV101 cuda-needs-newer-driver]\n"
		      "  source (second-hand): " SOURCE_RN "\n"
		      "1 error, 0 warnings, 0 info in 1 file\n");
	/* No source: nothing is second-hand. */
	diag_set_source(d, NULL, true);
	assert_false(d->source_secondary);
	diag_list_release(&l);
}

static void text_color(void **state)
{
	struct diag_list l = DIAG_LIST_INIT;
	struct diag *d = diag_add(&l, RULE_DRV101, "requirements.txt", at(1, 9, 1, 16), HELP_DRV101,
				  "%s", MSG_DRV101);
	set_snippet(d, SNIPPET_MB);
	diag_add(&l, RULE_DRV102, "Dockerfile", span_none(), NULL, "w");
	diag_add(&l, RULE_PIN402, "Dockerfile", at(3, 1, 3, 2), NULL, "i");
	struct report_input in = input(&l, ONE_FILE, ARRAY_LEN(ONE_FILE), true);
	assert_output(report_text, &in,
		      "\033[1mrequirements.txt:1:9: \033[0m\033[1;31merror\033[0m: " MSG_DRV101
		      " [DRV101 cuda-needs-newer-driver]\n"
		      "      1 | " SNIPPET_MB "\n"
		      "        |         \033[1;31m^~~~~~~\033[0m\n"
		      "  help: " HELP_DRV101 "\n"
		      "\033[1mDockerfile: \033[0m\033[1;33mwarning\033[0m: w [DRV102 cuda-minor-compat-only]\n"
		      "\033[1mDockerfile:3:1: \033[0m\033[1;36minfo\033[0m: i [PIN402 version-unknown-to-kb]\n"
		      "1 error, 1 warning, 1 info in 1 file\n");
	diag_list_release(&l);
}

/* Without colour there is not one escape byte in the output. */
static void text_no_color_no_escapes(void **state)
{
	struct diag_list l = DIAG_LIST_INIT;
	mixed_list(&l);
	set_snippet(&l.items[0], "torch==2.1.0+cu121");
	struct report_input in = input(&l, THREE_FILES, ARRAY_LEN(THREE_FILES), false);
	struct buf out = BUF_INIT;
	report_text(&in, &out);
	assert_null(strchr(out.buf, '\033'));
	buf_release(&out);
	in.color = true;
	report_text(&in, &out);
	assert_non_null(strchr(out.buf, '\033'));
	buf_release(&out);
	diag_list_release(&l);
}

/* Whole-file and run-level findings print no snippet, even when one is attached. */
static void text_whole_file_and_counts(void **state)
{
	struct diag_list l = DIAG_LIST_INIT;
	mixed_list(&l);
	set_snippet(&l.items[1], "name: t");
	struct report_input in = input(&l, THREE_FILES, ARRAY_LEN(THREE_FILES), false);
	assert_output(report_text, &in,
		      "requirements.txt:2:6: error: " MSG_DRV101 " [DRV101 cuda-needs-newer-driver]\n"
		      "  help: " HELP_DRV101 "\n"
		      "  source: " SOURCE_RN "\n"
		      "environment.yml: error: did not find expected key while parsing a block mapping at "
		      "3:1 [EL002 invalid-yaml]\n"
		      "envlint: error: cuda.yaml is missing [EL009 invalid-knowledge-base]\n"
		      "  help: check the --kb directory\n"
		      "environment.yml:4:17: info: CUDA '12.7' is not in the knowledge base [PIN402 "
		      "version-unknown-to-kb]\n"
		      "3 errors, 0 warnings, 1 info in 3 files\n");
	diag_list_release(&l);
}

/* Tabs before the span stay tabs so the caret lines up; a span running onto another
 * line, or an empty one, gets a single caret. */
static void text_caret_tabs_and_multiline(void **state)
{
	struct diag_list l = DIAG_LIST_INIT;
	struct diag *d = diag_add(&l, RULE_EL003, "Dockerfile", at(2, 4, 2, 7), NULL, "a");
	set_snippet(d, "\t\tx abc");
	d = diag_add(&l, RULE_EL003, "Dockerfile", at(3, 2, 5, 9), NULL, "b");
	set_snippet(d, "RUN pip \\");
	d = diag_add(&l, RULE_EL003, "Dockerfile", at(6, 3, 6, 3), NULL, "c");
	set_snippet(d, "ab");
	struct report_input in = input(&l, NULL, 1, false);
	assert_output(report_text, &in,
		      "Dockerfile:2:4: warning: a [EL003 unparsable-version]\n"
		      "      2 | \t\tx abc\n"
		      "        | \t\t ^~~\n"
		      "Dockerfile:3:2: warning: b [EL003 unparsable-version]\n"
		      "      3 | RUN pip \\\n"
		      "        |  ^\n"
		      "Dockerfile:6:3: warning: c [EL003 unparsable-version]\n"
		      "      6 | ab\n"
		      "        |   ^\n"
		      "0 errors, 3 warnings, 0 info in 1 file\n");
	diag_list_release(&l);
}

static void text_no_findings(void **state)
{
	struct diag_list l = DIAG_LIST_INIT;
	struct report_input in = input(&l, ONE_FILE, 1, true);
	assert_output(report_text, &in, "no findings in 1 file\n");
	in = input(&l, THREE_FILES, 3, false);
	assert_output(report_text, &in, "no findings in 3 files\n");
	in = input(&l, NULL, 0, false);
	assert_output(report_text, &in, "no findings in 0 files\n");
}

/* ------------------------------------------------------------------------- */
/* github */

/* GitHub's escaping: '%', CR, LF everywhere; ':' and ',' only in properties. Whole-file
 * findings have no line; run-level ones no file; info is a notice. */
static void github_commands(void **state)
{
	(void)state;
	struct diag_list l = DIAG_LIST_INIT;
	struct diag *d = diag_add(&l, RULE_DRV101, "./a,b:c.txt", at(2, 6, 2, 19), "x%\ny",
				  "50%% of it: a, b\r");
	(void)d;
	diag_add(&l, RULE_EL002, "environment.yml", span_none(), NULL, "bad");
	diag_add(&l, RULE_EL009, NULL, span_none(), NULL, "cuda.yaml is missing");
	diag_add(&l, RULE_PIN402, "e.yml", at(4, 17, 5, 2), NULL, "unknown");
	struct report_input in = input(&l, NULL, 0, false);
	assert_output(report_github, &in,
		      "::error file=a%2Cb%3Ac.txt,line=2,endLine=2,col=6,endColumn=19,title=DRV101 "
		      "cuda-needs-newer-driver::50%25 of it: a, b%0D%0Ahelp: x%25%0Ay\n"
		      "::error file=environment.yml,title=EL002 invalid-yaml::bad\n"
		      "::error title=EL009 invalid-knowledge-base::cuda.yaml is missing\n"
		      "::notice file=e.yml,line=4,endLine=5,col=17,title=PIN402 version-unknown-to-kb::unknown\n");
	diag_list_release(&l);
}

/* ------------------------------------------------------------------------- */
/* sarif (the schema test is tests/run-sarif.sh; here what the schema cannot see) */

static void sarif_document(void **state)
{
	(void)state;
	struct diag_list l = DIAG_LIST_INIT;
	mixed_list(&l);
	/* two identical findings on identical lines: fingerprints still differ */
	diag_add(&l, RULE_PIN402, "dir with space/é.yml", at(7, 1, 7, 5), NULL, "same");
	diag_add(&l, RULE_PIN402, "dir with space/é.yml", at(9, 1, 9, 5), NULL, "same");
	struct report_input in = input(&l, THREE_FILES, ARRAY_LEN(THREE_FILES), false);
	in.root = "/repo";
	struct buf out = BUF_INIT;
	report_sarif(&in, &out);
	assert_true(json_valid(out.buf, out.len));
	assert_non_null(strstr(out.buf, "\"columnKind\": \"unicodeCodePoints\""));
	assert_non_null(strstr(out.buf, "\"SRCROOT\": {\"uri\": \"file:///repo/\"}"));
	char want[96];
	snprintf(want, sizeof(want), "\"ruleId\": \"DRV101\", \"ruleIndex\": %d, \"level\": \"error\"",
		 (int)RULE_DRV101);
	assert_non_null(strstr(out.buf, want));
	assert_non_null(strstr(out.buf, "\"uri\": \"dir%20with%20space/%C3%A9.yml\""));
	assert_non_null(strstr(out.buf, "\"region\": {\"startLine\": 2, \"startColumn\": 6, \"endLine\": 2, \"endColumn\": 19}"));
	/* no second location, no relatedLocations */
	assert_null(strstr(out.buf, "relatedLocations"));
	/* the unreadable file is a notification, not a result */
	assert_non_null(strstr(out.buf, "\"toolExecutionNotifications\": [{\"level\": \"error\""));
	const char *a = strstr(out.buf, ":0\"}");
	assert_non_null(a);
	assert_non_null(strstr(out.buf, ":1\"}"));
	buf_release(&out);
	diag_list_release(&l);
}

/* A finding on an ARG default names the FROM that uses it as a related location. */
static void sarif_related_location(void **state)
{
	(void)state;
	struct diag_list l = DIAG_LIST_INIT;
	struct diag *d = diag_add(&l, RULE_DRV101, "Dockerfile", at(1, 10, 1, 16), NULL, "m");
	d->also = at(2, 6, 2, 45);
	struct report_input in = input(&l, NULL, 0, false);
	struct buf out = BUF_INIT;
	report_sarif(&in, &out);
	assert_true(json_valid(out.buf, out.len));
	assert_non_null(strstr(out.buf, "\"relatedLocations\": [{\"id\": 1, \"physicalLocation\": "
					"{\"artifactLocation\": {\"uri\": \"Dockerfile\", \"uriBaseId\": \"SRCROOT\"}, "
					"\"region\": {\"startLine\": 2, \"startColumn\": 6, \"endLine\": 2, \"endColumn\": 45}}"));
	buf_release(&out);
	diag_list_release(&l);
}

/* A fingerprint does not move with the line: the same finding two lines lower has the
 * same one. */
static void sarif_fingerprint_survives_line_moves(void **state)
{
	(void)state;
	char fp[2][64];
	for (int k = 0; k < 2; k++) {
		struct diag_list l = DIAG_LIST_INIT;
		struct diag *d = diag_add(&l, RULE_DRV101, "Dockerfile", at(3 + 2 * (uint32_t)k, 6, 3 + 2 * (uint32_t)k, 9),
					  NULL, "m");
		d->snippet = strdup("FROM x");
		struct report_input in = input(&l, NULL, 0, false);
		struct buf out = BUF_INIT;
		report_sarif(&in, &out);
		const char *p = strstr(out.buf, "\"envlint/v1\": \"");
		assert_non_null(p);
		snprintf(fp[k], sizeof(fp[k]), "%.20s", p + 15);
		buf_release(&out);
		diag_list_release(&l);
	}
	assert_string_equal(fp[0], fp[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(json_checker_refuses_bad_json),
		cmocka_unit_test(gnu_lines),
		cmocka_unit_test(gnu_severity_from_diag),
		cmocka_unit_test(gnu_empty),
		cmocka_unit_test(json_document),
		cmocka_unit_test(json_empty),
		cmocka_unit_test(json_escaping),
		cmocka_unit_test(text_snippet_multibyte),
		cmocka_unit_test(text_second_hand_source),
		cmocka_unit_test(text_color),
		cmocka_unit_test(text_no_color_no_escapes),
		cmocka_unit_test(text_whole_file_and_counts),
		cmocka_unit_test(text_caret_tabs_and_multiline),
		cmocka_unit_test(text_no_findings),
		cmocka_unit_test(github_commands),
		cmocka_unit_test(sarif_document),
		cmocka_unit_test(sarif_fingerprint_survives_line_moves),
		cmocka_unit_test(sarif_related_location),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* fix: --diff / --fix (linter/fix.c) on real files: exact byte edits (CRLF kept), the
 * same edit from two findings applied once, two fixes that disagree both left out (all
 * the edits of each), stale text on disk not touched. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "fix.h"
#include "tmpdir.h"
#include "util/buf.h"

static int setup(void **state)
{
	(void)state;
	return tmpdir_make("fix");
}

static int teardown(void **state)
{
	(void)state;
	return tmpdir_remove();
}

static char *path_of(const char *rel)
{
	static char p[512];
	snprintf(p, sizeof(p), "%s/%s", tmpdir, rel);
	return p;
}

static void read_back(const char *rel, char *out, size_t size)
{
	FILE *f = fopen(path_of(rel), "rb");
	assert_non_null(f);
	size_t n = fread(out, 1, size - 1, f);
	out[n] = '\0';
	fclose(f);
}

/* A finding whose fix replaces bytes [start, end) of `rel` (which read `old`). */
static struct diag *finding(struct diag_list *list, const char *rel, uint32_t start, const char *old,
			    const char *text)
{
	struct span s = { 1, start + 1, 1, start + 1 + (uint32_t)strlen(old), start, start + (uint32_t)strlen(old) };
	struct diag *d = diag_add(list, RULE_HW202, path_of(rel), s, NULL, "m");
	diag_add_edit(d, path_of(rel), s, old, text);
	return d;
}

static void applies_exact_bytes(void **state)
{
	(void)state;
	tmpdir_write("r.txt", "torch==2.1.0+cu121\r\n--extra-index-url https://x/whl/cu121\r\nnumpy\r\n");
	struct diag_list list = DIAG_LIST_INIT;
	struct diag *d = finding(&list, "r.txt", 5, "==2.1.0+cu121", "==2.1.0+cu118");
	struct span s2 = { 2, 19, 2, 38, 38, 57 };
	diag_add_edit(d, path_of("r.txt"), s2, "https://x/whl/cu121", "https://x/whl/cu118");
	finding(&list, "r.txt", 5, "==2.1.0+cu121", "==2.1.0+cu118"); /* the same edit again */
	struct fix_set fixes = FIX_SET_INIT;
	struct buf err = BUF_INIT, out = BUF_INIT;
	fix_set_collect(&fixes, list.items, list.nr);
	fix_set_settle(&fixes, &err);
	assert_int_equal(0, err.len);
	assert_int_equal(2, fixes.nr);
	fix_set_diff(&fixes, &out);
	assert_non_null(strstr(out.buf, "@@ -1,3 +1,3 @@\n-torch==2.1.0+cu121\r\n---extra-index-url https://x/whl/cu121\r\n"
					"+torch==2.1.0+cu118\r\n+--extra-index-url https://x/whl/cu118\r\n numpy\r\n"));
	size_t nfiles, nedits;
	assert_true(fix_set_apply(&fixes, &nfiles, &nedits, &err));
	assert_int_equal(1, nfiles);
	assert_int_equal(2, nedits);
	char back[256];
	read_back("r.txt", back, sizeof(back));
	assert_string_equal("torch==2.1.0+cu118\r\n--extra-index-url https://x/whl/cu118\r\nnumpy\r\n", back);
	fix_set_release(&fixes);
	buf_release(&err);
	buf_release(&out);
	diag_list_release(&list);
}

static void disagreeing_and_stale_fixes_are_left_out(void **state)
{
	(void)state;
	tmpdir_write("r.txt", "torch==2.6.0\ntorchvision==0.21.0\n");
	struct diag_list list = DIAG_LIST_INIT;
	struct diag *a = finding(&list, "r.txt", 5, "==2.6.0", "==2.6.0+cu118");
	struct span tv = { 2, 12, 2, 20, 24, 32 };
	diag_add_edit(a, path_of("r.txt"), tv, "==0.21.0", "==0.21.0+cu118");
	finding(&list, "r.txt", 5, "==2.6.0", "==2.11.0+cu128");   /* disagrees with a */
	finding(&list, "r.txt", 24, "==0.20.0", "==0.20.1");       /* stale: not on disk */
	struct fix_set fixes = FIX_SET_INIT;
	struct buf err = BUF_INIT, out = BUF_INIT;
	fix_set_collect(&fixes, list.items, list.nr);
	fix_set_settle(&fixes, &err);
	assert_int_equal(0, fixes.nr);   /* a's torchvision edit goes with its torch edit */
	assert_non_null(strstr(err.buf, "two fixes disagree"));
	assert_non_null(strstr(err.buf, "the text there is not '==0.20.0'"));
	fix_set_diff(&fixes, &out);
	assert_int_equal(0, out.len);
	size_t nfiles, nedits;
	assert_true(fix_set_apply(&fixes, &nfiles, &nedits, &err));
	assert_int_equal(0, nfiles);
	char back[256];
	read_back("r.txt", back, sizeof(back));
	assert_string_equal("torch==2.6.0\ntorchvision==0.21.0\n", back);
	fix_set_release(&fixes);
	buf_release(&err);
	buf_release(&out);
	diag_list_release(&list);
}

/* An insertion that adds a line (the PyTorch index before a labelled pin) ends it as its
 * line ends (CRLF here), and the diff's hunks count the new line: a later hunk's new side
 * starts one line down. Only an empty span may take a line end. */
static void inserted_line_follows_line_ends(void **state)
{
	(void)state;
	tmpdir_write("r.txt", "numpy\r\ntorch==2.1.0\r\na\r\nb\r\nc\r\nd\r\ne\r\nf\r\ng\r\ntorchvision==0.16.0\r\n");
	struct diag_list list = DIAG_LIST_INIT;
	struct span at = { 2, 1, 2, 1, 7, 7 };
	struct diag *d = finding(&list, "r.txt", 12, "==2.1.0", "==2.1.0+cu118");
	diag_add_edit(d, path_of("r.txt"), at, "", "--extra-index-url https://x/whl/cu118\n");
	struct span tv = { 10, 12, 10, 20, 53, 61 };
	diag_add_edit(d, path_of("r.txt"), tv, "==0.16.0", "==0.16.0+cu118");
	finding(&list, "r.txt", 0, "numpy", "numpy\nx");   /* a line end replacing text: refused */
	struct fix_set fixes = FIX_SET_INIT;
	struct buf err = BUF_INIT, out = BUF_INIT;
	fix_set_collect(&fixes, list.items, list.nr);
	fix_set_settle(&fixes, &err);
	assert_int_equal(3, fixes.nr);
	assert_non_null(strstr(err.buf, "the text there is not 'numpy'"));
	fix_set_diff(&fixes, &out);
	assert_non_null(strstr(out.buf, "@@ -1,5 +1,6 @@\n numpy\r\n-torch==2.1.0\r\n"
					"+--extra-index-url https://x/whl/cu118\r\n+torch==2.1.0+cu118\r\n a\r\n"));
	assert_non_null(strstr(out.buf, "@@ -7,4 +8,4 @@\n e\r\n f\r\n g\r\n-torchvision==0.16.0\r\n"
					"+torchvision==0.16.0+cu118\r\n"));
	size_t nfiles, nedits;
	assert_true(fix_set_apply(&fixes, &nfiles, &nedits, &err));
	char back[256];
	read_back("r.txt", back, sizeof(back));
	assert_string_equal("numpy\r\n--extra-index-url https://x/whl/cu118\r\ntorch==2.1.0+cu118\r\na\r\nb\r\nc\r\n"
			    "d\r\ne\r\nf\r\ng\r\ntorchvision==0.16.0+cu118\r\n", back);
	fix_set_release(&fixes);
	buf_release(&err);
	buf_release(&out);
	diag_list_release(&list);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(applies_exact_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(disagreeing_and_stale_fixes_are_left_out, setup, teardown),
		cmocka_unit_test_setup_teardown(inserted_line_follows_line_ends, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

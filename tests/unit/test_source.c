/* source: byte offsets -> spans (1-based lines, code-point columns), BOM, CRLF, limits. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "source.h"
#include "util/arena.h"

static void from(struct source *src, struct arena *a, const char *text)
{
	source_from_memory(src, "t.txt", text, strlen(text), a);
}

static void test_ascii_span(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	struct source src;
	from(&src, &a, "abc\ntorch==2.1.0\n");
	struct span s = source_span(&src, 11, 16); /* "2.1.0" */
	assert_int_equal(s.line, 2);
	assert_int_equal(s.column, 8);
	assert_int_equal(s.end_line, 2);
	assert_int_equal(s.end_column, 13);
	assert_int_equal(s.start_byte, 11);
	assert_int_equal(src.nlines, 3);
	arena_release(&a);
}

static void test_columns_are_code_points(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	struct source src;
	/* "é" is 2 bytes, "日本" 6 bytes: the pin after them is at column 5. */
	from(&src, &a, "\xc3\xa9\xe6\x97\xa5\xe6\x9c\xac torch\n");
	struct span s = source_span(&src, 9, 14);
	assert_int_equal(s.line, 1);
	assert_int_equal(s.column, 5);
	assert_int_equal(s.end_column, 10);
	arena_release(&a);
}

static void test_bom_is_not_a_column(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	struct source src;
	from(&src, &a, "\xEF\xBB\xBFtorch==2.1\n");
	assert_true(src.has_bom);
	struct span s = source_span(&src, 3, 8);
	assert_int_equal(s.column, 1);
	assert_int_equal(source_offset(&src, 0, 0), 3);
	arena_release(&a);
}

static void test_crlf_lines(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	struct source src;
	from(&src, &a, "a\r\nbb\r\nccc");
	size_t len;
	const char *l2 = source_line_text(&src, 2, &len);
	assert_int_equal(len, 2);
	assert_memory_equal(l2, "bb", 2);
	const char *l3 = source_line_text(&src, 3, &len);
	assert_int_equal(len, 3);
	assert_memory_equal(l3, "ccc", 3);
	source_line_text(&src, 9, &len);
	assert_int_equal(len, 0);
	arena_release(&a);
}

/* Columns past SOURCE_BLOCK bytes go through the block index: they must equal a plain
 * count, with multi-byte characters on both sides of block boundaries. */
static void test_long_line_columns(void **state)
{
	(void)state;
	enum { N = 3 * SOURCE_BLOCK + 100 };
	char *text = malloc(N + 1);
	size_t o = 0;
	text[o++] = 'x';
	text[o++] = '\n';
	while (o + 2 < N) {
		/* "é" then "a": 3 bytes, 2 code points */
		text[o++] = (char)0xc3;
		text[o++] = (char)0xa9;
		text[o++] = 'a';
	}
	text[o] = '\0';
	struct arena a = ARENA_INIT;
	struct source src;
	source_from_memory(&src, "t", text, o, &a);
	for (size_t off = 2; off < o; off += 997) {
		size_t at = off - (off - 2) % 3; /* start of a character */
		struct span s = source_span(&src, at, at);
		assert_int_equal(s.line, 2);
		assert_int_equal(s.column, (at - 2) / 3 * 2 + 1);
	}
	/* Backwards after forwards gives the same answers. */
	struct span s = source_span(&src, 2 + 3 * 10, 2 + 3 * 11);
	assert_int_equal(s.column, 21);
	assert_int_equal(s.end_column, 23);
	arena_release(&a);
	free(text);
}

static void test_lone_cr_breaks_lines(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	struct source src;
	from(&src, &a, "a\rbb\r\ncc\r");
	assert_int_equal(src.nlines, 4);
	size_t len;
	const char *l2 = source_line_text(&src, 2, &len);
	assert_int_equal(len, 2);
	assert_memory_equal(l2, "bb", 2);
	assert_int_equal(source_span(&src, 7, 8).line, 3);
	arena_release(&a);
}

static void test_offset_from_line_column(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	struct source src;
	from(&src, &a, "x\n\xc3\xa9z\n");
	assert_int_equal(source_offset(&src, 1, 0), 2);
	assert_int_equal(source_offset(&src, 1, 1), 4);
	/* Past the end of the line: clamped to the line end. */
	assert_int_equal(source_offset(&src, 1, 9), 5);
	assert_int_equal(source_offset(&src, 7, 0), src.len);
	arena_release(&a);
}

static void test_span_clamps(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	struct source src;
	from(&src, &a, "ab");
	struct span s = source_span(&src, 5, 1);
	assert_int_equal(s.start_byte, 2);
	assert_int_equal(s.end_byte, 2);
	assert_int_equal(s.column, 3);
	arena_release(&a);
}

static void test_nul_bytes_kept(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	struct source src;
	source_from_memory(&src, "t", "a\0b\nc", 5, &a);
	assert_int_equal(src.len, 5);
	assert_int_equal(src.nlines, 2);
	assert_int_equal(source_span(&src, 4, 5).line, 2);
	arena_release(&a);
}

static void test_load_missing_and_fifo(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	struct diag_list d = DIAG_LIST_INIT;
	struct source src;
	assert_int_equal(source_load(&src, "/nonexistent/envlint-test", &a, &d), SOURCE_UNREADABLE);
	assert_int_equal(d.nr, 1);
	assert_int_equal(d.items[0].rule, RULE_EL001);
	char dir[] = "/tmp/envlint-src-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char fifo[64];
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	/* Must return at once: a FIFO is never opened for reading. */
	assert_int_equal(source_load(&src, fifo, &a, &d), SOURCE_NOT_REGULAR);
	assert_int_equal(d.nr, 2);
	assert_int_equal(d.items[1].rule, RULE_EL001);
	unlink(fifo);
	rmdir(dir);
	diag_list_release(&d);
	arena_release(&a);
}

static void test_load_regular(void **state)
{
	(void)state;
	char path[] = "/tmp/envlint-src-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "torch\n", 6), 6);
	close(fd);
	struct arena a = ARENA_INIT;
	struct diag_list d = DIAG_LIST_INIT;
	struct source src;
	assert_int_equal(source_load(&src, path, &a, &d), SOURCE_OK);
	assert_int_equal(src.len, 6);
	assert_string_equal(src.bytes, "torch\n");
	assert_int_equal(d.nr, 0);
	unlink(path);
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ascii_span),
		cmocka_unit_test(test_columns_are_code_points),
		cmocka_unit_test(test_bom_is_not_a_column),
		cmocka_unit_test(test_crlf_lines),
		cmocka_unit_test(test_long_line_columns),
		cmocka_unit_test(test_lone_cr_breaks_lines),
		cmocka_unit_test(test_offset_from_line_column),
		cmocka_unit_test(test_span_clamps),
		cmocka_unit_test(test_nul_bytes_kept),
		cmocka_unit_test(test_load_missing_and_fifo),
		cmocka_unit_test(test_load_regular),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

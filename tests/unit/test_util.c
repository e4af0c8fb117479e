/* util: arena, buf (strbuf invariants and cap), vec, jsonw, st_add. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/jsonw.h"
#include "util/vec.h"

static void test_arena_strings_and_growth(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	char *s = arena_strdup(&a, "torch");
	assert_string_equal(s, "torch");
	assert_string_equal(arena_strndup(&a, "abcdef", 3), "abc");
	assert_string_equal(arena_printf(&a, "%s-%d", "cu", 121), "cu-121");
	/* Bigger than a chunk, and many small ones: all stay valid until release. */
	char *big = arena_alloc(&a, 100000);
	memset(big, 'x', 100000);
	for (int i = 0; i < 10000; i++)
		arena_strdup(&a, "0123456789");
	assert_string_equal(s, "torch");
	assert_true(a.total >= 100000 + 10000 * 11);
	arena_release(&a);
	assert_null(a.head);
}

static void test_buf_invariants(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	assert_non_null(b.buf);
	assert_string_equal(b.buf, "");
	buf_adds(&b, "a");
	buf_addch(&b, 'b');
	buf_addf(&b, "%d", 12);
	assert_string_equal(b.buf, "ab12");
	size_t len;
	char *s = buf_detach(&b, &len);
	assert_int_equal(len, 4);
	assert_string_equal(s, "ab12");
	free(s);
	assert_string_equal(b.buf, "");
	buf_release(&b);
}

static void test_buf_cap(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 8);
	assert_true(buf_adds(&b, "12345678"));
	assert_false(buf_addch(&b, '9'));
	assert_true(b.overflow);
	assert_string_equal(b.buf, "12345678");
	buf_release(&b);
}

static void test_vec(void **state)
{
	(void)state;
	VEC(int) v = { NULL, 0, 0 };
	for (int i = 0; i < 1000; i++)
		vec_push(&v, i);
	assert_int_equal(v.nr, 1000);
	assert_int_equal(vec_get(&v, 999), 999);
	vec_release(&v);
	assert_int_equal(v.nr, 0);
}

static void test_json_escapes(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	jsonw_string(&b, "a\"b\\c\n\t\x01\xc3\xa9\xff");
	assert_string_equal(b.buf, "\"a\\\"b\\\\c\\n\\t\\u0001\xc3\xa9\\ufffd\"");
	buf_reset(&b);
	jsonw_string(&b, NULL);
	assert_string_equal(b.buf, "null");
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena_strings_and_growth),
		cmocka_unit_test(test_buf_invariants),
		cmocka_unit_test(test_buf_cap),
		cmocka_unit_test(test_vec),
		cmocka_unit_test(test_json_escapes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

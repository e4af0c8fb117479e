/*
 * Unit tests for linter/version.c. Mostly tables: every row becomes its own cmocka
 * case (named after the row) so a failure names the input. The PEP 440 ordering
 * chains come from the PEP ("Summary of permitted suffixes and relative ordering")
 * and from pypa/packaging's tests/test_version.py; every adjacent pair is a case.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "version.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define FMT_MAX 256

/* ------------------------------------------------------------------------- */
/* Helpers */

static struct version parse_ok(const char *s)
{
	struct version v;
	if (!version_parse(&v, s, strlen(s)))
		fail_msg("'%s' should parse", s);
	return v;
}

static int sign(int x)
{
	return (x > 0) - (x < 0);
}

static bool all_zero(const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

/* ------------------------------------------------------------------------- */
/* Ordering */

/* PEP 440, "Summary of permitted suffixes and relative ordering", ascending. */
static const char *const pep_chain[] = {
	"1.dev0",       "1.0.dev456",          "1.0a1",         "1.0a2.dev456",
	"1.0a12.dev456", "1.0a12",             "1.0b1.dev456",  "1.0b2",
	"1.0b2.post345.dev456", "1.0b2.post345", "1.0rc1.dev456", "1.0rc1",
	"1.0",          "1.0+abc.5",           "1.0+abc.7",     "1.0+5",
	"1.0.post456.dev34", "1.0.post456",    "1.0.15",        "1.1.dev1",
};

/* pypa/packaging tests/test_version.py VERSIONS (spellings c/rc, implicit post,
 * local labels, epochs), ascending. */
static const char *const packaging_chain[] = {
	"1.0.dev456",   "1.0a1",          "1.0a2.dev456",   "1.0a12.dev456", "1.0a12",
	"1.0b1.dev456", "1.0b2",          "1.0b2.post345.dev456", "1.0b2.post345", "1.0b2-346",
	"1.0c1.dev456", "1.0c1",          "1.0rc2",         "1.0c3",         "1.0",
	"1.0.post456.dev34", "1.0.post456", "1.1.dev1",     "1.2+123abc",    "1.2+123abc456",
	"1.2+abc",      "1.2+abc123",     "1.2+abc123def",  "1.2+1234.abc",  "1.2+123456",
	"1.2.r32+123456", "1.2.rev33+123456", "1!1.0.dev456", "1!1.0a1",     "1!1.0b2-346",
	"1!1.0c3",      "1!1.0",          "1!1.2.rev33+123456",
};

struct pair_row {
	const char *a, *b;
};

static void test_chain_pair(void **state)
{
	const struct pair_row *r = *state;
	struct version a = parse_ok(r->a), b = parse_ok(r->b);
	assert_true(version_cmp(&a, &b) < 0);
	assert_true(version_cmp(&b, &a) > 0);
	assert_int_equal(version_cmp(&a, &a), 0);
}

static void check_chain_sorted(const char *const *chain, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++) {
			struct version a = parse_ok(chain[i]), b = parse_ok(chain[j]);
			int want = (i > j) - (i < j);
			if (sign(version_cmp(&a, &b)) != want)
				fail_msg("cmp('%s', '%s') != %d", chain[i], chain[j], want);
		}
}

static void test_pep_chain_all_pairs(void **state)
{
	check_chain_sorted(pep_chain, ARRAY_LEN(pep_chain));
}

static void test_packaging_chain_all_pairs(void **state)
{
	check_chain_sorted(packaging_chain, ARRAY_LEN(packaging_chain));
}

struct cmp_row {
	const char *a, *b;
	int want;
};

static const struct cmp_row cmp_rows[] = {
	{ "1.0", "1.0.0", 0 },          { "1.0", "1.0.0.0.0.0.0.0", 0 },
	{ "v1.0", "1.0", 0 },           { "1.0a1", "1.0-ALPHA-1", 0 },
	{ "1.0c1", "1.0rc1", 0 },       { "1.0+05", "1.0+5", 0 },
	{ "2!0.1", "1!99.0", 1 },       { "1.0.1", "1.0.0.99", 1 },
	{ "1.10", "1.9", 1 },           { "1.0+abc", "1.0+abc.0", -1 },
	{ "1.0+ABC", "1.0+abc", 0 },    { "1.0.post1", "1.0.1", -1 },
	{ "1.0-1", "1.0.post1", 0 },    { "1.0rc1.post1", "1.0rc2.dev0", -1 },
	{ "2.1.0+cu121", "2.1.0", 1 },  { "2.1.0+cu118", "2.1.0+cu121", -1 },
	{ "2.1.0+cu121", "2.1.0+cpu", 1 }, { "0.0.0a0", "0", -1 },
};

static void test_cmp_row(void **state)
{
	const struct cmp_row *r = *state;
	struct version a = parse_ok(r->a), b = parse_ok(r->b);
	assert_int_equal(sign(version_cmp(&a, &b)), r->want);
	assert_int_equal(sign(version_cmp(&b, &a)), -r->want);
}

static void test_cmp_public_ignores_local(void **state)
{
	struct version a = parse_ok("2.1.0+cu121"), b = parse_ok("2.1.0");
	assert_int_equal(version_cmp_public(&a, &b), 0);
	assert_true(version_cmp(&a, &b) > 0);
	struct version c = parse_ok("2.1.1");
	assert_true(version_cmp_public(&a, &c) < 0);
}

static void test_cmp_prefix(void **state)
{
	struct version a = parse_ok("12.4.1"), b = parse_ok("12.4"), c = parse_ok("12.5");
	assert_int_equal(version_cmp_prefix(&a, &b, 2), 0);
	assert_true(version_cmp_prefix(&a, &b, 3) > 0);
	assert_int_equal(version_cmp_prefix(&b, &c, 1), 0);
	assert_true(version_cmp_prefix(&b, &c, 2) < 0);
	assert_int_equal(version_cmp_prefix(&a, &c, 0), 0);
	assert_true(version_cmp_prefix(&a, &b, 100) > 0);
}

/* ------------------------------------------------------------------------- */
/* Parsing, normalisation and formatting */

/* canon NULL: must be rejected. */
struct norm_row {
	const char *in;
	const char *canon;
};

static const struct norm_row norm_rows[] = {
	/* PEP 440 "Normalization" examples */
	{ "1.0-alpha1", "1.0a1" },      { "1.1.a1", "1.1a1" },          { "1.1-a1", "1.1a1" },
	{ "1.1_a1", "1.1a1" },          { "1.0a.1", "1.0a1" },          { "1.1alpha1", "1.1a1" },
	{ "1.1beta2", "1.1b2" },        { "1.1c3", "1.1rc3" },          { "1.0pre1", "1.0rc1" },
	{ "1.0preview2", "1.0rc2" },    { "1.0-preview", "1.0rc0" },    { "1.2a", "1.2a0" },
	{ "1.1ALPHA1", "1.1a1" },       { "1.0RC1.DEV2", "1.0rc1.dev2" },
	{ "1.2-post2", "1.2.post2" },   { "1.2post2", "1.2.post2" },    { "1.2_post_2", "1.2.post2" },
	{ "1.0-r4", "1.0.post4" },      { "1.0rev4", "1.0.post4" },     { "1.2.post", "1.2.post0" },
	{ "1.0-post", "1.0.post0" },    { "1.0-1", "1.0.post1" },       { "1.2-dev2", "1.2.dev2" },
	{ "1.2dev2", "1.2.dev2" },      { "1.2.dev", "1.2.dev0" },      { "1.2_dev_2", "1.2.dev2" },
	{ "1.0+ubuntu-1", "1.0+ubuntu.1" }, { "1.0+Ubuntu_1", "1.0+ubuntu.1" },
	{ "v1.0", "1.0" },              { "V1.0", "1.0" },              { "  1.0  ", "1.0" },
	{ "\t1.0\r\n", "1.0" },         { "1.01", "1.1" },              { "0001.0002", "1.2" },
	{ "1!2.0", "1!2.0" },           { "0!1.0", "1.0" },             { "1.0a.dev1", "1.0a0.dev1" },
	{ "1.0.post.dev1", "1.0.post0.dev1" }, { "1.0a1.post2.dev3", "1.0a1.post2.dev3" },
	{ "1.0rc1-1", "1.0rc1.post1" }, { "1.0-1.dev2", "1.0.post1.dev2" },
	{ "2.1.0+cu121", "2.1.0+cu121" }, { "535.104.05", "535.104.5" },
	{ "4294967295", "4294967295" }, { "1.2.3.4.5.6.7.8", "1.2.3.4.5.6.7.8" },
	{ "1.0+1234567890123456789012345678901", "1.0+1234567890123456789012345678901" },
	/* junk */
	{ "abc", NULL },                { "1..2", NULL },               { "", NULL },
	{ "   ", NULL },                { "1.", NULL },                 { ".1", NULL },
	{ "1.0+", NULL },               { "1.0+a..b", NULL },           { "1.0+a.", NULL },
	{ "1.0+-a", NULL },             { "1.0-", NULL },               { "1.0a1a2", NULL },
	{ "1.0.post1.post2", NULL },    { "1.0 1", NULL },              { "1.0dev1post1", NULL },
	{ "v", NULL },                  { "1!", NULL },                 { "!1.0", NULL },
	{ "1.0+a b", NULL },            { "1.0_", NULL },               { "a1.0", NULL },
	{ "1.0.x", NULL },              { "1.2.3.4.5.6.7.8.9", NULL },  { "4294967296", NULL },
	{ "1.4294967296", NULL },       { "1.0a4294967296", NULL },     { "4294967296!1.0", NULL },
	{ "1.0.post4294967296", NULL }, { "1.0.dev99999999999999999999", NULL },
	{ "1.0+12345678901234567890123456789012", NULL }, { "1,0", NULL },
	{ "1.0.*", NULL },              { "vv1.0", NULL },              { "1.0+\xc3\xa4", NULL },
	{ "==1.0", NULL },              { "1.0-dev-", NULL },           { "1.0.devx", NULL },
};

static void test_norm_row(void **state)
{
	const struct norm_row *r = *state;
	struct version v, w;
	char buf[FMT_MAX];
	memset(&v, 0xab, sizeof(v));
	if (!r->canon) {
		assert_false(version_parse(&v, r->in, strlen(r->in)));
		assert_true(all_zero(&v, sizeof(v)));
		return;
	}
	assert_true(version_parse(&v, r->in, strlen(r->in)));
	version_format(&v, buf, sizeof(buf));
	assert_string_equal(buf, r->canon);
	/* round trip: the canonical text parses back to an equal version, same text */
	assert_true(version_parse(&w, buf, strlen(buf)));
	assert_int_equal(version_cmp(&v, &w), 0);
	version_format(&w, buf, sizeof(buf));
	assert_string_equal(buf, r->canon);
}

static void test_parse_fields(void **state)
{
	struct version v = parse_ok("3!2.1.0rc4.post5.dev6+Cu121");
	assert_int_equal(v.epoch, 3);
	assert_int_equal(v.nrelease, 3);
	assert_int_equal(v.release[0], 2);
	assert_int_equal(v.release[1], 1);
	assert_int_equal(v.release[2], 0);
	assert_int_equal(v.pre, VERSION_PRE_RC);
	assert_int_equal(v.pre_num, 4);
	assert_int_equal(v.post, 5);
	assert_int_equal(v.dev, 6);
	assert_string_equal(v.local, "cu121");
	v = parse_ok("1.0");
	assert_int_equal(v.post, -1);
	assert_int_equal(v.dev, -1);
	assert_int_equal(v.pre, VERSION_PRE_NONE);
	assert_string_equal(v.local, "");
}

/* The length is explicit: an embedded NUL is a character like any other, and junk. */
static void test_parse_nul_inside(void **state)
{
	struct version v;
	struct version_spec s;
	assert_false(version_parse(&v, "1.0\0", 4));
	assert_false(version_parse(&v, "1\0.0", 4));
	assert_false(version_parse(&v, "\0" "1.0", 4));
	assert_false(version_parse_driver(&v, "535\0.1", 6));
	assert_false(version_parse_cuda(&v, "12.4\0", 5));
	assert_false(version_parse_cuda(&v, "cu1\0" "21", 6));
	assert_false(version_spec_parse_pep440(&s, "==1.0\0", 6));
	assert_false(version_spec_parse_pep440(&s, "===a\0b", 6));
	assert_false(version_spec_parse_conda(&s, "2.1\0|2.2", 8));
	/* the text before the NUL alone is fine */
	assert_true(version_parse(&v, "1.0\0", 3));
}

static void test_parse_uses_len(void **state)
{
	struct version v;
	assert_true(version_parse(&v, "1.0junk", 3));
	assert_int_equal(v.nrelease, 2);
	assert_false(version_parse(&v, "1.0", 0));
	assert_false(version_parse(&v, NULL, 0));
	assert_false(version_parse(&v, NULL, 3));
}

static void test_format_truncates(void **state)
{
	struct version v = parse_ok("2.1.0rc1+cu121");
	char buf[8];
	memset(buf, 'x', sizeof(buf));
	version_format(&v, buf, 4);
	assert_string_equal(buf, "2.1");
	assert_int_equal(buf[4], 'x');
	version_format(&v, buf, 1);
	assert_string_equal(buf, "");
	buf[0] = 'x';
	version_format(&v, buf, 0);
	assert_int_equal(buf[0], 'x');
	version_format_driver(&v, buf, 3);
	assert_string_equal(buf, "2.");
}

/* version_format_release: the release parts only, at most `parts` of them. */
static void test_format_release(void **state)
{
	(void)state;
	char buf[32];
	struct version v = parse_ok("1!2.1.0rc1.post2.dev3+cu121");
	version_format_release(&v, 2, buf, sizeof(buf));
	assert_string_equal(buf, "2.1");
	v = parse_ok("9.1.0.70");
	version_format_release(&v, 3, buf, sizeof(buf));
	assert_string_equal(buf, "9.1.0");
	v = parse_ok("3");
	version_format_release(&v, 2, buf, sizeof(buf));
	assert_string_equal(buf, "3");
}

static void test_format_longest(void **state)
{
	struct version v = parse_ok("4294967295!4294967295.4294967295.4294967295.4294967295."
				    "4294967295.4294967295.4294967295.4294967295rc4294967295."
				    "post4294967295.dev4294967295+abcdefghijklmnopqrstuvwxyz01234");
	char buf[FMT_MAX];
	version_format(&v, buf, sizeof(buf));
	assert_string_equal(buf, "4294967295!4294967295.4294967295.4294967295.4294967295."
				 "4294967295.4294967295.4294967295.4294967295rc4294967295."
				 "post4294967295.dev4294967295+abcdefghijklmnopqrstuvwxyz01234");
}

/* Hostile sizes: fail fast, no overflow. */
static void test_parse_huge(void **state)
{
	size_t n = 1u << 20;
	char *big = malloc(n);
	struct version v;
	struct version_spec s;
	assert_non_null(big);
	memset(big, '9', n);
	assert_false(version_parse(&v, big, n));
	assert_false(version_parse_cuda(&v, big, n));
	assert_false(version_parse_driver(&v, big, n));
	for (size_t i = 0; i < n; i++)
		big[i] = (i % 2) ? '.' : '1';
	assert_false(version_parse(&v, big, n));
	memset(big, ',', n);
	assert_false(version_spec_parse_pep440(&s, big, n));
	memset(big, '|', n);
	assert_false(version_spec_parse_conda(&s, big, n));
	memset(big, ' ', n);
	assert_true(version_spec_parse_conda(&s, big, n));
	assert_int_equal(s.clauses[0].op, VOP_ANY);
	memset(big, '+', n);
	assert_false(version_parse(&v, big, n));
	free(big);
}

/* ------------------------------------------------------------------------- */
/* Drivers */

static struct version driver_ok(const char *s)
{
	struct version v;
	if (!version_parse_driver(&v, s, strlen(s)))
		fail_msg("driver '%s' should parse", s);
	return v;
}

static const struct cmp_row driver_cmp_rows[] = {
	{ "535.104.05", "535.86.09", 1 },  { "470.82.01", "470.129.06", -1 },
	{ "520.61.05", "520.56.06", 1 },   { "535", "535.43.02", -1 },
	{ "550.54.14", "535.183.01", 1 },  { "418.67", "418.87.01", -1 },
	{ "535.104.05", "535.104.5", 0 },  { "545.23.06", "545.23.08", -1 },
};

static void test_driver_cmp_row(void **state)
{
	const struct cmp_row *r = *state;
	struct version a = driver_ok(r->a), b = driver_ok(r->b);
	assert_int_equal(sign(version_cmp(&a, &b)), r->want);
	assert_int_equal(sign(version_cmp(&b, &a)), -r->want);
}

static const struct norm_row driver_rows[] = {
	{ "535.104.5", "535.104.05" }, { "470.82.01", "470.82.01" }, { "418.67", "418.67" },
	{ "535", "535" },              { "550.54.14", "550.54.14" }, { "535.104.123", "535.104.123" },
	{ " 535.104.05 ", "535.104.05" }, { "460.32.03", "460.32.03" },
	/* Windows drivers: the second component is two digits too (520.06, 496.04). */
	{ "520.06", "520.06" },           { "496.04", "496.04" },       { "520.6", "520.06" },
	{ "", NULL },            { "535.", NULL },       { ".535", NULL },     { "535..1", NULL },
	{ "535.104.05.1", NULL }, { "v535", NULL },     { "535a", NULL },     { "abc", NULL },
	{ "535.104.05 x", NULL }, { "4294967296", NULL }, { "535,104", NULL }, { "535.104-05", NULL },
};

static void test_driver_row(void **state)
{
	const struct norm_row *r = *state;
	struct version v, w;
	char buf[FMT_MAX];
	if (!r->canon) {
		assert_false(version_parse_driver(&v, r->in, strlen(r->in)));
		assert_true(all_zero(&v, sizeof(v)));
		return;
	}
	v = driver_ok(r->in);
	version_format_driver(&v, buf, sizeof(buf));
	assert_string_equal(buf, r->canon);
	w = driver_ok(buf);
	assert_int_equal(version_cmp(&v, &w), 0);
}

static void test_driver_branch(void **state)
{
	struct version v = driver_ok("535.104.05");
	assert_int_equal(version_driver_branch(&v), 535);
	v = driver_ok("470");
	assert_int_equal(version_driver_branch(&v), 470);
}

/* ------------------------------------------------------------------------- */
/* CUDA */

/* parts 0: must be rejected. */
struct cuda_row {
	const char *in;
	unsigned parts;
	uint32_t major, minor, patch;
};

static const struct cuda_row cuda_rows[] = {
	{ "12.4", 2, 12, 4, 0 },     { "12.4.1", 3, 12, 4, 1 },   { "cu124", 2, 12, 4, 0 },
	{ "cu92", 2, 9, 2, 0 },      { "cu102", 2, 10, 2, 0 },    { "cu121", 2, 12, 1, 0 },
	{ "cu130", 2, 13, 0, 0 },    { "cu80", 2, 8, 0, 0 },      { "CU118", 2, 11, 8, 0 },
	{ "cuda12.4", 2, 12, 4, 0 }, { "cuda124", 2, 12, 4, 0 },  { "cuda12.1", 2, 12, 1, 0 },
	{ "cuda129", 2, 12, 9, 0 },  { "cuda11.8.0", 3, 11, 8, 0 }, { "11040", 2, 11, 4, 0 },
	{ "12040", 2, 12, 4, 0 },    { "10020", 2, 10, 2, 0 },    { "9020", 2, 9, 2, 0 },
	{ "12080", 2, 12, 8, 0 },    { "cu12", 1, 12, 0, 0 },     { "12", 1, 12, 0, 0 },
	{ "V12.4.131", 3, 12, 4, 131 }, { " cu121 ", 2, 12, 1, 0 },
	{ "", 0, 0, 0, 0 },          { "abc", 0, 0, 0, 0 },       { "cu", 0, 0, 0, 0 },
	{ "cu1", 0, 0, 0, 0 },       { "cu1234", 0, 0, 0, 0 },    { "cu012", 0, 0, 0, 0 },
	{ "cu12.4", 0, 0, 0, 0 },    { "cuda", 0, 0, 0, 0 },      { "cuda1", 0, 0, 0, 0 },
	{ "12.4.1.2", 0, 0, 0, 0 },  { "124", 0, 0, 0, 0 },       { "12041", 0, 0, 0, 0 },
	{ "123456", 0, 0, 0, 0 },    { "1..2", 0, 0, 0, 0 },      { "12.", 0, 0, 0, 0 },
	{ "cu12a", 0, 0, 0, 0 },     { "cuda12.4x", 0, 0, 0, 0 }, { "cuda-12.4", 0, 0, 0, 0 },
	{ "0040", 0, 0, 0, 0 },      { "12.4rc1", 0, 0, 0, 0 },   { "cpu", 0, 0, 0, 0 },
	{ "+cu121", 0, 0, 0, 0 },    { "cu 121", 0, 0, 0, 0 },
};

static void test_cuda_row(void **state)
{
	const struct cuda_row *r = *state;
	struct version v;
	memset(&v, 0xab, sizeof(v));
	if (!r->parts) {
		assert_false(version_parse_cuda(&v, r->in, strlen(r->in)));
		assert_true(all_zero(&v, sizeof(v)));
		return;
	}
	assert_true(version_parse_cuda(&v, r->in, strlen(r->in)));
	assert_int_equal(v.nrelease, r->parts);
	assert_int_equal(v.release[0], r->major);
	if (r->parts > 1)
		assert_int_equal(v.release[1], r->minor);
	if (r->parts > 2)
		assert_int_equal(v.release[2], r->patch);
	assert_int_equal(v.post, -1);
	assert_int_equal(v.dev, -1);
	assert_int_equal(v.pre, VERSION_PRE_NONE);
}

/* "cu121" and the PEP 440 "12.1" are the same version. */
static void test_cuda_equals_dotted(void **state)
{
	struct version a, b = parse_ok("12.1");
	assert_true(version_parse_cuda(&a, "cu121", 5));
	assert_int_equal(version_cmp(&a, &b), 0);
	assert_true(version_parse_cuda(&a, "12010", 5));
	assert_int_equal(version_cmp(&a, &b), 0);
}

/* ------------------------------------------------------------------------- */
/* Specifiers */

/* ver NULL: the spec itself must be rejected. */
struct spec_row {
	const char *spec;
	const char *ver;
	bool want;
};

static const struct spec_row pep_rows[] = {
	/* == */
	{ "==2.1.0", "2.1.0", true },          { "==2.1.0", "2.1", true },
	{ "==2.1.0", "2.1.0+cu121", true },    { "==2.1.0", "2.1.1", false },
	{ "==2.1.0", "2.1.0.post1", false },   { "==2.1.0", "2.1.0rc1", false },
	{ "==2.1", "2.1.0.0", true },          { "==v2.1.0", "2.1.0", true },
	{ "== 2.1.0", "2.1.0", true },         { "==2.1.0rc1", "2.1.0rc1", true },
	{ "==2.1.0rc1", "2.1.0", false },      { "==1!2.0", "2.0", false },
	/* == with a local label */
	{ "==2.1.0+cu121", "2.1.0+cu121", true }, { "==2.1.0+cu121", "2.1.0+CU121", true },
	{ "==2.1.0+cu121", "2.1+cu121", true }, { "==2.1.0+cu121", "2.1.0+cu118", false },
	{ "==2.1.0+cu121", "2.1.0", false },   { "==2.1.0+cu121", "2.1.0+cu121.1", false },
	{ "==1.0+5", "1.0+5", true },          { "==1.0+5", "1.0+05", true },
	{ "==1.0+ubuntu-1", "1.0+Ubuntu.1", true },
	/* ==X.* */
	{ "==1.1.*", "1.1", true },            { "==1.1.*", "1.1.0.post1", true },
	{ "==1.1.*", "1.1.5", true },          { "==1.1.*", "1.1.0+cu121", true },
	{ "==1.1.*", "1.10", false },          { "==1.1.*", "1.2", false },
	{ "==1.1.*", "1.0.9", false },         { "==1.1.*", "1.1a1", false },
	{ "==1.1.*", "1!1.1", false },         { "==1.*", "1", true },
	{ "==1.*", "1.9.9", true },            { "==1.*", "2.0", false },
	{ "==1.1.0.*", "1.1", true },          { "==1.1.0.*", "1.1.1", false },
	{ "==1!1.*", "1!1.5", true },          { "==1!1.*", "1.5", false },
	/* != */
	{ "!=2.0.1", "2.0.1", false },         { "!=2.0.1", "2.0.2", true },
	{ "!=2.0.1", "2.0.1+local", false },   { "!=2.0.1", "2.0.1.post1", true },
	{ "!=2.0.1+cu121", "2.0.1", true },    { "!=2.0.1+cu121", "2.0.1+cu121", false },
	{ "!=1.1.*", "1.1.3", false },         { "!=1.1.*", "1.2", true },
	{ "!=1.1.*", "1.10", true },
	/* ~= */
	{ "~=2.2", "2.2", true },              { "~=2.2", "2.3", true },
	{ "~=2.2", "2.9.1", true },            { "~=2.2", "3.0", false },
	{ "~=2.2", "2.1", false },             { "~=1.4.5", "1.4.5", true },
	{ "~=1.4.5", "1.4.9", true },          { "~=1.4.5", "1.5.0", false },
	{ "~=1.4.5", "1.4.4", false },         { "~=2.2.post3", "2.2.post3", true },
	{ "~=2.2.post3", "2.2", false },       { "~=2.2.post3", "2.3", true },
	{ "~=1.4.5a4", "1.4.5a4", true },      { "~=1.4.5a4", "1.4.5", true },
	{ "~=1.4.5a4", "1.4.5a3", false },     { "~=1.4.5a4", "1.5", false },
	{ "~=2.2.0", "2.2.0+cu121", true },
	/* < */
	{ "<2.2", "2.1.9", true },             { "<2.2", "2.2", false },
	{ "<2.2", "2.2a1", false },            { "<2.2", "2.2.dev0", false },
	{ "<2.2", "2.2+local", false },        { "<2.2", "2.1.9+local", true },
	{ "<2.2rc1", "2.2a1", true },          { "<2.2rc1", "2.2rc1", false },
	{ "<2.2,>=2.0a1", "2.1a1", true },     { "<2.2,>=2.0a1", "2.2a1", false },
	/* <= */
	{ "<=2.2", "2.2", true },              { "<=2.2", "2.2.0", true },
	{ "<=2.2", "2.2.post1", false },       { "<=2.2", "2.2+local", true },
	{ "<=2.2", "2.3", false },
	/* > */
	{ ">2.2", "2.2", false },              { ">2.2", "2.2.post1", false },
	{ ">2.2", "2.2.1", true },             { ">2.2", "2.2+local", false },
	{ ">2.2", "2.3.post1", true },         { ">2.2.post1", "2.2.post2", true },
	{ ">2.2.post1", "2.2.post1", false },  { ">2.2", "2.2.0.1", true },
	/* pip's reading of "post-release / local version of V": same epoch and release */
	{ ">2.2.post1", "2.2.post1+local", false }, { ">2.2.post1", "2.2.post2+local", false },
	{ ">2.2rc1", "2.2+local", false },     { ">2.2rc1", "2.2rc1.post1", false },
	{ ">2.2rc1", "2.2rc1+local", false },  { ">2.2rc1", "2.2", true },
	{ "<2.2.post1,>=1.0a1", "2.2a1", false }, { "<2.2.post1,>=1.0a1", "2.1a1", true },
	{ ">2.2rc1", "2.2.post1", false },
	/* >= */
	{ ">=2.2", "2.2", true },              { ">=2.2", "2.1.99", false },
	{ ">=2.2", "2.2+cu121", true },        { ">=2.2", "2.2rc1", false },
	{ ">=2.2", "3.0rc1", false },          { ">=1.0.dev0", "1.0a1", true },
	{ ">=0.0.0a0", "26.10.0a5", true },
	/* sets */
	{ ">=2.0,<2.2", "2.1.2", true },       { ">=2.0,<2.2", "2.2.0", false },
	{ ">=2.0,<2.2", "1.13.1", false },     { " >= 2.0 , < 3 ", "2.5", true },
	{ ">=2.0,!=2.1.*", "2.1.1", false },   { ">=2.0,!=2.1.*", "2.2", true },
	/* === */
	{ "===2.1.0", "2.1.0", true },         { "===2.1.0", "2.1", false },
	{ "===2.1.0", "2.1.0+cu121", false },  { "===2.1.0+CU121", "2.1.0+cu121", true },
	{ "===foobar", "1.0", false },
	/* any */
	{ "", "9.9", true },                   { "  ", "0.1", true },
	{ "", "1.0a1", false },
	/* invalid specs */
	{ "==", NULL, false },                 { ">=", NULL, false },
	{ "=2.1", NULL, false },               { "2.1", NULL, false },
	{ "~=1", NULL, false },                { "~=1.*", NULL, false },
	{ ">=1.0.*", NULL, false },            { "==1.0a1.*", NULL, false },
	{ "==1.0.post1.*", NULL, false },      { "==1.0+local.*", NULL, false },
	{ "<=1.0+local", NULL, false },        { ">1.0+cu121", NULL, false },
	{ "~=1.0+x", NULL, false },            { "===", NULL, false },
	{ "==1.0,", NULL, false },             { ",==1.0", NULL, false },
	{ "==1.0,,<2", NULL, false },          { "> = 1.0", NULL, false },
	{ "==1.0 1", NULL, false },            { "=== a b", NULL, false },
	{ "==1.*.3", NULL, false },            { ">=abc", NULL, false },
	{ "==1.0|2.0", NULL, false },          { "=>1.0", NULL, false },
	{ "==*", NULL, false },                { "<>1.0", NULL, false },
	{ "==1.0;", NULL, false },             { "===1.0)", NULL, false },
	{ "*", NULL, false },                  { "==1.0+", NULL, false },
};

static const struct spec_row conda_rows[] = {
	/* fuzzy: bare and "=" */
	{ "2.1", "2.1.0", true },              { "2.1", "2.1.2", true },
	{ "2.1", "2.10", false },              { "2.1", "2.2", false },
	{ "2.1", "2.0.9", false },             { "2.1", "2.1.0rc1", true },
	{ "=2.1", "2.1.5", true },             { "=2.1", "2.0", false },
	{ "=2.1.0", "2.1.0.post1", true },     { "=2.1.0", "2.1.1", false },
	{ "=11.8", "11.8.0", true },           { "=7", "7.6.5", true },
	{ "=2.1.0a1", "2.1.0a1", true },       { "=2.1.0a1", "2.1.0", false },
	/* exact */
	{ "==2.1.0", "2.1.0", true },          { "==2.1.0", "2.1", true },
	{ "==2.1.0", "2.1.1", false },         { "==2.1", "2.1.1", false },
	/* wildcards */
	{ "2.1.*", "2.1.1", true },            { "2.1.*", "2.2", false },
	{ "2.1*", "2.1.1", true },             { "2.1*", "2.10", false },
	{ "=14.*", "14.2", true },             { "=14.*", "15", false },
	{ "==26.10.*", "26.10.1", true },      { "!=2.1.*", "2.1.3", false },
	{ "!=2.1.*", "2.2", true },            { ">=2.1.*", "2.1", true },
	{ ">=2.1.*", "2.0", false },           { "<2.2.*", "2.1", true },
	{ "<2.2.*", "2.2", false },
	/* AND, OR */
	{ ">=2.0,<2.2", "2.1", true },         { ">=2.0,<2.2", "2.2", false },
	{ ">=2.0,<2.2", "1.9", false },        { ">=0.8, <1.0", "0.9", true },
	{ "2.1|2.2", "2.2.1", true },          { "2.1|2.2", "2.1.0", true },
	{ "2.1|2.2", "2.3", false },           { ">=1.8,<2|2.1.*", "1.9", true },
	{ ">=1.8,<2|2.1.*", "2.0", false },    { ">=1.8,<2|2.1.*", "2.1.3", true },
	{ ">=1.8,<2|2.1.*", "2.2", false },    { ">=1.8,<2|2.1.*", "1.7", false },
	{ "=1.11.1|1.11.3", "1.11.1", true },  { "=1.11.1|1.11.3", "1.11.2", false },
	{ " 2.1 | 2.2 ", "2.2", true },        { "==26.10.*,>=0.0.0a0", "26.10.0a5", true },
	{ "==26.10.*,>=0.0.0a0", "26.11", false }, { ">=3.2.2,<3.3.0a0", "3.2.9", true },
	{ ">=3.2.2,<3.3.0a0", "3.3.0", false },
	/* other operators */
	{ "*", "0.1", true },                  { "", "5", true },
	{ "!=2.1.0", "2.1.0", false },         { "!=2.1.0", "2.1.1", true },
	{ "~=2.1.0", "2.1.5", true },          { "~=2.1.0", "2.2", false },
	{ ">= 3.8", "3.10", true },            { ">=3.8", "3.7.16", false },
	{ "<2.15.0a0", "2.14.9", true },       { ">2.0", "2.0.1", true },
	{ "<=2.0", "2.0.0", true },            { ">=10", "11.8", true },
	/* conda matches pre-releases without being asked */
	{ ">=2.0", "2.1.0rc1", true },
	/* invalid */
	{ "==", NULL, false },                 { ">=", NULL, false },
	{ "~=2.1.*", NULL, false },            { "2.1|", NULL, false },
	{ "|2.1", NULL, false },               { "2.1,", NULL, false },
	{ ">=1,,<2", NULL, false },            { "1.*.3", NULL, false },
	{ "=>2", NULL, false },                { "===2", NULL, false },
	{ "abc", NULL, false },                { "(>=1)", NULL, false },
	{ ">=1.1.1k", NULL, false },           { "~=1", NULL, false },
	{ "2.1 2.2", NULL, false },            { "!=1.1.1k", NULL, false },
	{ "2.1||2.2", NULL, false },           { ">=2.0*", NULL, false },
};

static void check_spec_row(const struct spec_row *r, bool conda)
{
	struct version_spec s;
	bool ok = conda ? version_spec_parse_conda(&s, r->spec, strlen(r->spec))
			: version_spec_parse_pep440(&s, r->spec, strlen(r->spec));
	if (!r->ver) {
		assert_false(ok);
		assert_true(all_zero(&s, sizeof(s)));
		return;
	}
	assert_true(ok);
	struct version v = parse_ok(r->ver);
	if (version_spec_matches(&s, &v) != r->want)
		fail_msg("'%s' on '%s': want %d", r->spec, r->ver, r->want);
}

static void test_pep_row(void **state)
{
	check_spec_row(*state, false);
}

static void test_conda_row(void **state)
{
	check_spec_row(*state, true);
}

static void test_spec_structure(void **state)
{
	struct version_spec s;
	assert_true(version_spec_parse_conda(&s, ">=1.8,<2|2.1.*", 14));
	assert_int_equal(s.nclauses, 3);
	assert_int_equal(s.clauses[0].op, VOP_GE);
	assert_int_equal(s.clauses[1].op, VOP_LT);
	assert_int_equal(s.clauses[2].op, VOP_PREFIX);
	assert_int_equal(s.clauses[2].prefix_parts, 2);
	assert_int_equal(s.group[0], s.group[1]);
	assert_true(s.group[1] != s.group[2]);
	assert_true(version_spec_parse_conda(&s, "2.1", 3));
	assert_int_equal(s.clauses[0].op, VOP_PREFIX);
	assert_true(version_spec_parse_conda(&s, "==2.1", 5));
	assert_int_equal(s.clauses[0].op, VOP_EQ);
	assert_true(version_spec_parse_pep440(&s, "~=1.4.5", 7));
	assert_int_equal(s.clauses[0].op, VOP_COMPAT);
	assert_int_equal(s.clauses[0].prefix_parts, 2);
	assert_true(version_spec_parse_pep440(&s, "!=1.4.*", 7));
	assert_int_equal(s.clauses[0].op, VOP_NOT_PREFIX);
	assert_true(version_spec_parse_pep440(&s, "===foo", 6));
	assert_int_equal(s.clauses[0].op, VOP_ARBITRARY);
	assert_string_equal(s.clauses[0].arbitrary, "foo");
	assert_true(version_spec_parse_pep440(&s, "", 0));
	assert_int_equal(s.nclauses, 1);
	assert_int_equal(s.clauses[0].op, VOP_ANY);
	assert_true(version_spec_parse_pep440(&s, NULL, 0));
	assert_false(version_spec_parse_pep440(&s, NULL, 2));
}

/* conda versions PEP 440 cannot read ("1.1.1k") are kept as literals. */
static void test_conda_literal(void **state)
{
	struct version_spec s;
	struct version v;
	assert_true(version_spec_parse_conda(&s, "1.1.1k", 6));
	assert_int_equal(s.clauses[0].op, VOP_ARBITRARY);
	assert_string_equal(s.clauses[0].arbitrary, "1.1.1k");
	assert_false(version_spec_exact(&s, &v));
	assert_true(version_spec_parse_conda(&s, "=5.0.0.4634.697f757", 19));
	assert_int_equal(s.clauses[0].op, VOP_ARBITRARY);
	assert_true(version_spec_parse_conda(&s, "==1.1.1k", 8));
	assert_int_equal(s.clauses[0].op, VOP_ARBITRARY);
	v = parse_ok("1.1.1");
	assert_false(version_spec_matches(&s, &v));
}

static void test_allows_pre(void **state)
{
	static const struct {
		const char *spec;
		bool pre;
	} rows[] = {
		{ "!=2.0a1", false },  { ">=2.0a1", true },   { "==1.*", false },
		{ "<2.0.dev1", true }, { "~=1.0rc1", true },  { "===1.0a1", true },
		{ "===foo", false },   { "", false },         { ">=1.0,!=1.1b1", false },
		{ "==1.0a1", true },
	};
	struct version_spec s;
	for (size_t i = 0; i < ARRAY_LEN(rows); i++) {
		assert_true(version_spec_parse_pep440(&s, rows[i].spec, strlen(rows[i].spec)));
		if (s.allows_pre != rows[i].pre)
			fail_msg("allows_pre('%s') != %d", rows[i].spec, rows[i].pre);
	}
	assert_true(version_spec_parse_conda(&s, ">=2.0", 5));
	assert_true(s.allows_pre);
}

static void test_max_clauses(void **state)
{
	char buf[256];
	struct version_spec s;
	size_t n = 0;
	for (int i = 0; i < VERSION_SPEC_MAX_CLAUSES; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s!=0.%d", i ? "," : "", i);
	assert_true(version_spec_parse_pep440(&s, buf, n));
	assert_int_equal(s.nclauses, VERSION_SPEC_MAX_CLAUSES);
	n += (size_t)snprintf(buf + n, sizeof(buf) - n, ",!=0.99");
	assert_false(version_spec_parse_pep440(&s, buf, n));
	for (size_t i = 0; i < n; i++)
		if (buf[i] == ',')
			buf[i] = '|';
	assert_false(version_spec_parse_conda(&s, buf, n));
}

static void test_spec_exact(void **state)
{
	static const struct {
		const char *spec;
		bool conda;
		const char *want;  /* NULL: not exact */
	} rows[] = {
		{ "==2.1.0", false, "2.1.0" },        { ">=2.0", false, NULL },
		{ "===2.1.0", false, "2.1.0" },       { "===foo", false, NULL },
		{ "==2.1.0+cu121", false, "2.1.0+cu121" }, { "==2.1.*", false, NULL },
		{ "==2.1.0,!=2.1.0", false, NULL },   { ">=2.0,==2.1.0", false, "2.1.0" },
		{ "==2.1.0rc1", false, "2.1.0rc1" },  { "", false, NULL },
		{ "==2.1.0", true, "2.1.0" },         { "2.1", true, NULL },
		{ "2.1|2.2", true, NULL },            { "==2.1|==2.2", true, NULL },
		{ "=2.1.0a1", true, "2.1.0a1" },
	};
	char buf[FMT_MAX];
	for (size_t i = 0; i < ARRAY_LEN(rows); i++) {
		struct version_spec s;
		struct version v;
		const char *t = rows[i].spec;
		assert_true(rows[i].conda ? version_spec_parse_conda(&s, t, strlen(t))
					  : version_spec_parse_pep440(&s, t, strlen(t)));
		if (version_spec_exact(&s, &v) != (rows[i].want != NULL))
			fail_msg("exact('%s')", t);
		if (rows[i].want) {
			version_format(&v, buf, sizeof(buf));
			assert_string_equal(buf, rows[i].want);
		}
	}
}

static void test_filter(void **state)
{
	static const char *const known_text[] = {
		"1.13.1", "2.0.0", "2.0.1", "2.1.0", "2.1.1", "2.1.2", "2.2.0rc1", "2.2.0", "2.3.0",
	};
	struct version known[ARRAY_LEN(known_text)];
	bool hit[ARRAY_LEN(known_text)];
	struct version_spec s;
	for (size_t i = 0; i < ARRAY_LEN(known); i++)
		known[i] = parse_ok(known_text[i]);

	assert_true(version_spec_parse_pep440(&s, ">=2.0,<2.2", 10));
	assert_int_equal(version_spec_filter(&s, known, ARRAY_LEN(known), hit), 5);
	assert_false(hit[0]);
	assert_true(hit[1] && hit[2] && hit[3] && hit[4] && hit[5]);
	assert_false(hit[6] || hit[7] || hit[8]);

	/* the pre-release is held back until the caller asks for it */
	assert_true(version_spec_parse_pep440(&s, ">=2.2.0.dev0", 12));
	assert_int_equal(version_spec_filter(&s, known, ARRAY_LEN(known), hit), 3);
	assert_true(version_spec_parse_pep440(&s, ">2.1.2", 6));
	assert_int_equal(version_spec_filter(&s, known, ARRAY_LEN(known), hit), 2);
	assert_false(hit[6]);
	s.allows_pre = true;
	assert_int_equal(version_spec_filter(&s, known, ARRAY_LEN(known), hit), 3);
	assert_true(hit[6]);

	assert_true(version_spec_parse_conda(&s, "2.1", 3));
	assert_int_equal(version_spec_filter(&s, known, ARRAY_LEN(known), NULL), 3);
	assert_true(version_spec_parse_conda(&s, "==2.1", 5));
	assert_int_equal(version_spec_filter(&s, known, ARRAY_LEN(known), hit), 1);
	assert_true(hit[3]);
	assert_int_equal(version_spec_filter(&s, known, 0, hit), 0);
}

/* A caller-built spec with junk counts must not read out of bounds. */
static void test_spec_defensive(void **state)
{
	struct version_spec s;
	struct version v = parse_ok("1.0");
	memset(&s, 0, sizeof(s));
	assert_true(version_spec_matches(&s, &v));
	s.nclauses = 200;
	assert_true(version_spec_matches(&s, &v));  /* 16 VOP_ANY clauses */
	v.nrelease = 200;
	char buf[FMT_MAX];
	version_format(&v, buf, sizeof(buf));
	assert_string_equal(buf, "1.0.0.0.0.0.0.0");
}

/* ------------------------------------------------------------------------- */
/* Registration: one cmocka case per table row. */

#define NAME_MAX_LEN 112
#define N_TESTS                                                                                  \
	(ARRAY_LEN(pep_chain) - 1 + ARRAY_LEN(packaging_chain) - 1 + ARRAY_LEN(cmp_rows) +        \
	 ARRAY_LEN(norm_rows) + ARRAY_LEN(driver_cmp_rows) + ARRAY_LEN(driver_rows) +            \
	 ARRAY_LEN(cuda_rows) + ARRAY_LEN(pep_rows) + ARRAY_LEN(conda_rows) + N_PLAIN)
/* the add_plain() calls in main */
#define N_PLAIN 20

struct registry {
	struct CMUnitTest *tests;
	char (*names)[NAME_MAX_LEN];
	size_t n;
};

static void add(struct registry *r, CMUnitTestFunction fn, const void *row, const char *fmt,
		const char *a, const char *b)
{
	if (r->n >= N_TESTS)
		abort();  /* N_PLAIN is out of date */
	snprintf(r->names[r->n], NAME_MAX_LEN, fmt, a, b);
	for (char *p = r->names[r->n]; *p; p++)
		if ((unsigned char)*p < ' ')
			*p = '?';  /* keep one case per output line */
	r->tests[r->n].name = r->names[r->n];
	r->tests[r->n].test_func = fn;
	r->tests[r->n].setup_func = NULL;
	r->tests[r->n].teardown_func = NULL;
	r->tests[r->n].initial_state = (void *)(uintptr_t)row;
	r->n++;
}

static void add_plain(struct registry *r, CMUnitTestFunction fn, const char *name)
{
	add(r, fn, NULL, "%s%s", name, "");
}

int main(void)
{
	static struct CMUnitTest tests[N_TESTS];
	static char names[N_TESTS][NAME_MAX_LEN];
	static struct pair_row pairs[ARRAY_LEN(pep_chain) + ARRAY_LEN(packaging_chain)];
	struct registry r = { tests, names, 0 };
	size_t np = 0;

	for (size_t i = 0; i + 1 < ARRAY_LEN(pep_chain); i++) {
		pairs[np] = (struct pair_row){ pep_chain[i], pep_chain[i + 1] };
		add(&r, test_chain_pair, &pairs[np++], "pep440 order %s < %s", pep_chain[i],
		    pep_chain[i + 1]);
	}
	for (size_t i = 0; i + 1 < ARRAY_LEN(packaging_chain); i++) {
		pairs[np] = (struct pair_row){ packaging_chain[i], packaging_chain[i + 1] };
		add(&r, test_chain_pair, &pairs[np++], "packaging order %s < %s", packaging_chain[i],
		    packaging_chain[i + 1]);
	}
	for (size_t i = 0; i < ARRAY_LEN(cmp_rows); i++)
		add(&r, test_cmp_row, &cmp_rows[i], "cmp %s vs %s", cmp_rows[i].a, cmp_rows[i].b);
	for (size_t i = 0; i < ARRAY_LEN(norm_rows); i++)
		add(&r, test_norm_row, &norm_rows[i], "parse '%s' -> %s", norm_rows[i].in,
		    norm_rows[i].canon ? norm_rows[i].canon : "rejected");
	for (size_t i = 0; i < ARRAY_LEN(driver_cmp_rows); i++)
		add(&r, test_driver_cmp_row, &driver_cmp_rows[i], "driver cmp %s vs %s",
		    driver_cmp_rows[i].a, driver_cmp_rows[i].b);
	for (size_t i = 0; i < ARRAY_LEN(driver_rows); i++)
		add(&r, test_driver_row, &driver_rows[i], "driver '%s' -> %s", driver_rows[i].in,
		    driver_rows[i].canon ? driver_rows[i].canon : "rejected");
	for (size_t i = 0; i < ARRAY_LEN(cuda_rows); i++)
		add(&r, test_cuda_row, &cuda_rows[i], "cuda '%s'%s", cuda_rows[i].in,
		    cuda_rows[i].parts ? "" : " rejected");
	for (size_t i = 0; i < ARRAY_LEN(pep_rows); i++)
		add(&r, test_pep_row, &pep_rows[i], "pep440 spec '%s' on %s", pep_rows[i].spec,
		    pep_rows[i].ver ? pep_rows[i].ver : "(invalid spec)");
	for (size_t i = 0; i < ARRAY_LEN(conda_rows); i++)
		add(&r, test_conda_row, &conda_rows[i], "conda spec '%s' on %s", conda_rows[i].spec,
		    conda_rows[i].ver ? conda_rows[i].ver : "(invalid spec)");

	add_plain(&r, test_pep_chain_all_pairs, "pep440 chain: every pair");
	add_plain(&r, test_packaging_chain_all_pairs, "packaging chain: every pair");
	add_plain(&r, test_cmp_public_ignores_local, "cmp_public ignores local");
	add_plain(&r, test_cmp_prefix, "cmp_prefix");
	add_plain(&r, test_parse_fields, "parse fields");
	add_plain(&r, test_parse_nul_inside, "NUL inside the text");
	add_plain(&r, test_parse_uses_len, "explicit length");
	add_plain(&r, test_format_truncates, "format truncates");
	add_plain(&r, test_format_release, "format release parts");
	add_plain(&r, test_format_longest, "format longest version");
	add_plain(&r, test_parse_huge, "1 MiB inputs");
	add_plain(&r, test_driver_branch, "driver branch");
	add_plain(&r, test_cuda_equals_dotted, "cuda tag equals dotted");
	add_plain(&r, test_spec_structure, "spec structure");
	add_plain(&r, test_conda_literal, "conda literal versions");
	add_plain(&r, test_allows_pre, "allows_pre");
	add_plain(&r, test_max_clauses, "max clauses");
	add_plain(&r, test_spec_exact, "spec_exact");
	add_plain(&r, test_filter, "filter");
	add_plain(&r, test_spec_defensive, "caller-built structs");

	if (r.n != N_TESTS)
		abort();  /* N_PLAIN is out of date */
	return cmocka_run_group_tests(tests, NULL, NULL);
}

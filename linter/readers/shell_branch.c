/*
 * shell_branch.c: see shell_branch.h. The tree is the one shell.c parsed; each command's
 * ancestors are read once, when the command is one envlint keeps (a few per body).
 */
#include "shell_branch.h"

#include <stdbool.h>
#include <string.h>

/* How the tests spell the target's architecture: BuildKit's TARGETPLATFORM and
 * TARGETARCH (Dockerfile reference, "Automatic platform ARGs in the global scope"),
 * `uname -m` and `arch` (the kernel's machine name) and `dpkg --print-architecture`
 * (Debian's). */
static const char *const ARCH_SOURCES[] = {
	"$TARGETPLATFORM",
	"${TARGETPLATFORM}",
	"$TARGETARCH",
	"${TARGETARCH}",
	"$(uname -m)",
	"`uname -m`",
	"$(arch)",
	"`arch`",
	"$(dpkg --print-architecture)",
};

/* An architecture as those print it, and its platform_machine (PEP 508) on Linux. */
static const struct {
	const char *spelling, *machine;
} ARCHES[] = {
	{ "linux/arm64", "aarch64" }, { "linux/arm64/v8", "aarch64" }, { "arm64", "aarch64" },
	{ "aarch64", "aarch64" },     { "linux/amd64", "x86_64" },     { "amd64", "x86_64" },
	{ "x86_64", "x86_64" },
};

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* The node's text with one pair of enclosing quotes taken off, in buf; "" when it does
 * not fit or lies outside the body. */
static const char *operand(TSNode n, const char *text, size_t len, char *buf, size_t size)
{
	uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
	if (ts_node_is_null(n) || b > len || a >= b || b - a >= size)
		return "";
	if (b - a >= 2 && (text[a] == '"' || text[a] == '\'') && text[b - 1] == text[a]) {
		a++;
		b--;
	}
	memcpy(buf, text + a, b - a);
	buf[b - a] = '\0';
	return buf;
}

static bool is_arch_source(const char *s)
{
	for (size_t i = 0; i < LEN(ARCH_SOURCES); i++)
		if (!strcmp(s, ARCH_SOURCES[i]))
			return true;
	return false;
}

static const char *machine_of(const char *s)
{
	for (size_t i = 0; i < LEN(ARCHES); i++)
		if (!strcmp(s, ARCHES[i].spelling))
			return ARCHES[i].machine;
	return NULL;
}

/* `X == "aarch64"` for a test `[ SOURCE = ARCH ]` (or `==`, `!=`, either order, in
 * `[` or `[[`), negated when `negate`; NULL for any other test. */
static const char *test_marker(TSNode test, const char *text, size_t len, bool negate, struct arena *arena)
{
	if (strcmp(ts_node_type(test), "test_command") || ts_node_named_child_count(test) != 1)
		return NULL;
	TSNode e = ts_node_named_child(test, 0);
	if (strcmp(ts_node_type(e), "binary_expression"))
		return NULL;
	char lb[64], rb[64];
	TSNode op = ts_node_child_by_field_name(e, "operator", 8);
	const char *l = operand(ts_node_child_by_field_name(e, "left", 4), text, len, lb, sizeof(lb));
	const char *r = operand(ts_node_child_by_field_name(e, "right", 5), text, len, rb, sizeof(rb));
	const char *o = ts_node_is_null(op) ? "" : ts_node_type(op);
	bool eq = !strcmp(o, "=") || !strcmp(o, "=="), ne = !strcmp(o, "!=");
	const char *m = is_arch_source(l) ? machine_of(r) : is_arch_source(r) ? machine_of(l) : NULL;
	if (!m || (!eq && !ne))
		return NULL;
	return arena_printf(arena, "platform_machine %s \"%s\"", eq != negate ? "==" : "!=", m);
}

/* The one test between `if` and `then`, or a null node. */
static TSNode if_condition(TSNode stmt)
{
	TSNode found = { 0 };
	for (uint32_t i = 0, n = ts_node_child_count(stmt); i < n; i++) {
		TSNode c = ts_node_child(stmt, i);
		const char *type = ts_node_type(c);
		if (!strcmp(type, "then"))
			return found;
		if (!ts_node_is_named(c))
			continue;
		if (!ts_node_is_null(found))
			return (TSNode){ 0 };
		found = c;
	}
	return (TSNode){ 0 };
}

/* The marker of the branch of `stmt` (an if_statement) that holds `child`: the test in
 * `then`, its negation in `else` when no `elif` comes between; NULL elsewhere. */
static const char *if_branch(TSNode stmt, TSNode child, const char *text, size_t len, struct arena *arena)
{
	bool after_then = false, elif = false;
	for (uint32_t i = 0, n = ts_node_child_count(stmt); i < n; i++) {
		TSNode c = ts_node_child(stmt, i);
		const char *type = ts_node_type(c);
		after_then |= !strcmp(type, "then");
		elif |= !strcmp(type, "elif_clause");
		if (!ts_node_eq(c, child))
			continue;
		TSNode test = if_condition(stmt);
		if (!after_then || !strcmp(type, "elif_clause") || ts_node_is_null(test))
			return NULL;
		bool negate = !strcmp(type, "else_clause");
		return negate && elif ? NULL : test_marker(test, text, len, negate, arena);
	}
	return NULL;
}

/* `platform_machine == "aarch64"` for each literal pattern of a case item, joined
 * with `or`; `*` (the default) becomes `!=` of every other item's patterns, joined with
 * `and`. NULL if a pattern is neither. */
static const char *case_patterns(TSNode item, bool negate, const char *text, size_t len, struct arena *arena,
				 const char *acc)
{
	for (uint32_t i = 0, n = ts_node_child_count(item); i < n; i++) {
		const char *field = ts_node_field_name_for_child(item, i);
		if (!field || strcmp(field, "value"))
			continue;
		char buf[64];
		const char *m = machine_of(operand(ts_node_child(item, i), text, len, buf, sizeof(buf)));
		if (!m)
			return NULL;
		const char *one = arena_printf(arena, "platform_machine %s \"%s\"", negate ? "!=" : "==", m);
		acc = acc ? arena_printf(arena, "%s %s %s", acc, negate ? "and" : "or", one) : one;
	}
	return acc;
}

static bool is_default_item(TSNode item, const char *text, size_t len)
{
	char buf[8];
	uint32_t values = 0;
	bool star = false;
	for (uint32_t i = 0, n = ts_node_child_count(item); i < n; i++) {
		const char *field = ts_node_field_name_for_child(item, i);
		if (field && !strcmp(field, "value")) {
			values++;
			star = !strcmp(operand(ts_node_child(item, i), text, len, buf, sizeof(buf)), "*");
		}
	}
	return values == 1 && star;
}

/* The marker of the case item `item` of `stmt` (a case_statement on the architecture). */
static const char *case_branch(TSNode stmt, TSNode item, const char *text, size_t len, struct arena *arena)
{
	char buf[64];
	if (strcmp(ts_node_type(item), "case_item") ||
	    !is_arch_source(
		    operand(ts_node_child_by_field_name(stmt, "value", 5), text, len, buf, sizeof(buf))))
		return NULL;
	if (!is_default_item(item, text, len))
		return case_patterns(item, false, text, len, arena, NULL);
	const char *acc = NULL;
	for (uint32_t i = 0, n = ts_node_named_child_count(stmt); i < n; i++) {
		TSNode other = ts_node_named_child(stmt, i);
		if (ts_node_eq(other, item) || strcmp(ts_node_type(other), "case_item"))
			continue;
		/* a `;&` fall-through item runs into the next one's commands too */
		if (!ts_node_is_null(ts_node_child_by_field_name(other, "fallthrough", 11)))
			return NULL;
		if (!(acc = case_patterns(other, true, text, len, arena, acc)))
			return NULL;
	}
	return acc;
}

/* Every ARCH_SOURCES spelling holds one of these. */
static const char *const SOURCE_WORDS[] = { "TARGETPLATFORM", "arch", "ARCH", "uname" };

static bool holds(const char *text, size_t len, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = text;
	     len >= n && (p = memchr(p, word[0], len - n + 1 - (size_t)(p - text))) != NULL; p++)
		if (!memcmp(p, word, n))
			return true;
	return false;
}

bool shell_branch_may_test(const char *text, size_t len)
{
	for (size_t i = 0; i < LEN(SOURCE_WORDS); i++)
		if (holds(text, len, SOURCE_WORDS[i]))
			return true;
	return false;
}

const char *shell_branch_marker(TSNode cmd, const char *text, size_t len, struct arena *arena)
{
	const char *marker = NULL;
	TSNode child = cmd;
	for (TSNode up = ts_node_parent(cmd); !ts_node_is_null(up); child = up, up = ts_node_parent(up)) {
		const char *type = ts_node_type(up), *m = NULL;
		if (!strcmp(type, "if_statement"))
			m = if_branch(up, child, text, len, arena);
		else if (!strcmp(type, "case_statement"))
			m = case_branch(up, child, text, len, arena);
		if (m)
			marker = marker ? arena_printf(arena, "(%s) and (%s)", m, marker) : m;
	}
	return marker;
}

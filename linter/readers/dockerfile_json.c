/*
 * dockerfile_json.c: the exec form of RUN/COPY/ADD, `["a", "b"]` (reference, "Shell and
 * exec form"): a JSON array of strings, decoded into words that keep their Dockerfile
 * offsets. Anything that is not such an array is left to the caller.
 */
#include "readers.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "dockerfile_df_internal.h"
#include "shell.h"
#include "util/arena.h"
#include "util/vec.h"
#include "util/xalloc.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static void add_utf8(struct shell_text *t, unsigned cp, size_t off)
{
	if (cp < 0x80) {
		shell_text_addc(t, (char)cp, off, -1);
	} else if (cp < 0x800) {
		shell_text_addc(t, (char)(0xC0 | (cp >> 6)), off, -1);
		shell_text_addc(t, (char)(0x80 | (cp & 0x3F)), off, -1);
	} else {
		shell_text_addc(t, (char)(0xE0 | (cp >> 12)), off, -1);
		shell_text_addc(t, (char)(0x80 | ((cp >> 6) & 0x3F)), off, -1);
		shell_text_addc(t, (char)(0x80 | (cp & 0x3F)), off, -1);
	}
}

/* One JSON string at buf[*i] (a '"'); appends its value to t. */
static bool json_string(const struct df *df, size_t *i, size_t to, struct shell_text *t)
{
	size_t p = *i + 1;
	while (p < to && df->buf.items[p] != '"') {
		char c = df->buf.items[p];
		if ((unsigned char)c < 0x20)
			return false;
		if (c != '\\') {
			shell_text_addc(t, c, df->map.items[p], -1);
			p++;
			continue;
		}
		if (p + 1 >= to)
			return false;
		char e = df->buf.items[p + 1];
		const char *from = "\"\\/bfnrt", *into = "\"\\/\b\f\n\r\t";
		const char *k = strchr(from, e);
		if (e == 'u') {
			unsigned cp = 0;
			for (int d = 0; d < 4; d++) {
				int h = p + 2 + (size_t)d < to ? hexval(df->buf.items[p + 2 + d]) : -1;
				if (h < 0)
					return false;
				cp = cp * 16 + (unsigned)h;
			}
			add_utf8(t, cp, df->map.items[p]);
			p += 6;
		} else if (k && e) {
			shell_text_addc(t, into[k - from], df->map.items[p], -1);
			p += 2;
		} else {
			return false;
		}
	}
	if (p >= to)
		return false;
	*i = p + 1;
	return true;
}

/* buf[from, to) as a JSON array of strings (exec form). Words go to the arena. */
bool df_json_array(struct df *df, size_t from, size_t to, struct word **words, size_t *n)
{
	struct shell_expander e = df_expander(df, df_cur_env_stage(df));
	struct shell_text t;
	shell_text_init(&t);
	VEC(struct word) w = { NULL, 0, 0 };
	size_t i = df_skip_blank(df->buf.items, from, to);
	bool ok = i < to && df->buf.items[i] == '[';
	if (ok)
		i = df_skip_blank(df->buf.items, i + 1, to);
	bool first = true;
	while (ok && i < to && df->buf.items[i] != ']') {
		if (!first) {
			ok = df->buf.items[i] == ',';
			i = df_skip_blank(df->buf.items, i + 1, to);
		}
		first = false;
		if (!ok || i >= to || df->buf.items[i] != '"') {
			ok = false;
			break;
		}
		size_t ws = i;
		shell_text_reset(&t);
		if (!json_string(df, &i, to, &t)) {
			ok = false;
			break;
		}
		vec_push(&w, shell_word_from_text(&e, df->src, &t, 0, t.text.nr, df_buf_span(df, ws, i)));
		i = df_skip_blank(df->buf.items, i, to);
	}
	if (ok && (i >= to || df->buf.items[i] != ']'))
		ok = false;
	if (ok && df_skip_blank(df->buf.items, i + 1, to) != to)
		ok = false;
	if (ok) {
		*words = arena_alloc(df->ctx->arena, st_mult(w.nr ? w.nr : 1, sizeof(**words)));
		if (w.nr)
			memcpy(*words, w.items, w.nr * sizeof(*w.items));
		*n = w.nr;
	}
	vec_release(&w);
	shell_text_release(&t);
	return ok;
}

#include "jsonw.h"

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if it is not valid. */
static size_t utf8_len(const unsigned char *s)
{
	if (s[0] < 0x80)
		return 1;
	size_t n;
	uint32_t min;
	if ((s[0] & 0xE0) == 0xC0) {
		n = 2;
		min = 0x80;
	} else if ((s[0] & 0xF0) == 0xE0) {
		n = 3;
		min = 0x800;
	} else if ((s[0] & 0xF8) == 0xF0) {
		n = 4;
		min = 0x10000;
	} else {
		return 0;
	}
	uint32_t cp = s[0] & (0x7F >> n);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

void jsonw_string(struct buf *out, const char *s)
{
	if (!s) {
		buf_adds(out, "null");
		return;
	}
	buf_addch(out, '"');
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned char c = *p;
		if (c == '"' || c == '\\') {
			buf_addch(out, '\\');
			buf_addch(out, (char)c);
			p++;
		} else if (c == '\n') {
			buf_adds(out, "\\n");
			p++;
		} else if (c == '\t') {
			buf_adds(out, "\\t");
			p++;
		} else if (c == '\r') {
			buf_adds(out, "\\r");
			p++;
		} else if (c < 0x20) {
			buf_addf(out, "\\u%04x", c);
			p++;
		} else if (c < 0x80) {
			/* A run of printable ASCII other than '"' and '\\' is copied as it is (what
			 * the byte-at-a-time path below appends for each): one append per run,
			 * not one per byte. When the run does not fit under the buffer's cap (nothing
			 * of it was added), the bytes go one at a time as before, so a capped
			 * buffer stops at the same byte. */
			const unsigned char *run = p;
			while (*p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\')
				p++;
			if (!buf_add(out, (const char *)run, (size_t)(p - run)))
				for (const unsigned char *q = run; q < p; q++)
					buf_addch(out, (char)*q);
		} else {
			size_t n = utf8_len(p);
			if (!n) {
				buf_adds(out, "\\ufffd");
				p++;
			} else {
				buf_add(out, (const char *)p, n);
				p += n;
			}
		}
	}
	buf_addch(out, '"');
}

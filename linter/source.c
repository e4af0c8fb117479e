#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "util/arena.h"
#include "util/xalloc.h"

/* A line ends at '\n', or at a lone '\r' (old Mac files; libyaml counts those as line
 * breaks too, so its marks and our spans agree). CRLF is one break. */
static bool is_break(const struct source *self, size_t i)
{
	return self->bytes[i] == '\n' ||
	       (self->bytes[i] == '\r' && (i + 1 >= self->len || self->bytes[i + 1] != '\n'));
}

/* Index of the first line break at or after i, or self->len. Without a '\r' in the
 * file every break is a '\n', which memchr finds much faster than a byte loop. */
static size_t next_break(const struct source *self, size_t i, bool has_cr)
{
	if (!has_cr) {
		const char *nl = i < self->len ? memchr(self->bytes + i, '\n', self->len - i) : NULL;
		return nl ? (size_t)(nl - self->bytes) : self->len;
	}
	while (i < self->len && !is_break(self, i))
		i++;
	return i;
}

static void index_lines(struct source *self, struct arena *arena)
{
	bool has_cr = memchr(self->bytes, '\r', self->len) != NULL;
	uint32_t n = 1;
	for (size_t i = next_break(self, 0, has_cr); i < self->len; i = next_break(self, i + 1, has_cr))
		n++;
	self->line_starts = arena_alloc(arena, st_mult(n, sizeof(uint32_t)));
	self->line_starts[0] = 0;
	uint32_t k = 1;
	for (size_t i = next_break(self, 0, has_cr); i < self->len; i = next_break(self, i + 1, has_cr))
		self->line_starts[k++] = (uint32_t)(i + 1);
	self->nlines = n;
	self->has_bom = self->len >= 3 && memcmp(self->bytes, "\xEF\xBB\xBF", 3) == 0;
	self->cursor = arena_alloc(arena, sizeof(*self->cursor));
	self->cursor->arena = arena;
}

void source_from_memory(struct source *self, const char *path, const char *bytes, size_t len,
			struct arena *arena)
{
	self->path = arena_strdup(arena, path);
	char *copy = arena_alloc(arena, st_add(len, 1));
	if (len)
		memcpy(copy, bytes, len);
	copy[len] = '\0';
	self->bytes = copy;
	self->len = len;
	index_lines(self, arena);
}

/* UTF-16 text: a byte-order mark, or (without one) ASCII interleaved with NUL bytes
 * over the first line's worth of bytes. Returns "little-endian", "big-endian" or NULL.
 * Such a file read as UTF-8 yields no pins at all: silence, which must never happen. */
static const char *utf16_kind(const unsigned char *b, size_t len)
{
	if (len >= 2 && b[0] == 0xFF && b[1] == 0xFE)
		return "little-endian";
	if (len >= 2 && b[0] == 0xFE && b[1] == 0xFF)
		return "big-endian";
	size_t n = len < 64 ? len & ~(size_t)1 : 64;
	if (n < 4)
		return NULL;
	size_t zero_odd = 0, zero_even = 0;
	for (size_t i = 0; i < n; i += 2) {
		zero_even += b[i] == 0 && b[i + 1] != 0;
		zero_odd += b[i + 1] == 0 && b[i] != 0;
	}
	if (zero_odd == n / 2)
		return "little-endian";
	if (zero_even == n / 2)
		return "big-endian";
	return NULL;
}

enum source_status source_load(struct source *self, const char *path, struct arena *arena,
			       struct diag_list *diags)
{
	memset(self, 0, sizeof(*self));
	self->path = arena_strdup(arena, path);
	self->bytes = "";
	struct stat st;
	if (stat(path, &st) != 0) {
		diag_add(diags, RULE_EL001, path, span_none(), NULL, "cannot read '%s': %s", path,
			 strerror(errno));
		return SOURCE_UNREADABLE;
	}
	if (!S_ISREG(st.st_mode)) {
		diag_add(diags, RULE_EL001, path, span_none(), NULL, "'%s' is not a regular file; not read",
			 path);
		return SOURCE_NOT_REGULAR;
	}
	if ((size_t)st.st_size > SOURCE_MAX_BYTES) {
		diag_add(diags, RULE_EL007, path, span_none(), NULL,
			 "'%s' is %lld bytes, over the %zu-byte limit; not linted", path,
			 (long long)st.st_size, SOURCE_MAX_BYTES);
		return SOURCE_TOO_LARGE;
	}
	/* O_NONBLOCK: a file swapped for a FIFO between stat and open must not hang us. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		diag_add(diags, RULE_EL001, path, span_none(), NULL, "cannot read '%s': %s", path,
			 strerror(errno));
		return SOURCE_UNREADABLE;
	}
	struct stat fst;
	if (fstat(fd, &fst) != 0 || !S_ISREG(fst.st_mode)) {
		close(fd);
		diag_add(diags, RULE_EL001, path, span_none(), NULL, "'%s' is not a regular file; not read",
			 path);
		return SOURCE_NOT_REGULAR;
	}
	size_t want = (size_t)fst.st_size;
	if (want > SOURCE_MAX_BYTES)
		want = SOURCE_MAX_BYTES;
	char *data = arena_alloc(arena, st_add(want, 1));
	size_t got = 0;
	while (got < want) {
		ssize_t r = read(fd, data + got, want - got);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			close(fd);
			diag_add(diags, RULE_EL001, path, span_none(), NULL, "cannot read '%s': %s", path,
				 strerror(e));
			return SOURCE_UNREADABLE;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	data[got] = '\0';
	const char *utf16 = utf16_kind((const unsigned char *)data, got);
	if (utf16) {
		diag_add(diags, RULE_EL011, path, span_none(),
			 "save it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8)",
			 "'%s' is UTF-16 (%s) text; envlint reads UTF-8, so nothing in it was checked", path,
			 utf16);
		return SOURCE_NOT_UTF8;
	}
	self->bytes = data;
	self->len = got;
	index_lines(self, arena);
	return SOURCE_OK;
}

enum source_status source_load_stream(struct source *self, const char *path, int fd, struct arena *arena,
				      struct diag_list *diags)
{
	memset(self, 0, sizeof(*self));
	self->path = arena_strdup(arena, path);
	self->bytes = "";
	size_t cap = 64 * 1024, got = 0;
	char *data = xmalloc(cap + 1);
	for (;;) {
		if (got == cap) {
			if (cap > SOURCE_MAX_BYTES) {
				free(data);
				diag_add(diags, RULE_EL007, path, span_none(), NULL,
					 "'%s' is over the %zu-byte limit; not linted", path,
					 SOURCE_MAX_BYTES);
				return SOURCE_TOO_LARGE;
			}
			cap = st_mult(cap, 2);
			data = xrealloc(data, st_add(cap, 1));
		}
		ssize_t r = read(fd, data + got, cap - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			free(data);
			diag_add(diags, RULE_EL001, path, span_none(), NULL,
				 "cannot read '%s' from standard input: %s", path, strerror(e));
			return SOURCE_UNREADABLE;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	source_from_memory(self, path, data, got, arena);
	free(data);
	if (utf16_kind((const unsigned char *)self->bytes, self->len)) {
		diag_add(diags, RULE_EL011, path, span_none(),
			 "save it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8)",
			 "'%s' is UTF-16 text; envlint reads UTF-8, so nothing in it was checked", path);
		return SOURCE_NOT_UTF8;
	}
	return SOURCE_OK;
}

uint32_t source_line_of(const struct source *self, size_t offset)
{
	if (!self->nlines)
		return 1;
	uint32_t lo = 0, hi = self->nlines - 1;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo + 1) / 2;
		if (self->line_starts[mid] <= offset)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo + 1;
}

/* Code points in bytes [from, to): every byte that is not a UTF-8 continuation byte
 * starts one. Invalid UTF-8 still advances, so columns stay monotonic. */
static uint32_t count_code_points(const char *bytes, size_t from, size_t to)
{
	/* Eight bytes at a time (every span is located through here, ~5 instructions a
	 * byte otherwise): a continuation byte is 10xxxxxx, i.e. bit 7 set and bit 6 clear;
	 * shifting the word left by one moves each byte's bit 6 onto its own bit 7, so
	 * w & ~(w << 1) & 0x80.. marks exactly the continuation bytes (byte order does not
	 * matter for a count; the multiply sums the eight 0/1 bytes into the top byte). Same
	 * count as the byte loop below, which does the tail. */
	uint32_t n = 0;
	size_t i = from;
	for (; i + 8 <= to; i += 8) {
		uint64_t w;
		memcpy(&w, bytes + i, sizeof(w));
		uint64_t cont = (w & ~(w << 1) & 0x8080808080808080ull) >> 7;
		n += 8 - (uint32_t)((cont * 0x0101010101010101ull) >> 56); /* sum of the 0/1 bytes */
	}
	for (; i < to; i++)
		if (((unsigned char)bytes[i] & 0xC0) != 0x80)
			n++;
	return n;
}

/* Code points in bytes [0, offset), through the block index (built on first use). */
static uint32_t prefix_code_points(const struct source *self, size_t offset)
{
	struct source_cursor *c = self->cursor;
	if (!c || offset < SOURCE_BLOCK)
		return count_code_points(self->bytes, 0, offset);
	if (!c->blocks) {
		size_t n = self->len / SOURCE_BLOCK + 1;
		c->blocks = arena_alloc(c->arena, st_mult(n, sizeof(uint32_t)));
		for (size_t k = 1; k < n; k++)
			c->blocks[k] =
				c->blocks[k - 1] +
				count_code_points(self->bytes, (k - 1) * SOURCE_BLOCK, k * SOURCE_BLOCK);
		c->nblocks = n;
	}
	size_t k = offset / SOURCE_BLOCK;
	if (k >= c->nblocks)
		k = c->nblocks - 1;
	return c->blocks[k] + count_code_points(self->bytes, k * SOURCE_BLOCK, offset);
}

static void locate(const struct source *self, size_t offset, uint32_t *line, uint32_t *col)
{
	if (offset > self->len)
		offset = self->len;
	struct source_cursor *c = self->cursor;
	uint32_t l;
	/* Same line as the last answer: skip the binary search. */
	if (c && c->memo_line && self->line_starts[c->memo_line - 1] <= offset &&
	    (c->memo_line == self->nlines || offset < self->line_starts[c->memo_line]))
		l = c->memo_line;
	else
		l = source_line_of(self, offset);
	size_t start = self->nlines ? self->line_starts[l - 1] : 0;
	if (l == 1 && self->has_bom && start < 3)
		start = offset < 3 ? offset : 3;
	*line = l;
	/* Further along the same line than the last answer: count only the bytes between
	 * (the column is the code points in [start, offset), additive over [start, memo)
	 * and [memo, offset)). memo_offset >= start keeps the BOM-adjusted start exact. */
	if (c && c->memo_line == l && c->memo_offset >= start && offset >= c->memo_offset &&
	    offset - c->memo_offset < SOURCE_BLOCK)
		*col = c->memo_col + count_code_points(self->bytes, c->memo_offset, offset);
	else if (offset - start < SOURCE_BLOCK)
		*col = count_code_points(self->bytes, start, offset) + 1;
	else
		*col = prefix_code_points(self, offset) - prefix_code_points(self, start) + 1;
	if (c) {
		c->memo_offset = offset;
		c->memo_line = l;
		c->memo_col = *col;
	}
}

struct span source_span(const struct source *self, size_t start, size_t end)
{
	struct span s;
	if (start > self->len)
		start = self->len;
	if (end < start)
		end = start;
	if (end > self->len)
		end = self->len;
	locate(self, start, &s.line, &s.column);
	locate(self, end, &s.end_line, &s.end_column);
	s.start_byte = (uint32_t)start;
	s.end_byte = (uint32_t)end;
	return s;
}

size_t source_offset(const struct source *self, uint32_t line0, uint32_t column0)
{
	if (!self->nlines)
		return 0;
	if (line0 >= self->nlines)
		return self->len;
	size_t i = self->line_starts[line0];
	if (line0 == 0 && self->has_bom)
		i = 3;
	size_t end = line0 + 1 < self->nlines ? self->line_starts[line0 + 1] : self->len;
	uint32_t seen = 0;
	while (i < end && self->bytes[i] != '\n' && self->bytes[i] != '\r') {
		if (((unsigned char)self->bytes[i] & 0xC0) != 0x80) {
			if (seen == column0)
				return i;
			seen++;
		}
		i++;
	}
	return i;
}

const char *source_line_text(const struct source *self, uint32_t line, size_t *len)
{
	if (line == 0 || line > self->nlines) {
		*len = 0;
		return "";
	}
	size_t start = self->line_starts[line - 1];
	size_t end = line < self->nlines ? self->line_starts[line] : self->len;
	while (end > start && (self->bytes[end - 1] == '\n' || self->bytes[end - 1] == '\r'))
		end--;
	*len = end - start;
	return self->bytes + start;
}

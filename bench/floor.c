/*
 * floor.c: the least any manifest linter must do, as a yardstick for bench/run.sh. It
 * reads every byte of every regular file named (directories are walked, symlinks are
 * not followed) and runs libyaml's event parser over the files ending in .yml/.yaml.
 * Nothing else: no file kinds, no readers, no output per file. It prints one line,
 * "files bytes events", so the work cannot be optimised away.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <yaml.h>

struct floor_count {
	uint64_t files, bytes, events;
	char *buf;       /* one buffer for every file, grown as needed */
	size_t cap;
};

static int has_yaml_ext(const char *path)
{
	const char *dot = strrchr(path, '.');
	return dot && (!strcmp(dot, ".yml") || !strcmp(dot, ".yaml"));
}

static void parse_yaml(struct floor_count *self, size_t len)
{
	yaml_parser_t p;
	yaml_event_t ev;
	if (!yaml_parser_initialize(&p))
		return;
	yaml_parser_set_input_string(&p, (const unsigned char *)self->buf, len);
	for (;;) {
		if (!yaml_parser_parse(&p, &ev))
			break;
		self->events++;
		int done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
		if (done)
			break;
	}
	yaml_parser_delete(&p);
}

static void read_file(struct floor_count *self, const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return;
	}
	size_t len = 0, got;
	for (;;) {
		if (len == self->cap) {
			self->cap = self->cap ? self->cap * 2 : 1 << 16;
			self->buf = realloc(self->buf, self->cap);
			if (!self->buf) {
				perror("realloc");
				exit(2);
			}
		}
		got = fread(self->buf + len, 1, self->cap - len, f);
		if (!got)
			break;
		len += got;
	}
	fclose(f);
	self->files++;
	self->bytes += len;
	if (has_yaml_ext(path))
		parse_yaml(self, len);
}

static void visit(struct floor_count *self, const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0) {
		perror(path);
		return;
	}
	if (S_ISREG(st.st_mode)) {
		read_file(self, path);
		return;
	}
	if (!S_ISDIR(st.st_mode))
		return;
	DIR *d = opendir(path);
	if (!d) {
		perror(path);
		return;
	}
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		size_t n = strlen(path) + strlen(e->d_name) + 2;
		char *sub = malloc(n);
		if (!sub) {
			perror("malloc");
			exit(2);
		}
		snprintf(sub, n, "%s/%s", path, e->d_name);
		visit(self, sub);
		free(sub);
	}
	closedir(d);
}

int main(int argc, char **argv)
{
	struct floor_count c = { 0, 0, 0, NULL, 0 };
	for (int i = 1; i < argc; i++)
		visit(&c, argv[i]);
	free(c.buf);
	printf("%llu files, %llu bytes, %llu yaml events\n", (unsigned long long)c.files,
	       (unsigned long long)c.bytes, (unsigned long long)c.events);
	return 0;
}

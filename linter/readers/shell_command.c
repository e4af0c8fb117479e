/*
 * shell_command.c: which commands of a RUN body envlint reads, from their words
 * (shell_command.h). The tree-sitter walk (shell.c) builds the words; this file only
 * reads them.
 */
#include "shell_command.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "shell_internal.h"
#include "util/arena.h"
#include "util/vec.h"
#include "util/xalloc.h"

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* "pip", "pip3", "pip3.10"; with prefix "python": "python", "python3.11". */
static bool is_versioned(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);
	if (strncmp(s, prefix, n) != 0)
		return false;
	for (s += n; *s; s++)
		if (!isdigit((unsigned char)*s) && *s != '.')
			return false;
	return true;
}

static int str_cmp(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

static bool in_table(const char *s, const char *const *table, size_t n)
{
	return bsearch(s, table, n, sizeof(*table), str_cmp) != NULL;
}

#define TABLE_LEN(t) (sizeof(t) / sizeof((t)[0]))

/* pip options before the subcommand that take a separate value (pip --help, "General
 * Options"). Sorted for bsearch. */
static const char *const PIP_GENERAL_VALUE_OPTS[] = {
	"--cache-dir", "--cert",  "--client-cert", "--exists-action", "--log",
	"--log-file",  "--proxy", "--python",      "--retries",       "--timeout",
};

/* `pip install` / `uv pip install` options that take a separate value and mean nothing
 * in a requirements line, so they are left out of the words (their value would read as
 * a requirement). Requirements-file options (-r -c -e -i -f --index-url ...) stay.
 * Sorted (strcmp order) for bsearch. */
static const char *const PIP_INSTALL_DROP_OPTS[] = {
	"--abi",
	"--cache-dir",
	"--cert",
	"--client-cert",
	"--config-settings",
	"--exists-action",
	"--implementation",
	"--index-strategy",
	"--log",
	"--platform",
	"--prefix",
	"--progress-bar",
	"--proxy",
	"--python",
	"--python-version",
	"--report",
	"--retries",
	"--root",
	"--root-user-action",
	"--src",
	"--target",
	"--timeout",
	"--upgrade-strategy",
	"-C",
	"-p",
	"-t",
};

/* The words before the program that only wrap it: sudo/env with their options and
 * X=Y, nohup, time, exec, command, and X=Y (exec form): struct shell_program_scan. */

/* False while `t` is part of the wrappers, true when it is the program. */
static bool wrappers_end_at(struct shell_program_scan *self, const char *t)
{
	if (self->skip_value) {
		self->skip_value = false;
		return false;
	}
	if (self->in_options) {
		if (!strcmp(t, "-u") || !strcmp(t, "-g")) {
			self->skip_value = true;
			return false;
		}
		if (t[0] == '-' || (shell_name_start(t[0]) && strchr(t, '=')))
			return false;
		self->in_options = false;
	}
	const char *s = base_name(t);
	if (!strcmp(s, "sudo") || !strcmp(s, "env")) {
		self->in_options = true;
		return false;
	}
	if (!strcmp(s, "nohup") || !strcmp(s, "time") || !strcmp(s, "exec") || !strcmp(s, "command"))
		return false;
	return !(shell_name_start(t[0]) && strchr(t, '='));
}

/* Reads w[self->next, n); true once the program is found. */
static bool wrappers_read(struct shell_program_scan *self, const struct word *w, size_t n)
{
	for (; !self->found && self->next < n; self->next++)
		if (wrappers_end_at(self, w[self->next].text)) {
			self->found = true;
			self->prog = self->next;
		}
	return self->found;
}

/* Index of the program in w[0..n), or n. */
static size_t skip_wrappers(const struct word *w, size_t n)
{
	struct shell_program_scan s;
	memset(&s, 0, sizeof(s));
	return wrappers_read(&s, w, n) ? s.prog : n;
}

/* After a pip program word: general options, then `install`. */
static enum shell_tool pip_subcommand(const struct word *w, size_t n, size_t i, size_t *args)
{
	for (; i < n && w[i].text[0] == '-'; i++)
		if (!strchr(w[i].text, '=') &&
		    in_table(w[i].text, PIP_GENERAL_VALUE_OPTS, TABLE_LEN(PIP_GENERAL_VALUE_OPTS)))
			i++;
	if (i < n && !strcmp(w[i].text, "install")) {
		*args = i + 1;
		return SHELL_TOOL_PIP;
	}
	return SHELL_TOOL_NONE;
}

/* The programs shell_classify looks further at (it starts by asking this). A body is
 * parsed only if it holds a word of SHELL_INSTALL_WORDS (shell_scan.c): a new pip- or
 * conda-like program must be covered there too. */
static bool is_tool_program(const char *prog)
{
	return is_versioned(prog, "pip") || is_versioned(prog, "python") || !strcmp(prog, "uv") ||
	       !strcmp(prog, "conda") || !strcmp(prog, "mamba") || !strcmp(prog, "micromamba") ||
	       !strcmp(prog, "apt-get") || !strcmp(prog, "apt");
}

/* The wrappers decide about each word from it and the words before it. */
bool shell_names_other_program(struct shell_program_scan *scan, const struct word *w, size_t n)
{
	return wrappers_read(scan, w, n) && !is_tool_program(base_name(w[scan->prog].text));
}

enum shell_tool shell_classify(const struct word *w, size_t n, size_t *args)
{
	size_t i = skip_wrappers(w, n);
	*args = n;
	if (i >= n || !is_tool_program(base_name(w[i].text)))
		return SHELL_TOOL_NONE;
	const char *prog = base_name(w[i].text);
	i++;
	if (is_versioned(prog, "pip"))
		return pip_subcommand(w, n, i, args);
	if (is_versioned(prog, "python")) {
		/* python [-u -B ...] -m pip ...; -mpip is the same */
		for (; i < n && w[i].text[0] == '-'; i++) {
			if (!strcmp(w[i].text, "-mpip"))
				return pip_subcommand(w, n, i + 1, args);
			if (!strcmp(w[i].text, "-m")) {
				if (i + 1 < n && !strcmp(w[i + 1].text, "pip"))
					return pip_subcommand(w, n, i + 2, args);
				return SHELL_TOOL_NONE;
			}
			if (!strcmp(w[i].text, "-c"))
				return SHELL_TOOL_NONE;
		}
		return SHELL_TOOL_NONE;
	}
	if (!strcmp(prog, "uv")) {
		if (i < n && !strcmp(w[i].text, "pip"))
			return pip_subcommand(w, n, i + 1, args);
		return SHELL_TOOL_NONE;
	}
	if (!strcmp(prog, "conda") || !strcmp(prog, "mamba") || !strcmp(prog, "micromamba")) {
		for (; i < n && w[i].text[0] == '-'; i++)
			;
		if (i < n && (!strcmp(w[i].text, "install") || !strcmp(w[i].text, "create"))) {
			*args = i + 1;
			return SHELL_TOOL_CONDA;
		}
		return SHELL_TOOL_NONE;
	}
	if (!strcmp(prog, "apt-get") || !strcmp(prog, "apt")) {
		for (; i < n && w[i].text[0] == '-'; i++)
			;
		if (i < n && !strcmp(w[i].text, "install")) {
			*args = i + 1;
			return SHELL_TOOL_APT;
		}
	}
	return SHELL_TOOL_NONE;
}

void shell_commands_add(struct shell_commands *out, struct arena *arena, const struct word *words,
			const char *const *unresolved_name, size_t n, struct span span)
{
	size_t args;
	enum shell_tool tool = shell_classify(words, n, &args);
	if (tool == SHELL_TOOL_NONE)
		return;
	struct shell_command c;
	memset(&c, 0, sizeof(c));
	c.tool = tool;
	c.span = span;
	size_t cap = n - args;
	c.words = arena_alloc(arena, st_mult(cap ? cap : 1, sizeof(*c.words)));
	c.unresolved_name = arena_alloc(arena, st_mult(cap ? cap : 1, sizeof(*c.unresolved_name)));
	for (size_t i = args; i < n; i++) {
		if (tool == SHELL_TOOL_PIP && !strchr(words[i].text, '=') &&
		    in_table(words[i].text, PIP_INSTALL_DROP_OPTS, TABLE_LEN(PIP_INSTALL_DROP_OPTS))) {
			i++;
			continue;
		}
		c.unresolved_name[c.n] = unresolved_name ? unresolved_name[i] : NULL;
		c.words[c.n++] = words[i];
	}
	vec_push(out, c);
}

void shell_commands_release(struct shell_commands *self)
{
	vec_release(self);
}

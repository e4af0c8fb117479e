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

/* Programs that only run the words after them (bash manual, "Bash Builtins" for exec
 * and command; coreutils env, nice, nohup; sudo(8); GNU time(1) and bash's `time`):
 * their options, then the program. Each lists its options that take a separate value,
 * sorted (strcmp order) for bsearch. */
struct wrapper {
	const char *name;
	const char *const *value_opts;
	size_t n_value_opts;
};

static const char *const ENV_VALUE_OPTS[] = { "--chdir", "--split-string", "--unset", "-C", "-S", "-u" };
static const char *const EXEC_VALUE_OPTS[] = { "-a" };
static const char *const NICE_VALUE_OPTS[] = { "--adjustment", "-n" };
static const char *const SUDO_VALUE_OPTS[] = {
	"--chdir", "--chroot", "--close-from", "--command-timeout",
	"--group", "--host",   "--other-user", "--prompt",
	"--role",  "--type",   "--user",       "-C",
	"-D",      "-R",       "-T",           "-U",
	"-g",      "-h",       "-p",           "-r",
	"-t",      "-u",
};
static const char *const TIME_VALUE_OPTS[] = { "--format", "--output", "-f", "-o" };

/* Sorted by name for bsearch. */
static const struct wrapper WRAPPERS[] = {
	{ "command", NULL, 0 },
	{ "env", ENV_VALUE_OPTS, TABLE_LEN(ENV_VALUE_OPTS) },
	{ "exec", EXEC_VALUE_OPTS, TABLE_LEN(EXEC_VALUE_OPTS) },
	{ "nice", NICE_VALUE_OPTS, TABLE_LEN(NICE_VALUE_OPTS) },
	{ "nohup", NULL, 0 },
	{ "sudo", SUDO_VALUE_OPTS, TABLE_LEN(SUDO_VALUE_OPTS) },
	{ "time", TIME_VALUE_OPTS, TABLE_LEN(TIME_VALUE_OPTS) },
};

static int wrapper_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct wrapper *)elem)->name);
}

static const struct wrapper *find_wrapper(const char *name)
{
	return bsearch(name, WRAPPERS, TABLE_LEN(WRAPPERS), sizeof(WRAPPERS[0]), wrapper_cmp);
}

/* `conda run` / `mamba run` / `micromamba run` options that take a separate value
 * (conda run --help; micromamba run --help). Sorted for bsearch. */
static const char *const CONDA_RUN_VALUE_OPTS[] = {
	"--attach",  "--cwd",         "--env", "--label", "--log-level", "--name", "--prefix",
	"--rc-file", "--root-prefix", "-a",    "-e",      "-n",          "-p",     "-r",
};

/* False while `t` is part of the wrappers (a wrapper, its options and their values, an
 * X=Y assignment), true when it is the program. */
static bool wrappers_end_at(struct shell_program_scan *self, const char *t)
{
	if (self->skip_value) {
		self->skip_value = false;
		return false;
	}
	if (self->in_options) {
		const struct wrapper *wr = self->wrapper;
		if (!strcmp(t, "--")) {
			self->in_options = false;
			return false;
		}
		if (t[0] == '-' && t[1]) {
			self->skip_value = !strchr(t, '=') && in_table(t, wr->value_opts, wr->n_value_opts);
			return false;
		}
		if (shell_name_start(t[0]) && strchr(t, '='))
			return false;
		self->in_options = false;
	}
	const struct wrapper *wr = find_wrapper(base_name(t));
	if (wr) {
		self->wrapper = wr;
		self->in_options = true;
		return false;
	}
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

/* Index of the program in w[from..n), or n. */
static size_t skip_wrappers(const struct word *w, size_t n, size_t from)
{
	struct shell_program_scan s;
	memset(&s, 0, sizeof(s));
	s.next = from;
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

static bool is_conda_like(const char *prog)
{
	return !strcmp(prog, "conda") || !strcmp(prog, "mamba") || !strcmp(prog, "micromamba");
}

/* Project tools whose `run` runs a program in the project's environment:
 * `poetry run python -m pip install ...`, `pipenv run pip install ...`. */
static bool is_project_runner(const char *prog)
{
	return !strcmp(prog, "poetry") || !strcmp(prog, "pipenv");
}

/* The programs shell_classify looks further at (it starts by asking this). A body is
 * parsed only if it holds a word of SHELL_INSTALL_WORDS (shell_scan.c): a new pip- or
 * conda-like program must be covered there too. xargs runs another program, whose
 * words the body holds too. */
static bool is_tool_program(const char *prog)
{
	return is_versioned(prog, "pip") || is_versioned(prog, "python") || !strcmp(prog, "uv") ||
	       is_conda_like(prog) || is_project_runner(prog) || !strcmp(prog, "apt-get") ||
	       !strcmp(prog, "apt") || !strcmp(prog, "xargs");
}

/* The wrappers decide about each word from it and the words before it. */
bool shell_names_other_program(struct shell_program_scan *scan, const struct word *w, size_t n)
{
	return wrappers_read(scan, w, n) && !is_tool_program(base_name(w[scan->prog].text));
}

/* `conda run [options] PROGRAM ...` (and mamba, micromamba) at w[i] (after the program
 * word): the index of PROGRAM, or 0 when w[i...] is not `run`. Options before `run`
 * take no value (conda -v, --no-plugins). */
static size_t conda_run_program(const struct word *w, size_t n, size_t i)
{
	for (; i < n && w[i].text[0] == '-'; i++)
		;
	if (i >= n || strcmp(w[i].text, "run"))
		return 0;
	for (i++; i < n && w[i].text[0] == '-'; i++) {
		if (!strcmp(w[i].text, "--"))
			return i + 1;
		if (!strchr(w[i].text, '=') &&
		    in_table(w[i].text, CONDA_RUN_VALUE_OPTS, TABLE_LEN(CONDA_RUN_VALUE_OPTS)))
			i++;
	}
	return i;
}

/* `poetry [-C DIR] run PROGRAM ...` / `pipenv run PROGRAM ...` at w[i] (after the program
 * word): the index of PROGRAM, or 0 when w[i...] is not `run`. Of the options before
 * `run`, poetry's -C/--directory and -P/--project take a value (poetry --help). */
static size_t project_run_program(const struct word *w, size_t n, size_t i)
{
	for (; i < n && w[i].text[0] == '-'; i++)
		if (!strcmp(w[i].text, "-C") || !strcmp(w[i].text, "--directory") ||
		    !strcmp(w[i].text, "-P") || !strcmp(w[i].text, "--project"))
			i++;
	if (i >= n || strcmp(w[i].text, "run"))
		return 0;
	return i + 1 < n && !strcmp(w[i + 1].text, "--") ? i + 2 : i + 1;
}

/* xargs options (GNU findutils xargs(1)) from w[i] on: records -a/--arg-file and
 * -I/-i/--replace in *call and returns the index of the program xargs runs. Short
 * options may be grouped (`-rn1`), a value joined (`-n1`, `-arequirements.txt`);
 * -e, -i and -l take a value only joined. */
static size_t xargs_options(const struct word *w, size_t n, size_t i, struct shell_call *call)
{
	for (; i < n && w[i].text[0] == '-' && w[i].text[1]; i++) {
		const char *t = w[i].text;
		if (!strcmp(t, "--"))
			return i + 1;
		if (t[1] == '-') {
			const char *eq = strchr(t, '=');
			size_t len = eq ? (size_t)(eq - t) : strlen(t);
			bool file = len == 10 && !memcmp(t, "--arg-file", 10);
			bool value = file || (len == 11 && !memcmp(t, "--delimiter", 11)) ||
				     (len == 11 && !memcmp(t, "--max-procs", 11)) ||
				     (len == 10 && !memcmp(t, "--max-args", 10)) ||
				     (len == 11 && !memcmp(t, "--max-chars", 11)) ||
				     (len == 18 && !memcmp(t, "--process-slot-var", 18));
			if (len == 9 && !memcmp(t, "--replace", 9))
				call->replace = eq ? eq + 1 : "{}";
			if (file && eq) {
				call->arg_file = i;
				call->arg_file_skip = len + 1;
			} else if (file && i + 1 < n) {
				call->arg_file = i + 1;
				call->arg_file_skip = 0;
			}
			if (value && !eq)
				i++;
			continue;
		}
		for (size_t k = 1; t[k]; k++) {
			char c = t[k];
			if (c == 'e' || c == 'l')
				break; /* the rest is their value */
			if (c == 'i') {
				call->replace = t[k + 1] ? t + k + 1 : "{}";
				break;
			}
			if (!strchr("adEILnPs", c))
				continue;
			size_t at = t[k + 1] ? i : i + 1, skip = t[k + 1] ? k + 1 : 0;
			if (at < n && c == 'a') {
				call->arg_file = at;
				call->arg_file_skip = skip;
			}
			if (at < n && c == 'I')
				call->replace = w[at].text + skip;
			i = at;
			break;
		}
	}
	return i;
}

enum shell_tool shell_classify(const struct word *w, size_t n, struct shell_call *call)
{
	memset(call, 0, sizeof(*call));
	call->args = n;
	call->arg_file = SIZE_MAX;
	size_t i = skip_wrappers(w, n, 0);
	const char *prog;
	/* A wrapper that is a program of its own runs the next: xargs (once), conda run. */
	for (;;) {
		if (i >= n || !is_tool_program(base_name(w[i].text)))
			return SHELL_TOOL_NONE;
		prog = base_name(w[i].text);
		i++;
		size_t next = 0;
		if (!strcmp(prog, "xargs") && !call->xargs) {
			call->xargs = true;
			next = xargs_options(w, n, i, call);
		} else if (is_conda_like(prog)) {
			next = conda_run_program(w, n, i);
		} else if (is_project_runner(prog)) {
			next = project_run_program(w, n, i);
		}
		if (!next)
			break;
		i = skip_wrappers(w, n, next);
	}
	if (is_versioned(prog, "pip"))
		return call->tool = pip_subcommand(w, n, i, &call->args);
	if (is_versioned(prog, "python")) {
		/* python [-u -B ...] -m pip ...; -mpip is the same */
		for (; i < n && w[i].text[0] == '-'; i++) {
			if (!strcmp(w[i].text, "-mpip"))
				return call->tool = pip_subcommand(w, n, i + 1, &call->args);
			if (!strcmp(w[i].text, "-m")) {
				if (i + 1 < n && !strcmp(w[i + 1].text, "pip"))
					return call->tool = pip_subcommand(w, n, i + 2, &call->args);
				return SHELL_TOOL_NONE;
			}
			if (!strcmp(w[i].text, "-c"))
				return SHELL_TOOL_NONE;
		}
		return SHELL_TOOL_NONE;
	}
	if (!strcmp(prog, "uv")) {
		call->uv = true;
		if (i < n && !strcmp(w[i].text, "pip"))
			return call->tool = pip_subcommand(w, n, i + 1, &call->args);
		return SHELL_TOOL_NONE;
	}
	if (is_conda_like(prog)) {
		for (; i < n && w[i].text[0] == '-'; i++)
			;
		if (i < n && (!strcmp(w[i].text, "install") || !strcmp(w[i].text, "create"))) {
			call->args = i + 1;
			return call->tool = SHELL_TOOL_CONDA;
		}
		return SHELL_TOOL_NONE;
	}
	if (!strcmp(prog, "apt-get") || !strcmp(prog, "apt")) {
		for (; i < n && w[i].text[0] == '-'; i++)
			;
		if (i < n && !strcmp(w[i].text, "install")) {
			call->args = i + 1;
			return call->tool = SHELL_TOOL_APT;
		}
	}
	return SHELL_TOOL_NONE;
}

/* w without its first `skip` bytes (an option joined to its value: `--arg-file=r.txt`).
 * Option names are ASCII, so bytes are columns. */
static struct word word_tail(struct word w, size_t skip)
{
	w.text += skip;
	w.len -= skip;
	w.offset += skip;
	if (skip && w.verbatim && w.span.line == w.span.end_line) {
		w.span.column += (uint32_t)skip;
		w.span.start_byte += (uint32_t)skip;
	} else if (skip) {
		w.bare = false;
	}
	return w;
}

/* Does a `uv pip install` take every index's versions together, as pip does
 * (`--index-strategy unsafe-best-match`)? Its default, first-index, and unsafe-first-match
 * take a package from the first index that has it (uv docs, "Package indexes"). */
static bool uv_best_match(const struct word *w, size_t from, size_t n)
{
	static const char OPT[] = "--index-strategy";
	for (size_t i = from; i < n; i++) {
		const char *t = w[i].text;
		if (strncmp(t, OPT, sizeof(OPT) - 1))
			continue;
		const char *value = t[sizeof(OPT) - 1] == '='          ? t + sizeof(OPT)
				    : !t[sizeof(OPT) - 1] && i + 1 < n ? w[i + 1].text
								       : NULL;
		if (value && !strcmp(value, "unsafe-best-match"))
			return true;
	}
	return false;
}

void shell_commands_add(struct shell_commands *out, struct arena *arena, const struct word *words,
			const char *const *unresolved_name, size_t n, const struct shell_input_file *input,
			struct span span)
{
	struct shell_call call;
	enum shell_tool tool = shell_classify(words, n, &call);
	if (tool == SHELL_TOOL_NONE)
		return;
	struct shell_command c;
	memset(&c, 0, sizeof(c));
	c.tool = tool;
	c.span = span;
	c.first_index = call.uv && !uv_best_match(words, call.args, n);
	/* What xargs reads its items from: -a FILE, else the file on its standard input. */
	struct word file;
	const char *file_unresolved = NULL;
	bool has_file = false;
	if (call.xargs && call.arg_file < n) {
		file = word_tail(words[call.arg_file], call.arg_file_skip);
		file_unresolved = unresolved_name ? unresolved_name[call.arg_file] : NULL;
		has_file = file.len > 0;
	} else if (call.xargs && input) {
		file = input->word;
		file_unresolved = input->unresolved_name;
		has_file = true;
	}
	size_t cap = n - call.args + (has_file ? 2 : 0);
	c.words = arena_alloc(arena, st_mult(cap ? cap : 1, sizeof(*c.words)));
	c.unresolved_name = arena_alloc(arena, st_mult(cap ? cap : 1, sizeof(*c.unresolved_name)));
	for (size_t i = call.args; i < n; i++) {
		if (tool == SHELL_TOOL_PIP && !strchr(words[i].text, '=') &&
		    in_table(words[i].text, PIP_INSTALL_DROP_OPTS, TABLE_LEN(PIP_INSTALL_DROP_OPTS))) {
			i++;
			continue;
		}
		/* `xargs -I {} pip install {}`: {} stands for the items, read below */
		if (call.replace && !strcmp(words[i].text, call.replace))
			continue;
		c.unresolved_name[c.n] = unresolved_name ? unresolved_name[i] : NULL;
		c.words[c.n++] = words[i];
	}
	if (has_file) {
		/* xargs hands the file's items to the program as arguments: read it as the
		 * requirements file (or conda file) `-r FILE` (`--file FILE`) names. */
		struct word opt = file;
		opt.text = tool == SHELL_TOOL_PIP ? "-r" : "--file";
		opt.len = strlen(opt.text);
		opt.verbatim = opt.bare = opt.unresolved = false;
		opt.via = span_none();
		c.unresolved_name[c.n] = NULL;
		c.words[c.n++] = opt;
		c.unresolved_name[c.n] = file_unresolved;
		c.words[c.n++] = file;
	}
	vec_push(out, c);
}

void shell_commands_release(struct shell_commands *self)
{
	vec_release(self);
}

/*
 * shell_command: which commands of a RUN body envlint reads, told from their words
 * alone (private to linter/readers/). Given the words of one simple command (the
 * tree-sitter walk in shell.c, the plain-body reader, or an exec-form JSON array), it
 * looks past the words that only wrap the program (sudo, env, X=Y, nohup, time, ...),
 * names the tool (pip, uv pip, python -m pip, conda/mamba/micromamba, apt-get) and
 * keeps the arguments after its subcommand. It parses nothing and records nothing.
 */
#ifndef ENVLINT_READERS_SHELL_COMMAND_H
#define ENVLINT_READERS_SHELL_COMMAND_H

#include <stdbool.h>
#include <stddef.h>

#include "readers.h"
#include "span.h"

struct arena;

enum shell_tool {
	SHELL_TOOL_NONE,
	SHELL_TOOL_PIP,   /* pip, pip3, pip3.10, python -m pip, uv pip: `install` */
	SHELL_TOOL_CONDA, /* conda, mamba, micromamba: `install` / `create` */
	SHELL_TOOL_APT,   /* apt-get / apt `install` (found; nothing recorded yet) */
};

/* A command envlint reads. `words` are the arguments after the subcommand, with pip
 * options that take a value but mean nothing to a requirements line already left out. */
struct shell_command {
	enum shell_tool tool;
	struct word *words;           /* arena */
	const char **unresolved_name; /* per word: first unresolved variable, or NULL */
	size_t n;
	struct span span; /* the whole command as written */
};

/* Shaped as util/vec.h's VEC(struct shell_command). */
struct shell_commands {
	struct shell_command *items;
	size_t nr, alloc;
};

/* Which tool words[0..n) run; *args receives the index of the first argument after
 * the subcommand. Shared by shell-form and exec-form RUN. */
enum shell_tool shell_classify(const struct word *words, size_t n, size_t *args);
/* Appends the command in words[0..n) (if it is one envlint reads) to out. */
void shell_commands_add(struct shell_commands *out, struct arena *arena, const struct word *words,
			const char *const *unresolved_name, size_t n, struct span span);
void shell_commands_release(struct shell_commands *self);

/* The words before the program that only wrap it, read a word at a time, so a command
 * whose words are still being built can ask where its program is. Zero it to start. */
struct shell_program_scan {
	bool in_options; /* after sudo/env: options and X=Y come next */
	bool skip_value; /* after sudo -u/-g: their value comes next */
	size_t next;     /* words read so far */
	bool found;      /* the program is w[prog] */
	size_t prog;
};

/* True when w[0..n), the first words of a command, already name a program that
 * shell_classify answers SHELL_TOOL_NONE for, whatever words follow. `scan` carries
 * over from the call with fewer words, so each word is read once. */
bool shell_names_other_program(struct shell_program_scan *scan, const struct word *w, size_t n);

#endif

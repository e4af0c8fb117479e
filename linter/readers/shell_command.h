/*
 * shell_command: which commands of a RUN body envlint reads, told from their words
 * alone (private to linter/readers/). Given the words of one simple command (the
 * tree-sitter walk in shell.c, the plain-body reader, or an exec-form JSON array), it
 * looks past the words that only wrap the program (sudo, env, X=Y, nice, time, xargs,
 * conda run, ...),
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
struct wrapper;

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
	/* `uv pip install` without --index-strategy unsafe-best-match: uv takes a package
	 * from the first index that has it, its extra indexes before the default one. */
	bool first_index;
	/* The PEP 508 marker of the branch it runs in (shell_branch.h): `if [ "$TARGETARCH" =
	 * "arm64" ]; then` gives `platform_machine == "aarch64"`. NULL: it always runs. */
	const char *platform_marker;
};

/* Shaped as util/vec.h's VEC(struct shell_command). */
struct shell_commands {
	struct shell_command *items;
	size_t nr, alloc;
};

/* What the words of a command run, as shell_classify reads them. */
struct shell_call {
	enum shell_tool tool;
	size_t args; /* the first argument after the subcommand */
	/* `xargs ... pip install`: xargs reads items (from a file, -a, or standard input)
	 * and hands them to the program as more arguments. */
	bool xargs;
	bool uv;              /* `uv pip install` */
	size_t arg_file;      /* the word of xargs -a FILE, or SIZE_MAX */
	size_t arg_file_skip; /* bytes of that word before FILE (`--arg-file=`), or 0 */
	const char *replace;  /* xargs -I R (-i: "{}"): R stands for an item, or NULL */
};

/* Which tool words[0..n) run, past the words that only wrap it (sudo, env, nice, time,
 * nohup, exec, command and X=Y; then `conda run` / `mamba run` / `micromamba run` and
 * xargs, with their options). Shared by shell-form and exec-form RUN. */
enum shell_tool shell_classify(const struct word *words, size_t n, struct shell_call *call);

/* The file on a command's standard input (`xargs pip install < r.txt`, `cat r.txt |
 * xargs pip install`), as a word of the body. */
struct shell_input_file {
	struct word word;
	const char *unresolved_name; /* first unresolved variable in it, or NULL */
};

/* Appends the command in words[0..n) (if it is one envlint reads) to out. When xargs
 * runs it, the file xargs reads (-a FILE, else `input` when not NULL) is read as the
 * requirements file `-r FILE` (conda: `--file FILE`) would be. */
void shell_commands_add(struct shell_commands *out, struct arena *arena, const struct word *words,
			const char *const *unresolved_name, size_t n, const struct shell_input_file *input,
			struct span span);
void shell_commands_release(struct shell_commands *self);

/* The words before the program that only wrap it, read a word at a time, so a command
 * whose words are still being built can ask where its program is. Zero it to start. */
struct shell_program_scan {
	const struct wrapper *wrapper; /* the last wrapper read */
	bool in_options;               /* after a wrapper: its options and X=Y come next */
	bool skip_value;               /* after an option that takes a value: the value */
	size_t next;                   /* words read so far */
	bool found;                    /* the program is w[prog] */
	size_t prog;
};

/* True when w[0..n), the first words of a command, already name a program that
 * shell_classify answers SHELL_TOOL_NONE for, whatever words follow. `scan` carries
 * over from the call with fewer words, so each word is read once. */
bool shell_names_other_program(struct shell_program_scan *scan, const struct word *w, size_t n);

#endif

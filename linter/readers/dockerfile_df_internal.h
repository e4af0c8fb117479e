/*
 * dockerfile_df_internal: the state of one Dockerfile read (struct df) and what the
 * Dockerfile reader's files share (private to linter/readers/dockerfile*.c):
 *   dockerfile.c        instruction splitter, the logical-line buffer, reader entry
 *   dockerfile_stage.c  FROM / ARG / ENV: stages, variables, image and ENV pins
 *   dockerfile_copy.c   COPY / ADD / WORKDIR -> build-context map, -r/--file rewrite
 *   dockerfile_json.c   exec form (JSON array of strings)
 *   dockerfile_run.c    RUN: bodies to shell.c, commands to the pip/conda readers
 * Offsets named `a`, `b`, `ws`, `we`, `from`, `to` are indices into df->buf.items (the
 * current logical line) unless a comment says they are Dockerfile offsets.
 */
#ifndef ENVLINT_READERS_DOCKERFILE_DF_INTERNAL_H
#define ENVLINT_READERS_DOCKERFILE_DF_INTERNAL_H

#include <stdbool.h>
#include "input_limits.h"
#include <stddef.h>
#include <stdint.h>

#include "dockerfile_internal.h"
#include "readers.h"
#include "shell.h"
#include "util/vec.h"

/* Heredocs on one instruction line; more is not a real Dockerfile. */
#define DOCKERFILE_MAX_HEREDOCS 16

struct heredoc {
	size_t marker_start, marker_end; /* in the logical buffer */
	const char *delim;
	size_t delim_len;
	bool strip_tabs;             /* <<- */
	size_t body_start, body_end; /* Dockerfile offsets */
};

struct stage {
	const char *name; /* `AS name`, lowercase, or NULL */
	uint32_t scope;
	uint32_t env_stage;  /* shell_env stage id */
	int32_t parent;      /* index of the stage it is built FROM, or -1 (an image) */
	const char *workdir; /* absolute, normalised */
};

enum copy_kind {
	COPY_DIR,  /* dest/X -> ctx/X */
	COPY_GLOB, /* dest/name -> ctx/name when name matches pattern */
	/* `COPY src dest` whose src may be a file or a directory: which one is asked of the
	 * build context (a stat per context directory) only when a lookup could match it,
	 * since most COPYs (`COPY . /app`, `COPY entrypoint.sh /`) are never looked up. */
	COPY_FILE_OR_DIR,
};

/* What a COPY put into a stage from the build context. */
struct copy_entry {
	int32_t stage;
	enum copy_kind kind;
	const char *dest;    /* absolute path in the image (directory for DIR/GLOB) */
	const char *ctx;     /* path in the build context ("" = its root); dir for GLOB */
	const char *pattern; /* GLOB: the file-name pattern */
	bool dest_is_dir;    /* FILE_OR_DIR: dest ends in '/' (the file lands inside it) */
	int8_t is_dir;       /* FILE_OR_DIR: -1 not yet asked, else whether ctx is a directory */
};

/* One Dockerfile being read (dockerfile_read owns it and everything it points to). */
struct df {
	struct read_ctx *ctx;
	const struct source *src;
	const char *base_dir; /* the Dockerfile's directory */
	/* The directories the build context may be, nearest first: the Dockerfile's, then
	 * each parent up to the repository root (a directory holding .git) or, outside a
	 * repository, up to the working directory; filled on first use (df_context_file). */
	const char **ctx_dirs;
	size_t nctx_dirs;
	char escape;
	struct shell_env env;
	struct shell shell;
	VEC(struct stage) stages;
	VEC(struct copy_entry) copies;
	int32_t cur; /* current stage, -1 before the first FROM */
	bool stop;
	dockerfile_observer observe; /* tests only */
	void *observe_arg;
	/* The current logical line: buf.items (NUL-terminated, the NUL not counted in
	 * buf.nr) and map.items[i], the Dockerfile offset of buf.items[i], pushed together. */
	VEC(char) buf;
	VEC(size_t) map;
	size_t inst_start, inst_end;
	size_t pos; /* scan position in the source */
	struct heredoc heredocs[DOCKERFILE_MAX_HEREDOCS];
	size_t nheredocs;
};

/* --- dockerfile.c: the logical line --- */

/* First non-blank byte of b[pos, end), or end. */
size_t df_skip_blank(const char *b, size_t pos, size_t end);
/* Span of Dockerfile bytes [from, to). */
struct span df_span(const struct df *df, size_t from, size_t to);
/* Span of buffer bytes [a, b) as written. */
struct span df_buf_span(const struct df *df, size_t a, size_t b);
/* An expander of Dockerfile words (DOCKER mode) in env stage `stage`. */
struct shell_expander df_expander(const struct df *df, uint32_t stage);
/* The shell_env stage and the pin scope of the current build stage (0 before FROM). */
uint32_t df_cur_env_stage(const struct df *df);
uint32_t df_cur_scope(const struct df *df);
/* The next Dockerfile word of buf[*i, to) into [*ws, *we); false at the end. */
bool df_next_word(const struct df *df, size_t *i, size_t to, size_t *ws, size_t *we);
/* Resets out and expands buf[a, b) into it as one Dockerfile word. */
void df_expand(const struct df *df, uint32_t stage, size_t a, size_t b, struct shell_text *out);
/* EL004 for a value that held `var` (NULL: unknown; "$..." : known only at RUN time). */
void df_unresolved_diag(struct df *df, struct span at, const char *var, const char *what);

/* --- instructions; `args` is the buffer index after the keyword --- */

void df_do_from(struct df *df, size_t args); /* dockerfile_stage.c */
/* Gives the pins read since pins[first_pin] their stage's `AS` name (pin.h stage) and,
 * where the stage is built FROM another stage, the scope of the stage at the root of that
 * chain (pin.h base_scope). dockerfile_stage.c */
void df_link_stages(struct df *df, size_t first_pin);
void df_do_arg(struct df *df, size_t args);
void df_do_env(struct df *df, size_t args);
void df_do_workdir(struct df *df, size_t args); /* dockerfile_copy.c */
void df_do_copy(struct df *df, size_t args);
void df_do_run(struct df *df, size_t args); /* dockerfile_run.c */

/* --- dockerfile_copy.c --- */

/* Copies c's words to out (room for 2 * c->n) with -r/-c/--file values replaced by the
 * build-context file a COPY brought in, or left out with their option when none did.
 * Returns how many words were written. */
/* The file (or directory) at build-context path `ctx_path` in the first candidate context
 * (struct df ctx_dirs) that holds it, as a path to open; NULL when none does. */
const char *df_context_file(struct df *df, const char *ctx_path, bool want_dir);
size_t df_rewrite_files(struct df *df, const struct shell_command *c, struct word *out);

/* --- dockerfile_json.c --- */

/* buf[from, to) as a JSON array of strings: on success *words (arena) and *n are set;
 * false, with nothing set, when it is not one. */
bool df_json_array(struct df *df, size_t from, size_t to, struct word **words, size_t *n);

#endif

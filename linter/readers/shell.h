/*
 * shell: the shell-text half of the Dockerfile reader (private to linter/readers/).
 * It owns three things: the variable table of a Dockerfile (ARG/ENV per stage), the
 * expansion of `$X`/`${X...}` into text that remembers, byte by byte, where in the
 * Dockerfile each character came from, and the search of RUN bodies (tree-sitter-bash)
 * for the commands envlint reads (pip, uv pip, conda/mamba/micromamba, apt-get).
 * It records no pins and no diagnostics itself: dockerfile.c decides what to do with
 * what it finds. Strings it returns live in the arena it is given. The first two live
 * in shell_expand.c, the RUN-body search in shell.c (which commands it keeps:
 * shell_command.c), the byte search that tells which bodies need it in shell_scan.c.
 */
#ifndef ENVLINT_READERS_SHELL_H
#define ENVLINT_READERS_SHELL_H

#include <stdbool.h>
#include "input_limits.h"
#include <stddef.h>
#include <stdint.h>

#include "readers.h"
#include "shell_command.h"
#include "util/vec.h"

struct arena;

/* An expanded character whose source is unknown (an unresolved `$(...)`). */
#define SHELL_NO_ORIGIN SIZE_MAX
/* tree-sitter gives up on a RUN body after this long (hostile input must not hang). */
#define SHELL_PARSE_TIMEOUT_US ((uint64_t)2 * 1000 * 1000)
/* Nesting of `${A:-${B:-...}}` and of string/concatenation nodes we follow. */
#define SHELL_MAX_EXPAND_DEPTH 16

/* Where one expanded character came from: a Dockerfile byte, and the ARG/ENV variable
 * (index into shell_env.vars.items) whose value text holds it, or -1 when the byte is written
 * in the instruction being read. */
struct shell_origin {
	size_t off;
	int32_t var;
	bool split; /* from an unquoted expansion at RUN time: blanks here split words */
};

/* One ARG or ENV declaration. Its value keeps the origins of its characters, so a tag
 * built from `${CUDA}` can point at the ARG default the user edits. */
struct shell_var {
	const char *name;  /* arena */
	const char *value; /* arena; "" when !has_value */
	size_t len;
	const struct shell_origin *origin; /* len entries, arena */
	struct span via;                   /* the ARG/ENV instruction */
	uint32_t stage;                    /* 0: global ARG (before the first FROM) */
	bool is_env;
	bool has_value;              /* `ARG X` without a default has none */
	bool unresolved;             /* the value held an unresolved variable */
	const char *unresolved_name; /* first such variable, or NULL */
};

/* Every declaration of one Dockerfile, in order, and the stage tree. Append-only, so
 * variable indices stay valid. */
#define SHELL_ENV_BUCKETS 4096u /* name hash buckets: 100k ENV lines stay linear */

struct shell_env {
	VEC(struct shell_var) vars;
	VEC(int32_t) chain;  /* chain.items[i]: older var with vars.items[i]'s name hash, or -1 */
	int32_t *bucket;     /* newest var per name hash, or -1 */
	VEC(int32_t) parent; /* parent.items[stage]: stage it is built FROM, or -1 */
};

void shell_env_init(struct shell_env *self);
void shell_env_release(struct shell_env *self);
/* A new stage (ids start at 1) built on `parent` (-1: an image). */
uint32_t shell_env_add_stage(struct shell_env *self, int32_t parent);
void shell_env_add(struct shell_env *self, const struct shell_var *var);
/* What `name` means in `stage` now: ENV (this stage, then the stages it is built on)
 * wins over ARG (this stage only, as Docker scopes ARG); stage 0 sees global ARGs.
 * Returns the index in vars, or -1 when not declared. */
int32_t shell_env_lookup(const struct shell_env *self, uint32_t stage, const char *name, size_t len);

/* Expanded text with one origin per byte: two vectors (util/vec.h) pushed together, so
 * origin.nr == text.nr. text.items is never NULL after shell_text_init and is always
 * NUL-terminated (the NUL is not counted in text.nr). */
struct shell_text {
	VEC(char) text;
	VEC(struct shell_origin) origin; /* origin.items[i]: where text.items[i] came from */
	bool expanded;                   /* some variable supplied characters */
	bool unresolved;                 /* some variable could not be resolved */
	const char *unresolved_name;     /* first unresolved variable (arena), or NULL */
	bool has_split;                  /* held an unquoted RUN-time expansion (maybe empty) */
};

void shell_text_init(struct shell_text *self);
void shell_text_release(struct shell_text *self);
void shell_text_reset(struct shell_text *self);
void shell_text_addc(struct shell_text *self, char c, size_t off, int32_t var);

/* Inputs to expansion: text with one Dockerfile offset per byte. */
struct shell_input {
	const char *text;
	size_t len;
	const size_t *map; /* map[i]: Dockerfile offset of text[i] */
};

/* Expansion rules. DOCKER: a Dockerfile instruction word (escape char, quote removal,
 * an undeclared variable is empty as in Docker, `${X:-d}` then takes d). RUNTIME: a
 * shell word at RUN time, where an undeclared variable may come from the base image,
 * so it is unresolved and never guessed. */
enum shell_mode { SHELL_MODE_DOCKER, SHELL_MODE_RUNTIME };

struct shell_expander {
	const struct shell_env *env;
	uint32_t stage;
	enum shell_mode mode;
	char escape;         /* Dockerfile escape char (DOCKER mode) */
	struct arena *arena; /* for unresolved_name */
};

/* Expands in[from, to) as one Dockerfile word (quotes removed) and appends to out. */
void shell_expand_word(const struct shell_expander *self, const struct shell_input *in, size_t from,
		       size_t to, struct shell_text *out);
/* Expands one `$NAME` or `${...}` starting at in->text[from] (which is '$'); appends
 * to out and returns the index after it. A '$' that starts no expansion is copied. */
size_t shell_expand_dollar(const struct shell_expander *self, const struct shell_input *in, size_t from,
			   size_t to, struct shell_text *out, unsigned depth);

/* --- commands in RUN bodies (which commands envlint reads: shell_command.h) --- */

/* The tree-sitter-bash parser is made on first use, either owned by this shell or kept
 * in the run's reader_cache so one parser serves every Dockerfile of the run. */
struct shell {
	void *parser;               /* TSParser * this shell owns (no cache), or NULL */
	struct reader_cache *cache; /* borrowed; when set, the parser is cache->bash_parser */
	/* Where the last shell_find_commands stopped descending, because the body nests
	 * deeper than SHELL_MAX_NESTING: the first node not entered (line 0: it did not). */
	struct span deep;
};

/* A shell that owns its parser. */
void shell_init(struct shell *self);
/* A shell that uses the parser in `cache` (making it there on first use); the cache
 * keeps it after shell_release. */
void shell_init_cached(struct shell *self, struct reader_cache *cache);
/* Deletes the parser this shell owns; a cached one is left to reader_cache_release. */
void shell_release(struct shell *self);

enum shell_status {
	SHELL_OK,
	/* tree-sitter timed out (nothing found), or the body nests deeper than
	 * SHELL_MAX_NESTING (self->deep is set; the commands outside it were found). */
	SHELL_TOO_COMPLEX,
};

/* Parses `in` as a shell script and appends the commands found to `out` (arena
 * strings from exp->arena; `out` storage is xrealloc'd, freed by shell_commands_release).
 * Spans are Dockerfile spans of `src`. Time and memory are linear in in->len. */
enum shell_status shell_find_commands(struct shell *self, const struct shell_expander *exp,
				      const struct source *src, const struct shell_input *in,
				      struct shell_commands *out);
/* False when `in` holds no command shell_classify answers SHELL_TOOL_PIP or
 * SHELL_TOOL_CONDA for, expanded through `exp` as shell_find_commands expands it, and
 * cannot nest deeper than SHELL_MAX_NESTING: shell_find_commands would find nothing a
 * caller that reads only pip and conda commands uses, so the body need not be parsed.
 * A byte search (shell_scan.c); true may still find nothing. Linear in in->len. */
bool shell_may_install(const struct shell_expander *exp, const struct shell_input *in);
/* `in` without the top-level commands that shell_may_install lets go (and the `;`,
 * `&&`, `||` or newline that only joined them): the commands kept, in order, joined by
 * the operator that followed each, written to `text` and `map` (room for in->len each,
 * the caller's) and described by *out. shell_find_commands on *out parses less and
 * finds the same pip and conda commands at the same Dockerfile offsets, through the
 * map. Returns false, *out unset, when the body is not plain enough to cut safely
 * (heredocs, comments, reserved words, unbalanced quotes, a dangling operator) or when
 * no command or every command would be kept. */
bool shell_cut_idle(const struct shell_expander *exp, const struct shell_input *in, struct shell_input *out,
		    char *text, size_t *map);
/* shell_find_commands without tree-sitter, for a body that is only simple commands of
 * plain words (letters, digits, _ . / : = + , @ -, with '...', one-line "..." and
 * $NAME / ${NAME}) joined by ; && || or newlines, where the parse is known: a command
 * per list item, a word per blank-separated word, read as the walk reads it.
 * Appends what shell_find_commands would append and returns true, or returns false
 * without touching `out` when the body is anything else. */
bool shell_find_plain_commands(struct shell *self, const struct shell_expander *exp, const struct source *src,
			       const struct shell_input *in, struct shell_commands *out);
/* Builds a struct word for expanded text t[from, to): verbatim when those bytes are the
 * Dockerfile's bytes at consecutive offsets. `as_written` is the span of the word in the
 * instruction. */
struct word shell_word_from_text(const struct shell_expander *exp, const struct source *src,
				 const struct shell_text *t, size_t from, size_t to, struct span as_written);

#endif

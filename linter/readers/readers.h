/*
 * readers: turn one source into pins (pin.h) and EL diagnostics. One reader per format:
 * conda environment files (libyaml), pip requirements files, Dockerfiles (with their RUN
 * bodies parsed by tree-sitter-bash in shell.c). Readers share this context and the
 * entry points below so a Dockerfile's `pip install` args and a conda file's `pip:` list
 * go through the same requirements parser. Readers never see the knowledge base and
 * never print; every path out of a reader, errors included, frees what it took.
 */
#ifndef ENVLINT_READERS_READERS_H
#define ENVLINT_READERS_READERS_H

#include <stdbool.h>
#include "input_limits.h"
#include <stddef.h>
#include <stdint.h>

#include "pin.h"
#include "source.h"
#include "util/file_id.h"

struct arena;
struct diag_list;

/* Limits: input_limits.h. */

/* What readers keep for a whole run rather than per file: the library objects STYLE.md
 * 3 says are made once per run. The run owns it (reader_cache_init before the first
 * file, reader_cache_release after the last) and lends it to each file's read_ctx. */
struct reader_cache {
	void *bash_parser; /* TSParser * for RUN bodies; made by shell.c on first use */
};

void reader_cache_init(struct reader_cache *self);
/* Deletes what the readers made; the cache is empty (as after init) afterwards. */
void reader_cache_release(struct reader_cache *self);

struct read_ctx {
	struct arena *arena; /* the unit's arena: pins, strings and included sources */
	/* Borrowed from the run, or NULL (read_ctx_init's default, for tests and fuzz
	 * targets): then a reader makes what it needs per call and frees it before it
	 * returns, so a read_ctx never owns anything to release. */
	struct reader_cache *cache;
	struct pin_list *pins;   /* output */
	struct diag_list *diags; /* output: EL diagnostics */
	uint32_t next_scope;     /* readers take scope ids from here (start at 1) */
	uint32_t commands;       /* Dockerfile pip and conda commands read (pin.h `command`) */
	/* Include chain, outermost first, for -r/-c cycle detection. */
	struct file_id include_stack[READER_MAX_INCLUDE_DEPTH + 1];
	unsigned include_depth;
	/* Sources loaded for includes during this unit (for snippets); borrowed. */
	const struct source *loaded[64];
	unsigned nloaded;
};

void read_ctx_init(struct read_ctx *self, struct arena *arena, struct pin_list *pins,
		   struct diag_list *diags);
/* A fresh scope id. */
uint32_t read_ctx_new_scope(struct read_ctx *self);

/* A word of a command line (a RUN `pip install` argument, a conda `pip:` item), after
 * quote removal and variable expansion. When `verbatim` is true, text == the bytes at
 * [offset, offset+len) of the source, so sub-spans are exact; otherwise `span` covers
 * the word as written and sub-spans fall back to it. */
struct word {
	const char *text; /* NUL-terminated, arena */
	size_t len;
	size_t offset; /* byte offset in the source, when verbatim */
	bool verbatim;
	bool bare;        /* verbatim and written so (no quotes): the word ends where its
				    text does (a RUN word; false elsewhere) */
	struct span span; /* the word as written */
	struct span via;  /* ARG/ENV that supplied the value (line 0: none) */
	bool unresolved;  /* held a variable that could not be resolved */
};

/* --- requirements.c --- */
/* A whole requirements/constraints file; its pins get one new scope. Relative -r/-c
 * paths resolve against the directory of src->path. */
bool read_requirements(struct read_ctx *ctx, const struct source *src);
/* One requirements line's worth of words (`torch==2.1.0`, `--index-url URL`, `-r f.txt`)
 * as they appear in a conda `pip:` item or a `pip install` command (`text` says which:
 * PIN_TEXT_ITEM or PIN_TEXT_SHELL; pins of files they include are PIN_TEXT_LINE).
 * `base_dir` resolves relative -r/-c paths (NULL: the directory of src->path). Pins go
 * to `scope`. */
void requirements_from_words(struct read_ctx *ctx, const struct source *src, const struct word *words,
			     size_t n, const char *base_dir, uint32_t scope, enum pin_eco eco,
			     enum pin_text text);

/* --- conda.c (+ conda_install.c; MatchSpecs split by matchspec.h) --- */
bool read_conda(struct read_ctx *ctx, const struct source *src);
/* conda_install.c: is the file `conda list -e` output, a spec list for `conda create
 * --file` (its header says so), whatever its name (often requirements.txt)? */
bool conda_spec_list_file(const struct source *src);
/* Reads such a file: one MatchSpec a line (`pytorch=1.8.0=py3.7_cuda10.2_cudnn7.6.5_0`),
 * in a scope of its own. */
void conda_read_spec_list(struct read_ctx *ctx, const struct source *src);
/* conda_install.c: arguments of `conda|mamba|micromamba install|create` (after the subcommand): MatchSpecs,
 * -c/--channel, --file; options that take values are skipped. */
void conda_from_words(struct read_ctx *ctx, const struct source *src, const struct word *words, size_t n,
		      uint32_t scope);

/* --- dockerfile.c (+ shell.c) --- */
bool read_dockerfile(struct read_ctx *ctx, const struct source *src);

/* --- kind detection (walk uses it too) --- */
enum file_kind {
	FILE_KIND_UNKNOWN,
	FILE_KIND_CONDA,
	FILE_KIND_REQUIREMENTS,
	FILE_KIND_DOCKERFILE,
};
/* From the base name alone (CONTRACT.md patterns); FILE_KIND_UNKNOWN if none matches. */
enum file_kind file_kind_from_name(const char *path);
/* From the content, for named files whose name says nothing. */
enum file_kind file_kind_from_content(const char *bytes, size_t len);
/* Does the name end in .yml/.yaml? (The walk looks inside those it does not know.) */
bool file_kind_yaml_name(const char *path);
/* Is this YAML (its first bytes) a conda environment: `dependencies:` or `channels:` as a
 * top-level key? */
bool file_kind_is_conda_yaml(const char *bytes, size_t len);
/* For a path named on the command line: name patterns, then looser name hints
 * ("x__Dockerfile-cuda111", "*.yml", "*.txt"), then the content. */
enum file_kind file_kind_for_named_path(const char *path, const char *bytes, size_t len);
const char *file_kind_name(enum file_kind kind);

#endif

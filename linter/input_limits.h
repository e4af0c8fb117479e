/*
 * input_limits: every bound envlint puts on its input, in one place (cmark and
 * tree-sitter name theirs the same way). Hostile or broken input meets one of these
 * and gets a finding that says which (EL007 input-limit, unless noted), never a crash,
 * a hang or memory that grows without end. docs/limits.md lists them for users.
 * Ground floor: includes nothing.
 */
#ifndef ENVLINT_INPUT_LIMITS_H
#define ENVLINT_INPUT_LIMITS_H

/* --- files and lines ------------------------------------------------------------ */

/* Files larger than this are not linted; manifests are kilobytes. */
#define SOURCE_MAX_BYTES ((size_t)16 * 1024 * 1024)
/* A logical requirements or Dockerfile line (continuations joined). */
#define READER_MAX_LINE_BYTES (1u << 20)

/* --- nesting ------------------------------------------------------------------- */

/* YAML nesting in conda files. Debian's libyaml 0.2.5 has no yaml_set_max_nest_level,
 * so the readers count nesting themselves and stop here. */
#define READER_MAX_YAML_DEPTH 64
/* A profile nests three deep (list of profiles, mapping, gpus list); deeper input is
 * refused (EL017) before the document is loaded: libyaml's scanner slows down
 * quadratically on deep flow nesting (100000 '[' took 40 s of CPU). */
#define PROFILE_MAX_DEPTH 8
/* Levels of `$(...)`, `<(...)`, `( )` and `{ }` in a RUN body whose commands are read;
 * a word that holds a deeper one still reads it as an unresolved `$(...)`. Each level
 * can copy the words inside it once more, so this bounds a body's cost. */
#define SHELL_MAX_NESTING 64

/* --- aliases ------------------------------------------------------------------- */

/* YAML aliases are never expanded (no billion laughs): each one where pins are read is
 * an EL015. Findings of one kind (EL015, EL016) per file, each; the rest are summed up
 * in one, as a hostile file can repeat one problem a million times in 16 MiB. */
#define CONDA_MAX_REPORTS 100

/* --- includes, stages, pins ----------------------------------------------------- */

/* Nested -r / -c includes. */
#define READER_MAX_INCLUDE_DEPTH 16
/* Files read through -r/-c below one top-level file. Each file is read once per walk,
 * so with this cap a diamond of includes costs at most this many reads. */
#define REQ_MAX_INCLUDES 256
/* Stages and COPY instructions per Dockerfile: FROM and -r lookups scan them, so a
 * hostile file with 100k of each must stop early instead of going quadratic. */
#define DOCKERFILE_MAX_STAGES 4096
#define DOCKERFILE_MAX_COPIES 4096
/* Pins per top-level file, includes counted. */
#define READER_MAX_PINS 100000

/* --- walks and configs ------------------------------------------------------------ */

/* Directories deeper than this below a named one are not walked. */
#define WALK_MAX_DEPTH 64
/* More files than this in one run are not listed: EL007 says where it stopped. */
#define WALK_MAX_FILES 1000000
/* Entries of one list in .envlint.yml (EL014 past it). */
#define CONFIG_MAX_ENTRIES 256

#endif

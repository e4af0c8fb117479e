/*
 * version: parse and compare the version numbers and specifiers envlint meets —
 * PEP 440 (pip), conda MatchSpec versions, NVIDIA driver versions, CUDA versions and
 * PyTorch variant tags — and answer "which of these known versions satisfy this spec".
 * Pure functions on caller-owned values: no I/O, no allocation, no global state.
 * Facts (which versions exist) live in the knowledge base, never here.
 */
#ifndef ENVLINT_VERSION_H
#define ENVLINT_VERSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VERSION_MAX_PARTS 8
#define VERSION_MAX_LOCAL 32
#define VERSION_SPEC_MAX_CLAUSES 16

enum version_pre {
	VERSION_PRE_NONE = 0, /* no pre-release segment */
	VERSION_PRE_A,        /* a, alpha */
	VERSION_PRE_B,        /* b, beta */
	VERSION_PRE_RC,       /* rc, c, pre, preview */
};

/* A parsed version. Release components are numbers (so "05" == 5: driver
 * 535.104.05 > 535.86.09 compares per component). Missing parts count as 0. */
struct version {
	uint32_t epoch;
	uint32_t release[VERSION_MAX_PARTS];
	uint8_t nrelease; /* >= 1 once parsed */
	enum version_pre pre;
	uint32_t pre_num;
	int64_t post;                  /* -1: none */
	int64_t dev;                   /* -1: none */
	char local[VERSION_MAX_LOCAL]; /* normalised local label without '+' ("cu121"), "" if none */
};

/* The final release made of parts[0..n) (n <= VERSION_MAX_PARTS): no epoch, pre, post,
 * dev or local part ("2.1.0", or the X.Y of a compute capability). */
struct version version_release(const uint32_t *parts, unsigned n);

/* PEP 440 (https://peps.python.org/pep-0440/): epochs, pre/post/dev, local labels,
 * the spec's normalisations ("1.0-alpha1" == "1.0a1", leading "v", case). Also accepts
 * plain dotted CUDA and driver numbers. false on anything else; *out is then zeroed. */
bool version_parse(struct version *out, const char *text, size_t len);
/* PEP 440 total order (pre < release < post; dev sorts first; local labels sort after
 * the same public version). Returns <0, 0, >0. */
int version_cmp(const struct version *a, const struct version *b);
/* Like version_cmp but ignoring the local label. */
int version_cmp_public(const struct version *a, const struct version *b);
/* Compares only the first `parts` release components (12.4.1 vs 12.4 with parts=2: 0). */
int version_cmp_prefix(const struct version *a, const struct version *b, unsigned parts);
/* Canonical text ("2.1.0rc1+cu121", "535.104.5" for drivers — see version_format_driver). */
void version_format(const struct version *v, char *buf, size_t size);
/* A pre-release or a development release (PEP 440 a/b/rc, .devN): 2.5.0a0+872d972e41,
 * 2.9.0.dev20250801 (PyTorch's nightlies). */
bool version_is_prerelease(const struct version *v);
/* The first `parts` release components only ("2.1" of 2.1.0rc1+cu121 with parts=2; a line,
 * a Python X.Y, a cuDNN X.Y.Z of 9.1.0.70). */
void version_format_release(const struct version *v, unsigned parts, char *buf, size_t size);

/* NVIDIA driver "535.104.05", "470.82.01", "418.67", branch "535". Also the driver API
 * encoding users see in errors ("11040" = CUDA 11.4) is NOT a driver: see
 * version_parse_cuda. Kept as components; version_format_driver pads every component
 * after the branch to 2 digits as NVIDIA writes them (535.104.05, Windows 520.06). */
bool version_parse_driver(struct version *out, const char *text, size_t len);
void version_format_driver(const struct version *v, char *buf, size_t size);
/* The branch of a driver version (535 for 535.104.05). */
uint32_t version_driver_branch(const struct version *v);

/* CUDA versions: "12.4", "12.4.1", "cu124", "cu92", "cuda12.4", "cuda124" (conda-forge
 * build strings), "11040"/"12040" (cudaDriverGetVersion encoding: major*1000+minor*10).
 * cuXY[Z] tags: the last digit is the minor, the rest the major (cu92 = 9.2,
 * cu102 = 10.2, cu130 = 13.0). */
bool version_parse_cuda(struct version *out, const char *text, size_t len);

/* ------------------------------------------------------------------------- */
/* Specifiers */

enum version_op {
	VOP_ANY,        /* matches everything ("*", "" or a bare name) */
	VOP_EQ,         /* == (PEP 440: local label ignored unless the spec has one) */
	VOP_NE,         /* != */
	VOP_LT,         /* < (PEP 440: excludes pre-releases of the bound) */
	VOP_LE,         /* <= */
	VOP_GT,         /* > (PEP 440: excludes post-releases of the bound) */
	VOP_GE,         /* >= */
	VOP_COMPAT,     /* ~= X.Y.Z  ==  >= X.Y.Z, == X.Y.* */
	VOP_ARBITRARY,  /* === string equality */
	VOP_PREFIX,     /* == X.Y.*  (conda: X.Y.*, =X.Y, bare X.Y) */
	VOP_NOT_PREFIX, /* != X.Y.* */
};

struct version_clause {
	enum version_op op;
	struct version v;
	unsigned prefix_parts; /* VOP_PREFIX / VOP_NOT_PREFIX / VOP_COMPAT: parts compared */
	char arbitrary[48];    /* VOP_ARBITRARY: the literal */
};

/* A specifier: an OR of AND-groups (conda "2.1.*|>=2.3,<2.4"); PEP 440 has one group. */
struct version_spec {
	struct version_clause clauses[VERSION_SPEC_MAX_CLAUSES];
	uint8_t group[VERSION_SPEC_MAX_CLAUSES]; /* clauses with equal group are ANDed */
	uint8_t nclauses;
	bool allows_pre; /* a clause names a pre-release, so pre-releases may match */
};

/* PEP 440 specifier set: "==2.1.0", ">=2.0,<2.2", "~=2.1", "==2.1.*", "!=2.0.1",
 * "===foo", whitespace anywhere. Empty text = any. false if any clause is invalid. */
bool version_spec_parse_pep440(struct version_spec *out, const char *text, size_t len);
/* conda MatchSpec version part: "2.1" (fuzzy: 2.1.*), "=2.1" (2.1.*), "==2.1.0" (exact),
 * "2.1.*", ">=2.0,<2.2", "2.1|2.2", ">=1.8,<2|2.1.*", "*". The build-string part
 * ("2.1.0=py3.10_cuda12.1_0", "2.1.0 py3.10_...") must be split off by the caller. */
bool version_spec_parse_conda(struct version_spec *out, const char *text, size_t len);
/* A spec that pins exactly one version (== / === / conda ==) writes it to *out. */
bool version_spec_exact(const struct version_spec *spec, struct version *out);
bool version_spec_matches(const struct version_spec *spec, const struct version *v);
/* Marks in `out[i]` which of `known[0..n)` satisfy the spec; returns how many do. */
size_t version_spec_filter(const struct version_spec *spec, const struct version *known, size_t n, bool *out);

#endif

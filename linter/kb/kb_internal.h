/*
 * kb_internal: what the kb_*.c files share and nothing else sees — the layout of
 * struct kb, the loader state, the small YAML DOM over libyaml's document loader
 * (kb_yaml.c) and what the table descriptors' hooks (kb_load_<file>.c) share.
 * Everything the loader keeps lives in the KB arena; libyaml documents and PCRE2
 * objects are library memory released by kb_free / the loader itself.
 */
#ifndef ENVLINT_KB_KB_INTERNAL_H
#define ENVLINT_KB_KB_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <yaml.h>

#include "kb/kb.h"
#include "kb/kb_schema.h"
#include "source.h"
#include "span.h"
#include "util/arena.h"
#include "util/vec.h"

struct diag_list;

/* Longest normalised GPU spelling kept (kb_gpu_normalise truncates). */
#define KB_GPU_NAME_MAX 128

struct kb_fwd {
	const char *segment;
	bool allowed;
	struct kb_origin origin;
};

/* drivers.yaml `compat`: the installed base driver branches the cuda-compat package of
 * CUDA X.Y runs on (NVIDIA's forward-compatibility matrix). `bases` is never NULL; an
 * empty list is a fact too (12.2: the only branch the matrix gives is its own). */
struct kb_fc_package {
	struct version cuda;   /* X.Y */
	const uint32_t *bases; /* in file order, no duplicates */
	size_t nbases;
	struct kb_origin origin;
};

/* A compiled images.yaml pattern. The match data is scratch space reused by every
 * kb_match call, which is why kb_match can take a const struct kb *: envlint is
 * single-threaded, so one match data per pattern is never used twice at once. */
struct kb_pattern {
	const char *name;
	enum kb_pattern_kind kind;
	const char *regex;      /* source text: the built-in tables keep it and compile at load */
	const char *repo_regex; /* image_tag only, else NULL */
	void *repo;             /* pcre2_code_8 *, image_tag only */
	void *repo_md;          /* pcre2_match_data_8 * */
	void *re;
	void *md;
	bool jitted; /* JIT-compiled: done on the first kb_match that reaches it */
	struct kb_origin origin;
};

/* One normalised spelling of a GPU name; the index is sorted by `norm`. */
struct kb_gpu_name {
	const char *norm;
	const struct kb_gpu *gpu;
};

struct kb {
	struct arena arena;
	const char *date;
	struct kb_cuda *cuda;
	size_t ncuda;
	struct kb_minor_compat *compat;
	size_t ncompat;
	struct kb_cc *ccs;
	size_t ncc;
	struct kb_branch *branches;
	size_t nbranches;
	struct kb_fwd *fwd;
	size_t nfwd;
	struct kb_fc_package *fc_packages; /* sorted by cuda */
	size_t nfc_packages;
	struct kb_arch *archs;
	size_t narchs;
	struct kb_gpu *gpus;
	size_t ngpus;
	struct kb_gpu_name *names;
	size_t nnames;
	struct kb_cudnn *cudnn;
	size_t ncudnn;
	struct kb_cudnn_package *cudnn_pkgs;
	size_t ncudnn_pkgs;
	struct kb_torch_release *torch;
	size_t ntorch;
	struct kb_companion_requires *companion_requires;
	size_t ncompanion_requires;
	struct kb_pattern *patterns;
	size_t npatterns;
	struct kb_ngc *ngc;
	size_t nngc;
	struct kb_cuda_image *cuda_images; /* sorted by image */
	size_t ncuda_images;
	struct kb_cuda_image_tags *cuda_image_tags; /* sorted by os, then image */
	size_t ncuda_image_tags;
	struct kb_devel_base *devel_bases; /* sorted by torch */
	size_t ndevel_bases;
};

/* ------------------------------------------------------------------------- */
/* The YAML DOM: libyaml's document (nodes carry start/end marks) plus the source
 * the marks are converted against. */

struct kb_doc {
	yaml_document_t doc;
	bool have_doc;
	struct source src;
	const char *file;    /* "<builtin>/cuda.yaml", in the KB arena */
	struct arena *arena; /* the KB arena: strings copied out go here */
	struct diag_list *diags;
	bool ok;       /* false once an EL009 was recorded */
	size_t visits; /* collection items walked (alias-bomb budget) */
	bool budget_reported;
};

/* Parses src (already in `doc->src`) into a document; false + EL009 on a YAML error. */
bool kb_doc_parse(struct kb_doc *doc);
void kb_doc_release(struct kb_doc *doc);
yaml_node_t *kb_doc_root(struct kb_doc *doc);
struct span kb_doc_span(const struct kb_doc *doc, const yaml_node_t *node);
/* Records an EL009 at `node` (NULL: whole file) and marks the document failed. */
void kb_doc_error(struct kb_doc *doc, const yaml_node_t *node, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Items of a sequence node; 0 (and an error) if `node` is not a sequence. */
size_t kb_doc_seq(struct kb_doc *doc, yaml_node_t *node, const char *what, yaml_node_t ***items);
/* Splits mapping `map` into values for `keys` (NULL-terminated list; out[i] NULL when
 * absent). Unknown or repeated keys are errors. false if `map` is not a mapping. */
bool kb_doc_fields(struct kb_doc *doc, yaml_node_t *map, const char *what, const char *const *keys,
		   yaml_node_t **out);
/* The scalar text of `node` (NULL if not a scalar), with its length. */
const char *kb_doc_scalar(yaml_node_t *node, size_t *len);

/* Typed getters: each reports a bad value naming `key` and returns false. */
bool kb_doc_version(struct kb_doc *doc, yaml_node_t *node, const char *key, enum kb_vkind kind,
		    struct version *out);
bool kb_doc_versions(struct kb_doc *doc, yaml_node_t *node, const char *key, enum kb_vkind kind,
		     const struct version **out, size_t *n);
bool kb_doc_str(struct kb_doc *doc, yaml_node_t *node, const char *key, const char **out);
/* NULL-terminated list of strings; a lone scalar counts as a one-item list. */
bool kb_doc_strs(struct kb_doc *doc, yaml_node_t *node, const char *key, const char *const **out, size_t *n);
bool kb_doc_uint(struct kb_doc *doc, yaml_node_t *node, const char *key, uint32_t *out);
bool kb_doc_bool(struct kb_doc *doc, yaml_node_t *node, const char *key, bool *out);
bool kb_doc_date(struct kb_doc *doc, yaml_node_t *node, const char *key, const char **out);
/* Fills origin from `source` / `status` values of `entry`; a missing source is an error
 * unless `inherit` is given (nested rows that default to their parent's source). */
bool kb_doc_origin(struct kb_doc *doc, yaml_node_t *entry, const char *what, yaml_node_t *source,
		   yaml_node_t *status, const struct kb_origin *inherit, struct kb_origin *out);
/* Reports `what` missing from `entry`; always false. */
bool kb_doc_missing(struct kb_doc *doc, yaml_node_t *entry, const char *what, const char *key);

/* ------------------------------------------------------------------------- */
/* Loader state: each table grows in a vector while files are read and moves into the
 * arena, sorted, in kb_loader_done. */

/* A name that must exist in gpus.yaml `architectures`, checked once all files are in. */
struct kb_arch_ref {
	const char *name;
	const char *file;
	struct span span;
	const struct kb_desc *desc;   /* the row's table */
	const struct kb_field *field; /* a KB_T_REF (gets the row) or KB_T_STR (its name) */
	size_t index;                 /* the row, in file order */
};

/* One spelling of one GPU, to find spellings shared by different GPUs. */
struct kb_spelling {
	char norm[KB_GPU_NAME_MAX];
	size_t gpu;
	yaml_node_t *node;
};

/* Rows of one table in file order, desc->size bytes each. */
struct kb_rows {
	VEC(char) bytes;
	bool given; /* a file gave the list (even empty) */
};

struct kb_loader {
	struct kb *kb;
	struct diag_list *diags;
	bool ok;
	struct kb_rows tables[KB_ROW_FIELDS_MAX]; /* by kb_schema row */
	VEC(struct kb_arch_ref) refs;
	VEC(struct kb_spelling) spellings; /* gpus.yaml, the file being loaded */
};

/* The rows of top-level table `d` loaded so far, in file order (*n of them). */
const void *kb_loader_rows(const struct kb_loader *self, const struct kb_desc *d, size_t *n);

/* The row of r's table loaded before r's row that `same` finds equal (0): the first
 * entry a duplicate repeats. NULL if there is none. */
const void *kb_row_earlier(const struct kb_row *r, int (*same)(const void *a, const void *b));

/* Loads the file `base` ("cuda.yaml"): the lists of every table whose desc->file it is,
 * in kb_schema order. false if the name is not a KB file. */
bool kb_load_file(struct kb_loader *self, struct kb_doc *doc, const char *base);

/* Helpers the descriptor hooks share (kb_load.c). */
#define KB_SHARED_KEYS "source", "status", "note"
/* Room for a formatted version in a message (X.Y.Z needs far less). */
#define KB_VERSION_TEXT_MAX 64
/* GPU segments, as drivers.yaml `forward_compat` and gpus.yaml `segment` name them. */
extern const char *const KB_SEGMENTS[];
/* A string that must be one of `set` (NULL-terminated); *out NULL and an error if not. */
bool kb_load_str_in(struct kb_doc *doc, yaml_node_t *node, const char *key, const char *const *set,
		    const char **out);
/* {linux: ..., windows: ...}: a driver per enum kb_os. */
void kb_load_driver_pair(struct kb_doc *doc, yaml_node_t *node, bool need_linux, bool has[2],
			 struct version drv[2]);
/* {min: X, max: Y} with min <= max. */
bool kb_load_range(struct kb_doc *doc, yaml_node_t *node, const char *key, enum kb_vkind kind,
		   struct version *min, struct version *max);
bool kb_versions_has(const struct version *list, size_t n, const struct version *v);
/* The drivers.yaml branch loaded so far (drivers.yaml loads before images.yaml), or NULL. */
const struct kb_branch *kb_loader_branch(const struct kb_loader *self, uint32_t branch);
/* Records that member `member` of the row being loaded names the architecture `name`
 * (at `node`), resolved once every file is in; only for a row that joins its table. */
void kb_loader_arch_ref(struct kb_row *r, yaml_node_t *node, const char *name, const char *member);

/* PCRE2 side of the patterns (kb_patterns.c). kb_pattern_compile compiles the pattern
 * text at `node` with its match data (*md) and keeps the text in the KB arena (*text);
 * NULL and an EL009 naming `key` if it is not a valid regex with known group names. */
void *kb_pattern_compile(struct kb_doc *doc, yaml_node_t *node, const char *key, void **md,
			 const char **text);
void kb_pattern_free(void *re, void *md);
/* Orders struct kb_cuda_image rows by image version (the table is sorted by it). */
int kb_cuda_image_cmp(const void *a, const void *b);
/* Releases the PCRE2 objects of patterns[0..n). */
void kb_patterns_release(struct kb_pattern *patterns, size_t n);
/* Compiles the regex / repo_regex texts of patterns[0..n) that were validated when the
 * tables were generated; false if one fails (the generated tables are then stale). */
bool kb_patterns_compile(struct kb_pattern *patterns, size_t n);

/* The loader as a whole (kb.c): kb_loader_add parses and loads one file shown as
 * `display`; kb_loader_done finishes the tables and hands the KB out (or frees it). */
void kb_loader_init(struct kb_loader *self, struct diag_list *diags);
void kb_loader_add(struct kb_loader *self, const char *display, const char *base, struct source *src);
bool kb_loader_done(struct kb_loader *self, struct kb **out);

/* GPU name normalisation (kb_query.c): writes the normalised form of `s` into buf
 * (NUL-terminated, truncated at size); returns its length. */
size_t kb_gpu_normalise(const char *s, char *buf, size_t size);

#endif

/*
 * kb_schema: every KB table described once, as data. A table's descriptor (struct
 * kb_desc) lists its fields: the C member (name, type, offset) and, where the YAML has
 * it, the key and how to read it. Three walkers share the rows: the loader
 * (kb_row_load, for every kb_load_<file>.c), build/kbgen's C emitter and the test that
 * the generated tables equal the loaded ones. What really is one table's (cross
 * references, duplicates, odd shapes) stays in small hooks next to its loader.
 * Internal to linter/kb/ (and kbgen, and the KB tests); included by kb_internal.h.
 */
#ifndef ENVLINT_KB_KB_SCHEMA_H
#define ENVLINT_KB_KB_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

#include <yaml.h>

struct kb_desc;
struct kb_doc;
struct kb_loader;
struct kb_origin;

/* Typed getters read a version with one of these parsers (kb_yaml.c). */
enum kb_vkind {
	KB_V_CUDA3,  /* X.Y.Z */
	KB_V_CUDA2,  /* X.Y */
	KB_V_CUDA,   /* X.Y or X.Y.Z */
	KB_V_CC,     /* X.Y */
	KB_V_DRIVER, /* NNN, NNN.NN, NNN.NN.NN */
	KB_V_DOTTED, /* digits and dots, any length (cuDNN 8.9.2.26, python 3.10) */
	KB_V_PEP440, /* torch 2.4.0a0 */
};

enum kb_ftype {
	KB_T_NONE,     /* no member: a YAML key its hook reads when given */
	KB_T_VERSION,  /* struct version, read with `vkind` */
	KB_T_STR,      /* const char * (NULL: not given) */
	KB_T_DATE,     /* const char *, YYYY-MM or YYYY-MM-DD */
	KB_T_ENUM,     /* const char *, one of `names` */
	KB_T_UINT,     /* uint32_t */
	KB_T_BOOL,     /* bool */
	KB_T_INT,      /* a C enum (int-sized), written as its number */
	KB_T_VERSIONS, /* const struct version * + size_t count; NULL: not given */
	KB_T_UINTS,    /* const uint32_t * + size_t count */
	KB_T_STRS,     /* const char *const *, NULL-terminated */
	KB_T_TABLE,    /* rows of `sub` + size_t count */
	KB_T_REF,      /* pointer to a row of the struct kb table at `ref_off` */
	KB_T_ORIGIN,   /* struct kb_origin, from the shared source / status keys */
	KB_T_DRIVERS,  /* load only: {linux, windows} into bool[2] at has_off, versions[2] at off */
	KB_T_RANGE,    /* load only: {min, max} into versions at off / off2, bool at has_off */
};

enum {
	KB_F_REQUIRED = 1 << 0, /* a missing key is an EL009 and drops the entry */
	KB_F_KEY = 1 << 1,      /* a bad value drops the entry (the fields that identify it) */
	KB_F_HAS = 1 << 2,      /* bool at has_off: VERSION parsed / VERSIONS given */
	KB_F_EMPTY = 1 << 3,    /* STRS: absent is an empty list, not NULL */
	KB_F_HOOK = 1 << 4,     /* `hook` reads the key itself, given or not (no hook: the
				    table's `done` does) */
};

struct kb_row;

/* One row of a descriptor. A row with a `name` is a C member (emitted and compared);
 * a row with a `key` is read from the YAML, in row order. A member without a key is
 * filled by another row or a hook; a key without a member only feeds the loader. */
struct kb_field {
	const char *name;
	const char *key;
	enum kb_ftype type;
	unsigned flags;
	size_t off;
	size_t off2;       /* RANGE: the max */
	const char *count; /* VERSIONS, UINTS, TABLE: the count member ("nsass") */
	size_t count_off;
	size_t has_off; /* KB_F_HAS, DRIVERS, RANGE */
	unsigned arr;   /* the member is an array of `arr` (0: not an array) */
	enum kb_vkind vkind;
	const char *const *names;  /* ENUM: allowed values, NULL-terminated */
	const struct kb_desc *sub; /* TABLE */
	size_t ref_off;            /* REF: offsetof(struct kb, <table>) */
	const char *unless;        /* missing is an error (the entry stays) unless this
					 key is given */
	/* KB_F_HOOK: reads `node` (NULL when absent) into the row. Otherwise a check run
	 * once the value parsed. false: the value is bad, and a KB_F_KEY row drops the entry. */
	bool (*hook)(struct kb_row *r, yaml_node_t *node);
};

enum kb_origin_mode {
	KB_ORIGIN_NONE,    /* no source / status keys (nested items of their parent's fact) */
	KB_ORIGIN_ROW,     /* kept in the KB_T_ORIGIN row; `source:` required */
	KB_ORIGIN_INHERIT, /* checked, defaults to the parent's, not kept */
};

enum {
	KB_D_CLEAN = 1 << 0, /* only rows that load without an EL009 join the table */
	KB_D_LATE = 1 << 1,  /* rows name rows of another table: kb_loader_done resolves
				    those names before this table is sorted */
	KB_D_NULL = 1 << 2,  /* a KB whose files do not give the list leaves the table
				    NULL (no array), not empty */
};

struct kb_desc {
	const char *type; /* C type of a row: "struct kb_cuda" */
	size_t size;
	const struct kb_field *fields;
	size_t nfields;
	const char *what; /* an entry in messages: "'releases' entry" */
	enum kb_origin_mode origin;
	/* After every field; false drops the entry (a duplicate, say). NULL: nothing to do. */
	bool (*done)(struct kb_row *r);
	/* Top-level tables: the KB file and key that hold the list ("cuda.yaml",
	 * "releases"); NULL for nested tables and tables the loader builds. */
	const char *file;
	const char *list;
	unsigned flags; /* KB_D_* */
	/* The table's order in the KB (NULL: file order). */
	int (*cmp)(const void *a, const void *b);
	/* Once the whole list is in: checks across its rows. NULL: none. */
	void (*after)(struct kb_loader *loader, struct kb_doc *doc);
};

#define KB_ROW_FIELDS_MAX 32

/* One entry being loaded. The caller sets loader, doc, desc, entry, row and index
 * (the row's index in its table); kb_row_load fills the rest. */
struct kb_row {
	struct kb_loader *loader;
	struct kb_doc *doc;
	const struct kb_desc *desc;
	yaml_node_t *entry;
	void *row; /* desc->size bytes, zeroed by kb_row_load */
	size_t index;
	const void *parent; /* nested tables: the enclosing row, else NULL */
	const struct kb_origin *parent_origin;
	size_t diags_at;                   /* diagnostics before this entry */
	yaml_node_t *f[KB_ROW_FIELDS_MAX]; /* value per field (NULL: not given) */
};

enum kb_row_result {
	KB_ROW_DROP,   /* unusable: leave it out of the table */
	KB_ROW_FLAWED, /* kept, but an EL009 was recorded for it */
	KB_ROW_OK,
};

/* Reads `r->entry` into `r->row` per `r->desc`: the known keys (any other is an EL009),
 * the origin, the required keys, then each keyed field in row order with its hook,
 * then desc->done. Errors are EL009s at the value's position. */
enum kb_row_result kb_row_load(struct kb_row *r);
/* The value node of `key` in the entry being loaded; NULL if not given. */
yaml_node_t *kb_row_node(const struct kb_row *r, const char *key);
/* Reads the sequence `node` as rows of f->sub into the TABLE member `f` of r->row (each
 * row's parent is r->row): for a hook that reads a nested table under a key of its
 * own. False when `node` is not a sequence (already reported). */
bool kb_row_load_table(struct kb_row *r, const struct kb_field *f, yaml_node_t *node);
/* No EL009 recorded since the entry began. */
bool kb_row_clean(const struct kb_row *r);

/* The whole KB: struct kb as a descriptor whose TABLE rows are the tables, in member
 * order (kbgen writes them in this order; a REF points at a table written earlier). */
extern const struct kb_desc kb_schema;

/* The table descriptors, each defined next to its hooks. */
extern const struct kb_desc kb_desc_cuda, kb_desc_minor_compat, kb_desc_cc;   /* kb_load_cuda.c */
extern const struct kb_desc kb_desc_branch, kb_desc_fwd, kb_desc_fc_package;  /* kb_load_drivers.c */
extern const struct kb_desc kb_desc_arch, kb_desc_gpu, kb_desc_gpu_name;      /* kb_load_gpus.c */
extern const struct kb_desc kb_desc_cudnn, kb_desc_cudnn_package;             /* kb_load_cudnn.c */
extern const struct kb_desc kb_desc_torch;                                    /* kb_load_pytorch.c */
extern const struct kb_desc kb_desc_companion_requires;                       /* kb_load_pytorch.c */
extern const struct kb_desc kb_desc_pattern, kb_desc_ngc, kb_desc_cuda_image; /* kb_load_images.c */
extern const struct kb_desc kb_desc_cuda_image_tags;                          /* kb_load_image_tags.c */
extern const struct kb_desc kb_desc_devel_base;                               /* kb_load_devel_bases.c */

/* Field access for the walkers. */
#define KB_FIELD(row, f) ((const void *)((const char *)(row) + (f)->off))
size_t kb_field_count(const void *row, const struct kb_field *f);
/* The table kb_schema row at struct kb offset `off` (a REF's target); NULL if none. */
const struct kb_field *kb_schema_table(size_t off);

/* Descriptor rows, for the blocks in each kb_load_<file>.c. ROW: a member; LIST: a pointer
 * member with its count; KEY: a YAML key with no member of its own. */
#define KB_ROW(T, m, k, ty, ...)                                                         \
	{                                                                                \
		.name = #m, .key = (k), .type = (ty), .off = offsetof(T, m), __VA_ARGS__ \
	}
#define KB_LIST(T, m, n, k, ty, ...)                                                      \
	{                                                                                 \
		.name = #m, .key = (k), .type = (ty), .off = offsetof(T, m), .count = #n, \
		.count_off = offsetof(T, n), __VA_ARGS__                                  \
	}
#define KB_KEY(k, ty, ...)                                          \
	{                                                           \
		.name = NULL, .key = (k), .type = (ty), __VA_ARGS__ \
	}
#define KB_DESC(T, rows, ...)                                            \
	{                                                                \
		.type = #T, .size = sizeof(T), .fields = (rows),         \
		.nfields = sizeof(rows) / sizeof((rows)[0]), __VA_ARGS__ \
	}

#endif

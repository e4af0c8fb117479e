/*
 * kb_load: one loader per KB file (docs/kb-format.md is the schema). Each entry is
 * split into its known keys (anything else is an error: a typo must not silently drop
 * a fact), every value is parsed with the version.h parser of its kind, and every
 * problem becomes an EL009 at the value's position. Loading goes on after an error
 * so one run shows every problem in the data. Duplicates are found here, inside the
 * one file that holds each table; cross-file references wait for kb_loader_finish.
 */
#include "kb/kb_internal.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"

#define KB_SHARED_KEYS "source", "status", "note"
/* Room for a formatted version in a message (X.Y needs far less). */
#define KB_VERSION_TEXT_MAX 64

/* ------------------------------------------------------------------------- */
/* helpers */

typedef void (*entry_fn)(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *entry,
			 const char *what);

static void load_table(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *table,
		       const char *what, entry_fn fn)
{
	if (!table)
		return;
	yaml_node_t **items;
	size_t n = kb_doc_seq(doc, table, what, &items);
	for (size_t i = 0; i < n; i++)
		fn(self, doc, items[i], what);
}

static bool one_of(const char *s, const char *const *set)
{
	for (; s && *set; set++)
		if (!strcmp(s, *set))
			return true;
	return false;
}

static bool str_in(struct kb_doc *doc, yaml_node_t *node, const char *key, const char *const *set,
		   const char **out)
{
	if (!kb_doc_str(doc, node, key, out))
		return false;
	if (one_of(*out, set))
		return true;
	kb_doc_error(doc, node, "invalid %s '%s'", key, *out);
	*out = NULL;
	return false;
}

/* {linux: ..., windows: ...} driver pair. */
static void load_driver_pair(struct kb_doc *doc, yaml_node_t *node, bool need_linux, bool has[2],
			     struct version drv[2])
{
	static const char *const keys[] = { "linux", "windows", NULL };
	yaml_node_t *f[2];
	if (!kb_doc_fields(doc, node, "'driver'", keys, f))
		return;
	if (f[0])
		has[KB_OS_LINUX] = kb_doc_version(doc, f[0], "linux", KB_V_DRIVER, &drv[KB_OS_LINUX]);
	else if (need_linux)
		kb_doc_missing(doc, node, "'driver'", "linux");
	if (f[1])
		has[KB_OS_WINDOWS] =
			kb_doc_version(doc, f[1], "windows", KB_V_DRIVER, &drv[KB_OS_WINDOWS]);
}

/* {min: X, max: Y} */
static bool load_range(struct kb_doc *doc, yaml_node_t *node, const char *key, enum kb_vkind kind,
		       struct version *min, struct version *max)
{
	static const char *const keys[] = { "min", "max", NULL };
	yaml_node_t *f[2];
	if (!kb_doc_fields(doc, node, key, keys, f))
		return false;
	if (!f[0] || !f[1])
		return kb_doc_missing(doc, node, key, f[0] ? "max" : "min");
	bool ok = kb_doc_version(doc, f[0], "min", kind, min);
	ok &= kb_doc_version(doc, f[1], "max", kind, max);
	if (ok && version_cmp(min, max) > 0) {
		kb_doc_error(doc, node, "'%s' min is above max", key);
		ok = false;
	}
	return ok;
}

static bool in_list(const struct version *list, size_t n, const struct version *v)
{
	for (size_t i = 0; i < n; i++)
		if (!version_cmp(&list[i], v))
			return true;
	return false;
}

/* ------------------------------------------------------------------------- */
/* kb.yaml */

static void load_kb_yaml(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *root)
{
	static const char *const keys[] = { "date", KB_SHARED_KEYS, NULL };
	yaml_node_t *f[4];
	if (!kb_doc_fields(doc, root, "kb.yaml", keys, f))
		return;
	if (!f[0])
		kb_doc_missing(doc, root, "kb.yaml", "date");
	else
		kb_doc_date(doc, f[0], "date", &self->kb->date);
	struct kb_origin origin;
	kb_doc_origin(doc, root, "kb.yaml", f[1], f[2], NULL, &origin);
}

/* ------------------------------------------------------------------------- */
/* cuda.yaml */

static void cuda_release(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *e,
			 const char *what)
{
	enum { VERSION, LABEL, RELEASED, DRIVER, BRANCH, PTX, SOURCE, STATUS, NOTE, N };
	static const char *const keys[] = { "version", "label", "released", "driver",
					    "driver_branch", "ptx", KB_SHARED_KEYS, NULL };
	yaml_node_t *f[N];
	if (!kb_doc_fields(doc, e, what, keys, f))
		return;
	struct kb_cuda c;
	memset(&c, 0, sizeof(c));
	kb_doc_origin(doc, e, what, f[SOURCE], f[STATUS], NULL, &c.origin);
	if (!f[VERSION]) {
		kb_doc_missing(doc, e, what, "version");
		return;
	}
	if (!kb_doc_version(doc, f[VERSION], "version", KB_V_CUDA3, &c.version))
		return;
	kb_doc_str(doc, f[VERSION], "version", &c.text);
	if (f[LABEL])
		kb_doc_str(doc, f[LABEL], "label", &c.label);
	if (f[RELEASED])
		kb_doc_date(doc, f[RELEASED], "released", &c.released);
	if (f[BRANCH])
		kb_doc_uint(doc, f[BRANCH], "driver_branch", &c.driver_branch);
	if (f[DRIVER])
		load_driver_pair(doc, f[DRIVER], !f[BRANCH], c.has_driver, c.driver);
	else if (!f[BRANCH])
		kb_doc_missing(doc, e, what, "driver");
	if (f[PTX])
		c.has_ptx = kb_doc_version(doc, f[PTX], "ptx", KB_V_DOTTED, &c.ptx);
	for (size_t i = 0; i < self->cuda.nr; i++)
		if (!version_cmp(&self->cuda.items[i].version, &c.version)) {
			kb_doc_error(doc, f[VERSION], "duplicate CUDA release '%s' (first at line %u)",
				     c.text, self->cuda.items[i].origin.line);
			return;
		}
	vec_push(&self->cuda, c);
}

static void cuda_minor_compat(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *e,
			      const char *what)
{
	enum { MAJOR, DRIVER, SOURCE, STATUS, NOTE, N };
	static const char *const keys[] = { "major", "driver", KB_SHARED_KEYS, NULL };
	yaml_node_t *f[N];
	if (!kb_doc_fields(doc, e, what, keys, f))
		return;
	struct kb_minor_compat m;
	memset(&m, 0, sizeof(m));
	kb_doc_origin(doc, e, what, f[SOURCE], f[STATUS], NULL, &m.origin);
	if (!f[MAJOR] || !f[DRIVER]) {
		kb_doc_missing(doc, e, what, f[MAJOR] ? "driver" : "major");
		return;
	}
	if (!kb_doc_uint(doc, f[MAJOR], "major", &m.major))
		return;
	load_driver_pair(doc, f[DRIVER], true, m.has_driver, m.driver);
	for (size_t i = 0; i < self->compat.nr; i++)
		if (self->compat.items[i].major == m.major) {
			kb_doc_error(doc, f[MAJOR], "duplicate minor_compat major '%u'", m.major);
			return;
		}
	vec_push(&self->compat, m);
}

static void add_arch_ref(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *node,
			 const char *name, bool is_gpu, size_t index)
{
	struct kb_arch_ref r = { name, doc->file, kb_doc_span(doc, node), is_gpu, index };
	vec_push(&self->refs, r);
}

static void cuda_arch(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *e, const char *what)
{
	enum { CC, NAME, FIRST, LAST, DEPRECATED, RENAMED, SOURCE, STATUS, NOTE, N };
	static const char *const keys[] = { "cc", "name", "first", "last", "deprecated",
					    "renamed_to", KB_SHARED_KEYS, NULL };
	yaml_node_t *f[N];
	if (!kb_doc_fields(doc, e, what, keys, f))
		return;
	struct kb_cc c;
	memset(&c, 0, sizeof(c));
	kb_doc_origin(doc, e, what, f[SOURCE], f[STATUS], NULL, &c.origin);
	for (int k = CC; k <= FIRST; k++)
		if (!f[k]) {
			kb_doc_missing(doc, e, what, keys[k]);
			return;
		}
	if (!kb_doc_version(doc, f[CC], "cc", KB_V_CC, &c.cc) ||
	    !kb_doc_str(doc, f[NAME], "name", &c.arch))
		return;
	kb_doc_version(doc, f[FIRST], "first", KB_V_CUDA2, &c.first);
	if (f[LAST])
		c.has_last = kb_doc_version(doc, f[LAST], "last", KB_V_CUDA2, &c.last);
	if (f[DEPRECATED])
		c.has_deprecated =
			kb_doc_version(doc, f[DEPRECATED], "deprecated", KB_V_CUDA2, &c.deprecated);
	if (f[RENAMED])
		c.has_renamed_to = kb_doc_version(doc, f[RENAMED], "renamed_to", KB_V_CC, &c.renamed_to);
	if (c.has_last && version_cmp(&c.first, &c.last) > 0)
		kb_doc_error(doc, f[LAST], "'last' is before 'first'");
	for (size_t i = 0; i < self->ccs.nr; i++)
		if (!version_cmp(&self->ccs.items[i].cc, &c.cc)) {
			kb_doc_error(doc, f[CC], "duplicate architecture cc (first at line %u)",
				     self->ccs.items[i].origin.line);
			return;
		}
	add_arch_ref(self, doc, f[NAME], c.arch, false, self->ccs.nr);
	vec_push(&self->ccs, c);
}

static void load_cuda_yaml(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *root)
{
	static const char *const keys[] = { "releases", "minor_compat", "architectures", NULL };
	yaml_node_t *f[3];
	if (!kb_doc_fields(doc, root, "cuda.yaml", keys, f))
		return;
	load_table(self, doc, f[0], "'releases' entry", cuda_release);
	load_table(self, doc, f[1], "'minor_compat' entry", cuda_minor_compat);
	load_table(self, doc, f[2], "'architectures' entry", cuda_arch);
}

/* ------------------------------------------------------------------------- */
/* drivers.yaml */

static const char *const SEGMENTS[] = { "datacenter", "geforce", "jetson", "workstation", NULL };

static void driver_branch(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *e,
			  const char *what)
{
	enum { BRANCH, CUDA, TYPE, EOL, SOURCE, STATUS, NOTE, N };
	static const char *const keys[] = { "branch", "cuda", "type", "eol", KB_SHARED_KEYS, NULL };
	static const char *const types[] = { "ltsb", "nfb", "pb", NULL };
	yaml_node_t *f[N];
	if (!kb_doc_fields(doc, e, what, keys, f))
		return;
	struct kb_branch b;
	memset(&b, 0, sizeof(b));
	kb_doc_origin(doc, e, what, f[SOURCE], f[STATUS], NULL, &b.origin);
	if (!f[BRANCH] || !f[CUDA]) {
		kb_doc_missing(doc, e, what, f[BRANCH] ? "cuda" : "branch");
		return;
	}
	if (!kb_doc_uint(doc, f[BRANCH], "branch", &b.branch))
		return;
	kb_doc_version(doc, f[CUDA], "cuda", KB_V_CUDA2, &b.cuda);
	if (f[TYPE])
		str_in(doc, f[TYPE], "type", types, &b.type);
	if (f[EOL])
		kb_doc_date(doc, f[EOL], "eol", &b.eol);
	for (size_t i = 0; i < self->branches.nr; i++)
		if (self->branches.items[i].branch == b.branch) {
			kb_doc_error(doc, f[BRANCH], "duplicate branch '%u'", b.branch);
			return;
		}
	vec_push(&self->branches, b);
}

static void driver_fwd(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *e, const char *what)
{
	enum { SEGMENT, ALLOWED, SOURCE, STATUS, NOTE, N };
	static const char *const keys[] = { "segment", "allowed", KB_SHARED_KEYS, NULL };
	yaml_node_t *f[N];
	if (!kb_doc_fields(doc, e, what, keys, f))
		return;
	struct kb_fwd w;
	memset(&w, 0, sizeof(w));
	kb_doc_origin(doc, e, what, f[SOURCE], f[STATUS], NULL, &w.origin);
	if (!f[SEGMENT] || !f[ALLOWED]) {
		kb_doc_missing(doc, e, what, f[SEGMENT] ? "allowed" : "segment");
		return;
	}
	if (!str_in(doc, f[SEGMENT], "segment", SEGMENTS, &w.segment) ||
	    !kb_doc_bool(doc, f[ALLOWED], "allowed", &w.allowed))
		return;
	for (size_t i = 0; i < self->fwd.nr; i++)
		if (!strcmp(self->fwd.items[i].segment, w.segment)) {
			kb_doc_error(doc, f[SEGMENT], "duplicate forward_compat segment '%s'", w.segment);
			return;
		}
	vec_push(&self->fwd, w);
}

static const struct kb_branch *loaded_branch(const struct kb_loader *self, uint32_t branch)
{
	for (size_t i = 0; i < self->branches.nr; i++)
		if (self->branches.items[i].branch == branch)
			return &self->branches.items[i];
	return NULL;
}

/* One `compat` entry. Its bases are checked against the branches already loaded
 * (load_drivers_yaml reads `branches` first, whatever the key order in the file): a
 * base must be a known branch, and one whose own CUDA level is below the package's,
 * since a package is never needed on its own branch (the matrix's N/A) and never
 * usable on a newer one. */
static bool driver_fc_package(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *e,
			      const char *what, struct kb_fc_package *out)
{
	enum { CUDA, BASES, SOURCE, STATUS, NOTE, N };
	static const char *const keys[] = { "cuda", "bases", KB_SHARED_KEYS, NULL };
	yaml_node_t *f[N];
	memset(out, 0, sizeof(*out));
	if (!kb_doc_fields(doc, e, what, keys, f))
		return false;
	bool ok = kb_doc_origin(doc, e, what, f[SOURCE], f[STATUS], NULL, &out->origin);
	if (!f[CUDA] || !f[BASES])
		return kb_doc_missing(doc, e, what, f[CUDA] ? "bases" : "cuda");
	if (!kb_doc_version(doc, f[CUDA], "cuda", KB_V_CUDA2, &out->cuda))
		return false;
	yaml_node_t **items;
	size_t n = kb_doc_seq(doc, f[BASES], "bases", &items);
	if (f[BASES]->type != YAML_SEQUENCE_NODE)
		return false;
	uint32_t *bases = arena_alloc(doc->arena, st_mult(n ? n : 1, sizeof(*bases)));
	char cuda[KB_VERSION_TEXT_MAX];
	version_format(&out->cuda, cuda, sizeof(cuda));
	for (size_t i = 0; i < n; i++) {
		if (!kb_doc_uint(doc, items[i], "bases", &bases[i])) {
			ok = false;
			continue;
		}
		bool dup = false;
		for (size_t k = 0; k < i && !dup; k++)
			dup = bases[k] == bases[i];
		const struct kb_branch *b = loaded_branch(self, bases[i]);
		if (dup) {
			kb_doc_error(doc, items[i], "duplicate base branch '%u'", bases[i]);
			ok = false;
		} else if (!b) {
			kb_doc_error(doc, items[i], "base branch '%u' is not in 'branches'", bases[i]);
			ok = false;
		} else if (version_cmp_prefix(&b->cuda, &out->cuda, 2) >= 0) {
			kb_doc_error(doc, items[i],
				     "base branch '%u' already runs CUDA %s natively: not a base for the "
				     "cuda-compat package of %s", bases[i], cuda, cuda);
			ok = false;
		}
	}
	out->bases = bases;
	out->nbases = n;
	return ok;
}

static int fc_package_cmp(const void *a, const void *b)
{
	const struct kb_fc_package *x = a, *y = b;
	return version_cmp(&x->cuda, &y->cuda);
}

void *kb_load_sorted_table(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *table,
			   const struct kb_table_spec *spec, size_t *count)
{
	*count = 0;
	if (!table)
		return NULL;
	yaml_node_t **items;
	size_t n = kb_doc_seq(doc, table, spec->what, &items);
	char *rows = arena_alloc(doc->arena, st_mult(n ? n : 1, spec->elem_size));
	size_t nrows = 0;
	for (size_t i = 0; i < n; i++) {
		char *elem = rows + nrows * spec->elem_size;
		memset(elem, 0, spec->elem_size); /* a skipped entry may have left half a row */
		if (!spec->entry(self, doc, items[i], spec->what, elem))
			continue;
		bool dup = false;
		for (size_t k = 0; k < nrows && !dup; k++)
			dup = !spec->cmp(rows + k * spec->elem_size, elem);
		if (dup) {
			spec->duplicate(doc, items[i], elem);
			continue;
		}
		nrows++;
	}
	if (nrows > 1)
		qsort(rows, nrows, spec->elem_size, spec->cmp);
	*count = nrows;
	return rows;
}

static bool fc_package_entry(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *item,
			     const char *what, void *elem)
{
	return driver_fc_package(self, doc, item, what, elem);
}

static void fc_package_duplicate(struct kb_doc *doc, yaml_node_t *item, const void *elem)
{
	char buf[KB_VERSION_TEXT_MAX];
	version_format(&((const struct kb_fc_package *)elem)->cuda, buf, sizeof(buf));
	kb_doc_error(doc, item, "duplicate compat entry for CUDA %s", buf);
}

/* `compat` lives in this one file, so it goes into the KB arena here, sorted. */
static void load_fc_packages(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *table)
{
	static const struct kb_table_spec spec = { "'compat' entry", sizeof(struct kb_fc_package),
						   fc_package_entry, fc_package_cmp,
						   fc_package_duplicate };
	self->kb->fc_packages = kb_load_sorted_table(self, doc, table, &spec, &self->kb->nfc_packages);
}

static void load_drivers_yaml(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *root)
{
	static const char *const keys[] = { "branches", "forward_compat", "compat", NULL };
	yaml_node_t *f[3];
	if (!kb_doc_fields(doc, root, "drivers.yaml", keys, f))
		return;
	load_table(self, doc, f[0], "'branches' entry", driver_branch);
	load_table(self, doc, f[1], "'forward_compat' entry", driver_fwd);
	load_fc_packages(self, doc, f[2]);
}

/* ------------------------------------------------------------------------- */
/* gpus.yaml */

static void gpu_arch(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *e, const char *what)
{
	enum { NAME, DISPLAY, FLOOR, LAST, SOURCE, STATUS, NOTE, N };
	static const char *const keys[] = { "name", "display", "floor", "last", KB_SHARED_KEYS, NULL };
	yaml_node_t *f[N];
	if (!kb_doc_fields(doc, e, what, keys, f))
		return;
	struct kb_arch a;
	memset(&a, 0, sizeof(a));
	kb_doc_origin(doc, e, what, f[SOURCE], f[STATUS], NULL, &a.origin);
	if (!f[NAME]) {
		kb_doc_missing(doc, e, what, "name");
		return;
	}
	if (!kb_doc_str(doc, f[NAME], "name", &a.name))
		return;
	if (f[DISPLAY])
		kb_doc_str(doc, f[DISPLAY], "display", &a.display);
	if (f[FLOOR])
		kb_doc_uint(doc, f[FLOOR], "floor", &a.floor);
	if (f[LAST])
		kb_doc_uint(doc, f[LAST], "last", &a.last);
	for (size_t i = 0; i < self->archs.nr; i++)
		if (!strcmp(self->archs.items[i].name, a.name)) {
			kb_doc_error(doc, f[NAME], "duplicate architecture '%s'", a.name);
			return;
		}
	vec_push(&self->archs, a);
}

/* One spelling of one GPU, to find spellings shared by different GPUs. */
struct spelling {
	char norm[KB_GPU_NAME_MAX];
	size_t gpu;
	yaml_node_t *node;
};

static int spelling_cmp(const void *a, const void *b)
{
	const struct spelling *x = a, *y = b;
	int c = strcmp(x->norm, y->norm);
	if (c)
		return c;
	return (x->gpu > y->gpu) - (x->gpu < y->gpu);
}

typedef VEC(struct spelling) spelling_vec;

static void add_spellings(spelling_vec *sp, struct kb_doc *doc, yaml_node_t *node, size_t gpu)
{
	yaml_node_t **items = &node;
	size_t n = 1;
	if (node->type == YAML_SEQUENCE_NODE)
		n = kb_doc_seq(doc, node, "spelling", &items);
	for (size_t i = 0; i < n; i++) {
		size_t len;
		const char *s = kb_doc_scalar(items[i], &len);
		if (!s)
			continue;
		struct spelling x;
		char tmp[KB_GPU_NAME_MAX];
		size_t m = len < sizeof(tmp) - 1 ? len : sizeof(tmp) - 1;
		memcpy(tmp, s, m);
		tmp[m] = '\0';
		kb_gpu_normalise(tmp, x.norm, sizeof(x.norm));
		x.gpu = gpu;
		x.node = items[i];
		vec_push(sp, x);
	}
}

static void gpu_drivers(struct kb_doc *doc, yaml_node_t *node, struct kb_gpu *g)
{
	yaml_node_t **items;
	size_t n = kb_doc_seq(doc, node, "drivers", &items);
	struct kb_gpu_driver *d = arena_alloc(doc->arena, st_mult(n ? n : 1, sizeof(*d)));
	static const char *const keys[] = { "branch", "first", "except", NULL };
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *f[3];
		if (!kb_doc_fields(doc, items[i], "'drivers' item", keys, f))
			continue;
		if (!f[0] || !f[1]) {
			kb_doc_missing(doc, items[i], "'drivers' item", f[0] ? "first" : "branch");
			continue;
		}
		kb_doc_uint(doc, f[0], "branch", &d[i].branch);
		if (kb_doc_version(doc, f[1], "first", KB_V_DRIVER, &d[i].first) &&
		    version_driver_branch(&d[i].first) != d[i].branch)
			kb_doc_error(doc, f[1], "'first' driver is not of branch %u", d[i].branch);
		if (f[2] && kb_doc_versions(doc, f[2], "except", KB_V_DRIVER, &d[i].except, &d[i].nexcept)) {
			for (size_t k = 0; k < d[i].nexcept; k++)
				if (version_driver_branch(&d[i].except[k]) != d[i].branch ||
				    version_cmp(&d[i].except[k], &d[i].first) <= 0)
					kb_doc_error(doc, f[2], "'except' drivers must be later releases of branch %u",
						     d[i].branch);
		}
	}
	g->drivers = d;
	g->ndrivers = n;
}

static void gpu_entry(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *e, const char *what,
		      spelling_vec *sp)
{
	enum { NAME, SMI, ALIASES, ARCH, CC, SEGMENT, FLOOR, DRIVERS, ALL_FROM, NONE, LAST,
	       SOURCE, STATUS, NOTE, N };
	static const char *const keys[] = { "name", "smi", "aliases", "arch", "cc", "segment",
					    "floor", "drivers", "all_from", "none", "last",
					    KB_SHARED_KEYS, NULL };
	yaml_node_t *f[N];
	if (!kb_doc_fields(doc, e, what, keys, f))
		return;
	struct kb_gpu g;
	memset(&g, 0, sizeof(g));
	kb_doc_origin(doc, e, what, f[SOURCE], f[STATUS], NULL, &g.origin);
	static const int required[] = { NAME, ARCH, CC, SEGMENT };
	for (size_t k = 0; k < sizeof(required) / sizeof(required[0]); k++)
		if (!f[required[k]]) {
			kb_doc_missing(doc, e, what, keys[required[k]]);
			return;
		}
	if (!kb_doc_str(doc, f[NAME], "name", &g.name))
		return;
	static const char *const empty[] = { NULL };
	g.smi = g.aliases = empty;
	if (f[SMI])
		kb_doc_strs(doc, f[SMI], "smi", &g.smi, NULL);
	if (f[ALIASES])
		kb_doc_strs(doc, f[ALIASES], "aliases", &g.aliases, NULL);
	const char *arch = NULL;
	if (kb_doc_str(doc, f[ARCH], "arch", &arch))
		add_arch_ref(self, doc, f[ARCH], arch, true, self->gpus.nr);
	kb_doc_version(doc, f[CC], "cc", KB_V_CC, &g.cc);
	str_in(doc, f[SEGMENT], "segment", SEGMENTS, &g.segment);
	if (f[FLOOR])
		kb_doc_uint(doc, f[FLOOR], "floor", &g.floor);
	if (f[LAST])
		kb_doc_uint(doc, f[LAST], "last", &g.last);
	if (f[ALL_FROM])
		kb_doc_uint(doc, f[ALL_FROM], "all_from", &g.all_from);
	if (f[DRIVERS])
		gpu_drivers(doc, f[DRIVERS], &g);
	if (f[NONE]) {
		yaml_node_t **items;
		size_t n = kb_doc_seq(doc, f[NONE], "none", &items);
		uint32_t *none = arena_alloc(doc->arena, st_mult(n ? n : 1, sizeof(*none)));
		for (size_t i = 0; i < n; i++)
			kb_doc_uint(doc, items[i], "none", &none[i]);
		g.none = none;
		g.nnone = n;
	}
	/* A repeated GPU name shows up as a spelling shared by two entries (below). */
	add_spellings(sp, doc, f[NAME], self->gpus.nr);
	if (f[SMI])
		add_spellings(sp, doc, f[SMI], self->gpus.nr);
	if (f[ALIASES])
		add_spellings(sp, doc, f[ALIASES], self->gpus.nr);
	vec_push(&self->gpus, g);
}

static void load_gpus_yaml(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *root)
{
	static const char *const keys[] = { "architectures", "gpus", NULL };
	yaml_node_t *f[2];
	if (!kb_doc_fields(doc, root, "gpus.yaml", keys, f))
		return;
	load_table(self, doc, f[0], "'architectures' entry", gpu_arch);
	if (!f[1])
		return;
	spelling_vec sp = { NULL, 0, 0 };
	yaml_node_t **items;
	size_t n = kb_doc_seq(doc, f[1], "'gpus' entry", &items);
	for (size_t i = 0; i < n; i++)
		gpu_entry(self, doc, items[i], "'gpus' entry", &sp);
	if (sp.nr)
		qsort(sp.items, sp.nr, sizeof(*sp.items), spelling_cmp);
	for (size_t i = 1; i < sp.nr; i++) {
		struct spelling *a = &sp.items[i - 1], *b = &sp.items[i];
		if (strcmp(a->norm, b->norm) || a->gpu == b->gpu)
			continue;
		const struct kb_gpu *first = &self->gpus.items[a->gpu];
		const struct kb_gpu *second = &self->gpus.items[b->gpu];
		if (!strcmp(first->name, second->name))
			kb_doc_error(doc, b->node, "duplicate GPU '%s' (first at line %u)",
				     second->name, first->origin.line);
		else
			kb_doc_error(doc, b->node, "GPU spelling '%s' of '%s' also names '%s'", b->norm,
				     second->name, first->name);
	}
	vec_release(&sp);
}

/* ------------------------------------------------------------------------- */
/* cudnn.yaml */

static void cudnn_builds(struct kb_doc *doc, yaml_node_t *node, struct kb_cudnn *c)
{
	static const char *const keys[] = { "major", "min", "max", NULL };
	yaml_node_t **items;
	size_t n = kb_doc_seq(doc, node, "builds", &items);
	struct kb_cudnn_build *b = arena_alloc(doc->arena, st_mult(n ? n : 1, sizeof(*b)));
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *f[3];
		if (!kb_doc_fields(doc, items[i], "'builds' item", keys, f))
			continue;
		if (!f[0]) {
			kb_doc_missing(doc, items[i], "'builds' item", "major");
			continue;
		}
		kb_doc_uint(doc, f[0], "major", &b[i].major);
		if (!f[1] != !f[2]) {
			kb_doc_missing(doc, items[i], "'builds' item", f[1] ? "max" : "min");
			continue;
		}
		if (f[1]) {
			b[i].has_range = kb_doc_version(doc, f[1], "min", KB_V_CUDA2, &b[i].min) &&
					 kb_doc_version(doc, f[2], "max", KB_V_CUDA2, &b[i].max);
			if (b[i].has_range && (b[i].min.release[0] != b[i].major ||
					       b[i].max.release[0] != b[i].major))
				kb_doc_error(doc, items[i], "build range is not within CUDA major %u",
					     b[i].major);
		}
	}
	c->builds = b;
	c->nbuilds = n;
}

static void cudnn_release(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *e,
			  const char *what)
{
	enum { VERSION, BUILDS, CC, SOURCE, STATUS, NOTE, N };
	static const char *const keys[] = { "version", "builds", "cc", KB_SHARED_KEYS, NULL };
	yaml_node_t *f[N];
	if (!kb_doc_fields(doc, e, what, keys, f))
		return;
	struct kb_cudnn c;
	memset(&c, 0, sizeof(c));
	kb_doc_origin(doc, e, what, f[SOURCE], f[STATUS], NULL, &c.origin);
	if (!f[VERSION]) {
		kb_doc_missing(doc, e, what, "version");
		return;
	}
	if (!kb_doc_version(doc, f[VERSION], "version", KB_V_DOTTED, &c.version))
		return;
	if (f[BUILDS])
		cudnn_builds(doc, f[BUILDS], &c);
	if (f[CC])
		c.has_cc = load_range(doc, f[CC], "cc", KB_V_CC, &c.cc_min, &c.cc_max);
	for (size_t i = 0; i < self->cudnn.nr; i++)
		if (!version_cmp_prefix(&self->cudnn.items[i].version, &c.version, 3)) {
			kb_doc_error(doc, f[VERSION], "duplicate cuDNN release (first at line %u)",
				     self->cudnn.items[i].origin.line);
			return;
		}
	vec_push(&self->cudnn, c);
}

static void cudnn_package(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *e,
			  const char *what)
{
	enum { NAME, ECOSYSTEM, MAJOR, SOURCE, STATUS, NOTE, N };
	static const char *const keys[] = { "name", "ecosystem", "cuda_major", KB_SHARED_KEYS, NULL };
	static const char *const ecos[] = { "conda", "pip", NULL };
	yaml_node_t *f[N];
	if (!kb_doc_fields(doc, e, what, keys, f))
		return;
	struct kb_cudnn_package p;
	memset(&p, 0, sizeof(p));
	kb_doc_origin(doc, e, what, f[SOURCE], f[STATUS], NULL, &p.origin);
	if (!f[NAME] || !f[ECOSYSTEM]) {
		kb_doc_missing(doc, e, what, f[NAME] ? "ecosystem" : "name");
		return;
	}
	if (!kb_doc_str(doc, f[NAME], "name", &p.name) ||
	    !str_in(doc, f[ECOSYSTEM], "ecosystem", ecos, &p.ecosystem))
		return;
	if (f[MAJOR])
		kb_doc_uint(doc, f[MAJOR], "cuda_major", &p.cuda_major);
	for (size_t i = 0; i < self->cudnn_pkgs.nr; i++)
		if (!strcmp(self->cudnn_pkgs.items[i].name, p.name) &&
		    !strcmp(self->cudnn_pkgs.items[i].ecosystem, p.ecosystem)) {
			kb_doc_error(doc, f[NAME], "duplicate cuDNN package '%s'", p.name);
			return;
		}
	vec_push(&self->cudnn_pkgs, p);
}

static void load_cudnn_yaml(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *root)
{
	static const char *const keys[] = { "releases", "packages", NULL };
	yaml_node_t *f[2];
	if (!kb_doc_fields(doc, root, "cudnn.yaml", keys, f))
		return;
	load_table(self, doc, f[0], "'releases' entry", cudnn_release);
	load_table(self, doc, f[1], "'packages' entry", cudnn_package);
}

/* ------------------------------------------------------------------------- */
/* pytorch.yaml */

/* cuXYZ | cpu | rocmX.Y[.Z] | xpu */
static bool variant_name_ok(const char *name)
{
	if (!strcmp(name, "cpu") || !strcmp(name, "xpu"))
		return true;
	const char *digits = NULL;
	if (!strncmp(name, "cu", 2) && strncmp(name, "cuda", 4))
		digits = name + 2;
	else if (!strncmp(name, "rocm", 4))
		digits = name + 4;
	if (!digits || !*digits)
		return false;
	bool dotted = strchr(digits, '.') != NULL;
	for (const char *p = digits; *p; p++)
		if (!((*p >= '0' && *p <= '9') || *p == '.'))
			return false;
	return digits == name + 2 ? !dotted : dotted;
}

static void torch_variant(struct kb_doc *doc, yaml_node_t *e, const struct kb_torch_release *rel,
			  struct kb_torch_variant *v)
{
	enum { NAME, CUDA, CUDNN, SASS, PTX, PATCHES, SOURCE, STATUS, NOTE, N };
	static const char *const keys[] = { "name", "cuda", "cudnn", "sass", "ptx", "patches",
					    KB_SHARED_KEYS, NULL };
	const char *what = "'variants' entry";
	yaml_node_t *f[N];
	memset(v, 0, sizeof(*v));
	if (!kb_doc_fields(doc, e, what, keys, f))
		return;
	kb_doc_origin(doc, e, what, f[SOURCE], f[STATUS], NULL, &v->origin);
	if (!f[NAME]) {
		kb_doc_missing(doc, e, what, "name");
		return;
	}
	if (!kb_doc_str(doc, f[NAME], "name", &v->name))
		return;
	if (!variant_name_ok(v->name))
		kb_doc_error(doc, f[NAME], "invalid variant name '%s' (cuXYZ, cpu, rocmX.Y or xpu)",
			     v->name);
	bool is_cu = !strncmp(v->name, "cu", 2);
	if (f[CUDA])
		v->has_cuda = kb_doc_version(doc, f[CUDA], "cuda", KB_V_CUDA2, &v->cuda);
	else if (is_cu)
		kb_doc_missing(doc, e, what, "cuda");
	if (v->has_cuda && is_cu) {
		struct version tag;
		if (version_parse_cuda(&tag, v->name, strlen(v->name)) &&
		    version_cmp_prefix(&tag, &v->cuda, 2))
			kb_doc_error(doc, f[CUDA], "'cuda' does not match variant '%s'", v->name);
	}
	if (f[CUDNN])
		v->has_cudnn = kb_doc_version(doc, f[CUDNN], "cudnn", KB_V_DOTTED, &v->cudnn);
	if (f[SASS])
		kb_doc_versions(doc, f[SASS], "sass", KB_V_CC, &v->sass, &v->nsass);
	if (f[PTX]) {
		v->ptx_known = true;
		kb_doc_versions(doc, f[PTX], "ptx", KB_V_CC, &v->ptx, &v->nptx);
	}
	if (f[PATCHES] &&
	    kb_doc_versions(doc, f[PATCHES], "patches", KB_V_PEP440, &v->patches, &v->npatches)) {
		for (size_t i = 0; i < v->npatches; i++)
			if (!in_list(rel->patches, rel->npatches, &v->patches[i]))
				kb_doc_error(doc, f[PATCHES], "variant patch is not in the release's 'patches'");
	}
}

static void torch_companion(struct kb_doc *doc, yaml_node_t *e, const struct kb_torch_release *rel,
			    struct kb_torch_companion *c)
{
	enum { TORCH, VISION, AUDIO, SOURCE, STATUS, NOTE, N };
	static const char *const keys[] = { "torch", "torchvision", "torchaudio", KB_SHARED_KEYS, NULL };
	const char *what = "'companions' entry";
	yaml_node_t *f[N];
	memset(c, 0, sizeof(*c));
	if (!kb_doc_fields(doc, e, what, keys, f))
		return;
	struct kb_origin origin;
	kb_doc_origin(doc, e, what, f[SOURCE], f[STATUS], &rel->origin, &origin);
	if (!f[TORCH]) {
		kb_doc_missing(doc, e, what, "torch");
		return;
	}
	if (kb_doc_version(doc, f[TORCH], "torch", KB_V_PEP440, &c->torch) &&
	    !in_list(rel->patches, rel->npatches, &c->torch))
		kb_doc_error(doc, f[TORCH], "companion torch is not in the release's 'patches'");
	if (f[VISION])
		c->has_torchvision =
			kb_doc_version(doc, f[VISION], "torchvision", KB_V_PEP440, &c->torchvision);
	if (f[AUDIO])
		c->has_torchaudio = kb_doc_version(doc, f[AUDIO], "torchaudio", KB_V_PEP440, &c->torchaudio);
}

static void torch_conda(struct kb_doc *doc, yaml_node_t *node, struct kb_torch_release *r)
{
	static const char *const keys[] = { "channel", "pytorch_cuda", "cudatoolkit", "note", NULL };
	yaml_node_t *f[4];
	if (!kb_doc_fields(doc, node, "'conda'", keys, f))
		return;
	if (!f[0])
		kb_doc_missing(doc, node, "'conda'", "channel");
	else
		kb_doc_bool(doc, f[0], "channel", &r->conda_channel);
	if (f[1])
		kb_doc_versions(doc, f[1], "pytorch_cuda", KB_V_CUDA2, &r->pytorch_cuda, &r->npytorch_cuda);
	if (f[2])
		kb_doc_versions(doc, f[2], "cudatoolkit", KB_V_CUDA2, &r->cudatoolkit, &r->ncudatoolkit);
}

/* `cuda_builds: {complete: true, source: ...}`: the claim that `variants` lists every CUDA
 * build of the release is a fact of its own (it lets STK301 say "never published"), so it
 * names the source that gives the whole build matrix. */
static void torch_cuda_builds(struct kb_doc *doc, yaml_node_t *node, struct kb_torch_release *r)
{
	static const char *const keys[] = { "complete", KB_SHARED_KEYS, NULL };
	yaml_node_t *f[4];
	struct kb_origin origin;
	if (!kb_doc_fields(doc, node, "'cuda_builds'", keys, f) ||
	    !kb_doc_origin(doc, node, "'cuda_builds'", f[1], f[2], NULL, &origin))
		return;
	if (!f[0])
		kb_doc_missing(doc, node, "'cuda_builds'", "complete");
	else if (kb_doc_bool(doc, f[0], "complete", &r->cuda_builds_complete))
		r->cuda_builds_source = origin.source;
}

static void torch_release(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *e,
			  const char *what)
{
	enum { VERSION, PATCHES, PYTHON, PYPI, VARIANTS, CUDA_BUILDS, COMPANIONS, CONDA, IMAGES,
	       SOURCE, STATUS, NOTE, N };
	static const char *const keys[] = { "version", "patches", "python", "pypi_default",
					    "variants", "cuda_builds", "companions", "conda",
					    "images", KB_SHARED_KEYS, NULL };
	yaml_node_t *f[N];
	if (!kb_doc_fields(doc, e, what, keys, f))
		return;
	struct kb_torch_release r;
	memset(&r, 0, sizeof(r));
	kb_doc_origin(doc, e, what, f[SOURCE], f[STATUS], NULL, &r.origin);
	if (!f[VERSION] || !f[PATCHES]) {
		kb_doc_missing(doc, e, what, f[VERSION] ? "patches" : "version");
		return;
	}
	if (!kb_doc_version(doc, f[VERSION], "version", KB_V_DOTTED, &r.line))
		return;
	if (r.line.nrelease != 2) {
		kb_doc_error(doc, f[VERSION], "torch release 'version' must be X.Y");
		return;
	}
	if (kb_doc_versions(doc, f[PATCHES], "patches", KB_V_PEP440, &r.patches, &r.npatches))
		for (size_t i = 0; i < r.npatches; i++)
			if (version_cmp_prefix(&r.patches[i], &r.line, 2))
				kb_doc_error(doc, f[PATCHES], "patch is not of release line");
	if (f[PYTHON])
		r.has_python = load_range(doc, f[PYTHON], "python", KB_V_DOTTED, &r.python_min,
					  &r.python_max);
	if (f[VARIANTS]) {
		yaml_node_t **items;
		size_t n = kb_doc_seq(doc, f[VARIANTS], "variants", &items);
		struct kb_torch_variant *v = arena_alloc(doc->arena, st_mult(n ? n : 1, sizeof(*v)));
		for (size_t i = 0; i < n; i++) {
			torch_variant(doc, items[i], &r, &v[i]);
			for (size_t j = 0; j < i && v[i].name; j++)
				if (v[j].name && !strcmp(v[j].name, v[i].name))
					kb_doc_error(doc, items[i], "duplicate variant '%s'", v[i].name);
		}
		r.variants = v;
		r.nvariants = n;
	}
	if (f[PYPI] && kb_doc_str(doc, f[PYPI], "pypi_default", &r.pypi_default)) {
		bool found = false;
		for (size_t i = 0; i < r.nvariants; i++)
			found |= r.variants[i].name && !strcmp(r.variants[i].name, r.pypi_default);
		if (!found)
			kb_doc_error(doc, f[PYPI], "pypi_default '%s' is not a variant of the release",
				     r.pypi_default);
	}
	if (f[CUDA_BUILDS])
		torch_cuda_builds(doc, f[CUDA_BUILDS], &r);
	if (f[COMPANIONS]) {
		yaml_node_t **items;
		size_t n = kb_doc_seq(doc, f[COMPANIONS], "companions", &items);
		struct kb_torch_companion *c = arena_alloc(doc->arena, st_mult(n ? n : 1, sizeof(*c)));
		for (size_t i = 0; i < n; i++)
			torch_companion(doc, items[i], &r, &c[i]);
		r.companions = c;
		r.ncompanions = n;
	}
	if (f[CONDA])
		torch_conda(doc, f[CONDA], &r);
	if (f[IMAGES])
		kb_doc_strs(doc, f[IMAGES], "images", &r.images, NULL);
	else {
		static const char *const none[] = { NULL };
		r.images = none;
	}
	for (size_t i = 0; i < self->torch.nr; i++)
		if (!version_cmp(&self->torch.items[i].line, &r.line)) {
			kb_doc_error(doc, f[VERSION], "duplicate torch release line (first at line %u)",
				     self->torch.items[i].origin.line);
			return;
		}
	vec_push(&self->torch, r);
}

static void load_pytorch_yaml(struct kb_loader *self, struct kb_doc *doc, yaml_node_t *root)
{
	static const char *const keys[] = { "releases", NULL };
	yaml_node_t *f[1];
	if (!kb_doc_fields(doc, root, "pytorch.yaml", keys, f))
		return;
	load_table(self, doc, f[0], "'releases' entry", torch_release);
}

/* ------------------------------------------------------------------------- */

bool kb_load_file(struct kb_loader *self, struct kb_doc *doc, const char *base)
{
	static const struct {
		const char *name;
		void (*fn)(struct kb_loader *, struct kb_doc *, yaml_node_t *);
	} files[] = {
		{ "cuda.yaml", load_cuda_yaml },       { "cudnn.yaml", load_cudnn_yaml },
		{ "drivers.yaml", load_drivers_yaml }, { "gpus.yaml", load_gpus_yaml },
		{ "images.yaml", kb_load_images },     { "kb.yaml", load_kb_yaml },
		{ "pytorch.yaml", load_pytorch_yaml },
	};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if (strcmp(files[i].name, base))
			continue;
		yaml_node_t *root = kb_doc_root(doc);
		if (!root)
			kb_doc_error(doc, NULL, "empty knowledge-base file");
		else
			files[i].fn(self, doc, root);
		return true;
	}
	return false;
}

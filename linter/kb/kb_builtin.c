/*
 * kb_builtin: the KB compiled into the binary. By default build/kbgen has already run
 * the rules/ YAML files through kb_load_dir at build time (failing the build on any
 * EL009) and written the loaded tables as static C initializers (build/gen/kb_tables.c),
 * so start-up only copies the top-level struct and compiles the PCRE2 patterns: no
 * YAML is parsed. With KB_EMBED=yaml the YAML text is embedded instead and parsed
 * here through the same loader as --kb DIR (kept so both can be measured; see kb.c).
 * tests/unit/test_kb_tables.c checks the tables equal what kb_load_dir loads.
 */
#include "kb/kb_internal.h"

#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "kb/kb_embed.h"

/* Display names are "<builtin>/" plus a file's base name. */
#define KB_DISPLAY_MAX 256

static bool load_yaml(struct kb **out, struct diag_list *diags)
{
	struct kb_loader ld;
	kb_loader_init(&ld, diags);
	/* Sources live in a scratch arena: only what the tables keep is copied to the KB. */
	struct arena scratch = ARENA_INIT;
	char display[KB_DISPLAY_MAX];
	for (const struct kb_embedded_file *f = kb_embedded_files; f->name; f++) {
		struct source src;
		snprintf(display, sizeof(display), "<builtin>/%s", f->name);
		source_from_memory(&src, display, f->data, f->len, &scratch);
		kb_loader_add(&ld, display, f->name, &src);
	}
	arena_release(&scratch);
	return kb_loader_done(&ld, out);
}

/* The tables are shared read-only; only the patterns need per-KB state (compiled code
 * and match data), so they are copied into the KB's own arena. kb_free then releases
 * exactly what a loaded KB owns and never touches the static tables. */
static bool load_tables(struct kb **out, struct diag_list *diags)
{
	const struct kb *t = kb_builtin_tables;
	struct kb *kb = xcalloc(1, sizeof(*kb));
	*kb = *t;
	arena_init(&kb->arena);
	kb->patterns =
		arena_alloc(&kb->arena, st_mult(t->npatterns ? t->npatterns : 1, sizeof(*kb->patterns)));
	if (t->npatterns)
		memcpy(kb->patterns, t->patterns, st_mult(t->npatterns, sizeof(*kb->patterns)));
	if (!kb_patterns_compile(kb->patterns, kb->npatterns)) {
		diag_add(diags, RULE_EL009, "<builtin>/images.yaml", span_none(), NULL,
			 "a built-in pattern does not compile (stale generated tables?)");
		kb_free(kb);
		*out = NULL;
		return false;
	}
	*out = kb;
	return true;
}

bool kb_load_builtin(struct kb **out, struct diag_list *diags)
{
	return kb_builtin_tables ? load_tables(out, diags) : load_yaml(out, diags);
}

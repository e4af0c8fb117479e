/*
 * kb_fixture: the cmocka group setup/teardown the suites that need the built-in
 * knowledge base share. Setup fails the group (and prints the loader's diagnostics) if
 * the KB does not load cleanly; *state is the `struct kb *`.
 */
#ifndef ENVLINT_TESTS_KB_FIXTURE_H
#define ENVLINT_TESTS_KB_FIXTURE_H

#include "diag.h"
#include "kb/kb.h"

static inline int kb_fixture_setup(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct kb *kb = NULL;
	bool ok = kb_load_builtin(&kb, &d);
	for (size_t i = 0; i < d.nr; i++)
		print_message("%s:%u:%u: %s\n", d.items[i].file, d.items[i].span.line,
			      d.items[i].span.column, d.items[i].message);
	diag_list_release(&d);
	*state = kb;
	return ok && kb ? 0 : -1;
}

static inline int kb_fixture_teardown(void **state)
{
	kb_free(*state);
	return 0;
}

#endif

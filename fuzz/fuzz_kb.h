/* The built-in knowledge base for a fuzz target, loaded once (a fuzzer calls its target
 * millions of times; the KB is const after loading). Aborts if it does not load. */
#ifndef ENVLINT_FUZZ_KB_H
#define ENVLINT_FUZZ_KB_H

#include <stdlib.h>

#include "diag.h"
#include "kb/kb.h"

static inline const struct kb *fuzz_kb(void)
{
	static struct kb *kb;
	if (!kb) {
		struct diag_list diags = DIAG_LIST_INIT;
		if (!kb_load_builtin(&kb, &diags))
			abort();
		diag_list_release(&diags);
	}
	return kb;
}

#endif

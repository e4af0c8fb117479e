/*
 * shell_branch: the architecture a RUN command's branch runs on. Multi-platform
 * Dockerfiles choose their wheels per architecture:
 *
 *   RUN if [ "$TARGETPLATFORM" = "linux/arm64" ]; then pip install --index-url .../cpu torch; \
 *       else pip install --index-url .../cu121 torch; fi
 *
 * and only one branch runs on the target. The branch's test becomes a PEP 508 marker on
 * the pins of the command (`platform_machine == "aarch64"`), which the analysis evaluates
 * for the target's platform as it does a requirements line's marker (analysis/marker.h).
 * Read: `if`/`else` (no `elif`) and `case` branches whose test compares BuildKit's
 * TARGETPLATFORM or TARGETARCH, `uname -m`, `arch` or `dpkg --print-architecture` with an
 * architecture spelled as those print it. Any other test says nothing: the command is
 * read as if it always ran. Private to linter/readers/shell*.c; depends on tree-sitter
 * and util/arena only.
 */
#ifndef ENVLINT_READERS_SHELL_BRANCH_H
#define ENVLINT_READERS_SHELL_BRANCH_H

#include <stdbool.h>
#include <stddef.h>
#include <tree_sitter/api.h>

#include "util/arena.h"

/* Whether text[0, len) may hold a test shell_branch_marker reads: it names one of the
 * sources of ARCH (TARGETPLATFORM, TARGETARCH, uname, arch, dpkg --print-architecture), so
 * bodies that do not are not walked up from each command. */
bool shell_branch_may_test(const char *text, size_t len);

/* The marker under which command node `cmd` of the body `text` (len bytes) runs, in the
 * arena; NULL when no branch around it tests the architecture. */
const char *shell_branch_marker(TSNode cmd, const char *text, size_t len, struct arena *arena);

#endif

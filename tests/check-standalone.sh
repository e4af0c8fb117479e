#!/bin/sh
# The repository stands alone (DEVELOPERS.md rule 6): nothing at build, test or bench
# time may read a path outside it. Fails on any mention of a sibling or absolute work
# directory in what make runs: the Makefile, tests, bench, fuzz, .ci and the C sources.
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
hits=$(grep -nE '\.\./shared|/work/' Makefile .ci/run bench/* fuzz/* tests/*.sh tests/unit/*.c \
	$(find linter -name '*.[ch]') 2>/dev/null | grep -v '^tests/check-standalone.sh')
if [ -z "$hits" ]; then
	echo "standalone: 1 passed, 0 failed"; bad=0
else
	echo "paths outside the repository:"; echo "$hits" | sed 's/^/    /'
	echo "standalone: 0 passed, 1 failed"; bad=1
fi
[ -n "${COUNTS:-}" ] && echo "standalone $((1 - bad)) $bad" >> "$COUNTS"
exit $bad

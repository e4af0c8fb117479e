#!/bin/sh
# docs/limits.md and linter/input_limits.h name the same limits: every #define of the
# header has a row of the page, and every row a #define.
root=$(cd "$(dirname "$0")/.." && pwd)
hdr=$(sed -n 's/^#define \([A-Z_]*\) .*/\1/p' "$root/linter/input_limits.h" | grep -v '_H$' | sort)
doc=$(sed -n 's/^| `\([A-Z_]*\)` |.*/\1/p' "$root/docs/limits.md" | sort)
if [ "$hdr" = "$doc" ]; then bad=0; echo "limits-doc: 1 passed, 0 failed"; else
	bad=1; echo "limits-doc: docs/limits.md and linter/input_limits.h differ:"
	printf '%s\n' "$hdr" > /tmp/envlint-limits-h.$$; printf '%s\n' "$doc" | diff /tmp/envlint-limits-h.$$ - | sed 's/^/    /'
	rm -f /tmp/envlint-limits-h.$$; echo "limits-doc: 0 passed, 1 failed"
fi
[ -n "${COUNTS:-}" ] && echo "limits-doc $((1 - bad)) $bad" >> "$COUNTS"
exit $bad

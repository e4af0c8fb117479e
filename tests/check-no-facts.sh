#!/bin/sh
# Facts live in rules/*.yaml, never in C (STYLE.md 6). This strips comments from every
# linter/ source (the compiler's own preprocessor does it, so quotes and comment markers
# inside strings are handled) and fails on any literal that looks like a CUDA, driver,
# cuDNN or PyTorch version: "12.4", "535.104.05", 'cu121', "sm_86".
root=$(cd "$(dirname "$0")/.." && pwd)
bad=0
for f in $(find "$root/linter" -name '*.[ch]' | sort); do
	hits=$(gcc -fpreprocessed -dD -E -P "$f" 2>/dev/null |
		grep -nE '"[^"]*([0-9]+\.[0-9]+(\.[0-9]+)?|cu[0-9]{2,3}|sm_[0-9]{2,3})[^"]*"' |
		grep -vE '"%[^"]*"' )
	rel=${f#"$root"/linter/}
	# Drop allowed lines (tests/no-facts-allow.txt).
	while IFS='|' read -r apath atext; do
		case "$apath" in ''|'#'*) continue ;; esac
		[ "$apath" = "$rel" ] || continue
		hits=$(printf '%s\n' "$hits" | grep -vF -- "$atext")
	done < "$root/tests/no-facts-allow.txt"
	hits=$(printf '%s' "$hits" | sed '/^$/d')
	if [ -n "$hits" ]; then
		echo "version-like literal in ${f#"$root"/}:"; echo "$hits" | sed 's/^/    /'
		bad=1
	fi
done
if [ $bad -eq 0 ]; then echo "no-facts-in-C: 1 passed, 0 failed"; else echo "no-facts-in-C: 0 passed, 1 failed"; fi
[ -n "${COUNTS:-}" ] && echo "no-facts $((1 - bad)) $bad" >> "$COUNTS"
exit $bad

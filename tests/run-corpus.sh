#!/bin/sh
# Lints every real manifest of tests/corpus (SOURCES.tsv says where each is from).
# A file fails when envlint crashes, hangs (10 s), exits above 2, or reports an EL
# diagnostic of severity error (bad input envlint should have read). Files that really
# are malformed would be listed in tests/corpus-known-bad.txt with the reason; none is.
bin=$1; corpus=$2
if [ ! -d "$corpus" ]; then echo "corpus: $corpus not found"; exit 1; fi
known="$(dirname "$0")/corpus-known-bad.txt"
pass=0; fail=0
for f in "$corpus"/*/*; do
	case "$f" in *.tsv|*.md) continue ;; esac
	out=$(timeout 10 "$bin" --format json "$f" 2>&1); rc=$?
	bad=""
	if [ $rc -gt 2 ]; then bad="exit status $rc (crash or hang)"; fi
	if [ -z "$bad" ] && printf '%s' "$out" | grep -qE '"rule": "EL[0-9]+", "slug": "[^"]*", "severity": "error"'; then
		bad="EL error: $(printf '%s' "$out" | grep -oE '"rule": "EL[0-9]+"[^}]*' | head -1)"
	fi
	if [ -n "$bad" ] && [ -f "$known" ] && grep -qF "$(basename "$f")" "$known"; then bad=""; fi
	if [ -n "$bad" ]; then
		fail=$((fail + 1)); echo "FAIL $f: $bad"
	else
		pass=$((pass + 1))
	fi
done
echo "corpus: $pass passed, $fail failed"
[ -n "${COUNTS:-}" ] && echo "corpus $pass $fail" >> "$COUNTS"
[ "$fail" -eq 0 ]

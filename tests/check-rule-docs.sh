#!/bin/sh
# docs/rules/ID.md is `envlint explain ID` (the rule table + its text in docs/rules.md):
# fails when a page is stale or missing, when a page names no rule, and when a rule has
# no text in docs/rules.md. With --write (make rule-docs) it rewrites the pages instead.
bin=$1; write=${2:-}
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$root/docs/rules
mkdir -p "$dir"
pass=0; fail=0
ids=$("$bin" --list-rules | awk '{print $1}')
for id in $ids; do
	page=$dir/$id.md
	if ! grep -qE "^(## $id |\| $id )" "$root/docs/rules.md"; then
		fail=$((fail + 1)); echo "FAIL rule-docs: $id has no section (## $id ...) or EL row in docs/rules.md"
		continue
	fi
	if [ "$write" = "--write" ]; then
		"$bin" explain "$id" > "$page"; pass=$((pass + 1)); continue
	fi
	if "$bin" explain "$id" | cmp -s - "$page"; then pass=$((pass + 1)); else
		fail=$((fail + 1)); echo "FAIL rule-docs: docs/rules/$id.md is stale or missing (make rule-docs)"
	fi
done
for page in "$dir"/*.md; do
	[ -e "$page" ] || continue
	id=$(basename "$page" .md)
	if ! printf '%s\n' $ids | grep -qx "$id"; then
		fail=$((fail + 1)); echo "FAIL rule-docs: docs/rules/$id.md names no rule"
	fi
done
echo "rule-docs: $pass passed, $fail failed"
[ -n "${COUNTS:-}" ] && echo "rule-docs $pass $fail" >> "$COUNTS"
[ "$fail" -eq 0 ]

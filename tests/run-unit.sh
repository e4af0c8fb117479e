#!/bin/sh
# Runs every cmocka unit-test binary given; each is one module's suite.
# Prints cmocka's own output and a closing "N passed, N failed" over the suites.
pass=0; fail=0; failed=""
for t in "$@"; do
	if "$t" >"$t.log" 2>&1; then
		pass=$((pass + 1))
		grep -E '^\[  PASSED  \]' "$t.log" | sed "s|^|$(basename "$t"): |"
	else
		fail=$((fail + 1)); failed="$failed $(basename "$t")"
		cat "$t.log"
	fi
done
[ -n "$failed" ] && echo "failed suites:$failed"
echo "unit suites: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

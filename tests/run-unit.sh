#!/bin/sh
# Runs every cmocka unit-test binary given; each is one module's suite.
# Prints cmocka's own output and a closing "N passed, N failed" over the suites.
pass=0; fail=0; failed=""; cases=0; case_fail=0
for t in "$@"; do
	if "$t" >"$t.log" 2>&1; then
		pass=$((pass + 1))
		grep -E '^\[  PASSED  \]' "$t.log" | sed "s|^|$(basename "$t"): |"
	else
		fail=$((fail + 1)); failed="$failed $(basename "$t")"
		cat "$t.log"
	fi
	n=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$t.log" | awk '{s += $1} END {print s + 0}')
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$t.log" | awk '{s += $1} END {print s + 0}')
	cases=$((cases + n)); case_fail=$((case_fail + f))
done
[ -n "$failed" ] && echo "failed suites:$failed"
echo "unit suites: $pass passed, $fail failed"
echo "unit: $cases passed, $case_fail failed"
[ -n "${COUNTS:-}" ] && echo "unit $cases $case_fail" >> "$COUNTS"
[ "$fail" -eq 0 ]

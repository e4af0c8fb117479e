#!/bin/sh
# Fixture runner. Each fixtures/<group>/<case>/ holds input files, an optional `args`
# (options, one line), and `expected.txt`: envlint's gnu output followed by a line
# "exit: N". The case is run from inside its folder on its input files (or on "." when
# a file named `walk` is present). UPDATE=1 rewrites expected.txt — read that diff
# before committing it. WRAP prefixes every envlint run (make valgrind sets it).
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
# Golden output of the other formats, where a case keeps one (expected.<format>).
# SARIF names the absolute checked root: it is written as file:///FIXTURE/.
check_formats() {
	for fmt in json sarif github text; do
		[ -f "$dir/expected.$fmt" ] || continue
		actual_fmt=$(cd "$dir" && eval "\"$bin\" --format $fmt --color never $args $inputs" 2>&1 |
			sed "s|file://$(cd "$dir" && pwd | sed 's/ /%20/g')/|file:///FIXTURE/|")
		if [ -n "${UPDATE:-}" ]; then
			printf '%s\n' "$actual_fmt" > "$dir/expected.$fmt"
		elif [ "$actual_fmt" != "$(cat "$dir/expected.$fmt")" ]; then
			fail=$((fail + 1)); echo "FAIL fixtures/$name ($fmt)"
			printf '%s\n' "$actual_fmt" | diff -u "$dir/expected.$fmt" - | sed 's/^/    /'
		fi
	done
}
pass=0; fail=0
for dir in "$root"/fixtures/*/*/; do
	dir=${dir%/}
	[ -f "$dir/expected.txt" ] || [ -n "${UPDATE:-}" ] || continue
	name=${dir#"$root"/fixtures/}
	args=""
	[ -f "$dir/args" ] && args=$(cat "$dir/args")
	if [ -f "$dir/walk" ]; then inputs=.; else
		inputs=$(cd "$dir" && ls -A | grep -vxE 'args|expected\.[a-z]+|walk|README|\.envlint\.yml' | sort | tr '\n' ' ')
	fi
	actual=$(cd "$dir" && {
		# shellcheck disable=SC2086
		eval "${WRAP:-} \"$bin\" --format gnu --no-color $args $inputs" 2>&1
		echo "exit: $?"
	})
	if [ -n "${UPDATE:-}" ]; then
		# Never record a crash or a binary that could not run as the expectation.
		case "$actual" in *"exit: "[0-2]) ;; *)
			fail=$((fail + 1)); echo "FAIL fixtures/$name: not updated, run ended with: ${actual##*exit: }"
			continue ;;
		esac
		printf '%s\n' "$actual" > "$dir/expected.txt"
		check_formats
		pass=$((pass + 1))
		continue
	fi
	if [ "$actual" = "$(cat "$dir/expected.txt")" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL fixtures/$name"
		printf '%s\n' "$actual" | diff -u "$dir/expected.txt" - | sed 's/^/    /'
	fi
	check_formats
done
echo "fixtures: $pass passed, $fail failed"
[ -n "${COUNTS:-}" ] && echo "fixtures $pass $fail" >> "$COUNTS"
[ "$fail" -eq 0 ]

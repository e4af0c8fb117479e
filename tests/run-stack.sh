#!/bin/sh
# `envlint stack` goldens. Each tests/stack/<case>/ holds input files, an optional `args`
# (options, one line), and the expected output per format: expected.txt (text, then a
# line "exit: N"), expected.json, expected.dot. The case runs from inside its folder on
# its input files. Every dot output is also rendered by Graphviz's `dot` (Debian package
# graphviz, make test-deps), which must accept it. UPDATE=1 rewrites the goldens: read
# that diff before committing it.
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
pass=0; fail=0
if ! command -v dot >/dev/null; then
	echo "FAIL stack: Graphviz 'dot' is not installed (make test-deps)"; fail=1
fi
for dir in "$root"/tests/stack/*/; do
	dir=${dir%/}
	name=${dir#"$root"/tests/stack/}
	args=""
	[ -f "$dir/args" ] && args=$(cat "$dir/args")
	inputs=$(cd "$dir" && ls -A | grep -vxE 'args|expected\.[a-z]+|README|\.envlint\.yml' | sort | tr '\n' ' ')
	for fmt in txt json dot; do
		opt=""
		[ "$fmt" = txt ] || opt="--format $fmt"
		actual=$(cd "$dir" && {
			# shellcheck disable=SC2086
			eval "\"$bin\" stack $opt $args $inputs" 2>&1
			rc=$?
			[ "$fmt" = txt ] && echo "exit: $rc"
		})
		if [ -n "${UPDATE:-}" ]; then
			printf '%s\n' "$actual" > "$dir/expected.$fmt"
		elif [ "$actual" = "$(cat "$dir/expected.$fmt")" ]; then
			pass=$((pass + 1))
		else
			fail=$((fail + 1)); echo "FAIL tests/stack/$name ($fmt)"
			printf '%s\n' "$actual" | diff -u "$dir/expected.$fmt" - | sed 's/^/    /'
		fi
		case $fmt in
		dot)
			if command -v dot >/dev/null && ! printf '%s\n' "$actual" | dot -Tsvg >/dev/null 2>"$dir.dot-err"; then
				fail=$((fail + 1)); echo "FAIL tests/stack/$name: dot rejects the output:"
				sed 's/^/    /' "$dir.dot-err"
			fi
			rm -f "$dir.dot-err" ;;
		json)
			if ! printf '%s\n' "$actual" | python3 -m json.tool >/dev/null 2>&1; then
				fail=$((fail + 1)); echo "FAIL tests/stack/$name: the json output does not parse"
			fi ;;
		esac
	done
done
# Generated cases: a path that is not UTF-8 (Graphviz refuses such bytes) and a Dockerfile
# of 5000 stages (a hang detector: each stack must not look at every finding of the file).
tmp=$(mktemp -d /tmp/envlint-stack-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
odd="$tmp/$(printf 'st\351ck')"
mkdir -p "$odd" && printf 'torch==2.4.0\n' > "$odd/requirements.txt"
if command -v dot >/dev/null; then
	if "$bin" stack --format dot "$odd/requirements.txt" | dot -Tsvg >/dev/null 2>&1; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1)); echo "FAIL stack: dot rejects the output for a path that is not UTF-8"
	fi
fi
awk 'BEGIN { for (i = 0; i < 5000; i++) { print "FROM nvidia/cuda:12.4.1-devel-ubuntu22.04"; print "RUN pip install torch==2.4.0" } }' > "$tmp/Dockerfile"
timeout 10 "$bin" stack --driver 470.82.01 "$tmp/Dockerfile" >/dev/null 2>&1; rc=$?
if [ $rc -le 2 ]; then pass=$((pass + 1)); else
	fail=$((fail + 1)); echo "FAIL stack: 5000 stages: exit $rc (crash or hang)"
fi

# Usage errors: a findings-only format, dot given with another --format.
for bad in "--format sarif" "--format dot --format json" "--format=dot --format text"; do
	# shellcheck disable=SC2086
	"$bin" stack $bad "$tmp/Dockerfile" >/dev/null 2>&1; rc=$?
	if [ $rc -eq 2 ]; then pass=$((pass + 1)); else
		fail=$((fail + 1)); echo "FAIL stack $bad: exit $rc, not 2"
	fi
done

# A config whose profile does not load: said on stderr (EL014), nothing drawn, exit 2, as
# check exits; a profile on the command line never reads it.
mkdir -p "$tmp/badcfg" && printf 'profiles: [no-such-box]\n' > "$tmp/badcfg/.envlint.yml" &&
	printf 'torch==2.4.0\n' > "$tmp/badcfg/requirements.txt"
out=$("$bin" stack "$tmp/badcfg/requirements.txt" 2>"$tmp/err"); rc=$?
if [ $rc -eq 2 ] && grep -q 'EL014' "$tmp/err" && [ "$out" = "no stack: nothing pins CUDA, cuDNN, torch or Python" ]; then
	pass=$((pass + 1))
else
	fail=$((fail + 1)); echo "FAIL stack: a config whose profile does not load: exit $rc, stdout '$out'"
fi
"$bin" stack --profile a100-535 "$tmp/badcfg/requirements.txt" >/dev/null 2>&1; rc=$?
if [ $rc -eq 0 ]; then pass=$((pass + 1)); else
	fail=$((fail + 1)); echo "FAIL stack: --profile should replace the config's profiles: exit $rc"
fi
# --profile - reads a profile from standard input; an unknown profile is a usage error.
out=$(printf 'name: lab\ngpus: ["TITAN Xp"]\ndriver: "470.82.01"\n' |
	"$bin" stack --profile - "$tmp/badcfg/requirements.txt" 2>&1)
case $out in
*"(profile lab)"*"<- DRV101 error"*) pass=$((pass + 1)) ;;
*) fail=$((fail + 1)); echo "FAIL stack --profile -: no DRV101 mark for profile lab:"; printf '%s\n' "$out" | sed 's/^/    /' ;;
esac
"$bin" stack --profile no-such-box "$tmp/badcfg/requirements.txt" >/dev/null 2>&1; rc=$?
if [ $rc -eq 2 ]; then pass=$((pass + 1)); else
	fail=$((fail + 1)); echo "FAIL stack --profile no-such-box: exit $rc, not 2"
fi

echo "stack: $pass passed, $fail failed"
[ -n "${COUNTS:-}" ] && echo "stack $pass $fail" >> "$COUNTS"
[ "$fail" -eq 0 ]

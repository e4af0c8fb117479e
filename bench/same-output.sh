#!/bin/sh
# bench/same-output.sh BIN OUT: writes BIN's `--format json` output and exit status
# for every tests/corpus file (without and with a target), its --dump-pins, every
# fixture case (with its args), examples/ and build/bench/x1 when present, one file per
# run, under OUT. Run it for the binaries before and after a speed change and `diff -r`
# the two directories: a speed change must not change a byte.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
out=$2
rm -rf "$out"; mkdir -p "$out/corpus" "$out/target" "$out/pins" "$out/fixtures"
run() { # OUTFILE DIR ARGS...: the json and the exit status
	o=$1; d=$2; shift 2
	(cd "$d" && { "$bin" --format json "$@" 2>&1; echo "exit: $?"; }) > "$o" || true
}
for f in "$root"/tests/corpus/*/*; do
	case $f in *.tsv) continue ;; esac
	name=$(basename "$f")
	run "$out/corpus/$name" "$root" "${f#"$root"/}"
	run "$out/target/$name" "$root" --gpu A100 --gpu "TITAN Xp" --driver 470.82.01 "${f#"$root"/}"
	run "$out/pins/$name" "$root" --dump-pins "${f#"$root"/}"
done
for dir in "$root"/fixtures/*/*/; do
	dir=${dir%/}
	name=$(echo "${dir#"$root"/fixtures/}" | tr / _)
	args=""; [ -f "$dir/args" ] && args=$(cat "$dir/args")
	if [ -f "$dir/walk" ]; then inputs=.; else
		inputs=$(cd "$dir" && ls -A | grep -vxE 'args|expected\.txt|expected\.json|walk|README' | sort | tr '\n' ' ')
	fi
	(cd "$dir" && { eval "\"$bin\" --format json $args $inputs" 2>&1; echo "exit: $?"; }) > "$out/fixtures/$name" || true
done
run "$out/examples" "$root" examples/
run "$out/examples-target" "$root" --gpu "TITAN Xp" --driver 470.82.01 examples/
[ -d "$root/build/bench/x1" ] && run "$out/bench-x1" "$root" --fail-on never build/bench/x1
echo "same-output: $(find "$out" -type f | wc -l) runs written to $out"

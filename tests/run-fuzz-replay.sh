#!/bin/sh
# Replays each fuzz target over its saved inputs (tests/fuzz-regressions/<target>/) and
# the real corpus, in the build under test (the ASan + UBSan one in make check): every
# crash input ever found stays fixed.
build=$1
root=$(cd "$(dirname "$0")/.." && pwd)
pass=0; fail=0
for t in requirements conda dockerfile config e2e profile nvidia_smi; do
	case $t in
	requirements) corpus="$root/tests/corpus/pip" ;;
	conda) corpus="$root/tests/corpus/conda" ;;
	dockerfile) corpus="$root/tests/corpus/docker" ;;
	config) corpus="" ;;
	e2e) corpus="$root/tests/corpus/pip $root/tests/corpus/conda $root/tests/corpus/docker" ;;
	profile) corpus="$root/profiles" ;;
	nvidia_smi) corpus="$root/tests/nvidia-smi" ;;
	esac
	files=$(find "$root/tests/fuzz-regressions/$t" $corpus -type f ! -name '*.tsv' ! -name README ! -name .keep 2>/dev/null | sort)
	if [ -z "$files" ]; then fail=$((fail + 1)); echo "FAIL replay_$t: no inputs"; continue; fi
	# shellcheck disable=SC2086
	if out=$(timeout 300 "$build/tests/replay_$t" $files 2>&1); then
		pass=$((pass + 1)); echo "replay_$t: $out"
	else
		fail=$((fail + 1)); echo "FAIL replay_$t"; printf '%s\n' "$out" | tail -20 | sed 's/^/    /'
	fi
done
echo "fuzz-replay: $pass passed, $fail failed"
[ -n "${COUNTS:-}" ] && echo "fuzz-replay $pass $fail" >> "$COUNTS"
[ "$fail" -eq 0 ]

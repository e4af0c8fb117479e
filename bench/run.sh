#!/bin/sh
# envlint benchmark: prints figures, asserts nothing (DEVELOPERS.md: speed is shown by a
# benchmark, never by a timed test). Cases, after anchors.md section 4:
#   startup   `envlint --version` (process start + loading the embedded KB)
#   hook      one ~30-line Dockerfile with a target (the pre-commit case)
#   corpus    every real manifest of tests/corpus in one run (the auditor case)
# Uses hyperfine (Debian package) when present, else a shell loop of N runs.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$root/build/envlint}
corpus=${CORPUS:-$root/tests/corpus}
runs=${RUNS:-50}
hook=$root/bench/hook.Dockerfile
# The corpus files carry owner__repo__ prefixes, so a directory walk would skip most of
# them: name every file, as an auditor script would.
files=$(find "$corpus" -type f ! -name '*.tsv' | sort | tr '\n' ' ')
nfiles=$(echo $files | wc -w)
echo "machine: $(nproc) cores, $(uname -sr); envlint: $($bin --version)"
echo "corpus: $nfiles files"
if command -v hyperfine >/dev/null 2>&1; then
	hyperfine -N --warmup 10 --runs "$runs" \
		-n startup "$bin --version" \
		-n hook "$bin --format gnu --gpu A100 --driver 535.104.05 $hook" \
		-n corpus "$bin --format json --fail-on never $files"
else
	for name in startup hook corpus; do
		case $name in
		startup) cmd="$bin --version" ;;
		hook) cmd="$bin --format gnu --gpu A100 --driver 535.104.05 $hook" ;;
		corpus) cmd="$bin --format json --fail-on never $files" ;;
		esac
		start=$(date +%s%N)
		i=0; while [ $i -lt "$runs" ]; do $cmd >/dev/null 2>&1 || true; i=$((i + 1)); done
		end=$(date +%s%N)
		echo "$name: mean $(( (end - start) / runs / 1000 )) us over $runs runs"
	done
fi

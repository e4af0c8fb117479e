#!/bin/sh
# envlint benchmark: prints one table of figures and asserts nothing (a speed claim is
# shown by a benchmark, never by a timed test). `make bench` runs it.
#
#   bench/run.sh [ENVLINT [FLOOR]]     defaults: build/envlint, build/floor
#
# Sets: tests/corpus replicated (bench/replicate.sh) into 1x, 10x, 30x and 100x as many
# repositories under build/bench/xN, with conventional names, so envlint finds every
# file by walking the set's directory: one process per set, as an auditor runs it.
#   floor      bench/floor.c on the same directory: reads every byte, and runs libyaml's
#              event parser over the .yml/.yaml files; the least any manifest linter does
#   envlint    `envlint --format json --fail-on never DIR`
#   yamllint   Debian's yamllint on the YAML files of the 10x set, against envlint (and
#              the floor) on exactly those files named on the command line
#   RSS        peak resident set of the envlint run (GNU time)
#   pre-commit envlint on one repository of the 1x set (the one with the most manifests),
#              start-up and the embedded knowledge base included
# Times: CPU (user + system, mean) and wall (median) over RUNS runs, with hyperfine when
# it is installed (else a shell loop, wall time only). Nothing here reads outside the
# repository.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$(cd "$(dirname "${1:-$root/build/envlint}")" && pwd)/$(basename "${1:-$root/build/envlint}")
floor=$(cd "$(dirname "${2:-$root/build/floor}")" && pwd)/$(basename "${2:-$root/build/floor}")
runs=${RUNS:-7}
sets=${SETS:-1 10 30 100}
out=$root/build/bench
mkdir -p "$out"
cd "$root"

for f in "$bin" "$floor"; do
	[ -x "$f" ] || { echo "bench: $f is not built (make bench builds it)"; exit 1; }
done

# time_ms NAME CMD...: "CPU WALL" in milliseconds: CPU is user + system time (mean over
# the runs; steadier than wall time on a shared machine), WALL the median wall time.
# Without hyperfine only WALL is measured (CPU is n/a).
time_ms() {
	name=$1; shift
	if command -v hyperfine >/dev/null 2>&1; then
		hyperfine -N -i --style none --warmup 1 --runs "$runs" --export-csv "$out/$name.csv" \
			-- "$*" >/dev/null 2>&1
		# command,mean,stddev,median,user,system,min,max (seconds)
		awk -F, 'NR == 2 { printf "%.1f %.1f", ($5 + $6) * 1000, $4 * 1000 }' "$out/$name.csv"
	else
		i=0; : > "$out/$name.times"
		"$@" >/dev/null 2>&1 || true
		while [ $i -lt "$runs" ]; do
			s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N)
			echo $(( (e - s) / 1000 )) >> "$out/$name.times"; i=$((i + 1))
		done
		sort -n "$out/$name.times" | awk '{ t[NR] = $1 } END { printf "n/a %.1f", t[int((NR + 1) / 2)] / 1000 }'
	fi
}
cpu() { echo "${1% *}"; }
wall() { echo "${1#* }"; }
# The CPU figure when there is one, else the wall time.
best() { [ "$(cpu "$1")" = n/a ] && wall "$1" || cpu "$1"; }

# rss_mb CMD...: peak RSS in MiB (GNU time), or "n/a".
rss_mb() {
	if /usr/bin/time -f %M true >/dev/null 2>&1; then
		/usr/bin/time -f %M -o "$out/rss" "$@" >/dev/null 2>&1 || true
		tail -n 1 "$out/rss" | awk '{ printf "%.1f", $1 / 1024 }'
	else
		printf 'n/a'
	fi
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0 && a != "n/a") printf "%.1fx", a / b; else printf "n/a" }'; }

for n in $sets; do
	[ "$(find "$out/x$n" -type f 2>/dev/null | wc -l)" -eq $((n * 163)) ] ||
		sh "$root/bench/replicate.sh" "$out/x$n" "$n"
done

echo "envlint bench: $(nproc) cores, $(uname -sr), $($bin --version | head -1)"
echo "ms: CPU (user + system, mean of $runs runs) / wall (median); ratios use CPU time"
echo
printf '%-5s %6s %6s %5s %14s %16s %9s %9s\n' set repos files MB floor_ms envlint_ms env/floor RSS_MB
first=""; first_files=""; last=""; last_files=""
for n in $sets; do
	dir=build/bench/x$n
	files=$(find "$dir" -type f | wc -l)
	repos=$(find "$dir" -mindepth 3 -maxdepth 3 -type d | wc -l)
	mb=$("$floor" "$dir" | awk '{ printf "%.1f", $3 / 1048576 }')
	f=$(time_ms floor-x$n "$floor" "$dir")
	e=$(time_ms envlint-x$n "$bin" --format json --fail-on never "$dir")
	rss=$(rss_mb "$bin" --format json --fail-on never "$dir")
	printf '%-5s %6s %6s %5s %14s %16s %9s %9s\n' "${n}x" "$repos" "$files" "$mb" \
		"$(cpu "$f") / $(wall "$f")" "$(cpu "$e") / $(wall "$e")" "$(ratio "$(best "$e")" "$(best "$f")")" "$rss"
	[ -n "$first" ] || { first=$(best "$e"); first_files=$files; }
	last=$(best "$e"); last_files=$files
done
echo "scaling: $(ratio "$last_files" "$first_files") the files take $(ratio "$last" "$first") the envlint time"

# YAML only: the 10x set (or the largest set below it).
yset=""
for n in $sets; do [ "$n" -le 10 ] && yset=$n; done
[ -n "$yset" ] || yset=$(echo $sets | awk '{ print $1 }')
find "build/bench/x$yset" -type f \( -name '*.yml' -o -name '*.yaml' \) | sort > "$out/yaml-files"
yfiles=$(wc -l < "$out/yaml-files")
# shellcheck disable=SC2046
set -- $(cat "$out/yaml-files")
echo
yf=$(time_ms floor-yaml "$floor" "$@")
ye=$(time_ms envlint-yaml "$bin" --format json --fail-on never "$@")
if command -v yamllint >/dev/null 2>&1; then
	yl=$(time_ms yamllint-yaml yamllint -f parsable "$@")
	yl_ver=$(yamllint --version 2>&1)
else
	yl="n/a n/a"; yl_ver="yamllint not installed"
fi
echo "YAML files of the ${yset}x set ($yfiles files, named on the command line); $yl_ver"
printf '%-14s %14s %16s %9s %12s\n' floor_ms envlint_ms yamllint_ms env/floor yamllint/env
printf '%-14s %14s %16s %9s %12s\n' "$(cpu "$yf") / $(wall "$yf")" "$(cpu "$ye") / $(wall "$ye")" \
	"$(cpu "$yl") / $(wall "$yl")" "$(ratio "$(best "$ye")" "$(best "$yf")")" "$(ratio "$(best "$yl")" "$(best "$ye")")"

# Pre-commit: the repository of the 1x set with the most manifests, walked.
set -- $sets
repo=$(find "build/bench/x$1/r1" -mindepth 2 -maxdepth 2 -type d | while read -r d; do
	echo "$(find "$d" -type f | wc -l) $d"; done | sort -k1,1nr -k2 | head -1 | cut -d' ' -f2)
rfiles=$(find "$repo" -type f | wc -l)
st=$(time_ms startup "$bin" --version)
pc=$(time_ms precommit "$bin" --format gnu --gpu A100 --driver 535.104.05 "$repo")
echo
echo "pre-commit: one repository (${repo#build/bench/x$1/r1/}, $rfiles manifests, --gpu A100 --driver), start-up included"
printf '%-14s %14s %9s\n' startup_ms repo_ms RSS_MB
printf '%-14s %14s %9s\n' "$(cpu "$st") / $(wall "$st")" "$(cpu "$pc") / $(wall "$pc")" \
	"$(rss_mb "$bin" --format gnu --gpu A100 --driver 535.104.05 "$repo")"

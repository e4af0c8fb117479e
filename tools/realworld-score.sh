#!/bin/sh
# tools/realworld-score.sh DIR [ENVLINT]: precision and recall of envlint on a judged set
# of real manifests (issue 8's measurement). Not part of `make check`: a judged set is
# files fetched from public repositories, which are data kept outside this repository.
#
# DIR holds the manifests and two tab-separated files with a header line:
#   SOURCES.tsv   file  repo  path  commit        (file: relative to DIR)
#   verdicts.tsv  file  line  rule  target  verdict  note
#     verdict tp or fp: an error or warning envlint reported there for that target, judged
#       right or wrong against the primary sources (the note says which and why);
#     verdict fn: a real problem a judge found that `rule` should report there.
# Targets: none, titanxp-470, a100-535, rtx5090-570, v100-450 (the five of issue 8).
#
# It lints every file for every target and prints, per rule and in total: the judged
# findings (tp, fp), precision tp / (tp + fp), the problems (tp + fn) and recall, where a
# fn envlint now reports counts as caught; then the findings nobody judged yet and the
# tp/fp verdicts whose finding is gone, so the set stays in step with the linter.
#
# LAYOUT=1 first puts each file back at its repository path (DIR/repos/<repo>/<path> in a
# temporary copy, SOURCES.tsv and verdicts.tsv rewritten to match): a judged set keeps its
# files flat, which hides what the layout decides (-r includes, COPY sources, a GPU image
# beside a CPU one, a variant word in a directory name).
set -eu
dir=$(cd "$1" && pwd)
bin=$(cd "$(dirname "${2:-build/envlint}")" && pwd)/$(basename "${2:-build/envlint}")
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

if [ "${LAYOUT:-0}" = 1 ]; then
	mkdir "$tmp/layout"
	tail -n +2 "$dir/SOURCES.tsv" | while IFS='	' read -r f repo path rest; do
		mkdir -p "$tmp/layout/repos/$repo/$(dirname "$path")"
		cp "$dir/$f" "$tmp/layout/repos/$repo/$path"
	done
	awk -F '\t' -v OFS='\t' 'NR == 1 { print; next } { $1 = "repos/" $2 "/" $3; print }' \
		"$dir/SOURCES.tsv" > "$tmp/layout/SOURCES.tsv"
	awk -F '\t' -v OFS='\t' 'FNR == NR { if (FNR > 1) to[$1] = "repos/" $2 "/" $3; next }
		FNR > 1 && ($1 in to) { $1 = to[$1] } { print }' "$dir/SOURCES.tsv" "$dir/verdicts.tsv" \
		> "$tmp/layout/verdicts.tsv"
	dir=$tmp/layout
fi

target_args() {
	case $1 in
	none) echo "" ;;
	titanxp-470) echo '--gpu "TITAN Xp" --driver 470.82.01' ;;
	a100-535) echo '--gpu A100 --driver 535.104.05' ;;
	rtx5090-570) echo '--gpu "RTX 5090" --driver 570.133.07' ;;
	v100-450) echo '--gpu V100 --driver 450.80.02' ;;
	esac
}

# "file<TAB>line<TAB>rule<TAB>target" for every error and warning, each file linted alone.
: > "$tmp/found"
tail -n +2 "$dir/SOURCES.tsv" | cut -f1 | while IFS= read -r f; do
	for t in none titanxp-470 a100-535 rtx5090-570 v100-450; do
		(cd "$dir" && eval "\"$bin\" --format gnu --no-color --fail-on never $(target_args $t) \"\$f\"" 2>/dev/null) |
			sed -n 's/^\(.*\):\([0-9]*\):[0-9]*: \(error\|warning\): .* \[\([A-Z0-9]*\)\]$/\1	\2	\4/p' |
			awk -v t="$t" -F '\t' '{ print $1 "\t" $2 "\t" $3 "\t" t }'
	done
done | sort -u > "$tmp/found"
tail -n +2 "$dir/verdicts.tsv" | awk -F '\t' 'NF >= 5' > "$tmp/verdicts"

awk -F '\t' -v found="$tmp/found" '
	BEGIN { while ((getline l < found) > 0) { split(l, a, "\t"); k = a[1] "\t" a[2] "\t" a[3] "\t" a[4]; now[k] = 1 } }
	{
		k = $1 "\t" $2 "\t" $3 "\t" $4; r = $3; rules[r] = 1; judged[k] = 1
		if ($5 == "tp" || $5 == "fp") {
			if (!(k in now)) { gone[++ngone] = k " (" $5 ")"; next }
			n[r, $5]++; n["all", $5]++
		} else if ($5 == "fn") {
			if (k in now) { n[r, "caught"]++; n["all", "caught"]++ } else { n[r, "fn"]++; n["all", "fn"]++ }
		}
	}
	END {
		for (k in now) if (!(k in judged)) unjudged[++nun] = k
		printf "%-8s %5s %5s %9s %8s %7s %7s\n", "rule", "tp", "fp", "precision", "problems", "missed", "recall"
		rules["all"] = 1
		for (r in rules) {
			tp = n[r, "tp"] + n[r, "caught"]; fp = n[r, "fp"]; fn = n[r, "fn"]
			prec = tp + fp ? sprintf("%.1f%%", 100 * tp / (tp + fp)) : "-"
			rec = tp + fn ? sprintf("%.1f%%", 100 * tp / (tp + fn)) : "-"
			line[r] = sprintf("%-8s %5d %5d %9s %8d %7d %7s", r, tp, fp, prec, tp + fn, fn, rec)
		}
		for (r in line) if (r != "all") print line[r] | "sort"
		close("sort")
		print line["all"]
		if (nun) { printf "\n%d findings without a verdict:\n", nun; for (i = 1; i <= nun; i++) print "  " unjudged[i] }
		if (ngone) { printf "\n%d judged findings envlint no longer makes:\n", ngone; for (i = 1; i <= ngone; i++) print "  " gone[i] }
	}' "$tmp/verdicts"

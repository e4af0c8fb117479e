#!/bin/sh
# `envlint check --fix` and `--diff` (linter/fix.c) on the fixtures. For every case (those
# with a target, whose args name --driver, --gpu or --profile, and the others, where the
# file-pass rules' fixes apply), on a copy of the case:
#   - `--diff`, applied with patch(1) to another copy, gives the same bytes as `--fix`;
#   - the re-lint with the same args after `--fix` has no error or warning (file + rule)
#     the first run did not have at that severity or above, and none of the findings that carried an edit (file:line:col,
#     rule, profile) is left;
#   - where a case keeps `expected.diff`, `--diff` prints exactly that.
# Prints how many cases got edits and how many re-lint clean of new errors and warnings.
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
traded=0; pass=0; fail=0; cases=0; targets=0; edited=0; tedited=0; clean=0; tclean=0
# "file:line:col RULE profile" of each error/warning/info in gnu output.
keys() {
	sed -n 's/^\([^:]*:[0-9]*:[0-9]*\): \(error\|warning\|info\): .* \[\([A-Z0-9]*\)\]\( (profile \(.*\))\)\{0,1\}$/\1 \3 \5 \2/p' |
		sed 's/  / - /'
}
for dir in "$root"/fixtures/*/*/; do
	dir=${dir%/}
	[ -f "$dir/expected.txt" ] || continue
	args=""
	[ -f "$dir/args" ] && args=$(cat "$dir/args")
	target=0
	case "$args" in *--driver*|*--gpu*|*--profile*) target=1 ;; esac
	name=${dir#"$root"/fixtures/}
	cases=$((cases + 1)); targets=$((targets + target))
	if [ -f "$dir/walk" ]; then inputs=.; else
		inputs=$(cd "$dir" && ls -A | grep -vxE 'args|expected\.[a-z]+|walk|README|\.envlint\.yml' | sort | tr '\n' ' ')
	fi
	rm -rf "$tmp/fix" "$tmp/diff"
	mkdir "$tmp/fix" "$tmp/diff"
	cp -R "$dir/." "$tmp/fix/"
	run() { (cd "$tmp/fix" && eval "\"$bin\" --no-color $args $inputs $1" 2>/dev/null); }
	# Most cases carry no edit: --diff and --fix first, the findings only where there is one.
	diff_out=$(run "--diff"; echo x)
	diff_out=${diff_out%x}
	printf '%s' "$diff_out" > "$tmp/out.diff"
	if [ -f "$dir/expected.diff" ] && ! cmp -s "$tmp/out.diff" "$dir/expected.diff"; then
		fail=$((fail + 1)); echo "FAIL fixtures/$name: --diff is not expected.diff"
		printf '%s' "$diff_out" | diff -u "$dir/expected.diff" - | sed 's/^/    /'
		continue
	fi
	run "--fix" > /dev/null
	if diff -r -q --no-dereference "$dir" "$tmp/fix" > /dev/null; then
		[ -z "$diff_out" ] && { pass=$((pass + 1)); continue; }
		fail=$((fail + 1)); echo "FAIL fixtures/$name: --diff printed edits that --fix did not make"
		continue
	fi
	edited=$((edited + 1)); tedited=$((tedited + target))
	# The findings before the fix, read in the (unchanged) fixture itself.
	before=$( (cd "$dir" && eval "\"$bin\" --no-color $args $inputs --format gnu" 2>/dev/null) | keys)
	meant=$( (cd "$dir" && eval "\"$bin\" --no-color $args $inputs --format json" 2>/dev/null) |
		sed -n 's/^ *{"rule": "\([A-Z0-9]*\)", "slug": "[^"]*", "severity": "[a-z]*", "file": "\([^"]*\)", "line": \([0-9]*\), "column": \([0-9]*\),.*"profile": \([^,]*\), "fix": \[.*/\2:\3:\4 \1 \5/p' |
		sed 's/ null$/ -/; s/ "\(.*\)"$/ \1/')
	cp -R "$dir/." "$tmp/diff/"
	if ! printf '%s' "$diff_out" | (cd "$tmp/diff" && patch -s -p1 > /dev/null) || ! diff -r -q --no-dereference "$tmp/diff" "$tmp/fix" > /dev/null; then
		fail=$((fail + 1)); echo "FAIL fixtures/$name: --diff applied with patch differs from --fix"
		continue
	fi
	after=$(run "--format gnu" | keys)
	bad=""
	# A new finding at warning or above: a file and rule the first run did not report at
	# that severity or above ("following a help never produces another finding").
	for k in $(printf '%s\n' "$after" | awk '$4 == "error" || $4 == "warning" {split($1, a, ":"); print a[1] "/" $2 "/" $4}' | sort -u); do
		printf '%s\n' "$before" | awk '$4 == "error" || $4 == "warning" {split($1, a, ":"); print a[1] "/" $2 "/" $4}' |
			grep -qxF "$k" || printf '%s\n' "$before" | awk '$4 == "error" {split($1, a, ":"); print a[1] "/" $2 "/warning"}' |
			grep -qxF "$k" && continue
		# The one trade a help announces: the build DRV101 (an old driver), HW202 (no
		# kernels; the newest build with them may need a newer CUDA) or HW203 (a CPU build)
		# proposes runs "through minor-version compatibility" (its help says so), which
		# DRV102 then reports.
		case "$k" in */DRV102/warning)
			f=${k%%/DRV102/warning}
			if printf '%s\n' "$before" | awk '{split($1, a, ":"); print a[1] "/" $2}' | grep -qxE "$f/(DRV101|HW202|HW203)"; then
				traded=$((traded + 1)); continue
			fi ;;
		esac
		bad="$bad new ${k##*/} ${k%/*};"
	done
	# A finding its edit was meant to fix, still there.
	left=$(printf '%s\n' "$meant" | while read -r loc rule prof; do
		[ -n "$loc" ] || continue
		printf '%s\n' "$after" | awk -v l="$loc" -v r="$rule" -v p="$prof" '$1 == l && $2 == r && $3 == p' | head -1
	done)
	[ -n "$left" ] && bad="$bad still there: $(printf '%s' "$left" | tr '\n' ';')"
	if [ -n "$bad" ]; then
		fail=$((fail + 1)); echo "FAIL fixtures/$name: after --fix:$bad"
		printf '%s\n' "$diff_out" | sed 's/^/    /'
	else
		pass=$((pass + 1)); clean=$((clean + 1)); tclean=$((tclean + target))
	fi
done
# The help's build where none of the pinned release fits is `envlint suggest`'s pick for
# the same target (one search, analysis/torch_pick.c).
for q in 'torch==2.8.0|--gpu "TITAN Xp" --driver 470.82.01' 'torch==2.5.1|--gpu "RTX 5090" --driver 570.124.06' \
	'torch==2.9.0+cu128|--gpu "GTX 1080 Ti" --driver 470.82.01'; do
	pin=${q%%|*}; target=${q#*|}
	mkdir -p "$tmp/suggest" && printf '%s\n' "$pin" > "$tmp/suggest/requirements.txt"
	pick=$(eval "\"$bin\" suggest $target" | sed -n 's/^torch \([^ ]*\) + \([^ ]*\) .*/the \2 build of torch \1/p')
	help=$(cd "$tmp/suggest" && eval "\"$bin\" --format gnu $target requirements.txt" | grep ': note: ' | grep -c "is $pick (")
	if [ -n "$pick" ] && [ "$help" -gt 0 ]; then pass=$((pass + 1)); else
		fail=$((fail + 1)); echo "FAIL fix: the help for $pin on $target does not name suggest's pick ($pick)"
	fi
done
echo "fix: $cases cases ($targets with a target): $edited got edits ($tedited with a target), $clean of them re-lint with no new error or warning ($tclean with a target; $traded DRV101/HW202/HW203 fixes leave the DRV102 their help announces)"
echo "fix: $pass passed, $fail failed"
[ -n "${COUNTS:-}" ] && echo "fix $pass $fail" >> "$COUNTS"
[ "$fail" -eq 0 ]

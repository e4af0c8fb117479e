#!/bin/sh
# Layers only look down (STYLE.md part 2): every #include "..." in linter/ must name a
# header of the same layer or a lower one, and readers never see the KB (nor the KB a
# reader). Fails with the offending file:line. The layers, lowest first:
#   0 util/, span.h, rule.*, input_limits.h   the ground floor: the rule table, limits, containers
#   1 version, source, diag, pin, suppress, policy
#   2 readers/, kb/                   side by side, never each other
#   3 profile*, nvidia_smi, analysis/, walk, config   targets (files, built-ins, nvidia-smi);
#                                     per-file facts; the walk; .envlint.yml
#   4 checks/
#   5 run, fix                        a run; the edits its findings carry (--diff, --fix)
#   6 report/
#   7 cli, cmd/                       commands and their options
#   8 main.c, kb/kbgen.c              programs
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root/linter" || exit 1
layer() {
	case "$1" in
	main.c|kb/kbgen.c) echo 8 ;;
	util/*|span.h|rule.*|input_limits.h) echo 0 ;;
	version*|source.*|diag.*|pin.*|suppress.*|policy.*) echo 1 ;;
	readers/*|kb/*) echo 2 ;;
	profile*|nvidia_smi.*|analysis/*|walk.*|config.*) echo 3 ;;
	checks/*) echo 4 ;;
	run.*|fix.*) echo 5 ;;
	report/*) echo 6 ;;
	cli.*|cmd/*) echo 7 ;;
	*) echo "?" ;;
	esac
}
bad=0
for f in $(find . -name '*.[ch]' | sed 's|^\./||' | sort); do
	lf=$(layer "$f")
	if [ "$lf" = "?" ]; then echo "layers: $f has no layer (add it to tests/check-layers.sh)"; bad=1; continue; fi
	dir=$(dirname "$f")
	grep -n '^#include "' "$f" | while IFS= read -r line; do
		n=${line%%:*}
		inc=$(printf '%s' "$line" | sed 's/^[0-9]*:#include "\([^"]*\)".*/\1/')
		# An include is relative to the including file's folder, then to linter/.
		if [ "$dir" != "." ] && [ -f "$dir/$inc" ]; then target="$dir/$inc"; else target=$inc; fi
		target=$(printf '%s' "$target" | sed 's|^\./||')
		[ -f "$target" ] || continue   # generated or third-party headers
		lt=$(layer "$target")
		case "$f:$target" in
		readers/*:kb/*|kb/*:readers/*)
			echo "layers: linter/$f:$n: $target (readers and the KB never see each other)"; echo x ;;
		esac
		if [ "$lt" = "?" ] || [ "$lt" -gt "$lf" ]; then
			echo "layers: linter/$f:$n includes $target, a layer above it ($lf < $lt)"; echo x
		fi
	done > /tmp/envlint-layers.$$
	if grep -q '^x$' /tmp/envlint-layers.$$; then grep -v '^x$' /tmp/envlint-layers.$$; bad=1; fi
	rm -f /tmp/envlint-layers.$$
done
if [ $bad -eq 0 ]; then echo "layers: 1 passed, 0 failed"; else echo "layers: 0 passed, 1 failed"; fi
[ -n "${COUNTS:-}" ] && echo "layers $((1 - bad)) $bad" >> "$COUNTS"
exit $bad

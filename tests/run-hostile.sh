#!/bin/sh
# Hostile input, end to end (cmark's pathological tests): each case must end (10 s is a
# hang detector, not a speed test), exit 0/1/2 (never a crash), and, where stated, name
# the EL rule it triggers. Inputs are generated here, so nothing large is committed.
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tmp=$(mktemp -d /tmp/envlint-hostile-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0

# case NAME EXPECTED FILE [extra args...]
# EXPECTED: a rule that must be reported, "-" (anything but a crash or hang), or "quiet"
# (no output at all, exit 0: nothing in the file that envlint could not read).
case_() {
	name=$1; want=$2; shift 2
	out=$(timeout 10 "$bin" --format gnu "$@" 2>&1); rc=$?
	if [ $rc -gt 2 ]; then
		fail=$((fail + 1)); echo "FAIL $name: exit $rc (crash or hang)"; return
	fi
	if [ "$want" = quiet ]; then
		if [ -n "$out" ] || [ $rc -ne 0 ]; then
			fail=$((fail + 1)); echo "FAIL $name: not quiet (exit $rc):"; printf '%s\n' "$out" | head -5 | sed 's/^/    /'
			return
		fi
	elif [ "$want" != "-" ] && ! printf '%s\n' "$out" | grep -q "\[$want\]"; then
		fail=$((fail + 1)); echo "FAIL $name: no $want in:"; printf '%s\n' "$out" | head -5 | sed 's/^/    /'
		return
	fi
	pass=$((pass + 1))
}

# case_count NAME RULE N PATH [extra args...]: RULE reported exactly N times (every file
# of a walk read, none twice).
case_count() {
	name=$1; want=$2; n=$3; shift 3
	out=$(timeout 10 "$bin" --format gnu "$@" 2>&1); rc=$?
	got=$(printf '%s\n' "$out" | grep -c "\[$want\]")
	if [ $rc -gt 2 ] || [ "$got" -ne "$n" ]; then
		fail=$((fail + 1)); echo "FAIL $name: exit $rc, $got x $want, want $n"; return
	fi
	pass=$((pass + 1))
}

awk 'BEGIN { for (i = 0; i < 120000; i++) printf "torch==2.1.%d\n", i % 3 }' > "$tmp/requirements-100k.txt"
case_ 120k-line-requirements EL007 "$tmp/requirements-100k.txt"

awk 'BEGIN { print "--extra-index-url https://download.pytorch.org/whl/cu121"; for (i = 0; i < 60000; i++) print "torch==2.1.0+cu121" }' > "$tmp/requirements-60k-findings.txt"
case_ 60k-findings-one-file DRV101 "$tmp/requirements-60k-findings.txt" --driver 470.82.01

awk 'BEGIN { printf "dependencies: "; for (i = 0; i < 10000; i++) printf "["; print "" }' > "$tmp/deep.environment.yml"
case_ 10k-deep-yaml-flow EL007 "$tmp/deep.environment.yml"
awk 'BEGIN { print "dependencies:"; s = "  "; for (i = 0; i < 10000; i++) { printf "%s- \n", s; s = s "  " } }' > "$tmp/deep-block.environment.yml"
case_ 10k-deep-yaml-block - "$tmp/deep-block.environment.yml"

awk 'BEGIN { printf "torch=="; for (i = 0; i < 1100000; i++) printf "1"; print "" }' > "$tmp/requirements-longline.txt"
case_ 1mib-requirements-line EL007 "$tmp/requirements-longline.txt"
awk 'BEGIN { printf "RUN pip install torch==2.1.0 "; for (i = 0; i < 1100000; i++) printf "x"; print "" }' > "$tmp/long.Dockerfile"
case_ 1mib-dockerfile-line EL007 "$tmp/long.Dockerfile"
awk 'BEGIN { printf "FROM ubuntu\nRUN echo "; for (i = 0; i < 20000; i++) printf "\"$(echo "; printf "x"; for (i = 0; i < 20000; i++) printf ")\""; print "" }' > "$tmp/nested.Dockerfile"
case_ 20k-nested-substitutions EL007 "$tmp/nested.Dockerfile"

printf 'torch==2.1.0\000\nnumpy\n' > "$tmp/requirements-nul.txt"
case_ nul-in-requirements EL003 "$tmp/requirements-nul.txt"
printf 'name: x\ndependencies:\n  - pytorch=2.1\000\n' > "$tmp/nul.environment.yml"
case_ nul-in-yaml EL002 "$tmp/nul.environment.yml"
printf 'FROM nvidia/cuda:12.1.1-base-ubuntu22.04\000\nRUN pip install torch\n' > "$tmp/nul.Dockerfile"
case_ nul-in-dockerfile - "$tmp/nul.Dockerfile"

printf 'torch==2.1.0 \377\376\n' > "$tmp/requirements-badutf8.txt"
case_ invalid-utf8-requirements - "$tmp/requirements-badutf8.txt"
printf 'name: \377\ndependencies: [pytorch]\n' > "$tmp/badutf8.environment.yml"
case_ invalid-utf8-yaml EL002 "$tmp/badutf8.environment.yml"

printf '\357\273\277torch==2.1.0+cu121\r\n--extra-index-url https://download.pytorch.org/whl/cu121\r\n' > "$tmp/requirements-bom-crlf.txt"
case_ bom-crlf-requirements DRV101 "$tmp/requirements-bom-crlf.txt" --driver 470.82.01
printf 'FROM nvidia/cuda:12.4.1-base-ubuntu22.04\r\nRUN pip install \\\r\n  torch==2.1.0\r\n' > "$tmp/crlf.Dockerfile"
case_ crlf-dockerfile DRV101 "$tmp/crlf.Dockerfile" --driver 470.82.01

printf 'torch==2.1.0 \\' > "$tmp/requirements-bs-eof.txt"
case_ backslash-at-eof-requirements - "$tmp/requirements-bs-eof.txt"
printf 'FROM ubuntu\nRUN pip install torch \\' > "$tmp/bs-eof.Dockerfile"
case_ backslash-at-eof-dockerfile - "$tmp/bs-eof.Dockerfile"

printf -- '-r requirements-self.txt\ntorch==2.1.0\n' > "$tmp/requirements-self.txt"
case_ self-include EL005 "$tmp/requirements-self.txt"

printf 'FROM ubuntu\nRUN <<EOF\npip install torch==2.1.0\n' > "$tmp/heredoc.Dockerfile"
case_ unterminated-heredoc EL010 "$tmp/heredoc.Dockerfile"

awk 'BEGIN { for (i = 0; i < 5000; i++) printf "FROM nvidia/cuda:12.1.1-base-ubuntu22.04 AS s%d\n", i }' > "$tmp/stages.Dockerfile"
case_ 5000-stages - "$tmp/stages.Dockerfile" --driver 535.104.05

awk 'BEGIN { printf "FROM ubuntu\nRUN true"; for (i = 0; i < 20000; i++) printf " && pip install torch==2.1.%d", i % 3; print "" }' > "$tmp/one-line.Dockerfile"
case_ 20k-commands-one-line - "$tmp/one-line.Dockerfile"

mkfifo "$tmp/requirements-fifo.txt"
case_ named-fifo EL001 "$tmp/requirements-fifo.txt"

mkdir -p "$tmp/tree/a" && ln -s .. "$tmp/tree/a/up" && printf 'torch\n' > "$tmp/tree/a/requirements.txt"
case_ symlink-loop-walk - "$tmp/tree"

: > "$tmp/empty.environment.yml"
case_ empty-yaml quiet "$tmp/empty.environment.yml"
case_ missing-file EL001 "$tmp/does-not-exist.txt"

# Empty and comment-only files of each kind: nothing to check, nothing unread.
printf '# filled in by setup.sh\n\n  # indented\n' > "$tmp/comment.environment.yml"
case_ comment-only-yaml quiet "$tmp/comment.environment.yml"
printf -- '---\n...\n' > "$tmp/empty-doc.environment.yml"
case_ empty-yaml-document quiet "$tmp/empty-doc.environment.yml"
: > "$tmp/requirements-empty.txt"
case_ empty-requirements quiet "$tmp/requirements-empty.txt"
printf '# nothing yet\n\n' > "$tmp/requirements-comment.txt"
case_ comment-only-requirements quiet "$tmp/requirements-comment.txt"
: > "$tmp/empty.Dockerfile"
case_ empty-dockerfile quiet "$tmp/empty.Dockerfile"
printf '# syntax=docker/dockerfile:1\n# TODO\n' > "$tmp/comment.Dockerfile"
case_ comment-only-dockerfile quiet "$tmp/comment.Dockerfile"

# YAML aliases are never expanded; one where pins are read is named (EL015).
printf 'x: &deps\n  - pytorch=2.1\ndependencies: *deps\n' > "$tmp/alias.environment.yml"
case_ alias-as-dependencies EL015 "$tmp/alias.environment.yml"
awk 'BEGIN { print "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]";
	for (i = 1; i < 40; i++) { printf "l%d: &l%d [", i, i; for (k = 0; k < 10; k++) printf "%s*l%d", k ? ", " : "", i - 1; print "]" }
	print "dependencies:"; print "  - *l39"; print "  - pip: *l39" }' > "$tmp/laughs.environment.yml"
case_ billion-laughs EL015 "$tmp/laughs.environment.yml"
awk 'BEGIN { print "a: &a pytorch=2.1"; print "dependencies:"; for (i = 0; i < 500000; i++) print "  - *a" }' > "$tmp/aliases.environment.yml"
case_ 500k-aliases-in-dependencies EL015 "$tmp/aliases.environment.yml"

# Valid YAML that is not shaped as conda reads it (EL016; EL008 for a *.yml by hint).
printf -- '- pytorch=2.1\n- cudatoolkit=11.8\n' > "$tmp/list.environment.yml"
case_ top-level-list EL016 "$tmp/list.environment.yml"
printf 'pytorch=2.1\n' > "$tmp/scalar.environment.yml"
case_ top-level-scalar EL016 "$tmp/scalar.environment.yml"
awk 'BEGIN { for (i = 0; i < 100000; i++) print "--- {dependencies: [pytorch=2.1]}" }' > "$tmp/docs.environment.yml"
case_ 100k-documents EL016 "$tmp/docs.environment.yml"
printf -- '- ubuntu-latest\n' > "$tmp/matrix.yml"
case_ top-level-list-named-yml EL008 "$tmp/matrix.yml"
printf 'dependencies:\n  - pytorch=2.1\ndependencies:\n  - pytorch=2.2\n' > "$tmp/dup.environment.yml"
case_ duplicate-dependencies EL016 "$tmp/dup.environment.yml"
awk 'BEGIN { for (i = 0; i < 50000; i++) { print "channels: [a, b]"; print "dependencies: [pytorch=2.1, cudatoolkit=11.8]" } }' > "$tmp/dups.environment.yml"
case_ 100k-duplicate-keys EL016 "$tmp/dups.environment.yml"
printf 'dependencies: pytorch=2.1\n' > "$tmp/dep-scalar.environment.yml"
case_ dependencies-scalar EL016 "$tmp/dep-scalar.environment.yml"
printf 'dependencies:\n  pytorch: "2.1"\n' > "$tmp/dep-map.environment.yml"
case_ dependencies-mapping EL016 "$tmp/dep-map.environment.yml"
printf 'dependencies:\n  - pip: torch==2.1.0\n' > "$tmp/pip-scalar.environment.yml"
case_ pip-scalar EL016 "$tmp/pip-scalar.environment.yml"
awk 'BEGIN { print "dependencies:"; for (i = 0; i < 200000; i++) print "  - pip: x" }' > "$tmp/pips.environment.yml"
case_ 200k-pip-scalars EL016 "$tmp/pips.environment.yml"

# Lone CR line ends (old Mac): pip and YAML end lines there, Docker does not.
printf -- '--extra-index-url https://download.pytorch.org/whl/cu121\rtorch==2.1.0+cu121\r' > "$tmp/requirements-cr.txt"
case_ lone-cr-requirements DRV101 "$tmp/requirements-cr.txt" --driver 470.82.01
printf 'name: x\rdependencies:\r  - cudatoolkit=12.4\r' > "$tmp/cr.environment.yml"
case_ lone-cr-yaml DRV101 "$tmp/cr.environment.yml" --driver 470.82.01
printf 'FROM ubuntu:22.04\rRUN pip install torch==2.1.0\r' > "$tmp/cr.Dockerfile"
case_ lone-cr-dockerfile EL010 "$tmp/cr.Dockerfile"

# Paths with spaces, a newline and non-ASCII, walked and named: each file read once.
mkdir -p "$tmp/names/my env" "$tmp/names/new
line" "$tmp/names/données"
for d in "my env" "new
line" "données"; do
	printf -- '--extra-index-url https://download.pytorch.org/whl/cu121\ntorch==2.1.0+cu121\n' > "$tmp/names/$d/requirements é.txt"
done
printf 'dependencies: [cudatoolkit=12.4]\n' > "$tmp/names/my env/environment.yml"
case_count odd-path-names-walk DRV101 4 "$tmp/names" --driver 470.82.01
case_count odd-path-names-named DRV101 2 "$tmp/names/new
line/requirements é.txt" "$tmp/names/my env/environment.yml" --driver 470.82.01

# A tree deeper than WALK_MAX_DEPTH: the walk stops there and says so (EL007).
deep="$tmp/deepwalk"; i=0
while [ $i -lt 70 ]; do deep="$deep/d"; i=$((i + 1)); done
mkdir -p "$deep" && printf 'torch==2.1.0\n' > "$deep/requirements.txt"
case_ 70-deep-walk EL007 "$tmp/deepwalk"

# 10k files in one walk (100 directories of 100): every one read, in time.
mkdir "$tmp/many"
(cd "$tmp/many" && awk 'BEGIN { for (i = 0; i < 100; i++) { d = sprintf("d%02d", i); system("mkdir " d);
	for (j = 0; j < 100; j++) { f = sprintf("%s/requirements-%02d.txt", d, j); print "torch==2.1.0+cu121" > f;
		print "--extra-index-url https://download.pytorch.org/whl/cu121" > f; close(f) } } }')
case_count 10k-files-one-walk DRV101 10000 "$tmp/many" --driver 470.82.01
# Profile files (--profile FILE) and nvidia-smi captures (envlint profile).
awk 'BEGIN { printf "gpus: "; for (i = 0; i < 100000; i++) printf "["; print "" }' > "$tmp/deep-profile.yml"
case_ 100k-deep-profile EL017 --profile "$tmp/deep-profile.yml" "$tmp/empty.environment.yml"
awk 'BEGIN { print "a0: &a0 [x, x, x, x, x, x, x, x, x]"; for (i = 1; i < 30; i++) printf "a%d: &a%d [*a%d, *a%d, *a%d]\n", i, i, i - 1, i - 1, i - 1; print "gpus: *a29" }' > "$tmp/laughs-profile.yml"
case_ alias-bomb-profile EL017 --profile "$tmp/laughs-profile.yml" "$tmp/empty.environment.yml"
printf 'name: x\000\ngpus: [a100]\n' > "$tmp/nul-profile.yml"
case_ nul-in-profile - --profile "$tmp/nul-profile.yml" "$tmp/empty.environment.yml"
# case_smi NAME FILE: `envlint profile --from-nvidia-smi FILE` ends with exit 0 or 2.
case_smi() {
	timeout 10 "$bin" profile --from-nvidia-smi "$2" >/dev/null 2>&1; rc=$?
	if [ $rc -gt 2 ] || [ $rc -eq 1 ]; then fail=$((fail + 1)); echo "FAIL $1: exit $rc"; else pass=$((pass + 1)); fi
}
awk 'BEGIN { for (i = 0; i < 200000; i++) printf "|   %d  NVIDIA L4   On  | x |\n", i }' > "$tmp/smi-many.txt"
case_smi 200k-gpu-rows "$tmp/smi-many.txt"
awk 'BEGIN { printf "| NVIDIA-SMI "; for (i = 0; i < 1100000; i++) printf "x"; print "" }' > "$tmp/smi-long.txt"
case_smi 1mib-smi-header "$tmp/smi-long.txt"
awk 'BEGIN { print "name, compute_cap"; for (i = 0; i < 100; i++) printf "%s, 8.0\n", "NVIDIA A100-SXM4-40GB" }' > "$tmp/smi-many.csv"
case_smi 100-csv-rows "$tmp/smi-many.csv"
printf 'GPU 0: \377\376 (UUID: x)\n' > "$tmp/smi-badutf8.txt"
case_smi invalid-utf8-smi "$tmp/smi-badutf8.txt"

# File names with a newline, a tab, an escape and a backslash: the line-oriented formats
# (text, gnu, stack's text) print them C-escaped, so every line of the output is one the
# format means (each finding line starts with the escaped path; none starts with the
# name's tail), and JSON gives the name as it is.
odd="$tmp/$(printf 'a\nb\tc\033d\\e')"
mkdir -p "$odd" && printf 'torch==2.4.1+cu124\n' > "$odd/requirements.txt"
want='a\\nb\\tc\\x1bd\\\\e/requirements.txt:1:6: error:'
for fmt in gnu text; do
	out=$(timeout 10 "$bin" --format $fmt --color never --driver 470.82.01 "$odd" 2>&1)
	if printf '%s\n' "$out" | grep -q -- "$want" && ! printf '%s\n' "$out" | grep -q '^b' &&
		! printf '%s\n' "$out" | grep -q "$(printf '\033')"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1)); echo "FAIL control-chars-in-path ($fmt):"; printf '%s\n' "$out" | head -4 | sed 's/^/    /'
	fi
done
out=$(timeout 10 "$bin" stack --driver 470.82.01 "$odd" 2>&1)
if printf '%s\n' "$out" | grep -q 'a\\nb\\tc\\x1bd\\\\e/requirements.txt: requirements' && ! printf '%s\n' "$out" | grep -q '^b'; then
	pass=$((pass + 1))
else
	fail=$((fail + 1)); echo "FAIL control-chars-in-path (stack):"; printf '%s\n' "$out" | head -4 | sed 's/^/    /'
fi
out=$(timeout 10 "$bin" --format json --driver 470.82.01 "$odd" 2>&1)
if printf '%s\n' "$out" | grep -q 'a\\nb\\tc\\u001bd\\\\e/requirements.txt'; then pass=$((pass + 1)); else
	fail=$((fail + 1)); echo "FAIL control-chars-in-path (json): the name is not JSON-escaped as it is"
fi

echo "hostile inputs: $pass passed, $fail failed"
[ -n "${COUNTS:-}" ] && echo "hostile $pass $fail" >> "$COUNTS"
[ "$fail" -eq 0 ]

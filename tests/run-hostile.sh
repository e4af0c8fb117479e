#!/bin/sh
# Hostile input, end to end (cmark's pathological tests): each case must end (10 s is a
# hang detector, not a speed test), exit 0/1/2 (never a crash), and, where stated, name
# the EL rule it triggers. Inputs are generated here, so nothing large is committed.
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tmp=$(mktemp -d /tmp/envlint-hostile-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0

# case NAME EXPECTED-RULE-OR-DASH FILE [extra args...]
case_() {
	name=$1; want=$2; shift 2
	out=$(timeout 10 "$bin" --format gnu "$@" 2>&1); rc=$?
	if [ $rc -gt 2 ]; then
		fail=$((fail + 1)); echo "FAIL $name: exit $rc (crash or hang)"; return
	fi
	if [ "$want" != "-" ] && ! printf '%s\n' "$out" | grep -q "\[$want\]"; then
		fail=$((fail + 1)); echo "FAIL $name: no $want in:"; printf '%s\n' "$out" | head -5 | sed 's/^/    /'
		return
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
case_ empty-yaml - "$tmp/empty.environment.yml"
case_ missing-file EL001 "$tmp/does-not-exist.txt"

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

echo "hostile inputs: $pass passed, $fail failed"
[ -n "${COUNTS:-}" ] && echo "hostile $pass $fail" >> "$COUNTS"
[ "$fail" -eq 0 ]

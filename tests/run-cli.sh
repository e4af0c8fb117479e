#!/bin/sh
# The command line end to end, where a fixture cannot reach: standard input, colour
# choices and exit statuses. Each case: a name, a command, what its output must (or
# must not) contain, the exit status.
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
# check NAME WANT_STATUS GREP_PATTERN (empty: none) NEGATE(0|1) -- command...
check() {
	name=$1; want=$2; pattern=$3; negate=$4; shift 5
	out=$("$@" 2>&1); rc=$?
	ok=1
	[ "$rc" = "$want" ] || ok=0
	if [ -n "$pattern" ]; then
		if printf '%s' "$out" | grep -q -- "$pattern"; then found=1; else found=0; fi
		[ "$found" = "$((1 - negate))" ] || ok=0
	fi
	if [ $ok = 1 ]; then pass=$((pass + 1)); else
		fail=$((fail + 1)); echo "FAIL cli: $name (exit $rc, want $want)"; printf '%s\n' "$out" | head -5 | sed 's/^/    /'
	fi
}
mkdir -p "$tmp/r" && printf 'torch==2.1.0+cu121\n' > "$tmp/r/requirements.txt"; req=$tmp/r/requirements.txt
check stdin-named 1 'requirements.txt:1:6: error' 0 -- sh -c "\"$bin\" --format gnu --driver 470.82.01 --stdin-filename requirements.txt - < '$req'"
check stdin-unnamed-unknown-kind 0 'EL008' 0 -- sh -c "\"$bin\" --format gnu - < '$req'"
check stdin-twice-read-once 1 'in 1 file' 0 -- sh -c "\"$bin\" --driver 470.82.01 --color never --stdin-filename requirements.txt - - < '$req'"
# --profile -: a profile file on standard input; standard input is read by one option only.
printf 'name: lab\ngpus: ["TITAN Xp"]\ndriver: "470.82.01"\n' > "$tmp/lab.yml"
printf 'name: lab\ngpus: [nope]\n' > "$tmp/bad.yml"
check profile-stdin 1 'requirements.txt:1:6: error: .* \[DRV101\] (profile lab)' 0 -- sh -c "\"$bin\" --format gnu --profile - '$req' < '$tmp/lab.yml'"
check profile-stdin-no-target-without-it 0 'DRV101' 1 -- sh -c "\"$bin\" --format gnu '$req' < '$tmp/lab.yml'"
check profile-stdin-invalid 2 "<stdin>:2:8: error: GPU 'nope' is unknown" 0 -- sh -c "\"$bin\" --profile - '$req' < '$tmp/bad.yml'"
check profile-stdin-printed 0 'driver: "470.82.01"' 0 -- sh -c "\"$bin\" profile --profile - < '$tmp/lab.yml'"
check profile-stdin-from-nvidia-smi-pipe 1 "target driver is '510.47.03' \[DRV101\] (profile sm-80-510)" 0 -- sh -c "\"$bin\" profile --from-nvidia-smi - < '$(cd "$(dirname "$0")" && pwd)/nvidia-smi/r510-47-03_4xa100-mig_part1-gpus.txt' | \"$bin\" --format gnu --profile - '$req'"
check profile-stdin-twice 2 'both read standard input' 0 -- sh -c "\"$bin\" --profile - --profile - '$req' < '$tmp/lab.yml'"
check profile-stdin-and-path 2 "--profile - and the path - both read" 0 -- sh -c "\"$bin\" --profile - - < '$tmp/lab.yml'"
check profile-stdin-and-nvidia-smi 2 'both read standard input' 0 -- sh -c "\"$bin\" profile --profile - --from-nvidia-smi - < '$tmp/lab.yml'"
# suggest --profile: a profile file with two GPUs is both of them (the same pick as two
# --gpu); several profiles: a build for every one, and each failing profile's reason.
printf 'name: pair\ngpus: ["RTX 3090", "RTX 5090"]\ndriver: "570.86.16"\n' > "$tmp/pair.yml"
printf 'name: bare\ncuda: "12.4"\n' > "$tmp/bare.yml"
check suggest-profile-two-gpus 0 '^torch 2.12.1 + cu129 ' 0 -- "$bin" suggest --profile "$tmp/pair.yml"
check suggest-gpus-same-pick 0 '^torch 2.12.1 + cu129 ' 0 -- "$bin" suggest --gpu "RTX 3090" --gpu "RTX 5090" --driver 570.86.16
check suggest-profile-named 0 'driver 535.104.05 (linux) (profile a100-535)$' 0 -- "$bin" suggest --profile a100-535
check suggest-profile-stdin 0 '^torch 2.5.1 + cu118 ' 0 -- sh -c "\"$bin\" suggest --profile - < '$tmp/lab.yml'"
check suggest-two-profiles-pick 0 '^torch 2.5.1 + cu118 ' 0 -- "$bin" suggest --profile titan-xp-470 --profile a100-535
check suggest-two-profiles-drivers 0 'driver:  a100-535: 535.104.05 runs CUDA 11.8 fully' 0 -- "$bin" suggest --profile titan-xp-470 --profile a100-535
check suggest-two-profiles-why 0 '^    titan-xp-470: cu126: driver 470.82.01 runs CUDA 11.4 at most' 0 -- "$bin" suggest --profile titan-xp-470 --profile a100-535
# suggest prefers the newest build that runs that the KB has first-hand (2.12.1's cu129 on
# R570, through minor-version compatibility, not 2.13.0's second-hand cu129); where none
# exists (--torch 2.11: its cu128 is second-hand) it falls back to the newest that runs,
# and says so.
check suggest-prefers-firsthand 0 '^torch 2.12.1 + cu129 ' 0 -- "$bin" suggest --gpu "RTX 5090" --driver 570.133.07
check suggest-prefers-no-fallback-note 0 'note:    no build' 1 -- "$bin" suggest --gpu "RTX 5090" --driver 570.133.07
check suggest-fallback-2nd-pick 0 '^torch 2.11.0 + cu128 ' 0 -- "$bin" suggest --gpu "RTX 5090" --driver 570.133.07 --torch 2.11
check suggest-fallback-2nd-note 0 '^  note:    no build of torch 2.11 the KB has first-hand runs on every target; this is the newest that runs$' 0 -- "$bin" suggest --gpu "RTX 5090" --driver 570.133.07 --torch 2.11
check suggest-fallback-json 0 '"secondary": true, "fallback": true' 0 -- "$bin" suggest --format json --gpu "RTX 5090" --driver 570.133.07 --torch 2.11
# --torch 2.8: no build of it runs on the TITAN Xp box; the fallback search's reasons name
# only that box, as the A100 box runs its cu126 wheel.
check suggest-two-profiles-quiet-one 1 '^    a100-535: ' 1 -- "$bin" suggest --profile titan-xp-470 --profile a100-535 --torch 2.8
check suggest-no-common-build 1 '^no torch build the KB knows runs on every target' 0 -- "$bin" suggest --profile titan-xp-470 --profile rtx5090-570
check suggest-profile-json 1 '"why_by_profile": \[{"profile": "titan-xp-470", "why": "cu126: driver' 0 -- "$bin" suggest --format json --profile titan-xp-470 --profile rtx5090-570
check suggest-profile-aarch64 2 "profile 'gh200-550' is linux-aarch64" 0 -- "$bin" suggest --profile gh200-550
check suggest-profile-no-target 2 "profile 'bare' names no GPU and no driver" 0 -- "$bin" suggest --profile "$tmp/bare.yml"
check suggest-profile-unknown 2 "neither a built-in profile" 0 -- "$bin" suggest --profile no-such-box
# Usage lines and messages spell --profile as the option table does (NAME|FILE|-).
check help-usage-profile 0 'envlint suggest \[--profile NAME|FILE|- \.\.\.\]' 0 -- "$bin" --help
check help-usage-profile-old 0 'NAME|FILE \.\.\.\]' 1 -- "$bin" --help
check profile-needs-target 2 'profile needs --from-nvidia-smi FILE|-, --profile NAME|FILE|- or' 0 -- "$bin" profile
esc=$(printf '\033')
check color-always 1 "$esc\[" 0 -- env NO_COLOR=1 "$bin" --color always --driver 470.82.01 --stdin-filename requirements.txt "$req"
check color-never 1 "$esc\[" 1 -- "$bin" --color never --driver 470.82.01 "$req"
check no-color-alias 1 "$esc\[" 1 -- "$bin" --no-color --driver 470.82.01 "$req"
check color-auto-not-a-tty 1 "$esc\[" 1 -- env TERM=xterm "$bin" --driver 470.82.01 "$req"
check quiet-no-summary 1 'error.*in 1 file' 1 -- "$bin" --quiet --driver 470.82.01 "$req"
check fail-on-never 0 '' 0 -- "$bin" --fail-on never --driver 470.82.01 "$req"
check missing-path-exit-2 2 "cannot read" 0 -- "$bin" "$tmp/nope.txt"
check missing-path-counted 2 "in 1 file" 0 -- "$bin" "$tmp/nope.txt"
mkdir -p "$tmp/w" && printf 'x\n' > "$tmp/w/notes.txt" && cp "$req" "$tmp/w/requirements.txt"
check walk-counts-skipped 1 '1 more entry passed over by the walk' 0 -- "$bin" --color never --driver 470.82.01 "$tmp/w"
check verbose-names-skipped 1 "skipped '$tmp/w/notes.txt': not a manifest name" 0 -- "$bin" --verbose --driver 470.82.01 "$tmp/w"
# A skipped name with a newline or an escape byte is C-escaped on stderr as the findings'
# paths are: one line per skip, no raw control byte.
mkdir -p "$tmp/n" && printf 'x\n' > "$tmp/n/$(printf 'two\nlines.txt')" && printf 'x\n' > "$tmp/n/$(printf 'red\033[31m.txt')"
check verbose-skipped-newline-escaped 0 "skipped '$tmp/n/two\\\\nlines.txt': not a manifest name" 0 -- "$bin" --verbose "$tmp/n"
check verbose-skipped-escape-byte 0 "skipped '$tmp/n/red\\\\x1b\\[31m.txt': not a manifest name" 0 -- "$bin" --verbose "$tmp/n"
check verbose-skipped-no-raw-control 0 "$(printf '\033')" 1 -- "$bin" --verbose "$tmp/n"
check verbose-skipped-one-line-each 0 '^lines.txt' 1 -- "$bin" --verbose "$tmp/n"
check usage-exit-2 2 "did you mean '--format'" 0 -- "$bin" --fromat json
echo "cli: $pass passed, $fail failed"
[ -n "${COUNTS:-}" ] && echo "cli $pass $fail" >> "$COUNTS"
[ "$fail" -eq 0 ]

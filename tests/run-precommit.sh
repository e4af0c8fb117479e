#!/bin/sh
# The pre-commit hook with the real pre-commit (Debian's package): a throwaway project
# repository uses this repository's .pre-commit-hooks.yaml (copied, with the working
# tree's text, into a throwaway hook repository, since pre-commit wants a commit to pin)
# and the envlint under test on PATH. A commit with a broken pin is refused; the fixed
# one passes; a file the hook does not match never runs it.
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
command -v pre-commit >/dev/null || { echo "precommit: pre-commit is not installed (make deps)"; echo "precommit: 0 passed, 1 failed"; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL precommit: $1"; [ -f "$tmp/log" ] && sed 's/^/    /' "$tmp/log" | tail -15; }
export PRE_COMMIT_HOME="$tmp/cache" GIT_CONFIG_NOSYSTEM=1 HOME="$tmp/home"
mkdir -p "$HOME"
git config --global user.email t@example.invalid && git config --global user.name t
git config --global init.defaultBranch main
# the hook repository: this repository's hook definitions and script
mkdir -p "$tmp/hooks/tools" && cp "$root/.pre-commit-hooks.yaml" "$tmp/hooks/" &&
	cp "$root/tools/pre-commit-from-source.sh" "$tmp/hooks/tools/" &&
	(cd "$tmp/hooks" && git init -q && git add -A && git commit -qm hooks) || { bad "hook repo"; exit 1; }
rev=$(git -C "$tmp/hooks" rev-parse HEAD)
# the project
mkdir -p "$tmp/proj" && cd "$tmp/proj" && git init -q || exit 1
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $tmp/hooks
    rev: $rev
    hooks:
      - id: envlint
        args: [--format, gnu, --driver, "470.82.01"]
YAML
git add .pre-commit-config.yaml && git commit -qm config
PATH="$(dirname "$bin"):$PATH" pre-commit install >"$tmp/log" 2>&1 || { bad "pre-commit install"; exit 1; }
printf 'torch==2.1.0+cu121\n--extra-index-url https://download.pytorch.org/whl/cu121\n' > requirements.txt
git add requirements.txt
if PATH="$(dirname "$bin"):$PATH" git commit -qm broken >"$tmp/log" 2>&1; then bad "a commit with a broken pin was accepted"
elif grep -q 'requirements.txt:1:6: error: .*\[DRV101\]' "$tmp/log"; then ok; else bad "refused, but without the DRV101 finding"; fi
printf 'torch==2.1.0+cu118\n--extra-index-url https://download.pytorch.org/whl/cu118\n' > requirements.txt
git add requirements.txt
if PATH="$(dirname "$bin"):$PATH" git commit -qm fixed >"$tmp/log" 2>&1; then ok; else bad "the fixed pin was refused"; fi
printf 'torch==2.1.0+cu121\n' > notes.md
git add notes.md
if PATH="$(dirname "$bin"):$PATH" git commit -qm notes >"$tmp/log" 2>&1 && grep -q 'no files to check' "$tmp/log"; then ok
else bad "a file outside the hook's pattern ran it"; fi
# the hook's files pattern against the names the walk knows (Debian's python3, which
# pre-commit's own package brings with PyYAML)
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
for name in environment.yml envs/environment-cuda.yaml conda-gpu.yml requirements-dev.txt \
	requirements/gpu.txt x.requirements.txt constraints.txt requirements.in Dockerfile \
	Dockerfile.cuda Dockerfile-gpu docker/train.Dockerfile serve.dockerfile dockerfile Containerfile \
	env.yml conda_deps.yaml envs/gpu-env.yaml; do
	if "$PY" -c "import re,sys,yaml; h=yaml.safe_load(open('$root/.pre-commit-hooks.yaml'))[0]; sys.exit(0 if re.search(h['files'], '$name') else 1)" 2>/dev/null; then ok
	else bad "the hook's files pattern misses '$name'"; fi
done
# Near misses: YAML no name marks as conda (a conda environment named so is seen only by
# a walk: README says how to run the hook for it), and other files.
for name in deps.yaml .github/workflows/ci.yml docker-compose.yml notes.md requirements.md; do
	if "$PY" -c "import re,sys,yaml; h=yaml.safe_load(open('$root/.pre-commit-hooks.yaml'))[0]; sys.exit(0 if re.search(h['files'], '$name') else 1)" 2>/dev/null; then
		bad "the hook's files pattern matches '$name'"
	else ok; fi
done
echo "precommit: $pass passed, $fail failed"
[ -n "${COUNTS:-}" ] && echo "precommit $pass $fail" >> "$COUNTS"
[ "$fail" -eq 0 ]

#!/bin/sh
# envlint audit over a few small repositories: the text matrix, json that parses, one
# self-contained html page (no script, nothing fetched from elsewhere, well formed),
# and -j 4 writing exactly what -j 1 writes, in every format.
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
t() { if eval "$2"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL audit: $1"; fi; }
cd "$tmp" || exit 1
mkdir -p old-lab new-lab clean bad-config
printf 'torch==1.12.1+cu113\n--extra-index-url https://download.pytorch.org/whl/cu113\n' > old-lab/requirements.txt
printf 'FROM nvidia/cuda:12.8.1-runtime-ubuntu22.04\nRUN pip install torch==2.7.0 "<b>&amp;"\n' > new-lab/Dockerfile
printf 'name: x\ndependencies:\n  - python=3.10\n' > clean/environment.yml
printf 'disable: [NOPE]\n' > bad-config/.envlint.yml
printf 'torch==2.1.0\n' > bad-config/requirements.txt
args="--profile titan-xp-470 --profile rtx5090-570"
"$bin" audit $args old-lab new-lab clean > text.out 2>&1; rc=$?
t "text exit 1 on errors" '[ $rc -eq 1 ]'
t "text header names the profiles" 'head -1 text.out | grep -q "titan-xp-470  *rtx5090-570"'
t "old lab fails the 5090, passes the TITAN" 'grep -q "^old-lab  *pass  *[0-9]E" text.out'
t "clean passes everywhere" 'grep -q "^clean  *pass  *pass$" text.out'
t "summary line" 'tail -1 text.out | grep -q "3 repositories, 2 profiles: 1 pass on every profile"'
t "no trailing blanks" '! grep -q " $" text.out'
for fmt in text json html; do
	"$bin" audit $args --format $fmt -j 1 old-lab new-lab clean > "j1.$fmt" 2>/dev/null
	"$bin" audit $args --format $fmt -j 4 old-lab new-lab clean > "j4.$fmt" 2>/dev/null
	t "-j 4 equals -j 1 ($fmt)" 'cmp -s "j1.$fmt" "j4.$fmt"'
done
PY=/usr/bin/python3; [ -x "$PY" ] || PY=python3
t "json parses" '"$PY" -c "import json,sys; d=json.load(open(\"j1.json\")); assert len(d[\"repositories\"]) == 3; assert d[\"repositories\"][2][\"profiles\"][\"rtx5090-570\"][\"pass\"]"'
t "html has no script and fetches nothing" '! grep -qiE "<script|src=|href=\"?https?:|@import" j1.html'
t "html escapes source text" 'grep -q "&lt;b&gt;&amp;amp;" j1.html && ! grep -q "<b>&amp;" j1.html'
t "html is well formed" '"$PY" - j1.html <<PYEOF
import sys
from html.parser import HTMLParser
VOID = {"meta", "br"}
class P(HTMLParser):
    def __init__(self):
        super().__init__(); self.stack = []
    def handle_starttag(self, tag, attrs):
        if tag not in VOID: self.stack.append(tag)
    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-3:])
        self.stack.pop()
p = P(); p.feed(open(sys.argv[1]).read()); assert not p.stack, p.stack
PYEOF'
t "cells open their findings" 'grep -q "<details><summary>1E 0W</summary>" j1.html'
"$bin" audit $args bad-config clean > bad.out 2>&1; rc=$?
t "a bad config: exit 2, cell unreadable" '[ $rc -eq 2 ] && grep -q "^bad-config  *unreadable" bad.out'
"$bin" audit > none.out 2>&1; rc=$?
t "no directory is a usage error" '[ $rc -eq 2 ] && grep -q "needs one or more" none.out'
"$bin" audit --format sarif clean > sarif.out 2>&1; rc=$?
t "sarif is refused" '[ $rc -eq 2 ]'
"$bin" audit clean > builtin.out 2>&1
t "no target: every built-in profile" 'head -1 builtin.out | grep -q "titan-xp-470.*jetson-orin"'
echo "audit: $pass passed, $fail failed"
[ -n "${COUNTS:-}" ] && echo "audit $pass $fail" >> "$COUNTS"
[ "$fail" -eq 0 ]

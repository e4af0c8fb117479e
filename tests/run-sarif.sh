#!/bin/sh
# SARIF output against the official SARIF 2.1.0 JSON schema (tests/schemas/, copied
# from OASIS's published schema; SOURCES.tsv says where from). Lints every fixture case
# (with its args) and the corpus in one run each, then validates every document with
# Debian's python3-jsonschema (Draft 7, as the schema declares) in one process.
# Also checks what the schema cannot: ruleIndex points at the rule of the same id,
# columnKind is stated, and fingerprints are unique within a document.
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp -d) || exit 1
trap 'rm -rf "$out"' EXIT
n=0
for dir in "$root"/fixtures/*/*/; do
	dir=${dir%/}
	args=""
	[ -f "$dir/args" ] && args=$(cat "$dir/args")
	if [ -f "$dir/walk" ]; then inputs=.; else
		inputs=$(cd "$dir" && ls -A | grep -vxE 'args|expected\.[a-z]+|walk|README|\.envlint\.yml' | sort | tr '\n' ' ')
	fi
	n=$((n + 1))
	(cd "$dir" && eval "\"$bin\" --format sarif $args $inputs" > "$out/$n.sarif" 2>/dev/null)
	# A run that stops before its report (an invalid --kb: exit 2, stderr only) has none.
	[ -s "$out/$n.sarif" ] || rm -f "$out/$n.sarif"
done
n=$((n + 1))
find "$root/tests/corpus" -type f ! -name '*.tsv' | sort | xargs "$bin" --format sarif --gpu A100 --driver 535.104.05 > "$out/$n.sarif" 2>/dev/null
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
"$PY" - "$root/tests/schemas/sarif-schema-2.1.0.json" "$out"/*.sarif <<'PYEOF'
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
validator = jsonschema.Draft7Validator(schema)
ok = bad = 0
for path in sys.argv[2:]:
    problems = []
    try:
        doc = json.load(open(path))
        problems = [e.message for e in validator.iter_errors(doc)][:3]
        run = doc["runs"][0]
        rules = run["tool"]["driver"]["rules"]
        if run.get("columnKind") != "unicodeCodePoints":
            problems.append("columnKind not stated")
        fps = []
        for r in run["results"]:
            if rules[r["ruleIndex"]]["id"] != r["ruleId"]:
                problems.append("ruleIndex %d is not %s" % (r["ruleIndex"], r["ruleId"]))
            fps += list(r.get("partialFingerprints", {}).values())
        if len(fps) != len(set(fps)):
            problems.append("fingerprints repeat within the document")
    except Exception as e:
        problems.append("not SARIF: %s" % e)
    if problems:
        bad += 1
        print("FAIL %s: %s" % (path, "; ".join(problems)))
    else:
        ok += 1
print("sarif: %d passed, %d failed" % (ok, bad))
sys.exit(1 if bad else 0)
PYEOF
rc=$?
[ -n "${COUNTS:-}" ] && echo "sarif $(ls "$out"/*.sarif | wc -l | awk -v rc=$rc '{print (rc ? 0 : $1) " " (rc ? 1 : 0)}')" >> "$COUNTS"
exit $rc

#!/bin/bash
# wrappers.sh MXDIG SRCDIR -- r-habits: .pre-commit-hooks.yaml and
# action.yml parse (python3-yaml), the hook's entry runs on the example
# zone as pre-commit would run it (gcc lines, exit 2: the zone is broken
# on purpose), its files pattern takes zone names and leaves others, and
# every --format the action passes is one mxdig takes for lint and diff.
set -u
mxdig=$1 src=$2 pass=0 fail=0
ok() { echo "ok   $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }
python3 -c 'import yaml' 2>/dev/null || { echo "FAIL python3-yaml is not installed (apt-get install python3-yaml)"; exit 1; }
entry=$(python3 - "$src" <<'PY'
import re, sys, yaml
src = sys.argv[1]
hooks = yaml.safe_load(open(src + "/.pre-commit-hooks.yaml"))
h = [x for x in hooks if x["id"] == "mxdig-lint"][0]
assert h["language"] == "system", h
pat = re.compile(h["files"])
for yes in ("zones/example.com.zone", "db.example", "a/db.example.com", "x.db", "x.zone.in"):
    assert pat.search(yes), yes
for no in ("README.md", "zone.c", "dbx/notes.txt", "example.zones"):
    assert not pat.search(no), no
act = yaml.safe_load(open(src + "/action.yml"))
assert act["runs"]["using"] == "composite"
assert set(act["inputs"]) == {"mode", "files", "base", "sarif"}, act["inputs"]
print(h["entry"])
PY
) && ok "both files parse; the files pattern" || bad "YAML: $entry"
cmd=${entry/mxdig/$mxdig}
out=$($cmd "$src/examples/example.zone" 2>&1); rc=$?
[ "$rc" -eq 2 ] && echo "$out" | grep -q "example.zone:[0-9]*: error: .*\[" && ok "hook entry: gcc lines, exit 2" || bad "hook entry: rc $rc"
for f in github sarif; do
	"$mxdig" lint --format "$f" "$src/examples/example.zone" >/dev/null 2>&1; rc=$?
	[ "$rc" -eq 2 ] && ok "action: lint --format $f" || bad "action: lint --format $f: rc $rc"
	"$mxdig" diff --format "$f" /nonexistent-old.zone "$src/examples/example.zone" >/dev/null 2>&1; rc=$?
	[ "$rc" -ne 3 ] && ok "action: diff --format $f (rc $rc)" || bad "action: diff --format $f: rc $rc"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

#!/bin/bash
# wrappers.sh MXDIG SRCDIR -- .pre-commit-hooks.yaml and
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
# The action's build step installs what README's build command installs
# (a library the build needs and the action lacks fails every user's run).
missing=$(python3 - "$src" <<'PY'
import re, sys, yaml
src = sys.argv[1]
act = yaml.safe_load(open(src + "/action.yml"))
build = act["runs"]["steps"][0]["run"]
readme = [l for l in open(src + "/README.md") if "apt-get install" in l and "cmake -S . -B build &&" in l][0]
pk = lambda t: {w for w in re.findall(r"[a-z0-9][a-z0-9.+-]*", t.split("install", 1)[1].split("&&")[0]) if w.endswith("-dev") or w in ("build-essential", "cmake", "pkg-config")}
print(" ".join(sorted(pk(readme) - pk(build))))
PY
)
[ -z "$missing" ] && ok "action: builds with README's build packages" || bad "action's build step lacks: $missing"

# The action's mxdig step, run as GitHub runs it, in diff mode on two
# changed zone files of a scratch repository: without SARIF, annotations
# of both files; with SARIF, one document of one run holding the results
# of both (code scanning takes one run per tool and category).
tmp=$(mktemp -d)
python3 -c 'import yaml, sys; print(yaml.safe_load(open(sys.argv[1]))["runs"]["steps"][1]["run"])' "$src/action.yml" >"$tmp/step.sh"
(
	cd "$tmp" && git init -q repo && cd repo &&
	git config user.email t@example.org && git config user.name t &&
	printf '$ORIGIN a.test.\n$TTL 3600\n@ SOA ns hm 1 3600 600 86400 300\n@ NS ns.example.net.\n@ MX 10 mx.example.net.\n' >a.zone &&
	printf '$ORIGIN b.test.\n$TTL 3600\n@ SOA ns hm 1 3600 600 86400 300\n@ NS ns.example.net.\n@ MX 10 mx.example.net.\n' >b.zone &&
	git add . && git commit -qm base && git tag base &&
	sed -i 's/MX 10 mx.example.net./MX 10 mail/' a.zone b.zone && git commit -qam change
) >/dev/null 2>&1 || bad "action: scratch repository"
run_step() {
	(cd "$tmp/repo" && env PATH="$(dirname "$mxdig"):$PATH" RUNNER_TEMP="$tmp" \
	    MODE=diff FILES="a.zone b.zone" BASE=base SARIF="$1" bash "$tmp/step.sh")
}
out=$(run_step "" 2>/dev/null); rc=$?
na=$(echo "$out" | grep -c '^::[a-z]* file=a.zone,') nb=$(echo "$out" | grep -c '^::[a-z]* file=b.zone,')
[ "$rc" -eq 2 ] && [ "$na" -ge 1 ] && [ "$nb" -ge 1 ] && ok "action: diff of two files, annotations of both (rc 2)" ||
	bad "action diff github: rc $rc, a $na b $nb: $out"
run_step "$tmp/out.sarif" >/dev/null 2>&1; rc=$?
got=$(python3 - "$tmp/out.sarif" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
files = sorted({l["physicalLocation"]["artifactLocation"]["uri"] for r in d["runs"][0]["results"] for l in r["locations"]})
print(len(d["runs"]), " ".join(files))
PY
)
[ "$rc" -eq 2 ] && [ "$got" = "1 a.zone b.zone" ] && ok "action: diff of two files, one SARIF run with the results of both (rc 2)" ||
	bad "action diff sarif: rc $rc, got '$got'"
rm -rf "$tmp"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

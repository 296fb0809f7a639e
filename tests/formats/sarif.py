#!/usr/bin/python3
"""sarif.py SCHEMA SARIF GCC -- validates SARIF (mxdig --format sarif)
against the SARIF 2.1.0 JSON schema SCHEMA with python3-jsonschema, and
compares its results with the same run's --format gcc lines (GCC): one
result per line, with the same check, level, file and line.  Also: every
ruleId is a rule of tool.driver.rules at its ruleIndex, every rule has
help text, every result a partialFingerprints entry.  Prints the number
of results; exits 1 with the reason otherwise."""
import json
import re
import sys
import urllib.parse

import jsonschema


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    with open(sys.argv[2], encoding="utf-8") as f:
        log = json.load(f)
    v = jsonschema.Draft4Validator(schema)
    errors = sorted(v.iter_errors(log), key=lambda e: list(e.path))
    if errors:
        e = errors[0]
        print("schema: %s at %s" % (e.message[:200], "/".join(map(str, e.path))))
        sys.exit(1)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for r in rules:
        if not r["help"]["text"] or not r["shortDescription"]["text"]:
            print("rule %s without help" % r["id"])
            sys.exit(1)
    got = []
    for res in run["results"]:
        if rules[res["ruleIndex"]]["id"] != res["ruleId"]:
            print("ruleIndex %d is not %s" % (res["ruleIndex"], res["ruleId"]))
            sys.exit(1)
        if not res.get("partialFingerprints"):
            print("result without partialFingerprints")
            sys.exit(1)
        file, line = "", 0
        for loc in res["locations"]:
            pl = loc.get("physicalLocation")
            if pl:
                file = urllib.parse.unquote(pl["artifactLocation"]["uri"])
                line = pl.get("region", {}).get("startLine", 0)
        lvl = {"note": "info"}.get(res["level"], res["level"])
        got.append((file, line, lvl, res["ruleId"]))
    want = []
    with open(sys.argv[3], encoding="utf-8") as f:
        for ln in f:
            m = re.match(r"^(.*?):(?:(\d+):)? (error|warning|info|note): .*\[([a-z0-9-]+)\]$", ln.rstrip("\n"))
            if not m or m.group(3) == "note":
                continue
            file = m.group(1) if m.group(2) else ""
            if file.startswith("./"):
                file = file[2:]
            want.append((file, int(m.group(2) or 0), m.group(3), m.group(4)))
    # a finding without a file is shown by gcc under its subject
    norm = lambda xs: sorted((f if l else "", l, s, c) for f, l, s, c in xs)
    if norm(got) != norm(want):
        print("results differ from the gcc lines:\n sarif %s\n gcc   %s"
              % (norm(got)[:4], norm(want)[:4]))
        sys.exit(1)
    print(len(got))


if __name__ == "__main__":
    main()

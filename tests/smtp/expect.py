#!/usr/bin/env python3
"""Asserts one domain's result in mxdig's JSON output.

Usage: expect.py FILE DOMAIN STATUS CHECKS [ADDRESS:PATH=VALUE ...]

FILE holds one JSON document (an object, or an array of them) or JSON
lines.  CHECKS is the comma-separated list of the check names of the
domain's findings, in order ("-" for none).  Each PATH is a dotted path
into the "smtp" object of ADDRESS (any host of the path); VALUE is
compared as JSON when it parses as JSON, else as a string; "~TEXT" means
"contains TEXT", "lines=N" that the string has N lines.
Prints what differs and exits 1, or exits 0.
"""
import json
import sys


def load(path):
    text = open(path).read()
    try:
        doc = json.loads(text)
        return doc if isinstance(doc, list) else [doc]
    except json.JSONDecodeError:
        return [json.loads(l) for l in text.splitlines() if l.strip()]


def main():
    path, domain, status, checks = sys.argv[1:5]
    docs = [d for d in load(path) if d.get("domain") == domain]
    if len(docs) != 1:
        print("%s: %d results" % (domain, len(docs)))
        return 1
    d = docs[0]
    bad = []
    if d["status"] != status:
        bad.append("status %s, expected %s" % (d["status"], status))
    got = ",".join(f["check"] for f in d["findings"]) or "-"
    if got != checks:
        bad.append("findings %s, expected %s" % (got, checks))
    addrs = {}
    for tier in d["path"]:
        for h in tier["hosts"]:
            for a in h["addresses"]:
                addrs.setdefault(a["address"], a.get("smtp"))
    for spec in sys.argv[5:]:
        addr, rest = spec.split(":", 1) if not spec.startswith("[") \
            else spec[1:].split("]:", 1)
        key, want = rest.split("=", 1)
        v = addrs.get(addr, None)
        if v is None:
            bad.append("%s: no smtp object" % addr)
            continue
        for k in key.split("."):
            if isinstance(v, list):
                v = v[int(k)]
            elif isinstance(v, dict) and k in v:
                v = v[k]
            else:
                v = "<missing %s>" % key
                break
        if want.startswith("~"):
            ok = isinstance(v, str) and want[1:] in v
        elif want.startswith("lines="):
            ok = isinstance(v, str) and len(v.split("\n")) == int(want[6:])
        else:
            try:
                w = json.loads(want)
            except json.JSONDecodeError:
                w = want
            ok = v == w
        if not ok:
            bad.append("%s %s = %r, expected %s" % (addr, key, v, want))
    for b in bad:
        print("%s: %s" % (domain, b))
    return 1 if bad else 0


sys.exit(main())

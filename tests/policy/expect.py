#!/usr/bin/env python3
"""Asserts one domain's policy layer in mxdig's JSON output.

Usage: expect.py FILE DOMAIN STATUS CHECKS [WHERE:PATH=VALUE ...]

FILE holds one JSON document (an object or an array of them).  CHECKS is
the comma-separated list of the check names of the domain's findings, in
order ("-" for none); a name written NAME/SEVERITY also asserts the
finding's severity.  WHERE is an exchange (with its trailing dot: PATH
is read in that host's object), an address (PATH in that address's
object, under any host), or "@" (PATH in the domain's object).  PATH is
dotted; VALUE is compared as JSON when it parses as JSON, else as a
string; "~TEXT" means "contains TEXT".  Prints what differs and exits 1,
or exits 0.
"""
import json
import sys


def walk(v, path):
    for k in path.split("."):
        if isinstance(v, list) and k.isdigit() and int(k) < len(v):
            v = v[int(k)]
        elif isinstance(v, dict) and k in v:
            v = v[k]
        else:
            return "<missing %s>" % path
    return v


def main():
    path, domain, status, checks = sys.argv[1:5]
    doc = json.load(open(path))
    docs = [d for d in (doc if isinstance(doc, list) else [doc])
            if d.get("domain") == domain]
    if len(docs) != 1:
        print("%s: %d results" % (domain, len(docs)))
        return 1
    d = docs[0]
    bad = []
    if d["status"] != status:
        bad.append("status %s, expected %s" % (d["status"], status))
    want = checks.split(",") if checks != "-" else []
    got = d["findings"]
    names = [f["check"] for f in got]
    if [w.split("/")[0] for w in want] != names:
        bad.append("findings %s, expected %s" % (",".join(names) or "-",
                                                  checks))
    else:
        for w, f in zip(want, got):
            if "/" in w and w.split("/")[1] != f["severity"]:
                bad.append("%s is %s, expected %s" % (f["check"],
                           f["severity"], w.split("/")[1]))
    hosts, addrs = {}, {}
    for tier in d["path"]:
        for h in tier["hosts"]:
            hosts[h["exchange"]] = h
            for a in h["addresses"]:
                addrs.setdefault(a["address"], a)
    for spec in sys.argv[5:]:
        where, rest = spec.split(":", 1) if not spec.startswith("[") \
            else spec[1:].split("]:", 1)
        key, want = rest.split("=", 1)
        obj = d if where == "@" else hosts.get(where, addrs.get(where))
        if obj is None:
            bad.append("%s: no such exchange or address" % where)
            continue
        v = walk(obj, key)
        if want.startswith("~"):
            if not isinstance(v, str) or want[1:] not in v:
                bad.append("%s:%s is %r, expected to contain %r" %
                           (where, key, v, want[1:]))
            continue
        try:
            w = json.loads(want)
        except ValueError:
            w = want
        if v != w:
            bad.append("%s:%s is %r, expected %r" % (where, key, v, w))
    if bad:
        print("; ".join(bad))
        for f in got:
            print("  %s/%s %s" % (f["check"], f["severity"], f["message"]))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

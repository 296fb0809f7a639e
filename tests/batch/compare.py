#!/usr/bin/env python3
"""compare.py EXPECTED RESULTS [--lint] -- mxdig's findings against the
list bench/gen-zone wrote of what is wrong with its domains.

RESULTS is mxdig's output in --format jsonl (one result per domain), of a
check over the domain list or, with --lint, of `mxdig lint`.  Every domain must
have exactly the checks EXPECTED lists for it, and a domain EXPECTED does
not list none at all.  With --lint only MX owners are compared: lint does
not see domains that have no MX.  Prints each difference; exits 1 on any.
"""
import json
import sys


def main(argv):
    lint = "--lint" in argv
    args = [a for a in argv[1:] if a != "--lint"]
    if len(args) != 2:
        sys.stderr.write("usage: compare.py EXPECTED RESULTS [--lint]\n")
        return 2
    expected = {}
    with open(args[0]) as f:
        for line in f:
            domain, checks = line.rstrip("\n").split("\t")
            expected[domain] = set(checks.split(","))
    got, seen = {}, set()
    # a live result whose TTL checks were skipped (--no-auth: the TTLs are
    # a resolver's cache time, never judged, "ttl_note" says so) is not
    # expected to have TTL findings
    ttl_checks = {"mx-ttl-low", "mx-ttl-high", "ttl-zero", "ttl-mismatch"}
    with open(args[1]) as f:
        for line in f:
            r = json.loads(line)
            seen.add(r["domain"])
            if r.get("ttl_note") and r["domain"] in expected:
                expected[r["domain"]] -= ttl_checks
                if not expected[r["domain"]]:
                    del expected[r["domain"]]
            checks = {fd["check"] for fd in r["findings"]}
            if checks:
                got[r["domain"]] = checks
    if lint:
        # lint reports MX owners: not the domains without MX
        expected = {d: c for d, c in expected.items()
                    if not c & {"implicit-mx", "domain-nxdomain"}}
    bad = 0
    for d in sorted(set(expected) | set(got)):
        if expected.get(d, set()) != got.get(d, set()):
            print("%s: expected %s, got %s" % (
                d, ",".join(sorted(expected.get(d, []))) or "nothing",
                ",".join(sorted(got.get(d, []))) or "nothing"))
            bad += 1
    print("%d results, %d domains with findings, %d expected, %d differ" % (
        len(seen), len(got), len(expected), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

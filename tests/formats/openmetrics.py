#!/usr/bin/python3
"""openmetrics.py OM JSONL -- parses OM (mxdig --format openmetrics) with
python3-prometheus-client's strict OpenMetrics parser and compares every
domain's samples with the same run's --format jsonl objects (JSONL):
status, finding counts by severity, hosts and usable hosts (from its
path); the label value
must come back as exactly the domain's name.  Prints the number of
domains; exits 1 with the reason otherwise."""
import json
import sys

from prometheus_client.openmetrics.parser import text_string_to_metric_families

STATUS = {"ok": 0, "info": 0, "warning": 1, "error": 2, "unknown": 3}


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        text = f.read()
    want = {}
    with open(sys.argv[2], encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            if "domain" not in o:
                continue        # the zone files' own findings
            hosts = [h for t in o["path"] for h in t["hosts"]]
            o["_hosts"] = len(hosts)
            o["_usable"] = sum(1 for h in hosts if h["usable"])
            if o["domain"] in want:
                print("%r twice in the jsonl output" % o["domain"])
                sys.exit(1)
            want[o["domain"]] = o
    got = {}
    families = {}
    try:
        for fam in text_string_to_metric_families(text):
            families[fam.name] = fam
            for s in fam.samples:
                d = s.labels.get("domain")
                if d is None:
                    continue
                key = fam.name + (":" + s.labels["severity"]
                                  if "severity" in s.labels else "")
                got.setdefault(d, {})[key] = s.value
    except ValueError as e:
        print("the strict parser refused it: %s" % e)
        sys.exit(1)
    for name in ("mxdig_domain_status", "mxdig_findings", "mxdig_hosts",
                 "mxdig_usable_hosts", "mxdig_lookup_duration_seconds",
                 "mxdig_last_run_timestamp_seconds"):
        if name not in families or families[name].type != "gauge":
            print("no gauge family %s" % name)
            sys.exit(1)
    if families["mxdig_lookup_duration_seconds"].unit != "seconds":
        print("mxdig_lookup_duration_seconds has no unit seconds")
        sys.exit(1)
    if sorted(got) != sorted(want):
        print("domains differ: metrics %s, jsonl %s" % (sorted(got)[:5],
                                                       sorted(want)[:5]))
        sys.exit(1)
    for d, o in want.items():
        g = got[d]
        exp = {"mxdig_domain_status": STATUS[o["status"]]}
        for sev in ("error", "warning", "info"):
            exp["mxdig_findings:" + sev] = o["counts"][sev]
        exp["mxdig_hosts"] = o["_hosts"]
        exp["mxdig_usable_hosts"] = o["_usable"]
        for k, v in exp.items():
            if g.get(k) != v:
                print("%r: %s is %r, jsonl says %r" % (d, k, g.get(k), v))
                sys.exit(1)
    print(len(want))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""om_certs.py OM DOMAIN,EXCHANGE,ADDRESS,EPOCH... -- parses OM (mxdig
--smtp --format openmetrics) with python3-prometheus-client's strict
OpenMetrics parser and compares the samples of the certificate expiry
family with exactly the tuples given: a gauge with unit seconds, one
sample per (domain, exchange, address), the leaf certificate's notAfter
as value.  Prints the number of samples; exits 1 with the reason."""
import sys

from prometheus_client.openmetrics.parser import text_string_to_metric_families

NAME = "mxdig_certificate_expiry_timestamp_seconds"


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        text = f.read()
    want = set()
    for arg in sys.argv[2:]:
        d, e, a, t = arg.split(",")
        want.add((d, e, a, float(t)))
    fam = None
    try:
        for f in text_string_to_metric_families(text):
            if f.name == NAME:
                fam = f
    except ValueError as e:
        print("the strict parser refused it: %s" % e)
        sys.exit(1)
    if fam is None:
        print("no family %s" % NAME)
        sys.exit(1)
    if fam.type != "gauge" or fam.unit != "seconds":
        print("%s: type %s, unit %r" % (NAME, fam.type, fam.unit))
        sys.exit(1)
    got = []
    for s in fam.samples:
        if sorted(s.labels) != ["address", "domain", "exchange"]:
            print("labels %s" % sorted(s.labels))
            sys.exit(1)
        got.append((s.labels["domain"], s.labels["exchange"],
                    s.labels["address"], s.value))
    if len(got) != len(set(got)) or set(got) != want:
        print("samples %s, want %s" % (sorted(got), sorted(want)))
        sys.exit(1)
    print(len(got))


if __name__ == "__main__":
    main()

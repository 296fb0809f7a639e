#!/bin/bash
# chain.sh MXDIG SRCDIR -- a long list through --zone with --live: 3,000
# domains from a zone file, 3,000 from NSD on 127.0.0.1, in one mixed
# list.  Every domain must come out exactly once, with the status its
# zone gives it, at any concurrency (the chain source once lost all but
# 48 x concurrency of them).  Every loop is bounded; NSD is stopped by
# its PID.
set -u
mxdig=$1
src=$2
. "$src/tests/lib.sh"
test_begin nsd dig ss python3

# The two zones, the shuffled list and the expected status of each
# domain.  dN: two exchanges below it with A and AAAA (no finding at all);
# every 600th (5 in each zone): the first exchange is an alias of the
# second host's sibling, mx-target-cname, status error.
N=3000
python3 - "$work" $N <<'PY' || { bad "generating the zones failed"; exit 1; }
import random, sys
work, n = sys.argv[1], int(sys.argv[2])

def zone(origin, label, path):
    expected = {}
    with open(path, "w") as f:
        f.write("$ORIGIN %s.\n$TTL 3600\n" % origin)
        f.write("@ SOA ns1 hostmaster 1 3600 600 86400 300\n@ NS ns1\n")
        f.write("ns1 A 93.184.216.53\n")
        for i in range(1, n + 1):
            d = "%s%d" % (label, i)
            a, b = i % 250 + 1, i // 250 + 1
            broken = i % 600 == 7
            f.write("%s MX 10 %s.%s\n" % (d, "alias" if broken else "mx1", d))
            f.write("%s MX 20 mx2.%s\n" % (d, d))
            if broken:
                f.write("alias.%s CNAME mx1.%s\n" % (d, d))
            f.write("mx1.%s A 93.184.%d.%d\n" % (d, 200 + b, a))
            f.write("mx1.%s AAAA 2606:2800:%x:1::%x\n" % (d, b, a))
            f.write("mx2.%s A 93.184.%d.%d\n" % (d, 230 + b, a))
            f.write("mx2.%s AAAA 2606:2801:%x:1::%x\n" % (d, b, a))
            expected["%s.%s." % (d, origin)] = "error" if broken else "ok"
    return expected

exp = zone("zone.test", "d", work + "/file.zone")
exp.update(zone("live.test", "l", work + "/live.zone"))
names = sorted(exp)
random.Random(5321).shuffle(names)
with open(work + "/list.txt", "w") as f:
    f.write("# mixed: zone file and live\n")
    for d in names:
        f.write(d.rstrip(".") + "\n")
with open(work + "/expected.txt", "w") as f:
    for d in names:
        f.write("%s\t%s\n" % (d, exp[d]))
# 500 of them, for the low concurrency run
with open(work + "/list500.txt", "w") as f:
    for d in names[:500]:
        f.write(d + "\n")
with open(work + "/expected500.txt", "w") as f:
    for d in names[:500]:
        f.write("%s\t%s\n" % (d, exp[d]))
PY

# verify EXPECTED JSONL: every domain exactly once with its status, the
# broken ones with exactly mx-target-cname, the others with no finding
verify() {
	python3 - "$1" "$2" <<'PY'
import collections, json, sys
exp = dict(l.rstrip("\n").split("\t") for l in open(sys.argv[1]))
lines = open(sys.argv[2]).read().splitlines()
bad = []
seen = collections.Counter()
status = collections.Counter()
for l in lines:
    r = json.loads(l)
    d = r["domain"]
    seen[d] += 1
    status[r["status"]] += 1
    checks = sorted(f["check"] for f in r["findings"])
    want = exp.get(d)
    if want is None:
        bad.append("%s: not in the list" % d)
    elif r["status"] != want:
        bad.append("%s: status %s, want %s (%s)" % (d, r["status"], want, checks))
    elif checks != (["mx-target-cname"] if want == "error" else []):
        bad.append("%s: findings %s" % (d, checks))
    elif r["failures"]:
        bad.append("%s: failures %s" % (d, r["failures"]))
missing = [d for d in exp if seen[d] == 0]
doubled = [d for d in seen if seen[d] > 1]
print("%d lines, %d distinct, %d missing, %d doubled, %s, %d wrong" % (
    len(lines), len(seen), len(missing), len(doubled),
    ", ".join("%d %s" % (status[k], k) for k in sorted(status)), len(bad)))
for m in (missing[:5] + ["doubled " + d for d in doubled[:5]] + bad[:10]):
    print("    " + m)
sys.exit(0 if len(lines) == len(exp) and not missing and not doubled and not bad else 1)
PY
}

if nsd_start live.test live.zone; then ok "nsd answers on 127.0.0.1:$port"
else bad "nsd did not start"; echo "$pass passed, $fail failed"; exit 1; fi

# zone.test is not NSD's: a live lookup of it would be REFUSED, so a
# domain of it that went live instead of to the file would show.
run() {
	local list=$1 out=$2 conc=$3
	timeout 120 "$mxdig" --no-auth --zone "$work/file.zone" --live @127.0.0.1 -p "$port" \
	    --timeout 2 -f "$list" --format jsonl --concurrency "$conc" \
	    >"$out" 2>"$out.err"
}

start=$(date +%s%N)
run "$work/list.txt" "$work/all.jsonl" 100
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
[ $rc -eq 2 ] && ok "6000 domains, --concurrency 100: exit 2 (10 errors), $ms ms" ||
    { bad "6000 domains, --concurrency 100: exit $rc, not 2"; head -5 "$work/all.jsonl.err"; }
if out=$(verify "$work/expected.txt" "$work/all.jsonl"); then
	ok "6000 domains, --concurrency 100: $(echo "$out" | head -1)"
else bad "6000 domains, --concurrency 100: $out"; fi
# the file's domains carry no server, NSD's name 127.0.0.1:PORT
nfile=$(grep -c '"server":null' "$work/all.jsonl")
nlive=$(grep -c "\"server\":\"127.0.0.1:$port\"" "$work/all.jsonl")
[ "$nfile" -eq $N ] && [ "$nlive" -eq $N ] &&
    ok "6000 domains: $nfile answered from the file, $nlive by NSD" ||
    bad "6000 domains: $nfile from the file, $nlive by NSD, want $N and $N"
errs=$(grep '"status":"error"' "$work/all.jsonl" | sed -E 's/^\{"domain":"([^"]*)".*/\1/' | sort | tr '\n' ' ')
want="d1207.zone.test. d1807.zone.test. d2407.zone.test. d607.zone.test. d7.zone.test. l1207.live.test. l1807.live.test. l2407.live.test. l607.live.test. l7.live.test. "
[ "$errs" = "$want" ] && ok "6000 domains: exactly the 10 errors: $errs" ||
    bad "6000 domains: errors '$errs', want '$want'"
if [ -s "$work/all.jsonl.err" ]; then bad "6000 domains: stderr: $(head -3 "$work/all.jsonl.err")"
else ok "6000 domains: nothing on stderr"; fi

run "$work/list500.txt" "$work/c5.jsonl" 5
rc=$?
want_rc=0
grep -q 'error$' "$work/expected500.txt" && want_rc=2
[ $rc -eq $want_rc ] && ok "500 domains, --concurrency 5: exit $rc" ||
    bad "500 domains, --concurrency 5: exit $rc, not $want_rc"
if out=$(verify "$work/expected500.txt" "$work/c5.jsonl"); then
	ok "500 domains, --concurrency 5: $(echo "$out" | head -1)"
else bad "500 domains, --concurrency 5: $out"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

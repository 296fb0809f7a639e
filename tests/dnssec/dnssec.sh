#!/bin/bash
# dnssec.sh MXDIG SRCDIR -- the DNSSEC and reverse layers in the test
# network (setup.sh: a signed fake root, "test.", the mail domains and
# the reverse zones, Unbound validating on 127.0.0.1): for each domain the
# exact findings and exit status, the states and PTRs in JSON, the same
# through --dnssec-via resolver, and today's output with --no-dnssec
# --no-ptr.  Needs root for unshare -n.
set -u
. "$2/tests/lib.sh"
netns_enter "$0" "$@"
mxdig=$1
test_begin nsd unbound dig ldns-keygen ldns-signzone ss python3
. "$2/tests/dnssec/setup.sh" || { bad "setting up the lab"; exit 1; }
ok "lab up: root, test., the mail domains, the reverse zones, unbound"

# run ARGS...: mxdig through the lab's resolver with the lab's anchor;
# standard output in $out, status in $rc, standard error in
# $work/stderr (apart: under LeakSanitizer libunbound's forked worker
# reports the memory it inherited when it exits).
run() {
	out=$(timeout 60 "$mxdig" @127.0.0.1 --trust-anchor "$anchor" "$@" \
		2>"$work/stderr")
	rc=$?
}

# findings OUTPUT: "check subject" per finding of a JSON document, sorted.
findings() {
	python3 -c '
import json, sys
for r in json.loads(sys.argv[1]):
    for f in r["findings"]:
        print(f["check"], f["subject"])' "$1" | sort
}

# expect NAME DOMAIN STATUS "check subject;..." [ARGS...]: the exact
# findings (JSON) and the exit status.
expect() {
	local name=$1 domain=$2 want_rc=$3 want got
	want=$(tr ';' '\n' <<<"$4" | sed '/^$/d' | sort)
	shift 4
	run --format json "$@" "$domain"
	got=$(findings "$out" 2>&1)
	if [ "$rc" -eq "$want_rc" ] && [ "$got" = "$want" ]; then
		ok "$name"
	else
		bad "$name: exit $rc (want $want_rc), findings:"
		echo "$got" | sed 's/^/    got  /'
		echo "$want" | sed 's/^/    want /'
	fi
}

# jcheck NAME DOMAIN PYTHON [ARGS...]: PYTHON asserts on r, the domain's
# JSON object.
jcheck() {
	local name=$1 domain=$2 code=$3 err
	shift 3
	run --format json "$@" "$domain"
	if err=$(python3 -c '
import json, sys
r = json.loads(sys.argv[1])[0]
hosts = {h["exchange"]: h for t in r["path"] for h in t["hosts"]}
addrs = {a["address"]: a for h in hosts.values() for a in h["addresses"]}
'"$code" "$out" 2>&1); then
		ok "$name"
	else
		bad "$name: $err"
		echo "$out" | head -40 | sed 's/^/    /'
	fi
}

priv='mx-target-private-address'

# ---- the resolver's AD bit instead of libunbound, first: the resolver's
# EDE is that of its first SERVFAIL (a cached one says only 6, Bogus)
jcheck "resolver mode JSON: the EDE of the resolver's SERVFAIL" expired.test. '
m = r["dnssec"]["mx"]
assert (m["state"], m["ede"], m["ede_name"]) == ("bogus", 7, "Signature Expired"), m
assert m["reason"].startswith("signature expired") and "CD=1" in m["reason"], m
assert r["mx_rcode"] == "ok" and [a["address"] for a in addrs.values()] == ["192.0.2.25"], r
' --dnssec-via resolver


# ---- a signed zone that validates; PTRs that match (both families)
expect "secure.test: no DNSSEC or PTR finding" secure.test. 2 \
	"$priv mx1.secure.test.;$priv mx1.secure.test.;no-usable-mx secure.test."
jcheck "secure.test JSON: secure MX, A, AAAA; PTRs confirmed" secure.test. '
assert r["dnssec"]["mx"]["state"] == "secure", r["dnssec"]
h = hosts["mx1.secure.test."]
assert h["dnssec"]["a"]["state"] == "secure" and h["dnssec"]["aaaa"]["state"] == "secure", h["dnssec"]
for a in ("192.0.2.25", "2001:db8::25"):
    assert addrs[a]["dnssec"] == "secure", addrs[a]
    assert addrs[a]["ptr"] == {"state": "confirmed", "names": ["mx1.secure.test."], "confirmed": True}, addrs[a]
'
run secure.test.
if grep -q '^  DNSSEC: MX secure$' <<<"$out" &&
    grep -Eq '192.0.2.25/[0-9]+ \(secure, PTR mx1.secure.test.\) 2001:db8::25/[0-9]+ \(secure, PTR mx1.secure.test.\)' <<<"$out"; then
	ok "secure.test text: the MX and each address marked secure, PTR beside"
else
	bad "secure.test text: $out"
fi

# ---- expired signatures: dnssec-bogus naming EDE 7 on the MX and host
expect "expired.test: dnssec-bogus on the MX and the exchange" expired.test. 2 \
	"dnssec-bogus expired.test.;dnssec-bogus mx1.expired.test.;$priv mx1.expired.test.;no-usable-mx expired.test."
jcheck "expired.test JSON: bogus, EDE 7 Signature Expired" expired.test. '
m = r["dnssec"]["mx"]
assert (m["state"], m["ede"], m["ede_name"]) == ("bogus", 7, "Signature Expired"), m
assert "signature expired" in m["reason"], m
f = [f for f in r["findings"] if f["check"] == "dnssec-bogus" and f["subject"] == "expired.test."][0]
assert "EDE 7 (Signature Expired)" in f["message"] and "SERVFAIL" in f["message"], f
assert hosts["mx1.expired.test."]["dnssec"]["a"]["state"] == "bogus"
assert r["mx_rcode"] == "ok", r["mx_rcode"]
'
run expired.test.
if grep -q 'the MX RRset of expired.test. fails DNSSEC validation, EDE 7 (Signature Expired): signature expired' <<<"$out" &&
    ! grep -q 'mx-lookup-failed' <<<"$out"; then
	ok "expired.test text: the EDE text, not a bare SERVFAIL"
else
	bad "expired.test text: $out"
fi

# ---- a record edited after signing (Unbound: EDE 6, DNSSEC Bogus); the
# data came with CD=1 from the resolver's bogus cache, TTL 60, which is
# not judged: the authority layer's TTL (3600) is
expect "tampered.test: dnssec-bogus on the MX" tampered.test. 2 \
	"dnssec-bogus tampered.test.;$priv mx1.tampered.test.;no-usable-mx tampered.test."
jcheck "tampered.test JSON: MX bogus (EDE 6), its host's A secure" tampered.test. '
m = r["dnssec"]["mx"]
assert (m["state"], m["ede"]) == ("bogus", 6), m
assert "signature" in m["reason"], m
assert hosts["mx1.tampered.test."]["dnssec"]["a"]["state"] == "secure"
'

# ---- an unsigned zone; an address without PTR
expect "plain.test: dnssec-unsigned, mx-ptr-missing" plain.test. 2 \
	"dnssec-unsigned plain.test.;$priv mx1.plain.test.;no-usable-mx plain.test.;mx-ptr-missing 192.0.2.26"
jcheck "plain.test JSON: insecure, PTR missing" plain.test. '
assert r["dnssec"]["mx"]["state"] == "insecure", r["dnssec"]
a = addrs["192.0.2.26"]
assert a["dnssec"] == "insecure" and a["ptr"]["state"] == "missing" and a["ptr"]["names"] == [], a
'

# ---- a PTR name that does not resolve back
expect "mismatch.test: mx-ptr-mismatch" mismatch.test. 2 \
	"dnssec-unsigned mismatch.test.;$priv mx1.mismatch.test.;no-usable-mx mismatch.test.;mx-ptr-mismatch 192.0.2.27"
jcheck "mismatch.test JSON: the PTR name, not confirmed" mismatch.test. '
a = addrs["192.0.2.27"]
assert a["ptr"] == {"state": "mismatch", "names": ["old-mx.secure.test."], "confirmed": False}, a
'
run mismatch.test.
if grep -Eq '192.0.2.27/[0-9]+ \(PTR old-mx.secure.test., not confirmed\)' <<<"$out"; then
	ok "mismatch.test text: the PTR name beside the address"
else
	bad "mismatch.test text: $out"
fi

# ---- an exchange in a bogus provider zone (routable test addresses in
# 11.0.0.0/8, never contacted): the primary tier is unusable
expect "uses-bogus.test: dnssec-bogus on the host, mx-primary-unusable" uses-bogus.test. 2 \
	"dnssec-bogus mx.bogus-provider.test.;mx-primary-unusable uses-bogus.test.;mx-single-host backup.secure.test.;mx-no-ipv6 uses-bogus.test."
jcheck "uses-bogus.test JSON: the bogus host unusable" uses-bogus.test. '
h = hosts["mx.bogus-provider.test."]
assert (h["usable"], h["state"]) == (False, "dnssec-bogus"), h
assert h["dnssec"]["a"]["ede"] == 7, h["dnssec"]
assert hosts["backup.secure.test."]["usable"] is True
'
# the same without the layer: today's verdict, a warning ("cannot be
# verified") where validating senders cannot deliver to the primary
expect "uses-bogus.test --no-dnssec: today's mx-target-lookup-failed" uses-bogus.test. 1 \
	"mx-target-lookup-failed mx.bogus-provider.test." --no-dnssec --no-ptr
# the only exchange bogus: no usable MX
expect "uses-bogus.test --ignore mx-single-host: one finding set" uses-bogus.test. 2 \
	"dnssec-bogus mx.bogus-provider.test.;mx-primary-unusable uses-bogus.test.;mx-no-ipv6 uses-bogus.test." \
	--ignore mx-single-host

# ---- the resolver's AD bit instead of libunbound
expect "resolver mode: secure.test as in-process" secure.test. 2 \
	"$priv mx1.secure.test.;$priv mx1.secure.test.;no-usable-mx secure.test." \
	--dnssec-via resolver
expect "resolver mode: expired.test bogus through CD=1" expired.test. 2 \
	"dnssec-bogus expired.test.;dnssec-bogus mx1.expired.test.;$priv mx1.expired.test.;no-usable-mx expired.test." \
	--dnssec-via resolver
expect "resolver mode: plain.test unsigned" plain.test. 2 \
	"dnssec-unsigned plain.test.;$priv mx1.plain.test.;no-usable-mx plain.test.;mx-ptr-missing 192.0.2.26" \
	--dnssec-via resolver

# ---- --no-dnssec --no-ptr (and --no-policy, whose address objects have
# a "dane" key): today's output, no layer's key or mark
for d in secure.test. expired.test. plain.test. mismatch.test.; do
	run --format json --no-dnssec --no-ptr --no-policy "$d"
	if python3 -c '
import json, sys
r = json.loads(sys.argv[1])[0]
assert "dnssec" not in r, r
for t in r["path"]:
    for h in t["hosts"]:
        assert "dnssec" not in h
        for a in h["addresses"]:
            assert set(a) == {"address", "family", "ttl", "routable"}, a
assert not [f for f in r["findings"] if f["check"].startswith(("dnssec-", "mx-ptr-"))], r["findings"]
' "$out" 2>/dev/null; then
		ok "$d --no-dnssec --no-ptr: no layer in the JSON"
	else
		bad "$d --no-dnssec --no-ptr: $out"
	fi
done
run --no-dnssec --no-ptr expired.test.
if grep -q 'mx-lookup-failed' <<<"$out" && ! grep -q 'DNSSEC' <<<"$out" &&
    [ "$rc" -eq 2 ]; then
	ok "expired.test --no-dnssec: today's mx-lookup-failed, no DNSSEC line"
else
	bad "expired.test --no-dnssec: $out"
fi

# ---- a resolver that never answers: the validator gives up with the
# path (3 x --timeout x --tries), the verdict is unknown, no hang
python3 -c '
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.9", 53))
end = time.time() + 60
while time.time() < end:
    s.settimeout(1)
    try:
        s.recv(4096)
    except OSError:
        pass
' &
server_pids+=($!)
sleep 0.3
t0=$(date +%s%N)
out=$(timeout 30 "$mxdig" @127.0.0.9 --timeout 1 --tries 1 --trust-anchor "$anchor" --format json secure.test. 2>"$work/stderr")
rc=$?
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
if [ "$rc" -eq 3 ] && [ "$ms" -ge 900 ] && [ "$ms" -le 6000 ] && python3 -c '
import json, sys
r = json.loads(sys.argv[1])[0]
m = r["dnssec"]["mx"]
assert r["status"] == "unknown" and m["state"] == "indeterminate", (r["status"], m)
assert m["reason"] == "the validator had no answer within 3000 ms", m
' "$out"; then
	ok "silent resolver: unknown after ${ms} ms, the validator indeterminate"
else
	bad "silent resolver: exit $rc after ${ms} ms: $out"
fi

t0=$(date +%s%N)
out=$(timeout 30 "$mxdig" @127.0.0.9 --timeout 5 --deadline 0.5 --trust-anchor "$anchor" secure.test. 2>&1)
rc=$?
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
if [ "$rc" -eq 3 ] && [ "$ms" -le 3000 ] && grep -q 'no answer by the deadline' <<<"$out"; then
	ok "silent resolver, --deadline 0.5: unknown after ${ms} ms, validator cancelled"
else
	bad "silent resolver --deadline: exit $rc after ${ms} ms: $out"
fi

# ---- a batch: every domain as alone, the shared answers from the cache
printf 'secure.test.\nuses-bogus.test.\nplain.test.\nsecure.test.\n' >"$work/list"
run --format json -f "$work/list"
if python3 -c '
import json, sys
rs = json.loads(sys.argv[1])
got = {}
for r in rs:
    got.setdefault(r["domain"], []).append(sorted((f["check"], f["subject"]) for f in r["findings"]))
assert len(rs) == 4, len(rs)
assert got["secure.test."][0] == got["secure.test."][1]
assert [c for c, s in got["secure.test."][0]] == ["mx-target-private-address"] * 2 + ["no-usable-mx"], got
assert ("dnssec-bogus", "mx.bogus-provider.test.") in got["uses-bogus.test."][0], got
assert ("mx-ptr-missing", "192.0.2.26") in got["plain.test."][0], got
' "$out"; then
	ok "batch of 4: each domain's findings as alone"
else
	bad "batch: $(python3 -c '
import json, sys
for r in json.loads(sys.argv[1]):
    print(r["domain"], r["status"], sorted(f["check"] for f in r["findings"]), r.get("failures"))' "$out")"
	cat "$work/stderr"
fi
# four worker threads, each with its own validator: the same lines
run --format jsonl --threads 4 --concurrency 4 -f "$work/list"
one=$(python3 -c '
import json, sys
for l in sys.argv[1].splitlines():
    r = json.loads(l)
    print(r["domain"], r["status"], r["dnssec"]["mx"]["state"], sorted(f["check"] for f in r["findings"]))' "$out" | sort)
run --format jsonl --threads 1 -f "$work/list"
two=$(python3 -c '
import json, sys
for l in sys.argv[1].splitlines():
    r = json.loads(l)
    print(r["domain"], r["status"], r["dnssec"]["mx"]["state"], sorted(f["check"] for f in r["findings"]))' "$out" | sort)
if [ -n "$one" ] && [ "$one" = "$two" ] && [ "$(wc -l <<<"$one")" -eq 4 ]; then
	ok "batch --threads 4: the same findings as one thread"
else
	bad "batch --threads 4: $one // $two"
	cat "$work/stderr"
fi

# ---- zone files with --live: the files' names are not judged by live
# validation (lint checks their signatures)
run --format json --zone "$z/plain.test.zone" --live plain.test.
if python3 -c '
import json, sys
r = json.loads(sys.argv[1])[0]
assert r["source"] == "zone+live" and "dnssec" not in r, r
assert not [f for f in r["findings"] if f["check"].startswith(("dnssec-", "mx-ptr-"))], r["findings"]
' "$out"; then
	ok "--zone --live: no DNSSEC or reverse layer"
else
	bad "--zone --live: $out"
fi

# ---- a trust anchor that cannot be read
out=$(timeout 20 "$mxdig" @127.0.0.1 --trust-anchor "$work/no-such.key" secure.test. 2>&1)
rc=$?
if [ "$rc" -eq 3 ] && grep -q "trust anchor $work/no-such.key: " <<<"$out"; then
	ok "--trust-anchor with a missing file: exit 3, the file named"
else
	bad "--trust-anchor missing: exit $rc: $out"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

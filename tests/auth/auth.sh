#!/bin/bash
# auth.sh MXDIG SRCDIR -- the authority layer (issue 12) in the test
# network: a fake root (127.0.0.2) and "test." (127.0.0.3) delegating to
# NSD on 127.0.0.4 and .5, an NSD on .6 that serves none of the zones
# (REFUSED), a scripted server on .7 (no AA bit for lame.test; SERVFAIL
# for AAAA in flaky.test), nothing on .8 and .9; Unbound on 127.0.0.1
# (unreach.test reaches it through a stub, while its NS names only the
# silent 127.0.0.8).  Each case: the exact findings and exit status, the
# authority view in JSON, and --no-auth.  Needs root for unshare -n.
set -u
. "$2/tests/lib.sh"
netns_enter "$0" "$@"
mxdig=$1
src=$2
test_begin nsd unbound dig python3
# the authority layer on its own: the DNSSEC and reverse layers (tests/dnssec)
# would add dnssec-unsigned and mx-ptr-missing to every case here
mxdig=$(mxdig_today "$mxdig")
netns_addr 192.0.2.25 192.0.2.26 192.0.2.27 2001:db8::25 2001:db8::26 \
	2001:db8::27 2001:db8::53 2001:db8::54 || { bad "adding test addresses"; exit 1; }
R="--routable 192.0.2.0/24 --routable 2001:db8::/32"

z=$work/zones
mkdir -p "$z"
# zone NAME SERIAL NS-LINES MX-LINES [TTL]: an unsigned zone file
zone() {
	printf '$ORIGIN %s.\n$TTL %s\n@ SOA ns1 h %s 3600 600 86400 300\n%s\n%s\n' \
		"$1" "${5:-3600}" "$2" "$3" "$4" >"$z/$1.$2.zone"
}
hosts='mx1 300 A 192.0.2.25
mx1 300 AAAA 2001:db8::25'
zone agree.test 2026120101 '@ NS ns1
@ NS ns2
ns1 A 127.0.0.4
ns2 A 127.0.0.5' "@ MX 10 mx1
sub MX 10 mx1
alias CNAME mig.test.
$hosts"
mig_ns='@ NS ns1
@ NS ns2
ns1 A 127.0.0.4
ns2 A 127.0.0.5'
mig_hosts='mx-new A 192.0.2.26
mx-new AAAA 2001:db8::26
mx-old A 192.0.2.25
mx-old AAAA 2001:db8::25'
zone mig.test 2026120102 "$mig_ns" "@ MX 10 mx-new
$mig_hosts"
zone mig.test 2026110501 "$mig_ns" "@ MX 10 mx-old
$mig_hosts"
zone dead.test 1 '@ NS ns1
@ NS ns2
ns1 A 127.0.0.4
ns2 A 127.0.0.9' "@ MX 10 mx1
$hosts"
zone lame.test 2026120101 '@ NS ns1
@ NS ns2
@ NS ns3
ns1 A 127.0.0.4
ns2 A 127.0.0.6
ns3 A 127.0.0.7' "@ MX 10 mx1
$hosts"
zone unreach.test 1 '@ NS ns1
ns1 A 127.0.0.8' "@ MX 10 mx1
$hosts"
zone ttl300.test 1 '@ NS ns1
ns1 A 127.0.0.4' "@ 300 MX 10 mx1
$hosts"
zone ttl60.test 1 '@ NS ns1
ns1 A 127.0.0.4' "@ 60 MX 10 mx1
$hosts"
zone mism.test 1 '@ NS ns1
ns1 A 127.0.0.4' "@ 300 MX 10 mx1
@ 600 MX 20 mx2
mx2 300 A 192.0.2.26
mx2 300 AAAA 2001:db8::26
$hosts"
zone zero.test 1 '@ NS ns1
ns1 A 127.0.0.4' "@ MX 10 mx1
mx1 0 A 192.0.2.25
mx1 300 AAAA 2001:db8::25"
zone v6.test 1 '@ NS ns1
ns1 A 127.0.0.4' '@ MX 10 mx6
mx6 AAAA 2001:db8::26'
# fam.test: ns1 has an IPv4 address that answers and an IPv6 one where
# nothing listens, ns2 only an IPv6 address (NSD on 2001:db8::54)
zone fam.test 1 '@ NS ns1
@ NS ns2
ns1 A 127.0.0.4
ns1 AAAA 2001:db8::53
ns2 AAAA 2001:db8::54' "@ MX 10 mx1
$hosts"
# refer.test: ns2 (the scripted server) answers with a referral, for
# mail.refer.test after a stale CNAME; www is an alias of mail, whose MX
# the servers are asked again
zone refer.test 1 '@ NS ns1
@ NS ns2
ns1 A 127.0.0.4
ns2 A 127.0.0.7' "@ MX 10 mx1
mail MX 10 mx1
www CNAME mail
$hosts"
zone other.test 1 '@ NS ns1
ns1 A 127.0.0.6' ''
cat >"$z/test.zone" <<'Z'
$ORIGIN test.
$TTL 3600
@	SOA ns hostmaster 1 3600 600 86400 300
@	NS ns
ns	A 127.0.0.3
agree	NS ns1.agree
agree	NS ns2.agree
ns1.agree	A 127.0.0.4
ns2.agree	A 127.0.0.5
mig	NS ns1.mig
mig	NS ns2.mig
ns1.mig	A 127.0.0.4
ns2.mig	A 127.0.0.5
dead	NS ns1.dead
dead	NS ns2.dead
ns1.dead	A 127.0.0.4
ns2.dead	A 127.0.0.9
lame	NS ns1.lame
lame	NS ns2.lame
lame	NS ns3.lame
ns1.lame	A 127.0.0.4
ns2.lame	A 127.0.0.6
ns3.lame	A 127.0.0.7
unreach	NS ns1.unreach
ns1.unreach	A 127.0.0.8
ttl300	NS ns1.ttl300
ns1.ttl300	A 127.0.0.4
ttl60	NS ns1.ttl60
ns1.ttl60	A 127.0.0.4
v6	NS ns1.v6
ns1.v6	A 127.0.0.4
mism	NS ns1.mism
ns1.mism	A 127.0.0.4
zero	NS ns1.zero
ns1.zero	A 127.0.0.4
flaky	NS ns.flaky
ns.flaky	A 127.0.0.7
top	NS ns.top
ns.top	A 127.0.0.7
other	NS ns1.other
ns1.other	A 127.0.0.6
fam	NS ns1.fam
fam	NS ns2.fam
ns1.fam	A 127.0.0.4
ns1.fam	AAAA 2001:db8::53
ns2.fam	AAAA 2001:db8::54
refer	NS ns1.refer
refer	NS ns2.refer
ns1.refer	A 127.0.0.4
ns2.refer	A 127.0.0.7
Z
cat >"$z/root.zone" <<'Z'
$ORIGIN .
$TTL 86400
.	SOA lab-root. hostmaster.lab-root. 1 1800 900 604800 86400
.	NS lab-root.
lab-root.	A 127.0.0.2
test.	NS ns.test.
ns.test.	A 127.0.0.3
Z

lab_root_addr=127.0.0.2
lab_nsd 127.0.0.2 . "$z/root.zone" || { bad "root server"; exit 1; }
lab_nsd 127.0.0.3 test. "$z/test.zone" || { bad "test. server"; exit 1; }
lab_nsd 127.0.0.4 agree.test. "$z/agree.test.2026120101.zone" \
	mig.test. "$z/mig.test.2026120102.zone" \
	dead.test. "$z/dead.test.1.zone" \
	lame.test. "$z/lame.test.2026120101.zone" \
	unreach.test. "$z/unreach.test.1.zone" \
	ttl300.test. "$z/ttl300.test.1.zone" \
	ttl60.test. "$z/ttl60.test.1.zone" \
	v6.test. "$z/v6.test.1.zone" \
	mism.test. "$z/mism.test.1.zone" \
	zero.test. "$z/zero.test.1.zone" \
	fam.test. "$z/fam.test.1.zone" \
	refer.test. "$z/refer.test.1.zone" || { bad "NSD on 127.0.0.4"; exit 1; }
lab_nsd 2001:db8::54 fam.test. "$z/fam.test.1.zone" || { bad "NSD on 2001:db8::54"; exit 1; }
lab_nsd 127.0.0.5 agree.test. "$z/agree.test.2026120101.zone" \
	mig.test. "$z/mig.test.2026110501.zone" || { bad "NSD on 127.0.0.5"; exit 1; }
lab_nsd 127.0.0.6 other.test. "$z/other.test.1.zone" || { bad "NSD on 127.0.0.6"; exit 1; }
python3 "$src/tests/auth/scripted.py" 127.0.0.7 &
server_pids+=($!)
lab_wait 127.0.0.7 flaky.test || { bad "scripted server on 127.0.0.7"; exit 1; }
lab_unbound "" || { bad "unbound"; exit 1; }
lab_unbound_restart <<'U' || { bad "unbound with the unreach.test stub"; exit 1; }
stub-zone:
	name: "unreach.test."
	stub-addr: 127.0.0.4
server:
	interface: ::1
	access-control: ::1 allow
U
ok "servers up: root, test., NSD x3, scripted, unbound"
# Unbound picks among NS addresses at random, 127.0.0.9 and the lame ones
# among them: its cache is filled first, so that the runs below do not
# depend on its choice within mxdig's --timeout
for d in agree mig dead lame unreach ttl300 ttl60 v6 flaky top mism zero fam refer; do
	timeout 60 "$mxdig" --no-auth --timeout 5 --tries 2 @127.0.0.1 $d.test >/dev/null 2>&1
done

# findings DOMAIN ARGS...: "check subject" lines of a gcc run, sorted,
# and the exit status as a last line "exit N".
findings() {
	local d=$1 out rc
	shift
	out=$(timeout 60 "$mxdig" --format json --timeout 2 --tries 1 @${SRV-127.0.0.1} ${RT-$R} "$@" "$d" 2>&1)
	rc=$?
	printf '%s\n' "$out" >"$work/last.json"
	python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))[0]
for f in sorted((f["check"], f["subject"]) for f in r["findings"]):
    print(*f)
' "$work/last.json" 2>&1
	echo "exit $rc"
}
# expect NAME EXPECTED DOMAIN ARGS...
expect() {
	local name=$1 want=$2 got
	shift 2
	got=$(findings "$@")
	if [ "$got" = "$want" ]; then
		ok "$name"
	else
		bad "$name: expected
$want
got
$got"
		cat "$work/last.json"
	fi
}
# view NAME PYTHON-ASSERTIONS: on the last JSON document (r)
view() {
	if python3 - "$work/last.json" "$2" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))[0]
a = r.get("authority")  # absent for sources without the layer
exec(sys.argv[2])
PY
	then ok "$1"; else bad "$1"; cat "$work/last.json"; fi
}

# servers that agree: nothing to say
expect "agree.test: servers agree, no finding" "exit 0" agree.test
view "agree.test: JSON authority view" '
assert a["state"] == "done" and a["zone"] == "agree.test.", a
assert a["ns"] == ["ns1.agree.test.", "ns2.agree.test."], a["ns"]
assert [(s["name"], s["address"], s["state"], s["serial"], [m["exchange"] for m in s["mx"]])
        for s in a["servers"]] == [
    ("ns1.agree.test.", "127.0.0.4", "ok", 2026120101, ["mx1.agree.test."]),
    ("ns2.agree.test.", "127.0.0.5", "ok", 2026120101, ["mx1.agree.test."])], a["servers"]
assert a["mx_consistent"] and a["serial_consistent"]
assert r["ttl_kind"] == "resolver-cache" and r["ttl_note"] is None, r
'

# below the apex: the zone is the closest enclosing one; an alias: the
# zone of its canonical name
expect "sub.agree.test: no finding" "exit 0" sub.agree.test
view "sub.agree.test: zone agree.test., MX of sub.agree.test. asked" '
assert (a["zone"], a["mx_name"]) == ("agree.test.", "sub.agree.test."), a
assert [[m["exchange"] for m in s["mx"]] for s in a["servers"]] == [["mx1.agree.test."]] * 2, a
'
expect "alias.agree.test -> mig.test: domain-cname, mx-inconsistent of mig.test" "domain-cname alias.agree.test.
mx-inconsistent mig.test.
soa-serial-mismatch mig.test.
exit 2" alias.agree.test
view "alias.agree.test: the authority view is mig.test.'s" '
assert (a["zone"], a["mx_name"]) == ("mig.test.", "mig.test."), a
'

# a half-done migration: two MX sets, two serials; the timeline in text
expect "mig.test: mx-inconsistent and soa-serial-mismatch, exit 2" "mx-inconsistent mig.test.
soa-serial-mismatch mig.test.
exit 2" mig.test
view "mig.test: JSON authority view of both servers" '
assert [(s["name"], s["serial"], [(m["preference"], m["exchange"], m["ttl"]) for m in s["mx"]])
        for s in a["servers"]] == [
    ("ns1.mig.test.", 2026120102, [(10, "mx-new.mig.test.", 3600)]),
    ("ns2.mig.test.", 2026110501, [(10, "mx-old.mig.test.", 3600)])], a["servers"]
assert not a["mx_consistent"] and not a["serial_consistent"]
'
out=$("$mxdig" --timeout 2 --tries 1 @127.0.0.1 $R mig.test 2>&1)
if grep -qF '  ns1.mig.test. 127.0.0.4  ok  serial 2026120102  MX 10 mx-new.mig.test. (TTL 3600)' <<<"$out" &&
    grep -qF '  ns2.mig.test. 127.0.0.5  ok  serial 2026110501  MX 10 mx-old.mig.test. (TTL 3600)' <<<"$out" &&
    grep -qF '  migration: serial 2026110501 serves the old set, serial 2026120102 the new one; resolvers may go on handing out the old set for up to 3600 s (its TTL)' <<<"$out"; then
	ok "mig.test: text output lists each server and the migration timeline"
else
	bad "mig.test text output: $out"
fi

# an NS address where nothing listens
expect "dead.test: ns-unreachable, exit 1" "ns-unreachable ns2.dead.test.
exit 1" dead.test
view "dead.test: JSON marks 127.0.0.9 unreachable" '
assert [(s["address"], s["state"]) for s in a["servers"]] == [
    ("127.0.0.4", "ok"), ("127.0.0.9", "unreachable")], a["servers"]
'

# the deadline while only the authority layer waits (for 127.0.0.9): the
# server did not answer in time, the path is known, so not unknown (3)
t0=$(date +%s%N)
expect "dead.test --deadline 1 --timeout 5: ns-unreachable, exit 1, not 3" "ns-unreachable ns2.dead.test.
exit 1" dead.test --deadline 1 --timeout 5
ms=$((($(date +%s%N) - t0) / 1000000))
if [ $ms -lt 4000 ]; then ok "dead.test --deadline 1: ended by the deadline ($ms ms)"
else bad "dead.test --deadline 1: took $ms ms"; fi
view "dead.test --deadline 1: 127.0.0.9 unreachable, the path known" '
assert [(s["address"], s["state"]) for s in a["servers"]] == [
    ("127.0.0.4", "ok"), ("127.0.0.9", "unreachable")], a["servers"]
assert r["status"] == "warning" and r["path"][0]["hosts"][0]["usable"], r
'

# REFUSED (NSD without the zone) and no AA (the scripted server)
expect "lame.test: ns-lame for REFUSED and for no AA, exit 1" "ns-lame ns2.lame.test.
ns-lame ns3.lame.test.
exit 1" lame.test
view "lame.test: JSON says why each is lame" '
assert [(s["address"], s["state"], s["detail"]) for s in a["servers"]] == [
    ("127.0.0.4", "ok", None), ("127.0.0.6", "lame", "REFUSED"),
    ("127.0.0.7", "lame", "no AA bit: not authoritative")], a["servers"]
'

# no authoritative server reachable (the resolver reaches the data
# another way): one info, the exit status of the other findings (none)
expect "unreach.test: auth-unreachable info only, exit 0" "auth-unreachable unreach.test.
exit 0" unreach.test
view "unreach.test: JSON state unreachable, TTL checks skipped with a note" '
assert a["state"] == "unreachable", a
assert r["ttl_note"].startswith("TTL checks skipped: no authoritative server could be reached"), r["ttl_note"]
'
# ... and with a finding of its own, the exit status is that finding's
expect "unreach.test with --ttl-max 10: still exit 0 (TTL checks skipped)" "auth-unreachable unreach.test.
exit 0" unreach.test --ttl-min 1 --ttl-max 10

# TTL flapping: the resolver's TTL counts down, the published one does not
for i in 1 2 3; do
	expect "ttl300.test run $i: no mx-ttl-low" "exit 0" ttl300.test
	expect "ttl60.test run $i: mx-ttl-low" "mx-ttl-low ttl60.test.
exit 1" ttl60.test
	[ $i -lt 3 ] && sleep 3
done
view "ttl60.test: the published TTL in the authority view" '
assert [m["ttl"] for m in a["servers"][0]["mx"]] == [60], a
'

# records of one RRset with different TTLs at the server (the resolver
# hands out one TTL for the set): ttl-mismatch
expect "mism.test: ttl-mismatch from the authoritative MX RRset" "ttl-mismatch mism.test.
exit 1" mism.test
expect "mism.test --no-auth: not judged" "exit 0" mism.test --no-auth
# an exchange in the zone published with TTL 0: its server sends the
# address beside the MX answer, and that TTL is judged
expect "zero.test: ttl-zero on the in-zone exchange's A" "ttl-zero mx1.zero.test.
exit 1" zero.test

# an IPv6-only exchange; an AAAA lookup that fails
expect "v6.test: mx-no-ipv4 (and mx-single-host), exit 1" "mx-no-ipv4 v6.test.
mx-single-host mx6.v6.test.
exit 1" v6.test
expect "flaky.test: AAAA SERVFAIL gives mx-target-lookup-failed, no mx-no-ipv6" "mx-target-lookup-failed mx.flaky.test.
exit 1" flaky.test

# an authoritative TTL with the top bit set counts as 0 (RFC 2181 §8)
expect "top.test: MX published with TTL 2^31 is ttl-zero, no mx-ttl-high" "mx-no-ipv6 top.test.
mx-single-host mx.top.test.
ttl-zero top.test.
exit 1" top.test
view "top.test: the authority view shows TTL 0" '
assert [m["ttl"] for m in a["servers"][0]["mx"]] == [0], a
'

# a name under no TLD: no authority view (the root's servers are not
# asked), the path's finding alone
expect "nope.invalid: domain-nxdomain only, exit 2" "domain-nxdomain nope.invalid.
exit 2" nope.invalid
view "nope.invalid: authority no-zone, the root not asked" '
assert a["state"] == "no-zone" and a["servers"] == [] and "root zone" in a["detail"], a
'

# a batch: NS sets, addresses and the servers' answers come from the
# cache for a domain checked again (the same number of queries sent for
# the list twice over as once)
sent() {
	timeout 60 "$mxdig" --concurrency 1 --timeout 2 --tries 1 @127.0.0.1 $R \
	    -f "$1" 2>&1 >/dev/null | sed -n 's/.*; \([0-9]*\) queries sent.*/\1/p'
}
printf 'mig.test\nagree.test\n' >"$work/once.txt"
printf 'mig.test\nagree.test\nmig.test\nagree.test\nsub.agree.test\n' >"$work/twice.txt"
once=$(sent "$work/once.txt") twice=$(sent "$work/twice.txt")
# sub.agree.test costs 4: its MX through the resolver, its NS (NODATA),
# and its MX at each of the 2 servers; the rest (agree.test's NS set, the
# NS addresses, the zone's SOA at each server, mx1's addresses) is cached
if [ -n "$once" ] && [ "$twice" = $((once + 4)) ]; then
	ok "batch: authority answers cached across domains ($once queries once, $twice with the list again and sub.agree.test)"
else
	bad "batch: $once queries for the list once, $twice with it again and sub.agree.test"
fi

# --no-auth: the path as before, no authority view, TTL checks skipped
# with one note; bad --routable is a usage error
expect "mig.test --no-auth: no authority finding, exit 0" "exit 0" mig.test --no-auth
view "mig.test --no-auth: authority null, ttl_note says --no-auth" '
assert a is None, a
assert "--no-auth" in r["ttl_note"], r["ttl_note"]
'
expect "ttl60.test --no-auth: mx-ttl-low not judged on the cache TTL" "exit 0" ttl60.test --no-auth
out=$("$mxdig" --no-auth --timeout 2 --tries 1 @127.0.0.1 $R ttl60.test 2>&1)
if [ "$(grep -c '^Note: TTL checks skipped: the authority layer is off (--no-auth)' <<<"$out")" = 1 ] &&
    ! grep -q '^Authority' <<<"$out"; then
	ok "ttl60.test --no-auth: one note line, no authority summary"
else
	bad "ttl60.test --no-auth text: $out"
fi
RT="--routable 10.0.0.0/8" expect "agree.test with --routable 10.0.0.0/8 only: mx-target-private-address" "mx-target-private-address mx1.agree.test.
mx-target-private-address mx1.agree.test.
no-usable-mx agree.test.
exit 2" agree.test --no-auth
"$mxdig" --routable 192.0.2.0/33 agree.test >"$work/out" 2>&1
rc=$?
if [ $rc = 3 ] && grep -q "^mxdig: --routable: '192.0.2.0/33' is not an IPv4 or IPv6 prefix" "$work/out"; then
	ok "--routable 192.0.2.0/33: usage error, exit 3"
else
	bad "--routable 192.0.2.0/33: exit $rc: $(cat "$work/out")"
fi

# -4 and -6 limit the servers asked to that family: the others are listed
# as skipped, never reported unreachable (fam.test: ns1's IPv6 address is
# dead, ns2 has only an IPv6 one)
expect "fam.test: ns-unreachable for ns1's dead IPv6 address, exit 1" "ns-unreachable ns1.fam.test.
exit 1" fam.test
view "fam.test: JSON, both families asked" '
assert [(s["address"], s["state"]) for s in a["servers"]] == [
    ("127.0.0.4", "ok"), ("2001:db8::53", "unreachable"), ("2001:db8::54", "ok")], a["servers"]
'
expect "fam.test -4: the IPv6 addresses not asked, no finding, exit 0" "exit 0" fam.test -4
view "fam.test -4: JSON marks the IPv6 addresses skipped" '
assert [(s["address"], s["state"], s["detail"]) for s in a["servers"]] == [
    ("127.0.0.4", "ok", None),
    ("2001:db8::53", "skipped", "IPv6 address, not asked (-4)"),
    ("2001:db8::54", "skipped", "IPv6 address, not asked (-4)")], a["servers"]
assert [s["mx_rcode"] for s in a["servers"]] == ["ok", None, None], a["servers"]
assert a["state"] == "done" and r["ttl_note"] is None, (a, r["ttl_note"])
'
out=$("$mxdig" -4 --timeout 2 --tries 1 @127.0.0.1 $R fam.test 2>&1)
if grep -qxF 'Authority: zone fam.test., 1 server address (2 more of the other family not asked: IPv6, -4), all agree (serial 1)' <<<"$out"; then
	ok "fam.test -4: the text summary says what was not asked"
else
	bad "fam.test -4 text output: $out"
fi
SRV=::1 expect "fam.test -6 @::1: ns-unreachable for the dead IPv6 address only, exit 1" "ns-unreachable ns1.fam.test.
exit 1" fam.test -6
view "fam.test -6: JSON marks the IPv4 address skipped" '
assert [(s["address"], s["state"]) for s in a["servers"]] == [
    ("127.0.0.4", "skipped"), ("2001:db8::53", "unreachable"), ("2001:db8::54", "ok")], a["servers"]
assert a["servers"][0]["detail"] == "IPv4 address, not asked (-6)", a["servers"][0]
'
SRV=::1 expect "agree.test -6 @::1: no IPv6 server, auth-unreachable only, exit 0" "auth-unreachable agree.test.
exit 0" agree.test -6

# a server that answers with a referral, asked for the same MX twice in
# one run (mail.refer.test, and www.refer.test, an alias of it): the
# second answer (its stale CNAME has a TTL) comes from the cache, and
# says "referral" as the first did
printf 'mail.refer.test\nwww.refer.test\n' >"$work/refer.txt"
timeout 60 "$mxdig" --format json --concurrency 1 --timeout 2 --tries 1 @127.0.0.1 $R \
    -f "$work/refer.txt" >"$work/refer.json" 2>&1
rc=$?
if python3 - "$work/refer.json" <<'PY'
import json, sys
rs = json.load(open(sys.argv[1]))
got = [(r["domain"], sorted((f["check"], f["subject"]) for f in r["findings"]),
        [(s["address"], s["state"], s["detail"]) for s in r["authority"]["servers"]])
       for r in rs]
lame = [("127.0.0.4", "ok", None), ("127.0.0.7", "lame", "a referral, not an answer")]
want = [("mail.refer.test.", [("ns-lame", "ns2.refer.test.")], lame),
        ("www.refer.test.", [("domain-cname", "www.refer.test."), ("ns-lame", "ns2.refer.test.")], lame)]
assert got == want, got
PY
then
	[ $rc = 1 ] && ok "mail.refer.test, www.refer.test: the same referral detail both times, exit 1" ||
	    bad "mail.refer.test, www.refer.test: exit $rc"
else
	bad "mail.refer.test, www.refer.test: $(cat "$work/refer.json")"
fi

# --zone FILE --live: the domains the files cover are judged on the files
# (no authority layer: the file is the source of truth), the domains
# answered live get the authority layer as without --zone
cat >"$z/zl.zone" <<'Z'
$ORIGIN zl.test.
$TTL 3600
@	SOA ns1 hostmaster 1 3600 600 86400 300
@	NS ns1
ns1	A 192.0.2.26
@	60 MX 10 mx1
mx1	A 192.0.2.25
mx1	AAAA 2001:db8::25
Z
ZL="--zone $z/zl.zone --live"
expect "--zone --live mig.test (live): mx-inconsistent, soa-serial-mismatch, exit 2" "mx-inconsistent mig.test.
soa-serial-mismatch mig.test.
exit 2" mig.test $ZL
view "--zone --live mig.test: the authority view, the cache TTL not judged" '
assert a["state"] == "done" and a["zone"] == "mig.test.", a
assert [s["serial"] for s in a["servers"]] == [2026120102, 2026110501], a["servers"]
assert r["source"] == "zone+live" and r["ttl_kind"] == "resolver-cache", r
'
# the resolver's TTL of ttl300.test counts down from 300 (the runs above
# fetched it): judged, it would be mx-ttl-low; the servers publish 300
expect "--zone --live ttl300.test: the published TTL judged, no mx-ttl-low" "exit 0" ttl300.test $ZL
expect "--zone --live ttl60.test: mx-ttl-low from the servers" "mx-ttl-low ttl60.test.
exit 1" ttl60.test $ZL
expect "--zone --live --no-auth ttl60.test: not judged" "exit 0" ttl60.test $ZL --no-auth
expect "--zone --live zl.test (in the file): mx-ttl-low from the file, exit 1" "mx-ttl-low zl.test.
exit 1" zl.test $ZL
view "--zone --live zl.test: no authority view for the file's domain" '
assert a is None, a
assert r.get("ttl_note") is None, r
'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

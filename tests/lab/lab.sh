#!/bin/bash
# lab.sh MXDIG SRCDIR -- the test network itself, as the authority, SMTP
# and policy tests use it: inside a private network namespace, a signed
# fake root on 127.0.0.2, a signed "test." on 127.0.0.3, a signed
# example.test on two servers (127.0.0.4, 127.0.0.5) and Unbound on
# 127.0.0.1 validating from the root's key.  Asserts that the chain
# validates (AD from Unbound), that a zone left unsigned is insecure, and
# what mxdig reads through it.  Needs root for unshare -n.
set -u
. "$2/tests/lib.sh"
netns_enter "$0" "$@"
mxdig=$1
test_begin nsd unbound dig ldns-keygen ldns-signzone ss
netns_addr 192.0.2.25 2001:db8::25 || { bad "adding test addresses"; exit 1; }

z=$work/zones
mkdir -p "$z"
cat >"$z/example.test.zone" <<'Z'
$ORIGIN example.test.
$TTL 3600
@	SOA ns1 hostmaster 2026120101 3600 600 86400 300
@	NS ns1
@	NS ns2
@	MX 10 mx1
ns1	A 127.0.0.4
ns2	A 127.0.0.5
mx1	A 192.0.2.25
mx1	AAAA 2001:db8::25
Z
cat >"$z/plain.test.zone" <<'Z'
$ORIGIN plain.test.
$TTL 3600
@	SOA ns1 hostmaster 1 3600 600 86400 300
@	NS ns1
@	MX 10 mx1.example.test.
ns1	A 127.0.0.4
Z
lab_sign example.test. "$z/example.test.zone" "$z/example.test.signed" ||
	{ bad "signing example.test"; exit 1; }
{
	cat <<'Z'
$ORIGIN test.
$TTL 3600
@	SOA ns hostmaster 1 3600 600 86400 300
@	NS ns
ns	A 127.0.0.3
example	NS ns1.example
example	NS ns2.example
ns1.example	A 127.0.0.4
ns2.example	A 127.0.0.5
plain	NS ns1.plain
ns1.plain	A 127.0.0.4
Z
	cat "$work/keys/example.test.ds"
} >"$z/test.zone"
lab_sign test. "$z/test.zone" "$z/test.signed" || { bad "signing test."; exit 1; }
{
	cat <<'Z'
$ORIGIN .
$TTL 86400
.	SOA lab-root. hostmaster.lab-root. 1 1800 900 604800 86400
.	NS lab-root.
lab-root.	A 127.0.0.2
test.	NS ns.test.
ns.test.	A 127.0.0.3
Z
	cat "$work/keys/test.ds"
} >"$z/root.zone"
lab_sign . "$z/root.zone" "$z/root.signed" || { bad "signing the root"; exit 1; }

lab_root_addr=127.0.0.2
lab_nsd 127.0.0.2 . "$z/root.signed" || { bad "root server"; exit 1; }
lab_nsd 127.0.0.3 test. "$z/test.signed" || { bad "test. server"; exit 1; }
lab_nsd 127.0.0.4 example.test. "$z/example.test.signed" \
	plain.test. "$z/plain.test.zone" || { bad "ns1.example.test"; exit 1; }
lab_nsd 127.0.0.5 example.test. "$z/example.test.signed" ||
	{ bad "ns2.example.test"; exit 1; }
lab_unbound "$work/keys/root.ds" || { bad "unbound"; exit 1; }
ok "servers up: root, test., example.test x2, unbound"

out=$(dig +dnssec +time=2 +tries=1 @127.0.0.1 example.test MX)
if grep -q 'flags: qr rd ra ad' <<<"$out" &&
    grep -q 'MX	10 mx1.example.test.' <<<"$out"; then
	ok "example.test MX validates through the lab (AD)"
else
	bad "example.test MX does not validate: $out"
fi
out=$(dig +dnssec +time=2 +tries=1 @127.0.0.1 plain.test MX)
if grep -q 'status: NOERROR' <<<"$out" && ! grep -q 'flags: qr rd ra ad' <<<"$out"; then
	ok "plain.test MX answers, insecure (no AD)"
else
	bad "plain.test MX: $out"
fi
if dig +time=1 +tries=1 @192.0.2.25 . SOA >/dev/null 2>&1 ||
    ! ip addr show lo | grep -q 192.0.2.25; then
	bad "192.0.2.25 is not a quiet test-host address on the namespace's loopback"
else
	ok "test-host address 192.0.2.25 on the namespace's loopback"
fi

# mxdig through the lab's resolver: the one exchange, both families.
out=$("$mxdig" @127.0.0.1 --format json example.test 2>&1)
if python3 - "$out" <<'PY'
import json, sys
r = json.loads(sys.argv[1])[0]
hosts = [h for t in r["path"] for h in t["hosts"]]
got = [(h["exchange"], sorted(a["address"] for a in h["addresses"])) for h in hosts]
assert got == [("mx1.example.test.", ["192.0.2.25", "2001:db8::25"])], got
PY
then
	ok "mxdig reads example.test's path through the lab"
else
	bad "mxdig through the lab: $out"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

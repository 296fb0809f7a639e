#!/bin/bash
# signed.sh MXDIG SRCDIR -- signed zone files (#14): fixtures signed at
# test time with ldns-keygen and ldns-signzone, with validity windows
# relative to now, so that no clock hook is needed: valid (no finding),
# expiring in 3 days (dnssec-signature-expiring, and none with
# --sig-days 2), expired and not yet valid (dnssec-signature-expired), one
# record edited after signing (dnssec-signature-invalid on that RRset
# only), a record added after signing (no RRSIG), a record off the mail
# path edited (no finding), a missing DNSKEY, and the same zone unsigned
# (none).  Each run asserts the exact findings (file:line, severity,
# check, subject) and the exit status.  Offline; every run under timeout.
set -u
mxdig=$1
src=$2
. "$src/tests/lib.sh"
test_begin ldns-keygen ldns-signzone timeout

cd "$work" || exit 1
cat >zone <<'EOF'
$ORIGIN signed.test.
$TTL 3600
@	SOA ns1 hostmaster 2026010101 3600 900 604800 300
@	NS ns1
ns1	A 93.184.216.53
@	MX 10 mx1
@	MX 20 mx2
mx1	A 93.184.216.1
mx1	AAAA 2606:2800:220:1::1
mx2	A 93.184.216.2
mx2	AAAA 2606:2800:220:1::2
_25._tcp.mx1 TLSA 3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
www	A 93.184.216.80
EOF

# stamp SECONDS: now + SECONDS as an RRSIG time (RFC 4034 §3.2)
stamp() { date -u -d "@$(($(date +%s) + $1))" +%Y%m%d%H%M%S; }

# sign ALG OUT INCEPTION EXPIRATION [KEYS]: the zone signed with a new
# ZSK and KSK of ALG (ldns-signzone -i/-e), keys named in $keys
sign() {
	local zsk ksk
	local bits=
	case $1 in RSA*) bits="-b 2048" ;; esac
	# shellcheck disable=SC2086
	zsk=$(ldns-keygen -a "$1" $bits signed.test) &&
	    ksk=$(ldns-keygen -k -a "$1" $bits signed.test) &&
	    ldns-signzone -o signed.test. -i "$3" -e "$4" -f "$2" zone "$zsk" "$ksk" ||
	    { bad "ldns-signzone $1 $2"; return 1; }
	keys="$zsk $ksk"
}

# sigline FILE OWNER TYPE: the line of the first RRSIG over OWNER's TYPE
sigline() {
	awk -v o="$2" -v t="$3" '$1 == o && $4 == "RRSIG" && $5 == t { print NR; exit }' "$1"
}

# check NAME WANT_STATUS WANT FILE [ARGS]: mxdig lint ARGS FILE; its
# findings reduced to "LINE SEVERITY CHECK SUBJECT-OF-MESSAGE" must be
# WANT exactly (a line each, in output order), its status WANT_STATUS
check() {
	local name=$1 want_rc=$2 want=$3 file=$4 out rc got
	shift 4
	out=$(timeout 20 "$mxdig" lint "$@" "$file" 2>&1)
	rc=$?
	got=$(printf '%s\n' "$out" | sed -nE \
	    's/^[^:]*:([0-9]+): (error|warning|info): .* over the ([A-Z]+) RRset of ([^ ]+) .*\[(.*)\]$/\1 \2 \5 \4 \3/p;
	     s/^[^:]*:([0-9]+): (error|warning|info): the ([A-Z]+) RRset of ([^ ]+) has no RRSIG.*\[(.*)\]$/\1 \2 \5 \4 \3 none/p')
	if [ "$rc" -ne "$want_rc" ]; then
		bad "$name: exit $rc, want $want_rc: $out"
	elif [ "$got" != "$want" ]; then
		bad "$name: findings
$got
want
$want
(output: $out)"
	elif [ "$(printf '%s\n' "$out" | grep -vc '\[dnssec-signature-')" -ne 0 ] &&
	    [ -n "$out" ]; then
		bad "$name: other findings: $out"
	else
		ok "$name"
	fi
}

# expect FILE SEVERITY CHECK: the findings every RRSIG on the mail path
# gives, in file order: SOA, MX, DNSKEY (the KSK's), mx1 A, AAAA, its
# TLSA, mx2 A, AAAA; ns1 and www are on no mail path
expect() {
	local f=$1 o t
	for o_t in "signed.test. SOA" "signed.test. MX" "signed.test. DNSKEY" \
	    "mx1.signed.test. A" "mx1.signed.test. AAAA" \
	    "_25._tcp.mx1.signed.test. TLSA" "mx2.signed.test. A" \
	    "mx2.signed.test. AAAA"; do
		o=${o_t% *}
		t=${o_t#* }
		echo "$(sigline "$f" "$o" "$t") $2 $3 $o $t"
	done
}

day=86400
for alg in ED25519 ECDSAP256SHA256 ECDSAP384SHA384 RSASHA256 RSASHA512 RSASHA1; do
	sign "$alg" valid.$alg "$(stamp -$day)" "$(stamp $((30 * day)))" || continue
	check "$alg valid: no finding" 0 "" valid.$alg

	# one record edited after signing: that RRset only, at its RRSIG
	sed -E 's/^(mx2\.signed\.test\.\s+3600\s+IN\s+A\s+)93\.184\.216\.2$/\193.184.216.7/' \
	    valid.$alg >edited.$alg
	check "$alg edited A: dnssec-signature-invalid on it only" 2 \
	    "$(sigline edited.$alg mx2.signed.test. A) error dnssec-signature-invalid mx2.signed.test. A" \
	    edited.$alg

	# a record off every mail path edited: not verified, not reported
	sed -E 's/^(www\.signed\.test\.\s+3600\s+IN\s+A\s+)93\.184\.216\.80$/\193.184.216.81/' \
	    valid.$alg >offpath.$alg
	check "$alg edited www A (no mail path): no finding" 0 "" offpath.$alg
done

sign ED25519 valid "$(stamp -$day)" "$(stamp $((30 * day)))"
# an MX edited (a preference): its RRSIG no longer verifies
sed -E 's/^(signed\.test\.\s+3600\s+IN\s+MX\s+)20 mx2/\130 mx2/' valid >mx-edited
check "MX edited: dnssec-signature-invalid" 2 \
    "$(sigline mx-edited signed.test. MX) error dnssec-signature-invalid signed.test. MX" mx-edited
# an RRset added after signing has no RRSIG at all
{ cat valid; printf '_25._tcp.mx2.signed.test.\t3600\tIN\tTLSA\t3 1 1 00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n'; } >added
check "TLSA added after signing: no RRSIG" 2 \
    "$(wc -l <added) error dnssec-signature-invalid _25._tcp.mx2.signed.test. TLSA none" added
# without the ZSK's DNSKEY, nothing the ZSK signed verifies, and the
# DNSKEY RRset the KSK signed has changed
grep -v 'DNSKEY	256 ' valid >nozsk
want=$(expect nozsk error dnssec-signature-invalid)
check "ZSK removed: every ZSK signature invalid" 2 "$want" nozsk
out=$(timeout 20 "$mxdig" lint nozsk 2>&1)
case $out in
*"(no DNSKEY of signed.test. has key tag "*) ok "ZSK removed: the key tag named" ;;
*) bad "ZSK removed: message: $out" ;;
esac

# expiring within 3 days: a warning for each RRset on the path, none
# with --sig-days 2
sign ED25519 expiring "$(stamp -$day)" "$(stamp $((3 * day)))"
check "expiring in 3 days: dnssec-signature-expiring" 1 \
    "$(expect expiring warning dnssec-signature-expiring)" expiring
check "expiring in 3 days, --sig-days 2: no finding" 0 "" expiring --sig-days 2
out=$(timeout 20 "$mxdig" lint expiring 2>&1 | grep ' MX RRset')
case $out in
*"(key tag "[0-9]*") expires in "[23]" days "[0-9]*" hours, on "*" UTC: then validating resolvers return SERVFAIL for the MX of signed.test.: mail to it queues at validating senders"*)
	ok "expiring: the message" ;;
*) bad "expiring: message: $out" ;;
esac

# expired an hour ago; not valid before tomorrow
sign ED25519 expired "$(stamp $((-10 * day)))" "$(stamp -3600)"
check "expired: dnssec-signature-expired" 2 \
    "$(expect expired error dnssec-signature-expired)" expired
out=$(timeout 20 "$mxdig" lint --format json expired 2>&1)
case $out in
*'"check": "dnssec-signature-expired"'*) ok "expired: JSON" ;;
*) bad "expired: JSON: $out" ;;
esac
sign ED25519 future "$(stamp $day)" "$(stamp $((30 * day)))"
check "inception tomorrow: dnssec-signature-expired" 2 \
    "$(expect future error dnssec-signature-expired)" future
out=$(timeout 20 "$mxdig" lint future 2>&1 | grep ' A RRset of mx1')
case $out in
*"is not valid before "*) ok "inception tomorrow: the message" ;;
*) bad "inception tomorrow: message: $out" ;;
esac
# --ignore silences the check
check "expired, --ignore: no finding" 0 "" expired --ignore dnssec-signature-expired

# --zone FILE DOMAIN shows the zone's signature findings as lint does
# (the same findings, exit 2), and none for a valid zone (exit 0)
zl=$(timeout 20 "$mxdig" lint --format gcc expired 2>&1 | sort)
zc=$(timeout 20 "$mxdig" --zone expired --format gcc signed.test 2>&1)
rc=$?
if [ "$rc" -ne 2 ]; then
	bad "--zone expired: exit $rc, want 2: $zc"
elif [ "$(printf '%s\n' "$zc" | sort)" != "$zl" ] ||
    [ "$(printf '%s\n' "$zc" | grep -c '\[dnssec-signature-expired\]$')" -ne 8 ]; then
	bad "--zone expired: findings
$zc
want (as lint)
$zl"
else
	ok "--zone expired signed.test: lint's 8 dnssec-signature-expired, exit 2"
fi
zc=$(timeout 20 "$mxdig" --zone valid signed.test 2>&1)
rc=$?
case $rc:$zc in
0:*"Zone files"*|0:*dnssec-signature*) bad "--zone valid: $zc" ;;
0:*"Status: ok"*) ok "--zone valid signed.test: no signature finding, exit 0" ;;
*) bad "--zone valid: exit $rc: $zc" ;;
esac

# the same zone unsigned: none of these
check "unsigned: no finding" 0 "" zone

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

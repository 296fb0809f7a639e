#!/bin/bash
# dane-lab.sh MXDIG SRCDIR DANE_PROBE -- the DANE lab (dane-setup.sh:
# signed zones with TLSA records computed from Postfix's certificates, an
# unsigned one,
# one whose TLSA signature is broken; Unbound validating, Postfix on one
# address per exchange) and proof that it is what it claims: each TLSA
# answer's DNSSEC state through Unbound (dig +dnssec: AD, SERVFAIL), and
# each published record matched against the chain its server presents by
# OpenSSL's own DANE client (openssl s_client -dane_tlsa_rrdata with the
# records as DNS gives them): the matching ones match at the depth
# intended, the others do not; and the same chains as mxdig's --smtp
# probe kept them, matched by mx_dane_verify (DANE_PROBE, the test tool
# tests/policy/dane_probe.c).  mxdig's findings and verdicts on the same
# lab are asserted below, in the block left for them.  Needs root for
# unshare -n.
set -u
. "$2/tests/lib.sh"
netns_enter "$0" "$@"
mxdig=$1
dane_probe=$3
test_begin nsd unbound dig ldns-keygen ldns-signzone postfix openssl \
	script python3
. "$2/tests/policy/dane-setup.sh" || { bad "setting up the DANE lab"; exit 1; }
ok "lab up: root, test., dane.test, insecure.test, bogus-tlsa.test, unbound, Postfix on 9 addresses"

# ---- lab_tlsa itself: 3 0 1 is the certificate's SHA2-256 fingerprint
# (computed by openssl x509 -fingerprint, another route), and bad
# arguments are refused with a message
fp=$(openssl x509 -in "$work/ee.pem" -noout -fingerprint -sha256 |
	sed 's/.*=//; s/://g' | tr A-F a-f)
if [ "$(lab_tlsa "$work/ee.pem" 3 0 1)" = "3 0 1 $fp" ]; then
	ok "lab_tlsa 3 0 1 is the certificate's SHA2-256 fingerprint"
else
	bad "lab_tlsa 3 0 1: $(lab_tlsa "$work/ee.pem" 3 0 1), fingerprint $fp"
fi
full=$(lab_tlsa "$work/ee.pem" 3 0 0)
der=$(openssl x509 -in "$work/ee.pem" -outform DER | od -An -v -tx1 | tr -d ' \n')
len512=$(lab_tlsa "$work/ee.pem" 2 1 2 | awk '{ print length($4) }')
if [ "$full" = "3 0 0 $der" ] && [ "$len512" = 128 ]; then
	ok "lab_tlsa 3 0 0 is the DER in hex, 2 1 2 a SHA2-512 (128 hex digits)"
else
	bad "lab_tlsa 3 0 0 / 2 1 2: $full / $len512"
fi
msg=$(lab_tlsa "$work/ee.pem" 3 2 1 2>&1 >/dev/null)
rc=$?
msg2=$(lab_tlsa "$work/nonexistent.pem" 3 1 1 2>&1 >/dev/null)
rc2=$?
if [ "$rc" = 1 ] && [ "$msg" = "lab_tlsa: selector 2 is not 0 (Cert) or 1 (SPKI)" ] &&
    [ "$rc2" = 1 ] && [ "$msg2" = "lab_tlsa: $work/nonexistent.pem: no certificate openssl can read" ]; then
	ok "lab_tlsa refuses selector 2 and a missing file, saying so"
else
	bad "lab_tlsa bad arguments: $rc '$msg', $rc2 '$msg2'"
fi

# ---- DNS: every answer's state through Unbound

# ask NAME TYPE [DIG OPTIONS]: Unbound's answer in $out; the header's
# status in $status, 1 in $ad when the AD flag is set
ask() {
	local name=$1 type=$2
	shift 2
	out=$(dig +dnssec +time=3 +tries=1 "$@" @127.0.0.1 "$name" "$type" 2>&1)
	status=$(sed -n 's/.*status: \([A-Z]*\),.*/\1/p' <<<"$out")
	ad=0
	grep -q '^;; flags:[^;]* ad[ ;]' <<<"$out" && ad=1
}

# rdata NAME: the TLSA RDATA of NAME in $out, one a line, as lab_tlsa
# writes it (dig splits long hex and writes it in upper case), sorted
rdata() {
	awk -v n="$1." '$1 == n && $4 == "TLSA" {
		h = ""; for (i = 8; i <= NF; i++) h = h $i
		print $5, $6, $7, tolower(h) }' <<<"$out" | sort
}

for d in ee mismatch ta taleaf usage1 cname partial; do
	ask "$d.dane.test" MX
	if [ "$status" = NOERROR ] && [ "$ad" = 1 ] &&
	    grep -q "	MX	" <<<"$out"; then
		ok "$d.dane.test MX: secure (AD)"
	else
		bad "$d.dane.test MX: status $status, AD $ad: $out"
	fi
done
for e in "${!dane_addr[@]}"; do
	ask "$e" A
	want=secure
	[ "$e" = mx.insecure.test ] && want=insecure
	got=insecure
	[ "$ad" = 1 ] && got=secure
	if [ "$status" = NOERROR ] && [ "$got" = "$want" ] &&
	    grep -q "^$e\.	.*	A	${dane_addr[$e]}\$" <<<"$out"; then
		ok "$e A ${dane_addr[$e]}: $want"
	else
		bad "$e A: status $status, $got (want $want): $out"
	fi
done
ask mx-alias.dane.test A
if [ "$status" = NOERROR ] && [ "$ad" = 1 ] &&
    grep -q '^mx-alias.dane.test.	.*	CNAME	mx-real.dane.test.$' <<<"$out" &&
    grep -q "^mx-real.dane.test.	.*	A	$dane_net.5\$" <<<"$out"; then
	ok "mx-alias.dane.test: CNAME to mx-real.dane.test, secure"
else
	bad "mx-alias.dane.test: status $status, AD $ad: $out"
fi

for n in $(printf '%s\n' "${!dane_rr[@]}" | sort); do
	ask "$n" TLSA
	want=$(sort <<<"${dane_rr[$n]}")
	case $n in
	*.bogus-tlsa.test)
		# SERVFAIL; with checking disabled, the record as published
		got=$(ask "$n" TLSA +cd; rdata "$n")
		if [ "$status" = SERVFAIL ] && [ "$got" = "$want" ]; then
			ok "$n TLSA: bogus (SERVFAIL), +cd gives $want"
		else
			bad "$n TLSA: status $status, +cd '$got' (want SERVFAIL, '$want')"
		fi
		;;
	*)
		wad=1
		[ "$n" = _25._tcp.mx.insecure.test ] && wad=0
		got=$(rdata "$n")
		if [ "$status" = NOERROR ] && [ "$ad" = "$wad" ] &&
		    [ "$got" = "$want" ]; then
			ok "$n TLSA (AD $wad): $(tr '\n' ';' <<<"$want" | cut -c1-60)..."
		else
			bad "$n TLSA: status $status, AD $ad (want $wad), got '$got', want '$want'"
		fi
		;;
	esac
done
ask _25._tcp.mx-notlsa.dane.test TLSA
if [ "$status" = NXDOMAIN ] && [ "$ad" = 1 ]; then
	ok "_25._tcp.mx-notlsa.dane.test TLSA: none, denied securely (NXDOMAIN, AD)"
else
	bad "_25._tcp.mx-notlsa.dane.test TLSA: status $status, AD $ad"
fi

# ---- Postfix against the published records, by OpenSSL's DANE client

# dane_client ADDR NAME TLSA-NAME [s_client OPTIONS]: STARTTLS to ADDR
# port 25 with the TLSA records DNS gives for TLSA-NAME (+cd, so that the
# bogus zone's record can be tried too), NAME as the DANE base domain,
# as an SMTP DANE client does (no name checks for DANE-EE); its report
# (-brief) in $out
dane_client() {
	local addr=$1 name=$2 tname=$3 rr args=()
	shift 3
	ask "$tname" TLSA +cd
	while IFS= read -r rr; do
		[ -n "$rr" ] && args+=(-dane_tlsa_rrdata "$rr")
	done < <(rdata "$tname")
	out=$(timeout 20 openssl s_client -brief -starttls smtp \
		-connect "$addr:25" -servername "$name" \
		-dane_tlsa_domain "$name" "${args[@]}" -dane_ee_no_namechecks \
		-verify_return_error "$@" </dev/null 2>&1)
}

# matches TITLE ADDR NAME TLSA-NAME WANT [OPTIONS]: the handshake verifies
# and OpenSSL reports the record matched as WANT ("EE certificate at
# depth 0", "TA certificate at depth 1")
matches() {
	local title=$1 addr=$2 name=$3 tname=$4 want=$5
	shift 5
	dane_client "$addr" "$name" "$tname" "$@"
	if grep -q '^Verification: OK$' <<<"$out" &&
	    grep -Eq "^DANE TLSA [0-3] [01] [0-2] .* matched $want\$" <<<"$out"; then
		ok "$title: $(grep '^DANE TLSA' <<<"$out")"
	else
		bad "$title: wanted a match of $want: $out"
	fi
}

# fails TITLE ADDR NAME TLSA-NAME ERROR [OPTIONS]: the handshake stops on
# the verification error ERROR
fails() {
	local title=$1 addr=$2 name=$3 tname=$4 want=$5
	shift 5
	dane_client "$addr" "$name" "$tname" "$@"
	if grep -q "$want" <<<"$out" && ! grep -q '^Verification: OK$' <<<"$out" &&
	    ! grep -q 'matched' <<<"$out"; then
		ok "$title: $want"
	else
		bad "$title: wanted '$want': $out"
	fi
}

matches "mx-ee: its 3 1 1 matches" $dane_net.1 mx-ee.dane.test \
	_25._tcp.mx-ee.dane.test "EE certificate at depth 0"
fails "mx-mismatch: its 3 1 1 does not match" $dane_net.2 \
	mx-mismatch.dane.test _25._tcp.mx-mismatch.dane.test \
	"verify error:num=65:no matching DANE TLSA records"
matches "mx-ta: 2 0 1 of the CA, sent after the leaf" $dane_net.3 \
	mx-ta.dane.test _25._tcp.mx-ta.dane.test "TA certificate at depth 1"
fails "mx-taleaf: 2 0 1 of the CA, the server sends its leaf alone" \
	$dane_net.9 mx-taleaf.dane.test _25._tcp.mx-taleaf.dane.test \
	"verify error:num=65:no matching DANE TLSA records"
# the chain of mx-ta is verified to the anchor, names included: under
# another base domain it fails
fails "mx-ta's chain under another name: the leaf does not name it" \
	$dane_net.3 other.dane.test _25._tcp.mx-ta.dane.test \
	"hostname mismatch"
# usage 1 and 0 are PKIX: they match only when the CA is trusted as a
# root, which an SMTP DANE sender never does (RFC 7672 §3.1.3)
matches "mx-usage1: its 1 1 1 / 0 0 1 match with the CA as a PKIX root" \
	$dane_net.4 mx-usage1.dane.test _25._tcp.mx-usage1.dane.test \
	"(EE certificate at depth 0|TA certificate at depth 1)" \
	-CAfile "$work/ca-dane.pem"
fails "mx-usage1: without a PKIX root nothing matches" $dane_net.4 \
	mx-usage1.dane.test _25._tcp.mx-usage1.dane.test \
	"unable to get local issuer certificate"
matches "mx-real (via the CNAME mx-alias): the expanded name's 3 1 1 matches" \
	$dane_net.5 mx-real.dane.test _25._tcp.mx-real.dane.test \
	"EE certificate at depth 0"
fails "mx-real: the 3 1 1 at the alias's name does not" $dane_net.5 \
	mx-alias.dane.test _25._tcp.mx-alias.dane.test \
	"verify error:num=65:no matching DANE TLSA records"
matches "mx.insecure.test: its (insecure) 3 1 1 matches" $dane_net.7 \
	mx.insecure.test _25._tcp.mx.insecure.test "EE certificate at depth 0"
matches "mx.bogus-tlsa.test: its 3 1 1 would match (only DNSSEC fails)" \
	$dane_net.8 mx.bogus-tlsa.test _25._tcp.mx.bogus-tlsa.test \
	"EE certificate at depth 0"
out=$(timeout 20 openssl s_client -brief -starttls smtp \
	-connect "$dane_net.6:25" -CAfile "$work/ca-dane.pem" \
	-verify_hostname mx-notlsa.dane.test -verify_return_error </dev/null 2>&1)
if grep -q '^Verification: OK$' <<<"$out" &&
    grep -q '^Peer certificate: CN *= *mx-notlsa.dane.test$' <<<"$out"; then
	ok "mx-notlsa: STARTTLS with its own certificate (PKIX-valid under the test CA)"
else
	bad "mx-notlsa: $out"
fi

# ---- mx_dane_verify on the chains mxdig's --smtp probe kept (the DER
# of each certificate as Postfix sent it), through the dane_probe tool,
# against the records as DNS gives them

# probe TITLE DOMAIN TLSA-NAME WANT: dane_probe's lines for DOMAIN, with
# the records of TLSA-NAME (none when TLSA-NAME is "-"), are exactly WANT
probe() {
	local title=$1 domain=$2 tname=$3 want=$4 rr args=() got
	if [ "$tname" != - ]; then
		ask "$tname" TLSA +cd
		while IFS= read -r rr; do
			[ -n "$rr" ] && args+=("$rr")
		done < <(rdata "$tname")
	fi
	got=$(timeout 60 "$dane_probe" 127.0.0.1 "$work/ca-dane.pem" \
		"$domain" "${args[@]}" 2>&1)
	if [ "$got" = "$want" ]; then
		ok "dane_probe $title"
	else
		bad "dane_probe $title:"
		echo "$got" | sed 's/^/    got  /'
		echo "$want" | sed 's/^/    want /'
	fi
}

# leaf311 NAME: the 3 1 1 digest of $work/NAME.pem
leaf311() {
	lab_tlsa "$work/$1.pem" 3 1 1 | cut -d' ' -f4
}

probe "ee: 3 1 1 matches the leaf" ee.dane.test _25._tcp.mx-ee.dane.test \
	"$dane_net.1 ok depth 0 record 0 leaf311 $(leaf311 ee)"
probe "mismatch: both digests named" mismatch.dane.test \
	_25._tcp.mx-mismatch.dane.test \
	"$dane_net.2 failed leaf311 $(leaf311 mismatch): no TLSA record matches: the server's key is SHA2-256 $(leaf311 mismatch), the records want $(leaf311 stranger)"
probe "ta: 2 0 1 matches the CA at depth 1" ta.dane.test \
	_25._tcp.mx-ta.dane.test \
	"$dane_net.3 ok depth 1 record 0 leaf311 $(leaf311 ta)"
probe "taleaf: the leaf alone, no anchor" taleaf.dane.test \
	_25._tcp.mx-taleaf.dane.test \
	"$dane_net.9 failed leaf311 $(leaf311 taleaf): DANE-TA: the chain does not contain the trust anchor"
probe "usage1: nothing usable" usage1.dane.test \
	_25._tcp.mx-usage1.dane.test "$dane_net.4 none"
probe "cname: the expanded name's record matches" cname.dane.test \
	_25._tcp.mx-real.dane.test \
	"$dane_net.5 ok depth 0 record 0 leaf311 $(leaf311 real)"
probe "cname: the alias's record does not" cname.dane.test \
	_25._tcp.mx-alias.dane.test \
	"$dane_net.5 failed leaf311 $(leaf311 real): no TLSA record matches: the server's key is SHA2-256 $(leaf311 real), the records want $(leaf311 stranger)"
probe "ta's CA record against mx-real (a leaf of that CA sent alone)" \
	cname.dane.test _25._tcp.mx-ta.dane.test \
	"$dane_net.5 failed leaf311 $(leaf311 real): DANE-TA: the chain does not contain the trust anchor"
probe "partial: mx-ee's record matches mx-ee, not mx-notlsa" \
	partial.dane.test _25._tcp.mx-ee.dane.test \
	"$dane_net.1 ok depth 0 record 0 leaf311 $(leaf311 ee)
$dane_net.6 failed leaf311 $(leaf311 notlsa): no TLSA record matches: the server's key is SHA2-256 $(leaf311 notlsa), the records want $(leaf311 ee)"
probe "bogus-tlsa: the record itself matches" bogus-tlsa.test \
	_25._tcp.mx.bogus-tlsa.test \
	"$dane_net.8 ok depth 0 record 0 leaf311 $(leaf311 bogus)"
probe "no records: none" ee.dane.test - "$dane_net.1 none"

# ---------------------------------------------------------------------
# mxdig on this lab: the policy layer's assertions go here.  Run mxdig
# as tests/dnssec/dnssec.sh does, through Unbound with the lab's anchor
# and Postfix's CA:
#	"$mxdig" @127.0.0.1 --trust-anchor "$anchor" --smtp \
#		--ca-file "$work/ca-dane.pem" --format json DOMAIN
# and assert, per domain, the exact findings, the DANE state and match
# of each exchange and address, the three senders' verdicts and the exit
# status:
#   ee.dane.test.        TLSA 3 1 1 matches at depth 0: no DANE finding,
#                        the DANE sender delivers (authenticated TLS)
#   mismatch.dane.test.  dane-tlsa-mismatch; the DANE sender defers;
#                        the message names the key's 3 1 1
#                        (lab_tlsa "$work/mismatch.pem" 3 1 1)
#   ta.dane.test.        2 0 1 matches at depth 1 (DANE-TA)
#   taleaf.dane.test.    dane-tlsa-mismatch: the chain does not contain
#                        the trust anchor
#   usage1.dane.test.    dane-tlsa-unusable (only usages 1 and 0)
#   cname.dane.test.     TLSA from _25._tcp.mx-real.dane.test. (the
#                        expanded name, which matches), not the alias's
#   partial.dane.test.   dane-partial (mx-ee has TLSA, mx-notlsa none)
#   insecure.test.       dane-insecure (TLSA in an unsigned zone)
#   bogus-tlsa.test.     dane-tlsa-bogus, never "no TLSA"; the DANE
#                        sender defers
# ---------------------------------------------------------------------

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

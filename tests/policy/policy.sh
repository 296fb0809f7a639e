#!/bin/bash
# policy.sh MXDIG SRCDIR -- the policy layer end to end, DANE half: the
# lab of dane-setup.sh (signed zones with TLSA records computed from
# Postfix's certificates, an unsigned zone, a TLSA RRset whose signature
# is broken; Unbound validating; Postfix on one address per exchange),
# and mxdig --smtp over it: for each case the exact findings, the DANE
# state and match, the three senders' verdicts and the exit status.  The
# MTA-STS half is tests/policy/sts.sh.  Needs root for unshare -n.
set -u
. "$2/tests/lib.sh"
netns_enter "$0" "$@"
mxdig=$1
here=$2/tests/policy
test_begin nsd unbound ldns-keygen ldns-signzone postfix openssl script \
	python3
. "$2/tests/policy/dane-setup.sh" || { bad "setting up the DANE lab"; exit 1; }

# run NAME DOMAIN ARGS...: mxdig --smtp through Unbound with the lab's
# anchor and CA; JSON in $work/NAME.json, exit status in $work/NAME.rc
run() {
	local name=$1 domain=$2
	shift 2
	timeout 60 "$mxdig" @127.0.0.1 --trust-anchor "$anchor" --no-auth \
		--no-ptr --smtp --smtp-timeout 5 --ca-file "$work/ca-dane.pem" \
		--format json "$@" "$domain" >"$work/$name.json" 2>"$work/$name.err"
	echo $? >"$work/$name.rc"
}

# expect NAME DOMAIN RC STATUS CHECKS [WHERE:PATH=VALUE...]
expect() {
	local name=$1 domain=$2 rc=$3 out
	shift 3
	if [ "$(cat "$work/$name.rc")" != "$rc" ]; then
		bad "$name: exit $(cat "$work/$name.rc"), expected $rc"
		cat "$work/$name.err"
		python3 "$here/expect.py" "$work/$name.json" "$domain" "$@"
		return
	fi
	if out=$(python3 "$here/expect.py" "$work/$name.json" "$domain" "$@"); then
		ok "$name: exit $rc, $2"
	else
		bad "$name: $out"
	fi
}

n=$dane_net
ee_311=$(lab_tlsa "$work/ee.pem" 3 1 1 | cut -d' ' -f4)
mismatch_311=$(lab_tlsa "$work/mismatch.pem" 3 1 1 | cut -d' ' -f4)

# ---- 3 1 1 matching the MTA's key: authenticated TLS for DANE senders
run ee ee.dane.test
expect ee ee.dane.test. 0 info mx-single-host,mx-no-ipv6,tls-rpt-missing/info \
	mx-ee.dane.test.:dane.state=usable \
	mx-ee.dane.test.:dane.name=_25._tcp.mx-ee.dane.test. \
	mx-ee.dane.test.:dane.dnssec=secure \
	mx-ee.dane.test.:dane.records.0.mnemonic="3 1 1 DANE-EE SPKI SHA2-256" \
	mx-ee.dane.test.:dane.records.0.data="$ee_311" \
	$n.1:dane.match=ok $n.1:dane.depth=0 $n.1:dane.record=0 \
	mx-ee.dane.test.:senders.dane.verdict=tls-authenticated \
	mx-ee.dane.test.:senders.mta_sts.verdict=tls-authenticated \
	"mx-ee.dane.test.:senders.mta_sts.why=~DANE takes precedence (RFC 8461 §2)" \
	mx-ee.dane.test.:senders.opportunistic.verdict=tls \
	@:policy.mta_sts.txt=null @:policy.tls_rpt.txt=null

# ---- 3 1 1 of another key: dane-tlsa-mismatch, the DANE sender defers,
# and the MTA-STS sender with it (DANE takes precedence)
run mismatch mismatch.dane.test
expect mismatch mismatch.dane.test. 2 error \
	mx-single-host,mx-no-ipv6,dane-tlsa-mismatch/error,tls-rpt-missing \
	mx-mismatch.dane.test.:dane.state=usable \
	$n.2:dane.match=failed "$n.2:dane.error=~$mismatch_311" \
	mx-mismatch.dane.test.:senders.dane.verdict=defer \
	mx-mismatch.dane.test.:senders.mta_sts.verdict=defer \
	mx-mismatch.dane.test.:senders.opportunistic.verdict=tls \
	"@:findings.2.message=~3 1 1 DANE-EE SPKI SHA2-256"

# ---- 2 0 1 of the test CA, the CA in the chain: DANE-TA at depth 1
run ta ta.dane.test
expect ta ta.dane.test. 0 info mx-single-host,mx-no-ipv6,tls-rpt-missing \
	mx-ta.dane.test.:dane.records.0.mnemonic="2 0 1 DANE-TA Cert SHA2-256" \
	$n.3:dane.match=ok $n.3:dane.depth=1 \
	mx-ta.dane.test.:senders.dane.verdict=tls-authenticated

# ---- 2 0 1 with the leaf alone: the anchor is not in the chain
run taleaf taleaf.dane.test
expect taleaf taleaf.dane.test. 2 error \
	mx-single-host,mx-no-ipv6,dane-tlsa-mismatch,tls-rpt-missing \
	$n.9:dane.match=failed "$n.9:dane.error=~trust anchor" \
	mx-taleaf.dane.test.:senders.dane.verdict=defer

# ---- only usages 1 and 0: unusable, TLS required but not authenticated
run usage1 usage1.dane.test
expect usage1 usage1.dane.test. 1 warning \
	mx-single-host,mx-no-ipv6,dane-tlsa-unusable/warning,tls-rpt-missing \
	mx-usage1.dane.test.:dane.state=unusable \
	"mx-usage1.dane.test.:dane.records.0.unusable=~" \
	$n.4:dane.match=none \
	mx-usage1.dane.test.:senders.dane.verdict=tls \
	mx-usage1.dane.test.:senders.mta_sts.verdict=tls \
	mx-usage1.dane.test.:senders.opportunistic.verdict=tls \
	"@:findings.2.message=~1 1 1 PKIX-EE SPKI SHA2-256: usage 1"

# ---- an exchange through a CNAME: TLSA at the expanded name first
run cname cname.dane.test
expect cname cname.dane.test. 2 error \
	mx-target-cname,mx-single-host,mx-no-ipv6,smtp-cert-name-mismatch,tls-rpt-missing \
	mx-alias.dane.test.:dane.name=_25._tcp.mx-real.dane.test. \
	$n.5:dane.match=ok \
	mx-alias.dane.test.:senders.dane.verdict=tls-authenticated

# ---- one exchange with TLSA, one without: dane-partial
run partial partial.dane.test
expect partial partial.dane.test. 1 warning \
	mx-no-ipv6,dane-partial/warning,tls-rpt-missing \
	mx-ee.dane.test.:dane.state=usable \
	mx-notlsa.dane.test.:dane.state=no-tlsa \
	mx-notlsa.dane.test.:senders.dane.verdict=tls \
	"mx-notlsa.dane.test.:senders.dane.why=~no TLSA records" \
	mx-ee.dane.test.:senders.dane.verdict=tls-authenticated

# ---- TLSA in an unsigned zone: dane-insecure, senders ignore them
run insecure insecure.test
expect insecure insecure.test. 1 warning \
	dnssec-unsigned,mx-single-host,mx-no-ipv6,dane-insecure/warning \
	mx.insecure.test.:dane.state=insecure \
	mx.insecure.test.:dane.dnssec=insecure \
	$n.7:dane.match=none \
	mx.insecure.test.:senders.dane.verdict=tls \
	mx.insecure.test.:senders.opportunistic.verdict=tls

# ---- a bogus TLSA answer: dane-tlsa-bogus, never "no TLSA"; DANE and
# MTA-STS senders... the DANE sender defers, the others deliver
run bogus bogus-tlsa.test
expect bogus bogus-tlsa.test. 2 error \
	mx-single-host,mx-no-ipv6,dane-tlsa-bogus/error \
	mx.bogus-tlsa.test.:dane.state=bogus \
	mx.bogus-tlsa.test.:dane.records=[] \
	mx.bogus-tlsa.test.:senders.dane.verdict=defer \
	mx.bogus-tlsa.test.:senders.opportunistic.verdict=tls

# ---- the same through the resolver's AD bit instead of libunbound
run bogus_via bogus-tlsa.test --dnssec-via resolver
expect bogus_via bogus-tlsa.test. 2 error \
	mx-single-host,mx-no-ipv6,dane-tlsa-bogus \
	mx.bogus-tlsa.test.:dane.state=bogus \
	mx.bogus-tlsa.test.:senders.dane.verdict=defer
run ee_via ee.dane.test --dnssec-via resolver
expect ee_via ee.dane.test. 0 info mx-single-host,mx-no-ipv6,tls-rpt-missing \
	mx-ee.dane.test.:dane.state=usable $n.1:dane.match=ok

# ---- without --smtp: the records and states, no match, verdicts that
# need a session unknown
timeout 60 "$mxdig" @127.0.0.1 --trust-anchor "$anchor" --no-auth --no-ptr \
	--format json mismatch.dane.test >"$work/nosmtp.json" 2>"$work/nosmtp.err"
echo $? >"$work/nosmtp.rc"
expect nosmtp mismatch.dane.test. 0 info \
	mx-single-host,mx-no-ipv6,tls-rpt-missing \
	mx-mismatch.dane.test.:dane.state=usable \
	mx-mismatch.dane.test.:senders.dane.verdict=unknown \
	mx-mismatch.dane.test.:senders.opportunistic.verdict=unknown

# ---- --no-policy: no TLSA, no policy object, no verdicts
timeout 60 "$mxdig" @127.0.0.1 --trust-anchor "$anchor" --no-auth --no-ptr \
	--no-policy --smtp --ca-file "$work/ca-dane.pem" --format json \
	bogus-tlsa.test >"$work/nopol.json" 2>"$work/nopol.err"
echo $? >"$work/nopol.rc"
expect nopol bogus-tlsa.test. 0 info mx-single-host,mx-no-ipv6 \
	"@:policy=<missing policy>" \
	"mx.bogus-tlsa.test.:dane=<missing dane>"

# ---- the text output: the policy summary and the summary line
timeout 60 "$mxdig" @127.0.0.1 --trust-anchor "$anchor" --no-auth --no-ptr \
	--smtp --smtp-timeout 5 --ca-file "$work/ca-dane.pem" --color never \
	mismatch.dane.test >"$work/text.out" 2>&1
if grep -q "^  mx-mismatch.dane.test.  TLSA 3 1 1 DANE-EE SPKI SHA2-256 (secure)" "$work/text.out" &&
    grep -q "DANE senders defer mail to mx-mismatch\\.dane\\.test\\.$" "$work/text.out"; then
	ok "text: TLSA in mnemonic form with its state, the DANE senders named in the summary"
else
	bad "text: $(cat "$work/text.out")"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

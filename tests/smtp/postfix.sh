#!/bin/bash
# Postfix as a private instance in a private network namespace, one smtpd
# per test address with its own certificate (made here under a test CA,
# passed with --ca-file): valid, expired, expiring, for another name, from
# an unknown CA, STARTTLS off, two addresses of one exchange configured
# differently, a backup tier behind a refused primary.  Also: without
# --smtp nothing connects to port 25; a batch of many domains sharing
# addresses probes each address once (Postfix's log counts the sessions).
#
# usage: postfix.sh MXDIG
. "$(dirname "$0")/../lib.sh"
netns_enter "$0" "$@"
mxdig=$1
here=$(cd "$(dirname "$0")" && pwd)
test_begin nsd postfix openssl faketime python3 dig script

P=11.25.1
netns_addr $P.1 $P.2 $P.3 $P.4 $P.5 $P.6 $P.7 $P.8 $P.9 || { bad "netns_addr"; exit 1; }
lab_ca lab && lab_ca other &&
	lab_cert lab valid mx-valid.smtp.test &&
	lab_cert lab expired mx-expired.smtp.test 30 2020-01-01 &&
	lab_cert lab expiring mx-expiring.smtp.test 5 &&
	lab_cert lab wrongname www.smtp.test &&
	lab_cert other unknownca mx-unknownca.smtp.test &&
	lab_cert lab differ mx-differ.smtp.test || { bad "certificates"; exit 1; }
chmod 644 "$work"/*.key

tls() {	# tls ADDR NAME: an smtpd on ADDR with STARTTLS and NAME's certificate
	printf '%s:smtp inet n - n - - smtpd -o smtpd_tls_security_level=may -o smtpd_tls_cert_file=%s -o smtpd_tls_key_file=%s' \
		"$1" "$work/$2.pem" "$work/$2.key"
}
lab_postfix "$(tls $P.1 valid)" "$(tls $P.2 expired)" "$(tls $P.3 expiring)" \
	"$(tls $P.4 wrongname)" "$(tls $P.5 unknownca)" \
	"$P.6:smtp inet n - n - - smtpd -o smtpd_tls_security_level=none" \
	"$(tls $P.7 differ)" \
	"$P.8:smtp inet n - n - - smtpd -o smtpd_tls_security_level=none" ||
	{ bad "Postfix"; exit 1; }

{
	printf '$ORIGIN smtp.test.\n$TTL 300\n@ SOA ns hm 1 3600 600 86400 300\n@ NS ns\nns A 127.0.0.2\n'
	printf 'valid MX 10 mx-valid\nmx-valid A %s.1\n' $P
	printf 'expired MX 10 mx-expired\nmx-expired A %s.2\n' $P
	printf 'expiring MX 10 mx-expiring\nmx-expiring A %s.3\n' $P
	printf 'wrongname MX 10 mx-wrongname\nmx-wrongname A %s.4\n' $P
	printf 'unknownca MX 10 mx-unknownca\nmx-unknownca A %s.5\n' $P
	printf 'plain MX 10 mx-plain\nmx-plain A %s.6\n' $P
	printf 'differ MX 10 mx-differ\nmx-differ A %s.7\nmx-differ A %s.8\n' $P $P
	# nothing listens on .9: the primary is refused, the backup takes it
	printf 'backup MX 10 mx-refused\nbackup MX 20 mx-valid\nmx-refused A %s.9\n' $P
	for i in $(seq 1 200); do
		printf 'b%d MX 10 mx-valid\nb%d MX 20 mx-differ\n' "$i" "$i"
	done
} >"$work/smtp.zone"
lab_nsd 127.0.0.2 smtp.test. "$work/smtp.zone" || { bad "NSD"; exit 1; }
ok "lab: NSD on 127.0.0.2, Postfix on 8 addresses"

sessions() {	# connections Postfix has logged so far
	grep -c 'smtpd\[[0-9]*\]: connect from' "$work/postfix/maillog" 2>/dev/null
}

# Without --smtp: DNS only, not one connection to port 25
domains="valid expired expiring wrongname unknownca plain differ backup"
for d in $domains; do
	"$mxdig" @127.0.0.2 "$d.smtp.test" >/dev/null 2>&1
done
"$mxdig" @127.0.0.2 --format json valid.smtp.test >"$work/nosmtp.json" 2>&1
sleep 1
if [ "$(sessions)" = 0 ] && ! grep -q '"smtp"' "$work/nosmtp.json"; then
	ok "without --smtp: no connection to port 25, no smtp object"
else
	bad "without --smtp: $(sessions) connections"
fi

run() {	# run NAME [options]: one domain, JSON into $work/NAME.json
	local name=$1
	shift
	"$mxdig" @127.0.0.2 --smtp --helo probe.lab.test --ca-file "$work/ca-lab.pem" \
		--smtp-timeout 10 --format json "$@" "$name.smtp.test" \
		>"$work/$name.json" 2>"$work/$name.err"
	echo $? >"$work/$name.rc"
}

expect() {	# expect NAME RC STATUS CHECKS [ADDRESS:PATH=VALUE...]
	smtp_expect smtp.test "$@"
}

for d in $domains; do
	run "$d"
done
expect valid 0 info mx-single-host,mx-no-ipv6 \
	"$P.1:state=answered" "$P.1:greeting=220 mta.lab.test ESMTP lab" \
	"$P.1:ehlo_name=mta.lab.test" "$P.1:starttls.state=ok" \
	"$P.1:tls.protocol=TLSv1.3" "$P.1:tls.verified=true" "$P.1:tls.name_match=true" \
	"$P.1:tls.chain.0.subject=CN=mx-valid.smtp.test" \
	"$P.1:tls.chain.0.issuer=CN=mxdig test CA lab" \
	"$P.1:tls.chain.0.sha256=$(openssl x509 -in "$work/valid.pem" -noout -fingerprint -sha256 | sed 's/.*=//; s/://g' | tr A-F a-f)" \
	"$P.1:extensions=[\"STARTTLS\",\"SIZE\",\"8BITMIME\",\"SMTPUTF8\",\"PIPELINING\",\"CHUNKING\"]" \
	"$P.1:tls.extensions=[\"SIZE\",\"8BITMIME\",\"SMTPUTF8\",\"PIPELINING\",\"CHUNKING\"]"
# signed under faketime from 2020-01-01 00:00, for 30 days (its clock runs:
# a second or two later under load)
expect expired 1 warning mx-single-host,mx-no-ipv6,smtp-cert-expired \
	"$P.2:tls.verified=true" "$P.2:tls.expires=~2020-01-31T00:00:"
expect expiring 1 warning mx-single-host,mx-no-ipv6,smtp-cert-expiring \
	"$P.3:tls.verified=true"
expect wrongname 1 warning mx-single-host,mx-no-ipv6,smtp-cert-name-mismatch \
	"$P.4:tls.name_match=false" "$P.4:tls.verified=true"
expect unknownca 1 warning mx-single-host,mx-no-ipv6,smtp-cert-untrusted \
	"$P.5:tls.verified=false" "$P.5:tls.name_match=true" \
	"$P.5:tls.verify_error=~unable to get local issuer certificate"
expect plain 1 warning mx-single-host,mx-no-ipv6,smtp-no-starttls \
	"$P.6:starttls.offered=false" "$P.6:tls=null"
expect differ 1 warning mx-no-ipv6,smtp-no-starttls,smtp-addresses-differ \
	"$P.7:starttls.state=ok" "$P.8:starttls.offered=false"
expect backup 2 error mx-primary-unusable,mx-single-host,mx-no-ipv6,smtp-unreachable \
	"$P.9:state=refused" "$P.1:state=answered"
# --cert-days moves the threshold: 3 days leaves the 5-day one alone
run expiring --cert-days 3
expect expiring 0 info mx-single-host,mx-no-ipv6
# the system store does not know the lab CA
"$mxdig" @127.0.0.2 --smtp --helo probe.lab.test --format json valid.smtp.test \
	>"$work/valid.json" 2>"$work/valid.err"
echo $? >"$work/valid.rc"
expect valid 1 warning mx-single-host,mx-no-ipv6,smtp-cert-untrusted "$P.1:tls.verified=false"

# the text path table: per address, state, STARTTLS, version, certificate
"$mxdig" @127.0.0.2 --smtp --helo probe.lab.test --ca-file "$work/ca-lab.pem" \
	differ.smtp.test >"$work/differ.txt" 2>&1
if grep -Eq "smtp $P.7: answered in [0-9]+ ms, STARTTLS, TLSv1.3, certificate valid, expires [0-9]{4}-[0-9]{2}-[0-9]{2}$" "$work/differ.txt" &&
    grep -Eq "smtp $P.8: answered in [0-9]+ ms, no STARTTLS$" "$work/differ.txt"; then
	ok "text: each address's SMTP and TLS state"
else
	bad "text:"; cat "$work/differ.txt"
fi
"$mxdig" @127.0.0.2 --smtp --helo probe.lab.test --ca-file "$work/ca-lab.pem" \
	backup.smtp.test >"$work/backup.txt" 2>&1
if grep -q "smtp $P.9: refused (connection refused)" "$work/backup.txt"; then
	ok "text: a refused address"
else
	bad "text:"; cat "$work/backup.txt"
fi
# --short is unchanged by --smtp
a=$("$mxdig" @127.0.0.2 --short differ.smtp.test)
b=$("$mxdig" @127.0.0.2 --short --smtp --helo probe.lab.test differ.smtp.test)
if [ "$a" = "$b" ] && [ "$a" = "10 mx-differ.smtp.test. $P.7 $P.8" ]; then
	ok "--short unchanged by --smtp"
else
	bad "--short: '$a' / '$b'"
fi

# a batch of 200 domains sharing 3 addresses: 3 sessions, each result
# with every address's state
sleep 1
before=$(sessions)
seq 1 200 | sed 's/^/b/; s/$/.smtp.test/' >"$work/list"
"$mxdig" @127.0.0.2 --smtp --helo probe.lab.test --ca-file "$work/ca-lab.pem" \
	-f "$work/list" --format jsonl >"$work/batch.jsonl" 2>"$work/batch.err"
rc=$?
for i in $(seq 1 30); do
	sleep 0.2
	[ "$(( $(sessions) - before ))" -ge 3 ] && break
done
sleep 1
n=$(( $(sessions) - before ))
lines=$(grep -c '"smtp"' "$work/batch.jsonl")
if [ "$n" = 3 ] && [ "$lines" = 200 ] && [ "$rc" = 1 ]; then
	ok "batch: 200 domains over 3 shared addresses, 3 sessions (exit $rc)"
else
	bad "batch: $n sessions, $lines results with smtp, exit $rc"
	head -c 600 "$work/batch.err"
fi
if python3 "$here/expect.py" "$work/batch.jsonl" b200.smtp.test. warning \
	mx-no-ipv6,smtp-no-starttls,smtp-addresses-differ \
	"$P.1:state=answered" "$P.7:tls.verified=true" "$P.8:starttls.offered=false" >"$work/b.out"; then
	ok "batch: a shared address's result in the last domain too"
else
	bad "batch: $(cat "$work/b.out")"
fi

# --no-cache: nothing kept across domains; one domain at a time, so each
# of 10 domains probes its 3 addresses itself, with the same findings
sleep 1
before=$(sessions)
head -10 "$work/list" >"$work/list10"
"$mxdig" @127.0.0.2 --smtp --helo probe.lab.test --ca-file "$work/ca-lab.pem" \
	--no-cache --concurrency 1 -f "$work/list10" --format jsonl \
	>"$work/nocache.jsonl" 2>"$work/nocache.err"
rc=$?
for i in $(seq 1 30); do
	sleep 0.2
	[ "$(( $(sessions) - before ))" -ge 30 ] && break
done
sleep 1
n=$(( $(sessions) - before ))
if [ "$n" = 30 ] && [ "$rc" = 1 ] && python3 "$here/expect.py" "$work/nocache.jsonl" \
	b10.smtp.test. warning mx-no-ipv6,smtp-no-starttls,smtp-addresses-differ \
	"$P.1:state=answered" >"$work/nc.out"; then
	ok "--no-cache: 10 domains one at a time, 30 sessions, the same findings"
else
	bad "--no-cache: $n sessions, exit $rc: $(cat "$work/nc.out")"
fi

# --ca-file that cannot be read is a usage error
"$mxdig" @127.0.0.2 --smtp --ca-file "$work/nonexistent.pem" valid.smtp.test \
	>"$work/ca.out" 2>&1
rc=$?
if [ "$rc" = 3 ] && grep -q "^mxdig: --ca-file $work/nonexistent.pem: cannot be read, or holds no certificate$" "$work/ca.out"; then
	ok "--ca-file unreadable: exit 3 with a message"
else
	bad "--ca-file unreadable: exit $rc: $(cat "$work/ca.out")"
fi

# --format openmetrics: each leaf certificate's notAfter per (domain,
# exchange, address), with the strict parser: an address two domains share
# in both (valid and backup), none for an address without STARTTLS (.8) or
# refused (.9), none at all for plain
epoch() {	# epoch NAME: the notAfter of $work/NAME.pem, Unix time
	date -u -d "$(openssl x509 -in "$work/$1.pem" -noout -enddate | sed 's/^notAfter=//')" +%s
}
"$mxdig" @127.0.0.2 --smtp --helo probe.lab.test --ca-file "$work/ca-lab.pem" \
	--format openmetrics valid.smtp.test differ.smtp.test backup.smtp.test \
	plain.smtp.test >"$work/certs.om" 2>"$work/certs.err"
rc=$?
if [ "$rc" = 2 ] && /usr/bin/python3 "$here/om_certs.py" "$work/certs.om" \
	"valid.smtp.test.,mx-valid.smtp.test.,$P.1,$(epoch valid)" \
	"differ.smtp.test.,mx-differ.smtp.test.,$P.7,$(epoch differ)" \
	"backup.smtp.test.,mx-valid.smtp.test.,$P.1,$(epoch valid)" \
	>"$work/certs.out" 2>&1; then
	ok "openmetrics: 3 certificate expiry samples, strict parser"
else
	bad "openmetrics certificates: exit $rc: $(cat "$work/certs.out" "$work/certs.err")"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

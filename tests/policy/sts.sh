#!/bin/bash
# sts.sh MXDIG SRCDIR -- the policy layer end to end, MTA-STS half: an
# unsigned zone sts.test on NSD (asked directly: no DNSSEC, so no DANE
# here; tests/policy/policy.sh has it), Postfix on the exchanges with
# certificates of a test CA, and Debian's nginx on port 443 of each
# domain's mta-sts address (lab_nginx) serving its policy.  One domain
# per case: a valid enforce policy covering every MX; one MX missing
# (error in enforce, warning in testing); "*." against two labels and
# against one; a redirect; a 404; a 100 KiB policy; a certificate for
# another name; a malformed policy; two v=STSv1 records; an exchange
# whose certificate does not name it; TLS-RPT missing and malformed.
# Each asserts the exact findings (and severities where they differ from
# the catalogue's), the three senders' verdicts in JSON and the exit
# status.  Needs root for unshare -n.
set -u
. "$2/tests/lib.sh"
netns_enter "$0" "$@"
mxdig=$1
here=$2/tests/policy
test_begin nsd postfix nginx openssl python3 ss

ns=127.0.0.4
MX1=192.0.2.11 MX2=192.0.2.12 DEEP=192.0.2.13 ONE=192.0.2.14 WRONG=192.0.2.15
netns_addr $MX1 $MX2 $DEEP $ONE $WRONG || { bad "netns_addr"; exit 1; }
lab_ca sts || { bad "CA"; exit 1; }
lab_cert sts mx1 mx1.sts.test && lab_cert sts mx2 mx2.sts.test &&
	lab_cert sts deep a.b.wild.sts.test && lab_cert sts one b.wild.sts.test &&
	lab_cert sts wrong other.sts.test || { bad "certificates"; exit 1; }
chmod 644 "$work"/*.key

smtpd() {	# ADDR NAME
	printf '%s:smtp inet n - n - - smtpd -o smtpd_tls_security_level=may -o smtpd_tls_cert_file=%s -o smtpd_tls_key_file=%s' \
		"$1" "$work/$2.pem" "$work/$2.key"
}
lab_postfix "$(smtpd $MX1 mx1)" "$(smtpd $MX2 mx2)" "$(smtpd $DEEP deep)" \
	"$(smtpd $ONE one)" "$(smtpd $WRONG wrong)" || { bad "postfix"; exit 1; }

# ---- the domains: NAME ADDRESS MX-LINES TXT-LINES; each has its own
# mta-sts.NAME.sts.test at ADDRESS (192.0.2.1xx) and a docroot in
# $work/www-NAME
z=$work/sts.test.zone
{
	printf '$ORIGIN sts.test.\n$TTL 300\n'
	printf '@\tSOA ns hostmaster 1 3600 600 86400 300\n@\tNS ns\nns\tA %s\n' $ns
	printf 'mx1\tA %s\nmx2\tA %s\na.b.wild\tA %s\nb.wild\tA %s\nmx-wrong\tA %s\n' \
		$MX1 $MX2 $DEEP $ONE $WRONG
} >"$z"
i=100
declare -A sts_addr
# domain NAME "MX..." [TXT...]: MX targets relative to sts.test (the
# first at preference 10, the next 20, ...), then the TXT records of
# _mta-sts (the first argument "-" for none) and _smtp._tls
domain() {
	local name=$1 mxs=$2 sts=$3 rpt=$4 p=10 m
	i=$((i + 1))
	sts_addr[$name]=192.0.2.$i
	netns_addr 192.0.2.$i || return 1
	for m in $mxs; do
		printf '%s\tMX %d %s\n' "$name" $p "$m" >>"$z"
		p=$((p + 10))
	done
	printf 'mta-sts.%s\tA 192.0.2.%d\n' "$name" $i >>"$z"
	local IFS='|' t
	for t in $sts; do
		[ "$t" = - ] || printf '_mta-sts.%s\tTXT "%s"\n' "$name" "$t" >>"$z"
	done
	for t in $rpt; do
		[ "$t" = - ] || printf '_smtp._tls.%s\tTXT "%s"\n' "$name" "$t" >>"$z"
	done
	mkdir -p "$work/www-$name/.well-known"
}
# policy NAME MODE MX...: the policy body of NAME
policy() {
	local name=$1 mode=$2 m
	shift 2
	{
		printf 'version: STSv1\nmode: %s\n' "$mode"
		for m in "$@"; do
			printf 'mx: %s\n' "$m"
		done
		printf 'max_age: 86400\n'
	} >"$work/www-$name/.well-known/mta-sts.txt"
}
ID='v=STSv1; id=20261202T0001'
RPT='v=TLSRPTv1; rua=mailto:tlsrpt@sts.test'

domain enforce "mx1 mx2" "$ID" "$RPT" &&
	policy enforce enforce mx1.sts.test mx2.sts.test &&
domain missing "mx1 mx2" "$ID" - &&
	policy missing enforce mx1.sts.test &&
domain testing "mx1 mx2" "$ID" "$RPT" &&
	policy testing testing mx1.sts.test &&
domain deep a.b.wild "$ID" "$RPT" && policy deep enforce '*.wild.sts.test' &&
domain one b.wild "$ID" "$RPT" && policy one enforce '*.wild.sts.test' &&
domain redirect mx1 "$ID" "$RPT" && policy redirect enforce mx1.sts.test &&
domain notfound mx1 "$ID" "$RPT" &&
domain big mx1 "$ID" "$RPT" &&
domain othername mx1 "$ID" "$RPT" && policy othername enforce mx1.sts.test &&
domain malformed mx1 "$ID" "$RPT" &&
domain twotxt mx1 "$ID|v=STSv1; id=20261202T0002" "$RPT" &&
	policy twotxt enforce mx1.sts.test &&
domain badcert mx-wrong "$ID" "$RPT" && policy badcert enforce mx-wrong.sts.test &&
domain badrpt mx1 "$ID" "v=TLSRPTv1; rua=ftp://reports.sts.test" &&
	policy badrpt enforce mx1.sts.test &&
domain none mx1 - - &&
domain json mx1 "$ID" "$RPT" && policy json enforce mx1.sts.test &&
domain slow mx1 "$ID" "$RPT" || { bad "zone"; exit 1; }
python3 -c 'import sys; sys.stdout.write("version: STSv1\nmode: enforce\nmx: mx1.sts.test\nmax_age: 86400\n" + "#" * 102400 + "\n")' \
	>"$work/www-big/.well-known/mta-sts.txt"
printf 'version: STSv1\nmode: enforced\nmx: mx1.sts.test\nmax_age: 86400\n' \
	>"$work/www-malformed/.well-known/mta-sts.txt"

lab_nsd $ns sts.test. "$z" || { bad "nsd"; exit 1; }
lab_cert sts www www.sts.test || { bad "certificate www"; exit 1; }
# slow's policy server accepts and says nothing (the deadline cuts it)
lab_silent_tcp "${sts_addr[slow]}" 443 || { bad "silent server"; exit 1; }
for d in "${!sts_addr[@]}"; do
	[ "$d" = slow ] && continue
	cert=mta-sts-$d
	extra=()
	case $d in
	othername) cert=www ;;
	json) extra=('location = /.well-known/mta-sts.txt { types { } default_type application/json; }') ;;
	redirect) extra=('location = /.well-known/mta-sts.txt { return 301 https://mta-sts.enforce.sts.test/.well-known/mta-sts.txt; }') ;;
	esac
	[ "$cert" = www ] || lab_cert sts "$cert" "mta-sts.$d.sts.test" ||
		{ bad "certificate of $d"; exit 1; }
	lab_nginx "${sts_addr[$d]}" "mta-sts.$d.sts.test" "$work/$cert.pem" \
		"$work/$cert.key" "$work/www-$d" "${extra[@]}" ||
		{ bad "nginx of $d"; exit 1; }
done
ok "lab up: sts.test on NSD, Postfix on 5 addresses, nginx for ${#sts_addr[@]} domains"

# run NAME ARGS...: mxdig --smtp at NSD (no DNSSEC, no authority layer)
run() {
	local name=$1
	shift
	timeout 60 "$mxdig" @$ns --routable 192.0.2.0/24 --no-dnssec --no-auth --no-ptr --smtp \
		--smtp-timeout 5 --ca-file "$work/ca-sts.pem" --format json "$@" \
		"$name.sts.test" >"$work/$name.json" 2>"$work/$name.err"
	echo $? >"$work/$name.rc"
}

# expect NAME RC STATUS CHECKS [WHERE:PATH=VALUE...]
expect() {
	local name=$1 rc=$2 out
	shift 2
	if [ "$(cat "$work/$name.rc")" != "$rc" ]; then
		bad "$name: exit $(cat "$work/$name.rc"), expected $rc"
		cat "$work/$name.err"
		python3 "$here/expect.py" "$work/$name.json" "$name.sts.test." "$@"
		return
	fi
	if out=$(python3 "$here/expect.py" "$work/$name.json" "$name.sts.test." "$@"); then
		ok "$name: exit $rc, $2"
	else
		bad "$name: $out"
	fi
}

mx1=mx1.sts.test. mx2=mx2.sts.test.

run enforce
expect enforce 0 info mx-no-ipv6 \
	@:policy.mta_sts.id=20261202T0001 @:policy.mta_sts.mode=enforce \
	@:policy.mta_sts.max_age=86400 @:policy.mta_sts.http_status=200 \
	'@:policy.mta_sts.mx=["mx1.sts.test","mx2.sts.test"]' \
	@:policy.mta_sts.url=https://mta-sts.enforce.sts.test/.well-known/mta-sts.txt \
	'@:policy.tls_rpt.rua=["mailto:tlsrpt@sts.test"]' \
	$mx1:senders.mta_sts.verdict=tls-authenticated \
	$mx2:senders.mta_sts.verdict=tls-authenticated \
	$mx1:senders.opportunistic.verdict=tls $mx1:senders.dane.verdict=unknown

run missing
expect missing 2 error mx-no-ipv6,mta-sts-mx-not-covered/error,tls-rpt-missing/info \
	$mx1:senders.mta_sts.verdict=tls-authenticated \
	$mx2:senders.mta_sts.verdict=refuse \
	"$mx2:senders.mta_sts.why=~matches no mx pattern" \
	$mx2:senders.opportunistic.verdict=tls \
	"@:findings.1.message=~MTA-STS senders refuse to deliver to it"

run testing
expect testing 1 warning mx-no-ipv6,mta-sts-testing/info,mta-sts-mx-not-covered/warning \
	@:policy.mta_sts.mode=testing \
	$mx2:senders.mta_sts.verdict=tls "$mx2:senders.mta_sts.why=~testing mode"

run deep
expect deep 2 error mx-single-host,mx-no-ipv6,mta-sts-mx-not-covered/error \
	a.b.wild.sts.test.:senders.mta_sts.verdict=refuse

run one
expect one 0 info mx-single-host,mx-no-ipv6 \
	b.wild.sts.test.:senders.mta_sts.verdict=tls-authenticated

run redirect
expect redirect 2 error mx-single-host,mx-no-ipv6,mta-sts-policy-unavailable \
	"@:policy.mta_sts.fetch_error=~redirect (301)" @:policy.mta_sts.http_status=301 \
	@:policy.mta_sts.mode=null $mx1:senders.mta_sts.verdict=tls

run notfound
expect notfound 2 error mx-single-host,mx-no-ipv6,mta-sts-policy-unavailable \
	"@:policy.mta_sts.fetch_error=~404" @:policy.mta_sts.http_status=404 \
	$mx1:senders.mta_sts.verdict=tls

run big
expect big 2 error mx-single-host,mx-no-ipv6,mta-sts-policy-unavailable \
	"@:policy.mta_sts.fetch_error=~over 65536 octets"

run othername
expect othername 2 error mx-single-host,mx-no-ipv6,mta-sts-policy-unavailable \
	"@:policy.mta_sts.fetch_error=~mta-sts.othername.sts.test" \
	@:policy.mta_sts.http_status=0

run malformed
expect malformed 2 error mx-single-host,mx-no-ipv6,mta-sts-policy-invalid \
	"@:policy.mta_sts.policy_error=~enforced" @:policy.mta_sts.mode=null \
	$mx1:senders.mta_sts.verdict=tls

run twotxt
expect twotxt 2 error mx-single-host,mx-no-ipv6,mta-sts-txt-invalid \
	"@:policy.mta_sts.error=2 v=STSv1 records, not one" \
	@:policy.mta_sts.url=null $mx1:senders.mta_sts.verdict=tls

run badcert
expect badcert 2 error mx-single-host,mx-no-ipv6,smtp-cert-name-mismatch,mta-sts-cert-invalid/error \
	mx-wrong.sts.test.:senders.mta_sts.verdict=refuse \
	"mx-wrong.sts.test.:senders.mta_sts.why=~not valid for mx-wrong.sts.test." \
	mx-wrong.sts.test.:senders.opportunistic.verdict=tls

run badrpt
expect badrpt 1 warning mx-single-host,mx-no-ipv6,tls-rpt-invalid/warning \
	"@:policy.tls_rpt.error=~ftp"

# served as application/json: parsed, but senders that check the media
# type (RFC 8461 §3.2 SHOULD) ignore it, a warning
run json
expect json 1 warning mx-single-host,mx-no-ipv6,mta-sts-policy-invalid/warning \
	@:policy.mta_sts.content_type=application/json @:policy.mta_sts.mode=enforce \
	"@:findings.2.message=~is served as application/json, not text/plain"

run none
expect none 0 info mx-single-host,mx-no-ipv6 @:policy.mta_sts.txt=null \
	"$mx1:senders.mta_sts.why=no MTA-STS policy: opportunistic TLS"

# a policy server that never answers: the deadline (3 s, the SMTP
# timeout 20 s) cuts the fetch, which ran beside the SMTP probes; the
# verdict is unknown (exit 3), the MTA-STS sender's with it
t0=$(date +%s%N)
run slow --deadline 3 --smtp-timeout 20
ms=$((($(date +%s%N) - t0) / 1000000))
expect slow 3 unknown mx-single-host,mx-no-ipv6,mta-sts-policy-unavailable \
	"@:policy.mta_sts.fetch_error=no answer by the deadline" \
	$mx1:senders.mta_sts.verdict=tls $MX1:smtp.state=answered
if [ "$ms" -ge 2800 ] && [ "$ms" -le 6000 ]; then
	ok "slow: the deadline ended the run after $ms ms"
else
	bad "slow: ended after $ms ms, not between 2800 and 6000"
fi

# without --smtp: the record only, the policy not fetched
timeout 60 "$mxdig" @$ns --routable 192.0.2.0/24 --no-dnssec --no-auth --no-ptr --format json \
	missing.sts.test >"$work/nosmtp.json" 2>"$work/nosmtp.err"
echo $? >"$work/nosmtp.rc"
if [ "$(cat "$work/nosmtp.rc")" = 0 ] && python3 "$here/expect.py" "$work/nosmtp.json" missing.sts.test. info \
    mx-no-ipv6,tls-rpt-missing @:policy.mta_sts.url=null \
    @:policy.mta_sts.id=20261202T0001 $mx2:senders.mta_sts.verdict=unknown >"$work/nosmtp.out"; then
	ok "missing without --smtp: the record, no fetch, the MTA-STS verdict unknown"
else
	bad "missing without --smtp: $(cat "$work/nosmtp.out")"
fi

# the text output: the policy summary and the summary line
timeout 60 "$mxdig" @$ns --routable 192.0.2.0/24 --no-dnssec --no-auth --no-ptr --smtp --smtp-timeout 5 \
	--ca-file "$work/ca-sts.pem" --color never missing.sts.test >"$work/text.out" 2>&1
# (POLICY_TEXT_OUT=FILE keeps a copy: README's example is this output)
[ -n "${POLICY_TEXT_OUT:-}" ] && cp "$work/text.out" "$POLICY_TEXT_OUT"
if grep -qx "  MTA-STS: id 20261202T0001, mode enforce, max_age 86400, mx mx1.sts.test" "$work/text.out" &&
    grep -qx "  TLS-RPT: no _smtp._tls record" "$work/text.out" &&
    grep -q "^  mx2.sts.test.  senders: DANE unknown, MTA-STS refuse, opportunistic tls$" "$work/text.out" &&
    grep -q "MTA-STS senders refuse mx2\\.sts\\.test\\.$" "$work/text.out"; then
	ok "text: the MTA-STS line, the verdicts per exchange, the refusal in the summary"
else
	bad "text: $(cat "$work/text.out")"
fi

# diff --live --smtp: an exchange a change adds, judged against the
# policy served now (offline it is only the note "the policy must list
# it"): not covered in enforce mode an error, in testing mode a warning,
# covered a note saying so; exit 2 for the error.
for side in old new; do
	{
		printf '$ORIGIN sts.test.\n$TTL 300\n'
		printf '@ SOA ns hostmaster %d 3600 600 86400 300\n@ NS ns\n' \
			"$([ $side = old ] && echo 1 || echo 2)"
		printf 'ns A %s\nmx1 A %s\nmx2 A %s\n' $ns $MX1 $MX2
		for d in missing testing enforce; do
			printf '%s MX 10 mx1.sts.test.\n' $d
			[ $side = new ] && printf '%s MX 20 mx2.sts.test.\n' $d
			printf '_mta-sts.%s TXT "%s"\n' $d "$ID"
		done
	} >"$work/diff-$side.zone"
done
printf 'nameserver %s\n' $ns >"$work/diff-resolv.conf"
diffrun() {
	timeout 60 "$mxdig" diff "$@" --resolv-conf "$work/diff-resolv.conf" --routable 192.0.2.0/24 --no-dnssec --no-auth \
		--no-ptr --smtp-timeout 5 --ca-file "$work/ca-sts.pem" --format gcc \
		"$work/diff-old.zone" "$work/diff-new.zone" 2>&1
}
out=$(diffrun --live --smtp); rc=$?
url=https://mta-sts.%s.sts.test/.well-known/mta-sts.txt
want_missing="diff-new.zone:9: error: mx2.sts.test. joins the MX set of missing.sts.test., and the MTA-STS policy served now at $(printf $url missing) (mode enforce, mx: mx1.sts.test) matches no pattern for it: MTA-STS senders refuse to deliver to it once the change is published (RFC 8461 §4.1); list it in the policy and change the _mta-sts record's id before the change is published [mta-sts-mx-not-covered]"
want_testing="diff-new.zone:12: warning: mx2.sts.test. joins the MX set of testing.sts.test., and the MTA-STS policy served now at $(printf $url testing) (mode testing, mx: mx1.sts.test) matches no pattern for it: MTA-STS senders report it and deliver (testing mode) (RFC 8461 §4.1); list it in the policy and change the _mta-sts record's id before the change is published [mta-sts-mx-not-covered]"
want_enforce="diff-new.zone:15: info: mx2.sts.test. joins the MX set of enforce.sts.test.; the MTA-STS policy served now at $(printf $url enforce) (mode enforce) already lists it (mx: mx1.sts.test, mx2.sts.test) [mta-sts-mx-not-covered]"
got=$(echo "$out" | grep 'mta-sts-mx-not-covered' | sed 's|^.*/diff-new.zone|diff-new.zone|')
if [ "$rc" = 2 ] && [ "$got" = "$want_missing
$want_testing
$want_enforce" ]; then
	ok "diff --live --smtp: the added exchange against the policy served now (error, warning, covered), exit 2"
else
	bad "diff --live --smtp: rc $rc: $out"
fi
# offline, the same change is three notes, exit 0
out=$(diffrun); rc=$?
n=$(echo "$out" | grep -c ': info: mx2.sts.test. joins the MX set of .*the MTA-STS policy must list mx2.sts.test. before the change is published')
[ "$rc" = 0 ] && [ "$n" = 3 ] && ok "diff offline: three notes that the policy must list mx2, exit 0" ||
	bad "diff offline: rc $rc, $n notes: $out"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

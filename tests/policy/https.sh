#!/bin/bash
# The MTA-STS policy fetch (lib/probe/https.c) against Debian's nginx on
# port 443 of test addresses in a private network namespace, with
# certificates made here under a test CA: a policy (LF and CRLF), a
# redirect, a 404, a body over and at the limit, Content-Type passed
# through, a certificate for another name and one from another CA, a
# refused and a silent address, fall-through to the next address, IPv6,
# concurrent fetches, cancel and free with a fetch in flight.  Each case
# asserts the exact reply (tests/policy/fetch prints it as JSON; "ms"
# is checked against its bound, then dropped; "threads" 1 says curl ran
# on the loop alone, with no thread of its own).
#
# usage: https.sh FETCH SRCDIR
set -u
. "$2/tests/lib.sh"
netns_enter "$0" "$@"
fetch=$1
test_begin nginx openssl python3 ss

A=192.0.2.80 WRONG=192.0.2.81 OTHERCA=192.0.2.82 REFUSED=192.0.2.83
SILENT=192.0.2.84 EXPIRED=192.0.2.85 A6=2001:db8::80 REFUSED6=2001:db8::83 H=mta-sts.example.test
netns_addr $A $WRONG $OTHERCA $REFUSED $SILENT $EXPIRED $A6 $REFUSED6 ||
	{ bad "netns_addr"; exit 1; }
lab_ca lab && lab_ca other &&
	lab_cert lab sts $H &&
	lab_cert lab wrongname www.example.test &&
	lab_cert other otherca $H &&
	lab_cert lab expired $H 30 2020-01-01 || { bad "certificates"; exit 1; }

root=$work/www
mkdir -p "$root/.well-known"
printf 'version: STSv1\nmode: enforce\nmx: mx1.example.test\nmax_age: 86400\n' \
	>"$root/.well-known/mta-sts.txt"
printf 'version: STSv1\r\nmode: testing\r\nmx: *.example.test\r\nmax_age: 604800\r\n' \
	>"$root/crlf.txt"
python3 -c 'import sys; sys.stdout.write("x" * 102400)' >"$root/big.txt"
python3 -c 'import sys; sys.stdout.write("y" * 65536)' >"$root/exact.txt"
printf '{"version": "STSv1"}\n' >"$root/policy.json.txt"
lab_nginx "$A $A6" $H "$work/sts.pem" "$work/sts.key" "$root" \
	'location = /moved { return 301 https://elsewhere.example.test/.well-known/mta-sts.txt; }' \
	'location = /found { return 302 /.well-known/other.txt; }' \
	'location = /policy.json.txt { types { } default_type application/json; }' \
	'location = /teapot { return 503; }' ||
	{ bad "nginx on $A"; exit 1; }
lab_nginx $WRONG $H "$work/wrongname.pem" "$work/wrongname.key" "$root" ||
	{ bad "nginx on $WRONG"; exit 1; }
lab_nginx $OTHERCA $H "$work/otherca.pem" "$work/otherca.key" "$root" ||
	{ bad "nginx on $OTHERCA"; exit 1; }
lab_nginx $EXPIRED $H "$work/expired.pem" "$work/expired.key" "$root" ||
	{ bad "nginx on $EXPIRED"; exit 1; }
# accepts, then says nothing (TLS never starts)
lab_silent_tcp $SILENT 443 || { bad "silent server"; exit 1; }
B=192.0.2.10
netns_addr ${B}1 ${B}2 ${B}3 ${B}4 ${B}5 ${B}6 || { bad "netns_addr ${B}x"; exit 1; }
python3 "$(dirname "$0")/hostile_https.py" "$work/sts.pem" "$work/sts.key" \
	${B}1=chunked ${B}2=stall ${B}3=mute ${B}4=close ${B}5=plain ${B}6=control \
	>"$work/hostile.out" 2>&1 &
server_pids+=($!)
for i in $(seq 1 100); do
	grep -q ready "$work/hostile.out" && break
	sleep 0.1
done
grep -q ready "$work/hostile.out" || { bad "hostile HTTPS server"; cat "$work/hostile.out"; exit 1; }
ok "servers up: nginx on $A, [$A6], $WRONG, $OTHERCA; silent $SILENT; hostile ${B}1-${B}6"

ca="$work/ca-lab.pem"
# case NAME EXPECTED MAX_MS FETCH-ARGS...: the reply without "ms" is
# EXPECTED exactly, its ms at most MAX_MS, the exit status 0.
case_() {
	local name=$1 want=$2 max_ms=$3 out rc ms got
	shift 3
	out=$("$fetch" "$@" 2>"$work/$name.err")
	rc=$?
	ms=$(printf '%s\n' "$out" | sed -n 's/.*"ms":\([0-9]*\).*/\1/p' | head -1)
	got=$(printf '%s\n' "$out" | sed 's/,"ms":[0-9]*//')
	if [ "$rc" != 0 ]; then
		bad "$name: exit $rc: $out $(cat "$work/$name.err")"
	elif [ "$got" != "$want" ]; then
		bad "$name: got $got"
		echo "     want $want"
	elif [ -z "$ms" ] || [ "$ms" -gt "$max_ms" ]; then
		bad "$name: $ms ms, more than $max_ms"
	else
		ok "$name"
	fi
}
P=/.well-known/mta-sts.txt
policy='version: STSv1\nmode: enforce\nmx: mx1.example.test\nmax_age: 86400\n'

case_ policy-200 \
	'{"body":"'"$policy"'","content_type":"text/plain","error":null,"idle":true,"len":65,"status":200,"threads":1}' \
	3000 -c "$ca" $H 443 $P $A
case_ policy-crlf \
	'{"body":"version: STSv1\r\nmode: testing\r\nmx: *.example.test\r\nmax_age: 604800\r\n","content_type":"text/plain","error":null,"idle":true,"len":68,"status":200,"threads":1}' \
	3000 -c "$ca" $H 443 /crlf.txt $A
case_ redirect-301 \
	'{"body":null,"content_type":"text/html","error":"redirect (301) to https://elsewhere.example.test/.well-known/mta-sts.txt: not followed (RFC 8461 §3.3)","idle":true,"len":162,"status":301,"threads":1}' \
	3000 -c "$ca" $H 443 /moved $A
case_ redirect-302-relative \
	'{"body":null,"content_type":"text/html","error":"redirect (302) to https://mta-sts.example.test/.well-known/other.txt: not followed (RFC 8461 §3.3)","idle":true,"len":138,"status":302,"threads":1}' \
	3000 -c "$ca" $H 443 /found $A
case_ status-404 \
	'{"body":null,"content_type":"text/html","error":"status 404 (Not Found)","idle":true,"len":146,"status":404,"threads":1}' \
	3000 -c "$ca" $H 443 /.well-known/absent.txt $A
case_ status-503 \
	'{"body":null,"content_type":"text/html","error":"status 503 (Service Unavailable)","idle":true,"len":190,"status":503,"threads":1}' \
	3000 -c "$ca" $H 443 /teapot $A
case_ over-100KiB \
	'{"body":"","content_type":"text/plain","error":"over 65536 octets","idle":true,"len":0,"status":200,"threads":1}' \
	3000 -c "$ca" $H 443 /big.txt $A
case_ exactly-65536 \
	'{"body":null,"content_type":"text/plain","error":null,"idle":true,"len":65536,"status":200,"threads":1}' \
	3000 -c "$ca" $H 443 /exact.txt $A
case_ over-max-10 \
	'{"body":"","content_type":"text/plain","error":"over 10 octets","idle":true,"len":0,"status":200,"threads":1}' \
	3000 -c "$ca" -m 10 $H 443 $P $A
case_ content-type-json \
	'{"body":"{\"version\": \"STSv1\"}\n","content_type":"application/json","error":null,"idle":true,"len":21,"status":200,"threads":1}' \
	3000 -c "$ca" $H 443 /policy.json.txt $A
case_ cert-other-name \
	'{"body":null,"content_type":null,"error":"certificate not valid for mta-sts.example.test: hostname mismatch","idle":true,"len":0,"status":0,"threads":1}' \
	3000 -c "$ca" $H 443 $P $WRONG
case_ cert-other-ca \
	'{"body":null,"content_type":null,"error":"certificate not valid for mta-sts.example.test: unable to get local issuer certificate","idle":true,"len":0,"status":0,"threads":1}' \
	3000 -c "$ca" $H 443 $P $OTHERCA
case_ cert-expired \
	'{"body":null,"content_type":null,"error":"certificate not valid for mta-sts.example.test: certificate has expired","idle":true,"len":0,"status":0,"threads":1}' \
	3000 -c "$ca" $H 443 $P $EXPIRED
case_ ca-file-missing \
	'{"body":null,"content_type":null,"error":"'"$work/absent.pem: no certificate could be read"'","idle":true,"len":0,"status":0,"threads":1}' \
	3000 -c "$work/absent.pem" $H 443 $P $A
case_ system-store \
	'{"body":null,"content_type":null,"error":"certificate not valid for mta-sts.example.test: unable to get local issuer certificate","idle":true,"len":0,"status":0,"threads":1}' \
	3000 $H 443 $P $A
case_ refused \
	'{"body":null,"content_type":null,"error":"connection refused by 192.0.2.83:443","idle":true,"len":0,"status":0,"threads":1}' \
	3000 -c "$ca" $H 443 $P $REFUSED
case_ silent-2s \
	'{"body":null,"content_type":null,"error":"no answer from 192.0.2.84:443 within 2 s","idle":true,"len":0,"status":0,"threads":1}' \
	2600 -c "$ca" -t 2000 $H 443 $P $SILENT
case_ refused-then-served \
	'{"body":"'"$policy"'","content_type":"text/plain","error":null,"idle":true,"len":65,"status":200,"threads":1}' \
	3000 -c "$ca" $H 443 $P $REFUSED $A
case_ silent-then-served \
	'{"body":"'"$policy"'","content_type":"text/plain","error":null,"idle":true,"len":65,"status":200,"threads":1}' \
	2600 -c "$ca" -t 2000 $H 443 $P $SILENT $A
case_ refused-then-silent \
	'{"body":null,"content_type":null,"error":"connection refused by 192.0.2.83:443; no answer from 192.0.2.84:443 within 2 s","idle":true,"len":0,"status":0,"threads":1}' \
	2600 -c "$ca" -t 2000 $H 443 $P $REFUSED $SILENT
case_ ipv6 \
	'{"body":"'"$policy"'","content_type":"text/plain","error":null,"idle":true,"len":65,"status":200,"threads":1}' \
	3000 -c "$ca" $H 443 $P $A6
case_ ipv6-refused \
	'{"body":null,"content_type":null,"error":"connection refused by [2001:db8::83]:443","idle":true,"len":0,"status":0,"threads":1}' \
	3000 -c "$ca" $H 443 $P $REFUSED6
case_ no-address \
	'{"body":null,"content_type":null,"error":"no address for mta-sts.example.test","idle":true,"len":0,"status":0,"threads":1}' \
	1000 -c "$ca" $H 443 $P

# servers that misbehave (hostile_https.py)
case_ chunked-over \
	'{"body":"","content_type":"text/plain","error":"over 65536 octets","idle":true,"len":0,"status":200,"threads":1}' \
	3000 -c "$ca" $H 443 $P ${B}1
case_ body-stalls \
	'{"body":"ssssssssss","content_type":"text/plain","error":"reply from 192.0.2.102:443 not complete within 2 s","idle":true,"len":10,"status":200,"threads":1}' \
	2600 -c "$ca" -t 2000 $H 443 $P ${B}2
case_ mute-after-tls \
	'{"body":null,"content_type":null,"error":"no reply from 192.0.2.103:443 within 2 s","idle":true,"len":0,"status":0,"threads":1}' \
	2600 -c "$ca" -t 2000 $H 443 $P ${B}3
case_ close-after-tls \
	'{"body":null,"content_type":null,"error":"192.0.2.104:443 closed the connection without a reply","idle":true,"len":0,"status":0,"threads":1}' \
	3000 -c "$ca" $H 443 $P ${B}4
case_ plain-http \
	'{"body":null,"content_type":null,"error":"TLS handshake failed with 192.0.2.105:443: error:0A00010B:SSL routines::wrong version number","idle":true,"len":0,"status":0,"threads":1}' \
	3000 -c "$ca" $H 443 $P ${B}5
case_ content-type-control \
	'{"body":"ok","content_type":"text/\\001plain","error":null,"idle":true,"len":2,"status":200,"threads":1}' \
	3000 -c "$ca" $H 443 $P ${B}6

# three fetches at once on one loop: three replies, each the policy
want='{"body":"'"$policy"'","content_type":"text/plain","error":null,"idle":true,"len":65,"status":200,"threads":1}'
out=$("$fetch" -c "$ca" -n 3 $H 443 $P $A)
rc=$?
out=$(printf '%s\n' "$out" | sed 's/,"ms":[0-9]*//')
if [ "$rc" = 0 ] && [ "$out" = "$(printf '%s\n%s\n%s' "$want" "$want" "$want")" ]; then
	ok "three at once"
else
	bad "three at once: exit $rc, $out"
fi

# a second fetch started from the first one's callback
out=$("$fetch" -c "$ca" -x chain $H 443 $P $A)
rc=$?
out=$(printf '%s\n' "$out" | sed 's/,"ms":[0-9]*//')
if [ "$rc" = 0 ] && [ "$out" = "$(printf '%s\n%s' "$want" "$want")" ]; then
	ok "second fetch from the first one's callback"
else
	bad "second fetch from the first one's callback: exit $rc, $out"
fi

# cancelled at once, and freed while the fetch waits on the silent
# server: no callback, nothing left on the loop
out=$("$fetch" -c "$ca" -x cancel $H 443 $P $A)
rc=$?
[ "$rc" = 0 ] && [ "$out" = '{"called":false,"idle":true}' ] && ok "cancel" ||
	bad "cancel: exit $rc, $out"
out=$("$fetch" -c "$ca" -t 5000 -x free:300 $H 443 $P $SILENT)
rc=$?
[ "$rc" = 0 ] && [ "$out" = '{"called":false,"idle":true}' ] &&
	ok "free in flight" || bad "free in flight: exit $rc, $out"

# what the caller gets wrong is refused at once
for args in "bad_host! 443 $P $A" "$H 443 relative $A" "$H 443 $P 192.0.2.300" \
    "$H 0 $P $A" "$H 443 /a\ b $A"; do
	out=$(eval "\"$fetch\" -c \"$ca\" $args")
	rc=$?
	[ "$rc" = 3 ] && [ "$out" = '{"get":"invalid argument"}' ] &&
		ok "refused: $args" || bad "refused: $args: exit $rc, $out"
done

# nginx on $A and [$A6] answered 200 exactly to the fetches above that
# reached it: policy, CRLF, 100 KiB, 65536, -m 10, JSON, refused and
# silent then served, IPv6, three at once, two chained (the cancelled
# one never connected, the system store's never got past TLS); all
# over HTTP/2 (ALPN; hostile_https.py speaks HTTP/1.1)
n=$(grep -c ' HTTP/2.0" 200 ' "$work/nginx-1/logs/access.log")
[ "$n" = 14 ] && ok "nginx answered 14 HTTP/2 requests with 200" ||
	bad "nginx answered $n HTTP/2 requests with 200, expected 14"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

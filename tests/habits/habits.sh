#!/bin/bash
# habits.sh MXDIG SRCDIR -- (issue 16) what users of dig and
# kdig type, against NSD on a free port of 127.0.0.1: a trailing MX
# (ignored, with a note), other types and +options (usage errors saying
# what mxdig does), +short, the @server forms (@host#port, @host:port,
# @[v6]:port, @v6), user@domain, URLs, Unicode names (the same result as
# their A-label, both forms shown), a refused connection (refused, not
# timed out) beside a silent server (timed out), the --resolv-conf errors
# and its ADDR:PORT lines, non-finite numbers, and -f lines.
set -u
. "$2/tests/lib.sh"
mxdig=$1
test_begin nsd dig ss python3

cat >"$work/test.zone" <<'Z'
$ORIGIN test.
$TTL 3600
@	SOA ns hostmaster 1 3600 600 86400 300
@	NS ns
ns	A 127.0.0.1
plain	MX 10 mx.plain
mx.plain	A 192.0.2.25
xn--bcher-kva	MX 10 mx.xn--bcher-kva
mx.xn--bcher-kva	A 192.0.2.26
Z
nsd_start test. test.zone || { bad "NSD did not start"; echo "$pass passed, $fail failed"; exit 1; }
P=$port
# 192.0.2.0/24 is the test addresses' network: usable here.  NSD on
# loopback answers in a millisecond, but on a loaded machine (CI beside
# other jobs) a reply has been seen to take over a second: 3 s a query,
# so that only the silent server below (--timeout 0.5) times out.  The
# DNSSEC and reverse layers are off: this NSD serves no signed chain, and
# libunbound words the same indeterminate state differently from run to
# run ("no DNSKEY rrset for trust anchor", "marked as invalid because of
# a previous validation failure"), which the IDN JSON comparison of two
# runs would read as a difference of the input's handling.
m() { "$mxdig" --no-auth --no-dnssec --no-ptr --routable 192.0.2.0/24 --timeout 3 --tries 1 "$@"; }

# expect NAME WANT_RC WANT_OUT CMD...: stdout and status, exactly
expect() {
	local name=$1 want_rc=$2 want=$3 out rc
	shift 3
	out=$("$@" 2>"$work/err"); rc=$?
	if [ "$rc" -eq "$want_rc" ] && [ "$out" = "$want" ]; then
		ok "$name"
	else
		bad "$name: rc $rc (want $want_rc), out '$out', err '$(head -c 400 "$work/err")'"
	fi
}
# experr NAME WANT_RC WANT_FIRST_STDERR_LINE CMD...: usage-like failures
experr() {
	local name=$1 want_rc=$2 want=$3 rc first
	shift 3
	"$@" >"$work/out" 2>"$work/err"; rc=$?
	first=$(head -1 "$work/err")
	if [ "$rc" -eq "$want_rc" ] && [ "$first" = "$want" ]; then
		ok "$name"
	else
		bad "$name: rc $rc (want $want_rc), stderr '$first'"
	fi
}

# --- the server forms ---
expect "@127.0.0.1 -p PORT" 0 "10 mx.plain.test. 192.0.2.25" m --short @127.0.0.1 -p "$P" plain.test
expect "@127.0.0.1#PORT" 0 "10 mx.plain.test. 192.0.2.25" m --short "@127.0.0.1#$P" plain.test
expect "@127.0.0.1:PORT" 0 "10 mx.plain.test. 192.0.2.25" m --short "@127.0.0.1:$P" plain.test
expect "@localhost#PORT (a name)" 0 "10 mx.plain.test. 192.0.2.25" m -4 --short "@localhost#$P" plain.test
expect "@[127.0.0.1]:PORT" 0 "10 mx.plain.test. 192.0.2.25" m --short "@[127.0.0.1]:$P" plain.test
out=$(m "@[::1]:$P" plain.test 2>&1 | head -1)
case $out in
"plain.test.  (source: live, server [::1]:$P,"*) ok "@[::1]:PORT asks [::1] on PORT" ;;
*) bad "@[::1]:PORT: $out" ;;
esac
out=$(m "@::1" plain.test 2>&1 | head -1)
case $out in
"plain.test.  (source: live, server [::1]:53,"*) ok "@::1 is an address, port 53" ;;
*) bad "@::1: $out" ;;
esac
experr "@host#PORT and a different -p" 3 "mxdig: @server: port $P and -p 54 disagree; give one" m -p 54 "@127.0.0.1#$P" plain.test
experr "@[::1 without ]" 3 "mxdig: @server: '@[::1' has no ']' after the IPv6 address" m "@[::1" plain.test
experr "@host#99999" 3 "mxdig: @server port: '99999' is not a whole number from 1 to 65535" m "@127.0.0.1#99999" plain.test
experr "@#53" 3 "mxdig: @server: the server name is empty" m "@#53" plain.test

# --- dig's words ---
expect "trailing MX" 0 "10 mx.plain.test. 192.0.2.25" m --short "@127.0.0.1#$P" plain.test MX
want="mxdig: note: 'MX' ignored: mxdig always looks up MX, then the address of every exchange"
[ "$(cat "$work/err")" = "$want" ] && ok "trailing MX: the note" || bad "trailing MX note: $(cat "$work/err")"
expect "dig's MX first, lower case" 0 "10 mx.plain.test. 192.0.2.25" m --short "@127.0.0.1#$P" mx plain.test
expect "+short" 0 "10 mx.plain.test. 192.0.2.25" m "@127.0.0.1#$P" +short plain.test
for t in A AAAA TXT ANY ns; do
	experr "record type $t" 3 "mxdig: '$t' is a record type: mxdig checks mail delivery (MX, then A/AAAA of every exchange) and takes no type; for $(echo "$t" | tr a-z A-Z) records use dig" m "@127.0.0.1#$P" plain.test "$t"
done
experr "TYPE65" 3 "mxdig: 'TYPE65' is a record type: mxdig checks mail delivery and takes no type; use dig" m plain.test TYPE65
experr "class CH" 3 "mxdig: 'CH' is a DNS class: mxdig checks mail delivery in class IN only" m plain.test CH
experr "+trace" 3 "mxdig: '+trace' is a dig query option: mxdig has no +options but +short (--short); it always follows the whole delivery path (MX, CNAME, A/AAAA of every exchange) -- see mxdig --help" m plain.test +trace
experr "+tcp" 3 "mxdig: '+tcp' is dig's; mxdig's is --tcp" m plain.test +tcp
experr "+time=2" 3 "mxdig: '+time=2' is dig's; mxdig's is --timeout SECONDS" m plain.test +time=2
grep -q '^usage: mxdig' "$work/err" && ok "+option: the usage follows" || bad "+option: no usage"

# --- what a domain is typed as ---
expect "user@domain" 0 "10 mx.plain.test. 192.0.2.25" m --short "@127.0.0.1#$P" postmaster@plain.test
want="mxdig: note: postmaster@plain.test: checking the domain after the last '@', plain.test"
[ "$(cat "$work/err")" = "$want" ] && ok "user@domain: the note" || bad "user@domain note: $(cat "$work/err")"
expect "\"a@b\"@domain: the last @" 0 "10 mx.plain.test. 192.0.2.25" m --short "@127.0.0.1#$P" 'a@b@plain.test'
experr "user@ (nothing after)" 3 "mxdig: 'user@': nothing after the '@' (name the domain of the address)" m user@
experr "https URL" 3 "mxdig: 'https://www.plain.test/x' is a URL, not a domain: to check the mail of its host, name the host (mxdig www.plain.test)" m https://www.plain.test/x
experr "smtp URL with user and port" 3 "mxdig: 'smtp://u@mx.plain.test:25' is a URL, not a domain: to check the mail of its host, name the host (mxdig mx.plain.test)" m smtp://u@mx.plain.test:25
experr "a path" 3 "mxdig: 'plain.test/' is not a domain name (a domain has no '/')" m plain.test/

# --- IDN: the Unicode name and its A-label give the same result ---
u=$(m "@127.0.0.1#$P" --short bücher.test); a=$(m "@127.0.0.1#$P" --short xn--bcher-kva.test)
[ "$u" = "10 mx.xn--bcher-kva.test. 192.0.2.26" ] && [ "$u" = "$a" ] && ok "IDN --short: same as the A-label" || bad "IDN --short: '$u' vs '$a'"
u=$(m "@127.0.0.1#$P" BÜCHER.test | sed 1s/,\ [0-9]*\ ms//); a=$(m "@127.0.0.1#$P" xn--bcher-kva.test | sed 1s/,\ [0-9]*\ ms//)
[ "$u" = "$a" ] && ok "IDN text (upper case mapped): same as the A-label" || bad "IDN text: '$u' vs '$a'"
[ "$(echo "$u" | head -1)" = "xn--bcher-kva.test. (bücher.test.)  (source: live, server 127.0.0.1:$P)" ] &&
	ok "IDN text: both forms in the header" || bad "IDN header: $(echo "$u" | head -1)"
m "@127.0.0.1#$P" --format json bücher.test >"$work/u.json"
m "@127.0.0.1#$P" --format json xn--bcher-kva.test >"$work/a.json"
python3 - "$work/u.json" "$work/a.json" <<'PY' && ok "IDN JSON: domain, unicode, and the A-label's result" || bad "IDN JSON"
import json, sys
u, a = (json.load(open(f))[0] for f in sys.argv[1:3])
assert u["domain"] == "xn--bcher-kva.test.", u["domain"]
assert u["unicode"] == "bücher.test.", u["unicode"]
for d in (u, a):
    d.pop("elapsed_ms", None)
assert u == a, (u, a)
PY
m "@127.0.0.1#$P" --format json plain.test | python3 -c '
import json, sys
assert "unicode" not in json.load(sys.stdin)[0]' && ok "JSON: no unicode field for an ASCII name" || bad "JSON unicode on ASCII"
experr "IDN: a disallowed character" 3 "mxdig: '\\226\\152\\131.test' is not a valid internationalised domain name (IDNA 2008): string contains a disallowed character" m ☃.test
experr "IDN: bytes that are not UTF-8" 3 "mxdig: 'b\\252cher.test' is not a valid internationalised domain name (IDNA 2008): string encoding error" m "$(printf 'b\374cher.test')"

# --- -f lines: the same conversions, bad lines skipped with file:line ---
printf 'bücher.test\nhostmaster@plain.test\nhttp://plain.test/\n' >"$work/list"
m "@127.0.0.1#$P" --format jsonl -f "$work/list" >"$work/out" 2>"$work/err"; rc=$?
out=$(python3 -c '
import json, sys
for l in open(sys.argv[1]):
    d = json.loads(l)
    print(d["domain"], d.get("unicode", "-"), d["mx"][0]["exchange"])' "$work/out" | LC_ALL=C sort)
[ "$rc" -eq 3 ] && [ "$out" = "plain.test. - mx.plain.test.
xn--bcher-kva.test. bücher.test. mx.xn--bcher-kva.test." ] && ok "-f: IDN and address lines checked, exit 3 for the bad line" || bad "-f: rc $rc out '$out'"
grep -qxF "mxdig: $work/list:3: 'http://plain.test/' is a URL, not a domain: to check the mail of its host, name the host (mxdig plain.test); skipped" "$work/err" &&
	ok "-f: a URL line named with file:line" || bad "-f URL line: $(cat "$work/err")"

# --- refused is refused; silence is a timeout ---
closed=$(free_port)
out=$(m "@127.0.0.1#$closed" plain.test); rc=$?
[ "$rc" -eq 3 ] && echo "$out" | grep -qxF "  the MX lookup was refused (the server refused or closed the connection): the path is unknown" &&
	echo "$out" | grep -qxF "  plain.test. MX: refused, the server refused or closed the connection" && ok "refused: said as refused, exit 3" ||
	bad "refused: rc $rc $out"
m "@127.0.0.1#$closed" --format json plain.test | python3 -c '
import json, sys
f = json.load(sys.stdin)[0]["failures"][0]
assert (f["rcode"], f["detail"]) == ("refused", "the server refused or closed the connection"), f' && ok "refused: JSON rcode refused" || bad "refused JSON"
out=$(m --tcp "@127.0.0.1#$closed" plain.test | grep 'MX:')
[ "$out" = "  plain.test. MX: refused, the server refused or closed the connection" ] && ok "refused over TCP" || bad "refused TCP: $out"
silent=$(free_port)
python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", int(sys.argv[1])))
end = time.time() + 30
while time.time() < end:
    s.settimeout(1)
    try: s.recvfrom(4096)
    except socket.timeout: pass
' "$silent" &
server_pids+=($!)
udp_bound "$silent"
out=$(m --timeout 0.5 "@127.0.0.1#$silent" plain.test); rc=$?
[ "$rc" -eq 3 ] && echo "$out" | grep -qxF "  the MX lookup timed out: the path is unknown" &&
	echo "$out" | grep -q "^  plain.test. MX: timeout, " && ok "silent server: timed out, exit 3" || bad "silent: rc $rc $out"

# --- --resolv-conf ---
printf 'nameserver 127.0.0.1:%s\n' "$P" >"$work/port.conf"
expect "resolv.conf ADDR:PORT line understood" 0 "10 mx.plain.test. 192.0.2.25" m --short --resolv-conf "$work/port.conf" plain.test
printf 'search x\nnameserver [::1]:%s\nnameserver 127.0.0.1:%s\n' "$P" "$P" >"$work/port6.conf"
out=$(m --resolv-conf "$work/port6.conf" plain.test | head -1)
case $out in "plain.test.  (source: live, server [::1]:$P,127.0.0.1:$P,"*) ok "resolv.conf [V6]:PORT line understood" ;;
*) bad "resolv.conf [v6]:port: $out" ;; esac
printf 'nameserver 127.0.0.1\n' >"$work/plain.conf"
expect "resolv.conf plain line with -p" 0 "10 mx.plain.test. 192.0.2.25" m --short -p "$P" --resolv-conf "$work/plain.conf" plain.test
experr "resolv.conf missing" 3 "mxdig: $work/none.conf: No such file or directory" m --resolv-conf "$work/none.conf" plain.test
experr "resolv.conf a directory" 3 "mxdig: $work: not a regular file" m --resolv-conf "$work" plain.test
printf '# nothing\nsearch example\n' >"$work/empty.conf"
experr "resolv.conf without nameserver" 3 "mxdig: $work/empty.conf: no nameserver line (\"nameserver ADDRESS\")" m --resolv-conf "$work/empty.conf" plain.test
printf 'nameserver 127.0.0.1\nnameserver ns.example\n' >"$work/name.conf"
experr "resolv.conf nameserver not an address" 3 "mxdig: $work/name.conf:2: nameserver 'ns.example' is not an IPv4 or IPv6 address (ADDRESS, ADDRESS:PORT or [IPV6]:PORT)" m --resolv-conf "$work/name.conf" plain.test
printf 'nameserver 127.0.0.1:0\n' >"$work/p0.conf"
experr "resolv.conf port 0" 3 "mxdig: $work/p0.conf:1: nameserver port '0' is not a number from 1 to 65535" m --resolv-conf "$work/p0.conf" plain.test

# --- non-finite and other non-numbers ---
for v in nan inf -1 1e3 0x10 ' 5' ''; do
	experr "--timeout '$v'" 3 "mxdig: --timeout: '$v' is not a number of seconds from 0.1 to 300" m --timeout "$v" plain.test
done
experr "--deadline nan" 3 "mxdig: --deadline: 'nan' is not a number of seconds from 0.1 to 86400" m --deadline nan plain.test

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

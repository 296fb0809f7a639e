#!/bin/bash
# hostile.sh MXDIG SRCDIR -- mxdig against a DNS server that answers
# wrongly on purpose (hostile.py, one instance on 127.0.0.1, the mode in
# the question name): compression loops, wrong RDLENGTHs, QR=0, opcode
# 5, NXDOMAIN with data, 4,000 MX over TCP after TC=1, TCP that closes,
# stalls or sends garbage, wrong ID and question, CNAME loops and
# 50-hop chains, 255-octet names of \000 and non-UTF-8 octets, 2,500
# additional records, every answer twice, answers after the timeout,
# TTLs with the top bit set.  Each mode: the exact findings and failed
# lookups (JSON), the exit status, and a wall time within
# --timeout x --tries plus 2 s.  The server is stopped by its PID;
# every run is under timeout.
set -u
mxdig=$1
src=$2
. "$src/tests/lib.sh"
test_begin ss python3
# today's path alone: the DNSSEC and reverse layers are tests/dnssec's
mxdig=$(mxdig_today "$mxdig")

T=1		# --timeout
N=2		# --tries
limit=$((T * N * 1000 + 2000))	# ms

port=$(free_port) || { bad "no free port"; echo "$pass passed, $fail failed"; exit 1; }
python3 "$src/tests/live/hostile.py" "$port" "$work/ready" "$work/log" \
    2>"$work/server.err" &
server_pids+=($!)
for i in $(seq 1 50); do [ -s "$work/ready" ] && break; sleep 0.1; done
if [ -s "$work/ready" ]; then ok "hostile server on 127.0.0.1:$port"
else bad "the hostile server did not start: $(cat "$work/server.err")"; echo "$pass passed, $fail failed"; exit 1; fi

# The findings and failed lookups of a JSON run, one per line:
# "status S", "failed NAME TYPE RCODE: DETAIL", "SEVERITY CHECK: MESSAGE".
cat >"$work/summary.py" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
for r in doc if isinstance(doc, list) else [doc]:
    print("status", r["status"])
    for f in r["failures"]:
        print("failed %s %s %s: %s" % (f["name"], f["type"], f["rcode"],
                                       f.get("detail")))
    for f in r["findings"]:
        print("%s %s: %s" % (f["severity"], f["check"], f["message"]))
PY

# run NAME ARGS...: mxdig against the server; sets rc and ms, output in
# $work/NAME.out
run() {
	local name=$1 t0
	shift
	t0=$(date +%s%N)
	timeout 30 "$mxdig" --no-auth @127.0.0.1 -p "$port" --timeout "$T" --tries "$N" \
	    "$@" >"$work/$name.out" 2>"$work/$name.err"
	rc=$?
	ms=$((($(date +%s%N) - t0) / 1000000))
	# under ASan and UBSan (the build-asan ctest) a report is a failure
	# whatever the exit status
	if grep -q 'Sanitizer\|runtime error' "$work/$name.err"; then
		bad "$name: sanitizer report: $(head -c 600 "$work/$name.err")"
	fi
}

# expect MODE RC MIN_MS LINES: MODE.hostile.test in JSON exits RC within
# MIN_MS..limit ms and its summary is exactly LINES.
expect() {
	local mode=$1 want_rc=$2 min=$3 want=$4 got
	run "$mode" --format json "$mode.hostile.test"
	if [ "$rc" -eq "$want_rc" ]; then ok "$mode: exit $rc"
	else bad "$mode: exit $rc, not $want_rc: $(head -c 300 "$work/$mode.err")"; fi
	if [ "$ms" -ge "$min" ] && [ "$ms" -le "$limit" ]; then ok "$mode: $ms ms"
	else bad "$mode: $ms ms, not within $min..$limit"; fi
	got=$(python3 "$work/summary.py" "$work/$mode.out" 2>&1)
	if [ "$got" = "$want" ]; then ok "$mode: $(echo "$got" | sed -n 2p | cut -c1-150)"
	else bad "$mode: got"$'\n'"$got"$'\n'"want"$'\n'"$want"; fi
}

# mx_malformed MODE DETAIL: the MX answer is malformed, and says how
mx_malformed() {
	local d="$1.hostile.test."
	expect "$1" 2 0 "status error
failed $d MX tempfail: malformed answer: $2
error mx-lookup-failed: the MX lookup of $d failed (malformed answer: $2): senders queue mail and retry, the path is unknown"
}

# mx_timeout MODE DETAIL MIN_MS: no usable answer to MX at all
mx_timeout() {
	local d="$1.hostile.test."
	expect "$1" 3 "$3" "status unknown
failed $d MX timeout: $2"
}

# --- the control: a good answer (one host of two addresses: failover
# between them, no mx-single-host)
expect ok 0 0 "status ok"

# --- compression pointers, RDLENGTHs, header and rcode: each a malformed
# answer naming what was wrong (mxdig's reduction; c-ares hands them over)
mx_malformed ptrloop "a compression pointer loop in an MX record"
mx_malformed ptrout "a compression pointer out of bounds in an MX record"
mx_malformed ownerloop "a compression pointer loop in the owner of an MX record"
mx_malformed mxjunk "MX record with 1 octet after its exchange"
mx_malformed mxshort "MX record of 5 octets, shorter than its exchange"
mx_malformed mx0 "MX record of 0 octets"
mx_malformed cnamejunk "CNAME record with 1 octet after its name"
mx_malformed qr0 "not a response (QR=0)"
mx_malformed opcode5 "opcode 5"
mx_malformed nxmx "NXDOMAIN with 1 MX record"

# --- a malformed address answer: the host is not verified, and the other
# family does not make mx-no-ipv6 (or anything else) up
for m in a5:A:"A record of 5 octets" aaaa17:AAAA:"AAAA record of 17 octets"; do
	mode=${m%%:*} rest=${m#*:} type=${rest%%:*} detail=${rest#*:}
	expect "$mode" 1 0 "status warning
failed $mode.hostile.test. $type tempfail: malformed answer: $detail
warning mx-target-lookup-failed: the $type lookup of $mode.hostile.test. failed (malformed answer: $detail): the host cannot be verified"
done
# the same over TCP
run a5-tcp --tcp a5.hostile.test
if [ "$rc" -eq 1 ] && grep -qFx "  a5.hostile.test. A: tempfail, malformed answer: A record of 5 octets" "$work/a5-tcp.out"; then
	ok "a5 --tcp: exit 1, 'a5.hostile.test. A: tempfail, malformed answer: A record of 5 octets'"
else bad "a5 --tcp: exit $rc: $(cat "$work/a5-tcp.out")"; fi
grep -q "^tcp a5 1 " "$work/log" && ok "a5 --tcp: asked over TCP" || bad "a5 --tcp: no TCP query in the log"

# --- AAAA failed (SERVFAIL, no answer): no mx-no-ipv6
expect servfail6 1 0 "status warning
failed servfail6.hostile.test. AAAA tempfail: SERVFAIL
warning mx-target-lookup-failed: the AAAA lookup of servfail6.hostile.test. failed (SERVFAIL): the host cannot be verified"
expect silent6 3 $((T * N * 1000 - 100)) "status unknown
failed silent6.hostile.test. AAAA timeout: Timeout while contacting DNS servers
warning mx-target-lookup-failed: the AAAA lookup of silent6.hostile.test. failed (Timeout while contacting DNS servers): the host cannot be verified"

# --- 4,000 MX records over TCP after TC=1 over UDP: every duplicate
# named, in order, once
want=$(echo "status warning"
	for i in $(seq 1 3999); do
		echo "warning mx-duplicate-target: exchange mx.tc4000.hostile.test. is listed at preference 0 and again at $i: senders try it once"
	done)
expect tc4000 1 0 "$want"
grep -q "^udp tc4000 15 " "$work/log" && grep -q "^tcp tc4000 15 " "$work/log" &&
    ok "tc4000: asked over UDP, then TCP" || bad "tc4000: $(grep tc4000 "$work/log")"

# --- 2,500 additional records nobody asked for: ignored
expect additional 0 0 "status ok"
grep -q "^tcp additional 15 " "$work/log" && ok "additional: over TCP" || bad "additional: not over TCP"

# --- TCP after TC=1 that closes, stalls after the length, or sends
# garbage; answers with the wrong ID, for another question, or after the
# timeout: c-ares drops them (or the connection) and the lookup times out
# c-ares says a closed connection as it says a refused one
# (ARES_ECONNREFUSED): no silence, so not a timeout
expect tcpclose 3 0 "status unknown
failed tcpclose.hostile.test. MX refused: the server refused or closed the connection"
mx_timeout tcpstall "Timeout while contacting DNS servers" $((T * N * 1000 - 100))
mx_timeout tcpgarbage "Timeout while contacting DNS servers" $((T * N * 1000 - 100))
mx_timeout wrongid "Timeout while contacting DNS servers" $((T * N * 1000 - 100))
mx_timeout wrongq "Timeout while contacting DNS servers" $((T * N * 1000 - 100))
mx_timeout late "Timeout while contacting DNS servers" $((T * N * 1000 - 100))
for m in wrongid wrongq late; do
	n=$(grep -c "^udp $m 15 " "$work/log")
	[ "$n" -eq "$N" ] && ok "$m: asked $N times (--tries)" || bad "$m: asked $n times, not $N"
done

# --- every answer twice: the second is dropped
expect twice 0 0 "status ok"

# --- CNAME loops and a 50-hop chain, at the domain and at an exchange:
# bounded, and the message names the last hop the alias list shows
expect cnameloop 2 0 "status error
info domain-cname: cnameloop.hostile.test. is an alias of a.cnameloop.hostile.test.: senders use the MX records of a.cnameloop.hostile.test.
error mx-lookup-failed: the MX lookup of a.cnameloop.hostile.test. failed (CNAME loop back to cnameloop.hostile.test.): senders queue mail and retry, the path is unknown"
expect chain50 2 0 "status error
info domain-cname: chain50.hostile.test. is an alias of c7.chain50.hostile.test.: senders use the MX records of c7.chain50.hostile.test.
error mx-lookup-failed: the MX lookup of c7.chain50.hostile.test. failed (CNAME chain longer than 8 hops): senders queue mail and retry, the path is unknown"
last=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); r=r[0] if isinstance(r,list) else r; c=r["cname_chain"]; print(len(c), c[-1]["target"])' "$work/chain50.out" 2>&1)
[ "$last" = "8 c7.chain50.hostile.test." ] && ok "chain50: the alias list has 8 hops, the last to c7.chain50.hostile.test." ||
    bad "chain50: alias list '$last'"
expect mxchain 2 0 "status error
error mx-target-cname: exchange c0.chain50.hostile.test. is an alias of c8.chain50.hostile.test.: Postfix follows it, other MTAs refuse to deliver
warning mx-target-lookup-failed: the A lookup of c8.chain50.hostile.test. failed (CNAME chain longer than 8 hops): the host cannot be verified
error no-usable-mx: none of the 1 exchanges of mxchain.hostile.test. is usable: mail to it bounces"
expect mxloop 2 0 "status error
error mx-target-cname: exchange cnameloop.hostile.test. is an alias of cnameloop.hostile.test.: Postfix follows it, other MTAs refuse to deliver
warning mx-target-lookup-failed: the A lookup of cnameloop.hostile.test. failed (CNAME loop back to cnameloop.hostile.test.): the host cannot be verified
error no-usable-mx: none of the 1 exchanges of mxloop.hostile.test. is usable: mail to it bounces"

# --- a 255-octet exchange of \000 and octets that are no UTF-8: named
# with \DDD escapes, printable ASCII in text and valid JSON
# the name hostile.py sends, in presentation form (RFC 1035 §5.1)
ex=$(python3 -c '
lab = (b"\x00\xff\xc3\x28\x80\x00" * 11)[:63]
labels = [lab] * 3 + [b"\x00\xfe" * 19 + b"\x00", b"longname", b"hostile", b"test"]
def esc(l):
    return "".join("\\" + chr(c) if chr(c) in ".()\\;\"@$" else chr(c)
                   if 0x21 <= c <= 0x7e else "\\%03d" % c for c in l)
print(".".join(esc(l) for l in labels) + ".")')
expect longname 1 0 "status warning
warning mx-target-invalid-name: exchange $ex is not a valid host name (RFC 1123): strict MTAs and resolvers refuse it"
run longname-text longname.hostile.test
if [ "$rc" -eq 1 ] && ! LC_ALL=C grep -q '[^ -~]' "$work/longname-text.out" &&
    grep -qF "  warning $ex: exchange $ex is not a valid host name" "$work/longname-text.out"; then
	ok "longname, text: exit 1, printable ASCII only, the name escaped"
else bad "longname, text: exit $rc: $(head -c 400 "$work/longname-text.out")"; fi

# --- TTL 2^31 (top bit set) is 0 (RFC 2181 §8): no mx-ttl-high, shown as
# 0, and not cached: asked again by the second domain of a batch, where a
# good answer is asked once.  This server is the resolver here, and a
# resolver's TTL is never judged (no ttl-zero: tests/auth judges the one
# an authoritative server publishes with the top bit set)
expect ttltop 0 0 "status ok"
if python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))[0]; assert [m["ttl"] for m in r["mx"]] == [0], r["mx"]' "$work/ttltop.out"; then
	ok "ttltop: the MX TTL is shown as 0"
else
	bad "ttltop: the MX TTL is not 0: $(head -c 600 "$work/ttltop.out")"
fi
: >"$work/log"
printf 'ttltop.hostile.test\nttltop.hostile.test\nok.hostile.test\nok.hostile.test\n' >"$work/list"
run batch --concurrency 1 --format jsonl -f "$work/list"
n=$(grep -c "^udp ttltop 15 " "$work/log") m=$(grep -c "^udp ok 15 " "$work/log")
[ "$rc" -eq 0 ] && [ "$n" -eq 2 ] && [ "$m" -eq 1 ] &&
    ok "ttltop: not cached (2 MX queries for 2 domains; the good answer 1)" ||
    bad "ttltop batch: exit $rc, $n ttltop and $m ok MX queries"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

#!/bin/bash
# live.sh MXDIG SRCDIR -- live tests against real servers on 127.0.0.1:
# NSD serving the golden fixture zones, Unbound recursing to it through
# stub zones.  Each server gets a free high port, is waited for until it
# answers, and is stopped by its PID.  Every loop is bounded.
set -u
mxdig=$1
src=$2
cases=$src/tests/cli/cases
work=$(mktemp -d)
pass=0
fail=0
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	sleep 0.2
	for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done
	rm -rf "$work"
}
trap cleanup EXIT

. "$src/tests/lib.sh"
# today's path alone: the DNSSEC and reverse layers are tests/dnssec's
mxdig=$(mxdig_today "$mxdig")

for tool in nsd unbound dig ss python3; do
	if ! command -v $tool >/dev/null; then
		echo "FAIL $tool is not installed (apt-get install nsd unbound bind9-dnsutils iproute2 python3)"
		echo "0 passed, 1 failed"
		exit 1
	fi
done

# The fixtures NSD serves: every case zone that loads (zone-syntax does
# not, on purpose).
zones=()
for z in "$cases"/*.zone; do
	n=$(basename "$z" .zone)
	case $n in zone-syntax|diff-*) continue ;; esac
	zones+=("$n")
done

nsd_port=$(free_port) || { bad "no free port"; exit 1; }
{
	nsd_conf "$work" "$nsd_port" "$cases"
	for n in "${zones[@]}"; do
		printf 'zone:\n\tname: %s.test\n\tzonefile: %s.zone\n' "$n" "$n"
	done
	# a large MX set: more than fits a UDP answer
	printf 'zone:\n\tname: big.test\n\tzonefile: "%s/big.zone"\n' "$work"
	# exchanges' addresses in the MX answer's additional section
	printf 'zone:\n\tname: add.test\n\tzonefile: "%s/add.zone"\n' "$work"
} >"$work/nsd.conf"
# add.test: mx1 has A and AAAA, mx2 only an A (NSD sends what there is
# with the MX answer); sub.add.test uses mx1, which is not below it.
printf '%s\n' '$ORIGIN add.test.' '$TTL 3600' '@ SOA ns1 h 1 2 3 4 5' \
    '@ NS ns1' 'ns1 A 93.184.216.53' '@ MX 10 mx1' '@ MX 20 mx2' \
    'mx1 A 93.184.216.1' 'mx1 AAAA 2606:2800:220:1::1' \
    'mx2 A 93.184.216.2' 'sub MX 10 mx1' >"$work/add.zone"
{
	printf '$ORIGIN big.test.\n$TTL 3600\n@ SOA ns1 h 1 2 3 4 5\n@ NS ns1\nns1 A 93.184.216.53\n'
	for i in $(seq 1 60); do
		printf '@ MX %d a-rather-long-exchange-name-to-fill-the-packet-%02d\n' "$i" "$i"
		printf 'a-rather-long-exchange-name-to-fill-the-packet-%02d A 93.184.217.%d\n' "$i" "$i"
	done
} >"$work/big.zone"
nsd -d -c "$work/nsd.conf" >"$work/nsd.out" 2>&1 &
pids+=($!)
if wait_for "$nsd_port" clean.test; then ok "nsd answers on 127.0.0.1:$nsd_port"
else bad "nsd did not start"; cat "$work/nsd.out" "$work/nsd.log"; echo "$pass passed, $fail failed"; exit 1; fi

# Strips the location (file:line, or the subject) from gcc lines, so an
# offline run and a live run of the same zone compare equal.
findings() { sed -E 's/^.*: (error|warning|info): /\1: /' | sort; }

# The same findings live as offline, for every fixture's apex.
for n in "${zones[@]}"; do
	case $n in
	# out of zone offline; NSD refuses other zones live: a lookup failure
	mx-target-out-of-zone) continue ;;
	# inline "; mxdig: ignore=" comments exist in zone files only
	suppression|mx-address-limit) continue ;;
	esac
	d=$n.test
	args=$(cat "$cases/$n.args")
	case $args in --zone*) d=$(echo "$args" | awk '{print $3}') ;; esac
	# live with --no-auth the TTLs are NSD's through the live source's
	# cache and never judged: the offline TTL findings are left out
	off=$(cd "$cases" && "$mxdig" --format gcc --zone "$n.zone" "$d" 2>&1 | findings |
	    grep -v '\[\(mx-ttl-low\|mx-ttl-high\|ttl-zero\|ttl-mismatch\)\]$')
	on=$(timeout 20 "$mxdig" --no-auth --format gcc --timeout 2 --tries 1 @127.0.0.1 -p "$nsd_port" "$d" 2>&1 | findings)
	if [ "$off" = "$on" ] && [ -n "$d" ]; then
		ok "nsd $d: same findings as offline ($(echo "$off" | grep -c .) findings)"
	else
		bad "nsd $d: live differs from offline"
		diff <(echo "$off") <(echo "$on") | sed 's/^/    /'
	fi
done

# REFUSED: a zone NSD does not serve, asked directly.
out=$("$mxdig" --no-auth --format gcc --timeout 2 --tries 1 @127.0.0.1 -p "$nsd_port" not-served.example 2>&1)
rc=$?
if [ $rc -eq 2 ] && echo "$out" | grep -q "the MX lookup of not-served.example. failed (REFUSED).*\[mx-lookup-failed\]"; then
	ok "REFUSED is mx-lookup-failed, exit 2"
else bad "REFUSED: rc=$rc $out"; fi

# Truncation: 60 MX do not fit 1232 bytes of UDP; c-ares retries on TCP.
out=$("$mxdig" --no-auth --short --timeout 2 --tries 1 @127.0.0.1 -p "$nsd_port" big.test 2>&1)
if [ "$(echo "$out" | grep -c 'a-rather-long-exchange-name')" -eq 60 ] &&
    echo "$out" | grep -q '^60 a-rather-long-exchange-name-to-fill-the-packet-60.big.test. 93.184.217.60$'; then
	ok "truncated MX answer fetched over TCP: 60 hosts"
else bad "truncation: $(echo "$out" | head -3)"; fi
out=$("$mxdig" --no-auth --short --tcp --timeout 2 --tries 1 @127.0.0.1 -p "$nsd_port" big.test 2>&1)
if [ "$(echo "$out" | grep -c 'a-rather-long')" -eq 60 ]; then ok "--tcp: 60 hosts"
else bad "--tcp"; fi

# Additional section: one domain after the other (--concurrency 1).
# sub.add.test first: its MX, and mx1's A and AAAA, as mx1 is not below
# sub.add.test (3 queries).  Then add.test: its MX, whose additional
# section gives mx1's A and AAAA and mx2's A without a lookup, and the
# AAAA that is not there (2 queries; nothing asked of the cache).
# --no-additional asks every address: mx1's from the cache, mx2's A and
# AAAA (6 queries, 2 from the cache).  The results are the same.
printf 'sub.add.test\nadd.test\n' >"$work/add.txt"
# counted ARGS...: the summary's query counts, "QUERIES/FROM-CACHE"
counted() {
	timeout 20 "$mxdig" --no-auth --concurrency 1 --timeout 2 --tries 1 -f "$work/add.txt" "$@" 2>&1 >/dev/null |
	    sed -nE 's/.* ([0-9]+) queries sent \(0 retries\), ([0-9]+) answered from the cache.*/\1\/\2/p'
}
got=$(counted @127.0.0.1 -p "$nsd_port")
[ "$got" = 5/0 ] && ok "additional section: 5 queries, none from the cache" ||
	bad "additional section: '$got' queries/cached, want 5/0"
got=$(counted @127.0.0.1 -p "$nsd_port" --no-additional)
[ "$got" = 6/2 ] && ok "--no-additional: 6 queries, 2 from the cache" ||
	bad "--no-additional: '$got' queries/cached, want 6/2"
for opt in "" --no-additional; do
	out=$("$mxdig" --no-auth --short --timeout 2 --tries 1 @127.0.0.1 -p "$nsd_port" $opt add.test 2>&1)
	want=$(printf '10 mx1.add.test. 93.184.216.1 2606:2800:220:1::1\n20 mx2.add.test. 93.184.216.2')
	[ "$out" = "$want" ] && ok "add.test${opt:+ $opt}: mx1 with A and AAAA, mx2 with its A" ||
		bad "add.test${opt:+ $opt}: '$out'"
	out=$("$mxdig" --no-auth --format gcc --timeout 2 --tries 1 @127.0.0.1 -p "$nsd_port" $opt -f "$work/add.txt" 2>&1)
	# mx1's two addresses are failover: no mx-single-host for sub.add.test
	case $out in
	"") ok "add.txt${opt:+ $opt}: no finding" ;;
	*) bad "add.txt${opt:+ $opt}: '$out'" ;;
	esac
done

# --zone with --live: names in the file from the file, the rest live.
printf '$ORIGIN outer.example.\n@ SOA ns h 1 2 3 4 5\n@ MX 10 mx1.clean.test.\n@ MX 20 mx2.clean.test.\n' >"$work/outer.zone"
out=$("$mxdig" --no-auth --format gcc --live --timeout 2 --tries 1 @127.0.0.1 -p "$nsd_port" --zone "$work/outer.zone" outer.example 2>&1)
rc=$?
if [ $rc -eq 0 ] && [ -z "$out" ]; then ok "--zone --live: out-of-zone exchanges resolved live, clean"
else bad "--zone --live: rc=$rc $out"; fi
out=$("$mxdig" --format gcc --zone "$work/outer.zone" outer.example 2>&1)
if [ "$(echo "$out" | grep -c 'mx-target-out-of-zone')" -eq 2 ]; then ok "--zone alone: 2 x mx-target-out-of-zone"
else bad "--zone alone: $out"; fi
closed=$(free_port)
out=$("$mxdig" --no-auth --format gcc --live --timeout 1 --tries 1 @127.0.0.1 -p "$closed" --zone "$work/outer.zone" outer.example 2>&1)
rc=$?
if [ $rc -eq 3 ] && echo "$out" | grep -q "the A lookup of mx1.clean.test. got no answer"; then
	ok "--zone --live, server refuses: exit 3, the lookups named"
else bad "--zone --live, refused: rc=$rc $out"; fi
out=$("$mxdig" lint --live --timeout 2 --tries 1 @127.0.0.1 -p "$nsd_port" "$work/outer.zone" 2>&1)
rc=$?
if [ $rc -eq 0 ] && [ -z "$out" ]; then ok "lint --live: clean"
else bad "lint --live: rc=$rc $out"; fi

# A server that never answers: the run ends within timeout x tries (2 s) and
# says which lookup timed out, exit 3.
silent_port=$(free_port)
python3 -c "
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('127.0.0.1', $silent_port))
t = time.time()
while time.time() - t < 60:
    s.settimeout(1)
    try: s.recvfrom(4096)
    except Exception: pass
" &
pids+=($!)
udp_bound "$silent_port"
start=$(date +%s%N)
out=$("$mxdig" --no-auth --timeout 1 --tries 2 @127.0.0.1 -p "$silent_port" example.com 2>&1)
rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
if [ $rc -eq 3 ] && [ $ms -lt 3000 ] && echo "$out" | grep -q "example.com. MX: timeout"; then
	ok "silent server: exit 3 after ${ms} ms, the MX lookup named"
else bad "silent server: rc=$rc ${ms}ms $out"; fi

# jsonl streams: a finished domain's line is out while mxdig still waits
# on another's lookup.  slow's exchange is resolved live at the silent
# server (3 s timeout); fast is answered by the zone file at once.
printf '%s\n' '$ORIGIN stream.example.' '@ SOA ns h 1 2 3 4 5' \
    'fast MX 10 mx.fast' 'mx.fast A 93.184.216.7' \
    'slow MX 10 mx.elsewhere.test.' >"$work/stream.zone"
start=$(date +%s%N)
timeout 20 "$mxdig" --no-auth --zone "$work/stream.zone" --live @127.0.0.1 -p "$silent_port" \
    --timeout 3 --tries 1 --format jsonl slow.stream.example fast.stream.example 2>/dev/null |
while IFS= read -r line; do
	echo "$(( ($(date +%s%N) - start) / 1000000 )) ${line:0:35}"
done >"$work/stream.out"
first=$(head -1 "$work/stream.out")
second=$(sed -n 2p "$work/stream.out")
if [[ $first == *'"domain":"fast.stream.example."'* ]] && [ "${first%% *}" -lt 1500 ] &&
    [[ $second == *'"domain":"slow.stream.example."'* ]] && [ "${second%% *}" -ge 2500 ]; then
	ok "jsonl: fast's line after ${first%% *} ms, slow's after ${second%% *} ms"
else bad "jsonl streaming: $(tr '\n' '|' <"$work/stream.out")"; fi

# Unbound as a recursive resolver with stub zones pointing at NSD, used
# through --resolv-conf.
ub_port=$(free_port)
{
	printf 'server:\n\tinterface: 127.0.0.1\n\tport: %s\n' "$ub_port"
	printf '\tusername: ""\n\tchroot: ""\n\tdirectory: "%s"\n' "$work"
	printf '\tpidfile: "%s/unbound.pid"\n\tlogfile: "%s/unbound.log"\n' "$work" "$work"
	printf '\tuse-syslog: no\n\tdo-not-query-localhost: no\n'
	printf '\tmodule-config: "iterator"\n\taccess-control: 127.0.0.0/8 allow\n'
	printf '\tdo-ip6: no\n\tnum-threads: 1\n\tminimal-responses: no\n'
	# .test is a special-use name (RFC 6761) Unbound answers itself
	printf '\tlocal-zone: "test." nodefault\n\tdomain-insecure: "test."\n'
	printf 'remote-control:\n\tcontrol-enable: no\n'
	for n in "${zones[@]}" add; do
		printf 'stub-zone:\n\tname: %s.test\n\tstub-addr: 127.0.0.1@%s\n' "$n" "$nsd_port"
	done
	# a stub zone whose server does not serve it (lame): SERVFAIL
	printf 'stub-zone:\n\tname: dead.test\n\tstub-addr: 127.0.0.1@%s\n' "$nsd_port"
} >"$work/unbound.conf"
unbound -d -c "$work/unbound.conf" >"$work/unbound.out" 2>&1 &
pids+=($!)
printf 'nameserver 127.0.0.1\n' >"$work/resolv.conf"
if wait_for "$ub_port" clean.test; then ok "unbound answers on 127.0.0.1:$ub_port"
else bad "unbound did not start"; cat "$work/unbound.out" "$work/unbound.log" 2>/dev/null | tail -5; fi
for n in mx-target-cname null-mx-mixed mx-target-nxdomain mx-target-private-address clean domain-cname; do
	d=$n.test
	args=$(cat "$cases/$n.args")
	case $args in --zone*) d=$(echo "$args" | awk '{print $3}') ;; esac
	off=$(cd "$cases" && "$mxdig" --format gcc --zone "$n.zone" "$d" 2>&1 | findings)
	on=$(timeout 20 "$mxdig" --no-auth --format gcc --timeout 2 --tries 1 --resolv-conf "$work/resolv.conf" -p "$ub_port" "$d" 2>&1 | findings)
	if [ "$off" = "$on" ]; then ok "unbound $d: same findings as offline"
	else bad "unbound $d: live differs from offline"; diff <(echo "$off") <(echo "$on") | sed 's/^/    /'; fi
done
# A resolver's answers are not authoritative: their additional section is
# never used (Unbound, with minimal-responses off, sends one).
got=$(counted --resolv-conf "$work/resolv.conf" -p "$ub_port")
[ "$got" = 6/2 ] && ok "unbound: additional section unused, 6 queries" ||
	bad "unbound: '$got' queries/cached, want 6/2"
out=$(timeout 30 "$mxdig" --no-auth --format gcc --timeout 10 --tries 1 --resolv-conf "$work/resolv.conf" -p "$ub_port" x.dead.test 2>&1)
rc=$?
if [ $rc -eq 2 ] && echo "$out" | grep -q "failed (SERVFAIL).*\[mx-lookup-failed\]"; then
	ok "SERVFAIL through unbound is mx-lookup-failed"
else bad "SERVFAIL: rc=$rc $out"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

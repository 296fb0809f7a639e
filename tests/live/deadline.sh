#!/bin/bash
# deadline.sh MXDIG SRCDIR -- --deadline against three resolvers that
# never answer (127.0.0.2, .3 and .4: Linux routes all of 127/8 to the
# loopback).  With --timeout 5 --tries 2 c-ares would wait 30 s; the
# deadline ends the run after 2 s, exit 3, naming the lookups still
# waiting.  The silent server is stopped by its PID; everything runs
# under timeout.
set -u
mxdig=$1
src=$2
. "$src/tests/lib.sh"
test_begin ss python3

port=$(free_port) || { bad "no free port"; exit 1; }
# Binds the three addresses, says so, and reads nothing until told to
# stop (SIGTERM) or 120 s pass; then counts the queries that wait in each
# socket.
cat >"$work/silent.py" <<'PY'
import signal, socket, sys, time
port, ready, counts = int(sys.argv[1]), sys.argv[2], sys.argv[3]
socks = []
for a in ("127.0.0.2", "127.0.0.3", "127.0.0.4"):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((a, port))
    socks.append((a, s))
stop = []
signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
with open(ready, "w") as f:
    f.write("ready\n")
end = time.monotonic() + 120
while not stop and time.monotonic() < end:
    time.sleep(0.05)
with open(counts, "w") as f:
    for a, s in socks:
        s.setblocking(False)
        n = 0
        while n < 100000:
            try:
                s.recv(4096)
            except BlockingIOError:
                break
            n += 1
        f.write("%s %d\n" % (a, n))
PY
python3 "$work/silent.py" "$port" "$work/ready" "$work/counts" &
server_pids+=($!)
for i in $(seq 1 50); do [ -s "$work/ready" ] && break; sleep 0.1; done
if [ -s "$work/ready" ]; then ok "three silent servers on 127.0.0.2-4:$port"
else bad "the silent servers did not start"; echo "$pass passed, $fail failed"; exit 1; fi
printf 'nameserver 127.0.0.2\nnameserver 127.0.0.3\nnameserver 127.0.0.4\n' >"$work/resolv.conf"
printf 'example.com\nexample.net\nexample.org\n' >"$work/list.txt"

# timed OUT ERR ARGS...: runs mxdig with the silent resolvers and a
# deadline of 2 s; sets rc and ms (wall time in milliseconds)
timed() {
	local out=$1 err=$2 t0
	shift 2
	t0=$(date +%s%N)
	timeout 40 "$mxdig" --no-auth --resolv-conf "$work/resolv.conf" -p "$port" \
	    --timeout 5 --tries 2 --deadline 2 "$@" >"$out" 2>"$err"
	rc=$?
	ms=$((($(date +%s%N) - t0) / 1000000))
}
# in_time NAME: the wall time lies between 1.8 and 4 s, the exit is 3
in_time() {
	if [ "$ms" -ge 1800 ] && [ "$ms" -le 4000 ]; then ok "$1: ended after $ms ms"
	else bad "$1: ended after $ms ms, not between 1800 and 4000"; fi
	[ $rc -eq 3 ] && ok "$1: exit 3" || bad "$1: exit $rc, not 3"
}

# one domain, text: the failed lookup named
timed "$work/one.out" "$work/one.err" example.com
in_time "one domain, text"
want=$(printf '%s\n' "  the MX lookup timed out: the path is unknown" \
    "Lookups that failed:" "  example.com. MX: timeout, no answer by the deadline" \
    "Status: unknown (0 errors, 0 warnings, 0 info)")
got=$(sed -n '2,5p' "$work/one.out")
if [ "$got" = "$want" ] && grep -q '^example\.com\.  (source: live, [0-9]* ms)$' "$work/one.out"; then
	ok "one domain, text: 'example.com. MX: timeout, no answer by the deadline'"
else bad "one domain, text: '$(cat "$work/one.out")'"; fi

# one domain, nagios: UNKNOWN, and on stderr the lookup that waited
timed "$work/nag1.out" "$work/nag1.err" --format nagios example.com
in_time "one domain, nagios"
# the status line names what was still waiting; the long output too
case $(head -1 "$work/nag1.out") in
"MX UNKNOWN - example.com.: a lookup timed out: example.com. MX (no answer by the deadline) | 'hosts'=0;;;0 'usable'=0;;;0 'errors'=0;;;0 'warnings'=0;;;0 'time'="*"s;;;0")
	ok "one domain, nagios: MX UNKNOWN - example.com.: a lookup timed out: example.com. MX" ;;
*)	bad "one domain, nagios: '$(cat "$work/nag1.out")'" ;;
esac
[ "$(sed -n '2,$p' "$work/nag1.out")" = "unknown: example.com.: example.com. MX: no answer by the deadline" ] &&
    ok "one domain, nagios: long output names the MX lookup" ||
    bad "one domain, nagios: long output '$(sed -n '2,$p' "$work/nag1.out")'"
want="mxdig: example.com.: the MX lookup of example.com. got no answer (no answer by the deadline): the verdict is unknown"
[ "$(cat "$work/nag1.err")" = "$want" ] && ok "one domain, nagios: stderr names the MX lookup" ||
    bad "one domain, nagios: stderr '$(cat "$work/nag1.err")'"

# three domains, nagios: one line, three unknown, each named on stderr once
timed "$work/nag3.out" "$work/nag3.err" --format nagios -f "$work/list.txt"
in_time "3 domains, nagios"
line=$(head -1 "$work/nag3.out")
case $line in
"MX UNKNOWN - 3 domains: 0 critical, 0 warning, 3 unknown, 0 ok; worst: example."*".: a lookup timed out: example."*". MX (no answer by the deadline) | 'domains'=3;;;0 'ok'=0;;;0 'warning'=0;;;0 'critical'=0;;;0 'unknown'=3;;;0")
	ok "3 domains, nagios: 3 unknown" ;;
*)	bad "3 domains, nagios: '$line'" ;;
esac
for d in example.com example.net example.org; do
	n=$(grep -cFx "mxdig: $d.: the MX lookup of $d. got no answer (no answer by the deadline): the verdict is unknown" "$work/nag3.err")
	[ "$n" -eq 1 ] && ok "3 domains, nagios: $d named once on stderr" ||
	    bad "3 domains, nagios: $d named $n times: $(cat "$work/nag3.err")"
done
[ "$(wc -l <"$work/nag3.err")" -eq 3 ] && ok "3 domains, nagios: 3 lines on stderr" ||
    bad "3 domains, nagios: $(wc -l <"$work/nag3.err") lines on stderr"

# three domains, jsonl: each once, unknown, the MX lookup the one failure
timed "$work/list.jsonl" "$work/list.err" --format jsonl -f "$work/list.txt"
in_time "3 domains, jsonl"
if out=$(python3 - "$work/list.jsonl" <<'PY'
import json, sys
rs = [json.loads(l) for l in open(sys.argv[1])]
names = sorted(r["domain"] for r in rs)
assert names == ["example.com.", "example.net.", "example.org."], names
for r in rs:
    assert r["status"] == "unknown", r
    assert r["failures"] == [{"name": r["domain"], "type": "MX",
        "rcode": "timeout", "detail": "no answer by the deadline"}], r["failures"]
    assert r["path"] == [] and r["findings"] == [], r
print("3 results, each unknown with one failure: %s MX timeout, no answer by the deadline" % "/".join(names))
PY
); then ok "3 domains, jsonl: $out"; else bad "3 domains, jsonl: $out"; fi

# three domains, text: each once with its failed lookup, and the summary
timed "$work/list.out" "$work/list.txt.err" -f "$work/list.txt"
in_time "3 domains, text"
for d in example.com example.net example.org; do
	n=$(grep -c "^$d\.  (source: live, " "$work/list.out")
	m=$(grep -cFx "  $d. MX: timeout, no answer by the deadline" "$work/list.out")
	[ "$n" -eq 1 ] && [ "$m" -eq 1 ] && ok "3 domains, text: $d once, its MX lookup named" ||
	    bad "3 domains, text: $d $n times, its failure $m times"
done
[ "$(grep -c '^Status: unknown (0 errors, 0 warnings, 0 info)$' "$work/list.out")" -eq 3 ] &&
    ok "3 domains, text: 3 x Status: unknown" || bad "3 domains, text: $(grep '^Status' "$work/list.out")"
grep -q '^mxdig: 3 domains in .*: 0 ok, 0 warning, 0 error, 3 unknown; ' "$work/list.txt.err" &&
    ok "3 domains, text: summary: $(grep '^mxdig: 3 domains' "$work/list.txt.err")" ||
    bad "3 domains, text: summary '$(cat "$work/list.txt.err")'"

# the queries went to the silent servers, nowhere else
kill "${server_pids[0]}"
wait "${server_pids[0]}"
server_pids=()
total=$(awk '{ s += $2 } END { print s + 0 }' "$work/counts")
[ "$total" -gt 0 ] && ok "the silent servers got $total queries ($(tr '\n' ' ' <"$work/counts"))" ||
    bad "the silent servers got no query"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

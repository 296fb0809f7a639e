#!/bin/bash
# batch.sh MXDIG SRCDIR -- a portfolio of domains checked in one run.
# bench/gen-zone writes a zone of 2,000 customer domains and the list of
# what is wrong with each broken one; mxdig's findings must match that
# list exactly: offline (--zone -f), through lint, from stdin, and live
# against NSD on 127.0.0.1 with hundreds of domains in flight.  Also the
# nagios line over many domains, the summary and the progress line.
set -u
mxdig=$1
src=$2
. "$src/tests/lib.sh"
test_begin nsd dig ss python3
# today's path alone: the DNSSEC and reverse layers are tests/dnssec's
mxdig=$(mxdig_today "$mxdig")

N=2000
"$src/bench/gen-zone" $N "$work" || { bad "gen-zone failed"; exit 1; }
compare="python3 $src/tests/batch/compare.py $work/expected.txt"

# compare.py's verdict as a test result
check() {
	local name=$1 file=$2 out
	shift 2
	if out=$($compare "$file" "$@" 2>&1); then
		ok "$name: $(echo "$out" | tail -1)"
	else
		bad "$name: findings differ from gen-zone's list"
		echo "$out" | head -20 | sed 's/^/    /'
	fi
}

# --- offline: the zone file as the source ---
"$mxdig" --zone "$work/bench.zone" -f "$work/domains.txt" --format jsonl \
    >"$work/off.jsonl" 2>"$work/off.err"
rc=$?
[ $rc -eq 2 ] && ok "offline -f: exit 2 (errors found)" || bad "offline -f: exit $rc, not 2"
[ "$(wc -l <"$work/off.jsonl")" -eq $N ] && ok "offline -f: one line per domain" ||
    bad "offline -f: $(wc -l <"$work/off.jsonl") lines for $N domains"
check "offline -f" "$work/off.jsonl"

grep -v '^#' "$work/domains.txt" | "$mxdig" --zone "$work/bench.zone" -f - \
    --format jsonl >"$work/stdin.jsonl" 2>/dev/null
check "offline -f - (stdin)" "$work/stdin.jsonl"

"$mxdig" lint --format jsonl "$work/bench.zone" >"$work/lint.jsonl" 2>/dev/null
check "lint" "$work/lint.jsonl" --lint

# lint checks its batches of 128 mail domains on several threads and
# prints them in order: the same bytes, whatever the number of threads.
for t in 1 2 4; do
	for f in jsonl gcc; do
		"$mxdig" lint --threads $t --format $f "$work/bench.zone" 2>&1 |
		    sed -E 's/"elapsed_ms":[^,]*,//' >"$work/lint-t$t.$f"
	done
done
for t in 2 4; do
	if cmp -s "$work/lint-t1.jsonl" "$work/lint-t$t.jsonl" &&
	    cmp -s "$work/lint-t1.gcc" "$work/lint-t$t.gcc" &&
	    [ "$(wc -l <"$work/lint-t$t.jsonl")" -eq "$(wc -l <"$work/lint.jsonl")" ]; then
		ok "lint --threads $t: the same $(wc -l <"$work/lint.jsonl") results, in the same order, as --threads 1"
	else bad "lint --threads $t: output differs from --threads 1"
		diff "$work/lint-t1.jsonl" "$work/lint-t$t.jsonl" | head -4; fi
done
check "lint --threads 4" "$work/lint-t4.jsonl" --lint

# --- live: NSD serves the zone ---
if nsd_start bench.test bench.zone; then ok "nsd answers on 127.0.0.1:$port"
else bad "nsd did not start"; echo "$pass passed, $fail failed"; exit 1; fi

timeout 60 "$mxdig" --no-auth @127.0.0.1 -p "$port" --timeout 2 --concurrency 500 \
    -f "$work/domains.txt" --format jsonl >"$work/live.jsonl" 2>"$work/live.err"
rc=$?
[ $rc -eq 2 ] && ok "live -f, 500 in flight: exit 2" || { bad "live -f: exit $rc, not 2"; head -5 "$work/live.err"; }
check "live -f, 500 in flight" "$work/live.jsonl"

# Workers: one thread, and four sharing the list, the output and the
# counts, give the same lines (elapsed_ms aside), each domain exactly once,
# and the same summary.
for t in 1 4; do
	timeout 60 "$mxdig" --no-auth @127.0.0.1 -p "$port" --timeout 2 --threads $t \
	    -f "$work/domains.txt" --format jsonl 2>/dev/null |
	    sed -E 's/"elapsed_ms":[^,]*,//' | sort >"$work/t$t.jsonl"
	timeout 60 "$mxdig" --no-auth @127.0.0.1 -p "$port" --timeout 2 --threads $t \
	    -f "$work/domains.txt" 2>&1 >/dev/null | grep ' domains in ' |
	    sed -E 's/ in [0-9.]+ s \([0-9]+\/s\)//' >"$work/t$t.line"
	# the verdicts, and every lookup made: sent, from the cache or
	# shared, which split differently with the timing
	sed -E 's/;.*//' "$work/t$t.line" >"$work/t$t.sum"
	sed -E 's/.*; ([0-9]+) queries sent \(0 retries\), ([0-9]+) answered from the cache, ([0-9]+) shared.*/\1 \2 \3/' \
	    "$work/t$t.line" | awk 'NF == 3 { print "lookups", $1 + $2 + $3 }' >>"$work/t$t.sum"
done
if cmp -s "$work/t1.jsonl" "$work/t4.jsonl" && [ "$(wc -l <"$work/t4.jsonl")" -eq $N ] &&
    [ "$(sed -E 's/.*"domain":"([^"]*)".*/\1/' "$work/t4.jsonl" | sort -u | wc -l)" -eq $N ]; then
	ok "--threads 4: the same $N lines as --threads 1"
else bad "--threads 4: lines differ from --threads 1"; diff "$work/t1.jsonl" "$work/t4.jsonl" | head -4; fi
if [ "$(wc -l <"$work/t1.sum")" -eq 2 ] && cmp -s "$work/t1.sum" "$work/t4.sum"; then
	ok "--threads 4: the same summary: $(tr '\n' ' ' <"$work/t4.sum")"
else bad "--threads: summaries '$(cat "$work/t1.sum")' and '$(cat "$work/t4.sum")'"; fi

# A cache of 16 answers evicts all the time; none keeps nothing: the
# findings stay the same, only the number of queries changes.
for size in 16 0; do
	timeout 60 "$mxdig" --no-auth @127.0.0.1 -p "$port" --timeout 2 --cache-size $size \
	    -f "$work/domains.txt" --format jsonl >"$work/c$size.jsonl" 2>/dev/null
	check "live -f, --cache-size $size" "$work/c$size.jsonl"
done
timeout 60 "$mxdig" --no-auth @127.0.0.1 -p "$port" --timeout 2 --cache-size 0 \
    -f "$work/domains.txt" >/dev/null 2>"$work/nocache.err"
if grep -q " 0 answered from the cache" "$work/nocache.err"; then
	ok "--cache-size 0: nothing answered from the cache"
else bad "--cache-size 0: $(cat "$work/nocache.err")"; fi

# The summary: the counts of the jsonl run, and the cache at work (the
# provider hosts are shared by about half the domains).
timeout 60 "$mxdig" --no-auth @127.0.0.1 -p "$port" --timeout 2 -f "$work/domains.txt" \
    >/dev/null 2>"$work/sum.err"
want=$(python3 - "$work/live.jsonl" <<'PY'
import json, sys
c = {"ok": 0, "info": 0, "warning": 0, "error": 0, "unknown": 0}
for line in open(sys.argv[1]):
    c[json.loads(line)["status"]] += 1
print("%d domains in" % sum(c.values()),
      "%d ok, %d warning, %d error, %d unknown" % (c["ok"] + c["info"], c["warning"], c["error"], c["unknown"]))
PY
)
sum=$(grep '^mxdig: .* domains in' "$work/sum.err")
case $sum in
"mxdig: ${want%% in*} in "*"): ${want#* in }; "*" queries sent (0 retries), "*" answered from the cache, "*)
	hits=$(echo "$sum" | sed -E 's/.* ([0-9]+) answered from the cache.*/\1/')
	if [ "$hits" -gt $((N / 4)) ]; then ok "summary: $sum"
	else bad "summary: only $hits answers from the cache: $sum"; fi ;;
*)	bad "summary: '$sum', want '$want' and the query counts" ;;
esac

# --no-cache: the same findings as the default run (live.jsonl, the
# cache on), domain by domain; more queries sent, none from the cache.
timeout 60 "$mxdig" --no-auth @127.0.0.1 -p "$port" --timeout 2 --no-cache \
    -f "$work/domains.txt" --format jsonl >"$work/nc.jsonl" 2>/dev/null
rc=$?
[ $rc -eq 2 ] && ok "--no-cache: exit 2" || bad "--no-cache: exit $rc, not 2"
check "live -f, --no-cache" "$work/nc.jsonl"
# domain, status and sorted checks of each line
findings_of() {
	python3 -c '
import json, sys
for l in open(sys.argv[1]):
    r = json.loads(l)
    print(r["domain"], r["status"], ",".join(sorted(f["check"] for f in r["findings"])))
' "$1" | sort
}
findings_of "$work/live.jsonl" >"$work/live.find"
findings_of "$work/nc.jsonl" >"$work/nc.find"
if [ "$(wc -l <"$work/nc.find")" -eq $N ] && cmp -s "$work/live.find" "$work/nc.find"; then
	ok "--no-cache: the same status and findings as the default run for all $N domains"
else bad "--no-cache: findings differ from the default run"; diff "$work/live.find" "$work/nc.find" | head -6; fi
timeout 60 "$mxdig" --no-auth @127.0.0.1 -p "$port" --timeout 2 --no-cache \
    -f "$work/domains.txt" >/dev/null 2>"$work/nc.err"
sent() { sed -nE 's/.* ([0-9]+) queries sent \(0 retries\), ([0-9]+) answered from the cache.*/\1 \2/p' "$1"; }
read -r q_def h_def <<<"$(sent "$work/sum.err")"
read -r q_nc h_nc <<<"$(sent "$work/nc.err")"
if [ -n "${q_nc:-}" ] && [ -n "${q_def:-}" ] && [ "$h_nc" -eq 0 ] && [ "$q_nc" -gt "$q_def" ]; then
	ok "--no-cache: $q_nc queries sent, 0 from the cache; the default $q_def sent, $h_def from the cache"
else bad "--no-cache: '$(cat "$work/nc.err")' against the default '$(cat "$work/sum.err")'"; fi
if [ "$(sed -E 's/ in [0-9.]+ s \([0-9]+\/s\)//; s/;.*//' "$work/nc.err")" = \
    "$(sed -E 's/ in [0-9.]+ s \([0-9]+\/s\)//; s/;.*//' "$work/sum.err")" ]; then
	ok "--no-cache: the same verdict counts in the summary"
else bad "--no-cache: summary '$(cat "$work/nc.err")', default '$(cat "$work/sum.err")'"; fi

# nagios over the portfolio: one status line for the worst, counts as
# perfdata (labels quoted), then one long-output line per warning and
# error finding, at most 500 and a line counting the rest
"$mxdig" --zone "$work/bench.zone" -f "$work/domains.txt" --format nagios >"$work/nagios.out" 2>/dev/null
rc=$?
line=$(head -1 "$work/nagios.out")
crit=$(grep -c '"status":"error"' "$work/off.jsonl")
case $line in
"MX CRITICAL - $N domains: $crit critical, "*"| 'domains'=$N;;;0 "*"'critical'=$crit;;;0 'unknown'=0;;;0")
	[ $rc -eq 2 ] && ok "nagios: status line, exit 2: ${line:0:70}..." || bad "nagios: exit $rc" ;;
*)	bad "nagios: '$line'" ;;
esac
nprob=$(python3 -c '
import json, sys
n = 0
for l in open(sys.argv[1]):
    r = json.loads(l)
    n += sum(1 for f in r["findings"] if f["severity"] != "info")
print(n)' "$work/off.jsonl")
want=$((nprob > 500 ? 501 : nprob))
got=$(($(wc -l <"$work/nagios.out") - 1))
if [ "$got" -eq "$want" ] && { [ "$nprob" -le 500 ] ||
    [ "$(tail -1 "$work/nagios.out")" = "... and $((nprob - 500)) more" ]; }; then
	ok "nagios: $got long-output lines for $nprob warning and error findings"
else bad "nagios: $got long-output lines for $nprob findings (want $want)"; fi

# the progress line: forced on, it ends at the total, which counts what
# is checked (not the bad line, not the comments); off by default when
# stderr is not a terminal
{ cat "$work/domains.txt"; echo "not a domain"; } >"$work/withbad.txt"
"$mxdig" --zone "$work/bench.zone" -f "$work/withbad.txt" --format jsonl \
    --progress always 2>"$work/prog.err" >/dev/null
if tr '\r' '\n' <"$work/prog.err" | grep -q "^$N/$N domains (100%)  [0-9]*/s  $crit errors"; then
	ok "progress: ends at $N/$N domains with $crit errors"
else
	bad "progress: no final '$N/$N domains (100%)' line"; tr '\r' '\n' <"$work/prog.err" | tail -3
fi
if grep -q "domains (" "$work/off.err"; then bad "progress: drawn although stderr is not a terminal"
else ok "progress: silent when stderr is not a terminal"; fi
grep -v '^#' "$work/domains.txt" | "$mxdig" --zone "$work/bench.zone" -f - \
    --format jsonl --progress always 2>"$work/prog2.err" >/dev/null
if tr '\r' '\n' <"$work/prog2.err" | grep -q "^$N domains  [0-9]*/s"; then
	ok "progress: from stdin, a count without a total"
else bad "progress: from stdin"; tr '\r' '\n' <"$work/prog2.err" | tail -2; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

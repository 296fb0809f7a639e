#!/bin/bash
# batch.sh [MXDIG] -- mxdig -f over a generated domain list, against the
# tools people script the same job with, in the same run, alternating.
#
# For each size in SIZES (default "10000 100000") bench/gen-zone writes a
# zone and its domain list; NSD serves the zone on 127.0.0.1:53 inside a
# private network namespace (unshare -n: adns only talks to port 53, and
# nothing else on the machine is disturbed).  Then, RUNS times (default
# 5), in turn:
#   mxdig    mxdig @127.0.0.1 -f domains.txt --format jsonl
#   dig      dig -f: every MX, then A and AAAA of every exchange found
#   adnshost adnshost -a -f -t mx (adns looks up the exchanges' A and
#            AAAA itself, all queries in flight at once)
# and reports the median wall time, domains per second, mxdig's speed as
# a multiple of each peer's, and the peak RSS (GNU time).  dnsperf gives
# the server's own ceiling for the MX queries alone.  Needs root (for the
# namespace and port 53), nsd, dnsperf, adns-tools, bind9-dnsutils and
# GNU time.
set -u
here=$(cd "$(dirname "$0")" && pwd)
mxdig=${1:-$here/../build/cli/mxdig}
mxdig=$(cd "$(dirname "$mxdig")" && pwd)/$(basename "$mxdig")
SIZES=${SIZES:-"10000 100000"}
RUNS=${RUNS:-5}

. "$here/lib.sh"
. "$here/../tests/lib.sh"	# nsd_conf, wait_for
need batch.sh "nsd dnsperf adns-tools bind9-dnsutils iproute2 python3" \
    nsd dig adnshost dnsperf unshare ip python3

if [ "${MXDIG_BENCH_NETNS:-}" != 1 ]; then
	exec unshare -n env MXDIG_BENCH_NETNS=1 "$0" "$mxdig"
fi
ip link set lo up

work=$(mktemp -d)
nsd_pid=
cleanup() {
	[ -n "$nsd_pid" ] && stop_nsd
	rm -rf "$work"
}
trap cleanup EXIT

start_nsd() {
	local dir=$1
	{
		nsd_conf "$dir" 53 "$dir"
		printf 'zone:\n\tname: bench.test\n\tzonefile: bench.zone\n'
		printf 'zone:\n\tname: .\n\tzonefile: root.zone\n'
	} >"$dir/nsd.conf"
	# a root zone, so that the A query adns sends for a null MX's "."
	# gets NODATA as from a resolver, not REFUSED (which adns retries)
	printf '. 86400 SOA ns1.bench.test. h.bench.test. 1 2 3 4 3600\n. 86400 NS ns1.bench.test.\n' >"$dir/root.zone"
	nsd -d -c "$dir/nsd.conf" >"$dir/nsd.out" 2>&1 &
	nsd_pid=$!
	wait_for 53 bench.test 300 && return 0
	echo "batch.sh: nsd did not answer" >&2
	cat "$dir/nsd.log" >&2
	exit 1
}

stop_nsd() {
	kill "$nsd_pid" 2>/dev/null
	wait "$nsd_pid" 2>/dev/null
	nsd_pid=
}

# UDP datagrams the kernel dropped for want of receive buffer (this
# namespace only: the client's socket and the server's)
rcvbuf_errors() { awk '/^Udp:/ { if (h) print $6; h = 1 }' /proc/net/snmp; }

# run NAME DIR COMMAND...: appends "ms rss_kb drops" to DIR/NAME.times
run() {
	local name=$1 dir=$2 t0 t1 rss d0 d1
	shift 2
	d0=$(rcvbuf_errors)
	t0=$(now_ms)
	/usr/bin/time -f %M -o "$dir/rss" "$@" >"$dir/$name.out" 2>"$dir/$name.err"
	t1=$(now_ms)
	d1=$(rcvbuf_errors)
	rss=$(tail -1 "$dir/rss")
	echo "$((t1 - t0)) $rss $((d1 - d0))" >>"$dir/$name.times"
}

# dig's two phases, as a script would chain them
dig_both() {
	local dir=$1
	grep -v '^#' "$dir/domains.txt" | sed 's/$/ MX/' >"$dir/dig-mx.q"
	dig @127.0.0.1 +noall +answer +tries=2 +time=2 -f "$dir/dig-mx.q" >"$dir/dig-mx.a"
	awk '$4 == "MX" && $6 != "." { print $6 " A"; print $6 " AAAA" }' "$dir/dig-mx.a" |
	    sort -u >"$dir/dig-addr.q"
	dig @127.0.0.1 +noall +answer +tries=2 +time=2 -f "$dir/dig-addr.q"
}
export -f dig_both

printf '%-8s %-12s %9s %12s %11s %10s %9s\n' domains tool "median s" "domains/s" "mxdig is x" "peak RSS" "UDP drops"
for n in $SIZES; do
	dir=$work/$n
	mkdir -p "$dir"
	"$here/gen-zone" "$n" "$dir"
	# the zone's NS on the server itself, so that the authority layer
	# asks it directly (port 53, RD=0), as it would the Internet's
	sed -i 's/^ns1 A 192\.0\.2\.53$/ns1 A 127.0.0.1/' "$dir/bench.zone"
	start_nsd "$dir"
	ndom=$(grep -vc '^#' "$dir/domains.txt")

	# the server's ceiling: dnsperf, the MX queries, 10 s
	grep -v '^#' "$dir/domains.txt" | sed 's/$/ MX/' >"$dir/perf.q"
	ceiling=$(dnsperf -s 127.0.0.1 -d "$dir/perf.q" -l 10 -c 8 -q 500 2>/dev/null |
	    awk '/Queries per second/ { printf "%d", $4 }')

	for r in $(seq 1 "$RUNS"); do
		# every layer (DNSSEC from the AD bit: NSD has no signed chain
		# for the in-process validator), and the path alone
		run mxdig "$dir" "$mxdig" --dnssec-via resolver @127.0.0.1 -f "$dir/domains.txt" --format jsonl
		run mxdig-path "$dir" "$mxdig" --no-auth --no-dnssec --no-ptr @127.0.0.1 -f "$dir/domains.txt" --format jsonl
		run dig "$dir" bash -c "dig_both $dir"
		run adnshost "$dir" sh -c "grep -v '^#' $dir/domains.txt | adnshost --config 'nameserver 127.0.0.1' -a -f -t mx"
	done
	# the answers must be complete: mxdig one line per domain, checked
	# against the generator's list
	# (the path alone: the generator lists the path's findings; every
	# domain of the all-layers run must come out once)
	python3 "$here/../tests/batch/compare.py" "$dir/expected.txt" "$dir/mxdig-path.out" >"$dir/compare.txt" ||
	    { echo "batch.sh: mxdig's findings differ from the generator's list:" >&2; cat "$dir/compare.txt" >&2; }
	n_all=$(wc -l <"$dir/mxdig.out")
	[ "$n_all" -eq "$ndom" ] ||
	    echo "batch.sh: mxdig with every layer wrote $n_all results for $ndom domains" >&2
	stop_nsd

	mx_ms=$(cut -d' ' -f1 "$dir/mxdig.times" | median)
	for tool in mxdig mxdig-path dig adnshost; do
		ms=$(cut -d' ' -f1 "$dir/$tool.times" | median)
		rss=$(cut -d' ' -f2 "$dir/$tool.times" | sort -n | tail -1)
		drops=$(cut -d' ' -f3 "$dir/$tool.times" | median)
		awk -v n="$ndom" -v t="$tool" -v ms="$ms" -v mx="$mx_ms" -v rss="$rss" -v dr="$drops" 'BEGIN {
			printf "%-8d %-12s %9.3f %12.0f %11s %7.1f MB %9s\n", n, t, ms / 1000,
			    n / (ms / 1000), t == "mxdig" ? "-" : sprintf("%.2f", ms / mx), rss / 1024, dr }'
	done
	awk -v n="$ndom" -v q="$ceiling" 'BEGIN { printf "%-8d %-12s %9s %12s %11s %10s %9s   (%d MX queries/s)\n",
	    n, "dnsperf", "-", "-", "-", "-", "-", q }'
	echo "         ($(tail -1 "$dir/compare.txt"))"
done
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -r); runs: $RUNS; NSD $(nsd -v 2>&1 | head -1 | awk '{print $3}')"

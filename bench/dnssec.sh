#!/bin/bash
# dnssec.sh [MXDIG] -- what the DNSSEC and reverse layers cost a batch, in
# the test network (tests/dnssec/setup.sh's signed root and "test.", inside
# a private network namespace; needs root).  bench.test, signed, holds N
# domains (default 2000), each with MX 10 and 20 at two of eight shared
# provider hosts in provider.test (signed), each host's address with a PTR
# in 2.0.192.in-addr.arpa.  Unbound on 127.0.0.1 is warmed with one run,
# then RUNS times (default 3), in turn, mxdig -f over the list:
#   all layers     the default (libunbound in-process, PTR)
#   resolver AD    --dnssec-via resolver
#   no layers      --no-dnssec --no-ptr (the path alone)
# Prints the median wall time, domains per second, and the queries the
# live source sent and answered from its cache (mxdig's summary).
set -u
here=$(cd "$(dirname "$0")" && pwd)
src=$here/..
mxdig=${1:-$src/build/cli/mxdig}
mxdig=$(cd "$(dirname "$mxdig")" && pwd)/$(basename "$mxdig")
N=${N:-2000}
RUNS=${RUNS:-3}
. "$src/tests/lib.sh"
netns_enter "$0" "$mxdig"
test_begin nsd unbound dig ldns-keygen ldns-signzone
. "$src/tests/dnssec/setup.sh" || { echo "lab setup failed"; exit 1; }

# the bench zones, served beside the lab's on their own server
{
	printf '$ORIGIN provider.test.\n$TTL 3600\n@\tSOA mail-ns.test. h.test. 1 3600 600 86400 300\n@\tNS mail-ns.test.\n'
	for i in 1 2 3 4 5 6 7 8; do printf 'mx%d\tA\t192.0.2.%d\n' "$i" $((100 + i)); done
} >"$z/provider.test.zone"
{
	printf '$ORIGIN bench.test.\n$TTL 3600\n@\tSOA mail-ns.test. h.test. 1 3600 600 86400 300\n@\tNS mail-ns.test.\n'
	for i in $(seq 1 "$N"); do
		printf 'd%d\tMX\t10 mx%d.provider.test.\nd%d\tMX\t20 mx%d.provider.test.\n' \
		    "$i" $((i % 8 + 1)) "$i" $(((i + 3) % 8 + 1))
	done
} >"$z/bench.test.zone"
seq 1 "$N" | sed 's/^/d/; s/$/.bench.test./' >"$work/domains.txt"
for i in 1 2 3 4 5 6 7 8; do
	printf '%d\tPTR\tmx%d.provider.test.\n' $((100 + i)) "$i"
done >>"$z/rev4.zone"
lab_sign provider.test. "$z/provider.test.zone" "$z/provider.test.signed" || exit 1
lab_sign bench.test. "$z/bench.test.zone" "$z/bench.test.signed" || exit 1
# the delegations: test. and the reverse zone served again, with them
{
	cat "$z/test.zone"
	printf 'provider\tNS\tbench-ns.test.\nbench\tNS\tbench-ns.test.\nbench-ns\tA\t127.0.0.7\n'
	cat "$work/keys/provider.test.ds" "$work/keys/bench.test.ds"
} >"$z/test2.zone"
kill "${server_pids[@]}" 2>/dev/null
wait 2>/dev/null
server_pids=()
lab_sign test. "$z/test2.zone" "$z/test.signed" || exit 1
cp "$work/keys/test.ds" "$work/keys/test.ds.new"
{
	grep -v 'DS' "$z/root.zone"
	cat "$work/keys/test.ds.new"
} >"$z/root2.zone"
lab_sign . "$z/root2.zone" "$z/root.signed" || exit 1
anchor=$work/keys/root.ds
lab_nsd 127.0.0.2 . "$z/root.signed" || exit 1
lab_nsd 127.0.0.3 test. "$z/test.signed" || exit 1
lab_nsd 127.0.0.6 2.0.192.in-addr.arpa. "$z/rev4.zone" || exit 1
lab_nsd 127.0.0.7 provider.test. "$z/provider.test.signed" \
	bench.test. "$z/bench.test.signed" || exit 1
lab_unbound "$anchor" || exit 1

# one run: wall seconds and the summary's query counts
one() {
	local t0 t1
	t0=$(date +%s%N)
	"$mxdig" @127.0.0.1 --trust-anchor "$anchor" -f "$work/domains.txt" \
	    --progress never "$@" >/dev/null 2>"$work/summary"
	t1=$(date +%s%N)
	echo "$(( (t1 - t0) / 1000000 )) $(grep -o '[0-9]* queries[^;]*' "$work/summary" | head -1)"
}
one >/dev/null	# warm Unbound's cache
printf '%-14s %9s %10s  %s\n' mode "median s" "domains/s" "queries (last run)"
for mode in "all layers" "resolver AD" "no layers"; do
	case $mode in
	"all layers") args=() ;;
	"resolver AD") args=(--dnssec-via resolver) ;;
	*) args=(--no-dnssec --no-ptr) ;;
	esac
	times=()
	for r in $(seq 1 "$RUNS"); do
		res=$(one "${args[@]}")
		times+=("${res%% *}")
		q=${res#* }
	done
	med=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
	printf '%-14s %9.2f %10.0f  %s\n' "$mode" "$(echo "$med / 1000" | bc -l)" \
	    "$(echo "$N * 1000 / $med" | bc -l)" "$q"
done

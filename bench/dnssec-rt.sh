#!/bin/bash
# dnssec-rt.sh [MXDIG] -- the critical path of one live check on a signed
# chain, in round trips (SPEC "Performance": the authority, DNSSEC and
# reverse layers add at most one round trip to the path's two).
#
# In a private network namespace (unshare -n, as root; tests/lib.sh): a
# signed fake root (127.0.0.2), a signed "test." (127.0.0.3) and a signed
# rt.test served by NSD on 127.0.0.24; Unbound validating on 127.0.0.1
# with the lab's root anchor.  delay-proxy.py holds every answer for
# DELAY ms (default 50) on the two ways mxdig reaches DNS:
#   127.0.0.10:53 -> Unbound   the configured resolver (@127.0.0.10), also
#                              libunbound's forwarder in-process
#   127.0.0.4:53  -> NSD       rt.test's NS address (ns.rt.test), which
#                              the authority layer asks directly
# Unbound is warmed first (the resolver's cache is warm, as a site's is);
# every mxdig run is a new process, so its own cache and libunbound's are
# cold.  Rows (RUNS runs each, default 5, median wall time):
#   path          --no-auth --no-dnssec --no-ptr
#   via-resolver  every layer, DNSSEC from the resolver's AD bit
#   in-process    every layer, DNSSEC validated by libunbound (default)
#   in-proc-noauth  the same without the authority layer
# round trips = median / DELAY.
set -u
here=$(cd "$(dirname "$0")" && pwd)
src=$here/..
mxdig=${1:-$src/build/cli/mxdig}
mxdig=$(cd "$(dirname "$mxdig")" && pwd)/$(basename "$mxdig")
DELAY=${DELAY:-50}
RUNS=${RUNS:-5}
export DELAY RUNS
. "$src/tests/lib.sh"
. "$here/lib.sh"
netns_enter "$0" "$mxdig"
test_begin nsd unbound dig ldns-keygen ldns-signzone python3
netns_addr 192.0.2.25 || { echo "adding test addresses failed"; exit 1; }
z=$work/zones
mkdir -p "$z"

{
	printf '$ORIGIN rt.test.\n$TTL 3600\n@\tSOA ns h 1 3600 600 86400 300\n@\tNS ns\nns\tA 127.0.0.4\n'
	for i in 1 2 3 4 5; do
		printf 'five\tMX\t%d mx%d\nmx%d\tA\t192.0.2.%d\nmx%d\tAAAA\t2001:db8::%d\n' \
		    "$((i * 10))" "$i" "$i" "$((20 + i))" "$i" "$((20 + i))"
	done
	printf 'alias\tCNAME\tfive\n'
} >"$z/rt.test.zone"
lab_sign rt.test. "$z/rt.test.zone" "$z/rt.test.signed" || { echo "signing rt.test failed"; exit 1; }
{
	printf '$ORIGIN test.\n$TTL 3600\n@\tSOA ns h 1 3600 600 86400 300\n@\tNS ns\nns\tA 127.0.0.3\n'
	printf 'rt\tNS\tns.rt\nns.rt\tA\t127.0.0.4\n'
	cat "$work/keys/rt.test.ds"
} >"$z/test.zone"
lab_sign test. "$z/test.zone" "$z/test.signed" || { echo "signing test. failed"; exit 1; }
{
	printf '$ORIGIN .\n$TTL 86400\n.\tSOA lab-root. h.lab-root. 1 1800 900 604800 86400\n'
	printf '.\tNS lab-root.\nlab-root.\tA 127.0.0.2\ntest.\tNS ns.test.\nns.test.\tA 127.0.0.3\n'
	cat "$work/keys/test.ds"
} >"$z/root.zone"
lab_sign . "$z/root.zone" "$z/root.signed" || { echo "signing the root failed"; exit 1; }

lab_root_addr=127.0.0.2
lab_nsd 127.0.0.2 . "$z/root.signed" || exit 1
lab_nsd 127.0.0.3 test. "$z/test.signed" || exit 1
lab_nsd 127.0.0.24 rt.test. "$z/rt.test.signed" || exit 1
python3 "$here/delay-proxy.py" 53 53 "$DELAY" 127.0.0.4 127.0.0.24 &
server_pids+=($!)
lab_unbound "$work/keys/root.ds" || exit 1
python3 "$here/delay-proxy.py" 53 53 "$DELAY" 127.0.0.10 127.0.0.1 &
server_pids+=($!)
lab_wait 127.0.0.4 rt.test || { echo "the proxy to NSD does not answer"; exit 1; }
dig +time=2 +tries=2 @127.0.0.10 SOA rt.test | grep -q 'status: NOERROR' ||
    { echo "the proxy to Unbound does not answer"; exit 1; }

common="--timeout 5 --tries 1 --routable 192.0.2.0/24 --routable 2001:db8::/32 --trust-anchor $work/keys/root.ds @127.0.0.10"
# warm Unbound (and check that the chain validates: "secure" in JSON)
for d in five.rt.test alias.rt.test; do
	"$mxdig" $common --format json $d >"$work/warm.json" 2>&1
	dig +dnssec @127.0.0.1 MX $d | grep -q 'flags:.* ad' ||
	    { echo "Unbound does not validate $d"; exit 1; }
done
python3 - "$work/warm.json" <<'PY' || { echo "mxdig does not see the chain as secure"; cat "$work/warm.json"; exit 1; }
import json, sys
r = json.load(open(sys.argv[1]))[0]
assert r["dnssec"]["mx"]["state"] == "secure", r["dnssec"]
PY

printf '%-16s %-16s %10s %12s\n' "case" "mode" "median ms" "round trips"
for d in five.rt.test alias.rt.test; do
	for mode in ${MODES:-path via-resolver in-process in-proc-noauth}; do
		case $mode in
		path) args="--no-auth --no-dnssec --no-ptr" ;;
		via-resolver) args="--dnssec-via resolver" ;;
		in-process) args="" ;;
		in-proc-noauth) args="--no-auth" ;;
		esac
		times=()
		for r in $(seq 1 "$RUNS"); do
			t0=$(now_ms)
			"$mxdig" $common $args $d >"$work/out" 2>&1
			times+=($(( $(now_ms) - t0 )))
		done
		med=$(printf '%s\n' "${times[@]}" | median)
		printf '%-16s %-16s %10s %12.1f\n' "$d" "$mode" "$med" \
		    "$(echo "$med $DELAY" | awk '{print $1 / $2}')"
	done
done
echo "(delay ${DELAY} ms per answer, ${RUNS} runs each, cold mxdig and libunbound caches, warm resolver; $(nproc) cores)"

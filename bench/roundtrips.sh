#!/bin/bash
# roundtrips.sh [MXDIG] -- the critical path of one live check, in round
# trips.  NSD serves a zone on 127.0.0.1; delay-proxy.py in front of it
# holds every answer for DELAY ms.  mxdig checks a domain with five
# exchanges (A and AAAA each: 11 queries), one with a CNAME at the domain,
# and one with an implicit MX; a sequential peer (dig, one query after the
# other, as a naive script would) does the same lookups.  Prints a table of
# median wall times over RUNS runs and round trips = median / DELAY.
# It runs in a private network namespace (unshare -n, as root): the proxy
# listens on 127.0.0.1 port 53, which is also the address of the zone's NS,
# so that the authority layer's direct queries (RD=0, port 53) are delayed
# as the path's are; "mxdig" has every layer on (authority, DNSSEC through
# libunbound with the default root anchor, reverse), "mxdig-no-auth" all
# but the authority layer, "mxdig-via-resolver" every layer with DNSSEC
# read from the resolver's AD bit, "mxdig-no-dnssec" authority and reverse,
# "mxdig-path" the path alone (--no-auth --no-dnssec --no-ptr).  TOOLS=
# picks rows; three more compare the policy layer (TLSA of every
# exchange, the _mta-sts and _smtp._tls TXT): "mxdig-via-resolver-no-policy"
# (every layer but it), "mxdig-path-policy" (the path, DNSSEC from the AD
# bit, the policy layer) and "mxdig-path-no-policy" (the same without it).  The zone here is not signed and NSD serves no root, so the
# in-process validator ("mxdig", "mxdig-no-auth") waits for an anchor
# chain it cannot get: those rows measure that wait, not a validation.
set -u
here=$(cd "$(dirname "$0")" && pwd)
mxdig=${1:-$here/../build/cli/mxdig}
mxdig=$(cd "$(dirname "$mxdig")" && pwd)/$(basename "$mxdig")
if [ "${MXDIG_BENCH_NETNS:-}" != 1 ]; then
	exec unshare -n env MXDIG_BENCH_NETNS=1 DELAY="${DELAY:-100}" \
	    RUNS="${RUNS:-5}" "$0" "$mxdig"
fi
ip link set lo up
DELAY=${DELAY:-100}
RUNS=${RUNS:-5}
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$work"' EXIT

port() { echo $((20000 + RANDOM % 40000)); }
nsd_port=$(port)
proxy_port=53
{
	printf '$ORIGIN rt.test.\n$TTL 3600\n@ SOA ns1 h 1 2 3 4 5\n@ NS ns1\nns1 A 127.0.0.1\n'
	for i in 1 2 3 4 5; do
		printf 'five MX %d mx%d\nmx%d A 93.184.216.%d\nmx%d AAAA 2606:2800:220:1::%d\n' \
		    "$((i * 10))" "$i" "$i" "$i" "$i" "$i"
	done
	printf 'alias CNAME five\nimplicit A 93.184.216.80\nimplicit AAAA 2606:2800:220:1::80\n'
} >"$work/rt.zone"
cat >"$work/nsd.conf" <<CONF
server:
	ip-address: 127.0.0.1
	port: $nsd_port
	username: ""
	chroot: ""
	zonesdir: "$work"
	pidfile: "$work/nsd.pid"
	xfrdfile: "$work/xfrd.state"
	zonelistfile: "$work/zone.list"
	database: ""
	logfile: "$work/nsd.log"
	server-count: 1
remote-control:
	control-enable: no
zone:
	name: rt.test
	zonefile: rt.zone
CONF
nsd -d -c "$work/nsd.conf" >/dev/null 2>&1 &
pids+=($!)
python3 "$here/delay-proxy.py" "$proxy_port" "$nsd_port" "$DELAY" &
pids+=($!)
for i in $(seq 1 100); do
	dig +time=1 +tries=1 +short @127.0.0.1 -p "$proxy_port" SOA rt.test | grep -q '^[^;]' && break
	sleep 0.1
done

ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# the lookups a sequential script makes, one after the other
sequential() {
	local d=$1 ex
	ex=$(dig +short @127.0.0.1 -p "$proxy_port" MX "$d" | awk '{print $2}')
	[ -n "$ex" ] || ex=$d
	for h in $ex; do
		dig +short @127.0.0.1 -p "$proxy_port" A "$h" >/dev/null
		dig +short @127.0.0.1 -p "$proxy_port" AAAA "$h" >/dev/null
	done
}

printf '%-28s %-30s %10s %12s\n' "case" "tool" "median ms" "round trips"
for d in five.rt.test alias.rt.test implicit.rt.test; do
	for tool in ${TOOLS:-mxdig mxdig-via-resolver mxdig-no-dnssec mxdig-no-auth mxdig-path sequential}; do
		times=()
		for r in $(seq 1 "$RUNS"); do
			t0=$(ms)
			if [ $tool = mxdig ]; then
				"$mxdig" --timeout 5 --tries 1 @127.0.0.1 -p "$proxy_port" "$d" >/dev/null
			elif [ $tool = mxdig-no-auth ]; then
				"$mxdig" --no-auth --timeout 5 --tries 1 @127.0.0.1 -p "$proxy_port" "$d" >/dev/null
			elif [ $tool = mxdig-no-dnssec ]; then
				"$mxdig" --no-dnssec --timeout 5 --tries 1 @127.0.0.1 -p "$proxy_port" "$d" >/dev/null
			elif [ $tool = mxdig-via-resolver ]; then
				"$mxdig" --dnssec-via resolver --timeout 5 --tries 1 @127.0.0.1 -p "$proxy_port" "$d" >/dev/null
			elif [ $tool = mxdig-path ]; then
				"$mxdig" --no-auth --no-dnssec --no-ptr --timeout 5 --tries 1 @127.0.0.1 -p "$proxy_port" "$d" >/dev/null
			elif [ $tool = mxdig-via-resolver-no-policy ]; then
				"$mxdig" --dnssec-via resolver --no-policy --timeout 5 --tries 1 @127.0.0.1 -p "$proxy_port" "$d" >/dev/null
			elif [ $tool = mxdig-path-policy ]; then
				"$mxdig" --no-auth --dnssec-via resolver --no-ptr --timeout 5 --tries 1 @127.0.0.1 -p "$proxy_port" "$d" >/dev/null
			elif [ $tool = mxdig-path-no-policy ]; then
				"$mxdig" --no-auth --dnssec-via resolver --no-ptr --no-policy --timeout 5 --tries 1 @127.0.0.1 -p "$proxy_port" "$d" >/dev/null
			else
				sequential "$d"
			fi
			times+=($(( $(ms) - t0 )))
		done
		med=$(printf '%s\n' "${times[@]}" | median)
		printf '%-28s %-30s %10d %12.1f\n' "$d" "$tool" "$med" \
		    "$(echo "$med $DELAY" | awk '{print $1 / $2}')"
	done
done
echo "(delay ${DELAY} ms per answer, ${RUNS} runs each; $(nproc) cores)"

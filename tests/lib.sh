# lib.sh -- shell helpers of the live tests (sourced, not run).
# Callers set pass=0 fail=0 first.

ok() { echo "ok   $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }

# A port nothing listens on, UDP and TCP (bounded tries).
free_port() {
	local p i
	for i in $(seq 1 50); do
		p=$((20000 + RANDOM % 40000))
		if ! ss -Hlnu "sport = :$p" | grep -q . &&
		    ! ss -Hlnt "sport = :$p" | grep -q .; then
			echo "$p"
			return 0
		fi
	done
	return 1
}

# wait_for PORT ZONE [TENTHS]: until the server answers SOA (at most
# TENTHS tenths of a second, 100 unless given).
wait_for() {
	local i
	for i in $(seq 1 "${3:-100}"); do
		if dig +time=1 +tries=1 +short @127.0.0.1 -p "$1" SOA "$2" 2>/dev/null |
		    grep -q '^[^;]'; then
			return 0
		fi
		sleep 0.1
	done
	return 1
}

# nsd_conf WORKDIR PORT ZONESDIR: the server: part of an NSD configuration
# for tests.  Response rate limiting is off: the tests and benchmarks send
# thousands of queries from one address, which RRL would drop.
nsd_conf() {
	printf 'server:\n\tip-address: 127.0.0.1\n\tport: %s\n' "$2"
	printf '\tusername: ""\n\tchroot: ""\n\tzonesdir: "%s"\n' "$3"
	printf '\tpidfile: "%s/nsd.pid"\n\txfrdfile: "%s/xfrd.state"\n' "$1" "$1"
	printf '\tzonelistfile: "%s/zone.list"\n\tdatabase: ""\n' "$1"
	printf '\tlogfile: "%s/nsd.log"\n\tserver-count: 1\n' "$1"
	printf '\trrl-ratelimit: 0\n'
	printf 'remote-control:\n\tcontrol-enable: no\n'
}

# nsd_start ZONE FILE: NSD serving ZONE from $work/FILE on a free port of
# 127.0.0.1, in $server_pids; sets $port.  Returns 1, with NSD's output
# shown, when no port is free or NSD does not answer.
nsd_start() {
	port=$(free_port) || { echo "no free port"; return 1; }
	{
		nsd_conf "$work" "$port" "$work"
		printf 'zone:\n\tname: %s\n\tzonefile: %s\n' "$1" "$2"
	} >"$work/nsd.conf"
	nsd -d -c "$work/nsd.conf" >"$work/nsd.out" 2>&1 &
	server_pids+=($!)
	if ! wait_for "$port" "$1"; then
		cat "$work/nsd.out" "$work/nsd.log" 2>/dev/null
		return 1
	fi
}

# test_begin TOOL...: what every live test starts with: a scratch folder
# ($work), the counters, no server yet ($server_pids), a trap that stops
# the servers by PID and removes the folder at exit; and the tools it
# needs, failing at once with the Debian packages to install when one is
# missing.  Servers the test starts go into server_pids.
test_begin() {
	local tool
	work=$(mktemp -d)
	pass=0
	fail=0
	server_pids=()
	trap test_end EXIT
	for tool in "$@"; do
		if ! command -v "$tool" >/dev/null; then
			echo "FAIL $tool is not installed (apt-get install nsd unbound bind9-dnsutils bind9-utils ldnsutils iproute2 python3)"
			echo "0 passed, 1 failed"
			exit 1
		fi
	done
}

test_end() {
	local p
	for p in "${server_pids[@]}"; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	rm -rf "$work"
}

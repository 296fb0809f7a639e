# lib.sh -- shell helpers of the live tests (sourced, not run).
# Callers set pass=0 fail=0 first.

ok() { echo "ok   $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }

# A port nothing listens on, UDP and TCP, and no TCP socket holds in any
# state (a TIME-WAIT one makes bind fail) (bounded tries).
free_port() {
	local p i
	for i in $(seq 1 50); do
		p=$((20000 + RANDOM % 40000))
		if ! ss -Hlnu "sport = :$p" | grep -q . &&
		    ! ss -Htan "sport = :$p" | grep -q .; then
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

# ---------------------------------------------------------------------
# The test network (issues 12, 13, 15): servers on their real ports (53,
# 25, 443) of test-host addresses, inside a private network namespace the
# test makes, so that NS records, glue and MX hosts work as on the
# Internet and no packet leaves.  A test that uses it starts with
#	netns_enter "$0" "$@"
# before test_begin; everything after runs inside the namespace.

# netns_enter SCRIPT ARG...: re-run SCRIPT inside a new network namespace
# (unshare -n) with its loopback up.  Not root, or unshare refused: fails
# at once, saying so; it never falls back to the machine's own network.
netns_enter() {
	if [ "${MXDIG_IN_NETNS:-}" != 1 ]; then
		if [ "$(id -u)" -ne 0 ]; then
			echo "FAIL this test makes a private network namespace (unshare -n) and must run as root"
			echo "0 passed, 1 failed"
			exit 1
		fi
		if ! unshare -n true 2>"${TMPDIR:-/tmp}/netns.$$"; then
			echo "FAIL cannot make a private network namespace: $(cat "${TMPDIR:-/tmp}/netns.$$")"
			rm -f "${TMPDIR:-/tmp}/netns.$$"
			echo "0 passed, 1 failed"
			exit 1
		fi
		rm -f "${TMPDIR:-/tmp}/netns.$$"
		MXDIG_IN_NETNS=1 exec unshare -n -- bash "$@"
	fi
	if ! ip link set lo up; then
		echo "FAIL cannot bring up the namespace's loopback"
		echo "0 passed, 1 failed"
		exit 1
	fi
}

# netns_addr ADDR...: test-host addresses on the namespace's loopback
# (127.0.0.0/8 is there already; others, 192.0.2.1 or 2001:db8::1, are
# added as /32 and /128).
netns_addr() {
	local a
	for a in "$@"; do
		case $a in
		127.*) ;;
		*:*) ip -6 addr add "$a/128" dev lo nodad || return 1 ;;
		*) ip addr add "$a/32" dev lo || return 1 ;;
		esac
	done
}

# lab_wait ADDR ZONE [TENTHS]: until the server on ADDR port 53 answers
# ZONE's SOA (at most TENTHS tenths of a second, 100 unless given).
lab_wait() {
	local i
	for i in $(seq 1 "${3:-100}"); do
		if dig +time=1 +tries=1 +norec +short @"$1" SOA "$2" 2>/dev/null |
		    grep -q '^[^;]'; then
			return 0
		fi
		sleep 0.1
	done
	return 1
}

# lab_nsd ADDR ZONE FILE [ZONE FILE]...: NSD on ADDR port 53 serving each
# ZONE from FILE (a path), its folder $work/nsd-ADDR; the PID goes into
# server_pids.  Returns 1, with NSD's output shown, when it does not
# answer for the first ZONE.
lab_nsd() {
	local addr=$1 dir="$work/nsd-$1" first=$2
	shift
	mkdir -p "$dir"
	{
		printf 'server:\n\tip-address: %s\n\tport: 53\n' "$addr"
		printf '\tusername: ""\n\tchroot: ""\n\tzonesdir: "%s"\n' "$dir"
		printf '\tpidfile: "%s/nsd.pid"\n\txfrdfile: "%s/xfrd.state"\n' "$dir" "$dir"
		printf '\tzonelistfile: "%s/zone.list"\n\tdatabase: ""\n' "$dir"
		printf '\tlogfile: "%s/nsd.log"\n\tserver-count: 1\n' "$dir"
		printf '\trrl-ratelimit: 0\n\tverbosity: 1\n'
		printf 'remote-control:\n\tcontrol-enable: no\n'
		while [ $# -ge 2 ]; do
			printf 'zone:\n\tname: %s\n\tzonefile: %s\n' "$1" "$2"
			shift 2
		done
	} >"$dir/nsd.conf"
	nsd -d -c "$dir/nsd.conf" >"$dir/nsd.out" 2>&1 &
	server_pids+=($!)
	if ! lab_wait "$addr" "$first"; then
		echo "NSD on $addr does not answer for $first:"
		cat "$dir/nsd.out" "$dir/nsd.log" 2>/dev/null
		return 1
	fi
}

# lab_sign ZONE IN OUT [ALG] [INCEPTION EXPIRATION]: sign the zone file
# IN as ZONE into OUT with a new KSK and ZSK (ALG ECDSAP256SHA256 unless
# given; validity YYYYMMDDhhmmss, now-1h to now+30d unless given).  The
# DS records for the parent go to $work/keys/ZONE.ds, the KSK's DNSKEY to
# $work/keys/ZONE.key (a trust anchor when ZONE is the root, ".").
lab_sign() {
	local zone=$1 in=$2 out=$3 alg=${4:-ECDSAP256SHA256} kdir="$work/keys"
	local inc=${5:-$(date -u -d '-1 hour' +%Y%m%d%H%M%S)}
	local exp=${6:-$(date -u -d '+30 days' +%Y%m%d%H%M%S)}
	local ksk zsk name
	name=${zone%.}
	[ -n "$name" ] || name=root
	mkdir -p "$kdir"
	(
		cd "$kdir" || exit 1
		ksk=$(ldns-keygen -a "$alg" -k "$zone") || exit 1
		zsk=$(ldns-keygen -a "$alg" "$zone") || exit 1
		cat "$ksk.ds" >"$name.ds"
		cat "$ksk.key" >"$name.key"
		ldns-signzone -i "$inc" -e "$exp" -o "$zone" -f "$out" \
			"$in" "$zsk" "$ksk" || exit 1
	)
}

# lab_unbound ANCHOR: Unbound on 127.0.0.1 port 53, the recursive resolver
# of the test network, starting from the root server named by
# $lab_root_addr (root hints "lab-root." at that address); validating
# with the trust anchor file ANCHOR (a DS or DNSKEY of "."), or not
# validating when ANCHOR is empty.  Its folder is $work/unbound; the PID
# goes into server_pids.  EDE is on, so SERVFAILs say why.
lab_unbound() {
	local dir="$work/unbound" i lz
	mkdir -p "$dir"
	printf '.\t3600000\tIN\tNS\tlab-root.\nlab-root.\t3600000\tIN\tA\t%s\n' \
		"$lab_root_addr" >"$dir/root.hints"
	{
		printf 'server:\n\tinterface: 127.0.0.1\n\tport: 53\n'
		printf '\tdo-not-query-localhost: no\n\tusername: ""\n\tchroot: ""\n'
		printf '\tdirectory: "%s"\n\tpidfile: "%s/unbound.pid"\n' "$dir" "$dir"
		printf '\tuse-syslog: no\n\tlogfile: "%s/unbound.log"\n' "$dir"
		printf '\tverbosity: 1\n\tnum-threads: 1\n\tso-reuseport: no\n'
		printf '\troot-hints: "%s/root.hints"\n' "$dir"
		printf '\taccess-control: 127.0.0.0/8 allow\n\tede: yes\n'
		printf '\tval-log-level: 2\n\tqname-minimisation: no\n'
		printf '\tdo-ip6: yes\n\tharden-referral-path: no\n'
		# Unbound answers these itself unless told not to (RFC 6761's
		# test., the documentation and loopback reverse zones); the lab
		# serves them.
		for lz in test. invalid. 127.in-addr.arpa. 2.0.192.in-addr.arpa. \
		    100.51.198.in-addr.arpa. 113.0.203.in-addr.arpa. \
		    8.b.d.0.1.0.0.2.ip6.arpa. 1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa.; do
			printf '\tlocal-zone: "%s" nodefault\n' "$lz"
		done
		printf '\tunblock-lan-zones: yes\n\tinsecure-lan-zones: yes\n'
		if [ -n "$1" ]; then
			printf '\tmodule-config: "validator iterator"\n'
			printf '\ttrust-anchor-file: "%s"\n' "$1"
		else
			printf '\tmodule-config: "iterator"\n'
		fi
		printf 'remote-control:\n\tcontrol-enable: no\n'
	} >"$dir/unbound.conf"
	unbound_run "$dir" ""
}

# unbound_run DIR WHEN: Unbound from DIR/unbound.conf on 127.0.0.1, in
# server_pids, waited for (10 s at most); 1, with its output, when it does
# not answer (WHEN ends the message: "", " after the restart").
unbound_run() {
	local dir=$1 i
	unbound -d -c "$dir/unbound.conf" >"$dir/unbound.out" 2>&1 &
	server_pids+=($!)
	for i in $(seq 1 100); do
		if dig +time=1 +tries=1 @127.0.0.1 . SOA 2>/dev/null |
		    grep -q 'status: NOERROR'; then
			return 0
		fi
		sleep 0.1
	done
	echo "Unbound on 127.0.0.1 does not answer$2:"
	cat "$dir/unbound.out" "$dir/unbound.log" 2>/dev/null
	return 1
}

# ---- helpers of tests/auth ----

# lab_unbound_restart: stop the Unbound lab_unbound started (the last PID
# of server_pids), add the configuration clauses read from standard input
# (stub-zone:, ...) to its file and start it again, waited for as
# lab_unbound waits.  Returns 1, with its output shown, when it does not
# answer.
lab_unbound_restart() {
	local dir="$work/unbound" i last=$((${#server_pids[@]} - 1))
	kill "${server_pids[$last]}" 2>/dev/null
	wait "${server_pids[$last]}" 2>/dev/null
	unset "server_pids[$last]"
	cat >>"$dir/unbound.conf"
	unbound_run "$dir" " after the restart"
}

# ---- certificates, Postfix and the hostile SMTP server ----

# smtp_expect ZONE NAME RC STATUS CHECKS [ADDRESS:PATH=VALUE...]: the run
# NAME (its $work/NAME.json, .err and .rc) exited RC, and its result for
# NAME.ZONE (underscores as hyphens) has STATUS, exactly CHECKS and the
# values given, as tests/smtp/expect.py reads them.
smtp_expect() {
	local zone=$1 name=$2 rc=$3 out
	shift 3
	if [ "$(cat "$work/$name.rc")" != "$rc" ]; then
		bad "$name: exit $(cat "$work/$name.rc"), expected $rc"
		cat "$work/$name.err"
		return
	fi
	if out=$(python3 "$(dirname "${BASH_SOURCE[0]}")/smtp/expect.py" \
	    "$work/$name.json" "${name//_/-}.$zone." "$@"); then
		ok "$name: exit $rc, $1"
	else
		bad "$name: $out"
	fi
}

# lab_ca NAME: a test CA in $work/ca-NAME.{key,pem} (EC P-256, 10 years).
lab_ca() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout "$work/ca-$1.key" -out "$work/ca-$1.pem" -days 3650 \
		-subj "/CN=mxdig test CA $1" \
		-addext basicConstraints=critical,CA:TRUE \
		-addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
}

# lab_cert CA OUT DNSNAME [DAYS [AT]]: a leaf for DNSNAME signed by CA
# into $work/OUT.{key,pem}, valid for DAYS (365) from now, or from AT
# (a date faketime takes: "2020-01-01") for an expired one.
lab_cert() {
	local ca=$1 out=$2 name=$3 days=${4:-365} at=${5:-}
	local ft=()
	[ -n "$at" ] && ft=(faketime "$at")
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout "$work/$out.key" -out "$work/$out.csr" \
		-subj "/CN=$name" 2>/dev/null || return 1
	printf 'subjectAltName=DNS:%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' \
		"$name" >"$work/$out.ext"
	"${ft[@]}" openssl x509 -req -in "$work/$out.csr" \
		-CA "$work/ca-$ca.pem" -CAkey "$work/ca-$ca.key" -CAcreateserial \
		-days "$days" -extfile "$work/$out.ext" \
		-out "$work/$out.pem" 2>/dev/null
}

# lab_postfix LINE...: a private Postfix instance in $work/postfix, one
# master.cf line per argument ("ADDR:smtp inet n - n - - smtpd -o ...");
# every connection is logged (maillog_file) to $work/postfix/maillog.
# Started with postfix -c, stopped by the PID of its master.
lab_postfix() {
	local d="$work/postfix" l i
	mkdir -p "$d/etc" "$d/queue" "$d/data"
	cat >"$d/etc/main.cf" <<EOC
compatibility_level = 3.6
queue_directory = $d/queue
data_directory = $d/data
mail_owner = postfix
setgid_group = postdrop
myhostname = mta.lab.test
mydestination =
inet_interfaces = loopback-only
inet_protocols = all
maillog_file = $d/maillog
maillog_file_prefixes = $d
smtpd_tls_loglevel = 1
smtpd_peername_lookup = no
alias_maps =
alias_database =
local_recipient_maps =
smtpd_client_connection_rate_limit = 0
smtpd_client_connection_count_limit = 0
smtpd_banner = \$myhostname ESMTP lab
master_service_disable =
multi_instance_enable = no
import_environment = MAIL_CONFIG MAIL_DEBUG MAIL_LOGTAG TZ LANG=C
EOC
	# Debian's services, without its smtp listener, then the lines given
	{
		grep -v '^smtp[[:space:]]*inet' /etc/postfix/master.cf
		for l in "$@"; do
			printf '%s\n' "$l"
		done
	} >"$d/etc/master.cf"
	# inet_interfaces must list the addresses the smtpd lines bind
	sed -i "s/^inet_interfaces = .*/inet_interfaces = all/" "$d/etc/main.cf"
	chown -R postfix "$d/data"
	# the master takes its lock as mail_owner: the way there must be open
	chmod o+x "$work" "$d"
	# postfix reports a fatal error on a terminal or to the log only
	if ! script -qec "postfix -c $d/etc start" /dev/null >"$d/start.out" 2>&1; then
		echo "Postfix does not start:"
		cat "$d/start.out" "$d/maillog" 2>/dev/null
		return 1
	fi
	for i in $(seq 1 100); do
		[ -s "$d/queue/pid/master.pid" ] && break
		sleep 0.1
	done
	server_pids+=($(tr -d ' ' <"$d/queue/pid/master.pid"))
}

# lab_hostile ADDR=MODE...: tests/smtp/hostile_smtp.py on port 25 of each
# ADDR, logging every connection to $work/hostile.log; needs
# $work/hostile.{pem,key}.
lab_hostile() {
	local i
	: >"$work/hostile.log"
	python3 "$(dirname "${BASH_SOURCE[0]}")/smtp/hostile_smtp.py" \
		"$work/hostile.log" "$work/hostile.pem" "$work/hostile.key" \
		"$@" >"$work/hostile.out" 2>&1 &
	server_pids+=($!)
	for i in $(seq 1 100); do
		grep -q ready "$work/hostile.out" 2>/dev/null && return 0
		sleep 0.1
	done
	echo "the hostile SMTP server does not start:"
	cat "$work/hostile.out"
	return 1
}

# ---------------------------------------------------------------------
# the DNSSEC and reverse layers.

# mxdig_today MXDIG: the path of a wrapper (in $work) that runs MXDIG
# with those layers off (--no-dnssec --no-ptr, and the policy layer's
# TXT lookups: --no-policy), as the tests written before them expect:
# they count the path's own queries, time it against silent servers and
# list its findings exactly.
mxdig_today() {
	printf '#!/bin/sh\nexec "%s" --no-dnssec --no-ptr --no-policy "$@"\n' "$1" \
		>"$work/mxdig-today" && chmod +x "$work/mxdig-today" &&
		echo "$work/mxdig-today"
}

# ---------------------------------------------------------------------
# The policy layer's DANE lab.

# lab_tlsa CERTPEM USAGE SELECTOR MTYPE: the TLSA RDATA ("3 1 1 <hex>",
# RFC 6698 §2.1) a zone publishes for the certificate in CERTPEM: of its
# DER (selector 0) or its SubjectPublicKeyInfo (1), in full (matching
# type 0) or as SHA2-256 (1) or SHA2-512 (2), lower-case hex, computed
# with openssl.  Returns 1, saying why on standard error, for a selector
# or matching type it does not know or a file openssl cannot read.
lab_tlsa() {
	local pem=$1 usage=$2 sel=$3 mtype=$4 der hex
	case $sel in
	0|1) ;;
	*) echo "lab_tlsa: selector $sel is not 0 (Cert) or 1 (SPKI)" >&2; return 1 ;;
	esac
	case $mtype in
	0|1|2) ;;
	*) echo "lab_tlsa: matching type $mtype is not 0, 1 or 2" >&2; return 1 ;;
	esac
	der=$(mktemp) || return 1
	if [ "$sel" = 0 ]; then
		openssl x509 -in "$pem" -outform DER -out "$der" 2>/dev/null
	else
		openssl x509 -in "$pem" -noout -pubkey 2>/dev/null |
			openssl pkey -pubin -outform DER -out "$der" 2>/dev/null
	fi
	if [ "${PIPESTATUS[0]}" != 0 ] || [ ! -s "$der" ]; then
		echo "lab_tlsa: $pem: no certificate openssl can read" >&2
		rm -f "$der"
		return 1
	fi
	case $mtype in
	0) hex=$(od -An -v -tx1 "$der" | tr -d ' \n') ;;
	1) hex=$(openssl dgst -sha256 -binary "$der" | od -An -v -tx1 | tr -d ' \n') ;;
	2) hex=$(openssl dgst -sha512 -binary "$der" | od -An -v -tx1 | tr -d ' \n') ;;
	esac
	rm -f "$der"
	printf '%s %s %s %s\n' "$usage" "$sel" "$mtype" "$hex"
}

# ---------------------------------------------------------------------
# The MTA-STS policy fetch: a web server on port 443 of test addresses.

# lab_nginx ADDRS NAME CERT KEY ROOT [LINE...]: Debian's nginx serving
# ROOT over HTTPS (HTTP/1.1 and HTTP/2) on port 443 of every address of
# the space-separated list ADDRS (IPv4 or IPv6), as server NAME with the
# certificate CERT and key KEY (paths); each LINE is added inside the
# server block ("location = /x { return 301 https://...; }").  One
# process (master_process off, daemon off), its folder
# $work/nginx-N (N counts the calls), its PID in server_pids.  Returns
# 1, with nginx's output shown, when an address does not listen.
lab_nginx() {
	local addrs=$1 name=$2 cert=$3 key=$4 root=$5 a l i dir
	shift 5
	lab_nginx_n=$((${lab_nginx_n:-0} + 1))
	dir="$work/nginx-$lab_nginx_n"
	mkdir -p "$dir/logs"
	{
		printf 'daemon off;\nmaster_process off;\nworker_processes 1;\n'
		printf 'pid %s/nginx.pid;\nerror_log %s/logs/error.log info;\n' "$dir" "$dir"
		printf 'events { worker_connections 64; }\nhttp {\n'
		printf '\tinclude /etc/nginx/mime.types;\n'
		printf '\tdefault_type application/octet-stream;\n'
		printf '\taccess_log %s/logs/access.log;\n' "$dir"
		# error pages without nginx's version: the same length always
		printf '\tserver_tokens off;\n'
		for i in client_body proxy fastcgi uwsgi scgi; do
			printf '\t%s_temp_path %s/%s;\n' "$i" "$dir" "$i"
		done
		printf '\tserver {\n'
		for a in $addrs; do
			case $a in
			*:*) printf '\t\tlisten [%s]:443 ssl http2;\n' "$a" ;;
			*) printf '\t\tlisten %s:443 ssl http2;\n' "$a" ;;
			esac
		done
		printf '\t\tserver_name %s;\n\t\troot %s;\n' "$name" "$root"
		printf '\t\tssl_certificate %s;\n\t\tssl_certificate_key %s;\n' "$cert" "$key"
		for l in "$@"; do
			printf '\t\t%s\n' "$l"
		done
		printf '\t}\n}\n'
	} >"$dir/nginx.conf"
	nginx -p "$dir" -e "$dir/logs/error.log" -c "$dir/nginx.conf" \
		>"$dir/nginx.out" 2>&1 &
	server_pids+=($!)
	for a in $addrs; do
		for i in $(seq 1 100); do
			ss -Hltn "src [$a]:443" 2>/dev/null | grep -q . && break
			ss -Hltn "src $a:443" 2>/dev/null | grep -q . && break
			sleep 0.1
		done
		if ! ss -Hltn "src [$a]:443" 2>/dev/null | grep -q . &&
		    ! ss -Hltn "src $a:443" 2>/dev/null | grep -q .; then
			echo "nginx does not listen on $a port 443:"
			cat "$dir/nginx.out" "$dir/logs/error.log" 2>/dev/null
			return 1
		fi
	done
}

# udp_bound PORT: until a UDP socket is bound to PORT on 127.0.0.1 (at
# most 5 s); 1 when none is.  A scripted server started in the background
# is not listening yet when the next command runs on a loaded machine,
# and a query sent too early is answered "port unreachable" (refused).
udp_bound() {
	local i
	for i in $(seq 1 50); do
		ss -Hlnu "sport = :$1" | grep -q . && return 0
		sleep 0.1
	done
	echo "nothing bound to UDP port $1 after 5 s"
	return 1
}

# lab_silent_tcp ADDR PORT: a server on ADDR:PORT that accepts every
# connection and then says nothing (TLS never starts, no greeting), held
# open until the server ends by itself after 120 s; its PID in
# server_pids.  Returns 1, with its output, when it does not listen
# within 10 s.
lab_silent_tcp() {
	local out i
	lab_silent_n=$((${lab_silent_n:-0} + 1))
	out="$work/silent-$lab_silent_n.out"
	python3 -c '
import socket, sys, time
fam = socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET
s = socket.socket(fam)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], int(sys.argv[2]))); s.listen(16); s.settimeout(1)
print("ready", flush=True)
held, end = [], time.time() + 120
while time.time() < end:
	try:
		held.append(s.accept()[0])
	except socket.timeout:
		pass
' "$1" "$2" >"$out" 2>&1 &
	server_pids+=($!)
	for i in $(seq 1 100); do
		grep -q ready "$out" && return 0
		sleep 0.1
	done
	echo "the silent server on $1 port $2 does not listen:"
	cat "$out"
	return 1
}

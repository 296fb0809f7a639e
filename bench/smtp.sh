#!/bin/bash
# smtp.sh [MXDIG] -- what --smtp costs, in a private network namespace
# (root; tests/lib.sh netns_enter), no packet leaving it.
#
# 1. Round trips: NSD behind bench/delay-proxy.py (DNS_DELAY ms per
#    answer) and Postfix behind bench/smtp-delay-proxy.py (SMTP_DELAY ms
#    per server reply), on port 25 of 1 or 8 addresses.  One domain with
#    one address, and one with four exchanges of two addresses each:
#    mxdig --smtp takes the DNS round trips plus one SMTP session's
#    (greeting, EHLO, STARTTLS, TLS 1.3 handshake, EHLO, QUIT: 6),
#    however many addresses; --smtp-concurrency 1 shows the serial cost.
# 2. Sharing: 1,000 domains whose MX records point at 20 addresses of
#    Postfix (no delay): the sessions Postfix logged (must be 20) and the
#    wall time.
# Prints a table; medians over RUNS runs.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../tests/lib.sh"
netns_enter "$0" "$@"
mxdig=${1:-$here/../build/cli/mxdig}
DNS_DELAY=${DNS_DELAY:-50}
SMTP_DELAY=${SMTP_DELAY:-100}
RUNS=${RUNS:-3}
test_begin nsd postfix openssl python3 dig script

U=11.25.9.1		# Postfix behind the proxy
netns_addr $U || exit 1
for i in $(seq 1 8); do netns_addr 11.25.10.$i || exit 1; done
for i in $(seq 1 20); do netns_addr 11.25.11.$i || exit 1; done
lab_ca lab && lab_cert lab mta '*.bench.test' || exit 1
chmod 644 "$work"/*.key
lines=("$U:smtp inet n - n - - smtpd -o smtpd_tls_security_level=may -o smtpd_tls_cert_file=$work/mta.pem -o smtpd_tls_key_file=$work/mta.key")
for i in $(seq 1 20); do
	lines+=("11.25.11.$i:smtp inet n - n - - smtpd -o smtpd_tls_security_level=may -o smtpd_tls_cert_file=$work/mta.pem -o smtpd_tls_key_file=$work/mta.key")
done
lab_postfix "${lines[@]}" || exit 1
sed -i 's/^#*default_process_limit.*//' "$work/postfix/etc/main.cf"

{
	printf '$ORIGIN bench.test.\n$TTL 3600\n@ SOA ns h 1 2 3 4 5\n@ NS ns\nns A 127.0.0.1\n'
	printf 'one MX 10 mx-one\nmx-one A 11.25.10.1\n'
	for i in 1 2 3 4; do
		printf 'eight MX %d mx-e%d\nmx-e%d A 11.25.10.%d\nmx-e%d A 11.25.10.%d\n' \
			$((i * 10)) $i $i $((2 * i - 1)) $i $((2 * i))
	done
	for i in $(seq 1 20); do
		printf 'mx%d A 11.25.11.%d\n' "$i" "$i"
	done
	for i in $(seq 0 999); do
		printf 'd%d MX 10 mx%d\nd%d MX 20 mx%d\n' "$i" $((i % 20 + 1)) \
			"$i" $(((i + 7) % 20 + 1))
	done
} >"$work/bench.zone"
mkdir -p "$work/nsd"
{
	printf 'server:\n\tip-address: 127.0.0.1\n\tport: 5353\n\tusername: ""\n\tchroot: ""\n'
	printf '\tzonesdir: "%s"\n\tpidfile: "%s/nsd.pid"\n\txfrdfile: "%s/xfrd.state"\n' "$work" "$work/nsd" "$work/nsd"
	printf '\tzonelistfile: "%s/zone.list"\n\tdatabase: ""\n\tlogfile: "%s/nsd.log"\n' "$work/nsd" "$work/nsd"
	printf '\tserver-count: 1\n\trrl-ratelimit: 0\nremote-control:\n\tcontrol-enable: no\n'
	printf 'zone:\n\tname: bench.test\n\tzonefile: bench.zone\n'
} >"$work/nsd.conf"
nsd -d -c "$work/nsd.conf" >"$work/nsd.out" 2>&1 &
server_pids+=($!)
# delay-proxy.py listens on 127.0.0.1:5300 and forwards to NSD on :5353
python3 "$here/delay-proxy.py" 5300 5353 "$DNS_DELAY" &
server_pids+=($!)
python3 "$here/smtp-delay-proxy.py" "$SMTP_DELAY" $U $(for i in $(seq 1 8); do echo 11.25.10.$i; done) \
	>"$work/proxy.out" 2>&1 &
server_pids+=($!)
for i in $(seq 1 100); do
	dig +time=1 +tries=1 +short @127.0.0.1 -p 5353 SOA bench.test | grep -q . &&
		grep -q ready "$work/proxy.out" && break
	sleep 0.1
done

ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
sessions() { grep -c 'smtpd\[[0-9]*\]: connect from' "$work/postfix/maillog" 2>/dev/null; }

printf '%-34s %9s %10s %10s %8s\n' "case" "addresses" "median ms" "expected" "ratio"
for c in "one.bench.test 1 20" "eight.bench.test 8 20" "eight.bench.test 8 1"; do
	set -- $c
	times=()
	for r in $(seq 1 "$RUNS"); do
		t0=$(ms)
		"$mxdig" --tries 1 @127.0.0.1 -p 5300 --smtp --helo bench.lab.test \
			--ca-file "$work/ca-lab.pem" --smtp-concurrency "$3" "$1" \
			>"$work/out.txt" 2>&1
		times+=($(( $(ms) - t0 )))
		grep -q "certificate valid" "$work/out.txt" || { echo "no TLS:"; cat "$work/out.txt"; }
	done
	med=$(printf '%s\n' "${times[@]}" | median)
	# two DNS round trips, and per session 6 SMTP replies (serial:
	# one session after the other)
	sess=$(( $3 >= $2 ? 1 : $2 ))
	exp=$(( 2 * DNS_DELAY + 6 * SMTP_DELAY * sess ))
	printf '%-34s %9s %10d %10d %8.2f\n' "$1 --smtp-concurrency $3" "$2" "$med" "$exp" \
		"$(echo "$med $exp" | awk '{print $1 / $2}')"
done

before=$(sessions)
seq 0 999 | sed 's/^/d/; s/$/.bench.test/' >"$work/list"
t0=$(ms)
"$mxdig" --tries 1 @127.0.0.1 -p 5353 --smtp --helo bench.lab.test \
	--ca-file "$work/ca-lab.pem" -f "$work/list" --format jsonl >"$work/batch.jsonl" 2>"$work/batch.err"
rc=$?
t=$(( $(ms) - t0 ))
sleep 2
n=$(( $(sessions) - before ))
ok=$(grep -c '"state":"answered"' "$work/batch.jsonl")
printf '\n%-34s %9s %10s %10s %8s\n' "batch" "domains" "wall ms" "sessions" "probed"
printf '%-34s %9d %10d %10d %8d\n' "1,000 domains over 20 addresses" 1000 "$t" "$n" "$ok"
echo "(DNS delay ${DNS_DELAY} ms, SMTP delay ${SMTP_DELAY} ms per reply, ${RUNS} runs each; exit $rc; $(nproc) cores)"

#!/bin/bash
# Hostile SMTP servers (tests/smtp/hostile_smtp.py) in a private network
# namespace: every case a domain of its own, its exchange on an address of
# its own; each case asserts the findings, the address's state in JSON and
# the exit status.  The slow cases run in the background meanwhile.
#
# usage: hostile.sh MXDIG
. "$(dirname "$0")/../lib.sh"
netns_enter "$0" "$@"
mxdig=$1
here=$(cd "$(dirname "$0")" && pwd)
test_begin nsd python3 openssl dig

# globally routable test addresses: inside the namespace no packet leaves,
# and mx-target-private-address stays out of the findings
cases="busy421 close slow12 silent multi220 tls_last tls_middle reject554 tls_half endless lines10k garbage tls454 tls_old"
i=0 specs=()
{
	printf '$ORIGIN hostile.test.\n$TTL 300\n@ SOA ns hm 1 3600 600 86400 300\n@ NS ns\nns A 127.0.0.2\n'
	for c in $cases; do
		i=$((i + 1))
		n=${c//_/-}
		printf '%s MX 10 mx-%s\nmx-%s A 11.25.2.%d\n' "$n" "$n" "$n" "$i"
	done
	# IPv4 and IPv6 of one exchange, both probed
	printf 'dual MX 10 mx-dual\nmx-dual A 11.25.2.99\nmx-dual AAAA 2a01:25::99\n'
} >"$work/hostile.zone"
i=0
for c in $cases; do
	i=$((i + 1))
	specs+=("11.25.2.$i=$c")
	netns_addr "11.25.2.$i" || { bad "netns_addr 11.25.2.$i"; exit 1; }
done
specs+=("11.25.2.99=tls_last" "2a01:25::99=tls_last")
netns_addr 11.25.2.99 2a01:25::99 || { bad "netns_addr"; exit 1; }
lab_ca lab && lab_cert lab hostile '*.hostile.test' || { bad "certificates"; exit 1; }
lab_nsd 127.0.0.2 hostile.test. "$work/hostile.zone" || { bad "NSD"; exit 1; }
lab_hostile "${specs[@]}" || { bad "hostile server"; exit 1; }
ok "lab: NSD on 127.0.0.2, the hostile server on 16 addresses"

run() {	# run NAME TIMEOUT: one domain, JSON into $work/NAME.json
	local n=${1//_/-}
	"$mxdig" @127.0.0.2 --smtp --helo probe.lab.test --ca-file "$work/ca-lab.pem" \
		--smtp-timeout "$2" --format json "$n.hostile.test" \
		>"$work/$1.json" 2>"$work/$1.err"
	echo $? >"$work/$1.rc"
}

expect() {	# expect NAME RC STATUS CHECKS [ADDRESS:PATH=VALUE...]
	smtp_expect hostile.test "$@"
}

# the slow ones in the background: a greeting after 12 s with a 20 s
# timeout, and silence and a half handshake with a 3 s one
start=$(date +%s.%N)
run slow12 20 & slow=$!
run silent 3 & silent=$!
run tls_half 3 & half=$!
for c in busy421 close multi220 tls_last tls_middle reject554 endless lines10k garbage tls454 tls_old dual; do
	run "$c" 20
done

a=11.25.2
expect busy421 3 unknown smtp-busy \
	"$a.1:state=busy" "$a.1:greeting_code=421"
expect close 3 unknown smtp-busy \
	"$a.2:state=busy" "$a.2:greeting_code=null" "$a.2:error=closed before the greeting"
expect multi220 0 info mx-single-host,mx-no-ipv6 \
	"$a.5:state=answered" "$a.5:greeting=lines=3" \
	"$a.5:greeting=~220-second line of the greeting" \
	"$a.5:extensions=[\"STARTTLS\",\"SIZE\",\"8BITMIME\",\"PIPELINING\"]" \
	"$a.5:starttls.state=ok" "$a.5:tls.verified=true" "$a.5:tls.name_match=true"
expect tls_last 0 info mx-single-host,mx-no-ipv6 \
	"$a.6:state=answered" "$a.6:starttls.offered=true" "$a.6:tls.protocol=TLSv1.3" \
	"$a.6:tls.chain.0.names.0=*.hostile.test" "$a.6:ended=done"
expect tls_middle 0 info mx-single-host,mx-no-ipv6 \
	"$a.7:extensions=[\"STARTTLS\",\"8BITMIME\",\"SMTPUTF8\",\"PIPELINING\"]" \
	"$a.7:starttls.state=ok" "$a.7:tls.verified=true"
expect reject554 2 error no-usable-mx,smtp-rejects \
	"$a.8:state=rejects" "$a.8:greeting_code=554"
expect endless 2 error no-usable-mx,smtp-protocol-error \
	"$a.10:state=protocol-error" "$a.10:error=a reply line over 512 octets"
expect lines10k 2 error no-usable-mx,smtp-protocol-error \
	"$a.11:state=protocol-error" "$a.11:error=a reply of more than 100 lines"
expect garbage 2 error no-usable-mx,smtp-protocol-error \
	"$a.12:state=protocol-error" "$a.12:error=~not an SMTP reply"
expect tls454 2 error mx-single-host,mx-no-ipv6,smtp-starttls-failed \
	"$a.13:starttls.state=refused" "$a.13:starttls.code=454" "$a.13:state=answered"
expect dual 0 ok - "11.25.2.99:starttls.state=ok" "[2a01:25::99]:starttls.state=ok" \
	"[2a01:25::99]:tls.verified=true" "[2a01:25::99]:state=answered"
expect tls_old 1 warning mx-single-host,mx-no-ipv6,smtp-tls-old \
	"$a.14:starttls.state=ok" "$a.14:tls.protocol=TLSv1"

# --deadline bounds the run whatever --smtp-timeout says: the silent
# server is given up at 2 s, the verdict unknown, the address unprobed
# (no smtp object)
t0=$(date +%s%N)
"$mxdig" @127.0.0.2 --smtp --helo probe.lab.test --smtp-timeout 60 --deadline 2 \
	--format json silent.hostile.test >"$work/deadline.json" 2>"$work/deadline.err"
echo $? >"$work/deadline.rc"
dt=$(( ($(date +%s%N) - t0) / 1000000 ))
if [ "$(cat "$work/deadline.rc")" = 3 ] && [ "$dt" -lt 4000 ] &&
    python3 "$here/expect.py" "$work/deadline.json" silent.hostile.test. unknown mx-single-host,mx-no-ipv6 >"$work/dl.out" &&
    ! grep -q '"smtp"' "$work/deadline.json"; then
	ok "--deadline 2 with --smtp-timeout 60: unknown, exit 3, in $dt ms"
else
	bad "--deadline: exit $(cat "$work/deadline.rc") in $dt ms: $(cat "$work/dl.out")"
fi

wait "$silent" "$half"
t=$(python3 -c "print(round($(date +%s.%N) - $start, 1))")
expect silent 2 error no-usable-mx,smtp-unreachable \
	"$a.4:state=timeout" "$a.4:ended=greeting" "$a.4:error=no greeting within 3 s"
expect tls_half 2 error mx-single-host,mx-no-ipv6,smtp-starttls-failed \
	"$a.9:starttls.state=failed" "$a.9:tls.error=the handshake did not complete within 3 s"
wait "$slow"
expect slow12 1 warning mx-single-host,mx-no-ipv6,smtp-greeting-slow,smtp-no-starttls \
	"$a.3:state=answered" "$a.3:ended=done"
# bounded: the 3 s timeouts ended their runs long before the slow one
if python3 -c "import sys; sys.exit(0 if float('$t') < 12 else 1)"; then
	ok "the silent and half-handshake cases ended by their 3 s timeouts (${t%.*} s)"
else
	bad "the 3 s timeouts took $t s"
fi

# every case was one session, and the whole run saw no other
n=$(wc -l <"$work/hostile.log")
if [ "$n" = 17 ]; then ok "17 sessions for 16 addresses and the deadline run"; else bad "$n sessions for 16 addresses and the deadline run"; cat "$work/hostile.log"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

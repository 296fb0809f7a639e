#!/bin/bash
# loop_live.sh TEST_LOOP SRCDIR -- runs the test_loop binary with a local
# NSD serving loop.test on a free port of 127.0.0.1, named to it in
# MXDIG_TEST_NSD_PORT, so that its live part runs too; NSD is stopped by
# its PID.  The binary's exit status is the test's.
set -u
bin=$1
src=$2
. "$src/tests/lib.sh"
test_begin nsd dig ss

# ok: two exchanges; implicit: no MX, an A; cname: the exchange is an
# alias; twohops: an alias of an alias; nx: nothing
cat >"$work/loop.zone" <<'ZONE'
$ORIGIN loop.test.
$TTL 3600
@ SOA ns1 hostmaster 1 3600 600 86400 300
@ NS ns1
ns1 A 93.184.216.53
ok MX 10 mx1.ok
ok MX 20 mx2.ok
mx1.ok A 93.184.216.1
mx1.ok AAAA 2606:2800:220:1::1
mx2.ok A 93.184.216.2
mx2.ok AAAA 2606:2800:220:1::2
implicit A 93.184.216.3
implicit AAAA 2606:2800:220:1::3
cname MX 10 alias.cname
cname MX 20 mx2.ok
alias.cname CNAME mx1.ok
twohops MX 10 alias.twohops
alias.twohops CNAME alias2.twohops
alias2.twohops CNAME mx1.ok
ZONE

if ! nsd_start loop.test loop.zone; then
	echo "FAIL nsd did not start"
	exit 1
fi
echo "nsd answers on 127.0.0.1:$port"
MXDIG_TEST_NSD_PORT=$port timeout 120 "$bin"

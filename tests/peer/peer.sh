#!/usr/bin/env bash
# Peer-fixture tests: run mxdig on the zone files that peer projects (BIND,
# Knot, ldns, NSD, validns, PowerDNS, Zonemaster, dnscontrol, Exim) use in
# their own test suites, and assert mxdig's exact verdict: exit status, the
# findings (file:line, severity, message, [check]) and their total count.
#
#   peer.sh MXDIG PEER_DATA_DIR [PEER...]      (PEER: bind9 knot validns ldns
#                                               nsd pdns zonemaster dnscontrol
#                                               exim, or all; default all)
#
# The data files and what each peer asserts are described in
# PEER_DATA_DIR/SOURCES.md and PEER_DATA_DIR/*__EXPECTATIONS.txt.  The
# expectations below follow SPEC.md (the check catalogue), not the peer:
# where SPEC deliberately disagrees with a peer's verdict a "SPEC vs PEER"
# comment says so.  Offline, no network; every mxdig run is bounded.
#
# Prints one "ok"/"FAIL" line per assertion and ends with "N passed, M failed";
# exits 1 if anything failed.

set -u

if [ $# -lt 2 ]; then
	echo "usage: $0 MXDIG PEER_DATA_DIR [PEER...]" >&2
	exit 2
fi
MXDIG=$1
DATA=$2
shift 2
[ $# -eq 0 ] && set -- all

PASS=0
FAIL=0

ok() {
	PASS=$((PASS + 1))
	printf 'ok   %s\n' "$1"
}

fail() {
	FAIL=$((FAIL + 1))
	printf 'FAIL %s\n' "$1"
	if [ -n "${2:-}" ]; then
		printf '%s\n' "$2" | head -n 40 | sed 's/^/     | /'
	fi
}

finish() {
	printf '%d passed, %d failed\n' "$PASS" "$FAIL"
	[ "$FAIL" -eq 0 ]
	exit $?
}

case "$MXDIG" in
/*) ;;
*) MXDIG=$PWD/$MXDIG ;;
esac
if [ ! -x "$MXDIG" ]; then
	fail "mxdig binary is executable: $MXDIG"
	finish
fi
if [ ! -d "$DATA" ] || [ ! -f "$DATA/SOURCES.md" ]; then
	# outside the source tree's parent layout (a Debian package
	# build, say) the fixtures are absent: skipped (CTest SKIP_RETURN_CODE
	# 77), saying so, never passed or failed
	echo "SKIP: the peer fixtures are not at $DATA (../shared/peer-data" \
	    "beside the source tree, or cmake -DMXDIG_PEER_DATA=DIR)"
	exit 77
fi
DATA=$(cd "$DATA" && pwd)

TMP=$(mktemp -d "${TMPDIR:-/tmp}/mxdig-peer.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT

# Every mxdig run is bounded (a hang is a failure, not a stuck CI job).
if command -v timeout >/dev/null 2>&1; then
	TIMEOUT="timeout 5"
else
	TIMEOUT=
fi

# ---------------------------------------------------------------- helpers

# run LABEL DIR ARGS... : runs mxdig in DIR (so that file names print as
# given), sets OUT, ERR, RC and LABEL.
run() {
	LABEL=$1
	local dir=$2
	shift 2
	OUT=$(cd "$dir" && $TIMEOUT "$MXDIG" "$@" 2>"$TMP/stderr")
	RC=$?
	ERR=$(cat "$TMP/stderr")
}

# The finding lines of OUT (gcc format, with or without file:line).
findings() {
	printf '%s\n' "$OUT" |
	    grep -E ': (error|warning|info): .* \[[a-z0-9-]+\]$' || true
}

rc_text() {
	if [ "$1" -eq 124 ] && [ -n "$TIMEOUT" ]; then
		echo "$1 (timed out)"
	elif [ "$1" -gt 128 ]; then
		echo "$1 (killed by signal $(($1 - 128)): mxdig crashed)"
	else
		echo "$1"
	fi
}

expect_rc() {
	if [ "$RC" -eq "$1" ]; then
		ok "$LABEL: exit status $1"
	else
		fail "$LABEL: exit status $1, got $(rc_text "$RC")" "$ERR"
	fi
}

# A pattern is either a full line, or "PREFIX * [check]" where " * " stands
# for a message we do not freeze (messages passed through from ldns).
matches() {	# matches LINE PATTERN
	case "$2" in
	*" * ["*)
		local pre=${2%% \* \[*} post=${2#* \* }
		case "$1" in
		"$pre "*"$post") return 0 ;;
		esac
		return 1
		;;
	esac
	[ "$1" = "$2" ]
}

# expect_exact < PATTERNS : each pattern matches a finding line (one
# assertion each), and the finding lines are exactly these (one assertion on
# the count, listing whatever else was printed).
expect_exact() {
	local pats=() p line found extra n
	while IFS= read -r p; do
		[ -n "$p" ] && pats+=("$p")
	done
	# A crash or a hang: one failure, not one per expected line.
	if [ "$RC" -gt 128 ] || { [ "$RC" -eq 124 ] && [ -n "$TIMEOUT" ]; }; then
		fail "$LABEL: the ${#pats[@]} expected finding lines (mxdig exited $(rc_text "$RC"))" "$ERR"
		return
	fi
	local got
	got=$(findings)
	for p in ${pats[@]+"${pats[@]}"}; do
		found=0
		while IFS= read -r line; do
			if matches "$line" "$p"; then
				found=1
				break
			fi
		done <<<"$got"
		if [ $found -eq 1 ]; then
			ok "$LABEL: $p"
		else
			fail "$LABEL: $p" "missing; exit $(rc_text "$RC"); got:
$got
$ERR"
		fi
	done
	extra=
	n=0
	while IFS= read -r line; do
		[ -z "$line" ] && continue
		n=$((n + 1))
		found=0
		for p in ${pats[@]+"${pats[@]}"}; do
			if matches "$line" "$p"; then
				found=1
				break
			fi
		done
		[ $found -eq 0 ] && extra="$extra$line
"
	done <<<"$got"
	if [ "$n" -eq "${#pats[@]}" ] && [ -z "$extra" ]; then
		ok "$LABEL: exactly ${#pats[@]} finding lines"
	else
		fail "$LABEL: exactly ${#pats[@]} finding lines, got $n" \
		    "unexpected:
$extra"
	fi
}

# expect_count N CHECK : exactly N finding lines for CHECK.
expect_count() {
	local n
	n=$(findings | grep -cF " [$2]")
	if [ "$n" -eq "$1" ]; then
		ok "$LABEL: exactly $1 [$2] lines"
	else
		fail "$LABEL: exactly $1 [$2] lines, got $n" \
		    "$(findings | grep -F " [$2]")"
	fi
}

# expect_none_at FILE CHECK LINE... : no CHECK finding at these lines.
expect_none_at() {
	local file=$1 check=$2 l bad=
	shift 2
	for l in "$@"; do
		if findings | grep -q "^$file:$l: .* \[$check\]$"; then
			bad="$bad$(findings | grep "^$file:$l: .* \[$check\]$")
"
		fi
	done
	if [ -z "$bad" ]; then
		ok "$LABEL: no [$check] at lines $*"
	else
		fail "$LABEL: no [$check] at lines $*" "$bad"
	fi
}

# Every check name these expectations use is in mxdig's catalogue.
USED_CHECKS="mx-target-ip-literal mx-target-nxdomain no-usable-mx
mx-target-cname mx-target-private-address null-mx null-mx-preference
null-mx-mixed mx-target-invalid-name mx-target-out-of-zone ttl-mismatch
zone-syntax mx-no-ipv6 mx-single-host mx-ttl-low mx-ttl-high
mx-shared-address mx-duplicate-target no-mail-route cname-and-other-data"
check_catalogue() {
	local cat c missing=
	cat=$($TIMEOUT "$MXDIG" --list-checks 2>&1)
	for c in $USED_CHECKS; do
		printf '%s\n' "$cat" | grep -q "^$c " || missing="$missing $c"
	done
	if [ -z "$missing" ]; then
		ok "catalogue: --list-checks names every check used here"
	else
		fail "catalogue: --list-checks names every check used here" \
		    "missing:$missing"
	fi
}

# ------------------------------------------------------------------ bind9

peer_bind9() {
	# SPEC vs BIND: named reports "MX is an address" only as configured by
	# check-mx (ignore/warn/fail); mxdig always reports mx-target-ip-literal
	# as an error.  Without the trailing dot the exchange is the relative
	# name 10.0.0.1.check-mx., which does not exist (named-checkzone says
	# so too: "has no address records"), so the only MX is unusable.
	run "bind9 check-mx.db" "$DATA" lint bind9__check-mx.db:check-mx
	expect_rc 2
	expect_exact <<'EOF'
bind9__check-mx.db:11: error: exchange 10.0.0.1.check-mx. is an IP address written as a name: Postfix delivers, Exim and Go refuse [mx-target-ip-literal]
bind9__check-mx.db:11: error: exchange 10.0.0.1.check-mx. does not exist: senders cannot deliver to it [mx-target-nxdomain]
bind9__check-mx.db:11: error: none of the 1 exchanges of check-mx. is usable: mail to it bounces [no-usable-mx]
EOF

	# No $ORIGIN and a relative SOA owner: the origin must be given.
	run "bind9 check-mx.db without origin" "$DATA" lint bind9__check-mx.db
	expect_rc 3

	# SPEC vs BIND: BIND calls MX->CNAME "illegal" but fails the zone only
	# with check-mx-cname fail (warn logs, ignore is silent); mxdig always
	# reports mx-target-cname as an error.  10.53.0.2 is RFC 1918: SPEC
	# makes it mx-target-private-address, hence no-usable-mx.
	run "bind9 check-mx-cname.db" "$DATA" lint bind9__check-mx-cname.db:check-mx-cname
	expect_rc 2
	expect_exact <<'EOF'
bind9__check-mx-cname.db:10: error: exchange mail.check-mx-cname. is an alias of ns2.check-mx-cname.: Postfix follows it, other MTAs refuse to deliver [mx-target-cname]
bind9__check-mx-cname.db:10: error: none of the 1 exchanges of check-mx-cname. is usable: mail to it bounces [no-usable-mx]
bind9__check-mx-cname.db:15: error: exchange ns2.check-mx-cname. has the address 10.53.0.2, which is not globally routable: senders on the Internet cannot reach it [mx-target-private-address]
EOF
	# Address policy aside, the verdict is BIND's: only the alias.
	run "bind9 check-mx-cname.db --ignore address checks" "$DATA" lint \
	    --ignore mx-target-private-address,no-usable-mx \
	    bind9__check-mx-cname.db:check-mx-cname
	expect_rc 2
	expect_exact <<'EOF'
bind9__check-mx-cname.db:10: error: exchange mail.check-mx-cname. is an alias of ns2.check-mx-cname.: Postfix follows it, other MTAs refuse to deliver [mx-target-cname]
EOF

	# SPEC vs BIND: BIND's answer depends on the zone's check-integrity /
	# check-mx-cname options (SERVFAIL for mx-cname-fail, NOERROR for the
	# five others); mxdig has no per-zone policy, so every name gets the
	# same verdict.  --ignore mx-target-cname is the "ignore" equivalent.
	for z in mx-cname-fail mx-cname-ignore; do
		run "bind9 mx-cname.db:$z" "$DATA" lint bind9__mx-cname.db:$z
		expect_rc 2
		expect_exact <<EOF
bind9__mx-cname.db:4: error: exchange cname.$z. is an alias of ns1.$z.: Postfix follows it, other MTAs refuse to deliver [mx-target-cname]
bind9__mx-cname.db:4: error: none of the 1 exchanges of $z. is usable: mail to it bounces [no-usable-mx]
bind9__mx-cname.db:5: error: exchange ns1.$z. has the address 10.53.0.1, which is not globally routable: senders on the Internet cannot reach it [mx-target-private-address]
EOF
	done
	run "bind9 mx-cname.db --ignore mx-target-cname" "$DATA" lint \
	    --ignore mx-target-cname bind9__mx-cname.db:mx-cname-warn
	expect_rc 2
	expect_exact <<'EOF'
bind9__mx-cname.db:4: error: none of the 1 exchanges of mx-cname-warn. is usable: mail to it bounces [no-usable-mx]
bind9__mx-cname.db:5: error: exchange ns1.mx-cname-warn. has the address 10.53.0.1, which is not globally routable: senders on the Internet cannot reach it [mx-target-private-address]
EOF

	# Agrees with BIND: named-checkzone (and nsd-checkzone, kzonecheck)
	# refuses this zone for "CNAME and other data": cname-and-other-data,
	# at the CNAME (line 6), naming the MX beside it (line 5).  mxdig also
	# reports what the MX says, a null MX whose preference is 10, not 0
	# (RFC 7505 sec. 3), and that the apex example., which has neither MX
	# nor address, takes no mail (no-mail-route, at its SOA).
	run "bind9 bad-cname-and-mx.db" "$DATA" lint bind9__bad-cname-and-mx.db:example
	expect_rc 2
	expect_exact <<'EOF'
bind9__bad-cname-and-mx.db:2: error: example. has no MX, no null MX and no A/AAAA: mail to it bounces [no-mail-route]
bind9__bad-cname-and-mx.db:5: info: bad.example. publishes a null MX: it accepts no mail and senders bounce at once [null-mx]
bind9__bad-cname-and-mx.db:5: warning: the null MX of bad.example. has preference 10, not 0 [null-mx-preference]
bind9__bad-cname-and-mx.db:6: error: bad.example. has a CNAME beside other records (line 5): a CNAME must be the only record of its name (RFC 1034 §3.6.2, RFC 2181 §10.1); named-checkzone, nsd-checkzone and kzonecheck refuse the zone [cname-and-other-data]
EOF
	# the CNAME alone is what BIND refuses: with the apex and the MX
	# checks aside, only cname-and-other-data is left, and it fails lint
	run "bind9 bad-cname-and-mx.db, the CNAME alone" "$DATA" lint \
	    --ignore no-mail-route,null-mx,null-mx-preference \
	    bind9__bad-cname-and-mx.db:example
	expect_rc 2
	expect_exact <<'EOF'
bind9__bad-cname-and-mx.db:6: error: bad.example. has a CNAME beside other records (line 5): a CNAME must be the only record of its name (RFC 1034 §3.6.2, RFC 2181 §10.1); named-checkzone, nsd-checkzone and kzonecheck refuse the zone [cname-and-other-data]
EOF

	# SPEC vs BIND: the authoritative server (check-names ignore) serves the
	# record, a resolver with check-names response fail refuses it; mxdig
	# always warns.  zz_zz.ignore.example has no records at all (only
	# yy_yy has an A), so the exchange does not exist either.  lint
	# checks the apex too (SPEC: every zone apex is a mail domain): it has
	# no MX and no address, so mail to ignore.example bounces.
	run "bind9 ignore.example.db" "$DATA" lint bind9__ignore.example.db:ignore.example
	expect_rc 2
	expect_exact <<'EOF'
bind9__ignore.example.db:2: error: ignore.example. has no MX, no null MX and no A/AAAA: mail to it bounces [no-mail-route]
bind9__ignore.example.db:7: warning: exchange zz_zz.ignore.example. is not a valid host name (RFC 1123): strict MTAs and resolvers refuse it [mx-target-invalid-name]
bind9__ignore.example.db:7: error: exchange zz_zz.ignore.example. does not exist: senders cannot deliver to it [mx-target-nxdomain]
bind9__ignore.example.db:7: error: none of the 1 exchanges of mx.ignore.example. is usable: mail to it bounces [no-usable-mx]
EOF

	# SPEC vs BIND: zone1.db is BIND's clean negative control (it only has
	# to compile), but both exchanges resolve only to RFC 1918 addresses
	# (10.53.0.x, BIND's test network): SPEC makes that
	# mx-target-private-address, and no host is usable.  The MX structure
	# itself is clean, which the --ignore run shows.
	run "bind9 zone1.db" "$DATA" lint bind9__zone1.db:zone1.com
	expect_rc 2
	expect_exact <<'EOF'
bind9__zone1.db:5: error: none of the 2 exchanges of zone1.com. is usable: mail to it bounces [no-usable-mx]
bind9__zone1.db:9: error: exchange mail1.zone1.com. has the address 10.53.0.1, which is not globally routable: senders on the Internet cannot reach it [mx-target-private-address]
bind9__zone1.db:10: error: exchange mail2.zone1.com. has the address 10.53.0.2, which is not globally routable: senders on the Internet cannot reach it [mx-target-private-address]
EOF
	run "bind9 zone1.db --ignore address checks" "$DATA" lint \
	    --ignore mx-target-private-address,no-usable-mx bind9__zone1.db:zone1.com
	expect_rc 0
	expect_exact </dev/null
}

# ------------------------------------------------------------------- knot

peer_knot() {
	# SPEC vs Knot: Knot loads an RRset with mismatched TTLs silently (and
	# answers with the last TTL, 7200); SPEC reports ttl-mismatch as a
	# warning.  mail.ttl-mismatch. has no records at all, so it is
	# mx-target-nxdomain ("does not exist"), not mx-target-no-address
	# ("exists but has neither A nor AAAA").
	run "knot ttl-mismatch.zone" "$DATA" lint knot__ttl-mismatch.zone
	expect_rc 2
	expect_exact <<'EOF'
knot__ttl-mismatch.zone:7: error: exchange mail.ttl-mismatch. does not exist: senders cannot deliver to it [mx-target-nxdomain]
knot__ttl-mismatch.zone:7: error: none of the 1 exchanges of ttl-mismatch. is usable: mail to it bounces [no-usable-mx]
knot__ttl-mismatch.zone:11: warning: ttl.ttl-mismatch. A RRset has TTLs 3600 (line 9) and 7200: resolvers use the lowest (RFC 2181 §5.2), BIND keeps the first, Knot the last [ttl-mismatch]
EOF

	# Agrees with Knot: the seven MX lines (owner and exchange differing
	# only in case, three in RFC 3597 form) are one record, so no
	# mx-duplicate-target; the exchange is outside the zone.  SPEC vs
	# Knot: the apex duplicates. has an SOA but no MX and no address: lint
	# checks it as a mail domain, no-mail-route (a zone that takes no mail
	# says so with a null MX, RFC 7505).
	run "knot duplicates.zone" "$DATA" lint knot__duplicates.zone
	expect_rc 2
	expect_exact <<'EOF'
knot__duplicates.zone:4: error: duplicates. has no MX, no null MX and no A/AAAA: mail to it bounces [no-mail-route]
knot__duplicates.zone:11: info: exchange some.domain. lies outside every loaded zone and was not resolved [mx-target-out-of-zone]
EOF
	run "knot duplicates.zone --zone DuPl --short" "$DATA" \
	    --short --zone knot__duplicates.zone DuPl.duplicates
	expect_rc 0
	if [ "$OUT" = "10 some.domain." ]; then
		ok "$LABEL: one MX host, '10 some.domain.'"
	else
		fail "$LABEL: one MX host, '10 some.domain.'" "$OUT"
	fi

	# 18_MX.in: knot's scanner test.  All records are at the root "." (its
	# $ORIGIN).  OK records: MX 0 ., MX 65535 ., MX 1 mail., MX 1 mail.tld.
	# and four spellings of MX 1 . (which collapse); so "." has a null MX
	# beside other MX (null-mx-mixed on each of the three null MX RRs,
	# null-mx-preference on the two with preference != 0), TTL 1 is below
	# --ttl-min, and mail./mail.tld. do not exist in the root zone.
	# KO records must each be a zone-syntax error at their own line (SPEC:
	# "the error names file and line"):
	#   17 "MX", 18 "MX ; Empty rdata" (knot ZS_BAD_NUMBER)
	#   19 "MX \# 0" (knot ZS_BAD_HEX_CHAR; an MX with empty RDATA)
	#   20 "MX -1 @" (ZS_BAD_NUMBER), 21 "MX 65536 @" (ZS_NUMBER16_OVERFLOW):
	#      ldns's own int16 parser would wrap these; mxdig must reject them
	#   23 "MX 0 @ x" (ZS_BAD_REST)
	# SPEC vs Knot: line 22 "MX 1 $" is ZS_BAD_RDATA for knot, but ldns and
	# BIND read "$" as an ordinary label character; SPEC treats a name that
	# is not a host name as mx-target-invalid-name (a warning, as for
	# bind9's zz_zz), and "$." does not exist.
	#
	# First the file without line 19 (so that the rest is checked even while
	# line 19 is mishandled), then the real file.
	sed '19s/.*/; line 19 removed by peer.sh/' "$DATA/knot__18_MX.in" \
	    >"$TMP/knot__18_MX.in"
	local k18
	k18=$(cat <<'EOF'
knot__18_MX.in:7: error: . has a null MX beside 5 other MX records: Postfix bounces all mail for it, other MTAs may deliver [null-mx-mixed]
knot__18_MX.in:7: warning: the MX TTL of . is 1 s, below 300 s: every sender asks again that often [mx-ttl-low]
knot__18_MX.in:8: error: . has a null MX beside 5 other MX records: Postfix bounces all mail for it, other MTAs may deliver [null-mx-mixed]
knot__18_MX.in:8: warning: the null MX of . has preference 65535, not 0 [null-mx-preference]
knot__18_MX.in:9: error: exchange mail. does not exist: senders cannot deliver to it [mx-target-nxdomain]
knot__18_MX.in:10: error: exchange mail.tld. does not exist: senders cannot deliver to it [mx-target-nxdomain]
knot__18_MX.in:11: error: . has a null MX beside 5 other MX records: Postfix bounces all mail for it, other MTAs may deliver [null-mx-mixed]
knot__18_MX.in:11: warning: the null MX of . has preference 1, not 0 [null-mx-preference]
knot__18_MX.in:17: error: MX record without preference and exchange: the record is not loaded, as a server would refuse the zone [zone-syntax]
knot__18_MX.in:18: error: MX record without preference and exchange: the record is not loaded, as a server would refuse the zone [zone-syntax]
knot__18_MX.in:20: error: MX preference is not a number from 0 to 65535: the record is not loaded, as a server would refuse the zone [zone-syntax]
knot__18_MX.in:21: error: MX preference is not a number from 0 to 65535: the record is not loaded, as a server would refuse the zone [zone-syntax]
knot__18_MX.in:22: warning: exchange $. is not a valid host name (RFC 1123): strict MTAs and resolvers refuse it [mx-target-invalid-name]
knot__18_MX.in:22: error: exchange $. does not exist: senders cannot deliver to it [mx-target-nxdomain]
knot__18_MX.in:22: error: none of the 3 exchanges of . is usable: mail to it bounces [no-usable-mx]
knot__18_MX.in:23: error: * [zone-syntax]
EOF
)
	run "knot 18_MX.in without line 19" "$TMP" lint knot__18_MX.in
	expect_rc 2
	expect_exact <<<"$k18"

	# The MX RRset mxdig loads for "." is the set of distinct RDATA of the
	# OK records in knot's expected scanner output (18_MX.out), plus
	# "1 $." (see above).
	local want got
	want=$( (awk -F= '$1 == "RDATA" {
		h = toupper($2); hex = "0123456789ABCDEF"
		v = 0
		for (i = 1; i <= 4; i++)
			v = v * 16 + index(hex, substr(h, i, 1)) - 1
		name = ""; p = 5
		while (1) {
			n = (index(hex, substr(h, p, 1)) - 1) * 16 + \
			    index(hex, substr(h, p + 1, 1)) - 1
			p += 2
			if (n == 0) break
			for (j = 0; j < n; j++) {
				c = (index(hex, substr(h, p, 1)) - 1) * 16 + \
				    index(hex, substr(h, p + 1, 1)) - 1
				name = name sprintf("%c", c); p += 2
			}
			name = name "."
		}
		if (name == "") name = "."
		print v, tolower(name)
	}' "$DATA/knot__18_MX.out"; echo '1 $.') | sort -u)
	run "knot 18_MX.in without line 19, --zone . --format json" "$TMP" \
	    --format json --zone knot__18_MX.in .
	got=$(printf '%s\n' "$OUT" | awk '
		/"owner":/ { inmx = 1 }
		inmx && /"preference":/ { p = $2; sub(/,$/, "", p) }
		inmx && /"exchange":/ {
			e = $2; sub(/,$/, "", e); gsub(/"/, "", e)
			print p, tolower(e); inmx = 0
		}' | sort -u)
	if [ -n "$want" ] && [ "$got" = "$want" ]; then
		ok "$LABEL: MX set = distinct RDATA of knot__18_MX.out + '1 \$.'"
	else
		fail "$LABEL: MX set = distinct RDATA of knot__18_MX.out + '1 \$.'" \
		    "want:
$want
got:
$got"
	fi

	# The real file, line 19 included: "@ MX \# 0" must be a zone-syntax
	# error at line 19 and the rest must be as above.  (mxdig must not
	# crash on it: SPEC "No input crashes it".)
	run "knot 18_MX.in" "$DATA" lint knot__18_MX.in
	expect_rc 2
	expect_exact <<EOF
$k18
knot__18_MX.in:19: error: * [zone-syntax]
EOF
}

# ---------------------------------------------------------------- validns

peer_validns() {
	# Agrees with validns -p mx-alias -z example.jp: the exchange
	# maIl.example.jp. is the alias maiL (names compare case-insensitively).
	# 192.0.2.53 is TEST-NET-1 (documentation): SPEC makes it
	# mx-target-private-address, hence no-usable-mx.  (NS aliases are not
	# in mxdig's scope.)  lint and --zone: two entry points, one answer.
	local alias
	alias=$(cat <<'EOF'
validns__mx-ns-alias:10: error: exchange maIl.example.jp. is an alias of ns1.example.jp.: Postfix follows it, other MTAs refuse to deliver [mx-target-cname]
validns__mx-ns-alias:10: error: none of the 1 exchanges of example.jp. is usable: mail to it bounces [no-usable-mx]
validns__mx-ns-alias:11: error: exchange ns1.example.jp. has the address 192.0.2.53, which is not globally routable: senders on the Internet cannot reach it [mx-target-private-address]
EOF
)
	run "validns mx-ns-alias:example.jp" "$DATA" lint validns__mx-ns-alias:example.jp
	expect_rc 2
	expect_exact <<<"$alias"
	run "validns mx-ns-alias:example.jp --ignore address checks" "$DATA" lint \
	    --ignore mx-target-private-address,no-usable-mx validns__mx-ns-alias:example.jp
	expect_rc 2
	expect_exact <<'EOF'
validns__mx-ns-alias:10: error: exchange maIl.example.jp. is an alias of ns1.example.jp.: Postfix follows it, other MTAs refuse to deliver [mx-target-cname]
EOF
	run "validns mx-ns-alias --zone :example.jp example.jp" "$DATA" \
	    --format gcc --zone validns__mx-ns-alias:example.jp example.jp
	expect_rc 2
	expect_exact <<<"$alias"

	# Agrees with validns -z example1.jp (rc 0): loaded as example1.jp the
	# alias maiL is maiL.example1.jp., and maIl.example.jp. lies outside
	# the loaded zone: not resolved, so no mx-target-cname, info only.
	run "validns mx-ns-alias:example1.jp" "$DATA" lint validns__mx-ns-alias:example1.jp
	expect_rc 0
	expect_exact <<'EOF'
validns__mx-ns-alias:10: info: exchange maIl.example.jp. lies outside every loaded zone and was not resolved [mx-target-out-of-zone]
EOF
	# ... and example.jp itself is then not covered by any loaded zone: it
	# cannot be checked (exit 3), and nothing is reported about it.
	run "validns mx-ns-alias --zone :example1.jp example.jp" "$DATA" \
	    --format gcc --zone validns__mx-ns-alias:example1.jp example.jp
	expect_rc 3
	expect_exact </dev/null

	# manyerrors.zone: validns -s -pall lists 90+ errors.  The MX block
	# (lines 58-61) must give exactly: out-of-zone info for the valid MX,
	# and zone-syntax at 59 ("MX": "MX preference expected"), 60 ("MX 5":
	# "MX exchange expected") and 61 ("MX 5 horch.tobez.org. garbage":
	# "garbage after valid MX data").
	# Lines 64-65 "xy IN 300 A ..." / "xy IN 400 A ..." are valid RFC 1035
	# syntax ([<class>] [<TTL>] <type>, RFC 1035 sec. 5.1): not
	# zone-syntax, but a ttl-mismatch on the xy A RRset (validns: "TTL
	# values differ within an RR set").
	# The CAA records at 179, 183, 184, 188, 190, 191, 194, 197, 198, 199 are
	# valid and followed by a "; comment": not zone-syntax.  Line 180 has
	# garbage after a valid CAA: zone-syntax.
	# Agrees with validns: "CNAME and other data" at otherdata2 (a CNAME,
	# then an A: reported at the A, naming the CNAME's line) and at zzzz4
	# (a DNAME, then a CNAME: the DNAME is not kept, so no line is named)
	# is cname-and-other-data.  otherdata1's two CNAMEs ("multiple
	# CNAMEs") are no other data.
	# SPEC vs validns: validns' other policy checks (SOA must come first,
	# TLSA digest length, CAA tag names, names with "*") are not parse
	# errors and not in SPEC's catalogue, so the total number of
	# zone-syntax lines is not frozen here; everything else is.
	run "validns manyerrors.zone" "$DATA" lint validns__manyerrors.zone
	expect_rc 2
	local mx_block
	mx_block=$(findings | grep -E '^validns__manyerrors\.zone:(5[89]|6[0-5]):')
	local OUT_ALL=$OUT
	OUT=$mx_block
	LABEL="validns manyerrors.zone lines 58-65"
	expect_exact <<'EOF'
validns__manyerrors.zone:58: info: exchange horch.tobez.org. lies outside every loaded zone and was not resolved [mx-target-out-of-zone]
validns__manyerrors.zone:59: error: MX record without preference and exchange: the record is not loaded, as a server would refuse the zone [zone-syntax]
validns__manyerrors.zone:60: error: MX record without exchange: the record is not loaded, as a server would refuse the zone [zone-syntax]
validns__manyerrors.zone:61: error: * [zone-syntax]
validns__manyerrors.zone:65: warning: xy.galaxyplus.org. A RRset has TTLs 300 (line 64) and 400: resolvers use the lowest (RFC 2181 §5.2), BIND keeps the first, Knot the last [ttl-mismatch]
EOF
	OUT=$OUT_ALL
	LABEL="validns manyerrors.zone"
	expect_none_at validns__manyerrors.zone zone-syntax \
	    179 183 184 188 190 191 194 197 198 199
	if findings | grep -q '^validns__manyerrors\.zone:180: error: .* \[zone-syntax\]$'; then
		ok "$LABEL: [zone-syntax] at line 180 (garbage after CAA)"
	else
		fail "$LABEL: [zone-syntax] at line 180 (garbage after CAA)" "$(findings)"
	fi
	OUT=$(findings | grep -v ' \[zone-syntax\]$')
	LABEL="validns manyerrors.zone (all but zone-syntax)"
	expect_exact <<'EOF'
validns__manyerrors.zone:58: info: exchange horch.tobez.org. lies outside every loaded zone and was not resolved [mx-target-out-of-zone]
validns__manyerrors.zone:65: warning: xy.galaxyplus.org. A RRset has TTLs 300 (line 64) and 400: resolvers use the lowest (RFC 2181 §5.2), BIND keeps the first, Knot the last [ttl-mismatch]
validns__manyerrors.zone:136: error: otherdata2.galaxyplus.org. has records beside its CNAME (line 135): a CNAME must be the only record of its name (RFC 1034 §3.6.2, RFC 2181 §10.1); named-checkzone, nsd-checkzone and kzonecheck refuse the zone [cname-and-other-data]
validns__manyerrors.zone:165: error: zzzz4.galaxyplus.org. has a CNAME beside other records: a CNAME must be the only record of its name (RFC 1034 §3.6.2, RFC 2181 §10.1); named-checkzone, nsd-checkzone and kzonecheck refuse the zone [cname-and-other-data]
EOF
	OUT=$OUT_ALL

	# Agrees with validns (rc 0): clean; the only MX points out of zone.
	run "validns galaxyplus.org" "$DATA" lint validns__galaxyplus.org
	expect_rc 0
	expect_exact <<'EOF'
validns__galaxyplus.org:13: info: exchange horch.tobez.org. lies outside every loaded zone and was not resolved [mx-target-out-of-zone]
EOF

	# RFC 1035's ISI.EDU example (no peer assertion).  Each exchange has a
	# public 128.9.0.x address, so both are usable, but also a 10.x one
	# (RFC 1918): SPEC makes each mx-target-private-address an error.
	run "validns simple-1035:ISI.EDU" "$DATA" lint validns__simple-1035:ISI.EDU
	expect_rc 2
	expect_exact <<'EOF'
validns__simple-1035:11: info: no exchange of ISI.EDU. has an AAAA record: IPv6-only senders cannot deliver [mx-no-ipv6]
validns__simple-1035:16: error: exchange VENERA.ISI.EDU. has the address 10.1.0.52, which is not globally routable: senders on the Internet cannot reach it [mx-target-private-address]
validns__simple-1035:19: error: exchange VAXA.ISI.EDU. has the address 10.2.0.27, which is not globally routable: senders on the Internet cannot reach it [mx-target-private-address]
EOF
	run "validns simple-1035 without origin" "$DATA" lint validns__simple-1035
	expect_rc 3
}

# ------------------------------------------------------------------- ldns

peer_ldns() {
	# SPEC vs ldns: ldns-signzone/ldns-verify-zone only check DNSSEC; SPEC
	# warns about the apex MX TTL of 60 s (mx-ttl-low, --ttl-min 300).
	run "ldns jelte.nlnetlabs.nl" "$DATA" lint ldns__jelte.nlnetlabs.nl
	expect_rc 1
	expect_exact <<'EOF'
ldns__jelte.nlnetlabs.nl:8: info: every path for jelte.nlnetlabs.nl. leads to smtp.jelte.nlnetlabs.nl., one host with the single address 178.18.82.80: while it is down, mail queues at the senders [mx-single-host]
ldns__jelte.nlnetlabs.nl:8: info: no exchange of jelte.nlnetlabs.nl. has an AAAA record: IPv6-only senders cannot deliver [mx-no-ipv6]
ldns__jelte.nlnetlabs.nl:8: warning: the MX TTL of jelte.nlnetlabs.nl. is 60 s, below 300 s: every sender asks again that often [mx-ttl-low]
ldns__jelte.nlnetlabs.nl:17: info: exchange mirre.nlnetlabs.nl. lies outside every loaded zone and was not resolved [mx-target-out-of-zone]
EOF

	# Agrees with ldns-verify-zone and validns (both fail: the signatures
	# of this 2018 AXFR have expired): multi-line signed zone, each
	# finding at the line its RRSIG starts on (validns names the line it
	# ends on); only the RRsets on the mail path are reported; the MX
	# points out of zone.
	run "ldns A.4.The-URI.ARPA-Zone" "$DATA" lint ldns__A.4.The-URI.ARPA-Zone
	expect_rc 2
	expect_exact <<'EOF'
ldns__A.4.The-URI.ARPA-Zone:16: error: the RRSIG over the MX RRset of uri.arpa. (key tag 47155) expired on 2018-10-28 17:05:56 UTC: validating resolvers return SERVFAIL for the MX of uri.arpa.: mail to it queues at validating senders, and bounces after their retry time [dnssec-signature-expired]
ldns__A.4.The-URI.ARPA-Zone:21: error: the RRSIG over the DNSKEY RRset of uri.arpa. (key tag 15796) expired on 2018-10-28 15:28:32 UTC (as is the 1 other over it): validating resolvers return SERVFAIL for the DNSKEY of uri.arpa.: no answer of the zone validates, and mail to each of its domains queues at validating senders [dnssec-signature-expired]
ldns__A.4.The-URI.ARPA-Zone:39: error: the RRSIG over the SOA RRset of uri.arpa. (key tag 47155) expired on 2018-10-29 11:47:53 UTC: validating resolvers cannot validate the SOA of uri.arpa. nor the negative answers that rest on it: a sender's MX or AAAA query that finds no data gets SERVFAIL, and mail queues [dnssec-signature-expired]
ldns__A.4.The-URI.ARPA-Zone:51: info: exchange pechora.icann.org. lies outside every loaded zone and was not resolved [mx-target-out-of-zone]
EOF

	# SPEC vs ldns: the zone verifies, but its MX TTLs (3600000 s, 41 days)
	# exceed --ttl-max (604800 s): mx-ttl-high warnings.  The apex
	# root-servers.net. has neither MX nor address: no-mail-route.
	run "ldns A.5.The-ROOT-SERVERS.NET-Zone" "$DATA" lint ldns__A.5.The-ROOT-SERVERS.NET-Zone
	expect_rc 2
	expect_exact <<'EOF'
ldns__A.5.The-ROOT-SERVERS.NET-Zone:1: error: root-servers.net. has no MX, no null MX and no A/AAAA: mail to it bounces [no-mail-route]
ldns__A.5.The-ROOT-SERVERS.NET-Zone:18: info: exchange mail.isi.edu. lies outside every loaded zone and was not resolved [mx-target-out-of-zone]
ldns__A.5.The-ROOT-SERVERS.NET-Zone:18: warning: the MX TTL of b.root-servers.net. is 3600000 s, above 604800 s: a change takes that long to reach senders [mx-ttl-high]
ldns__A.5.The-ROOT-SERVERS.NET-Zone:33: info: exchange mx.i.root-servers.org. lies outside every loaded zone and was not resolved [mx-target-out-of-zone]
ldns__A.5.The-ROOT-SERVERS.NET-Zone:33: warning: the MX TTL of i.root-servers.net. is 3600000 s, above 604800 s: a change takes that long to reach senders [mx-ttl-high]
EOF
}

# -------------------------------------------------------------------- nsd

peer_nsd() {
	# Agrees with NSD: "MX 20 mx15" twice is one record (25 MX, no
	# mx-duplicate-target), and the duplicated mx20 A/AAAA lines (88-89)
	# collapse into those of lines 85-86.
	# SPEC vs NSD: every exchange resolves only to 127.0.0.1 and
	# ::ffff:127.0.0.1 (loopback, IPv4-mapped loopback): one
	# mx-target-private-address per address record, no usable host, and all
	# 25 exchanges share the two addresses (mx-shared-address, named by the
	# first two exchanges in try order).
	run "nsd bug013_truncate.zone" "$DATA" lint nsd__bug013_truncate.zone
	expect_rc 2
	local pats i line a
	pats='nsd__bug013_truncate.zone:17: error: none of the 25 exchanges of miek.nl. is usable: mail to it bounces [no-usable-mx]
nsd__bug013_truncate.zone:26: warning: exchanges mx1.miek.nl. and mx10.miek.nl. share the address 127.0.0.1: the redundancy is only apparent [mx-shared-address]
nsd__bug013_truncate.zone:26: warning: exchanges mx1.miek.nl. and mx10.miek.nl. share the address ::ffff:127.0.0.1: the redundancy is only apparent [mx-shared-address]'
	# mxN's A is on line L, its AAAA on L+1.
	i=1
	for line in 44 46 48 50 52 55 57 59 61 63 66 68 70 72 74 77 79 81 83 85 \
	    90 92 94 96 98; do
		a="exchange mx$i.miek.nl. has the address"
		pats="$pats
nsd__bug013_truncate.zone:$line: error: $a 127.0.0.1, which is not globally routable: senders on the Internet cannot reach it [mx-target-private-address]
nsd__bug013_truncate.zone:$((line + 1)): error: $a ::ffff:127.0.0.1, which is not globally routable: senders on the Internet cannot reach it [mx-target-private-address]"
		i=$((i + 1))
	done
	# One assertion for the 53 lines rather than 53.
	local got missing=
	got=$(findings)
	while IFS= read -r line; do
		printf '%s\n' "$got" | grep -Fxq -- "$line" ||
		    missing="$missing$line
"
	done <<<"$pats"
	if [ -z "$missing" ]; then
		ok "$LABEL: the 53 expected lines (no-usable-mx, 2 mx-shared-address, 50 mx-target-private-address)"
	else
		fail "$LABEL: the 53 expected lines" "missing:
$missing"
	fi
	if [ "$(printf '%s\n' "$got" | grep -c .)" -eq 53 ]; then
		ok "$LABEL: exactly 53 finding lines"
	else
		fail "$LABEL: exactly 53 finding lines, got $(printf '%s\n' "$got" | grep -c .)" \
		    "$(printf '%s\n' "$got" | grep -Fxv -- "$pats")"
	fi
	expect_count 0 mx-duplicate-target

	# The delivery path has the same 25 MX as NSD's full answer
	# (known_good_respons_full_answer).
	run "nsd bug013 --zone miek.nl --short" "$DATA" \
	    --short --zone nsd__bug013_truncate.zone miek.nl
	expect_rc 2
	local want
	want=$(awk '$4 == "MX" { print $5, tolower($6) }' \
	    "$DATA/nsd__bug013_truncate.known_good_respons_full_answer" | sort)
	got=$(printf '%s\n' "$OUT" | awk 'NF { print $1, tolower($2) }' | sort)
	if [ "$(printf '%s\n' "$want" | grep -c .)" -eq 25 ] && [ "$got" = "$want" ]; then
		ok "$LABEL: the 25 MX hosts of NSD's known-good full answer"
	else
		fail "$LABEL: the 25 MX hosts of NSD's known-good full answer" \
		    "$(diff <(printf '%s\n' "$want") <(printf '%s\n' "$got"))"
	fi
}

# ------------------------------------------------------------------- pdns

peer_pdns() {
	# SPEC vs PowerDNS: PowerDNS serves "MX 10 ." beside "MX 15
	# smtp-servers" without complaint (regression test root-mx); SPEC
	# (RFC 7505 sec. 3) makes it null-mx-mixed and null-mx-preference.
	# smtp-servers.test.com. has no records in this zone: nxdomain.
	# Line 36 is a single TXT string longer than 255 octets, which cannot
	# be encoded (BIND and ldns reject it; PowerDNS loads it): zone-syntax.
	# lint and --zone: two entry points, one answer
	local want
	want=$(cat <<'EOF'
pdns__test.com:12: error: test.com. has a null MX beside 1 other MX records: Postfix bounces all mail for it, other MTAs may deliver [null-mx-mixed]
pdns__test.com:12: warning: the null MX of test.com. has preference 10, not 0 [null-mx-preference]
pdns__test.com:13: error: exchange smtp-servers.test.com. does not exist: senders cannot deliver to it [mx-target-nxdomain]
pdns__test.com:13: error: none of the 1 exchanges of test.com. is usable: mail to it bounces [no-usable-mx]
pdns__test.com:36: error: * [zone-syntax]
EOF
)
	run "pdns test.com" "$DATA" lint pdns__test.com
	expect_rc 2
	expect_exact <<<"$want"
	run "pdns test.com --zone test.com" "$DATA" --format gcc --zone pdns__test.com test.com
	expect_rc 2
	expect_exact <<<"$want"

	# SPEC vs PowerDNS: "mail MX 25 smtp1" + "smtp1 CNAME outpost" is served
	# as-is (mx-to-cname: "a nameserver should not fall over"); SPEC makes
	# it mx-target-cname.  All in-zone addresses are RFC 1918 (192.168.x):
	# the many private-address lines (one per A record of smtp-servers,
	# outpost, toomuchinfo-a/-b) are counted, not listed.  The three
	# zone-syntax lines (ALIAS, an SVCB with draft keys, WALLET) are not
	# MX data and not frozen.  The out-of-zone backup smtp-servers.test.com.
	# is unknown, not unusable: no no-usable-mx for example.com.
	# SPEC vs PowerDNS: "*.mixed-wc A" beside "*.mixed-wc CNAME" (lines
	# 85-86, "CNAME on wildcard mixed with another type") is served; SPEC
	# makes it cname-and-other-data, as BIND, NSD and Knot refuse it.
	run "pdns example.com" "$DATA" lint pdns__example.com
	expect_rc 2
	local OUT_ALL=$OUT
	OUT=$(findings | grep -v -e ' \[mx-target-private-address\]$' -e ' \[zone-syntax\]$')
	expect_exact <<'EOF'
pdns__example.com:13: warning: the MX TTL of example.com. is 120 s, below 300 s: every sender asks again that often [mx-ttl-low]
pdns__example.com:14: info: exchange smtp-servers.test.com. lies outside every loaded zone and was not resolved [mx-target-out-of-zone]
pdns__example.com:86: error: *.mixed-wc.example.com. has a CNAME beside other records (line 85): a CNAME must be the only record of its name (RFC 1034 §3.6.2, RFC 2181 §10.1); named-checkzone, nsd-checkzone and kzonecheck refuse the zone [cname-and-other-data]
pdns__example.com:88: error: exchange smtp1.example.com. is an alias of outpost.example.com.: Postfix follows it, other MTAs refuse to deliver [mx-target-cname]
pdns__example.com:88: error: none of the 1 exchanges of mail.example.com. is usable: mail to it bounces [no-usable-mx]
pdns__example.com:88: warning: the MX TTL of mail.example.com. is 120 s, below 300 s: every sender asks again that often [mx-ttl-low]
pdns__example.com:91: info: exchange server1.test.com. lies outside every loaded zone and was not resolved [mx-target-out-of-zone]
pdns__example.com:91: warning: the MX TTL of external-mail.example.com. is 120 s, below 300 s: every sender asks again that often [mx-ttl-low]
pdns__example.com:107: error: none of the 2 exchanges of together-too-much.example.com. is usable: mail to it bounces [no-usable-mx]
pdns__example.com:107: warning: the MX TTL of together-too-much.example.com. is 120 s, below 300 s: every sender asks again that often [mx-ttl-low]
EOF
	OUT=$OUT_ALL
	# 3 (smtp-servers) + 1 (outpost) + 25 (toomuchinfo-a) + 50 (-b).
	expect_count 79 mx-target-private-address
}

# ------------------------------------------------------------- zonemaster

peer_zonemaster() {
	# SPEC vs Zonemaster: Z09_TLD_EMAIL_DOMAIN (WARNING) and
	# Z09_ROOT_EMAIL_DOMAIN (NOTICE) have no counterpart in SPEC's
	# catalogue: a non-null MX at a TLD or at the root is not reported as
	# such.  What mxdig reports is that mail. resolves only to 127.3.0.25
	# (loopback, Zonemaster's test network): mx-target-private-address,
	# hence no-usable-mx.
	run "zonemaster tld-email-domain-zone09" "$DATA" lint zonemaster__tld-email-domain-zone09
	expect_rc 2
	expect_exact <<'EOF'
zonemaster__tld-email-domain-zone09:13: error: none of the 1 exchanges of tld-email-domain-zone09. is usable: mail to it bounces [no-usable-mx]
zonemaster__tld-email-domain-zone09:15: error: exchange mail.tld-email-domain-zone09. has the address 127.3.0.25, which is not globally routable: senders on the Internet cannot reach it [mx-target-private-address]
EOF
	run "zonemaster root-email-domain" "$DATA" lint zonemaster__root-email-domain
	expect_rc 2
	expect_exact <<'EOF'
zonemaster__root-email-domain:13: error: none of the 1 exchanges of . is usable: mail to it bounces [no-usable-mx]
zonemaster__root-email-domain:15: error: exchange mail. has the address 127.3.0.25, which is not globally routable: senders on the Internet cannot reach it [mx-target-private-address]
EOF

	# ZONE09 scenarios: COMMON.zone09.xa plus the apex MX RRset that
	# zone09.cfg injects for each scenario (appended here as lines 27-28).
	local common=$DATA/zonemaster__COMMON.zone09.xa s
	# NO-MX-SLD -> Z09_MISSING_MAIL_TARGET (NOTICE).  SPEC: no MX, no null
	# MX and no A/AAAA at the apex is no-mail-route (error).  lint checks
	# every zone apex as a mail domain, as --zone does, and both point at
	# the apex's SOA (line 8).
	local nomx
	nomx='zonemaster__COMMON.zone09.xa:8: error: no-mx-sld.zone09.xa. has no MX, no null MX and no A/AAAA: mail to it bounces [no-mail-route]'
	run "zonemaster NO-MX-SLD lint" "$DATA" lint zonemaster__COMMON.zone09.xa:no-mx-sld.zone09.xa
	expect_rc 2
	expect_exact <<<"$nomx"
	run "zonemaster NO-MX-SLD --zone" "$DATA" --format gcc \
	    --zone zonemaster__COMMON.zone09.xa:no-mx-sld.zone09.xa no-mx-sld.zone09.xa
	expect_rc 2
	expect_exact <<<"$nomx"

	# NULL-MX -> no tag.  SPEC: null-mx (info), exit 0.
	s=null-mx.zone09.xa
	{ cat "$common"; echo '@ 600 MX 0 .'; } >"$TMP/$s"
	run "zonemaster NULL-MX" "$TMP" lint "$s:$s"
	expect_rc 0
	expect_exact <<'EOF'
null-mx.zone09.xa:27: info: null-mx.zone09.xa. publishes a null MX: it accepts no mail and senders bounce at once [null-mx]
EOF

	# NULL-MX-NON-ZERO-PREF -> Z09_NULL_MX_NON_ZERO_PREF.  SPEC:
	# null-mx-preference (warning).
	s=null-mx-non-zero-pref.zone09.xa
	{ cat "$common"; echo '@ 600 MX 99 .'; } >"$TMP/$s"
	run "zonemaster NULL-MX-NON-ZERO-PREF" "$TMP" lint "$s:$s"
	expect_rc 1
	expect_exact <<'EOF'
null-mx-non-zero-pref.zone09.xa:27: info: null-mx-non-zero-pref.zone09.xa. publishes a null MX: it accepts no mail and senders bounce at once [null-mx]
null-mx-non-zero-pref.zone09.xa:27: warning: the null MX of null-mx-non-zero-pref.zone09.xa. has preference 99, not 0 [null-mx-preference]
EOF

	# NULL-MX-WITH-OTHER-MX -> Z09_NULL_MX_WITH_OTHER_MX (WARNING).  SPEC:
	# null-mx-mixed is an error (Postfix bounces everything).  mail. is
	# loopback again.
	s=null-mx-with-other-mx.zone09.xa
	{ cat "$common"; echo '@ 600 MX 10 mail'; echo '@ 600 MX 0 .'; } >"$TMP/$s"
	run "zonemaster NULL-MX-WITH-OTHER-MX" "$TMP" lint "$s:$s"
	expect_rc 2
	expect_exact <<'EOF'
null-mx-with-other-mx.zone09.xa:23: error: exchange mail.null-mx-with-other-mx.zone09.xa. has the address 127.3.0.25, which is not globally routable: senders on the Internet cannot reach it [mx-target-private-address]
null-mx-with-other-mx.zone09.xa:27: error: none of the 1 exchanges of null-mx-with-other-mx.zone09.xa. is usable: mail to it bounces [no-usable-mx]
null-mx-with-other-mx.zone09.xa:28: error: null-mx-with-other-mx.zone09.xa. has a null MX beside 1 other MX records: Postfix bounces all mail for it, other MTAs may deliver [null-mx-mixed]
EOF
}

# ------------------------------------------------------------- dnscontrol

peer_dnscontrol() {
	# Agrees with dnscontrol (no MX error): the Google Workspace MX set is
	# out of zone, info only.
	run "dnscontrol simple.com.zone" "$DATA" lint dnscontrol__simple.com.zone
	expect_rc 0
	expect_exact <<'EOF'
dnscontrol__simple.com.zone:8: info: exchange aspmx.l.google.com. lies outside every loaded zone and was not resolved [mx-target-out-of-zone]
dnscontrol__simple.com.zone:9: info: exchange alt1.aspmx.l.google.com. lies outside every loaded zone and was not resolved [mx-target-out-of-zone]
dnscontrol__simple.com.zone:10: info: exchange alt2.aspmx.l.google.com. lies outside every loaded zone and was not resolved [mx-target-out-of-zone]
dnscontrol__simple.com.zone:11: info: exchange alt3.aspmx.l.google.com. lies outside every loaded zone and was not resolved [mx-target-out-of-zone]
dnscontrol__simple.com.zone:12: info: exchange alt4.aspmx.l.google.com. lies outside every loaded zone and was not resolved [mx-target-out-of-zone]
EOF

	# SPEC vs dnscontrol: the MX structure is fine (dnscontrol only
	# round-trips it), but mx. has only documentation addresses
	# (192.0.2.25, 2001:db8::/32), which SPEC lists as not globally
	# routable: one mx-target-private-address per address, and no usable
	# host for the four owners whose MX is "10 mx".  realhost's "MX 0 ." is
	# a proper null MX.  The --ignore run shows the peer's verdict.
	run "dnscontrol example.org.zone" "$DATA" lint dnscontrol__example.org.zone
	expect_rc 2
	expect_exact <<'EOF'
dnscontrol__example.org.zone:54: error: none of the 1 exchanges of example.org. is usable: mail to it bounces [no-usable-mx]
dnscontrol__example.org.zone:761: error: exchange mx.example.org. has the address 192.0.2.25, which is not globally routable: senders on the Internet cannot reach it [mx-target-private-address]
dnscontrol__example.org.zone:762: error: exchange mx.example.org. has the address 2001:db8::48:4558:736d:7470, which is not globally routable: senders on the Internet cannot reach it [mx-target-private-address]
dnscontrol__example.org.zone:873: error: none of the 1 exchanges of gladys.example.org. is usable: mail to it bounces [no-usable-mx]
dnscontrol__example.org.zone:883: error: none of the 1 exchanges of fred.example.org. is usable: mail to it bounces [no-usable-mx]
dnscontrol__example.org.zone:1060: error: none of the 1 exchanges of mailtest.example.org. is usable: mail to it bounces [no-usable-mx]
dnscontrol__example.org.zone:1115: info: realhost.example.org. publishes a null MX: it accepts no mail and senders bounce at once [null-mx]
EOF
	run "dnscontrol example.org.zone --ignore address checks" "$DATA" lint \
	    --ignore mx-target-private-address,no-usable-mx dnscontrol__example.org.zone
	expect_rc 0
	expect_exact <<'EOF'
dnscontrol__example.org.zone:1115: info: realhost.example.org. publishes a null MX: it accepts no mail and senders bounce at once [null-mx]
EOF
}

# ------------------------------------------------------------------- exim

peer_exim() {
	# db.test.ex is the source of Exim's fake resolver, not a loadable zone
	# (placeholders V4NET, HOSTIPV4, ...: eximtesthost and the ten-N hosts
	# have no parseable address), so only robustness and the MX shapes that
	# do not depend on the placeholders are asserted; the totals are not
	# frozen.
	run "exim db.test.ex" "$DATA" lint exim__db.test.ex:test.ex
	expect_rc 2
	# SPEC vs Exim: mxt4 (MX -> CNAME) is followed by Exim without
	# complaint; SPEC: mx-target-cname.
	expect_count 1 mx-target-cname
	if findings | grep -q '^exim__db\.test\.ex:274: error: exchange alias-eximtesthost\.test\.ex\. is an alias of eximtesthost\.test\.ex\.: .* \[mx-target-cname\]$'; then
		ok "$LABEL: mxt4 (line 274) -> [mx-target-cname]"
	else
		fail "$LABEL: mxt4 (line 274) -> [mx-target-cname]" "$(findings | grep ':274:')"
	fi
	# mxt9/9a/9b list ten-1 twice at different preferences, mxt11 lists
	# localhost twice: mx-duplicate-target (Exim tries each host once).
	expect_exact_dups() {
		local OUT_ALL=$OUT LABEL_ALL=$LABEL
		OUT=$(findings | grep ' \[mx-duplicate-target\]$')
		LABEL="$LABEL [mx-duplicate-target]"
		expect_exact <<'EOF'
exim__db.test.ex:302: warning: exchange ten-1.test.ex. is listed at preference 5 and again at 8: senders try it once [mx-duplicate-target]
exim__db.test.ex:307: warning: exchange ten-1.test.ex. is listed at preference 8 and again at 5: senders try it once [mx-duplicate-target]
exim__db.test.ex:311: warning: exchange ten-1.test.ex. is listed at preference 8 and again at 5: senders try it once [mx-duplicate-target]
exim__db.test.ex:321: warning: exchange localhost.test.ex. is listed at preference 5 and again at 6: senders try it once [mx-duplicate-target]
EOF
		OUT=$OUT_ALL
		LABEL=$LABEL_ALL
	}
	expect_exact_dups
	# mxt2: the only exchange does not exist ("all relevant MX records
	# point to non-existent hosts").
	if findings | grep -Fxq 'exim__db.test.ex:258: error: exchange not-exist.test.ex. does not exist: senders cannot deliver to it [mx-target-nxdomain]'; then
		ok "$LABEL: mxt2 (line 258) -> [mx-target-nxdomain]"
	else
		fail "$LABEL: mxt2 (line 258) -> [mx-target-nxdomain]" "$(findings | grep ':258:')"
	fi
}

# ------------------------------------------------------------------- main

check_catalogue
for p in "$@"; do
	case "$p" in
	all)
		peer_bind9; peer_knot; peer_validns; peer_ldns; peer_nsd
		peer_pdns; peer_zonemaster; peer_dnscontrol; peer_exim
		;;
	bind9 | knot | validns | ldns | nsd | pdns | zonemaster | dnscontrol | exim)
		"peer_$p"
		;;
	*)
		fail "known peer: $p"
		;;
	esac
done
finish

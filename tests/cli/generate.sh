#!/bin/bash
# generate.sh GEN_DUMP MXDIG TESTS -- $GENERATE (#14) against BIND's own
# reading: for every fixture in TESTS/zones/generate, the records that
# named-checkzone -D prints for it and not for the same file without its
# $GENERATE lines must be exactly those that generate.c makes (owner, TTL,
# class, type and data, every type), and the A, AAAA, MX and CNAME
# records mxdig's loader stores must be exactly named-checkzone's, with no
# zone-syntax.  Then directives that BIND refuses: mxdig refuses each, as
# zone-syntax at its line, with the reason.  Needs named-checkzone (Debian
# package bind9-utils): without it the test fails, saying so.
set -u
dump=$1 mxdig=$2 tests=$3
. "$tests/lib.sh"
test_begin named-checkzone

# One record a line, fields separated by one blank, sorted; BIND splits
# long TLSA data in words of 56 digits, ldns does not.
norm() {
	awk 'NF {
		$1 = $1
		if ($4 == "TLSA" && NF > 8) {
			for (i = 9; i <= NF; i++)
				$8 = $8 $i
			NF = 8
		}
		print
	}' | LC_ALL=C sort
}

for f in "$tests"/zones/generate/*.zone; do
	name=$(basename "$f" .zone)
	origin=$(sed -n 's/^\$ORIGIN //p' "$f" | head -1)
	named-checkzone -q "$origin" "$f" || { bad "$name: named-checkzone refuses the fixture"; continue; }
	named-checkzone -D -o - "$origin" "$f" 2>/dev/null | norm >"$work/bind"
	grep -v '^\$GENERATE' "$f" >"$work/base.zone"
	named-checkzone -D -o - "$origin" "$work/base.zone" 2>/dev/null |
	    norm >"$work/bind-base"
	LC_ALL=C comm -23 "$work/bind" "$work/bind-base" >"$work/bind-gen"
	"$dump" expand "$f" "$origin" 2>"$work/err" | norm >"$work/mine-gen"
	n=$(wc -l <"$work/bind-gen")
	if [ "$n" -gt 0 ] && [ ! -s "$work/err" ] &&
	    diff -u "$work/bind-gen" "$work/mine-gen"; then
		ok "$name: the $n generated records are BIND's"
	else
		cat "$work/err"
		bad "$name: generated records differ from BIND's"
	fi
	awk '$4 ~ /^(A|AAAA|MX|CNAME)$/' "$work/bind" >"$work/bind-kept"
	"$dump" store "$f" "$origin" 2>"$work/err" | norm >"$work/mine-kept"
	n=$(wc -l <"$work/bind-kept")
	if [ "$n" -gt 0 ] && [ ! -s "$work/err" ] &&
	    diff -u "$work/bind-kept" "$work/mine-kept"; then
		ok "$name: the $n A/AAAA/MX/CNAME records stored are BIND's"
	else
		cat "$work/err"
		bad "$name: stored records differ from BIND's"
	fi
	if "$mxdig" lint "$f:$origin" 2>&1 | grep -q 'zone-syntax'; then
		bad "$name: mxdig lint reports zone-syntax"
	else
		ok "$name: no zone-syntax"
	fi
done

# Directives BIND refuses, each the sixth line of a small zone: mxdig's
# zone-syntax there, with its reason (a fixed string of the message).
refused() {
	local d=$1 want=$2 out
	printf '$ORIGIN example.org.\n$TTL 300\n@ SOA ns hostmaster 1 3600 600 86400 300\n@ NS ns\nns A 198.51.100.1\n%s\n' "$d" >"$work/bad.zone"
	if named-checkzone -q example.org "$work/bad.zone"; then
		bad "named-checkzone takes $d"
		return
	fi
	out=$("$mxdig" lint "$work/bad.zone" 2>&1)
	if grep -F -- "bad.zone:6: error: $want" <<<"$out" | grep -q 'zone-syntax'; then
		ok "refused: $d"
	else
		printf '%s\n' "$out"
		bad "not refused as expected: $d"
	fi
}
refused '$GENERATE 2-1 a$ A 198.51.100.$' \
	'$GENERATE: range 2-1 starts after it stops'
refused '$GENERATE 1-4/0 a$ A 198.51.100.$' \
	'$GENERATE: range 1-4/0 has a step of 0'
refused '$GENERATE 1-2147483648 a$ A 198.51.100.$' \
	'$GENERATE: range 1-2147483648 is not start-stop or start-stop/step'
refused '$GENERATE -1-4 a$ A 198.51.100.$' \
	'$GENERATE: range -1-4 is not start-stop'
refused '$GENERATE 1-2 a${0,3,q} A 198.51.100.$' \
	'$GENERATE: modifier ${0,3,q}: the base is not one of d, o, x, X, n, N'
refused '$GENERATE 1-2 a${x} A 198.51.100.$' \
	'$GENERATE: modifier ${x}: the offset is not a number'
refused '$GENERATE 1-2 a${1 A 198.51.100.$' \
	'$GENERATE: modifier ${1 has no closing }'
refused '$GENERATE 1-2 a${0,128} A 198.51.100.$' \
	'$GENERATE: modifier ${0,128}: the width is not a number from 0 to 127'
refused '$GENERATE 0-1 a${2147483647} A 198.51.100.$' \
	'$GENERATE: ${2147483647} for $ = 1 is 2147483648, over 2147483647'
refused '$GENERATE 1-2 a$ FOO x' '$GENERATE: unknown type FOO'
refused '$GENERATE 1-2 a$ CH A 198.51.100.$' \
	"\$GENERATE: class CH is not the zone's, IN"
refused '$GENERATE 1-2 a$ A 198.51.100.$ extra' \
	'$GENERATE: text after the data: extra'
refused '$GENERATE 1-2 a$ A' '$GENERATE: takes a range, an owner'
refused '$GENERATE 1-2 a$ CNAME "x"y' \
	'$GENERATE: the data "x"y is quoted only in part'
refused '$GENERATE 1-2 "a$" A 198.51.100.$' \
	'$GENERATE: the owner "a$" is quoted'
refused '$GENERATE 250-260 a$ A 198.51.100.$' \
	'the record of $GENERATE 250-260 for $ = 256 (and the 4 after it): '

# BIND only warns of a record outside the zone, and leaves it out; mxdig
# says it as of any record (mxdig.1): the first one, once.
printf '$ORIGIN example.org.\n$TTL 300\n@ SOA ns hostmaster 1 3600 600 86400 300\n@ NS ns\nns A 198.51.100.1\n%s\n' \
    '$GENERATE 1-2 a$.example.net. A 198.51.100.$' >"$work/out.zone"
out=$("$mxdig" lint "$work/out.zone" 2>&1)
want="out.zone:6: error: the record of \$GENERATE 1-2 for \$ = 1 (and the 1 after it): a1.example.net. is outside the zone example.org.: the record is not loaded, as a server would refuse the zone [zone-syntax]"
# (the apex, a mail domain without MX or address, is the other line)
if [ "$(grep -c . <<<"$out")" -eq 2 ] && grep -qF -- "$want" <<<"$out" &&
    grep -qF 'out.zone:3: error: example.org. has no MX, no null MX and no A/AAAA' <<<"$out"; then
	ok "outside the zone: said once"
else
	printf '%s\n' "$out"
	bad "outside the zone"
fi

# The bound is of the load, every directive together: the second
# directive would take it past 1,000,000 and makes no record; the third
# fits again, and its MX is checked.  (One run: 600,000 records take
# seconds under ASan.)
printf '$ORIGIN example.org.\n$TTL 300\n@ SOA ns hostmaster 1 3600 600 86400 300\n@ NS ns\nns A 198.51.100.1\n%s\n%s\n%s\n' \
    '$GENERATE 0-599999 a$ TXT x' '$GENERATE 0-400000 b$ A 198.51.100.1' \
    '$GENERATE 1-1 c$ MX "10 nowhere.example."' >"$work/many.zone"
out=$("$mxdig" lint "$work/many.zone" 2>&1)
want="many.zone:7: error: \$GENERATE 0-400000 would make 400001 records, and one zone may generate at most 1000000 (600000 so far): the directive is not applied, as a server would refuse the zone [zone-syntax]"
if [ "$(grep -c . <<<"$out")" -eq 3 ] && grep -qF -- "$want" <<<"$out" &&
    grep -qF 'many.zone:3: error: example.org. has no MX, no null MX' <<<"$out" &&
    grep -qF 'many.zone:8: info: exchange nowhere.example. lies outside every loaded zone' <<<"$out"; then
	ok "the bound of a load"
else
	printf '%s\n' "$out"
	bad "the bound of a load"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

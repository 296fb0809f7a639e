#!/bin/bash
# store-thread.sh MXDIG SRCDIR -- a zone file of 64 KiB or more is read
# on one thread and stored by a second (lib/zone/pipe.c); standard input
# is read and stored on one.  The same bytes must give the same findings
# either way: a file of 400 blocks, each with every kind of diagnostic
# the loader makes (a refused record, a class other than the zone's, a
# TTL over 2^31-1, a TTL mismatch, a CNAME beside an MX, a second CNAME,
# a wildcard MX, a record outside the zone, an inline ignore list with
# an unknown name), records kept whole (TLSA, policy TXT), duplicates,
# $TTL, $ORIGIN, $GENERATE (whose records' diagnostics the reader reads
# back while the store thread waits) and an $INCLUDE every 50 blocks.
# Asserts identical gcc and JSON output and exit status of `lint FILE`
# and `lint - <FILE`, and the exact number of each finding the blocks
# make, so that a store thread that loses or reorders anything fails.
set -u
mxdig=$1
src=$2
. "$src/tests/lib.sh"
test_begin timeout
cd "$work" || exit 1

N=400
{
	printf '$ORIGIN pipe.example.\n$TTL 3600\n'
	printf '@\tSOA\tns hostmaster 2026120301 7200 3600 1209600 300\n'
	printf '@\tNS\tns\nns\tA\t192.0.2.53\n'
	for i in $(seq 1 $N); do
		o=$((i % 250 + 1))
		printf 'd%s\tMX\t10 mx%s\nd%s\tMX\t20 mx%s.d%s\n' $i $i $i $i $i
		printf 'mx%s\tA\t192.0.2.%s\nmx%s\t300 A\t198.51.100.%s\n' $i $o $i $o
		printf 'mx%s\tAAAA\t2001:db8::%x\n' $i $i
		printf 'c%s\tCNAME\tmx%s\nc%s\tMX\t10 mx%s\n' $i $i $i $i
		printf 'two%s\tCNAME\tmx%s\ntwo%s\tCNAME\td%s\n' $i $i $i $i
		printf '*.w%s\tMX\t10 mx%s\n' $i $i
		printf 'bad%s\tA\t999.1.1.%s\n' $i $o
		printf 'ch%s\tCH\tA\t192.0.2.1\n' $i
		printf 'big%s\t4294967295\tA\t192.0.2.2\n' $i
		printf 'ig%s\tMX\t10 nowhere%s.invalid. ; mxdig: ignore=nosuch-check\n' $i $i
		printf 'dup%s\tA\t192.0.2.3\ndup%s\tA\t192.0.2.3\n' $i $i
		printf '_mta-sts.d%s\tTXT\t"v=STSv1; id=%s"\n' $i $i
		printf '_25._tcp.mx%s\tTLSA\t3 1 1 %s\n' $i \
		    0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
		printf 'p%s\tTXT\t( "one"\n\t"two" )\n' $i
		printf 'out%s.elsewhere.\tA\t192.0.2.4\n' $i
		printf '$GENERATE 1-3 g%s-$ CNAME mx%s\n' $i $i
		printf '$GENERATE 1-2 gb%s-$ A 300.0.0.$\n' $i
		if [ $((i % 50)) -eq 0 ]; then
			printf '$INCLUDE inc.zone\n'
		fi
		if [ $((i % 97)) -eq 0 ]; then
			printf '$TTL %s\n$ORIGIN sub%s.pipe.example.\n' $((i * 10)) $i
			printf '@\tMX\t0 .\n$ORIGIN pipe.example.\n'
		fi
	done
} >big.zone
printf 'inc-host\tA\t192.0.2.9\ninc-bad\tMX\tnot-a-number x\n' >inc.zone
size=$(stat -c %s big.zone)
if [ "$size" -ge 65536 ]; then
	ok "the zone has $size bytes, above the store thread's 64 KiB"
else
	bad "the zone has $size bytes, under 64 KiB: the store thread is not tested"
fi

for f in gcc json; do
	timeout 60 "$mxdig" lint --format $f big.zone >file.$f 2>file.$f.err
	file_rc=$?
	timeout 60 "$mxdig" lint --format $f - <big.zone >stdin.$f 2>stdin.$f.err
	stdin_rc=$?
	sed -i -e 's/"elapsed_ms": *[0-9.e+-]*//' -e 's/^big\.zone:/(stdin):/' \
	    -e 's/"big\.zone"/"(stdin)"/g' file.$f file.$f.err
	sed -i 's/"elapsed_ms": *[0-9.e+-]*//' stdin.$f stdin.$f.err
	if [ $file_rc -ne 2 ]; then
		bad "lint --format $f big.zone: exit $file_rc, want 2 (errors found)"
		head -5 file.$f.err
	elif [ $file_rc -ne $stdin_rc ]; then
		bad "lint --format $f: exit $file_rc from the file, $stdin_rc from standard input"
	elif ! cmp -s file.$f stdin.$f || ! cmp -s file.$f.err stdin.$f.err; then
		bad "lint --format $f: the file and standard input give different output:"
		diff file.$f stdin.$f | head -10
		diff file.$f.err stdin.$f.err | head -10
	else
		ok "lint --format $f: the same $(wc -l <file.$f) lines and exit $file_rc from the file and from standard input"
	fi
done

# count CHECK WANT: findings of CHECK in the file's gcc output
count() {
	local got
	got=$(grep -c " \[$1\]\$" file.gcc)
	if [ "$got" -eq "$2" ]; then
		ok "$1: $got findings"
	else
		bad "$1: $got findings, want $2"
	fi
}
count cname-and-other-data $N
count mx-wildcard $N
count ttl-mismatch $N
# each block: the A of 999, class CH, the TTL, the second CNAME, the
# owner outside the zone, the unknown ignore name, the $GENERATE of
# 300.0.0.$; and the included file's MX once (its line, 8 times)
count zone-syntax $((N * 7 + 1))
# mx<i>.d<i>, relative: no such name; nowhere<i>.invalid.
count mx-target-nxdomain $N
count mx-target-out-of-zone $N
# sub97, sub194, sub291, sub388
count null-mx 4
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

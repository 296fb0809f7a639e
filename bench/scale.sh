#!/bin/bash
# scale.sh [MXDIG] -- does the cost grow linearly with the input?  A
# benchmark, not a test (issue 11).  Generates its inputs in a temporary
# folder and prints a markdown table of wall time and peak RSS (GNU time,
# one run each) for:
#   lint MX        mxdig lint on N MX records at one owner (N exchanges,
#                  one A record each)
#   --zone MX      mxdig --zone Z big.test. on the same file
#   diff           mxdig diff of two zones of N owners (bench/gen-zone
#                  customer domains; one in 100 preferences changed)
#   includes       a chain of distinct files, each including the next
#                  twice: the loader's bound on the files of one load
#                  decides the row
# The ratio column is each row's time over the row above it of the same
# kind: linear growth shows as the ratio of the sizes (10 for 10x).
# SIZES (default "10000 100000") and DIFF_SIZES (default "10000 100000")
# choose the sizes; add 1000000 to SIZES for the million-record row.
set -u
here=$(cd "$(dirname "$0")" && pwd)
mxdig=${1:-$here/../build/cli/mxdig}
SIZES=${SIZES:-"10000 100000"}
DIFF_SIZES=${DIFF_SIZES:-"10000 100000"}
INCLUDE_DEPTH=${INCLUDE_DEPTH:-12}

. "$here/lib.sh"
need scale.sh "python3" python3 awk

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# gen_mx N FILE: N MX records at big.test., N exchanges with an address
gen_mx() {
	awk -v n="$1" 'BEGIN {
		print "$ORIGIN big.test."
		print "$TTL 3600"
		print "@ SOA ns hostmaster 1 3600 600 86400 300"
		print "@ NS ns"
		print "ns A 11.0.0.1"
		for (i = 1; i <= n; i++)
			printf "@ MX %d mx%d\n", i % 100, i
		for (i = 1; i <= n; i++)
			printf "mx%d A 12.%d.%d.%d\n", i, int(i / 65536) % 256,
			    int(i / 256) % 256, i % 256
	}' >"$2"
}

# measure KIND SIZE COMMAND...: one table row; the previous time of the
# same kind gives the ratio
declare -A last
measure() {
	local kind=$1 size=$2 t rss ratio
	shift 2
	/usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null 2>"$work/err"
	# GNU time says "Command exited with non-zero status" first
	read -r t rss < <(tail -1 "$work/time")
	ratio=-
	if [ -n "${last[$kind]:-}" ]; then
		ratio=$(awk -v a="$t" -v b="${last[$kind]}" 'BEGIN {
			if (b > 0) printf "%.1f", a / b; else printf "-" }')
	fi
	last[$kind]=$t
	printf '| %-10s | %9s | %8.2f | %9.1f | %5s |\n' "$kind" "$size" "$t" \
	    "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" "$ratio"
}

echo "| input      |      size |   wall s | peak MB   | ratio |"
echo "|------------|-----------|----------|-----------|-------|"
for n in $SIZES; do
	gen_mx "$n" "$work/mx$n.zone"
	measure "lint MX" "$n" "$mxdig" lint "$work/mx$n.zone"
done
for n in $SIZES; do
	measure "--zone MX" "$n" "$mxdig" --zone "$work/mx$n.zone" big.test.
done
for n in $SIZES; do rm -f "$work/mx$n.zone"; done
for n in $DIFF_SIZES; do
	mkdir -p "$work/d$n"
	"$here/gen-zone" "$n" "$work/d$n" >/dev/null
	awk '/^d[0-9]+ MX 20 / && (++k % 100 == 0) { sub(/MX 20/, "MX 25") }
	    { print }' "$work/d$n/bench.zone" >"$work/d$n/new.zone"
	measure "diff" "$n" "$mxdig" diff "$work/d$n/bench.zone" "$work/d$n/new.zone"
	rm -rf "$work/d$n"
done
# f0 includes f1 twice, f1 includes f2 twice, ...: 2^depth loads without
# a bound on the files of one load
for d in $((INCLUDE_DEPTH / 2)) "$INCLUDE_DEPTH"; do
	inc=$work/inc$d
	mkdir -p "$inc"
	for i in $(seq 0 "$d"); do
		{
			[ "$i" -eq 0 ] && printf '$ORIGIN inc.test.\n@ SOA ns h 1 3600 600 86400 300\n@ NS ns\nns A 11.0.0.1\n'
			printf 'h%d A 11.0.1.%d\n' "$i" $((i % 250 + 1))
			if [ "$i" -lt "$d" ]; then
				printf '$INCLUDE %s/f%d.zone\n' "$inc" $((i + 1))
				printf '$INCLUDE %s/f%d.zone\n' "$inc" $((i + 1))
			fi
		} >"$inc/f$i.zone"
	done
	measure "includes" "depth $d" timeout 120 "$mxdig" lint "$inc/f0.zone"
done
echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -r); one run each"

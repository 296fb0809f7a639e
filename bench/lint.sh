#!/bin/bash
# lint.sh [MXDIG] -- `mxdig lint` on generated zones against the zone
# checkers people run in CI, in the same run, alternating.
#
# For each size in SIZES (default "10000 100000" customer domains, about 7
# records each) bench/gen-zone writes the zone; then, RUNS times (default
# 5), in turn:
#   mxdig            mxdig lint --format gcc bench.zone
#   named-checkzone  named-checkzone -i local bench.test bench.zone
#   kzonecheck       kzonecheck -o bench.test bench.zone
#   validns          validns -z bench.test bench.zone
#   ldns-read        bench/ldns-read.c: ldns alone reading the file record
#                    by record and keeping nothing (the floor for a checker
#                    built on ldns)
# and prints the median wall time, records per second, each peer's time as
# a multiple of mxdig's, and the peak RSS (GNU time).  Needs bind9-utils,
# knot-dnssecutils, validns, libldns-dev, a C compiler and GNU time.
set -u
here=$(cd "$(dirname "$0")" && pwd)
mxdig=${1:-$here/../build/cli/mxdig}
SIZES=${SIZES:-"10000 100000"}
RUNS=${RUNS:-5}

. "$here/lib.sh"
need lint.sh "bind9-utils knot-dnssecutils validns libldns-dev build-essential pkg-config" \
    named-checkzone kzonecheck validns cc pkg-config

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck disable=SC2046
cc -O2 -o "$work/ldns-read" "$here/ldns-read.c" $(pkg-config --cflags --libs ldns) ||
    { echo "lint.sh: ldns-read.c does not build" >&2; exit 1; }

# run NAME DIR COMMAND...: appends "ms rss_kb" to DIR/NAME.times
run() {
	local name=$1 dir=$2 t0 t1
	shift 2
	t0=$(now_ms)
	/usr/bin/time -f %M -o "$dir/rss" "$@" >"$dir/$name.out" 2>&1
	t1=$(now_ms)
	echo "$((t1 - t0)) $(tail -1 "$dir/rss")" >>"$dir/$name.times"
}

tools="mxdig named-checkzone kzonecheck validns ldns-read"
printf '%-8s %-16s %9s %12s %13s %10s\n' domains tool "median s" "records/s" "x mxdig time" "peak RSS"
for n in $SIZES; do
	dir=$work/$n
	mkdir -p "$dir"
	"$here/gen-zone" "$n" "$dir"
	z=$dir/bench.zone
	nrec=$(grep -vc '^\$' "$z")
	for r in $(seq 1 "$RUNS"); do
		run mxdig "$dir" "$mxdig" lint --format gcc "$z"
		run named-checkzone "$dir" named-checkzone -i local bench.test "$z"
		run kzonecheck "$dir" kzonecheck -o bench.test "$z"
		run validns "$dir" validns -z bench.test "$z"
		run ldns-read "$dir" "$work/ldns-read" "$z" bench.test.
	done
	# every checker must have read the whole zone
	grep -q "^$nrec records, 0 errors" "$dir/ldns-read.out" ||
	    echo "lint.sh: ldns-read: $(head -1 "$dir/ldns-read.out"), expected $nrec records" >&2
	grep -q "OK" "$dir/named-checkzone.out" ||
	    echo "lint.sh: named-checkzone: $(tail -1 "$dir/named-checkzone.out")" >&2
	mx_ms=$(cut -d' ' -f1 "$dir/mxdig.times" | median)
	for tool in $tools; do
		ms=$(cut -d' ' -f1 "$dir/$tool.times" | median)
		rss=$(cut -d' ' -f2 "$dir/$tool.times" | sort -n | tail -1)
		awk -v n="$n" -v t="$tool" -v ms="$ms" -v mx="$mx_ms" -v rss="$rss" -v nr="$nrec" 'BEGIN {
			printf "%-8d %-16s %9.3f %12.0f %13s %8.1f MB\n", n, t, ms / 1000,
			    nr / (ms / 1000), t == "mxdig" ? "-" : sprintf("%.2f", ms / mx), rss / 1024 }'
	done
	echo "         ($nrec records; mxdig found $(grep -c ': error: ' "$dir/mxdig.out") errors, $(grep -c ': warning: ' "$dir/mxdig.out") warnings)"
done
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -r); runs: $RUNS"

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
# a multiple of mxdig's, and the peak RSS (GNU time).
#
# Then, unless SIGNED=0, the same zone signed with ldns-signzone (a ZSK and
# a KSK of algorithm ALG, default RSASHA256 with 2048-bit keys, what most
# signed zones use; signatures valid for 30 days), SIGNED_RUNS times
# (default 3: the peers verify every signature).  RSA signs slowly (about
# 5 minutes for 100,000 domains) but verifies 4 to 6 times faster than
# ECDSAP256SHA256 or ED25519 (openssl speed), and the checkers' time is
# mostly verification: ALG=ECDSAP256SHA256 shows the other case,
# with ldns-verify-zone too.  mxdig verifies the signatures on the mail
# paths (each RRset once, on one thread a core); kzonecheck, validns and
# ldns-verify-zone verify every signature; named-checkzone -i local
# verifies none.  Needs bind9-utils, knot-dnssecutils, validns, ldnsutils,
# libldns-dev, a C compiler and GNU time.
set -u
here=$(cd "$(dirname "$0")" && pwd)
mxdig=${1:-$here/../build/cli/mxdig}
SIZES=${SIZES:-"10000 100000"}
RUNS=${RUNS:-5}
SIGNED=${SIGNED:-1}
SIGNED_RUNS=${SIGNED_RUNS:-3}
ALG=${ALG:-RSASHA256}

. "$here/lib.sh"
need lint.sh "bind9-utils knot-dnssecutils validns ldnsutils libldns-dev build-essential pkg-config" \
    named-checkzone kzonecheck validns ldns-signzone ldns-verify-zone cc pkg-config

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

# table N LABEL FILE RECORDS TOOLS...: the rows of one zone file
table() {
	local n=$1 label=$2 dir=$3 nrec=$4 mx_ms ms rss tool
	shift 4
	mx_ms=$(cut -d' ' -f1 "$dir/mxdig.times" | median)
	for tool in "$@"; do
		ms=$(cut -d' ' -f1 "$dir/$tool.times" | median)
		rss=$(cut -d' ' -f2 "$dir/$tool.times" | sort -n | tail -1)
		awk -v n="$n$label" -v t="$tool" -v ms="$ms" -v mx="$mx_ms" -v rss="$rss" -v nr="$nrec" 'BEGIN {
			printf "%-8s %-16s %9.3f %12.0f %13s %8.1f MB\n", n, t, ms / 1000,
			    nr / (ms / 1000), t == "mxdig" ? "-" : sprintf("%.2f", ms / mx), rss / 1024 }'
	done
}

tools="mxdig named-checkzone kzonecheck validns ldns-read"
stools="mxdig named-checkzone kzonecheck validns ldns-verify-zone ldns-read"
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
	# shellcheck disable=SC2086
	table "$n" "" "$dir" "$nrec" $tools
	echo "         ($nrec records; mxdig found $(grep -c ': error: ' "$dir/mxdig.out") errors, $(grep -c ': warning: ' "$dir/mxdig.out") warnings)"
	[ "$SIGNED" = 0 ] && continue

	# the same zone signed; the keys and the signed file stay in sdir
	sdir=$dir/signed
	mkdir -p "$sdir"
	bits=
	case $ALG in RSA*) bits="-b 2048" ;; esac
	# shellcheck disable=SC2086
	(cd "$sdir" && zsk=$(ldns-keygen -a "$ALG" $bits bench.test) &&
	    ksk=$(ldns-keygen -k -a "$ALG" $bits bench.test) &&
	    ldns-signzone -o bench.test. -e "$(date -u -d '+30 days' +%Y%m%d%H%M%S)" \
	    -f "$sdir/bench.zone" "$z" "$zsk" "$ksk") ||
	    { echo "lint.sh: ldns-signzone failed" >&2; exit 1; }
	sz=$sdir/bench.zone
	snrec=$(grep -vc '^\$' "$sz")
	for r in $(seq 1 "$SIGNED_RUNS"); do
		run mxdig "$sdir" "$mxdig" lint --format gcc "$sz"
		run named-checkzone "$sdir" named-checkzone -i local bench.test "$sz"
		run kzonecheck "$sdir" kzonecheck -o bench.test "$sz"
		run validns "$sdir" validns -z bench.test "$sz"
		run ldns-verify-zone "$sdir" ldns-verify-zone "$sz"
		run ldns-read "$sdir" "$work/ldns-read" "$sz" bench.test.
	done
	grep -q "^$snrec records, 0 errors" "$sdir/ldns-read.out" ||
	    echo "lint.sh: ldns-read: $(head -1 "$sdir/ldns-read.out"), expected $snrec records" >&2
	# shellcheck disable=SC2086
	table "$n" "s" "$sdir" "$snrec" $stools
	echo "         (signed, $ALG: $snrec records; mxdig found $(grep -c ': error: ' "$sdir/mxdig.out") errors, $(grep -c '\[dnssec-signature-' "$sdir/mxdig.out") of them DNSSEC)"
done
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -r); runs: $RUNS, signed: $SIGNED_RUNS"

#!/bin/bash
# hostile-files.sh MXDIG SRCDIR -- files that are not what they should be
# (#11): a directory, a FIFO and /dev/zero as the zone file, --zone,
# --resolv-conf, -f and $INCLUDE targets; a file that includes itself five
# times; a file name with a newline and a byte that is not UTF-8.  Each
# used to hang (a FIFO blocked in open, /dev/zero was read forever), pass
# (a directory read as an empty zone) or cost k^10 loads; now each run is
# refused or reported at once.  Every run is under `timeout 10` and must
# end well within it; the exact message and exit status are asserted.
# No network: the --resolv-conf runs are refused before any query.
set -u
mxdig=$1
src=$2
. "$src/tests/lib.sh"
test_begin mkfifo timeout python3

mkdir "$work/dir"
mkfifo "$work/fifo"
cat >"$work/ok.zone" <<'EOF'
$ORIGIN ok.test.
@ SOA ns h 1 2 3 4 5
@ MX 10 mx
mx A 93.184.216.1
mx AAAA 2606:2800:220:1::1
EOF

# run NAME WANT_STATUS WANT_STDERR ARGS...: mxdig ARGS under timeout 10;
# its stderr must be WANT_STDERR exactly, its status WANT_STATUS, and it
# must end within 5 s.
run() {
	local name=$1 want_rc=$2 want_err=$3 rc t0 t1 err
	shift 3
	t0=$(date +%s%N)
	err=$(cd "$work" && timeout 10 "$mxdig" "$@" 2>&1 >/dev/null)
	rc=$?
	t1=$(date +%s%N)
	if [ "$rc" -ne "$want_rc" ]; then
		bad "$name: exit $rc, want $want_rc ($err)"
	elif [ "$err" != "$want_err" ]; then
		bad "$name: stderr '$err', want '$want_err'"
	elif [ $(((t1 - t0) / 1000000)) -gt 5000 ]; then
		bad "$name: took $(((t1 - t0) / 1000000)) ms"
	else
		ok "$name"
	fi
}

for f in dir fifo /dev/zero; do
	run "lint $f" 3 "mxdig: $f: not a regular file" lint "$f"
	run "--zone $f" 3 "mxdig: $f: not a regular file" --zone "$f" ok.test
	run "--resolv-conf $f" 3 "mxdig: $f: not a regular file" \
	    --resolv-conf "$f" --timeout 1 --tries 1 ok.test
done
for f in dir /dev/zero; do
	run "-f $f" 3 "mxdig: $f: not a regular file" --zone ok.zone -f "$f"
done

# -f may still be a FIFO (with a writer that comes later), a pipe or -
# (--short's lines start with the domain with -f)
(sleep 0.3; printf 'ok.test\n' >"$work/fifo") &
server_pids+=($!)
out=$(cd "$work" && timeout 10 "$mxdig" --zone ok.zone --short -f fifo 2>&1)
[ "$out" = "ok.test. 10 mx.ok.test. 93.184.216.1 2606:2800:220:1::1" ] &&
    ok "-f FIFO is read" || bad "-f FIFO: '$out'"
out=$(cd "$work" && printf 'ok.test\n' |
    timeout 10 "$mxdig" --zone ok.zone --short -f - 2>&1)
[ "$out" = "ok.test. 10 mx.ok.test. 93.184.216.1 2606:2800:220:1::1" ] &&
    ok "-f - is read" || bad "-f -: '$out'"
out=$(cd "$work" && timeout 10 "$mxdig" --zone ok.zone --short \
    -f <(printf 'ok.test\n') 2>&1)
[ "$out" = "ok.test. 10 mx.ok.test. 93.184.216.1 2606:2800:220:1::1" ] &&
    ok "-f <(pipe) is read" || bad "-f <(pipe): '$out'"

# a list line longer than any name is skipped whole (an endless one costs
# no memory), and the bytes of a bad line are quoted escaped: no escape
# sequence reaches the terminal
{ printf 'a\033[31m b\n'; head -c 5000 /dev/zero | tr '\0' x; printf '\nok.test\n'; } \
    >"$work/list"
out=$(cd "$work" && timeout 10 "$mxdig" --zone ok.zone --short -f list 2>&1)
rc=$?
want="mxdig: list:1: not a domain name: 'a\\027[31m b'; skipped
mxdig: list:2: line longer than 1100 octets; skipped
ok.test. 10 mx.ok.test. 93.184.216.1 2606:2800:220:1::1"
[ "$out" = "$want" ] && ok "-f: long line skipped, bad line escaped" ||
    bad "-f long/bad lines: '$out'"
[ "$rc" -eq 3 ] && ok "-f with bad lines: exit 3" || bad "-f bad lines: exit $rc"
"$mxdig" --zone "$work/ok.zone" -f - </dev/zero >/dev/null 2>&1 &
zpid=$!
server_pids+=($zpid)
sleep 0.5
rss0=$(awk '/^VmHWM/ { print $2 }' "/proc/$zpid/status" 2>/dev/null)
sleep 1
rss1=$(awk '/^VmHWM/ { print $2 }' "/proc/$zpid/status" 2>/dev/null)
kill "$zpid" 2>/dev/null
if [ -n "$rss0" ] && [ -n "$rss1" ] && [ $((rss1 - rss0)) -lt 2048 ]; then
	ok "-f - from /dev/zero: peak RSS $rss0 KB, then $rss1 KB"
else
	bad "-f - from /dev/zero: peak RSS '$rss0' KB, then '$rss1' KB"
fi

# $INCLUDE of each, and a file that includes itself five times (it used
# to take k^10 loads: four self-includes 20 s and 1.1 GB, five ran out of
# memory)
{
	cat "$work/ok.zone"
	printf '$INCLUDE dir\n$INCLUDE fifo\n$INCLUDE /dev/zero\n'
	printf '$INCLUDE self.inc\n'
} >"$work/inc.zone"
for i in 1 2 3 4 5; do printf '$INCLUDE self.inc\n'; done >"$work/self.inc"
sfx=': the file is not loaded, as a server would refuse the zone [zone-syntax]'
want="inc.zone:6: error: \$INCLUDE dir: not a regular file$sfx
inc.zone:7: error: \$INCLUDE fifo: not a regular file$sfx
inc.zone:8: error: \$INCLUDE /dev/zero: not a regular file$sfx"
for i in 1 2 3 4 5; do
	want="$want
self.inc:$i: error: \$INCLUDE self.inc: include loop (self.inc includes itself)$sfx"
done
t0=$(date +%s%N)
out=$(cd "$work" && timeout 10 "$mxdig" lint inc.zone 2>&1)
rc=$?
t1=$(date +%s%N)
[ "$rc" -eq 2 ] && [ "$out" = "$want" ] &&
    [ $(((t1 - t0) / 1000000)) -lt 5000 ] &&
    ok "\$INCLUDE: not regular files, a loop five times" ||
    bad "\$INCLUDE: exit $rc, $(((t1 - t0) / 1000000)) ms: $out"

# a file name with a newline and a byte that is not UTF-8: one line in
# gcc and text formats, valid JSON
weird=$(printf 'we\nird\377.zone')
printf '$ORIGIN w.test.\n@ SOA ns h 1 2 3 4 5\n$TTL bad\n' >"$work/$weird"
out=$(cd "$work" && timeout 10 "$mxdig" lint "$weird" 2>&1)
[ "$out" = "we\\010ird\\255.zone:2: error: w.test. has no MX, no null MX and no A/AAAA: mail to it bounces [no-mail-route]
we\\010ird\\255.zone:3: error: \$TTL: TTL bad is not a number of seconds or of BIND's units (1h30m): the directive is not applied, as a server would refuse the zone [zone-syntax]" ] &&
    ok "file name escaped in gcc output" || bad "gcc file name: '$out'"
(cd "$work" && timeout 10 "$mxdig" lint --format json "$weird") |
    python3 -c 'import json, sys
d = json.load(sys.stdin)
f = d[0]["zone_findings"][0]
assert f["file"] == "we\nird\\255.zone", f["file"]' 2>&1 &&
    ok "file name in valid JSON (newline as \\n, a non-UTF-8 byte as \\DDD)" || bad "JSON file name"
out=$(cd "$work" && timeout 10 "$mxdig" lint --format text "$weird" 2>&1 |
    grep -c 'we\\010ird\\255\.zone:3: ')
[ "$out" = 1 ] && ok "file name escaped in text output" ||
    bad "text file name: $out lines"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

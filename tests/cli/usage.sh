#!/bin/bash
# usage.sh MXDIG SRCDIR -- the command line itself: usage errors name the
# option and exit 3, files that cannot be read exit 3 with their name,
# the catalogue commands, -f lists with bad lines, colour rules.
set -u
mxdig=$1
src=$2
ex=$src/examples/example.zone
pass=0
fail=0
out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

# expect NAME STATUS STDERR-SUBSTRING STDOUT-SUBSTRING -- ARGS...
expect() {
	local name=$1 status=$2 want_err=$3 want_out=$4
	shift 5
	NO_COLOR= timeout 20 "$mxdig" "$@" >"$out" 2>"$err" </dev/null
	local rc=$?
	if [ "$rc" -ne "$status" ]; then
		echo "FAIL $name: exit $rc, expected $status"; sed 's/^/  /' "$err"
		fail=$((fail + 1)); return
	fi
	if [ -n "$want_err" ] && ! grep -qF -- "$want_err" "$err"; then
		echo "FAIL $name: stderr lacks '$want_err':"; sed 's/^/  /' "$err"
		fail=$((fail + 1)); return
	fi
	if [ -n "$want_out" ] && ! grep -qF -- "$want_out" "$out"; then
		echo "FAIL $name: stdout lacks '$want_out':"; head -5 "$out"
		fail=$((fail + 1)); return
	fi
	echo "ok   $name"
	pass=$((pass + 1))
}

expect no-args 3 "name a domain to check" "" --
expect unknown-option 3 "unknown option '--bogus'" "" -- --bogus x
expect no-prefix-match 3 "unknown option '--form'" "" -- --form json x
expect bad-format 3 "--format: 'xml' is not one of" "" -- --format xml x
expect bad-timeout 3 "--timeout: '0' is not a number of seconds" "" -- --timeout 0 x
expect bad-tries 3 "--tries: '11' is not a whole number from 1 to 10" "" -- --tries 11 x
expect bad-port 3 "-p: '70000' is not a whole number from 1 to 65535" "" -- -p 70000 x
expect bad-concurrency 3 "--concurrency: '-1'" "" -- --concurrency -1 x
expect bad-progress 3 "--progress: 'sometimes' is not one of always, never, auto" "" -- --progress sometimes x
expect bad-cache-size 3 "--cache-size: '-5' is not a whole number from 0 to 10000000" "" -- --cache-size -5 x
expect bad-threads 3 "--threads: '0' is not a whole number from 1 to 64" "" -- --threads 0 x
expect bad-ttl-order 3 "--ttl-min 900 is above --ttl-max 600" "" -- --ttl-min 900 --ttl-max 600 x
expect bad-ignore 3 "--ignore: no check named 'nope'" "" -- --ignore mx-no-ipv6,nope x
expect bad-color 3 "--color: 'sometimes'" "" -- --color sometimes x
expect four-and-six 3 "-4 and -6 exclude each other" "" -- -4 -6 x
expect short-json 3 "--short goes with the text format only" "" -- --short --format json x
expect lint-no-files 3 "lint: name at least one zone file" "" -- lint
expect diff-one-file 3 "diff: name exactly two zone files" "" -- diff a
expect help 0 "" "usage: mxdig [-46hV]" -- --help
expect version 0 "" "mxdig 0.1.0" -- --version
expect list-checks 0 "" "mx-target-cname            error" -- --list-checks
expect explain 0 "" "Fix:" -- --explain mx-target-cname
expect explain-unknown 3 "--explain: no check named 'nope'" "" -- --explain nope
expect missing-zone 3 "no-such.zone: No such file or directory" "" -- --zone no-such.zone example.com
expect missing-lint 3 "no-such.zone: No such file or directory" "" -- lint no-such.zone
expect no-origin 3 "no \$ORIGIN and no SOA" "" -- lint "$src/tests/zones/sub/hosts.inc"
expect origin-given 0 "" "" -- lint "$src/tests/zones/sub/hosts.inc:inc.example"
expect out-of-zone 3 "example.org.: outside every loaded zone" "" -- --zone "$ex" example.org
expect bad-domain 3 "'a..b' is not a domain name" "" -- --zone "$ex" a..b
expect server-family 3 "@::1: Address family" "" -- -4 @::1 example.com
expect fail-on-error 0 "" "implicit-mx" -- --fail-on error --format gcc --zone "$ex" www.example.com
expect fail-on-warning 1 "" "implicit-mx" -- --format gcc --zone "$ex" www.example.com
expect fail-on-never 0 "" "no-usable-mx" -- --fail-on never --format gcc --zone "$ex" legacy.example.com
expect no-color-on-pipe 0 "" "Status: ok" -- --zone "$ex" example.com
if grep -q $'\033' "$out"; then echo "FAIL colour on a pipe"; fail=$((fail+1)); else pass=$((pass+1)); echo "ok   no escape codes on a pipe"; fi
expect color-always 0 "" $'\033[32mok' -- --color always --zone "$ex" example.com

# -f: comments, blank lines, a bad line reported with its number
list=$(mktemp)
printf '# portfolio\n\nexample.com\nbad line here\n  office.example.com  # backup only\n' >"$list"
expect list-file 2 ":4: not a domain name: 'bad line here'" "office.example.com." -- -f "$list" --format gcc --zone "$ex"
printf 'example.com\n' | NO_COLOR= "$mxdig" -f - --format jsonl --zone "$ex" >"$out" 2>"$err"
rc=$?
if [ "$rc" -eq 0 ] && [ "$(wc -l <"$out")" -eq 1 ] && grep -q '"domain":"example.com."' "$out"; then
	echo "ok   list-stdin"; pass=$((pass + 1))
else
	echo "FAIL list-stdin: rc=$rc"; cat "$out" "$err"; fail=$((fail + 1))
fi
rm -f "$list"

# a full disk is not a silent success
if [ -w /dev/full ]; then
	"$mxdig" --zone "$ex" example.com >/dev/full 2>"$err"
	rc=$?
	if [ "$rc" -eq 3 ] && grep -q "error writing" "$err"; then
		echo "ok   full-disk"; pass=$((pass + 1))
	else
		echo "FAIL full-disk: rc=$rc"; fail=$((fail + 1))
	fi
fi

# binary garbage as a zone: findings, never a crash
junk=$(mktemp)
head -c 20000 /dev/urandom >"$junk"
timeout 20 "$mxdig" lint "$junk:junk.example" >"$out" 2>"$err"
rc=$?
if [ "$rc" -eq 2 ] && grep -q "\[zone-syntax\]" "$out"; then
	echo "ok   garbage-zone"; pass=$((pass + 1))
else
	echo "FAIL garbage-zone: rc=$rc"; head -3 "$err"; fail=$((fail + 1))
fi
rm -f "$junk"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

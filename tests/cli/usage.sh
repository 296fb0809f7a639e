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
expect bad-routable 3 "--routable: '10.0.0.0/33' is not an IPv4 or IPv6 prefix" "" -- --routable 10.0.0.0/33 x
expect bad-routable-name 3 "--routable: 'lan' is not an IPv4 or IPv6 prefix" "" -- --routable lan x
expect bad-progress 3 "--progress: 'sometimes' is not one of always, never, auto" "" -- --progress sometimes x
expect bad-cache-size 3 "--cache-size: '-5' is not a whole number from 0 to 10000000" "" -- --cache-size -5 x
expect bad-threads 3 "--threads: '0' is not a whole number from 1 to 64" "" -- --threads 0 x
# the DNSSEC layer's options (nothing is asked: the setup fails
# before any query)
expect bad-dnssec-via 3 "--dnssec-via: 'ad' is not one of unbound, resolver" "" -- --dnssec-via ad x
expect missing-trust-anchor 3 "trust anchor /nonexistent/root.key: " "" -- @127.0.0.1 --trust-anchor /nonexistent/root.key example.com
expect dir-trust-anchor 3 "trust anchor /: " "" -- @127.0.0.1 --trust-anchor / example.com
# numbers in full: no nan/inf, no exponent, no sign, no trailing junk, no
# overflow (2^64 wraps to 0 in a 64-bit strtoul), nothing empty
for v in nan inf 1e999 -0 5x "" 0x1p1 " 5" +5; do
	expect "timeout-[$v]" 3 "--timeout: '$v' is not a number of seconds from 0.1 to 300" "" -- --timeout "$v" x
	expect "deadline-[$v]" 3 "--deadline: '$v' is not a number of seconds from 0.1 to 86400" "" -- --deadline "$v" x
done
for v in nan inf 1e999 -0 5x "" 18446744073709551616 18446744073709551617 " 5" +5 0x10; do
	expect "tries-[$v]" 3 "--tries: '$v' is not a whole number from 1 to 10" "" -- --tries "$v" x
	expect "port-[$v]" 3 "-p: '$v' is not a whole number from 1 to 65535" "" -- -p "$v" x
	expect "concurrency-[$v]" 3 "--concurrency: '$v' is not a whole number from 1 to 10000" "" -- --concurrency "$v" x
	expect "cache-size-[$v]" 3 "--cache-size: '$v' is not a whole number from 0 to 10000000" "" -- --cache-size "$v" x
	expect "threads-[$v]" 3 "--threads: '$v' is not a whole number from 1 to 64" "" -- --threads "$v" x
	expect "ttl-min-[$v]" 3 "--ttl-min: '$v' is not a whole number from 0 to 2147483647" "" -- --ttl-min "$v" x
	expect "ttl-max-[$v]" 3 "--ttl-max: '$v' is not a whole number from 0 to 2147483647" "" -- --ttl-max "$v" x
done
expect ttl-max-2^31 3 "--ttl-max: '2147483648' is not a whole number from 0 to 2147483647" "" -- --ttl-max 2147483648 x
# --smtp's options: ranges named, an unreadable --ca-file exits 3
# before anything is sent
expect bad-smtp-timeout 3 "--smtp-timeout" "" -- --smtp --smtp-timeout 0 x
expect bad-smtp-concurrency 3 "--smtp-concurrency: '0' is not a whole number from 1 to 10000" "" -- --smtp --smtp-concurrency 0 x
expect bad-cert-days 3 "--cert-days: '-1' is not a whole number from 0 to 36500" "" -- --smtp --cert-days -1 x
expect bad-helo 3 "--helo: 'a b' is not a host name or an address literal" "" -- --smtp --helo "a b" x
expect unreadable-ca-file 3 "--ca-file /nonexistent/ca.pem: cannot be read, or holds no certificate" "" -- --smtp --ca-file /nonexistent/ca.pem x.invalid
expect ca-file-no-certificate 3 "--ca-file /dev/null: cannot be read, or holds no certificate" "" -- --smtp --ca-file /dev/null x.invalid
expect smtp-numbers-at-bounds 0 "" "usage: mxdig" -- --smtp --smtp-timeout 600 --smtp-concurrency 10000 --cert-days 36500 --helo probe.example --help
expect numbers-at-bounds 0 "" "usage: mxdig" -- --timeout 300 --deadline .1 --tries 10 -p 65535 --concurrency 10000 --cache-size 0 --threads 64 --ttl-min 2147483647 --ttl-max 2147483647 --help
expect seconds-forms 0 "" "usage: mxdig" -- --timeout 5. --deadline 0.5 --help
# a short option's argument is no option, whatever it looks like
expect port-takes-dashes 3 "-p: '--bogus' is not a whole number" "" -- -p --bogus x
expect missing-short-arg 3 "missing argument for -p" "" -- x -p
expect missing-long-arg 3 "missing argument for '--timeout'" "" -- x --timeout
expect no-arg-option 3 "'--live=1': the option takes no argument" "" -- --live=1 x
# argv bytes are escaped in messages: no escape sequence reaches stderr
expect escaped-format 3 "--format: '\\027[31m\\008' is not one of" "" -- --format $'\e[31m\b' x
expect escaped-unknown 3 "unknown option '--\\001'" "" -- $'--\001' x
if LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$err"; then
	echo "FAIL escaped-unknown: a control byte reached stderr"; fail=$((fail + 1))
fi
expect bad-ttl-order 3 "--ttl-min 900 is above --ttl-max 600" "" -- --ttl-min 900 --ttl-max 600 x
expect bad-ignore 3 "--ignore: no check named 'nope'" "" -- --ignore mx-no-ipv6,nope x
expect bad-color 3 "--color: 'sometimes'" "" -- --color sometimes x
expect four-and-six 3 "-4 and -6 exclude each other" "" -- -4 -6 x
expect short-json 3 "--short goes with the text format only" "" -- --short --format json x
# lint writes gcc lines by default: --short there was silently ignored
expect lint-short 3 "--short goes with the text format only (lint writes gcc lines unless --format text)" "" -- lint --short "$ex"
expect lint-short-text 0 "" "10 mx1.example.com. 93.184.216.25 2606:2800:220:1::25" -- lint --short --format text --fail-on never "$ex"
expect lint-no-files 3 "lint: name at least one zone file" "" -- lint
expect diff-one-file 3 "diff: name exactly two zone files" "" -- diff a
expect help 0 "" "usage: mxdig [-46hV]" -- --help
expect version 0 "" "mxdig 0.1.0" -- --version
expect list-checks 0 "" "mx-target-cname            error" -- --list-checks
expect explain 0 "" "Fix:" -- --explain mx-target-cname
expect explain-unknown 3 "--explain: no check named 'nope'" "" -- --explain nope
expect explain-escaped 3 "--explain: no check named 'a\\027b\\\\c'" "" -- --explain $'a\033b\\c'
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

# the output options (tests/formats/formats.sh has the rest)
expect bad-format-names 3 "is not one of text, json, jsonl, gcc, github, nagios, openmetrics, sarif" "" -- --format xml x
expect output-empty 3 "--output: the file name is empty" "" -- --output "" x
expect shard-bad 3 "--shard: 'x' is not K/N" "" -- --shard x x
expect shard-zero 3 "--shard K: '0' is not a whole number from 1 to 4" "" -- --shard 0/4 x
expect list-checks-gcc 3 "--list-checks writes text or json only" "" -- --list-checks --format gcc
expect list-checks-json 0 "" '"name": "domain-nxdomain"' -- --list-checks --format json
expect explain-json 0 "" '"name": "null-mx"' -- --explain null-mx --format json
expect nagios-usage 3 "unknown option '--bogus'" "MX UNKNOWN - unknown option '--bogus'" -- --format nagios --bogus x
expect help-shows-output 0 "" "[--routable prefix] [--shard k/n]" -- --help

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

#!/bin/bash
# scale.sh MXDIG SRCDIR -- many records at one owner and many owners in a diff
# (issue 11: the store, the checks, the resolver and diff look elements up
# by hash): the exact findings, not the time.  Zones are generated here;
# every run of mxdig is bounded by timeout(1).
set -u
mxdig=$1
. "$2/tests/lib.sh"
test_begin timeout python3 awk
cd "$work" || exit 1
T="timeout 60"

# expect NAME WANT GOT
expect() {
	if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: want '$2', got '$3'"; fi
}

# 4,000 exchanges at one owner, 1,000 of them listed again at another
# preference (mx-duplicate-target), 500 exact repeats written in upper
# case (dropped, RFC 2181 §5), one MX TTL that differs; 100 addresses
# shared by two exchanges, one private, and 40 A records at mx1 with one
# TTL that differs.
awk 'BEGIN {
	print "$ORIGIN big.test."
	print "$TTL 3600"
	print "@ SOA ns hostmaster 1 3600 600 86400 300"
	print "@ NS ns"
	print "ns A 11.0.0.1"
	for (i = 1; i <= 4000; i++)
		printf "@ %s MX %d mx%d\n", i == 2500 ? "7200" : "3600", i % 50, i
	for (i = 4001; i <= 5000; i++)
		printf "@ MX 60 mx%d\n", i - 4000
	for (i = 1; i <= 500; i++)
		printf "@ MX %d MX%d\n", (i + 1000) % 50, i + 1000
	for (i = 1; i <= 4000; i++) {
		a = i > 3000 && i <= 3100 ? i - 3000 : i
		if (i == 3999)
			print "mx3999 A 10.0.0.1"
		else
			printf "mx%d A 12.%d.%d.%d\n", i, int(a / 65536) % 256,
			    int(a / 256) % 256, a % 256
	}
	for (i = 1; i <= 40; i++)
		printf "mx1 %s A 13.0.0.%d\n", i == 30 ? "60" : "3600", i
}' >many.zone

$T "$mxdig" lint many.zone >lint.out 2>lint.err
expect "lint: exit status" 2 $?
count() { grep -c -- "\[$1\]\$" "$2"; }
expect "lint: mx-duplicate-target" 1000 "$(count mx-duplicate-target lint.out)"
expect "lint: ttl-mismatch" 2 "$(count ttl-mismatch lint.out)"
expect "lint: mx-shared-address" 100 "$(count mx-shared-address lint.out)"
expect "lint: mx-target-private-address" 1 "$(count mx-target-private-address lint.out)"
expect "lint: mx-no-ipv6" 1 "$(count mx-no-ipv6 lint.out)"
# the tiers after the first are past the 5 addresses senders try: one
# finding, at the first host never tried
expect "lint: mx-address-limit" 1 "$(count mx-address-limit lint.out)"
expect "lint: no other line" 1105 "$(wc -l <lint.out)"
expect "lint: stderr empty" "" "$(cat lint.err)"
expect "lint: MX ttl-mismatch names the first record" \
    "many.zone:2505: warning: big.test. MX RRset has TTLs 3600 (line 6) and 7200: resolvers use the lowest (RFC 2181 §5.2), BIND keeps the first, Knot the last [ttl-mismatch]" \
    "$(grep 'MX RRset' lint.out)"
expect "lint: A ttl-mismatch at the 30th A of mx1" \
    "many.zone:9535: warning: mx1.big.test. A RRset has TTLs 3600 (line 5506) and 60: resolvers use the lowest (RFC 2181 §5.2), BIND keeps the first, Knot the last [ttl-mismatch]" \
    "$(grep ' A RRset' lint.out)"
expect "lint: first duplicate, against its first record" \
    "many.zone:4006: warning: exchange mx1.big.test. is listed at preference 1 and again at 60: senders try it once [mx-duplicate-target]" \
    "$(grep -m1 'mx-duplicate-target' lint.out)"
expect "lint: no exact repeat reported" 0 "$(grep -c 'MX10[0-9][0-9]\.' lint.out)"
expect "lint: shared address at its first host" \
    "many.zone:9: warning: exchanges mx3004.big.test. and mx4.big.test. share the address 12.0.0.4: the redundancy is only apparent [mx-shared-address]" \
    "$(grep '12\.0\.0\.4:' lint.out)"

# the same through the resolver (--zone), as JSON
$T "$mxdig" --zone many.zone --format json big.test >zone.json
expect "--zone: exit status" 2 $?
jcount() { grep -c "\"check\": \"$1\"" zone.json; }
expect "--zone: mx-duplicate-target" 1000 "$(jcount mx-duplicate-target)"
expect "--zone: ttl-mismatch" 2 "$(jcount ttl-mismatch)"
expect "--zone: mx-shared-address" 100 "$(jcount mx-shared-address)"
expect "--zone: MX records kept, hosts on the path" "5000 4000" \
    "$(python3 -c 'import json, sys; d = json.load(open(sys.argv[1]))[0]; print(len(d["mx"]), sum(len(t["hosts"]) for t in d["path"]))' zone.json 2>&1)"

# repeats near their first record, where the store's index holds the
# newest records in a batch of its own: 3,000 exchanges, each third
# repeated at once in upper case, each seventh again 37 records later
# with another TTL, each eleventh 70 later in mixed case (all dropped,
# and a dropped repeat's TTL is no mismatch); each thirteenth listed
# again at another preference (mx-duplicate-target, kept)
awk 'BEGIN {
	print "$ORIGIN dup.test."
	print "$TTL 3600"
	print "@ SOA ns hostmaster 1 3600 600 86400 300"
	print "@ NS ns"
	print "ns A 11.0.0.1"
	for (i = 1; i <= 3000; i++) {
		printf "@ MX %d mx%d\n", i % 10, i
		if (i % 3 == 0)
			printf "@ MX %d MX%d\n", i % 10, i
		if (i % 7 == 0 && i > 40)
			printf "@ 60 MX %d mx%d\n", (i - 37) % 10, i - 37
		if (i % 11 == 0 && i > 100)
			printf "@ MX %d Mx%d\n", (i - 70) % 10, i - 70
		if (i % 13 == 0)
			printf "@ MX %d mx%d\n", (i + 1) % 10, i
	}
	for (i = 1; i <= 3000; i++)
		printf "mx%d A 12.0.%d.%d\n", i, int(i / 256), i % 256
}' >dup.zone
$T "$mxdig" lint dup.zone >dup.out
expect "repeats: exit status" 1 $?
expect "repeats: mx-duplicate-target" 230 "$(count mx-duplicate-target dup.out)"
expect "repeats: no ttl-mismatch" 0 "$(count ttl-mismatch dup.out)"
expect "repeats: mx-address-limit" 1 "$(count mx-address-limit dup.out)"
expect "repeats: no other line" 232 "$(wc -l <dup.out)"
$T "$mxdig" --zone dup.zone --format json dup.test >dup.json
expect "repeats: MX records kept, hosts on the path" "3230 3000" \
    "$(python3 -c 'import json, sys; d = json.load(open(sys.argv[1]))[0]; print(len(d["mx"]), sum(len(t["hosts"]) for t in d["path"]))' dup.json 2>&1)"

# diff: 2,000 owners, the new file adds 10 and writes 5 old ones in upper
# case (the same owners: not new), and changes one preference
awk 'BEGIN {
	print "$ORIGIN d.test."
	print "$TTL 3600"
	print "@ SOA ns hostmaster 1 3600 600 86400 300"
	print "@ NS ns"
	print "ns A 11.0.0.1"
	print "mx A 11.0.0.2"
	for (i = 1; i <= 2000; i++)
		printf "o%d MX 10 mx\n", i
}' >old.zone
awk 'BEGIN {
	print "$ORIGIN d.test."
	print "$TTL 3600"
	print "@ SOA ns hostmaster 2 3600 600 86400 300"
	print "@ NS ns"
	print "ns A 11.0.0.1"
	print "mx A 11.0.0.2"
	for (i = 1; i <= 2000; i++)
		printf "%s%d MX %d mx\n", i <= 5 ? "O" : "o", i, i == 7 ? 20 : 10
	for (i = 1; i <= 10; i++)
		printf "n%d MX 10 mx\n", i
}' >new.zone
$T "$mxdig" diff old.zone new.zone >diff.out
expect "diff: exit status" 0 $?
expect "diff: new owners" 10 "$(grep -c '^n[0-9]*\.d\.test\.  (error -> info)$' diff.out)"
expect "diff: their exchange added" 10 "$(grep -c '^  + MX 10 mx\.d\.test\.$' diff.out)"
expect "diff: owners written in upper case are not new" 0 "$(grep -ci '^o[1-5]\.' diff.out)"
expect "diff: owners shown" 11 "$(grep -c '^[^ ].*  (' diff.out)"
expect "diff: the preference change" "  ~ MX mx.d.test. preference 10 -> 20" \
    "$(grep preference diff.out)"

# diff: a finding whose file name is not UTF-8 is printed in every
# format, its name escaped as names are (\DDD)
bad_name=$(printf 'n\377\n.zone')
{ cat old.zone; echo "bad A 1.2.3"; } >"$bad_name"
$T "$mxdig" diff --format gcc old.zone "$bad_name" >gcc.out
expect "diff gcc: exit status" 2 $?
expect "diff gcc: escaped file name" 'n\255\010.zone:2007: error:' \
    "$(grep -o '^.*error:' gcc.out)"
$T "$mxdig" diff --format text old.zone "$bad_name" >text.out
expect "diff text: the finding" 1 "$(grep -c '^zone: introduced error n\\255\\010.zone:2007: .*\[zone-syntax\]$' text.out)"
expect "diff text: counted" "Introduced: 1 error, 0 warnings, 0 info" "$(tail -1 text.out)"
$T "$mxdig" diff --format github old.zone "$bad_name" >github.out
expect "diff github: the annotation" 1 "$(grep -c '^::error file=n\\255\\010.zone,line=2007,title=zone-syntax::' github.out)"
for f in json jsonl; do
	$T "$mxdig" diff --format $f old.zone "$bad_name" >$f.out
	expect "diff $f: exit status" 2 $?
	expect "diff $f: the zone finding" 'zone-syntax "n\\255\n.zone" 2007' \
	    "$(python3 -c '
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
docs = json.loads(text) if sys.argv[2] == "json" else [json.loads(l) for l in text.splitlines()]
for d in docs:
    for f in d.get("zone_findings", []):
        print(f["check"], json.dumps(f["file"]), f["line"])
' $f.out $f 2>&1)"
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

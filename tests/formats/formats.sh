#!/bin/bash
# formats.sh MXDIG SRCDIR -- the formats monitoring and CI read (issue 16):
#  - nagios: every golden case (tests/cli/cases) under every --fail-on
#    value, and the usage errors and unreadable files, parsed by the plugin
#    guidelines' grammar (nagios.py): the status word is the exit status;
#  - openmetrics: the golden check and lint cases, and a zone whose owner
#    names hold a quote, a backslash, a newline, a '|' and a space, read by
#    python3-prometheus-client's strict OpenMetrics parser and compared
#    with the jsonl output of the same run (openmetrics.py);
#  - sarif: every golden case validated against the SARIF 2.1.0 schema
#    (sarif-schema-2.1.0.json, see its .source) and compared with the gcc
#    lines of the same run (sarif.py);
#  - --list-checks/--explain --format json, other formats refused;
#  - --output: atomic (the old file intact when writing fails);
#  - --shard: the N shards of a list are a partition, stable, as the
#    documented hash says.
# Everything offline: zone files only.
set -u
mxdig=$1
src=$2
. "$src/tests/lib.sh"
# the Debian modules (python3-jsonschema, python3-prometheus-client) are
# /usr/bin/python3's, whatever python3 comes first on PATH
py=/usr/bin/python3
[ -x "$py" ] || py=python3
test_begin python3
if ! "$py" -c 'import jsonschema, prometheus_client.openmetrics.parser' 2>/dev/null; then
	bad "python3-jsonschema and python3-prometheus-client are needed (apt-get install python3-jsonschema python3-prometheus-client)"
	exit 1
fi
fdir=$src/tests/formats
cases=$src/tests/cli/cases
ex=$src/examples/example.zone

# the arguments of a golden case without its --format and --short
case_args() {
	sed -e 's/--format [a-z]*//' -e 's/--short//' "$1"
}

# ---- nagios: the word is the exit status, the grammar exact ----
cd "$cases" || exit 1
n=0 nbad=0 seen=""
for args in *.args; do
	for f in warning error never; do
		# shellcheck disable=SC2046
		timeout 20 "$mxdig" $(case_args "$args") --format nagios \
		    --fail-on $f >"$work/nag.out" 2>/dev/null
		rc=$?
		n=$((n + 1))
		if ! r=$("$py" "$fdir/nagios.py" $rc "$work/nag.out"); then
			bad "nagios ${args%.args} --fail-on $f (exit $rc): $r"
			nbad=$((nbad + 1))
			continue
		fi
		# under --fail-on never only "could not check" fails, under
		# error no warning does
		case $f:$rc in
		never:1|never:2|error:1)
			bad "nagios ${args%.args} --fail-on $f: exit $rc"
			nbad=$((nbad + 1)) ;;
		esac
		seen="$seen ${r%%|*}"
	done
done
[ $nbad -eq 0 ] && ok "nagios: $n runs of $((n / 3)) golden cases x 3 --fail-on values: grammar exact, word = exit status"
for w in OK WARNING CRITICAL; do
	case " $seen " in *" $w "*) ok "nagios: the golden runs include $w" ;;
	*) bad "nagios: no golden run gave $w" ;; esac
done
cd "$work" || exit 1

# the long output: one line per warning and error finding of the run
"$mxdig" --format nagios --zone "$ex" office.example.com >"$work/nag.out" 2>/dev/null
rc=$?
"$mxdig" --format gcc --zone "$ex" office.example.com >"$work/gcc.out" 2>/dev/null
want=$(grep -c -e ': error: ' -e ': warning: ' "$work/gcc.out")
got=$(($(wc -l <"$work/nag.out") - 1))
if [ $rc -eq 2 ] && [ "$got" -eq "$want" ] && [ "$want" -ge 2 ] &&
    sed -n 2p "$work/nag.out" | grep -q '^error: office\.example\.com\.: .*example\.zone:[0-9]*: .* \[mx-target-nxdomain\]$'; then
	ok "nagios: $got long-output lines, one per error/warning finding"
else bad "nagios long output: exit $rc, $got lines, want $want: $(cat "$work/nag.out")"; fi

# usage errors and files that cannot be read: MX UNKNOWN on stdout, exit 3
printf 'example.com\nnot a domain\n' >"$work/badline.txt"
mkdir -p "$work/adir"
# nag_unknown NAME WANT-IN-SUMMARY ARGS...
nag_unknown() {
	local name=$1 want=$2 r rc
	shift 2
	timeout 20 "$mxdig" "$@" >"$work/u.out" 2>"$work/u.err" </dev/null
	rc=$?
	if r=$("$py" "$fdir/nagios.py" $rc "$work/u.out") && [ $rc -eq 3 ] &&
	    head -1 "$work/u.out" | grep -qF -- "MX UNKNOWN - " &&
	    head -1 "$work/u.out" | grep -qF -- "$want"; then
		ok "nagios $name: exit 3, '$(head -1 "$work/u.out" | cut -c1-90)'"
	else
		bad "nagios $name: exit $rc, stdout '$(cat "$work/u.out")' ($r)"
	fi
}
nag_unknown unknown-option "unknown option '--bogus'" --format nagios --bogus x
nag_unknown format-after "unknown option '--bogus'" --bogus --format nagios x
nag_unknown format-equals "unknown option '--bogus'" --format=nagios --bogus x
nag_unknown no-domain "name a domain to check" --format nagios
nag_unknown bad-timeout "--timeout: 'nan'" --format nagios --timeout nan x
nag_unknown bad-fail-on "--fail-on: 'sometimes'" --format nagios --fail-on sometimes x
nag_unknown bad-shard "--shard" --format nagios --shard 4/3 x
nag_unknown list-missing "$work/nosuch.txt" --format nagios -f "$work/nosuch.txt"
nag_unknown list-dir "$work/adir" --format nagios -f "$work/adir"
nag_unknown zone-missing "$work/nosuch.zone" --format nagios --zone "$work/nosuch.zone" example.com
nag_unknown lint-missing "$work/nosuch.zone" lint --format nagios "$work/nosuch.zone"
nag_unknown diff-missing "nosuch-new.zone" diff --format nagios "$ex" "$work/nosuch-new.zone"
nag_unknown explain-nagios "--explain writes text or json only" --format nagios --explain null-mx
nag_unknown list-checks "--list-checks writes text or json only" --list-checks --format nagios
# an @server that does not resolve, in a network namespace of its own
# (no packet leaves the machine: the namespace has no route)
if unshare -n true 2>/dev/null; then
	unshare -n "$mxdig" --format nagios --timeout 0.5 --tries 1 @nosuch.invalid example.com >"$work/u.out" 2>/dev/null
	rc=$?
	if r=$("$py" "$fdir/nagios.py" $rc "$work/u.out") && [ $rc -eq 3 ] &&
	    grep -q "^MX UNKNOWN - @nosuch.invalid: " "$work/u.out"; then
		ok "nagios unresolvable @server: '$(cat "$work/u.out")'"
	else bad "nagios unresolvable @server: exit $rc, '$(cat "$work/u.out")'"; fi
else bad "nagios unresolvable @server: unshare -n is not allowed here"; fi
for f in warning error never; do
	nag_unknown "bad-list-line-$f" "badline.txt:2: not a domain name" --format nagios --fail-on $f --zone "$ex" -f "$work/badline.txt"
done

# '|' in a name (anyone can publish one), quotes, backslashes, newlines:
# the summary stays one line, the perfdata parses
cat >"$work/weird.zone" <<'EOF'
$ORIGIN weird.test.
$TTL 3600
@ IN SOA ns hostmaster 1 3600 600 86400 300
@ IN MX 10 mx
ns IN A 192.0.2.53
q\034uote IN MX 10 mx
b\092slash IN MX 10 mx
new\010line IN MX 10 mx
pi|pe IN MX 10 mx
sp\032ace IN MX 10 mx
mx IN A 192.0.2.25
EOF
"$mxdig" --format nagios --zone "$work/weird.zone" 'pi|pe.weird.test' >"$work/pipe.out" 2>/dev/null
rc=$?
if r=$("$py" "$fdir/nagios.py" $rc "$work/pipe.out") &&
    head -1 "$work/pipe.out" | grep -qF 'MX CRITICAL - pi\124pe.weird.test.: ' &&
    [ "$(echo "$r" | cut -d'|' -f2)" = "hosts,usable,errors,warnings,time" ]; then
	ok "nagios: a '|' in the domain is written \\124, the perfdata intact"
else bad "nagios '|' domain: exit $rc, $r: $(cat "$work/pipe.out")"; fi
"$mxdig" lint --format nagios "$work/weird.zone" >"$work/weird.out" 2>/dev/null
rc=$?
if r=$("$py" "$fdir/nagios.py" $rc "$work/weird.out") && [ $rc -eq 2 ]; then
	ok "nagios: lint of names with quote, backslash, newline, '|': $r"
else bad "nagios lint weird.zone: exit $rc, $r"; fi

# ---- openmetrics: the strict parser, the values of the jsonl run ----
cd "$cases" || exit 1
n=0 nbad=0
for args in *.args; do
	case $(cat "$args") in diff*) continue ;; esac
	# shellcheck disable=SC2046
	"$mxdig" $(case_args "$args") --format openmetrics >"$work/om.txt" 2>/dev/null
	# shellcheck disable=SC2046
	"$mxdig" $(case_args "$args") --format jsonl >"$work/om.jsonl" 2>/dev/null
	n=$((n + 1))
	if ! r=$("$py" "$fdir/openmetrics.py" "$work/om.txt" "$work/om.jsonl"); then
		bad "openmetrics ${args%.args}: $r"
		nbad=$((nbad + 1))
	fi
done
[ $nbad -eq 0 ] && ok "openmetrics: $n golden cases parsed strictly, every domain's values as in jsonl"
cd "$work" || exit 1
"$mxdig" lint --format openmetrics weird.zone >om.txt 2>/dev/null
"$mxdig" lint --format jsonl weird.zone >om.jsonl 2>/dev/null
if r=$("$py" "$fdir/openmetrics.py" om.txt om.jsonl) && [ "$r" = 6 ] &&
    grep -qF 'mxdig_domain_status{domain="q\"uote.weird.test."} 2' om.txt &&
    grep -qF 'mxdig_domain_status{domain="b\\\\slash.weird.test."} 2' om.txt &&
    grep -qF 'mxdig_domain_status{domain="new\\010line.weird.test."} 2' om.txt &&
    [ "$(tail -1 om.txt)" = "# EOF" ]; then
	ok "openmetrics: names with a quote, a backslash and a newline escaped; 6 domains round-trip"
else bad "openmetrics weird.zone: $r"; grep status om.txt; fi
# a domain listed twice is one series (duplicates are invalid)
printf 'example.com\nEXAMPLE.com.\nshop.example.com\n' >twice.txt
"$mxdig" --zone "$ex" --format openmetrics -f twice.txt >om2.txt 2>/dev/null
"$mxdig" --zone "$ex" --format jsonl example.com shop.example.com >om2.jsonl 2>/dev/null
if r=$("$py" "$fdir/openmetrics.py" om2.txt om2.jsonl) && [ "$r" = 2 ] &&
    [ "$(grep -c '^mxdig_domain_status{' om2.txt)" -eq 2 ]; then
	ok "openmetrics: example.com listed twice is one series"
else bad "openmetrics duplicate domain: $r"; fi
"$mxdig" diff --format openmetrics "$ex" "$ex" >/dev/null 2>"$work/e"
rc=$?
[ $rc -eq 3 ] && grep -q "diff: --format openmetrics" "$work/e" &&
    ok "openmetrics: refused for diff (exit 3)" || bad "openmetrics diff: exit $rc"

# ---- sarif: the schema, and the findings of the gcc run ----
cd "$cases" || exit 1
n=0 nbad=0
for args in *.args; do
	# shellcheck disable=SC2046
	"$mxdig" $(case_args "$args") --format sarif >"$work/s.sarif" 2>/dev/null
	rc=$?
	# shellcheck disable=SC2046
	"$mxdig" $(case_args "$args") --format gcc >"$work/s.gcc" 2>/dev/null
	rcg=$?
	n=$((n + 1))
	# could not check (diff's new file missing): no log, as no gcc line
	if [ $rc -eq 3 ] && [ ! -s "$work/s.sarif" ] && [ ! -s "$work/s.gcc" ] &&
	    [ $rcg -eq 3 ]; then
		continue
	fi
	if ! r=$("$py" "$fdir/sarif.py" "$fdir/sarif-schema-2.1.0.json" "$work/s.sarif" "$work/s.gcc"); then
		bad "sarif ${args%.args}: $r"
		nbad=$((nbad + 1))
	elif [ $rc -ne $rcg ]; then
		bad "sarif ${args%.args}: exit $rc, gcc's $rcg"
		nbad=$((nbad + 1))
	fi
done
[ $nbad -eq 0 ] && ok "sarif: $n golden cases valid against the SARIF 2.1.0 schema, results = gcc lines"
# a file in the working directory is a relative URI under SRCROOT
cd "$work" || exit 1
cp "$ex" ex.zone
"$mxdig" lint --format sarif ex.zone >ex.sarif 2>/dev/null
if "$py" - ex.sarif "$work" <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))
run = log["runs"][0]
assert run["originalUriBaseIds"]["SRCROOT"]["uri"] == "file://" + sys.argv[2] + "/", run["originalUriBaseIds"]
locs = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
assert locs and all(l == {"uri": "ex.zone", "uriBaseId": "SRCROOT"} for l in locs), locs[:3]
fps = [r["partialFingerprints"]["mxdigFinding/v1"] for r in run["results"]]
assert len(set(fps)) == len(fps), "fingerprints not distinct"
assert {r["ruleId"] for r in run["results"]} <= {x["id"] for x in run["tool"]["driver"]["rules"]}
r = [x for x in run["tool"]["driver"]["rules"] if x["id"] == "null-mx-mixed"][0]
assert r["helpUri"] == "https://www.rfc-editor.org/rfc/rfc7505#section-3", r["helpUri"]
assert r["properties"]["references"] == ["RFC 7505 \u00a73"], r["properties"]
PY
then ok "sarif: ex.zone as uri relative to SRCROOT (the working dir), distinct fingerprints, helpUri of the RFC section"
else bad "sarif: locations or rules"; fi
# fingerprints are stable across runs
"$mxdig" lint --format sarif ex.zone >ex2.sarif 2>/dev/null
cmp -s ex.sarif ex2.sarif && ok "sarif: the same log twice" || bad "sarif: two runs differ"
# diff: the introduced findings, marked new
"$mxdig" diff --format sarif "$cases/diff-old.zone" "$cases/diff-new.zone" >d.sarif 2>/dev/null
rc=$?
if "$py" - d.sarif <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
assert run["results"], "no results"
assert all(r["baselineState"] == "new" for r in run["results"])
PY
then ok "sarif diff: exit $rc, every introduced finding baselineState new"
else bad "sarif diff: exit $rc"; fi

# ---- the catalogue as JSON; no format silently text ----
"$mxdig" --list-checks --format json >checks.json 2>/dev/null
rc=$?
if [ $rc -eq 0 ] && "$py" - checks.json <<PY
import json, sys
c = json.load(open(sys.argv[1]))
names = [x["name"] for x in c]
assert len(names) == $("$mxdig" --list-checks | wc -l), len(names)
assert "null-mx-mixed" in names
for x in c:
    assert set(x) == {"name", "severity", "summary", "reference", "example", "fix", "offline"}, x
    assert x["severity"] in ("error", "warning", "info")
PY
then ok "--list-checks --format json: every check of the text list, each with its fields"
else bad "--list-checks --format json: exit $rc"; fi
"$mxdig" --explain null-mx --format json >one.json 2>/dev/null
rc=$?
[ $rc -eq 0 ] && "$py" -c 'import json,sys; assert json.load(open(sys.argv[1]))["name"] == "null-mx"' one.json &&
    ok "--explain null-mx --format json" || bad "--explain --format json: exit $rc"
for f in jsonl gcc github nagios openmetrics sarif; do
	"$mxdig" --list-checks --format $f >o 2>e
	rc=$?
	if [ $rc -eq 3 ] && grep -q "writes text or json only" e &&
	    { [ $f = nagios ] || [ ! -s o ]; }; then
		ok "--list-checks --format $f: usage error, exit 3"
	else bad "--list-checks --format $f: exit $rc"; fi
done

# ---- --output: atomic ----
echo "old content" >out.prom
"$mxdig" --zone "$ex" --format openmetrics --output out.prom example.com >stdout.txt 2>err.txt
rc=$?
if [ $rc -eq 0 ] && [ ! -s stdout.txt ] && [ "$(tail -1 out.prom)" = "# EOF" ] &&
    [ "$(ls -a | grep -c '^out\.prom\.')" -eq 0 ] &&
    [ "$(stat -c %a out.prom)" = "$(umask -S >/dev/null; printf '%o' $((0666 & ~$(umask))))" ]; then
	ok "--output: written, nothing on stdout, no temporary left, mode $(stat -c %a out.prom)"
else bad "--output: exit $rc, $(cat err.txt)"; fi
# the target is a directory: rename fails, the directory stays, exit 3
mkdir -p target.prom && echo keep >target.prom/inside
"$mxdig" --zone "$ex" --format openmetrics --output target.prom example.com >stdout.txt 2>err.txt
rc=$?
if [ $rc -eq 3 ] && grep -q "^mxdig: --output target.prom: cannot replace it: " err.txt &&
    [ "$(cat target.prom/inside)" = keep ] && [ "$(ls -a | grep -c '^target\.prom\.')" -eq 0 ]; then
	ok "--output onto a directory: exit 3, '$(cat err.txt)', nothing left behind"
else bad "--output onto a directory: exit $rc, $(cat err.txt)"; fi
# the same with nagios: its line goes to the real stdout, UNKNOWN
"$mxdig" --zone "$ex" --format nagios --output target.prom example.com >stdout.txt 2>err.txt
rc=$?
if [ $rc -eq 3 ] && r=$("$py" "$fdir/nagios.py" $rc stdout.txt) &&
    grep -q "^MX UNKNOWN - --output target.prom: not written$" stdout.txt; then
	ok "--output failing with nagios: 'MX UNKNOWN - --output target.prom: not written' on stdout"
else bad "--output failing with nagios: exit $rc, '$(cat stdout.txt)'"; fi
# a directory that does not exist: refused before checking
"$mxdig" --zone "$ex" --output nosuchdir/x.prom example.com >stdout.txt 2>err.txt
rc=$?
[ $rc -eq 3 ] && grep -q "^mxdig: --output nosuchdir/x.prom: cannot create a file beside it: No such file or directory$" err.txt &&
    ok "--output in a missing directory: exit 3, named" || bad "--output missing dir: exit $rc, $(cat err.txt)"
# a full file system (a 16 KiB tmpfs in a mount namespace of its own):
# writing fails, the old file stays as it was
if unshare -m true 2>/dev/null; then
	mkdir -p full
	for i in $(seq 1 300); do echo "d$i.example.com"; done >many.txt
	unshare -m sh -c '
		mount -t tmpfs -o size=16k tmpfs full || exit 9
		echo "old metrics" >full/mx.prom
		"$1" --zone "$2" --format jsonl -f many.txt --output full/mx.prom >full.stdout 2>full.err
		echo "rc=$?" >full.rc
		cat full/mx.prom >full.after
		ls -a full >full.ls
	' sh "$mxdig" "$ex"
	if [ "$(cat full.rc)" = "rc=3" ] && [ "$(cat full.after)" = "old metrics" ] &&
	    grep -q "^mxdig: --output full/mx.prom: writing failed: " full.err &&
	    [ "$(grep -c '^mx\.prom\.' full.ls)" -eq 0 ]; then
		ok "--output on a full file system: exit 3, '$(tail -1 full.err)', old file intact"
	else bad "--output full fs: $(cat full.rc), after '$(head -c 60 full.after)', $(cat full.err)"; fi
else
	bad "--output full fs: unshare -m is not allowed here (root needed)"
fi

# ---- --shard: a partition, stable, by the documented hash ----
for i in $(seq 1 400); do
	case $((i % 4)) in
	0) echo "Host$i.Example.COM" ;;
	1) echo "host$i.example.net." ;;
	*) echo "h-$i.shop.example.com" ;;
	esac
done >list.txt
N=5
: >all.txt
for k in $(seq 1 $N); do
	"$mxdig" --zone "$ex" --format jsonl --shard $k/$N -f list.txt 2>/dev/null |
	    "$py" -c 'import json,sys; [print(json.loads(l)["domain"].lower()) for l in sys.stdin]' |
	    sort >shard$k.txt
	cat shard$k.txt >>all.txt
done
sort list.txt | tr 'A-Z' 'a-z' | sed 's/\.$//; s/$/./' | sort >want.txt
sort all.txt >got.txt
if cmp -s want.txt got.txt && [ "$(sort -u got.txt | wc -l)" -eq 400 ]; then
	ok "--shard 1..$N/$N: every one of 400 domains in exactly one shard ($(for k in $(seq 1 $N); do printf '%s ' "$(wc -l <shard$k.txt)"; done))"
else bad "--shard: the shards are no partition: $(diff want.txt got.txt | head -5)"; fi
empty=0
for k in $(seq 1 $N); do [ -s shard$k.txt ] || empty=1; done
[ $empty -eq 0 ] && ok "--shard: no shard of $N is empty" || bad "--shard: an empty shard"
# the documented hash: FNV-1a 32 of the lowercased name with a trailing
# dot, mod N, plus 1
if "$py" - list.txt $N shard*.txt <<'PY'
import sys
def shard(name, n):
    name = name.lower()
    if not name.endswith("."):
        name += "."
    h = 2166136261
    for b in name.encode():
        h = ((h ^ b) * 16777619) & 0xffffffff
    return h % n + 1
n = int(sys.argv[2])
got = {}
for path in sys.argv[3:]:
    k = int(path[len("shard"):-len(".txt")])
    for line in open(path):
        got[line.strip()] = k
for line in open(sys.argv[1]):
    d = line.strip()
    key = d.lower() if d.endswith(".") else d.lower() + "."
    assert got[key] == shard(d, n), (d, got[key], shard(d, n))
PY
then ok "--shard: each domain where FNV-1a 32 (lowercase, trailing dot) mod $N puts it"
else bad "--shard: not the documented hash"; fi
# stable: the same shard again, and the case and the trailing dot of a
# name do not move it
"$mxdig" --zone "$ex" --format jsonl --shard 2/$N -f list.txt 2>/dev/null |
    "$py" -c 'import json,sys; [print(json.loads(l)["domain"].lower()) for l in sys.stdin]' | sort >again.txt
cmp -s again.txt shard2.txt && ok "--shard 2/$N: the same domains on a second run" || bad "--shard: not stable"
for k in $(seq 1 $N); do
	a=$("$mxdig" --zone "$ex" --format jsonl --shard $k/$N SHOP.example.com 2>/dev/null | wc -l)
	b=$("$mxdig" --zone "$ex" --format jsonl --shard $k/$N shop.example.com. 2>/dev/null | wc -l)
	[ "$a" = "$b" ] || { bad "--shard $k/$N: SHOP.example.com and shop.example.com. differ"; break; }
done
[ "$k" = $N ] && [ "$a" = "$b" ] && ok "--shard: SHOP.example.com and shop.example.com. in the same shard"
for v in 0/3 4/3 3 a/b 1/0 /3 1/ 1/100001 -1/3 "1/3 "; do
	"$mxdig" --zone "$ex" --shard "$v" example.com >o 2>e
	rc=$?
	[ $rc -eq 3 ] && grep -q -- "--shard" e && [ ! -s o ] ||
	    { bad "--shard '$v': exit $rc, $(cat e | head -1)"; continue; }
	ok "--shard '$v': usage error, '$(head -1 e)'"
done
"$mxdig" lint --shard 1/2 "$ex" >o 2>e
[ $? -eq 3 ] && grep -q "shard splits the domains of a check" e && ok "--shard with lint: usage error" ||
    bad "--shard with lint: $(cat e | head -1)"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]

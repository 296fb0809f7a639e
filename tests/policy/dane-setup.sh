# dane-setup.sh -- the DANE lab (sourced after netns_enter and test_begin,
# as tests/dnssec/setup.sh is): a signed fake root on 127.0.0.2, a signed
# "test." on 127.0.0.3, the mail zones on 127.0.0.4, Unbound validating on
# 127.0.0.1 (trust anchor $anchor), and Postfix on port 25 of one address
# per exchange, each with its own certificate under the test CA "dane"
# ($work/ca-dane.pem, for --ca-file).  The TLSA records are computed from
# those certificates with lab_tlsa.
#
# domain (MX)             exchange                    address     TLSA at _25._tcp.<exchange>
# ee.dane.test.           mx-ee.dane.test.            $dane_net.1 3 1 1 of its key (matches)
# mismatch.dane.test.     mx-mismatch.dane.test.      $dane_net.2 3 1 1 of another key
# ta.dane.test.           mx-ta.dane.test.            $dane_net.3 2 0 1 of the CA; Postfix
#                                                                 sends leaf + CA
# taleaf.dane.test.       mx-taleaf.dane.test.        $dane_net.9 2 0 1 of the CA; Postfix
#                                                                 sends its leaf only
# usage1.dane.test.       mx-usage1.dane.test.        $dane_net.4 1 1 1 of its key, 0 0 1 of
#                                                                 the CA: nothing usable
# cname.dane.test.        mx-alias.dane.test. CNAME   $dane_net.5 at mx-real: 3 1 1 of its
#                         mx-real.dane.test.                      key; at mx-alias: 3 1 1 of
#                                                                 another key (RFC 7672
#                                                                 §2.2.2: the expanded name
#                                                                 is asked first)
# partial.dane.test.      MX 10 mx-ee.dane.test.      $dane_net.1 (as above)
#                         MX 20 mx-notlsa.dane.test.  $dane_net.6 none (secure NXDOMAIN)
# insecure.test. (unsigned, no DS)
#                         mx.insecure.test.           $dane_net.7 3 1 1 of its key (matches)
# bogus-tlsa.test. (signed; the TLSA RRset's RRSIG altered after signing)
#                         mx.bogus-tlsa.test.         $dane_net.8 3 1 1 of its key: it would
#                                                                 match, but validation
#                                                                 fails (SERVFAIL)
#
# Every MX, A and TLSA answer of dane.test and bogus-tlsa.test is secure
# except bogus-tlsa.test's TLSA.  What the lab leaves for the test:
# $anchor, $dane_net, dane_addr[exchange] (the address of each exchange,
# no trailing dot), dane_rr[name] (the TLSA RDATA published at each
# _25._tcp name, no trailing dot), $work/ca-dane.pem, and the
# certificates $work/<leaf>.pem named in dane_leaves.
z=$work/zones
mkdir -p "$z"
dane_net=11.26.0
declare -A dane_addr=(
	[mx-ee.dane.test]=$dane_net.1 [mx-mismatch.dane.test]=$dane_net.2
	[mx-ta.dane.test]=$dane_net.3 [mx-usage1.dane.test]=$dane_net.4
	[mx-real.dane.test]=$dane_net.5 [mx-notlsa.dane.test]=$dane_net.6
	[mx.insecure.test]=$dane_net.7 [mx.bogus-tlsa.test]=$dane_net.8
	[mx-taleaf.dane.test]=$dane_net.9)
# the certificate (in $work) each address presents, named for its exchange
declare -A dane_leaf=(
	[$dane_net.1]=ee [$dane_net.2]=mismatch [$dane_net.3]=ta
	[$dane_net.4]=usage1 [$dane_net.5]=real [$dane_net.6]=notlsa
	[$dane_net.7]=insecure [$dane_net.8]=bogus [$dane_net.9]=taleaf)
dane_leaves="ee mismatch ta usage1 real notlsa insecure bogus taleaf"

netns_addr $dane_net.1 $dane_net.2 $dane_net.3 $dane_net.4 $dane_net.5 \
	$dane_net.6 $dane_net.7 $dane_net.8 $dane_net.9 || return 1

# ---- certificates: one per exchange under the CA "dane"; "stranger" is
# a key no server uses (the records that must not match)
lab_ca dane || return 1
for e in "${!dane_addr[@]}"; do
	lab_cert dane "${dane_leaf[${dane_addr[$e]}]}" "$e" || return 1
done
lab_cert dane stranger stranger.dane.test || return 1
# mx-ta sends its CA after its leaf; every other address its leaf alone
cat "$work/ta.pem" "$work/ca-dane.pem" >"$work/ta-chain.pem"
chmod 644 "$work"/*.key

declare -A dane_rr
dane_rr[_25._tcp.mx-ee.dane.test]=$(lab_tlsa "$work/ee.pem" 3 1 1) &&
dane_rr[_25._tcp.mx-mismatch.dane.test]=$(lab_tlsa "$work/stranger.pem" 3 1 1) &&
dane_rr[_25._tcp.mx-ta.dane.test]=$(lab_tlsa "$work/ca-dane.pem" 2 0 1) &&
dane_rr[_25._tcp.mx-taleaf.dane.test]=$(lab_tlsa "$work/ca-dane.pem" 2 0 1) &&
dane_rr[_25._tcp.mx-usage1.dane.test]="$(lab_tlsa "$work/usage1.pem" 1 1 1)
$(lab_tlsa "$work/ca-dane.pem" 0 0 1)" &&
dane_rr[_25._tcp.mx-real.dane.test]=$(lab_tlsa "$work/real.pem" 3 1 1) &&
dane_rr[_25._tcp.mx-alias.dane.test]=$(lab_tlsa "$work/stranger.pem" 3 1 1) &&
dane_rr[_25._tcp.mx.insecure.test]=$(lab_tlsa "$work/insecure.pem" 3 1 1) &&
dane_rr[_25._tcp.mx.bogus-tlsa.test]=$(lab_tlsa "$work/bogus.pem" 3 1 1) ||
	return 1

# tlsa_lines ZONE: the TLSA records of dane_rr whose owner is in ZONE
tlsa_lines() {
	local n l
	for n in "${!dane_rr[@]}"; do
		case $n in
		*".$1") ;;
		*) continue ;;
		esac
		while IFS= read -r l; do
			printf '%s.\tTLSA\t%s\n' "$n" "$l"
		done <<<"${dane_rr[$n]}"
	done
}

# ---- Postfix: one smtpd per address, STARTTLS with its certificate
dane_smtpd() {	# ADDR CERTFILE KEYFILE
	printf '%s:smtp inet n - n - - smtpd -o smtpd_tls_security_level=may -o smtpd_tls_cert_file=%s -o smtpd_tls_key_file=%s' \
		"$1" "$2" "$3"
}
dane_lines=()
for a in $dane_net.1 $dane_net.2 $dane_net.3 $dane_net.4 $dane_net.5 \
    $dane_net.6 $dane_net.7 $dane_net.8 $dane_net.9; do
	l=${dane_leaf[$a]}
	c=$work/$l.pem
	[ "$l" = ta ] && c=$work/ta-chain.pem
	dane_lines+=("$(dane_smtpd "$a" "$c" "$work/$l.key")")
done
lab_postfix "${dane_lines[@]}" || return 1

# ---- zones
zone_head() {	# ORIGIN
	printf '$ORIGIN %s\n$TTL 3600\n@\tSOA mail-ns.test. hostmaster.test. 1 3600 600 86400 300\n@\tNS mail-ns.test.\n' "$1"
}
{
	zone_head dane.test.
	cat <<Z
ee	MX 10 mx-ee
mismatch	MX 10 mx-mismatch
ta	MX 10 mx-ta
taleaf	MX 10 mx-taleaf
usage1	MX 10 mx-usage1
cname	MX 10 mx-alias
partial	MX 10 mx-ee
partial	MX 20 mx-notlsa
mx-alias	CNAME mx-real
Z
	for e in "${!dane_addr[@]}"; do
		case $e in
		*.dane.test) printf '%s.\tA\t%s\n' "$e" "${dane_addr[$e]}" ;;
		esac
	done
	tlsa_lines dane.test
} >"$z/dane.test.zone"
{
	zone_head insecure.test.
	printf '@\tMX 10 mx\nmx\tA %s\n' "${dane_addr[mx.insecure.test]}"
	tlsa_lines insecure.test
} >"$z/insecure.test.zone"
{
	zone_head bogus-tlsa.test.
	printf '@\tMX 10 mx\nmx\tA %s\n' "${dane_addr[mx.bogus-tlsa.test]}"
	tlsa_lines bogus-tlsa.test
} >"$z/bogus-tlsa.test.zone"

lab_sign dane.test. "$z/dane.test.zone" "$z/dane.test.signed" || return 1
lab_sign bogus-tlsa.test. "$z/bogus-tlsa.test.zone" \
	"$z/bogus-tlsa.test.signed" || return 1
# the TLSA RRset's signature altered after signing (one base64 character
# of the signature, the record itself untouched): a validator finds it
# bogus while MX and A stay secure
/usr/bin/python3 - "$z/bogus-tlsa.test.signed" <<'PY' || return 1
import sys
path = sys.argv[1]
lines = open(path).read().split("\n")
done = 0
for i, l in enumerate(lines):
    f = l.split()
    if len(f) > 5 and f[3] == "RRSIG" and f[4] == "TLSA":
        sig = f[-1]
        k = len(sig) // 2
        f[-1] = sig[:k] + ("B" if sig[k] != "B" else "C") + sig[k + 1:]
        lines[i] = "\t".join(f)
        done += 1
if done != 1:
    sys.exit("bogus-tlsa.test: %d TLSA signatures, expected 1" % done)
open(path, "w").write("\n".join(lines))
PY

{
	cat <<'Z'
$ORIGIN test.
$TTL 3600
@	SOA ns hostmaster 1 3600 600 86400 300
@	NS ns
ns	A 127.0.0.3
mail-ns	A 127.0.0.4
dane	NS mail-ns.test.
insecure	NS mail-ns.test.
bogus-tlsa	NS mail-ns.test.
Z
	cat "$work/keys/dane.test.ds" "$work/keys/bogus-tlsa.test.ds"
} >"$z/test.zone"
lab_sign test. "$z/test.zone" "$z/test.signed" || return 1
{
	cat <<'Z'
$ORIGIN .
$TTL 86400
.	SOA lab-root. hostmaster.lab-root. 1 1800 900 604800 86400
.	NS lab-root.
lab-root.	A 127.0.0.2
test.	NS ns.test.
ns.test.	A 127.0.0.3
Z
	cat "$work/keys/test.ds"
} >"$z/root.zone"
lab_sign . "$z/root.zone" "$z/root.signed" || return 1

lab_root_addr=127.0.0.2
lab_nsd 127.0.0.2 . "$z/root.signed" || return 1
lab_nsd 127.0.0.3 test. "$z/test.signed" || return 1
lab_nsd 127.0.0.4 dane.test. "$z/dane.test.signed" \
	insecure.test. "$z/insecure.test.zone" \
	bogus-tlsa.test. "$z/bogus-tlsa.test.signed" || return 1
lab_unbound "$work/keys/root.ds" || return 1
anchor=$work/keys/root.ds

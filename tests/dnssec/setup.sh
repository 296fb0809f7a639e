# setup.sh -- the DNSSEC and reverse lab (sourced by dnssec.sh after
# netns_enter and test_begin): a signed fake root on 127.0.0.2, a signed
# "test." on 127.0.0.3, the mail domains on 127.0.0.4 and the reverse
# zones on 127.0.0.6, Unbound validating on 127.0.0.1.
#
#   secure.test         signed, valid: MX 10 mx1 (192.0.2.25, 2001:db8::25)
#   expired.test        signed for 2020 only: every signature expired
#   tampered.test       signed, then its MX edited: the signature fails
#   plain.test          not signed (no DS): MX 10 mx1 (192.0.2.26)
#   bogus-provider.test signed for 2020 only: mx.bogus-provider.test
#   uses-bogus.test     signed, valid: MX 10 mx.bogus-provider.test.
#                       (11.0.0.25), MX 20 backup.secure.test. (11.0.0.26)
#   mismatch.test       not signed: MX 10 mx1 (192.0.2.27), whose PTR
#                       names old-mx.secure.test. (192.0.2.99)
# Reverse (not signed): 192.0.2.25, 2001:db8::25 -> mx1.secure.test.,
# 11.0.0.25 -> mx.bogus-provider.test., 11.0.0.26 -> backup.secure.test.,
# 192.0.2.27 -> old-mx.secure.test.; 192.0.2.26 has none.
z=$work/zones
mkdir -p "$z"

zone_head() {	# ORIGIN
	printf '$ORIGIN %s\n$TTL 3600\n@\tSOA mail-ns.test. hostmaster.test. 1 3600 600 86400 300\n@\tNS mail-ns.test.\n' "$1"
}
{ zone_head secure.test.; cat <<'Z'
@	MX 10 mx1
mx1	A 192.0.2.25
mx1	AAAA 2001:db8::25
backup	A 11.0.0.26
old-mx	A 192.0.2.99
Z
} >"$z/secure.test.zone"
{ zone_head expired.test.; printf '@\tMX 10 mx1\nmx1\tA 192.0.2.25\n'; } >"$z/expired.test.zone"
{ zone_head tampered.test.; printf '@\tMX 10 mx1\nmx1\tA 192.0.2.25\n'; } >"$z/tampered.test.zone"
{ zone_head plain.test.; printf '@\tMX 10 mx1\nmx1\tA 192.0.2.26\n'; } >"$z/plain.test.zone"
{ zone_head mismatch.test.; printf '@\tMX 10 mx1\nmx1\tA 192.0.2.27\n'; } >"$z/mismatch.test.zone"
{ zone_head bogus-provider.test.; printf 'mx\tA 11.0.0.25\n'; } >"$z/bogus-provider.test.zone"
{ zone_head uses-bogus.test.; printf '@\tMX 10 mx.bogus-provider.test.\n@\tMX 20 backup.secure.test.\n'; } >"$z/uses-bogus.test.zone"

lab_sign secure.test. "$z/secure.test.zone" "$z/secure.test.signed" || return 1
lab_sign uses-bogus.test. "$z/uses-bogus.test.zone" "$z/uses-bogus.test.signed" || return 1
lab_sign expired.test. "$z/expired.test.zone" "$z/expired.test.signed" \
	ECDSAP256SHA256 20200101000000 20200201000000 || return 1
lab_sign bogus-provider.test. "$z/bogus-provider.test.zone" \
	"$z/bogus-provider.test.signed" ECDSAP256SHA256 20200101000000 \
	20200201000000 || return 1
lab_sign tampered.test. "$z/tampered.test.zone" "$z/tampered.test.signed" || return 1
# the MX changed after signing: its RRSIG no longer matches
sed -i 's/\tMX\t10 mx1.tampered.test./\tMX\t20 mx1.tampered.test./' "$z/tampered.test.signed"
grep -q 'MX	20 mx1.tampered.test.' "$z/tampered.test.signed" || return 1

{
	cat <<'Z'
$ORIGIN test.
$TTL 3600
@	SOA ns hostmaster 1 3600 600 86400 300
@	NS ns
ns	A 127.0.0.3
mail-ns	A 127.0.0.4
Z
	for d in secure uses-bogus expired bogus-provider tampered plain mismatch; do
		printf '%s\tNS\tmail-ns.test.\n' "$d"
	done
	cat "$work/keys/secure.test.ds" "$work/keys/uses-bogus.test.ds" \
		"$work/keys/expired.test.ds" "$work/keys/bogus-provider.test.ds" \
		"$work/keys/tampered.test.ds"
} >"$z/test.zone"
lab_sign test. "$z/test.zone" "$z/test.signed" || return 1

cat >"$z/rev4.zone" <<'Z'
$ORIGIN 2.0.192.in-addr.arpa.
$TTL 3600
@	SOA ns.rev. hostmaster.test. 1 3600 600 86400 300
@	NS ns.rev.
25	PTR mx1.secure.test.
27	PTR old-mx.secure.test.
Z
cat >"$z/rev11.zone" <<'Z'
$ORIGIN 0.0.11.in-addr.arpa.
$TTL 3600
@	SOA ns.rev. hostmaster.test. 1 3600 600 86400 300
@	NS ns.rev.
25	PTR mx.bogus-provider.test.
26	PTR backup.secure.test.
Z
cat >"$z/rev6.zone" <<'Z'
$ORIGIN 8.b.d.0.1.0.0.2.ip6.arpa.
$TTL 3600
@	SOA ns.rev. hostmaster.test. 1 3600 600 86400 300
@	NS ns.rev.
5.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0	PTR mx1.secure.test.
Z
{
	cat <<'Z'
$ORIGIN .
$TTL 86400
.	SOA lab-root. hostmaster.lab-root. 1 1800 900 604800 86400
.	NS lab-root.
lab-root.	A 127.0.0.2
rev.	A 127.0.0.6
test.	NS ns.test.
ns.test.	A 127.0.0.3
2.0.192.in-addr.arpa.	NS rev.
0.0.11.in-addr.arpa.	NS rev.
8.b.d.0.1.0.0.2.ip6.arpa.	NS rev.
Z
	cat "$work/keys/test.ds"
} >"$z/root.zone"
lab_sign . "$z/root.zone" "$z/root.signed" || return 1

lab_root_addr=127.0.0.2
lab_nsd 127.0.0.2 . "$z/root.signed" || return 1
lab_nsd 127.0.0.3 test. "$z/test.signed" || return 1
lab_nsd 127.0.0.4 secure.test. "$z/secure.test.signed" \
	uses-bogus.test. "$z/uses-bogus.test.signed" \
	expired.test. "$z/expired.test.signed" \
	bogus-provider.test. "$z/bogus-provider.test.signed" \
	tampered.test. "$z/tampered.test.signed" \
	plain.test. "$z/plain.test.zone" \
	mismatch.test. "$z/mismatch.test.zone" || return 1
lab_nsd 127.0.0.6 2.0.192.in-addr.arpa. "$z/rev4.zone" \
	0.0.11.in-addr.arpa. "$z/rev11.zone" \
	8.b.d.0.1.0.0.2.ip6.arpa. "$z/rev6.zone" || return 1
lab_unbound "$work/keys/root.ds" || return 1
anchor=$work/keys/root.ds

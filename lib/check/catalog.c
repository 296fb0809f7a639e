/*
 * catalog.c -- the check catalogue: a table and nothing else.
 *
 * A leaf: it depends on no other part of the library.  Entries are
 * indexed by enum mx_check_id (catalog.h), so that the table and the ids
 * cannot disagree; check names are stable and never change once
 * released.
 */
#include <string.h>

#include "catalog.h"

/* A check added to the enum and not here leaves an entry without a name;
 * test_checks looks at every entry. */
static const struct mx_check_info catalogue[MX_CHECK_COUNT] = {
	[MX_CHECK_DOMAIN_NXDOMAIN] = {
	  "domain-nxdomain", MX_SEV_ERROR,
	  "the domain does not exist: mail bounces", "RFC 5321 §5.1",
	  "mail for nosuch.example.com. is sent while the name has no records",
	  "publish the domain (MX records, or a null MX if it takes no mail)",
	  1 },
	[MX_CHECK_MX_LOOKUP_FAILED] = {
	  "mx-lookup-failed", MX_SEV_ERROR,
	  "the MX query got SERVFAIL, REFUSED or another error rcode: "
	  "senders queue and retry", "RFC 5321 §5.1",
	  "dig MX example.com. answers status: SERVFAIL",
	  "fix the authoritative servers (lame delegation, broken DNSSEC, "
	  "unreachable servers) so that they answer the MX query", 0 },
	[MX_CHECK_DOMAIN_CNAME] = {
	  "domain-cname", MX_SEV_INFO,
	  "the domain is an alias; its canonical name's MX is used",
	  "RFC 5321 §5.1",
	  "example.com. CNAME example.net.",
	  "nothing to fix if intended; publish MX records at the name itself "
	  "to stop depending on the alias", 1 },
	[MX_CHECK_IMPLICIT_MX] = {
	  "implicit-mx", MX_SEV_WARNING,
	  "no MX: mail falls back to the domain's own A/AAAA", "RFC 5321 §5.1",
	  "www.example.com. A 198.51.100.7 (and no MX)",
	  "publish an MX record, or a null MX (MX 0 .) if the name takes no "
	  "mail", 1 },
	[MX_CHECK_NO_MAIL_ROUTE] = {
	  "no-mail-route", MX_SEV_ERROR,
	  "no MX, no null MX and no A/AAAA: mail bounces", "RFC 5321 §5.1",
	  "example.com. TXT \"v=spf1 -all\" (and nothing else)",
	  "publish MX records, or a null MX (MX 0 .) to say so explicitly",
	  1 },
	[MX_CHECK_NULL_MX] = {
	  "null-mx", MX_SEV_INFO,
	  "the domain publishes a null MX: it accepts no mail", "RFC 7505",
	  "example.com. MX 0 .", "nothing to fix if the domain takes no mail",
	  1 },
	[MX_CHECK_NULL_MX_MIXED] = {
	  "null-mx-mixed", MX_SEV_ERROR,
	  "a null MX beside other MX records: Postfix bounces all mail, others "
	  "may deliver", "RFC 7505 §3",
	  "example.com. MX 0 .\nexample.com. MX 10 mail.example.com.",
	  "remove the null MX if the domain takes mail, or the other MX "
	  "records if it does not", 1 },
	[MX_CHECK_NULL_MX_PREFERENCE] = {
	  "null-mx-preference", MX_SEV_WARNING,
	  "a null MX with a preference other than 0", "RFC 7505 §3",
	  "example.com. MX 10 .", "write the null MX as MX 0 .", 1 },
	[MX_CHECK_MX_TARGET_CNAME] = {
	  "mx-target-cname", MX_SEV_ERROR,
	  "the exchange is an alias: Postfix follows it, others refuse",
	  "RFC 2181 §10.3, RFC 5321 §5.1",
	  "example.com. MX 10 mail.example.com.\n"
	  "mail.example.com. CNAME mx.provider.net.",
	  "point the MX at the canonical name (mx.provider.net.)", 1 },
	[MX_CHECK_MX_TARGET_NXDOMAIN] = {
	  "mx-target-nxdomain", MX_SEV_ERROR,
	  "the exchange does not exist", "RFC 5321 §5.1",
	  "example.com. MX 10 mial.example.com. (a typo)",
	  "correct the exchange name or create its A/AAAA records", 1 },
	[MX_CHECK_MX_TARGET_NO_ADDRESS] = {
	  "mx-target-no-address", MX_SEV_ERROR,
	  "the exchange exists but has neither A nor AAAA", "RFC 5321 §5.1",
	  "example.com. MX 10 mail.example.com.\n"
	  "mail.example.com. TXT \"no address here\"",
	  "add A and/or AAAA records for the exchange", 1 },
	[MX_CHECK_MX_TARGET_LOOKUP_FAILED] = {
	  "mx-target-lookup-failed", MX_SEV_WARNING,
	  "the A/AAAA lookup of the exchange failed (SERVFAIL, REFUSED, "
	  "timeout): not verifiable", "RFC 5321 §5.1",
	  "dig A mail.example.com. answers status: SERVFAIL",
	  "fix the servers of the exchange's zone", 0 },
	[MX_CHECK_MX_TARGET_IP_LITERAL] = {
	  "mx-target-ip-literal", MX_SEV_ERROR,
	  "the exchange is an IP address written as a name: Postfix "
	  "delivers, Exim and Go refuse", "RFC 5321 §5.1, RFC 7505 §2",
	  "example.com. MX 10 192.0.2.25",
	  "give the host a name with an A record and point the MX at the "
	  "name", 1 },
	[MX_CHECK_MX_TARGET_DOUBLED_ORIGIN] = {
	  "mx-target-doubled-origin", MX_SEV_ERROR,
	  "the exchange repeats the zone origin: a missing trailing dot",
	  "RFC 1035 §5.1",
	  "example.com. MX 10 mail.example.com (no trailing dot: "
	  "mail.example.com.example.com.)",
	  "end absolute names with a dot: mail.example.com.", 1 },
	[MX_CHECK_MX_TARGET_INVALID_NAME] = {
	  "mx-target-invalid-name", MX_SEV_WARNING,
	  "the exchange is not a valid host name (letters, digits, hyphens)",
	  "RFC 1123 §2.1, RFC 952",
	  "example.com. MX 10 mail_server.example.com.",
	  "rename the host to letters, digits and hyphens", 1 },
	[MX_CHECK_MX_TARGET_OUT_OF_ZONE] = {
	  "mx-target-out-of-zone", MX_SEV_INFO,
	  "zone-file input: the exchange lies outside every loaded zone and "
	  "was not resolved", "RFC 1034 §4.3.2",
	  "example.com. MX 10 aspmx.l.google.com.",
	  "load that zone too (--zone), or resolve it live (--live)", 1 },
	[MX_CHECK_MX_TARGET_PRIVATE_ADDRESS] = {
	  "mx-target-private-address", MX_SEV_ERROR,
	  "an address of the exchange is not globally routable",
	  "RFC 6890, IANA special-purpose address registries",
	  "mail.example.com. A 192.168.1.25",
	  "publish the public address; keep internal addresses in an "
	  "internal view", 1 },
	[MX_CHECK_MX_DUPLICATE_TARGET] = {
	  "mx-duplicate-target", MX_SEV_WARNING,
	  "the same exchange appears more than once in the MX set",
	  "RFC 5321 §5.1",
	  "example.com. MX 10 mail.example.com.\n"
	  "example.com. MX 20 mail.example.com.",
	  "list each exchange once, at the preference meant", 1 },
	[MX_CHECK_NO_USABLE_MX] = {
	  "no-usable-mx", MX_SEV_ERROR,
	  "MX records exist but no host is usable: mail bounces",
	  "RFC 5321 §5.1",
	  "example.com. MX 10 mail.example.com. (which has no address)",
	  "give at least one exchange a globally routable A or AAAA record",
	  1 },
	[MX_CHECK_MX_PRIMARY_UNUSABLE] = {
	  "mx-primary-unusable", MX_SEV_ERROR,
	  "no host of the most preferred tier is usable, while a backup tier "
	  "is: all mail detours through backups", "RFC 5321 §5.1",
	  "example.com. MX 10 dead.example.com.\n"
	  "example.com. MX 20 backup.example.com.",
	  "repair or remove the primary exchanges", 1 },
	[MX_CHECK_MX_TIER_UNUSABLE] = {
	  "mx-tier-unusable", MX_SEV_WARNING,
	  "a backup tier has no usable host: a gap in the failover chain",
	  "RFC 5321 §5.1",
	  "example.com. MX 10 mail.example.com.\n"
	  "example.com. MX 20 dead.example.com.",
	  "repair or remove the backup exchanges", 1 },
	[MX_CHECK_MX_SINGLE_HOST] = {
	  "mx-single-host", MX_SEV_INFO,
	  "every path leads to one host: no failover", "RFC 5321 §5.1",
	  "example.com. MX 10 mail.example.com. (and no other)",
	  "add a second exchange if mail must not queue while the host is "
	  "down", 1 },
	[MX_CHECK_MX_SHARED_ADDRESS] = {
	  "mx-shared-address", MX_SEV_WARNING,
	  "different exchanges resolve to the same address: the redundancy "
	  "is only apparent", "RFC 5321 §5.1",
	  "mx1.example.com. A 198.51.100.25\nmx2.example.com. A 198.51.100.25",
	  "put the exchanges on different hosts, or list one exchange", 1 },
	[MX_CHECK_MX_ADDRESS_LIMIT] = {
	  "mx-address-limit", MX_SEV_WARNING,
	  "more addresses precede a usable host than senders try (5, "
	  "Postfix's default): hosts past the limit are never tried",
	  "Postfix smtp_mx_address_limit, Exim hosts_max_try",
	  "example.com. MX 10 old.example.com. (six private addresses)\n"
	  "example.com. MX 20 mail.example.com.",
	  "remove dead addresses and exchanges ahead of the usable ones", 1 },
	[MX_CHECK_MX_NO_IPV6] = {
	  "mx-no-ipv6", MX_SEV_INFO,
	  "no exchange has an AAAA record", "RFC 3974",
	  "mail.example.com. A 198.51.100.25 (and no AAAA)",
	  "add AAAA records so IPv6-only senders can deliver", 1 },
	[MX_CHECK_MX_NO_IPV4] = {
	  "mx-no-ipv4", MX_SEV_WARNING,
	  "no exchange has an A record: IPv4-only senders cannot deliver",
	  "RFC 3974",
	  "mail.example.com. AAAA 2001:db8::25 (and no A)",
	  "add A records: most senders still reach mail over IPv4 only", 1 },
	[MX_CHECK_MX_TTL_LOW] = {
	  "mx-ttl-low", MX_SEV_WARNING,
	  "the MX TTL is below --ttl-min (300 s)", "RFC 1035 §3.2.1",
	  "example.com. 60 MX 10 mail.example.com.",
	  "raise the TTL (3600 is common) once the change is done", 1 },
	[MX_CHECK_MX_TTL_HIGH] = {
	  "mx-ttl-high", MX_SEV_WARNING,
	  "the MX TTL is above --ttl-max (604800 s): changes take too long "
	  "to reach senders", "RFC 1035 §3.2.1",
	  "example.com. 2592000 MX 10 mail.example.com.",
	  "lower the TTL to a day or less", 1 },
	[MX_CHECK_TTL_ZERO] = {
	  "ttl-zero", MX_SEV_WARNING,
	  "a record on the path has TTL 0: uncacheable", "RFC 1035 §3.2.1",
	  "mail.example.com. 0 A 198.51.100.25",
	  "give the record a TTL of at least a few minutes", 1 },
	[MX_CHECK_TTL_MISMATCH] = {
	  "ttl-mismatch", MX_SEV_WARNING,
	  "records of one RRset have different TTLs", "RFC 2181 §5.2",
	  "mail.example.com. 300 A 198.51.100.25\n"
	  "mail.example.com. 3600 A 198.51.100.26",
	  "give every record of the RRset the same TTL", 1 },
	[MX_CHECK_MX_WILDCARD] = {
	  "mx-wildcard", MX_SEV_INFO,
	  "zone-file input: a wildcard owner carries MX records",
	  "RFC 4592, RFC 1912 §2.7",
	  "*.example.com. MX 10 mail.example.com.",
	  "nothing to fix if intended; list the names that take mail "
	  "instead", 1 },
	[MX_CHECK_ZONE_SYNTAX] = {
	  "zone-syntax", MX_SEV_ERROR,
	  "zone-file input: the file does not parse, or a record is invalid "
	  "(bad rdata, an overlong name, a TTL over 2^31-1, a class other "
	  "than the zone's...); the error names file and line; an unknown "
	  "check in an inline ignore list is a warning", "RFC 1035 §5",
	  "example.com. MX 65536 mail.example.com.",
	  "correct the record at the file and line named", 1 },
	[MX_CHECK_CNAME_AND_OTHER_DATA] = {
	  "cname-and-other-data", MX_SEV_ERROR,
	  "zone-file input: a CNAME beside other records at one owner: "
	  "servers refuse the zone", "RFC 1034 §3.6.2, RFC 2181 §10.1",
	  "mail.example.com. CNAME mx.provider.net.\n"
	  "mail.example.com. MX 10 mx.provider.net.",
	  "keep either the CNAME or the other records at that name (an "
	  "RRSIG or NSEC may stay beside the CNAME)", 1 },
	[MX_CHECK_ZONE_DUPLICATE_ORIGIN] = {
	  "zone-duplicate-origin", MX_SEV_ERROR,
	  "zone-file input: two loaded files claim the same origin",
	  "RFC 1034 §4.2",
	  "mxdig lint db.example.com old/db.example.com",
	  "load one file per zone; give each file its own origin "
	  "(FILE:ORIGIN)", 1 },
	[MX_CHECK_DNSSEC_SIGNATURE_EXPIRED] = {
	  "dnssec-signature-expired", MX_SEV_ERROR,
	  "zone-file input: a signed zone's RRSIG over a record on the mail "
	  "path is past its expiration or before its inception: validating "
	  "resolvers return SERVFAIL", "RFC 4035 §5.3.1, RFC 4034 §3.1.5",
	  "example.com. RRSIG MX 13 2 3600 20240101000000 20231201000000 "
	  "12345 example.com. ... (expired)",
	  "re-sign the zone (ldns-signzone, dnssec-signzone, or the signer's "
	  "automatic re-signing) and reload it", 1 },
	[MX_CHECK_DNSSEC_SIGNATURE_EXPIRING] = {
	  "dnssec-signature-expiring", MX_SEV_WARNING,
	  "zone-file input: such an RRSIG expires within --sig-days (7)",
	  "RFC 4035 §5.3.1, RFC 6781 §4.4.2",
	  "example.com. RRSIG MX 13 2 3600 EXPIRATION-IN-3-DAYS ... ",
	  "re-sign the zone before the signatures expire, and make re-signing "
	  "automatic", 1 },
	[MX_CHECK_DNSSEC_SIGNATURE_INVALID] = {
	  "dnssec-signature-invalid", MX_SEV_ERROR,
	  "zone-file input: such an RRSIG does not verify with the zone's "
	  "DNSKEY (or the RRset has none): validating resolvers return "
	  "SERVFAIL", "RFC 4035 §5.3",
	  "mail.example.com. A 198.51.100.26 (edited after signing)",
	  "sign the zone again after every edit", 1 },
	[MX_CHECK_SOA_SERIAL_NOT_INCREASED] = {
	  "soa-serial-not-increased", MX_SEV_ERROR,
	  "diff: the zone's records changed but its SOA serial did not "
	  "increase: secondaries keep the old zone", "RFC 1982, RFC 1996",
	  "example.com. SOA ns1 hostmaster 2024010101 ... (the same serial "
	  "after an MX was changed)",
	  "increase the serial with every change (YYYYMMDDnn, or a counter; "
	  "serial arithmetic wraps at 2^32)", 1 },
	[MX_CHECK_MX_CHANGE_TTL] = {
	  "mx-change-ttl", MX_SEV_INFO,
	  "diff: an MX set changes while its old TTL exceeds 3600 s: senders "
	  "may keep using the old hosts for up to that long",
	  "RFC 1035 §3.2.1, RFC 2181 §8",
	  "example.com. 86400 MX 10 old.example.com. replaced by "
	  "MX 10 new.example.com.",
	  "keep the old hosts accepting mail for one old TTL, or lower the TTL "
	  "one TTL ahead of the change", 1 },
	/* r-dnssec: the live DNSSEC and reverse layers */
	[MX_CHECK_DNSSEC_BOGUS] = {
	  "dnssec-bogus", MX_SEV_ERROR,
	  "validation fails for an RRset on the path (EDE code and text "
	  "given): validating resolvers answer SERVFAIL, and mail to D queues "
	  "and bounces for senders behind them", "RFC 4035 §5.5, RFC 8914",
	  "example.com. MX signed until yesterday: EDE 7 (Signature Expired)",
	  "re-sign the zone (and automate it: signatures expire), or fix the "
	  "DS at the parent to match the zone's keys", 0 },
	[MX_CHECK_DNSSEC_UNSIGNED] = {
	  "dnssec-unsigned", MX_SEV_INFO,
	  "D's zone is not signed: answers can be forged, and DANE cannot be "
	  "used", "RFC 4033, RFC 7672 §2.2",
	  "example.com. MX answered without a chain of trust (insecure)",
	  "sign the zone and publish its DS at the parent", 0 },
	[MX_CHECK_MX_PTR_MISSING] = {
	  "mx-ptr-missing", MX_SEV_INFO,
	  "an address of an exchange has no PTR record", "RFC 1912 §2.1",
	  "192.0.2.25 (mx1.example.com.): 25.2.0.192.in-addr.arpa. "
	  "NXDOMAIN",
	  "ask whoever holds the address block for a PTR naming the host",
	  0 },
	[MX_CHECK_MX_PTR_MISMATCH] = {
	  "mx-ptr-mismatch", MX_SEV_WARNING,
	  "the PTR name of an exchange address does not resolve back to that "
	  "address (no forward-confirmed reverse DNS): if the host also sends "
	  "mail, many receivers reject it", "RFC 1912 §2.1, RFC 8601 §2.7.3",
	  "192.0.2.25 PTR old-host.example.net., whose A is 198.51.100.7",
	  "make the PTR name the host's name, and give that name an A/AAAA "
	  "record with the address", 0 },
};

const struct mx_check_info *
mx_checks(size_t *n)
{
	*n = MX_CHECK_COUNT;
	return catalogue;
}

const struct mx_check_info *
mx_check_info_of(enum mx_check_id id)
{
	return &catalogue[id];
}

mx_status
mx_check_id_of(const char *name, enum mx_check_id *id)
{
	size_t i;

	for (i = 0; i < MX_CHECK_COUNT; i++)
		if (strcmp(catalogue[i].name, name) == 0) {
			*id = (enum mx_check_id)i;
			return MX_OK;
		}
	return MX_ERR_UNKNOWN_CHECK;
}

const struct mx_check_info *
mx_check_find(const char *name)
{
	enum mx_check_id id;

	if (mx_check_id_of(name, &id) != MX_OK)
		return NULL;
	return &catalogue[id];
}

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
	/* the authority layer (live) */
	[MX_CHECK_MX_INCONSISTENT] = {
	  "mx-inconsistent", MX_SEV_ERROR,
	  "the authoritative servers of D's zone serve different MX sets: "
	  "which hosts get the mail depends on the server a resolver asks",
	  "RFC 1034 §4.3.5, RFC 1996",
	  "ns1.example.com serves MX 10 mx.new-provider.net., ns2.example.com "
	  "still MX 10 mx.old-provider.net. (serials 2026120102 and "
	  "2026110501)",
	  "make every authoritative server serve the same zone (check zone "
	  "transfers, NOTIFY and the secondaries' logs); keep the old hosts "
	  "accepting mail for one MX TTL after the last server has the new "
	  "set", 0 },
	[MX_CHECK_SOA_SERIAL_MISMATCH] = {
	  "soa-serial-mismatch", MX_SEV_WARNING,
	  "the authoritative servers serve different SOA serials: a change "
	  "has not reached every server", "RFC 1034 §4.3.5, RFC 1996",
	  "ns1.example.com SOA serial 2026120102, ns2.example.com 2026110501",
	  "find why the secondary does not transfer the zone (NOTIFY, "
	  "allow-transfer, the primary's address in its configuration)", 0 },
	[MX_CHECK_NS_UNREACHABLE] = {
	  "ns-unreachable", MX_SEV_WARNING,
	  "an authoritative server address does not answer (timeout or "
	  "refused)", "RFC 2182 §3",
	  "example.com. NS ns2.example.com. with ns2.example.com. A "
	  "198.51.100.53, where nothing listens on port 53",
	  "start the server, open port 53 (UDP and TCP) to it, or remove its "
	  "NS record and its address", 0 },
	[MX_CHECK_NS_LAME] = {
	  "ns-lame", MX_SEV_WARNING,
	  "an authoritative server answers without authority for the zone "
	  "(no AA bit, REFUSED, or a referral)", "RFC 1034 §4.3.1, RFC 1912 "
	  "§2.8",
	  "example.com. NS ns.old-host.net., which no longer serves "
	  "example.com and answers REFUSED",
	  "load the zone on that server, or remove its NS record at the zone "
	  "and at the parent", 0 },
	[MX_CHECK_AUTH_UNREACHABLE] = {
	  "auth-unreachable", MX_SEV_INFO,
	  "no authoritative server could be reached from here (direct DNS "
	  "blocked?): authority checks skipped, and no ns-unreachable is "
	  "reported", "RFC 1035 §4.2",
	  "a network that lets DNS out only through its own resolver",
	  "run mxdig where port 53 is reachable, or use --no-auth: the TTL "
	  "checks need the authoritative servers", 0 },
	/* SMTP and TLS: only with --smtp, never from zone files */
	[MX_CHECK_SMTP_UNREACHABLE] = {
	  "smtp-unreachable", MX_SEV_WARNING,
	  "with --smtp: an address refuses or does not answer a TCP "
	  "connection on port 25 within --smtp-timeout: senders try the next "
	  "address; a host none of whose addresses answers is unusable",
	  "RFC 5321 §5.1",
	  "mx1.example.com. A 198.51.100.25, and nothing listens on its port 25",
	  "start the MTA, or open port 25 to the Internet in the firewall; "
	  "remove addresses that take no mail from the exchange", 0 },
	[MX_CHECK_SMTP_REJECTS] = {
	  "smtp-rejects", MX_SEV_ERROR,
	  "with --smtp: an address greets with 554: it accepts no mail",
	  "RFC 5321 §3.1",
	  "554 mx1.example.com no SMTP service here",
	  "let the MTA accept connections from the Internet, or take the "
	  "address out of the MX path", 0 },
	[MX_CHECK_SMTP_BUSY] = {
	  "smtp-busy", MX_SEV_INFO,
	  "with --smtp: an address answers 421, or closes before greeting "
	  "(rate limit, greylisting, tarpit): inconclusive, counted as "
	  "neither usable nor broken", "RFC 5321 §3.8",
	  "421 mx1.example.com too many connections, try later",
	  "nothing, if it is a rate limit for this prober; otherwise raise "
	  "the MTA's connection limits", 0 },
	[MX_CHECK_SMTP_GREETING_SLOW] = {
	  "smtp-greeting-slow", MX_SEV_INFO,
	  "with --smtp: the greeting took more than 10 s: RFC 5321 allows "
	  "5 minutes, but impatient senders give up", "RFC 5321 §4.5.3.2",
	  "a 220 greeting 12 s after the connection (a greet pause)",
	  "shorten the greet pause (postscreen_greet_wait, smtpd_delay_open) "
	  "below 10 s", 0 },
	[MX_CHECK_SMTP_NO_STARTTLS] = {
	  "smtp-no-starttls", MX_SEV_WARNING,
	  "with --smtp: EHLO does not offer STARTTLS: mail travels in clear, "
	  "and senders that require TLS cannot deliver", "RFC 3207",
	  "250-mx1.example.com / 250 8BITMIME (no STARTTLS line)",
	  "configure a certificate and enable STARTTLS (Postfix: "
	  "smtpd_tls_security_level = may)", 0 },
	[MX_CHECK_SMTP_STARTTLS_FAILED] = {
	  "smtp-starttls-failed", MX_SEV_ERROR,
	  "with --smtp: STARTTLS is offered but refused (454) or the "
	  "handshake fails: opportunistic senders retry in clear, senders "
	  "that require TLS defer", "RFC 3207 §4",
	  "STARTTLS answered 454 TLS not available due to temporary reason",
	  "fix the MTA's certificate and key files (the log says why), or "
	  "stop offering STARTTLS until they work", 0 },
	[MX_CHECK_SMTP_TLS_OLD] = {
	  "smtp-tls-old", MX_SEV_WARNING,
	  "with --smtp: the best protocol the address negotiates is TLS 1.1 "
	  "or older", "RFC 8996",
	  "STARTTLS negotiates TLSv1 with a client that offers TLS 1.3",
	  "enable TLS 1.2 and 1.3 (Postfix: smtpd_tls_protocols = "
	  ">=TLSv1.2 for mandatory TLS, leave the opportunistic ones open)", 0 },
	[MX_CHECK_SMTP_CERT_EXPIRED] = {
	  "smtp-cert-expired", MX_SEV_WARNING,
	  "with --smtp: the certificate is expired or not yet valid",
	  "RFC 5280 §4.1.2.5",
	  "notAfter=Jan  1 00:00:00 2024 GMT",
	  "renew the certificate and reload the MTA", 0 },
	[MX_CHECK_SMTP_CERT_EXPIRING] = {
	  "smtp-cert-expiring", MX_SEV_WARNING,
	  "with --smtp: the certificate expires within --cert-days "
	  "(default 14)", "RFC 5280 §4.1.2.5",
	  "notAfter 10 days from now",
	  "renew the certificate (and check that the renewal job reloads the "
	  "MTA)", 0 },
	[MX_CHECK_SMTP_CERT_NAME_MISMATCH] = {
	  "smtp-cert-name-mismatch", MX_SEV_WARNING,
	  "with --smtp: the certificate does not name the exchange (wildcards "
	  "in the left-most label only): senders that authenticate the "
	  "server defer", "RFC 9525 §6.3",
	  "MX 10 mx1.example.com. presents a certificate for www.example.com",
	  "add the exchange's name to the certificate's subjectAltName", 0 },
	[MX_CHECK_SMTP_CERT_UNTRUSTED] = {
	  "smtp-cert-untrusted", MX_SEV_WARNING,
	  "with --smtp: the chain does not verify to a trusted root (system "
	  "store, or --ca-file): senders that authenticate the server defer",
	  "RFC 5280 §6",
	  "a self-signed certificate, or a leaf sent without its "
	  "intermediate",
	  "use a certificate from a public CA and send the whole chain "
	  "(Postfix: smtpd_tls_chain_files)", 0 },
	[MX_CHECK_SMTP_ADDRESSES_DIFFER] = {
	  "smtp-addresses-differ", MX_SEV_WARNING,
	  "with --smtp: the addresses of one exchange behave differently "
	  "(STARTTLS on some only, different certificates): what a sender "
	  "sees depends on the address it picks", "RFC 5321 §5.1",
	  "mx1.example.com. A 198.51.100.1 offers STARTTLS, A 198.51.100.2 "
	  "does not",
	  "configure every server behind the name alike", 0 },
	[MX_CHECK_SMTP_PROTOCOL_ERROR] = {
	  "smtp-protocol-error", MX_SEV_WARNING,
	  "with --smtp: an address's replies break SMTP (a line over 512 "
	  "octets, over 100 lines, bytes that are not a reply, no reply to "
	  "EHLO): senders end the session and try the next address",
	  "RFC 5321 §4.2, §4.5.3.1.5",
	  "a greeting of 10,000 lines, or binary bytes instead of 220",
	  "find what answers on port 25 instead of the MTA (a proxy, a "
	  "firewall's SMTP fixup) and fix it", 0 },
	/* the live DNSSEC and reverse layers */
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
	/* the policy layer: DANE, MTA-STS, TLS-RPT */
	[MX_CHECK_DANE_TLSA_BOGUS] = {
	  "dane-tlsa-bogus", MX_SEV_ERROR,
	  "the TLSA lookup of an exchange fails DNSSEC validation or returns "
	  "SERVFAIL: DANE senders defer all mail to it", "RFC 7672 §2.1.1",
	  "_25._tcp.mx1.example.com. TLSA answered SERVFAIL (EDE 7, Signature "
	  "Expired)",
	  "re-sign the exchange's zone, or fix the servers that fail the TLSA "
	  "query (some firewalls and old servers drop unknown types)", 0 },
	[MX_CHECK_DANE_TLSA_MISMATCH] = {
	  "dane-tlsa-mismatch", MX_SEV_ERROR,
	  "with --smtp: no usable TLSA record matches the certificate chain "
	  "the exchange presents: DANE senders defer all mail to it",
	  "RFC 7672 §3",
	  "_25._tcp.mx1.example.com. TLSA 3 1 1 <digest of last year's key>",
	  "publish the TLSA record of the new key before the certificate is "
	  "replaced (keep both during the rollover), then remove the old one",
	  0 },
	[MX_CHECK_DANE_TLSA_UNUSABLE] = {
	  "dane-tlsa-unusable", MX_SEV_WARNING,
	  "TLSA records exist but none is usable for SMTP (usage 0 or 1, a "
	  "field out of range, a digest of the wrong length): DANE senders "
	  "require TLS but do not authenticate it",
	  "RFC 7672 §3.1.3, RFC 6698 §2.1",
	  "_25._tcp.mx1.example.com. TLSA 1 0 1 <digest of the certificate>",
	  "publish DANE-EE (3 1 1) or DANE-TA (2 1 1) records: PKIX-TA and "
	  "PKIX-EE are not used for SMTP", 1 },
	[MX_CHECK_DANE_INSECURE] = {
	  "dane-insecure", MX_SEV_WARNING,
	  "TLSA records exist but the exchange's zone or its address records "
	  "are not DNSSEC-secure: senders ignore them", "RFC 7672 §2.2.2",
	  "_25._tcp.mx1.example.com. TLSA 3 1 1 ... in an unsigned zone",
	  "sign the exchange's zone (and publish its DS), or remove the TLSA "
	  "records", 0 },
	[MX_CHECK_DANE_PARTIAL] = {
	  "dane-partial", MX_SEV_WARNING,
	  "some exchanges have TLSA records and others not: DANE protects "
	  "only part of the path, and an attacker can steer mail to the rest",
	  "RFC 7672 §2.2",
	  "mx1.example.com. has TLSA 3 1 1, mx2.example.com. none",
	  "publish TLSA records for every exchange", 0 },
	[MX_CHECK_MTA_STS_TXT_INVALID] = {
	  "mta-sts-txt-invalid", MX_SEV_ERROR,
	  "the _mta-sts TXT record is malformed, or there is more than one "
	  "v=STSv1 record: senders ignore the policy", "RFC 8461 §3.1",
	  "_mta-sts.example.com. TXT \"v=STSv1; id=2026-12-01\" (a dash in "
	  "the id)",
	  "publish exactly one TXT record \"v=STSv1; id=ID;\" with an id of 1 "
	  "to 32 letters and digits, changed whenever the policy changes", 1 },
	[MX_CHECK_MTA_STS_POLICY_UNAVAILABLE] = {
	  "mta-sts-policy-unavailable", MX_SEV_ERROR,
	  "with --smtp: the policy cannot be fetched from "
	  "https://mta-sts.D/.well-known/mta-sts.txt (connection, a "
	  "certificate not valid for mta-sts.D, a redirect, a status other "
	  "than 200, over 64 KiB): senders that have no cached policy send "
	  "without one, the others keep an old one", "RFC 8461 §3.3",
	  "https://mta-sts.example.com/.well-known/mta-sts.txt: 404 Not Found",
	  "serve the policy at that URL itself (no redirect), over HTTPS with "
	  "a certificate valid for mta-sts.D", 0 },
	[MX_CHECK_MTA_STS_POLICY_INVALID] = {
	  "mta-sts-policy-invalid", MX_SEV_ERROR,
	  "the MTA-STS policy does not parse (version, mode, max_age of at "
	  "most 31557600, mx): senders treat the domain as having no policy",
	  "RFC 8461 §3.2",
	  "version: STSv1\nmode: enforced\nmax_age: 86400",
	  "write the policy as RFC 8461 §3.2 gives it: version: STSv1, mode: "
	  "enforce|testing|none, one mx: line per pattern, max_age", 0 },
	[MX_CHECK_MTA_STS_MX_NOT_COVERED] = {
	  "mta-sts-mx-not-covered", MX_SEV_ERROR,
	  "an exchange (an implicit MX too) matches no mx pattern of the "
	  "MTA-STS policy (*. is one label): in enforce mode MTA-STS senders "
	  "refuse to deliver to it; a warning in testing mode", "RFC 8461 §4.1",
	  "policy mx: *.example.net against the exchange a.b.example.net.",
	  "add the exchange to the policy's mx lines and change the TXT "
	  "record's id before the MX change is published", 0 },
	[MX_CHECK_MTA_STS_CERT_INVALID] = {
	  "mta-sts-cert-invalid", MX_SEV_ERROR,
	  "enforce mode, with --smtp: the exchange's certificate is not "
	  "PKIX-valid for its name: MTA-STS senders refuse to deliver to it",
	  "RFC 8461 §4.1",
	  "mx1.example.com. presents a self-signed certificate for "
	  "mail.example.net.",
	  "install a certificate from a public CA that names the exchange "
	  "(and renew it before it expires)", 0 },
	[MX_CHECK_MTA_STS_TESTING] = {
	  "mta-sts-testing", MX_SEV_INFO,
	  "the MTA-STS policy is in testing mode: failures are only reported, "
	  "mail is delivered anyway", "RFC 8461 §5",
	  "mode: testing",
	  "switch to mode: enforce once the TLS reports show no failures", 0 },
	[MX_CHECK_TLS_RPT_MISSING] = {
	  "tls-rpt-missing", MX_SEV_INFO,
	  "DANE or MTA-STS is in use but _smtp._tls.D has no TLS-RPT record: "
	  "nobody hears of delivery failures", "RFC 8460 §3",
	  "_mta-sts.example.com. TXT \"v=STSv1; id=1\" and no "
	  "_smtp._tls.example.com. TXT",
	  "publish _smtp._tls.D TXT \"v=TLSRPTv1; rua=mailto:tlsrpt@D\"", 0 },
	[MX_CHECK_TLS_RPT_INVALID] = {
	  "tls-rpt-invalid", MX_SEV_WARNING,
	  "the TLS-RPT record is malformed (v=TLSRPTv1, one or more rua URIs, "
	  "mailto: or https:): senders send no reports", "RFC 8460 §3",
	  "_smtp._tls.example.com. TXT \"v=TLSRPTv1; rua=tlsrpt@example.com\"",
	  "publish \"v=TLSRPTv1; rua=mailto:ADDRESS\" (or an https: URI)", 1 },
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

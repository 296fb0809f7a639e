/*
 * test_answer.c -- the answer object and the reduction of a DNS response
 * to an answer (dns/answer.c).
 *
 * The responses are built with ldns from a table, {packet, expected
 * answer}, one cmocka test per row; the malformed ones that ldns will not
 * build are written byte by byte.  Every prefix of a response, byte
 * flips and random bytes must reduce without a crash (run under ASan).
 */
#include <malloc.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <ldns/ldns.h>

#include "internal.h"
#include "answer.h"

#define MAXRR	12

/* One response and the answer it must reduce to. */
struct wire_case {
	const char	*name;
	const char	*qname;		/* asked */
	uint16_t	 qtype;
	const char	*pkt_qname;	/* the question; NULL: qname,
					 * "": no question */
	uint16_t	 pkt_qtype;	/* 0: qtype */
	int		 query;		/* QR clear */
	ldns_pkt_opcode	 opcode;
	uint8_t		 rcode;
	unsigned	 flags;		/* MX_FLAG_* in the header */
	int		 edns;		/* an OPT record */
	uint8_t		 ext_rcode;	/* its upper RCODE bits */
	const char	*opt;		/* its RDATA, optlen octets */
	size_t		 optlen;
	const char	*an[MAXRR], *ns[MAXRR], *ar[MAXRR];

	enum mx_rcode	 x_rcode;
	const char	*x_detail;
	uint32_t	 x_negative_ttl;
	int		 x_has_ede;
	int		 x_ede;
	const char	*x_ede_text;
	const char	*x_records[MAXRR], *x_cnames[MAXRR];
	const char	*x_authority[MAXRR], *x_additional[MAXRR];
};

#define OPT(s)	.edns = 1, .opt = (s), .optlen = sizeof(s) - 1

#define MX1	"example.com. 300 IN MX 10 mx1.example.com."
#define MX2	"example.com. 300 IN MX 20 mx2.example.net."
#define NS1	"example.com. 3600 IN NS ns1.example.com."
#define SOA	"example.com. 3600 IN SOA ns1.example.com. " \
		"hostmaster.example.com. 2024010101 7200 900 1209600 300"
#define SOA_TTL60 "example.com. 60 IN SOA ns1.example.com. " \
		"hostmaster.example.com. 7 7200 900 1209600 300"
#define A1	"mx1.example.com. 300 IN A 192.0.2.1"
#define AAAA1	"mx1.example.com. 300 IN AAAA 2001:db8::1"

#define X_MX1	"example.com. 300 MX 10 mx1.example.com."
#define X_MX2	"example.com. 300 MX 20 mx2.example.net."
#define X_NS1	"example.com. 3600 NS ns1.example.com."
#define X_SOA	"example.com. 3600 SOA ns1.example.com. serial 2024010101"
#define X_A1	"mx1.example.com. 300 A 192.0.2.1"
#define X_AAAA1	"mx1.example.com. 300 AAAA 2001:db8::1"

/* A chain c0 -> c1 -> ... of CNAMEs in the answer section. */
#define HOP(i, j) "c" #i ".example. 60 IN CNAME c" #j ".example."
#define X_HOP(i, j) "c" #i ".example. 60 CNAME c" #j ".example."

static const struct wire_case cases[] = {
	/* outcomes */
	{ .name = "ok", .qname = "example.com.", .qtype = MX_TYPE_MX,
	  .flags = MX_FLAG_AA,
	  .an = { MX1, MX2, "example.com. 300 IN TXT \"v=spf1 -all\"" },
	  .ns = { NS1, "example.com. 3600 IN TXT \"not kept\"" },
	  .ar = { A1, AAAA1, "mx1.example.com. 300 IN TXT \"not kept\"" },
	  .x_rcode = MX_ANSWER_OK, .x_records = { X_MX1, X_MX2 },
	  .x_authority = { X_NS1 }, .x_additional = { X_A1, X_AAAA1 } },
	{ .name = "flags-aa-ad-tc", .qname = "example.com.",
	  .qtype = MX_TYPE_MX, .flags = MX_FLAG_AA | MX_FLAG_AD | MX_FLAG_TC,
	  .an = { MX1 }, .x_rcode = MX_ANSWER_OK, .x_records = { X_MX1 } },
	{ .name = "flags-ad", .qname = "example.com.", .qtype = MX_TYPE_MX,
	  .flags = MX_FLAG_AD, .an = { MX1 }, .x_rcode = MX_ANSWER_OK,
	  .x_records = { X_MX1 } },
	{ .name = "ok-soa-no-negative-ttl", .qname = "example.com.",
	  .qtype = MX_TYPE_MX, .an = { MX1 }, .ns = { SOA, NS1 },
	  .x_rcode = MX_ANSWER_OK, .x_records = { X_MX1 },
	  .x_authority = { X_SOA, X_NS1 } },
	{ .name = "nodata", .qname = "example.com.", .qtype = MX_TYPE_MX,
	  .ns = { SOA }, .x_rcode = MX_ANSWER_NODATA, .x_negative_ttl = 300,
	  .x_authority = { X_SOA } },
	{ .name = "nodata-without-soa", .qname = "example.com.",
	  .qtype = MX_TYPE_MX, .ns = { NS1 }, .x_rcode = MX_ANSWER_NODATA,
	  .x_authority = { X_NS1 } },
	{ .name = "nodata-other-type-at-name", .qname = "example.com.",
	  .qtype = MX_TYPE_MX, .an = { "example.com. 300 IN A 192.0.2.9" },
	  .ns = { SOA }, .x_rcode = MX_ANSWER_NODATA, .x_negative_ttl = 300,
	  .x_authority = { X_SOA } },
	{ .name = "nodata-class-ch-ignored", .qname = "example.com.",
	  .qtype = MX_TYPE_MX,
	  .an = { "example.com. 300 CH MX 10 mx1.example.com." },
	  .x_rcode = MX_ANSWER_NODATA },
	{ .name = "nxdomain-soa-ttl-lower", .qname = "nope.example.com.",
	  .qtype = MX_TYPE_MX, .rcode = LDNS_RCODE_NXDOMAIN,
	  .ns = { SOA_TTL60, SOA }, .x_rcode = MX_ANSWER_NXDOMAIN,
	  .x_negative_ttl = 60, .x_authority = {
	  "example.com. 60 SOA ns1.example.com. serial 7", X_SOA } },
	{ .name = "nxdomain-soa-minimum-lower", .qname = "nope.example.com.",
	  .qtype = MX_TYPE_MX, .rcode = LDNS_RCODE_NXDOMAIN, .ns = { SOA },
	  .x_rcode = MX_ANSWER_NXDOMAIN, .x_negative_ttl = 300,
	  .x_authority = { X_SOA } },
	{ .name = "cname-leaves-answer", .qname = "www.example.com.",
	  .qtype = MX_TYPE_MX,
	  .an = { "www.example.com. 300 IN CNAME host.example.net." },
	  .x_rcode = MX_ANSWER_CNAME, .x_cnames = {
	  "www.example.com. 300 CNAME host.example.net." } },
	{ .name = "cname-target-other-type", .qname = "www.example.com.",
	  .qtype = MX_TYPE_MX,
	  .an = { "www.example.com. 300 IN CNAME host.example.com.",
	  "host.example.com. 300 IN A 192.0.2.7" },
	  .x_rcode = MX_ANSWER_CNAME, .x_cnames = {
	  "www.example.com. 300 CNAME host.example.com." } },
	{ .name = "chain-followed-to-ok", .qname = "a.example.",
	  .qtype = MX_TYPE_MX, .flags = MX_FLAG_AA,
	  .an = { "c.example. 120 IN MX 5 mail.example.",
	  "b.example. 60 IN CNAME c.example.",
	  "other.example. 300 IN MX 1 wrong.example.",
	  "a.example. 30 IN CNAME b.example.",
	  "c.example. 120 IN A 192.0.2.3",
	  "c.example. 120 IN MX 6 mail2.example." },
	  .x_rcode = MX_ANSWER_OK,
	  .x_records = { "c.example. 120 MX 5 mail.example.",
	  "c.example. 120 MX 6 mail2.example." },
	  .x_cnames = { "a.example. 30 CNAME b.example.",
	  "b.example. 60 CNAME c.example." } },
	{ .name = "chain-to-nxdomain", .qname = "a.example.",
	  .qtype = MX_TYPE_MX, .rcode = LDNS_RCODE_NXDOMAIN,
	  .an = { "a.example. 30 IN CNAME b.example." },
	  .ns = { "example. 900 IN SOA ns.example. h.example. 42 1 2 3 "
	  "600" },
	  .x_rcode = MX_ANSWER_NXDOMAIN, .x_negative_ttl = 600,
	  .x_cnames = { "a.example. 30 CNAME b.example." },
	  .x_authority = { "example. 900 SOA ns.example. serial 42" } },
	{ .name = "cname-loop", .qname = "a.example.", .qtype = MX_TYPE_MX,
	  .an = { "a.example. 30 IN CNAME b.example.",
	  "b.example. 30 IN CNAME a.example." },
	  .x_rcode = MX_ANSWER_CNAME,
	  .x_cnames = { "a.example. 30 CNAME b.example.",
	  "b.example. 30 CNAME a.example." } },
	{ .name = "cname-self-loop", .qname = "a.example.",
	  .qtype = MX_TYPE_A, .an = { "a.example. 30 IN CNAME a.example." },
	  .x_rcode = MX_ANSWER_CNAME,
	  .x_cnames = { "a.example. 30 CNAME a.example." } },
	{ .name = "chain-over-limit", .qname = "c0.example.",
	  .qtype = MX_TYPE_MX,
	  .an = { HOP(0, 1), HOP(1, 2), HOP(2, 3), HOP(3, 4), HOP(4, 5),
	  HOP(5, 6), HOP(6, 7), HOP(7, 8), HOP(8, 9), HOP(9, 10),
	  "c10.example. 60 IN MX 0 mail.example." },
	  .x_rcode = MX_ANSWER_CNAME,
	  .x_cnames = { X_HOP(0, 1), X_HOP(1, 2), X_HOP(2, 3), X_HOP(3, 4),
	  X_HOP(4, 5), X_HOP(5, 6), X_HOP(6, 7), X_HOP(7, 8) } },
	{ .name = "chain-at-limit", .qname = "c0.example.",
	  .qtype = MX_TYPE_MX,
	  .an = { HOP(0, 1), HOP(1, 2), HOP(2, 3), HOP(3, 4), HOP(4, 5),
	  HOP(5, 6), HOP(6, 7), HOP(7, 8),
	  "c8.example. 60 IN MX 0 mail.example." },
	  .x_rcode = MX_ANSWER_OK,
	  .x_records = { "c8.example. 60 MX 0 mail.example." },
	  .x_cnames = { X_HOP(0, 1), X_HOP(1, 2), X_HOP(2, 3), X_HOP(3, 4),
	  X_HOP(4, 5), X_HOP(5, 6), X_HOP(6, 7), X_HOP(7, 8) } },
	{ .name = "two-cnames-first-wins", .qname = "a.example.",
	  .qtype = MX_TYPE_MX,
	  .an = { "a.example. 30 IN CNAME b.example.",
	  "a.example. 30 IN CNAME c.example.",
	  "c.example. 30 IN MX 1 c-mail.example.",
	  "b.example. 30 IN MX 1 b-mail.example." },
	  .x_rcode = MX_ANSWER_OK,
	  .x_records = { "b.example. 30 MX 1 b-mail.example." },
	  .x_cnames = { "a.example. 30 CNAME b.example." } },
	{ .name = "qtype-cname-not-followed", .qname = "www.example.com.",
	  .qtype = MX_TYPE_CNAME,
	  .an = { "www.example.com. 300 IN CNAME host.example.com.",
	  "host.example.com. 300 IN CNAME far.example.com." },
	  .x_rcode = MX_ANSWER_OK, .x_records = {
	  "www.example.com. 300 CNAME host.example.com." } },
	{ .name = "qtype-cname-nodata", .qname = "www.example.com.",
	  .qtype = MX_TYPE_CNAME, .ns = { SOA },
	  .x_rcode = MX_ANSWER_NODATA, .x_negative_ttl = 300,
	  .x_authority = { X_SOA } },
	/* ldns compresses names against the question whatever their case:
	 * the wire then holds the question's spelling */
	{ .name = "case-insensitive", .qname = "example.com.",
	  .qtype = MX_TYPE_MX, .pkt_qname = "EXAMPLE.Com.",
	  .an = { "ExAmple.COM. 300 IN MX 10 MX1.Example.com." },
	  .x_rcode = MX_ANSWER_OK, .x_records = {
	  "EXAMPLE.Com. 300 MX 10 MX1.EXAMPLE.Com." } },
	{ .name = "owner-as-written", .qname = "example.com.",
	  .qtype = MX_TYPE_MX, .pkt_qname = "",
	  .an = { "ExAmple.COM. 300 IN MX 10 MX1.Example.com." },
	  .x_rcode = MX_ANSWER_OK, .x_records = {
	  "ExAmple.COM. 300 MX 10 MX1.ExAmple.COM." } },
	{ .name = "escaped-names", .qname = "a\\.b.example.",
	  .qtype = MX_TYPE_MX,
	  .an = { "a\\.b.example. 300 IN MX 10 m\\032x.example." },
	  .x_rcode = MX_ANSWER_OK, .x_records = {
	  "a\\.b.example. 300 MX 10 m\\032x.example." } },
	{ .name = "a", .qname = "mx1.example.com.", .qtype = MX_TYPE_A,
	  .an = { A1, "mx1.example.com. 300 IN A 192.0.2.2", AAAA1 },
	  .x_rcode = MX_ANSWER_OK, .x_records = { X_A1,
	  "mx1.example.com. 300 A 192.0.2.2" } },
	{ .name = "aaaa", .qname = "mx1.example.com.", .qtype = MX_TYPE_AAAA,
	  .an = { A1, AAAA1, "mx1.example.com. 300 IN AAAA ::ffff:192.0.2.1" },
	  .x_rcode = MX_ANSWER_OK, .x_records = { X_AAAA1,
	  "mx1.example.com. 300 AAAA ::ffff:192.0.2.1" } },
	{ .name = "no-question", .qname = "example.com.",
	  .qtype = MX_TYPE_MX, .pkt_qname = "", .an = { MX1 },
	  .x_rcode = MX_ANSWER_OK, .x_records = { X_MX1 } },
	{ .name = "additional-any-owner", .qname = "example.com.",
	  .qtype = MX_TYPE_MX, .an = { MX2 },
	  .ar = { "elsewhere.example. 5 IN A 198.51.100.1",
	  "ns1.example.com. 7 IN AAAA 2001:db8::53" },
	  .x_rcode = MX_ANSWER_OK, .x_records = { X_MX2 },
	  .x_additional = { "elsewhere.example. 5 A 198.51.100.1",
	  "ns1.example.com. 7 AAAA 2001:db8::53" } },

	/* error RCODEs: nothing kept but the header */
	{ .name = "servfail", .qname = "example.com.", .qtype = MX_TYPE_MX,
	  .rcode = LDNS_RCODE_SERVFAIL, .an = { MX1 }, .ns = { SOA },
	  .x_rcode = MX_ANSWER_TEMPFAIL, .x_detail = "SERVFAIL" },
	{ .name = "refused", .qname = "example.com.", .qtype = MX_TYPE_MX,
	  .rcode = LDNS_RCODE_REFUSED, .x_rcode = MX_ANSWER_TEMPFAIL,
	  .x_detail = "REFUSED" },
	{ .name = "notimp", .qname = "example.com.", .qtype = MX_TYPE_MX,
	  .rcode = LDNS_RCODE_NOTIMPL, .x_rcode = MX_ANSWER_TEMPFAIL,
	  .x_detail = "NOTIMP" },
	{ .name = "formerr", .qname = "example.com.", .qtype = MX_TYPE_MX,
	  .rcode = LDNS_RCODE_FORMERR, .flags = MX_FLAG_AA,
	  .x_rcode = MX_ANSWER_TEMPFAIL, .x_detail = "FORMERR" },
	{ .name = "notauth", .qname = "example.com.", .qtype = MX_TYPE_MX,
	  .rcode = LDNS_RCODE_NOTAUTH, .x_rcode = MX_ANSWER_TEMPFAIL,
	  .x_detail = "error rcode 9" },
	{ .name = "extended-rcode-badvers", .qname = "example.com.",
	  .qtype = MX_TYPE_MX, .edns = 1, .ext_rcode = 1, .an = { MX1 },
	  .x_rcode = MX_ANSWER_TEMPFAIL, .x_detail = "error rcode 16" },

	/* not an answer to the question */
	{ .name = "query-not-response", .qname = "example.com.",
	  .qtype = MX_TYPE_MX, .query = 1, .an = { MX1 },
	  .x_rcode = MX_ANSWER_TEMPFAIL,
	  .x_detail = "malformed answer: not a response (QR=0)" },
	{ .name = "opcode-update", .qname = "example.com.",
	  .qtype = MX_TYPE_MX, .opcode = LDNS_PACKET_UPDATE, .an = { MX1 },
	  .x_rcode = MX_ANSWER_TEMPFAIL, .x_detail = "malformed answer: opcode 5" },
	{ .name = "opcode-notify", .qname = "example.com.",
	  .qtype = MX_TYPE_MX, .opcode = LDNS_PACKET_NOTIFY, .an = { MX1 },
	  .x_rcode = MX_ANSWER_TEMPFAIL, .x_detail = "malformed answer: opcode 4" },
	{ .name = "opcode-status", .qname = "example.com.",
	  .qtype = MX_TYPE_MX, .opcode = LDNS_PACKET_STATUS, .an = { MX1 },
	  .x_rcode = MX_ANSWER_TEMPFAIL, .x_detail = "malformed answer: opcode 2" },
	{ .name = "question-other-name", .qname = "example.com.",
	  .qtype = MX_TYPE_MX, .pkt_qname = "example.net.", .an = { MX1 },
	  .x_rcode = MX_ANSWER_TEMPFAIL,
	  .x_detail = "malformed answer: answer for another question" },
	{ .name = "question-other-type", .qname = "example.com.",
	  .qtype = MX_TYPE_MX, .pkt_qtype = MX_TYPE_A, .an = { MX1 },
	  .x_rcode = MX_ANSWER_TEMPFAIL,
	  .x_detail = "malformed answer: answer for another question" },
	{ .name = "question-parent-name", .qname = "www.example.com.",
	  .qtype = MX_TYPE_MX, .pkt_qname = "example.com.",
	  .x_rcode = MX_ANSWER_TEMPFAIL,
	  .x_detail = "malformed answer: answer for another question" },

	/* data that contradicts NXDOMAIN (RFC 6604 §2.1) */
	{ .name = "nxdomain-with-mx", .qname = "example.com.",
	  .qtype = MX_TYPE_MX, .rcode = LDNS_RCODE_NXDOMAIN,
	  .an = { MX1, MX2 }, .ns = { SOA }, .x_rcode = MX_ANSWER_TEMPFAIL,
	  .x_detail = "malformed answer: NXDOMAIN with 2 MX records" },
	{ .name = "nxdomain-with-a", .qname = "mx1.example.com.",
	  .qtype = MX_TYPE_A, .rcode = LDNS_RCODE_NXDOMAIN,
	  .an = { A1 }, .ns = { SOA }, .x_rcode = MX_ANSWER_TEMPFAIL,
	  .x_detail = "malformed answer: NXDOMAIN with 1 A record" },
	{ .name = "nxdomain-with-other-type", .qname = "mx1.example.com.",
	  .qtype = MX_TYPE_AAAA, .rcode = LDNS_RCODE_NXDOMAIN,
	  .an = { A1 }, .ns = { SOA }, .x_rcode = MX_ANSWER_NXDOMAIN,
	  .x_negative_ttl = 300, .x_authority = { X_SOA } },
	{ .name = "nxdomain-chain-with-data", .qname = "a.example.",
	  .qtype = MX_TYPE_MX, .rcode = LDNS_RCODE_NXDOMAIN,
	  .an = { "a.example. 30 IN CNAME b.example.",
	  "b.example. 30 IN MX 0 mail.example." },
	  .x_rcode = MX_ANSWER_TEMPFAIL,
	  .x_detail = "malformed answer: NXDOMAIN with 1 MX record" },

	/* RFC 2181 §8: a TTL with the top bit set is 0 */
	{ .name = "ttl-top-bit", .qname = "example.com.", .qtype = MX_TYPE_MX,
	  .an = { "example.com. 2147483648 IN MX 10 mx1.example.com.",
	  "example.com. 4294967295 IN MX 20 mx2.example.net." },
	  .ar = { "mx1.example.com. 3000000000 IN A 192.0.2.1" },
	  .x_rcode = MX_ANSWER_OK,
	  .x_records = { "example.com. 0 MX 10 mx1.example.com.",
	  "example.com. 0 MX 20 mx2.example.net." },
	  .x_additional = { "mx1.example.com. 0 A 192.0.2.1" } },
	{ .name = "ttl-2-31-minus-1-kept", .qname = "example.com.",
	  .qtype = MX_TYPE_MX,
	  .an = { "example.com. 2147483647 IN MX 10 mx1.example.com." },
	  .x_rcode = MX_ANSWER_OK,
	  .x_records = { "example.com. 2147483647 MX 10 mx1.example.com." } },
	{ .name = "cname-ttl-top-bit", .qname = "www.example.com.",
	  .qtype = MX_TYPE_MX,
	  .an = { "www.example.com. 2147483648 IN CNAME host.example.net." },
	  .x_rcode = MX_ANSWER_CNAME, .x_cnames = {
	  "www.example.com. 0 CNAME host.example.net." } },
	{ .name = "nodata-soa-ttl-top-bit", .qname = "example.com.",
	  .qtype = MX_TYPE_MX,
	  .ns = { "example.com. 2147483648 IN SOA ns1.example.com. "
	  "hostmaster.example.com. 1 7200 900 1209600 300" },
	  .x_rcode = MX_ANSWER_NODATA, .x_negative_ttl = 0, .x_authority = {
	  "example.com. 0 SOA ns1.example.com. serial 1" } },
	{ .name = "nodata-soa-minimum-top-bit", .qname = "example.com.",
	  .qtype = MX_TYPE_MX,
	  .ns = { "example.com. 3600 IN SOA ns1.example.com. "
	  "hostmaster.example.com. 1 7200 900 1209600 4294967295" },
	  .x_rcode = MX_ANSWER_NODATA, .x_negative_ttl = 0, .x_authority = {
	  "example.com. 3600 SOA ns1.example.com. serial 1" } },

	/* Extended DNS Errors (RFC 8914) */
	{ .name = "ede-with-text", .qname = "example.com.",
	  .qtype = MX_TYPE_MX, .rcode = LDNS_RCODE_SERVFAIL,
	  OPT("\x00\x0f\x00\x18\x00\x16" "no reachable authority"),
	  .x_rcode = MX_ANSWER_TEMPFAIL, .x_detail = "SERVFAIL",
	  .x_has_ede = 1, .x_ede = 22, .x_ede_text = "no reachable authority" },
	{ .name = "ede-without-text", .qname = "example.com.",
	  .qtype = MX_TYPE_MX, .rcode = LDNS_RCODE_REFUSED,
	  OPT("\x00\x0f\x00\x02\x00\x12"), .x_rcode = MX_ANSWER_TEMPFAIL,
	  .x_detail = "REFUSED", .x_has_ede = 1, .x_ede = 18 },
	{ .name = "ede-after-cookie", .qname = "example.com.",
	  .qtype = MX_TYPE_MX, .an = { MX1 },
	  OPT("\x00\x0a\x00\x08" "12345678"
	  "\x00\x0f\x00\x07\x00\x03" "stale"),
	  .x_rcode = MX_ANSWER_OK, .x_records = { X_MX1 }, .x_has_ede = 1,
	  .x_ede = 3, .x_ede_text = "stale" },
	{ .name = "ede-text-escaped", .qname = "example.com.",
	  .qtype = MX_TYPE_MX, .rcode = LDNS_RCODE_SERVFAIL,
	  OPT("\x00\x0f\x00\x09\x00\x16" "a\x1b[2J\xff\\"),
	  .x_rcode = MX_ANSWER_TEMPFAIL, .x_detail = "SERVFAIL",
	  .x_has_ede = 1, .x_ede = 22, .x_ede_text = "a\\027[2J\\255\\\\" },
	{ .name = "ede-text-nul-terminated", .qname = "example.com.",
	  .qtype = MX_TYPE_MX, .rcode = LDNS_RCODE_SERVFAIL,
	  OPT("\x00\x0f\x00\x06\x00\x06" "bad\0"),
	  .x_rcode = MX_ANSWER_TEMPFAIL, .x_detail = "SERVFAIL",
	  .x_has_ede = 1, .x_ede = 6, .x_ede_text = "bad" },
	{ .name = "ede-first-of-two", .qname = "example.com.",
	  .qtype = MX_TYPE_MX, .rcode = LDNS_RCODE_SERVFAIL,
	  OPT("\x00\x0f\x00\x03\x00\x09" "a" "\x00\x0f\x00\x02\x00\x0a"),
	  .x_rcode = MX_ANSWER_TEMPFAIL, .x_detail = "SERVFAIL",
	  .x_has_ede = 1, .x_ede = 9, .x_ede_text = "a" },
	{ .name = "ede-option-overruns", .qname = "example.com.",
	  .qtype = MX_TYPE_MX, .rcode = LDNS_RCODE_SERVFAIL,
	  OPT("\x00\x0f\x00\x09\x00\x16" "abc"),
	  .x_rcode = MX_ANSWER_TEMPFAIL, .x_detail = "SERVFAIL" },
	{ .name = "ede-too-short", .qname = "example.com.",
	  .qtype = MX_TYPE_MX, .rcode = LDNS_RCODE_SERVFAIL,
	  OPT("\x00\x0f\x00\x01\x00"),
	  .x_rcode = MX_ANSWER_TEMPFAIL, .x_detail = "SERVFAIL" },
	{ .name = "ede-truncated-option-header", .qname = "example.com.",
	  .qtype = MX_TYPE_MX, .an = { MX1 }, OPT("\x00\x0f\x00"),
	  .x_rcode = MX_ANSWER_OK, .x_records = { X_MX1 } },
	{ .name = "edns-without-options", .qname = "example.com.",
	  .qtype = MX_TYPE_MX, .edns = 1, .an = { MX1 },
	  .x_rcode = MX_ANSWER_OK, .x_records = { X_MX1 } },
};

#define NCASES	(sizeof(cases) / sizeof(cases[0]))

/* A record as one line: owner, TTL, type, then whatever fields are set. */
static void
rec_text(const struct mx_record *r, char *buf, size_t size)
{
	const char	*type;
	char		 pref[16] = "", serial[32] = "";

	switch (r->type) {
	case MX_TYPE_A:		type = "A";	break;
	case 2:			type = "NS";	break;
	case MX_TYPE_CNAME:	type = "CNAME";	break;
	case 6:			type = "SOA";	break;
	case MX_TYPE_MX:	type = "MX";	break;
	case MX_TYPE_AAAA:	type = "AAAA";	break;
	default:		type = "?";	break;
	}
	if (r->type == MX_TYPE_MX || r->preference != 0)
		snprintf(pref, sizeof(pref), " %u", r->preference);
	if (r->type == 6 || r->serial != 0)
		snprintf(serial, sizeof(serial), " serial %u", r->serial);
	snprintf(buf, size, "%s %u %s%s%s%s%s%s%s", r->owner ? r->owner :
	    "(null)", r->ttl, type, pref, r->target ? " " : "",
	    r->target ? r->target : "", r->address ? " " : "",
	    r->address ? r->address : "", serial);
	/* only zone records have these */
	assert_null(r->file);
	assert_int_equal(r->line, 0);
	assert_null(r->ignore);
	assert_null(r->written);
}

/* Asserts that n records read, as lines, what the NULL-ended want says. */
static void
assert_records(const char *section, const struct mx_record *r, size_t n,
    const char *const *want)
{
	size_t	i, nwant = 0;
	char	buf[2048];

	while (nwant < MAXRR && want[nwant] != NULL)
		nwant++;
	for (i = 0; i < n; i++) {
		rec_text(&r[i], buf, sizeof(buf));
		if (i >= nwant)
			fail_msg("%s: unexpected record %s", section, buf);
		if (strcmp(buf, want[i]) != 0)
			fail_msg("%s[%zu]: got \"%s\", want \"%s\"", section,
			    i, buf, want[i]);
	}
	if (n != nwant)
		fail_msg("%s: %zu records, want %zu", section, n, nwant);
	if (n == 0)
		assert_null(r);
}

/* Pushes the records of the NULL-ended list into a section of p. */
static void
push_all(ldns_pkt *p, ldns_pkt_section s, const char *const *rrs)
{
	size_t i;

	for (i = 0; i < MAXRR && rrs[i] != NULL; i++) {
		ldns_rr		*rr = NULL;
		ldns_status	 st;

		st = ldns_rr_new_frm_str(&rr, rrs[i], 0, NULL, NULL);

		if (st != LDNS_STATUS_OK)
			fail_msg("%s: %s", rrs[i], ldns_get_errorstr_by_id(st));
		assert_true(ldns_pkt_push_rr(p, s, rr));
	}
}

/* The response of a case in wire form (caller frees). */
static uint8_t *
case_wire(const struct wire_case *c, size_t *len)
{
	ldns_pkt	*p = NULL;
	uint8_t		*w = NULL;
	const char	*qn = c->pkt_qname ? c->pkt_qname : c->qname;

	if (*qn == '\0')
		assert_non_null(p = ldns_pkt_new());
	else
		assert_int_equal(ldns_pkt_query_new_frm_str(&p, qn,
		    (ldns_rr_type)(c->pkt_qtype ? c->pkt_qtype : c->qtype),
		    LDNS_RR_CLASS_IN, LDNS_RD), LDNS_STATUS_OK);
	ldns_pkt_set_id(p, 4711);
	ldns_pkt_set_qr(p, !c->query);
	ldns_pkt_set_ra(p, 1);
	ldns_pkt_set_aa(p, (c->flags & MX_FLAG_AA) != 0);
	ldns_pkt_set_ad(p, (c->flags & MX_FLAG_AD) != 0);
	ldns_pkt_set_tc(p, (c->flags & MX_FLAG_TC) != 0);
	ldns_pkt_set_opcode(p, c->opcode);
	ldns_pkt_set_rcode(p, c->rcode);
	push_all(p, LDNS_SECTION_ANSWER, c->an);
	push_all(p, LDNS_SECTION_AUTHORITY, c->ns);
	push_all(p, LDNS_SECTION_ADDITIONAL, c->ar);
	if (c->edns) {
		ldns_pkt_set_edns_udp_size(p, 1232);
		ldns_pkt_set_edns_extended_rcode(p, c->ext_rcode);
		if (c->opt != NULL)
			ldns_pkt_set_edns_data(p, ldns_rdf_new_frm_data(
			    LDNS_RDF_TYPE_UNKNOWN, c->optlen, c->opt));
	}
	assert_int_equal(ldns_pkt2wire(&w, p, len), LDNS_STATUS_OK);
	ldns_pkt_free(p);
	return w;
}

static void
assert_str_or_null(const char *got, const char *want)
{
	if (want == NULL)
		assert_null(got);
	else {
		assert_non_null(got);
		assert_string_equal(got, want);
	}
}

/* Builds the case's response, reduces it and compares every field. */
static void
test_wire_case(void **state)
{
	const struct wire_case	*c = *state;
	struct mx_answer	*a = NULL;
	uint8_t			*w, *exact;
	size_t			 len;

	w = case_wire(c, &len);
	/* an exact copy, so that ASan sees any read past the end */
	assert_non_null(exact = malloc(len));
	memcpy(exact, w, len);
	free(w);
	assert_int_equal(mx_answer_from_wire(exact, len, c->qname, c->qtype,
	    &a), MX_OK);
	free(exact);
	assert_non_null(a);
	if (a->rcode != c->x_rcode)
		fail_msg("rcode %s, want %s (detail %s)",
		    mx_rcode_name(a->rcode), mx_rcode_name(c->x_rcode),
		    a->detail ? a->detail : "none");
	assert_str_or_null(a->detail, c->x_detail);
	assert_int_equal(a->dns_rcode, c->ext_rcode << 4 | c->rcode);
	assert_int_equal(a->flags, c->flags);
	assert_int_equal(a->negative_ttl, c->x_negative_ttl);
	assert_int_equal(a->ede, c->x_has_ede ? c->x_ede : -1);
	assert_str_or_null(a->ede_text, c->x_ede_text);
	assert_null(a->server);
	assert_int_equal(a->port, 0);
	assert_records("records", a->records, a->nrecords, c->x_records);
	assert_records("cnames", a->cnames, a->ncnames, c->x_cnames);
	assert_records("authority", a->authority, a->nauthority,
	    c->x_authority);
	assert_records("additional", a->additional, a->nadditional,
	    c->x_additional);
	mx_answer_free(a);
}

/* A little writer of hand-made messages, for what ldns will not build. */
struct wbuf {
	uint8_t	b[512];
	size_t	n;
};

static void
put8(struct wbuf *w, unsigned v)
{
	assert_true(w->n < sizeof(w->b));
	w->b[w->n++] = (uint8_t)v;
}

static void
put16(struct wbuf *w, unsigned v)
{
	put8(w, v >> 8);
	put8(w, v & 0xff);
}

static void
put_bytes(struct wbuf *w, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		put8(w, (unsigned char)s[i]);
}

/* One record whose RDATA is hand-made, and the section it lies in. */
struct hand_case {
	const char	*name;
	uint16_t	 qtype;
	int		 section;	/* 0 answer, 1 authority, 2 extra */
	uint16_t	 type;
	uint16_t	 class;
	const char	*rdata;
	size_t		 rdlen;
	int		 more;		/* a good A record after it */
	enum mx_rcode	 x_rcode;
	const char	*x_detail;	/* of a TEMPFAIL */
	const char	*owner;		/* its wire form; NULL: a pointer to
					 * the question */
	size_t		 ownerlen;
	unsigned	 rdlen_over;	/* added to the RDLENGTH written */
};

#define RD(s)	.rdata = (s), .rdlen = sizeof(s) - 1
#define OWNER(s) .owner = (s), .ownerlen = sizeof(s) - 1
#define MXNAME	"\x03mx1\x07" "example\x03" "com\x00"
#define BAD	"malformed answer: "
/* the record's owner lies at offset 29 (header 12, question 17), its
 * RDATA at 41 (owner 2, fixed fields 10) */
#define OWNER_OFF	"\x1d"
#define EXCHANGE_OFF	"\x2b"

static const struct hand_case hand_cases[] = {
	{ "control-a", MX_TYPE_A, 0, 1, 1, RD("\xc0\x00\x02\x01"), 0,
	  MX_ANSWER_OK, NULL },
	{ "control-mx-compressed", MX_TYPE_MX, 0, 15, 1,
	  RD("\x00\x0a\x03mx1\xc0\x0c"), 1, MX_ANSWER_OK, NULL },
	{ "control-a-class-ch-5-octets", MX_TYPE_A, 0, 1, 3,
	  RD("\xc0\x00\x02\x01\x09"), 0, MX_ANSWER_NODATA, NULL },
	{ "control-owner-written-out", MX_TYPE_A, 0, 1, 1,
	  RD("\xc0\x00\x02\x01"), 0, MX_ANSWER_OK, NULL,
	  OWNER("\x07" "example\x03" "com\x00") },
	{ "a-5-octets-last", MX_TYPE_A, 0, 1, 1, RD("\xc0\x00\x02\x01\x09"),
	  0, MX_ANSWER_TEMPFAIL, BAD "A record of 5 octets" },
	{ "a-5-octets-then-more", MX_TYPE_A, 0, 1, 1,
	  RD("\xc0\x00\x02\x01\x09"), 1, MX_ANSWER_TEMPFAIL,
	  BAD "A record of 5 octets" },
	{ "a-8-octets", MX_TYPE_A, 0, 1, 1,
	  RD("\xc0\x00\x02\x01\xc0\x00\x02\x02"), 0, MX_ANSWER_TEMPFAIL,
	  BAD "A record of 8 octets" },
	{ "a-3-octets", MX_TYPE_A, 0, 1, 1, RD("\xc0\x00\x02"), 0,
	  MX_ANSWER_TEMPFAIL, BAD "A record of 3 octets" },
	{ "a-1-octet", MX_TYPE_A, 0, 1, 1, RD("\xc0"), 0,
	  MX_ANSWER_TEMPFAIL, BAD "A record of 1 octet" },
	{ "a-empty", MX_TYPE_A, 0, 1, 1, .rdata = "", .rdlen = 0, 0,
	  MX_ANSWER_TEMPFAIL, BAD "A record of 0 octets" },
	{ "aaaa-17-octets", MX_TYPE_AAAA, 0, 28, 1,
	  RD("\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x01\x07"), 0,
	  MX_ANSWER_TEMPFAIL, BAD "AAAA record of 17 octets" },
	{ "aaaa-4-octets", MX_TYPE_AAAA, 0, 28, 1, RD("\xc0\x00\x02\x01"),
	  0, MX_ANSWER_TEMPFAIL, BAD "AAAA record of 4 octets" },
	{ "aaaa-in-mx-answer-15-octets", MX_TYPE_MX, 0, 28, 1,
	  RD("\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0"), 0,
	  MX_ANSWER_TEMPFAIL, BAD "AAAA record of 15 octets" },
	{ "mx-junk-after-name", MX_TYPE_MX, 0, 15, 1,
	  RD("\x00\x0a" MXNAME "\x07"), 0, MX_ANSWER_TEMPFAIL,
	  BAD "MX record with 1 octet after its exchange" },
	{ "mx-junk-after-name-then-more", MX_TYPE_MX, 0, 15, 1,
	  RD("\x00\x0a" MXNAME "\x07\x08"), 1, MX_ANSWER_TEMPFAIL,
	  BAD "MX record with 2 octets after its exchange" },
	{ "mx-junk-after-pointer", MX_TYPE_MX, 0, 15, 1,
	  RD("\x00\x0a\x03mx1\xc0\x0c\x00"), 0, MX_ANSWER_TEMPFAIL,
	  BAD "MX record with 1 octet after its exchange" },
	{ "mx-rdlength-short-of-exchange", MX_TYPE_MX, 0, 15, 1,
	  RD("\x00\x0a\x03mx1\x07" "exa"), 0, MX_ANSWER_TEMPFAIL,
	  BAD "MX record of 10 octets, shorter than its exchange" },
	{ "mx-rdlength-short-then-more", MX_TYPE_MX, 0, 15, 1,
	  RD("\x00\x0a\x03mx1"), 1, MX_ANSWER_TEMPFAIL,
	  BAD "MX record of 6 octets, shorter than its exchange" },
	{ "mx-preference-only", MX_TYPE_MX, 0, 15, 1, RD("\x00\x0a"), 0,
	  MX_ANSWER_TEMPFAIL, BAD "MX record of 2 octets" },
	{ "mx-empty", MX_TYPE_MX, 0, 15, 1, .rdata = "", .rdlen = 0, 0,
	  MX_ANSWER_TEMPFAIL, BAD "MX record of 0 octets" },
	{ "mx-empty-then-more", MX_TYPE_MX, 0, 15, 1, .rdata = "",
	  .rdlen = 0, 1, MX_ANSWER_TEMPFAIL, BAD "MX record of 0 octets" },
	{ "mx-exchange-pointer-loop", MX_TYPE_MX, 0, 15, 1,
	  RD("\x00\x0a\xc0" EXCHANGE_OFF), 0, MX_ANSWER_TEMPFAIL,
	  BAD "a compression pointer loop in an MX record" },
	{ "mx-exchange-pointer-out-of-bounds", MX_TYPE_MX, 0, 15, 1,
	  RD("\x00\x0a\xff\xff"), 0, MX_ANSWER_TEMPFAIL,
	  BAD "a compression pointer out of bounds in an MX record" },
	{ "mx-exchange-pointer-past-end", MX_TYPE_MX, 0, 15, 1,
	  RD("\x00\x0a\xc0\x60"), 0, MX_ANSWER_TEMPFAIL,
	  BAD "a compression pointer out of bounds in an MX record" },
	{ "cname-junk-after-name", MX_TYPE_MX, 0, 5, 1, RD(MXNAME "\x01"),
	  0, MX_ANSWER_TEMPFAIL, BAD "CNAME record with 1 octet after its "
	  "name" },
	{ "cname-empty", MX_TYPE_MX, 0, 5, 1, .rdata = "", .rdlen = 0, 0,
	  MX_ANSWER_TEMPFAIL, BAD "CNAME record of 0 octets, shorter than "
	  "its name" },
	{ "cname-short", MX_TYPE_A, 0, 5, 1, RD("\x03mx1\x07"), 1,
	  MX_ANSWER_TEMPFAIL, BAD "CNAME record of 5 octets, shorter than "
	  "its name" },
	{ "ptr-short", MX_TYPE_MX, 0, 12, 1, RD("\x03mx1"), 0,
	  MX_ANSWER_TEMPFAIL, BAD "PTR record of 4 octets, shorter than "
	  "its name" },
	{ "ptr-junk", MX_TYPE_MX, 0, 12, 1, RD("\x00\x00"), 0,
	  MX_ANSWER_TEMPFAIL, BAD "PTR record with 1 octet after its name" },
	{ "soa-short", MX_TYPE_MX, 1, 6, 1,
	  RD("\x00\x00" "0123456789012345678"), 0, MX_ANSWER_TEMPFAIL,
	  BAD "SOA record of 21 octets, not 22" },
	{ "soa-long", MX_TYPE_MX, 1, 6, 1,
	  RD("\x00\x00" "012345678901234567890"), 0, MX_ANSWER_TEMPFAIL,
	  BAD "SOA record of 23 octets, not 22" },
	{ "soa-names-only", MX_TYPE_MX, 1, 6, 1, RD("\x00"), 0,
	  MX_ANSWER_TEMPFAIL, BAD "SOA record of 1 octet, shorter than "
	  "its names" },
	{ "ns-junk-in-authority", MX_TYPE_MX, 1, 2, 1, RD(MXNAME "\x00"), 0,
	  MX_ANSWER_TEMPFAIL, BAD "NS record with 1 octet after its name" },
	{ "a-5-octets-in-additional", MX_TYPE_MX, 2, 1, 1,
	  RD("\xc0\x00\x02\x01\x09"), 0, MX_ANSWER_TEMPFAIL,
	  BAD "A record of 5 octets" },
	{ "label-type-01", MX_TYPE_MX, 0, 5, 1, RD("\x41\x00"), 0,
	  MX_ANSWER_TEMPFAIL, BAD "a label of a reserved type in a CNAME "
	  "record" },
	{ "label-type-10", MX_TYPE_MX, 0, 15, 1, RD("\x00\x01\x81\x00"), 0,
	  MX_ANSWER_TEMPFAIL, BAD "a label of a reserved type in an MX "
	  "record" },
	{ "owner-pointer-loop", MX_TYPE_A, 0, 1, 1, RD("\xc0\x00\x02\x01"),
	  0, MX_ANSWER_TEMPFAIL, BAD "a compression pointer loop in the "
	  "owner of an A record", OWNER("\xc0" OWNER_OFF) },
	{ "owner-pointer-out-of-bounds", MX_TYPE_A, 0, 1, 1,
	  RD("\xc0\x00\x02\x01"), 0, MX_ANSWER_TEMPFAIL, BAD "a compression "
	  "pointer out of bounds in the owner of an A record",
	  OWNER("\xff\xff") },
	{ "owner-label-type", MX_TYPE_A, 0, 1, 1, RD("\xc0\x00\x02\x01"),
	  0, MX_ANSWER_TEMPFAIL, BAD "a label of a reserved type in an owner "
	  "name of the answer section", OWNER("\x40\x00") },
	{ "owner-runs-past-end", MX_TYPE_A, 0, 1, 1, .rdata = "",
	  .rdlen = 0, 0, MX_ANSWER_TEMPFAIL, BAD "a name runs past the end "
	  "in an owner name of the answer section", OWNER("\x3f" "abc") },
	{ "rdlength-past-end", MX_TYPE_A, 0, 1, 1, RD("\xc0\x00\x02\x01"),
	  0, MX_ANSWER_TEMPFAIL, BAD "A record of 5 octets runs past the "
	  "end", .rdlen_over = 1 },
};
/* A response to example.com./qtype with the case's record, owned by the
 * question's name (a compression pointer), in its section. */
static void
hand_wire(const struct hand_case *c, struct wbuf *w)
{
	unsigned counts[3] = { 0, 0, 0 };

	counts[c->section] = 1 + (c->more != 0);
	memset(w, 0, sizeof(*w));
	put16(w, 4711);
	put16(w, 0x8180);		/* QR, RD, RA; NOERROR */
	put16(w, 1);
	put16(w, counts[0]);
	put16(w, counts[1]);
	put16(w, counts[2]);
	put_bytes(w, "\x07" "example\x03" "com\x00", 13);
	put16(w, c->qtype);
	put16(w, 1);
	if (c->owner != NULL)
		put_bytes(w, c->owner, c->ownerlen);
	else
		put16(w, 0xc00c);
	put16(w, c->type);
	put16(w, c->class);
	put16(w, 0);
	put16(w, 300);
	put16(w, (unsigned)c->rdlen + c->rdlen_over);
	put_bytes(w, c->rdata, c->rdlen);
	if (c->more) {
		put16(w, 0xc00c);
		put16(w, 1);
		put16(w, 1);
		put16(w, 0);
		put16(w, 300);
		put16(w, 4);
		put_bytes(w, "\xc0\x00\x02\x07", 4);
	}
}

/* Records of a kept type whose RDATA is not what the type says, and
 * names that do not unpack, make the whole answer TEMPFAIL, wherever
 * they lie, with a detail naming what is wrong; the controls show that
 * the hand-made messages are otherwise good. */
static void
test_hand_made(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(hand_cases) / sizeof(hand_cases[0]); i++) {
		const struct hand_case	*c = &hand_cases[i];
		struct mx_answer	*a = NULL;
		struct wbuf		 w;
		uint8_t			*exact;

		hand_wire(c, &w);
		assert_non_null(exact = malloc(w.n));
		memcpy(exact, w.b, w.n);
		assert_int_equal(mx_answer_from_wire(exact, w.n,
		    "example.com.", c->qtype, &a), MX_OK);
		free(exact);
		if (a->rcode != c->x_rcode)
			fail_msg("%s: rcode %s (%s), want %s", c->name,
			    mx_rcode_name(a->rcode), a->detail ? a->detail :
			    "no detail", mx_rcode_name(c->x_rcode));
		if (c->x_rcode == MX_ANSWER_TEMPFAIL) {
			if (a->detail == NULL ||
			    strcmp(a->detail, c->x_detail) != 0)
				fail_msg("%s: detail \"%s\", want \"%s\"",
				    c->name, a->detail ? a->detail : "(null)",
				    c->x_detail);
			assert_int_equal(a->nrecords + a->ncnames +
			    a->nauthority + a->nadditional, 0);
		} else
			assert_null(a->detail);
		mx_answer_free(a);
	}
}

/* A response with every section, EDNS and an EDE: the subject of the
 * prefix and byte-flip tests. */
static uint8_t *
rich_wire(size_t *len)
{
	static const struct wire_case rich = {
		.name = "rich", .qname = "a.example.", .qtype = MX_TYPE_MX,
		.flags = MX_FLAG_AA,
		OPT("\x00\x0f\x00\x06\x00\x03" "old!"),
		.an = { "a.example. 30 IN CNAME b.example.",
		    "b.example. 60 IN MX 10 mx.b.example.",
		    "b.example. 60 IN MX 20 mx2.b.example." },
		.ns = { "b.example. 60 IN NS ns.b.example.",
		    "example. 60 IN SOA ns. h. 1 2 3 4 5" },
		.ar = { "mx.b.example. 60 IN A 192.0.2.1",
		    "mx.b.example. 60 IN AAAA 2001:db8::1" },
	};

	return case_wire(&rich, len);
}

/* Reduces bytes[0..len) from an exact-size copy; the reduction must
 * succeed whatever the bytes, and say TEMPFAIL or something coherent. */
static struct mx_answer *
reduce_copy(const uint8_t *bytes, size_t len)
{
	struct mx_answer	*a = NULL;
	uint8_t			*exact;

	assert_non_null(exact = malloc(len > 0 ? len : 1));
	if (len > 0)
		memcpy(exact, bytes, len);
	assert_int_equal(mx_answer_from_wire(exact, len, "a.example.",
	    MX_TYPE_MX, &a), MX_OK);
	free(exact);
	assert_non_null(a);
	assert_true(a->rcode <= MX_ANSWER_TEMPFAIL);
	if (a->rcode == MX_ANSWER_TEMPFAIL)
		assert_non_null(a->detail);
	if (a->rcode == MX_ANSWER_OK)
		assert_true(a->nrecords > 0);
	if (a->rcode == MX_ANSWER_CNAME)
		assert_true(a->ncnames > 0);
	return a;
}

/* Every prefix of a good response is malformed; the whole is OK. */
static void
test_prefixes(void **state)
{
	uint8_t	*w;
	size_t	 len, n;

	(void)state;
	w = rich_wire(&len);
	for (n = 0; n <= len; n++) {
		struct mx_answer *a = reduce_copy(w, n);

		if (n < len) {
			if (a->rcode != MX_ANSWER_TEMPFAIL)
				fail_msg("prefix of %zu of %zu octets: %s", n,
				    len, mx_rcode_name(a->rcode));
			if (n < 12) {
				char want[64];

				snprintf(want, sizeof(want), "malformed "
				    "answer: %zu octet%s, shorter than a "
				    "header", n, n == 1 ? "" : "s");
				assert_string_equal(a->detail, want);
			} else if (strncmp(a->detail, "malformed answer: ",
			    18) != 0 || strlen(a->detail) < 30)
				fail_msg("prefix of %zu octets: \"%s\"", n,
				    a->detail);
			assert_int_equal(a->dns_rcode, -1);
			assert_int_equal(a->ede, -1);
		} else {
			assert_int_equal(a->rcode, MX_ANSWER_OK);
			assert_int_equal(a->nrecords, 2);
			assert_int_equal(a->ncnames, 1);
			assert_int_equal(a->nauthority, 2);
			assert_int_equal(a->nadditional, 2);
			assert_int_equal(a->ede, 3);
			assert_string_equal(a->ede_text, "old!");
		}
		mx_answer_free(a);
	}
	free(w);
}

/* Every octet of a good response flipped in four ways, and the response
 * with bytes after its end: no crash, a coherent answer. */
static void
test_byte_flips(void **state)
{
	static const uint8_t	 masks[] = { 0x01, 0x20, 0x80, 0xff };
	struct mx_answer	*a;
	uint8_t			*w, *t;
	size_t			 len, i, m;

	(void)state;
	w = rich_wire(&len);
	assert_non_null(t = malloc(len + 3));
	for (i = 0; i < len; i++)
		for (m = 0; m < sizeof(masks); m++) {
			memcpy(t, w, len);
			t[i] ^= masks[m];
			mx_answer_free(reduce_copy(t, len));
		}
	/* octets after the message are not looked at */
	memcpy(t, w, len);
	memcpy(t + len, "\x00\xff\x07", 3);
	a = reduce_copy(t, len + 3);
	assert_int_equal(a->rcode, MX_ANSWER_OK);
	mx_answer_free(a);
	free(t);
	free(w);
}

/* Bytes no server sent: constant fills, a lone header, random bytes of
 * random lengths (a fixed seed), and random bytes after a good header. */
static void
test_garbage(void **state)
{
	static const uint8_t	 zero_header[12];
	struct mx_answer	*a;
	uint8_t			 buf[600];
	uint32_t		 seed = 12345;
	size_t			 round, i, len;

	(void)state;
	memset(buf, 0xff, sizeof(buf));
	a = reduce_copy(buf, sizeof(buf));
	assert_int_equal(a->rcode, MX_ANSWER_TEMPFAIL);
	assert_string_equal(a->detail,
	    "malformed answer: 196605 records counted in a message of 600 "
	    "octets");
	mx_answer_free(a);
	/* all zero: a query with no question */
	a = reduce_copy(zero_header, sizeof(zero_header));
	assert_int_equal(a->rcode, MX_ANSWER_TEMPFAIL);
	assert_string_equal(a->detail, "malformed answer: not a response "
	    "(QR=0)");
	assert_int_equal(a->dns_rcode, 0);
	mx_answer_free(a);
	for (round = 0; round < 3000; round++) {
		len = (seed = seed * 1103515245 + 12345) >> 16;
		len %= sizeof(buf);
		for (i = 0; i < len; i++) {
			seed = seed * 1103515245 + 12345;
			buf[i] = (uint8_t)(seed >> 16);
		}
		/* every other round: a plausible header, small counts */
		if (round % 2 && len >= 12) {
			buf[2] = 0x81;
			buf[3] = 0x80;
			buf[4] = 0;
			buf[5] = 1;
			for (i = 6; i < 12; i += 2) {
				buf[i] = 0;
				buf[i + 1] &= 3;
			}
		}
		mx_answer_free(reduce_copy(buf, len));
	}
}

/* NULL arguments and a qname that is no name. */
static void
test_from_wire_args(void **state)
{
	struct mx_answer	*a = (struct mx_answer *)&a;
	uint8_t			*w;
	size_t			 len;

	(void)state;
	w = rich_wire(&len);
	assert_int_equal(mx_answer_from_wire(NULL, len, "a.example.",
	    MX_TYPE_MX, &a), MX_ERR_ARG);
	assert_null(a);
	assert_int_equal(mx_answer_from_wire(w, len, NULL, MX_TYPE_MX, &a),
	    MX_ERR_ARG);
	assert_int_equal(mx_answer_from_wire(w, len, "a.example.",
	    MX_TYPE_MX, NULL), MX_ERR_ARG);
	a = (struct mx_answer *)&a;
	assert_int_equal(mx_answer_from_wire(w, len, "a..example.",
	    MX_TYPE_MX, &a), MX_ERR_NAME);
	assert_null(a);
	/* a name without its final dot is the same name */
	assert_int_equal(mx_answer_from_wire(w, len, "A.example",
	    MX_TYPE_MX, &a), MX_OK);
	assert_int_equal(a->rcode, MX_ANSWER_OK);
	mx_answer_free(a);
	free(w);
}

/*
 * The answer object.
 */

/* An answer with every field set and two records in each section, one
 * with every string of a record. */
static struct mx_answer *
full_answer(void)
{
	static const char	*zone_file = "t.zone";
	struct mx_answer	*a;
	struct mx_record	 r;
	int			 s;

	assert_int_equal(mx_answer_new(&a), MX_OK);
	for (s = MX_SECTION_ANSWER; s <= MX_SECTION_ADDITIONAL; s++) {
		char owner[64], target[64];

		memset(&r, 0, sizeof(r));
		snprintf(owner, sizeof(owner), "s%d.example.", s);
		snprintf(target, sizeof(target), "t%d.example.", s);
		r.owner = owner;
		r.type = MX_TYPE_MX;
		r.ttl = 300 + (uint32_t)s;
		r.preference = (uint16_t)(10 + s);
		r.target = target;
		r.file = zone_file;
		r.line = 7 + (unsigned long)s;
		r.ignore = "mx-ttl-low";
		r.written = "T.example.";
		r.serial = 2024 + (uint32_t)s;
		assert_int_equal(mx_answer_add(a, (enum mx_section)s, &r),
		    MX_OK);
		memset(&r, 0, sizeof(r));
		r.owner = owner;
		r.type = MX_TYPE_A;
		r.address = "192.0.2.1";
		assert_int_equal(mx_answer_add(a, (enum mx_section)s, &r),
		    MX_OK);
	}
	a->rcode = MX_ANSWER_NXDOMAIN;
	a->flags = MX_FLAG_AA | MX_FLAG_TC;
	a->dns_rcode = 3;
	a->negative_ttl = 900;
	assert_int_equal(mx_answer_set_detail(a, "no such name"), MX_OK);
	assert_int_equal(mx_answer_set_ede(a, 22, "no reachable"), MX_OK);
	assert_int_equal(mx_answer_set_server(a, "192.0.2.53", 5353), MX_OK);
	return a;
}

static void
assert_record_equal(const struct mx_record *a, const struct mx_record *b)
{
	assert_str_or_null(a->owner, b->owner);
	assert_int_equal(a->type, b->type);
	assert_int_equal(a->ttl, b->ttl);
	assert_int_equal(a->preference, b->preference);
	assert_str_or_null(a->target, b->target);
	assert_str_or_null(a->address, b->address);
	assert_ptr_equal(a->file, b->file);
	assert_int_equal(a->line, b->line);
	assert_str_or_null(a->ignore, b->ignore);
	assert_str_or_null(a->written, b->written);
	assert_int_equal(a->serial, b->serial);
}

/* Field by field; strings by value. */
static void
assert_answer_equal(const struct mx_answer *a, const struct mx_answer *b)
{
	size_t i;

	assert_int_equal(a->rcode, b->rcode);
	assert_str_or_null(a->detail, b->detail);
	assert_str_or_null(a->server, b->server);
	assert_int_equal(a->port, b->port);
	assert_int_equal(a->flags, b->flags);
	assert_int_equal(a->dns_rcode, b->dns_rcode);
	assert_int_equal(a->ede, b->ede);
	assert_str_or_null(a->ede_text, b->ede_text);
	assert_int_equal(a->negative_ttl, b->negative_ttl);
	assert_int_equal(a->nrecords, b->nrecords);
	assert_int_equal(a->ncnames, b->ncnames);
	assert_int_equal(a->nauthority, b->nauthority);
	assert_int_equal(a->nadditional, b->nadditional);
	for (i = 0; i < a->nrecords; i++)
		assert_record_equal(&a->records[i], &b->records[i]);
	for (i = 0; i < a->ncnames; i++)
		assert_record_equal(&a->cnames[i], &b->cnames[i]);
	for (i = 0; i < a->nauthority; i++)
		assert_record_equal(&a->authority[i], &b->authority[i]);
	for (i = 0; i < a->nadditional; i++)
		assert_record_equal(&a->additional[i], &b->additional[i]);
}

/* 1 when p is NULL or lies inside the block that starts at base. */
static int
in_block(const void *base, size_t size, const void *p)
{
	const char *b = base, *q = p;

	return q == NULL || (q >= b && q < b + size);
}

/* Every pointer of a copy, but the zone's file names, lies in the one
 * block; the record arrays are 8-byte aligned. */
static void
assert_one_block(const struct mx_answer *d)
{
	const struct mx_record	*secs[4];
	size_t			 ns[4], size, i;
	int			 s;

	size = malloc_usable_size((void *)d);
	assert_true(in_block(d, size, d->detail));
	assert_true(in_block(d, size, d->server));
	assert_true(in_block(d, size, d->ede_text));
	secs[0] = d->records;
	ns[0] = d->nrecords;
	secs[1] = d->cnames;
	ns[1] = d->ncnames;
	secs[2] = d->authority;
	ns[2] = d->nauthority;
	secs[3] = d->additional;
	ns[3] = d->nadditional;
	for (s = 0; s < 4; s++) {
		assert_true(in_block(d, size, secs[s]));
		assert_int_equal((uintptr_t)secs[s] % 8, 0);
		for (i = 0; i < ns[s]; i++) {
			assert_true(in_block(d, size, &secs[s][i] + 1) ||
			    (const char *)(&secs[s][i] + 1) ==
			    (const char *)d + size);
			assert_true(in_block(d, size, secs[s][i].owner));
			assert_true(in_block(d, size, secs[s][i].target));
			assert_true(in_block(d, size, secs[s][i].address));
			assert_true(in_block(d, size, secs[s][i].ignore));
			assert_true(in_block(d, size, secs[s][i].written));
		}
	}
}

static void
test_answer_new(void **state)
{
	struct mx_answer *a;

	(void)state;
	assert_int_equal(mx_answer_new(&a), MX_OK);
	assert_int_equal(a->rcode, MX_ANSWER_OK);
	assert_int_equal(a->dns_rcode, -1);
	assert_int_equal(a->ede, -1);
	assert_null(a->detail);
	assert_null(a->server);
	assert_null(a->ede_text);
	assert_int_equal(a->port, 0);
	assert_int_equal(a->flags, 0);
	assert_int_equal(a->negative_ttl, 0);
	assert_null(a->records);
	assert_null(a->cnames);
	assert_null(a->authority);
	assert_null(a->additional);
	assert_int_equal(a->nrecords + a->ncnames + a->nauthority +
	    a->nadditional, 0);
	mx_answer_free(a);
	mx_answer_free(NULL);
}

/* Records go to their section, copied; strings are copied and NULL
 * clears them. */
static void
test_answer_add_set(void **state)
{
	struct mx_answer	*a;
	struct mx_record	 r;
	char			 owner[] = "x.example.";
	size_t			 i;

	(void)state;
	assert_int_equal(mx_answer_new(&a), MX_OK);
	memset(&r, 0, sizeof(r));
	r.owner = owner;
	r.type = MX_TYPE_CNAME;
	r.target = "y.example.";
	for (i = 0; i < 20; i++) {
		r.ttl = (uint32_t)i;
		assert_int_equal(mx_answer_add(a, MX_SECTION_CNAME, &r),
		    MX_OK);
	}
	owner[0] = 'z';
	assert_int_equal(a->ncnames, 20);
	assert_int_equal(a->nrecords + a->nauthority + a->nadditional, 0);
	for (i = 0; i < 20; i++) {
		assert_int_equal(a->cnames[i].ttl, i);
		assert_string_equal(a->cnames[i].owner, "x.example.");
		assert_ptr_not_equal(a->cnames[i].owner, owner);
	}
	assert_int_equal(mx_answer_set_detail(a, "first"), MX_OK);
	assert_int_equal(mx_answer_set_detail(a, "second"), MX_OK);
	assert_string_equal(a->detail, "second");
	assert_int_equal(mx_answer_set_detail(a, NULL), MX_OK);
	assert_null(a->detail);
	assert_int_equal(mx_answer_set_ede(a, 0, NULL), MX_OK);
	assert_int_equal(a->ede, 0);
	assert_null(a->ede_text);
	assert_int_equal(mx_answer_set_ede(a, 65535, "x"), MX_OK);
	assert_int_equal(a->ede, 65535);
	assert_string_equal(a->ede_text, "x");
	assert_int_equal(mx_answer_set_ede(a, 65536, NULL), MX_ERR_ARG);
	assert_int_equal(mx_answer_set_ede(a, -2, NULL), MX_ERR_ARG);
	assert_int_equal(mx_answer_set_ede(a, -1, NULL), MX_OK);
	assert_int_equal(a->ede, -1);
	assert_int_equal(mx_answer_set_server(a, "::1", 53), MX_OK);
	assert_string_equal(a->server, "::1");
	assert_int_equal(a->port, 53);
	/* arguments */
	assert_int_equal(mx_answer_add(a, (enum mx_section)4, &r),
	    MX_ERR_ARG);
	assert_int_equal(mx_answer_add(a, MX_SECTION_ANSWER, NULL),
	    MX_ERR_ARG);
	assert_int_equal(mx_answer_add(NULL, MX_SECTION_ANSWER, &r),
	    MX_ERR_ARG);
	assert_int_equal(mx_answer_set_detail(NULL, "x"), MX_ERR_ARG);
	assert_int_equal(mx_answer_set_ede(NULL, 1, "x"), MX_ERR_ARG);
	assert_int_equal(mx_answer_set_server(NULL, "x", 1), MX_ERR_ARG);
	assert_int_equal(mx_answer_new(NULL), MX_ERR_ARG);
	mx_answer_free(a);
	assert_int_equal(mx_answer_dup(NULL, &a), MX_ERR_ARG);
	assert_null(a);
}

/* A copy equals its original field by field, lies in one block, and
 * outlives the original. */
static void
test_answer_dup(void **state)
{
	struct mx_answer	*orig, *ref, *d, *e;

	(void)state;
	orig = full_answer();
	ref = full_answer();
	assert_int_equal(mx_answer_dup(orig, &d), MX_OK);
	assert_answer_equal(d, orig);
	assert_ptr_not_equal(d->records, orig->records);
	assert_ptr_not_equal(d->records[0].owner, orig->records[0].owner);
	assert_ptr_not_equal(d->detail, orig->detail);
	assert_one_block(d);
	mx_answer_free(orig);
	assert_answer_equal(d, ref);
	/* a copy of a copy */
	assert_int_equal(mx_answer_dup(d, &e), MX_OK);
	assert_one_block(e);
	mx_answer_free(d);
	assert_answer_equal(e, ref);
	mx_answer_free(e);
	/* an empty one */
	assert_int_equal(mx_answer_new(&orig), MX_OK);
	assert_int_equal(mx_answer_dup(orig, &d), MX_OK);
	assert_answer_equal(d, orig);
	assert_null(d->records);
	assert_null(d->additional);
	mx_answer_free(orig);
	mx_answer_free(d);
	mx_answer_free(ref);
	assert_int_equal(mx_answer_dup(NULL, NULL), MX_ERR_ARG);
}

/* A copy can still be changed: the section or string changed is taken out
 * of the block, the rest stays in it, and one free frees both. */
static void
test_answer_dup_changed(void **state)
{
	struct mx_answer	*orig, *d;
	struct mx_record	 r;

	(void)state;
	orig = full_answer();
	assert_int_equal(mx_answer_dup(orig, &d), MX_OK);
	memset(&r, 0, sizeof(r));
	r.owner = "new.example.";
	r.type = MX_TYPE_AAAA;
	r.address = "2001:db8::2";
	assert_int_equal(mx_answer_add(d, MX_SECTION_ADDITIONAL, &r), MX_OK);
	assert_int_equal(mx_answer_set_detail(d, "changed"), MX_OK);
	assert_int_equal(mx_answer_set_server(d, NULL, 0), MX_OK);
	assert_int_equal(d->nadditional, 3);
	assert_record_equal(&d->additional[0], &orig->additional[0]);
	assert_record_equal(&d->additional[1], &orig->additional[1]);
	assert_string_equal(d->additional[2].address, "2001:db8::2");
	assert_string_equal(d->detail, "changed");
	assert_null(d->server);
	assert_record_equal(&d->records[1], &orig->records[1]);
	assert_string_equal(d->ede_text, "no reachable");
	mx_answer_free(orig);
	mx_answer_free(d);
}

/* A reduced answer is an answer like any other: it can be copied. */
static void
test_from_wire_dup(void **state)
{
	struct mx_answer	*a, *d;
	uint8_t			*w;
	size_t			 len;

	(void)state;
	w = rich_wire(&len);
	assert_int_equal(mx_answer_from_wire(w, len, "a.example.", MX_TYPE_MX,
	    &a), MX_OK);
	free(w);
	assert_int_equal(mx_answer_dup(a, &d), MX_OK);
	assert_answer_equal(d, a);
	assert_one_block(d);
	mx_answer_free(a);
	assert_string_equal(d->records[1].target, "mx2.b.example.");
	assert_string_equal(d->authority[1].target, "ns.");
	assert_int_equal(d->authority[1].serial, 1);
	assert_string_equal(d->additional[1].address, "2001:db8::1");
	mx_answer_free(d);
}

int
main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_hand_made),
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_byte_flips),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_from_wire_args),
		cmocka_unit_test(test_from_wire_dup),
		cmocka_unit_test(test_answer_new),
		cmocka_unit_test(test_answer_add_set),
		cmocka_unit_test(test_answer_dup),
		cmocka_unit_test(test_answer_dup_changed),
	};
	struct CMUnitTest	 tests[NCASES + sizeof(fixed) /
				    sizeof(fixed[0])];
	size_t			 i;

	/* one test per row of the table, named after it */
	for (i = 0; i < NCASES; i++) {
		memset(&tests[i], 0, sizeof(tests[i]));
		tests[i].name = cases[i].name;
		tests[i].test_func = test_wire_case;
		tests[i].initial_state = (void *)&cases[i];
	}
	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		tests[NCASES + i] = fixed[i];
	return cmocka_run_group_tests(tests, NULL, NULL);
}

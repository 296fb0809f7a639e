/*
 * answer.h -- the reduction of a DNS response to an mx_answer; not
 * installed.
 */
#ifndef MX_DNS_ANSWER_H
#define MX_DNS_ANSWER_H

#include <stddef.h>
#include <stdint.h>

#include "mxdig.h"

/*
 * Reduces the DNS response wire[0..len) to the answer for qname/qtype
 * (RFC 1035 §4.1), without I/O and without touching anything but *out.
 *
 * A response that does not parse, is no response (QR clear), is not a
 * QUERY, asks another question, holds a record of a type the answer keeps
 * whose RDATA is not that type's wire format, or is an NXDOMAIN that
 * carries the asked RRset reduces to TEMPFAIL with a detail
 * "malformed answer: ..." saying what ("A record of 5 octets", "not a
 * response (QR=0)", "opcode 5", "NXDOMAIN with 1 MX record"); an error
 * RCODE to TEMPFAIL with the RCODE's name ("SERVFAIL", "error rcode 16").
 * A TTL with the top bit set is taken as 0 (RFC 2181 §8).
 * Otherwise the CNAME chain in the answer section is followed from qname
 * (at most MX_CNAME_LIMIT hops, a loop ends it), and the last name gives
 * the rcode (RFC 6604): OK with its records of qtype, CNAME when a
 * NOERROR chain leaves the answer (or loops), NXDOMAIN, or NODATA.
 * Flags, RCODE and EDE are kept whenever the message parses; server and
 * port are left for the caller.
 *
 * Returns MX_OK with a new answer in *out (caller frees with
 * mx_answer_free) even when the answer says the response was bad;
 * MX_ERR_ARG for a NULL argument, MX_ERR_NAME when qname is no domain
 * name, MX_ERR_NOMEM when out of memory (*out is then NULL).
 */
mx_status mx_answer_from_wire(const uint8_t *wire, size_t len,
    const char *qname, uint16_t qtype, struct mx_answer **out);

/* Frees section s of ans and leaves it empty (an answer made by
 * mx_answer_new or mx_answer_from_wire; a copy's sections lie in its
 * block and are only emptied). */
void mx_answer_drop(struct mx_answer *ans, enum mx_section s);

/* The bytes ans takes (the block of a copy; roughly, for one built
 * record by record). */
size_t mx_answer_bytes(const struct mx_answer *ans);

#endif /* MX_DNS_ANSWER_H */

/*
 * fuzz_answer.c -- libFuzzer target for the packet-to-answer reduction
 * (mx_answer_from_wire), the code that reads what any DNS server sends.
 *
 * The first octet picks the question (type and name), the rest is the
 * response.  Besides not crashing, the answer must hold together: a
 * TEMPFAIL carries a detail and no records, an OK carries records of the
 * asked type, a CNAME a chain, every record its owner, every name,
 * address and text printable ASCII whatever bytes the wire held (RFC 1035
 * §5.1 escapes), and a copy (mx_answer_dup) the same.  Built with -fsanitize=fuzzer it fuzzes;
 * linked with replay.c it runs a corpus once (CTest does, every run).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mxdig.h"
#include "answer.h"
#include "oracle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint16_t types[] = { MX_TYPE_MX, MX_TYPE_A, MX_TYPE_AAAA,
	MX_TYPE_CNAME, 2, 6, MX_TYPE_TXT, MX_TYPE_TLSA };
static const char *const names[] = { "example.com.", "a.example.",
	"mx1.example.com.", "." };

#define require(c)	fz_require(c)

/* NULL, or printable ASCII on one line. */
static void
printable(const char *s)
{
	require(s == NULL || fz_printable(s, strlen(s), 0));
}

static void
check_section(const struct mx_record *r, size_t n)
{
	size_t i;

	require(n == 0 || r != NULL);
	for (i = 0; i < n; i++) {
		require(r[i].owner != NULL);
		require(strlen(r[i].owner) < 1024);
		printable(r[i].owner);
		printable(r[i].target);
		printable(r[i].address);
	}
}

/* The same answer, field by field (the strings by value). */
static void
same(const struct mx_answer *a, const struct mx_answer *b)
{
	size_t i;

	require(a->rcode == b->rcode && a->flags == b->flags &&
	    a->dns_rcode == b->dns_rcode && a->ede == b->ede &&
	    a->negative_ttl == b->negative_ttl);
	require(a->nrecords == b->nrecords && a->ncnames == b->ncnames &&
	    a->nauthority == b->nauthority &&
	    a->nadditional == b->nadditional);
	require((a->detail == NULL) == (b->detail == NULL));
	require(a->detail == NULL || strcmp(a->detail, b->detail) == 0);
	for (i = 0; i < a->nrecords; i++)
		require(strcmp(a->records[i].owner, b->records[i].owner) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mx_answer	*a = NULL, *copy = NULL;
	uint16_t		 qtype;
	const char		*qname;
	size_t			 i;

	if (size < 1)
		return 0;
	qtype = types[data[0] % (sizeof(types) / sizeof(types[0]))];
	qname = names[(data[0] >> 4) % (sizeof(names) / sizeof(names[0]))];
	require(mx_answer_from_wire(data + 1, size - 1, qname, qtype, &a) ==
	    MX_OK);
	require(a != NULL);
	printable(a->detail);
	printable(a->ede_text);
	check_section(a->records, a->nrecords);
	check_section(a->cnames, a->ncnames);
	check_section(a->authority, a->nauthority);
	check_section(a->additional, a->nadditional);
	switch (a->rcode) {
	case MX_ANSWER_TEMPFAIL:
		require(a->detail != NULL);
		require(a->nrecords + a->ncnames + a->nauthority +
		    a->nadditional == 0);
		break;
	case MX_ANSWER_OK:
		require(a->nrecords > 0);
		for (i = 0; i < a->nrecords; i++)
			require(a->records[i].type == qtype);
		break;
	case MX_ANSWER_CNAME:
		require(a->ncnames > 0 && a->nrecords == 0);
		break;
	case MX_ANSWER_NODATA:
	case MX_ANSWER_NXDOMAIN:
		require(a->nrecords == 0);
		break;
	default:
		require(0);
	}
	require(a->ncnames <= MX_CNAME_LIMIT);
	for (i = 0; i < a->ncnames; i++)
		require(a->cnames[i].type == MX_TYPE_CNAME &&
		    a->cnames[i].target != NULL);
	require(mx_answer_dup(a, &copy) == MX_OK);
	same(a, copy);
	mx_answer_free(copy);
	mx_answer_free(a);
	return 0;
}

/*
 * rdf.c -- rdata fields to text, fast, for the types mxdig keeps.
 *
 * ldns_rdf2str builds names one printf per character; on a large zone
 * that was a third of the lint time.  The names (RFC 1035 §5.1 escapes:
 * the same output as ldns) and addresses are written here directly;
 * any other rdf goes to ldns.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include "internal.h"

/* A name in wire form (uncompressed) to presentation form in out, which
 * holds MX_NAME_TEXT_MAX bytes; NULL when the name is malformed. */
char *
mx_wire_name_text(const uint8_t *w, size_t len, char *out)
{
	/* each octet at most "\DDD", plus the dots: 255 * 4 + 2 */
	char	*p = out;
	size_t	 i = 0;

	if (len == 0 || len > 255)
		return NULL;
	if (w[0] == 0) {
		strcpy(out, ".");
		return out;
	}
	while (i < len && w[i] != 0) {
		size_t lab = w[i++], j;

		if (lab > 63 || i + lab > len)
			return NULL;
		for (j = 0; j < lab; j++) {
			unsigned char c = w[i + j];

			if (c == '.' || c == ';' || c == '(' || c == ')' ||
			    c == '\\') {
				*p++ = '\\';
				*p++ = (char)c;
			} else if (c <= 0x20 || c >= 0x7f) {
				*p++ = '\\';
				*p++ = (char)('0' + c / 100);
				*p++ = (char)('0' + c / 10 % 10);
				*p++ = (char)('0' + c % 10);
			} else
				*p++ = (char)c;
		}
		*p++ = '.';
		i += lab;
	}
	*p = '\0';
	return out;
}

char *
mx_rdf_name_buf(const ldns_rdf *rdf, char *buf)
{
	if (rdf == NULL || ldns_rdf_get_type(rdf) != LDNS_RDF_TYPE_DNAME)
		return NULL;
	return mx_wire_name_text(ldns_rdf_data(rdf), ldns_rdf_size(rdf),
	    buf);
}

/* Writes v (0-255) in decimal at p; returns the end. */
static char *
put_dec(char *p, unsigned v)
{
	if (v >= 100)
		*p++ = (char)('0' + v / 100);
	if (v >= 10)
		*p++ = (char)('0' + v / 10 % 10);
	*p++ = (char)('0' + v % 10);
	return p;
}

/*
 * inet_ntop without its sprintf per group (a tenth of the lint time went
 * there).  The output is glibc's: lowercase hex without leading zeros,
 * the longest run of two or more zero groups (the first of equals) as
 * "::", and "::a.b.c.d" / "::ffff:a.b.c.d" for the IPv4-compatible and
 * -mapped forms.  The unit test compares the two.
 */
char *
mx_addr_ntop(int af, const void *addr, char *buf)
{
	static const char	 hex[] = "0123456789abcdef";
	const uint8_t		*a = addr;
	unsigned		 w[8];
	int			 i, base = -1, len = 0, cb = -1, cl = 0;
	char			*p = buf;

	if (af == AF_INET) {
		for (i = 0; i < 4; i++) {
			if (i > 0)
				*p++ = '.';
			p = put_dec(p, a[i]);
		}
		*p = '\0';
		return buf;
	}
	for (i = 0; i < 8; i++) {
		w[i] = (unsigned)a[2 * i] << 8 | a[2 * i + 1];
		if (w[i] != 0) {
			cb = -1;
			continue;
		}
		if (cb < 0) {
			cb = i;
			cl = 0;
		}
		if (++cl > len) {
			base = cb;
			len = cl;
		}
	}
	if (len < 2)
		base = -1;
	for (i = 0; i < 8; i++) {
		int s;

		if (base >= 0 && i >= base && i < base + len) {
			if (i == base)
				*p++ = ':';
			continue;
		}
		if (i != 0)
			*p++ = ':';
		if (i == 6 && base == 0 && (len == 6 ||
		    (len == 5 && w[5] == 0xffff))) {
			for (s = 12; s < 16; s++) {
				if (s > 12)
					*p++ = '.';
				p = put_dec(p, a[s]);
			}
			*p = '\0';
			return buf;
		}
		for (s = 12; s > 0 && (w[i] >> s) == 0; s -= 4)
			;
		for (; s >= 0; s -= 4)
			*p++ = hex[(w[i] >> s) & 15];
	}
	if (base >= 0 && base + len == 8)
		*p++ = ':';
	*p = '\0';
	return buf;
}

char *
mx_rdf_str(const ldns_rdf *rdf)
{
	char buf[INET6_ADDRSTRLEN];

	if (rdf == NULL)
		return NULL;
	switch (ldns_rdf_get_type(rdf)) {
	case LDNS_RDF_TYPE_DNAME: {
		char name[MX_NAME_TEXT_MAX];

		return mx_rdf_name_buf(rdf, name) ? strdup(name) : NULL;
	}
	case LDNS_RDF_TYPE_A:
		if (ldns_rdf_size(rdf) != 4)
			break;
		return strdup(mx_addr_ntop(AF_INET, ldns_rdf_data(rdf), buf));
	case LDNS_RDF_TYPE_AAAA:
		if (ldns_rdf_size(rdf) != 16)
			break;
		return strdup(mx_addr_ntop(AF_INET6, ldns_rdf_data(rdf),
		    buf));
	default:
		break;
	}
	return ldns_rdf2str(rdf);
}

/*
 * A DNS query in wire form, as ldns_pkt2wire writes it for a packet with
 * RD set and EDNS0 (RFC 6891) advertising udp_size: header, question,
 * and an OPT record without options.  Building the packet in ldns and
 * converting it took a tenth of a batch run.  NULL when out of memory.
 */
uint8_t *
mx_query_wire(const uint8_t *qname, size_t qlen, uint16_t type, uint16_t id,
    uint16_t udp_size, unsigned flags, size_t *len)
{
	uint8_t	*w, *p;

	*len = 12 + qlen + 4 + 11;
	if ((w = malloc(*len)) == NULL)
		return NULL;
	p = w;
	*p++ = (uint8_t)(id >> 8);
	*p++ = (uint8_t)id;
	*p++ = flags & MX_QUERY_RD ? 0x01 : 0x00;	/* RD */
	*p++ = flags & MX_QUERY_CD ? 0x10 : 0x00;	/* CD */
	*p++ = 0; *p++ = 1;		/* QDCOUNT */
	*p++ = 0; *p++ = 0;		/* ANCOUNT */
	*p++ = 0; *p++ = 0;		/* NSCOUNT */
	*p++ = 0; *p++ = 1;		/* ARCOUNT: the OPT record */
	memcpy(p, qname, qlen);
	p += qlen;
	*p++ = (uint8_t)(type >> 8);
	*p++ = (uint8_t)type;
	*p++ = 0; *p++ = 1;		/* class IN */
	*p++ = 0;			/* OPT: the root name */
	*p++ = 0; *p++ = 41;		/* type OPT */
	*p++ = (uint8_t)(udp_size >> 8);
	*p++ = (uint8_t)udp_size;
	*p++ = 0; *p++ = 0;		/* extended rcode, version */
	*p++ = flags & MX_QUERY_DO ? 0x80 : 0;	/* DO (RFC 3225) */
	*p++ = 0;
	*p++ = 0; *p++ = 0;		/* no options */
	return w;
}

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

/* A name in wire form (uncompressed) to presentation form; NULL when it
 * is malformed or memory runs out. */
static char *
dname_str(const uint8_t *w, size_t len)
{
	/* each octet at most "\DDD", plus the dots */
	char	*out, *p;
	size_t	 i = 0;

	if (len == 0 || len > 255 || (out = malloc(len * 4 + 2)) == NULL)
		return NULL;
	p = out;
	if (w[0] == 0) {
		strcpy(out, ".");
		return out;
	}
	while (i < len && w[i] != 0) {
		size_t lab = w[i++], j;

		if (lab > 63 || i + lab > len) {
			free(out);
			return NULL;
		}
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
mx_rdf_str(const ldns_rdf *rdf)
{
	char buf[INET6_ADDRSTRLEN];

	if (rdf == NULL)
		return NULL;
	switch (ldns_rdf_get_type(rdf)) {
	case LDNS_RDF_TYPE_DNAME:
		return dname_str(ldns_rdf_data(rdf), ldns_rdf_size(rdf));
	case LDNS_RDF_TYPE_A:
		if (ldns_rdf_size(rdf) != 4 || inet_ntop(AF_INET,
		    ldns_rdf_data(rdf), buf, sizeof(buf)) == NULL)
			break;
		return strdup(buf);
	case LDNS_RDF_TYPE_AAAA:
		if (ldns_rdf_size(rdf) != 16 || inet_ntop(AF_INET6,
		    ldns_rdf_data(rdf), buf, sizeof(buf)) == NULL)
			break;
		return strdup(buf);
	default:
		break;
	}
	return ldns_rdf2str(rdf);
}

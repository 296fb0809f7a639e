/*
 * ptr.c -- the reverse layer's names: the PTR owner of an address
 * (in-addr.arpa, ip6.arpa nibbles) and the state names.  The lookups
 * themselves go through the context's source, as every path query does,
 * so that a PTR shared by the domains of a batch comes from its cache
 * (resolve.c).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

/*
 * The reverse name of text: RFC 1035 §3.5 for IPv4 (the octets in
 * reverse under in-addr.arpa.), RFC 3596 §2.5 for IPv6 (the 32 nibbles
 * in reverse, lowest first, under ip6.arpa.).  An IPv4-mapped IPv6
 * address is an IPv6 address here, as senders' resolvers see it.  NULL
 * when text is no address.
 */
char *
mx_ptr_name(const char *text, char *buf)
{
	static const char	hex[] = "0123456789abcdef";
	unsigned char		a[16];
	char			*p = buf;
	int			i;

	if (text == NULL || buf == NULL)
		return NULL;
	if (inet_pton(AF_INET, text, a) == 1) {
		snprintf(buf, MX_PTR_NAME_MAX, "%u.%u.%u.%u.in-addr.arpa.",
		    a[3], a[2], a[1], a[0]);
		return buf;
	}
	if (inet_pton(AF_INET6, text, a) != 1)
		return NULL;
	for (i = 15; i >= 0; i--) {
		*p++ = hex[a[i] & 0x0f];
		*p++ = '.';
		*p++ = hex[a[i] >> 4];
		*p++ = '.';
	}
	memcpy(p, "ip6.arpa.", sizeof("ip6.arpa."));
	return buf;
}

const char *
mx_ptr_state_name(enum mx_ptr_state state)
{
	switch (state) {
	case MX_PTR_NONE:	return "not-checked";
	case MX_PTR_CONFIRMED:	return "confirmed";
	case MX_PTR_MISMATCH:	return "mismatch";
	case MX_PTR_MISSING:	return "missing";
	case MX_PTR_FAILED:	return "lookup-failed";
	}
	return "unknown";
}

const char *
mx_dnssec_state_name(enum mx_dnssec_state state)
{
	switch (state) {
	case MX_DNSSEC_NONE:		return "not-checked";
	case MX_DNSSEC_SECURE:		return "secure";
	case MX_DNSSEC_INSECURE:	return "insecure";
	case MX_DNSSEC_BOGUS:		return "bogus";
	case MX_DNSSEC_INDETERMINATE:	return "indeterminate";
	}
	return "unknown";
}

/*
 * tlsa.c -- TLSA record fields (RFC 6698 §2.1) as an SMTP sender judges
 * them (RFC 7672 §3.1.3), their RFC 7218 mnemonics, and the names of the
 * DANE states and of the senders' verdicts.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

/*
 * Why an SMTP sender cannot use a TLSA record with these fields, or NULL
 * when it can.  The first reason found, in the order a reader checks a
 * record: the usage (RFC 6698 §2.1.1; 0 and 1 are not for SMTP, RFC 7672
 * §3.1.3), the selector (§2.1.2), the matching type (§2.1.3), then the
 * data: none at all (§2.1.4), or a digest whose length is not its
 * algorithm's (RFC 7671 §5.1: such a record matches nothing).  The
 * private-use values (255) are unusable too: no sender knows what they
 * mean.
 */
const char *
mx_tlsa_unusable(unsigned usage, unsigned selector, unsigned mtype,
    size_t len)
{
	if (usage > 3)
		return "its usage is none of 0 to 3 (RFC 6698 §2.1.1)";
	if (usage == 0)
		return "usage 0 (PKIX-TA) is not used for SMTP "
		    "(RFC 7672 §3.1.3)";
	if (usage == 1)
		return "usage 1 (PKIX-EE) is not used for SMTP "
		    "(RFC 7672 §3.1.3)";
	if (selector > 1)
		return "its selector is neither 0 (Cert) nor 1 (SPKI) "
		    "(RFC 6698 §2.1.2)";
	if (mtype > 2)
		return "its matching type is none of 0 (Full), 1 (SHA2-256) "
		    "and 2 (SHA2-512) (RFC 6698 §2.1.3)";
	if (len == 0)
		return "it has no certificate association data "
		    "(RFC 6698 §2.1.4)";
	if (mtype == 1 && len != 32)
		return "its SHA2-256 digest is not 32 octets (RFC 6698 §2.1.3)";
	if (mtype == 2 && len != 64)
		return "its SHA2-512 digest is not 64 octets (RFC 6698 §2.1.3)";
	return NULL;
}

/* The RFC 7218 §2 mnemonic of a field value, NULL when it has none. */
static const char *
tlsa_field_name(const char *const *names, size_t n, const char *priv,
    unsigned v)
{
	if (v < n)
		return names[v];
	if (v == 255)
		return priv;
	return NULL;
}

/*
 * "3 1 1 DANE-EE SPKI SHA2-256": the three numbers, then each one's
 * mnemonic (RFC 7218 §2.1-2.3), or the number again where it has none.
 * MX_TLSA_MNEMONIC_MAX holds any three fields of one octet each (their
 * wire size); larger numbers are cut short, never overflowing buf.
 */
char *
mx_tlsa_mnemonic(unsigned usage, unsigned selector, unsigned mtype,
    char *buf, size_t size)
{
	static const char *const usages[] = {
		"PKIX-TA", "PKIX-EE", "DANE-TA", "DANE-EE"
	};
	static const char *const selectors[] = { "Cert", "SPKI" };
	static const char *const mtypes[] = { "Full", "SHA2-256", "SHA2-512" };
	const char	*name[3];
	char		 num[3][12];
	unsigned	 v[3];
	int		 i;

	if (buf == NULL || size == 0)
		return buf;
	v[0] = usage;
	v[1] = selector;
	v[2] = mtype;
	name[0] = tlsa_field_name(usages, 4, "PrivCert", usage);
	name[1] = tlsa_field_name(selectors, 2, "PrivSel", selector);
	name[2] = tlsa_field_name(mtypes, 3, "PrivMatch", mtype);
	for (i = 0; i < 3; i++) {
		snprintf(num[i], sizeof(num[i]), "%u", v[i]);
		if (name[i] == NULL)
			name[i] = num[i];
	}
	snprintf(buf, size, "%u %u %u %s %s %s", usage, selector, mtype,
	    name[0], name[1], name[2]);
	return buf;
}

const char *
mx_dane_state_name(enum mx_dane_state state)
{
	switch (state) {
	case MX_DANE_NONE:	return "none";
	case MX_DANE_NO_TLSA:	return "no-tlsa";
	case MX_DANE_USABLE:	return "usable";
	case MX_DANE_UNUSABLE:	return "unusable";
	case MX_DANE_INSECURE:	return "insecure";
	case MX_DANE_BOGUS:	return "bogus";
	case MX_DANE_FAILED:	return "failed";
	}
	return "none";
}

const char *
mx_dane_match_name(enum mx_dane_match m)
{
	switch (m) {
	case MX_DANE_MATCH_NONE:	return "none";
	case MX_DANE_MATCH_OK:		return "ok";
	case MX_DANE_MATCH_FAILED:	return "failed";
	}
	return "none";
}

const char *
mx_send_name(enum mx_send v)
{
	switch (v) {
	case MX_SEND_UNKNOWN:	return "unknown";
	case MX_SEND_TLS_AUTH:	return "tls-authenticated";
	case MX_SEND_TLS:	return "tls";
	case MX_SEND_CLEAR:	return "clear";
	case MX_SEND_DEFER:	return "defer";
	case MX_SEND_REFUSE:	return "refuse";
	}
	return "unknown";
}

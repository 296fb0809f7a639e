/*
 * policy.h -- the policy layer's parsers of DNS text, internal to
 * libmxdig: the _mta-sts TXT record (RFC 8461 §3.1) and the _smtp._tls
 * TXT record (RFC 8460 §3).  The public ones (TLSA fields, the MTA-STS
 * policy body, mx patterns) are in mxdig.h.  Pure functions of their
 * bytes: no DNS, no allocation beyond what they return.
 */
#ifndef MX_POLICY_H
#define MX_POLICY_H

#include <stddef.h>

#include "mxdig.h"

/* Writes a message into err (size bytes) when there is room for one:
 * the parsers' err may be NULL. */
void mx_perr(char *err, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * One TXT record's text (its character-strings concatenated, RFC 8461
 * §3.1) at _mta-sts.D: OTHER when it does not start with "v=STSv1" (to be
 * discarded), VALID with id (1..32 alphanumerics) copied into id[33],
 * INVALID with err saying why. Fields "key=value" separated by ";" with
 * optional whitespace (RFC 8461 §3.1 ABNF), extension fields allowed.
 */
enum mx_sts_txt { MX_STS_TXT_OTHER, MX_STS_TXT_VALID, MX_STS_TXT_INVALID };
enum mx_sts_txt mx_sts_txt_parse(const char *txt, size_t len, char id[33],
    char *err, size_t size);

/*
 * One TXT at _smtp._tls.D (RFC 8460 §3): OTHER when not "v=TLSRPTv1",
 * VALID with the rua URIs (comma-separated, each mailto: or https:) in
 * *rua and *nrua (malloc'd; free with mx_tls_rpt_rua_free), INVALID with err.
 */
enum mx_rpt_txt { MX_RPT_TXT_OTHER, MX_RPT_TXT_VALID, MX_RPT_TXT_INVALID };
enum mx_rpt_txt mx_tls_rpt_parse(const char *txt, size_t len, char ***rua,
    size_t *nrua, char *err, size_t size);
void mx_tls_rpt_rua_free(char **rua, size_t n);

/*
 * The fields of a "v=VERSION; key=value; ..." record, the shape both
 * TXT records share (RFC 8461 §3.1, RFC 8460 §3): the tokenizer walks
 * txt[*pos..len) one field at a time.
 */
struct mx_txt_field {
	const char	*key, *value;
	size_t		 keylen, valuelen;
};
/* Whether txt[0..len) starts with tag (e.g. "v=STSv1") followed by the
 * end, ";" or whitespace: a record of that version.  *pos is then past
 * the tag. */
int mx_txt_version(const char *txt, size_t len, const char *tag,
    size_t *pos);
/* The next field after *pos into *f: 1 with a field, 0 at the end, -1
 * with err (size bytes) saying what is wrong (a missing ";", an empty
 * field, a name or value outside RFC 8461 §3.1's grammar, a NUL). */
int mx_txt_field_next(const char *txt, size_t len, size_t *pos,
    struct mx_txt_field *f, char *err, size_t size);

#endif

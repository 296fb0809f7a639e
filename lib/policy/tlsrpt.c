/*
 * tlsrpt.c -- the TLS-RPT record at _smtp._tls.D (RFC 8460 §3): its
 * version and the report URIs of its rua field.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "policy.h"

#define RPT_QUOTE_MAX	64

void
mx_tls_rpt_rua_free(char **rua, size_t n)
{
	size_t	i;

	if (rua == NULL)
		return;
	for (i = 0; i < n; i++)
		free(rua[i]);
	free(rua);
}

/* Whether s[0..n) starts with the ASCII word, ignoring case (a URI
 * scheme is case-insensitive, RFC 3986 §3.1). */
static int
starts_nocase(const char *s, size_t n, const char *word)
{
	size_t	i, w = strlen(word);

	if (n < w)
		return 0;
	for (i = 0; i < w; i++) {
		int c = (unsigned char)s[i];

		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (c != word[i])
			return 0;
	}
	return 1;
}

/*
 * Why one rua URI of n octets cannot take reports, or NULL: RFC 8460 §3
 * allows "mailto:" with an address and "https:" with an authority; a URI
 * holds no whitespace (a "," or "!" inside must be %-encoded, so a comma
 * always separates two URIs).
 */
static const char *
rua_uri_why(const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (s[i] == ' ' || s[i] == '\t')
			return "holds whitespace";
	if (starts_nocase(s, n, "mailto:"))
		return memchr(s, '@', n) != NULL ? NULL :
		    "names no mail address";
	if (starts_nocase(s, n, "https:"))
		return starts_nocase(s, n, "https://") && n > 8 ? NULL :
		    "names no host";
	return "is neither a mailto: nor an https: URI";
}

/* Appends a copy of s[0..n) to *rua. */
static int
rua_add(char ***rua, size_t *nrua, const char *s, size_t n)
{
	char	**grown, *copy;

	grown = realloc(*rua, (*nrua + 1) * sizeof(*grown));
	if (grown == NULL)
		return -1;
	*rua = grown;
	if ((copy = malloc(n + 1)) == NULL)
		return -1;
	memcpy(copy, s, n);
	copy[n] = '\0';
	grown[(*nrua)++] = copy;
	return 0;
}

/*
 * The rua value: URIs separated by "," with optional whitespace around
 * it (RFC 8460 §3 tlsrpt-rua), none empty.  Returns 0, or -1 with err.
 */
static int
rua_list(const char *v, size_t n, char ***rua, size_t *nrua, char *err,
    size_t size)
{
	char		 q[RPT_QUOTE_MAX + 8];
	const char	*comma, *why;
	size_t		 pos = 0, end, a, b;

	for (;;) {
		comma = memchr(v + pos, ',', n - pos);
		end = comma != NULL ? (size_t)(comma - v) : n;
		a = pos;
		b = end;
		while (a < b && (v[a] == ' ' || v[a] == '\t'))
			a++;
		while (b > a && (v[b - 1] == ' ' || v[b - 1] == '\t'))
			b--;
		if (a == b) {
			mx_perr(err, size, "rua has an empty URI");
			return -1;
		}
		if ((why = rua_uri_why(v + a, b - a)) != NULL) {
			mx_perr(err, size, "rua URI \"%s\" %s",
			    mx_escape_buf(v + a, b - a, q, sizeof(q)), why);
			return -1;
		}
		if (rua_add(rua, nrua, v + a, b - a) != 0) {
			mx_perr(err, size, "out of memory");
			return -1;
		}
		if (comma == NULL)
			return 0;
		pos = end + 1;
	}
}

/*
 * RFC 8460 §3: "v=TLSRPTv1" first (else another record: OTHER), then
 * fields separated by ";"; exactly one rua, extensions ignored.  On
 * INVALID nothing is left in *rua.
 */
enum mx_rpt_txt
mx_tls_rpt_parse(const char *txt, size_t len, char ***rua, size_t *nrua,
    char *err, size_t size)
{
	struct mx_txt_field	 f;
	char			**uris = NULL;
	size_t			 n = 0, pos;
	int			 r, have_rua = 0;

	if (rua != NULL)
		*rua = NULL;
	if (nrua != NULL)
		*nrua = 0;
	if (err != NULL && size > 0)
		err[0] = '\0';
	if (!mx_txt_version(txt, len, "v=TLSRPTv1", &pos))
		return MX_RPT_TXT_OTHER;
	while ((r = mx_txt_field_next(txt, len, &pos, &f, err, size)) > 0) {
		if (f.keylen != 3 || memcmp(f.key, "rua", 3) != 0)
			continue;
		if (have_rua) {
			mx_perr(err, size, "rua given twice");
			goto invalid;
		}
		have_rua = 1;
		if (rua_list(f.value, f.valuelen, &uris, &n, err, size) != 0)
			goto invalid;
	}
	if (r < 0)
		goto invalid;
	if (!have_rua) {
		mx_perr(err, size, "no rua field");
		goto invalid;
	}
	if (rua != NULL && nrua != NULL) {
		*rua = uris;
		*nrua = n;
	} else
		mx_tls_rpt_rua_free(uris, n);
	return MX_RPT_TXT_VALID;
invalid:
	mx_tls_rpt_rua_free(uris, n);
	return MX_RPT_TXT_INVALID;
}

/*
 * fuzz_policy.c -- libFuzzer target for the policy layer's parsers of
 * outside bytes: the MTA-STS policy body a web server sends, the
 * _mta-sts and _smtp._tls TXT records a DNS server sends, TLSA fields,
 * and mx patterns against host names.
 *
 * The first octet picks the parser (low bits), the rest is its input in
 * a buffer of exactly that size (ASan sees any read past it).  Besides
 * not crashing, leaking or hanging: a VALID result's fields are within
 * the limits the RFCs set and the parser documents, a rejected input
 * says why in one printable line and leaves nothing allocated.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mxdig.h"
#include "oracle.h"
#include "../../lib/policy/policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define require(c)	fz_require(c)

/* A message: not empty, one printable line. */
static void
message(const char *err)
{
	require(err[0] != '\0');
	require(fz_printable(err, strlen(err), 0));
}

static int
alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

static void
fuzz_body(const char *b, size_t n)
{
	struct mx_sts_policy	 p;
	char			 err[256];
	size_t			 i, len;
	const char		*m;

	if (mx_sts_policy_parse(b, n, &p, err, sizeof(err)) != MX_OK) {
		message(err);
		require(strncmp(err, "line ", 5) == 0 ||
		    strncmp(err, "no ", 3) == 0);
		require(p.mx == NULL && p.nmx == 0);
		return;
	}
	require(p.mode == MX_STS_ENFORCE || p.mode == MX_STS_TESTING ||
	    p.mode == MX_STS_NONE);
	require(p.max_age <= 31557600);
	require(p.nmx > 0 || p.mode == MX_STS_NONE);
	require(p.nmx <= n / 4);
	for (i = 0; i < p.nmx; i++) {
		m = p.mx[i];
		len = strlen(m);
		require(len > 0 && len <= 256);
		require(fz_printable(m, len, 0));
		require(strchr(m, ' ') == NULL && strchr(m, '\t') == NULL);
		/* a pattern names its own host; a wildcard one more label */
		if (m[0] != '*')
			require(mx_sts_mx_match(m, m) == 1);
		else {
			require(mx_sts_mx_match(m, m + 2) == 0);
			require(mx_sts_mx_match(m, m) == 1);
		}
	}
	mx_sts_policy_clear(&p);
	require(p.mx == NULL && p.nmx == 0);
}

static void
fuzz_sts_txt(const char *t, size_t n)
{
	char	id[33], err[256];
	size_t	i, len;

	switch (mx_sts_txt_parse(t, n, id, err, sizeof(err))) {
	case MX_STS_TXT_VALID:
		require(n >= 7 && memcmp(t, "v=STSv1", 7) == 0);
		len = strlen(id);
		require(len >= 1 && len <= 32);
		for (i = 0; i < len; i++)
			require(alnum((unsigned char)id[i]));
		require(err[0] == '\0');
		break;
	case MX_STS_TXT_INVALID:
		require(n >= 7 && memcmp(t, "v=STSv1", 7) == 0);
		require(id[0] == '\0');
		message(err);
		break;
	case MX_STS_TXT_OTHER:
		require(id[0] == '\0');
		require(n < 7 || memcmp(t, "v=STSv1", 7) != 0 || (n > 7 &&
		    t[7] != ';' && t[7] != ' ' && t[7] != '\t'));
		break;
	}
}

static void
fuzz_rpt_txt(const char *t, size_t n)
{
	char	**rua, err[256];
	size_t	  nrua, i, len;

	switch (mx_tls_rpt_parse(t, n, &rua, &nrua, err, sizeof(err))) {
	case MX_RPT_TXT_VALID:
		require(nrua >= 1 && rua != NULL);
		require(nrua <= n / 8);
		for (i = 0; i < nrua; i++) {
			len = strlen(rua[i]);
			require(len > 7 && fz_printable(rua[i], len, 0));
			require(strncasecmp(rua[i], "mailto:", 7) == 0 ||
			    strncasecmp(rua[i], "https://", 8) == 0);
			require(strpbrk(rua[i], " \t,;") == NULL);
		}
		mx_tls_rpt_rua_free(rua, nrua);
		break;
	case MX_RPT_TXT_INVALID:
		message(err);
		/* FALLTHROUGH */
	case MX_RPT_TXT_OTHER:
		require(rua == NULL && nrua == 0);
		break;
	}
}

/* Three field octets and a length: usable only as RFC 7672 allows, and
 * the mnemonic fits its buffer whole. */
static void
fuzz_tlsa(const uint8_t *d, size_t n)
{
	char		 buf[MX_TLSA_MNEMONIC_MAX];
	const char	*why;
	size_t		 len;

	if (n < 5)
		return;
	len = (size_t)d[3] << 8 | d[4];
	why = mx_tlsa_unusable(d[0], d[1], d[2], len);
	require((why == NULL) == ((d[0] == 2 || d[0] == 3) && d[1] <= 1 &&
	    ((d[2] == 0 && len > 0) || (d[2] == 1 && len == 32) ||
	    (d[2] == 2 && len == 64))));
	require(why == NULL || fz_printable(why, strlen(why), 0));
	mx_tlsa_mnemonic(d[0], d[1], d[2], buf, sizeof(buf));
	require(strlen(buf) < sizeof(buf) - 1);
}

/* "pattern NUL host": matching is symmetric in case and trailing dots. */
static void
fuzz_match(const char *t, size_t n)
{
	const char	*nul = memchr(t, '\0', n);
	char		*pat, *host;
	size_t		 plen, hlen, i;
	int		 m;

	if (nul == NULL)
		return;
	plen = (size_t)(nul - t);
	hlen = n - plen - 1;
	if (memchr(nul + 1, '\0', hlen) != NULL)
		return;
	pat = malloc(plen + 1);
	host = malloc(hlen + 2);
	require(pat != NULL && host != NULL);
	memcpy(pat, t, plen);
	pat[plen] = '\0';
	memcpy(host, nul + 1, hlen);
	host[hlen] = '\0';
	m = mx_sts_mx_match(pat, host);
	if (m && pat[0] != '*')
		require(strlen(pat) - (plen > 0 && pat[plen - 1] == '.') ==
		    hlen - (hlen > 0 && host[hlen - 1] == '.'));
	for (i = 0; i < hlen; i++)
		if (host[i] >= 'a' && host[i] <= 'z')
			host[i] = (char)(host[i] - 'a' + 'A');
	require(mx_sts_mx_match(pat, host) == m);
	if (hlen == 0 || host[hlen - 1] != '.') {
		host[hlen] = '.';
		host[hlen + 1] = '\0';
		require(mx_sts_mx_match(pat, host) == m);
	}
	free(pat);
	free(host);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*copy;
	size_t	 n;

	if (size < 1)
		return 0;
	n = size - 1;
	/* an exact-size copy: a read past n is a read past the heap block */
	if ((copy = malloc(n > 0 ? n : 1)) == NULL)
		return 0;
	memcpy(copy, data + 1, n);
	switch (data[0] % 5) {
	case 0:
		fuzz_body(copy, n);
		break;
	case 1:
		fuzz_sts_txt(copy, n);
		break;
	case 2:
		fuzz_rpt_txt(copy, n);
		break;
	case 3:
		fuzz_tlsa((const uint8_t *)copy, n);
		break;
	case 4:
		fuzz_match(copy, n);
		break;
	}
	free(copy);
	return 0;
}

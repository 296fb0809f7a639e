/*
 * dane.c -- matching a presented chain against TLSA records, with
 * OpenSSL's DANE code, after the session is gone.
 *
 * The route (OpenSSL 3.0, Debian 12): OpenSSL keeps DANE state on an SSL
 * (SSL_dane_enable, SSL_dane_tlsa_add), and its verifier reads it from
 * an X509_STORE_CTX (X509_STORE_CTX_set0_dane).  Both are public, so no
 * connection is needed: an SSL that never connects holds the records and
 * the reference names, and X509_verify_cert runs over the chain the
 * probe captured (leaf first, as the server sent it), with the SSL's
 * verify parameters, as OpenSSL's own handshake does.  The matched
 * record and depth are then read with SSL_get0_dane_tlsa, which answers
 * only while the SSL's verify result is OK (a fresh SSL's is; it is set
 * from the store's result all the same, not left to that default).  The trust store is empty: usages 2 and 3 need no PKIX root,
 * and 0 and 1 are never added (RFC 7672 §3.1.3).
 *
 * RFC 7672 §3.1.1: DANE-EE ignores names and dates
 * (DANE_FLAG_NO_DANE_EE_NAMECHECKS; OpenSSL does not look at the dates
 * of a leaf matched by DANE-EE).  §3.2.2: a chain to a DANE-TA anchor is
 * verified in full, dates included, and its leaf must name the TLSA base
 * domain or the MX name.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include "probe.h"

/* Names as OpenSSL's host checks want them: no trailing dot. */
static int
bare_name(const char *name, char *buf, size_t size)
{
	size_t n;

	if (name == NULL || (n = strlen(name)) == 0 || n >= size)
		return 0;
	memcpy(buf, name, n + 1);
	if (buf[n - 1] == '.')
		buf[--n] = '\0';
	return n > 0;
}

/* A record the sender uses: RFC 7672 §3.1.3 leaves out PKIX-TA and
 * PKIX-EE, RFC 6698 §4.1 selectors and matching types it does not know,
 * and the caller marks the others it refuses. */
static int
usable(const struct mx_tlsa *t)
{
	return t->unusable == NULL && (t->usage == 2 || t->usage == 3) &&
	    t->selector <= 1 && t->mtype <= 2;
}

/* The digest (mtype 1, 2) or the bytes (0) of der into out; its length,
 * 0 when it cannot be made. */
static size_t
assoc_data(const unsigned char *der, size_t len, uint8_t mtype,
    unsigned char *out, size_t size)
{
	const EVP_MD	*md;
	unsigned	 n = 0;

	if (mtype == 0) {
		if (len > size)
			return 0;
		memcpy(out, der, len);
		return len;
	}
	md = mtype == 1 ? EVP_sha256() : mtype == 2 ? EVP_sha512() : NULL;
	if (md == NULL || (size_t)EVP_MD_get_size(md) > size ||
	    EVP_Digest(der, len, out, &n, md, NULL) != 1)
		return 0;
	return n;
}

/* The DER of x's certificate (selector 0) or SubjectPublicKeyInfo (1),
 * allocated; NULL when it cannot be made. */
static unsigned char *
selected_der(X509 *x, uint8_t selector, size_t *len)
{
	unsigned char	*der = NULL;
	int		 n;

	if (selector == 0)
		n = i2d_X509(x, &der);
	else
		n = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(x), &der);
	if (n <= 0) {
		ERR_clear_error();
		return NULL;
	}
	*len = (size_t)n;
	return der;
}

/* Lower-case hex of p[0..n-1] into buf (2n+1 bytes). */
static void
hex(const unsigned char *p, size_t n, char *buf)
{
	size_t i;

	for (i = 0; i < n; i++)
		snprintf(buf + 2 * i, 3, "%02x", p[i]);
	buf[2 * n] = '\0';
}

char *
mx_dane_leaf_311(const struct mx_smtp *r, char *buf)
{
	const unsigned char	*p;
	unsigned char		*spki, md[64];
	X509			*x;
	size_t			 len, n;

	if (r == NULL || r->nchain == 0 || r->chain[0].der == NULL)
		return NULL;
	p = r->chain[0].der;
	if ((x = d2i_X509(NULL, &p, (long)r->chain[0].der_len)) == NULL) {
		ERR_clear_error();
		return NULL;
	}
	spki = selected_der(x, 1, &len);
	X509_free(x);
	if (spki == NULL)
		return NULL;
	n = assoc_data(spki, len, 1, md, sizeof(md));
	OPENSSL_free(spki);
	if (n != 32)
		return NULL;
	hex(md, n, buf);
	return buf;
}

/* Appends to err (size bytes, NUL-terminated) what fmt says. */
static void __attribute__((format(printf, 3, 4)))
append(char *err, size_t size, const char *fmt, ...)
{
	va_list	ap;
	size_t	n = strlen(err);

	if (n + 1 >= size)
		return;
	va_start(ap, fmt);
	vsnprintf(err + n, size - n, fmt, ap);
	va_end(ap);
}

static const char *
mtype_name(uint8_t mtype)
{
	return mtype == 1 ? "SHA2-256" : mtype == 2 ? "SHA2-512" : "full";
}

/*
 * Why no DANE-EE record matched the leaf, in a mail admin's words: for
 * each selector and matching type the records use, what the server's
 * leaf gives and what the records want.
 */
static void
explain_ee(X509 *leaf, const struct mx_tlsa *recs, size_t n, char *err,
    size_t size)
{
	unsigned char	 mine[64], *der;
	char		 text[129];
	size_t		 i, j, len, mlen;
	int		 seen, told = 0;

	append(err, size, "no TLSA record matches");
	for (i = 0; i < n; i++) {
		if (!usable(&recs[i]) || recs[i].usage != 3)
			continue;
		/* once per selector and matching type */
		for (seen = 0, j = 0; j < i; j++)
			if (usable(&recs[j]) && recs[j].usage == 3 &&
			    recs[j].selector == recs[i].selector &&
			    recs[j].mtype == recs[i].mtype)
				seen = 1;
		if (seen)
			continue;
		append(err, size, "%s the server's %s is ", told++ ? ";" : ":",
		    recs[i].selector ? "key" : "certificate");
		if (recs[i].mtype == 0 || (der = selected_der(leaf,
		    recs[i].selector, &len)) == NULL) {
			append(err, size, "not the %s of the %u %u %u "
			    "records", recs[i].selector ? "key" :
			    "certificate", recs[i].usage, recs[i].selector,
			    recs[i].mtype);
			continue;
		}
		mlen = assoc_data(der, len, recs[i].mtype, mine,
		    sizeof(mine));
		OPENSSL_free(der);
		hex(mine, mlen, text);
		append(err, size, "%s %s, the records want",
		    mtype_name(recs[i].mtype), text);
		for (seen = 0, j = i; j < n; j++) {
			if (!usable(&recs[j]) || recs[j].usage != 3 ||
			    recs[j].selector != recs[i].selector ||
			    recs[j].mtype != recs[i].mtype)
				continue;
			len = recs[j].len > 64 ? 64 : recs[j].len;
			hex(recs[j].data, len, text);
			append(err, size, "%s %s", seen++ ? "," : "", text);
		}
	}
}

/* "mx1.example.com." or "a. or b." for the DANE-TA name message. */
static void
explain_names(const char *const *names, size_t nnames, char *err,
    size_t size)
{
	size_t i;

	for (i = 0; i < nnames; i++)
		if (names[i] != NULL)
			append(err, size, "%s%s%s", i ? " or " : "", names[i],
			    names[i][0] &&
			    names[i][strlen(names[i]) - 1] == '.' ? "" : ".");
}

/* The depth of the first certificate of chain that a usable DANE-TA
 * record names, -1 when none does. */
static int
anchor_depth(STACK_OF(X509) *chain, const struct mx_tlsa *recs, size_t n)
{
	unsigned char	 mine[64], *der;
	size_t		 i, len, mlen;
	int		 d;

	for (d = 0; d < sk_X509_num(chain); d++)
		for (i = 0; i < n; i++) {
			if (!usable(&recs[i]) || recs[i].usage != 2 ||
			    (der = selected_der(sk_X509_value(chain, d),
			    recs[i].selector, &len)) == NULL)
				continue;
			if (recs[i].mtype == 0)
				mlen = len == recs[i].len &&
				    memcmp(der, recs[i].data, len) == 0;
			else
				mlen = assoc_data(der, len, recs[i].mtype,
				    mine, sizeof(mine)) == recs[i].len &&
				    memcmp(mine, recs[i].data,
				    recs[i].len) == 0;
			OPENSSL_free(der);
			if (mlen)
				return d;
		}
	return -1;
}

/* Why the chain failed against the DANE-TA records, from the verifier's
 * error at depth: with no anchor found, whether the chain holds one the
 * leaf does not chain to. */
static void
explain_ta(int error, int depth, int anchor, const char *const *names,
    size_t nnames, char *err, size_t size)
{
	if (err[0] != '\0')
		append(err, size, "; ");
	switch (error) {
	case X509_V_ERR_DANE_NO_MATCH:
		if (anchor > 0)
			append(err, size, "DANE-TA: the leaf does not chain "
			    "to the trust anchor at depth %d", anchor);
		else
			append(err, size, "DANE-TA: the chain does not "
			    "contain the trust anchor");
		break;
	case X509_V_ERR_HOSTNAME_MISMATCH:
		append(err, size, "DANE-TA: the certificate does not name ");
		if (nnames == 0)
			append(err, size, "the exchange");
		explain_names(names, nnames, err, size);
		break;
	case X509_V_ERR_CERT_HAS_EXPIRED:
		append(err, size, "DANE-TA: the certificate at depth %d has "
		    "expired", depth);
		break;
	case X509_V_ERR_CERT_NOT_YET_VALID:
		append(err, size, "DANE-TA: the certificate at depth %d is "
		    "not valid yet", depth);
		break;
	default:
		append(err, size, "DANE-TA: the chain does not verify to "
		    "the trust anchor (depth %d: %s)", depth,
		    X509_verify_cert_error_string(error));
		break;
	}
}

/* The presented chain as OpenSSL objects; NULL with err set when one
 * certificate does not parse. */
static STACK_OF(X509) *
parse_chain(const struct mx_smtp *r, char *err, size_t size)
{
	STACK_OF(X509)		*sk;
	const unsigned char	*p;
	X509			*x;
	size_t			 i;

	if ((sk = sk_X509_new_null()) == NULL) {
		snprintf(err, size, "out of memory");
		return NULL;
	}
	for (i = 0; i < r->nchain; i++) {
		p = r->chain[i].der;
		x = p == NULL || r->chain[i].der_len > LONG_MAX ? NULL :
		    d2i_X509(NULL, &p, (long)r->chain[i].der_len);
		if (x == NULL || p != r->chain[i].der + r->chain[i].der_len) {
			snprintf(err, size, "the certificate at depth %zu "
			    "does not parse as X.509 DER", i);
			X509_free(x);
			goto fail;
		}
		if (sk_X509_push(sk, x) <= 0) {
			snprintf(err, size, "out of memory");
			X509_free(x);
			goto fail;
		}
	}
	return sk;
fail:
	ERR_clear_error();
	sk_X509_pop_free(sk, X509_free);
	return NULL;
}

/* The index in recs of the usable record OpenSSL matched. */
static int
find_record(const struct mx_tlsa *recs, size_t n, uint8_t usage,
    uint8_t selector, uint8_t mtype, const unsigned char *data, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (usable(&recs[i]) && recs[i].usage == usage &&
		    recs[i].selector == selector && recs[i].mtype == mtype &&
		    recs[i].len == len && memcmp(recs[i].data, data, len) == 0)
			return (int)i;
	return -1;
}

enum mx_dane_match
mx_dane_verify(const struct mx_smtp *r, const struct mx_tlsa *recs,
    size_t n, const char *const *names, size_t nnames, int *depth,
    int *record, char *err, size_t size)
{
	enum mx_dane_match	 m = MX_DANE_MATCH_FAILED;
	SSL_CTX			*sctx = NULL;
	SSL			*ssl = NULL;
	X509_STORE		*store = NULL;
	X509_STORE_CTX		*vctx = NULL;
	STACK_OF(X509)		*chain = NULL;
	char			 name[256];
	uint8_t			 u, s, t;
	const unsigned char	*data;
	size_t			 i, added = 0, dlen;
	int			 ee = 0, ta = 0, d, ok;
	char			 dummy[1];

	if (err == NULL || size == 0) {
		err = dummy;
		size = sizeof(dummy);
	}
	err[0] = '\0';
	if (names == NULL)
		nnames = 0;
	*depth = -1;
	*record = -1;
	for (i = 0; i < n; i++)
		if (usable(&recs[i]))
			break;
	if (r == NULL || r->nchain == 0 || i == n)
		return MX_DANE_MATCH_NONE;
	if ((chain = parse_chain(r, err, size)) == NULL)
		goto done;

	if ((sctx = SSL_CTX_new(TLS_client_method())) == NULL ||
	    SSL_CTX_dane_enable(sctx) <= 0 || (ssl = SSL_new(sctx)) == NULL)
		goto setup;
	/* the TLSA base domain is the first reference name (RFC 7672
	 * §3.2.2); without names, DANE-TA cannot match any leaf */
	if (nnames > 0 && bare_name(names[0], name, sizeof(name))) {
		if (SSL_dane_enable(ssl, name) <= 0)
			goto setup;
	} else if (SSL_dane_enable(ssl, NULL) <= 0)
		goto setup;
	SSL_dane_set_flags(ssl, DANE_FLAG_NO_DANE_EE_NAMECHECKS);
	SSL_set_hostflags(ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
	for (i = 1; i < nnames; i++)
		if (bare_name(names[i], name, sizeof(name)) &&
		    SSL_add1_host(ssl, name) != 1)
			goto setup;
	for (i = 0; i < n; i++) {
		if (!usable(&recs[i]))
			continue;
		/* 0: a record OpenSSL cannot use (digest length), skipped
		 * as a sender does; < 0: an internal error */
		ok = SSL_dane_tlsa_add(ssl, recs[i].usage, recs[i].selector,
		    recs[i].mtype, recs[i].data, recs[i].len);
		if (ok < 0)
			goto setup;
		if (ok > 0) {
			added++;
			ee |= recs[i].usage == 3;
			ta |= recs[i].usage == 2;
		}
	}
	ERR_clear_error();
	if (added == 0) {
		m = MX_DANE_MATCH_NONE;
		goto done;
	}

	if ((store = X509_STORE_new()) == NULL ||
	    (vctx = X509_STORE_CTX_new()) == NULL ||
	    X509_STORE_CTX_init(vctx, store, sk_X509_value(chain, 0),
	    chain) != 1 ||
	    X509_STORE_CTX_set_default(vctx, "ssl_server") != 1 ||
	    X509_VERIFY_PARAM_set1(X509_STORE_CTX_get0_param(vctx),
	    SSL_get0_param(ssl)) != 1)
		goto setup;
	X509_STORE_CTX_set0_dane(vctx, SSL_get0_dane(ssl));

	if (X509_verify_cert(vctx) == 1) {
		SSL_set_verify_result(ssl, X509_V_OK);
		d = SSL_get0_dane_tlsa(ssl, &u, &s, &t, &data, &dlen);
		if (d < 0) {
			snprintf(err, size, "the chain verified, but OpenSSL "
			    "names no matched TLSA record");
			goto done;
		}
		*depth = d;
		*record = find_record(recs, n, u, s, t, data, dlen);
		m = MX_DANE_MATCH_OK;
		goto done;
	}
	/* what went wrong, per usage: an EE miss is the leaf's digest,
	 * a TA miss is the verifier's error */
	if (ee)
		explain_ee(sk_X509_value(chain, 0), recs, n, err, size);
	if (ta)
		explain_ta(X509_STORE_CTX_get_error(vctx),
		    X509_STORE_CTX_get_error_depth(vctx),
		    anchor_depth(chain, recs, n), names, nnames, err, size);
	goto done;
setup:
	snprintf(err, size, "OpenSSL's DANE verification could not be set "
	    "up");
done:
	ERR_clear_error();
	X509_STORE_CTX_free(vctx);
	X509_STORE_free(store);
	SSL_free(ssl);
	SSL_CTX_free(sctx);
	sk_X509_pop_free(chain, X509_free);
	return m;
}

/*
 * tls.c -- STARTTLS's TLS: OpenSSL, non-blocking, on the context's loop.
 *
 * The client offers every protocol from TLS 1.0 up and every cipher
 * (security level 0): a probe must learn what the server negotiates at
 * best, and smtp-tls-old reports an old one, rather than fail where an
 * opportunistic sender would still deliver (posttls-finger does the
 * same).  The chain is verified against the system store or --ca-file
 * while the handshake goes on, whatever the result (SSL_VERIFY_NONE:
 * the handshake completes, the result is recorded); the dates are left
 * out of the verification (X509_V_FLAG_NO_CHECK_TIME) and judged on the
 * leaf by the checks, so that an expired certificate whose chain is
 * otherwise trusted is expired, not untrusted (SPEC).  Names are not
 * matched here: an address may serve several exchanges, and the checks
 * match each (mx_cert_names_host).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "loop.h"
#include "probe.h"

struct mx_tls_ctx {
	SSL_CTX	*ssl;
};

struct mx_tls {
	SSL	*ssl;
};

int
mx_tls_ca_file_ok(const char *path)
{
	X509_STORE	*st;
	int		 ok;

	if (path == NULL || (st = X509_STORE_new()) == NULL)
		return 0;
	ok = X509_STORE_load_file(st, path) == 1;
	X509_STORE_free(st);
	ERR_clear_error();
	return ok;
}

mx_status
mx_tls_ctx_new(const char *ca_file, struct mx_tls_ctx **out, char **err)
{
	struct mx_tls_ctx	*tc;
	X509_VERIFY_PARAM	*vp;

	*out = NULL;
	if (err != NULL)
		*err = NULL;
	if ((tc = calloc(1, sizeof(*tc))) == NULL)
		return MX_ERR_NOMEM;
	if ((tc->ssl = SSL_CTX_new(TLS_client_method())) == NULL)
		goto fail;
	SSL_CTX_set_security_level(tc->ssl, 0);
	SSL_CTX_set_min_proto_version(tc->ssl, TLS1_VERSION);
	SSL_CTX_set_max_proto_version(tc->ssl, 0);
	if (SSL_CTX_set_cipher_list(tc->ssl, "ALL:@SECLEVEL=0") != 1)
		goto fail;
	SSL_CTX_set_verify(tc->ssl, SSL_VERIFY_NONE, NULL);
	vp = SSL_CTX_get0_param(tc->ssl);
	X509_VERIFY_PARAM_set_flags(vp, X509_V_FLAG_NO_CHECK_TIME);
	if (ca_file != NULL) {
		if (SSL_CTX_load_verify_locations(tc->ssl, ca_file, NULL) != 1) {
			if (err != NULL)
				*err = mx_asprintf("%s: no certificate could "
				    "be read", ca_file);
			ERR_clear_error();
			SSL_CTX_free(tc->ssl);
			free(tc);
			return MX_ERR_IO;
		}
	} else if (SSL_CTX_set_default_verify_paths(tc->ssl) != 1)
		goto fail;
	/* no session resumption: each address's own handshake is seen */
	SSL_CTX_set_session_cache_mode(tc->ssl, SSL_SESS_CACHE_OFF);
	SSL_CTX_set_options(tc->ssl, SSL_OP_NO_TICKET);
	*out = tc;
	return MX_OK;
fail:
	if (err != NULL)
		*err = mx_strdup("TLS could not be set up");
	ERR_clear_error();
	SSL_CTX_free(tc->ssl);
	free(tc);
	return MX_ERR_TLS;
}

void
mx_tls_ctx_free(struct mx_tls_ctx *tc)
{
	if (tc == NULL)
		return;
	SSL_CTX_free(tc->ssl);
	free(tc);
}

mx_status
mx_tls_new(struct mx_tls_ctx *tc, int fd, const char *sni,
    struct mx_tls **out)
{
	struct mx_tls	*t;
	char		 name[256];
	size_t		 n;

	*out = NULL;
	if ((t = calloc(1, sizeof(*t))) == NULL)
		return MX_ERR_NOMEM;
	if ((t->ssl = SSL_new(tc->ssl)) == NULL || SSL_set_fd(t->ssl, fd) != 1)
		goto fail;
	/* SNI is the exchange without its trailing dot (RFC 6066 §3) */
	if (sni != NULL && (n = strlen(sni)) > 0 && n < sizeof(name)) {
		memcpy(name, sni, n + 1);
		if (name[n - 1] == '.')
			name[n - 1] = '\0';
		if (name[0] != '\0' &&
		    SSL_set_tlsext_host_name(t->ssl, name) != 1)
			goto fail;
	}
	SSL_set_connect_state(t->ssl);
	*out = t;
	return MX_OK;
fail:
	ERR_clear_error();
	SSL_free(t->ssl);
	free(t);
	return MX_ERR_TLS;
}

void
mx_tls_free(struct mx_tls *t)
{
	if (t == NULL)
		return;
	SSL_free(t->ssl);
	free(t);
}

/* Turns the outcome of an SSL call into what the session does next. */
static enum mx_tls_io
io_result(struct mx_tls *t, int rc, unsigned *want, char *err, size_t size)
{
	unsigned long	e;

	switch (SSL_get_error(t->ssl, rc)) {
	case SSL_ERROR_WANT_READ:
		*want = MX_EV_READ;
		return MX_TLS_IO_WANT;
	case SSL_ERROR_WANT_WRITE:
		*want = MX_EV_WRITE;
		return MX_TLS_IO_WANT;
	case SSL_ERROR_ZERO_RETURN:
		if (err != NULL)
			snprintf(err, size, "the server closed the TLS "
			    "session");
		return MX_TLS_IO_CLOSED;
	case SSL_ERROR_SYSCALL:
		if (err != NULL)
			snprintf(err, size, "the server closed the "
			    "connection");
		ERR_clear_error();
		return MX_TLS_IO_CLOSED;
	default:
		e = ERR_get_error();
		if (err != NULL) {
			const char *r = e ? ERR_reason_error_string(e) : NULL;

			snprintf(err, size, "%s", r ? r : "TLS error");
		}
		ERR_clear_error();
		return MX_TLS_IO_ERROR;
	}
}

enum mx_tls_io
mx_tls_handshake(struct mx_tls *t, unsigned *want, char *err, size_t size)
{
	int rc = SSL_do_handshake(t->ssl);

	if (rc == 1)
		return MX_TLS_IO_DONE;
	return io_result(t, rc, want, err, size);
}

enum mx_tls_io
mx_tls_read(struct mx_tls *t, void *buf, size_t len, size_t *done,
    unsigned *want)
{
	int rc;

	*done = 0;
	if ((rc = SSL_read_ex(t->ssl, buf, len, done)) == 1)
		return MX_TLS_IO_DONE;
	return io_result(t, rc, want, NULL, 0);
}

enum mx_tls_io
mx_tls_write(struct mx_tls *t, const void *buf, size_t len, size_t *done,
    unsigned *want)
{
	int rc;

	*done = 0;
	if ((rc = SSL_write_ex(t->ssl, buf, len, done)) == 1)
		return MX_TLS_IO_DONE;
	return io_result(t, rc, want, NULL, 0);
}

/* An X509 name as RFC 2253 text, bytes outside printable ASCII as \DDD;
 * NULL when out of memory. */
static char *
name_text(X509_NAME *name)
{
	BIO	*b;
	char	*p, *s = NULL, *raw;
	long	 n;

	if ((b = BIO_new(BIO_s_mem())) == NULL)
		return NULL;
	if (X509_NAME_print_ex(b, name, 0, XN_FLAG_RFC2253) >= 0 &&
	    (n = BIO_get_mem_data(b, &p)) >= 0 &&
	    (raw = malloc((size_t)n + 1)) != NULL) {
		memcpy(raw, p, (size_t)n);
		raw[n] = '\0';
		s = mx_escape_bytes(raw);
		free(raw);
	}
	BIO_free(b);
	return s;
}

/* An ASN1 time in seconds since the epoch (0 when it does not parse). */
static int64_t
asn1_epoch(const ASN1_TIME *at)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (at == NULL || ASN1_TIME_to_tm(at, &tm) != 1)
		return 0;
	return (int64_t)timegm(&tm);
}

/* The subjectAltName dNSName entries of x, escaped. */
static mx_status
cert_names(X509 *x, struct mx_smtp_cert *c)
{
	GENERAL_NAMES	*gens;
	int		 i, n;
	mx_status	 st = MX_OK;

	if ((gens = X509_get_ext_d2i(x, NID_subject_alt_name, NULL,
	    NULL)) == NULL)
		return MX_OK;
	n = sk_GENERAL_NAME_num(gens);
	if (n > 0 && (c->names = calloc((size_t)n, sizeof(char *))) == NULL)
		st = MX_ERR_NOMEM;
	for (i = 0; st == MX_OK && i < n; i++) {
		const GENERAL_NAME	*g = sk_GENERAL_NAME_value(gens, i);
		const unsigned char	*d;
		char			*raw;
		int			 len;

		if (g->type != GEN_DNS)
			continue;
		d = ASN1_STRING_get0_data(g->d.dNSName);
		len = ASN1_STRING_length(g->d.dNSName);
		if (len < 0 || (raw = malloc((size_t)len + 1)) == NULL) {
			st = MX_ERR_NOMEM;
			break;
		}
		memcpy(raw, d, (size_t)len);
		raw[len] = '\0';
		/* a NUL inside is kept visible: it never matches a name */
		if (strlen(raw) != (size_t)len)
			raw[strlen(raw)] = '?';
		c->names[c->nnames] = mx_escape_bytes(raw);
		free(raw);
		if (c->names[c->nnames] == NULL)
			st = MX_ERR_NOMEM;
		else
			c->nnames++;
	}
	GENERAL_NAMES_free(gens);
	return st;
}

/* One certificate of the chain into c, its DER too (DANE matches on
 * the bytes the server sent, after the session is gone). */
static mx_status
cert_record(X509 *x, struct mx_smtp_cert *c)
{
	unsigned char	md[EVP_MAX_MD_SIZE], *p;
	unsigned	mdlen = 0, i;
	int		len;

	memset(c, 0, sizeof(*c));
	if ((len = i2d_X509(x, NULL)) <= 0 ||
	    (c->der = malloc((size_t)len)) == NULL) {
		ERR_clear_error();
		return MX_ERR_NOMEM;
	}
	p = c->der;
	if (i2d_X509(x, &p) != len) {
		ERR_clear_error();
		return MX_ERR_TLS;
	}
	c->der_len = (size_t)len;
	if ((c->subject = name_text(X509_get_subject_name(x))) == NULL ||
	    (c->issuer = name_text(X509_get_issuer_name(x))) == NULL)
		return MX_ERR_NOMEM;
	c->not_before = asn1_epoch(X509_get0_notBefore(x));
	c->not_after = asn1_epoch(X509_get0_notAfter(x));
	if (X509_digest(x, EVP_sha256(), md, &mdlen) == 1 && mdlen == 32)
		for (i = 0; i < mdlen; i++)
			snprintf(c->sha256 + 2 * i, 3, "%02x", md[i]);
	return cert_names(x, c);
}

void
mx_smtp_chain_free(struct mx_smtp_cert *c, size_t n)
{
	size_t i, j;

	for (i = 0; c != NULL && i < n; i++) {
		free(c[i].subject);
		free(c[i].issuer);
		for (j = 0; j < c[i].nnames; j++)
			free(c[i].names[j]);
		free(c[i].names);
		free(c[i].der);
	}
	free(c);
}

mx_status
mx_tls_record(struct mx_tls *t, struct mx_smtp *r)
{
	STACK_OF(X509)	*chain;
	const char	*cipher;
	long		 vr;
	int		 i, n;
	mx_status	 st;

	if ((r->tls_version = mx_strdup(SSL_get_version(t->ssl))) == NULL)
		return MX_ERR_NOMEM;
	r->tls_version_number = SSL_version(t->ssl);
	cipher = SSL_get_cipher_name(t->ssl);
	if ((r->tls_cipher = mx_strdup(cipher ? cipher : "")) == NULL)
		return MX_ERR_NOMEM;
	/* the client side's chain holds the leaf first, as presented */
	chain = SSL_get_peer_cert_chain(t->ssl);
	n = chain ? sk_X509_num(chain) : 0;
	if (n > 0 && (r->chain = calloc((size_t)n, sizeof(*r->chain))) ==
	    NULL)
		return MX_ERR_NOMEM;
	for (i = 0; i < n; i++) {
		st = cert_record(sk_X509_value(chain, i), &r->chain[i]);
		r->nchain++;
		if (st != MX_OK)
			return st;
	}
	vr = SSL_get_verify_result(t->ssl);
	r->verified = n > 0 && vr == X509_V_OK;
	if (n == 0)
		r->verify_error = mx_strdup("no certificate presented");
	else if (vr != X509_V_OK)
		r->verify_error = mx_strdup(X509_verify_cert_error_string(vr));
	if (!r->verified && r->verify_error == NULL)
		return MX_ERR_NOMEM;
	return MX_OK;
}

/*
 * RFC 9525 §6.3: the reference name (the exchange) against each dNSName;
 * a "*" is allowed only as the whole left-most label and stands for
 * exactly one label; the CN is never used.  Comparison is ASCII
 * case-insensitive (A-labels).
 */
int
mx_cert_names_host(const struct mx_smtp_cert *cert, const char *name)
{
	char	ref[256];
	size_t	n, i;

	if (cert == NULL || name == NULL || (n = strlen(name)) == 0 ||
	    n >= sizeof(ref))
		return 0;
	memcpy(ref, name, n + 1);
	if (ref[n - 1] == '.')
		ref[--n] = '\0';
	for (i = 0; i < cert->nnames; i++) {
		const char	*p = cert->names[i];
		const char	*dot;
		size_t		 plen = strlen(p);

		if (plen > 0 && p[plen - 1] == '.')
			plen--;
		if (plen == 0)
			continue;
		if (p[0] == '*') {
			/* "*." and at least two labels after it */
			if (p[1] != '.' || memchr(p + 2, '*', plen - 2) ||
			    memchr(p + 2, '.', plen - 2) == NULL)
				continue;
			if ((dot = strchr(ref, '.')) == NULL || dot == ref)
				continue;
			if (strlen(dot) == plen - 1 &&
			    strncasecmp(dot, p + 1, plen - 1) == 0)
				return 1;
			continue;
		}
		if (memchr(p, '*', plen) != NULL)
			continue;
		if (plen == n && strncasecmp(p, ref, n) == 0)
			return 1;
	}
	return 0;
}

/*
 * test_dane.c -- mx_dane_verify and mx_dane_leaf_311 on chains made here
 * with the OpenSSL API (a test CA, leaves signed by it: valid, expired,
 * for another name, for a wildcard), against TLSA records computed here
 * from the same certificates.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "mxdig.h"
#include "../../lib/probe/probe.h"

#define DAY	(24L * 3600)

/* The certificates of every test, made once. */
static struct {
	EVP_PKEY	*ca_key, *leaf_key, *other_key;
	X509		*ca, *leaf, *expired, *wrong_name, *wildcard, *self;
} lab;

static EVP_PKEY *
new_key(void)
{
	EVP_PKEY *k = EVP_EC_gen("P-256");

	assert_non_null(k);
	return k;
}

/*
 * A certificate for key, named cn (and san as its one dNSName when not
 * NULL), valid from now+from to now+until seconds, signed by issuer's
 * key (itself when issuer is NULL); a CA when ca.
 */
static X509 *
new_cert(EVP_PKEY *key, const char *cn, const char *san, long from,
    long until, X509 *issuer, EVP_PKEY *issuer_key, int ca, long serial)
{
	X509		*x = X509_new();
	X509_NAME	*name;
	X509V3_CTX	 v3;
	X509_EXTENSION	*ext;
	char		 text[300];

	assert_non_null(x);
	assert_int_equal(X509_set_version(x, 2), 1);
	ASN1_INTEGER_set(X509_get_serialNumber(x), serial);
	assert_non_null(X509_gmtime_adj(X509_getm_notBefore(x), from));
	assert_non_null(X509_gmtime_adj(X509_getm_notAfter(x), until));
	assert_int_equal(X509_set_pubkey(x, key), 1);
	name = X509_get_subject_name(x);
	assert_int_equal(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
	    (const unsigned char *)cn, -1, -1, 0), 1);
	assert_int_equal(X509_set_issuer_name(x, issuer ?
	    X509_get_subject_name(issuer) : name), 1);
	X509V3_set_ctx(&v3, issuer ? issuer : x, x, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &v3, NID_basic_constraints,
	    ca ? "critical,CA:TRUE" : "CA:FALSE");
	assert_non_null(ext);
	X509_add_ext(x, ext, -1);
	X509_EXTENSION_free(ext);
	if (ca) {
		ext = X509V3_EXT_conf_nid(NULL, &v3, NID_key_usage,
		    "critical,keyCertSign,cRLSign");
		assert_non_null(ext);
		X509_add_ext(x, ext, -1);
		X509_EXTENSION_free(ext);
	}
	if (san != NULL) {
		snprintf(text, sizeof(text), "DNS:%s", san);
		ext = X509V3_EXT_conf_nid(NULL, &v3, NID_subject_alt_name,
		    text);
		assert_non_null(ext);
		X509_add_ext(x, ext, -1);
		X509_EXTENSION_free(ext);
	}
	assert_true(X509_sign(x, issuer_key ? issuer_key : key,
	    EVP_sha256()) > 0);
	return x;
}

static int
setup(void **state)
{
	(void)state;
	lab.ca_key = new_key();
	lab.leaf_key = new_key();
	lab.other_key = new_key();
	lab.ca = new_cert(lab.ca_key, "mxdig test CA", NULL, -DAY, 365 * DAY,
	    NULL, NULL, 1, 1);
	lab.leaf = new_cert(lab.leaf_key, "mx1.dane.test", "mx1.dane.test",
	    -DAY, 30 * DAY, lab.ca, lab.ca_key, 0, 2);
	lab.expired = new_cert(lab.leaf_key, "mx1.dane.test", "mx1.dane.test",
	    -30 * DAY, -DAY, lab.ca, lab.ca_key, 0, 3);
	lab.wrong_name = new_cert(lab.leaf_key, "other.example",
	    "other.example", -DAY, 30 * DAY, lab.ca, lab.ca_key, 0, 4);
	lab.wildcard = new_cert(lab.other_key, "*.dane.test", "*.dane.test",
	    -DAY, 30 * DAY, lab.ca, lab.ca_key, 0, 5);
	lab.self = new_cert(lab.other_key, "mx1.dane.test", "mx1.dane.test",
	    -DAY, 30 * DAY, NULL, NULL, 0, 6);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	X509_free(lab.ca);
	X509_free(lab.leaf);
	X509_free(lab.expired);
	X509_free(lab.wrong_name);
	X509_free(lab.wildcard);
	X509_free(lab.self);
	EVP_PKEY_free(lab.ca_key);
	EVP_PKEY_free(lab.leaf_key);
	EVP_PKEY_free(lab.other_key);
	return 0;
}

/* A probe result whose chain is certs[0..n-1] (their DER); freed with
 * free_probe. */
static struct mx_smtp *
probe_of(X509 *const *certs, size_t n)
{
	struct mx_smtp	*r = calloc(1, sizeof(*r));
	size_t		 i;
	int		 len;

	assert_non_null(r);
	r->chain = calloc(n ? n : 1, sizeof(*r->chain));
	assert_non_null(r->chain);
	for (i = 0; i < n; i++) {
		r->chain[i].der = NULL;
		len = i2d_X509(certs[i], &r->chain[i].der);
		assert_true(len > 0);
		r->chain[i].der_len = (size_t)len;
	}
	r->nchain = n;
	return r;
}

static void
free_probe(struct mx_smtp *r)
{
	size_t i;

	for (i = 0; i < r->nchain; i++)
		OPENSSL_free(r->chain[i].der);
	free(r->chain);
	free(r);
}

/* The association data of x for selector and mtype, as a zone would
 * publish it (RFC 6698 §2.1.2, §2.1.3); into t->data (allocated). */
static void
tlsa_of(X509 *x, uint8_t usage, uint8_t selector, uint8_t mtype,
    struct mx_tlsa *t)
{
	unsigned char	*der = NULL;
	unsigned	 n = 0;
	int		 len;

	memset(t, 0, sizeof(*t));
	t->usage = usage;
	t->selector = selector;
	t->mtype = mtype;
	len = selector == 0 ? i2d_X509(x, &der) :
	    i2d_X509_PUBKEY(X509_get_X509_PUBKEY(x), &der);
	assert_true(len > 0);
	if (mtype == 0) {
		t->data = malloc((size_t)len);
		assert_non_null(t->data);
		memcpy(t->data, der, (size_t)len);
		t->len = (size_t)len;
	} else {
		t->data = malloc(64);
		assert_non_null(t->data);
		assert_int_equal(EVP_Digest(der, (size_t)len, t->data, &n,
		    mtype == 1 ? EVP_sha256() : EVP_sha512(), NULL), 1);
		t->len = n;
	}
	OPENSSL_free(der);
}

static void
hex_of(const unsigned char *p, size_t n, char *buf)
{
	size_t i;

	for (i = 0; i < n; i++)
		snprintf(buf + 2 * i, 3, "%02x", p[i]);
	buf[2 * n] = '\0';
}

static void
free_tlsa(struct mx_tlsa *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(t[i].data);
}

static const char *const mx1[] = { "mx1.dane.test." };

/* One case: the chain, the records, the names; what must come out. */
static void
expect(X509 *const *certs, size_t ncerts, const struct mx_tlsa *recs,
    size_t n, const char *const *names, size_t nnames,
    enum mx_dane_match want, int want_depth, int want_record,
    const char *want_err)
{
	struct mx_smtp		*r = probe_of(certs, ncerts);
	char			 err[512];
	int			 depth = 99, record = 99;
	enum mx_dane_match	 m;

	memset(err, 'x', sizeof(err));
	m = mx_dane_verify(r, recs, n, names, nnames, &depth, &record, err,
	    sizeof(err));
	if (m != want)
		print_error("match %d, want %d: %s\n", m, want, err);
	assert_int_equal(m, want);
	assert_int_equal(depth, want_depth);
	assert_int_equal(record, want_record);
	if (want_err == NULL)
		assert_string_equal(err, "");
	else if (strstr(err, want_err) == NULL) {
		print_error("err \"%s\" lacks \"%s\"\n", err, want_err);
		fail();
	}
	free_probe(r);
}

/* DANE-EE: each selector and matching type; the index of the match
 * among records that do not match. */
static void
test_ee_match(void **state)
{
	X509		*chain[] = { lab.leaf, lab.ca };
	struct mx_tlsa	 t[3];

	(void)state;
	tlsa_of(lab.leaf, 3, 1, 1, &t[0]);
	expect(chain, 1, t, 1, mx1, 1, MX_DANE_MATCH_OK, 0, 0, NULL);
	expect(chain, 2, t, 1, mx1, 1, MX_DANE_MATCH_OK, 0, 0, NULL);
	free_tlsa(t, 1);

	tlsa_of(lab.leaf, 3, 0, 1, &t[0]);
	expect(chain, 2, t, 1, mx1, 1, MX_DANE_MATCH_OK, 0, 0, NULL);
	free_tlsa(t, 1);
	tlsa_of(lab.leaf, 3, 1, 2, &t[0]);
	expect(chain, 2, t, 1, mx1, 1, MX_DANE_MATCH_OK, 0, 0, NULL);
	free_tlsa(t, 1);
	tlsa_of(lab.leaf, 3, 0, 0, &t[0]);
	expect(chain, 2, t, 1, mx1, 1, MX_DANE_MATCH_OK, 0, 0, NULL);
	free_tlsa(t, 1);
	tlsa_of(lab.leaf, 3, 1, 0, &t[0]);
	expect(chain, 2, t, 1, mx1, 1, MX_DANE_MATCH_OK, 0, 0, NULL);
	free_tlsa(t, 1);

	/* the third record matches: another key's, and the CA's as EE */
	tlsa_of(lab.self, 3, 1, 1, &t[0]);
	tlsa_of(lab.ca, 3, 1, 1, &t[1]);
	tlsa_of(lab.leaf, 3, 1, 1, &t[2]);
	expect(chain, 2, t, 3, mx1, 1, MX_DANE_MATCH_OK, 0, 2, NULL);
	free_tlsa(t, 3);
}

/* DANE-EE mismatch: the message names the leaf's digest and the
 * records'. */
static void
test_ee_mismatch(void **state)
{
	X509		*chain[] = { lab.leaf, lab.ca };
	struct mx_tlsa	 t[2];
	struct mx_smtp	*r = probe_of(chain, 2);
	char		 leaf[65], want[65], want2[65], err[512], msg[400];
	int		 depth, record;

	(void)state;
	assert_non_null(mx_dane_leaf_311(r, leaf));
	tlsa_of(lab.self, 3, 1, 1, &t[0]);
	hex_of(t[0].data, t[0].len, want);
	assert_string_not_equal(leaf, want);
	assert_int_equal(mx_dane_verify(r, t, 1, mx1, 1, &depth, &record,
	    err, sizeof(err)), MX_DANE_MATCH_FAILED);
	snprintf(msg, sizeof(msg), "no TLSA record matches: the server's "
	    "key is SHA2-256 %s, the records want %s", leaf, want);
	assert_string_equal(err, msg);
	assert_int_equal(depth, -1);
	assert_int_equal(record, -1);

	/* two records of the same kind are both named */
	tlsa_of(lab.ca, 3, 1, 1, &t[1]);
	hex_of(t[1].data, t[1].len, want2);
	assert_int_equal(mx_dane_verify(r, t, 2, mx1, 1, &depth, &record,
	    err, sizeof(err)), MX_DANE_MATCH_FAILED);
	snprintf(msg, sizeof(msg), "no TLSA record matches: the server's "
	    "key is SHA2-256 %s, the records want %s, %s", leaf, want, want2);
	assert_string_equal(err, msg);
	free_tlsa(t, 2);
	free_probe(r);
}

/* RFC 7672 §3.1.1: DANE-EE ignores the leaf's dates and names. */
static void
test_ee_ignores_names_dates(void **state)
{
	X509		*expired[] = { lab.expired, lab.ca };
	X509		*wrong[] = { lab.wrong_name };
	X509		*self[] = { lab.self };
	struct mx_tlsa	 t[1];

	(void)state;
	tlsa_of(lab.expired, 3, 1, 1, &t[0]);
	expect(expired, 2, t, 1, mx1, 1, MX_DANE_MATCH_OK, 0, 0, NULL);
	free_tlsa(t, 1);
	tlsa_of(lab.wrong_name, 3, 0, 1, &t[0]);
	expect(wrong, 1, t, 1, mx1, 1, MX_DANE_MATCH_OK, 0, 0, NULL);
	free_tlsa(t, 1);
	/* and any issuer: a self-signed leaf */
	tlsa_of(lab.self, 3, 1, 1, &t[0]);
	expect(self, 1, t, 1, mx1, 1, MX_DANE_MATCH_OK, 0, 0, NULL);
	free_tlsa(t, 1);
}

/* DANE-TA: the CA's certificate or key in the presented chain. */
static void
test_ta_match(void **state)
{
	X509		*chain[] = { lab.leaf, lab.ca };
	X509		*wild[] = { lab.wildcard, lab.ca };
	const char	*const two[] = { "alias.dane.test.", "mx1.dane.test." };
	struct mx_tlsa	 t[2];

	(void)state;
	tlsa_of(lab.ca, 2, 0, 1, &t[0]);
	expect(chain, 2, t, 1, mx1, 1, MX_DANE_MATCH_OK, 1, 0, NULL);
	/* the MX name, second, is named by the leaf */
	expect(chain, 2, t, 1, two, 2, MX_DANE_MATCH_OK, 1, 0, NULL);
	/* a wildcard of one label */
	expect(wild, 2, t, 1, mx1, 1, MX_DANE_MATCH_OK, 1, 0, NULL);
	free_tlsa(t, 1);

	tlsa_of(lab.ca, 2, 1, 1, &t[0]);
	expect(chain, 2, t, 1, mx1, 1, MX_DANE_MATCH_OK, 1, 0, NULL);
	free_tlsa(t, 1);

	/* an EE record that does not match, then the TA one */
	tlsa_of(lab.self, 3, 1, 1, &t[0]);
	tlsa_of(lab.ca, 2, 0, 1, &t[1]);
	expect(chain, 2, t, 2, mx1, 1, MX_DANE_MATCH_OK, 1, 1, NULL);
	free_tlsa(t, 2);
}

/* DANE-TA failures: no anchor in the chain, a leaf for another name,
 * an expired leaf, a leaf the anchor did not sign. */
static void
test_ta_failures(void **state)
{
	X509		*leaf_only[] = { lab.leaf };
	X509		*wrong[] = { lab.wrong_name, lab.ca };
	X509		*expired[] = { lab.expired, lab.ca };
	X509		*unsigned_leaf[] = { lab.self, lab.ca };
	const char	*const two[] = { "alias.dane.test.", "mx9.dane.test" };
	struct mx_tlsa	 t[2];

	(void)state;
	tlsa_of(lab.ca, 2, 0, 1, &t[0]);
	expect(leaf_only, 1, t, 1, mx1, 1, MX_DANE_MATCH_FAILED, -1, -1,
	    "DANE-TA: the chain does not contain the trust anchor");
	expect(wrong, 2, t, 1, mx1, 1, MX_DANE_MATCH_FAILED, -1, -1,
	    "DANE-TA: the certificate does not name mx1.dane.test.");
	expect(wrong, 2, t, 1, two, 2, MX_DANE_MATCH_FAILED, -1, -1,
	    "DANE-TA: the certificate does not name alias.dane.test. or "
	    "mx9.dane.test.");
	expect(expired, 2, t, 1, mx1, 1, MX_DANE_MATCH_FAILED, -1, -1,
	    "DANE-TA: the certificate at depth 0 has expired");
	expect(unsigned_leaf, 2, t, 1, mx1, 1, MX_DANE_MATCH_FAILED, -1, -1,
	    "DANE-TA: the leaf does not chain to the trust anchor at depth 1");
	free_tlsa(t, 1);

	/* an EE miss and a TA miss: both said */
	tlsa_of(lab.self, 3, 1, 1, &t[0]);
	tlsa_of(lab.ca, 2, 0, 1, &t[1]);
	expect(leaf_only, 1, t, 2, mx1, 1, MX_DANE_MATCH_FAILED, -1, -1,
	    "; DANE-TA: the chain does not contain the trust anchor");
	expect(leaf_only, 1, t, 2, mx1, 1, MX_DANE_MATCH_FAILED, -1, -1,
	    "no TLSA record matches: the server's key is SHA2-256 ");
	free_tlsa(t, 2);
}

/* Records marked unusable, and usages 0 and 1, are not used. */
static void
test_unusable_skipped(void **state)
{
	X509		*chain[] = { lab.leaf, lab.ca };
	struct mx_tlsa	 t[3];

	(void)state;
	tlsa_of(lab.leaf, 3, 1, 1, &t[0]);
	t[0].unusable = "marked by the caller";
	tlsa_of(lab.leaf, 1, 1, 1, &t[1]);
	tlsa_of(lab.ca, 0, 0, 1, &t[2]);
	expect(chain, 2, t, 3, mx1, 1, MX_DANE_MATCH_NONE, -1, -1, NULL);
	/* a usable one that does not match decides */
	free_tlsa(t, 1);
	tlsa_of(lab.self, 3, 1, 1, &t[0]);
	t[1].unusable = "marked by the caller";
	free_tlsa(&t[1], 1);
	tlsa_of(lab.leaf, 3, 1, 1, &t[1]);
	t[1].unusable = "marked by the caller";
	expect(chain, 2, t, 2, mx1, 1, MX_DANE_MATCH_FAILED, -1, -1,
	    "no TLSA record matches");
	/* the matching one, unmarked, is found at its own index */
	t[1].unusable = NULL;
	expect(chain, 2, t, 3, mx1, 1, MX_DANE_MATCH_OK, 0, 1, NULL);
	free_tlsa(t, 3);

	/* a matching type and a selector no sender knows (RFC 6698 §4.1) */
	tlsa_of(lab.leaf, 3, 1, 1, &t[0]);
	t[0].mtype = 3;
	tlsa_of(lab.leaf, 3, 1, 1, &t[1]);
	t[1].selector = 2;
	expect(chain, 2, t, 2, mx1, 1, MX_DANE_MATCH_NONE, -1, -1, NULL);
	free_tlsa(t, 2);

	/* a digest of the wrong length: OpenSSL refuses it, as a sender */
	tlsa_of(lab.leaf, 3, 1, 1, &t[0]);
	t[0].len = 31;
	expect(chain, 2, t, 1, mx1, 1, MX_DANE_MATCH_NONE, -1, -1, NULL);
	free_tlsa(t, 1);
}

/* No chain, no result, no records. */
static void
test_none(void **state)
{
	X509		*chain[] = { lab.leaf };
	struct mx_tlsa	 t[1];
	struct mx_smtp	*r = probe_of(chain, 0);
	char		 err[64], buf[65];
	int		 depth = 5, record = 5;

	(void)state;
	tlsa_of(lab.leaf, 3, 1, 1, &t[0]);
	assert_int_equal(mx_dane_verify(NULL, t, 1, mx1, 1, &depth, &record,
	    err, sizeof(err)), MX_DANE_MATCH_NONE);
	assert_int_equal(mx_dane_verify(r, t, 1, mx1, 1, &depth, &record,
	    err, sizeof(err)), MX_DANE_MATCH_NONE);
	assert_int_equal(depth, -1);
	assert_int_equal(record, -1);
	assert_null(mx_dane_leaf_311(r, buf));
	assert_null(mx_dane_leaf_311(NULL, buf));
	free_probe(r);
	expect(chain, 1, t, 0, mx1, 1, MX_DANE_MATCH_NONE, -1, -1, NULL);
	/* no names: DANE-EE still matches */
	expect(chain, 1, t, 1, NULL, 0, MX_DANE_MATCH_OK, 0, 0, NULL);
	free_tlsa(t, 1);
}

/* mx_dane_leaf_311 is the 3 1 1 record of the leaf. */
static void
test_leaf_311(void **state)
{
	X509		*chain[] = { lab.leaf, lab.ca };
	struct mx_smtp	*r = probe_of(chain, 2);
	struct mx_tlsa	 t[1];
	char		 buf[65], want[65];

	(void)state;
	tlsa_of(lab.leaf, 3, 1, 1, &t[0]);
	hex_of(t[0].data, t[0].len, want);
	assert_ptr_equal(mx_dane_leaf_311(r, buf), buf);
	assert_string_equal(buf, want);
	assert_int_equal(strlen(buf), 64);
	free_tlsa(t, 1);
	free_probe(r);
}

/* Bytes that are no certificate: failed, said, no crash. */
static void
test_garbage(void **state)
{
	X509		*chain[] = { lab.leaf, lab.ca };
	struct mx_smtp	*r = probe_of(chain, 2);
	struct mx_tlsa	 t[1];
	unsigned char	 junk[] = { 0x30, 0x82, 0xff, 0xff, 0x01, 0x02 };
	unsigned char	*keep;
	char		 err[256], buf[65];
	int		 depth, record;
	size_t		 keep_len;

	(void)state;
	tlsa_of(lab.leaf, 3, 1, 1, &t[0]);
	/* the intermediate is garbage */
	keep = r->chain[1].der;
	keep_len = r->chain[1].der_len;
	r->chain[1].der = junk;
	r->chain[1].der_len = sizeof(junk);
	assert_int_equal(mx_dane_verify(r, t, 1, mx1, 1, &depth, &record,
	    err, sizeof(err)), MX_DANE_MATCH_FAILED);
	assert_string_equal(err, "the certificate at depth 1 does not "
	    "parse as X.509 DER");
	/* the leaf truncated by one byte, and trailing bytes after it */
	r->chain[1].der = keep;
	r->chain[1].der_len = keep_len;
	r->chain[0].der_len--;
	assert_int_equal(mx_dane_verify(r, t, 1, mx1, 1, &depth, &record,
	    err, sizeof(err)), MX_DANE_MATCH_FAILED);
	assert_string_equal(err, "the certificate at depth 0 does not "
	    "parse as X.509 DER");
	assert_null(mx_dane_leaf_311(r, buf));
	r->chain[0].der_len++;
	keep = r->chain[0].der;
	keep_len = r->chain[0].der_len;
	r->chain[0].der = junk;
	r->chain[0].der_len = 0;
	assert_int_equal(mx_dane_verify(r, t, 1, mx1, 1, &depth, &record,
	    err, sizeof(err)), MX_DANE_MATCH_FAILED);
	assert_string_equal(err, "the certificate at depth 0 does not "
	    "parse as X.509 DER");
	r->chain[0].der = NULL;
	assert_int_equal(mx_dane_verify(r, t, 1, mx1, 1, &depth, &record,
	    err, sizeof(err)), MX_DANE_MATCH_FAILED);
	r->chain[0].der = keep;
	r->chain[0].der_len = keep_len;
	/* a tiny err buffer is cut, not overrun */
	t[0].data[0] ^= 1;
	assert_int_equal(mx_dane_verify(r, t, 1, mx1, 1, &depth, &record,
	    err, 8), MX_DANE_MATCH_FAILED);
	assert_string_equal(err, "no TLSA");
	assert_int_equal(mx_dane_verify(r, t, 1, mx1, 1, &depth, &record,
	    NULL, 0), MX_DANE_MATCH_FAILED);
	free_tlsa(t, 1);
	free_probe(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ee_match),
		cmocka_unit_test(test_ee_mismatch),
		cmocka_unit_test(test_ee_ignores_names_dates),
		cmocka_unit_test(test_ta_match),
		cmocka_unit_test(test_ta_failures),
		cmocka_unit_test(test_unusable_skipped),
		cmocka_unit_test(test_none),
		cmocka_unit_test(test_leaf_311),
		cmocka_unit_test(test_garbage),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

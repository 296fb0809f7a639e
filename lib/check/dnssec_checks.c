/*
 * dnssec_checks.c -- signed zone files: the RRSIGs over every RRset on a
 * mail path (each MX set, the A, AAAA and CNAME of its exchanges, their
 * TLSA, and the apex SOA and DNSKEY they rest on), their validity window
 * against the current time and their signature against the zone's DNSKEY
 * (dnssec-signature-expired, -expiring, -invalid).  An unsigned zone
 * (no DNSKEY and no RRSIG at its apex) gets none of these.
 *
 * Each RRset is judged once per run, however many domains share it (a
 * provider's exchanges), and only RRsets on a path are verified: the
 * crypto is the cost of a signed zone's lint.
 */
#ifdef __linux__
#define _GNU_SOURCE	/* sched_getaffinity */
#include <sched.h>
#endif
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <ldns/ldns.h>
#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>

#include "checks.h"
#include "../zone/store.h"

#define CNAME_MAX	8	/* CNAME hops followed from an exchange */
#define WORKERS_MAX	8	/* threads that verify signatures */
#define JOBS_PER_WORKER	2048	/* fewer RRsets than this a thread: one */

/* Bits of node->sec_done: the RRsets judged in this run. */
static uint8_t
done_bit(uint16_t type)
{
	switch (type) {
	case LDNS_RR_TYPE_MX:		return 0x01;
	case LDNS_RR_TYPE_A:		return 0x02;
	case LDNS_RR_TYPE_AAAA:		return 0x04;
	case LDNS_RR_TYPE_CNAME:	return 0x08;
	case LDNS_RR_TYPE_TLSA:		return 0x10;
	case LDNS_RR_TYPE_SOA:		return 0x20;
	default:			return 0x40;	/* DNSKEY */
	}
}

/* A loaded zone's keys: the apex DNSKEY RRset, with their tags. */
struct zkeys {
	int		 loaded;
	int		 is_signed;
	ldns_rr_list	*keys;
	uint16_t	*tags;		/* ldns_calc_keytag of each key */
	uint8_t		*algs;
	EVP_PKEY	**pkeys;	/* made once: RSA, ECDSA and Ed25519
					 * zone keys; NULL: ldns verifies */
	EVP_PKEY_CTX	**vctx;		/* RSA, ECDSA: ready to verify a
					 * digest, made once a worker:
					 * [worker * nkeys + key] */
	size_t		 nkeys;
};

struct job;

struct sec_run {
	mx_zone			*z;		/* the marks are scratch */
	const struct mx_options	*opt;
	uint32_t		 gen;
	time_t			 now;
	uint32_t		 warn;		/* --sig-days, in seconds */
	struct zkeys		*zk;		/* one a loaded zone */
	unsigned		 nworkers;
	struct job		*jobs;		/* the RRsets to judge, in
						 * path order */
	size_t			 njobs, capjobs;
	atomic_size_t		 next;		/* the next job a worker
						 * takes */
};

/* One RRset on a path, judged by a worker; its findings kept with it
 * until they are added in path order. */
struct job {
	struct node		*nd;
	const char		*name;		/* the store's, or tlsa_name */
	char			*tlsa_name;	/* made for a TLSA RRset */
	const char		*exchange;	/* TLSA: the host it is for */
	const char		*origin;
	struct zkeys		*k;
	uint16_t		 type;
	struct mx_finding	*v;
	size_t			 n;
	mx_status		 status;
};

/* What a worker thread has of its own. */
struct worker {
	const struct sec_run	*run;
	unsigned		 id;
	EVP_MD_CTX		*md;		/* reused by every verify */
	ldns_buffer		*buf;		/* the signed data */
	pthread_t		 thread;
};

/* One RRSIG being judged. */
struct sig {
	const struct zraw	*r;
	uint32_t		 exp, inc;
	uint16_t		 tag;
	uint8_t			 alg;
};

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* An ldns record of class IN with owner (copied), type and ttl, and no
 * data yet; NULL when out of memory. */
static ldns_rr *
rr_head(const ldns_rdf *owner, uint16_t type, uint32_t ttl)
{
	ldns_rr		*rr;
	ldns_rdf	*o;

	if ((rr = ldns_rr_new()) == NULL)
		return NULL;
	if ((o = ldns_rdf_clone(owner)) == NULL) {
		ldns_rr_free(rr);
		return NULL;
	}
	ldns_rr_set_owner(rr, o);
	ldns_rr_set_type(rr, (ldns_rr_type)type);
	ldns_rr_set_class(rr, LDNS_RR_CLASS_IN);
	ldns_rr_set_ttl(rr, ttl);
	return rr;
}

/* A record kept whole (struct zraw) as an ldns record of owner; NULL
 * when out of memory or when its data does not read back. */
static ldns_rr *
raw_rr(const ldns_rdf *owner, const struct zraw *r)
{
	ldns_rr	*rr;
	size_t	 pos = 0;

	if ((rr = rr_head(owner, r->type, r->ttl)) == NULL)
		return NULL;
	if (ldns_wire2rdf(rr, r->wire, ZRAW_LEN(r) + 2, &pos) !=
	    LDNS_STATUS_OK) {
		ldns_rr_free(rr);
		return NULL;
	}
	return rr;
}

/* A stored MX, A, AAAA or CNAME record as an ldns record of owner. */
static ldns_rr *
zrr_rr(const ldns_rdf *owner, const struct zrr *r, uint16_t type)
{
	ldns_rr		*rr;
	ldns_rdf	*d = NULL, *p = NULL;

	if ((rr = rr_head(owner, type, r->ttl)) == NULL)
		return NULL;
	switch (type) {
	case LDNS_RR_TYPE_A:
		d = ldns_rdf_new_frm_data(LDNS_RDF_TYPE_A, 4, r->u.addr);
		break;
	case LDNS_RR_TYPE_AAAA:
		d = ldns_rdf_new_frm_data(LDNS_RDF_TYPE_AAAA, 16, r->u.addr);
		break;
	case LDNS_RR_TYPE_MX:
		if ((p = ldns_native2rdf_int16(LDNS_RDF_TYPE_INT16,
		    r->preference)) == NULL || !ldns_rr_push_rdf(rr, p)) {
			ldns_rdf_deep_free(p);
			ldns_rr_free(rr);
			return NULL;
		}
		/* FALLTHROUGH */
	default:
		d = ldns_dname_new_frm_str(r->u.n.target);
		break;
	}
	if (d == NULL || !ldns_rr_push_rdf(rr, d)) {
		ldns_rdf_deep_free(d);
		ldns_rr_free(rr);
		return NULL;
	}
	return rr;
}

/* Our own type numbers for the kept types (MX_TYPE_*), as the store
 * keeps them. */
static uint16_t
store_type(uint16_t type)
{
	return type == LDNS_RR_TYPE_MX ? MX_TYPE_MX : type ==
	    LDNS_RR_TYPE_A ? MX_TYPE_A : type == LDNS_RR_TYPE_AAAA ?
	    MX_TYPE_AAAA : type == LDNS_RR_TYPE_CNAME ? MX_TYPE_CNAME : 0;
}

static const char *
type_text(uint16_t type)
{
	const ldns_rr_descriptor *d = ldns_rr_descript(type);

	return d && d->_name ? d->_name : "?";
}

/* The zone of origin (one of z->zones), by its index; -1 when none. */
static int
zone_index(const mx_zone *z, const char *origin)
{
	size_t i;

	for (i = 0; origin != NULL && i < z->nzones; i++)
		if (z->zones[i].origin == origin)
			return (int)i;
	return -1;
}

/* An RSA public key in DNSKEY form (RFC 3110 §2: exponent length, one
 * octet or zero and two, then exponent and modulus), or NULL. */
static EVP_PKEY *
rsa_key(const uint8_t *p, size_t len)
{
	OSSL_PARAM_BLD	*bld;
	OSSL_PARAM	*params = NULL;
	EVP_PKEY_CTX	*ctx = NULL;
	EVP_PKEY	*pkey = NULL;
	BIGNUM		*n = NULL, *e = NULL;
	size_t		 elen, off = 1;

	if (len < 3)
		return NULL;
	elen = p[0];
	if (elen == 0) {
		elen = (size_t)p[1] << 8 | p[2];
		off = 3;
	}
	if (elen == 0 || off + elen >= len)
		return NULL;
	e = BN_bin2bn(p + off, (int)elen, NULL);
	n = BN_bin2bn(p + off + elen, (int)(len - off - elen), NULL);
	if ((bld = OSSL_PARAM_BLD_new()) == NULL || e == NULL || n == NULL ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e) ||
	    (params = OSSL_PARAM_BLD_to_param(bld)) == NULL ||
	    (ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL)) == NULL ||
	    EVP_PKEY_fromdata_init(ctx) != 1 ||
	    EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) != 1)
		pkey = NULL;
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	BN_free(n);
	BN_free(e);
	return pkey;
}

/* The digest an algorithm signs (RFC 4034 App. A.1), or NULL. */
static const EVP_MD *
alg_md(uint8_t alg)
{
	switch (alg) {
	case LDNS_RSASHA1:
	case LDNS_RSASHA1_NSEC3:
		return EVP_sha1();
	case LDNS_RSASHA256:
	case LDNS_ECDSAP256SHA256:
		return EVP_sha256();
	case LDNS_RSASHA512:
		return EVP_sha512();
	case LDNS_ECDSAP384SHA384:
		return EVP_sha384();
	default:
		return NULL;
	}
}

/* A context that verifies digests with pkey, made once per key so that
 * no signature pays for OpenSSL's lookups (RSA: PKCS #1 v1.5, RFC 5702
 * §3). */
static EVP_PKEY_CTX *
verify_ctx(EVP_PKEY *pkey, uint8_t alg)
{
	EVP_PKEY_CTX	*c;
	const EVP_MD	*md = alg_md(alg);

	if (md == NULL || (c = EVP_PKEY_CTX_new(pkey, NULL)) == NULL)
		return NULL;
	if (EVP_PKEY_verify_init(c) != 1 ||
	    EVP_PKEY_CTX_set_signature_md(c, md) != 1 ||
	    (alg != LDNS_ECDSAP256SHA256 && alg != LDNS_ECDSAP384SHA384 &&
	    EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_PADDING) != 1)) {
		EVP_PKEY_CTX_free(c);
		return NULL;
	}
	return c;
}

/* The digest of data in out (EVP_MAX_MD_SIZE octets); its length. */
static size_t
digest(uint8_t alg, const uint8_t *data, size_t len, unsigned char *out)
{
	switch (alg) {
	case LDNS_RSASHA1:
	case LDNS_RSASHA1_NSEC3:
		SHA1(data, len, out);
		return SHA_DIGEST_LENGTH;
	case LDNS_RSASHA256:
	case LDNS_ECDSAP256SHA256:
		SHA256(data, len, out);
		return SHA256_DIGEST_LENGTH;
	case LDNS_RSASHA512:
		SHA512(data, len, out);
		return SHA512_DIGEST_LENGTH;
	default:
		SHA384(data, len, out);
		return SHA384_DIGEST_LENGTH;
	}
}

/*
 * Reads the keys of zone i once: the DNSKEY RRset at its apex.  A zone is
 * signed when its apex has a DNSKEY or an RRSIG; signed without keys, its
 * every signature is invalid.
 */
static mx_status
zone_keys(struct sec_run *run, int i, struct zkeys **out)
{
	struct zkeys		*k = &run->zk[i];
	const char		*origin = run->z->zones[i].origin;
	const struct node	*apex;
	const struct zraw	*r;
	ldns_rdf		*owner = NULL;
	size_t			 j;

	*out = k;
	if (k->loaded)
		return MX_OK;
	k->loaded = 1;
	if ((apex = zone_node(run->z, origin)) == NULL)
		return MX_OK;
	for (r = apex->raw; r != NULL; r = r->next)
		if (r->type == LDNS_RR_TYPE_DNSKEY ||
		    r->type == LDNS_RR_TYPE_RRSIG)
			k->is_signed = 1;
	if (!k->is_signed)
		return MX_OK;
	if ((k->keys = ldns_rr_list_new()) == NULL ||
	    (owner = ldns_dname_new_frm_str(origin)) == NULL)
		goto nomem;
	for (r = apex->raw; r != NULL; r = r->next) {
		ldns_rr *rr;

		if (r->type != LDNS_RR_TYPE_DNSKEY)
			continue;
		/* a DNSKEY ldns cannot read back verifies nothing */
		if ((rr = raw_rr(owner, r)) == NULL)
			continue;
		if (!ldns_rr_list_push_rr(k->keys, rr)) {
			ldns_rr_free(rr);
			goto nomem;
		}
	}
	j = ldns_rr_list_rr_count(k->keys);
	if ((k->tags = calloc(j + 1, sizeof(*k->tags))) == NULL ||
	    (k->algs = calloc(j + 1, 1)) == NULL)
		goto nomem;
	if ((k->pkeys = calloc(j + 1, sizeof(*k->pkeys))) == NULL ||
	    (k->vctx = calloc((j + 1) * run->nworkers,
	    sizeof(*k->vctx))) == NULL)
		goto nomem;
	k->nkeys = j;
	for (j = 0; j < ldns_rr_list_rr_count(k->keys); j++) {
		const ldns_rr	*key = ldns_rr_list_rr(k->keys, j);
		const ldns_rdf	*pub;

		k->tags[j] = ldns_calc_keytag(key);
		k->algs[j] = ldns_rdf2native_int8(ldns_rr_rdf(key, 2));
		pub = ldns_rr_rdf(key, 3);
		/* RFC 4035 §5.3.1: only a zone key (flags bit 7) of
		 * protocol 3 counts; ldns judges the others */
		if (ldns_rr_rd_count(key) != 4 || pub == NULL ||
		    !(ldns_rdf2native_int16(ldns_rr_rdf(key, 0)) & 0x0100) ||
		    ldns_rdf2native_int8(ldns_rr_rdf(key, 1)) != 3)
			continue;
		switch (k->algs[j]) {
		case LDNS_RSASHA1:
		case LDNS_RSASHA1_NSEC3:
		case LDNS_RSASHA256:
		case LDNS_RSASHA512:
			k->pkeys[j] = rsa_key(ldns_rdf_data(pub),
			    ldns_rdf_size(pub));
			break;
		case LDNS_ECDSAP256SHA256:
		case LDNS_ECDSAP384SHA384:
			k->pkeys[j] = ldns_ecdsa2pkey_raw(ldns_rdf_data(pub),
			    ldns_rdf_size(pub), k->algs[j]);
			break;
		case LDNS_ED25519:
			k->pkeys[j] = ldns_ed255192pkey_raw(ldns_rdf_data(pub),
			    ldns_rdf_size(pub));
			break;
		default:
			break;
		}
		if (k->pkeys[j] != NULL && k->algs[j] != LDNS_ED25519) {
			unsigned w;

			for (w = 0; w < run->nworkers; w++)
				if ((k->vctx[w * k->nkeys + j] = verify_ctx(
				    k->pkeys[j], k->algs[j])) == NULL)
					break;
			if (w < run->nworkers) {
				/* ldns verifies it then */
				while (w-- > 0) {
					EVP_PKEY_CTX_free(
					    k->vctx[w * k->nkeys + j]);
					k->vctx[w * k->nkeys + j] = NULL;
				}
				EVP_PKEY_free(k->pkeys[j]);
				k->pkeys[j] = NULL;
			}
		}
	}
	ldns_rdf_deep_free(owner);
	return MX_OK;
nomem:
	ldns_rdf_deep_free(owner);
	return MX_ERR_NOMEM;
}

/*
 * The data an RRSIG signs (RFC 4034 §3.1.8.1, §6.2, §6.3), into w->buf:
 * its RDATA without the signature, then the RRset in canonical form with
 * the original TTL, a wildcard's owner as "*." and the labels the RRSIG
 * counts (RFC 4035 §5.3.2), in canonical order.  Returns 0 on success.
 */
static int
signed_data(struct worker *run, const ldns_rr_list *rrset,
    const ldns_rr *sig, uint32_t orig_ttl, uint8_t labels)
{
	ldns_rr_list	*c;
	ldns_rdf	*wild = NULL;
	size_t		 i;
	int		 rc = -1;

	ldns_buffer_clear(run->buf);
	if (ldns_rrsig2buffer_wire(run->buf, sig) != LDNS_STATUS_OK ||
	    (c = ldns_rr_list_clone(rrset)) == NULL)
		return -1;
	for (i = 0; i < ldns_rr_list_rr_count(c); i++) {
		ldns_rr		*rr = ldns_rr_list_rr(c, i);
		ldns_rdf	*o = ldns_rr_owner(rr);
		uint8_t		 n = ldns_dname_label_count(o);

		ldns_rr_set_ttl(rr, orig_ttl);
		if (n > labels) {
			if (wild == NULL) {
				ldns_rdf *tail = ldns_dname_clone_from(o,
				    n - labels);

				if (tail == NULL)
					goto out;
				wild = ldns_dname_new_frm_str("*");
				if (wild == NULL || ldns_dname_cat(wild,
				    tail) != LDNS_STATUS_OK) {
					ldns_rdf_deep_free(tail);
					goto out;
				}
				ldns_rdf_deep_free(tail);
			}
			ldns_rdf_deep_free(o);
			if ((o = ldns_rdf_clone(wild)) == NULL)
				goto out;
			ldns_rr_set_owner(rr, o);
		}
		ldns_rr2canonical(rr);
	}
	ldns_rr_list_sort(c);
	if (ldns_rr_list2buffer_wire(run->buf, c) == LDNS_STATUS_OK)
		rc = 0;
out:
	ldns_rdf_deep_free(wild);
	ldns_rr_list_deep_free(c);
	return rc;
}

/*
 * Verifies sig over rrset with the zone's keys made once (ECDSA, Ed25519):
 * 1 when it could (*ls LDNS_STATUS_OK or LDNS_STATUS_CRYPTO_BOGUS), 0
 * when a key of its tag and algorithm is not of those, or the data
 * cannot be made: then ldns verifies.
 */
static int
fast_verify(struct worker *run, const struct zkeys *k,
    const ldns_rr_list *rrset, const ldns_rr *sig, const struct sig *s,
    ldns_status *ls)
{
	const ldns_rdf	*sv = ldns_rr_rdf(sig, ldns_rr_rd_count(sig) - 1);
	const uint8_t	*rd = ZRAW_DATA(s->r);
	unsigned char	*der = NULL;
	unsigned char	 dg[EVP_MAX_MD_SIZE];
	size_t		 j, half = 0, dlen = 0;
	int		 tried = 0, derlen = 0;

	for (j = 0; j < ldns_rr_list_rr_count(k->keys); j++)
		if (k->tags[j] == s->tag && k->algs[j] == s->alg &&
		    k->pkeys[j] == NULL)
			return 0;
	if (sv == NULL || signed_data(run, rrset, sig, be32(rd + 4),
	    rd[3]) != 0)
		return 0;
	if (s->alg == LDNS_ECDSAP256SHA256 || s->alg == LDNS_ECDSAP384SHA384) {
		/* RFC 6605 §4: r and s, each half of the field; OpenSSL
		 * wants them DER-encoded */
		ECDSA_SIG	*es;
		BIGNUM		*r, *sn;

		half = s->alg == LDNS_ECDSAP256SHA256 ? 32 : 48;
		if (ldns_rdf_size(sv) != 2 * half) {
			*ls = LDNS_STATUS_CRYPTO_BOGUS;
			return 1;
		}
		if ((es = ECDSA_SIG_new()) == NULL)
			return 0;
		r = BN_bin2bn(ldns_rdf_data(sv), (int)half, NULL);
		sn = BN_bin2bn(ldns_rdf_data(sv) + half, (int)half, NULL);
		if (r == NULL || sn == NULL || !ECDSA_SIG_set0(es, r, sn)) {
			BN_free(r);
			BN_free(sn);
			ECDSA_SIG_free(es);
			return 0;
		}
		derlen = i2d_ECDSA_SIG(es, &der);
		ECDSA_SIG_free(es);
		if (derlen <= 0)
			return 0;
	}
	if (s->alg != LDNS_ED25519)
		dlen = digest(s->alg, ldns_buffer_begin(run->buf),
		    ldns_buffer_position(run->buf), dg);
	*ls = LDNS_STATUS_CRYPTO_BOGUS;
	for (j = 0; j < ldns_rr_list_rr_count(k->keys); j++) {
		int good;

		if (k->tags[j] != s->tag || k->algs[j] != s->alg)
			continue;
		tried = 1;
		if (s->alg == LDNS_ED25519) {
			/* pure EdDSA (RFC 8080 §4): no digest first */
			EVP_MD_CTX_reset(run->md);
			good = EVP_DigestVerifyInit(run->md, NULL, NULL, NULL,
			    k->pkeys[j]) == 1 && EVP_DigestVerify(run->md,
			    ldns_rdf_data(sv), ldns_rdf_size(sv),
			    ldns_buffer_begin(run->buf),
			    ldns_buffer_position(run->buf)) == 1;
		} else
			good = EVP_PKEY_verify(k->vctx[run->id * k->nkeys + j],
			    der ? der :
			    ldns_rdf_data(sv), der ? (size_t)derlen :
			    ldns_rdf_size(sv), dg, dlen) == 1;
		if (good) {
			*ls = LDNS_STATUS_OK;
			break;
		}
	}
	OPENSSL_free(der);
	return tried;
}

/* Whether the zone has a DNSKEY of tag and algorithm. */
static int
has_key(const struct zkeys *k, uint16_t tag, uint8_t alg)
{
	size_t j;

	for (j = 0; k->keys != NULL && j < ldns_rr_list_rr_count(k->keys); j++)
		if (k->tags[j] == tag && k->algs[j] == alg)
			return 1;
	return 0;
}

/* Whether name lies at or below a delegation of its zone (glue and
 * delegated names are not signed there, RFC 4035 §2.2). */
static int
below_cut(const mx_zone *z, const char *name, const char *origin)
{
	const char		*p = name;
	const struct node	*nd;

	while (!mx_name_eq(p, origin) && strcmp(p, ".") != 0) {
		if ((nd = zone_node(z, p)) != NULL && (nd->sec & SEC_CUT))
			return 1;
		p = mx_name_parent(p);
	}
	return 0;
}

/* A time in RRSIG form (RFC 4034 §3.1.5: serial arithmetic about now),
 * as "2026-01-31 12:00:00 UTC" in buf (32 bytes). */
static const char *
sig_time(time_t now, uint32_t t, char *buf)
{
	time_t		 at = now + (int32_t)(t - (uint32_t)now);
	struct tm	 tm;

	if (gmtime_r(&at, &tm) == NULL ||
	    strftime(buf, 32, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
		snprintf(buf, 32, "%u", t);
	return buf;
}

/* What a bogus RRset of type at name (escaped presentation form) means
 * for mail, in buf (size bytes). */
static const char *
consequence(uint16_t type, const char *name, const char *exchange,
    char *buf, size_t size)
{
	switch (type) {
	case LDNS_RR_TYPE_MX:
		snprintf(buf, size, "validating resolvers return SERVFAIL for "
		    "the MX of %s: mail to it queues at validating senders, "
		    "and bounces after their retry time", name);
		break;
	case LDNS_RR_TYPE_A:
	case LDNS_RR_TYPE_AAAA:
	case LDNS_RR_TYPE_CNAME:
		snprintf(buf, size, "validating resolvers return SERVFAIL for "
		    "the %s of %s: validating senders cannot reach that "
		    "exchange", type_text(type), name);
		break;
	case LDNS_RR_TYPE_TLSA:
		snprintf(buf, size, "validating resolvers return SERVFAIL for "
		    "the TLSA of %s: DANE senders defer all mail to %s", name,
		    exchange ? exchange : name);
		break;
	case LDNS_RR_TYPE_SOA:
		snprintf(buf, size, "validating resolvers cannot validate the "
		    "SOA of %s nor the negative answers that rest on it: a "
		    "sender's MX or AAAA query that finds no data gets SERVFAIL, "
		    "and mail queues", name);
		break;
	default:
		snprintf(buf, size, "validating resolvers return SERVFAIL for "
		    "the DNSKEY of %s: no answer of the zone validates, and "
		    "mail to each of its domains queues at validating senders",
		    name);
		break;
	}
	return buf;
}

static int
by_expiration_desc(const void *a, const void *b)
{
	const struct sig *x = a, *y = b;

	/* later first; serial order is not total, so compare offsets
	 * from the inception of neither: the difference's sign */
	return (int32_t)(y->exp - x->exp) > 0 ? 1 :
	    (int32_t)(y->exp - x->exp) < 0 ? -1 : 0;
}

/*
 * Queues the RRset of type at name (the node nd) for a worker, once per
 * run, when its zone is signed; the zone's keys are read here, before
 * any worker starts.  exchange names the host a TLSA RRset is for;
 * tlsa_name, when not NULL, is the job's to free.
 */
static mx_status
enqueue(struct sec_run *run, const char *name, struct node *nd,
    uint16_t type, const char *exchange, const char *tlsa_name)
{
	const char	*origin;
	struct zkeys	*k;
	struct job	*jb;
	int		 zi;
	mx_status	 rc;

	if (nd->sec_gen != run->gen) {
		nd->sec_gen = run->gen;
		nd->sec_done = 0;
	}
	if (nd->sec_done & done_bit(type))
		return MX_OK;
	nd->sec_done |= done_bit(type);
	origin = mx_zone_origin_of(run->z, name);
	if ((zi = zone_index(run->z, origin)) < 0)
		return MX_OK;
	if ((rc = zone_keys(run, zi, &k)) != MX_OK || !k->is_signed)
		return rc;
	if ((jb = mx_vec_push(&run->jobs, &run->njobs, &run->capjobs,
	    sizeof(*jb))) == NULL)
		return MX_ERR_NOMEM;
	if (tlsa_name != NULL && (jb->tlsa_name = strdup(tlsa_name)) == NULL) {
		run->njobs--;
		return MX_ERR_NOMEM;
	}
	jb->nd = nd;
	jb->name = jb->tlsa_name ? jb->tlsa_name : name;
	jb->exchange = exchange;
	jb->origin = origin;
	jb->k = k;
	jb->type = type;
	return MX_OK;
}

/*
 * Judges one queued RRset: its RRSIGs' windows, then their signatures,
 * latest expiration first, until one verifies; the findings go to the
 * job.  Runs in a worker: reads the store and the keys, changes nothing
 * shared.
 */
static mx_status
judge(struct worker *run, struct job *jb)
{
	const struct sec_run	*sr = run->run;
	const char		*name = jb->name, *exchange = jb->exchange;
	const char		*origin = jb->origin, *file = NULL;
	const char		*ignore = NULL;
	const struct node	*nd = jb->nd;
	const struct zkeys	*k = jb->k;
	const struct zraw	*r;
	struct sig		*sigs = NULL, *bad_time = NULL, *bad_sig = NULL;
	ldns_rr_list		*rrset = NULL;
	ldns_rdf		*owner = NULL;
	ldns_status		 why = LDNS_STATUS_OK;
	size_t			 nsig = 0, cap = 0, i, j, nrec = 0, ntime = 0;
	unsigned long		 line = 0;
	uint16_t		 type = jb->type, st = store_type(type);
	uint32_t		 now32 = (uint32_t)sr->now;
	char			 subject[600], conseq[1400], at[32];
	int			 ok = -1;
	mx_status		 rc = MX_OK;

	/* the RRset: where it is, and whether there is one */
	if (st != 0) {
		for (i = 0; i < nd->n; i++)
			if (nd->rrs[i].type == st) {
				if (nrec++ == 0) {
					file = zone_rr_file(sr->z, &nd->rrs[i]);
					line = nd->rrs[i].line;
					ignore = nd->rrs[i].x ?
					    nd->rrs[i].x->ignore : NULL;
				}
			}
	} else {
		for (r = nd->raw; r != NULL; r = r->next)
			if (r->type == type) {
				nrec++;
				/* the list is newest first: the first
				 * record is the last one met */
				file = zone_raw_file(sr->z, r);
				line = r->line;
			}
	}
	if (nrec == 0)
		return MX_OK;
	snprintf(subject, sizeof(subject), "%s %s", name, type_text(type));
	for (r = nd->raw; r != NULL; r = r->next) {
		struct sig *s;

		if (r->type != LDNS_RR_TYPE_RRSIG || ZRAW_COVERED(r) != type)
			continue;
		if ((s = mx_vec_push(&sigs, &nsig, &cap, sizeof(*s))) == NULL) {
			rc = MX_ERR_NOMEM;
			goto out;
		}
		s->r = r;
		s->alg = ZRAW_DATA(r)[2];
		s->exp = be32(ZRAW_DATA(r) + 8);
		s->inc = be32(ZRAW_DATA(r) + 12);
		s->tag = (uint16_t)(ZRAW_DATA(r)[16] << 8 | ZRAW_DATA(r)[17]);
	}
	if (nsig == 0) {
		/* a delegation's names are not signed by the parent */
		if (below_cut(sr->z, name, origin))
			goto out;
		rc = mx_finding_add(&jb->v, &jb->n, sr->opt,
		    MX_CHECK_DNSSEC_SIGNATURE_INVALID, subject, file, line,
		    ignore, "the %s RRset of %s has no RRSIG in the signed zone "
		    "%s: %s", type_text(type), name, origin,
		    consequence(type, name, exchange, conseq, sizeof(conseq)));
		goto out;
	}
	qsort(sigs, nsig, sizeof(*sigs), by_expiration_desc);
	for (i = 0; i < nsig && ok < 0; i++) {
		struct sig	*s = &sigs[i];
		ldns_rr		*sig;
		ldns_status	 ls;

		/* RFC 4034 §3.1.5, RFC 1982: now within [inception,
		 * expiration] */
		if ((int32_t)(s->exp - now32) < 0 ||
		    (int32_t)(now32 - s->inc) < 0) {
			if (bad_time == NULL ||
			    s->r->line < bad_time->r->line)
				bad_time = s;
			ntime++;
			continue;
		}
		if (!has_key(k, s->tag, s->alg)) {
			ls = LDNS_STATUS_CRYPTO_NO_MATCHING_KEYTAG_DNSKEY;
			goto failed;
		}
		if (owner == NULL && (owner = ldns_dname_new_frm_str(name)) ==
		    NULL) {
			rc = MX_ERR_NOMEM;
			goto out;
		}
		if (rrset == NULL) {
			if ((rrset = ldns_rr_list_new()) == NULL) {
				rc = MX_ERR_NOMEM;
				goto out;
			}
			for (j = 0; st != 0 && j < nd->n; j++) {
				ldns_rr *rr;

				if (nd->rrs[j].type != st)
					continue;
				if ((rr = zrr_rr(owner, &nd->rrs[j],
				    type)) == NULL ||
				    !ldns_rr_list_push_rr(rrset, rr)) {
					ldns_rr_free(rr);
					rc = MX_ERR_NOMEM;
					goto out;
				}
			}
			for (r = nd->raw; st == 0 && r != NULL; r = r->next) {
				ldns_rr *rr;

				if (r->type != type)
					continue;
				if ((rr = raw_rr(owner, r)) == NULL ||
				    !ldns_rr_list_push_rr(rrset, rr)) {
					ldns_rr_free(rr);
					rc = MX_ERR_NOMEM;
					goto out;
				}
			}
		}
		if ((sig = raw_rr(owner, s->r)) == NULL) {
			ls = LDNS_STATUS_CRYPTO_BOGUS;
			goto failed;
		}
		if (!fast_verify(run, k, rrset, sig, s, &ls))
			ls = ldns_verify_rrsig_keylist_notime(rrset, sig,
			    k->keys, NULL);
		ldns_rr_free(sig);
		if (ls == LDNS_STATUS_OK) {
			ok = (int)i;
			break;
		}
failed:
		if (bad_sig == NULL) {
			bad_sig = s;
			why = ls;
		}
	}
	consequence(type, name, exchange, conseq, sizeof(conseq));
	if (ok >= 0) {
		struct sig	*s = &sigs[ok];
		uint32_t	 left = s->exp - now32;

		/* resolvers accept the RRset until its last good
		 * signature expires */
		if (left < sr->warn)
			rc = mx_finding_add(&jb->v, &jb->n, sr->opt,
			    MX_CHECK_DNSSEC_SIGNATURE_EXPIRING, subject,
			    zone_raw_file(sr->z, s->r), s->r->line, zone_raw_ignore(s->r) ?
			    zone_raw_ignore(s->r) : ignore, "the RRSIG over the %s "
			    "RRset of %s (key tag %u) expires in %u days %u "
			    "hours, on %s: then %s; re-sign the zone before",
			    type_text(type), name, s->tag, left / 86400,
			    left % 86400 / 3600, sig_time(sr->now, s->exp, at),
			    conseq);
		goto out;
	}
	if (bad_time != NULL) {
		struct sig	*s = bad_time;
		int		 expired = (int32_t)(s->exp - now32) < 0;
		char		 others[64] = "";

		if (ntime > 1)
			snprintf(others, sizeof(others), " (as %s the %zu "
			    "other%s over it)", ntime > 2 ? "are" : "is",
			    ntime - 1, ntime > 2 ? "s" : "");

		rc = mx_finding_add(&jb->v, &jb->n, sr->opt,
		    MX_CHECK_DNSSEC_SIGNATURE_EXPIRED, subject,
		    zone_raw_file(sr->z, s->r),
		    s->r->line, zone_raw_ignore(s->r) ? zone_raw_ignore(s->r) : ignore,
		    "the RRSIG over the %s RRset of %s (key tag %u) %s %s%s: %s",
		    type_text(type), name, s->tag, expired ? "expired on" :
		    "is not valid before", sig_time(sr->now, expired ? s->exp :
		    s->inc, at), others, conseq);
		if (rc != MX_OK)
			goto out;
	}
	if (bad_sig != NULL) {
		struct sig *s = bad_sig;
		char detail[400];

		if (why == LDNS_STATUS_CRYPTO_NO_MATCHING_KEYTAG_DNSKEY)
			snprintf(detail, sizeof(detail), "no DNSKEY of %s has "
			    "key tag %u and algorithm %u", origin, s->tag,
			    s->alg);
		else
			snprintf(detail, sizeof(detail), "%s: the RRset was "
			    "changed after signing, or signed with another key",
			    ldns_get_errorstr_by_id(why));
		rc = mx_finding_add(&jb->v, &jb->n, sr->opt,
		    MX_CHECK_DNSSEC_SIGNATURE_INVALID, subject,
		    zone_raw_file(sr->z, s->r),
		    s->r->line, zone_raw_ignore(s->r) ? zone_raw_ignore(s->r) : ignore,
		    "the RRSIG over the %s RRset of %s (key tag %u) does not "
		    "verify (%s): %s", type_text(type), name, s->tag, detail,
		    conseq);
	}
out:
	ldns_rr_list_deep_free(rrset);
	ldns_rdf_deep_free(owner);
	free(sigs);
	return rc;
}

/* Judges what the path of an exchange (or an implicit MX) rests on: its
 * CNAME chain, then A, AAAA and TLSA at the name it ends at. */
static mx_status
judge_exchange(struct sec_run *run, const char *exchange)
{
	struct node	*nd;
	const char	*name = exchange;
	char		 tlsa[600];
	size_t		 i;
	int		 hop;
	mx_status	 st;

	for (hop = 0; hop <= CNAME_MAX; hop++) {
		const char *next = NULL;

		if ((nd = zone_node(run->z, name)) == NULL)
			return MX_OK;
		for (i = 0; i < nd->n; i++)
			if (nd->rrs[i].type == MX_TYPE_CNAME)
				next = nd->rrs[i].u.n.target;
		if (next == NULL)
			break;
		if ((st = enqueue(run, name, nd, LDNS_RR_TYPE_CNAME,
		    NULL, NULL)) != MX_OK)
			return st;
		name = next;
	}
	if (hop > CNAME_MAX)
		return MX_OK;
	if ((st = enqueue(run, name, nd, LDNS_RR_TYPE_A, NULL,
	    NULL)) != MX_OK ||
	    (st = enqueue(run, name, nd, LDNS_RR_TYPE_AAAA, NULL,
	    NULL)) != MX_OK)
		return st;
	/* RFC 7672 §2.2.3: TLSA at the exchange's final name */
	if (snprintf(tlsa, sizeof(tlsa), "_25._tcp.%s", name) >=
	    (int)sizeof(tlsa) || (nd = zone_node(run->z, tlsa)) == NULL)
		return MX_OK;
	return enqueue(run, tlsa, nd, LDNS_RR_TYPE_TLSA, name, tlsa);
}

/* Judges the MX RRset of owner and the path of every exchange in it. */
static mx_status
judge_domain(struct sec_run *run, const char *owner)
{
	struct node	*nd;
	size_t		 i;
	mx_status	 st;
	int		 has_mx = 0;

	if ((nd = zone_node(run->z, owner)) == NULL)
		return MX_OK;
	for (i = 0; i < nd->n; i++)
		if (nd->rrs[i].type == MX_TYPE_MX)
			has_mx = 1;
	/* RFC 5321 §5.1: no MX, the domain is its own exchange */
	if (!has_mx)
		return judge_exchange(run, owner);
	if ((st = enqueue(run, owner, nd, LDNS_RR_TYPE_MX, NULL,
	    NULL)) != MX_OK)
		return st;
	for (i = 0; i < nd->n; i++) {
		const struct zrr *r = &nd->rrs[i];

		if (r->type != MX_TYPE_MX || strcmp(r->u.n.target, ".") == 0)
			continue;
		if ((st = judge_exchange(run, r->u.n.target)) != MX_OK)
			return st;
	}
	return MX_OK;
}

/* Whether opt's ignore list names all three checks: then there is
 * nothing to verify (mxdig without lint shows none of them). */
static int
all_ignored(const struct mx_options *opt)
{
	static const enum mx_check_id ids[] = {
	    MX_CHECK_DNSSEC_SIGNATURE_EXPIRED,
	    MX_CHECK_DNSSEC_SIGNATURE_EXPIRING,
	    MX_CHECK_DNSSEC_SIGNATURE_INVALID };
	size_t i, j, found = 0;

	for (i = 0; opt != NULL && i < 3; i++)
		for (j = 0; j < opt->nignore; j++)
			if (strcmp(opt->ignore[j],
			    mx_check_info_of(ids[i])->name) == 0) {
				found++;
				break;
			}
	return found == 3;
}

/* A worker: takes the next job until none is left. */
static void *
work(void *arg)
{
	struct worker	*w = arg;
	struct sec_run	*run = (struct sec_run *)w->run;
	size_t		 i;

	while ((i = atomic_fetch_add(&run->next, 1)) < run->njobs)
		run->jobs[i].status = judge(w, &run->jobs[i]);
	return NULL;
}

/* The threads that verify: one a core, at most WORKERS_MAX, and one for
 * every JOBS_PER_WORKER signatures, so that a small zone starts none. */
static unsigned
workers_for(size_t nsigs)
{
	long		 cores = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned	 n;
#ifdef __linux__
	cpu_set_t	 set;

	/* the cores this process may run on (taskset, cgroups) */
	if (sched_getaffinity(0, sizeof(set), &set) == 0)
		cores = CPU_COUNT(&set);
#endif
	n = cores < 1 ? 1 : cores > WORKERS_MAX ? WORKERS_MAX :
	    (unsigned)cores;

	if (nsigs / JOBS_PER_WORKER < n)
		n = nsigs / JOBS_PER_WORKER > 0 ?
		    (unsigned)(nsigs / JOBS_PER_WORKER) : 1;
	return n;
}

/*
 * Runs the queued jobs on run->nworkers workers (the calling thread is
 * the first; a thread that cannot be started leaves its share to the
 * others).  Returns MX_ERR_NOMEM when a worker's state cannot be made.
 */
static mx_status
run_jobs(struct sec_run *run)
{
	struct worker	 w[WORKERS_MAX];
	unsigned	 i, started = 0;
	mx_status	 st = MX_OK;

	memset(w, 0, sizeof(w));
	atomic_store(&run->next, 0);
	for (i = 0; i < run->nworkers; i++) {
		w[i].run = run;
		w[i].id = i;
		if ((w[i].md = EVP_MD_CTX_new()) == NULL ||
		    (w[i].buf = ldns_buffer_new(1024)) == NULL) {
			st = MX_ERR_NOMEM;
			goto out;
		}
	}
	for (i = 1; i < run->nworkers && run->njobs > 1; i++)
		if (pthread_create(&w[i].thread, NULL, work, &w[i]) == 0)
			started |= 1u << i;
	work(&w[0]);
	for (i = 1; i < run->nworkers; i++)
		if (started & (1u << i))
			pthread_join(w[i].thread, NULL);
out:
	for (i = 0; i < run->nworkers; i++) {
		EVP_MD_CTX_free(w[i].md);
		ldns_buffer_free(w[i].buf);
	}
	return st;
}

/*
 * Adds to (*v, *n) the DNSSEC findings of every signed zone of z: its
 * apex SOA and DNSKEY, every apex and MX owner as a mail domain, and the
 * path of every exchange they name, in that order.  The walk queues each
 * RRset once; the signatures are then verified by a few threads
 * (workers_for), each RRset's findings kept with it, and added in path
 * order, so that the output does not depend on the threads.  The zone's
 * marks are scratch of this run (z is not otherwise changed, and two runs
 * on one zone must not overlap); time is now, sig_days from opt.
 */
mx_status
mx_dnssec_findings(const mx_zone *cz, const struct mx_options *opt,
    struct mx_finding **v, size_t *n)
{
	struct sec_run	 run;
	mx_zone		*z = (mx_zone *)cz;
	char *const	*owners;
	size_t		 no, i, j, total;
	mx_status	 st = MX_OK;

	if (z->nsigs == 0 || z->nzones == 0 || all_ignored(opt))
		return MX_OK;
	memset(&run, 0, sizeof(run));
	run.z = z;
	run.opt = opt;
	run.now = time(NULL);
	run.warn = (opt ? opt->sig_days : 7) * 86400u;
	run.nworkers = workers_for(z->nsigs);
	/* a new generation makes every node's marks stale; 0 is never one */
	if (++z->sec_gen == 0)
		z->sec_gen = 1;
	run.gen = z->sec_gen;
	if ((run.zk = calloc(z->nzones, sizeof(*run.zk))) == NULL)
		return MX_ERR_NOMEM;
	for (i = 0; i < z->nzones && st == MX_OK; i++) {
		const char	*apex = z->zones[i].origin;
		struct node	*nd = zone_node(z, apex);

		if (nd == NULL)
			continue;
		if ((st = enqueue(&run, apex, nd, LDNS_RR_TYPE_SOA,
		    NULL, NULL)) != MX_OK ||
		    (st = enqueue(&run, apex, nd, LDNS_RR_TYPE_DNSKEY,
		    NULL, NULL)) != MX_OK)
			break;
		st = judge_domain(&run, apex);
	}
	owners = mx_zone_mx_owners(z, &no);
	for (i = 0; i < no && st == MX_OK; i++)
		st = judge_domain(&run, owners[i]);
	if (st == MX_OK)
		st = run_jobs(&run);
	/* the findings in path order; the first failure is returned */
	for (i = 0, total = *n; i < run.njobs; i++)
		total += run.jobs[i].n;
	if (st == MX_OK && total > *n) {
		struct mx_finding *nv = realloc(*v, total * sizeof(*nv));

		if (nv == NULL)
			st = MX_ERR_NOMEM;
		else
			*v = nv;
	}
	for (i = 0; i < run.njobs; i++) {
		struct job *jb = &run.jobs[i];

		if (st == MX_OK)
			st = jb->status;
		for (j = 0; j < jb->n && st == MX_OK; j++) {
			(*v)[(*n)++] = jb->v[j];
			jb->v[j].subject = jb->v[j].message = NULL;
		}
		mx_findings_free(jb->v, jb->n);
		free(jb->tlsa_name);
	}
	free(run.jobs);
	for (i = 0; i < z->nzones; i++) {
		struct zkeys *k = &run.zk[i];

		for (j = 0; k->vctx != NULL &&
		    j < k->nkeys * run.nworkers; j++)
			EVP_PKEY_CTX_free(k->vctx[j]);
		for (j = 0; k->pkeys != NULL && j < k->nkeys; j++)
			EVP_PKEY_free(k->pkeys[j]);
		free(k->pkeys);
		free(k->vctx);
		ldns_rr_list_deep_free(k->keys);
		free(k->tags);
		free(k->algs);
	}
	free(run.zk);
	return st;
}

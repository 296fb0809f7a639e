/*
 * pol_live.h -- the policy layer of a live check (DANE, MTA-STS,
 * TLS-RPT): what its lookups answered, turned into the result's policy
 * state, the DANE match of each presented chain, and what each kind of
 * sender does; internal.  The lookups themselves run on the job
 * (resolve.c), beside the path's.
 */
#ifndef MX_RESOLVE_POL_LIVE_H
#define MX_RESOLVE_POL_LIVE_H

#include "internal.h"

/* One TLSA lookup of a host: at _25._tcp. of the exchange, or of the
 * name its CNAME chain ends at (RFC 7672 §2.2.2). */
struct mx_pol_tlsa {
	uint8_t			 asked, done;
	char			*name;		/* the owner asked (res's) */
	enum mx_rcode		 rcode;
	int			 dns_rcode;	/* 2: SERVFAIL */
	char			*detail;	/* res's */
	struct mx_tlsa		*recs;		/* res's pool */
	size_t			 nrecs;
	struct mx_rrset_security sec;
};

/* A host's two TLSA lookups: [0] the exchange, [1] its canonical name. */
struct mx_pol_host {
	struct mx_pol_tlsa	 at[2];
};

/* "_25._tcp." name into buf (MX_NAME_TEXT_MAX + 16 bytes); NULL when
 * the name would be too long. */
#define MX_POL_NAME_MAX	(MX_NAME_TEXT_MAX + 16)
char *mx_pol_name(const char *prefix, const char *name, char *buf);

/* The TLSA records of ans into t (res's pool), each with why it is
 * unusable; the rcode and detail. */
mx_status mx_pol_tlsa_take(struct mx_result *res, struct mx_pol_tlsa *t,
    const struct mx_answer *ans);

/* The DANE state of host h from its lookups p (RFC 7672 §2.2): before
 * the path is built (the host's A/AAAA sets and their DNSSEC states are
 * known, its addresses not yet). */
void mx_pol_dane_fill(struct mx_result *res, struct mx_host *h,
    const struct mx_pol_host *p);

/* The answer to _mta-sts.D TXT / _smtp._tls.D TXT into the result. */
void mx_pol_sts_txt(struct mx_result *res, const struct mx_answer *ans);
void mx_pol_rpt_txt(struct mx_result *res, const struct mx_answer *ans);

/* The policy fetched (or why not): status, body, error. */
void mx_pol_sts_body(struct mx_result *res, const char *url, long status,
    const char *body, size_t len, const char *content_type,
    const char *error, double ms);

/* 1 when the result's _mta-sts record is one valid v=STSv1 record. */
int mx_pol_sts_valid(const struct mx_result *res);

/* After the SMTP results are applied: each address's chain against its
 * host's usable TLSA records (OpenSSL's DANE). */
void mx_pol_verify(struct mx_result *res);

/* What a DANE, an MTA-STS and an opportunistic sender do with each
 * host (after mx_pol_verify). */
void mx_pol_senders(struct mx_result *res, int smtp);

/* 1 when the leaf host h's address a presented is PKIX-valid for the
 * exchange's name (chain verified, dates, names): what an MTA-STS
 * sender in enforce mode requires (RFC 8461 §4.2). */
int mx_pol_cert_ok(const struct mx_host *h, const struct mx_address *a,
    const char **why);

#endif

/*
 * checks.h -- the finding constructor and the check families, internal to
 * libmxdig.
 *
 * Every finding, whether about a domain (the families below) or about a
 * zone file (zone_checks.c), is made by mx_finding_add: it takes the
 * check's id, applies the --ignore list and the record's inline
 * "; mxdig: ignore=" list, and fills the finding from the catalogue.  A
 * finding that cannot be recorded is an error the families pass up.
 */
#ifndef MX_CHECK_CHECKS_H
#define MX_CHECK_CHECKS_H

#include <stdarg.h>

#include "internal.h"
#include "catalog.h"

/*
 * Appends the finding id on subject to (*v, *n) unless opt's ignore list
 * (opt may be NULL) or ignore, the record's inline list (may be NULL),
 * names the check.  file and line say where it is (NULL and 0 when
 * nowhere); file is borrowed, subject copied, the message formatted.
 * Returns MX_OK also when the finding is suppressed, MX_ERR_NOMEM when it
 * cannot be recorded (*v and *n unchanged) and MX_ERR_ARG for an id out
 * of range.
 */
mx_status mx_finding_add(struct mx_finding **v, size_t *n,
    const struct mx_options *opt, enum mx_check_id id, const char *subject,
    const char *file, unsigned long line, const char *ignore,
    const char *fmt, ...) __attribute__((format(printf, 9, 10)));
mx_status mx_finding_vadd(struct mx_finding **v, size_t *n,
    const struct mx_options *opt, enum mx_check_id id, const char *subject,
    const char *file, unsigned long line, const char *ignore,
    const char *fmt, va_list ap) __attribute__((format(printf, 9, 0)));

/*
 * The same for a finding about a domain: appended to res, at rec (its
 * file, line and inline list).  A finding without a record (rec NULL)
 * is about the domain as a whole and points at its MX RRset when it has
 * one.
 */
mx_status mx_result_finding(struct mx_result *res,
    const struct mx_options *opt, enum mx_check_id id, const char *subject,
    const struct mx_record *rec, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/*
 * The same two with a severity other than the catalogue's, for a check
 * whose weight depends on the case (mta-sts-mx-not-covered: an error in
 * enforce mode, a warning in testing mode, info in a diff).  MX_ERR_ARG
 * for a severity that is none of enum mx_severity's.
 */
mx_status mx_finding_add_severity(struct mx_finding **v, size_t *n,
    const struct mx_options *opt, enum mx_check_id id, enum mx_severity sev,
    const char *subject, const char *file, unsigned long line,
    const char *ignore, const char *fmt, ...)
    __attribute__((format(printf, 10, 11)));
mx_status mx_result_finding_severity(struct mx_result *res,
    const struct mx_options *opt, enum mx_check_id id, enum mx_severity sev,
    const char *subject, const struct mx_record *rec, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/* The check families.  Each adds the findings of its checks to r and
 * returns the first status that is not MX_OK. */

/* domain_checks.c: the domain itself, null and implicit MX, duplicates. */
mx_status mx_check_domain_name(struct mx_result *r,
    const struct mx_options *o);
mx_status mx_check_null_mx(struct mx_result *r, const struct mx_options *o);
mx_status mx_check_implicit(struct mx_result *r, const struct mx_options *o);
mx_status mx_check_duplicates(struct mx_result *r,
    const struct mx_options *o);

/* exchange_checks.c: each exchange's name, state and addresses. */
mx_status mx_check_exchange(struct mx_result *r, const struct mx_options *o,
    const struct mx_host *h);

/* path_checks.c: the path as a whole: tiers, redundancy, the address
 * limit, IPv6. */
mx_status mx_check_tiers(struct mx_result *r, const struct mx_options *o);
mx_status mx_check_single_and_shared(struct mx_result *r,
    const struct mx_options *o);
mx_status mx_check_address_limit(struct mx_result *r,
    const struct mx_options *o);
mx_status mx_check_families(struct mx_result *r, const struct mx_options *o);

/* ttl_checks.c: the TTLs the zone publishes. */
mx_status mx_check_ttls(struct mx_result *r, const struct mx_options *o);

/* auth_checks.c: what the authoritative servers serve (r->authority). */
mx_status mx_check_authority(struct mx_result *r,
    const struct mx_options *o);

/* dnssec_checks.c: the RRSIGs over every RRset on a mail path of the
 * signed zones of z (dnssec-signature-expired, -expiring, -invalid),
 * appended to (*v, *n); none for unsigned zones. */
mx_status mx_dnssec_findings(const mx_zone *z, const struct mx_options *opt,
    struct mx_finding **v, size_t *n);

/* smtp_checks.c: every address's SMTP and TLS probe, each exchange's
 * addresses compared (--smtp). */
mx_status mx_check_smtp(struct mx_result *r, const struct mx_options *o);

/* dnssec_live_checks.c: dnssec-bogus and dnssec-unsigned
 * from the live DNSSEC layer, mx-ptr-missing and mx-ptr-mismatch from
 * the reverse layer. */
mx_status mx_check_dnssec_live(struct mx_result *r,
    const struct mx_options *o);
mx_status mx_check_ptr(struct mx_result *r, const struct mx_options *o);

/* A host whose state is not known: not broken, just not verified. */
static inline int
mx_host_unknown(const struct mx_host *h)
{
	return h->state == MX_HOST_OUT_OF_ZONE ||
	    h->state == MX_HOST_LOOKUP_FAILED ||
	    h->state == MX_HOST_SMTP_BUSY;	/* --smtp: inconclusive */
}

/* The last record of a CNAME chain, or NULL when there is none. */
static inline const struct mx_record *
mx_last_cname(const struct mx_record *c, size_t n)
{
	return n ? &c[n - 1] : NULL;
}

/* policy_checks.c: lint's view of the TLSA records of z
 * (dane-tlsa-unusable) and of its _mta-sts and _smtp._tls TXT records
 * (mta-sts-txt-invalid, tls-rpt-invalid), appended to (*v, *n) in the
 * order their owners were first read. */
mx_status mx_policy_zone_findings(const mx_zone *z,
    const struct mx_options *opt, struct mx_finding **v, size_t *n);

/* The policy layer (DANE, MTA-STS, TLS-RPT) of live data. */
mx_status mx_check_policy(struct mx_result *r, const struct mx_options *o);

#endif

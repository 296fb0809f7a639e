/*
 * dnssec_live_checks.c -- the live DNSSEC and reverse layers' checks:
 * dnssec-bogus for every RRset on the path that fails validation,
 * dnssec-unsigned for a domain whose MX answer is provably unsigned,
 * mx-ptr-missing and mx-ptr-mismatch for every exchange address.  (The
 * signatures of zone files are dnssec_checks.c's.)
 */
#include <stdio.h>
#include <string.h>

#include "checks.h"
#include "../probe/dnssec.h"

/* "EDE 7 (Signature Expired): why" or "why", into buf. */
static const char *
bogus_reason(const struct mx_rrset_security *s, char *buf, size_t size)
{
	const char *name = mx_ede_name(s->ede);

	if (s->ede >= 0)
		snprintf(buf, size, "EDE %d (%s)%s%s", s->ede, name ? name :
		    "unassigned", s->why ? ": " : "", s->why ? s->why : "");
	else
		snprintf(buf, size, "%s", s->why ? s->why : "validation failed");
	return buf;
}

/* One RRset's dnssec-bogus, what a validating sender meets. */
static mx_status
bogus(struct mx_result *r, const struct mx_options *o,
    const struct mx_rrset_security *s, const char *type, const char *name,
    const struct mx_record *rec, const char *effect)
{
	char why[512];

	if (s->state != MX_DNSSEC_BOGUS)
		return MX_OK;
	return mx_result_finding(r, o, MX_CHECK_DNSSEC_BOGUS, name, rec,
	    "the %s %s of %s %s DNSSEC validation, %s: %s", type,
	    strchr(type, ' ') ? "RRsets" : "RRset", name,
	    strchr(type, ' ') ? "fail" : "fails",
	    bogus_reason(s, why, sizeof(why)), effect);
}

mx_status
mx_check_dnssec_live(struct mx_result *r, const struct mx_options *o)
{
	mx_status	st;
	size_t		i;

	if (!r->dnssec)
		return MX_OK;
	if ((st = bogus(r, o, &r->mx_sec, "MX", r->canonical, NULL,
	    "validating resolvers answer SERVFAIL, and mail to it queues and "
	    "bounces for senders behind them")) != MX_OK)
		return st;
	for (i = 0; i < r->nhosts; i++) {
		const struct mx_host *h = &r->hosts[i];

		int a = h->a_sec.state == MX_DNSSEC_BOGUS;
		int aaaa = h->aaaa_sec.state == MX_DNSSEC_BOGUS;

		/* both families fail alike, as a broken zone makes them:
		 * one finding, the A set's reason */
		if ((st = bogus(r, o, a ? &h->a_sec : &h->aaaa_sec, a && aaaa ?
		    "A and AAAA" : a ? "A" : "AAAA", h->exchange, h->mx,
		    "senders behind validating resolvers cannot use this "
		    "exchange")) != MX_OK)
			return st;
	}
	/* the domain's own zone: its MX answer (or NODATA) insecure */
	if (r->mx_sec.state == MX_DNSSEC_INSECURE &&
	    (r->mx_rcode == MX_ANSWER_OK || r->mx_rcode == MX_ANSWER_NODATA))
		return mx_result_finding(r, o, MX_CHECK_DNSSEC_UNSIGNED,
		    r->canonical, NULL, "the zone of %s is not signed: its MX "
		    "answers can be forged, and DANE cannot be used",
		    r->canonical);
	return MX_OK;
}

/* An address's reverse DNS; a lookup that failed says nothing. */
mx_status
mx_check_ptr(struct mx_result *r, const struct mx_options *o)
{
	mx_status	st;
	size_t		i, j;

	if (!r->ptr)
		return MX_OK;
	for (i = 0; i < r->nhosts; i++) {
		const struct mx_host *h = &r->hosts[i];

		for (j = 0; j < h->naddrs; j++) {
			const struct mx_address	*a = &h->addrs[j];
			char			 rev[MX_PTR_NAME_MAX];

			st = MX_OK;
			if (a->ptr == MX_PTR_MISSING)
				st = mx_result_finding(r, o,
				    MX_CHECK_MX_PTR_MISSING, a->text, h->mx,
				    "%s (%s) has no PTR record (%s)", a->text,
				    h->exchange, mx_ptr_name(a->text, rev) ?
				    rev : "no reverse name");
			else if (a->ptr == MX_PTR_MISMATCH)
				st = mx_result_finding(r, o,
				    MX_CHECK_MX_PTR_MISMATCH, a->text, h->mx,
				    "%s (%s) PTR %s%s does not resolve back to "
				    "it: no forward-confirmed reverse DNS, and "
				    "receivers reject mail this host sends",
				    a->text, h->exchange, a->nptr ?
				    a->ptr_names[0] : "?", a->nptr > 1 ?
				    " (and the others)" : "");
			if (st != MX_OK)
				return st;
		}
	}
	return MX_OK;
}

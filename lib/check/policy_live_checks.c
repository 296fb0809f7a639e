/*
 * policy_live_checks.c -- the policy layer's checks of live data: what DANE
 * (RFC 7672), MTA-STS (RFC 8461) and TLS-RPT (RFC 8460) senders make of
 * the TLSA records of each exchange, the domain's _mta-sts record and
 * policy, and its _smtp._tls record.  The states they read were set by
 * the resolver (lib/resolve/pol_live.c); each message says what happens
 * to mail.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "checks.h"
#include "../resolve/pol_live.h"

/* At most this many records are named in one message. */
#define RECORDS_SHOWN	4

/* The records of d in mnemonic form ("3 1 1 DANE-EE SPKI SHA2-256"),
 * each with why it is unusable when unusable is set, into buf. */
static const char *
records_text(const struct mx_dane *d, int unusable, char *buf, size_t size)
{
	char	m[MX_TLSA_MNEMONIC_MAX];
	size_t	i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < d->nrecords && i < RECORDS_SHOWN && used < size; i++) {
		const struct mx_tlsa *t = &d->records[i];

		mx_tlsa_mnemonic(t->usage, t->selector, t->mtype, m,
		    sizeof(m));
		used += (size_t)snprintf(buf + used, size - used, "%s%s%s%s",
		    i ? "; " : "", m, unusable && t->unusable ? ": " : "",
		    unusable && t->unusable ? t->unusable : "");
	}
	if (d->nrecords > RECORDS_SHOWN && used < size)
		snprintf(buf + used, size - used, "; and %zu more",
		    d->nrecords - RECORDS_SHOWN);
	return buf;
}

/* The EDE and reason of a bogus TLSA answer, or the resolver's rcode. */
static const char *
bogus_text(const struct mx_dane *d, char *buf, size_t size)
{
	if (d->sec.why != NULL)
		snprintf(buf, size, "%s", d->sec.why);
	else if (d->sec.ede >= 0)
		snprintf(buf, size, "EDE %d", d->sec.ede);
	else
		snprintf(buf, size, "%s", d->detail ? d->detail : "SERVFAIL");
	return buf;
}

static mx_status
check_dane_host(struct mx_result *r, const struct mx_options *o,
    const struct mx_host *h)
{
	const struct mx_dane	*d = &h->dane;
	const char		*ex = h->exchange;
	char			 buf[768];
	size_t			 j;
	mx_status		 st;

	switch (d->state) {
	case MX_DANE_BOGUS:
		return mx_result_finding(r, o, MX_CHECK_DANE_TLSA_BOGUS, ex,
		    h->mx, "the TLSA lookup of %s fails (%s): DANE senders "
		    "defer all mail to %s (RFC 7672 §2.1.1)", d->name,
		    bogus_text(d, buf, sizeof(buf)), ex);
	case MX_DANE_UNUSABLE:
		return mx_result_finding(r, o, MX_CHECK_DANE_TLSA_UNUSABLE,
		    ex, h->mx, "no TLSA record at %s is usable for SMTP (%s): "
		    "DANE senders require TLS to %s but do not authenticate "
		    "it", d->name, records_text(d, 1, buf, sizeof(buf)), ex);
	case MX_DANE_INSECURE:
		return mx_result_finding(r, o, MX_CHECK_DANE_INSECURE, ex,
		    h->mx, "%s has TLSA records (%s), but %s: DANE senders "
		    "ignore them and deliver with opportunistic TLS (RFC 7672 "
		    "§2.2)", ex, records_text(d, 0, buf, sizeof(buf)),
		    d->detail ? d->detail : "they are not DNSSEC-secure");
	case MX_DANE_USABLE:
		break;
	default:
		return MX_OK;
	}
	for (j = 0; j < h->naddrs; j++) {
		const struct mx_address *a = &h->addrs[j];

		if (a->dane_match != MX_DANE_MATCH_FAILED)
			continue;
		if ((st = mx_result_finding(r, o, MX_CHECK_DANE_TLSA_MISMATCH,
		    ex, h->mx, "no TLSA record at %s (%s) matches the "
		    "certificate %s (%s) presents (%s): DANE senders defer "
		    "mail to it (RFC 7672 §3)", d->name, records_text(d, 0,
		    buf, sizeof(buf)), a->text, ex, a->dane_error ?
		    a->dane_error : "no match")) != MX_OK)
			return st;
	}
	return MX_OK;
}

/* Some usable exchanges with TLSA records and some without. */
static mx_status
check_dane_partial(struct mx_result *r, const struct mx_options *o)
{
	const struct mx_host	*without = NULL;
	size_t			 i, with = 0, none = 0;

	for (i = 0; i < r->nhosts; i++) {
		const struct mx_host *h = &r->hosts[i];

		if (!h->usable)
			continue;
		if (h->dane.state == MX_DANE_USABLE ||
		    h->dane.state == MX_DANE_UNUSABLE)
			with++;
		else if (h->dane.state == MX_DANE_NO_TLSA) {
			if (without == NULL)
				without = h;
			none++;
		}
	}
	if (with == 0 || without == NULL)
		return MX_OK;
	return mx_result_finding(r, o, MX_CHECK_DANE_PARTIAL,
	    without->exchange, without->mx, "%zu exchange%s of %s %s TLSA "
	    "records, %zu %s none (%s%s): DANE protects only part of the "
	    "path, and mail that falls back to %s goes with opportunistic TLS",
	    with, with == 1 ? "" : "s", r->canonical, with == 1 ? "has" :
	    "have", none, none == 1 ? "has" : "have", without->exchange,
	    none > 1 ? ", ..." : "", without->exchange);
}

/* A finding at severity sev rather than the catalogue's (an MTA-STS
 * policy in testing mode turns refusals into reports). */
static mx_status
finding_at(struct mx_result *r, const struct mx_options *o,
    enum mx_check_id id, enum mx_severity sev, const struct mx_host *h,
    const char *msg)
{
	return mx_result_finding_severity(r, o, id, sev, h->exchange, h->mx,
	    "%s", msg);
}

static mx_status
check_sts_hosts(struct mx_result *r, const struct mx_options *o)
{
	const struct mx_sts_policy	*p = &r->mta_sts.policy;
	int				 enforce = p->mode == MX_STS_ENFORCE;
	char				 pats[512], msg[1024];
	size_t				 i, j, k, used = 0;
	mx_status			 st;

	pats[0] = '\0';
	for (k = 0; k < p->nmx && used < sizeof(pats); k++)
		used += (size_t)snprintf(pats + used, sizeof(pats) - used,
		    "%s%s", k ? ", " : "", p->mx[k]);
	for (i = 0; i < r->nhosts; i++) {
		const struct mx_host	*h = &r->hosts[i];
		int			 covered = 0;

		for (k = 0; k < p->nmx; k++)
			if (mx_sts_mx_match(p->mx[k], h->exchange))
				covered = 1;
		if (!covered) {
			snprintf(msg, sizeof(msg), "%s%s matches no mx pattern "
			    "of the MTA-STS policy (%s): %s (RFC 8461 §4.1)",
			    h->exchange, h->implicit ? " (the implicit MX)" :
			    "", p->nmx ? pats : "none", enforce ? "MTA-STS "
			    "senders refuse to deliver to it" : "in testing "
			    "mode senders still deliver to it, and report the "
			    "failure");
			if ((st = finding_at(r, o,
			    MX_CHECK_MTA_STS_MX_NOT_COVERED, enforce ?
			    MX_SEV_ERROR : MX_SEV_WARNING, h, msg)) != MX_OK)
				return st;
			continue;
		}
		if (!enforce || !o->smtp)
			continue;
		for (j = 0; j < h->naddrs; j++) {
			const struct mx_address	*a = &h->addrs[j];
			const char		*why;

			if (a->smtp == NULL || a->smtp->tls != MX_TLS_OK ||
			    mx_pol_cert_ok(h, a, &why))
				continue;
			if ((st = mx_result_finding(r, o,
			    MX_CHECK_MTA_STS_CERT_INVALID, h->exchange, h->mx,
			    "the certificate %s (%s) presents is not valid for "
			    "%s (%s), and the MTA-STS policy enforces: MTA-STS "
			    "senders refuse to deliver to it (RFC 8461 §4.2)",
			    a->text, h->exchange, h->exchange, why)) != MX_OK)
				return st;
		}
	}
	return MX_OK;
}

/* 1 when a Content-Type is text/plain, parameters (charset) aside. */
static int
media_text_plain(const char *ct)
{
	size_t n = strlen("text/plain");

	if (ct == NULL)
		return 0;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	if (strncasecmp(ct, "text/plain", n) != 0)
		return 0;
	ct += n;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	return *ct == '\0' || *ct == ';';
}

static mx_status
check_sts(struct mx_result *r, const struct mx_options *o)
{
	const struct mx_mta_sts	*m = &r->mta_sts;
	const char		*d = r->domain;
	mx_status		 st;

	if (m->txt_error != NULL)
		return mx_result_finding(r, o, MX_CHECK_MTA_STS_TXT_INVALID,
		    d, NULL, "the _mta-sts.%s TXT record is invalid (%s): "
		    "senders ignore the MTA-STS policy (RFC 8461 §3.1)", d,
		    m->txt_error);
	if (!m->fetched)
		return MX_OK;
	if (m->fetch_error != NULL)
		return mx_result_finding(r, o,
		    MX_CHECK_MTA_STS_POLICY_UNAVAILABLE, d, NULL, "the MTA-STS "
		    "policy %s cannot be fetched (%s): senders that have not "
		    "cached it deliver without it, and those that have keep "
		    "it until it expires (RFC 8461 §3.3)", m->url ? m->url :
		    "", m->fetch_error);
	if (m->policy_error != NULL)
		return mx_result_finding(r, o,
		    MX_CHECK_MTA_STS_POLICY_INVALID, d, NULL, "the MTA-STS "
		    "policy %s does not parse (%s): senders ignore it (RFC "
		    "8461 §3.2)", m->url ? m->url : "", m->policy_error);
	/* RFC 8461 §3.2: senders SHOULD check the media type, against
	 * servers that let users host other content at that URL */
	if (!media_text_plain(m->content_type) &&
	    (st = mx_result_finding_severity(r, o,
	    MX_CHECK_MTA_STS_POLICY_INVALID, MX_SEV_WARNING, d, NULL, "the "
	    "MTA-STS policy %s is served as %s, not text/plain: senders that "
	    "check the media type, as RFC 8461 §3.2 says they should, ignore "
	    "it", m->url ? m->url : "", m->content_type ? m->content_type :
	    "no Content-Type")) != MX_OK)
		return st;
	if (m->policy.mode == MX_STS_TESTING &&
	    (st = mx_result_finding(r, o, MX_CHECK_MTA_STS_TESTING, d, NULL,
	    "the MTA-STS policy of %s is in testing mode: senders deliver "
	    "even where it fails, and only report it", d)) != MX_OK)
		return st;
	if (m->policy.mode == MX_STS_NONE)
		return MX_OK;
	return check_sts_hosts(r, o);
}

/* DANE with records, or a valid MTA-STS record: TLS-RPT is wanted. */
static mx_status
check_tls_rpt(struct mx_result *r, const struct mx_options *o)
{
	const struct mx_tls_rpt	*t = &r->tls_rpt;
	size_t			 i;
	int			 used = mx_pol_sts_valid(r);

	if (t->error != NULL)
		return mx_result_finding(r, o, MX_CHECK_TLS_RPT_INVALID,
		    r->domain, NULL, "the _smtp._tls.%s TXT record is invalid "
		    "(%s): senders send no TLS reports (RFC 8460 §3)",
		    r->domain, t->error);
	for (i = 0; i < r->nhosts; i++)
		if (r->hosts[i].dane.state == MX_DANE_USABLE ||
		    r->hosts[i].dane.state == MX_DANE_UNUSABLE)
			used = 1;
	if (!used || t->txt != NULL || (t->rcode != MX_ANSWER_OK &&
	    t->rcode != MX_ANSWER_NODATA && t->rcode != MX_ANSWER_NXDOMAIN))
		return MX_OK;
	return mx_result_finding(r, o, MX_CHECK_TLS_RPT_MISSING, r->domain,
	    NULL, "%s uses %s but _smtp._tls.%s has no TLS-RPT record: "
	    "nobody hears of the senders' TLS failures (RFC 8460)", r->domain,
	    mx_pol_sts_valid(r) ? "MTA-STS" : "DANE", r->domain);
}

mx_status
mx_check_policy(struct mx_result *r, const struct mx_options *o)
{
	size_t		i;
	mx_status	st;

	if (!r->policy)
		return MX_OK;
	for (i = 0; i < r->nhosts; i++)
		if ((st = check_dane_host(r, o, &r->hosts[i])) != MX_OK)
			return st;
	if ((st = check_dane_partial(r, o)) != MX_OK ||
	    (st = check_sts(r, o)) != MX_OK)
		return st;
	return check_tls_rpt(r, o);
}

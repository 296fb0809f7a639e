/*
 * domain_checks.c -- the domain itself: does it exist, is it an alias,
 * does it publish a null MX or no MX at all, does its MX set name an
 * exchange twice.
 */
#include <string.h>

#include "checks.h"

/* RFC 5321 §5.1: D must exist and its MX query must be answered; an alias
 * at D is followed. */
mx_status
mx_check_domain_name(struct mx_result *r, const struct mx_options *o)
{
	const struct mx_record	*cn = mx_last_cname(r->domain_cnames,
				    r->ndomain_cnames);
	mx_status		 st = MX_OK;

	if (r->ndomain_cnames > 0 && (st = mx_result_finding(r, o,
	    MX_CHECK_DOMAIN_CNAME, r->domain, &r->domain_cnames[0],
	    "%s is an alias of %s: senders use the MX records of %s",
	    r->domain, r->canonical, r->canonical)) != MX_OK)
		return st;
	switch (r->mx_rcode) {
	case MX_ANSWER_NXDOMAIN:
		if (cn != NULL)
			st = mx_result_finding(r, o, MX_CHECK_DOMAIN_NXDOMAIN,
			    r->canonical, cn, "%s is an alias of %s, which "
			    "does not exist: mail to %s bounces", r->domain,
			    r->canonical, r->domain);
		else
			st = mx_result_finding(r, o, MX_CHECK_DOMAIN_NXDOMAIN,
			    r->domain, NULL, "%s does not exist: mail to it "
			    "bounces", r->domain);
		break;
	case MX_ANSWER_TEMPFAIL:
		st = mx_result_finding(r, o, MX_CHECK_MX_LOOKUP_FAILED,
		    r->canonical, cn, "the MX lookup of %s failed (%s): "
		    "senders queue mail and retry, the path is unknown",
		    r->canonical, r->mx_detail ? r->mx_detail : "error");
		break;
	default:
		break;
	}
	return st;
}

/* RFC 7505 §3: a null MX is the only MX, with preference 0. */
mx_status
mx_check_null_mx(struct mx_result *r, const struct mx_options *o)
{
	mx_status	st;
	size_t		i;

	if (!r->null_mx)
		return MX_OK;
	for (i = 0; i < r->nmx; i++) {
		const struct mx_record *m = &r->mx[i];

		if (strcmp(m->target, ".") != 0)
			continue;
		if (r->nmx == 1)
			st = mx_result_finding(r, o, MX_CHECK_NULL_MX,
			    r->canonical, m, "%s publishes a null MX: it "
			    "accepts no mail and senders bounce at once",
			    r->canonical);
		else
			st = mx_result_finding(r, o, MX_CHECK_NULL_MX_MIXED,
			    r->canonical, m, "%s has a null MX beside %zu "
			    "other MX records: Postfix bounces all mail for "
			    "it, other MTAs may deliver", r->canonical,
			    r->nmx - 1);
		if (st != MX_OK)
			return st;
		if (m->preference != 0 && (st = mx_result_finding(r, o,
		    MX_CHECK_NULL_MX_PREFERENCE, r->canonical, m, "the null "
		    "MX of %s has preference %u, not 0", r->canonical,
		    m->preference)) != MX_OK)
			return st;
	}
	return MX_OK;
}

/* RFC 5321 §5.1: no MX at all; the domain's own addresses are the
 * implicit MX, and without them there is no route. */
mx_status
mx_check_implicit(struct mx_result *r, const struct mx_options *o)
{
	const struct mx_host *h;

	if (!r->implicit || r->nhosts == 0)
		return MX_OK;
	h = &r->hosts[0];
	if (h->naddrs > 0)
		return mx_result_finding(r, o, MX_CHECK_IMPLICIT_MX,
		    r->canonical, NULL, "%s has no MX records: mail falls back "
		    "to its own address records (implicit MX)", r->canonical);
	if (!mx_host_unknown(h) && h->state != MX_HOST_CNAME_LOOP)
		return mx_result_finding(r, o, MX_CHECK_NO_MAIL_ROUTE,
		    r->canonical, NULL, "%s has no MX, no null MX and no "
		    "A/AAAA: mail to it bounces", r->canonical);
	return MX_OK;
}

/*
 * The same exchange twice in the MX set, reported at its second record
 * (and every later one) against its first.  The first record of each
 * exchange is kept in a hash index, so that N records cost O(N).  Most
 * domains have a handful of records: up to DUP_SCAN_MAX they are compared
 * pairwise instead, which finds the same first record (the earliest equal
 * one) without allocating or hashing.
 */
#define DUP_SCAN_MAX	8

mx_status
mx_check_duplicates(struct mx_result *r, const struct mx_options *o)
{
	struct mx_hset	firsts = { NULL, 0, 0 };
	mx_status	st = MX_OK;
	size_t		i;
	int		hashed = r->nmx > DUP_SCAN_MAX;

	if (hashed && mx_hset_reserve(&firsts, r->nmx) != MX_OK)
		return MX_ERR_NOMEM;
	for (i = 0; i < r->nmx && st == MX_OK; i++) {
		const struct mx_record	*m = &r->mx[i], *first = NULL;
		uint32_t		 h, j;
		size_t			 pos = 0;

		if (!hashed) {
			for (j = 0; j < i && first == NULL; j++)
				if (mx_name_eq(r->mx[j].target, m->target))
					first = &r->mx[j];
			if (first == NULL)
				continue;
		} else {
			h = mx_hash_name(m->target);
			while (first == NULL &&
			    mx_hset_next(&firsts, h, &pos, &j))
				if (mx_name_eq(r->mx[j].target, m->target))
					first = &r->mx[j];
			if (first == NULL) {
				st = mx_hset_add(&firsts, h, (uint32_t)i);
				continue;
			}
		}
		if (strcmp(m->target, ".") == 0)
			continue;
		st = mx_result_finding(r, o, MX_CHECK_MX_DUPLICATE_TARGET,
		    m->target, m, "exchange %s is listed at preference %u and "
		    "again at %u: senders try it once", m->target,
		    first->preference, m->preference);
	}
	mx_hset_free(&firsts);
	return st;
}

/*
 * ttl_checks.c -- the TTLs the zone (or its authoritative servers)
 * publishes for the records on the path: zero, an RRset that disagrees
 * with itself, an MX TTL outside --ttl-min and --ttl-max.
 */
#include "checks.h"

/* TTL 0 (once per RRset) and, unless the zone reports it itself (lint),
 * TTLs that differ within the RRset (RFC 2181 §5.2). */
static mx_status
check_rrset_ttl(struct mx_result *r, const struct mx_options *o,
    const struct mx_record *set, size_t n, const char *what)
{
	mx_status	st;
	size_t		i;

	for (i = 0; i < n; i++)
		if (set[i].ttl == 0) {
			if ((st = mx_result_finding(r, o, MX_CHECK_TTL_ZERO,
			    set[i].owner, &set[i], "the %s record of %s has "
			    "TTL 0: resolvers cannot cache it and ask again "
			    "for every message", what, set[i].owner)) != MX_OK)
				return st;
			break;
		}
	if (o->zone_ttl_checks)
		return MX_OK;
	for (i = 1; i < n; i++)
		if (set[i].ttl != set[0].ttl)
			return mx_result_finding(r, o, MX_CHECK_TTL_MISMATCH,
			    set[i].owner, &set[i], "the %s RRset of %s has "
			    "TTLs %u and %u: resolvers use the lowest (RFC "
			    "2181 §5.2), BIND keeps the first, Knot the last",
			    what, set[i].owner, set[0].ttl, set[i].ttl);
	return MX_OK;
}

/*
 * Live: the TTLs the authoritative servers serve (r->authority), never
 * the resolver's, which are the time left in its cache (SPEC, "Path").
 * The MX TTL is judged over every server that answered with authority
 * (mx-ttl-low on the lowest, mx-ttl-high on the highest); ttl-zero and
 * ttl-mismatch on the first such server's MX RRset and on the A and AAAA
 * RRsets of exchanges in the zone it serves beside it.  Exchanges in other
 * zones are not judged: their servers are not asked.
 */
static mx_status
check_authority_ttls(struct mx_result *r, const struct mx_options *o)
{
	const struct mx_authority	*v = r->authority;
	const struct mx_auth_server	*first = NULL;
	const struct mx_record		*lo = NULL, *hi = NULL;
	mx_status			 st;
	size_t				 i, j, k;

	for (i = 0; i < v->nservers; i++) {
		const struct mx_auth_server *s = &v->servers[i];

		if (s->state != MX_AUTH_OK || s->mx_rcode == MX_ANSWER_TIMEOUT)
			continue;
		if (first == NULL)
			first = s;
		for (j = 0; j < s->nmx; j++) {
			if (lo == NULL || s->mx[j].ttl < lo->ttl)
				lo = &s->mx[j];
			if (hi == NULL || s->mx[j].ttl > hi->ttl)
				hi = &s->mx[j];
		}
	}
	if (first == NULL)
		return MX_OK;
	if ((st = check_rrset_ttl(r, o, first->mx, first->nmx, "MX")) != MX_OK)
		return st;
	if (lo != NULL && lo->ttl > 0 && lo->ttl < o->ttl_min &&
	    (st = mx_result_finding(r, o, MX_CHECK_MX_TTL_LOW, r->canonical,
	    lo, "the MX TTL of %s is %u s, below %u s: every sender "
	    "asks again that often", r->canonical, lo->ttl,
	    o->ttl_min)) != MX_OK)
		return st;
	if (hi != NULL && hi->ttl > o->ttl_max &&
	    (st = mx_result_finding(r, o, MX_CHECK_MX_TTL_HIGH, r->canonical,
	    hi, "the MX TTL of %s is %u s, above %u s: a change takes "
	    "that long to reach senders", r->canonical, hi->ttl,
	    o->ttl_max)) != MX_OK)
		return st;
	/* the additional section's RRsets, each judged once, at its first
	 * record: a few records, so pairs are compared */
	for (i = 0; i < first->naddrs; i++) {
		const struct mx_record	*a = &first->addrs[i];
		struct mx_record	 set[64];
		size_t			 n = 0;

		for (k = 0; k < i; k++)
			if (first->addrs[k].type == a->type &&
			    mx_name_eq(first->addrs[k].owner, a->owner))
				break;
		if (k < i)
			continue;
		for (k = i; k < first->naddrs && n < 64; k++)
			if (first->addrs[k].type == a->type &&
			    mx_name_eq(first->addrs[k].owner, a->owner))
				set[n++] = first->addrs[k];
		if ((st = check_rrset_ttl(r, o, set, n, a->type == MX_TYPE_A ?
		    "A" : "AAAA")) != MX_OK)
			return st;
	}
	return MX_OK;
}

mx_status
mx_check_ttls(struct mx_result *r, const struct mx_options *o)
{
	mx_status	st;
	size_t		i, j, lo = 0, hi = 0;

	/* the resolver's TTLs are never judged: the authority's are, or
	 * none (r->ttl_note says why) */
	if (r->ttl_cache)
		return r->authority != NULL && r->ttl_note == NULL ?
		    check_authority_ttls(r, o) : MX_OK;

	for (i = 0; i < r->ndomain_cnames; i++)
		if ((st = check_rrset_ttl(r, o, &r->domain_cnames[i], 1,
		    "CNAME")) != MX_OK)
			return st;
	if ((st = check_rrset_ttl(r, o, r->mx, r->nmx, "MX")) != MX_OK)
		return st;
	for (i = 0; i < r->nmx; i++) {
		if (r->mx[i].ttl < r->mx[lo].ttl)
			lo = i;
		if (r->mx[i].ttl > r->mx[hi].ttl)
			hi = i;
	}
	if (r->nmx > 0 && r->mx[lo].ttl > 0 && r->mx[lo].ttl < o->ttl_min &&
	    (st = mx_result_finding(r, o, MX_CHECK_MX_TTL_LOW, r->canonical,
	    &r->mx[lo], "the MX TTL of %s is %u s, below %u s: every sender "
	    "asks again that often", r->canonical, r->mx[lo].ttl,
	    o->ttl_min)) != MX_OK)
		return st;
	if (r->nmx > 0 && r->mx[hi].ttl > o->ttl_max &&
	    (st = mx_result_finding(r, o, MX_CHECK_MX_TTL_HIGH, r->canonical,
	    &r->mx[hi], "the MX TTL of %s is %u s, above %u s: a change takes "
	    "that long to reach senders", r->canonical, r->mx[hi].ttl,
	    o->ttl_max)) != MX_OK)
		return st;
	for (i = 0; i < r->nhosts; i++) {
		const struct mx_host *h = &r->hosts[i];

		for (j = 0; j < h->ncnames; j++)
			if ((st = check_rrset_ttl(r, o, &h->cnames[j], 1,
			    "CNAME")) != MX_OK)
				return st;
		if ((st = check_rrset_ttl(r, o, h->a_records, h->na, "A")) !=
		    MX_OK ||
		    (st = check_rrset_ttl(r, o, h->aaaa_records, h->naaaa,
		    "AAAA")) != MX_OK)
			return st;
	}
	return MX_OK;
}

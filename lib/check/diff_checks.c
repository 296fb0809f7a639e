/*
 * diff_checks.c -- the checks of a change between two zones (mxdig diff):
 * soa-serial-not-increased and mx-change-ttl.  What the loader recorded
 * of each file (zone/digest.h) and the results of both sides go in; the
 * words are here.
 */
#include <stdlib.h>

#include "diff_checks.h"
#include "../zone/digest.h"

/* The TTL above which a change of an MX set is worth planning. */
#define CHANGE_TTL_MAX	3600

/* RFC 1982 §3.2: s1 < s2 in serial arithmetic.  A difference of exactly
 * 2^31 is undefined there; it is no increase here, as in BIND. */
static int
serial_lt(uint32_t s1, uint32_t s2)
{
	uint32_t d = s2 - s1;

	return d != 0 && d < 0x80000000u;
}

mx_status
mx_diff_zone_findings(const mx_zone *before, const mx_zone *after,
    const mx_options *opt, struct mx_finding **out, size_t *nout)
{
	const struct zone_digest	*nd, *od;
	struct mx_finding		*v = NULL;
	size_t				 nv = 0;
	mx_status			 st = MX_OK;

	*out = NULL;
	*nout = 0;
	for (nd = after ? zone_digests(after) : NULL; nd != NULL &&
	    st == MX_OK; nd = nd->next) {
		if (before == NULL || nd->origin == NULL ||
		    (od = zone_digest_of(before, nd->origin)) == NULL)
			continue;	/* a zone new in this change */
		if (!od->has_soa || !nd->has_soa || (od->sum == nd->sum &&
		    od->nrecords == nd->nrecords) ||
		    serial_lt(od->serial, nd->serial))
			continue;
		if (od->serial == nd->serial)
			st = mx_finding_add(&v, &nv, opt,
			    MX_CHECK_SOA_SERIAL_NOT_INCREASED, nd->origin,
			    nd->soa_file, nd->soa_line, nd->soa_ignore,
			    "the records of %s changed but its SOA serial "
			    "is still %u: secondaries see no new zone and "
			    "keep serving the old one (RFC 1996)",
			    nd->origin, nd->serial);
		else
			st = mx_finding_add(&v, &nv, opt,
			    MX_CHECK_SOA_SERIAL_NOT_INCREASED, nd->origin,
			    nd->soa_file, nd->soa_line, nd->soa_ignore,
			    "the records of %s changed but its SOA serial "
			    "went from %u to %u, no increase in serial "
			    "arithmetic (RFC 1982): secondaries keep serving "
			    "the old zone", nd->origin, od->serial,
			    nd->serial);
	}
	if (st != MX_OK) {
		mx_findings_free(v, nv);
		return st;
	}
	*out = v;
	*nout = nv;
	return MX_OK;
}

mx_status
mx_check_mx_change_ttl(struct mx_finding **v, size_t *n,
    const struct mx_options *opt, const struct mx_result *o,
    const struct mx_result *nr, int changed)
{
	const struct mx_record	*rec;
	uint32_t		 ttl = 0;
	size_t			 i;

	if (!changed || o == NULL || nr == NULL || o->nmx == 0)
		return MX_OK;
	/* resolvers may hold the set for its highest TTL (RFC 2181 §5.2
	 * asks for one TTL; BIND keeps the first, Knot the last) */
	for (i = 0; i < o->nmx; i++)
		if (o->mx[i].ttl > ttl)
			ttl = o->mx[i].ttl;
	if (ttl <= CHANGE_TTL_MAX)
		return MX_OK;
	rec = nr->nmx > 0 ? &nr->mx[0] : &o->mx[0];
	return mx_finding_add(v, n, opt, MX_CHECK_MX_CHANGE_TTL,
	    o->canonical ? o->canonical : o->domain, rec->file, rec->line,
	    rec->ignore, "the MX set of %s changes while its old TTL is %u "
	    "s: senders may keep using the old hosts for up to that long; "
	    "keep them accepting mail, or lower the TTL one TTL ahead",
	    o->canonical ? o->canonical : o->domain, ttl);
}

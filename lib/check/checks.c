/*
 * checks.c -- the check run: every family over a resolved result, in
 * catalogue order of concern (the domain, each exchange, the path, TTLs).
 *
 * The families (domain_checks.c, exchange_checks.c, path_checks.c,
 * ttl_checks.c) add findings through the one constructor (finding.c); the
 * table of checks is catalog.c.
 */
#include "checks.h"

/* Runs the path families in order and stops at the first that fails. */
static mx_status
run_path_families(struct mx_result *r, const struct mx_options *o)
{
	mx_status	st;
	size_t		i;

	if ((st = mx_check_domain_name(r, o)) != MX_OK ||
	    (st = mx_check_dnssec_live(r, o)) != MX_OK)
		return st;
	if (r->mx_rcode != MX_ANSWER_OK && r->mx_rcode != MX_ANSWER_NODATA)
		return MX_OK;
	if ((st = mx_check_null_mx(r, o)) != MX_OK ||
	    (st = mx_check_implicit(r, o)) != MX_OK ||
	    (st = mx_check_duplicates(r, o)) != MX_OK)
		return st;
	for (i = 0; i < r->nhosts; i++) {
		if ((st = mx_check_exchange(r, o, &r->hosts[i])) != MX_OK)
			return st;
	}
	if ((st = mx_check_tiers(r, o)) != MX_OK ||
	    (st = mx_check_single_and_shared(r, o)) != MX_OK ||
	    (st = mx_check_address_limit(r, o)) != MX_OK ||
	    (st = mx_check_families(r, o)) != MX_OK ||
	    (st = mx_check_smtp(r, o)) != MX_OK ||
	    (st = mx_check_ptr(r, o)) != MX_OK ||
	    (st = mx_check_policy(r, o)) != MX_OK)
		return st;
	return mx_check_ttls(r, o);
}

/* The path's families, then the authority layer's. */
static mx_status
run_families(struct mx_result *r, const struct mx_options *o)
{
	mx_status st;

	if ((st = run_path_families(r, o)) != MX_OK)
		return st;
	return mx_check_authority(r, o);
}

/*
 * Runs every check on r and sets its counts and verdict.  A finding that
 * cannot be recorded stops the run: its status is returned and kept in
 * r->status (the first failure wins), so that a caller that does not look
 * at the return value still learns that the findings are incomplete.
 */
mx_status
mx_run_checks(struct mx_result *r, const struct mx_options *o)
{
	mx_status st;

	st = run_families(r, o);
	if (st != MX_OK && r->status == MX_OK)
		r->status = st;
	mx_result_finish(r);
	return st;
}

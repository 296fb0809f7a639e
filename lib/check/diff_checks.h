/*
 * diff_checks.h -- the checks of a change (mxdig diff) rather than of a
 * state: mx-change-ttl here, soa-serial-not-increased in the public
 * mx_diff_zone_findings; internal to libmxdig.
 */
#ifndef MX_CHECK_DIFF_CHECKS_H
#define MX_CHECK_DIFF_CHECKS_H

#include "checks.h"

/*
 * mx-change-ttl: the MX set of the domain of before and after changed
 * (changed is set: an exchange added, removed or re-preferenced, a null
 * MX switched) while the highest TTL of its old MX records exceeds 3600
 * s.  The finding points at the new MX RRset, or at the old one when the
 * new side has none.  Appends to (*v, *n) as mx_finding_add does.
 */
mx_status mx_check_mx_change_ttl(struct mx_finding **v, size_t *n,
    const struct mx_options *opt, const struct mx_result *before,
    const struct mx_result *after, int changed);

/*
 * mta-sts-mx-not-covered, info: for each exchange the changes c (nc of
 * them) add to the MX set of after's domain while opt's zone (the new
 * one) has a v=STSv1 TXT record at _mta-sts of that domain: the policy,
 * which lives on a web server, must list it before the change is
 * published (RFC 8461 §4.1).  Points at the new MX record.  Appends to
 * (*v, *n) as mx_finding_add does.
 */
mx_status mx_check_mta_sts_added(struct mx_finding **v, size_t *n,
    const struct mx_options *opt, const struct mx_result *after,
    const struct mx_path_change *c, size_t nc);

#endif

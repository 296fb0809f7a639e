/*
 * path.h -- the delivery path of a resolved result; internal.
 */
#ifndef MX_PATH_H
#define MX_PATH_H

#include "mxdig.h"

/* Sorts the hosts into try order, groups them into tiers, collects their
 * addresses and decides which are usable (RFC 5321 §5.1). */
mx_status mx_path_build(struct mx_result *res);
/* The same, addresses in opt's --routable prefixes counting as globally
 * routable (opt may be NULL). */
mx_status mx_path_build_opt(struct mx_result *res,
    const struct mx_options *opt);

#endif

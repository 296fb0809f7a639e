/*
 * job.h -- what the per-domain state machine (resolve.c) lends the
 * layers that run beside the path (lib/probe): a lookup of their own on
 * the job's list, so that the deadline, a cancel and the job's end treat
 * it as they treat the path's; internal.
 */
#ifndef MX_RESOLVE_JOB_H
#define MX_RESOLVE_JOB_H

#include <stdint.h>

#include "internal.h"

/* Whose answer a lookup waits for. */
#define MX_LAYER_PATH	0
#define MX_LAYER_AUTH	1	/* authority.c: mx_auth_on_answer */

struct mx_check;

/*
 * Asks name/type for job's layer, with flags (MX_QUERY_*) and server (an
 * address, port 53; NULL: the source's servers).  The answer comes to the
 * layer's handler with tag, from the loop, and the job does not finish
 * before it has; after the deadline the handler is told "no answer by the
 * deadline" instead.  Returns MX_ERR_NOMEM or the source's status.
 */
mx_status mx_job_query(struct mx_check *job, unsigned layer, uint16_t type,
    const char *name, unsigned flags, const char *server, uint32_t tag);

/* 1 once the deadline has passed for job: ask nothing more. */
int mx_job_expired(const struct mx_check *job);

/* The address family the run is limited to (-4, -6: 4 or 6), 0 for
 * both: the layers that ask servers by address ask only those. */
int mx_job_family(const struct mx_check *job);

#endif

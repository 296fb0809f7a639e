/*
 * authority.h -- the authority layer of one domain (authority.c):
 * the zone holding D, its NS set, and what each authoritative address
 * serves when asked directly; internal.
 */
#ifndef MX_PROBE_AUTHORITY_H
#define MX_PROBE_AUTHORITY_H

#include <stdint.h>

#include "internal.h"

struct mx_check;
struct mx_auth;

/* Starts the layer for domain (absolute) on job: its first lookup is
 * asked at once.  *out is the caller's (mx_auth_free). */
mx_status mx_auth_start(struct mx_check *job, const char *domain,
    struct mx_auth **out);

/* The answer to one of the layer's lookups (type and tag as asked);
 * may ask the next lookups.  a may be NULL (nothing to do). */
void mx_auth_on_answer(struct mx_auth *a, uint16_t type, uint32_t tag,
    const struct mx_answer *ans);

/* Hands what the layer found to res (res->authority, res->ttl_note);
 * called once, when the job's lookups are all answered. */
void mx_auth_finish(struct mx_auth *a, struct mx_result *res);

/* Frees the layer; NULL is fine. */
void mx_auth_free(struct mx_auth *a);

#endif

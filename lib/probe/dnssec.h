/*
 * dnssec.h -- the DNSSEC probe: libunbound validating in-process,
 * forwarding to the source's resolvers, on the context's loop; internal.
 */
#ifndef MX_PROBE_DNSSEC_H
#define MX_PROBE_DNSSEC_H

#include "mxdig.h"

struct mx_dnssec_probe;
struct mx_dnssec_query;

/* What the validator said of one RRset; why is valid during the call. */
typedef void (*mx_dnssec_fn)(void *arg, enum mx_dnssec_state state,
    int ede, const char *why);

/*
 * A validator forwarding to forwarders ("addr@port,...", as
 * mx_live_forwarders makes them) with the trust anchor file anchor
 * (DS or DNSKEY records).  Loopback forwarders are allowed
 * (do-not-query-localhost: no).  On failure *err says why, naming the
 * file (caller frees); MX_ERR_IO for an unreadable anchor.
 */
mx_status mx_dnssec_probe_new(const char *forwarders, const char *anchor,
    struct mx_dnssec_probe **out, char **err);

/* Binds the probe to loop: its descriptor (ub_fd) is watched while a
 * query is in flight. */
mx_status mx_dnssec_probe_attach(struct mx_dnssec_probe *p, mx_loop *loop);

/* Cancels what is in flight (no callback) and frees; NULL is fine. */
void mx_dnssec_probe_free(struct mx_dnssec_probe *p);

/* Asks name/type; fn is called once from the loop, never inside this
 * call.  *out is the handle for mx_dnssec_probe_cancel, valid until fn
 * is called. */
mx_status mx_dnssec_probe_ask(struct mx_dnssec_probe *p, const char *name,
    uint16_t type, mx_dnssec_fn fn, void *arg,
    struct mx_dnssec_query **out);

/* Forgets q: its fn is not called.  NULL is fine. */
void mx_dnssec_probe_cancel(struct mx_dnssec_probe *p,
    struct mx_dnssec_query *q);

/* The RFC 8914 INFO-CODE a validator's reason stands for (6, DNSSEC
 * Bogus, when no finer one fits); pure, for the tests. */
int mx_dnssec_ede_of_reason(const char *why);

/* A validator's reason without its "validation failure <...>: " head. */
const char *mx_dnssec_reason_tail(const char *why);

/* The RFC 8914 name of an INFO-CODE ("Signature Expired"), or NULL. */
const char *mx_ede_name(int code);

#endif

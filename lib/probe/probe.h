/*
 * probe.h -- the SMTP and TLS probes of a context; internal.
 *
 * smtp.c holds the per-context table of addresses (each probed once, at
 * most smtp_concurrency sessions at a time) and the session machine;
 * tls.c the OpenSSL side of STARTTLS.  No OpenSSL type leaves tls.c.
 */
#ifndef MX_PROBE_H
#define MX_PROBE_H

#include "internal.h"

/* ---- tls.c ---- */

/* The client side shared by every session of a context. */
struct mx_tls_ctx;
/* A context verifying against ca_file (NULL: the system store).  On
 * failure *err names the file (caller frees). */
mx_status mx_tls_ctx_new(const char *ca_file, struct mx_tls_ctx **out,
    char **err);
void mx_tls_ctx_free(struct mx_tls_ctx *tc);
/* 1 when path holds at least one certificate OpenSSL can read. */
int mx_tls_ca_file_ok(const char *path);

/* One connection's TLS, over the connected non-blocking fd. */
struct mx_tls;
mx_status mx_tls_new(struct mx_tls_ctx *tc, int fd, const char *sni,
    struct mx_tls **out);
void mx_tls_free(struct mx_tls *t);

/* What a step of the connection did: done, or wants the descriptor to
 * become readable or writable (*want MX_EV_*), or failed / closed. */
enum mx_tls_io { MX_TLS_IO_DONE, MX_TLS_IO_WANT, MX_TLS_IO_CLOSED,
	MX_TLS_IO_ERROR };

/* Goes on with the handshake; on error, err (size bytes) says why. */
enum mx_tls_io mx_tls_handshake(struct mx_tls *t, unsigned *want, char *err,
    size_t size);
/* Reads or writes up to len octets; *done how many. */
enum mx_tls_io mx_tls_read(struct mx_tls *t, void *buf, size_t len,
    size_t *done, unsigned *want);
enum mx_tls_io mx_tls_write(struct mx_tls *t, const void *buf, size_t len,
    size_t *done, unsigned *want);
/* Copies the protocol, cipher, chain and verification result into r. */
mx_status mx_tls_record(struct mx_tls *t, struct mx_smtp *r);

/* Frees what a chain's certificates hold, and the array. */
void mx_smtp_chain_free(struct mx_smtp_cert *c, size_t n);

/* ---- smtp.c ---- */

/* The addresses of a context and their sessions. */
struct mx_smtp_table;
struct mx_smtp_table *mx_smtp_table_new(mx_loop *loop,
    const struct mx_options *opt);
/* Closes every session and frees every result no one else holds. */
void mx_smtp_table_free(struct mx_smtp_table *t);
const struct mx_smtp_stats *mx_smtp_table_stats(
    const struct mx_smtp_table *t);

/* Called once when every address a wait asked for has its result. */
typedef void (*mx_smtp_done_fn)(void *arg);
struct mx_smtp_wait;
/*
 * Asks for the result of every address of res's hosts: at once for those
 * already probed, else when their sessions end.  *out is the wait, to be
 * cancelled (mx_smtp_wait_cancel) or freed after fn ran (mx_smtp_wait_free);
 * fn is called from the loop, never from inside this call.
 */
mx_status mx_smtp_wait_start(struct mx_smtp_table *t,
    const struct mx_result *res, mx_smtp_done_fn fn, void *arg,
    struct mx_smtp_wait **out);
/* Forgets a wait (fn not called); the sessions go on for others. */
void mx_smtp_wait_cancel(struct mx_smtp_table *t, struct mx_smtp_wait *w);
/* Puts the results known now (of the addresses w asked for) on res's addresses (a reference each),
 * and decides each host's usability with them (SPEC: usable when an
 * address accepted a session; busy is inconclusive). */
void mx_smtp_apply(struct mx_smtp_table *t, const struct mx_smtp_wait *w,
    struct mx_result *res);

/* 1 when no host of res is usable and one is busy (SMTP 421, closed
 * before the greeting): the verdict is unknown. */
int mx_smtp_inconclusive(const struct mx_result *res);

/* Drops a reference to r (mx_result_free); NULL is fine. */
void mx_smtp_release(const struct mx_smtp *r);

/* ---- dane.c ---- */

/*
 * Matches the chain r presented (r->chain[i].der, leaf first) against
 * the TLSA records recs[0..n-1] of its exchange, as a DANE SMTP sender
 * does (RFC 7672 §3, RFC 7671): records with a non-NULL unusable, and
 * usages 0 and 1, are skipped; DANE-EE(3) matches the leaf's certificate
 * or key, ignoring names and dates; DANE-TA(2) matches a certificate of
 * the chain (or its key) as trust anchor, then the leaf must chain to it
 * (signatures, dates) and name one of names[0..nnames-1] (the TLSA base
 * domain first, then the MX name).  OpenSSL's DANE code over the
 * captured chain, no connection.  Returns MX_DANE_MATCH_OK with *depth
 * (0 = leaf) and *record (index in recs), MX_DANE_MATCH_FAILED with err
 * (size bytes) saying why, or MX_DANE_MATCH_NONE when there is no usable
 * record or no chain (r NULL or nchain 0); *depth and *record are -1
 * unless OK.
 */
enum mx_dane_match mx_dane_verify(const struct mx_smtp *r,
    const struct mx_tlsa *recs, size_t n, const char *const *names,
    size_t nnames, int *depth, int *record, char *err, size_t size);

/* The TLSA record a DANE-EE SPKI SHA2-256 (3 1 1) publication of r's leaf
 * would carry: hex into buf (65 bytes); NULL when r has no chain. */
char *mx_dane_leaf_311(const struct mx_smtp *r, char *buf);

#endif

/*
 * https.h -- the HTTPS client of a context (the MTA-STS policy fetch,
 * RFC 8461 §3.3): libcurl's multi-socket interface on the context's
 * mx_loop; internal.
 */
#ifndef MX_PROBE_HTTPS_H
#define MX_PROBE_HTTPS_H

#include <stddef.h>

#include "mxdig.h"

/* A context's HTTPS client: one libcurl multi handle driven by the
 * context's mx_loop through CURLMOPT_SOCKETFUNCTION/TIMERFUNCTION (the
 * multi-socket interface: no threads, no curl_multi_wait/poll of its own). */
struct mx_https;
/* ca_file NULL: the system store (the same --ca-file as the SMTP probes).
 * The loop must outlive the client. */
mx_status mx_https_new(mx_loop *loop, const char *ca_file,
    struct mx_https **out);
/* Cancels every fetch still running (their callbacks are not called);
 * NULL is fine.  Called from a fetch's callback, it takes effect when
 * that callback returns. */
void mx_https_free(struct mx_https *h);

struct mx_https_reply {
	long		 status;	/* HTTP status, 0: no response */
	const char	*body;		/* valid during the callback only,
					 * NUL-terminated; "" when over max */
	size_t		 len;
	const char	*content_type;	/* or NULL; escaped as mx_escape_buf
					 * does, at most 255 octets */
	const char	*error;		/* NULL: status 200 within the limits;
					 * else why the policy is unavailable,
					 * one line naming what and where */
	double		 ms;		/* from start to the end */
};
typedef void (*mx_https_fn)(void *arg, const struct mx_https_reply *r);
struct mx_https_get;
/*
 * GET https://host:port/path, connecting only to the given addresses
 * (text, IPv4 or IPv6, tried in order: CURLOPT_CONNECT_TO, so curl never
 * resolves host itself -- mxdig's own DNS answered it), the certificate
 * verified PKIX for host (SNI host), HTTPS only, no redirects followed
 * (a 3xx is an error naming the Location: RFC 8461 §3.3), at most max
 * octets of body (more: error "over N octets"), within timeout_ms in all.
 * The next address is tried when one refuses or does not answer; the
 * last one's error (all of them, joined by "; ") is the reply's.  fn is
 * called once, from the loop, never from inside this call, unless
 * cancelled.  naddrs 0: fn reports "no address for HOST".  MX_ERR_ARG
 * for a host that is no DNS name in A-labels without the final dot
 * ("mta-sts.example.com"), a path that is not "/..." of printable
 * ASCII, an address that does not parse, port or max or timeout_ms 0.
 * *out (when not NULL) is the handle for mx_https_cancel, valid until fn
 * is called.
 */
mx_status mx_https_get(struct mx_https *h, const char *host,
    unsigned port, const char *const *addrs, size_t naddrs,
    const char *path, size_t max, unsigned timeout_ms, mx_https_fn fn,
    void *arg, struct mx_https_get **out);
/* Forgets a fetch (fn not called). */
void mx_https_cancel(struct mx_https *h, struct mx_https_get *g);

#endif

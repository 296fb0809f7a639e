/*
 * https.c -- the HTTPS client of a context: one libcurl multi handle on
 * the context's mx_loop, for the MTA-STS policy fetch (RFC 8461 §3.3).
 *
 * libcurl's multi-socket interface is the seam: curl tells which
 * descriptors to watch (CURLMOPT_SOCKETFUNCTION) and when its next
 * timeout is due (CURLMOPT_TIMERFUNCTION); the loop says what became
 * ready and curl_multi_socket_action does the work.  curl never waits
 * or polls on its own here and starts no thread: every address is an
 * IP literal given through CURLOPT_CONNECT_TO, which curl converts
 * without a resolver.
 *
 * Each address of a fetch is one attempt with a fresh connection (no
 * reuse: a diagnosis wants each address's own answer).  An attempt that
 * cannot connect, or gets no answer, hands over to the next address;
 * anything said over an established connection (a certificate, a
 * status, a body) is the reply.  The time of the whole fetch is shared
 * out among the addresses still to try, as curl does among the
 * addresses of one name.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <openssl/x509_vfy.h>

#include "internal.h"
#include "loop.h"
#include "mxdig_version.h"
#include "https.h"

struct mx_https_get {
	struct mx_https		*h;
	struct mx_https_get	*prev, *next;
	CURL			*easy;
	struct curl_slist	*connect_to;
	mx_https_fn		 fn;
	void			*arg;
	mx_timer		*later;		/* the reply without address */
	int			 delivering;	/* fn is running */
	char			*host;
	char			*url;
	unsigned		 port;
	char			**addrs;
	size_t			 naddrs;
	size_t			 cur;		/* the address being tried */
	double			 start;		/* now_ms() */
	uint64_t		 deadline;	/* mx_now_ms() */
	unsigned		 timeout_ms;
	unsigned		 connect_ms;	/* this attempt's share */
	char			*body;
	size_t			 len, cap, max;
	int			 over;		/* more than max octets */
	int			 nomem;		/* the body could not grow */
	char			*failed;	/* earlier addresses' errors */
	char			 curl_err[CURL_ERROR_SIZE];
};

struct mx_https {
	mx_loop			*loop;
	CURLM			*multi;
	char			*ca_file;
	mx_timer		*timer;		/* curl's timeout */
	struct mx_https_get	*gets;
	int			 depth;		/* inside a dispatch */
	int			 dying;		/* freed meanwhile */
};

/*
 * curl_global_init is process-wide and not safe to race: once, for every
 * context.  It is never undone: curl_global_cleanup would take OpenSSL's
 * state from under the SMTP probes and from the caller, who may use
 * OpenSSL or curl too; what it holds stays reachable, no leak.
 */
static pthread_once_t	 curl_once = PTHREAD_ONCE_INIT;
static CURLcode		 curl_init_rc = CURLE_FAILED_INIT;

static void
curl_init(void)
{
	curl_init_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* Milliseconds, finer than mx_now_ms: the reply's ms. */
static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000 + (double)ts.tv_nsec / 1e6;
}

/* RFC 9110 §15's reason phrases: the server's own is not shown (HTTP/2
 * has none, and it is bytes from outside). */
static const char *
reason(long status)
{
	static const struct {
		long		 status;
		const char	*text;
	} table[] = {
		{ 200, "OK" }, { 201, "Created" }, { 202, "Accepted" },
		{ 203, "Non-Authoritative Information" },
		{ 204, "No Content" }, { 205, "Reset Content" },
		{ 206, "Partial Content" }, { 300, "Multiple Choices" },
		{ 301, "Moved Permanently" }, { 302, "Found" },
		{ 303, "See Other" }, { 304, "Not Modified" },
		{ 305, "Use Proxy" }, { 307, "Temporary Redirect" },
		{ 308, "Permanent Redirect" }, { 400, "Bad Request" },
		{ 401, "Unauthorized" }, { 402, "Payment Required" },
		{ 403, "Forbidden" }, { 404, "Not Found" },
		{ 405, "Method Not Allowed" }, { 406, "Not Acceptable" },
		{ 407, "Proxy Authentication Required" },
		{ 408, "Request Timeout" }, { 409, "Conflict" },
		{ 410, "Gone" }, { 411, "Length Required" },
		{ 412, "Precondition Failed" }, { 413, "Content Too Large" },
		{ 414, "URI Too Long" }, { 415, "Unsupported Media Type" },
		{ 416, "Range Not Satisfiable" },
		{ 417, "Expectation Failed" }, { 421, "Misdirected Request" },
		{ 422, "Unprocessable Content" },
		{ 426, "Upgrade Required" }, { 429, "Too Many Requests" },
		{ 451, "Unavailable For Legal Reasons" },
		{ 500, "Internal Server Error" }, { 501, "Not Implemented" },
		{ 502, "Bad Gateway" }, { 503, "Service Unavailable" },
		{ 504, "Gateway Timeout" },
		{ 505, "HTTP Version Not Supported" }
	};
	size_t i;

	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (table[i].status == status)
			return table[i].text;
	return NULL;
}

/* "10 s", "2.5 s": a time budget as the messages give it, to a tenth
 * (a budget shared out after a refusal is 1999 ms: "2 s"). */
static void
seconds(unsigned ms, char *buf, size_t size)
{
	unsigned tenths = (ms + 50) / 100;

	if (tenths % 10 == 0)
		snprintf(buf, size, "%u s", tenths / 10);
	else
		snprintf(buf, size, "%u.%u s", tenths / 10, tenths % 10);
}

/* ADDR:PORT, [ADDR]:PORT for IPv6. */
static void
address_port(const char *addr, unsigned port, char *buf, size_t size)
{
	if (strchr(addr, ':') != NULL)
		snprintf(buf, size, "[%s]:%u", addr, port);
	else
		snprintf(buf, size, "%s:%u", addr, port);
}

static void
get_free(struct mx_https_get *g)
{
	size_t i;

	if (g->easy != NULL)
		curl_easy_cleanup(g->easy);
	curl_slist_free_all(g->connect_to);
	for (i = 0; i < g->naddrs; i++)
		free(g->addrs[i]);
	free(g->addrs);
	free(g->host);
	free(g->url);
	free(g->body);
	free(g->failed);
	free(g);
}

static void
get_unlink(struct mx_https_get *g)
{
	struct mx_https *h = g->h;

	if (g->prev != NULL)
		g->prev->next = g->next;
	else
		h->gets = g->next;
	if (g->next != NULL)
		g->next->prev = g->prev;
	g->prev = g->next = NULL;
}

/* Takes g out of the client without a reply. */
static void
get_drop(struct mx_https_get *g)
{
	struct mx_https *h = g->h;

	get_unlink(g);
	if (g->easy != NULL)
		curl_multi_remove_handle(h->multi, g->easy);
	mx_loop_cancel(h->loop, g->later);
	g->later = NULL;
	get_free(g);
}

static void
destroy(struct mx_https *h)
{
	h->dying = 1;
	while (h->gets != NULL)
		get_drop(h->gets);
	curl_multi_cleanup(h->multi);
	/* the cleanup may have told the timer function something */
	mx_loop_cancel(h->loop, h->timer);
	free(h->ca_file);
	free(h);
}

/* The end of a call from the loop: a free asked for meanwhile is done. */
static void
leave(struct mx_https *h)
{
	if (--h->depth == 0 && h->dying)
		destroy(h);
}

/*
 * Calls g's fn with its reply and frees g.  why (taken; NULL: a good
 * reply when good is 1, else out of memory) is joined after the errors
 * of the addresses tried before.
 */
static void
finish(struct mx_https_get *g, long status, char *why, int good)
{
	struct mx_https_reply	 r;
	char			*type = NULL, *all = NULL, ctype[256];

	if (why != NULL && g->failed != NULL &&
	    (all = mx_asprintf("%s; %s", g->failed, why)) != NULL) {
		free(why);
		why = all;
	}
	if (g->easy != NULL)
		(void)curl_easy_getinfo(g->easy, CURLINFO_CONTENT_TYPE, &type);
	memset(&r, 0, sizeof(r));
	r.status = status;
	/* the part of a body over the limit is no policy: none at all */
	r.body = g->body != NULL && !g->over ? g->body : "";
	r.len = g->over ? 0 : g->len;
	/* bytes from the server, quoted where they go into messages */
	r.content_type = type != NULL ? mx_escape_buf(type, strlen(type),
	    ctype, sizeof(ctype)) : NULL;
	r.error = why != NULL ? why : good ? NULL : "out of memory";
	r.ms = now_ms() - g->start;
	get_unlink(g);
	g->delivering = 1;
	g->fn(g->arg, &r);
	get_free(g);
	free(why);
}

/*
 * Why attempt g->cur failed (a new string; NULL when it did not: status
 * 200, within max), and *retry 1 when the next address may do better:
 * nothing was said over a connection to this one.
 */
static char *
attempt_error(struct mx_https_get *g, CURLcode rc, long status, int *retry)
{
	char		 where[INET6_ADDRSTRLEN + 16], budget[32];
	long		 oserr = 0, verify = X509_V_OK;
	curl_off_t	 tls_us = 0;
	char		*location = NULL, loc[512], ebuf[512];
	const char	*text, *p;

	*retry = 0;
	address_port(g->addrs[g->cur], g->port, where, sizeof(where));
	text = g->curl_err[0] != '\0' ? g->curl_err : curl_easy_strerror(rc);
	/* "OpenSSL/3.0.11: error:...": the version is no reason */
	if (strncmp(text, "OpenSSL/", 8) == 0 && (p = strstr(text, ": ")) !=
	    NULL && memchr(text, ' ', (size_t)(p - text)) == NULL)
		text = p + 2;
	/* curl's words may quote the server's (an alert, a header) */
	text = mx_escape_buf(text, strlen(text), ebuf, sizeof(ebuf));
	switch (rc) {
	case CURLE_OK:
	case CURLE_WRITE_ERROR:
	case CURLE_FILESIZE_EXCEEDED:
		if (rc == CURLE_WRITE_ERROR && !g->over)
			return mx_strdup(g->nomem ? "out of memory" : text);
		break;
	case CURLE_COULDNT_CONNECT:
		*retry = 1;
		(void)curl_easy_getinfo(g->easy, CURLINFO_OS_ERRNO, &oserr);
		if (oserr == ECONNREFUSED)
			return mx_asprintf("connection refused by %s", where);
		return mx_asprintf("cannot connect to %s: %s", where,
		    oserr != 0 ? strerror((int)oserr) : text);
	case CURLE_OPERATION_TIMEDOUT:
		(void)curl_easy_getinfo(g->easy, CURLINFO_APPCONNECT_TIME_T,
		    &tls_us);
		if (status == 0 && tls_us == 0) {
			/* no TCP connection or no TLS handshake: silence */
			*retry = 1;
			seconds(g->connect_ms, budget, sizeof(budget));
			return mx_asprintf("no answer from %s within %s",
			    where, budget);
		}
		seconds(g->timeout_ms, budget, sizeof(budget));
		if (status == 0)
			return mx_asprintf("no reply from %s within %s",
			    where, budget);
		return mx_asprintf("reply from %s not complete within %s",
		    where, budget);
	case CURLE_PEER_FAILED_VERIFICATION:
		(void)curl_easy_getinfo(g->easy, CURLINFO_SSL_VERIFYRESULT,
		    &verify);
		/*
		 * curl checks the name itself, before it stores OpenSSL's
		 * verdict on the chain: the result is then still its
		 * "not verified" (!X509_V_OK, 1), and its message says
		 * "host name".  Told in OpenSSL's words all the same.
		 */
		if ((verify == X509_V_OK || verify == 1) &&
		    strstr(g->curl_err, "host name") != NULL)
			verify = X509_V_ERR_HOSTNAME_MISMATCH;
		if (verify == X509_V_OK || verify == 1)
			return mx_asprintf("certificate not valid for %s: %s",
			    g->host, text);
		return mx_asprintf("certificate not valid for %s: %s", g->host,
		    X509_verify_cert_error_string(verify));
	case CURLE_SSL_CONNECT_ERROR:
		return mx_asprintf("TLS handshake failed with %s: %s", where,
		    text);
	case CURLE_SSL_CACERT_BADFILE:
		/* the words of the SMTP probes' (tls.c) */
		if (g->h->ca_file != NULL)
			return mx_asprintf("%s: no certificate could be read",
			    g->h->ca_file);
		return mx_asprintf("the system's CA store: %s", text);
	case CURLE_GOT_NOTHING:
		return mx_asprintf("%s closed the connection without a reply",
		    where);
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
		return mx_asprintf("connection to %s broken: %s", where, text);
	default:
		return mx_asprintf("fetching %s from %s: %s", g->url, where,
		    text);
	}
	if (status >= 300 && status < 400 &&
	    curl_easy_getinfo(g->easy, CURLINFO_REDIRECT_URL, &location) ==
	    CURLE_OK && location != NULL)
		return mx_asprintf("redirect (%ld) to %s: not followed "
		    "(RFC 8461 §3.3)", status, mx_escape_buf(location,
		    strlen(location), loc, sizeof(loc)));
	if (status != 200) {
		if ((text = reason(status)) != NULL)
			return mx_asprintf("status %ld (%s)", status, text);
		return mx_asprintf("status %ld", status);
	}
	if (g->over || rc == CURLE_FILESIZE_EXCEEDED)
		return mx_asprintf("over %zu octets", g->max);
	return NULL;
}

static size_t
on_body(char *data, size_t size, size_t n, void *arg)
{
	struct mx_https_get	*g = arg;
	size_t			 add = size * n, cap;
	char			*p;

	if (add > g->max - g->len) {
		g->over = 1;
		return 0;
	}
	if (g->len + add + 1 > g->cap) {
		cap = g->cap ? g->cap : 4096;
		while (cap < g->len + add + 1)
			cap *= 2;
		if (cap > g->max + 1)
			cap = g->max + 1;
		if ((p = realloc(g->body, cap)) == NULL) {
			g->nomem = 1;
			return 0;
		}
		g->body = p;
		g->cap = cap;
	}
	memcpy(g->body + g->len, data, add);
	g->len += add;
	g->body[g->len] = '\0';
	return add;
}

/* The options every attempt of g shares. */
static mx_status
easy_setup(struct mx_https_get *g)
{
	CURL	*e;
	int	 bad = 0;

	if ((e = g->easy = curl_easy_init()) == NULL)
		return MX_ERR_NOMEM;
	bad |= curl_easy_setopt(e, CURLOPT_URL, g->url);
	bad |= curl_easy_setopt(e, CURLOPT_PRIVATE, g);
	bad |= curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	bad |= curl_easy_setopt(e, CURLOPT_ERRORBUFFER, g->curl_err);
	bad |= curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	bad |= curl_easy_setopt(e, CURLOPT_WRITEDATA, g);
	/* RFC 8461 §3.3: HTTPS only, no redirect followed */
	bad |= curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "https");
	bad |= curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "https");
	bad |= curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	/* the addresses given, not a proxy from the environment */
	bad |= curl_easy_setopt(e, CURLOPT_PROXY, "");
	bad |= curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	bad |= curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	if (g->h->ca_file != NULL) {
		/* only that file, as the SMTP probes trust it */
		bad |= curl_easy_setopt(e, CURLOPT_CAINFO, g->h->ca_file);
		bad |= curl_easy_setopt(e, CURLOPT_CAPATH, NULL);
	}
	/* a Content-Length over the limit ends the fetch before the body */
	bad |= curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE,
	    (curl_off_t)g->max);
	bad |= curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L);
	bad |= curl_easy_setopt(e, CURLOPT_FORBID_REUSE, 1L);
	bad |= curl_easy_setopt(e, CURLOPT_USERAGENT, "mxdig/" MXDIG_VERSION);
	return bad ? MX_ERR_TLS : MX_OK;
}

/* Starts the attempt at g->addrs[g->cur]. */
static mx_status
attempt_start(struct mx_https_get *g)
{
	char			 to[INET6_ADDRSTRLEN + 300];
	const char		*a = g->addrs[g->cur];
	struct curl_slist	*l;
	uint64_t		 now = mx_now_ms(), left;
	mx_status		 st;

	if (g->easy == NULL && (st = easy_setup(g)) != MX_OK)
		return st;
	snprintf(to, sizeof(to), strchr(a, ':') != NULL ? "%s:%u:[%s]:%u" :
	    "%s:%u:%s:%u", g->host, g->port, a, g->port);
	if ((l = curl_slist_append(NULL, to)) == NULL)
		return MX_ERR_NOMEM;
	curl_slist_free_all(g->connect_to);
	g->connect_to = l;
	left = g->deadline > now ? g->deadline - now : 1;
	g->connect_ms = (unsigned)(left / (g->naddrs - g->cur));
	if (g->connect_ms == 0)
		g->connect_ms = 1;
	g->len = 0;
	g->over = g->nomem = 0;
	g->curl_err[0] = '\0';
	if (curl_easy_setopt(g->easy, CURLOPT_CONNECT_TO, l) != CURLE_OK ||
	    curl_easy_setopt(g->easy, CURLOPT_CONNECTTIMEOUT_MS,
	    (long)g->connect_ms) != CURLE_OK ||
	    curl_easy_setopt(g->easy, CURLOPT_TIMEOUT_MS, (long)left) !=
	    CURLE_OK)
		return MX_ERR_TLS;
	if (curl_multi_add_handle(g->h->multi, g->easy) != CURLM_OK)
		return MX_ERR_NOMEM;
	return MX_OK;
}

/* An attempt ended with rc: the next address, or the reply. */
static void
attempt_done(struct mx_https_get *g, CURLcode rc)
{
	long	 status = 0;
	int	 retry;
	char	*why, *all;

	(void)curl_easy_getinfo(g->easy, CURLINFO_RESPONSE_CODE, &status);
	why = attempt_error(g, rc, status, &retry);
	curl_multi_remove_handle(g->h->multi, g->easy);
	if (why != NULL && retry && g->cur + 1 < g->naddrs &&
	    mx_now_ms() < g->deadline) {
		all = g->failed == NULL ? mx_strdup(why) :
		    mx_asprintf("%s; %s", g->failed, why);
		if (all != NULL) {
			free(g->failed);
			g->failed = all;
			free(why);
			g->cur++;
			if (attempt_start(g) == MX_OK)
				return;
			why = mx_asprintf("cannot start a fetch from %s",
			    g->addrs[g->cur]);
		}
	}
	finish(g, status, why, rc == CURLE_OK && status == 200 && !g->over);
}

/* Hands every transfer curl has finished to its fetch. */
static void
dispatch(struct mx_https *h)
{
	CURLMsg			*m;
	CURL			*easy;
	CURLcode		 rc;
	struct mx_https_get	*g;
	void			*priv;
	int			 left;

	while (!h->dying && (m = curl_multi_info_read(h->multi, &left)) !=
	    NULL) {
		if (m->msg != CURLMSG_DONE)
			continue;
		/* m is curl's until the handle is removed: copy it out */
		easy = m->easy_handle;
		rc = m->data.result;
		priv = NULL;
		if (curl_easy_getinfo(easy, CURLINFO_PRIVATE, &priv) !=
		    CURLE_OK || (g = priv) == NULL) {
			curl_multi_remove_handle(h->multi, easy);
			continue;
		}
		attempt_done(g, rc);
	}
}

static void
on_io(void *arg, int fd, unsigned events)
{
	struct mx_https	*h = arg;
	int		 mask = 0, running;

	if (events & MX_EV_READ)
		mask |= CURL_CSELECT_IN;
	if (events & MX_EV_WRITE)
		mask |= CURL_CSELECT_OUT;
	h->depth++;
	(void)curl_multi_socket_action(h->multi, fd, mask, &running);
	dispatch(h);
	leave(h);
}

static int
on_socket(CURL *easy, curl_socket_t s, int what, void *arg, void *sockp)
{
	struct mx_https	*h = arg;
	unsigned	 events = 0;

	(void)easy;
	(void)sockp;
	if (what == CURL_POLL_IN || what == CURL_POLL_INOUT)
		events |= MX_EV_READ;
	if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT)
		events |= MX_EV_WRITE;
	/* a watch that cannot be made runs into the transfer's timeout */
	(void)mx_loop_watch(h->loop, s, events, on_io, h);
	return 0;
}

static void
on_timer(void *arg)
{
	struct mx_https	*h = arg;
	int		 running;

	h->timer = NULL;
	h->depth++;
	(void)curl_multi_socket_action(h->multi, CURL_SOCKET_TIMEOUT, 0,
	    &running);
	dispatch(h);
	leave(h);
}

/* curl's next timeout: ms from now, -1 none.  A 0 runs at the loop's
 * next round, never inside the curl call that asked for it. */
static int
on_curl_timer(CURLM *multi, long ms, void *arg)
{
	struct mx_https *h = arg;

	(void)multi;
	mx_loop_cancel(h->loop, h->timer);
	h->timer = NULL;
	if (ms < 0 || h->dying)
		return 0;
	if (ms > INT_MAX)
		ms = INT_MAX;
	return mx_loop_timer(h->loop, (unsigned)ms, on_timer, h,
	    &h->timer) == MX_OK ? 0 : -1;
}

mx_status
mx_https_new(mx_loop *loop, const char *ca_file, struct mx_https **out)
{
	struct mx_https			*h;
	const curl_version_info_data	*v;

	if (out == NULL)
		return MX_ERR_ARG;
	*out = NULL;
	if (loop == NULL)
		return MX_ERR_ARG;
	if (pthread_once(&curl_once, curl_init) != 0 ||
	    curl_init_rc != CURLE_OK)
		return MX_ERR_TLS;
	v = curl_version_info(CURLVERSION_NOW);
	if (v == NULL || !(v->features & CURL_VERSION_SSL))
		return MX_ERR_TLS;
	if ((h = calloc(1, sizeof(*h))) == NULL)
		return MX_ERR_NOMEM;
	h->loop = loop;
	if ((ca_file != NULL && (h->ca_file = mx_strdup(ca_file)) == NULL) ||
	    (h->multi = curl_multi_init()) == NULL) {
		free(h->ca_file);
		free(h);
		return MX_ERR_NOMEM;
	}
	if (curl_multi_setopt(h->multi, CURLMOPT_SOCKETFUNCTION, on_socket) ||
	    curl_multi_setopt(h->multi, CURLMOPT_SOCKETDATA, h) ||
	    curl_multi_setopt(h->multi, CURLMOPT_TIMERFUNCTION, on_curl_timer) ||
	    curl_multi_setopt(h->multi, CURLMOPT_TIMERDATA, h)) {
		curl_multi_cleanup(h->multi);
		free(h->ca_file);
		free(h);
		return MX_ERR_TLS;
	}
	*out = h;
	return MX_OK;
}

void
mx_https_free(struct mx_https *h)
{
	if (h == NULL || h->dying)
		return;
	if (h->depth > 0) {
		/* inside a callback: drop the fetches now, the rest after */
		while (h->gets != NULL)
			get_drop(h->gets);
		h->dying = 1;
		return;
	}
	destroy(h);
}

void
mx_https_cancel(struct mx_https *h, struct mx_https_get *g)
{
	if (h == NULL || g == NULL || g->h != h || g->delivering)
		return;
	get_drop(g);
}

/* A fetch with no address to try: its reply, from the loop. */
static void
on_later(void *arg)
{
	struct mx_https_get	*g = arg;
	struct mx_https		*h = g->h;

	g->later = NULL;
	h->depth++;
	finish(g, 0, mx_asprintf("no address for %s", g->host), 0);
	leave(h);
}

/* A DNS name as a URL's host may hold it: letters, digits, '-', '_'
 * and dots, at most 253 octets, no empty label, no final dot (the name
 * the certificate is checked for: A-labels, as mxdig's DNS has it). */
static int
host_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 253 || s[0] == '.' || s[n - 1] == '.' ||
	    strstr(s, "..") != NULL)
		return 0;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789-_.") == n;
}

static int
path_ok(const char *s)
{
	if (*s != '/')
		return 0;
	for (; *s != '\0'; s++)
		if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f)
			return 0;
	return 1;
}

static int
address_ok(const char *s)
{
	struct in6_addr a6;
	struct in_addr	a4;

	return inet_pton(AF_INET, s, &a4) == 1 ||
	    inet_pton(AF_INET6, s, &a6) == 1;
}

mx_status
mx_https_get(struct mx_https *h, const char *host, unsigned port,
    const char *const *addrs, size_t naddrs, const char *path, size_t max,
    unsigned timeout_ms, mx_https_fn fn, void *arg,
    struct mx_https_get **out)
{
	struct mx_https_get	*g;
	mx_status		 st = MX_ERR_NOMEM;
	size_t			 i;

	if (out != NULL)
		*out = NULL;
	if (h == NULL || h->dying || host == NULL || !host_ok(host) ||
	    port == 0 || port > 65535 || (naddrs > 0 && addrs == NULL) ||
	    path == NULL || !path_ok(path) || max == 0 || max >= SIZE_MAX ||
	    timeout_ms == 0 || timeout_ms > INT_MAX || fn == NULL)
		return MX_ERR_ARG;
	for (i = 0; i < naddrs; i++)
		if (addrs[i] == NULL || !address_ok(addrs[i]))
			return MX_ERR_ARG;
	if ((g = calloc(1, sizeof(*g))) == NULL)
		return MX_ERR_NOMEM;
	g->h = h;
	g->fn = fn;
	g->arg = arg;
	g->port = port;
	g->max = max;
	g->timeout_ms = timeout_ms;
	g->start = now_ms();
	g->deadline = mx_now_ms() + timeout_ms;
	if ((g->host = mx_strdup(host)) == NULL ||
	    (g->url = mx_asprintf("https://%s:%u%s", host, port, path)) ==
	    NULL || (naddrs > 0 &&
	    (g->addrs = calloc(naddrs, sizeof(*g->addrs))) == NULL))
		goto fail;
	for (i = 0; i < naddrs; i++) {
		if ((g->addrs[i] = mx_strdup(addrs[i])) == NULL)
			goto fail;
		g->naddrs++;
	}
	if (naddrs == 0)
		st = mx_loop_timer(h->loop, 0, on_later, g, &g->later);
	else
		st = attempt_start(g);
	if (st != MX_OK)
		goto fail;
	g->next = h->gets;
	if (h->gets != NULL)
		h->gets->prev = g;
	h->gets = g;
	if (out != NULL)
		*out = g;
	return MX_OK;
fail:
	if (g->easy != NULL)
		curl_multi_remove_handle(h->multi, g->easy);
	get_free(g);
	return st;
}

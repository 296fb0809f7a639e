/*
 * fuzz_live.c -- libFuzzer target for the live source's answer path
 * (lib/dns/live.c) with c-ares, the resolver and the checks around it,
 * over a fake transport: no packet leaves the process.
 *
 * The link wraps ares_init_options (-Wl,--wrap, see tests/CMakeLists.txt)
 * so that every channel live.c makes gets the socket functions below
 * (ares_set_socket_functions, c-ares 1.18).  Their sockets are socket
 * pairs, so that the loop has a descriptor to poll; what c-ares sends is
 * read here, and each query it holds is answered with the next chunk of
 * the input.  So the real live.c runs: its cache, the coalescing of
 * identical queries in flight, retries over TCP after TC=1, and the
 * resolver's use of additional records.
 *
 * Input: octet 0 -- bit 0 TCP only, bit 1 no cache, bit 2 a cache of one
 * answer (evictions), bit 3 --no-additional, bits 4-5 one to four
 * domains at once, bit 6 the same domains checked again afterwards (from
 * the cache).  Octet 1 -- two bits per domain, picking its name.  Then
 * one chunk per query, in the order c-ares sends them:
 *	ctl (1 octet), length (2, big-endian), body (length octets)
 * ctl bit 0: the query's ID patched in; bit 1: the body is a 12-octet
 * header and the sections after the question, and the query's question
 * is put between them (QDCOUNT 1); bit 2: sent twice; bit 3: no answer;
 * bit 4: cut in half; bit 5: a copy with a wrong ID sent first.  When
 * the input runs out, queries get no answer.
 *
 * A query is never left to time out: once the answers queued on a socket
 * are read, a socket that may hold a query nobody will answer (no answer,
 * a raw body, a cut) fails (refused, reset), which ends its queries at
 * once.
 *
 * Oracles: every check ends, once, within the run's bound; every result
 * passes oracle.c (names printable, counts, JSON, renderers); the cache
 * holds no more answers than its bound.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ares.h>

#include "mxdig.h"
#include "oracle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int __real_ares_init_options(ares_channel *channel,
    struct ares_options *options, int optmask);
int __wrap_ares_init_options(ares_channel *channel,
    struct ares_options *options, int optmask);

#define CTL_ID		0x01
#define CTL_ECHO	0x02
#define CTL_TWICE	0x04
#define CTL_SILENT	0x08
#define CTL_CUT		0x10
#define CTL_WRONG_ID	0x20

/* A datagram, or a piece of a TCP stream, waiting to be read. */
struct pending {
	uint8_t		*data;
	size_t		 len, off;
	struct pending	*next;
};

/* One fake socket: fd is c-ares', peer the other end of the pair, where
 * a write makes fd readable. */
struct fsock {
	int		 fd, peer;
	int		 stream;	/* SOCK_STREAM */
	struct sockaddr_storage addr;	/* connected to */
	socklen_t	 addrlen;
	uint8_t		*in;		/* TCP: what c-ares sent, not yet
					 * a whole message */
	size_t		 nin;
	struct pending	*head, *tail;
	int		 poison;	/* read as closed once drained */
	struct fsock	*next;
};

/* The input being run, the sockets open, and what was seen. */
static struct {
	const uint8_t	*data;
	size_t		 len, pos;
	struct fsock	*socks;
	size_t		 queries;
} fz;

static struct fsock *
find(ares_socket_t fd)
{
	struct fsock *s;

	for (s = fz.socks; s != NULL; s = s->next)
		if (s->fd == fd)
			return s;
	return NULL;
}

static ares_socket_t
f_socket(int af, int type, int protocol, void *user)
{
	struct fsock	*s;
	int		 sv[2];

	(void)af;
	(void)protocol;
	(void)user;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return ARES_SOCKET_BAD;
	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0,
	    sv) != 0) {
		free(s);
		return ARES_SOCKET_BAD;
	}
	s->fd = sv[0];
	s->peer = sv[1];
	s->stream = (type & 0xff) == SOCK_STREAM;
	s->next = fz.socks;
	fz.socks = s;
	return s->fd;
}

static void
fsock_free(struct fsock *s)
{
	struct pending *p, *next;

	for (p = s->head; p != NULL; p = next) {
		next = p->next;
		free(p->data);
		free(p);
	}
	close(s->fd);
	close(s->peer);
	free(s->in);
	free(s);
}

static int
f_close(ares_socket_t fd, void *user)
{
	struct fsock **sp, *s;

	(void)user;
	for (sp = &fz.socks; (s = *sp) != NULL; sp = &s->next)
		if (s->fd == fd) {
			*sp = s->next;
			fsock_free(s);
			return 0;
		}
	errno = EBADF;
	return -1;
}

static int
f_connect(ares_socket_t fd, const struct sockaddr *sa, ares_socklen_t len,
    void *user)
{
	struct fsock *s = find(fd);

	(void)user;
	fz_require(s != NULL && len <= sizeof(s->addr));
	memcpy(&s->addr, sa, len);
	s->addrlen = len;
	return 0;
}

/* Makes s readable. */
static void
poke(struct fsock *s)
{
	(void)send(s->peer, "", 1, MSG_DONTWAIT);
}

/* Queues data[0..len) (a TCP stream: with its length first) for c-ares
 * to read. */
static void
queue(struct fsock *s, const uint8_t *data, size_t len)
{
	struct pending	*p;
	size_t		 pre = s->stream ? 2 : 0;

	fz_require((p = calloc(1, sizeof(*p))) != NULL);
	fz_require((p->data = malloc(len + pre + 1)) != NULL);
	if (s->stream) {
		p->data[0] = (uint8_t)(len >> 8);
		p->data[1] = (uint8_t)len;
	}
	memcpy(p->data + pre, data, len);
	p->len = len + pre;
	if (s->tail != NULL)
		s->tail->next = p;
	else
		s->head = p;
	s->tail = p;
}

/* Answers the query q[0..qlen) that c-ares sent on s with the next chunk
 * of the input. */
static void
answer(struct fsock *s, const uint8_t *q, size_t qlen)
{
	const uint8_t	*body;
	uint8_t		*resp, hdr[12];
	size_t		 off = 12, qend, blen, rlen, rest;
	unsigned	 ctl;

	fz.queries++;
	/* the query is live.c's own: one question, uncompressed */
	fz_require(qlen >= 12 && q[4] == 0 && q[5] == 1);
	while (off < qlen && q[off] != 0)
		off += (size_t)q[off] + 1;
	fz_require(off + 5 <= qlen);
	qend = off + 5;
	if (fz.pos + 3 > fz.len) {
		s->poison = 1;
		poke(s);
		return;
	}
	ctl = fz.data[fz.pos];
	blen = (size_t)fz.data[fz.pos + 1] << 8 | fz.data[fz.pos + 2];
	body = fz.data + fz.pos + 3;
	if (blen > fz.len - fz.pos - 3)
		blen = fz.len - fz.pos - 3;
	fz.pos += 3 + blen;
	if (ctl & CTL_SILENT) {
		s->poison = 1;
		poke(s);
		return;
	}
	if (ctl & CTL_ECHO) {
		memset(hdr, 0, sizeof(hdr));
		memcpy(hdr, body, blen < 12 ? blen : 12);
		rest = blen > 12 ? blen - 12 : 0;
		rlen = 12 + (qend - 12) + rest;
		fz_require((resp = malloc(rlen)) != NULL);
		memcpy(resp, hdr, 12);
		resp[4] = 0;
		resp[5] = 1;
		memcpy(resp + 12, q + 12, qend - 12);
		if (rest > 0)
			memcpy(resp + qend, body + 12, rest);
	} else {
		rlen = blen;
		fz_require((resp = malloc(rlen + 1)) != NULL);
		memcpy(resp, body, blen);
	}
	if ((ctl & CTL_ID) && rlen >= 2)
		memcpy(resp, q, 2);
	/* an answer c-ares may not take as the query's leaves it waiting */
	if ((ctl & (CTL_ID | CTL_ECHO)) != (CTL_ID | CTL_ECHO) ||
	    (ctl & CTL_CUT))
		s->poison = 1;
	if ((ctl & CTL_WRONG_ID) && rlen >= 2) {
		resp[0] ^= 0xa5;
		queue(s, resp, rlen);
		resp[0] ^= 0xa5;
	}
	if (ctl & CTL_CUT)
		rlen /= 2;
	queue(s, resp, rlen);
	if (ctl & CTL_TWICE)
		queue(s, resp, rlen);
	free(resp);
	poke(s);
}

static ares_ssize_t
f_sendv(ares_socket_t fd, const struct iovec *iov, int n, void *user)
{
	struct fsock	*s = find(fd);
	uint8_t		*buf;
	size_t		 total = 0, len, i;

	(void)user;
	fz_require(s != NULL);
	for (i = 0; i < (size_t)n; i++)
		total += iov[i].iov_len;
	fz_require((buf = realloc(s->in, s->nin + total + 1)) != NULL);
	s->in = buf;
	for (i = 0; i < (size_t)n; i++) {
		memcpy(s->in + s->nin, iov[i].iov_base, iov[i].iov_len);
		s->nin += iov[i].iov_len;
	}
	if (!s->stream) {
		answer(s, s->in, s->nin);
		s->nin = 0;
		return (ares_ssize_t)total;
	}
	/* a stream: every whole length-prefixed message */
	while (s->nin >= 2 && s->nin - 2 >= (len = (size_t)s->in[0] << 8 |
	    s->in[1])) {
		answer(s, s->in + 2, len);
		memmove(s->in, s->in + 2 + len, s->nin - 2 - len);
		s->nin -= 2 + len;
	}
	return (ares_ssize_t)total;
}

static ares_ssize_t
f_recvfrom(ares_socket_t fd, void *data, size_t len, int flags,
    struct sockaddr *from, ares_socklen_t *fromlen, void *user)
{
	struct fsock	*s = find(fd);
	struct pending	*p;
	char		 drain[64];
	size_t		 n;

	(void)flags;
	(void)user;
	fz_require(s != NULL);
	if ((p = s->head) == NULL) {
		while (recv(s->fd, drain, sizeof(drain), MSG_DONTWAIT) > 0)
			;
		/* an error, not 0: Debian's c-ares (CVE-2023-32067)
		 * ignores an empty datagram */
		if (s->poison) {
			s->poison = 0;
			errno = s->stream ? ECONNRESET : ECONNREFUSED;
			return -1;
		}
		errno = EAGAIN;
		return -1;
	}
	n = p->len - p->off < len ? p->len - p->off : len;
	memcpy(data, p->data + p->off, n);
	/* a datagram is read whole (the rest of a long one is lost); a
	 * stream in pieces */
	p->off = s->stream ? p->off + n : p->len;
	if (p->off == p->len) {
		if ((s->head = p->next) == NULL)
			s->tail = NULL;
		free(p->data);
		free(p);
	}
	if (from != NULL && fromlen != NULL) {
		socklen_t l = *fromlen < s->addrlen ? *fromlen : s->addrlen;

		memcpy(from, &s->addr, l);
		*fromlen = s->addrlen;
	}
	return (ares_ssize_t)n;
}

static const struct ares_socket_functions fake_socket_functions = {
	f_socket, f_close, f_connect, f_recvfrom, f_sendv
};

int
__wrap_ares_init_options(ares_channel *channel, struct ares_options *options,
    int optmask)
{
	int rc = __real_ares_init_options(channel, options, optmask);

	if (rc == ARES_SUCCESS)
		ares_set_socket_functions(*channel, &fake_socket_functions,
		    NULL);
	return rc;
}

static const char *const names[] = { "example.com.", "example.net.",
	"mail.example.com.", "a.example." };

struct run {
	size_t	 done;
};

static void
on_result(void *arg, struct mx_result *res)
{
	struct run *run = arg;

	run->done++;
	fz_check_result(res);
	/* to see what a seed does: MXDIG_FUZZ_SHOW=1 */
	if (getenv("MXDIG_FUZZ_SHOW") != NULL)
		mx_format_text(stderr, res, 0);
	mx_result_free(res);
}

/* Checks the n domains picked by sel at once, to the end. */
static void
round_of(mx_ctx *ctx, unsigned n, unsigned sel)
{
	struct run	run = { 0 };
	unsigned	i;

	for (i = 0; i < n; i++)
		fz_require(mx_check_start(ctx, names[(sel >> (2 * i)) & 3],
		    on_result, &run, NULL) == MX_OK);
	/* no query waits for a timeout: a run well within a second */
	fz_require(mx_ctx_run(ctx, 20000) == MX_OK);
	fz_require(run.done == n);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mx_live_options			*lo = NULL;
	mx_source			*src = NULL;
	mx_options			*opt = NULL;
	mx_ctx				*ctx = NULL;
	const struct mx_live_stats	*stats;
	char				*err = NULL;
	size_t				 cache;
	unsigned			 flags, n;

	if (size < 2)
		return 0;
	flags = data[0];
	n = 1 + ((flags >> 4) & 3);
	memset(&fz, 0, sizeof(fz));
	fz.data = data + 2;
	fz.len = size - 2;
	cache = flags & 2 ? 0 : flags & 4 ? 1 : MX_CACHE_DEFAULT;

	fz_require(mx_live_options_new(&lo) == MX_OK);
	fz_require(mx_live_options_set_server(lo, "127.0.0.1") == MX_OK);
	fz_require(mx_live_options_set_tcp(lo, flags & 1) == MX_OK);
	fz_require(mx_live_options_set_timeout(lo, 1000) == MX_OK);
	fz_require(mx_live_options_set_tries(lo, 1) == MX_OK);
	fz_require(mx_live_options_set_cache(lo, cache) == MX_OK);
	fz_require(mx_live_source(lo, &src, &err) == MX_OK);
	mx_live_options_free(lo);
	fz_require(mx_options_new(&opt) == MX_OK);
	fz_require(mx_options_set_additional(opt, !(flags & 8)) == MX_OK);
	fz_require(mx_ctx_new(src, opt, &ctx) == MX_OK);

	round_of(ctx, n, data[1]);
	if (flags & 0x40)
		round_of(ctx, n, data[1]);
	fz_require((stats = mx_live_stats(src)) != NULL);
	if (getenv("MXDIG_FUZZ_SHOW") != NULL)
		fprintf(stderr, "queries %lu (seen %zu), retries %lu, cache "
		    "hits %lu, coalesced %lu, evicted %lu, entries %zu\n",
		    stats->queries, fz.queries, stats->retries,
		    stats->cache_hits, stats->coalesced, stats->cache_evicted,
		    stats->cache_entries);
	fz_require(stats->cache_entries <= cache);
	fz_require(stats->queries >= fz.queries || (flags & 1) == 0);

	mx_ctx_free(ctx);
	mx_options_free(opt);
	mx_source_free(src);
	/* every socket closed with its channel */
	fz_require(fz.socks == NULL);
	return 0;
}

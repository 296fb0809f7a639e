/*
 * test_loop.c -- the event-loop seam.  A context driven only by the
 * test's own poll() loop (mx_ctx_set_watch, mx_ctx_timeout,
 * mx_ctx_process) gives the same results as the built-in driver, over a
 * memory source, a zone and (when MXDIG_TEST_NSD_PORT names a local NSD
 * serving loop.test, see loop_live.sh) live DNS.  The loop's own rules:
 * timer order, deferral to the next round, cancel, watch notifications.
 * Checks cancelled or in flight when their context is freed never call
 * back; the deadline ends what is waiting on a silent server.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "helpers.h"

/* Bounds of every loop the tests drive themselves. */
#define MAX_ROUNDS	2000
#define MAX_WALL_MS	15000
#define MAX_WATCH	64

/* ---- comparing results ---- */

/* Everything a result says, flattened for one string comparison:
 * verdict, MX rcode, findings, failures, and every host with its
 * addresses (elapsed_ms aside). */
static char *
result_text(const struct mx_result *res)
{
	char	*buf;
	size_t	 cap = 16384, off = 0, i, j;

	buf = malloc(cap);
	assert_non_null(buf);
#define PUT(...) do { \
	off += (size_t)snprintf(buf + off, off < cap ? cap - off : 0, \
	    __VA_ARGS__); \
	assert_true(off < cap); \
} while (0)
	PUT("%s verdict=%s mx=%s canonical=%s implicit=%d null=%d nmx=%zu\n",
	    res->domain, mx_verdict_name(res->verdict),
	    mx_rcode_name(res->mx_rcode), res->canonical, res->implicit,
	    res->null_mx, res->nmx);
	PUT("findings: %s\n", flatten(res));
	for (i = 0; i < res->nfailures; i++)
		PUT("failure: %s/%u %s %s\n", res->failures[i].name,
		    res->failures[i].type,
		    mx_rcode_name(res->failures[i].rcode),
		    res->failures[i].detail ? res->failures[i].detail : "-");
	for (i = 0; i < res->nhosts; i++) {
		const struct mx_host *h = &res->hosts[i];

		PUT("host %s pref=%u state=%s usable=%d canonical=%s cnames=%zu:",
		    h->exchange, h->preference, mx_host_state_name(h->state),
		    h->usable, h->canonical ? h->canonical : "-", h->ncnames);
		for (j = 0; j < h->naddrs; j++)
			PUT(" %s", h->addrs[j].text);
		PUT("\n");
	}
#undef PUT
	return buf;
}

/* ---- the test's own event loop ---- */

/* The descriptors the context asked the test to watch. */
struct watches {
	int		 fd[MAX_WATCH];
	unsigned	 events[MAX_WATCH];
	size_t		 n;
	unsigned long	 changes;
};

static void
on_watch(void *arg, int fd, unsigned events)
{
	struct watches	*w = arg;
	size_t		 i;

	w->changes++;
	for (i = 0; i < w->n; i++)
		if (w->fd[i] == fd)
			break;
	if (events == 0) {
		if (i < w->n) {
			w->fd[i] = w->fd[w->n - 1];
			w->events[i] = w->events[w->n - 1];
			w->n--;
		}
		return;
	}
	if (i == w->n) {
		assert_true(w->n < MAX_WATCH);
		w->fd[w->n] = fd;
		w->n++;
	}
	w->events[i] = events;
}

/*
 * Drives ctx with poll() on the watched descriptors and mx_ctx_timeout
 * until no check is in flight; at most MAX_ROUNDS rounds and MAX_WALL_MS
 * milliseconds.  Returns the rounds it took.
 */
static unsigned
own_loop(mx_ctx *ctx, struct watches *w)
{
	struct pollfd	 p[MAX_WATCH];
	uint64_t	 end = mx_now_ms() + MAX_WALL_MS;
	unsigned	 rounds;

	for (rounds = 0; mx_ctx_running(ctx) > 0; rounds++) {
		int	 t = mx_ctx_timeout(ctx), rc;
		size_t	 i, n = w->n;
		uint64_t now = mx_now_ms();

		assert_true(rounds < MAX_ROUNDS);
		assert_true(now < end);
		/* checks in flight, nothing watched, no timer: stuck */
		assert_false(n == 0 && t < 0);
		if (t < 0 || (uint64_t)t > end - now)
			t = (int)(end - now);
		for (i = 0; i < n; i++) {
			p[i].fd = w->fd[i];
			p[i].events = (short)((w->events[i] & MX_EV_READ ?
			    POLLIN : 0) | (w->events[i] & MX_EV_WRITE ?
			    POLLOUT : 0));
			p[i].revents = 0;
		}
		rc = poll(p, (nfds_t)n, t);
		assert_true(rc >= 0);
		for (i = 0; i < n; i++) {
			unsigned ev = 0;

			if (p[i].revents & (POLLIN | POLLERR | POLLHUP))
				ev |= MX_EV_READ;
			if (p[i].revents & POLLOUT)
				ev |= MX_EV_WRITE;
			if (ev != 0)
				assert_int_equal(mx_ctx_process(ctx, p[i].fd,
				    ev), MX_OK);
		}
		if (rc == 0)
			assert_int_equal(mx_ctx_process(ctx, -1, 0), MX_OK);
	}
	return rounds;
}

/* Results of checks the test started, and whether any came back inside
 * mx_check_start. */
static int		 in_start;
static int		 called_in_start;

struct got {
	struct mx_result	*res;
	unsigned		 calls;
};

static void
on_result(void *arg, struct mx_result *res)
{
	struct got *g = arg;

	if (in_start)
		called_in_start++;
	g->calls++;
	mx_result_free(g->res);
	g->res = res;
}

static void
start(mx_ctx *ctx, const char *domain, struct got *g, mx_check **out)
{
	in_start = 1;
	assert_int_equal(mx_check_start(ctx, domain, on_result, g, out),
	    MX_OK);
	in_start = 0;
	assert_int_equal(called_in_start, 0);
	assert_int_equal(g->calls, 0);
}

/*
 * Checks every domain of the list twice: all at once on own through the
 * test's own loop, then one by one on builtin with mx_check_domain (the
 * built-in driver), and asserts the results are the same (own and builtin
 * may be one source; two live sources keep the second run off the first
 * one's cache).  want[i], when not
 * NULL, is the verdict domain i must get.  Returns how many watch
 * changes the test's loop heard.
 */
static unsigned long
same_both_ways(mx_source *own, mx_source *builtin, const mx_options *opt,
    const char *const *domains, const enum mx_verdict *want, size_t n)
{
	struct got	 got[16];
	struct watches	 w;
	mx_ctx		*ctx;
	size_t		 i;
	unsigned	 rounds;

	assert_true(n <= 16);
	memset(got, 0, sizeof(got));
	memset(&w, 0, sizeof(w));
	assert_int_equal(mx_ctx_new(own, opt, &ctx), MX_OK);
	mx_ctx_set_watch(ctx, on_watch, &w);
	for (i = 0; i < n; i++)
		start(ctx, domains[i], &got[i], NULL);
	assert_int_equal(mx_ctx_running(ctx), n);
	rounds = own_loop(ctx, &w);
	assert_true(rounds > 0);
	assert_int_equal(mx_ctx_running(ctx), 0);
	mx_ctx_free(ctx);
	/* freeing the context leaves nothing watched */
	assert_int_equal(w.n, 0);
	print_message("%zu domains in %u rounds of the test's loop, %lu watch "
	    "changes\n", n, rounds, w.changes);

	assert_int_equal(mx_ctx_new(builtin, opt, &ctx), MX_OK);
	for (i = 0; i < n; i++) {
		struct mx_result	*res = NULL;
		char			*a, *b;

		assert_int_equal(got[i].calls, 1);
		assert_non_null(got[i].res);
		assert_int_equal(mx_check_domain(ctx, domains[i], &res), MX_OK);
		a = result_text(got[i].res);
		b = result_text(res);
		assert_string_equal(a, b);
		if (want != NULL)
			assert_string_equal(mx_verdict_name(res->verdict),
			    mx_verdict_name(want[i]));
		free(a);
		free(b);
		mx_result_free(res);
		mx_result_free(got[i].res);
	}
	mx_ctx_free(ctx);
	return w.changes;
}

/* ---- (a) memory source and zone ---- */

static const char *const memory_rrs[] = {
	"ok.example. 3600 IN MX 10 mx1.ok.example.",
	"ok.example. 3600 IN MX 20 mx2.ok.example.",
	"mx1.ok.example. 3600 IN A 93.184.216.1",
	"mx1.ok.example. 3600 IN AAAA 2606:2800:220:1::1",
	"mx2.ok.example. 3600 IN A 93.184.216.2",
	"mx2.ok.example. 3600 IN AAAA 2606:2800:220:1::2",
	"implicit.example. 3600 IN A 93.184.216.3",
	"cname.example. 3600 IN MX 10 alias.cname.example.",
	"alias.cname.example. 3600 IN CNAME mx1.ok.example.",
	"private.example. 3600 IN MX 10 mx.private.example.",
	"mx.private.example. 3600 IN A 10.0.0.1",
	"null.example. 3600 IN MX 0 .",
};

static const char *const memory_domains[] = {
	"ok.example", "implicit.example", "cname.example", "private.example",
	"null.example", "nx.example",
};

static const enum mx_verdict memory_verdicts[] = {
	MX_VERDICT_OK, MX_VERDICT_WARNING, MX_VERDICT_ERROR, MX_VERDICT_ERROR,
	MX_VERDICT_INFO, MX_VERDICT_ERROR,
};

static mx_memory *
memory_fixture(void)
{
	mx_memory	*mem;
	size_t		 i;

	assert_int_equal(mx_memory_new(&mem), MX_OK);
	for (i = 0; i < sizeof(memory_rrs) / sizeof(memory_rrs[0]); i++)
		assert_int_equal(mx_memory_add(mem, memory_rrs[i]), MX_OK);
	return mem;
}

static void
test_own_loop_memory(void **state)
{
	mx_memory	*mem = memory_fixture();
	mx_source	*src;

	(void)state;
	assert_int_equal(mx_memory_source(mem, &src), MX_OK);
	/* no descriptor: the memory source answers from timers */
	assert_int_equal(same_both_ways(src, src, NULL, memory_domains,
	    memory_verdicts, sizeof(memory_domains) /
	    sizeof(memory_domains[0])), 0);
	mx_source_free(src);
	mx_memory_free(mem);
}

static const char loop_zone[] =
	"$ORIGIN z.test.\n"
	"$TTL 3600\n"
	"@ SOA ns1 hostmaster 1 3600 600 86400 300\n"
	"@ NS ns1\n"
	"ns1 A 93.184.216.53\n"
	"ok MX 10 mx1.ok\n"
	"ok MX 20 mx2.ok\n"
	"mx1.ok A 93.184.216.1\n"
	"mx1.ok AAAA 2606:2800:220:1::1\n"
	"mx2.ok A 93.184.216.2\n"
	"mx2.ok AAAA 2606:2800:220:1::2\n"
	"implicit A 93.184.216.3\n"
	"cname MX 10 alias.cname\n"
	"alias.cname CNAME mx1.ok\n"
	"lowttl 60 MX 10 mx1.ok\n"
	"lowttl 60 MX 20 mx2.ok\n"
	"noaddr MX 10 gone\n";

static const char *const zone_domains[] = {
	"ok.z.test", "implicit.z.test", "cname.z.test", "lowttl.z.test",
	"noaddr.z.test", "nx.z.test",
};

static const enum mx_verdict zone_verdicts[] = {
	MX_VERDICT_OK, MX_VERDICT_WARNING, MX_VERDICT_ERROR,
	MX_VERDICT_WARNING, MX_VERDICT_ERROR, MX_VERDICT_ERROR,
};

static void
test_own_loop_zone(void **state)
{
	mx_zone		*z;
	mx_source	*src;
	mx_options	*opt;
	char		*err = NULL;

	(void)state;
	assert_int_equal(mx_zone_new(&z), MX_OK);
	assert_int_equal(mx_zone_load_string(z, loop_zone, "loop.zone", NULL,
	    &err), MX_OK);
	assert_null(err);
	assert_int_equal(mx_zone_source(z, &src), MX_OK);
	assert_int_equal(mx_options_new(&opt), MX_OK);
	assert_int_equal(mx_options_set_zone(opt, z, 0), MX_OK);
	assert_int_equal(same_both_ways(src, src, opt, zone_domains, zone_verdicts,
	    sizeof(zone_domains) / sizeof(zone_domains[0])), 0);
	mx_options_free(opt);
	mx_source_free(src);
	mx_zone_free(z);
}

/* ---- (b) live, against the NSD of loop_live.sh ---- */

static const char *const live_domains[] = {
	"ok.loop.test", "nx.loop.test", "implicit.loop.test",
	"cname.loop.test", "ok.loop.test", "twohops.loop.test",
};

static const enum mx_verdict live_verdicts[] = {
	MX_VERDICT_OK, MX_VERDICT_ERROR, MX_VERDICT_WARNING,
	MX_VERDICT_ERROR, MX_VERDICT_OK, MX_VERDICT_ERROR,
};

static mx_source *
live_to(const char *server, unsigned port, unsigned timeout_ms,
    unsigned tries)
{
	mx_live_options	*lo;
	mx_source	*src = NULL;
	char		*err = NULL;

	assert_int_equal(mx_live_options_new(&lo), MX_OK);
	assert_int_equal(mx_live_options_set_server(lo, server), MX_OK);
	assert_int_equal(mx_live_options_set_port(lo, port), MX_OK);
	assert_int_equal(mx_live_options_set_timeout(lo, timeout_ms), MX_OK);
	assert_int_equal(mx_live_options_set_tries(lo, tries), MX_OK);
	if (mx_live_source(lo, &src, &err) != MX_OK)
		fail_msg("mx_live_source: %s", err ? err : "?");
	mx_live_options_free(lo);
	return src;
}

static void
test_own_loop_live(void **state)
{
	const char	*env = getenv("MXDIG_TEST_NSD_PORT");
	mx_source	*own, *builtin;
	mx_options	*opt;
	unsigned	 port;
	int		 additional;

	(void)state;
	if (env == NULL || *env == '\0') {
		print_message("MXDIG_TEST_NSD_PORT is not set: skipping the "
		    "live part (tests/unit/loop_live.sh sets it)\n");
		skip();
	}
	port = (unsigned)strtoul(env, NULL, 10);
	assert_true(port > 0 && port < 65536);
	/* without the additional section, so that every host is asked, and
	 * with it; c-ares's sockets reach the test's loop */
	assert_int_equal(mx_options_new(&opt), MX_OK);
	/* the path's queries are counted: without the policy layer's two
	 * TXT lookups per domain */
	assert_int_equal(mx_options_set_policy(opt, 0), MX_OK);
	for (additional = 0; additional < 2; additional++) {
		assert_int_equal(mx_options_set_additional(opt, additional),
		    MX_OK);
		own = live_to("127.0.0.1", port, 2000, 2);
		builtin = live_to("127.0.0.1", port, 2000, 2);
		assert_true(same_both_ways(own, builtin, opt, live_domains,
		    live_verdicts, sizeof(live_domains) /
		    sizeof(live_domains[0])) > 0);
		/* the same lookups, sent once each, whichever driver: the
		 * test's loop shares what is in flight, the driver, one
		 * domain after the other, finds it in the cache */
		{
			const struct mx_live_stats *a = mx_live_stats(own);
			const struct mx_live_stats *b = mx_live_stats(builtin);

			print_message("additional %d: the test's loop %lu "
			    "queries, %lu cached, %lu shared; the driver %lu, "
			    "%lu, %lu\n", additional, a->queries,
			    a->cache_hits, a->coalesced, b->queries,
			    b->cache_hits, b->coalesced);
			assert_int_equal(a->retries, 0);
			assert_int_equal(a->queries, b->queries);
			/* 5 MX, 4 A/AAAA of ok's exchanges, 2 of implicit,
			 * 2 of each alias (NSD's answer carries the rest of
			 * the chain); the additional section of ok's MX
			 * answer spares ok's own 4, and mx2.ok, which cname
			 * also names, is then asked for cname: 2 */
			assert_int_equal(a->queries, additional ? 13 : 15);
			assert_int_equal(a->queries + a->cache_hits +
			    a->coalesced, b->queries + b->cache_hits +
			    b->coalesced);
		}
		mx_source_free(own);
		mx_source_free(builtin);
	}
	/* the cache of a source the first run warmed gives the same */
	own = live_to("127.0.0.1", port, 2000, 2);
	same_both_ways(own, own, opt, live_domains, live_verdicts,
	    sizeof(live_domains) / sizeof(live_domains[0]));
	mx_source_free(own);
	mx_options_free(opt);
}

/* ---- (c) the loop's own rules ---- */

static char	fired[64];
static size_t	nfired;

struct tag {
	mx_loop	*loop;
	char	 name;
	int	 rearm;		/* arm a 0 ms timer named name + 1 */
};

static void
on_timer(void *arg)
{
	struct tag *t = arg;

	assert_true(nfired < sizeof(fired) - 1);
	fired[nfired++] = t->name;
	fired[nfired] = '\0';
	if (t->rearm) {
		static struct tag next;

		next.loop = t->loop;
		next.name = (char)(t->name + 1);
		next.rearm = 0;
		assert_int_equal(mx_loop_timer(t->loop, 0, on_timer, &next,
		    NULL), MX_OK);
	}
}

/* Sleeps ms milliseconds. */
static void
nap(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

static void
test_timer_order(void **state)
{
	mx_loop		*loop = mx_loop_new();
	struct tag	 t[8];
	mx_timer	*h[8];
	size_t		 i;

	(void)state;
	assert_non_null(loop);
	nfired = 0;
	fired[0] = '\0';
	assert_int_equal(mx_loop_timeout(loop), -1);
	assert_true(mx_loop_idle(loop));
	/* armed a..h with these delays: due order, then arming order */
	{
		static const unsigned ms[8] = { 40, 0, 20, 0, 40, 20, 0, 60 };

		for (i = 0; i < 8; i++) {
			t[i].loop = loop;
			t[i].name = (char)('a' + i);
			t[i].rearm = 0;
			assert_int_equal(mx_loop_timer(loop, ms[i], on_timer,
			    &t[i], &h[i]), MX_OK);
			assert_non_null(h[i]);
		}
	}
	assert_false(mx_loop_idle(loop));
	assert_int_equal(mx_loop_timeout(loop), 0);
	/* f and h cancelled: they never fire, and the heap keeps its order */
	mx_loop_cancel(loop, h[5]);
	mx_loop_cancel(loop, h[7]);
	mx_loop_cancel(loop, NULL);
	mx_loop_process(loop, -1, 0);
	assert_string_equal(fired, "bdg");
	assert_true(mx_loop_timeout(loop) > 0);
	assert_true(mx_loop_timeout(loop) <= 20);
	nap(70);
	mx_loop_process(loop, -1, 0);
	assert_string_equal(fired, "bdgcae");
	assert_int_equal(mx_loop_timeout(loop), -1);
	assert_true(mx_loop_idle(loop));
	nap(10);
	mx_loop_process(loop, -1, 0);
	assert_string_equal(fired, "bdgcae");
	mx_loop_free(loop);
}

/* A 0 ms timer armed inside a timer callback runs at the next round, not
 * in the round that armed it; mx_loop_timeout says one is due. */
static void
test_timer_defer(void **state)
{
	mx_loop		*loop = mx_loop_new();
	struct tag	 a = { NULL, 'a', 1 }, x = { NULL, 'x', 0 };

	(void)state;
	assert_non_null(loop);
	a.loop = x.loop = loop;
	nfired = 0;
	fired[0] = '\0';
	assert_int_equal(mx_loop_timer(loop, 0, on_timer, &a, NULL), MX_OK);
	assert_int_equal(mx_loop_timer(loop, 0, on_timer, &x, NULL), MX_OK);
	mx_loop_process(loop, -1, 0);
	assert_string_equal(fired, "ax");
	assert_int_equal(mx_loop_timeout(loop), 0);
	mx_loop_process(loop, -1, 0);
	assert_string_equal(fired, "axb");
	assert_int_equal(mx_loop_timeout(loop), -1);
	/* a timer armed and never fired is freed with the loop */
	assert_int_equal(mx_loop_timer(loop, 100000, on_timer, &x, NULL),
	    MX_OK);
	assert_true(mx_loop_timeout(loop) > 99000);
	mx_loop_free(loop);
	assert_string_equal(fired, "axb");
}

/* Many timers with a cancelled subset fire in due order, each once. */
static void
test_timer_cancel_many(void **state)
{
	mx_loop		*loop = mx_loop_new();
	struct tag	 t[26];
	mx_timer	*h[26];
	size_t		 i;

	(void)state;
	assert_non_null(loop);
	nfired = 0;
	fired[0] = '\0';
	for (i = 0; i < 26; i++) {
		t[i].loop = loop;
		t[i].name = (char)('a' + i);
		t[i].rearm = 0;
		/* delays 0, 10, 20 ms in turn */
		assert_int_equal(mx_loop_timer(loop, (unsigned)(i % 3) * 10,
		    on_timer, &t[i], &h[i]), MX_OK);
	}
	for (i = 0; i < 26; i += 4)	/* a e i m q u y */
		mx_loop_cancel(loop, h[i]);
	nap(40);
	mx_loop_process(loop, -1, 0);
	/* 0 ms: d g j p s v (a m y cancelled); 10: b h k n t w z (e q);
	 * 20: c f l o r x (i u) */
	assert_string_equal(fired, "dgjpsvbhkntwzcflorx");
	assert_true(mx_loop_idle(loop));
	mx_loop_free(loop);
}

/* What the embedding loop heard, in order. */
struct heard {
	int		 fd[16];
	unsigned	 events[16];
	size_t		 n;
};

static void
on_notify(void *arg, int fd, unsigned events)
{
	struct heard *h = arg;

	assert_true(h->n < 16);
	h->fd[h->n] = fd;
	h->events[h->n] = events;
	h->n++;
}

static int		 io_fd = -1;
static unsigned		 io_events, io_calls;

static void
on_io(void *arg, int fd, unsigned events)
{
	assert_ptr_equal(arg, &io_fd);
	io_fd = fd;
	io_events = events;
	io_calls++;
}

static void
test_watch_notify(void **state)
{
	mx_loop		*loop = mx_loop_new();
	struct heard	 h;
	int		 p[2], q[2];

	(void)state;
	assert_non_null(loop);
	assert_int_equal(pipe(p), 0);
	assert_int_equal(pipe(q), 0);
	memset(&h, 0, sizeof(h));
	mx_loop_set_notify(loop, on_notify, &h);
	assert_int_equal(h.n, 0);
	/* add, change, the same again (no news), remove, remove again */
	assert_int_equal(mx_loop_watch(loop, p[0], MX_EV_READ, on_io, &io_fd),
	    MX_OK);
	assert_int_equal(mx_loop_watch(loop, p[0], MX_EV_READ | MX_EV_WRITE,
	    on_io, &io_fd), MX_OK);
	assert_int_equal(mx_loop_watch(loop, p[0], MX_EV_READ | MX_EV_WRITE,
	    on_io, &io_fd), MX_OK);
	assert_int_equal(h.n, 2);
	assert_int_equal(h.fd[0], p[0]);
	assert_int_equal(h.events[0], MX_EV_READ);
	assert_int_equal(h.fd[1], p[0]);
	assert_int_equal(h.events[1], MX_EV_READ | MX_EV_WRITE);
	assert_false(mx_loop_idle(loop));

	/* an event on the watched descriptor reaches its function */
	io_calls = 0;
	mx_loop_process(loop, p[0], MX_EV_READ);
	assert_int_equal(io_calls, 1);
	assert_int_equal(io_fd, p[0]);
	assert_int_equal(io_events, MX_EV_READ);
	/* one on a descriptor nobody watches goes nowhere */
	mx_loop_process(loop, q[0], MX_EV_READ);
	mx_loop_process(loop, 1000, MX_EV_READ);
	assert_int_equal(io_calls, 1);

	assert_int_equal(mx_loop_watch(loop, p[0], 0, NULL, NULL), MX_OK);
	assert_int_equal(mx_loop_watch(loop, p[0], 0, NULL, NULL), MX_OK);
	assert_int_equal(mx_loop_watch(loop, q[1], 0, NULL, NULL), MX_OK);
	assert_int_equal(h.n, 3);
	assert_int_equal(h.fd[2], p[0]);
	assert_int_equal(h.events[2], 0);
	assert_true(mx_loop_idle(loop));
	mx_loop_process(loop, p[0], MX_EV_READ);
	assert_int_equal(io_calls, 1);
	/* bad arguments */
	assert_int_equal(mx_loop_watch(loop, -1, MX_EV_READ, on_io, &io_fd),
	    MX_ERR_ARG);
	assert_int_equal(mx_loop_watch(loop, p[0], MX_EV_READ, NULL, NULL),
	    MX_ERR_ARG);
	assert_int_equal(h.n, 3);

	/* watches made unheard are replayed when a listener comes */
	mx_loop_set_notify(loop, NULL, NULL);
	assert_int_equal(mx_loop_watch(loop, p[0], MX_EV_READ, on_io, &io_fd),
	    MX_OK);
	assert_int_equal(mx_loop_watch(loop, q[1], MX_EV_WRITE, on_io,
	    &io_fd), MX_OK);
	/* a descriptor far above the others (the table grows) */
	assert_int_equal(mx_loop_watch(loop, 700, MX_EV_READ, on_io, &io_fd),
	    MX_OK);
	assert_int_equal(mx_loop_watch(loop, 700, 0, NULL, NULL), MX_OK);
	assert_int_equal(h.n, 3);
	memset(&h, 0, sizeof(h));
	mx_loop_set_notify(loop, on_notify, &h);
	assert_int_equal(h.n, 2);
	if (h.fd[0] == p[0]) {
		assert_int_equal(h.events[0], MX_EV_READ);
		assert_int_equal(h.fd[1], q[1]);
		assert_int_equal(h.events[1], MX_EV_WRITE);
	} else {
		assert_int_equal(h.fd[0], q[1]);
		assert_int_equal(h.events[0], MX_EV_WRITE);
		assert_int_equal(h.fd[1], p[0]);
		assert_int_equal(h.events[1], MX_EV_READ);
	}
	assert_int_equal(mx_loop_watch(loop, p[0], 0, NULL, NULL), MX_OK);
	assert_int_equal(mx_loop_watch(loop, q[1], 0, NULL, NULL), MX_OK);
	assert_int_equal(h.n, 4);
	assert_true(mx_loop_idle(loop));
	mx_loop_free(loop);
	close(p[0]);
	close(p[1]);
	close(q[0]);
	close(q[1]);
}

/* ---- 3: cancel, free in flight, the deadline ---- */

/* A UDP socket on 127.0.0.1 that nobody reads: a server that never
 * answers.  Returns the descriptor; *port is its port. */
static int
silent_server(unsigned *port)
{
	struct sockaddr_in	sin;
	socklen_t		len = sizeof(sin);
	int			fd;

	fd = socket(AF_INET, SOCK_DGRAM, 0);
	assert_true(fd >= 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	*port = ntohs(sin.sin_port);
	return fd;
}

/* Memory source: of five checks two are cancelled; one round answers
 * the MX queries, which ends the NXDOMAIN domain only; the context is
 * freed with two checks in flight.  One callback in all. */
static void
test_cancel_free_memory(void **state)
{
	mx_memory	*mem = memory_fixture();
	mx_source	*src;
	mx_ctx		*ctx;
	struct got	 g[5];
	mx_check	*c[5];
	static const char *const d[5] = {
		"ok.example", "cname.example", "nx.example", "private.example",
		"gone.example",
	};
	size_t		 i;

	(void)state;
	memset(g, 0, sizeof(g));
	assert_int_equal(mx_memory_source(mem, &src), MX_OK);
	assert_int_equal(mx_ctx_new(src, NULL, &ctx), MX_OK);
	for (i = 0; i < 5; i++) {
		start(ctx, d[i], &g[i], &c[i]);
		assert_non_null(c[i]);
	}
	assert_int_equal(mx_ctx_running(ctx), 5);
	mx_check_cancel(ctx, c[1]);	/* in the MX phase */
	mx_check_cancel(ctx, c[4]);	/* NXDOMAIN to come */
	mx_check_cancel(ctx, NULL);
	assert_int_equal(mx_ctx_running(ctx), 3);
	assert_int_equal(mx_ctx_run_once(ctx, 0), MX_OK);
	assert_int_equal(g[2].calls, 1);
	assert_string_equal(mx_verdict_name(g[2].res->verdict), "error");
	assert_int_equal(mx_ctx_running(ctx), 2);
	/* ok and private wait for their A and AAAA answers */
	assert_int_equal(mx_ctx_timeout(ctx), 0);
	mx_ctx_free(ctx);
	for (i = 0; i < 5; i++)
		assert_int_equal(g[i].calls, i == 2 ? 1 : 0);
	mx_result_free(g[2].res);
	/* the source works on in another context */
	assert_int_equal(mx_ctx_new(src, NULL, &ctx), MX_OK);
	start(ctx, "ok.example", &g[0], NULL);
	assert_int_equal(mx_ctx_run(ctx, 5000), MX_OK);
	assert_int_equal(g[0].calls, 1);
	assert_string_equal(mx_verdict_name(g[0].res->verdict), "ok");
	mx_result_free(g[0].res);
	mx_ctx_free(ctx);
	mx_source_free(src);
	mx_memory_free(mem);
	assert_int_equal(called_in_start, 0);
}

/* Live source on a server that never answers: three checks, one
 * cancelled, one round, the context freed with two queries in flight,
 * then the source.  No callback at all. */
static void
test_cancel_free_live(void **state)
{
	unsigned	 port;
	int		 fd = silent_server(&port);
	mx_source	*src = live_to("127.0.0.1", port, 5000, 2);
	mx_ctx		*ctx;
	struct got	 g[3];
	mx_check	*c[3];
	struct watches	 w;
	size_t		 i;

	(void)state;
	memset(g, 0, sizeof(g));
	memset(&w, 0, sizeof(w));
	assert_int_equal(mx_ctx_new(src, NULL, &ctx), MX_OK);
	mx_ctx_set_watch(ctx, on_watch, &w);
	start(ctx, "a.example", &g[0], &c[0]);
	start(ctx, "b.example", &g[1], &c[1]);
	start(ctx, "c.example", &g[2], &c[2]);
	mx_check_cancel(ctx, c[1]);
	assert_int_equal(mx_ctx_running(ctx), 2);
	assert_int_equal(mx_ctx_run_once(ctx, 50), MX_OK);
	/* the queries went out: a socket is watched, a timer armed */
	assert_true(w.n > 0);
	assert_true(mx_ctx_timeout(ctx) > 0);
	assert_int_equal(mx_ctx_running(ctx), 2);
	mx_ctx_free(ctx);
	assert_int_equal(w.n, 0);
	mx_source_free(src);
	for (i = 0; i < 3; i++)
		assert_int_equal(g[i].calls, 0);
	/* a freed context can also be one that never ran */
	src = live_to("127.0.0.1", port, 5000, 2);
	assert_int_equal(mx_ctx_new(src, NULL, &ctx), MX_OK);
	start(ctx, "d.example", &g[0], NULL);
	mx_ctx_free(ctx);
	mx_source_free(src);
	assert_int_equal(g[0].calls, 0);
	close(fd);
}

/* The deadline: a check on a silent server ends by about the deadline,
 * unknown, its MX lookup named; one started after it ends at the next
 * round, not asked. */
static void
test_deadline(void **state)
{
	unsigned	 port;
	int		 fd = silent_server(&port);
	mx_source	*src = live_to("127.0.0.1", port, 5000, 2);
	mx_ctx		*ctx;
	struct got	 g, late;
	uint64_t	 t0, ms;
	int		 rounds;

	(void)state;
	memset(&g, 0, sizeof(g));
	memset(&late, 0, sizeof(late));
	assert_int_equal(mx_ctx_new(src, NULL, &ctx), MX_OK);
	assert_int_equal(mx_ctx_set_deadline(ctx, 1000), MX_OK);
	t0 = mx_now_ms();
	start(ctx, "silent.example", &g, NULL);
	assert_int_equal(mx_ctx_run(ctx, 10000), MX_OK);
	ms = mx_now_ms() - t0;
	print_message("deadline 1000 ms: the result after %llu ms\n",
	    (unsigned long long)ms);
	assert_true(ms >= 900);
	assert_true(ms < 2500);
	assert_int_equal(g.calls, 1);
	assert_int_equal(g.res->verdict, MX_VERDICT_UNKNOWN);
	assert_int_equal(g.res->mx_rcode, MX_ANSWER_TIMEOUT);
	assert_int_equal(g.res->nfailures, 1);
	assert_string_equal(g.res->failures[0].name, "silent.example.");
	assert_int_equal(g.res->failures[0].type, MX_TYPE_MX);
	assert_int_equal(g.res->failures[0].rcode, MX_ANSWER_TIMEOUT);
	assert_string_equal(g.res->failures[0].detail,
	    "no answer by the deadline");
	assert_int_equal(g.res->nhosts, 0);

	/* after the deadline: not asked, ended at the next round */
	start(ctx, "later.example", &late, NULL);
	assert_int_equal(mx_ctx_running(ctx), 1);
	assert_int_equal(mx_ctx_timeout(ctx), 0);
	for (rounds = 0; rounds < 5 && late.calls == 0; rounds++)
		assert_int_equal(mx_ctx_run_once(ctx, 0), MX_OK);
	assert_int_equal(rounds, 1);
	assert_int_equal(late.calls, 1);
	assert_int_equal(late.res->verdict, MX_VERDICT_UNKNOWN);
	assert_int_equal(late.res->nfailures, 1);
	assert_string_equal(late.res->failures[0].name, "later.example.");
	assert_int_equal(late.res->failures[0].type, MX_TYPE_MX);
	assert_string_equal(late.res->failures[0].detail,
	    "not asked: the deadline had passed");
	assert_int_equal(mx_ctx_running(ctx), 0);
	mx_result_free(g.res);
	mx_result_free(late.res);
	mx_ctx_free(ctx);
	mx_source_free(src);
	close(fd);
}

/* The deadline through the test's own loop: mx_ctx_timeout brings the
 * loop back for it while c-ares's socket waits on a silent server. */
static void
test_deadline_own_loop(void **state)
{
	unsigned	 port;
	int		 fd = silent_server(&port);
	mx_source	*src = live_to("127.0.0.1", port, 5000, 2);
	mx_ctx		*ctx;
	struct got	 g[2];
	struct watches	 w;
	uint64_t	 t0, ms;
	size_t		 i;

	(void)state;
	memset(g, 0, sizeof(g));
	memset(&w, 0, sizeof(w));
	assert_int_equal(mx_ctx_new(src, NULL, &ctx), MX_OK);
	mx_ctx_set_watch(ctx, on_watch, &w);
	assert_int_equal(mx_ctx_set_deadline(ctx, 800), MX_OK);
	t0 = mx_now_ms();
	start(ctx, "one.example", &g[0], NULL);
	start(ctx, "two.example", &g[1], NULL);
	own_loop(ctx, &w);
	ms = mx_now_ms() - t0;
	print_message("deadline 800 ms, the test's loop: the results after "
	    "%llu ms\n", (unsigned long long)ms);
	assert_true(ms >= 700);
	assert_true(ms < 2300);
	for (i = 0; i < 2; i++) {
		assert_int_equal(g[i].calls, 1);
		assert_int_equal(g[i].res->verdict, MX_VERDICT_UNKNOWN);
		assert_int_equal(g[i].res->nfailures, 1);
		assert_string_equal(g[i].res->failures[0].detail,
		    "no answer by the deadline");
		mx_result_free(g[i].res);
	}
	mx_ctx_free(ctx);
	assert_int_equal(w.n, 0);
	mx_source_free(src);
	close(fd);
}

/* A deadline that does not pass changes nothing. */
static void
test_deadline_not_reached(void **state)
{
	mx_memory	*mem = memory_fixture();
	mx_source	*src;
	mx_ctx		*ctx;
	struct got	 g;
	struct watches	 w;

	(void)state;
	memset(&g, 0, sizeof(g));
	memset(&w, 0, sizeof(w));
	assert_int_equal(mx_memory_source(mem, &src), MX_OK);
	assert_int_equal(mx_ctx_new(src, NULL, &ctx), MX_OK);
	mx_ctx_set_watch(ctx, on_watch, &w);
	assert_int_equal(mx_ctx_set_deadline(ctx, 60000), MX_OK);
	start(ctx, "ok.example", &g, NULL);
	own_loop(ctx, &w);
	assert_int_equal(g.calls, 1);
	assert_int_equal(g.res->verdict, MX_VERDICT_OK);
	assert_int_equal(g.res->nfailures, 0);
	/* the deadline's timer is still armed */
	assert_true(mx_ctx_timeout(ctx) > 50000);
	mx_result_free(g.res);
	mx_ctx_free(ctx);
	mx_source_free(src);
	mx_memory_free(mem);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_own_loop_memory),
		cmocka_unit_test(test_own_loop_zone),
		cmocka_unit_test(test_own_loop_live),
		cmocka_unit_test(test_timer_order),
		cmocka_unit_test(test_timer_defer),
		cmocka_unit_test(test_timer_cancel_many),
		cmocka_unit_test(test_watch_notify),
		cmocka_unit_test(test_cancel_free_memory),
		cmocka_unit_test(test_cancel_free_live),
		cmocka_unit_test(test_deadline),
		cmocka_unit_test(test_deadline_own_loop),
		cmocka_unit_test(test_deadline_not_reached),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

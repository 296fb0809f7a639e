/*
 * live.c -- the only code that touches the network.
 *
 * Queries are built here (mx_query_wire), sent and timed by c-ares
 * (retries, TCP fallback on truncation), and every response is reduced
 * by mx_answer_from_wire (answer.c) before anyone looks at it.  Every
 * query is in flight at once, on the context's loop: c-ares tells which
 * sockets to watch (ARES_OPT_SOCK_STATE_CB) and a timer per channel wakes
 * it for its timeouts; the source has no loop of its own.
 * ARES_FLAG_NOCHECKRESP makes c-ares hand SERVFAIL and REFUSED over
 * instead of retrying them away, so they are reported as what they are.
 *
 * A query that names a server gets a channel of its own.  Answers are
 * kept for their TTL (the whole chain, for the asked name and for every
 * later hop) in a cache bounded in answers and in bytes; a question
 * already in flight is not sent again.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ares.h>
#include <ldns/ldns.h>

#include "internal.h"
#include "answer.h"
#include "loop.h"

/* One reduced response, shared by the cache entries made of it (the
 * asked name's, and those of the later hops of its chain). */
struct held {
	struct mx_answer	*ans;
	unsigned		 refs;
};

/* A cached answer: what a later query of name/type is told, a view of a
 * held response (the rest of its chain from this name on, the sections
 * that matter to this type).  Queries answered from the cache hold a
 * reference, so an entry dropped from the cache lives on until they are
 * answered.  The key follows the entry. */
struct cached {
	char			*key;
	const struct mx_answer	*view;		/* the held answer, or the hop
						 * copy after the entry */
	struct held		*held;
	time_t			 expires;
	size_t			 charge;	/* bytes counted in the bound */
	unsigned		 refs;		/* the map's, and queries' */
	struct cached		*prev, *next;	/* LRU: head most recent */
};

struct live;

/* Someone else who asked the same name and type while it was in flight:
 * told the same answer. */
struct waiter {
	mx_answer_fn	 fn;
	void		*arg;
	struct waiter	*next;
};

/* An answer found in the cache, handed over at the next round. */
struct local_answer {
	struct cached	*hit;		/* holds a reference */
	mx_answer_fn	 fn;
	void		*arg;
};

/* A c-ares channel: the configured servers, or one server a query names
 * (RD=0 to an authoritative server, say). */
struct chan {
	struct live	*live;
	ares_channel	 channel;
	char		*servers;	/* "addr:port,...", NULL: configured */
	char		*report;	/* the server as reports show it */
	unsigned	 port;
	mx_timer	*timer;		/* c-ares' next timeout */
	size_t		 inflight;
	struct chan	*next;
};

/* One query in flight. */
struct live_query {
	struct live	*live;
	struct chan	*chan;
	char		*name;
	char		*key;		/* in live->pending while in flight */
	uint16_t	 type;
	mx_answer_fn	 fn;
	void		*arg;
	struct waiter	*waiters;
	uint8_t		*wire;		/* the query, for another try */
	size_t		 wlen;
	unsigned	 tries;		/* made so far */
	int		 status;	/* deferred c-ares status */
};

/* The options, set through functions (public type mx_live_options). */
struct mx_live_options {
	char		*server;
	unsigned	 port;
	int		 family;
	int		 tcp;
	unsigned	 timeout_ms;
	unsigned	 tries;
	char		*resolv_conf;
	size_t		 cache;
	int		 cache_set;
};

struct live {
	struct chan		*chans;		/* the configured one first */
	struct ares_options	 ao;		/* to make channels again */
	int			 aomask;
	char			*resolv_conf;
	char			*server_csv;	/* @server's, or NULL */
	char			*server;	/* for reports */
	unsigned		 port;		/* of @server */
	int			 family;	/* -4, -6: 4 or 6; else 0 */
	mx_loop			*loop;		/* attached to */
	mx_timer		*wake;		/* hands over local answers */
	struct mx_map		*cache;
	struct cached		*lru_head, *lru_tail;
	size_t			 cache_max;	/* answers */
	size_t			 cache_budget;	/* bytes */
	size_t			 cache_bytes;	/* held now */
	struct mx_map		*pending;	/* key -> query in flight */
	struct local_answer	*local;		/* answered from the cache */
	size_t			 nlocal, caplocal;
	size_t			 inflight;
	unsigned		 tries;		/* --tries */
	int			 sending;	/* inside ares_send */
	struct live_query	**deferred;	/* failed inside ares_send */
	size_t			 ndeferred, capdeferred;
	struct mx_live_stats	 stats;
};

static void
held_release(struct held *h)
{
	if (h == NULL || --h->refs > 0)
		return;
	mx_answer_free(h->ans);
	free(h);
}

static void
cached_release(struct cached *c)
{
	if (c == NULL || --c->refs > 0)
		return;
	held_release(c->held);
	free(c);
}

/* Takes c out of the map and the LRU list; frees it unless referenced. */
static void
cache_drop(struct live *lv, struct cached *c)
{
	mx_map_del(lv->cache, c->key);
	lv->cache_bytes -= c->charge;
	if (c->prev)
		c->prev->next = c->next;
	else
		lv->lru_head = c->next;
	if (c->next)
		c->next->prev = c->prev;
	else
		lv->lru_tail = c->prev;
	c->prev = c->next = NULL;
	cached_release(c);
}

static void
lru_front(struct live *lv, struct cached *c)
{
	if (lv->lru_head == c)
		return;
	if (c->prev)
		c->prev->next = c->next;
	if (c->next)
		c->next->prev = c->prev;
	else if (lv->lru_tail == c)
		lv->lru_tail = c->prev;
	c->prev = NULL;
	c->next = lv->lru_head;
	if (lv->lru_head)
		lv->lru_head->prev = c;
	lv->lru_head = c;
	if (lv->lru_tail == NULL)
		lv->lru_tail = c;
}

static char *
cache_key_buf(const char *name, uint16_t type, char *buf, size_t size)
{
	size_t	 n = strlen(name), d = type >= 10000 ? 5 : type >= 1000 ?
	    4 : type >= 100 ? 3 : type >= 10 ? 2 : 1;

	/* "name/type", the name lowercased, without printf */
	if (n + d + 2 > size)
		return NULL;
	mx_name_key_buf(name, buf, n + 1);
	buf[n] = '/';
	buf[n + d + 1] = '\0';
	for (; d > 0; d--, type /= 10)
		buf[n + d] = (char)('0' + type % 10);
	return buf;
}

/* The cache key "name/type" of a name that fits a DNS name's text. */
#define KEY_MAX	(MX_NAME_TEXT_MAX + 8)

/* Keeps view, a view of the response h holds, under key for ttl seconds.
 * The least recently used entries make room; out of memory, nothing is
 * kept. */
static void
cache_put(struct live *lv, const char *key, const struct mx_answer *view,
    struct held *h, uint32_t ttl)
{
	struct cached	*c, *old;
	size_t		 klen = strlen(key) + 1;
	/* a hop's view is a struct of its own, after the entry */
	size_t		 vsize = view == h->ans ? 0 : sizeof(*view);

	if (ttl == 0 || lv->cache_max == 0)
		return;
	if ((c = malloc(sizeof(*c) + vsize + klen)) == NULL)
		return;
	memset(c, 0, sizeof(*c));
	if (vsize == 0)
		c->view = view;
	else
		c->view = memcpy(c + 1, view, vsize);
	c->held = h;
	/* the response's bytes count once, with its first entry */
	c->charge = sizeof(*c) + vsize + klen +
	    (h->refs == 1 ? mx_answer_bytes(h->ans) : 0);
	/* an answer larger than the whole bound would empty the cache */
	if (c->charge > lv->cache_budget) {
		free(c);
		return;
	}
	h->refs++;
	c->refs = 1;
	c->expires = time(NULL) + (time_t)ttl;
	c->key = memcpy((char *)(c + 1) + vsize, key, klen);
	if ((old = mx_map_get(lv->cache, c->key)) != NULL)
		cache_drop(lv, old);
	while ((mx_map_count(lv->cache) >= lv->cache_max ||
	    lv->cache_bytes + c->charge > lv->cache_budget) && lv->lru_tail) {
		cache_drop(lv, lv->lru_tail);
		lv->stats.cache_evicted++;
	}
	/* the map borrows c->key */
	if (mx_map_put(lv->cache, c->key, c) != MX_OK) {
		cached_release(c);
		return;
	}
	lv->cache_bytes += c->charge;
	lru_front(lv, c);
}

static struct cached *
cache_get(struct live *lv, const char *key)
{
	struct cached *c = mx_map_get(lv->cache, key);

	if (c == NULL)
		return NULL;
	if (c->expires < time(NULL)) {
		cache_drop(lv, c);
		return NULL;
	}
	lru_front(lv, c);
	return c;
}

/* Tells q's asker and everyone waiting on it the same answer. */
static void
answer_all(struct live_query *q, const struct mx_answer *ans)
{
	struct waiter *w, *next;

	q->fn(q->arg, ans);
	for (w = q->waiters; w != NULL; w = next) {
		next = w->next;
		w->fn(w->arg, ans);
		free(w);
	}
	q->waiters = NULL;
}

static uint32_t
min_ttl(const struct mx_record *r, size_t n, uint32_t m)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (r[i].ttl < m)
			m = r[i].ttl;
	return m;
}

/* How long ans may be kept: the lowest TTL of its chain and its records,
 * or of the chain and the negative TTL (RFC 2308 §5); failures are not
 * kept. */
static uint32_t
answer_ttl(const struct mx_answer *ans)
{
	uint32_t ttl = min_ttl(ans->cnames, ans->ncnames, UINT32_MAX);

	switch (ans->rcode) {
	case MX_ANSWER_OK:
		return min_ttl(ans->records, ans->nrecords, ttl);
	case MX_ANSWER_NODATA:
	case MX_ANSWER_NXDOMAIN:
		return ans->negative_ttl < ttl ? ans->negative_ttl : ttl;
	case MX_ANSWER_CNAME:
		return ans->ncnames > 0 ? ttl : 0;
	default:
		return 0;
	}
}

/* The sections a later asker of type uses: the additional addresses of
 * an MX answer (the resolver reads them), the authority of an NS or SOA
 * answer, and of any answer of a server asked by address (direct): the
 * authority layer tells a referral from a bare missing AA bit by it, and
 * a lame server's answer from the cache must read as it did fresh.  The
 * others are dropped from what the cache keeps. */
static int
keeps_section(uint16_t type, enum mx_section s, int direct)
{
	switch (s) {
	case MX_SECTION_ADDITIONAL:
		return type == MX_TYPE_MX;
	case MX_SECTION_AUTHORITY:
		return direct || type == 2 || type == 6;	/* NS, SOA */
	default:
		return 1;
	}
}

/*
 * Keeps the response h holds for the asked name and for every later name
 * of its chain, so that a later question for an alias's target costs no
 * round trip: each hop's answer is the rest of the chain with the same
 * final data.  The entries share the response; nothing is copied.
 */
static void
cache_answer(struct live *lv, const struct live_query *q, struct held *h)
{
	const struct mx_answer	*ans = h->ans;
	struct mx_answer	 hop = *ans;
	size_t			 i;
	char			 key[KEY_MAX];

	cache_put(lv, q->key, ans, h, answer_ttl(ans));
	/* the keys of a query naming a server or flags are not a hop's */
	if (strchr(q->key, '@') != NULL)
		return;
	for (i = 1; i <= ans->ncnames; i++) {
		hop.cnames = ans->cnames + i;
		hop.ncnames = ans->ncnames - i;
		if (hop.ncnames == 0 && hop.rcode == MX_ANSWER_CNAME)
			break;	/* the chain left the answer there */
		if (cache_key_buf(ans->cnames[i - 1].target, q->type, key,
		    sizeof(key)) != NULL)
			cache_put(lv, key, &hop, h, answer_ttl(&hop));
	}
}

/* 1 when rec's owner is the exchange of one of the MX records of a (the
 * additional data an MX answer is for, RFC 1035 §3.3.9) and lies at or
 * below the asked name, whose zone the server answered for: additional
 * data from beyond it is not to be trusted as an answer (RFC 2181
 * §5.4.1), so the resolver does not use it, and neither is it kept. */
static int
of_an_exchange(const struct mx_answer *a, const struct mx_record *rec,
    const char *qname)
{
	size_t i;

	if (!mx_name_under(rec->owner, qname))
		return 0;
	for (i = 0; i < a->nrecords; i++)
		if (a->records[i].type == MX_TYPE_MX &&
		    mx_name_eq(a->records[i].target, rec->owner))
			return 1;
	return 0;
}

/*
 * What the cache holds of a for a question of type: a itself (the
 * caller's reference passes to the held response), or, when a carries
 * records no later asker of type uses, a copy without them, one small
 * allocation instead of the whole response.  What is used: the
 * addresses of an MX answer's exchanges at or below the asked name (the
 * resolver reads them), the authority of an NS or SOA answer or of a
 * direct one (a server asked by address, keeps_section).  NULL
 * when out of memory.
 */
static struct held *
hold(struct mx_answer *a, const char *qname, uint16_t type, int direct,
    int *shared)
{
	struct mx_answer	 view = *a;
	struct mx_record	 local[32], *kept = NULL;
	struct held		*h;
	size_t			 i, n = 0;
	int			 strip = 0;

	if (view.nadditional > 0 && !keeps_section(type,
	    MX_SECTION_ADDITIONAL, direct)) {
		view.additional = NULL;
		view.nadditional = 0;
		strip = 1;
	} else if (view.nadditional > 0) {
		kept = view.nadditional <= 32 ? local :
		    malloc(view.nadditional * sizeof(*kept));
		if (kept == NULL)
			return NULL;
		for (i = 0; i < view.nadditional; i++)
			if (of_an_exchange(a, &a->additional[i], qname))
				kept[n++] = a->additional[i];
		if (n < view.nadditional) {
			view.additional = kept;
			view.nadditional = n;
			strip = 1;
		}
	}
	if (view.nauthority > 0 && !keeps_section(type,
	    MX_SECTION_AUTHORITY, direct)) {
		view.authority = NULL;
		view.nauthority = 0;
		strip = 1;
	}
	h = malloc(sizeof(*h));
	if (h != NULL) {
		h->refs = 1;
		h->ans = a;
		if (strip && mx_answer_dup(&view, &h->ans) != MX_OK) {
			free(h);
			h = NULL;
		}
	}
	if (kept != local)
		free(kept);
	*shared = h != NULL && !strip;
	return h;
}

/* 1 when the cache key (query_key) is of a query naming a server:
 * "@server#port", not the "@#port" of flags alone. */
static int
names_server(const char *key)
{
	const char *at = strchr(key, '@');

	return at != NULL && at[1] != '#';
}

/*
 * Reduces the response abuf[0..alen) to the answer for q (answer.c),
 * caches it, and tells everyone who asked.  The answer names the
 * configured servers by the source's own string; a server a query named
 * is copied into it, as its channel may go before the cache does.
 */
static void
deliver_wire(struct live_query *q, const unsigned char *abuf, size_t alen)
{
	struct live		*lv = q->live;
	struct mx_answer	*a = NULL, fail;
	struct held		*h = NULL;
	mx_status		 st;
	int			 shared = 0;

	st = mx_answer_from_wire(abuf, alen, q->name, q->type, &a);
	if (st == MX_OK && q->chan != lv->chans)
		st = mx_answer_set_server(a, q->chan->report, q->chan->port);
	else if (st == MX_OK) {
		a->server = q->chan->report;	/* lives with the source */
		a->port = q->chan->port;
	}
	if (st != MX_OK) {
		mx_answer_free(a);
		memset(&fail, 0, sizeof(fail));
		fail.rcode = MX_ANSWER_TEMPFAIL;
		fail.detail = st == MX_ERR_NOMEM ? "out of memory" :
		    "malformed answer";
		fail.server = q->chan->report;
		fail.port = q->chan->port;
		fail.dns_rcode = fail.ede = -1;
		answer_all(q, &fail);
		return;
	}
	/* cached first: an asker told of an alias that asks its target at
	 * once finds it */
	if (lv->cache_max > 0 && answer_ttl(a) > 0 &&
	    (h = hold(a, q->name, q->type, names_server(q->key),
	    &shared)) != NULL)
		cache_answer(lv, q, h);
	answer_all(q, a);
	if (h != NULL)
		held_release(h);
	if (!shared)
		mx_answer_free(a);
}

static void
query_free(struct live_query *q)
{
	free(q->wire);
	free(q->name);
	free(q->key);
	free(q);
}

/* Frees q and its waiters, who are told nothing: the source is going. */
static void
query_abandon(struct live_query *q)
{
	struct waiter *w, *next;

	for (w = q->waiters; w != NULL; w = next) {
		next = w->next;
		free(w);
	}
	query_free(q);
}

static void query_done(void *arg, int status, int timeouts,
    unsigned char *abuf, int alen);
static void chan_timer(void *arg);
static void live_wake(void *arg);

/* Arms the wake timer that hands over answers found locally. */
static int
wake_up(struct live *lv)
{
	return lv->wake != NULL || mx_loop_timer(lv->loop, 0, live_wake, lv,
	    &lv->wake) == MX_OK;
}

/*
 * Arms ch's timer for c-ares' next timeout, unless one is armed.  A timer
 * that fires early (the query it was armed for was answered) only makes
 * c-ares look at its clock and arms the next.
 */
static void
chan_arm(struct chan *ch, unsigned fallback_ms)
{
	struct timeval	 tv, *tvp;
	unsigned	 ms = fallback_ms;

	if (ch->timer != NULL || ch->inflight == 0)
		return;
	if (fallback_ms == 0 && (tvp = ares_timeout(ch->channel, NULL,
	    &tv)) != NULL)
		ms = (unsigned)(tvp->tv_sec * 1000 + (tvp->tv_usec + 999) /
		    1000);
	else if (fallback_ms == 0)
		ms = 1000;
	/* out of memory: the next answer or query arms it again */
	mx_loop_timer(ch->live->loop, ms, chan_timer, ch, &ch->timer);
}

static void
chan_timer(void *arg)
{
	struct chan *ch = arg;

	ch->timer = NULL;
	ares_process_fd(ch->channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
	chan_arm(ch, 0);
}

static void
chan_io(void *arg, int fd, unsigned events)
{
	struct chan *ch = arg;

	ares_process_fd(ch->channel, events & MX_EV_READ ? fd :
	    ARES_SOCKET_BAD, events & MX_EV_WRITE ? fd : ARES_SOCKET_BAD);
	chan_arm(ch, 0);
}

/* c-ares opens, closes or changes what it waits for on a socket. */
static void
chan_sock_state(void *data, ares_socket_t fd, int readable, int writable)
{
	struct chan *ch = data;

	if (ch->live->loop == NULL)
		return;
	mx_loop_watch(ch->live->loop, fd, (readable ? MX_EV_READ : 0) |
	    (writable ? MX_EV_WRITE : 0), chan_io, ch);
}

/* Sends (again) through c-ares.  c-ares may call back before ares_send
 * returns; such calls are deferred to the next round, so that no answer
 * reaches the resolver from inside a query() call. */
static void
send_query(struct live_query *q)
{
	struct live *lv = q->live;

	lv->inflight++;
	q->chan->inflight++;
	lv->stats.queries++;
	lv->sending++;
	ares_send(q->chan->channel, q->wire, (int)q->wlen, query_done, q);
	lv->sending--;
	/* a new query times out --timeout from now, after any earlier one:
	 * an armed timer is soon enough */
	chan_arm(q->chan, lv->ao.timeout > 0 ? (unsigned)lv->ao.timeout :
	    5000);
}

/* Hands the outcome of a query over and frees it. */
static void
finish_query(struct live_query *q, int status, unsigned char *abuf,
    int alen)
{
	struct mx_answer	 ans;

	memset(&ans, 0, sizeof(ans));
	ans.server = q->chan->report;
	ans.port = q->chan->port;
	ans.dns_rcode = ans.ede = -1;
	/* each try waits exactly --timeout: c-ares itself would double the
	 * wait at every retry */
	if (status == ARES_ETIMEOUT && q->tries < q->live->tries) {
		q->tries++;
		q->live->stats.retries++;
		send_query(q);
		return;
	}
	/* from here on, a new asker sends its own query */
	if (q->key != NULL)
		mx_map_del(q->live->pending, q->key);
	if (status == ARES_SUCCESS && abuf != NULL && alen > 0) {
		deliver_wire(q, abuf, (size_t)alen);
	} else if (status == ARES_EDESTRUCTION || status == ARES_ECANCELLED) {
		/* the source is being detached: nobody to tell */
		query_abandon(q);
		return;
	} else {
		/* no answer at all (timeout, connection refused, ...):
		 * nothing is known about the name */
		ans.rcode = status == ARES_SUCCESS ? MX_ANSWER_TEMPFAIL :
		    MX_ANSWER_TIMEOUT;
		ans.detail = status == ARES_SUCCESS ?
		    "malformed answer: an empty response" :
		    status == ARES_ECONNREFUSED ? MX_DETAIL_REFUSED :
		    ares_strerror(status);
		answer_all(q, &ans);
	}
	query_free(q);
}

static void
query_done(void *arg, int status, int timeouts, unsigned char *abuf,
    int alen)
{
	struct live_query	*q = arg;
	struct live		*lv = q->live;
	struct live_query	**slot;

	(void)timeouts;
	lv->inflight--;
	q->chan->inflight--;
	if (lv->sending && status != ARES_EDESTRUCTION &&
	    status != ARES_ECANCELLED && wake_up(lv) &&
	    (slot = mx_vec_push(&lv->deferred, &lv->ndeferred,
	    &lv->capdeferred, sizeof(*slot))) != NULL) {
		/* no answer bytes survive the callback: only failures come
		 * back synchronously */
		q->status = status == ARES_SUCCESS ? ARES_EBADRESP : status;
		*slot = q;
		return;
	}
	finish_query(q, status, abuf, alen);
}

/* The lowercased cache key of q into buf: "name/type", then "/fN" when
 * the flags are not RD alone and "@server#port" when q names a server. */
static char *
query_key(const mx_query *q, char *buf, size_t size)
{
	size_t n;

	if (cache_key_buf(q->name, q->type, buf, size) == NULL)
		return NULL;
	n = strlen(buf);
	if (q->flags != MX_QUERY_RD || q->server != NULL) {
		int m = snprintf(buf + n, size - n, "/f%u@%s#%u", q->flags,
		    q->server ? q->server : "", q->port ? q->port : 53);

		if (m < 0 || (size_t)m >= size - n)
			return NULL;
	}
	return buf;
}

/* Makes a c-ares channel with the source's options; servers NULL: the
 * configured ones (@server or resolv.conf). */
static int
chan_init(struct live *lv, struct chan *ch, const char *servers)
{
	struct ares_options ao = lv->ao;

	ao.sock_state_cb = chan_sock_state;
	ao.sock_state_cb_data = ch;
	if (ares_init_options(&ch->channel, &ao, lv->aomask |
	    ARES_OPT_SOCK_STATE_CB) != ARES_SUCCESS) {
		ch->channel = NULL;
		return -1;
	}
	if (servers != NULL &&
	    ares_set_servers_ports_csv(ch->channel, servers) != ARES_SUCCESS) {
		ares_destroy(ch->channel);
		ch->channel = NULL;
		return -1;
	}
	return 0;
}

/* The channel that asks q's server, made on first use. */
static struct chan *
chan_for(struct live *lv, const mx_query *q)
{
	struct chan	*ch;
	char		*csv;
	unsigned	 port = q->port ? q->port : 53;

	if (q->server == NULL)
		return lv->chans;
	for (ch = lv->chans->next; ch != NULL; ch = ch->next)
		if (strcmp(ch->report, q->server) == 0 && ch->port == port)
			return ch;
	csv = strchr(q->server, ':') ? mx_asprintf("[%s]:%u", q->server,
	    port) : mx_asprintf("%s:%u", q->server, port);
	if (csv == NULL || (ch = calloc(1, sizeof(*ch))) == NULL) {
		free(csv);
		return NULL;
	}
	ch->live = lv;
	ch->servers = csv;
	ch->port = port;
	if ((ch->report = strdup(q->server)) == NULL ||
	    chan_init(lv, ch, csv) != 0) {
		free(ch->report);
		free(ch->servers);
		free(ch);
		return NULL;
	}
	ch->next = lv->chans->next;
	lv->chans->next = ch;
	return ch;
}

static mx_status
live_query(void *impl, const mx_query *mq, mx_answer_fn fn, void *arg)
{
	struct live		*lv = impl;
	struct live_query	*q, *leader;
	struct local_answer	*la;
	struct cached		*hit;
	struct waiter		*w;
	struct chan		*ch;
	ldns_rdf		*qname;
	uint8_t			*wire = NULL;
	size_t			 wlen = 0;
	char			 key[KEY_MAX + 80];

	/* a name longer than this is no DNS name */
	if (query_key(mq, key, sizeof(key)) == NULL)
		return MX_ERR_NAME;
	/* answered from the cache or by the same question on the wire:
	 * nothing to allocate but a slot */
	if ((hit = cache_get(lv, key)) != NULL) {
		if (!wake_up(lv) || (la = mx_vec_push(&lv->local,
		    &lv->nlocal, &lv->caplocal, sizeof(*la))) == NULL)
			return MX_ERR_NOMEM;
		hit->refs++;
		la->hit = hit;
		la->fn = fn;
		la->arg = arg;
		lv->stats.cache_hits++;
		return MX_OK;
	}
	if ((leader = mx_map_get(lv->pending, key)) != NULL) {
		if ((w = calloc(1, sizeof(*w))) == NULL)
			return MX_ERR_NOMEM;
		w->fn = fn;
		w->arg = arg;
		w->next = leader->waiters;
		leader->waiters = w;
		lv->stats.coalesced++;
		return MX_OK;
	}
	if ((ch = chan_for(lv, mq)) == NULL)
		return MX_ERR_NETWORK;
	if ((q = calloc(1, sizeof(*q))) == NULL)
		return MX_ERR_NOMEM;
	if ((q->name = strdup(mq->name)) == NULL ||
	    (q->key = strdup(key)) == NULL) {
		query_free(q);
		return MX_ERR_NOMEM;
	}
	q->live = lv;
	q->chan = ch;
	q->type = mq->type;
	q->fn = fn;
	q->arg = arg;
	if ((qname = ldns_dname_new_frm_str(mq->name)) == NULL) {
		query_free(q);
		return MX_ERR_NAME;
	}
	/* EDNS0 with the DNS flag day 2020 buffer size */
	wire = mx_query_wire(ldns_rdf_data(qname), ldns_rdf_size(qname),
	    mq->type, (uint16_t)random(), 1232, mq->flags, &wlen);
	ldns_rdf_deep_free(qname);
	if (wire == NULL)
		goto nomem;
	if (mx_map_put(lv->pending, q->key, q) != MX_OK) {
		free(wire);
		goto nomem;
	}
	q->wire = wire;
	q->wlen = wlen;
	q->tries = 1;
	send_query(q);
	return MX_OK;
nomem:
	query_free(q);
	return MX_ERR_NOMEM;
}

/* Hands over the failures c-ares reported inside ares_send and the
 * answers found in the cache before this round. */
static void
live_wake(void *arg)
{
	struct live		 *lv = arg;
	struct live_query	**deferred = lv->deferred;
	struct local_answer	 *local = lv->local;
	size_t			  nd = lv->ndeferred, nl = lv->nlocal, i;

	lv->wake = NULL;
	lv->deferred = NULL;
	lv->ndeferred = lv->capdeferred = 0;
	lv->local = NULL;
	lv->nlocal = lv->caplocal = 0;
	for (i = 0; i < nd; i++)
		finish_query(deferred[i], deferred[i]->status, NULL, 0);
	free(deferred);
	for (i = 0; i < nl; i++) {
		local[i].fn(local[i].arg, local[i].hit->view);
		cached_release(local[i].hit);
	}
	free(local);
}

/* Makes the configured channel, if there is none. */
static mx_status
live_attach(void *impl, mx_loop *loop)
{
	struct live *lv = impl;

	lv->loop = loop;
	if (lv->chans->channel == NULL &&
	    chan_init(lv, lv->chans, lv->server_csv) != 0) {
		lv->loop = NULL;
		return MX_ERR_SOURCE;
	}
	return MX_OK;
}

/*
 * Forgets everything in flight: the channels go (c-ares closes their
 * sockets, which unwatches them, and calls every query back with
 * ARES_EDESTRUCTION, which frees it silently), as do the answers waiting
 * for the next round.  The configured channel is made again on the next
 * attach.
 */
static void
live_detach(void *impl)
{
	struct live	*lv = impl;
	struct chan	*ch, *next;
	size_t		 i;

	for (ch = lv->chans; ch != NULL; ch = next) {
		next = ch->next;
		mx_loop_cancel(lv->loop, ch->timer);
		ch->timer = NULL;
		if (ch->channel != NULL)
			ares_destroy(ch->channel);
		ch->channel = NULL;
		if (ch != lv->chans) {
			free(ch->servers);
			free(ch->report);
			free(ch);
		}
	}
	lv->chans->next = NULL;
	mx_loop_cancel(lv->loop, lv->wake);
	lv->wake = NULL;
	for (i = 0; i < lv->nlocal; i++)
		cached_release(lv->local[i].hit);
	free(lv->local);
	lv->local = NULL;
	lv->nlocal = lv->caplocal = 0;
	for (i = 0; i < lv->ndeferred; i++) {
		mx_map_del(lv->pending, lv->deferred[i]->key);
		query_abandon(lv->deferred[i]);
	}
	free(lv->deferred);
	lv->deferred = NULL;
	lv->ndeferred = lv->capdeferred = 0;
	lv->loop = NULL;
}

static void
cache_entry_free(void *p)
{
	cached_release(p);
}

static void
live_free(void *impl)
{
	struct live *lv = impl;

	if (lv == NULL)
		return;
	if (lv->chans != NULL && lv->chans->channel != NULL)
		ares_destroy(lv->chans->channel);
	free(lv->chans);
	mx_map_free(lv->pending, NULL);
	mx_map_free(lv->cache, cache_entry_free);
	free(lv->server);
	free(lv->server_csv);
	free(lv->resolv_conf);
	free(lv);
	ares_library_cleanup();
}

/*
 * Resolves a server name or address to "addr" strings for c-ares, keeping
 * the family asked for (0: both).
 */
static char *
server_list(const char *server, unsigned port, int family, char **err)
{
	struct addrinfo	 hints, *res = NULL, *ai;
	char		*csv = NULL;
	int		 rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = family == 4 ? AF_INET : family == 6 ? AF_INET6 :
	    AF_UNSPEC;
	hints.ai_socktype = SOCK_DGRAM;
	if ((rc = getaddrinfo(server, NULL, &hints, &res)) != 0) {
		*err = mx_asprintf("@%s: %s", server, gai_strerror(rc));
		return NULL;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		char	 host[INET6_ADDRSTRLEN], *next;
		void	*a = ai->ai_family == AF_INET ?
		    (void *)&((struct sockaddr_in *)ai->ai_addr)->sin_addr :
		    (void *)&((struct sockaddr_in6 *)ai->ai_addr)->sin6_addr;

		if (inet_ntop(ai->ai_family, a, host, sizeof(host)) == NULL)
			continue;
		next = ai->ai_family == AF_INET6 ?
		    mx_asprintf("%s%s[%s]:%u", csv ? csv : "", csv ? "," : "",
		    host, port) : mx_asprintf("%s%s%s:%u", csv ? csv : "",
		    csv ? "," : "", host, port);
		free(csv);
		if ((csv = next) == NULL)
			break;
	}
	freeaddrinfo(res);
	if (csv == NULL)
		*err = mx_asprintf("@%s: no %saddress", server,
		    family == 4 ? "IPv4 " : family == 6 ? "IPv6 " : "");
	return csv;
}

/*
 * the nameserver lines of a resolv.conf, read before c-ares
 * reads it.  c-ares 1.18 and glibc take "nameserver ADDRESS" only: a line
 * "nameserver 127.0.0.1:5353" or "[::1]:5353" is no address to them, and
 * with no other line they fall back to 127.0.0.1 port 53 without a word.
 * mxdig understands those ports: when one line has one, *csv is every
 * line's "addr:port" (port: the line's, else port) for c-ares to use as
 * given.  strict (--resolv-conf): a value that is no address, and a file
 * with no nameserver line, are errors naming file and line.  Returns 0,
 * or -1 with *err.
 */
static int
resolv_servers(FILE *fp, const char *path, unsigned port, int strict,
    char **csv, char **err)
{
	char		 line[1024], *list = NULL;
	unsigned long	 lineno = 0;
	size_t		 n = 0;
	int		 ported = 0;

	*csv = NULL;
	while (fgets(line, sizeof(line), fp) != NULL) {
		char		*v, *end, addr[INET6_ADDRSTRLEN + 16], *next;
		unsigned char	 bin[sizeof(struct in6_addr)];
		unsigned long	 p = port;
		int		 v6, has_port = 0;
		size_t		 alen;

		lineno++;
		if (strncmp(line, "nameserver", 10) != 0 ||
		    (line[10] != ' ' && line[10] != '\t'))
			continue;
		for (v = line + 10; *v == ' ' || *v == '\t'; v++)
			;
		end = v + strcspn(v, " \t\r\n#;");
		*end = '\0';
		if (*v == '\0')
			continue;
		v6 = *v == '[' || strchr(v, ':') != strrchr(v, ':');
		if (*v == '[') {
			char *close = strchr(v, ']');

			if (close == NULL || (close[1] != '\0' &&
			    close[1] != ':'))
				goto bad;
			alen = (size_t)(close - v - 1);
			if (alen >= sizeof(addr))
				goto bad;
			memcpy(addr, v + 1, alen);
			addr[alen] = '\0';
			if (close[1] == ':') {
				has_port = 1;
				v = close + 2;
			}
		} else if (!v6 && strchr(v, ':') != NULL) {
			alen = (size_t)(strchr(v, ':') - v);
			if (alen >= sizeof(addr))
				goto bad;
			memcpy(addr, v, alen);
			addr[alen] = '\0';
			has_port = 1;
			v += alen + 1;
		} else {
			if (strlen(v) >= sizeof(addr))
				goto bad;
			strcpy(addr, v);
			/* a link-local zone index (fe80::1%eth0) */
			if (v6 && strchr(addr, '%') != NULL)
				*strchr(addr, '%') = '\0';
		}
		if (has_port) {
			char *pe;

			errno = 0;
			if (*v < '0' || *v > '9')
				goto badport;
			p = strtoul(v, &pe, 10);
			if (errno != 0 || *pe != '\0' || p == 0 || p > 65535)
				goto badport;
			ported = 1;
		}
		if (inet_pton(v6 ? AF_INET6 : AF_INET, addr, bin) != 1)
			goto bad;
		next = mx_asprintf(v6 ? "%s%s[%s]:%lu" : "%s%s%s:%lu",
		    list ? list : "", list ? "," : "", addr, p);
		free(list);
		if ((list = next) == NULL) {
			*err = mx_asprintf("out of memory");
			return -1;
		}
		n++;
		continue;
bad:
		if (!strict)
			continue;
		*err = mx_asprintf("%s:%lu: nameserver '%s' is not an IPv4 or "
		    "IPv6 address (ADDRESS, ADDRESS:PORT or [IPV6]:PORT)",
		    path, lineno, v);
		free(list);
		return -1;
badport:
		if (!strict)
			continue;
		*err = mx_asprintf("%s:%lu: nameserver port '%s' is not a "
		    "number from 1 to 65535", path, lineno, v);
		free(list);
		return -1;
	}
	if (ferror(fp)) {
		*err = mx_asprintf("%s: read error", path);
		free(list);
		return -1;
	}
	if (strict && n == 0) {
		*err = mx_asprintf("%s: no nameserver line (\"nameserver "
		    "ADDRESS\")", path);
		free(list);
		return -1;
	}
	if (ported)
		*csv = list;
	else
		free(list);
	return 0;
}

/* ---- options ---- */

mx_status
mx_live_options_new(mx_live_options **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? MX_OK : MX_ERR_NOMEM;
}

void
mx_live_options_free(mx_live_options *lo)
{
	if (lo == NULL)
		return;
	free(lo->server);
	free(lo->resolv_conf);
	free(lo);
}

mx_status
mx_live_options_set_server(mx_live_options *lo, const char *server)
{
	return mx_str_replace(&lo->server, server);
}

mx_status
mx_live_options_set_port(mx_live_options *lo, unsigned port)
{
	if (port > 65535)
		return MX_ERR_ARG;
	lo->port = port;
	return MX_OK;
}

mx_status
mx_live_options_set_family(mx_live_options *lo, int family)
{
	if (family != 0 && family != 4 && family != 6)
		return MX_ERR_ARG;
	lo->family = family;
	return MX_OK;
}

mx_status
mx_live_options_set_tcp(mx_live_options *lo, int tcp)
{
	lo->tcp = tcp != 0;
	return MX_OK;
}

mx_status
mx_live_options_set_timeout(mx_live_options *lo, unsigned ms)
{
	if (ms > 3600000)
		return MX_ERR_ARG;
	lo->timeout_ms = ms;
	return MX_OK;
}

mx_status
mx_live_options_set_tries(mx_live_options *lo, unsigned tries)
{
	if (tries > 100)
		return MX_ERR_ARG;
	lo->tries = tries;
	return MX_OK;
}

mx_status
mx_live_options_set_resolv_conf(mx_live_options *lo, const char *path)
{
	return mx_str_replace(&lo->resolv_conf, path);
}

mx_status
mx_live_options_set_cache(mx_live_options *lo, size_t entries)
{
	lo->cache = entries;
	lo->cache_set = 1;
	return MX_OK;
}

/* The configured servers as reports show them ("addr,addr"). */
static char *
configured_servers(ares_channel channel)
{
	struct ares_addr_port_node	*list = NULL, *p;
	char				*out = NULL;

	if (ares_get_servers_ports(channel, &list) != ARES_SUCCESS)
		return NULL;
	for (p = list; p != NULL; p = p->next) {
		char	 host[INET6_ADDRSTRLEN], *next;

		if (inet_ntop(p->family, &p->addr, host, sizeof(host)) == NULL)
			continue;
		next = mx_asprintf("%s%s%s", out ? out : "", out ? "," : "",
		    host);
		free(out);
		if ((out = next) == NULL)
			break;
	}
	ares_free_data(list);
	return out;
}

mx_status
mx_live_source(const mx_live_options *lo, mx_source **out, char **err)
{
	static const mx_live_options	 dflt;
	struct live			*lv;
	struct ares_options		*ao;
	mx_status			 st;

	*out = NULL;
	*err = NULL;
	if (lo == NULL)
		lo = &dflt;
	if (ares_library_init(ARES_LIB_INIT_ALL) != ARES_SUCCESS) {
		*err = mx_asprintf("c-ares could not be initialised");
		return MX_ERR_SOURCE;
	}
	if ((lv = calloc(1, sizeof(*lv))) == NULL ||
	    (lv->chans = calloc(1, sizeof(*lv->chans))) == NULL ||
	    (lv->cache = mx_map_new_borrowing()) == NULL ||
	    (lv->pending = mx_map_new()) == NULL ||
	    (lo->resolv_conf != NULL &&
	    (lv->resolv_conf = strdup(lo->resolv_conf)) == NULL)) {
		live_free(lv);
		if (lv == NULL)
			ares_library_cleanup();
		return MX_ERR_NOMEM;
	}
	lv->chans->live = lv;
	lv->cache_max = lo->cache_set ? lo->cache : MX_CACHE_DEFAULT;
	lv->cache_budget = lv->cache_max * MX_CACHE_ANSWER_BYTES;
	ao = &lv->ao;
	lv->aomask = ARES_OPT_FLAGS | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES;
	ao->flags = ARES_FLAG_NOCHECKRESP | ARES_FLAG_NOSEARCH |
	    (lo->tcp ? ARES_FLAG_USEVC : 0);
	ao->timeout = (int)(lo->timeout_ms ? lo->timeout_ms : 5000);
	ao->tries = 1;
	lv->tries = lo->tries ? lo->tries : 2;
	if (lv->resolv_conf != NULL) {
		lv->aomask |= ARES_OPT_RESOLVCONF;
		ao->resolvconf_path = lv->resolv_conf;
	}
	if (lo->port != 0 && lo->port != 53 && lo->server == NULL) {
		lv->aomask |= ARES_OPT_UDP_PORT | ARES_OPT_TCP_PORT;
		ao->udp_port = (unsigned short)lo->port;
		ao->tcp_port = (unsigned short)lo->port;
	}
	lv->port = lo->port ? lo->port : 53;
	lv->family = lo->family;
	/* thousands of answers at once: a larger receive buffer keeps the
	 * kernel from dropping them */
	lv->aomask |= ARES_OPT_SOCK_RCVBUF;
	ao->socket_receive_buffer_size = 4 * 1024 * 1024;
	if (lo->server != NULL) {
		lv->server_csv = server_list(lo->server, lv->port,
		    lo->family, err);
		if (lv->server_csv == NULL) {
			live_free(lv);
			return MX_ERR_ARG;
		}
	}
	/* c-ares reads the file itself, and would wait on a FIFO or read a
	 * device forever: refuse what is not a regular file first */
	if (lv->resolv_conf != NULL) {
		const char	*why;
		FILE		*fp;

		if ((fp = mx_open_input(lv->resolv_conf, 0, NULL, &why)) ==
		    NULL) {
			*err = mx_asprintf("%s: %s", lv->resolv_conf, why);
			live_free(lv);
			return MX_ERR_SOURCE;
		}
		/* its nameserver lines, ports understood */
		if (lo->server == NULL && resolv_servers(fp, lv->resolv_conf,
		    lv->port, 1, &lv->server_csv, err) != 0) {
			fclose(fp);
			live_free(lv);
			return MX_ERR_SOURCE;
		}
		fclose(fp);
	} else if (lo->server == NULL) {
		/* the system's file, ports understood; what else
		 * is wrong in it stays c-ares' (and glibc's) business */
		FILE *fp = fopen("/etc/resolv.conf", "r");

		if (fp != NULL) {
			int rc = resolv_servers(fp, "/etc/resolv.conf",
			    lv->port, 0, &lv->server_csv, err);

			fclose(fp);
			if (rc != 0) {
				live_free(lv);
				return MX_ERR_SOURCE;
			}
		}
	}
	/* made once here, to say what is wrong with the configuration */
	if (chan_init(lv, lv->chans, lv->server_csv) != 0) {
		*err = lo->server != NULL ? mx_asprintf("@%s: cannot use "
		    "its addresses", lo->server) : mx_asprintf("%s: cannot be "
		    "read or used", lv->resolv_conf ? lv->resolv_conf :
		    "resolver configuration");
		live_free(lv);
		return lo->server != NULL ? MX_ERR_ARG : MX_ERR_SOURCE;
	}
	lv->server = lv->server_csv ? strdup(lv->server_csv) :
	    configured_servers(lv->chans->channel);
	if (lv->server == NULL || *lv->server == '\0') {
		*err = mx_asprintf("%s: no name servers", lv->resolv_conf ?
		    lv->resolv_conf : "/etc/resolv.conf");
		live_free(lv);
		return MX_ERR_SOURCE;
	}
	if ((lv->chans->report = lv->server) != NULL)
		lv->chans->port = lv->port;
	if ((st = mx_source_new(mx_kind_live, lv, live_query, out)) != MX_OK) {
		live_free(lv);
		return st;
	}
	mx_source_set_attach(*out, live_attach);
	mx_source_set_detach(*out, live_detach);
	mx_source_set_free(*out, live_free);
	return MX_OK;
}

/* The live source inside src: itself, or a chain's second source. */
const struct mx_live_stats *
mx_live_stats(const mx_source *src)
{
	struct live *lv = mx_source_impl_of(src, mx_kind_live);

	if (lv == NULL && (src = mx_chain_second(src)) != NULL)
		lv = mx_source_impl_of(src, mx_kind_live);
	if (lv == NULL)
		return NULL;
	lv->stats.cache_entries = mx_map_count(lv->cache);
	return &lv->stats;
}

/* ---- the resolvers for libunbound ---- */

/*
 * The servers the live source inside src asks, as libunbound's
 * ub_ctx_set_fwd takes them ("addr@port", comma-separated): @server's
 * addresses ("addr:port", "[v6]:port" in server_csv) or the configured
 * ones (lv->server, "addr,addr", on lv->port).  NULL when src holds no
 * live source or out of memory.
 */
char *
mx_live_forwarders(const mx_source *src)
{
	struct live	*lv = mx_source_impl_of(src, mx_kind_live);
	const char	*p;
	char		*out = NULL;

	if (lv == NULL && (src = mx_chain_second(src)) != NULL)
		lv = mx_source_impl_of(src, mx_kind_live);
	if (lv == NULL || lv->server == NULL)
		return NULL;
	for (p = lv->server; *p != '\0';) {
		size_t		 n = strcspn(p, ",");
		char		 item[INET6_ADDRSTRLEN + 16], *next;
		const char	*port = NULL;
		unsigned	 pn = lv->port;

		if (n >= sizeof(item))
			goto next;
		memcpy(item, p, n);
		item[n] = '\0';
		if (lv->server_csv != NULL) {
			char *colon = strrchr(item, ':');

			if (colon != NULL && strchr(colon, ']') == NULL) {
				*colon = '\0';
				port = colon + 1;
			}
			if (item[0] == '[') {
				memmove(item, item + 1, strlen(item));
				item[strcspn(item, "]")] = '\0';
			}
		}
		next = port ? mx_asprintf("%s%s%s@%s", out ? out : "",
		    out ? "," : "", item, port) : mx_asprintf("%s%s%s@%u",
		    out ? out : "", out ? "," : "", item, pn);
		free(out);
		if ((out = next) == NULL)
			return NULL;
next:
		p += n;
		if (*p == ',')
			p++;
	}
	return out;
}

/* How long the live source inside src keeps at one question (each try's
 * timeout times the tries), for the validator beside it; 0 when src
 * holds no live source. */
unsigned
mx_live_patience_ms(const mx_source *src)
{
	struct live *lv = mx_source_impl_of(src, mx_kind_live);

	if (lv == NULL && (src = mx_chain_second(src)) != NULL)
		lv = mx_source_impl_of(src, mx_kind_live);
	if (lv == NULL)
		return 0;
	return (unsigned)(lv->ao.timeout > 0 ? lv->ao.timeout : 5000) *
	    (lv->tries ? lv->tries : 2);
}

int
mx_live_family(const mx_source *src)
{
	struct live *lv = mx_source_impl_of(src, mx_kind_live);

	if (lv == NULL && (src = mx_chain_second(src)) != NULL)
		lv = mx_source_impl_of(src, mx_kind_live);
	return lv != NULL ? lv->family : 0;
}

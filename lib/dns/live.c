/*
 * live.c -- the only code that touches the network.
 *
 * Queries are built with ldns, sent and timed by c-ares (retries, TCP
 * fallback on truncation), and the answers parsed with ldns and reduced
 * to an mx_rcode before anyone looks at them.  Every query is in flight
 * at once, on the context's loop: c-ares tells which sockets to watch
 * (ARES_OPT_SOCK_STATE_CB) and a timer per channel wakes it for its
 * timeouts; the source has no loop of its own.  ARES_FLAG_NOCHECKRESP
 * makes c-ares hand SERVFAIL and REFUSED over instead of retrying them
 * away, so they are reported as what they are.
 *
 * An answer that holds a CNAME chain is delivered one hop at a time, as
 * the resolver expects; the rest of the chain is kept in a small cache
 * for its TTL, so following it costs no further round trip.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ares.h>
#include <ldns/ldns.h>

#include "internal.h"
#include "loop.h"

/* A cached answer: what a later query of name/type is told.  Queries
 * answered from the cache hold a reference, so an entry dropped from
 * the cache lives on until they are answered.  One allocation holds the
 * entry, its records, their strings and the key. */
struct cached {
	char			*key;
	enum mx_rcode		 rcode;
	struct mx_record	*records;
	size_t			 n;
	time_t			 expires;
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
	mx_loop			*loop;		/* attached to */
	mx_timer		*wake;		/* hands over local answers */
	struct mx_map		*cache;
	struct cached		*lru_head, *lru_tail;
	size_t			 cache_max;
	struct mx_map		*pending;	/* key -> query in flight */
	struct local_answer	*local;		/* answered from the cache */
	size_t			 nlocal, caplocal;
	size_t			 inflight;
	unsigned		 tries;		/* --tries */
	int			 additional;	/* takes exchanges' addresses
						 * from the MX answer */
	int			 sending;	/* inside ares_send */
	struct live_query	**deferred;	/* failed inside ares_send */
	size_t			 ndeferred, capdeferred;
	struct mx_live_stats	 stats;
};

static void
cached_release(struct cached *c)
{
	if (c == NULL || --c->refs > 0)
		return;
	free(c);
}

/* Takes c out of the map and the LRU list; frees it unless referenced. */
static void
cache_drop(struct live *lv, struct cached *c)
{
	mx_map_del(lv->cache, c->key);
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

static char *
cache_key(const char *name, uint16_t type)
{
	char buf[KEY_MAX];

	return cache_key_buf(name, type, buf, sizeof(buf)) ? strdup(buf) :
	    NULL;
}

static size_t
str_size(const char *s)
{
	return s ? strlen(s) + 1 : 0;
}

/* Copies s to *p and moves *p past it; NULL stays NULL. */
static char *
pack_str(char **p, const char *s)
{
	char *out;

	if (s == NULL)
		return NULL;
	out = memcpy(*p, s, strlen(s) + 1);
	*p += strlen(s) + 1;
	return out;
}

/* Stores a copy of an answer under key ("name/type") for ttl seconds.
 * The least recently used entries make room; an answer that cannot be
 * copied is not kept. */
static void
cache_put(struct live *lv, const char *key, enum mx_rcode rcode,
    const struct mx_record *recs, size_t n, uint32_t ttl)
{
	struct cached	*c, *old;
	size_t		 i, size = sizeof(*c) + n * sizeof(*recs) +
			    strlen(key) + 1;
	char		*p;

	if (ttl == 0 || lv->cache_max == 0)
		return;
	for (i = 0; i < n; i++)
		size += str_size(recs[i].owner) + str_size(recs[i].target) +
		    str_size(recs[i].address) + str_size(recs[i].ignore) +
		    str_size(recs[i].written);
	if ((c = malloc(size)) == NULL)
		return;
	memset(c, 0, sizeof(*c));
	c->refs = 1;
	c->rcode = rcode;
	c->expires = time(NULL) + (time_t)ttl;
	c->n = n;
	/* the records right after the entry (both 8-aligned), then the
	 * strings */
	c->records = n > 0 ? (struct mx_record *)(c + 1) : NULL;
	p = (char *)(c + 1) + n * sizeof(*recs);
	for (i = 0; i < n; i++) {
		struct mx_record *r = &c->records[i];

		*r = recs[i];
		r->owner = pack_str(&p, recs[i].owner);
		r->target = pack_str(&p, recs[i].target);
		r->address = pack_str(&p, recs[i].address);
		r->ignore = pack_str(&p, recs[i].ignore);
		r->written = pack_str(&p, recs[i].written);
	}
	c->key = pack_str(&p, key);
	if ((old = mx_map_get(lv->cache, c->key)) != NULL)
		cache_drop(lv, old);
	while (mx_map_count(lv->cache) >= lv->cache_max && lv->lru_tail) {
		cache_drop(lv, lv->lru_tail);
		lv->stats.cache_evicted++;
	}
	/* the map borrows c->key */
	if (mx_map_put(lv->cache, c->key, c) != MX_OK) {
		cached_release(c);
		return;
	}
	lru_front(lv, c);
}

/* The live entry for key, marked recently used; expired ones go. */
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

/* Converts one ldns record of a type we keep, whose owner is written
 * owner; 0 when skipped. */
static int
convert(const ldns_rr *rr, const char *owner, struct mx_record *out)
{
	ldns_rr_type t = ldns_rr_get_type(rr);

	memset(out, 0, sizeof(*out));
	switch (t) {
	case LDNS_RR_TYPE_MX:
		if (ldns_rr_rd_count(rr) != 2)
			return 0;
		out->type = MX_TYPE_MX;
		out->preference = ldns_rdf2native_int16(ldns_rr_rdf(rr, 0));
		out->target = mx_rdf_str(ldns_rr_rdf(rr, 1));
		break;
	case LDNS_RR_TYPE_CNAME:
		if (ldns_rr_rd_count(rr) != 1)
			return 0;
		out->type = MX_TYPE_CNAME;
		out->target = mx_rdf_str(ldns_rr_rdf(rr, 0));
		break;
	case LDNS_RR_TYPE_A:
	case LDNS_RR_TYPE_AAAA:
		if (ldns_rr_rd_count(rr) != 1)
			return 0;
		out->type = t == LDNS_RR_TYPE_A ? MX_TYPE_A : MX_TYPE_AAAA;
		out->address = mx_rdf_str(ldns_rr_rdf(rr, 0));
		break;
	default:
		return 0;
	}
	out->owner = strdup(owner);
	out->ttl = ldns_rr_ttl(rr);
	if (out->owner == NULL || (out->target == NULL &&
	    out->address == NULL)) {
		mx_record_clear(out);
		return 0;
	}
	return 1;
}

/* The records of the answer section owned by name with type. */
static size_t
collect(const ldns_rr_list *an, const char *name, uint16_t type,
    struct mx_record **out)
{
	size_t i, n = 0, cap = 0;

	*out = NULL;
	for (i = 0; i < ldns_rr_list_rr_count(an); i++) {
		const ldns_rr		*rr = ldns_rr_list_rr(an, i);
		struct mx_record	 rec, *slot;
		char			 owner[MX_NAME_TEXT_MAX];

		/* the owner first: most records of a section are someone
		 * else's, and need not be converted */
		if ((uint16_t)ldns_rr_get_type(rr) != type ||
		    ldns_rr_get_class(rr) != LDNS_RR_CLASS_IN ||
		    mx_rdf_name_buf(ldns_rr_owner(rr), owner) == NULL ||
		    !mx_name_eq(owner, name) || !convert(rr, owner, &rec))
			continue;
		if ((slot = mx_vec_push(out, &n, &cap, sizeof(*slot))) ==
		    NULL) {
			mx_record_clear(&rec);
			continue;
		}
		*slot = rec;
	}
	return n;
}

static uint32_t
min_ttl(const struct mx_record *r, size_t n, uint32_t dflt)
{
	size_t		i;
	uint32_t	m = dflt;

	for (i = 0; i < n; i++)
		if (i == 0 || r[i].ttl < m)
			m = r[i].ttl;
	return m;
}

/* The negative-caching TTL of an answer (RFC 2308 §5): SOA minimum. */
static uint32_t
negative_ttl(const ldns_pkt *pkt)
{
	const ldns_rr_list	*ns = ldns_pkt_authority(pkt);
	size_t			 i;

	for (i = 0; i < ldns_rr_list_rr_count(ns); i++) {
		const ldns_rr *rr = ldns_rr_list_rr(ns, i);

		if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_SOA &&
		    ldns_rr_rd_count(rr) == 7) {
			uint32_t m = ldns_rdf2native_int32(ldns_rr_rdf(rr, 6));

			return m < ldns_rr_ttl(rr) ? m : ldns_rr_ttl(rr);
		}
	}
	return 0;
}

static const char *
rcode_text(ldns_pkt_rcode rc)
{
	switch (rc) {
	case LDNS_RCODE_SERVFAIL:	return "SERVFAIL";
	case LDNS_RCODE_REFUSED:	return "REFUSED";
	case LDNS_RCODE_NOTIMPL:	return "NOTIMP";
	case LDNS_RCODE_FORMERR:	return "FORMERR";
	default:			return "error rcode";
	}
}

/*
 * Additional section processing (RFC 1035 §3.3.9): with an MX answer, a
 * server sends the A and AAAA records it holds of the exchanges.  When the
 * answer is authoritative, those of exchanges at or below the domain
 * belong to the zone it has just answered for with authority: the same
 * records an address query to it would get.  (RFC 2181 §5.4.1 ranks
 * additional data low because in general its zone is unknown; here it is
 * known, short of a delegation below the domain, whose data NSD does not
 * add.)  They go to the cache, so the address queries that follow need no
 * round trip.  Only an RRset that is there counts: a type missing from the
 * section, a CNAME at the exchange or any other exchange is still asked.
 */
static void
cache_additional(struct live *lv, const ldns_pkt *pkt, const char *domain,
    const struct mx_record *mx, size_t nmx)
{
	struct bucket {
		struct mx_record	*recs;
		size_t			 n, cap;
	}			*b;
	const ldns_rr_list	*ad = ldns_pkt_additional(pkt);
	size_t			 i, j, nad = ldns_rr_list_rr_count(ad);
	char			 key[KEY_MAX];

	if (nad == 0 || (b = calloc(nmx * 2, sizeof(*b))) == NULL)
		return;
	/* one pass over the section; each record's owner written once */
	for (j = 0; j < nad; j++) {
		const ldns_rr	*rr = ldns_rr_list_rr(ad, j);
		ldns_rr_type	 t = ldns_rr_get_type(rr);
		char		 owner[MX_NAME_TEXT_MAX];

		if ((t != LDNS_RR_TYPE_A && t != LDNS_RR_TYPE_AAAA) ||
		    ldns_rr_get_class(rr) != LDNS_RR_CLASS_IN ||
		    mx_rdf_name_buf(ldns_rr_owner(rr), owner) == NULL)
			continue;
		for (i = 0; i < nmx; i++) {
			struct bucket		*bk = &b[2 * i +
			    (t == LDNS_RR_TYPE_AAAA)];
			struct mx_record	 rec, *slot;

			if (!mx_name_eq(owner, mx[i].target) ||
			    !mx_name_under(mx[i].target, domain) ||
			    !convert(rr, owner, &rec))
				continue;
			if ((slot = mx_vec_push(&bk->recs, &bk->n, &bk->cap,
			    sizeof(*slot))) == NULL) {
				mx_record_clear(&rec);
				continue;
			}
			*slot = rec;
		}
	}
	for (i = 0; i < 2 * nmx; i++) {
		uint16_t type = i % 2 ? MX_TYPE_AAAA : MX_TYPE_A;

		if (b[i].n == 0)
			continue;
		/* a target listed twice is put twice, the same */
		if (cache_key_buf(mx[i / 2].target, type, key,
		    sizeof(key)) != NULL)
			cache_put(lv, key, MX_ANSWER_OK, b[i].recs, b[i].n,
			    min_ttl(b[i].recs, b[i].n, 0));
		mx_records_free(b[i].recs, b[i].n);
	}
	free(b);
}

/*
 * Reduces a response to the answer for q: its rcode and the records of
 * the asked name.  A CNAME chain is answered one hop (rcode CNAME); the
 * later hops and the final data go to the cache.
 */
static void
deliver_packet(struct live_query *q, const ldns_pkt *pkt)
{
	struct mx_answer	 ans;
	const ldns_rr_list	*an = ldns_pkt_answer(pkt);
	ldns_pkt_rcode		 rc = ldns_pkt_get_rcode(pkt);
	struct mx_record	*recs = NULL, *cn = NULL, *first = NULL;
	size_t			 n, ncn, nfirst = 0, hop;
	char			*name, *key;

	memset(&ans, 0, sizeof(ans));
	ans.server = q->chan->report;
	ans.port = q->chan->port;
	ans.dns_rcode = (int)rc;
	ans.ede = -1;
	ans.flags = (ldns_pkt_aa(pkt) ? MX_FLAG_AA : 0) |
	    (ldns_pkt_ad(pkt) ? MX_FLAG_AD : 0) |
	    (ldns_pkt_tc(pkt) ? MX_FLAG_TC : 0);
	if (rc != LDNS_RCODE_NOERROR && rc != LDNS_RCODE_NXDOMAIN) {
		ans.rcode = MX_ANSWER_TEMPFAIL;
		ans.detail = rcode_text(rc);
		answer_all(q, &ans);
		return;
	}
	if ((name = strdup(q->name)) == NULL) {
		ans.rcode = MX_ANSWER_TEMPFAIL;
		ans.detail = "out of memory";
		answer_all(q, &ans);
		return;
	}
	/* Walk the chain; the first hop is delivered last, once the later
	 * hops are in the cache, so that following them costs nothing. */
	for (hop = 0; hop <= MX_CNAME_LIMIT; hop++) {
		enum mx_rcode	 r;
		uint32_t	 ttl;
		char		*next = NULL;

		n = collect(an, name, q->type, &recs);
		ncn = q->type == MX_TYPE_CNAME ? 0 :
		    collect(an, name, MX_TYPE_CNAME, &cn);
		if (n > 0) {
			r = MX_ANSWER_OK;
			ttl = min_ttl(recs, n, 0);
		} else if (ncn > 0) {
			r = MX_ANSWER_CNAME;
			ttl = cn[0].ttl;
			next = strdup(cn[0].target);
		} else {
			/* RFC 6604: the rcode speaks of the last name */
			r = rc == LDNS_RCODE_NXDOMAIN ? MX_ANSWER_NXDOMAIN :
			    MX_ANSWER_NODATA;
			ttl = negative_ttl(pkt);
		}
		/* every hop, the asked name too, answers later askers */
		key = hop == 0 ? q->key : cache_key(name, q->type);
		if (key != NULL)
			cache_put(q->live, key, r, r == MX_ANSWER_OK ? recs :
			    cn, r == MX_ANSWER_OK ? n : r == MX_ANSWER_CNAME ?
			    1 : 0, ttl);
		if (key != q->key)
			free(key);
		if (hop == 0) {
			ans.rcode = r;
			if (r == MX_ANSWER_OK && q->type == MX_TYPE_MX &&
			    q->live->additional && ldns_pkt_aa(pkt))
				cache_additional(q->live, pkt, q->name, recs,
				    n);
			if (r == MX_ANSWER_OK) {
				first = recs;
				nfirst = n;
				recs = NULL;
				n = 0;
			} else if (r == MX_ANSWER_CNAME) {
				first = cn;
				nfirst = ncn;
				cn = NULL;
				ncn = 0;
			}
		}
		mx_records_free(recs, n);
		mx_records_free(cn, ncn);
		recs = cn = NULL;
		free(name);
		name = next;
		if (name == NULL)
			break;
		/* a chain that leaves the answer: the resolver asks on */
		n = collect(an, name, q->type, &recs);
		ncn = collect(an, name, MX_TYPE_CNAME, &cn);
		mx_records_free(recs, n);
		mx_records_free(cn, ncn);
		recs = cn = NULL;
		if (n == 0 && ncn == 0 && rc == LDNS_RCODE_NOERROR)
			break;
	}
	free(name);
	if (ans.rcode == MX_ANSWER_CNAME) {
		ans.cnames = first;
		ans.ncnames = 1;
	} else {
		ans.records = first;
		ans.nrecords = nfirst;
	}
	answer_all(q, &ans);
	mx_records_free(first, nfirst);
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
	ldns_pkt		*pkt = NULL;

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
	if (status == ARES_SUCCESS && abuf != NULL && alen > 0 &&
	    ldns_wire2pkt(&pkt, abuf, (size_t)alen) == LDNS_STATUS_OK) {
		deliver_packet(q, pkt);
		ldns_pkt_free(pkt);
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
		    "malformed answer" : ares_strerror(status);
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
		struct mx_answer ans;

		memset(&ans, 0, sizeof(ans));
		ans.server = lv->server;
		ans.port = lv->port;
		ans.dns_rcode = ans.ede = -1;
		ans.rcode = local[i].hit->rcode;
		if (ans.rcode == MX_ANSWER_CNAME) {
			ans.cnames = local[i].hit->records;
			ans.ncnames = local[i].hit->n;
		} else {
			ans.records = local[i].hit->records;
			ans.nrecords = local[i].hit->n;
		}
		local[i].fn(local[i].arg, &ans);
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

/* Replaces *slot with a copy of s (NULL clears). */
static mx_status
set_str(char **slot, const char *s)
{
	char *copy = NULL;

	if (s != NULL && (copy = strdup(s)) == NULL)
		return MX_ERR_NOMEM;
	free(*slot);
	*slot = copy;
	return MX_OK;
}

mx_status
mx_live_options_set_server(mx_live_options *lo, const char *server)
{
	return set_str(&lo->server, server);
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
	return set_str(&lo->resolv_conf, path);
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
	lv->additional = 1;
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

/* Whether the exchanges' addresses of an authoritative MX answer are
 * cached (the CLI's --no-additional, until the resolver reads the
 * additional section itself). */
void
mx_live_set_additional(mx_source *src, int use)
{
	struct live *lv = mx_source_impl_of(src, mx_kind_live);

	if (lv == NULL && (src = mx_chain_second(src)) != NULL)
		lv = mx_source_impl_of(src, mx_kind_live);
	if (lv != NULL)
		lv->additional = use;
}

/*
 * authority.c -- the authority layer of one domain D: the zone that
 * holds it, its NS set, and what every authoritative address serves when
 * asked directly (RD=0) for D's MX and the zone's SOA.
 *
 * An explicit machine, one phase at a time, every lookup on the job's
 * list (job.h), so that the deadline and a cancel reach it as they reach
 * the path's:
 *
 *   AUTH_CUT    NS of D and of each of its ancestors at once, through the
 *               configured resolver: the deepest with an NS set is the
 *               zone (on_cut).
 *   AUTH_NS     otherwise one at a time from D's answer: a CNAME at D is
 *               followed, its last name being the one whose MX is asked;
 *               a NODATA or NXDOMAIN names the zone by its SOA, whose NS
 *               is asked next.
 *   AUTH_ADDRS  A and AAAA of every NS name at once, through the
 *               resolver; with -4 or -6 the addresses of the other
 *               family are kept as skipped, never asked.
 *   AUTH_ASK    MX of D and SOA of the zone of every address at once,
 *               directly, port 53, RD=0 (UDP, TCP on truncation: the
 *               live source does both).
 *   AUTH_DONE   every answer is in; mx_auth_finish makes the view.
 *
 * Three round trips, beside the path's two: one more on the critical
 * path (four with a CNAME at D, whose path takes three).  The live source caches NS sets, addresses
 * and the servers' answers across the domains of a batch (its cache key
 * names the server and the flags).  Bounded: AUTH_NS_MAX names,
 * AUTH_SERVERS_MAX addresses.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "job.h"
#include "authority.h"

#define AUTH_NS_MAX		16	/* NS names asked for addresses */
#define AUTH_SERVERS_MAX	32	/* addresses asked directly */
#define AUTH_ADDRS_MAX		64	/* additional records kept a server */
#define AUTH_ANCESTORS		8	/* names asked in the first round */

#define T_NS	2
#define T_SOA	6
#define RCODE_REFUSED	5

enum auth_phase {
	AUTH_CUT = 0,
	AUTH_NS,
	AUTH_ADDRS,
	AUTH_ASK,
	AUTH_DONE
};

/* One address being asked, and how its two answers went. */
struct srv {
	struct mx_auth_server	 pub;
	size_t			 ns;		/* index of its NS name */
	int			 family;
	int			 answered;	/* a DNS message came back */
	char			*lame;		/* the first lameness seen */
	char			*silent;	/* why one query got nothing */
	size_t			 capaddrs;
};

struct mx_auth {
	struct mx_check		*job;
	enum auth_phase		 phase;
	char			*mx_name;	/* D, or its canonical name */
	char			*zone;
	char			*detail;	/* the view failed: why */
	unsigned		 hops;
	int			 asked_zone;	/* NS of the zone was asked */
	size_t			 pending;	/* lookups of this phase */
	char			*ns[AUTH_NS_MAX];
	size_t			 nns;
	unsigned		 ns_pending[AUTH_NS_MAX];
	char			*ns_why[AUTH_NS_MAX];
	int			 ns_addr[AUTH_NS_MAX];
	struct srv		*srv;
	size_t			 nsrv, capsrv;
	/* AUTH_CUT: the closest OK NS answer so far (depth: labels above
	 * D), and D's own answer, for the chain and the error */
	char			*cut_name[AUTH_ANCESTORS];
	size_t			 ncut;
	size_t			 best;		/* ncut: none */
	struct mx_answer	*first;
};

const char *
mx_auth_state_name(enum mx_auth_state state)
{
	switch (state) {
	case MX_AUTH_OK:		return "ok";
	case MX_AUTH_UNREACHABLE:	return "unreachable";
	case MX_AUTH_LAME:		return "lame";
	case MX_AUTH_SKIPPED:		return "skipped";
	}
	return "?";
}

const char *
mx_authority_state_name(enum mx_authority_state state)
{
	switch (state) {
	case MX_AUTHORITY_DONE:		return "done";
	case MX_AUTHORITY_NO_ZONE:	return "no-zone";
	case MX_AUTHORITY_UNREACHABLE:	return "unreachable";
	}
	return "?";
}

/* The view failed (the zone or its NS set is not known): says why, the
 * first reason kept, and asks nothing more. */
static void
auth_fail(struct mx_auth *a, char *why)
{
	if (a->detail == NULL)
		a->detail = why;
	else
		free(why);
	a->phase = AUTH_DONE;
}

static const char *
answer_why(const struct mx_answer *ans)
{
	return ans->detail ? ans->detail : mx_rcode_name(ans->rcode);
}

static void
enter_addrs(struct mx_auth *a)
{
	size_t i;

	a->phase = AUTH_ADDRS;
	for (i = 0; i < a->nns; i++) {
		if (mx_job_query(a->job, MX_LAYER_AUTH, MX_TYPE_A, a->ns[i],
		    MX_QUERY_RD | MX_QUERY_CD, NULL, (uint32_t)i) == MX_OK) {
			a->pending++;
			a->ns_pending[i]++;
		}
		if (mx_job_query(a->job, MX_LAYER_AUTH, MX_TYPE_AAAA, a->ns[i],
		    MX_QUERY_RD | MX_QUERY_CD, NULL, (uint32_t)i) == MX_OK) {
			a->pending++;
			a->ns_pending[i]++;
		}
	}
	if (a->pending == 0)
		auth_fail(a, mx_asprintf("the addresses of the NS names of %s "
		    "could not be asked", a->zone));
}

/* Asks NS of name (the zone, or the next name of D's chain). */
static void
ask_ns(struct mx_auth *a, const char *name)
{
	if (mx_job_expired(a->job)) {
		auth_fail(a, strdup("not finished by the deadline"));
		return;
	}
	if (mx_job_query(a->job, MX_LAYER_AUTH, T_NS, name, MX_QUERY_RD |
	    MX_QUERY_CD, NULL, 0) != MX_OK) {
		auth_fail(a, mx_asprintf("NS of %s could not be asked", name));
		return;
	}
	a->pending++;
}

/* Replaces a's NS names with the distinct NS targets of ans (at most
 * AUTH_NS_MAX); MX_ERR_NOMEM keeps those taken so far. */
static mx_status
take_ns(struct mx_auth *a, const struct mx_answer *ans)
{
	size_t i, j;

	for (i = 0; i < a->nns; i++)
		free(a->ns[i]);
	a->nns = 0;
	for (i = 0; i < ans->nrecords && a->nns < AUTH_NS_MAX; i++) {
		const char *t = ans->records[i].target;

		if (t == NULL || ans->records[i].type != T_NS)
			continue;
		for (j = 0; j < a->nns; j++)
			if (mx_name_eq(a->ns[j], t))
				break;
		if (j < a->nns)
			continue;
		if ((a->ns[a->nns] = strdup(t)) == NULL)
			return MX_ERR_NOMEM;
		a->nns++;
	}
	return MX_OK;
}

static int
ns_cmp(const void *x, const void *y)
{
	return strcasecmp(*(char *const *)x, *(char *const *)y);
}

/*
 * The answer to NS of D (or of a later name of its chain, or of the
 * zone).  OK: the NS set, and its owner is the zone apex.  NODATA or
 * NXDOMAIN: the SOA of the authority section names the zone, whose NS is
 * asked.  A chain leaving the answer: its last name is asked.
 */
static void
on_ns(struct mx_auth *a, const struct mx_answer *ans)
{
	size_t i;

	if (!a->asked_zone && ans->ncnames > 0) {
		free(a->mx_name);
		if ((a->mx_name = strdup(ans->cnames[ans->ncnames -
		    1].target)) == NULL) {
			auth_fail(a, strdup("out of memory"));
			return;
		}
	}
	switch (ans->rcode) {
	case MX_ANSWER_OK:
		free(a->zone);
		if ((a->zone = strdup(ans->records[0].owner)) == NULL) {
			auth_fail(a, strdup("out of memory"));
			return;
		}
		if (take_ns(a, ans) != MX_OK) {
			auth_fail(a, strdup("out of memory"));
			return;
		}
		if (a->nns == 0) {
			auth_fail(a, mx_asprintf("the NS set of %s is empty",
			    a->zone));
			return;
		}
		/* in name order: resolvers rotate RRsets */
		qsort(a->ns, a->nns, sizeof(a->ns[0]), ns_cmp);
		enter_addrs(a);
		return;
	case MX_ANSWER_CNAME:
		if (a->asked_zone || ++a->hops >= MX_CNAME_LIMIT) {
			auth_fail(a, mx_asprintf("NS of %s: CNAME chain too "
			    "long", a->mx_name));
			return;
		}
		ask_ns(a, a->mx_name);
		return;
	case MX_ANSWER_NODATA:
	case MX_ANSWER_NXDOMAIN:
		for (i = 0; i < ans->nauthority; i++)
			if (ans->authority[i].type == T_SOA)
				break;
		if (a->asked_zone || i == ans->nauthority) {
			auth_fail(a, mx_asprintf("NS of %s: %s without the "
			    "zone's SOA", a->asked_zone ? a->zone :
			    a->mx_name, mx_rcode_name(ans->rcode)));
			return;
		}
		/* a name no TLD holds: the root's servers are nobody's
		 * mail authority */
		if (strcmp(ans->authority[i].owner, ".") == 0) {
			auth_fail(a, mx_asprintf("%s: %s in the root zone",
			    a->mx_name, mx_rcode_name(ans->rcode)));
			return;
		}
		free(a->zone);
		if ((a->zone = strdup(ans->authority[i].owner)) == NULL) {
			auth_fail(a, strdup("out of memory"));
			return;
		}
		a->asked_zone = 1;
		ask_ns(a, a->zone);
		return;
	default:
		auth_fail(a, mx_asprintf("NS lookup of %s: %s", a->asked_zone ?
		    a->zone : a->mx_name, answer_why(ans)));
		return;
	}
}

/* Orders the servers as the NS set names them, IPv4 first, then by
 * address text, so that the view does not depend on answer order. */
static int
srv_cmp(const void *x, const void *y)
{
	const struct srv *p = x, *q = y;

	if (p->ns != q->ns)
		return p->ns < q->ns ? -1 : 1;
	if (p->family != q->family)
		return p->family < q->family ? -1 : 1;
	if (p->pub.address == NULL || q->pub.address == NULL)
		return p->pub.address == NULL ? 1 : -1;
	return strcmp(p->pub.address, q->pub.address);
}

static struct srv *
srv_add(struct mx_auth *a, size_t ns, const char *address, int family)
{
	struct srv *s;

	if ((s = mx_vec_push(&a->srv, &a->nsrv, &a->capsrv,
	    sizeof(*s))) == NULL)
		return NULL;
	memset(s, 0, sizeof(*s));
	s->ns = ns;
	s->family = family;
	s->pub.mx_rcode = MX_ANSWER_TIMEOUT;
	if ((s->pub.name = strdup(a->ns[ns])) == NULL ||
	    (address != NULL && (s->pub.address = strdup(address)) == NULL)) {
		free(s->pub.name);
		a->nsrv--;
		return NULL;
	}
	return s;
}

/* Every address known: asks each MX of D and SOA of the zone directly. */
static void
enter_ask(struct mx_auth *a)
{
	size_t i;

	a->phase = AUTH_ASK;
	if (a->nsrv > 1)
		qsort(a->srv, a->nsrv, sizeof(*a->srv), srv_cmp);
	if (mx_job_expired(a->job)) {
		auth_fail(a, strdup("not finished by the deadline"));
		return;
	}
	for (i = 0; i < a->nsrv; i++) {
		struct srv *s = &a->srv[i];

		if (s->pub.address == NULL || s->pub.state == MX_AUTH_SKIPPED)
			continue;
		/* RD=0: the server's own data, not its resolver's */
		if (mx_job_query(a->job, MX_LAYER_AUTH, MX_TYPE_MX, a->mx_name,
		    0, s->pub.address, (uint32_t)i) == MX_OK)
			a->pending++;
		if (mx_job_query(a->job, MX_LAYER_AUTH, T_SOA, a->zone, 0,
		    s->pub.address, (uint32_t)i) == MX_OK)
			a->pending++;
	}
	if (a->pending == 0)
		a->phase = AUTH_DONE;
}

/* An A or AAAA answer for NS name tag: its addresses, each once. */
static void
on_ns_addr(struct mx_auth *a, uint16_t type, uint32_t tag,
    const struct mx_answer *ans)
{
	struct srv	*s;
	size_t		 i, j;
	int		 fam = type == MX_TYPE_A ? 4 : 6;
	int		 only = mx_job_family(a->job);

	a->pending--;
	if (tag >= a->nns)
		return;
	a->ns_pending[tag]--;
	if (ans->rcode == MX_ANSWER_OK) {
		for (i = 0; i < ans->nrecords; i++) {
			const char *ad = ans->records[i].address;

			if (ans->records[i].type != type || ad == NULL)
				continue;
			a->ns_addr[tag] = 1;
			for (j = 0; j < a->nsrv; j++)
				if (a->srv[j].pub.address != NULL &&
				    strcmp(a->srv[j].pub.address, ad) == 0)
					break;
			if (j < a->nsrv || a->nsrv >= AUTH_SERVERS_MAX)
				continue;
			s = srv_add(a, tag, ad, fam);
			/* listed, not asked: the run is told to use the other
			 * family only (-4, -6), and an address it may not use
			 * is neither reachable nor unreachable from here */
			if (s != NULL && only != 0 && fam != only) {
				s->pub.state = MX_AUTH_SKIPPED;
				s->pub.detail = mx_asprintf("IPv%d address, not "
				    "asked (-%d)", fam, only);
			}
		}
	} else if (a->ns_why[tag] == NULL && ans->rcode != MX_ANSWER_NODATA)
		a->ns_why[tag] = mx_asprintf("%s lookup: %s",
		    type == MX_TYPE_A ? "A" : "AAAA", answer_why(ans));
	/* a name without any address is a server nobody can reach */
	if (a->ns_pending[tag] == 0 && !a->ns_addr[tag]) {
		s = srv_add(a, tag, NULL, 7);
		if (s != NULL) {
			s->pub.state = MX_AUTH_UNREACHABLE;
			s->silent = a->ns_why[tag] ? strdup(a->ns_why[tag]) :
			    strdup("the NS name has no A or AAAA record");
		}
	}
	if (a->pending == 0)
		enter_ask(a);
}

/* Why an answer from an authoritative server is not one with authority
 * for the zone, or NULL when it is (RFC 1034 §4.3.1, RFC 1035 §4.1.1). */
static char *
lameness(const struct mx_answer *ans)
{
	size_t i;
	int ns = 0, soa = 0;

	if (ans->dns_rcode == RCODE_REFUSED)
		return strdup("REFUSED");
	if (ans->rcode == MX_ANSWER_TEMPFAIL)
		return strdup(answer_why(ans));
	if (ans->flags & MX_FLAG_AA)
		return NULL;
	for (i = 0; i < ans->nauthority; i++) {
		ns |= ans->authority[i].type == T_NS;
		soa |= ans->authority[i].type == T_SOA;
	}
	if (ns && !soa && ans->nrecords == 0)
		return strdup("a referral, not an answer");
	return strdup("no AA bit: not authoritative");
}

/* An answer of server tag to MX of D or SOA of the zone. */
static void
on_server(struct mx_auth *a, uint16_t type, uint32_t tag,
    const struct mx_answer *ans)
{
	struct srv	*s;
	size_t		 i;
	char		*why;

	a->pending--;
	if (tag >= a->nsrv)
		goto next;
	s = &a->srv[tag];
	if (ans->dns_rcode < 0 && ans->rcode == MX_ANSWER_TIMEOUT) {
		/* no message: timed out, or the connection was refused */
		if (s->silent == NULL)
			s->silent = strdup(answer_why(ans));
		goto next;
	}
	s->answered = 1;
	if ((why = lameness(ans)) != NULL) {
		if (s->lame == NULL)
			s->lame = why;
		else
			free(why);
		goto next;
	}
	if (type == T_SOA) {
		if (ans->rcode == MX_ANSWER_OK && ans->records[0].type ==
		    T_SOA) {
			s->pub.has_serial = 1;
			s->pub.serial = ans->records[0].serial;
		}
		goto next;
	}
	s->pub.mx_rcode = ans->rcode;
	/* a server answers MX once: a second answer (a retry) replaces
	 * nothing */
	if (s->pub.nmx == 0 && ans->rcode == MX_ANSWER_OK && ans->nrecords >
	    0 && (s->pub.mx = calloc(ans->nrecords, sizeof(*s->pub.mx))) !=
	    NULL)
		for (i = 0; i < ans->nrecords; i++) {
			if (mx_record_copy(&s->pub.mx[i], &ans->records[i]) !=
			    MX_OK)
				break;
			s->pub.nmx++;
		}
	/* the addresses of exchanges in the zone, which it serves with
	 * the same authority (its additional section, RFC 1035 §3.3.9) */
	for (i = 0; i < ans->nadditional && s->pub.naddrs < AUTH_ADDRS_MAX;
	    i++) {
		const struct mx_record	*ad = &ans->additional[i];
		struct mx_record	*r;

		if (!mx_name_under(ad->owner, a->zone))
			continue;
		if ((r = mx_vec_push(&s->pub.addrs, &s->pub.naddrs,
		    &s->capaddrs, sizeof(*r))) == NULL)
			break;
		if (mx_record_copy(r, ad) != MX_OK) {
			s->pub.naddrs--;
			break;
		}
	}
next:
	if (a->pending == 0)
		a->phase = AUTH_DONE;
}

/*
 * The first round's answers: NS of D (depth 0) and of each ancestor.  The
 * closest zone cut at or above D is the deepest name whose NS query
 * answers with NS records at that very name (RFC 1034 §4.2.1: NS records
 * exist only at zone apexes and delegations, and a resolver answers a
 * delegation's NS from the child).  When every answer is in, that zone is
 * taken, and its NS set asked for addresses: the zone is known after one
 * round trip, as the path's MX is.  A CNAME at D, or no NS answer at all,
 * goes on one lookup at a time from D's answer (AUTH_NS).
 */
static void
on_cut(struct mx_auth *a, uint32_t tag, const struct mx_answer *ans)
{
	struct mx_answer	*first;
	size_t			 i;

	a->pending--;
	if (tag == 0 && a->first == NULL)
		(void)mx_answer_dup(ans, &a->first);
	if (tag < a->ncut && tag < a->best && ans->rcode == MX_ANSWER_OK &&
	    ans->ncnames == 0 && ans->nrecords > 0 &&
	    mx_name_eq(ans->records[0].owner, a->cut_name[tag])) {
		(void)take_ns(a, ans);	/* out of memory: fewer names */
		if (a->nns > 0)
			a->best = tag;
	}
	if (a->pending > 0)
		return;
	first = a->first;
	a->first = NULL;
	/* an alias into the zone found: D's answer ends in a NODATA or
	 * NXDOMAIN (or a chain that leaves the answer, the SOA saying the
	 * target has no NS: RFC 2308 §2.2) whose SOA is that zone's, and its
	 * MX is the target's */
	if (a->best < a->ncut && first != NULL && first->ncnames > 0 &&
	    (first->rcode == MX_ANSWER_NODATA || first->rcode ==
	    MX_ANSWER_NXDOMAIN || first->rcode == MX_ANSWER_CNAME)) {
		for (i = 0; i < first->nauthority; i++)
			if (first->authority[i].type == T_SOA)
				break;
		if (i < first->nauthority && mx_name_eq(first->authority[i].owner,
		    a->cut_name[a->best])) {
			free(a->mx_name);
			a->mx_name = strdup(first->cnames[first->ncnames -
			    1].target);
			if (a->mx_name == NULL) {
				auth_fail(a, strdup("out of memory"));
				mx_answer_free(first);
				return;
			}
			first->ncnames = 0;	/* followed */
		}
	}
	if (a->best < a->ncut && (first == NULL || first->ncnames == 0)) {
		free(a->zone);
		if ((a->zone = strdup(a->cut_name[a->best])) == NULL)
			auth_fail(a, strdup("out of memory"));
		else {
			qsort(a->ns, a->nns, sizeof(a->ns[0]), ns_cmp);
			enter_addrs(a);
		}
	} else if (first != NULL) {
		for (i = 0; i < a->nns; i++)
			free(a->ns[i]);
		a->nns = 0;
		a->phase = AUTH_NS;
		on_ns(a, first);
	} else
		auth_fail(a, strdup("out of memory"));
	mx_answer_free(first);
}

/* The ancestors of name (absolute, presentation form, \-escapes kept)
 * below the root, nearest first, into a->cut_name[1..]. */
static mx_status
cut_names(struct mx_auth *a, const char *name)
{
	const char *p;

	if ((a->cut_name[0] = strdup(name)) == NULL)
		return MX_ERR_NOMEM;
	a->ncut = 1;
	for (p = name; *p != '\0' && a->ncut < AUTH_ANCESTORS; p++) {
		if (*p == '\\' && p[1] != '\0') {
			p++;
			continue;
		}
		if (*p != '.' || p[1] == '\0')
			continue;
		if ((a->cut_name[a->ncut] = strdup(p + 1)) == NULL)
			return MX_ERR_NOMEM;
		a->ncut++;
	}
	return MX_OK;
}

mx_status
mx_auth_start(struct mx_check *job, const char *domain, struct mx_auth **out)
{
	struct mx_auth	*a;
	size_t		 i;

	*out = NULL;
	if ((a = calloc(1, sizeof(*a))) == NULL)
		return MX_ERR_NOMEM;
	a->job = job;
	a->phase = AUTH_CUT;
	if ((a->mx_name = strdup(domain)) == NULL || cut_names(a, domain) !=
	    MX_OK) {
		mx_auth_free(a);
		return MX_ERR_NOMEM;
	}
	a->best = a->ncut;
	*out = a;
	/* NS of D and of every ancestor at once: the zone in one round.
	 * The resolver is asked with CD=1 here and for the NS addresses:
	 * this layer asks what the servers serve, and a zone whose
	 * signatures fail is still served by its own servers (the DNSSEC
	 * layer judges the signatures); without CD a bogus zone's NS
	 * SERVFAILs and its parent's servers would be taken for its own. */
	for (i = 0; i < a->ncut; i++)
		if (mx_job_query(job, MX_LAYER_AUTH, T_NS, a->cut_name[i],
		    MX_QUERY_RD | MX_QUERY_CD, NULL, (uint32_t)i) == MX_OK)
			a->pending++;
	if (a->pending == 0)
		auth_fail(a, mx_asprintf("NS of %s could not be asked",
		    domain));
	return MX_OK;
}

void
mx_auth_on_answer(struct mx_auth *a, uint16_t type, uint32_t tag,
    const struct mx_answer *ans)
{
	if (a == NULL)
		return;
	switch (a->phase) {
	case AUTH_CUT:
		if (type == T_NS)
			on_cut(a, tag, ans);
		break;
	case AUTH_NS:
		if (type == T_NS) {
			a->pending--;
			on_ns(a, ans);
		}
		break;
	case AUTH_ADDRS:
		if (type == MX_TYPE_A || type == MX_TYPE_AAAA)
			on_ns_addr(a, type, tag, ans);
		break;
	case AUTH_ASK:
		if (type == MX_TYPE_MX || type == T_SOA)
			on_server(a, type, tag, ans);
		break;
	case AUTH_DONE:
		/* a lookup of a phase the layer has left (a failure while
		 * others were in flight): nothing to do */
		break;
	}
}

/* 1 when two servers' MX answers are the same set: the same outcome and
 * the same (preference, exchange) pairs, in any order. */
static int
same_mx(const struct mx_auth_server *p, const struct mx_auth_server *q)
{
	size_t i, j;

	if (p->mx_rcode != q->mx_rcode || p->nmx != q->nmx)
		return 0;
	for (i = 0; i < p->nmx; i++) {
		for (j = 0; j < q->nmx; j++)
			if (p->mx[i].preference == q->mx[j].preference &&
			    mx_name_eq(p->mx[i].target, q->mx[j].target))
				break;
		if (j == q->nmx)
			return 0;
	}
	return 1;
}

void
mx_auth_finish(struct mx_auth *a, struct mx_result *res)
{
	struct mx_authority	*v;
	const struct mx_auth_server *first_mx = NULL, *first_soa = NULL;
	size_t			 i, reached = 0, ok = 0;

	if ((v = calloc(1, sizeof(*v))) == NULL)
		return;
	res->authority = v;
	v->zone = a->zone;
	a->zone = NULL;
	v->mx_name = a->mx_name;
	a->mx_name = NULL;
	if (a->detail != NULL) {
		v->state = MX_AUTHORITY_NO_ZONE;
		v->detail = a->detail;
		a->detail = NULL;
		res->ttl_note = "TTL checks skipped: the zone's authoritative "
		    "servers could not be found, and the resolver's TTLs are "
		    "the time left in its cache, not what the zone publishes";
		return;
	}
	if ((v->ns = calloc(a->nns ? a->nns : 1, sizeof(*v->ns))) != NULL) {
		for (i = 0; i < a->nns; i++) {
			v->ns[i] = a->ns[i];
			a->ns[i] = NULL;
		}
		v->nns = a->nns;
	}
	if ((v->servers = calloc(a->nsrv ? a->nsrv : 1,
	    sizeof(*v->servers))) == NULL) {
		v->state = MX_AUTHORITY_NO_ZONE;
		v->detail = strdup("out of memory");
		res->ttl_note = "TTL checks skipped: out of memory";
		return;
	}
	for (i = 0; i < a->nsrv; i++) {
		struct srv		*s = &a->srv[i];
		struct mx_auth_server	*d = &v->servers[i];

		*d = s->pub;
		memset(&s->pub, 0, sizeof(s->pub));
		if (d->state == MX_AUTH_SKIPPED) {
			v->nservers++;
			continue;
		} else if (d->address == NULL || !s->answered) {
			d->state = MX_AUTH_UNREACHABLE;
			d->detail = s->silent;
			s->silent = NULL;
		} else if (s->lame != NULL) {
			d->state = MX_AUTH_LAME;
			d->detail = s->lame;
			s->lame = NULL;
		} else
			d->state = MX_AUTH_OK;
		reached += s->answered;
		v->nservers++;
		if (d->state != MX_AUTH_OK)
			continue;
		ok++;
		if (d->mx_rcode != MX_ANSWER_TIMEOUT) {
			if (first_mx == NULL)
				first_mx = d;
			else if (!same_mx(first_mx, d))
				v->mx_differ = 1;
		}
		if (d->has_serial) {
			if (first_soa == NULL)
				first_soa = d;
			else if (first_soa->serial != d->serial)
				v->serial_differ = 1;
		}
	}
	if (reached == 0) {
		v->state = MX_AUTHORITY_UNREACHABLE;
		res->ttl_note = "TTL checks skipped: no authoritative server "
		    "could be reached from here, and the resolver's TTLs are "
		    "the time left in its cache, not what the zone publishes";
	} else if (first_mx == NULL)
		res->ttl_note = "TTL checks skipped: no authoritative server "
		    "answered MX with authority, and the resolver's TTLs are "
		    "the time left in its cache, not what the zone publishes";
	else
		res->ttl_note = NULL;	/* judged on what the servers serve */
	(void)ok;
}

void
mx_authority_free(struct mx_authority *v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < v->nns; i++)
		free(v->ns[i]);
	free(v->ns);
	for (i = 0; i < v->nservers; i++) {
		struct mx_auth_server *s = &v->servers[i];

		free(s->name);
		free(s->address);
		free(s->detail);
		mx_records_free(s->mx, s->nmx);
		mx_records_free(s->addrs, s->naddrs);
	}
	free(v->servers);
	free(v->zone);
	free(v->mx_name);
	free(v->detail);
	free(v);
}

void
mx_auth_free(struct mx_auth *a)
{
	size_t i;

	if (a == NULL)
		return;
	for (i = 0; i < a->nns; i++) {
		free(a->ns[i]);
		free(a->ns_why[i]);
	}
	for (i = 0; i < a->nsrv; i++) {
		struct srv *s = &a->srv[i];

		free(s->pub.name);
		free(s->pub.address);
		free(s->pub.detail);
		mx_records_free(s->pub.mx, s->pub.nmx);
		mx_records_free(s->pub.addrs, s->pub.naddrs);
		free(s->lame);
		free(s->silent);
	}
	free(a->srv);
	for (i = 0; i < a->ncut; i++)
		free(a->cut_name[i]);
	mx_answer_free(a->first);
	free(a->mx_name);
	free(a->zone);
	free(a->detail);
	free(a);
}

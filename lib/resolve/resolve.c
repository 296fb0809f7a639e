/*
 * resolve.c -- the context and the per-domain state machine: from a
 * domain to its delivery path, on the context's loop.
 *
 * A check (struct mx_check) goes through three phases: MX of the domain
 * (following a CNAME at it, RFC 5321 §5.1), then A and AAAA of every
 * exchange at once, each following its own alias chain, then the path
 * (path.c) and the checks.  Every lookup in flight is a struct lookup on
 * its job's list, so that a deadline can name what is still waiting and
 * a cancelled check can disown its lookups: a disowned lookup waits on
 * the context's orphan list for the source's answer, which is dropped.
 * Nothing here blocks, and no callback runs inside the call that started
 * the work: sources answer from the loop.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ldns/ldns.h>

#include "internal.h"
#include "loop.h"
#include "path.h"
#include "job.h"
#include "authority.h"
#include "../probe/probe.h"
#include "dnssec.h"
#include "pol_live.h"
#include "https.h"

struct mx_check;

/* One lookup in flight: MX of the domain, or A/AAAA of a host, possibly
 * several hops down its chain. */
struct lookup {
	mx_ctx		*ctx;
	struct mx_check	*job;		/* NULL: disowned */
	struct lookup	*prev, *next;	/* job's list, or ctx's orphans */
	/* small, for a million exchanges ask two million at once */
	uint32_t	 host;		/* A and AAAA (the hosts' index is
					 * 32-bit too) */
	uint16_t	 type;
	uint8_t		 hops;		/* below MX_CNAME_LIMIT */
	uint8_t		 sent;		/* asked of the source */
	uint8_t		 layer;		/* MX_LAYER_*: whose answer */
	uint8_t		 kind;		/* LK_*: what the answer is for */
	uint32_t	 aux;		/* LK_PTR, LK_FWD: the address's
					 * entry in job->ptrs */
};

/* What a lookup is for: the path, the path asked again with CD=1 after
 * a SERVFAIL (the DNSSEC layer), a PTR, or the forward confirmation of
 * a PTR name (the reverse layer). */
enum { LK_PATH = 0, LK_CD, LK_PTR, LK_FWD,
	/* the policy layer: TLSA of a host (aux: 0 at the exchange, 1 at
	 * its canonical name), the _mta-sts and _smtp._tls TXT of the
	 * domain, the addresses of mta-sts.D */
	LK_TLSA, LK_STS_TXT, LK_RPT_TXT, LK_STS_ADDR };

/* One address's reverse DNS: its PTR names and how many forward
 * lookups of them are still out. */
struct ptr_probe {
	const char	*addr;		/* the record's text (res's) */
	int		 family;
	enum mx_ptr_state state;
	char		**names;	/* res's pool */
	size_t		 nnames;
	size_t		 pending;
	int		 confirmed, failed;
};

/* The MTA-STS policy fetch of a domain (--smtp): the addresses of
 * mta-sts.D, then the HTTPS GET. */
#define POL_FETCH_ADDRS	16
struct mx_pol_fetch {
	char			 host[MX_POL_NAME_MAX];	/* mta-sts.D, no dot */
	char			*url;
	char			*addrs[POL_FETCH_ADDRS];
	size_t			 naddrs;
	unsigned		 pending;	/* A and AAAA out */
	struct mx_https_get	*get;
};

/* One libunbound query of the DNSSEC layer: the MX RRset (host
 * UINT32_MAX) or a host's A or AAAA. */
struct sec_lookup {
	struct mx_check		*job;
	struct sec_lookup	*prev, *next;
	struct mx_dnssec_query	*q;
	mx_timer		*timer;		/* gives up on the validator */
	uint32_t		 host;
	uint16_t		 type;
	uint8_t			 aux;		/* TLSA: which name */
};

/* One domain being checked (public type mx_check). */
struct mx_check {
	mx_ctx			*ctx;
	struct mx_check		*prev, *next;	/* ctx's running list */
	struct mx_result	*res;
	mx_result_fn		 fn;
	void			*arg;
	size_t			 outstanding;
	struct lookup		*lookups;
	int			 expired;	/* the deadline passed */
	struct timespec		 start;
	struct mx_auth		*auth;		/* the authority layer, or
						 * NULL */
	int			 path_expired;	/* the deadline caught a path
						 * lookup, not only the
						 * authority layer's */
	struct mx_smtp_wait	*smtp;		/* --smtp: the probes waited
						 * for, after the path */
	/* the DNSSEC and reverse layers */
	struct sec_lookup	*secs;
	struct ptr_probe	*ptrs;
	size_t			 nptrs, capptrs;
	struct mx_hset		 ptr_ix;
	/* the policy layer: per host, its TLSA lookups; the domain's
	 * MTA-STS policy fetch */
	struct mx_pol_host	*pol;
	size_t			 npol;
	struct mx_pol_fetch	*fetch;
	int			 report_waits;	/* the report waits for the
						 * MTA-STS fetch */
};

struct mx_ctx {
	mx_source		*src;
	struct mx_options	 opt;
	mx_loop			*loop;
	struct mx_check		*running;
	size_t			 nrunning;
	struct lookup		*orphans;
	struct lookup		*spare;		/* answered lookups kept for
						 * the next ones (next links
						 * them), nspare of them */
	size_t			 nspare;
	mx_timer		*deadline;
	mx_timer		*late;		/* ends checks started after */
	int			 expired;
	struct mx_smtp_table	*smtp;		/* --smtp: every address's
						 * probe, for the context's
						 * life */
	struct mx_dnssec_probe	*sec;		/* libunbound, or NULL */
	unsigned		 sec_patience;	/* ms for one validation */
	int			 live;		/* the layers apply */
	struct mx_https		*https;		/* --smtp, the policy layer:
						 * the MTA-STS fetches */
};



static void
list_unlink(struct lookup **head, struct lookup *lk)
{
	if (lk->prev)
		lk->prev->next = lk->next;
	else
		*head = lk->next;
	if (lk->next)
		lk->next->prev = lk->prev;
	lk->prev = lk->next = NULL;
}

static void
list_push(struct lookup **head, struct lookup *lk)
{
	lk->prev = NULL;
	if ((lk->next = *head) != NULL)
		(*head)->prev = lk;
	*head = lk;
}

/* ---- options ---- */

void
mx_options_defaults(struct mx_options *opt)
{
	memset(opt, 0, sizeof(*opt));
	opt->ttl_min = 300;
	opt->ttl_max = 604800;
	opt->address_limit = MX_ADDRESS_LIMIT;
	opt->sig_days = 7;
	opt->additional = 1;
	opt->smtp_timeout_ms = 30000;
	opt->smtp_concurrency = 20;
	opt->cert_days = 14;
	opt->smtp_port = 25;
	opt->smtp_keep = 1;
	/* the layers cost queries (and libunbound a process): a library
	 * user asks for them, the command does by default */
	opt->dnssec_via = MX_DNSSEC_OFF;
	opt->ptr = 0;
	/* the policy layer's few lookups ride with the path's: on */
	opt->policy = 1;
}

mx_status
mx_options_new(mx_options **out)
{
	if ((*out = malloc(sizeof(**out))) == NULL)
		return MX_ERR_NOMEM;
	mx_options_defaults(*out);
	return MX_OK;
}

void
mx_options_clear(struct mx_options *opt)
{
	size_t i;

	for (i = 0; i < opt->nignore; i++)
		free(opt->ignore[i]);
	free(opt->ignore);
	opt->ignore = NULL;
	opt->nignore = 0;
	free(opt->routable);
	opt->routable = NULL;
	opt->nroutable = 0;
	free(opt->helo);
	free(opt->ca_file);
	opt->helo = opt->ca_file = NULL;
	free(opt->trust_anchor);
	opt->trust_anchor = NULL;
}

void
mx_options_free(mx_options *opt)
{
	if (opt == NULL)
		return;
	mx_options_clear(opt);
	free(opt);
}

mx_status
mx_options_copy(struct mx_options *dst, const struct mx_options *src)
{
	size_t i;

	*dst = *src;
	dst->ignore = NULL;
	dst->nignore = 0;
	dst->routable = NULL;
	dst->nroutable = 0;
	if (src->nroutable > 0) {
		if ((dst->routable = malloc(src->nroutable *
		    sizeof(*dst->routable))) == NULL)
			return MX_ERR_NOMEM;
		memcpy(dst->routable, src->routable, src->nroutable *
		    sizeof(*dst->routable));
		dst->nroutable = src->nroutable;
	}
	dst->helo = dst->ca_file = NULL;
	if ((src->helo != NULL && (dst->helo = strdup(src->helo)) == NULL) ||
	    (src->ca_file != NULL && (dst->ca_file = strdup(src->ca_file)) ==
	    NULL)) {
		mx_options_clear(dst);
		return MX_ERR_NOMEM;
	}
	dst->trust_anchor = NULL;
	if (src->trust_anchor != NULL &&
	    (dst->trust_anchor = strdup(src->trust_anchor)) == NULL)
		return MX_ERR_NOMEM;
	if (src->nignore == 0)
		return MX_OK;
	if ((dst->ignore = calloc(src->nignore, sizeof(char *))) == NULL)
		return MX_ERR_NOMEM;
	for (i = 0; i < src->nignore; i++) {
		if ((dst->ignore[i] = strdup(src->ignore[i])) == NULL) {
			mx_options_clear(dst);
			return MX_ERR_NOMEM;
		}
		dst->nignore++;
	}
	return MX_OK;
}

mx_status
mx_options_set_ttl(mx_options *opt, uint32_t min, uint32_t max)
{
	opt->ttl_min = min;
	opt->ttl_max = max;
	return MX_OK;
}

mx_status
mx_options_set_address_limit(mx_options *opt, unsigned limit)
{
	if (limit == 0)
		return MX_ERR_ARG;
	opt->address_limit = limit;
	return MX_OK;
}

mx_status
mx_options_set_sig_days(mx_options *opt, unsigned days)
{
	/* the window must stay within half the serial space */
	if (days > 24855)
		return MX_ERR_ARG;
	opt->sig_days = days;
	return MX_OK;
}

mx_status
mx_options_ignore(mx_options *opt, const char *check)
{
	char	**list;
	size_t	  i;

	if (check == NULL || mx_check_find(check) == NULL)
		return MX_ERR_UNKNOWN_CHECK;
	for (i = 0; i < opt->nignore; i++)
		if (strcmp(opt->ignore[i], check) == 0)
			return MX_OK;
	if ((list = realloc(opt->ignore, (opt->nignore + 1) *
	    sizeof(*list))) == NULL)
		return MX_ERR_NOMEM;
	opt->ignore = list;
	if ((list[opt->nignore] = strdup(check)) == NULL)
		return MX_ERR_NOMEM;
	opt->nignore++;
	return MX_OK;
}

mx_status
mx_options_set_zone(mx_options *opt, const mx_zone *zone, int zone_checks)
{
	opt->zone = zone;
	opt->zone_ttl_checks = zone_checks != 0;
	return MX_OK;
}

mx_status
mx_options_set_additional(mx_options *opt, int use)
{
	opt->additional = use != 0;
	return MX_OK;
}

mx_status
mx_options_set_authority(mx_options *opt, int on)
{
	opt->authority = on != 0;
	return MX_OK;
}

mx_status
mx_options_add_routable(mx_options *opt, const char *prefix)
{
	struct mx_prefix	 p, *np;

	if (opt == NULL || prefix == NULL || mx_prefix_parse(prefix, &p) !=
	    MX_OK)
		return MX_ERR_ARG;
	if ((np = realloc(opt->routable, (opt->nroutable + 1) *
	    sizeof(*np))) == NULL)
		return MX_ERR_NOMEM;
	opt->routable = np;
	np[opt->nroutable++] = p;
	return MX_OK;
}

mx_status
mx_options_set_dnssec(mx_options *opt, enum mx_dnssec_via via)
{
	if (via != MX_DNSSEC_VIA_UNBOUND && via != MX_DNSSEC_VIA_RESOLVER &&
	    via != MX_DNSSEC_OFF)
		return MX_ERR_ARG;
	opt->dnssec_via = (int)via;
	return MX_OK;
}

mx_status
mx_options_set_trust_anchor(mx_options *opt, const char *file)
{
	return mx_str_replace(&opt->trust_anchor, file);
}

mx_status
mx_options_set_ptr(mx_options *opt, int on)
{
	opt->ptr = on != 0;
	return MX_OK;
}

mx_status
mx_options_set_policy(mx_options *opt, int on)
{
	opt->policy = on != 0;
	return MX_OK;
}

/* Why the last context of this thread could not set up validation. */
static _Thread_local char setup_error[512];

const char *
mx_dnssec_setup_error(void)
{
	return setup_error[0] ? setup_error : NULL;
}

/*
 * The DNSSEC probe of a context over a live source (not a chain behind
 * zone files), in-process validation chosen: libunbound forwarding to
 * the source's resolvers.  Other sources, or another mode, need none;
 * ctx->live says whether the layers apply at all.
 */
static mx_status
ctx_dnssec_setup(mx_ctx *ctx)
{
	char		*fwd, *err = NULL;
	mx_status	 st;

	/* live sources alone: behind zone files (--zone --live) the
	 * validator would judge live data the files do not serve */
	fwd = mx_source_impl_of(ctx->src, mx_kind_live) != NULL ?
	    mx_live_forwarders(ctx->src) : NULL;
	ctx->live = fwd != NULL;
	/* libunbound retries for minutes against a silent server; the
	 * validation gets what a path lookup gets, and twice more for the
	 * chain of trust it walks first */
	ctx->sec_patience = 3 * mx_live_patience_ms(ctx->src);
	if (fwd == NULL || ctx->opt.dnssec_via != MX_DNSSEC_VIA_UNBOUND) {
		free(fwd);
		return MX_OK;
	}
	st = mx_dnssec_probe_new(fwd, ctx->opt.trust_anchor, &ctx->sec, &err);
	free(fwd);
	if (st != MX_OK) {
		snprintf(setup_error, sizeof(setup_error), "%s", err ? err :
		    mx_strerror(st));
		free(err);
		return st;
	}
	return mx_dnssec_probe_attach(ctx->sec, ctx->loop);
}

/* ---- the context ---- */

mx_status
mx_ctx_new(mx_source *src, const mx_options *opt, mx_ctx **out)
{
	mx_ctx		*ctx;
	mx_status	 st;

	*out = NULL;
	setup_error[0] = '\0';
	if (src == NULL)
		return MX_ERR_ARG;
	if ((ctx = calloc(1, sizeof(*ctx))) == NULL)
		return MX_ERR_NOMEM;
	if (opt != NULL)
		st = mx_options_copy(&ctx->opt, opt);
	else {
		mx_options_defaults(&ctx->opt);
		st = MX_OK;
	}
	if (st != MX_OK || (ctx->loop = mx_loop_new()) == NULL) {
		mx_options_clear(&ctx->opt);
		free(ctx);
		return MX_ERR_NOMEM;
	}
	if ((st = mx_source_attach(src, ctx->loop)) != MX_OK) {
		mx_loop_free(ctx->loop);
		mx_options_clear(&ctx->opt);
		free(ctx);
		return st;
	}
	ctx->src = src;
	if ((st = ctx_dnssec_setup(ctx)) != MX_OK) {
		mx_dnssec_probe_free(ctx->sec);
		mx_source_detach(src);
		mx_loop_free(ctx->loop);
		mx_options_clear(&ctx->opt);
		free(ctx);
		return st;
	}
	*out = ctx;
	return MX_OK;
}

static void
job_unlink(struct mx_check *job)
{
	mx_ctx *ctx = job->ctx;

	if (job->prev)
		job->prev->next = job->next;
	else
		ctx->running = job->next;
	if (job->next)
		job->next->prev = job->prev;
	job->prev = job->next = NULL;
	ctx->nrunning--;
}

/* Cancels job's libunbound queries: their answers never come. */
static void
sec_cancel_all(struct mx_check *job)
{
	struct sec_lookup *sl;

	while ((sl = job->secs) != NULL) {
		job->secs = sl->next;
		mx_dnssec_probe_cancel(job->ctx->sec, sl->q);
		mx_loop_cancel(job->ctx->loop, sl->timer);
		free(sl);
	}
}

/* Frees the reverse layer's table of job (its strings are res's). */
static void
ptrs_free(struct mx_check *job)
{
	free(job->ptrs);
	job->ptrs = NULL;
	job->nptrs = job->capptrs = 0;
	mx_hset_free(&job->ptr_ix);
}

/* Frees the policy layer's state of job; a fetch still running is
 * forgotten. */
static void
pol_free(struct mx_check *job)
{
	struct mx_pol_fetch	*f = job->fetch;
	size_t			 i;

	free(job->pol);
	job->pol = NULL;
	job->npol = 0;
	if (f == NULL)
		return;
	if (f->get != NULL)
		mx_https_cancel(job->ctx->https, f->get);
	for (i = 0; i < f->naddrs; i++)
		free(f->addrs[i]);
	free(f->url);
	free(f);
	job->fetch = NULL;
}

/* Disowns every lookup of job: the sent ones wait for their answers on
 * the orphan list, the others go at once. */
static void
job_disown(struct mx_check *job)
{
	struct lookup *lk;

	while ((lk = job->lookups) != NULL) {
		list_unlink(&job->lookups, lk);
		lk->job = NULL;
		if (lk->sent)
			list_push(&job->ctx->orphans, lk);
		else
			free(lk);
	}
	sec_cancel_all(job);
	job->outstanding = 0;
}

/* Ends job without a word to its asker (cancel, or the context going). */
static void
job_drop(struct mx_check *job)
{
	mx_smtp_wait_cancel(job->ctx->smtp, job->smtp);
	job->smtp = NULL;
	job_disown(job);
	job_unlink(job);
	mx_auth_free(job->auth);
	ptrs_free(job);
	pol_free(job);
	mx_result_free(job->res);
	free(job);
}

void
mx_ctx_free(mx_ctx *ctx)
{
	struct lookup *lk;

	if (ctx == NULL)
		return;
	/* first the source forgets its queries: nothing calls back */
	mx_source_detach(ctx->src);
	while (ctx->running != NULL)
		job_drop(ctx->running);
	while ((lk = ctx->orphans) != NULL) {
		list_unlink(&ctx->orphans, lk);
		free(lk);
	}
	while ((lk = ctx->spare) != NULL) {
		ctx->spare = lk->next;
		free(lk);
	}
	mx_smtp_table_free(ctx->smtp);
	mx_https_free(ctx->https);
	mx_dnssec_probe_free(ctx->sec);
	mx_options_clear(&ctx->opt);
	mx_loop_free(ctx->loop);
	free(ctx);
}

size_t
mx_ctx_running(const mx_ctx *ctx)
{
	return ctx->nrunning;
}

mx_loop *
mx_ctx_loop(mx_ctx *ctx)
{
	return ctx->loop;
}

void
mx_ctx_set_watch(mx_ctx *ctx, mx_watch_fn fn, void *arg)
{
	mx_loop_set_notify(ctx->loop, fn, arg);
}

int
mx_ctx_timeout(const mx_ctx *ctx)
{
	return mx_loop_timeout(ctx->loop);
}

mx_status
mx_ctx_process(mx_ctx *ctx, int fd, unsigned events)
{
	mx_loop_process(ctx->loop, fd, events);
	return MX_OK;
}

/* One round of the built-in driver.  With checks in flight but nothing
 * watched and no timer armed, nothing can ever happen: MX_ERR_SOURCE. */
mx_status
mx_ctx_run_once(mx_ctx *ctx, int timeout_ms)
{
	if (ctx->nrunning > 0 && mx_loop_idle(ctx->loop))
		return MX_ERR_SOURCE;
	return mx_loop_run_once(ctx->loop, timeout_ms);
}

/*
 * Drives the loop until no check is in flight, or timeout_ms has passed
 * (-1: no limit).  A loop with checks in flight but nothing watched and
 * no timer armed can never finish them: a source that lost its queries.
 */
mx_status
mx_ctx_run(mx_ctx *ctx, int timeout_ms)
{
	uint64_t	end = timeout_ms >= 0 ? mx_now_ms() + (uint64_t)
			    timeout_ms : 0;
	mx_status	st;

	while (ctx->nrunning > 0) {
		int t = -1;

		if (timeout_ms >= 0) {
			uint64_t now = mx_now_ms();

			if (now >= end)
				return MX_ERR_TIMEOUT;
			t = (int)(end - now);
		}
		if ((st = mx_ctx_run_once(ctx, t)) != MX_OK)
			return st;
	}
	return MX_OK;
}

static double
elapsed_ms(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) * 1e3 +
	    (double)(now.tv_nsec - start->tv_nsec) / 1e6;
}

/*
 * Copies n records into res, appended to *arr: their strings in its pool,
 * the first record's owner shared with like's when equal, each next one's
 * with the record before it.  A host's arrays (host: 1) are in the pool
 * too, a million of them made without malloc: one that grows is copied
 * there, which only an alias chain of a few hops does.
 */
static mx_status
append_records(struct mx_result *res, struct mx_record **arr, size_t *narr,
    const struct mx_record *recs, size_t n, const struct mx_record *like,
    int host)
{
	struct mx_record	*na;
	size_t			 i;

	if (n == 0)
		return MX_OK;
	if (n > SIZE_MAX / sizeof(*na) - *narr)
		return MX_ERR_NOMEM;
	if (host && res->strings != NULL) {
		if ((na = mx_strpool_alloc(res->strings, (*narr + n) *
		    sizeof(*na))) == NULL)
			return MX_ERR_NOMEM;
		if (*narr > 0)
			memcpy(na, *arr, *narr * sizeof(*na));
	} else if ((na = realloc(*arr, (*narr + n) * sizeof(*na))) == NULL)
		return MX_ERR_NOMEM;
	*arr = na;
	for (i = 0; i < n; i++) {
		if (mx_result_record_copy(res, &na[*narr], &recs[i], i > 0 ?
		    &na[*narr - 1] : like) != MX_OK)
			return MX_ERR_NOMEM;
		(*narr)++;
	}
	return MX_OK;
}

/* Replaces a host's detail string with a copy of s (NULL clears); in the
 * pool the old one stays until the result goes. */
static void
set_detail(struct mx_result *res, char **slot, const char *s)
{
	if (res->strings == NULL)
		free(*slot);
	*slot = mx_result_strdup(res, s);
}

static mx_status
add_failure(struct mx_result *res, const char *name, uint16_t type,
    const struct mx_answer *ans)
{
	struct mx_failure	*f;
	size_t			 cap = res->nfailures;

	if ((f = mx_vec_push(&res->failures, &res->nfailures, &cap,
	    sizeof(*f))) == NULL)
		return MX_ERR_NOMEM;
	f->name = strdup(name);
	f->type = type;
	f->rcode = ans->rcode;
	f->detail = mx_strdup(ans->detail);
	return f->name ? MX_OK : MX_ERR_NOMEM;
}


/* ---- the DNSSEC layer ---- */

static void job_done_one(struct mx_check *job);
static mx_status job_ask_kind(struct mx_check *job, uint16_t type,
    const char *name, size_t host, unsigned hops, unsigned kind,
    uint32_t aux);

/* The RRset a DNSSEC state belongs to: the MX set, or a host's A or
 * AAAA set. */
static struct mx_rrset_security *
sec_slot(struct mx_check *job, uint16_t type, uint32_t host, unsigned aux)
{
	struct mx_result *res = job->res;

	/* a TLSA set of the policy layer: its lookup's own state */
	if (type == MX_TYPE_TLSA && host < job->npol)
		return &job->pol[host].at[aux & 1].sec;
	if (type == MX_TYPE_MX || host >= res->nhosts)
		return &res->mx_sec;
	return type == MX_TYPE_A ? &res->hosts[host].a_sec :
	    &res->hosts[host].aaaa_sec;
}

/* Records state (and, for a bogus set, the reason) in sl; an EDE the
 * resolver gave (its SERVFAIL's) is kept over the one the reason maps
 * to. */
static void
sec_set(struct mx_check *job, struct mx_rrset_security *sl,
    enum mx_dnssec_state state, int ede, const char *why)
{
	sl->state = state;
	if (state != MX_DNSSEC_BOGUS && state != MX_DNSSEC_INDETERMINATE) {
		sl->ede = -1;
		sl->why = NULL;
		return;
	}
	if (sl->ede < 0)
		sl->ede = ede;
	if (why != NULL)
		sl->why = mx_result_strdup(job->res, why);
}

/* libunbound's verdict on one RRset. */
static void
on_sec(void *arg, enum mx_dnssec_state state, int ede, const char *why)
{
	struct sec_lookup	*sl = arg;
	struct mx_check		*job = sl->job;

	if (sl->prev)
		sl->prev->next = sl->next;
	else
		job->secs = sl->next;
	if (sl->next)
		sl->next->prev = sl->prev;
	mx_loop_cancel(job->ctx->loop, sl->timer);
	sec_set(job, sec_slot(job, sl->type, sl->host, sl->aux), state, ede,
	    why);
	free(sl);
	job_done_one(job);
}

/* The validator did not answer in time: indeterminate, and its query
 * forgotten. */
static void
on_sec_timeout(void *arg)
{
	struct sec_lookup	*sl = arg;
	char			 why[96];

	sl->timer = NULL;
	mx_dnssec_probe_cancel(sl->job->ctx->sec, sl->q);
	snprintf(why, sizeof(why), "the validator had no answer within %u "
	    "ms", sl->job->ctx->sec_patience);
	on_sec(sl, MX_DNSSEC_INDETERMINATE, -1, why);
}

/* Asks libunbound for name/type (host UINT32_MAX: the MX set), beside
 * the path's own lookup.  Nothing when the layer is off or not
 * in-process, or after the deadline. */
static mx_status
sec_start_aux(struct mx_check *job, uint16_t type, const char *name,
    uint32_t host, unsigned aux)
{
	struct sec_lookup	*sl;
	mx_status		 st;

	if (job->ctx->sec == NULL || !job->res->dnssec || job->ctx->expired)
		return MX_OK;
	if ((sl = calloc(1, sizeof(*sl))) == NULL)
		return MX_ERR_NOMEM;
	sl->job = job;
	sl->type = type;
	sl->host = host;
	sl->aux = (uint8_t)aux;
	if ((st = mx_dnssec_probe_ask(job->ctx->sec, name, type, on_sec, sl,
	    &sl->q)) != MX_OK) {
		free(sl);
		return st;
	}
	if (mx_loop_timer(job->ctx->loop, job->ctx->sec_patience ?
	    job->ctx->sec_patience : 30000, on_sec_timeout, sl, &sl->timer) !=
	    MX_OK) {
		mx_dnssec_probe_cancel(job->ctx->sec, sl->q);
		free(sl);
		return MX_ERR_NOMEM;
	}
	if ((sl->next = job->secs) != NULL)
		job->secs->prev = sl;
	job->secs = sl;
	job->outstanding++;
	return MX_OK;
}

static mx_status
sec_start(struct mx_check *job, uint16_t type, const char *name,
    uint32_t host)
{
	return sec_start_aux(job, type, name, host, 0);
}

/*
 * What a path answer says to the DNSSEC layer; returns 1 when it was a
 * SERVFAIL now asked again with CD=1 (the answer is not the path's:
 * the lookup is done, the retry carries on).  RFC 4035 §3.2.2: a
 * validating resolver that SERVFAILs a query but answers it with
 * checking disabled failed validation; one that fails both is dead or
 * broken.  Its EDE (RFC 8914) is kept for the finding.  With the
 * resolver trusted (--dnssec-via resolver) the answer's AD bit gives
 * the state; in-process, libunbound's lookup does.
 */
static int
sec_path_answer(struct mx_check *job, struct lookup *lk,
    const struct mx_answer *ans, const char *name)
{
	struct mx_rrset_security	*sl;
	int				 via_resolver;
	char				 why[256];

	if (!job->res->dnssec || (lk->kind != LK_PATH && lk->kind != LK_CD))
		return 0;
	sl = sec_slot(job, lk->type, lk->type == MX_TYPE_MX ? UINT32_MAX :
	    lk->host, 0);
	via_resolver = job->ctx->opt.dnssec_via == MX_DNSSEC_VIA_RESOLVER;
	if (lk->kind == LK_PATH && ans->rcode == MX_ANSWER_TEMPFAIL &&
	    ans->dns_rcode == 2 && !job->ctx->expired) {
		/* in-process, libunbound's own reason decides */
		if (ans->ede >= 0 && via_resolver) {
			sl->ede = ans->ede;
			if (ans->ede_text != NULL && sl->why == NULL)
				sl->why = mx_result_strdup(job->res,
				    mx_dnssec_reason_tail(ans->ede_text));
		}
		if (job_ask_kind(job, lk->type, name, lk->host, lk->hops,
		    LK_CD, 0) == MX_OK)
			return 1;
	}
	if (!via_resolver || ans->rcode == MX_ANSWER_CNAME)
		return 0;
	if (lk->kind == LK_CD) {
		if (ans->rcode == MX_ANSWER_TEMPFAIL ||
		    ans->rcode == MX_ANSWER_TIMEOUT) {
			sl->ede = -1;
			sl->why = NULL;
			sec_set(job, sl, MX_DNSSEC_INDETERMINATE, -1, "the "
			    "resolver fails with checking disabled (CD=1) "
			    "too: a dead server, not a DNSSEC failure");
		} else {
			snprintf(why, sizeof(why), "%s%sthe resolver answers "
			    "SERVFAIL, and with checking disabled (CD=1) "
			    "answers", sl->why ? sl->why : "", sl->why ?
			    "; " : "");
			sl->why = NULL;
			sec_set(job, sl, MX_DNSSEC_BOGUS, 6, why);
		}
	} else if (ans->rcode == MX_ANSWER_TEMPFAIL ||
	    ans->rcode == MX_ANSWER_TIMEOUT)
		sec_set(job, sl, MX_DNSSEC_INDETERMINATE, -1, ans->detail);
	else
		sec_set(job, sl, (ans->flags & MX_FLAG_AD) ?
		    MX_DNSSEC_SECURE : MX_DNSSEC_INSECURE, -1, NULL);
	return 0;
}

/* ---- the reverse layer ---- */

/* 1 when the two texts are the same address. */
static int
same_address(const char *a, const char *b, int family)
{
	unsigned char	x[16], y[16];
	int		af = family == 6 ? AF_INET6 : AF_INET;

	if (inet_pton(af, a, x) != 1 || inet_pton(af, b, y) != 1)
		return 0;
	return memcmp(x, y, family == 6 ? 16 : 4) == 0;
}

/* The entry of address text in job's table, or (UINT32_MAX) none. */
static uint32_t
ptr_find(const struct mx_check *job, const char *text)
{
	uint32_t	i;
	size_t		pos = 0;

	while (mx_hset_next(&job->ptr_ix, mx_hash_name(text), &pos, &i))
		if (strcmp(job->ptrs[i].addr, text) == 0)
			return i;
	return UINT32_MAX;
}

/* Asks the PTR of every address of host h's type records not asked yet
 * (an address of several exchanges is asked once). */
static void
ptr_start(struct mx_check *job, size_t host, uint16_t type)
{
	struct mx_host		*h = &job->res->hosts[host];
	const struct mx_record	*recs = type == MX_TYPE_A ? h->a_records :
				    h->aaaa_records;
	size_t			 n = type == MX_TYPE_A ? h->na : h->naaaa, i;

	if (!job->res->ptr)
		return;
	for (i = 0; i < n; i++) {
		struct ptr_probe	*e;
		char			 name[MX_PTR_NAME_MAX];
		uint32_t		 idx;

		if (recs[i].address == NULL ||
		    ptr_find(job, recs[i].address) != UINT32_MAX ||
		    mx_ptr_name(recs[i].address, name) == NULL)
			continue;
		idx = (uint32_t)job->nptrs;
		if ((e = mx_vec_push(&job->ptrs, &job->nptrs, &job->capptrs,
		    sizeof(*e))) == NULL)
			return;
		memset(e, 0, sizeof(*e));
		e->addr = recs[i].address;
		e->family = type == MX_TYPE_A ? 4 : 6;
		if (mx_hset_add(&job->ptr_ix, mx_hash_name(e->addr), idx) !=
		    MX_OK || job_ask_kind(job, MX_TYPE_PTR, name, 0, 0, LK_PTR,
		    idx) != MX_OK)
			e->state = MX_PTR_FAILED;
	}
}

/* At most this many PTR names of one address are confirmed. */
#define PTR_NAMES_MAX	8

/* The PTR answer of an address: its names, each then asked for the
 * address's family (forward confirmation); a CNAME (RFC 2317
 * delegation) is followed. */
static void
on_ptr(struct mx_check *job, struct lookup *lk, const struct mx_answer *ans)
{
	struct ptr_probe	*e = &job->ptrs[lk->aux];
	size_t			 i, n;

	if (ans->rcode == MX_ANSWER_CNAME && ans->ncnames > 0 &&
	    lk->hops + ans->ncnames < MX_CNAME_LIMIT) {
		if (job_ask_kind(job, MX_TYPE_PTR,
		    ans->cnames[ans->ncnames - 1].target, 0, lk->hops +
		    ans->ncnames, LK_PTR, lk->aux) != MX_OK)
			e->state = MX_PTR_FAILED;
		goto done;
	}
	switch (ans->rcode) {
	case MX_ANSWER_OK:
		n = ans->nrecords < PTR_NAMES_MAX ? ans->nrecords :
		    PTR_NAMES_MAX;
		if (n == 0 || (e->names = mx_strpool_alloc(job->res->strings,
		    n * sizeof(char *))) == NULL) {
			e->state = n ? MX_PTR_FAILED : MX_PTR_MISSING;
			break;
		}
		for (i = 0; i < n; i++) {
			if (ans->records[i].target == NULL ||
			    (e->names[e->nnames] = mx_result_strdup(job->res,
			    ans->records[i].target)) == NULL)
				continue;
			e->nnames++;
			if (job_ask_kind(job, e->family == 4 ? MX_TYPE_A :
			    MX_TYPE_AAAA, ans->records[i].target, 0, 0, LK_FWD,
			    lk->aux) == MX_OK)
				e->pending++;
			else
				e->failed = 1;
		}
		if (e->pending == 0)
			e->state = e->failed ? MX_PTR_FAILED : MX_PTR_MISMATCH;
		break;
	case MX_ANSWER_NXDOMAIN:
	case MX_ANSWER_NODATA:
		e->state = MX_PTR_MISSING;
		break;
	default:
		e->state = MX_PTR_FAILED;
		break;
	}
done:
	job_done_one(job);
}

/* The forward lookup of a PTR name: does it hold the address? */
static void
on_fwd(struct mx_check *job, struct lookup *lk, const struct mx_answer *ans)
{
	struct ptr_probe	*e = &job->ptrs[lk->aux];
	size_t			 i;

	if (ans->rcode == MX_ANSWER_CNAME && ans->ncnames > 0 &&
	    lk->hops + ans->ncnames < MX_CNAME_LIMIT &&
	    job_ask_kind(job, lk->type, ans->cnames[ans->ncnames - 1].target,
	    0, lk->hops + ans->ncnames, LK_FWD, lk->aux) == MX_OK)
		goto done;	/* still pending, through the next hop */
	if (ans->rcode == MX_ANSWER_OK) {
		for (i = 0; i < ans->nrecords; i++)
			if (ans->records[i].address != NULL &&
			    same_address(ans->records[i].address, e->addr,
			    e->family))
				e->confirmed = 1;
	} else if (ans->rcode == MX_ANSWER_TEMPFAIL ||
	    ans->rcode == MX_ANSWER_TIMEOUT || ans->rcode == MX_ANSWER_CNAME)
		e->failed = 1;
	if (--e->pending == 0)
		e->state = e->confirmed ? MX_PTR_CONFIRMED : e->failed ?
		    MX_PTR_FAILED : MX_PTR_MISMATCH;
done:
	job_done_one(job);
}

/* Hands each address of the built path its PTR entry. */
static void
ptr_fill(struct mx_check *job)
{
	size_t i, j;

	/* nothing asked (the layer is off): no look-up per address */
	if (job->nptrs == 0)
		return;
	for (i = 0; i < job->res->nhosts; i++) {
		struct mx_host *h = &job->res->hosts[i];

		for (j = 0; j < h->naddrs; j++) {
			struct mx_address	*a = &h->addrs[j];
			uint32_t		 k = ptr_find(job, a->text);

			if (k == UINT32_MAX)
				continue;
			a->ptr = job->ptrs[k].state;
			a->ptr_names = job->ptrs[k].names;
			a->nptr = job->ptrs[k].nnames;
		}
	}
}

/* ---- the policy layer ---- */

/* Asks the TLSA records of host at _25._tcp.name (aux 0: the exchange,
 * 1: its canonical name), with the validator beside when it runs in
 * process; once per name. */
static void
pol_start_tlsa(struct mx_check *job, size_t host, const char *name,
    unsigned aux)
{
	struct mx_pol_tlsa	*t;
	char			 owner[MX_POL_NAME_MAX];

	if (host >= job->npol)
		return;
	t = &job->pol[host].at[aux & 1];
	if (t->asked)
		return;
	t->asked = 1;
	t->sec.ede = -1;
	if (mx_pol_name("_25._tcp.", name, owner) == NULL ||
	    (t->name = mx_result_strdup(job->res, owner)) == NULL ||
	    job_ask_kind(job, MX_TYPE_TLSA, owner, host, 0, LK_TLSA, aux) !=
	    MX_OK) {
		t->done = 1;
		t->rcode = MX_ANSWER_TEMPFAIL;
		t->dns_rcode = -1;
		t->detail = "not asked: the name is too long";
		return;
	}
	if (sec_start_aux(job, MX_TYPE_TLSA, owner, (uint32_t)host, aux) !=
	    MX_OK)
		t->sec.state = MX_DNSSEC_INDETERMINATE;
}

/* The domain's _mta-sts and _smtp._tls TXT records (RFC 8461 §3.1, RFC
 * 8460 §3), asked with its MX. */
static void
pol_start_domain(struct mx_check *job)
{
	struct mx_result	*res = job->res;
	char			 name[MX_POL_NAME_MAX];

	if (!res->policy)
		return;
	res->mta_sts.asked = res->tls_rpt.asked = 1;
	if (mx_pol_name("_mta-sts.", res->domain, name) == NULL ||
	    job_ask_kind(job, MX_TYPE_TXT, name, 0, 0, LK_STS_TXT, 0) !=
	    MX_OK)
		res->mta_sts.rcode = MX_ANSWER_TEMPFAIL;
	if (mx_pol_name("_smtp._tls.", res->domain, name) == NULL ||
	    job_ask_kind(job, MX_TYPE_TXT, name, 0, 0, LK_RPT_TXT, 0) !=
	    MX_OK)
		res->tls_rpt.rcode = MX_ANSWER_TEMPFAIL;
}

/* A TLSA answer: an alias followed (RFC 7671 §7), else the records and,
 * with the resolver trusted, their state from its AD bit; a SERVFAIL
 * of a validating resolver is a bogus answer to a DANE sender (RFC 7672
 * §2.1.1). */
static void
on_tlsa(struct mx_check *job, struct lookup *lk, const struct mx_answer *ans)
{
	struct mx_pol_tlsa *t;

	if (lk->host >= job->npol)
		goto done;
	t = &job->pol[lk->host].at[lk->aux & 1];
	if (ans->rcode == MX_ANSWER_CNAME && ans->ncnames > 0 &&
	    lk->hops + ans->ncnames < MX_CNAME_LIMIT &&
	    job_ask_kind(job, MX_TYPE_TLSA, ans->cnames[ans->ncnames -
	    1].target, lk->host, lk->hops + ans->ncnames, LK_TLSA,
	    lk->aux) == MX_OK)
		goto done;
	if (mx_pol_tlsa_take(job->res, t, ans) != MX_OK) {
		t->rcode = MX_ANSWER_TEMPFAIL;
		t->dns_rcode = -1;
		t->detail = "out of memory";
	}
	if (job->ctx->opt.dnssec_via != MX_DNSSEC_VIA_RESOLVER)
		goto done;
	switch (ans->rcode) {
	case MX_ANSWER_OK:
	case MX_ANSWER_NODATA:
	case MX_ANSWER_NXDOMAIN:
		t->sec.state = (ans->flags & MX_FLAG_AD) ? MX_DNSSEC_SECURE :
		    MX_DNSSEC_INSECURE;
		break;
	default:
		if (ans->dns_rcode == 2) {
			t->sec.state = MX_DNSSEC_BOGUS;
			t->sec.ede = ans->ede;
			t->sec.why = mx_result_strdup(job->res, ans->ede_text);
		} else
			t->sec.state = MX_DNSSEC_INDETERMINATE;
		break;
	}
done:
	job_done_one(job);
}

static void job_report(struct mx_check *job);

/* The fetch runs beside the rest of the job, the SMTP probes too; the
 * report waits for it. */
static void
on_fetched(void *arg, const struct mx_https_reply *r)
{
	struct mx_check		*job = arg;
	struct mx_pol_fetch	*f = job->fetch;

	f->get = NULL;
	mx_pol_sts_body(job->res, f->url, r->status, r->body, r->len,
	    r->content_type, r->error, r->ms);
	if (job->report_waits)
		job_report(job);
}

/* Ends a fetch still running: the policy unavailable, why said. */
static void
pol_fetch_cut(struct mx_check *job, const char *why)
{
	struct mx_pol_fetch *f = job->fetch;

	if (f == NULL || f->get == NULL)
		return;
	mx_https_cancel(job->ctx->https, f->get);
	f->get = NULL;
	mx_pol_sts_body(job->res, f->url, 0, NULL, 0, NULL, why, 0);
}

/* The addresses of mta-sts.D are known: the GET, once per domain, over
 * the context's HTTPS client (port 443, 64 KiB, the SMTP timeout). */
static void
pol_fetch_go(struct mx_check *job)
{
	mx_ctx			*ctx = job->ctx;
	struct mx_pol_fetch	*f = job->fetch;
	mx_status		 st;

	if (mx_job_expired(job)) {
		mx_pol_sts_body(job->res, f->url, 0, NULL, 0, NULL, "not "
		    "fetched: the deadline had passed", 0);
		return;
	}
	if (ctx->https == NULL && mx_https_new(ctx->loop, ctx->opt.ca_file,
	    &ctx->https) != MX_OK) {
		mx_pol_sts_body(job->res, f->url, 0, NULL, 0, NULL, "not "
		    "fetched: the HTTPS client could not be set up", 0);
		return;
	}
	if ((st = mx_https_get(ctx->https, f->host, 443,
	    (const char *const *)f->addrs, f->naddrs,
	    "/.well-known/mta-sts.txt", 65536, ctx->opt.smtp_timeout_ms,
	    on_fetched, job, &f->get)) != MX_OK) {
		f->get = NULL;
		/* MX_ERR_ARG: a name no URL can hold (the client takes
		 * letters, digits, '-', '_' and dots between labels) */
		mx_pol_sts_body(job->res, f->url, 0, NULL, 0, NULL,
		    st == MX_ERR_ARG ? "not fetched: mta-sts. and the domain "
		    "make no host name an HTTPS URL can hold" : "not fetched: "
		    "out of memory", 0);
	}
}

/* A valid _mta-sts record with --smtp: the addresses of mta-sts.D. */
static void
pol_fetch_start(struct mx_check *job)
{
	struct mx_pol_fetch	*f;
	char			 name[MX_POL_NAME_MAX];
	size_t			 n;

	if (job->fetch != NULL || (f = calloc(1, sizeof(*f))) == NULL)
		return;
	job->fetch = f;
	if (mx_pol_name("mta-sts.", job->res->domain, name) == NULL) {
		mx_pol_sts_body(job->res, NULL, 0, NULL, 0, NULL, "not "
		    "fetched: the name is too long", 0);
		return;
	}
	n = strlen(name);
	memcpy(f->host, name, n + 1);
	if (n > 1 && f->host[n - 1] == '.')
		f->host[n - 1] = '\0';
	f->url = mx_asprintf("https://%s/.well-known/mta-sts.txt", f->host);
	if (job_ask_kind(job, MX_TYPE_A, name, 0, 0, LK_STS_ADDR, 0) ==
	    MX_OK)
		f->pending++;
	if (job_ask_kind(job, MX_TYPE_AAAA, name, 0, 0, LK_STS_ADDR, 0) ==
	    MX_OK)
		f->pending++;
	if (f->pending == 0)
		pol_fetch_go(job);
}

/* An address of mta-sts.D, its alias chain followed. */
static void
on_sts_addr(struct mx_check *job, struct lookup *lk,
    const struct mx_answer *ans)
{
	struct mx_pol_fetch	*f = job->fetch;
	size_t			 i;

	if (f == NULL)
		goto done;
	if (ans->rcode == MX_ANSWER_CNAME && ans->ncnames > 0 &&
	    lk->hops + ans->ncnames < MX_CNAME_LIMIT &&
	    job_ask_kind(job, lk->type, ans->cnames[ans->ncnames - 1].target,
	    0, lk->hops + ans->ncnames, LK_STS_ADDR, 0) == MX_OK)
		goto done;
	for (i = 0; ans->rcode == MX_ANSWER_OK && i < ans->nrecords; i++)
		if (ans->records[i].address != NULL &&
		    f->naddrs < POL_FETCH_ADDRS &&
		    (f->addrs[f->naddrs] = strdup(ans->records[i].address)) !=
		    NULL)
			f->naddrs++;
	if (--f->pending == 0)
		pol_fetch_go(job);
done:
	job_done_one(job);
}

/* The _mta-sts or _smtp._tls TXT answer; with --smtp a valid MTA-STS
 * record starts the policy fetch. */
static void
on_pol_txt(struct mx_check *job, struct lookup *lk,
    const struct mx_answer *ans)
{
	if (ans->rcode == MX_ANSWER_CNAME && ans->ncnames > 0 &&
	    lk->hops + ans->ncnames < MX_CNAME_LIMIT &&
	    job_ask_kind(job, MX_TYPE_TXT, ans->cnames[ans->ncnames -
	    1].target, 0, lk->hops + ans->ncnames, lk->kind, 0) == MX_OK)
		goto done;
	if (lk->kind == LK_RPT_TXT)
		mx_pol_rpt_txt(job->res, ans);
	else {
		mx_pol_sts_txt(job->res, ans);
		if (job->ctx->opt.smtp && mx_pol_sts_valid(job->res))
			pol_fetch_start(job);
	}
done:
	job_done_one(job);
}

/* The checks and the handing over, after the path (and the probes). */
static void
job_report(struct mx_check *job)
{
	struct mx_result	*res = job->res;
	mx_result_fn		 fn = job->fn;
	void			*arg = job->arg;

	/* the MTA-STS policy is still on its way: its answer reports */
	if (job->fetch != NULL && job->fetch->get != NULL) {
		job->report_waits = 1;
		return;
	}
	job->report_waits = 0;
	if (job->smtp != NULL) {
		mx_smtp_apply(job->ctx->smtp, job->smtp, res);
		mx_smtp_wait_cancel(job->ctx->smtp, job->smtp);
		job->smtp = NULL;
	}
	/* the policy layer: the chains against the TLSA records, then
	 * what each kind of sender does */
	if (res->policy) {
		mx_pol_verify(res);
		mx_pol_senders(res, job->ctx->opt.smtp);
	}
	pol_free(job);
	mx_run_checks(res, &job->ctx->opt);
	/* --smtp: no host took a session and some were busy: whether mail
	 * gets through is not known (a rate limit is not a broken path) */
	if (mx_smtp_inconclusive(res))
		res->verdict = mx_verdict_worst(res->verdict,
		    MX_VERDICT_UNKNOWN);
	/* an authority lookup the deadline cut short is a server that did
	 * not answer in time, not an unknown path (SPEC: authority); a
	 * path lookup or an SMTP probe it cut short makes it unknown */
	if (job->expired && job->path_expired)
		res->verdict = MX_VERDICT_UNKNOWN;
	res->elapsed_ms = elapsed_ms(&job->start);
	job_unlink(job);
	free(job);
	fn(arg, res);
}

static void
on_smtp_done(void *arg)
{
	job_report(arg);
}

/* 1 when the MX of domain is asked live: a live source, or zone files
 * with --live and a domain that none of them covers.  Such a domain has
 * the authority layer (its authoritative servers are the source of
 * truth for its TTLs), a domain of the loaded zones has its files. */
static int
answered_live(const mx_ctx *ctx, const char *domain)
{
	const mx_source *second;

	if (mx_source_impl_of(ctx->src, mx_kind_live) != NULL)
		return 1;
	second = mx_chain_second(ctx->src);
	return second != NULL && mx_source_impl_of(second, mx_kind_live) !=
	    NULL && domain != NULL && (ctx->opt.zone == NULL ||
	    !mx_zone_covers(ctx->opt.zone, domain));
}

/* The last phase: order the path; with --smtp, probe its addresses
 * (probe/smtp.c) before the checks.  A check the deadline ended is
 * unknown, whatever it found so far. */
static void
job_finish(struct mx_check *job)
{
	struct mx_result	*res = job->res;
	mx_ctx			*ctx = job->ctx;
	size_t			 i;

	/* the zone's origin, for the checks of how exchanges are written */
	if (job->ctx->opt.zone != NULL)
		res->origin = mx_zone_origin_of(job->ctx->opt.zone,
		    res->canonical);
	/* live: the TTLs the resolver gave are time left in its cache;
	 * the authority layer's view says what the zone publishes */
	if (answered_live(job->ctx, res->domain)) {
		res->ttl_cache = 1;
		res->ttl_note = "TTL checks skipped: the authority layer is "
		    "off (--no-auth), and the resolver's TTLs are the time "
		    "left in its cache, not what the zone publishes";
	}
	if (job->auth != NULL) {
		mx_auth_finish(job->auth, res);
		mx_auth_free(job->auth);
		job->auth = NULL;
	}
	/* the hosts are still in MX order: their TLSA lookups' index */
	for (i = 0; i < job->npol && i < res->nhosts; i++)
		mx_pol_dane_fill(res, &res->hosts[i], &job->pol[i]);
	mx_path_build_opt(res, &job->ctx->opt);
	ptr_fill(job);
	ptrs_free(job);
	if (ctx->opt.smtp && !job->expired && res->nhosts > 0 &&
	    (ctx->smtp != NULL || (ctx->smtp = mx_smtp_table_new(ctx->loop,
	    &ctx->opt)) != NULL) && mx_smtp_wait_start(ctx->smtp, res,
	    on_smtp_done, job, &job->smtp) == MX_OK)
		return;
	job_report(job);
}

static void
job_done_one(struct mx_check *job)
{
	if (--job->outstanding == 0)
		job_finish(job);
}

static void on_answer(void *arg, const struct mx_answer *ans);

/*
 * Asks name/type for job (host: which one, for A and AAAA; hops: how far
 * down its chain).  After the deadline nothing is sent: the lookup waits
 * for the late timer, which ends it.
 */
/* At most this many answered lookups wait in a context for reuse: a lint
 * asks six a domain, a million at once in a batch need not stay. */
#define SPARE_MAX	1024

/* A zeroed lookup: one of ctx's spares, or a new one (NULL: no memory).
 * A lint makes six a domain; malloc and free were 3% of its time. */
static struct lookup *
lookup_new(mx_ctx *ctx)
{
	struct lookup *lk = ctx->spare;

	if (lk == NULL)
		return calloc(1, sizeof(*lk));
	ctx->spare = lk->next;
	ctx->nspare--;
	memset(lk, 0, sizeof(*lk));
	return lk;
}

/* Gives back a lookup that is in no list any more. */
static void
lookup_release(mx_ctx *ctx, struct lookup *lk)
{
	if (ctx->nspare >= SPARE_MAX) {
		free(lk);
		return;
	}
	lk->next = ctx->spare;
	ctx->spare = lk;
	ctx->nspare++;
}

static mx_status
job_ask_full(struct mx_check *job, unsigned layer, unsigned kind,
    uint32_t aux, uint16_t type, const char *name, unsigned flags,
    const char *server, size_t host, unsigned hops)
{
	struct lookup	*lk;
	struct mx_query	 q;
	mx_status	 st;

	if ((lk = lookup_new(job->ctx)) == NULL)
		return MX_ERR_NOMEM;
	lk->ctx = job->ctx;
	lk->job = job;
	lk->type = type;
	lk->host = (uint32_t)host;
	lk->hops = (uint8_t)hops;
	lk->layer = (uint8_t)layer;
	lk->kind = (uint8_t)kind;
	lk->aux = aux;
	if (!job->ctx->expired) {
		memset(&q, 0, sizeof(q));
		q.name = name;
		q.type = type;
		q.flags = flags;
		q.server = server;
		/* the resolver's AD bit is read: ask with DO (RFC 3225);
		 * after a SERVFAIL, again with CD (RFC 4035 §3.2.2) */
		if (layer == MX_LAYER_PATH && job->res->dnssec &&
		    (kind == LK_PATH || kind == LK_CD || kind == LK_TLSA) &&
		    job->ctx->opt.dnssec_via == MX_DNSSEC_VIA_RESOLVER)
			q.flags |= MX_QUERY_DO;
		if (layer == MX_LAYER_PATH && kind == LK_CD)
			q.flags |= MX_QUERY_DO | MX_QUERY_CD;
		if ((st = mx_source_query(job->ctx->src, &q, on_answer, lk)) !=
		    MX_OK) {
			free(lk);
			return st;
		}
		lk->sent = 1;
	}
	list_push(&job->lookups, lk);
	job->outstanding++;
	return MX_OK;
}

static mx_status
job_ask(struct mx_check *job, uint16_t type, const char *name, size_t host,
    unsigned hops)
{
	return job_ask_full(job, MX_LAYER_PATH, LK_PATH, 0, type, name,
	    MX_QUERY_RD, NULL, host, hops);
}

/* A lookup of the path's layer for the DNSSEC and reverse layers. */
static mx_status
job_ask_kind(struct mx_check *job, uint16_t type, const char *name,
    size_t host, unsigned hops, unsigned kind, uint32_t aux)
{
	return job_ask_full(job, MX_LAYER_PATH, kind, aux, type, name,
	    MX_QUERY_RD, NULL, host, hops);
}

mx_status
mx_job_query(struct mx_check *job, unsigned layer, uint16_t type,
    const char *name, unsigned flags, const char *server, uint32_t tag)
{
	return job_ask_full(job, layer, LK_PATH, 0, type, name, flags,
	    server, tag, 0);
}

int
mx_job_expired(const struct mx_check *job)
{
	return job->expired || job->ctx->expired;
}

int
mx_job_family(const struct mx_check *job)
{
	return mx_live_family(job->ctx->src);
}

/* Returns 1 when name already appears in the chain (a loop). */
static int
chain_has(const struct mx_record *chain, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (mx_name_eq(chain[i].owner, name))
			return 1;
	return 0;
}

/* The name a lookup of host h ends at after hops hops of its chain. */
static const char *
hop_name(const struct mx_host *h, unsigned hops)
{
	return hops > 0 && h->ncnames >= hops ? h->cnames[hops - 1].target :
	    h->exchange;
}

/* Replaces *detail with the detail of a chain that is not followed: a
 * loop back to target, or one longer than MX_CNAME_LIMIT hops.  NULL
 * (out of memory) leaves the generic text to the checks.  A host's
 * detail (host: 1) is one of res's strings, in its pool when it has
 * one. */
static void
chain_detail(struct mx_result *res, char **detail, int host,
    const char *target)
{
	char *s = target != NULL ? mx_asprintf("CNAME loop back to %s",
	    target) : mx_asprintf("CNAME chain longer than %d hops",
	    MX_CNAME_LIMIT);

	if (host && res->strings != NULL) {
		set_detail(res, detail, s);
		free(s);
		return;
	}
	free(*detail);
	*detail = s;
}

/*
 * An answer to A or AAAA of a host.  Its CNAME records are added to the
 * host's chain (once: the A and AAAA lookups both meet them), up to
 * MX_CNAME_LIMIT hops; when the chain leaves the answer its last target
 * is asked.  A chain that loops (a target already met) or would need
 * another hop past the limit ends the lookup, the chain as far as it
 * was walked kept, so that what the checks name is its last hop.
 */
static void
on_addr(struct mx_check *job, struct lookup *lk, const struct mx_answer *ans)
{
	struct mx_host		*h = &job->res->hosts[lk->host];
	enum mx_rcode		*rc;
	char			**detail;
	struct mx_record	**recs, like;
	size_t			*nrecs, i;
	unsigned		 hops = lk->hops;

	if (lk->type == MX_TYPE_A) {
		rc = &h->a_rcode;
		detail = &h->a_detail;
		recs = &h->a_records;
		nrecs = &h->na;
	} else {
		rc = &h->aaaa_rcode;
		detail = &h->aaaa_detail;
		recs = &h->aaaa_records;
		nrecs = &h->naaaa;
	}
	if (sec_path_answer(job, lk, ans, hop_name(h, hops)))
		goto done;
	for (i = 0; i < ans->ncnames; i++, hops++) {
		const struct mx_record *cn = &ans->cnames[i];

		if (hops >= MX_CNAME_LIMIT)
			goto too_long;
		/* the other family may have walked this hop already */
		if (hops >= h->ncnames && append_records(job->res,
		    &h->cnames, &h->ncnames, cn, 1, NULL, 1) != MX_OK)
			goto fail;
		if (chain_has(h->cnames, hops + 1, cn->target) ||
		    mx_name_eq(cn->target, h->exchange)) {
			h->state = MX_HOST_CNAME_LOOP;
			*rc = MX_ANSWER_TEMPFAIL;
			chain_detail(job->res, detail, 1, cn->target);
			goto done;
		}
	}
	if (ans->rcode == MX_ANSWER_CNAME && ans->ncnames > 0) {
		if (hops >= MX_CNAME_LIMIT)
			goto too_long;
		if (job_ask(job, lk->type, ans->cnames[ans->ncnames - 1].target,
		    lk->host, hops) != MX_OK)
			goto fail;
		goto done;
	}
	*rc = ans->rcode;
	set_detail(job->res, detail, ans->detail);
	/* the chain's end is known: TLSA there too (RFC 7672 §2.2.2) */
	if (hops > 0 && ans->rcode == MX_ANSWER_OK)
		pol_start_tlsa(job, lk->host, hop_name(h, hops), 1);
	/* the records' owner is most often the name asked, shared */
	memset(&like, 0, sizeof(like));
	like.owner = (char *)hop_name(h, hops);
	if (ans->rcode == MX_ANSWER_OK && append_records(job->res, recs,
	    nrecs, ans->records, ans->nrecords, &like, 1) != MX_OK)
		goto fail;
	if (ans->rcode == MX_ANSWER_OK)
		ptr_start(job, lk->host, lk->type);
	if (ans->rcode == MX_ANSWER_TIMEOUT || ans->rcode ==
	    MX_ANSWER_TEMPFAIL)
		add_failure(job->res, hop_name(h, hops), lk->type, ans);
	goto done;
too_long:
	h->state = MX_HOST_CNAME_LOOP;
	*rc = MX_ANSWER_TEMPFAIL;
	chain_detail(job->res, detail, 1, NULL);
	goto done;
fail:
	*rc = MX_ANSWER_TEMPFAIL;
done:
	job_done_one(job);
}

/* Adds a host for exchange unless it is there already (a duplicate MX
 * target is tried once, at its first record's preference).  The hosts are
 * indexed by name in ix, so that N exchanges cost O(N). */
static struct mx_host *
add_host(struct mx_result *res, const char *exchange,
    const struct mx_record *mx, size_t *cap, struct mx_hset *ix)
{
	struct mx_host	*h;
	uint32_t	 hash = mx_hash_name(exchange), i;
	size_t		 pos = 0;

	while (mx_hset_next(ix, hash, &pos, &i))
		if (mx_name_eq(res->hosts[i].exchange, exchange))
			return &res->hosts[i];
	if (mx_hset_add(ix, hash, (uint32_t)res->nhosts) != MX_OK)
		return NULL;
	if ((h = mx_vec_push(&res->hosts, &res->nhosts, cap,
	    sizeof(*h))) == NULL)
		return NULL;
	/* with a pool the host names its MX record's target, no copy */
	if (res->strings != NULL && mx != NULL && mx->target == exchange)
		h->exchange = mx->target;
	else if ((h->exchange = mx_result_strdup(res, exchange)) == NULL)
		return NULL;
	h->preference = mx ? mx->preference : 0;
	h->mx = mx;
	return h;
}

/* The hash under which an additional record of name and type is
 * indexed. */
static uint32_t
additional_hash(const char *name, uint16_t type)
{
	return mx_hash_name(name) ^ ((uint32_t)type * 0x9e3779b1u);
}

/*
 * RFC 1035 §3.3.9: with an MX answer, a server sends the A and AAAA
 * records it holds of the exchanges.  When the answer is authoritative,
 * those of exchanges at or below the domain belong to the zone it has
 * just answered for with authority: the same records an address query to
 * it would get.  (RFC 2181 §5.4.1 ranks additional data low because in
 * general its zone is unknown; here it is known, short of a delegation
 * below the domain, whose data NSD does not add.)  They are taken as the
 * answer to that query; a type missing from the section, a CNAME at the
 * exchange or any other exchange is still asked.  Returns 1 when the
 * host's type was answered so.
 */
static int
from_additional(struct mx_check *job, size_t host, uint16_t type,
    const struct mx_answer *mx, const struct mx_hset *ix)
{
	struct mx_result	*res = job->res;
	struct mx_host		*h = &res->hosts[host];
	struct mx_record	 like;
	uint32_t		 hash, i;
	size_t			 pos = 0;
	int			 any = 0;

	if (mx == NULL || !job->ctx->opt.additional ||
	    !(mx->flags & MX_FLAG_AA) || res->ndomain_cnames > 0 ||
	    !mx_name_under(h->exchange, res->domain))
		return 0;
	/* the section's records of this name and type, in section order */
	hash = additional_hash(h->exchange, type);
	while (mx_hset_next(ix, hash, &pos, &i)) {
		const struct mx_record *r = &mx->additional[i];

		if (r->type != type || !mx_name_eq(r->owner, h->exchange))
			continue;
		any = 1;
		memset(&like, 0, sizeof(like));
		like.owner = h->exchange;
		if (append_records(res, type == MX_TYPE_A ? &h->a_records :
		    &h->aaaa_records, type == MX_TYPE_A ? &h->na : &h->naaaa,
		    r, 1, &like, 1) != MX_OK)
			return 0;
	}
	if (!any)
		return 0;
	if (type == MX_TYPE_A)
		h->a_rcode = MX_ANSWER_OK;
	else
		h->aaaa_rcode = MX_ANSWER_OK;
	return 1;
}

/* The second phase: A and AAAA of every host at once, those an
 * authoritative MX answer carried excepted. */
static void
query_hosts(struct mx_check *job, const struct mx_answer *mx)
{
	struct mx_hset	ix = { NULL, 0, 0 };
	size_t		i;

	/* the additional section by name and type, so that N exchanges
	 * and M records cost O(N + M); without it none is taken */
	for (i = 0; mx != NULL && i < mx->nadditional; i++)
		if (mx_hset_add(&ix, additional_hash(mx->additional[i].owner,
		    mx->additional[i].type), (uint32_t)i) != MX_OK) {
			mx = NULL;
			break;
		}
	/* DANE rests on DNSSEC states: the TLSA lookups with the layer */
	if (job->res->policy && job->res->dnssec && job->pol == NULL &&
	    job->res->nhosts > 0 && (job->pol = calloc(job->res->nhosts,
	    sizeof(*job->pol))) != NULL)
		job->npol = job->res->nhosts;
	job->outstanding++;	/* hold the job open while starting */
	for (i = 0; i < job->res->nhosts; i++) {
		const char	*ex = job->res->hosts[i].exchange;
		int		 add_a, add_aaaa;

		job->res->hosts[i].a_sec.ede = -1;
		job->res->hosts[i].aaaa_sec.ede = -1;
		add_a = from_additional(job, i, MX_TYPE_A, mx, &ix);
		add_aaaa = from_additional(job, i, MX_TYPE_AAAA, mx, &ix);
		if ((!add_a && job_ask(job, MX_TYPE_A, ex, i, 0) != MX_OK) ||
		    (!add_aaaa && job_ask(job, MX_TYPE_AAAA, ex, i, 0) !=
		    MX_OK))
			job->res->hosts[i].a_rcode = MX_ANSWER_TEMPFAIL;
		if (add_a)
			ptr_start(job, i, MX_TYPE_A);
		if (add_aaaa)
			ptr_start(job, i, MX_TYPE_AAAA);
		/* the validator beside them: the same names, chains
		 * followed by it */
		if (sec_start(job, MX_TYPE_A, ex, (uint32_t)i) != MX_OK ||
		    sec_start(job, MX_TYPE_AAAA, ex, (uint32_t)i) != MX_OK)
			job->res->hosts[i].a_sec.state =
			    MX_DNSSEC_INDETERMINATE;
		/* and its TLSA, in flight with them (RFC 7672 §2.2.2) */
		pol_start_tlsa(job, i, ex, 0);
	}
	mx_hset_free(&ix);
	job_done_one(job);
}

static int
is_root(const char *name)
{
	return strcmp(name, ".") == 0;
}

/*
 * The answer to MX of the domain (or of the last name of its alias
 * chain).  RFC 5321 §5.1: a CNAME is followed and the canonical name is
 * processed as the domain; no MX means the implicit MX, the domain itself
 * at preference 0; a lone MX "." is a null MX (RFC 7505).
 */
static void
on_mx(struct mx_check *job, const struct mx_answer *ans)
{
	struct mx_result	*res = job->res;
	struct mx_hset		 hosts = { NULL, 0, 0 };
	size_t			 i, cap = 0;

	res->mx_rcode = ans->rcode;
	free(res->mx_detail);
	res->mx_detail = mx_strdup(ans->detail);
	/* copied: a cached answer's strings go with the entry */
	if (ans->server && res->server == NULL &&
	    (res->server = strdup(ans->server)) == NULL) {
		res->mx_rcode = MX_ANSWER_TEMPFAIL;
		goto finish;
	}
	/* the chain as far as it is followed: MX_CNAME_LIMIT hops at most,
	 * up to a loop's last hop; the canonical name is the last name
	 * asked or to be asked, so that the checks name the chain's end */
	for (i = 0; i < ans->ncnames; i++) {
		const struct mx_record	*cn = &ans->cnames[i];

		if (res->ndomain_cnames >= MX_CNAME_LIMIT)
			goto too_long;
		if (append_records(res, &res->domain_cnames,
		    &res->ndomain_cnames, cn, 1, NULL, 0) != MX_OK) {
			res->mx_rcode = MX_ANSWER_TEMPFAIL;
			free(res->mx_detail);
			res->mx_detail = strdup("out of memory");
			goto finish;
		}
		if (chain_has(res->domain_cnames, res->ndomain_cnames,
		    cn->target) || mx_name_eq(cn->target, res->domain)) {
			res->mx_rcode = MX_ANSWER_TEMPFAIL;
			chain_detail(res, &res->mx_detail, 0, cn->target);
			goto finish;
		}
		free(res->canonical);
		if ((res->canonical = strdup(cn->target)) == NULL) {
			res->mx_rcode = MX_ANSWER_TEMPFAIL;
			goto finish;
		}
	}
	if (ans->rcode == MX_ANSWER_CNAME &&
	    res->ndomain_cnames >= MX_CNAME_LIMIT)
		goto too_long;
	switch (ans->rcode) {
	case MX_ANSWER_CNAME:
		if (ans->ncnames > 0 && job_ask(job, MX_TYPE_MX,
		    res->canonical, 0, 0) == MX_OK)
			goto finish;	/* this lookup is done, the next not */
		res->mx_rcode = MX_ANSWER_TEMPFAIL;
		break;
	case MX_ANSWER_OK:
		if (append_records(res, &res->mx, &res->nmx, ans->records,
		    ans->nrecords, NULL, 0) != MX_OK) {
			res->mx_rcode = MX_ANSWER_TEMPFAIL;
			break;
		}
		for (i = 0; i < res->nmx; i++)
			if (is_root(res->mx[i].target))
				res->null_mx = 1;
		if (res->null_mx && res->nmx == 1)
			break;
		/* a host per record at most: the array is made once, not
		 * grown through copies of a million hosts */
		if (res->hosts == NULL && (res->hosts = malloc(res->nmx *
		    sizeof(*res->hosts))) != NULL)
			cap = res->nmx;
		(void)mx_hset_reserve(&hosts, res->nmx);
		for (i = 0; i < res->nmx; i++) {
			if (is_root(res->mx[i].target))
				continue;
			if (add_host(res, res->mx[i].target, &res->mx[i],
			    &cap, &hosts) == NULL)
				break;
		}
		query_hosts(job, ans);
		goto finish;
	case MX_ANSWER_NODATA: {
		struct mx_host *h;

		res->implicit = 1;
		if ((h = add_host(res, res->canonical, NULL, &cap,
		    &hosts)) == NULL)
			break;
		h->implicit = 1;
		query_hosts(job, NULL);
		goto finish;
	}
	case MX_ANSWER_TIMEOUT:
	case MX_ANSWER_TEMPFAIL:
		add_failure(res, res->canonical, MX_TYPE_MX, ans);
		break;
	default:
		break;
	}
	goto finish;
too_long:
	res->mx_rcode = MX_ANSWER_TEMPFAIL;
	chain_detail(res, &res->mx_detail, 0, NULL);
finish:
	mx_hset_free(&hosts);
	job_done_one(job);
}

/* An answer to the phase or layer its lookup is for. */
static void
dispatch(struct mx_check *job, struct lookup *lk, const struct mx_answer *ans)
{
	switch (lk->kind) {
	case LK_PTR:
		on_ptr(job, lk, ans);
		return;
	case LK_FWD:
		on_fwd(job, lk, ans);
		return;
	case LK_TLSA:
		on_tlsa(job, lk, ans);
		return;
	case LK_STS_TXT:
	case LK_RPT_TXT:
		on_pol_txt(job, lk, ans);
		return;
	case LK_STS_ADDR:
		on_sts_addr(job, lk, ans);
		return;
	default:
		break;
	}
	if (lk->type != MX_TYPE_MX)
		on_addr(job, lk, ans);
	else if (sec_path_answer(job, lk, ans, job->res->canonical))
		job_done_one(job);
	else
		on_mx(job, ans);
}

/* Every answer of a source comes here first: one of a disowned lookup is
 * dropped, the others go to their phase. */
static void
on_answer(void *arg, const struct mx_answer *ans)
{
	struct lookup	*lk = arg;
	struct mx_check	*job = lk->job;
	mx_ctx		*ctx = lk->ctx;

	if (job == NULL) {
		list_unlink(&lk->ctx->orphans, lk);
		free(lk);
		return;
	}
	list_unlink(&job->lookups, lk);
	if (lk->layer == MX_LAYER_AUTH) {
		mx_auth_on_answer(job->auth, lk->type, lk->host, ans);
		job_done_one(job);
	} else
		dispatch(job, lk, ans);
	lookup_release(ctx, lk);
}

/*
 * Ends job now: every lookup still waiting is disowned and answered
 * "no answer by the deadline" (or, never sent, "not asked"), which
 * finishes the job through its phases as a timeout would.
 */
static void
job_expire(struct mx_check *job)
{
	struct lookup		*lk;
	struct mx_answer	 ans;

	job->expired = 1;
	/* the MTA-STS fetch: cut short, the policy unavailable */
	if (job->fetch != NULL && job->fetch->get != NULL) {
		pol_fetch_cut(job, "no answer by the deadline");
		job->path_expired = 1;
		if (job->report_waits) {
			job_report(job);
			return;
		}
	}
	for (lk = job->lookups; lk != NULL; lk = lk->next)
		if (lk->layer == MX_LAYER_PATH && (lk->kind == LK_PATH ||
		    lk->kind == LK_CD || lk->kind >= LK_TLSA))
			job->path_expired = 1;
	if (job->smtp != NULL) {
		/* the probes still running stay unprobed in this result */
		job->path_expired = 1;
		job_report(job);
		return;
	}
	memset(&ans, 0, sizeof(ans));
	ans.rcode = MX_ANSWER_TIMEOUT;
	ans.dns_rcode = ans.ede = -1;
	job->outstanding++;	/* hold the job open while ending it */
	while ((lk = job->lookups) != NULL) {
		list_unlink(&job->lookups, lk);
		ans.detail = lk->sent ? "no answer by the deadline" :
		    "not asked: the deadline had passed";
		lk->job = NULL;
		if (lk->sent)
			list_push(&job->ctx->orphans, lk);
		if (lk->layer == MX_LAYER_AUTH) {
			mx_auth_on_answer(job->auth, lk->type, lk->host, &ans);
			job_done_one(job);
		} else
			dispatch(job, lk, &ans);
		if (!lk->sent)
			free(lk);
	}
	/* the validator's queries too: not known by the deadline */
	while (job->secs != NULL) {
		struct sec_lookup *sl = job->secs;

		job->secs = sl->next;
		mx_dnssec_probe_cancel(job->ctx->sec, sl->q);
		mx_loop_cancel(job->ctx->loop, sl->timer);
		sec_set(job, sec_slot(job, sl->type, sl->host, sl->aux),
		    MX_DNSSEC_INDETERMINATE, -1, "no answer by the deadline");
		free(sl);
		job->outstanding--;
	}
	job_done_one(job);
}

/* Ends every check in flight (the deadline), and those started after it
 * (the late timer). */
static void
ctx_expire(mx_ctx *ctx)
{
	ctx->expired = 1;
	while (ctx->running != NULL)
		job_expire(ctx->running);
}

static void
on_deadline(void *arg)
{
	mx_ctx *ctx = arg;

	ctx->deadline = NULL;
	ctx_expire(ctx);
}

static void
on_late(void *arg)
{
	mx_ctx *ctx = arg;

	ctx->late = NULL;
	ctx_expire(ctx);
}

const struct mx_smtp_stats *
mx_ctx_smtp_stats(const mx_ctx *ctx)
{
	static const struct mx_smtp_stats none;

	return ctx->smtp ? mx_smtp_table_stats(ctx->smtp) : &none;
}

mx_status
mx_ctx_set_deadline(mx_ctx *ctx, unsigned ms)
{
	mx_loop_cancel(ctx->loop, ctx->deadline);
	ctx->deadline = NULL;
	ctx->expired = 0;
	return mx_loop_timer(ctx->loop, ms, on_deadline, ctx, &ctx->deadline);
}

/*
 * The absolute form of a name of host-name characters only (letters,
 * digits, '-' and '_'; labels of 1 to 63, at most 255 octets on the wire):
 * what ldns would print for it, the name with a trailing dot, without
 * building the wire form (a lint starts one check per MX owner).  NULL
 * for any other name (or out of memory), which goes to ldns.
 */
static char *
plain_absolute(const char *domain, size_t len)
{
	size_t	i, lab = 0, n = len;
	char	*s;

	if (domain[n - 1] == '.')
		n--;
	if (n == 0 || n > 253)
		return NULL;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)domain[i];

		if (c == '.') {
			if (lab == 0)
				return NULL;
			lab = 0;
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_') {
			if (++lab > 63)
				return NULL;
		} else
			return NULL;
	}
	if (lab == 0 || (s = malloc(n + 2)) == NULL)
		return NULL;
	memcpy(s, domain, n);
	s[n] = '.';
	s[n + 1] = '\0';
	return s;
}

/* Puts a name into absolute presentation form; NULL if it is not a
 * domain name. */
static char *
normalize(const char *domain)
{
	ldns_rdf	*d;
	char		*s;
	size_t		 len = strlen(domain);

	if (len == 0 || len > 1004)
		return NULL;
	if ((s = plain_absolute(domain, len)) != NULL)
		return s;
	if ((d = ldns_dname_new_frm_str(domain)) == NULL)
		return NULL;
	if (domain[len - 1] != '.') {
		ldns_rdf *root = ldns_dname_new_frm_str(".");

		if (root == NULL || ldns_dname_cat(d, root) != LDNS_STATUS_OK) {
			ldns_rdf_deep_free(root);
			ldns_rdf_deep_free(d);
			return NULL;
		}
		ldns_rdf_deep_free(root);
	}
	s = mx_rdf_str(d);
	ldns_rdf_deep_free(d);
	return s;
}


mx_status
mx_check_start(mx_ctx *ctx, const char *domain, mx_result_fn fn, void *arg,
    mx_check **out)
{
	struct mx_check	*job;
	mx_status	 st;

	if (out != NULL)
		*out = NULL;
	if (ctx == NULL || domain == NULL || fn == NULL)
		return MX_ERR_ARG;
	if ((job = calloc(1, sizeof(*job))) == NULL)
		return MX_ERR_NOMEM;
	if ((job->res = calloc(1, sizeof(*job->res))) == NULL ||
	    (job->res->strings = mx_strpool_new()) == NULL) {
		free(job->res);
		free(job);
		return MX_ERR_NOMEM;
	}
	job->ctx = ctx;
	job->fn = fn;
	job->arg = arg;
	clock_gettime(CLOCK_MONOTONIC, &job->start);
	job->res->source = mx_source_kind(ctx->src);
	if ((job->res->domain = normalize(domain)) == NULL)
		st = MX_ERR_NAME;
	else if ((job->res->canonical = strdup(job->res->domain)) == NULL)
		st = MX_ERR_NOMEM;
	else if (ctx->expired && ctx->late == NULL &&
	    mx_loop_timer(ctx->loop, 0, on_late, ctx, &ctx->late) != MX_OK)
		st = MX_ERR_NOMEM;
	else {
		/* the layers that apply: live sources only */
		job->res->mx_sec.ede = -1;
		job->res->dnssec = ctx->live &&
		    ctx->opt.dnssec_via != MX_DNSSEC_OFF;
		job->res->ptr = ctx->live && ctx->opt.ptr;
		job->res->policy = ctx->live && ctx->opt.policy;
		st = job_ask(job, MX_TYPE_MX, job->res->domain, 0, 0);
		/* _mta-sts and _smtp._tls in flight with the MX query */
		if (st == MX_OK)
			pol_start_domain(job);
		if (st == MX_OK && sec_start(job, MX_TYPE_MX,
		    job->res->domain, UINT32_MAX) != MX_OK)
			job->res->mx_sec.state = MX_DNSSEC_INDETERMINATE;
	}
	/* the authority layer, in flight beside the path (live only) */
	if (st == MX_OK && ctx->opt.authority &&
	    answered_live(ctx, job->res->domain))
		st = mx_auth_start(job, job->res->domain, &job->auth);
	if (st != MX_OK) {
		job_disown(job);
		mx_auth_free(job->auth);
		mx_result_free(job->res);
		free(job);
		return st;
	}
	if ((job->next = ctx->running) != NULL)
		ctx->running->prev = job;
	ctx->running = job;
	ctx->nrunning++;
	if (out != NULL)
		*out = job;
	return MX_OK;
}

void
mx_check_cancel(mx_ctx *ctx, mx_check *job)
{
	if (ctx == NULL || job == NULL || job->ctx != ctx)
		return;
	job_drop(job);
}

static void
keep_result(void *arg, struct mx_result *res)
{
	*(struct mx_result **)arg = res;
}

mx_status
mx_check_domain(mx_ctx *ctx, const char *domain, struct mx_result **out)
{
	mx_check	*check;
	mx_status	 st;

	*out = NULL;
	if ((st = mx_check_start(ctx, domain, keep_result, out, &check)) !=
	    MX_OK)
		return st;
	if ((st = mx_ctx_run(ctx, -1)) != MX_OK) {
		if (*out == NULL)
			mx_check_cancel(ctx, check);
		return st;
	}
	return *out ? MX_OK : MX_ERR_SOURCE;
}

/* ---- --smtp options ---- */

mx_status
mx_options_set_smtp(mx_options *opt, int on)
{
	opt->smtp = on != 0;
	return MX_OK;
}

mx_status
mx_options_set_helo(mx_options *opt, const char *name)
{
	if (name != NULL && (name[0] == '\0' || strlen(name) > 255 ||
	    strpbrk(name, " \t\r\n") != NULL))
		return MX_ERR_ARG;
	return mx_str_replace(&opt->helo, name);
}

mx_status
mx_options_set_smtp_timeout(mx_options *opt, unsigned ms)
{
	if (ms == 0)
		return MX_ERR_ARG;
	opt->smtp_timeout_ms = ms;
	return MX_OK;
}

mx_status
mx_options_set_smtp_concurrency(mx_options *opt, unsigned n)
{
	if (n == 0)
		return MX_ERR_ARG;
	opt->smtp_concurrency = n;
	return MX_OK;
}

mx_status
mx_options_set_ca_file(mx_options *opt, const char *path)
{
	if (path != NULL && !mx_tls_ca_file_ok(path))
		return MX_ERR_IO;
	return mx_str_replace(&opt->ca_file, path);
}

mx_status
mx_options_set_cert_days(mx_options *opt, unsigned days)
{
	if (days > 36500)
		return MX_ERR_ARG;
	opt->cert_days = days;
	return MX_OK;
}

mx_status
mx_options_set_smtp_port(mx_options *opt, unsigned port)
{
	if (port == 0 || port > 65535)
		return MX_ERR_ARG;
	opt->smtp_port = port;
	return MX_OK;
}

mx_status
mx_options_set_smtp_cache(mx_options *opt, int keep)
{
	opt->smtp_keep = keep != 0;
	return MX_OK;
}

/*
 * resolve.c -- from a domain to its delivery path, asynchronously.
 *
 * Each domain is a small state machine driven by the answers of the
 * source: MX of the domain (following a CNAME at it, RFC 5321 §5.1),
 * then A and AAAA of every exchange at once, each following its own
 * alias chain.  When the last answer is in, path.c orders the hosts and
 * checks.c judges them.  Nothing here blocks: a live source keeps every
 * independent query of every domain in flight together.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ldns/ldns.h>

#include "internal.h"
#include "path.h"

struct mx_ctx {
	mx_source		*src;
	struct mx_options	 opt;
};

/* One domain being checked. */
struct job {
	mx_ctx			*ctx;
	struct mx_result	*res;
	mx_result_fn		 fn;
	void			*arg;
	size_t			 outstanding;
	struct timespec		 start;
};

/* One A or AAAA lookup of a host, possibly several hops down a chain. */
struct addr_query {
	struct job	*job;
	size_t		 host;
	uint16_t	 type;
	unsigned	 hops;
};

void
mx_options_init(struct mx_options *opt)
{
	memset(opt, 0, sizeof(*opt));
	opt->ttl_min = 300;
	opt->ttl_max = 604800;
	opt->address_limit = MX_ADDRESS_LIMIT;
}

mx_status
mx_ctx_new(mx_source *src, const struct mx_options *opt, mx_ctx **out)
{
	mx_ctx *ctx;

	*out = NULL;
	if (src == NULL)
		return MX_ERR_ARG;
	if ((ctx = calloc(1, sizeof(*ctx))) == NULL)
		return MX_ERR_NOMEM;
	ctx->src = src;
	if (opt != NULL)
		ctx->opt = *opt;
	else
		mx_options_init(&ctx->opt);
	*out = ctx;
	return MX_OK;
}

void
mx_ctx_free(mx_ctx *ctx)
{
	free(ctx);
}

static double
elapsed_ms(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) * 1e3 +
	    (double)(now.tv_nsec - start->tv_nsec) / 1e6;
}

/* Copies n records into a new array appended to *arr. */
static mx_status
append_records(struct mx_record **arr, size_t *narr,
    const struct mx_record *recs, size_t n)
{
	struct mx_record	*na;
	size_t			 i;

	if (n == 0)
		return MX_OK;
	if ((na = realloc(*arr, (*narr + n) * sizeof(*na))) == NULL)
		return MX_ERR_NOMEM;
	*arr = na;
	for (i = 0; i < n; i++) {
		if (mx_record_copy(&na[*narr], &recs[i]) != MX_OK)
			return MX_ERR_NOMEM;
		(*narr)++;
	}
	return MX_OK;
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

/* The last job step: order the path, run the checks, hand the result
 * over. */
static void
job_finish(struct job *job)
{
	struct mx_result *res = job->res;

	mx_path_build(res);
	mx_run_checks(res, &job->ctx->opt);
	res->elapsed_ms = elapsed_ms(&job->start);
	job->fn(job->arg, res);
	free(job);
}

static void
job_done_one(struct job *job)
{
	if (--job->outstanding == 0)
		job_finish(job);
}

static void on_addr(void *arg, const struct mx_answer *ans);

static mx_status
query_addr(struct job *job, size_t host, uint16_t type, const char *name,
    unsigned hops)
{
	struct addr_query	*q;
	mx_status		 st;

	if ((q = calloc(1, sizeof(*q))) == NULL)
		return MX_ERR_NOMEM;
	q->job = job;
	q->host = host;
	q->type = type;
	q->hops = hops;
	job->outstanding++;
	if ((st = mx_source_query(job->ctx->src, name, type, on_addr, q)) !=
	    MX_OK) {
		job->outstanding--;
		free(q);
	}
	return st;
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

/*
 * An answer to A or AAAA of a host.  A CNAME is added to the host's chain
 * (once: the A and AAAA lookups both meet it) and its target asked again,
 * up to MX_CNAME_LIMIT hops.
 */
static void
on_addr(void *arg, const struct mx_answer *ans)
{
	struct addr_query	*q = arg;
	struct job		*job = q->job;
	struct mx_host		*h = &job->res->hosts[q->host];
	enum mx_rcode		*rc;
	char			**detail;
	struct mx_record	**recs;
	size_t			*nrecs;

	if (q->type == MX_TYPE_A) {
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
	if (ans->rcode == MX_ANSWER_CNAME && ans->nrecords > 0) {
		const struct mx_record *cn = &ans->records[0];

		if (q->hops < h->ncnames) {
			/* the other family already walked this hop */
		} else if (append_records(&h->cnames, &h->ncnames, cn, 1) !=
		    MX_OK)
			goto fail;
		if (q->hops + 1 >= MX_CNAME_LIMIT ||
		    chain_has(h->cnames, q->hops, cn->target) ||
		    mx_name_eq(cn->target, h->exchange)) {
			h->state = MX_HOST_CNAME_LOOP;
			*rc = MX_ANSWER_TEMPFAIL;
			free(*detail);
			*detail = strdup("CNAME chain too long or looping");
			goto done;
		}
		if (query_addr(job, q->host, q->type, cn->target,
		    q->hops + 1) != MX_OK)
			goto fail;
		goto done;
	}
	*rc = ans->rcode;
	free(*detail);
	*detail = mx_strdup(ans->detail);
	if (ans->rcode == MX_ANSWER_OK &&
	    append_records(recs, nrecs, ans->records, ans->nrecords) != MX_OK)
		goto fail;
	if (ans->rcode == MX_ANSWER_TIMEOUT || ans->rcode ==
	    MX_ANSWER_TEMPFAIL) {
		const char *name = q->hops > 0 && h->ncnames >= q->hops ?
		    h->cnames[q->hops - 1].target : h->exchange;

		add_failure(job->res, name, q->type, ans);
	}
	goto done;
fail:
	*rc = MX_ANSWER_TEMPFAIL;
done:
	free(q);
	job_done_one(job);
}

/* Adds a host for exchange unless it is there already (a duplicate MX
 * target is tried once, at its best preference). */
static struct mx_host *
add_host(struct mx_result *res, const char *exchange,
    const struct mx_record *mx, size_t *cap)
{
	struct mx_host	*h;
	size_t		 i;

	for (i = 0; i < res->nhosts; i++)
		if (mx_name_eq(res->hosts[i].exchange, exchange))
			return &res->hosts[i];
	if ((h = mx_vec_push(&res->hosts, &res->nhosts, cap,
	    sizeof(*h))) == NULL)
		return NULL;
	if ((h->exchange = strdup(exchange)) == NULL)
		return NULL;
	h->preference = mx ? mx->preference : 0;
	h->mx = mx;
	return h;
}

/* Starts the A and AAAA lookups of every host at once. */
static void
query_hosts(struct job *job)
{
	size_t i;

	job->outstanding++;	/* hold the job open while starting */
	for (i = 0; i < job->res->nhosts; i++) {
		const char *ex = job->res->hosts[i].exchange;

		if (query_addr(job, i, MX_TYPE_A, ex, 0) != MX_OK ||
		    query_addr(job, i, MX_TYPE_AAAA, ex, 0) != MX_OK)
			job->res->hosts[i].a_rcode = MX_ANSWER_TEMPFAIL;
	}
	job_done_one(job);
}

static void on_mx(void *arg, const struct mx_answer *ans);

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
on_mx(void *arg, const struct mx_answer *ans)
{
	struct job		*job = arg;
	struct mx_result	*res = job->res;
	size_t			 i, cap = 0;

	res->mx_rcode = ans->rcode;
	free(res->mx_detail);
	res->mx_detail = mx_strdup(ans->detail);
	if (ans->server && res->server == NULL)
		res->server = ans->server;
	switch (ans->rcode) {
	case MX_ANSWER_CNAME: {
		const struct mx_record *cn = &ans->records[0];

		if (res->ndomain_cnames + 1 >= MX_CNAME_LIMIT ||
		    chain_has(res->domain_cnames, res->ndomain_cnames,
		    cn->target) || mx_name_eq(cn->target, res->domain)) {
			append_records(&res->domain_cnames,
			    &res->ndomain_cnames, cn, 1);
			res->mx_rcode = MX_ANSWER_TEMPFAIL;
			free(res->mx_detail);
			res->mx_detail = strdup("CNAME chain too long or "
			    "looping");
			break;
		}
		if (append_records(&res->domain_cnames, &res->ndomain_cnames,
		    cn, 1) != MX_OK)
			break;
		free(res->canonical);
		res->canonical = strdup(cn->target);
		if (res->canonical != NULL && mx_source_query(job->ctx->src,
		    res->canonical, MX_TYPE_MX, on_mx, job) == MX_OK)
			return;
		res->mx_rcode = MX_ANSWER_TEMPFAIL;
		break;
	}
	case MX_ANSWER_OK:
		if (append_records(&res->mx, &res->nmx, ans->records,
		    ans->nrecords) != MX_OK) {
			res->mx_rcode = MX_ANSWER_TEMPFAIL;
			break;
		}
		for (i = 0; i < res->nmx; i++)
			if (is_root(res->mx[i].target))
				res->null_mx = 1;
		if (res->null_mx && res->nmx == 1)
			break;
		for (i = 0; i < res->nmx; i++) {
			if (is_root(res->mx[i].target))
				continue;
			if (add_host(res, res->mx[i].target, &res->mx[i],
			    &cap) == NULL)
				break;
		}
		query_hosts(job);
		return;
	case MX_ANSWER_NODATA: {
		struct mx_host *h;

		res->implicit = 1;
		if ((h = add_host(res, res->canonical, NULL, &cap)) == NULL)
			break;
		h->implicit = 1;
		query_hosts(job);
		return;
	}
	case MX_ANSWER_TIMEOUT:
	case MX_ANSWER_TEMPFAIL:
		add_failure(res, res->canonical, MX_TYPE_MX, ans);
		break;
	default:
		break;
	}
	job_finish(job);
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
mx_check_start(mx_ctx *ctx, const char *domain, mx_result_fn fn, void *arg)
{
	struct job	*job;
	mx_status	 st;

	if ((job = calloc(1, sizeof(*job))) == NULL)
		return MX_ERR_NOMEM;
	if ((job->res = calloc(1, sizeof(*job->res))) == NULL) {
		free(job);
		return MX_ERR_NOMEM;
	}
	job->ctx = ctx;
	job->fn = fn;
	job->arg = arg;
	clock_gettime(CLOCK_MONOTONIC, &job->start);
	job->res->source = mx_source_kind(ctx->src);
	if ((job->res->domain = normalize(domain)) == NULL) {
		mx_result_free(job->res);
		free(job);
		return MX_ERR_NAME;
	}
	if ((job->res->canonical = strdup(job->res->domain)) == NULL) {
		mx_result_free(job->res);
		free(job);
		return MX_ERR_NOMEM;
	}
	if ((st = mx_source_query(ctx->src, job->res->domain, MX_TYPE_MX,
	    on_mx, job)) != MX_OK) {
		mx_result_free(job->res);
		free(job);
	}
	return st;
}

mx_status
mx_ctx_run(mx_ctx *ctx)
{
	return mx_source_run(ctx->src);
}

static void
keep_result(void *arg, struct mx_result *res)
{
	*(struct mx_result **)arg = res;
}

mx_status
mx_check_domain(mx_ctx *ctx, const char *domain, struct mx_result **out)
{
	mx_status st;

	*out = NULL;
	if ((st = mx_check_start(ctx, domain, keep_result, out)) != MX_OK)
		return st;
	if ((st = mx_ctx_run(ctx)) != MX_OK)
		return st;
	return *out ? MX_OK : MX_ERR_SOURCE;
}

/*
 * source.c -- the data-source interface, queries, and the chain source
 * (zone files first, live DNS for what they do not cover).
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct mx_source {
	const char		*kind;		/* the caller's string */
	void			*impl;
	mx_source_query_fn	 query;
	mx_source_attach_fn	 attach;
	mx_source_impl_fn	 detach;
	mx_source_impl_fn	 free_impl;
	mx_loop			*loop;		/* attached to */
};

const char mx_kind_live[] = "live";
const char mx_kind_chain[] = "zone+live";

mx_status
mx_source_new(const char *kind, void *impl, mx_source_query_fn query,
    mx_source **out)
{
	mx_source *src;

	if (out != NULL)
		*out = NULL;
	if (kind == NULL || query == NULL || out == NULL)
		return MX_ERR_ARG;
	if ((src = calloc(1, sizeof(*src))) == NULL)
		return MX_ERR_NOMEM;
	src->kind = kind;
	src->impl = impl;
	src->query = query;
	*out = src;
	return MX_OK;
}

void
mx_source_set_attach(mx_source *src, mx_source_attach_fn attach)
{
	src->attach = attach;
}

void
mx_source_set_detach(mx_source *src, mx_source_impl_fn detach)
{
	src->detach = detach;
}

void
mx_source_set_free(mx_source *src, mx_source_impl_fn free_impl)
{
	src->free_impl = free_impl;
}

void
mx_source_free(mx_source *src)
{
	if (src == NULL)
		return;
	mx_source_detach(src);
	if (src->free_impl)
		src->free_impl(src->impl);
	free(src);
}

void *
mx_source_impl_of(const mx_source *src, const char *kind)
{
	return src != NULL && src->kind == kind ? src->impl : NULL;
}

const char *
mx_source_kind(const mx_source *src)
{
	return src->kind;
}

/* Binds src to loop; a source is attached to one loop at a time. */
mx_status
mx_source_attach(mx_source *src, mx_loop *loop)
{
	mx_status st;

	if (src == NULL || loop == NULL)
		return MX_ERR_ARG;
	if (src->loop == loop)
		return MX_OK;
	if (src->loop != NULL)
		return MX_ERR_ARG;
	if (src->attach != NULL && (st = src->attach(src->impl, loop)) !=
	    MX_OK)
		return st;
	src->loop = loop;
	return MX_OK;
}

void
mx_source_detach(mx_source *src)
{
	if (src == NULL || src->loop == NULL)
		return;
	if (src->detach != NULL)
		src->detach(src->impl);
	src->loop = NULL;
}

mx_status
mx_source_query(mx_source *src, const mx_query *q, mx_answer_fn fn,
    void *arg)
{
	if (src == NULL || q == NULL || fn == NULL || src->loop == NULL)
		return MX_ERR_ARG;
	return src->query(src->impl, q, fn, arg);
}

/* ---- queries ---- */

mx_status
mx_query_new(const char *name, uint16_t type, mx_query **out)
{
	mx_query *q;

	*out = NULL;
	if (name == NULL)
		return MX_ERR_ARG;
	if ((q = calloc(1, sizeof(*q))) == NULL)
		return MX_ERR_NOMEM;
	if ((q->own_name = strdup(name)) == NULL) {
		free(q);
		return MX_ERR_NOMEM;
	}
	q->name = q->own_name;
	q->type = type;
	q->flags = MX_QUERY_RD;
	*out = q;
	return MX_OK;
}

void
mx_query_free(mx_query *q)
{
	if (q == NULL)
		return;
	free(q->own_name);
	free(q->own_server);
	free(q);
}

mx_status
mx_query_set_flags(mx_query *q, unsigned flags)
{
	if (flags & ~(unsigned)(MX_QUERY_RD | MX_QUERY_DO | MX_QUERY_CD))
		return MX_ERR_ARG;
	q->flags = flags;
	return MX_OK;
}

mx_status
mx_query_set_server(mx_query *q, const char *address, unsigned port)
{
	mx_status st;

	if (port > 65535)
		return MX_ERR_ARG;
	if ((st = mx_str_replace(&q->own_server, address)) != MX_OK)
		return st;
	q->server = q->own_server;
	q->port = port;
	return MX_OK;
}

const char *
mx_query_name(const mx_query *q)
{
	return q->name;
}

uint16_t
mx_query_type(const mx_query *q)
{
	return q->type;
}

unsigned
mx_query_flags(const mx_query *q)
{
	return q->flags;
}

const char *
mx_query_server(const mx_query *q)
{
	return q->server;
}

unsigned
mx_query_port(const mx_query *q)
{
	return q->port;
}

/*
 * The chain source asks its first source; an OUT_OF_ZONE answer is asked
 * again of the second.  Both are attached to the same loop, so there is
 * nothing to alternate: whichever answers first is handed on first.  The
 * queries it forwards are kept in a list, so that detaching frees them.
 */
struct chain_query;

struct chain {
	mx_source		*first, *second;
	struct chain_query	*list;
};

struct chain_query {
	struct chain		*chain;
	struct chain_query	*prev, *next;
	struct mx_query		 q;		/* its strings in own_* */
	mx_answer_fn		 fn;
	void			*arg;
};

static void
cq_free(struct chain_query *cq)
{
	struct chain *c = cq->chain;

	if (cq->prev)
		cq->prev->next = cq->next;
	else
		c->list = cq->next;
	if (cq->next)
		cq->next->prev = cq->prev;
	free(cq->q.own_name);
	free(cq->q.own_server);
	free(cq);
}

static void
chain_second_done(void *arg, const struct mx_answer *ans)
{
	struct chain_query	*cq = arg;
	mx_answer_fn		 fn = cq->fn;
	void			*fa = cq->arg;

	cq_free(cq);
	fn(fa, ans);
}

static void
chain_first_done(void *arg, const struct mx_answer *ans)
{
	struct chain_query	*cq = arg;
	struct mx_answer	 fail;
	mx_answer_fn		 fn = cq->fn;
	void			*fa = cq->arg;

	if (ans->rcode == MX_ANSWER_OUT_OF_ZONE) {
		if (mx_source_query(cq->chain->second, &cq->q,
		    chain_second_done, cq) == MX_OK)
			return;
		memset(&fail, 0, sizeof(fail));
		fail.rcode = MX_ANSWER_TEMPFAIL;
		fail.detail = "could not start the live query";
		fail.dns_rcode = fail.ede = -1;
		ans = &fail;
	}
	cq_free(cq);
	fn(fa, ans);
}

static mx_status
chain_query(void *impl, const mx_query *q, mx_answer_fn fn, void *arg)
{
	struct chain		*c = impl;
	struct chain_query	*cq;
	mx_status		 st;

	if ((cq = calloc(1, sizeof(*cq))) == NULL)
		return MX_ERR_NOMEM;
	cq->q = *q;
	cq->q.own_name = strdup(q->name);
	cq->q.own_server = q->server ? strdup(q->server) : NULL;
	if (cq->q.own_name == NULL || (q->server && !cq->q.own_server)) {
		free(cq->q.own_name);
		free(cq);
		return MX_ERR_NOMEM;
	}
	cq->q.name = cq->q.own_name;
	cq->q.server = cq->q.own_server;
	cq->chain = c;
	cq->fn = fn;
	cq->arg = arg;
	if ((cq->next = c->list) != NULL)
		c->list->prev = cq;
	c->list = cq;
	if ((st = mx_source_query(c->first, &cq->q, chain_first_done, cq)) !=
	    MX_OK)
		cq_free(cq);
	return st;
}

static mx_status
chain_attach(void *impl, mx_loop *loop)
{
	struct chain	*c = impl;
	mx_status	 st;

	if ((st = mx_source_attach(c->first, loop)) != MX_OK)
		return st;
	if ((st = mx_source_attach(c->second, loop)) != MX_OK)
		mx_source_detach(c->first);
	return st;
}

static void
chain_detach(void *impl)
{
	struct chain *c = impl;

	mx_source_detach(c->first);
	mx_source_detach(c->second);
	while (c->list != NULL)
		cq_free(c->list);
}

static void
chain_free(void *impl)
{
	struct chain *c = impl;

	mx_source_free(c->first);
	mx_source_free(c->second);
	free(c);
}

mx_status
mx_chain_source(mx_source *first, mx_source *second, mx_source **out)
{
	struct chain	*c;
	mx_status	 st;

	*out = NULL;
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		mx_source_free(first);
		mx_source_free(second);
		return MX_ERR_NOMEM;
	}
	c->first = first;
	c->second = second;
	if ((st = mx_source_new(mx_kind_chain, c, chain_query, out)) !=
	    MX_OK) {
		chain_free(c);
		return st;
	}
	mx_source_set_attach(*out, chain_attach);
	mx_source_set_detach(*out, chain_detach);
	mx_source_set_free(*out, chain_free);
	return MX_OK;
}

mx_source *
mx_chain_second(const mx_source *src)
{
	struct chain *c = mx_source_impl_of(src, mx_kind_chain);

	return c ? c->second : NULL;
}

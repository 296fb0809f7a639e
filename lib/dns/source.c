/*
 * source.c -- the data-source interface and the chain source
 * (zone files first, live DNS for what they do not cover).
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct mx_source {
	const struct mx_source_ops	*ops;
	void				*impl;
};

mx_status
mx_source_new(const struct mx_source_ops *ops, void *impl, mx_source **out)
{
	mx_source *src;

	*out = NULL;
	if ((src = calloc(1, sizeof(*src))) == NULL) {
		if (ops->free)
			ops->free(impl);
		return MX_ERR_NOMEM;
	}
	src->ops = ops;
	src->impl = impl;
	*out = src;
	return MX_OK;
}

void
mx_source_free(mx_source *src)
{
	if (src == NULL)
		return;
	if (src->ops->free)
		src->ops->free(src->impl);
	free(src);
}

const struct mx_source_ops *
mx_source_ops_of(const mx_source *src)
{
	return src->ops;
}

void *
mx_source_impl(const mx_source *src)
{
	return src->impl;
}

const char *
mx_source_kind(const mx_source *src)
{
	return src->ops->kind;
}

mx_status
mx_source_query(mx_source *src, const char *name, uint16_t type,
    mx_answer_fn fn, void *arg)
{
	return src->ops->query(src->impl, name, type, fn, arg);
}

mx_status
mx_source_run(mx_source *src)
{
	return src->ops->run(src->impl);
}

/*
 * The chain source asks its first source; an OUT_OF_ZONE answer is asked
 * again of the second.  Both run until neither has work left.
 */
struct chain {
	mx_source	*first, *second;
	size_t		 pending_second;
};

struct chain_query {
	struct chain	*chain;
	char		*name;
	uint16_t	 type;
	mx_answer_fn	 fn;
	void		*arg;
};

static void
chain_second_done(void *arg, const struct mx_answer *ans)
{
	struct chain_query *q = arg;

	q->chain->pending_second--;
	q->fn(q->arg, ans);
	free(q->name);
	free(q);
}

static void
chain_first_done(void *arg, const struct mx_answer *ans)
{
	struct chain_query	*q = arg;
	struct mx_answer	 fail;

	if (ans->rcode != MX_ANSWER_OUT_OF_ZONE) {
		q->fn(q->arg, ans);
		free(q->name);
		free(q);
		return;
	}
	q->chain->pending_second++;
	if (mx_source_query(q->chain->second, q->name, q->type,
	    chain_second_done, q) == MX_OK)
		return;
	q->chain->pending_second--;
	memset(&fail, 0, sizeof(fail));
	fail.rcode = MX_ANSWER_TEMPFAIL;
	fail.detail = "could not start the live query";
	q->fn(q->arg, &fail);
	free(q->name);
	free(q);
}

static mx_status
chain_query(void *impl, const char *name, uint16_t type, mx_answer_fn fn,
    void *arg)
{
	struct chain		*c = impl;
	struct chain_query	*q;
	mx_status		 st;

	if ((q = calloc(1, sizeof(*q))) == NULL)
		return MX_ERR_NOMEM;
	if ((q->name = strdup(name)) == NULL) {
		free(q);
		return MX_ERR_NOMEM;
	}
	q->chain = c;
	q->type = type;
	q->fn = fn;
	q->arg = arg;
	if ((st = mx_source_query(c->first, name, type, chain_first_done,
	    q)) != MX_OK) {
		free(q->name);
		free(q);
	}
	return st;
}

static mx_status
chain_run(void *impl)
{
	struct chain	*c = impl;
	mx_status	 st;
	int		 rounds;

	/* Each round may start queries on the other source; a CNAME chain
	 * alternates at most a bounded number of times. */
	for (rounds = 0; rounds < 4 * (MX_CNAME_LIMIT + 4); rounds++) {
		if ((st = mx_source_run(c->first)) != MX_OK)
			return st;
		if (c->pending_second == 0)
			break;
		if ((st = mx_source_run(c->second)) != MX_OK)
			return st;
	}
	return mx_source_run(c->first);
}

static void
chain_free(void *impl)
{
	struct chain *c = impl;

	mx_source_free(c->first);
	mx_source_free(c->second);
	free(c);
}

static const struct mx_source_ops chain_ops = {
	"zone+live", chain_query, chain_run, chain_free
};

mx_status
mx_chain_source(mx_source *first, mx_source *second, mx_source **out)
{
	struct chain *c;

	*out = NULL;
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		mx_source_free(first);
		mx_source_free(second);
		return MX_ERR_NOMEM;
	}
	c->first = first;
	c->second = second;
	return mx_source_new(&chain_ops, c, out);
}

/* The second source of a chain; NULL for any other source. */
mx_source *
mx_chain_second(const mx_source *src)
{
	if (src == NULL || src->ops != &chain_ops)
		return NULL;
	return ((struct chain *)src->impl)->second;
}

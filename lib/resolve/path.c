/*
 * path.c -- MX set -> ordered tiers of hosts -> addresses.
 *
 * RFC 5321 §5.1: senders sort the MX records by preference, lowest first;
 * hosts of equal preference form a tier and are tried in random order,
 * every host of a tier before the next tier.  For a stable report, hosts
 * of one tier are listed by name.  A host is usable when it has at least
 * one globally routable address.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "path.h"

static int
host_cmp(const void *a, const void *b)
{
	const struct mx_host *x = a, *y = b;

	if (x->preference != y->preference)
		return x->preference < y->preference ? -1 : 1;
	return strcasecmp(x->exchange, y->exchange);
}

/* Appends the addresses of recs to h's; in a result with a pool their
 * text is the records' own. */
static mx_status
add_addrs(struct mx_result *res, struct mx_host *h,
    const struct mx_record *recs, size_t n, int family, size_t *cap)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct mx_address *a;

		if ((a = mx_vec_push(&h->addrs, &h->naddrs, cap,
		    sizeof(*a))) == NULL)
			return MX_ERR_NOMEM;
		a->family = family;
		if (res->strings != NULL)
			a->text = recs[i].address;
		else if ((a->text = strdup(recs[i].address)) == NULL)
			return MX_ERR_NOMEM;
		a->ttl = recs[i].ttl;
		a->routable = mx_address_routable(a->text) == 1;
		a->file = recs[i].file;
		a->line = recs[i].line;
	}
	return MX_OK;
}

static int
failed(enum mx_rcode rc)
{
	return rc == MX_ANSWER_TEMPFAIL || rc == MX_ANSWER_TIMEOUT;
}

/* Decides a host's state from its two lookups and its addresses. */
static void
host_state(struct mx_host *h)
{
	size_t i;

	h->usable = 0;
	for (i = 0; i < h->naddrs; i++)
		if (h->addrs[i].routable)
			h->usable = 1;
	if (h->usable) {
		h->state = MX_HOST_USABLE;
		return;
	}
	if (h->state == MX_HOST_CNAME_LOOP)
		return;
	if (h->naddrs > 0)
		h->state = MX_HOST_UNROUTABLE;
	else if (failed(h->a_rcode) || failed(h->aaaa_rcode))
		h->state = MX_HOST_LOOKUP_FAILED;
	else if (h->a_rcode == MX_ANSWER_OUT_OF_ZONE ||
	    h->aaaa_rcode == MX_ANSWER_OUT_OF_ZONE)
		h->state = MX_HOST_OUT_OF_ZONE;
	else if (h->a_rcode == MX_ANSWER_NXDOMAIN)
		h->state = MX_HOST_NXDOMAIN;
	else
		h->state = MX_HOST_NO_ADDRESS;
}

mx_status
mx_path_build(struct mx_result *res)
{
	size_t i, cap;

	if (res->nhosts > 1)
		qsort(res->hosts, res->nhosts, sizeof(*res->hosts), host_cmp);
	free(res->tiers);
	res->tiers = NULL;
	res->ntiers = 0;
	cap = 0;
	for (i = 0; i < res->nhosts; i++) {
		struct mx_host	*h = &res->hosts[i];
		const char	*last = h->ncnames ?
				    h->cnames[h->ncnames - 1].target :
				    h->exchange;
		size_t		 acap = 0;

		/* with a pool the name is shared, not copied */
		h->canonical = res->strings ? (char *)last : strdup(last);
		/* the addresses' array made once, of its size */
		if (h->addrs == NULL && h->na + h->naaaa > 0 &&
		    (h->addrs = malloc((h->na + h->naaaa) *
		    sizeof(*h->addrs))) != NULL)
			acap = h->na + h->naaaa;
		if (h->canonical == NULL ||
		    add_addrs(res, h, h->a_records, h->na, 4, &acap) != MX_OK ||
		    add_addrs(res, h, h->aaaa_records, h->naaaa, 6, &acap) !=
		    MX_OK)
			return MX_ERR_NOMEM;
		host_state(h);
		if (res->ntiers == 0 ||
		    res->tiers[res->ntiers - 1].preference != h->preference) {
			struct mx_tier *t = mx_vec_push(&res->tiers,
			    &res->ntiers, &cap, sizeof(*t));

			if (t == NULL)
				return MX_ERR_NOMEM;
			t->preference = h->preference;
			t->first = i;
		}
		res->tiers[res->ntiers - 1].count++;
	}
	return MX_OK;
}

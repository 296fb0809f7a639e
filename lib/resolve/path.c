/*
 * path.c -- MX set -> ordered tiers of hosts -> addresses.
 *
 * RFC 5321 §5.1: senders sort the MX records by preference, lowest first;
 * hosts of equal preference form a tier and are tried in random order,
 * every host of a tier before the next tier.  For a stable report, hosts
 * of one tier are listed by name.  A host is usable when it has at least
 * one globally routable address.
 */
#include <arpa/inet.h>
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

/*
 * The try order is sorted on small keys, not on the hosts themselves: the
 * preference and the first six letters of the name, case folded, in one
 * integer that orders as strcasecmp does; the whole name only when those
 * are equal, and then the host's place (the sort stays stable).  A
 * million hosts are then sorted without reading a million names at
 * random twenty times over, and moved once.
 */
struct host_key {
	uint64_t	 key;
	const char	*name;
	size_t		 idx;
};

static int
key_cmp(const void *a, const void *b)
{
	const struct host_key	*x = a, *y = b;
	int			 c;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if ((c = strcasecmp(x->name, y->name)) != 0)
		return c;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* preference << 48, then six octets of the name, letters folded; a
 * shorter name is padded with NULs, which sort first as in strcasecmp */
static uint64_t
host_key(const struct mx_host *h)
{
	const unsigned char	*p = (const unsigned char *)h->exchange;
	uint64_t		 k = h->preference;
	int			 i;

	for (i = 0; i < 6; i++) {
		unsigned c = *p;

		if (c != 0)
			p++;
		k = k << 8 | (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
	}
	return k;
}

/* Sorts the hosts by preference, then name (RFC 5321 §5.1: a tier in a
 * stable order for the report).  Without memory for the keys, qsort on
 * the hosts, as before. */
static void
sort_hosts(struct mx_result *res)
{
	struct host_key	*k;
	struct mx_host	 tmp;
	uint32_t	*src;
	size_t		 i, j, n = res->nhosts;

	if (n < 2)
		return;
	/* the hosts' index is 32-bit (add_host) */
	if (n > UINT32_MAX || n > SIZE_MAX / sizeof(*k) ||
	    (k = malloc(n * sizeof(*k))) == NULL) {
		qsort(res->hosts, n, sizeof(*res->hosts), host_cmp);
		return;
	}
	for (i = 0; i < n; i++) {
		k[i].key = host_key(&res->hosts[i]);
		k[i].name = res->hosts[i].exchange;
		k[i].idx = i;
	}
	qsort(k, n, sizeof(*k), key_cmp);
	/* place i takes host src[i]: follow each cycle of the permutation
	 * once, marking a place done with its own index.  The hosts are
	 * read at random along a cycle; the permutation is kept in 32-bit
	 * indices so that most of it stays in the cache meanwhile. */
	if ((src = malloc(n * sizeof(*src))) == NULL) {
		free(k);
		qsort(res->hosts, n, sizeof(*res->hosts), host_cmp);
		return;
	}
	for (i = 0; i < n; i++)
		src[i] = (uint32_t)k[i].idx;
	free(k);
	for (i = 0; i < n; i++) {
		if (src[i] == i)
			continue;
		tmp = res->hosts[i];
		for (j = i;;) {
			size_t from = src[j];

			src[j] = (uint32_t)j;
			if (from == i)
				break;
			res->hosts[j] = res->hosts[from];
			j = from;
		}
		res->hosts[j] = tmp;
	}
	free(src);
}

/* Appends the addresses of recs to h's; in a result with a pool their
 * text is the records' own. */
static mx_status
add_addrs(struct mx_result *res, struct mx_host *h,
    const struct mx_record *recs, size_t n, int family, size_t *cap,
    const struct mx_options *opt, enum mx_dnssec_state dnssec)
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
		a->routable = mx_address_routable(a->text) == 1 ||
		    (opt != NULL && mx_prefix_match(opt->routable,
		    opt->nroutable, a->text));
		a->file = recs[i].file;
		a->line = recs[i].line;
		a->dnssec = dnssec;
		a->ptr = MX_PTR_NONE;
		a->ptr_names = NULL;
		a->nptr = 0;
	}
	return MX_OK;
}

static int
failed(enum mx_rcode rc)
{
	return rc == MX_ANSWER_TEMPFAIL || rc == MX_ANSWER_TIMEOUT;
}

/* Decides a host's state from its two lookups and its addresses.  An
 * address whose RRset fails DNSSEC validation is unusable: validating
 * resolvers give senders SERVFAIL for it (RFC 4035 §5.5). */
static void
host_state(struct mx_host *h)
{
	size_t	i;
	int	bogus = 0;

	h->usable = 0;
	for (i = 0; i < h->naddrs; i++)
		if (h->addrs[i].routable) {
			if (h->addrs[i].dnssec == MX_DNSSEC_BOGUS)
				bogus = 1;
			else
				h->usable = 1;
		}
	if (h->usable) {
		h->state = MX_HOST_USABLE;
		return;
	}
	if (bogus) {
		h->state = MX_HOST_BOGUS;
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

/*
 * Each host's canonical name, addresses and state, in the order the hosts
 * were made (which is the order their records were, in memory too), then
 * the sort, then the tiers.
 */
mx_status
mx_path_build(struct mx_result *res)
{
	return mx_path_build_opt(res, NULL);
}

mx_status
mx_path_build_opt(struct mx_result *res, const struct mx_options *opt)
{
	size_t		i, cap;
	mx_status	st = MX_OK;

	for (i = 0; i < res->nhosts; i++) {
		struct mx_host	*h = &res->hosts[i];
		const char	*last = h->ncnames ?
				    h->cnames[h->ncnames - 1].target :
				    h->exchange;
		size_t		 acap = h->na + h->naaaa, j;

		/* built anew by a second call */
		if (res->strings == NULL) {
			free(h->canonical);
			for (j = 0; j < h->naddrs; j++)
				free(h->addrs[j].text);
			free(h->addrs);
		}
		h->addrs = NULL;
		h->naddrs = 0;
		/* with a pool the name is shared, not copied */
		h->canonical = res->strings ? (char *)last : strdup(last);
		/* the addresses' array made once, of its size, in the pool
		 * when there is one */
		if (acap > 0 && (h->addrs = res->strings ?
		    mx_strpool_alloc(res->strings, acap * sizeof(*h->addrs)) :
		    malloc(acap * sizeof(*h->addrs))) == NULL) {
			st = MX_ERR_NOMEM;
			break;
		}
		if (h->canonical == NULL ||
		    add_addrs(res, h, h->a_records, h->na, 4, &acap, opt,
		    h->a_sec.state) != MX_OK ||
		    add_addrs(res, h, h->aaaa_records, h->naaaa, 6, &acap, opt,
		    h->aaaa_sec.state) != MX_OK) {
			st = MX_ERR_NOMEM;
			break;
		}
		host_state(h);
	}
	sort_hosts(res);
	free(res->tiers);
	res->tiers = NULL;
	res->ntiers = 0;
	cap = 0;
	for (i = 0; i < res->nhosts; i++) {
		const struct mx_host *h = &res->hosts[i];

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
	return st;
}

/* ---- --routable prefixes ---- */

mx_status
mx_prefix_parse(const char *text, struct mx_prefix *p)
{
	char		 buf[INET6_ADDRSTRLEN + 8], *slash;
	unsigned long	 bits;
	size_t		 len = strlen(text);

	memset(p, 0, sizeof(*p));
	if (len == 0 || len >= sizeof(buf))
		return MX_ERR_ARG;
	memcpy(buf, text, len + 1);
	if ((slash = strchr(buf, '/')) != NULL)
		*slash++ = '\0';
	if (inet_pton(AF_INET, buf, p->addr) == 1)
		p->family = 4;
	else if (inet_pton(AF_INET6, buf, p->addr) == 1)
		p->family = 6;
	else
		return MX_ERR_ARG;
	p->bits = p->family == 4 ? 32 : 128;
	if (slash != NULL) {
		const char *c;

		/* digits only, at most three, within the family's width */
		if (*slash == '\0' || strlen(slash) > 3)
			return MX_ERR_ARG;
		for (c = slash; *c != '\0'; c++)
			if (*c < '0' || *c > '9')
				return MX_ERR_ARG;
		bits = strtoul(slash, NULL, 10);
		if (bits > p->bits)
			return MX_ERR_ARG;
		p->bits = (unsigned)bits;
	}
	return MX_OK;
}

int
mx_prefix_match(const struct mx_prefix *p, size_t n, const char *text)
{
	uint8_t		a[16];
	int		family;
	size_t		i;

	if (n == 0 || text == NULL)
		return 0;
	if (inet_pton(AF_INET, text, a) == 1)
		family = 4;
	else if (inet_pton(AF_INET6, text, a) == 1)
		family = 6;
	else
		return 0;
	for (i = 0; i < n; i++) {
		unsigned full = p[i].bits / 8, rest = p[i].bits % 8;

		if (p[i].family != family || memcmp(a, p[i].addr, full) != 0)
			continue;
		if (rest == 0 || ((a[full] ^ p[i].addr[full]) &
		    (uint8_t)(0xff << (8 - rest))) == 0)
			return 1;
	}
	return 0;
}

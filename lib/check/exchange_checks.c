/*
 * exchange_checks.c -- each exchange on the path: how its name is written,
 * whether it is an alias, whether it resolves, and whether its addresses
 * can be reached from the Internet.
 */
#include <string.h>

#include "checks.h"
#include "../zone/diag.h"

/* The name the origin-based checks compare against: the loaded zone's
 * origin (the resolver put it in the result), or the domain itself when
 * there is none. */
static const char *
origin_for(const struct mx_result *r)
{
	return r->origin ? r->origin : r->canonical;
}

/*
 * The exchange is written relative with more than one label (an unescaped
 * dot inside, none at the end: "aspmx.l.google.com") and, completed with
 * the origin, does not exist: a provider's name whose trailing dot is
 * missing (RFC 1035 §5.1).  A relative name of one label ("mail") is the
 * usual way to name a host of the zone, and says nothing; nor does one
 * whose parent is a name of the loaded zone ("gone.sub" beside
 * "mx1.sub"), which is a host of the zone that is missing, not a name
 * from elsewhere.
 */
static int
written_relative(const struct mx_host *h, const struct mx_options *o)
{
	const char	*w, *p;
	int		 dot = 0;

	if (h->mx == NULL || (w = h->mx->written) == NULL || w[0] == '\0' ||
	    h->state != MX_HOST_NXDOMAIN || h->ncnames > 0)
		return 0;
	for (p = w; *p != '\0'; p++) {
		if (*p == '\\' && p[1] != '\0') {
			p++;
			continue;
		}
		if (*p == '.') {
			if (p[1] == '\0')
				return 0;	/* absolute */
			dot = 1;
		}
	}
	if (!dot)
		return 0;
	if (o != NULL && o->zone != NULL) {
		p = mx_name_parent(h->exchange);
		if (strcmp(p, ".") != 0 && mx_zone_has_name(o->zone, p))
			return 0;
	}
	return 1;
}

/* How the exchange is written: an IP literal, the origin doubled (a
 * missing trailing dot, RFC 1035 §5.1), not a host name (RFC 1123
 * §2.1). */
static mx_status
check_exchange_name(struct mx_result *r, const struct mx_options *o,
    const struct mx_host *h)
{
	const char	*ex = h->exchange;
	const char	*origin = origin_for(r);
	int		 literal;
	mx_status	 st;

	literal = mx_name_is_ip_literal(ex, origin) ||
	    (h->mx && h->mx->written &&
	    mx_name_is_ip_literal(h->mx->written, NULL));
	if (literal && (st = mx_result_finding(r, o,
	    MX_CHECK_MX_TARGET_IP_LITERAL, ex, h->mx, "exchange %s is an IP "
	    "address written as a name: Postfix delivers, Exim and Go "
	    "refuse", ex)) != MX_OK)
		return st;
	if (mx_name_is_doubled(ex, origin)) {
		if ((st = mx_result_finding(r, o,
		    MX_CHECK_MX_TARGET_DOUBLED_ORIGIN, ex, h->mx, "exchange %s "
		    "repeats the origin %s: a missing trailing dot; senders "
		    "look up a name that does not exist", ex, origin)) != MX_OK)
			return st;
	} else if (!literal && written_relative(h, o)) {
		char w[256];

		mx_escape_buf(h->mx->written, strlen(h->mx->written), w,
		    sizeof(w));
		if ((st = mx_result_finding(r, o,
		    MX_CHECK_MX_TARGET_DOUBLED_ORIGIN, ex, h->mx, "exchange %s "
		    "does not exist: it is written %s, relative, without a "
		    "trailing dot; if %s. is meant, the dot is missing", ex, w,
		    w)) != MX_OK)
			return st;
	}
	if (!literal && !mx_name_is_hostname(ex))
		return mx_result_finding(r, o, MX_CHECK_MX_TARGET_INVALID_NAME,
		    ex, h->mx, "exchange %s is not a valid host name (RFC "
		    "1123): strict MTAs and resolvers refuse it", ex);
	return MX_OK;
}

/* Whether the exchange resolves: it does not exist, has no address, lies
 * outside every loaded zone, or its address lookups failed. */
static mx_status
check_exchange_state(struct mx_result *r, const struct mx_options *o,
    const struct mx_host *h)
{
	const struct mx_record	*cn = mx_last_cname(h->cnames, h->ncnames);
	const char		*last = cn ? cn->target : h->exchange;
	mx_status		 st = MX_OK;

	switch (h->state) {
	case MX_HOST_NXDOMAIN:
		if (!h->implicit)
			st = mx_result_finding(r, o,
			    MX_CHECK_MX_TARGET_NXDOMAIN, h->exchange, h->mx,
			    cn ? "exchange %s is an alias of %s, which does "
			    "not exist: senders cannot deliver to it" :
			    "exchange %s does not exist%s: senders cannot "
			    "deliver to it", h->exchange, cn ? last : "");
		break;
	case MX_HOST_NO_ADDRESS:
		if (!h->implicit)
			st = mx_result_finding(r, o,
			    MX_CHECK_MX_TARGET_NO_ADDRESS, h->exchange, h->mx,
			    "exchange %s has neither A nor AAAA records: "
			    "senders cannot deliver to it", last);
		break;
	case MX_HOST_OUT_OF_ZONE:
		st = mx_result_finding(r, o, MX_CHECK_MX_TARGET_OUT_OF_ZONE,
		    h->exchange, h->mx, "exchange %s lies outside every "
		    "loaded zone and was not resolved", last);
		break;
	default:
		break;
	}
	if (st != MX_OK)
		return st;
	if (h->state == MX_HOST_CNAME_LOOP ||
	    h->a_rcode == MX_ANSWER_TEMPFAIL ||
	    h->a_rcode == MX_ANSWER_TIMEOUT ||
	    h->aaaa_rcode == MX_ANSWER_TEMPFAIL ||
	    h->aaaa_rcode == MX_ANSWER_TIMEOUT) {
		int a = h->a_rcode == MX_ANSWER_TEMPFAIL ||
		    h->a_rcode == MX_ANSWER_TIMEOUT;
		const char *detail = a ? h->a_detail : h->aaaa_detail;

		st = mx_result_finding(r, o, MX_CHECK_MX_TARGET_LOOKUP_FAILED,
		    h->exchange, h->mx, "the %s lookup of %s failed (%s): the "
		    "host cannot be verified", a ? "A" : "AAAA", last,
		    detail ? detail : "error");
	}
	return st;
}

/* The records of h (A, then AAAA), indexed by address text for the
 * inline ignore lists: made when the first unroutable address needs one,
 * so that N addresses cost O(N). */
static mx_status
index_records(const struct mx_host *h, struct mx_hset *ix)
{
	size_t		i;
	mx_status	st = MX_OK;

	for (i = 0; i < h->na + h->naaaa && st == MX_OK; i++) {
		const struct mx_record *ar = i < h->na ? &h->a_records[i] :
		    &h->aaaa_records[i - h->na];

		st = mx_hset_add(ix, mx_hash_str(ar->address), (uint32_t)i);
	}
	return st;
}

/* Addresses that are not globally routable (IANA special-purpose
 * registries), each reported at its own A or AAAA record, whose inline
 * list applies (the last record of that address, should there be two). */
static mx_status
check_exchange_addresses(struct mx_result *r, const struct mx_options *o,
    const struct mx_host *h)
{
	const struct mx_record	*cn = mx_last_cname(h->cnames, h->ncnames);
	const char		*last = cn ? cn->target : h->exchange;
	struct mx_hset		 ix = { NULL, 0, 0 };
	mx_status		 st = MX_OK;
	size_t			 i;

	for (i = 0; i < h->naddrs && st == MX_OK; i++) {
		const struct mx_address	*a = &h->addrs[i];
		struct mx_record	 rec;
		size_t			 pos = 0;
		uint32_t		 j, hash;

		if (a->routable)
			continue;
		if (ix.cap == 0 && (st = index_records(h, &ix)) != MX_OK)
			break;
		memset(&rec, 0, sizeof(rec));
		rec.file = a->file;
		rec.line = a->line;
		hash = mx_hash_str(a->text);
		while (mx_hset_next(&ix, hash, &pos, &j)) {
			const struct mx_record *ar = j < h->na ?
			    &h->a_records[j] : &h->aaaa_records[j - h->na];

			if (strcmp(ar->address, a->text) == 0)
				rec.ignore = ar->ignore;
		}
		st = mx_result_finding(r, o,
		    MX_CHECK_MX_TARGET_PRIVATE_ADDRESS, h->exchange, &rec,
		    "exchange %s has the address %s, which is not globally "
		    "routable: senders on the Internet cannot reach it", last,
		    a->text);
	}
	mx_hset_free(&ix);
	return st;
}

mx_status
mx_check_exchange(struct mx_result *r, const struct mx_options *o,
    const struct mx_host *h)
{
	const struct mx_record	*cn = mx_last_cname(h->cnames, h->ncnames);
	mx_status		 st;

	if (!h->implicit) {
		if ((st = check_exchange_name(r, o, h)) != MX_OK)
			return st;
		/* RFC 2181 §10.3 */
		if (h->ncnames > 0 && (st = mx_result_finding(r, o,
		    MX_CHECK_MX_TARGET_CNAME, h->exchange, h->mx, "exchange "
		    "%s is an alias of %s: Postfix follows it, other MTAs "
		    "refuse to deliver", h->exchange, cn->target)) != MX_OK)
			return st;
	}
	if ((st = check_exchange_state(r, o, h)) != MX_OK)
		return st;
	return check_exchange_addresses(r, o, h);
}

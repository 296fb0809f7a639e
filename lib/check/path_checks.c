/*
 * path_checks.c -- the delivery path as a whole (RFC 5321 §5.1): is any
 * tier usable, is the redundancy real, do senders reach a usable host
 * within the addresses they try, can IPv6-only senders deliver.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks.h"

static int
tier_usable(const struct mx_result *r, const struct mx_tier *t)
{
	size_t i;

	for (i = t->first; i < t->first + t->count; i++)
		if (r->hosts[i].usable)
			return 1;
	return 0;
}

static int
tier_unknown(const struct mx_result *r, const struct mx_tier *t)
{
	size_t i;

	for (i = t->first; i < t->first + t->count; i++)
		if (mx_host_unknown(&r->hosts[i]))
			return 1;
	return 0;
}

/* No usable host at all, none in the most preferred tier, or none in a
 * backup tier.  A tier with a host whose state is unknown is not judged. */
mx_status
mx_check_tiers(struct mx_result *r, const struct mx_options *o)
{
	size_t		i, usable_tiers = 0, unknown_tiers = 0;
	char		pref[16];
	mx_status	st;

	if (r->implicit || r->ntiers == 0)
		return MX_OK;
	for (i = 0; i < r->ntiers; i++) {
		usable_tiers += tier_usable(r, &r->tiers[i]);
		unknown_tiers += tier_unknown(r, &r->tiers[i]);
	}
	if (usable_tiers == 0) {
		if (unknown_tiers > 0)
			return MX_OK;
		return mx_result_finding(r, o, MX_CHECK_NO_USABLE_MX,
		    r->canonical, r->hosts[0].mx, "none of the %zu exchanges "
		    "of %s is usable: mail to it bounces", r->nhosts,
		    r->canonical);
	}
	if (!tier_usable(r, &r->tiers[0]) && !tier_unknown(r, &r->tiers[0]) &&
	    (st = mx_result_finding(r, o, MX_CHECK_MX_PRIMARY_UNUSABLE,
	    r->canonical, r->hosts[0].mx, "no exchange of the preference %u "
	    "tier is usable: all mail for %s detours through backups",
	    r->tiers[0].preference, r->canonical)) != MX_OK)
		return st;
	for (i = 1; i < r->ntiers; i++) {
		const struct mx_tier *t = &r->tiers[i];

		if (tier_usable(r, t) || tier_unknown(r, t))
			continue;
		snprintf(pref, sizeof(pref), "%u", t->preference);
		if ((st = mx_result_finding(r, o, MX_CHECK_MX_TIER_UNUSABLE,
		    r->hosts[t->first].exchange, r->hosts[t->first].mx,
		    "no exchange of the backup tier at preference %s is "
		    "usable: a gap in the failover chain", pref)) != MX_OK)
			return st;
	}
	return MX_OK;
}

/* An address of the path: the first host that has it, and the first
 * later host with another canonical name that has it too. */
struct shared {
	const char	*addr;
	size_t		 first, other;	/* other: SIZE_MAX when none */
};

/* Paths of at most this many addresses keep their tables on the stack. */
#define SHARED_SMALL	16

/*
 * Every path leads to one host, with one address; and an address shared by exchanges with
 * different canonical names, reported once, at its first host and the
 * first other exchange that has it.  The addresses are indexed by hash,
 * so that N hosts cost O(N) rather than comparing every host with every
 * other.
 */
mx_status
mx_check_single_and_shared(struct mx_result *r, const struct mx_options *o)
{
	struct mx_hset	 index = { NULL, 0, 0 };
	struct shared	*seen = NULL, seen_small[SHARED_SMALL];
	uint32_t	*which = NULL, which_small[SHARED_SMALL];
	size_t		 i, k, a, nseen = 0, usable = 0;
	size_t		 naddrs = 0;
	size_t		 any_unknown = 0, routable = 0;
	const char	*one = NULL, *only = NULL;
	int		 hashed;
	mx_status	 st = MX_OK;

	for (i = 0; i < r->nhosts; i++) {
		const struct mx_host *h = &r->hosts[i];

		any_unknown |= mx_host_unknown(h);
		if (!h->usable)
			continue;
		if (one == NULL || !mx_name_eq(one, h->canonical)) {
			usable++;
			/* a failed lookup may hide more addresses */
			any_unknown |= h->a_rcode == MX_ANSWER_TEMPFAIL ||
			    h->a_rcode == MX_ANSWER_TIMEOUT ||
			    h->aaaa_rcode == MX_ANSWER_TEMPFAIL ||
			    h->aaaa_rcode == MX_ANSWER_TIMEOUT;
			/* its addresses that can take mail */
			for (k = 0, routable = 0; k < h->naddrs; k++)
				if (h->addrs[k].routable) {
					routable++;
					only = h->addrs[k].text;
				}
		}
		one = h->canonical;
	}
	/* several addresses of one host are failover too (a provider's one
	 * MX name): only one host of one address is no failover at all */
	if (usable == 1 && routable == 1 && !any_unknown &&
	    (st = mx_result_finding(r, o, MX_CHECK_MX_SINGLE_HOST, one, NULL,
	    "every path for %s leads to %s, one host with the single address "
	    "%s: while it is down, mail queues at the senders", r->canonical,
	    one, only)) != MX_OK)
		return st;
	/* each address once, with its first host and the first other;
	 * which[] says which for every address of the path, in path
	 * order, so that the report needs no second look-up */
	for (i = 0; i < r->nhosts; i++)
		naddrs += r->hosts[i].naddrs;
	if (naddrs == 0)
		return MX_OK;
	/* a path of a few addresses (most): no allocation, and each address
	 * compared with those seen so far (seen[] holds each once) instead
	 * of hashed; a longer one through the index */
	hashed = naddrs > SHARED_SMALL;
	if (!hashed) {
		which = which_small;
		seen = seen_small;
	} else if ((which = calloc(naddrs, sizeof(*which))) == NULL ||
	    (seen = calloc(naddrs, sizeof(*seen))) == NULL) {
		free(which);
		return MX_ERR_NOMEM;
	} else if (mx_hset_reserve(&index, naddrs) != MX_OK) {
		st = MX_ERR_NOMEM;
		goto out;
	}
	/* the hashes first (which[] holds them until it holds indices),
	 * so that the slot of an address further on can be fetched */
	for (i = 0, a = 0; hashed && i < r->nhosts; i++)
		for (k = 0; k < r->hosts[i].naddrs; k++, a++)
			which[a] = mx_hash_str(r->hosts[i].addrs[k].text);
	for (i = 0, a = 0; i < r->nhosts && st == MX_OK; i++) {
		for (k = 0; k < r->hosts[i].naddrs && st == MX_OK; k++, a++) {
			const char	*addr = r->hosts[i].addrs[k].text;
			uint32_t	 h = hashed ? which[a] : 0, j;
			size_t		 pos = 0;
			struct shared	*sh = NULL;

			if (!hashed) {
				for (j = 0; j < nseen && sh == NULL; j++)
					if (strcmp(seen[j].addr, addr) == 0)
						sh = &seen[j];
			} else
				while (sh == NULL &&
				    mx_hset_next(&index, h, &pos, &j))
					if (strcmp(seen[j].addr, addr) == 0)
						sh = &seen[j];
			if (sh == NULL) {
				/* each address is seen once at most: seen[]
				 * has room for naddrs */
				sh = &seen[nseen++];
				sh->addr = addr;
				sh->first = i;
				sh->other = SIZE_MAX;
				if (hashed)
					st = mx_hset_add(&index, h,
					    (uint32_t)(nseen - 1));
			} else if (sh->other == SIZE_MAX && i != sh->first &&
			    !mx_name_eq(r->hosts[i].canonical,
			    r->hosts[sh->first].canonical))
				sh->other = i;
			which[a] = (uint32_t)(sh - seen);
		}
	}
	/* reported where its first host lists it, in path order */
	for (i = 0, a = 0; i < r->nhosts && st == MX_OK; i++) {
		for (k = 0; k < r->hosts[i].naddrs && st == MX_OK; k++, a++) {
			const char		*addr = r->hosts[i].addrs[k].text;
			const struct shared	*sh = &seen[which[a]];
			const struct mx_host	*m;

			if (sh->first != i || sh->other == SIZE_MAX)
				continue;
			m = &r->hosts[sh->other];
			st = mx_result_finding(r, o,
			    MX_CHECK_MX_SHARED_ADDRESS, addr, m->mx,
			    "exchanges %s and %s share the address %s: the "
			    "redundancy is only apparent",
			    r->hosts[i].exchange, m->exchange, addr);
		}
	}
out:
	mx_hset_free(&index);
	if (hashed) {
		free(seen);
		free(which);
	}
	return st;
}

/*
 * Senders try a limited number of addresses in all (Postfix: 5,
 * smtp_mx_address_limit), in path order: every address of a tier before
 * the next tier's.  A usable host is never tried when the addresses of
 * the tiers before it fill the limit (a primary with six addresses hides
 * its backup), and may never be when, in the worst case, the addresses
 * of the unusable hosts of its own tier come first too (senders pick
 * among a tier at random); usable hosts of its own tier are not counted,
 * for when they are up they take the mail.  One finding, at the MX
 * record of the first such host, names it and the others after it.
 */
mx_status
mx_check_address_limit(struct mx_result *r, const struct mx_options *o)
{
	const struct mx_host	*first = NULL;
	size_t			 i, j, before = 0, first_before = 0, more = 0;
	size_t			 len = 0;
	int			 sure = 0;
	char			 others[256];

	others[0] = '\0';
	for (i = 0; i < r->ntiers; i++) {
		const struct mx_tier	*t = &r->tiers[i];
		size_t			 dead = 0, all = 0;

		for (j = t->first; j < t->first + t->count; j++) {
			all += r->hosts[j].naddrs;
			if (!r->hosts[j].usable)
				dead += r->hosts[j].naddrs;
		}
		for (j = t->first; j < t->first + t->count; j++) {
			const struct mx_host *h = &r->hosts[j];

			if (!h->usable || before + dead < o->address_limit)
				continue;
			if (first == NULL) {
				first = h;
				sure = before >= o->address_limit;
				first_before = sure ? before : before + dead;
				continue;
			}
			/* up to three names, then a count */
			if (++more <= 3 && len < sizeof(others))
				len += (size_t)snprintf(others + len,
				    sizeof(others) - len, "%s%s",
				    more > 1 ? ", " : "", h->exchange);
		}
		before += all;
	}
	if (first == NULL)
		return MX_OK;
	if (more > 3 && len < sizeof(others))
		snprintf(others + len, sizeof(others) - len, " and %zu more",
		    more - 3);
	return mx_result_finding(r, o, MX_CHECK_MX_ADDRESS_LIMIT,
	    first->exchange, first->mx, "exchange %s %s: %zu %saddresses %s "
	    "before it, and senders give up after %u (Postfix "
	    "smtp_mx_address_limit)%s%s%s", first->exchange, sure ?
	    "is never tried" : "may never be tried", first_before,
	    sure ? "" : "unusable ", sure ? "come" : "may be tried",
	    o->address_limit, more ? "; " : "", more ? others : "",
	    more == 0 ? "" : more > 1 ? " after it are not tried either" :
	    " after it is not tried either");
}

/*
 * No exchange has an address of one family; only said when every host's
 * state is known, every lookup of that family answered (a SERVFAIL, a
 * timeout or a malformed answer says nothing about the records), and a
 * host is usable.
 */
static mx_status
check_family(struct mx_result *r, const struct mx_options *o, int v6)
{
	size_t i, usable = 0;

	for (i = 0; i < r->nhosts; i++) {
		const struct mx_host	*h = &r->hosts[i];
		enum mx_rcode		 rc = v6 ? h->aaaa_rcode : h->a_rcode;

		if (mx_host_unknown(h) || h->state == MX_HOST_CNAME_LOOP ||
		    rc == MX_ANSWER_TEMPFAIL || rc == MX_ANSWER_TIMEOUT)
			return MX_OK;
		if ((v6 ? h->naaaa : h->na) > 0)
			return MX_OK;
		usable += h->usable;
	}
	if (usable == 0)
		return MX_OK;
	if (v6)
		return mx_result_finding(r, o, MX_CHECK_MX_NO_IPV6,
		    r->canonical, NULL, "no exchange of %s has an AAAA "
		    "record: IPv6-only senders cannot deliver", r->canonical);
	return mx_result_finding(r, o, MX_CHECK_MX_NO_IPV4, r->canonical, NULL,
	    "no exchange of %s has an A record: IPv4-only senders cannot "
	    "deliver", r->canonical);
}

/* mx-no-ipv6 and mx-no-ipv4. */
mx_status
mx_check_families(struct mx_result *r, const struct mx_options *o)
{
	mx_status st;

	if ((st = check_family(r, o, 1)) != MX_OK)
		return st;
	return check_family(r, o, 0);
}

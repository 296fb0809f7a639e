/*
 * checks.c -- the check catalogue: a table, and one small function a check.
 *
 * Check names are stable: they never change once released.  Each check
 * function looks at a resolved result (path.c has ordered it) and adds
 * findings through mx_result_add, which applies --ignore and inline
 * "; mxdig: ignore=" suppression.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const struct mx_check_info catalogue[] = {
	{ "domain-nxdomain", MX_SEV_ERROR,
	  "the domain does not exist: mail bounces", "RFC 5321 §5.1",
	  "mail for nosuch.example.com. is sent while the name has no records",
	  "publish the domain (MX records, or a null MX if it takes no mail)",
	  1 },
	{ "mx-lookup-failed", MX_SEV_ERROR,
	  "the MX query got SERVFAIL, REFUSED or another error rcode: "
	  "senders queue and retry", "RFC 5321 §5.1",
	  "dig MX example.com. answers status: SERVFAIL",
	  "fix the authoritative servers (lame delegation, broken DNSSEC, "
	  "unreachable servers) so that they answer the MX query", 0 },
	{ "domain-cname", MX_SEV_INFO,
	  "the domain is an alias; its canonical name's MX is used",
	  "RFC 5321 §5.1",
	  "example.com. CNAME example.net.",
	  "nothing to fix if intended; publish MX records at the name itself "
	  "to stop depending on the alias", 1 },
	{ "implicit-mx", MX_SEV_WARNING,
	  "no MX: mail falls back to the domain's own A/AAAA", "RFC 5321 §5.1",
	  "www.example.com. A 198.51.100.7 (and no MX)",
	  "publish an MX record, or a null MX (MX 0 .) if the name takes no "
	  "mail", 1 },
	{ "no-mail-route", MX_SEV_ERROR,
	  "no MX, no null MX and no A/AAAA: mail bounces", "RFC 5321 §5.1",
	  "example.com. TXT \"v=spf1 -all\" (and nothing else)",
	  "publish MX records, or a null MX (MX 0 .) to say so explicitly",
	  1 },
	{ "null-mx", MX_SEV_INFO,
	  "the domain publishes a null MX: it accepts no mail", "RFC 7505",
	  "example.com. MX 0 .", "nothing to fix if the domain takes no mail",
	  1 },
	{ "null-mx-mixed", MX_SEV_ERROR,
	  "a null MX beside other MX records: Postfix bounces all mail, others "
	  "may deliver", "RFC 7505 §3",
	  "example.com. MX 0 .\nexample.com. MX 10 mail.example.com.",
	  "remove the null MX if the domain takes mail, or the other MX "
	  "records if it does not", 1 },
	{ "null-mx-preference", MX_SEV_WARNING,
	  "a null MX with a preference other than 0", "RFC 7505 §3",
	  "example.com. MX 10 .", "write the null MX as MX 0 .", 1 },
	{ "mx-target-cname", MX_SEV_ERROR,
	  "the exchange is an alias: Postfix follows it, others refuse",
	  "RFC 2181 §10.3, RFC 5321 §5.1",
	  "example.com. MX 10 mail.example.com.\n"
	  "mail.example.com. CNAME mx.provider.net.",
	  "point the MX at the canonical name (mx.provider.net.)", 1 },
	{ "mx-target-nxdomain", MX_SEV_ERROR,
	  "the exchange does not exist", "RFC 5321 §5.1",
	  "example.com. MX 10 mial.example.com. (a typo)",
	  "correct the exchange name or create its A/AAAA records", 1 },
	{ "mx-target-no-address", MX_SEV_ERROR,
	  "the exchange exists but has neither A nor AAAA", "RFC 5321 §5.1",
	  "example.com. MX 10 mail.example.com.\n"
	  "mail.example.com. TXT \"no address here\"",
	  "add A and/or AAAA records for the exchange", 1 },
	{ "mx-target-lookup-failed", MX_SEV_WARNING,
	  "the A/AAAA lookup of the exchange failed (SERVFAIL, REFUSED, "
	  "timeout): not verifiable", "RFC 5321 §5.1",
	  "dig A mail.example.com. answers status: SERVFAIL",
	  "fix the servers of the exchange's zone", 0 },
	{ "mx-target-ip-literal", MX_SEV_ERROR,
	  "the exchange is an IP address written as a name: Postfix "
	  "delivers, Exim and Go refuse", "RFC 5321 §5.1, RFC 7505 §2",
	  "example.com. MX 10 192.0.2.25",
	  "give the host a name with an A record and point the MX at the "
	  "name", 1 },
	{ "mx-target-doubled-origin", MX_SEV_ERROR,
	  "the exchange repeats the zone origin: a missing trailing dot",
	  "RFC 1035 §5.1",
	  "example.com. MX 10 mail.example.com (no trailing dot: "
	  "mail.example.com.example.com.)",
	  "end absolute names with a dot: mail.example.com.", 1 },
	{ "mx-target-invalid-name", MX_SEV_WARNING,
	  "the exchange is not a valid host name (letters, digits, hyphens)",
	  "RFC 1123 §2.1, RFC 952",
	  "example.com. MX 10 mail_server.example.com.",
	  "rename the host to letters, digits and hyphens", 1 },
	{ "mx-target-out-of-zone", MX_SEV_INFO,
	  "zone-file input: the exchange lies outside every loaded zone and "
	  "was not resolved", "RFC 1034 §4.3.2",
	  "example.com. MX 10 aspmx.l.google.com.",
	  "load that zone too (--zone), or resolve it live (--live)", 1 },
	{ "mx-target-private-address", MX_SEV_ERROR,
	  "an address of the exchange is not globally routable",
	  "RFC 6890, IANA special-purpose address registries",
	  "mail.example.com. A 192.168.1.25",
	  "publish the public address; keep internal addresses in an "
	  "internal view", 1 },
	{ "mx-duplicate-target", MX_SEV_WARNING,
	  "the same exchange appears more than once in the MX set",
	  "RFC 5321 §5.1",
	  "example.com. MX 10 mail.example.com.\n"
	  "example.com. MX 20 mail.example.com.",
	  "list each exchange once, at the preference meant", 1 },
	{ "no-usable-mx", MX_SEV_ERROR,
	  "MX records exist but no host is usable: mail bounces",
	  "RFC 5321 §5.1",
	  "example.com. MX 10 mail.example.com. (which has no address)",
	  "give at least one exchange a globally routable A or AAAA record",
	  1 },
	{ "mx-primary-unusable", MX_SEV_ERROR,
	  "no host of the most preferred tier is usable, while a backup tier "
	  "is: all mail detours through backups", "RFC 5321 §5.1",
	  "example.com. MX 10 dead.example.com.\n"
	  "example.com. MX 20 backup.example.com.",
	  "repair or remove the primary exchanges", 1 },
	{ "mx-tier-unusable", MX_SEV_WARNING,
	  "a backup tier has no usable host: a gap in the failover chain",
	  "RFC 5321 §5.1",
	  "example.com. MX 10 mail.example.com.\n"
	  "example.com. MX 20 dead.example.com.",
	  "repair or remove the backup exchanges", 1 },
	{ "mx-single-host", MX_SEV_INFO,
	  "every path leads to one host: no failover", "RFC 5321 §5.1",
	  "example.com. MX 10 mail.example.com. (and no other)",
	  "add a second exchange if mail must not queue while the host is "
	  "down", 1 },
	{ "mx-shared-address", MX_SEV_WARNING,
	  "different exchanges resolve to the same address: the redundancy "
	  "is only apparent", "RFC 5321 §5.1",
	  "mx1.example.com. A 198.51.100.25\nmx2.example.com. A 198.51.100.25",
	  "put the exchanges on different hosts, or list one exchange", 1 },
	{ "mx-address-limit", MX_SEV_WARNING,
	  "more addresses precede a usable host than senders try (5, "
	  "Postfix's default): hosts past the limit are never tried",
	  "Postfix smtp_mx_address_limit, Exim hosts_max_try",
	  "example.com. MX 10 old.example.com. (six private addresses)\n"
	  "example.com. MX 20 mail.example.com.",
	  "remove dead addresses and exchanges ahead of the usable ones", 1 },
	{ "mx-no-ipv6", MX_SEV_INFO,
	  "no exchange has an AAAA record", "RFC 3974",
	  "mail.example.com. A 198.51.100.25 (and no AAAA)",
	  "add AAAA records so IPv6-only senders can deliver", 1 },
	{ "mx-ttl-low", MX_SEV_WARNING,
	  "the MX TTL is below --ttl-min (300 s)", "RFC 1035 §3.2.1",
	  "example.com. 60 MX 10 mail.example.com.",
	  "raise the TTL (3600 is common) once the change is done", 1 },
	{ "mx-ttl-high", MX_SEV_WARNING,
	  "the MX TTL is above --ttl-max (604800 s): changes take too long "
	  "to reach senders", "RFC 1035 §3.2.1",
	  "example.com. 2592000 MX 10 mail.example.com.",
	  "lower the TTL to a day or less", 1 },
	{ "ttl-zero", MX_SEV_WARNING,
	  "a record on the path has TTL 0: uncacheable", "RFC 1035 §3.2.1",
	  "mail.example.com. 0 A 198.51.100.25",
	  "give the record a TTL of at least a few minutes", 1 },
	{ "ttl-mismatch", MX_SEV_WARNING,
	  "records of one RRset have different TTLs", "RFC 2181 §5.2",
	  "mail.example.com. 300 A 198.51.100.25\n"
	  "mail.example.com. 3600 A 198.51.100.26",
	  "give every record of the RRset the same TTL", 1 },
	{ "mx-wildcard", MX_SEV_INFO,
	  "zone-file input: a wildcard owner carries MX records",
	  "RFC 4592, RFC 1912 §2.7",
	  "*.example.com. MX 10 mail.example.com.",
	  "nothing to fix if intended; list the names that take mail "
	  "instead", 1 },
	{ "zone-syntax", MX_SEV_ERROR,
	  "zone-file input: the file does not parse; the error names file and "
	  "line", "RFC 1035 §5",
	  "example.com. MX 65536 mail.example.com.",
	  "correct the record at the file and line named", 1 },
};

#define NCHECKS (sizeof(catalogue) / sizeof(catalogue[0]))

const struct mx_check_info *
mx_checks(size_t *n)
{
	*n = NCHECKS;
	return catalogue;
}

const struct mx_check_info *
mx_check_find(const char *name)
{
	size_t i;

	for (i = 0; i < NCHECKS; i++)
		if (strcmp(catalogue[i].name, name) == 0)
			return &catalogue[i];
	return NULL;
}

/* ---- helpers ---- */

/* The name the origin-based checks compare against: the loaded zone's
 * origin, or the MX owner when there is none. */
static const char *
origin_for(const struct mx_options *opt, const char *owner)
{
	const char *o = opt->zone ? mx_zone_origin_of(opt->zone, owner) :
	    NULL;

	return o ? o : owner;
}

/* A host whose state is not known: not broken, just not verified. */
static int
unknown(const struct mx_host *h)
{
	return h->state == MX_HOST_OUT_OF_ZONE ||
	    h->state == MX_HOST_LOOKUP_FAILED;
}

static const struct mx_record *
last_cname(const struct mx_record *c, size_t n)
{
	return n ? &c[n - 1] : NULL;
}

/* ---- the domain ---- */

static void
check_domain(struct mx_result *r, const struct mx_options *o)
{
	const struct mx_record *cn = last_cname(r->domain_cnames,
	    r->ndomain_cnames);

	if (r->ndomain_cnames > 0)
		mx_result_add(r, o, "domain-cname", r->domain,
		    &r->domain_cnames[0], "%s is an alias of %s: senders use "
		    "the MX records of %s", r->domain, r->canonical,
		    r->canonical);
	switch (r->mx_rcode) {
	case MX_ANSWER_NXDOMAIN:
		if (cn != NULL)
			mx_result_add(r, o, "domain-nxdomain", r->canonical,
			    cn, "%s is an alias of %s, which does not exist: "
			    "mail to %s bounces", r->domain, r->canonical,
			    r->domain);
		else
			mx_result_add(r, o, "domain-nxdomain", r->domain, NULL,
			    "%s does not exist: mail to it bounces",
			    r->domain);
		break;
	case MX_ANSWER_TEMPFAIL:
		mx_result_add(r, o, "mx-lookup-failed", r->canonical, cn,
		    "the MX lookup of %s failed (%s): senders queue mail and "
		    "retry, the path is unknown", r->canonical,
		    r->mx_detail ? r->mx_detail : "error");
		break;
	default:
		break;
	}
}

/* RFC 7505 §3: a null MX is the only MX, with preference 0. */
static void
check_null_mx(struct mx_result *r, const struct mx_options *o)
{
	size_t i;

	if (!r->null_mx)
		return;
	for (i = 0; i < r->nmx; i++) {
		const struct mx_record *m = &r->mx[i];

		if (strcmp(m->target, ".") != 0)
			continue;
		if (r->nmx == 1)
			mx_result_add(r, o, "null-mx", r->canonical, m,
			    "%s publishes a null MX: it accepts no mail and "
			    "senders bounce at once", r->canonical);
		else
			mx_result_add(r, o, "null-mx-mixed", r->canonical, m,
			    "%s has a null MX beside %zu other MX records: "
			    "Postfix bounces all mail for it, other MTAs may "
			    "deliver", r->canonical, r->nmx - 1);
		if (m->preference != 0)
			mx_result_add(r, o, "null-mx-preference",
			    r->canonical, m, "the null MX of %s has preference "
			    "%u, not 0", r->canonical, m->preference);
	}
}

/* RFC 5321 §5.1: no MX at all. */
static void
check_implicit(struct mx_result *r, const struct mx_options *o)
{
	const struct mx_host *h;

	if (!r->implicit || r->nhosts == 0)
		return;
	h = &r->hosts[0];
	if (h->naddrs > 0)
		mx_result_add(r, o, "implicit-mx", r->canonical, NULL,
		    "%s has no MX records: mail falls back to its own "
		    "address records (implicit MX)", r->canonical);
	else if (!unknown(h) && h->state != MX_HOST_CNAME_LOOP)
		mx_result_add(r, o, "no-mail-route", r->canonical, NULL,
		    "%s has no MX, no null MX and no A/AAAA: mail to it "
		    "bounces", r->canonical);
}

/* ---- each exchange ---- */

static void
check_exchange_name(struct mx_result *r, const struct mx_options *o,
    const struct mx_host *h)
{
	const char	*ex = h->exchange;
	const char	*origin = origin_for(o, r->canonical);
	int		 literal;

	literal = mx_name_is_ip_literal(ex, origin) ||
	    (h->mx && h->mx->written &&
	    mx_name_is_ip_literal(h->mx->written, NULL));
	if (literal)
		mx_result_add(r, o, "mx-target-ip-literal", ex, h->mx,
		    "exchange %s is an IP address written as a name: Postfix "
		    "delivers, Exim and Go refuse", ex);
	if (mx_name_is_doubled(ex, origin))
		mx_result_add(r, o, "mx-target-doubled-origin", ex, h->mx,
		    "exchange %s repeats the origin %s: a missing trailing "
		    "dot; senders look up a name that does not exist", ex,
		    origin);
	if (!literal && !mx_name_is_hostname(ex))
		mx_result_add(r, o, "mx-target-invalid-name", ex, h->mx,
		    "exchange %s is not a valid host name (RFC 1123): "
		    "strict MTAs and resolvers refuse it", ex);
}

static void
check_exchange(struct mx_result *r, const struct mx_options *o,
    const struct mx_host *h)
{
	const struct mx_record	*cn = last_cname(h->cnames, h->ncnames);
	const char		*last = cn ? cn->target : h->exchange;
	size_t			 i;

	if (!h->implicit) {
		check_exchange_name(r, o, h);
		if (h->ncnames > 0)
			mx_result_add(r, o, "mx-target-cname", h->exchange,
			    h->mx, "exchange %s is an alias of %s: Postfix "
			    "follows it, other MTAs refuse to deliver",
			    h->exchange, last);
	}
	switch (h->state) {
	case MX_HOST_NXDOMAIN:
		if (!h->implicit)
			mx_result_add(r, o, "mx-target-nxdomain", h->exchange,
			    h->mx, cn ? "exchange %s is an alias of %s, which "
			    "does not exist: senders cannot deliver to it" :
			    "exchange %s does not exist%s: senders cannot "
			    "deliver to it", h->exchange, cn ? last : "");
		break;
	case MX_HOST_NO_ADDRESS:
		if (!h->implicit)
			mx_result_add(r, o, "mx-target-no-address",
			    h->exchange, h->mx, "exchange %s has neither A nor "
			    "AAAA records: senders cannot deliver to it", last);
		break;
	case MX_HOST_OUT_OF_ZONE:
		mx_result_add(r, o, "mx-target-out-of-zone", h->exchange,
		    h->mx, "exchange %s lies outside every loaded zone and was "
		    "not resolved", last);
		break;
	default:
		break;
	}
	if (h->state == MX_HOST_CNAME_LOOP ||
	    h->a_rcode == MX_ANSWER_TEMPFAIL ||
	    h->a_rcode == MX_ANSWER_TIMEOUT ||
	    h->aaaa_rcode == MX_ANSWER_TEMPFAIL ||
	    h->aaaa_rcode == MX_ANSWER_TIMEOUT) {
		int a = h->a_rcode == MX_ANSWER_TEMPFAIL ||
		    h->a_rcode == MX_ANSWER_TIMEOUT;
		const char *detail = a ? h->a_detail : h->aaaa_detail;

		mx_result_add(r, o, "mx-target-lookup-failed", h->exchange,
		    h->mx, "the %s lookup of %s failed (%s): the host cannot "
		    "be verified", a ? "A" : "AAAA", last,
		    detail ? detail : "error");
	}
	for (i = 0; i < h->naddrs; i++) {
		const struct mx_address	*a = &h->addrs[i];
		struct mx_record	 rec;
		size_t			 j;

		if (a->routable)
			continue;
		memset(&rec, 0, sizeof(rec));
		rec.file = a->file;
		rec.line = a->line;
		/* the A/AAAA record's own inline suppression */
		for (j = 0; j < h->na + h->naaaa; j++) {
			const struct mx_record *ar = j < h->na ?
			    &h->a_records[j] : &h->aaaa_records[j - h->na];

			if (strcmp(ar->address, a->text) == 0)
				rec.ignore = ar->ignore;
		}
		mx_result_add(r, o, "mx-target-private-address", h->exchange,
		    &rec, "exchange %s has the address %s, which is not "
		    "globally routable: senders on the Internet cannot reach "
		    "it", last, a->text);
	}
}

/* The same exchange twice in the MX set. */
static void
check_duplicates(struct mx_result *r, const struct mx_options *o)
{
	size_t i, j;

	for (i = 1; i < r->nmx; i++) {
		if (strcmp(r->mx[i].target, ".") == 0)
			continue;
		for (j = 0; j < i; j++)
			if (mx_name_eq(r->mx[i].target, r->mx[j].target))
				break;
		if (j < i)
			mx_result_add(r, o, "mx-duplicate-target",
			    r->mx[i].target, &r->mx[i], "exchange %s is listed "
			    "at preference %u and again at %u: senders try it "
			    "once", r->mx[i].target, r->mx[j].preference,
			    r->mx[i].preference);
	}
}

/* ---- the path as a whole ---- */

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
		if (unknown(&r->hosts[i]))
			return 1;
	return 0;
}

static void
check_tiers(struct mx_result *r, const struct mx_options *o)
{
	size_t	i, usable_tiers = 0, unknown_tiers = 0;
	char	pref[16];

	if (r->implicit || r->ntiers == 0)
		return;
	for (i = 0; i < r->ntiers; i++) {
		usable_tiers += tier_usable(r, &r->tiers[i]);
		unknown_tiers += tier_unknown(r, &r->tiers[i]);
	}
	if (usable_tiers == 0) {
		if (unknown_tiers == 0)
			mx_result_add(r, o, "no-usable-mx", r->canonical,
			    r->hosts[0].mx, "none of the %zu exchanges of %s "
			    "is usable: mail to it bounces", r->nhosts,
			    r->canonical);
		return;
	}
	if (!tier_usable(r, &r->tiers[0]) && !tier_unknown(r, &r->tiers[0]))
		mx_result_add(r, o, "mx-primary-unusable", r->canonical,
		    r->hosts[0].mx, "no exchange of the preference %u tier is "
		    "usable: all mail for %s detours through backups",
		    r->tiers[0].preference, r->canonical);
	for (i = 1; i < r->ntiers; i++) {
		const struct mx_tier *t = &r->tiers[i];

		if (tier_usable(r, t) || tier_unknown(r, t))
			continue;
		snprintf(pref, sizeof(pref), "%u", t->preference);
		mx_result_add(r, o, "mx-tier-unusable",
		    r->hosts[t->first].exchange, r->hosts[t->first].mx,
		    "no exchange of the backup tier at preference %s is "
		    "usable: a gap in the failover chain", pref);
	}
}

static void
check_single_and_shared(struct mx_result *r, const struct mx_options *o)
{
	size_t	i, j, k, usable = 0, any_unknown = 0;
	const char *one = NULL;

	for (i = 0; i < r->nhosts; i++) {
		const struct mx_host *h = &r->hosts[i];

		any_unknown |= unknown(h);
		if (!h->usable)
			continue;
		if (one == NULL || !mx_name_eq(one, h->canonical))
			usable++;
		one = h->canonical;
	}
	if (usable == 1 && !any_unknown)
		mx_result_add(r, o, "mx-single-host", one, NULL,
		    "every path for %s leads to %s: while it is down, mail "
		    "queues at the senders", r->canonical, one);
	/* an address shared by exchanges with different canonical names */
	for (i = 0; i < r->nhosts; i++) {
		for (k = 0; k < r->hosts[i].naddrs; k++) {
			const char *addr = r->hosts[i].addrs[k].text;
			int reported = 0, earlier = 0;
			size_t m;

			/* report each address once, at its first host */
			for (m = 0; m < i && !earlier; m++)
				for (j = 0; j < r->hosts[m].naddrs; j++)
					if (strcmp(r->hosts[m].addrs[j].text,
					    addr) == 0)
						earlier = 1;
			if (earlier)
				continue;
			for (m = i + 1; m < r->nhosts && !reported; m++) {
				if (mx_name_eq(r->hosts[m].canonical,
				    r->hosts[i].canonical))
					continue;
				for (j = 0; j < r->hosts[m].naddrs; j++)
					if (strcmp(r->hosts[m].addrs[j].text,
					    addr) == 0) {
						mx_result_add(r, o,
						    "mx-shared-address", addr,
						    r->hosts[m].mx, "exchanges "
						    "%s and %s share the "
						    "address %s: the "
						    "redundancy is only "
						    "apparent",
						    r->hosts[i].exchange,
						    r->hosts[m].exchange, addr);
						reported = 1;
						break;
					}
			}
		}
	}
}

/*
 * Senders try a limited number of addresses (Postfix: 5).  In the worst
 * case every unusable address of the first tier with a usable host is
 * tried before a usable one, after every address of the tiers before it.
 */
static void
check_address_limit(struct mx_result *r, const struct mx_options *o)
{
	size_t			 i, j, before = 0;
	const struct mx_host	*target = NULL;

	for (i = 0; i < r->ntiers && target == NULL; i++) {
		const struct mx_tier *t = &r->tiers[i];

		for (j = t->first; j < t->first + t->count; j++) {
			const struct mx_host *h = &r->hosts[j];
			size_t a;

			for (a = 0; a < h->naddrs; a++)
				if (!h->addrs[a].routable)
					before++;
			if (h->usable && target == NULL)
				target = h;
		}
	}
	if (target == NULL || before < o->address_limit)
		return;
	mx_result_add(r, o, "mx-address-limit", target->exchange, target->mx,
	    "%zu unusable addresses may be tried before %s; senders give up "
	    "after %u (Postfix smtp_mx_address_limit), so mail may never "
	    "reach it", before, target->exchange, o->address_limit);
}

static void
check_ipv6(struct mx_result *r, const struct mx_options *o)
{
	size_t i, usable = 0;

	for (i = 0; i < r->nhosts; i++) {
		if (unknown(&r->hosts[i]))
			return;
		if (r->hosts[i].naaaa > 0)
			return;
		usable += r->hosts[i].usable;
	}
	if (usable > 0)
		mx_result_add(r, o, "mx-no-ipv6", r->canonical, NULL,
		    "no exchange of %s has an AAAA record: IPv6-only senders "
		    "cannot deliver", r->canonical);
}

/* ---- TTLs ---- */

static void
check_rrset_ttl(struct mx_result *r, const struct mx_options *o,
    const struct mx_record *set, size_t n, const char *what)
{
	size_t i, lo = 0;
	int zero = 0;

	for (i = 0; i < n; i++) {
		if (set[i].ttl < set[lo].ttl)
			lo = i;
		if (set[i].ttl == 0 && !zero) {
			zero = 1;
			mx_result_add(r, o, "ttl-zero", set[i].owner, &set[i],
			    "the %s record of %s has TTL 0: resolvers cannot "
			    "cache it and ask again for every message", what,
			    set[i].owner);
		}
	}
	if (o->zone_ttl_checks)
		return;
	for (i = 1; i < n; i++)
		if (set[i].ttl != set[0].ttl) {
			mx_result_add(r, o, "ttl-mismatch", set[i].owner,
			    &set[i], "the %s RRset of %s has TTLs %u and %u: "
			    "resolvers use the lowest (RFC 2181 §5.2), BIND "
			    "keeps the first, Knot the last", what,
			    set[i].owner, set[0].ttl, set[i].ttl);
			break;
		}
}

static void
check_ttls(struct mx_result *r, const struct mx_options *o)
{
	size_t i, lo = 0, hi = 0;

	for (i = 0; i < r->ndomain_cnames; i++)
		check_rrset_ttl(r, o, &r->domain_cnames[i], 1, "CNAME");
	check_rrset_ttl(r, o, r->mx, r->nmx, "MX");
	for (i = 0; i < r->nmx; i++) {
		if (r->mx[i].ttl < r->mx[lo].ttl)
			lo = i;
		if (r->mx[i].ttl > r->mx[hi].ttl)
			hi = i;
	}
	if (r->nmx > 0 && r->mx[lo].ttl > 0 && r->mx[lo].ttl < o->ttl_min)
		mx_result_add(r, o, "mx-ttl-low", r->canonical, &r->mx[lo],
		    "the MX TTL of %s is %u s, below %u s: every sender asks "
		    "again that often", r->canonical, r->mx[lo].ttl,
		    o->ttl_min);
	if (r->nmx > 0 && r->mx[hi].ttl > o->ttl_max)
		mx_result_add(r, o, "mx-ttl-high", r->canonical, &r->mx[hi],
		    "the MX TTL of %s is %u s, above %u s: a change takes that "
		    "long to reach senders", r->canonical, r->mx[hi].ttl,
		    o->ttl_max);
	for (i = 0; i < r->nhosts; i++) {
		const struct mx_host *h = &r->hosts[i];
		size_t j;

		for (j = 0; j < h->ncnames; j++)
			check_rrset_ttl(r, o, &h->cnames[j], 1, "CNAME");
		check_rrset_ttl(r, o, h->a_records, h->na, "A");
		check_rrset_ttl(r, o, h->aaaa_records, h->naaaa, "AAAA");
	}
}

mx_status
mx_run_checks(struct mx_result *r, const struct mx_options *o)
{
	size_t i;

	check_domain(r, o);
	if (r->mx_rcode == MX_ANSWER_OK || r->mx_rcode == MX_ANSWER_NODATA) {
		check_null_mx(r, o);
		check_implicit(r, o);
		check_duplicates(r, o);
		for (i = 0; i < r->nhosts; i++)
			check_exchange(r, o, &r->hosts[i]);
		check_tiers(r, o);
		check_single_and_shared(r, o);
		check_address_limit(r, o);
		check_ipv6(r, o);
		check_ttls(r, o);
	}
	mx_result_finish(r);
	return MX_OK;
}

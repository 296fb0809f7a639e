/*
 * diff.c -- how one domain's delivery path and findings differ between
 * two results (mxdig diff OLD NEW), as data: the changes of the path, the
 * findings the new side introduces, those it fixes and those it replaces
 * by a worse one; and the findings of the change itself (mx-change-ttl).
 * Printing is the caller's.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "../check/diff_checks.h"

/*
 * The findings, hosts and zone findings of one side are looked up by
 * hash, not by a scan of the side for every element of the other: a
 * diff of N of them costs O(N), not O(N^2).
 */

/* The hash of a finding's identity in a result: its check and subject,
 * the subject without regard to case. */
static uint32_t
finding_hash(const struct mx_finding *f)
{
	return mx_hash_str(f->check) ^ (f->subject ?
	    mx_hash_name(f->subject) * 0x9e3779b1u : 0);
}

static int
same_finding(const struct mx_finding *a, const struct mx_finding *b)
{
	return strcmp(a->check, b->check) == 0 &&
	    ((a->subject == NULL && b->subject == NULL) ||
	    (a->subject && b->subject && mx_name_eq(a->subject, b->subject)));
}

/* Indexes the findings of r (NULL: none) by finding_hash. */
static mx_status
index_findings(const struct mx_result *r, struct mx_hset *ix)
{
	size_t		i;
	mx_status	st = MX_OK;

	for (i = 0; r != NULL && i < r->nfindings && st == MX_OK; i++)
		st = mx_hset_add(ix, finding_hash(&r->findings[i]),
		    (uint32_t)i);
	return st;
}

/* Returns 1 when f (by check and subject, names compared without regard
 * to case) is among the findings of r, indexed in ix. */
static int
has_finding(const struct mx_result *r, const struct mx_hset *ix,
    const struct mx_finding *f)
{
	size_t		pos = 0;
	uint32_t	i;

	if (r == NULL)
		return 0;
	while (mx_hset_next(ix, finding_hash(f), &pos, &i))
		if (same_finding(&r->findings[i], f))
			return 1;
	return 0;
}

/* Indexes the hosts of r (NULL: none) by exchange. */
static mx_status
index_hosts(const struct mx_result *r, struct mx_hset *ix)
{
	size_t		i;
	mx_status	st = MX_OK;

	for (i = 0; r != NULL && i < r->nhosts && st == MX_OK; i++)
		st = mx_hset_add(ix, mx_hash_name(r->hosts[i].exchange),
		    (uint32_t)i);
	return st;
}

/* The first host of r for exchange, through its index ix. */
static const struct mx_host *
find_host(const struct mx_result *r, const struct mx_hset *ix,
    const char *exchange)
{
	size_t		pos = 0;
	uint32_t	i;

	if (r == NULL)
		return NULL;
	while (mx_hset_next(ix, mx_hash_name(exchange), &pos, &i))
		if (mx_name_eq(r->hosts[i].exchange, exchange))
			return &r->hosts[i];
	return NULL;
}

/* Appends a change of kind to d; exchange is copied (may be NULL). */
static mx_status
add_change(struct mx_diff *d, size_t *cap, enum mx_path_change_kind kind,
    const char *exchange, uint32_t old_value, uint32_t new_value)
{
	struct mx_path_change *c;

	if ((c = mx_vec_push(&d->changes, &d->nchanges, cap,
	    sizeof(*c))) == NULL)
		return MX_ERR_NOMEM;
	c->kind = kind;
	c->old_value = old_value;
	c->new_value = new_value;
	if (exchange != NULL && (c->exchange = strdup(exchange)) == NULL) {
		d->nchanges--;
		return MX_ERR_NOMEM;
	}
	return MX_OK;
}

/*
 * The changes of the path between o and n (either may be NULL), in this
 * order: exchanges removed or re-preferenced (old order), exchanges added
 * (new order), the MX TTL, null and implicit MX switched; and, when
 * nothing else changed, a name that has MX records for the first time.
 * Implicit hosts are not exchanges.
 */
static mx_status path_changes_indexed(struct mx_diff *,
    const struct mx_result *, const struct mx_hset *,
    const struct mx_result *, const struct mx_hset *);

static mx_status
path_changes(struct mx_diff *d, const struct mx_result *o,
    const struct mx_result *n)
{
	struct mx_hset	oix = { NULL, 0, 0 }, nix = { NULL, 0, 0 };
	mx_status	st;

	if ((st = index_hosts(o, &oix)) == MX_OK &&
	    (st = index_hosts(n, &nix)) == MX_OK)
		st = path_changes_indexed(d, o, &oix, n, &nix);
	mx_hset_free(&oix);
	mx_hset_free(&nix);
	return st;
}

/* path_changes, with the hosts of each side indexed. */
static mx_status
path_changes_indexed(struct mx_diff *d, const struct mx_result *o,
    const struct mx_hset *oix, const struct mx_result *n,
    const struct mx_hset *nix)
{
	size_t		i, cap = 0;
	mx_status	st;

	for (i = 0; o != NULL && i < o->nhosts; i++) {
		const struct mx_host *h = &o->hosts[i], *nh;

		if (h->implicit)
			continue;
		nh = find_host(n, nix, h->exchange);
		if (nh == NULL || nh->implicit)
			st = add_change(d, &cap, MX_CHANGE_REMOVED,
			    h->exchange, h->preference, 0);
		else if (nh->preference != h->preference)
			st = add_change(d, &cap, MX_CHANGE_PREFERENCE,
			    h->exchange, h->preference, nh->preference);
		else
			continue;
		if (st != MX_OK)
			return st;
	}
	for (i = 0; n != NULL && i < n->nhosts; i++) {
		const struct mx_host *h = &n->hosts[i], *oh;

		if (h->implicit)
			continue;
		oh = find_host(o, oix, h->exchange);
		if ((oh == NULL || oh->implicit) && (st = add_change(d, &cap,
		    MX_CHANGE_ADDED, h->exchange, 0, h->preference)) != MX_OK)
			return st;
	}
	if (o != NULL && n != NULL && o->nmx > 0 && n->nmx > 0 &&
	    o->mx[0].ttl != n->mx[0].ttl && (st = add_change(d, &cap,
	    MX_CHANGE_TTL, NULL, o->mx[0].ttl, n->mx[0].ttl)) != MX_OK)
		return st;
	if (o != NULL && n != NULL && o->null_mx != n->null_mx &&
	    (st = add_change(d, &cap, MX_CHANGE_NULL_MX, NULL,
	    (uint32_t)o->null_mx, (uint32_t)n->null_mx)) != MX_OK)
		return st;
	if (o != NULL && n != NULL && o->implicit != n->implicit &&
	    (st = add_change(d, &cap, MX_CHANGE_IMPLICIT_MX, NULL,
	    (uint32_t)o->implicit, (uint32_t)n->implicit)) != MX_OK)
		return st;
	if ((o == NULL || o->nmx == 0) && n != NULL && n->nmx > 0 &&
	    (o == NULL || !o->implicit) && d->nchanges == 0)
		return add_change(d, &cap, MX_CHANGE_NEW_OWNER, NULL, 0, 0);
	return MX_OK;
}

/* Appends a copy of f to (*v, *nv); its file stays borrowed. */
static mx_status
copy_finding(struct mx_finding **v, size_t *nv, const struct mx_finding *f)
{
	struct mx_finding	*c;
	size_t			 cap = *nv;

	if ((c = mx_vec_push(v, nv, &cap, sizeof(*c))) == NULL)
		return MX_ERR_NOMEM;
	*c = *f;
	c->subject = mx_strdup(f->subject);
	c->message = mx_strdup(f->message);
	if ((f->subject && c->subject == NULL) ||
	    (f->message && c->message == NULL)) {
		free(c->subject);
		free(c->message);
		(*nv)--;
		return MX_ERR_NOMEM;
	}
	return MX_OK;
}

/* The hash of a finding's subject, names without regard to case. */
static uint32_t
subject_hash(const struct mx_finding *f)
{
	return f->subject ? mx_hash_name(f->subject) : 0;
}

static int
same_subject(const struct mx_finding *a, const struct mx_finding *b)
{
	return (a->subject == NULL && b->subject == NULL) ||
	    (a->subject && b->subject && mx_name_eq(a->subject, b->subject));
}

/*
 * The introduced finding (an index into d->introduced, indexed by subject
 * in ix) that replaces f, a finding the change took away: of equal or
 * higher severity, on the same subject or on the domain as a whole
 * (wide: the worst introduced finding whose subject is the domain, -1
 * when none), the worst of them; on a tie the one on f's own subject,
 * then the first.  -1 when there is none: f is fixed.
 */
static long
replacement(const struct mx_diff *d, const struct mx_hset *ix,
    const struct mx_finding *f, long wide)
{
	size_t		pos = 0;
	uint32_t	i;
	long		best = -1;

	while (mx_hset_next(ix, subject_hash(f), &pos, &i)) {
		const struct mx_finding *g = &d->introduced[i];

		if (!same_subject(g, f) || g->severity < f->severity)
			continue;
		if (best < 0 || g->severity > d->introduced[best].severity ||
		    (g->severity == d->introduced[best].severity &&
		    (long)i < best))
			best = (long)i;
	}
	if (wide >= 0 && d->introduced[wide].severity >= f->severity &&
	    (best < 0 || d->introduced[wide].severity >
	    d->introduced[best].severity))
		best = wide;
	return best;
}

/* The worst introduced finding about the domain of n as a whole (its
 * subject the domain or its canonical name), the first on a tie; -1 when
 * there is none. */
static long
worst_wide(const struct mx_diff *d, const struct mx_result *n)
{
	size_t	i;
	long	best = -1;

	for (i = 0; n != NULL && i < d->nintroduced; i++) {
		const char *s = d->introduced[i].subject;

		if (s == NULL || !(mx_name_eq(s, n->domain) ||
		    (n->canonical && mx_name_eq(s, n->canonical))))
			continue;
		if (best < 0 || d->introduced[i].severity >
		    d->introduced[best].severity)
			best = (long)i;
	}
	return best;
}

/* Files f, a finding of the old side the new one lacks, as replaced by
 * the introduced finding by (or as fixed when by is -1). */
static mx_status
gone_finding(struct mx_diff *d, size_t *capby, const struct mx_finding *f,
    long by)
{
	size_t *slot;

	if (by < 0)
		return copy_finding(&d->fixed, &d->nfixed, f);
	if ((slot = mx_vec_push(&d->replaced_by, &d->nreplaced, capby,
	    sizeof(*slot))) == NULL)
		return MX_ERR_NOMEM;
	d->nreplaced--;		/* copy_finding counts it */
	if (copy_finding(&d->replaced, &d->nreplaced, f) != MX_OK)
		return MX_ERR_NOMEM;
	*slot = (size_t)by;
	return MX_OK;
}

/* Returns 1 when the changes of d change the MX set: an exchange added,
 * removed or re-preferenced, a null MX switched. */
static int
mx_set_changed(const struct mx_diff *d)
{
	size_t i;

	for (i = 0; i < d->nchanges; i++)
		switch (d->changes[i].kind) {
		case MX_CHANGE_ADDED:
		case MX_CHANGE_REMOVED:
		case MX_CHANGE_PREFERENCE:
		case MX_CHANGE_NULL_MX:
			return 1;
		default:
			break;
		}
	return 0;
}

/* Fills d from o and n: the changes, the findings introduced, then those
 * gone, each fixed or replaced by one of the introduced; last the
 * findings of the change itself, which replace nothing. */
static mx_status
diff_fill(struct mx_diff *d, const struct mx_result *o,
    const struct mx_result *n, const mx_options *opt)
{
	struct mx_hset	oix = { NULL, 0, 0 }, nix = { NULL, 0, 0 };
	struct mx_hset	six = { NULL, 0, 0 };
	mx_status	st;
	size_t		i, before, capby = 0;
	long		wide;

	if ((st = path_changes(d, o, n)) != MX_OK ||
	    (st = index_findings(o, &oix)) != MX_OK ||
	    (st = index_findings(n, &nix)) != MX_OK)
		goto out;
	for (i = 0; n != NULL && i < n->nfindings; i++)
		if (!has_finding(o, &oix, &n->findings[i])) {
			if ((st = copy_finding(&d->introduced,
			    &d->nintroduced, &n->findings[i])) != MX_OK)
				goto out;
			d->counts[n->findings[i].severity]++;
		}
	for (i = 0; i < d->nintroduced && st == MX_OK; i++)
		st = mx_hset_add(&six, subject_hash(&d->introduced[i]),
		    (uint32_t)i);
	wide = worst_wide(d, n);
	for (i = 0; o != NULL && i < o->nfindings && st == MX_OK; i++)
		if (!has_finding(n, &nix, &o->findings[i]))
			st = gone_finding(d, &capby, &o->findings[i],
			    replacement(d, &six, &o->findings[i], wide));
	if (st != MX_OK)
		goto out;
	before = d->nintroduced;
	if ((st = mx_check_mx_change_ttl(&d->introduced, &d->nintroduced, opt,
	    o, n, mx_set_changed(d))) != MX_OK)
		goto out;
	if ((st = mx_check_mta_sts_added(&d->introduced, &d->nintroduced, opt,
	    n, d->changes, d->nchanges)) != MX_OK)
		goto out;
	for (i = before; i < d->nintroduced; i++)
		d->counts[d->introduced[i].severity]++;
out:
	mx_hset_free(&oix);
	mx_hset_free(&nix);
	mx_hset_free(&six);
	return st;
}

mx_status
mx_diff_results(const char *domain, const struct mx_result *o,
    const struct mx_result *n, struct mx_diff **out)
{
	return mx_diff_results_opt(domain, o, n, NULL, out);
}

mx_status
mx_diff_results_opt(const char *domain, const struct mx_result *o,
    const struct mx_result *n, const mx_options *opt, struct mx_diff **out)
{
	struct mx_diff	*d;
	mx_status	 st;

	*out = NULL;
	if ((d = calloc(1, sizeof(*d))) == NULL)
		return MX_ERR_NOMEM;
	if ((d->domain = strdup(domain)) == NULL) {
		free(d);
		return MX_ERR_NOMEM;
	}
	d->has_old = o != NULL;
	d->has_new = n != NULL;
	d->old_verdict = o ? o->verdict : MX_VERDICT_OK;
	d->new_verdict = n ? n->verdict : MX_VERDICT_OK;
	if ((st = diff_fill(d, o, n, opt)) != MX_OK) {
		mx_diff_free(d);
		return st;
	}
	*out = d;
	return MX_OK;
}

void
mx_diff_free(struct mx_diff *d)
{
	size_t i;

	if (d == NULL)
		return;
	free(d->domain);
	for (i = 0; i < d->nchanges; i++)
		free(d->changes[i].exchange);
	free(d->changes);
	mx_findings_free(d->introduced, d->nintroduced);
	mx_findings_free(d->fixed, d->nfixed);
	mx_findings_free(d->replaced, d->nreplaced);
	free(d->replaced_by);
	free(d);
}

/* The hash of a zone finding's identity: its check and message. */
static uint32_t
zone_finding_hash(const struct mx_finding *f)
{
	return mx_hash_str(f->check) ^ mx_hash_str(f->message) * 0x9e3779b1u;
}

mx_status
mx_diff_findings(const struct mx_finding *o, size_t no,
    const struct mx_finding *n, size_t nn, struct mx_finding **out,
    size_t *nout)
{
	struct mx_hset		 ix = { NULL, 0, 0 };
	struct mx_finding	*v = NULL;
	size_t			 nv = 0, i;
	mx_status		 st = MX_OK;

	*out = NULL;
	*nout = 0;
	for (i = 0; i < no && st == MX_OK; i++)
		st = mx_hset_add(&ix, zone_finding_hash(&o[i]), (uint32_t)i);
	for (i = 0; i < nn && st == MX_OK; i++) {
		size_t		pos = 0;
		uint32_t	j;
		int		found = 0;

		while (!found && mx_hset_next(&ix, zone_finding_hash(&n[i]),
		    &pos, &j))
			found = strcmp(o[j].check, n[i].check) == 0 &&
			    strcmp(o[j].message, n[i].message) == 0;
		if (!found)
			st = copy_finding(&v, &nv, &n[i]);
	}
	mx_hset_free(&ix);
	if (st != MX_OK) {
		mx_findings_free(v, nv);
		return st;
	}
	*out = v;
	*nout = nv;
	return MX_OK;
}

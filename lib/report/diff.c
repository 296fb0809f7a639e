/*
 * diff.c -- how one domain's delivery path and findings differ between
 * two results (mxdig diff OLD NEW), as data: the changes of the path, the
 * findings the new side introduces and those it fixes.  Printing is the
 * caller's.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Returns 1 when f (by check and subject, names compared without regard
 * to case) is among the findings of r. */
static int
has_finding(const struct mx_result *r, const struct mx_finding *f)
{
	size_t i;

	if (r == NULL)
		return 0;
	for (i = 0; i < r->nfindings; i++)
		if (strcmp(r->findings[i].check, f->check) == 0 &&
		    ((f->subject == NULL && r->findings[i].subject == NULL) ||
		    (f->subject && r->findings[i].subject &&
		    mx_name_eq(f->subject, r->findings[i].subject))))
			return 1;
	return 0;
}

static const struct mx_host *
find_host(const struct mx_result *r, const char *exchange)
{
	size_t i;

	for (i = 0; r != NULL && i < r->nhosts; i++)
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
static mx_status
path_changes(struct mx_diff *d, const struct mx_result *o,
    const struct mx_result *n)
{
	size_t		i, cap = 0;
	mx_status	st;

	for (i = 0; o != NULL && i < o->nhosts; i++) {
		const struct mx_host *h = &o->hosts[i], *nh;

		if (h->implicit)
			continue;
		nh = find_host(n, h->exchange);
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
		oh = find_host(o, h->exchange);
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

/* Fills d from o and n. */
static mx_status
diff_fill(struct mx_diff *d, const struct mx_result *o,
    const struct mx_result *n)
{
	mx_status	st;
	size_t		i;

	if ((st = path_changes(d, o, n)) != MX_OK)
		return st;
	for (i = 0; n != NULL && i < n->nfindings; i++)
		if (!has_finding(o, &n->findings[i])) {
			if ((st = copy_finding(&d->introduced,
			    &d->nintroduced, &n->findings[i])) != MX_OK)
				return st;
			d->counts[n->findings[i].severity]++;
		}
	for (i = 0; o != NULL && i < o->nfindings; i++)
		if (!has_finding(n, &o->findings[i]) &&
		    (st = copy_finding(&d->fixed, &d->nfixed,
		    &o->findings[i])) != MX_OK)
			return st;
	return MX_OK;
}

mx_status
mx_diff_results(const char *domain, const struct mx_result *o,
    const struct mx_result *n, struct mx_diff **out)
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
	if ((st = diff_fill(d, o, n)) != MX_OK) {
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
	free(d);
}

mx_status
mx_diff_findings(const struct mx_finding *o, size_t no,
    const struct mx_finding *n, size_t nn, struct mx_finding **out,
    size_t *nout)
{
	struct mx_finding	*v = NULL;
	size_t			 nv = 0, i, j;
	mx_status		 st;

	*out = NULL;
	*nout = 0;
	for (i = 0; i < nn; i++) {
		for (j = 0; j < no; j++)
			if (strcmp(o[j].check, n[i].check) == 0 &&
			    strcmp(o[j].message, n[i].message) == 0)
				break;
		if (j < no)
			continue;
		if ((st = copy_finding(&v, &nv, &n[i])) != MX_OK) {
			mx_findings_free(v, nv);
			return st;
		}
	}
	*out = v;
	*nout = nv;
	return MX_OK;
}

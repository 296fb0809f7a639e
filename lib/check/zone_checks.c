/*
 * zone_checks.c -- the findings about zone files themselves, made from
 * what the loader reports (zone/diag.h): zone-syntax, mx-wildcard and
 * ttl-mismatch; then those of signed zones (dnssec_checks.c).  The words
 * are here; the loader only says what it saw.
 */
#include <stdio.h>
#include <string.h>

#include "checks.h"
#include "../zone/diag.h"

/* Adds the finding one diagnostic stands for. */
static mx_status
zone_finding(struct mx_finding **v, size_t *n, const struct mx_options *opt,
    const struct mx_zone_diag *d)
{
	char		 subject[64];
	const char	*what = "the record is not loaded";

	switch (d->kind) {
	case MX_ZONE_DIAG_SYNTAX:
		/* RFC 1035 §5 */
		snprintf(subject, sizeof(subject), "line %lu", d->line);
		/* the loader names a directive first: say what is lost */
		if (strncmp(d->text, "$INCLUDE", 8) == 0)
			what = "the file is not loaded";
		else if (d->text[0] == '$')
			what = "the directive is not applied";
		return mx_finding_add(v, n, opt, MX_CHECK_ZONE_SYNTAX, subject,
		    d->file, d->line, d->ignore, "%s: %s, as a server would "
		    "refuse the zone", d->text, what);
	case MX_ZONE_DIAG_WILDCARD_MX:
		return mx_finding_add(v, n, opt, MX_CHECK_MX_WILDCARD, d->owner,
		    d->file, d->line, d->ignore, "wildcard %s carries MX "
		    "records: every name below it without records of its own "
		    "accepts mail through them (RFC 4592)", d->owner);
	case MX_ZONE_DIAG_TTL_MISMATCH:
		return mx_finding_add(v, n, opt, MX_CHECK_TTL_MISMATCH,
		    d->owner, d->file, d->line, d->ignore, "%s %s RRset has "
		    "TTLs %u (line %lu) and %u: resolvers use the lowest (RFC "
		    "2181 §5.2), BIND keeps the first, Knot the last",
		    d->owner, d->rrtype, d->first_ttl, d->first_line, d->ttl);
	}
	return MX_ERR_ARG;
}

/*
 * The findings of every diagnostic of z, in file order, through the one
 * constructor: opt's ignore list (opt may be NULL) and each record's
 * inline list apply.  On failure nothing is returned (*out NULL, *n 0).
 */
mx_status
mx_zone_findings(const mx_zone *z, const struct mx_options *opt,
    struct mx_finding **out, size_t *n)
{
	const struct mx_zone_diag	*d;
	struct mx_finding		*v = NULL;
	size_t				 nd, nv = 0, i;
	mx_status			 st = MX_OK;

	*out = NULL;
	*n = 0;
	d = mx_zone_diags(z, &nd);
	for (i = 0; i < nd && st == MX_OK; i++)
		st = zone_finding(&v, &nv, opt, &d[i]);
	/* signed zones: the signatures on every mail path */
	if (st == MX_OK)
		st = mx_dnssec_findings(z, opt, &v, &nv);
	if (st != MX_OK) {
		mx_findings_free(v, nv);
		return st;
	}
	*out = v;
	*n = nv;
	return MX_OK;
}

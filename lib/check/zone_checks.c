/*
 * zone_checks.c -- the findings about zone files themselves, made from
 * what the loader reports (zone/diag.h): zone-syntax, mx-wildcard,
 * ttl-mismatch, cname-and-other-data and zone-duplicate-origin; then
 * those of signed zones (dnssec_checks.c).  The words
 * are here; the loader only says what it saw.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks.h"
#include "../zone/diag.h"

/*
 * An inline "; mxdig: ignore=" list names a check that does not exist (a
 * typo, or a check of a later release): a zone-syntax finding with
 * severity warning, as --ignore makes it a usage error on the command
 * line (SPEC: "an unknown name there is a warning").  It is zone-syntax,
 * the check of what is wrong in the file's text, so that --ignore
 * zone-syntax silences it too; a name of its own would be a check that
 * only ever says that another name is unknown.
 */
static mx_status
unknown_ignored(struct mx_finding **v, size_t *n, const struct mx_options *opt,
    const struct mx_zone_diag *d)
{
	enum mx_check_id	 id;
	const char		*p = d->ignore, *e;
	char			 name[64], subject[64];
	size_t			 len, had;
	mx_status		 st;

	snprintf(subject, sizeof(subject), "line %lu", d->line);
	for (; *p != '\0'; p = *e ? e + 1 : e) {
		e = strchr(p, ',');
		if (e == NULL)
			e = p + strlen(p);
		if ((len = (size_t)(e - p)) == 0)
			continue;
		if (len < sizeof(name)) {
			memcpy(name, p, len);
			name[len] = '\0';
			if (mx_check_id_of(name, &id) == MX_OK)
				continue;
		}
		had = *n;
		/* the list holds [a-z0-9-] only: nothing to escape */
		st = mx_finding_add(v, n, opt, MX_CHECK_ZONE_SYNTAX, subject,
		    d->file, d->line, d->ignore, "\"; mxdig: ignore=\" names "
		    "%.*s, which is no check: nothing is ignored under that "
		    "name (mxdig --list-checks)", (int)len, p);
		if (st != MX_OK)
			return st;
		if (*n > had)
			(*v)[*n - 1].severity = MX_SEV_WARNING;
	}
	return MX_OK;
}

/* Adds the finding one diagnostic stands for. */
static mx_status
zone_finding(struct mx_finding **v, size_t *n, const struct mx_options *opt,
    const struct mx_zone_diag *d)
{
	char		 subject[64], at[32];
	const char	*what = "the record is not loaded";
	mx_status	 st;

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
	case MX_ZONE_DIAG_CNAME_AND_OTHER:
		/* RFC 1034 §3.6.2, RFC 2181 §10.1 */
		snprintf(at, sizeof(at), " (line %lu)", d->first_line);
		return mx_finding_add(v, n, opt, MX_CHECK_CNAME_AND_OTHER_DATA,
		    d->owner, d->file, d->line, d->ignore, "%s has %s%s: a "
		    "CNAME must be the only record of its name (RFC 1034 "
		    "§3.6.2, RFC 2181 §10.1); named-checkzone, nsd-checkzone "
		    "and kzonecheck refuse the zone", d->owner, d->rrtype ?
		    "a CNAME beside other records" : "records beside its CNAME",
		    d->first_line ? at : "");
	case MX_ZONE_DIAG_DUPLICATE_ORIGIN: {
		char *first, *second;

		if ((first = mx_escape_bytes(d->text)) == NULL ||
		    (second = mx_escape_bytes(d->file)) == NULL) {
			free(first);
			return MX_ERR_NOMEM;
		}
		st = mx_finding_add(v, n, opt, MX_CHECK_ZONE_DUPLICATE_ORIGIN,
		    d->owner, d->file, d->line, d->ignore, "%s claims the "
		    "origin %s, as %s does: their records are merged into one "
		    "zone here, while a server loads one file per zone",
		    second, d->owner, first);
		free(first);
		free(second);
		return st;
	}
	case MX_ZONE_DIAG_IGNORE_LIST:
		return unknown_ignored(v, n, opt, d);
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
	/* TLSA, _mta-sts and _smtp._tls records */
	if (st == MX_OK)
		st = mx_policy_zone_findings(z, opt, &v, &nv);
	if (st != MX_OK) {
		mx_findings_free(v, nv);
		return st;
	}
	*out = v;
	*n = nv;
	return MX_OK;
}

/*
 * openmetrics.c -- the results of a run as OpenMetrics text (the
 * Prometheus exposition format's successor, which Prometheus' textfile
 * collector also reads): one gauge family after another, each with its
 * HELP, TYPE and (where there is one) UNIT line, every sample of a family
 * together, and "# EOF" at the end.  Only gauges are written: a counter
 * would need "_total" samples, which the older text parser of
 * node_exporter's textfile collector reads differently.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

/*
 * A label value as OpenMetrics wants it: inside double quotes, with the
 * backslash, the double quote and the newline escaped as \\, \" and \n
 * (OpenMetrics 1.0, "Escaping").  Names are in presentation form
 * already, so any other byte is printable ASCII or was written \DDD.
 */
static void
om_value(FILE *out, const char *s)
{
	const char *p;

	fputc('"', out);
	for (p = s ? s : ""; *p; p++) {
		switch (*p) {
		case '\\':	fputs("\\\\", out); break;
		case '"':	fputs("\\\"", out); break;
		case '\n':	fputs("\\n", out); break;
		default:	fputc(*p, out); break;
		}
	}
	fputc('"', out);
}

/* The HELP, TYPE and UNIT lines of one gauge family; unit may be NULL
 * (the name then carries none either). */
static void
om_family(FILE *out, const char *name, const char *help, const char *unit)
{
	fprintf(out, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
	if (unit != NULL)
		fprintf(out, "# UNIT %s %s\n", name, unit);
}

/* One sample "NAME{domain="D"[,KEY="VALUE"]} VALUE". */
static void
om_sample(FILE *out, const char *name, const char *domain, const char *key,
    const char *kval, const char *value)
{
	fprintf(out, "%s{domain=", name);
	om_value(out, domain);
	if (key != NULL) {
		fprintf(out, ",%s=", key);
		om_value(out, kval);
	}
	fprintf(out, "} %s\n", value);
}

/* The value of the status gauge: the exit status's scale, info as ok. */
static int
om_status(enum mx_verdict v)
{
	switch (v) {
	case MX_VERDICT_OK:
	case MX_VERDICT_INFO:		return 0;
	case MX_VERDICT_WARNING:	return 1;
	case MX_VERDICT_ERROR:		return 2;
	case MX_VERDICT_UNKNOWN:	break;
	}
	return 3;
}

/*
 * With --smtp, when each address's leaf certificate expires: one sample
 * per (domain, exchange, address), so that an alert can name the domain
 * whose mail is at stake; subject and issuer are left out, as labels
 * they would make a new series at every renewal.  A tuple given twice is
 * written once (a duplicate series is invalid OpenMetrics).  No family
 * at all when no address presented a certificate: an empty one would
 * promise data that is not there.
 */
/* Whether two label values are the same (NULL is ""). */
static int
om_same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static void
om_certificates(FILE *out, const struct mx_metrics_domain *d, size_t n)
{
	static const char name[] =
	    "mxdig_certificate_expiry_timestamp_seconds";
	size_t	i, k, e;

	for (i = 0; i < n && d[i].ncerts == 0; i++)
		;
	if (i == n)
		return;
	om_family(out, name, "When the leaf certificate the address of the "
	    "exchange presented over STARTTLS expires (its notAfter, Unix "
	    "time).", "seconds");
	for (i = 0; i < n; i++)
		for (k = 0; k < d[i].ncerts; k++) {
			const struct mx_metrics_cert *c = &d[i].certs[k];

			for (e = 0; e < k; e++)
				if (om_same(d[i].certs[e].exchange,
				    c->exchange) &&
				    om_same(d[i].certs[e].address, c->address))
					break;
			if (e < k)
				continue;
			fprintf(out, "%s{domain=", name);
			om_value(out, d[i].domain);
			fputs(",exchange=", out);
			om_value(out, c->exchange);
			fputs(",address=", out);
			om_value(out, c->address);
			fprintf(out, "} %lld\n", (long long)c->not_after);
		}
}

mx_status
mx_format_openmetrics(FILE *out, const struct mx_metrics_domain *d,
    size_t n, double now)
{
	static const char *sev[3] = { "info", "warning", "error" };
	char	v[64];
	size_t	i, k;

	om_family(out, "mxdig_domain_status", "Verdict of the domain: 0 ok "
	    "(info findings allowed), 1 warning, 2 error, 3 unknown "
	    "(not checked to the end).", NULL);
	for (i = 0; i < n; i++) {
		snprintf(v, sizeof(v), "%d", om_status(d[i].verdict));
		om_sample(out, "mxdig_domain_status", d[i].domain, NULL, NULL,
		    v);
	}
	om_family(out, "mxdig_findings", "Findings of the domain by "
	    "severity.", NULL);
	for (i = 0; i < n; i++)
		for (k = 3; k-- > 0; ) {
			snprintf(v, sizeof(v), "%zu", d[i].counts[k]);
			om_sample(out, "mxdig_findings", d[i].domain,
			    "severity", sev[k], v);
		}
	om_family(out, "mxdig_hosts", "Exchanges on the delivery path of "
	    "the domain.", NULL);
	for (i = 0; i < n; i++) {
		snprintf(v, sizeof(v), "%zu", d[i].hosts);
		om_sample(out, "mxdig_hosts", d[i].domain, NULL, NULL, v);
	}
	om_family(out, "mxdig_usable_hosts", "Exchanges of the domain that "
	    "a sender can deliver to.", NULL);
	for (i = 0; i < n; i++) {
		snprintf(v, sizeof(v), "%zu", d[i].usable);
		om_sample(out, "mxdig_usable_hosts", d[i].domain, NULL, NULL,
		    v);
	}
	om_family(out, "mxdig_lookup_duration_seconds", "Time the checks of "
	    "the domain took.", "seconds");
	for (i = 0; i < n; i++) {
		snprintf(v, sizeof(v), "%.6f", d[i].elapsed_ms / 1e3);
		om_sample(out, "mxdig_lookup_duration_seconds", d[i].domain,
		    NULL, NULL, v);
	}
	om_certificates(out, d, n);
	if (now > 0) {
		om_family(out, "mxdig_last_run_timestamp_seconds", "When "
		    "this run of mxdig ended (Unix time).", "seconds");
		fprintf(out, "mxdig_last_run_timestamp_seconds %.3f\n", now);
	}
	fputs("# EOF\n", out);
	return ferror(out) ? MX_ERR_IO : MX_OK;
}

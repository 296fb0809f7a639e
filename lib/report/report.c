/*
 * report.c -- findings, counts and verdicts; constructors, destructors and
 * the tables that turn enums into text.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "../probe/probe.h"

/* The version this library was built as, whatever header a program was
 * compiled with. */
const char *
mx_version(void)
{
	return MXDIG_VERSION;
}

const char *
mx_strerror(mx_status st)
{
	switch (st) {
	case MX_OK:			return "success";
	case MX_ERR_NOMEM:		return "out of memory";
	case MX_ERR_IO:			return "input/output error";
	case MX_ERR_ARG:		return "invalid argument";
	case MX_ERR_NAME:		return "not a valid domain name";
	case MX_ERR_ORIGIN:		return "no origin for the zone";
	case MX_ERR_UNKNOWN_CHECK:	return "no check of that name";
	case MX_ERR_SOURCE:		return "the data source failed";
	case MX_ERR_LIMIT:		return "input exceeds a built-in limit";
	case MX_ERR_CANCELLED:		return "the check was cancelled";
	case MX_ERR_TIMEOUT:		return "the time given ran out";
	case MX_ERR_NETWORK:		return "a network socket could not be "
					    "used";
	case MX_ERR_TLS:		return "TLS could not be set up";
	}
	return "unknown status";
}

const char *
mx_rcode_name(enum mx_rcode rc)
{
	switch (rc) {
	case MX_ANSWER_OK:		return "ok";
	case MX_ANSWER_NODATA:		return "nodata";
	case MX_ANSWER_NXDOMAIN:	return "nxdomain";
	case MX_ANSWER_CNAME:		return "cname";
	case MX_ANSWER_TEMPFAIL:	return "tempfail";
	case MX_ANSWER_TIMEOUT:		return "timeout";
	case MX_ANSWER_OUT_OF_ZONE:	return "out-of-zone";
	}
	return "unknown";
}

const char *
mx_severity_name(enum mx_severity s)
{
	switch (s) {
	case MX_SEV_INFO:	return "info";
	case MX_SEV_WARNING:	return "warning";
	case MX_SEV_ERROR:	return "error";
	}
	return "unknown";
}

const char *
mx_verdict_name(enum mx_verdict v)
{
	switch (v) {
	case MX_VERDICT_OK:		return "ok";
	case MX_VERDICT_INFO:		return "info";
	case MX_VERDICT_WARNING:	return "warning";
	case MX_VERDICT_ERROR:		return "error";
	case MX_VERDICT_UNKNOWN:	return "unknown";
	}
	return "unknown";
}

int
mx_verdict_rank(enum mx_verdict v)
{
	switch (v) {
	case MX_VERDICT_OK:		return 0;
	case MX_VERDICT_INFO:		return 1;
	case MX_VERDICT_WARNING:	return 2;
	case MX_VERDICT_UNKNOWN:	return 3;
	case MX_VERDICT_ERROR:		return 4;
	}
	return 3;
}

enum mx_verdict
mx_verdict_worst(enum mx_verdict a, enum mx_verdict b)
{
	return mx_verdict_rank(b) > mx_verdict_rank(a) ? b : a;
}

int
mx_exit_status(enum mx_verdict worst, enum mx_fail_on fail_on)
{
	switch (worst) {
	case MX_VERDICT_ERROR:
		return fail_on == MX_FAIL_ON_NEVER ? 0 : 2;
	case MX_VERDICT_UNKNOWN:
		return 3;
	case MX_VERDICT_WARNING:
		return fail_on == MX_FAIL_ON_WARNING ? 1 : 0;
	case MX_VERDICT_OK:
	case MX_VERDICT_INFO:
		return 0;
	}
	return 3;
}

enum mx_verdict
mx_verdict_of_counts(const size_t counts[3])
{
	return counts[MX_SEV_ERROR] ? MX_VERDICT_ERROR :
	    counts[MX_SEV_WARNING] ? MX_VERDICT_WARNING :
	    counts[MX_SEV_INFO] ? MX_VERDICT_INFO : MX_VERDICT_OK;
}

const char *
mx_host_state_name(enum mx_host_state s)
{
	switch (s) {
	case MX_HOST_USABLE:		return "usable";
	case MX_HOST_NO_ADDRESS:	return "no-address";
	case MX_HOST_NXDOMAIN:		return "nxdomain";
	case MX_HOST_LOOKUP_FAILED:	return "lookup-failed";
	case MX_HOST_OUT_OF_ZONE:	return "out-of-zone";
	case MX_HOST_UNROUTABLE:	return "unroutable";
	case MX_HOST_CNAME_LOOP:	return "cname-loop";
	case MX_HOST_SMTP_UNUSABLE:	return "smtp-unusable";
	case MX_HOST_SMTP_BUSY:		return "smtp-busy";
	case MX_HOST_BOGUS:		return "dnssec-bogus";
	}
	return "unknown";
}

void
mx_record_clear(struct mx_record *rec)
{
	if (rec == NULL)
		return;
	free(rec->owner);
	free(rec->target);
	free(rec->address);
	free(rec->ignore);
	free(rec->written);
	memset(rec, 0, sizeof(*rec));
}

mx_status
mx_record_copy(struct mx_record *dst, const struct mx_record *src)
{
	*dst = *src;
	dst->owner = mx_strdup(src->owner);
	dst->target = mx_strdup(src->target);
	dst->address = mx_strdup(src->address);
	dst->ignore = mx_strdup(src->ignore);
	dst->written = mx_strdup(src->written);
	if ((src->owner && !dst->owner) || (src->target && !dst->target) ||
	    (src->address && !dst->address) || (src->ignore && !dst->ignore) ||
	    (src->written && !dst->written)) {
		mx_record_clear(dst);
		return MX_ERR_NOMEM;
	}
	return MX_OK;
}

void
mx_records_free(struct mx_record *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		mx_record_clear(&r[i]);
	free(r);
}

/* A string of a record for the result's pool: the one of like when the
 * two are equal (a million MX records share their owner's), else a
 * copy. */
static char *
pool_share(struct mx_strpool *p, const char *s, char *like)
{
	if (s == NULL)
		return NULL;
	if (like != NULL && (s == like || strcmp(s, like) == 0))
		return like;
	return mx_strpool_dup(p, s);
}

char *
mx_result_strdup(struct mx_result *res, const char *s)
{
	if (s == NULL)
		return NULL;
	return res->strings ? mx_strpool_dup(res->strings, s) : strdup(s);
}

mx_status
mx_result_record_copy(struct mx_result *res, struct mx_record *dst,
    const struct mx_record *src, const struct mx_record *like)
{
	struct mx_strpool *p = res->strings;

	if (p == NULL)
		return mx_record_copy(dst, src);
	*dst = *src;
	dst->owner = pool_share(p, src->owner, like ? like->owner : NULL);
	dst->target = mx_strpool_dup(p, src->target);
	dst->address = mx_strpool_dup(p, src->address);
	dst->ignore = pool_share(p, src->ignore, like ? like->ignore : NULL);
	dst->written = pool_share(p, src->written, dst->target);
	/* nothing to undo: the pool goes with the result */
	if ((src->owner && !dst->owner) || (src->target && !dst->target) ||
	    (src->address && !dst->address) || (src->ignore && !dst->ignore) ||
	    (src->written && !dst->written))
		return MX_ERR_NOMEM;
	return MX_OK;
}

/* The records of a result: their strings too, unless they are in its
 * pool. */
static void
result_records_free(const struct mx_result *res, struct mx_record *r,
    size_t n)
{
	if (res->strings == NULL)
		mx_records_free(r, n);
	else
		free(r);
}

void
mx_result_free(struct mx_result *res)
{
	size_t	i, j;
	int	own;

	if (res == NULL)
		return;
	own = res->strings == NULL;
	free(res->domain);
	free((char *)res->server);
	free(res->canonical);
	free(res->mx_detail);
	result_records_free(res, res->domain_cnames, res->ndomain_cnames);
	result_records_free(res, res->mx, res->nmx);
	for (i = 0; i < res->nhosts; i++) {
		struct mx_host *h = &res->hosts[i];

		/* the SMTP results are shared, counted */
		for (j = 0; j < h->naddrs; j++)
			mx_smtp_release(h->addrs[j].smtp);
		/* with a pool, a host's strings and arrays are all in it */
		if (!own)
			continue;
		free(h->exchange);
		free(h->canonical);
		free(h->a_detail);
		free(h->aaaa_detail);
		for (j = 0; j < h->naddrs; j++)
			free(h->addrs[j].text);
		mx_records_free(h->cnames, h->ncnames);
		mx_records_free(h->a_records, h->na);
		mx_records_free(h->aaaa_records, h->naaaa);
		free(h->addrs);
	}
	free(res->hosts);
	free(res->tiers);
	mx_findings_free(res->findings, res->nfindings);
	for (i = 0; i < res->nfailures; i++) {
		free(res->failures[i].name);
		free(res->failures[i].detail);
	}
	free(res->failures);
	mx_authority_free(res->authority);
	mx_strpool_free(res->strings);
	free(res);
}

/*
 * Counts findings by severity and sets the verdict: the worst severity,
 * or unknown when a lookup timed out (or the domain lay outside every
 * zone) and no error was found.
 */
void
mx_result_finish(struct mx_result *res)
{
	size_t	i;
	int	timed_out = 0;

	memset(res->counts, 0, sizeof(res->counts));
	for (i = 0; i < res->nfindings; i++)
		res->counts[res->findings[i].severity]++;
	for (i = 0; i < res->nfailures; i++)
		if (res->failures[i].rcode == MX_ANSWER_TIMEOUT)
			timed_out = 1;
	if (res->mx_rcode == MX_ANSWER_OUT_OF_ZONE ||
	    res->mx_rcode == MX_ANSWER_TIMEOUT)
		timed_out = 1;
	if (res->counts[MX_SEV_ERROR])
		res->verdict = MX_VERDICT_ERROR;
	else if (timed_out)
		res->verdict = MX_VERDICT_UNKNOWN;
	else if (res->counts[MX_SEV_WARNING])
		res->verdict = MX_VERDICT_WARNING;
	else if (res->counts[MX_SEV_INFO])
		res->verdict = MX_VERDICT_INFO;
	else
		res->verdict = MX_VERDICT_OK;
}

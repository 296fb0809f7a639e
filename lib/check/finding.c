/*
 * finding.c -- the one finding constructor.
 *
 * Every finding of libmxdig is made here, from its check's id: the
 * catalogue gives name, severity and reference, the --ignore list and the
 * record's inline "; mxdig: ignore=" list are applied once, in one place.
 */
#include <stdlib.h>
#include <string.h>

#include "checks.h"
#include "../zone/diag.h"

/* Returns 1 when opt's ignore list or the inline list names check. */
static int
suppressed(const struct mx_options *opt, const char *ignore,
    const char *check)
{
	size_t i;

	for (i = 0; opt != NULL && i < opt->nignore; i++)
		if (strcmp(opt->ignore[i], check) == 0)
			return 1;
	return ignore != NULL && mx_list_has(ignore, check);
}

mx_status
mx_finding_vadd(struct mx_finding **v, size_t *n,
    const struct mx_options *opt, enum mx_check_id id, const char *subject,
    const char *file, unsigned long line, const char *ignore,
    const char *fmt, va_list ap)
{
	const struct mx_check_info	*ci;
	struct mx_finding		*f;
	char				*subj = NULL, *msg;
	size_t				 cap = *n;

	if ((unsigned)id >= MX_CHECK_COUNT)
		return MX_ERR_ARG;
	ci = mx_check_info_of(id);
	if (suppressed(opt, ignore, ci->name))
		return MX_OK;
	if (subject != NULL && (subj = strdup(subject)) == NULL)
		return MX_ERR_NOMEM;
	if ((msg = mx_vasprintf(fmt, ap)) == NULL) {
		free(subj);
		return MX_ERR_NOMEM;
	}
	if ((f = mx_vec_push(v, n, &cap, sizeof(*f))) == NULL) {
		free(subj);
		free(msg);
		return MX_ERR_NOMEM;
	}
	f->check = ci->name;
	f->severity = ci->severity;
	f->reference = ci->reference;
	f->subject = subj;
	f->message = msg;
	f->file = file;
	f->line = line;
	return MX_OK;
}

mx_status
mx_finding_add(struct mx_finding **v, size_t *n,
    const struct mx_options *opt, enum mx_check_id id, const char *subject,
    const char *file, unsigned long line, const char *ignore,
    const char *fmt, ...)
{
	va_list		ap;
	mx_status	st;

	va_start(ap, fmt);
	st = mx_finding_vadd(v, n, opt, id, subject, file, line, ignore, fmt,
	    ap);
	va_end(ap);
	return st;
}

/* A severity that is none of enum mx_severity's: the catalogue's. */
#define SEV_CATALOGUE	(-1)

/*
 * mx_finding_vadd, then the severity of the finding made (when it was
 * not suppressed) set to sev unless sev is SEV_CATALOGUE.
 */
static mx_status
vadd_severity(struct mx_finding **v, size_t *n, const struct mx_options *opt,
    enum mx_check_id id, int sev, const char *subject, const char *file,
    unsigned long line, const char *ignore, const char *fmt, va_list ap)
    __attribute__((format(printf, 10, 0)));

static mx_status
vadd_severity(struct mx_finding **v, size_t *n, const struct mx_options *opt,
    enum mx_check_id id, int sev, const char *subject, const char *file,
    unsigned long line, const char *ignore, const char *fmt, va_list ap)
{
	size_t		had = *n;
	mx_status	st;

	if (sev != SEV_CATALOGUE && (sev < MX_SEV_INFO || sev > MX_SEV_ERROR))
		return MX_ERR_ARG;
	st = mx_finding_vadd(v, n, opt, id, subject, file, line, ignore, fmt,
	    ap);
	if (st == MX_OK && *n > had && sev != SEV_CATALOGUE)
		(*v)[*n - 1].severity = (enum mx_severity)sev;
	return st;
}

mx_status
mx_finding_add_severity(struct mx_finding **v, size_t *n,
    const struct mx_options *opt, enum mx_check_id id, enum mx_severity sev,
    const char *subject, const char *file, unsigned long line,
    const char *ignore, const char *fmt, ...)
{
	va_list		ap;
	mx_status	st;

	va_start(ap, fmt);
	st = vadd_severity(v, n, opt, id, (int)sev, subject, file, line,
	    ignore, fmt, ap);
	va_end(ap);
	return st;
}

/* mx_result_finding and mx_result_finding_severity: sev is an
 * enum mx_severity or SEV_CATALOGUE. */
static mx_status
result_vfinding(struct mx_result *res, const struct mx_options *opt,
    enum mx_check_id id, int sev, const char *subject,
    const struct mx_record *rec, const char *fmt, va_list ap)
    __attribute__((format(printf, 7, 0)));

mx_status
mx_result_finding(struct mx_result *res, const struct mx_options *opt,
    enum mx_check_id id, const char *subject, const struct mx_record *rec,
    const char *fmt, ...)
{
	va_list		ap;
	mx_status	st;

	va_start(ap, fmt);
	st = result_vfinding(res, opt, id, SEV_CATALOGUE, subject, rec, fmt,
	    ap);
	va_end(ap);
	return st;
}

mx_status
mx_result_finding_severity(struct mx_result *res,
    const struct mx_options *opt, enum mx_check_id id, enum mx_severity sev,
    const char *subject, const struct mx_record *rec, const char *fmt, ...)
{
	va_list		ap;
	mx_status	st;

	va_start(ap, fmt);
	st = result_vfinding(res, opt, id, (int)sev, subject, rec, fmt, ap);
	va_end(ap);
	return st;
}

static mx_status
result_vfinding(struct mx_result *res, const struct mx_options *opt,
    enum mx_check_id id, int sev, const char *subject,
    const struct mx_record *rec, const char *fmt, va_list ap)
{
	struct mx_record	 soa;
	const char		*soa_ignore = NULL;

	if (rec == NULL && res->nmx > 0)
		rec = &res->mx[0];
	/* a zone apex without MX: its SOA says where the zone is */
	memset(&soa, 0, sizeof(soa));
	if (rec == NULL && opt != NULL && opt->zone != NULL &&
	    res->origin != NULL && res->canonical != NULL &&
	    mx_name_eq(res->origin, res->canonical) &&
	    mx_zone_apex_soa(opt->zone, res->canonical, &soa.file, &soa.line,
	    &soa_ignore)) {
		soa.ignore = (char *)soa_ignore;	/* only read */
		rec = &soa;
	}
	return vadd_severity(&res->findings, &res->nfindings, opt, id, sev,
	    subject, rec ? rec->file : NULL, rec ? rec->line : 0,
	    rec ? rec->ignore : NULL, fmt, ap);
}

void
mx_findings_free(struct mx_finding *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(f[i].subject);
		free(f[i].message);
	}
	free(f);
}

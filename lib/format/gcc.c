/*
 * gcc.c -- compiler-style lines for CI: gcc and GitHub Actions
 * annotations.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/*
 * A file name as output shows it: any byte outside printable ASCII (and
 * the backslash) as \DDD, as names are, so that a newline in a name
 * cannot forge a line and a name that is not UTF-8 is still shown.
 * Returns s itself when nothing needs escaping, else a copy to free
 * (NULL when out of memory).
 */
static const char *
file_shown(const char *s, char **copy)
{
	const unsigned char *p;

	*copy = NULL;
	for (p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p > 0x7e || *p == '\\')
			return *copy = mx_escape_bytes(s);
	return s;
}

/* The "FILE:LINE: " of a line about at (its file, or fallback_file, or
 * its subject when there is neither). */
static mx_status
gcc_where(FILE *out, const struct mx_finding *at, const char *fallback_file)
{
	const char	*file;
	char		*copy;

	if (at->file || fallback_file) {
		if ((file = file_shown(at->file ? at->file : fallback_file,
		    &copy)) == NULL)
			return MX_ERR_NOMEM;
		if (at->file)
			fprintf(out, "%s:%lu: ", file, at->line);
		else
			fprintf(out, "%s: ", file);
		free(copy);
	} else
		fprintf(out, "%s: ", at->subject ? at->subject : "-");
	return MX_OK;
}

/* "FILE:LINE: SEVERITY: MESSAGE [check]"; a finding with no file names
 * fallback_file, or its subject when there is none either. */
mx_status
mx_format_gcc(FILE *out, const struct mx_finding *f, size_t n,
    const char *fallback_file)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (gcc_where(out, &f[i], fallback_file) != MX_OK)
			return MX_ERR_NOMEM;
		fprintf(out, "%s: %s [%s]\n", mx_severity_name(f[i].severity),
		    f[i].message, f[i].check);
	}
	return ferror(out) ? MX_ERR_IO : MX_OK;
}

/*
 * The replaced findings of d in the order of their replacements: (*order)
 * holds indexes into d->replaced, those replaced by introduced[i] from
 * (*start)[i] to (*start)[i + 1].  A counting sort, so that a diff of
 * many findings costs linear time.  Both arrays are the caller's.
 */
static mx_status
replaced_order(const struct mx_diff *d, size_t **start, size_t **order)
{
	size_t	*at, i;

	*start = calloc(d->nintroduced + 2, sizeof(**start));
	*order = calloc(d->nreplaced + 1, sizeof(**order));
	at = calloc(d->nintroduced + 1, sizeof(*at));
	if (*start == NULL || *order == NULL || at == NULL) {
		free(*start);
		free(*order);
		free(at);
		return MX_ERR_NOMEM;
	}
	for (i = 0; i < d->nreplaced; i++)
		(*start)[d->replaced_by[i] + 1]++;
	for (i = 0; i < d->nintroduced; i++)
		(*start)[i + 1] += (*start)[i];
	for (i = 0; i < d->nintroduced; i++)
		at[i] = (*start)[i];
	for (i = 0; i < d->nreplaced; i++)
		(*order)[at[d->replaced_by[i]]++] = i;
	free(at);
	return MX_OK;
}

mx_status
mx_format_diff_gcc(FILE *out, const struct mx_diff *d,
    const char *fallback_file)
{
	size_t		*start, *order, i, k;
	mx_status	 st = MX_OK;

	if (replaced_order(d, &start, &order) != MX_OK)
		return MX_ERR_NOMEM;
	for (i = 0; i < d->nintroduced && st == MX_OK; i++) {
		const struct mx_finding *f = &d->introduced[i];

		if ((st = mx_format_gcc(out, f, 1, fallback_file)) != MX_OK)
			break;
		/* GCC's own "note:" after the diagnostic it belongs to */
		for (k = start[i]; k < start[i + 1] && st == MX_OK; k++) {
			const struct mx_finding *r = &d->replaced[order[k]];

			if ((st = gcc_where(out, f, fallback_file)) != MX_OK)
				break;
			fprintf(out, "note: it replaces the old zone's %s: %s "
			    "[%s]\n", mx_severity_name(r->severity),
			    r->message, r->check);
		}
	}
	free(start);
	free(order);
	if (st != MX_OK)
		return st;
	return ferror(out) ? MX_ERR_IO : MX_OK;
}

/* Writes s with the escapes of workflow commands: % CR LF always, and
 * : , in properties. */
static void
gh_escape(FILE *out, const char *s, int property)
{
	for (; *s; s++) {
		switch (*s) {
		case '%':	fputs("%25", out); break;
		case '\r':	fputs("%0D", out); break;
		case '\n':	fputs("%0A", out); break;
		case ':':	fputs(property ? "%3A" : ":", out); break;
		case ',':	fputs(property ? "%2C" : ",", out); break;
		default:	fputc(*s, out); break;
		}
	}
}

/* One annotation: "::LEVEL file=F,line=L,title=check::[prefix]subject:
 * message", at the file and line of at. */
static mx_status
gh_line(FILE *out, const char *level, const struct mx_finding *f,
    const struct mx_finding *at, const char *fallback_file,
    const char *prefix)
{
	const char	*file = at->file ? at->file : fallback_file;
	char		*copy = NULL;

	fprintf(out, "::%s ", level);
	if (file) {
		if ((file = file_shown(file, &copy)) == NULL)
			return MX_ERR_NOMEM;
		fputs("file=", out);
		gh_escape(out, file, 1);
		free(copy);
		if (at->file)
			fprintf(out, ",line=%lu", at->line);
		fputc(',', out);
	}
	fputs("title=", out);
	gh_escape(out, f->check, 1);
	fputs("::", out);
	if (prefix)
		gh_escape(out, prefix, 0);
	if (f->subject) {
		gh_escape(out, f->subject, 0);
		fputs(": ", out);
	}
	gh_escape(out, f->message, 0);
	fputc('\n', out);
	return MX_OK;
}

static const char *
gh_level(enum mx_severity sev)
{
	return sev == MX_SEV_ERROR ? "error" : sev == MX_SEV_WARNING ?
	    "warning" : "notice";
}

/* "::error file=F,line=L,title=check::message"; info is a notice. */
mx_status
mx_format_github(FILE *out, const struct mx_finding *f, size_t n,
    const char *fallback_file)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (gh_line(out, gh_level(f[i].severity), &f[i], &f[i],
		    fallback_file, NULL) != MX_OK)
			return MX_ERR_NOMEM;
	return ferror(out) ? MX_ERR_IO : MX_OK;
}

mx_status
mx_format_diff_github(FILE *out, const struct mx_diff *d,
    const char *fallback_file)
{
	size_t		*start, *order, i, k;
	mx_status	 st = MX_OK;
	char		*prefix;

	if (replaced_order(d, &start, &order) != MX_OK)
		return MX_ERR_NOMEM;
	for (i = 0; i < d->nintroduced && st == MX_OK; i++) {
		const struct mx_finding *f = &d->introduced[i];

		st = gh_line(out, gh_level(f->severity), f, f, fallback_file,
		    NULL);
		for (k = start[i]; k < start[i + 1] && st == MX_OK; k++) {
			const struct mx_finding *r = &d->replaced[order[k]];

			if ((prefix = mx_asprintf("replaced by %s: ",
			    f->check)) == NULL) {
				st = MX_ERR_NOMEM;
				break;
			}
			st = gh_line(out, "notice", r, f, fallback_file,
			    prefix);
			free(prefix);
		}
	}
	free(start);
	free(order);
	if (st != MX_OK)
		return st;
	return ferror(out) ? MX_ERR_IO : MX_OK;
}

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

/* "FILE:LINE: SEVERITY: MESSAGE [check]"; a finding with no file names
 * fallback_file, or its subject when there is none either. */
mx_status
mx_format_gcc(FILE *out, const struct mx_finding *f, size_t n,
    const char *fallback_file)
{
	const char	*file;
	char		*copy;
	size_t		 i;

	for (i = 0; i < n; i++) {
		if (f[i].file || fallback_file) {
			if ((file = file_shown(f[i].file ? f[i].file :
			    fallback_file, &copy)) == NULL)
				return MX_ERR_NOMEM;
			if (f[i].file)
				fprintf(out, "%s:%lu: ", file, f[i].line);
			else
				fprintf(out, "%s: ", file);
			free(copy);
		} else
			fprintf(out, "%s: ", f[i].subject ? f[i].subject : "-");
		fprintf(out, "%s: %s [%s]\n", mx_severity_name(f[i].severity),
		    f[i].message, f[i].check);
	}
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

/* "::error file=F,line=L,title=check::message"; info is a notice. */
mx_status
mx_format_github(FILE *out, const struct mx_finding *f, size_t n,
    const char *fallback_file)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char	*file = f[i].file ? f[i].file : fallback_file;
		char		*copy = NULL;

		fprintf(out, "::%s ", f[i].severity == MX_SEV_ERROR ? "error" :
		    f[i].severity == MX_SEV_WARNING ? "warning" : "notice");
		if (file) {
			if ((file = file_shown(file, &copy)) == NULL)
				return MX_ERR_NOMEM;
			fputs("file=", out);
			gh_escape(out, file, 1);
			free(copy);
			if (f[i].file)
				fprintf(out, ",line=%lu", f[i].line);
			fputc(',', out);
		}
		fputs("title=", out);
		gh_escape(out, f[i].check, 1);
		fputs("::", out);
		if (f[i].subject) {
			gh_escape(out, f[i].subject, 0);
			fputs(": ", out);
		}
		gh_escape(out, f[i].message, 0);
		fputc('\n', out);
	}
	return ferror(out) ? MX_ERR_IO : MX_OK;
}

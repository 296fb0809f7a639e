/*
 * catalog.c -- mxdig --list-checks and --explain NAME: the check catalogue
 * as text.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "output.h"

int
list_checks(const struct cli *cli)
{
	const struct mx_check_info	*c;
	size_t				 n, i;

	/* --format json, the catalogue as data */
	if (cli->format == FMT_JSON)
		return mx_format_checks_json(stdout, NULL, MX_JSON_PRETTY) ==
		    MX_OK ? EXIT_OK : EXIT_UNKNOWN;

	c = mx_checks(&n);
	for (i = 0; i < n; i++)
		printf("%-26s %-8s %s\n", c[i].name,
		    mx_severity_name(c[i].severity), c[i].summary);
	return EXIT_OK;
}

int
explain(const struct cli *cli, const char *name)
{
	const struct mx_check_info	*c = mx_check_find(name);
	const char			*p;

	if (c != NULL && cli->format == FMT_JSON)
		return mx_format_checks_json(stdout, name, MX_JSON_PRETTY) ==
		    MX_OK ? EXIT_OK : EXIT_UNKNOWN;

	if (c == NULL) {
		char shown[CLI_SHOWN_MAX];

		cli_warnx("--explain: no check named '%s' (see mxdig "
		    "--list-checks)", cli_shown(name, shown, sizeof(shown)));
		return EXIT_UNKNOWN;
	}
	printf("%s (%s%s)\n\n  %s.\n\nStandard: %s\n\nExample:\n", c->name,
	    mx_severity_name(c->severity), c->offline ? "" :
	    ", live lookups only", c->summary, c->reference);
	for (p = c->example; *p; ) {
		size_t len = strcspn(p, "\n");

		printf("  %.*s\n", (int)len, p);
		p += len;
		if (*p == '\n')
			p++;
	}
	printf("\nFix:\n  %s.\n\nSuppress: --ignore %s, or \"; mxdig: "
	    "ignore=%s\" on the record's line.\n", c->fix, c->name, c->name);
	return EXIT_OK;
}

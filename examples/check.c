/*
 * check.c -- check domains against a zone file with libmxdig and print
 * each result as mxdig --format text --color never would.
 *
 *	usage: check ZONE-FILE DOMAIN...
 *
 * Exits as mxdig does: 0 when every domain is ok (info allowed), 1 on a
 * warning, 2 on an error, 3 when a verdict is unknown (a domain outside
 * the zone) and no domain has an error, or on a failure.
 *
 * Build: cc check.c $(pkg-config --cflags --libs mxdig) -o check
 */
#include <stdio.h>
#include <stdlib.h>

#include <mxdig.h>

/* How bad a verdict is; an error outranks an unknown verdict. */
static int
exit_level(enum mx_verdict v)
{
	switch (v) {
	case MX_VERDICT_WARNING:	return 1;
	case MX_VERDICT_ERROR:		return 2;
	case MX_VERDICT_UNKNOWN:	return 3;
	default:			return 0;
	}
}

static int
worse(int a, int b)
{
	/* ranked ok < warning < unknown < error */
	static const int rank[] = { 0, 1, 3, 2 };

	return rank[b] > rank[a] ? b : a;
}

int
main(int argc, char *argv[])
{
	mx_options		*opt = NULL;
	struct mx_result	*res;
	mx_zone			*zone = NULL;
	mx_source		*src = NULL;
	mx_ctx			*ctx = NULL;
	mx_status		 st;
	char			*err = NULL;
	int			 i, rc = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: check ZONE-FILE DOMAIN...\n");
		return 3;
	}
	if ((st = mx_zone_new(&zone)) != MX_OK ||
	    (st = mx_zone_load_file(zone, argv[1], NULL, &err)) != MX_OK) {
		fprintf(stderr, "check: %s\n", err ? err : mx_strerror(st));
		free(err);
		rc = 3;
		goto out;
	}
	/* the zone gives origins and tells out-of-zone names */
	if ((st = mx_options_new(&opt)) != MX_OK ||
	    (st = mx_options_set_zone(opt, zone, 0)) != MX_OK ||
	    (st = mx_zone_source(zone, &src)) != MX_OK ||
	    (st = mx_ctx_new(src, opt, &ctx)) != MX_OK) {
		fprintf(stderr, "check: %s\n", mx_strerror(st));
		rc = 3;
		goto out;
	}
	for (i = 2; i < argc; i++) {
		if ((st = mx_check_domain(ctx, argv[i], &res)) != MX_OK) {
			fprintf(stderr, "check: %s: %s\n", argv[i],
			    mx_strerror(st));
			rc = worse(rc, 3);
			continue;
		}
		/* as the CLI writes it with --color never */
		if (mx_format_text(stdout, res, 0) != MX_OK)
			rc = worse(rc, 3);
		rc = worse(rc, exit_level(res->verdict));
		mx_result_free(res);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "check: cannot write the results\n");
		rc = 3;
	}
out:
	/* the context before its source, the source before its zone */
	mx_ctx_free(ctx);
	mx_source_free(src);
	mx_options_free(opt);
	mx_zone_free(zone);
	return rc;
}

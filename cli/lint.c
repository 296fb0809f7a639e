/*
 * lint.c -- mxdig lint FILE...: every mail domain of the zones, with
 * compiler-style findings sorted by file and line.
 */
#include <stdio.h>

#include "cli.h"
#include "output.h"

static void
on_lint_result(void *arg, struct mx_result *res)
{
	sink_result(arg, res);
	mx_result_free(res);
}

int
run_lint(const struct cli *cli)
{
	struct sink		 sink;
	struct mx_options	 opt;
	mx_zone			*z = NULL;
	mx_source		*src = NULL;
	mx_ctx			*ctx = NULL;
	char *const		*owners;
	size_t			 n, i;
	int			 rc = EXIT_UNKNOWN;

	if (load_zones(cli, &z) != 0)
		return EXIT_UNKNOWN;
	if (make_source(cli, z, &src, 1, NULL) != 0)
		goto out;
	set_options(cli, &opt, z, 1);
	if (mx_ctx_new(src, &opt, &ctx) != MX_OK)
		goto out;
	if (sink_open(&sink, cli, 1) != 0)
		goto out;
	sink_zone(&sink, z, 1);
	owners = mx_zone_mx_owners(z, &n);
	for (i = 0; i < n; i++) {
		if (mx_check_start(ctx, owners[i], on_lint_result, &sink) !=
		    MX_OK)
			continue;
		/* drain as we go so memory stays bounded */
		if ((i + 1) % 256 == 0)
			mx_ctx_run(ctx);
	}
	mx_ctx_run(ctx);
	rc = sink_close(&sink);
	if (sink.io_error)
		rc = EXIT_UNKNOWN;
	sink_free(&sink);
out:
	mx_ctx_free(ctx);
	mx_source_free(src);
	mx_zone_free(z);
	return rc;
}

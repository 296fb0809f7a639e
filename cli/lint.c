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
	mx_options		*opt = NULL;
	mx_zone			*z = NULL;
	mx_source		*src = NULL;
	mx_ctx			*ctx = NULL;
	char *const		*owners;
	size_t			 n, i;
	int			 rc = EXIT_UNKNOWN;
	mx_status		 st = MX_OK;

	if (load_zones(cli, &z) != 0)
		return EXIT_UNKNOWN;
	if (make_source(cli, z, &src, 1) != 0 ||
	    (opt = make_options(cli, z, 1)) == NULL)
		goto out;
	if (mx_ctx_new(src, opt, &ctx) != MX_OK) {
		cli_warnx("out of memory");
		goto out;
	}
	if (sink_open(&sink, cli, 1) != 0)
		goto out;
	sink_zone(&sink, z, 1);
	owners = mx_zone_mx_owners(z, &n);
	for (i = 0; i < n && st == MX_OK; i++) {
		if ((st = mx_check_start(ctx, owners[i], on_lint_result,
		    &sink, NULL)) != MX_OK) {
			cli_warnx("%s: %s", owners[i], mx_strerror(st));
			break;
		}
		/* drain as we go so memory stays bounded */
		if ((i + 1) % 256 == 0)
			st = mx_ctx_run(ctx, -1);
	}
	if (st == MX_OK)
		st = mx_ctx_run(ctx, -1);
	if (st != MX_OK)
		cli_warnx("the checks did not finish: %s", mx_strerror(st));
	rc = sink_close(&sink);
	if (sink.io_error || st != MX_OK)
		rc = EXIT_UNKNOWN;
	sink_free(&sink);
out:
	mx_ctx_free(ctx);
	mx_source_free(src);
	mx_options_free(opt);
	mx_zone_free(z);
	return rc;
}

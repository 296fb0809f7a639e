/*
 * run.c -- what mxdig does once its options are parsed: the mode's entry
 * point.  Each mode lives in a file of its own.
 */
#include <stdio.h>

#include "cli.h"
#include "output.h"

int
cli_run(const struct cli *cli)
{
	switch (cli->mode) {
	case MODE_HELP:
		cli_usage(stdout);
		return EXIT_OK;
	case MODE_VERSION:
		printf("mxdig %s\n", mx_version());
		return EXIT_OK;
	case MODE_LIST:
		return list_checks(cli);
	case MODE_EXPLAIN:
		return explain(cli, cli->explain);
	case MODE_LINT:
		return run_lint(cli);
	case MODE_DIFF:
		return run_diff(cli);
	case MODE_CHECK:
	default:
		return run_check(cli);
	}
}

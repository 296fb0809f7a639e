/*
 * main.c -- mxdig: where mail for a domain goes and what is wrong with the
 * way there.  Parsing, running and printing live in options.c and run.c.
 */
#include <stdio.h>

#include "cli.h"

int
main(int argc, char *argv[])
{
	struct cli	cli;
	int		rc;

	if (cli_parse(&cli, argc, argv) != 0)
		return EXIT_UNKNOWN;
	rc = cli_run(&cli);
	cli_free(&cli);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_warnx("error writing to standard output");
		return EXIT_UNKNOWN;
	}
	return rc;
}

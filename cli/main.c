/*
 * main.c -- mxdig: where mail for a domain goes and what is wrong with the
 * way there.  Parsing, running and printing live in options.c and run.c.
 */
#include <signal.h>
#include <stdio.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cli.h"

int
main(int argc, char *argv[])
{
	struct cli	cli;
	int		rc;

#ifdef __GLIBC__
	/* ldns allocates and frees 64 KiB buffers for every record it
	 * parses; with glibc's default 128 KiB trim threshold the heap top
	 * went back to the kernel after each one (a brk call per record,
	 * a third of the lint time). */
	mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
#endif
	/* a usage error gets its nagios line too (output_finish) */
	output_nagios_asked(argc, argv);
	if (cli_parse(&cli, argc, argv) != 0)
		return output_finish(NULL, EXIT_UNKNOWN);
	/* --smtp: OpenSSL writes to sockets with write(2); a server that
	 * has gone must not end the run with SIGPIPE */
	if (cli.smtp)
		signal(SIGPIPE, SIG_IGN);
	if (output_begin(&cli) != 0)
		rc = EXIT_UNKNOWN;
	else
		rc = cli_run(&cli);
	/* the nagios line, standard output checked, --output moved in */
	rc = output_finish(&cli, rc);
	cli_free(&cli);
	return rc;
}

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
	if (cli_parse(&cli, argc, argv) != 0)
		return EXIT_UNKNOWN;
	/* --smtp: OpenSSL writes to sockets with write(2); a server that
	 * has gone must not end the run with SIGPIPE */
	if (cli.smtp)
		signal(SIGPIPE, SIG_IGN);
	rc = cli_run(&cli);
	cli_free(&cli);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_warnx("error writing to standard output");
		return EXIT_UNKNOWN;
	}
	return rc;
}

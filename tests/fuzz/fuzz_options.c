/*
 * fuzz_options.c -- libFuzzer target for the command line (cli_parse in
 * cli/options.c): the input is argv after the program name, its words
 * separated by NUL octets.
 *
 * Besides not crashing, leaking or hanging: a parse that fails has said
 * why on stderr, in lines that start "mxdig: " or are the usage text,
 * all printable (argv bytes are escaped), and mxdig then exits 3; a parse
 * that succeeds said nothing and left every number in its documented
 * range and every mode with what it needs.  stderr is a memory stream
 * while cli_parse runs (glibc lets a program assign stderr), so that the
 * messages can be judged and sanitizer reports still reach descriptor 2.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "oracle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Words in one input at most: getopt is linear, this keeps runs fast. */
#define FZ_ARGS	64

/* What a successful parse must leave (mxdig(1), options.c). */
static void
check_cli(const struct cli *cli)
{
	size_t i;

	fz_require(cli->timeout_ms >= 100 && cli->timeout_ms <= 300000);
	fz_require(cli->tries >= 1 && cli->tries <= 10);
	fz_require(cli->port >= 1 && cli->port <= 65535);
	fz_require(cli->concurrency >= 1 && cli->concurrency <= 10000);
	fz_require(cli->threads <= 64);
	fz_require(cli->cache_size <= 10000000);
	fz_require(cli->deadline_ms == 0 || (cli->deadline_ms >= 100 &&
	    cli->deadline_ms <= 86400000));
	fz_require(cli->ttl_min <= cli->ttl_max &&
	    cli->ttl_max <= 2147483647U);
	fz_require(cli->family == 0 || cli->family == 4 || cli->family == 6);
	fz_require(cli->color == 0 || cli->color == 1);
	fz_require(cli->progress == 0 || cli->progress == 1);
	fz_require(!cli->short_out || cli->format == FMT_TEXT);
	fz_require(cli->server == NULL || *cli->server != '\0');
	for (i = 0; i < cli->nignore; i++)
		fz_require(mx_check_find(cli->ignore[i]) != NULL);
	for (i = 0; i < cli->nzones; i++)
		fz_require(cli->zones[i].file != NULL);
	switch (cli->mode) {
	case MODE_CHECK:
		fz_require(cli->nargs > 0 || cli->list_file != NULL);
		break;
	case MODE_LINT:
		fz_require(cli->nzones > 0 && cli->nargs == 0);
		break;
	case MODE_DIFF:
		fz_require(cli->nargs == 2 && cli->diff[0].file != NULL &&
		    cli->diff[1].file != NULL);
		break;
	case MODE_EXPLAIN:
		fz_require(cli->explain != NULL);
		break;
	default:
		break;
	}
}

/* Every line of a failed parse's stderr: a message or the usage. */
static void
check_messages(const char *s, size_t n)
{
	const char	*line = s, *nl;

	fz_require(n > 0 && s[n - 1] == '\n');
	fz_require(fz_printable(s, n, 1));
	fz_require(strncmp(s, "mxdig: ", 7) == 0 ||
	    strncmp(s, "usage: mxdig", 12) == 0);
	for (; line < s + n; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(s + n - line));
		fz_require(nl != NULL);
		fz_require(strncmp(line, "mxdig: ", 7) == 0 ||
		    strncmp(line, "usage: ", 7) == 0 ||
		    strncmp(line, "       ", 7) == 0);
	}
}

/* A parse that succeeds says nothing, or "mxdig: note: " lines. */
static void
check_notes(const char *s, size_t n)
{
	const char	*line = s, *nl;

	fz_require(n == 0 || s[n - 1] == '\n');
	fz_require(fz_printable(s, n, 1));
	for (; line < s + n; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(s + n - line));
		fz_require(nl != NULL);
		fz_require(strncmp(line, "mxdig: note: ", 13) == 0);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cli	 cli;
	char		*words, *argv[FZ_ARGS + 2], *msg = NULL;
	FILE		*saved, *mem;
	size_t		 i, msglen = 0;
	int		 argc = 1, rc;

	if ((words = malloc(size + 1)) == NULL)
		return 0;
	memcpy(words, data, size);
	words[size] = '\0';
	argv[0] = (char *)"mxdig";
	/* NUL-separated words; a trailing NUL ends the last one */
	for (i = 0; i < size && argc <= FZ_ARGS; ) {
		argv[argc++] = words + i;
		i += strlen(words + i) + 1;
	}
	argv[argc] = NULL;

	fz_require((mem = open_memstream(&msg, &msglen)) != NULL);
	saved = stderr;
	stderr = mem;
	rc = cli_parse(&cli, argc, argv);
	stderr = saved;
	fz_require(fclose(mem) == 0);

	fz_require(rc == 0 || rc == -1);
	if (rc == 0) {
		/* notes only (a dig word ignored, user@domain) */
		check_notes(msg, msglen);
		check_cli(&cli);
		cli_free(&cli);
	} else
		check_messages(msg, msglen);
	free(msg);
	free(words);
	return 0;
}

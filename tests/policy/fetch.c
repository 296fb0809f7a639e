/*
 * fetch.c -- a test tool: mx_https_get on an mx_loop of its own, each
 * reply printed as one line of JSON (keys sorted: body of a 200 when
 * short and UTF-8, content_type, error, idle, len, ms, status, threads).  "idle" says that
 * after mx_https_free nothing is left on the loop (no watch, no timer).
 *
 * usage: fetch [-c CAFILE] [-m MAX] [-t TIMEOUT_MS] [-n COUNT]
 *            [-x cancel|chain|free:MS] HOST PORT PATH [ADDR...]
 *
 * -n runs COUNT fetches of the same at once (one line each, in the
 * order they were started); "threads" is the most threads the process
 * had at any round of the loop (1: curl started none); -x cancel cancels the fetch at once and
 * -x free:MS frees the client MS ms after the start; both print whether
 * the callback ran and whether the loop is idle after; -x chain starts
 * a second fetch of the same from the first one's callback (two lines).
 *
 * Exit: 0 every fetch replied (an error reply too), 1 usage, 2 the loop
 * ran past every bound without a reply, 3 mx_https_get refused.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "loop.h"
#include "https.h"

#define FETCH_MAX	8

struct slot {
	json_t	*reply;		/* NULL: not yet */
	int	 called;
};

/* -x chain: the first reply's callback starts the second fetch. */
static struct {
	struct mx_https		 *h;
	char			**argv;
	int			  argc;
	size_t			  max;
	unsigned		  timeout;
	struct slot		 *next;
	mx_status		  st;
} chain;

static void on_reply(void *, const struct mx_https_reply *);

static void
chain_next(void)
{
	struct slot *s = chain.next;

	chain.next = NULL;
	chain.st = mx_https_get(chain.h, chain.argv[0],
	    (unsigned)atoi(chain.argv[1]), (const char *const *)chain.argv + 3,
	    (size_t)chain.argc - 3, chain.argv[2], chain.max, chain.timeout,
	    on_reply, s, NULL);
	if (chain.st != MX_OK)
		s->called = -1;
}

static void
on_reply(void *arg, const struct mx_https_reply *r)
{
	struct slot	*s = arg;
	json_t		*o = json_object(), *body = NULL;

	s->called++;
	/* an error page's text is the server's business, not the test's */
	if (r->status == 200 && r->len <= 512)
		body = json_stringn(r->body, r->len);	/* NULL: not UTF-8 */
	json_object_set_new(o, "body", body != NULL ? body : json_null());
	json_object_set_new(o, "content_type", r->content_type != NULL ?
	    json_string(r->content_type) : json_null());
	json_object_set_new(o, "error", r->error != NULL ?
	    json_string(r->error) : json_null());
	json_object_set_new(o, "len", json_integer((json_int_t)r->len));
	json_object_set_new(o, "ms", json_integer((json_int_t)r->ms));
	json_object_set_new(o, "status", json_integer(r->status));
	s->reply = o;
	if (chain.next != NULL && chain.next != s)
		chain_next();
}

/* The threads of this process now (the entries of /proc/self/task). */
static int
threads(void)
{
	DIR		*d;
	struct dirent	*e;
	int		 n = 0;

	if ((d = opendir("/proc/self/task")) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

static int
usage(void)
{
	fprintf(stderr, "usage: fetch [-c CAFILE] [-m MAX] [-t TIMEOUT_MS] "
	    "[-n COUNT] [-x cancel|chain|free:MS] HOST PORT PATH "
	    "[ADDR...]\n");
	return 1;
}

int
main(int argc, char **argv)
{
	const char		*ca = NULL, *extra = NULL;
	size_t			 max = 65536, n = 1, i, done;
	unsigned		 timeout = 10000, free_ms = 0;
	struct slot		 slot[FETCH_MAX];
	struct mx_https_get	*g[FETCH_MAX];
	struct mx_https		*h;
	mx_loop			*loop;
	mx_status		 st;
	uint64_t		 end;
	int			 c, rc = 0, most = 0, t;

	while ((c = getopt(argc, argv, "c:m:t:n:x:")) != -1) {
		switch (c) {
		case 'c': ca = optarg; break;
		case 'm': max = strtoul(optarg, NULL, 10); break;
		case 't': timeout = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'n': n = strtoul(optarg, NULL, 10); break;
		case 'x': extra = optarg; break;
		default: return usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 3 || n == 0 || n > FETCH_MAX)
		return usage();
	if (extra != NULL && strncmp(extra, "free:", 5) == 0)
		free_ms = (unsigned)strtoul(extra + 5, NULL, 10);
	else if (extra != NULL && strcmp(extra, "chain") == 0) {
		if (n != 1)
			return usage();
		n = 2;
	} else if (extra != NULL && strcmp(extra, "cancel") != 0)
		return usage();
	if ((loop = mx_loop_new()) == NULL ||
	    (st = mx_https_new(loop, ca, &h)) != MX_OK) {
		fprintf(stderr, "fetch: cannot make the client\n");
		return 1;
	}
	memset(slot, 0, sizeof(slot));
	if (extra != NULL && strcmp(extra, "chain") == 0) {
		chain.h = h;
		chain.argv = argv;
		chain.argc = argc;
		chain.max = max;
		chain.timeout = timeout;
		chain.next = &slot[1];
		extra = NULL;
	}
	for (i = 0; i < (chain.h != NULL ? 1 : n); i++) {
		st = mx_https_get(h, argv[0], (unsigned)atoi(argv[1]),
		    (const char *const *)argv + 3, (size_t)argc - 3, argv[2],
		    max, timeout, on_reply, &slot[i], &g[i]);
		if (st != MX_OK) {
			printf("{\"get\":\"%s\"}\n", mx_strerror(st));
			mx_https_free(h);
			mx_loop_free(loop);
			return 3;
		}
	}
	if (extra != NULL && free_ms == 0) {
		for (i = 0; i < n; i++)
			mx_https_cancel(h, g[i]);
		/* the loop must fall idle at once: nothing left to run */
		end = mx_now_ms() + 3000;
		while (!mx_loop_idle(loop) && mx_now_ms() < end)
			(void)mx_loop_run_once(loop, 100);
		printf("{\"called\":%s,\"idle\":%s}\n", slot[0].called ?
		    "true" : "false", mx_loop_idle(loop) ? "true" : "false");
		mx_https_free(h);
		mx_loop_free(loop);
		return 0;
	}
	/* every reply is due within timeout: 5 s more is a hang */
	end = mx_now_ms() + (free_ms ? free_ms :
	    timeout * (chain.h != NULL ? 2 : 1) + 5000);
	for (;;) {
		for (done = 0, i = 0; i < n; i++)
			done += slot[i].called != 0;
		if (done == n || mx_now_ms() >= end)
			break;
		(void)mx_loop_run_once(loop, 50);
		if ((t = threads()) > most)
			most = t;
	}
	mx_https_free(h);
	if (free_ms) {
		printf("{\"called\":%s,\"idle\":%s}\n", slot[0].called ?
		    "true" : "false", mx_loop_idle(loop) ? "true" : "false");
		mx_loop_free(loop);
		return 0;
	}
	for (i = 0; i < n; i++) {
		char *line;

		if (slot[i].reply == NULL) {
			printf("{\"reply\":null}\n");
			rc = 2;
			continue;
		}
		if (slot[i].called != 1)
			rc = 2;
		json_object_set_new(slot[i].reply, "idle",
		    json_boolean(mx_loop_idle(loop)));
		json_object_set_new(slot[i].reply, "threads",
		    json_integer(most));
		line = json_dumps(slot[i].reply, JSON_COMPACT | JSON_SORT_KEYS);
		printf("%s\n", line != NULL ? line : "{}");
		free(line);
		json_decref(slot[i].reply);
	}
	mx_loop_free(loop);
	return rc;
}

/*
 * test_https.c -- the HTTPS client's side that needs no server: what
 * mx_https_get refuses, the reply of a fetch without address (from the
 * loop, never inside the call), cancel and free with fetches pending.
 * tests/policy/https.sh has the fetches themselves, against nginx.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "mxdig.h"
#include "loop.h"
#include "../../lib/probe/https.h"

struct seen {
	int	 calls;
	long	 status;
	char	 error[256];
};

static void
on_reply(void *arg, const struct mx_https_reply *r)
{
	struct seen *s = arg;

	s->calls++;
	s->status = r->status;
	snprintf(s->error, sizeof(s->error), "%s",
	    r->error != NULL ? r->error : "(none)");
	assert_non_null(r->body);
	assert_int_equal(r->len, 0);
	assert_null(r->content_type);
}

/* Runs loop rounds until it is idle, 100 at most. */
static void
settle(mx_loop *loop)
{
	int i;

	for (i = 0; i < 100 && !mx_loop_idle(loop); i++)
		assert_int_equal(mx_loop_run_once(loop, 10), MX_OK);
	assert_true(mx_loop_idle(loop));
}

static void
test_https_refuses(void **state)
{
	static const char *const one[] = { "192.0.2.1" };
	static const char *const bad_addr[] = { "192.0.2.1", "mx.example." };
	static const char *const scoped[] = { "fe80::1%lo" };
	static const struct {
		const char		*host, *path;
		unsigned		 port, timeout;
		size_t			 max;
		const char *const	*addrs;
		size_t			 naddrs;
	} cases[] = {
		{ "", "/", 443, 1000, 10, one, 1 },
		{ "mta-sts.example.com/x", "/", 443, 1000, 10, one, 1 },
		{ "mta-sts.example.com:443", "/", 443, 1000, 10, one, 1 },
		{ "a@b", "/", 443, 1000, 10, one, 1 },
		{ "mta-sts.example.com.", "/", 443, 1000, 10, one, 1 },
		{ ".example.com", "/", 443, 1000, 10, one, 1 },
		{ "mta-sts..example.com", "/", 443, 1000, 10, one, 1 },
		{ "m\xc3\xa9.example.com", "/", 443, 1000, 10, one, 1 },
		{ "mta-sts.example.com", "", 443, 1000, 10, one, 1 },
		{ "mta-sts.example.com", "x", 443, 1000, 10, one, 1 },
		{ "mta-sts.example.com", "/a b", 443, 1000, 10, one, 1 },
		{ "mta-sts.example.com", "/a\r\nX: y", 443, 1000, 10, one, 1 },
		{ "mta-sts.example.com", "/\xc3\xa9", 443, 1000, 10, one, 1 },
		{ "mta-sts.example.com", "/", 0, 1000, 10, one, 1 },
		{ "mta-sts.example.com", "/", 65536, 1000, 10, one, 1 },
		{ "mta-sts.example.com", "/", 443, 0, 10, one, 1 },
		{ "mta-sts.example.com", "/", 443, 1000, 0, one, 1 },
		{ "mta-sts.example.com", "/", 443, 1000, 10, bad_addr, 2 },
		{ "mta-sts.example.com", "/", 443, 1000, 10, scoped, 1 },
		{ "mta-sts.example.com", "/", 443, 1000, 10, NULL, 1 },
	};
	struct mx_https		*h;
	struct mx_https_get	*g;
	struct seen		 seen;
	mx_loop			*loop;
	size_t			 i;

	(void)state;
	assert_non_null(loop = mx_loop_new());
	assert_int_equal(mx_https_new(NULL, NULL, &h), MX_ERR_ARG);
	assert_int_equal(mx_https_new(loop, NULL, &h), MX_OK);
	memset(&seen, 0, sizeof(seen));
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		g = (void *)1;
		assert_int_equal(mx_https_get(h, cases[i].host, cases[i].port,
		    cases[i].addrs, cases[i].naddrs, cases[i].path,
		    cases[i].max, cases[i].timeout, on_reply, &seen, &g),
		    MX_ERR_ARG);
		assert_null(g);
	}
	assert_int_equal(mx_https_get(h, "mta-sts.example.com", 443, one, 1,
	    "/", 10, 1000, NULL, &seen, &g), MX_ERR_ARG);
	/* nothing was started: the loop has nothing to do */
	assert_true(mx_loop_idle(loop));
	mx_https_free(h);
	settle(loop);
	assert_int_equal(seen.calls, 0);
	mx_loop_free(loop);
}

static void
test_https_no_address(void **state)
{
	struct mx_https		*h;
	struct mx_https_get	*g, *g2;
	struct seen		 seen, seen2;
	mx_loop			*loop;

	(void)state;
	assert_non_null(loop = mx_loop_new());
	assert_int_equal(mx_https_new(loop, "/nonexistent/ca.pem", &h), MX_OK);
	memset(&seen, 0, sizeof(seen));
	memset(&seen2, 0, sizeof(seen2));
	assert_int_equal(mx_https_get(h, "mta-sts.example.com", 443, NULL, 0,
	    "/.well-known/mta-sts.txt", 65536, 1000, on_reply, &seen, &g),
	    MX_OK);
	assert_non_null(g);
	assert_int_equal(mx_https_get(h, "mta-sts.example.net", 443, NULL, 0,
	    "/.well-known/mta-sts.txt", 65536, 1000, on_reply, &seen2, &g2),
	    MX_OK);
	/* never from inside the call */
	assert_int_equal(seen.calls, 0);
	/* the second one is forgotten: never called */
	mx_https_cancel(h, g2);
	settle(loop);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.status, 0);
	assert_string_equal(seen.error, "no address for mta-sts.example.com");
	assert_int_equal(seen2.calls, 0);
	mx_https_free(h);
	mx_loop_free(loop);
}

static void
test_https_free_pending(void **state)
{
	struct mx_https		*h;
	struct seen		 seen;
	mx_loop			*loop;
	int			 i;

	(void)state;
	assert_non_null(loop = mx_loop_new());
	assert_int_equal(mx_https_new(loop, NULL, &h), MX_OK);
	memset(&seen, 0, sizeof(seen));
	for (i = 0; i < 3; i++)
		assert_int_equal(mx_https_get(h, "mta-sts.example.com", 443,
		    NULL, 0, "/", 10, 1000, on_reply, &seen, NULL), MX_OK);
	/* freed with three replies due: none is called, no timer left */
	mx_https_free(h);
	assert_true(mx_loop_idle(loop));
	settle(loop);
	assert_int_equal(seen.calls, 0);
	mx_https_free(NULL);
	mx_loop_free(loop);
}

/* A callback that frees the client: the other fetch is never called. */
struct freeing {
	struct mx_https	*h;
	int		 calls;
};

static void
free_in_reply(void *arg, const struct mx_https_reply *r)
{
	struct freeing *f = arg;

	(void)r;
	f->calls++;
	mx_https_free(f->h);
}

static void
test_https_free_in_callback(void **state)
{
	struct freeing	 f;
	mx_loop		*loop;

	(void)state;
	assert_non_null(loop = mx_loop_new());
	memset(&f, 0, sizeof(f));
	assert_int_equal(mx_https_new(loop, NULL, &f.h), MX_OK);
	assert_int_equal(mx_https_get(f.h, "a.example", 443, NULL, 0, "/", 10,
	    1000, free_in_reply, &f, NULL), MX_OK);
	assert_int_equal(mx_https_get(f.h, "b.example", 443, NULL, 0, "/", 10,
	    1000, free_in_reply, &f, NULL), MX_OK);
	settle(loop);
	assert_int_equal(f.calls, 1);
	mx_loop_free(loop);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_https_refuses),
		cmocka_unit_test(test_https_no_address),
		cmocka_unit_test(test_https_free_pending),
		cmocka_unit_test(test_https_free_in_callback),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_path.c -- the delivery path (RFC 5321 §5.1, RFC 7505): tiers in
 * preference order, implicit MX, null MX, aliases, loops, and lookups
 * that fail, through the in-memory source.
 */
#include <stdio.h>
#include <strings.h>

#include "helpers.h"

static struct mx_result *
check_memory(mx_memory *mem, const char *domain)
{
	mx_source		*src;
	mx_ctx			*ctx;
	struct mx_result	*res = NULL;

	assert_int_equal(mx_memory_source(mem, &src), MX_OK);
	assert_int_equal(mx_ctx_new(src, NULL, &ctx), MX_OK);
	assert_int_equal(mx_check_domain(ctx, domain, &res), MX_OK);
	mx_ctx_free(ctx);
	mx_source_free(src);
	return res;
}

static void
test_tiers(void **state)
{
	struct mx_result *r = check_zone_text(
	    "@ SOA ns h 1 2 3 4 5\n"
	    "@ MX 20 b\n@ MX 10 z\n@ MX 10 a\n@ MX 30 c\n"
	    "a A 93.184.216.1\na AAAA 2606:2800::1\nz A 93.184.216.2\n"
	    "b A 93.184.216.3\nc A 93.184.216.4\n",
	    "t.example", "t.example", NULL);

	(void)state;
	assert_int_equal(r->mx_rcode, MX_ANSWER_OK);
	assert_int_equal(r->nhosts, 4);
	assert_int_equal(r->ntiers, 3);
	assert_string_equal(r->hosts[0].exchange, "a.t.example.");
	assert_string_equal(r->hosts[1].exchange, "z.t.example.");
	assert_string_equal(r->hosts[2].exchange, "b.t.example.");
	assert_string_equal(r->hosts[3].exchange, "c.t.example.");
	assert_int_equal(r->tiers[0].preference, 10);
	assert_int_equal(r->tiers[0].count, 2);
	assert_int_equal(r->tiers[1].first, 2);
	assert_int_equal(r->hosts[0].naddrs, 2);
	assert_int_equal(r->hosts[0].addrs[0].family, 4);
	assert_int_equal(r->hosts[0].addrs[1].family, 6);
	assert_true(r->hosts[0].usable);
	assert_int_equal(r->verdict, MX_VERDICT_OK);
	mx_result_free(r);
}

static void
test_implicit_and_null(void **state)
{
	const char *zone =
	    "@ SOA ns h 1 2 3 4 5\n"
	    "www A 93.184.216.9\n"
	    "none TXT \"x\"\n"
	    "null MX 0 .\n";
	struct mx_result *r;

	(void)state;
	r = check_zone_text(zone, "n.example", "www.n.example", NULL);
	assert_int_equal(r->mx_rcode, MX_ANSWER_NODATA);
	assert_true(r->implicit);
	assert_int_equal(r->nhosts, 1);
	assert_true(r->hosts[0].implicit);
	assert_int_equal(r->hosts[0].preference, 0);
	assert_true(r->hosts[0].usable);
	assert_string_equal(flatten(r), "implicit-mx@www.n.example.:0 "
	    "mx-single-host@www.n.example.:0 mx-no-ipv6@www.n.example.:0");
	assert_int_equal(r->verdict, MX_VERDICT_WARNING);
	mx_result_free(r);

	r = check_zone_text(zone, "n.example", "none.n.example", NULL);
	assert_string_equal(flatten(r), "no-mail-route@none.n.example.:0");
	assert_int_equal(r->verdict, MX_VERDICT_ERROR);
	mx_result_free(r);

	r = check_zone_text(zone, "n.example", "null.n.example", NULL);
	assert_true(r->null_mx);
	assert_int_equal(r->nhosts, 0);
	assert_string_equal(flatten(r), "null-mx@null.n.example.:4");
	assert_int_equal(r->verdict, MX_VERDICT_INFO);
	mx_result_free(r);

	r = check_zone_text(zone, "n.example", "nosuch.n.example", NULL);
	assert_int_equal(r->mx_rcode, MX_ANSWER_NXDOMAIN);
	assert_string_equal(flatten(r), "domain-nxdomain@nosuch.n.example.:0");
	mx_result_free(r);
}

static void
test_aliases_and_loops(void **state)
{
	const char *zone =
	    "@ SOA ns h 1 2 3 4 5\n"
	    "d CNAME real\n"				/* 2 */
	    "real MX 10 mx\n"				/* 3 */
	    "mx CNAME host\n"				/* 4 */
	    "host A 93.184.216.10\n"			/* 5 */
	    "loop CNAME loop2\n"			/* 6 */
	    "loop2 CNAME loop\n"			/* 7 */
	    "l MX 10 ml\n"				/* 8 */
	    "ml CNAME ml2\n"				/* 9 */
	    "ml2 CNAME ml\n";				/* 10 */
	struct mx_result *r;

	(void)state;
	r = check_zone_text(zone, "c.example", "d.c.example", NULL);
	assert_int_equal(r->ndomain_cnames, 1);
	assert_string_equal(r->canonical, "real.c.example.");
	assert_int_equal(r->nhosts, 1);
	assert_int_equal(r->hosts[0].ncnames, 1);
	assert_string_equal(r->hosts[0].canonical, "host.c.example.");
	assert_true(r->hosts[0].usable);
	assert_string_equal(flatten(r), "domain-cname@d.c.example.:2 "
	    "mx-target-cname@mx.c.example.:3 "
	    "mx-single-host@host.c.example.:3 mx-no-ipv6@real.c.example.:3");
	mx_result_free(r);

	/* a loop at the domain ends, bounded, as a failed lookup */
	r = check_zone_text(zone, "c.example", "loop.c.example", NULL);
	assert_int_equal(r->mx_rcode, MX_ANSWER_TEMPFAIL);
	assert_int_equal(r->ndomain_cnames, 2);
	assert_string_equal(flatten(r), "domain-cname@loop.c.example.:6 "
	    "mx-lookup-failed@loop2.c.example.:7");
	mx_result_free(r);

	/* a loop at the exchange: not verifiable, never a hang */
	r = check_zone_text(zone, "c.example", "l.c.example", NULL);
	assert_int_equal(r->hosts[0].state, MX_HOST_CNAME_LOOP);
	assert_string_equal(flatten(r), "mx-target-cname@ml.c.example.:8 "
	    "mx-target-lookup-failed@ml.c.example.:8 "
	    "no-usable-mx@l.c.example.:8");
	mx_result_free(r);
}

static void
test_failures(void **state)
{
	mx_memory		*mem;
	struct mx_result	*r;

	(void)state;
	assert_int_equal(mx_memory_new(&mem), MX_OK);
	assert_int_equal(mx_memory_add(mem,
	    "f.example. 3600 IN MX 10 mx1.f.example."), MX_OK);
	assert_int_equal(mx_memory_add(mem,
	    "f.example. 3600 IN MX 20 mx2.f.example."), MX_OK);
	assert_int_equal(mx_memory_add(mem,
	    "mx2.f.example. 3600 IN A 93.184.216.20"), MX_OK);
	assert_int_equal(mx_memory_add(mem,
	    "mx2.f.example. 3600 IN AAAA 2606:2800::20"), MX_OK);
	assert_int_equal(mx_memory_fail(mem, "mx1.f.example.", MX_TYPE_A,
	    MX_ANSWER_TEMPFAIL), MX_OK);
	assert_int_equal(mx_memory_fail(mem, "mx1.f.example.", MX_TYPE_AAAA,
	    MX_ANSWER_TEMPFAIL), MX_OK);
	assert_int_equal(mx_memory_fail(mem, "sf.example.", MX_TYPE_MX,
	    MX_ANSWER_TEMPFAIL), MX_OK);
	assert_int_equal(mx_memory_fail(mem, "to.example.", MX_TYPE_MX,
	    MX_ANSWER_TIMEOUT), MX_OK);

	/* a primary that cannot be verified is unknown, not broken */
	r = check_memory(mem, "f.example");
	assert_int_equal(r->hosts[0].state, MX_HOST_LOOKUP_FAILED);
	assert_string_equal(flatten(r),
	    "mx-target-lookup-failed@mx1.f.example.:0");
	assert_int_equal(r->verdict, MX_VERDICT_WARNING);
	mx_result_free(r);

	r = check_memory(mem, "sf.example");
	assert_string_equal(flatten(r), "mx-lookup-failed@sf.example.:0");
	assert_int_equal(r->verdict, MX_VERDICT_ERROR);
	mx_result_free(r);

	/* a timeout: no verdict */
	r = check_memory(mem, "to.example");
	assert_int_equal(r->mx_rcode, MX_ANSWER_TIMEOUT);
	assert_int_equal(r->nfindings, 0);
	assert_int_equal(r->nfailures, 1);
	assert_string_equal(r->failures[0].name, "to.example.");
	assert_int_equal(r->verdict, MX_VERDICT_UNKNOWN);
	mx_result_free(r);
	mx_memory_free(mem);
}

static void
test_bad_domain(void **state)
{
	mx_memory	*mem;
	mx_source	*src;
	mx_ctx		*ctx;
	struct mx_result *r = NULL;
	char		 longname[1100];

	(void)state;
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_int_equal(mx_memory_new(&mem), MX_OK);
	assert_int_equal(mx_memory_source(mem, &src), MX_OK);
	assert_int_equal(mx_ctx_new(src, NULL, &ctx), MX_OK);
	assert_int_equal(mx_check_domain(ctx, "", &r), MX_ERR_NAME);
	assert_int_equal(mx_check_domain(ctx, "a..b", &r), MX_ERR_NAME);
	assert_int_equal(mx_check_domain(ctx, longname, &r), MX_ERR_NAME);
	assert_null(r);
	mx_ctx_free(ctx);
	mx_source_free(src);
	mx_memory_free(mem);
}

/*
 * The try order of many hosts: sorted on packed keys (preference and six
 * folded letters), the whole name only on a tie, the hosts moved along
 * the permutation.  The names share six-letter prefixes, are shorter than
 * six, differ only in case or after the sixth letter; the order must be
 * the one strcasecmp gives, tier by tier, and each host keep its own
 * addresses.
 */
static void
test_many_sorted(void **state)
{
	static const char *stem[] = { "a", "ab", "abcdef", "abcdefg", "ABCDEFH",
	    "abcdeFx", "abcde-", "Mx", "mx0", "b", "zz", "abc" };
	const size_t	 nstem = sizeof(stem) / sizeof(stem[0]);
	char		*text, *p;
	size_t		 i, j, n = 3000, len = 1 << 20;
	struct mx_result *r;

	(void)state;
	assert_non_null(text = malloc(len));
	p = text;
	p += sprintf(p, "@ SOA ns h 1 2 3 4 5\n");
	for (i = 0; i < n; i++)
		p += sprintf(p, "@ MX %zu %s%zu\n", (i * 7919) % 13,
		    stem[i % nstem], i / nstem);
	for (i = 0; i < n; i++)
		p += sprintf(p, "%s%zu A 93.184.%zu.%zu\n", stem[i % nstem],
		    i / nstem, i / 250, i % 250 + 1);
	assert_true((size_t)(p - text) < len);
	r = check_zone_text(text, "t.example", "t.example", NULL);
	free(text);
	assert_int_equal(r->nhosts, n);
	assert_int_equal(r->ntiers, 13);
	for (i = 0, j = 0; i < r->nhosts; i++) {
		const struct mx_host *h = &r->hosts[i];

		if (i > 0) {
			const struct mx_host *g = &r->hosts[i - 1];

			assert_true(g->preference <= h->preference);
			if (g->preference == h->preference)
				assert_true(strcasecmp(g->exchange,
				    h->exchange) < 0);
		}
		/* the host kept its record and its address */
		assert_non_null(h->mx);
		assert_ptr_equal(h->exchange, h->mx->target);
		assert_int_equal(h->preference, h->mx->preference);
		assert_string_equal(h->canonical, h->exchange);
		assert_int_equal(h->naddrs, 1);
		assert_int_equal(h->na, 1);
		assert_string_equal(h->a_records[0].owner, h->exchange);
		assert_string_equal(h->addrs[0].text, h->a_records[0].address);
		j += h->preference == r->tiers[0].preference;
	}
	assert_int_equal(r->tiers[0].count, j);
	mx_result_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_many_sorted),
		cmocka_unit_test(test_tiers),
		cmocka_unit_test(test_implicit_and_null),
		cmocka_unit_test(test_aliases_and_loops),
		cmocka_unit_test(test_failures),
		cmocka_unit_test(test_bad_domain),
	};

	return cmocka_run_group_tests(tests, NULL, check_zone_done);
}

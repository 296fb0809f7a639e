/*
 * test_zone.c -- the zone-file source: directives, relative names, file
 * and line of every record, syntax errors that do not stop the load,
 * inline suppression, NXDOMAIN vs NODATA, wildcards, duplicates.
 */
#include <stdio.h>

#include "helpers.h"

/* Collects one answer for inspection. */
struct got {
	enum mx_rcode	rcode;
	size_t		n;
	char		owner[256], target[256], address[64], file[256];
	unsigned long	line;
	uint32_t	ttl;
};

static void
on_answer(void *arg, const struct mx_answer *ans)
{
	struct got *g = arg;

	g->rcode = ans->rcode;
	g->n = ans->nrecords + ans->ncnames;
	if (g->n > 0) {
		const struct mx_record *r = ans->nrecords > 0 ?
		    &ans->records[0] : &ans->cnames[0];

		snprintf(g->owner, sizeof(g->owner), "%s", r->owner);
		snprintf(g->target, sizeof(g->target), "%s",
		    r->target ? r->target : "");
		snprintf(g->address, sizeof(g->address), "%s",
		    r->address ? r->address : "");
		snprintf(g->file, sizeof(g->file), "%s",
		    r->file ? r->file : "");
		g->line = r->line;
		g->ttl = r->ttl;
	}
}

static struct got
ask(mx_zone *z, const char *name, uint16_t type)
{
	mx_source	*src;
	mx_loop		*loop = mx_loop_new();
	mx_query	*q;
	struct got	 g;

	memset(&g, 0, sizeof(g));
	g.rcode = (enum mx_rcode)-1;
	assert_non_null(loop);
	assert_int_equal(mx_zone_source(z, &src), MX_OK);
	assert_int_equal(mx_query_new(name, type, &q), MX_OK);
	/* a source answers only while attached to a loop */
	assert_int_equal(mx_source_query(src, q, on_answer, &g), MX_ERR_ARG);
	assert_int_equal(mx_source_attach(src, loop), MX_OK);
	assert_int_equal(mx_source_query(src, q, on_answer, &g), MX_OK);
	/* answers arrive from the loop, never from query() */
	assert_int_equal((int)g.rcode, -1);
	assert_int_equal(mx_loop_timeout(loop), 0);
	assert_int_equal(mx_loop_run_once(loop, 0), MX_OK);
	assert_int_not_equal((int)g.rcode, -1);
	assert_int_equal(mx_loop_timeout(loop), -1);
	mx_query_free(q);
	mx_source_free(src);
	mx_loop_free(loop);
	return g;
}

static mx_zone *
load(const char *text, const char *origin)
{
	mx_zone	*z;
	char	*err = NULL;

	assert_int_equal(mx_zone_new(&z), MX_OK);
	assert_int_equal(mx_zone_load_string(z, text, "t.zone", origin, &err),
	    MX_OK);
	assert_null(err);
	return z;
}

static void
test_lines_and_relative_names(void **state)
{
	mx_zone *z = load(
	    "$TTL 300\n"			/* 1 */
	    "@ SOA ns h ( 1 ; serial\n"		/* 2 */
	    "   7200 3600\n"			/* 3 */
	    "   1209600 300 )\n"		/* 4 */
	    "\n"				/* 5 */
	    "@ MX 10 mail ; primary\n"		/* 6 */
	    "mail IN 60 A 93.184.216.1\n"	/* 7 */
	    "  AAAA 2606:2800::1\n",		/* 8 */
	    "example.org");
	struct got g;

	(void)state;
	g = ask(z, "example.org.", MX_TYPE_MX);
	assert_int_equal(g.rcode, MX_ANSWER_OK);
	assert_string_equal(g.target, "mail.example.org.");
	assert_int_equal(g.line, 6);
	assert_int_equal(g.ttl, 300);
	assert_string_equal(g.file, "t.zone");
	g = ask(z, "MAIL.example.org.", MX_TYPE_A);
	assert_int_equal(g.rcode, MX_ANSWER_OK);
	assert_string_equal(g.address, "93.184.216.1");
	assert_int_equal(g.line, 7);
	assert_int_equal(g.ttl, 60);
	/* a record without owner takes the previous one */
	g = ask(z, "mail.example.org.", MX_TYPE_AAAA);
	assert_int_equal(g.rcode, MX_ANSWER_OK);
	assert_int_equal(g.line, 8);
	mx_zone_free(z);
}

static void
test_rcodes(void **state)
{
	mx_zone *z = load(
	    "$ORIGIN example.net.\n"
	    "@ SOA ns h 1 2 3 4 5\n"
	    "a.b.c A 93.184.216.2\n"
	    "alias CNAME a.b.c\n"
	    "*.wild MX 10 a.b.c\n"
	    "x.wild TXT \"own records\"\n", NULL);
	struct got g;

	(void)state;
	assert_int_equal(ask(z, "a.b.c.example.net.", MX_TYPE_MX).rcode,
	    MX_ANSWER_NODATA);
	/* an empty non-terminal exists (RFC 8020) */
	assert_int_equal(ask(z, "b.c.example.net.", MX_TYPE_MX).rcode,
	    MX_ANSWER_NODATA);
	assert_int_equal(ask(z, "nope.example.net.", MX_TYPE_MX).rcode,
	    MX_ANSWER_NXDOMAIN);
	assert_int_equal(ask(z, "example.com.", MX_TYPE_MX).rcode,
	    MX_ANSWER_OUT_OF_ZONE);
	g = ask(z, "alias.example.net.", MX_TYPE_A);
	assert_int_equal(g.rcode, MX_ANSWER_CNAME);
	assert_string_equal(g.target, "a.b.c.example.net.");
	/* RFC 4592: the wildcard answers for names that do not exist */
	g = ask(z, "any.wild.example.net.", MX_TYPE_MX);
	assert_int_equal(g.rcode, MX_ANSWER_OK);
	assert_string_equal(g.owner, "any.wild.example.net.");
	assert_string_equal(g.target, "a.b.c.example.net.");
	/* ... but not for a name that has records of its own */
	assert_int_equal(ask(z, "x.wild.example.net.", MX_TYPE_MX).rcode,
	    MX_ANSWER_NODATA);
	mx_zone_free(z);
}

/* A relative name of n characters: labels of 60, dots between. */
static void
long_name(char *buf, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		buf[i] = (i + 1) % 61 == 0 ? '.' : 'a';
	buf[n] = '\0';
}

/*
 * RFC 1035 §2.3.4: a name takes at most 255 octets on the wire.  With the
 * origin "example.org." a relative exchange of 241 characters makes 255
 * octets and loads; 242 make 256, which ldns refuses: a zone-syntax
 * finding, whichever path read the record.
 */
static void
test_name_length_limit(void **state)
{
	char			 name[300], text[600];
	struct mx_finding	*f;
	mx_zone			*z;
	size_t			 n;

	(void)state;
	long_name(name, 241);
	snprintf(text, sizeof(text), "$ORIGIN example.org.\n"
	    "@ SOA ns h 1 2 3 4 5\n@ MX 10 %s\n", name);
	z = load(text, NULL);
	assert_int_equal(mx_zone_findings(z, NULL, &f, &n), MX_OK);
	assert_int_equal(n, 0);
	assert_int_equal(ask(z, "example.org.", MX_TYPE_MX).n, 1);
	assert_int_equal(strlen(ask(z, "example.org.", MX_TYPE_MX).target),
	    254);
	mx_findings_free(f, n);
	mx_zone_free(z);

	long_name(name, 242);
	snprintf(text, sizeof(text), "$ORIGIN example.org.\n"
	    "@ SOA ns h 1 2 3 4 5\n@ MX 10 %s\n", name);
	z = load(text, NULL);
	assert_int_equal(mx_zone_findings(z, NULL, &f, &n), MX_OK);
	assert_int_equal(n, 1);
	assert_string_equal(f[0].check, "zone-syntax");
	assert_int_equal(f[0].line, 3);
	assert_int_equal(ask(z, "example.org.", MX_TYPE_MX).n, 0);
	mx_findings_free(f, n);
	mx_zone_free(z);
}

/* TXT records read without ldns keep their owner (NODATA, not NXDOMAIN);
 * those the fast path leaves to ldns are still checked by it. */
static void
test_txt_owners(void **state)
{
	struct mx_finding	*f;
	mx_zone			*z;
	size_t			 n;

	(void)state;
	z = load("$ORIGIN example.org.\n"			/* 1 */
	    "@ SOA ns h 1 2 3 4 5\n"				/* 2 */
	    "t1 TXT \"v=spf1 mx -all\"\n"			/* 3 */
	    "t2 300 IN TXT \"a\" \"b c\"\n"			/* 4 */
	    "t3 TXT \"esc\\\"aped\"\n"			/* 5 */
	    "t4 TXT \"unterminated\n"				/* 6 */
	    "t5 TXT\n", NULL);					/* 7 */
	assert_int_equal(ask(z, "t1.example.org.", MX_TYPE_A).rcode,
	    MX_ANSWER_NODATA);
	assert_int_equal(ask(z, "t2.example.org.", MX_TYPE_A).rcode,
	    MX_ANSWER_NODATA);
	assert_int_equal(ask(z, "t3.example.org.", MX_TYPE_A).rcode,
	    MX_ANSWER_NODATA);
	assert_int_equal(ask(z, "t4.example.org.", MX_TYPE_A).rcode,
	    MX_ANSWER_NXDOMAIN);
	assert_int_equal(ask(z, "t5.example.org.", MX_TYPE_A).rcode,
	    MX_ANSWER_NXDOMAIN);
	assert_int_equal(mx_zone_findings(z, NULL, &f, &n), MX_OK);
	assert_int_equal(n, 2);
	assert_string_equal(f[0].check, "zone-syntax");
	assert_int_equal(f[0].line, 6);
	assert_non_null(strstr(f[0].message, "newline inside a quoted string"));
	assert_string_equal(f[1].check, "zone-syntax");
	assert_int_equal(f[1].line, 7);
	assert_non_null(strstr(f[1].message, "value expected"));
	mx_findings_free(f, n);
	mx_zone_free(z);
}

static void
test_syntax_errors_continue(void **state)
{
	mx_zone *z = load(
	    "$ORIGIN example.org.\n"			/* 1 */
	    "@ SOA ns h 1 2 3 4 5\n"			/* 2 */
	    "@ MX 65536 mail\n"				/* 3 */
	    "@ MX -1 mail\n"				/* 4 */
	    "@ MX 5 mail. garbage\n"			/* 5 */
	    "@ MX\n"					/* 6 */
	    "mail A 257.1.1.1 ; mxdig: ignore=zone-syntax\n" /* 7 */
	    "$BOGUS x\n"				/* 8 */
	    "@ MX 10 mail\n"				/* 9 */
	    "mail A 93.184.216.3\n"			/* 10 */
	    "open ( A 93.184.216.4\n",			/* 11 */
	    NULL);
	struct mx_finding	*f;
	size_t			 n, i;
	unsigned long		 lines[] = { 3, 4, 5, 6, 8, 11 };

	(void)state;
	assert_int_equal(mx_zone_findings(z, NULL, &f, &n), MX_OK);
	assert_int_equal(n, 6);
	for (i = 0; i < n; i++) {
		assert_string_equal(f[i].check, "zone-syntax");
		assert_int_equal(f[i].severity, MX_SEV_ERROR);
		assert_string_equal(f[i].file, "t.zone");
		assert_int_equal(f[i].line, lines[i]);
	}
	assert_non_null(strstr(f[0].message, "0 to 65535"));
	assert_non_null(strstr(f[2].message, "superfluous"));
	assert_non_null(strstr(f[4].message, "$BOGUS"));
	assert_non_null(strstr(f[5].message, "parenthesis"));
	/* the good record after the bad ones is loaded */
	assert_int_equal(ask(z, "example.org.", MX_TYPE_MX).line, 9);
	assert_int_equal(ask(z, "example.org.", MX_TYPE_MX).n, 1);
	mx_findings_free(f, n);
	mx_zone_free(z);
}

static void
test_include_and_origin(void **state)
{
	mx_zone		*z;
	char		*err = NULL;
	struct got	 g;

	(void)state;
	assert_int_equal(mx_zone_new(&z), MX_OK);
	assert_int_equal(mx_zone_load_file(z, TEST_ZONES "/include-main.zone",
	    NULL, &err), MX_OK);
	g = ask(z, "mail.inc.example.", MX_TYPE_A);
	assert_int_equal(g.rcode, MX_ANSWER_OK);
	assert_int_equal(g.line, 2);
	assert_int_equal(g.ttl, 300);
	assert_non_null(strstr(g.file, "sub/hosts.inc"));
	g = ask(z, "mx.other.inc.example.", MX_TYPE_A);
	assert_int_equal(g.rcode, MX_ANSWER_OK);
	assert_int_equal(g.ttl, 600);
	/* the origin returns after the include (RFC 1035 §5.1) */
	g = ask(z, "after.inc.example.", MX_TYPE_A);
	assert_int_equal(g.rcode, MX_ANSWER_OK);
	assert_int_equal(g.line, 6);
	assert_non_null(strstr(g.file, "include-main.zone"));
	mx_zone_free(z);
}

static void
test_load_errors(void **state)
{
	mx_zone	*z;
	char	*err = NULL;

	(void)state;
	assert_int_equal(mx_zone_new(&z), MX_OK);
	assert_int_equal(mx_zone_load_file(z, TEST_ZONES "/no-such-file",
	    NULL, &err), MX_ERR_IO);
	assert_non_null(strstr(err, "no-such-file"));
	free(err);
	err = NULL;
	/* no $ORIGIN, no SOA with an absolute owner, no origin given */
	assert_int_equal(mx_zone_load_string(z, "@ MX 10 mail\n", "o.zone",
	    NULL, &err), MX_ERR_ORIGIN);
	assert_non_null(strstr(err, "o.zone:1"));
	free(err);
	err = NULL;
	/* the SOA owner gives the origin */
	assert_int_equal(mx_zone_load_string(z,
	    "soa.example. SOA ns h 1 2 3 4 5\n@ MX 10 mail\n", "s.zone",
	    NULL, &err), MX_OK);
	assert_int_equal(ask(z, "soa.example.", MX_TYPE_MX).rcode,
	    MX_ANSWER_OK);
	/* binary garbage: findings, no crash */
	assert_int_equal(mx_zone_load_string(z,
	    "$ORIGIN g.example.\n\x01\x02\xff\xfe ( ( \"\n", "g.zone", NULL,
	    &err), MX_OK);
	mx_zone_free(z);
}

static void
test_duplicates_and_mismatch(void **state)
{
	mx_zone *z = load(
	    "$ORIGIN d.example.\n"			/* 1 */
	    "@ SOA ns h 1 2 3 4 5\n"			/* 2 */
	    "@ MX 10 Mail\n"				/* 3 */
	    "@ MX 10 mail\n"				/* 4 */
	    "@ MX 10 MAIL.d.example.\n"			/* 5 */
	    "mail 300 A 93.184.216.5\n"			/* 6 */
	    "mail 400 A 93.184.216.6\n"			/* 7 */
	    "mail 500 A 93.184.216.7\n"			/* 8 */
	    "*.w MX 10 mail\n", NULL);			/* 9 */
	struct mx_finding	*f;
	size_t			 n;

	(void)state;
	/* RFC 2181 §5: duplicates differing in case collapse */
	assert_int_equal(ask(z, "d.example.", MX_TYPE_MX).n, 1);
	assert_int_equal(ask(z, "mail.d.example.", MX_TYPE_A).n, 3);
	assert_int_equal(mx_zone_findings(z, NULL, &f, &n), MX_OK);
	assert_int_equal(n, 2);
	assert_string_equal(f[0].check, "ttl-mismatch");
	assert_int_equal(f[0].line, 7);
	assert_string_equal(f[1].check, "mx-wildcard");
	assert_int_equal(f[1].line, 9);
	mx_findings_free(f, n);
	mx_zone_free(z);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines_and_relative_names),
		cmocka_unit_test(test_rcodes),
		cmocka_unit_test(test_syntax_errors_continue),
		cmocka_unit_test(test_include_and_origin),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_name_length_limit),
		cmocka_unit_test(test_txt_owners),
		cmocka_unit_test(test_duplicates_and_mismatch),
	};

	return cmocka_run_group_tests(tests, NULL, check_zone_done);
}

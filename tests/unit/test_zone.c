/*
 * test_zone.c -- the zone-file source: directives, relative names, file
 * and line of every record, syntax errors that do not stop the load,
 * inline suppression, NXDOMAIN vs NODATA, wildcards, duplicates; and
 * hostile input (#11): include loops and the bound on files, files that
 * are not regular, $INCLUDE origins, names at and over their limits,
 * TTLs over 2^31-1, unclosed parentheses, bytes that must not reach a
 * terminal raw.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "helpers.h"
#include "generate.h"

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

/* ---- hostile input (#11) ---- */

/* A scratch folder for files the tests write; removed by rm_dir. */
static char scratch[64];

static void
mk_dir(void)
{
	snprintf(scratch, sizeof(scratch), "/tmp/mxdig-test-zone.XXXXXX");
	assert_non_null(mkdtemp(scratch));
}

static void
rm_dir(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", scratch);
	assert_int_equal(system(cmd), 0);
}

/* Writes text to scratch/name; returns the path in a static buffer. */
static const char *
put(const char *name, const char *text)
{
	static char	 path[256];
	FILE		*fp;

	snprintf(path, sizeof(path), "%s/%s", scratch, name);
	assert_non_null(fp = fopen(path, "w"));
	assert_int_equal(fputs(text, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
	return path;
}

/* Loads scratch/name; the findings in *f (n of them). */
static mx_zone *
load_scratch(const char *name, struct mx_finding **f, size_t *n)
{
	mx_zone	*z;
	char	 path[256], *err = NULL;

	snprintf(path, sizeof(path), "%s/%s", scratch, name);
	assert_int_equal(mx_zone_new(&z), MX_OK);
	assert_int_equal(mx_zone_load_file(z, path, NULL, &err), MX_OK);
	assert_null(err);
	assert_int_equal(mx_zone_findings(z, NULL, f, n), MX_OK);
	return z;
}

/* Asserts that finding f is a zone-syntax error at file:line (file under
 * scratch) whose message starts with text. */
static void
assert_syntax(const struct mx_finding *f, const char *file,
    unsigned long line, const char *text)
{
	char	 path[256], msg[1024];

	snprintf(path, sizeof(path), "%s/%s", scratch, file);
	snprintf(msg, sizeof(msg), "%s: %s, as a server would refuse the "
	    "zone", text, strncmp(text, "$INCLUDE", 8) == 0 ?
	    "the file is not loaded" : text[0] == '$' ?
	    "the directive is not applied" : "the record is not loaded");
	assert_string_equal(f->check, "zone-syntax");
	assert_int_equal(f->severity, MX_SEV_ERROR);
	assert_string_equal(f->file, path);
	assert_int_equal(f->line, line);
	assert_string_equal(f->message, msg);
}

/*
 * A file that includes itself five times took k^10 loads (out of
 * memory); each $INCLUDE of a file already being read is now an include
 * loop, found by device and inode whatever path names it, and said at
 * once.  A loop through another file names the chain.
 */
static void
test_include_loops(void **state)
{
	struct mx_finding	*f;
	mx_zone			*z;
	size_t			 n, i;
	char			 want[512];
	time_t			 t0 = time(NULL);

	(void)state;
	mk_dir();
	put("main.zone", "$ORIGIN loop.example.\n"
	    "@ SOA ns h 1 2 3 4 5\n"
	    "@ MX 10 mail\n"
	    "mail A 93.184.216.1\n"
	    "$INCLUDE self.inc\n"
	    "$INCLUDE a.inc\n");
	put("self.inc", "$INCLUDE self.inc\n$INCLUDE ./self.inc\n"
	    "$INCLUDE self.inc\n$INCLUDE self.inc\n$INCLUDE self.inc\n");
	put("a.inc", "$INCLUDE b.inc\n");
	put("b.inc", "x A 93.184.216.2\n$INCLUDE main.zone\n");
	z = load_scratch("main.zone", &f, &n);
	assert_int_equal(n, 6);
	for (i = 0; i < 5; i++) {
		snprintf(want, sizeof(want), "$INCLUDE %s/%sself.inc: include "
		    "loop (%s/self.inc includes itself)", scratch,
		    i == 1 ? "./" : "", scratch);
		assert_syntax(&f[i], "self.inc", i + 1, want);
	}
	snprintf(want, sizeof(want), "$INCLUDE %s/main.zone: include loop "
	    "(%s/main.zone includes itself through %s/a.inc, %s/b.inc)",
	    scratch, scratch, scratch, scratch);
	assert_syntax(&f[5], "b.inc", 2, want);
	/* what the files hold apart from the loops is loaded */
	assert_int_equal(ask(z, "x.loop.example.", MX_TYPE_A).rcode,
	    MX_ANSWER_OK);
	assert_int_equal(ask(z, "loop.example.", MX_TYPE_MX).n, 1);
	assert_true(time(NULL) - t0 < 5);
	mx_findings_free(f, n);
	mx_zone_free(z);
	rm_dir();
}

/*
 * No loop, but each file includes the next twice: 2^11 files.  A load
 * opens at most 1000 files; the $INCLUDE that would open one more is
 * said once, and the depth bound still holds.
 */
static void
test_include_file_bound(void **state)
{
	struct mx_finding	*f;
	mx_zone			*z;
	size_t			 n, i, bound = 0, deep = 0;
	char			 name[32], text[128];

	(void)state;
	mk_dir();
	put("fan.zone", "$ORIGIN fan.example.\n@ SOA ns h 1 2 3 4 5\n"
	    "$INCLUDE f0.inc\n");
	for (i = 0; i < 11; i++) {
		snprintf(name, sizeof(name), "f%zu.inc", i);
		snprintf(text, sizeof(text), "$INCLUDE f%zu.inc\n"
		    "$INCLUDE f%zu.inc\n", i + 1, i + 1);
		put(name, i < 10 ? text : "x A 93.184.216.3\n");
	}
	z = load_scratch("fan.zone", &f, &n);
	for (i = 0; i < n; i++) {
		assert_string_equal(f[i].check, "zone-syntax");
		if (strstr(f[i].message, "the zone has read 1000 files "
		    "already, the most one zone may; this $INCLUDE and every "
		    "later one are not read") != NULL)
			bound++;
		else if (strstr(f[i].message, "nested deeper than 10 files"))
			deep++;
		else
			fail_msg("unexpected finding: %s", f[i].message);
	}
	assert_int_equal(bound, 1);
	assert_true(deep >= 1);
	mx_findings_free(f, n);
	mx_zone_free(z);
	rm_dir();
}

/*
 * A directory, a device and a FIFO where a file is expected: refused
 * with "not a regular file" (a FIFO used to block in open, /dev/zero to
 * be read forever, a directory to pass as an empty zone), as the zone
 * file and as $INCLUDE targets.
 */
static void
test_not_regular(void **state)
{
	struct mx_finding	*f;
	mx_zone			*z;
	size_t			 n;
	char			 path[256], want[512], *err = NULL;
	const char		*bad[] = { "dir", "fifo", "/dev/zero" };
	int			 i;

	(void)state;
	mk_dir();
	snprintf(path, sizeof(path), "%s/dir", scratch);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/fifo", scratch);
	assert_int_equal(mkfifo(path, 0600), 0);
	put("inc.zone", "$ORIGIN nr.example.\n@ SOA ns h 1 2 3 4 5\n"
	    "$INCLUDE dir\n$INCLUDE fifo\n$INCLUDE /dev/zero\n"
	    "@ MX 10 mail\n");
	z = load_scratch("inc.zone", &f, &n);
	assert_int_equal(n, 3);
	for (i = 0; i < 3; i++) {
		if (bad[i][0] == '/')
			snprintf(want, sizeof(want), "$INCLUDE %s: not a "
			    "regular file", bad[i]);
		else
			snprintf(want, sizeof(want), "$INCLUDE %s/%s: not a "
			    "regular file", scratch, bad[i]);
		assert_syntax(&f[i], "inc.zone", (unsigned long)i + 3, want);
	}
	assert_int_equal(ask(z, "nr.example.", MX_TYPE_MX).line, 6);
	mx_findings_free(f, n);
	mx_zone_free(z);
	for (i = 0; i < 3; i++) {
		if (bad[i][0] == '/')
			snprintf(path, sizeof(path), "%s", bad[i]);
		else
			snprintf(path, sizeof(path), "%s/%s", scratch, bad[i]);
		assert_int_equal(mx_zone_new(&z), MX_OK);
		assert_int_equal(mx_zone_load_file(z, path, "nr.example",
		    &err), MX_ERR_IO);
		snprintf(want, sizeof(want), "%s: not a regular file", path);
		assert_string_equal(err, want);
		free(err);
		err = NULL;
		mx_zone_free(z);
	}
	rm_dir();
}

/*
 * $INCLUDE FILE ORIGIN: an invalid origin is a finding (it was ignored,
 * leaked, and let the included SOA replace the zone's origin); a
 * relative one is relative to the current origin (RFC 1035 §5.1); the
 * included file's SOA and $ORIGIN change nothing after it.
 */
static void
test_include_origin(void **state)
{
	struct mx_finding	*f;
	mx_zone			*z;
	size_t			 n;
	char			 want[512];
	struct got		 g;

	(void)state;
	mk_dir();
	put("o.zone", "$ORIGIN org.example.\n"		/* 1 */
	    "@ SOA ns h 1 2 3 4 5\n"			/* 2 */
	    "@ MX 10 mail\n"				/* 3 */
	    "$INCLUDE sub.inc bad..label\n"		/* 4 */
	    "$INCLUDE sub.inc sub\n"			/* 5 */
	    "mail A 93.184.216.1\n");			/* 6 */
	put("sub.inc", "sub.org.example. SOA ns h 1 2 3 4 5\n"
	    "mx2 A 93.184.216.2\n"
	    "$ORIGIN elsewhere.example.\n"
	    "z A 93.184.216.3\n");
	z = load_scratch("o.zone", &f, &n);
	/* z.elsewhere.example. lies outside the zone */
	assert_int_equal(n, 2);
	snprintf(want, sizeof(want), "$INCLUDE %s/sub.inc: origin: name "
	    "bad..label has an empty label", scratch);
	assert_syntax(&f[0], "o.zone", 4, want);
	assert_syntax(&f[1], "sub.inc", 4, "z.elsewhere.example. is outside "
	    "the zone org.example.");
	g = ask(z, "mx2.sub.org.example.", MX_TYPE_A);
	assert_int_equal(g.rcode, MX_ANSWER_OK);
	/* the origin is the zone's again after the include */
	g = ask(z, "mail.org.example.", MX_TYPE_A);
	assert_int_equal(g.rcode, MX_ANSWER_OK);
	assert_int_equal(g.line, 6);
	assert_int_equal(mx_zone_covers(z, "org.example."), 1);
	assert_string_equal(mx_zone_origin_of(z, "mail.org.example."),
	    "org.example.");
	mx_findings_free(f, n);
	mx_zone_free(z);
	rm_dir();
}

/* A relative name of labels of 63 octets written as \000 escapes, and
 * one label of last octets, into buf. */
static void
escaped_name(char *buf, size_t size, int labels, int last)
{
	size_t	len = 0;
	int	i, j;

	for (i = 0; i <= labels; i++) {
		int k = i < labels ? 63 : last;

		if (k == 0)
			break;
		if (i > 0)
			len += (size_t)snprintf(buf + len, size - len, ".");
		for (j = 0; j < k; j++)
			len += (size_t)snprintf(buf + len, size - len, "\\000");
	}
}

/*
 * Names are counted in octets on the wire, escapes as one (RFC 1035
 * §2.3.4, §5.1): a 205-octet owner written with \000 escapes (over 800
 * characters) loads; an owner that passes 255 octets only once the origin
 * is appended, a label of 64 octets in an owner, an exchange or a CNAME
 * target are findings saying so (they were "out of memory", stopping the
 * load, and ldns' "could not parse the RR's rdata").
 */
static void
test_name_limits(void **state)
{
	char			 name[1200], text[4000], label[70], want[256];
	struct mx_finding	*f;
	mx_zone			*z;
	size_t			 n;

	(void)state;
	/* 3 x 64 + 9 + "ex." (4) = 205 octets */
	escaped_name(name, sizeof(name), 3, 8);
	memset(label, 'a', 64);
	label[64] = '\0';
	snprintf(text, sizeof(text), "$ORIGIN ex.\n"	/* 1 */
	    "@ SOA ns h 1 2 3 4 5\n"			/* 2 */
	    "%s TXT \"long owner\"\n"			/* 3 */
	    "%s MX 10 mail\n"				/* 4 */
	    "%s A 93.184.216.1\n"			/* 5 */
	    "@ MX 10 %s\n"				/* 6 */
	    "c CNAME %s.ex.\n"				/* 7 */
	    "b\\.c\\046d A 93.184.216.2\n",		/* 8 */
	    name, name, label, label, label);
	z = load(text, NULL);
	assert_int_equal(mx_zone_findings(z, NULL, &f, &n), MX_OK);
	assert_int_equal(n, 3);
	assert_int_equal(f[0].line, 5);
	assert_string_equal(f[0].message, "label aaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaa... is longer than 63 octets: the record is not "
	    "loaded, as a server would refuse the zone");
	assert_int_equal(f[1].line, 6);
	assert_string_equal(f[1].message, f[0].message);
	assert_int_equal(f[2].line, 7);
	assert_string_equal(f[2].message, f[0].message);
	mx_findings_free(f, n);
	/* the long owner is there: NODATA for A, its MX answers */
	assert_int_equal(mx_zone_mx_owners(z, &n) != NULL, 1);
	assert_int_equal(n, 1);
	assert_int_equal(strlen(mx_zone_mx_owners(z, &n)[0]),
	    197 * 4 + 3 + strlen(".ex."));
	/* an escaped dot is part of its label: one owner, two labels */
	assert_int_equal(ask(z, "b\\.c\\.d.ex.", MX_TYPE_A).rcode,
	    MX_ANSWER_OK);
	mx_zone_free(z);

	/* 3 x 64 + 61 = 253 octets before the origin, 257 after; the
	 * name is quoted as written, escaped, cut at 44 characters */
	escaped_name(name, sizeof(name), 3, 60);
	snprintf(text, sizeof(text), "$ORIGIN ex.\n@ SOA ns h 1 2 3 4 5\n"
	    "%s A 93.184.216.1\n@ MX 10 mail\n", name);
	z = load(text, NULL);
	assert_int_equal(mx_zone_findings(z, NULL, &f, &n), MX_OK);
	assert_int_equal(n, 1);
	assert_int_equal(f[0].line, 3);
	snprintf(want, sizeof(want), "name %s\\\\00... is longer than 255 "
	    "octets once the origin is appended (257): the record is not "
	    "loaded, as a server would refuse the zone",
	    "\\\\000\\\\000\\\\000\\\\000\\\\000\\\\000\\\\000\\\\000");
	assert_string_equal(f[0].message, want);
	/* the load went on */
	assert_int_equal(ask(z, "ex.", MX_TYPE_MX).n, 1);
	mx_findings_free(f, n);
	mx_zone_free(z);
}

/*
 * TTLs (RFC 2181 §8): at most 2^31-1, BIND's units, nothing else.  A TTL
 * over 2^31-1 is a zone-syntax error, and the record (or the $TTL) is not
 * loaded, as the message says: 4294967296 no longer wraps to 0 (a
 * spurious ttl-zero).
 */
static void
test_ttls(void **state)
{
	mx_zone *z = load(
	    "$ORIGIN t.example.\n"			/* 1 */
	    "$TTL 1h30m\n"				/* 2 */
	    "@ SOA ns h 1 2 3 4 5\n"			/* 3 */
	    "@ MX 10 mail\n"				/* 4 */
	    "$TTL 4294967296\n"				/* 5 */
	    "mail A 93.184.216.1\n"			/* 6 */
	    "a 2147483647 A 93.184.216.2\n"		/* 7 */
	    "b 2147483648 A 93.184.216.3\n"		/* 8 */
	    "c 4294967296 IN A 93.184.216.4\n"		/* 9 */
	    "d 1W2d3H4m5S A 93.184.216.5\n"		/* 10 */
	    "e 99999999999999999999999 A 93.184.216.6\n" /* 11 */
	    "$TTL 1hh\n"				/* 12 */
	    "$TTL 3600x\n"				/* 13 */
	    "f IN 24856d A 93.184.216.7\n",		/* 14 */
	    NULL);
	struct mx_finding	*f;
	size_t			 n;
	const char		*sfx = ": the record is not loaded, as a "
				    "server would refuse the zone";
	const char		*dsfx = ": the directive is not applied, as "
				    "a server would refuse the zone";
	char			 want[256];

	(void)state;
	assert_int_equal(ask(z, "t.example.", MX_TYPE_MX).ttl, 5400);
	/* $TTL 4294967296 was refused: the default stays 1h30m */
	assert_int_equal(ask(z, "mail.t.example.", MX_TYPE_A).ttl, 5400);
	assert_int_equal(ask(z, "a.t.example.", MX_TYPE_A).ttl, 2147483647);
	assert_int_equal(ask(z, "b.t.example.", MX_TYPE_A).rcode,
	    MX_ANSWER_NXDOMAIN);
	assert_int_equal(ask(z, "c.t.example.", MX_TYPE_A).rcode,
	    MX_ANSWER_NXDOMAIN);
	assert_int_equal(ask(z, "d.t.example.", MX_TYPE_A).ttl,
	    604800 + 2 * 86400 + 3 * 3600 + 4 * 60 + 5);
	assert_int_equal(ask(z, "e.t.example.", MX_TYPE_A).rcode,
	    MX_ANSWER_NXDOMAIN);
	assert_int_equal(ask(z, "f.t.example.", MX_TYPE_A).rcode,
	    MX_ANSWER_NXDOMAIN);
	assert_int_equal(mx_zone_findings(z, NULL, &f, &n), MX_OK);
	assert_int_equal(n, 7);
	snprintf(want, sizeof(want), "$TTL: TTL 4294967296 is over 2^31-1 "
	    "(RFC 2181 §8): the directive is not applied, as a server would "
	    "refuse the zone");
	assert_int_equal(f[0].line, 5);
	assert_string_equal(f[0].message, want);
	snprintf(want, sizeof(want), "TTL 2147483648 is over 2^31-1 (RFC "
	    "2181 §8)%s", sfx);
	assert_int_equal(f[1].line, 8);
	assert_string_equal(f[1].message, want);
	snprintf(want, sizeof(want), "TTL 4294967296 is over 2^31-1 (RFC "
	    "2181 §8)%s", sfx);
	assert_int_equal(f[2].line, 9);
	assert_string_equal(f[2].message, want);
	snprintf(want, sizeof(want), "TTL 99999999999999999999999 is over "
	    "2^31-1 (RFC 2181 §8)%s", sfx);
	assert_int_equal(f[3].line, 11);
	assert_string_equal(f[3].message, want);
	snprintf(want, sizeof(want), "$TTL: TTL 1hh is not a number of "
	    "seconds or of BIND's units (1h30m)%s", dsfx);
	assert_int_equal(f[4].line, 12);
	assert_string_equal(f[4].message, want);
	snprintf(want, sizeof(want), "$TTL: TTL 3600x is not a number of "
	    "seconds or of BIND's units (1h30m)%s", dsfx);
	assert_int_equal(f[5].line, 13);
	assert_string_equal(f[5].message, want);
	/* 24856 days are 2147558400 s; with the class before the TTL
	 * too */
	snprintf(want, sizeof(want), "TTL 24856d is over 2^31-1 (RFC 2181 "
	    "§8)%s", sfx);
	assert_int_equal(f[6].line, 14);
	assert_string_equal(f[6].message, want);
	mx_findings_free(f, n);
	mx_zone_free(z);
}

/* A parenthesis never closed takes the rest of the file: the message
 * says where it was opened, not that the record grew too long. */
static void
test_unclosed_parenthesis(void **state)
{
	size_t			 i, n, len = 0, cap = 200 * 1000 + 200;
	char			*text = malloc(cap);
	struct mx_finding	*f;
	mx_zone			*z;

	(void)state;
	assert_non_null(text);
	len += (size_t)snprintf(text, cap, "$ORIGIN p.example.\n"
	    "@ SOA ns h 1 2 3 4 5\n@ MX 10 mail\nbad TXT ( \"x\"\n");
	for (i = 0; i < 10000; i++)
		len += (size_t)snprintf(text + len, cap - len,
		    "x A 93.184.216.2\n");
	z = load(text, NULL);
	assert_int_equal(mx_zone_findings(z, NULL, &f, &n), MX_OK);
	assert_int_equal(n, 1);
	assert_int_equal(f[0].line, 4);
	assert_string_equal(f[0].message, "parenthesis opened at line 4 is "
	    "never closed: the record is not loaded, as a server would refuse "
	    "the zone");
	mx_findings_free(f, n);
	mx_zone_free(z);
	free(text);
}

/*
 * Bytes from the file reach messages escaped as names are (\DDD, "\\"):
 * an escape sequence in $TTL no longer reaches the terminal, a
 * backslash-newline in an $INCLUDE path no longer forges a second
 * "file:line: error:" line; a file name with a newline or bytes that
 * are not UTF-8 is quoted in messages escaped too (the file field keeps
 * it as it is, and the formats escape it: hostile-files.sh).
 */
static void
test_escaped_messages(void **state)
{
	struct mx_finding	*f;
	mx_zone			*z;
	size_t			 n, i;
	char			*err = NULL, buf[16];

	(void)state;
	assert_int_equal(mx_zone_new(&z), MX_OK);
	assert_int_equal(mx_zone_load_string(z, "@ MX 10 mail\n",
	    "we\nird\xff.zone", NULL, &err), MX_ERR_ORIGIN);
	assert_string_equal(err, "we\\010ird\\255.zone:1: no $ORIGIN and no "
	    "SOA with an absolute owner before the first record; name the "
	    "origin as FILE:ORIGIN");
	free(err);
	err = NULL;
	assert_int_equal(mx_zone_load_string(z,
	    "$ORIGIN e.example.\n"				/* 1 */
	    "@ SOA ns h 1 2 3 4 5\n"				/* 2 */
	    "$TTL 1\x1b[31mred\n"				/* 3 */
	    "$INCLUDE \"x\\\nt.zone:1: error: forged [zone-syntax]\"\n"
	    /* 4, 5 */
	    "$B\x7fOGUS\xff\n",					/* 6 */
	    "we\nird\xff.zone", NULL, &err), MX_OK);
	assert_int_equal(mx_zone_findings(z, NULL, &f, &n), MX_OK);
	assert_int_equal(n, 3);
	/* the finding keeps the name as it is: the formats escape it */
	for (i = 0; i < n; i++)
		assert_string_equal(f[i].file, "we\nird\xff.zone");
	assert_int_equal(f[0].line, 3);
	assert_string_equal(f[0].message, "$TTL: TTL 1\\027[31mred is not a "
	    "number of seconds or of BIND's units (1h30m): the directive is not "
	    "applied, as a server would refuse the zone");
	assert_int_equal(f[1].line, 4);
	assert_string_equal(f[1].message, "$INCLUDE x\\\\\\010t.zone:1: "
	    "error: forged [zone-syntax]: No such file or directory: the "
	    "file is not loaded, as a server would refuse the zone");
	assert_int_equal(f[2].line, 6);
	assert_string_equal(f[2].message, "unknown directive $B\\127OGUS\\255"
	    ": the record is not loaded, as a server would refuse the zone");
	mx_findings_free(f, n);
	mx_zone_free(z);

	/* the helper itself: whole escapes, "..." when cut */
	assert_string_equal(mx_escape_buf("ab\\c", 4, buf, sizeof(buf)),
	    "ab\\\\c");
	assert_string_equal(mx_escape_buf("\x01\x02\x03\x04", 4, buf, 12),
	    "\\001\\002...");
	assert_string_equal(mx_escape_buf("abcdefghijklmnop", 16, buf,
	    sizeof(buf)), "abcdefghijkl...");
	assert_string_equal(mx_escape_buf("abcdefghijklmno", 15, buf,
	    sizeof(buf)), "abcdefghijklmno");
}

/* Issue 14: the records that make a zone refuse to load, each said with
 * file and line, and the record after them still read. */
static void
test_cname_and_other_data(void **state)
{
	struct mx_finding	*f;
	size_t			 n;
	mx_zone			*z;

	(void)state;
	z = load("$ORIGIN c.example.\n@ SOA ns h 1 2 3 4 5\n"
	    "a MX 10 mx\na CNAME mx\n"			/* 3, 4 */
	    "b CNAME mx\nb TXT \"x\"\n"			/* 5, 6 */
	    "c TXT \"x\"\nc CNAME mx\nc A 192.0.2.1\n"	/* 7, 8, 9 */
	    "d CNAME mx\nd RRSIG CNAME 13 3 3600 20300101000000 "
	    "20200101000000 1 c.example. AAAA\n"
	    "d NSEC e.c.example. CNAME RRSIG NSEC\n"	/* 10-12 */
	    "e CNAME mx\ne CNAME mx\n"			/* 13, 14 */
	    "mx A 192.0.2.2\n", NULL);
	assert_int_equal(mx_zone_findings(z, NULL, &f, &n), MX_OK);
	assert_int_equal(n, 3);
	assert_string_equal(f[0].check, "cname-and-other-data");
	assert_int_equal(f[0].severity, MX_SEV_ERROR);
	assert_string_equal(f[0].subject, "a.c.example.");
	assert_int_equal(f[0].line, 4);
	assert_string_equal(f[0].message, "a.c.example. has a CNAME beside "
	    "other records (line 3): a CNAME must be the only record of its "
	    "name (RFC 1034 §3.6.2, RFC 2181 §10.1); named-checkzone, "
	    "nsd-checkzone and kzonecheck refuse the zone");
	assert_int_equal(f[1].line, 6);
	assert_non_null(strstr(f[1].message, "b.c.example. has records "
	    "beside its CNAME (line 5): "));
	/* once per owner; the TXT is not kept, so no line is named */
	assert_int_equal(f[2].line, 8);
	assert_non_null(strstr(f[2].message, "c.example. has a CNAME beside "
	    "other records: "));
	/* the records are loaded as they were */
	assert_int_equal(ask(z, "a.c.example.", MX_TYPE_MX).n, 1);
	assert_int_equal(ask(z, "mx.c.example.", MX_TYPE_A).n, 1);
	mx_findings_free(f, n);
	mx_zone_free(z);
}

/* A second CNAME at one owner is zone-syntax (BIND: "multiple
 * RRs of singleton type"), the first kept; the same CNAME twice, letter
 * case aside, is one record and no finding; a record without a class in
 * a CH zone is CH, an IN record there is refused. */
static void
test_second_cname_and_class(void **state)
{
	struct mx_finding	*f;
	size_t			 n;
	mx_zone			*z;
	struct got		 g;

	(void)state;
	z = load("$ORIGIN c.example.\n@ SOA ns h 1 2 3 4 5\n"
	    "a CNAME mx\na CNAME other\n"		/* 3, 4 */
	    "b CNAME mx\nb CNAME MX.c.example.\n"	/* 5, 6 */
	    "mx A 192.0.2.2\nother A 192.0.2.3\n", NULL);
	assert_int_equal(mx_zone_findings(z, NULL, &f, &n), MX_OK);
	assert_int_equal(n, 1);
	assert_string_equal(f[0].check, "zone-syntax");
	assert_int_equal(f[0].line, 4);
	assert_non_null(strstr(f[0].message, "a.c.example. has a second "
	    "CNAME (the first on line 3): "));
	g = ask(z, "a.c.example.", MX_TYPE_A);
	assert_int_equal(g.rcode, MX_ANSWER_CNAME);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.target, "mx.c.example.");
	mx_findings_free(f, n);
	mx_zone_free(z);

	z = load("$ORIGIN v.example.\n@ CH SOA ns h 1 2 3 4 5\n"
	    "version TXT \"1\"\nv2 3600 TXT \"2\"\n"	/* 3, 4 */
	    "v3 IN TXT \"3\"\n", NULL);		/* 5 */
	assert_int_equal(mx_zone_findings(z, NULL, &f, &n), MX_OK);
	assert_int_equal(n, 1);
	assert_string_equal(f[0].check, "zone-syntax");
	assert_int_equal(f[0].line, 5);
	assert_non_null(strstr(f[0].message, "class IN is not the zone's "
	    "class CH"));
	mx_findings_free(f, n);
	mx_zone_free(z);
}

/* A record of a class other than the zone's is refused, not loaded; the
 * zone's class is its first record's. */
static void
test_class_other_than_zone(void **state)
{
	struct mx_finding	*f;
	size_t			 n;
	mx_zone			*z;

	(void)state;
	z = load("$ORIGIN c.example.\n@ IN SOA ns h 1 2 3 4 5\n"
	    "version CH TXT \"1\"\nmx CH A 192.0.2.9\nmx IN A 192.0.2.1\n"
	    "mx A 192.0.2.2\n", NULL);
	assert_int_equal(mx_zone_findings(z, NULL, &f, &n), MX_OK);
	assert_int_equal(n, 2);
	assert_string_equal(f[0].check, "zone-syntax");
	assert_int_equal(f[0].line, 3);
	assert_string_equal(f[0].message, "class CH is not the zone's class "
	    "IN (RFC 1035 §5.2): the record is not loaded, as a server would "
	    "refuse the zone");
	assert_int_equal(f[1].line, 4);
	assert_int_equal(ask(z, "mx.c.example.", MX_TYPE_A).n, 2);
	assert_int_equal(ask(z, "version.c.example.", MX_TYPE_A).rcode,
	    MX_ANSWER_NXDOMAIN);
	mx_findings_free(f, n);
	mx_zone_free(z);

	/* a CH zone: the IN records the fast paths read (A, NSEC, RRSIG)
	 * are refused as well */
	z = load("$ORIGIN c.example.\n@ CH SOA ns h 1 2 3 4 5\n"
	    "a IN A 192.0.2.1\na IN NSEC b.c.example. A RRSIG NSEC\n"
	    "a IN RRSIG A 13 3 300 20300101000000 20200101000000 1 "
	    "c.example. AAAA\n", NULL);
	assert_int_equal(mx_zone_findings(z, NULL, &f, &n), MX_OK);
	assert_int_equal(n, 3);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(f[i].line, 3 + i);
		assert_string_equal(f[i].message, "class IN is not the zone's "
		    "class CH (RFC 1035 §5.2): the record is not loaded, as a "
		    "server would refuse the zone");
	}
	mx_findings_free(f, n);
	mx_zone_free(z);
}

/* Two files of one origin: said at the second's SOA, naming both; a zone
 * below is another origin.  has_soa tells a zone from a fragment. */
static void
test_duplicate_origin(void **state)
{
	const struct mx_zone_info	*zi;
	struct mx_finding		*f;
	size_t				 n;
	mx_zone				*z;
	char				*err = NULL;

	(void)state;
	z = load("$ORIGIN c.example.\n@ SOA ns h 1 2 3 4 5\n@ MX 10 mx\n",
	    NULL);
	assert_int_equal(mx_zone_load_string(z, "$ORIGIN sub.c.example.\n"
	    "@ SOA ns h 1 2 3 4 5\n", "sub.zone", NULL, &err), MX_OK);
	assert_int_equal(mx_zone_load_string(z, "; again\n"
	    "c.example. SOA ns.c.example. h.c.example. 2 2 3 4 5\n"
	    "c.example. MX 20 mx2.c.example.\n", "two.zone", NULL, &err),
	    MX_OK);
	assert_int_equal(mx_zone_load_string(z, "mx A 192.0.2.1\n",
	    "frag.zone", "c.example", &err), MX_OK);
	assert_null(err);
	zi = mx_zone_infos(z, &n);
	assert_int_equal(n, 4);
	assert_int_equal(zi[0].has_soa, 1);
	assert_int_equal(zi[2].has_soa, 1);
	assert_int_equal(zi[3].has_soa, 0);
	assert_int_equal(mx_zone_findings(z, NULL, &f, &n), MX_OK);
	assert_int_equal(n, 2);
	assert_string_equal(f[0].check, "zone-duplicate-origin");
	assert_string_equal(f[0].file, "two.zone");
	assert_int_equal(f[0].line, 2);
	assert_string_equal(f[0].message, "two.zone claims the origin "
	    "c.example., as t.zone does: their records are merged into one "
	    "zone here, while a server loads one file per zone");
	assert_string_equal(f[1].file, "frag.zone");
	assert_int_equal(f[1].line, 1);
	/* merged: both MX records answer */
	assert_int_equal(ask(z, "c.example.", MX_TYPE_MX).n, 2);
	mx_findings_free(f, n);
	mx_zone_free(z);
}

/* An inline ignore list that names no check: a zone-syntax warning per
 * unknown name, at its line; known names say nothing. */
static void
test_unknown_ignored_name(void **state)
{
	struct mx_finding	*f;
	size_t			 n;
	mx_zone			*z;

	(void)state;
	z = load("$ORIGIN c.example.\n@ SOA ns h 1 2 3 4 5\n"
	    "@ MX 10 mx ; mxdig: ignore=mx-ttl-lwo,mx-no-ipv6,nosuch\n"
	    "mx A 192.0.2.1 ; mxdig: ignore=ttl-zero\n", NULL);
	assert_int_equal(mx_zone_findings(z, NULL, &f, &n), MX_OK);
	assert_int_equal(n, 2);
	assert_string_equal(f[0].check, "zone-syntax");
	assert_int_equal(f[0].severity, MX_SEV_WARNING);
	assert_int_equal(f[0].line, 3);
	assert_string_equal(f[0].message, "\"; mxdig: ignore=\" names "
	    "mx-ttl-lwo, which is no check: nothing is ignored under that "
	    "name (mxdig --list-checks)");
	assert_non_null(strstr(f[1].message, "names nosuch, which"));
	mx_findings_free(f, n);
	mx_zone_free(z);
}

/* ---- $GENERATE (#14) ---- */

/* One template expanded for one value of the iterator. */
struct subst_case {
	const char	*tmpl;
	uint32_t	 it;
	const char	*want;		/* NULL: refused */
	const char	*why;		/* the reason, when refused */
};

/*
 * The substitution rules of BIND's ARM, each against the text BIND makes
 * of it (named-checkzone -D, BIND 9.18): the iterator, offsets, widths,
 * every base, nibbles with and without width, negative values, "$$" and
 * "\$", other escapes left to the record; and every bad modifier, with
 * its reason.
 */
static void
test_generate_subst(void **state)
{
	static const struct subst_case cases[] = {
		{ "host$", 1, "host1", NULL },
		{ "$", 0, "0", NULL },
		{ "$$$", 7, "\\$7", NULL },
		{ "h${10,3,d}", 7, "h017", NULL },
		{ "h${10,3}", 7, "h017", NULL },
		{ "h${10}", 7, "h17", NULL },
		{ "h${+1}", 1, "h2", NULL },
		{ "x${0,4,x}", 10, "x000a", NULL },
		{ "y${0,0,X}", 11, "yB", NULL },
		{ "o${0,0,o}", 8, "o10", NULL },
		{ "${0,0,o}${0,0,d}${0,0,X}", 10, "1210A", NULL },
		{ "n${0,0,n}", 250, "na.f", NULL },
		{ "n${0,0,n}", 256, "n0.0.1", NULL },
		{ "N${0,6,N}", 250, "NA.F.0.", NULL },
		{ "${0,3,n}", 0, "0.0", NULL },
		{ "${0,3,n}", 255, "f.f", NULL },
		{ "${0,2,n}", 1, "1.", NULL },
		{ "${0,0,n}", 0, "0", NULL },
		{ "a${-5}", 1, "a-4", NULL },
		{ "a${-3,5}", 1, "a-0002", NULL },
		{ "a${-5,0,x}", 1, "afffffffc", NULL },
		{ "a${-5,0,n}", 1, "ac.f.f.f.f.f.f.f", NULL },
		{ "a${-2147483648}", 1, "a-2147483647", NULL },
		{ "a${2147483647}", 0, "a2147483647", NULL },
		{ "e\\$$$", 1, "e\\$\\$", NULL },
		{ "a\\065b$", 2, "a\\065b2", NULL },
		{ "a\\.b$", 3, "a\\.b3", NULL },
		{ "a\\", 3, "a\\", NULL },
		{ "1.2.3.$}", 1, "1.2.3.1}", NULL },
		{ "a${0,3,q}", 1, NULL, "modifier ${0,3,q}: the base is not "
		    "one of d, o, x, X, n, N" },
		{ "a${0,3,dx}", 1, NULL, "modifier ${0,3,dx}: the base is not "
		    "one of d, o, x, X, n, N" },
		{ "a${0,3,}", 1, NULL, "modifier ${0,3,}: the base is not one "
		    "of d, o, x, X, n, N" },
		{ "a${x}", 1, NULL, "modifier ${x}: the offset is not a number "
		    "from -2147483648 to 2147483647" },
		{ "a${}", 1, NULL, "modifier ${}: the offset is not a number "
		    "from -2147483648 to 2147483647" },
		{ "a${2147483648}", 0, NULL, "modifier ${2147483648}: the "
		    "offset is not a number from -2147483648 to 2147483647" },
		{ "a${1", 1, NULL, "modifier ${1 has no closing }" },
		{ "a${0,128}", 1, NULL, "modifier ${0,128}: the width is not a "
		    "number from 0 to 127" },
		{ "a${0,-1}", 1, NULL, "modifier ${0,-1}: the width is not a "
		    "number from 0 to 127" },
		{ "a${1,2,d,4}", 1, NULL, "modifier ${1,2,d,4}: the base is "
		    "not one of d, o, x, X, n, N" },
		{ "a${1 2}", 1, NULL, "modifier ${1 2} is not ${offset[,width["
		    ",base]]}" },
		{ "a${2147483647}", 1, NULL, "${2147483647} for $ = 1 is "
		    "2147483648, over 2147483647" },
		{ "a${\x1b[31m}", 1, NULL, "modifier ${\\027[31m}: the offset "
		    "is not a number from -2147483648 to 2147483647" },
	};
	char		 out[512], buf[256];
	const char	*why;
	size_t		 i, len;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		why = zone_gen_subst(cases[i].tmpl, strlen(cases[i].tmpl),
		    cases[i].it, out, sizeof(out), &len, buf, sizeof(buf));
		if (cases[i].want != NULL) {
			if (why != NULL)
				fail_msg("%s: %s", cases[i].tmpl, why);
			assert_string_equal(out, cases[i].want);
			assert_int_equal(len, strlen(cases[i].want));
		} else {
			if (why == NULL)
				fail_msg("%s: taken as %s", cases[i].tmpl, out);
			assert_string_equal(why, cases[i].why);
		}
	}
	/* the widest field, and one that does not fit the record */
	assert_null(zone_gen_subst("${0,127}", 8, 5, out, sizeof(out), &len,
	    buf, sizeof(buf)));
	assert_int_equal(len, 127);
	assert_int_equal(out[126], '5');
	assert_int_equal(strspn(out, "0"), 126);
	assert_null(zone_gen_subst("${0,127,N}", 10, 0xab, out, sizeof(out),
	    &len, buf, sizeof(buf)));
	assert_int_equal(len, 127);
	assert_memory_equal(out, "B.A.0.0.", 8);
	assert_string_equal(zone_gen_subst("${0,127}", 8, 5, out, 100, &len,
	    buf, sizeof(buf)), "the record is longer than 65535 characters");
}

/* Parses a directive and returns the reason it is refused, or NULL. */
static const char *
gen_parse(const char *text, struct zone_gen *g)
{
	static char buf[256];

	return zone_gen_parse(text, g, buf, sizeof(buf));
}

/*
 * The fields of the directive: the range with and without step, the TTL
 * and the class in either order and optional, quoted data; and every
 * field refused, with its reason.
 */
static void
test_generate_fields(void **state)
{
	struct zone_gen	 g;
	char		 out[256], buf[256];
	size_t		 len;

	(void)state;
	assert_null(gen_parse("$GENERATE 0-20/7 h$ A 10.0.0.$", &g));
	assert_int_equal(g.start, 0);
	assert_int_equal(g.stop, 20);
	assert_int_equal(g.step, 7);
	assert_int_equal(g.count, 3);
	assert_string_equal(g.mid, "A");
	assert_null(zone_gen_line(&g, 14, out, sizeof(out), &len, buf,
	    sizeof(buf)));
	assert_string_equal(out, "h14 A 10.0.0.14");
	assert_null(gen_parse("$GENERATE 01-04 m$ IN 600 MX \"10 relay$\"",
	    &g));
	assert_int_equal(g.count, 4);
	assert_null(zone_gen_line(&g, 3, out, sizeof(out), &len, buf,
	    sizeof(buf)));
	assert_string_equal(out, "m3 IN 600 MX 10 relay3");
	assert_null(gen_parse("$generate 1-1 t 1h TXT \"\\\"a b\\\" c$\"",
	    &g));
	assert_null(zone_gen_line(&g, 1, out, sizeof(out), &len, buf,
	    sizeof(buf)));
	assert_string_equal(out, "t 1h TXT \"a b\" c1");
	assert_null(gen_parse("$GENERATE 2147483646-2147483647 a$ A 1.2.3.4",
	    &g));
	assert_int_equal(g.count, 2);
	assert_null(gen_parse("$GENERATE 0-2147483647 a$ A 1.2.3.4", &g));
	assert_int_equal(g.count, 2147483648ULL);

	assert_string_equal(gen_parse("$GENERATE 2-1 a$ A 1.2.3.$", &g),
	    "range 2-1 starts after it stops");
	assert_string_equal(gen_parse("$GENERATE 1-4/0 a$ A 1.2.3.$", &g),
	    "range 1-4/0 has a step of 0");
	assert_string_equal(gen_parse("$GENERATE 1-4x a$ A 1.2.3.$", &g),
	    "range 1-4x is not start-stop or start-stop/step, numbers from 0 "
	    "to 2147483647");
	assert_string_equal(gen_parse("$GENERATE 1-4/ a$ A 1.2.3.$", &g),
	    "range 1-4/ is not start-stop or start-stop/step, numbers from 0 "
	    "to 2147483647");
	assert_string_equal(gen_parse("$GENERATE 1 a$ A 1.2.3.$", &g),
	    "range 1 is not start-stop or start-stop/step, numbers from 0 "
	    "to 2147483647");
	assert_string_equal(gen_parse("$GENERATE 0-2147483648 a$ A 1.2.3.$",
	    &g), "range 0-2147483648 is not start-stop or start-stop/step, "
	    "numbers from 0 to 2147483647");
	assert_string_equal(gen_parse("$GENERATE 1-2 a$ A", &g),
	    "takes a range, an owner, an optional TTL and class, a type and "
	    "its data");
	assert_string_equal(gen_parse("$GENERATE 1-2 a$ 60 IN", &g),
	    "has no type");
	assert_string_equal(gen_parse("$GENERATE 1-2 a$ 60 IN A", &g),
	    "has no data after the type A");
	assert_string_equal(gen_parse("$GENERATE 1-2 a$ FOO\x01 x", &g),
	    "unknown type FOO\\001");
	assert_string_equal(gen_parse("$GENERATE 1-2 a$ CH A 1.2.3.$", &g),
	    "class CH is not the zone's, IN");
	assert_string_equal(gen_parse("$GENERATE 1-2 a$ 4294967296 A 1.2.3.$",
	    &g), "TTL 4294967296 is over 2^31-1 (RFC 2181 §8)");
	assert_string_equal(gen_parse("$GENERATE 1-2 a$ A 1.2.3.$ x y", &g),
	    "text after the data: x y");
	assert_string_equal(gen_parse("$GENERATE 1-2 \"a$\" A 1.2.3.4", &g),
	    "the owner \"a$\" is quoted");
	assert_null(gen_parse("$GENERATE 1-2 a\\\"$ A 1.2.3.4", &g));
	assert_string_equal(gen_parse("$GENERATE 1-2 a$ CNAME x\"y\"", &g),
	    "the data x\"y\" is quoted only in part");
	assert_string_equal(gen_parse("$GENERATE 1-2 a${0,0,z} A 1.2.3.4", &g),
	    "modifier ${0,0,z}: the base is not one of d, o, x, X, n, N");
	/* the last value is checked before any record is made: 2147483637
	 * + 10 is 2^31-1, + 11 is over */
	assert_null(gen_parse("$GENERATE 0-10/5 a A 1.2.3.${2147483637}", &g));
	assert_string_equal(gen_parse("$GENERATE 0-11/5 a A 1.2.3."
	    "${2147483638}", &g), "${2147483638} for $ = 10 is 2147483648, "
	    "over 2147483647");
}

/*
 * Records made by $GENERATE through the loader: each at the directive's
 * file and line, stored as the file's own records are (A, MX from quoted
 * data, CNAME with TTL and class), the owner the next owner-less record
 * takes unchanged, the directive's "; mxdig: ignore=" on every record it
 * makes; a directive past the bound of a load makes none, one whose
 * record is refused stops there, said once.
 */
static void
test_generate_load(void **state)
{
	mx_zone *z = load(
	    "$ORIGIN example.org.\n"				/* 1 */
	    "$TTL 300\n"					/* 2 */
	    "@ SOA ns h 1 2 3 4 5\n"				/* 3 */
	    "mail A 93.184.216.1\n"				/* 4 */
	    "$GENERATE 1-3 relay$ A 93.184.216.$\n"		/* 5 */
	    "  AAAA 2606:2800::1\n"				/* 6 */
	    "$GENERATE 1-2 @ MX \"$0 relay$\"\n"		/* 7 */
	    "$GENERATE 0-1000000 h$ A 93.184.216.1\n"		/* 8 */
	    "$GENERATE 250-260 x$ A 10.0.0.$\n"			/* 9 */
	    "$GENERATE 250-260 y$ A 10.0.0.$ ; mxdig: ignore=zone-syntax\n"
	    /* 10 */
	    "$GENERATE 1-2 z$ FOO bar\n"			/* 11 */
	    "$GENERATE 1-2 w$ IN 60 CNAME relay$\n",		/* 12 */
	    NULL);
	struct mx_finding	*f;
	struct got		 g;
	size_t			 n;

	(void)state;
	g = ask(z, "relay2.example.org.", MX_TYPE_A);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.address, "93.184.216.2");
	assert_string_equal(g.file, "t.zone");
	assert_int_equal(g.line, 5);
	assert_int_equal(g.ttl, 300);
	g = ask(z, "mail.example.org.", MX_TYPE_AAAA);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.line, 6);
	assert_int_equal(ask(z, "relay3.example.org.", MX_TYPE_AAAA).rcode,
	    MX_ANSWER_NODATA);
	g = ask(z, "example.org.", MX_TYPE_MX);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.line, 7);
	assert_int_equal(ask(z, "h0.example.org.", MX_TYPE_A).rcode,
	    MX_ANSWER_NXDOMAIN);
	assert_int_equal(ask(z, "x255.example.org.", MX_TYPE_A).n, 1);
	assert_int_equal(ask(z, "x256.example.org.", MX_TYPE_A).rcode,
	    MX_ANSWER_NXDOMAIN);
	assert_int_equal(ask(z, "x257.example.org.", MX_TYPE_A).rcode,
	    MX_ANSWER_NXDOMAIN);
	g = ask(z, "w2.example.org.", MX_TYPE_CNAME);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.target, "relay2.example.org.");
	assert_int_equal(g.ttl, 60);
	assert_int_equal(g.line, 12);
	assert_int_equal(mx_zone_findings(z, NULL, &f, &n), MX_OK);
	assert_int_equal(n, 3);
	assert_string_equal(f[0].check, "zone-syntax");
	assert_int_equal(f[0].line, 8);
	assert_string_equal(f[0].message, "$GENERATE 0-1000000 would make "
	    "1000001 records, and one zone may generate at most 1000000 (5 so "
	    "far): the directive is not applied, as a server would refuse the "
	    "zone");
	assert_int_equal(f[1].line, 9);
	assert_string_equal(f[1].message, "the record of $GENERATE 250-260 for "
	    "$ = 256 (and the 4 after it): Syntax error, could not parse the "
	    "RR's rdata: the record is not loaded, as a server would refuse the "
	    "zone");
	assert_int_equal(f[2].line, 11);
	assert_string_equal(f[2].message, "$GENERATE: unknown type FOO: the "
	    "directive is not applied, as a server would refuse the zone");
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
		cmocka_unit_test(test_include_loops),
		cmocka_unit_test(test_include_file_bound),
		cmocka_unit_test(test_not_regular),
		cmocka_unit_test(test_include_origin),
		cmocka_unit_test(test_name_limits),
		cmocka_unit_test(test_ttls),
		cmocka_unit_test(test_unclosed_parenthesis),
		cmocka_unit_test(test_escaped_messages),
		cmocka_unit_test(test_cname_and_other_data),
		cmocka_unit_test(test_second_cname_and_class),
		cmocka_unit_test(test_class_other_than_zone),
		cmocka_unit_test(test_duplicate_origin),
		cmocka_unit_test(test_unknown_ignored_name),
		cmocka_unit_test(test_generate_subst),
		cmocka_unit_test(test_generate_fields),
		cmocka_unit_test(test_generate_load),
	};

	return cmocka_run_group_tests(tests, NULL, check_zone_done);
}

/*
 * test_diff.c -- the checks of a change (issue 14): the SOA serial in
 * serial arithmetic over a digest of every record, mx-change-ttl, and
 * findings replaced rather than fixed.  Table-driven, exact lists.
 */
#include "helpers.h"

/* The soa-serial-not-increased findings of old -> new, flattened as
 * "subject:line" (empty: none), the options' ignore list applied. */
static const char *
serial_findings(const char *old, const char *new, const char *ignore)
{
	static char		 buf[256];
	mx_zone			*oz, *nz;
	mx_options		*opt;
	struct mx_finding	*f;
	size_t			 n, i, off = 0;
	char			*err = NULL;

	assert_int_equal(mx_zone_new(&oz), MX_OK);
	assert_int_equal(mx_zone_new(&nz), MX_OK);
	assert_int_equal(mx_options_new(&opt), MX_OK);
	if (ignore)
		assert_int_equal(mx_options_ignore(opt, ignore), MX_OK);
	assert_int_equal(mx_zone_load_string(oz, old, "old.zone", "s.test",
	    &err), MX_OK);
	assert_int_equal(mx_zone_load_string(nz, new, "new.zone", "s.test",
	    &err), MX_OK);
	assert_int_equal(mx_diff_zone_findings(oz, nz, opt, &f, &n), MX_OK);
	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		assert_string_equal(f[i].check, "soa-serial-not-increased");
		assert_int_equal(f[i].severity, MX_SEV_ERROR);
		assert_string_equal(f[i].file, "new.zone");
		off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%s%s:%lu",
		    i ? " " : "", f[i].subject, f[i].line);
	}
	mx_findings_free(f, n);
	mx_options_free(opt);
	mx_zone_free(oz);
	mx_zone_free(nz);
	return buf;
}

#define BODY \
	"@ MX 10 mx\n" \
	"mx A 93.184.216.1\n" \
	"@ TXT \"v=spf1 mx -all\"\n"

/* RFC 1982: which serial pairs are an increase, and only when a record
 * changed; a record written another way is no change. */
static void
test_serial(void **state)
{
	static const struct {
		const char	*old, *new, *want;
	} t[] = {
		/* unchanged records: whatever the serials */
		{ "@ SOA ns h 5 2 3 4 5\n" BODY,
		  "@ SOA ns h 5 2 3 4 5\n" BODY, "" },
		{ "@ SOA ns h 5 2 3 4 5\n" BODY,
		  "@ SOA ns h 4 2 3 4 5\n" BODY, "" },
		/* a TXT record changed (not kept by the store) */
		{ "@ SOA ns h 5 2 3 4 5\n" BODY,
		  "@ SOA ns h 5 2 3 4 5\n" BODY "@ TXT \"x\"\n",
		  "s.test.:1" },
		{ "@ SOA ns h 5 2 3 4 5\n" BODY,
		  "@ SOA ns h 4 2 3 4 5\n" BODY "@ TXT \"x\"\n",
		  "s.test.:1" },
		{ "@ SOA ns h 5 2 3 4 5\n" BODY,
		  "@ SOA ns h 6 2 3 4 5\n" BODY "@ TXT \"x\"\n", "" },
		/* wrapped forward: 2^32-1 -> 0 and -> 2^31-2 increase */
		{ "@ SOA ns h 4294967295 2 3 4 5\n" BODY,
		  "@ SOA ns h 0 2 3 4 5\n" BODY "@ TXT \"x\"\n", "" },
		{ "@ SOA ns h 4294967295 2 3 4 5\n" BODY,
		  "@ SOA ns h 2147483646 2 3 4 5\n" BODY "@ TXT \"x\"\n", "" },
		/* 2^31 apart: undefined (RFC 1982 §3.2), no increase */
		{ "@ SOA ns h 0 2 3 4 5\n" BODY,
		  "@ SOA ns h 2147483648 2 3 4 5\n" BODY "@ TXT \"x\"\n",
		  "s.test.:1" },
		/* 2^31+1 ahead is behind */
		{ "@ SOA ns h 0 2 3 4 5\n" BODY,
		  "@ SOA ns h 2147483649 2 3 4 5\n" BODY "@ TXT \"x\"\n",
		  "s.test.:1" },
		/* a TTL, an address, an SOA field other than the serial */
		{ "@ SOA ns h 5 2 3 4 5\n" BODY,
		  "@ SOA ns h 5 2 3 4 5\n@ MX 10 mx\nmx 60 A 93.184.216.1\n"
		  "@ TXT \"v=spf1 mx -all\"\n", "s.test.:1" },
		{ "@ SOA ns h 5 2 3 4 5\n" BODY,
		  "@ SOA ns h 5 2 3 4 5\n@ MX 10 mx\nmx A 93.184.216.2\n"
		  "@ TXT \"v=spf1 mx -all\"\n", "s.test.:1" },
		{ "@ SOA ns h 5 2 3 4 5\n" BODY,
		  "@ SOA ns h 5 2 3 4 6\n" BODY, "s.test.:1" },
		/* address bytes are no letters to fold: 65 is not 97 */
		{ "@ SOA ns h 5 2 3 4 5\nmx A 65.66.67.68\n",
		  "@ SOA ns h 5 2 3 4 5\nmx A 97.98.99.100\n", "s.test.:1" },
		{ "@ SOA ns h 5 2 3 4 5\nmx A 65.66.67.68\n",
		  "@ SOA ns h 5 2 3 4 5\nmx 1h A 97.98.99.100\n", "s.test.:1" },
		{ "@ SOA ns h 5 2 3 4 5\nmx A 65.66.67.68\n",
		  "@ SOA ns h 5 2 3 4 5\nmx 1h A 65.66.67.68\n", "" },
		{ "@ SOA ns h 5 2 3 4 5\n@ TXT \"ABC\"\n",
		  "@ SOA ns h 5 2 3 4 5\n@ TXT \"abc\"\n", "s.test.:1" },
		/* the same records reordered, relative or absolute, in
		 * capitals, a TTL in units, the class written, through ldns
		 * (a quoted string with a space, escapes) or not */
		{ "@ SOA ns h 5 2 3 4 5\n" BODY,
		  "$TTL 1h\n"
		  "S.TEST. 1h IN TXT \"v=spf1 mx -all\"\n"
		  "MX.s.test. 1h IN A 93.184.216.1\n"
		  "@ SOA NS H 5 2 3 4 5\n"
		  "s.test. 1H IN MX 10 MX.S.TEST.\n", "" },
		{ "@ SOA ns h 5 2 3 4 5\n" BODY,
		  "@ SOA ns h 5 2 3 4 5\n"
		  "@ 1h MX 10 mx\nmx 1h A 93.184.216.1\n"
		  "@ 1h TXT \"v=spf1 mx -all\"\n", "" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		const char *got = serial_findings(t[i].old, t[i].new, NULL);

		if (strcmp(got, t[i].want) != 0)
			fail_msg("case %zu: got '%s', want '%s'", i, got,
			    t[i].want);
	}
	/* --ignore, and the SOA's inline list */
	assert_string_equal(serial_findings("@ SOA ns h 5 2 3 4 5\n" BODY,
	    "@ SOA ns h 5 2 3 4 5\n@ TXT \"x\"\n" BODY,
	    "soa-serial-not-increased"), "");
	assert_string_equal(serial_findings("@ SOA ns h 5 2 3 4 5\n" BODY,
	    "@ SOA ns h 5 2 3 4 5 ; mxdig: ignore=soa-serial-not-increased\n"
	    "@ TXT \"x\"\n" BODY, NULL), "");
}

/* "check@subject" of n findings, space-separated. */
static const char *
names(const struct mx_finding *f, size_t n)
{
	static char	buf[1024];
	size_t		i, off = 0;

	buf[0] = '\0';
	for (i = 0; i < n; i++)
		off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%s%s@%s",
		    i ? " " : "", f[i].check, f[i].subject ? f[i].subject : "-");
	return buf;
}

/* The diff of d.example between old and new zone texts, ignore applied. */
static struct mx_diff *
diff_of(const char *old, const char *new, const char *ignore)
{
	struct mx_result	*o, *n;
	struct mx_diff		*d;
	mx_options		*opt;
	mx_zone			*oldz;

	assert_int_equal(mx_options_new(&opt), MX_OK);
	if (ignore)
		assert_int_equal(mx_options_ignore(opt, ignore), MX_OK);
	o = check_zone_text(old, "d.example", "d.example", NULL);
	oldz = last_zone;
	last_zone = NULL;
	n = check_zone_text(new, "d.example", "d.example", NULL);
	assert_int_equal(mx_diff_results_opt("d.example.", o, n, opt, &d),
	    MX_OK);
	mx_result_free(o);
	mx_result_free(n);
	mx_zone_free(oldz);
	mx_options_free(opt);
	return d;
}

/* The replaced findings of d as "check>replacement". */
static const char *
replaced(const struct mx_diff *d)
{
	static char	buf[1024];
	size_t		i, off = 0;

	buf[0] = '\0';
	for (i = 0; i < d->nreplaced; i++) {
		assert_true(d->replaced_by[i] < d->nintroduced);
		off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%s%s>%s",
		    i ? " " : "", d->replaced[i].check,
		    d->introduced[d->replaced_by[i]].check);
	}
	return buf;
}

#define SOA	"@ SOA ns h 1 2 3 4 5\n"
#define GOOD	"good A 93.184.216.1\ngood AAAA 2606:2800::1\n"
#define GOOD2	"good2 A 93.184.216.2\ngood2 AAAA 2606:2800::2\n"

/* The backup disappears: the old error at the domain is replaced by the
 * new one, not fixed; a warning in its place is no replacement. */
static void
test_replaced(void **state)
{
	struct mx_diff *d;

	(void)state;
	d = diff_of(SOA "@ MX 10 dead\n@ MX 20 good\n" GOOD,
	    SOA "@ MX 10 dead\n" GOOD, NULL);
	assert_string_equal(names(d->introduced, d->nintroduced),
	    "no-usable-mx@d.example.");
	/* good has two addresses: no mx-single-host before either */
	assert_string_equal(replaced(d), "mx-primary-unusable>no-usable-mx");
	assert_string_equal(names(d->fixed, d->nfixed), "");
	assert_int_equal(d->counts[MX_SEV_ERROR], 1);
	mx_diff_free(d);
	/* the other way round: both errors, so replaced too (not gone) */
	d = diff_of(SOA "@ MX 10 dead\n" GOOD,
	    SOA "@ MX 10 dead\n@ MX 20 good\n" GOOD, NULL);
	assert_string_equal(names(d->introduced, d->nintroduced),
	    "mx-primary-unusable@d.example.");
	assert_string_equal(replaced(d), "no-usable-mx>mx-primary-unusable");
	assert_string_equal(names(d->fixed, d->nfixed), "");
	mx_diff_free(d);
	/* an error at the domain gone, a warning (TTL) introduced there:
	 * fixed; a new error on another subject replaces nothing */
	d = diff_of(SOA "@ MX 10 dead\n" GOOD,
	    SOA "@ 60 MX 10 good\n@ 60 MX 20 good2\n@ 60 MX 30 dead2\n" GOOD
	    GOOD2, NULL);
	assert_string_equal(names(d->introduced, d->nintroduced),
	    "mx-target-nxdomain@dead2.d.example. "
	    "mx-tier-unusable@dead2.d.example. mx-ttl-low@d.example.");
	assert_string_equal(replaced(d), "");
	assert_string_equal(names(d->fixed, d->nfixed),
	    "mx-target-nxdomain@dead.d.example. no-usable-mx@d.example.");
	mx_diff_free(d);
	/* the exchange's alias becomes a private address: its error is
	 * replaced by its error, the path's info by the domain's error */
	d = diff_of(SOA "@ MX 10 x\nx CNAME one\none A 93.184.216.9\n",
	    SOA "@ MX 10 x\nx A 10.0.0.1\n", NULL);
	assert_string_equal(names(d->introduced, d->nintroduced),
	    "mx-target-private-address@x.d.example. "
	    "no-usable-mx@d.example.");
	assert_string_equal(replaced(d),
	    "mx-target-cname>mx-target-private-address "
	    "mx-single-host>no-usable-mx mx-no-ipv6>no-usable-mx");
	assert_string_equal(names(d->fixed, d->nfixed), "");
	mx_diff_free(d);
}

/* mx-change-ttl: a changed MX set under an old TTL above 3600 s; not at
 * 3600, not for a TTL change alone, and --ignore drops it. */
static void
test_change_ttl(void **state)
{
	struct mx_diff *d;

	(void)state;
	d = diff_of(SOA "@ 86400 MX 10 good\n" GOOD GOOD2,
	    SOA "@ 86400 MX 10 good2\n" GOOD GOOD2, NULL);
	assert_string_equal(names(d->introduced, d->nintroduced),
	    "mx-change-ttl@d.example.");
	/* the change's own finding replaces nothing */
	assert_string_equal(replaced(d), "");
	assert_string_equal(names(d->fixed, d->nfixed), "");
	assert_int_equal(d->introduced[0].severity, MX_SEV_INFO);
	assert_int_equal(d->introduced[0].line, 2);
	assert_non_null(strstr(d->introduced[0].message,
	    "old TTL is 86400 s"));
	assert_int_equal(d->counts[MX_SEV_INFO], 1);
	mx_diff_free(d);
	/* a preference changed, a TTL of 3601 */
	d = diff_of(SOA "@ 3601 MX 10 good\n@ 3601 MX 20 good2\n" GOOD GOOD2,
	    SOA "@ 300 MX 30 good\n@ 300 MX 20 good2\n" GOOD GOOD2, NULL);
	assert_string_equal(names(d->introduced, d->nintroduced),
	    "mx-change-ttl@d.example.");
	mx_diff_free(d);
	d = diff_of(SOA "@ 3600 MX 10 good\n" GOOD GOOD2,
	    SOA "@ 3600 MX 10 good2\n" GOOD GOOD2, NULL);
	assert_string_equal(names(d->introduced, d->nintroduced), "");
	mx_diff_free(d);
	d = diff_of(SOA "@ 86400 MX 10 good\n" GOOD,
	    SOA "@ 300 MX 10 good\n" GOOD, NULL);
	assert_string_equal(names(d->introduced, d->nintroduced), "");
	assert_int_equal(d->nchanges, 1);
	mx_diff_free(d);
	d = diff_of(SOA "@ 86400 MX 10 good\n" GOOD GOOD2,
	    SOA "@ 86400 MX 10 good2\n" GOOD GOOD2, "mx-change-ttl");
	assert_string_equal(names(d->introduced, d->nintroduced), "");
	assert_int_equal(d->nchanges, 2);
	mx_diff_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_serial),
		cmocka_unit_test(test_replaced),
		cmocka_unit_test(test_change_ttl),
	};

	return cmocka_run_group_tests(tests, NULL, check_zone_done);
}

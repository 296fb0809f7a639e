/*
 * test_format.c -- the renderers: exact gcc, GitHub and short lines, JSON
 * that stays valid whatever bytes a name or file holds, the text table.
 */
#include <stdio.h>

#include <jansson.h>

#include "helpers.h"
#include "internal.h"
#include "../../lib/format/json_tree.h"

/* Renders with fn into a string (caller frees). */
#define CAPTURE(buf, call) do {						\
	size_t	 len_;							\
	FILE	*out = open_memstream(&(buf), &len_);			\
	assert_non_null(out);						\
	assert_int_equal((call), MX_OK);				\
	fclose(out);							\
} while (0)

static void
test_gcc_and_github(void **state)
{
	struct mx_finding f[2];
	char *buf = NULL;

	(void)state;
	memset(f, 0, sizeof(f));
	f[0].check = "mx-target-cname";
	f[0].severity = MX_SEV_ERROR;
	f[0].subject = "mail.example.";
	f[0].message = "exchange mail.example. is an alias";
	f[0].file = "db.example";
	f[0].line = 12;
	f[1].check = "mx-no-ipv6";
	f[1].severity = MX_SEV_INFO;
	f[1].subject = "example.";
	f[1].message = "50%, a:b\nnext";
	CAPTURE(buf, mx_format_gcc(out, f, 2, NULL));
	assert_string_equal(buf,
	    "db.example:12: error: exchange mail.example. is an alias "
	    "[mx-target-cname]\n"
	    "example.: info: 50%, a:b\nnext [mx-no-ipv6]\n");
	free(buf);
	CAPTURE(buf, mx_format_github(out, f, 2, NULL));
	assert_string_equal(buf,
	    "::error file=db.example,line=12,title=mx-target-cname::"
	    "mail.example.: exchange mail.example. is an alias\n"
	    "::notice title=mx-no-ipv6::example.: 50%25, a:b%0Anext\n");
	free(buf);
}

static const char *zone =
    "@ SOA ns h 1 2 3 4 5\n"
    "@ MX 10 a\n@ MX 20 b\n"
    "a A 93.184.216.1\na AAAA 2606:2800::1\n"
    "b A 10.0.0.1\n";

static void
test_short_and_text(void **state)
{
	struct mx_result	*r;
	char			*buf = NULL;

	(void)state;
	r = check_zone_text(zone, "f.example", "f.example", NULL);
	CAPTURE(buf, mx_format_short(out, r));
	assert_string_equal(buf,
	    "10 a.f.example. 93.184.216.1 2606:2800::1\n"
	    "20 b.f.example. 10.0.0.1\n");
	free(buf);
	CAPTURE(buf, mx_format_text(out, r, 0));
	assert_non_null(strstr(buf, "f.example.  (source: zone)\n"));
	assert_non_null(strstr(buf, "  1    10    a.f.example.  usable"));
	assert_non_null(strstr(buf, "  2    20    b.f.example.  unroutable"));
	assert_non_null(strstr(buf, "Findings:\n  error   b.f.example.: "
	    "exchange b.f.example. has the address 10.0.0.1"));
	assert_non_null(strstr(buf, "[mx-target-private-address] "
	    "(t.zone:6)\n"));
	assert_non_null(strstr(buf, "Status: error (1 error, 1 warning, "
	    "0 info)\n"));
	assert_null(strchr(buf, '\033'));
	free(buf);
	CAPTURE(buf, mx_format_text(out, r, MX_TEXT_COLOR));
	assert_non_null(strstr(buf, "\033[31merror\033[0m"));
	free(buf);
	mx_result_free(r);
}

static void
test_json(void **state)
{
	struct mx_result	*r;
	json_t			*j, *tiers, *h, *f;
	json_error_t		 err;
	char			*buf = NULL;

	(void)state;
	r = check_zone_text(zone, "f.example", "f.example", NULL);
	CAPTURE(buf, mx_format_json(out, r, 0));
	j = json_loads(buf, 0, &err);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "domain")),
	    "f.example.");
	assert_string_equal(json_string_value(json_object_get(j, "status")),
	    "error");
	assert_int_equal(json_array_size(json_object_get(j, "mx")), 2);
	tiers = json_object_get(j, "path");
	assert_int_equal(json_array_size(tiers), 2);
	h = json_array_get(json_object_get(json_array_get(tiers, 0), "hosts"),
	    0);
	assert_string_equal(json_string_value(json_object_get(h, "exchange")),
	    "a.f.example.");
	assert_true(json_is_true(json_object_get(h, "usable")));
	assert_int_equal(json_integer_value(json_object_get(json_array_get(
	    json_object_get(h, "addresses"), 1), "family")), 6);
	f = json_array_get(json_object_get(j, "findings"), 0);
	assert_string_equal(json_string_value(json_object_get(f, "check")),
	    "mx-target-private-address");
	assert_int_equal(json_integer_value(json_object_get(f, "line")), 6);
	assert_int_equal(json_integer_value(json_object_get(
	    json_object_get(j, "counts"), "error")), 1);
	json_decref(j);
	free(buf);
	mx_result_free(r);
}

static void
test_json_any_bytes(void **state)
{
	struct mx_result	 r;
	struct mx_finding	 f;
	json_t			*j;
	json_error_t		 err;
	char			*buf = NULL;
	char			 domain[] = "a\\200\\000b.example.";
	char			 msg[] = "bad \xff\xfe bytes \x01";

	(void)state;
	memset(&r, 0, sizeof(r));
	memset(&f, 0, sizeof(f));
	r.domain = domain;
	r.canonical = domain;
	f.check = "zone-syntax";
	f.subject = domain;
	f.message = msg;
	f.file = "\xc3\x28.zone";
	f.line = 3;
	r.findings = &f;
	r.nfindings = 1;
	CAPTURE(buf, mx_format_json(out, &r, 0));
	j = json_loads(buf, 0, &err);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "domain")),
	    "a\\200\\000b.example.");
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(j, "findings"), 0), "message")),
	    "bad \\255\\254 bytes \x01");
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(j, "findings"), 0), "file")), "\\195(.zone");
	json_decref(j);
	free(buf);
}

/* Fails unless ours (freed here) is what jansson writes of j with jflags,
 * and a newline; who wrote ours is named in the failure. */
static void
assert_as_jansson(char *ours, json_t *j, size_t jflags, const char *who)
{
	char	*theirs = NULL;
	size_t	 tlen = 0;
	FILE	*f;

	assert_non_null(f = open_memstream(&theirs, &tlen));
	assert_int_equal(json_dumpf(j, f, jflags | JSON_PRESERVE_ORDER |
	    JSON_ENCODE_ANY), 0);
	fputc('\n', f);
	fclose(f);
	if (strcmp(ours, theirs) != 0)
		fail_msg("%s wrote\n%s\njansson\n%s", who, ours, theirs);
	free(ours);
	free(theirs);
}

/* One document written by fn (a result or zone findings) compact,
 * indented, and as the elements of arrays of 1 and 2, compact and
 * indented, against jansson's dump of tree j: the same bytes. */
static void
same_layouts(mx_status (*fn)(FILE *, const void *, unsigned),
    const void *doc, json_t *j, const char *who)
{
	static const struct {
		unsigned	flags;
		size_t		jflags;
	} layout[] = {
		{ 0, JSON_COMPACT },
		{ MX_JSON_PRETTY, JSON_INDENT(2) },
	};
	char	*ours;
	size_t	 olen, i, k, n;
	json_t	*arr;
	FILE	*f;

	for (i = 0; i < 2; i++) {
		ours = NULL;
		assert_non_null(f = open_memstream(&ours, &olen));
		assert_int_equal(fn(f, doc, layout[i].flags), MX_OK);
		fclose(f);
		assert_as_jansson(ours, j, layout[i].jflags, who);
		for (n = 0; n <= 2; n++) {
			assert_non_null(arr = json_array());
			ours = NULL;
			assert_non_null(f = open_memstream(&ours, &olen));
			for (k = 0; k < n; k++) {
				assert_int_equal(json_array_append(arr, j), 0);
				assert_int_equal(mx_json_array_next(f, k,
				    layout[i].flags), MX_OK);
				assert_int_equal(fn(f, doc, layout[i].flags |
				    MX_JSON_ELEMENT), MX_OK);
			}
			assert_int_equal(mx_json_array_end(f, n,
			    layout[i].flags), MX_OK);
			fclose(f);
			assert_as_jansson(ours, arr, layout[i].jflags, who);
			json_decref(arr);
		}
	}
}

static mx_status
write_result(FILE *f, const void *doc, unsigned flags)
{
	return mx_format_json(f, doc, flags);
}

/* Zone findings to write: f and its count. */
struct findings_doc {
	const struct mx_finding	*f;
	size_t			 n;
};

static mx_status
write_findings(FILE *f, const void *doc, unsigned flags)
{
	const struct findings_doc *d = doc;

	return mx_format_findings_json(f, d->f, d->n, flags);
}

/* r written straight as text (mx_format_json) and as the jansson tree of
 * the same emitter dumped by jansson: the same bytes, in every layout. */
static void
same_both_ways(const struct mx_result *r)
{
	json_t *j;

	assert_non_null(j = mx_json_result_tree(r));
	same_layouts(write_result, r, j, "mx_format_json");
	json_decref(j);
}

/* The zone findings document as text and as jansson's dump of the
 * tree. */
static void
same_findings_both_ways(const struct mx_finding *f, size_t n)
{
	struct findings_doc	 d = { f, n };
	json_t			*j;

	assert_non_null(j = mx_json_findings_tree(f, n));
	same_layouts(write_findings, &d, j, "mx_format_findings_json");
	json_decref(j);
}

static mx_status
write_diff(FILE *f, const void *doc, unsigned flags)
{
	return mx_format_diff_json(f, doc, flags);
}

/* A diff as data, and its JSON as text and as jansson's dump of the
 * tree: an exchange removed and one re-preferenced, one added, the TTL,
 * the findings introduced and fixed; and a domain absent on one side. */
static void
test_diff(void **state)
{
	static const char *oz =
	    "@ SOA ns h 1 2 3 4 5\n"
	    "@ 300 MX 10 a\n@ 300 MX 20 b\n"
	    "a A 93.184.216.1\na AAAA 2606:2800::1\n"
	    "b A 10.0.0.1\n";
	static const char *nz =
	    "@ SOA ns h 1 2 3 4 5\n"
	    "@ 600 MX 5 a\n@ 600 MX 30 c\n"
	    "a A 93.184.216.1\n";
	struct mx_result	*o, *n;
	struct mx_diff		*d;
	json_t			*j;
	mx_zone			*oldz;

	(void)state;
	o = check_zone_text(oz, "d.example", "d.example", NULL);
	oldz = last_zone;	/* o's file names live in it */
	last_zone = NULL;
	n = check_zone_text(nz, "d.example", "d.example", NULL);
	assert_int_equal(mx_diff_results("d.example.", o, n, &d), MX_OK);
	assert_string_equal(d->domain, "d.example.");
	assert_true(d->has_old && d->has_new);
	assert_int_equal(d->nchanges, 4);
	assert_int_equal(d->changes[0].kind, MX_CHANGE_PREFERENCE);
	assert_int_equal(d->changes[0].old_value, 10);
	assert_int_equal(d->changes[0].new_value, 5);
	assert_int_equal(d->changes[1].kind, MX_CHANGE_REMOVED);
	assert_string_equal(d->changes[1].exchange, "b.d.example.");
	assert_int_equal(d->changes[2].kind, MX_CHANGE_ADDED);
	assert_int_equal(d->changes[2].new_value, 30);
	assert_int_equal(d->changes[3].kind, MX_CHANGE_TTL);
	assert_int_equal(d->changes[3].new_value, 600);
	/* c does not exist; b's private address is gone */
	assert_true(d->nintroduced >= 1);
	assert_string_equal(d->introduced[0].check, "mx-target-nxdomain");
	assert_int_equal(d->counts[MX_SEV_ERROR], 1);
	assert_true(d->nfixed >= 1);
	assert_non_null(j = mx_json_diff_tree(d));
	same_layouts(write_diff, d, j, "mx_format_diff_json");
	json_decref(j);
	mx_diff_free(d);
	assert_int_equal(mx_diff_results("d.example.", NULL, n, &d), MX_OK);
	assert_false(d->has_old);
	assert_int_equal(d->nfixed, 0);
	assert_int_equal(d->nintroduced, n->nfindings);
	assert_non_null(j = mx_json_diff_tree(d));
	same_layouts(write_diff, d, j, "mx_format_diff_json");
	json_decref(j);
	mx_diff_free(d);
	mx_result_free(o);
	mx_result_free(n);
	mx_zone_free(oldz);
}

/* The text writer against jansson beyond what checked zones hold, in one
 * hand-made result: every character below 0x80, UTF-8 of 2, 3 and 4
 * bytes, bytes that are not UTF-8 and a surrogate (written as \DDD),
 * NULLs, failures, line numbers that become the extreme integers, reals
 * and one jansson cannot write (left out both ways); and the zone
 * findings line. */
static void
test_json_writer(void **state)
{
	static const double	 reals[] = { 0.0, 1.5, -2e-7, 1e21, 7.788024 };
	struct mx_result	 r;
	struct mx_finding	 f[2];
	struct mx_failure	 fl[2];
	char			 all[128];
	char			 domain[] = "a\\200\\000b.example.";
	char			*buf = NULL;
	size_t			 i;

	(void)state;
	for (i = 0; i < 127; i++)
		all[i] = (char)(i + 1);
	all[127] = '\0';
	memset(&r, 0, sizeof(r));
	memset(f, 0, sizeof(f));
	memset(fl, 0, sizeof(fl));
	r.domain = domain;
	r.canonical = "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x93\xa7";
	r.source = "live";
	r.server = "127.0.0.1:53";
	f[0].check = "zone-syntax";
	f[0].subject = all;
	f[0].message = "bad \xff\xfe bytes \x01 \"q\" \\ caf\xc3\xa9";
	f[0].file = "\xc3\x28.zone";
	f[0].line = (unsigned long)INT64_MAX;
	f[1].check = "mx-lookup-failed";
	f[1].severity = MX_SEV_ERROR;
	f[1].message = "caf\xc3\xa9 \xed\xa0\x80";	/* a surrogate */
	f[1].file = "z";
	f[1].line = (unsigned long)INT64_MAX + 1;	/* INT64_MIN */
	r.findings = f;
	r.nfindings = 2;
	fl[0].name = domain;
	fl[0].type = MX_TYPE_MX;
	fl[0].rcode = MX_ANSWER_TIMEOUT;
	fl[0].detail = "Timeout while contacting DNS servers";
	fl[1].name = "x.";
	fl[1].type = MX_TYPE_AAAA;
	r.failures = fl;
	r.nfailures = 2;
	r.counts[MX_SEV_ERROR] = 1;
	for (i = 0; i < sizeof(reals) / sizeof(reals[0]); i++) {
		r.elapsed_ms = reals[i];
		same_both_ways(&r);
	}
	r.elapsed_ms = 1e300 * 1e300;	/* infinite */
	same_both_ways(&r);
	CAPTURE(buf, mx_format_json(out, &r, 0));
	assert_null(strstr(buf, "elapsed_ms"));
	assert_non_null(strstr(buf, "\"message\":\"caf\\\\195\\\\169 "
	    "\\\\237\\\\160\\\\128\""));
	free(buf);
	same_findings_both_ways(f, 2);
	same_findings_both_ways(f, 0);
}

/* The text writer of results against the tree, for checked zones: one
 * with findings of all three severities, one with a CNAME chain. */
static void
test_json_direct(void **state)
{
	static const char *cz =
	    "@ SOA ns h 1 2 3 4 5\n"
	    "@ MX 10 a\n@ MX 20 c\n@ MX 30 gone\n"
	    "a A 93.184.216.1\na AAAA 2606:2800::1\n"
	    "c CNAME a\n";
	struct mx_result *r;

	(void)state;
	r = check_zone_text(zone, "f.example", "f.example", NULL);
	r->elapsed_ms = 7.788024;
	same_both_ways(r);
	mx_result_free(r);
	r = check_zone_text(cz, "g.example", "g.example", NULL);
	/* what the JSON must carry: three findings, a CNAME chain (a's two
	 * addresses are failover: no mx-single-host) */
	assert_int_equal(r->nfindings, 3);
	assert_string_equal(r->findings[0].check, "mx-target-cname");
	assert_string_equal(r->findings[1].check, "mx-target-nxdomain");
	assert_string_equal(r->findings[2].check, "mx-tier-unusable");
	assert_int_equal(r->nhosts, 3);
	assert_int_equal(r->hosts[1].ncnames, 1);
	r->elapsed_ms = 0.1;
	same_both_ways(r);
	mx_result_free(r);
}

/* Whether a byte string is UTF-8: the same answer as jansson's, for
 * every sequence of one and two bytes, every three-byte one with a lead
 * byte of E0-EF, and pseudo-random ones of up to eight bytes. */
static void
test_utf8_valid(void **state)
{
	unsigned char	 s[8];
	unsigned	 i, j, k, x = 12345, n;

	(void)state;
	for (i = 0; i < 256; i++) {
		for (j = 0; j < 256; j++) {
			s[0] = (unsigned char)i;
			s[1] = (unsigned char)j;
			for (n = 1; n <= 2; n++) {
				json_t *js = json_stringn((char *)s, n);

				assert_int_equal(mx_utf8_valid((char *)s, n),
				    js != NULL);
				json_decref(js);
			}
		}
	}
	for (i = 0xe0; i < 0xf0; i++)
		for (j = 0; j < 256; j++)
			for (k = 0x70; k < 0xd0; k++) {
				json_t *js;

				s[0] = (unsigned char)i;
				s[1] = (unsigned char)j;
				s[2] = (unsigned char)k;
				js = json_stringn((char *)s, 3);
				assert_int_equal(mx_utf8_valid((char *)s, 3),
				    js != NULL);
				json_decref(js);
			}
	for (i = 0; i < 200000; i++) {
		json_t *js;

		n = 1 + i % 8;
		for (j = 0; j < n; j++) {
			x = x * 1103515245u + 12345u;
			/* mostly lead and continuation bytes */
			s[j] = (unsigned char)(j % 4 == 0 ? 0xc0 + (x >> 16) %
			    0x40 : 0x70 + (x >> 16) % 0x60);
		}
		js = json_stringn((char *)s, n);
		assert_int_equal(mx_utf8_valid((char *)s, n), js != NULL);
		json_decref(js);
	}
}

/* OpenMetrics label values escaped (backslash, quote, newline),
 * the families in order, "# EOF" last; exact text. */
static void
test_openmetrics(void **state)
{
	struct mx_metrics_domain d[2];
	char *buf = NULL;

	(void)state;
	memset(d, 0, sizeof(d));
	d[0].domain = "a\\\"b\nc.test.";
	d[0].verdict = MX_VERDICT_ERROR;
	d[0].counts[MX_SEV_ERROR] = 2;
	d[0].counts[MX_SEV_INFO] = 1;
	d[0].hosts = 3;
	d[0].usable = 1;
	d[0].elapsed_ms = 1.5;
	d[1].domain = "ok.test.";
	d[1].verdict = MX_VERDICT_INFO;
	CAPTURE(buf, mx_format_openmetrics(out, d, 2, 0));
	assert_string_equal(buf,
	    "# HELP mxdig_domain_status Verdict of the domain: 0 ok (info "
	    "findings allowed), 1 warning, 2 error, 3 unknown (not checked to "
	    "the end).\n"
	    "# TYPE mxdig_domain_status gauge\n"
	    "mxdig_domain_status{domain=\"a\\\\\\\"b\\nc.test.\"} 2\n"
	    "mxdig_domain_status{domain=\"ok.test.\"} 0\n"
	    "# HELP mxdig_findings Findings of the domain by severity.\n"
	    "# TYPE mxdig_findings gauge\n"
	    "mxdig_findings{domain=\"a\\\\\\\"b\\nc.test.\",severity=\"error\"} 2\n"
	    "mxdig_findings{domain=\"a\\\\\\\"b\\nc.test.\",severity=\"warning\"} 0\n"
	    "mxdig_findings{domain=\"a\\\\\\\"b\\nc.test.\",severity=\"info\"} 1\n"
	    "mxdig_findings{domain=\"ok.test.\",severity=\"error\"} 0\n"
	    "mxdig_findings{domain=\"ok.test.\",severity=\"warning\"} 0\n"
	    "mxdig_findings{domain=\"ok.test.\",severity=\"info\"} 0\n"
	    "# HELP mxdig_hosts Exchanges on the delivery path of the domain.\n"
	    "# TYPE mxdig_hosts gauge\n"
	    "mxdig_hosts{domain=\"a\\\\\\\"b\\nc.test.\"} 3\n"
	    "mxdig_hosts{domain=\"ok.test.\"} 0\n"
	    "# HELP mxdig_usable_hosts Exchanges of the domain that a sender "
	    "can deliver to.\n"
	    "# TYPE mxdig_usable_hosts gauge\n"
	    "mxdig_usable_hosts{domain=\"a\\\\\\\"b\\nc.test.\"} 1\n"
	    "mxdig_usable_hosts{domain=\"ok.test.\"} 0\n"
	    "# HELP mxdig_lookup_duration_seconds Time the checks of the "
	    "domain took.\n"
	    "# TYPE mxdig_lookup_duration_seconds gauge\n"
	    "# UNIT mxdig_lookup_duration_seconds seconds\n"
	    "mxdig_lookup_duration_seconds{domain=\"a\\\\\\\"b\\nc.test.\"} "
	    "0.001500\n"
	    "mxdig_lookup_duration_seconds{domain=\"ok.test.\"} 0.000000\n"
	    "# EOF\n");
	free(buf);
}

/* --smtp: each leaf certificate's notAfter as a gauge per (domain,
 * exchange, address), after the duration family; an address two domains
 * share is in both, a tuple given twice once, a domain without a
 * certificate has no sample, label values escaped; exact text. */
static void
test_openmetrics_certificates(void **state)
{
	const struct mx_metrics_cert c0[] = {
		{ "mx1.a.test.", "192.0.2.1", 1798761600 },
		{ "mx1.a.test.", "2001:db8::1", 1798761600 },
		{ "mx2.a.test.", "192.0.2.1", 1798761600 },
		{ "mx1.a.test.", "192.0.2.1", 1798761600 },
	};
	const struct mx_metrics_cert c2[] = {
		{ "mx\"1\\.b.test.", "192.0.2.1", 1767225599 },
	};
	struct mx_metrics_domain d[3];
	char *buf = NULL;
	const char *fam;

	(void)state;
	memset(d, 0, sizeof(d));
	d[0].domain = "a.test.";
	d[0].certs = c0;
	d[0].ncerts = 4;
	d[1].domain = "none.test.";
	d[2].domain = "b.test.";
	d[2].certs = c2;
	d[2].ncerts = 1;
	CAPTURE(buf, mx_format_openmetrics(out, d, 3, 1767225600.0));
	fam = strstr(buf, "mxdig_lookup_duration_seconds{domain=\"b.test.\"}");
	assert_non_null(fam);
	fam = strchr(fam, '\n') + 1;
	assert_string_equal(fam,
	    "# HELP mxdig_certificate_expiry_timestamp_seconds When the leaf "
	    "certificate the address of the exchange presented over STARTTLS "
	    "expires (its notAfter, Unix time).\n"
	    "# TYPE mxdig_certificate_expiry_timestamp_seconds gauge\n"
	    "# UNIT mxdig_certificate_expiry_timestamp_seconds seconds\n"
	    "mxdig_certificate_expiry_timestamp_seconds{domain=\"a.test.\","
	    "exchange=\"mx1.a.test.\",address=\"192.0.2.1\"} 1798761600\n"
	    "mxdig_certificate_expiry_timestamp_seconds{domain=\"a.test.\","
	    "exchange=\"mx1.a.test.\",address=\"2001:db8::1\"} 1798761600\n"
	    "mxdig_certificate_expiry_timestamp_seconds{domain=\"a.test.\","
	    "exchange=\"mx2.a.test.\",address=\"192.0.2.1\"} 1798761600\n"
	    "mxdig_certificate_expiry_timestamp_seconds{domain=\"b.test.\","
	    "exchange=\"mx\\\"1\\\\.b.test.\",address=\"192.0.2.1\"} "
	    "1767225599\n"
	    "# HELP mxdig_last_run_timestamp_seconds When this run of mxdig "
	    "ended (Unix time).\n"
	    "# TYPE mxdig_last_run_timestamp_seconds gauge\n"
	    "# UNIT mxdig_last_run_timestamp_seconds seconds\n"
	    "mxdig_last_run_timestamp_seconds 1767225600.000\n"
	    "# EOF\n");
	free(buf);
}

/* a SARIF log is JSON with the catalogue as rules and one result
 * per finding; a file name that is not UTF-8 is percent-encoded in its
 * URI; a check without a file has only a logical location. */
static void
test_sarif(void **state)
{
	struct mx_finding	 f[2];
	const char		*domains[2] = { "example.com.", NULL };
	char			*buf = NULL;
	json_t			*log, *res, *al;
	json_error_t		 err;
	size_t			 nc;

	(void)state;
	memset(f, 0, sizeof(f));
	f[0].check = "null-mx-mixed";
	f[0].severity = MX_SEV_ERROR;
	f[0].subject = "example.com.";
	f[0].message = "a null MX beside others";
	f[0].file = "/base/dir/z\xff one.zone";
	f[0].line = 7;
	f[1].check = "mx-no-ipv6";
	f[1].severity = MX_SEV_INFO;
	f[1].message = "no AAAA";
	CAPTURE(buf, mx_format_sarif(out, f, 2, domains, "/base/dir", 0));
	log = json_loads(buf, 0, &err);
	assert_non_null(log);
	mx_checks(&nc);
	assert_string_equal(json_string_value(json_object_get(log,
	    "version")), "2.1.0");
	assert_int_equal(json_array_size(json_object_get(json_object_get(
	    json_object_get(json_array_get(json_object_get(log, "runs"), 0),
	    "tool"), "driver"), "rules")), nc);
	res = json_object_get(json_array_get(json_object_get(log, "runs"), 0),
	    "results");
	assert_int_equal(json_array_size(res), 2);
	al = json_object_get(json_object_get(json_array_get(json_object_get(
	    json_array_get(res, 0), "locations"), 0), "physicalLocation"),
	    "artifactLocation");
	assert_string_equal(json_string_value(json_object_get(al, "uri")),
	    "z%FF%20one.zone");
	assert_string_equal(json_string_value(json_object_get(al,
	    "uriBaseId")), "SRCROOT");
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(res, 1), "level")), "note");
	assert_null(json_object_get(json_array_get(json_object_get(
	    json_array_get(res, 1), "locations"), 0), "physicalLocation"));
	json_decref(log);
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gcc_and_github),
		cmocka_unit_test(test_short_and_text),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_json_any_bytes),
		cmocka_unit_test(test_json_writer),
		cmocka_unit_test(test_json_direct),
		cmocka_unit_test(test_diff),
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_openmetrics),
		cmocka_unit_test(test_openmetrics_certificates),
		cmocka_unit_test(test_sarif),
	};

	return cmocka_run_group_tests(tests, NULL, check_zone_done);
}

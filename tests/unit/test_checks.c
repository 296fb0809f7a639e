/*
 * test_checks.c -- the check catalogue, table-driven: a zone, a domain,
 * and the exact findings (check@subject:line, in order) it must give.
 */
#include "helpers.h"
#include "../../lib/check/checks.h"

#define SOA "@ SOA ns h 1 2 3 4 5\n"		/* line 1 of every case */
#define V6(h, n) #h " AAAA 2606:2800::" #n "\n"

struct check_case {
	const char	*name;
	const char	*zone;
	const char	*domain;
	const char	*expect;
};

static const struct check_case cases[] = {
	{ "healthy", SOA "@ MX 10 a\n@ MX 20 b\n"
	  "a A 93.184.216.1\n" V6(a, 1) "b A 93.184.216.2\n" V6(b, 2),
	  "c.example", "" },
	{ "null-mx-mixed", SOA "@ MX 10 .\n@ MX 20 mx\n"
	  "mx A 93.184.216.1\n" V6(mx, 3), "c.example",
	  "null-mx-mixed@c.example.:2 null-mx-preference@c.example.:2" },
	{ "mx-target-nxdomain", SOA "@ MX 10 mx\n@ MX 20 b\n"
	  "b A 93.184.216.1\n" V6(b, 2), "c.example",
	  "mx-target-nxdomain@mx.c.example.:2 "
	  "mx-primary-unusable@c.example.:2" },
	{ "mx-target-no-address", SOA "@ MX 10 mx\nmx TXT \"x\"\n",
	  "c.example", "mx-target-no-address@mx.c.example.:2 "
	  "no-usable-mx@c.example.:2" },
	{ "mx-target-ip-literal relative", SOA "@ MX 10 10.0.0.1\n",
	  "c.example", "mx-target-ip-literal@10.0.0.1.c.example.:2 "
	  "mx-target-nxdomain@10.0.0.1.c.example.:2 "
	  "no-usable-mx@c.example.:2" },
	{ "mx-target-ip-literal absolute", SOA "@ MX 10 192.0.2.1.\n",
	  "c.example", "mx-target-ip-literal@192.0.2.1.:2 "
	  "mx-target-out-of-zone@192.0.2.1.:2" },
	{ "mx-target-doubled-origin", SOA "@ MX 10 mail.c.example\n"
	  "mail A 93.184.216.1\n" V6(mail, 4), "c.example",
	  "mx-target-doubled-origin@mail.c.example.c.example.:2 "
	  "mx-target-nxdomain@mail.c.example.c.example.:2 "
	  "no-usable-mx@c.example.:2" },
	{ "mx-target-invalid-name", SOA "@ MX 10 mail_x\n"
	  "mail_x A 93.184.216.1\nmail_x AAAA 2606:2800::1\n", "c.example",
	  "mx-target-invalid-name@mail_x.c.example.:2" },
	{ "mx-target-out-of-zone", SOA "@ MX 10 mx.google.com.\n"
	  "@ MX 20 b\nb A 93.184.216.1\n" V6(b, 2), "c.example",
	  "mx-target-out-of-zone@mx.google.com.:2" },
	{ "mx-target-private-address", SOA "@ MX 10 mx\n"
	  "mx A 192.168.1.1\n", "c.example",
	  "mx-target-private-address@mx.c.example.:3 "
	  "no-usable-mx@c.example.:2" },
	{ "mx-duplicate-target", SOA "@ MX 10 mx\n@ MX 20 mx\n"
	  "mx A 93.184.216.1\n" V6(mx, 3), "c.example",
	  "mx-duplicate-target@mx.c.example.:3" },
	{ "mx-tier-unusable", SOA "@ MX 10 a\n@ MX 20 b\n"
	  "a A 93.184.216.1\n" V6(a, 1) "b TXT \"x\"\n", "c.example",
	  "mx-target-no-address@b.c.example.:3 "
	  "mx-tier-unusable@b.c.example.:3" },
	{ "mx-shared-address", SOA "@ MX 10 a\n@ MX 20 b\n"
	  "a A 93.184.216.1\n" V6(a, 1) "b A 93.184.216.1\n" V6(b, 2),
	  "c.example", "mx-shared-address@93.184.216.1:3" },
	{ "mx-address-limit", SOA "@ MX 10 a\n@ MX 20 b\n"
	  "a A 10.0.0.1\na A 10.0.0.2\na A 10.0.0.3\na A 10.0.0.4\n"
	  "a A 10.0.0.5\nb A 93.184.216.1\n" V6(b, 2), "c.example",
	  "mx-target-private-address@a.c.example.:4 "
	  "mx-target-private-address@a.c.example.:5 "
	  "mx-target-private-address@a.c.example.:6 "
	  "mx-target-private-address@a.c.example.:7 "
	  "mx-target-private-address@a.c.example.:8 "
	  "mx-primary-unusable@c.example.:2 "
	  "mx-address-limit@b.c.example.:3" },
	{ "four unusable addresses stay under the limit", SOA
	  "@ MX 10 a\n@ MX 20 b\na A 10.0.0.1\na A 10.0.0.2\n"
	  "a A 10.0.0.3\na A 10.0.0.4 ; mxdig: ignore=mx-target-private-address\n"
	  "b A 93.184.216.1\n" V6(b, 2), "c.example",
	  "mx-target-private-address@a.c.example.:4 "
	  "mx-target-private-address@a.c.example.:5 "
	  "mx-target-private-address@a.c.example.:6 "
	  "mx-primary-unusable@c.example.:2" },
	{ "a primary of six usable addresses hides both backups", SOA
	  "@ MX 10 a\n@ MX 20 b\n@ MX 30 c\n"
	  "a A 93.184.216.1\na A 93.184.216.2\na A 93.184.216.3\n"
	  V6(a, 4) V6(a, 5) V6(a, 6) "b A 93.184.216.7\nc A 93.184.216.8\n",
	  "c.example", "mx-address-limit@b.c.example.:3" },
	{ "five addresses before the backup fill the limit", SOA
	  "@ MX 10 a\n@ MX 20 b\n"
	  "a A 93.184.216.1\na A 93.184.216.2\na A 93.184.216.3\n"
	  V6(a, 4) V6(a, 5) "b A 93.184.216.7\n", "c.example",
	  "mx-address-limit@b.c.example.:3" },
	{ "four addresses before the backup leave it one", SOA
	  "@ MX 10 a\n@ MX 20 b\n"
	  "a A 93.184.216.1\na A 93.184.216.2\n" V6(a, 4) V6(a, 5)
	  "b A 93.184.216.7\n", "c.example", "" },
	{ "usable hosts of one tier do not hide each other", SOA
	  "@ MX 10 a\n@ MX 10 b\n"
	  "a A 93.184.216.1\na A 93.184.216.2\na A 93.184.216.3\n"
	  V6(a, 4) V6(a, 5) V6(a, 6) "b A 93.184.216.7\n", "c.example", "" },
	{ "mx-single-host: one host, one address", SOA "@ MX 10 a\n"
	  "a A 93.184.216.1\n", "c.example",
	  "mx-single-host@a.c.example.:2 mx-no-ipv6@c.example.:2" },
	{ "one host of two addresses fails over between them", SOA
	  "@ MX 10 a\na A 93.184.216.1\na A 93.184.216.2\n", "c.example",
	  "mx-no-ipv6@c.example.:2" },
	{ "one usable address beside a private one", SOA "@ MX 10 a\n"
	  "a A 93.184.216.1\na A 10.0.0.1\n", "c.example",
	  "mx-target-private-address@a.c.example.:4 "
	  "mx-single-host@a.c.example.:2 mx-no-ipv6@c.example.:2" },
	{ "a provider's name without its trailing dot", SOA
	  "@ MX 5 alt3.aspmx.l.google.com\n@ MX 10 b\n"
	  "b A 93.184.216.1\n" V6(b, 2), "c.example",
	  "mx-target-doubled-origin@alt3.aspmx.l.google.com.c.example.:2 "
	  "mx-target-nxdomain@alt3.aspmx.l.google.com.c.example.:2 "
	  "mx-primary-unusable@c.example.:2" },
	{ "a relative name of several labels that exists", SOA
	  "@ MX 10 mx.sub\nmx.sub A 93.184.216.1\n" V6(mx.sub, 2),
	  "c.example", "" },
	{ "a relative name of one label that does not exist", SOA
	  "@ MX 10 mx\n@ MX 20 b\nb A 93.184.216.1\n" V6(b, 2),
	  "c.example", "mx-target-nxdomain@mx.c.example.:2 "
	  "mx-primary-unusable@c.example.:2" },
	{ "an absolute name that does not exist", SOA
	  "@ MX 10 mx.sub.c.example.\n@ MX 20 b\nb A 93.184.216.1\n"
	  V6(b, 2), "c.example", "mx-target-nxdomain@mx.sub.c.example.:2 "
	  "mx-primary-unusable@c.example.:2" },
	{ "mx-no-ipv6", SOA "@ MX 10 a\n@ MX 10 b\n"
	  "a A 93.184.216.1\nb A 93.184.216.2\n", "c.example",
	  "mx-no-ipv6@c.example.:2" },
	{ "mx-no-ipv4", SOA "@ MX 10 a\n@ MX 10 b\n"
	  V6(a, 1) V6(b, 2), "c.example", "mx-no-ipv4@c.example.:2" },
	{ "mx-no-ipv4 needs every A lookup answered", SOA "@ MX 10 a\n"
	  "@ MX 20 b.elsewhere.\n" V6(a, 1), "c.example",
	  "mx-target-out-of-zone@b.elsewhere.:3" },
	{ "mx-ttl-low", SOA "@ 60 MX 10 a\na A 93.184.216.1\n" V6(a, 1),
	  "c.example", "mx-ttl-low@c.example.:2" },
	{ "mx-ttl-high", SOA "@ 2592000 MX 10 a\na A 93.184.216.1\n" V6(a, 1),
	  "c.example", "mx-ttl-high@c.example.:2" },
	{ "ttl-zero", SOA "@ MX 10 a\na 0 A 93.184.216.1\n" V6(a, 1),
	  "c.example", "ttl-zero@a.c.example.:3" },
	{ "ttl-mismatch", SOA "@ MX 10 a\na 300 A 93.184.216.1\n"
	  "a 600 A 93.184.216.2\n" V6(a, 1), "c.example",
	  "ttl-mismatch@a.c.example.:4" },
	{ "domain-cname", SOA "@ MX 10 a\na A 93.184.216.1\n" V6(a, 1)
	  "alias CNAME @\n", "alias.c.example",
	  "domain-cname@alias.c.example.:5" },
	{ "dangling alias", SOA "alias CNAME gone\n", "alias.c.example",
	  "domain-cname@alias.c.example.:2 "
	  "domain-nxdomain@gone.c.example.:2" },
	{ "inline suppression", SOA
	  "@ 60 MX 10 a ; mxdig: ignore=mx-ttl-low,mx-single-host\n"
	  "a A 93.184.216.1\n" V6(a, 1), "c.example", "" },
	{ "wildcard MX answers", SOA "*.w MX 10 a\na A 93.184.216.1\n" V6(a, 1),
	  "any.w.c.example", "" },
};

static void
test_catalogue_cases(void **state)
{
	size_t i, bad = 0;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mx_result *r = check_zone_text(cases[i].zone,
		    "c.example", cases[i].domain, NULL);
		const char *got = flatten(r);

		if (strcmp(got, cases[i].expect) != 0) {
			print_error("%s:\n  expected: %s\n  got:      %s\n",
			    cases[i].name, cases[i].expect, got);
			bad++;
		}
		mx_result_free(r);
	}
	assert_int_equal(bad, 0);
}

static void
test_options(void **state)
{
	const char		*zone = SOA "@ 60 MX 10 a\na 300 A 93.184.216.1\n"
	    "a 600 A 93.184.216.2\n" V6(a, 1);
	mx_options		*opt;
	struct mx_result	*r;

	(void)state;
	assert_int_equal(mx_options_new(&opt), MX_OK);
	assert_int_equal(mx_options_ignore(opt, "mx-single-hots"),
	    MX_ERR_UNKNOWN_CHECK);
	assert_int_equal(mx_options_ignore(opt, "mx-single-host"), MX_OK);
	r = check_zone_text(zone, "c.example", "c.example", opt);
	assert_string_equal(flatten(r), "mx-ttl-low@c.example.:2 "
	    "ttl-mismatch@a.c.example.:4");
	assert_int_equal(r->counts[MX_SEV_WARNING], 2);
	assert_int_equal(r->verdict, MX_VERDICT_WARNING);
	mx_result_free(r);

	/* --ttl-min 30, and ttl-mismatch left to the zone (lint) */
	assert_int_equal(mx_options_set_ttl(opt, 30, 604800), MX_OK);
	assert_int_equal(mx_options_set_zone(opt, NULL, 1), MX_OK);
	r = check_zone_text(zone, "c.example", "c.example", opt);
	assert_string_equal(flatten(r), "");
	assert_int_equal(r->verdict, MX_VERDICT_OK);
	mx_result_free(r);

	/* --ttl-max below the TTL */
	mx_options_free(opt);
	assert_int_equal(mx_options_new(&opt), MX_OK);
	assert_int_equal(mx_options_set_ttl(opt, 0, 30), MX_OK);
	r = check_zone_text(zone, "c.example", "c.example", opt);
	assert_string_equal(flatten(r), "mx-ttl-high@c.example.:2 "
	    "ttl-mismatch@a.c.example.:4");
	mx_result_free(r);
	mx_options_free(opt);
}

/* --routable prefixes (IPv4, IPv6, one address), what a bad one
 * is, and that an address they cover is usable and not reported. */
static void
test_routable(void **state)
{
	static const char zone[] =
	    "$TTL 3600\n@ SOA ns h 1 2 3 4 5\n@ MX 10 mx\n"
	    "mx A 10.1.2.3\nmx AAAA fd00::25\n";
	static const char *const bad[] = { "", "10.0.0.0/33", "10.0.0.0/",
	    "10.0.0.0/8x", "::/129", "10.0.0/8", "example.com", "10.0.0.0/-1",
	    "10.0.0.0/0008" };
	mx_options		*opt;
	struct mx_result	*r;
	size_t			 i;

	(void)state;
	assert_int_equal(mx_options_new(&opt), MX_OK);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(mx_options_add_routable(opt, bad[i]),
		    MX_ERR_ARG);
	r = check_zone_text(zone, "r.example", "r.example", opt);
	assert_string_equal(flatten(r), "mx-target-private-address@"
	    "mx.r.example.:4 mx-target-private-address@mx.r.example.:5 "
	    "no-usable-mx@r.example.:3");
	mx_result_free(r);
	/* the IPv4 prefix alone: one address usable, the ULA still not */
	assert_int_equal(mx_options_add_routable(opt, "10.1.0.0/16"), MX_OK);
	assert_int_equal(mx_options_add_routable(opt, "10.2.0.0/15"), MX_OK);
	r = check_zone_text(zone, "r.example", "r.example", opt);
	assert_string_equal(flatten(r), "mx-target-private-address@"
	    "mx.r.example.:5 mx-single-host@mx.r.example.:3");
	assert_true(r->hosts[0].usable);
	mx_result_free(r);
	/* one address as a prefix of its own, IPv6 */
	assert_int_equal(mx_options_add_routable(opt, "fd00::25"), MX_OK);
	r = check_zone_text(zone, "r.example", "r.example", opt);
	assert_string_equal(flatten(r), "");
	mx_result_free(r);
	mx_options_free(opt);
	/* a prefix that stops inside a byte */
	assert_int_equal(mx_options_new(&opt), MX_OK);
	assert_int_equal(mx_options_add_routable(opt, "10.128.0.0/9"), MX_OK);
	r = check_zone_text(zone, "r.example", "r.example", opt);
	assert_false(r->hosts[0].usable);
	mx_result_free(r);
	mx_options_free(opt);
}

/* RFC 9525 §6.3 name matching of an exchange against a certificate's
 * dNSNames: a wildcard only as the whole left-most label, one label. */
static void
test_cert_names(void **state)
{
	char			*names[] = { "*.example.com", "mx1.Example.NET",
				    "f*.example.org", "*.com", "a.*.example.net",
				    "*" };
	struct mx_smtp_cert	 c;
	static const struct { const char *name; int want; } match[] = {
		{ "mx.example.com.", 1 },	/* the wildcard, one label */
		{ "MX.EXAMPLE.COM", 1 },	/* case folded */
		{ "a.mx.example.com.", 0 },	/* not two labels */
		{ "example.com.", 0 },		/* not zero labels */
		{ "mx1.example.net.", 1 },	/* exact, case folded */
		{ "mx2.example.net.", 0 },
		{ "foo.example.org.", 0 },	/* partial wildcard refused */
		{ "example.com", 0 },
		{ "x.com.", 0 },		/* "*.com": one label after */
		{ "a.b.example.net.", 0 },	/* wildcard not left-most */
		{ "", 0 },
	};
	size_t			 i;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.names = names;
	c.nnames = sizeof(names) / sizeof(names[0]);
	for (i = 0; i < sizeof(match) / sizeof(match[0]); i++) {
		if (mx_cert_names_host(&c, match[i].name) != match[i].want)
			print_error("%s: %d, expected %d\n", match[i].name,
			    !match[i].want, match[i].want);
		assert_int_equal(mx_cert_names_host(&c, match[i].name),
		    match[i].want);
	}
	/* no names: never a match (the CN is not looked at) */
	c.nnames = 0;
	assert_int_equal(mx_cert_names_host(&c, "mx.example.com."), 0);
	assert_int_equal(mx_cert_names_host(NULL, "mx.example.com."), 0);
}

static void
test_catalogue_table(void **state)
{
	const struct mx_check_info	*c;
	size_t				 n, i, j;

	(void)state;
	c = mx_checks(&n);
	assert_int_equal(n, 74);	/* path/zone 39, authority 5, smtp 13, dnssec/reverse 4, policy 13 */
	for (i = 0; i < n; i++) {
		assert_non_null(c[i].summary);
		assert_non_null(c[i].reference);
		assert_non_null(c[i].example);
		assert_non_null(c[i].fix);
		assert_ptr_equal(mx_check_find(c[i].name), &c[i]);
		for (j = 0; c[i].name[j]; j++)
			assert_true((c[i].name[j] >= 'a' &&
			    c[i].name[j] <= 'z') || c[i].name[j] == '-' ||
			    (c[i].name[j] >= '0' && c[i].name[j] <= '9'));
	}
	assert_int_equal(mx_check_find("no-usable-mx")->severity, MX_SEV_ERROR);
	/* the authority layer */
	assert_int_equal(mx_check_find("mx-inconsistent")->severity,
	    MX_SEV_ERROR);
	assert_int_equal(mx_check_find("soa-serial-mismatch")->severity,
	    MX_SEV_WARNING);
	assert_int_equal(mx_check_find("ns-unreachable")->severity,
	    MX_SEV_WARNING);
	assert_int_equal(mx_check_find("ns-lame")->severity, MX_SEV_WARNING);
	assert_int_equal(mx_check_find("auth-unreachable")->severity,
	    MX_SEV_INFO);
	assert_int_equal(mx_check_find("mx-single-host")->severity,
	    MX_SEV_INFO);
	assert_int_equal(mx_check_find("implicit-mx")->severity,
	    MX_SEV_WARNING);
	assert_null(mx_check_find("no-such-check"));
}

/* The words of the path checks that name hosts: which host is never
 * tried and which come after it, the single address. */
static void
test_path_messages(void **state)
{
	struct mx_result *r;

	(void)state;
	r = check_zone_text(SOA "@ MX 10 a\n@ MX 20 b\n@ MX 30 c\n"
	    "a A 93.184.216.1\na A 93.184.216.2\na A 93.184.216.3\n"
	    V6(a, 4) V6(a, 5) V6(a, 6) "b A 93.184.216.7\nc A 93.184.216.8\n"
	    V6(c, 9), "c.example", "c.example", NULL);
	assert_int_equal(r->nfindings, 1);
	assert_string_equal(r->findings[0].message, "exchange b.c.example. "
	    "is never tried: 6 addresses come before it, and senders give up "
	    "after 5 (Postfix smtp_mx_address_limit); c.c.example. after it "
	    "is not tried either");
	assert_int_equal(r->findings[0].severity, MX_SEV_WARNING);
	mx_result_free(r);

	/* dead addresses of its own tier, in the worst case */
	r = check_zone_text(SOA "@ MX 10 a\n@ MX 10 b\n"
	    "a A 10.0.0.1\na A 10.0.0.2\na A 10.0.0.3\na A 10.0.0.4\n"
	    "a A 10.0.0.5\nb A 93.184.216.7\n" V6(b, 9), "c.example",
	    "c.example", NULL);
	assert_int_equal(r->nfindings, 6);
	assert_string_equal(r->findings[5].check, "mx-address-limit");
	assert_string_equal(r->findings[5].message, "exchange b.c.example. "
	    "may never be tried: 5 unusable addresses may be tried before it, "
	    "and senders give up after 5 (Postfix smtp_mx_address_limit)");
	mx_result_free(r);

	r = check_zone_text(SOA "@ MX 10 a\na A 93.184.216.1\n", "c.example",
	    "c.example", NULL);
	assert_int_equal(r->nfindings, 2);
	assert_string_equal(r->findings[0].message, "every path for "
	    "c.example. leads to a.c.example., one host with the single "
	    "address 93.184.216.1: while it is down, mail queues at the "
	    "senders");
	mx_result_free(r);

	r = check_zone_text(SOA "@ MX 5 alt3.aspmx.l.google.com\n", "c.example",
	    "c.example", NULL);
	assert_string_equal(r->findings[0].check, "mx-target-doubled-origin");
	assert_string_equal(r->findings[0].message, "exchange "
	    "alt3.aspmx.l.google.com.c.example. does not exist: it is written "
	    "alt3.aspmx.l.google.com, relative, without a trailing dot; if "
	    "alt3.aspmx.l.google.com. is meant, the dot is missing");
	mx_result_free(r);
}

/* The worst-of ranking and the exit status: ok < info < warning <
 * unknown < error; --fail-on moves the threshold, unknown stays 3. */
static void
test_verdicts(void **state)
{
	(void)state;
	assert_true(mx_verdict_rank(MX_VERDICT_OK) <
	    mx_verdict_rank(MX_VERDICT_INFO));
	assert_true(mx_verdict_rank(MX_VERDICT_INFO) <
	    mx_verdict_rank(MX_VERDICT_WARNING));
	assert_true(mx_verdict_rank(MX_VERDICT_WARNING) <
	    mx_verdict_rank(MX_VERDICT_UNKNOWN));
	assert_true(mx_verdict_rank(MX_VERDICT_UNKNOWN) <
	    mx_verdict_rank(MX_VERDICT_ERROR));
	assert_int_equal(mx_verdict_worst(MX_VERDICT_ERROR,
	    MX_VERDICT_UNKNOWN), MX_VERDICT_ERROR);
	assert_int_equal(mx_verdict_worst(MX_VERDICT_INFO,
	    MX_VERDICT_WARNING), MX_VERDICT_WARNING);
	assert_int_equal(mx_exit_status(MX_VERDICT_INFO, MX_FAIL_ON_WARNING),
	    0);
	assert_int_equal(mx_exit_status(MX_VERDICT_WARNING,
	    MX_FAIL_ON_WARNING), 1);
	assert_int_equal(mx_exit_status(MX_VERDICT_WARNING, MX_FAIL_ON_ERROR),
	    0);
	assert_int_equal(mx_exit_status(MX_VERDICT_ERROR, MX_FAIL_ON_ERROR),
	    2);
	assert_int_equal(mx_exit_status(MX_VERDICT_ERROR, MX_FAIL_ON_NEVER),
	    0);
	assert_int_equal(mx_exit_status(MX_VERDICT_UNKNOWN, MX_FAIL_ON_NEVER),
	    3);
}

/* The ids and the table agree: every entry has its name, and the id of
 * a name is its index. */
static void
test_catalogue_ids(void **state)
{
	const struct mx_check_info	*c;
	enum mx_check_id		 id;
	size_t				 n, i;

	(void)state;
	c = mx_checks(&n);
	assert_int_equal(n, MX_CHECK_COUNT);
	for (i = 0; i < n; i++) {
		assert_non_null(c[i].name);
		assert_int_equal(mx_check_id_of(c[i].name, &id), MX_OK);
		assert_int_equal(id, i);
		assert_ptr_equal(mx_check_info_of(id), &c[i]);
	}
	assert_string_equal(mx_check_info_of(MX_CHECK_DOMAIN_NXDOMAIN)->name,
	    "domain-nxdomain");
	assert_string_equal(mx_check_info_of(MX_CHECK_ZONE_SYNTAX)->name,
	    "zone-syntax");
	assert_int_equal(mx_check_id_of("no-such-check", &id),
	    MX_ERR_UNKNOWN_CHECK);
}

/* The one constructor: --ignore and the inline list suppress, an id out
 * of range is refused, nothing is recorded then. */
static void
test_finding_constructor(void **state)
{
	struct mx_options	 opt;
	struct mx_finding	*v = NULL;
	size_t			 n = 0;

	(void)state;
	mx_options_defaults(&opt);
	assert_int_equal(mx_options_ignore(&opt, "mx-no-ipv6"), MX_OK);
	assert_int_equal(mx_finding_add(&v, &n, &opt, MX_CHECK_MX_NO_IPV6,
	    "x.", NULL, 0, NULL, "%s", "m"), MX_OK);
	assert_int_equal(mx_finding_add(&v, &n, &opt, MX_CHECK_TTL_ZERO,
	    "x.", "f", 3, "mx-wildcard,ttl-zero", "%s", "m"), MX_OK);
	assert_int_equal(n, 0);
	assert_int_equal(mx_finding_add(&v, &n, &opt, MX_CHECK_COUNT, "x.",
	    NULL, 0, NULL, "%s", "m"), MX_ERR_ARG);
	assert_int_equal(n, 0);
	assert_int_equal(mx_finding_add(&v, &n, NULL, MX_CHECK_TTL_ZERO,
	    "x.", "f", 3, "mx-wildcard", "ttl %u", 0), MX_OK);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].check, "ttl-zero");
	assert_int_equal(v[0].severity, MX_SEV_WARNING);
	assert_string_equal(v[0].message, "ttl 0");
	assert_string_equal(v[0].file, "f");
	assert_int_equal(v[0].line, 3);
	mx_findings_free(v, n);
	mx_options_clear(&opt);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalogue_cases),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_path_messages),
		cmocka_unit_test(test_catalogue_table),
		cmocka_unit_test(test_routable),
		cmocka_unit_test(test_cert_names),
		cmocka_unit_test(test_catalogue_ids),
		cmocka_unit_test(test_finding_constructor),
		cmocka_unit_test(test_verdicts),
	};

	return cmocka_run_group_tests(tests, NULL, check_zone_done);
}

/*
 * test_ptr.c -- the reverse and DNSSEC layers' pure parts: PTR owner
 * names (in-addr.arpa, ip6.arpa nibbles), the EDE a validator's reason
 * maps to, and what the path and the checks make of the states on a
 * result built by hand.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "mxdig.h"
#include "../../lib/probe/dnssec.h"
#include "path.h"

static void
test_ptr_names(void **state)
{
	static const struct {
		const char *addr, *name;
	} cases[] = {
		{ "192.0.2.25", "25.2.0.192.in-addr.arpa." },
		{ "0.0.0.0", "0.0.0.0.in-addr.arpa." },
		{ "255.255.255.255", "255.255.255.255.in-addr.arpa." },
		{ "2001:db8::25", "5.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0."
		    "0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa." },
		{ "::1", "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0."
		    "0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa." },
		{ "2001:DB8:ABCD:12::FFFF", "f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0."
		    "2.1.0.0.d.c.b.a.8.b.d.0.1.0.0.2.ip6.arpa." },
		/* an IPv4-mapped address is asked as IPv6 */
		{ "::ffff:192.0.2.1", "1.0.2.0.0.0.0.c.f.f.f.f.0.0.0.0."
		    "0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa." },
	};
	static const char *const bad[] = {
		"", "192.0.2", "192.0.2.256", "1.2.3.4.5", "mx1.example.",
		"2001:db8:::1", "192.0.2.1 ", " 192.0.2.1", "0x7f.0.0.1",
	};
	char	buf[MX_PTR_NAME_MAX];
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_ptr_equal(mx_ptr_name(cases[i].addr, buf), buf);
		assert_string_equal(buf, cases[i].name);
		assert_true(strlen(buf) < MX_PTR_NAME_MAX);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_null(mx_ptr_name(bad[i], buf));
	assert_null(mx_ptr_name(NULL, buf));
}

static void
test_ede_of_reason(void **state)
{
	static const struct {
		const char	*why;
		int		 ede;
	} cases[] = {
		{ "signature expired from 192.0.2.1 for key example.", 7 },
		{ "Signature Expired", 7 },
		{ "signature before inception date from 192.0.2.1", 8 },
		{ "no signatures from 192.0.2.1", 10 },
		{ "No DNSKEY record from 127.0.0.3 for key a.test.", 9 },
		{ "ECDSA signature verification failed from 127.0.0.1", 6 },
		{ "", 6 },
		{ NULL, 6 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(mx_dnssec_ede_of_reason(cases[i].why),
		    cases[i].ede);
	assert_string_equal(mx_ede_name(7), "Signature Expired");
	assert_string_equal(mx_ede_name(6), "DNSSEC Bogus");
	assert_string_equal(mx_ede_name(27),
	    "Unsupported NSEC3 Iterations Value");
	assert_null(mx_ede_name(-1));
	assert_null(mx_ede_name(28));
	assert_string_equal(mx_dnssec_reason_tail("validation failure <a. MX "
	    "IN>: signature expired from x"), "signature expired from x");
	assert_string_equal(mx_dnssec_reason_tail("no signatures"),
	    "no signatures");
	assert_string_equal(mx_dnssec_state_name(MX_DNSSEC_BOGUS), "bogus");
	assert_string_equal(mx_ptr_state_name(MX_PTR_MISMATCH), "mismatch");
}

/* A live result by hand: D with two exchanges at preferences 10 and 20,
 * one routable A each; the layers ran. */
static struct mx_result *
two_hosts(void)
{
	struct mx_result	*r = calloc(1, sizeof(*r));
	const char		*names[2] = { "mx1.example.", "mx2.example." };
	const char		*addrs[2] = { "11.0.0.1", "11.0.0.2" };
	size_t			 i;

	assert_non_null(r);
	r->domain = strdup("example.");
	r->canonical = strdup("example.");
	r->source = "live";
	r->dnssec = r->ptr = 1;
	r->mx_sec.ede = -1;
	r->mx = calloc(2, sizeof(*r->mx));
	r->hosts = calloc(2, sizeof(*r->hosts));
	assert_non_null(r->mx);
	assert_non_null(r->hosts);
	r->nmx = r->nhosts = 2;
	for (i = 0; i < 2; i++) {
		struct mx_host *h = &r->hosts[i];

		r->mx[i].owner = strdup("example.");
		r->mx[i].type = MX_TYPE_MX;
		r->mx[i].ttl = 3600;
		r->mx[i].preference = (uint16_t)(10 * (i + 1));
		r->mx[i].target = strdup(names[i]);
		h->exchange = strdup(names[i]);
		h->preference = r->mx[i].preference;
		h->mx = &r->mx[i];
		h->a_records = calloc(1, sizeof(*h->a_records));
		assert_non_null(h->a_records);
		h->a_records[0].owner = strdup(names[i]);
		h->a_records[0].type = MX_TYPE_A;
		h->a_records[0].ttl = 3600;
		h->a_records[0].address = strdup(addrs[i]);
		h->na = 1;
		h->a_rcode = MX_ANSWER_OK;
		h->aaaa_rcode = MX_ANSWER_NODATA;
		h->a_sec.state = h->aaaa_sec.state = MX_DNSSEC_SECURE;
		h->a_sec.ede = h->aaaa_sec.ede = -1;
	}
	r->mx_sec.state = MX_DNSSEC_SECURE;
	return r;
}

/* The checks' names and subjects, "check subject;..." in order. */
static char *
found(const struct mx_result *r)
{
	static char	buf[1024];
	size_t		i;

	buf[0] = '\0';
	for (i = 0; i < r->nfindings; i++) {
		strcat(buf, r->findings[i].check);
		strcat(buf, " ");
		strcat(buf, r->findings[i].subject);
		strcat(buf, ";");
	}
	return buf;
}

/* A primary whose A RRset is bogus is unusable for validating senders:
 * its state says so, dnssec-bogus names the EDE, and the path checks
 * see an unusable primary tier. */
static void
test_bogus_host_unusable(void **state)
{
	struct mx_result	*r = two_hosts();
	mx_options		*opt;

	(void)state;
	assert_int_equal(mx_options_new(&opt), MX_OK);
	assert_int_equal(mx_options_ignore(opt, "mx-no-ipv6"), MX_OK);
	r->hosts[0].a_sec.state = MX_DNSSEC_BOGUS;
	r->hosts[0].a_sec.ede = 7;
	r->hosts[0].a_sec.why = "signature expired";
	assert_int_equal(mx_path_build(r), MX_OK);
	assert_int_equal(r->hosts[0].usable, 0);
	assert_int_equal(r->hosts[0].state, MX_HOST_BOGUS);
	assert_string_equal(mx_host_state_name(r->hosts[0].state),
	    "dnssec-bogus");
	assert_int_equal(r->hosts[0].addrs[0].dnssec, MX_DNSSEC_BOGUS);
	assert_int_equal(r->hosts[1].usable, 1);
	assert_int_equal(mx_run_checks(r, opt), MX_OK);
	assert_string_equal(found(r), "dnssec-bogus mx1.example.;"
	    "mx-primary-unusable example.;mx-single-host mx2.example.;");
	assert_non_null(strstr(r->findings[0].message,
	    "EDE 7 (Signature Expired): signature expired"));
	assert_int_equal(r->verdict, MX_VERDICT_ERROR);
	mx_result_free(r);

	/* both bogus: no usable MX; the MX set insecure: dnssec-unsigned */
	r = two_hosts();
	r->hosts[0].a_sec.state = r->hosts[1].a_sec.state = MX_DNSSEC_BOGUS;
	r->mx_sec.state = MX_DNSSEC_INSECURE;
	r->mx_rcode = MX_ANSWER_OK;
	assert_int_equal(mx_path_build(r), MX_OK);
	assert_int_equal(mx_run_checks(r, opt), MX_OK);
	assert_string_equal(found(r), "dnssec-bogus mx1.example.;"
	    "dnssec-bogus mx2.example.;dnssec-unsigned example.;"
	    "no-usable-mx example.;");
	mx_result_free(r);

	/* the layer off: the states are not looked at */
	r = two_hosts();
	r->dnssec = r->ptr = 0;
	r->hosts[0].a_sec.state = MX_DNSSEC_INDETERMINATE;
	assert_int_equal(mx_path_build(r), MX_OK);
	assert_int_equal(mx_run_checks(r, opt), MX_OK);
	assert_string_equal(found(r), "");
	mx_result_free(r);
	mx_options_free(opt);
}

/* mx-ptr-missing and mx-ptr-mismatch per address; a failed lookup says
 * nothing. */
static void
test_ptr_checks(void **state)
{
	struct mx_result	*r = two_hosts();
	mx_options		*opt;

	(void)state;
	assert_int_equal(mx_options_new(&opt), MX_OK);
	assert_int_equal(mx_options_ignore(opt, "mx-no-ipv6"), MX_OK);
	assert_int_equal(mx_path_build(r), MX_OK);
	r->hosts[0].addrs[0].ptr = MX_PTR_MISSING;
	r->hosts[1].addrs[0].ptr = MX_PTR_MISMATCH;
	assert_int_equal(mx_run_checks(r, opt), MX_OK);
	assert_string_equal(found(r), "mx-ptr-missing 11.0.0.1;"
	    "mx-ptr-mismatch 11.0.0.2;");
	assert_string_equal(r->findings[0].message, "11.0.0.1 (mx1.example.) "
	    "has no PTR record (1.0.0.11.in-addr.arpa.)");
	assert_int_equal(r->findings[1].severity, MX_SEV_WARNING);
	mx_result_free(r);

	r = two_hosts();
	assert_int_equal(mx_path_build(r), MX_OK);
	r->hosts[0].addrs[0].ptr = MX_PTR_FAILED;
	r->hosts[1].addrs[0].ptr = MX_PTR_CONFIRMED;
	assert_int_equal(mx_run_checks(r, opt), MX_OK);
	assert_string_equal(found(r), "");
	mx_result_free(r);
	mx_options_free(opt);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ptr_names),
		cmocka_unit_test(test_ede_of_reason),
		cmocka_unit_test(test_bogus_host_unusable),
		cmocka_unit_test(test_ptr_checks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

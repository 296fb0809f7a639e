/*
 * test_names.c -- exchange-name and address classification.
 */
#include "helpers.h"
#include "internal.h"

static void
test_ip_literal(void **state)
{
	(void)state;
	assert_true(mx_name_is_ip_literal("192.0.2.1.", NULL));
	assert_true(mx_name_is_ip_literal("2001:db8::1.", NULL));
	assert_true(mx_name_is_ip_literal("[192.0.2.1].", NULL));
	/* written without the trailing dot: the origin was appended */
	assert_true(mx_name_is_ip_literal("10.0.0.1.check-mx.", "check-mx."));
	assert_true(mx_name_is_ip_literal("10.0.0.1.example.com.", NULL));
	assert_false(mx_name_is_ip_literal("mail.example.com.", "example.com."));
	assert_false(mx_name_is_ip_literal("10.example.com.", NULL));
	assert_false(mx_name_is_ip_literal("300.1.1.1.example.", NULL));
	assert_false(mx_name_is_ip_literal("1.2.3.example.", NULL));
}

static void
test_doubled(void **state)
{
	(void)state;
	assert_true(mx_name_is_doubled("mail.example.com.example.com.",
	    "example.com."));
	assert_true(mx_name_is_doubled("MAIL.Example.COM.example.com.",
	    "example.com."));
	/* the hint is the MX owner when no zone origin is known */
	assert_true(mx_name_is_doubled("mx.example.com.example.com.",
	    "sub.example.com."));
	assert_true(mx_name_is_doubled("mail.tld.tld.", "tld."));
	assert_false(mx_name_is_doubled("mail.example.com.", "example.com."));
	assert_false(mx_name_is_doubled("example.com.example.org.",
	    "example.org."));
	assert_false(mx_name_is_doubled("mail.example.com.", NULL));
}

static void
test_hostname(void **state)
{
	(void)state;
	assert_true(mx_name_is_hostname("mail.example.com."));
	assert_true(mx_name_is_hostname("mx-1.example.com."));
	assert_true(mx_name_is_hostname("1mail.example.com."));
	assert_false(mx_name_is_hostname("zz_zz.ignore.example."));
	assert_false(mx_name_is_hostname("-mail.example.com."));
	assert_false(mx_name_is_hostname("mail-.example.com."));
	assert_false(mx_name_is_hostname("$.example."));
	assert_false(mx_name_is_hostname("ma\\000il.example."));
	assert_false(mx_name_is_hostname("ma\\.il.example."));
	assert_false(mx_name_is_hostname("*.example."));
}

static void
test_routable(void **state)
{
	static const struct { const char *a; int r; } t[] = {
		{ "93.184.216.34", 1 },	{ "8.8.8.8", 1 },
		{ "10.1.2.3", 0 },	{ "172.16.0.1", 0 },
		{ "172.32.0.1", 1 },	{ "192.168.1.1", 0 },
		{ "127.0.0.1", 0 },	{ "0.0.0.0", 0 },
		{ "169.254.1.1", 0 },	{ "100.64.0.1", 0 },
		{ "100.128.0.1", 1 },	{ "192.0.2.1", 0 },
		{ "198.51.100.1", 0 },	{ "203.0.113.1", 0 },
		{ "198.18.0.1", 0 },	{ "224.0.0.1", 0 },
		{ "255.255.255.255", 0 },
		{ "2606:2800:220:1::25", 1 }, { "2a02:ec80::1", 1 },
		{ "::1", 0 },		{ "::", 0 },
		{ "fe80::1", 0 },	{ "fd00::1", 0 },
		{ "ff02::1", 0 },	{ "2001:db8::1", 0 },
		{ "::ffff:8.8.8.8", 0 },	{ "64:ff9b::808:808", 1 },
		{ "64:ff9b::a01:203", 0 },	{ "3fff::1", 0 },
		{ "2002::1", 0 },
		{ "mail.example.", -1 },	{ "", -1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		if (mx_address_routable(t[i].a) != t[i].r)
			fail_msg("%s: expected %d, got %d", t[i].a, t[i].r,
			    mx_address_routable(t[i].a));
	}
}

static void
test_name_under(void **state)
{
	(void)state;
	assert_true(mx_name_under("a.example.com.", "example.com."));
	assert_true(mx_name_under("EXAMPLE.com.", "example.COM."));
	assert_true(mx_name_under("anything.", "."));
	assert_false(mx_name_under("badexample.com.", "example.com."));
	assert_false(mx_name_under("a\\.example.com.", "example.com."));
	assert_false(mx_name_under("com.", "example.com."));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ip_literal),
		cmocka_unit_test(test_doubled),
		cmocka_unit_test(test_hostname),
		cmocka_unit_test(test_routable),
		cmocka_unit_test(test_name_under),
	};

	return cmocka_run_group_tests(tests, NULL, check_zone_done);
}

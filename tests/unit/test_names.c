/*
 * test_names.c -- exchange-name and address classification.
 */
#include <arpa/inet.h>
#include <stdio.h>

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

/* A fixed pseudo-random sequence (a 64-bit LCG): the same strings on
 * every run. */
static unsigned
next_rand(unsigned long long *x)
{
	*x = *x * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)(*x >> 33);
}

/* mx_pton4 and mx_pton6 give inet_pton's verdict and bytes: on address
 * texts (inet_ntop of random addresses), on strings of the characters
 * addresses are made of, and on the edges of glibc's rules. */
static void
test_pton(void **state)
{
	static const char *edge[] = {
		"", ".", ":", "::", ":::", "1::", "::1", "1:::2", "1::2::3",
		"0.0.0.0", "255.255.255.255", "256.1.1.1", "01.1.1.1",
		"1.1.1", "1.1.1.1.", "1..1.1", "1.1.1.1 ", "1:2:3:4:5:6:7:8",
		"1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::", "::1:2:3:4:5:6:7",
		"1:2:3:4:5:6:7:8::", "12345::", "::ffff:1.2.3.4",
		"::1.2.3.4:5", "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:7:1.2.3.4",
		"::1.2.3", "1:", ":1", "g::", "A:B:C:D:E:F:0:0",
		"1:2:3:4:5:6:7:8.", "::01.2.3.4", "fe80::1%eth0",
	};
	static const char al[] = "0123456789abcdefABCDEF:.g%";
	unsigned long long	x = 1;
	unsigned char		a[16], b[16], bin[16];
	char			s[64];
	size_t			i, j, n;
	int			af, ours, theirs;

	(void)state;
	for (i = 0; i < sizeof(edge) / sizeof(edge[0]) + 400000; i++) {
		if (i < sizeof(edge) / sizeof(edge[0]))
			snprintf(s, sizeof(s), "%s", edge[i]);
		else if (i % 2 == 0) {
			for (j = 0; j < 16; j++)
				bin[j] = (unsigned char)(next_rand(&x) %
				    (i % 8 == 0 ? 3 : 256));
			inet_ntop(i % 4 == 0 ? AF_INET : AF_INET6, bin, s,
			    sizeof(s));
		} else {
			n = next_rand(&x) % 40;
			for (j = 0; j < n; j++)
				s[j] = al[next_rand(&x) % (i % 3 == 0 ? 12 :
				    sizeof(al) - 1)];
			s[n] = '\0';
		}
		for (af = 0; af < 2; af++) {
			memset(a, 0, sizeof(a));
			memset(b, 0, sizeof(b));
			ours = af == 0 ? mx_pton4(s, a) : mx_pton6(s, a);
			theirs = inet_pton(af == 0 ? AF_INET : AF_INET6, s,
			    b) == 1;
			if (ours != theirs || (ours && memcmp(a, b,
			    af == 0 ? 4 : 16) != 0))
				fail_msg("\"%s\" as IPv%d: ours %d, inet_pton "
				    "%d", s, af == 0 ? 4 : 6, ours, theirs);
		}
	}
}

/* The one-pass and short-cut forms of the name tests, at their edges. */
static void
test_name_edges(void **state)
{
	char	long_label[80];

	(void)state;
	assert_false(mx_name_is_hostname("a.."));
	assert_false(mx_name_is_hostname(".a."));
	assert_false(mx_name_is_hostname("."));
	assert_false(mx_name_is_hostname(""));
	assert_true(mx_name_is_hostname("a"));
	assert_false(mx_name_is_hostname("a-"));
	assert_true(mx_name_is_hostname("a-b.c."));
	memset(long_label, 'a', 63);
	strcpy(long_label + 63, ".example.");
	assert_true(mx_name_is_hostname(long_label));
	memset(long_label, 'a', 64);
	strcpy(long_label + 64, ".example.");
	assert_false(mx_name_is_hostname(long_label));
	/* the last label twice is not enough: S has two labels here */
	assert_false(mx_name_is_doubled("mx.com.example.com.",
	    "example.com."));
	assert_true(mx_name_is_doubled("mx.example.com.example.com.",
	    "mail.example.com."));
	assert_false(mx_name_is_doubled("mx.com.example.org.", "example.com."));
	assert_false(mx_name_is_doubled("com.", "example.com."));
	assert_false(mx_name_is_doubled(".", "example.com."));
	assert_false(mx_name_is_doubled("mx.example.com.", "."));
	/* escapes take the full path */
	assert_true(mx_name_is_doubled("a\\.b.tld.tld.", "tld."));
	assert_false(mx_name_is_doubled("mx.tld\\.tld.", "tld."));
	/* an exchange of letters, no address */
	assert_false(mx_name_is_ip_literal("mx1.d0000707.bench.test.",
	    "bench.test."));
	assert_true(mx_name_is_ip_literal("[2001:db8::25].", NULL));
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
		cmocka_unit_test(test_pton),
		cmocka_unit_test(test_name_edges),
	};

	return cmocka_run_group_tests(tests, NULL, check_zone_done);
}

/*
 * test_policy.c -- the policy layer's parsers: TLSA fields as SMTP
 * senders judge them and their RFC 7218 mnemonics, the MTA-STS policy
 * body (RFC 8461 §3.2), its mx patterns (§4.1), the _mta-sts TXT record
 * (§3.1) and the TLS-RPT record (RFC 8460 §3).  Table-driven: each case
 * is input and the exact outcome, message included.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "mxdig.h"
#include "../../lib/policy/policy.h"
#include "../../lib/check/checks.h"

#define S(lit)	lit, sizeof(lit) - 1

/* Every usage, selector and matching type from 0 to 255 and beyond, and
 * the lengths around each digest's: usable exactly when usage is 2 or 3,
 * selector 0 or 1, matching type 0 to 2 and the data of its size. */
static void
test_tlsa_unusable_all(void **state)
{
	static const size_t lens[] = { 0, 1, 31, 32, 33, 63, 64, 65, 1000 };
	unsigned	u, s, m;
	size_t		i, usable = 0;
	const char	*why;
	int		 want;

	(void)state;
	for (u = 0; u <= 256; u++)
		for (s = 0; s <= 256; s += (s < 3 ? 1 : 253))
			for (m = 0; m <= 256; m += (m < 4 ? 1 : 252))
				for (i = 0; i < sizeof(lens) / sizeof(lens[0]);
				    i++) {
					want = (u == 2 || u == 3) && s <= 1 &&
					    ((m == 0 && lens[i] > 0) ||
					    (m == 1 && lens[i] == 32) ||
					    (m == 2 && lens[i] == 64));
					why = mx_tlsa_unusable(u, s, m,
					    lens[i]);
					assert_int_equal(why == NULL, want);
					usable += want;
				}
	/* 2 usages x 2 selectors x (8 Full lengths + 1 + 1) */
	assert_int_equal(usable, 2 * 2 * 10);
}

static void
test_tlsa_unusable_why(void **state)
{
	static const struct {
		unsigned	 u, s, m;
		size_t		 len;
		const char	*why;
	} cases[] = {
		{ 3, 1, 1, 32, NULL },
		{ 2, 0, 1, 32, NULL },
		{ 3, 0, 0, 800, NULL },
		{ 2, 1, 2, 64, NULL },
		{ 0, 0, 1, 32, "usage 0 (PKIX-TA) is not used for SMTP "
		    "(RFC 7672 §3.1.3)" },
		{ 1, 1, 1, 32, "usage 1 (PKIX-EE) is not used for SMTP "
		    "(RFC 7672 §3.1.3)" },
		{ 4, 1, 1, 32, "its usage is none of 0 to 3 (RFC 6698 §2.1.1)" },
		{ 255, 1, 1, 32, "its usage is none of 0 to 3 "
		    "(RFC 6698 §2.1.1)" },
		{ 3, 2, 1, 32, "its selector is neither 0 (Cert) nor 1 (SPKI) "
		    "(RFC 6698 §2.1.2)" },
		{ 3, 255, 1, 32, "its selector is neither 0 (Cert) nor 1 "
		    "(SPKI) (RFC 6698 §2.1.2)" },
		{ 3, 1, 3, 32, "its matching type is none of 0 (Full), 1 "
		    "(SHA2-256) and 2 (SHA2-512) (RFC 6698 §2.1.3)" },
		{ 3, 1, 0, 0, "it has no certificate association data "
		    "(RFC 6698 §2.1.4)" },
		{ 3, 1, 1, 0, "it has no certificate association data "
		    "(RFC 6698 §2.1.4)" },
		{ 3, 1, 1, 31, "its SHA2-256 digest is not 32 octets "
		    "(RFC 6698 §2.1.3)" },
		{ 3, 1, 1, 64, "its SHA2-256 digest is not 32 octets "
		    "(RFC 6698 §2.1.3)" },
		{ 3, 1, 2, 32, "its SHA2-512 digest is not 64 octets "
		    "(RFC 6698 §2.1.3)" },
		{ 2, 0, 2, 65, "its SHA2-512 digest is not 64 octets "
		    "(RFC 6698 §2.1.3)" },
		/* the usage is judged first */
		{ 1, 9, 9, 0, "usage 1 (PKIX-EE) is not used for SMTP "
		    "(RFC 7672 §3.1.3)" },
	};
	const char	*why;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		why = mx_tlsa_unusable(cases[i].u, cases[i].s, cases[i].m,
		    cases[i].len);
		if (cases[i].why == NULL)
			assert_null(why);
		else {
			assert_non_null(why);
			assert_string_equal(why, cases[i].why);
		}
	}
}

static void
test_tlsa_mnemonic(void **state)
{
	static const struct {
		unsigned	 u, s, m;
		const char	*text;
	} cases[] = {
		{ 3, 1, 1, "3 1 1 DANE-EE SPKI SHA2-256" },
		{ 2, 0, 1, "2 0 1 DANE-TA Cert SHA2-256" },
		{ 0, 0, 0, "0 0 0 PKIX-TA Cert Full" },
		{ 1, 1, 2, "1 1 2 PKIX-EE SPKI SHA2-512" },
		{ 255, 255, 255, "255 255 255 PrivCert PrivSel PrivMatch" },
		{ 4, 2, 3, "4 2 3 4 2 3" },
		{ 254, 1, 254, "254 1 254 254 SPKI 254" },
		{ 3, 7, 1, "3 7 1 DANE-EE 7 SHA2-256" },
	};
	char	buf[MX_TLSA_MNEMONIC_MAX], small[8];
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_ptr_equal(mx_tlsa_mnemonic(cases[i].u, cases[i].s,
		    cases[i].m, buf, sizeof(buf)), buf);
		assert_string_equal(buf, cases[i].text);
	}
	/* a short buffer is cut, never overrun */
	memset(small, 'x', sizeof(small));
	mx_tlsa_mnemonic(3, 1, 1, small, sizeof(small));
	assert_string_equal(small, "3 1 1 D");
	mx_tlsa_mnemonic(4000000000U, 4000000000U, 4000000000U, buf,
	    sizeof(buf));
	assert_true(strlen(buf) == sizeof(buf) - 1);
}

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(mx_dane_state_name(MX_DANE_NONE), "none");
	assert_string_equal(mx_dane_state_name(MX_DANE_NO_TLSA), "no-tlsa");
	assert_string_equal(mx_dane_state_name(MX_DANE_USABLE), "usable");
	assert_string_equal(mx_dane_state_name(MX_DANE_UNUSABLE), "unusable");
	assert_string_equal(mx_dane_state_name(MX_DANE_INSECURE), "insecure");
	assert_string_equal(mx_dane_state_name(MX_DANE_BOGUS), "bogus");
	assert_string_equal(mx_dane_state_name(MX_DANE_FAILED), "failed");
	assert_string_equal(mx_dane_match_name(MX_DANE_MATCH_NONE), "none");
	assert_string_equal(mx_dane_match_name(MX_DANE_MATCH_OK), "ok");
	assert_string_equal(mx_dane_match_name(MX_DANE_MATCH_FAILED),
	    "failed");
	assert_string_equal(mx_send_name(MX_SEND_UNKNOWN), "unknown");
	assert_string_equal(mx_send_name(MX_SEND_TLS_AUTH),
	    "tls-authenticated");
	assert_string_equal(mx_send_name(MX_SEND_TLS), "tls");
	assert_string_equal(mx_send_name(MX_SEND_CLEAR), "clear");
	assert_string_equal(mx_send_name(MX_SEND_DEFER), "defer");
	assert_string_equal(mx_send_name(MX_SEND_REFUSE), "refuse");
	assert_string_equal(mx_sts_mode_name(MX_STS_MODE_UNSET), "unset");
	assert_string_equal(mx_sts_mode_name(MX_STS_ENFORCE), "enforce");
	assert_string_equal(mx_sts_mode_name(MX_STS_TESTING), "testing");
	assert_string_equal(mx_sts_mode_name(MX_STS_NONE), "none");
}

/* A policy that parses: its mode, max_age and patterns. */
struct policy_ok {
	const char		*name, *body;
	size_t			 len;
	enum mx_sts_mode	 mode;
	uint32_t		 max_age;
	const char		*mx[4];
};

static void
test_policy_valid(void **state)
{
	static const struct policy_ok cases[] = {
		/* RFC 8461 §3.2, the example as printed (CRLF lines) */
		{ "rfc8461", S("version: STSv1\r\nmode: enforce\r\n"
		    "mx: mail.example.com\r\nmx: *.example.net\r\n"
		    "mx: backupmx.example.com\r\nmax_age: 604800\r\n"),
		    MX_STS_ENFORCE, 604800, { "mail.example.com",
		    "*.example.net", "backupmx.example.com", NULL } },
		{ "rfc8461 LF", S("version: STSv1\nmode: enforce\n"
		    "mx: mail.example.com\nmx: *.example.net\n"
		    "mx: backupmx.example.com\nmax_age: 604800\n"),
		    MX_STS_ENFORCE, 604800, { "mail.example.com",
		    "*.example.net", "backupmx.example.com", NULL } },
		{ "no final newline, mixed ends", S("version: STSv1\r\n"
		    "mode: testing\nmx: mx.example.org\r\nmax_age: 0"),
		    MX_STS_TESTING, 0, { "mx.example.org", NULL } },
		{ "none needs no mx", S("version: STSv1\nmode: none\n"
		    "max_age: 31557600\n"), MX_STS_NONE, 31557600, { NULL } },
		{ "unknown keys ignored", S("version: STSv1\nmode: enforce\n"
		    "future_key: some value here\nX-Thing:1\nmx: a.example\n"
		    "max_age: 86400\ncomment: anything: at all\n"),
		    MX_STS_ENFORCE, 86400, { "a.example", NULL } },
		{ "whitespace around values", S("version:STSv1\n"
		    "mode:\t enforce \t\nmx:   a.example.  \n"
		    "max_age:  007\n"), MX_STS_ENFORCE, 7,
		    { "a.example.", NULL } },
		{ "blank lines skipped", S("\n\r\nversion: STSv1\n\n"
		    "mode: enforce\n\nmx: A.Example.COM\nmax_age: 1\n\n"),
		    MX_STS_ENFORCE, 1, { "A.Example.COM", NULL } },
		/* keys are case-sensitive: "Mode" is an extension */
		{ "key case", S("version: STSv1\nMode: testing\n"
		    "mode: enforce\nmx: a.example\nmax_age: 1\n"),
		    MX_STS_ENFORCE, 1, { "a.example", NULL } },
		{ "ten digits", S("version: STSv1\nmode: none\n"
		    "max_age: 0031557600\n"), MX_STS_NONE, 31557600,
		    { NULL } },
	};
	struct mx_sts_policy	p;
	char			err[256];
	size_t			i, j;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err[0] = 'x';
		if (mx_sts_policy_parse(cases[i].body, cases[i].len, &p, err,
		    sizeof(err)) != MX_OK)
			fail_msg("%s: %s", cases[i].name, err);
		assert_string_equal(err, "");
		assert_int_equal(p.mode, cases[i].mode);
		assert_int_equal(p.max_age, cases[i].max_age);
		for (j = 0; cases[i].mx[j] != NULL; j++) {
			assert_true(j < p.nmx);
			assert_string_equal(p.mx[j], cases[i].mx[j]);
		}
		assert_int_equal(p.nmx, j);
		mx_sts_policy_clear(&p);
		assert_null(p.mx);
		assert_int_equal(p.nmx, 0);
	}
}

static void
test_policy_invalid(void **state)
{
	static const struct {
		const char	*body;
		size_t		 len;
		const char	*err;
	} cases[] = {
		{ S(""), "no version line: the policy is empty" },
		{ S("\n\r\n"), "no version line: the policy is empty" },
		{ S("mode: enforce\nmx: a.example\nmax_age: 1\n"),
		    "line 1: the first field is \"mode\", not version" },
		{ S("mode: enforce\nversion: STSv1\nmx: a.example\n"
		    "max_age: 1\n"),
		    "line 1: the first field is \"mode\", not version" },
		{ S("x: y\nversion: STSv1\n"),
		    "line 1: the first field is \"x\", not version" },
		{ S("version: STSv2\nmode: enforce\n"),
		    "line 1: version \"STSv2\" is not STSv1" },
		{ S("version: stsv1\n"), "line 1: version \"stsv1\" is not STSv1" },
		{ S("version: STSv1\nmode: enforced\nmx: a.example\n"
		    "max_age: 1\n"), "line 2: mode \"enforced\" is not "
		    "enforce, testing or none" },
		{ S("version: STSv1\nmode: Enforce\n"), "line 2: mode "
		    "\"Enforce\" is not enforce, testing or none" },
		{ S("version: STSv1\nmode:\n"), "line 2: mode \"\" is not "
		    "enforce, testing or none" },
		{ S("version: STSv1\nmode: enforce\nmx: a.example\n"
		    "max_age: 31557601\n"),
		    "line 4: max_age 31557601 is over 31557600 (one year)" },
		{ S("version: STSv1\nmode: none\nmax_age: 99999999999999999999\n"),
		    "line 3: max_age 99999999999999999999 has more than 10 "
		    "digits" },
		{ S("version: STSv1\nmode: none\nmax_age: 00000000001\n"),
		    "line 3: max_age 00000000001 has more than 10 digits" },
		{ S("version: STSv1\nmode: none\nmax_age: 4294967296\n"),
		    "line 3: max_age 4294967296 is over 31557600 (one year)" },
		{ S("version: STSv1\nmode: none\nmax_age: 1d\n"),
		    "line 3: max_age \"1d\" is not a number of seconds" },
		{ S("version: STSv1\nmode: none\nmax_age: -1\n"),
		    "line 3: max_age \"-1\" is not a number of seconds" },
		{ S("version: STSv1\nmode: none\nmax_age: 1 2\n"),
		    "line 3: max_age \"1 2\" is not a number of seconds" },
		{ S("version: STSv1\nmode: none\nmax_age:\n"),
		    "line 3: max_age is empty" },
		{ S("version: STSv1\nmode: enforce\nmx: a.example\n"),
		    "no max_age line" },
		{ S("version: STSv1\nmax_age: 5\n"), "no mode line" },
		{ S("version: STSv1\nmode: enforce\nmax_age: 5\n"),
		    "no mx line: mode enforce needs one" },
		{ S("version: STSv1\nmode: testing\nmax_age: 5\n"),
		    "no mx line: mode testing needs one" },
		{ S("version: STSv1\nmode: enforce\nmode: none\n"),
		    "line 3: mode given again (first on line 2)" },
		{ S("version: STSv1\nversion: STSv1\n"),
		    "line 2: version given again (first on line 1)" },
		{ S("version: STSv1\nmode: none\nmax_age: 1\nmax_age: 1\n"),
		    "line 4: max_age given again (first on line 3)" },
		{ S("version: STSv1\nmode: enforce\nmx: a..example\n"),
		    "line 3: mx \"a..example\" is not a host name or \"*.\" "
		    "and one" },
		{ S("version: STSv1\nmode: enforce\nmx: *.*.example\n"),
		    "line 3: mx \"*.*.example\" is not a host name or \"*.\" "
		    "and one" },
		{ S("version: STSv1\nmode: enforce\nmx: mx_1.example\n"),
		    "line 3: mx \"mx_1.example\" is not a host name or \"*.\" "
		    "and one" },
		{ S("version: STSv1\nmode: enforce\nmx: -a.example\n"),
		    "line 3: mx \"-a.example\" is not a host name or \"*.\" "
		    "and one" },
		{ S("version: STSv1\nmode: enforce\nmx:\n"),
		    "line 3: mx \"\" is not a host name or \"*.\" and one" },
		{ S("version: STSv1\nmode: enforce\nmx: *.\n"),
		    "line 3: mx \"*.\" is not a host name or \"*.\" and one" },
		{ S("version: STSv1\nmode: enforce\nmx: a.example b.example\n"),
		    "line 3: mx \"a.example b.example\" is not a host name or "
		    "\"*.\" and one" },
		{ S("version: STSv1\nmode enforce\n"),
		    "line 2: \"mode enforce\" is no \"key: value\" line" },
		{ S("version: STSv1\nmode : enforce\n"),
		    "line 2: \"mode \" is no field name" },
		{ S("version: STSv1\n: enforce\n"),
		    "line 2: \"\" is no field name" },
		{ S("version: STSv1\nmo\0de: enforce\n"),
		    "line 2: a NUL octet" },
		{ S("version: STSv1\nmode: enforce\0\n"),
		    "line 2: a NUL octet" },
		{ S("version: STSv1\rmode: enforce\n"),
		    "line 1: a CR not followed by LF" },
		{ S("version: STSv1\nmode: enforce\r"),
		    "line 2: a CR not followed by LF" },
		{ S("version: STSv1\nmode: \033[31m\n"),
		    "line 2: control octet \\027" },
		{ S("version: STSv1\nm\xc3\xb6" "de: x\n"),
		    "line 2: \"m\\195\\182de\" is no field name" },
	};
	struct mx_sts_policy	p;
	char			err[256], tiny[12];
	size_t			i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&p, 0xa5, sizeof(p));
		if (mx_sts_policy_parse(cases[i].body, cases[i].len, &p, err,
		    sizeof(err)) != MX_ERR_ARG)
			fail_msg("case %zu parsed: %s", i, cases[i].body);
		assert_string_equal(err, cases[i].err);
		assert_null(p.mx);
		assert_int_equal(p.nmx, 0);
		mx_sts_policy_clear(&p);
	}
	/* a short or absent message buffer */
	assert_int_equal(mx_sts_policy_parse(S("mode: x"), &p, tiny,
	    sizeof(tiny)), MX_ERR_ARG);
	assert_string_equal(tiny, "line 1: the");
	assert_int_equal(mx_sts_policy_parse(S("mode: x"), &p, NULL, 0),
	    MX_ERR_ARG);
	assert_int_equal(mx_sts_policy_parse(NULL, 3, &p, err, sizeof(err)),
	    MX_ERR_ARG);
	assert_int_equal(mx_sts_policy_parse(S("x"), NULL, err, sizeof(err)),
	    MX_ERR_ARG);
	mx_sts_policy_clear(NULL);
}

/* The parser reads len octets and no more: a body in a buffer that ends
 * exactly at len (ASan sees a read past it), without a NUL. */
static void
test_policy_bounds(void **state)
{
	static const char	text[] = "version: STSv1\nmode: none\n"
	    "max_age: 5";
	struct mx_sts_policy	p;
	char			err[128], *b;
	size_t			n = sizeof(text) - 1, cut;

	(void)state;
	b = malloc(n);
	assert_non_null(b);
	memcpy(b, text, n);
	assert_int_equal(mx_sts_policy_parse(b, n, &p, err, sizeof(err)),
	    MX_OK);
	assert_int_equal(p.max_age, 5);
	mx_sts_policy_clear(&p);
	/* every prefix: parses or says why, never reads past it */
	for (cut = 0; cut < n; cut++) {
		mx_status st = mx_sts_policy_parse(b, cut, &p, err,
		    sizeof(err));

		assert_true(st == MX_OK || st == MX_ERR_ARG);
		assert_true(st != MX_OK || cut >= n - 1);
		mx_sts_policy_clear(&p);
	}
	free(b);
}

/* 64 KiB of lines, the most a sender fetches (RFC 8461 §3.3): every mx
 * kept in order; the same with one bad line near the end names it. */
static void
test_policy_64k(void **state)
{
	struct mx_sts_policy	p;
	char			err[128], want[64], *b;
	size_t			cap = 65536, n, i, count;

	(void)state;
	b = malloc(cap);
	assert_non_null(b);
	n = (size_t)snprintf(b, cap, "version: STSv1\r\nmode: enforce\r\n"
	    "max_age: 604800\r\n");
	for (count = 0; n + 32 < cap; count++)
		n += (size_t)snprintf(b + n, cap - n, "mx: mx%05zu.example\r\n",
		    count);
	while (n < cap)
		b[n++] = '\n';
	assert_int_equal(n, 65536);
	assert_int_equal(mx_sts_policy_parse(b, n, &p, err, sizeof(err)),
	    MX_OK);
	assert_int_equal(p.nmx, count);
	for (i = 0; i < count; i += 997) {
		snprintf(want, sizeof(want), "mx%05zu.example", i);
		assert_string_equal(p.mx[i], want);
	}
	mx_sts_policy_clear(&p);
	/* the last mx line broken, before the padding of blank lines: it
	 * is line 3 + count */
	for (i = n; i > 0 && b[i - 1] == '\n'; i--)
		;
	b[i - 4] = '_';
	assert_int_equal(mx_sts_policy_parse(b, n, &p, err, sizeof(err)),
	    MX_ERR_ARG);
	snprintf(want, sizeof(want), "line %zu: mx \"mx%05zu.exam_le\" is ",
	    count + 3, count - 1);
	assert_true(strncmp(err, want, strlen(want)) == 0);
	free(b);
}

/* RFC 8461 §4.1 and the edges around it. */
static void
test_mx_match(void **state)
{
	static const struct {
		const char	*pattern, *host;
		int		 match;
	} cases[] = {
		/* §4.1's own examples */
		{ "*.example.com", "mx1.example.com", 1 },
		{ "*.example.com", "a.mx1.example.com", 0 },
		{ "*.example.com", "example.com", 0 },
		/* §3.2's example patterns */
		{ "mail.example.com", "mail.example.com", 1 },
		{ "*.example.net", "b.example.net", 1 },
		{ "*.example.net", "a.b.example.net", 0 },
		{ "backupmx.example.com", "backupmx.example.com.", 1 },
		/* case-insensitive, trailing dots either side */
		{ "MAIL.Example.COM", "mail.example.com", 1 },
		{ "*.EXAMPLE.net", "MX.example.NET.", 1 },
		{ "mail.example.com.", "mail.example.com", 1 },
		{ "mail.example.com.", "MAIL.EXAMPLE.COM.", 1 },
		/* whole names only */
		{ "example.com", "mail.example.com", 0 },
		{ "mail.example.com", "example.com", 0 },
		{ "mail.example.com", "mail.example.co", 0 },
		{ "mail.example.co", "mail.example.com", 0 },
		{ "ail.example.com", "mail.example.com", 0 },
		{ "*.example.com", "mx1.example.com.evil", 0 },
		{ "*.example.com", "mx1example.com", 0 },
		{ "*.example.com", ".example.com", 0 },
		{ "*example.com", "mxexample.com", 0 },
		{ "mx*.example.com", "mx1.example.com", 0 },
		{ "*", "com", 0 },
		{ "*.", "a.", 0 },
		{ "", "", 0 },
		{ "a.example", "", 0 },
		{ "", "a.example", 0 },
		{ ".", ".", 0 },
	};
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (mx_sts_mx_match(cases[i].pattern, cases[i].host) !=
		    cases[i].match)
			fail_msg("\"%s\" vs \"%s\": not %d", cases[i].pattern,
			    cases[i].host, cases[i].match);
	assert_int_equal(mx_sts_mx_match(NULL, "a"), 0);
	assert_int_equal(mx_sts_mx_match("a", NULL), 0);
}

static void
test_sts_txt(void **state)
{
	static const struct {
		const char	*txt;
		size_t		 len;
		enum mx_sts_txt	 r;
		const char	*out;	/* the id, or the message */
	} cases[] = {
		/* RFC 8461 §3.1's example */
		{ S("v=STSv1; id=20160831085700Z;"), MX_STS_TXT_VALID,
		    "20160831085700Z" },
		{ S("v=STSv1;id=1"), MX_STS_TXT_VALID, "1" },
		{ S("v=STSv1 ; id=abc ;  "), MX_STS_TXT_VALID, "abc" },
		{ S("v=STSv1;\tid=abc\t;"), MX_STS_TXT_VALID, "abc" },
		{ S("v=STSv1; id=12345678901234567890123456789012"),
		    MX_STS_TXT_VALID, "12345678901234567890123456789012" },
		/* extension fields before and after */
		{ S("v=STSv1; ext-1.a_b=val!ue; id=X1; z=9"),
		    MX_STS_TXT_VALID, "X1" },
		/* not v=STSv1 first: another record, discarded */
		{ S("id=1; v=STSv1"), MX_STS_TXT_OTHER, "" },
		{ S("v=spf1 -all"), MX_STS_TXT_OTHER, "" },
		{ S("v=STSv10; id=1"), MX_STS_TXT_OTHER, "" },
		{ S("v=stsv1; id=1"), MX_STS_TXT_OTHER, "" },
		{ S(" v=STSv1; id=1"), MX_STS_TXT_OTHER, "" },
		{ S(""), MX_STS_TXT_OTHER, "" },
		/* malformed */
		{ S("v=STSv1"), MX_STS_TXT_INVALID, "no id field" },
		{ S("v=STSv1;"), MX_STS_TXT_INVALID, "no id field" },
		{ S("v=STSv1; foo=bar"), MX_STS_TXT_INVALID, "no id field" },
		{ S("v=STSv1; id="), MX_STS_TXT_INVALID,
		    "field id has no value" },
		{ S("v=STSv1; id=  ;"), MX_STS_TXT_INVALID,
		    "field id has no value" },
		{ S("v=STSv1; id=123456789012345678901234567890123"),
		    MX_STS_TXT_INVALID, "id \"123456789012345678901234567890"
		    "123\" is longer than 32 characters" },
		{ S("v=STSv1; id=2016-08-31"), MX_STS_TXT_INVALID,
		    "id \"2016-08-31\" is not letters and digits only" },
		{ S("v=STSv1; id=a b"), MX_STS_TXT_INVALID,
		    "id \"a b\" is not letters and digits only" },
		{ S("v=STSv1; id=1; id=2"), MX_STS_TXT_INVALID,
		    "id given twice" },
		{ S("v=STSv1;; id=1"), MX_STS_TXT_INVALID,
		    "an empty field at octet 9" },
		{ S("v=STSv1 id=1"), MX_STS_TXT_INVALID,
		    "\"id=1\" follows the version without \";\"" },
		{ S("v=STSv1; id"), MX_STS_TXT_INVALID,
		    "field \"id\" has no \"=\"" },
		{ S("v=STSv1; id =1"), MX_STS_TXT_INVALID,
		    "\"id \" is no field name" },
		{ S("v=STSv1; id=1\0"), MX_STS_TXT_INVALID,
		    "field id: octet \\000 is not allowed in a value" },
		{ S("v=STSv1; id=1; x=\xff"), MX_STS_TXT_INVALID,
		    "field x: octet \\255 is not allowed in a value" },
	};
	char	id[33], err[256];
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum mx_sts_txt r = mx_sts_txt_parse(cases[i].txt,
		    cases[i].len, id, err, sizeof(err));

		if (r != cases[i].r)
			fail_msg("\"%s\": %d, not %d (%s)", cases[i].txt, r,
			    cases[i].r, err);
		if (r == MX_STS_TXT_VALID) {
			assert_string_equal(id, cases[i].out);
			assert_string_equal(err, "");
		} else {
			assert_string_equal(id, "");
			assert_string_equal(err, r == MX_STS_TXT_OTHER ? "" :
			    cases[i].out);
		}
	}
	assert_int_equal(mx_sts_txt_parse(S("v=STSv1; id=1"), NULL, NULL, 0),
	    MX_STS_TXT_VALID);
	assert_int_equal(mx_sts_txt_parse(NULL, 0, id, err, sizeof(err)),
	    MX_STS_TXT_OTHER);
}

static void
test_tls_rpt(void **state)
{
	static const struct {
		const char	*txt;
		size_t		 len;
		enum mx_rpt_txt	 r;
		const char	*out[4];	/* the URIs, or the message */
	} cases[] = {
		/* RFC 8460 §3's examples */
		{ S("v=TLSRPTv1;rua=mailto:reports@example.com"),
		    MX_RPT_TXT_VALID, { "mailto:reports@example.com" } },
		{ S("v=TLSRPTv1; rua=https://reporting.example.com/v1/tlsrpt"),
		    MX_RPT_TXT_VALID,
		    { "https://reporting.example.com/v1/tlsrpt" } },
		/* several, with whitespace around the commas */
		{ S("v=TLSRPTv1; rua=mailto:a@example.com , "
		    "HTTPS://r.example/x,\tMailTo:b@example.org ;"),
		    MX_RPT_TXT_VALID, { "mailto:a@example.com",
		    "HTTPS://r.example/x", "MailTo:b@example.org" } },
		{ S("v=TLSRPTv1 ;rua=https://r.example/?a=b; ext=1"),
		    MX_RPT_TXT_VALID, { "https://r.example/?a=b" } },
		{ S("v=spf1 -all"), MX_RPT_TXT_OTHER, { "" } },
		{ S("v=TLSRPTv2; rua=mailto:a@b"), MX_RPT_TXT_OTHER, { "" } },
		{ S("v=TLSRPTv10; rua=mailto:a@b"), MX_RPT_TXT_OTHER, { "" } },
		{ S("v=TLSRPTv1"), MX_RPT_TXT_INVALID, { "no rua field" } },
		{ S("v=TLSRPTv1; ruf=mailto:a@b"), MX_RPT_TXT_INVALID,
		    { "no rua field" } },
		{ S("v=TLSRPTv1; rua=http://r.example/"), MX_RPT_TXT_INVALID,
		    { "rua URI \"http://r.example/\" is neither a mailto: nor "
		    "an https: URI" } },
		{ S("v=TLSRPTv1; rua=reports@example.com"), MX_RPT_TXT_INVALID,
		    { "rua URI \"reports@example.com\" is neither a mailto: nor "
		    "an https: URI" } },
		{ S("v=TLSRPTv1; rua=mailto:"), MX_RPT_TXT_INVALID,
		    { "rua URI \"mailto:\" names no mail address" } },
		{ S("v=TLSRPTv1; rua=https:/x"), MX_RPT_TXT_INVALID,
		    { "rua URI \"https:/x\" names no host" } },
		{ S("v=TLSRPTv1; rua=mailto:a@b,"), MX_RPT_TXT_INVALID,
		    { "rua has an empty URI" } },
		{ S("v=TLSRPTv1; rua=mailto:a@b mailto:c@d"),
		    MX_RPT_TXT_INVALID, { "rua URI \"mailto:a@b mailto:c@d\" "
		    "holds whitespace" } },
		{ S("v=TLSRPTv1; rua=mailto:a@b; rua=mailto:c@d"),
		    MX_RPT_TXT_INVALID, { "rua given twice" } },
		{ S("v=TLSRPTv1; rua="), MX_RPT_TXT_INVALID,
		    { "field rua has no value" } },
	};
	char	**rua, err[256];
	size_t	  nrua, i, j;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum mx_rpt_txt r = mx_tls_rpt_parse(cases[i].txt,
		    cases[i].len, &rua, &nrua, err, sizeof(err));

		if (r != cases[i].r)
			fail_msg("\"%s\": %d, not %d (%s)", cases[i].txt, r,
			    cases[i].r, err);
		if (r != MX_RPT_TXT_VALID) {
			assert_null(rua);
			assert_int_equal(nrua, 0);
			assert_string_equal(err, r == MX_RPT_TXT_OTHER ? "" :
			    cases[i].out[0]);
			continue;
		}
		for (j = 0; j < 4 && cases[i].out[j] != NULL; j++) {
			assert_true(j < nrua);
			assert_string_equal(rua[j], cases[i].out[j]);
		}
		assert_int_equal(nrua, j);
		mx_tls_rpt_rua_free(rua, nrua);
	}
	mx_tls_rpt_rua_free(NULL, 0);
	assert_int_equal(mx_tls_rpt_parse(S("v=TLSRPTv1; rua=mailto:a@b"),
	    NULL, NULL, NULL, 0), MX_RPT_TXT_VALID);
}

/* A finding with a severity other than the catalogue's: the check's
 * name and reference stay, --ignore still applies, a severity outside
 * the enum is refused. */
static void
test_finding_severity(void **state)
{
	struct mx_finding	*v = NULL;
	mx_options		*opt;
	size_t			 n = 0;

	(void)state;
	assert_int_equal(mx_finding_add_severity(&v, &n, NULL,
	    MX_CHECK_MTA_STS_MX_NOT_COVERED, MX_SEV_INFO, "mx2.example.",
	    "z", 3, NULL, "x %d", 1), MX_OK);
	assert_int_equal(mx_finding_add(&v, &n, NULL,
	    MX_CHECK_MTA_STS_MX_NOT_COVERED, "mx3.example.", "z", 4, NULL,
	    "y"), MX_OK);
	assert_int_equal(mx_finding_add_severity(&v, &n, NULL,
	    MX_CHECK_MTA_STS_MX_NOT_COVERED, MX_SEV_WARNING, "mx4.example.",
	    NULL, 0, "mta-sts-mx-not-covered", "suppressed inline"), MX_OK);
	assert_int_equal(mx_finding_add_severity(&v, &n, NULL,
	    MX_CHECK_MTA_STS_MX_NOT_COVERED, (enum mx_severity)7, "x", NULL,
	    0, NULL, "bad"), MX_ERR_ARG);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].check, "mta-sts-mx-not-covered");
	assert_int_equal(v[0].severity, MX_SEV_INFO);
	assert_string_equal(v[0].message, "x 1");
	assert_int_equal(v[1].severity, MX_SEV_ERROR);
	assert_string_equal(v[0].reference, v[1].reference);
	assert_int_equal(mx_options_new(&opt), MX_OK);
	assert_int_equal(mx_options_ignore(opt, "mta-sts-mx-not-covered"),
	    MX_OK);
	assert_int_equal(mx_finding_add_severity(&v, &n, opt,
	    MX_CHECK_MTA_STS_MX_NOT_COVERED, MX_SEV_WARNING, "x", NULL, 0,
	    NULL, "ignored"), MX_OK);
	assert_int_equal(n, 2);
	mx_options_free(opt);
	mx_findings_free(v, n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tlsa_unusable_all),
		cmocka_unit_test(test_tlsa_unusable_why),
		cmocka_unit_test(test_tlsa_mnemonic),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_policy_valid),
		cmocka_unit_test(test_policy_invalid),
		cmocka_unit_test(test_policy_bounds),
		cmocka_unit_test(test_policy_64k),
		cmocka_unit_test(test_mx_match),
		cmocka_unit_test(test_sts_txt),
		cmocka_unit_test(test_tls_rpt),
		cmocka_unit_test(test_finding_severity),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

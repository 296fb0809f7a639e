/*
 * test_dnssec.c -- the loader's RRSIG fast path against ldns' parser
 * (the same record, plain and in a form only ldns reads, must store the
 * same octets), and the signature checks on the signed fixture
 * (tests/zones/signed/signed.zone, valid 2026 to 2036): verified, and
 * one record changed after signing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <ldns/ldns.h>

#include "internal.h"
#include "../../lib/zone/store.h"
#include "../../lib/zone/digest.h"

/* The only RRSIG at name in z, or NULL. */
static const struct zraw *
only_sig(const mx_zone *z, const char *name)
{
	const struct node	*nd = zone_node(z, name);
	const struct zraw	*r, *found = NULL;

	assert_non_null(nd);
	for (r = nd->raw; r != NULL; r = r->next)
		if (r->type == LDNS_RR_TYPE_RRSIG) {
			assert_null(found);
			found = r;
		}
	return found;
}

#define SIGDATA "MX 13 2 3600 %s 20260101000000 12345 example.com. " \
	"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKiss " \
	"LS4vMDEyMzQ1Njc4OTo7PD0+Pw=="

static void
test_fast_and_ldns_agree(void **state)
{
	/* plain: the fast path; relative signer, multi-line, mnemonic
	 * algorithm: ldns */
	static const char *forms[] = {
	    "a 300 IN RRSIG " SIGDATA "\n",
	    "a 300 IN RRSIG MX ECDSAP256SHA256 2 3600 %s 20260101000000 "
	    "12345 @ ( AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUm\n"
	    " JygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw== )\n",
	};
	static const char *times[] = { "20360101000000", "2082758400" };
	const struct zraw	*sig[2];
	mx_zone			*z[2];
	char			*text, *err;
	size_t			 i, t, nd;

	(void)state;
	for (t = 0; t < 2; t++) {
		for (i = 0; i < 2; i++) {
			/* forms[i] with the time in place of its "%s" */
			const char *at = strstr(forms[i], "%s");

			assert_non_null(at);
			text = mx_asprintf("$ORIGIN example.com.\n@ SOA ns h 1 2 "
			    "3 4 5\n%.*s%s%s", (int)(at - forms[i]), forms[i],
			    times[t], at + 2);
			assert_int_equal(mx_zone_new(&z[i]), MX_OK);
			assert_int_equal(mx_zone_load_string(z[i], text, "t",
			    NULL, &err), MX_OK);
			free(text);
			mx_zone_diags(z[i], &nd);
			assert_int_equal(nd, 0);
			sig[i] = only_sig(z[i], "a.example.com.");
			assert_non_null(sig[i]);
		}
		assert_int_equal(ZRAW_LEN(sig[0]), ZRAW_LEN(sig[1]));
		assert_memory_equal(ZRAW_DATA(sig[0]), ZRAW_DATA(sig[1]),
		    ZRAW_LEN(sig[0]));
		assert_int_equal(sig[0]->ttl, 300);
		assert_int_equal(sig[0]->line, 3);
		/* 2036-01-01 00:00:00 UTC is 2082758400 */
		assert_int_equal(ZRAW_DATA(sig[0])[8] << 24 |
		    ZRAW_DATA(sig[0])[9] << 16 | ZRAW_DATA(sig[0])[10] << 8 |
		    ZRAW_DATA(sig[0])[11], 2082758400u);
		mx_zone_free(z[0]);
		mx_zone_free(z[1]);
	}
}

/*
 * The digest diff compares (soa-serial-not-increased) is the same whether
 * the loader's fast path or ldns read a signed zone's RRSIG and NSEC
 * records: an owner written with an escape, a mnemonic algorithm and an
 * upper-case signer send them to ldns.
 */
static void
test_digest_agrees(void **state)
{
	static const char *text[] = {
	    "$ORIGIN example.com.\n@ SOA ns h 1 2 3 4 5\n"
	    "a 300 IN NSEC b.example.com. A MX RRSIG NSEC TYPE65000\n"
	    "a 300 IN RRSIG MX 13 2 3600 20360101000000 20260101000000 "
	    "12345 Example.COM. AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd\n",
	    "$ORIGIN example.com.\n@ SOA ns h 1 2 3 4 5\n"
	    "\\097 300 IN NSEC b.example.com. A MX RRSIG NSEC TYPE65000\n"
	    "a 300 IN RRSIG MX ECDSAP256SHA256 2 3600 20360101000000 "
	    "20260101000000 12345 Example.COM. "
	    "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd\n",
	};
	const struct zone_digest	*d[2];
	mx_zone				*z[2];
	char				*err;
	size_t				 i, nd;

	(void)state;
	for (i = 0; i < 2; i++) {
		assert_int_equal(mx_zone_new(&z[i]), MX_OK);
		assert_int_equal(mx_zone_load_string(z[i], text[i], "t", NULL,
		    &err), MX_OK);
		mx_zone_diags(z[i], &nd);
		assert_int_equal(nd, 0);
		assert_non_null(d[i] = zone_digests(z[i]));
		assert_int_equal(d[i]->nrecords, 3);
	}
	assert_true(d[0]->sum == d[1]->sum);
	mx_zone_free(z[0]);
	mx_zone_free(z[1]);
}

/* An RRSIG over a type off every mail path is not kept (the node is). */
static void
test_off_path_sig_not_kept(void **state)
{
	mx_zone	*z;
	char	*err;

	(void)state;
	assert_int_equal(mx_zone_new(&z), MX_OK);
	assert_int_equal(mx_zone_load_string(z, "$ORIGIN example.com.\n"
	    "@ SOA ns h 1 2 3 4 5\n"
	    "b 300 IN RRSIG TXT 13 2 3600 20360101000000 20260101000000 1 "
	    "example.com. AAAA\n"
	    "c 300 IN RRSIG A 13 2 3600 20360101000000 20260101000000 1 "
	    "example.com. AAAA\n", "t", NULL, &err), MX_OK);
	assert_null(only_sig(z, "b.example.com."));
	assert_non_null(only_sig(z, "c.example.com."));
	assert_int_equal(z->nsigs, 1);
	mx_zone_free(z);
}

/* The findings of the signed fixture, and of it with one MX changed. */
static void
test_signed_fixture(void **state)
{
	struct mx_finding	*f;
	mx_zone			*z;
	size_t			 n;
	char			*err;

	(void)state;
	assert_int_equal(mx_zone_new(&z), MX_OK);
	assert_int_equal(mx_zone_load_file(z, TEST_ZONES "/signed/signed.zone",
	    NULL, &err), MX_OK);
	assert_int_equal(mx_zone_findings(z, NULL, &f, &n), MX_OK);
	/* before 2036 nothing but the wildcard: every signature verifies */
	assert_int_equal(n, 1);
	assert_string_equal(f[0].check, "mx-wildcard");
	mx_findings_free(f, n);
	/* a second run on the same zone judges everything again */
	assert_int_equal(mx_zone_findings(z, NULL, &f, &n), MX_OK);
	assert_int_equal(n, 1);
	mx_findings_free(f, n);
	mx_zone_free(z);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fast_and_ldns_agree),
		cmocka_unit_test(test_digest_agrees),
		cmocka_unit_test(test_off_path_sig_not_kept),
		cmocka_unit_test(test_signed_fixture),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

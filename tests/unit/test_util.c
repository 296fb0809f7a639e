/*
 * test_util.c -- the hash map (deletion included) and the fast rdf to
 * text conversion, which must write exactly what ldns writes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include "helpers.h"
#include "internal.h"

#define KEYS 5000

/* Inserts, deletes every third key, and checks each key against what a
 * plain array says it should hold; then re-inserts. */
static void
test_map_del(void **state)
{
	struct mx_map	*m = mx_map_new();
	static int	 val[KEYS];
	char		 key[32];
	int		 i, round;

	(void)state;
	assert_non_null(m);
	for (round = 0; round < 2; round++) {
		for (i = 0; i < KEYS; i++) {
			snprintf(key, sizeof(key), "k%d.example.", i);
			assert_int_equal(mx_map_put(m, key, &val[i]), MX_OK);
		}
		assert_int_equal(mx_map_count(m), KEYS);
		for (i = 0; i < KEYS; i += 3) {
			snprintf(key, sizeof(key), "k%d.example.", i);
			assert_ptr_equal(mx_map_del(m, key), &val[i]);
			assert_null(mx_map_del(m, key));
		}
		for (i = 0; i < KEYS; i++) {
			snprintf(key, sizeof(key), "k%d.example.", i);
			if (i % 3 == 0)
				assert_null(mx_map_get(m, key));
			else
				assert_ptr_equal(mx_map_get(m, key), &val[i]);
		}
		assert_int_equal(mx_map_count(m), KEYS - (KEYS + 2) / 3);
	}
	mx_map_free(m, NULL);
}

/* A borrowing map keeps the caller's key pointers through growth (the
 * flag once got lost when the table grew) and frees none of them. */
static void
test_map_borrow(void **state)
{
	struct mx_map	*m = mx_map_new_borrowing();
	static char	 keys[KEYS][32];
	int		 i;

	(void)state;
	assert_non_null(m);
	for (i = 0; i < KEYS; i++) {
		snprintf(keys[i], sizeof(keys[i]), "b%d.example.", i);
		assert_int_equal(mx_map_put(m, keys[i], keys[i]), MX_OK);
	}
	for (i = 0; i < KEYS; i++)
		assert_ptr_equal(mx_map_get(m, keys[i]), keys[i]);
	assert_ptr_equal(mx_map_del(m, keys[7]), keys[7]);
	assert_null(mx_map_get(m, "b7.example."));
	/* static keys: freeing any of them would crash */
	mx_map_free(m, NULL);
}

static void
same_as_ldns(ldns_rdf *rdf)
{
	char *ours, *theirs;

	assert_non_null(rdf);
	ours = mx_rdf_str(rdf);
	theirs = ldns_rdf2str(rdf);
	assert_non_null(ours);
	assert_non_null(theirs);
	assert_string_equal(ours, theirs);
	free(ours);
	free(theirs);
	ldns_rdf_deep_free(rdf);
}

/* Every octet value in a label, and the usual shapes of names. */
static void
test_rdf_names(void **state)
{
	const char	*names[] = { ".", "example.com.", "Mail.Example.COM.",
	    "a\\.b.example.", "xn--bcher-kva.example.", "_25._tcp.mx.",
	    "*.wild.example.", "a\\032b.example.", "a\\(b\\)\\;c.",
	    "q\\\"x.", "at@sign.", "dollar$.", NULL };
	uint8_t		 wire[4];
	int		 i, c;

	(void)state;
	for (i = 0; names[i] != NULL; i++)
		same_as_ldns(ldns_dname_new_frm_str(names[i]));
	for (c = 0; c < 256; c++) {
		wire[0] = 1;
		wire[1] = (uint8_t)c;
		wire[2] = 0;
		same_as_ldns(ldns_rdf_new_frm_data(LDNS_RDF_TYPE_DNAME, 3,
		    wire));
	}
}

static void
test_rdf_addresses(void **state)
{
	const char	*a[] = { "192.0.2.1", "0.0.0.0", "255.255.255.255",
	    NULL };
	const char	*aaaa[] = { "2001:db8::1", "::", "::ffff:192.0.2.1",
	    "2a00:1450:4001:80b::200e", "fe80::1:0:0:1", NULL };
	int		 i;

	(void)state;
	for (i = 0; a[i] != NULL; i++)
		same_as_ldns(ldns_rdf_new_frm_str(LDNS_RDF_TYPE_A, a[i]));
	for (i = 0; aaaa[i] != NULL; i++)
		same_as_ldns(ldns_rdf_new_frm_str(LDNS_RDF_TYPE_AAAA,
		    aaaa[i]));
	/* other types go to ldns */
	same_as_ldns(ldns_rdf_new_frm_str(LDNS_RDF_TYPE_INT16, "10"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_map_del),
		cmocka_unit_test(test_map_borrow),
		cmocka_unit_test(test_rdf_names),
		cmocka_unit_test(test_rdf_addresses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

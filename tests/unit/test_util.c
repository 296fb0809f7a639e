/*
 * test_util.c -- the hash map (deletion included), the arena (its large
 * objects freed early too), the string pool, the hash index's reserve,
 * and the fast rdf and address to text conversions, which must write
 * exactly what ldns and inet_ntop write.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include "helpers.h"
#include "internal.h"

#define KEYS 5000

/* Inserts, deletes every third key, and checks each key against what a
 * plain array says it should hold; then re-inserts. */
/* The parent of a name: past its first unescaped dot; "." at the top. */
static void
test_name_parent(void **state)
{
	(void)state;
	assert_string_equal(mx_name_parent("mx.example.com."), "example.com.");
	assert_string_equal(mx_name_parent("a\\.b.example."), "example.");
	assert_string_equal(mx_name_parent("a\\\\.b.example."), "b.example.");
	assert_string_equal(mx_name_parent("com."), ".");
	assert_string_equal(mx_name_parent("com"), ".");
	assert_string_equal(mx_name_parent("."), ".");
	assert_string_equal(mx_name_parent(""), ".");
}

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

/* Compares mx_addr_ntop with inet_ntop for one address. */
static void
same_as_inet_ntop(int af, const uint8_t *addr)
{
	char ours[INET6_ADDRSTRLEN], theirs[INET6_ADDRSTRLEN];

	assert_non_null(inet_ntop(af, addr, theirs, sizeof(theirs)));
	assert_ptr_equal(mx_addr_ntop(af, addr, ours), ours);
	if (strcmp(ours, theirs) != 0)
		fail_msg("mx_addr_ntop wrote %s, inet_ntop %s", ours, theirs);
}

/* Every pattern of zero and non-zero groups (256), with groups of one to
 * four hex digits, the IPv4-compatible and -mapped forms, and 20000
 * pseudo-random addresses. */
static void
test_addr_ntop(void **state)
{
	static const unsigned	 vals[] = { 1, 0x1f, 0x2a0, 0xffff, 0x25 };
	uint8_t			 a[16];
	uint32_t		 x = 12345;
	unsigned		 mask, i, v;

	(void)state;
	for (mask = 0; mask < 256; mask++)
		for (v = 0; v < 5; v++) {
			for (i = 0; i < 8; i++) {
				unsigned w = mask & (1u << i) ?
				    vals[(v + i) % 5] : 0;

				a[2 * i] = (uint8_t)(w >> 8);
				a[2 * i + 1] = (uint8_t)w;
			}
			same_as_inet_ntop(AF_INET6, a);
		}
	for (i = 0; i < 20000; i++) {
		unsigned j;

		for (j = 0; j < 16; j++) {
			x = x * 1103515245u + 12345u;
			/* many zero octets, so that runs of zeros occur */
			a[j] = (x >> 16) % 3 == 0 ? (uint8_t)(x >> 8) : 0;
		}
		if (i % 7 == 0) {	/* ::a.b.c.d and ::ffff:a.b.c.d */
			memset(a, 0, 10);
			a[10] = a[11] = i % 14 == 0 ? 0xff : 0;
		}
		same_as_inet_ntop(AF_INET6, a);
		same_as_inet_ntop(AF_INET, a + 12);
	}
}

/* The query mxdig sends is the one ldns would build, with every
 * combination of the RD, CD and DO flags. */
static void
test_query_wire(void **state)
{
	const char	*names[] = { "example.com.", ".", "a\\.b.example.",
	    "MX1.Example.ORG.", NULL };
	const uint16_t	 types[] = { 15, 1, 28, 5 };
	unsigned	 flags;
	int		 i;

	(void)state;
	for (flags = 0; flags < 8; flags++)
	for (i = 0; names[i] != NULL; i++) {
		ldns_rdf	*qn = ldns_dname_new_frm_str(names[i]);
		ldns_pkt	*pkt;
		uint8_t		*theirs = NULL, *ours;
		size_t		 tlen = 0, olen = 0;

		assert_non_null(qn);
		ours = mx_query_wire(ldns_rdf_data(qn), ldns_rdf_size(qn),
		    types[i], (uint16_t)(0x1234 + i), 1232, flags, &olen);
		assert_non_null(ours);
		pkt = ldns_pkt_query_new(qn, (ldns_rr_type)types[i],
		    LDNS_RR_CLASS_IN, flags & MX_QUERY_RD ? LDNS_RD : 0);
		assert_non_null(pkt);
		ldns_pkt_set_id(pkt, (uint16_t)(0x1234 + i));
		ldns_pkt_set_edns_udp_size(pkt, 1232);
		ldns_pkt_set_cd(pkt, (flags & MX_QUERY_CD) != 0);
		ldns_pkt_set_edns_do(pkt, (flags & MX_QUERY_DO) != 0);
		assert_int_equal(ldns_pkt2wire(&theirs, pkt, &tlen),
		    LDNS_STATUS_OK);
		assert_int_equal(olen, tlen);
		assert_memory_equal(ours, theirs, tlen);
		free(ours);
		free(theirs);
		ldns_pkt_free(pkt);
	}
}

/* Blocks are zeroed, 8-byte aligned and distinct; large ones too. */
static void
test_arena(void **state)
{
	struct mx_arena	*a = mx_arena_new();
	char		*prev = NULL, *s;
	size_t		 i, j;

	(void)state;
	assert_non_null(a);
	for (i = 0; i < 20000; i++) {
		size_t	 n = i % 300 == 0 ? 400000 : i % 61 + 1;
		char	*p = mx_arena_alloc(a, n);

		assert_non_null(p);
		assert_int_equal((uintptr_t)p % 8, 0);
		for (j = 0; j < n; j++)
			assert_int_equal(p[j], 0);
		memset(p, 0xa5, n);
		assert_true(p != prev);
		prev = p;
	}
	s = mx_arena_strndup(a, "mx1.example.", 3);
	assert_string_equal(s, "mx1");
	assert_string_equal(mx_arena_strdup(a, "example."), "example.");
	mx_arena_free(a);
	mx_arena_free(NULL);
}

/* Pool copies stay intact across blocks of every size, large ones of
 * their own among them; arrays from it are 8-byte aligned. */
static void
test_strpool(void **state)
{
	struct mx_strpool	*p = mx_strpool_new();
	static char		*copy[20000];
	char			 big[5000], want[5100];
	size_t			 i;

	(void)state;
	assert_non_null(p);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	for (i = 0; i < 20000; i++) {
		if (i % 997 == 0) {
			uint64_t *a = mx_strpool_alloc(p, 3 * sizeof(*a));

			assert_non_null(a);
			assert_int_equal((uintptr_t)a % 8, 0);
			a[0] = a[1] = a[2] = i;
		}
		if (i % 1000 == 0) {
			snprintf(want, sizeof(want), "%s%zu", big, i);
			copy[i] = mx_strpool_dup(p, want);
		} else {
			snprintf(want, sizeof(want), "mx%zu.example.", i);
			copy[i] = mx_strpool_ndup(p, want, strlen(want) - 1);
		}
		assert_non_null(copy[i]);
	}
	for (i = 0; i < 20000; i++) {
		if (i % 1000 == 0)
			snprintf(want, sizeof(want), "%s%zu", big, i);
		else
			snprintf(want, sizeof(want), "mx%zu.example", i);
		assert_string_equal(copy[i], want);
	}
	assert_null(mx_strpool_dup(p, NULL));
	mx_strpool_free(p);
	mx_strpool_free(NULL);
}

/* Reserving keeps what is there, in order, and lets n more in without
 * growing. */
static void
test_hset_reserve(void **state)
{
	struct mx_hset	s = { NULL, 0, 0 };
	uint32_t	v, i;
	size_t		pos, cap;

	(void)state;
	for (i = 0; i < 40; i++)
		assert_int_equal(mx_hset_add(&s, i % 3 + 1, i), MX_OK);
	assert_int_equal(mx_hset_reserve(&s, 5000), MX_OK);
	cap = s.cap;
	assert_true(cap >= 10000);
	for (i = 40; i < 5000; i++)
		assert_int_equal(mx_hset_add(&s, i % 3 + 1, i), MX_OK);
	assert_int_equal(s.cap, cap);
	pos = 0;
	for (i = 1; mx_hset_next(&s, 2, &pos, &v); i += 3)
		assert_int_equal(v, i);
	assert_int_equal(i, 5002);
	assert_int_equal(mx_hset_reserve(&s, 10), MX_OK);
	assert_int_equal(s.cap, cap);
	mx_hset_free(&s);
}

/* A large object of an arena is freed at once; anything else stays. */
static void
test_arena_release(void **state)
{
	struct mx_arena	*a = mx_arena_new();
	char		*small, *big1, *big2;

	(void)state;
	assert_non_null(a);
	small = mx_arena_alloc(a, 100);
	big1 = mx_arena_alloc(a, 600000);
	big2 = mx_arena_alloc(a, 700000);
	assert_non_null(small);
	assert_non_null(big1);
	assert_non_null(big2);
	memset(big2, 1, 700000);
	assert_int_equal(mx_arena_release(a, small), 0);
	assert_int_equal(mx_arena_release(a, big1), 1);
	assert_int_equal(mx_arena_release(a, big1), 0);
	assert_int_equal(big2[699999], 1);
	assert_int_equal(mx_arena_release(a, big2), 1);
	mx_arena_free(a);
}

/* mx_name_key_buf and mx_name_key_hash lower ASCII capitals only, eight
 * bytes a step and the tail byte by byte, and agree with each other and
 * with mx_hash_key: every length from 0 to 40, every byte value at every
 * position of a word. */
static void
test_name_key(void **state)
{
	char		name[48], want[48], buf[64], hbuf[64], *k, *hk;
	size_t		n, pos, len, i;
	unsigned	c;
	uint32_t	hash;

	(void)state;
	for (n = 0; n <= 40; n++)
		for (pos = 0; pos < 9 && pos < n + 1; pos++)
			for (c = 1; c < 256; c += (n == 17 ? 1 : 37)) {
				for (i = 0; i < n; i++)
					name[i] = (char)("MxA.z@[Z`{09"[(i * 7) %
					    12]);
				if (pos < n)
					name[pos] = (char)c;
				name[n] = '\0';
				for (i = 0; i <= n; i++) {
					unsigned char b = (unsigned char)name[i];

					want[i] = (char)(b >= 'A' && b <= 'Z' ?
					    b + 32 : b);
				}
				k = mx_name_key_buf(name, buf, sizeof(buf));
				assert_non_null(k);
				assert_memory_equal(k, want, n + 1);
				hk = mx_name_key_hash(name, hbuf, sizeof(hbuf),
				    &len, &hash);
				assert_non_null(hk);
				assert_int_equal(len, n);
				assert_memory_equal(hk, want, n + 1);
				assert_int_equal(hash, mx_hash_key(want, n));
			}
	/* longer than the buffer: allocated */
	memset(name, 'Q', 40);
	name[40] = '\0';
	k = mx_name_key_buf(name, buf, 8);
	assert_non_null(k);
	assert_ptr_not_equal(k, buf);
	for (i = 0; i < 40; i++)
		assert_int_equal(k[i], 'q');
	assert_int_equal(k[40], '\0');
	free(k);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name_parent),
		cmocka_unit_test(test_name_key),
		cmocka_unit_test(test_map_del),
		cmocka_unit_test(test_map_borrow),
		cmocka_unit_test(test_rdf_names),
		cmocka_unit_test(test_rdf_addresses),
		cmocka_unit_test(test_addr_ntop),
		cmocka_unit_test(test_arena),
		cmocka_unit_test(test_arena_release),
		cmocka_unit_test(test_strpool),
		cmocka_unit_test(test_hset_reserve),
		cmocka_unit_test(test_query_wire),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * digest.c -- the serial and the digest of a loaded zone, for mxdig diff
 * (soa-serial-not-increased: did any record change, and did the serial
 * follow?).  See digest.h.
 */
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include "internal.h"
#include "store.h"
#include "digest.h"

#define FNV_OFFSET	0xcbf29ce484222325ull
#define FNV_PRIME	0x100000001b3ull

/* FNV-1a over n bytes of p, ASCII letters folded when fold is set. */
static uint64_t
fnv(uint64_t h, const void *p, size_t n, int fold)
{
	const unsigned char	*s = p;
	size_t			 i;

	for (i = 0; i < n; i++) {
		unsigned char c = s[i];

		if (fold && c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		h = (h ^ c) * FNV_PRIME;
	}
	return h;
}

/* The splitmix64 finaliser: the hashes are summed, so each must look
 * random in every bit. */
static uint64_t
mix(uint64_t h)
{
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ull;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebull;
	return h ^ (h >> 31);
}

/* Adds h to zd's set of hashes; returns 0 when it was there already, 1
 * when added, -1 when out of memory (then the record counts, as without
 * the set). */
static int
seen_add(struct zone_digest *zd, uint64_t h)
{
	size_t i, mask;

	if (h == 0)
		h = 1;		/* 0 marks a free slot */
	if ((zd->nseen + 1) * 2 > zd->capseen) {
		size_t		 ncap = zd->capseen ? zd->capseen * 2 : 1024;
		uint64_t	*n = calloc(ncap, sizeof(*n));

		if (n == NULL)
			return -1;
		for (i = 0; i < zd->capseen; i++) {
			size_t j;

			if (zd->seen[i] == 0)
				continue;
			for (j = zd->seen[i] & (ncap - 1); n[j] != 0;
			    j = (j + 1) & (ncap - 1))
				;
			n[j] = zd->seen[i];
		}
		free(zd->seen);
		zd->seen = n;
		zd->capseen = ncap;
	}
	mask = zd->capseen - 1;
	for (i = h & mask; zd->seen[i] != 0; i = (i + 1) & mask)
		if (zd->seen[i] == h)
			return 0;
	zd->seen[i] = h;
	zd->nseen++;
	return 1;
}

void
zone_digest_done(struct zone_digest *zd)
{
	free(zd->seen);
	zd->seen = NULL;
	zd->nseen = zd->capseen = 0;
}

void
zone_digest_add(struct zone_digest *zd, const char *owner, uint16_t type,
    uint32_t ttl, const void *rdata, size_t rdlen, size_t names)
{
	unsigned char	fixed[10];
	uint64_t	h;

	if (zd->off)
		return;
	if (names > rdlen)
		names = rdlen;
	fixed[0] = 0;		/* ends the owner */
	fixed[1] = type >> 8;
	fixed[2] = type & 0xff;
	fixed[3] = ttl >> 24;
	fixed[4] = (ttl >> 16) & 0xff;
	fixed[5] = (ttl >> 8) & 0xff;
	fixed[6] = ttl & 0xff;
	fixed[7] = (rdlen >> 16) & 0xff;
	fixed[8] = (rdlen >> 8) & 0xff;
	fixed[9] = rdlen & 0xff;
	h = fnv(FNV_OFFSET, owner, strlen(owner), 1);
	h = fnv(h, fixed, sizeof(fixed), 0);
	/* an empty RDATA may come as NULL: no pointer arithmetic on it */
	if (rdlen > 0) {
		h = fnv(h, rdata, names, 0);
		h = fnv(h, (const char *)rdata + names, rdlen - names, 1);
	}
	h = mix(h);
	/* the same record twice is one (owner and names without regard
	 * to case, as hashed) */
	if (seen_add(zd, h) == 0)
		return;
	zd->sum += h;
	zd->nrecords++;
}

/* Appends n bytes to (*buf, *len, *cap). */
static int
put(unsigned char **buf, size_t *len, size_t *cap, const void *p, size_t n)
{
	if (*len + n > *cap) {
		size_t		 c = (*len + n) * 2;
		unsigned char	*b = realloc(*buf, c);

		if (b == NULL)
			return -1;
		*buf = b;
		*cap = c;
	}
	memcpy(*buf + *len, p, n);
	*len += n;
	return 0;
}

mx_status
zone_digest_rr(struct zone_digest *zd, struct mx_arena *arena,
    const ldns_rr *rr, const char *origin, const char *file,
    unsigned long line, const char *ignore)
{
	ldns_rr_type	 t = ldns_rr_get_type(rr);
	ldns_rr		*canon = NULL;
	unsigned char	*buf = NULL;
	size_t		 len = 0, cap = 0, names, i;
	char		*owner, *target = NULL;
	mx_status	 st = MX_ERR_NOMEM;

	if ((owner = zone_rdf_str(ldns_rr_owner(rr))) == NULL)
		return MX_ERR_NOMEM;
	if (zd->off)
		goto soa;
	switch (t) {
	case LDNS_RR_TYPE_A:
	case LDNS_RR_TYPE_AAAA:
	case LDNS_RR_TYPE_MX:
	case LDNS_RR_TYPE_CNAME:
		/* as the loader's parser reads them (parse.c) */
		for (i = 0; i < ldns_rr_rd_count(rr); i++) {
			const ldns_rdf *rd = ldns_rr_rdf(rr, i);

			if (ldns_rdf_get_type(rd) != LDNS_RDF_TYPE_DNAME) {
				if (put(&buf, &len, &cap, ldns_rdf_data(rd),
				    ldns_rdf_size(rd)) != 0)
					goto out;
				continue;
			}
			free(target);
			if ((target = zone_rdf_str(rd)) == NULL)
				goto out;
		}
		names = len;
		if (target != NULL && put(&buf, &len, &cap, target,
		    strlen(target)) != 0)
			goto out;
		break;
	default:
		/* RFC 4034 §6.2: the names of the types it lists lowercased */
		if ((canon = ldns_rr_clone(rr)) == NULL)
			goto out;
		ldns_rr2canonical(canon);
		for (i = 0; i < ldns_rr_rd_count(canon); i++) {
			const ldns_rdf *rd = ldns_rr_rdf(canon, i);

			/* the serial: a new serial alone changes nothing */
			if (t == LDNS_RR_TYPE_SOA && i == 2)
				continue;
			if (put(&buf, &len, &cap, ldns_rdf_data(rd),
			    ldns_rdf_size(rd)) != 0)
				goto out;
		}
		names = len;
		break;
	}
	zone_digest_add(zd, owner, (uint16_t)t, ldns_rr_ttl(rr), buf, len,
	    names);
soa:
	if (t == LDNS_RR_TYPE_SOA && !zd->has_soa && origin != NULL &&
	    mx_name_eq(owner, origin) && ldns_rr_rd_count(rr) >= 3 &&
	    ldns_rdf_size(ldns_rr_rdf(rr, 2)) == 4) {
		zd->has_soa = 1;
		zd->serial = ldns_rdf2native_int32(ldns_rr_rdf(rr, 2));
		zd->soa_file = file;
		zd->soa_line = line;
		if (ignore != NULL && (zd->soa_ignore = mx_arena_strdup(arena,
		    ignore)) == NULL)
			goto out;
	}
	st = MX_OK;
out:
	ldns_rr_free(canon);
	free(buf);
	free(owner);
	free(target);
	return st;
}

const struct zone_digest *
zone_digests(const mx_zone *z)
{
	return z->digests;
}

const struct zone_digest *
zone_digest_of(const mx_zone *z, const char *origin)
{
	const struct zone_digest *zd, *found = NULL;

	for (zd = z->digests; zd != NULL; zd = zd->next)
		if (zd->origin != NULL && mx_name_eq(zd->origin, origin))
			found = zd;
	return found;
}

void
mx_zone_set_digest(mx_zone *z, int on)
{
	z->no_digest = !on;
}

/*
 * digest.h -- what mxdig diff needs to know of a loaded zone beyond the
 * records the checks use: its SOA serial and whether any record at all
 * changed, internal to libmxdig.
 *
 * The store keeps only MX, CNAME, A and AAAA, but a change of a TXT or
 * NS record needs a new serial as much as a change of an MX does: the
 * loader adds every record it accepts to the zone's digest, an order-free
 * sum of one hash a record, so that two loads of the same records, in
 * any order and however they are written, have the same digest.
 */
#ifndef MX_ZONE_DIGEST_H
#define MX_ZONE_DIGEST_H

#include <stddef.h>
#include <stdint.h>

#include "mxdig.h"

struct ldns_struct_rr;

/* The digest of one loaded zone file (with its $INCLUDEs); in the zone's
 * arena. */
struct zone_digest {
	struct zone_digest	*next;		/* the zone's next file */
	const char		*origin;	/* the zone's, as loaded */
	uint64_t		 sum;		/* of every record's hash */
	uint64_t		 nrecords;
	int			 has_soa;	/* an SOA at the origin */
	uint32_t		 serial;	/* its serial, */
	const char		*soa_file;	/* where it is, */
	unsigned long		 soa_line;
	const char		*soa_ignore;	/* and its inline ignore list */
	int			 off;		/* the SOA only, no sum */
	/* while loading: the hashes added, so that a record written twice
	 * counts once (a server drops the copy, RFC 2181 §5); freed by
	 * zone_digest_done */
	uint64_t		*seen;
	size_t			 nseen, capseen;
};

/* Frees what zd needed while its file loaded (not the sum). */
void zone_digest_done(struct zone_digest *zd);

/*
 * Adds one record to zd: owner (presentation form, absolute) and every
 * name in the data are taken without regard to case (RFC 4343).  The
 * loader's own parser gives type and data as it reads them: an address
 * in binary, an MX as preference (network order) then the exchange in
 * presentation form, a CNAME as its target, TXT as its strings on the
 * wire; names carries the byte at which the data's names begin (the
 * rest of the data is compared as is), rdlen when there is none.
 */
void zone_digest_add(struct zone_digest *zd, const char *owner,
    uint16_t type, uint32_t ttl, const void *rdata, size_t rdlen,
    size_t names);

/*
 * Adds a record ldns parsed, with the same data zone_digest_add would be
 * given for it by the loader's parser, so that both readings agree;
 * other types as their canonical wire data (RFC 4034 §6.2).  An SOA at
 * origin (the zone's, NULL while not known), the first there, gives the serial (and is added with its
 * serial left out: a new serial alone is no change); file is interned,
 * ignore copied into arena.  Returns MX_ERR_NOMEM when the record cannot
 * be printed or copied.
 */
struct mx_arena;
mx_status zone_digest_rr(struct zone_digest *zd, struct mx_arena *arena,
    const struct ldns_struct_rr *rr, const char *origin, const char *file,
    unsigned long line, const char *ignore);

/* The digests of the files loaded into z, in load order. */
const struct zone_digest *zone_digests(const mx_zone *z);

/* The digest of the file loaded for origin (names compared without
 * regard to case), the last one loaded when several claim it; NULL when
 * none. */
const struct zone_digest *zone_digest_of(const mx_zone *z,
    const char *origin);

#endif

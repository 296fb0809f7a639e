/*
 * store.h -- the zone store, shared by the loader (zone.c) and the source
 * that answers from it (source.c); internal.
 */
#ifndef MX_ZONE_STORE_H
#define MX_ZONE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "internal.h"
#include "diag.h"

#define MAX_INCLUDE	10	/* $INCLUDE nesting */

/* Bits of node->mismatch: RRsets already reported for ttl-mismatch. */
#define TYPE_BIT(t)	((t) == MX_TYPE_A ? 1 : (t) == MX_TYPE_AAAA ? 2 : \
			 (t) == MX_TYPE_MX ? 4 : 8)

/* What few records have. */
struct zextra {
	char		*owner;		/* when its letters differ from the
					 * node's name */
	char		*ignore;	/* "; mxdig: ignore=" list */
};

/*
 * A stored record, compact: a zone holds hundreds of thousands.  Names
 * and the owner are shared where they can be, addresses kept in binary;
 * answers turn them back into struct mx_record (zone_answer).
 */
struct zrr {
	union {
		uint8_t	 addr[16];	/* A: 4 octets, AAAA: 16 */
		struct {
			char	*target;	/* MX exchange, CNAME target */
			char	*written;	/* MX exchange as written, when
						 * it differs from target */
		} n;
	} u;
	struct zextra	*x;		/* rarely there: NULL */
	uint32_t	 ttl;
	uint32_t	 line;
	uint16_t	 type;
	uint16_t	 preference;
	uint16_t	 file;		/* z->files[file - 1]; 0: none */
	uint8_t		 written_same;	/* MX written exactly as target */
	uint8_t		 dnssec;	/* an RRSIG, NSEC or NSEC3, which may
					 * sit beside a CNAME (RFC 4035
					 * §2.5): not "other data" */
};

/*
 * A record kept whole, in wire form, for signed zones (RFC 4034): an
 * RRSIG over a type on the mail path, a DNSKEY, the SOA, a TLSA; and for
 * the policy checks in any zone, TLSA and the TXT records at _mta-sts and
 * _smtp._tls owners.  A node's are a list, newest first.
 */
struct zraw {
	struct zraw	*next;
	uint8_t		*wire;		/* RDLENGTH (2 octets) and RDATA, then
					 * the inline ignore list when
					 * has_ignore */
	uint32_t	 ttl;
	uint32_t	 line;
	uint16_t	 type;		/* an ldns_rr_type */
	uint16_t	 file;		/* as in struct zrr */
	uint8_t		 has_ignore;
};

/* The RDATA of a struct zraw and its length. */
#define ZRAW_LEN(r)	((size_t)((r)->wire[0] << 8 | (r)->wire[1]))
#define ZRAW_DATA(r)	((r)->wire + 2)
/* The type an RRSIG covers (RFC 4034 §3.1.1). */
#define ZRAW_COVERED(r)	((uint16_t)(ZRAW_DATA(r)[0] << 8 | ZRAW_DATA(r)[1]))

/* Bits of node->sec: what the DNSSEC checks know of it. */
#define SEC_CUT		0x01	/* NS records below the apex: a delegation,
				 * whose names are not signed here */

struct node {
	char		*name;		/* the owner as first written: key
					 * itself when written in lower case */
	struct zrr	*rrs;
	struct zraw	*raw;		/* signed zones: RRSIG, DNSKEY... */
	uint32_t	 n, cap;
	uint32_t	 sec_gen;	/* the DNSSEC run sec_done is of */
	uint8_t		 mismatch;
	uint8_t		 mx_listed;	/* in z->owners already */
	uint8_t		 indexed;	/* has an rrindex in z->big */
	uint8_t		 data;		/* NODE_CNAME | NODE_OTHER | NODE_SAID:
					 * for cname-and-other-data */
	uint8_t		 sec;		/* SEC_ bits */
	uint8_t		 sec_done;	/* RRsets verified in run sec_gen */
	char		 key[];		/* lowercased; the map's key */
};

/*
 * The records of a node with many (RR_INDEX_MIN or more) by their data,
 * so that a duplicate is found without comparing with every record
 * (RFC 2181 §5: N records at one owner cost O(N), not O(N^2)).  Values
 * are offsets within the record's RRset, which do not move when a record
 * of another type is inserted before them; count says where each RRset
 * starts, counted back from its end.
 */
#define RR_INDEX_MIN	16
/*
 * With a million records the index is megabytes, and a look-up there
 * waits for memory.  A filter of a bit per hash, eight to sixteen bits a
 * record, answers for most new records that none has their hash; the
 * newest records wait in pend, looked through by hand, and go into set a
 * batch at a time, their slots fetched together.
 */
#define RR_PEND		64
struct rrindex {
	struct mx_hset	 set;
	uint32_t	 count[4];	/* records by type (type_slot) */
	uint64_t	*filter;	/* bit hash % filter_bits: some
					 * record has that hash */
	size_t		 filter_bits;	/* a power of two */
	struct {
		uint32_t hash, off;
	}		 pend[RR_PEND];	/* not in set yet, in order */
	unsigned	 npend;
};

/* Bits of node->data: the owner has a CNAME, has other records (of any
 * type, kept or not), and the conflict has been reported. */
#define NODE_CNAME	0x1
#define NODE_OTHER	0x2
#define NODE_SAID	0x4

/* Where a loaded zone's SOA was read (mx_zone_apex_soa). */
struct zone_soa {
	const char	*origin;	/* in the arena */
	const char	*file;		/* interned */
	unsigned long	 line;
	const char	*ignore;	/* in the arena, or NULL */
};

/* A node holding TLSA or policy TXT records (struct zraw), for the
 * policy checks of lint: a list in the order first stored, in the arena,
 * so that a zone without any costs nothing. */
struct zpolicy {
	struct zpolicy	*next;
	struct node	*node;
};

/* The bytes of a node whose key is klen characters long. */
#define NODE_SIZE(klen)	(offsetof(struct node, key) + (klen) + 1)

/* Record arrays given back when a node grows, by capacity class: 1 to 4,
 * then 8, 16...  (3 + log2). */
#define RR_CLASSES	36
/* Recently stored MX and CNAME targets, shared by the records that name
 * them again (provider hosts). */
#define RECENT		256
/* Recently found nodes by key hash: owners that come back a few records
 * later (a domain, its exchange, the domain again) and the parents of new
 * names are found without a probe of the large node map. */
#define NODE_RECENT	16

struct mx_zone {
	struct mx_arena		*arena;		/* nodes, records, strings */
	struct zrr		*spare[RR_CLASSES];
	const char		*recent[RECENT];
	struct node		*last;		/* of the previous record */
	struct node		*recent_nodes[NODE_RECENT];
	struct mx_map		*nodes;		/* lowercased name -> node */
	struct mx_zone_info	*zones;
	size_t			 nzones, capzones;
	char			**files;	/* interned file names */
	size_t			 nfiles, capfiles;
	struct mx_zone_diag	*diags;		/* what the loader found */
	size_t			 ndiags, capdiags;
	char			**owners;	/* MX owners, file order (in
						 * the arena) */
	size_t			 nowners, capowners;
	struct mx_map		*failures;	/* "name/type" -> rcode + 1 */
	struct mx_map		*big;		/* node key -> struct rrindex,
						 * for indexed nodes */
	struct zone_soa		*soas;		/* each loaded file's SOA */
	size_t			 nsoas, capsoas;
	struct zone_digest	*digests;	/* a file each, for diff
						 * (digest.h; in the arena) */
	uint32_t		 sec_gen;	/* DNSSEC runs so far */
	size_t			 nsigs;		/* RRSIGs kept */
	int			 no_digest;	/* mx_zone_set_digest off */
	struct zpolicy		*policy, *policy_last;	/* TLSA, TXT nodes */
};

/* The in-memory source for tests shares the zone store. */
struct mx_memory {
	mx_zone *z;
};

/* The stored record as struct mx_record, its strings borrowed from the
 * store; addresses are written into text (INET6_ADDRSTRLEN bytes).  owner,
 * when not NULL, replaces the record's own (a wildcard's expansion). */
void zone_expand(const mx_zone *z, const struct node *nd,
    const struct zrr *r, const char *owner, struct mx_record *out,
    char *text);

/* The store's writers, for the loader (store.c). */
struct ldns_struct_rdf;

/* The file name interned in the zone (one copy a file). */
const char *zone_intern_file(mx_zone *z, const char *file);

/*
 * Records a diagnostic: a copy of d whose strings (text, ignore) are
 * copied into the arena; file and owner must be the zone's already.
 * Returns MX_ERR_NOMEM when it cannot be kept.
 */
mx_status zone_diag(mx_zone *z, const struct mx_zone_diag *d);

/* An rdf in presentation form (caller frees). */
char *zone_rdf_str(const struct ldns_struct_rdf *rdf);

/* The file a record was read from, interned; NULL when none. */
const char *zone_rr_file(const mx_zone *z, const struct zrr *zr);

/* A record with what every type has; file is interned (or NULL). */
void zone_rr_init(mx_zone *z, struct zrr *zr, uint16_t type, uint32_t ttl,
    const char *file, unsigned long line);

/* Sets the target of an MX or CNAME record, copied into arena a (the
 * zone's, or the reader's while a store thread runs: pipe.h) or shared
 * with a recent record that names it too; written is the MX exchange as
 * written (n characters), NULL for a CNAME. */
mx_status zone_rr_target(mx_zone *z, struct mx_arena *a, struct zrr *zr,
    const char *target, const char *written, size_t n);
/* The same for a target of len characters. */
mx_status zone_rr_target_len(mx_zone *z, struct mx_arena *a, struct zrr *zr,
    const char *target, size_t len, const char *written, size_t n);

/* The rare fields of a record, made in arena a when first needed. */
struct zextra *zone_rr_extra(struct mx_arena *a, struct zrr *zr);

/*
 * Stores one record of owner (absolute, as written); type 0 is an owner
 * of a type mxdig does not keep.  zr's strings are in the arena already.
 * Duplicates (same owner, type and data, letter case aside) are dropped
 * as servers drop them (RFC 2181 §5); a TTL that differs from the rest of
 * its RRset is reported once per RRset.
 */
mx_status zone_put(mx_zone *z, const char *owner, const struct zrr *rec,
    const char *origin);

/* The RRSIG of covered types kept (those on a mail path, RFC 4034 §3):
 * 1 for MX, A, AAAA, CNAME, TLSA, SOA and DNSKEY. */
int zone_sig_kept(uint16_t covered);

/*
 * Stores a record of owner kept whole for DNSSEC (struct zraw): rdata
 * (rdlen octets) is copied, and the inline ignore list (may be NULL); an
 * RRSIG over a type zone_sig_kept refuses only makes the owner exist, and
 * an NS record below the apex marks a delegation.  A record already there
 * with the same data is dropped (RFC 2181 §5).
 */
mx_status zone_put_raw(mx_zone *z, const char *owner, uint16_t type,
    uint32_t ttl, const char *file, unsigned long line, const uint8_t *rdata,
    size_t rdlen, const char *ignore, const char *origin);

/* The node of a name, or NULL when the zone has none. */
struct node *zone_node(const mx_zone *z, const char *name);

/* The file a kept record was read from, or NULL. */
static inline const char *
zone_raw_file(const mx_zone *z, const struct zraw *r)
{
	return r->file ? z->files[r->file - 1] : NULL;
}

/* The inline ignore list kept with a record, or NULL. */
static inline const char *
zone_raw_ignore(const struct zraw *r)
{
	return r->has_ignore ? (const char *)ZRAW_DATA(r) + ZRAW_LEN(r) :
	    NULL;
}

#endif

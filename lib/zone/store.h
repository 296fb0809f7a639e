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

#define MAX_RECORD	65535	/* characters in one logical record */
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
};

struct node {
	char		*name;		/* the owner as first written: key
					 * itself when written in lower case */
	struct zrr	*rrs;
	uint32_t	 n, cap;
	uint8_t		 mismatch;
	uint8_t		 mx_listed;	/* in z->owners already */
	char		 key[];		/* lowercased; the map's key */
};

/* The bytes of a node whose key is klen characters long. */
#define NODE_SIZE(klen)	(offsetof(struct node, key) + (klen) + 1)

/* Record arrays given back when a node grows, by capacity class: 1 to 4,
 * then 8, 16...  (3 + log2). */
#define RR_CLASSES	36
/* Recently stored MX and CNAME targets, shared by the records that name
 * them again (provider hosts). */
#define RECENT		256

struct mx_zone {
	struct mx_arena		*arena;		/* nodes, records, strings */
	struct zrr		*spare[RR_CLASSES];
	const char		*recent[RECENT];
	struct node		*last;		/* of the previous record */
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

#endif

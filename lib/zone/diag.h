/*
 * diag.h -- what the zone loader says about the files it reads, internal
 * to libmxdig.
 *
 * The loader knows nothing of checks: it reports neutral diagnostics,
 * in file order, and the zone checks (check/zone_checks.c) turn them into
 * findings (zone-syntax, mx-wildcard, ttl-mismatch, cname-and-other-data,
 * zone-duplicate-origin).
 */
#ifndef MX_ZONE_DIAG_H
#define MX_ZONE_DIAG_H

#include <stddef.h>
#include <stdint.h>

#include "mxdig.h"

enum mx_zone_diag_kind {
	MX_ZONE_DIAG_SYNTAX = 0,	/* a record or directive is refused */
	MX_ZONE_DIAG_WILDCARD_MX,	/* a wildcard owner carries MX */
	MX_ZONE_DIAG_TTL_MISMATCH,	/* an RRset with different TTLs */
	MX_ZONE_DIAG_CNAME_AND_OTHER,	/* a CNAME beside other records */
	MX_ZONE_DIAG_DUPLICATE_ORIGIN,	/* a second file of one origin */
	MX_ZONE_DIAG_IGNORE_LIST	/* a "; mxdig: ignore=" list, whose
					 * names the checks know */
};

/* One diagnostic.  Its strings belong to the zone and live as long as
 * it. */
struct mx_zone_diag {
	enum mx_zone_diag_kind	 kind;
	const char		*file;		/* the file, as named */
	unsigned long		 line;		/* of the record concerned */
	const char		*owner;		/* WILDCARD_MX, TTL_MISMATCH,
						 * CNAME_AND_OTHER: the owner
						 * as written; DUPLICATE_ORIGIN:
						 * the origin */
	const char		*text;		/* SYNTAX: what is wrong;
						 * DUPLICATE_ORIGIN: the file
						 * that claimed it first */
	const char		*ignore;	/* the record's "; mxdig:
						 * ignore=" list, or NULL */
	const char		*rrtype;	/* TTL_MISMATCH: "A", "MX"...;
						 * CNAME_AND_OTHER: "CNAME" when
						 * this record is the CNAME */
	uint32_t		 first_ttl;	/* TTL_MISMATCH: the RRset's
						 * TTL so far, */
	unsigned long		 first_line;	/* on this line (TTL_MISMATCH;
						 * CNAME_AND_OTHER: the record
						 * it conflicts with, 0 when
						 * not known), */
	uint32_t		 ttl;		/* and this record's */
};

/* The diagnostics of every file loaded so far, in the order they were
 * found. */
const struct mx_zone_diag *mx_zone_diags(const mx_zone *zone, size_t *n);

/*
 * Where the SOA of the loaded zone whose origin is name was read: its file
 * and line and its record's inline ignore list (NULL when none), for the
 * findings about an apex that has no MX record to point at.  Returns 0
 * when no loaded file has its SOA there.
 */
/* Returns 1 when name is a node of the loaded zones: it owns records, or
 * names below it do (an empty non-terminal, RFC 8020). */
int mx_zone_has_name(const mx_zone *zone, const char *name);

int mx_zone_apex_soa(const mx_zone *zone, const char *name,
    const char **file, unsigned long *line, const char **ignore);

#endif

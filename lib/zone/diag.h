/*
 * diag.h -- what the zone loader says about the files it reads, internal
 * to libmxdig.
 *
 * The loader knows nothing of checks: it reports neutral diagnostics,
 * in file order, and the zone checks (check/zone_checks.c) turn them into
 * findings (zone-syntax, mx-wildcard, ttl-mismatch).
 */
#ifndef MX_ZONE_DIAG_H
#define MX_ZONE_DIAG_H

#include <stddef.h>
#include <stdint.h>

#include "mxdig.h"

enum mx_zone_diag_kind {
	MX_ZONE_DIAG_SYNTAX = 0,	/* a record or directive is refused */
	MX_ZONE_DIAG_WILDCARD_MX,	/* a wildcard owner carries MX */
	MX_ZONE_DIAG_TTL_MISMATCH	/* an RRset with different TTLs */
};

/* One diagnostic.  Its strings belong to the zone and live as long as
 * it. */
struct mx_zone_diag {
	enum mx_zone_diag_kind	 kind;
	const char		*file;		/* the file, as named */
	unsigned long		 line;		/* of the record concerned */
	const char		*owner;		/* WILDCARD_MX, TTL_MISMATCH:
						 * the owner as written */
	const char		*text;		/* SYNTAX: what is wrong */
	const char		*ignore;	/* the record's "; mxdig:
						 * ignore=" list, or NULL */
	const char		*rrtype;	/* TTL_MISMATCH: "A", "MX"... */
	uint32_t		 first_ttl;	/* TTL_MISMATCH: the RRset's
						 * TTL so far, */
	unsigned long		 first_line;	/* on this line, */
	uint32_t		 ttl;		/* and this record's */
};

/* The diagnostics of every file loaded so far, in the order they were
 * found. */
const struct mx_zone_diag *mx_zone_diags(const mx_zone *zone, size_t *n);

#endif

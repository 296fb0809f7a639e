/*
 * generate.h -- BIND's $GENERATE directive read into its parts and
 * expanded into the text of one record per value of its iterator
 * (generate.c); the loader (parse.c) sends each record through the path
 * every other record takes.  Internal.
 */
#ifndef MX_ZONE_GENERATE_H
#define MX_ZONE_GENERATE_H

#include <stddef.h>
#include <stdint.h>

/*
 * The records one load may generate, all its $GENERATE directives
 * together: BIND has no such bound, and "$GENERATE 0-2147483647" would
 * make two thousand million records.  A directive that would go past it
 * makes none.  The fuzz build lowers it (CMakeLists.txt), so that one
 * input stays well within libFuzzer's timeout.
 */
#ifndef ZONE_GEN_MAX
#define ZONE_GEN_MAX		1000000UL
#endif

/* The widest ${offset,width,base} field: BIND formats into 128 bytes. */
#define ZONE_GEN_WIDTH_MAX	127

/* The largest start, stop and step: 2^31-1 (BIND's ARM). */
#define ZONE_GEN_RANGE_MAX	2147483647UL

/* A $GENERATE directive as written; the pointers are into its text. */
struct zone_gen {
	uint32_t	 start, stop, step;
	uint64_t	 count;		/* records it makes */
	const char	*lhs;		/* the owner template */
	size_t		 lhslen;
	char		 mid[128];	/* "[TTL] [CLASS] TYPE", as written */
	const char	*rhs;		/* the data template, unquoted */
	size_t		 rhslen;
	int		 rhs_quoted;	/* its \" stand for " */
};

/*
 * Reads "$GENERATE range lhs [ttl] [class] type rhs" (the TTL and the
 * class in either order, as for records) from text into g.  Returns NULL,
 * or the reason (static, or in buf of size bytes, quoting the directive's
 * bytes escaped): a bad range (start-stop[/step], decimal, 0 to 2^31-1,
 * start <= stop, step >= 1), a TTL over 2^31-1, a class other than IN,
 * an unknown type, a missing or extra field, a quoted owner, a quote in
 * part of the rhs, or a bad ${} modifier in either template.
 */
const char *zone_gen_parse(const char *text, struct zone_gen *g, char *buf,
    size_t size);

/*
 * The record g makes for iterator value it, "lhs mid rhs", into out (size
 * bytes, NUL-terminated), its length in *len.  In each template "$" is
 * the iterator, "${offset[,width[,base]]}" the iterator plus offset in a
 * zero-padded field of width characters (at most ZONE_GEN_WIDTH_MAX) in
 * base d, o, x, X, n or N (nibbles, lowest first, one a label, width
 * counting the dots); "$$" and "\$" are a "$" in the name or data (written
 * "\$", so that no record starts a directive), and every other "\X" stays
 * as written, for the record's own reading.  Returns NULL, or the reason
 * (in buf, size bytes): a bad modifier, a value over 2^31-1, a record
 * that does not fit out.
 */
const char *zone_gen_line(const struct zone_gen *g, uint32_t it, char *out,
    size_t size, size_t *len, char *buf, size_t bsize);

/*
 * One template t[0..n) expanded for it into out (size bytes,
 * NUL-terminated); its length in *len.  Returns NULL or the reason, as
 * zone_gen_line.  For tests.
 */
const char *zone_gen_subst(const char *t, size_t n, uint32_t it, char *out,
    size_t size, size_t *len, char *buf, size_t bsize);

#endif

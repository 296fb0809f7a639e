/*
 * lexer.h -- a zone file split into logical records (lexer.c), for the
 * loader; internal.
 */
#ifndef MX_ZONE_LEXER_H
#define MX_ZONE_LEXER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define MAX_RECORD	65535	/* characters in one logical record */

/* The state of reading one file. */
struct reader {
	FILE		*fp;
	const char	*text;		/* string input, NUL at text[len] */
	size_t		 pos, len;
	char		 chunk[65536 + 1];	/* and a NUL after the bytes */
	unsigned long	 line;
	const char	*file;		/* interned */
	int		 eof;
};

/* The tokens a plain line keeps (struct logical): more, and they are
 * found again by zone_tokenize. */
#define LOGICAL_TOKENS	16

/* One logical record as read from the file. */
struct logical {
	char		*text;		/* without comments and parentheses */
	size_t		 len, cap;
	char		 comment[512];	/* the comments, joined */
	size_t		 clen;
	unsigned long	 line;		/* where it starts */
	const char	*error;		/* why it cannot be parsed */
	char		 errbuf[80];	/* error, when it names a line */
	int		 parens;	/* it had parentheses (outside
					 * quotes): $GENERATE takes none */
	/* The tokens of text (as zone_tokenize splits it), when the record
	 * was a plain line, split as it was read: ntok of them, at toff
	 * with tlen characters; -1 when they are to be found. */
	int		 ntok;
	uint32_t	 toff[LOGICAL_TOKENS];
	uint32_t	 tlen[LOGICAL_TOKENS];
};

/*
 * Reads one logical record: up to a newline outside parentheses.
 * Returns 1 when a record (possibly empty) was read, 0 at end of input,
 * -1 when out of memory.
 */
int zone_read_logical(struct reader *r, struct logical *lr);

/* Extracts the value of "mxdig: ignore=" from a comment, or NULL. */
char *zone_parse_ignore(const char *comment);

/* Splits s into whitespace-separated tokens (quotes respected); returns the
 * count, at most max. */
int zone_tokenize(const char *s, const char *tok[], size_t tlen[], int max);

int zone_is_ttl(const char *t, size_t n);

int zone_is_class(const char *t, size_t n);

/* The largest TTL: RFC 2181 §8 (a TTL is 31 bits). */
#define ZONE_TTL_MAX	2147483647UL

/*
 * Parses a TTL as zone files write it: seconds, or BIND's units
 * ("1h30m", "2w": s, m, h, d, w in either case, a bare number at the
 * end counting as seconds), with no sign, no blank, nothing after it.
 * Returns NULL with the value in *ttl, or the reason (into buf, size
 * bytes, quoting t escaped): not a TTL, or over 2^31-1 (RFC 2181 §8).
 */
const char *zone_parse_ttl(const char *t, size_t n, uint32_t *ttl,
    char *buf, size_t size);

/* The longest name on the wire (RFC 1035 §2.3.4). */
#define ZONE_NAME_MAX	255

/*
 * The wire form of the name t[0..n) as a zone file writes it (RFC 1035
 * §5.1: "\X" is X, "\DDD" the octet DDD; "@" is the origin), made
 * absolute with origin (wire form, olen octets; NULL when there is
 * none), into out (ZONE_NAME_MAX octets).  Octets are counted on the
 * wire, escapes as one.  Returns the length; or 0 with the reason in buf
 * (size bytes, the name quoted escaped): an empty label, a label over 63
 * octets, a name over 255, a bad escape, a relative name with no origin.
 */
size_t zone_name_wire(const char *t, size_t n, const uint8_t *origin,
    size_t olen, uint8_t *out, char *buf, size_t size);

/*
 * Checks what ldns lets through or words badly: every TTL (as
 * zone_parse_ttl), an MX preference must be a decimal number from 0 to
 * 65535 (ldns wraps 65536 to 0 and -1 to 65535), the names of MX and
 * CNAME data (as zone_name_wire, against origin).  Returns an error
 * message (static, or in buf of size bytes) or NULL.
 */
const char *zone_precheck(const char *text, int owner_given,
    const uint8_t *origin, size_t olen, char *buf, size_t size);

#endif

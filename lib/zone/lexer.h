/*
 * lexer.h -- a zone file split into logical records (lexer.c), for the
 * loader; internal.
 */
#ifndef MX_ZONE_LEXER_H
#define MX_ZONE_LEXER_H

#include <stddef.h>
#include <stdio.h>

#define MAX_RECORD	65535	/* characters in one logical record */

/* The state of reading one file. */
struct reader {
	FILE		*fp;
	const char	*text;		/* string input */
	size_t		 pos, len;
	char		 chunk[65536];
	unsigned long	 line;
	const char	*file;		/* interned */
	int		 eof;
};

/* One logical record as read from the file. */
struct logical {
	char		*text;		/* without comments and parentheses */
	size_t		 len, cap;
	char		 comment[512];	/* the comments, joined */
	size_t		 clen;
	unsigned long	 line;		/* where it starts */
	const char	*error;		/* why it cannot be parsed */
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

/*
 * Checks what ldns lets through: an MX preference must be a decimal number
 * from 0 to 65535 (ldns wraps 65536 to 0 and -1 to 65535).  Returns an
 * error message or NULL.
 */
const char *zone_precheck(const char *text, int owner_given);

#endif

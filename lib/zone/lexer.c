/*
 * lexer.c -- a zone file into logical records: parentheses, quotes,
 * comments and directives are read here, so that the loader knows the
 * line each record starts on, sees the "; mxdig: ignore=" comments and
 * can go on after a record that does not parse.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "lexer.h"

/* Returns the next character of the input, or EOF. */
static int
next_char(struct reader *r)
{
	if (r->pos == r->len) {
		if (r->fp == NULL || r->eof)
			return EOF;
		r->len = fread(r->chunk, 1, sizeof(r->chunk), r->fp);
		r->pos = 0;
		r->text = r->chunk;
		if (r->len == 0) {
			r->eof = 1;
			return EOF;
		}
	}
	return (unsigned char)r->text[r->pos++];
}


static int
logical_put(struct logical *lr, int c)
{
	if (lr->len + 1 >= lr->cap) {
		size_t	 ncap = lr->cap ? lr->cap * 2 : 256;
		char	*nt;

		if (ncap > MAX_RECORD + 2)
			ncap = MAX_RECORD + 2;
		if (lr->len + 1 >= ncap) {
			lr->error = "record longer than 65535 characters";
			return 0;
		}
		if ((nt = realloc(lr->text, ncap)) == NULL)
			return -1;
		lr->text = nt;
		lr->cap = ncap;
	}
	lr->text[lr->len++] = (char)c;
	lr->text[lr->len] = '\0';
	return 0;
}

/*
 * Reads one logical record: up to a newline outside parentheses.
 * Returns 1 when a record (possibly empty) was read, 0 at end of input,
 * -1 when out of memory.
 */
int
zone_read_logical(struct reader *r, struct logical *lr)
{
	int	c, depth = 0, quoted = 0, comment = 0, any = 0;

	lr->len = 0;
	if (lr->text)
		lr->text[0] = '\0';
	lr->clen = 0;
	lr->comment[0] = '\0';
	lr->error = NULL;
	lr->line = r->line;
	for (;;) {
		/* the common case first: a run of ordinary characters,
		 * copied without a call per character */
		if (!comment && !quoted && lr->error == NULL && lr->cap > 0) {
			while (r->pos < r->len && lr->len + 2 < lr->cap) {
				c = (unsigned char)r->text[r->pos];
				if (c == '\n' || c == '\0' || c == ';' ||
				    c == '\\' || c == '"' || c == '(' ||
				    c == ')' || c == '\r')
					break;
				lr->text[lr->len++] = (char)c;
				r->pos++;
				any = 1;
			}
			lr->text[lr->len] = '\0';
		}
		c = next_char(r);
		if (c == EOF) {
			if (depth > 0 && lr->error == NULL)
				lr->error = "unbalanced parenthesis at end of "
				    "file";
			if (quoted && lr->error == NULL)
				lr->error = "unterminated quoted string";
			return any ? 1 : 0;
		}
		any = 1;
		if (c == '\n') {
			r->line++;
			comment = 0;
			if (quoted) {
				if (lr->error == NULL)
					lr->error = "newline inside a quoted "
					    "string";
				quoted = 0;
			}
			if (depth == 0)
				return 1;
			if (!lr->error && logical_put(lr, ' ') < 0)
				return -1;
			continue;
		}
		if (c == '\0') {
			if (lr->error == NULL)
				lr->error = "NUL byte in record";
			continue;
		}
		if (comment) {
			if (lr->clen + 1 < sizeof(lr->comment)) {
				lr->comment[lr->clen++] = (char)c;
				lr->comment[lr->clen] = '\0';
			}
			continue;
		}
		if (!quoted && c == ';') {
			comment = 1;
			if (lr->clen + 1 < sizeof(lr->comment)) {
				lr->comment[lr->clen++] = ' ';
				lr->comment[lr->clen] = '\0';
			}
			continue;
		}
		if (c == '\\') {
			/* an escape: copy it and the next character as is */
			if (!lr->error && logical_put(lr, c) < 0)
				return -1;
			c = next_char(r);
			if (c == EOF)
				continue;
			if (c == '\n')
				r->line++;
			if (!lr->error && logical_put(lr, c) < 0)
				return -1;
			continue;
		}
		if (c == '"')
			quoted = !quoted;
		else if (!quoted && c == '(') {
			depth++;
			c = ' ';
		} else if (!quoted && c == ')') {
			if (depth == 0 && lr->error == NULL)
				lr->error = "')' without '('";
			if (depth > 0)
				depth--;
			c = ' ';
		} else if (c == '\r')
			c = ' ';
		if (!lr->error && logical_put(lr, c) < 0)
			return -1;
	}
}

/* Extracts the value of "mxdig: ignore=" from a comment, or NULL. */
char *
zone_parse_ignore(const char *comment)
{
	const char	*p = strstr(comment, "mxdig:");
	size_t		 n;
	char		*out, *q;

	if (p == NULL)
		return NULL;
	p += strlen("mxdig:");
	while (*p == ' ' || *p == '\t')
		p++;
	if (strncmp(p, "ignore=", 7) != 0)
		return NULL;
	p += 7;
	n = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789-,");
	if ((out = strndup(p, n)) == NULL)
		return NULL;
	for (q = out + strlen(out); q > out && q[-1] == ','; q--)
		q[-1] = '\0';
	return out;
}

/* Splits s into whitespace-separated tokens (quotes respected); returns the
 * count, at most max. */
int
zone_tokenize(const char *s, const char *tok[], size_t tlen[], int max)
{
	int n = 0;

	while (*s && n < max) {
		const char	*start;
		int		 quoted = 0;

		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '\0')
			break;
		start = s;
		while (*s && (quoted || (*s != ' ' && *s != '\t'))) {
			if (*s == '\\' && s[1])
				s++;
			else if (*s == '"')
				quoted = !quoted;
			s++;
		}
		tok[n] = start;
		tlen[n] = (size_t)(s - start);
		n++;
	}
	return n;
}

int
zone_is_ttl(const char *t, size_t n)
{
	size_t i;

	if (n == 0 || !isdigit((unsigned char)t[0]))
		return 0;
	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)t[i]) &&
		    strchr("sSmMhHdDwW", t[i]) == NULL)
			return 0;
	return 1;
}

int
zone_is_class(const char *t, size_t n)
{
	return (n == 2 && (strncasecmp(t, "IN", 2) == 0 ||
	    strncasecmp(t, "CH", 2) == 0 || strncasecmp(t, "HS", 2) == 0 ||
	    strncasecmp(t, "CS", 2) == 0)) ||
	    (n > 5 && strncasecmp(t, "CLASS", 5) == 0);
}

/*
 * Checks what ldns lets through: an MX preference must be a decimal number
 * from 0 to 65535 (ldns wraps 65536 to 0 and -1 to 65535).  Returns an
 * error message or NULL.
 */
const char *
zone_precheck(const char *text, int owner_given)
{
	const char	*tok[8];
	size_t		 tlen[8];
	int		 n, i;
	unsigned long	 v;
	char		 buf[16];

	n = zone_tokenize(text, tok, tlen, 8);
	i = owner_given ? 1 : 0;
	while (i < n && (zone_is_ttl(tok[i], tlen[i]) ||
	    zone_is_class(tok[i], tlen[i])))
		i++;
	if (i >= n)
		return NULL;
	if (!((tlen[i] == 2 && strncasecmp(tok[i], "MX", 2) == 0) ||
	    (tlen[i] == 6 && strncasecmp(tok[i], "TYPE15", 6) == 0)))
		return NULL;
	if (i + 1 >= n)
		return "MX record without preference and exchange";
	if (tlen[i + 1] == 2 && strncmp(tok[i + 1], "\\#", 2) == 0)
		return NULL;
	if (tlen[i + 1] >= sizeof(buf) ||
	    strspn(tok[i + 1], "0123456789") != tlen[i + 1])
		return "MX preference is not a number from 0 to 65535";
	memcpy(buf, tok[i + 1], tlen[i + 1]);
	buf[tlen[i + 1]] = '\0';
	v = strtoul(buf, NULL, 10);
	if (v > 65535)
		return "MX preference is not a number from 0 to 65535";
	if (i + 2 >= n)
		return "MX record without exchange";
	return NULL;
}

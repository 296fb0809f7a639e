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

/*
 * The bytes that end a run of ordinary characters: in the lexer (1) the
 * ones a logical record treats specially, in the tokenizer (2) the ones
 * that end or quote a token.  A table lookup per byte instead of eight
 * comparisons: the lexer and the tokenizer read every byte of the file.
 */
#define SPECIAL_LEX	1
#define SPECIAL_TOK	2
static const unsigned char special[256] = {
	['\0'] = SPECIAL_LEX | SPECIAL_TOK,
	['\n'] = SPECIAL_LEX,
	['\r'] = SPECIAL_LEX,
	[';'] = SPECIAL_LEX,
	['('] = SPECIAL_LEX,
	[')'] = SPECIAL_LEX,
	['\\'] = SPECIAL_LEX | SPECIAL_TOK,
	['"'] = SPECIAL_LEX | SPECIAL_TOK,
	[' '] = SPECIAL_TOK,
	['\t'] = SPECIAL_TOK,
};

/*
 * Inside quotes only these bytes end a run: the quote, an escape, a
 * line's end, a NUL.  A TXT record's strings are copied a run at a time
 * too, not through a call per character.
 */
static const unsigned char special_quoted[256] = {
	['\0'] = 1, ['\n'] = 1, ['\r'] = 1, ['\\'] = 1, ['"'] = 1,
};

/*
 * The bytes of a plain line, one that needs none of the lexer's rules:
 * most records of a large zone ("name A 192.0.2.1").  0: part of a
 * token; PLAIN_BLANK: between tokens; PLAIN_END: the newline that ends
 * it; PLAIN_OTHER: anything the lexer must read (comment, parenthesis,
 * quote, escape, carriage return, NUL).
 */
#define PLAIN_ROOM	1024	/* a logical record's first buffer */
#define PLAIN_BLANK	1
#define PLAIN_END	2
#define PLAIN_OTHER	3
static const unsigned char plain_class[256] = {
	['\0'] = PLAIN_OTHER,
	['\n'] = PLAIN_END,
	['\r'] = PLAIN_OTHER,
	[';'] = PLAIN_OTHER,
	['('] = PLAIN_OTHER,
	[')'] = PLAIN_OTHER,
	['\\'] = PLAIN_OTHER,
	['"'] = PLAIN_OTHER,
	[' '] = PLAIN_BLANK,
	['\t'] = PLAIN_BLANK,
};

/*
 * Reads a plain line whole from the chunk in hand: its text into lr, its
 * tokens split on the way (what zone_tokenize would make of it), the
 * newline consumed.  Returns 0, having consumed nothing, when the line is
 * not plain, does not end within the chunk, or does not fit in lr: the
 * general reader then reads it.
 */
static int
read_plain(struct reader *r, struct logical *lr)
{
	const unsigned char	*t = (const unsigned char *)r->text + r->pos;
	const unsigned char	*p = t, *start;
	size_t			 len;
	int			 n = 0;
	unsigned		 k;

	/* the NUL after the input stops every scan below (PLAIN_OTHER) */
	if (r->text[r->len] != '\0')
		return 0;
	for (;;) {
		while ((k = plain_class[*p]) == PLAIN_BLANK)
			p++;
		if (k != 0)
			break;
		start = p;
		while ((k = plain_class[*++p]) == 0)
			;
		if (n < LOGICAL_TOKENS) {
			lr->toff[n] = (uint32_t)(start - t);
			lr->tlen[n] = (uint32_t)(p - start);
		}
		n++;
		if (k != PLAIN_BLANK)
			break;
	}
	/* a line of at most MAX_RECORD characters, and its NUL in lr */
	len = (size_t)(p - t);
	if (k != PLAIN_END || len > lr->cap - 2 || len > MAX_RECORD)
		return 0;
	memcpy(lr->text, t, len);
	lr->text[len] = '\0';
	lr->len = len;
	lr->ntok = n <= LOGICAL_TOKENS ? n : -1;
	r->pos += len + 1;
	r->line++;
	return 1;
}

/* Returns the next character of the input, or EOF. */
static int
next_char(struct reader *r)
{
	if (r->pos == r->len) {
		if (r->fp == NULL || r->eof)
			return EOF;
		r->len = fread(r->chunk, 1, sizeof(r->chunk) - 1, r->fp);
		r->chunk[r->len] = '\0';	/* for read_plain */
		r->pos = 0;
		r->text = r->chunk;
		if (r->len == 0) {
			r->eof = 1;
			return EOF;
		}
	}
	return (unsigned char)r->text[r->pos++];
}

static const char too_long[] = "record longer than 65535 characters";

static int
logical_put(struct logical *lr, int c)
{
	if (lr->len + 1 >= lr->cap) {
		size_t	 ncap = lr->cap ? lr->cap * 2 : 256;
		char	*nt;

		if (ncap > MAX_RECORD + 2)
			ncap = MAX_RECORD + 2;
		if (lr->len + 1 >= ncap) {
			lr->error = too_long;
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
	int		c, depth = 0, quoted = 0, comment = 0, any = 0;
	unsigned long	paren_line = 0;

	/* room for the plain lines of a zone, which read_plain copies at
	 * once */
	if (lr->cap < PLAIN_ROOM) {
		char *nt = realloc(lr->text, PLAIN_ROOM);

		if (nt == NULL)
			return -1;
		lr->text = nt;
		lr->cap = PLAIN_ROOM;
	}
	lr->len = 0;
	lr->text[0] = '\0';
	lr->clen = 0;
	lr->comment[0] = '\0';
	lr->error = NULL;
	lr->parens = 0;
	lr->line = r->line;
	lr->ntok = -1;
	if (r->pos < r->len && read_plain(r, lr))
		return 1;
	for (;;) {
		/* the common case first: a run of ordinary characters,
		 * copied without a call per character */
		if (!comment && lr->error == NULL &&
		    lr->cap > 0 && lr->len + 2 < lr->cap) {
			const unsigned char	*t = (const unsigned char *)r->text;
			size_t			 end = r->len, p = r->pos;

			/* as far as room in lr for it and its NUL */
			if (end - p > lr->cap - 2 - lr->len)
				end = p + (lr->cap - 2 - lr->len);
			if (quoted)
				while (p < end && !special_quoted[t[p]])
					p++;
			else
				while (p < end && !(special[t[p]] &
				    SPECIAL_LEX))
					p++;
			if (p > r->pos) {
				memcpy(lr->text + lr->len, r->text + r->pos,
				    p - r->pos);
				lr->len += p - r->pos;
				r->pos = p;
				any = 1;
			}
			lr->text[lr->len] = '\0';
		}
		c = next_char(r);
		if (c == EOF) {
			/* a parenthesis never closed took the rest of the
			 * file: that is the error, not the length it grew
			 * to */
			if (depth > 0 && (lr->error == NULL ||
			    lr->error == too_long)) {
				snprintf(lr->errbuf, sizeof(lr->errbuf),
				    "parenthesis opened at line %lu is never "
				    "closed", paren_line);
				lr->error = lr->errbuf;
			}
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
			if (depth++ == 0)
				paren_line = r->line;
			lr->parens = 1;
			c = ' ';
		} else if (!quoted && c == ')') {
			if (depth == 0 && lr->error == NULL)
				lr->error = "')' without '('";
			if (depth > 0)
				depth--;
			lr->parens = 1;
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
		for (;;) {
			while (!(special[(unsigned char)*s] & SPECIAL_TOK))
				s++;
			if (*s == '\0' || (!quoted && (*s == ' ' ||
			    *s == '\t')))
				break;
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

/* The value of unit u, or 0 when it is none (BIND's TTL units). */
static unsigned long
ttl_unit(int u)
{
	switch (u) {
	case 's': case 'S':
		return 1;
	case 'm': case 'M':
		return 60;
	case 'h': case 'H':
		return 3600;
	case 'd': case 'D':
		return 86400;
	case 'w': case 'W':
		return 604800;
	}
	return 0;
}

/*
 * Parses a TTL: numbers each followed by a unit, the last one's unit
 * optional.  The sum is kept in 64 bits and stops growing past 2^31, so
 * nothing wraps.  Returns NULL with *ttl, or the reason.
 */
const char *
zone_parse_ttl(const char *t, size_t n, uint32_t *ttl, char *buf,
    size_t size)
{
	unsigned long long	 sum = 0, v;
	unsigned long		 unit;
	size_t			 i = 0;
	char			 q[48];

	while (i < n) {
		if (!isdigit((unsigned char)t[i]))
			goto bad;
		for (v = 0; i < n && isdigit((unsigned char)t[i]); i++)
			if ((v = v * 10 + (unsigned)(t[i] - '0')) >
			    ZONE_TTL_MAX + 1ULL)
				v = ZONE_TTL_MAX + 1ULL;
		unit = 1;
		if (i < n && (unit = ttl_unit((unsigned char)t[i++])) == 0)
			goto bad;
		if ((sum += v * unit) > ZONE_TTL_MAX + 1ULL)
			sum = ZONE_TTL_MAX + 1ULL;
	}
	if (n == 0)
		goto bad;
	if (sum > ZONE_TTL_MAX) {
		snprintf(buf, size, "TTL %s is over 2^31-1 (RFC 2181 §8)",
		    mx_escape_buf(t, n, q, sizeof(q)));
		return buf;
	}
	*ttl = (uint32_t)sum;
	return NULL;
bad:
	snprintf(buf, size, "TTL %s is not a number of seconds or of "
	    "BIND's units (1h30m)", mx_escape_buf(t, n, q, sizeof(q)));
	return buf;
}

size_t
zone_name_wire(const char *t, size_t n, const uint8_t *origin, size_t olen,
    uint8_t *out, char *buf, size_t size)
{
	uint8_t		 label[64];
	size_t		 i = 0, len = 0, ll, start, total;
	int		 absolute = 0;
	char		 q[48];
	unsigned	 c;

	if (n == 1 && t[0] == '@') {
		if (origin == NULL)
			goto no_origin;
		memcpy(out, origin, olen);
		return olen;
	}
	if (n == 1 && t[0] == '.') {
		out[0] = 0;
		return 1;
	}
	while (i < n) {
		/* one label, up to an unescaped dot */
		start = i;
		for (ll = 0; i < n && t[i] != '.'; ll++) {
			if (t[i] != '\\')
				c = (unsigned char)t[i++];
			else if (i + 3 < n &&
			    isdigit((unsigned char)t[i + 1]) &&
			    isdigit((unsigned char)t[i + 2]) &&
			    isdigit((unsigned char)t[i + 3])) {
				c = (unsigned)(t[i + 1] - '0') * 100 +
				    (unsigned)(t[i + 2] - '0') * 10 +
				    (unsigned)(t[i + 3] - '0');
				if (c > 255) {
					snprintf(buf, size, "name %s has an "
					    "escape over \\255", mx_escape_buf(
					    t, n, q, sizeof(q)));
					return 0;
				}
				i += 4;
			} else if (i + 1 < n &&
			    !isdigit((unsigned char)t[i + 1])) {
				c = (unsigned char)t[i + 1];
				i += 2;
			} else {
				snprintf(buf, size, "name %s has an "
				    "incomplete escape", mx_escape_buf(t, n, q,
				    sizeof(q)));
				return 0;
			}
			if (ll == 63) {
				/* the label as written, up to the dot */
				while (i < n && t[i] != '.')
					i += t[i] == '\\' && i + 1 < n ? 2 : 1;
				snprintf(buf, size, "label %s is longer than "
				    "63 octets", mx_escape_buf(t + start,
				    i - start, q, sizeof(q)));
				return 0;
			}
			label[ll] = (uint8_t)c;
		}
		if (ll == 0) {
			snprintf(buf, size, "name %s has an empty label",
			    mx_escape_buf(t, n, q, sizeof(q)));
			return 0;
		}
		/* a label of ll octets takes ll + 1 on the wire; the root
		 * label one more */
		if (len + 1 + ll + 1 > ZONE_NAME_MAX) {
			snprintf(buf, size, "name %s is longer than 255 octets",
			    mx_escape_buf(t, n, q, sizeof(q)));
			return 0;
		}
		out[len++] = (uint8_t)ll;
		memcpy(out + len, label, ll);
		len += ll;
		if (i < n) {
			i++;	/* the dot */
			if (i == n)
				absolute = 1;
		}
	}
	if (absolute) {
		out[len++] = 0;
		return len;
	}
	if (origin == NULL)
		goto no_origin;
	if ((total = len + olen) > ZONE_NAME_MAX) {
		snprintf(buf, size, "name %s is longer than 255 octets once "
		    "the origin is appended (%zu)", mx_escape_buf(t, n, q,
		    sizeof(q)), total);
		return 0;
	}
	memcpy(out + len, origin, olen);
	return total;
no_origin:
	snprintf(buf, size, "relative name %s with no origin to complete it",
	    mx_escape_buf(t, n, q, sizeof(q)));
	return 0;
}

/*
 * Checks what ldns lets through or words badly: every TTL, an MX
 * preference must be a decimal number from 0 to 65535 (ldns wraps 65536
 * to 0 and -1 to 65535), the names of MX and CNAME data.  Returns an
 * error message or NULL.
 */
const char *
zone_precheck(const char *text, int owner_given, const uint8_t *origin,
    size_t olen, char *ebuf, size_t esize)
{
	const char	*tok[8], *why;
	size_t		 tlen[8];
	int		 n, i, cname;
	unsigned long	 v;
	uint32_t	 ttl;
	uint8_t		 wire[ZONE_NAME_MAX];
	char		 buf[16];

	n = zone_tokenize(text, tok, tlen, 8);
	i = owner_given ? 1 : 0;
	for (; i < n && (zone_is_ttl(tok[i], tlen[i]) ||
	    zone_is_class(tok[i], tlen[i])); i++)
		if (isdigit((unsigned char)tok[i][0]) &&
		    (why = zone_parse_ttl(tok[i], tlen[i], &ttl, ebuf,
		    esize)) != NULL)
			return why;
	if (i >= n)
		return NULL;
	cname = tlen[i] == 5 && strncasecmp(tok[i], "CNAME", 5) == 0;
	if (cname) {
		if (i + 1 < n && zone_name_wire(tok[i + 1], tlen[i + 1],
		    origin, olen, wire, ebuf, esize) == 0)
			return ebuf;
		return NULL;
	}
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
	if (zone_name_wire(tok[i + 2], tlen[i + 2], origin, olen, wire, ebuf,
	    esize) == 0)
		return ebuf;
	return NULL;
}

/*
 * generate.c -- BIND's $GENERATE (BIND 9 ARM, "The $GENERATE Directive"):
 * the directive read into its range, templates and fields, and the text
 * of the record it makes for each value of the iterator.  Nothing is
 * stored here: the loader (parse.c) reads every record made as if the
 * file had it, at the directive's line.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ldns/ldns.h>

#include "internal.h"
#include "lexer.h"
#include "generate.h"

/* What one "$" or "${...}" of a template asks for. */
struct modifier {
	long long	 offset;
	unsigned	 width;
	char		 base;		/* d, o, x, X, n, N */
	size_t		 used;		/* characters of the template */
};

/*
 * Reads the decimal number at t[*i..n) into *v: at least one digit, at
 * most max.  Returns 0 when there is none or it is larger.
 */
static int
decimal(const char *t, size_t n, size_t *i, unsigned long long max,
    unsigned long long *v)
{
	size_t	start = *i;

	*v = 0;
	for (; *i < n && isdigit((unsigned char)t[*i]); (*i)++)
		if ((*v = *v * 10 + (unsigned)(t[*i] - '0')) > max)
			return 0;
	return *i > start;
}

/*
 * The range "start-stop" or "start-stop/step" into g: decimal numbers from
 * 0 to 2^31-1, start not after stop, a step of at least 1 (BIND refuses
 * the same; it also takes a sign and text after the numbers, which this
 * does not).
 */
static const char *
parse_range(const char *t, size_t n, struct zone_gen *g, char *buf,
    size_t size)
{
	unsigned long long	 a, b, s = 1;
	size_t			 i = 0;
	char			 q[64];

	mx_escape_buf(t, n, q, sizeof(q));
	if (!decimal(t, n, &i, ZONE_GEN_RANGE_MAX, &a) || i >= n ||
	    t[i++] != '-' || !decimal(t, n, &i, ZONE_GEN_RANGE_MAX, &b) ||
	    (i < n && (t[i++] != '/' ||
	    !decimal(t, n, &i, ZONE_GEN_RANGE_MAX, &s))) || i != n) {
		snprintf(buf, size, "range %s is not start-stop or "
		    "start-stop/step, numbers from 0 to 2147483647", q);
		return buf;
	}
	if (a > b) {
		snprintf(buf, size, "range %s starts after it stops", q);
		return buf;
	}
	if (s == 0) {
		snprintf(buf, size, "range %s has a step of 0", q);
		return buf;
	}
	g->start = (uint32_t)a;
	g->stop = (uint32_t)b;
	g->step = (uint32_t)s;
	g->count = (b - a) / s + 1;
	return NULL;
}

/*
 * Reads the modifier of the "$" at t[0] (t[1] is "{"), n characters
 * left: "{offset[,width[,base]]}" with a signed decimal offset of 32 bits,
 * a width of at most ZONE_GEN_WIDTH_MAX and one base letter.  Returns
 * NULL with *m, or the reason in buf.
 */
static const char *
parse_modifier(const char *t, size_t n, struct modifier *m, char *buf,
    size_t size)
{
	unsigned long long	 v;
	size_t			 i = 2, end;
	int			 neg = 0;
	char			 q[64];

	for (end = 2; end < n && t[end] != '}'; end++)
		;
	mx_escape_buf(t, end < n ? end + 1 : n, q, sizeof(q));
	if (end == n) {
		snprintf(buf, size, "modifier %s has no closing }", q);
		return buf;
	}
	if (t[i] == '-' || t[i] == '+')
		neg = t[i++] == '-';
	if (!decimal(t, end, &i, 2147483648ULL, &v) || (!neg &&
	    v > 2147483647ULL)) {
		snprintf(buf, size, "modifier %s: the offset is not a number "
		    "from -2147483648 to 2147483647", q);
		return buf;
	}
	m->offset = neg ? -(long long)v : (long long)v;
	m->width = 0;
	m->base = 'd';
	if (i < end && t[i] == ',') {
		i++;
		if (!decimal(t, end, &i, ZONE_GEN_WIDTH_MAX, &v)) {
			snprintf(buf, size, "modifier %s: the width is not a "
			    "number from 0 to %d", q, ZONE_GEN_WIDTH_MAX);
			return buf;
		}
		m->width = (unsigned)v;
		if (i < end && t[i] == ',') {
			i++;
			if (i == end || strchr("doxXnN", t[i]) == NULL ||
			    i + 1 != end) {
				snprintf(buf, size, "modifier %s: the base is "
				    "not one of d, o, x, X, n, N", q);
				return buf;
			}
			m->base = t[i++];
		}
	}
	if (i != end) {
		snprintf(buf, size, "modifier %s is not ${offset[,width[,"
		    "base]]}", q);
		return buf;
	}
	m->used = end + 1;
	return NULL;
}

/*
 * The nibbles of v, lowest first, each a label (RFC 3596 §2.5 writes
 * reverse names so), into out (ZONE_GEN_WIDTH_MAX + 1 bytes): at least
 * width characters, the dots counted, a dot after the last nibble when
 * width asks for more.  Returns the length.
 */
static size_t
nibbles(uint32_t v, unsigned width, int upper, char *out)
{
	const char	*digit = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	size_t		 len = 0;

	do {
		out[len++] = digit[v & 15];
		v >>= 4;
		if (width > 0)
			width--;
		if (width > 0 || v != 0) {
			out[len++] = '.';
			if (width > 0)
				width--;
		}
	} while (v != 0 || width > 0);
	out[len] = '\0';
	return len;
}

/* Appends s[0..n) to out (size bytes) at *len when out is not NULL, or
 * only counts it; returns 0 when it does not fit. */
static int
put(char *out, size_t size, size_t *len, const char *s, size_t n)
{
	if (*len + n >= size)
		return 0;
	if (out != NULL)
		memcpy(out + *len, s, n);
	*len += n;
	return 1;
}

static const char too_long[] = "the record is longer than 65535 characters";

/*
 * Template t[0..n) expanded for it, appended to out at *len (out NULL:
 * counted only).  unquote: the template was a quoted string, whose \"
 * are quotes.
 */
static const char *
subst(const char *t, size_t n, uint32_t it, int unquote, char *out,
    size_t size, size_t *len, char *buf, size_t bsize)
{
	struct modifier	 m = { 0, 0, 'd', 1 };
	const char	*why;
	char		 num[ZONE_GEN_WIDTH_MAX + 32], q[64];
	long long	 v;
	size_t		 i = 0, k;

	while (i < n) {
		if (t[i] == '\\') {
			/* "\"" in a quoted rhs is a quote; every other
			 * escape is the record's to read */
			k = i + 1 < n ? 2 : 1;
			if (unquote && k == 2 && t[i + 1] == '"') {
				i++;
				k = 1;
			}
			if (!put(out, size, len, t + i, k))
				return too_long;
			i += k;
			continue;
		}
		if (t[i] != '$') {
			for (k = i; k < n && t[k] != '\\' && t[k] != '$'; k++)
				;
			if (!put(out, size, len, t + i, k - i))
				return too_long;
			i = k;
			continue;
		}
		if (i + 1 < n && t[i + 1] == '$') {
			/* BIND's older way to write a "$" */
			if (!put(out, size, len, "\\$", 2))
				return too_long;
			i += 2;
			continue;
		}
		if (i + 1 < n && t[i + 1] == '{') {
			if ((why = parse_modifier(t + i, n - i, &m, buf,
			    bsize)) != NULL)
				return why;
		} else {
			m.offset = 0;
			m.width = 0;
			m.base = 'd';
			m.used = 1;
		}
		if ((v = (long long)it + m.offset) > 2147483647LL) {
			mx_escape_buf(t + i, m.used, q, sizeof(q));
			snprintf(buf, bsize, "%s for $ = %lu is %lld, over "
			    "2147483647", q, (unsigned long)it, v);
			return buf;
		}
		switch (m.base) {
		case 'n':
		case 'N':
			k = nibbles((uint32_t)v, m.width, m.base == 'N', num);
			break;
		case 'd':
			k = (size_t)snprintf(num, sizeof(num), "%0*lld",
			    (int)m.width, v);
			break;
		default:
			/* a negative value as 32 bits, as BIND writes it */
			k = (size_t)snprintf(num, sizeof(num), m.base == 'o' ?
			    "%0*o" : m.base == 'x' ? "%0*x" : "%0*X",
			    (int)m.width, (unsigned)(uint32_t)v);
			break;
		}
		if (!put(out, size, len, num, k))
			return too_long;
		i += m.used;
	}
	return NULL;
}

const char *
zone_gen_subst(const char *t, size_t n, uint32_t it, char *out, size_t size,
    size_t *len, char *buf, size_t bsize)
{
	const char *why;

	*len = 0;
	if (size > 0)
		out[0] = '\0';
	if ((why = subst(t, n, it, 0, out, size, len, buf, bsize)) != NULL)
		return why;
	out[*len] = '\0';
	return NULL;
}

/* The record for it, into out, or only counted when out is NULL. */
static const char *
gen_line(const struct zone_gen *g, uint32_t it, char *out, size_t size,
    size_t *len, char *buf, size_t bsize)
{
	const char *why;

	*len = 0;
	if ((why = subst(g->lhs, g->lhslen, it, 0, out, size, len, buf,
	    bsize)) != NULL)
		return why;
	if (!put(out, size, len, " ", 1) ||
	    !put(out, size, len, g->mid, strlen(g->mid)) ||
	    !put(out, size, len, " ", 1))
		return too_long;
	if ((why = subst(g->rhs, g->rhslen, it, g->rhs_quoted, out, size,
	    len, buf, bsize)) != NULL)
		return why;
	if (out != NULL)
		out[*len] = '\0';
	return NULL;
}

const char *
zone_gen_line(const struct zone_gen *g, uint32_t it, char *out, size_t size,
    size_t *len, char *buf, size_t bsize)
{
	if (size > 0)
		out[0] = '\0';
	return gen_line(g, it, out, size, len, buf, bsize);
}

/*
 * The rhs token t[0..n): a quoted string loses its quotes (BIND reads it
 * as one string, the data of several fields: "10 mail$"), a token with a
 * quote in part of it is refused.
 */
static const char *
parse_rhs(const char *t, size_t n, struct zone_gen *g, char *buf,
    size_t size)
{
	size_t	 i, quotes = 0, last = 0;
	char	 q[64];

	for (i = 0; i < n; i++) {
		if (t[i] == '\\') {
			i++;
			continue;
		}
		if (t[i] == '"') {
			quotes++;
			last = i;
		}
	}
	g->rhs = t;
	g->rhslen = n;
	g->rhs_quoted = 0;
	if (quotes == 0)
		return NULL;
	if (quotes == 2 && t[0] == '"' && last == n - 1) {
		g->rhs = t + 1;
		g->rhslen = n - 2;
		g->rhs_quoted = 1;
		return NULL;
	}
	snprintf(buf, size, "the data %s is quoted only in part",
	    mx_escape_buf(t, n, q, sizeof(q)));
	return buf;
}

/* Appends the field t[0..n) to g->mid; 0 when it does not fit. */
static int
mid_add(struct zone_gen *g, const char *t, size_t n)
{
	size_t len = strlen(g->mid);

	if (len + (len > 0) + n + 1 > sizeof(g->mid))
		return 0;
	if (len > 0)
		g->mid[len++] = ' ';
	memcpy(g->mid + len, t, n);
	g->mid[len + n] = '\0';
	return 1;
}

const char *
zone_gen_parse(const char *text, struct zone_gen *g, char *buf, size_t size)
{
	const char	*tok[10], *why;
	size_t		 tlen[10], len;
	uint32_t	 ttl, last;
	int		 n, i, have_ttl = 0, have_class = 0;
	char		 q[64], type[32];

	memset(g, 0, sizeof(*g));
	n = zone_tokenize(text, tok, tlen, 10);
	if (n < 5)
		return "takes a range, an owner, an optional TTL and class, a "
		    "type and its data";
	if ((why = parse_range(tok[1], tlen[1], g, buf, size)) != NULL)
		return why;
	g->lhs = tok[2];
	g->lhslen = tlen[2];
	/* BIND reads the owner as a plain word: a quote is unbalanced */
	for (i = 0; (size_t)i < tlen[2]; i++)
		if (tok[2][i] == '\\')
			i++;
		else if (tok[2][i] == '"') {
			snprintf(buf, size, "the owner %s is quoted",
			    mx_escape_buf(tok[2], tlen[2], q, sizeof(q)));
			return buf;
		}
	for (i = 3; i < n; i++) {
		if (!have_ttl && zone_is_ttl(tok[i], tlen[i])) {
			/* RFC 2181 §8 */
			if ((why = zone_parse_ttl(tok[i], tlen[i], &ttl, buf,
			    size)) != NULL)
				return why;
			have_ttl = 1;
		} else if (!have_class && zone_is_class(tok[i], tlen[i])) {
			if (!(tlen[i] == 2 && strncasecmp(tok[i], "IN",
			    2) == 0) && !(tlen[i] == 6 &&
			    strncasecmp(tok[i], "CLASS1", 6) == 0)) {
				snprintf(buf, size, "class %s is not the "
				    "zone's, IN", mx_escape_buf(tok[i],
				    tlen[i], q, sizeof(q)));
				return buf;
			}
			have_class = 1;
		} else
			break;
		if (!mid_add(g, tok[i], tlen[i]))
			return "its TTL and class are too long";
	}
	if (i >= n)
		return "has no type";
	mx_escape_buf(tok[i], tlen[i], q, sizeof(q));
	if (tlen[i] >= sizeof(type) || tok[i][0] == '"') {
		snprintf(buf, size, "unknown type %s", q);
		return buf;
	}
	memcpy(type, tok[i], tlen[i]);
	type[tlen[i]] = '\0';
	if (ldns_get_rr_type_by_name(type) == 0) {
		snprintf(buf, size, "unknown type %s", q);
		return buf;
	}
	if (!mid_add(g, tok[i], tlen[i]))
		return "its TTL and class are too long";
	if (++i >= n) {
		snprintf(buf, size, "has no data after the type %s", q);
		return buf;
	}
	if ((why = parse_rhs(tok[i], tlen[i], g, buf, size)) != NULL)
		return why;
	if (++i < n) {
		snprintf(buf, size, "text after the data: %s",
		    mx_escape_buf(tok[i], strlen(tok[i]), q, sizeof(q)));
		return buf;
	}
	/* a value grows or shrinks with the iterator, so that what is
	 * wrong with any record is wrong with the first or the last */
	last = g->start + (uint32_t)((g->count - 1) * g->step);
	if ((why = gen_line(g, g->start, NULL, MAX_RECORD + 1, &len, buf,
	    size)) != NULL || (why = gen_line(g, last, NULL, MAX_RECORD + 1,
	    &len, buf, size)) != NULL)
		return why;
	return NULL;
}

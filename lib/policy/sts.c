/*
 * sts.c -- MTA-STS (RFC 8461): the policy body (§3.2), its mx patterns
 * (§4.1), the _mta-sts TXT record (§3.1), and the tokenizer of the
 * "v=...; key=value" records that TLS-RPT's record shares.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "policy.h"

/* The largest max_age a policy may give: one year (RFC 8461 §3.2). */
#define STS_MAX_AGE_MAX	31557600UL
/* Octets of a quoted value in a message at most (then "..."). */
#define STS_QUOTE_MAX	64

void
mx_perr(char *err, size_t size, const char *fmt, ...)
{
	va_list	ap;

	if (err == NULL || size == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, size, fmt, ap);
	va_end(ap);
}

/* s[0..n) escaped for a message (mx_escape_buf), into q. */
static const char *
quote(const char *s, size_t n, char q[STS_QUOTE_MAX + 8])
{
	return mx_escape_buf(s, n, q, STS_QUOTE_MAX + 8);
}

static int
is_wsp(int c)
{
	return c == ' ' || c == '\t';
}

static int
is_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* Whether s[0..n) equals the NUL-terminated word, octet for octet. */
static int
word_is(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && memcmp(s, word, n) == 0;
}

/* The field-name grammar both records and the policy share (RFC 8461
 * §3.1 sts-ext-name, §3.2 sts-policy-ext-name; RFC 8460 §3): a letter or
 * digit, then at most 31 of letters, digits, "_", "-" and ".". */
static int
field_name_ok(const char *s, size_t n)
{
	size_t	i;

	if (n == 0 || n > 32 || !is_alnum((unsigned char)s[0]))
		return 0;
	for (i = 1; i < n; i++)
		if (!is_alnum((unsigned char)s[i]) && s[i] != '_' &&
		    s[i] != '-' && s[i] != '.')
			return 0;
	return 1;
}

/*
 * An mx value (RFC 8461 §3.2 sts-policy-mx-value: ["*."] Domain):
 * labels of letters, digits and hyphens, none empty, none longer than 63
 * octets, a hyphen neither first nor last, at most 253 octets; a
 * trailing dot is accepted (it names the same host).
 */
static int
mx_pattern_ok(const char *s, size_t n)
{
	size_t	i, label = 0;

	if (n >= 2 && s[0] == '*' && s[1] == '.') {
		s += 2;
		n -= 2;
	}
	if (n > 0 && s[n - 1] == '.')
		n--;
	if (n == 0 || n > 253)
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (label == 0 || s[i - 1] == '-')
				return 0;
			label = 0;
			continue;
		}
		if (!is_alnum((unsigned char)s[i]) && s[i] != '-')
			return 0;
		if (label == 0 && s[i] == '-')
			return 0;
		if (++label > 63)
			return 0;
	}
	return s[n - 1] != '-';
}

const char *
mx_sts_mode_name(enum mx_sts_mode mode)
{
	switch (mode) {
	case MX_STS_MODE_UNSET:	return "unset";
	case MX_STS_ENFORCE:	return "enforce";
	case MX_STS_TESTING:	return "testing";
	case MX_STS_NONE:	return "none";
	}
	return "unset";
}

void
mx_sts_policy_clear(struct mx_sts_policy *p)
{
	size_t	i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nmx; i++)
		free(p->mx[i]);
	free(p->mx);
	memset(p, 0, sizeof(*p));
}

/* Appends a copy of s[0..n) to the policy's mx patterns. */
static mx_status
policy_add_mx(struct mx_sts_policy *p, size_t *cap, const char *s, size_t n)
{
	char	**grown, *copy;
	size_t	  ncap;

	if (p->nmx == *cap) {
		ncap = *cap ? *cap * 2 : 4;
		grown = realloc(p->mx, ncap * sizeof(*grown));
		if (grown == NULL)
			return MX_ERR_NOMEM;
		p->mx = grown;
		*cap = ncap;
	}
	if ((copy = malloc(n + 1)) == NULL)
		return MX_ERR_NOMEM;
	memcpy(copy, s, n);
	copy[n] = '\0';
	p->mx[p->nmx++] = copy;
	return MX_OK;
}

/* The policy fields a sender acts on, and the line each came from. */
enum { F_VERSION, F_MODE, F_MAX_AGE, F_COUNT };
static const char *const field_names[F_COUNT] = {
	"version", "mode", "max_age"
};

/*
 * One "key: value" line (RFC 8461 §3.2) of n octets, CR and LF already
 * cut off: checks it and records what it gives in *p.  seen[] holds the
 * line of each field met so far (0: not yet).  Returns MX_OK, or
 * MX_ERR_ARG / MX_ERR_NOMEM with err.
 */
static mx_status
policy_line(const char *line, size_t n, unsigned long lineno,
    unsigned long seen[F_COUNT], int first, struct mx_sts_policy *p,
    size_t *cap, char *err, size_t size)
{
	char		 q[STS_QUOTE_MAX + 8];
	const char	*colon, *v;
	size_t		 i, klen, vlen;
	unsigned long	 age;
	int		 f;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)line[i];

		if (c == '\0') {
			mx_perr(err, size, "line %lu: a NUL octet", lineno);
			return MX_ERR_ARG;
		}
		if (c == '\r') {
			mx_perr(err, size, "line %lu: a CR not followed by LF",
			    lineno);
			return MX_ERR_ARG;
		}
		if ((c < 0x20 && c != '\t') || c == 0x7f) {
			mx_perr(err, size, "line %lu: control octet \\%03u",
			    lineno, c);
			return MX_ERR_ARG;
		}
	}
	if ((colon = memchr(line, ':', n)) == NULL) {
		mx_perr(err, size, "line %lu: \"%s\" is no \"key: value\" line",
		    lineno, quote(line, n, q));
		return MX_ERR_ARG;
	}
	klen = (size_t)(colon - line);
	if (!field_name_ok(line, klen)) {
		mx_perr(err, size, "line %lu: \"%s\" is no field name", lineno,
		    quote(line, klen, q));
		return MX_ERR_ARG;
	}
	v = colon + 1;
	vlen = n - klen - 1;
	while (vlen > 0 && is_wsp((unsigned char)*v)) {
		v++;
		vlen--;
	}
	while (vlen > 0 && is_wsp((unsigned char)v[vlen - 1]))
		vlen--;
	/* field names are case-sensitive (%s in the ABNF) */
	for (f = 0; f < F_COUNT; f++)
		if (word_is(line, klen, field_names[f]))
			break;
	if (first && f != F_VERSION) {
		mx_perr(err, size, "line %lu: the first field is \"%s\", not "
		    "version", lineno, quote(line, klen, q));
		return MX_ERR_ARG;
	}
	if (f < F_COUNT && seen[f] != 0) {
		mx_perr(err, size, "line %lu: %s given again (first on line "
		    "%lu)", lineno, field_names[f], seen[f]);
		return MX_ERR_ARG;
	}
	if (f < F_COUNT)
		seen[f] = lineno;
	switch (f) {
	case F_VERSION:
		if (!word_is(v, vlen, "STSv1")) {
			mx_perr(err, size, "line %lu: version \"%s\" is not "
			    "STSv1", lineno, quote(v, vlen, q));
			return MX_ERR_ARG;
		}
		return MX_OK;
	case F_MODE:
		if (word_is(v, vlen, "enforce"))
			p->mode = MX_STS_ENFORCE;
		else if (word_is(v, vlen, "testing"))
			p->mode = MX_STS_TESTING;
		else if (word_is(v, vlen, "none"))
			p->mode = MX_STS_NONE;
		else {
			mx_perr(err, size, "line %lu: mode \"%s\" is not "
			    "enforce, testing or none", lineno,
			    quote(v, vlen, q));
			return MX_ERR_ARG;
		}
		return MX_OK;
	case F_MAX_AGE:
		/* 1*10DIGIT: no sign, no space, no hex */
		age = 0;
		for (i = 0; i < vlen; i++) {
			if (v[i] < '0' || v[i] > '9') {
				mx_perr(err, size, "line %lu: max_age \"%s\" "
				    "is not a number of seconds", lineno,
				    quote(v, vlen, q));
				return MX_ERR_ARG;
			}
			if (age <= STS_MAX_AGE_MAX)
				age = age * 10 + (unsigned long)(v[i] - '0');
		}
		if (vlen == 0) {
			mx_perr(err, size, "line %lu: max_age is empty",
			    lineno);
			return MX_ERR_ARG;
		}
		/* 1*10DIGIT (RFC 8461 §3.2), whatever the value */
		if (vlen > 10) {
			mx_perr(err, size, "line %lu: max_age %s has more "
			    "than 10 digits", lineno, quote(v, vlen, q));
			return MX_ERR_ARG;
		}
		if (age > STS_MAX_AGE_MAX) {
			mx_perr(err, size, "line %lu: max_age %s is over "
			    "31557600 (one year)", lineno, quote(v, vlen, q));
			return MX_ERR_ARG;
		}
		p->max_age = (uint32_t)age;
		return MX_OK;
	default:
		break;
	}
	if (word_is(line, klen, "mx")) {
		if (!mx_pattern_ok(v, vlen)) {
			mx_perr(err, size, "line %lu: mx \"%s\" is not a host "
			    "name or \"*.\" and one", lineno,
			    quote(v, vlen, q));
			return MX_ERR_ARG;
		}
		if (policy_add_mx(p, cap, v, vlen) != MX_OK) {
			mx_perr(err, size, "line %lu: out of memory", lineno);
			return MX_ERR_NOMEM;
		}
	}
	/* any other field is an extension: ignored (RFC 8461 §3.2) */
	return MX_OK;
}

/*
 * The policy body, line by line: LF or CRLF ends a line, the last line
 * may lack one, blank lines are skipped.  Stops at the first error, so
 * err names the first line that is wrong.
 */
mx_status
mx_sts_policy_parse(const char *body, size_t len, struct mx_sts_policy *out,
    char *err, size_t size)
{
	struct mx_sts_policy	 p;
	unsigned long		 seen[F_COUNT] = { 0 }, lineno = 0;
	const char		*nl;
	size_t			 pos = 0, n, cap = 0;
	mx_status		 st;

	if (err != NULL && size > 0)
		err[0] = '\0';
	if (out == NULL || (body == NULL && len > 0)) {
		mx_perr(err, size, "no policy given");
		return MX_ERR_ARG;
	}
	memset(out, 0, sizeof(*out));
	memset(&p, 0, sizeof(p));
	while (pos < len) {
		lineno++;
		nl = memchr(body + pos, '\n', len - pos);
		n = nl != NULL ? (size_t)(nl - (body + pos)) : len - pos;
		if (n > 0 && body[pos + n - 1] == '\r' && nl != NULL)
			n--;
		if (n > 0) {
			st = policy_line(body + pos, n, lineno, seen,
			    seen[F_VERSION] == 0, &p, &cap, err, size);
			if (st != MX_OK)
				goto fail;
		}
		pos = nl != NULL ? (size_t)(nl - body) + 1 : len;
	}
	st = MX_ERR_ARG;
	if (seen[F_VERSION] == 0) {
		mx_perr(err, size, "no version line: the policy is empty");
		goto fail;
	}
	if (seen[F_MODE] == 0) {
		mx_perr(err, size, "no mode line");
		goto fail;
	}
	if (seen[F_MAX_AGE] == 0) {
		mx_perr(err, size, "no max_age line");
		goto fail;
	}
	if (p.nmx == 0 && p.mode != MX_STS_NONE) {
		mx_perr(err, size, "no mx line: mode %s needs one",
		    mx_sts_mode_name(p.mode));
		goto fail;
	}
	*out = p;
	return MX_OK;
fail:
	mx_sts_policy_clear(&p);
	return st;
}

/* Whether a[0..n) and b[0..n) are equal but for ASCII case. */
static int
same_ascii_case(const char *a, const char *b, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
			return 0;
	return 1;
}

/*
 * RFC 8461 §4.1: a pattern matches the whole host name, ignoring case;
 * "*." followed by a name matches a host of exactly one more label in
 * front of it, never several and never the name itself.  One trailing
 * dot on either side is ignored.
 */
int
mx_sts_mx_match(const char *pattern, const char *host)
{
	const char	*dot;
	size_t		 plen, hlen, rest;

	if (pattern == NULL || host == NULL)
		return 0;
	plen = strlen(pattern);
	hlen = strlen(host);
	if (plen > 0 && pattern[plen - 1] == '.')
		plen--;
	if (hlen > 0 && host[hlen - 1] == '.')
		hlen--;
	if (plen == 0 || hlen == 0)
		return 0;
	if (plen >= 2 && pattern[0] == '*' && pattern[1] == '.') {
		if (plen == 2 || (dot = memchr(host, '.', hlen)) == NULL ||
		    dot == host)
			return 0;
		rest = hlen - (size_t)(dot - host) - 1;
		return rest == plen - 2 &&
		    same_ascii_case(dot + 1, pattern + 2, rest);
	}
	return plen == hlen && same_ascii_case(pattern, host, plen);
}

int
mx_txt_version(const char *txt, size_t len, const char *tag, size_t *pos)
{
	size_t	n = strlen(tag);

	if (txt == NULL || len < n || memcmp(txt, tag, n) != 0)
		return 0;
	if (len > n && txt[n] != ';' && !is_wsp((unsigned char)txt[n]))
		return 0;
	*pos = n;
	return 1;
}

/*
 * RFC 8461 §3.1 (and RFC 8460 §3, the same shape): field-delim is *WSP
 * ";" *WSP, one delimiter may end the record, a field is name "=" value.
 * The value runs to the next ";" (a TLS-RPT rua list may hold spaces
 * around its commas), its trailing whitespace cut; it must be printable
 * ASCII and not empty.  The callers judge what a value says.
 */
int
mx_txt_field_next(const char *txt, size_t len, size_t *pos,
    struct mx_txt_field *f, char *err, size_t size)
{
	char		 q[STS_QUOTE_MAX + 8];
	const char	*semi, *eq;
	size_t		 p = *pos, end, i;

	while (p < len && is_wsp((unsigned char)txt[p]))
		p++;
	if (p == len)
		return 0;
	if (txt[p] != ';') {
		/* only the version tag can be followed by something else */
		mx_perr(err, size, "\"%s\" follows the version without \";\"",
		    quote(txt + p, len - p, q));
		return -1;
	}
	p++;
	while (p < len && is_wsp((unsigned char)txt[p]))
		p++;
	if (p == len) {
		*pos = p;
		return 0;
	}
	if (txt[p] == ';') {
		mx_perr(err, size, "an empty field at octet %zu", p + 1);
		return -1;
	}
	semi = memchr(txt + p, ';', len - p);
	end = semi != NULL ? (size_t)(semi - txt) : len;
	eq = memchr(txt + p, '=', end - p);
	if (eq == NULL) {
		mx_perr(err, size, "field \"%s\" has no \"=\"",
		    quote(txt + p, end - p, q));
		return -1;
	}
	f->key = txt + p;
	f->keylen = (size_t)(eq - (txt + p));
	if (!field_name_ok(f->key, f->keylen)) {
		mx_perr(err, size, "\"%s\" is no field name",
		    quote(f->key, f->keylen, q));
		return -1;
	}
	f->value = eq + 1;
	f->valuelen = end - (size_t)(f->value - txt);
	while (f->valuelen > 0 &&
	    is_wsp((unsigned char)f->value[f->valuelen - 1]))
		f->valuelen--;
	if (f->valuelen == 0) {
		mx_perr(err, size, "field %s has no value",
		    quote(f->key, f->keylen, q));
		return -1;
	}
	for (i = 0; i < f->valuelen; i++) {
		unsigned char c = (unsigned char)f->value[i];

		if (c == '\0' || c > 0x7e || (c < 0x20 && c != '\t')) {
			mx_perr(err, size, "field %s: octet \\%03u is not "
			    "allowed in a value", quote(f->key, f->keylen, q),
			    c);
			return -1;
		}
	}
	*pos = end;
	return 1;
}

/*
 * RFC 8461 §3.1: "v=STSv1" first (else the record is another one and
 * discarded), then fields; exactly one id, of 1 to 32 letters and
 * digits; extension fields are allowed and ignored.
 */
enum mx_sts_txt
mx_sts_txt_parse(const char *txt, size_t len, char id[33], char *err,
    size_t size)
{
	struct mx_txt_field	 f;
	char			 q[STS_QUOTE_MAX + 8], scratch[33];
	size_t			 pos, i;
	int			 r, have_id = 0;

	if (id == NULL)
		id = scratch;
	id[0] = '\0';
	if (err != NULL && size > 0)
		err[0] = '\0';
	if (!mx_txt_version(txt, len, "v=STSv1", &pos))
		return MX_STS_TXT_OTHER;
	while ((r = mx_txt_field_next(txt, len, &pos, &f, err, size)) > 0) {
		if (!word_is(f.key, f.keylen, "id"))
			continue;
		if (have_id) {
			mx_perr(err, size, "id given twice");
			id[0] = '\0';
			return MX_STS_TXT_INVALID;
		}
		for (i = 0; i < f.valuelen; i++)
			if (!is_alnum((unsigned char)f.value[i]))
				break;
		if (i < f.valuelen) {
			mx_perr(err, size, "id \"%s\" is not letters and "
			    "digits only", quote(f.value, f.valuelen, q));
			return MX_STS_TXT_INVALID;
		}
		if (f.valuelen > 32) {
			mx_perr(err, size, "id \"%s\" is longer than 32 "
			    "characters", quote(f.value, f.valuelen, q));
			return MX_STS_TXT_INVALID;
		}
		memcpy(id, f.value, f.valuelen);
		id[f.valuelen] = '\0';
		have_id = 1;
	}
	if (r < 0) {
		id[0] = '\0';
		return MX_STS_TXT_INVALID;
	}
	if (!have_id) {
		mx_perr(err, size, "no id field");
		return MX_STS_TXT_INVALID;
	}
	return MX_STS_TXT_VALID;
}

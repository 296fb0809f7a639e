/*
 * json.c -- JSON through jansson, and straight to text.
 *
 * The shape of a result's JSON is written once, in emit_result(), against
 * a small emitter that writes text straight into a buffer, compact (one
 * line per domain for --format jsonl, where building and freeing a tree
 * per domain was a third of a batch run) or indented (--format json).
 * The same emitter can build a jansson tree instead (json_tree.h): the
 * text is the bytes json_dumpf(JSON_COMPACT or JSON_INDENT(2),
 * JSON_PRESERVE_ORDER) writes of that tree, and test_format compares
 * them.
 *
 * Names reach here in presentation format (escaped ASCII), but file names
 * and text as written may hold any bytes; a string that is not valid UTF-8
 * has each of its bytes above 0x7f written as a \DDD escape, so the
 * document is always valid JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "internal.h"
#include "json_tree.h"
#include "dnssec.h"
#include "idn.h"

/*
 * Compact text, into one buffer written at once.  json_dumpf writes one
 * fwrite per token and formats each integer with snprintf: in a batch run
 * with --format jsonl that was a third of mxdig's time.
 */
struct jbuf {
	char	*p;
	size_t	 len, cap;
	int	 err;
};

static void
jb_put(struct jbuf *b, const char *s, size_t n)
{
	char	*np;
	size_t	 ncap;

	if (b->err || n == 0)
		return;
	if (n > b->cap - b->len) {
		for (ncap = b->cap ? b->cap : 2048; ncap - b->len < n;
		    ncap *= 2)
			;
		if ((np = realloc(b->p, ncap)) == NULL) {
			b->err = 1;
			return;
		}
		b->p = np;
		b->cap = ncap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

/* A string with the escapes jansson writes: the two that JSON requires,
 * the short forms of five control characters, \u00XX for the others;
 * UTF-8 as it is. */
static void
jb_string(struct jbuf *b, const char *s, size_t n)
{
	static const char	 hex[] = "0123456789ABCDEF";
	size_t			 i, run = 0;

	jb_put(b, "\"", 1);
	for (i = 0; i < n; i++) {
		unsigned char	 c = (unsigned char)s[i];
		char		 u[6];
		const char	*e;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		jb_put(b, s + run, i - run);
		run = i + 1;
		switch (c) {
		case '"':	e = "\\\""; break;
		case '\\':	e = "\\\\"; break;
		case '\b':	e = "\\b"; break;
		case '\f':	e = "\\f"; break;
		case '\n':	e = "\\n"; break;
		case '\r':	e = "\\r"; break;
		case '\t':	e = "\\t"; break;
		default:
			memcpy(u, "\\u00", 4);
			u[4] = hex[c >> 4];
			u[5] = hex[c & 15];
			jb_put(b, u, 6);
			continue;
		}
		jb_put(b, e, 2);
	}
	jb_put(b, s + run, n - run);
	jb_put(b, "\"", 1);
}

static void
jb_int(struct jbuf *b, json_int_t n)
{
	char	 num[24], *p = num + sizeof(num);
	/* the magnitude as unsigned: -LLONG_MIN does not fit */
	unsigned long long u = n < 0 ? 0ULL - (unsigned long long)n :
	    (unsigned long long)n;

	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) > 0);
	if (n < 0)
		*--p = '-';
	jb_put(b, p, (size_t)(num + sizeof(num) - p));
}

/*
 * Returns 1 when s[0..n) is UTF-8 as jansson accepts it (RFC 3629): no
 * overlong forms, no surrogates, nothing above U+10FFFF.
 */
int
mx_utf8_valid(const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, k, len;
	unsigned long		 cp;

	while (i < n) {
		unsigned char c = p[i];

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			len = 2;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			len = 3;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			len = 4;
			cp = c & 0x07;
		} else
			return 0;
		if (n - i < len)
			return 0;
		for (k = 1; k < len; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return 0;
		i += len;
	}
	return 1;
}

/* s with every byte above 0x7f as \DDD, for a string that is not UTF-8;
 * NULL when out of memory. */
static char *
byte_escapes(const char *s)
{
	size_t	 i, n = strlen(s);
	char	*esc, *p;

	if ((esc = malloc(n * 4 + 1)) == NULL)
		return NULL;
	for (i = 0, p = esc; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x80)
			*p++ = (char)c;
		else {
			*p++ = '\\';
			*p++ = (char)('0' + c / 100);
			*p++ = (char)('0' + c / 10 % 10);
			*p++ = (char)('0' + c % 10);
		}
	}
	*p = '\0';
	return esc;
}

/*
 * The emitter.  A value inside an object comes with its key, one inside
 * an array or at the top with key NULL.  In tree mode containers are
 * built on a stack; in text mode each depth remembers whether a comma is
 * due.  A failure (out of memory) sticks and is reported at the end.
 */
#define JE_DEPTH	16	/* the names of a certificate of an address's smtp object are at 12 */

struct jemit {
	struct jbuf	*b;			/* text mode; NULL: tree */
	json_t		*stack[JE_DEPTH];	/* tree mode: open containers */
	json_t		*root;
	char		 more[JE_DEPTH];	/* text mode: a comma is due */
	char		 obj[JE_DEPTH];		/* text mode: an object */
	int		 depth;
	int		 indent;		/* text mode: spaces a level,
						 * 0: compact */
	int		 base;			/* levels the document is in */
	int		 err;
};

/* Text mode, indented: a newline and the indentation of level. */
static void
je_newline(struct jemit *e, int level)
{
	static const char spaces[] = "                                ";
	int n = level * e->indent;

	jb_put(e->b, "\n", 1);
	for (; n > 0; n -= (int)sizeof(spaces) - 1)
		jb_put(e->b, spaces, n < (int)sizeof(spaces) - 1 ? (size_t)n :
		    sizeof(spaces) - 1);
}

/* Tree mode: adds v under key to the open container, or makes it the
 * root; takes v's reference. */
static void
je_add(struct jemit *e, const char *key, json_t *v)
{
	json_t	*top;
	int	 rc;

	if (v == NULL) {
		e->err = 1;
		return;
	}
	if (e->depth == 0) {
		if (e->root != NULL)
			json_decref(e->root);
		e->root = v;
		return;
	}
	top = e->stack[e->depth - 1];
	rc = json_is_object(top) ? json_object_set_new(top, key, v) :
	    json_array_append_new(top, v);
	if (rc != 0)
		e->err = 1;
}

/* Text mode: the comma, the line break and the key before a value, laid
 * out as jansson does (JSON_COMPACT, or JSON_INDENT(n): each value of a
 * container on a line of its own, keys followed by ": "). */
static void
je_sep(struct jemit *e, const char *key)
{
	if (e->depth > 0) {
		if (e->more[e->depth - 1])
			jb_put(e->b, ",", 1);
		e->more[e->depth - 1] = 1;
		if (e->indent > 0)
			je_newline(e, e->base + e->depth);
	}
	/* keys are this file's own identifiers: nothing to escape */
	if (key != NULL) {
		jb_put(e->b, "\"", 1);
		jb_put(e->b, key, strlen(key));
		jb_put(e->b, e->indent > 0 ? "\": " : "\":", e->indent > 0 ?
		    3 : 2);
	}
}

static void
je_open(struct jemit *e, const char *key, int object)
{
	if (e->depth == JE_DEPTH) {
		e->err = 1;
		return;
	}
	if (e->b != NULL) {
		je_sep(e, key);
		jb_put(e->b, object ? "{" : "[", 1);
		e->obj[e->depth] = (char)object;
		e->more[e->depth++] = 0;
		return;
	}
	e->stack[e->depth] = object ? json_object() : json_array();
	if (e->stack[e->depth] == NULL) {
		e->err = 1;
		return;
	}
	je_add(e, key, json_incref(e->stack[e->depth]));
	e->depth++;
}

static void
je_object(struct jemit *e, const char *key)
{
	je_open(e, key, 1);
}

static void
je_array(struct jemit *e, const char *key)
{
	je_open(e, key, 0);
}

static void
je_close(struct jemit *e)
{
	if (e->depth == 0)
		return;
	e->depth--;
	if (e->b != NULL) {
		/* an empty container stays on its line: [] or {} */
		if (e->indent > 0 && e->more[e->depth])
			je_newline(e, e->base + e->depth);
		jb_put(e->b, e->obj[e->depth] ? "}" : "]", 1);
	} else
		json_decref(e->stack[e->depth]);
}

/* A string (null for NULL); one that is not UTF-8 with \DDD escapes. */
static void
je_str(struct jemit *e, const char *key, const char *s)
{
	char	*esc = NULL;
	size_t	 n;

	if (s == NULL) {
		if (e->b != NULL) {
			je_sep(e, key);
			jb_put(e->b, "null", 4);
		} else
			je_add(e, key, json_null());
		return;
	}
	n = strlen(s);
	if (!mx_utf8_valid(s, n)) {
		if ((esc = byte_escapes(s)) == NULL) {
			e->err = 1;
			return;
		}
		s = esc;
		n = strlen(s);
	}
	if (e->b != NULL) {
		je_sep(e, key);
		jb_string(e->b, s, n);
	} else
		je_add(e, key, json_stringn_nocheck(s, n));
	free(esc);
}

static void
je_int(struct jemit *e, const char *key, json_int_t v)
{
	if (e->b != NULL) {
		je_sep(e, key);
		jb_int(e->b, v);
	} else
		je_add(e, key, json_integer(v));
}

static void
je_bool(struct jemit *e, const char *key, int v)
{
	if (e->b != NULL) {
		je_sep(e, key);
		jb_put(e->b, v ? "true" : "false", v ? 4 : 5);
	} else
		je_add(e, key, json_boolean(v));
}

static void
je_null(struct jemit *e, const char *key)
{
	je_str(e, key, NULL);
}

/* A real, in jansson's own digits; jansson refuses NaN and infinities,
 * which then leave the key out, in both modes. */
static void
je_real(struct jemit *e, const char *key, double v)
{
	json_t	*j = json_real(v);
	char	 buf[64];
	size_t	 n;

	if (j == NULL)
		return;
	if (e->b == NULL) {
		je_add(e, key, j);
		return;
	}
	n = json_dumpb(j, buf, sizeof(buf), JSON_ENCODE_ANY);
	json_decref(j);
	if (n == 0 || n > sizeof(buf)) {
		e->err = 1;
		return;
	}
	je_sep(e, key);
	jb_put(e->b, buf, n);
}

static void
emit_record(struct jemit *e, const struct mx_record *r)
{
	je_object(e, NULL);
	je_str(e, "owner", r->owner);
	je_int(e, "ttl", r->ttl);
	if (r->type == MX_TYPE_MX) {
		je_int(e, "preference", r->preference);
		je_str(e, "exchange", r->target);
	} else if (r->target)
		je_str(e, "target", r->target);
	else if (r->address)
		je_str(e, "address", r->address);
	je_str(e, "file", r->file);
	if (r->file)
		je_int(e, "line", (json_int_t)r->line);
	else
		je_null(e, "line");
	je_close(e);
}

static void
emit_records(struct jemit *e, const char *key, const struct mx_record *r,
    size_t n)
{
	size_t i;

	je_array(e, key);
	for (i = 0; i < n; i++)
		emit_record(e, &r[i]);
	je_close(e);
}

static void
emit_findings(struct jemit *e, const char *key, const struct mx_finding *f,
    size_t n)
{
	size_t i;

	je_array(e, key);
	for (i = 0; i < n; i++) {
		je_object(e, NULL);
		je_str(e, "check", f[i].check);
		je_str(e, "severity", mx_severity_name(f[i].severity));
		je_str(e, "subject", f[i].subject);
		je_str(e, "message", f[i].message);
		je_str(e, "reference", f[i].reference);
		je_str(e, "file", f[i].file);
		if (f[i].file)
			je_int(e, "line", (json_int_t)f[i].line);
		else
			je_null(e, "line");
		je_close(e);
	}
	je_close(e);
}

static void
emit_counts(struct jemit *e, const size_t counts[3])
{
	je_object(e, "counts");
	je_int(e, "error", (json_int_t)counts[MX_SEV_ERROR]);
	je_int(e, "warning", (json_int_t)counts[MX_SEV_WARNING]);
	je_int(e, "info", (json_int_t)counts[MX_SEV_INFO]);
	je_close(e);
}

/* A time in seconds since the epoch as RFC 3339 UTC. */
static void
je_time(struct jemit *e, const char *key, int64_t t)
{
	char		buf[32];
	time_t		tt = (time_t)t;
	struct tm	tm;

	if (gmtime_r(&tt, &tm) == NULL) {
		je_null(e, key);
		return;
	}
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	je_str(e, key, buf);
}

static void
emit_extensions(struct jemit *e, const char *key, unsigned ext)
{
	static const struct { unsigned bit; const char *name; } kw[] = {
		{ MX_EHLO_STARTTLS, "STARTTLS" }, { MX_EHLO_SIZE, "SIZE" },
		{ MX_EHLO_8BITMIME, "8BITMIME" },
		{ MX_EHLO_SMTPUTF8, "SMTPUTF8" },
		{ MX_EHLO_PIPELINING, "PIPELINING" },
		{ MX_EHLO_CHUNKING, "CHUNKING" },
		{ MX_EHLO_REQUIRETLS, "REQUIRETLS" } };
	size_t i;

	je_array(e, key);
	for (i = 0; i < sizeof(kw) / sizeof(kw[0]); i++)
		if (ext & kw[i].bit)
			je_str(e, NULL, kw[i].name);
	je_close(e);
}

/* The "smtp" object of an address (--smtp): the session step by step,
 * the TLS handshake, the chain as presented, the verification, and
 * whether the leaf names the exchange it is listed under. */
static void
emit_smtp(struct jemit *e, const struct mx_smtp *s, const char *exchange)
{
	size_t i, j;

	je_object(e, "smtp");
	je_str(e, "state", mx_smtp_state_name(s->state));
	je_int(e, "port", s->port);
	je_str(e, "ended", mx_smtp_step_name(s->ended));
	je_str(e, "error", s->error);
	if (s->greeting_code)
		je_int(e, "greeting_code", s->greeting_code);
	else
		je_null(e, "greeting_code");
	je_str(e, "greeting", s->greeting);
	je_str(e, "ehlo_name", s->ehlo_name);
	emit_extensions(e, "extensions", s->extensions);
	if (s->size)
		je_int(e, "size", (json_int_t)s->size);
	else
		je_null(e, "size");
	je_object(e, "timings_ms");
	for (i = 0; i < MX_SMTP_NSTEPS; i++)
		if (s->ms[i] >= 0)
			je_real(e, mx_smtp_step_name((enum mx_smtp_step)i),
			    s->ms[i]);
	je_real(e, "total", s->total_ms);
	je_close(e);
	je_object(e, "starttls");
	je_bool(e, "offered", (s->extensions & MX_EHLO_STARTTLS) != 0);
	if (s->starttls_code)
		je_int(e, "code", s->starttls_code);
	else
		je_null(e, "code");
	je_str(e, "state", mx_tls_state_name(s->tls));
	je_close(e);
	if (s->tls == MX_TLS_NONE) {
		je_null(e, "tls");
		je_close(e);
		return;
	}
	je_object(e, "tls");
	je_str(e, "protocol", s->tls_version);
	je_str(e, "cipher", s->tls_cipher);
	je_str(e, "error", s->tls_error);
	if (s->tls == MX_TLS_OK) {
		emit_extensions(e, "extensions", s->extensions_tls);
		je_bool(e, "verified", s->verified);
		je_str(e, "verify_error", s->verify_error);
		je_bool(e, "name_match", s->nchain > 0 &&
		    mx_cert_names_host(&s->chain[0], exchange));
		if (s->nchain > 0)
			je_time(e, "expires", s->chain[0].not_after);
		else
			je_null(e, "expires");
	}
	je_array(e, "chain");
	for (i = 0; i < s->nchain; i++) {
		const struct mx_smtp_cert *c = &s->chain[i];

		je_object(e, NULL);
		je_str(e, "subject", c->subject);
		je_str(e, "issuer", c->issuer);
		je_array(e, "names");
		for (j = 0; j < c->nnames; j++)
			je_str(e, NULL, c->names[j]);
		je_close(e);
		je_time(e, "not_before", c->not_before);
		je_time(e, "not_after", c->not_after);
		je_str(e, "sha256", c->sha256);
		je_close(e);
	}
	je_close(e);
	je_close(e);
	je_close(e);
}

/* one RRset's DNSSEC state, with its EDE when there is one. */
static void
emit_sec(struct jemit *e, const char *key, const struct mx_rrset_security *s)
{
	je_object(e, key);
	je_str(e, "state", mx_dnssec_state_name(s->state));
	if (s->ede >= 0) {
		je_int(e, "ede", s->ede);
		je_str(e, "ede_name", mx_ede_name(s->ede));
	} else {
		je_null(e, "ede");
		je_null(e, "ede_name");
	}
	je_str(e, "reason", s->why);
	je_close(e);
}

/* an address's reverse DNS. */
static void
emit_ptr(struct jemit *e, const struct mx_address *a)
{
	size_t i;

	je_object(e, "ptr");
	je_str(e, "state", mx_ptr_state_name(a->ptr));
	je_array(e, "names");
	for (i = 0; i < a->nptr; i++)
		je_str(e, NULL, a->ptr_names[i]);
	je_close(e);
	je_bool(e, "confirmed", a->ptr == MX_PTR_CONFIRMED);
	je_close(e);
}

/* The policy layer: an address's DANE match (--smtp). */
static void
emit_addr_dane(struct jemit *e, const struct mx_address *a)
{
	je_object(e, "dane");
	je_str(e, "match", mx_dane_match_name(a->dane_match));
	if (a->dane_depth >= 0)
		je_int(e, "depth", a->dane_depth);
	else
		je_null(e, "depth");
	if (a->dane_record >= 0)
		je_int(e, "record", a->dane_record);
	else
		je_null(e, "record");
	je_str(e, "error", a->dane_error);
	je_close(e);
}

/* The hex of n octets into a new string; NULL when out of memory. */
static char *
hex_of(const unsigned char *p, size_t n)
{
	static const char	 digits[] = "0123456789abcdef";
	char			*s;
	size_t			 i;

	if ((s = malloc(2 * n + 1)) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		s[2 * i] = digits[p[i] >> 4];
		s[2 * i + 1] = digits[p[i] & 15];
	}
	s[2 * n] = '\0';
	return s;
}

/* The policy layer: a host's DANE state and records, and the verdicts
 * of the three kinds of sender. */
static void
emit_host_policy(struct jemit *e, const struct mx_host *h)
{
	const struct mx_dane	*d = &h->dane;
	char			 m[MX_TLSA_MNEMONIC_MAX], *hex;
	size_t			 i;

	je_object(e, "dane");
	je_str(e, "state", mx_dane_state_name(d->state));
	je_str(e, "name", d->name);
	je_str(e, "dnssec", d->state == MX_DANE_NONE ? NULL :
	    mx_dnssec_state_name(d->sec.state));
	if (d->sec.ede >= 0)
		je_int(e, "ede", d->sec.ede);
	else
		je_null(e, "ede");
	je_str(e, "detail", d->detail);
	je_array(e, "records");
	for (i = 0; i < d->nrecords; i++) {
		const struct mx_tlsa *t = &d->records[i];

		je_object(e, NULL);
		je_int(e, "usage", t->usage);
		je_int(e, "selector", t->selector);
		je_int(e, "mtype", t->mtype);
		hex = hex_of(t->data, t->len);
		je_str(e, "data", hex ? hex : "");
		free(hex);
		je_str(e, "mnemonic", mx_tlsa_mnemonic(t->usage, t->selector,
		    t->mtype, m, sizeof(m)));
		je_str(e, "unusable", t->unusable);
		je_close(e);
	}
	je_close(e);
	je_close(e);
	je_object(e, "senders");
	je_object(e, "dane");
	je_str(e, "verdict", mx_send_name(h->senders.dane));
	je_str(e, "why", h->senders.dane_why);
	je_close(e);
	je_object(e, "mta_sts");
	je_str(e, "verdict", mx_send_name(h->senders.sts));
	je_str(e, "why", h->senders.sts_why);
	je_close(e);
	je_object(e, "opportunistic");
	je_str(e, "verdict", mx_send_name(h->senders.opportunistic));
	je_str(e, "why", h->senders.opportunistic_why);
	je_close(e);
	je_close(e);
}

/* The policy layer's view of the domain: its MTA-STS record and policy,
 * its TLS-RPT record. */
static void
emit_policy(struct jemit *e, const struct mx_result *res)
{
	const struct mx_mta_sts	*m = &res->mta_sts;
	const struct mx_tls_rpt	*t = &res->tls_rpt;
	size_t			 i;

	je_object(e, "policy");
	je_object(e, "mta_sts");
	je_str(e, "txt", m->txt);
	je_str(e, "id", m->id);
	je_str(e, "error", m->txt_error);
	je_str(e, "url", m->url);
	if (m->fetched)
		je_int(e, "http_status", m->http_status);
	else
		je_null(e, "http_status");
	je_str(e, "fetch_error", m->fetch_error);
	je_str(e, "content_type", m->content_type);
	je_str(e, "policy_error", m->policy_error);
	je_str(e, "mode", m->fetched && m->fetch_error == NULL &&
	    m->policy_error == NULL ? mx_sts_mode_name(m->policy.mode) : NULL);
	if (m->fetched && m->fetch_error == NULL && m->policy_error == NULL)
		je_int(e, "max_age", m->policy.max_age);
	else
		je_null(e, "max_age");
	je_array(e, "mx");
	for (i = 0; i < m->policy.nmx; i++)
		je_str(e, NULL, m->policy.mx[i]);
	je_close(e);
	je_close(e);
	je_object(e, "tls_rpt");
	je_str(e, "txt", t->txt);
	je_array(e, "rua");
	for (i = 0; i < t->nrua; i++)
		je_str(e, NULL, t->rua[i]);
	je_close(e);
	je_str(e, "error", t->error);
	je_close(e);
	je_close(e);
}

static void
emit_host(struct jemit *e, const struct mx_host *h, int dnssec, int ptr,
    int policy)
{
	size_t i;

	je_object(e, NULL);
	je_str(e, "exchange", h->exchange);
	je_int(e, "preference", h->preference);
	emit_records(e, "cname_chain", h->cnames, h->ncnames);
	je_str(e, "canonical", h->canonical);
	je_array(e, "addresses");
	for (i = 0; i < h->naddrs; i++) {
		je_object(e, NULL);
		je_str(e, "address", h->addrs[i].text);
		je_int(e, "family", h->addrs[i].family);
		je_int(e, "ttl", h->addrs[i].ttl);
		je_bool(e, "routable", h->addrs[i].routable);
		if (h->addrs[i].smtp != NULL)
			emit_smtp(e, h->addrs[i].smtp, h->exchange);
		if (dnssec)
			je_str(e, "dnssec",
			    mx_dnssec_state_name(h->addrs[i].dnssec));
		if (ptr)
			emit_ptr(e, &h->addrs[i]);
		if (policy)
			emit_addr_dane(e, &h->addrs[i]);
		je_close(e);
	}
	je_close(e);
	je_bool(e, "usable", h->usable);
	je_str(e, "state", mx_host_state_name(h->state));
	je_bool(e, "implicit", h->implicit);
	if (dnssec) {
		je_object(e, "dnssec");
		emit_sec(e, "a", &h->a_sec);
		emit_sec(e, "aaaa", &h->aaaa_sec);
		je_close(e);
	}
	if (policy)
		emit_host_policy(e, h);
	je_close(e);
}

/* A result: its JSON as documented in mxdig(1). */
/*
 * what the TTLs mean ("ttl_kind": "resolver-cache", time left in
 * a resolver's cache, or "published", as the zone file gives them), why
 * the TTL checks were skipped ("ttl_note", or null), and the authority
 * view ("authority": null when the layer did not run).
 */
static void
emit_authority(struct jemit *e, const struct mx_result *res)
{
	const struct mx_authority	*v = res->authority;
	size_t				 i;

	/* zone files: nothing new to say (their TTLs are the published
	 * ones, and they have no authority layer) */
	if (!res->ttl_cache && v == NULL)
		return;
	je_str(e, "ttl_kind", res->ttl_cache ? "resolver-cache" :
	    "published");
	je_str(e, "ttl_note", res->ttl_note);
	if (v == NULL) {
		je_null(e, "authority");
		return;
	}
	je_object(e, "authority");
	je_str(e, "state", mx_authority_state_name(v->state));
	je_str(e, "zone", v->zone);
	je_str(e, "mx_name", v->mx_name);
	je_str(e, "detail", v->detail);
	je_array(e, "ns");
	for (i = 0; i < v->nns; i++)
		je_str(e, NULL, v->ns[i]);
	je_close(e);
	je_bool(e, "mx_consistent", !v->mx_differ);
	je_bool(e, "serial_consistent", !v->serial_differ);
	je_array(e, "servers");
	for (i = 0; i < v->nservers; i++) {
		const struct mx_auth_server *s = &v->servers[i];

		je_object(e, NULL);
		je_str(e, "name", s->name);
		je_str(e, "address", s->address);
		je_str(e, "state", mx_auth_state_name(s->state));
		je_str(e, "detail", s->detail);
		/* a skipped address was not asked: no outcome to name */
		je_str(e, "mx_rcode", s->state == MX_AUTH_SKIPPED ? NULL :
		    mx_rcode_name(s->mx_rcode));
		emit_records(e, "mx", s->mx, s->nmx);
		if (s->has_serial)
			je_int(e, "serial", s->serial);
		else
			je_null(e, "serial");
		je_close(e);
	}
	je_close(e);
	je_close(e);
}

static void
emit_result(struct jemit *e, const struct mx_result *res)
{
	size_t i, j;
	char  *unicode;

	je_object(e, NULL);
	je_str(e, "domain", res->domain);
	/* the Unicode form of an internationalised name */
	if ((unicode = mx_idn_unicode(res->domain)) != NULL) {
		je_str(e, "unicode", unicode);
		free(unicode);
	}
	je_str(e, "canonical", res->canonical);
	je_str(e, "status", mx_verdict_name(res->verdict));
	je_str(e, "source", res->source);
	je_str(e, "server", res->server);
	je_real(e, "elapsed_ms", res->elapsed_ms);
	je_str(e, "mx_rcode", mx_rcode_name(res->mx_rcode));
	emit_records(e, "cname_chain", res->domain_cnames,
	    res->ndomain_cnames);
	emit_records(e, "mx", res->mx, res->nmx);
	je_bool(e, "null_mx", res->null_mx);
	je_bool(e, "implicit_mx", res->implicit);
	if (res->dnssec) {
		je_object(e, "dnssec");
		emit_sec(e, "mx", &res->mx_sec);
		je_close(e);
	}
	je_array(e, "path");
	for (i = 0; i < res->ntiers; i++) {
		je_object(e, NULL);
		je_int(e, "preference", res->tiers[i].preference);
		je_array(e, "hosts");
		for (j = res->tiers[i].first;
		    j < res->tiers[i].first + res->tiers[i].count; j++)
			emit_host(e, &res->hosts[j], res->dnssec, res->ptr,
			    res->policy);
		je_close(e);
		je_close(e);
	}
	je_close(e);
	emit_findings(e, "findings", res->findings, res->nfindings);
	je_array(e, "failures");
	for (i = 0; i < res->nfailures; i++) {
		je_object(e, NULL);
		je_str(e, "name", res->failures[i].name);
		je_str(e, "type", res->failures[i].type == MX_TYPE_MX ? "MX" :
		    res->failures[i].type == MX_TYPE_A ? "A" : "AAAA");
		/* a refusal is said as one */
		je_str(e, "rcode", res->failures[i].rcode ==
		    MX_ANSWER_TIMEOUT && res->failures[i].detail != NULL &&
		    strcmp(res->failures[i].detail, MX_DETAIL_REFUSED) == 0 ?
		    "refused" : mx_rcode_name(res->failures[i].rcode));
		je_str(e, "detail", res->failures[i].detail);
		je_close(e);
	}
	je_close(e);
	emit_counts(e, res->counts);
	emit_authority(e, res);
	if (res->policy)
		emit_policy(e, res);
	je_close(e);
}

/* The tree an emitter built, or NULL (freed) when something failed. */
static json_t *
je_tree(struct jemit *e)
{
	while (e->depth > 0)
		je_close(e);
	if (e->err) {
		json_decref(e->root);
		return NULL;
	}
	return e->root;
}

json_t *
mx_json_result_tree(const struct mx_result *res)
{
	struct jemit e;

	memset(&e, 0, sizeof(e));
	emit_result(&e, res);
	return je_tree(&e);
}

/* The findings of zone files, which belong to no domain. */
static void
emit_zone_findings(struct jemit *e, const struct mx_finding *f, size_t n)
{
	size_t counts[3] = { 0, 0, 0 }, i;

	for (i = 0; i < n; i++)
		counts[f[i].severity]++;
	je_object(e, NULL);
	emit_findings(e, "zone_findings", f, n);
	je_str(e, "status", mx_verdict_name(mx_verdict_of_counts(counts)));
	emit_counts(e, counts);
	je_close(e);
}

/* A finding of a diff: its file, and its line even without a file; a
 * replaced one (d given) also names the introduced finding that replaces
 * it, by check and by index in "introduced". */
static void
emit_diff_findings(struct jemit *e, const char *key,
    const struct mx_finding *f, size_t n, const struct mx_diff *d)
{
	size_t i;

	je_array(e, key);
	for (i = 0; i < n; i++) {
		je_object(e, NULL);
		je_str(e, "check", f[i].check);
		je_str(e, "severity", mx_severity_name(f[i].severity));
		je_str(e, "subject", f[i].subject);
		je_str(e, "message", f[i].message);
		je_str(e, "file", f[i].file);
		je_int(e, "line", (json_int_t)f[i].line);
		if (d != NULL) {
			je_str(e, "replaced_by",
			    d->introduced[d->replaced_by[i]].check);
			je_int(e, "replaced_by_index",
			    (json_int_t)d->replaced_by[i]);
		}
		je_close(e);
	}
	je_close(e);
}

/* The changes of a path; TTLs as the signed integers they were written
 * as before. */
static void
emit_changes(struct jemit *e, const struct mx_diff *d)
{
	size_t i;

	je_array(e, "changes");
	for (i = 0; i < d->nchanges; i++) {
		const struct mx_path_change *c = &d->changes[i];

		je_object(e, NULL);
		switch (c->kind) {
		case MX_CHANGE_ADDED:
		case MX_CHANGE_REMOVED:
			je_str(e, "change", c->kind == MX_CHANGE_ADDED ?
			    "added" : "removed");
			je_str(e, "exchange", c->exchange);
			je_int(e, "preference", c->kind == MX_CHANGE_ADDED ?
			    c->new_value : c->old_value);
			break;
		case MX_CHANGE_PREFERENCE:
			je_str(e, "change", "preference");
			je_str(e, "exchange", c->exchange);
			je_int(e, "old", c->old_value);
			je_int(e, "new", c->new_value);
			break;
		case MX_CHANGE_TTL:
			je_str(e, "change", "ttl");
			je_int(e, "old", (int)c->old_value);
			je_int(e, "new", (int)c->new_value);
			break;
		case MX_CHANGE_NULL_MX:
		case MX_CHANGE_IMPLICIT_MX:
			je_str(e, "change", c->kind == MX_CHANGE_NULL_MX ?
			    "null-mx" : "implicit-mx");
			je_bool(e, "new", c->new_value != 0);
			break;
		case MX_CHANGE_NEW_OWNER:
			je_str(e, "change", "new-owner");
			break;
		}
		je_close(e);
	}
	je_close(e);
}

static void
emit_diff(struct jemit *e, const struct mx_diff *d)
{
	je_object(e, NULL);
	je_str(e, "domain", d->domain);
	je_str(e, "old_status", d->has_old ? mx_verdict_name(d->old_verdict) :
	    "absent");
	je_str(e, "new_status", d->has_new ? mx_verdict_name(d->new_verdict) :
	    "absent");
	emit_changes(e, d);
	emit_diff_findings(e, "introduced", d->introduced, d->nintroduced,
	    NULL);
	emit_diff_findings(e, "replaced", d->replaced, d->nreplaced, d);
	emit_diff_findings(e, "fixed", d->fixed, d->nfixed, NULL);
	je_close(e);
}

json_t *
mx_json_diff_tree(const struct mx_diff *d)
{
	struct jemit e;

	memset(&e, 0, sizeof(e));
	emit_diff(&e, d);
	return je_tree(&e);
}

/* Starts an emitter in text mode into b, laid out as flags say. */
static void
je_start(struct jemit *e, struct jbuf *b, unsigned flags)
{
	memset(e, 0, sizeof(*e));
	memset(b, 0, sizeof(*b));
	e->b = b;
	e->indent = flags & MX_JSON_PRETTY ? 2 : 0;
	e->base = flags & MX_JSON_ELEMENT ? 1 : 0;
}

/* Writes what an emitter in text mode made, with a newline unless it is
 * an element of an array the caller writes; frees the buffer. */
static mx_status
je_write(FILE *out, struct jemit *e, unsigned flags)
{
	int err;

	if (!(flags & MX_JSON_ELEMENT))
		jb_put(e->b, "\n", 1);
	err = e->err || e->b->err || e->depth != 0;
	if (!err)
		fwrite(e->b->p, 1, e->b->len, out);
	free(e->b->p);
	return err ? MX_ERR_NOMEM : ferror(out) ? MX_ERR_IO : MX_OK;
}

mx_status
mx_format_json(FILE *out, const struct mx_result *res, unsigned flags)
{
	struct jbuf	b;
	struct jemit	e;

	je_start(&e, &b, flags);
	emit_result(&e, res);
	return je_write(out, &e, flags);
}

json_t *
mx_json_findings_tree(const struct mx_finding *f, size_t n)
{
	struct jemit e;

	memset(&e, 0, sizeof(e));
	emit_zone_findings(&e, f, n);
	return je_tree(&e);
}

mx_status
mx_format_findings_json(FILE *out, const struct mx_finding *f, size_t n,
    unsigned flags)
{
	struct jbuf	b;
	struct jemit	e;

	je_start(&e, &b, flags);
	emit_zone_findings(&e, f, n);
	return je_write(out, &e, flags);
}

mx_status
mx_json_array_next(FILE *out, size_t index, unsigned flags)
{
	const char *sep;

	if (flags & MX_JSON_PRETTY)
		sep = index == 0 ? "[\n  " : ",\n  ";
	else
		sep = index == 0 ? "[" : ",";
	fputs(sep, out);
	return ferror(out) ? MX_ERR_IO : MX_OK;
}

mx_status
mx_json_array_end(FILE *out, size_t count, unsigned flags)
{
	if (count == 0)
		fputs("[]\n", out);
	else
		fputs(flags & MX_JSON_PRETTY ? "\n]\n" : "]\n", out);
	return ferror(out) ? MX_ERR_IO : MX_OK;
}

mx_status
mx_format_diff_json(FILE *out, const struct mx_diff *d, unsigned flags)
{
	struct jbuf	b;
	struct jemit	e;

	je_start(&e, &b, flags);
	emit_diff(&e, d);
	return je_write(out, &e, flags);
}

/*
 * format_json.c -- JSON through jansson.
 *
 * Names reach here in presentation format (escaped ASCII), but file names
 * and text as written may hold any bytes; jstr() turns bytes that are not
 * valid UTF-8 into \DDD escapes so the document is always valid JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "internal.h"

/* A JSON string for s (null for NULL), escaping invalid UTF-8 as \DDD. */
static json_t *
jstr(const char *s)
{
	json_t	*j;
	char	*esc, *p;
	size_t	 i, n;

	if (s == NULL)
		return json_null();
	if ((j = json_string(s)) != NULL)
		return j;
	n = strlen(s);
	if ((esc = malloc(n * 4 + 1)) == NULL)
		return json_null();
	for (i = 0, p = esc; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x80)
			*p++ = (char)c;
		else
			p += sprintf(p, "\\%03u", c);
	}
	*p = '\0';
	j = json_string(esc);
	free(esc);
	return j ? j : json_null();
}

static json_t *
jrecord(const struct mx_record *r)
{
	json_t *o = json_object();

	json_object_set_new(o, "owner", jstr(r->owner));
	json_object_set_new(o, "ttl", json_integer(r->ttl));
	if (r->type == MX_TYPE_MX) {
		json_object_set_new(o, "preference",
		    json_integer(r->preference));
		json_object_set_new(o, "exchange", jstr(r->target));
	} else if (r->target)
		json_object_set_new(o, "target", jstr(r->target));
	else if (r->address)
		json_object_set_new(o, "address", jstr(r->address));
	json_object_set_new(o, "file", jstr(r->file));
	json_object_set_new(o, "line", r->file ? json_integer((json_int_t)
	    r->line) : json_null());
	return o;
}

static json_t *
jrecords(const struct mx_record *r, size_t n)
{
	json_t	*a = json_array();
	size_t	 i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, jrecord(&r[i]));
	return a;
}

static json_t *
jfinding(const struct mx_finding *f)
{
	json_t *o = json_object();

	json_object_set_new(o, "check", json_string(f->check));
	json_object_set_new(o, "severity",
	    json_string(mx_severity_name(f->severity)));
	json_object_set_new(o, "subject", jstr(f->subject));
	json_object_set_new(o, "message", jstr(f->message));
	json_object_set_new(o, "reference", jstr(f->reference));
	json_object_set_new(o, "file", jstr(f->file));
	json_object_set_new(o, "line", f->file ? json_integer((json_int_t)
	    f->line) : json_null());
	return o;
}

static json_t *
jfindings(const struct mx_finding *f, size_t n)
{
	json_t	*a = json_array();
	size_t	 i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, jfinding(&f[i]));
	return a;
}

static json_t *
jcounts(const size_t counts[3])
{
	json_t *o = json_object();

	json_object_set_new(o, "error", json_integer(
	    (json_int_t)counts[MX_SEV_ERROR]));
	json_object_set_new(o, "warning", json_integer(
	    (json_int_t)counts[MX_SEV_WARNING]));
	json_object_set_new(o, "info", json_integer(
	    (json_int_t)counts[MX_SEV_INFO]));
	return o;
}

static json_t *
jhost(const struct mx_host *h)
{
	json_t	*o = json_object(), *addrs = json_array();
	size_t	 i;

	json_object_set_new(o, "exchange", jstr(h->exchange));
	json_object_set_new(o, "preference", json_integer(h->preference));
	json_object_set_new(o, "cname_chain", jrecords(h->cnames,
	    h->ncnames));
	json_object_set_new(o, "canonical", jstr(h->canonical));
	for (i = 0; i < h->naddrs; i++) {
		json_t *a = json_object();

		json_object_set_new(a, "address", jstr(h->addrs[i].text));
		json_object_set_new(a, "family", json_integer(
		    h->addrs[i].family));
		json_object_set_new(a, "ttl", json_integer(h->addrs[i].ttl));
		json_object_set_new(a, "routable",
		    json_boolean(h->addrs[i].routable));
		json_array_append_new(addrs, a);
	}
	json_object_set_new(o, "addresses", addrs);
	json_object_set_new(o, "usable", json_boolean(h->usable));
	json_object_set_new(o, "state",
	    json_string(mx_host_state_name(h->state)));
	json_object_set_new(o, "implicit", json_boolean(h->implicit));
	return o;
}

void *
mx_result_json(const struct mx_result *res)
{
	json_t	*o = json_object(), *tiers = json_array(), *fails;
	size_t	 i, j;

	json_object_set_new(o, "domain", jstr(res->domain));
	json_object_set_new(o, "canonical", jstr(res->canonical));
	json_object_set_new(o, "status",
	    json_string(mx_verdict_name(res->verdict)));
	json_object_set_new(o, "source", jstr(res->source));
	json_object_set_new(o, "server", jstr(res->server));
	json_object_set_new(o, "elapsed_ms", json_real(res->elapsed_ms));
	json_object_set_new(o, "mx_rcode",
	    json_string(mx_rcode_name(res->mx_rcode)));
	json_object_set_new(o, "cname_chain", jrecords(res->domain_cnames,
	    res->ndomain_cnames));
	json_object_set_new(o, "mx", jrecords(res->mx, res->nmx));
	json_object_set_new(o, "null_mx", json_boolean(res->null_mx));
	json_object_set_new(o, "implicit_mx", json_boolean(res->implicit));
	for (i = 0; i < res->ntiers; i++) {
		json_t *t = json_object(), *hosts = json_array();

		json_object_set_new(t, "preference",
		    json_integer(res->tiers[i].preference));
		for (j = res->tiers[i].first;
		    j < res->tiers[i].first + res->tiers[i].count; j++)
			json_array_append_new(hosts, jhost(&res->hosts[j]));
		json_object_set_new(t, "hosts", hosts);
		json_array_append_new(tiers, t);
	}
	json_object_set_new(o, "path", tiers);
	json_object_set_new(o, "findings", jfindings(res->findings,
	    res->nfindings));
	fails = json_array();
	for (i = 0; i < res->nfailures; i++) {
		json_t *f = json_object();

		json_object_set_new(f, "name", jstr(res->failures[i].name));
		json_object_set_new(f, "type", json_string(
		    res->failures[i].type == MX_TYPE_MX ? "MX" :
		    res->failures[i].type == MX_TYPE_A ? "A" : "AAAA"));
		json_object_set_new(f, "rcode", json_string(
		    mx_rcode_name(res->failures[i].rcode)));
		json_object_set_new(f, "detail",
		    jstr(res->failures[i].detail));
		json_array_append_new(fails, f);
	}
	json_object_set_new(o, "failures", fails);
	json_object_set_new(o, "counts", jcounts(res->counts));
	return o;
}

void
mx_json_free(void *json)
{
	json_decref(json);
}

/*
 * Compact output.  json_dumpf writes one fwrite per token and formats
 * each integer with snprintf: in a batch run with --format jsonl that was
 * a third of mxdig's time.  This writer makes the same bytes as
 * json_dumpf(JSON_COMPACT | JSON_PRESERVE_ORDER) (test_format compares
 * them) in one buffer, written at once.
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
		char		 u[6] = { '\\', 'u', '0', '0' };
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
jb_value(struct jbuf *b, json_t *j)
{
	char		 num[24], *p = num + sizeof(num);
	const char	*key;
	json_t		*v;
	size_t		 i;
	int		 first = 1;

	switch (json_typeof(j)) {
	case JSON_OBJECT:
		jb_put(b, "{", 1);
		json_object_foreach(j, key, v) {
			if (!first)
				jb_put(b, ",", 1);
			first = 0;
			jb_string(b, key, strlen(key));
			jb_put(b, ":", 1);
			jb_value(b, v);
		}
		jb_put(b, "}", 1);
		break;
	case JSON_ARRAY:
		jb_put(b, "[", 1);
		json_array_foreach(j, i, v) {
			if (i > 0)
				jb_put(b, ",", 1);
			jb_value(b, v);
		}
		jb_put(b, "]", 1);
		break;
	case JSON_STRING:
		jb_string(b, json_string_value(j), json_string_length(j));
		break;
	case JSON_INTEGER: {
		json_int_t	 n = json_integer_value(j);
		/* the magnitude as unsigned: -LLONG_MIN does not fit */
		unsigned long long u = n < 0 ? 0ULL - (unsigned long long)n :
		    (unsigned long long)n;

		do
			*--p = (char)('0' + u % 10);
		while ((u /= 10) > 0);
		if (n < 0)
			*--p = '-';
		jb_put(b, p, (size_t)(num + sizeof(num) - p));
		break;
	}
	case JSON_TRUE:
		jb_put(b, "true", 4);
		break;
	case JSON_FALSE:
		jb_put(b, "false", 5);
		break;
	case JSON_NULL:
		jb_put(b, "null", 4);
		break;
	default: {
		/* a real, one a result: jansson's own digits */
		char *t = json_dumps(j, JSON_ENCODE_ANY);

		if (t == NULL)
			b->err = 1;
		else
			jb_put(b, t, strlen(t));
		free(t);
		break;
	}
	}
}

/* j as one line of compact JSON, or indented (pretty), and a newline. */
mx_status
mx_json_write(FILE *out, void *json, int pretty)
{
	struct jbuf	 b = { NULL, 0, 0, 0 };
	int		 rc;

	if (json == NULL)
		return MX_ERR_NOMEM;
	if (pretty) {
		rc = json_dumpf(json, out, JSON_INDENT(2) |
		    JSON_PRESERVE_ORDER);
		fputc('\n', out);
		return rc != 0 || ferror(out) ? MX_ERR_IO : MX_OK;
	}
	jb_value(&b, json);
	jb_put(&b, "\n", 1);
	if (!b.err)
		fwrite(b.p, 1, b.len, out);
	free(b.p);
	return b.err ? MX_ERR_NOMEM : ferror(out) ? MX_ERR_IO : MX_OK;
}

mx_status
mx_format_json(FILE *out, const struct mx_result *res, int pretty)
{
	json_t		*j = mx_result_json(res);
	mx_status	 st;

	if (j == NULL)
		return MX_ERR_NOMEM;
	st = mx_json_write(out, j, pretty);
	json_decref(j);
	return st;
}

void *
mx_findings_json(const struct mx_finding *f, size_t n)
{
	json_t	*o = json_object();
	size_t	 counts[3] = { 0, 0, 0 }, i;

	for (i = 0; i < n; i++)
		counts[f[i].severity]++;
	json_object_set_new(o, "zone_findings", jfindings(f, n));
	json_object_set_new(o, "status", json_string(counts[MX_SEV_ERROR] ?
	    "error" : counts[MX_SEV_WARNING] ? "warning" : counts[MX_SEV_INFO] ?
	    "info" : "ok"));
	json_object_set_new(o, "counts", jcounts(counts));
	return o;
}

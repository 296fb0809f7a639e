/*
 * pol_live.c -- the policy layer's answers made into the result: each
 * exchange's DANE state from its TLSA lookups and the DNSSEC states of
 * its records (RFC 7672 §2.2), the domain's _mta-sts and _smtp._tls
 * records and MTA-STS policy, the DANE match of each presented chain,
 * and what three kinds of sender do with each exchange.
 *
 * The senders follow what Postfix does at its "dane" and "may" levels
 * and what RFC 8461 says of an MTA-STS sender: a DANE sender defers when
 * the TLSA lookup fails or none of the records matches (RFC 7672
 * §2.1.1, §3), requires TLS without authentication when the records
 * exist but none is usable (§3.1.3), and is opportunistic without
 * secure records; an MTA-STS sender in enforce mode refuses an exchange
 * the policy does not list or whose certificate is not PKIX-valid for
 * its name (RFC 8461 §4), and where the exchange has usable secure DANE
 * records it does what DANE says (RFC 8461 §2).
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#include "util.h"
#include "pol_live.h"
#include "probe.h"
#include "../policy/policy.h"

#define T_TXT	16
#define T_TLSA	52

char *
mx_pol_name(const char *prefix, const char *name, char *buf)
{
	size_t p = strlen(prefix), n = strlen(name);

	if (p + n + 1 > MX_POL_NAME_MAX)
		return NULL;
	memcpy(buf, prefix, p);
	memcpy(buf + p, name, n + 1);
	return buf;
}

/* A formatted string of res's; NULL when out of memory. */
static const char * __attribute__((format(printf, 2, 3)))
pol_printf(struct mx_result *res, const char *fmt, ...)
{
	va_list	 ap;
	char	 buf[1024];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return mx_result_strdup(res, buf);
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

mx_status
mx_pol_tlsa_take(struct mx_result *res, struct mx_pol_tlsa *t,
    const struct mx_answer *ans)
{
	size_t i, n = 0;

	t->done = 1;
	t->rcode = ans->rcode;
	t->dns_rcode = ans->dns_rcode;
	t->detail = mx_result_strdup(res, ans->detail);
	t->nrecs = 0;
	for (i = 0; i < ans->nrecords; i++)
		if (ans->records[i].type == T_TLSA &&
		    ans->records[i].target != NULL)
			n++;
	if (n == 0)
		return MX_OK;
	if ((t->recs = mx_strpool_alloc(res->strings, n *
	    sizeof(*t->recs))) == NULL)
		return MX_ERR_NOMEM;
	for (i = 0; i < ans->nrecords; i++) {
		const struct mx_record	*r = &ans->records[i];
		struct mx_tlsa		*x = &t->recs[t->nrecs];
		unsigned		 u, s, m;
		int			 off = 0;
		const char		*h;
		size_t			 k, len;

		if (r->type != T_TLSA || r->target == NULL ||
		    sscanf(r->target, "%u %u %u %n", &u, &s, &m, &off) < 3 ||
		    u > 255 || s > 255 || m > 255)
			continue;
		h = r->target + off;
		len = strlen(h) / 2;
		memset(x, 0, sizeof(*x));
		x->usage = (uint8_t)u;
		x->selector = (uint8_t)s;
		x->mtype = (uint8_t)m;
		x->ttl = r->ttl;
		if (len > 0 && (x->data = mx_strpool_alloc(res->strings,
		    len)) == NULL)
			return MX_ERR_NOMEM;
		for (k = 0; k < len; k++)
			x->data[k] = (unsigned char)(hexval(h[2 * k]) << 4 |
			    hexval(h[2 * k + 1]));
		x->len = len;
		x->unusable = mx_tlsa_unusable(u, s, m, len);
		t->nrecs++;
	}
	return MX_OK;
}

/* 1 when the host's address records that exist are DNSSEC-secure (and
 * it has some): RFC 7672 §2.2 uses TLSA records only then. */
static int
addresses_secure(const struct mx_host *h)
{
	if (h->na + h->naaaa == 0)
		return 0;
	return (h->na == 0 || h->a_sec.state == MX_DNSSEC_SECURE) &&
	    (h->naaaa == 0 || h->aaaa_sec.state == MX_DNSSEC_SECURE);
}

static int
lookup_failed(const struct mx_pol_tlsa *t)
{
	return t->rcode == MX_ANSWER_TEMPFAIL || t->rcode ==
	    MX_ANSWER_TIMEOUT || t->rcode == MX_ANSWER_CNAME;
}

void
mx_pol_dane_fill(struct mx_result *res, struct mx_host *h,
    const struct mx_pol_host *p)
{
	const struct mx_pol_tlsa	*t = NULL, *c = &p->at[1];
	struct mx_dane			*d = &h->dane;
	size_t				 i;

	memset(d, 0, sizeof(*d));
	d->sec.ede = -1;
	if (!p->at[0].asked)
		return;
	/* RFC 7672 §2.2.2: the CNAME-expanded name first; the name the MX
	 * gives when that one has no records */
	if (c->asked && (!c->done || lookup_failed(c) || c->nrecs > 0 ||
	    c->sec.state == MX_DNSSEC_BOGUS))
		t = c;
	if (t == NULL)
		t = &p->at[0];
	d->name = t->name;
	d->rcode = t->rcode;
	d->sec = t->sec;
	/* RFC 7672 §2.2: without secure address records DANE does not
	 * apply; records found are reported (dane-insecure), a failed or
	 * empty lookup is not (a bogus address set is dnssec-bogus
	 * already) */
	if (!addresses_secure(h) && (!t->done || t->nrecs == 0)) {
		d->state = MX_DANE_NONE;
		d->detail = (char *)pol_printf(res, "the address records of "
		    "%s are not DNSSEC-secure: DANE does not apply",
		    h->exchange);
		return;
	}
	if (!t->done) {
		d->state = MX_DANE_FAILED;
		d->rcode = MX_ANSWER_TIMEOUT;
		d->detail = (char *)pol_printf(res, "no answer by the "
		    "deadline");
		return;
	}
	d->detail = t->detail;
	if (t->sec.state == MX_DNSSEC_BOGUS || (t->rcode ==
	    MX_ANSWER_TEMPFAIL && t->dns_rcode == 2)) {
		d->state = MX_DANE_BOGUS;
		return;
	}
	if (lookup_failed(t)) {
		d->state = MX_DANE_FAILED;
		return;
	}
	if (t->nrecs == 0) {
		d->state = MX_DANE_NO_TLSA;
		return;
	}
	d->records = t->recs;
	d->nrecords = t->nrecs;
	if (t->sec.state != MX_DNSSEC_SECURE) {
		d->state = MX_DANE_INSECURE;
		d->detail = (char *)pol_printf(res, "the TLSA records at %s "
		    "are not DNSSEC-secure (%s)", t->name,
		    mx_dnssec_state_name(t->sec.state));
		return;
	}
	if (!addresses_secure(h)) {
		d->state = MX_DANE_INSECURE;
		d->detail = (char *)pol_printf(res, "the address records of "
		    "%s are not DNSSEC-secure", h->exchange);
		return;
	}
	d->state = MX_DANE_UNUSABLE;
	for (i = 0; i < t->nrecs; i++)
		if (t->recs[i].unusable == NULL)
			d->state = MX_DANE_USABLE;
}

/* A TXT record's text (\DDD-escaped, as the answer keeps it) back into
 * its bytes; returns their count. */
static size_t
txt_unescape(const char *s, char *out)
{
	size_t n = 0;

	while (*s != '\0') {
		if (s[0] == '\\' && isdigit((unsigned char)s[1]) &&
		    isdigit((unsigned char)s[2]) &&
		    isdigit((unsigned char)s[3])) {
			out[n++] = (char)((s[1] - '0') * 100 + (s[2] - '0') *
			    10 + (s[3] - '0'));
			s += 4;
		} else
			out[n++] = *s++;
	}
	out[n] = '\0';
	return n;
}

void
mx_pol_sts_txt(struct mx_result *res, const struct mx_answer *ans)
{
	struct mx_mta_sts	*m = &res->mta_sts;
	char			 id[33], err[256], *buf;
	size_t			 i, len;

	m->asked = 1;
	m->rcode = ans->rcode;
	m->detail = mx_result_strdup(res, ans->detail);
	for (i = 0; i < ans->nrecords; i++) {
		const struct mx_record	*r = &ans->records[i];
		enum mx_sts_txt		 v;

		if (r->type != T_TXT || r->target == NULL ||
		    (buf = malloc(strlen(r->target) + 1)) == NULL)
			continue;
		len = txt_unescape(r->target, buf);
		err[0] = '\0';
		v = mx_sts_txt_parse(buf, len, id, err, sizeof(err));
		free(buf);
		if (v == MX_STS_TXT_OTHER)
			continue;
		if (m->nrecords++ > 0)
			continue;
		m->txt = mx_result_strdup(res, r->target);
		if (v == MX_STS_TXT_VALID)
			m->id = mx_result_strdup(res, id);
		else
			m->txt_error = mx_result_strdup(res, err[0] ? err :
			    "malformed");
	}
	if (m->nrecords > 1)
		m->txt_error = (char *)pol_printf(res, "%zu v=STSv1 records, "
		    "not one", m->nrecords);
}

void
mx_pol_rpt_txt(struct mx_result *res, const struct mx_answer *ans)
{
	struct mx_tls_rpt	*t = &res->tls_rpt;
	char			 err[256], *buf, **rua;
	size_t			 i, k, len, nrua, nrec = 0;

	t->asked = 1;
	t->rcode = ans->rcode;
	t->detail = mx_result_strdup(res, ans->detail);
	for (i = 0; i < ans->nrecords; i++) {
		const struct mx_record	*r = &ans->records[i];
		enum mx_rpt_txt		 v;

		if (r->type != T_TXT || r->target == NULL ||
		    (buf = malloc(strlen(r->target) + 1)) == NULL)
			continue;
		len = txt_unescape(r->target, buf);
		err[0] = '\0';
		rua = NULL;
		nrua = 0;
		v = mx_tls_rpt_parse(buf, len, &rua, &nrua, err, sizeof(err));
		free(buf);
		if (v == MX_RPT_TXT_OTHER || nrec++ > 0) {
			mx_tls_rpt_rua_free(rua, nrua);
			continue;
		}
		t->txt = mx_result_strdup(res, r->target);
		if (v == MX_RPT_TXT_INVALID)
			t->error = mx_result_strdup(res, err[0] ? err :
			    "malformed");
		else if (nrua > 0 && (t->rua = mx_strpool_alloc(res->strings,
		    nrua * sizeof(char *))) != NULL)
			for (k = 0; k < nrua; k++)
				if ((t->rua[t->nrua] = mx_result_strdup(res,
				    rua[k])) != NULL)
					t->nrua++;
		mx_tls_rpt_rua_free(rua, nrua);
	}
	/* RFC 8460 §3: more than one record, and the sender uses none */
	if (nrec > 1)
		t->error = (char *)pol_printf(res, "%zu v=TLSRPTv1 records, "
		    "not one", nrec);
}

int
mx_pol_sts_valid(const struct mx_result *res)
{
	return res->mta_sts.nrecords == 1 && res->mta_sts.id != NULL &&
	    res->mta_sts.txt_error == NULL;
}

void
mx_pol_sts_body(struct mx_result *res, const char *url, long status,
    const char *body, size_t len, const char *content_type,
    const char *error, double ms)
{
	struct mx_mta_sts	*m = &res->mta_sts;
	struct mx_sts_policy	 p;
	char			 err[256];
	size_t			 i;

	m->fetched = 1;
	if (content_type != NULL)
		m->content_type = mx_result_strdup(res, content_type);
	m->url = mx_result_strdup(res, url);
	m->http_status = status;
	m->fetch_ms = ms;
	if (error != NULL) {
		m->fetch_error = mx_result_strdup(res, error);
		return;
	}
	memset(&p, 0, sizeof(p));
	err[0] = '\0';
	if (mx_sts_policy_parse(body, len, &p, err, sizeof(err)) != MX_OK) {
		m->policy_error = mx_result_strdup(res, err[0] ? err :
		    "malformed");
		return;
	}
	m->policy.mode = p.mode;
	m->policy.max_age = p.max_age;
	if (p.nmx > 0 && (m->policy.mx = mx_strpool_alloc(res->strings,
	    p.nmx * sizeof(char *))) != NULL)
		for (i = 0; i < p.nmx; i++)
			if ((m->policy.mx[m->policy.nmx] = mx_result_strdup(
			    res, p.mx[i])) != NULL)
				m->policy.nmx++;
	mx_sts_policy_clear(&p);
}

void
mx_pol_verify(struct mx_result *res)
{
	size_t i, j;

	for (i = 0; i < res->nhosts; i++) {
		struct mx_host	*h = &res->hosts[i];
		const char	*names[2];
		char		 err[512];

		names[0] = h->dane.name != NULL && strncmp(h->dane.name,
		    "_25._tcp.", 9) == 0 ? h->dane.name + 9 : h->exchange;
		names[1] = h->exchange;
		for (j = 0; j < h->naddrs; j++) {
			struct mx_address	*a = &h->addrs[j];
			int			 depth = -1, rec = -1;

			a->dane_match = MX_DANE_MATCH_NONE;
			a->dane_depth = a->dane_record = -1;
			a->dane_error = NULL;
			if (h->dane.state != MX_DANE_USABLE || a->smtp == NULL ||
			    a->smtp->tls != MX_TLS_OK || a->smtp->nchain == 0)
				continue;
			err[0] = '\0';
			a->dane_match = mx_dane_verify(a->smtp, h->dane.records,
			    h->dane.nrecords, names, 2, &depth, &rec, err,
			    sizeof(err));
			if (a->dane_match == MX_DANE_MATCH_OK) {
				a->dane_depth = depth;
				a->dane_record = rec;
			} else if (a->dane_match == MX_DANE_MATCH_FAILED)
				a->dane_error = mx_result_strdup(res, err[0] ?
				    err : "no TLSA record matches");
		}
	}
}

int
mx_pol_cert_ok(const struct mx_host *h, const struct mx_address *a,
    const char **why)
{
	const struct mx_smtp	*s = a->smtp;
	time_t			 now = time(NULL);

	*why = NULL;
	if (s == NULL || s->tls != MX_TLS_OK || s->nchain == 0) {
		*why = "no certificate";
		return 0;
	}
	if (!s->verified) {
		*why = s->verify_error ? s->verify_error : "the chain does "
		    "not verify to a trusted root";
		return 0;
	}
	if ((int64_t)now < s->chain[0].not_before) {
		*why = "the certificate is not valid yet";
		return 0;
	}
	if ((int64_t)now > s->chain[0].not_after) {
		*why = "the certificate has expired";
		return 0;
	}
	if (!mx_cert_names_host(&s->chain[0], h->exchange)) {
		*why = "the certificate does not name the exchange";
		return 0;
	}
	return 1;
}

/* What an opportunistic sender does (RFC 3207; Postfix "may"): TLS when
 * every address that took a session completed the handshake, clear when
 * one did not (a failed handshake is retried in clear). */
static void
send_opportunistic(struct mx_result *res, struct mx_host *h, int smtp)
{
	struct mx_senders	*v = &h->senders;
	size_t			 j;

	if (!smtp) {
		v->opportunistic = MX_SEND_UNKNOWN;
		v->opportunistic_why = "not probed (--smtp)";
		return;
	}
	v->opportunistic = MX_SEND_UNKNOWN;
	v->opportunistic_why = "no address took a session";
	for (j = 0; j < h->naddrs; j++) {
		const struct mx_address	*a = &h->addrs[j];
		const struct mx_smtp	*s = a->smtp;

		if (s == NULL || s->state != MX_SMTP_ANSWERED)
			continue;
		if (s->tls != MX_TLS_OK) {
			v->opportunistic = MX_SEND_CLEAR;
			v->opportunistic_why = pol_printf(res, "%s %s: "
			    "delivered in clear", a->text, s->tls ==
			    MX_TLS_FAILED ? "fails the TLS handshake" :
			    "offers no STARTTLS");
			return;
		}
		v->opportunistic = MX_SEND_TLS;
		v->opportunistic_why = "STARTTLS and the handshake work";
	}
}

/* Over the addresses that took a session: the first failure and the
 * count that passed, for a DANE sender (dane 1) or an MTA-STS sender in
 * enforce mode (dane 0). */
static const char *
address_failure(struct mx_result *res, const struct mx_host *h, int dane,
    size_t *good, size_t *tried)
{
	const char	*first = NULL, *why;
	size_t		 j;

	*good = *tried = 0;
	for (j = 0; j < h->naddrs; j++) {
		const struct mx_address	*a = &h->addrs[j];
		const struct mx_smtp	*s = a->smtp;
		const char		*f = NULL;

		if (s == NULL || s->state != MX_SMTP_ANSWERED)
			continue;
		(*tried)++;
		if (s->tls != MX_TLS_OK)
			f = pol_printf(res, "%s %s", a->text, s->tls ==
			    MX_TLS_FAILED ? "fails the TLS handshake" :
			    "offers no STARTTLS");
		else if (dane && h->dane.state == MX_DANE_USABLE &&
		    a->dane_match != MX_DANE_MATCH_OK)
			f = pol_printf(res, "no TLSA record matches the "
			    "certificate of %s", a->text);
		else if (!dane && !mx_pol_cert_ok(h, a, &why))
			f = pol_printf(res, "the certificate of %s is not "
			    "valid for %s: %s", a->text, h->exchange, why);
		if (f == NULL)
			(*good)++;
		else if (first == NULL)
			first = f;
	}
	return first;
}

/* A DANE sender (RFC 7672; Postfix "dane"). */
static void
send_dane(struct mx_result *res, struct mx_host *h, int smtp)
{
	struct mx_senders	*v = &h->senders;
	const char		*f;
	size_t			 good, tried;

	switch (h->dane.state) {
	case MX_DANE_NONE:
		if (h->dane.name == NULL) {
			v->dane = MX_SEND_UNKNOWN;
			v->dane_why = "TLSA not looked up (the DNSSEC layer is "
			    "off)";
		} else {
			v->dane = v->opportunistic;
			v->dane_why = pol_printf(res, "%s; opportunistic TLS "
			    "(%s)", h->dane.detail ? h->dane.detail : "DANE "
			    "does not apply", v->opportunistic_why);
		}
		return;
	case MX_DANE_NO_TLSA:
	case MX_DANE_INSECURE:
		v->dane = v->opportunistic;
		v->dane_why = pol_printf(res, "%s: opportunistic TLS (%s)",
		    h->dane.state == MX_DANE_NO_TLSA ? "no TLSA records" :
		    "TLSA records not DNSSEC-secure, ignored",
		    v->opportunistic_why);
		return;
	case MX_DANE_BOGUS:
		v->dane = MX_SEND_DEFER;
		v->dane_why = pol_printf(res, "the TLSA lookup of %s fails "
		    "DNSSEC validation (RFC 7672 §2.1.1)", h->dane.name);
		return;
	case MX_DANE_FAILED:
		v->dane = MX_SEND_DEFER;
		v->dane_why = pol_printf(res, "the TLSA lookup of %s fails "
		    "(%s)", h->dane.name, h->dane.detail ? h->dane.detail :
		    "no answer");
		return;
	case MX_DANE_UNUSABLE:
	case MX_DANE_USABLE:
		break;
	}
	if (!smtp) {
		v->dane = MX_SEND_UNKNOWN;
		v->dane_why = h->dane.state == MX_DANE_USABLE ? "usable TLSA "
		    "records; whether they match is known with --smtp" :
		    "TLSA records, none usable: TLS is required, known with "
		    "--smtp";
		return;
	}
	f = address_failure(res, h, 1, &good, &tried);
	if (tried == 0) {
		v->dane = MX_SEND_UNKNOWN;
		v->dane_why = "no address took a session";
	} else if (good == 0) {
		v->dane = MX_SEND_DEFER;
		v->dane_why = f;
	} else if (h->dane.state == MX_DANE_UNUSABLE) {
		v->dane = MX_SEND_TLS;
		v->dane_why = "no usable TLSA record: TLS required, not "
		    "authenticated (RFC 7672 §3.1.3)";
	} else {
		v->dane = MX_SEND_TLS_AUTH;
		v->dane_why = f ? pol_printf(res, "a TLSA record matches; "
		    "%s: that address is skipped", f) : "a TLSA record "
		    "matches the certificate";
	}
}

/* An MTA-STS sender (RFC 8461 §4, §5). */
static void
send_sts(struct mx_result *res, struct mx_host *h, int smtp)
{
	struct mx_senders	*v = &h->senders;
	const struct mx_mta_sts	*m = &res->mta_sts;
	const char		*f;
	size_t			 good, tried, i;
	int			 covered = 0;

	if (h->dane.state == MX_DANE_USABLE) {
		v->sts = v->dane;
		v->sts_why = pol_printf(res, "DANE takes precedence (RFC 8461 "
		    "§2): %s", v->dane_why);
		return;
	}
	if (!mx_pol_sts_valid(res)) {
		v->sts = v->opportunistic;
		v->sts_why = m->nrecords > 0 ? "the _mta-sts record is "
		    "invalid: no policy, opportunistic TLS" : "no MTA-STS "
		    "policy: opportunistic TLS";
		return;
	}
	if (!smtp || !m->fetched) {
		v->sts = MX_SEND_UNKNOWN;
		v->sts_why = "the policy is fetched with --smtp";
		return;
	}
	if (m->fetch_error != NULL || m->policy_error != NULL) {
		v->sts = v->opportunistic;
		v->sts_why = "the policy is unavailable or invalid: senders "
		    "without a cached policy deliver as opportunistic ones";
		return;
	}
	if (m->policy.mode != MX_STS_ENFORCE) {
		v->sts = v->opportunistic;
		v->sts_why = m->policy.mode == MX_STS_TESTING ? "testing "
		    "mode: failures are only reported" : "mode none: no "
		    "policy applies";
		return;
	}
	for (i = 0; i < m->policy.nmx; i++)
		if (mx_sts_mx_match(m->policy.mx[i], h->exchange))
			covered = 1;
	if (!covered) {
		v->sts = MX_SEND_REFUSE;
		v->sts_why = pol_printf(res, "%s matches no mx pattern of the "
		    "policy (RFC 8461 §4.1)", h->exchange);
		return;
	}
	f = address_failure(res, h, 0, &good, &tried);
	if (tried == 0) {
		v->sts = MX_SEND_UNKNOWN;
		v->sts_why = "no address took a session";
	} else if (good == 0) {
		v->sts = MX_SEND_REFUSE;
		v->sts_why = f;
	} else {
		v->sts = MX_SEND_TLS_AUTH;
		v->sts_why = f ? pol_printf(res, "listed, certificate valid; "
		    "%s: that address is skipped", f) : "listed by the "
		    "policy, certificate valid for its name";
	}
}

void
mx_pol_senders(struct mx_result *res, int smtp)
{
	size_t i;

	for (i = 0; i < res->nhosts; i++) {
		struct mx_host		*h = &res->hosts[i];
		struct mx_senders	*v = &h->senders;

		memset(v, 0, sizeof(*v));
		if (!h->usable) {
			v->dane_why = v->sts_why = v->opportunistic_why =
			    pol_printf(res, "the exchange is not usable (%s)",
			    mx_host_state_name(h->state));
			continue;
		}
		send_opportunistic(res, h, smtp);
		send_dane(res, h, smtp);
		send_sts(res, h, smtp);
	}
}

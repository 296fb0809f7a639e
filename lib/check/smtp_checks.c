/*
 * smtp_checks.c -- what the SMTP probe of every address says for mail
 * (--smtp): does it take a session, offer STARTTLS, complete the
 * handshake, present a certificate senders accept; and do the addresses
 * of one exchange agree.
 *
 * Each address is judged under each exchange that has it, so that a
 * finding names the exchange a sender looked up and the certificate is
 * matched against that name (RFC 9525 §6.3).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "checks.h"

#define GREETING_SLOW_MS	10000	/* SPEC: more than 10 s */

/* "1.2", "1.3"...: TLS protocol numbers (0x0301 is TLS 1.0). */
#define TLS1_2_NUMBER		0x0303

/* The findings of one address of h. */
static mx_status
check_address(struct mx_result *r, const struct mx_options *o,
    const struct mx_host *h, const struct mx_address *a, time_t now)
{
	const struct mx_smtp	*s = a->smtp;
	const char		*ex = h->exchange, *why;
	const struct mx_smtp_cert *leaf;
	unsigned		 secs = o->smtp_timeout_ms / 1000;
	mx_status		 st;

	switch (s->state) {
	case MX_SMTP_REFUSED:
		return mx_result_finding(r, o, MX_CHECK_SMTP_UNREACHABLE, ex,
		    h->mx, "%s (%s) refuses connections on port %u: senders "
		    "try the next address", a->text, ex, s->port);
	case MX_SMTP_UNREACHABLE:
		return mx_result_finding(r, o, MX_CHECK_SMTP_UNREACHABLE, ex,
		    h->mx, "%s (%s) cannot be reached on port %u (%s): "
		    "senders try the next address", a->text, ex, s->port,
		    s->error ? s->error : "no route");
	case MX_SMTP_TIMEOUT:
		return mx_result_finding(r, o, MX_CHECK_SMTP_UNREACHABLE, ex,
		    h->mx, "%s (%s) does not answer on port %u within %u s "
		    "(%s): senders wait, then try the next address", a->text,
		    ex, s->port, secs, s->ended == MX_SMTP_STEP_CONNECT ?
		    "no connection" : "no greeting");
	case MX_SMTP_REJECTS:
		return mx_result_finding(r, o, MX_CHECK_SMTP_REJECTS, ex,
		    h->mx, "%s (%s) greets with %d: it accepts no mail",
		    a->text, ex, s->greeting_code);
	case MX_SMTP_BUSY:
		return mx_result_finding(r, o, MX_CHECK_SMTP_BUSY, ex, h->mx,
		    "%s (%s) %s: busy or rate-limited, inconclusive; senders "
		    "queue and retry", a->text, ex, s->greeting_code ?
		    "greets with 421" : "closes the connection before the "
		    "greeting");
	case MX_SMTP_PROTOCOL:
		return mx_result_finding(r, o, MX_CHECK_SMTP_PROTOCOL_ERROR,
		    ex, h->mx, "%s (%s) does not greet as SMTP servers do "
		    "(%s): senders give up on it", a->text, ex,
		    s->error ? s->error : "not a reply");
	case MX_SMTP_NOT_PROBED:
		return MX_OK;
	case MX_SMTP_ANSWERED:
		break;
	}
	if (s->ms[MX_SMTP_STEP_GREETING] > GREETING_SLOW_MS &&
	    (st = mx_result_finding(r, o, MX_CHECK_SMTP_GREETING_SLOW, ex,
	    h->mx, "%s (%s) greets after %.1f s: impatient senders give up "
	    "before", a->text, ex, s->ms[MX_SMTP_STEP_GREETING] / 1000)) !=
	    MX_OK)
		return st;
	/* the session broke before EHLO was answered: nothing more is known */
	if (s->ended == MX_SMTP_STEP_EHLO || (s->ehlo_name == NULL &&
	    s->error != NULL))
		return mx_result_finding(r, o, MX_CHECK_SMTP_PROTOCOL_ERROR, ex,
		    h->mx, "%s (%s) greets, then fails at EHLO (%s): senders "
		    "give up on it", a->text, ex, s->error ? s->error :
		    "no reply");
	if (!(s->extensions & MX_EHLO_STARTTLS))
		return mx_result_finding(r, o, MX_CHECK_SMTP_NO_STARTTLS, ex,
		    h->mx, "%s (%s) does not offer STARTTLS: mail to it "
		    "travels in clear, and senders that require TLS cannot "
		    "deliver", a->text, ex);
	if (s->tls == MX_TLS_REFUSED)
		return mx_result_finding(r, o, MX_CHECK_SMTP_STARTTLS_FAILED,
		    ex, h->mx, "%s (%s) offers STARTTLS but answers it with "
		    "%d: opportunistic senders retry in clear, senders that "
		    "require TLS defer", a->text, ex, s->starttls_code);
	if (s->tls == MX_TLS_FAILED)
		return mx_result_finding(r, o, MX_CHECK_SMTP_STARTTLS_FAILED,
		    ex, h->mx, "%s (%s): the TLS handshake after STARTTLS "
		    "fails (%s): opportunistic senders retry in clear, "
		    "senders that require TLS defer", a->text, ex,
		    s->tls_error ? s->tls_error : "no reason given");
	if (s->tls != MX_TLS_OK)
		return s->error == NULL ? MX_OK : mx_result_finding(r, o,
		    MX_CHECK_SMTP_STARTTLS_FAILED, ex, h->mx, "%s (%s) offers "
		    "STARTTLS, but the session ended before TLS (%s)", a->text,
		    ex, s->error);
	if (s->tls_version_number > 0 && s->tls_version_number <
	    TLS1_2_NUMBER && (st = mx_result_finding(r, o,
	    MX_CHECK_SMTP_TLS_OLD, ex, h->mx, "%s (%s) negotiates %s at best "
	    "(RFC 8996 deprecates TLS 1.0 and 1.1)", a->text, ex,
	    s->tls_version)) != MX_OK)
		return st;
	if (s->nchain == 0)
		return MX_OK;
	leaf = &s->chain[0];
	if ((int64_t)now > leaf->not_after || (int64_t)now <
	    leaf->not_before) {
		char	 date[32];
		time_t	 t = (time_t)((int64_t)now > leaf->not_after ?
			     leaf->not_after : leaf->not_before);
		struct tm tm;

		gmtime_r(&t, &tm);
		strftime(date, sizeof(date), "%Y-%m-%d %H:%M:%S UTC", &tm);
		why = (int64_t)now > leaf->not_after ? "expired" :
		    "is not valid before";
		if ((st = mx_result_finding(r, o, MX_CHECK_SMTP_CERT_EXPIRED,
		    ex, h->mx, "the certificate of %s (%s) %s %s: senders that "
		    "authenticate the server defer", a->text, ex, why,
		    date)) != MX_OK)
			return st;
	} else if (leaf->not_after - (int64_t)now < (int64_t)o->cert_days *
	    86400) {
		double days = (double)(leaf->not_after - (int64_t)now) / 86400;

		if ((st = mx_result_finding(r, o, MX_CHECK_SMTP_CERT_EXPIRING,
		    ex, h->mx, "the certificate of %s (%s) expires in %.1f "
		    "days", a->text, ex, days)) != MX_OK)
			return st;
	}
	if (!mx_cert_names_host(leaf, ex) && (st = mx_result_finding(r, o,
	    MX_CHECK_SMTP_CERT_NAME_MISMATCH, ex, h->mx, "the certificate of "
	    "%s does not name %s (it names %s%s): senders that authenticate "
	    "the server defer", a->text, ex, leaf->nnames ? leaf->names[0] :
	    "no DNS name", leaf->nnames > 1 ? ", ..." : "")) != MX_OK)
		return st;
	if (!s->verified && (st = mx_result_finding(r, o,
	    MX_CHECK_SMTP_CERT_UNTRUSTED, ex, h->mx, "the certificate chain of "
	    "%s (%s) does not verify to a trusted root (%s): senders that "
	    "authenticate the server defer", a->text, ex,
	    s->verify_error ? s->verify_error : "no reason")) != MX_OK)
		return st;
	return MX_OK;
}

/* What a sender sees at an address, for comparing the addresses of one
 * exchange; 0 when it is not known well enough to compare. */
static int
behaviour(const struct mx_smtp *s, int *starttls, const char **fp)
{
	if (s == NULL || s->state != MX_SMTP_ANSWERED || s->ehlo_name == NULL)
		return 0;
	*starttls = (s->extensions & MX_EHLO_STARTTLS) != 0;
	*fp = s->tls == MX_TLS_OK && s->nchain > 0 ? s->chain[0].sha256 :
	    NULL;
	return 1;
}

/* smtp-addresses-differ: STARTTLS on some addresses only, or different
 * certificates, once per exchange. */
static mx_status
check_differ(struct mx_result *r, const struct mx_options *o,
    const struct mx_host *h)
{
	const struct mx_address	*first = NULL;
	const char		*fp0 = NULL, *fp;
	int			 tls0 = 0, tls;
	size_t			 i;

	for (i = 0; i < h->naddrs; i++) {
		const struct mx_address *a = &h->addrs[i];

		if (!behaviour(a->smtp, &tls, &fp))
			continue;
		if (first == NULL) {
			first = a;
			tls0 = tls;
			fp0 = fp;
			continue;
		}
		if (tls != tls0)
			return mx_result_finding(r, o,
			    MX_CHECK_SMTP_ADDRESSES_DIFFER, h->exchange, h->mx,
			    "the addresses of %s differ: %s %s STARTTLS, %s "
			    "%s: what a sender sees depends on the address it "
			    "picks", h->exchange, first->text, tls0 ?
			    "offers" : "does not offer", a->text, tls ?
			    "does" : "does not");
		if (fp0 != NULL && fp != NULL && strcmp(fp0, fp) != 0)
			return mx_result_finding(r, o,
			    MX_CHECK_SMTP_ADDRESSES_DIFFER, h->exchange, h->mx,
			    "the addresses of %s differ: %s and %s present "
			    "different certificates: what a sender sees "
			    "depends on the address it picks", h->exchange,
			    first->text, a->text);
	}
	return MX_OK;
}

mx_status
mx_check_smtp(struct mx_result *r, const struct mx_options *o)
{
	time_t		now = time(NULL);
	size_t		i, j;
	mx_status	st;

	if (!o->smtp)
		return MX_OK;
	for (i = 0; i < r->nhosts; i++) {
		const struct mx_host *h = &r->hosts[i];

		for (j = 0; j < h->naddrs; j++)
			if (h->addrs[j].smtp != NULL &&
			    (st = check_address(r, o, h, &h->addrs[j], now)) !=
			    MX_OK)
				return st;
		if ((st = check_differ(r, o, h)) != MX_OK)
			return st;
	}
	return MX_OK;
}

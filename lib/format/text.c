/*
 * text.c -- the human-readable renderers: the path table with the
 * findings (--format text) and one line per host (--short).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#include "idn.h"

#define C_RESET		"\033[0m"
#define C_BOLD		"\033[1m"
#define C_RED		"\033[31m"
#define C_GREEN		"\033[32m"
#define C_YELLOW	"\033[33m"
#define C_CYAN		"\033[36m"

static const char *
sev_color(enum mx_severity s)
{
	return s == MX_SEV_ERROR ? C_RED : s == MX_SEV_WARNING ? C_YELLOW :
	    C_CYAN;
}

static const char *
verdict_color(enum mx_verdict v)
{
	switch (v) {
	case MX_VERDICT_OK:
	case MX_VERDICT_INFO:
		return C_GREEN;
	case MX_VERDICT_WARNING:
		return C_YELLOW;
	default:
		return C_RED;
	}
}

/* Prints s in colour c when colour is on. */
static void
paint(FILE *out, int color, const char *c, const char *s)
{
	if (color)
		fprintf(out, "%s%s%s", c, s, C_RESET);
	else
		fputs(s, out);
}

static void
paint_pad(FILE *out, int color, const char *c, const char *s, int width)
{
	int n = (int)strlen(s);

	paint(out, color, c, s);
	for (; n < width; n++)
		fputc(' ', out);
}

/* a failure that is a refusal, not a silence. */
static int
refused(const struct mx_failure *f)
{
	return f->rcode == MX_ANSWER_TIMEOUT && f->detail != NULL &&
	    strcmp(f->detail, MX_DETAIL_REFUSED) == 0;
}

/* the MX lookup of res failed as refused. */
static int
refused_mx(const struct mx_result *res)
{
	size_t i;

	for (i = 0; i < res->nfailures; i++)
		if (res->failures[i].type == MX_TYPE_MX &&
		    refused(&res->failures[i]))
			return 1;
	return 0;
}

/* What the domain's answer means when there is no path to show. */
static const char *
no_path_reason(const struct mx_result *res)
{
	switch (res->mx_rcode) {
	case MX_ANSWER_NXDOMAIN:
		return "the domain does not exist: mail bounces";
	case MX_ANSWER_TEMPFAIL:
		return "the MX lookup failed: senders queue and retry";
	case MX_ANSWER_TIMEOUT:
		if (refused_mx(res))
			return "the MX lookup was refused (the server refused "
			    "or closed the connection): the path is unknown";
		return "the MX lookup timed out: the path is unknown";
	case MX_ANSWER_OUT_OF_ZONE:
		return "the domain lies outside every loaded zone";
	default:
		break;
	}
	if (res->null_mx && res->nmx == 1)
		return "null MX: the domain accepts no mail";
	return "no delivery path";
}

static int
width_of_exchanges(const struct mx_result *res)
{
	size_t	i;
	int	w = 8;

	for (i = 0; i < res->nhosts; i++) {
		int n = (int)strlen(res->hosts[i].exchange);

		if (n > w)
			w = n;
	}
	return w > 48 ? 48 : w;
}

static void
print_findings(FILE *out, const struct mx_finding *f, size_t n, int color)
{
	size_t i;

	for (i = 0; i < n; i++) {
		fputs("  ", out);
		paint_pad(out, color, sev_color(f[i].severity),
		    mx_severity_name(f[i].severity), 8);
		fprintf(out, "%s: %s [", f[i].subject ? f[i].subject : "-",
		    f[i].message);
		paint(out, color, C_BOLD, f[i].check);
		fputc(']', out);
		if (f[i].file) {
			/* a file name is shown escaped, as in gcc format */
			char *ef = mx_escape_bytes(f[i].file);

			fprintf(out, " (%s:%lu)", ef ? ef : "?", f[i].line);
			free(ef);
		}
		fputc('\n', out);
	}
}

/* ---- the authority view ---- */

/* One server's MX answer as "10 a. 20 b." (or its outcome). */
static void
print_mx_set(FILE *out, const struct mx_auth_server *s)
{
	size_t i;

	if (s->mx_rcode != MX_ANSWER_OK) {
		fprintf(out, "MX %s", mx_rcode_name(s->mx_rcode));
		return;
	}
	fputs("MX", out);
	for (i = 0; i < s->nmx; i++)
		fprintf(out, " %u %s", s->mx[i].preference, s->mx[i].target);
	if (s->nmx > 0)
		fprintf(out, " (TTL %u)", s->mx[0].ttl);
}

/* The highest MX TTL of a server's set: how long a resolver that got it
 * may hand it out. */
static uint32_t
set_ttl(const struct mx_auth_server *s)
{
	uint32_t	t = 0;
	size_t		i;

	for (i = 0; i < s->nmx; i++)
		if (s->mx[i].ttl > t)
			t = s->mx[i].ttl;
	return t;
}

/* Which family -4 or -6 left out of the authority view: "IPv6, -4". */
static const char *
skipped_why(const struct mx_authority *v)
{
	size_t i;

	for (i = 0; i < v->nservers; i++)
		if (v->servers[i].state == MX_AUTH_SKIPPED &&
		    v->servers[i].address != NULL)
			return strchr(v->servers[i].address, ':') != NULL ?
			    "IPv6, -4" : "IPv4, -6";
	return "?";
}

/*
 * The authority summary: one line when every server agrees; otherwise
 * each server (name, address, state, serial, MX set) and, when the MX
 * sets differ, the migration timeline: the set of the lowest serial (RFC
 * 1982 order) is the old one, which resolvers may go on handing out for
 * its TTL after the last server stops serving it.
 */
static void
print_authority(FILE *out, const struct mx_result *res)
{
	const struct mx_authority	*v = res->authority;
	const struct mx_auth_server	*old = NULL, *cur = NULL;
	size_t				 i, nok = 0, nskip = 0;
	int				 all_ok = 1;

	if (v == NULL) {
		/* only where there are TTLs to judge: not for a path that
		 * is unknown or does not exist */
		if (res->ttl_note != NULL && (res->nmx > 0 || res->nhosts > 0))
			fprintf(out, "Note: %s.\n", res->ttl_note);
		return;
	}
	if (v->state == MX_AUTHORITY_NO_ZONE) {
		fprintf(out, "Authority: not checked: %s\n", v->detail ?
		    v->detail : "the zone could not be found");
		if (res->ttl_note != NULL)
			fprintf(out, "Note: %s.\n", res->ttl_note);
		return;
	}
	for (i = 0; i < v->nservers; i++) {
		if (v->servers[i].state == MX_AUTH_SKIPPED) {
			nskip++;
			continue;
		}
		nok += v->servers[i].state == MX_AUTH_OK;
		all_ok &= v->servers[i].state == MX_AUTH_OK;
	}
	fprintf(out, "Authority: zone %s, %zu server address%s", v->zone,
	    v->nservers - nskip, v->nservers - nskip == 1 ? "" : "es");
	/* said first, so that "none answers" is not read as a failure of
	 * the addresses -4 or -6 left out */
	if (nskip > 0)
		fprintf(out, " (%zu more of the other family not asked: %s)",
		    nskip, skipped_why(v));
	if (v->state == MX_AUTHORITY_UNREACHABLE)
		fputs(", none answers from here\n", out);
	else if (v->mx_differ)
		fputs(", MX sets differ\n", out);
	else if (v->serial_differ)
		fputs(", serials differ\n", out);
	else if (all_ok) {
		fputs(", all agree", out);
		if (v->nservers > 0 && v->servers[0].has_serial)
			fprintf(out, " (serial %u)", v->servers[0].serial);
		fputc('\n', out);
	} else
		fprintf(out, ", %zu answer%s with authority\n", nok,
		    nok == 1 ? "s" : "");
	if (all_ok && !v->mx_differ && !v->serial_differ &&
	    v->state == MX_AUTHORITY_DONE)
		goto note;
	for (i = 0; i < v->nservers; i++) {
		const struct mx_auth_server *s = &v->servers[i];

		if (s->state == MX_AUTH_SKIPPED)
			continue;
		fprintf(out, "  %s %s  %s", s->name, s->address ? s->address :
		    "-", mx_auth_state_name(s->state));
		if (s->state != MX_AUTH_OK) {
			fprintf(out, " (%s)\n", s->detail ? s->detail : "?");
			continue;
		}
		if (s->has_serial)
			fprintf(out, "  serial %u", s->serial);
		fputs("  ", out);
		print_mx_set(out, s);
		fputc('\n', out);
		if (!s->has_serial || s->mx_rcode == MX_ANSWER_TIMEOUT)
			continue;
		/* RFC 1982: the old set is the one of the lower serial */
		if (old == NULL || (int32_t)(s->serial - old->serial) < 0)
			old = s;
		if (cur == NULL || (int32_t)(s->serial - cur->serial) > 0)
			cur = s;
	}
	if (v->mx_differ && old != NULL && cur != NULL && old != cur) {
		fprintf(out, "  migration: serial %u serves the old set, "
		    "serial %u the new one; resolvers may go on handing out "
		    "the old set for up to %u s (its TTL) after the last "
		    "server stops serving it: keep its hosts accepting mail "
		    "until then\n", old->serial, cur->serial, set_ttl(old));
	} else if (v->mx_differ)
		fprintf(out, "  migration: the MX sets differ; resolvers may "
		    "keep each for its TTL after the servers agree\n");
note:
	if (res->ttl_note != NULL)
		fprintf(out, "Note: %s.\n", res->ttl_note);
	else if (res->ttl_cache)
		fputs("Note: TTL checks judge the TTLs the authoritative "
		    "servers publish; the TTLs above are the time left in the "
		    "resolver's cache.\n", out);
}

/*
 * One address's SMTP state under its host (--smtp): "answered in N ms"
 * (connection and greeting), refused, timed out, busy, rejects; then
 * STARTTLS, the TLS version, and the certificate's state and expiry.
 */
static void
smtp_line(FILE *out, const struct mx_host *h, const struct mx_address *a,
    int color)
{
	const struct mx_smtp	*s = a->smtp;
	const char		*state;
	char			 buf[64];

	fprintf(out, "  %-4s %-5s   smtp %s: ", "", "", a->text);
	switch (s->state) {
	case MX_SMTP_ANSWERED:
		snprintf(buf, sizeof(buf), "answered in %.0f ms",
		    (s->ms[MX_SMTP_STEP_CONNECT] > 0 ?
		    s->ms[MX_SMTP_STEP_CONNECT] : 0) +
		    (s->ms[MX_SMTP_STEP_GREETING] > 0 ?
		    s->ms[MX_SMTP_STEP_GREETING] : 0));
		state = buf;
		break;
	case MX_SMTP_REFUSED:	state = "refused"; break;
	case MX_SMTP_TIMEOUT:	state = "timed out"; break;
	case MX_SMTP_BUSY:	state = "busy"; break;
	case MX_SMTP_REJECTS:	state = "rejects"; break;
	case MX_SMTP_UNREACHABLE: state = "unreachable"; break;
	case MX_SMTP_PROTOCOL:	state = "protocol error"; break;
	default:		state = "not probed"; break;
	}
	paint(out, color, s->state == MX_SMTP_ANSWERED ? C_GREEN :
	    s->state == MX_SMTP_BUSY ? C_YELLOW : C_RED, state);
	if (s->state != MX_SMTP_ANSWERED) {
		if (s->error)
			fprintf(out, " (%s)", s->error);
		fputc('\n', out);
		return;
	}
	if (s->ehlo_name == NULL)
		fprintf(out, ", EHLO failed (%s)", s->error ? s->error : "?");
	else if (!(s->extensions & MX_EHLO_STARTTLS))
		fputs(", no STARTTLS", out);
	else if (s->tls == MX_TLS_REFUSED)
		fprintf(out, ", STARTTLS refused (%d)", s->starttls_code);
	else if (s->tls == MX_TLS_FAILED)
		fprintf(out, ", STARTTLS failed (%s)", s->tls_error ?
		    s->tls_error : "?");
	else if (s->tls == MX_TLS_OK) {
		fprintf(out, ", STARTTLS, %s", s->tls_version);
		if (s->nchain > 0) {
			const struct mx_smtp_cert	*c = &s->chain[0];
			time_t				 now = time(NULL);
			time_t				 exp = (time_t)c->not_after;
			struct tm			 tm;
			const char			*cs;
			char				 date[16];

			if ((int64_t)now > c->not_after || (int64_t)now <
			    c->not_before)
				cs = "expired";
			else if (!s->verified)
				cs = "untrusted";
			else if (!mx_cert_names_host(c, h->exchange))
				cs = "name mismatch";
			else
				cs = "valid";
			gmtime_r(&exp, &tm);
			strftime(date, sizeof(date), "%Y-%m-%d", &tm);
			fprintf(out, ", certificate %s, expires %s", cs, date);
		}
	} else
		fputs(", STARTTLS", out);
	fputc('\n', out);
}

/* what the DNSSEC and reverse layers say of an address, after
 * it: " (secure, PTR name)"; nothing when neither layer ran.  Secure and
 * bogus are marked, insecure is the unmarked default. */
static void
print_addr_layers(FILE *out, const struct mx_result *res,
    const struct mx_address *a, int color)
{
	const char	*sep = " (";
	int		 any = 0;

	if (res->dnssec && (a->dnssec == MX_DNSSEC_SECURE ||
	    a->dnssec == MX_DNSSEC_BOGUS)) {
		fputs(sep, out);
		paint(out, color, a->dnssec == MX_DNSSEC_SECURE ? C_GREEN :
		    C_RED, mx_dnssec_state_name(a->dnssec));
		sep = ", ";
		any = 1;
	}
	if (res->ptr && a->ptr != MX_PTR_NONE && (a->ptr != MX_PTR_FAILED ||
	    a->nptr > 0)) {
		fputs(sep, out);
		any = 1;
		switch (a->ptr) {
		case MX_PTR_CONFIRMED:
			fprintf(out, "PTR %s", a->ptr_names[0]);
			break;
		case MX_PTR_MISMATCH:
			fprintf(out, "PTR %s, not confirmed", a->nptr ?
			    a->ptr_names[0] : "?");
			break;
		case MX_PTR_MISSING:
			fputs("no PTR", out);
			break;
		default:
			if (a->nptr)
				fprintf(out, "PTR %s, not verified",
				    a->ptr_names[0]);
			else
				fputs("PTR lookup failed", out);
			break;
		}
	}
	if (any)
		fputc(')', out);
}

/* ---- the policy layer ---- */

/* The MTA-STS line: the record, and with --smtp the policy. */
static void
print_sts(FILE *out, const struct mx_result *res)
{
	const struct mx_mta_sts	*m = &res->mta_sts;
	size_t			 i;

	fputs("  MTA-STS: ", out);
	if (m->txt == NULL)
		fputs(m->rcode == MX_ANSWER_OK || m->rcode ==
		    MX_ANSWER_NODATA || m->rcode == MX_ANSWER_NXDOMAIN ?
		    "no _mta-sts record" : "the _mta-sts lookup failed", out);
	else if (m->txt_error != NULL)
		fprintf(out, "record invalid (%s)", m->txt_error);
	else {
		fprintf(out, "id %s", m->id ? m->id : "-");
		if (!m->fetched)
			fputs(", policy not fetched (--smtp)", out);
		else if (m->fetch_error != NULL)
			fprintf(out, ", policy unavailable (%s)", m->fetch_error);
		else if (m->policy_error != NULL)
			fprintf(out, ", policy invalid (%s)", m->policy_error);
		else {
			fprintf(out, ", mode %s, max_age %u",
			    mx_sts_mode_name(m->policy.mode),
			    (unsigned)m->policy.max_age);
			for (i = 0; i < m->policy.nmx; i++)
				fprintf(out, "%s%s", i ? ", " : ", mx ",
				    m->policy.mx[i]);
		}
	}
	fputc('\n', out);
}

static void
print_rpt(FILE *out, const struct mx_result *res)
{
	const struct mx_tls_rpt	*t = &res->tls_rpt;
	size_t			 i;

	fputs("  TLS-RPT: ", out);
	if (t->txt == NULL)
		fputs(t->rcode == MX_ANSWER_OK || t->rcode ==
		    MX_ANSWER_NODATA || t->rcode == MX_ANSWER_NXDOMAIN ?
		    "no _smtp._tls record" : "the _smtp._tls lookup failed",
		    out);
	else if (t->error != NULL)
		fprintf(out, "record invalid (%s)", t->error);
	else
		for (i = 0; i < t->nrua; i++)
			fprintf(out, "%s%s", i ? ", " : "rua ", t->rua[i]);
	fputc('\n', out);
}

/* The policy summary: MTA-STS, TLS-RPT, then per exchange its TLSA
 * records in mnemonic form with their DNSSEC state and the verdicts of
 * the three kinds of sender. */
static void
print_policy(FILE *out, const struct mx_result *res, int w)
{
	char	m[MX_TLSA_MNEMONIC_MAX];
	size_t	i, j;

	/* no path and no record: nothing to say */
	if (!res->policy || (res->nhosts == 0 && res->mta_sts.txt == NULL &&
	    res->tls_rpt.txt == NULL))
		return;
	fputs("Policy:\n", out);
	print_sts(out, res);
	print_rpt(out, res);
	for (i = 0; i < res->nhosts; i++) {
		const struct mx_host	*h = &res->hosts[i];
		const struct mx_dane	*d = &h->dane;

		if (d->state != MX_DANE_NONE && d->nrecords == 0)
			fprintf(out, "  %-*s  TLSA %s%s%s\n", w, h->exchange,
			    d->state == MX_DANE_NO_TLSA ? "none" :
			    mx_dane_state_name(d->state), d->detail &&
			    d->state != MX_DANE_NO_TLSA ? ": " : "",
			    d->detail && d->state != MX_DANE_NO_TLSA ?
			    d->detail : "");
		for (j = 0; j < d->nrecords; j++)
			fprintf(out, "  %-*s  TLSA %s (%s)%s%s\n", w,
			    h->exchange, mx_tlsa_mnemonic(d->records[j].usage,
			    d->records[j].selector, d->records[j].mtype, m,
			    sizeof(m)), mx_dnssec_state_name(d->sec.state),
			    d->records[j].unusable ? ", unusable: " : "",
			    d->records[j].unusable ? d->records[j].unusable :
			    "");
		fprintf(out, "  %-*s  senders: DANE %s, MTA-STS %s, "
		    "opportunistic %s\n", w, h->exchange,
		    mx_send_name(h->senders.dane), mx_send_name(h->senders.sts),
		    mx_send_name(h->senders.opportunistic));
	}
}

/* "DANE senders defer mail to a, b." and "MTA-STS senders refuse a.":
 * the senders that cannot deliver, after the status. */
static void
print_refusals(FILE *out, const struct mx_result *res)
{
	const char	*last = NULL;
	size_t		 i, n;
	int		 kind;

	if (!res->policy)
		return;
	for (kind = 0; kind < 2; kind++) {
		n = 0;
		for (i = 0; i < res->nhosts; i++) {
			const struct mx_host *h = &res->hosts[i];

			/* an MTA-STS sender that defers does so as a DANE
			 * one (RFC 8461 §2): the first sentence says it */
			if (kind == 0 ? h->senders.dane != MX_SEND_DEFER :
			    h->senders.sts != MX_SEND_REFUSE)
				continue;
			fprintf(out, "%s%s", n++ ? ", " : kind == 0 ?
			    ". DANE senders defer mail to " : last == NULL ?
			    ". MTA-STS senders refuse " : " MTA-STS senders "
			    "refuse ", h->exchange);
			last = h->exchange;
		}
		/* the sentence ends with the name's own dot */
		if (n > 0 && last[strlen(last) - 1] != '.')
			fputc('.', out);
	}
}

mx_status
mx_format_text(FILE *out, const struct mx_result *res,
    unsigned flags)
{
	int	color = (flags & MX_TEXT_COLOR) != 0;
	int	w = width_of_exchanges(res);
	size_t	i, j, try = 0;

	char	*unicode;

	paint(out, color, C_BOLD, res->domain);
	/* an internationalised name in its Unicode form too */
	if ((unicode = mx_idn_unicode(res->domain)) != NULL) {
		fprintf(out, " (%s)", unicode);
		free(unicode);
	}
	fprintf(out, "  (source: %s", res->source ? res->source : "-");
	if (res->server)
		fprintf(out, ", server %s", res->server);
	if (res->elapsed_ms > 0 && res->source &&
	    strcmp(res->source, "zone") != 0)
		fprintf(out, ", %.0f ms", res->elapsed_ms);
	fputs(")\n", out);
	if (res->dnssec && res->mx_sec.state != MX_DNSSEC_NONE &&
	    res->mx_sec.state != MX_DNSSEC_INDETERMINATE && res->nhosts > 0) {
		fputs("  DNSSEC: MX ", out);
		paint(out, color, res->mx_sec.state == MX_DNSSEC_SECURE ?
		    C_GREEN : res->mx_sec.state == MX_DNSSEC_BOGUS ? C_RED :
		    C_BOLD, mx_dnssec_state_name(res->mx_sec.state));
		fputc('\n', out);
	}
	for (i = 0; i < res->ndomain_cnames; i++)
		fprintf(out, "  alias: %s -> %s\n",
		    res->domain_cnames[i].owner, res->domain_cnames[i].target);
	if (res->implicit)
		fprintf(out, "  no MX: implicit MX, %s itself at preference "
		    "0 (RFC 5321 §5.1)\n", res->canonical);
	if (res->nhosts == 0)
		fprintf(out, "  %s\n", no_path_reason(res));
	else {
		fprintf(out, "  %-4s %-5s %-*s  %-13s %s\n", "tier", "pref", w,
		    "exchange", "state", res->ttl_cache ? "addresses/TTL "
		    "left in the resolver's cache" : "addresses");
	}
	for (i = 0; i < res->nhosts; i++) {
		const struct mx_host *h = &res->hosts[i];
		char num[16], pref[16];

		/* hosts of one tier share its number: tried in random order */
		if (i == 0 || h->preference != res->hosts[i - 1].preference)
			try++;
		snprintf(num, sizeof(num), "%zu", try);
		snprintf(pref, sizeof(pref), "%u", h->preference);
		fprintf(out, "  %-4s %-5s %-*s  ", num, pref, w, h->exchange);
		paint_pad(out, color, h->usable ? C_GREEN : C_RED,
		    mx_host_state_name(h->state), 13);
		if (h->naddrs == 0)
			fputs(" -", out);
		for (j = 0; j < h->naddrs; j++) {
			fputc(' ', out);
			if (!h->addrs[j].routable)
				paint(out, color, C_RED, h->addrs[j].text);
			else
				fputs(h->addrs[j].text, out);
			fprintf(out, "/%u", h->addrs[j].ttl);
			print_addr_layers(out, res, &h->addrs[j], color);
		}
		fputc('\n', out);
		for (j = 0; j < h->ncnames; j++)
			fprintf(out, "  %-4s %-5s   alias -> %s\n", "", "",
			    h->cnames[j].target);
		for (j = 0; j < h->naddrs; j++)
			if (h->addrs[j].smtp != NULL)
				smtp_line(out, h, &h->addrs[j], color);
	}
	print_authority(out, res);
	print_policy(out, res, w);
	if (res->nfailures > 0) {
		fputs("Lookups that failed:\n", out);
		for (i = 0; i < res->nfailures; i++) {
			const struct mx_failure *f = &res->failures[i];

			fprintf(out, "  %s %s: %s%s%s\n", f->name,
			    f->type == MX_TYPE_MX ? "MX" : f->type ==
			    MX_TYPE_A ? "A" : f->type == MX_TYPE_AAAA ?
			    "AAAA" : "?", refused(f) ? "refused" :
			    mx_rcode_name(f->rcode), f->detail ? ", " : "",
			    f->detail ? f->detail : "");
		}
	}
	if (res->nfindings > 0) {
		fputs("Findings:\n", out);
		print_findings(out, res->findings, res->nfindings, color);
	}
	fprintf(out, "Status: ");
	paint(out, color, verdict_color(res->verdict),
	    mx_verdict_name(res->verdict));
	fprintf(out, " (%zu error%s, %zu warning%s, %zu info)",
	    res->counts[MX_SEV_ERROR],
	    res->counts[MX_SEV_ERROR] == 1 ? "" : "s",
	    res->counts[MX_SEV_WARNING],
	    res->counts[MX_SEV_WARNING] == 1 ? "" : "s",
	    res->counts[MX_SEV_INFO]);
	print_refusals(out, res);
	fputs("\n\n", out);
	return ferror(out) ? MX_ERR_IO : MX_OK;
}

/* One line per host in try order: PREF EXCHANGE ADDRESS... */
mx_status
mx_format_short(FILE *out, const struct mx_result *res)
{
	size_t i, j;

	for (i = 0; i < res->nhosts; i++) {
		const struct mx_host *h = &res->hosts[i];

		fprintf(out, "%u %s", h->preference, h->exchange);
		for (j = 0; j < h->naddrs; j++)
			fprintf(out, " %s", h->addrs[j].text);
		fputc('\n', out);
	}
	return ferror(out) ? MX_ERR_IO : MX_OK;
}

/*
 * dnssec.c -- the DNSSEC probe: libunbound validating in-process.
 *
 * libunbound forwards to the resolvers the live source asks (@server or
 * resolv.conf's) and validates what they send from the trust anchor
 * itself, so that the verdict does not rest on the resolver's AD bit.
 * Its work runs in the background worker libunbound makes (ub_ctx_async
 * with threads off: a forked process, libunbound's own); this file only
 * watches the pipe it answers on (ub_fd) on the context's loop and calls
 * ub_process when it is readable.  No thread here, no wait, no loop of
 * its own.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unbound.h>

#include "internal.h"
#include "loop.h"
#include "dnssec.h"

struct mx_dnssec_query {
	struct mx_dnssec_probe	*p;
	struct mx_dnssec_query	*prev, *next;
	mx_dnssec_fn		 fn;
	void			*arg;
	int			 id;
};

struct mx_dnssec_probe {
	struct ub_ctx		*ub;
	mx_loop			*loop;
	int			 fd;
	int			 watching;
	struct mx_dnssec_query	*inflight;
	size_t			 ninflight;
	struct mx_map		*fetched;	/* names whose keys were asked */
};

#define PREFETCH_NAMES	4096	/* names remembered; then no more */
#define PREFETCH_DEPTH	8	/* labels above a name */

/* RFC 8914 §4: the INFO-CODEs a validator's failure maps to. */
const char *
mx_ede_name(int code)
{
	static const char *const names[] = {
		"Other Error", "Unsupported DNSKEY Algorithm",
		"Unsupported DS Digest Type", "Stale Answer",
		"Forged Answer", "DNSSEC Indeterminate", "DNSSEC Bogus",
		"Signature Expired", "Signature Not Yet Valid",
		"DNSKEY Missing", "RRSIGs Missing", "No Zone Key Bit Set",
		"NSEC Missing", "Cached Error", "Not Ready", "Blocked",
		"Censored", "Filtered", "Prohibited", "Stale NXDOMAIN Answer",
		"Not Authoritative", "Not Supported", "No Reachable Authority",
		"Network Error", "Invalid Data",
		"Signature Expired before Valid", "Too Early",
		"Unsupported NSEC3 Iterations Value"
	};

	if (code < 0 || (size_t)code >= sizeof(names) / sizeof(names[0]))
		return NULL;
	return names[code];
}

/*
 * The INFO-CODE of a validation failure from libunbound's reason text
 * (its why_bogus, e.g. "validation failure <a.example. A IN>: signature
 * expired from 192.0.2.1 for key ..."), as Unbound's own EDE would say:
 * the first phrase found wins; 6 (DNSSEC Bogus) otherwise.
 */
int
mx_dnssec_ede_of_reason(const char *why)
{
	static const struct {
		const char	*phrase;
		int		 code;
	} map[] = {
		{ "signature expired", 7 },
		{ "signature before inception", 8 },
		{ "not yet valid", 8 },
		{ "no signatures", 10 },
		{ "no rrsig", 10 },
		{ "no dnskey", 9 },
		{ "dnskey missing", 9 },
		{ "no nsec", 12 },
		{ "unsupported algorithm", 1 },
		{ "nsec3 iterations", 27 },
	};
	size_t i, j, n;

	if (why == NULL)
		return 6;
	n = strlen(why);
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		size_t m = strlen(map[i].phrase);

		for (j = 0; j + m <= n; j++)
			if (strncasecmp(why + j, map[i].phrase, m) == 0)
				return map[i].code;
	}
	return 6;
}

/* Unbound's reasons start "validation failure <name type class>: ",
 * which repeats what the finding names: the rest. */
const char *
mx_dnssec_reason_tail(const char *why)
{
	const char *p;

	if (why != NULL && strncmp(why, "validation failure <", 20) == 0 &&
	    (p = strstr(why, ">: ")) != NULL)
		return p + 3;
	return why;
}

/* Watches the pipe while something is in flight, and not otherwise, so
 * that an idle probe keeps no loop awake. */
static void
update_watch(struct mx_dnssec_probe *p);

static void
on_readable(void *arg, int fd, unsigned events)
{
	struct mx_dnssec_probe *p = arg;

	(void)fd;
	(void)events;
	/* the callbacks run inside, from the loop */
	(void)ub_process(p->ub);
	update_watch(p);
}

static void
update_watch(struct mx_dnssec_probe *p)
{
	int want = p->ninflight > 0;

	if (p->loop == NULL || want == p->watching)
		return;
	if (mx_loop_watch(p->loop, p->fd, want ? MX_EV_READ : 0, on_readable,
	    p) == MX_OK)
		p->watching = want;
}

static void
query_unlink(struct mx_dnssec_query *q)
{
	struct mx_dnssec_probe *p = q->p;

	if (q->prev)
		q->prev->next = q->next;
	else
		p->inflight = q->next;
	if (q->next)
		q->next->prev = q->prev;
	p->ninflight--;
}

/*
 * libunbound's answer: secure, bogus (with its reason), insecure when
 * it answered and is neither, indeterminate when it could not answer
 * (an error, or SERVFAIL of its own: a dead forwarder is no DNSSEC
 * failure).
 */
static void
on_result(void *arg, int err, struct ub_result *r)
{
	struct mx_dnssec_query	*q = arg;
	enum mx_dnssec_state	 state;
	int			 ede = -1;
	char			 why[160];
	const char		*w = NULL;

	query_unlink(q);
	if (err != 0 || r == NULL) {
		state = MX_DNSSEC_INDETERMINATE;
		snprintf(why, sizeof(why), "validator: %s", ub_strerror(err));
		w = why;
	} else if (r->bogus) {
		state = MX_DNSSEC_BOGUS;
		w = r->why_bogus ? r->why_bogus : "validation failed";
		w = mx_dnssec_reason_tail(w);
		ede = mx_dnssec_ede_of_reason(w);
		/* the anchor's own keys could not be had through the
		 * resolvers (an authoritative server, or a forwarder that
		 * strips DNSSEC, in between): nothing is known of the
		 * domain's signatures, RFC 4035 §4.3's indeterminate */
		if (strstr(w, "trust anchor .") != NULL ||
		    strstr(w, "key for validation . ") != NULL) {
			state = MX_DNSSEC_INDETERMINATE;
			snprintf(why, sizeof(why), "no chain of trust from the "
			    "anchor through the resolvers: %s", w);
			w = why;
			ede = -1;
		}
	} else if (r->secure)
		state = MX_DNSSEC_SECURE;
	else if (r->rcode == 0 || r->rcode == 3)
		state = MX_DNSSEC_INSECURE;
	else {
		state = MX_DNSSEC_INDETERMINATE;
		snprintf(why, sizeof(why), "the validator got rcode %d",
		    r->rcode);
		w = why;
	}
	q->fn(q->arg, state, ede, w);
	if (r != NULL)
		ub_resolve_free(r);
	free(q);
}

/* The answer to the warm-up query: only the validator's cache wants it. */
static void
on_warmup(void *arg, int err, struct ub_result *r)
{
	(void)arg;
	(void)err;
	if (r != NULL)
		ub_resolve_free(r);
}

/*
 * Asks DS and DNSKEY of zone (once a run) without waiting for them: the
 * validator needs both at every zone cut between the anchor and an
 * answer, and asks them one cut after the other, a round trip each, once
 * the answer is in.  Asked now, beside the answer's own query, they are
 * in libunbound's cache when it gets there (RFC 4035 §5: the chain is
 * walked from the anchor down, but nothing stops it being fetched at
 * once).  Answers go to on_warmup; failures cost nothing but the query.
 */
static void
prefetch_zone(struct mx_dnssec_probe *p, const char *zone)
{
	if (p->fetched == NULL || mx_map_get(p->fetched, zone) != NULL ||
	    mx_map_count(p->fetched) >= PREFETCH_NAMES ||
	    mx_map_put(p->fetched, zone, p) != MX_OK)
		return;
	(void)ub_resolve_async(p->ub, zone, 43, 1, NULL, on_warmup, NULL);
	(void)ub_resolve_async(p->ub, zone, 48, 1, NULL, on_warmup, NULL);
}

/* The keys of every ancestor of name below the root (whose DNSKEY the
 * warm-up asked), and of name itself when self: an MX is asked at a
 * domain, which is often its zone's apex; an exchange's name seldom is. */
static void
prefetch_chain(struct mx_dnssec_probe *p, const char *name, int self)
{
	const char	*s = name;
	int		 depth = 0;

	if (!self) {
		while (*s != '\0' && *s != '.')
			s += s[0] == '\\' && s[1] != '\0' ? 2 : 1;
		if (*s == '.')
			s++;
	}
	while (*s != '\0' && strcmp(s, ".") != 0 && depth++ < PREFETCH_DEPTH) {
		prefetch_zone(p, s);
		while (*s != '\0' && *s != '.')
			s += s[0] == '\\' && s[1] != '\0' ? 2 : 1;
		if (*s == '.')
			s++;
	}
}

mx_status
mx_dnssec_probe_new(const char *forwarders, const char *anchor,
    struct mx_dnssec_probe **out, char **err)
{
	struct mx_dnssec_probe	*p;
	const char		*why;
	FILE			*fp;
	int			 rc;

	*out = NULL;
	*err = NULL;
	if (anchor == NULL)
		anchor = MX_TRUST_ANCHOR_DEFAULT;
	/* libunbound would say only "syntax error": name the file */
	if ((fp = mx_open_input(anchor, 0, NULL, &why)) == NULL) {
		*err = mx_asprintf("trust anchor %s: %s", anchor, why);
		return MX_ERR_IO;
	}
	fclose(fp);
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return MX_ERR_NOMEM;
	p->fd = -1;
	p->fetched = mx_map_new();	/* NULL: no prefetch, no harm */
	if ((p->ub = ub_ctx_create()) == NULL) {
		mx_map_free(p->fetched, NULL);
		free(p);
		*err = mx_asprintf("libunbound could not be initialised");
		return MX_ERR_SOURCE;
	}
	/* threads off: libunbound's worker is a process of its own, and
	 * answers on ub_fd */
	if ((rc = ub_ctx_async(p->ub, 0)) != 0 ||
	    (rc = ub_ctx_set_option(p->ub, "do-not-query-localhost:",
	    "no")) != 0 ||
	    (rc = ub_ctx_set_option(p->ub, "qname-minimisation:", "no")) !=
	    0) {
		*err = mx_asprintf("libunbound: %s", ub_strerror(rc));
		goto fail;
	}
	/* the resolvers decide what these names are (a lab's test., a
	 * site's home.arpa.): libunbound's built-in RFC 6761 answers must
	 * not shadow them */
	if ((rc = ub_ctx_set_option(p->ub, "local-zone:", "test. transparent"))
	    != 0 || (rc = ub_ctx_set_option(p->ub, "local-zone:",
	    "invalid. transparent")) != 0 || (rc = ub_ctx_set_option(p->ub,
	    "local-zone:", "home.arpa. transparent")) != 0) {
		*err = mx_asprintf("libunbound: %s", ub_strerror(rc));
		goto fail;
	}
	if ((rc = ub_ctx_add_ta_file(p->ub, anchor)) != 0) {
		*err = mx_asprintf("trust anchor %s: %s", anchor,
		    ub_strerror(rc));
		goto fail;
	}
	if (forwarders != NULL) {
		const char *s = forwarders;

		while (*s != '\0') {
			char	 one[80];
			size_t	 n = strcspn(s, ",");

			if (n > 0 && n < sizeof(one)) {
				memcpy(one, s, n);
				one[n] = '\0';
				if ((rc = ub_ctx_set_fwd(p->ub, one)) != 0) {
					*err = mx_asprintf("resolver %s: %s",
					    one, ub_strerror(rc));
					goto fail;
				}
			}
			s += n;
			if (*s == ',')
				s++;
		}
	}
	if ((p->fd = ub_fd(p->ub)) < 0) {
		*err = mx_asprintf("libunbound gives no descriptor");
		goto fail;
	}
	/*
	 * libunbound forks its worker at the first query, and the worker
	 * flushes the stdio buffers it inherited when it exits: forked
	 * while the caller's threads had output buffered, it would write
	 * that output a second time.  So the worker is made now, when the
	 * context is, with the buffers flushed, by asking what every
	 * validation needs first: the anchor's DNSKEY RRset.
	 */
	fflush(NULL);
	if (ub_resolve_async(p->ub, ".", 48, 1, NULL, on_warmup, NULL) != 0) {
		*err = mx_asprintf("libunbound could not start its worker");
		goto fail;
	}
	*out = p;
	return MX_OK;
fail:
	ub_ctx_delete(p->ub);
	mx_map_free(p->fetched, NULL);
	free(p);
	return MX_ERR_SOURCE;
}

mx_status
mx_dnssec_probe_attach(struct mx_dnssec_probe *p, mx_loop *loop)
{
	p->loop = loop;
	update_watch(p);
	return MX_OK;
}

void
mx_dnssec_probe_free(struct mx_dnssec_probe *p)
{
	struct mx_dnssec_query *q;

	if (p == NULL)
		return;
	while ((q = p->inflight) != NULL) {
		(void)ub_cancel(p->ub, q->id);
		query_unlink(q);
		free(q);
	}
	if (p->loop != NULL && p->watching)
		(void)mx_loop_watch(p->loop, p->fd, 0, on_readable, p);
	ub_ctx_delete(p->ub);
	mx_map_free(p->fetched, NULL);
	free(p);
}

mx_status
mx_dnssec_probe_ask(struct mx_dnssec_probe *p, const char *name,
    uint16_t type, mx_dnssec_fn fn, void *arg,
    struct mx_dnssec_query **out)
{
	struct mx_dnssec_query	*q;

	*out = NULL;
	if ((q = calloc(1, sizeof(*q))) == NULL)
		return MX_ERR_NOMEM;
	q->p = p;
	q->fn = fn;
	q->arg = arg;
	/* the answer comes through ub_process, from the loop */
	if (ub_resolve_async(p->ub, name, type, 1, q, on_result, &q->id) !=
	    0) {
		free(q);
		return MX_ERR_SOURCE;
	}
	prefetch_chain(p, name, type == 15);	/* MX */
	if ((q->next = p->inflight) != NULL)
		p->inflight->prev = q;
	p->inflight = q;
	p->ninflight++;
	update_watch(p);
	*out = q;
	return MX_OK;
}

void
mx_dnssec_probe_cancel(struct mx_dnssec_probe *p, struct mx_dnssec_query *q)
{
	if (p == NULL || q == NULL)
		return;
	(void)ub_cancel(p->ub, q->id);
	query_unlink(q);
	free(q);
	update_watch(p);
}

/*
 * auth_checks.c -- the findings of the authority layer: what the
 * authoritative servers of D's zone serve when asked directly
 * (mx-inconsistent, soa-serial-mismatch, ns-unreachable, ns-lame,
 * auth-unreachable).  Zonemaster's consistency tests are the model: only
 * servers that answer with authority are compared.
 */
#include <stdlib.h>
#include <string.h>

#include "checks.h"

/* "10 a.example. 20 b.example." of a server's MX answer, or its
 * outcome ("nodata", ...); caller frees. */
static char *
mx_set_text(const struct mx_auth_server *s)
{
	char	*t = NULL, *n;
	size_t	 i;

	if (s->mx_rcode != MX_ANSWER_OK)
		return strdup(mx_rcode_name(s->mx_rcode));
	for (i = 0; i < s->nmx; i++) {
		n = mx_asprintf("%s%s%u %s", t ? t : "", t ? " " : "",
		    s->mx[i].preference, s->mx[i].target);
		free(t);
		if ((t = n) == NULL)
			return NULL;
	}
	return t ? t : strdup("no MX");
}

/* The servers (OK ones) and what they serve, "ns1 (addr): SET; ...",
 * serials (serial: 1) or MX sets; caller frees. */
static char *
servers_text(const struct mx_authority *v, int serial)
{
	char	*t = NULL, *n, *set;
	size_t	 i;

	for (i = 0; i < v->nservers; i++) {
		const struct mx_auth_server *s = &v->servers[i];

		if (s->state != MX_AUTH_OK || (serial && !s->has_serial) ||
		    (!serial && s->mx_rcode == MX_ANSWER_TIMEOUT))
			continue;
		set = serial ? mx_asprintf("%u", s->serial) : mx_set_text(s);
		n = mx_asprintf("%s%s%s (%s) %s", t ? t : "", t ? ", " : "",
		    s->name, s->address, set ? set : "?");
		free(set);
		free(t);
		if ((t = n) == NULL)
			return NULL;
	}
	return t;
}

mx_status
mx_check_authority(struct mx_result *r, const struct mx_options *o)
{
	const struct mx_authority	*v = r->authority;
	mx_status			 st = MX_OK;
	char				*t;
	size_t				 i;

	if (v == NULL || v->state == MX_AUTHORITY_NO_ZONE)
		return MX_OK;
	if (v->state == MX_AUTHORITY_UNREACHABLE)
		return mx_result_finding(r, o, MX_CHECK_AUTH_UNREACHABLE,
		    v->zone, NULL, "none of the %zu authoritative server "
		    "address%s of %s answers from here (direct DNS blocked?): "
		    "authority and TTL checks skipped", v->nservers,
		    v->nservers == 1 ? "" : "es", v->zone);
	if (v->mx_differ) {
		t = servers_text(v, 0);
		st = mx_result_finding(r, o, MX_CHECK_MX_INCONSISTENT,
		    v->mx_name, NULL, "the authoritative servers of %s serve "
		    "different MX sets for %s: %s: which hosts get the mail "
		    "depends on the server a resolver asks", v->zone,
		    v->mx_name, t ? t : "?");
		free(t);
		if (st != MX_OK)
			return st;
	}
	if (v->serial_differ) {
		t = servers_text(v, 1);
		st = mx_result_finding(r, o, MX_CHECK_SOA_SERIAL_MISMATCH,
		    v->zone, NULL, "the authoritative servers of %s serve "
		    "different SOA serials: %s: a change has not reached every "
		    "server", v->zone, t ? t : "?");
		free(t);
		if (st != MX_OK)
			return st;
	}
	for (i = 0; i < v->nservers; i++) {
		const struct mx_auth_server *s = &v->servers[i];

		if (s->state == MX_AUTH_UNREACHABLE)
			st = mx_result_finding(r, o, MX_CHECK_NS_UNREACHABLE,
			    s->name, NULL, "the authoritative server %s%s%s%s "
			    "of %s does not answer (%s): resolvers that pick it "
			    "wait for a timeout", s->name, s->address ? " (" :
			    "", s->address ? s->address : "", s->address ? ")" :
			    "", v->zone, s->detail ? s->detail : "no answer");
		else if (s->state == MX_AUTH_LAME)
			st = mx_result_finding(r, o, MX_CHECK_NS_LAME, s->name,
			    NULL, "the authoritative server %s (%s) answers "
			    "without authority for %s (%s): resolvers that ask "
			    "it get no answer from it", s->name, s->address,
			    v->zone, s->detail ? s->detail : "not authoritative");
		if (st != MX_OK)
			return st;
	}
	return MX_OK;
}

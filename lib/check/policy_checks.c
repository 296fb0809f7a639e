/*
 * policy_checks.c -- the policy checks that need no network: lint's view
 * of the TLSA records of a zone (dane-tlsa-unusable: fields, digest
 * lengths, owners no sender asks for) and of its _mta-sts and _smtp._tls
 * TXT records (mta-sts-txt-invalid, tls-rpt-invalid); and diff's
 * mta-sts-mx-not-covered, an exchange added while the domain publishes
 * an MTA-STS policy.  The loader keeps these records whole (struct zraw)
 * and lists their owners (struct zpolicy); the words are here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ldns/ldns.h>

#include "checks.h"
#include "diff_checks.h"
#include "policy.h"
#include "../zone/store.h"

/* Octets of TXT text quoted in a message at most (then "..."). */
#define QUOTE_MAX	120

/*
 * The records of type at nd in file order (the node keeps them newest
 * first) into a new array *out of *n; MX_ERR_NOMEM when it cannot be
 * made.
 */
static mx_status
raw_of_type(const struct node *nd, uint16_t type, const struct zraw ***out,
    size_t *n)
{
	const struct zraw	*r, **v;
	size_t			 count = 0, i;

	*out = NULL;
	*n = 0;
	for (r = nd->raw; r != NULL; r = r->next)
		count += r->type == type;
	if (count == 0)
		return MX_OK;
	if ((v = calloc(count, sizeof(*v))) == NULL)
		return MX_ERR_NOMEM;
	i = count;
	for (r = nd->raw; r != NULL; r = r->next)
		if (r->type == type)
			v[--i] = r;
	*out = v;
	*n = count;
	return MX_OK;
}

/* The character-strings of a TXT record concatenated (RFC 8461 §3.1,
 * RFC 8460 §3), NUL-terminated, in a new string of *len octets. */
static char *
txt_text(const struct zraw *r, size_t *len)
{
	const uint8_t	*d = ZRAW_DATA(r);
	size_t		 rdlen = ZRAW_LEN(r), pos = 0, k;
	char		*s;

	*len = 0;
	if ((s = malloc(rdlen + 1)) == NULL)
		return NULL;
	while (pos < rdlen) {
		k = d[pos++];
		if (k > rdlen - pos)
			k = rdlen - pos;
		memcpy(s + *len, d + pos, k);
		*len += k;
		pos += k;
	}
	s[*len] = '\0';
	return s;
}

/* The owner of a node as first written. */
static const char *
node_name(const struct node *nd)
{
	return nd->name != NULL ? nd->name : nd->key;
}

/* The MX exchanges of every loaded zone, by lowercased name. */
static mx_status
exchanges_of(const mx_zone *z, struct mx_map **out)
{
	struct mx_map		*m;
	const struct node	*nd;
	char			*k;
	size_t			 i;
	uint32_t		 j;
	mx_status		 st = MX_OK;

	if ((m = mx_map_new()) == NULL)
		return MX_ERR_NOMEM;
	for (i = 0; i < z->nowners && st == MX_OK; i++) {
		if ((nd = zone_node(z, z->owners[i])) == NULL)
			continue;
		for (j = 0; j < nd->n && st == MX_OK; j++) {
			if (nd->rrs[j].type != MX_TYPE_MX ||
			    nd->rrs[j].u.n.target == NULL)
				continue;
			if ((k = mx_name_key(nd->rrs[j].u.n.target)) == NULL)
				st = MX_ERR_NOMEM;
			else
				st = mx_map_put(m, k, (void *)nd);
			free(k);
		}
	}
	if (st != MX_OK) {
		mx_map_free(m, NULL);
		return st;
	}
	*out = m;
	return MX_OK;
}

/* Whether name (lowercased) is an MX owner of z that takes mail: a null
 * MX (RFC 7505) names no exchange whose TLSA could be asked, and a TLSA
 * beside one is a deliberate trap for senders that ignore it. */
static int
mail_domain(const mx_zone *z, const char *name)
{
	const struct node	*nd = zone_node(z, name);
	uint32_t		 j;

	for (j = 0; nd != NULL && j < nd->n; j++)
		if (nd->rrs[j].type == MX_TYPE_MX &&
		    nd->rrs[j].u.n.target != NULL &&
		    strcmp(nd->rrs[j].u.n.target, ".") != 0)
			return 1;
	return 0;
}

/*
 * Where a TLSA RRset sits that no SMTP sender asks for, although it is
 * meant for mail: a sender asks for _25._tcp.EXCHANGE (RFC 7672 §2.2.3,
 * RFC 6698 §3).  At _25._tcp under a mail domain that is not also an
 * exchange, the records belong at its exchanges; _smtp._tcp is the
 * service name where the port number belongs; at an exchange itself the
 * prefix is missing.  _25._tcp under a name that no MX of the loaded
 * zones names says nothing: it may be the exchange of a domain in
 * another zone, and TLSA for other services (_443._tcp) are no mail.
 * Returns the message's tail into buf (size bytes), or NULL.
 */
static const char *
tlsa_misplaced(const mx_zone *z, const struct mx_map *exchanges,
    const char *key, char *buf, size_t size)
{
	const char	*x;

	if (strncmp(key, "_25._tcp.", 9) == 0) {
		x = key + 9;
		if (mx_map_get(exchanges, x) != NULL || !mail_domain(z, x))
			return NULL;
		snprintf(buf, size, "at a mail domain, where SMTP senders "
		    "never ask: they ask at _25._tcp of each exchange the MX "
		    "records of %s name (RFC 7672 §2.2.3)", x);
		return buf;
	}
	if (strncmp(key, "_smtp._tcp.", 11) == 0) {
		x = key + 11;
		if (mx_map_get(exchanges, x) == NULL && !mail_domain(z, x))
			return NULL;
		snprintf(buf, size, "under the service name, where SMTP "
		    "senders never ask: they ask at _25._tcp.%s, the port "
		    "number (RFC 6698 §3)", x);
		return buf;
	}
	if (key[0] != '_' && mx_map_get(exchanges, key) != NULL) {
		snprintf(buf, size, "at the exchange itself, where SMTP "
		    "senders never ask: they ask at _25._tcp.%s (RFC 6698 §3, "
		    "RFC 7672 §2.2.3)", key);
		return buf;
	}
	return NULL;
}

/* dane-tlsa-unusable for the TLSA records of one node: the fields of
 * each record at a _25._tcp owner, and where the RRset sits. */
static mx_status
tlsa_findings(const mx_zone *z, const struct mx_options *opt,
    const struct mx_map *exchanges, const struct node *nd,
    struct mx_finding **v, size_t *n)
{
	const struct zraw	**r;
	const char		 *why, *file;
	const char		 *owner = node_name(nd);
	const struct zraw	 *first;
	char			  mn[MX_TLSA_MNEMONIC_MAX], tail[700];
	size_t			  nr, i, usable = 0;
	const uint8_t		 *d;
	mx_status		  st;

	if ((st = raw_of_type(nd, LDNS_RR_TYPE_TLSA, &r, &nr)) != MX_OK ||
	    nr == 0)
		return st;
	first = r[0];
	/* the SMTP rules only where SMTP senders ask (RFC 7672 §2.2.3):
	 * usage 0 is fine for HTTPS at _443._tcp */
	if (strncmp(nd->key, "_25._tcp.", 9) != 0)
		nr = 0;
	for (i = 0; i < nr; i++)
		if (ZRAW_LEN(r[i]) >= 3)
			usable += mx_tlsa_unusable(ZRAW_DATA(r[i])[0],
			    ZRAW_DATA(r[i])[1], ZRAW_DATA(r[i])[2],
			    ZRAW_LEN(r[i]) - 3) == NULL;
	for (i = 0; i < nr && st == MX_OK; i++) {
		d = ZRAW_DATA(r[i]);
		file = zone_raw_file(z, r[i]);
		if (ZRAW_LEN(r[i]) < 3) {
			/* ldns refuses these; a record of another loader */
			st = mx_finding_add(v, n, opt,
			    MX_CHECK_DANE_TLSA_UNUSABLE, owner, file,
			    r[i]->line, zone_raw_ignore(r[i]), "%s TLSA record of "
			    "%zu octets: it has no usage, selector and "
			    "matching type (RFC 6698 §2.1)", owner,
			    ZRAW_LEN(r[i]));
			continue;
		}
		if ((why = mx_tlsa_unusable(d[0], d[1], d[2],
		    ZRAW_LEN(r[i]) - 3)) == NULL)
			continue;
		mx_tlsa_mnemonic(d[0], d[1], d[2], mn, sizeof(mn));
		st = mx_finding_add(v, n, opt, MX_CHECK_DANE_TLSA_UNUSABLE,
		    owner, file, r[i]->line, zone_raw_ignore(r[i]),
		    "%s TLSA %s: %s, so DANE senders skip it; %s", owner,
		    mn, why, usable > 0 ? "other records of the set are "
		    "usable" : "no record of the set is usable: DANE senders "
		    "then require TLS but authenticate nothing");
	}
	if (st == MX_OK && (why = tlsa_misplaced(z, exchanges, nd->key,
	    tail, sizeof(tail))) != NULL && first != NULL) {
		st = mx_finding_add_severity(v, n, opt,
		    MX_CHECK_DANE_TLSA_UNUSABLE, MX_SEV_INFO,
		    owner, zone_raw_file(z, first), first->line,
		    zone_raw_ignore(first), "%s: TLSA records %s", owner, why);
	}
	free(r);
	return st;
}

/* Whether s[0..n) holds word, ignoring ASCII case. */
static int
has_word(const char *s, size_t n, const char *word)
{
	size_t	w = strlen(word), i;

	for (i = 0; i + w <= n; i++)
		if (strncasecmp(s + i, word, w) == 0)
			return 1;
	return 0;
}

/* Lines of the first and of this record, as a message names them. */
static void
two_lines(char *buf, size_t size, const struct zraw *first,
    const struct zraw *this)
{
	snprintf(buf, size, "lines %lu and %lu", (unsigned long)first->line,
	    (unsigned long)this->line);
}

/*
 * mta-sts-txt-invalid or tls-rpt-invalid for the TXT records of one
 * node: each record of the version that does not parse; a record that
 * means to be one but does not start with the version (it is discarded);
 * and a second record of the version, which makes senders ignore them
 * all (RFC 8461 §3.1, RFC 8460 §3).
 */
static mx_status
txt_findings(const mx_zone *z, const struct mx_options *opt, int sts,
    const struct node *nd, struct mx_finding **v, size_t *n)
{
	const struct zraw	**r, *first = NULL;
	enum mx_check_id	  id = sts ? MX_CHECK_MTA_STS_TXT_INVALID :
				    MX_CHECK_TLS_RPT_INVALID;
	const char		 *tag = sts ? "v=STSv1" : "v=TLSRPTv1";
	const char		 *rfc = sts ? "RFC 8461 §3.1" : "RFC 8460 §3";
	const char		 *owner = node_name(nd);
	char			  err[256], q[QUOTE_MAX + 8], lines[64];
	char			 *text, **rua, id33[33];
	size_t			  nr, i, len, nrua, count = 0;
	int			  r_sts, r_rpt;
	mx_status		  st;

	if ((st = raw_of_type(nd, LDNS_RR_TYPE_TXT, &r, &nr)) != MX_OK)
		return st;
	for (i = 0; i < nr && st == MX_OK; i++) {
		if ((text = txt_text(r[i], &len)) == NULL) {
			st = MX_ERR_NOMEM;
			break;
		}
		mx_escape_buf(text, len, q, sizeof(q));
		if (sts) {
			r_sts = mx_sts_txt_parse(text, len, id33, err,
			    sizeof(err));
			r_rpt = r_sts == MX_STS_TXT_OTHER ? 0 :
			    r_sts == MX_STS_TXT_VALID ? 1 : 2;
		} else {
			r_rpt = mx_tls_rpt_parse(text, len, &rua, &nrua, err,
			    sizeof(err));
			if (r_rpt == MX_RPT_TXT_VALID)
				mx_tls_rpt_rua_free(rua, nrua);
			r_rpt = r_rpt == MX_RPT_TXT_OTHER ? 0 :
			    r_rpt == MX_RPT_TXT_VALID ? 1 : 2;
		}
		if (r_rpt == 0) {
			/* the version elsewhere: meant to be one */
			if (has_word(text, len, tag + 2))
				st = mx_finding_add(v, n, opt, id, owner,
				    zone_raw_file(z, r[i]), r[i]->line,
				    zone_raw_ignore(r[i]), "%s TXT \"%s\" does not "
				    "start with \"%s;\": senders discard it "
				    "(%s)", owner, q, tag, rfc);
			free(text);
			continue;
		}
		if (r_rpt == 2)
			st = mx_finding_add(v, n, opt, id, owner,
			    zone_raw_file(z, r[i]), r[i]->line, zone_raw_ignore(r[i]),
			    "%s TXT \"%s\": %s: %s (%s)", owner, q, err,
			    sts ? "senders ignore it, and with it the domain's "
			    "MTA-STS policy" : "senders send no TLS reports",
			    rfc);
		if (st == MX_OK && ++count == 2) {
			two_lines(lines, sizeof(lines), first, r[i]);
			st = mx_finding_add(v, n, opt, id, owner,
			    zone_raw_file(z, r[i]), r[i]->line, zone_raw_ignore(r[i]),
			    "%s has more than one %s record (%s): %s (%s)",
			    owner, tag, lines, sts ? "senders then ignore "
			    "MTA-STS for the domain" : "senders then assume "
			    "the domain wants no TLS reports", rfc);
		}
		if (first == NULL)
			first = r[i];
		free(text);
	}
	free(r);
	return st;
}

mx_status
mx_policy_zone_findings(const mx_zone *z, const struct mx_options *opt,
    struct mx_finding **v, size_t *n)
{
	const struct zpolicy	*p;
	const struct node	*nd;
	const struct zraw	*r;
	struct mx_map		*exchanges = NULL;
	int			 tlsa, txt;
	mx_status		 st = MX_OK;

	for (p = z->policy; p != NULL && st == MX_OK; p = p->next) {
		nd = p->node;
		tlsa = txt = 0;
		for (r = nd->raw; r != NULL; r = r->next) {
			tlsa |= r->type == LDNS_RR_TYPE_TLSA;
			txt |= r->type == LDNS_RR_TYPE_TXT;
		}
		if (tlsa && exchanges == NULL)
			st = exchanges_of(z, &exchanges);
		if (st == MX_OK && tlsa)
			st = tlsa_findings(z, opt, exchanges, nd, v, n);
		if (st == MX_OK && txt && strncmp(nd->key, "_mta-sts.", 9) == 0)
			st = txt_findings(z, opt, 1, nd, v, n);
		else if (st == MX_OK && txt &&
		    strncmp(nd->key, "_smtp._tls.", 11) == 0)
			st = txt_findings(z, opt, 0, nd, v, n);
	}
	mx_map_free(exchanges, NULL);
	return st;
}

/* The first v=STSv1 TXT record at _mta-sts.domain in z, or NULL; its id
 * into id (empty when the record is malformed). */
static const struct zraw *
sts_record(const mx_zone *z, const char *domain, char id[33])
{
	const struct node	*nd;
	const struct zraw	*r, *found = NULL;
	char			*name, *text, err[8];
	size_t			 len;

	id[0] = '\0';
	if (z == NULL || domain == NULL ||
	    (name = mx_asprintf("_mta-sts.%s", domain)) == NULL)
		return NULL;
	nd = zone_node(z, name);
	free(name);
	for (r = nd != NULL ? nd->raw : NULL; r != NULL; r = r->next) {
		if (r->type != LDNS_RR_TYPE_TXT ||
		    (text = txt_text(r, &len)) == NULL)
			continue;
		/* the list is newest first: the last one found is first */
		if (mx_sts_txt_parse(text, len, id, err, sizeof(err)) !=
		    MX_STS_TXT_OTHER)
			found = r;
		free(text);
	}
	if (found != NULL && (text = txt_text(found, &len)) != NULL) {
		(void)mx_sts_txt_parse(text, len, id, err, sizeof(err));
		free(text);
	}
	return found;
}

mx_status
mx_check_mta_sts_added(struct mx_finding **v, size_t *n,
    const struct mx_options *opt, const struct mx_result *nr,
    const struct mx_path_change *c, size_t nc)
{
	const struct mx_record	*rec;
	const char		*domain;
	char			 id[33], idtext[48];
	size_t			 i, j;
	mx_status		 st = MX_OK;

	if (nr == NULL || opt == NULL || opt->zone == NULL)
		return MX_OK;
	domain = nr->canonical ? nr->canonical : nr->domain;
	for (i = 0; i < nc && st == MX_OK; i++) {
		if (c[i].kind != MX_CHANGE_ADDED || c[i].exchange == NULL)
			continue;
		if (sts_record(opt->zone, domain, id) == NULL)
			return MX_OK;
		rec = nr->nmx > 0 ? &nr->mx[0] : NULL;
		for (j = 0; j < nr->nmx; j++)
			if (nr->mx[j].target != NULL &&
			    mx_name_eq(nr->mx[j].target, c[i].exchange)) {
				rec = &nr->mx[j];
				break;
			}
		idtext[0] = '\0';
		if (id[0] != '\0')
			snprintf(idtext, sizeof(idtext), " (id %s)", id);
		/* RFC 8461 §4.1: unlisted, refused in enforce mode */
		st = mx_finding_add_severity(v, n, opt,
		    MX_CHECK_MTA_STS_MX_NOT_COVERED, MX_SEV_INFO, c[i].exchange,
		    rec ? rec->file : NULL, rec ? rec->line : 0,
		    rec ? rec->ignore : NULL, "%s joins the MX set of %s, "
		    "whose _mta-sts.%s record%s announces an MTA-STS policy: "
		    "the MTA-STS policy must list %s before the change is "
		    "published, with a new id in the record, or senders that "
		    "enforce it refuse the new host (RFC 8461 §4.1); they may "
		    "hold the old policy for its max_age", c[i].exchange,
		    domain, domain, idtext, c[i].exchange);
	}
	return st;
}

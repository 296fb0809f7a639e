/*
 * answer.c -- the answer object (mx_answer_new and friends) and the
 * reduction of a DNS response to one (mx_answer_from_wire).
 *
 * An answer is a struct answer: the public struct first, then the arrays
 * and strings it owns, so that the public pointers can stay const.  An
 * answer made by mx_answer_dup is one allocation (the cache holds
 * thousands); the same free serves both kinds, and one that is changed
 * after the copy takes a section or a string out of the block first.
 *
 * The reduction is a pure function of the bytes: ldns parses them, a
 * walk over the wire checks what ldns lets pass, and the answer section
 * is read from the asked name along its CNAME chain (RFC 1034 §3.6.2,
 * RFC 6604).
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include "internal.h"
#include "answer.h"

#define NSECTIONS	4
#define ALIGN8(x)	(((x) + 7) & ~(size_t)7)

/* RR types and classes by number, as the wire has them. */
#define T_A		1
#define T_NS		2
#define T_CNAME		5
#define T_SOA		6
#define T_PTR		12
#define T_MX		15
#define T_AAAA		28
#define T_OPT		41
#define T_TSIG		250
#define C_IN		1

/* RCODEs (RFC 1035 §4.1.1) and the EDE option code (RFC 8914 §2). */
#define RCODE_NOERROR	0
#define RCODE_FORMERR	1
#define RCODE_SERVFAIL	2
#define RCODE_NXDOMAIN	3
#define RCODE_NOTIMP	4
#define RCODE_REFUSED	5
#define OPTION_EDE	15

struct answer {
	struct mx_answer	 pub;		/* first: one pointer */
	struct mx_record	*sec[NSECTIONS];	/* owned arrays; NULL
						 * while a section lies in
						 * the block of a copy */
	size_t			 cap[NSECTIONS];
	char			*detail;	/* owned strings, or NULL */
	char			*server;
	char			*ede_text;
};

/* The public array pointer and count of section s of a; s is one of the
 * four (the callers check). */
static const struct mx_record **
section_slot(struct mx_answer *a, enum mx_section s, size_t **n)
{
	switch (s) {
	case MX_SECTION_ANSWER:
		*n = &a->nrecords;
		return &a->records;
	case MX_SECTION_CNAME:
		*n = &a->ncnames;
		return &a->cnames;
	case MX_SECTION_AUTHORITY:
		*n = &a->nauthority;
		return &a->authority;
	case MX_SECTION_ADDITIONAL:
	default:
		break;
	}
	*n = &a->nadditional;
	return &a->additional;
}

/* The records and count of section s of a read-only answer. */
static const struct mx_record *
section_view(const struct mx_answer *a, int s, size_t *n)
{
	const struct mx_record	**arr;
	size_t			 *np;

	arr = section_slot((struct mx_answer *)a, (enum mx_section)s, &np);
	*n = *np;
	return *arr;
}

/*
 * Makes section s of w an array w owns: a section that lies in the block
 * of a copy is copied out of it first.  Returns MX_ERR_NOMEM when that
 * fails (the section is left as it was).
 */
static mx_status
section_own(struct answer *w, enum mx_section s)
{
	const struct mx_record	**arr;
	struct mx_record	 *copy;
	size_t			 *n, i;
	mx_status		  st;

	arr = section_slot(&w->pub, s, &n);
	if (w->sec[s] != NULL || *n == 0)
		return MX_OK;
	if ((copy = calloc(*n, sizeof(*copy))) == NULL)
		return MX_ERR_NOMEM;
	for (i = 0; i < *n; i++) {
		if ((st = mx_record_copy(&copy[i], &(*arr)[i])) != MX_OK) {
			mx_records_free(copy, i);
			return st;
		}
	}
	w->sec[s] = copy;
	w->cap[s] = *n;
	*arr = copy;
	return MX_OK;
}

/* Appends rec to section s of w, taking what it holds; rec is left
 * zeroed either way (cleared when out of memory). */
static mx_status
answer_take(struct answer *w, enum mx_section s, struct mx_record *rec)
{
	const struct mx_record	**arr;
	struct mx_record	 *slot;
	size_t			 *n;
	mx_status		  st;

	arr = section_slot(&w->pub, s, &n);
	if ((st = section_own(w, s)) != MX_OK) {
		mx_record_clear(rec);
		return st;
	}
	slot = mx_vec_push(&w->sec[s], n, &w->cap[s], sizeof(*slot));
	if (slot == NULL) {
		mx_record_clear(rec);
		return MX_ERR_NOMEM;
	}
	*arr = w->sec[s];
	*slot = *rec;
	memset(rec, 0, sizeof(*rec));
	return MX_OK;
}

/* Frees section s of ans (the ones it owns) and leaves it empty. */
void
mx_answer_drop(struct mx_answer *ans, enum mx_section s)
{
	struct answer		 *w = (struct answer *)ans;
	const struct mx_record	**arr;
	size_t			 *n;

	if (ans == NULL || (int)s < 0 || (int)s >= NSECTIONS)
		return;
	arr = section_slot(ans, s, &n);
	if (w->sec[s] != NULL)
		mx_records_free(w->sec[s], *n);
	w->sec[s] = NULL;
	w->cap[s] = 0;
	*arr = NULL;
	*n = 0;
}

/* Frees the sections w owns and empties all four. */
static void
sections_clear(struct answer *w)
{
	int s;

	for (s = 0; s < NSECTIONS; s++)
		mx_answer_drop(&w->pub, (enum mx_section)s);
}

/* Replaces an owned string and its public pointer with a copy of s (NULL
 * clears); MX_ERR_NOMEM leaves both as they were. */
static mx_status
set_string(char **owned, const char **pub, const char *s)
{
	char *copy = NULL;

	if (s != NULL && (copy = strdup(s)) == NULL)
		return MX_ERR_NOMEM;
	free(*owned);
	*owned = copy;
	*pub = copy;
	return MX_OK;
}

mx_status
mx_answer_new(struct mx_answer **out)
{
	struct answer *w;

	if (out == NULL)
		return MX_ERR_ARG;
	*out = NULL;
	if ((w = calloc(1, sizeof(*w))) == NULL)
		return MX_ERR_NOMEM;
	w->pub.rcode = MX_ANSWER_OK;
	w->pub.dns_rcode = -1;
	w->pub.ede = -1;
	*out = &w->pub;
	return MX_OK;
}

mx_status
mx_answer_add(struct mx_answer *ans, enum mx_section section,
    const struct mx_record *rec)
{
	struct mx_record	copy;
	mx_status		st;

	if (ans == NULL || rec == NULL || (unsigned)section >= NSECTIONS)
		return MX_ERR_ARG;
	if ((st = mx_record_copy(&copy, rec)) != MX_OK)
		return st;
	return answer_take((struct answer *)ans, section, &copy);
}

mx_status
mx_answer_set_detail(struct mx_answer *ans, const char *detail)
{
	struct answer *w = (struct answer *)ans;

	if (ans == NULL)
		return MX_ERR_ARG;
	return set_string(&w->detail, &ans->detail, detail);
}

/* Sets the EDE INFO-CODE (RFC 8914 §2: 16 bits, -1 for none) and its
 * EXTRA-TEXT; MX_ERR_ARG for a code out of range. */
mx_status
mx_answer_set_ede(struct mx_answer *ans, int code, const char *text)
{
	struct answer	*w = (struct answer *)ans;
	mx_status	 st;

	if (ans == NULL || code < -1 || code > 0xffff)
		return MX_ERR_ARG;
	if ((st = set_string(&w->ede_text, &ans->ede_text, text)) != MX_OK)
		return st;
	ans->ede = code;
	return MX_OK;
}

mx_status
mx_answer_set_server(struct mx_answer *ans, const char *server,
    unsigned port)
{
	struct answer	*w = (struct answer *)ans;
	mx_status	 st;

	if (ans == NULL)
		return MX_ERR_ARG;
	if ((st = set_string(&w->server, &ans->server, server)) != MX_OK)
		return st;
	ans->port = port;
	return MX_OK;
}

/* Adds the size of s with its NUL to *size; 0 on overflow. */
static int
add_str_size(size_t *size, const char *s)
{
	size_t n;

	if (s == NULL)
		return 1;
	n = strlen(s) + 1;
	if (n > SIZE_MAX - *size)
		return 0;
	*size += n;
	return 1;
}

/* Copies s to *p and moves *p past it; NULL stays NULL. */
static char *
pack_str(char **p, const char *s)
{
	char	*out = *p;
	size_t	 n;

	if (s == NULL)
		return NULL;
	n = strlen(s) + 1;
	memcpy(out, s, n);
	*p += n;
	return out;
}

/*
 * One block: the struct answer, then the four record arrays (each 8-byte
 * aligned), then every string of the answer and of its records.  The
 * records' file pointers are the zone's and are copied as they are.
 */
mx_status
mx_answer_dup(const struct mx_answer *ans, struct mx_answer **out)
{
	const struct mx_record	*src[NSECTIONS];
	struct mx_record	*dst;
	struct answer		*w;
	size_t			 n[NSECTIONS], off[NSECTIONS], size, i;
	char			*base, *p;
	int			 s;

	if (out != NULL)
		*out = NULL;
	if (ans == NULL || out == NULL)
		return MX_ERR_ARG;
	size = ALIGN8(sizeof(*w));
	for (s = 0; s < NSECTIONS; s++) {
		src[s] = section_view(ans, s, &n[s]);
		off[s] = size;
		if (n[s] > (SIZE_MAX - size - 8) / sizeof(*dst))
			return MX_ERR_NOMEM;
		size += ALIGN8(n[s] * sizeof(*dst));
	}
	if (!add_str_size(&size, ans->detail) ||
	    !add_str_size(&size, ans->server) ||
	    !add_str_size(&size, ans->ede_text))
		return MX_ERR_NOMEM;
	for (s = 0; s < NSECTIONS; s++)
		for (i = 0; i < n[s]; i++)
			if (!add_str_size(&size, src[s][i].owner) ||
			    !add_str_size(&size, src[s][i].target) ||
			    !add_str_size(&size, src[s][i].address) ||
			    !add_str_size(&size, src[s][i].ignore) ||
			    !add_str_size(&size, src[s][i].written))
				return MX_ERR_NOMEM;
	if ((base = malloc(size)) == NULL)
		return MX_ERR_NOMEM;
	w = (struct answer *)base;
	memset(w, 0, sizeof(*w));
	w->pub = *ans;
	p = base + off[NSECTIONS - 1] + ALIGN8(n[NSECTIONS - 1] *
	    sizeof(*dst));
	w->pub.detail = pack_str(&p, ans->detail);
	w->pub.server = pack_str(&p, ans->server);
	w->pub.ede_text = pack_str(&p, ans->ede_text);
	for (s = 0; s < NSECTIONS; s++) {
		const struct mx_record	**arr;
		size_t			 *np;

		arr = section_slot(&w->pub, (enum mx_section)s, &np);
		dst = n[s] > 0 ? (struct mx_record *)(void *)(base + off[s]) :
		    NULL;
		for (i = 0; i < n[s]; i++) {
			dst[i] = src[s][i];
			dst[i].owner = pack_str(&p, src[s][i].owner);
			dst[i].target = pack_str(&p, src[s][i].target);
			dst[i].address = pack_str(&p, src[s][i].address);
			dst[i].ignore = pack_str(&p, src[s][i].ignore);
			dst[i].written = pack_str(&p, src[s][i].written);
		}
		*arr = dst;
		*np = n[s];
	}
	*out = &w->pub;
	return MX_OK;
}

void
mx_answer_free(struct mx_answer *ans)
{
	struct answer *w = (struct answer *)ans;

	if (ans == NULL)
		return;
	sections_clear(w);
	free(w->detail);
	free(w->server);
	free(w->ede_text);
	free(w);
}

/*
 * The reduction.
 */

/* What the reduction of one response works on. */
struct reduction {
	const ldns_pkt	*pkt;
	const ldns_rdf	*qname;
	uint16_t	 qtype;
	int		 rcode;		/* with the EDNS extension */
	struct answer	*ans;
};

/* The wire length of the name at w[off] up to its root label or its
 * compression pointer (RFC 1035 §4.1.4), within end; 0 when malformed. */
static size_t
name_len(const uint8_t *w, size_t end, size_t off)
{
	size_t p = off;

	while (p < end) {
		uint8_t c = w[p];

		if (c == 0)
			return p + 1 - off;
		if ((c & 0xc0) == 0xc0)
			return p + 2 <= end ? p + 2 - off : 0;
		if ((c & 0xc0) != 0)
			return 0;
		p += 1 + (size_t)c;
	}
	return 0;
}

/*
 * 1 when the RDATA w[off..off+rdlen) holds exactly the fields of type,
 * for the types an answer keeps (RFC 1035 §3.3, §3.4.1, RFC 3596 §2.2);
 * any other type is not looked at.
 */
static int
rdata_fits(const uint8_t *w, size_t off, size_t rdlen, uint16_t type)
{
	size_t end = off + rdlen, n, m;

	switch (type) {
	case T_A:
		return rdlen == 4;
	case T_AAAA:
		return rdlen == 16;
	case T_NS:
	case T_CNAME:
	case T_PTR:
		return name_len(w, end, off) == rdlen;
	case T_MX:
		return rdlen > 2 && name_len(w, end, off + 2) == rdlen - 2;
	case T_SOA:
		if ((n = name_len(w, end, off)) == 0 ||
		    (m = name_len(w, end, off + n)) == 0)
			return 0;
		return n + m + 20 == rdlen;
	default:
		return 1;
	}
}

/*
 * Checks what ldns lets pass: it reads an A's four octets from an RDATA
 * of five and goes on from there.  Walks the message by its RDLENGTHs,
 * checks the RDATA of every IN record of a kept type, and that ldns saw
 * the same records in the same order (its additional list lacks OPT and
 * TSIG).  Returns 1 when consistent, 0 when not.
 */
static int
wire_consistent(const uint8_t *w, size_t len, const ldns_pkt *pkt)
{
	const ldns_rr_list	*lists[3];
	size_t			 off = 12, i, k, n, count;
	int			 s;

	lists[0] = ldns_pkt_answer(pkt);
	lists[1] = ldns_pkt_authority(pkt);
	lists[2] = ldns_pkt_additional(pkt);
	if (len < 12)
		return 0;
	count = (size_t)w[4] << 8 | w[5];
	if (count != ldns_rr_list_rr_count(ldns_pkt_question(pkt)))
		return 0;
	for (i = 0; i < count; i++) {
		if ((n = name_len(w, len, off)) == 0 || len - off - n < 4)
			return 0;
		off += n + 4;
	}
	for (s = 0; s < 3; s++) {
		count = (size_t)w[6 + 2 * s] << 8 | w[7 + 2 * s];
		for (i = k = 0; i < count; i++) {
			uint16_t	type, class;
			size_t		rdlen;

			if ((n = name_len(w, len, off)) == 0 ||
			    len - off - n < 10)
				return 0;
			off += n;
			type = (uint16_t)(w[off] << 8 | w[off + 1]);
			class = (uint16_t)(w[off + 2] << 8 | w[off + 3]);
			rdlen = (size_t)w[off + 8] << 8 | w[off + 9];
			off += 10;
			if (len - off < rdlen)
				return 0;
			if (class == C_IN && !rdata_fits(w, off, rdlen, type))
				return 0;
			off += rdlen;
			if (s == 2 && (type == T_OPT || type == T_TSIG))
				continue;
			if (k >= ldns_rr_list_rr_count(lists[s]) ||
			    (uint16_t)ldns_rr_get_type(
			    ldns_rr_list_rr(lists[s], k)) != type)
				return 0;
			k++;
		}
		if (k != ldns_rr_list_rr_count(lists[s]))
			return 0;
	}
	return 1;
}

/* 1 when two wire names are equal, ASCII case aside (RFC 4343 §3): the
 * length octets are below 'A' and stay as they are. */
static int
dname_eq(const ldns_rdf *a, const ldns_rdf *b)
{
	const uint8_t	*p, *q;
	size_t		 i, n;

	if (a == NULL || b == NULL ||
	    ldns_rdf_get_type(a) != LDNS_RDF_TYPE_DNAME ||
	    ldns_rdf_get_type(b) != LDNS_RDF_TYPE_DNAME ||
	    (n = ldns_rdf_size(a)) != ldns_rdf_size(b))
		return 0;
	p = ldns_rdf_data(a);
	q = ldns_rdf_data(b);
	for (i = 0; i < n; i++) {
		uint8_t x = p[i], y = q[i];

		if (x >= 'A' && x <= 'Z')
			x = (uint8_t)(x + 32);
		if (y >= 'A' && y <= 'Z')
			y = (uint8_t)(y + 32);
		if (x != y)
			return 0;
	}
	return 1;
}

/* 1 when rr is of type, class IN, and owned by name. */
static int
rr_is(const ldns_rr *rr, uint16_t type, const ldns_rdf *name)
{
	return (uint16_t)ldns_rr_get_type(rr) == type &&
	    ldns_rr_get_class(rr) == LDNS_RR_CLASS_IN &&
	    (name == NULL || dname_eq(ldns_rr_owner(rr), name));
}

/* The 32-bit integer field rdf in *v; 0 when it is none. */
static int
rdf_u32(const ldns_rdf *rdf, uint32_t *v)
{
	if (rdf == NULL || ldns_rdf_size(rdf) != 4)
		return 0;
	*v = ldns_rdf2native_int32(rdf);
	return 1;
}

/*
 * Converts rr into out as live.c's convert() does: the owner as written,
 * names in presentation form (RFC 1035 §5.1), MX preference and exchange,
 * CNAME, NS and PTR targets, A and AAAA addresses as text; SOA gives its
 * MNAME and serial.  Other types keep owner, type and TTL only.  Returns
 * MX_ERR_SOURCE when the rdata is not what the type says (out cleared),
 * MX_ERR_NOMEM when out of memory.
 */
static mx_status
convert(const ldns_rr *rr, struct mx_record *out)
{
	const ldns_rdf	*rd0 = ldns_rr_rdf(rr, 0);
	size_t		 nrd = ldns_rr_rd_count(rr);
	const char	*target = NULL, *address = NULL;
	char		 owner[MX_NAME_TEXT_MAX], name[MX_NAME_TEXT_MAX];
	char		 addr[INET6_ADDRSTRLEN];
	mx_status	 st = MX_ERR_SOURCE;

	memset(out, 0, sizeof(*out));
	out->type = (uint16_t)ldns_rr_get_type(rr);
	out->ttl = ldns_rr_ttl(rr);
	if (mx_rdf_name_buf(ldns_rr_owner(rr), owner) == NULL)
		goto done;
	switch (out->type) {
	case T_MX:
		if (nrd != 2 || ldns_rdf_size(rd0) != 2 ||
		    (target = mx_rdf_name_buf(ldns_rr_rdf(rr, 1), name)) ==
		    NULL)
			goto done;
		out->preference = ldns_rdf2native_int16(rd0);
		break;
	case T_CNAME:
	case T_NS:
	case T_PTR:
		if (nrd != 1 || (target = mx_rdf_name_buf(rd0, name)) == NULL)
			goto done;
		break;
	case T_SOA:
		if (nrd != 7 || (target = mx_rdf_name_buf(rd0, name)) == NULL ||
		    !rdf_u32(ldns_rr_rdf(rr, 2), &out->serial))
			goto done;
		break;
	case T_A:
	case T_AAAA:
		if (nrd != 1 || ldns_rdf_get_type(rd0) != (out->type == T_A ?
		    LDNS_RDF_TYPE_A : LDNS_RDF_TYPE_AAAA) ||
		    ldns_rdf_size(rd0) != (out->type == T_A ? 4u : 16u))
			goto done;
		address = mx_addr_ntop(out->type == T_A ? AF_INET : AF_INET6,
		    ldns_rdf_data(rd0), addr);
		break;
	default:
		break;
	}
	st = MX_ERR_NOMEM;
	if ((out->owner = strdup(owner)) == NULL ||
	    (target != NULL && (out->target = strdup(target)) == NULL) ||
	    (address != NULL && (out->address = strdup(address)) == NULL))
		goto done;
	st = MX_OK;
done:
	if (st != MX_OK)
		mx_record_clear(out);
	return st;
}

/* Converts rr and appends it to section s of the answer. */
static mx_status
keep(struct reduction *r, enum mx_section s, const ldns_rr *rr)
{
	struct mx_record	rec;
	mx_status		st;

	if ((st = convert(rr, &rec)) != MX_OK)
		return st;
	return answer_take(r->ans, s, &rec);
}

/* The first CNAME (class IN) of the answer section owned by name, or
 * NULL.  RFC 2181 §10.1 allows one; a second is ignored. */
static const ldns_rr *
cname_at(const ldns_rr_list *an, const ldns_rdf *name)
{
	size_t i;

	for (i = 0; i < ldns_rr_list_rr_count(an); i++)
		if (rr_is(ldns_rr_list_rr(an, i), T_CNAME, name))
			return ldns_rr_list_rr(an, i);
	return NULL;
}

/* 1 when the answer section holds a record of type (class IN) owned by
 * name. */
static int
has_type(const ldns_rr_list *an, const ldns_rdf *name, uint16_t type)
{
	size_t i;

	for (i = 0; i < ldns_rr_list_rr_count(an); i++)
		if (rr_is(ldns_rr_list_rr(an, i), type, name))
			return 1;
	return 0;
}

/*
 * Follows the CNAME chain of the answer section from the asked name
 * (RFC 1034 §3.6.2), each hop into cnames, and sets *last to the name it
 * ends at: one with records of the asked type, one without a CNAME, the
 * target of the MX_CNAME_LIMIT-th hop, or a name already met (a loop).
 * A query for CNAME itself is not followed.
 */
static mx_status
follow(struct reduction *r, const ldns_rdf **last)
{
	const ldns_rr_list	*an = ldns_pkt_answer(r->pkt);
	const ldns_rdf		*seen[MX_CNAME_LIMIT + 1];
	const ldns_rdf		*cur = r->qname;
	const ldns_rr		*cn;
	size_t			 nseen = 1, i;
	mx_status		 st;

	seen[0] = cur;
	*last = cur;
	if (r->qtype == T_CNAME)
		return MX_OK;
	while (r->ans->pub.ncnames < MX_CNAME_LIMIT &&
	    !has_type(an, cur, r->qtype) && (cn = cname_at(an, cur)) != NULL) {
		if ((st = keep(r, MX_SECTION_CNAME, cn)) != MX_OK)
			return st;
		/* convert() has checked the one name field */
		*last = cur = ldns_rr_rdf(cn, 0);
		for (i = 0; i < nseen && !dname_eq(seen[i], cur); i++)
			;
		if (i < nseen)
			break;
		seen[nseen++] = cur;
	}
	return MX_OK;
}

/* The negative-caching TTL (RFC 2308 §5): the lesser of the first SOA's
 * MINIMUM and its own TTL; 0 without an SOA in the authority section. */
static uint32_t
negative_ttl(const ldns_pkt *pkt)
{
	const ldns_rr_list	*ns = ldns_pkt_authority(pkt);
	size_t			 i;
	uint32_t		 min;

	for (i = 0; i < ldns_rr_list_rr_count(ns); i++) {
		const ldns_rr *rr = ldns_rr_list_rr(ns, i);

		if (!rr_is(rr, T_SOA, NULL))
			continue;
		if (ldns_rr_rd_count(rr) != 7 ||
		    !rdf_u32(ldns_rr_rdf(rr, 6), &min))
			return 0;
		return min < ldns_rr_ttl(rr) ? min : ldns_rr_ttl(rr);
	}
	return 0;
}

/*
 * Reads the Extended DNS Error (RFC 8914 §2) from the OPT RDATA, a list
 * of {OPTION-CODE, OPTION-LENGTH, data} (RFC 6891 §6.1.2), stopping at
 * the first option that does not fit.  The first EDE counts; its
 * EXTRA-TEXT is kept up to a NUL (some servers end it with one), and an
 * empty one is NULL.  The text is not checked for UTF-8: the formatters
 * escape what is not.
 */
static mx_status
read_ede(struct reduction *r)
{
	const ldns_rdf	*opt = ldns_pkt_edns_data(r->pkt);
	const uint8_t	*d;
	size_t		 len, off = 0;
	struct answer	*w = r->ans;

	if (opt == NULL)
		return MX_OK;
	d = ldns_rdf_data(opt);
	len = ldns_rdf_size(opt);
	while (len - off >= 4) {
		unsigned	code = (unsigned)d[off] << 8 | d[off + 1];
		size_t		olen = (size_t)d[off + 2] << 8 |
				    d[off + 3];
		const uint8_t	*text, *nul;
		size_t		 tlen;

		off += 4;
		if (olen > len - off)
			break;
		if (code != OPTION_EDE) {
			off += olen;
			continue;
		}
		if (olen < 2)
			break;
		text = d + off + 2;
		tlen = olen - 2;
		if ((nul = memchr(text, '\0', tlen)) != NULL)
			tlen = (size_t)(nul - text);
		if (tlen > 0 && (w->ede_text = strndup((const char *)text,
		    tlen)) == NULL)
			return MX_ERR_NOMEM;
		w->pub.ede_text = w->ede_text;
		w->pub.ede = d[off] << 8 | d[off + 1];
		break;
	}
	return MX_OK;
}

/* The detail of an error RCODE (RFC 1035 §4.1.1, RFC 6895 §2.3), in buf
 * when it has no name here. */
static const char *
rcode_text(int rcode, char *buf, size_t size)
{
	switch (rcode) {
	case RCODE_FORMERR:	return "FORMERR";
	case RCODE_SERVFAIL:	return "SERVFAIL";
	case RCODE_NOTIMP:	return "NOTIMP";
	case RCODE_REFUSED:	return "REFUSED";
	default:
		snprintf(buf, size, "error rcode %d", rcode);
		return buf;
	}
}

/* 1 when the question section is empty or asks qname/qtype in class IN
 * (RFC 1035 §7.3: a response repeats the question). */
static int
question_matches(const struct reduction *r)
{
	const ldns_rr_list	*qd = ldns_pkt_question(r->pkt);
	size_t			 n = ldns_rr_list_rr_count(qd);

	if (n == 0)
		return 1;
	return n == 1 && rr_is(ldns_rr_list_rr(qd, 0), r->qtype, r->qname);
}

/*
 * Reduces a parsed, consistent response.  Sets *bad to the detail of a
 * TEMPFAIL (the answer's sections are then to be emptied), or fills the
 * answer.  Returns MX_ERR_NOMEM when out of memory.
 */
static mx_status
reduce(struct reduction *r, const char **bad, char *buf, size_t size)
{
	const ldns_rr_list	*an = ldns_pkt_answer(r->pkt);
	const ldns_rr_list	*ns = ldns_pkt_authority(r->pkt);
	const ldns_rr_list	*ar = ldns_pkt_additional(r->pkt);
	const ldns_rdf		*last;
	struct mx_answer	*pub = &r->ans->pub;
	size_t			 i;
	mx_status		 st;

	*bad = NULL;
	if (!ldns_pkt_qr(r->pkt)) {
		*bad = "not a response";
		return MX_OK;
	}
	if (ldns_pkt_get_opcode(r->pkt) != LDNS_PACKET_QUERY) {
		*bad = "unexpected opcode";
		return MX_OK;
	}
	if (!question_matches(r)) {
		*bad = "answer for another question";
		return MX_OK;
	}
	if (r->rcode != RCODE_NOERROR && r->rcode != RCODE_NXDOMAIN) {
		*bad = rcode_text(r->rcode, buf, size);
		return MX_OK;
	}
	if ((st = follow(r, &last)) != MX_OK)
		goto done;
	for (i = 0; i < ldns_rr_list_rr_count(an); i++)
		if (rr_is(ldns_rr_list_rr(an, i), r->qtype, last) &&
		    (st = keep(r, MX_SECTION_ANSWER,
		    ldns_rr_list_rr(an, i))) != MX_OK)
			goto done;
	for (i = 0; i < ldns_rr_list_rr_count(ns); i++) {
		const ldns_rr *rr = ldns_rr_list_rr(ns, i);

		if ((rr_is(rr, T_SOA, NULL) || rr_is(rr, T_NS, NULL)) &&
		    (st = keep(r, MX_SECTION_AUTHORITY, rr)) != MX_OK)
			goto done;
	}
	for (i = 0; i < ldns_rr_list_rr_count(ar); i++) {
		const ldns_rr *rr = ldns_rr_list_rr(ar, i);

		if ((rr_is(rr, T_A, NULL) || rr_is(rr, T_AAAA, NULL)) &&
		    (st = keep(r, MX_SECTION_ADDITIONAL, rr)) != MX_OK)
			goto done;
	}
	if (pub->nrecords > 0) {
		/* RFC 6604 §2.1: NXDOMAIN speaks of the last name, which
		 * cannot both not exist and hold the data */
		if (r->rcode == RCODE_NXDOMAIN)
			*bad = "malformed answer";
		pub->rcode = MX_ANSWER_OK;
	} else if (pub->ncnames > 0 && r->rcode == RCODE_NOERROR) {
		/* the chain leaves the answer, or loops: the asker asks its
		 * last target */
		pub->rcode = MX_ANSWER_CNAME;
	} else {
		pub->rcode = r->rcode == RCODE_NXDOMAIN ? MX_ANSWER_NXDOMAIN :
		    MX_ANSWER_NODATA;
		pub->negative_ttl = negative_ttl(r->pkt);
	}
done:
	if (st == MX_ERR_SOURCE) {
		*bad = "malformed answer";
		st = MX_OK;
	}
	return st;
}

mx_status
mx_answer_from_wire(const uint8_t *wire, size_t len, const char *qname,
    uint16_t qtype, struct mx_answer **out)
{
	struct reduction	 r;
	struct mx_answer	*ans = NULL;
	ldns_pkt		*pkt = NULL;
	ldns_rdf		*qrdf = NULL;
	ldns_status		 ls;
	const char		*bad = "malformed answer";
	char			 buf[32];
	mx_status		 st;

	if (out != NULL)
		*out = NULL;
	if (wire == NULL || qname == NULL || out == NULL)
		return MX_ERR_ARG;
	if ((ls = ldns_str2rdf_dname(&qrdf, qname)) != LDNS_STATUS_OK)
		return ls == LDNS_STATUS_MEM_ERR ? MX_ERR_NOMEM : MX_ERR_NAME;
	if ((st = mx_answer_new(&ans)) != MX_OK)
		goto done;
	memset(&r, 0, sizeof(r));
	r.qname = qrdf;
	r.qtype = qtype;
	r.ans = (struct answer *)ans;
	if ((ls = ldns_wire2pkt(&pkt, wire, len)) == LDNS_STATUS_MEM_ERR) {
		st = MX_ERR_NOMEM;
		goto done;
	}
	if (ls == LDNS_STATUS_OK && wire_consistent(wire, len, pkt)) {
		r.pkt = pkt;
		/* RFC 6891 §6.1.3: the OPT TTL holds the upper 8 bits */
		r.rcode = ldns_pkt_edns_extended_rcode(pkt) << 4 |
		    (ldns_pkt_get_rcode(pkt) & 0xf);
		ans->dns_rcode = r.rcode;
		ans->flags = (ldns_pkt_aa(pkt) ? MX_FLAG_AA : 0) |
		    (ldns_pkt_ad(pkt) ? MX_FLAG_AD : 0) |
		    (ldns_pkt_tc(pkt) ? MX_FLAG_TC : 0);
		if ((st = read_ede(&r)) != MX_OK ||
		    (st = reduce(&r, &bad, buf, sizeof(buf))) != MX_OK)
			goto done;
	}
	if (bad != NULL) {
		sections_clear(r.ans);
		ans->rcode = MX_ANSWER_TEMPFAIL;
		ans->negative_ttl = 0;
		if ((st = mx_answer_set_detail(ans, bad)) != MX_OK)
			goto done;
	}
	*out = ans;
	ans = NULL;
done:
	mx_answer_free(ans);
	ldns_pkt_free(pkt);
	ldns_rdf_deep_free(qrdf);
	return st;
}

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
 * The reduction is a pure function of the bytes, read straight from the
 * wire (ldns only turns the asked name into wire form), the answer
 * section followed from the asked name along its CNAME chain (RFC 1034
 * §3.6.2, RFC 6604), and the answer made in one allocation.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <stdarg.h>
#include <stddef.h>
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
#define T_TXT		16
#define T_AAAA		28
#define T_TLSA		52
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
	size_t			 size;		/* of a copy's block; 0 */
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
	mx_status st;

	if ((st = mx_str_replace(owned, s)) != MX_OK)
		return st;
	*pub = *owned;
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
	w->size = size;
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

size_t
mx_answer_bytes(const struct mx_answer *ans)
{
	const struct answer	*w = (const struct answer *)ans;
	size_t			 n = sizeof(*w), s, i, k;

	if (ans == NULL)
		return 0;
	if (w->size > 0)
		return w->size;
	/* an answer built record by record: its parts, roughly */
	for (s = 0; s < NSECTIONS; s++) {
		const struct mx_record *r = section_view(ans, (int)s, &k);

		n += w->cap[s] * sizeof(*r);
		for (i = 0; i < k; i++)
			n += (r[i].owner ? strlen(r[i].owner) + 1 : 0) +
			    (r[i].target ? strlen(r[i].target) + 1 : 0) +
			    (r[i].address ? strlen(r[i].address) + 1 : 0);
	}
	return n;
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
 * The reduction.  The message is read straight from its bytes: a walk
 * by the RDLENGTHs indexes every record (owner, type, class, TTL, where
 * its RDATA lies) and checks the RDATA of the types an answer keeps;
 * names are unpacked only where they are compared or kept.  The answer
 * is assembled from views of the kept records, their strings in a
 * scratch area, and copied once into one allocation (mx_answer_dup).
 */

#define NAME_WIRE_MAX	255	/* RFC 1035 §2.3.4 */
#define MALFORMED	"malformed answer"	/* the details' prefix */
#define POINTERS_MAX	128	/* compression pointers followed per name */
#define LOCAL_RRS	64	/* records indexed without an allocation */

/* One record of the message, by offsets into the wire. */
struct wire_rr {
	size_t		 owner;		/* offset of its name */
	size_t		 rd, rdlen;	/* its RDATA */
	uint32_t	 ttl;
	uint16_t	 type, class;
	uint8_t		 section;	/* 0 answer, 1 authority, 2 additional */
};

/* An uncompressed wire name. */
struct wname {
	uint8_t	 b[NAME_WIRE_MAX];
	size_t	 len;
};

/* The message, read. */
struct msg {
	const uint8_t	*w;
	size_t		 len;
	size_t		 nquestions;
	size_t		 question;	/* offset of the first question */
	struct wire_rr	*rr;
	size_t		 nrr;
	size_t		 opt_rd, opt_rdlen;	/* the OPT RDATA */
	int		 has_opt;
	uint32_t	 opt_ttl;
};

/* Chunks of scratch text: strings never move once written. */
#define SCRATCH_CHUNK	4096

struct chunk {
	struct chunk	*next;
	size_t		 used;
	char		 text[SCRATCH_CHUNK];
};

/* What the reduction of one response works on. */
struct reduction {
	const struct msg	*m;
	struct wname		 qname;
	uint16_t		 qtype;
	int			 rcode;		/* with the EDNS extension */
	struct mx_answer	 view;		/* what is copied at the end */
	struct mx_record	*sec[NSECTIONS];	/* the view's arrays */
	size_t			 cap[NSECTIONS];
	struct chunk		 first;		/* scratch */
	struct chunk		*chunks;
};

/* The wire length of the name at w[off] up to its root label or its
 * compression pointer (RFC 1035 §4.1.4), within end; 0 when malformed,
 * with *label_type set when a reserved label type is why (otherwise
 * end came first). */
static size_t
name_len_why(const uint8_t *w, size_t end, size_t off, int *label_type)
{
	size_t p = off;

	*label_type = 0;
	while (p < end) {
		uint8_t c = w[p];

		if (c == 0)
			return p + 1 - off;
		if ((c & 0xc0) == 0xc0)
			return p + 2 <= end ? p + 2 - off : 0;
		if ((c & 0xc0) != 0) {
			*label_type = 1;
			return 0;
		}
		p += 1 + (size_t)c;
	}
	return 0;
}

static size_t
name_len(const uint8_t *w, size_t end, size_t off)
{
	int label_type;

	return name_len_why(w, end, off, &label_type);
}

/* Why a name does not unpack (name_unpack), for the detail. */
enum name_fault {
	NAME_OK,
	NAME_PAST_END,		/* a label or pointer beyond the message */
	NAME_POINTER_OUT,	/* a pointer outside the message */
	NAME_POINTER_LOOP,	/* more than POINTERS_MAX pointers */
	NAME_TOO_LONG,		/* over 255 octets */
	NAME_LABEL_TYPE		/* label type 01 or 10 */
};

static const char *
name_fault_text(enum name_fault f)
{
	switch (f) {
	case NAME_PAST_END:	return "a name runs past the end";
	case NAME_POINTER_OUT:	return "a compression pointer out of bounds";
	case NAME_POINTER_LOOP:	return "a compression pointer loop";
	case NAME_TOO_LONG:	return "a name over 255 octets";
	case NAME_LABEL_TYPE:	return "a label of a reserved type";
	case NAME_OK:
	default:
		break;
	}
	return "no fault";
}

/*
 * Unpacks the name at w[off] into out, following compression pointers
 * (RFC 1035 §4.1.4), at most POINTERS_MAX of them, each to an octet of
 * the message.  Returns what is wrong with a malformed name: a label
 * type other than 0 and 3 (RFC 6891 §5 retired the others), a pointer
 * outside the message, too many pointers (a loop), over 255 octets, or
 * the message ending inside it; NAME_OK when it unpacked.
 */
static enum name_fault
name_unpack_why(const uint8_t *w, size_t len, size_t off, struct wname *out)
{
	size_t	n = 0, jumps = 0;

	while (off < len) {
		uint8_t c = w[off];

		if (c == 0) {
			if (n + 1 > NAME_WIRE_MAX)
				return NAME_TOO_LONG;
			out->b[n++] = 0;
			out->len = n;
			return NAME_OK;
		}
		if ((c & 0xc0) == 0xc0) {
			if (off + 1 >= len)
				return NAME_PAST_END;
			if (++jumps > POINTERS_MAX)
				return NAME_POINTER_LOOP;
			off = (size_t)(c & 0x3f) << 8 | w[off + 1];
			if (off >= len)
				return NAME_POINTER_OUT;
			continue;
		}
		if ((c & 0xc0) != 0)
			return NAME_LABEL_TYPE;
		if (off + 1 + c > len)
			return NAME_PAST_END;
		if (n + 1 + c + 1 > NAME_WIRE_MAX)
			return NAME_TOO_LONG;
		memcpy(out->b + n, w + off, (size_t)c + 1);
		n += (size_t)c + 1;
		off += (size_t)c + 1;
	}
	return NAME_PAST_END;
}

/* 1 when the name at w[off] unpacks into out (name_unpack_why). */
static int
name_unpack(const uint8_t *w, size_t len, size_t off, struct wname *out)
{
	return name_unpack_why(w, len, off, out) == NAME_OK;
}

/* 1 when two unpacked names are equal, ASCII case aside (RFC 4343 §3):
 * the length octets are below 'A' and stay as they are. */
static int
wname_eq(const struct wname *a, const struct wname *b)
{
	size_t i;

	if (a->len != b->len)
		return 0;
	for (i = 0; i < a->len; i++) {
		uint8_t x = a->b[i], y = b->b[i];

		if (x >= 'A' && x <= 'Z')
			x = (uint8_t)(x + 32);
		if (y >= 'A' && y <= 'Z')
			y = (uint8_t)(y + 32);
		if (x != y)
			return 0;
	}
	return 1;
}

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* Writes what is wrong into why[0..size) and returns 0. */
static int __attribute__((format(printf, 3, 4)))
fault(char *why, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, size, fmt, ap);
	va_end(ap);
	return 0;
}

/* The mnemonic of the types a detail names (RFC 1035 §3.2.2, RFC 3596
 * §2.1), "TYPEn" for the others (RFC 3597 §5), in buf. */
static const char *
type_text(uint16_t type, char *buf, size_t size)
{
	switch (type) {
	case T_A:	return "A";
	case T_NS:	return "NS";
	case T_CNAME:	return "CNAME";
	case T_SOA:	return "SOA";
	case T_PTR:	return "PTR";
	case T_MX:	return "MX";
	case T_AAAA:	return "AAAA";
	case T_OPT:	return "OPT";
	default:
		snprintf(buf, size, "TYPE%u", type);
		return buf;
	}
}

/* The article before a type's mnemonic as it is spoken ("an MX"). */
static const char *
type_article(uint16_t type)
{
	switch (type) {
	case T_A:
	case T_NS:
	case T_SOA:
	case T_MX:
	case T_AAAA:
		return "an";
	default:
		return "a";
	}
}

/*
 * Checks the name field at w[off] of a record of type tname whose RDATA
 * ends at end (rdlen octets): it must end within the RDATA and unpack.
 * Sets *n to the octets it takes in the RDATA.  Returns 0 with what is
 * wrong in why: an RDLENGTH too short for the name, or the name's own
 * fault (name_unpack_why).
 */
static int
rdata_name(const uint8_t *w, size_t len, size_t off, size_t end,
    uint16_t type, const char *what, size_t rdlen, size_t *n,
    char *why, size_t size)
{
	struct wname	 nm;
	enum name_fault	 f;
	int		 label_type;
	char		 buf[16];
	const char	*tname = type_text(type, buf, sizeof(buf));

	if ((*n = name_len_why(w, end, off, &label_type)) == 0)
		return label_type ? fault(why, size, "%s in %s %s record",
		    name_fault_text(NAME_LABEL_TYPE), type_article(type),
		    tname) : fault(why, size, "%s record of %zu octet%s, "
		    "shorter than its %s", tname, rdlen, rdlen == 1 ? "" : "s",
		    what);
	if ((f = name_unpack_why(w, len, off, &nm)) != NAME_OK)
		return fault(why, size, "%s in %s %s record",
		    name_fault_text(f), type_article(type), tname);
	return 1;
}

/*
 * 1 when the RDATA w[off..off+rdlen) holds exactly the fields of type,
 * for the types an answer keeps (RFC 1035 §3.3, §3.4.1, RFC 3596 §2.2),
 * its names unpacking; any other type is not looked at.  Otherwise 0,
 * with what is wrong in why ("A record of 5 octets").
 */
static int
rdata_fits(const uint8_t *w, size_t len, size_t off, size_t rdlen,
    uint16_t type, char *why, size_t size)
{
	size_t		 end = off + rdlen, n, m;
	char		 buf[16];
	const char	*tname = type_text(type, buf, sizeof(buf));

	switch (type) {
	case T_A:
	case T_AAAA:
		if (rdlen != (type == T_A ? 4u : 16u))
			return fault(why, size, "%s record of %zu octet%s",
			    tname, rdlen, rdlen == 1 ? "" : "s");
		return 1;
	case T_NS:
	case T_CNAME:
	case T_PTR:
		if (!rdata_name(w, len, off, end, type, "name", rdlen, &n,
		    why, size))
			return 0;
		if (n != rdlen)
			return fault(why, size, "%s record with %zu octet%s "
			    "after its name", tname, rdlen - n,
			    rdlen - n == 1 ? "" : "s");
		return 1;
	case T_MX:
		/* RFC 1035 §3.3.9: a preference and at least the root */
		if (rdlen < 3)
			return fault(why, size, "MX record of %zu octet%s",
			    rdlen, rdlen == 1 ? "" : "s");
		if (!rdata_name(w, len, off + 2, end, type, "exchange",
		    rdlen, &n, why, size))
			return 0;
		if (n != rdlen - 2)
			return fault(why, size, "MX record with %zu octet%s "
			    "after its exchange", rdlen - 2 - n,
			    rdlen - 2 - n == 1 ? "" : "s");
		return 1;
	case T_TXT:
		/* RFC 1035 §3.3.14: one or more <character-string>s */
		if (rdlen == 0)
			return fault(why, size, "TXT record of 0 octets");
		for (n = off; n < end; n += 1 + w[n])
			if (n + 1 + w[n] > end)
				return fault(why, size, "TXT record with a "
				    "string past its end");
		return 1;
	case T_TLSA:
		/* RFC 6698 §2.1: usage, selector, matching type, data */
		if (rdlen < 3)
			return fault(why, size, "TLSA record of %zu octet%s",
			    rdlen, rdlen == 1 ? "" : "s");
		return 1;
	case T_SOA:
		if (!rdata_name(w, len, off, end, type, "names", rdlen, &n,
		    why, size) ||
		    !rdata_name(w, len, off + n, end, type, "names", rdlen,
		    &m, why, size))
			return 0;
		/* MNAME, RNAME, then five 32-bit fields */
		if (n + m + 20 != rdlen)
			return fault(why, size, "SOA record of %zu octets, not "
			    "%zu", rdlen, n + m + 20);
		return 1;
	default:
		return 1;
	}
}

static const char *const section_names[] = { "answer", "authority",
	"additional" };

/*
 * Reads the message w[0..len) into m: the header's counts, the questions,
 * and every record of the three sections with its RDATA checked (class
 * IN, kept types); the first OPT of the additional section is set aside
 * (RFC 6891 §6.1.1), as are TSIGs.  Octets after the last record are not
 * looked at.  Returns 0 when the message is malformed, with what is
 * wrong in why[0..size); -1 when out of memory; 1 when read (m->rr then
 * belongs to the caller unless it is local).
 */
static int
msg_read(struct msg *m, const uint8_t *w, size_t len, struct wire_rr *local,
    size_t nlocal, char *why, size_t size)
{
	struct wname	nm;
	enum name_fault	f;
	size_t		off = 12, count[3], total, i, n;
	char		buf[16];
	int		s;

	memset(m, 0, sizeof(*m));
	m->w = w;
	m->len = len;
	if (len < 12)
		return fault(why, size, "%zu octet%s, shorter than a header",
		    len, len == 1 ? "" : "s");
	m->nquestions = get16(w + 4);
	for (s = 0; s < 3; s++)
		count[s] = get16(w + 6 + 2 * s);
	total = count[0] + count[1] + count[2];
	/* every record takes 11 octets at least: counts past that lie */
	if (total > (len - 12) / 11)
		return fault(why, size, "%zu records counted in a message "
		    "of %zu octets", total, len);
	m->rr = total <= nlocal ? local : calloc(total, sizeof(*m->rr));
	if (m->rr == NULL)
		return -1;
	m->question = off;
	for (i = 0; i < m->nquestions; i++) {
		if ((f = name_unpack_why(w, len, off, &nm)) != NAME_OK ||
		    (n = name_len(w, len, off)) == 0)
			return fault(why, size, "%s in the question",
			    name_fault_text(f == NAME_OK ? NAME_PAST_END : f));
		if (len - off - n < 4)
			return fault(why, size, "the question runs past the "
			    "end");
		off += n + 4;
	}
	for (s = 0; s < 3; s++) {
		for (i = 0; i < count[s]; i++) {
			struct wire_rr	r;

			r.owner = off;
			if ((n = name_len(w, len, off)) == 0) {
				f = name_unpack_why(w, len, off, &nm);
				return fault(why, size, "%s in an owner name "
				    "of the %s section", name_fault_text(f ==
				    NAME_OK ? NAME_PAST_END : f),
				    section_names[s]);
			}
			if (len - off - n < 10)
				return fault(why, size, "a record of the %s "
				    "section runs past the end",
				    section_names[s]);
			off += n;
			r.type = get16(w + off);
			r.class = get16(w + off + 2);
			r.ttl = get32(w + off + 4);
			r.rdlen = get16(w + off + 8);
			r.rd = off += 10;
			r.section = (uint8_t)s;
			if (len - off < r.rdlen)
				return fault(why, size, "%s record of %zu "
				    "octets runs past the end", type_text(
				    r.type, buf, sizeof(buf)), r.rdlen);
			off += r.rdlen;
			if (s == 2 && r.type == T_OPT) {
				if (!m->has_opt) {
					m->has_opt = 1;
					m->opt_ttl = r.ttl;
					m->opt_rd = r.rd;
					m->opt_rdlen = r.rdlen;
				}
				continue;
			}
			if (s == 2 && r.type == T_TSIG)
				continue;
			if (r.class == C_IN && !rdata_fits(w, len, r.rd,
			    r.rdlen, r.type, why, size))
				return 0;
			m->rr[m->nrr++] = r;
		}
	}
	/* the names the records are owned by */
	for (i = 0; i < m->nrr; i++) {
		if ((f = name_unpack_why(w, len, m->rr[i].owner, &nm)) !=
		    NAME_OK)
			return fault(why, size, "%s in the owner of %s %s "
			    "record", name_fault_text(f), type_article(
			    m->rr[i].type), type_text(m->rr[i].type, buf,
			    sizeof(buf)));
	}
	return 1;
}

/* RFC 2181 §8: a TTL is 0 to 2^31-1; one with the top bit set is
 * treated as 0, so that nobody keeps it for 136 years.  The SOA MINIMUM
 * (RFC 2308 §4) is a TTL as well. */
static uint32_t
ttl_value(uint32_t ttl)
{
	return ttl > 0x7fffffffu ? 0 : ttl;
}

/* Copies n octets of text into the scratch area, NUL-terminated; NULL
 * when out of memory. */
static const char *
scratch_put(struct reduction *r, const char *text, size_t n)
{
	struct chunk	*c = r->chunks;
	char		*p;

	if (n + 1 > SCRATCH_CHUNK) {
		/* a long TXT or TLSA text: a chunk of its own, full */
		char *raw;

		if ((raw = malloc(offsetof(struct chunk, text) + n + 1)) ==
		    NULL)
			return NULL;
		c = (struct chunk *)(void *)raw;
		c->next = r->chunks;
		c->used = SCRATCH_CHUNK;
		r->chunks = c;
		p = raw + offsetof(struct chunk, text);
		memcpy(p, text, n);
		p[n] = '\0';
		return p;
	}
	if (c->used + n + 1 > SCRATCH_CHUNK) {
		if ((c = malloc(sizeof(*c))) == NULL)
			return NULL;
		c->next = r->chunks;
		c->used = 0;
		r->chunks = c;
	}
	p = c->text + c->used;
	memcpy(p, text, n);
	p[n] = '\0';
	c->used += n + 1;
	return p;
}

/* The name at w[off] in presentation form, in the scratch area. */
static const char *
scratch_name(struct reduction *r, size_t off)
{
	struct wname	nm;
	char		text[MX_NAME_TEXT_MAX];

	if (!name_unpack(r->m->w, r->m->len, off, &nm) ||
	    mx_wire_name_text(nm.b, nm.len, text) == NULL)
		return NULL;
	return scratch_put(r, text, strlen(text));
}

/*
 * The text of a TXT record (its strings joined, RFC 8461 §3.1, RFC 8460
 * §3) or a TLSA record ("3 1 1 " and the data in hex) in the scratch
 * area.  TXT bytes outside printable ASCII, and the backslash, are
 * written \DDD (RFC 1035 §5.1), so that the text is a C string whatever
 * the record holds; mx_txt_unescape gives the bytes back.
 */
static const char *
scratch_rdata(struct reduction *r, const struct wire_rr *rr)
{
	const uint8_t	*p = r->m->w + rr->rd;
	const char	*s;
	char		*buf, *o;
	size_t		 i, k, n;

	if ((buf = malloc((size_t)rr->rdlen * 4 + 16)) == NULL)
		return NULL;
	o = buf;
	if (rr->type == T_TLSA) {
		o += sprintf(o, "%u %u %u ", p[0], p[1], p[2]);
		for (i = 3; i < rr->rdlen; i++)
			o += sprintf(o, "%02x", p[i]);
	} else {
		for (i = 0; i < rr->rdlen; i += 1 + n) {
			n = p[i];
			for (k = i + 1; k <= i + n; k++) {
				if (p[k] >= 0x20 && p[k] < 0x7f &&
				    p[k] != '\\')
					*o++ = (char)p[k];
				else
					o += sprintf(o, "\\%03u", p[k]);
			}
		}
	}
	s = scratch_put(r, buf, (size_t)(o - buf));
	free(buf);
	return s;
}

/*
 * Appends the view of rr to section s: the owner as written (RFC 1035
 * §5.1 escapes), MX preference and exchange, CNAME, NS and PTR targets,
 * A and AAAA addresses as text, SOA's MNAME and serial; other types keep
 * owner, type and TTL.  Its RDATA was checked by msg_read.
 */
static mx_status
keep(struct reduction *r, enum mx_section s, const struct wire_rr *rr)
{
	const uint8_t		*w = r->m->w;
	const char		*target = NULL;
	struct mx_record	*rec;
	char			 addr[INET6_ADDRSTRLEN];
	size_t			 *n;

	section_slot(&r->view, s, &n);
	if ((rec = mx_vec_push(&r->sec[s], n, &r->cap[s],
	    sizeof(*rec))) == NULL)
		return MX_ERR_NOMEM;
	rec->type = rr->type;
	rec->ttl = ttl_value(rr->ttl);
	switch (rr->type) {
	case T_MX:
		rec->preference = get16(w + rr->rd);
		target = scratch_name(r, rr->rd + 2);
		break;
	case T_CNAME:
	case T_NS:
	case T_PTR:
	case T_SOA:
		target = scratch_name(r, rr->rd);
		if (rr->type == T_SOA)
			rec->serial = get32(w + rr->rd + rr->rdlen - 20);
		break;
	case T_TXT:
	case T_TLSA:
		if ((target = scratch_rdata(r, rr)) == NULL)
			return MX_ERR_NOMEM;
		break;
	case T_A:
	case T_AAAA:
		mx_addr_ntop(rr->type == T_A ? AF_INET : AF_INET6,
		    w + rr->rd, addr);
		if ((rec->address = (char *)scratch_put(r, addr,
		    strlen(addr))) == NULL)
			return MX_ERR_NOMEM;
		break;
	default:
		break;
	}
	if (rr->type == T_MX || rr->type == T_CNAME || rr->type == T_NS ||
	    rr->type == T_PTR || rr->type == T_SOA || rr->type == T_TXT ||
	    rr->type == T_TLSA) {
		if (target == NULL)
			return MX_ERR_NOMEM;
		rec->target = (char *)target;
	}
	if ((rec->owner = (char *)scratch_name(r, rr->owner)) == NULL)
		return MX_ERR_NOMEM;
	return MX_OK;
}

/* 1 when rr is of type, class IN, and owned by name (NULL: any). */
static int
rr_is(const struct reduction *r, const struct wire_rr *rr, uint16_t type,
    const struct wname *name)
{
	struct wname owner;

	if (rr->type != type || rr->class != C_IN)
		return 0;
	if (name == NULL)
		return 1;
	return name_unpack(r->m->w, r->m->len, rr->owner, &owner) &&
	    wname_eq(&owner, name);
}

/* The first record of the answer section of type owned by name, or NULL.
 * RFC 2181 §10.1 allows one CNAME; a second is ignored. */
static const struct wire_rr *
answer_rr(const struct reduction *r, const struct wname *name,
    uint16_t type)
{
	size_t i;

	for (i = 0; i < r->m->nrr && r->m->rr[i].section == 0; i++)
		if (rr_is(r, &r->m->rr[i], type, name))
			return &r->m->rr[i];
	return NULL;
}

/*
 * Follows the CNAME chain of the answer section from the asked name
 * (RFC 1034 §3.6.2), each hop into cnames, and sets *last to the name it
 * ends at: one with records of the asked type, one without a CNAME, the
 * target of the MX_CNAME_LIMIT-th hop, or a name already met (a loop).
 * A query for CNAME itself is not followed.
 */
static mx_status
follow(struct reduction *r, struct wname *last)
{
	struct wname		 seen[MX_CNAME_LIMIT + 1];
	const struct wire_rr	*cn;
	size_t			 nseen = 1, i;
	mx_status		 st;

	seen[0] = r->qname;
	*last = r->qname;
	if (r->qtype == T_CNAME)
		return MX_OK;
	while (r->view.ncnames < MX_CNAME_LIMIT &&
	    answer_rr(r, last, r->qtype) == NULL &&
	    (cn = answer_rr(r, last, T_CNAME)) != NULL) {
		if ((st = keep(r, MX_SECTION_CNAME, cn)) != MX_OK)
			return st;
		/* msg_read has checked the one name field */
		name_unpack(r->m->w, r->m->len, cn->rd, last);
		for (i = 0; i < nseen && !wname_eq(&seen[i], last); i++)
			;
		if (i < nseen)
			break;
		seen[nseen++] = *last;
	}
	return MX_OK;
}

/* The negative-caching TTL (RFC 2308 §5): the lesser of the first SOA's
 * MINIMUM and its own TTL; 0 without an SOA in the authority section. */
static uint32_t
negative_ttl(const struct reduction *r)
{
	size_t i;

	for (i = 0; i < r->m->nrr; i++) {
		const struct wire_rr	*rr = &r->m->rr[i];
		uint32_t		 min;

		if (rr->section != 1 || !rr_is(r, rr, T_SOA, NULL))
			continue;
		min = ttl_value(get32(r->m->w + rr->rd + rr->rdlen - 4));
		return min < ttl_value(rr->ttl) ? min : ttl_value(rr->ttl);
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
	const uint8_t	*d = r->m->w + r->m->opt_rd;
	size_t		 len = r->m->opt_rdlen, off = 0;

	if (!r->m->has_opt)
		return MX_OK;
	while (len - off >= 4) {
		unsigned	code = get16(d + off);
		size_t		olen = get16(d + off + 2);
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
		/* any bytes a server likes: kept escaped as names are
		 * (\DDD), and cut at 255 escapes, so that no output shows
		 * them raw */
		if (tlen > 0) {
			char esc[4 * 255 + 4];

			mx_escape_buf((const char *)text, tlen, esc,
			    sizeof(esc));
			if ((r->view.ede_text = scratch_put(r, esc,
			    strlen(esc))) == NULL)
				return MX_ERR_NOMEM;
		}
		r->view.ede = get16(d + off);
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
	const uint8_t	*w = r->m->w;
	struct wname	 q;
	size_t		 off = r->m->question;

	if (r->m->nquestions == 0)
		return 1;
	if (r->m->nquestions != 1 || !name_unpack(w, r->m->len, off, &q))
		return 0;
	off += name_len(w, r->m->len, off);
	return get16(w + off) == r->qtype && get16(w + off + 2) == C_IN &&
	    wname_eq(&q, &r->qname);
}

/*
 * Reduces a message read and checked.  Sets *bad to the detail of a
 * TEMPFAIL, written in buf (the answer's sections are then to be
 * emptied): "malformed answer: ..." for a message that is no answer to
 * the question or contradicts itself, the RCODE's name for an error
 * RCODE; or fills the view.  Returns MX_ERR_NOMEM when out of memory.
 */
static mx_status
reduce(struct reduction *r, const char **bad, char *buf, size_t size)
{
	const uint8_t		*w = r->m->w;
	struct wname		 last;
	struct mx_answer	*pub = &r->view;
	size_t			 i;
	mx_status		 st;

	*bad = NULL;
	/* RFC 1035 §4.1.1: QR set, OPCODE 0 (QUERY) in a response */
	if (!(w[2] & 0x80)) {
		snprintf(buf, size, "%s: not a response (QR=0)", MALFORMED);
		*bad = buf;
		return MX_OK;
	}
	if (((w[2] >> 3) & 0xf) != 0) {
		snprintf(buf, size, "%s: opcode %u", MALFORMED,
		    (unsigned)((w[2] >> 3) & 0xf));
		*bad = buf;
		return MX_OK;
	}
	if (!question_matches(r)) {
		snprintf(buf, size, "%s: answer for another question",
		    MALFORMED);
		*bad = buf;
		return MX_OK;
	}
	if (r->rcode != RCODE_NOERROR && r->rcode != RCODE_NXDOMAIN) {
		*bad = rcode_text(r->rcode, buf, size);
		return MX_OK;
	}
	if ((st = follow(r, &last)) != MX_OK)
		return st;
	for (i = 0; i < r->m->nrr; i++) {
		const struct wire_rr	*rr = &r->m->rr[i];
		enum mx_section		 s;

		switch (rr->section) {
		case 0:
			if (!rr_is(r, rr, r->qtype, &last))
				continue;
			s = MX_SECTION_ANSWER;
			break;
		case 1:
			if (!rr_is(r, rr, T_SOA, NULL) &&
			    !rr_is(r, rr, T_NS, NULL))
				continue;
			s = MX_SECTION_AUTHORITY;
			break;
		default:
			if (!rr_is(r, rr, T_A, NULL) &&
			    !rr_is(r, rr, T_AAAA, NULL))
				continue;
			s = MX_SECTION_ADDITIONAL;
			break;
		}
		if ((st = keep(r, s, rr)) != MX_OK)
			return st;
	}
	if (pub->nrecords > 0) {
		/* RFC 6604 §2.1: NXDOMAIN speaks of the last name, which
		 * cannot both not exist and hold the data */
		if (r->rcode == RCODE_NXDOMAIN) {
			char tbuf[16];

			snprintf(buf, size, "%s: NXDOMAIN with %zu %s "
			    "record%s", MALFORMED, pub->nrecords,
			    type_text(r->qtype, tbuf, sizeof(tbuf)),
			    pub->nrecords == 1 ? "" : "s");
			*bad = buf;
		}
		pub->rcode = MX_ANSWER_OK;
	} else if (pub->ncnames > 0 && r->rcode == RCODE_NOERROR) {
		/* the chain leaves the answer, or loops: the asker asks its
		 * last target */
		pub->rcode = MX_ANSWER_CNAME;
	} else {
		pub->rcode = r->rcode == RCODE_NXDOMAIN ? MX_ANSWER_NXDOMAIN :
		    MX_ANSWER_NODATA;
		pub->negative_ttl = negative_ttl(r);
	}
	return MX_OK;
}

/* The wire form of a name in presentation form; 0 when it is none. */
static int
qname_wire(const char *qname, struct wname *out)
{
	ldns_rdf	*rdf = NULL;
	ldns_status	 ls;

	if ((ls = ldns_str2rdf_dname(&rdf, qname)) != LDNS_STATUS_OK)
		return ls == LDNS_STATUS_MEM_ERR ? -1 : 0;
	if (ldns_rdf_size(rdf) > NAME_WIRE_MAX) {
		ldns_rdf_deep_free(rdf);
		return 0;
	}
	out->len = ldns_rdf_size(rdf);
	memcpy(out->b, ldns_rdf_data(rdf), out->len);
	ldns_rdf_deep_free(rdf);
	return 1;
}

mx_status
mx_answer_from_wire(const uint8_t *wire, size_t len, const char *qname,
    uint16_t qtype, struct mx_answer **out)
{
	struct reduction	*r;
	struct wire_rr		 local[LOCAL_RRS];
	struct msg		 m;
	struct chunk		*c;
	const char		*bad = NULL;
	char			 buf[192], why[160];
	mx_status		 st = MX_OK;
	int			 rc, s;

	if (out != NULL)
		*out = NULL;
	if (wire == NULL || qname == NULL || out == NULL)
		return MX_ERR_ARG;
	/* the scratch chunk and the names make it large for a stack */
	if ((r = malloc(sizeof(*r))) == NULL)
		return MX_ERR_NOMEM;
	memset(r, 0, offsetof(struct reduction, first));
	r->first.next = NULL;
	r->first.used = 0;
	r->chunks = &r->first;
	r->m = &m;
	r->qtype = qtype;
	r->view.dns_rcode = r->view.ede = -1;
	if ((rc = qname_wire(qname, &r->qname)) <= 0) {
		st = rc < 0 ? MX_ERR_NOMEM : MX_ERR_NAME;
		free(r);
		return st;
	}
	if ((rc = msg_read(&m, wire, len, local, LOCAL_RRS, why,
	    sizeof(why))) < 0)
		st = MX_ERR_NOMEM;
	else if (rc == 0) {
		snprintf(buf, sizeof(buf), "%s: %s", MALFORMED, why);
		bad = buf;
	} else {
		/* RFC 6891 §6.1.3: the OPT TTL holds the upper 8 bits */
		r->rcode = (int)(m.has_opt ? (m.opt_ttl >> 24) << 4 : 0) |
		    (wire[3] & 0xf);
		r->view.dns_rcode = r->rcode;
		r->view.flags = (wire[2] & 0x04 ? MX_FLAG_AA : 0) |
		    (wire[3] & 0x20 ? MX_FLAG_AD : 0) |
		    (wire[2] & 0x02 ? MX_FLAG_TC : 0);
		if ((st = read_ede(r)) == MX_OK)
			st = reduce(r, &bad, buf, sizeof(buf));
	}
	if (st == MX_OK) {
		if (bad != NULL) {
			for (s = 0; s < NSECTIONS; s++) {
				size_t *n;

				section_slot(&r->view, (enum mx_section)s, &n);
				*n = 0;
			}
			r->view.rcode = MX_ANSWER_TEMPFAIL;
			r->view.negative_ttl = 0;
			r->view.detail = bad;
		}
		r->view.records = r->sec[MX_SECTION_ANSWER];
		r->view.cnames = r->sec[MX_SECTION_CNAME];
		r->view.authority = r->sec[MX_SECTION_AUTHORITY];
		r->view.additional = r->sec[MX_SECTION_ADDITIONAL];
		st = mx_answer_dup(&r->view, out);
	}
	if (m.rr != local)
		free(m.rr);
	for (s = 0; s < NSECTIONS; s++)
		free(r->sec[s]);
	while ((c = r->chunks) != &r->first) {
		r->chunks = c->next;
		free(c);
	}
	free(r);
	return st;
}

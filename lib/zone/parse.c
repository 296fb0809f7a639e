/*
 * parse.c -- the zone-file loader: logical records (lexer.c) parsed, the
 * common ones (A, AAAA, MX, CNAME with plain names, TXT with plain
 * strings) by hand, every other by ldns, which also words the errors;
 * directives ($ORIGIN, $TTL, $INCLUDE); the records the checks use go to
 * the store (store.c), the problems to its diagnostics.  Also the
 * in-memory twin for tests (mx_memory), which shares the store.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include "internal.h"
#include "store.h"
#include "pipe.h"
#include "lexer.h"
#include "digest.h"
#include "generate.h"

/*
 * The files one load may open in all, the zone file and every $INCLUDE:
 * a file that includes another several times, itself including others
 * several times, would otherwise cost k^MAX_INCLUDE.  A zone of more than
 * a thousand files is unheard of; BIND has no such bound, but it reads
 * each file once per $INCLUDE too.
 */
#define MAX_FILES	1000
/* A file of this many bytes or more is stored by a second thread
 * (pipe.h): about a thousand records, where starting it costs less than
 * it saves. */
#define PIPE_MIN	(64 * 1024)

/* A file being read: who it is (device and inode, to see an include
 * loop whatever path names it) and its name for messages. */
struct open_file {
	dev_t		 dev;
	ino_t		 ino;
	int		 known;		/* 0: a string, no identity */
	const char	*file;		/* interned */
};

/* The state of loading one zone: origin, default TTL, previous owner. */
struct load {
	mx_zone		*z;
	ldns_rdf	*origin;	/* current $ORIGIN */
	char		*zone_origin;	/* the zone's origin, text */
	uint32_t	 default_ttl;
	int		 have_ttl;
	ldns_rdf	*prev;		/* previous owner, for ldns */
	char		*prev_text;	/* previous owner, as stored */
	size_t		 prev_cap;	/* prev_text "" or NULL: none */
	int		 prev_stale;	/* prev lags behind prev_text */
	char		*origin_text;	/* $ORIGIN as text, for fast_record */
	size_t		 origin_tlen;	/* its length */
	const char	*oz_zone;	/* the zone_origin oz is of */
	int		 oz;		/* origin_text lies in the zone */
	int		 oz_stale;	/* origin_text changed since */
	uint8_t		 origin_wire[256];	/* what origin_text is of */
	size_t		 origin_wlen;
	char		*err;		/* fatal error message */
	struct open_file stack[MAX_INCLUDE + 1];	/* being read: the
					 * zone file, then its $INCLUDEs */
	int		 nstack;
	unsigned	 nopened;	/* files opened, at most MAX_FILES */
	int		 capped;	/* MAX_FILES reached and said */
	int		 rrclass;	/* the zone's class (its first
					 * record's); 0: none yet */
	struct zone_soa	 soa;		/* the apex SOA: file NULL till then */
	struct zone_digest digest;	/* every record, for diff */
	uint64_t	 generated;	/* records of $GENERATE, at most
					 * ZONE_GEN_MAX */
	struct zone_pipe *pipe;		/* the store thread, or NULL: the
					 * reader writes into z itself */
};

/* Where the reader's strings go: the zone's arena, or the reader's own
 * while a store thread writes the zone. */
static struct mx_arena *
ld_arena(const struct load *ld)
{
	return ld->pipe ? zone_pipe_arena(ld->pipe) : ld->z->arena;
}

/* zone_put, zone_put_raw and zone_diag, by the store thread if any. */
static mx_status
ld_put(struct load *ld, const char *owner, const struct zrr *zr)
{
	return ld->pipe ? zone_pipe_put(ld->pipe, owner, zr, ld->zone_origin) :
	    zone_put(ld->z, owner, zr, ld->zone_origin);
}

static mx_status
ld_put_raw(struct load *ld, const char *owner, uint16_t type, uint32_t ttl,
    const char *file, unsigned long line, const uint8_t *rdata, size_t len,
    const char *ignore)
{
	return ld->pipe ? zone_pipe_put_raw(ld->pipe, owner, type, ttl, file,
	    line, rdata, len, ignore, ld->zone_origin) : zone_put_raw(ld->z,
	    owner, type, ttl, file, line, rdata, len, ignore, ld->zone_origin);
}

static mx_status
ld_diag(struct load *ld, const struct mx_zone_diag *d)
{
	return ld->pipe ? zone_pipe_diag(ld->pipe, d) : zone_diag(ld->z, d);
}

static mx_status load_reader(struct load *ld, struct reader *r,
    const char *dir);

static mx_status
syntax(struct load *ld, const char *file, unsigned long line,
    const char *ignore, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static mx_status
syntax(struct load *ld, const char *file, unsigned long line,
    const char *ignore, const char *fmt, ...)
{
	struct mx_zone_diag	 d;
	va_list			 ap;
	char			*msg;
	mx_status		 st;

	va_start(ap, fmt);
	msg = mx_vasprintf(fmt, ap);
	va_end(ap);
	if (msg == NULL)
		return MX_ERR_NOMEM;
	memset(&d, 0, sizeof(d));
	d.kind = MX_ZONE_DIAG_SYNTAX;
	d.file = file;
	d.line = line;
	d.text = msg;
	d.ignore = ignore;
	st = ld_diag(ld, &d);
	free(msg);
	return st;
}

/* Stores a record of owner unless the owner lies outside the zone;
 * under: the caller knows that it lies in it. */
static mx_status
store_record(struct load *ld, const char *owner, struct zrr *zr,
    const char *ignore, int under)
{
	if (!under && ld->zone_origin &&
	    !mx_name_under(owner, ld->zone_origin))
		return syntax(ld, zone_rr_file(ld->z, zr), zr->line, ignore,
		    "%s is outside the zone %s", owner, ld->zone_origin);
	if (ignore != NULL && (zone_rr_extra(ld_arena(ld), zr) ==
	    NULL || (zr->x->ignore = mx_arena_strdup(ld_arena(ld),
	    ignore)) == NULL))
		return MX_ERR_NOMEM;
	return ld_put(ld, owner, zr);
}

/* The types kept whole for DNSSEC (zone_put_raw), NS for its cuts. */
static int
raw_type(ldns_rr_type t)
{
	return t == LDNS_RR_TYPE_RRSIG || t == LDNS_RR_TYPE_DNSKEY ||
	    t == LDNS_RR_TYPE_SOA || t == LDNS_RR_TYPE_TLSA ||
	    t == LDNS_RR_TYPE_NS;
}

/* The TXT owners the policy checks read, kept whole: _mta-sts.D (RFC
 * 8461 §3.1) and _smtp._tls.D (RFC 8460 §3). */
static int
policy_txt_owner(const char *owner)
{
	return owner[0] == '_' && (strncasecmp(owner, "_mta-sts.", 9) == 0 ||
	    strncasecmp(owner, "_smtp._tls.", 11) == 0);
}

/*
 * Stores a record of owner kept whole (zone_put_raw) unless the owner lies
 * outside the zone; the owner is also stored as for a type mxdig does not
 * keep, so that it exists and counts for cname-and-other-data (an RRSIG
 * as DNSSEC data, which may sit beside a CNAME: RFC 4035 §2.5).
 */
static mx_status
put_raw(struct load *ld, const char *owner, uint16_t type, uint32_t ttl,
    const char *file, unsigned long line, const uint8_t *rdata, size_t len,
    const char *ignore)
{
	struct zrr	zr;
	mx_status	st;

	if (ld->zone_origin && !mx_name_under(owner, ld->zone_origin))
		return syntax(ld, file, line, ignore,
		    "%s is outside the zone %s", owner, ld->zone_origin);
	zone_rr_init(ld->z, &zr, 0, ttl, file, line);
	zr.dnssec = type == LDNS_RR_TYPE_RRSIG;
	if ((st = ld_put(ld, owner, &zr)) != MX_OK)
		return st;
	return ld_put_raw(ld, owner, type, ttl, file, line, rdata, len,
	    ignore);
}

/* Keeps whole a record of owner (in the zone, stored already) that
 * raw_type names, its RDATA the concatenation of its rdfs (uncompressed
 * wire form). */
static mx_status
store_raw(struct load *ld, ldns_rr *rr, const char *owner, const char *file,
    unsigned long line, const char *ignore)
{
	uint8_t		 rdata[65535];
	size_t		 len = 0, i, k;

	for (i = 0; i < ldns_rr_rd_count(rr); i++) {
		const ldns_rdf *rd = ldns_rr_rdf(rr, i);

		if ((k = ldns_rdf_size(rd)) > sizeof(rdata) - len)
			return syntax(ld, file, line, ignore,
			    "record data over 65535 octets");
		memcpy(rdata + len, ldns_rdf_data(rd), k);
		len += k;
	}
	return ld_put_raw(ld, owner, (uint16_t)ldns_rr_get_type(rr),
	    ldns_rr_ttl(rr), file, line, rdata, len, ignore);
}

/* Stores a record that ldns parsed. */
static mx_status
store_rr(struct load *ld, ldns_rr *rr, const char *file, unsigned long line,
    const char *ignore, const char *written)
{
	struct zrr	 zr;
	ldns_rr_type	 t = ldns_rr_get_type(rr);
	const ldns_rdf	*rd = NULL;
	char		*owner, *target = NULL;
	mx_status	 st;

	if ((t == LDNS_RR_TYPE_MX && ldns_rr_rd_count(rr) != 2) ||
	    ((t == LDNS_RR_TYPE_CNAME || t == LDNS_RR_TYPE_A ||
	    t == LDNS_RR_TYPE_AAAA) && ldns_rr_rd_count(rr) != 1))
		return syntax(ld, file, line, ignore,
		    "%s record with incomplete data",
		    ldns_rr_descript(t) ? ldns_rr_descript(t)->_name : "?");
	zone_rr_init(ld->z, &zr, t == LDNS_RR_TYPE_MX ? MX_TYPE_MX : t ==
	    LDNS_RR_TYPE_CNAME ? MX_TYPE_CNAME : t == LDNS_RR_TYPE_A ?
	    MX_TYPE_A : t == LDNS_RR_TYPE_AAAA ? MX_TYPE_AAAA : 0,
	    ldns_rr_ttl(rr), file, line);
	/* RFC 4035 §2.5, RFC 5155: beside a CNAME, these are no other data */
	zr.dnssec = t == LDNS_RR_TYPE_RRSIG || t == LDNS_RR_TYPE_NSEC ||
	    t == LDNS_RR_TYPE_NSEC3;
	switch (zr.type) {
	case MX_TYPE_MX:
		zr.preference = ldns_rdf2native_int16(ldns_rr_rdf(rr, 0));
		rd = ldns_rr_rdf(rr, 1);
		break;
	case MX_TYPE_CNAME:
		rd = ldns_rr_rdf(rr, 0);
		break;
	case MX_TYPE_A:
	case MX_TYPE_AAAA:
		rd = ldns_rr_rdf(rr, 0);
		if (ldns_rdf_size(rd) != (zr.type == MX_TYPE_A ? 4u : 16u))
			return syntax(ld, file, line, ignore,
			    "address of the wrong length");
		memcpy(zr.u.addr, ldns_rdf_data(rd), ldns_rdf_size(rd));
		rd = NULL;
		break;
	default:
		break;
	}
	if (rd != NULL && (target = zone_rdf_str(rd)) == NULL)
		return syntax(ld, file, line, ignore,
		    "record data that cannot be printed");
	if ((owner = zone_rdf_str(ldns_rr_owner(rr))) == NULL ||
	    (target != NULL && zone_rr_target(ld->z, ld_arena(ld), &zr, target,
	    zr.type == MX_TYPE_MX ? written : NULL,
	    zr.type == MX_TYPE_MX && written ? strlen(written) : 0) !=
	    MX_OK)) {
		free(owner);
		free(target);
		return MX_ERR_NOMEM;
	}
	st = store_record(ld, owner, &zr, ignore, 0);
	/* signed zones: the records the DNSSEC checks need, whole */
	if (st == MX_OK && (raw_type(t) || (t == LDNS_RR_TYPE_TXT &&
	    policy_txt_owner(owner))) && (ld->zone_origin == NULL ||
	    mx_name_under(owner, ld->zone_origin)))
		st = store_raw(ld, rr, owner, file, line, ignore);
	if (st == MX_OK && t == LDNS_RR_TYPE_SOA && ld->soa.file == NULL &&
	    ld->zone_origin != NULL && mx_name_eq(owner, ld->zone_origin)) {
		ld->soa.file = file;
		ld->soa.line = line;
		if (ignore != NULL && (ld->soa.ignore =
		    mx_arena_strdup(ld_arena(ld), ignore)) == NULL)
			st = MX_ERR_NOMEM;
	}
	free(owner);
	free(target);
	return st;
}

/* The longest plain absolute name: 255 octets on the wire. */
#define PLAIN_MAX	256

/*
 * A name token made absolute against origin (text) in out (PLAIN_MAX
 * bytes), when it is plain: printable ASCII without escapes or quotes,
 * labels of 1 to 63 octets, at most 255 octets in all.  Returns its
 * length, or 0 for anything else, which then goes to ldns.
 */
/* The bytes of a plain name: NAME_LABEL in a label, NAME_DOT between
 * labels, 0 none (blanks, controls, escapes, quotes, parentheses, the
 * comment sign, and every byte outside printable ASCII). */
#define NAME_LABEL	1
#define NAME_DOT	2
#define L	NAME_LABEL
#define D	NAME_DOT
static const unsigned char name_class[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, L, 0, L, L, L, L, L, 0, 0, L, L, L, L, D, L,
	L, L, L, L, L, L, L, L, L, L, L, 0, L, L, L, L,
	L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,
	L, L, L, L, L, L, L, L, L, L, L, L, 0, L, L, L,
	L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,
	L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};
#undef L
#undef D

/*
 * A name token made absolute against origin (text, olen characters) in
 * out (PLAIN_MAX bytes), when it is plain: printable ASCII without
 * escapes or quotes, labels of 1 to 63 octets, at most 255 octets in all.
 * Returns its length, or 0 for anything else, which then goes to ldns.
 */
static size_t
plain_name(const char *t, size_t n, const char *origin, size_t olen,
    char *out)
{
	size_t		 i, lab = 0;
	unsigned	 k;

	if (n == 1 && (t[0] == '@' || t[0] == '.')) {
		if (t[0] == '.')
			origin = ".", olen = 1;
		if (olen >= PLAIN_MAX)
			return 0;
		memcpy(out, origin, olen + 1);
		return olen;
	}
	for (i = 0; i < n; i++) {
		if ((k = name_class[(unsigned char)t[i]]) == NAME_LABEL) {
			if (++lab > 63)
				return 0;
		} else if (k == NAME_DOT && lab > 0)
			lab = 0;
		else
			return 0;
	}
	/* an absolute name of L characters takes L + 1 octets on the wire
	 * (RFC 1035 §2.3.4: at most 255) */
	if (t[n - 1] == '.') {
		if (n + 1 > 255)
			return 0;
		memcpy(out, t, n);
		out[n] = '\0';
		return n;
	}
	/* "name." + the origin; below the root, nothing more */
	if (olen == 1 && origin[0] == '.')
		olen = 0;
	if (n + 1 + olen + 1 > 255)
		return 0;
	memcpy(out, t, n);
	out[n] = '.';
	memcpy(out + n + 1, origin, olen);
	out[n + 1 + olen] = '\0';
	return n + 1 + olen;
}

/* The TXT data ldns surely takes: quoted strings of up to 255 printable
 * characters without escapes or quotes inside. */
static int
plain_strings(const char *tok[], const size_t tlen[], int n)
{
	int	 i;
	size_t	 j;

	for (i = 0; i < n; i++) {
		if (tlen[i] < 2 || tlen[i] > 257 || tok[i][0] != '"' ||
		    tok[i][tlen[i] - 1] != '"')
			return 0;
		for (j = 1; j + 1 < tlen[i]; j++)
			if (tok[i][j] < 0x20 || tok[i][j] > 0x7e ||
			    tok[i][j] == '"' || tok[i][j] == '\\')
				return 0;
	}
	return 1;
}

/* Keeps the owner of the record just read, for the records after it
 * that leave the owner out. */
static mx_status
set_prev_len(struct load *ld, const char *owner, size_t len)
{
	if (len + 1 > ld->prev_cap) {
		char *p = realloc(ld->prev_text, len + 1);

		if (p == NULL)
			return MX_ERR_NOMEM;
		ld->prev_text = p;
		ld->prev_cap = len + 1;
	}
	memcpy(ld->prev_text, owner, len + 1);
	return MX_OK;
}

static mx_status
set_prev(struct load *ld, const char *owner)
{
	return set_prev_len(ld, owner, strlen(owner));
}

static int plain_number(const char *t, size_t n, unsigned long long max,
    unsigned long long *v);

/* The fast paths read class IN only: a record of another zone's class
 * goes to ldns' path, which refuses it with its reason. */
static int
fast_class(const struct load *ld)
{
	return ld->rrclass == 0 || ld->rrclass == LDNS_RR_CLASS_IN;
}

/* A record read by a fast path: its owner (when written) becomes the
 * previous one, and a zone whose first record it is becomes of class
 * IN. */
static mx_status
fast_owner(struct load *ld, int owner_given, const char *owner, size_t len)
{
	mx_status st;

	if (owner_given) {
		if ((st = set_prev_len(ld, owner, len)) != MX_OK)
			return st;
		ld->prev_stale = 1;
	}
	if (ld->rrclass == 0)
		ld->rrclass = LDNS_RR_CLASS_IN;
	return MX_OK;
}

/* The current $ORIGIN as text, converted again only when it changed. */
static const char *
origin_text(struct load *ld)
{
	size_t		 len = ldns_rdf_size(ld->origin);
	const uint8_t	*w = ldns_rdf_data(ld->origin);

	if (ld->origin_text != NULL && len == ld->origin_wlen &&
	    memcmp(w, ld->origin_wire, len) == 0)
		return ld->origin_text;
	free(ld->origin_text);
	ld->origin_text = NULL;
	if (len > sizeof(ld->origin_wire))
		return NULL;
	ld->oz_stale = 1;
	if ((ld->origin_text = zone_rdf_str(ld->origin)) != NULL) {
		memcpy(ld->origin_wire, w, len);
		ld->origin_wlen = len;
		ld->origin_tlen = strlen(ld->origin_text);
	}
	return ld->origin_text;
}

/* Whether the current $ORIGIN (origin_text, made) lies in the zone: a
 * plain relative name completed with it does then too. */
static int
origin_in_zone(struct load *ld)
{
	if (ld->oz_stale || ld->oz_zone != ld->zone_origin) {
		ld->oz = ld->zone_origin == NULL ||
		    mx_name_under(ld->origin_text, ld->zone_origin);
		ld->oz_zone = ld->zone_origin;
		ld->oz_stale = 0;
	}
	return ld->oz;
}

/*
 * Adds a record fast_record read to the zone's digest, with the data
 * zone_digest_rr gives for the same record read by ldns: the address, the
 * preference and exchange, the target, or the TXT strings on the wire
 * (tok[0..nrd), each a quoted string of at most 255 characters).
 */
static void
fast_digest(struct load *ld, const struct zrr *zr, const char *tok[],
    const size_t tlen[], int nrd)
{
	unsigned char	 buf[8 * 256];
	size_t		 len = 0, n;
	int		 k;

	switch (zr->type) {
	case MX_TYPE_A:
	case MX_TYPE_AAAA:
		n = zr->type == MX_TYPE_A ? 4 : 16;
		zone_digest_add(&ld->digest, ld->prev_text, zr->type, zr->ttl,
		    zr->u.addr, n, n);
		return;
	case MX_TYPE_MX:
	case MX_TYPE_CNAME:
		n = strlen(zr->u.n.target);
		if (zr->type == MX_TYPE_MX) {
			buf[len++] = zr->preference >> 8;
			buf[len++] = zr->preference & 0xff;
		}
		if (len + n > sizeof(buf))
			return;
		memcpy(buf + len, zr->u.n.target, n);
		zone_digest_add(&ld->digest, ld->prev_text, zr->type, zr->ttl,
		    buf, len + n, len);
		return;
	default:
		/* TXT: at most 5 strings of at most 255 (fast_record) */
		for (k = 0; k < nrd && len + tlen[k] <= sizeof(buf); k++) {
			buf[len++] = (unsigned char)(tlen[k] - 2);
			memcpy(buf + len, tok[k] + 1, tlen[k] - 2);
			len += tlen[k] - 2;
		}
		zone_digest_add(&ld->digest, ld->prev_text, LDNS_RR_TYPE_TXT,
		    zr->ttl, buf, len, len);
		return;
	}
}

/*
 * What both fast paths start with: a zone of the class they read, with
 * its origin in text (*origin); text split into at least 3 and fewer than
 * max tokens; an owner, given or the previous record's.  Returns the
 * number of tokens, or 0 when the record is left to ldns.
 */
static int
fast_start(struct load *ld, const struct logical *lr, int owner_given,
    const char **tok, size_t *tlen, int max, const char **origin)
{
	int n, k;

	if (ld->origin == NULL || !fast_class(ld) ||
	    (*origin = origin_text(ld)) == NULL)
		return 0;
	/* a plain line comes split already */
	if (lr->ntok >= 0) {
		if ((n = lr->ntok) >= max)
			return 0;
		for (k = 0; k < n; k++) {
			tok[k] = lr->text + lr->toff[k];
			tlen[k] = lr->tlen[k];
		}
	} else
		n = zone_tokenize(lr->text, tok, tlen, max);
	if (n < 3 || n >= max || (!owner_given &&
	    (ld->prev_text == NULL || ld->prev_text[0] == '\0')))
		return 0;
	return n;
}

/*
 * The common records of large zones, A, AAAA, MX and CNAME with plain
 * names and TXT with plain strings, a numeric TTL and class IN, read
 * without ldns: the checks are those ldns makes (inet_pton for addresses,
 * the name rules above, an MX preference of 0 to 65535).  Returns 0
 * when the record is anything else or anything is off, so that ldns
 * parses it and words the error; 1 when it was stored (*st says how that
 * went).
 */
static int
fast_record(struct load *ld, const struct logical *lr, int owner_given,
    const char *file, unsigned long line, const char *ignore,
    mx_status *st)
{
	const char		*tok[8], *origin, *t;
	size_t			 tlen[8], olen = 0, glen;
	int			 n, i = 0, nrd, af, under;
	uint32_t		 ttl = ld->default_ttl;
	uint16_t		 type;
	struct zrr		 zr;
	unsigned long long	 v;
	char			 buf[64], owner[PLAIN_MAX];
	char			 target[PLAIN_MAX];

	if ((n = fast_start(ld, lr, owner_given, tok, tlen, 8, &origin)) == 0)
		return 0;
	i = owner_given ? 1 : 0;
	/* over 2^31-1: ldns' path says so (RFC 2181 §8) */
	if (tok[i][0] >= '0' && tok[i][0] <= '9') {
		if (!plain_number(tok[i], tlen[i], ZONE_TTL_MAX, &v))
			return 0;
		ttl = (uint32_t)v;
		i++;
	}
	if (i < n && tlen[i] == 2 && (tok[i][0] | 0x20) == 'i' &&
	    (tok[i][1] | 0x20) == 'n')
		i++;
	if (i >= n)
		return 0;
	nrd = n - i - 1;
	t = tok[i];
	if (tlen[i] == 1 && (t[0] | 0x20) == 'a')
		type = MX_TYPE_A;
	else if (tlen[i] == 4 && (t[0] | 0x20) == 'a' && (t[1] | 0x20) == 'a' &&
	    (t[2] | 0x20) == 'a' && (t[3] | 0x20) == 'a')
		type = MX_TYPE_AAAA;
	else if (tlen[i] == 2 && (t[0] | 0x20) == 'm' && (t[1] | 0x20) == 'x')
		type = MX_TYPE_MX;
	else if (tlen[i] == 5 && strncasecmp(t, "CNAME", 5) == 0)
		type = MX_TYPE_CNAME;
	else if (tlen[i] == 3 && (t[0] | 0x20) == 't' && (t[1] | 0x20) == 'x' &&
	    (t[2] | 0x20) == 't')
		type = 0;	/* only its owner is kept */
	else
		return 0;
	i++;
	if (owner_given && (olen = plain_name(tok[0], tlen[0], origin,
	    ld->origin_tlen, owner)) == 0)
		return 0;
	/* a relative owner (or "@") completed with an origin in the zone is
	 * in the zone */
	under = owner_given && (tok[0][tlen[0] - 1] != '.' || (tlen[0] == 1 &&
	    tok[0][0] == '@')) && origin_in_zone(ld);
	zone_rr_init(ld->z, &zr, type, ttl, file, line);
	switch (type) {
	case 0:
		if (nrd < 1 || !plain_strings(tok + i, tlen + i, nrd))
			return 0;
		/* kept whole, which store_rr does */
		if (policy_txt_owner(owner_given ? owner : ld->prev_text))
			return 0;
		break;
	case MX_TYPE_A:
	case MX_TYPE_AAAA:
		if (nrd != 1 || tlen[i] >= sizeof(buf))
			return 0;
		memcpy(buf, tok[i], tlen[i]);
		buf[tlen[i]] = '\0';
		/* the checks ldns makes */
		af = type == MX_TYPE_A ? AF_INET : AF_INET6;
		if (af == AF_INET ? !mx_pton4(buf, zr.u.addr) :
		    !mx_pton6(buf, zr.u.addr))
			return 0;
		break;
	case MX_TYPE_MX:
		if (nrd != 2 || tlen[i] > 5 ||
		    !plain_number(tok[i], tlen[i], 65535, &v) ||
		    (glen = plain_name(tok[i + 1], tlen[i + 1], origin,
		    ld->origin_tlen, target)) == 0)
			return 0;
		zr.preference = (uint16_t)v;
		if ((*st = zone_rr_target_len(ld->z, ld_arena(ld), &zr,
		    target, glen, tok[i + 1], tlen[i + 1])) != MX_OK)
			return 1;
		break;
	default:
		if (nrd != 1 || (glen = plain_name(tok[i], tlen[i], origin,
		    ld->origin_tlen, target)) == 0)
			return 0;
		if ((*st = zone_rr_target_len(ld->z, ld_arena(ld), &zr,
		    target, glen, NULL, 0)) != MX_OK)
			return 1;
		break;
	}
	if ((*st = fast_owner(ld, owner_given, owner, olen)) != MX_OK)
		return 1;
	if (!ld->digest.off)
		fast_digest(ld, &zr, tok + i, tlen + i, nrd);
	*st = store_record(ld, ld->prev_text, &zr, ignore, under);
	return 1;
}

/* A plain absolute name (plain_name) in wire form in out (ZONE_NAME_MAX
 * octets): its length. */
static size_t
plain_wire(const char *name, uint8_t *out)
{
	size_t	 len = 0;
	const char *p = name, *dot;

	while (*p != '\0' && strcmp(p, ".") != 0) {
		if ((dot = strchr(p, '.')) == NULL)
			dot = p + strlen(p);
		out[len++] = (uint8_t)(dot - p);
		memcpy(out + len, p, (size_t)(dot - p));
		len += (size_t)(dot - p);
		p = *dot ? dot + 1 : dot;
	}
	out[len++] = 0;
	return len;
}

/* A decimal token of at most 10 digits up to max in *v; 0 when it is
 * anything else. */
static int
plain_number(const char *t, size_t n, unsigned long long max,
    unsigned long long *v)
{
	size_t i;

	if (n == 0 || n > 10)
		return 0;
	for (*v = 0, i = 0; i < n; i++) {
		if (t[i] < '0' || t[i] > '9')
			return 0;
		*v = *v * 10 + (unsigned)(t[i] - '0');
	}
	return *v <= max;
}

/*
 * An RRSIG time (RFC 4034 §3.2): YYYYMMDDHHmmSS in UTC, or seconds as an
 * unsigned decimal; into *out as the 32-bit field (serial arithmetic,
 * §3.1.5).  0 when it is anything else.
 */
static int
sig_time(const char *t, size_t n, uint32_t *out)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	unsigned long long	 v;
	long long		 y, m, d, days;
	int			 f[6], i;

	if (n != 14) {
		if (!plain_number(t, n, UINT32_MAX, &v))
			return 0;
		*out = (uint32_t)v;
		return 1;
	}
	for (i = 0; i < 14; i++)
		if (t[i] < '0' || t[i] > '9')
			return 0;
	f[0] = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 +
	    (t[3] - '0');
	for (i = 1; i < 6; i++)
		f[i] = (t[2 + 2 * i] - '0') * 10 + (t[3 + 2 * i] - '0');
	if (f[1] < 1 || f[1] > 12 || f[2] < 1 || f[2] > mdays[f[1] - 1] ||
	    f[3] > 23 || f[4] > 59 || f[5] > 60)
		return 0;
	/* days since 1970-01-01 of a proleptic Gregorian date */
	y = f[0] - (f[1] <= 2);
	m = f[1] <= 2 ? f[1] + 9 : f[1] - 3;
	d = f[2];
	days = 365 * y + y / 4 - y / 100 + y / 400 + (153 * m + 2) / 5 + d -
	    1 - 719468;
	*out = (uint32_t)(days * 86400 + f[3] * 3600 + f[4] * 60 + f[5]);
	return 1;
}

/* The value of each octet as a base64 digit, or -1 (RFC 4648 §4): a
 * table, since a signature is hundreds of digits. */
static const signed char b64_value[256] = {
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 62, -1, -1, -1, 63,
	52, 53, 54, 55, 56, 57, 58, 59, 60, 61, -1, -1, -1, -1, -1, -1,
	-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
	15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, -1, -1, -1, -1, -1,
	-1, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
	41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
};

/*
 * Decodes the base64 tokens tok[0..n) as one text (RFC 4034 §3.2) into
 * out (size octets): the octets written, or -1 when they are not base64
 * (bad digits, padding other than at the end, bits left over).
 */
static long
b64_tokens(const char *tok[], const size_t tlen[], int n, uint8_t *out,
    size_t size)
{
	unsigned long	 acc = 0;
	size_t		 len = 0, j;
	int		 i, bits = 0, pad = 0, d;

	for (i = 0; i < n; i++)
		for (j = 0; j < tlen[i]; j++) {
			if (tok[i][j] == '=') {
				pad++;
				continue;
			}
			if (pad || (d = b64_value[(unsigned char)tok[i][j]]) < 0)
				return -1;
			acc = (acc << 6 | (unsigned long)d) & 0xffffff;
			if ((bits += 6) >= 8) {
				bits -= 8;
				if (len == size)
					return -1;
				out[len++] = (uint8_t)(acc >> bits);
			}
		}
	/* whole quantums only: what is left are zero bits of padding */
	if (pad > 2 || bits >= 6 || (acc & ((1ul << bits) - 1)) != 0 ||
	    (pad > 0 && (bits / 2) != pad) || len == 0)
		return -1;
	return (long)len;
}

/* The RR type a mnemonic names (RRSIG type covered, NSEC bitmap), or 0;
 * buf holds it NUL-terminated. */
static uint16_t
plain_type(const char *t, size_t n)
{
	char buf[16];

	if (n == 0 || n >= sizeof(buf))
		return 0;
	memcpy(buf, t, n);
	buf[n] = '\0';
	return (uint16_t)ldns_get_rr_type_by_name(buf);
}

/* Lowercases the ASCII letters of a wire name of len octets in place
 * (labels' lengths are below 'A'). */
static void
lower_wire(uint8_t *w, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (w[i] >= 'A' && w[i] <= 'Z')
			w[i] += 'a' - 'A';
}

/* Whether ldns lowercases an NSEC's next name in its canonical form
 * (RFC 4034 §6.2 lists NSEC; RFC 6840 §5.1 takes it out): asked of
 * ldns once, so that both readings of a record digest alike. */
static int
nsec_lowercased(void)
{
	static int	 known = -1;
	ldns_rr		*rr = NULL;
	char		*s;

	if (known >= 0)
		return known;
	known = 0;
	if (ldns_rr_new_frm_str(&rr, "a. 1 IN NSEC B. A", 0, NULL, NULL) ==
	    LDNS_STATUS_OK) {
		ldns_rr2canonical(rr);
		if ((s = ldns_rdf2str(ldns_rr_rdf(rr, 0))) != NULL) {
			known = s[0] == 'b';
			free(s);
		}
		ldns_rr_free(rr);
	}
	return known;
}

/*
 * An NSEC type bitmap (RFC 4034 §4.1.2) of the mnemonics tok[0..n) into
 * out (size octets): windows in increasing order, each its number, its
 * length and the bits of its types.  Returns the octets written, or -1
 * when a mnemonic names no type or out is too small.
 */
static long
nsec_bitmap(const char *tok[], const size_t tlen[], int n, uint8_t *out,
    size_t size)
{
	uint8_t		 bits[256][32];
	uint8_t		 used[256];
	size_t		 len = 0;
	int		 i, w, last;
	uint16_t	 t;

	memset(used, 0, sizeof(used));
	for (i = 0; i < n; i++) {
		if ((t = plain_type(tok[i], tlen[i])) == 0)
			return -1;
		if (!used[t >> 8]) {
			memset(bits[t >> 8], 0, 32);
			used[t >> 8] = 1;
		}
		bits[t >> 8][(t & 0xff) >> 3] |= (uint8_t)(0x80 >> (t & 7));
	}
	for (w = 0; w < 256; w++) {
		if (!used[w])
			continue;
		for (last = 31; last > 0 && bits[w][last] == 0; last--)
			;
		if (len + 2 + (size_t)last + 1 > size)
			return -1;
		out[len++] = (uint8_t)w;
		out[len++] = (uint8_t)(last + 1);
		memcpy(out + len, bits[w], (size_t)last + 1);
		len += (size_t)last + 1;
	}
	return (long)len;
}

/*
 * The records a signed zone is mostly made of, RRSIG and NSEC, read
 * without ldns when plain (numeric TTL, class IN, plain names, the
 * RRSIG's fields in range and its signature base64): what ldns checks,
 * without the allocations of its generic parser.  An NSEC keeps only its
 * owner; an RRSIG goes to the store whole.  Returns 0 when the record is
 * anything else, so that ldns parses it and words the error; 1 when it
 * was stored (*st says how that went).
 */
static int
fast_sec_record(struct load *ld, const struct logical *lr, int owner_given,
    const char *file, unsigned long line, const char *ignore,
    mx_status *st)
{
	const char		*tok[64], *origin;
	size_t			 tlen[64], rdlen, olen = 0;
	int			 n, i = 0, j, nsec, nsec_canonical = 0;
	unsigned long long	 v, f[4];
	uint32_t		 ttl = ld->default_ttl, exp, inc;
	uint16_t		 covered;
	long			 k;
	struct zrr		 zr;
	char			 owner[PLAIN_MAX], name[PLAIN_MAX];
	uint8_t			 rdata[18 + ZONE_NAME_MAX + 1024];

	if ((n = fast_start(ld, lr, owner_given, tok, tlen, 64,
	    &origin)) == 0)
		return 0;
	i = owner_given ? 1 : 0;
	if (plain_number(tok[i], tlen[i], ZONE_TTL_MAX, &v)) {
		ttl = (uint32_t)v;
		i++;
	}
	if (i < n && tlen[i] == 2 && strncasecmp(tok[i], "IN", 2) == 0)
		i++;
	if (i >= n)
		return 0;
	if (tlen[i] == 4 && strncasecmp(tok[i], "NSEC", 4) == 0) {
		nsec = 1;
		nsec_canonical = nsec_lowercased();
	}
	else if (tlen[i] == 5 && strncasecmp(tok[i], "RRSIG", 5) == 0)
		nsec = 0;
	else
		return 0;
	i++;
	if (owner_given && (olen = plain_name(tok[0], tlen[0], origin,
	    ld->origin_tlen, owner)) == 0)
		return 0;
	if (nsec) {
		/* RFC 4034 §4.2: the next owner name, then types */
		if (i >= n || plain_name(tok[i], tlen[i], origin,
		    ld->origin_tlen, name) == 0)
			return 0;
		zone_rr_init(ld->z, &zr, 0, ttl, file, line);
		/* RFC 4035 §2.5: no other data beside a CNAME */
		zr.dnssec = 1;
		rdlen = plain_wire(name, rdata);
		/* as zone_digest_rr has it: the next name canonical (RFC
		 * 4034 §6.2 as ldns applies it), then the bitmap */
		if (nsec_canonical)
			lower_wire(rdata, rdlen);
		if ((k = nsec_bitmap(tok + i + 1, tlen + i + 1, n - i - 1,
		    rdata + rdlen, sizeof(rdata) - rdlen)) < 0)
			return 0;
		rdlen += (size_t)k;
		if ((*st = fast_owner(ld, owner_given, owner, olen)) != MX_OK)
			return 1;
		zone_digest_add(&ld->digest, ld->prev_text, LDNS_RR_TYPE_NSEC,
		    ttl, rdata, rdlen, rdlen);
		*st = store_record(ld, ld->prev_text, &zr, ignore, 0);
		return 1;
	}
	/* RFC 4034 §3.2: type covered, algorithm, labels, original TTL,
	 * expiration, inception, key tag, signer's name, signature */
	if (n - i < 9 || (covered = plain_type(tok[i], tlen[i])) == 0 ||
	    !plain_number(tok[i + 1], tlen[i + 1], 255, &f[0]) ||
	    !plain_number(tok[i + 2], tlen[i + 2], 255, &f[1]) ||
	    !plain_number(tok[i + 3], tlen[i + 3], UINT32_MAX, &f[2]) ||
	    !sig_time(tok[i + 4], tlen[i + 4], &exp) ||
	    !sig_time(tok[i + 5], tlen[i + 5], &inc) ||
	    !plain_number(tok[i + 6], tlen[i + 6], 65535, &f[3]) ||
	    plain_name(tok[i + 7], tlen[i + 7], origin, ld->origin_tlen,
	    name) == 0)
		return 0;
	rdata[0] = (uint8_t)(covered >> 8);
	rdata[1] = (uint8_t)covered;
	rdata[2] = (uint8_t)f[0];
	rdata[3] = (uint8_t)f[1];
	for (j = 0; j < 4; j++) {
		rdata[4 + j] = (uint8_t)(f[2] >> (24 - 8 * j));
		rdata[8 + j] = (uint8_t)(exp >> (24 - 8 * j));
		rdata[12 + j] = (uint8_t)(inc >> (24 - 8 * j));
	}
	rdata[16] = (uint8_t)(f[3] >> 8);
	rdata[17] = (uint8_t)f[3];
	rdlen = 18 + plain_wire(name, rdata + 18);
	if ((k = b64_tokens(tok + i + 8, tlen + i + 8, n - i - 8,
	    rdata + rdlen, sizeof(rdata) - rdlen)) < 0)
		return 0;
	rdlen += (size_t)k;
	if ((*st = fast_owner(ld, owner_given, owner, olen)) != MX_OK)
		return 1;
	/* the signer's name canonical (RFC 4034 §6.2), as the digest of
	 * ldns' reading has it */
	lower_wire(rdata + 18, plain_wire(name, rdata + 18));
	zone_digest_add(&ld->digest, ld->prev_text, LDNS_RR_TYPE_RRSIG, ttl,
	    rdata, rdlen, rdlen);
	*st = put_raw(ld, ld->prev_text, LDNS_RR_TYPE_RRSIG, ttl, file, line,
	    rdata, rdlen, ignore);
	return 1;
}

/*
 * RFC 1035 §5.1 allows the class before or after the TTL; ldns only takes
 * "TTL CLASS".  Returns a copy of text with "CLASS TTL" swapped, or NULL
 * when nothing needs swapping.
 */
static char *
swap_class_ttl(const char *text, int owner_given)
{
	const char	*tok[4];
	size_t		 tlen[4];
	int		 n, i = owner_given ? 1 : 0;
	char		*out;

	n = zone_tokenize(text, tok, tlen, 4);
	if (i + 1 >= n || !zone_is_class(tok[i], tlen[i]) ||
	    !zone_is_ttl(tok[i + 1], tlen[i + 1]))
		return NULL;
	if ((out = strdup(text)) == NULL)
		return NULL;
	/* tok[i] and tok[i+1] are separated by blanks: rewrite that span */
	{
		size_t	 start = (size_t)(tok[i] - text);
		char	*p = out + start;

		memcpy(p, tok[i + 1], tlen[i + 1]);
		p += tlen[i + 1];
		*p++ = ' ';
		memcpy(p, tok[i], tlen[i]);
		p += tlen[i];
		/* pad what is left of the span with blanks */
		while (p < out + (size_t)(tok[i + 1] - text) + tlen[i + 1])
			*p++ = ' ';
	}
	return out;
}

/* Returns 1 when a class is written before the type in text (the record
 * after its owner, when owner_given). */
static int
class_written(const char *text, int owner_given)
{
	const char	*tok[4];
	size_t		 tlen[4];
	int		 n, i;

	n = zone_tokenize(text, tok, tlen, 4);
	for (i = owner_given ? 1 : 0; i < n; i++)
		if (zone_is_class(tok[i], tlen[i]))
			return 1;
		else if (!zone_is_ttl(tok[i], tlen[i]))
			return 0;
	return 0;
}

/* Returns the exchange token of an MX record as written, or NULL. */
static char *
written_exchange(const char *text, int owner_given)
{
	const char	*tok[8];
	size_t		 tlen[8];
	int		 n, i;

	n = zone_tokenize(text, tok, tlen, 8);
	i = owner_given ? 1 : 0;
	while (i < n && (zone_is_ttl(tok[i], tlen[i]) ||
	    zone_is_class(tok[i], tlen[i])))
		i++;
	if (i + 2 < n && tlen[i] == 2 && strncasecmp(tok[i], "MX", 2) == 0)
		return strndup(tok[i + 2], tlen[i + 2]);
	return NULL;
}

/*
 * The name t[0..n) as an absolute ldns name, relative names completed
 * with the current $ORIGIN (RFC 1035 §5.1).  Returns MX_OK with *out,
 * MX_ERR_NAME with the reason in buf (size bytes), or MX_ERR_NOMEM.
 */
static mx_status
name_rdf(struct load *ld, const char *t, size_t n, ldns_rdf **out,
    char *buf, size_t size)
{
	uint8_t	 wire[ZONE_NAME_MAX];
	size_t	 len;

	*out = NULL;
	if ((len = zone_name_wire(t, n, ld->origin ? ldns_rdf_data(ld->origin) :
	    NULL, ld->origin ? ldns_rdf_size(ld->origin) : 0, wire, buf,
	    size)) == 0)
		return MX_ERR_NAME;
	if ((*out = ldns_rdf_new_frm_data(LDNS_RDF_TYPE_DNAME, len,
	    wire)) == NULL)
		return MX_ERR_NOMEM;
	return MX_OK;
}

/* Says that the $INCLUDE of path (escaped) would read ld->stack[k] again,
 * naming the chain of files (escaped) that leads back to it. */
static mx_status
include_loop(struct load *ld, const char *file, unsigned long line,
    const char *ignore, const char *path, int k)
{
	char	chain[2048], name[512], first[512];
	size_t	len = 0;
	int	j;

	mx_escape_buf(ld->stack[k].file, strlen(ld->stack[k].file), first,
	    sizeof(first));
	if (k == ld->nstack - 1)
		return syntax(ld, file, line, ignore, "$INCLUDE %s: include "
		    "loop (%s includes itself)", path, first);
	chain[0] = '\0';
	for (j = k + 1; j < ld->nstack && len < sizeof(chain); j++)
		len += (size_t)snprintf(chain + len, sizeof(chain) - len,
		    "%s%s", j > k + 1 ? ", " : "", mx_escape_buf(
		    ld->stack[j].file, strlen(ld->stack[j].file), name,
		    sizeof(name)));
	return syntax(ld, file, line, ignore, "$INCLUDE %s: include loop (%s "
	    "includes itself through %s)", path, first, chain);
}

/*
 * $INCLUDE FILE [ORIGIN] (RFC 1035 §5.1): FILE relative to the directory
 * of the file that names it, ORIGIN relative to the current origin; the
 * origin is restored afterwards, whatever the included file sets.  A file
 * that is not a regular one, one that is being read already (a loop, by
 * device and inode), one nested deeper than MAX_INCLUDE, or one past the
 * MAX_FILES of a load is not read, and said so at the $INCLUDE line.
 */
static mx_status
include(struct load *ld, const char *tok[], const size_t tlen[], int n,
    const char *file, unsigned long line, const char *dir,
    const char *ignore)
{
	struct reader	 sub;
	struct stat	 sb;
	struct open_file *of;
	char		 path[4096], q[1024], why[160];
	const char	*name = tok[1], *err;
	size_t		 nlen = tlen[1];
	ldns_rdf	*saved, *o = NULL;
	mx_status	 st;
	FILE		*fp;
	int		 k, len;
	char		*d = NULL, *slash;

	/* a quoted name: the quotes are not part of it */
	if (nlen >= 2 && name[0] == '"' && name[nlen - 1] == '"') {
		name++;
		nlen -= 2;
	}
	if (nlen == 0)
		return syntax(ld, file, line, ignore, "$INCLUDE takes a file "
		    "name and an optional origin");
	len = name[0] == '/' || dir == NULL ?
	    snprintf(path, sizeof(path), "%.*s", (int)nlen, name) :
	    snprintf(path, sizeof(path), "%s/%.*s", dir, (int)nlen, name);
	mx_escape_buf(path, len < 0 ? 0 : strlen(path), q, sizeof(q));
	if (len < 0 || (size_t)len >= sizeof(path))
		return syntax(ld, file, line, ignore, "$INCLUDE %s: file name "
		    "too long", q);
	if (n == 3 && (st = name_rdf(ld, tok[2], tlen[2], &o, why,
	    sizeof(why))) != MX_OK)
		return st == MX_ERR_NAME ? syntax(ld, file, line, ignore,
		    "$INCLUDE %s: origin: %s", q, why) : st;
	if (ld->nstack > MAX_INCLUDE) {
		ldns_rdf_deep_free(o);
		return syntax(ld, file, line, ignore, "$INCLUDE %s nested "
		    "deeper than %d files", q, MAX_INCLUDE);
	}
	if (ld->nopened >= MAX_FILES) {
		ldns_rdf_deep_free(o);
		if (ld->capped)
			return MX_OK;
		ld->capped = 1;
		return syntax(ld, file, line, ignore, "$INCLUDE %s: the zone "
		    "has read %d files already, the most one zone may; this "
		    "$INCLUDE and every later one are not read", q, MAX_FILES);
	}
	if ((fp = mx_open_input(path, 0, &sb, &err)) == NULL) {
		ldns_rdf_deep_free(o);
		return syntax(ld, file, line, ignore, "$INCLUDE %s: %s", q,
		    err);
	}
	for (k = 0; k < ld->nstack; k++)
		if (ld->stack[k].known && ld->stack[k].dev == sb.st_dev &&
		    ld->stack[k].ino == sb.st_ino)
			break;
	if (k < ld->nstack) {
		fclose(fp);
		ldns_rdf_deep_free(o);
		return include_loop(ld, file, line, ignore, q, k);
	}
	ld->nopened++;
	memset(&sub, 0, sizeof(sub));
	sub.fp = fp;
	sub.line = 1;
	if ((sub.file = zone_intern_file(ld->z, path)) == NULL ||
	    (d = strdup(path)) == NULL ||
	    (o == NULL && ld->origin != NULL &&
	    (o = ldns_rdf_clone(ld->origin)) == NULL)) {
		free(d);
		fclose(fp);
		ldns_rdf_deep_free(o);
		return MX_ERR_NOMEM;
	}
	of = &ld->stack[ld->nstack++];
	of->dev = sb.st_dev;
	of->ino = sb.st_ino;
	of->known = 1;
	of->file = sub.file;
	saved = ld->origin;
	ld->origin = o;
	if ((slash = strrchr(d, '/')) != NULL)
		*slash = '\0';
	st = load_reader(ld, &sub, slash ? d : dir);
	free(d);
	ld->nstack--;
	/* RFC 1035 §5.1: the origin returns after the include */
	ldns_rdf_deep_free(ld->origin);
	ld->origin = saved;
	if (st == MX_OK && ferror(fp))
		st = syntax(ld, file, line, ignore, "$INCLUDE %s: read error",
		    q);
	fclose(fp);
	return st;
}

/*
 * Reads the records one $GENERATE makes (generate.c), each through the
 * path of every record of the file (load_reader on a one-record text),
 * at the directive's file and line and with its "; mxdig: ignore=".  The
 * owner that the records after the directive inherit stays the one
 * before it, as in BIND.  A directive whose fields are wrong, or that
 * would take the load past ZONE_GEN_MAX records, makes none; one whose
 * record is refused stops there, said once with the iterator's value.
 */
static mx_status
generate(struct load *ld, struct logical *lr, const char *file,
    const char *dir, const char *ignore)
{
	struct zone_gen		 g;
	struct reader		*sub = NULL;
	struct mx_zone_diag	*d;
	struct zone_pipe	*saved_pipe;
	ldns_rdf		*saved_prev;
	const char		*why, *range[1];
	char			 buf[256], q[64], *rec = NULL, *saved_text = NULL;
	char			*text;
	size_t			 len, cap, k, before;
	uint32_t		 it;
	unsigned long long	 left;
	int			 saved_stale;
	mx_status		 st = MX_OK;

	/* BIND reads a $GENERATE within its line, parentheses as
	 * unbalanced (named-checkzone: "unbalanced parentheses") */
	if (lr->parens)
		return syntax(ld, file, lr->line, ignore, "$GENERATE: "
		    "parentheses are not allowed: BIND reads the directive "
		    "on one line, and refuses it (unbalanced parentheses)");
	if ((why = zone_gen_parse(lr->text, &g, buf, sizeof(buf))) != NULL)
		return syntax(ld, file, lr->line, ignore, "$GENERATE: %s", why);
	/* the range names the directive in messages */
	zone_tokenize(lr->text + 9, range, &len, 1);
	mx_escape_buf(range[0], len, q, sizeof(q));
	if (g.count > ZONE_GEN_MAX - ld->generated)
		return syntax(ld, file, lr->line, ignore, "$GENERATE %s would "
		    "make %llu records, and one zone may generate at most %lu "
		    "(%llu so far)", q, (unsigned long long)g.count,
		    ZONE_GEN_MAX, (unsigned long long)ld->generated);
	ld->generated += g.count;
	/* the record, and room for " ;mxdig: ignore=LIST" */
	cap = MAX_RECORD + 1 + (ignore ? strlen(ignore) + 16 : 0);
	if ((sub = calloc(1, sizeof(*sub))) == NULL ||
	    (rec = malloc(cap)) == NULL || (ld->prev_text != NULL &&
	    (saved_text = strdup(ld->prev_text)) == NULL)) {
		free(sub);
		free(rec);
		return MX_ERR_NOMEM;
	}
	/* the records' diagnostics are read below as they are made: the
	 * store thread, if any, writes what came before, then waits */
	saved_pipe = ld->pipe;
	if (saved_pipe != NULL && (st = zone_pipe_wait(saved_pipe)) != MX_OK) {
		free(saved_text);
		free(rec);
		free(sub);
		return st;
	}
	ld->pipe = NULL;
	saved_prev = ld->prev;
	saved_stale = ld->prev_stale;
	ld->prev = NULL;
	for (it = g.start;; it += g.step) {
		if ((why = zone_gen_line(&g, it, rec, MAX_RECORD + 1, &len,
		    buf, sizeof(buf))) != NULL) {
			st = syntax(ld, file, lr->line, ignore, "$GENERATE "
			    "%s: %s", q, why);
			break;
		}
		if (ignore != NULL)
			len += (size_t)snprintf(rec + len, cap - len,
			    " ;mxdig: ignore=%s", ignore);
		sub->text = rec;
		sub->len = len;
		sub->pos = 0;
		sub->line = lr->line;
		sub->file = file;
		before = ld->z->ndiags;
		if ((st = load_reader(ld, sub, dir)) != MX_OK)
			break;
		for (k = before; k < ld->z->ndiags; k++)
			if (ld->z->diags[k].kind == MX_ZONE_DIAG_SYNTAX)
				break;
		if (k < ld->z->ndiags) {
			/* the record's own reason, and where it stopped */
			d = &ld->z->diags[k];
			left = (g.stop - it) / g.step;
			text = mx_asprintf("the record of $GENERATE %s for $ "
			    "= %lu%s%.0llu%s: %s", q, (unsigned long)it,
			    left ? " (and the " : "", left,
			    left ? " after it)" : "", d->text);
			if (text == NULL || (d->text = mx_arena_strdup(
			    ld->z->arena, text)) == NULL)
				st = MX_ERR_NOMEM;
			free(text);
			break;
		}
		if (g.stop - it < g.step)
			break;
	}
	ld->pipe = saved_pipe;
	ldns_rdf_deep_free(ld->prev);
	ld->prev = saved_prev;
	ld->prev_stale = saved_stale;
	if (saved_text != NULL)
		memcpy(ld->prev_text, saved_text, strlen(saved_text) + 1);
	else if (ld->prev_text != NULL)
		ld->prev_text[0] = '\0';
	free(saved_text);
	free(rec);
	free(sub);
	return st;
}

/* Handles $ORIGIN, $TTL, $INCLUDE and $GENERATE; every byte of them
 * quoted in a message is escaped. */
static mx_status
directive(struct load *ld, struct logical *lr, const char *file,
    const char *dir, const char *ignore)
{
	const char	*tok[4], *why;
	size_t		 tlen[4];
	int		 n;
	char		 q[64], buf[160];

	n = zone_tokenize(lr->text, tok, tlen, 4);
	if (tlen[0] == 7 && strncasecmp(tok[0], "$ORIGIN", 7) == 0) {
		ldns_rdf	*o;
		mx_status	 st;

		if (n != 2)
			return syntax(ld, file, lr->line, ignore,
			    "$ORIGIN takes exactly one domain name");
		if ((st = name_rdf(ld, tok[1], tlen[1], &o, buf,
		    sizeof(buf))) != MX_OK)
			return st == MX_ERR_NAME ? syntax(ld, file, lr->line,
			    ignore, "$ORIGIN: %s", buf) : st;
		ldns_rdf_deep_free(ld->origin);
		ld->origin = o;
		if (ld->zone_origin == NULL &&
		    (ld->zone_origin = zone_rdf_str(o)) == NULL)
			return MX_ERR_NOMEM;
		return MX_OK;
	}
	if (tlen[0] == 4 && strncasecmp(tok[0], "$TTL", 4) == 0) {
		uint32_t ttl;

		if (n != 2)
			return syntax(ld, file, lr->line, ignore,
			    "$TTL takes exactly one TTL");
		if ((why = zone_parse_ttl(tok[1], tlen[1], &ttl, buf,
		    sizeof(buf))) != NULL)
			return syntax(ld, file, lr->line, ignore, "$TTL: %s",
			    why);
		ld->default_ttl = ttl;
		ld->have_ttl = 1;
		return MX_OK;
	}
	if (tlen[0] == 8 && strncasecmp(tok[0], "$INCLUDE", 8) == 0) {
		if (n < 2 || n > 3)
			return syntax(ld, file, lr->line, ignore,
			    "$INCLUDE takes a file name and an optional "
			    "origin");
		return include(ld, tok, tlen, n, file, lr->line, dir, ignore);
	}
	if (tlen[0] == 9 && strncasecmp(tok[0], "$GENERATE", 9) == 0)
		return generate(ld, lr, file, dir, ignore);
	return syntax(ld, file, lr->line, ignore, "unknown directive %s",
	    mx_escape_buf(tok[0], tlen[0], q, sizeof(q)));
}

/* Finds the origin in the SOA of the first record when none is known:
 * the owner must be absolute.  It becomes the zone's origin only when the
 * zone has none yet: an included file's SOA never replaces it. */
static mx_status
origin_from_soa(struct load *ld, const char *text)
{
	const char	*tok[6];
	size_t		 tlen[6];
	int		 n, i;
	char		 buf[1024];

	n = zone_tokenize(text, tok, tlen, 6);
	if (n < 2 || text[0] == ' ' || text[0] == '\t')
		return MX_ERR_ORIGIN;
	for (i = 1; i < n && (zone_is_ttl(tok[i], tlen[i]) ||
	    zone_is_class(tok[i], tlen[i])); i++)
		;
	if (i >= n || tlen[i] != 3 || strncasecmp(tok[i], "SOA", 3) != 0)
		return MX_ERR_ORIGIN;
	if (tlen[0] >= sizeof(buf) || tok[0][tlen[0] - 1] != '.')
		return MX_ERR_ORIGIN;
	memcpy(buf, tok[0], tlen[0]);
	buf[tlen[0]] = '\0';
	if ((ld->origin = ldns_dname_new_frm_str(buf)) == NULL)
		return MX_ERR_ORIGIN;
	if (ld->zone_origin == NULL &&
	    (ld->zone_origin = zone_rdf_str(ld->origin)) == NULL)
		return MX_ERR_NOMEM;
	return MX_OK;
}

/* Hands an inline "; mxdig: ignore=" list to the checks, which say
 * whether they know each of its names. */
static mx_status
ignore_list(struct load *ld, const char *file, unsigned long line,
    const char *ignore)
{
	struct mx_zone_diag d;

	memset(&d, 0, sizeof(d));
	d.kind = MX_ZONE_DIAG_IGNORE_LIST;
	d.file = file;
	d.line = line;
	d.ignore = ignore;
	return ld_diag(ld, &d);
}

/* Says that a record's class cls is not the zone's. */
static mx_status
class_mismatch(struct load *ld, const char *file, unsigned long line,
    const char *ignore, ldns_rr_class cls)
{
	char		*a, *b;
	mx_status	 st;

	a = ldns_rr_class2str(cls);
	b = ldns_rr_class2str((ldns_rr_class)ld->rrclass);
	st = (a == NULL || b == NULL) ? MX_ERR_NOMEM : syntax(ld, file, line,
	    ignore, "class %s is not the zone's class %s (RFC 1035 §5.2)", a,
	    b);
	free(a);
	free(b);
	return st;
}

/*
 * Reads every logical record of r.  Syntax errors become diagnostics; only
 * a missing origin or lack of memory stops the load.
 */
static mx_status
load_reader(struct load *ld, struct reader *r, const char *dir)
{
	struct logical	 lr;
	mx_status	 st = MX_OK;
	int		 rc;

	memset(&lr, 0, sizeof(lr));
	while ((rc = zone_read_logical(r, &lr)) == 1) {
		char		*ignore = NULL, *written = NULL, *swapped;
		char		 ebuf[160];
		const char	*bad, *body, *tok[1];
		ldns_rdf	*old_prev = NULL;
		size_t		 tlen[1];
		ldns_rr		*rr = NULL;
		ldns_status	 ls;
		size_t		 i;
		int		 blank, owner_given;

		ignore = lr.clen ? zone_parse_ignore(lr.comment) : NULL;
		/* the checks say which of its names they know */
		if (ignore != NULL && (st = ignore_list(ld, r->file, lr.line,
		    ignore)) != MX_OK)
			goto next;
		/* ldns rejects trailing blanks after some types (CAA) */
		while (lr.len > 0 && (lr.text[lr.len - 1] == ' ' ||
		    lr.text[lr.len - 1] == '\t'))
			lr.text[--lr.len] = '\0';
		for (i = 0, blank = 1; i < lr.len; i++)
			if (lr.text[i] != ' ' && lr.text[i] != '\t') {
				blank = 0;
				break;
			}
		if (lr.error != NULL) {
			st = syntax(ld, r->file, lr.line, ignore, "%s",
			    lr.error);
			goto next;
		}
		if (blank)
			goto next;
		if (lr.text[0] == '$') {
			st = directive(ld, &lr, r->file, dir, ignore);
			goto next;
		}
		if (ld->origin == NULL && (st = origin_from_soa(ld,
		    lr.text)) != MX_OK) {
			char *ef;

			if (st == MX_ERR_ORIGIN) {
				ef = mx_escape_bytes(r->file);
				ld->err = ef == NULL ? NULL : mx_asprintf(
				    "%s:%lu: no $ORIGIN and no SOA with an "
				    "absolute owner before the first record; "
				    "name the origin as FILE:ORIGIN", ef,
				    lr.line);
				free(ef);
				if (ld->err == NULL)
					st = MX_ERR_NOMEM;
			}
			goto next;
		}
		owner_given = lr.text[0] != ' ' && lr.text[0] != '\t';
		if (fast_record(ld, &lr, owner_given, r->file, lr.line,
		    ignore, &st) || fast_sec_record(ld, &lr, owner_given,
		    r->file, lr.line, ignore, &st))
			goto next;
		if (!owner_given && ld->prev_stale) {
			/* the fast path moved on: ldns needs the owner */
			ldns_rdf_deep_free(ld->prev);
			ld->prev = ldns_dname_new_frm_str(ld->prev_text);
			ld->prev_stale = 0;
		}
		if (!owner_given && ld->prev == NULL) {
			st = syntax(ld, r->file, lr.line, ignore,
			    "record without owner and no previous owner");
			goto next;
		}
		if ((bad = zone_precheck(lr.text, owner_given,
		    ldns_rdf_data(ld->origin), ldns_rdf_size(ld->origin), ebuf,
		    sizeof(ebuf))) != NULL) {
			st = syntax(ld, r->file, lr.line, ignore, "%s", bad);
			goto next;
		}
		/*
		 * The owner is read here, not by ldns, which takes at most
		 * 255 characters of it (a valid name written with \DDD
		 * escapes is longer) and words an overlong one as "out of
		 * memory"; ldns gets the rest of the record, with the owner
		 * as the previous one.
		 */
		body = lr.text;
		if (owner_given) {
			ldns_rdf *owner;

			zone_tokenize(lr.text, tok, tlen, 1);
			if ((st = name_rdf(ld, tok[0], tlen[0], &owner, ebuf,
			    sizeof(ebuf))) != MX_OK) {
				if (st == MX_ERR_NAME)
					st = syntax(ld, r->file, lr.line,
					    ignore, "%s", ebuf);
				goto next;
			}
			/* the previous owner stays when the record does
			 * not parse */
			old_prev = ld->prev;
			ld->prev = owner;
			ld->prev_stale = 0;
			body = lr.text + tlen[0];
		}
		swapped = swap_class_ttl(body, 0);
		ls = ldns_rr_new_frm_str(&rr, swapped ? swapped : body,
		    ld->default_ttl, ld->origin, &ld->prev);
		free(swapped);
		if (owner_given && ls != LDNS_STATUS_OK) {
			ldns_rdf_deep_free(ld->prev);
			ld->prev = old_prev;
		} else
			ldns_rdf_deep_free(old_prev);
		if (ls != LDNS_STATUS_OK) {
			st = syntax(ld, r->file, lr.line, ignore, "%s",
			    ldns_get_errorstr_by_id(ls));
			goto next;
		}
		if (ld->prev_text != NULL)
			ld->prev_text[0] = '\0';
		if (ld->prev != NULL) {
			char *prev = zone_rdf_str(ld->prev);

			st = prev ? set_prev(ld, prev) : MX_ERR_NOMEM;
			free(prev);
			if (st != MX_OK) {
				ldns_rr_free(rr);
				goto next;
			}
		}
		/* RFC 1035 §5.2: every record of a zone has its class; BIND
		 * refuses a zone with another, mxdig skips the record */
		if (ld->rrclass == 0)
			ld->rrclass = ldns_rr_get_class(rr);
		/* a record without a class is of the zone's, as BIND reads
		 * it (RFC 1035 §5.1: the last class written), not IN */
		else if (!class_written(body, 0))
			ldns_rr_set_class(rr, (ldns_rr_class)ld->rrclass);
		if ((int)ldns_rr_get_class(rr) != ld->rrclass) {
			st = class_mismatch(ld, r->file, lr.line, ignore,
			    ldns_rr_get_class(rr));
			ldns_rr_free(rr);
			goto next;
		}
		if (ldns_rr_get_class(rr) != LDNS_RR_CLASS_IN) {
			ldns_rr_free(rr);
			goto next;
		}
		if ((st = zone_digest_rr(&ld->digest, ld_arena(ld), rr,
		    ld->zone_origin, r->file, lr.line, ignore)) != MX_OK) {
			ldns_rr_free(rr);
			goto next;
		}
		if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_MX)
			written = written_exchange(body, 0);
		st = store_rr(ld, rr, r->file, lr.line, ignore, written);
		ldns_rr_free(rr);
next:
		free(ignore);
		free(written);
		if (st != MX_OK || ld->err != NULL)
			break;
	}
	free(lr.text);
	if (rc < 0)
		st = MX_ERR_NOMEM;
	if (st == MX_OK && ld->err != NULL)
		st = MX_ERR_ORIGIN;
	return st;
}

/*
 * Notes where the zone just loaded (the last of z->zones, read from
 * file) has its SOA, and says when an earlier file claimed the same
 * origin: the two are merged into one MX set here, while a server loads
 * one zone per origin.
 */
static mx_status
note_zone(mx_zone *z, const char *file, const struct zone_soa *soa)
{
	const struct mx_zone_info	*zi = &z->zones[z->nzones - 1];
	struct zone_soa			*zs;
	size_t				 i;

	for (i = 0; i + 1 < z->nzones; i++)
		if (mx_name_eq(z->zones[i].origin, zi->origin))
			break;
	if (i + 1 < z->nzones) {
		struct mx_zone_diag d;

		memset(&d, 0, sizeof(d));
		d.kind = MX_ZONE_DIAG_DUPLICATE_ORIGIN;
		d.file = file;
		d.line = soa->file == file ? soa->line : 1;
		d.ignore = soa->file == file ? soa->ignore : NULL;
		d.text = z->zones[i].file;
		if ((d.owner = mx_arena_strdup(z->arena, zi->origin)) == NULL ||
		    zone_diag(z, &d) != MX_OK)
			return MX_ERR_NOMEM;
	}
	if (soa->file == NULL)
		return MX_OK;
	if ((zs = mx_vec_push(&z->soas, &z->nsoas, &z->capsoas,
	    sizeof(*zs))) == NULL)
		return MX_ERR_NOMEM;
	*zs = *soa;
	if ((zs->origin = mx_arena_strdup(z->arena, zi->origin)) == NULL)
		return MX_ERR_NOMEM;
	return MX_OK;
}

/* Keeps the digest of a file just loaded for origin, in the arena, after
 * those of the files loaded before it. */
static mx_status
keep_digest(mx_zone *z, const struct zone_digest *d, const char *origin)
{
	struct zone_digest *zd, **tail;

	if ((zd = mx_arena_alloc(z->arena, sizeof(*zd))) == NULL)
		return MX_ERR_NOMEM;
	*zd = *d;
	zd->next = NULL;
	zd->seen = NULL;	/* the loader's, freed with its load */
	zd->nseen = zd->capseen = 0;
	if (origin != NULL &&
	    (zd->origin = mx_arena_strdup(z->arena, origin)) == NULL)
		return MX_ERR_NOMEM;
	for (tail = &z->digests; *tail != NULL; tail = &(*tail)->next)
		;
	*tail = zd;
	return MX_OK;
}

/* Loads one file (of status sb) or string into z.  Findings keep the file
 * name as it is (the formats escape it); messages name it escaped. */
static mx_status
zone_load(mx_zone *z, FILE *fp, const struct stat *sb, const char *text,
    const char *name, const char *origin, char **err)
{
	struct load		 ld;
	struct reader		*r;
	struct mx_zone_info	*zi;
	mx_status		 st;
	char			*dir = NULL, *slash, *eorigin, *ename;

	*err = NULL;
	memset(&ld, 0, sizeof(ld));
	ld.z = z;
	ld.default_ttl = 3600;
	ld.digest.off = z->no_digest;
	if ((r = calloc(1, sizeof(*r))) == NULL)
		return MX_ERR_NOMEM;
	r->fp = fp;
	r->text = text;
	r->len = text ? strlen(text) : 0;
	r->line = 1;
	if ((r->file = zone_intern_file(z, name)) == NULL ||
	    (ename = mx_escape_bytes(name)) == NULL) {
		free(r);
		return MX_ERR_NOMEM;
	}
	ld.stack[0].file = r->file;
	if (sb != NULL) {
		ld.stack[0].dev = sb->st_dev;
		ld.stack[0].ino = sb->st_ino;
		ld.stack[0].known = 1;
	}
	ld.nstack = 1;
	ld.nopened = 1;
	if (origin != NULL) {
		char *abs = mx_asprintf("%s%s", origin,
		    origin[0] && origin[strlen(origin) - 1] == '.' ? "" : ".");

		if (abs == NULL) {
			free(ename);
			free(r);
			return MX_ERR_NOMEM;
		}
		ld.origin = ldns_dname_new_frm_str(abs);
		free(abs);
		if (ld.origin == NULL) {
			eorigin = mx_escape_bytes(origin);
			*err = mx_asprintf("%s: origin %s is not a valid "
			    "domain name", ename, eorigin ? eorigin : "");
			free(eorigin);
			free(ename);
			free(r);
			return MX_ERR_NAME;
		}
		ld.zone_origin = zone_rdf_str(ld.origin);
	}
	if ((dir = strdup(name)) == NULL) {
		st = MX_ERR_NOMEM;
		goto out;
	}
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	/* a large file is read on this thread and stored on another; when
	 * no thread can be started, this one does both */
	if (sb != NULL && S_ISREG(sb->st_mode) && sb->st_size >= PIPE_MIN)
		(void)zone_pipe_start(z, MAX_FILES, &ld.pipe);
	st = load_reader(&ld, r, slash ? dir : NULL);
	if (ld.pipe != NULL) {
		mx_status pst = zone_pipe_end(ld.pipe);

		ld.pipe = NULL;
		if (st == MX_OK)
			st = pst;
	}
	if (st == MX_OK && ld.zone_origin == NULL) {
		ld.err = mx_asprintf("%s: no records and no origin", ename);
		st = MX_ERR_ORIGIN;
	}
	if (st == MX_OK) {
		if ((zi = mx_vec_push(&z->zones, &z->nzones, &z->capzones,
		    sizeof(*zi))) == NULL) {
			st = MX_ERR_NOMEM;
			goto out;
		}
		zi->file = strdup(name);
		zi->has_soa = ld.soa.file != NULL;
		zi->origin = ld.zone_origin;
		ld.zone_origin = NULL;
		if (zi->file == NULL || (st = keep_digest(z, &ld.digest,
		    zi->origin)) != MX_OK)
			st = MX_ERR_NOMEM;
		else
			st = note_zone(z, r->file, &ld.soa);
	}
out:
	if (st != MX_OK) {
		*err = ld.err ? ld.err : mx_asprintf("%s: %s", ename,
		    mx_strerror(st));
		ld.err = NULL;
	}
	zone_digest_done(&ld.digest);
	free(ld.err);
	free(ld.zone_origin);
	free(dir);
	free(ename);
	ldns_rdf_deep_free(ld.origin);
	ldns_rdf_deep_free(ld.prev);
	free(ld.prev_text);
	free(ld.origin_text);
	free(r);
	return st;
}

mx_status
mx_zone_load_file(mx_zone *z, const char *path, const char *origin,
    char **err)
{
	struct stat	 sb;
	FILE		*fp;
	mx_status	 st;
	const char	*why;
	char		*epath;

	/* a device, FIFO or directory would be read forever, waited on,
	 * or taken for an empty zone */
	if ((fp = mx_open_input(path, 0, &sb, &why)) == NULL) {
		epath = mx_escape_bytes(path);
		*err = mx_asprintf("%s: %s", epath ? epath : "", why);
		free(epath);
		return MX_ERR_IO;
	}
	st = zone_load(z, fp, &sb, NULL, path, origin, err);
	if (st == MX_OK && ferror(fp)) {
		epath = mx_escape_bytes(path);
		*err = mx_asprintf("%s: read error", epath ? epath : "");
		free(epath);
		st = MX_ERR_IO;
	}
	fclose(fp);
	return st;
}

/* A stream is read as a file is; it has no identity for include loops
 * (no file can include it). */
mx_status
mx_zone_load_fp(mx_zone *z, FILE *fp, const char *name, const char *origin,
    char **err)
{
	mx_status	 st;
	char		*ename;

	st = zone_load(z, fp, NULL, NULL, name, origin, err);
	if (st == MX_OK && ferror(fp)) {
		ename = mx_escape_bytes(name);
		*err = mx_asprintf("%s: read error", ename ? ename : "");
		free(ename);
		st = MX_ERR_IO;
	}
	return st;
}

mx_status
mx_zone_load_string(mx_zone *z, const char *text, const char *name,
    const char *origin, char **err)
{
	return zone_load(z, NULL, NULL, text, name, origin, err);
}

/* ---- the memory source shares the zone store ---- */


mx_status
mx_memory_new(mx_memory **out)
{
	mx_memory		*m;
	struct mx_zone_info	*zi;
	mx_status		 st;

	*out = NULL;
	if ((m = calloc(1, sizeof(*m))) == NULL)
		return MX_ERR_NOMEM;
	if ((st = mx_zone_new(&m->z)) != MX_OK) {
		free(m);
		return st;
	}
	if ((zi = mx_vec_push(&m->z->zones, &m->z->nzones, &m->z->capzones,
	    sizeof(*zi))) == NULL || (zi->origin = strdup(".")) == NULL ||
	    (zi->file = strdup("memory")) == NULL) {
		mx_memory_free(m);
		return MX_ERR_NOMEM;
	}
	*out = m;
	return MX_OK;
}

void
mx_memory_free(mx_memory *m)
{
	if (m == NULL)
		return;
	mx_zone_free(m->z);
	free(m);
}

mx_status
mx_memory_add(mx_memory *m, const char *text)
{
	struct load	 ld;
	ldns_rr		*rr = NULL;
	mx_status	 st;

	memset(&ld, 0, sizeof(ld));
	ld.z = m->z;
	if (ldns_rr_new_frm_str(&rr, text, 3600, NULL, NULL) !=
	    LDNS_STATUS_OK)
		return MX_ERR_ARG;
	st = store_rr(&ld, rr, NULL, 0, NULL, NULL);
	ldns_rr_free(rr);
	return st;
}

mx_status
mx_memory_fail(mx_memory *m, const char *name, uint16_t type,
    enum mx_rcode rcode)
{
	char		*key, *lk;
	mx_status	 st;

	if ((lk = mx_name_key(name)) == NULL)
		return MX_ERR_NOMEM;
	key = mx_asprintf("%s/%u", lk, type);
	free(lk);
	if (key == NULL)
		return MX_ERR_NOMEM;
	st = mx_map_put(m->z->failures, key, (void *)(uintptr_t)(rcode + 1));
	free(key);
	return st;
}

/*
 * store.c -- the zone store: every owner name with the records the checks
 * use (MX, CNAME, A, AAAA), compact, in an arena, with file and line;
 * owners and their ancestors as nodes, so that NXDOMAIN and NODATA are
 * told apart (RFC 8020 empty non-terminals) and wildcards can be expanded
 * (RFC 4592); and the loader's diagnostics.
 */
#include <sys/types.h>
#include <sys/socket.h>
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

static void
rrindex_free(void *p)
{
	struct rrindex *ix = p;

	mx_hset_free(&ix->set);
	free(ix->filter);
	free(ix);
}

mx_status
mx_zone_new(mx_zone **out)
{
	mx_zone *z;

	*out = NULL;
	if ((z = calloc(1, sizeof(*z))) == NULL)
		return MX_ERR_NOMEM;
	z->arena = mx_arena_new();
	z->nodes = mx_map_new_keys();
	z->failures = mx_map_new();
	z->big = mx_map_new_borrowing();
	if (z->arena == NULL || z->nodes == NULL || z->failures == NULL ||
	    z->big == NULL) {
		mx_zone_free(z);
		return MX_ERR_NOMEM;
	}
	*out = z;
	return MX_OK;
}

void
mx_zone_free(mx_zone *z)
{
	size_t i;

	if (z == NULL)
		return;
	mx_map_free(z->nodes, NULL);
	mx_arena_free(z->arena);
	mx_map_free(z->failures, NULL);
	mx_map_free(z->big, rrindex_free);
	for (i = 0; i < z->nzones; i++) {
		free(z->zones[i].file);
		free(z->zones[i].origin);
	}
	free(z->zones);
	for (i = 0; i < z->nfiles; i++)
		free(z->files[i]);
	free(z->files);
	free(z->diags);
	free(z->owners);
	free(z->soas);
	free(z);
}

const struct mx_zone_diag *
mx_zone_diags(const mx_zone *z, size_t *n)
{
	*n = z->ndiags;
	return z->diags;
}

int
mx_zone_has_name(const mx_zone *z, const char *name)
{
	char	*key, buf[512];
	int	 found;

	if ((key = mx_name_key_buf(name, buf, sizeof(buf))) == NULL)
		return 0;
	found = mx_map_get(z->nodes, key) != NULL;
	if (key != buf)
		free(key);
	return found;
}

int
mx_zone_apex_soa(const mx_zone *z, const char *name, const char **file,
    unsigned long *line, const char **ignore)
{
	size_t i;

	for (i = 0; i < z->nsoas; i++)
		if (mx_name_eq(z->soas[i].origin, name)) {
			*file = z->soas[i].file;
			*line = z->soas[i].line;
			*ignore = z->soas[i].ignore;
			return 1;
		}
	return 0;
}

char *const *
mx_zone_mx_owners(const mx_zone *z, size_t *n)
{
	*n = z->nowners;
	return z->owners;
}

const struct mx_zone_info *
mx_zone_infos(const mx_zone *z, size_t *n)
{
	*n = z->nzones;
	return z->zones;
}

/* The longest loaded origin that name lies under, or NULL. */
const char *
mx_zone_origin_of(const mx_zone *z, const char *name)
{
	const char	*best = NULL;
	size_t		 i;

	for (i = 0; i < z->nzones; i++)
		if (mx_name_under(name, z->zones[i].origin) &&
		    (best == NULL || strlen(z->zones[i].origin) > strlen(best)))
			best = z->zones[i].origin;
	return best;
}

int
mx_zone_covers(const mx_zone *z, const char *name)
{
	return mx_zone_origin_of(z, name) != NULL;
}

const char *
zone_intern_file(mx_zone *z, const char *file)
{
	char	**slot;
	size_t	  i;

	for (i = 0; i < z->nfiles; i++)
		if (strcmp(z->files[i], file) == 0)
			return z->files[i];
	if (z->nfiles >= UINT16_MAX - 1)	/* records keep 16 bits */
		return NULL;
	if ((slot = mx_vec_push(&z->files, &z->nfiles, &z->capfiles,
	    sizeof(*slot))) == NULL)
		return NULL;
	if ((*slot = strdup(file)) == NULL) {
		z->nfiles--;
		return NULL;
	}
	return *slot;
}

/*
 * Records a diagnostic: a copy of d whose strings (text, ignore) are
 * copied into the arena; file and owner must be the zone's already.
 * Returns MX_ERR_NOMEM when it cannot be kept.
 */
mx_status
zone_diag(mx_zone *z, const struct mx_zone_diag *d)
{
	struct mx_zone_diag *nd;

	if ((nd = mx_vec_push(&z->diags, &z->ndiags, &z->capdiags,
	    sizeof(*nd))) == NULL)
		return MX_ERR_NOMEM;
	*nd = *d;
	if ((d->text != NULL && (nd->text = mx_arena_strdup(z->arena,
	    d->text)) == NULL) || (d->ignore != NULL &&
	    (nd->ignore = mx_arena_strdup(z->arena, d->ignore)) == NULL)) {
		z->ndiags--;
		return MX_ERR_NOMEM;
	}
	return MX_OK;
}

/*
 * Where the name whose key is key (klen characters) lies against origin
 * (olen characters): 1 when it is the origin, 2 below it, 0 outside;
 * what mx_name_eq and mx_name_under say of the names.
 */
static int
key_in_origin(const char *key, size_t klen, const char *origin, size_t olen)
{
	size_t i, bs;

	if (olen == 1 && origin[0] == '.')
		return klen == 1 && key[0] == '.' ? 1 : 2;
	if (klen < olen || strncasecmp(key + klen - olen, origin, olen) != 0)
		return 0;
	if (klen == olen)
		return 1;
	/* a label boundary: the dot before must be unescaped */
	if (key[klen - olen - 1] != '.')
		return 0;
	for (i = klen - olen - 1, bs = 0; i > 0 && key[i - 1] == '\\'; i--)
		bs++;
	return bs % 2 == 0 ? 2 : 0;
}

/* What follows the first unescaped dot of key, as mx_name_parent finds
 * it; NULL when that is the root (a name of one label). */
static const char *
key_parent(const char *p)
{
	while (*p != '\0' && *p != '.') {
		if (*p == '\\' && p[1] != '\0')
			p++;
		p++;
	}
	return *p == '.' && p[1] != '\0' ? p + 1 : NULL;
}

/* The node of key (klen characters, hash its mx_hash_key), or NULL:
 * the recent ones first, then the map. */
static struct node *
node_find(mx_zone *z, const char *key, size_t klen, uint32_t hash)
{
	struct node **slot = &z->recent_nodes[hash % NODE_RECENT], *nd;

	if ((nd = *slot) != NULL && memcmp(nd->key, key, klen + 1) == 0)
		return nd;
	if ((nd = mx_map_get_hashed(z->nodes, key, hash)) != NULL)
		*slot = nd;
	return nd;
}

/*
 * Finds or makes the node for a name, with every ancestor down to the
 * origin, so that empty non-terminals exist.  The name is lowercased and
 * hashed once; a parent's key is a suffix of it (labels stay where they
 * are), so only its hash is made again.
 */
static struct node *
node_get(mx_zone *z, const char *name, const char *origin)
{
	struct node	*nd, *ret = NULL;
	char		*key, buf[512];
	const char	*p;
	size_t		 klen, plen, olen;
	uint32_t	 hash;

	/* records of one owner mostly come together */
	if (z->last != NULL && z->last->name != NULL &&
	    strcmp(z->last->name, name) == 0)
		return z->last;
	if ((key = mx_name_key_hash(name, buf, sizeof(buf), &klen,
	    &hash)) == NULL)
		return NULL;
	olen = origin != NULL ? strlen(origin) : 0;
	p = key;
	plen = klen;
	for (;;) {
		if ((nd = node_find(z, p, plen, hash)) != NULL) {
			if (ret == NULL)
				ret = nd;
			break;
		}
		/* one block: the node and its key, which the map borrows */
		if ((nd = mx_arena_alloc(z->arena, NODE_SIZE(plen))) == NULL)
			break;
		memcpy(nd->key, p, plen + 1);
		if (mx_map_put_hashed(z->nodes, nd->key, hash, nd) != MX_OK) {
			nd = NULL;
			break;
		}
		z->recent_nodes[hash % NODE_RECENT] = nd;
		if (ret == NULL)
			ret = nd;
		if (origin == NULL || (plen == 1 && p[0] == '.') ||
		    key_in_origin(p, plen, origin, olen) != 2)
			break;
		if ((p = key_parent(p)) == NULL) {
			p = ".";
			plen = 1;
		} else
			plen = klen - (size_t)(p - key);
		hash = mx_hash_key(p, plen);
	}
	if (key != buf)
		free(key);
	return nd == NULL ? NULL : ret;
}

char *
zone_rdf_str(const ldns_rdf *rdf)
{
	return mx_rdf_str(rdf);
}

static const char *
type_name(uint16_t t)
{
	return t == MX_TYPE_A ? "A" : t == MX_TYPE_AAAA ? "AAAA" :
	    t == MX_TYPE_MX ? "MX" : "CNAME";
}

/* Two records carry the same data (for RFC 2181 §5 duplicate removal). */
static int
same_rdata(const struct zrr *a, const struct zrr *b)
{
	if (a->type != b->type || a->preference != b->preference)
		return 0;
	switch (a->type) {
	case MX_TYPE_A:
		return memcmp(a->u.addr, b->u.addr, 4) == 0;
	case MX_TYPE_AAAA:
		return memcmp(a->u.addr, b->u.addr, 16) == 0;
	default:
		return mx_name_eq(a->u.n.target, b->u.n.target);
	}
}

/* The slot of a kept type in struct rrindex (and its TYPE_BIT). */
static unsigned
type_slot(uint16_t t)
{
	return t == MX_TYPE_A ? 0 : t == MX_TYPE_AAAA ? 1 :
	    t == MX_TYPE_MX ? 2 : 3;
}

/* A hash of what same_rdata compares: records it calls the same hash the
 * same (names without regard to case). */
static uint32_t
rdata_hash(const struct zrr *r)
{
	uint32_t	h;
	size_t		i, n;

	switch (r->type) {
	case MX_TYPE_A:
	case MX_TYPE_AAAA:
		n = r->type == MX_TYPE_A ? 4 : 16;
		h = 2166136261u;
		for (i = 0; i < n; i++) {
			h ^= r->u.addr[i];
			h *= 16777619u;
		}
		break;
	default:
		h = mx_hash_name(r->u.n.target);
		break;
	}
	return h ^ ((uint32_t)r->preference * 0x9e3779b1u) ^ r->type;
}

/* Whether some record of the index may have hash (0: none has). */
static int
filter_maybe(const struct rrindex *ix, uint32_t hash)
{
	size_t b = hash & (ix->filter_bits - 1);

	return (ix->filter[b / 64] >> (b % 64)) & 1;
}

static void
filter_set(struct rrindex *ix, uint32_t hash)
{
	size_t b = hash & (ix->filter_bits - 1);

	ix->filter[b / 64] |= (uint64_t)1 << (b % 64);
}

/* Sizes the filter for the node's records, eight bits a record at least,
 * and sets the bits of them all (the index holds every record of nd). */
static mx_status
filter_fit(struct rrindex *ix, const struct node *nd)
{
	size_t		 bits = ix->filter_bits ? ix->filter_bits : 1024;
	uint64_t	*f;
	uint32_t	 i;

	if (ix->filter != NULL && (size_t)nd->n * 8 <= bits)
		return MX_OK;
	while ((size_t)nd->n * 8 > bits)
		bits *= 2;
	if ((f = calloc(bits / 64, sizeof(*f))) == NULL)
		return MX_ERR_NOMEM;
	free(ix->filter);
	ix->filter = f;
	ix->filter_bits = bits;
	for (i = 0; i < nd->n; i++)
		filter_set(ix, rdata_hash(&nd->rrs[i]));
	return MX_OK;
}

/* Moves the waiting records into the set, their slots fetched first. */
static mx_status
rrindex_flush(struct rrindex *ix)
{
	unsigned k;

	if (mx_hset_reserve(&ix->set, ix->set.n + ix->npend) != MX_OK)
		return MX_ERR_NOMEM;
	for (k = 0; k < ix->npend; k++)
		mx_hset_prefetch(&ix->set, ix->pend[k].hash);
	for (k = 0; k < ix->npend; k++)
		if (mx_hset_add(&ix->set, ix->pend[k].hash, ix->pend[k].off) !=
		    MX_OK)
			return MX_ERR_NOMEM;
	ix->npend = 0;
	return MX_OK;
}

/* Notes a record just stored in nd (its hash, its offset in its RRset). */
static mx_status
rrindex_note(struct rrindex *ix, const struct node *nd, uint32_t hash,
    uint32_t off)
{
	/* a batch that could not be placed (out of memory) first */
	if ((ix->npend == RR_PEND && rrindex_flush(ix) != MX_OK) ||
	    filter_fit(ix, nd) != MX_OK)
		return MX_ERR_NOMEM;
	filter_set(ix, hash);
	ix->pend[ix->npend].hash = hash;
	ix->pend[ix->npend].off = off;
	if (++ix->npend == RR_PEND)
		return rrindex_flush(ix);
	return MX_OK;
}

/* The record of nd equal to zr, or NULL: looked up by hash in the set
 * and among the waiting ones, when the filter does not rule it out.  An
 * offset is checked against the RRset's size: an entry of another type
 * may share the hash. */
static const struct zrr *
rrindex_find(const struct rrindex *ix, const struct node *nd, size_t start,
    const struct zrr *zr, uint32_t hash)
{
	uint32_t	 off, n = ix->count[type_slot(zr->type)];
	size_t		 pos = 0;
	unsigned	 k;

	if (!filter_maybe(ix, hash))
		return NULL;
	while (mx_hset_next(&ix->set, hash, &pos, &off))
		if (off < n && same_rdata(&nd->rrs[start + off], zr))
			return &nd->rrs[start + off];
	for (k = 0; k < ix->npend; k++)
		if (ix->pend[k].hash == hash && ix->pend[k].off < n &&
		    same_rdata(&nd->rrs[start + ix->pend[k].off], zr))
			return &nd->rrs[start + ix->pend[k].off];
	return NULL;
}

/*
 * Gives nd its index once it holds RR_INDEX_MIN records: each record
 * under its data's hash, by its offset in its RRset (RRsets are
 * contiguous, so the offset is the count of its type so far).
 */
static mx_status
rrindex_make(mx_zone *z, struct node *nd)
{
	struct rrindex	*ix;
	uint32_t	 i;

	if ((ix = calloc(1, sizeof(*ix))) == NULL)
		return MX_ERR_NOMEM;
	for (i = 0; i < nd->n; i++) {
		unsigned t = type_slot(nd->rrs[i].type);

		if (mx_hset_add(&ix->set, rdata_hash(&nd->rrs[i]),
		    ix->count[t]) != MX_OK) {
			rrindex_free(ix);
			return MX_ERR_NOMEM;
		}
		ix->count[t]++;
	}
	if (filter_fit(ix, nd) != MX_OK ||
	    mx_map_put(z->big, nd->key, ix) != MX_OK) {
		rrindex_free(ix);
		return MX_ERR_NOMEM;
	}
	nd->indexed = 1;
	return MX_OK;
}

/* The capacity class of a record array (RR_CLASSES). */
static unsigned
rr_class(uint32_t cap)
{
	return cap <= 4 ? cap : 3 + (unsigned)__builtin_ctz(cap);
}

/* A record array of cap records: one given back before, or new. */
static struct zrr *
rrs_get(mx_zone *z, uint32_t cap)
{
	unsigned	 c = rr_class(cap);
	struct zrr	*r = z->spare[c];

	if (r == NULL)
		return mx_arena_alloc(z->arena, (size_t)cap * sizeof(*r));
	/* the next one is kept in the array's first bytes */
	memcpy(&z->spare[c], (const unsigned char *)r, sizeof(z->spare[c]));
	return r;
}

/* Gives back a record array for a node that grows. */
static void
rrs_put(mx_zone *z, struct zrr *r, uint32_t cap)
{
	unsigned c = rr_class(cap);

	if (r == NULL)
		return;
	/* a large one (the many records of one owner) is freed: no other
	 * node is likely to need one of its size */
	if (mx_arena_release(z->arena, r))
		return;
	memcpy((unsigned char *)r, &z->spare[c], sizeof(z->spare[c]));
	z->spare[c] = r;
}

/* The file a record was read from, interned; NULL when none. */
const char *
zone_rr_file(const mx_zone *z, const struct zrr *zr)
{
	return zr->file ? z->files[zr->file - 1] : NULL;
}

/* A record with what every type has; file is interned (or NULL). */
void
zone_rr_init(mx_zone *z, struct zrr *zr, uint16_t type, uint32_t ttl,
    const char *file, unsigned long line)
{
	size_t i;

	memset(zr, 0, sizeof(*zr));
	zr->type = type;
	zr->ttl = ttl;
	zr->line = line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
	/* the newest file is the likeliest */
	for (i = z->nfiles; file != NULL && i > 0; i--)
		if (z->files[i - 1] == file) {
			zr->file = (uint16_t)i;
			break;
		}
}

/* Sets the target of an MX or CNAME record, copied into the arena or
 * shared with a recent record that names it too; written is the MX
 * exchange as written (n characters), NULL for a CNAME. */
mx_status
zone_rr_target(mx_zone *z, struct mx_arena *a, struct zrr *zr,
    const char *target, const char *written, size_t n)
{
	return zone_rr_target_len(z, a, zr, target, strlen(target), written,
	    n);
}

mx_status
zone_rr_target_len(mx_zone *z, struct mx_arena *a, struct zrr *zr,
    const char *target, size_t len, const char *written, size_t n)
{
	unsigned	 slot = mx_hash_key(target, len) % RECENT;

	if (z->recent[slot] != NULL && strcmp(z->recent[slot], target) == 0)
		zr->u.n.target = (char *)z->recent[slot];
	else if ((zr->u.n.target = mx_arena_strndup(a, target, len)) ==
	    NULL)
		return MX_ERR_NOMEM;
	z->recent[slot] = zr->u.n.target;
	if (written == NULL)
		return MX_OK;
	if (n == len && memcmp(written, target, n) == 0)
		zr->written_same = 1;
	else if ((zr->u.n.written = mx_arena_strndup(a, written, n)) ==
	    NULL)
		return MX_ERR_NOMEM;
	return MX_OK;
}

/* The rare fields of a record, made when first needed. */
struct zextra *
zone_rr_extra(struct mx_arena *a, struct zrr *zr)
{
	if (zr->x == NULL)
		zr->x = mx_arena_alloc(a, sizeof(*zr->x));
	return zr->x;
}

void
zone_expand(const mx_zone *z, const struct node *nd, const struct zrr *r,
    const char *owner, struct mx_record *out, char *text)
{
	memset(out, 0, sizeof(*out));
	out->owner = (char *)(owner ? owner : r->x && r->x->owner ?
	    r->x->owner : nd->name);
	out->type = r->type;
	out->ttl = r->ttl;
	out->preference = r->preference;
	out->file = zone_rr_file(z, r);
	out->line = r->line;
	out->ignore = r->x ? r->x->ignore : NULL;
	if (r->type == MX_TYPE_A || r->type == MX_TYPE_AAAA) {
		out->address = mx_addr_ntop(r->type == MX_TYPE_A ? AF_INET :
		    AF_INET6, r->u.addr, text);
	} else {
		out->target = r->u.n.target;
		out->written = r->written_same ? r->u.n.target :
		    r->u.n.written;
	}
}

/*
 * Notes what the record zr (type 0 included: every record reaches here)
 * adds to its owner nd: a CNAME, or other data, which RFC 1034 §3.6.2 and
 * RFC 2181 §10.1 forbid beside a CNAME; an RRSIG, NSEC or NSEC3 may sit
 * there (RFC 4035 §2.5).  The first record that makes the owner hold
 * both is reported, once per owner, naming the line of a record it
 * conflicts with when one is kept.
 */
static mx_status
note_data(mx_zone *z, struct node *nd, const char *owner,
    const struct zrr *zr)
{
	struct mx_zone_diag	 d;
	uint8_t			 bit;
	uint32_t		 i;

	if (zr->dnssec)
		return MX_OK;
	bit = zr->type == MX_TYPE_CNAME ? NODE_CNAME : NODE_OTHER;
	nd->data |= bit;
	if ((nd->data & (NODE_CNAME | NODE_OTHER)) !=
	    (NODE_CNAME | NODE_OTHER) || (nd->data & NODE_SAID))
		return MX_OK;
	nd->data |= NODE_SAID;
	memset(&d, 0, sizeof(d));
	d.kind = MX_ZONE_DIAG_CNAME_AND_OTHER;
	d.file = zone_rr_file(z, zr);
	d.line = zr->line;
	d.ignore = zr->x ? zr->x->ignore : NULL;
	d.rrtype = bit == NODE_CNAME ? "CNAME" : NULL;
	for (i = 0; i < nd->n; i++)
		if ((nd->rrs[i].type == MX_TYPE_CNAME) != (bit == NODE_CNAME) &&
		    !nd->rrs[i].dnssec) {
			d.first_line = nd->rrs[i].line;
			break;
		}
	if ((d.owner = nd->name != NULL ? nd->name :
	    mx_arena_strdup(z->arena, owner)) == NULL)
		return MX_ERR_NOMEM;
	return zone_diag(z, &d);
}

/* Records the owner of nd for lint, once, in file order, as its first
 * MX record r writes it; a wildcard owner is reported. */
static mx_status
note_mx_owner(mx_zone *z, struct node *nd, const char *owner,
    const struct zrr *r)
{
	char **o;

	if (nd->mx_listed)
		return MX_OK;
	nd->mx_listed = 1;
	if (strncmp(nd->key, "*.", 2) == 0) {
		struct mx_zone_diag d;

		memset(&d, 0, sizeof(d));
		d.kind = MX_ZONE_DIAG_WILDCARD_MX;
		d.file = zone_rr_file(z, r);
		d.line = r->line;
		d.owner = owner;
		d.ignore = r->x ? r->x->ignore : NULL;
		if (zone_diag(z, &d) != MX_OK)
			return MX_ERR_NOMEM;
	}
	if ((o = mx_vec_push(&z->owners, &z->nowners, &z->capowners,
	    sizeof(*o))) == NULL)
		return MX_ERR_NOMEM;
	*o = (char *)owner;	/* the node's name or the record's owner */
	return MX_OK;
}

/*
 * Stores one record of owner (absolute, as written); type 0 is an owner
 * of a type mxdig does not keep.  zr's strings are in the arena already.
 * Duplicates (same owner, type and data, letter case aside) are dropped
 * as servers drop them (RFC 2181 §5); a TTL that differs from the rest of
 * its RRset is reported once per RRset.
 */
mx_status
zone_put(mx_zone *z, const char *owner, const struct zrr *rec,
    const char *origin)
{
	struct node	*nd;
	struct zrr	 zr = *rec;
	struct rrindex	*ix;
	const char	*own;
	size_t		 i, end, start;
	uint32_t	 hash = 0;

	if ((nd = node_get(z, owner, origin)) == NULL)
		return MX_ERR_NOMEM;
	z->last = nd;
	if ((nd->data & NODE_SAID) == 0 && (nd->data & (zr.type ==
	    MX_TYPE_CNAME ? NODE_OTHER : NODE_CNAME)) != 0 &&
	    note_data(z, nd, owner, &zr) != MX_OK)
		return MX_ERR_NOMEM;
	if (!zr.dnssec)
		nd->data |= zr.type == MX_TYPE_CNAME ? NODE_CNAME : NODE_OTHER;
	if (zr.type == 0)
		return MX_OK;
	/* the node's name as its first record writes it; a record that
	 * writes it otherwise keeps its own */
	if (nd->name == NULL && (nd->name = strcmp(nd->key, owner) == 0 ?
	    nd->key : mx_arena_strdup(z->arena, owner)) == NULL)
		return MX_ERR_NOMEM;
	if (strcmp(nd->name, owner) != 0 && (zone_rr_extra(z->arena, &zr) ==
	    NULL || (zr.x->owner = mx_arena_strdup(z->arena, owner)) == NULL))
		return MX_ERR_NOMEM;
	own = zr.x && zr.x->owner ? zr.x->owner : nd->name;
	/* the RRset of the record's type ends at end (0: none yet); it is
	 * kept contiguous, in file order, and a new record goes there */
	for (end = nd->n; end > 0 && nd->rrs[end - 1].type != zr.type; end--)
		;
	ix = nd->indexed ? mx_map_get(z->big, nd->key) : NULL;
	if (nd->indexed && ix == NULL)
		return MX_ERR_NOMEM;
	start = ix ? end - ix->count[type_slot(zr.type)] : 0;
	/* a dropped duplicate leaves its strings in the arena */
	if (ix != NULL) {
		hash = rdata_hash(&zr);
		if (rrindex_find(ix, nd, start, &zr, hash) != NULL)
			return MX_OK;
	} else {
		for (i = 0; i < nd->n; i++)
			if (nd->rrs[i].type == zr.type &&
			    same_rdata(&nd->rrs[i], &zr))
				return MX_OK;
	}
	/* a second CNAME, other than the first: a name is an alias of one
	 * name only (RFC 2181 §10.1); BIND refuses the zone ("multiple RRs
	 * of singleton type"), as NSD and Knot do, and the first is kept */
	if (zr.type == MX_TYPE_CNAME && end > 0) {
		struct mx_zone_diag	 d;
		char			*msg;
		mx_status		 st;

		if ((msg = mx_asprintf("%s has a second CNAME (the first on "
		    "line %lu): a name is the alias of one name only (RFC "
		    "2181 §10.1); named-checkzone, nsd-checkzone and "
		    "kzonecheck refuse the zone", own,
		    (unsigned long)nd->rrs[end - 1].line)) == NULL)
			return MX_ERR_NOMEM;
		memset(&d, 0, sizeof(d));
		d.kind = MX_ZONE_DIAG_SYNTAX;
		d.file = zone_rr_file(z, &zr);
		d.line = zr.line;
		d.text = msg;
		d.ignore = zr.x ? zr.x->ignore : NULL;
		st = zone_diag(z, &d);
		free(msg);
		return st;
	}
	/*
	 * Until the RRset is reported, all its records have the TTL of its
	 * first (each new one was compared): a record that differs from
	 * the last differs from the first, which the finding names.
	 */
	if (end > 0 && !(nd->mismatch & TYPE_BIT(zr.type)) &&
	    nd->rrs[end - 1].ttl != zr.ttl) {
		const struct zrr	*o;
		struct mx_zone_diag	 d;

		if (ix == NULL)
			for (start = end; start > 0 &&
			    nd->rrs[start - 1].type == zr.type; start--)
				;
		o = &nd->rrs[start];
		nd->mismatch |= TYPE_BIT(zr.type);
		memset(&d, 0, sizeof(d));
		d.kind = MX_ZONE_DIAG_TTL_MISMATCH;
		d.file = zone_rr_file(z, &zr);
		d.line = zr.line;
		d.owner = own;
		d.ignore = zr.x ? zr.x->ignore : NULL;
		d.rrtype = type_name(zr.type);
		d.first_ttl = o->ttl;
		d.first_line = o->line;
		d.ttl = zr.ttl;
		if (zone_diag(z, &d) != MX_OK)
			return MX_ERR_NOMEM;
	}
	if (nd->n == nd->cap) {
		/* most names own one to four records: grow exactly */
		uint32_t	 ncap = nd->cap < 4 ? nd->cap + 1 : nd->cap * 2;
		struct zrr	*nr;

		if (ncap <= nd->cap || (nr = rrs_get(z, ncap)) == NULL)
			return MX_ERR_NOMEM;
		if (nd->n > 0)
			memcpy(nr, nd->rrs, nd->n * sizeof(*nr));
		rrs_put(z, nd->rrs, nd->cap);
		nd->rrs = nr;
		nd->cap = ncap;
	}
	/* keep each RRset contiguous, in file order: after the last record
	 * of its type, or at the end */
	i = end > 0 ? end : nd->n;
	memmove(&nd->rrs[i + 1], &nd->rrs[i], (nd->n - i) * sizeof(zr));
	nd->rrs[i] = zr;
	nd->n++;
	if (ix != NULL) {
		if (rrindex_note(ix, nd, hash, ix->count[type_slot(zr.type)]) !=
		    MX_OK)
			return MX_ERR_NOMEM;
		ix->count[type_slot(zr.type)]++;
	} else if (nd->n >= RR_INDEX_MIN && rrindex_make(z, nd) != MX_OK)
		return MX_ERR_NOMEM;
	if (zr.type == MX_TYPE_MX)
		return note_mx_owner(z, nd, own, &nd->rrs[i]);
	return MX_OK;
}

/* The RRSIG of covered types kept (those on a mail path, RFC 4034 §3):
 * 1 for MX, A, AAAA, CNAME, TLSA, SOA and DNSKEY. */
int
zone_sig_kept(uint16_t covered)
{
	switch (covered) {
	case LDNS_RR_TYPE_MX:
	case LDNS_RR_TYPE_A:
	case LDNS_RR_TYPE_AAAA:
	case LDNS_RR_TYPE_CNAME:
	case LDNS_RR_TYPE_TLSA:
	case LDNS_RR_TYPE_SOA:
	case LDNS_RR_TYPE_DNSKEY:
		return 1;
	default:
		return 0;
	}
}

/*
 * Stores a record of owner kept whole for DNSSEC (struct zraw): rdata
 * (rdlen octets) is copied, and the inline ignore list (may be NULL); an
 * RRSIG over a type zone_sig_kept refuses only makes the owner exist, and
 * an NS record below the apex marks a delegation.  A record already there
 * with the same data is dropped (RFC 2181 §5).
 */
/* Lists nd among the policy nodes (struct zpolicy) unless a TLSA or TXT
 * record kept before has listed it already. */
static mx_status
policy_list(mx_zone *z, struct node *nd)
{
	struct zpolicy	*p;
	struct zraw	*r;

	for (r = nd->raw; r != NULL; r = r->next)
		if (r->type == LDNS_RR_TYPE_TLSA || r->type == LDNS_RR_TYPE_TXT)
			return MX_OK;
	if ((p = mx_arena_alloc(z->arena, sizeof(*p))) == NULL)
		return MX_ERR_NOMEM;
	p->next = NULL;
	p->node = nd;
	if (z->policy_last != NULL)
		z->policy_last->next = p;
	else
		z->policy = p;
	z->policy_last = p;
	return MX_OK;
}

mx_status
zone_put_raw(mx_zone *z, const char *owner, uint16_t type, uint32_t ttl,
    const char *file, unsigned long line, const uint8_t *rdata, size_t rdlen,
    const char *ignore, const char *origin)
{
	struct node	*nd;
	struct zraw	*r;
	struct zrr	 pos;
	size_t		 ilen = ignore ? strlen(ignore) + 1 : 0;

	if ((nd = node_get(z, owner, origin)) == NULL)
		return MX_ERR_NOMEM;
	z->last = nd;
	if (type == LDNS_RR_TYPE_NS) {
		if (origin != NULL && !mx_name_eq(owner, origin))
			nd->sec |= SEC_CUT;
		return MX_OK;
	}
	if (rdlen > UINT16_MAX || (type == LDNS_RR_TYPE_RRSIG &&
	    (rdlen < 18 || !zone_sig_kept((uint16_t)(rdata[0] << 8 |
	    rdata[1])))))
		return MX_OK;
	for (r = nd->raw; r != NULL; r = r->next)
		if (r->type == type && ZRAW_LEN(r) == rdlen &&
		    memcmp(ZRAW_DATA(r), rdata, rdlen) == 0)
			return MX_OK;
	if ((type == LDNS_RR_TYPE_TLSA || type == LDNS_RR_TYPE_TXT) &&
	    policy_list(z, nd) != MX_OK)
		return MX_ERR_NOMEM;
	if ((r = mx_arena_alloc(z->arena, sizeof(*r))) == NULL ||
	    (r->wire = mx_arena_alloc(z->arena, 2 + rdlen + ilen)) == NULL)
		return MX_ERR_NOMEM;
	r->wire[0] = (uint8_t)(rdlen >> 8);
	r->wire[1] = (uint8_t)rdlen;
	memcpy(r->wire + 2, rdata, rdlen);
	if (ignore != NULL) {
		memcpy(r->wire + 2 + rdlen, ignore, ilen);
		r->has_ignore = 1;
	}
	/* file and line as a record keeps them */
	zone_rr_init(z, &pos, 0, ttl, file, line);
	r->ttl = ttl;
	r->line = pos.line;
	r->file = pos.file;
	r->type = type;
	r->next = nd->raw;
	nd->raw = r;
	if (type == LDNS_RR_TYPE_RRSIG)
		z->nsigs++;
	return MX_OK;
}

/* The node of a name, or NULL when the zone has none. */
struct node *
zone_node(const mx_zone *z, const char *name)
{
	struct node	*nd;
	char		*k, buf[512];
	size_t		 klen;
	uint32_t	 hash;

	if ((k = mx_name_key_hash(name, buf, sizeof(buf), &klen, &hash)) ==
	    NULL)
		return NULL;
	nd = mx_map_get_hashed(z->nodes, k, hash);
	if (k != buf)
		free(k);
	return nd;
}

/*
 * source.c -- the zone and memory sources: queries answered from the zone
 * store, exactly as an authoritative server holding the loaded zones
 * would (RFC 1034 §4.3.2; wildcards, RFC 4592; empty non-terminals are
 * NODATA, RFC 8020).
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "store.h"

/* ---- answering queries ---- */

/* A query waiting for the next round of the loop. */
struct pending {
	char		*name;
	uint16_t	 type;
	mx_answer_fn	 fn;
	void		*arg;
};

/*
 * The zone source queues its queries and answers them from a timer of
 * 0 ms, so that no answer reaches the asker inside the call that asked.
 * Each round answers the queries queued before it; those asked meanwhile
 * (the next hop, the next domain) wait for the next round.
 */
struct zone_source {
	mx_zone		*z;
	mx_loop		*loop;
	mx_timer	*wake;
	struct pending	*q;
	size_t		 nq, capq, head;
	/* the names of the queries queued since the round began, freed
	 * with the round that answers them (two million of them for a
	 * million exchanges, not two million allocations) */
	struct mx_strpool *names;
	/* the node of the last name answered in this round: A and AAAA
	 * of a host are asked one after the other (a node, once made,
	 * stays the node of its name) */
	struct node	*last_nd;
	char		 last_key[256];
	/* the block the records of the current answer are made in, kept
	 * from answer to answer (the asker copies what it keeps before its
	 * callback returns) */
	void		*block;
	size_t		 capblock;
};

/* Where the records of type (or the CNAME) are in nd: *first and the
 * count; the rcode they make. */
static enum mx_rcode
find_in_node(const struct node *nd, uint16_t type, size_t *first,
    size_t *count)
{
	size_t i, n;

	for (i = 0; i < nd->n && nd->rrs[i].type != type; i++)
		;
	for (n = 0; i + n < nd->n && nd->rrs[i + n].type == type; n++)
		;
	if (n > 0) {
		*first = i;
		*count = n;
		return MX_ANSWER_OK;
	}
	for (i = 0; i < nd->n; i++)
		if (nd->rrs[i].type == MX_TYPE_CNAME) {
			*first = i;
			*count = 1;
			return MX_ANSWER_CNAME;
		}
	*count = 0;
	return MX_ANSWER_NODATA;
}

/* The wildcard node that covers a name that does not exist (RFC 4592:
 * "*." + the closest encloser), or NULL. */
static struct node *
wildcard_for(const mx_zone *z, const char *name, const char *origin)
{
	const char	*ce = name;
	struct node	*nd = NULL;
	char		*k, buf[512];

	while (strcmp(ce, ".") != 0 && !mx_name_eq(ce, origin)) {
		ce = mx_name_parent(ce);
		if ((k = mx_name_key_buf(ce, buf, sizeof(buf))) == NULL)
			return NULL;
		nd = mx_map_get(z->nodes, k);
		if (k != buf)
			free(k);
		if (nd != NULL)
			break;
	}
	if (nd == NULL)
		return NULL;
	k = strcmp(ce, ".") == 0 ? strdup("*.") : mx_asprintf("*.%s", ce);
	if (k == NULL)
		return NULL;
	{
		char *lk = mx_name_key(k);

		free(k);
		if (lk == NULL)
			return NULL;
		nd = mx_map_get(z->nodes, lk);
		free(lk);
	}
	return nd;
}

/* Answers one query from the store.  The records are made in *synth,
 * zs's block, valid until the next answer; their strings belong to the
 * store. */
static void
zone_answer(struct zone_source *zs, const char *name, uint16_t type,
    struct mx_answer *ans, struct mx_record **synth, size_t *nsynth)
{
	mx_zone		*z = zs->z;
	const char	*origin, *owner = NULL;
	struct node	*nd;
	char		*key, *fk, *text, buf[512];
	void		*fail, *block;
	size_t		 i, first = 0, count = 0, tlen, klen;
	uint32_t	 hash;

	memset(ans, 0, sizeof(*ans));
	ans->dns_rcode = ans->ede = -1;	/* no DNS message */
	*synth = NULL;
	*nsynth = 0;
	if ((key = mx_name_key_hash(name, buf, sizeof(buf), &klen,
	    &hash)) == NULL)
		goto nomem;
	if (zs->last_nd != NULL && strcmp(zs->last_key, key) == 0)
		nd = zs->last_nd;
	else if ((nd = mx_map_get_hashed(z->nodes, key, hash)) != NULL &&
	    klen < sizeof(zs->last_key)) {
		memcpy(zs->last_key, key, klen + 1);
		zs->last_nd = nd;
	}
	/* injected failures exist in test sources only */
	fail = NULL;
	fk = mx_map_count(z->failures) > 0 ?
	    mx_asprintf("%s/%u", key, type) : NULL;
	if (fk != NULL)
		fail = mx_map_get(z->failures, fk);
	if (key != buf)
		free(key);
	if (mx_map_count(z->failures) > 0 && fk == NULL)
		goto nomem;
	free(fk);
	if (fail != NULL) {
		ans->rcode = (enum mx_rcode)((uintptr_t)fail - 1);
		ans->detail = ans->rcode == MX_ANSWER_TIMEOUT ?
		    "timed out" : ans->rcode == MX_ANSWER_TEMPFAIL ?
		    "SERVFAIL" : NULL;
		return;
	}
	if ((origin = mx_zone_origin_of(z, name)) == NULL) {
		ans->rcode = MX_ANSWER_OUT_OF_ZONE;
		ans->detail = "outside every loaded zone";
		return;
	}
	if (nd == NULL && (nd = wildcard_for(z, name, origin)) != NULL)
		owner = name;	/* the wildcard's records, as the name's */
	if (nd == NULL) {
		ans->rcode = MX_ANSWER_NXDOMAIN;
		return;
	}
	ans->rcode = find_in_node(nd, type, &first, &count);
	if (count == 0)
		return;
	/* the records, then the text of their addresses, in one block
	 * (a million MX records need no room for text) */
	tlen = type == MX_TYPE_A || type == MX_TYPE_AAAA ? INET6_ADDRSTRLEN :
	    0;
	if (count * (sizeof(**synth) + tlen) > zs->capblock) {
		size_t cap = count * (sizeof(**synth) + tlen);

		if (cap < 4096)
			cap = 4096;
		if ((block = realloc(zs->block, cap)) == NULL)
			goto nomem;
		zs->block = block;
		zs->capblock = cap;
	}
	memset(zs->block, 0, count * (sizeof(**synth) + tlen));
	*synth = zs->block;
	text = (char *)(*synth + count);
	for (i = 0; i < count; i++)
		zone_expand(z, nd, &nd->rrs[first + i], owner, &(*synth)[i],
		    tlen ? text + i * tlen : NULL);
	*nsynth = count;
	if (ans->rcode == MX_ANSWER_CNAME) {
		ans->cnames = *synth;
		ans->ncnames = count;
	} else {
		ans->records = *synth;
		ans->nrecords = count;
	}
	return;
nomem:
	ans->rcode = MX_ANSWER_TEMPFAIL;
	ans->detail = "out of memory";
}

static void zsrc_round(void *arg);

static mx_status
zsrc_query(void *impl, const mx_query *q, mx_answer_fn fn, void *arg)
{
	struct zone_source	*zs = impl;
	struct pending		*p;

	if (zs->wake == NULL && mx_loop_timer(zs->loop, 0, zsrc_round, zs,
	    &zs->wake) != MX_OK)
		return MX_ERR_NOMEM;
	if (zs->names == NULL && (zs->names = mx_strpool_new()) == NULL)
		return MX_ERR_NOMEM;
	if ((p = mx_vec_push(&zs->q, &zs->nq, &zs->capq, sizeof(*p))) ==
	    NULL)
		return MX_ERR_NOMEM;
	if ((p->name = mx_strpool_dup(zs->names, q->name)) == NULL) {
		zs->nq--;
		return MX_ERR_NOMEM;
	}
	p->type = q->type;
	p->fn = fn;
	p->arg = arg;
	return MX_OK;
}

/* Answers the queries queued before this round. */
static void
zsrc_round(void *arg)
{
	struct zone_source	*zs = arg;
	struct mx_strpool	*names = zs->names;
	size_t			 end = zs->nq;

	zs->names = NULL;	/* the queries asked meanwhile: the next */
	zs->wake = NULL;
	zs->last_nd = NULL;	/* the zone may have grown since */
	while (zs->head < end) {
		struct pending		 p = zs->q[zs->head++];
		struct mx_answer	 ans;
		struct mx_record	*synth;
		size_t			 nsynth;
		zone_answer(zs, p.name, p.type, &ans, &synth, &nsynth);
		p.fn(p.arg, &ans);
	}
	mx_strpool_free(names);
	if (zs->head == zs->nq)
		zs->head = zs->nq = 0;
	else if (zs->wake == NULL && mx_loop_timer(zs->loop, 0, zsrc_round,
	    zs, &zs->wake) != MX_OK) {
		/* cannot wake up again: what is left fails now */
		while (zs->head < zs->nq) {
			struct pending		p = zs->q[zs->head++];
			struct mx_answer	ans;

			memset(&ans, 0, sizeof(ans));
			ans.rcode = MX_ANSWER_TEMPFAIL;
			ans.detail = "out of memory";
			ans.dns_rcode = ans.ede = -1;
			p.fn(p.arg, &ans);
		}
		zs->head = zs->nq = 0;
		mx_strpool_free(zs->names);
		zs->names = NULL;
	}
}

static mx_status
zsrc_attach(void *impl, mx_loop *loop)
{
	((struct zone_source *)impl)->loop = loop;
	return MX_OK;
}

/* Forgets the queued queries; nobody is told. */
static void
zsrc_detach(void *impl)
{
	struct zone_source	*zs = impl;

	mx_loop_cancel(zs->loop, zs->wake);
	zs->wake = NULL;
	mx_strpool_free(zs->names);
	zs->names = NULL;
	zs->head = zs->nq = 0;
	zs->loop = NULL;
}

static void
zsrc_free(void *impl)
{
	struct zone_source *zs = impl;

	mx_strpool_free(zs->names);
	free(zs->block);
	free(zs->q);
	free(zs);
}

static mx_status
make_source(mx_zone *z, const char *kind, mx_source **out)
{
	struct zone_source	*zs;
	mx_status		 st;

	*out = NULL;
	if ((zs = calloc(1, sizeof(*zs))) == NULL)
		return MX_ERR_NOMEM;
	zs->z = z;
	if ((st = mx_source_new(kind, zs, zsrc_query, out)) != MX_OK) {
		free(zs);
		return st;
	}
	mx_source_set_attach(*out, zsrc_attach);
	mx_source_set_detach(*out, zsrc_detach);
	mx_source_set_free(*out, zsrc_free);
	return MX_OK;
}

mx_status
mx_zone_source(mx_zone *z, mx_source **out)
{
	return make_source(z, "zone", out);
}

mx_status
mx_memory_source(mx_memory *m, mx_source **out)
{
	return make_source(m->z, "memory", out);
}

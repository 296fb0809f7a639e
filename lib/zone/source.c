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

struct pending {
	char		*name;
	uint16_t	 type;
	mx_answer_fn	 fn;
	void		*arg;
};

struct zone_source {
	mx_zone		*z;
	struct pending	*q;
	size_t		 nq, capq, head;
};

static const char *
parent_of(const char *name)
{
	const char *p = name;

	while (*p && *p != '.') {
		if (*p == '\\' && p[1])
			p++;
		p++;
	}
	if (*p == '.' && p[1] != '\0')
		return p + 1;
	return ".";
}

/* Finds the run of records of type at a node (kept contiguous by
 * zone_store), or its CNAME; fills ans accordingly. */
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
		ce = parent_of(ce);
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
 * one block the caller frees; their strings belong to the store. */
static void
zone_answer(mx_zone *z, const char *name, uint16_t type,
    struct mx_answer *ans, struct mx_record **synth, size_t *nsynth)
{
	const char	*origin, *owner = NULL;
	struct node	*nd;
	char		*key, *fk, *text, buf[512];
	void		*fail, *block;
	size_t		 i, first = 0, count = 0;

	memset(ans, 0, sizeof(*ans));
	*synth = NULL;
	*nsynth = 0;
	if ((key = mx_name_key_buf(name, buf, sizeof(buf))) == NULL)
		goto nomem;
	nd = mx_map_get(z->nodes, key);
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
	/* the records, then the text of their addresses, in one block */
	if ((block = calloc(count, sizeof(**synth) + INET6_ADDRSTRLEN)) ==
	    NULL)
		goto nomem;
	*synth = block;
	text = (char *)(*synth + count);
	for (i = 0; i < count; i++)
		zone_expand(z, nd, &nd->rrs[first + i], owner, &(*synth)[i],
		    text + i * INET6_ADDRSTRLEN);
	*nsynth = count;
	ans->records = *synth;
	ans->nrecords = count;
	return;
nomem:
	ans->rcode = MX_ANSWER_TEMPFAIL;
	ans->detail = "out of memory";
}

static mx_status
zsrc_query(void *impl, const char *name, uint16_t type, mx_answer_fn fn,
    void *arg)
{
	struct zone_source	*zs = impl;
	struct pending		*p;

	if ((p = mx_vec_push(&zs->q, &zs->nq, &zs->capq, sizeof(*p))) ==
	    NULL)
		return MX_ERR_NOMEM;
	if ((p->name = strdup(name)) == NULL) {
		zs->nq--;
		return MX_ERR_NOMEM;
	}
	p->type = type;
	p->fn = fn;
	p->arg = arg;
	return MX_OK;
}

static mx_status
zsrc_run(void *impl)
{
	struct zone_source *zs = impl;

	while (zs->head < zs->nq) {
		struct pending		 p = zs->q[zs->head++];
		struct mx_answer	 ans;
		struct mx_record	*synth;
		size_t			 nsynth;

		zone_answer(zs->z, p.name, p.type, &ans, &synth, &nsynth);
		ans.server = NULL;
		p.fn(p.arg, &ans);
		free(synth);
		free(p.name);
		if (zs->head == zs->nq)
			zs->head = zs->nq = 0;
	}
	return MX_OK;
}

static void
zsrc_free(void *impl)
{
	struct zone_source	*zs = impl;
	size_t			 i;

	for (i = zs->head; i < zs->nq; i++)
		free(zs->q[i].name);
	free(zs->q);
	free(zs);
}

static const struct mx_source_ops zone_ops = {
	"zone", zsrc_query, zsrc_run, zsrc_free
};

static const struct mx_source_ops memory_ops = {
	"memory", zsrc_query, zsrc_run, zsrc_free
};

static mx_status
make_source(mx_zone *z, const struct mx_source_ops *ops, mx_source **out)
{
	struct zone_source *zs;

	*out = NULL;
	if ((zs = calloc(1, sizeof(*zs))) == NULL)
		return MX_ERR_NOMEM;
	zs->z = z;
	return mx_source_new(ops, zs, out);
}

mx_status
mx_zone_source(mx_zone *z, mx_source **out)
{
	return make_source(z, &zone_ops, out);
}

mx_status
mx_memory_source(mx_memory *m, mx_source **out)
{
	return make_source(m->z, &memory_ops, out);
}

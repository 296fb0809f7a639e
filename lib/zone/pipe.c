/*
 * pipe.c -- the store thread of a large zone load: the reader (lexer,
 * parser) runs on the loading thread and hands what it would write into
 * the store (records, records kept whole, diagnostics) to a second thread
 * that writes it, in the order it was read.
 *
 * The reader and the store share nothing but the queue while it runs:
 * the reader's strings go into an arena of its own (zone_pipe_arena),
 * joined to the zone's when the load ends; the store's node map, record
 * arrays and diagnostics are the store thread's alone; the zone's file
 * table is given room for every file a load may open before it starts,
 * so that the reader's $INCLUDE never moves it under the store.  What is
 * handed over is copied into chunks of CHUNK bytes, at most INFLIGHT of
 * them at a time (memory stays bounded; a reader ahead waits).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "store.h"
#include "pipe.h"

#define CHUNK		(128 * 1024)
#define INFLIGHT	8

enum op_kind { OP_PUT = 1, OP_RAW, OP_DIAG };

/* One operation in a chunk; size is the whole of it, a multiple of 8. */
struct op {
	uint32_t	 kind;
	uint32_t	 size;
};

struct op_put {
	struct op	 h;
	struct zrr	 zr;
	const char	*origin;
	char		 owner[];
};

struct op_raw {
	struct op	 h;
	const char	*origin;
	const char	*file;
	unsigned long	 line;
	uint32_t	 ttl;
	uint32_t	 rdlen;
	uint16_t	 type;
	uint8_t		 has_ignore;
	/* the owner, NUL, the RDATA, the ignore list and its NUL */
	uint8_t		 bytes[];
};

struct op_diag {
	struct op		 h;
	struct mx_zone_diag	 d;
	uint8_t			 has_text, has_ignore, has_owner;
	/* text, ignore, owner, each with its NUL, those there */
	char			 bytes[];
};

struct chunk {
	struct chunk	*next;
	size_t		 used, size;
	uint64_t	 data[];
};

struct zone_pipe {
	mx_zone		*z;
	struct mx_arena	*arena;		/* the reader's */
	pthread_t	 thread;
	pthread_mutex_t	 lock;
	pthread_cond_t	 ready;		/* a chunk queued, or the end */
	pthread_cond_t	 room;		/* a chunk given back */
	pthread_cond_t	 idle;		/* the queue ran dry */
	struct chunk	*head, *tail;	/* queued, oldest first */
	struct chunk	*spare;		/* given back, for reuse */
	struct chunk	*cur;		/* being filled by the reader */
	unsigned	 nchunks;	/* made and not freed */
	int		 busy;		/* the store is writing a chunk */
	int		 end;
	mx_status	 st;		/* the store's first failure */
};

static void
apply(mx_zone *z, struct chunk *c, mx_status *st)
{
	size_t off = 0;

	while (off < c->used && *st == MX_OK) {
		struct op *o = (struct op *)((char *)c->data + off);

		switch (o->kind) {
		case OP_PUT: {
			struct op_put *p = (struct op_put *)o;

			*st = zone_put(z, p->owner, &p->zr, p->origin);
			break;
		}
		case OP_RAW: {
			struct op_raw	*r = (struct op_raw *)o;
			const char	*owner = (const char *)r->bytes;
			size_t		 olen = strlen(owner) + 1;

			*st = zone_put_raw(z, owner, r->type, r->ttl, r->file,
			    r->line, r->bytes + olen, r->rdlen, r->has_ignore ?
			    (const char *)r->bytes + olen + r->rdlen : NULL,
			    r->origin);
			break;
		}
		case OP_DIAG: {
			struct op_diag		*dg = (struct op_diag *)o;
			struct mx_zone_diag	 d = dg->d;
			const char		*s = dg->bytes;

			if (dg->has_text) {
				d.text = s;
				s += strlen(s) + 1;
			}
			if (dg->has_ignore) {
				d.ignore = s;
				s += strlen(s) + 1;
			}
			/* zone_diag copies text and ignore, not the owner */
			if (dg->has_owner && (d.owner = mx_arena_strdup(
			    z->arena, s)) == NULL) {
				*st = MX_ERR_NOMEM;
				break;
			}
			*st = zone_diag(z, &d);
			break;
		}
		}
		off += o->size;
	}
}

static void *
store_main(void *arg)
{
	struct zone_pipe	*p = arg;
	struct chunk		*c;
	mx_status		 st = MX_OK;

	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (p->head == NULL && !p->end)
			pthread_cond_wait(&p->ready, &p->lock);
		if ((c = p->head) == NULL)
			break;
		if ((p->head = c->next) == NULL)
			p->tail = NULL;
		p->busy = 1;
		pthread_mutex_unlock(&p->lock);
		apply(p->z, c, &st);
		pthread_mutex_lock(&p->lock);
		p->busy = 0;
		if (st != MX_OK && p->st == MX_OK)
			__atomic_store_n(&p->st, st, __ATOMIC_RELAXED);
		if (c->size == CHUNK) {
			c->next = p->spare;
			p->spare = c;
		} else {
			free(c);
			p->nchunks--;
		}
		pthread_cond_signal(&p->room);
		if (p->head == NULL)
			pthread_cond_broadcast(&p->idle);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

mx_status
zone_pipe_start(mx_zone *z, size_t files, struct zone_pipe **out)
{
	struct zone_pipe	*p;
	char			**nf;

	*out = NULL;
	/* room for every file the load may intern: the table stays put */
	if (z->capfiles < z->nfiles + files) {
		if ((nf = realloc(z->files, (z->nfiles + files) *
		    sizeof(*nf))) == NULL)
			return MX_ERR_NOMEM;
		z->files = nf;
		z->capfiles = z->nfiles + files;
	}
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return MX_ERR_NOMEM;
	p->z = z;
	if ((p->arena = mx_arena_new()) == NULL) {
		free(p);
		return MX_ERR_NOMEM;
	}
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->ready, NULL);
	pthread_cond_init(&p->room, NULL);
	pthread_cond_init(&p->idle, NULL);
	if (pthread_create(&p->thread, NULL, store_main, p) != 0) {
		pthread_cond_destroy(&p->idle);
		pthread_cond_destroy(&p->room);
		pthread_cond_destroy(&p->ready);
		pthread_mutex_destroy(&p->lock);
		mx_arena_free(p->arena);
		free(p);
		return MX_ERR_NOMEM;
	}
	*out = p;
	return MX_OK;
}

struct mx_arena *
zone_pipe_arena(struct zone_pipe *p)
{
	return p->arena;
}

/* Queues the chunk being filled. */
static void
flush(struct zone_pipe *p)
{
	struct chunk *c = p->cur;

	if (c == NULL || c->used == 0)
		return;
	p->cur = NULL;
	c->next = NULL;
	pthread_mutex_lock(&p->lock);
	if (p->tail != NULL)
		p->tail->next = c;
	else
		p->head = c;
	p->tail = c;
	pthread_cond_signal(&p->ready);
	pthread_mutex_unlock(&p->lock);
}

/* Room for an operation of size bytes (a multiple of 8) in the chunk
 * being filled, or NULL when out of memory. */
static void *
take(struct zone_pipe *p, size_t size)
{
	struct chunk	*c = p->cur;
	size_t		 csize = size > CHUNK ? size : CHUNK;
	void		*o;

	if (c != NULL && c->size - c->used < size) {
		flush(p);
		c = NULL;
	}
	if (c == NULL) {
		pthread_mutex_lock(&p->lock);
		while (csize == CHUNK && p->spare == NULL &&
		    p->nchunks >= INFLIGHT)
			pthread_cond_wait(&p->room, &p->lock);
		if (csize == CHUNK && (c = p->spare) != NULL)
			p->spare = c->next;
		pthread_mutex_unlock(&p->lock);
		if (c == NULL) {
			if ((c = malloc(sizeof(*c) + csize)) == NULL)
				return NULL;
			c->size = csize;
			pthread_mutex_lock(&p->lock);
			p->nchunks++;
			pthread_mutex_unlock(&p->lock);
		}
		c->used = 0;
		p->cur = c;
	}
	o = (char *)c->data + c->used;
	c->used += size;
	return o;
}

#define ROUND8(n)	(((n) + 7) & ~(size_t)7)

/* The store's first failure, seen from the reader (it stops reading). */
static mx_status
failed(struct zone_pipe *p)
{
	return __atomic_load_n(&p->st, __ATOMIC_RELAXED);
}

mx_status
zone_pipe_put(struct zone_pipe *p, const char *owner, const struct zrr *zr,
    const char *origin)
{
	size_t		 olen = strlen(owner) + 1;
	size_t		 size = ROUND8(sizeof(struct op_put) + olen);
	struct op_put	*o;

	if ((o = take(p, size)) == NULL)
		return MX_ERR_NOMEM;
	o->h.kind = OP_PUT;
	o->h.size = (uint32_t)size;
	o->zr = *zr;
	o->origin = origin;
	memcpy(o->owner, owner, olen);
	return failed(p);
}

mx_status
zone_pipe_put_raw(struct zone_pipe *p, const char *owner, uint16_t type,
    uint32_t ttl, const char *file, unsigned long line, const uint8_t *rdata,
    size_t rdlen, const char *ignore, const char *origin)
{
	size_t		 olen = strlen(owner) + 1;
	size_t		 ilen = ignore ? strlen(ignore) + 1 : 0;
	size_t		 size = ROUND8(sizeof(struct op_raw) + olen + rdlen +
			    ilen);
	struct op_raw	*o;

	if (size > UINT32_MAX || rdlen > UINT32_MAX)
		return MX_ERR_NOMEM;
	if ((o = take(p, size)) == NULL)
		return MX_ERR_NOMEM;
	o->h.kind = OP_RAW;
	o->h.size = (uint32_t)size;
	o->origin = origin;
	o->file = file;
	o->line = line;
	o->ttl = ttl;
	o->rdlen = (uint32_t)rdlen;
	o->type = type;
	o->has_ignore = ignore != NULL;
	memcpy(o->bytes, owner, olen);
	if (rdlen > 0)
		memcpy(o->bytes + olen, rdata, rdlen);
	if (ignore != NULL)
		memcpy(o->bytes + olen + rdlen, ignore, ilen);
	return failed(p);
}

mx_status
zone_pipe_diag(struct zone_pipe *p, const struct mx_zone_diag *d)
{
	size_t		 tl = d->text ? strlen(d->text) + 1 : 0;
	size_t		 il = d->ignore ? strlen(d->ignore) + 1 : 0;
	size_t		 ol = d->owner ? strlen(d->owner) + 1 : 0;
	size_t		 size = ROUND8(sizeof(struct op_diag) + tl + il + ol);
	struct op_diag	*o;
	char		*s;

	if (size > UINT32_MAX)
		return MX_ERR_NOMEM;
	if ((o = take(p, size)) == NULL)
		return MX_ERR_NOMEM;
	o->h.kind = OP_DIAG;
	o->h.size = (uint32_t)size;
	o->d = *d;
	o->d.text = o->d.ignore = o->d.owner = NULL;
	o->has_text = d->text != NULL;
	o->has_ignore = d->ignore != NULL;
	o->has_owner = d->owner != NULL;
	s = o->bytes;
	if (tl) {
		memcpy(s, d->text, tl);
		s += tl;
	}
	if (il) {
		memcpy(s, d->ignore, il);
		s += il;
	}
	if (ol)
		memcpy(s, d->owner, ol);
	return failed(p);
}

mx_status
zone_pipe_wait(struct zone_pipe *p)
{
	mx_status st;

	flush(p);
	pthread_mutex_lock(&p->lock);
	while (p->head != NULL || p->busy)
		pthread_cond_wait(&p->idle, &p->lock);
	st = p->st;
	pthread_mutex_unlock(&p->lock);
	return st;
}

mx_status
zone_pipe_end(struct zone_pipe *p)
{
	struct chunk	*c, *next;
	mx_status	 st;

	flush(p);
	pthread_mutex_lock(&p->lock);
	p->end = 1;
	pthread_cond_signal(&p->ready);
	pthread_mutex_unlock(&p->lock);
	pthread_join(p->thread, NULL);
	st = p->st;
	free(p->cur);
	for (c = p->spare; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	pthread_cond_destroy(&p->idle);
	pthread_cond_destroy(&p->room);
	pthread_cond_destroy(&p->ready);
	pthread_mutex_destroy(&p->lock);
	/* the reader's strings live as long as the zone */
	mx_arena_join(p->z->arena, p->arena);
	free(p);
	return st;
}

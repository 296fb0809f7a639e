/*
 * pipe.h -- the store thread of a large zone load (pipe.c); internal.
 */
#ifndef MX_ZONE_PIPE_H
#define MX_ZONE_PIPE_H

#include <stddef.h>
#include <stdint.h>

#include "internal.h"
#include "store.h"

struct zone_pipe;

/*
 * Starts a thread that writes into z's store what the calls below hand
 * it, in their order; files: how many more files the load may intern
 * (zone_intern_file), for which the file table is given room now.
 * Until zone_pipe_end (or while zone_pipe_wait holds) the caller writes
 * into z only its file table (zone_intern_file, within the room made
 * here) and its recent targets (zone_rr_target, which the store thread
 * never reads), and allocates what the handed records point to in
 * zone_pipe_arena.
 * Returns MX_ERR_NOMEM, *out NULL, when no memory or no thread is there:
 * the caller then writes into z itself.
 */
mx_status zone_pipe_start(mx_zone *z, size_t files, struct zone_pipe **out);

/* The arena of the reader's strings, joined to the zone's at the end. */
struct mx_arena *zone_pipe_arena(struct zone_pipe *p);

/* zone_put, zone_put_raw and zone_diag, done by the store thread; the
 * arguments are copied (not what zr points to).  Return MX_ERR_NOMEM
 * when the store has failed so far, or no copy can be made. */
mx_status zone_pipe_put(struct zone_pipe *p, const char *owner,
    const struct zrr *zr, const char *origin);
mx_status zone_pipe_put_raw(struct zone_pipe *p, const char *owner,
    uint16_t type, uint32_t ttl, const char *file, unsigned long line,
    const uint8_t *rdata, size_t rdlen, const char *ignore,
    const char *origin);
mx_status zone_pipe_diag(struct zone_pipe *p, const struct mx_zone_diag *d);

/* Waits until everything handed over is written: the caller may read
 * and write z then, until it hands over more.  Returns the store's
 * status. */
mx_status zone_pipe_wait(struct zone_pipe *p);

/* Writes what is left, stops the thread, joins the reader's arena to the
 * zone's and frees p.  Returns the store's status. */
mx_status zone_pipe_end(struct zone_pipe *p);

#endif

/*
 * util.h -- generic helpers of libmxdig and the mxdig command: strings,
 * growable arrays, string hash maps, an arena.  Nothing in here knows
 * DNS beyond comparing names as ASCII case-insensitive strings.
 *
 * Compiled once into the internal static library mxdig_util (hidden
 * symbols), linked into libmxdig and the command; not part of libmxdig's
 * ABI and not installed.
 */
#ifndef MX_UTIL_H
#define MX_UTIL_H

#include <sys/types.h>
#include <sys/stat.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "mxdig.h"

/* Grows *arr (of *n elements of size sz, capacity *cap) by one zeroed
 * element and returns it, or NULL when out of memory. */
void *mx_vec_push(void *arr_p, size_t *n, size_t *cap, size_t sz);

/* strdup that accepts NULL. */
char *mx_strdup(const char *s);

/* Replaces the string *slot with a copy of s (NULL clears); MX_ERR_NOMEM
 * leaves *slot as it was. */
mx_status mx_str_replace(char **slot, const char *s);

/* Formats into a new string; NULL when out of memory. */
char *mx_vasprintf(const char *fmt, va_list ap)
    __attribute__((format(printf, 1, 0)));
char *mx_asprintf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/*
 * Bytes from outside (a zone file's text, a file name) quoted in a
 * message, escaped as mx_escape_bytes does (printable ASCII stays, a
 * backslash is "\\", every other byte "\DDD": one line of ASCII, valid
 * UTF-8 in every format), into buf (size > 4): all of s[0..n), or as
 * many whole escapes as fit followed by "...".  Returns buf.
 */
char *mx_escape_buf(const char *s, size_t n, char *buf, size_t size);

/* mx_open_input's flags. */
#define MX_OPEN_FIFO	0x1	/* a FIFO or pipe is fine too: read once */

/*
 * Opens path for reading when it is a regular file (with MX_OPEN_FIFO, a
 * FIFO too), so that a device (/dev/zero), a directory or a FIFO where a
 * file is expected is refused instead of read forever or waited on.  The
 * descriptor is opened non-blocking (a FIFO does not block in open) and
 * judged by fstat, not by the path, so nothing can swap the file in
 * between.  Returns the stream, its status in *sb when sb is not NULL; or
 * NULL with the reason in *why: strerror(errno) or "not a regular file".
 */
FILE *mx_open_input(const char *path, unsigned flags, struct stat *sb,
    const char **why);

/* A lowercased copy of a presentation-format name (ASCII only, so escapes
 * stay intact). */
char *mx_name_key(const char *name);
/* The same in buf when it fits (returns buf), else in a new string the
 * caller frees (returns it, NULL when out of memory). */
char *mx_name_key_buf(const char *name, char *buf, size_t size);

/* mx_name_key_buf that also gives the key's length (*len) and its
 * mx_hash_key (*hash), made in the same pass. */
char *mx_name_key_hash(const char *name, char *buf, size_t size,
    size_t *len, uint32_t *hash);

/* Returns 1 when the comma-separated list names item. */
int mx_list_has(const char *list, const char *item);

/* Case-insensitive name equality. */
int mx_name_eq(const char *a, const char *b);

/* Returns 1 when name equals zone or lies below it. */
int mx_name_under(const char *name, const char *zone);

/* The parent of a name in presentation form: what follows its first
 * unescaped dot, "." for a name of one label and for the root. */
const char *mx_name_parent(const char *name);

/* FNV-1a of a string, folded to 32 bits, never 0 (the maps' hash). */
uint32_t mx_hash_str(const char *s);

/* A string hash table: string key -> pointer.  Keys are copied. */
struct mx_map;
struct mx_map *mx_map_new(void);
/* A map that keeps the caller's key pointers instead of copies: each key
 * must outlive its entry (a key inside the value, say). */
struct mx_map *mx_map_new_borrowing(void);
void mx_map_free(struct mx_map *m, void (*free_value)(void *));
void *mx_map_get(const struct mx_map *m, const char *key);
/* Inserts or replaces; returns MX_ERR_NOMEM on failure. */
mx_status mx_map_put(struct mx_map *m, const char *key, void *value);
/* A hash of the n bytes of key, eight at a time (the hash of the maps of
 * mx_map_new_keys), never 0. */
uint32_t mx_hash_key(const char *key, size_t n);
/* A borrowing map whose keys are hashed with mx_hash_key instead of
 * mx_hash_str: the zone's nodes, whose keys the loader hashes as it
 * makes them (mx_name_key_hash). */
struct mx_map *mx_map_new_keys(void);
/* mx_map_get and mx_map_put of a key whose hash the caller has already
 * (the map's: mx_hash_key for a map of mx_map_new_keys, mx_hash_str for
 * any other). */
void *mx_map_get_hashed(const struct mx_map *m, const char *key,
    uint32_t hash);
mx_status mx_map_put_hashed(struct mx_map *m, const char *key,
    uint32_t hash, void *value);
/* Removes key; returns its value, NULL when it was absent. */
void *mx_map_del(struct mx_map *m, const char *key);
size_t mx_map_count(const struct mx_map *m);
/* Calls fn on every entry, in no particular order. */
void mx_map_each(const struct mx_map *m,
    void (*fn)(void *arg, const char *key, void *value), void *arg);

/*
 * An arena: small allocations freed all at once (the zone store holds
 * hundreds of thousands).  Blocks are 8-byte aligned and zeroed; NULL
 * when out of memory.
 */
struct mx_arena;
struct mx_arena *mx_arena_new(void);
void *mx_arena_alloc(struct mx_arena *a, size_t size);
char *mx_arena_strndup(struct mx_arena *a, const char *s, size_t n);
char *mx_arena_strdup(struct mx_arena *a, const char *s);
void mx_arena_free(struct mx_arena *a);
void mx_arena_join(struct mx_arena *dst, struct mx_arena *src);

/*
 * Linear-cost helpers (issue 11): an index of 32-bit values by hash, for
 * callers that compare their own elements, so that "is this one already
 * there" costs O(1) instead of a scan; the case-folded hash that agrees
 * with mx_name_eq; and the \DDD escape of bytes that are not printable.
 */

/* Values (indices into the caller's array, below UINT32_MAX) by a 32-bit
 * hash; zeroed is empty.  Several values may share a hash: the caller
 * tells equal elements apart. */
struct mx_hset {
	uint64_t	*slot;		/* hash << 32 | (value + 1); 0: free */
	size_t		 cap, n;
};

/* Room for n values without growing (a million values placed once,
 * not re-placed at every doubling); a hint, the set works without. */
mx_status mx_hset_reserve(struct mx_hset *s, size_t n);
/* Adds value under hash; MX_ERR_NOMEM leaves the set as it was. */
mx_status mx_hset_add(struct mx_hset *s, uint32_t hash, uint32_t value);
/* The values stored under hash, one per call, in the order they were
 * added: *pos starts at 0; returns 0 when there is no further one. */
int mx_hset_next(const struct mx_hset *s, uint32_t hash, size_t *pos,
    uint32_t *value);
/* Frees the slots and empties s. */
void mx_hset_free(struct mx_hset *s);

/*
 * A hint to the processor to fetch what p points at.  A loop over a
 * million elements that looks each up in a table of many megabytes waits
 * for memory at every look-up; asking for the slot of the element a few
 * places ahead overlaps those waits.
 */
#if defined(__GNUC__) || defined(__clang__)
#define MX_PREFETCH(p)	__builtin_prefetch(p)
#else
#define MX_PREFETCH(p)	((void)(p))
#endif

/* Fetches the first slot a look-up of hash reads. */
static inline void
mx_hset_prefetch(const struct mx_hset *s, uint32_t hash)
{
	if (s->cap > 0)
		MX_PREFETCH(&s->slot[hash & (s->cap - 1)]);
}

/* mx_hash_str of the name with ASCII letters folded (RFC 4343): names
 * that mx_name_eq calls equal hash the same. */
uint32_t mx_hash_name(const char *name);

/* A copy of s with every byte outside printable ASCII written \DDD (and
 * the backslash as \\), for file names and other bytes of input that
 * reach a line-oriented output; NULL when out of memory. */
char *mx_escape_bytes(const char *s);

/*
 * A string pool: copies of strings (and small arrays) that are freed all
 * at once, for the many short strings of one result (a million MX records
 * are tens of millions of bytes in a few blocks instead of ten million
 * allocations to make and free one by one).  The blocks double from a few hundred bytes,
 * so that a result of two MX records costs one small block.
 */
struct mx_strpool;
struct mx_strpool *mx_strpool_new(void);
/* A copy of s[0..n) and a NUL in the pool; NULL when out of memory. */
char *mx_strpool_ndup(struct mx_strpool *p, const char *s, size_t n);
/* A copy of s (NULL for NULL, which is not a failure). */
char *mx_strpool_dup(struct mx_strpool *p, const char *s);
/* size bytes, 8-byte aligned, not zeroed (arrays of the result). */
void *mx_strpool_alloc(struct mx_strpool *p, size_t size);
void mx_strpool_free(struct mx_strpool *p);

/* Frees a large object of an arena (more than a quarter of its block
 * size, which has a block of its own) before the arena goes; 0 for any
 * other pointer, which stays. */
struct mx_arena;
int mx_arena_release(struct mx_arena *a, void *p);

#endif

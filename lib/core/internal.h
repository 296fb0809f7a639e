/*
 * internal.h -- helpers shared by the files of libmxdig; not installed.
 */
#ifndef MX_INTERNAL_H
#define MX_INTERNAL_H

#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>

#include "mxdig.h"

/* Grows *arr (of *n elements of size sz, capacity *cap) by one zeroed
 * element and returns it, or NULL when out of memory. */
void *mx_vec_push(void *arr_p, size_t *n, size_t *cap, size_t sz);

/* Clears n records and frees the array; NULL is fine. */
void mx_records_free(struct mx_record *r, size_t n);

/* An ldns rdf in presentation form, as ldns_rdf2str writes it, but fast
 * for names and addresses (dns/rdf.c); caller frees. */
struct ldns_struct_rdf;
char *mx_rdf_str(const struct ldns_struct_rdf *rdf);

/* A name rdf in presentation form, into buf of MX_NAME_TEXT_MAX bytes;
 * NULL when rdf is not a well-formed name. */
#define MX_NAME_TEXT_MAX	1024	/* 255 octets as \DDD, dots, NUL */
char *mx_rdf_name_buf(const struct ldns_struct_rdf *rdf, char *buf);

/* A query for qname (wire form, qlen octets) with RD and EDNS0; caller
 * frees (dns/rdf.c). */
uint8_t *mx_query_wire(const uint8_t *qname, size_t qlen, uint16_t type,
    uint16_t id, uint16_t udp_size, unsigned flags, size_t *len);

/* A jansson value as compact JSON on one line, or indented (pretty),
 * then a newline (format/json.c). */
/* The verdict of findings counted by severity, nothing timing out. */
enum mx_verdict mx_verdict_of_counts(const size_t counts[3]);

/* 1 when s[0..n) is UTF-8 as jansson accepts it (RFC 3629). */
int mx_utf8_valid(const char *s, size_t n);

/* strdup that accepts NULL. */
char *mx_strdup(const char *s);

/* Formats into a new string; NULL when out of memory. */
char *mx_vasprintf(const char *fmt, va_list ap)
    __attribute__((format(printf, 1, 0)));
char *mx_asprintf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/* A lowercased copy of a presentation-format name (ASCII only, so escapes
 * stay intact). */
char *mx_name_key(const char *name);
/* The same in buf when it fits (returns buf), else in a new string the
 * caller frees (returns it, NULL when out of memory). */
char *mx_name_key_buf(const char *name, char *buf, size_t size);

/* An IPv4 (4 octets) or IPv6 (16) address in text, as inet_ntop writes
 * it (RFC 5952 for IPv6), into buf of INET6_ADDRSTRLEN bytes. */
char *mx_addr_ntop(int af, const void *addr, char *buf);

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

/* Returns 1 when the comma-separated list names item. */
int mx_list_has(const char *list, const char *item);

/* Case-insensitive name equality. */
int mx_name_eq(const char *a, const char *b);

/* Returns 1 when name equals zone or lies below it. */
int mx_name_under(const char *name, const char *zone);

/* FNV-1a of a string, folded to 32 bits, never 0 (the maps' hash). */
uint32_t mx_hash_str(const char *s);

/* A string hash table: string key -> pointer.  Keys are copied. */
struct mx_map;
struct mx_map *mx_map_new(void);
void mx_map_free(struct mx_map *m, void (*free_value)(void *));
void *mx_map_get(const struct mx_map *m, const char *key);
/* Inserts or replaces; returns MX_ERR_NOMEM on failure. */
mx_status mx_map_put(struct mx_map *m, const char *key, void *value);
/* The implementation inside a source of kind (compared as a pointer to
 * the kind string it was made with, so a user's source of the same name
 * is not mistaken for it), or NULL. */
void *mx_source_impl_of(const mx_source *src, const char *kind);
/* The kind strings of the library's own sources. */
extern const char mx_kind_live[], mx_kind_chain[];
/* Interim: whether a live source (or a chain's) caches the exchanges'
 * addresses of an authoritative MX answer. */
void mx_live_set_additional(mx_source *src, int use);
/* The second source of a chain; NULL for any other source. */
mx_source *mx_chain_second(const mx_source *src);

/* A query (public type mx_query).  The library's own queries live on the
 * stack, their strings borrowed; mx_query_new's own copies in own. */
struct mx_query {
	const char	*name;
	uint16_t	 type;
	unsigned	 flags;		/* MX_QUERY_* */
	const char	*server;	/* NULL: the source's servers */
	unsigned	 port;		/* 0: 53 */
	char		*own_name, *own_server;
};

/* Options of a check run (public type mx_options). */
struct mx_options {
	uint32_t	 ttl_min;	/* mx-ttl-low below this (300) */
	uint32_t	 ttl_max;	/* mx-ttl-high above this (604800) */
	unsigned	 address_limit;	/* MX_ADDRESS_LIMIT */
	char		**ignore;	/* check names to suppress */
	size_t		 nignore;
	int		 zone_ttl_checks; /* ttl-mismatch comes from the zone */
	const mx_zone	*zone;		/* for origins and out-of-zone */
	int		 additional;	/* addresses from an AA MX answer */
};

/* The defaults, into opt (no ignore list). */
void mx_options_defaults(struct mx_options *opt);
/* A deep copy of src into dst (dst's old contents are not freed). */
mx_status mx_options_copy(struct mx_options *dst,
    const struct mx_options *src);
/* Frees what opt holds, not opt itself. */
void mx_options_clear(struct mx_options *opt);

/* A map that keeps the caller's key pointers instead of copies: each key
 * must outlive its entry (a key inside the value, say). */
struct mx_map *mx_map_new_borrowing(void);
/* Removes key; returns its value, NULL when it was absent. */
void *mx_map_del(struct mx_map *m, const char *key);
size_t mx_map_count(const struct mx_map *m);
/* Calls fn on every entry, in no particular order. */
void mx_map_each(const struct mx_map *m,
    void (*fn)(void *arg, const char *key, void *value), void *arg);

/* Name classification for the exchange checks. */
int mx_name_is_ip_literal(const char *exchange, const char *origin);
int mx_name_is_doubled(const char *exchange, const char *origin);
int mx_name_is_hostname(const char *exchange);

/* Interns a string for the life of the process-wide table of the zone;
 * used for file names. */
#endif

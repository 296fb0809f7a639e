/*
 * mxdig.h -- the public interface of libmxdig.
 *
 * libmxdig resolves the MX records of a domain through a pluggable data
 * source (zone files, an in-memory table, live DNS), builds the delivery
 * path a sending MTA follows (RFC 5321 §5.1, RFC 7505) and reports every
 * misconfiguration it finds under a stable check name.
 *
 * Data flows one way: a source answers queries, the resolver turns answers
 * into a struct mx_result, the checks add findings to it, and a formatter
 * renders it.  The library never prints on its own and never exits.
 *
 * No ldns or c-ares type appears in this header.
 *
 * Copyright (c) 2026 The mxdig developers.  BSD-3-Clause, see LICENSE.
 */
#ifndef MXDIG_H
#define MXDIG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Marks the functions libmxdig exports; everything else in the library is
 * compiled with hidden visibility. */
#if defined(__GNUC__) || defined(__clang__)
#define MX_API __attribute__((visibility("default")))
#else
#define MX_API
#endif

/* MXDIG_VERSION "x.y.z", its parts and MXDIG_VERSION_NUMBER, as compiled
 * against; mx_version() says which library runs. */
#include "mxdig_version.h"

/* Returns the version of the library in use, "x.y.z" (static). */
MX_API const char *mx_version(void);

/* Record types the library asks for (IANA RR type numbers). */
#define MX_TYPE_A	1
#define MX_TYPE_CNAME	5
#define MX_TYPE_PTR	12
#define MX_TYPE_MX	15
#define MX_TYPE_AAAA	28
#define MX_TYPE_TXT	16
#define MX_TYPE_TLSA	52

/* Addresses senders try at most before giving up (Postfix
 * smtp_mx_address_limit; Exim hosts_max_try). */
#define MX_ADDRESS_LIMIT 5

/* Longest CNAME chain the resolver follows before it calls it a loop. */
#define MX_CNAME_LIMIT 8

/* The status every fallible library call returns; 0 is success. */
typedef enum mx_status {
	MX_OK = 0,
	MX_ERR_NOMEM,		/* out of memory */
	MX_ERR_IO,		/* a file could not be opened or read */
	MX_ERR_ARG,		/* an argument is invalid */
	MX_ERR_NAME,		/* a domain name does not parse */
	MX_ERR_ORIGIN,		/* a zone file has no origin */
	MX_ERR_UNKNOWN_CHECK,	/* no check of that name */
	MX_ERR_SOURCE,		/* the data source failed */
	MX_ERR_LIMIT,		/* an input exceeds a built-in limit */
	MX_ERR_CANCELLED,	/* the check was cancelled */
	MX_ERR_TIMEOUT,		/* the time given ran out first */
	MX_ERR_NETWORK,		/* a socket could not be made or used */
	MX_ERR_TLS		/* TLS could not be set up */
} mx_status;

/* Returns a static English sentence for a status. */
MX_API const char *mx_strerror(mx_status status);

/* How a lookup ended, reduced before anyone looks at it. */
enum mx_rcode {
	MX_ANSWER_OK = 0,	/* records of the asked type */
	MX_ANSWER_NODATA,	/* the name exists, no record of that type */
	MX_ANSWER_NXDOMAIN,	/* the name does not exist */
	MX_ANSWER_CNAME,	/* the name is an alias; records[0] is the CNAME */
	MX_ANSWER_TEMPFAIL,	/* SERVFAIL, REFUSED or another error rcode */
	MX_ANSWER_TIMEOUT,	/* no answer within the time allowed */
	MX_ANSWER_OUT_OF_ZONE	/* no loaded zone covers the name */
};

/* the detail of an MX_ANSWER_TIMEOUT (no answer) when the
 * server refused the connection (ICMP port unreachable, TCP reset) or, over
 * TCP, closed it before answering, instead of staying silent (c-ares
 * reports both as ARES_ECONNREFUSED); reports call it "refused". */
#define MX_DETAIL_REFUSED	"the server refused or closed the connection"

/* Returns "ok", "nodata", "nxdomain", ... for an rcode. */
MX_API const char *mx_rcode_name(enum mx_rcode rcode);

enum mx_severity {
	MX_SEV_INFO = 0,
	MX_SEV_WARNING,
	MX_SEV_ERROR
};

/* Returns "info", "warning" or "error". */
MX_API const char *mx_severity_name(enum mx_severity severity);

/*
 * The verdict on one domain.  The numbers are not an order: the worst of
 * several is ranked ok < info < warning < unknown < error (an error found
 * is worse than a lookup that could not be made), see mx_verdict_rank.
 */
enum mx_verdict {
	MX_VERDICT_OK = 0,
	MX_VERDICT_INFO,
	MX_VERDICT_WARNING,
	MX_VERDICT_ERROR,
	MX_VERDICT_UNKNOWN
};

/* Returns "ok", "info", "warning", "error" or "unknown". */
MX_API const char *mx_verdict_name(enum mx_verdict verdict);

/* The verdict of findings counted by severity (counts[mx_severity]),
 * nothing timing out: the worst severity counted, or OK. */
MX_API enum mx_verdict mx_verdict_of_counts(const size_t counts[3]);

/* How bad a verdict is: 0 (ok) to 4 (error), ranked ok < info < warning
 * < unknown < error. */
MX_API int mx_verdict_rank(enum mx_verdict verdict);

/* The worse of two verdicts by that ranking. */
MX_API enum mx_verdict mx_verdict_worst(enum mx_verdict a, enum mx_verdict b);

/* What makes the exit status fail (--fail-on). */
enum mx_fail_on {
	MX_FAIL_ON_WARNING = 0,	/* warnings and errors (the default) */
	MX_FAIL_ON_ERROR,	/* errors only */
	MX_FAIL_ON_NEVER	/* neither: only "could not check" fails */
};

/*
 * The exit status for the worst verdict of a run (Nagios plugin
 * guidelines): 0 ok or info, 1 warning, 2 error, 3 unknown (could not
 * check).  fail_on turns warnings, or warnings and errors, into 0;
 * unknown stays 3.
 */
MX_API int mx_exit_status(enum mx_verdict worst, enum mx_fail_on fail_on);

/*
 * One resource record as a source delivers it.  Names are in presentation
 * format, absolute, with the trailing dot, escaped as RFC 1035 §5.1 says,
 * so they are printable ASCII whatever bytes the wire name holds.
 */
struct mx_record {
	char		*owner;
	uint16_t	 type;
	uint32_t	 ttl;
	uint16_t	 preference;	/* MX */
	char		*target;	/* MX exchange or CNAME target */
	char		*address;	/* A or AAAA, as text */
	const char	*file;		/* zone file, owned by the mx_zone: valid
					 * while the zone lives; NULL if live */
	unsigned long	 line;		/* line in that file, or 0 */
	char		*ignore;	/* "; mxdig: ignore=" list, or NULL */
	char		*written;	/* the exchange as written, zone only */
	uint32_t	 serial;	/* SOA: its serial (target holds the
					 * MNAME); NS: target holds the
					 * NSDNAME */
};

/* Frees what a record holds (not the record itself); NULL is fine. */
MX_API void mx_record_clear(struct mx_record *rec);

/* Copies src into dst; returns MX_ERR_NOMEM on failure (dst cleared). */
MX_API mx_status mx_record_copy(struct mx_record *dst,
    const struct mx_record *src);

/* Header bits of an answer (struct mx_answer.flags). */
#define MX_FLAG_AA	0x01	/* authoritative answer */
#define MX_FLAG_AD	0x02	/* authentic data: validated (RFC 4035) */
#define MX_FLAG_TC	0x04	/* truncated (and not retried over TCP) */

/* The sections of a DNS message an answer keeps records of. */
enum mx_section {
	MX_SECTION_ANSWER = 0,	/* records: the asked type at the last
				 * name of the chain */
	MX_SECTION_CNAME,	/* cnames: the alias chain from the asked
				 * name, in order */
	MX_SECTION_AUTHORITY,	/* SOA and NS */
	MX_SECTION_ADDITIONAL	/* A and AAAA */
};

/*
 * The answer to one query: the reduced outcome and what DNS said.  It is
 * allocated by the library (mx_answer_new, or a source inside it) and may
 * grow at its end; the one handed to an mx_answer_fn is valid only during
 * the call.
 *
 * rcode speaks of the last name of the CNAME chain (RFC 6604): OK with
 * records, NODATA, NXDOMAIN; CNAME when the chain leaves the answer, so
 * that the asker must ask its last target (cnames[ncnames - 1].target).
 */
struct mx_answer {
	enum mx_rcode		 rcode;
	const char		*detail;	/* "SERVFAIL", "timed out", ... */
	const char		*server;	/* the address that answered,
						 * or NULL (zone files) */
	const struct mx_record	*records;	/* MX_SECTION_ANSWER */
	size_t			 nrecords;
	unsigned		 port;		/* of server */
	unsigned		 flags;		/* MX_FLAG_* */
	int			 dns_rcode;	/* RCODE as received (with the
						 * EDNS extension); -1: no DNS
						 * message */
	int			 ede;		/* Extended DNS Error INFO-CODE
						 * (RFC 8914), -1: none */
	const char		*ede_text;	/* its EXTRA-TEXT, or NULL;
						 * from the wire: escaped
						 * (\DDD) as names are */
	uint32_t		 negative_ttl;	/* NODATA, NXDOMAIN: min(SOA
						 * MINIMUM, SOA TTL) (RFC 2308
						 * §5); 0 without an SOA */
	const struct mx_record	*cnames;	/* MX_SECTION_CNAME */
	size_t			 ncnames;
	const struct mx_record	*authority;	/* MX_SECTION_AUTHORITY */
	size_t			 nauthority;
	const struct mx_record	*additional;	/* MX_SECTION_ADDITIONAL */
	size_t			 nadditional;
};

/* A new empty answer (rcode OK, dns_rcode and ede -1), for sources that
 * build answers themselves; free it with mx_answer_free. */
MX_API mx_status mx_answer_new(struct mx_answer **out);
/* Appends a copy of rec to a section of ans. */
MX_API mx_status mx_answer_add(struct mx_answer *ans, enum mx_section section,
    const struct mx_record *rec);
/* Sets detail or ede_text (copied; NULL clears). */
MX_API mx_status mx_answer_set_detail(struct mx_answer *ans,
    const char *detail);
MX_API mx_status mx_answer_set_ede(struct mx_answer *ans, int code,
    const char *text);
/* Sets server (copied) and port. */
MX_API mx_status mx_answer_set_server(struct mx_answer *ans, const char *server,
    unsigned port);
/* A deep copy of ans in one allocation (mx_answer_free frees it). */
MX_API mx_status mx_answer_dup(const struct mx_answer *ans,
    struct mx_answer **out);
/* Frees an answer made by mx_answer_new or mx_answer_dup; NULL is fine. */
MX_API void mx_answer_free(struct mx_answer *ans);

typedef void (*mx_answer_fn)(void *arg, const struct mx_answer *answer);

/*
 * The event loop.  Every source and probe of a context runs on one loop,
 * and the loop has no wait of its own: the caller's event loop drives it
 * (mx_ctx_set_watch, mx_ctx_timeout, mx_ctx_process), or the built-in
 * driver does (mx_ctx_run).  Sources use it to watch descriptors and arm
 * timers; a timer of 0 ms runs at the next round, which is how work is
 * deferred so that no callback runs inside the call that started it.
 */
#define MX_EV_READ	0x01
#define MX_EV_WRITE	0x02

typedef struct mx_loop mx_loop;
typedef struct mx_timer mx_timer;

typedef void (*mx_io_fn)(void *arg, int fd, unsigned events);
typedef void (*mx_timer_fn)(void *arg);
/* Told when a descriptor is to be watched for events (MX_EV_*), or no
 * longer (events 0). */
typedef void (*mx_watch_fn)(void *arg, int fd, unsigned events);

/* Watches fd for events and calls fn when they come; events 0 forgets
 * fd.  Every change reaches the context's mx_watch_fn. */
MX_API mx_status mx_loop_watch(mx_loop *loop, int fd, unsigned events,
    mx_io_fn fn, void *arg);
/* Calls fn(arg) once, ms milliseconds from now; *out (may be NULL) is the
 * handle for mx_loop_cancel, valid until fn is called. */
MX_API mx_status mx_loop_timer(mx_loop *loop, unsigned ms, mx_timer_fn fn,
    void *arg, mx_timer **out);
/* Disarms a timer that has not fired; NULL is fine. */
MX_API void mx_loop_cancel(mx_loop *loop, mx_timer *timer);

/*
 * A query: a name, a type, and optionally the server to ask (an address
 * and a port; by default the source's own servers) and the header flags.
 * The resolver makes queries itself; a caller that asks a source directly
 * makes one with mx_query_new.
 */
#define MX_QUERY_RD	0x01	/* recursion desired (the default) */
#define MX_QUERY_DO	0x02	/* DNSSEC OK (RFC 3225) */
#define MX_QUERY_CD	0x04	/* checking disabled (RFC 4035 §3.2.2) */

typedef struct mx_query mx_query;

/* A query for name and type with RD set; the name is copied. */
MX_API mx_status mx_query_new(const char *name, uint16_t type, mx_query **out);
MX_API void mx_query_free(mx_query *q);
MX_API mx_status mx_query_set_flags(mx_query *q, unsigned flags);
/* Asks address (IPv4 or IPv6, copied) on port (0: 53) instead of the
 * source's servers; NULL goes back to them. */
MX_API mx_status mx_query_set_server(mx_query *q, const char *address,
    unsigned port);
MX_API const char *mx_query_name(const mx_query *q);
MX_API uint16_t mx_query_type(const mx_query *q);
MX_API unsigned mx_query_flags(const mx_query *q);
MX_API const char *mx_query_server(const mx_query *q);	/* NULL: the source's */
MX_API unsigned mx_query_port(const mx_query *q);	/* 0: 53 */

/*
 * A data source.  A source answers while it is attached to a loop (a
 * context attaches it); its query function must not call fn before it
 * returns, and after detach it must never call fn for a query made
 * before.  One context at a time uses a source.
 */
typedef struct mx_source mx_source;

typedef mx_status (*mx_source_query_fn)(void *impl, const mx_query *q,
    mx_answer_fn fn, void *arg);
typedef mx_status (*mx_source_attach_fn)(void *impl, mx_loop *loop);
typedef void (*mx_source_impl_fn)(void *impl);

/* Wraps an implementation in a source of kind ("zone", "live", ...: not
 * copied, and named by every result, so a string that lives as long as
 * they do, a literal).  On success the source owns impl (see
 * mx_source_set_free). */
MX_API mx_status mx_source_new(const char *kind, void *impl,
    mx_source_query_fn query, mx_source **out);
/* The optional parts: how impl binds to a loop, forgets what is in flight
 * (detach: fn never called for it), and is freed. */
MX_API void mx_source_set_attach(mx_source *src, mx_source_attach_fn attach);
MX_API void mx_source_set_detach(mx_source *src, mx_source_impl_fn detach);
MX_API void mx_source_set_free(mx_source *src, mx_source_impl_fn free_impl);
/* Frees the source (detaching it first); NULL is fine. */
MX_API void mx_source_free(mx_source *src);
MX_API const char *mx_source_kind(const mx_source *src);
MX_API mx_status mx_source_attach(mx_source *src, mx_loop *loop);
MX_API void mx_source_detach(mx_source *src);
/* Asks src; MX_ERR_ARG when it is not attached. */
MX_API mx_status mx_source_query(mx_source *src, const mx_query *q,
    mx_answer_fn fn, void *arg);

/* A finding: one check that fired on one subject. */
struct mx_finding {
	const char		*check;		/* stable kebab-case name */
	enum mx_severity	 severity;
	char			*subject;	/* the name or record concerned */
	char			*message;	/* what happens to mail */
	const char		*reference;	/* the standard it rests on */
	const char		*file;		/* zone-file input, or NULL */
	unsigned long		 line;
};

/* A zone file: its findings that belong to no domain (zone-syntax, ...). */
struct mx_zone_info {
	char			*file;
	char			*origin;
	size_t			 nrecords;
	int			 has_soa;	/* an SOA at the origin: the
						 * apex is a mail domain */
};

/*
 * mx_zone: the zone-file source.  It keeps the records the checks need
 * (MX, CNAME, A, AAAA) and every owner name, with file and line.
 */
typedef struct mx_zone mx_zone;

MX_API mx_status mx_zone_new(mx_zone **out);
MX_API void mx_zone_free(mx_zone *zone);

/*
 * Loads a zone file.  origin may be NULL: then $ORIGIN or the SOA owner
 * gives it.  A record that does not parse is left out, reported as a
 * zone-syntax finding (see mx_zone_findings), and the rest of the file is
 * still read.  Returns MX_ERR_IO when the file cannot be read and
 * MX_ERR_ORIGIN when no origin can be found; *err then holds a message naming the file (caller frees).
 * A regular file of 64 KiB or more is stored by a second thread while this
 * one reads it; the thread is joined before the call returns.
 */
MX_API mx_status mx_zone_load_file(mx_zone *zone, const char *path,
    const char *origin, char **err);

/* The in-memory twin of mx_zone_load_file: text stands for a file named
 * name (used in messages and findings). */
MX_API mx_status mx_zone_load_string(mx_zone *zone, const char *text,
    const char *name, const char *origin, char **err);

/* The same from a stream the caller opened (standard input, a pipe),
 * read to its end as a file is, without a bound of its own; name stands
 * for it in messages and findings, and $INCLUDE names are relative to
 * the current directory.  The stream stays the caller's. */
MX_API mx_status mx_zone_load_fp(mx_zone *zone, FILE *fp, const char *name,
    const char *origin, char **err);

/* Every owner name that carries MX records, in file order.  Owned by the
 * zone. */
MX_API char *const *mx_zone_mx_owners(const mx_zone *zone, size_t *n);

/* The loaded zones. */
MX_API const struct mx_zone_info *mx_zone_infos(const mx_zone *zone, size_t *n);

/* Returns 1 when name lies inside a loaded zone, 0 otherwise. */
MX_API int mx_zone_covers(const mx_zone *zone, const char *name);

/* The origin of the zone that covers name, or NULL. */
MX_API const char *mx_zone_origin_of(const mx_zone *zone, const char *name);

/* Makes a source that answers from the zone; the zone stays the caller's
 * and must outlive the source. */
MX_API mx_status mx_zone_source(mx_zone *zone, mx_source **out);

/* Whether the loads that follow keep, for each file, the digest of its
 * records that mxdig diff compares (on, the default) or only its SOA
 * serial (off: a load for lint, a little faster). */
MX_API void mx_zone_set_digest(mx_zone *zone, int on);

/*
 * The in-memory source for tests: answers are set per name and type.  A
 * name never set is NXDOMAIN; a name set for another type only is NODATA.
 */
typedef struct mx_memory mx_memory;

MX_API mx_status mx_memory_new(mx_memory **out);
MX_API void mx_memory_free(mx_memory *mem);
/* Adds a record in zone-file syntax ("mail.example. 300 IN A 192.0.2.1"). */
MX_API mx_status mx_memory_add(mx_memory *mem, const char *rr);
/* Makes lookups of name/type end in rcode (TEMPFAIL, TIMEOUT, ...). */
MX_API mx_status mx_memory_fail(mx_memory *mem, const char *name, uint16_t type,
    enum mx_rcode rcode);
/* The memory must outlive the source. */
MX_API mx_status mx_memory_source(mx_memory *mem, mx_source **out);

/* Answers a live source keeps by default (mx_live_options_set_cache),
 * and the bytes it gives each on average: n answers are kept in at most
 * n * MX_CACHE_ANSWER_BYTES bytes, the least recently used going first
 * when either bound is reached. */
#define MX_CACHE_DEFAULT	16384
#define MX_CACHE_ANSWER_BYTES	256

/* Options of the live source (c-ares), set through functions. */
typedef struct mx_live_options mx_live_options;

MX_API mx_status mx_live_options_new(mx_live_options **out);
MX_API void mx_live_options_free(mx_live_options *lo);
/* @server: a name or an address (copied); NULL: the resolvers of
 * resolv.conf. */
MX_API mx_status mx_live_options_set_server(mx_live_options *lo,
    const char *server);
/* The port of @server or of resolv.conf's servers (0: 53). */
MX_API mx_status mx_live_options_set_port(mx_live_options *lo, unsigned port);
/* 0, 4 or 6: which of @server's addresses are used. */
MX_API mx_status mx_live_options_set_family(mx_live_options *lo, int family);
MX_API mx_status mx_live_options_set_tcp(mx_live_options *lo, int tcp);
/* Per try (0: 5000 ms), and how many tries (0: 2). */
MX_API mx_status mx_live_options_set_timeout(mx_live_options *lo, unsigned ms);
MX_API mx_status mx_live_options_set_tries(mx_live_options *lo, unsigned tries);
MX_API mx_status mx_live_options_set_resolv_conf(mx_live_options *lo,
    const char *path);
/* Answers kept for their TTL across domains, in at most entries *
 * MX_CACHE_ANSWER_BYTES bytes, least recently used dropped first; 0
 * keeps nothing (--no-cache). */
MX_API mx_status mx_live_options_set_cache(mx_live_options *lo, size_t entries);

/* What a live source has done so far. */
struct mx_live_stats {
	unsigned long	 queries;	/* sent, a retry counted again */
	unsigned long	 retries;	/* of those, sent again after a
					 * timeout */
	unsigned long	 cache_hits;	/* answered from the cache */
	unsigned long	 coalesced;	/* joined the same query in flight */
	unsigned long	 cache_evicted;	/* dropped to keep the bound */
	size_t		 cache_entries;	/* held now */
};

/* Makes the live DNS source.  On failure *err says why, naming the server
 * or file (caller frees). */
MX_API mx_status mx_live_source(const mx_live_options *lo, mx_source **out,
    char **err);

/* The statistics of src, or of the live source inside a chain source
 * (owned by the source, updated as it works); NULL when there is none. */
MX_API const struct mx_live_stats *mx_live_stats(const mx_source *src);

/* A source that asks first and, for names first answers OUT_OF_ZONE,
 * asks second (--zone with --live).  Takes ownership of both, also when
 * it fails. */
MX_API mx_status mx_chain_source(mx_source *first, mx_source *second,
    mx_source **out);

struct mx_smtp;		/* the SMTP probe of one address, below */

/*
 * The DNSSEC state of one RRset on the path (RFC 4035 §4.3), with the
 * Extended DNS Error (RFC 8914) when one is known: NONE when the layer
 * did not look (--no-dnssec, zone files).  The same struct serves every
 * RRset kind (MX, A, AAAA; TLSA later).
 */
enum mx_dnssec_state {
	MX_DNSSEC_NONE = 0,		/* not checked */
	MX_DNSSEC_SECURE,		/* validated from a trust anchor */
	MX_DNSSEC_INSECURE,		/* provably unsigned */
	MX_DNSSEC_BOGUS,		/* validation failed */
	MX_DNSSEC_INDETERMINATE		/* could not be decided */
};
MX_API const char *mx_dnssec_state_name(enum mx_dnssec_state state);
struct mx_rrset_security {
	enum mx_dnssec_state	 state;
	int			 ede;		/* INFO-CODE, -1: none */
	const char		*why;		/* the validator's reason, or
						 * NULL (the result's string) */
};
/* The reverse DNS of one address and its forward confirmation. */
enum mx_ptr_state {
	MX_PTR_NONE = 0,	/* not asked (--no-ptr, zone files) */
	MX_PTR_CONFIRMED,	/* a PTR name resolves back to the address */
	MX_PTR_MISMATCH,	/* no PTR name resolves back to it */
	MX_PTR_MISSING,		/* no PTR record (NXDOMAIN, NODATA) */
	MX_PTR_FAILED		/* a lookup failed: not known */
};
MX_API const char *mx_ptr_state_name(enum mx_ptr_state state);
/* The reverse name of an IPv4 or IPv6 address in text
 * ("4.3.2.1.in-addr.arpa.", RFC 1035 §3.5; ip6.arpa nibbles, RFC 3596
 * §2.5) into buf of MX_PTR_NAME_MAX bytes; NULL when text is no
 * address. */
#define MX_PTR_NAME_MAX 74
MX_API char *mx_ptr_name(const char *text, char *buf);

/*
 * The policy layer (DANE, MTA-STS, TLS-RPT).  Its state sits on the
 * result: struct mx_dane on each host, the match of its TLSA records on
 * each address, the senders' verdicts on each host, and the domain's
 * MTA-STS and TLS-RPT records on the result.  All strings are the
 * result's.
 */

/* One TLSA record (RFC 6698 §2.1). */
struct mx_tlsa {
	uint8_t		 usage;		/* 0 PKIX-TA .. 3 DANE-EE */
	uint8_t		 selector;	/* 0 Cert, 1 SPKI */
	uint8_t		 mtype;		/* 0 Full, 1 SHA2-256, 2 SHA2-512 */
	unsigned char	*data;		/* certificate association data */
	size_t		 len;
	const char	*unusable;	/* why SMTP senders cannot use it
					 * (static text), NULL: usable */
	uint32_t	 ttl;
	const char	*file;		/* zone files */
	unsigned long	 line;
};

/* The DANE state of one exchange (RFC 7672 §2.2). */
enum mx_dane_state {
	MX_DANE_NONE = 0,	/* not looked up: layer off, or the
				 * exchange's address records are not
				 * DNSSEC-secure (then TLSA is still asked,
				 * to report dane-insecure) */
	MX_DANE_NO_TLSA,	/* no TLSA record (NXDOMAIN, NODATA) */
	MX_DANE_USABLE,		/* secure, at least one usable record */
	MX_DANE_UNUSABLE,	/* secure records, none usable */
	MX_DANE_INSECURE,	/* records, but they or the address
				 * records are not DNSSEC-secure */
	MX_DANE_BOGUS,		/* the lookup failed validation or got
				 * SERVFAIL */
	MX_DANE_FAILED		/* timed out or failed otherwise */
};
struct mx_dane {
	enum mx_dane_state	 state;
	char			*name;		/* the TLSA owner the records
						 * came from, or the last one
						 * asked */
	struct mx_tlsa		*records;
	size_t			 nrecords;
	struct mx_rrset_security sec;
	enum mx_rcode		 rcode;
	char			*detail;
};

/* With --smtp: how an address's chain matched its exchange's usable TLSA
 * records (OpenSSL's DANE verification). */
enum mx_dane_match {
	MX_DANE_MATCH_NONE = 0,	/* not tried: no usable records, or the
				 * address gave no chain */
	MX_DANE_MATCH_OK,	/* a record matched */
	MX_DANE_MATCH_FAILED	/* none did */
};

/* What one kind of sender does with one exchange. */
enum mx_send {
	MX_SEND_UNKNOWN = 0,	/* not known (no --smtp, lookups failed) */
	MX_SEND_TLS_AUTH,	/* delivers over authenticated TLS */
	MX_SEND_TLS,		/* delivers over TLS, not authenticated */
	MX_SEND_CLEAR,		/* delivers in clear */
	MX_SEND_DEFER,		/* defers (DANE: RFC 7672 §2.1.1, §3) */
	MX_SEND_REFUSE		/* refuses the exchange (MTA-STS §4.1) */
};
/* A DANE sender (RFC 7672), an MTA-STS sender (RFC 8461; where the
 * exchange has usable DANE records, DANE decides: RFC 8461 §2) and an
 * opportunistic one (RFC 3207), each with why (the result's string). */
struct mx_senders {
	enum mx_send	 dane, sts, opportunistic;
	const char	*dane_why, *sts_why, *opportunistic_why;
};

/* An MTA-STS policy (RFC 8461 §3.2). */
enum mx_sts_mode {
	MX_STS_MODE_UNSET = 0,
	MX_STS_ENFORCE,
	MX_STS_TESTING,
	MX_STS_NONE
};
struct mx_sts_policy {
	enum mx_sts_mode	 mode;
	uint32_t		 max_age;
	char			**mx;		/* the patterns, as written */
	size_t			 nmx;
};

/* The domain's _mta-sts TXT record and, with --smtp, its policy. */
struct mx_mta_sts {
	int			 asked;		/* the TXT lookup ran */
	enum mx_rcode		 rcode;		/* of the TXT lookup */
	char			*detail;
	size_t			 nrecords;	/* v=STSv1 records found */
	char			*txt;		/* the (first) v=STSv1 record,
						 * escaped; NULL: none */
	char			*id;		/* its id, when valid */
	char			*txt_error;	/* why it is invalid, NULL */
	/* the policy fetch (--smtp, a valid TXT record) */
	int			 fetched;	/* 1: it was tried */
	char			*url;
	long			 http_status;	/* 0: no response */
	char			*fetch_error;	/* why unavailable, NULL */
	char			*policy_error;	/* why invalid, NULL */
	struct mx_sts_policy	 policy;	/* valid when both are NULL */
	double			 fetch_ms;
	char			*content_type;	/* of the reply (escaped), or
						 * NULL */
};

/* The domain's _smtp._tls TXT record (RFC 8460 §3). */
struct mx_tls_rpt {
	int			 asked;
	enum mx_rcode		 rcode;
	char			*detail;
	char			*txt;		/* the v=TLSRPTv1 record, NULL */
	char			**rua;		/* its report URIs */
	size_t			 nrua;
	char			*error;		/* why it is malformed, NULL */
};

/*
 * Why a TLSA record with these fields cannot be used by an SMTP sender
 * (RFC 7672 §3.1.3: usage 0 and 1; RFC 6698 §2.1, RFC 7671: a field out
 * of range, a SHA2-256 digest that is not 32 octets, a SHA2-512 one not
 * 64, empty data), as static text; NULL when it can be.
 */
MX_API const char *mx_tlsa_unusable(unsigned usage, unsigned selector,
    unsigned mtype, size_t len);
/*
 * "3 1 1 DANE-EE SPKI SHA2-256": fields with their RFC 7218 mnemonics
 * (a number without one written as the number alone) into buf (size
 * bytes; MX_TLSA_MNEMONIC_MAX is enough); returns buf.
 */
#define MX_TLSA_MNEMONIC_MAX 48
MX_API char *mx_tlsa_mnemonic(unsigned usage, unsigned selector,
    unsigned mtype, char *buf, size_t size);
MX_API const char *mx_dane_state_name(enum mx_dane_state state);
	/* "none","no-tlsa","usable","unusable","insecure","bogus","failed" */
MX_API const char *mx_dane_match_name(enum mx_dane_match m);
	/* "none","ok","failed" */
MX_API const char *mx_send_name(enum mx_send v);
	/* "unknown","tls-authenticated","tls","clear","defer","refuse" */
MX_API const char *mx_sts_mode_name(enum mx_sts_mode mode);
	/* "unset","enforce","testing","none" */
/*
 * Parses an MTA-STS policy body of len octets (RFC 8461 §3.2: LF or CRLF
 * lines, "key: value", unknown keys ignored, version first and STSv1,
 * mode enforce|testing|none, max_age 0..31557600 digits only, mx required
 * unless mode none; a version, mode or max_age given twice is an error).
 * MX_OK with *out filled (free with mx_sts_policy_clear), or MX_ERR_ARG
 * with err (size bytes) saying what and on which line ("line 2: mode
 * \"enforced\" is not enforce, testing or none"). Never reads past len;
 * NUL bytes are an error.
 */
MX_API mx_status mx_sts_policy_parse(const char *body, size_t len,
    struct mx_sts_policy *out, char *err, size_t size);
MX_API void mx_sts_policy_clear(struct mx_sts_policy *p);
/*
 * 1 when host (with or without its trailing dot) matches an mx pattern:
 * case-insensitive, whole name, "*." standing for exactly one left-most
 * label (RFC 8461 §4.1); 0 otherwise.
 */
MX_API int mx_sts_mx_match(const char *pattern, const char *host);

/* Addresses of one host. */
struct mx_address {
	int		 family;	/* 4 or 6 */
	char		*text;
	uint32_t	 ttl;
	int		 routable;	/* globally routable */
	const char	*file;
	unsigned long	 line;
	const struct mx_smtp *smtp;	/* with --smtp: the probe of this
					 * address (shared by every result
					 * of the run that has it; released
					 * by mx_result_free), or NULL */
	/* appended by the DNSSEC and reverse layers */
	enum mx_dnssec_state dnssec;	/* of the RRset it came from */
	enum mx_ptr_state ptr;
	char		**ptr_names;	/* the PTR names (result's) */
	size_t		 nptr;
	/* appended by the policy layer (--smtp) */
	enum mx_dane_match dane_match;
	int		 dane_depth;	/* of the matched certificate, 0: the
					 * leaf; -1: none */
	int		 dane_record;	/* index of the matched record in the
					 * host's dane.records, -1: none */
	char		*dane_error;	/* why none matched, NULL */
};

/* Why a host is or is not usable. */
enum mx_host_state {
	MX_HOST_USABLE = 0,
	MX_HOST_NO_ADDRESS,
	MX_HOST_NXDOMAIN,
	MX_HOST_LOOKUP_FAILED,
	MX_HOST_OUT_OF_ZONE,
	MX_HOST_UNROUTABLE,
	MX_HOST_CNAME_LOOP,
	MX_HOST_SMTP_UNUSABLE,	/* --smtp: no address accepted a session */
	MX_HOST_SMTP_BUSY,	/* --smtp: none accepted, some were busy
				 * (421, closed): inconclusive */
	MX_HOST_BOGUS		/* its addresses fail DNSSEC validation:
				 * unusable for validating senders */
};

MX_API const char *mx_host_state_name(enum mx_host_state state);

/* One exchange on the path. */
struct mx_host {
	char			*exchange;	/* as the MX names it */
	uint16_t		 preference;
	const struct mx_record	*mx;		/* its MX record (in result) */
	struct mx_record	*cnames;	/* the alias chain, in order */
	size_t			 ncnames;
	char			*canonical;	/* last name of the chain */
	struct mx_address	*addrs;		/* A first, then AAAA */
	size_t			 naddrs;
	enum mx_rcode		 a_rcode, aaaa_rcode;
	char			*a_detail, *aaaa_detail;
	struct mx_record	*a_records, *aaaa_records;	/* as answered */
	size_t			 na, naaaa;
	enum mx_host_state	 state;
	int			 usable;
	int			 implicit;	/* the domain itself (§5.1) */
	struct mx_rrset_security a_sec, aaaa_sec;	/* DNSSEC layer */
	/* the policy layer */
	struct mx_dane		 dane;
	struct mx_senders	 senders;
};

/* Hosts of equal preference; hosts[first .. first+count-1]. */
struct mx_tier {
	uint16_t	preference;
	size_t		first, count;
};

/* A lookup that timed out or failed, for "could not check" reports. */
struct mx_failure {
	char		*name;
	uint16_t	 type;
	enum mx_rcode	 rcode;
	char		*detail;
};

/* Everything known about one domain. */
struct mx_result {
	char			*domain;	/* as asked, absolute */
	char			*canonical;	/* after the CNAME chain at D */
	struct mx_record	*domain_cnames;
	size_t			 ndomain_cnames;
	enum mx_rcode		 mx_rcode;
	char			*mx_detail;
	struct mx_record	*mx;		/* MX records as answered */
	size_t			 nmx;
	int			 null_mx;
	int			 implicit;
	struct mx_host		*hosts;		/* in try order */
	size_t			 nhosts;
	struct mx_tier		*tiers;
	size_t			 ntiers;
	struct mx_finding	*findings;
	size_t			 nfindings;
	size_t			 counts[3];	/* by mx_severity */
	struct mx_failure	*failures;
	size_t			 nfailures;
	enum mx_verdict		 verdict;
	const char		*source;	/* "zone", "live", ... */
	const char		*server;	/* who answered the MX query (the
						 * result's own) */
	double			 elapsed_ms;
	mx_status		 status;	/* MX_OK, or why a finding
						 * could not be recorded: the
						 * findings are incomplete */
	const char		*origin;	/* zone files: the origin of
						 * the loaded zone that covers
						 * the domain (the zone's);
						 * NULL otherwise */
	void			*strings;	/* the library's: where the
						 * strings of its hosts and
						 * records live in a result it
						 * made; NULL in one built by
						 * hand, whose strings are
						 * each its own allocation */
	/* the authority layer */
	struct mx_authority	*authority;	/* what D's authoritative
						 * servers serve; NULL when the
						 * layer did not run (not live,
						 * or turned off) */
	const char		*ttl_note;	/* why the TTL checks were
						 * skipped (static text), or
						 * NULL when they were judged */
	int			 ttl_cache;	/* 1: the TTLs of mx and the
						 * path are the time left in a
						 * recursive resolver's cache,
						 * not what the zone publishes */
	struct mx_rrset_security mx_sec;	/* of the MX RRset (or, for
						 * the implicit MX, the
						 * NODATA answer) */
	int			 dnssec;	/* the DNSSEC layer ran */
	int			 ptr;		/* the reverse layer ran */
	int			 policy;	/* the policy layer ran */
	struct mx_mta_sts	 mta_sts;
	struct mx_tls_rpt	 tls_rpt;
};

MX_API void mx_result_free(struct mx_result *res);

/* Options of a check run, set through functions; mx_options_new sets
 * the defaults. */
typedef struct mx_options mx_options;

MX_API mx_status mx_options_new(mx_options **out);
MX_API void mx_options_free(mx_options *opt);
/* mx-ttl-low below min (300), mx-ttl-high above max (604800). */
MX_API mx_status mx_options_set_ttl(mx_options *opt, uint32_t min,
    uint32_t max);
/* Addresses senders try (MX_ADDRESS_LIMIT). */
MX_API mx_status mx_options_set_address_limit(mx_options *opt, unsigned limit);
/* dnssec-signature-expiring for an RRSIG that expires within days
 * (7); MX_ERR_ARG above 24855 (2^31 seconds: RRSIG times are serial
 * numbers, RFC 4034 §3.1.5). */
MX_API mx_status mx_options_set_sig_days(mx_options *opt, unsigned days);
/* Suppresses a check; MX_ERR_UNKNOWN_CHECK when there is none of that
 * name. */
MX_API mx_status mx_options_ignore(mx_options *opt, const char *check);
/* The loaded zones, for origins and out-of-zone names (must outlive the
 * options and every context made with them); zone_checks: ttl-mismatch
 * comes from the zone files (lint). */
MX_API mx_status mx_options_set_zone(mx_options *opt, const mx_zone *zone,
    int zone_checks);
/* Whether the A and AAAA records an authoritative MX answer carries for
 * exchanges at or below the domain are used instead of asking (1, the
 * default; RFC 1035 §3.3.9). */
MX_API mx_status mx_options_set_additional(mx_options *opt, int use);

/* The DNSSEC layer of live checks (a live source alone, not behind zone
 * files): validated in-process by libunbound forwarding to the source's
 * resolvers, or the AD bit of the configured resolver trusted, a
 * SERVFAIL asked again with CD=1 (RFC 4035 §3.2.2) to tell a validation
 * failure from a dead server, or off (the default of mx_options_new;
 * mxdig(1) validates in-process unless told). */
enum mx_dnssec_via {
	MX_DNSSEC_VIA_UNBOUND = 0,
	MX_DNSSEC_VIA_RESOLVER,
	MX_DNSSEC_OFF
};
MX_API mx_status mx_options_set_dnssec(mx_options *opt,
    enum mx_dnssec_via via);
/* The trust anchor file for libunbound (copied; NULL: Debian's
 * dns-root-data, /usr/share/dns/root.key). */
MX_API mx_status mx_options_set_trust_anchor(mx_options *opt,
    const char *file);
/* Whether the reverse layer (PTR and its forward confirmation) runs
 * for live sources (0 by default; mxdig(1) runs it unless told). */
MX_API mx_status mx_options_set_ptr(mx_options *opt, int on);
/* The policy layer (DANE, MTA-STS, TLS-RPT) of live sources; on by
 * default. */
MX_API mx_status mx_options_set_policy(mx_options *opt, int on);
/* Why the last mx_ctx_new failed to set up DNSSEC validation (static
 * or the context's; NULL when it did not). */
MX_API const char *mx_dnssec_setup_error(void);

/*
 * A checking context: one source, one loop, the checks in flight.  One
 * thread at a time uses a context (and its source).  A zone no longer
 * loaded into and with no mx_zone_findings running is only read, so
 * zone sources over it may serve contexts on several threads at once
 * (mxdig lint does); a memory table stays with one thread.  The catalogue
 * (mx_checks, mx_check_find) and the functions that name enums
 * (mx_strerror, mx_*_name, mx_version) are safe from any thread.
 */
typedef struct mx_ctx mx_ctx;
typedef struct mx_check mx_check;

/* A context over src, attached to the context's loop; opt is copied (NULL:
 * the defaults).  src must outlive the context. */
MX_API mx_status mx_ctx_new(mx_source *src, const mx_options *opt,
    mx_ctx **out);
/* Frees the context; checks still in flight are cancelled (their
 * callbacks are not called) and the source is detached.  NULL is fine. */
MX_API void mx_ctx_free(mx_ctx *ctx);

/* Called once per domain when its checks are done; takes ownership of
 * res. */
typedef void (*mx_result_fn)(void *arg, struct mx_result *res);

/* Starts checking domain.  fn is called later, from the loop, never from
 * inside this call.  *out (may be NULL) is a handle for mx_check_cancel,
 * valid until fn is called. */
MX_API mx_status mx_check_start(mx_ctx *ctx, const char *domain,
    mx_result_fn fn, void *arg, mx_check **out);
/* Cancels a check in flight: fn is not called, and its lookups' answers
 * are dropped when they come. */
MX_API void mx_check_cancel(mx_ctx *ctx, mx_check *check);
/* Checks in flight. */
MX_API size_t mx_ctx_running(const mx_ctx *ctx);

/*
 * A run-wide deadline, ms from now: when it passes, every check still in
 * flight ends at once, its lookups still waiting recorded as failures
 * ("no answer by the deadline") and its verdict unknown; checks started
 * later end the same way at the next round.
 */
MX_API mx_status mx_ctx_set_deadline(mx_ctx *ctx, unsigned ms);

/* The caller's event loop: fn hears of every descriptor to watch (at once
 * of those watched already); mx_ctx_timeout says when mx_ctx_process is
 * due without an event (-1: no timer, 0: now); mx_ctx_process hands over
 * the events on fd (fd < 0: none, timers only). */
MX_API void mx_ctx_set_watch(mx_ctx *ctx, mx_watch_fn fn, void *arg);
MX_API int mx_ctx_timeout(const mx_ctx *ctx);
MX_API mx_status mx_ctx_process(mx_ctx *ctx, int fd, unsigned events);
/* The loop itself, for a source or probe of the caller's. */
MX_API mx_loop *mx_ctx_loop(mx_ctx *ctx);

/* The built-in driver.  mx_ctx_run_once waits (poll) at most timeout_ms
 * (-1: no limit) for something to do and does it; mx_ctx_run drives until
 * no check is in flight (MX_OK) or timeout_ms passes (MX_ERR_TIMEOUT). */
MX_API mx_status mx_ctx_run_once(mx_ctx *ctx, int timeout_ms);
MX_API mx_status mx_ctx_run(mx_ctx *ctx, int timeout_ms);

/* Starts, runs and returns one domain's result (caller frees). */
MX_API mx_status mx_check_domain(mx_ctx *ctx, const char *domain,
    struct mx_result **out);

/* The check catalogue. */
struct mx_check_info {
	const char		*name;
	enum mx_severity	 severity;
	const char		*summary;	/* one line: when it fires */
	const char		*reference;
	const char		*example;	/* a record that triggers it */
	const char		*fix;
	int			 offline;	/* decidable from zone files */
};

MX_API const struct mx_check_info *mx_checks(size_t *n);
MX_API const struct mx_check_info *mx_check_find(const char *name);

/* Runs the checks on a resolved result (the resolver calls this; tests
 * may call it on a result they built).  Returns the first failure (a
 * finding that could not be recorded: MX_ERR_NOMEM), which is also kept
 * in res->status. */
MX_API mx_status mx_run_checks(struct mx_result *res,
    const mx_options *opt);

/*
 * Findings about the zone files themselves: zone-syntax, mx-wildcard and,
 * over every stored RRset, ttl-mismatch, in file order; then, for signed
 * zones, dnssec-signature-expired, -expiring and -invalid over the RRsets
 * on mail paths, in path order (verified on a few threads the call
 * starts and joins; two calls on one zone must not overlap).  opt's
 * ignore list (opt may be NULL) and each record's inline "; mxdig:
 * ignore=" list apply.  *out is the caller's (mx_findings_free); its
 * file names belong to the zone.
 */
MX_API mx_status mx_zone_findings(const mx_zone *zone,
    const mx_options *opt, struct mx_finding **out, size_t *n);

/* Frees n findings (their subjects and messages) and the array; NULL is
 * fine. */
MX_API void mx_findings_free(struct mx_finding *f, size_t n);

/* Recomputes counts and verdict from findings and failures. */
MX_API void mx_result_finish(struct mx_result *res);

/* How a delivery path changed (mxdig diff). */
enum mx_path_change_kind {
	MX_CHANGE_ADDED = 0,	/* an exchange appears */
	MX_CHANGE_REMOVED,	/* an exchange goes */
	MX_CHANGE_PREFERENCE,	/* an exchange's preference changes */
	MX_CHANGE_TTL,		/* the MX TTL changes */
	MX_CHANGE_NULL_MX,	/* a null MX appears or goes */
	MX_CHANGE_IMPLICIT_MX,	/* the implicit MX starts or stops */
	MX_CHANGE_NEW_OWNER	/* the name has MX records for the first
				 * time */
};

struct mx_path_change {
	enum mx_path_change_kind kind;
	char		*exchange;	/* ADDED, REMOVED, PREFERENCE */
	uint32_t	 old_value;	/* REMOVED, PREFERENCE: the
					 * preference; TTL: the TTL;
					 * NULL_MX, IMPLICIT_MX: 0 or 1 */
	uint32_t	 new_value;	/* ADDED, PREFERENCE, TTL, NULL_MX,
					 * IMPLICIT_MX: the same, after */
};

/* How one domain differs between an old and a new result. */
struct mx_diff {
	char			*domain;
	int			 has_old, has_new;	/* 0: absent there */
	enum mx_verdict		 old_verdict, new_verdict;
	struct mx_path_change	*changes;
	size_t			 nchanges;
	struct mx_finding	*introduced;	/* in new, not in old */
	size_t			 nintroduced;
	struct mx_finding	*fixed;		/* in old, not in new, and
						 * not replaced */
	size_t			 nfixed;
	size_t			 counts[3];	/* introduced, by severity */
	struct mx_finding	*replaced;	/* in old, not in new, where
						 * a finding of equal or higher
						 * severity on the same subject
						 * or the whole domain is
						 * introduced: */
	size_t			 nreplaced;
	size_t			*replaced_by;	/* for each, that finding:
						 * an index into introduced */
};

/*
 * Compares the results of domain in an old zone (before) and a new one
 * (after; either may be NULL when the domain is absent there): the
 * changes of the path and the findings introduced, fixed and replaced, a
 * finding being the same when its check and subject are.  A finding of
 * before that is gone is replaced, not fixed, when the change introduces
 * one of equal or higher severity on the same subject or on the domain
 * as a whole (the worst of them is its replacement; on a tie the one on
 * its own subject, then the first); the findings of the change itself
 * (mx-change-ttl) are introduced and replace nothing.
 * Findings are copied, their file names borrowed from the results'
 * zones.  The caller frees *out with mx_diff_free.  mx_diff_results_opt
 * applies opt's ignore list (opt may be NULL) to the change's findings.
 */
MX_API mx_status mx_diff_results(const char *domain,
    const struct mx_result *before, const struct mx_result *after,
    struct mx_diff **out);
MX_API mx_status mx_diff_results_opt(const char *domain,
    const struct mx_result *before, const struct mx_result *after,
    const mx_options *opt, struct mx_diff **out);
MX_API void mx_diff_free(struct mx_diff *diff);

/* The zone findings of after that before lacks, by check and message,
 * copied into *out (mx_findings_free). */
MX_API mx_status mx_diff_findings(const struct mx_finding *before,
    size_t nbefore, const struct mx_finding *after, size_t nafter,
    struct mx_finding **out, size_t *nout);

/*
 * The findings of a change between two loaded zones as a whole: for
 * every zone of after that before has too (by origin), records changed
 * (any record, of any type) while the SOA serial did not increase in
 * serial arithmetic (RFC 1982): soa-serial-not-increased, at the new
 * SOA.  opt's ignore list (opt may be NULL) and the SOA's inline list
 * apply.  *out is the caller's (mx_findings_free); its file names
 * belong to after.
 */
MX_API mx_status mx_diff_zone_findings(const mx_zone *before,
    const mx_zone *after, const mx_options *opt, struct mx_finding **out,
    size_t *n);

/* Address classification: 1 when text is a globally routable IPv4 or IPv6
 * address (IANA special-purpose registries), 0 when not, -1 when text is
 * no address at all. */
MX_API int mx_address_routable(const char *text);

/* Renderers.  Each writes to out and returns MX_ERR_IO if writing fails. */
#define MX_TEXT_COLOR	0x01	/* ANSI colour (mx_format_text flags) */

MX_API mx_status mx_format_text(FILE *out, const struct mx_result *res,
    unsigned flags);
MX_API mx_status mx_format_short(FILE *out, const struct mx_result *res);
/* How the JSON writers lay out a document (flags). */
#define MX_JSON_PRETTY	0x01	/* indented by two spaces a level; else
				 * compact, on one line */
#define MX_JSON_ELEMENT	0x02	/* an element of an array the caller
				 * writes (mx_json_array_next): indented
				 * one level more, no newline after it */

/* One result as a JSON document (documented in mxdig(1)), then a
 * newline unless MX_JSON_ELEMENT. */
MX_API mx_status mx_format_json(FILE *out, const struct mx_result *res,
    unsigned flags);
/* The findings that belong to no domain (zone files) as one document:
 * {"zone_findings": [...], "status": ..., "counts": ...}. */
MX_API mx_status mx_format_findings_json(FILE *out, const struct mx_finding *f,
    size_t n, unsigned flags);
/* A diff as one document: {"domain", "old_status", "new_status",
 * "changes", "introduced", "replaced", "fixed"}; each replaced finding
 * names its replacement ("replaced_by": its check, "replaced_by_index":
 * its place in "introduced"). */
MX_API mx_status mx_format_diff_json(FILE *out, const struct mx_diff *diff,
    unsigned flags);
/* An array of such documents: before element index (0 opens the array),
 * the separator; after count elements, the end of the array and a
 * newline ("[]" when count is 0).  flags as the elements'. */
MX_API mx_status mx_json_array_next(FILE *out, size_t index, unsigned flags);
MX_API mx_status mx_json_array_end(FILE *out, size_t count, unsigned flags);
/* One "FILE:LINE: SEVERITY: MESSAGE [check]" line per finding. */
MX_API mx_status mx_format_gcc(FILE *out, const struct mx_finding *f, size_t n,
    const char *fallback_file);
/* One GitHub Actions annotation per finding. */
MX_API mx_status mx_format_github(FILE *out, const struct mx_finding *f,
    size_t n, const char *fallback_file);
/* The introduced findings of a diff as mx_format_gcc writes them, each
 * followed by a "note:" line for every finding it replaces (at its own
 * file and line, as GCC puts a note); mx_format_diff_github the same as
 * annotations, a replaced finding as a notice. */
MX_API mx_status mx_format_diff_gcc(FILE *out, const struct mx_diff *diff,
    const char *fallback_file);
MX_API mx_status mx_format_diff_github(FILE *out, const struct mx_diff *diff,
    const char *fallback_file);

/* ---- the authority layer (SPEC "Authority and DNSSEC") ---- */

/* How one authoritative server address answered. */
enum mx_auth_state {
	MX_AUTH_OK = 0,		/* answered with authority (AA) */
	MX_AUTH_UNREACHABLE,	/* no answer: timeout, refused connection,
				 * or the NS name has no address */
	MX_AUTH_LAME,		/* answered without authority: no AA bit,
				 * REFUSED, a referral, an error rcode */
	MX_AUTH_SKIPPED		/* not asked: of the family -4 or -6
				 * leaves out */
};

MX_API const char *mx_auth_state_name(enum mx_auth_state state);

/* One address of one NS name of the zone, asked directly (RD=0). */
struct mx_auth_server {
	char			*name;		/* the NS name */
	char			*address;	/* NULL: the name has none */
	enum mx_auth_state	 state;
	char			*detail;	/* why not ok, or NULL */
	enum mx_rcode		 mx_rcode;	/* of the MX query */
	struct mx_record	*mx;		/* the MX set it serves */
	size_t			 nmx;
	struct mx_record	*addrs;		/* A and AAAA of exchanges in
						 * the zone, as it serves them
						 * (additional section) */
	size_t			 naddrs;
	int			 has_serial;
	uint32_t		 serial;	/* of the zone's SOA */
};

/* How far the authority layer got. */
enum mx_authority_state {
	MX_AUTHORITY_DONE = 0,		/* every server was asked */
	MX_AUTHORITY_NO_ZONE,		/* the zone or its NS set could
					 * not be found (detail says why) */
	MX_AUTHORITY_UNREACHABLE	/* no server answered at all */
};

MX_API const char *mx_authority_state_name(enum mx_authority_state state);

/* What the authoritative servers of the zone holding D serve. */
struct mx_authority {
	enum mx_authority_state	 state;
	char			*zone;		/* its apex, or NULL */
	char			*mx_name;	/* the name whose MX was asked
						 * (D, or its canonical name) */
	char			*detail;	/* NO_ZONE: why */
	char			**ns;		/* the NS names */
	size_t			 nns;
	struct mx_auth_server	*servers;	/* one per address, in NS
						 * order */
	size_t			 nservers;
	int			 mx_differ;	/* OK servers serve different
						 * MX sets */
	int			 serial_differ;	/* ... different serials */
};

/* Whether live checks ask every authoritative server of the domain's
 * zone directly (the authority layer; 0 by default in the library, on
 * in mxdig unless --no-auth).  Only live sources have one. */
MX_API mx_status mx_options_set_authority(mx_options *opt, int on);
/* Addresses in prefix ("192.0.2.0/24", "2001:db8::/32", or one address)
 * count as globally routable (--routable); MX_ERR_ARG when prefix is no
 * IPv4 or IPv6 prefix. */
MX_API mx_status mx_options_add_routable(mx_options *opt, const char *prefix);
/* One domain of a run as mx_format_openmetrics shows it (the strings are
 * the caller's). */
struct mx_metrics_domain {
	const char	*domain;
	enum mx_verdict	 verdict;
	size_t		 counts[3];	/* findings by mx_severity */
	size_t		 hosts, usable;
	double		 elapsed_ms;
	/* appended for --smtp: the leaf certificate of every address that
	 * presented one (NULL and 0 without --smtp) */
	const struct mx_metrics_cert *certs;
	size_t		 ncerts;
};
/* The leaf certificate an address of an exchange presented over STARTTLS
 * (struct mx_smtp's chain[0]), as mx_format_openmetrics shows it (the
 * strings are the caller's). */
struct mx_metrics_cert {
	const char	*exchange;
	const char	*address;
	int64_t		 not_after;	/* seconds since the epoch, UTC */
};
/* The n domains as OpenMetrics text, family by family, ending "# EOF";
 * now (Unix time, 0: none) is written as mxdig_last_run_timestamp_seconds. */
MX_API mx_status mx_format_openmetrics(FILE *out,
    const struct mx_metrics_domain *d, size_t n, double now);
/* mx_format_sarif flags: the findings are those a change introduces
 * (baselineState "new"). */
#define MX_SARIF_INTRODUCED	0x01
/* The n findings as one SARIF 2.1.0 log, the catalogue as its rules;
 * domains (NULL, or one per finding, NULL entries allowed) name each
 * finding's domain; file names inside base_dir (the working directory,
 * absolute; NULL: none) are made relative to it. */
MX_API mx_status mx_format_sarif(FILE *out, const struct mx_finding *f,
    size_t n, const char *const *domains, const char *base_dir,
    unsigned flags);
/* The check catalogue as JSON: an array of every entry, or the entry
 * named only (MX_ERR_UNKNOWN_CHECK when there is none); flags as for
 * mx_format_json (MX_JSON_PRETTY). */
MX_API mx_status mx_format_checks_json(FILE *out, const char *only,
    unsigned flags);
/*
 * SMTP and TLS (--smtp).  Every address of every exchange on the path
 * gets one session on port 25 per context: greeting, EHLO, STARTTLS, the
 * TLS handshake, EHLO again, QUIT; nothing else is sent.  The result of
 * an address is kept for the context's life and shared by every result
 * that has the address (struct mx_address.smtp).
 */

/* How the session of an address went, up to the greeting. */
enum mx_smtp_state {
	MX_SMTP_ANSWERED = 0,	/* greeted with 220: a session accepted */
	MX_SMTP_REFUSED,	/* the TCP connection was refused */
	MX_SMTP_UNREACHABLE,	/* no route, or another connect error */
	MX_SMTP_TIMEOUT,	/* no connection or no greeting within
				 * --smtp-timeout */
	MX_SMTP_BUSY,		/* 421, or closed before the greeting */
	MX_SMTP_REJECTS,	/* 554 at connect: no mail accepted */
	MX_SMTP_PROTOCOL,	/* the greeting broke RFC 5321: a line over
				 * 512 octets, over 100 lines, not a reply,
				 * another code */
	MX_SMTP_NOT_PROBED	/* the deadline came first */
};

/* "answered", "refused", "unreachable", "timeout", "busy", "rejects",
 * "protocol-error", "not-probed". */
MX_API const char *mx_smtp_state_name(enum mx_smtp_state state);

/* The steps of a session, for timings and for where it ended. */
enum mx_smtp_step {
	MX_SMTP_STEP_CONNECT = 0,
	MX_SMTP_STEP_GREETING,
	MX_SMTP_STEP_EHLO,
	MX_SMTP_STEP_STARTTLS,
	MX_SMTP_STEP_TLS,
	MX_SMTP_STEP_EHLO_TLS,
	MX_SMTP_STEP_QUIT,
	MX_SMTP_STEP_DONE,
	MX_SMTP_NSTEPS = MX_SMTP_STEP_DONE
};

/* "connect", "greeting", "ehlo", "starttls", "tls", "ehlo-tls", "quit",
 * "done". */
MX_API const char *mx_smtp_step_name(enum mx_smtp_step step);

/* EHLO keywords (struct mx_smtp.extensions). */
#define MX_EHLO_STARTTLS	0x01
#define MX_EHLO_SIZE		0x02
#define MX_EHLO_8BITMIME	0x04
#define MX_EHLO_SMTPUTF8	0x08
#define MX_EHLO_PIPELINING	0x10
#define MX_EHLO_CHUNKING	0x20
#define MX_EHLO_REQUIRETLS	0x40

/* What STARTTLS came to. */
enum mx_tls_state {
	MX_TLS_NONE = 0,	/* not tried: not offered, or the session
				 * ended first */
	MX_TLS_OK,		/* the handshake completed */
	MX_TLS_REFUSED,		/* STARTTLS answered with another code
				 * than 220 (454, ...) */
	MX_TLS_FAILED		/* the handshake failed or timed out */
};

/* "none", "ok", "refused", "failed". */
MX_API const char *mx_tls_state_name(enum mx_tls_state state);

/* One certificate of the chain as the server presented it. */
struct mx_smtp_cert {
	char		*subject;	/* RFC 2253 text */
	char		*issuer;
	char		**names;	/* subjectAltName dNSName entries */
	size_t		 nnames;
	int64_t		 not_before;	/* seconds since the epoch, UTC */
	int64_t		 not_after;
	char		 sha256[65];	/* of the DER, lower-case hex */
	unsigned char	*der;		/* the certificate as presented */
	size_t		 der_len;
};

struct mx_smtp {
	char			*address;
	unsigned		 port;
	char			*sni;		/* the name sent as SNI: the
						 * first exchange that asked */
	enum mx_smtp_state	 state;
	enum mx_smtp_step	 ended;		/* the step the session ended
						 * in (DONE: it went through) */
	char			*error;		/* why it ended early, or
						 * NULL */
	int			 greeting_code;	/* 0: none */
	char			*greeting;	/* its lines, joined by \n,
						 * escaped as \DDD outside
						 * printable ASCII */
	double			 ms[MX_SMTP_NSTEPS]; /* per step, -1: not
						 * reached */
	double			 total_ms;
	char			*ehlo_name;	/* the first word of the EHLO
						 * reply's first line */
	unsigned		 extensions;	/* MX_EHLO_* of the first EHLO */
	unsigned		 extensions_tls; /* of the EHLO after TLS */
	uint64_t		 size;		/* SIZE's value, 0: none */
	int			 starttls_code;	/* the reply to STARTTLS, 0 */
	enum mx_tls_state	 tls;
	char			*tls_version;	/* "TLSv1.3", ... */
	int			 tls_version_number; /* 0x0304, ... */
	char			*tls_cipher;
	char			*tls_error;	/* why the handshake failed */
	struct mx_smtp_cert	*chain;		/* leaf first */
	size_t			 nchain;
	int			 verified;	/* the chain verifies to a
						 * trusted root, dates aside */
	char			*verify_error;	/* why not, or NULL */
	unsigned		 refs;		/* the library's */
};

/* Whether name (an exchange, with or without its trailing dot) is named
 * by the certificate's subjectAltName dNSName entries (RFC 9525 §6.3: a
 * wildcard only as the whole left-most label, matching one label; the
 * subject's CN is not looked at).  1 when it is, 0 when not. */
MX_API int mx_cert_names_host(const struct mx_smtp_cert *cert,
    const char *name);

/* --smtp: probe every address of the path (0: off, the default). */
MX_API mx_status mx_options_set_smtp(mx_options *opt, int on);
/* The EHLO name (copied; NULL: the machine's fully qualified name). */
MX_API mx_status mx_options_set_helo(mx_options *opt, const char *name);
/* Per step: the connection and every reply (30000 ms; at least 1). */
MX_API mx_status mx_options_set_smtp_timeout(mx_options *opt, unsigned ms);
/* Sessions at once (20; at least 1). */
MX_API mx_status mx_options_set_smtp_concurrency(mx_options *opt,
    unsigned n);
/* The CAs certificates are verified against (copied; NULL: the system
 * store).  The file is read when the first session starts TLS. */
MX_API mx_status mx_options_set_ca_file(mx_options *opt, const char *path);
/* smtp-cert-expiring within days (14). */
MX_API mx_status mx_options_set_cert_days(mx_options *opt, unsigned days);
/* Whether an address's result is kept for the domains that ask after its
 * session ended (1, the default), or only shared by those that asked
 * while it ran (0: --no-cache). */
MX_API mx_status mx_options_set_smtp_cache(mx_options *opt, int keep);
/* The port probed (25); for benchmarks and tests only. */
MX_API mx_status mx_options_set_smtp_port(mx_options *opt, unsigned port);

/* What the SMTP probes of a context have done. */
struct mx_smtp_stats {
	unsigned long	 sessions;	/* connections opened */
	unsigned long	 reused;	/* addresses answered from the table */
	size_t		 running;	/* sessions now */
};
MX_API const struct mx_smtp_stats *mx_ctx_smtp_stats(const mx_ctx *ctx);

#ifdef __cplusplus
}
#endif

#endif /* MXDIG_H */

/*
 * internal.h -- helpers shared by the files of libmxdig that know DNS or
 * the library's own structures; not installed.  The generic ones are in
 * util.h.
 */
#ifndef MX_INTERNAL_H
#define MX_INTERNAL_H

#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>

#include "mxdig.h"
#include "util.h"

/* Clears n records and frees the array; NULL is fine. */
void mx_records_free(struct mx_record *r, size_t n);

/*
 * The strings of a result the library makes live in its pool
 * (res->strings, a struct mx_strpool): a copy of s for res, in the pool
 * when it has one, else malloc'd (NULL for NULL); a record copied into
 * it, its owner and ignore list shared with like's when equal (the
 * record before it, or NULL) and its exchange as written with its
 * target.  Strings in the pool are never freed one by one: with a pool a
 * string may be shared by pointer (a host's exchange is its MX target).
 * A host's arrays (cnames, a_records, aaaa_records, addrs) are in the
 * pool too; the result's own (mx, domain_cnames, hosts, ...) are not.
 */
char *mx_result_strdup(struct mx_result *res, const char *s);
mx_status mx_result_record_copy(struct mx_result *res, struct mx_record *dst,
    const struct mx_record *src, const struct mx_record *like);

/* An ldns rdf in presentation form, as ldns_rdf2str writes it, but fast
 * for names and addresses (dns/rdf.c); caller frees. */
struct ldns_struct_rdf;
char *mx_rdf_str(const struct ldns_struct_rdf *rdf);

/* A name rdf in presentation form, into buf of MX_NAME_TEXT_MAX bytes;
 * NULL when rdf is not a well-formed name. */
#define MX_NAME_TEXT_MAX	1024	/* 255 octets as \DDD, dots, NUL */
char *mx_rdf_name_buf(const struct ldns_struct_rdf *rdf, char *buf);
/* The same of an uncompressed wire name w[0..len). */
char *mx_wire_name_text(const uint8_t *w, size_t len, char *buf);

/* A query for qname (wire form, qlen octets) with RD and EDNS0; caller
 * frees (dns/rdf.c). */
uint8_t *mx_query_wire(const uint8_t *qname, size_t qlen, uint16_t type,
    uint16_t id, uint16_t udp_size, unsigned flags, size_t *len);

/* 1 when s[0..n) is UTF-8 as jansson accepts it (RFC 3629). */
int mx_utf8_valid(const char *s, size_t n);

/* An IPv4 (4 octets) or IPv6 (16) address in text, as inet_ntop writes
 * it (RFC 5952 for IPv6), into buf of INET6_ADDRSTRLEN bytes. */
char *mx_addr_ntop(int af, const void *addr, char *buf);

/* The implementation inside a source of kind (compared as a pointer to
 * the kind string it was made with, so a user's source of the same name
 * is not mistaken for it), or NULL. */
void *mx_source_impl_of(const mx_source *src, const char *kind);
/* The kind strings of the library's own sources. */
extern const char mx_kind_live[], mx_kind_chain[];
/* The second source of a chain; NULL for any other source. */
mx_source *mx_chain_second(const mx_source *src);
/* The live source's resolvers as libunbound forwarders ("addr@port",
 * comma-separated), the live source of a chain too; caller frees; NULL
 * when src holds no live source. */
char *mx_live_forwarders(const mx_source *src);
/* How long the live source keeps at one question (timeout x tries), 0
 * without one. */
unsigned mx_live_patience_ms(const mx_source *src);
/* The address family the live source was told to use (-4, -6: 4 or 6),
 * the live source of a chain too; 0 for both, or without one. */
int mx_live_family(const mx_source *src);

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
	unsigned	 sig_days;	/* dnssec-signature-expiring (7) */
	char		**ignore;	/* check names to suppress */
	size_t		 nignore;
	int		 zone_ttl_checks; /* ttl-mismatch comes from the zone */
	const mx_zone	*zone;		/* for origins and out-of-zone */
	int		 additional;	/* addresses from an AA MX answer */
	/* the authority layer */
	int		 authority;	/* run the authority layer (live) */
	struct mx_prefix *routable;	/* --routable */
	size_t		 nroutable;
	/* --smtp (probe/smtp.c) */
	int		 smtp;		/* probe every address */
	char		*helo;		/* NULL: the machine's FQDN */
	unsigned	 smtp_timeout_ms;	/* per step (30000) */
	unsigned	 smtp_concurrency;	/* sessions at once (20) */
	char		*ca_file;	/* NULL: the system store */
	unsigned	 cert_days;	/* smtp-cert-expiring (14) */
	unsigned	 smtp_port;	/* 25 */
	int		 smtp_keep;	/* results kept for later domains (1;
					 * 0: --no-cache) */
	/* the DNSSEC and reverse layers */
	int		 dnssec_via;	/* enum mx_dnssec_via */
	char		*trust_anchor;	/* NULL: MX_TRUST_ANCHOR_DEFAULT */
	int		 ptr;		/* the reverse layer, live only */
	int		 policy;	/* the policy layer, live only */
};
#define MX_TRUST_ANCHOR_DEFAULT	"/usr/share/dns/root.key"

/* An address prefix (--routable): family 4 or 6, bits significant. */
struct mx_prefix {
	int		 family;
	unsigned	 bits;
	uint8_t		 addr[16];
};

/* Parses "address/bits" or one address into *p; MX_ERR_ARG when it is
 * neither (bits out of range, host bits set are allowed). */
mx_status mx_prefix_parse(const char *text, struct mx_prefix *p);
/* 1 when text is an address inside one of the n prefixes. */
int mx_prefix_match(const struct mx_prefix *p, size_t n, const char *text);

/* Frees an authority view (probe/authority.c); NULL is fine. */
void mx_authority_free(struct mx_authority *v);

/* The defaults, into opt (no ignore list). */
void mx_options_defaults(struct mx_options *opt);
/* A deep copy of src into dst (dst's old contents are not freed). */
mx_status mx_options_copy(struct mx_options *dst,
    const struct mx_options *src);
/* Frees what opt holds, not opt itself. */
void mx_options_clear(struct mx_options *opt);

/* Name classification for the exchange checks. */
int mx_name_is_ip_literal(const char *exchange, const char *origin);
int mx_name_is_doubled(const char *exchange, const char *origin);
int mx_name_is_hostname(const char *exchange);
/* inet_pton(AF_INET, s, a) == 1, as glibc reads it, without the call. */
int mx_pton4(const char *s, unsigned char a[4]);
/* inet_pton(AF_INET6, s, a) == 1, likewise. */
int mx_pton6(const char *s, unsigned char a[16]);

#endif

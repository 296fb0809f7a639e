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
    uint16_t id, uint16_t udp_size, size_t *len);

/* 1 when s[0..n) is UTF-8 as jansson accepts it (RFC 3629). */
int mx_utf8_valid(const char *s, size_t n);

/* An IPv4 (4 octets) or IPv6 (16) address in text, as inet_ntop writes
 * it (RFC 5952 for IPv6), into buf of INET6_ADDRSTRLEN bytes. */
char *mx_addr_ntop(int af, const void *addr, char *buf);

/* The parts of a source, for the accessors of one kind of source. */
const struct mx_source_ops *mx_source_ops_of(const mx_source *src);
void *mx_source_impl(const mx_source *src);
mx_source *mx_chain_second(const mx_source *src);

/* Name classification for the exchange checks. */
int mx_name_is_ip_literal(const char *exchange, const char *origin);
int mx_name_is_doubled(const char *exchange, const char *origin);
int mx_name_is_hostname(const char *exchange);

#endif

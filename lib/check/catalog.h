/*
 * catalog.h -- the check catalogue's ids, internal to libmxdig.
 *
 * One id a check, in catalogue order (the order of mxdig --list-checks).
 * Checks name what they report by id, so that a misspelt check is a
 * compile error; the public mx_check_find() maps a name to the same
 * entries.  Ids are internal and may be renumbered; the names they stand
 * for never change once released.
 */
#ifndef MX_CHECK_CATALOG_H
#define MX_CHECK_CATALOG_H

#include "mxdig.h"

enum mx_check_id {
	MX_CHECK_DOMAIN_NXDOMAIN,
	MX_CHECK_MX_LOOKUP_FAILED,
	MX_CHECK_DOMAIN_CNAME,
	MX_CHECK_IMPLICIT_MX,
	MX_CHECK_NO_MAIL_ROUTE,
	MX_CHECK_NULL_MX,
	MX_CHECK_NULL_MX_MIXED,
	MX_CHECK_NULL_MX_PREFERENCE,
	MX_CHECK_MX_TARGET_CNAME,
	MX_CHECK_MX_TARGET_NXDOMAIN,
	MX_CHECK_MX_TARGET_NO_ADDRESS,
	MX_CHECK_MX_TARGET_LOOKUP_FAILED,
	MX_CHECK_MX_TARGET_IP_LITERAL,
	MX_CHECK_MX_TARGET_DOUBLED_ORIGIN,
	MX_CHECK_MX_TARGET_INVALID_NAME,
	MX_CHECK_MX_TARGET_OUT_OF_ZONE,
	MX_CHECK_MX_TARGET_PRIVATE_ADDRESS,
	MX_CHECK_MX_DUPLICATE_TARGET,
	MX_CHECK_NO_USABLE_MX,
	MX_CHECK_MX_PRIMARY_UNUSABLE,
	MX_CHECK_MX_TIER_UNUSABLE,
	MX_CHECK_MX_SINGLE_HOST,
	MX_CHECK_MX_SHARED_ADDRESS,
	MX_CHECK_MX_ADDRESS_LIMIT,
	MX_CHECK_MX_NO_IPV6,
	MX_CHECK_MX_NO_IPV4,
	MX_CHECK_MX_TTL_LOW,
	MX_CHECK_MX_TTL_HIGH,
	MX_CHECK_TTL_ZERO,
	MX_CHECK_TTL_MISMATCH,
	MX_CHECK_MX_WILDCARD,
	MX_CHECK_ZONE_SYNTAX,
	MX_CHECK_CNAME_AND_OTHER_DATA,
	MX_CHECK_ZONE_DUPLICATE_ORIGIN,
	MX_CHECK_DNSSEC_SIGNATURE_EXPIRED,
	MX_CHECK_DNSSEC_SIGNATURE_EXPIRING,
	MX_CHECK_DNSSEC_SIGNATURE_INVALID,
	MX_CHECK_SOA_SERIAL_NOT_INCREASED,
	MX_CHECK_MX_CHANGE_TTL,
	/* r-dnssec: the live DNSSEC and reverse layers */
	MX_CHECK_DNSSEC_BOGUS,
	MX_CHECK_DNSSEC_UNSIGNED,
	MX_CHECK_MX_PTR_MISSING,
	MX_CHECK_MX_PTR_MISMATCH,
	MX_CHECK_COUNT		/* not a check: the size of the table */
};

/* The catalogue entry of id; id must be below MX_CHECK_COUNT. */
const struct mx_check_info *mx_check_info_of(enum mx_check_id id);

/* The id of a check name in *id; MX_ERR_UNKNOWN_CHECK when no check has
 * that name. */
mx_status mx_check_id_of(const char *name, enum mx_check_id *id);

#endif

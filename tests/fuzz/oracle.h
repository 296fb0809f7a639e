/*
 * oracle.h -- what every fuzz target asks of what it got back, beyond
 * "no crash": results that hold together, output that is printable and
 * counts that match what is printed.  A failed oracle aborts, so that
 * libFuzzer (or replay.c under CTest) reports the input.
 */
#ifndef MX_FUZZ_ORACLE_H
#define MX_FUZZ_ORACLE_H

#include <stddef.h>

#include "mxdig.h"

/* Aborts, naming what did not hold, unless c. */
#define fz_require(c)	fz_require_at((c) != 0, #c, __FILE__, __LINE__)
void fz_require_at(int c, const char *what, const char *file, int line);

/* Whether s[0..n) is printable ASCII; newlines allowed when lines is
 * set.  The one non-ASCII text the library writes itself, the section
 * sign of its RFC references, is allowed too. */
int fz_printable(const char *s, size_t n, int lines);

/* Every name and message of one result printable, its counts those of
 * its findings, and every renderer's output as the oracles say: compact
 * JSON equal to jansson's dump of its own parse and to the library's
 * jansson tree, its counts those of its findings array, text, short and
 * gcc output printable, one gcc and one GitHub line per finding. */
void fz_check_result(const struct mx_result *res);

/* The same for findings that belong to no domain (the zone files'). */
void fz_check_findings(const struct mx_finding *f, size_t n);

/* Output lines in s[0..n). */
size_t fz_lines(const char *s, size_t n);

#endif

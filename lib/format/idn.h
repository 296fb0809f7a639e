/*
 * idn.h -- the Unicode form of a name, for the formatters.
 */
#ifndef MXDIG_FORMAT_IDN_H
#define MXDIG_FORMAT_IDN_H

/* The Unicode (U-label) form of name when one of its labels is an A-label
 * ("xn--") that libidn2 decodes, allocated (free it); NULL otherwise. */
char *mx_idn_unicode(const char *name);

#endif

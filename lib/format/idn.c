/*
 * idn.c -- the Unicode form of a name, for the formatters (r-habits):
 * shown beside the A-label, never instead of it.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <idn2.h>

#include "idn.h"

char *
mx_idn_unicode(const char *name)
{
	const char	*p;
	char		*u = NULL, *copy;
	int		 alabel = 0;

	if (name == NULL)
		return NULL;
	for (p = name; *p != '\0'; p++) {
		/* names from the wire may hold any byte, escaped as \DDD:
		 * only a plain LDH name is decoded */
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '.')
			return NULL;
		if ((p == name || p[-1] == '.') &&
		    strncasecmp(p, "xn--", 4) == 0)
			alabel = 1;
	}
	if (!alabel)
		return NULL;
	if (idn2_to_unicode_8z8z(name, &u, 0) != IDN2_OK)
		return NULL;
	copy = strdup(u);
	idn2_free(u);
	return copy;
}

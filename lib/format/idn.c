/*
 * idn.c -- the Unicode form of a name, for the formatters:
 * shown beside the A-label, never instead of it.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <idn2.h>

#include "idn.h"

/* 1 when the UTF-8 string s holds no C0 or C1 control and no DEL. */
static int
shown_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return 0;
		/* U+0080..U+009F are C2 80..C2 9F */
		if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			return 0;
	}
	return 1;
}

char *
mx_idn_unicode(const char *name)
{
	const char	*p;
	char		*u = NULL, *back = NULL, *copy;
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
	/* Punycode can spell any code point, control characters and
	 * escapes for a terminal among them: the Unicode form is shown only
	 * when it is a valid IDNA 2008 name, one that converts back to this
	 * very A-label, and holds no C0 or C1 control */
	copy = NULL;
	if (shown_ok(u) && idn2_to_ascii_8z(u, &back, IDN2_NONTRANSITIONAL) ==
	    IDN2_OK) {
		if (strcasecmp(back, name) == 0)
			copy = strdup(u);
		idn2_free(back);
	}
	idn2_free(u);
	return copy;
}

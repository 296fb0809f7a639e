/*
 * domain.c -- what a user types as a domain, turned into the name that is
 * checked.  Addresses (user@example.com) give the domain after
 * the last '@'; Unicode names become their A-labels with libidn2 (IDNA
 * 2008 with the UTS #46 non-transitional mapping, as senders' libraries
 * do); URLs and anything else with a '/' are refused, naming the host to
 * check instead.  The dig habits of the command line (record types,
 * +options) are options.c's; this is shared with the lines of -f.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <idn2.h>

#include "cli.h"
#include "util.h"

/* The host of a URL ("scheme://[user@]host[:port][/...]"), into buf;
 * "" when there is none. */
static void
url_host(const char *url, char *buf, size_t size)
{
	const char	*p = strstr(url, "://"), *end, *at;
	size_t		 n;

	buf[0] = '\0';
	if (p == NULL)
		return;
	p += 3;
	end = p + strcspn(p, "/?#");
	/* userinfo ends at the last '@' before the path */
	for (at = p; at < end; at++)
		if (*at == '@')
			p = at + 1;
	if (*p == '[') {
		/* an IPv6 literal: not a mail domain */
		return;
	}
	n = strcspn(p, ":/?#");
	if (p + n > end)
		n = (size_t)(end - p);
	if (n == 0 || n >= size)
		return;
	memcpy(buf, p, n);
	buf[n] = '\0';
}

int
cli_domain(const char *arg, char **out, char *why, size_t whysize,
    char *note, size_t notesize)
{
	const char	*name = arg, *at, *p;
	char		*ascii = NULL, host[256], shown[CLI_SHOWN_MAX],
			 shown2[CLI_SHOWN_MAX];
	int		 rc, high = 0;

	*out = NULL;
	why[0] = note[0] = '\0';
	if (strstr(arg, "://") != NULL || strchr(arg, '/') != NULL) {
		url_host(arg, host, sizeof(host));
		if (host[0] != '\0')
			snprintf(why, whysize, "'%s' is a URL, not a domain: "
			    "to check the mail of its host, name the host "
			    "(mxdig %s)", cli_shown(arg, shown,
			    sizeof(shown)), cli_shown(host, shown2,
			    sizeof(shown2)));
		else
			snprintf(why, whysize, "'%s' is not a domain name "
			    "(a domain has no '/')", cli_shown(arg, shown,
			    sizeof(shown)));
		return -1;
	}
	if ((at = strrchr(arg, '@')) != NULL) {
		name = at + 1;
		if (*name == '\0') {
			snprintf(why, whysize, "'%s': nothing after the '@' "
			    "(name the domain of the address)",
			    cli_shown(arg, shown, sizeof(shown)));
			return -1;
		}
		snprintf(note, notesize, "%s: checking the domain after the "
		    "last '@', %s", cli_shown(arg, shown, sizeof(shown)),
		    cli_shown(name, shown2, sizeof(shown2)));
	}
	for (p = name; *p != '\0'; p++)
		if ((unsigned char)*p >= 0x80)
			high = 1;
	if (!high) {
		if ((*out = strdup(name)) == NULL)
			goto nomem;
		return 0;
	}
	rc = idn2_to_ascii_8z(name, &ascii, IDN2_NONTRANSITIONAL |
	    IDN2_NFC_INPUT);
	if (rc != IDN2_OK) {
		snprintf(why, whysize, "'%s' is not a valid internationalised "
		    "domain name (IDNA 2008): %s", cli_shown(name, shown,
		    sizeof(shown)), idn2_strerror(rc));
		return -1;
	}
	/* libidn2's memory goes with libidn2's free */
	*out = strdup(ascii);
	idn2_free(ascii);
	if (*out == NULL)
		goto nomem;
	return 0;
nomem:
	snprintf(why, whysize, "out of memory");
	return -1;
}

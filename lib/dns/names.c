/*
 * names.c -- classifying exchange names and addresses.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define MAX_LABELS 128

/*
 * Splits a presentation-format name into labels: start offsets in off[],
 * lengths in len[].  Escapes (\. and \DDD) stay inside their label.  The
 * root label is not counted.  Returns the number of labels, or -1 when
 * there are more than MAX_LABELS.
 */
static int
split_labels(const char *name, size_t off[], size_t len[])
{
	size_t	i = 0, start = 0;
	int	n = 0;

	if (strcmp(name, ".") == 0 || *name == '\0')
		return 0;
	for (;;) {
		if (name[i] == '\\' && name[i + 1] != '\0') {
			i += isdigit((unsigned char)name[i + 1]) ? 4 : 2;
			if (i > strlen(name))
				i = strlen(name);
			continue;
		}
		if (name[i] == '.' || name[i] == '\0') {
			if (i > start || name[i] == '.') {
				if (n == MAX_LABELS)
					return -1;
				off[n] = start;
				len[n] = i - start;
				n++;
			}
			if (name[i] == '\0' || name[i + 1] == '\0')
				break;
			start = ++i;
			continue;
		}
		i++;
	}
	return n;
}

static int
label_eq(const char *a, size_t la, const char *b, size_t lb)
{
	return la == lb && strncasecmp(a, b, la) == 0;
}

/* Returns 1 when text (without brackets, without trailing dot) is an IPv4
 * or IPv6 address. */
static int
is_address_text(const char *text, size_t len)
{
	char		buf[64];
	unsigned char	addr[16];
	size_t		i;

	if (len >= 2 && text[0] == '[' && text[len - 1] == ']') {
		text++;
		len -= 2;
	}
	if (len == 0 || len >= sizeof(buf))
		return 0;
	/* most exchanges hold a letter that no address text has: no copy,
	 * no inet_pton */
	for (i = 0; i < len; i++)
		if (!isxdigit((unsigned char)text[i]) && text[i] != '.' &&
		    text[i] != ':')
			return 0;
	memcpy(buf, text, len);
	buf[len] = '\0';
	return inet_pton(AF_INET, buf, addr) == 1 ||
	    inet_pton(AF_INET6, buf, addr) == 1;
}

/*
 * Returns 1 when the exchange is an IP address written as a name: either
 * all of it ("192.0.2.1.") or, when it was written without a trailing dot
 * and the origin was appended, all but the origin ("192.0.2.1.example.").
 * Without an origin, four leading decimal labels of 0-255 are taken as an
 * address too.
 */
int
mx_name_is_ip_literal(const char *exchange, const char *origin)
{
	size_t	len, off[MAX_LABELS], ln[MAX_LABELS];
	int	n, i;
	const char *c;

	/*
	 * Each test below reads the whole first label: one byte there that
	 * no address text has (a letter past f, a hyphen, an escape) says
	 * no for most exchanges before any strlen.
	 */
	for (c = exchange; *c != '\0' && *c != '.'; c++)
		if (!isxdigit((unsigned char)*c) && *c != ':' && *c != '[' &&
		    *c != ']')
			return 0;
	len = strlen(exchange);
	if (len > 1 && exchange[len - 1] == '.')
		len--;
	if (is_address_text(exchange, len))
		return 1;
	if (origin != NULL && strcmp(origin, ".") != 0 &&
	    mx_name_under(exchange, origin) &&
	    strlen(exchange) > strlen(origin) &&
	    is_address_text(exchange, strlen(exchange) - strlen(origin) - 1))
		return 1;
	/* the four decimal labels below start with a digit */
	if (!isdigit((unsigned char)exchange[0]) ||
	    (n = split_labels(exchange, off, ln)) < 5)
		return 0;
	for (i = 0; i < 4; i++) {
		size_t	j;
		long	v;

		if (ln[i] == 0 || ln[i] > 3)
			return 0;
		for (j = 0; j < ln[i]; j++)
			if (!isdigit((unsigned char)exchange[off[i] + j]))
				return 0;
		v = strtol(exchange + off[i], NULL, 10);
		if (v > 255)
			return 0;
	}
	return 1;
}

/* The last label of a name without escapes: its start and length (0 for
 * the root). */
static const char *
last_label(const char *name, size_t *len)
{
	size_t	n = strlen(name), i;

	if (n > 0 && name[n - 1] == '.')
		n--;
	for (i = n; i > 0 && name[i - 1] != '.'; i--)
		;
	*len = n - i;
	return name + i;
}

/*
 * 0 when the exchange cannot end in S.S. for a suffix S of hint: S ends
 * in hint's last label, so the exchange ends in it and has it once more
 * before.  Most exchanges are told apart here, without splitting both
 * names; 1 (maybe) for names with escapes or an empty last label, which
 * the labels read.
 */
static int
last_label_twice(const char *exchange, const char *hint)
{
	const char	*xl, *hl, *p;
	size_t		 xn, hn;

	if (strchr(exchange, '\\') != NULL || strchr(hint, '\\') != NULL)
		return 1;
	xl = last_label(exchange, &xn);
	hl = last_label(hint, &hn);
	if (hn == 0)
		return 1;
	if (!label_eq(xl, xn, hl, hn))
		return 0;
	/* the labels before the last, one by one */
	for (p = exchange; p < xl; ) {
		const char *dot = memchr(p, '.', (size_t)(xl - p));

		if (dot == NULL)
			break;
		if (label_eq(p, (size_t)(dot - p), hl, hn))
			return 1;
		p = dot + 1;
	}
	return 0;
}

/*
 * Returns 1 when the exchange ends in a suffix S written twice (S.S.), S
 * being a suffix of hint of at least two labels, or the whole of a
 * one-label hint.  This is what a missing trailing dot does to
 * "mail.example.com" in the zone example.com: the origin is appended
 * again.
 */
int
mx_name_is_doubled(const char *exchange, const char *hint)
{
	size_t	xo[MAX_LABELS], xl[MAX_LABELS], ho[MAX_LABELS], hl[MAX_LABELS];
	int	nx, nh, k, i;

	if (hint == NULL)
		return 0;
	if (!last_label_twice(exchange, hint))
		return 0;
	if ((nx = split_labels(exchange, xo, xl)) <= 0 ||
	    (nh = split_labels(hint, ho, hl)) <= 0)
		return 0;
	for (k = nh == 1 ? 1 : 2; k <= nh && 2 * k <= nx; k++) {
		int match = 1;

		for (i = 0; i < k && match; i++) {
			int hi = nh - k + i;
			int a = nx - 2 * k + i, b = nx - k + i;

			if (!label_eq(exchange + xo[a], xl[a],
			    hint + ho[hi], hl[hi]) ||
			    !label_eq(exchange + xo[b], xl[b],
			    hint + ho[hi], hl[hi]))
				match = 0;
		}
		if (match)
			return 1;
	}
	return 0;
}

/* 1 for the letters and digits of a host name (ASCII, as isalnum reads
 * them in the C locale), 0 for every other byte: one load a character. */
static const unsigned char host_char[256] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1,
	['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
	['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
	['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
	['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
	['y'] = 1, ['z'] = 1,
	['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1,
	['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1,
	['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1,
	['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
	['Y'] = 1, ['Z'] = 1,
};

/*
 * Returns 1 when the exchange is a valid host name (RFC 1123 §2.1, RFC 952):
 * labels of letters, digits and hyphens, 1 to 63 characters, not starting
 * or ending with a hyphen, at most 253 characters in all.
 */
int
mx_name_is_hostname(const char *exchange)
{
	size_t	total = strlen(exchange), i, lab = 0;

	if (total > 0 && exchange[total - 1] == '.')
		total--;
	if (total > 253 || total == 0)
		return 0;
	/* one pass, label by label; a backslash is no host-name character,
	 * so the escapes split_labels knows need not be read here */
	for (i = 0; i < total; i++) {
		unsigned char c = (unsigned char)exchange[i];

		if (host_char[c] == 1 || (c == '-' && lab > 0)) {
			if (++lab > 63)
				return 0;
		} else if (c == '.') {
			if (lab == 0 || exchange[i - 1] == '-')
				return 0;
			lab = 0;
		} else
			return 0;
	}
	return lab > 0 && exchange[total - 1] != '-';
}

/* A network prefix, in binary: the tables are not parsed per lookup. */
struct prefix {
	unsigned char	 net[16];
	int		 bits;
};

/* An IPv4 network prefix as a number: the test is an XOR and a mask. */
struct prefix4 {
	uint32_t	 net;		/* host order */
	int		 bits;		/* 1 to 32 */
};

/* IPv4 ranges that are not globally routable (IANA IPv4 Special-Purpose
 * Address Registry, RFC 6890, plus multicast and reserved). */

static const struct prefix4 v4_special[] = {
	{ 0x00000000U, 8 },	/* 0.0.0.0/8 */
	{ 0x0a000000U, 8 },	/* 10.0.0.0/8 */
	{ 0x64400000U, 10 },	/* 100.64.0.0/10 */
	{ 0x7f000000U, 8 },	/* 127.0.0.0/8 */
	{ 0xa9fe0000U, 16 },	/* 169.254.0.0/16 */
	{ 0xac100000U, 12 },	/* 172.16.0.0/12 */
	{ 0xc0000000U, 24 },	/* 192.0.0.0/24 */
	{ 0xc0000200U, 24 },	/* 192.0.2.0/24 */
	{ 0xc0586300U, 24 },	/* 192.88.99.0/24 */
	{ 0xc0a80000U, 16 },	/* 192.168.0.0/16 */
	{ 0xc6120000U, 15 },	/* 198.18.0.0/15 */
	{ 0xc6336400U, 24 },	/* 198.51.100.0/24 */
	{ 0xcb007100U, 24 },	/* 203.0.113.0/24 */
	{ 0xe0000000U, 4 },	/* 224.0.0.0/4 */
	{ 0xf0000000U, 4 },	/* 240.0.0.0/4 */
};

/* IPv6 ranges inside 2000::/3 that are not globally routable (IANA IPv6
 * Special-Purpose Address Registry, RFC 6890, RFC 9637). */
static const struct prefix v6_special[] = {
	{ { 0x20, 0x01 }, 32 },			/* 2001::/32 */
	{ { 0x20, 0x01, 0x00, 0x02 }, 48 },	/* 2001:2::/48 */
	{ { 0x20, 0x01, 0x00, 0x10 }, 28 },	/* 2001:10::/28 */
	{ { 0x20, 0x01, 0x0d, 0xb8 }, 32 },	/* 2001:db8::/32 */
	{ { 0x20, 0x02 }, 16 },			/* 2002::/16 */
	{ { 0x3f, 0xff }, 20 },			/* 3fff::/20 */
};

static int
in_prefix(const unsigned char *addr, const unsigned char *net, int bits)
{
	int	whole = bits / 8, rest = bits % 8, i;

	/* at most 6 bytes: a loop, not a call to memcmp per entry */
	for (i = 0; i < whole; i++)
		if (addr[i] != net[i])
			return 0;
	if (rest == 0)
		return 1;
	return ((addr[whole] ^ net[whole]) & (0xff << (8 - rest))) == 0;
}

static int
in_table(const unsigned char *addr, const struct prefix *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (in_prefix(addr, t[i].net, t[i].bits))
			return 1;
	return 0;
}

/*
 * inet_pton(AF_INET, ...) as glibc reads it (four decimal parts of 0-255
 * without leading zeros, nothing else), inline: the path classifies each
 * address of every exchange of a zone, the loader every A record.
 * Returns 1 and the address in a, or 0.
 */
int
mx_pton4(const char *s, unsigned char a[4])
{
	unsigned	v = 0;
	int		parts = 0, digits = 0;

	for (;; s++) {
		if (*s >= '0' && *s <= '9') {
			if (digits > 0 && v == 0)
				return 0;
			if ((v = v * 10 + (unsigned)(*s - '0')) > 255)
				return 0;
			if (digits++ == 0 && ++parts > 4)
				return 0;
		} else if ((*s == '.' || *s == '\0') && digits > 0) {
			a[parts - 1] = (unsigned char)v;
			if (*s == '\0')
				return parts == 4;
			if (parts == 4)
				return 0;
			v = 0;
			digits = 0;
		} else
			return 0;
	}
}

/* A hex digit's value plus one, 0 for any other byte: one look-up per
 * character of an IPv6 address. */
static const unsigned char hex_plus1[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6,
	['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10, ['a'] = 11, ['b'] = 12,
	['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16, ['A'] = 11,
	['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

/*
 * inet_pton(AF_INET6, ...) as glibc reads it, inline: groups of 1 to 4
 * hex digits split by ':', at most one "::" standing for one or more zero
 * groups, a dotted IPv4 address as the last 32 bits, exactly 16 bytes in
 * all, nothing else.  Returns 1 and the address in a, or 0.
 */
int
mx_pton6(const char *s, unsigned char a[16])
{
	unsigned char	 b[16];
	const char	*group;
	size_t		 n = 0, gap = SIZE_MAX, digits = 0;
	unsigned	 v = 0;
	int		 d;

	/* a leading ':' only as the start of "::" */
	if (*s == ':' && *++s != ':')
		return 0;
	for (group = s; *s != '\0'; s++) {
		if ((d = hex_plus1[(unsigned char)*s] - 1) >= 0) {
			if (digits++ == 4)
				return 0;
			v = v << 4 | (unsigned)d;
		} else if (*s == ':') {
			group = s + 1;
			if (digits == 0) {
				if (gap != SIZE_MAX)
					return 0;
				gap = n;
				continue;
			}
			if (s[1] == '\0' || n + 2 > 16)
				return 0;
			b[n++] = (unsigned char)(v >> 8);
			b[n++] = (unsigned char)v;
			digits = 0;
			v = 0;
		} else if (*s == '.' && n + 4 <= 16 && mx_pton4(group, b + n)) {
			n += 4;
			digits = 0;
			break;
		} else
			return 0;
	}
	if (digits > 0) {
		if (n + 2 > 16)
			return 0;
		b[n++] = (unsigned char)(v >> 8);
		b[n++] = (unsigned char)v;
	}
	if (gap != SIZE_MAX) {
		/* "::" is at least one group of zeros */
		if (n == 16)
			return 0;
		memmove(b + 16 - (n - gap), b + gap, n - gap);
		memset(b + gap, 0, 16 - n);
		n = 16;
	}
	if (n != 16)
		return 0;
	memcpy(a, b, 16);
	return 1;
}

/* 1 when the IPv4 address a is in one of the v4_special ranges: one
 * AND and one comparison a range. */
static int
v4_special_addr(const unsigned char *a)
{
	uint32_t	x = (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 |
			    (uint32_t)a[2] << 8 | a[3];
	size_t		i;

	for (i = 0; i < sizeof(v4_special) / sizeof(v4_special[0]); i++)
		if (((x ^ v4_special[i].net) &
		    (0xffffffffU << (32 - v4_special[i].bits))) == 0)
			return 1;
	return 0;
}

int
mx_address_routable(const char *text)
{
	unsigned char	a[16];
	static const unsigned char nat64[12] =
	    { 0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0 };

	if (mx_pton4(text, a))
		return !v4_special_addr(a);
	if (!mx_pton6(text, a))
		return -1;
	/* 64:ff9b::/96 (RFC 6052) is globally reachable through NAT64. */
	if (memcmp(a, nat64, sizeof(nat64)) == 0)
		return !v4_special_addr(a + 12);
	/* Global unicast is 2000::/3; everything else (::1, ::ffff:0:0/96,
	 * fc00::/7, fe80::/10, ff00::/8, ...) is not routable. */
	if ((a[0] & 0xe0) != 0x20)
		return 0;
	return !in_table(a, v6_special,
	    sizeof(v6_special) / sizeof(v6_special[0]));
}

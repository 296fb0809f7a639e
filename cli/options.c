/*
 * options.c -- argv -> struct cli.  Every numeric argument is parsed in
 * full (decimal digits only: no sign, no exponent, no hex, no "nan" or
 * "inf", no trailing junk) and range-checked with a message naming the
 * option; long options must be spelled out (no prefix matching).  An
 * argument echoed in a message has its bytes outside printable ASCII
 * written as \DDD, so that argv cannot put escape sequences or forged
 * lines on the terminal.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"
#include "util.h"

enum {
	OPT_CACHE_SIZE = 256, OPT_COLOR, OPT_CONCURRENCY, OPT_DEADLINE,
	OPT_EXPLAIN, OPT_FAIL_ON, OPT_FORMAT, OPT_IGNORE, OPT_LIST_CHECKS,
	OPT_LIVE, OPT_NO_ADDITIONAL, OPT_NO_CACHE, OPT_PROGRESS, OPT_RESOLV_CONF, OPT_SHORT, OPT_SIG_DAYS, OPT_TCP,
	OPT_THREADS, OPT_TIMEOUT,
	OPT_TRIES, OPT_TTL_MAX, OPT_TTL_MIN, OPT_ZONE,
	/* the authority layer */
	OPT_NO_AUTH, OPT_ROUTABLE,
	/* the formats */
	OPT_OUTPUT, OPT_SHARD,
	/* --smtp */
	OPT_CA_FILE, OPT_CERT_DAYS, OPT_HELO, OPT_SMTP, OPT_SMTP_CONCURRENCY,
	OPT_SMTP_TIMEOUT,
	/* the DNSSEC and reverse layers */
	OPT_DNSSEC_VIA, OPT_NO_DNSSEC, OPT_NO_PTR, OPT_TRUST_ANCHOR,
	OPT_NO_POLICY
};

static const struct option longopts[] = {
	{ "ca-file",		required_argument,	NULL, OPT_CA_FILE },
	{ "cache-size",		required_argument,	NULL, OPT_CACHE_SIZE },
	{ "cert-days",		required_argument,	NULL, OPT_CERT_DAYS },
	{ "color",		required_argument,	NULL, OPT_COLOR },
	{ "concurrency",	required_argument,	NULL, OPT_CONCURRENCY },
	{ "deadline",		required_argument,	NULL, OPT_DEADLINE },
	{ "dnssec-via",		required_argument,	NULL, OPT_DNSSEC_VIA },
	{ "explain",		required_argument,	NULL, OPT_EXPLAIN },
	{ "fail-on",		required_argument,	NULL, OPT_FAIL_ON },
	{ "file",		required_argument,	NULL, 'f' },
	{ "format",		required_argument,	NULL, OPT_FORMAT },
	{ "help",		no_argument,		NULL, 'h' },
	{ "helo",		required_argument,	NULL, OPT_HELO },
	{ "ignore",		required_argument,	NULL, OPT_IGNORE },
	{ "list-checks",	no_argument,		NULL, OPT_LIST_CHECKS },
	{ "live",		no_argument,		NULL, OPT_LIVE },
	{ "no-additional",	no_argument,		NULL, OPT_NO_ADDITIONAL },
	{ "no-auth",		no_argument,		NULL, OPT_NO_AUTH },
	{ "no-cache",		no_argument,		NULL, OPT_NO_CACHE },
	{ "no-dnssec",		no_argument,		NULL, OPT_NO_DNSSEC },
	{ "no-ptr",		no_argument,		NULL, OPT_NO_PTR },
	{ "no-policy",		no_argument,		NULL, OPT_NO_POLICY },
	{ "port",		required_argument,	NULL, 'p' },
	{ "progress",		required_argument,	NULL, OPT_PROGRESS },
	{ "resolv-conf",	required_argument,	NULL, OPT_RESOLV_CONF },
	{ "routable",		required_argument,	NULL, OPT_ROUTABLE },
	{ "short",		no_argument,		NULL, OPT_SHORT },
	{ "sig-days",		required_argument,	NULL, OPT_SIG_DAYS },
	{ "smtp",		no_argument,		NULL, OPT_SMTP },
	{ "smtp-concurrency",	required_argument,	NULL,
	  OPT_SMTP_CONCURRENCY },
	{ "smtp-timeout",	required_argument,	NULL, OPT_SMTP_TIMEOUT },
	{ "tcp",		no_argument,		NULL, OPT_TCP },
	{ "threads",		required_argument,	NULL, OPT_THREADS },
	{ "timeout",		required_argument,	NULL, OPT_TIMEOUT },
	{ "tries",		required_argument,	NULL, OPT_TRIES },
	{ "trust-anchor",	required_argument,	NULL, OPT_TRUST_ANCHOR },
	{ "ttl-max",		required_argument,	NULL, OPT_TTL_MAX },
	{ "ttl-min",		required_argument,	NULL, OPT_TTL_MIN },
	{ "version",		no_argument,		NULL, 'V' },
	{ "zone",		required_argument,	NULL, OPT_ZONE },
	/* the formats */
	{ "output",		required_argument,	NULL, OPT_OUTPUT },
	{ "shard",		required_argument,	NULL, OPT_SHARD },
	{ NULL, 0, NULL, 0 }
};

/* The first message of the run, for the nagios line. */
static char first_warning[1024];

const char *
cli_first_warning(void)
{
	return first_warning;
}

void
cli_vwarnx(const char *fmt, va_list ap)
{
	char msg[1024];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	fprintf(stderr, "mxdig: %s\n", msg);
	if (first_warning[0] == '\0')
		snprintf(first_warning, sizeof(first_warning), "%s", msg);
}

void
cli_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_vwarnx(fmt, ap);
	va_end(ap);
}

/* Identical to the SYNOPSIS of mxdig(1). */
void
cli_usage(FILE *out)
{
	fputs(
"usage: mxdig [-46hV] [@server] [-f file] [-p port] [--ca-file file]\n"
"             [--cache-size n] [--cert-days n] [--color when]\n"
"             [--concurrency n] [--deadline seconds] [--dnssec-via mode]\n"
"             [--fail-on level] [--format format] [--helo name]\n"
"             [--ignore check[,check...]] [--live] [--no-additional]\n"
"             [--no-auth] [--no-cache] [--no-dnssec] [--no-policy]\n"
"             [--no-ptr]\n"
"             [--output file] [--progress when] [--resolv-conf file]\n"
"             [--routable prefix] [--shard k/n] [--short] [--sig-days n]\n"
"             [--smtp] [--smtp-concurrency n] [--smtp-timeout seconds]\n"
"             [--tcp] [--threads n] [--timeout seconds] [--tries n]\n"
"             [--trust-anchor file] [--ttl-max seconds]\n"
"             [--ttl-min seconds] [--zone file[:origin]] [domain ...]\n"
"       mxdig lint [options] file[:origin] ...\n"
"       mxdig diff [options] old-file[:origin] new-file[:origin]\n"
"       mxdig --list-checks [--format json]\n"
"       mxdig --explain check [--format json]\n", out);
}

const char *
cli_shown(const char *s, char *buf, size_t size)
{
	return mx_escape_buf(s, strlen(s), buf, size);
}

/*
 * Parses a whole number in [lo, hi] for option name: decimal digits and
 * nothing else (strtoul would take leading blanks, a sign, and wrap a
 * negative number around).  Overflow is caught digit by digit.
 */
static int
number(const char *name, const char *s, unsigned long lo, unsigned long hi,
    unsigned long *out)
{
	const char	*p;
	unsigned long	 v = 0;
	char		 shown[CLI_SHOWN_MAX];

	if (*s == '\0')
		goto bad;
	for (p = s; *p != '\0'; p++) {
		unsigned d = (unsigned)(*p - '0');

		/* v * 10 + d <= hi, without overflowing */
		if (*p < '0' || *p > '9' || v > hi / 10 ||
		    (v == hi / 10 && d > hi % 10))
			goto bad;
		v = v * 10 + d;
	}
	if (v < lo)
		goto bad;
	*out = v;
	return 0;
bad:
	cli_warnx("%s: '%s' is not a whole number from %lu to %lu", name,
	    cli_shown(s, shown, sizeof(shown)), lo, hi);
	return -1;
}

/*
 * The words "-:ORIGIN" of the command line: standard input as a zone of
 * that origin (lint, diff, --zone).  getopt would read such a word as a
 * cluster of short options, so cli_parse hands it ":ORIGIN", the same
 * string one byte on, and stdin_word gives back the word as written.
 * Set only while cli_parse runs.
 */
static char	**stdin_words;
static size_t	  nstdin_words;

/* The word a stands for: "-:ORIGIN" when a is one of those one byte on. */
static char *
stdin_word(char *a)
{
	size_t k;

	for (k = 0; a != NULL && k < nstdin_words; k++)
		if (a == stdin_words[k] + 1)
			return stdin_words[k];
	return a;
}

/*
 * Splits "file:origin" into za (strings allocated); a colon followed by
 * nothing means no origin.  A colon names the origin only when the file
 * does not exist as written, so paths with colons still work.
 */
static int
split_zone_arg(const char *arg, struct zone_arg *za)
{
	const char *colon = strrchr(arg, ':');

	memset(za, 0, sizeof(*za));
	if (colon != NULL && access(arg, F_OK) != 0) {
		za->file = strndup(arg, (size_t)(colon - arg));
		if (colon[1] != '\0' &&
		    (za->origin = strdup(colon + 1)) == NULL) {
			free(za->file);
			za->file = NULL;
		}
	} else
		za->file = strdup(arg);
	return za->file == NULL ? -1 : 0;
}

static int
add_zone(struct cli *cli, const char *arg)
{
	struct zone_arg *nz;

	nz = realloc(cli->zones, (cli->nzones + 1) * sizeof(*nz));
	if (nz == NULL)
		return -1;
	cli->zones = nz;
	if (split_zone_arg(arg, &cli->zones[cli->nzones]) != 0)
		return -1;
	cli->nzones++;
	return 0;
}

/*
 * Rejects abbreviated long options, which getopt_long would accept.  The
 * argument of an option (--timeout --x, -p --x) is no option, whatever it
 * looks like.
 */
static int
exact_long_options(int argc, char *argv[])
{
	char	shown[CLI_SHOWN_MAX];
	int	i;

	for (i = 1; i < argc; i++) {
		const char	*a = argv[i], *eq, *c;
		size_t		 n;
		const struct option *o;

		if (strcmp(a, "--") == 0)
			break;
		if (a[0] == '-' && a[1] != '-') {
			/* a cluster of short options: one that takes an
			 * argument ends it, or takes the next word */
			for (c = a + 1; *c != '\0'; c++)
				if (*c == 'f' || *c == 'p') {
					if (c[1] == '\0')
						i++;
					break;
				}
			continue;
		}
		if (strncmp(a, "--", 2) != 0)
			continue;
		eq = strchr(a, '=');
		n = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
		for (o = longopts; o->name; o++)
			if (strlen(o->name) == n &&
			    strncmp(o->name, a + 2, n) == 0)
				break;
		if (o->name == NULL) {
			char *opt = strndup(a, n + 2);

			cli_warnx("unknown option '%s'", opt == NULL ?
			    "--" : cli_shown(opt, shown, sizeof(shown)));
			free(opt);
			return -1;
		}
		if (o->has_arg == required_argument && eq == NULL)
			i++;
	}
	return 0;
}

/* Adds the checks of one --ignore list; tokens point into a copy that
 * cli_free releases. */
static int
parse_ignore(struct cli *cli, const char *arg)
{
	char	*copy, *tok, *save = NULL, **nb;
	char	 shown[CLI_SHOWN_MAX];

	if ((copy = strdup(arg)) == NULL)
		goto nomem;
	if ((nb = realloc(cli->ignore_bufs, (cli->nignore_bufs + 1) *
	    sizeof(*nb))) == NULL) {
		free(copy);
		goto nomem;
	}
	cli->ignore_bufs = nb;
	cli->ignore_bufs[cli->nignore_bufs++] = copy;
	for (tok = strtok_r(copy, ",", &save); tok;
	    tok = strtok_r(NULL, ",", &save)) {
		const char **ni;

		if (mx_check_find(tok) == NULL) {
			cli_warnx("--ignore: no check named '%s' "
			    "(see mxdig --list-checks)",
			    cli_shown(tok, shown, sizeof(shown)));
			return -1;
		}
		ni = realloc(cli->ignore, (cli->nignore + 1) * sizeof(*ni));
		if (ni == NULL)
			goto nomem;
		cli->ignore = ni;
		cli->ignore[cli->nignore++] = tok;
	}
	return 0;
nomem:
	cli_warnx("out of memory");
	return -1;
}

static int
parse_format(struct cli *cli, const char *arg)
{
	static const struct { const char *name; enum format f; } fmts[] = {
		{ "text", FMT_TEXT }, { "json", FMT_JSON },
		{ "jsonl", FMT_JSONL }, { "gcc", FMT_GCC },
		{ "github", FMT_GITHUB }, { "nagios", FMT_NAGIOS },
		{ "openmetrics", FMT_OPENMETRICS }, { "sarif", FMT_SARIF },
	};
	size_t	i;
	char	shown[CLI_SHOWN_MAX];

	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++)
		if (strcmp(arg, fmts[i].name) == 0) {
			cli->format = fmts[i].f;
			cli->format_set = 1;
			return 0;
		}
	cli_warnx("--format: '%s' is not one of text, json, jsonl, gcc, "
	    "github, nagios, openmetrics, sarif", cli_shown(arg, shown,
	    sizeof(shown)));
	return -1;
}

/*
 * Parses a number of seconds in [lo, hi] for option name, into
 * milliseconds: digits with at most one decimal point ("5", "0.5", ".5",
 * "5."), nothing else.  strtod alone would also take "nan" (which fails
 * every comparison), "inf", "1e999", hex floats, a sign and leading
 * blanks; it is called only on text already known to be decimal, so it
 * neither overflows (hi is small) nor meets anything it reads differently.
 */
static int
seconds(const char *name, const char *arg, double lo, double hi,
    unsigned *ms)
{
	const char	*p;
	char		*end;
	char		 shown[CLI_SHOWN_MAX];
	double		 v;
	size_t		 digits = 0, points = 0;

	for (p = arg; *p != '\0'; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (*p == '.')
			points++;
		else
			break;
	}
	if (*p != '\0' || digits == 0 || points > 1)
		goto bad;
	errno = 0;
	v = strtod(arg, &end);
	if (errno != 0 || *end != '\0' || !(v >= lo && v <= hi))
		goto bad;
	*ms = (unsigned)(v * 1000 + 0.5);
	return 0;
bad:
	cli_warnx("%s: '%s' is not a number of seconds from %g to %g", name,
	    cli_shown(arg, shown, sizeof(shown)), lo, hi);
	return -1;
}

/* --routable PREFIX: an IPv4 or IPv6 address, optionally /BITS; kept as
 * written (argv's), checked here so that a bad one is a usage error. */
static int
parse_routable(struct cli *cli, const char *arg)
{
	mx_options	*opt;
	const char	**nr;
	char		 shown[CLI_SHOWN_MAX];
	mx_status	 st;

	if (mx_options_new(&opt) != MX_OK)
		goto nomem;
	st = mx_options_add_routable(opt, arg);
	mx_options_free(opt);
	if (st == MX_ERR_NOMEM)
		goto nomem;
	if (st != MX_OK) {
		cli_warnx("--routable: '%s' is not an IPv4 or IPv6 prefix "
		    "(ADDRESS or ADDRESS/BITS)", cli_shown(arg, shown,
		    sizeof(shown)));
		return -1;
	}
	if ((nr = realloc(cli->routable, (cli->nroutable + 1) *
	    sizeof(*nr))) == NULL)
		goto nomem;
	cli->routable = nr;
	nr[cli->nroutable++] = arg;
	return 0;
nomem:
	cli_warnx("out of memory");
	return -1;
}

/* --shard K/N: shard K (1 to N) of N (1 to 100000). */
static int
parse_shard(struct cli *cli, const char *arg)
{
	const char	*slash = strchr(arg, '/');
	char		*k;
	unsigned long	 vk, vn;
	char		 shown[CLI_SHOWN_MAX];

	if (slash == NULL) {
		cli_warnx("--shard: '%s' is not K/N (shard K of N, from 1 to "
		    "N)", cli_shown(arg, shown, sizeof(shown)));
		return -1;
	}
	if ((k = strndup(arg, (size_t)(slash - arg))) == NULL) {
		cli_warnx("out of memory");
		return -1;
	}
	if (number("--shard N", slash + 1, 1, 100000, &vn) != 0 ||
	    number("--shard K", k, 1, vn, &vk) != 0) {
		free(k);
		return -1;
	}
	free(k);
	cli->shard_k = (unsigned)vk;
	cli->shard_n = (unsigned)vn;
	return 0;
}

static int
parse_option(struct cli *cli, int ch, const char *arg, int *color_mode)
{
	unsigned long	v;
	char		shown[CLI_SHOWN_MAX];

	switch (ch) {
	case '4':
	case '6':
		if (cli->family != 0 && cli->family != ch - '0') {
			cli_warnx("-4 and -6 exclude each other");
			return -1;
		}
		cli->family = ch - '0';
		return 0;
	case 'f':
		cli->list_file = arg;
		return 0;
	case 'h':
		cli->mode = MODE_HELP;
		return 0;
	case 'p':
		if (number("-p", arg, 1, 65535, &v) != 0)
			return -1;
		cli->port = (unsigned)v;
		cli->port_set = 1;
		return 0;
	case 'V':
		cli->mode = MODE_VERSION;
		return 0;
	case OPT_PROGRESS:
		if (strcmp(arg, "always") == 0)
			cli->progress = 1;
		else if (strcmp(arg, "never") == 0)
			cli->progress = 0;
		else if (strcmp(arg, "auto") == 0)
			cli->progress = -1;
		else {
			cli_warnx("--progress: '%s' is not one of always, "
			    "never, auto", cli_shown(arg, shown,
			    sizeof(shown)));
			return -1;
		}
		return 0;
	case OPT_COLOR:
		if (strcmp(arg, "always") == 0)
			*color_mode = 1;
		else if (strcmp(arg, "never") == 0)
			*color_mode = 0;
		else if (strcmp(arg, "auto") == 0)
			*color_mode = -1;
		else {
			cli_warnx("--color: '%s' is not one of always, never, "
			    "auto", cli_shown(arg, shown, sizeof(shown)));
			return -1;
		}
		return 0;
	case OPT_CACHE_SIZE:
		if (number("--cache-size", arg, 0, 10000000, &v) != 0)
			return -1;
		cli->cache_size = (size_t)v;
		cli->cache_set = 1;
		return 0;
	case OPT_CONCURRENCY:
		if (number("--concurrency", arg, 1, 10000, &v) != 0)
			return -1;
		cli->concurrency = (unsigned)v;
		return 0;
	case OPT_DEADLINE:
		return seconds("--deadline", arg, 0.1, 86400,
		    &cli->deadline_ms);
	case OPT_EXPLAIN:
		cli->mode = MODE_EXPLAIN;
		cli->explain = arg;
		return 0;
	case OPT_FAIL_ON:
		if (strcmp(arg, "error") == 0)
			cli->fail_on = FAIL_ERROR;
		else if (strcmp(arg, "warning") == 0)
			cli->fail_on = FAIL_WARNING;
		else if (strcmp(arg, "never") == 0)
			cli->fail_on = FAIL_NEVER;
		else {
			cli_warnx("--fail-on: '%s' is not one of error, "
			    "warning, never", cli_shown(arg, shown,
			    sizeof(shown)));
			return -1;
		}
		return 0;
	case OPT_FORMAT:
		return parse_format(cli, arg);
	case OPT_IGNORE:
		return parse_ignore(cli, arg);
	case OPT_LIST_CHECKS:
		cli->mode = MODE_LIST;
		return 0;
	case OPT_LIVE:
		cli->live = 1;
		return 0;
	case OPT_RESOLV_CONF:
		cli->resolv_conf = arg;
		return 0;
	case OPT_SHORT:
		cli->short_out = 1;
		return 0;
	case OPT_NO_ADDITIONAL:
		cli->no_additional = 1;
		return 0;
	case OPT_NO_AUTH:
		cli->no_auth = 1;
		return 0;
	case OPT_ROUTABLE:
		return parse_routable(cli, arg);
	case OPT_NO_CACHE:
		cli->cache_size = 0;
		cli->cache_set = 1;
		return 0;
	case OPT_TCP:
		cli->tcp = 1;
		return 0;
	case OPT_SIG_DAYS:
		/* RFC 4034 §3.1.5: within half the serial space */
		if (number("--sig-days", arg, 0, 24855, &v) != 0)
			return -1;
		cli->sig_days = (unsigned)v;
		return 0;
	case OPT_SMTP:
		cli->smtp = 1;
		return 0;
	case OPT_HELO:
		/* a domain or an address literal (RFC 5321 §4.1.1.1) */
		if (arg[0] == '\0' || strlen(arg) > 255 ||
		    strspn(arg, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-[]:_") !=
		    strlen(arg)) {
			cli_warnx("--helo: '%s' is not a host name or an "
			    "address literal", cli_shown(arg, shown,
			    sizeof(shown)));
			return -1;
		}
		cli->helo = arg;
		return 0;
	case OPT_SMTP_TIMEOUT:
		return seconds("--smtp-timeout", arg, 0.1, 600,
		    &cli->smtp_timeout_ms);
	case OPT_SMTP_CONCURRENCY:
		if (number("--smtp-concurrency", arg, 1, 10000, &v) != 0)
			return -1;
		cli->smtp_concurrency = (unsigned)v;
		return 0;
	case OPT_CA_FILE:
		cli->ca_file = arg;
		return 0;
	case OPT_CERT_DAYS:
		if (number("--cert-days", arg, 0, 36500, &v) != 0)
			return -1;
		cli->cert_days = (unsigned)v;
		return 0;
	case OPT_THREADS:
		if (number("--threads", arg, 1, 64, &v) != 0)
			return -1;
		cli->threads = (unsigned)v;
		return 0;
	case OPT_TIMEOUT:
		return seconds("--timeout", arg, 0.1, 300, &cli->timeout_ms);
	case OPT_TRIES:
		if (number("--tries", arg, 1, 10, &v) != 0)
			return -1;
		cli->tries = (unsigned)v;
		return 0;
	case OPT_TTL_MAX:
		if (number("--ttl-max", arg, 0, 2147483647UL, &v) != 0)
			return -1;
		cli->ttl_max = (uint32_t)v;
		return 0;
	case OPT_TTL_MIN:
		if (number("--ttl-min", arg, 0, 2147483647UL, &v) != 0)
			return -1;
		cli->ttl_min = (uint32_t)v;
		return 0;
	case OPT_OUTPUT:
		if (*arg == '\0') {
			cli_warnx("--output: the file name is empty");
			return -1;
		}
		cli->output = arg;
		return 0;
	case OPT_SHARD:
		return parse_shard(cli, arg);
	case OPT_DNSSEC_VIA:
		if (strcmp(arg, "unbound") == 0)
			cli->dnssec_via = MX_DNSSEC_VIA_UNBOUND;
		else if (strcmp(arg, "resolver") == 0)
			cli->dnssec_via = MX_DNSSEC_VIA_RESOLVER;
		else {
			cli_warnx("--dnssec-via: '%s' is not one of unbound, "
			    "resolver", cli_shown(arg, shown, sizeof(shown)));
			return -1;
		}
		return 0;
	case OPT_NO_DNSSEC:
		cli->no_dnssec = 1;
		return 0;
	case OPT_NO_PTR:
		cli->no_ptr = 1;
		return 0;
	case OPT_NO_POLICY:
		cli->no_policy = 1;
		return 0;
	case OPT_TRUST_ANCHOR:
		cli->trust_anchor = arg;
		return 0;
	case OPT_ZONE:
		if (add_zone(cli, arg) != 0) {
			cli_warnx("out of memory");
			return -1;
		}
		return 0;
	default:
		return -1;
	}
}

/*
 * Says what getopt_long found wrong (ch ':' or '?') with the option
 * optopt (a short option's letter, a long one's value, or 0) written as
 * word.
 */
static void
bad_option(int ch, int opt, const char *word)
{
	char	shown[CLI_SHOWN_MAX], letter[2];

	if (opt > 0 && opt < 256) {
		letter[0] = (char)opt;
		letter[1] = '\0';
		cli_warnx("%s -%s", ch == ':' ? "missing argument for" :
		    "unknown option", cli_shown(letter, shown,
		    sizeof(shown)));
	} else if (ch == ':')
		cli_warnx("missing argument for '%s'",
		    cli_shown(word, shown, sizeof(shown)));
	else if (opt >= 256)
		cli_warnx("'%s': the option takes no argument",
		    cli_shown(word, shown, sizeof(shown)));
	else
		cli_warnx("unknown option '%s'",
		    cli_shown(word, shown, sizeof(shown)));
}

/*
 * @server as dig and kdig take it: a name or address, with a
 * port as "@host#port", "@[v6addr]:port" (or "#port"), "@host:port" when
 * host has no other colon; a plain IPv6 address ("@::1") has no port.
 * The port is -p's; both given and different is an error.
 */
static int
parse_server(struct cli *cli, const char *a)
{
	const char	*s = a + 1, *port = NULL, *close, *c;
	char		 shown[CLI_SHOWN_MAX];
	size_t		 n;
	unsigned long	 v;

	if (*s == '[') {
		if ((close = strchr(s, ']')) == NULL) {
			cli_warnx("@server: '%s' has no ']' after the IPv6 "
			    "address", cli_shown(a, shown, sizeof(shown)));
			return -1;
		}
		if (close[1] == ':' || close[1] == '#')
			port = close + 2;
		else if (close[1] != '\0') {
			cli_warnx("@server: '%s': after ']' comes ':PORT' or "
			    "nothing", cli_shown(a, shown, sizeof(shown)));
			return -1;
		}
		s++;
		n = (size_t)(close - s);
	} else if ((c = strchr(s, '#')) != NULL) {
		port = c + 1;
		n = (size_t)(c - s);
	} else if ((c = strchr(s, ':')) != NULL && strchr(c + 1, ':') ==
	    NULL) {
		port = c + 1;
		n = (size_t)(c - s);
	} else
		n = strlen(s);
	if (n == 0) {
		cli_warnx("@server: the server name is empty");
		return -1;
	}
	free(cli->server_buf);
	if ((cli->server_buf = strndup(s, n)) == NULL) {
		cli_warnx("out of memory");
		return -1;
	}
	cli->server = cli->server_buf;
	if (port == NULL)
		return 0;
	if (number("@server port", port, 1, 65535, &v) != 0)
		return -1;
	if (cli->port_set && cli->port != v) {
		cli_warnx("@server: port %lu and -p %u disagree; give one",
		    v, cli->port);
		return -1;
	}
	cli->port = (unsigned)v;
	cli->port_set = 1;
	return 0;
}

/* Record types dig takes as an argument: mxdig follows the MX path. */
static const char *const rr_types[] = {
	"A", "AAAA", "ANY", "AXFR", "CAA", "CDNSKEY", "CDS", "CNAME",
	"CSYNC", "DNAME", "DNSKEY", "DS", "HINFO", "HTTPS", "IXFR", "KEY",
	"LOC", "NAPTR", "NS", "NSEC", "NSEC3", "NSEC3PARAM", "NULL",
	"OPENPGPKEY", "PTR", "RP", "RRSIG", "SIG", "SMIMEA", "SOA", "SPF",
	"SRV", "SSHFP", "SVCB", "TLSA", "TXT", "URI", "ZONEMD", NULL
};

/*
 * the words of a dig command line.  Returns 1 when a was one
 * and is taken (MX, IN: ignored with a note; +short), -1 after a usage
 * message (another type or class, another +option), 0 when a is no such
 * word.
 */
static int
dig_habit(struct cli *cli, const char *a)
{
	char	shown[CLI_SHOWN_MAX];
	size_t	i;

	if (a[0] == '+') {
		if (strcmp(a, "+short") == 0) {
			cli->short_out = 1;
			return 1;
		}
		if (strcmp(a, "+tcp") == 0 || strcmp(a, "+vc") == 0)
			cli_warnx("'%s' is dig's; mxdig's is --tcp", a);
		else if (strncmp(a, "+time=", 6) == 0)
			cli_warnx("'%s' is dig's; mxdig's is --timeout "
			    "SECONDS", cli_shown(a, shown, sizeof(shown)));
		else if (strncmp(a, "+tries=", 7) == 0 ||
		    strncmp(a, "+retry=", 7) == 0)
			cli_warnx("'%s' is dig's; mxdig's is --tries N",
			    cli_shown(a, shown, sizeof(shown)));
		else if (strcmp(a, "+json") == 0)
			cli_warnx("'%s' is kdig's; mxdig's is --format json",
			    a);
		else
			cli_warnx("'%s' is a dig query option: mxdig has no "
			    "+options but +short (--short); it always follows "
			    "the whole delivery path (MX, CNAME, A/AAAA of "
			    "every exchange) -- see mxdig --help",
			    cli_shown(a, shown, sizeof(shown)));
		return -1;
	}
	if (strcasecmp(a, "MX") == 0 || strcasecmp(a, "IN") == 0) {
		/* a note, not a warning: not the nagios line's message */
		fprintf(stderr, "mxdig: note: '%s' ignored: mxdig always "
		    "looks up MX, then the address of every exchange\n", a);
		return 1;
	}
	if (strcasecmp(a, "CH") == 0 || strcasecmp(a, "HS") == 0) {
		cli_warnx("'%s' is a DNS class: mxdig checks mail delivery in "
		    "class IN only", a);
		return -1;
	}
	for (i = 0; rr_types[i] != NULL; i++)
		if (strcasecmp(a, rr_types[i]) == 0) {
			cli_warnx("'%s' is a record type: mxdig checks mail "
			    "delivery (MX, then A/AAAA of every exchange) and "
			    "takes no type; for %s records use dig", a,
			    rr_types[i]);
			return -1;
		}
	if ((a[0] == 'T' || a[0] == 't') && (a[1] == 'Y' || a[1] == 'y') &&
	    (a[2] == 'P' || a[2] == 'p') && (a[3] == 'E' || a[3] == 'e') &&
	    a[4] >= '0' && a[4] <= '9') {
		cli_warnx("'%s' is a record type: mxdig checks mail delivery "
		    "and takes no type; use dig", cli_shown(a, shown,
		    sizeof(shown)));
		return -1;
	}
	return 0;
}

/* *a as the domain to check (cli_domain), kept in cli. */
static int
domain_word(struct cli *cli, char **a)
{
	char	*out, why[512], note[512], **nb;

	if (cli_domain(*a, &out, why, sizeof(why), note, sizeof(note)) !=
	    0) {
		cli_warnx("%s", why);
		return -1;
	}
	if (note[0] != '\0')
		fprintf(stderr, "mxdig: note: %s\n", note);
	if ((nb = realloc(cli->domain_bufs, (cli->ndomain_bufs + 1) *
	    sizeof(*nb))) == NULL) {
		free(out);
		cli_warnx("out of memory");
		return -1;
	}
	cli->domain_bufs = nb;
	nb[cli->ndomain_bufs++] = out;
	*a = out;
	return 0;
}

static int parse_words(struct cli *, int, char *[]);

int
cli_parse(struct cli *cli, int argc, char *argv[])
{
	char	**av;
	int	  i, rc;

	av = calloc((size_t)argc + 1, sizeof(*av));
	stdin_words = calloc((size_t)argc + 1, sizeof(*stdin_words));
	nstdin_words = 0;
	if (av == NULL || stdin_words == NULL) {
		free(av);
		free(stdin_words);
		stdin_words = NULL;
		memset(cli, 0, sizeof(*cli));
		cli_warnx("out of memory");
		return -1;
	}
	for (i = 0; i < argc; i++) {
		av[i] = argv[i];
		if (i > 0 && strncmp(argv[i], "-:", 2) == 0) {
			stdin_words[nstdin_words++] = argv[i];
			av[i] = argv[i] + 1;
		}
	}
	rc = parse_words(cli, argc, av);
	free(av);
	free(stdin_words);
	stdin_words = NULL;
	nstdin_words = 0;
	return rc;
}

/* cli_parse, with the words "-:ORIGIN" one byte on (stdin_word). */
static int
parse_words(struct cli *cli, int argc, char *argv[])
{
	int	 ch, color_mode = -1, first = 1;
	size_t	 i;
	char	**na;
	const char *nc;

	memset(cli, 0, sizeof(*cli));
	cli->mode = MODE_CHECK;
	cli->timeout_ms = 5000;
	cli->tries = 2;
	cli->port = 53;
	cli->concurrency = 100;
	cli->progress = -1;
	cli->ttl_min = 300;
	cli->sig_days = 7;
	cli->ttl_max = 604800;
	cli->smtp_timeout_ms = 30000;
	cli->smtp_concurrency = 20;
	cli->cert_days = 14;
	if (exact_long_options(argc, argv) != 0)
		goto usage;
	opterr = 0;
	/* from the start, also when called again (the fuzz target does):
	 * glibc's getopt restarts its scan only when optind is 0 */
#ifdef __GLIBC__
	optind = 0;
#else
	optind = 1;
#endif
	/* the leading ':' tells a missing argument (':') from an unknown
	 * option ('?') */
	while ((ch = getopt_long(argc, argv, ":46f:hp:V", longopts,
	    NULL)) != -1) {
		if (ch == ':' || ch == '?') {
			bad_option(ch, optopt, argv[optind - 1]);
			goto usage;
		}
		if (parse_option(cli, ch, stdin_word(optarg),
		    &color_mode) != 0)
			goto usage;
	}
	for (; optind < argc; optind++) {
		char *a = stdin_word(argv[optind]);

		if (first && cli->mode == MODE_CHECK &&
		    strcmp(a, "lint") == 0) {
			cli->mode = MODE_LINT;
			first = 0;
			continue;
		}
		if (first && cli->mode == MODE_CHECK &&
		    strcmp(a, "diff") == 0) {
			cli->mode = MODE_DIFF;
			first = 0;
			continue;
		}
		first = 0;
		if (a[0] == '@' && (cli->mode == MODE_CHECK ||
		    cli->mode == MODE_LINT)) {
			if (parse_server(cli, a) != 0)
				goto usage;
			continue;
		}
		/* dig's words, and what a domain is typed as */
		if (cli->mode == MODE_CHECK) {
			int dh = dig_habit(cli, a);

			if (dh < 0)
				goto usage;
			if (dh > 0)
				continue;
			if (domain_word(cli, &a) != 0)
				goto usage;
		}
		if ((na = realloc(cli->args, (cli->nargs + 1) *
		    sizeof(*cli->args))) == NULL)
			goto nomem;
		cli->args = na;
		cli->args[cli->nargs++] = a;
	}
	if (cli->mode == MODE_LINT && cli->nargs == 0 && cli->nzones == 0) {
		cli_warnx("lint: name at least one zone file");
		goto usage;
	}
	if (cli->mode == MODE_DIFF && cli->nargs != 2) {
		cli_warnx("diff: name exactly two zone files, old and new");
		goto usage;
	}
	/* the file arguments of lint are zones like --zone's; diff's are
	 * its two sides */
	for (i = 0; cli->mode == MODE_LINT && i < cli->nargs; i++)
		if (add_zone(cli, cli->args[i]) != 0)
			goto nomem;
	if (cli->mode == MODE_LINT)
		cli->nargs = 0;
	for (i = 0; cli->mode == MODE_DIFF && i < 2; i++)
		if (split_zone_arg(cli->args[i], &cli->diff[i]) != 0)
			goto nomem;
	if (cli->mode == MODE_CHECK && cli->nargs == 0 &&
	    cli->list_file == NULL) {
		cli_warnx("name a domain to check, or -f FILE");
		goto usage;
	}
	if (cli->ttl_min > cli->ttl_max) {
		cli_warnx("--ttl-min %u is above --ttl-max %u", cli->ttl_min,
		    cli->ttl_max);
		goto usage;
	}
	/* after lint's default (gcc), which --short does not change */
	if (!cli->format_set && (cli->mode == MODE_LINT))
		cli->format = FMT_GCC;
	if (cli->short_out && cli->format != FMT_TEXT) {
		cli_warnx("--short goes with the text format only%s",
		    cli->format_set ? "" : " (lint writes gcc lines unless "
		    "--format text)");
		goto usage;
	}
	/* what each mode can write */
	if ((cli->mode == MODE_LIST || cli->mode == MODE_EXPLAIN) &&
	    cli->format != FMT_TEXT && cli->format != FMT_JSON) {
		cli_warnx("%s writes text or json only (--format json)",
		    cli->mode == MODE_LIST ? "--list-checks" : "--explain");
		goto usage;
	}
	if (cli->format == FMT_OPENMETRICS && cli->mode == MODE_DIFF) {
		cli_warnx("diff: --format openmetrics describes checked "
		    "domains, not changes; use sarif, json or gcc");
		goto usage;
	}
	if (cli->shard_n != 0 && cli->mode != MODE_CHECK) {
		cli_warnx("--shard splits the domains of a check, not lint "
		    "or diff");
		goto usage;
	}
	nc = getenv("NO_COLOR");
	if (color_mode == -1)
		/* --output's file is no terminal, whatever stdout is */
		cli->color = cli->output == NULL &&
		    isatty(STDOUT_FILENO) && (nc == NULL ||
		    *nc == '\0') && getenv("TERM") != NULL &&
		    strcmp(getenv("TERM"), "dumb") != 0;
	else
		cli->color = color_mode;
	/* a progress line on the terminal, unless the results go there */
	if (cli->progress == -1)
		cli->progress = isatty(STDERR_FILENO) &&
		    !isatty(STDOUT_FILENO) && getenv("TERM") != NULL &&
		    strcmp(getenv("TERM"), "dumb") != 0;
	return 0;
nomem:
	cli_warnx("out of memory");
	cli_free(cli);
	return -1;
usage:
	cli_usage(stderr);
	cli_free(cli);
	return -1;
}

void
cli_free(struct cli *cli)
{
	size_t i;

	for (i = 0; i < cli->nzones; i++) {
		free(cli->zones[i].file);
		free(cli->zones[i].origin);
	}
	free(cli->zones);
	for (i = 0; i < 2; i++) {
		free(cli->diff[i].file);
		free(cli->diff[i].origin);
	}
	free(cli->args);
	free(cli->server_buf);
	for (i = 0; i < cli->ndomain_bufs; i++)
		free(cli->domain_bufs[i]);
	free(cli->domain_bufs);
	free(cli->routable);
	free(cli->ignore);
	for (i = 0; i < cli->nignore_bufs; i++)
		free(cli->ignore_bufs[i]);
	free(cli->ignore_bufs);
	memset(cli, 0, sizeof(*cli));
}

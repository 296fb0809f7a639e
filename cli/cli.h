/*
 * cli.h -- the mxdig command: options, run.
 */
#ifndef MXDIG_CLI_H
#define MXDIG_CLI_H

#include <stdarg.h>
#include <stddef.h>

#include "mxdig.h"

/* Exit status (Nagios-compatible). */
#define EXIT_OK		0
#define EXIT_WARNING	1
#define EXIT_ERROR	2
#define EXIT_UNKNOWN	3

enum mode { MODE_CHECK, MODE_LINT, MODE_DIFF, MODE_LIST, MODE_EXPLAIN,
	MODE_HELP, MODE_VERSION };
enum format { FMT_TEXT, FMT_JSON, FMT_JSONL, FMT_GCC, FMT_GITHUB,
	FMT_NAGIOS, FMT_OPENMETRICS, FMT_SARIF };
enum fail_on { FAIL_WARNING, FAIL_ERROR, FAIL_NEVER };

struct zone_arg {
	char	*file;
	char	*origin;	/* NULL: $ORIGIN or SOA */
};

/* Everything the command line says; options.c fills it, run.c reads it. */
struct cli {
	enum mode	 mode;
	enum format	 format;
	int		 format_set;
	int		 short_out;
	int		 color;		/* resolved: 1 on, 0 off */
	enum fail_on	 fail_on;
	struct zone_arg	*zones;		/* --zone, and lint's files */
	size_t		 nzones;
	struct zone_arg	 diff[2];	/* diff: old and new */
	int		 live;
	const char	*server;
	unsigned	 port;
	int		 family;	/* 0, 4 or 6 */
	int		 tcp;
	int		 no_additional;	/* --no-additional */
	unsigned	 timeout_ms;
	unsigned	 tries;
	unsigned	 deadline_ms;	/* --deadline; 0: none */
	const char	*resolv_conf;
	const char	*list_file;
	unsigned	 concurrency;
	unsigned	 threads;	/* --threads; 0: one per core */
	size_t		 cache_size;	/* --cache-size */
	int		 cache_set;
	int		 progress;	/* resolved: 1 on, 0 off */
	const char	**ignore;
	size_t		 nignore;
	const char	*explain;
	uint32_t	 ttl_min, ttl_max;
	unsigned	 sig_days;	/* --sig-days */
	char		**args;		/* domains, or files for lint/diff */
	size_t		 nargs;
	char		**ignore_bufs;
	size_t		 nignore_bufs;
	/* the authority layer */
	int		 no_auth;	/* --no-auth */
	const char	**routable;	/* --routable, as written */
	size_t		 nroutable;
	/* --output, --shard */
	const char	*output;	/* --output FILE, or NULL: stdout */
	unsigned	 shard_k, shard_n;	/* --shard K/N; 0/0: all */
	/* --smtp */
	int		 smtp;
	const char	*helo;		/* NULL: the machine's name */
	unsigned	 smtp_timeout_ms;
	unsigned	 smtp_concurrency;
	const char	*ca_file;
	unsigned	 cert_days;
	/* the DNSSEC and reverse layers */
	int		 no_dnssec;	/* --no-dnssec */
	int		 no_ptr;	/* --no-ptr */
	int		 no_policy;	/* --no-policy */
	int		 dnssec_via;	/* --dnssec-via: enum mx_dnssec_via */
	const char	*trust_anchor;	/* --trust-anchor */
	/* -p given; what cli_free releases */
	int		 port_set;
	char		*server_buf;	/* @server without brackets/port */
	char		**domain_bufs;	/* domains converted from args */
	size_t		 ndomain_bufs;
};

/* Parses argv into cli; returns -1 after a usage message on stderr, 0 on
 * success. */
int cli_parse(struct cli *cli, int argc, char *argv[]);
void cli_free(struct cli *cli);
void cli_usage(FILE *out);

/* Runs what cli says; returns the exit status. */
int cli_run(const struct cli *cli);

/* s for a message, in buf of size bytes, escaped as mx_escape_buf does
 * (every byte outside printable ASCII as \DDD, the backslash as \\), cut
 * with "..." when it does not fit.  Returns buf. */
#define CLI_SHOWN_MAX	128
const char *cli_shown(const char *s, char *buf, size_t size);

/* where the output goes and how the run ends (output.c).
 * output_begin points standard output at --output's temporary file (-1
 * after a message); output_finish writes the nagios line for the exit
 * status rc, checks standard output, moves --output's file into place
 * and returns the exit status; output_nagios_asked scans argv
 * for --format nagios, for a command line that does not parse. */
int output_begin(const struct cli *cli);
int output_finish(const struct cli *cli, int rc);
/* The first message cli_warnx wrote in this run, or "". */
const char *cli_first_warning(void);
void output_nagios_asked(int argc, char *argv[]);
/* 1 when domain falls in shard cli->shard_k of cli->shard_n (always
 * without --shard). */
int shard_mine(const struct cli *cli, const char *domain);

/* printf to stderr with the program name in front. */
void cli_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_vwarnx(const char *fmt, va_list ap)
    __attribute__((format(printf, 1, 0)));

/* arg as the domain to check (domain.c): the domain after the
 * last '@' of an address (with a note in note), a Unicode name as its
 * A-label (libidn2, IDNA 2008 non-transitional).  Returns 0 and *out
 * (allocated), or -1 with the reason in why (URLs, names libidn2 refuses,
 * nothing after '@').  Messages have arg's bytes escaped. */
int cli_domain(const char *arg, char **out, char *why, size_t whysize,
    char *note, size_t notesize);

#endif

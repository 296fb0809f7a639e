/*
 * output.h -- the CLI's modes and where their results go; internal to the
 * command.
 */
#ifndef MXDIG_CLI_OUTPUT_H
#define MXDIG_CLI_OUTPUT_H

#include "cli.h"

/* A finding kept for sorting (lint) or comparing (diff). */
struct kept {
	char			*key;
	char			*domain;	/* sarif: the finding's, or
						 * NULL */
	struct mx_finding	 f;
	size_t			 order;
};

/* Where results go. */
struct sink {
	const struct cli	*cli;
	size_t			 njson;		/* --format json: documents
						 * in the array so far */
	size_t			 ndomains;
	size_t			 by_verdict[5];
	enum mx_verdict		 worst;		/* of all, info as ok */
	char			*worst_line;	/* for nagios */
	size_t			 hosts, usable;
	size_t			 counts[3];	/* findings by severity */
	double			 elapsed_ms;
	int			 lint;		/* collect findings */
	struct kept		*kept;
	size_t			 nkept, capkept;
	struct mx_map		*seen;		/* lint: printed already */
	int			 io_error;
	int			 incomplete;	/* a result lacks findings that
						 * could not be recorded */
	double			 start_ms;	/* monotonic */
	int			 live;		/* a live source flushes */
	char			*stats;		/* for the summary, or NULL */
	struct mx_metrics_domain *metrics;	/* openmetrics: every domain
						 * (its name allocated) */
	size_t			 nmetrics, capmetrics;
};

/* One value of Nagios perfdata: label=VALUE[UOM];;;0. */
struct perf {
	const char	*label;
	double		 value;
	int		 decimals;	/* digits after the point */
	const char	*uom;		/* unit, or NULL */
};

/* Sets the Nagios status line's summary and perfdata, for worst (the
 * verdict it describes); output_finish writes it with the word of the
 * exit status: "MX WORD - summary | 'label'=value[uom];;;0 ...". */
void nagios_line(FILE *out, enum mx_verdict worst, const char *summary,
    const struct perf *perf, size_t nperf);
/* Adds one line of Nagios long output (a finding), written after the
 * status line; past NAGIOS_LONG_MAX lines they are only counted. */
#define NAGIOS_LONG_MAX	500
void nagios_long(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* nagios_long for each warning and error finding: "severity: [domain:
 * ][file:line: ]message [check]". */
void nagios_findings(const char *domain, const struct mx_finding *f,
    size_t n);
/* Keeps copies of n findings, of domain (NULL: none, as in diff), for
 * the SARIF log sarif_write writes. */
void sarif_keep(const struct mx_finding *f, size_t n, const char *domain);
/* Writes the kept findings as SARIF to standard output; returns
 * MX_OK or why not. */
mx_status sarif_write(unsigned flags);
/* The exit status for the worst verdict of a run, honouring --fail-on. */
int exit_status(const struct cli *cli, enum mx_verdict worst);

/* Monotonic milliseconds. */
double now_ms(void);

/* Opens the sink for cli (lint: findings sorted at the end); -1 when out
 * of memory. */
int sink_open(struct sink *s, const struct cli *cli, int lint);
/* Renders one result and counts it. */
void sink_result(struct sink *s, struct mx_result *r);
/* Zone-level findings: zone-syntax, and with all the others too. */
void sink_zone(struct sink *s, const mx_zone *z, int all);
/* Ends the output; returns the exit status. */
int sink_close(struct sink *s);
void sink_free(struct sink *s);

/* Loads every zone named by cli (--zone, and lint's files); -1 after a
 * message. */
int load_zones(const struct cli *cli, mx_zone **out);
/* The name standard input has in findings and messages, as -f - names
 * it. */
#define STDIN_NAME	"(stdin)"
/* Loads the zone of za into z: "-" is standard input; a file that does
 * not exist is, when absent_ok (diff's old side), no zone at all (*absent
 * set, a note on stderr).  -1 after a message. */
int load_zone_arg(mx_zone *z, const struct zone_arg *za, int absent_ok,
    int *absent);
/* -1 after a message when cli names standard input more than once (zone
 * files, diff's sides, -f). */
int stdin_once(const struct cli *cli);
/* The options of a check run (lint: the zone-file checks too); NULL
 * after a message. */
mx_options *make_options(const struct cli *cli, const mx_zone *z,
    int lint);
/* The threads that check domains: --threads, or one per core up to 4. */
unsigned cli_threads(const struct cli *cli);
/* The source the options ask for; a live one is one of nworkers. */
int make_source(const struct cli *cli, mx_zone *z, mx_source **src,
    unsigned nworkers);

int list_checks(const struct cli *cli);
int explain(const struct cli *cli, const char *name);
int run_check(const struct cli *cli);
int run_lint(const struct cli *cli);
int run_diff(const struct cli *cli);

#endif

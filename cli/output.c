/*
 * output.c -- where results go: every renderer the user can ask for, the
 * verdicts counted for the nagios line and the summary, lint's sorted
 * findings, and the exit status.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "output.h"
#include "util.h"

/* The verdict as Nagios and the exit status see it: info is ok. */
static enum mx_verdict
reported(enum mx_verdict v)
{
	return v == MX_VERDICT_INFO ? MX_VERDICT_OK : v;
}

/* The one mapping of --fail-on to the library's. */
static enum mx_fail_on
fail_on(const struct cli *cli)
{
	switch (cli->fail_on) {
	case FAIL_ERROR:	return MX_FAIL_ON_ERROR;
	case FAIL_NEVER:	return MX_FAIL_ON_NEVER;
	case FAIL_WARNING:	break;
	}
	return MX_FAIL_ON_WARNING;
}

int
exit_status(const struct cli *cli, enum mx_verdict worst)
{
	return mx_exit_status(worst, fail_on(cli));
}

/*
 * How the run ends: the Nagios line, written last with the word
 * of the exit status itself, so that the two never disagree; and
 * --output's temporary file, moved into place only when everything was
 * written.
 */
static struct {
	int		 nagios;	/* --format nagios asked */
	int		 set;		/* a summary was set */
	enum mx_verdict	 worst;		/* the verdict it describes */
	char		*summary;
	struct perf	 perf[8];
	size_t		 nperf;
	char		**lines;	/* long output */
	size_t		 nlines, caplines, more;
	char		 failure[256];	/* replaces the first warning */
	char		*tmp;		/* --output: the temporary file */
	int		 saved_stdout;	/* the real one, while tmp is it */
} fin = { .saved_stdout = -1 };

void
output_nagios_asked(int argc, char *argv[])
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--format") == 0 && i + 1 < argc)
			fin.nagios = strcmp(argv[++i], "nagios") == 0;
		else if (strncmp(argv[i], "--format=", 9) == 0)
			fin.nagios = strcmp(argv[i] + 9, "nagios") == 0;
	}
}

/* Nagios' word for an exit status (plugin guidelines: 0 OK, 1 WARNING,
 * 2 CRITICAL, 3 UNKNOWN). */
static const char *
nagios_word(int rc)
{
	switch (rc) {
	case EXIT_OK:		return "OK";
	case EXIT_WARNING:	return "WARNING";
	case EXIT_ERROR:	return "CRITICAL";
	default:		return "UNKNOWN";
	}
}

/*
 * Text for the plugin output: a '|' would start perfdata and a control
 * byte (a newline) a line of its own, so both are written \DDD, as DNS
 * names escape bytes.  Names reach here in presentation form already.
 */
static void
nagios_text(FILE *out, const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '|' || *p < 0x20 || *p == 0x7f)
			fprintf(out, "\\%03u", *p);
		else
			fputc(*p, out);
	}
}

/* A perfdata label as the plugin guidelines' grammar has it: always in
 * single quotes, a quote doubled; '=' and '|' are then part of it, and
 * a control byte is written \DDD. */
static void
perf_label(FILE *out, const char *label)
{
	const unsigned char *p;

	fputc('\'', out);
	for (p = (const unsigned char *)label; *p; p++) {
		if (*p == '\'')
			fputc('\'', out);
		if (*p < 0x20 || *p == 0x7f)
			fprintf(out, "\\%03u", *p);
		else
			fputc(*p, out);
	}
	fputc('\'', out);
}

void
nagios_line(FILE *out, enum mx_verdict worst, const char *summary,
    const struct perf *perf, size_t nperf)
{
	(void)out;
	free(fin.summary);
	fin.summary = mx_strdup(summary);
	fin.set = 1;
	fin.worst = worst;
	if (nperf > sizeof(fin.perf) / sizeof(fin.perf[0]))
		nperf = sizeof(fin.perf) / sizeof(fin.perf[0]);
	memcpy(fin.perf, perf, nperf * sizeof(*perf));
	fin.nperf = nperf;
}

void
nagios_long(const char *fmt, ...)
{
	va_list	  ap;
	char	 *line, **slot, buf[1024];

	if (fin.nlines >= NAGIOS_LONG_MAX) {
		fin.more++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	line = mx_strdup(buf);
	if (line == NULL || (slot = mx_vec_push(&fin.lines, &fin.nlines,
	    &fin.caplines, sizeof(*slot))) == NULL) {
		free(line);
		fin.more++;
		return;
	}
	*slot = line;
}

void
nagios_findings(const char *domain, const struct mx_finding *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char where[300] = "";

		/* what Nagios alerts on: info findings are no problem */
		if (f[i].severity == MX_SEV_INFO)
			continue;
		if (f[i].file != NULL)
			snprintf(where, sizeof(where), "%.280s:%lu: ",
			    f[i].file, f[i].line);
		nagios_long("%s: %s%s%s%s [%s]",
		    mx_severity_name(f[i].severity), domain ? domain : "",
		    domain ? ": " : "", where, f[i].message, f[i].check);
	}
}

/* Writes the Nagios output for exit status rc: the status line, its
 * summary the one set (preceded, when rc says "could not check" and the
 * summary does not, by the first message of the run), then the long
 * output. */
static void
nagios_write(FILE *out, int rc)
{
	const char	*summary = fin.summary;
	const char	*first_warning = fin.failure[0] ? fin.failure :
			    cli_first_warning();
	size_t		 i;

	fprintf(out, "MX %s - ", nagios_word(rc));
	if (!fin.set || summary == NULL) {
		nagios_text(out, first_warning[0] ? first_warning :
		    "mxdig could not check");
	} else {
		if (rc == EXIT_UNKNOWN && fin.worst != MX_VERDICT_UNKNOWN &&
		    first_warning[0]) {
			nagios_text(out, first_warning);
			fputs("; ", out);
		}
		nagios_text(out, summary);
	}
	if (fin.nperf > 0)
		fputs(" |", out);
	for (i = 0; i < fin.nperf; i++) {
		fputc(' ', out);
		perf_label(out, fin.perf[i].label);
		fprintf(out, "=%.*f%s;;;0", fin.perf[i].decimals,
		    fin.perf[i].value, fin.perf[i].uom ? fin.perf[i].uom : "");
	}
	fputc('\n', out);
	for (i = 0; i < fin.nlines; i++) {
		nagios_text(out, fin.lines[i]);
		fputc('\n', out);
	}
	if (fin.more > 0)
		fprintf(out, "... and %zu more\n", fin.more);
}

int
output_begin(const struct cli *cli)
{
	mode_t	mask;
	int	fd;

	/* --help and --version print what they print, nothing else */
	fin.nagios = cli->format == FMT_NAGIOS && cli->mode != MODE_HELP &&
	    cli->mode != MODE_VERSION;
	if (cli->output == NULL)
		return 0;
	/* in the same directory, so that rename(2) replaces the file in
	 * one step; a name the textfile collector skips (*.prom only) */
	if ((fin.tmp = mx_asprintf("%s.XXXXXX", cli->output)) == NULL) {
		cli_warnx("out of memory");
		return -1;
	}
	if ((fd = mkstemp(fin.tmp)) == -1) {
		char shown[CLI_SHOWN_MAX];

		cli_warnx("--output %s: cannot create a file beside it: %s",
		    cli_shown(cli->output, shown, sizeof(shown)),
		    strerror(errno));
		free(fin.tmp);
		fin.tmp = NULL;
		return -1;
	}
	/* mkstemp makes it 0600; the file gets the mode a new file would */
	mask = umask(0);
	umask(mask);
	(void)fchmod(fd, 0666 & ~mask);
	fflush(stdout);
	if ((fin.saved_stdout = dup(STDOUT_FILENO)) == -1 ||
	    dup2(fd, STDOUT_FILENO) == -1) {
		cli_warnx("--output: %s", strerror(errno));
		close(fd);
		unlink(fin.tmp);
		free(fin.tmp);
		fin.tmp = NULL;
		return -1;
	}
	close(fd);
	return 0;
}

/* Gives standard output back to what it was before --output. */
static void
restore_stdout(void)
{
	if (fin.saved_stdout == -1)
		return;
	dup2(fin.saved_stdout, STDOUT_FILENO);
	close(fin.saved_stdout);
	fin.saved_stdout = -1;
	clearerr(stdout);
}

int
output_finish(const struct cli *cli, int rc)
{
	char	shown[CLI_SHOWN_MAX];
	size_t	i;
	int	failed = 0;

	if (fin.nagios)
		nagios_write(stdout, rc);
	if (fflush(stdout) != 0 || ferror(stdout))
		failed = 1;
	if (fin.tmp != NULL) {
		const char *out = cli_shown(cli->output, shown,
		    sizeof(shown));

		/* on disk before the name points at it */
		if (failed)
			cli_warnx("--output %s: writing failed: %s; the file "
			    "is left as it was", out, strerror(errno));
		else if (fsync(STDOUT_FILENO) != 0) {
			cli_warnx("--output %s: fsync failed: %s; the file "
			    "is left as it was", out, strerror(errno));
			failed = 1;
		} else if (rename(fin.tmp, cli->output) != 0) {
			cli_warnx("--output %s: cannot replace it: %s; the "
			    "file is left as it was", out, strerror(errno));
			failed = 1;
		}
		restore_stdout();
		if (failed)
			unlink(fin.tmp);
		free(fin.tmp);
		fin.tmp = NULL;
		if (failed && fin.nagios) {
			/* the plugin's line then goes where Nagios reads */
			fin.set = 0;
			fin.nperf = 0;
			snprintf(fin.failure, sizeof(fin.failure),
			    "--output %s: not written", out);
			for (i = 0; i < fin.nlines; i++)
				free(fin.lines[i]);
			fin.nlines = fin.more = 0;
			nagios_write(stdout, EXIT_UNKNOWN);
			fflush(stdout);
		}
	} else if (failed)
		cli_warnx("error writing to standard output");
	for (i = 0; i < fin.nlines; i++)
		free(fin.lines[i]);
	free(fin.lines);
	free(fin.summary);
	fin.lines = NULL;
	fin.summary = NULL;
	return failed ? EXIT_UNKNOWN : rc;
}

int
shard_mine(const struct cli *cli, const char *domain)
{
	const unsigned char	*p;
	uint32_t		 h = 2166136261u;
	size_t			 n = strlen(domain);

	if (cli->shard_n == 0)
		return 1;
	/* FNV-1a, 32 bits, of the name lowercased (ASCII letters only:
	 * escapes stay as written) with one trailing dot; documented in
	 * mxdig(1) and never to change */
	for (p = (const unsigned char *)domain; *p; p++)
		h = (h ^ (uint32_t)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p)) *
		    16777619u;
	if (n == 0 || domain[n - 1] != '.')
		h = (h ^ (uint32_t)'.') * 16777619u;
	return h % cli->shard_n + 1 == cli->shard_k;
}

double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Keeps a copy of a finding (lint output is sorted by file and line, and
 * one finding reached from several owners is printed once). */
static void
keep_finding(struct sink *s, const struct mx_finding *f, const char *domain)
{
	struct kept	*k;
	char		*key;

	key = mx_asprintf("%s:%s:%lu:%s:%s:%s", domain ? domain : "",
	    f->file ? f->file : "", f->line, f->check,
	    f->subject ? f->subject : "", f->message);
	if (key == NULL)
		return;
	if (mx_map_get(s->seen, key) != NULL) {
		free(key);
		return;
	}
	if (mx_map_put(s->seen, key, s) != MX_OK ||
	    (k = mx_vec_push(&s->kept, &s->nkept, &s->capkept,
	    sizeof(*k))) == NULL) {
		free(key);
		return;
	}
	k->key = key;
	k->domain = domain ? mx_strdup(domain) : NULL;
	k->f = *f;
	k->f.subject = mx_strdup(f->subject);
	k->f.message = mx_strdup(f->message);
	k->order = s->nkept;
}

/* The name of a record type a failure names. */
static const char *
lookup_type(uint16_t type)
{
	return type == MX_TYPE_MX ? "MX" : type == MX_TYPE_A ? "A" :
	    type == MX_TYPE_AAAA ? "AAAA" : type == MX_TYPE_CNAME ? "CNAME" :
	    "lookup";
}

/* The one-line summary of a result for nagios: its worst finding. */
static char *
summary_line(const struct mx_result *r)
{
	const struct mx_finding	*w = NULL;
	size_t			 i, n = r->nfindings;

	for (i = 0; i < n; i++)
		if (w == NULL || r->findings[i].severity > w->severity)
			w = &r->findings[i];
	if (r->verdict == MX_VERDICT_UNKNOWN && (w == NULL ||
	    w->severity < MX_SEV_ERROR)) {
		const struct mx_failure *fl = r->nfailures ? &r->failures[0] :
		    NULL;

		if (r->mx_rcode == MX_ANSWER_OUT_OF_ZONE || fl == NULL)
			return mx_asprintf("%s: %s", r->domain,
			    r->mx_rcode == MX_ANSWER_OUT_OF_ZONE ?
			    "outside every loaded zone" :
			    "a lookup timed out");
		/* what was still waiting (--deadline) or got no answer */
		return mx_asprintf("%s: a lookup timed out: %s %s (%s)%s",
		    r->domain, fl->name, lookup_type(fl->type), fl->detail ?
		    fl->detail : mx_rcode_name(fl->rcode), r->nfailures > 1 ?
		    " and more" : "");
	}
	if (w == NULL || w->severity == MX_SEV_INFO) {
		size_t usable = 0;

		for (i = 0; i < r->nhosts; i++)
			usable += r->hosts[i].usable;
		return mx_asprintf("%s: %zu host%s, %zu usable", r->domain,
		    r->nhosts, r->nhosts == 1 ? "" : "s", usable);
	}
	return mx_asprintf("%s: %s [%s]%s", r->domain, w->message, w->check,
	    r->counts[MX_SEV_ERROR] + r->counts[MX_SEV_WARNING] > 1 ?
	    " and more (long output)" : "");
}

/* Counts verdict v; the line for nagios is line, or r's summary when
 * line is NULL, written only when it is the first of the worst. */
static void
note_verdict(struct sink *s, enum mx_verdict v, const struct mx_result *r,
    const char *line)
{
	enum mx_verdict rv = reported(v);

	s->by_verdict[v]++;
	if (s->worst_line == NULL ||
	    mx_verdict_rank(rv) > mx_verdict_rank(s->worst)) {
		free(s->worst_line);
		s->worst_line = line ? mx_strdup(line) : summary_line(r);
	}
	s->worst = mx_verdict_worst(s->worst, rv);
}

/* Notes how writing what concerns what went: a document that could not
 * be made is said on stderr and fails the run; an output error is seen
 * by ferror. */
static void
written(struct sink *s, const char *what, mx_status st)
{
	if (st == MX_OK || st == MX_ERR_IO)
		return;
	cli_warnx("%s: the output could not be written (%s)", what,
	    mx_strerror(st));
	s->incomplete = 1;
}

/*
 * --short: the library's lines (PREF EXCHANGE ADDRESS...), each prefixed
 * with the domain when several are checked (-f, or more than one domain
 * named), so that the lines of a batch say whose they are and grep or awk
 * can pick one domain's.  A -f list always gets the prefix, whatever
 * number of names it holds: a script reading it need not count them.
 */
static mx_status
write_short(const struct cli *cli, const struct mx_result *r)
{
	FILE		*mem;
	char		*buf = NULL;
	const char	*p, *end, *nl;
	size_t		 len = 0;
	mx_status	 st;

	if (cli->list_file == NULL && cli->nargs <= 1)
		return mx_format_short(stdout, r);
	if ((mem = open_memstream(&buf, &len)) == NULL)
		return MX_ERR_NOMEM;
	st = mx_format_short(mem, r);
	if (fclose(mem) != 0 && st == MX_OK)
		st = MX_ERR_NOMEM;
	end = buf + len;
	for (p = buf; st == MX_OK && p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		printf("%s %.*s\n", r->domain, (int)(nl - p), p);
	}
	free(buf);
	return st;
}

/* --smtp: the leaf certificate of every address of r's path that presented
 * one, copied into m (the result is freed long before the metrics are
 * written, at the end of the run).  What was copied stays in m, to be
 * freed with it, when memory runs out. */
static mx_status
metrics_certs(struct mx_metrics_domain *m, const struct mx_result *r)
{
	struct mx_metrics_cert	*certs = NULL, *c;
	size_t			 n = 0, cap = 0, i, j;
	mx_status		 st = MX_OK;

	for (i = 0; st == MX_OK && i < r->nhosts; i++) {
		const struct mx_host *h = &r->hosts[i];

		for (j = 0; st == MX_OK && j < h->naddrs; j++) {
			const struct mx_smtp *sm = h->addrs[j].smtp;

			if (sm == NULL || sm->nchain == 0)
				continue;
			if ((c = mx_vec_push(&certs, &n, &cap,
			    sizeof(*c))) == NULL ||
			    (c->exchange = mx_strdup(h->exchange)) == NULL ||
			    (c->address = mx_strdup(h->addrs[j].text)) == NULL)
				st = MX_ERR_NOMEM;
			else
				c->not_after = sm->chain[0].not_after;
		}
	}
	m->certs = certs;
	m->ncerts = n;
	return st;
}

void
sink_result(struct sink *s, struct mx_result *r)
{
	const struct cli	*cli = s->cli;
	size_t			 i;
	mx_status		 st;

	if (r->status != MX_OK) {
		cli_warnx("%s: a finding could not be recorded (%s): its "
		    "checks are incomplete", r->domain,
		    mx_strerror(r->status));
		s->incomplete = 1;
	}
	s->ndomains++;
	for (i = 0; i < r->nhosts; i++) {
		s->hosts++;
		s->usable += r->hosts[i].usable;
	}
	s->elapsed_ms += r->elapsed_ms;
	for (i = 0; i < 3; i++)
		s->counts[i] += r->counts[i];
	note_verdict(s, r->verdict, r, NULL);
	if (s->lint) {
		for (i = 0; i < r->nfindings; i++)
			keep_finding(s, &r->findings[i], NULL);
	}
	switch (cli->format) {
	case FMT_TEXT:
		if (cli->short_out)
			written(s, r->domain, write_short(cli, r));
		else {
			mx_format_text(stdout, r, cli->color ?
			    MX_TEXT_COLOR : 0);
		}
		break;
	case FMT_JSON:
		if ((st = mx_json_array_next(stdout, s->njson++,
		    MX_JSON_PRETTY)) == MX_OK)
			st = mx_format_json(stdout, r, MX_JSON_PRETTY |
			    MX_JSON_ELEMENT);
		written(s, r->domain, st);
		break;
	case FMT_JSONL:
		written(s, r->domain, mx_format_json(stdout, r, 0));
		/* with live lookups, lines are flushed whenever mxdig waits
		 * for answers (flush_output): no finished line waits on the
		 * network, and a burst of answers costs one write */
		if (!s->live)
			fflush(stdout);
		break;
	case FMT_GCC:
		if (!s->lint)
			mx_format_gcc(stdout, r->findings, r->nfindings, NULL);
		break;
	case FMT_GITHUB:
		if (!s->lint)
			mx_format_github(stdout, r->findings, r->nfindings,
			    NULL);
		break;
	case FMT_NAGIOS:
		nagios_findings(r->domain, r->findings, r->nfindings);
		for (i = 0; i < r->nfailures; i++)
			nagios_long("unknown: %s: %s %s: %s", r->domain,
			    r->failures[i].name,
			    lookup_type(r->failures[i].type),
			    r->failures[i].detail ? r->failures[i].detail :
			    mx_rcode_name(r->failures[i].rcode));
		break;
	case FMT_OPENMETRICS: {
		struct mx_metrics_domain *m;
		char *key = mx_name_key(r->domain), *om;

		/* a domain listed twice is one series: its first result */
		om = key ? mx_asprintf("om:%s", key) : NULL;
		free(key);
		if (om != NULL && mx_map_get(s->seen, om) != NULL) {
			free(om);
			break;
		}
		if (om == NULL || mx_map_put(s->seen, om, s) != MX_OK) {
			free(om);
			cli_warnx("%s: out of memory", r->domain);
			s->incomplete = 1;
			break;
		}
		free(om);
		if ((m = mx_vec_push(&s->metrics, &s->nmetrics,
		    &s->capmetrics, sizeof(*m))) == NULL ||
		    (m->domain = mx_strdup(r->domain)) == NULL) {
			cli_warnx("%s: out of memory", r->domain);
			s->incomplete = 1;
			break;
		}
		m->verdict = r->verdict;
		memcpy(m->counts, r->counts, sizeof(m->counts));
		for (i = 0; i < r->nhosts; i++) {
			m->hosts++;
			m->usable += r->hosts[i].usable != 0;
		}
		m->elapsed_ms = r->elapsed_ms;
		if (metrics_certs(m, r) != MX_OK) {
			cli_warnx("%s: out of memory", r->domain);
			s->incomplete = 1;
		}
		break;
	}
	case FMT_SARIF:
		for (i = 0; !s->lint && i < r->nfindings; i++)
			keep_finding(s, &r->findings[i], r->domain);
		break;
	}
	if (ferror(stdout))
		s->io_error = 1;
}

/* Zone-level findings (zone-syntax and the dnssec-signature- checks, and
 * for lint mx-wildcard and ttl-mismatch), through --ignore and the
 * records' inline lists. */
void
sink_zone(struct sink *s, const mx_zone *z, int all)
{
	mx_options		*opt;
	struct mx_finding	*sel = NULL;
	size_t			 n, i, nsel = 0, counts[3] = { 0, 0, 0 };
	char			*line = NULL;
	mx_status		 st;

	/* --ignore applies; the zone itself gives nothing more here */
	if ((opt = make_options(s->cli, NULL, 0)) == NULL) {
		s->incomplete = 1;
		return;
	}
	st = mx_zone_findings(z, opt, &sel, &n);
	mx_options_free(opt);
	if (st != MX_OK) {
		cli_warnx("zone files: their findings could not be recorded "
		    "(%s)", mx_strerror(st));
		s->incomplete = 1;
		return;
	}
	/* outside lint, only what keeps records from loading and the
	 * signatures on the mail paths, which validating resolvers judge
	 * (#14: as lint shows them) */
	for (i = 0; i < n; i++) {
		if (!all && strcmp(sel[i].check, "zone-syntax") != 0 &&
		    strncmp(sel[i].check, "dnssec-signature-", 17) != 0) {
			free(sel[i].subject);
			free(sel[i].message);
			continue;
		}
		sel[nsel++] = sel[i];
		counts[sel[i].severity]++;
		s->counts[sel[i].severity]++;
	}
	if (nsel == 0) {
		mx_findings_free(sel, 0);
		return;
	}
	line = mx_asprintf("%s:%lu: %s [%s]", sel[0].file, sel[0].line,
	    sel[0].message, sel[0].check);
	note_verdict(s, mx_verdict_of_counts(counts), NULL, line);
	free(line);
	if (s->lint) {
		for (i = 0; i < nsel; i++)
			keep_finding(s, &sel[i], NULL);
	}
	switch (s->cli->format) {
	case FMT_TEXT:
		if (s->cli->short_out)
			break;
		printf("Zone files:\n");
		for (i = 0; i < nsel; i++) {
			/* a file name is shown escaped, as in gcc format */
			char *ef = mx_escape_bytes(sel[i].file ?
			    sel[i].file : "-");

			printf("  %-8s%s:%lu: %s [%s]\n",
			    mx_severity_name(sel[i].severity), ef ? ef : "?",
			    sel[i].line, sel[i].message, sel[i].check);
			free(ef);
		}
		printf("\n");
		break;
	case FMT_JSON:
		if ((st = mx_json_array_next(stdout, s->njson++,
		    MX_JSON_PRETTY)) == MX_OK)
			st = mx_format_findings_json(stdout, sel, nsel,
			    MX_JSON_PRETTY | MX_JSON_ELEMENT);
		written(s, "zone files", st);
		break;
	case FMT_JSONL:
		written(s, "zone files", mx_format_findings_json(stdout, sel,
		    nsel, 0));
		break;
	case FMT_GCC:
		if (!s->lint)
			mx_format_gcc(stdout, sel, nsel, NULL);
		break;
	case FMT_GITHUB:
		if (!s->lint)
			mx_format_github(stdout, sel, nsel, NULL);
		break;
	case FMT_NAGIOS:
		nagios_findings(NULL, sel, nsel);
		break;
	case FMT_SARIF:
		for (i = 0; !s->lint && i < nsel; i++)
			keep_finding(s, &sel[i], NULL);
		break;
	case FMT_OPENMETRICS:
		break;
	}
	mx_findings_free(sel, nsel);
}

static int
kept_cmp(const void *a, const void *b)
{
	const struct kept *x = a, *y = b;
	int c;

	c = strcmp(x->f.file ? x->f.file : "", y->f.file ? y->f.file : "");
	if (c != 0)
		return c;
	if (x->f.line != y->f.line)
		return x->f.line < y->f.line ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* The nagios line of a run: one domain's worst finding, or the counts of
 * several; the word matches the exit status. */
static void
sink_nagios(struct sink *s)
{
	enum mx_verdict	 worst = s->incomplete ? MX_VERDICT_UNKNOWN :
			    s->worst;
	size_t		 ok = s->by_verdict[MX_VERDICT_OK] +
			    s->by_verdict[MX_VERDICT_INFO];
	char		*summary;

	if (s->ndomains <= 1 && s->worst_line) {
		struct perf perf[] = {
			{ "hosts", (double)s->hosts, 0, NULL },
			{ "usable", (double)s->usable, 0, NULL },
			{ "errors", (double)s->counts[MX_SEV_ERROR], 0, NULL },
			{ "warnings", (double)s->counts[MX_SEV_WARNING], 0,
			  NULL },
			{ "time", s->elapsed_ms / 1e3, 3, "s" },
		};

		nagios_line(stdout, worst, s->worst_line, perf,
		    sizeof(perf) / sizeof(perf[0]));
		return;
	}
	summary = mx_asprintf("%zu domains: %zu critical, %zu warning, %zu "
	    "unknown, %zu ok%s%s", s->ndomains,
	    s->by_verdict[MX_VERDICT_ERROR],
	    s->by_verdict[MX_VERDICT_WARNING],
	    s->by_verdict[MX_VERDICT_UNKNOWN], ok,
	    s->worst != MX_VERDICT_OK && s->worst_line ? "; worst: " : "",
	    s->worst != MX_VERDICT_OK && s->worst_line ? s->worst_line : "");
	{
		struct perf perf[] = {
			{ "domains", (double)s->ndomains, 0, NULL },
			{ "ok", (double)ok, 0, NULL },
			{ "warning", (double)s->by_verdict[MX_VERDICT_WARNING],
			  0, NULL },
			{ "critical", (double)s->by_verdict[MX_VERDICT_ERROR],
			  0, NULL },
			{ "unknown", (double)s->by_verdict[MX_VERDICT_UNKNOWN],
			  0, NULL },
		};

		if (summary == NULL) {
			cli_warnx("out of memory");
			s->incomplete = 1;
			return;
		}
		nagios_line(stdout, worst, summary, perf,
		    sizeof(perf) / sizeof(perf[0]));
	}
	free(summary);
}

/* Ends the output: json array, sorted lint lines, nagios line. */
int
sink_close(struct sink *s)
{
	const struct cli	*cli = s->cli;
	size_t			 i;

	if (cli->format == FMT_JSON)
		mx_json_array_end(stdout, s->njson, MX_JSON_PRETTY);
	if (s->lint && (cli->format == FMT_GCC ||
	    cli->format == FMT_GITHUB)) {
		struct mx_finding *fs;

		if (s->nkept > 1)
			qsort(s->kept, s->nkept, sizeof(*s->kept),
			    kept_cmp);
		if ((fs = calloc(s->nkept ? s->nkept : 1, sizeof(*fs))) !=
		    NULL) {
			for (i = 0; i < s->nkept; i++)
				fs[i] = s->kept[i].f;
			if (cli->format == FMT_GCC)
				mx_format_gcc(stdout, fs, s->nkept, NULL);
			else
				mx_format_github(stdout, fs, s->nkept, NULL);
			free(fs);
		}
	}
	if (cli->format == FMT_NAGIOS)
		sink_nagios(s);
	if (cli->format == FMT_OPENMETRICS) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		if (mx_format_openmetrics(stdout, s->metrics, s->nmetrics,
		    (double)ts.tv_sec + (double)ts.tv_nsec / 1e9) != MX_OK)
			s->io_error = 1;
	}
	if (cli->format == FMT_SARIF) {
		mx_status st;

		if (s->lint && s->nkept > 1)
			qsort(s->kept, s->nkept, sizeof(*s->kept), kept_cmp);
		for (i = 0; i < s->nkept; i++)
			sarif_keep(&s->kept[i].f, 1, s->kept[i].domain);
		if ((st = sarif_write(0)) != MX_OK) {
			written(s, "the SARIF log", st);
			s->io_error = 1;
		}
	}
	if (cli->format == FMT_TEXT && !cli->short_out && s->ndomains > 1) {
		double secs = (now_ms() - s->start_ms) / 1e3;

		fprintf(stderr, "mxdig: %zu domains in %.2f s (%.0f/s): %zu "
		    "ok, %zu warning, %zu error, %zu unknown%s%s\n",
		    s->ndomains, secs, secs > 0 ? (double)s->ndomains / secs :
		    0.0, s->by_verdict[MX_VERDICT_OK] +
		    s->by_verdict[MX_VERDICT_INFO],
		    s->by_verdict[MX_VERDICT_WARNING],
		    s->by_verdict[MX_VERDICT_ERROR],
		    s->by_verdict[MX_VERDICT_UNKNOWN], s->stats ? "; " : "",
		    s->stats ? s->stats : "");
	}
	if (s->incomplete)
		return EXIT_UNKNOWN;
	return exit_status(cli, s->worst);
}

/* The findings of a SARIF log, copied, with their domains. */
static struct {
	struct mx_finding	*f;
	char			**domains;
	size_t			 n, cap, capd;
	int			 failed;
} sarif;

void
sarif_keep(const struct mx_finding *f, size_t n, const char *domain)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct mx_finding	*k;
		char			**d;

		if ((k = mx_vec_push(&sarif.f, &sarif.n, &sarif.cap,
		    sizeof(*k))) == NULL) {
			sarif.failed = 1;
			return;
		}
		sarif.n--;
		if ((d = mx_vec_push(&sarif.domains, &sarif.n, &sarif.capd,
		    sizeof(*d))) == NULL) {
			sarif.failed = 1;
			return;
		}
		*k = f[i];
		k->subject = mx_strdup(f[i].subject);
		k->message = mx_strdup(f[i].message);
		*d = domain ? mx_strdup(domain) : NULL;
		if ((f[i].subject && !k->subject) || !k->message ||
		    (domain && !*d))
			sarif.failed = 1;
	}
}

mx_status
sarif_write(unsigned flags)
{
	char		 cwd[4096];
	mx_status	 st = MX_ERR_NOMEM;
	size_t		 i;

	if (!sarif.failed)
		st = mx_format_sarif(stdout, sarif.f, sarif.n,
		    (const char *const *)sarif.domains,
		    getcwd(cwd, sizeof(cwd)), flags);
	for (i = 0; i < sarif.n; i++)
		free(sarif.domains[i]);
	free(sarif.domains);
	mx_findings_free(sarif.f, sarif.n);
	memset(&sarif, 0, sizeof(sarif));
	return st;
}

int
sink_open(struct sink *s, const struct cli *cli, int lint)
{
	memset(s, 0, sizeof(*s));
	s->cli = cli;
	s->lint = lint;
	s->start_ms = now_ms();
	if ((s->seen = mx_map_new()) == NULL)
		return -1;
	return 0;
}

void
sink_free(struct sink *s)
{
	size_t i, j;

	free(s->worst_line);
	free(s->stats);
	for (i = 0; i < s->nmetrics; i++) {
		free((char *)s->metrics[i].domain);
		for (j = 0; j < s->metrics[i].ncerts; j++) {
			free((char *)s->metrics[i].certs[j].exchange);
			free((char *)s->metrics[i].certs[j].address);
		}
		free((struct mx_metrics_cert *)s->metrics[i].certs);
	}
	free(s->metrics);
	for (i = 0; i < s->nkept; i++) {
		free(s->kept[i].key);
		free(s->kept[i].domain);
		free(s->kept[i].f.subject);
		free(s->kept[i].f.message);
	}
	free(s->kept);
	mx_map_free(s->seen, NULL);
}

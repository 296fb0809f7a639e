/*
 * output.c -- where results go: every renderer the user can ask for, the
 * verdicts counted for the nagios line and the summary, lint's sorted
 * findings, and the exit status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

/* Nagios' word for a verdict (plugin guidelines: OK, WARNING, CRITICAL,
 * UNKNOWN). */
static const char *
nagios_word(enum mx_verdict v)
{
	switch (v) {
	case MX_VERDICT_OK:
	case MX_VERDICT_INFO:		return "OK";
	case MX_VERDICT_WARNING:	return "WARNING";
	case MX_VERDICT_ERROR:		return "CRITICAL";
	case MX_VERDICT_UNKNOWN:	break;
	}
	return "UNKNOWN";
}

/* A perfdata label as the plugin guidelines want it: quoted in single
 * quotes, a quote doubled, when it holds a space, '=' or a quote. */
static void
perf_label(FILE *out, const char *label)
{
	const char *p;

	if (strpbrk(label, " ='") == NULL) {
		fputs(label, out);
		return;
	}
	fputc('\'', out);
	for (p = label; *p; p++) {
		if (*p == '\'')
			fputc('\'', out);
		fputc(*p, out);
	}
	fputc('\'', out);
}

void
nagios_line(FILE *out, enum mx_verdict worst, const char *summary,
    const struct perf *perf, size_t nperf)
{
	size_t i;

	fprintf(out, "MX %s - %s |", nagios_word(worst), summary);
	for (i = 0; i < nperf; i++) {
		fputc(' ', out);
		perf_label(out, perf[i].label);
		fprintf(out, "=%.*f%s;;;0", perf[i].decimals, perf[i].value,
		    perf[i].uom ? perf[i].uom : "");
	}
	fputc('\n', out);
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
keep_finding(struct sink *s, const struct mx_finding *f)
{
	struct kept	*k;
	char		*key;

	key = mx_asprintf("%s:%lu:%s:%s:%s", f->file ? f->file : "",
	    f->line, f->check, f->subject ? f->subject : "", f->message);
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
	k->f = *f;
	k->f.subject = mx_strdup(f->subject);
	k->f.message = mx_strdup(f->message);
	k->order = s->nkept;
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
	    w->severity < MX_SEV_ERROR))
		return mx_asprintf("%s: %s", r->domain,
		    r->mx_rcode == MX_ANSWER_OUT_OF_ZONE ?
		    "outside every loaded zone" : "a lookup timed out");
	if (w == NULL || w->severity == MX_SEV_INFO) {
		size_t usable = 0;

		for (i = 0; i < r->nhosts; i++)
			usable += r->hosts[i].usable;
		return mx_asprintf("%s: %zu host%s, %zu usable", r->domain,
		    r->nhosts, r->nhosts == 1 ? "" : "s", usable);
	}
	return mx_asprintf("%s: %s [%s]%s", r->domain, w->message, w->check,
	    r->counts[MX_SEV_ERROR] + r->counts[MX_SEV_WARNING] > 1 ?
	    " and more" : "");
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
			keep_finding(s, &r->findings[i]);
	}
	switch (cli->format) {
	case FMT_TEXT:
		if (cli->short_out)
			mx_format_short(stdout, r);
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
			keep_finding(s, &sel[i]);
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
	size_t i;

	free(s->worst_line);
	free(s->stats);
	for (i = 0; i < s->nkept; i++) {
		free(s->kept[i].key);
		free(s->kept[i].f.subject);
		free(s->kept[i].f.message);
	}
	free(s->kept);
	mx_map_free(s->seen, NULL);
}

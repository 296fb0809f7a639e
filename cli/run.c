/*
 * run.c -- what mxdig does once its options are parsed: load the zones,
 * pick the source, feed it the domains and hand every result to the
 * renderer the user asked for.  It owns stdout, stderr and the exit
 * status.
 */
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "cli.h"
#include "internal.h"

/* How bad a verdict is, for "the worst of all". */
static int
rank(enum mx_verdict v)
{
	switch (v) {
	case MX_VERDICT_WARNING:	return 1;
	case MX_VERDICT_UNKNOWN:	return 2;
	case MX_VERDICT_ERROR:		return 3;
	default:			return 0;
	}
}

/* A finding kept for sorting (lint) or comparing (diff). */
struct kept {
	char			*key;
	struct mx_finding	 f;
	size_t			 order;
};

/* Where results go. */
struct sink {
	const struct cli	*cli;
	json_t			*array;		/* --format json */
	size_t			 ndomains;
	size_t			 by_verdict[5];
	int			 worst;		/* rank */
	char			*worst_line;	/* for nagios */
	size_t			 hosts, usable;
	size_t			 counts[3];	/* findings by severity */
	double			 elapsed_ms;
	int			 lint;		/* collect findings */
	struct kept		*kept;
	size_t			 nkept, capkept;
	struct mx_map		*seen;		/* lint: printed already */
	int			 io_error;
	double			 start_ms;	/* monotonic */
	int			 live;		/* a live source flushes */
	char			*stats;		/* for the summary, or NULL */
};

static double
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
	s->by_verdict[v]++;
	if (s->worst_line == NULL || rank(v) > s->worst) {
		free(s->worst_line);
		s->worst_line = line ? mx_strdup(line) : summary_line(r);
	}
	if (rank(v) > s->worst)
		s->worst = rank(v);
}

static void
sink_result(struct sink *s, struct mx_result *r)
{
	const struct cli	*cli = s->cli;
	size_t			 i;

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
			struct mx_format_opts fo = { cli->color };

			mx_format_text(stdout, r, &fo);
		}
		break;
	case FMT_JSON:
		json_array_append_new(s->array, mx_result_json(r));
		break;
	case FMT_JSONL:
		mx_format_json(stdout, r, 0);
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

/* Zone-level findings (zone-syntax, and for lint mx-wildcard and
 * ttl-mismatch). */
static void
sink_zone(struct sink *s, const mx_zone *z, int all)
{
	const struct mx_finding	*f = NULL;
	struct mx_finding	*sel = NULL;
	size_t			 n, i, nsel = 0, counts[3] = { 0, 0, 0 };
	char			*line = NULL;

	f = mx_zone_findings(z, &n);
	if ((sel = calloc(n ? n : 1, sizeof(*sel))) == NULL)
		return;
	for (i = 0; i < n; i++) {
		if (!all && strcmp(f[i].check, "zone-syntax") != 0)
			continue;
		if (s->cli->nignore) {
			size_t j;
			int skip = 0;

			for (j = 0; j < s->cli->nignore; j++)
				if (strcmp(s->cli->ignore[j], f[i].check) == 0)
					skip = 1;
			if (skip)
				continue;
		}
		sel[nsel++] = f[i];
		counts[f[i].severity]++;
		s->counts[f[i].severity]++;
	}
	if (nsel == 0) {
		free(sel);
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
		for (i = 0; i < nsel; i++)
			printf("  %-8s%s:%lu: %s [%s]\n",
			    mx_severity_name(sel[i].severity), sel[i].file,
			    sel[i].line, sel[i].message, sel[i].check);
		printf("\n");
		break;
	case FMT_JSON:
	case FMT_JSONL:
		if (s->cli->format == FMT_JSON)
			json_array_append_new(s->array,
			    mx_findings_json(sel, nsel));
		else
			mx_format_findings_json(stdout, sel, nsel);
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
	free(sel);
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

/* Maps the worst rank to the exit status, honouring --fail-on. */
static int
exit_status(const struct cli *cli, int worst)
{
	switch (worst) {
	case 3:
		return cli->fail_on == FAIL_NEVER ? EXIT_OK : EXIT_ERROR;
	case 2:
		return EXIT_UNKNOWN;
	case 1:
		return cli->fail_on == FAIL_WARNING ? EXIT_WARNING : EXIT_OK;
	default:
		return EXIT_OK;
	}
}

/* Ends the output: json array, sorted lint lines, nagios line. */
static int
sink_close(struct sink *s)
{
	const struct cli	*cli = s->cli;
	size_t			 i;

	if (cli->format == FMT_JSON && s->array) {
		json_dumpf(s->array, stdout, JSON_INDENT(2) |
		    JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
	}
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
	if (cli->format == FMT_NAGIOS) {
		static const char *word[] = { "OK", "WARNING", "UNKNOWN",
		    "CRITICAL" };
		size_t ok = s->by_verdict[MX_VERDICT_OK] +
		    s->by_verdict[MX_VERDICT_INFO];

		if (s->ndomains <= 1 && s->worst_line)
			printf("MX %s - %s | hosts=%zu;;;0 usable=%zu;;;0 "
			    "errors=%zu;;;0 warnings=%zu;;;0 time=%.3fs;;;0\n",
			    word[s->worst], s->worst_line, s->hosts, s->usable,
			    s->counts[MX_SEV_ERROR], s->counts[MX_SEV_WARNING],
			    s->elapsed_ms / 1e3);
		else
			printf("MX %s - %zu domains: %zu critical, %zu "
			    "warning, %zu unknown, %zu ok%s%s | domains=%zu;;;0 "
			    "ok=%zu;;;0 warning=%zu;;;0 critical=%zu;;;0 "
			    "unknown=%zu;;;0\n", word[s->worst], s->ndomains,
			    s->by_verdict[MX_VERDICT_ERROR],
			    s->by_verdict[MX_VERDICT_WARNING],
			    s->by_verdict[MX_VERDICT_UNKNOWN], ok,
			    s->worst && s->worst_line ? "; worst: " : "",
			    s->worst && s->worst_line ? s->worst_line : "",
			    s->ndomains, ok, s->by_verdict[MX_VERDICT_WARNING],
			    s->by_verdict[MX_VERDICT_ERROR],
			    s->by_verdict[MX_VERDICT_UNKNOWN]);
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
	return exit_status(cli, s->worst);
}

static int
sink_open(struct sink *s, const struct cli *cli, int lint)
{
	memset(s, 0, sizeof(*s));
	s->cli = cli;
	s->lint = lint;
	s->start_ms = now_ms();
	if (cli->format == FMT_JSON && (s->array = json_array()) == NULL)
		return -1;
	if ((s->seen = mx_map_new()) == NULL)
		return -1;
	return 0;
}

static void
sink_free(struct sink *s)
{
	size_t i;

	json_decref(s->array);
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

/* ---- the catalogue ---- */

static int
list_checks(void)
{
	const struct mx_check_info	*c;
	size_t				 n, i;

	c = mx_checks(&n);
	for (i = 0; i < n; i++)
		printf("%-26s %-8s %s\n", c[i].name,
		    mx_severity_name(c[i].severity), c[i].summary);
	return EXIT_OK;
}

static int
explain(const char *name)
{
	const struct mx_check_info	*c = mx_check_find(name);
	const char			*p;

	if (c == NULL) {
		cli_warnx("--explain: no check named '%s' (see mxdig "
		    "--list-checks)", name);
		return EXIT_UNKNOWN;
	}
	printf("%s (%s%s)\n\n  %s.\n\nStandard: %s\n\nExample:\n", c->name,
	    mx_severity_name(c->severity), c->offline ? "" :
	    ", live lookups only", c->summary, c->reference);
	for (p = c->example; *p; ) {
		size_t len = strcspn(p, "\n");

		printf("  %.*s\n", (int)len, p);
		p += len;
		if (*p == '\n')
			p++;
	}
	printf("\nFix:\n  %s.\n\nSuppress: --ignore %s, or \"; mxdig: "
	    "ignore=%s\" on the record's line.\n", c->fix, c->name, c->name);
	return EXIT_OK;
}

/* ---- sources ---- */

/* Loads every zone named by cli (--zone, and lint's files). */
static int
load_zones(const struct cli *cli, mx_zone **out)
{
	mx_zone		*z;
	size_t		 i;
	mx_status	 st;
	char		*err = NULL;

	*out = NULL;
	if (mx_zone_new(&z) != MX_OK) {
		cli_warnx("out of memory");
		return -1;
	}
	for (i = 0; i < cli->nzones; i++) {
		st = mx_zone_load_file(z, cli->zones[i].file,
		    cli->zones[i].origin, &err);
		if (st != MX_OK) {
			cli_warnx("%s", err ? err : mx_strerror(st));
			free(err);
			mx_zone_free(z);
			return -1;
		}
	}
	*out = z;
	return 0;
}

static void
set_options(const struct cli *cli, struct mx_options *opt, const mx_zone *z,
    int lint)
{
	mx_options_init(opt);
	opt->ttl_min = cli->ttl_min;
	opt->ttl_max = cli->ttl_max;
	opt->ignore = cli->ignore;
	opt->nignore = cli->nignore;
	opt->zone = z;
	opt->zone_ttl_checks = lint;
}

/* The live source's idle hook: what is written so far goes out before
 * mxdig waits for answers.  arg is the lock of the output, or NULL. */
static void
flush_output(void *arg)
{
	pthread_mutex_t *lock = arg;

	if (lock != NULL)
		pthread_mutex_lock(lock);
	fflush(stdout);
	if (lock != NULL)
		pthread_mutex_unlock(lock);
}

/* Makes the source the options ask for: the zone files, live DNS, or the
 * zone files with live DNS for the names they do not cover (--live).  A
 * live source is one of nworkers: it gets that share of the cache, and
 * flushes under lock. */
static int
make_source(const struct cli *cli, mx_zone *z, mx_source **src,
    unsigned nworkers, pthread_mutex_t *lock)
{
	struct mx_live_options	 lo;
	mx_source		*zs = NULL, *ls = NULL;
	char			*err = NULL;
	mx_status		 st;
	size_t			 cache = cli->cache_set ? cli->cache_size :
				     MX_CACHE_DEFAULT;

	*src = NULL;
	if (z != NULL && mx_zone_source(z, &zs) != MX_OK) {
		cli_warnx("out of memory");
		return -1;
	}
	if (z != NULL && !cli->live) {
		*src = zs;
		return 0;
	}
	memset(&lo, 0, sizeof(lo));
	lo.server = cli->server;
	lo.port = cli->port;
	lo.family = cli->family;
	lo.tcp = cli->tcp;
	lo.no_additional = cli->no_additional;
	lo.idle = flush_output;
	lo.idle_arg = lock;
	lo.timeout_ms = cli->timeout_ms;
	lo.tries = cli->tries;
	lo.resolv_conf = cli->resolv_conf;
	lo.no_cache = cache == 0;
	lo.cache_size = cache == 0 ? 0 : cache / nworkers > 0 ?
	    cache / nworkers : 1;
	if ((st = mx_live_source(&lo, &ls, &err)) != MX_OK) {
		cli_warnx("%s", err ? err : mx_strerror(st));
		free(err);
		mx_source_free(zs);
		return -1;
	}
	if (zs == NULL) {
		*src = ls;
		return 0;
	}
	if (mx_chain_source(zs, ls, src) != MX_OK) {
		cli_warnx("out of memory");
		return -1;
	}
	return 0;
}

/* ---- checking domains ---- */

/* Streams domains from the arguments, then from -f, one at a time. */
struct feeder {
	const struct cli	*cli;
	size_t			 next_arg;
	FILE			*fp;
	const char		*fname;
	unsigned long		 lineno;
	char			*line;
	size_t			 cap;
	size_t			 bad;
	int			 quiet;		/* counting ahead: no warnings */
};

/* A bad line of the list, unless only counting. */
static void
feed_warn(const struct feeder *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
feed_warn(const struct feeder *f, const char *fmt, ...)
{
	va_list ap;

	if (f->quiet)
		return;
	va_start(ap, fmt);
	cli_vwarnx(fmt, ap);
	va_end(ap);
}

/* Returns the next domain (valid until the next call) or NULL at the end;
 * bad lines are reported and skipped. */
static const char *
feed_next(struct feeder *f)
{
	ssize_t len;

	if (f->next_arg < f->cli->nargs)
		return f->cli->args[f->next_arg++];
	while (f->fp != NULL && (len = getline(&f->line, &f->cap, f->fp)) !=
	    -1) {
		char *p = f->line, *end, *hash;

		f->lineno++;
		if ((size_t)len != strlen(f->line)) {
			feed_warn(f, "%s:%lu: NUL byte in line; skipped",
			    f->fname, f->lineno);
			f->bad++;
			continue;
		}
		if ((hash = strchr(p, '#')) != NULL)
			*hash = '\0';
		while (isspace((unsigned char)*p))
			p++;
		end = p + strlen(p);
		while (end > p && isspace((unsigned char)end[-1]))
			*--end = '\0';
		if (*p == '\0')
			continue;
		if (strpbrk(p, " \t") != NULL || end - p > 1004) {
			feed_warn(f, "%s:%lu: not a domain name: '%.60s'; "
			    "skipped", f->fname, f->lineno, p);
			f->bad++;
			continue;
		}
		return p;
	}
	if (f->fp != NULL && ferror(f->fp)) {
		feed_warn(f, "%s: read error: %s", f->fname, strerror(errno));
		f->bad++;
	}
	return NULL;
}

/* The progress line on stderr: domains done (of how many, when the list
 * is a file), rate and the verdicts so far; redrawn ten times a second. */
struct progress {
	int		 on;
	size_t		 total;		/* 0: not known (stdin) */
	double		 last_ms;
	int		 drawn;
};

/* Counts the domains of a list file ahead, for the progress line, as
 * feed_next will read them; 0 when it cannot be read. */
static size_t
count_domains(const struct cli *cli)
{
	struct feeder	f;
	size_t		n = 0;

	memset(&f, 0, sizeof(f));
	f.cli = cli;
	f.next_arg = cli->nargs;	/* the file only */
	f.fname = cli->list_file;
	f.quiet = 1;
	if ((f.fp = fopen(cli->list_file, "r")) == NULL)
		return 0;
	while (feed_next(&f) != NULL)
		n++;
	free(f.line);
	fclose(f.fp);
	return n;
}

static void
progress_draw(struct progress *p, const struct sink *s, int force)
{
	double	t = now_ms(), secs;
	char	done[64];

	if (!p->on || (!force && t - p->last_ms < 100))
		return;
	p->last_ms = t;
	secs = (t - s->start_ms) / 1e3;
	if (p->total > 0)
		snprintf(done, sizeof(done), "%zu/%zu domains (%.0f%%)",
		    s->ndomains, p->total, 100.0 * (double)s->ndomains /
		    (double)p->total);
	else
		snprintf(done, sizeof(done), "%zu domains", s->ndomains);
	fprintf(stderr, "\r%s  %.0f/s  %zu errors  %zu warnings  "
	    "%zu unknown\033[K", done, secs > 0 ? (double)s->ndomains / secs :
	    0.0, s->by_verdict[MX_VERDICT_ERROR],
	    s->by_verdict[MX_VERDICT_WARNING],
	    s->by_verdict[MX_VERDICT_UNKNOWN]);
	fflush(stderr);
	p->drawn = 1;
}

/* Leaves the line empty for what is printed next. */
static void
progress_clear(struct progress *p)
{
	if (p->drawn)
		fputs("\r\033[K", stderr);
	p->drawn = 0;
}

/* What the workers of a run share, behind one lock: the list, the
 * output and the progress line. */
struct shared {
	pthread_mutex_t	 lock;
	struct sink	*sink;
	struct feeder	*feed;
	struct progress	 prog;
};

/*
 * A worker checks domains with a source and context of its own (nothing
 * in the library is shared between them), a share of the domains in
 * flight and its own thread when there are several.  With live lookups
 * the work is CPU-bound in mxdig itself, so a list goes about as many
 * times faster as there are cores to spare.
 */
struct batch {
	struct shared	*sh;
	mx_source	*src;
	mx_ctx		*ctx;
	unsigned	 concurrency;
	int		 failed;
	pthread_t	 thread;
};

static void on_result(void *arg, struct mx_result *res);

/* Starts the next domain; a name that does not parse is reported. */
static int
start_next(struct batch *b)
{
	struct feeder	*f = b->sh->feed;
	const char	*d;
	char		*name;
	unsigned long	 lineno;
	int		 listed;
	mx_status	 st;

	for (;;) {
		pthread_mutex_lock(&b->sh->lock);
		d = feed_next(f);
		/* d lives until the next feed_next: copied under lock */
		if (d == NULL) {
			pthread_mutex_unlock(&b->sh->lock);
			return 0;
		}
		name = strdup(d);
		lineno = f->lineno;
		listed = f->lineno && f->next_arg >= f->cli->nargs;
		if (name == NULL)
			cli_warnx("%s: out of memory", d);
		pthread_mutex_unlock(&b->sh->lock);
		if (name == NULL) {
			b->failed = 1;
			return 0;
		}
		st = mx_check_start(b->ctx, name, on_result, b);
		if (st == MX_OK) {
			free(name);
			return 1;
		}
		pthread_mutex_lock(&b->sh->lock);
		if (st == MX_ERR_NAME) {
			if (listed)
				cli_warnx("%s:%lu: not a domain name: '%.60s'",
				    f->fname, lineno, name);
			else
				cli_warnx("'%.60s' is not a domain name",
				    name);
			f->bad++;
		} else {
			cli_warnx("%s: %s", name, mx_strerror(st));
			b->failed = 1;
		}
		pthread_mutex_unlock(&b->sh->lock);
		free(name);
		if (st != MX_ERR_NAME)
			return 0;
	}
}

static void
on_result(void *arg, struct mx_result *res)
{
	struct batch	*b = arg;
	struct sink	*s = b->sh->sink;

	pthread_mutex_lock(&b->sh->lock);
	if (res->mx_rcode == MX_ANSWER_OUT_OF_ZONE)
		cli_warnx("%s: outside every loaded zone; add its zone with "
		    "--zone or resolve it live with --live", res->domain);
	/* formats without a place for them still say what timed out */
	if (s->cli->format == FMT_GCC || s->cli->format == FMT_GITHUB ||
	    s->cli->format == FMT_NAGIOS) {
		size_t i;

		for (i = 0; i < res->nfailures; i++)
			if (res->failures[i].rcode == MX_ANSWER_TIMEOUT)
				cli_warnx("%s: the %s lookup of %s got no "
				    "answer (%s): the verdict is unknown",
				    res->domain, res->failures[i].type ==
				    MX_TYPE_MX ? "MX" : res->failures[i].type ==
				    MX_TYPE_A ? "A" : "AAAA",
				    res->failures[i].name,
				    res->failures[i].detail ?
				    res->failures[i].detail : "timeout");
	}
	sink_result(s, res);
	progress_draw(&b->sh->prog, s, 0);
	pthread_mutex_unlock(&b->sh->lock);
	mx_result_free(res);
	start_next(b);
}

/* A worker's run: its first domains, then its source until done. */
static void *
work(void *arg)
{
	struct batch	*b = arg;
	unsigned	 i;

	for (i = 0; i < b->concurrency; i++)
		if (!start_next(b))
			break;
	if (mx_ctx_run(b->ctx) != MX_OK) {
		pthread_mutex_lock(&b->sh->lock);
		cli_warnx("the data source failed");
		pthread_mutex_unlock(&b->sh->lock);
		b->failed = 1;
	}
	return NULL;
}

/* What the live sources did, for the summary: the work the cache saved. */
static void
live_summary(struct sink *s, const struct batch *w, unsigned n)
{
	struct mx_live_stats	st, sum;
	unsigned		i;

	memset(&sum, 0, sizeof(sum));
	for (i = 0; i < n; i++) {
		if (mx_live_stats(w[i].src, &st) != MX_OK)
			return;
		sum.queries += st.queries;
		sum.retries += st.retries;
		sum.cache_hits += st.cache_hits;
		sum.coalesced += st.coalesced;
	}
	s->stats = mx_asprintf("%lu queries sent (%lu retries), %lu answered "
	    "from the cache, %lu shared with an identical query in flight",
	    sum.queries, sum.retries, sum.cache_hits, sum.coalesced);
}

/* How many workers check the domains: --threads, or one per core up to
 * 4; one with zone files (their source is not shared), for a single
 * domain, and never more than the domains in flight. */
static unsigned
workers(const struct cli *cli, const mx_zone *z)
{
	long		cores = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned	n = cli->threads ? cli->threads : cores > 4 ? 4 :
			    cores > 1 ? (unsigned)cores : 1;

	if (z != NULL || (cli->list_file == NULL && cli->nargs <= 1))
		return 1;
	return n < cli->concurrency ? n : cli->concurrency;
}

static int
run_check(const struct cli *cli)
{
	struct sink		 sink;
	struct feeder		 feed;
	struct shared		 sh;
	struct batch		*w = NULL;
	struct mx_options	 opt;
	mx_zone			*z = NULL;
	unsigned		 i, n = 0, started = 0;
	int			 rc = EXIT_UNKNOWN, failed = 0, opened = 0,
				 err;

	memset(&feed, 0, sizeof(feed));
	memset(&sh, 0, sizeof(sh));
	feed.cli = cli;
	pthread_mutex_init(&sh.lock, NULL);
	if (cli->nzones > 0 && load_zones(cli, &z) != 0)
		goto out;
	n = workers(cli, z);
	if ((w = calloc(n, sizeof(*w))) == NULL) {
		cli_warnx("out of memory");
		goto out;
	}
	set_options(cli, &opt, z, 0);
	for (i = 0; i < n; i++) {
		w[i].sh = &sh;
		/* the domains in flight, shared out */
		w[i].concurrency = cli->concurrency / n +
		    (i < cli->concurrency % n);
		if (make_source(cli, z, &w[i].src, n, &sh.lock) != 0)
			goto out;
		if (mx_ctx_new(w[i].src, &opt, &w[i].ctx) != MX_OK) {
			cli_warnx("out of memory");
			goto out;
		}
	}
	if (cli->list_file != NULL) {
		feed.fname = cli->list_file;
		if (strcmp(cli->list_file, "-") == 0) {
			feed.fp = stdin;
			feed.fname = "(stdin)";
		} else if ((feed.fp = fopen(cli->list_file, "r")) == NULL) {
			cli_warnx("%s: %s", cli->list_file, strerror(errno));
			goto out;
		}
	}
	if (sink_open(&sink, cli, 0) != 0)
		goto out;
	opened = 1;
	sink.live = z == NULL || cli->live;
	if (z != NULL)
		sink_zone(&sink, z, 0);
	sh.sink = &sink;
	sh.feed = &feed;
	sh.prog.on = cli->progress && (cli->list_file != NULL ||
	    cli->nargs > 1);
	/* the total is known unless the list comes from stdin */
	if (sh.prog.on && feed.fp != stdin)
		sh.prog.total = cli->nargs + (cli->list_file != NULL ?
		    count_domains(cli) : 0);
	/* the workers that start share the whole list out; without a
	 * second thread, the first worker runs in this one */
	for (started = 0; n > 1 && started < n; started++)
		if ((err = pthread_create(&w[started].thread, NULL, work,
		    &w[started])) != 0) {
			cli_warnx("cannot start a thread: %s; going on with "
			    "%u", strerror(err), started > 0 ? started : 1);
			break;
		}
	if (started == 0)
		work(&w[0]);
	for (i = 0; i < started; i++)
		pthread_join(w[i].thread, NULL);
	for (i = 0; i < n; i++)
		failed |= w[i].failed;
	progress_draw(&sh.prog, &sink, 1);
	progress_clear(&sh.prog);
	live_summary(&sink, w, n);
	rc = sink_close(&sink);
	if (feed.bad && rc < EXIT_ERROR)
		rc = EXIT_UNKNOWN;
	if (failed || sink.io_error)
		rc = EXIT_UNKNOWN;
	if (sink.ndomains == 0 && feed.bad == 0 && !failed)
		cli_warnx("%s: no domains to check", feed.fname ?
		    feed.fname : "input");
	if (sink.ndomains == 0)
		rc = EXIT_UNKNOWN;
out:
	if (opened)
		sink_free(&sink);
	if (feed.fp != NULL && feed.fp != stdin)
		fclose(feed.fp);
	free(feed.line);
	for (i = 0; w != NULL && i < n; i++) {
		mx_ctx_free(w[i].ctx);
		mx_source_free(w[i].src);
	}
	free(w);
	mx_zone_free(z);
	pthread_mutex_destroy(&sh.lock);
	return rc;
}

/* ---- lint ---- */

static void
on_lint_result(void *arg, struct mx_result *res)
{
	sink_result(arg, res);
	mx_result_free(res);
}

static int
run_lint(const struct cli *cli)
{
	struct sink		 sink;
	struct mx_options	 opt;
	mx_zone			*z = NULL;
	mx_source		*src = NULL;
	mx_ctx			*ctx = NULL;
	char *const		*owners;
	size_t			 n, i;
	int			 rc = EXIT_UNKNOWN;

	if (load_zones(cli, &z) != 0)
		return EXIT_UNKNOWN;
	if (make_source(cli, z, &src, 1, NULL) != 0)
		goto out;
	set_options(cli, &opt, z, 1);
	if (mx_ctx_new(src, &opt, &ctx) != MX_OK)
		goto out;
	if (sink_open(&sink, cli, 1) != 0)
		goto out;
	sink_zone(&sink, z, 1);
	owners = mx_zone_mx_owners(z, &n);
	for (i = 0; i < n; i++) {
		if (mx_check_start(ctx, owners[i], on_lint_result, &sink) !=
		    MX_OK)
			continue;
		/* drain as we go so memory stays bounded */
		if ((i + 1) % 256 == 0)
			mx_ctx_run(ctx);
	}
	mx_ctx_run(ctx);
	rc = sink_close(&sink);
	if (sink.io_error)
		rc = EXIT_UNKNOWN;
	sink_free(&sink);
out:
	mx_ctx_free(ctx);
	mx_source_free(src);
	mx_zone_free(z);
	return rc;
}

int run_diff(const struct cli *cli);

int
cli_run(const struct cli *cli)
{
	switch (cli->mode) {
	case MODE_HELP:
		cli_usage(stdout);
		return EXIT_OK;
	case MODE_VERSION:
		printf("mxdig %s\n", MXDIG_VERSION);
		return EXIT_OK;
	case MODE_LIST:
		return list_checks();
	case MODE_EXPLAIN:
		return explain(cli->explain);
	case MODE_LINT:
		return run_lint(cli);
	case MODE_DIFF:
		return run_diff(cli);
	case MODE_CHECK:
	default:
		return run_check(cli);
	}
}

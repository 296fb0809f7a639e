/*
 * batch.c -- checking domains: from the arguments and -f, streamed, many
 * in flight, in one or more workers, with the progress line and the
 * summary.
 */
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "output.h"
#include "util.h"

/* The longest line of a list that is read: a name of 255 octets written
 * with every octet escaped (\DDD) is 1020; longer lines are skipped
 * whole, so an endless line (/dev/zero on stdin) costs no memory. */
#define LIST_LINE_MAX	1100

/* Streams domains from the arguments, then from -f, one at a time. */
struct feeder {
	const struct cli	*cli;
	size_t			 next_arg;
	FILE			*fp;
	const char		*fname;
	unsigned long		 lineno;
	char			 line[LIST_LINE_MAX + 1];
	size_t			 bad;
	int			 quiet;		/* counting ahead: no warnings */
	char			 domain[LIST_LINE_MAX + 1];	/* dig's habits */
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

/*
 * Reads the next line of the list into f->line, without its newline.
 * Returns its length, -1 at the end of the list, -2 when the line is
 * longer than LIST_LINE_MAX (it is then read to its end and dropped).
 */
static ssize_t
read_line(struct feeder *f)
{
	size_t	n = 0;
	int	c, over = 0;

	while ((c = getc(f->fp)) != EOF && c != '\n') {
		if (n < LIST_LINE_MAX)
			f->line[n++] = (char)c;
		else
			over = 1;
	}
	if (c == EOF && n == 0 && !over)
		return -1;
	f->line[n] = '\0';
	return over ? -2 : (ssize_t)n;
}

/* Returns the next domain (valid until the next call) or NULL at the end;
 * bad lines are reported and skipped. */
static const char *
feed_next(struct feeder *f)
{
	ssize_t len;

	if (f->next_arg < f->cli->nargs)
		return f->cli->args[f->next_arg++];
	while (f->fp != NULL && (len = read_line(f)) != -1) {
		char *p = f->line, *end, *hash;
		char  esc[80];

		f->lineno++;
		if (len == -2) {
			feed_warn(f, "%s:%lu: line longer than %d octets; "
			    "skipped", f->fname, f->lineno, LIST_LINE_MAX);
			f->bad++;
			continue;
		}
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
			feed_warn(f, "%s:%lu: not a domain name: '%s'; "
			    "skipped", f->fname, f->lineno,
			    mx_escape_buf(p, strlen(p), esc, sizeof(esc)));
			f->bad++;
			continue;
		}
		/* addresses, URLs and Unicode names as in argv */
		{
			char *d, why[512], note[512];

			if (cli_domain(p, &d, why, sizeof(why), note,
			    sizeof(note)) != 0) {
				feed_warn(f, "%s:%lu: %s; skipped", f->fname,
				    f->lineno, why);
				f->bad++;
				continue;
			}
			if (note[0] != '\0' && !f->quiet)
				fprintf(stderr, "mxdig: note: %s:%lu: %s\n",
				    f->fname, f->lineno, note);
			snprintf(f->domain, sizeof(f->domain), "%s", d);
			free(d);
			return f->domain;
		}
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
	const char	*why;

	memset(&f, 0, sizeof(f));
	f.cli = cli;
	f.next_arg = cli->nargs;	/* the file only */
	f.fname = cli->list_file;
	f.quiet = 1;
	/* a FIFO is read once, by the feeder: no total then */
	if ((f.fp = mx_open_input(cli->list_file, 0, NULL, &why)) == NULL)
		return 0;
	while (feed_next(&f) != NULL)
		n++;
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
		/* --shard; another worker's domains are not read */
		if (!shard_mine(f->cli, d)) {
			pthread_mutex_unlock(&b->sh->lock);
			continue;
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
		st = mx_check_start(b->ctx, name, on_result, b, NULL);
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
	    s->cli->format == FMT_NAGIOS ||
	    s->cli->format == FMT_OPENMETRICS) {
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

/* What is written so far goes out before mxdig waits for answers, so no
 * finished line waits on the network and a burst of answers costs one
 * write. */
static void
flush_output(struct batch *b)
{
	pthread_mutex_lock(&b->sh->lock);
	fflush(stdout);
	pthread_mutex_unlock(&b->sh->lock);
}

/* A worker's run: its first domains, then its context's loop until no
 * check is in flight; each result starts the next domain.  With live
 * lookups the output is flushed before each wait. */
static void *
work(void *arg)
{
	struct batch	*b = arg;
	unsigned	 i;
	mx_status	 st = MX_OK;

	for (i = 0; i < b->concurrency; i++)
		if (!start_next(b))
			break;
	while (st == MX_OK && mx_ctx_running(b->ctx) > 0) {
		if (b->sh->sink->live)
			flush_output(b);
		st = mx_ctx_run_once(b->ctx, -1);
	}
	if (st != MX_OK) {
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
	const struct mx_live_stats	*st;
	struct mx_live_stats		 sum;
	unsigned			 i;

	memset(&sum, 0, sizeof(sum));
	for (i = 0; i < n; i++) {
		if ((st = mx_live_stats(w[i].src)) == NULL)
			return;
		sum.queries += st->queries;
		sum.retries += st->retries;
		sum.cache_hits += st->cache_hits;
		sum.coalesced += st->coalesced;
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
	unsigned n = cli_threads(cli);

	if (z != NULL || (cli->list_file == NULL && cli->nargs <= 1))
		return 1;
	/* --smtp: one table of addresses for the run, so that each is
	 * probed once; the sessions wait on the network, not the CPU */
	if (cli->smtp)
		return 1;
	return n < cli->concurrency ? n : cli->concurrency;
}

int
run_check(const struct cli *cli)
{
	struct sink		 sink;
	struct feeder		 feed;
	struct shared		 sh;
	struct batch		*w = NULL;
	mx_options		*opt = NULL;
	mx_zone			*z = NULL;
	unsigned		 i, n = 0, started = 0;
	int			 rc = EXIT_UNKNOWN, failed = 0, opened = 0,
				 err;
	const char		*why;
	mx_status		 st;

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
	if ((opt = make_options(cli, z, 0)) == NULL)
		goto out;
	for (i = 0; i < n; i++) {
		w[i].sh = &sh;
		/* the domains in flight, shared out */
		w[i].concurrency = cli->concurrency / n +
		    (i < cli->concurrency % n);
		if (make_source(cli, z, &w[i].src, n) != 0)
			goto out;
		if ((st = mx_ctx_new(w[i].src, opt, &w[i].ctx)) != MX_OK) {
			/* the DNSSEC layer's setup names what failed */
			cli_warnx("%s", mx_dnssec_setup_error() ?
			    mx_dnssec_setup_error() : mx_strerror(st));
			goto out;
		}
		/* one deadline for the run: every worker's loop has it */
		if (cli->deadline_ms && mx_ctx_set_deadline(w[i].ctx,
		    cli->deadline_ms) != MX_OK) {
			cli_warnx("out of memory");
			goto out;
		}
	}
	if (cli->list_file != NULL) {
		feed.fname = cli->list_file;
		if (strcmp(cli->list_file, "-") == 0) {
			feed.fp = stdin;
			feed.fname = "(stdin)";
		} else if ((feed.fp = mx_open_input(cli->list_file,
		    MX_OPEN_FIFO, NULL, &why)) == NULL) {
			/* a pipe or FIFO is fine, a device or directory not */
			cli_warnx("%s: %s", cli->list_file, why);
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
	for (i = 0; w != NULL && i < n; i++) {
		mx_ctx_free(w[i].ctx);
		mx_source_free(w[i].src);
	}
	free(w);
	mx_options_free(opt);
	mx_zone_free(z);
	pthread_mutex_destroy(&sh.lock);
	return rc;
}

/*
 * diff.c -- mxdig diff OLD NEW: how each delivery path changes, and which
 * findings the change introduces, replaces by a worse one, or fixes.  The
 * exit status follows the introduced findings only, so a CI gate blocks
 * regressions without blocking on old debt.  Either side may be standard
 * input (-); an old file that does not exist is no zone at all (a zone
 * new in the change), a new one that does not exist an error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output.h"
#include "util.h"

/* One side of the diff: a zone, its source and a context. */
struct side {
	mx_zone		*z;
	mx_source	*src;
	mx_ctx		*ctx;
	mx_options	*opt;
};

/*
 * The introduced findings, kept for the nagios status line only: its
 * summary names the worst (the long output, every finding, is
 * nagios_findings').  Their file names belong to the sides' zones, which
 * outlive the output; one diff a process.
 */
static struct {
	struct mx_finding	*v;
	size_t			 n, cap;
	int			 nomem;
} kept;

/* Keeps a copy of f for the nagios output. */
static void
keep_introduced(const struct mx_finding *f)
{
	struct mx_finding *k;

	if (kept.nomem)
		return;
	if ((k = mx_vec_push(&kept.v, &kept.n, &kept.cap, sizeof(*k))) ==
	    NULL) {
		kept.nomem = 1;
		return;
	}
	*k = *f;
	k->subject = f->subject ? strdup(f->subject) : NULL;
	k->message = f->message ? strdup(f->message) : NULL;
	if ((f->subject && k->subject == NULL) ||
	    (f->message && k->message == NULL))
		kept.nomem = 1;
}

/* Prints the nagios line of the diff and, after it, the introduced
 * findings; frees them. */
static void
print_nagios(enum mx_verdict worst, const size_t counts[3], int failed)
{
	struct perf perf[] = {
		{ "errors", (double)counts[MX_SEV_ERROR], 0, NULL },
		{ "warnings", (double)counts[MX_SEV_WARNING], 0, NULL },
	};
	char	*summary, *file;
	size_t	 i, w = 0;

	/* the worst: the first of the highest severity */
	for (i = 0; i < kept.n; i++)
		if (kept.v[i].severity > kept.v[w].severity)
			w = i;
	if (kept.n > 0) {
		file = mx_escape_bytes(kept.v[w].file ? kept.v[w].file : "-");
		summary = mx_asprintf("diff introduces %zu errors, %zu "
		    "warnings; worst: %s %s:%lu [%s]", counts[MX_SEV_ERROR],
		    counts[MX_SEV_WARNING], kept.v[w].subject ?
		    kept.v[w].subject : "zone", file ? file : "?",
		    kept.v[w].line, kept.v[w].check);
		free(file);
	} else
		summary = mx_asprintf("diff introduces %zu errors, %zu "
		    "warnings", counts[MX_SEV_ERROR], counts[MX_SEV_WARNING]);
	if (summary == NULL || kept.nomem)
		cli_warnx("out of memory");
	if (summary != NULL)
		nagios_line(stdout, failed || kept.nomem ?
		    MX_VERDICT_UNKNOWN : worst, summary, perf, 2);
	free(summary);
	/* the findings themselves are the long output (nagios_findings,
	 * output.c), after this line */
	mx_findings_free(kept.v, kept.n);
	kept.v = NULL;
	kept.n = kept.cap = 0;
}

/* Opens one side; the old one (old set) may be a file that does not
 * exist, which leaves its zone empty. */
static int
side_open(const struct cli *cli, const struct zone_arg *za, struct side *s,
    int old)
{
	int absent;

	memset(s, 0, sizeof(*s));
	if (mx_zone_new(&s->z) != MX_OK) {
		cli_warnx("out of memory");
		return -1;
	}
	if (load_zone_arg(s->z, za, old, &absent) != 0)
		return -1;
	if ((s->opt = make_options(cli, s->z, 0)) == NULL)
		return -1;
	if (mx_zone_source(s->z, &s->src) != MX_OK ||
	    mx_ctx_new(s->src, s->opt, &s->ctx) != MX_OK) {
		cli_warnx("out of memory");
		return -1;
	}
	return 0;
}

static void
side_close(struct side *s)
{
	mx_ctx_free(s->ctx);
	mx_source_free(s->src);
	mx_options_free(s->opt);
	mx_zone_free(s->z);
}

/* A diff as text: the domain and its verdicts, then each change and
 * each finding introduced, replaced (with the check that replaces it) or
 * fixed; nothing when nothing changed. */
static void
print_text(const struct mx_diff *d)
{
	size_t i;

	if (d->nchanges + d->nintroduced + d->nreplaced + d->nfixed == 0)
		return;
	printf("%s  (%s -> %s)\n", d->domain, d->has_old ?
	    mx_verdict_name(d->old_verdict) : "absent", d->has_new ?
	    mx_verdict_name(d->new_verdict) : "absent");
	for (i = 0; i < d->nchanges; i++) {
		const struct mx_path_change *c = &d->changes[i];

		switch (c->kind) {
		case MX_CHANGE_ADDED:
			printf("  + MX %u %s\n", c->new_value, c->exchange);
			break;
		case MX_CHANGE_REMOVED:
			printf("  - MX %u %s\n", c->old_value, c->exchange);
			break;
		case MX_CHANGE_PREFERENCE:
			printf("  ~ MX %s preference %u -> %u\n", c->exchange,
			    c->old_value, c->new_value);
			break;
		case MX_CHANGE_TTL:
			printf("  ~ MX TTL %d -> %d\n", (int)c->old_value,
			    (int)c->new_value);
			break;
		case MX_CHANGE_NEW_OWNER:
			printf("  + new MX owner\n");
			break;
		case MX_CHANGE_NULL_MX:
		case MX_CHANGE_IMPLICIT_MX:
			printf("  ~ %s %s\n", c->kind == MX_CHANGE_NULL_MX ?
			    "null-mx" : "implicit-mx", c->new_value ? "on" :
			    "off");
			break;
		}
	}
	for (i = 0; i < d->nintroduced; i++)
		printf("  introduced %-8s %s: %s [%s]\n",
		    mx_severity_name(d->introduced[i].severity),
		    d->introduced[i].subject ? d->introduced[i].subject :
		    "(null)", d->introduced[i].message,
		    d->introduced[i].check);
	for (i = 0; i < d->nreplaced; i++)
		printf("  replaced   %-8s %s: %s [%s] by [%s]\n",
		    mx_severity_name(d->replaced[i].severity),
		    d->replaced[i].subject ? d->replaced[i].subject : "(null)",
		    d->replaced[i].message, d->replaced[i].check,
		    d->introduced[d->replaced_by[i]].check);
	for (i = 0; i < d->nfixed; i++)
		printf("  fixed      %-8s %s: %s [%s]\n",
		    mx_severity_name(d->fixed[i].severity),
		    d->fixed[i].subject ? d->fixed[i].subject : "(null)",
		    d->fixed[i].message,
		    d->fixed[i].check);
	printf("\n");
}

static struct mx_result *
check_owner(struct side *s, const char *owner)
{
	struct mx_result *res = NULL;

	if (!mx_zone_covers(s->z, owner))
		return NULL;
	if (mx_check_domain(s->ctx, owner, &res) != MX_OK)
		return NULL;
	return res;
}

/* The introduced findings of d as compiler lines or annotations, in the
 * new file, each followed by those it replaces. */
static mx_status
print_lines(const struct cli *cli, const struct mx_diff *d)
{
	if (cli->format == FMT_GITHUB)
		return mx_format_diff_github(stdout, d, NULL);
	return mx_format_diff_gcc(stdout, d, NULL);
}

/*
 * diff --live --smtp: the MTA-STS policy the world is served now, for
 * the exchanges a change adds.  One live context for the run (the
 * resolver of the command line; every layer as a live check runs them,
 * since the policy fetch rides on the SMTP layer's HTTPS client).
 */
static struct {
	mx_source	*src;
	mx_options	*opt;
	mx_ctx		*ctx;
	int		 failed;	/* could not be made: not tried again */
} live;

static void
live_close(void)
{
	mx_ctx_free(live.ctx);
	mx_source_free(live.src);
	mx_options_free(live.opt);
	memset(&live, 0, sizeof(live));
}

/* The live result of domain, or NULL (after a message) when the live
 * context cannot be made. */
static struct mx_result *
live_check(const struct cli *cli, const char *domain)
{
	struct mx_result *res = NULL;

	if (live.ctx == NULL && !live.failed) {
		if ((live.opt = make_options(cli, NULL, 0)) == NULL ||
		    make_source(cli, NULL, &live.src, 1) != 0 ||
		    mx_ctx_new(live.src, live.opt, &live.ctx) != MX_OK) {
			cli_warnx("%s: the live MTA-STS policy cannot be "
			    "fetched: no live context", domain);
			live_close();
			live.failed = 1;
		}
	}
	if (live.ctx == NULL || mx_check_domain(live.ctx, domain, &res) !=
	    MX_OK)
		return NULL;
	return res;
}

/* 1 when exchange matches an mx pattern of p. */
static int
sts_covers(const struct mx_sts_policy *p, const char *exchange)
{
	size_t i;

	for (i = 0; i < p->nmx; i++)
		if (mx_sts_mx_match(p->mx[i], exchange))
			return 1;
	return 0;
}

/*
 * Judges the "must list it" notes of d (mta-sts-mx-not-covered, info:
 * an exchange joins an MX set whose _mta-sts record announces a policy)
 * against the policy fetched live: an exchange it does not cover
 * becomes an error in enforce mode and a warning in testing mode (RFC
 * 8461 §4.1: senders refuse it once the change is published), one it
 * covers stays a note saying so.  d's counts and new verdict follow.
 */
static void
judge_live_policy(const struct cli *cli, struct mx_diff *d,
    const char *owner)
{
	struct mx_result	*res = NULL;
	const struct mx_mta_sts	*sts;
	struct mx_finding	*f;
	enum mx_severity	 sev;
	char			*msg, pats[512];
	size_t			 i, j, len;
	int			 asked = 0;

	for (i = 0; i < d->nintroduced; i++) {
		f = &d->introduced[i];
		if (strcmp(f->check, "mta-sts-mx-not-covered") != 0 ||
		    f->severity != MX_SEV_INFO || f->subject == NULL)
			continue;
		if (!asked) {
			res = live_check(cli, owner);
			asked = 1;
		}
		sts = res != NULL ? &res->mta_sts : NULL;
		if (sts == NULL || !sts->fetched || sts->fetch_error != NULL ||
		    sts->policy_error != NULL) {
			if ((msg = mx_asprintf("%s; the policy served now could "
			    "not be read: %s", f->message, sts == NULL ?
			    "the live check failed" : !sts->fetched ?
			    "no valid _mta-sts record is published yet" :
			    sts->fetch_error ? sts->fetch_error :
			    sts->policy_error)) != NULL) {
				free(f->message);
				f->message = msg;
			}
			continue;
		}
		pats[0] = '\0';
		for (j = 0, len = 0; j < sts->policy.nmx && len <
		    sizeof(pats); j++)
			len += (size_t)snprintf(pats + len, sizeof(pats) - len,
			    "%s%s", j ? ", " : "", sts->policy.mx[j]);
		if (sts_covers(&sts->policy, f->subject)) {
			if ((msg = mx_asprintf("%s joins the MX set of %s; the "
			    "MTA-STS policy served now at %s (mode %s) already "
			    "lists it (mx: %s)", f->subject, owner, sts->url,
			    mx_sts_mode_name(sts->policy.mode), pats)) != NULL) {
				free(f->message);
				f->message = msg;
			}
			continue;
		}
		if (sts->policy.mode != MX_STS_ENFORCE &&
		    sts->policy.mode != MX_STS_TESTING)
			continue;
		sev = sts->policy.mode == MX_STS_ENFORCE ? MX_SEV_ERROR :
		    MX_SEV_WARNING;
		if ((msg = mx_asprintf("%s joins the MX set of %s, and the "
		    "MTA-STS policy served now at %s (mode %s, mx: %s) matches "
		    "no pattern for it: %s (RFC 8461 §4.1); list it in the "
		    "policy and change the _mta-sts record's id before the "
		    "change is published", f->subject, owner, sts->url,
		    mx_sts_mode_name(sts->policy.mode), pats,
		    sev == MX_SEV_ERROR ? "MTA-STS senders refuse to deliver "
		    "to it once the change is published" : "MTA-STS senders "
		    "report it and deliver (testing mode)")) == NULL)
			continue;
		free(f->message);
		f->message = msg;
		d->counts[MX_SEV_INFO]--;
		d->counts[sev]++;
		f->severity = sev;
		if (sev == MX_SEV_ERROR && d->new_verdict < MX_VERDICT_ERROR)
			d->new_verdict = MX_VERDICT_ERROR;
		else if (sev == MX_SEV_WARNING &&
		    d->new_verdict < MX_VERDICT_WARNING)
			d->new_verdict = MX_VERDICT_WARNING;
	}
	mx_result_free(res);
}

/* Compares owner between the sides and prints the diff as cli asks;
 * adds its introduced findings to counts.  -1 after a message when it
 * could not be compared. */
static int
diff_owner(const struct cli *cli, struct side *old, struct side *new,
    const char *owner, size_t *njson, size_t counts[3])
{
	struct mx_result	*ro, *rn;
	struct mx_diff		*d = NULL;
	mx_status		 st;
	size_t			 k;
	int			 rc = 0;

	ro = check_owner(old, owner);
	rn = check_owner(new, owner);
	if ((ro != NULL && ro->status != MX_OK) ||
	    (rn != NULL && rn->status != MX_OK)) {
		cli_warnx("%s: a finding could not be recorded (%s): its "
		    "checks are incomplete", owner, mx_strerror(ro &&
		    ro->status != MX_OK ? ro->status : rn->status));
		rc = -1;
	}
	if ((st = mx_diff_results_opt(owner, ro, rn, new->opt, &d)) != MX_OK) {
		cli_warnx("%s: %s", owner, mx_strerror(st));
		rc = -1;
		goto out;
	}
	if (cli->live && cli->smtp)
		judge_live_policy(cli, d, owner);
	for (k = 0; k < 3; k++)
		counts[k] += d->counts[k];
	st = MX_OK;
	switch (cli->format) {
	case FMT_TEXT:
		print_text(d);
		break;
	case FMT_GCC:
	case FMT_GITHUB:
		st = print_lines(cli, d);
		break;
	case FMT_JSON:
		if ((st = mx_json_array_next(stdout, (*njson)++,
		    MX_JSON_PRETTY)) == MX_OK)
			st = mx_format_diff_json(stdout, d, MX_JSON_PRETTY |
			    MX_JSON_ELEMENT);
		break;
	case FMT_JSONL:
		st = mx_format_diff_json(stdout, d, 0);
		break;
	case FMT_NAGIOS:
		for (k = 0; k < d->nintroduced; k++)
			keep_introduced(&d->introduced[k]);
		nagios_findings(owner, d->introduced, d->nintroduced);
		break;
	case FMT_SARIF:
		sarif_keep(d->introduced, d->nintroduced, owner);
		break;
	case FMT_OPENMETRICS:
		break;
	}
	if (st != MX_OK && st != MX_ERR_IO) {
		cli_warnx("%s: %s", owner, mx_strerror(st));
		rc = -1;
	}
out:
	mx_diff_free(d);
	mx_result_free(ro);
	mx_result_free(rn);
	return rc;
}

/* Appends the n findings of (add, n) to (*v, *nv), taking over their
 * strings; frees add. */
static mx_status
append_findings(struct mx_finding **v, size_t *nv, struct mx_finding *add,
    size_t n)
{
	struct mx_finding *g;

	if (n == 0) {
		free(add);
		return MX_OK;
	}
	if ((g = realloc(*v, (*nv + n) * sizeof(*g))) == NULL) {
		mx_findings_free(add, n);
		return MX_ERR_NOMEM;
	}
	memcpy(g + *nv, add, n * sizeof(*g));
	free(add);
	*v = g;
	*nv += n;
	return MX_OK;
}

/* The zone findings the new files introduce (syntax errors above all),
 * then those of the change as a whole (soa-serial-not-increased):
 * printed in every format but nagios (which has only its summary), and
 * counted as introduced.  -1 after a message when they could not be
 * compared. */
static int
diff_zones(const struct cli *cli, struct side *old, struct side *new,
    size_t *njson, size_t counts[3])
{
	struct mx_finding	*of = NULL, *nf = NULL, *intro = NULL;
	struct mx_finding	*change = NULL;
	size_t			 nof = 0, nnf = 0, nintro = 0, nchange = 0, k;
	mx_status		 st;
	int			 rc = 0;

	if ((st = mx_zone_findings(old->z, old->opt, &of, &nof)) != MX_OK ||
	    (st = mx_zone_findings(new->z, new->opt, &nf, &nnf)) != MX_OK ||
	    (st = mx_diff_findings(of, nof, nf, nnf, &intro, &nintro)) !=
	    MX_OK || (st = mx_diff_zone_findings(old->z, new->z, new->opt,
	    &change, &nchange)) != MX_OK || (st = append_findings(&intro,
	    &nintro, change, nchange)) != MX_OK) {
		cli_warnx("zone files: their findings could not be compared "
		    "(%s)", mx_strerror(st));
		mx_findings_free(intro, nintro);
		mx_findings_free(of, nof);
		mx_findings_free(nf, nnf);
		return -1;
	}
	for (k = 0; k < nintro; k++) {
		char *file;

		counts[intro[k].severity]++;
		if (cli->format == FMT_NAGIOS)
			keep_introduced(&intro[k]);
		if (cli->format != FMT_TEXT)
			continue;
		/* a file name may hold any byte: escaped as names are */
		file = mx_escape_bytes(intro[k].file ? intro[k].file : "-");
		printf("zone: introduced %s %s:%lu: %s [%s]\n",
		    mx_severity_name(intro[k].severity), file ? file : "?",
		    intro[k].line, intro[k].message, intro[k].check);
		free(file);
	}
	switch (cli->format) {
	case FMT_GCC:
		st = mx_format_gcc(stdout, intro, nintro, NULL);
		break;
	case FMT_GITHUB:
		st = mx_format_github(stdout, intro, nintro, NULL);
		break;
	case FMT_JSON:
		/* one more element, as lint writes the zone files' */
		if (nintro > 0 && (st = mx_json_array_next(stdout, (*njson)++,
		    MX_JSON_PRETTY)) == MX_OK)
			st = mx_format_findings_json(stdout, intro, nintro,
			    MX_JSON_PRETTY | MX_JSON_ELEMENT);
		break;
	case FMT_JSONL:
		if (nintro > 0)
			st = mx_format_findings_json(stdout, intro, nintro, 0);
		break;
	case FMT_NAGIOS:
		nagios_findings(NULL, intro, nintro);
		break;
	case FMT_SARIF:
		sarif_keep(intro, nintro, NULL);
		break;
	default:
		break;
	}
	if (st != MX_OK && st != MX_ERR_IO) {
		cli_warnx("zone files: %s", mx_strerror(st));
		rc = -1;
	}
	mx_findings_free(intro, nintro);
	mx_findings_free(of, nof);
	mx_findings_free(nf, nnf);
	return rc;
}

/*
 * mxdig diff OLD NEW: every MX owner of either file, in the old file's
 * order then the new owners, compared; then the zone findings.  The exit
 * status follows the introduced findings.
 */
int
run_diff(const struct cli *cli)
{
	struct side	 old, new;
	char *const	*oo, *const *no;
	struct mx_map	*known;
	size_t		 noo, nno, i, njson = 0, counts[3] = { 0, 0, 0 };
	enum mx_verdict	 worst;
	int		 rc, failed = 0;

	if (stdin_once(cli) != 0)
		return EXIT_UNKNOWN;
	if (side_open(cli, &cli->diff[0], &old, 1) != 0) {
		side_close(&old);
		return EXIT_UNKNOWN;
	}
	if (side_open(cli, &cli->diff[1], &new, 0) != 0) {
		side_close(&old);
		side_close(&new);
		return EXIT_UNKNOWN;
	}
	oo = mx_zone_mx_owners(old.z, &noo);
	no = mx_zone_mx_owners(new.z, &nno);
	/* the old owners by name, so that telling the new ones costs one
	 * look-up each; every owner's diff is printed as soon as it is made
	 * and nothing of it is kept */
	if ((known = mx_map_new()) == NULL) {
		cli_warnx("out of memory");
		failed = 1;
	}
	for (i = 0; known != NULL && i < noo; i++) {
		char *key = mx_name_key(oo[i]);

		if (key == NULL || mx_map_put(known, key, &old) != MX_OK) {
			cli_warnx("out of memory");
			failed = 1;
			free(key);
			mx_map_free(known, NULL);
			known = NULL;
			break;
		}
		free(key);
	}
	for (i = 0; known != NULL && i < noo + nno; i++) {
		const char *owner = i < noo ? oo[i] : no[i - noo];

		if (i >= noo) {
			/* an owner only the new file has */
			char	*key = mx_name_key(owner);
			int	 dup = key == NULL ||
				     mx_map_get(known, key) != NULL;

			free(key);
			if (dup)
				continue;
		}
		if (diff_owner(cli, &old, &new, owner, &njson, counts) != 0)
			failed = 1;
	}
	mx_map_free(known, NULL);
	if (diff_zones(cli, &old, &new, &njson, counts) != 0)
		failed = 1;
	if (cli->format == FMT_JSON)
		mx_json_array_end(stdout, njson, MX_JSON_PRETTY);
	if (cli->format == FMT_SARIF && sarif_write(MX_SARIF_INTRODUCED) !=
	    MX_OK) {
		cli_warnx("the SARIF log could not be written");
		failed = 1;
	}
	if (cli->format == FMT_TEXT)
		printf("Introduced: %zu error%s, %zu warning%s, %zu info\n",
		    counts[MX_SEV_ERROR], counts[MX_SEV_ERROR] == 1 ? "" : "s",
		    counts[MX_SEV_WARNING],
		    counts[MX_SEV_WARNING] == 1 ? "" : "s",
		    counts[MX_SEV_INFO]);
	worst = mx_verdict_of_counts(counts);
	if (cli->format == FMT_NAGIOS) {
		print_nagios(worst, counts, failed);
		if (kept.nomem)
			failed = 1;
	}
	rc = failed ? EXIT_UNKNOWN : exit_status(cli, worst);
	if (ferror(stdout))
		rc = EXIT_UNKNOWN;
	side_close(&old);
	side_close(&new);
	live_close();
	return rc;
}

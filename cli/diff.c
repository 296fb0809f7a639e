/*
 * diff.c -- mxdig diff OLD NEW: how each delivery path changes, and which
 * findings the change introduces or fixes.  The exit status follows the
 * introduced findings only, so a CI gate blocks regressions without
 * blocking on old debt.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "output.h"
#include "internal.h"

/* One side of the diff: a zone, its source and a context. */
struct side {
	mx_zone		*z;
	mx_source	*src;
	mx_ctx		*ctx;
	struct mx_options opt;
};

static int
side_open(const struct cli *cli, const struct zone_arg *za, struct side *s)
{
	char		*err = NULL;
	mx_status	 st;

	memset(s, 0, sizeof(*s));
	if (mx_zone_new(&s->z) != MX_OK) {
		cli_warnx("out of memory");
		return -1;
	}
	st = mx_zone_load_file(s->z, za->file, za->origin, &err);
	if (st != MX_OK) {
		cli_warnx("%s", err ? err : mx_strerror(st));
		free(err);
		return -1;
	}
	mx_options_init(&s->opt);
	s->opt.ttl_min = cli->ttl_min;
	s->opt.ttl_max = cli->ttl_max;
	s->opt.ignore = cli->ignore;
	s->opt.nignore = cli->nignore;
	s->opt.zone = s->z;
	if (mx_zone_source(s->z, &s->src) != MX_OK ||
	    mx_ctx_new(s->src, &s->opt, &s->ctx) != MX_OK) {
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
	mx_zone_free(s->z);
}

/* Returns 1 when f (by check and subject) is among the findings of r. */
static int
has_finding(const struct mx_result *r, const struct mx_finding *f)
{
	size_t i;

	if (r == NULL)
		return 0;
	for (i = 0; i < r->nfindings; i++)
		if (strcmp(r->findings[i].check, f->check) == 0 &&
		    ((f->subject == NULL && r->findings[i].subject == NULL) ||
		    (f->subject && r->findings[i].subject &&
		    mx_name_eq(f->subject, r->findings[i].subject))))
			return 1;
	return 0;
}

static const struct mx_host *
find_host(const struct mx_result *r, const char *exchange)
{
	size_t i;

	for (i = 0; r != NULL && i < r->nhosts; i++)
		if (mx_name_eq(r->hosts[i].exchange, exchange))
			return &r->hosts[i];
	return NULL;
}

/* Appends the changes of the path between o and n (either may be NULL)
 * to changes: exchanges added, removed, re-preferenced; MX TTL; null and
 * implicit MX switched. */
static void
path_changes(const struct mx_result *o, const struct mx_result *n,
    json_t *changes)
{
	size_t i;

	for (i = 0; o != NULL && i < o->nhosts; i++) {
		const struct mx_host *h = &o->hosts[i], *nh;

		if (h->implicit)
			continue;
		nh = find_host(n, h->exchange);
		if (nh == NULL || nh->implicit)
			json_array_append_new(changes, json_pack(
			    "{s:s, s:s, s:i}", "change", "removed",
			    "exchange", h->exchange, "preference",
			    h->preference));
		else if (nh->preference != h->preference)
			json_array_append_new(changes, json_pack(
			    "{s:s, s:s, s:i, s:i}", "change", "preference",
			    "exchange", h->exchange, "old", h->preference,
			    "new", nh->preference));
	}
	for (i = 0; n != NULL && i < n->nhosts; i++) {
		const struct mx_host *h = &n->hosts[i], *oh;

		if (h->implicit)
			continue;
		oh = find_host(o, h->exchange);
		if (oh == NULL || oh->implicit)
			json_array_append_new(changes, json_pack(
			    "{s:s, s:s, s:i}", "change", "added",
			    "exchange", h->exchange, "preference",
			    h->preference));
	}
	if (o != NULL && n != NULL && o->nmx > 0 && n->nmx > 0 &&
	    o->mx[0].ttl != n->mx[0].ttl)
		json_array_append_new(changes, json_pack("{s:s, s:i, s:i}",
		    "change", "ttl", "old", (int)o->mx[0].ttl, "new",
		    (int)n->mx[0].ttl));
	if (o != NULL && n != NULL && o->null_mx != n->null_mx)
		json_array_append_new(changes, json_pack("{s:s, s:b}",
		    "change", "null-mx", "new", n->null_mx));
	if (o != NULL && n != NULL && o->implicit != n->implicit)
		json_array_append_new(changes, json_pack("{s:s, s:b}",
		    "change", "implicit-mx", "new", n->implicit));
	if ((o == NULL || o->nmx == 0) && n != NULL && n->nmx > 0 &&
	    (o == NULL || !o->implicit) && json_array_size(changes) == 0)
		json_array_append_new(changes, json_pack("{s:s}", "change",
		    "new-owner"));
}

static json_t *
finding_json(const struct mx_finding *f)
{
	return json_pack("{s:s, s:s, s:s?, s:s, s:s?, s:I}", "check",
	    f->check, "severity", mx_severity_name(f->severity), "subject",
	    f->subject, "message", f->message, "file", f->file, "line",
	    (json_int_t)f->line);
}

/* Compares one owner's results; adds introduced findings to counts. */
static json_t *
compare(const char *owner, const struct mx_result *o,
    const struct mx_result *n, size_t counts[3])
{
	json_t	*obj = json_object(), *intro = json_array(),
		*fixed = json_array(), *changes = json_array();
	size_t	 i;

	json_object_set_new(obj, "domain", json_string(owner));
	path_changes(o, n, changes);
	for (i = 0; n != NULL && i < n->nfindings; i++)
		if (!has_finding(o, &n->findings[i])) {
			json_array_append_new(intro,
			    finding_json(&n->findings[i]));
			counts[n->findings[i].severity]++;
		}
	for (i = 0; o != NULL && i < o->nfindings; i++)
		if (!has_finding(n, &o->findings[i]))
			json_array_append_new(fixed,
			    finding_json(&o->findings[i]));
	json_object_set_new(obj, "old_status", json_string(o ?
	    mx_verdict_name(o->verdict) : "absent"));
	json_object_set_new(obj, "new_status", json_string(n ?
	    mx_verdict_name(n->verdict) : "absent"));
	json_object_set_new(obj, "changes", changes);
	json_object_set_new(obj, "introduced", intro);
	json_object_set_new(obj, "fixed", fixed);
	return obj;
}

static void
print_text(const json_t *d)
{
	size_t	 i;
	json_t	*v;
	json_t	*changes = json_object_get(d, "changes");
	json_t	*intro = json_object_get(d, "introduced");
	json_t	*fixed = json_object_get(d, "fixed");

	if (json_array_size(changes) + json_array_size(intro) +
	    json_array_size(fixed) == 0)
		return;
	printf("%s  (%s -> %s)\n", json_string_value(json_object_get(d,
	    "domain")), json_string_value(json_object_get(d, "old_status")),
	    json_string_value(json_object_get(d, "new_status")));
	json_array_foreach(changes, i, v) {
		const char *c = json_string_value(json_object_get(v,
		    "change"));

		if (strcmp(c, "added") == 0 || strcmp(c, "removed") == 0)
			printf("  %s MX %lld %s\n", c[0] == 'a' ? "+" : "-",
			    json_integer_value(json_object_get(v,
			    "preference")), json_string_value(
			    json_object_get(v, "exchange")));
		else if (strcmp(c, "preference") == 0)
			printf("  ~ MX %s preference %lld -> %lld\n",
			    json_string_value(json_object_get(v, "exchange")),
			    json_integer_value(json_object_get(v, "old")),
			    json_integer_value(json_object_get(v, "new")));
		else if (strcmp(c, "ttl") == 0)
			printf("  ~ MX TTL %lld -> %lld\n",
			    json_integer_value(json_object_get(v, "old")),
			    json_integer_value(json_object_get(v, "new")));
		else if (strcmp(c, "new-owner") == 0)
			printf("  + new MX owner\n");
		else
			printf("  ~ %s %s\n", c, json_is_true(
			    json_object_get(v, "new")) ? "on" : "off");
	}
	json_array_foreach(intro, i, v)
		printf("  introduced %-8s %s: %s [%s]\n", json_string_value(
		    json_object_get(v, "severity")), json_string_value(
		    json_object_get(v, "subject")), json_string_value(
		    json_object_get(v, "message")), json_string_value(
		    json_object_get(v, "check")));
	json_array_foreach(fixed, i, v)
		printf("  fixed      %-8s %s: %s [%s]\n", json_string_value(
		    json_object_get(v, "severity")), json_string_value(
		    json_object_get(v, "subject")), json_string_value(
		    json_object_get(v, "message")), json_string_value(
		    json_object_get(v, "check")));
	printf("\n");
}

/* The introduced findings as compiler lines, in the new file. */
static void
print_lines(const struct cli *cli, const json_t *d)
{
	json_t	*v;
	size_t	 i;

	json_array_foreach(json_object_get(d, "introduced"), i, v) {
		struct mx_finding f;

		memset(&f, 0, sizeof(f));
		f.check = json_string_value(json_object_get(v, "check"));
		f.severity = strcmp(json_string_value(json_object_get(v,
		    "severity")), "error") == 0 ? MX_SEV_ERROR :
		    strcmp(json_string_value(json_object_get(v, "severity")),
		    "warning") == 0 ? MX_SEV_WARNING : MX_SEV_INFO;
		f.subject = (char *)json_string_value(json_object_get(v,
		    "subject"));
		f.message = (char *)json_string_value(json_object_get(v,
		    "message"));
		f.file = json_string_value(json_object_get(v, "file"));
		f.line = (unsigned long)json_integer_value(json_object_get(v,
		    "line"));
		if (cli->format == FMT_GITHUB)
			mx_format_github(stdout, &f, 1, NULL);
		else
			mx_format_gcc(stdout, &f, 1, NULL);
	}
}

static void
keep(void *arg, struct mx_result *res)
{
	*(struct mx_result **)arg = res;
}

static struct mx_result *
check_owner(struct side *s, const char *owner)
{
	struct mx_result *res = NULL;

	if (!mx_zone_covers(s->z, owner))
		return NULL;
	if (mx_check_start(s->ctx, owner, keep, &res) != MX_OK)
		return NULL;
	mx_ctx_run(s->ctx);
	return res;
}


int
run_diff(const struct cli *cli)
{
	struct side	 old, new;
	char *const	*oo, *const *no;
	size_t		 noo, nno, i, j, counts[3] = { 0, 0, 0 };
	json_t		*all = json_array();
	enum mx_verdict	 worst;
	int		 rc = EXIT_UNKNOWN, failed = 0;

	if (side_open(cli, &cli->diff[0], &old) != 0) {
		side_close(&old);
		json_decref(all);
		return EXIT_UNKNOWN;
	}
	if (side_open(cli, &cli->diff[1], &new) != 0) {
		side_close(&old);
		side_close(&new);
		json_decref(all);
		return EXIT_UNKNOWN;
	}
	oo = mx_zone_mx_owners(old.z, &noo);
	no = mx_zone_mx_owners(new.z, &nno);
	for (i = 0; i < noo + nno; i++) {
		const char		*owner = i < noo ? oo[i] : no[i - noo];
		struct mx_result	*ro, *rn;
		json_t			*d;

		if (i >= noo) {
			/* an owner only the new file has */
			for (j = 0; j < noo; j++)
				if (mx_name_eq(oo[j], owner))
					break;
			if (j < noo)
				continue;
		}
		ro = check_owner(&old, owner);
		rn = check_owner(&new, owner);
		d = compare(owner, ro, rn, counts);
		mx_result_free(ro);
		mx_result_free(rn);
		if (cli->format == FMT_TEXT)
			print_text(d);
		else if (cli->format == FMT_GCC || cli->format == FMT_GITHUB)
			print_lines(cli, d);
		else if (cli->format == FMT_JSONL) {
			json_dumpf(d, stdout, JSON_COMPACT |
			    JSON_PRESERVE_ORDER);
			fputc('\n', stdout);
		}
		json_array_append_new(all, d);
	}
	/* new syntax errors count as introduced */
	{
		struct mx_finding *f = NULL, *of = NULL;
		size_t nf = 0, nof = 0, k;

		if (mx_zone_findings(new.z, &new.opt, &f, &nf) != MX_OK ||
		    mx_zone_findings(old.z, &old.opt, &of, &nof) != MX_OK) {
			cli_warnx("out of memory");
			nf = 0;
			failed = 1;
		}
		for (k = 0; k < nf; k++) {
			size_t m;
			int found = 0;

			for (m = 0; m < nof && !found; m++)
				found = strcmp(of[m].check, f[k].check) == 0 &&
				    strcmp(of[m].message, f[k].message) == 0;
			if (found)
				continue;
			counts[f[k].severity]++;
			if (cli->format == FMT_GCC)
				mx_format_gcc(stdout, &f[k], 1, NULL);
			else if (cli->format == FMT_GITHUB)
				mx_format_github(stdout, &f[k], 1, NULL);
			else if (cli->format == FMT_TEXT)
				printf("zone: introduced %s %s:%lu: %s [%s]\n",
				    mx_severity_name(f[k].severity),
				    f[k].file, f[k].line, f[k].message,
				    f[k].check);
		}
		mx_findings_free(f, nf);
		mx_findings_free(of, nof);
	}
	if (cli->format == FMT_JSON) {
		json_dumpf(all, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
	}
	if (cli->format == FMT_TEXT)
		printf("Introduced: %zu error%s, %zu warning%s, %zu info\n",
		    counts[MX_SEV_ERROR], counts[MX_SEV_ERROR] == 1 ? "" : "s",
		    counts[MX_SEV_WARNING],
		    counts[MX_SEV_WARNING] == 1 ? "" : "s",
		    counts[MX_SEV_INFO]);
	worst = mx_verdict_of_counts(counts);
	if (cli->format == FMT_NAGIOS) {
		struct perf perf[] = {
			{ "errors", (double)counts[MX_SEV_ERROR], 0, NULL },
			{ "warnings", (double)counts[MX_SEV_WARNING], 0, NULL },
		};
		char *summary = mx_asprintf("diff introduces %zu errors, %zu "
		    "warnings", counts[MX_SEV_ERROR], counts[MX_SEV_WARNING]);

		if (summary == NULL) {
			cli_warnx("out of memory");
			failed = 1;
		} else
			nagios_line(stdout, failed ? MX_VERDICT_UNKNOWN :
			    worst, summary, perf, 2);
		free(summary);
	}
	rc = failed ? EXIT_UNKNOWN : exit_status(cli, worst);
	json_decref(all);
	side_close(&old);
	side_close(&new);
	return rc;
}

/*
 * sources.c -- the zones and the data source the options ask for.
 */
#include <sys/stat.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "output.h"
#include "util.h"

int
load_zone_arg(mx_zone *z, const struct zone_arg *za, int absent_ok,
    int *absent)
{
	struct stat	 sb;
	mx_status	 st;
	char		*err = NULL, shown[CLI_SHOWN_MAX];

	if (absent != NULL)
		*absent = 0;
	if (strcmp(za->file, "-") == 0)
		st = mx_zone_load_fp(z, stdin, STDIN_NAME, za->origin, &err);
	else if (absent_ok && stat(za->file, &sb) == -1 && errno == ENOENT) {
		/* a zone new in this change: nothing before it */
		cli_warnx("%s: no such file: taken as no zone (new in this "
		    "change)", cli_shown(za->file, shown, sizeof(shown)));
		*absent = 1;
		return 0;
	} else
		st = mx_zone_load_file(z, za->file, za->origin, &err);
	if (st != MX_OK) {
		cli_warnx("%s", err ? err : mx_strerror(st));
		free(err);
		return -1;
	}
	return 0;
}

int
stdin_once(const struct cli *cli)
{
	size_t	i, n = 0;

	for (i = 0; i < cli->nzones; i++)
		n += strcmp(cli->zones[i].file, "-") == 0;
	for (i = 0; cli->mode == MODE_DIFF && i < 2; i++)
		n += cli->diff[i].file != NULL &&
		    strcmp(cli->diff[i].file, "-") == 0;
	if (cli->list_file != NULL && strcmp(cli->list_file, "-") == 0)
		n++;
	if (n > 1) {
		cli_warnx("standard input (-) can be read only once: name it "
		    "once among the zone files and -f");
		return -1;
	}
	return 0;
}

/* Loads every zone named by cli (--zone, and lint's files; - is standard
 * input). */
int
load_zones(const struct cli *cli, mx_zone **out)
{
	mx_zone		*z;
	size_t		 i;

	*out = NULL;
	if (stdin_once(cli) != 0)
		return -1;
	if (mx_zone_new(&z) != MX_OK) {
		cli_warnx("out of memory");
		return -1;
	}
	mx_zone_set_digest(z, 0);	/* only diff compares digests */
	for (i = 0; i < cli->nzones; i++)
		if (load_zone_arg(z, &cli->zones[i], 0, NULL) != 0) {
			mx_zone_free(z);
			return -1;
		}
	*out = z;
	return 0;
}

/* The options of a check run, or NULL after a message. */
mx_options *
make_options(const struct cli *cli, const mx_zone *z, int lint)
{
	mx_options	*opt;
	size_t		 i;

	if (mx_options_new(&opt) != MX_OK) {
		cli_warnx("out of memory");
		return NULL;
	}
	mx_options_set_ttl(opt, cli->ttl_min, cli->ttl_max);
	mx_options_set_sig_days(opt, cli->sig_days);
	for (i = 0; i < cli->nignore; i++) {
		mx_status st = mx_options_ignore(opt, cli->ignore[i]);

		if (st != MX_OK) {
			cli_warnx("--ignore %s: %s", cli->ignore[i],
			    mx_strerror(st));
			mx_options_free(opt);
			return NULL;
		}
	}
	mx_options_set_zone(opt, z, lint);
	mx_options_set_additional(opt, !cli->no_additional);
	/* the authority layer: live checks only (lint never asks) */
	mx_options_set_authority(opt, !cli->no_auth && !lint);
	for (i = 0; i < cli->nroutable; i++)
		if (mx_options_add_routable(opt, cli->routable[i]) != MX_OK) {
			cli_warnx("--routable %s: %s", cli->routable[i],
			    mx_strerror(MX_ERR_ARG));
			mx_options_free(opt);
			return NULL;
		}
	if (!lint && cli->smtp && (mx_options_set_smtp(opt, 1) != MX_OK ||
	    mx_options_set_helo(opt, cli->helo) != MX_OK ||
	    mx_options_set_smtp_timeout(opt, cli->smtp_timeout_ms) != MX_OK ||
	    mx_options_set_smtp_concurrency(opt, cli->smtp_concurrency) !=
	    MX_OK || mx_options_set_cert_days(opt, cli->cert_days) != MX_OK ||
	    mx_options_set_smtp_cache(opt, !(cli->cache_set &&
	    cli->cache_size == 0)) != MX_OK)) {
		cli_warnx("out of memory");
		mx_options_free(opt);
		return NULL;
	}
	if (mx_options_set_dnssec(opt, cli->no_dnssec ? MX_DNSSEC_OFF :
	    (enum mx_dnssec_via)cli->dnssec_via) != MX_OK ||
	    mx_options_set_trust_anchor(opt, cli->trust_anchor) != MX_OK ||
	    mx_options_set_ptr(opt, !cli->no_ptr) != MX_OK ||
	    mx_options_set_policy(opt, !cli->no_policy) != MX_OK) {
		cli_warnx("out of memory");
		mx_options_free(opt);
		return NULL;
	}
	if (cli->ca_file != NULL && mx_options_set_ca_file(opt,
	    cli->ca_file) != MX_OK) {
		char shown[CLI_SHOWN_MAX];

		cli_warnx("--ca-file %s: cannot be read, or holds no "
		    "certificate", cli_shown(cli->ca_file, shown,
		    sizeof(shown)));
		mx_options_free(opt);
		return NULL;
	}
	return opt;
}

/* Makes the source the options ask for: the zone files, live DNS, or the
 * zone files with live DNS for the names they do not cover (--live).  A
 * live source is one of nworkers: it gets that share of the cache. */
int
make_source(const struct cli *cli, mx_zone *z, mx_source **src,
    unsigned nworkers)
{
	mx_live_options	*lo = NULL;
	mx_source	*zs = NULL, *ls = NULL;
	char		*err = NULL;
	mx_status	 st;
	size_t		 cache = cli->cache_set ? cli->cache_size :
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
	if (mx_live_options_new(&lo) != MX_OK ||
	    mx_live_options_set_server(lo, cli->server) != MX_OK ||
	    mx_live_options_set_port(lo, cli->port) != MX_OK ||
	    mx_live_options_set_family(lo, cli->family) != MX_OK ||
	    mx_live_options_set_tcp(lo, cli->tcp) != MX_OK ||
	    mx_live_options_set_timeout(lo, cli->timeout_ms) != MX_OK ||
	    mx_live_options_set_tries(lo, cli->tries) != MX_OK ||
	    mx_live_options_set_resolv_conf(lo, cli->resolv_conf) != MX_OK ||
	    mx_live_options_set_cache(lo, cache == 0 ? 0 : cache / nworkers >
	    0 ? cache / nworkers : 1) != MX_OK) {
		cli_warnx("out of memory");
		mx_live_options_free(lo);
		mx_source_free(zs);
		return -1;
	}
	st = mx_live_source(lo, &ls, &err);
	mx_live_options_free(lo);
	if (st != MX_OK) {
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

unsigned
cli_threads(const struct cli *cli)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);

	if (cli->threads)
		return cli->threads;
	return cores > 4 ? 4 : cores > 1 ? (unsigned)cores : 1;
}

/*
 * sources.c -- the zones and the data source the options ask for.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output.h"

/* Loads every zone named by cli (--zone, and lint's files). */
int
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

void
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
int
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

/*
 * lint.c -- mxdig lint FILE...: every mail domain of the zones (each zone
 * apex and every MX owner; the exchanges are checked on their paths),
 * with compiler-style findings sorted by file and line.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "output.h"
#include "util.h"

static void
on_lint_result(void *arg, struct mx_result *res)
{
	sink_result(arg, res);
	mx_result_free(res);
}

/*
 * The apexes (SOA owners) of the loaded zones that carry no MX record, in
 * load order,
 * each once, in *out (n of them; the strings are the zone's): an apex is
 * a mail domain whether it publishes MX or not (a zone that takes no mail
 * says so with a null MX, RFC 7505), while the MX owners are checked
 * anyway.  The owners are looked up by hash, so that N owners cost O(N).
 * Returns -1 when out of memory.
 */
static int
apexes_without_mx(const mx_zone *z, const char ***out, size_t *n)
{
	const struct mx_zone_info	*zi;
	char *const			*owners;
	struct mx_hset			 ix = { NULL, 0, 0 };
	const char			**v;
	unsigned char			*has;
	size_t				 nz, no, i;
	uint32_t			 j;

	*out = NULL;
	*n = 0;
	zi = mx_zone_infos(z, &nz);
	owners = mx_zone_mx_owners(z, &no);
	if (nz == 0)
		return 0;
	if ((v = calloc(nz, sizeof(*v))) == NULL ||
	    (has = calloc(nz, 1)) == NULL) {
		free(v);
		return -1;
	}
	for (i = 0; i < nz; i++)
		if (mx_hset_add(&ix, mx_hash_name(zi[i].origin),
		    (uint32_t)i) != MX_OK) {
			mx_hset_free(&ix);
			free(has);
			free(v);
			return -1;
		}
	for (i = 0; i < no; i++) {
		size_t pos = 0;

		while (mx_hset_next(&ix, mx_hash_name(owners[i]), &pos, &j))
			if (mx_name_eq(zi[j].origin, owners[i]))
				has[j] = 1;
	}
	/* two files of one origin (zone-duplicate-origin) are one apex,
	 * checked once */
	for (i = 0; i < nz; i++) {
		size_t	pos = 0;
		int	first = 1;

		/* a file without an SOA is a fragment of a zone, not one */
		if (has[i] || !zi[i].has_soa)
			continue;
		while (first && mx_hset_next(&ix, mx_hash_name(zi[i].origin),
		    &pos, &j))
			if (j < i && mx_name_eq(zi[j].origin, zi[i].origin))
				first = 0;
		if (first)
			v[(*n)++] = zi[i].origin;
	}
	mx_hset_free(&ix);
	free(has);
	*out = v;
	return 0;
}

int
run_lint(const struct cli *cli)
{
	struct sink		 sink;
	mx_options		*opt = NULL;
	mx_zone			*z = NULL;
	mx_source		*src = NULL;
	mx_ctx			*ctx = NULL;
	char *const		*owners;
	const char		**apexes = NULL;
	size_t			 n, napex = 0, i;
	int			 rc = EXIT_UNKNOWN;
	mx_status		 st = MX_OK;

	if (load_zones(cli, &z) != 0)
		return EXIT_UNKNOWN;
	if (make_source(cli, z, &src, 1) != 0 ||
	    (opt = make_options(cli, z, 1)) == NULL)
		goto out;
	if (mx_ctx_new(src, opt, &ctx) != MX_OK) {
		cli_warnx("out of memory");
		goto out;
	}
	if (sink_open(&sink, cli, 1) != 0)
		goto out;
	sink_zone(&sink, z, 1);
	if (apexes_without_mx(z, &apexes, &napex) != 0) {
		cli_warnx("out of memory");
		st = MX_ERR_NOMEM;
	}
	for (i = 0; i < napex && st == MX_OK; i++)
		if ((st = mx_check_start(ctx, apexes[i], on_lint_result,
		    &sink, NULL)) != MX_OK)
			cli_warnx("%s: %s", apexes[i], mx_strerror(st));
	owners = mx_zone_mx_owners(z, &n);
	for (i = 0; i < n && st == MX_OK; i++) {
		if ((st = mx_check_start(ctx, owners[i], on_lint_result,
		    &sink, NULL)) != MX_OK) {
			cli_warnx("%s: %s", owners[i], mx_strerror(st));
			break;
		}
		/* drain as we go so memory stays bounded */
		if ((i + 1) % 256 == 0)
			st = mx_ctx_run(ctx, -1);
	}
	if (st == MX_OK)
		st = mx_ctx_run(ctx, -1);
	if (st != MX_OK)
		cli_warnx("the checks did not finish: %s", mx_strerror(st));
	rc = sink_close(&sink);
	if (sink.io_error || st != MX_OK)
		rc = EXIT_UNKNOWN;
	sink_free(&sink);
out:
	free(apexes);
	mx_ctx_free(ctx);
	mx_source_free(src);
	mx_options_free(opt);
	mx_zone_free(z);
	return rc;
}

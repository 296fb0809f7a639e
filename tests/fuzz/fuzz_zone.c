/*
 * fuzz_zone.c -- libFuzzer target for the zone loader from memory
 * (mx_zone_load_string), then every check as `mxdig lint` runs them
 * (every MX owner and every zone apex, through the zone source, no
 * network), then every renderer.
 *
 * The first octet chooses: bit 0 an origin given (example.com.) or
 * found by the loader, bit 1 the ttl bounds of the options set to their
 * extremes, bit 2 the additional-section use off; the rest is the zone
 * text.  Oracles (oracle.c): the load fails only with a message, every
 * result and the zone's own findings hold together and render as
 * printable ASCII, valid JSON equal to jansson's dump of itself, and one
 * gcc line per finding.
 *
 * $INCLUDE reads files: an input that could name one outside the working
 * folder (a '/' or a backslash escape anywhere) is skipped, so that the
 * fuzzer explores the zone text and not the machine's file system, and
 * an input with $INCLUDE is loaded from a private folder of the target's
 * (made once per process), which holds a.inc (records) and loop.inc
 * (which includes itself): the same files wherever the target runs.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mxdig.h"
#include "oracle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* At most this many domains checked per input, to keep a run fast. */
#define FZ_DOMAINS	64

struct run {
	size_t	 done;
};

static void
on_result(void *arg, struct mx_result *res)
{
	struct run *run = arg;

	run->done++;
	fz_check_result(res);
	mx_result_free(res);
}

/* The private folder of the include files, made on first use. */
static char include_dir[] = "/tmp/mxdig-fuzz-zone-XXXXXX";
static const char *const include_files[][2] = {
	{ "a.inc", "a 300 IN MX 10 mx1\nmx1 300 IN A 192.0.2.1\n"
	    "mx1 300 IN AAAA 2001:db8::1\n" },
	{ "loop.inc", "loop 300 IN A 192.0.2.2\n$INCLUDE loop.inc\n" },
};

static void
include_dir_remove(void)
{
	char	path[sizeof(include_dir) + 16];
	size_t	i;

	for (i = 0; i < sizeof(include_files) / sizeof(include_files[0]);
	    i++) {
		snprintf(path, sizeof(path), "%s/%s", include_dir,
		    include_files[i][0]);
		unlink(path);
	}
	rmdir(include_dir);
}

static void
include_dir_make(void)
{
	static int	 made;
	char		 path[sizeof(include_dir) + 16];
	FILE		*fp;
	size_t		 i;

	if (made)
		return;
	made = 1;
	if (mkdtemp(include_dir) == NULL) {
		/* Seen once in CI's Debian package build, cause unknown:
		 * say why, then make the folder in the current one (the
		 * build tree), so that the replay still checks $INCLUDE */
		fprintf(stderr, "fuzz_zone: mkdtemp %s: %s; trying the "
		    "current folder\n", include_dir, strerror(errno));
		memcpy(include_dir, "mxdig-fuzz-zone-XXXXXX",
		    sizeof("mxdig-fuzz-zone-XXXXXX"));
		fz_require(mkdtemp(include_dir) != NULL);
	}
	for (i = 0; i < sizeof(include_files) / sizeof(include_files[0]);
	    i++) {
		snprintf(path, sizeof(path), "%s/%s", include_dir,
		    include_files[i][0]);
		fz_require((fp = fopen(path, "w")) != NULL);
		fz_require(fputs(include_files[i][1], fp) >= 0);
		fz_require(fclose(fp) == 0);
	}
	atexit(include_dir_remove);
}

/* Whether text has an $INCLUDE. */
static int
has_include(const char *text)
{
	const char *p;

	for (p = text; *p != '\0'; p++)
		if (*p == '$' && strncasecmp(p, "$include", 8) == 0)
			return 1;
	return 0;
}

/* Whether text may make $INCLUDE open a file outside the working
 * folder. */
static int
includes_elsewhere(const char *text)
{
	const char *p;

	for (p = text; *p != '\0'; p++)
		if (*p == '$' && strncasecmp(p, "$include", 8) == 0)
			return strchr(text, '/') != NULL ||
			    strchr(text, '\\') != NULL;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct run		 run = { 0 };
	mx_zone			*z = NULL;
	mx_source		*src = NULL;
	mx_options		*opt = NULL;
	mx_ctx			*ctx = NULL;
	struct mx_finding	*zf = NULL;
	const struct mx_zone_info *zi;
	char *const		*owners;
	char			*text, *err = NULL;
	size_t			 nowners, nzones, nzf, i, started = 0;
	mx_status		 st;
	int			 include, cwd = -1;

	if (size < 1)
		return 0;
	if ((text = malloc(size)) == NULL)
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	if (includes_elsewhere(text)) {
		free(text);
		return 0;
	}
	if ((include = has_include(text))) {
		include_dir_make();
		fz_require((cwd = open(".", O_RDONLY | O_DIRECTORY)) >= 0);
		fz_require(chdir(include_dir) == 0);
	}
	fz_require(mx_zone_new(&z) == MX_OK);
	st = mx_zone_load_string(z, text, "fuzz.zone",
	    data[0] & 1 ? "example.com." : NULL, &err);
	free(text);
	if (include) {
		fz_require(fchdir(cwd) == 0);
		close(cwd);
	}
	if (st != MX_OK) {
		/* a load that fails says why, naming the file */
		fz_require(st == MX_ERR_ORIGIN || st == MX_ERR_IO ||
		    st == MX_ERR_LIMIT || st == MX_ERR_NAME);
		fz_require(err != NULL);
		fz_require(fz_printable(err, strlen(err), 0));
		free(err);
		mx_zone_free(z);
		return 0;
	}
	fz_require(err == NULL);

	fz_require(mx_options_new(&opt) == MX_OK);
	if (data[0] & 2)
		fz_require(mx_options_set_ttl(opt, 0, 2147483647U) == MX_OK);
	if (data[0] & 4)
		fz_require(mx_options_set_additional(opt, 0) == MX_OK);
	fz_require(mx_options_set_zone(opt, z, 1) == MX_OK);

	/* the zone files' own findings, as lint prints them */
	fz_require(mx_zone_findings(z, opt, &zf, &nzf) == MX_OK);
	fz_check_findings(zf, nzf);
	mx_findings_free(zf, nzf);

	fz_require(mx_zone_source(z, &src) == MX_OK);
	fz_require(mx_ctx_new(src, opt, &ctx) == MX_OK);
	owners = mx_zone_mx_owners(z, &nowners);
	for (i = 0; i < nowners && started < FZ_DOMAINS; i++, started++)
		fz_require(mx_check_start(ctx, owners[i], on_result, &run,
		    NULL) == MX_OK);
	zi = mx_zone_infos(z, &nzones);
	for (i = 0; i < nzones && started < FZ_DOMAINS; i++, started++)
		fz_require(mx_check_start(ctx, zi[i].origin, on_result, &run,
		    NULL) == MX_OK);
	/* the zone source answers at the next round: no wait, no network */
	fz_require(mx_ctx_run(ctx, 10000) == MX_OK);
	fz_require(run.done == started);

	mx_ctx_free(ctx);
	mx_source_free(src);
	mx_options_free(opt);
	mx_zone_free(z);
	return 0;
}

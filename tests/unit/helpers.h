/*
 * helpers.h -- shared by the unit tests: run a zone text through the
 * checks and flatten the findings for exact comparison.
 */
#ifndef MX_TEST_HELPERS_H
#define MX_TEST_HELPERS_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "mxdig.h"
#include "internal.h"
#include "loop.h"

/* The zone of the last check_zone_text: results point into it (file
 * names), so it lives until the next call or check_zone_done. */
static mx_zone *last_zone;

static inline int
check_zone_done(void **state)
{
	(void)state;
	mx_zone_free(last_zone);
	last_zone = NULL;
	return 0;
}

/* Loads text as a zone with origin and checks domain with the options in
 * (NULL: defaults). */
static inline struct mx_result *
check_zone_text(const char *text, const char *origin, const char *domain,
    const mx_options *in)
{
	mx_zone			*z;
	mx_source		*src;
	mx_ctx			*ctx;
	struct mx_options	 opt;
	struct mx_result	*res = NULL;
	char			*err = NULL;

	assert_int_equal(mx_zone_new(&z), MX_OK);
	assert_int_equal(mx_zone_load_string(z, text, "t.zone", origin, &err),
	    MX_OK);
	assert_null(err);
	assert_int_equal(mx_zone_source(z, &src), MX_OK);
	if (in)
		assert_int_equal(mx_options_copy(&opt, in), MX_OK);
	else
		mx_options_defaults(&opt);
	opt.zone = z;
	assert_int_equal(mx_ctx_new(src, &opt, &ctx), MX_OK);
	assert_int_equal(mx_check_domain(ctx, domain, &res), MX_OK);
	mx_options_clear(&opt);
	mx_ctx_free(ctx);
	mx_source_free(src);
	check_zone_done(NULL);
	last_zone = z;
	return res;
}

/* "check@subject:line check@subject:line ..." in finding order. */
static inline char *
flatten(const struct mx_result *res)
{
	static char	buf[4096];
	size_t		i, off = 0;

	buf[0] = '\0';
	for (i = 0; i < res->nfindings; i++)
		off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%s%s@%s:%lu",
		    i ? " " : "", res->findings[i].check,
		    res->findings[i].subject ? res->findings[i].subject : "-",
		    res->findings[i].line);
	return buf;
}

#endif

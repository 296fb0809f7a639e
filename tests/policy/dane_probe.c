/*
 * dane_probe.c -- a test tool for tests/policy/dane-lab.sh: checks one
 * domain with --smtp through a resolver, then matches the chain each
 * address presented (the DER the probe kept) against the TLSA records
 * given, with mx_dane_verify, and prints one line per address:
 *
 *   ADDRESS ok depth D record R leaf311 HEX
 *   ADDRESS failed leaf311 HEX: WHY
 *   ADDRESS none
 *
 * usage: dane_probe RESOLVER CAFILE DOMAIN ["U S M HEX"...]
 *
 * The reference names are the exchange's CNAME-expanded name, then the
 * name the MX gives (RFC 7672 §3.2.2).  It tests the probe's capture of
 * the chain and the matching on a real server's chain, before the policy
 * layer calls them; exit 0 when every line could be printed, 1 on a
 * setup error (said on standard error), 2 on bad arguments.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mxdig.h"
#include "probe.h"

/* "3 1 1 hex" into t (data allocated); 0 when it is not that. */
static int
parse_rr(const char *text, struct mx_tlsa *t)
{
	unsigned	u, s, m;
	int		off = 0;
	size_t		i, n;
	const char	*hex;

	memset(t, 0, sizeof(*t));
	if (sscanf(text, "%u %u %u %n", &u, &s, &m, &off) != 3 || off == 0 ||
	    u > 255 || s > 255 || m > 255)
		return 0;
	hex = text + off;
	n = strlen(hex);
	if (n == 0 || n % 2 != 0 || (t->data = malloc(n / 2)) == NULL)
		return 0;
	for (i = 0; i < n / 2; i++) {
		unsigned b;

		if (sscanf(hex + 2 * i, "%2x", &b) != 1) {
			free(t->data);
			return 0;
		}
		t->data[i] = (unsigned char)b;
	}
	t->usage = (uint8_t)u;
	t->selector = (uint8_t)s;
	t->mtype = (uint8_t)m;
	t->len = n / 2;
	return 1;
}

int
main(int argc, char *argv[])
{
	mx_live_options		*lo = NULL;
	mx_options		*opt = NULL;
	mx_source		*src = NULL;
	mx_ctx			*ctx = NULL;
	struct mx_result	*res = NULL;
	struct mx_tlsa		*recs;
	char			*err = NULL, why[1024], leaf[65];
	size_t			 i, j, n;
	int			 rc = 1, depth, record;

	if (argc < 4) {
		fprintf(stderr, "usage: dane_probe RESOLVER CAFILE DOMAIN "
		    "[\"U S M HEX\"...]\n");
		return 2;
	}
	n = (size_t)argc - 4;
	if ((recs = calloc(n + 1, sizeof(*recs))) == NULL)
		return 1;
	for (i = 0; i < n; i++)
		if (!parse_rr(argv[4 + i], &recs[i])) {
			fprintf(stderr, "dane_probe: \"%s\" is no TLSA "
			    "RDATA\n", argv[4 + i]);
			return 2;
		}
	if (mx_live_options_new(&lo) != MX_OK ||
	    mx_live_options_set_server(lo, argv[1]) != MX_OK ||
	    mx_live_source(lo, &src, &err) != MX_OK ||
	    mx_options_new(&opt) != MX_OK ||
	    mx_options_set_dnssec(opt, MX_DNSSEC_OFF) != MX_OK ||
	    mx_options_set_smtp(opt, 1) != MX_OK ||
	    mx_options_set_helo(opt, "probe.lab.test") != MX_OK ||
	    mx_options_set_smtp_timeout(opt, 10000) != MX_OK ||
	    mx_options_set_ca_file(opt, argv[2]) != MX_OK ||
	    mx_ctx_new(src, opt, &ctx) != MX_OK ||
	    mx_check_domain(ctx, argv[3], &res) != MX_OK) {
		fprintf(stderr, "dane_probe: %s: cannot check: %s\n", argv[3],
		    err ? err : "setup failed");
		goto done;
	}
	for (i = 0; i < res->nhosts; i++) {
		const struct mx_host	*h = &res->hosts[i];
		const char		*names[2];

		names[0] = h->canonical ? h->canonical : h->exchange;
		names[1] = h->exchange;
		for (j = 0; j < h->naddrs; j++) {
			const struct mx_address	*a = &h->addrs[j];
			enum mx_dane_match	 m;

			m = mx_dane_verify(a->smtp, recs, n, names, 2, &depth,
			    &record, why, sizeof(why));
			if (mx_dane_leaf_311(a->smtp, leaf) == NULL)
				strcpy(leaf, "-");
			if (m == MX_DANE_MATCH_OK)
				printf("%s ok depth %d record %d leaf311 %s\n",
				    a->text, depth, record, leaf);
			else if (m == MX_DANE_MATCH_FAILED)
				printf("%s failed leaf311 %s: %s\n", a->text,
				    leaf, why);
			else
				printf("%s none\n", a->text);
		}
	}
	rc = ferror(stdout) ? 1 : 0;
done:
	for (i = 0; i < n; i++)
		free(recs[i].data);
	free(recs);
	free(err);
	mx_result_free(res);
	mx_ctx_free(ctx);
	mx_options_free(opt);
	mx_source_free(src);
	mx_live_options_free(lo);
	return rc;
}

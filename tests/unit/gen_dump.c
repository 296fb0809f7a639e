/*
 * gen_dump.c -- a test tool, for tests/cli/generate.sh: prints a zone's
 * records one a line, "OWNER TTL IN TYPE DATA", for comparison with what
 * named-checkzone -D prints of the same file.
 *
 *   gen_dump store FILE ORIGIN    the A, AAAA, MX and CNAME records the
 *                                 loader stored (every record of those
 *                                 types, $GENERATE's and the others), and
 *                                 its diagnostics on stderr
 *   gen_dump expand FILE ORIGIN   the records of every $GENERATE line of
 *                                 FILE, of every type, as generate.c makes
 *                                 them and ldns reads them
 *
 * expand reads the file line by line (one directive a line, $TTL before
 * it, no $ORIGIN or $INCLUDE): enough for the fixtures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include "internal.h"
#include "store.h"
#include "lexer.h"
#include "generate.h"

static int status;

/* Prints the stored records of one node. */
static void
print_node(void *arg, const char *key, void *value)
{
	const mx_zone		*z = arg;
	const struct node	*nd = value;
	struct mx_record	 rec;
	char			 text[64];
	uint32_t		 i;

	(void)key;
	for (i = 0; i < nd->n; i++) {
		const struct zrr *r = &nd->rrs[i];

		if (r->type == 0)
			continue;
		zone_expand(z, nd, r, NULL, &rec, text);
		switch (r->type) {
		case MX_TYPE_A:
		case MX_TYPE_AAAA:
			printf("%s %u IN %s %s\n", rec.owner, rec.ttl,
			    r->type == MX_TYPE_A ? "A" : "AAAA", rec.address);
			break;
		case MX_TYPE_MX:
			printf("%s %u IN MX %u %s\n", rec.owner, rec.ttl,
			    rec.preference, rec.target);
			break;
		case MX_TYPE_CNAME:
			printf("%s %u IN CNAME %s\n", rec.owner, rec.ttl,
			    rec.target);
			break;
		default:
			break;
		}
	}
}

static int
dump_store(const char *file, const char *origin)
{
	const struct mx_zone_diag	*d;
	mx_zone				*z;
	char				*err = NULL;
	size_t				 n, i;

	if (mx_zone_new(&z) != MX_OK)
		return 1;
	if (mx_zone_load_file(z, file, origin, &err) != MX_OK) {
		fprintf(stderr, "gen_dump: %s\n", err ? err : "load failed");
		free(err);
		mx_zone_free(z);
		return 1;
	}
	mx_map_each(z->nodes, print_node, z);
	d = mx_zone_diags(z, &n);
	for (i = 0; i < n; i++)
		if (d[i].kind == MX_ZONE_DIAG_SYNTAX)
			fprintf(stderr, "%s:%lu: %s\n", d[i].file, d[i].line,
			    d[i].text);
	mx_zone_free(z);
	return status;
}

/* Prints one record made by generate.c as ldns reads it. */
static void
print_line(const char *line, uint32_t ttl, const ldns_rdf *origin)
{
	ldns_rr		*rr = NULL;
	const char	*tok[3];
	size_t		 tlen[3];
	char		*s, swapped[MAX_RECORD + 1];

	/* ldns takes only "TTL CLASS", the loader swaps "CLASS TTL" */
	if (zone_tokenize(line, tok, tlen, 3) == 3 &&
	    zone_is_class(tok[1], tlen[1]) && zone_is_ttl(tok[2], tlen[2])) {
		snprintf(swapped, sizeof(swapped), "%.*s %.*s %.*s %s",
		    (int)tlen[0], tok[0], (int)tlen[2], tok[2], (int)tlen[1],
		    tok[1], tok[2] + tlen[2]);
		line = swapped;
	}
	if (ldns_rr_new_frm_str(&rr, line, ttl, origin, NULL) !=
	    LDNS_STATUS_OK) {
		fprintf(stderr, "gen_dump: ldns refuses %s\n", line);
		status = 1;
		return;
	}
	if ((s = ldns_rr2str(rr)) != NULL)
		fputs(s, stdout);
	free(s);
	ldns_rr_free(rr);
}

static int
dump_expand(const char *file, const char *origin)
{
	struct zone_gen	 g;
	ldns_rdf	*o;
	FILE		*fp;
	char		 line[4096], *rec, buf[256];
	const char	*why;
	uint32_t	 ttl = 3600, it;
	size_t		 len;

	if ((fp = fopen(file, "r")) == NULL ||
	    (o = ldns_dname_new_frm_str(origin)) == NULL ||
	    (rec = malloc(MAX_RECORD + 1)) == NULL) {
		perror(file);
		return 1;
	}
	while (fgets(line, sizeof(line), fp) != NULL) {
		line[strcspn(line, ";\n")] = '\0';
		if (strncmp(line, "$TTL", 4) == 0)
			ttl = (uint32_t)strtoul(line + 4, NULL, 10);
		if (strncmp(line, "$GENERATE", 9) != 0)
			continue;
		if ((why = zone_gen_parse(line, &g, buf, sizeof(buf))) !=
		    NULL) {
			fprintf(stderr, "gen_dump: %s: %s\n", line, why);
			status = 1;
			continue;
		}
		for (it = g.start;; it += g.step) {
			if ((why = zone_gen_line(&g, it, rec, MAX_RECORD + 1,
			    &len, buf, sizeof(buf))) != NULL) {
				fprintf(stderr, "gen_dump: %s: %s\n", line,
				    why);
				status = 1;
				break;
			}
			print_line(rec, ttl, o);
			if (g.stop - it < g.step)
				break;
		}
	}
	fclose(fp);
	free(rec);
	ldns_rdf_deep_free(o);
	return status;
}

int
main(int argc, char *argv[])
{
	if (argc == 4 && strcmp(argv[1], "store") == 0)
		return dump_store(argv[2], argv[3]);
	if (argc == 4 && strcmp(argv[1], "expand") == 0)
		return dump_expand(argv[2], argv[3]);
	fprintf(stderr, "usage: gen_dump store|expand FILE ORIGIN\n");
	return 2;
}

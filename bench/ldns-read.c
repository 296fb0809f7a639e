/*
 * ldns-read.c -- the floor for `mxdig lint`: read a zone file record by
 * record with ldns (ldns_rr_new_frm_fp_l, which follows $ORIGIN and $TTL)
 * and free each record, keeping nothing.  Prints the record count.
 *
 * cc -O2 -o ldns-read ldns-read.c $(pkg-config --cflags --libs ldns)
 */
#include <stdio.h>
#include <stdlib.h>

#include <ldns/ldns.h>

int
main(int argc, char *argv[])
{
	FILE		*fp;
	ldns_rdf	*origin = NULL, *prev = NULL;
	uint32_t	 ttl = 3600;
	int		 line = 0;
	unsigned long	 records = 0, errors = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: ldns-read file origin\n");
		return 2;
	}
	if ((fp = fopen(argv[1], "r")) == NULL) {
		perror(argv[1]);
		return 2;
	}
	origin = ldns_dname_new_frm_str(argv[2]);
	while (!feof(fp)) {
		ldns_rr		*rr = NULL;
		ldns_status	 st;

		st = ldns_rr_new_frm_fp_l(&rr, fp, &ttl, &origin, &prev,
		    &line);
		if (st == LDNS_STATUS_OK) {
			records++;
			ldns_rr_free(rr);
		} else if (st != LDNS_STATUS_SYNTAX_EMPTY &&
		    st != LDNS_STATUS_SYNTAX_TTL &&
		    st != LDNS_STATUS_SYNTAX_ORIGIN &&
		    st != LDNS_STATUS_SYNTAX_INCLUDE)
			errors++;
	}
	fclose(fp);
	ldns_rdf_deep_free(origin);
	ldns_rdf_deep_free(prev);
	printf("%lu records, %lu errors\n", records, errors);
	return errors ? 1 : 0;
}

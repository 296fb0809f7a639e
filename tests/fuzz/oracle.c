/*
 * oracle.c -- the oracles the fuzz targets share (oracle.h).
 *
 * Output is rendered into memory (open_memstream) and looked at there:
 * nothing reaches the terminal, and what a renderer writes is exactly
 * what is judged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "mxdig.h"
#include "json_tree.h"
#include "oracle.h"

/*
 * MXDIG_FUZZ_KNOWN=zone-syntax: while the zone loader still echoes raw
 * bytes of its input in zone-syntax messages (issue #11, fixed in
 * lib/zone), a fuzzing run that looks past that class sets this, and
 * such findings are not judged printable, nor their gcc lines counted.
 * CTest never sets it.
 */
static int
known_zone_syntax(const struct mx_finding *f)
{
	static int	 known = -1;
	const char	*k;

	if (known == -1)
		known = (k = getenv("MXDIG_FUZZ_KNOWN")) != NULL &&
		    strstr(k, "zone-syntax") != NULL;
	return known && strcmp(f->check, "zone-syntax") == 0;
}

static int
any_known(const struct mx_finding *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (known_zone_syntax(&f[i]))
			return 1;
	return 0;
}

void
fz_require_at(int c, const char *what, const char *file, int line)
{
	if (c)
		return;
	fprintf(stderr, "%s:%d: oracle failed: %s\n", file, line, what);
	abort();
}

int
fz_printable(const char *s, size_t n, int lines)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7f)
			continue;
		if (c == '\n' && lines)
			continue;
		/* UTF-8 of a character that is no C1 control: U+00A7 of
		 * "RFC 5321 §5.1", and the Unicode form of an IDN name (a
		 * valid IDNA 2008 name only: lib/format/idn.c) */
		if (c >= 0xc2 && c <= 0xf4) {
			size_t k, len = c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;

			if (i + len > n || (c == 0xc2 &&
			    (unsigned char)s[i + 1] < 0xa0))
				return 0;
			for (k = 1; k < len; k++)
				if (((unsigned char)s[i + k] & 0xc0) != 0x80)
					return 0;
			i += len - 1;
			continue;
		}
		return 0;
	}
	return 1;
}

size_t
fz_lines(const char *s, size_t n)
{
	size_t i, lines = 0;

	for (i = 0; i < n; i++)
		lines += s[i] == '\n';
	return lines;
}

/* A name or message of a result: NULL, or printable on one line. */
static void
field(const char *s)
{
	if (s != NULL)
		fz_require(fz_printable(s, strlen(s), 0));
}

/* What a renderer writes, in memory; *len its length.  The caller frees
 * the buffer. */
struct render {
	FILE	*fp;
	char	*buf;
	size_t	 len;
};

static void
render_open(struct render *r)
{
	r->buf = NULL;
	r->len = 0;
	fz_require((r->fp = open_memstream(&r->buf, &r->len)) != NULL);
}

static void
render_close(struct render *r)
{
	fz_require(fclose(r->fp) == 0);
	r->fp = NULL;
}

/*
 * The compact document in text[0..n) (a newline after it) against jansson:
 * it parses, with no duplicate key, and jansson's compact dump of it is
 * the same text; so is the dump of the library's own tree when there is
 * one (decref'd here); the text is printable ASCII unless !printable.
 * Returns the parse (caller decrefs).
 */
static json_t *
compact_json(const char *text, size_t n, json_t *tree, int printable)
{
	json_error_t	 jerr;
	json_t		*doc;
	char		*dump;

	fz_require(n > 0 && text[n - 1] == '\n');
	fz_require(!printable || fz_printable(text, n - 1, 0));
	doc = json_loadb(text, n - 1, JSON_REJECT_DUPLICATES, &jerr);
	fz_require(doc != NULL);
	dump = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
	fz_require(dump != NULL);
	fz_require(strlen(dump) == n - 1 && memcmp(dump, text, n - 1) == 0);
	free(dump);
	if (tree != NULL) {
		dump = json_dumps(tree, JSON_COMPACT | JSON_PRESERVE_ORDER);
		fz_require(dump != NULL);
		fz_require(strlen(dump) == n - 1 &&
		    memcmp(dump, text, n - 1) == 0);
		free(dump);
		json_decref(tree);
	}
	return doc;
}

/* The findings array of a document and its counts object agree with
 * each other and with counts[] (by mx_severity). */
static void
json_counts(const json_t *doc, const char *key, const size_t counts[3],
    size_t nfindings)
{
	static const char *const sev[3] = { "info", "warning", "error" };
	const json_t	*arr = json_object_get(doc, key), *cnt, *f;
	size_t		 i, by[3] = { 0, 0, 0 };
	int		 s;

	fz_require(json_is_array(arr));
	fz_require(json_array_size(arr) == nfindings);
	json_array_foreach(arr, i, f) {
		const char *name = json_string_value(json_object_get(f,
		    "severity"));

		fz_require(name != NULL);
		for (s = 0; s < 3 && strcmp(name, sev[s]) != 0; s++)
			;
		fz_require(s < 3);
		by[s]++;
	}
	fz_require((cnt = json_object_get(doc, "counts")) != NULL);
	for (s = 0; s < 3; s++) {
		const json_t *c = json_object_get(cnt, sev[s]);

		fz_require(json_is_integer(c));
		fz_require((size_t)json_integer_value(c) == by[s]);
		fz_require(by[s] == counts[s]);
	}
}

/* gcc and GitHub lines: one per finding, printable. */
static void
lines_of_findings(const struct mx_finding *f, size_t n)
{
	struct render	r;

	if (any_known(f, n))
		return;

	render_open(&r);
	fz_require(mx_format_gcc(r.fp, f, n, "fallback.zone") == MX_OK);
	render_close(&r);
	fz_require(fz_printable(r.buf, r.len, 1));
	fz_require(fz_lines(r.buf, r.len) == n);
	fz_require(r.len == 0 || r.buf[r.len - 1] == '\n');
	free(r.buf);
	render_open(&r);
	fz_require(mx_format_github(r.fp, f, n, NULL) == MX_OK);
	render_close(&r);
	fz_require(fz_printable(r.buf, r.len, 1));
	fz_require(fz_lines(r.buf, r.len) == n);
	free(r.buf);
}

/* Each finding: a catalogued check, a message, printable fields. */
static void
findings(const struct mx_finding *f, size_t n, size_t counts[3])
{
	size_t i;

	counts[0] = counts[1] = counts[2] = 0;
	fz_require(n == 0 || f != NULL);
	for (i = 0; i < n; i++) {
		fz_require(f[i].check != NULL);
		fz_require(mx_check_find(f[i].check) != NULL);
		fz_require(f[i].severity <= MX_SEV_ERROR);
		fz_require(f[i].message != NULL);
		counts[f[i].severity]++;
		if (known_zone_syntax(&f[i]))
			continue;
		field(f[i].subject);
		field(f[i].message);
		field(f[i].file);
	}
}

static void
records(const struct mx_record *r, size_t n)
{
	size_t i;

	fz_require(n == 0 || r != NULL);
	for (i = 0; i < n; i++) {
		fz_require(r[i].owner != NULL);
		field(r[i].owner);
		field(r[i].target);
		field(r[i].address);
		field(r[i].file);
	}
}

void
fz_check_result(const struct mx_result *res)
{
	struct render	 r;
	size_t		 counts[3], i, j;
	json_t		*doc, *pretty;
	json_error_t	 jerr;

	fz_require(res != NULL && res->domain != NULL);
	field(res->domain);
	field(res->canonical);
	field(res->mx_detail);
	records(res->domain_cnames, res->ndomain_cnames);
	records(res->mx, res->nmx);
	for (i = 0; i < res->nhosts; i++) {
		const struct mx_host *h = &res->hosts[i];

		fz_require(h->exchange != NULL);
		field(h->exchange);
		field(h->canonical);
		field(h->a_detail);
		field(h->aaaa_detail);
		records(h->cnames, h->ncnames);
		records(h->a_records, h->na);
		records(h->aaaa_records, h->naaaa);
		for (j = 0; j < h->naddrs; j++) {
			fz_require(h->addrs[j].family == 4 ||
			    h->addrs[j].family == 6);
			fz_require(h->addrs[j].text != NULL);
			field(h->addrs[j].text);
		}
	}
	for (i = 0; i < res->ntiers; i++)
		fz_require(res->tiers[i].first + res->tiers[i].count <=
		    res->nhosts);
	for (i = 0; i < res->nfailures; i++) {
		field(res->failures[i].name);
		field(res->failures[i].detail);
	}
	findings(res->findings, res->nfindings, counts);
	for (i = 0; i < 3; i++)
		fz_require(counts[i] == res->counts[i]);
	/* a lookup that failed can only make the verdict worse */
	fz_require(mx_verdict_rank(res->verdict) >=
	    mx_verdict_rank(mx_verdict_of_counts(counts)));

	render_open(&r);
	fz_require(mx_format_json(r.fp, res, 0) == MX_OK);
	render_close(&r);
	doc = compact_json(r.buf, r.len, mx_json_result_tree(res),
	    !any_known(res->findings, res->nfindings));
	json_counts(doc, "findings", res->counts, res->nfindings);
	free(r.buf);
	render_open(&r);
	fz_require(mx_format_json(r.fp, res, MX_JSON_PRETTY) == MX_OK);
	render_close(&r);
	pretty = json_loadb(r.buf, r.len, JSON_REJECT_DUPLICATES, &jerr);
	fz_require(pretty != NULL && json_equal(pretty, doc));
	json_decref(pretty);
	json_decref(doc);
	free(r.buf);

	render_open(&r);
	fz_require(mx_format_text(r.fp, res, 0) == MX_OK);
	render_close(&r);
	fz_require(any_known(res->findings, res->nfindings) ||
	    fz_printable(r.buf, r.len, 1));
	free(r.buf);
	/* colour adds escape sequences of its own: only that it renders */
	render_open(&r);
	fz_require(mx_format_text(r.fp, res, MX_TEXT_COLOR) == MX_OK);
	render_close(&r);
	free(r.buf);
	render_open(&r);
	fz_require(mx_format_short(r.fp, res) == MX_OK);
	render_close(&r);
	fz_require(fz_printable(r.buf, r.len, 1));
	fz_require(fz_lines(r.buf, r.len) == res->nhosts);
	free(r.buf);
	lines_of_findings(res->findings, res->nfindings);
}

void
fz_check_findings(const struct mx_finding *f, size_t n)
{
	struct render	 r;
	size_t		 counts[3];
	json_t		*doc;

	findings(f, n, counts);
	render_open(&r);
	fz_require(mx_format_findings_json(r.fp, f, n, 0) == MX_OK);
	render_close(&r);
	doc = compact_json(r.buf, r.len, mx_json_findings_tree(f, n),
	    !any_known(f, n));
	json_counts(doc, "zone_findings", counts, n);
	json_decref(doc);
	free(r.buf);
	lines_of_findings(f, n);
}

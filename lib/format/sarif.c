/*
 * sarif.c -- findings as one SARIF 2.1.0 log (OASIS Static Analysis
 * Results Interchange Format), for GitHub code scanning and other
 * viewers: the check catalogue as tool.driver.rules, one result per
 * finding, with its file and line as a physical location and, for a live
 * finding, its domain as a logical one.  The catalogue as JSON
 * (mx_format_checks_json) is here too: the same table, another shape.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "internal.h"

/* A JSON string of s; bytes that are not UTF-8 (a file name may hold
 * any) are written \DDD as names are.  NULL when out of memory. */
static json_t *
jstr(const char *s)
{
	json_t	*j;
	char	*e;

	if ((j = json_string(s ? s : "")) != NULL)
		return j;
	if ((e = mx_escape_bytes(s)) == NULL)
		return NULL;
	j = json_string(e);
	free(e);
	return j;
}

/* Sets key of o to v, taking v; -1 when v is NULL or out of memory. */
static int
put(json_t *o, const char *key, json_t *v)
{
	return v == NULL ? -1 : json_object_set_new(o, key, v);
}

/* {"text": s} */
static json_t *
jtext(const char *s)
{
	json_t *o = json_object();

	if (o != NULL && put(o, "text", jstr(s)) != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* SARIF's level of a severity (§3.27.10): error, warning, note. */
static const char *
level(enum mx_severity s)
{
	return s == MX_SEV_ERROR ? "error" : s == MX_SEV_WARNING ? "warning" :
	    "note";
}

/*
 * The RFC Editor's page of the first "RFC N" a reference names, with its
 * section when one follows ("RFC 7505 §3" -> ...rfc7505#section-3), in
 * buf; NULL when the reference names no RFC.
 */
static const char *
rfc_uri(const char *ref, char *buf, size_t size)
{
	const char	*p = ref ? strstr(ref, "RFC ") : NULL;
	unsigned long	 num;
	char		*end;
	const char	*sec;
	size_t		 n;

	if (p == NULL || p[4] < '0' || p[4] > '9')
		return NULL;
	num = strtoul(p + 4, &end, 10);
	snprintf(buf, size, "https://www.rfc-editor.org/rfc/rfc%lu", num);
	/* "§" is two bytes in UTF-8 (0xc2 0xa7), then "3.1.2" */
	if (strncmp(end, " \xc2\xa7", 3) == 0) {
		sec = end + 3;
		n = strspn(sec, "0123456789.");
		while (n > 0 && sec[n - 1] == '.')
			n--;
		if (n > 0 && strlen(buf) + 9 + n < size)
			snprintf(buf + strlen(buf), size - strlen(buf),
			    "#section-%.*s", (int)n, sec);
	}
	return buf;
}

/* The rule of catalogue entry c (§3.49): id, name, descriptions, help
 * with the example and the fix, the RFC page, the default level. */
static json_t *
rule(const struct mx_check_info *c)
{
	json_t	*r = json_object(), *cfg = json_object(), *props =
		    json_object(), *tags = json_array();
	char	*help = NULL, uri[128];
	int	 bad = 0;

	if (r == NULL || cfg == NULL || props == NULL || tags == NULL)
		goto fail;
	help = mx_asprintf("%s.\n\nStandard: %s\n\nExample: %s\n\nFix: %s.\n\n"
	    "Suppress: --ignore %s, or \"; mxdig: ignore=%s\" on the record's "
	    "line.", c->summary, c->reference, c->example, c->fix, c->name,
	    c->name);
	if (help == NULL)
		goto fail;
	bad |= put(r, "id", jstr(c->name));
	bad |= put(r, "name", jstr(c->name));
	bad |= put(r, "shortDescription", jtext(c->summary));
	bad |= put(r, "fullDescription", jtext(help));
	bad |= put(r, "help", jtext(help));
	if (rfc_uri(c->reference, uri, sizeof(uri)) != NULL)
		bad |= put(r, "helpUri", jstr(uri));
	bad |= put(cfg, "level", jstr(level(c->severity)));
	bad |= put(r, "defaultConfiguration", cfg);
	cfg = NULL;
	bad |= json_array_append_new(tags, jstr(c->offline ? "offline" :
	    "live"));
	bad |= put(props, "tags", tags);
	tags = NULL;
	bad |= put(props, "references", json_pack("[s]", c->reference));
	bad |= put(r, "properties", props);
	props = NULL;
	free(help);
	if (bad) {
		json_decref(r);
		return NULL;
	}
	return r;
fail:
	free(help);
	json_decref(r);
	json_decref(cfg);
	json_decref(props);
	json_decref(tags);
	return NULL;
}

/* A copy of s percent-encoded where a URI path may not hold it (RFC
 * 3986 §2.1: every byte but the unreserved ones and '/'); NULL when out
 * of memory. */
static char *
uri_path(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char	*p;
	char			*u, *w;

	if ((u = malloc(strlen(s) * 3 + 1)) == NULL)
		return NULL;
	for (w = u, p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p) != NULL)
			*w++ = (char)*p;
		else {
			*w++ = '%';
			*w++ = hex[*p >> 4];
			*w++ = hex[*p & 15];
		}
	}
	*w = '\0';
	return u;
}

/* A file as the artifact's URI: relative to base (the working
 * directory) when it lies inside it, "./" dropped; percent-encoded. */
static char *
file_uri(const char *file, const char *base)
{
	size_t n = base ? strlen(base) : 0;

	if (n > 0 && strncmp(file, base, n) == 0 && file[n] == '/')
		file += n + 1;
	while (strncmp(file, "./", 2) == 0)
		file += 2;
	return uri_path(file);
}

/* FNV-1a, 64 bits, over s and a separator. */
static uint64_t
fnv(uint64_t h, const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)(s ? s : ""); *p; p++)
		h = (h ^ *p) * 0x100000001b3ULL;
	return (h ^ 0xff) * 0x100000001b3ULL;
}

/* One result (§3.27). */
static json_t *
result(const struct mx_finding *f, const char *domain, const char *base,
    size_t rule_index, unsigned flags)
{
	json_t		*res = json_object(), *locs = json_array(), *loc, *fp;
	char		*uri = NULL, hash[17];
	uint64_t	 h = 0xcbf29ce484222325ULL;
	int		 bad = 0;

	if (res == NULL || locs == NULL)
		goto fail;
	bad |= put(res, "ruleId", jstr(f->check));
	bad |= put(res, "ruleIndex", json_integer((json_int_t)rule_index));
	bad |= put(res, "level", jstr(level(f->severity)));
	bad |= put(res, "message", jtext(f->message));
	if ((loc = json_object()) == NULL)
		goto fail;
	if (f->file != NULL) {
		json_t *pl, *al, *reg;

		if ((uri = file_uri(f->file, base)) == NULL) {
			json_decref(loc);
			goto fail;
		}
		pl = json_object();
		al = json_object();
		if (pl == NULL || al == NULL) {
			json_decref(pl);
			json_decref(al);
			json_decref(loc);
			goto fail;
		}
		if (uri[0] == '/') {
			/* outside the base: an absolute file URI */
			char *abs = mx_asprintf("file://%s", uri);

			free(uri);
			if ((uri = abs) == NULL) {
				json_decref(pl);
				json_decref(al);
				json_decref(loc);
				goto fail;
			}
			bad |= put(al, "uri", jstr(uri));
		} else {
			bad |= put(al, "uri", jstr(uri));
			bad |= put(al, "uriBaseId", jstr("SRCROOT"));
		}
		bad |= put(pl, "artifactLocation", al);
		if (f->line > 0) {
			reg = json_pack("{s:I}", "startLine",
			    (json_int_t)f->line);
			bad |= put(pl, "region", reg);
		}
		bad |= put(loc, "physicalLocation", pl);
	}
	if (domain != NULL || f->subject != NULL) {
		json_t *ll = json_object();

		bad |= ll == NULL;
		bad |= put(ll, "name", jstr(domain ? domain : f->subject));
		bad |= put(ll, "kind", jstr("domain"));
		bad |= put(loc, "logicalLocations", json_pack("[o]", ll));
	}
	bad |= json_array_append_new(locs, loc);
	bad |= put(res, "locations", locs);
	locs = NULL;
	/* stable across runs and line moves: check, subject, file */
	h = fnv(fnv(fnv(fnv(h, f->check), f->subject), domain), uri);
	snprintf(hash, sizeof(hash), "%016llx", (unsigned long long)h);
	fp = json_object();
	bad |= put(fp, "mxdigFinding/v1", jstr(hash));
	bad |= put(res, "partialFingerprints", fp);
	if (flags & MX_SARIF_INTRODUCED)
		bad |= put(res, "baselineState", jstr("new"));
	free(uri);
	if (bad) {
		json_decref(res);
		return NULL;
	}
	return res;
fail:
	free(uri);
	json_decref(res);
	json_decref(locs);
	return NULL;
}

mx_status
mx_format_sarif(FILE *out, const struct mx_finding *f, size_t n,
    const char *const *domains, const char *base_dir, unsigned flags)
{
	const struct mx_check_info	*c;
	json_t				*log = NULL, *run, *rules, *results,
					*driver, *bases;
	size_t				 nc, i, k;
	char				*root = NULL, *enc = NULL;
	int				 bad = 0;
	mx_status			 st = MX_ERR_NOMEM;

	c = mx_checks(&nc);
	if ((rules = json_array()) == NULL)
		return MX_ERR_NOMEM;
	for (i = 0; i < nc; i++)
		bad |= json_array_append_new(rules, rule(&c[i]));
	driver = json_pack("{s:s,s:s,s:s,s:s,s:o}", "name", "mxdig",
	    "version", mx_version(), "semanticVersion", mx_version(),
	    "informationUri", "man:mxdig(1)", "rules", rules);
	if (driver == NULL || bad)
		goto out;
	if ((results = json_array()) == NULL) {
		json_decref(driver);
		goto out;
	}
	for (i = 0; i < n; i++) {
		for (k = 0; k < nc; k++)
			if (strcmp(c[k].name, f[i].check) == 0)
				break;
		bad |= json_array_append_new(results, result(&f[i],
		    domains ? domains[i] : NULL, base_dir, k < nc ? k : 0,
		    flags));
	}
	run = json_pack("{s:{s:o},s:o}", "tool", "driver", driver,
	    "results", results);
	if (run == NULL || bad) {
		json_decref(run);
		goto out;
	}
	/* where relative artifact URIs start (§3.14.14): the base, as an
	 * absolute file URI ending in '/' */
	if (base_dir != NULL && base_dir[0] == '/') {
		if ((enc = uri_path(base_dir)) == NULL ||
		    (root = mx_asprintf("file://%s%s", enc,
		    enc[strlen(enc) - 1] == '/' ? "" : "/")) == NULL ||
		    (bases = json_pack("{s:{s:s}}", "SRCROOT", "uri",
		    root)) == NULL || put(run, "originalUriBaseIds", bases)) {
			json_decref(run);
			goto out;
		}
	}
	log = json_pack("{s:s,s:s,s:[o]}", "$schema",
	    "https://json.schemastore.org/sarif-2.1.0.json", "version",
	    "2.1.0", "runs", run);
	if (log == NULL)
		goto out;
	st = json_dumpf(log, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0 ||
	    fputc('\n', out) == EOF || ferror(out) ? MX_ERR_IO : MX_OK;
out:
	free(root);
	free(enc);
	json_decref(log);
	return st;
}

/* One catalogue entry as a JSON object. */
static json_t *
check_json(const struct mx_check_info *c)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:b}", "name", c->name,
	    "severity", mx_severity_name(c->severity), "summary", c->summary,
	    "reference", c->reference, "example", c->example, "fix", c->fix,
	    "offline", c->offline);
}

mx_status
mx_format_checks_json(FILE *out, const char *only, unsigned flags)
{
	const struct mx_check_info	*c;
	json_t				*doc;
	size_t				 n, i;
	int				 bad = 0;
	mx_status			 st;

	if (only != NULL) {
		if ((c = mx_check_find(only)) == NULL)
			return MX_ERR_UNKNOWN_CHECK;
		doc = check_json(c);
	} else {
		c = mx_checks(&n);
		if ((doc = json_array()) == NULL)
			return MX_ERR_NOMEM;
		for (i = 0; i < n; i++)
			bad |= json_array_append_new(doc, check_json(&c[i]));
	}
	if (doc == NULL || bad) {
		json_decref(doc);
		return MX_ERR_NOMEM;
	}
	st = json_dumpf(doc, out, JSON_PRESERVE_ORDER | ((flags &
	    MX_JSON_PRETTY) ? JSON_INDENT(2) : JSON_COMPACT)) != 0 ||
	    fputc('\n', out) == EOF || ferror(out) ? MX_ERR_IO : MX_OK;
	json_decref(doc);
	return st;
}

/*
 * json_tree.h -- the JSON documents as jansson trees, internal to
 * libmxdig: the same emitter that writes text builds them, so that the
 * unit tests can compare the text writer with jansson's dump of the same
 * document.  No jansson type appears in the public header.
 */
#ifndef MX_FORMAT_JSON_TREE_H
#define MX_FORMAT_JSON_TREE_H

#include <jansson.h>

#include "mxdig.h"

/* The tree of one result, of zone findings, of a diff, or NULL when out of memory;
 * the caller decrefs it. */
json_t *mx_json_result_tree(const struct mx_result *res);
json_t *mx_json_findings_tree(const struct mx_finding *f, size_t n);
json_t *mx_json_diff_tree(const struct mx_diff *diff);

#endif

/* ynode.h — the YAML document as a plain tree, with positions.
 *
 * ynode.c is the only file that includes <yaml.h>; it turns a YAML stream
 * into this tree, and everything else (pack schema, config, the rule kinds'
 * own keys) reads the tree through the accessors below, which produce
 * located errors "file:line:col: error: ...". Lines and columns are 1-based
 * (columns in code points). Anchors, aliases and tags are refused.
 * Typing rules (documented in docs/packs.md): a boolean is exactly true or
 * false (unquoted); a number is a plain scalar in decimal notation; an empty
 * plain scalar ("key:" with no value) is nothing, which no accessor accepts;
 * any other scalar, numbers included, is a string.
 */
#ifndef PLAINSAFE_YNODE_H
#define PLAINSAFE_YNODE_H

#include <stddef.h>
#include "util.h"

typedef enum { YN_SCALAR, YN_SEQ, YN_MAP } ynode_type;

typedef struct ynode {
    ynode_type type;
    const char *file;      /* not owned: the tree's file name, shared by all nodes */
    int line, col;         /* of the node's start */
    char *str;             /* scalar text (owned, NUL-terminated), else NULL */
    size_t len;
    int plain;             /* scalar was written unquoted */
    struct ynode **items;  /* SEQ: the items; MAP: key0, value0, key1, value1, ... */
    size_t n;              /* SEQ: item count; MAP: 2 * pair count */
} ynode;

/* Parse YAML text (name used in messages). Exactly one document is read; an
 * empty document gives an empty map. Returns NULL with err set on bad YAML,
 * aliases, or duplicate keys. */
ynode *ynode_parse(const char *name, const char *text, size_t len, lint_error *err);
/* Frees a tree returned by ynode_parse (the root only: it owns the shared
 * file name). */
void ynode_free(ynode *n);

/* Map lookup; NULL when absent or when map is not a map. */
const ynode *ynode_get(const ynode *map, const char *key);
size_t ynode_pairs(const ynode *map);
const ynode *ynode_key(const ynode *map, size_t i);
const ynode *ynode_value(const ynode *map, size_t i);

/* Located errors about a node: "file:line:col: error: <msg>". Always returns -1. */
int ynode_error(const ynode *n, lint_error *err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Every key of map must be in allowed (NULL-terminated); otherwise an error at
 * the key, with "did you mean 'x'?" when one is close. Also checks map is a map
 * (what names the thing in messages: "rule", "config"). */
int ynode_check_keys(const ynode *map, const char *what, const char *const *allowed, lint_error *err);
int ynode_expect(const ynode *n, ynode_type t, const char *what, lint_error *err);
/* Typed reads; each returns 0 or -1 (err set, located at n). */
int ynode_string(const ynode *n, const char *what, const char **out, lint_error *err);
int ynode_bool(const ynode *n, const char *what, int *out, lint_error *err);
int ynode_number(const ynode *n, const char *what, double *out, lint_error *err);
/* A string or a sequence of strings: *out is a new array of borrowed strings
 * (caller frees the array only). */
int ynode_strings(const ynode *n, const char *what, const char ***out, size_t *count, lint_error *err);

#endif

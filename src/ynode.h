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
#include <stdint.h>
#include "util.h"

typedef enum { YN_SCALAR, YN_SEQ, YN_MAP } ynode_type;

/* A tree is one block of memory, position-independent so that the build
 * can emit a parsed file as static data (tools/precompute.c):
 *   ynode_head, then the nodes (the items of each list or map contiguous,
 *   the root last), then the texts (each scalar NUL-terminated, and the
 *   file name).
 * Nodes refer to their text, items and head by byte offsets from
 * themselves; read them through the accessors below. */
typedef struct {
    uint32_t nnodes;       /* nodes after the head; the root is the last */
    uint32_t ntext;        /* bytes of text after the nodes */
    uint32_t file;         /* offset of the file name in the text */
} ynode_head;

typedef struct ynode {
    unsigned char type;    /* ynode_type */
    unsigned char plain;   /* scalar was written unquoted */
    int line, col;         /* of the node's start */
    uint32_t len;          /* SCALAR: bytes of text */
    uint32_t n;            /* SEQ: item count; MAP: 2 * pair count */
    int32_t at;            /* from the node: SCALAR its text; SEQ and MAP their first item */
    int32_t head;          /* from the node: the tree's ynode_head */
} ynode;

/* Scalar text (NUL-terminated, len bytes); NULL for a list or map. */
static inline const char *ynode_str(const ynode *n)
{
    return n->type == YN_SCALAR ? (const char *)n + n->at : NULL;
}

/* Item i (< n->n) of a list; of a map: key i/2 (even i) or its value. */
static inline const ynode *ynode_item(const ynode *n, size_t i)
{
    return (const ynode *)((const char *)n + n->at) + i;
}

/* The file name the tree was parsed under. */
static inline const char *ynode_file(const ynode *n)
{
    const ynode_head *h = (const ynode_head *)(const void *)((const char *)n + n->head);
    return (const char *)(h + 1) + (size_t)h->nnodes * sizeof(ynode) + h->file;
}

/* Parse YAML text (name used in messages). Exactly one document is read; an
 * empty document gives an empty map. Returns NULL with err set on bad YAML,
 * aliases, or duplicate keys. */
ynode *ynode_parse(const char *name, const char *text, size_t len, lint_error *err);
/* Frees a tree returned by ynode_parse (given its root). */
void ynode_free(ynode *root);

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

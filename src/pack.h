/* pack.h — rule packs: the embedded defaults and pack files in YAML.
 *
 * Pack file schema (every key documented in docs/packs.md):
 *   pack: NAME            # rule ids become NAME.ID
 *   description: TEXT
 *   rules:
 *     - id: ID            # [a-z0-9][a-z0-9-]*
 *       kind: phrase | regex | spell | statement | metric
 *       severity: error | warning | suggestion | off   # default warning
 *       message: TEMPLATE # {placeholders}, never printf
 *       reason: TEXT
 *       suggestions: [TEXT, ...]      # optional
 *       profiles: {PROFILE: SEVERITY} # optional per-profile severity
 *       examples: {bad: [..], good: [..]}
 *       ...the kind's own keys
 */
#ifndef PLAINSAFE_PACK_H
#define PLAINSAFE_PACK_H

#include <stddef.h>
#include "util.h"
#include "rule.h"

/* Files embedded at build time from rules/ and dictionaries/ (embedded.c,
 * generated in two steps: tools/embed writes the bytes, tools/precompute adds
 * what it computes from them with the library's own code). name is the
 * repository path, e.g. "rules/jargon.yml". */
typedef struct {
    const char *name;
    const char *data;       /* the bytes, NUL-terminated */
    size_t len;
    const ynode *tree;      /* a pack's (rules/NAME.yml) tree, parsed at build time; else NULL */
} embedded_file;

extern const embedded_file embedded_files[];
extern const size_t embedded_nfiles;

const embedded_file *embedded_find(const char *name);

/* Built-in pack names, in load order (every rules/NAME.yml with a tree,
 * sorted by name). *out points to static storage. */
size_t pack_builtin_names(const char ***out);

/* Does name denote a pack file (it contains '/' or ends in .yml or .yaml)
 * rather than a built-in pack? */
int pack_is_path(const char *name);

/* Load one pack: name is a built-in pack name or a path to a YAML file (a
 * name containing '/' or ending in .yml/.yaml). Compiled rules are appended
 * to *rules (each malloc'd; caller owns). Effective severities use the
 * profile in env. Returns 0, or -1 with a located error; rules appended
 * before the error stay in *rules, complete. rule->file is name for a file,
 * "rules/NAME.yml" for a built-in. Each kind's compile() sees env with
 * base_dir set to the pack file's directory (NULL for a built-in pack), and
 * its def node only during the call: the tree is freed when pack_load
 * returns, so a kind copies what it keeps. */
int pack_load(const char *name, const pack_env *env, rule ***rules, size_t *nrules, size_t *cap,
              lint_error *err);
/* Frees a rule; calls kind->free_rule first when r->data is set (also after
 * a failed compile, so a kind may set data early). */
void rule_free(rule *r);

#endif

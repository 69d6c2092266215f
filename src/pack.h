/* pack.h — rule packs: the embedded defaults and pack files in YAML.
 *
 * Pack file schema (every key documented in docs/packs.md):
 *   pack: NAME            # rule ids become NAME.ID
 *   description: TEXT
 *   rules:
 *     - id: ID            # [a-z0-9-]+
 *       kind: phrase | regex | spell | statement | metric
 *       severity: error | warning | suggestion | off
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
 * generated). name is the repository path, e.g. "rules/jargon.yml". */
typedef struct {
    const char *name;
    const char *data;
    size_t len;
} embedded_file;

extern const embedded_file embedded_files[];
extern const size_t embedded_nfiles;

const embedded_file *embedded_find(const char *name);

/* Built-in pack names, in load order (every rules/NAME.yml). */
size_t pack_builtin_names(const char ***out);

/* Load one pack: name is a built-in pack name or a path to a YAML file (a
 * name containing '/' or ending in .yml/.yaml). Compiled rules are appended
 * to *rules (each malloc'd; caller owns). Effective severities use the
 * profile in env. Returns 0, or -1 with a located error. */
int pack_load(const char *name, const pack_env *env, rule ***rules, size_t *nrules, size_t *cap,
              lint_error *err);
void rule_free(rule *r);

#endif

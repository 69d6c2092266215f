/* config.h — .plainsafe.yml: finding it, reading it, and the defaults.
 *
 * A config is found by walking up from a file's directory (like
 * .editorconfig); --config names one explicitly. Everything here is data;
 * linter_new (lint.c) turns a config into compiled rules.
 */
#ifndef PLAINSAFE_CONFIG_H
#define PLAINSAFE_CONFIG_H

#include <stddef.h>
#include "util.h"
#include "diag.h"
#include "ynode.h"

typedef struct {
    char *rule;               /* rule id or pack name (owned) */
    severity sev;
    int line, col;            /* where it was written */
} rule_override;

typedef struct {
    char *path;               /* the file read, or NULL for built-in defaults (owned) */
    char *dir;                /* its directory (owned); "." for defaults */
    char **packs;             /* built-in pack names or pack file paths relative to dir (owned) */
    size_t npacks;            /* 0: every built-in pack */
    int packs_line, packs_col;
    char *profile;            /* owned; default "family" */
    char *language;           /* owned; default "en_GB" */
    char *dict_dir;           /* owned; default $PLAINSAFE_DICT_DIR or /usr/share/hunspell */
    rule_override *overrides; /* owned */
    size_t noverrides;
    char **include, **exclude;/* globs (owned) */
    size_t ninclude, nexclude;
    char **words;             /* accepted words (owned) */
    size_t nwords;
    severity fail_level;      /* default SEV_ERROR */
    int all_rules;            /* --self-test: rules that are off run at their pack severity (or warning) */
} lint_config;

void config_defaults(lint_config *c);
/* Read a config file over the defaults. Returns 0, or -1 with a located error. */
int config_load(lint_config *c, const char *path, lint_error *err);
void config_release(lint_config *c);
/* The nearest .plainsafe.yml in the directory of file_path or above (malloc'd),
 * or NULL. For stdin pass the --stdin-filename or "./-". */
char *config_find(const char *file_path);
/* Does path match the config's include globs and none of its excludes? Globs
 * are matched against the path relative to the config's directory and
 * against the base name; "**" crosses directories. */
int config_wants(const lint_config *c, const char *path);

#endif

/* rule.h — the contract between the rule engine and the rule kinds.
 *
 * A pack (YAML, pack.c) holds rules. The common keys of a rule are read by
 * pack.c into struct rule; the keys of its kind are read by that kind's
 * compile(). After every rule is compiled, each kind's prepare() receives the
 * active rules of that kind (severity not off) and builds what it shares
 * across them, e.g. one phrase hash for every phrase rule. A linter is
 * read-only after linter_new, so one linter serves many threads; a kind keeps
 * per-thread scratch (match data, spelling memo) in _Thread_local storage and
 * frees it in thread_end(). Per-file state lives in check_state().
 *
 * For each file the engine calls begin(), then block() for every block in
 * document order, then end(). Rules never print: they push diagnostics with
 * check_report().
 */
#ifndef PLAINSAFE_RULE_H
#define PLAINSAFE_RULE_H

#include <stddef.h>
#include "util.h"
#include "diag.h"
#include "segment.h"
#include "ynode.h"

struct rule_kind;

typedef struct rule {
    char *id;                 /* "pack.name" (owned) */
    char *pack;               /* "pack" (owned) */
    const struct rule_kind *kind;
    severity sev;             /* effective: pack default, then profile, then config */
    severity default_sev;     /* as written in the pack */
    char *message;            /* template with {placeholders} (owned) */
    char *reason;             /* one or two plain sentences (owned) */
    char **suggestions;       /* owned */
    size_t nsugg;
    char **bad, **good;       /* examples (owned) */
    size_t nbad, ngood;
    char *file;               /* where it was defined (owned), e.g. "rules/jargon.yml" */
    int line, col;
    size_t index;             /* position in the linter's rule array */
    void *data;               /* the kind's compiled data; freed by kind->free_rule */
} rule;

/* What a kind may know at compile time. */
typedef struct {
    const char *profile;      /* "family", "professional", "court", "child" */
    const char *language;     /* "en_GB", "en_US", "en_AU" */
    const char *dict_dir;     /* where hunspell .aff/.dic live */
    const char *base_dir;     /* directory for relative paths in the pack; NULL for embedded packs */
    const char *const *words; /* words the config accepts */
    size_t nwords;
} pack_env;

typedef struct check check;

/* The unit a rule sees: one block with its sentences and tokens. Valid only
 * during the block() call. */
typedef struct {
    const document *doc;
    size_t index;             /* block index */
    const block *blk;
    size_t section;           /* innermost section of the block */
    const sentence *sents;
    size_t nsents;
    const token *toks;
    size_t ntoks;
} block_view;

typedef struct rule_kind {
    const char *name;                 /* "phrase", "regex", "spell", "statement", "metric" */
    const char *const *keys;          /* the kind's own keys (NULL-terminated) */
    int (*compile)(rule *r, const ynode *def, const pack_env *env, lint_error *err);
    void (*free_rule)(rule *r);
    /* May be NULL. Returns the shared data (or NULL) and sets err on failure. */
    void *(*prepare)(rule *const *rules, size_t n, const pack_env *env, lint_error *err);
    void (*free_prepared)(void *prep);
    void (*begin)(void *prep, check *c);
    void (*block)(void *prep, check *c, const block_view *bv);
    void (*end)(void *prep, check *c);
    void (*thread_end)(void);
} rule_kind;

/* The registry (rules.c). */
const rule_kind *rule_kind_find(const char *name);
extern const rule_kind *const rule_kinds[];
extern const size_t rule_nkinds;

/* Template variables: an array of name/value pairs ending with NULL. */
typedef const char *const *tvars;

/* Push a diagnostic for rule r at source span [off, off+len). sev SEV_OFF
 * means the rule's own severity. The message is r->message rendered with
 * vars; {match} is always available (the span's text, whitespace collapsed)
 * and {rule} the rule id. sugg (may be NULL) are copied; when nsugg is 0 the
 * rule's own suggestions are used. */
void check_report(check *c, const rule *r, severity sev, size_t off, size_t len,
                  tvars vars, const char *const *sugg, size_t nsugg);
/* Render a template: {name} replaced from vars, {{ and }} are braces,
 * unknown names left as written. */
void template_render(buf *out, const char *tmpl, tvars vars);

/* Per-file, per-kind state slot, NULL at begin(); the kind frees it in end(). */
void **check_state(check *c, const rule_kind *k);
/* The plain text and the document being checked. */
const document *check_document(const check *c);
/* Hand a readability report to the file's result (ownership passes; free_fn
 * releases it with the result). At most one per file: a second replaces the first. */
struct readability_report;
void check_set_readability(check *c, struct readability_report *r,
                           void (*free_fn)(struct readability_report *));
/* Display path of the file ("-" or the --stdin-filename for stdin). */
const char *check_path(const check *c);

#endif

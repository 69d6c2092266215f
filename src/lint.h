/* lint.h — the one core header: everything the CLI, the tests or an editor
 * server need to lint text. Nothing behind it touches argv, stdout, the
 * locale or exit().
 *
 *   linter *lt = linter_new(&config, &err);      // compile packs once
 *   linter_check(lt, "a.md", bytes, n, LINT_SYNTAX_AUTO, &res);
 *   ... print res ...; lint_result_release(&res);
 *   linter_free(lt);
 *
 * A linter is read-only after linter_new: threads may share it. A thread
 * that called linter_check calls lint_thread_end() before it exits.
 */
#ifndef PLAINSAFE_LINT_H
#define PLAINSAFE_LINT_H

#include <stddef.h>
#include "util.h"
#include "diag.h"
#include "config.h"
#include "rule.h"

typedef struct linter linter;

typedef enum {
    LINT_SYNTAX_AUTO,       /* by extension: .md/.markdown → Markdown, else plain text */
    LINT_SYNTAX_TEXT,
    LINT_SYNTAX_MARKDOWN
} lint_syntax;

typedef enum {
    LINT_FILE_OK = 0,
    LINT_FILE_SKIPPED,      /* binary or too large: error says why; exit status 3 */
    LINT_FILE_UNREADABLE    /* could not be read: exit status 3 */
} lint_file_status;

/* A heading of a checked document, for printers that group by section. */
typedef struct {
    size_t off;             /* source offset where the heading's text starts */
    int level;              /* 1..6; plain-text headings are 1 */
    char *text;             /* its plain text, whitespace collapsed (owned) */
} lint_heading;

typedef struct {
    char *path;             /* display path (owned) */
    lint_file_status status;
    char *error;            /* owned; for stderr when status != OK */
    diag *diags;            /* owned, sorted by offset then rule */
    strstore messages;      /* owned: the diagnostics' messages */
    size_t ndiags;
    size_t counts[4];       /* diagnostics by severity */
    char *src;              /* decoded source text (owned), for printers that quote lines */
    size_t len;
    lint_heading *headings; /* owned, in document order */
    size_t nheadings;
    struct readability_report *readability;  /* owned; NULL if the metric kind is not active */
    void (*readability_free)(struct readability_report *);
} lint_result;

linter *linter_new(const lint_config *cfg, lint_error *err);
void linter_free(linter *lt);
const lint_config *linter_config(const linter *lt);
size_t linter_nrules(const linter *lt);
const rule *linter_rule(const linter *lt, size_t i);
const rule *linter_find_rule(const linter *lt, const char *id);

/* Check one input. display_path is used in the result and to pick the
 * syntax when LINT_SYNTAX_AUTO. Never fails: problems with the input are
 * reported in res->status / res->error. */
void linter_check(const linter *lt, const char *display_path, const unsigned char *raw, size_t n,
                  lint_syntax syntax, lint_result *res);
/* The same, taking ownership of raw (malloc'd; freed or kept as res->src):
 * a file read into memory is checked without a second copy. */
void linter_check_owned(const linter *lt, const char *display_path, unsigned char *raw, size_t n,
                        lint_syntax syntax, lint_result *res);
void lint_result_release(lint_result *res);
void lint_thread_end(void);

#endif

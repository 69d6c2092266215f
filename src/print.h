/* print.h — the last stage: printers turn lint results into text, JSON Lines
 * or SARIF on one stream. Printers never analyse and never look at argv; the
 * CLI (cli.c) picks one from its format table and feeds it results in input
 * order: begin(), then file() once per input, then end().
 */
#ifndef PLAINSAFE_PRINT_H
#define PLAINSAFE_PRINT_H

#include <stdio.h>
#include "lint.h"

/* What a printer may know about the run. Everything is borrowed from the
 * caller and stays valid from begin() to end(). */
typedef struct {
    FILE *out;
    int no_text;              /* leave the quoted source out (no personal data) */
    int color;                /* ANSI colour (the text printer only) */
    const char *version;      /* plainsafe's version, for SARIF */
    const rule *const *rules; /* every rule of the run, unique ids, in load order (SARIF metadata) */
    size_t nrules;
    void *state;              /* the printer's own, set in begin(), freed in end() */
} print_ctx;

/* Totals for the closing record. */
typedef struct {
    size_t files;             /* inputs given or found */
    size_t checked;           /* inputs that were read and checked */
    size_t counts[4];         /* diagnostics by severity (diag.h), over all files */
    int exit_status;          /* what plainsafe exits with (see plainsafe.1) */
} print_summary;

typedef struct {
    const char *name;         /* the --format value */
    void (*begin)(print_ctx *p);
    /* One input, in input order. res->status != LINT_FILE_OK: res->error says
     * why; the CLI has already reported it on stderr. */
    void (*file)(print_ctx *p, const lint_result *res);
    void (*end)(print_ctx *p, const print_summary *s);
} printer;

/* Append s as a JSON string literal; bytes that are not well-formed UTF-8
 * (possible in file names) become U+FFFD, so the output is always valid. */
void print_json_string(buf *b, const char *s);

extern const printer print_text;
extern const printer print_json;
extern const printer print_sarif;

#endif

/* diag.h — diagnostics: what rules push, what printers print.
 *
 * Rules fill off/len (source offsets), sev, rule, message and suggestions
 * through check_report (rule.h). lint.c then sorts by offset, drops exact
 * duplicates, applies suppressions, and fills the printable positions.
 */
#ifndef PLAINSAFE_DIAG_H
#define PLAINSAFE_DIAG_H

#include <stddef.h>
#include <stdint.h>
#include "util.h"

typedef enum {
    SEV_OFF = 0,
    SEV_SUGGESTION = 1,
    SEV_WARNING = 2,
    SEV_ERROR = 3
} severity;

const char *severity_name(severity s);
/* Parses "error", "warning", "suggestion", "off"; -1 if none. */
int severity_parse(const char *s);

/* 64 bytes: offsets, lengths and positions are 32-bit, as inputs are at
 * most INPUT_MAX_BYTES (2 GiB) raw and so under 4 GiB decoded (input.h). */
typedef struct {
    uint32_t off, len;        /* span in the decoded source text */
    uint8_t sev;              /* severity */
    uint8_t sugg_borrowed;    /* the array is the rule's own (lives as long as the linter) */
    uint32_t nsugg;
    const char *rule;         /* rule id, borrowed from the linter (or a static string) */
    const char *message;      /* rendered; lives in the lint_result's message store */
    char **suggestions;       /* owned with its strings, unless sugg_borrowed */
    /* Filled by lint.c after the check: */
    uint32_t line, col, end_line, end_col;   /* 1-based; columns in code points; end exclusive */
    uint32_t raw_off, raw_len;  /* byte span in the raw input file */
} diag;

typedef struct {
    diag *v;
    size_t n, cap;
} diag_list;

void diag_list_release(diag_list *l);
void diag_release(diag *d);
/* Append the source span of d (src is the decoded source it points into),
 * with replaced invalid bytes shown as U+FFFD: the "quoted text". */
void diag_quote(buf *out, const char *src, const diag *d);

#endif

/* test_print.c — the printers on hand-made lint results: exact text and JSON
 * Lines, SARIF structure, escaping of paths and messages, --no-text; the
 * pretty report's markers in display cells, sections, summary and verdict. */
#include "harness.h"
#include "print.h"

#include <stdlib.h>

static char *sugg_a[] = {"worried about", "concerned"};

/* Two diagnostics in "a b.md": one with suggestions, one invalid-UTF-8 style. */
static void make_result(lint_result *res, diag *d)
{
    memset(res, 0, sizeof *res);
    memset(d, 0, 2 * sizeof *d);
    res->path = "dir/a b.md";
    res->src = "abc neglect\tful pad \x1a";
    res->diags = d;
    res->ndiags = 2;
    d[0] = (diag){.off = 4, .len = 7, .sev = SEV_WARNING, .rule = "judgement.label",
                  .message = "\"Neglectful\" is a label", .suggestions = sugg_a, .nsugg = 2,
                  .line = 1, .col = 5, .end_line = 1, .end_col = 12, .raw_off = 7, .raw_len = 7};
    d[0].len = 11; /* the quoted text runs to "ful" */
    d[1] = (diag){.off = 20, .len = 1, .sev = SEV_ERROR, .rule = "core.invalid-utf8",
                  .message = "invalid UTF-8\nbyte", .line = 2, .col = 3, .end_line = 2,
                  .end_col = 4, .raw_off = 23, .raw_len = 1};
    res->counts[SEV_WARNING] = 1;
    res->counts[SEV_ERROR] = 1;
}

/* Run printer pr over res (and a skipped file) into a malloc'd string. */
static char *run(const printer *pr, const lint_result *res, int no_text, int color,
                 const rule *const *rules, size_t nrules)
{
    char *data = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&data, &n);
    print_ctx p = {.out = f, .no_text = no_text, .color = color, .version = "9.9",
                   .rules = rules, .nrules = nrules};
    pr->begin(&p);
    pr->file(&p, res);
    lint_result skipped = {.path = "bin.md", .status = LINT_FILE_SKIPPED,
                           .error = "binary file (contains NUL bytes), skipped"};
    pr->file(&p, &skipped);
    print_summary s = {.files = 2, .checked = 1, .counts = {0, 0, 1, 1}, .exit_status = 3};
    pr->end(&p, &s);
    fclose(f);
    return data;
}

static void test_text(void)
{
    lint_result res;
    diag d[2];
    make_result(&res, d);
    char *out = run(&print_text, &res, 0, 0, NULL, 0);
    CHECK_STR(out, "dir/a b.md:1:5: warning: \"Neglectful\" is a label [judgement.label]\n"
                   "dir/a b.md:2:3: error: invalid UTF-8 byte [core.invalid-utf8]\n");
    free(out);
    out = run(&print_text, &res, 0, 1, NULL, 0);
    CHECK(strstr(out, "\033[1mdir/a b.md\033[0m:1:5: \033[1;33mwarning\033[0m: ") != NULL);
    CHECK(strstr(out, "\033[1;31merror\033[0m") != NULL);
    free(out);
}

static void test_json(void)
{
    lint_result res;
    diag d[2];
    make_result(&res, d);
    char *out = run(&print_json, &res, 0, 0, NULL, 0);
    CHECK_STR(out,
        "{\"type\":\"diagnostic\",\"path\":\"dir/a b.md\",\"line\":1,\"column\":5,\"end_line\":1,"
        "\"end_column\":12,\"offset\":7,\"length\":7,\"severity\":\"warning\",\"rule\":\"judgement.label\","
        "\"message\":\"\\\"Neglectful\\\" is a label\",\"text\":\"neglect\\tful\","
        "\"suggestions\":[\"worried about\",\"concerned\"]}\n"
        "{\"type\":\"diagnostic\",\"path\":\"dir/a b.md\",\"line\":2,\"column\":3,\"end_line\":2,"
        "\"end_column\":4,\"offset\":23,\"length\":1,\"severity\":\"error\",\"rule\":\"core.invalid-utf8\","
        "\"message\":\"invalid UTF-8\\nbyte\",\"text\":\"\xEF\xBF\xBD\",\"suggestions\":[]}\n"
        "{\"type\":\"file\",\"path\":\"dir/a b.md\",\"status\":\"ok\",\"diagnostics\":2,"
        "\"counts\":{\"error\":1,\"warning\":1,\"suggestion\":0}}\n"
        "{\"type\":\"file\",\"path\":\"bin.md\",\"status\":\"skipped\","
        "\"error\":\"binary file (contains NUL bytes), skipped\",\"diagnostics\":0,"
        "\"counts\":{\"error\":0,\"warning\":0,\"suggestion\":0}}\n"
        "{\"type\":\"summary\",\"files\":2,\"checked\":1,\"diagnostics\":2,"
        "\"counts\":{\"error\":1,\"warning\":1,\"suggestion\":0},\"exit_status\":3}\n");
    free(out);
    out = run(&print_json, &res, 1, 0, NULL, 0);
    CHECK(strstr(out, "\"text\"") == NULL);
    CHECK(strstr(out, "neglect") == NULL);
    CHECK(strstr(out, "\"message\":\"\\\"Neglectful\\\" is a label\",\"suggestions\"") != NULL);
    free(out);
}

static void test_json_string(void)
{
    buf b;
    buf_init(&b);
    print_json_string(&b, "a\xff" "b\xc3\xa9\x01\\\x7f");
    CHECK_STR(b.data, "\"a\xEF\xBF\xBD" "b\xc3\xa9\\u0001\\\\\\u007f\"");
    buf_clear(&b);
    print_json_string(&b, "\xe2\x82");  /* truncated sequence */
    CHECK_STR(b.data, "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
    buf_clear(&b);
    print_json_string(&b, "");
    CHECK_STR(b.data, "\"\"");
    buf_release(&b);
}

static void test_sarif(void)
{
    lint_result res;
    diag d[2];
    make_result(&res, d);
    static const rule_kind phrase = {.name = "phrase"};
    char *sugg[] = {"say what happened"};
    rule r0 = {.id = "judgement.label", .kind = &phrase, .sev = SEV_WARNING,
               .message = "\"{match}\" is a label", .reason = "Labels judge.", .suggestions = sugg,
               .nsugg = 1};
    rule r1 = {.id = "judgement.off", .kind = &phrase, .sev = SEV_OFF, .message = "m", .reason = "r"};
    const rule *rules[] = {&r0, &r1};
    char *out = run(&print_sarif, &res, 0, 0, rules, 2);
    CHECK(strncmp(out, "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"plainsafe\","
                       "\"version\":\"9.9\",\"rules\":[", 90) == 0);
    CHECK(strstr(out, "{\"id\":\"judgement.label\",\"shortDescription\":{\"text\":\"\\\"{match}\\\" is a label\"},"
                      "\"fullDescription\":{\"text\":\"Labels judge.\"},\"help\":{\"text\":\"say what happened\"},"
                      "\"defaultConfiguration\":{\"level\":\"warning\"},\"properties\":{\"kind\":\"phrase\"}}") != NULL);
    CHECK(strstr(out, "\"defaultConfiguration\":{\"level\":\"none\",\"enabled\":false}") != NULL);
    CHECK(strstr(out, "\"columnKind\":\"unicodeCodePoints\"") != NULL);
    CHECK(strstr(out, "{\"ruleId\":\"judgement.label\",\"ruleIndex\":0,\"level\":\"warning\"") != NULL);
    /* A rule the run does not list: no ruleIndex. */
    CHECK(strstr(out, "{\"ruleId\":\"core.invalid-utf8\",\"level\":\"error\"") != NULL);
    CHECK(strstr(out, "\"artifactLocation\":{\"uri\":\"dir/a%20b.md\"},\"region\":{\"startLine\":1,"
                      "\"startColumn\":5,\"endLine\":1,\"endColumn\":12,\"byteOffset\":7,\"byteLength\":7,"
                      "\"snippet\":{\"text\":\"neglect\\tful\"}}") != NULL);
    CHECK(strstr(out, "\"properties\":{\"suggestions\":[\"worried about\",\"concerned\"]}") != NULL);
    CHECK(strstr(out, "\"invocations\":[{\"executionSuccessful\":false,\"exitCode\":3,"
                      "\"toolExecutionNotifications\":[\n{\"level\":\"error\",\"message\":{\"text\":"
                      "\"binary file (contains NUL bytes), skipped\"},\"locations\":[{\"physicalLocation\":"
                      "{\"artifactLocation\":{\"uri\":\"bin.md\"}}}]}\n]}]}]}\n") != NULL);
    free(out);
    out = run(&print_sarif, &res, 1, 0, rules, 2);
    CHECK(strstr(out, "snippet") == NULL);
    CHECK(strstr(out, "neglect") == NULL);
    free(out);
}

/* The pretty report of one finding at needle in src, under one heading. */
static char *pretty_one(const char *src, const char *needle, int no_text)
{
    static char *sugg[] = {"a", "b", "c", "d"};
    const char *at = strstr(src, needle);
    diag d = {.off = (size_t)(at - src), .len = strlen(needle), .sev = SEV_ERROR,
              .rule = "judgement.label", .message = "label", .suggestions = sugg, .nsugg = 4,
              .line = 3, .col = 9};
    lint_heading h = {.off = 2, .level = 1, .text = "Visit"};
    lint_result res = {.path = "a.md", .diags = &d, .ndiags = 1, .counts = {0, 0, 0, 1},
                       .src = (char *)src, .len = strlen(src), .headings = &h, .nheadings = 1};
    rule ru = {.id = "judgement.label", .reason = "Labels judge.  They hide\nwhat happened. More."};
    const rule *rules[] = {&ru};
    char *data = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&data, &n);
    print_ctx p = {.out = f, .no_text = no_text, .rules = rules, .nrules = 1, .profile = "family"};
    print_pretty.begin(&p);
    print_pretty.file(&p, &res);
    print_summary s = {.files = 1, .checked = 1, .counts = {0, 0, 0, 1}, .failing = {0, 0, 0, 1},
                       .exit_status = 1};
    print_pretty.end(&p, &s);
    fclose(f);
    return data;
}

static char *verdict(print_summary s, const char *profile)
{
    char *data = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&data, &n);
    print_ctx p = {.out = f, .profile = profile};
    print_verdict(&p, &s);
    fclose(f);
    return data;
}

static void test_pretty(void)
{
    /* Wide characters take 2 cells, a combining accent none, a tab runs to
     * the next stop of 8; the marker sits under the span. */
    char *out = pretty_one("# Visit\n\n\xE6\xBC\xA2 e\xCC\x81\tin denial now\n", "in denial", 0);
    CHECK_STR(out, "a.md\n"
                   "  \xC2\xA7 Visit\n"
                   "    3:9 error [judgement.label] label\n"
                   "      3 | \xE6\xBC\xA2 e\xCC\x81    in denial now\n"
                   "        |         ^~~~~~~~~\n"
                   "      why: Labels judge. They hide what happened.\n"
                   "      try: a; b; c (1 more: plainsafe --explain judgement.label)\n"
                   "\n"
                   "1 judgement-laden word\n"
                   "\xE2\x9C\x97 Not ready: 1 error must be fixed before this is shared with the family.\n");
    free(out);
    out = pretty_one("# Visit\n\nDad is in denial.\n", "in denial", 1);
    CHECK(strstr(out, " | ") == NULL);
    CHECK(strstr(out, "^") == NULL);
    CHECK(strstr(out, "why: Labels judge.") != NULL);
    free(out);
    /* A long line is cut around the finding; the marker stays under it. */
    buf line;
    buf_init(&line);
    buf_puts(&line, "# Visit\n\n");
    for (int i = 0; i < 300; i++)
        buf_putc(&line, 'x');
    buf_puts(&line, " in denial ");
    for (int i = 0; i < 300; i++)
        buf_putc(&line, 'y');
    out = pretty_one(line.data, "in denial", 0);
    const char *src_line = strstr(out, "      3 | ");
    const char *mark = strstr(out, "        | ");
    CHECK(src_line && mark);
    if (src_line && mark) {
        const char *caret = strchr(mark, '^');
        size_t col = (size_t)(caret - mark);
        /* "…" is 3 bytes and 1 cell: the byte at col + 2 in the source line. */
        CHECK(strncmp(src_line + col + 2, "in denial", 9) == 0);
        CHECK(strncmp(src_line + 10, "\xE2\x80\xA6", 3) == 0);
        const char *eol = strchr(src_line, '\n');
        CHECK(eol && strncmp(eol - 3, "\xE2\x80\xA6", 3) == 0);
    }
    free(out);
    buf_release(&line);

    out = verdict((print_summary){.files = 1, .checked = 1}, "family");
    CHECK_STR(out, "\xE2\x9C\x93 Ready: no findings.\n");
    free(out);
    out = verdict((print_summary){.files = 1, .checked = 1, .counts = {0, 2, 1, 0}}, "family");
    CHECK_STR(out, "\xE2\x9C\x93 Ready: no errors (1 warning and 2 suggestions to consider).\n");
    free(out);
    out = verdict((print_summary){.files = 3, .checked = 2, .counts = {0, 0, 1, 4},
                                  .failing = {0, 0, 1, 4}}, "court");
    CHECK_STR(out, "\xE2\x9C\x97 Not ready: 4 errors and 1 warning must be fixed before these go to "
                   "court. 1 file could not be checked.\n");
    free(out);
    out = verdict((print_summary){.files = 1, .checked = 0}, NULL);
    CHECK_STR(out, "\xE2\x9C\x97 Not ready: 1 file could not be checked.\n");
    free(out);
}

int main(void)
{
    test_pretty();
    test_text();
    test_json();
    test_json_string();
    test_sarif();
    return TEST_DONE();
}

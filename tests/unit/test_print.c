/* test_print.c — the printers on hand-made lint results: exact text and JSON
 * Lines, SARIF structure, escaping of paths and messages, --no-text. */
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
    res->diags = d;
    res->ndiags = 2;
    d[0] = (diag){.off = 4, .len = 7, .sev = SEV_WARNING, .rule = "judgement.label",
                  .message = "\"Neglectful\" is a label", .suggestions = sugg_a, .nsugg = 2,
                  .line = 1, .col = 5, .end_line = 1, .end_col = 12, .raw_off = 7, .raw_len = 7,
                  .text = "neglect\tful"};
    d[1] = (diag){.off = 20, .len = 1, .sev = SEV_ERROR, .rule = "core.invalid-utf8",
                  .message = "invalid UTF-8\nbyte", .line = 2, .col = 3, .end_line = 2,
                  .end_col = 4, .raw_off = 23, .raw_len = 1, .text = "\x1a"};
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
        "\"message\":\"invalid UTF-8\\nbyte\",\"text\":\"\\u001a\",\"suggestions\":[]}\n"
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

int main(void)
{
    test_text();
    test_json();
    test_json_string();
    test_sarif();
    return TEST_DONE();
}

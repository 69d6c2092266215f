/* test_lint.c — the pipeline end to end through lint.h: positions (line,
 * column in code points, raw byte offsets) through Markdown, CRLF, lone CR,
 * BOM, UTF-16 and invalid bytes; suppression comments; ordering and dedupe. */
#include "harness.h"
#include "lint_fixture.h"

static const char *PACK =
    "pack: t\n"
    "rules:\n"
    "  - id: word\n"
    "    kind: regex\n"
    "    severity: error\n"
    "    pattern: '\\bdenial\\b'\n"
    "    message: 'found {match}'\n"
    "    reason: A test rule.\n"
    "    examples: {bad: [in denial], good: [fine]}\n"
    "  - id: other\n"
    "    kind: regex\n"
    "    severity: warning\n"
    "    pattern: '\\bhostile\\b'\n"
    "    message: 'found {match}'\n"
    "    reason: A test rule.\n"
    "    examples: {bad: [hostile], good: [fine]}\n";

static lint_result res;

/* Check raw input; "RULE L:C-L:C @RAWOFF+RAWLEN" per finding. */
static const char *positions(const linter *lt, const char *path, const char *raw, size_t n)
{
    linter_check(lt, path, (const unsigned char *)raw, n, LINT_SYNTAX_AUTO, &res);
    buf_clear(&fx_out);
    for (size_t i = 0; i < res.ndiags; i++) {
        const diag *d = &res.diags[i];
        buf_printf(&fx_out, "%s %zu:%zu-%zu:%zu @%zu+%zu\n", d->rule, (size_t)d->line, (size_t)d->col,
                   (size_t)d->end_line, (size_t)d->end_col, (size_t)d->raw_off, (size_t)d->raw_len);
    }
    lint_result_release(&res);
    return fx_out.data ? fx_out.data : "";
}

#define POS(path, lit) positions(lt, path, lit, sizeof lit - 1)

int main(void)
{
    fx_setup();
    lint_config cfg;
    linter *lt = fx_linter(&cfg, PACK, NULL, NULL);
    CHECK(lt != NULL);
    if (!lt) {
        fprintf(stderr, "%s\n", fx_err.msg);
        return TEST_DONE();
    }

    /* Plain text, multi-byte characters before the match on the same line. */
    CHECK_STR(POS("a.txt", "Zoë’s dad is in denial.\n"), "t.word 1:17-1:23 @19+6\n");
    /* Several lines and findings, multi-byte characters on earlier lines and between findings. */
    CHECK_STR(POS("a.txt", "Zoë’s dad.\n\nHe is “hostile” and ‘in denial’.\n"),
              "t.other 3:8-3:15 @24+7\nt.word 3:25-3:31 @45+6\n");
    /* CRLF and lone CR line endings. */
    CHECK_STR(POS("a.txt", "One.\r\n\r\nIn denial.\r\n"), "t.word 3:4-3:10 @11+6\n");
    CHECK_STR(POS("a.txt", "One.\r\rIn denial.\r"), "t.word 3:4-3:10 @9+6\n");
    /* A UTF-8 BOM: columns ignore it, raw offsets count it. */
    CHECK_STR(POS("a.txt", "\xEF\xBB\xBFIn denial."), "t.word 1:4-1:10 @6+6\n");
    /* UTF-16LE and BE with a BOM: raw offsets are into the UTF-16 bytes. */
    CHECK_STR(POS("a.txt", "\xFF\xFEI\0n\0 \0d\0e\0n\0i\0a\0l\0"), "t.word 1:4-1:10 @8+12\n");
    CHECK_STR(POS("a.txt", "\xFE\xFF\0I\0n\0 \0d\0e\0n\0i\0a\0l"), "t.word 1:4-1:10 @8+12\n");
    /* An invalid byte is reported at its place and the rest is still checked. */
    CHECK_STR(POS("a.txt", "Bad \xFF byte.\nIn denial."),
              "input.invalid-utf8 1:5-1:6 @4+1\nt.word 2:4-2:10 @15+6\n");
    /* Markdown: markup before the match on the line, a heading, emphasis, a link. */
    CHECK_STR(POS("a.md", "# Title\n\n> - **Dad** is [in *denial*](http://x.y)\n"), "t.word 3:21-3:27 @29+6\n");
    /* Nothing fires inside code. */
    CHECK_STR(POS("a.md", "Use `denial` here.\n\n```\ndenial\n```\n\n    denial\n"), "");
    /* Sorted by position, then rule. */
    CHECK_STR(POS("a.txt", "hostile denial hostile\n"),
              "t.other 1:1-1:8 @0+7\nt.word 1:9-1:15 @8+6\nt.other 1:16-1:23 @15+7\n");

    /* Suppressions: next line, ranges, packs, all rules, and the unused ones. */
    CHECK_STR(POS("a.md", "<!-- plainsafe-disable-next-line t.word -->\nIn denial, hostile.\n"),
              "t.other 2:12-2:19 @55+7\n");
    CHECK_STR(POS("a.md", "<!-- plainsafe-disable t -->\nIn denial.\n\nHostile.\n<!-- plainsafe-enable t -->\n\nIn denial.\n"),
              "t.word 7:4-7:10 @82+6\n");
    CHECK_STR(POS("a.md", "<!-- plainsafe-disable -->\nIn denial, hostile.\n"), "");
    CHECK_STR(POS("a.md", "<!-- plainsafe-disable-next-line t.other -->\nIn denial.\n"),
              "suppression.unused 1:1-1:45 @0+44\nt.word 2:4-2:10 @48+6\n");
    CHECK_STR(POS("a.md", "<!-- plainsafe-disable-next-line t.nope -->\nIn denial.\n"),
              "suppression.unknown-rule 1:1-1:44 @0+43\nsuppression.unused 1:1-1:44 @0+43\nt.word 2:4-2:10 @47+6\n");
    CHECK_STR(POS("a.txt", "#plainsafe-disable-next-line t.word\nIn denial.\n"), "");
    CHECK_STR(POS("a.txt", "[plainsafe-disable t]\nIn denial.\n"), "");

    /* Binary input is skipped with a reason. */
    linter_check(lt, "b.txt", (const unsigned char *)"a\0b", 3, LINT_SYNTAX_AUTO, &res);
    CHECK_INT(res.status, LINT_FILE_SKIPPED);
    CHECK(res.error && strstr(res.error, "binary"));
    lint_result_release(&res);

    /* A message that recurs within a file is stored once; a different one,
     * or the same one in the next file, is stored on its own (the first
     * file's store is gone by then: ASan would see a reuse). */
    static const char twice[] = "In denial. Hostile. In denial. Hostile. In denial.";
    linter_check(lt, "a.txt", (const unsigned char *)twice, sizeof twice - 1, LINT_SYNTAX_AUTO, &res);
    CHECK_INT(res.ndiags, 5);
    if (res.ndiags == 5) {
        CHECK_STR(res.diags[0].message, "found denial");
        CHECK(res.diags[0].message == res.diags[2].message && res.diags[2].message == res.diags[4].message);
        CHECK(res.diags[1].message == res.diags[3].message && res.diags[1].message != res.diags[0].message);
        CHECK_STR(res.diags[1].message, "found Hostile");
    }
    lint_result_release(&res);
    linter_check(lt, "b.txt", (const unsigned char *)twice, sizeof twice - 1, LINT_SYNTAX_AUTO, &res);
    CHECK_INT(res.ndiags, 5);
    if (res.ndiags == 5)
        CHECK_STR(res.diags[4].message, "found denial");
    lint_result_release(&res);

    /* The quoted text of a finding is the source span. */
    linter_check(lt, "a.md", (const unsigned char *)"**In denial**", 13, LINT_SYNTAX_AUTO, &res);
    CHECK_INT(res.ndiags, 1);
    if (res.ndiags) {
        buf q;
        buf_init(&q);
        diag_quote(&q, res.src, &res.diags[0]);
        CHECK_STR(q.data, "denial");
        buf_release(&q);
    }
    lint_result_release(&res);

    linter_free(lt);
    config_release(&cfg);

    /* A config override naming no rule is a located error with a hint. */
    linter *bad = fx_linter(&cfg, PACK, NULL, NULL);
    CHECK(bad != NULL);
    linter_free(bad);
    cfg.overrides = xmalloc(sizeof *cfg.overrides);
    cfg.overrides[0] = (rule_override){xstrdup("t.wrod"), SEV_OFF, 4, 3};
    cfg.noverrides = 1;
    err_clear(&fx_err);
    bad = linter_new(&cfg, &fx_err);
    CHECK(bad == NULL);
    CHECK_STR(fx_err.msg, "config:4:3: error: no rule or pack 't.wrod'; did you mean 't.word'?");
    linter_free(bad);
    config_release(&cfg);
    fx_teardown();
    return TEST_DONE();
}

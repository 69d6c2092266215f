/* test_rule_metric.c — the metric kind through the linter: located key
 * errors, thresholds per profile, one finding per sentence, reading age per
 * document and section, and the report handed to the result. */
#include "harness.h"
#include "lint_fixture.h"
#include "readability.h"

#define RULE(id, measure) "  - id: " id "\n    kind: metric\n    measure: " measure "\n" \
    "    message: \"{words} {max} {age} {scope}\"\n    reason: r\n    examples: {bad: [a], good: [b]}\n"

static const char *run_md(const char *pack, const char *profile, const char *text)
{
    lint_config cfg;
    linter *lt = fx_linter(&cfg, pack, profile, NULL);
    if (!lt) {
        config_release(&cfg);
        return fx_err.msg;
    }
    fx_list(lt, "t.md", text);
    linter_free(lt);
    lint_thread_end();
    config_release(&cfg);
    return fx_out.data ? fx_out.data : "";
}

static void test_errors(void)
{
    const char *e = fx_load_error("pack: t\nrules:\n" RULE("x", "sentence-lenght"));
    CHECK(strstr(e, "p.yml:5:14: error: unknown measure 'sentence-lenght'; did you mean 'sentence-length'?") != NULL);
    e = fx_load_error("pack: t\nrules:\n  - id: x\n    kind: metric\n    message: m\n    reason: r\n"
                      "    examples: {bad: [a], good: [b]}\n");
    CHECK(strstr(e, "metric rule 't.x' has no 'measure'") != NULL);
    e = fx_load_error("pack: t\nrules:\n" RULE("x", "reading-age") "    max: {child: 9}\n");
    CHECK(strstr(e, "max has no value for the profile 'family'") != NULL);
    e = fx_load_error("pack: t\nrules:\n" RULE("x", "reading-age") "    max: {famly: 9}\n");
    CHECK(strstr(e, "did you mean 'family'") != NULL);
    e = fx_load_error("pack: t\nrules:\n" RULE("x", "reading-age") "    max: -1\n");
    CHECK(strstr(e, "max must be a number from 0 to 1000") != NULL);
    e = fx_load_error("pack: t\nrules:\n" RULE("x", "hard-sentence") "    min-words: lots\n");
    CHECK(strstr(e, "p.yml:9:16: error: expected a number for 'min-words'") != NULL);
}

static void test_profiles(void)
{
    const char *pack = "pack: t\nrules:\n" RULE("long", "sentence-length")
                       "    max: {family: 5, child: 3, default: 10}\n";
    const char *six = "One two three four five six.";
    CHECK_STR(fx_run(pack, NULL, six), "t.long 0+28 [warning] 6 5 {age} {scope}\n");
    CHECK_STR(fx_run(pack, "child", six), "t.long 0+28 [warning] 6 3 {age} {scope}\n");
    CHECK_STR(fx_run(pack, "professional", six), "");
    CHECK_STR(fx_run(pack, NULL, "One two three four five."), "");
}

static void test_one_finding_per_sentence(void)
{
    const char *pack = "pack: t\nrules:\n" RULE("long", "sentence-length") "    max: 12\n"
                       RULE("hard", "hard-sentence") "    max: 17\n    min-words: 8\n";
    /* 9 words, 35 syllables: grade 33.8, age 39 */
    const char *hard = "The comprehensive evaluation identified considerable deficiencies regarding "
                       "parental responsibility.";
    CHECK_STR(fx_run(pack, NULL, hard), "t.hard 0+100 [warning] 9 17 39 {scope}\n");
    /* the same words in a sentence over the length limit: the length finding only */
    const char *longer = "The comprehensive evaluation identified considerable deficiencies regarding "
                         "parental responsibility and emotional availability in the home.";
    const char *out = fx_run(pack, NULL, longer);
    CHECK_INT(fx_count(out), 1);
    CHECK(strncmp(out, "t.long ", 7) == 0);
    /* too short to judge, or plain */
    CHECK_STR(fx_run(pack, NULL, "Comprehensive evaluation identified considerable deficiencies."), "");
    CHECK_STR(fx_run(pack, NULL, "Mum and Dad love Ruby and they play with her."), "");
    /* a passive voice alone never makes a sentence hard */
    CHECK_STR(fx_run(pack, NULL, "Concerns were raised by the school about the way she was fed."), "");
}

static void test_reading_age(void)
{
    const char *pack = "pack: t\nrules:\n" RULE("age", "reading-age") "    max: 8\n    min-words: 5\n";
    const char *two = "# Plan\n\nMum and Dad love Ruby and play with her.\n\n"
                      "# Worries\n\nThe comprehensive evaluation identified considerable deficiencies.\n";
    const char *out = run_md(pack, NULL, two);
    /* the document (on its first heading) and the hard section; the plain one is under 8 */
    CHECK_INT(fx_count(out), 2);
    CHECK(strstr(out, "t.age 2+4 [warning] ") != NULL && strstr(out, " This document\n") != NULL);
    CHECK(strstr(out, "This section\n") != NULL);
    CHECK(strstr(out, "t.age 52+7 ") != NULL);
    /* one section holding every word: the document's finding only */
    out = run_md(pack, NULL, "# Worries\n\nThe comprehensive evaluation identified considerable deficiencies.\n");
    CHECK_INT(fx_count(out), 1);
    CHECK(strstr(out, "This document") != NULL);
    /* under min-words: not judged */
    CHECK_STR(run_md(pack, NULL, "Considerable deficiencies.\n"), "");
}

static void test_report(void)
{
    lint_config cfg;
    linter *lt = fx_linter(&cfg, "pack: t\nrules:\n" RULE("long", "sentence-length"), NULL, NULL);
    CHECK(lt != NULL);
    lint_result res;
    const char *text = "# Plan\n\nThe cat sat on the mat.\n";
    linter_check(lt, "t.md", (const unsigned char *)text, strlen(text), LINT_SYNTAX_AUTO, &res);
    CHECK(res.readability != NULL);
    if (res.readability) {
        CHECK_INT(res.readability->doc.n.words, 7);
        CHECK_INT(res.readability->doc.n.sentences, 2);
        CHECK_INT(res.readability->nsections, 1);
    }
    lint_result_release(&res);
    linter_free(lt);
    config_release(&cfg);
    /* every metric rule off: no report */
    lt = fx_linter(&cfg, "pack: t\nrules:\n" RULE("long", "sentence-length") "    severity: off\n", NULL, NULL);
    CHECK(lt != NULL);
    linter_check(lt, "t.md", (const unsigned char *)text, strlen(text), LINT_SYNTAX_AUTO, &res);
    CHECK(res.readability == NULL);
    lint_result_release(&res);
    linter_free(lt);
    config_release(&cfg);
    lint_thread_end();
}

int main(void)
{
    fx_setup();
    test_errors();
    test_profiles();
    test_one_finding_per_sentence();
    test_reading_age();
    test_report();
    fx_teardown();
    return TEST_DONE();
}

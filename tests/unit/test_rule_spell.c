/* test_rule_spell.c — the spell kind through the linter: misspellings with
 * suggestions; names, acronyms, numbers, URLs and single letters skipped;
 * sentence-start names; possessives; hyphenated words; word lists and
 * accepted words; a missing dictionary. Needs hunspell-en-gb. */
#include "harness.h"
#include "lint_fixture.h"

#define HEAD "pack: t\nrules:\n  - id: s\n    kind: spell\n"
#define COMMON "    reason: Families read this.\n    examples: {bad: [a b], good: [c d]}\n"
#define PACK HEAD "    message: \"'{match}': {suggestions}\"\n" COMMON

static void test_spelling(void)
{
    const char *out = fx_run(PACK, NULL, "We will recieve the report.");
    CHECK(strncmp(out, "t.s 8+7 [warning] 'recieve': receive", 36) == 0);
    CHECK(strstr(out, "{receive") != NULL);
    /* Skipped: names inside a sentence, capitals, numbers, words with digits,
     * single letters, URLs and e-mail addresses. */
    CHECK_STR(fx_run(PACK, NULL, "Then Kayden and Ofsted met the MASH at 3.30pm in Year7 on 12 May, "
                                 "see www.exampel.org/recieve or mail jo@exampel.org, plan b."), "");
    /* Run-together text longer than any dictionary word is not checked. */
    CHECK_STR(fx_run(PACK, NULL, "See weeklyprovisionalfiguresondeathsregistered for this."), "");
    /* A word used three times that is no near miss of a dictionary word is a
     * term of the document; a near miss is a slip however often it is made. */
    CHECK_STR(fx_run(PACK, NULL, "Cryoprecipitate was given. Cryoprecipitate helps. We stored cryoprecipitate."), "");
    CHECK_INT(fx_count(fx_run(PACK, NULL, "Cryoprecipitate was given. We stored cryoprecipitate.")), 2);
    CHECK_INT(fx_count(fx_run(PACK, NULL, "We recieve it. They recieve it. You recieve it.")), 3);
    /* Closed compounds of two dictionary words; typographic ligatures. */
    CHECK_STR(fx_run(PACK, NULL, "In the southwest a lookback was done. See the leaﬂets on warfighting."), "");
    CHECK_INT(fx_count(fx_run(PACK, NULL, "Mum has been very consistant.")), 1);
    CHECK_INT(fx_count(fx_run(PACK, NULL, "The dogcart sat, the catwalk too.")), 0);
    CHECK_INT(fx_count(fx_run(PACK, NULL, "The xqzlookback sat.")), 1);
    /* A capitalised word at a sentence start: a name if used inside a sentence too. */
    CHECK_STR(fx_run(PACK, NULL, "Kayden is seven. We saw Kayden today."), "");
    CHECK_STR(fx_run(PACK, NULL, "Kayden's school called. We saw Kayden."), "");
    CHECK_STR(fx_run(PACK, NULL, "We saw Kayden. Kayden's mum came."), "");
    out = fx_run(PACK, NULL, "Teh report came. We read it.");
    CHECK(strncmp(out, "t.s 0+3 [warning] 'Teh': ", 25) == 0);
    CHECK_STR(fx_run(PACK, NULL, "The report came."), "");
    /* Curly apostrophes; possessives checked on the stem. */
    CHECK_STR(fx_run(PACK, NULL, "She doesn\xE2\x80\x99t know the child's school."), "");
    /* Plural possessives, abbreviations with their dot, non-ASCII hyphens. */
    CHECK_STR(fx_run(PACK, NULL, "The parents\xE2\x80\x99 views, the doctors' notes, books etc. and a "
                                 "whole\xE2\x80\x91system view."), "");
    /* Hyphenated words: each part when the whole is not a word. */
    CHECK_STR(fx_run(PACK, NULL, "Her mother-in-law is a well-known baker."), "");
    out = fx_run(PACK, NULL, "It was well-recieved.");
    CHECK(strncmp(out, "t.s 12+8 [warning] 'recieved': ", 31) == 0);
}

static void test_words(void)
{
    /* Words from the rule, from a word list next to the pack, and from the config. */
    char list[96];
    snprintf(list, sizeof list, "%s/w.txt", fx_dir);
    FILE *f = fopen(list, "wb");
    fputs("# domain words\nwibblewobble\n  safeguardee  \n", f);
    fclose(f);
    const char *pack = PACK "    words: [kinshipcare]\n    wordlists: [w.txt]\n    suggest: 1\n";
    CHECK_STR(fx_run(pack, NULL, "The kinshipcare and wibblewobble and safeguardee work."), "");
    lint_config cfg;
    linter *lt = fx_linter(&cfg, pack, NULL, "zorbleplan");
    CHECK(lt != NULL);
    if (lt) {
        CHECK_STR(fx_list(lt, "t.txt", "The zorbleplan works."), "");
        /* suggest bounds the suggestions. */
        const char *out = fx_list(lt, "t.txt", "We recieve it.");
        CHECK(strstr(out, "{receive}") != NULL);
        linter_free(lt);
    }
    lint_thread_end();
    config_release(&cfg);
    unlink(list);
    /* A word list that does not exist. */
    const char *e = fx_load_error(PACK "    wordlists: [nope.txt]\n");
    CHECK(strstr(e, "p.yml:8:17: error: word list 'nope.txt' not found") != NULL);
}

static void test_suggestion_bound(void)
{
    /* Suggestions for the first 10 distinct misspellings of a file only;
     * a repeated word keeps its suggestions. */
    buf text;
    buf_init(&text);
    static const char *const words[] = {
        "house", "school", "garden", "kitchen", "window", "doctor", "teacher", "mother", "father", "sister",
        "brother", "market", "office", "letter", "report", "meeting", "morning", "evening", "holiday",
        "weekend", "bedroom", "bottle", "blanket", "pocket", "ticket"};
    for (size_t i = 0; i < 25; i++)
        buf_printf(&text, "We saw the %sq. ", words[i]);
    buf_puts(&text, "We saw the houseq.");
    const char *out = fx_run(PACK, NULL, text.data);
    CHECK_INT(fx_count(out), 26);
    int with = 0;
    for (const char *p = out; (p = strstr(p, "': ")); p++)
        with += p[3] != '\n';
    CHECK(with >= 10 && with <= 11);
    buf_release(&text);
}

static void test_dictionary(void)
{
    const char *e = fx_load_error(PACK "    language: xx_YY\n");
    CHECK(strstr(e, "p.yml:8:15: error: no hunspell dictionary for xx_YY in ") != NULL);
    CHECK(strstr(e, "(install hunspell-xx-yy)") != NULL);
    /* en_US is selectable: "behavior" is right there, wrong in en_GB. */
    CHECK_INT(fx_count(fx_run(PACK, NULL, "Her behavior changed.")), 1);
    CHECK_STR(fx_run(PACK "    language: en_US\n", NULL, "Her behavior changed."), "");
}

int main(void)
{
    fx_setup();
    test_spelling();
    test_words();
    test_suggestion_bound();
    test_dictionary();
    fx_teardown();
    return TEST_DONE();
}

/* test_readability.c — the formulas from fixed counts (published worked
 * examples), counting on short hand-checked texts through the real markup
 * and segmenter, Gunning's exclusions, the hardest sentences, the JSON keys
 * and the --stats table. Syllable notes follow CMUdict's first pronunciation. */
#include <stdlib.h>
#include "harness.h"
#include "markup.h"
#include "readability.h"
#include "segment.h"

static const syllable_model *model;

/* Count text (Markdown) and return the report (caller frees). */
static struct readability_report *count(const char *text)
{
    markup m;
    document d;
    seg_scratch s = {0};
    markup_md(&m, text, strlen(text));
    document_build(&d, &m);
    readability_acc *a = readability_acc_new(model, &d);
    for (size_t b = 0; b < d.nblocks; b++) {
        segment_block(&d, b, &s);
        block_view bv = {&d, b, &d.blocks[b], d.block_section[b], s.sents, s.nsents, s.toks, s.ntoks};
        size_t n;
        readability_acc_block(a, &bv, &n);
    }
    struct readability_report *r = readability_acc_finish(a);
    seg_scratch_release(&s);
    document_release(&d);
    markup_release(&m);
    return r;
}

#define COUNTS(r, w, s, sy) do { \
    CHECK_INT((r)->doc.n.words, w); CHECK_INT((r)->doc.n.sentences, s); \
    CHECK_INT((r)->doc.n.syllables, sy); } while (0)

static void test_formulas(void)
{
    readability_counts n = {0};
    readability_scores s;
    /* "The cat sat on the mat.": 1 sentence, 6 words, 6 syllables */
    n.words = 6, n.sentences = 1, n.syllables = 6;
    readability_score(&n, &s);
    CHECK_NEAR(s.flesch_reading_ease, 116.145, 1e-9);
    CHECK_NEAR(s.flesch_kincaid_grade, 0.39 * 6 + 11.8 - 15.59, 1e-9);
    CHECK_NEAR(s.reading_age, s.flesch_kincaid_grade + 5, 1e-12);
    /* 1 sentence, 13 words, 24 syllables: FRE 37.455, FKGL 11.265 (published, rounded) */
    n.words = 13, n.sentences = 1, n.syllables = 24;
    readability_score(&n, &s);
    CHECK_NEAR(s.flesch_reading_ease, 37.455384615384615, 1e-9);
    CHECK_NEAR(s.flesch_reading_ease, 37.455, 5e-4);
    CHECK_NEAR(s.flesch_kincaid_grade, 11.264615384615385, 1e-9);
    CHECK_NEAR(s.flesch_kincaid_grade, 11.265, 5e-4);
    /* 5 sentences, 119 words, 639 letters: Coleman-Liau 14.530 (0.0588, not 0.058) */
    n = (readability_counts){0};
    n.words = 119, n.sentences = 5, n.letters = 639;
    readability_score(&n, &s);
    CHECK_NEAR(s.coleman_liau, 14.530420168067226, 1e-9);
    CHECK_NEAR(s.coleman_liau, 14.530, 5e-4);
    /* 6 sentences, 151 words, 623 characters: ARI 10.586 */
    n = (readability_counts){0};
    n.words = 151, n.sentences = 6, n.chars = 623;
    readability_score(&n, &s);
    CHECK_NEAR(s.ari, 10.585982339955849, 1e-9);
    CHECK_NEAR(s.ari, 10.586, 5e-4);
    /* Fog, SMOG (with its regression), LIX from fixed counts */
    n = (readability_counts){0};
    n.words = 100, n.sentences = 5, n.syllables = 150, n.polysyllables = 12, n.complex_words = 10,
    n.long_words = 25;
    readability_score(&n, &s);
    CHECK_NEAR(s.gunning_fog, 0.4 * (20 + 10), 1e-9);
    CHECK_NEAR(s.smog, 1.0430 * 8.48528137423857 + 3.1291, 1e-9);   /* sqrt(12 * 30 / 5) */
    CHECK_NEAR(s.lix, 20 + 25, 1e-9);
    /* no words: every score 0 (null in JSON) */
    n = (readability_counts){0};
    readability_score(&n, &s);
    CHECK_NEAR(s.flesch_reading_ease, 0, 0);
}

static void test_counting(void)
{
    struct readability_report *r;

    /* The1 cat1 sat1 on1 the1 mat1; letters 3+3+3+2+3+3 */
    r = count("The cat sat on the mat.\n");
    COUNTS(r, 6, 1, 6);
    CHECK_INT(r->doc.n.letters, 17);
    CHECK_INT(r->doc.n.chars, 17);
    CHECK_INT(r->doc.n.long_words, 0);
    CHECK_INT(r->doc.n.polysyllables, 0);
    CHECK_NEAR(r->doc.s.flesch_reading_ease, 116.145, 1e-9);
    CHECK(r->doc.indicative);
    CHECK(r->doc.smog_extrapolated);
    readability_report_free(r);

    /* Ru-by2 is1 hap-py2 at1 school1 | She1 likes1 her1 teach-er2; "teacher" 7 letters */
    r = count("Ruby is happy at school. She likes her teacher.\n");
    COUNTS(r, 9, 2, 12);
    CHECK_INT(r->doc.n.letters, 37);
    CHECK_INT(r->doc.n.long_words, 1);
    readability_report_free(r);

    /* the heading and each list item are sentences: Plan1 | Mum1 will1 cook1 tea1 |
     * Dad1 will1 walk1 Sam1 to1 school1 then1 he1 will1 go1 home1 at1 four1; colons and semicolons end nothing */
    const char *plan = "# Plan\n\n- Mum will cook tea\n- Dad will walk Sam to school; then he will go home: at four.\n";
    r = count(plan);
    COUNTS(r, 18, 3, 18);
    CHECK_INT(r->nsections, 1);
    CHECK_STR(r->sections[0].heading, "Plan");
    size_t plan_line[1], plan_hard[READABILITY_HARDEST];
    readability_lines(r, plan, strlen(plan), plan_line, plan_hard);
    CHECK_INT(plan_line[0], 1);
    CHECK_INT(r->sections[0].st.n.words, 18);
    readability_report_free(r);

    /* In1 1918(nine-teen eigh-teen)4 there1 were1 25(twen-ty-five)3 chil-dren2:
     * numbers are words with letters 0, digits in chars, never complex */
    r = count("In 1918 there were 25 children.\n");
    COUNTS(r, 6, 1, 12);
    CHECK_INT(r->doc.n.letters, 19);
    CHECK_INT(r->doc.n.chars, 25);
    CHECK_INT(r->doc.n.polysyllables, 2);
    CHECK_INT(r->doc.n.complex_words, 0);
    CHECK_INT(r->doc.n.long_words, 1);
    readability_report_free(r);

    /* Mum1 does-n't2 want1 a1 moth-er-in-law4: one word each; the hyphenated
     * compound is a polysyllable but not Gunning-complex; 11 letters, long */
    r = count("Mum doesn't want a mother-in-law.\n");
    COUNTS(r, 5, 1, 9);
    CHECK_INT(r->doc.n.letters, 25);
    CHECK_INT(r->doc.n.polysyllables, 1);
    CHECK_INT(r->doc.n.complex_words, 0);
    CHECK_INT(r->doc.n.long_words, 1);
    readability_report_free(r);

    /* Yes-ter-day3 (sentence start: counts) Jen-ni-fer3 (a name: excluded)
     * vis-it-ed3 (-ed made it 3: excluded) the1 hos-pi-tal3 and1
     * cre-at-ed3 (-ed: excluded) a1 time-ta-ble3 */
    r = count("Yesterday Jennifer visited the hospital and created a timetable.\n");
    COUNTS(r, 9, 1, 21);
    CHECK_INT(r->doc.n.polysyllables, 6);
    CHECK_INT(r->doc.n.complex_words, 3);
    readability_report_free(r);

    /* The1 pae-di-a-tri-cian5 an-a-lysed3 the1 child's1 be-hav-iour3 at1 the1 cen-tre2:
     * "analysed" keeps its three syllables without -ed's help, so it is complex */
    r = count("The paediatrician analysed the child's behaviour at the centre.\n");
    COUNTS(r, 9, 1, 18);
    CHECK_INT(r->doc.n.polysyllables, 3);
    CHECK_INT(r->doc.n.complex_words, 3);
    readability_report_free(r);

    /* Mum1 met1 the1 nurse1 at1 3.30pm(three thir-ty pee em)5 | They1 talked1 for1 a1 while1:
     * the decimal point of a time does not end the sentence */
    r = count("Mum met the nurse at 3.30pm. They talked for a while.\n");
    COUNTS(r, 11, 2, 15);
    readability_report_free(r);

    /* sentences start in lower case too; a code span is not a word:
     * we1 met1 to-day2 | run1 (the code span is skipped) | it1 helped1 */
    r = count("we met today. Run `make demo` now. it helped.\n");
    COUNTS(r, 7, 3, 8);
    readability_report_free(r);

    /* nothing to count */
    r = count("");
    COUNTS(r, 0, 0, 0);
    CHECK_INT(r->nsections, 0);
    buf b;
    buf_init(&b);
    readability_json(&b, r, "", 0);
    CHECK(strstr(b.data, "\"flesch_reading_ease\":null") != NULL);
    buf_release(&b);
    readability_report_free(r);
}

static void test_sections_and_report(void)
{
    const char *text =
        "Intro words here.\n"
        "\n"
        "# Background\n"
        "\n"
        "Mum and Dad love Ruby very much and they play with her every day.\n"
        "The comprehensive evaluation identified considerable deficiencies regarding parental responsibility.\n"
        "\n"
        "## Next steps\n"
        "\n"
        "We will visit on Monday.\n";
    struct readability_report *r = count(text);
    CHECK_INT(r->nsections, 3);
    size_t lines[3], hard_lines[READABILITY_HARDEST];
    readability_lines(r, text, strlen(text), lines, hard_lines);
    CHECK(r->sections[0].heading == NULL);
    CHECK_INT(lines[0], 1);
    CHECK_INT(r->sections[0].st.n.words, 3);
    CHECK_STR(r->sections[1].heading, "Background");
    CHECK_INT(lines[1], 3);
    CHECK_STR(r->sections[2].heading, "Next steps");
    CHECK_INT(lines[2], 8);
    CHECK_INT(r->sections[2].level, 2);
    /* sections partition the document */
    CHECK_INT(r->sections[0].st.n.words + r->sections[1].st.n.words + r->sections[2].st.n.words,
              r->doc.n.words);
    /* the hardest sentence first, with its line; sentences under 6 words are not ranked */
    CHECK(r->nhardest >= 2);
    CHECK_INT(hard_lines[0], 6);
    CHECK(r->hardest[0].grade > r->hardest[1].grade);
    CHECK_INT(r->hardest[0].words, 9);
    for (size_t i = 0; i < r->nhardest; i++)
        CHECK(r->hardest[i].words >= READABILITY_HARD_MIN_WORDS);

    buf b;
    buf_init(&b);
    readability_json(&b, r, text, strlen(text));
    const char *keys[] = {"words", "sentences", "syllables", "letters", "polysyllables", "complex_words",
                          "long_words", "flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog",
                          "smog", "coleman_liau", "ari", "lix", "reading_age", "indicative",
                          "smog_extrapolated", "sections", "heading", "line"};
    for (size_t i = 0; i < ARRAY_LEN(keys); i++) {
        char k[64];
        snprintf(k, sizeof k, "\"%s\":", keys[i]);
        CHECK(strstr(b.data, k) != NULL);
    }
    CHECK(strstr(b.data, "\"heading\":\"Background\",\"level\":1,\"line\":3") != NULL);
    CHECK(strstr(b.data, "\"indicative\":true") != NULL);
    buf_release(&b);

    buf_init(&b);
    readability_table(&b, r, text, strlen(text));
    CHECK(strstr(b.data, "(whole document)") != NULL);
    CHECK(strstr(b.data, "Background") != NULL);
    CHECK(strstr(b.data, "  line 6: grade") != NULL);
    CHECK(strstr(b.data, "indicative") != NULL);
    buf_release(&b);
    readability_report_free(r);
}

/* Facts are memoised per distinct token text and kind. An ASCII word shares
 * its entry with its other cases, but not with its all-capital form (an
 * acronym is spelt out); a word with other letters is keyed on its exact
 * bytes; the same text as a number is counted afresh. Many distinct words
 * (more than the hot cache holds, so its entries are overwritten) still sum
 * to what syllable_word gives each one. */
static void test_memo(void)
{
    struct readability_report *r = count("NHS nhs NHS nhs.\n");
    COUNTS(r, 4, 1, 3 + 1 + 3 + 1);
    readability_report_free(r);
    r = count("Nhs NHS nhs NhS GP Gp gp.\n");
    COUNTS(r, 7, 1, 1 + 3 + 1 + 1 + 2 + 1 + 1);
    readability_report_free(r);
    r = count("The the THE tHe.\n");
    COUNTS(r, 4, 1, 4);
    readability_report_free(r);
    const char *accented = "Café café CAFÉ NÉE Née née.\n";
    size_t want = (size_t)syllable_word(model, "Café", strlen("Café")) * 2 +
                  (size_t)syllable_word(model, "CAFÉ", strlen("CAFÉ")) +
                  (size_t)syllable_word(model, "NÉE", strlen("NÉE")) +
                  (size_t)syllable_word(model, "Née", strlen("Née")) * 2;
    r = count(accented);
    COUNTS(r, 6, 1, want);
    readability_report_free(r);
    r = count("In 1918 there were 1918 cases, 25 and 25.\n");
    COUNTS(r, 9, 1, 1 + 4 + 1 + 1 + 4 + 2 + 3 + 1 + 3);
    readability_report_free(r);

    buf text;
    buf_init(&text);
    size_t expect = 0, words = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (unsigned i = 0; i < 20000; i++) {
            char w[16];
            unsigned v = pass ? 19999 - i : i;
            size_t n = 0;
            w[n++] = "bcdfglmnprst"[v % 12];
            for (v /= 12; v; v /= 6)
                w[n++] = "aeioun"[v % 6], w[n++] = "bdlmrt"[v % 6];
            expect += (size_t)syllable_word(model, w, n);
            words++;
            buf_append(&text, w, n);
            buf_puts(&text, i % 10 == 9 ? ".\n" : " ");
        }
        buf_puts(&text, "\n");
    }
    r = count(text.data);
    CHECK_INT(r->doc.n.words, words);
    CHECK_INT(r->doc.n.syllables, expect);
    readability_report_free(r);
    buf_release(&text);
}

/* The facts a thread learns outlive each document, and are forgotten when
 * the model changes (a new model may take a freed one's address: the cache
 * also checks syllable_model_generation, tested in test_syllable.c). */
static void test_memo_across_documents_and_models(void)
{
    const char *text = "The cat sat on the mat.\n";
    struct readability_report *r = count(text);
    COUNTS(r, 6, 1, 6);
    readability_report_free(r);
    lint_error err;
    for (int k = 0; k < 3; k++) {
        /* "cat" has 5, 7, 9 syllables by the table; other words follow the rules */
        char table[32];
        snprintf(table, sizeof table, "cat\t%d\n", 5 + 2 * k);
        syllable_model *m = syllable_model_new(table, strlen(table), "", 0, &err);
        CHECK(m != NULL);
        model = m;
        r = count(text);
        CHECK_INT(r->doc.n.syllables, (size_t)(5 + 2 * k) + (size_t)syllable_word(m, "The", 3) +
                                          (size_t)syllable_word(m, "sat", 3) + (size_t)syllable_word(m, "on", 2) +
                                          (size_t)syllable_word(m, "the", 3) + (size_t)syllable_word(m, "mat", 3));
        readability_report_free(r);
        syllable_model_free(m);
    }
    model = &embedded_syllables;
    r = count(text);
    COUNTS(r, 6, 1, 6);
    readability_report_free(r);
    readability_thread_end();
    readability_thread_end();   /* twice is harmless */
}

int main(void)
{
    model = &embedded_syllables;
    test_formulas();
    test_counting();
    test_sections_and_report();
    test_memo();
    test_memo_across_documents_and_models();
    readability_thread_end();
    return TEST_DONE();
}

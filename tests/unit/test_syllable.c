/* test_syllable.c — syllable counts (syllable.h): the fallback's exact-match
 * rate on the held-out CMUdict sample, British spellings, contractions,
 * hyphens, acronyms and numbers read aloud. Run from the repository root
 * (tests/data/syllable-heldout.tsv). */
#include <stdio.h>
#include <stdlib.h>
#include "harness.h"
#include "pack.h"
#include "syllable.h"

static const syllable_model *model;

static int W(const char *w)
{
    return syllable_word(model, w, strlen(w));
}

static int N(const char *s)
{
    return syllable_number(model, s, strlen(s));
}

static const char *amer(const char *w)
{
    static char out[80];
    syllable_americanise(w, strlen(w), out, sizeof out);
    return out;
}

/* The fallback alone on words that neither table was built from. */
static void test_heldout(const embedded_file *table)
{
    FILE *f = fopen("tests/data/syllable-heldout.tsv", "r");
    CHECK(f != NULL);
    if (!f)
        return;
    char line[256], key[260];
    size_t n = 0, exact = 0, in_table = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#')
            continue;
        char *tab = strchr(line, '\t');
        if (!tab)
            continue;
        *tab = 0;
        int want = atoi(tab + 1);
        n++;
        exact += syllable_guess(model, line, strlen(line)) == want;
        snprintf(key, sizeof key, "\n%s\t", line);
        in_table += strstr(table->data, key) != NULL;
    }
    fclose(f);
    double rate = n ? (double)exact / (double)n : 0;
    printf("fallback exact on %zu held-out CMUdict words: %.4f\n", n, rate);
    CHECK_INT(n, 2000);
    CHECK_INT(in_table, 0);
    CHECK(rate >= 0.93);
}

/* The model the build made is the model of the tables: the same count for
 * every word of the table, and the same guess for every context key. */
static void test_builtin_model(const embedded_file *t, const embedded_file *r)
{
    lint_error err = {0};
    syllable_model *built = syllable_model_new(t->data, t->len, r->data, r->len, &err);
    CHECK(built != NULL);
    if (!built)
        return;
    size_t words = 0, differ = 0;
    const embedded_file *files[] = {t, r};
    for (size_t f = 0; f < 2; f++) {
        for (const char *p = files[f]->data; *p;) {
            const char *tab = strchr(p, '\t'), *nl = strchr(p, '\n');
            if (!nl)
                nl = p + strlen(p);
            if (tab && tab < nl && *p != '#') {
                size_t n = (size_t)(tab - p);
                words++;
                differ += f == 0 ? syllable_word(model, p, n) != syllable_word(built, p, n)
                                 : syllable_guess(model, p, n) != syllable_guess(built, p, n);
            }
            p = *nl ? nl + 1 : nl;
        }
    }
    CHECK(words > 5000);
    CHECK_INT(differ, 0);
    /* freeing a model is seen by caches of its answers */
    unsigned long gen = syllable_model_generation();
    syllable_model_free(built);
    CHECK(syllable_model_generation() == gen + 1);
    syllable_model_free(NULL);
    CHECK(syllable_model_generation() == gen + 1);
}

int main(void)
{
    const embedded_file *t = embedded_find("dictionaries/syllables.tsv");
    const embedded_file *r = embedded_find("dictionaries/syllable-rules.tsv");
    CHECK(t && r);
    if (!t || !r)
        return TEST_DONE();
    model = &embedded_syllables;
    test_builtin_model(t, r);

    test_heldout(t);

    /* British spellings, counted as their American forms in CMUdict */
    CHECK_INT(W("behaviour"), 3);
    CHECK_INT(W("organisation"), 5);
    CHECK_INT(W("paediatrician"), 5);
    CHECK_INT(W("centre"), 2);
    CHECK_INT(W("colour"), 2);
    CHECK_INT(W("travelled"), 2);
    CHECK_INT(W("programme"), 2);
    CHECK_INT(W("analyse"), 3);
    CHECK_INT(W("Behaviour"), 3);
    CHECK_INT(W("organisations"), 5);
    CHECK_INT(W("counselling"), 3);
    CHECK_INT(W("foetus"), 2);
    CHECK_INT(W("anaesthetist"), 4);
    CHECK_STR(amer("behaviour"), "behavior");
    CHECK_STR(amer("organisation"), "organization");
    CHECK_STR(amer("organised"), "organized");
    CHECK_STR(amer("paralysed"), "paralyzed");
    CHECK_STR(amer("centre"), "center");
    CHECK_STR(amer("theatres"), "theaters");
    CHECK_STR(amer("paediatrician"), "pediatrician");
    CHECK_STR(amer("foetus"), "fetus");
    CHECK_STR(amer("travelled"), "traveled");
    CHECK_STR(amer("counselling"), "counseling");
    CHECK_STR(amer("programme"), "program");
    CHECK_STR(amer("analyse"), "analyze");
    /* words that only look British stay as they are */
    CHECK_STR(amer("are"), "are");
    CHECK_STR(amer("were"), "were");
    CHECK_STR(amer("here"), "here");
    CHECK_STR(amer("four"), "four");
    CHECK_STR(amer("hour"), "hour");
    CHECK_STR(amer("your"), "your");
    CHECK_STR(amer("rise"), "rise");
    CHECK_STR(amer("acre"), "acre");
    CHECK_STR(amer("called"), "called");
    CHECK_INT(W("are"), 1);
    CHECK_INT(W("were"), 1);
    CHECK_INT(W("here"), 1);
    CHECK_INT(W("hour"), 2);       /* CMUdict's first pronunciation: AW1 ER0 */

    /* known words are exact; contractions are one word; hyphens add up */
    CHECK_INT(W("the"), 1);
    CHECK_INT(W("family"), 3);     /* F AE1 M AH0 L IY0 */
    CHECK_INT(W("assessment"), 3);
    CHECK_INT(W("don't"), 1);
    CHECK_INT(W("don\xe2\x80\x99t"), 1);   /* curly apostrophe */
    CHECK_INT(W("doesn't"), 2);
    CHECK_INT(W("child's"), 1);
    CHECK_INT(W("mother-in-law"), 4);
    CHECK_INT(W("well-being"), 3);
    CHECK_INT(W("caf\xc3\xa9"), 2);
    CHECK_INT(W("hmm"), 1);        /* no vowel phoneme, said as one syllable */
    /* acronyms without a vowel are spelt out */
    CHECK_INT(W("NHS"), 3);
    CHECK_INT(W("GP"), 2);
    CHECK_INT(W("CAMHS"), syllable_word(model, "camhs", 5));

    /* numbers as read aloud (British "and") */
    CHECK_INT(N("1918"), 4);       /* nine-teen eigh-teen */
    CHECK_INT(N("25"), 3);         /* twen-ty-five */
    CHECK_INT(N("2024"), 5);       /* twen-ty twen-ty-four */
    CHECK_INT(N("2005"), 5);       /* two thou-sand and five */
    CHECK_INT(N("1900"), 4);       /* nine-teen hun-dred */
    CHECK_INT(N("1905"), 4);       /* nine-teen oh five */
    CHECK_INT(N("1,200"), 6);      /* one thou-sand two hun-dred */
    CHECK_INT(N("125"), 7);        /* one hun-dred and twen-ty-five */
    CHECK_INT(N("1,000,000"), 3);  /* one mil-lion */
    CHECK_INT(N("3.30pm"), 5);     /* three thir-ty pee em */
    CHECK_INT(N("10:30"), 3);      /* ten thir-ty */
    CHECK_INT(N("9am"), 3);        /* nine ay em */
    CHECK_INT(N("3.5"), 3);        /* three point five */
    CHECK_INT(N("21st"), 3);       /* twen-ty-first */
    CHECK_INT(N("2nd"), 2);        /* sec-ond */
    CHECK_INT(N("20th"), 3);       /* twen-ti-eth */
    CHECK_INT(N("0"), 2);          /* ze-ro */
    CHECK_INT(N("7"), 2);          /* sev-en */
    CHECK_INT(N("007"), 4);        /* oh oh sev-en */

    /* a 100 kB word is counted without look-up, in linear time */
    size_t big = 100000;
    char *w = malloc(big);
    for (size_t i = 0; i < big; i++)
        w[i] = "ba"[i % 2];
    CHECK_INT(syllable_word(model, w, big), (int)(big / 2));
    free(w);

    /* a malformed table is a located error */
    lint_error err = {0};
    CHECK(syllable_model_new("ok\t1\nbad line\n", 15, "", 0, &err) == NULL);
    CHECK(strstr(err.msg, "syllables.tsv:2:") != NULL);
    return TEST_DONE();
}

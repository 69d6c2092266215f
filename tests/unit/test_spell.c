/* test_spell.c — the hunspell wrapper: dictionary checks, accepted words,
 * bounded suggestions, and the per-thread memo (one lookup per distinct word,
 * suggestions at most once). Needs hunspell-en-gb (a build dependency). */
#include <stdlib.h>
#include "harness.h"
#include "spell.h"

static const char *dict_dir(void)
{
    const char *d = getenv("PLAINSAFE_DICT_DIR");
    return d && *d ? d : "/usr/share/hunspell";
}

int main(void)
{
    lint_error err;
    err_clear(&err);

    /* A missing dictionary is an error naming the package. */
    CHECK(spell_dict_new("xx_YY", dict_dir(), 3, &err) == NULL);
    CHECK(strstr(err.msg, "no hunspell dictionary for xx_YY in ") != NULL);
    CHECK(strstr(err.msg, "(install hunspell-xx-yy)") != NULL);
    err_clear(&err);
    CHECK(spell_dict_new("en_GB", "/nonexistent", 3, &err) == NULL);
    CHECK_STR(err.msg, "no hunspell dictionary for en_GB in /nonexistent (install hunspell-en-gb)");
    err_clear(&err);
    CHECK(spell_dict_new("../en_GB", dict_dir(), 3, &err) == NULL);
    CHECK(strstr(err.msg, "invalid language name") != NULL);
    err_clear(&err);

    spell_dict *d = spell_dict_new("en_GB", dict_dir(), 3, &err);
    CHECK(d != NULL);
    if (!d) {
        fprintf(stderr, "%s\n", err.msg);
        return TEST_DONE();
    }
    CHECK_STR(spell_dict_language(d), "en_GB");
    spell_dict_add(d, "Ofsted", 6);
    spell_dict_add(d, "kinship-carer", 13);

    CHECK(spell_check(d, "colour", 6));
    CHECK(spell_check(d, "behaviour", 9));
    CHECK(!spell_check(d, "recieve", 7));
    CHECK(spell_check(d, "Ofsted", 6));
    CHECK(spell_check(d, "kinship-carer", 13));
    CHECK(spell_check(d, "The", 3));
    CHECK(spell_check(d, "don't", 5));

    /* The memo: one hunspell lookup per distinct word. */
    size_t lookups, hits, suggests;
    spell_stats(d, &lookups, &hits, &suggests);
    CHECK_INT(lookups, 7);
    CHECK_INT(hits, 0);
    for (int i = 0; i < 5; i++)
        CHECK(spell_check(d, "colour", 6));
    CHECK(!spell_check(d, "recieve", 7));
    spell_stats(d, &lookups, &hits, &suggests);
    CHECK_INT(lookups, 7);
    CHECK_INT(hits, 6);

    /* Suggestions: bounded, computed once per distinct word. */
    const char *const *s;
    size_t n = spell_suggest(d, "recieve", 7, &s);
    CHECK(n >= 1 && n <= 3);
    CHECK(n >= 1 && strcmp(s[0], "receive") == 0);
    n = spell_suggest(d, "recieve", 7, &s);
    CHECK(n >= 1 && strcmp(s[0], "receive") == 0);
    spell_stats(d, &lookups, &hits, &suggests);
    CHECK_INT(suggests, 1);
    CHECK_INT(lookups, 7);

    /* Another dictionary on the same thread has its own handle and memo. */
    spell_dict *us = spell_dict_new("en_US", dict_dir(), 1, &err);
    if (us) {
        CHECK(spell_check(us, "behavior", 8));
        CHECK(!spell_check(us, "Ofsted", 6));
        n = spell_suggest(us, "recieve", 7, &s);
        CHECK_INT(n, 1);
        spell_stats(us, &lookups, &hits, &suggests);
        CHECK_INT(lookups, 3);
        CHECK_INT(suggests, 1);
        spell_dict_free(us);
    }
    CHECK(spell_check(d, "Ofsted", 6));
    CHECK(!spell_check(d, "behavior", 8));
    /* Suggestions are words one edit away, a missing space first. */
    {
        const char *const *sp;
        size_t k = spell_suggest(d, "alot", 4, &sp);
        CHECK(k >= 1 && strcmp(sp[0], "a lot") == 0);
        k = spell_suggest(d, "Teh", 3, &sp);
        CHECK(k >= 1 && strcmp(sp[0], "The") == 0);
        k = spell_suggest(d, "occured", 7, &sp);
        CHECK(k == 1 && strcmp(sp[0], "occurred") == 0);
    }

    /* After thread_end a fresh memo starts. */
    spell_thread_end();
    spell_stats(d, &lookups, &hits, &suggests);
    CHECK_INT(lookups, 0);
    CHECK(spell_check(d, "Ofsted", 6));
    spell_thread_end();
    spell_dict_free(d);
    return TEST_DONE();
}

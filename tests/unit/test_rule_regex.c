/* test_rule_regex.c — the regex kind through the linter: spans, groups,
 * message variables, unless, scope, located pattern errors, the empty-match
 * rejection, and the backtracking bomb giving up once per file. */
#include "harness.h"
#include "lint_fixture.h"

#define HEAD "pack: t\nrules:\n  - id: x\n    kind: regex\n"
#define COMMON "    reason: Families read this.\n    examples: {bad: [a b], good: [c d]}\n"

static void test_matching(void)
{
    const char *pack = HEAD "    message: \"Who {2} this? ({match})\"\n" COMMON
                       "    pattern: '\\b(it was|it has been) (agreed|decided) that\\b'\n"
                       "    unless: '\\bby\\b'\n";
    const char *out = fx_run(pack, NULL, "Then It was agreed that Sam stays. It has been decided that he goes.");
    CHECK_STR(out, "t.x 5+18 [warning] Who agreed this? (It was agreed that)\n"
                   "t.x 35+24 [warning] Who decided this? (It has been decided that)\n");
    /* unless vetoes the sentence it matches in, not the others. */
    out = fx_run(pack, NULL, "It was agreed that Sam stays, by Mum and me. It was decided that he goes.");
    CHECK_STR(out, "t.x 45+19 [warning] Who decided this? (It was decided that)\n");
    /* Case-sensitive on request. */
    pack = HEAD "    message: m\n" COMMON "    pattern: '\\bCP\\b'\n    case_sensitive: true\n";
    CHECK_INT(fx_count(fx_run(pack, NULL, "A CP plan and a cp file.")), 1);
    /* group: report one capture group's span. */
    pack = HEAD "    message: \"{1}\"\n" COMMON "    pattern: 'was (not brought|not taken)'\n    group: 1\n";
    CHECK_STR(fx_run(pack, NULL, "Sam was not brought to clinic."), "t.x 8+11 [warning] not brought\n");
    /* Sentence scope: ^ and $ are the sentence's; block scope crosses sentences. */
    pack = HEAD "    message: m\n" COMMON "    pattern: '^however'\n";
    CHECK_INT(fx_count(fx_run(pack, NULL, "Sam is well. However, he is tired.")), 1);
    pack = HEAD "    message: m\n" COMMON "    pattern: 'well\\. however'\n    scope: block\n";
    CHECK_STR(fx_run(pack, NULL, "Sam is well. However, he is tired."), "t.x 7+13 [warning] m\n");
    pack = HEAD "    message: m\n" COMMON "    pattern: 'well\\. however'\n";
    CHECK_STR(fx_run(pack, NULL, "Sam is well. However, he is tired."), "");
    /* UCP: \w knows accented letters. */
    pack = HEAD "    message: m\n" COMMON "    pattern: '\\bcaf\\w\\b'\n";
    CHECK_STR(fx_run(pack, NULL, "At the café."), "t.x 7+5 [warning] m\n");
}

static void test_errors(void)
{
    const char *e = fx_load_error(HEAD "    message: m\n" COMMON "    pattern: ab(cd\n");
    CHECK(strstr(e, "p.yml:8:19: error: invalid regex in rule 't.x': missing closing parenthesis at offset 5") != NULL);
    /* Quoted without escapes: the column still points into the pattern. */
    e = fx_load_error(HEAD "    message: m\n" COMMON "    pattern: 'ab[cd'\n");
    CHECK(strstr(e, "p.yml:8:20: error: invalid regex in rule 't.x': missing terminating ] for character class at offset 5") != NULL);
    /* Escapes in a double-quoted scalar: the scalar's position and the offset. */
    e = fx_load_error(HEAD "    message: m\n" COMMON "    pattern: \"\\\\b(x\"\n");
    CHECK(strstr(e, "p.yml:8:14: error: invalid regex in rule 't.x': missing closing parenthesis at offset 4") != NULL);
    e = fx_load_error(HEAD "    message: m\n" COMMON "    pattern: 'x*'\n");
    CHECK(strstr(e, "p.yml:8:14: error: the pattern of rule 't.x' can match the empty string") != NULL);
    e = fx_load_error(HEAD "    message: m\n" COMMON "    pattern: 'x'\n    unless: 'a|'\n");
    CHECK(strstr(e, "p.yml:9:13: error: the unless of rule 't.x' can match the empty string") != NULL);
    e = fx_load_error(HEAD "    message: m\n" COMMON);
    CHECK(strstr(e, "p.yml:3:5: error: rule 't.x' of kind regex needs a 'pattern'") != NULL);
    e = fx_load_error(HEAD "    message: m\n" COMMON "    pattern: '(a)b'\n    group: 2\n");
    CHECK(strstr(e, "p.yml:9:12: error: 'group' of rule 't.x' must be a capture group number from 0 to 1") != NULL);
    e = fx_load_error(HEAD "    message: m\n" COMMON "    pattern: 'a'\n    scope: page\n");
    CHECK(strstr(e, "expected 'sentence' or 'block' for 'scope', found 'page'") != NULL);
}

static void test_bomb(void)
{
    const char *pack = HEAD "    message: m\n" COMMON "    pattern: '(a+)+$'\n";
    char text[256];
    memset(text, 'a', 40);
    strcpy(text + 40, "! Then ");
    memset(text + 47, 'a', 40);
    strcpy(text + 87, "! And aaa");
    const char *out = fx_run(pack, NULL, text);
    /* One diagnostic for the file, under the rule's id; the last sentence still matches. */
    CHECK_STR(out, "t.x 0+41 [warning] rule 't.x' gave up on this sentence: its pattern is too slow "
                   "(catastrophic backtracking)\n"
                   "t.x 93+3 [warning] m\n");
}

/* The literal prefilter skips only units that cannot match: each pattern
 * below still finds its match, and the skipped text still finds nothing. */
static void test_prefilter(void)
{
    static const struct {
        const char *pattern, *text, *want;
    } cases[] = {
        {"\\bkinds\\b", "Two \xe2\x84\xaainds here.", "t.x 4+7 [warning] m\n"},   /* KELVIN SIGN */
        {"lists", "The li\xc5\xbfts.", "t.x 4+6 [warning] m\n"},                       /* LONG S */
        {"colou?r", "Its color.", "t.x 4+5 [warning] m\n"},
        {"(?:concerns?|worr(?:y|ies)) (?:were|was) raised", "Worries were raised.", "t.x 0+19 [warning] m\n"},
        {"made(?! worse)", "It was MADE.", "t.x 7+4 [warning] m\n"},
        {"ab{2}cde+f", "An abbcdeeef.", "t.x 3+9 [warning] m\n"},
        {"[]x]yzw", "A ]yzw.", "t.x 2+4 [warning] m\n"},
        {"(?i)Gone", "It is GONE.", "t.x 6+4 [warning] m\n"},
        {"(?:ab|cd)efg", "Xcdefg.", "t.x 1+5 [warning] m\n"},
        {"(?:concern|worry) was raised", "Nothing was raised here.", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char pack[512];
        snprintf(pack, sizeof pack, HEAD "    message: m\n" COMMON "    pattern: '%s'\n", cases[i].pattern);
        CHECK_STR(fx_run(pack, NULL, cases[i].text), cases[i].want);
    }
    /* Case-sensitive patterns are filtered case-insensitively, and still compared exactly. */
    const char *pack = HEAD "    message: m\n" COMMON "    pattern: 'MASH\\b'\n    case_sensitive: true\n";
    CHECK_STR(fx_run(pack, NULL, "The mash and the MASH team."), "t.x 17+4 [warning] m\n");
}

/* One scan of each block serves every rule's prefilter: a rule runs on a
 * sentence only when one of its own strings lies wholly inside it. */
static void test_shared_scan(void)
{
    const char *pack = HEAD "    message: m\n" COMMON "    pattern: 'concerns? were raised'\n"
                       "  - id: y\n    kind: regex\n    message: n\n" COMMON
                       "    pattern: 'it was (?:agreed|decided)'\n";
    CHECK_STR(fx_run(pack, NULL, "It was agreed. Concerns were raised. It was decided."),
              "t.y 0+13 [warning] n\n"
              "t.x 15+20 [warning] m\n"
              "t.y 37+14 [warning] n\n");
    /* A string that crosses a sentence end lets neither sentence through. */
    CHECK_STR(fx_run(pack, NULL, "Some concerns. Were raised. It was not agreed."), "");
    /* Strings at the very start and end of a block, and a long s in its last two bytes. */
    pack = HEAD "    message: m\n" COMMON "    pattern: 'abc'\n"
           "  - id: y\n    kind: regex\n    message: n\n" COMMON "    pattern: 'xyzs'\n";
    CHECK_STR(fx_run(pack, NULL, "abc"), "t.x 0+3 [warning] m\n");
    CHECK_STR(fx_run(pack, NULL, "Then xyz\xc5\xbf"), "t.y 5+5 [warning] n\n");
    CHECK_STR(fx_run(pack, NULL, "ab"), "");
}

/* When every prefilter string must start a word (\\b, \\s, punctuation or
 * ^ before it on every way in), blocks are scanned by token; a match that
 * starts inside a token after a hyphen, an apostrophe or a dot is still
 * found. A string that may follow a letter, however it is reached, keeps
 * the byte scan for every rule, and a match in the middle of a word is
 * found. */
static void test_token_scan(void)
{
    static const struct {
        const char *pattern, *text, *want;
    } cases[] = {
        {"\\bwas raised", "It x-was raised.", "t.x 5+10 [warning] m\n"},
        {"\\bdoes not", "He o'does not.", "t.x 5+8 [warning] m\n"},
        {"\\b300\\b", "About 1.300 of them.", "t.x 8+3 [warning] m\n"},
        {"\\bdoes not", "Does not.", "t.x 0+8 [warning] m\n"},
        {"\\bdoes not", "Xdoes not.", ""},
        {"(?:^|\\s)raised", "raised it.", "t.x 0+6 [warning] m\n"},
        {"-worry", "It is a non-worry.", "t.x 11+6 [warning] m\n"},
        {"\\bx?does not", "He xdoes not.", "t.x 3+9 [warning] m\n"},
        {"\\b(?:x|\\s)?does not", "He xdoes not.", "t.x 3+9 [warning] m\n"},
        {"\\b(?:fully\\s+)?understood", "Not fullyunderstood.", ""},
        {"\\b[a-z]?understood", "Not funderstood.", "t.x 4+11 [warning] m\n"},
        {"\\b.understood", "Not funderstood.", "t.x 4+11 [warning] m\n"},
        {"\\bkinds\\b", "Two \xe2\x84\xaainds here.", "t.x 4+7 [warning] m\n"},   /* KELVIN SIGN */
        {"\\bsuch", "Not \xc5\xbfuch.", "t.x 4+5 [warning] m\n"},                   /* LONG S */
        {"\xe2\x80\x99" "does not", "He o\xe2\x80\x99" "does not.", "t.x 4+11 [warning] m\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char pack[512];
        snprintf(pack, sizeof pack, HEAD "    message: m\n" COMMON "    pattern: '%s'\n", cases[i].pattern);
        CHECK_STR(fx_run(pack, NULL, cases[i].text), cases[i].want);
    }
    /* One rule without the property puts both rules back on the byte scan. */
    const char *pack = HEAD "    message: m\n" COMMON "    pattern: '\\bconcerns? were raised'\n"
                       "  - id: y\n    kind: regex\n    message: n\n" COMMON "    pattern: 'ncern'\n";
    CHECK_STR(fx_run(pack, NULL, "Concerns were raised."), "t.x 0+20 [warning] m\nt.y 2+5 [warning] n\n");
}

int main(void)
{
    fx_setup();
    test_matching();
    test_errors();
    test_bomb();
    test_prefilter();
    test_shared_scan();
    test_token_scan();
    fx_teardown();
    return TEST_DONE();
}

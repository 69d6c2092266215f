/* test_regex.c — the PCRE2 wrapper: UTF/UCP, caseless, captures, compile
 * errors with offsets, empty-match detection, limits on a backtracking bomb. */
#include <stdlib.h>
#include "harness.h"
#include "regex.h"

int main(void)
{
    char msg[256];
    size_t off = 99;

    /* Compile errors carry a message and the offset inside the pattern. */
    CHECK(regex_new("ab(cd", 5, 0, msg, sizeof msg, &off) == NULL);
    CHECK(strstr(msg, "missing closing parenthesis") != NULL);
    CHECK_INT(off, 5);
    CHECK(regex_new("a[b", 3, 0, msg, sizeof msg, &off) == NULL);
    CHECK(strstr(msg, "missing terminating ]") != NULL);
    CHECK(regex_new("x{2,1}", 6, 0, msg, sizeof msg, &off) == NULL);
    CHECK_INT(off, 5);

    /* Captures and spans. */
    regex *re = regex_new("\\b(it is|it was) (felt|agreed) that\\b", 37, REGEX_CASELESS, msg, sizeof msg, &off);
    CHECK(re != NULL);
    CHECK_INT(regex_ncaptures(re), 2);
    CHECK(!regex_can_match_empty(re));
    const char *s = "Then It was agreed that we would meet.";
    size_t ov[6];
    CHECK_INT(regex_match(re, s, strlen(s), 0, ov, 3), REGEX_MATCH);
    CHECK_INT(ov[0], 5);
    CHECK_INT(ov[1], 23);
    CHECK_INT(ov[2], 5);
    CHECK_INT(ov[3], 11);
    CHECK_INT(ov[4], 12);
    CHECK_INT(ov[5], 18);
    CHECK_INT(regex_match(re, s, strlen(s), 6, ov, 3), REGEX_NOMATCH);
    regex_free(re);

    /* Case-sensitive by default; UCP: \w and \b know accented letters. */
    re = regex_new("\\bcafé\\b", strlen("\\bcafé\\b"), 0, msg, sizeof msg, &off);
    CHECK(re != NULL);
    CHECK_INT(regex_match(re, "the café.", strlen("the café."), 0, ov, 1), REGEX_MATCH);
    CHECK_INT(ov[0], 4);
    CHECK_INT(ov[1], 9);
    CHECK_INT(regex_match(re, "the cafés", strlen("the cafés"), 0, ov, 1), REGEX_NOMATCH);
    CHECK_INT(regex_match(re, "the Café", strlen("the Café"), 0, ov, 1), REGEX_NOMATCH);
    regex_free(re);
    re = regex_new("É", strlen("É"), REGEX_CASELESS, msg, sizeof msg, &off);
    CHECK_INT(regex_match(re, "cafÉé", strlen("cafÉé"), 5, ov, 1), REGEX_MATCH);
    CHECK_INT(ov[0], 5);
    regex_free(re);

    /* A group that did not take part is unset. */
    re = regex_new("a(x)?b", 6, 0, msg, sizeof msg, &off);
    CHECK_INT(regex_match(re, "zab", 3, 0, ov, 2), REGEX_MATCH);
    CHECK(ov[2] == (size_t)-1 && ov[3] == (size_t)-1);
    regex_free(re);

    /* Patterns that can match the empty string. */
    const char *empties[] = {"x*", "a|", "^", "\\b", "(a?)\\1", "(?:foo)?"};
    for (size_t i = 0; i < sizeof empties / sizeof *empties; i++) {
        re = regex_new(empties[i], strlen(empties[i]), 0, msg, sizeof msg, &off);
        CHECK(re != NULL);
        CHECK(regex_can_match_empty(re));
        regex_free(re);
    }
    const char *nonempty[] = {"x+", "\\bfoo\\b", "(?<=a)b", "a|bc"};
    for (size_t i = 0; i < sizeof nonempty / sizeof *nonempty; i++) {
        re = regex_new(nonempty[i], strlen(nonempty[i]), 0, msg, sizeof msg, &off);
        CHECK(re != NULL);
        CHECK(!regex_can_match_empty(re));
        regex_free(re);
    }

    /* The backtracking bomb gives up (REGEX_LIMIT) instead of hanging, and
     * the same thread can match normally afterwards. */
    re = regex_new("(a+)+$", 6, 0, msg, sizeof msg, &off);
    CHECK(re != NULL);
    char bomb[64];
    memset(bomb, 'a', 40);
    bomb[40] = '!';
    bomb[41] = 0;
    CHECK_INT(regex_match(re, bomb, 41, 0, ov, 1), REGEX_LIMIT);
    CHECK_INT(regex_match(re, "aaa", 3, 0, ov, 1), REGEX_MATCH);
    regex_free(re);
    re = regex_new("(\\w+\\s?)*$", 10, 0, msg, sizeof msg, &off);
    char bomb2[128];
    for (int i = 0; i < 60; i++)
        bomb2[i] = "ab c"[i % 4];
    bomb2[60] = '!';
    bomb2[61] = 0;
    CHECK_INT(regex_match(re, bomb2, 61, 0, ov, 1), REGEX_LIMIT);
    regex_free(re);

    /* Many captures grow the per-thread match data. */
    re = regex_new("(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)(l)", 36, 0, msg, sizeof msg, &off);
    size_t big[26];
    CHECK_INT(regex_match(re, "xabcdefghijkl", 13, 0, big, 13), REGEX_MATCH);
    CHECK_INT(big[24], 12);
    regex_free(re);
    regex_thread_end();
    regex_thread_end();
    return TEST_DONE();
}

/* regex.h — PCRE2 behind a small interface, for regex rules (and anything
 * else that needs a pattern). regex.c is the only file that includes
 * <pcre2.h>.
 *
 * Patterns are compiled with UTF and UCP (and CASELESS on request), JIT
 * compiled when the library supports it (silently interpreted otherwise),
 * and matched against valid UTF-8 without re-checking it. Every match runs
 * under a match limit and a depth limit, so a catastrophic pattern returns
 * REGEX_LIMIT instead of hanging. A compiled regex is read-only and may be
 * shared by threads; match scratch (match data, JIT stack) is per thread and
 * released by regex_thread_end().
 */
#ifndef PLAINSAFE_REGEX_H
#define PLAINSAFE_REGEX_H

#include <stddef.h>

typedef struct regex regex;

enum {
    REGEX_CASELESS = 1
};

/* Results of regex_match. */
enum {
    REGEX_NOMATCH = 0,
    REGEX_MATCH = 1,
    REGEX_LIMIT = -1      /* match, depth or JIT stack limit hit: the pattern is too slow here */
};

/* Compile pattern (len bytes of UTF-8). On failure returns NULL, writes a
 * message (e.g. "missing closing parenthesis") to msg and the byte offset in
 * the pattern where the error was found to *erroff. */
regex *regex_new(const char *pattern, size_t len, unsigned flags, char *msg, size_t msgcap,
                 size_t *erroff);
void regex_free(regex *re);

/* Can the pattern match the empty string (at some position)? Such patterns
 * are rejected at load time. */
int regex_can_match_empty(const regex *re);
/* Number of capture groups. */
unsigned regex_ncaptures(const regex *re);

/* Find the first match in subject[0, len) at or after byte start (a
 * character boundary). On REGEX_MATCH, ovec[2k], ovec[2k+1] hold the span of
 * group k for k < npairs (group 0 is the whole match; a group that did not
 * take part gets (size_t)-1 for both). subject must be valid UTF-8. */
int regex_match(const regex *re, const char *subject, size_t len, size_t start, size_t *ovec,
                size_t npairs);

/* Free this thread's match scratch. */
void regex_thread_end(void);

#endif

/* harness.h — the unit-test harness: one binary per module, each ending with
 * the line "N passed, N failed" and exiting non-zero on any failure. */
#ifndef PLAINSAFE_HARNESS_H
#define PLAINSAFE_HARNESS_H

#include <stdio.h>
#include <string.h>

static int t_passed, t_failed;

#define CHECK(cond) do { \
    if (cond) t_passed++; \
    else { t_failed++; fprintf(stderr, "%s:%d: FAILED: %s\n", __FILE__, __LINE__, #cond); } \
} while (0)

#define CHECK_INT(got, want) do { \
    long long g_ = (long long)(got), w_ = (long long)(want); \
    if (g_ == w_) t_passed++; \
    else { t_failed++; fprintf(stderr, "%s:%d: FAILED: %s == %lld, want %lld\n", __FILE__, __LINE__, #got, g_, w_); } \
} while (0)

#define CHECK_STR(got, want) do { \
    const char *g_ = (got), *w_ = (want); \
    if (g_ && w_ && strcmp(g_, w_) == 0) t_passed++; \
    else { t_failed++; fprintf(stderr, "%s:%d: FAILED: %s == \"%s\", want \"%s\"\n", __FILE__, __LINE__, #got, g_ ? g_ : "(null)", w_ ? w_ : "(null)"); } \
} while (0)

#define CHECK_NEAR(got, want, eps) do { \
    double g_ = (got), w_ = (want); \
    if (g_ - w_ <= (eps) && w_ - g_ <= (eps)) t_passed++; \
    else { t_failed++; fprintf(stderr, "%s:%d: FAILED: %s == %.12g, want %.12g\n", __FILE__, __LINE__, #got, g_, w_); } \
} while (0)

#define TEST_DONE() (printf("%d passed, %d failed\n", t_passed, t_failed), t_failed ? 1 : 0)

#endif

/* test_util.c — the growable buffer, the string store that holds the
 * diagnostics' messages, and the decimal formatting the text printer and the
 * metric kind use instead of printf, checked against snprintf. */
#include <stdint.h>
#include <stdlib.h>
#include "harness.h"
#include "util.h"

static void test_uint_to_str(void)
{
    const size_t values[] = {0, 1, 9, 10, 99, 100, 12345, 4294967295u, 4294967296u, SIZE_MAX};
    for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
        char want[32], got[24];
        snprintf(want, sizeof want, "%zu", values[i]);
        size_t n = uint_to_str(got, values[i]);
        CHECK_STR(got, want);
        CHECK_INT(n, strlen(want));
    }
}

static void test_buf(void)
{
    buf b;
    buf_init(&b);
    buf_puts(&b, "line ");
    buf_putc(&b, '0');
    buf_putc(&b, ':');
    buf_puts(&b, "120");
    buf_append(&b, "xyz", 2);
    CHECK_STR(b.data, "line 0:120xy");
    CHECK_INT(b.len, 12);
    buf_clear(&b);
    CHECK_STR(b.data, "");
    /* growing past the first allocation keeps the contents */
    for (int i = 0; i < 1000; i++)
        buf_putc(&b, (char)('0' + i % 10));
    CHECK_INT(b.len, 1000);
    CHECK(b.data[999] == '9' && b.data[1000] == 0);
    char *s = buf_steal(&b);
    CHECK(s != NULL && s[0] == '0' && strlen(s) == 1000);
    free(s);
    buf_release(&b);
}

/* Strings added to a store keep their address and bytes while it grows,
 * also past a chunk and for a string longer than a chunk. */
static void test_strstore(void)
{
    strstore st;
    strstore_init(&st);
    const char *first = strstore_add(&st, "first", 5);
    const char *empty = strstore_add(&st, "ignored", 0);
    const char *kept[3000];
    char want[32];
    for (int i = 0; i < 3000; i++) {
        int n = snprintf(want, sizeof want, "message number %d", i);
        kept[i] = strstore_add(&st, want, (size_t)n);
    }
    size_t big_n = 200000;
    char *big = malloc(big_n);
    memset(big, 'x', big_n);
    const char *copy = strstore_add(&st, big, big_n);
    const char *after = strstore_add(&st, "after", 5);
    CHECK_STR(first, "first");
    CHECK_STR(empty, "");
    int same = 1;
    for (int i = 0; i < 3000; i++) {
        snprintf(want, sizeof want, "message number %d", i);
        same &= strcmp(kept[i], want) == 0;
    }
    CHECK(same);
    CHECK(memcmp(copy, big, big_n) == 0 && copy[big_n] == 0);
    CHECK_STR(after, "after");
    free(big);
    strstore_release(&st);
    CHECK(strstore_add(&st, "again", 5) != NULL);   /* usable after a release */
    strstore_release(&st);
}

int main(void)
{
    test_uint_to_str();
    test_buf();
    test_strstore();
    return TEST_DONE();
}

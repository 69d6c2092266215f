/* test_input.c — unit tests for stage 1 (input.c): reading files and
 * decoding raw bytes into valid UTF-8 source text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "input.h"
#include "utf8.h"

static input_status dec(input *in, const char *raw, size_t n)
{
    return input_decode(in, (const unsigned char *)raw, n);
}

static int valid_utf8(const char *s, size_t n)
{
    size_t i = 0;
    uint32_t cp;
    while (i < n) {
        size_t k = utf8_decode((const unsigned char *)s + i, n - i, &cp);
        if (!k || cp == 0)
            return 0;
        i += k;
    }
    return 1;
}

static void test_plain_utf8(void)
{
    input in;
    const char *s = "caf\xC3\xA9 \xE2\x80\x99 \xF0\x9F\x98\x80\r\nline\rend";
    CHECK_INT(dec(&in, s, strlen(s)), INPUT_OK);
    CHECK_INT(in.enc, ENC_UTF8);
    CHECK_INT(in.len, strlen(s));
    CHECK(memcmp(in.src, s, in.len) == 0);
    CHECK_INT(in.src[in.len], 0);
    CHECK_INT(in.nbad, 0);
    CHECK_INT(input_raw_offset(&in, 5), 5);
    CHECK_INT(input_raw_offset(&in, in.len), in.len);
    input_release(&in);

    CHECK_INT(dec(&in, "", 0), INPUT_OK);
    CHECK_INT(in.len, 0);
    CHECK_STR(in.src, "");
    input_release(&in);
}

static void test_bom(void)
{
    input in;
    const char *s = "\xEF\xBB\xBFHello";
    CHECK_INT(dec(&in, s, 8), INPUT_OK);
    CHECK_INT(in.enc, ENC_UTF8_BOM);
    CHECK_STR(in.src, "Hello");
    CHECK_INT(in.len, 5);
    CHECK_INT(in.raw_len, 8);
    CHECK_INT(input_raw_offset(&in, 0), 3);
    CHECK_INT(input_raw_offset(&in, 5), 8);
    input_release(&in);

    /* BOM only */
    CHECK_INT(dec(&in, s, 3), INPUT_OK);
    CHECK_INT(in.len, 0);
    input_release(&in);

    /* an incomplete BOM is just invalid bytes */
    CHECK_INT(dec(&in, "\xEF\xBBX", 3), INPUT_OK);
    CHECK_INT(in.enc, ENC_UTF8);
    CHECK_INT(in.nbad, 2);
    CHECK_STR(in.src, "\x1A\x1AX");
    input_release(&in);
}

static void test_invalid(void)
{
    input in;
    /* start, middle, end */
    const char *s = "\xFF" "ab\x80" "c\xC3";
    CHECK_INT(dec(&in, s, 6), INPUT_OK);
    CHECK_INT(in.len, 6);
    CHECK(memcmp(in.src, "\x1A" "ab\x1A" "c\x1A", 6) == 0);
    CHECK_INT(in.nbad, 3);
    if (in.nbad == 3) {
        CHECK_INT(in.bad[0], 0);
        CHECK_INT(in.bad[1], 3);
        CHECK_INT(in.bad[2], 5);
    }
    input_release(&in);

    /* truncated 3-byte and 4-byte sequences followed by ASCII: each byte replaced */
    s = "x\xE2\x82y\xF0\x9F\x98z";
    CHECK_INT(dec(&in, s, strlen(s)), INPUT_OK);
    CHECK(memcmp(in.src, "x\x1A\x1Ay\x1A\x1A\x1Az", 8) == 0);
    CHECK_INT(in.nbad, 5);
    if (in.nbad == 5) {
        CHECK_INT(in.bad[0], 1);
        CHECK_INT(in.bad[1], 2);
        CHECK_INT(in.bad[4], 6);
    }
    input_release(&in);

    /* overlong encodings, surrogates, beyond U+10FFFF */
    s = "\xC0\xAF|\xE0\x80\xAF|\xF0\x80\x80\xAF|\xED\xA0\x80|\xF4\x90\x80\x80|\xC1\xBF";
    CHECK_INT(dec(&in, s, strlen(s)), INPUT_OK);
    CHECK_INT(in.len, strlen(s));
    CHECK_INT(in.nbad, strlen(s) - 5);
    for (size_t i = 0; i < in.len; i++)
        CHECK(in.src[i] == '|' || in.src[i] == 0x1A);
    input_release(&in);

    /* a valid sequence right after an invalid lead byte survives */
    s = "\xE2\xC3\xA9";
    CHECK_INT(dec(&in, s, 3), INPUT_OK);
    CHECK(memcmp(in.src, "\x1A\xC3\xA9", 3) == 0);
    CHECK_INT(in.nbad, 1);
    input_release(&in);

    /* valid boundary code points */
    s = "\xC2\x80\xDF\xBF\xE0\xA0\x80\xED\x9F\xBF\xEE\x80\x80\xEF\xBF\xBF\xF0\x90\x80\x80\xF4\x8F\xBF\xBF";
    CHECK_INT(dec(&in, s, strlen(s)), INPUT_OK);
    CHECK_INT(in.nbad, 0);
    CHECK(memcmp(in.src, s, strlen(s)) == 0);
    input_release(&in);

    /* the fast ASCII path must not skip an invalid byte inside an 8-byte word */
    char long_s[64];
    memset(long_s, 'a', sizeof long_s);
    long_s[21] = (char)0x9F;
    CHECK_INT(dec(&in, long_s, sizeof long_s), INPUT_OK);
    CHECK_INT(in.nbad, 1);
    if (in.nbad)
        CHECK_INT(in.bad[0], 21);
    input_release(&in);
}

static void test_binary(void)
{
    input in;
    CHECK_INT(dec(&in, "abc\0def", 7), INPUT_BINARY);
    CHECK(in.src == NULL);
    input_release(&in);
    CHECK_INT(dec(&in, "\0", 1), INPUT_BINARY);
    CHECK_INT(dec(&in, "\xEF\xBB\xBF" "a\0", 5), INPUT_BINARY);
    /* UTF-16 text is full of NUL bytes but has a BOM: not binary */
    CHECK_INT(dec(&in, "\xFF\xFE" "a\0b\0", 6), INPUT_OK);
    CHECK_STR(in.src, "ab");
    input_release(&in);
    /* a U+0000 code unit inside UTF-16 is binary */
    CHECK_INT(dec(&in, "\xFF\xFE" "a\0\0\0", 6), INPUT_BINARY);
}

static void test_utf16(void)
{
    input in;
    /* LE: "Hé😀\r\n" — 😀 is U+1F600 = D83D DE00 */
    const char le[] = "\xFF\xFE" "H\0" "\xE9\0" "\x3D\xD8\x00\xDE" "\r\0\n\0";
    CHECK_INT(dec(&in, le, sizeof le - 1), INPUT_OK);
    CHECK_INT(in.enc, ENC_UTF16LE);
    CHECK_STR(in.src, "H\xC3\xA9\xF0\x9F\x98\x80\r\n");
    CHECK_INT(in.len, 9);
    CHECK_INT(in.raw_len, sizeof le - 1);
    CHECK_INT(in.nbad, 0);
    CHECK(in.u16map != NULL);
    CHECK_INT(input_raw_offset(&in, 0), 2);   /* H */
    CHECK_INT(input_raw_offset(&in, 1), 4);   /* é, first byte */
    CHECK_INT(input_raw_offset(&in, 2), 4);   /* é, second byte */
    CHECK_INT(input_raw_offset(&in, 3), 6);   /* 😀 */
    CHECK_INT(input_raw_offset(&in, 6), 6);
    CHECK_INT(input_raw_offset(&in, 7), 10);  /* \r */
    CHECK_INT(input_raw_offset(&in, 9), sizeof le - 1);
    input_release(&in);

    /* BE, same text */
    const char be[] = "\xFE\xFF" "\0H" "\0\xE9" "\xD8\x3D\xDE\x00" "\0\r\0\n";
    CHECK_INT(dec(&in, be, sizeof be - 1), INPUT_OK);
    CHECK_INT(in.enc, ENC_UTF16BE);
    CHECK_STR(in.src, "H\xC3\xA9\xF0\x9F\x98\x80\r\n");
    CHECK_INT(input_raw_offset(&in, 3), 6);
    input_release(&in);

    /* unpaired surrogates (high then ASCII, lone low, high at end) and an odd byte */
    const char bad[] = "\xFF\xFE" "\x3D\xD8" "a\0" "\x00\xDE" "\x3D\xD8" "x";
    CHECK_INT(dec(&in, bad, sizeof bad - 1), INPUT_OK);
    CHECK_STR(in.src, "\xEF\xBF\xBD" "a" "\xEF\xBF\xBD" "\xEF\xBF\xBD" "\xEF\xBF\xBD");
    CHECK_INT(in.nbad, 4);
    if (in.nbad == 4) {
        CHECK_INT(in.bad[0], 0);
        CHECK_INT(in.bad[1], 4);
        CHECK_INT(in.bad[2], 7);
        CHECK_INT(in.bad[3], 10);
    }
    CHECK_INT(input_raw_offset(&in, 3), 4);    /* a */
    CHECK_INT(input_raw_offset(&in, 10), 10);  /* the odd byte */
    CHECK_INT(input_raw_offset(&in, in.len), sizeof bad - 1);
    CHECK(valid_utf8(in.src, in.len));
    input_release(&in);

    /* BOM only */
    CHECK_INT(dec(&in, "\xFE\xFF", 2), INPUT_OK);
    CHECK_INT(in.len, 0);
    CHECK_INT(input_raw_offset(&in, 0), 2);
    input_release(&in);
}

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* Random bytes: the output is always valid UTF-8, same length as the input
 * (minus a BOM), bad[] ascending and exactly the bytes that changed. */
static void test_random(void)
{
    static const unsigned char pool[] = {'a', ' ', '\n', 0x80, 0xBF, 0xC2, 0xC3, 0xDF, 0xE0, 0xE2,
                                         0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0xA0, 0x9F, 0x90, 0x8F};
    unsigned char raw[64];
    int ok = 1;
    for (int iter = 0; iter < 3000 && ok; iter++) {
        size_t n = rnd() % sizeof raw;
        for (size_t i = 0; i < n; i++)
            raw[i] = pool[rnd() % sizeof pool];
        input in;
        if (input_decode(&in, raw, n) != INPUT_OK) {
            ok = 0;
            break;
        }
        size_t skip = in.enc == ENC_UTF8_BOM ? 3 : 0;
        ok &= in.len == n - skip && valid_utf8(in.src, in.len) && in.src[in.len] == 0;
        size_t b = 0;
        for (size_t i = 0; i < in.len && ok; i++) {
            int changed = (unsigned char)in.src[i] != raw[i + skip];
            int listed = b < in.nbad && in.bad[b] == i;
            if (listed)
                b++;
            ok &= changed == listed && (!changed || in.src[i] == 0x1A);
        }
        ok &= b == in.nbad;
        input_release(&in);
    }
    CHECK(ok);
}

static void test_read_file(void)
{
    char dir[] = "/tmp/plainsafe-input-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[128];
    snprintf(path, sizeof path, "%s/a.txt", dir);
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f)
        return;
    for (int i = 0; i < 10000; i++)
        fputs("0123456789", f);
    fclose(f);

    unsigned char *data = NULL;
    size_t n = 0;
    lint_error err = {0};
    CHECK_INT(input_read_file(path, &data, &n, &err), 0);
    CHECK_INT(n, 100000);
    CHECK(data && memcmp(data + 99990, "0123456789", 10) == 0);
    free(data);

    char missing[160];
    snprintf(missing, sizeof missing, "%s/missing.txt", dir);
    err_clear(&err);
    CHECK_INT(input_read_file(missing, &data, &n, &err), -1);
    char want[256];
    snprintf(want, sizeof want, "%s: No such file or directory", missing);
    CHECK_STR(err.msg, want);

    err_clear(&err);
    CHECK_INT(input_read_file(dir, &data, &n, &err), -1);
    snprintf(want, sizeof want, "%s: Is a directory", dir);
    CHECK_STR(err.msg, want);

    unlink(path);
    rmdir(dir);
}

/* Write n bytes made by fill(i) to path. */
static void write_bytes(const char *path, size_t n, unsigned char (*fill)(size_t))
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f)
        return;
    for (size_t i = 0; i < n; i++)
        fputc(fill(i), f);
    fclose(f);
}

static unsigned char letters(size_t i)
{
    return i % 64 == 63 ? '\n' : (unsigned char)('a' + i % 26);
}

/* A BOM, an invalid byte at 1000, letters after. */
static unsigned char bom_and_bad(size_t i)
{
    static const unsigned char bom[] = {0xEF, 0xBB, 0xBF};
    return i < 3 ? bom[i] : i == 1000 ? 0xFF : letters(i);
}

/* Large regular files are mapped: the same source as reading gives (the BOM
 * dropped, bad bytes replaced, a NUL after the text, also when the size is a
 * whole number of pages), freed by input_release. A mapped file that shrinks
 * before it is decoded is INPUT_CHANGED, not a crash (its lost pages read as
 * zeros). */
static void test_mapped(void)
{
    char dir[] = "/tmp/plainsafe-input-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[128];
    snprintf(path, sizeof path, "%s/big.txt", dir);
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    static const size_t sizes[] = {3 << 20, (3 << 20) + 5};
    for (size_t k = 0; k < 2; k++) {
        size_t size = sizes[k];
        CHECK(size % page == (k ? 5 : 0));
        write_bytes(path, size, bom_and_bad);
        unsigned char *data = NULL;
        size_t n = 0;
        lint_error err = {0};
        CHECK_INT(input_read_file(path, &data, &n, &err), 0);
        CHECK_INT(n, size);
        input in;
        CHECK_INT(input_decode_owned(&in, data, n), INPUT_OK);
        CHECK_INT(in.enc, ENC_UTF8_BOM);
        CHECK_INT(in.len, size - 3);
        CHECK_INT(in.nbad, 1);
        CHECK_INT(in.nbad ? in.bad[0] : 0, 997);
        CHECK_INT((unsigned char)in.src[997], 0x1A);
        CHECK_INT(in.src[in.len], 0);
        CHECK_INT(in.src[in.len - 1], (char)letters(size - 1));
        CHECK(!input_changed(in.src));
        input_release(&in);
    }

    /* shrunk between reading and decoding */
    write_bytes(path, 3 << 20, letters);
    unsigned char *data = NULL;
    size_t n = 0;
    lint_error err = {0};
    CHECK_INT(input_read_file(path, &data, &n, &err), 0);
    CHECK(!input_changed(data));
    CHECK(truncate(path, 100) == 0);
    CHECK_INT(((volatile unsigned char *)data)[2 << 20], 0);   /* a page past the end: SIGBUS, handled */
    CHECK(input_changed(data));
    input in;
    CHECK_INT(input_decode_owned(&in, data, n), INPUT_CHANGED);
    /* malloc'd memory is never a changed mapping */
    char *plain = malloc(16);
    CHECK(!input_changed(plain));
    input_free_text(plain);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    test_plain_utf8();
    test_bom();
    test_invalid();
    test_binary();
    test_utf16();
    test_random();
    test_read_file();
    test_mapped();
    return TEST_DONE();
}

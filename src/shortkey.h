/* shortkey.h — hashing and comparing short byte keys (words) eight bytes at
 * a time, shared by the per-word tables of readability.c and syllable.c, and
 * (sk_word_hash) by segment.c and phraseset.c.
 * Header-only so the calls inline in those hot loops. Hash values depend on
 * the machine's byte order; nothing stores them. */
#ifndef PLAINSAFE_SHORTKEY_H
#define PLAINSAFE_SHORTKEY_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline uint64_t sk_load64(const char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static inline uint64_t sk_load32(const char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

/* A multiplicative hash of n bytes; the last word read overlaps the one
 * before it rather than reading past the key. */
static inline uint32_t sk_hash(const char *s, size_t n)
{
    const uint64_t k = 0xFF51AFD7ED558CCDULL;
    uint64_t h = (uint64_t)n * 0x9E3779B97F4A7C15ULL;
    if (n >= 8) {
        for (size_t i = 0; i + 8 < n; i += 8)
            h = (h ^ sk_load64(s + i)) * k;
        h = (h ^ sk_load64(s + n - 8)) * k;
    } else if (n >= 4) {
        h = (h ^ (sk_load32(s) | sk_load32(s + n - 4) << 32)) * k;
    } else if (n > 0) {
        h = (h ^ ((uint64_t)(unsigned char)s[0] | (uint64_t)(unsigned char)s[n / 2] << 8 |
                  (uint64_t)(unsigned char)s[n - 1] << 16)) * k;
    }
    h ^= h >> 29;
    h *= 0xC4CEB9FE1A85EC53ULL;
    return (uint32_t)(h >> 32);
}

/* Eight ASCII bytes (none >= 0x80) with 'A'..'Z' lowered at once: bit 7 of
 * each byte of the sums is set exactly for 'A'..'Z', moved to bit 5. */
static inline uint64_t sk_lower8(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101u;
    uint64_t upper = (x + ones * (0x80 - 'A')) & ~(x + ones * (0x7F - 'Z')) & ones * 0x80;
    return x | upper >> 2;
}

static inline uint64_t sk_mix(uint64_t h, uint64_t x)
{
    h = (h ^ x) * 0x9E3779B97F4A7C15u;
    return h ^ h >> 32;
}

/* The hash of a word of n bytes, the hash a token carries (segment.h) and
 * phraseset.c's key hash: its bytes taken as 64-bit words (for n >= 8 the
 * words at 0, 8, ... and one ending at n, overlapping; for 4..7 the 4 bytes
 * at 0 and at n-4; for 1..3 the bytes at 0, n/2 and n-1), each mixed in with
 * a multiply. With lower set the words are sk_lower8'd first, so the raw
 * bytes of an ASCII word hash as their lower case does (for other bytes the
 * value is still a function of the bytes, but not of their lower case).
 * *any gets the OR of the words read, which cover every byte: bit 7 of some
 * byte is set when a byte is not ASCII. */
static inline uint32_t sk_word_hash(const unsigned char *p, size_t n, int lower, uint64_t *any)
{
    uint64_t h = sk_mix(0, n), x, acc = 0;
    if (n >= 8) {
        for (size_t i = 0; i < n; i += 8) {
            memcpy(&x, p + (i + 8 <= n ? i : n - 8), 8);
            acc |= x;
            h = sk_mix(h, lower ? sk_lower8(x) : x);
        }
    } else if (n >= 4) {
        uint32_t lo, hi;
        memcpy(&lo, p, 4);
        memcpy(&hi, p + n - 4, 4);
        acc = lo | (uint64_t)hi << 32;
        h = sk_mix(h, lower ? sk_lower8(acc) : acc);
    } else if (n) {
        acc = p[0] | (uint64_t)p[n / 2] << 8 | (uint64_t)p[n - 1] << 16;
        h = sk_mix(h, lower ? sk_lower8(acc) : acc);
    }
    *any = acc;
    return (uint32_t)h;
}

/* Are the n bytes at a and b the same? */
static inline int sk_equal(const char *a, const char *b, size_t n)
{
    if (n >= 8) {
        for (size_t i = 0; i + 8 < n; i += 8)
            if (sk_load64(a + i) != sk_load64(b + i))
                return 0;
        return sk_load64(a + n - 8) == sk_load64(b + n - 8);
    }
    if (n >= 4)
        return sk_load32(a) == sk_load32(b) && sk_load32(a + n - 4) == sk_load32(b + n - 4);
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

/* Do the n bytes at p (all ASCII; 1 <= n), lowered, equal key[0, n)? The
 * same overlapping pieces as sk_word_hash, which cover every byte. */
static inline int sk_equal_lowered(const unsigned char *p, const char *key, size_t n)
{
    uint64_t x, y;
    if (n >= 8) {
        for (size_t i = 0; i < n; i += 8) {
            size_t at = i + 8 <= n ? i : n - 8;
            memcpy(&x, p + at, 8);
            memcpy(&y, key + at, 8);
            if (sk_lower8(x) != y)
                return 0;
        }
        return 1;
    }
    if (n >= 4) {
        uint32_t lo, hi, klo, khi;
        memcpy(&lo, p, 4);
        memcpy(&hi, p + n - 4, 4);
        memcpy(&klo, key, 4);
        memcpy(&khi, key + n - 4, 4);
        return sk_lower8(lo | (uint64_t)hi << 32) == (klo | (uint64_t)khi << 32);
    }
    const unsigned char *k = (const unsigned char *)key;
    x = p[0] | (uint64_t)p[n / 2] << 8 | (uint64_t)p[n - 1] << 16;
    y = k[0] | (uint64_t)k[n / 2] << 8 | (uint64_t)k[n - 1] << 16;
    return sk_lower8(x) == y;
}

#endif

/* shortkey.h — hashing and comparing short byte keys (words) eight bytes at
 * a time, shared by the per-word tables of readability.c and syllable.c.
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

#endif

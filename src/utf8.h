/* utf8.h — UTF-8 decoding and encoding primitives shared by every stage.
 * Contract: nothing here allocates; all functions are pure. */
#ifndef PLAINSAFE_UTF8_H
#define PLAINSAFE_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decode one code point at s (n bytes available). Returns its length (1..4)
 * and stores the code point, or returns 0 if the bytes there are not a
 * well-formed UTF-8 sequence (overlong, surrogate, > U+10FFFF, truncated). */
size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);
/* Encode cp (<= U+10FFFF, not a surrogate) into out (4 bytes); returns length. */
size_t utf8_encode(uint32_t cp, char *out);
/* Number of code points in a valid UTF-8 span. */
size_t utf8_count(const char *s, size_t n);
/* Length of the sequence whose lead byte is c (1 for continuation/invalid). */
size_t utf8_seqlen(unsigned char c);

#endif

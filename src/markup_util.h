/* markup_util.h — helpers shared by the two stage-2 modules (markup_text.c,
 * markup_md.c): growing the markup result, parsing suppression directives,
 * and decoding HTML character references. Internal to stage 2. */
#ifndef PLAINSAFE_MARKUP_UTIL_H
#define PLAINSAFE_MARKUP_UTIL_H

#include <stddef.h>
#include "markup.h"

/* Builds a markup in place; holds the capacities the markup struct lacks. */
typedef struct {
    markup *m;
    size_t bcap, dcap;
} mbuild;

/* Start m with plain text plain of len bytes (owned by m if owned). */
void mb_init(mbuild *b, markup *m, char *plain, int owned, size_t len);
/* Append a block over plain[off, end) after trimming white space at both
 * ends; nothing is added if only white space remains. Blocks must be
 * appended in ascending, non-overlapping order. */
void mb_block(mbuild *b, size_t off, size_t end, block_kind kind, int level, unsigned flags);
/* If text[0, n) reads "plainsafe-disable[-next-line] RULES" or
 * "plainsafe-enable RULES" (leading/trailing white space allowed, RULES
 * separated by spaces or commas), append that directive with the source span
 * [span_off, span_off + span_len) and return 1; otherwise return 0. */
int mb_directive(mbuild *b, const char *text, size_t n, size_t span_off, size_t span_len);
/* Put the directives in source order (they may be appended out of order). */
void mb_sort_directives(mbuild *b);

/* White space for block trimming: space, tab, LF, CR, VT, FF. */
static inline int mu_space(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Decode the character reference at s[0] == '&' (n bytes available):
 * "&name;" for the names in the table, "&#123;", "&#x1F4A9;". On success
 * writes its UTF-8 to out (at most 4 bytes, *outlen) and returns the length
 * of the reference in s; returns 0 when s holds no known reference. Control
 * characters decode to a space; NUL, surrogates and out-of-range numbers to
 * U+FFFD. */
size_t entity_decode(const char *s, size_t n, char *out, size_t *outlen);

#endif

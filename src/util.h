/* util.h — small shared helpers used by every stage: growable buffers, checked
 * allocation, the one error record the core returns, and string helpers.
 * Contract: allocation failure aborts (the core never returns half-built state). */
#ifndef PLAINSAFE_UTIL_H
#define PLAINSAFE_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Grow *p (holding *cap elements of size elem) so that it can hold at least need. */
void grow(void **p, size_t *cap, size_t need, size_t elem);
#define GROW(ptr, cap, need) grow((void **)&(ptr), &(cap), (need), sizeof *(ptr))

/* A growable byte buffer; data is always NUL-terminated when len > 0 or after
 * any append. Owned by whoever holds the struct; buf_release frees it. */
typedef struct {
    char *data;
    size_t len, cap;
} buf;

/* Strings that never move once added: copied into chunks, freed together. */
typedef struct strstore_chunk strstore_chunk;
typedef struct {
    strstore_chunk *last;   /* the chunk being filled; each links to the one before */
    size_t used, cap;       /* bytes used and held in last */
} strstore;

void strstore_init(strstore *s);
/* A NUL-terminated copy of p[0, n), valid until strstore_release. */
const char *strstore_add(strstore *s, const char *p, size_t n);
void strstore_release(strstore *s);

void buf_init(buf *b);
void buf_release(buf *b);
void buf_clear(buf *b);
void buf_append(buf *b, const void *p, size_t n);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
/* v in decimal into out (NUL-terminated, at most 20 digits); returns its length. */
size_t uint_to_str(char out[24], size_t v);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf *b, const char *fmt, va_list ap);
/* Append s (n bytes of UTF-8) as a JSON string literal, quotes included. */
void buf_json_string(buf *b, const char *s, size_t n);
/* Hand over the data (NUL-terminated, possibly empty string) and reset b. */
char *buf_steal(buf *b);

/* The one error record: the first error wins, later ones are ignored until
 * err_clear. Messages for user-facing mistakes are already located, in the
 * form "file:line:col: error: ...". */
typedef struct {
    int set;
    char msg[2048];
} lint_error;

void err_set(lint_error *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void err_clear(lint_error *e);

/* Damerau-free Levenshtein distance, for "did you mean" hints. */
size_t edit_distance(const char *a, const char *b);
/* Best candidate within distance max(1, strlen(word)/3), or NULL. */
const char *did_you_mean(const char *word, const char *const *cands, size_t n);

/* FNV-1a 64-bit hash of n bytes. */
uint64_t hash_bytes(const void *p, size_t n);

#endif

/* input.h — stage 1: raw bytes in, valid UTF-8 source text out.
 *
 * The decoded text ("src") is what every later stage sees and what all
 * diagnostic offsets refer to until printing. Its invariant: src is valid
 * UTF-8 and NUL-terminated. Differences from the raw bytes:
 *   - a UTF-8 BOM is dropped (raw offsets are shifted by 3);
 *   - each byte that is not part of a well-formed UTF-8 sequence is replaced
 *     by the single byte 0x1A (SUB), so src and raw keep the same length and
 *     columns count one per bad byte; every such byte is listed in bad[];
 *   - UTF-16LE/BE with a BOM is transcoded; then raw offsets are found
 *     through u16map (unpaired surrogates become U+FFFD and are listed too).
 * Line endings (LF, CRLF, lone CR) are left as they are.
 */
#ifndef PLAINSAFE_INPUT_H
#define PLAINSAFE_INPUT_H

#include <stddef.h>
#include "util.h"

typedef enum {
    ENC_UTF8,
    ENC_UTF8_BOM,
    ENC_UTF16LE,
    ENC_UTF16BE
} input_encoding;

typedef enum {
    INPUT_OK = 0,
    INPUT_BINARY,     /* NUL bytes without a UTF-16 BOM: skipped */
    INPUT_TOO_LARGE,  /* over INPUT_MAX_BYTES: skipped */
    INPUT_CHANGED     /* the file shrank while it was read: skipped */
} input_status;

#define INPUT_MAX_BYTES ((size_t)1 << 31)

typedef struct {
    input_encoding enc;
    char *src;          /* owned (input_free_text); valid UTF-8, NUL-terminated */
    size_t len;         /* bytes in src, excluding the NUL */
    size_t raw_len;     /* bytes in the raw input */
    size_t *bad;        /* owned; src offsets of replaced invalid sequences, ascending */
    size_t nbad;
    size_t *u16map;     /* owned, UTF-16 only: raw offset of each src byte, len+1 entries */
} input;

/* Decode raw (not retained). Returns INPUT_OK, or a status saying why the
 * input was skipped (then *in holds nothing to release). */
input_status input_decode(input *in, const unsigned char *raw, size_t n);
/* The same, taking ownership of raw (malloc'd): UTF-8 is decoded in place,
 * so a large file is not held twice. raw is freed or kept in in->src. */
input_status input_decode_owned(input *in, unsigned char *raw, size_t n);
void input_release(input *in);
/* Raw byte offset of src offset off (off may equal len). */
size_t input_raw_offset(const input *in, size_t off);

/* Read a whole file or stdin ("-"): into a malloc'd buffer, or for a large
 * regular file a private mapping of it (input.c), which input_decode_owned
 * accepts and keeps as the source. Returns 0, or -1 with a message
 * "PATH: reason" in err. */
int input_read_file(const char *path, unsigned char **data, size_t *n, lint_error *err);
/* Free what input_read_file gave or an input's src (a pointer into either):
 * unmapped if mapped, else free()d. */
void input_free_text(void *p);
/* Did the mapped file p points into shrink while mapped (its lost pages
 * then read as zeros)? 0 for memory that is not a mapped file. */
int input_changed(const void *p);

#endif

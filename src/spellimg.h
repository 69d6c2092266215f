/* spellimg.h — word images: the word forms a hunspell dictionary accepts, as
 * read-only hashed string sets made at build time (tools/spellimage.c) and
 * embedded in the binary, and the oracle that answers hunspell's question
 * "is this word spelt right?" from them. Used by spell.c and the generator;
 * depends on libc only.
 *
 * The oracle reproduces Hunspell_spell for the dictionaries the generator
 * verified (en_GB, en_US, en_AU: no compounding outside digits, default
 * BREAK, ICONV at most U+2019 -> '): case rules, trailing dots and hyphen
 * breaks as hunspell 1.7 applies them. Words it cannot answer (digits,
 * letters outside Latin-1, sharp s, combining marks, spaces, punctuation
 * other than ' - . and the Unicode hyphens and modifier apostrophe) are
 * SPELLIMG_ASK: the caller asks hunspell, except a word with more letters
 * of a script in a row than any word of the dictionary holds (below), which
 * is SPELLIMG_NO.
 */
#ifndef PLAINSAFE_SPELLIMG_H
#define PLAINSAFE_SPELLIMG_H

#include <stddef.h>
#include <stdint.h>

/* Longest word (bytes) a set holds and the oracle answers. */
#define SPELLIMG_MAXWORD 200

/* A read-only string set. slots[i] is 0 (empty) or (tag << 24 | offset):
 * offset into pool (never 0) of a length byte followed by the bytes; tag is
 * 8 bits of the string's hash. Linear probing from the hash's slot. */
typedef struct {
    const uint32_t *slots;
    uint32_t nslots;
    const unsigned char *pool;
} spellimg_set;

int spellimg_has(const spellimg_set *s, const char *w, size_t n);

/* A growable set, queryable at any time through .set (which stays at the
 * same address; its arrays move as it grows). Owns its arrays. */
typedef struct {
    spellimg_set set;
    uint32_t *slots;      /* owned */
    unsigned char *pool;  /* owned */
    uint32_t n;           /* strings held */
    size_t pool_len, pool_cap;
} spellimg_builder;

void spellimg_builder_init(spellimg_builder *b);
void spellimg_builder_release(spellimg_builder *b);
/* Add w (1..SPELLIMG_MAXWORD bytes); 1 if added, 0 if already held, -1 if
 * it does not fit (too long, or the pool would pass 16 MB). */
int spellimg_builder_add(spellimg_builder *b, const char *w, size_t n);

/* The identity of a dictionary's files: an image answers for a dictionary
 * only if the stamps are equal. */
typedef struct {
    int64_t aff_size, aff_mtime, aff_mtime_ns;
    int64_t dic_size, dic_mtime, dic_mtime_ns;
} spellimg_stamp;

/* Stat aff and dic into st; -1 if either cannot be stat'ed. */
int spellimg_stamp_of(const char *aff, const char *dic, spellimg_stamp *st);

/* Scripts whose letters hunspell's case rules map only to letters of the
 * same script: Greek, Cyrillic, Armenian, Hebrew, Arabic, the Indic scripts,
 * Thai and Lao, and CJK with kana and Hangul. Every way hunspell accepts a
 * word the oracle models (a case variant of a form, or pieces split at
 * hyphens that are) puts each run between hyphens inside one form, letter
 * for letter. So a word with a run holding more letters of a script than
 * any run of any form (or accepted word) does is one hunspell rejects: for
 * en_GB, whose only Greek forms are the letters alone, "ουλας".
 *
 * Raise max[k] to the most letters of script k in a run of s[0, n) (UTF-8)
 * between ASCII hyphens, for each k (saturating at 255). */
#define SPELLIMG_SCRIPTS 8
void spellimg_script_runs(const char *s, size_t n, uint8_t max[SPELLIMG_SCRIPTS]);

/* What the oracle consults: the image's sets and the accepted words' sets
 * (any may be NULL). forms: words as hunspell's dictionary holds them.
 * upper: ALL-CAPS words hunspell accepts that no case rule derives from
 * forms ("MCCARTHY" from "McCarthy", "UK'S" from "UK's"). */
typedef struct {
    const spellimg_set *forms[2];
    const spellimg_set *upper[2];
    int iconv_apos;       /* the .aff converts U+2019 to ' (ICONV) */
    uint8_t script_max[SPELLIMG_SCRIPTS];   /* spellimg_script_runs of the forms and accepted words */
} spellimg_oracle;

enum { SPELLIMG_NO = 0, SPELLIMG_YES = 1, SPELLIMG_ASK = 2 };

/* Is w (n bytes of UTF-8) spelt right, as hunspell with these sets would
 * answer: SPELLIMG_YES, SPELLIMG_NO, or SPELLIMG_ASK (not answerable here). */
int spellimg_check(const spellimg_oracle *o, const char *w, size_t n);

/* Case mappings the oracle uses (ASCII and Latin-1 letters in UTF-8; the
 * output has the same length). 0 if w holds a character they do not map
 * (anything the oracle would ask hunspell about, or ÿ for upper). */
int spellimg_lower(const char *w, size_t n, char *out);
int spellimg_upper(const char *w, size_t n, char *out);
/* Lower case with the first character upper case ("Mccarthy"). */
int spellimg_capitalise(const char *w, size_t n, char *out);

/* hunspell's capitalisation classes. */
enum { SPELLIMG_NOCAP, SPELLIMG_INITCAP, SPELLIMG_ALLCAP, SPELLIMG_HUHCAP, SPELLIMG_HUHINITCAP };
/* The class of w, or -1 if w holds a character the oracle does not model. */
int spellimg_captype(const char *w, size_t n);

/* ---- the embedded image format ----------------------------------------- */

#define SPELLIMG_MAGIC "PSWIMG4"

/* One image: this header, then the slot arrays and pools it points at (by
 * offset from the header), padded to a multiple of 64 bytes. Images are
 * concatenated into one blob. An image whose flags lack SPELLIMG_USABLE
 * failed verification and holds no sets. */
typedef struct {
    char magic[8];
    uint32_t endian;      /* 0x01020304 as written by the generator */
    uint32_t size;        /* bytes of this image, header included */
    char language[24];
    spellimg_stamp stamp;
    uint32_t flags;
    uint8_t script_max[SPELLIMG_SCRIPTS];   /* spellimg_script_runs of every form */
    uint32_t nforms, nupper, ntwins;
    uint32_t forms_nslots, forms_slots, forms_pool;
    uint32_t upper_nslots, upper_slots, upper_pool;
    uint32_t twins_nslots, twins_slots, twins_pool;
} spellimg_header;

#define SPELLIMG_USABLE 1u
#define SPELLIMG_ICONV_APOS 2u

/* An image's sets. twins: the hidden capitalised twins hunspell's table
 * holds ("Mccarthy" of "McCarthy", "Sos" of "SOS/SM"); Hunspell_add of a word
 * the table already holds does nothing, so such a word is not accepted. */
typedef struct {
    spellimg_set forms, upper, twins;
    int iconv_apos;
    uint8_t script_max[SPELLIMG_SCRIPTS];
} spellimg_image;

/* Find the usable image for language with stamp st in blob[0, len); 1 and
 * *out filled (pointing into blob) if found, else 0. */
int spellimg_find(const unsigned char *blob, size_t len, const char *language, const spellimg_stamp *st,
                  spellimg_image *out);

#endif

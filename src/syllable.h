/* syllable.h — syllables per word, for the readability counts (readability.c).
 *
 * A model is two small tables built by tools/make-syllables from CMUdict:
 * letter-context rules (the fallback guess for any word) and the exceptions
 * (known words whose count the rules get wrong). Together they reproduce
 * CMUdict's count for every word the tables were built from; other words get
 * the rules' guess. docs/readability.md has the counting rules.
 * A model is read-only once built: threads may share it.
 */
#ifndef PLAINSAFE_SYLLABLE_H
#define PLAINSAFE_SYLLABLE_H

#include <stddef.h>
#include "util.h"

typedef struct syllable_model syllable_model;

/* The model of dictionaries/syllables.tsv and syllable-rules.tsv, built when
 * the binary was built (embedded.c). */
extern const syllable_model embedded_syllables;

/* Build a model from the exceptions table and the context rules, both text
 * of lines "KEY<TAB>COUNT" ('#' starts a comment line). The texts are copied.
 * Returns NULL with err set ("NAME:LINE: error: ...") on a malformed line. */
syllable_model *syllable_model_new(const char *table, size_t table_len, const char *rules,
                                   size_t rules_len, lint_error *err);
void syllable_model_free(syllable_model *m);
/* How many models have been freed so far: a cache of answers for a model at
 * some address is stale once this changes (another may have taken it). */
unsigned long syllable_model_generation(void);

/* Syllables of one word token as written (any case, UTF-8, straight or curly
 * apostrophes, inner hyphens). Always >= 1 for a word with a letter. */
int syllable_word(const syllable_model *m, const char *w, size_t n);
/* Syllables of a number token read aloud ("1918" 4, "25" 3, "1,200" 6,
 * "3.30pm" 4, "21st" 3). Always >= 1. */
int syllable_number(const syllable_model *m, const char *s, size_t n);
/* The rules alone on a lower-case ASCII word: the fallback for unknown words. */
int syllable_guess(const syllable_model *m, const char *w, size_t n);
/* British to American spelling for look-up ("behaviour" -> "behavior",
 * "organisation" -> "organization", "centre" -> "center"). w is lower-case
 * ASCII; out receives the NUL-terminated result (at most cap-1 bytes).
 * Returns 1 if anything changed, 0 if not (out then holds w). */
int syllable_americanise(const char *w, size_t n, char *out, size_t cap);

/* The layout, public so that tools/precompute can write the built-in model
 * as static data; everything else uses the functions above. A map is an
 * open-addressing table from key to count. */
typedef struct {
    uint32_t hash;          /* sk_hash of the key */
    uint32_t off;           /* the key in text; 0 marks an empty slot (text[0] is a pad) */
    uint16_t len;
    uint8_t val;
} syllable_slot;

typedef struct {
    const char *text;       /* holds the keys */
    size_t ntext;
    const syllable_slot *slots;
    size_t cap;             /* power of two; 0 for an empty map */
    /* A one-bit-per-key filter of 8 cap bits, small enough to stay cached:
     * most rule look-ups are for absent keys and stop here. A key's bit is
     * bloom_bit(hash); a clear bit means the key is absent. */
    const uint64_t *bloom;
    unsigned bloom_shift;
} syllable_map;

struct syllable_model {
    syllable_map table;     /* word -> exact count (exceptions to the rules) */
    syllable_map rules;     /* context key -> syllables of that vowel group */
};

#endif

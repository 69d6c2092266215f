/* phraseset.h — sets of word sequences matched on normalised tokens, the
 * shared matcher behind phrase rules and the statement lexicons.
 *
 * A phrase is words separated by single spaces, matched case-insensitively
 * against word and number tokens (token_norm forms), longest first; the cost
 * of a match attempt does not grow with the size of the set (a hash on the
 * first word, then the candidates for that word, longest first).
 * Punctuation tokens are not skipped: "contact, with" is not "contact with".
 * Inflection (when asked) generates at add time the regular forms of the
 * first word: -s/-es/-ies, -ed/-d/-ied (with consonant doubling), -ing (with
 * e-dropping and doubling): "step down" also matches "stepped down".
 */
#ifndef PLAINSAFE_PHRASESET_H
#define PLAINSAFE_PHRASESET_H

#include <stddef.h>
#include <stdint.h>
#include "segment.h"

typedef struct phrase_set phrase_set;

enum {
    PS_INFLECT = 1,     /* add the regular inflected forms of the first word */
    PS_CASE = 2         /* match case-sensitively (acronyms): compared with the raw token text */
};

/* A set is built in two steps: phrase_set_add for every phrase, then
 * phrase_set_finish once; only a finished set matches. */
phrase_set *phrase_set_new(void);
void phrase_set_free(phrase_set *s);
/* Add phrase with the caller's id (< 2^32); flags PS_*. Adding the same
 * phrase twice keeps both ids (match returns the first added). */
void phrase_set_add(phrase_set *s, const char *phrase, unsigned flags, size_t id);
void phrase_set_finish(phrase_set *s);
/* Longest phrase starting at token i: returns the number of tokens it spans
 * (0 if none) and its id. text is the plain text the tokens point into. */
size_t phrase_set_match(const phrase_set *s, const char *text, const token *toks, size_t ntoks,
                        size_t i, size_t *id);
/* Every phrase starting at token i, longest first: calls fn for each until it
 * returns non-zero; returns that value (0 if none stopped it). */
int phrase_set_each(const phrase_set *s, const char *text, const token *toks, size_t ntoks, size_t i,
                    int (*fn)(size_t id, size_t ntok, void *arg), void *arg);

/* A normalised first word longer than this never matches (no phrase word is
 * that long in practice; the limit keeps matching allocation-free). */
#define PS_MAXWORD 255

/* The layout of a finished set: flat arrays without pointers between them,
 * public so that tools/precompute can write a built-in set as static data;
 * everything else uses the functions above. An all-zero set is a valid
 * empty set. */

/* One form of a phrase. Invariant: its words are token_norm forms, or the
 * raw text for PS_CASE. */
typedef struct {
    uint32_t words;       /* in pool: "w1\0w2\0...wn\0" */
    uint32_t lens;        /* in lens: the byte length of each word */
    uint32_t ntok;
    uint32_t flags;
    uint32_t id;
} ps_entry;

/* All forms whose normalised first word is key: ents[first, first + n),
 * longest first, then in insertion order (so the first added wins among
 * equals). */
typedef struct {
    uint32_t key;         /* in pool */
    uint32_t keylen;
    uint32_t first, n;
    uint32_t nmulti;      /* entries [0, nmulti) have two words or more; the rest one */
    uint64_t fpmask;      /* bit fp_bit(fps[k]) of every entry with fps[k] != 0; all bits
                           * when some multi-word entry has no fingerprint */
} ps_bucket;

struct phrase_set {
    const uint64_t *tags;     /* per slot: hash | 1, or 0 when empty (a compact probe array) */
    const ps_bucket *slots;   /* open addressing, power-of-two size */
    const uint64_t *bloom;    /* nslots * 8 bits: bit ps_bloom_bit(h) set for the hash h of every key */
    const uint64_t *loose;    /* nslots * 8 bits: bit ps_bloom_bit(h) set for the hash h of every key
                               * with a one-word or a PS_CASE entry */
    const uint64_t *pairs;    /* npairbits bits: bit ps_pair_bit(h, h2) set for the hash h of every
                               * key and the key hash h2 of the second word of each of its
                               * entries of two words or more without PS_CASE */
    const ps_entry *ents;     /* the buckets' entries, bucket after bucket */
    const uint32_t *fps;      /* per entry: the word_fp of its second word, or 0 (no quick test) */
    const uint32_t *lens;
    const char *pool;
    size_t nslots, nused, nents, nlens, npool;
    size_t npairbits;         /* a power of two, at least 64 (or 0 in an all-zero set) */
    void *owned;              /* one block holding the arrays; NULL for static data */
    struct ps_builder *build; /* the forms added so far; NULL once finished */
};

/* The bloom bit of hash h (its bits from 16 up first; the slot index uses
 * the low ones). */
static inline size_t ps_bloom_bit(uint32_t h, size_t nslots)
{
    return (size_t)(h >> 16 | h << 16) & (nslots * 8 - 1);
}

/* The bit of pairs for a key hash h and a second word's key hash h2 (the
 * high bits of a multiply, which depend on all the bits of both). */
static inline size_t ps_pair_bit(uint32_t h, uint32_t h2, size_t npairbits)
{
    return (size_t)((((uint64_t)h << 32 | h2) * 0x9E3779B97F4A7C15u) >> 40) & (npairbits - 1);
}

static inline int ps_bit(const uint64_t *bits, size_t bit)
{
    return bits[bit / 64] >> (bit % 64) & 1;
}

/* 0 when phrase_set_each(s, ..., toks, ntoks, i, ...) certainly calls fn
 * for nothing (it starts with this test): inline, for the callers that try
 * every token. 0 for a token that is not word-like or too long, and for an
 * ASCII token when the bloom filter rules out its key, or when its key has
 * only entries of two words or more and the next token continues none: there
 * is none, it is not word-like, or it is ASCII and the pair of hashes is not
 * in pairs (an ASCII token's hash is the key hash of its normalised form). */
static inline int phrase_set_may_match(const phrase_set *s, const token *toks, size_t ntoks, size_t i)
{
    if (i >= ntoks || s->nused == 0)
        return 0;
    const token *t = &toks[i];
    if ((t->kind != TOK_WORD && t->kind != TOK_NUMBER) || t->len > PS_MAXWORD)
        return 0;
    if (!(t->flags & TF_ASCII))
        return 1;
    /* For an ASCII word every test is made and the results combined, so
     * that the one branch taken on them is rarely taken (no next token: the
     * token stands in for it, and has_next is 0). */
    size_t b = ps_bloom_bit(t->hash, s->nslots);
    int has_next = i + 1 < ntoks;
    const token *next = t + has_next;
    int next_word = next->kind == TOK_WORD || next->kind == TOK_NUMBER;
    int pair = ps_bit(s->pairs, ps_pair_bit(t->hash, next->hash, s->npairbits));
    int continued = has_next & ((next->flags & TF_ASCII) ? pair : next_word);
    return ps_bit(s->bloom, b) & (ps_bit(s->loose, b) | continued);
}

#endif

/* segment.h — stage 3: blocks in, sections out; and, one block at a time,
 * sentences and tokens.
 *
 * The document (sections over the markup's blocks) is built once per file.
 * Sentences and tokens are produced per block into a reusable scratch, so a
 * 50 MB file never holds all its tokens at once: rules see one block_view at
 * a time (see rule.h). All offsets are byte offsets into the plain text,
 * which are also source offsets (markup.h's invariant).
 */
#ifndef PLAINSAFE_SEGMENT_H
#define PLAINSAFE_SEGMENT_H

#include <stddef.h>
#include <stdint.h>
#include "markup.h"

#define NO_INDEX ((size_t)-1)

typedef enum {
    TOK_WORD,    /* letters, with inner apostrophes/hyphens/digits: "don't", "mother-in-law", "Year7" */
    TOK_NUMBER,  /* digits with inner . , : and a unit/ordinal suffix: "3.30pm", "1,200", "21st", "10/03/2024" */
    TOK_PUNCT,   /* one punctuation character (a run for "..." and "--") */
    TOK_SYMBOL,  /* anything else that is not space: emoji, %, &, 0x1A */
    TOK_OPAQUE   /* a markup placeholder (PLAIN_OPAQUE): code, URL, e-mail */
} token_kind;

enum {
    TF_CAP = 1,         /* first letter is upper case */
    TF_ALLCAPS = 2,     /* two or more letters, none lower case ("MASH", "CP") */
    TF_SENT_START = 4,  /* first word-like token of its sentence */
    TF_HYPHEN = 8,      /* contains an inner hyphen */
    TF_APOS = 16,       /* contains an inner apostrophe (straight or curly) */
    TF_URLISH = 32,     /* looks like a URL, e-mail, path or handle in plain text */
    TF_ASCII = 64,      /* a word or number token all of whose bytes are ASCII */
    TF_ALNUM = 128      /* a word or number token all of whose bytes are ASCII letters and
                           digits: set by segment_block on each one it makes, except URL-like
                           ones; a token without it may still be one */
};

/* Invariant for TOK_WORD and TOK_NUMBER tokens: hash is sk_word_hash
 * (shortkey.h) of the token's bytes with lower set, and TF_ASCII says
 * whether they are all ASCII; so the hash of a TF_ASCII token is the hash of
 * its token_norm form. segment_block keeps it; whoever makes word tokens
 * another way calls token_set_hash. Other tokens: hash 0, no TF_ASCII. */
typedef struct {
    size_t off;
    uint32_t len;
    uint8_t kind;       /* token_kind */
    uint8_t flags;
    uint32_t hash;
} token;

typedef struct {
    size_t off, len;    /* from the first to the last token, inclusive */
    size_t tok0, ntok;  /* into the block_view's token array */
} sentence;

/* A section: a heading and everything up to the next heading of the same or
 * a higher level (smaller number). Section 0 is the preamble before the first
 * heading (heading == NO_INDEX, level 0), present even when empty. Sections
 * nest: parent is the enclosing section index (NO_INDEX for the preamble and
 * top level). Blocks [block0, block0 + nblocks) are the section's own blocks
 * including its heading and its subsections' blocks. */
typedef struct {
    size_t heading;
    int level;
    size_t parent;
    size_t block0, nblocks;
} section;

typedef struct {
    const char *text;          /* plain text (not owned) */
    size_t len;
    const block *blocks;       /* not owned (the markup's) */
    size_t nblocks;
    section *sections;         /* owned */
    size_t nsections;
    size_t *block_section;     /* owned: innermost section of each block */
} document;

void document_build(document *d, const markup *m);
void document_release(document *d);

/* Reusable per-thread scratch for segment_block. */
typedef struct {
    sentence *sents;
    size_t nsents, sents_cap;
    token *toks;
    size_t ntoks, toks_cap;
    size_t *terms;      /* ascending indices of the tokens that may end a sentence */
    size_t nterms, terms_cap;
} seg_scratch;

void seg_scratch_release(seg_scratch *s);
/* Split block b of the document into sentences and tokens (replacing what s
 * held). Headings, list items and table cells are at least one sentence of
 * their own; a sentence never crosses a block. */
void segment_block(const document *d, size_t b, seg_scratch *s);

/* Set t->hash and TF_ASCII of a word or number token t from its bytes in
 * text (the invariant above). */
void token_set_hash(const char *text, token *t);

/* Normalised form of a token for matching: lower case (ASCII and Latin-1/
 * Latin Extended-A letters), curly apostrophes and quotes folded to "'",
 * dashes to '-'. Writes at most cap-1 bytes and a NUL; returns the full
 * length the normalised form needs (truncated when >= cap). */
size_t token_norm(const char *text, const token *t, char *out, size_t cap);
/* The normalised form of the n bytes at s read as one word (malloc'd, NUL-
 * terminated; *outlen its length): for matching list words against tokens. */
char *norm_dup(const char *s, size_t n, size_t *outlen);

#endif

/* segment.c — stage 3 of the pipeline: the markup's blocks become a document
 * of nested sections, and each block, when the engine asks for it, a flat
 * array of tokens partitioned into sentences (see segment.h). Rules read the
 * result through a block_view. Nothing here allocates per token or per call
 * once the scratch has grown to the largest block.
 *
 * Word rules (what one token is):
 *   - A word is a run of letters (any script; combining marks join), digits
 *     after the first letter ("Year7"), inner apostrophes ' U+2019 U+02BC
 *     followed by a letter ("don't", "Sarah’s"), inner hyphens - U+2010
 *     U+2011 followed by a letter or digit ("mother-in-law", "COVID-19").
 *     A trailing apostrophe after "s" is a possessive and belongs to the word
 *     ("parents'"), unless a single quote opened earlier in the block is still
 *     open, when it closes that quote. Both set TF_APOS.
 *   - Single letters joined by dots are one word including the final dot:
 *     "e.g.", "i.e.", "a.m.", "U.K.", "J.K." (a dot after a longer word is
 *     always its own token: "Mr" "." ).
 *   - A number starts with a digit: digits with inner . , : / - between
 *     digits ("3.30", "1,200", "10/03/2024", "2019-20"), then an attached
 *     letter suffix ("3.30pm", "21st", "5kg"). A hyphen joining letters makes
 *     it a word ("5-year-old"). Currency signs are separate TOK_SYMBOL tokens:
 *     "£25" is "£" "25"; "25%" is "25" "%".
 *   - Plain-text URLs ("http://…", "www.x.y", "example.org.uk"), e-mail
 *     addresses, @handles and file paths ("/usr/share/x", "C:\x", "~/x",
 *     "docs/notes.md") are one TOK_WORD with TF_URLISH; trailing sentence
 *     punctuation is left out of them.
 *   - Punctuation is one code point per token, except runs of '.' ("...")
 *     and of '-' ("--"). Emoji with their modifiers, joiners and flag pairs
 *     are one TOK_SYMBOL. PLAIN_OPAQUE is one TOK_OPAQUE of length 1; the
 *     0x1A byte (an invalid byte, replaced) and any byte that is not
 *     well-formed UTF-8 are TOK_SYMBOL of length 1.
 *   - TF_CAP (words only): the first code point is an upper-case letter.
 *     TF_ALLCAPS: two or more upper-case letters and no lower-case one.
 *
 * Sentence rules (see ends_sentence): a sentence ends after . ! ? … or a run
 * of them, plus any closing quotes and brackets attached to it (and a
 * footnote number stuck to it: "risk.28"), when whitespace and then a
 * sentence starter follow: a capitalised word, a number, a placeholder,
 * possibly behind opening quotes or brackets. Line breaks are whitespace.
 *   - Lower case starts a new sentence only after a bare full stop that
 *     follows a real word (three letters or more with a vowel, not an
 *     abbreviation, not in capitals): "It ended. mum left." is two; '"Stop!"
 *     he said' and "at 3 p.m. we left" are one.
 *   - Never an end: titles and AB_NEVER abbreviations ("Dr.", "e.g.", "vs."),
 *     a single capital or a dotted capital abbreviation (initials: "J. K.",
 *     "U.K." — so "in the U.K. The" stays one sentence), a list number or
 *     letter at the start of a line ("1.", "2.3.", "a.", "iv."), AB_NUM
 *     abbreviations before a number ("No. 5"), a closing quote followed by
 *     a capitalised word and a verb of speech ('"Stop!" Mary shouted').
 *   - "etc." followed by a capitalised word ends the sentence.
 *   - An ellipsis ends a sentence only before a capitalised word.
 */
#include "segment.h"

#include <stdlib.h>
#include <string.h>
#include "shortkey.h"
#include "utf8.h"
#include "util.h"

/* ---------------------------------------------------------------------
 * Character classes
 * ------------------------------------------------------------------- */

enum {
    U_SPACE,
    U_UPPER,    /* upper- or title-case letter */
    U_LOWER,
    U_LETTER,   /* letter without case (CJK, Arabic, Hebrew, ...) */
    U_DIGIT,    /* ASCII digit */
    U_MARK,     /* combining mark, joiner, variation selector, format char */
    U_APOS,     /* ' U+2019 U+02BC */
    U_HYPHEN,   /* - U+2010 U+2011 */
    U_PUNCT,
    U_SYMBOL,
    U_OPAQUE    /* PLAIN_OPAQUE */
};

#define S_ U_SPACE
#define UP U_UPPER
#define LO U_LOWER
#define DG U_DIGIT
#define AP U_APOS
#define HY U_HYPHEN
#define PU U_PUNCT
#define SY U_SYMBOL
#define OQ U_OPAQUE

static const unsigned char ascii_class[128] = {
    SY, SY, SY, SY, SY, SY, SY, SY, SY, S_, S_, S_, S_, S_, SY, SY, /* 0x00 */
    SY, SY, SY, SY, SY, SY, SY, SY, SY, SY, SY, SY, OQ, SY, SY, SY, /* 0x10 */
    S_, PU, PU, SY, SY, SY, SY, AP, PU, PU, SY, SY, PU, HY, PU, PU, /*  !"#$%&'()*+,-./ */
    DG, DG, DG, DG, DG, DG, DG, DG, DG, DG, PU, PU, SY, SY, SY, PU, /* 0-9:;<=>? */
    SY, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, /* @A-O */
    UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, PU, SY, PU, SY, SY, /* P-Z[\]^_ */
    SY, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, /* `a-o */
    LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, PU, SY, PU, SY, SY, /* p-z{|}~DEL */
};

#undef S_
#undef UP
#undef LO
#undef DG
#undef AP
#undef HY
#undef PU
#undef SY
#undef OQ

/* The ASCII letters and digits, as bits that lex_word adds up without
 * branching; every other byte (all of 0x80..0xFF included) is 0. */
enum { WB_UPPER = 1, WB_LOWER = 2, WB_DIGIT = 4 };

#define U_ WB_UPPER
#define L_ WB_LOWER
#define D_ WB_DIGIT

static const unsigned char word_bits[256] = {
    0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  /* 0x00 */
    0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  /* 0x10 */
    0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  /* 0x20 */
    D_, D_, D_, D_, D_, D_, D_, D_, D_, D_, 0,  0,  0,  0,  0,  0,  /* 0-9 */
    0,  U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, /* @A-O */
    U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, 0,  0,  0,  0,  0,  /* P-Z */
    0,  L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, /* `a-o */
    L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, 0,  0,  0,  0,  0,  /* p-z */
};

#undef U_
#undef L_
#undef D_

/* Eight bytes at a time ("SWAR"): a uint64_t holds p[0..8) with p[0] in the
 * low byte on every platform, and byte-wise tests leave their answer in bit
 * 7 of each byte. */
#define BYTES8(b) (0x0101010101010101u * (uint64_t)(b))

static inline uint64_t load8(const unsigned char *p)
{
    return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
           (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
}

/* Bit 7 of each byte of y (all bytes <= 0x7F) set when lo <= byte <= hi.
 * No sum carries into the next byte. */
static inline uint64_t in_range8(uint64_t y, unsigned char lo, unsigned char hi)
{
    return (y + BYTES8(0x80 - lo)) & ~(y + BYTES8(0x7F - hi)) & BYTES8(0x80);
}

/* How many bytes of m (only bit 7 of each byte may be set) are marked. */
static inline unsigned count8(uint64_t m)
{
    return (unsigned)(((m >> 7) * BYTES8(1)) >> 56);
}

/* Eight ASCII bytes (none >= 0x80) lowered at once. */
static inline uint64_t lower8(uint64_t x)
{
    return x | in_range8(x, 'A', 'Z') >> 2;
}

static int latin1_class(uint32_t cp)
{
    if (cp < 0xA0)
        return cp == 0x85 ? U_SPACE : U_SYMBOL;
    if (cp >= 0xC0)
        return cp == 0xD7 || cp == 0xF7 ? U_SYMBOL : cp <= 0xDE ? U_UPPER : U_LOWER;
    switch (cp) {
    case 0xA0:
        return U_SPACE;
    case 0xAA: case 0xB5: case 0xBA:
        return U_LOWER;
    case 0xAD:
        return U_MARK;   /* soft hyphen: invisible, inside words */
    case 0xA1: case 0xAB: case 0xB7: case 0xBB: case 0xBF:
        return U_PUNCT;
    default:
        return U_SYMBOL;
    }
}

/* Latin Extended-A (U+0100..U+017F): mostly upper at even code points. */
static int exta_class(uint32_t cp)
{
    if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
        return (cp & 1) ? U_UPPER : U_LOWER;
    if (cp == 0x138 || cp == 0x149 || cp == 0x17F)
        return U_LOWER;
    if (cp == 0x178)
        return U_UPPER;
    return (cp & 1) ? U_LOWER : U_UPPER;
}

/* Latin Extended-B (U+0180..U+024F), approximately. */
static int extb_class(uint32_t cp)
{
    if (cp >= 0x1CD && cp <= 0x1DC)
        return (cp & 1) ? U_UPPER : U_LOWER;
    if ((cp >= 0x1DE && cp <= 0x1EF) || cp >= 0x1F8)
        return (cp & 1) ? U_LOWER : U_UPPER;
    switch (cp) {
    case 0x1A0: case 0x1AF: case 0x1C4: case 0x1C5: case 0x1C7: case 0x1C8:
    case 0x1CA: case 0x1CB: case 0x1F1: case 0x1F2: case 0x1F4: case 0x1F6: case 0x1F7:
        return U_UPPER;
    default:
        return U_LOWER;
    }
}

static int greek_class(uint32_t cp)
{
    if (cp >= 0x391 && cp <= 0x3AB)
        return cp == 0x3A2 ? U_SYMBOL : U_UPPER;
    if (cp >= 0x3AC && cp <= 0x3CE)
        return U_LOWER;
    if (cp >= 0x3D8 && cp <= 0x3EF)
        return (cp & 1) ? U_LOWER : U_UPPER;
    switch (cp) {
    case 0x37E: case 0x387:
        return U_PUNCT;
    case 0x374: case 0x375: case 0x384: case 0x385: case 0x38B: case 0x38D: case 0x3F6:
        return U_SYMBOL;
    case 0x370: case 0x372: case 0x376: case 0x37F: case 0x386: case 0x388: case 0x389:
    case 0x38A: case 0x38C: case 0x38E: case 0x38F: case 0x3CF: case 0x3D2: case 0x3D3:
    case 0x3D4: case 0x3F4: case 0x3F7: case 0x3F9: case 0x3FA: case 0x3FD: case 0x3FE: case 0x3FF:
        return U_UPPER;
    default:
        return U_LOWER;
    }
}

/* Cyrillic and Cyrillic Supplement (U+0400..U+052F). */
static int cyrillic_class(uint32_t cp)
{
    if (cp < 0x430)
        return U_UPPER;
    if (cp < 0x460)
        return U_LOWER;
    if (cp == 0x482)
        return U_SYMBOL;
    if (cp >= 0x483 && cp <= 0x489)
        return U_MARK;
    if (cp == 0x4C0)
        return U_UPPER;
    if (cp >= 0x4C1 && cp <= 0x4CE)
        return (cp & 1) ? U_UPPER : U_LOWER;
    if (cp == 0x4CF)
        return U_LOWER;
    return (cp & 1) ? U_LOWER : U_UPPER;
}

static int general_punct_class(uint32_t cp)
{
    if (cp <= 0x200B || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F)
        return U_SPACE;
    if (cp <= 0x200F || (cp >= 0x202A && cp <= 0x202E) || cp >= 0x2060)
        return U_MARK;
    if (cp <= 0x2011)
        return U_HYPHEN;
    if (cp == 0x2019)
        return U_APOS;
    return U_PUNCT;
}

/* The class of a non-ASCII code point. Letters are recognised by script
 * block; case is exact for Latin-1, Latin Extended-A and Additional, Greek
 * and Cyrillic, approximate elsewhere. */
static int uclass(uint32_t cp)
{
    if (cp < 0x100)
        return latin1_class(cp);
    if (cp < 0x180)
        return exta_class(cp);
    if (cp < 0x250)
        return extb_class(cp);
    if (cp < 0x2B0)
        return U_LOWER;
    if (cp < 0x300) {
        if (cp == 0x2BC)
            return U_APOS;
        if (cp <= 0x2C1 || (cp >= 0x2C6 && cp <= 0x2D1) || (cp >= 0x2E0 && cp <= 0x2E4) ||
            cp == 0x2EC || cp == 0x2EE)
            return U_LETTER;
        return U_SYMBOL;
    }
    if (cp < 0x370)
        return U_MARK;
    if (cp < 0x400)
        return greek_class(cp);
    if (cp < 0x530)
        return cyrillic_class(cp);
    if (cp < 0x590) {
        if (cp >= 0x531 && cp <= 0x556)
            return U_UPPER;
        if (cp >= 0x560 && cp <= 0x588)
            return U_LOWER;
        return cp == 0x559 ? U_LETTER : U_PUNCT;
    }
    if (cp < 0x600) {
        if ((cp >= 0x591 && cp <= 0x5BD) || cp == 0x5BF || cp == 0x5C1 || cp == 0x5C2 ||
            cp == 0x5C4 || cp == 0x5C5 || cp == 0x5C7)
            return U_MARK;
        return (cp >= 0x5D0 && cp <= 0x5F2) ? U_LETTER : U_PUNCT;
    }
    if (cp < 0x700) {
        if ((cp >= 0x610 && cp <= 0x61A) || (cp >= 0x64B && cp <= 0x65F) || cp == 0x670 ||
            (cp >= 0x6D6 && cp <= 0x6ED))
            return U_MARK;
        if (cp < 0x620 || (cp >= 0x66A && cp <= 0x66D) || cp == 0x6D4)
            return U_PUNCT;
        return U_LETTER;
    }
    if (cp < 0x1000)    /* Syriac .. Tibetan; Indic vowel signs counted as letters */
        return (cp == 0x964 || cp == 0x965 || cp == 0xE4F || cp == 0xE5A || cp == 0xE5B) ? U_PUNCT
                                                                                       : U_LETTER;
    if (cp < 0x1100) {
        if (cp >= 0x10A0 && cp <= 0x10C5)
            return U_UPPER;
        return (cp >= 0x104A && cp <= 0x104F) ? U_PUNCT : U_LETTER;
    }
    if (cp == 0x1680)
        return U_SPACE;
    if (cp < 0x1AB0)
        return (cp >= 0x1360 && cp <= 0x1368) ? U_PUNCT : U_LETTER;
    if (cp < 0x1B00)
        return U_MARK;
    if (cp < 0x1DC0)
        return U_LETTER;
    if (cp < 0x1E00)
        return U_MARK;
    if (cp < 0x1F00) {   /* Latin Extended Additional (Welsh ẁ ẃ ẅ ỳ, Vietnamese) */
        if (cp >= 0x1E96 && cp <= 0x1E9F)
            return cp == 0x1E9E ? U_UPPER : U_LOWER;
        return (cp & 1) ? U_LOWER : U_UPPER;
    }
    if (cp < 0x2000) {   /* Greek Extended */
        if (cp < 0x1F70 || (cp >= 0x1F80 && cp < 0x1FB0))
            return (cp & 8) ? U_UPPER : U_LOWER;
        if (cp < 0x1F80)
            return U_LOWER;
        unsigned low = cp & 0xF;
        return low >= 0xD ? U_SYMBOL : low >= 8 ? U_UPPER : U_LOWER;
    }
    if (cp < 0x2070)
        return general_punct_class(cp);
    if (cp < 0x20A0)
        return (cp == 0x2071 || cp == 0x207F || (cp >= 0x2090 && cp <= 0x209C)) ? U_LOWER : U_SYMBOL;
    if (cp < 0x20D0)
        return U_SYMBOL;   /* currency signs */
    if (cp < 0x2100)
        return U_MARK;
    if (cp < 0x2C00)
        return U_SYMBOL;   /* letterlike, arrows, maths, boxes, dingbats, emoji */
    if (cp < 0x2E00) {
        if (cp >= 0x2DE0)
            return U_MARK;
        return (cp >= 0x2CE5 && cp <= 0x2CEA) || (cp >= 0x2CF9 && cp <= 0x2CFF) ? U_PUNCT : U_LETTER;
    }
    if (cp < 0x2E80)
        return U_PUNCT;
    if (cp < 0x3000)
        return U_SYMBOL;
    if (cp == 0x3000)
        return U_SPACE;
    if (cp < 0x3040) {
        if ((cp >= 0x3005 && cp <= 0x3007) || (cp >= 0x3021 && cp <= 0x3029) ||
            (cp >= 0x3031 && cp <= 0x3035) || cp == 0x303B || cp == 0x303C)
            return U_LETTER;
        return (cp >= 0x302A && cp <= 0x302F) ? U_MARK : U_PUNCT;
    }
    if (cp < 0xA000) {
        if (cp == 0x3099 || cp == 0x309A)
            return U_MARK;
        if (cp == 0x30FB)
            return U_PUNCT;
        return (cp >= 0x3200 && cp < 0x3400) || (cp >= 0x4DC0 && cp < 0x4E00) ? U_SYMBOL : U_LETTER;
    }
    if (cp < 0xD800)
        return (cp >= 0xA700 && cp <= 0xA721) ? U_SYMBOL : U_LETTER;
    if (cp < 0xF900)
        return U_SYMBOL;   /* private use */
    if (cp < 0xFE00) {
        if (cp == 0xFB1E)
            return U_MARK;
        if (cp == 0xFD3E || cp == 0xFD3F)
            return U_PUNCT;
        return cp <= 0xFB06 && cp >= 0xFB00 ? U_LOWER : U_LETTER;
    }
    if (cp < 0xFE10 || (cp >= 0xFE20 && cp < 0xFE30))
        return U_MARK;
    if (cp < 0xFE70)
        return U_PUNCT;
    if (cp < 0xFEFF)
        return U_LETTER;
    if (cp == 0xFEFF)
        return U_SPACE;
    if (cp < 0xFF00)
        return U_SYMBOL;
    if (cp < 0xFFF0) {
        if (cp >= 0xFF21 && cp <= 0xFF3A)
            return U_UPPER;
        if (cp >= 0xFF41 && cp <= 0xFF5A)
            return U_LOWER;
        if (cp >= 0xFF66 && cp <= 0xFFDC)
            return U_LETTER;
        return cp <= 0xFF65 ? U_PUNCT : U_SYMBOL;
    }
    if (cp < 0x10000)
        return U_SYMBOL;
    if (cp < 0x1D000)
        return U_LETTER;   /* historic scripts */
    if (cp < 0x1D400)
        return U_SYMBOL;
    if (cp < 0x1F000)
        return U_LETTER;   /* mathematical alphanumerics, later scripts */
    if (cp >= 0x1F3FB && cp <= 0x1F3FF)
        return U_MARK;     /* skin-tone modifiers */
    if (cp < 0x20000)
        return U_SYMBOL;   /* emoji and pictographs */
    if (cp < 0x40000)
        return U_LETTER;   /* CJK extensions */
    if (cp >= 0xE0000 && cp < 0xE1000)
        return U_MARK;     /* tags, variation selectors supplement */
    return U_SYMBOL;
}

/* Class and length of the code point at p[i] (i < end); a byte that does not
 * start a well-formed sequence is a symbol of length 1. */
static inline int class_at(const unsigned char *p, size_t i, size_t end, size_t *len, uint32_t *cpo)
{
    unsigned char c = p[i];
    if (c < 0x80) {
        *len = 1;
        *cpo = c;
        return ascii_class[c];
    }
    size_t n = utf8_decode(p + i, end - i, cpo);
    if (!n) {
        *len = 1;
        *cpo = 0xFFFD;
        return U_SYMBOL;
    }
    *len = n;
    return uclass(*cpo);
}

static inline int is_letter_class(int k)
{
    return k == U_UPPER || k == U_LOWER || k == U_LETTER;
}

static inline int is_ascii_alpha(unsigned char c)
{
    return (unsigned char)((c | 0x20) - 'a') < 26;
}

static inline int is_ascii_digit(unsigned char c)
{
    return (unsigned char)(c - '0') < 10;
}

static inline int is_ascii_alnum(unsigned char c)
{
    return is_ascii_alpha(c) || is_ascii_digit(c);
}

static inline unsigned char ascii_lower(unsigned char c)
{
    return (unsigned char)(c - 'A') < 26 ? (unsigned char)(c + 32) : c;
}

/* ---------------------------------------------------------------------
 * Tokens
 * ------------------------------------------------------------------- */

typedef struct {
    const unsigned char *p;   /* the plain text */
    size_t start, end;        /* the block */
    seg_scratch *s;
    size_t nourl_until;       /* token starts before this were found not URL-like */
    int squote_open;          /* a single opening quote is waiting for its close */
} lexer;

static inline void push_tok(seg_scratch *s, size_t off, size_t len, int kind, int flags)
{
    if (s->ntoks == s->toks_cap)
        GROW(s->toks, s->toks_cap, s->ntoks + 1);
    token *t = &s->toks[s->ntoks++];
    t->off = off;
    t->len = (uint32_t)len;
    t->kind = (uint8_t)kind;
    t->flags = (uint8_t)flags;
    t->hash = 0;
}

/* Note the token just pushed as one that may end a sentence (see
 * split_sentences). */
static void push_term(seg_scratch *s)
{
    if (s->nterms == s->terms_cap)
        GROW(s->terms, s->terms_cap, s->nterms + 1);
    s->terms[s->nterms++] = s->ntoks - 1;
}

/* Set t's hash and TF_ASCII from its bytes in text (the invariant in
 * segment.h); the one definition behind push_word and token_set_hash. */
static inline __attribute__((always_inline)) void set_word_hash(const unsigned char *text, token *t)
{
    uint64_t any;
    t->hash = sk_word_hash(text + t->off, t->len, 1, &any);
    t->flags = (uint8_t)((t->flags & ~TF_ASCII) | (any & BYTES8(0x80) ? 0 : TF_ASCII));
}

/* Push a word or number token (len >= 1) with its hash and TF_ASCII (the
 * invariant in segment.h); a word ending in '.' may end a sentence. Forced
 * inline: GCC otherwise calls it from lex_word, which costs more than the
 * hash. */
static inline __attribute__((always_inline)) void push_word(lexer *lx, size_t off, size_t len, int kind,
                                                            int flags)
{
    push_tok(lx->s, off, len, kind, flags);
    set_word_hash(lx->p, &lx->s->toks[lx->s->ntoks - 1]);
    if (kind == TOK_WORD && lx->p[off + len - 1] == '.')
        push_term(lx->s);
}

/* Push the URL-like word [i, e): one out-of-line copy of push_word for the
 * three rare places that find one. */
static void push_url(lexer *lx, size_t i, size_t e)
{
    push_word(lx, i, e - i, TOK_WORD, TF_URLISH);
}

/* Bytes that may continue a URL, e-mail address or path run. */
static inline int is_run_byte(unsigned char c)
{
    if (is_ascii_alnum(c))
        return 1;
    switch (c) {
    case '.': case '_': case '%': case '+': case '-': case '/': case '\\': case '~':
    case ':': case '@': case '?': case '=': case '&': case '#':
        return 1;
    default:
        return 0;
    }
}

static inline int is_local_byte(unsigned char c)
{
    return is_ascii_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

static int has_prefix_ci(const unsigned char *s, size_t n, const char *pre)
{
    size_t i = 0;
    for (; pre[i]; i++)
        if (i >= n || ascii_lower(s[i]) != (unsigned char)pre[i])
            return 0;
    return 1;
}

/* End of a URL starting at i: up to whitespace, a quote or angle bracket,
 * then without trailing sentence punctuation or an unbalanced bracket. */
static size_t url_end(const lexer *lx, size_t i)
{
    const unsigned char *p = lx->p;
    size_t j = i, end = lx->end;
    long paren = 0, square = 0;   /* opened minus closed */
    while (j < end) {
        unsigned char c = p[j];
        if (c < 0x80) {
            if (c <= ' ' || c == '"' || c == '<' || c == '>' || c == 0x7F)
                break;
            paren += (c == '(') - (c == ')');
            square += (c == '[') - (c == ']');
            j++;
            continue;
        }
        size_t n;
        uint32_t cp;
        int k = class_at(p, j, end, &n, &cp);
        if (k == U_SPACE || (k == U_PUNCT && cp != 0x2026) || k == U_APOS)
            break;
        j += n;
    }
    while (j > i) {
        unsigned char c = p[j - 1];
        if (c == ')' && paren < 0)
            paren++;
        else if (c == ']' && square < 0)
            square++;
        else if (!(c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '\''))
            break;
        j--;
    }
    return j;
}

static int is_tld(const unsigned char *s, size_t n)
{
    static const char *const tlds[] = {
        "com", "org", "net", "uk", "gov", "edu", "io", "info", "biz", "eu", "ie",
        "au", "nz", "ca", "de", "fr", "nl", "scot", "wales", "cymru",
    };
    for (size_t k = 0; k < ARRAY_LEN(tlds); k++) {
        size_t m = strlen(tlds[k]);
        if (m == n && has_prefix_ci(s, n, tlds[k]))
            return 1;
    }
    return 0;
}

/* Host [i, h): two or more dot-separated labels of [A-Za-z0-9-], the last
 * a known top-level domain. */
static int is_domain(const unsigned char *p, size_t i, size_t h)
{
    size_t labels = 0, lab = i;
    for (size_t j = i; j <= h; j++) {
        if (j == h || p[j] == '.') {
            if (j == lab)
                return 0;
            labels++;
            if (j == h)
                return labels >= 2 && is_tld(p + lab, j - lab);
            lab = j + 1;
        } else if (!is_ascii_alnum(p[j]) && p[j] != '-') {
            return 0;
        }
    }
    return 0;
}

/* If a URL, e-mail address, handle or path starts at i, return its end;
 * otherwise 0. Linear overall: a run found not URL-like is not examined
 * again from a later start inside it. */
static size_t urlish_at(lexer *lx, size_t i)
{
    const unsigned char *p = lx->p;
    size_t end = lx->end;
    if (i < lx->nourl_until)
        return 0;
    size_t r = i;
    while (r < end && is_run_byte(p[r]))
        r++;
    size_t n = r - i;
    const unsigned char *s = p + i;
    size_t e;

    if (has_prefix_ci(s, n, "http://") || has_prefix_ci(s, n, "https://") ||
        has_prefix_ci(s, n, "ftp://") || has_prefix_ci(s, n, "file://") ||
        (has_prefix_ci(s, n, "mailto:") && n > 7) ||
        (has_prefix_ci(s, n, "www.") && n > 4 && is_ascii_alnum(s[4]))) {
        e = url_end(lx, i);
        if (e > i)
            return e;
    }
    if (s[0] == '@') {   /* @handle */
        size_t j = i + 1;
        while (j < r && (is_ascii_alnum(p[j]) || p[j] == '_'))
            j++;
        if (j > i + 1 && (j == r || p[j] == '.' || p[j] == ':' || p[j] == '?'))
            return j;
    }
    /* e-mail: local@domain */
    size_t at = i;
    while (at < r && is_local_byte(p[at]))
        at++;
    if (at > i && at < r && p[at] == '@') {
        size_t h = at + 1;
        while (h < r && (is_ascii_alnum(p[h]) || p[h] == '.' || p[h] == '-'))
            h++;
        while (h > at + 1 && (p[h - 1] == '.' || p[h - 1] == '-'))
            h--;
        size_t lastdot = 0;
        for (size_t j = at + 1; j < h; j++)
            if (p[j] == '.')
                lastdot = j;
        if (lastdot > at + 1 && h - lastdot > 2 && is_ascii_alpha(p[lastdot + 1]))
            return h;
    }
    /* absolute and home-relative paths, Windows drives and shares */
    if ((s[0] == '/' && n > 1 && is_ascii_alnum(s[1]) && memchr(s + 1, '/', n - 1)) ||
        (n > 2 && s[0] == '~' && s[1] == '/') ||
        (n > 2 && s[0] == '.' && s[1] == '/') ||
        (n > 3 && s[0] == '.' && s[1] == '.' && s[2] == '/') ||
        (n > 3 && is_ascii_alpha(s[0]) && s[1] == ':' && s[2] == '\\' && is_ascii_alnum(s[3])) ||
        (n > 2 && s[0] == '\\' && s[1] == '\\' && is_ascii_alnum(s[2]))) {
        e = url_end(lx, i);
        if (e > i + 1)
            return e;
    }
    if (is_ascii_alnum(s[0])) {
        /* relative path with a file extension: "docs/notes.md" (only within
         * the run: scanning further from every start would be quadratic) */
        e = r;
        while (e > i && (p[e - 1] == '.' || p[e - 1] == ',' || p[e - 1] == ';' || p[e - 1] == ':' ||
                         p[e - 1] == '!' || p[e - 1] == '?'))
            e--;
        size_t slash = 0, dot = 0;
        for (size_t j = i; j < e; j++) {
            if (p[j] == '/' || p[j] == '\\')
                slash = j;
            else if (p[j] == '.')
                dot = j;
        }
        if (slash && dot > slash + 1 && e - dot >= 2 && e - dot <= 5 && is_ascii_alnum(p[dot - 1])) {
            int letter = 0, ok = 1;
            for (size_t j = dot + 1; j < e; j++) {
                ok &= is_ascii_alnum(p[j]);
                letter |= is_ascii_alpha(p[j]);
            }
            if (ok && letter)
                return e;
        }
        /* bare domain: "example.org.uk", "gov.uk/guidance" */
        size_t h = i;
        while (h < r && (is_ascii_alnum(p[h]) || p[h] == '.' || p[h] == '-'))
            h++;
        size_t host_end = h;
        while (host_end > i && p[host_end - 1] == '.')
            host_end--;
        if (is_domain(p, i, host_end)) {
            if (h < r && p[h] == '/' && host_end == h)
                return url_end(lx, i);
            return host_end;
        }
    }
    lx->nourl_until = r;
    return 0;
}

/* Does a URL-like check make sense where a word scan stopped at j? */
static inline int url_trigger(const unsigned char *p, size_t j, size_t end)
{
    if (j + 1 >= end)
        return 0;
    unsigned char c = p[j], d = p[j + 1];
    switch (c) {
    case '.': case '@': case '_': case '+': case '%':
        return is_ascii_alnum(d);
    case '/': case '\\': case ':':
        return is_ascii_alnum(d) || d == '/' || d == '\\';
    default:
        return 0;
    }
}

static inline int is_wordchar_class(int k)
{
    return is_letter_class(k) || k == U_DIGIT;
}

/* The end of the run of ASCII letters and digits at p[j..end); adds the
 * run's letters to *nlet and makes *lower non-zero when one is lower case.
 * Eight bytes at a time, so that the end of a short word costs no
 * unpredictable branch. */
static inline size_t ascii_alnum_run(const unsigned char *p, size_t j, size_t end, unsigned *nlet,
                                     uint64_t *lower)
{
    while (end - j >= 8) {
        uint64_t x = load8(p + j);
        uint64_t y = x & BYTES8(0x7F), ascii = ~x & BYTES8(0x80);
        uint64_t alpha = in_range8(y | BYTES8(0x20), 'a', 'z') & ascii;
        uint64_t lo = alpha & y << 2;   /* a letter's bit 5 (lower case) moved to bit 7 */
        uint64_t stop = ~(alpha | (in_range8(y, '0', '9') & ascii)) & BYTES8(0x80);
        if (stop) {
            uint64_t before = (stop & -stop) - 1;   /* the bytes before the first stop */
            *nlet += count8(alpha & before);
            *lower |= lo & before;
            return j + count8(before & BYTES8(0x80));
        }
        *nlet += count8(alpha);
        *lower |= lo;
        j += 8;
    }
    while (j < end) {
        unsigned wb = word_bits[p[j]];
        if (!wb)
            break;
        *nlet += (wb & (WB_UPPER | WB_LOWER)) != 0;
        *lower |= wb & WB_LOWER;
        j++;
    }
    return j;
}

/* Scan a word or number starting at i (a letter or digit); push it and
 * return its end. */
static size_t lex_word(lexer *lx, size_t i, int first)
{
    const unsigned char *p = lx->p;
    size_t end = lx->end;
    size_t j = i, seg = i;
    unsigned nlet = 0, ncaseless = 0;   /* letters, and those without case */
    uint64_t lower = 0;                  /* non-zero once a lower-case letter is seen */
    int flags = 0, dotted = 0;
    size_t alnum = 0;                    /* bytes taken by ascii_alnum_run */
    int kind = first == U_DIGIT ? TOK_NUMBER : TOK_WORD;
    size_t n;
    uint32_t cp;

    for (;;) {
        size_t from = j;
        j = ascii_alnum_run(p, j, end, &nlet, &lower);
        alnum += j - from;
        if (j >= end || p[j] == ' ' || p[j] == '\n')
            break;
        int k = class_at(p, j, end, &n, &cp);
        if (is_letter_class(k)) {
            nlet++;
            ncaseless += k == U_LETTER;
            lower |= k == U_LOWER;
            j += n;
            continue;
        }
        if (k == U_MARK) {
            j += n;
            continue;
        }
        size_t nx = j + n;
        if (k == U_APOS) {
            size_t n2;
            uint32_t cp2;
            if (nx < end && is_letter_class(class_at(p, nx, end, &n2, &cp2))) {
                flags |= TF_APOS;
                j = seg = nx;
                continue;
            }
            if (!lx->squote_open && (p[j - 1] == 's' || p[j - 1] == 'S') && nlet >= 2 &&
                !(nx < end && is_wordchar_class(class_at(p, nx, end, &n2, &cp2)))) {
                flags |= TF_APOS;
                j = nx;
            }
            break;
        }
        if (k == U_HYPHEN) {
            size_t n2;
            uint32_t cp2;
            int k2 = nx < end ? class_at(p, nx, end, &n2, &cp2) : U_SPACE;
            if (!is_wordchar_class(k2))
                break;
            if (kind == TOK_NUMBER && k2 != U_DIGIT)
                kind = TOK_WORD;
            flags |= TF_HYPHEN;
            j = seg = nx;
            continue;
        }
        unsigned char c = p[j];
        if (c == '.' || c == ',' || c == ':' || c == '/') {
            /* inside a number: "3.30", "1,200", "10:30", "10/03/2024" */
            if (kind == TOK_NUMBER && nlet == 0 && is_ascii_digit(p[j - 1]) && nx < end &&
                is_ascii_digit(p[nx])) {
                j = nx;
                continue;
            }
            /* single letters joined by dots: "e.g.", "U.K." */
            if (c == '.' && kind == TOK_WORD && j - seg == 1 && is_ascii_alpha(p[seg])) {
                int next_letter = nx < end && is_ascii_alpha(p[nx]);
                int after_word = nx + 1 < end && (is_ascii_alnum(p[nx + 1]) || p[nx + 1] >= 0x80);
                if (next_letter && !after_word) {
                    dotted = 1;
                    j = seg = nx;
                    continue;
                }
                if (dotted)
                    j = nx;   /* the final dot belongs to it */
            }
        }
        break;
    }

    if (!dotted && url_trigger(p, j, end)) {
        size_t e = urlish_at(lx, i);
        if (e > i) {
            push_url(lx, i, e);
            return e;
        }
    }
    if (kind == TOK_WORD) {
        if (first == U_UPPER)
            flags |= TF_CAP;
        if (!lower && nlet - ncaseless >= 2)   /* all cased letters upper case */
            flags |= TF_ALLCAPS;
    }
    if (alnum == j - i)     /* nothing but ASCII letters and digits */
        flags |= TF_ALNUM;
    push_word(lx, i, j - i, kind, flags);
    return j;
}

static int is_opening_punct(uint32_t cp)
{
    return cp == '(' || cp == '[' || cp == '{' || cp == '"' || cp == '\'' || cp == 0x2018 ||
           cp == 0x201C || cp == 0xAB || cp == 0xA1 || cp == 0xBF;
}

/* The first code point of t, and whether it is all of t. */
static uint32_t tok_cp(const char *text, const token *t, int *whole)
{
    uint32_t cp = 0xFFFD;
    size_t n = utf8_decode((const unsigned char *)text + t->off, t->len, &cp);
    if (!n)
        n = 1;
    *whole = n == t->len;
    return cp;
}

static int is_opener(const char *text, const token *t)
{
    int whole;
    if (t->kind != TOK_PUNCT)
        return 0;
    uint32_t cp = tok_cp(text, t, &whole);
    return whole && is_opening_punct(cp);
}

/* Tokenize [lx->start, lx->end) into lx->s->toks. */
static void lex_block(lexer *lx)
{
    const unsigned char *p = lx->p;
    size_t end = lx->end, i = lx->start, n;
    uint32_t cp;
    while (i < end) {
        unsigned char c = p[i];
        if (c == ' ' || c == '\n') {   /* the common case first */
            i++;
            continue;
        }
        int k = class_at(p, i, end, &n, &cp);
        switch (k) {
        case U_SPACE:
            i += n;
            break;
        case U_UPPER:
        case U_LOWER:
        case U_LETTER:
        case U_DIGIT:
            i = lex_word(lx, i, k);
            break;
        case U_OPAQUE:
            push_tok(lx->s, i, 1, TOK_OPAQUE, 0);
            i++;
            break;
        case U_APOS:
        case U_PUNCT:
        case U_HYPHEN: {
            size_t j = i + n;
            if ((c == '/' || c == '.' || c == '\\') && url_trigger(p, i, end)) {
                size_t e = urlish_at(lx, i);
                if (e > i) {
                    push_url(lx, i, e);
                    i = e;
                    break;
                }
            }
            if (c == '.' || c == '-')
                while (j < end && p[j] == c)
                    j++;
            if (k == U_APOS || cp == 0x2018) {
                /* a single quote: opening when it follows space or an
                 * opening bracket and text follows it */
                const token *last = lx->s->ntoks ? &lx->s->toks[lx->s->ntoks - 1] : NULL;
                int after_space = !last || last->off + last->len < i || is_opener((const char *)p, last);
                size_t n2;
                uint32_t cp2;
                int before_text = j < end && class_at(p, j, end, &n2, &cp2) != U_SPACE;
                lx->squote_open = after_space && before_text;
            }
            push_tok(lx->s, i, j - i, TOK_PUNCT, 0);
            if (c == '.' || c == '!' || c == '?' || c == 0xE2)
                push_term(lx->s);
            i = j;
            break;
        }
        case U_MARK:
        case U_SYMBOL:
        default: {
            if ((c == '@' && url_trigger(p, i, end)) || (c == '~' && i + 1 < end && p[i + 1] == '/')) {
                size_t e = urlish_at(lx, i);
                if (e > i) {
                    push_url(lx, i, e);
                    i = e;
                    break;
                }
            }
            /* a symbol with its modifiers: skin tones, variation selectors,
             * zero-width-joined sequences, regional-indicator pairs */
            int flag = cp >= 0x1F1E6 && cp <= 0x1F1FF;
            size_t j = i + n;
            while (j < end && p[j] >= 0x80) {
                size_t n2;
                uint32_t cp2;
                int k2 = class_at(p, j, end, &n2, &cp2);
                if (flag && cp2 >= 0x1F1E6 && cp2 <= 0x1F1FF) {
                    flag = 0;
                    j += n2;
                    continue;
                }
                if (k2 != U_MARK)
                    break;
                j += n2;
                if (cp2 == 0x200D && j < end && p[j] >= 0x80) {
                    size_t n3;
                    uint32_t cp3;
                    if (class_at(p, j, end, &n3, &cp3) == U_SYMBOL)
                        j += n3;
                }
            }
            push_tok(lx->s, i, j - i, TOK_SYMBOL, 0);
            i = j;
            break;
        }
        }
    }
}

/* ---------------------------------------------------------------------
 * Sentences
 * ------------------------------------------------------------------- */

enum { AB_NONE, AB_NEVER, AB_NUM, AB_ORD };

/* Abbreviations that may precede a full stop, lower case, without the final
 * dot, in strcmp order (abbrev_class searches them by halves). AB_NEVER: titles and the like, never the end of a sentence ("Dr.
 * Smith", "e.g. Mum"). AB_NUM: not an end before a number ("No. 5", "p. 12",
 * "Jan. 2024"), otherwise an ordinary word. AB_ORD: an ordinary end before a
 * capital ("etc. The" is two sentences), never before lower case. */
static const struct {
    char w[8];
    unsigned char cls;
} abbrevs[] = {
    {"a.m", AB_ORD}, {"al", AB_ORD}, {"approx", AB_NEVER}, {"apr", AB_NUM}, {"art", AB_NUM},
    {"assoc", AB_NEVER}, {"aug", AB_NUM}, {"bros", AB_ORD}, {"c", AB_NUM}, {"ca", AB_NUM},
    {"capt", AB_NEVER}, {"cf", AB_NEVER}, {"ch", AB_NUM}, {"chap", AB_NUM}, {"cllr", AB_NEVER},
    {"co", AB_ORD}, {"col", AB_NEVER}, {"corp", AB_ORD}, {"cpl", AB_NEVER}, {"dec", AB_NUM},
    {"dept", AB_NEVER}, {"det", AB_NEVER}, {"dr", AB_NEVER}, {"e.g", AB_NEVER}, {"ed", AB_NUM},
    {"eds", AB_NUM}, {"eg", AB_NEVER}, {"esp", AB_NEVER}, {"est", AB_NUM}, {"etc", AB_ORD},
    {"excl", AB_NEVER}, {"ext", AB_NUM}, {"feb", AB_NUM}, {"fig", AB_NUM}, {"figs", AB_NUM},
    {"fr", AB_NEVER}, {"fri", AB_NUM}, {"ft", AB_ORD}, {"gen", AB_NEVER}, {"govt", AB_NEVER},
    {"hon", AB_NEVER}, {"hr", AB_NUM}, {"hrs", AB_NUM}, {"i.e", AB_NEVER}, {"ie", AB_NEVER},
    {"inc", AB_ORD}, {"incl", AB_NEVER}, {"insp", AB_NEVER}, {"jan", AB_NUM}, {"jnr", AB_ORD},
    {"jr", AB_ORD}, {"jul", AB_NUM}, {"jun", AB_NUM}, {"lt", AB_NEVER}, {"ltd", AB_ORD},
    {"maj", AB_NEVER}, {"mar", AB_NUM}, {"max", AB_NUM}, {"messrs", AB_NEVER}, {"min", AB_NUM},
    {"mins", AB_NUM}, {"mon", AB_NUM}, {"mr", AB_NEVER}, {"mrs", AB_NEVER}, {"ms", AB_NEVER},
    {"mt", AB_NEVER}, {"mth", AB_NUM}, {"mths", AB_NUM}, {"mx", AB_NEVER}, {"nb", AB_NEVER},
    {"no", AB_NUM}, {"nos", AB_NUM}, {"nov", AB_NUM}, {"nr", AB_NUM}, {"oct", AB_NUM},
    {"p", AB_NUM}, {"p.m", AB_ORD}, {"para", AB_NUM}, {"paras", AB_NUM}, {"plc", AB_ORD},
    {"pp", AB_NUM}, {"prof", AB_NEVER}, {"pt", AB_NUM}, {"ref", AB_NUM}, {"rev", AB_NEVER},
    {"revd", AB_NEVER}, {"rt", AB_NEVER}, {"sat", AB_NUM}, {"sec", AB_NUM}, {"sect", AB_NUM},
    {"sep", AB_NUM}, {"sept", AB_NUM}, {"sgt", AB_NEVER}, {"snr", AB_ORD}, {"sr", AB_ORD},
    {"st", AB_NEVER}, {"sun", AB_NUM}, {"supt", AB_NEVER}, {"tel", AB_NUM}, {"thu", AB_NUM},
    {"thur", AB_NUM}, {"thurs", AB_NUM}, {"tue", AB_NUM}, {"tues", AB_NUM}, {"univ", AB_NEVER},
    {"v", AB_NEVER}, {"viz", AB_NEVER}, {"vol", AB_NUM}, {"vols", AB_NUM}, {"vs", AB_NEVER},
    {"wed", AB_NUM}, {"wk", AB_NUM}, {"wks", AB_NUM}, {"yr", AB_NUM}, {"yrs", AB_NUM},
};

static int abbrev_class(const char *text, const token *t, size_t len)
{
    char key[8] = {0};
    if (len == 0 || len >= sizeof key)
        return AB_NONE;
    for (size_t i = 0; i < len; i++)
        key[i] = (char)ascii_lower((unsigned char)text[t->off + i]);
    size_t lo = 0, hi = ARRAY_LEN(abbrevs);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = memcmp(abbrevs[mid].w, key, sizeof key);
        if (cmp == 0)
            return abbrevs[mid].cls;
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return AB_NONE;
}

/* Verbs of speech: '"Stop!" Mary shouted.' is one sentence. */
static int is_speech_verb(const char *text, const token *t)
{
    static const char *const verbs[] = {
        "said", "says", "asked", "asks", "shouted", "shouts", "replied", "replies", "told",
        "tells", "added", "adds", "explained", "explains", "cried", "screamed", "yelled",
        "whispered", "answered", "stated", "exclaimed", "insisted", "continued", "commented",
    };
    if (t->kind != TOK_WORD || t->len > 10)
        return 0;
    char w[11];
    for (size_t i = 0; i < t->len; i++)
        w[i] = (char)ascii_lower((unsigned char)text[t->off + i]);
    w[t->len] = 0;
    for (size_t k = 0; k < ARRAY_LEN(verbs); k++)
        if (strcmp(w, verbs[k]) == 0)
            return 1;
    return 0;
}


static int is_closer(const char *text, const token *t)
{
    int whole;
    if (t->kind != TOK_PUNCT)
        return 0;
    uint32_t cp = tok_cp(text, t, &whole);
    return whole && (cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == '}' ||
                     cp == 0x2019 || cp == 0x201D || cp == 0xBB);
}

static int is_quote_cp(uint32_t cp)
{
    return cp == '"' || cp == '\'' || cp == 0x2019 || cp == 0x201D || cp == 0xBB;
}

enum { T_NONE, T_DOT, T_DOTTED, T_ELLIPSIS, T_STRONG };

static int term_kind(const char *text, const token *t)
{
    unsigned char c = (unsigned char)text[t->off];
    if (t->kind == TOK_PUNCT) {
        if (c == '.')
            return t->len == 1 ? T_DOT : T_ELLIPSIS;
        if (c == '!' || c == '?')
            return T_STRONG;
        if (c == 0xE2 && t->len == 3 && (unsigned char)text[t->off + 1] == 0x80 &&
            (unsigned char)text[t->off + 2] == 0xA6)
            return T_ELLIPSIS;
        return T_NONE;
    }
    if (t->kind == TOK_WORD && t->len >= 3 && text[t->off + t->len - 1] == '.' && !(t->flags & TF_URLISH))
        return T_DOTTED;
    return T_NONE;
}

static inline int adjacent(const token *a, const token *b)
{
    return a->off + a->len == b->off;
}

/* Is token a the first on its line in the block? */
static int line_start(const char *text, const token *toks, size_t a)
{
    if (a == 0)
        return 1;
    for (size_t j = toks[a - 1].off + toks[a - 1].len; j < toks[a].off; j++)
        if (text[j] == '\n' || text[j] == '\r')
            return 1;
    return 0;
}

/* A list marker word: one letter or a small roman numeral. */
static int list_marker_word(const char *text, const token *t)
{
    static const char *const romans[] = {"ii", "iii", "iv", "vi", "vii", "viii", "ix", "xi", "xii"};
    if (t->len == 1)
        return is_ascii_alpha((unsigned char)text[t->off]);
    if (t->len > 4)
        return 0;
    char w[5];
    for (size_t i = 0; i < t->len; i++)
        w[i] = (char)ascii_lower((unsigned char)text[t->off + i]);
    w[t->len] = 0;
    for (size_t k = 0; k < ARRAY_LEN(romans); k++)
        if (strcmp(w, romans[k]) == 0)
            return 1;
    return 0;
}

/* A real word can end a sentence before a lower-case word: three or more
 * code points, a vowel (or a non-ASCII letter), not in capitals, not a roman
 * numeral. */
static int real_word(const char *text, const token *t)
{
    if (t->kind != TOK_WORD || (t->flags & (TF_ALLCAPS | TF_URLISH)) || utf8_count(text + t->off, t->len) < 3 ||
        list_marker_word(text, t))
        return 0;
    for (size_t i = 0; i < t->len; i++) {
        unsigned char c = (unsigned char)text[t->off + i];
        if (c >= 0x80 || strchr("aeiouyAEIOUY", c))
            return c != 0;
    }
    return 0;
}

/* One to three digits. */
static int footnote_number(const char *text, const token *t)
{
    if (t->kind != TOK_NUMBER || t->len > 3)
        return 0;
    for (size_t i = 0; i < t->len; i++)
        if (!is_ascii_digit((unsigned char)text[t->off + i]))
            return 0;
    return 1;
}

enum { ST_OTHER, ST_CAP, ST_NUM, ST_LOWER };

static int starter(const char *text, const token *t)
{
    if (t->kind == TOK_OPAQUE)
        return ST_CAP;
    if (t->kind == TOK_NUMBER)
        return ST_NUM;
    if (t->kind != TOK_WORD)
        return ST_OTHER;
    if (t->flags & TF_URLISH)
        return ST_LOWER;
    size_t n;
    uint32_t cp;
    int k = class_at((const unsigned char *)text, t->off, t->off + t->len, &n, &cp);
    if (k == U_DIGIT)
        return ST_NUM;
    return k == U_LOWER ? ST_LOWER : ST_CAP;
}

/* Does the sentence end after tokens [k, c]? k starts the terminator group
 * (kind tk, strong when it holds ! or ?, ell when it is an ellipsis or more
 * than one stop), c is its last closing quote or bracket, and whitespace
 * follows c. */
static int ends_sentence(const char *text, const token *toks, size_t ntoks, size_t k, size_t c,
                         int tk, int strong, int ell, int quoted)
{
    size_t w = c + 1;
    while (w < ntoks && is_opener(text, &toks[w]))
        w++;
    if (w >= ntoks)
        return 0;
    int st = starter(text, &toks[w]);
    if (st == ST_OTHER)
        return 0;
    /* '"Stop!" Mary shouted.' */
    if (quoted && st == ST_CAP && w + 1 < ntoks && toks[w].kind == TOK_WORD &&
        is_speech_verb(text, &toks[w + 1]))
        return 0;
    if (strong)
        return st == ST_CAP || st == ST_NUM;
    if (ell)
        return st == ST_CAP;

    /* a single full stop: look at the word it ends */
    const token *ab = NULL;
    size_t abi = 0, ablen = 0;
    if (tk == T_DOTTED) {
        abi = k;
        ab = &toks[k];
        ablen = ab->len - 1;
    } else if (k > 0 && adjacent(&toks[k - 1], &toks[k])) {
        abi = k - 1;
        ab = &toks[k - 1];
        ablen = ab->len;
    }
    if (ab && ab->kind == TOK_WORD && !(ab->flags & TF_URLISH)) {
        int cls = abbrev_class(text, ab, ablen);
        if (cls == AB_NEVER)
            return 0;
        /* initials: "J. K. Rowling", "Mary J. Smith", "J.K." and "U.K." */
        if ((ab->flags & TF_CAP) && (utf8_count(text + ab->off, ablen) == 1 ||
                                     (tk == T_DOTTED && (ab->flags & TF_ALLCAPS))))
            return 0;
        /* "a. Mary said", "iv. The plan" at the start of a line */
        if (tk == T_DOT && list_marker_word(text, ab) && line_start(text, toks, abi))
            return 0;
        if (cls == AB_NUM && st == ST_NUM)
            return 0;
        if (st == ST_LOWER)
            return !quoted && tk == T_DOT && cls == AB_NONE && real_word(text, ab);
        return 1;
    }
    if (ab && ab->kind == TOK_NUMBER) {
        /* "1. Mary said", "2.3. The plan" at the start of a line */
        if (ab->len <= 7 && line_start(text, toks, abi)) {
            int digits = 1;
            for (size_t i = 0; i < ab->len; i++)
                digits &= is_ascii_digit((unsigned char)text[ab->off + i]) || text[ab->off + i] == '.';
            if (digits)
                return 0;
        }
    }
    return st != ST_LOWER;
}

static void push_sentence(seg_scratch *s, size_t first, size_t last)
{
    if (s->nsents == s->sents_cap)
        GROW(s->sents, s->sents_cap, s->nsents + 1);
    sentence *se = &s->sents[s->nsents++];
    se->tok0 = first;
    se->ntok = last - first + 1;
    se->off = s->toks[first].off;
    se->len = s->toks[last].off + s->toks[last].len - se->off;
    for (size_t i = first; i <= last; i++) {
        uint8_t k = s->toks[i].kind;
        if (k == TOK_WORD || k == TOK_NUMBER || k == TOK_OPAQUE) {
            s->toks[i].flags |= TF_SENT_START;
            break;
        }
    }
}

static void split_sentences(const char *text, seg_scratch *s)
{
    const token *toks = s->toks;
    size_t n = s->ntoks, first = 0, next = 0;
    for (size_t ti = 0; ti < s->nterms; ti++) {
        size_t k = s->terms[ti];
        if (k < next)   /* inside the group just handled */
            continue;
        int tk = term_kind(text, &toks[k]);
        if (tk == T_NONE)
            continue;
        int strong = tk == T_STRONG, ell = tk == T_ELLIPSIS, quoted = 0;
        size_t g = k;
        while (g + 1 < n && adjacent(&toks[g], &toks[g + 1])) {
            int t2 = term_kind(text, &toks[g + 1]);
            if (t2 == T_NONE || t2 == T_DOTTED)
                break;
            if (t2 == T_STRONG)
                strong = 1;
            else
                ell = 1;
            g++;
        }
        size_t c = g;
        while (c + 1 < n && adjacent(&toks[c], &toks[c + 1]) && is_closer(text, &toks[c + 1])) {
            c++;
            int whole;
            quoted |= is_quote_cp(tok_cp(text, &toks[c], &whole));
        }
        /* a footnote number stuck to the end: "at risk.28 The" */
        if (c + 1 < n && adjacent(&toks[c], &toks[c + 1]) && !ell && tk != T_DOTTED &&
            (c > g || (k > 0 && adjacent(&toks[k - 1], &toks[k]) &&
                        (real_word(text, &toks[k - 1]) || is_closer(text, &toks[k - 1])))) &&
            footnote_number(text, &toks[c + 1]) && (c + 2 >= n || !adjacent(&toks[c + 1], &toks[c + 2])))
            c++;
        next = c + 1;
        if (c + 1 >= n || adjacent(&toks[c], &toks[c + 1]))
            continue;
        if (ends_sentence(text, toks, n, k, c, tk, strong, ell, quoted)) {
            push_sentence(s, first, c);
            first = c + 1;
        }
    }
    if (first < n)
        push_sentence(s, first, n - 1);
}

/* ---------------------------------------------------------------------
 * Public interface
 * ------------------------------------------------------------------- */

void segment_block(const document *d, size_t b, seg_scratch *s)
{
    s->ntoks = 0;
    s->nsents = 0;
    s->nterms = 0;
    if (b >= d->nblocks)
        return;
    const block *blk = &d->blocks[b];
    size_t start = blk->off < d->len ? blk->off : d->len;
    size_t end = blk->len < d->len - start ? start + blk->len : d->len;
    lexer lx = {(const unsigned char *)d->text, start, end, s, 0, 0};
    lex_block(&lx);
    split_sentences(d->text, s);
}

void seg_scratch_release(seg_scratch *s)
{
    free(s->sents);
    free(s->toks);
    free(s->terms);
    memset(s, 0, sizeof *s);
}

void document_build(document *d, const markup *m)
{
    memset(d, 0, sizeof *d);
    d->text = m->plain;
    d->len = m->len;
    d->blocks = m->blocks;
    d->nblocks = m->nblocks;
    size_t nh = 0;
    for (size_t b = 0; b < m->nblocks; b++)
        nh += m->blocks[b].kind == BLK_HEADING;
    d->sections = xmalloc((nh + 1) * sizeof *d->sections);
    d->block_section = xmalloc((m->nblocks ? m->nblocks : 1) * sizeof *d->block_section);
    /* stack of open sections, levels strictly increasing from the bottom */
    size_t *open = xmalloc((nh + 1) * sizeof *open);
    size_t depth = 0, ns = 1;
    d->sections[0] = (section){NO_INDEX, 0, NO_INDEX, 0, m->nblocks};
    for (size_t b = 0; b < m->nblocks; b++) {
        if (m->blocks[b].kind == BLK_HEADING) {
            int level = m->blocks[b].level < 1 ? 1 : m->blocks[b].level;
            if (ns == 1)
                d->sections[0].nblocks = b;
            while (depth && d->sections[open[depth - 1]].level >= level) {
                section *sec = &d->sections[open[--depth]];
                sec->nblocks = b - sec->block0;
            }
            d->sections[ns] = (section){b, level, depth ? open[depth - 1] : NO_INDEX, b, 0};
            open[depth++] = ns++;
        }
        d->block_section[b] = depth ? open[depth - 1] : 0;
    }
    while (depth) {
        section *sec = &d->sections[open[--depth]];
        sec->nblocks = m->nblocks - sec->block0;
    }
    d->nsections = ns;
    free(open);
}

void document_release(document *d)
{
    free(d->sections);
    free(d->block_section);
    memset(d, 0, sizeof *d);
}

/* Lower case of cp where token_norm folds it (ASCII, Latin-1, Latin
 * Extended-A, and also the regular parts of Latin Extended-B and Additional,
 * basic Greek and Cyrillic); other code points are returned unchanged. */
static uint32_t fold_lower(uint32_t cp)
{
    if (cp < 0x80)
        return ascii_lower((unsigned char)cp);
    if (cp < 0x100)
        return cp >= 0xC0 && cp <= 0xDE && cp != 0xD7 ? cp + 0x20 : cp;
    if (cp < 0x180) {
        if (exta_class(cp) != U_UPPER)
            return cp;
        return cp == 0x130 ? 'i' : cp == 0x178 ? 0xFF : cp + 1;
    }
    if ((cp >= 0x1F8 && cp <= 0x21F) || (cp >= 0x222 && cp <= 0x233))
        return (cp & 1) ? cp : cp + 1;
    if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2)
        return cp + 0x20;
    if (cp >= 0x400 && cp <= 0x40F)
        return cp + 0x50;
    if (cp >= 0x410 && cp <= 0x42F)
        return cp + 0x20;
    if (cp >= 0x1E00 && cp <= 0x1EFF && !(cp >= 0x1E96 && cp <= 0x1E9F))
        return (cp & 1) ? cp : cp + 1;
    return cp;
}

/* token_norm for any token: decodes, folds and truncates code point by code
 * point. */
static size_t token_norm_utf8(const unsigned char *p, size_t len, char *out, size_t cap)
{
    size_t need = 0, written = 0, i = 0;
    int full = cap == 0;
    if (cap > len) {   /* the ASCII prefix fits: copy it lowered */
        while (i < len && p[i] < 0x80) {
            out[i] = (char)ascii_lower(p[i]);
            i++;
        }
        need = written = i;
    }
    while (i < len) {
        char piece[4];
        size_t pl = 1;
        if (p[i] < 0x80) {
            piece[0] = (char)ascii_lower(p[i]);
            i++;
        } else {
            uint32_t cp;
            size_t n = utf8_decode(p + i, len - i, &cp);
            if (!n) {
                piece[0] = (char)p[i];
                i++;
            } else {
                i += n;
                if (cp == 0x2018 || cp == 0x2019 || cp == 0x02BC || cp == 0x201C || cp == 0x201D)
                    piece[0] = '\'';
                else if (cp >= 0x2010 && cp <= 0x2015)
                    piece[0] = '-';
                else
                    pl = utf8_encode(fold_lower(cp), piece);
            }
        }
        /* write whole code points only, and nothing after the first that
         * does not fit */
        if (!full && need + pl < cap) {
            memcpy(out + need, piece, pl);
            written = need + pl;
        } else {
            full = 1;
        }
        need += pl;
    }
    if (cap)
        out[written] = 0;
    return need;
}

size_t token_norm(const char *text, const token *t, char *out, size_t cap)
{
    const unsigned char *p = (const unsigned char *)text + t->off;
    size_t len = t->len;
    if (cap <= len) {
        /* Truncated: an ASCII token's form (TF_ASCII, segment.h) is its
         * first cap-1 bytes lowered (one byte per code point), its full
         * length len. */
        if (cap && (t->flags & TF_ASCII)) {
            for (size_t i = 0; i + 1 < cap; i++)
                out[i] = (char)ascii_lower(p[i]);
            out[cap - 1] = 0;
            return len;
        }
        return token_norm_utf8(p, len, out, cap);
    }
    /* The whole token fits: when it is all ASCII, lower it eight (or four)
     * bytes at a time, with overlapping loads and stores that stay inside
     * [0, len). Byte order does not matter: lower8 works byte by byte. */
    if (len >= 8) {
        uint64_t x, any = 0;
        for (size_t i = 0; i < len; i += 8) {
            size_t at = i + 8 <= len ? i : len - 8;
            memcpy(&x, p + at, 8);
            any |= x;
        }
        if (!(any & BYTES8(0x80))) {
            for (size_t i = 0; i < len; i += 8) {
                size_t at = i + 8 <= len ? i : len - 8;
                memcpy(&x, p + at, 8);
                x = lower8(x);
                memcpy(out + at, &x, 8);
            }
            out[len] = 0;
            return len;
        }
    } else if (len >= 4) {
        uint32_t lo, hi;
        memcpy(&lo, p, 4);
        memcpy(&hi, p + len - 4, 4);
        if (!((lo | hi) & 0x80808080u)) {
            uint64_t x = lower8(lo | (uint64_t)hi << 32);
            lo = (uint32_t)x;
            hi = (uint32_t)(x >> 32);
            memcpy(out, &lo, 4);
            memcpy(out + len - 4, &hi, 4);
            out[len] = 0;
            return len;
        }
    } else if (len) {   /* bytes 0, len/2 and len-1 are all of them */
        unsigned char a = p[0], b = p[len / 2], c = p[len - 1];
        if ((a | b | c) < 0x80) {
            out[0] = (char)ascii_lower(a);
            out[len / 2] = (char)ascii_lower(b);
            out[len - 1] = (char)ascii_lower(c);
            out[len] = 0;
            return len;
        }
    }
    return token_norm_utf8(p, len, out, cap);
}

void token_set_hash(const char *text, token *t)
{
    set_word_hash((const unsigned char *)text, t);
}

char *norm_dup(const char *s, size_t n, size_t *outlen)
{
    token t = {0, (uint32_t)n, TOK_WORD, 0, 0};
    char small[64];
    size_t need = token_norm(s, &t, small, sizeof small);
    char *out = xmalloc(need + 1);
    if (need < sizeof small)
        memcpy(out, small, need + 1);
    else
        token_norm(s, &t, out, need + 1);
    *outlen = need;
    return out;
}

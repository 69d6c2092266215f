/* phraseset.c — the shared token-sequence matcher (see phraseset.h), used by
 * phrase rules and the statement lexicons during the per-block token walk.
 * Built once at load time; read-only (and so thread-safe) while matching.
 */
#include "phraseset.h"

#include <stdlib.h>
#include <string.h>
#include "shortkey.h"
#include "util.h"

/* The hash of a normalised key: sk_word_hash, so that the hash an ASCII
 * token carries (its raw bytes lowered) is the hash of its normalised form. */
static uint32_t key_hash(const char *key, size_t n)
{
    uint64_t any;
    return sk_word_hash((const unsigned char *)key, n, 0, &any);
}

static void set_bit(uint64_t *bits, size_t bit)
{
    bits[bit / 64] |= (uint64_t)1 << (bit % 64);
}

/* A quick necessary condition for two normalised words to be equal: equal
 * fingerprints (length, first and last byte). Never 0 for a word of 1 to
 * PS_MAXWORD bytes; PS_NOFP for anything else. */
#define PS_NOFP 1u
static uint32_t word_fp(const char *w, size_t len)
{
    if (len == 0 || len > PS_MAXWORD)
        return PS_NOFP;
    return (uint32_t)(len + 1) << 16 | (uint32_t)(unsigned char)w[0] << 8 | (unsigned char)w[len - 1];
}

/* A fingerprint's bit in a bucket's fpmask. */
static unsigned fp_bit(uint32_t fp)
{
    return (unsigned)((fp * 0x9E3779B1u) >> 26);
}

/* The slot of a finished set holding key, or the empty slot where it would be. */
static size_t find_slot(const phrase_set *s, const char *key, size_t len, uint32_t h)
{
    size_t mask = s->nslots - 1;
    uint64_t tag = (uint64_t)h | 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        if (!s->tags[i] || (s->tags[i] == tag && s->slots[i].keylen == len &&
                            memcmp(s->pool + s->slots[i].key, key, len) == 0))
            return i;
    }
}

/* ---- building ------------------------------------------------------------ */

/* A form as added; next: the next form of its key in insertion order
 * (NO_FORM ends the list). */
#define NO_FORM UINT32_MAX
typedef struct {
    ps_entry e;
    uint32_t fp;          /* word_fp of the second word, or 0 */
    uint32_t h2;          /* key_hash of the second word, or 0 (one word, or PS_CASE) */
    uint32_t next;
} ps_form;

/* A distinct normalised first word and its forms. */
typedef struct {
    uint32_t hash;            /* key_hash */
    uint32_t key, keylen;     /* in pool */
    uint32_t head, tail, n;
} ps_key;

struct ps_builder {
    buf pool;
    uint32_t *lens;
    size_t nlens, caplens;
    ps_form *forms;
    size_t nforms, capforms;
    ps_key *keys;             /* in order of first use */
    size_t nkeys, capkeys;
    uint32_t *index;          /* open addressing over keys: key + 1, or 0 when empty */
    size_t nindex;            /* power of two, at least twice nkeys */
};

phrase_set *phrase_set_new(void)
{
    phrase_set *s = xcalloc(1, sizeof *s);
    s->build = xcalloc(1, sizeof *s->build);
    buf_init(&s->build->pool);
    return s;
}

static void builder_free(struct ps_builder *b)
{
    if (!b)
        return;
    buf_release(&b->pool);
    free(b->lens);
    free(b->forms);
    free(b->keys);
    free(b->index);
    free(b);
}

void phrase_set_free(phrase_set *s)
{
    if (!s)
        return;
    builder_free(s->build);
    free(s->owned);
    free(s);
}

/* n bytes at p appended to the pool with a NUL; returns their offset. */
static uint32_t pool_add(struct ps_builder *b, const char *p, size_t n)
{
    uint32_t at = (uint32_t)b->pool.len;
    buf_append(&b->pool, p, n);
    buf_putc(&b->pool, 0);
    return at;
}

/* The index in b->keys of key, added if new. */
static uint32_t key_for(struct ps_builder *b, const char *key, size_t len)
{
    uint32_t h = key_hash(key, len);
    if ((b->nkeys + 1) * 2 > b->nindex) {
        size_t nn = b->nindex ? b->nindex * 2 : 64;
        uint32_t *ni = xcalloc(nn, sizeof *ni);
        for (size_t k = 0; k < b->nkeys; k++) {
            size_t j = (size_t)b->keys[k].hash & (nn - 1);
            while (ni[j])
                j = (j + 1) & (nn - 1);
            ni[j] = (uint32_t)k + 1;
        }
        free(b->index);
        b->index = ni;
        b->nindex = nn;
    }
    size_t mask = b->nindex - 1, i = (size_t)h & mask;
    for (; b->index[i]; i = (i + 1) & mask) {
        const ps_key *k = &b->keys[b->index[i] - 1];
        if (k->hash == h && k->keylen == len && memcmp(b->pool.data + k->key, key, len) == 0)
            return b->index[i] - 1;
    }
    GROW(b->keys, b->capkeys, b->nkeys + 1);
    ps_key *k = &b->keys[b->nkeys];
    k->hash = h;
    k->key = pool_add(b, key, len);
    k->keylen = (uint32_t)len;
    k->head = k->tail = NO_FORM;
    k->n = 0;
    b->index[i] = (uint32_t)++b->nkeys;
    return (uint32_t)(b->nkeys - 1);
}

/* Add one form: words[0..n) with lengths; words[0] may differ from the
 * stored first word of the base phrase (an inflected form). */
static void add_form(struct ps_builder *b, const char *const *words, const size_t *lens, size_t n,
                     unsigned flags, size_t id)
{
    ps_form f;
    f.e.words = (uint32_t)b->pool.len;
    f.e.lens = (uint32_t)b->nlens;
    f.e.ntok = (uint32_t)n;
    f.e.flags = flags;
    f.e.id = (uint32_t)id;
    f.fp = n >= 2 && !(flags & PS_CASE) ? word_fp(words[1], lens[1]) : 0;
    f.h2 = n >= 2 && !(flags & PS_CASE) ? key_hash(words[1], lens[1]) : 0;
    f.next = NO_FORM;
    GROW(b->lens, b->caplens, b->nlens + n);
    for (size_t i = 0; i < n; i++) {
        pool_add(b, words[i], lens[i]);
        b->lens[b->nlens++] = (uint32_t)lens[i];
    }
    size_t klen;
    char *key = (flags & PS_CASE) ? norm_dup(words[0], lens[0], &klen) : NULL;
    uint32_t k = key ? key_for(b, key, klen) : key_for(b, words[0], lens[0]);
    free(key);
    GROW(b->forms, b->capforms, b->nforms + 1);
    uint32_t at = (uint32_t)b->nforms++;
    b->forms[at] = f;
    ps_key *pk = &b->keys[k];
    if (pk->tail == NO_FORM)
        pk->head = at;
    else
        b->forms[pk->tail].next = at;
    pk->tail = at;
    pk->n++;
}

/* Reserve n bytes aligned to align at the end of a block of *size bytes. */
static size_t carve(size_t *size, size_t n, size_t align)
{
    size_t at = (*size + align - 1) / align * align;
    *size = at + n;
    return at;
}

void phrase_set_finish(phrase_set *s)
{
    struct ps_builder *b = s->build;
    if (!b)
        return;
    size_t nslots = 64;
    while (b->nkeys * 2 > nslots)
        nslots *= 2;
    size_t npairs = 0;
    for (size_t f = 0; f < b->nforms; f++)
        npairs += b->forms[f].e.ntok >= 2;
    size_t npairbits = 64;
    while (npairs * 32 > npairbits)
        npairbits *= 2;
    size_t size = 0;
    size_t tags_at = carve(&size, nslots * sizeof *s->tags, _Alignof(uint64_t));
    size_t bloom_at = carve(&size, nslots / 8 * sizeof *s->bloom, _Alignof(uint64_t));
    size_t loose_at = carve(&size, nslots / 8 * sizeof *s->loose, _Alignof(uint64_t));
    size_t pairs_at = carve(&size, npairbits / 64 * sizeof *s->pairs, _Alignof(uint64_t));
    size_t slots_at = carve(&size, nslots * sizeof *s->slots, _Alignof(ps_bucket));
    size_t ents_at = carve(&size, b->nforms * sizeof *s->ents, _Alignof(ps_entry));
    size_t fps_at = carve(&size, b->nforms * sizeof *s->fps, _Alignof(uint32_t));
    size_t lens_at = carve(&size, b->nlens * sizeof *s->lens, _Alignof(uint32_t));
    size_t pool_at = carve(&size, b->pool.len, 1);
    char *block = xcalloc(1, size);
    uint64_t *tags = (uint64_t *)(void *)(block + tags_at);
    uint64_t *bloom = (uint64_t *)(void *)(block + bloom_at);
    uint64_t *loose = (uint64_t *)(void *)(block + loose_at);
    uint64_t *pairs = (uint64_t *)(void *)(block + pairs_at);
    ps_bucket *slots = (ps_bucket *)(void *)(block + slots_at);
    ps_entry *ents = (ps_entry *)(void *)(block + ents_at);
    uint32_t *fps = (uint32_t *)(void *)(block + fps_at);
    size_t nents = 0;
    for (size_t k = 0; k < b->nkeys; k++) {
        const ps_key *pk = &b->keys[k];
        size_t i = (size_t)pk->hash & (nslots - 1);
        while (tags[i])
            i = (i + 1) & (nslots - 1);
        tags[i] = (uint64_t)pk->hash | 1;
        set_bit(bloom, ps_bloom_bit(pk->hash, nslots));
        ps_bucket *bk = &slots[i];
        bk->key = pk->key;
        bk->keylen = pk->keylen;
        bk->first = (uint32_t)nents;
        bk->n = pk->n;
        /* in insertion order, each moved before the shorter ones: longest
         * first, equals in insertion order */
        for (uint32_t f = pk->head; f != NO_FORM; f = b->forms[f].next) {
            const ps_form *pf = &b->forms[f];
            if (pf->e.ntok < 2 || (pf->e.flags & PS_CASE))
                set_bit(loose, ps_bloom_bit(pk->hash, nslots));
            else
                set_bit(pairs, ps_pair_bit(pk->hash, pf->h2, npairbits));
            size_t at = nents++;
            while (at > bk->first && ents[at - 1].ntok < b->forms[f].e.ntok) {
                ents[at] = ents[at - 1];
                fps[at] = fps[at - 1];
                at--;
            }
            ents[at] = b->forms[f].e;
            fps[at] = b->forms[f].fp;
        }
        for (size_t e = bk->first; e < nents; e++)
            if (ents[e].ntok >= 2) {
                bk->nmulti++;
                bk->fpmask |= fps[e] ? (uint64_t)1 << fp_bit(fps[e]) : ~(uint64_t)0;
            }
    }
    if (b->nlens)
        memcpy(block + lens_at, b->lens, b->nlens * sizeof *b->lens);
    if (b->pool.len)
        memcpy(block + pool_at, b->pool.data, b->pool.len);
    s->tags = tags;
    s->bloom = bloom;
    s->loose = loose;
    s->pairs = pairs;
    s->npairbits = npairbits;
    s->slots = slots;
    s->ents = ents;
    s->fps = fps;
    s->lens = (const uint32_t *)(const void *)(block + lens_at);
    s->pool = block + pool_at;
    s->nslots = nslots;
    s->nused = b->nkeys;
    s->nents = nents;
    s->nlens = b->nlens;
    s->npool = b->pool.len;
    s->owned = block;
    s->build = NULL;
    builder_free(b);
}

static int is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Vowel groups in w (a rough syllable count; 'y' after a consonant counts,
 * 'u' after 'q' does not). */
static int syllables(const char *w, size_t n)
{
    int groups = 0, in = 0;
    for (size_t i = 0; i < n; i++) {
        char c = lower(w[i]);
        int v = is_vowel(c) || (c == 'y' && i > 0);
        if (c == 'u' && i > 0 && lower(w[i - 1]) == 'q')
            v = 0;
        if (v && !in)
            groups++;
        in = v;
    }
    return groups;
}

/* Regular inflected forms of w (the first word of a phrase), appended to
 * out as NUL-separated strings; returns how many. Doubling of a final
 * consonant after a single vowel is certain for one-syllable words
 * ("step" → "stepped") and generated alongside the plain form otherwise
 * ("visit" → "visited", "commit" → "committed"), since stress decides it. */
static size_t inflect(const char *w, size_t n, buf *out)
{
    if (n < 2)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!is_alpha(w[i]) && !((w[i] == '-' || w[i] == '\'') && i > 0 && i + 1 < n))
            return 0;
    char z = lower(w[n - 1]), y = lower(w[n - 2]);
    char x = n >= 3 ? lower(w[n - 3]) : 0;
    int cons_y = z == 'y' && !is_vowel(y);
    /* consonant-vowel-consonant ending; the "u" of "qu" is a consonant */
    int x_cons = x && (!is_vowel(x) || (x == 'u' && n >= 4 && lower(w[n - 4]) == 'q'));
    int cvc = !is_vowel(z) && z != 'w' && z != 'x' && z != 'y' && is_vowel(y) && x_cons;
    int syl = syllables(w, n);
    int dbl_only = cvc && syl == 1;
    int dbl_also = cvc && syl > 1;
    size_t count = 0;
#define FORM(stemlen, dbl, suffix) do { \
        buf_append(out, w, (stemlen)); \
        if (dbl) buf_putc(out, w[n - 1]); \
        buf_puts(out, suffix); \
        buf_putc(out, 0); \
        count++; \
    } while (0)
    /* -s */
    if (cons_y)
        FORM(n - 1, 0, "ies");
    else if (z == 's' || z == 'x' || z == 'z' || ((z == 'h') && (y == 'c' || y == 's')))
        FORM(n, 0, "es");
    else
        FORM(n, 0, "s");
    /* -ed */
    if (z == 'e')
        FORM(n, 0, "d");
    else if (cons_y)
        FORM(n - 1, 0, "ied");
    else {
        if (!dbl_only)
            FORM(n, 0, "ed");
        if (dbl_only || dbl_also)
            FORM(n, 1, "ed");
    }
    /* -ing */
    if (z == 'e' && y == 'i')
        FORM(n - 2, 0, "ying");
    else if (z == 'e' && y != 'e' && y != 'o' && y != 'y' && n > 2)
        FORM(n - 1, 0, "ing");
    else {
        if (!dbl_only)
            FORM(n, 0, "ing");
        if (dbl_only || dbl_also)
            FORM(n, 1, "ing");
    }
#undef FORM
    return count;
}

void phrase_set_add(phrase_set *s, const char *phrase, unsigned flags, size_t id)
{
    /* Split on whitespace; each word normalised unless PS_CASE. */
    const char **words = NULL;
    size_t *lens = NULL, n = 0, cap = 0, lcap = 0;
    char **owned = NULL;
    size_t ocap = 0;
    for (const char *p = phrase; *p;) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        if (!*p)
            break;
        const char *q = p;
        while (*q && *q != ' ' && *q != '\t' && *q != '\n' && *q != '\r')
            q++;
        GROW(words, cap, n + 1);
        GROW(lens, lcap, n + 1);
        GROW(owned, ocap, n + 1);
        if (flags & PS_CASE) {
            owned[n] = xstrndup(p, (size_t)(q - p));
            lens[n] = (size_t)(q - p);
        } else {
            owned[n] = norm_dup(p, (size_t)(q - p), &lens[n]);
        }
        words[n] = owned[n];
        n++;
        p = q;
    }
    if (n > 0 && lens[0] <= PS_MAXWORD) {
        add_form(s->build, words, lens, n, flags, id);
        if (flags & PS_INFLECT) {
            buf forms;
            buf_init(&forms);
            size_t nf = inflect(words[0], lens[0], &forms);
            const char *f = forms.data;
            for (size_t k = 0; k < nf; k++) {
                size_t fl = strlen(f);
                words[0] = f;
                lens[0] = fl;
                if (fl <= PS_MAXWORD)
                    add_form(s->build, words, lens, n, flags, id);
                f += fl + 1;
            }
            buf_release(&forms);
        }
    }
    for (size_t i = 0; i < n; i++)
        free(owned[i]);
    free(owned);
    free(words);
    free(lens);
}

static int wordlike(const token *t)
{
    return t->kind == TOK_WORD || t->kind == TOK_NUMBER;
}

/* Normalised forms of the tokens after the start token, filled in order on
 * demand while one start position is matched, so each token is normalised at
 * most once per start however many entries of the bucket are tried.
 * Invariant: for k < have, len[k] is token_norm's full length for token
 * start + 1 + k (PS_NOWORD for a token that is not word-like), and word[k]
 * holds the form whenever len[k] <= PS_MAXWORD. */
#define PS_CACHED 8
#define PS_NOWORD ((size_t)-1)
typedef struct {
    const char *text;
    const token *toks;
    size_t start, have;
    size_t len[PS_CACHED];
    char word[PS_CACHED][PS_MAXWORD + 1];
} ps_cache;

/* Does token t equal word w (normalised, or raw with PS_CASE)? */
static int tok_eq(const char *text, const token *t, const char *w, size_t wl, unsigned flags)
{
    if (!wordlike(t))
        return 0;
    if (flags & PS_CASE)
        return t->len == wl && memcmp(text + t->off, w, wl) == 0;
    char tmp[PS_MAXWORD + 2];
    if (wl > PS_MAXWORD)
        return 0;
    size_t got = token_norm(text, t, tmp, wl + 2);
    return got == wl && memcmp(tmp, w, wl) == 0;
}

/* An empty cache for start token i (the word arrays are left unwritten:
 * they are large and filled only as far as needed). */
static void cache_init(ps_cache *c, const char *text, const token *toks, size_t i)
{
    c->text = text;
    c->toks = toks;
    c->start = i;
    c->have = 0;
}

/* Normalise the tokens up to j places after the start (j <= PS_CACHED; the
 * caller knows they exist). */
static void cache_fill(ps_cache *c, size_t j)
{
    while (c->have < j) {
        const token *t = &c->toks[c->start + 1 + c->have];
        c->len[c->have] = wordlike(t) ? token_norm(c->text, t, c->word[c->have], PS_MAXWORD + 1) : PS_NOWORD;
        c->have++;
    }
}

static unsigned char ascii_lower(unsigned char c)
{
    return (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
}

/* word_fp of the token after the start (PS_NOFP if none or not a word).
 * An ASCII word's normalised form has its length and its first and last
 * bytes lowered: no need to normalise it yet. */
static uint32_t next_fp(ps_cache *c, size_t ntoks)
{
    if (c->start + 1 >= ntoks)
        return PS_NOFP;
    const token *t = &c->toks[c->start + 1];
    const unsigned char *p = (const unsigned char *)c->text + t->off;
    if (wordlike(t) && (t->flags & TF_ASCII) && t->len >= 1 && t->len <= PS_MAXWORD)
        return (uint32_t)(t->len + 1) << 16 | (uint32_t)ascii_lower(p[0]) << 8 | ascii_lower(p[t->len - 1]);
    cache_fill(c, 1);
    return word_fp(c->word[0], c->len[0]);
}

/* Does word j (>= 1) of a normalised entry, w of length wl, equal the token
 * j places after the start? Same result as tok_eq: an ASCII token compared
 * lowered (its normalised form) from its bytes, others through the cache. */
static int cached_eq(ps_cache *c, size_t j, const char *w, size_t wl)
{
    const token *t = &c->toks[c->start + j];
    if (t->flags & TF_ASCII)
        return t->len == wl && wl <= PS_MAXWORD &&
               sk_equal_lowered((const unsigned char *)c->text + t->off, w, wl);
    if (j > PS_CACHED)
        return tok_eq(c->text, t, w, wl, 0);
    cache_fill(c, j);
    size_t got = c->len[j - 1];
    return got == wl && wl <= PS_MAXWORD && memcmp(c->word[j - 1], w, wl) == 0;
}

static int entry_matches(const phrase_set *s, const ps_entry *e, ps_cache *c, size_t ntoks)
{
    if (c->start + e->ntok > ntoks)
        return 0;
    const char *w = s->pool + e->words;
    const uint32_t *lens = s->lens + e->lens;
    for (size_t j = 0; j < e->ntok; j++) {
        /* The first word already matched the bucket's normalised key. */
        if (e->flags & PS_CASE) {
            if (!tok_eq(c->text, &c->toks[c->start + j], w, lens[j], e->flags))
                return 0;
        } else if (j > 0 && !cached_eq(c, j, w, lens[j])) {
            return 0;
        }
        w += lens[j] + 1;
    }
    return 1;
}

/* find_slot for an all-ASCII token of n bytes at p, compared lowered with
 * the keys (its normalised form), without normalising it. */
static size_t find_slot_ascii(const phrase_set *s, const unsigned char *p, size_t n, uint32_t h)
{
    size_t mask = s->nslots - 1;
    uint64_t tag = (uint64_t)h | 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        if (!s->tags[i] || (s->tags[i] == tag && s->slots[i].keylen == n &&
                            sk_equal_lowered(p, s->pool + s->slots[i].key, n)))
            return i;
    }
}

/* lookup for a token without TF_ASCII: normalised and hashed here. Kept out
 * of line so that lookup's common path needs no key buffer. */
static __attribute__((noinline)) const ps_bucket *lookup_norm(const phrase_set *s, const char *text,
                                                              const token *t)
{
    char key[PS_MAXWORD + 1];
    size_t len = token_norm(text, t, key, sizeof key);
    if (len > PS_MAXWORD)
        return NULL;
    uint32_t h = key_hash(key, len);
    if (!ps_bit(s->bloom, ps_bloom_bit(h, s->nslots)))
        return NULL;
    size_t k = find_slot(s, key, len, h);
    return s->tags[k] ? &s->slots[k] : NULL;
}

/* The bucket of token t's normalised form, or NULL; t word-like, at most
 * PS_MAXWORD bytes. An ASCII token (nearly all) comes with the hash of its
 * normalised form (segment.h) and is compared from its raw bytes, lowered on
 * the fly. */
static const ps_bucket *lookup(const phrase_set *s, const char *text, const token *t)
{
    if (!(t->flags & TF_ASCII))
        return lookup_norm(s, text, t);
    size_t k = find_slot_ascii(s, (const unsigned char *)text + t->off, t->len, t->hash);
    return s->tags[k] ? &s->slots[k] : NULL;
}

/* The next entry of bucket b, from position *k on, that matches at the
 * cache's start (with *k moved past it), or NULL. Entries whose second word
 * cannot equal the next token by fingerprint are skipped untouched. */
static const ps_entry *next_match(const phrase_set *s, const ps_bucket *b, ps_cache *c, size_t ntoks,
                                  size_t *k)
{
    uint32_t fp = 0;      /* the next token's word_fp, computed when first needed */
    while (*k < b->n) {
        size_t at = (*k)++;
        uint32_t efp = s->fps[b->first + at];
        if (efp) {
            if (!fp) {
                fp = next_fp(c, ntoks);
                /* no entry's second word has this fingerprint: go to the one-word entries */
                if (!(b->fpmask >> fp_bit(fp) & 1)) {
                    *k = b->nmulti;
                    continue;
                }
            }
            if (efp != fp)
                continue;
        }
        const ps_entry *e = &s->ents[b->first + at];
        if (entry_matches(s, e, c, ntoks))
            return e;
    }
    return NULL;
}

/* phrase_set_each past phrase_set_may_match; out of line so that the calls
 * phrase_set_may_match rejects (most) need no frame. */
static __attribute__((noinline)) int each_at(const phrase_set *s, const char *text, const token *toks,
                                             size_t ntoks, size_t i,
                                             int (*fn)(size_t id, size_t ntok, void *arg), void *arg)
{
    const ps_bucket *b = lookup(s, text, &toks[i]);
    if (!b)
        return 0;
    ps_cache c;
    cache_init(&c, text, toks, i);
    size_t k = 0;
    for (const ps_entry *e; (e = next_match(s, b, &c, ntoks, &k));) {
        int r = fn(e->id, e->ntok, arg);
        if (r)
            return r;
    }
    return 0;
}

int phrase_set_each(const phrase_set *s, const char *text, const token *toks, size_t ntoks, size_t i,
                    int (*fn)(size_t id, size_t ntok, void *arg), void *arg)
{
    return phrase_set_may_match(s, toks, ntoks, i) ? each_at(s, text, toks, ntoks, i, fn, arg) : 0;
}

/* The first (longest) phrase phrase_set_each offers, for phrase_set_match. */
typedef struct {
    size_t id;
    size_t ntok;
} first_match;

static int take_first(size_t id, size_t ntok, void *arg)
{
    first_match *m = arg;
    m->id = id;
    m->ntok = ntok;
    return 1;
}

size_t phrase_set_match(const phrase_set *s, const char *text, const token *toks, size_t ntoks,
                        size_t i, size_t *id)
{
    first_match m = {0, 0};
    if (!phrase_set_each(s, text, toks, ntoks, i, take_first, &m))
        return 0;
    if (id)
        *id = m.id;
    return m.ntok;
}

/* spellimg.c — word images (see spellimg.h): string sets, the embedded image
 * format, and the oracle that answers Hunspell_spell's question from them.
 * Shared by spell.c (run time) and tools/spellimage.c (build time).
 */
#include "spellimg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define POOL_MAX (1u << 24)

/* ---- string sets ---------------------------------------------------------- */

/* The image format's hash (must not change without a new SPELLIMG_MAGIC). */
static uint64_t word_hash(const char *w, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ (uint64_t)n;
    while (n >= 8) {
        uint64_t x;
        memcpy(&x, w, 8);
        h = (h ^ x) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 32;
        w += 8;
        n -= 8;
    }
    uint64_t x = 0;
    for (size_t i = 0; i < n; i++)
        x |= (uint64_t)(unsigned char)w[i] << (8 * i);
    h = (h ^ x) * 0xC4CEB9FE1A85EC53ull;
    h ^= h >> 29;
    h *= 0xFF51AFD7ED558CCDull;
    h ^= h >> 32;
    return h;
}

static uint32_t slot_of(uint64_t h, uint32_t nslots)
{
    return (uint32_t)(((h >> 32) * (uint64_t)nslots) >> 32);
}

/* Does s hold w, whose word_hash is h? */
static int has_hashed(const spellimg_set *s, const char *w, size_t n, uint64_t h)
{
    if (!s || !s->nslots)
        return 0;
    uint32_t tag = (uint32_t)(h & 0xFF) << 24;
    for (uint32_t i = slot_of(h, s->nslots);;) {
        uint32_t v = s->slots[i];
        if (!v)
            return 0;
        if ((v & 0xFF000000u) == tag) {
            const unsigned char *e = s->pool + (v & 0xFFFFFFu);
            if (e[0] == n && memcmp(e + 1, w, n) == 0)
                return 1;
        }
        if (++i == s->nslots)
            i = 0;
    }
}

int spellimg_has(const spellimg_set *s, const char *w, size_t n)
{
    return n <= SPELLIMG_MAXWORD && has_hashed(s, w, n, word_hash(w, n));
}

static void *must(void *p)
{
    if (!p) {
        fputs("plainsafe: out of memory\n", stderr);
        abort();
    }
    return p;
}

static void place(uint32_t *slots, uint32_t nslots, const unsigned char *pool, uint32_t off)
{
    uint64_t h = word_hash((const char *)pool + off + 1, pool[off]);
    uint32_t i = slot_of(h, nslots);
    while (slots[i])
        if (++i == nslots)
            i = 0;
    slots[i] = (uint32_t)(h & 0xFF) << 24 | off;
}

void spellimg_builder_init(spellimg_builder *b)
{
    memset(b, 0, sizeof *b);
}

void spellimg_builder_release(spellimg_builder *b)
{
    free(b->slots);
    free(b->pool);
    memset(b, 0, sizeof *b);
}

int spellimg_builder_add(spellimg_builder *b, const char *w, size_t n)
{
    if (!n || n > SPELLIMG_MAXWORD || b->pool_len + n + 2 > POOL_MAX)
        return -1;
    if (spellimg_has(&b->set, w, n))
        return 0;
    if (!b->pool_len) {
        b->pool_cap = 4096;
        b->pool = must(malloc(b->pool_cap));
        b->pool[0] = 0;   /* offset 0 marks an empty slot */
        b->pool_len = 1;
    }
    if (b->pool_len + n + 1 > b->pool_cap) {
        while (b->pool_len + n + 1 > b->pool_cap)
            b->pool_cap *= 2;
        b->pool = must(realloc(b->pool, b->pool_cap));
    }
    uint32_t off = (uint32_t)b->pool_len;
    b->pool[off] = (unsigned char)n;
    memcpy(b->pool + off + 1, w, n);
    b->pool_len += n + 1;
    /* Load at most 0.7. */
    if ((uint64_t)(b->n + 1) * 10 > (uint64_t)b->set.nslots * 7) {
        uint32_t nc = b->set.nslots ? b->set.nslots * 2 : 16;
        uint32_t *ns = must(calloc(nc, sizeof *ns));
        for (uint32_t i = 0; i < b->set.nslots; i++)
            if (b->slots[i])
                place(ns, nc, b->pool, b->slots[i] & 0xFFFFFFu);
        free(b->slots);
        b->slots = ns;
        b->set.nslots = nc;
    }
    place(b->slots, b->set.nslots, b->pool, off);
    b->n++;
    b->set.slots = b->slots;
    b->set.pool = b->pool;
    return 1;
}

int spellimg_stamp_of(const char *aff, const char *dic, spellimg_stamp *st)
{
    struct stat a, d;
    if (stat(aff, &a) != 0 || stat(dic, &d) != 0)
        return -1;
    memset(st, 0, sizeof *st);
    st->aff_size = (int64_t)a.st_size;
    st->aff_mtime = (int64_t)a.st_mtim.tv_sec;
    st->aff_mtime_ns = (int64_t)a.st_mtim.tv_nsec;
    st->dic_size = (int64_t)d.st_size;
    st->dic_mtime = (int64_t)d.st_mtim.tv_sec;
    st->dic_mtime_ns = (int64_t)d.st_mtim.tv_nsec;
    return 0;
}

/* ---- characters ------------------------------------------------------------- */

/* The oracle's alphabet: ASCII; the Latin-1 letters U+00C0..U+00FE (two
 * bytes C3 80..BE) except × (C3 97), ß (C3 9F) and ÷ (C3 B7), ÿ (C3 BF) being
 * a lower-case letter with no Latin-1 capital; the Latin Extended-A letters
 * U+0100..U+017E (C4 80..C5 BE) in their upper/lower pairs, except İ ı ĸ ŉ Ÿ,
 * whose case leaves the block or the pairs; and the caseless U+02BC
 * (modifier apostrophe), U+2010 and U+2011 (hyphens), which hunspell neither
 * converts nor breaks at. Case classes as hunspell's: an upper-case letter
 * changes when lowered; a neutral character has no case. */
enum { CH_NEUTRAL, CH_LOWER, CH_UPPER };

/* Case class of Latin Extended-A code point cp (0x100..0x17F), or -1. The
 * pairs are adjacent: upper at even code points in 0100..0137 and
 * 014A..0177, at odd ones in 0139..0148 and 0179..017E. */
static int exta_class(uint32_t cp)
{
    if (cp == 0x130 || cp == 0x131 || cp == 0x138 || cp == 0x149 || cp == 0x178 || cp == 0x17F)
        return -1;
    int odd_upper = (cp >= 0x139 && cp <= 0x148) || cp >= 0x179;
    return (cp & 1) == (uint32_t)odd_upper ? CH_UPPER : CH_LOWER;
}

/* Class of the character at w[i] (its length in *len), or -1 if outside the
 * alphabet. */
static int char_class(const unsigned char *w, size_t i, size_t n, size_t *len)
{
    unsigned char c = w[i];
    *len = 1;
    if (c < 0x80)
        return c >= 'A' && c <= 'Z' ? CH_UPPER : c >= 'a' && c <= 'z' ? CH_LOWER : CH_NEUTRAL;
    if (c == 0xE2 && i + 2 < n && w[i + 1] == 0x80 && (w[i + 2] == 0x90 || w[i + 2] == 0x91)) {
        *len = 3;
        return CH_NEUTRAL;
    }
    if (i + 1 >= n)
        return -1;
    unsigned char d = w[i + 1];
    if (c == 0xCA && d == 0xBC) {
        *len = 2;
        return CH_NEUTRAL;
    }
    if ((c == 0xC4 || c == 0xC5) && d >= 0x80 && d <= 0xBF) {
        int k = exta_class((uint32_t)(c & 0x1F) << 6 | (d & 0x3F));
        if (k >= 0)
            *len = 2;
        return k;
    }
    if (c != 0xC3 || d < 0x80 || d > 0xBF || d == 0x97 || d == 0x9F || d == 0xB7)
        return -1;
    *len = 2;
    return d < 0xA0 ? CH_UPPER : CH_LOWER;
}

/* Map w into out (same length; out may be w): lower (up = 0) or upper case.
 * first_only: only the first character. 0 if a character cannot be mapped. */
static int map_case(const char *w, size_t n, char *out, int up, int first_only)
{
    const unsigned char *s = (const unsigned char *)w;
    if (out != w)
        memcpy(out, w, n);
    for (size_t i = 0, len; i < n; i += len) {
        int k = char_class(s, i, n, &len);
        if (k < 0)
            return 0;
        if (!first_only || i == 0) {
            if (len == 1) {
                if (up && k == CH_LOWER)
                    out[i] = (char)(s[i] - 32);
                else if (!up && k == CH_UPPER)
                    out[i] = (char)(s[i] + 32);
            } else if (k == CH_NEUTRAL) {
                continue;
            } else if (s[i] != 0xC3) {
                /* Latin Extended-A: the pair's other code point, still two bytes */
                if ((up && k == CH_LOWER) || (!up && k == CH_UPPER)) {
                    uint32_t cp = ((uint32_t)(s[i] & 0x1F) << 6 | (s[i + 1] & 0x3F)) + (up ? (uint32_t)-1 : 1);
                    out[i] = (char)(0xC0 | cp >> 6);
                    out[i + 1] = (char)(0x80 | (cp & 0x3F));
                }
            } else if (up && k == CH_LOWER) {
                if (s[i + 1] == 0xBF)
                    return 0;     /* ÿ: its capital is not Latin-1 */
                out[i + 1] = (char)(s[i + 1] - 0x20);
            } else if (!up && k == CH_UPPER) {
                out[i + 1] = (char)(s[i + 1] + 0x20);
            }
        }
    }
    return 1;
}

int spellimg_lower(const char *w, size_t n, char *out)
{
    return map_case(w, n, out, 0, 0);
}

int spellimg_upper(const char *w, size_t n, char *out)
{
    return map_case(w, n, out, 1, 0);
}

int spellimg_capitalise(const char *w, size_t n, char *out)
{
    char l[SPELLIMG_MAXWORD + 2];
    return n <= SPELLIMG_MAXWORD && map_case(w, n, l, 0, 0) && map_case(l, n, out, 1, 1);
}

/* hunspell's class from its counts: upper-case and neutral characters, all
 * characters, and whether the first is upper case. */
static int captype_from(size_t ncap, size_t nneutral, size_t nc, int firstcap)
{
    if (ncap == 0)
        return SPELLIMG_NOCAP;
    if (ncap == 1 && firstcap)
        return SPELLIMG_INITCAP;
    if (ncap == nc || ncap + nneutral == nc)
        return SPELLIMG_ALLCAP;
    return ncap > 1 && firstcap ? SPELLIMG_HUHINITCAP : SPELLIMG_HUHCAP;
}

int spellimg_captype(const char *w, size_t n)
{
    const unsigned char *s = (const unsigned char *)w;
    size_t ncap = 0, nneutral = 0, nc = 0;
    int firstcap = 0;
    for (size_t i = 0, len; i < n; i += len) {
        int k = char_class(s, i, n, &len);
        if (k < 0)
            return -1;
        if (i == 0)
            firstcap = k == CH_UPPER;
        nc++;
        ncap += k == CH_UPPER;
        nneutral += k == CH_NEUTRAL;
    }
    return captype_from(ncap, nneutral, nc, firstcap);
}

/* ---- scripts ---------------------------------------------------------------- */

static const struct {
    uint32_t lo, hi;
    unsigned script;
} script_ranges[] = {
    {0x0370, 0x03FF, 0}, {0x1F00, 0x1FFF, 0},                           /* Greek */
    {0x0400, 0x052F, 1}, {0x1C80, 0x1C8F, 1}, {0x2DE0, 0x2DFF, 1}, {0xA640, 0xA69F, 1},   /* Cyrillic */
    {0x0531, 0x058F, 2},                                                 /* Armenian */
    {0x0590, 0x05FF, 3},                                                 /* Hebrew */
    {0x0600, 0x06FF, 4}, {0x0750, 0x077F, 4}, {0x08A0, 0x08FF, 4},      /* Arabic */
    {0x0900, 0x0DFF, 5},                                                 /* Devanagari .. Sinhala */
    {0x0E00, 0x0EFF, 6},                                                 /* Thai, Lao */
    {0x1100, 0x11FF, 7}, {0x3040, 0x30FF, 7}, {0x3130, 0x318F, 7},      /* Hangul jamo, kana */
    {0x3400, 0x4DBF, 7}, {0x4E00, 0x9FFF, 7}, {0xAC00, 0xD7AF, 7},      /* CJK, Hangul */
};

/* The script of code point cp (its index in spellimg_script_runs), or -1. */
static int script_of(uint32_t cp)
{
    for (size_t r = 0; r < sizeof script_ranges / sizeof script_ranges[0]; r++)
        if (cp >= script_ranges[r].lo && cp <= script_ranges[r].hi)
            return (int)script_ranges[r].script;
    return -1;
}

void spellimg_script_runs(const char *s, size_t n, uint8_t max[SPELLIMG_SCRIPTS])
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned run[SPELLIMG_SCRIPTS] = {0};
    for (size_t i = 0; i <= n;) {
        if (i == n || u[i] == '-') {
            for (int k = 0; k < SPELLIMG_SCRIPTS; k++) {
                if (run[k] > max[k])
                    max[k] = (uint8_t)(run[k] > 255 ? 255 : run[k]);
                run[k] = 0;
            }
            i++;
            continue;
        }
        unsigned char c = u[i];
        if (c < 0xC0) {       /* ASCII, or a stray continuation byte */
            i++;
            continue;
        }
        size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        if (i + len > n) {
            i = n;
            continue;
        }
        uint32_t cp = c & (0x7F >> len);
        for (size_t k = 1; k < len; k++)
            cp = cp << 6 | (u[i + k] & 0x3F);
        i += len;
        int k = script_of(cp);
        if (k >= 0)
            run[k]++;
    }
}

/* Does w hold a run with more letters of a script than o's dictionary has? */
static int beyond_scripts(const spellimg_oracle *o, const char *w, size_t n)
{
    uint8_t runs[SPELLIMG_SCRIPTS] = {0};
    spellimg_script_runs(w, n, runs);
    for (int k = 0; k < SPELLIMG_SCRIPTS; k++)
        if (runs[k] > o->script_max[k])
            return 1;
    return 0;
}

/* ---- the oracle ------------------------------------------------------------- */

static int in_forms(const spellimg_oracle *o, const char *w, size_t n)
{
    uint64_t h = word_hash(w, n);
    return has_hashed(o->forms[0], w, n, h) || has_hashed(o->forms[1], w, n, h);
}

static int in_upper(const spellimg_oracle *o, const char *w, size_t n)
{
    uint64_t h = word_hash(w, n);
    return has_hashed(o->upper[0], w, n, h) || has_hashed(o->upper[1], w, n, h);
}

/* w followed by a dot. */
static int in_forms_dot(const spellimg_oracle *o, const char *w, size_t n)
{
    char t[SPELLIMG_MAXWORD + 2];
    memcpy(t, w, n);
    t[n] = '.';
    return in_forms(o, t, n + 1);
}

static int in_upper_dot(const spellimg_oracle *o, const char *w, size_t n)
{
    char t[SPELLIMG_MAXWORD + 2];
    memcpy(t, w, n);
    t[n] = '.';
    return in_upper(o, t, n + 1);
}

/* ASCII in words the oracle answers: 0 outside (it asks hunspell), else
 * 1 + the case class. */
#define L (1 + CH_LOWER)
#define U (1 + CH_UPPER)
#define N (1 + CH_NEUTRAL)
static const unsigned char ascii_class[128] = {
    ['\''] = N, ['-'] = N, ['.'] = N,
    ['A'] = U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U,
    ['a'] = L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,
};
#undef L
#undef U
#undef N

/* spellimg_captype for text the oracle answers. */
static int captype_of(const char *w, size_t n)
{
    const unsigned char *s = (const unsigned char *)w;
    size_t ncap = 0, nneutral = 0, nc = 0;
    int firstcap = 0;
    for (size_t i = 0, len; i < n; i += len) {
        int k;
        if (s[i] < 0x80) {
            k = ascii_class[s[i]] - 1;
            len = 1;
        } else {
            k = char_class(s, i, n, &len);
        }
        firstcap |= i == 0 && k == CH_UPPER;
        nc++;
        ncap += k == CH_UPPER;
        nneutral += k == CH_NEUTRAL;
    }
    return captype_from(ncap, nneutral, nc, firstcap);
}

static int check_clean(const spellimg_oracle *o, const char *w, size_t n);

/* hunspell's default BREAK patterns (-, ^-, -$) on w (dots stripped). */
static int check_breaks(const spellimg_oracle *o, const char *w, size_t n)
{
    const char *f = memchr(w, '-', n);
    if (!f)
        return 0;
    size_t nbr = 0;
    for (const char *q = f; q; q = memchr(q + 1, '-', (size_t)(w + n - q - 1)))
        nbr++;
    if (nbr >= 10)
        return 0;
    if (n >= 2 && w[0] == '-' && check_clean(o, w + 1, n - 1))
        return 1;
    if (n >= 2 && w[n - 1] == '-' && check_clean(o, w, n - 1))
        return 1;
    if (f > w && (size_t)(f - w) < n - 1) {
        size_t k = (size_t)(f - w), k2 = k;
        const char *f2 = memchr(w + k + 1, '-', n - k - 1);
        if (f2 && (size_t)(f2 - w) < n - 1)
            k2 = (size_t)(f2 - w);
        if (check_clean(o, w + k2 + 1, n - k2 - 1) && check_clean(o, w, k2))
            return 1;
        if (k2 != k && check_clean(o, w + k + 1, n - k - 1) && check_clean(o, w, k))
            return 1;
    }
    return 0;
}

/* Hunspell_spell on w, already converted (ICONV) and inside the alphabet,
 * without digits: the steps of hunspell 1.7's spell(), in its order. */
static int check_clean(const spellimg_oracle *o, const char *w, size_t n)
{
    size_t abbv = 0;
    while (n && w[n - 1] == '.') {
        n--;
        abbv++;
    }
    if (!n)
        return 1;
    int ct = captype_of(w, n);
    if (ct != SPELLIMG_ALLCAP && ct != SPELLIMG_INITCAP)
        return in_forms(o, w, n) || (abbv && in_forms_dot(o, w, n)) || check_breaks(o, w, n);
    char l[SPELLIMG_MAXWORD + 2], il[SPELLIMG_MAXWORD + 2];
    map_case(w, n, l, 0, 0);
    map_case(l, n, il, 1, 1);
    if (ct == SPELLIMG_ALLCAP) {
        if (in_forms(o, w, n) || (abbv && in_forms_dot(o, w, n)))
            return 1;
        /* An apostrophe: "O'BRIEN" as "o'Brien", then "O'Brien". */
        const char *apos = memchr(l, '\'', n);
        if (apos && (size_t)(apos - l) < n - 1) {
            char t[SPELLIMG_MAXWORD + 2];
            size_t k = (size_t)(apos - l) + 1;
            memcpy(t, l, k);
            map_case(l + k, n - k, t + k, 1, 1);
            if (in_forms(o, t, n))
                return 1;
            map_case(t, n, t, 1, 1);
            if (in_forms(o, t, n))
                return 1;
        }
        /* The capitalised form may be a hidden ALL-CAPS-only twin. */
        if (in_forms(o, il, n) || in_upper(o, w, n))
            return 1;
    } else if (in_forms(o, w, n)) {
        return 1;
    }
    if (in_forms(o, l, n))
        return 1;
    if (abbv && (in_forms_dot(o, l, n) || in_forms_dot(o, il, n) ||
                 (ct == SPELLIMG_ALLCAP && in_upper_dot(o, w, n))))
        return 1;
    return check_breaks(o, il, n);   /* hunspell breaks the capitalised form */
}

int spellimg_check(const spellimg_oracle *o, const char *w, size_t n)
{
    const unsigned char *s = (const unsigned char *)w;
    size_t count[4] = {0, 0, 0, 0};   /* by ascii_class: outside, lower, upper, neutral */
    int convert = 0;
    if (!n || n > SPELLIMG_MAXWORD)
        return n ? SPELLIMG_ASK : SPELLIMG_YES;
    size_t i = 0;
    while (i < n && s[i] < 0x80)
        count[ascii_class[s[i++]]]++;
    while (i < n) {
        size_t len = 1;
        int k;
        if (s[i] < 0x80)
            k = ascii_class[s[i]] - 1;
        else if (o->iconv_apos && s[i] == 0xE2 && i + 2 < n && s[i + 1] == 0x80 && s[i + 2] == 0x99)
            convert = 1, len = 3, k = CH_NEUTRAL;
        else
            k = char_class(s, i, n, &len);
        count[k + 1]++;
        i += len;
    }
    if (count[0])
        return beyond_scripts(o, w, n) ? SPELLIMG_NO : SPELLIMG_ASK;
    size_t first_len;
    int firstcap = s[0] < 0x80 ? ascii_class[s[0]] == 1 + CH_UPPER : char_class(s, 0, n, &first_len) == CH_UPPER;
    if (!convert && w[n - 1] != '.') {
        /* The common case, without a second pass. */
        int ct = captype_from(count[1 + CH_UPPER], count[1 + CH_NEUTRAL],
                              count[1 + CH_LOWER] + count[1 + CH_UPPER] + count[1 + CH_NEUTRAL], firstcap);
        if (ct != SPELLIMG_ALLCAP && ct != SPELLIMG_INITCAP)
            return in_forms(o, w, n) || check_breaks(o, w, n) ? SPELLIMG_YES : SPELLIMG_NO;
    }
    if (!convert)
        return check_clean(o, w, n) ? SPELLIMG_YES : SPELLIMG_NO;
    /* ICONV: U+2019 becomes '. */
    char c[SPELLIMG_MAXWORD + 2];
    size_t k = 0;
    for (i = 0; i < n;) {
        if (s[i] == 0xE2 && i + 2 < n && s[i + 1] == 0x80 && s[i + 2] == 0x99) {
            c[k++] = '\'';
            i += 3;
        } else {
            c[k++] = (char)s[i++];
        }
    }
    return check_clean(o, c, k) ? SPELLIMG_YES : SPELLIMG_NO;
}

/* ---- the embedded image format ---------------------------------------------- */

static int set_view(const unsigned char *base, uint32_t size, uint32_t nslots, uint32_t slots, uint32_t pool,
                    spellimg_set *out)
{
    memset(out, 0, sizeof *out);
    if (!nslots)
        return 1;
    if (slots % 4 || slots > size || (uint64_t)nslots * 4 > size - slots || pool >= size)
        return 0;
    out->slots = (const uint32_t *)(const void *)(base + slots);
    out->nslots = nslots;
    out->pool = base + pool;
    return 1;
}

int spellimg_find(const unsigned char *blob, size_t len, const char *language, const spellimg_stamp *st,
                  spellimg_image *out)
{
    for (size_t p = 0; p + sizeof(spellimg_header) <= len;) {
        spellimg_header h;
        memcpy(&h, blob + p, sizeof h);
        if (memcmp(h.magic, SPELLIMG_MAGIC, sizeof h.magic) != 0 || h.endian != 0x01020304u ||
            h.size < sizeof h || h.size % 64 || h.size > len - p)
            return 0;
        const unsigned char *base = blob + p;
        p += h.size;
        if (!(h.flags & SPELLIMG_USABLE) || strncmp(h.language, language, sizeof h.language) != 0 ||
            memcmp(&h.stamp, st, sizeof *st) != 0)
            continue;
        if (!set_view(base, h.size, h.forms_nslots, h.forms_slots, h.forms_pool, &out->forms) ||
            !set_view(base, h.size, h.upper_nslots, h.upper_slots, h.upper_pool, &out->upper) ||
            !set_view(base, h.size, h.twins_nslots, h.twins_slots, h.twins_pool, &out->twins))
            return 0;
        out->iconv_apos = (h.flags & SPELLIMG_ICONV_APOS) != 0;
        memcpy(out->script_max, h.script_max, sizeof out->script_max);
        return 1;
    }
    return 0;
}

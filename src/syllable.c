/* syllable.c — syllable counts for readability.c: CMUdict-derived exceptions
 * over letter-context rules, British spellings mapped to American for
 * look-up, and numbers counted as read aloud (see syllable.h and
 * docs/readability.md). The rule keys must match tools/make-syllables.
 */
#include "syllable.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "shortkey.h"
#include "utf8.h"

/* ---- a small string -> count map (syllable_map, see syllable.h) */

typedef syllable_slot slot;
typedef syllable_map smap;

static size_t bloom_bit(const smap *m, uint32_t h)
{
    return (uint32_t)(h * 0x9E3779B1u) >> m->bloom_shift;
}

static inline const slot *smap_find(const smap *m, const char *k, size_t n)
{
    if (!m->cap || n > 0xFFFF)
        return NULL;
    size_t mask = m->cap - 1;
    uint32_t h = sk_hash(k, n);
    size_t b = bloom_bit(m, h);
    if (!(m->bloom[b / 64] >> (b % 64) & 1))
        return NULL;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        const slot *s = &m->slots[i];
        if (!s->off)
            return NULL;
        if (s->hash == h && s->len == n && sk_equal(m->text + s->off, k, n))
            return s;
    }
}

/* Parse "KEY\tCOUNT" lines into m (its arrays owned until smap_release); a
 * later duplicate key wins. */
static int smap_build(smap *m, const char *what, const char *src, size_t len, lint_error *err)
{
    size_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += src[i] == '\n';
    m->cap = 16;
    while (m->cap < lines * 2)
        m->cap *= 2;
    slot *slots = xcalloc(m->cap, sizeof *slots);
    uint64_t *bloom = xcalloc(m->cap * 8 / 64, sizeof *bloom);
    char *text = xmalloc(len + 2);
    m->slots = slots;
    m->bloom = bloom;
    m->text = text;
    m->ntext = len + 2;
    m->bloom_shift = 32 - 3;
    for (size_t c = m->cap; c > 1; c /= 2)
        m->bloom_shift--;
    text[0] = 0;
    memcpy(text + 1, src, len);
    text[len + 1] = 0;
    size_t lineno = 0;
    for (size_t p = 1; p <= len;) {
        char *line = text + p;
        char *nl = memchr(line, '\n', len + 1 - p);
        size_t ll = nl ? (size_t)(nl - line) : len + 1 - p;
        p += ll + 1;
        lineno++;
        if (ll == 0 || line[0] == '#')
            continue;
        char *tab = memchr(line, '\t', ll);
        size_t kl = tab ? (size_t)(tab - line) : 0;
        char *end = line + ll;
        if (!tab || kl == 0 || kl > 0xFFFF || tab + 1 == end || end - (tab + 1) > 1 ||
            tab[1] < '0' || tab[1] > '9' || (size_t)(line - text) > UINT32_MAX) {
            err_set(err, "%s:%zu: error: expected KEY<TAB>DIGIT", what, lineno);
            return -1;
        }
        size_t mask = m->cap - 1;
        uint32_t h = sk_hash(line, kl);
        size_t i = h & mask;
        while (slots[i].off && !(slots[i].len == kl && memcmp(text + slots[i].off, line, kl) == 0))
            i = (i + 1) & mask;
        slots[i].hash = h;
        size_t b = bloom_bit(m, h);
        bloom[b / 64] |= (uint64_t)1 << (b % 64);
        slots[i].off = (uint32_t)(line - text);
        slots[i].len = (uint16_t)kl;
        slots[i].val = (uint8_t)(tab[1] - '0');
    }
    return 0;
}

static void smap_release(smap *m)
{
    free((void *)m->text);
    free((void *)m->slots);
    free((void *)m->bloom);
}

syllable_model *syllable_model_new(const char *table, size_t table_len, const char *rules,
                                   size_t rules_len, lint_error *err)
{
    syllable_model *m = xcalloc(1, sizeof *m);
    if (smap_build(&m->table, "dictionaries/syllables.tsv", table, table_len, err) < 0 ||
        smap_build(&m->rules, "dictionaries/syllable-rules.tsv", rules, rules_len, err) < 0) {
        syllable_model_free(m);
        return NULL;
    }
    return m;
}

static atomic_ulong models_freed;

unsigned long syllable_model_generation(void)
{
    return atomic_load_explicit(&models_freed, memory_order_acquire);
}

void syllable_model_free(syllable_model *m)
{
    if (!m)
        return;
    atomic_fetch_add_explicit(&models_freed, 1, memory_order_release);
    smap_release(&m->table);
    smap_release(&m->rules);
    free(m);
}

/* ---- the rules: one value per vowel group, most specific context wins */

static int is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

#define MAX_GROUP 16

/* Words longer than this are not looked up: each vowel group counts one. */
#define MAX_WORD 64

int syllable_guess(const syllable_model *m, const char *w, size_t n)
{
    int total = 0;
    if (n > MAX_WORD) {
        for (size_t i = 0; i < n; i++)
            total += is_vowel(w[i]) && (i == 0 || !is_vowel(w[i - 1]));
        return total ? total : 1;
    }
    /* s is w padded as in tools/make-syllables: "^^^" w "$$$$" */
    char s[MAX_WORD + 8];
    memcpy(s, "^^^", 3);
    memcpy(s + 3, w, n);
    memcpy(s + 3 + n, "$$$$", 4);
    size_t end = n + 3;
    for (size_t i = 3; i < end;) {
        if (!is_vowel(s[i])) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < end && is_vowel(s[j]))
            j++;
        size_t gl = j - i;
        int v = 1;
        if (gl <= MAX_GROUP) {
            /* Every level's key is a window of kb = "?" p3 p2 p1 GROUP "|" n1 n2 n3:
             * the level's tag goes just before its left context (and is put
             * back after), level a's "$" over the "|". */
            char kb[MAX_GROUP + 8];
            memcpy(kb + 1, s + i - 3, 3);
            memcpy(kb + 4, s + i, gl);
            kb[4 + gl] = '|';
            memcpy(kb + 5 + gl, s + j, 3);
            const slot *hit = NULL;
            /* levels a..g, in the order the script trained them: a later
             * level's value overrides an earlier one's, so the last level
             * that has the key decides */
            static const struct { char tag; int left, right; } lv[] = {
                {'a', 0, -1}, {'b', 0, 3}, {'c', 1, 1}, {'d', 1, 2},
                {'e', 2, 2}, {'f', 2, 3}, {'g', 3, 3}};
            for (size_t L = ARRAY_LEN(lv); L-- > 0 && !hit;) {
                char *key = kb + 3 - lv[L].left, under = *key;
                *key = lv[L].tag;
                size_t k = 1 + (size_t)lv[L].left + gl;
                if (lv[L].right < 0) {
                    if (s[j] == '$')
                        kb[4 + gl] = '$', k++;
                } else {
                    k += 1 + (size_t)lv[L].right;
                }
                if ((hit = smap_find(&m->rules, key, k)))
                    v = hit->val;
                *key = under;
                kb[4 + gl] = '|';
            }
        }
        total += v;
        i = j;
    }
    if (n > 2 && w[0] == 'm' && w[1] == 'c') {   /* "mc" is a syllable of its own */
        const slot *hit = smap_find(&m->rules, "m", 1);
        total += hit ? hit->val : 1;
    }
    return total > 0 ? total : 1;
}

/* ---- British spellings */

/* Replace the k bytes at position at with rep, in out (length *n, cap). */
static void splice(char *out, size_t *n, size_t cap, size_t at, size_t k, const char *rep)
{
    size_t r = strlen(rep);
    if (*n - k + r >= cap)
        return;
    memmove(out + at + r, out + at + k, *n - at - k);
    memcpy(out + at, rep, r);
    *n = *n - k + r;
    out[*n] = 0;   /* a shorter replacement must not leave the old tail visible to strstr */
}

/* A string literal with its length. */
typedef struct {
    const char *s;
    size_t n;
} lit;
#define LIT(x) {x, sizeof x - 1}

/* Does out[0, end) end with t? */
static int ends_with(const char *out, size_t end, lit t)
{
    return t.n <= end && (t.n == 0 || out[end - 1] == t.s[t.n - 1]) &&
           sk_equal(out + end - t.n, t.s, t.n);
}

/* A suffix s at the end of out, optionally followed by one of the ne endings
 * (the first that fits). Returns its position + 1, 0 if none. */
static size_t find_ending(const char *out, size_t n, lit s, const lit *endings, size_t ne)
{
    for (size_t e = 0; e < ne; e++) {
        size_t el = endings[e].n;
        if (ends_with(out, n, endings[e]) && ends_with(out, n - el, s))
            return n - el - s.n + 1;
    }
    return 0;
}

static size_t vowel_groups(const char *w, size_t n)
{
    size_t g = 0;
    for (size_t i = 0; i < n; i++)
        g += is_vowel(w[i]) && (i == 0 || !is_vowel(w[i - 1]));
    return g;
}

/* The adjacent pairs of letters a-z in out: bit (a-'a')*26+(b-'a') of set,
 * over out[0, max(len, strlen(out))) — both what strstr sees (a shorter
 * splice leaves bytes between len and the NUL) and what find_ending sees.
 * A text can only contain a string whose first pair is in the set. */
static void letter_pairs(const char *out, size_t len, uint64_t set[(26 * 26 + 63) / 64])
{
    size_t n = strlen(out);
    if (n < len)
        n = len;
    const char *w = out;
    memset(set, 0, (26 * 26 + 63) / 64 * sizeof *set);
    for (size_t i = 0; i + 1 < n; i++) {
        if (w[i] >= 'a' && w[i] <= 'z' && w[i + 1] >= 'a' && w[i + 1] <= 'z') {
            unsigned pr = (unsigned)(w[i] - 'a') * 26 + (unsigned)(w[i + 1] - 'a');
            set[pr / 64] |= (uint64_t)1 << (pr % 64);
        }
    }
}

static int has_pair(const uint64_t set[(26 * 26 + 63) / 64], const char *s)
{
    unsigned pr = (unsigned)(s[0] - 'a') * 26 + (unsigned)(s[1] - 'a');
    return set[pr / 64] >> (pr % 64) & 1;
}

int syllable_americanise(const char *w, size_t n, char *out, size_t cap)
{
    if (n >= cap)
        n = cap - 1;
    memcpy(out, w, n);
    out[n] = 0;
    size_t len = n, at;
    static const lit our_end[] = {LIT(""), LIT("s"), LIT("ed"), LIT("ing"), LIT("ite"), LIT("ites"),
                                  LIT("able"), LIT("ful"), LIT("less"), LIT("er"), LIT("ers"),
                                  LIT("ism"), LIT("ist"), LIT("ists"), LIT("ably"), LIT("hood")};
    static const lit ise_end[] = {LIT("e"), LIT("es"), LIT("ed"), LIT("ing"), LIT("er"), LIT("ers"),
                                  LIT("ation"), LIT("ations"), LIT("ational")};
    static const lit yse_end[] = {LIT("e"), LIT("es"), LIT("ed"), LIT("ing"), LIT("er"), LIT("ers")};
    static const lit re_end[] = {LIT(""), LIT("s"), LIT("d")};
    static const lit ll_end[] = {LIT("ed"), LIT("ing"), LIT("er"), LIT("ers"), LIT("or"), LIT("ors")};
#define ENDING(out, len, s, e) \
    (has_pair(pairs, s) ? find_ending(out, len, (lit)LIT(s), e, ARRAY_LEN(e)) : 0)
    static const struct { const char *from, *to; } stems[] = {
        {"programme", "program"}, {"paed", "ped"}, {"haem", "hem"}, {"anaes", "anes"},
        {"aesth", "esth"}, {"gynaec", "gynec"}, {"leukaem", "leukem"}, {"anaem", "anem"},
        {"caemi", "cemi"}, {"archaeo", "archeo"}, {"palaeo", "paleo"}, {"faec", "fec"},
        {"foet", "fet"}, {"oesoph", "esoph"}, {"oestr", "estr"}, {"rrhoea", "rrhea"},
        {"manoeuvre", "maneuver"}, {"homoeo", "homeo"}, {"judgement", "judgment"},
        {"defence", "defense"}, {"offence", "offense"}, {"licence", "license"},
        {"practise", "practice"}, {"catalogue", "catalog"}, {"dialogue", "dialog"},
        {"analogue", "analog"}, {"cheque", "check"}, {"grey", "gray"}, {"plough", "plow"},
        {"sceptic", "skeptic"}, {"mould", "mold"}, {"storey", "story"}, {"pyjama", "pajama"},
        {"meagre", "meager"}};
    /* a stem or suffix is searched for only if its first letter pair is
     * there (pairs is recomputed after every splice) */
    uint64_t pairs[(26 * 26 + 63) / 64];
    letter_pairs(out, len, pairs);
    for (size_t i = 0; i < ARRAY_LEN(stems); i++) {
        if (!has_pair(pairs, stems[i].from))
            continue;
        const char *p = strstr(out, stems[i].from);
        if (p) {
            splice(out, &len, cap, (size_t)(p - out), strlen(stems[i].from), stems[i].to);
            letter_pairs(out, len, pairs);
        }
    }
    /* -our -> -or after a vowel ("colour", "behaviour", "odour"), never in
     * "four", "hour", "flour", "your". */
    if ((at = ENDING(out, len, "our", our_end)) && at - 1 >= 2 && vowel_groups(out, at - 1) >= 1) {
        splice(out, &len, cap, at - 1, 3, "or");
        letter_pairs(out, len, pairs);
    }
    /* -ise/-isation -> -ize/-ization, not in "rise", "wise", "noise" */
    if ((at = ENDING(out, len, "is", ise_end)) && at - 1 >= 4 && !is_vowel(out[at - 2])) {
        splice(out, &len, cap, at - 1, 2, "iz");
        letter_pairs(out, len, pairs);
    }
    if ((at = ENDING(out, len, "ys", yse_end)) && at - 1 >= 3) {
        splice(out, &len, cap, at - 1, 2, "yz");
        letter_pairs(out, len, pairs);
    }
    /* -tre/-bre -> -ter/-ber ("centre", "theatre", "metre", "fibre") */
    if (((at = ENDING(out, len, "tre", re_end)) || (at = ENDING(out, len, "bre", re_end))) &&
        at - 1 >= 2) {
        splice(out, &len, cap, at, 2, "er");
        letter_pairs(out, len, pairs);
    }
    /* doubled l after an unstressed second syllable ("travelled", "counselling") */
    if ((at = ENDING(out, len, "ll", ll_end)) && at - 1 >= 4 && is_vowel(out[at - 2]) &&
        vowel_groups(out, at - 1) >= 2 && !is_vowel(out[at - 3]))
        splice(out, &len, cap, at - 1, 2, "l");
#undef ENDING
    out[len] = 0;
    return len != n || memcmp(out, w, n) != 0;
}

/* ---- numbers read aloud (British: "one hundred and five") */

static const unsigned char below20[20] = {2, 1, 1, 1, 1, 1, 1, 2, 1, 1,   /* zero..nine */
                                          1, 3, 1, 2, 2, 2, 2, 3, 2, 2};  /* ten..nineteen */
static const unsigned char tens[10] = {0, 0, 2, 2, 2, 2, 2, 3, 2, 2};     /* twenty..ninety */

static int say_below100(unsigned v)
{
    if (v < 20)
        return below20[v];
    return tens[v / 10] + (v % 10 ? below20[v % 10] : 0);
}

static int say_below1000(unsigned v, int and_before)
{
    int s = 0;
    if (v >= 100) {
        s += below20[v / 100] + 2;                    /* "N hundred" */
        if (v % 100)
            s += 1 + say_below100(v % 100);           /* "and ..." */
    } else if (v) {
        s += (and_before ? 1 : 0) + say_below100(v);
    }
    return s;
}

/* Cardinal reading of v < 10^12. */
static int say_cardinal(unsigned long long v)
{
    if (v == 0)
        return 2;
    static const unsigned long long scale[] = {1000000000ULL, 1000000ULL, 1000ULL};
    int s = 0, higher = 0;
    for (size_t i = 0; i < ARRAY_LEN(scale); i++) {
        unsigned g = (unsigned)(v / scale[i] % 1000);
        if (g) {
            s += say_below1000(g, 0) + 2;             /* billion, million, thousand: 2 each */
            higher = 1;
        }
    }
    return s + say_below1000((unsigned)(v % 1000), higher);
}

/* A run of digits as a number; four digits like a year are read in pairs. */
static int say_digits(const char *d, size_t n, int as_year)
{
    if (n > 1 && d[0] == '0') {                       /* "007": digit by digit, 0 as "oh" */
        int s = 0;
        for (size_t i = 0; i < n; i++)
            s += d[i] == '0' ? 1 : below20[d[i] - '0'];
        return s;
    }
    if (n > 12) {
        int s = 0;
        for (size_t i = 0; i < n; i++)
            s += below20[d[i] - '0'];
        return s;
    }
    unsigned long long v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (unsigned)(d[i] - '0');
    if (as_year && n == 4 && ((v >= 1100 && v <= 1999) || (v >= 2010 && v <= 2099))) {
        unsigned hi = (unsigned)(v / 100), lo = (unsigned)(v % 100);
        return say_below100(hi) + (lo == 0 ? 2 : lo < 10 ? 1 + below20[lo] : say_below100(lo));
    }
    return say_cardinal(v);
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

int syllable_number(const syllable_model *m, const char *s, size_t n)
{
    /* split into the numeric part and a letter suffix */
    size_t k = 0;
    while (k < n && (is_digit(s[k]) || s[k] == ',' || s[k] == '.' || s[k] == ':' || s[k] == '/'))
        k++;
    while (k > 0 && !is_digit(s[k - 1]))
        k--;
    char suf[16];
    size_t sl = 0;
    for (size_t i = k; i < n && sl < sizeof suf - 1; i++)
        if ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z'))
            suf[sl++] = (char)(s[i] | 0x20);
    suf[sl] = 0;
    int ampm = strcmp(suf, "am") == 0 || strcmp(suf, "pm") == 0;
    int ordinal = strcmp(suf, "st") == 0 || strcmp(suf, "nd") == 0 || strcmp(suf, "rd") == 0 ||
                  strcmp(suf, "th") == 0;
    int time = ampm || memchr(s, ':', k) != NULL;
    int commas = memchr(s, ',', k) != NULL;
    size_t dots = 0;
    for (size_t i = 0; i < k; i++)
        dots += s[i] == '.';

    int total = 0;
    if (commas && !time) {
        /* "1,200" (a decimal part after a '.' is read digit by digit) */
        char d[32] = {0};
        size_t dl = 0, i = 0;
        for (; i < k && s[i] != '.'; i++)
            if (is_digit(s[i]) && dl < sizeof d)
                d[dl++] = s[i];
        total = say_digits(d, dl, 0);
        if (i < k) {
            total += 1;                               /* "point" */
            for (i++; i < k; i++)
                if (is_digit(s[i]))
                    total += s[i] == '0' ? 1 : below20[s[i] - '0'];
        }
    } else {
        size_t part = 0;
        for (size_t i = 0; i < k;) {
            size_t j = i;
            while (j < k && is_digit(s[j]))
                j++;
            if (j > i) {
                if (time && part > 0) {               /* minutes: "30" thirty, "05" oh five, "00" - */
                    unsigned mm = 0;
                    for (size_t x = i; x < j && x < i + 2; x++)
                        mm = mm * 10 + (unsigned)(s[x] - '0');
                    total += mm == 0 ? 0 : mm < 10 ? 1 + below20[mm] : say_below100(mm);
                } else if (!time && dots == 1 && part > 0) {  /* decimals digit by digit */
                    for (size_t x = i; x < j; x++)
                        total += s[x] == '0' ? 1 : below20[s[x] - '0'];
                } else {
                    total += say_digits(s + i, j - i, !time && dots == 0);
                }
                part++;
            }
            if (j < k) {
                if (s[j] == '.' && !time)
                    total += 1;                       /* "point" */
                j++;
            }
            i = j;
        }
    }
    if (ampm) {
        total += 2;
    } else if (ordinal) {
        /* "second" and "-tieth" add one over the cardinal */
        unsigned last = 0;
        for (size_t i = 0; i < k; i++)
            if (is_digit(s[i]))
                last = (last * 10 + (unsigned)(s[i] - '0')) % 100;
        if (last % 100 == 2 || (last % 10 == 0 && last >= 20))
            total += 1;
    } else if (sl) {
        total += syllable_word(m, suf, sl);
    }
    return total > 0 ? total : 1;
}

/* ---- words */

static int count_lower(const syllable_model *m, const char *w, size_t n, int depth);

static int apostrophe_word(const syllable_model *m, const char *w, size_t n, size_t ap, int depth)
{
    const char *tail = w + ap + 1;
    size_t tl = n - ap - 1;
    if (ap == 0)
        return count_lower(m, tail, tl, depth + 1);
    if (tl == 0)
        return count_lower(m, w, ap, depth + 1);
    if (tl == 1 && tail[0] == 's') {                  /* "child's", "judge's" */
        int s = count_lower(m, w, ap, depth + 1);
        char a = w[ap - 1], b = ap >= 2 ? w[ap - 2] : 0;
        int sibilant = a == 's' || a == 'x' || a == 'z' || (a == 'h' && (b == 'c' || b == 's')) ||
                       (a == 'e' && (b == 'c' || b == 'g' || b == 's' || b == 'z'));
        return s + sibilant;
    }
    if (tl == 1 && tail[0] == 't' && w[ap - 1] == 'n') {  /* "didn't" 2, "don't" 1 */
        if (ap == 1)
            return 1;
        int s = count_lower(m, w, ap - 1, depth + 1);
        return s + !is_vowel(w[ap - 2]);
    }
    if ((tl == 2 && (memcmp(tail, "ll", 2) == 0 || memcmp(tail, "re", 2) == 0 ||
                     memcmp(tail, "ve", 2) == 0)) ||
        (tl == 1 && (tail[0] == 'd' || tail[0] == 'm')))
        return count_lower(m, w, ap, depth + 1);
    return count_lower(m, w, ap, depth + 1) + count_lower(m, tail, tl, depth + 1);
}

/* w: lower-case, apostrophes straight, dashes '-'. */
static int count_lower(const syllable_model *m, const char *w, size_t n, int depth)
{
    if (n == 0)
        return 0;
    const slot *hit = smap_find(&m->table, w, n);
    if (hit)
        return hit->val;
    if (n > MAX_WORD || depth > 8)
        return syllable_guess(m, w, n);
    const char *dash = memchr(w, '-', n);
    if (dash) {
        size_t a = (size_t)(dash - w);
        return count_lower(m, w, a, depth + 1) + count_lower(m, dash + 1, n - a - 1, depth + 1);
    }
    const char *ap = memchr(w, '\'', n);
    if (ap)
        return apostrophe_word(m, w, n, (size_t)(ap - w), depth);
    /* letters and digits mixed ("year7"): each run on its own */
    for (size_t i = 0; i < n; i++) {
        if (is_digit(w[i])) {
            size_t j = i;
            while (j < n && is_digit(w[j]))
                j++;
            return count_lower(m, w, i, depth + 1) + syllable_number(m, w + i, j - i) +
                   count_lower(m, w + j, n - j, depth + 1);
        }
    }
    char am[MAX_WORD + 16];
    if (syllable_americanise(w, n, am, sizeof am)) {
        size_t al = strlen(am);
        if ((hit = smap_find(&m->table, am, al)))
            return hit->val;
        return syllable_guess(m, am, al);
    }
    return syllable_guess(m, w, n);
}

/* Latin-1 letters (U+00C0..U+00FF) folded to their base letter, lower case. */
static char fold_latin1(unsigned char c2)
{
    static const char map[64] = "aaaaaaaceeeeiiiidnooooo ouuuuyts"   /* C3 80..9F (U+00C0..DF) */
                                "aaaaaaaceeeeiiiidnooooo ouuuuyty";  /* C3 A0..BF (U+00E0..FF) */
    return c2 >= 0x80 && c2 <= 0xBF ? map[c2 - 0x80] : 'x';
}

int syllable_word(const syllable_model *m, const char *w, size_t n)
{
    char low[MAX_WORD + 1];
    size_t k = 0, letters = 0, upper = 0, vowels = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)w[i];
        char out;
        size_t step = 1;
        if (c < 0x80) {
            out = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
                letters++;
                upper += c <= 'Z';
                vowels += is_vowel(out);
            }
        } else if (c == 0xC3 && i + 1 < n) {
            out = fold_latin1((unsigned char)w[i + 1]);
            step = 2;
            letters++;
            vowels += is_vowel(out);
        } else if (c == 0xE2 && i + 2 < n && (unsigned char)w[i + 1] == 0x80) {
            unsigned char c3 = (unsigned char)w[i + 2];
            out = c3 == 0x98 || c3 == 0x99 ? '\'' : c3 >= 0x90 && c3 <= 0x95 ? '-' : 'x';
            step = 3;
        } else {
            step = utf8_seqlen(c);
            out = 'x';
            letters++;
        }
        if (k < sizeof low - 1)
            low[k++] = out;
        i += step;
    }
    if (k >= sizeof low - 1)
        return syllable_guess(m, w, n);
    low[k] = 0;
    /* an acronym without a vowel is spelt out: "NHS" 3, "GP" 2, "CPW" 5 */
    if (letters >= 2 && upper == letters && vowels == 0 && letters == k) {
        int s = 0;
        for (size_t i = 0; i < k; i++)
            s += low[i] == 'w' ? 3 : 1;
        return s;
    }
    int s = count_lower(m, low, k, 0);
    return s > 0 ? s : 1;
}

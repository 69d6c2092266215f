/* markup_util.c — stage 2 helpers shared by the plain-text and Markdown
 * modules: the markup result (and markup_release), suppression directives,
 * and character references (see markup_util.h). */
#include "markup_util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

void mb_init(mbuild *b, markup *m, char *plain, int owned, size_t len)
{
    memset(m, 0, sizeof *m);
    m->plain = plain;
    m->plain_owned = owned;
    m->len = len;
    b->m = m;
    b->bcap = b->dcap = 0;
}

void mb_block(mbuild *b, size_t off, size_t end, block_kind kind, int level, unsigned flags)
{
    const unsigned char *p = (const unsigned char *)b->m->plain;
    while (off < end && mu_space(p[off]))
        off++;
    while (end > off && mu_space(p[end - 1]))
        end--;
    if (off == end)
        return;
    markup *m = b->m;
    GROW(m->blocks, b->bcap, m->nblocks + 1);
    block *k = &m->blocks[m->nblocks++];
    k->off = off;
    k->len = end - off;
    k->kind = kind;
    k->level = level;
    k->flags = flags;
}

static const struct {
    const char *word;
    directive_kind kind;
} dir_words[] = {
    {"plainsafe-disable-next-line", DIR_DISABLE_NEXT_LINE},
    {"plainsafe-disable", DIR_DISABLE},
    {"plainsafe-enable", DIR_ENABLE},
};

static int dir_sep(char c)
{
    return c == ',' || mu_space((unsigned char)c);
}

int mb_directive(mbuild *b, const char *t, size_t n, size_t span_off, size_t span_len)
{
    size_t i = 0;
    while (i < n && mu_space((unsigned char)t[i]))
        i++;
    size_t k;
    for (k = 0; k < ARRAY_LEN(dir_words); k++) {
        size_t wl = strlen(dir_words[k].word);
        if (n - i >= wl && memcmp(t + i, dir_words[k].word, wl) == 0 && (i + wl == n || dir_sep(t[i + wl]))) {
            i += wl;
            break;
        }
    }
    if (k == ARRAY_LEN(dir_words))
        return 0;
    markup *m = b->m;
    GROW(m->dirs, b->dcap, m->ndirs + 1);
    directive *d = &m->dirs[m->ndirs++];
    d->kind = dir_words[k].kind;
    d->off = span_off;
    d->len = span_len;
    d->rules = NULL;
    d->nrules = 0;
    size_t cap = 0;
    while (i < n) {
        while (i < n && dir_sep(t[i]))
            i++;
        size_t s = i;
        while (i < n && !dir_sep(t[i]))
            i++;
        if (i > s) {
            GROW(d->rules, cap, d->nrules + 1);
            d->rules[d->nrules++] = xstrndup(t + s, i - s);
        }
    }
    return 1;
}

static int dir_cmp(const void *a, const void *b)
{
    size_t x = ((const directive *)a)->off, y = ((const directive *)b)->off;
    return x < y ? -1 : x > y;
}

void mb_sort_directives(mbuild *b)
{
    if (b->m->ndirs > 1)
        qsort(b->m->dirs, b->m->ndirs, sizeof *b->m->dirs, dir_cmp);
}

void markup_release(markup *m)
{
    if (m->plain_owned)
        free(m->plain);
    free(m->blocks);
    for (size_t i = 0; i < m->ndirs; i++) {
        for (size_t j = 0; j < m->dirs[i].nrules; j++)
            free(m->dirs[i].rules[j]);
        free(m->dirs[i].rules);
    }
    free(m->dirs);
    memset(m, 0, sizeof *m);
}

/* Named references worth decoding in prose; sorted for bsearch. */
static const struct {
    const char *name;
    uint32_t cp;
} entities[] = {
    {"aacute", 0xE1}, {"acirc", 0xE2}, {"agrave", 0xE0}, {"amp", '&'}, {"apos", '\''},
    {"auml", 0xE4}, {"bull", 0x2022}, {"ccedil", 0xE7}, {"cent", 0xA2}, {"copy", 0xA9},
    {"deg", 0xB0}, {"divide", 0xF7}, {"eacute", 0xE9}, {"ecirc", 0xEA}, {"egrave", 0xE8},
    {"emsp", 0x2003}, {"ensp", 0x2002}, {"euro", 0x20AC}, {"frac12", 0xBD}, {"frac14", 0xBC},
    {"frac34", 0xBE}, {"gt", '>'}, {"hellip", 0x2026}, {"iacute", 0xED}, {"iexcl", 0xA1},
    {"iquest", 0xBF}, {"laquo", 0xAB}, {"ldquo", 0x201C}, {"lsquo", 0x2018}, {"lt", '<'},
    {"mdash", 0x2014}, {"middot", 0xB7}, {"minus", 0x2212}, {"nbsp", 0xA0}, {"ndash", 0x2013},
    {"oacute", 0xF3}, {"ouml", 0xF6}, {"para", 0xB6}, {"plusmn", 0xB1}, {"pound", 0xA3},
    {"quot", '"'}, {"raquo", 0xBB}, {"rdquo", 0x201D}, {"reg", 0xAE}, {"rsquo", 0x2019},
    {"sect", 0xA7}, {"thinsp", 0x2009}, {"times", 0xD7}, {"trade", 0x2122}, {"uacute", 0xFA},
    {"uuml", 0xFC}, {"yen", 0xA5},
};

static int is_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c |= 0x20;
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

size_t entity_decode(const char *s, size_t n, char *out, size_t *outlen)
{
    const unsigned char *u = (const unsigned char *)s;
    uint32_t cp;
    size_t i = 1;
    if (n > 2 && u[1] == '#') {
        int hex = u[2] == 'x' || u[2] == 'X';
        i = hex ? 3 : 2;
        size_t d0 = i;
        cp = 0;
        while (i < n && i - d0 < (hex ? 6u : 7u)) {
            int v = hex ? hexval(u[i]) : (u[i] >= '0' && u[i] <= '9' ? u[i] - '0' : -1);
            if (v < 0)
                break;
            cp = cp * (hex ? 16 : 10) + (uint32_t)v;
            i++;
        }
        if (i == d0 || i >= n || u[i] != ';')
            return 0;
        i++;
        if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            cp = 0xFFFD;
    } else {
        while (i < n && i <= 32 && is_alnum(u[i]))
            i++;
        if (i == 1 || i >= n || u[i] != ';')
            return 0;
        size_t lo = 0, hi = ARRAY_LEN(entities);
        size_t nl = i - 1;
        int found = 0;
        cp = 0;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            const char *e = entities[mid].name;
            int c = strncmp(s + 1, e, nl);
            if (c == 0 && e[nl] != 0)
                c = -1;
            if (c == 0) {
                cp = entities[mid].cp;
                found = 1;
                break;
            }
            if (c < 0)
                hi = mid;
            else
                lo = mid + 1;
        }
        if (!found)
            return 0;
        i++;
    }
    if (cp < 0x20 || cp == 0x7F)
        cp = ' ';
    *outlen = utf8_encode(cp, out);
    return i;
}

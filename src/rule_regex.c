/* rule_regex.c — the `regex` rule kind: a PCRE2 pattern run over each
 * sentence (or block) of the plain text, with an optional `unless` pattern
 * that vetoes the unit. Keys and examples: docs/rule-kinds.md.
 */
#include <stdlib.h>
#include <string.h>
#include "markup.h"
#include "regex.h"
#include "rule.h"
#include "utf8.h"

extern const rule_kind kind_regex;

typedef struct lit_set lit_set;

typedef struct {
    regex *re;
    regex *unless;        /* may be NULL */
    lit_set *pf;          /* owned: the literal prefilter; NULL when the pattern gives none */
    int block_scope;      /* match whole blocks instead of sentences */
    int skip_headings;
    unsigned group;       /* capture group whose span is reported (0: the whole match) */
} regex_rule;

/* One string of some rule's prefilter, for the block scan. */
typedef struct {
    uint32_t head;        /* its first three bytes as tri_key packs them (lower case) */
    size_t rule;          /* position in regex_prep.rules */
    const char *s;        /* lower case, not NUL-terminated: the rule's lit_set */
    size_t len;
} pf_string;

typedef struct {
    rule **rules;         /* owned array of borrowed rules */
    size_t n;
    pf_string *strs;      /* owned: the strings of every rule's prefilter, by first byte */
    size_t nstrs;
    size_t first[257];    /* strs[first[c], first[c+1]) start with byte c */
    /* bit tri_hash(key) set for the first three bytes of every string in
     * every combination of upper and lower case, and for the three bytes at
     * U+017F and U+212A (whatever follows U+017F): most positions of a block
     * are rejected by this one test */
    uint64_t *bits;       /* owned; NULL when no rule has a prefilter */
    int token_scan;       /* every prefilter is at_word_start: scan_tokens may replace scan_block */
} regex_prep;

/* Where a prefilter string (or a wild character) occurs in the block. */
typedef struct {
    size_t start, end;    /* text offsets */
    size_t rule;          /* position in regex_prep.rules, or PF_WILD */
} pf_hit;

/* Per-file state. */
typedef struct {
    unsigned char *gave_up;   /* owned; by position in regex_prep.rules: reported giving up in this file */
    pf_hit *hits;             /* owned: the current block's hits, ascending start */
    size_t nhits, hits_cap;
} regex_state;

static const char *const regex_keys[] = {
    "pattern", "case_sensitive", "scope", "group", "unless", "skip_headings", NULL
};

/* ---- literal prefilter -------------------------------------------------- */

/* From the pattern text, a set of ASCII letter-and-digit strings one of which
 * every match must contain (case-insensitively, as PCRE2 compares them): a
 * unit containing none of them cannot match and is not searched. Derived
 * conservatively: any syntax the analysis does not know (options, escapes
 * other than \s \w \d \b \h \v and their negations, named groups, verbs,
 * POSIX classes, unusual braces) gives no prefilter. Each string is a
 * required string or a prefix of one. Under UTF caseless matching the only
 * non-ASCII characters equal to an ASCII letter or digit are U+017F (s) and
 * U+212A (k); a unit containing either is always searched.
 *
 * A set is at_word_start when, in every match, the string it requires
 * begins at the start of the subject or after a character that is not an
 * ASCII letter or digit: the pattern puts \b, \s, \W, \h, \v, ^, or a
 * literal that is ASCII punctuation or General Punctuation right before
 * it, in every way the pattern can reach it. The analysis follows each
 * item's minimum count, and gives up the property (never the set) on
 * anything else. */
#define PF_MAXSTR 32
#define PF_MAXLEN 24
#define PF_MINLEN 3       /* shorter strings would filter nothing */
#define PF_MAXDEPTH 32
#define PF_WILD ((size_t)-1)   /* a pf_hit of U+017F or U+212A: any rule may match there */

struct lit_set {
    char s[PF_MAXSTR][PF_MAXLEN];   /* lower case, not NUL-terminated */
    unsigned char len[PF_MAXSTR];
    size_t n;
    int any;              /* no requirement known: every unit may match */
    int at_word_start;    /* see above; meaningful when !any */
};

typedef struct {
    const char *p, *end;
    int bad;              /* unknown syntax met: no prefilter */
    int depth;
} pf_parser;

static unsigned char ascii_lower(unsigned char c)
{
    return (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
}

static int ascii_alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static size_t set_minlen(const lit_set *s)
{
    size_t m = PF_MAXLEN;
    for (size_t i = 0; i < s->n; i++)
        if (s->len[i] < m)
            m = s->len[i];
    return m;
}

/* Is a a stronger requirement than b: a longer shortest string, then fewer strings? */
static int set_better(const lit_set *a, const lit_set *b)
{
    if (a->any)
        return 0;
    if (b->any)
        return 1;
    size_t ma = set_minlen(a), mb = set_minlen(b);
    return ma > mb || (ma == mb && a->n < b->n);
}

/* Add the strings of b to a (one of them, or of a's, must occur). */
static void set_union(lit_set *a, const lit_set *b)
{
    if (a->any)
        return;
    if (b->any) {
        a->any = 1;
        return;
    }
    a->at_word_start = a->at_word_start && b->at_word_start;
    for (size_t i = 0; i < b->n; i++) {
        size_t k;
        for (k = 0; k < a->n; k++)
            if (a->len[k] == b->len[i] && memcmp(a->s[k], b->s[i], b->len[i]) == 0)
                break;
        if (k < a->n)
            continue;
        if (a->n == PF_MAXSTR) {
            a->any = 1;
            return;
        }
        memcpy(a->s[a->n], b->s[i], b->len[i]);
        a->len[a->n++] = b->len[i];
    }
}

/* An optional quantifier at the parser's position: *min is its minimum
 * count (1 when there is none). */
static void pf_quant(pf_parser *ps, unsigned *min)
{
    *min = 1;
    if (ps->p >= ps->end)
        return;
    char c = *ps->p;
    if (c == '?' || c == '*' || c == '+') {
        *min = c == '+';
        ps->p++;
    } else if (c == '{') {
        const char *q = ps->p + 1;
        unsigned n = 0;
        if (q >= ps->end || *q < '0' || *q > '9') {
            ps->bad = 1;
            return;
        }
        for (; q < ps->end && *q >= '0' && *q <= '9'; q++)
            if (n < 1000)
                n = n * 10 + (unsigned)(*q - '0');
        if (q < ps->end && *q == ',')
            for (q++; q < ps->end && *q >= '0' && *q <= '9';)
                q++;
        if (q >= ps->end || *q != '}') {
            ps->bad = 1;
            return;
        }
        *min = n;
        ps->p = q + 1;
    } else {
        return;
    }
    if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '?'))
        ps->p++;
}

static void pf_alt(pf_parser *ps, lit_set *out, int *ws);

/* One branch: the strongest requirement among its literal runs and groups.
 * *ws: on entry, whether the branch starts at a word start (as
 * at_word_start defines it: after a character that is not an ASCII letter
 * or digit, or at the start); on return, whether its end is one. */
static void pf_seq(pf_parser *ps, lit_set *out, int *ws)
{
    lit_set best, one;
    best.any = 1;
    best.n = 0;
    char run[PF_MAXLEN];
    size_t rl = 0;
    unsigned min;
    int at = *ws;         /* the current position is a word start */
    int run_at = 0;       /* at where the current run began */
#define FLUSH() do { \
        if (rl) { \
            one.any = 0; \
            one.at_word_start = run_at; \
            one.n = 1; \
            memcpy(one.s[0], run, rl); \
            one.len[0] = (unsigned char)rl; \
            if (set_better(&one, &best)) \
                best = one; \
            rl = 0; \
        } \
    } while (0)
    while (ps->p < ps->end && !ps->bad && *ps->p != '|' && *ps->p != ')') {
        unsigned char c = (unsigned char)*ps->p++;
        if (c == '\\') {
            if (ps->p >= ps->end) {
                ps->bad = 1;
                break;
            }
            unsigned char e = (unsigned char)*ps->p++;
            if (e >= 0x80 || (ascii_alnum(e) && !strchr("sSwWdDbBhHvV", e)))
                ps->bad = 1;
            FLUSH();
            pf_quant(ps, &min);
            /* \b before a letter or digit, the non-word classes, an escaped
             * punctuation character: what follows is a word start */
            int after = !ascii_alnum(e) || strchr("bsWhv", e) != NULL;
            at = min ? after : at && after;
        } else if (c == '[') {
            if (ps->p < ps->end && *ps->p == '^')
                ps->p++;
            if (ps->p < ps->end && *ps->p == ']')
                ps->p++;
            while (ps->p < ps->end && *ps->p != ']' && !ps->bad) {
                if (*ps->p == '[')
                    ps->bad = 1;    /* POSIX classes and the like */
                else if (*ps->p != '\\')
                    ps->p++;
                else if (ps->p + 1 < ps->end && ps->p[1] != 'Q' && ps->p[1] != 'E')
                    ps->p += 2;
                else
                    ps->bad = 1;
            }
            if (ps->p >= ps->end)
                ps->bad = 1;
            else
                ps->p++;
            FLUSH();
            pf_quant(ps, &min);
            at = 0;     /* a class may match a letter */
        } else if (c == '(') {
            int look = 0;
            if (ps->p < ps->end && *ps->p == '?') {
                const char *q = ps->p + 1;
                if (q < ps->end && *q == ':')
                    ps->p = q + 1;
                else if (q < ps->end && (*q == '=' || *q == '!'))
                    ps->p = q + 1, look = 1;
                else if (q + 1 < ps->end && *q == '<' && (q[1] == '=' || q[1] == '!'))
                    ps->p = q + 2, look = 1;
                else
                    ps->bad = 1;
            } else if (ps->p < ps->end && *ps->p == '*') {
                ps->bad = 1;
            }
            if (ps->bad || ++ps->depth > PF_MAXDEPTH) {
                ps->bad = 1;
                break;
            }
            lit_set inner;
            int end = at;
            pf_alt(ps, &inner, &end);
            ps->depth--;
            if (ps->p >= ps->end || *ps->p != ')') {
                ps->bad = 1;
                break;
            }
            ps->p++;
            FLUSH();
            pf_quant(ps, &min);
            /* The group's first pass starts at at, which is what its
             * strings' property was found from; with repetition the end is
             * still end, as a word start never leads to fewer of them. */
            if (!look) {
                if (min > 0 && set_better(&inner, &best))
                    best = inner;
                at = min ? end : at && end;
            }
        } else if (c == '*' || c == '+' || c == '?' || c == '{') {
            ps->bad = 1;
        } else if (ascii_alnum(c)) {
            const char *from = ps->p;
            pf_quant(ps, &min);
            if (min == 0) {
                FLUSH();
            } else {
                if (rl == 0)
                    run_at = at;
                if (rl < PF_MAXLEN)
                    run[rl++] = (char)ascii_lower(c);
                if (ps->p != from)
                    FLUSH();
            }
            at = 0;
        } else {
            /* ., ^, $, space, punctuation, a UTF-8 character (its
             * continuation bytes taken with it, so a quantifier applies to
             * the whole character) */
            FLUSH();
            const char *ch = ps->p - 1;
            if (c >= 0xC0)
                while (ps->p < ps->end && ((unsigned char)*ps->p & 0xC0) == 0x80)
                    ps->p++;
            /* a caseless non-ASCII letter may match an ASCII one (U+017F,
             * U+212A, U+0131): of non-ASCII characters only General
             * Punctuation (U+2000..U+207F), which has no case, counts */
            int punct = c < 0x80 || (ps->p - ch == 3 && c == 0xE2 && (ch[1] == '\x80' || ch[1] == '\x81'));
            pf_quant(ps, &min);
            int after = c != '.' && c != '$' && punct;
            at = min ? after : at && after;
        }
    }
    FLUSH();
#undef FLUSH
    *ws = at;
    *out = best;
}

/* Branches up to ')' or the end: one of their requirements must hold. *ws
 * as for pf_seq: every branch starts at the entry state; the end is a word
 * start if every branch's is. */
static void pf_alt(pf_parser *ps, lit_set *out, int *ws)
{
    int start = *ws;
    out->any = 0;
    out->at_word_start = 1;
    out->n = 0;
    *ws = 1;
    for (;;) {
        lit_set b;
        int end = start;
        pf_seq(ps, &b, &end);
        set_union(out, &b);
        *ws = *ws && end;
        if (ps->bad || ps->p >= ps->end || *ps->p != '|')
            return;
        ps->p++;
    }
}

static uint32_t tri_key(unsigned char a, unsigned char b, unsigned char c)
{
    return a | (uint32_t)b << 8 | (uint32_t)c << 16;
}

static unsigned tri_hash(uint32_t key)
{
    return (unsigned)((key * 0x9E3779B1u) >> 16);
}

static unsigned char ascii_upper(unsigned char c)
{
    return (unsigned char)(c >= 'a' && c <= 'z' ? c - 32 : c);
}

/* The prefilter of a pattern, or NULL if none is known (owned by the caller). */
static lit_set *prefilter_new(const char *pat, size_t len)
{
    pf_parser ps = {pat, pat + len, 0, 0};
    lit_set set;
    int ws = 0;      /* an unanchored match may start anywhere */
    pf_alt(&ps, &set, &ws);
    if (ps.bad || ps.p != ps.end || set.any || set.n == 0 || set_minlen(&set) < PF_MINLEN)
        return NULL;
    lit_set *f = xmalloc(sizeof *f);
    *f = set;
    return f;
}

static void set_bit(uint64_t *bits, uint32_t key)
{
    unsigned h = tri_hash(key);
    bits[h / 64] |= (uint64_t)1 << (h % 64);
}

/* The block scan's tables from every rule's prefilter (see regex_prep). */
static void scan_build(regex_prep *p)
{
    size_t total = 0;
    for (size_t k = 0; k < p->n; k++) {
        const regex_rule *d = p->rules[k]->data;
        total += d->pf ? d->pf->n : 0;
    }
    if (!total)
        return;
    p->token_scan = 1;
    for (size_t k = 0; k < p->n; k++) {
        const lit_set *set = ((const regex_rule *)p->rules[k]->data)->pf;
        if (set && !set->at_word_start)
            p->token_scan = 0;
    }
    p->strs = xmalloc(total * sizeof *p->strs);
    p->bits = xcalloc(65536 / 64, sizeof *p->bits);
    for (unsigned c = 0; c < 256; c++) {
        p->first[c] = p->nstrs;
        for (size_t k = 0; k < p->n; k++) {
            const lit_set *set = ((const regex_rule *)p->rules[k]->data)->pf;
            for (size_t i = 0; set && i < set->n; i++) {
                const unsigned char *s = (const unsigned char *)set->s[i];
                if (s[0] == c)
                    p->strs[p->nstrs++] = (pf_string){tri_key(s[0], s[1], s[2]), k, set->s[i], set->len[i]};
            }
        }
    }
    p->first[256] = p->nstrs;
    for (size_t i = 0; i < p->nstrs; i++) {
        const unsigned char *s = (const unsigned char *)p->strs[i].s;
        for (unsigned cases = 0; cases < 8; cases++)
            set_bit(p->bits, tri_key(cases & 1 ? ascii_upper(s[0]) : s[0], cases & 2 ? ascii_upper(s[1]) : s[1],
                                     cases & 4 ? ascii_upper(s[2]) : s[2]));
    }
    /* Under UTF caseless matching U+017F (C5 BF) is s and U+212A (E2 84 AA) is k. */
    for (unsigned c = 0; c < 256; c++)
        set_bit(p->bits, tri_key(0xC5, 0xBF, (unsigned char)c));
    set_bit(p->bits, tri_key(0xE2, 0x84, 0xAA));
}

static void push_hit(regex_state *st, size_t start, size_t end, size_t rule)
{
    GROW(st->hits, st->hits_cap, st->nhits + 1);
    st->hits[st->nhits++] = (pf_hit){start, end, rule};
}

/* Position i of u[0, len) passed the bit test: record what really starts there. */
static void scan_verify(const regex_prep *p, regex_state *st, const unsigned char *u, size_t i, size_t len,
                        size_t base)
{
    if (u[i] >= 0x80) {
        if (u[i] == 0xC5 && i + 1 < len && u[i + 1] == 0xBF)
            push_hit(st, base + i, base + i + 2, PF_WILD);
        else if (u[i] == 0xE2 && i + 2 < len && u[i + 1] == 0x84 && u[i + 2] == 0xAA)
            push_hit(st, base + i, base + i + 3, PF_WILD);
        return;
    }
    if (i + PF_MINLEN > len)
        return;
    uint32_t head = tri_key(ascii_lower(u[i]), ascii_lower(u[i + 1]), ascii_lower(u[i + 2]));
    for (size_t k = p->first[head & 0xFF]; k < p->first[(head & 0xFF) + 1]; k++) {
        const pf_string *ps = &p->strs[k];
        size_t n = ps->len, j = PF_MINLEN;
        if (ps->head != head || i + n > len)
            continue;
        while (j < n && ascii_lower(u[i + j]) == (unsigned char)ps->s[j])
            j++;
        if (j == n)
            push_hit(st, base + i, base + i + n, ps->rule);
    }
}

/* May a prefilter string or a wild character start with the bytes a, b, c? */
static inline int may_start(const regex_prep *p, unsigned char a, unsigned char b, unsigned char c)
{
    unsigned h = tri_hash(tri_key(a, b, c));
    return p->bits[h / 64] >> (h % 64) & 1;
}

/* Test position i of u[0, len) (whose text offset is base) for a hit. */
static inline void scan_at(const regex_prep *p, regex_state *st, const unsigned char *u, size_t i, size_t len,
                           size_t base)
{
    if (i + 2 < len) {
        if (may_start(p, u[i], u[i + 1], u[i + 2]))
            scan_verify(p, st, u, i, len, base);
    } else if (i + 2 == len && u[i] == 0xC5) {   /* the one wild character that fits in two bytes */
        scan_verify(p, st, u, i, len, base);
    }
}

/* scan_block's hits when every prefilter is at_word_start, from the
 * block's tokens: such a string starts at a word start, which is the start
 * of a TF_ALNUM token or lies inside another token (letters and digits are
 * only ever inside tokens, and inside a TF_ALNUM token every byte follows a
 * letter or digit; units start at token starts). So a TF_ALNUM token is
 * tested at its start only, and only if it is as long as a string (one
 * would run on into the non-alphanumeric byte after it); an ASCII
 * punctuation token, which holds neither letters nor wild characters, not
 * at all; any other at each of its bytes. */
static void scan_tokens(const regex_prep *p, regex_state *st, const char *text, const block_view *bv)
{
    size_t off = bv->blk->off, len = bv->blk->len;
    const unsigned char *u = (const unsigned char *)text + off;
    st->nhits = 0;
    for (size_t k = 0; k < bv->ntoks; k++) {
        const token *t = &bv->toks[k];
        size_t i = t->off - off;
        if (t->flags & TF_ALNUM) {
            /* one branch, rarely taken: the shorter tokens test their own
             * bytes again (never past the block) and are let off */
            size_t i1 = i + (t->len > 1), i2 = i + 2 * (t->len > 2);
            if (may_start(p, u[i], u[i1], u[i2]) & (t->len >= PF_MINLEN))
                scan_verify(p, st, u, i, len, off);
            continue;
        }
        if (t->kind == TOK_PUNCT && u[i] < 0x80)
            continue;
        for (size_t e = i + t->len; i < e; i++)
            scan_at(p, st, u, i, len, off);
    }
}

/* Every occurrence in text[off, off+len) of a prefilter string or a wild
 * character into st->hits, in ascending order of start. */
static void scan_block(const regex_prep *p, regex_state *st, const char *text, size_t off, size_t len)
{
    const unsigned char *u = (const unsigned char *)text + off;
    st->nhits = 0;
    for (size_t i = 0; i < len; i++)
        scan_at(p, st, u, i, len, off);
}

/* May rule k (with a prefilter) match in the unit [off, off+len)? Only when
 * one of its strings or a wild character lies wholly inside. Units of a
 * block are asked in ascending, non-overlapping order with the same *cur
 * (0 for the first), which only moves forward. */
static int unit_may_match(const regex_state *st, size_t k, size_t off, size_t len, size_t *cur)
{
    size_t end = off + len;
    if (len < PF_MINLEN)
        return 0;
    while (*cur < st->nhits && st->hits[*cur].start < off)
        (*cur)++;
    for (size_t j = *cur; j < st->nhits && st->hits[j].start < end; j++)
        if ((st->hits[j].rule == k || st->hits[j].rule == PF_WILD) && st->hits[j].end <= end)
            return 1;
    return 0;
}

/* Compile one pattern key with a located error for a bad pattern: the column
 * points inside the pattern when the scalar maps 1:1 onto the pattern text. */
static regex *compile_key(const rule *r, const ynode *n, const char *key, unsigned flags, lint_error *err)
{
    const char *pat;
    if (ynode_string(n, key, &pat, err) < 0)
        return NULL;
    char msg[256];
    size_t off = 0;
    regex *re = regex_new(pat, n->len, flags, msg, sizeof msg, &off);
    if (!re) {
        int oneline = !memchr(pat, '\n', n->len) && !memchr(pat, '\r', n->len);
        int quoted_plainly = !n->plain && !strchr(pat, '\\') && !strchr(pat, '\'') && !strchr(pat, '"');
        if (off > n->len)
            off = n->len;
        if (oneline && (n->plain || quoted_plainly)) {
            int col = n->col + (n->plain ? 0 : 1) + (int)utf8_count(pat, off);
            err_set(err, "%s:%d:%d: error: invalid regex in rule '%s': %s at offset %zu", ynode_file(n), n->line,
                    col, r->id, msg, off);
        } else {
            err_set(err, "%s:%d:%d: error: invalid regex in rule '%s': %s at offset %zu", ynode_file(n), n->line,
                    n->col, r->id, msg, off);
        }
        return NULL;
    }
    if (regex_can_match_empty(re)) {
        regex_free(re);
        ynode_error(n, err, "the %s of rule '%s' can match the empty string; make it match at least "
                    "one character", key, r->id);
        return NULL;
    }
    return re;
}

static void regex_free_rule(rule *r)
{
    regex_rule *d = r->data;
    if (!d)
        return;
    regex_free(d->re);
    regex_free(d->unless);
    free(d->pf);
    free(d);
    r->data = NULL;
}

static int regex_compile(rule *r, const ynode *def, const pack_env *env, lint_error *err)
{
    (void)env;
    regex_rule *d = xcalloc(1, sizeof *d);
    r->data = d;
    const ynode *n;
    int cs = 0;
    if ((n = ynode_get(def, "case_sensitive")) && ynode_bool(n, "case_sensitive", &cs, err) < 0)
        return -1;
    if ((n = ynode_get(def, "skip_headings")) && ynode_bool(n, "skip_headings", &d->skip_headings, err) < 0)
        return -1;
    if ((n = ynode_get(def, "scope"))) {
        const char *s;
        if (ynode_string(n, "scope", &s, err) < 0)
            return -1;
        if (strcmp(s, "block") == 0)
            d->block_scope = 1;
        else if (strcmp(s, "sentence") != 0)
            return ynode_error(n, err, "expected 'sentence' or 'block' for 'scope', found '%s'", s);
    }
    unsigned flags = cs ? 0 : REGEX_CASELESS;
    const ynode *pat = ynode_get(def, "pattern");
    if (!pat)
        return ynode_error(def, err, "rule '%s' of kind regex needs a 'pattern'", r->id);
    if (!(d->re = compile_key(r, pat, "pattern", flags, err)))
        return -1;
    d->pf = prefilter_new(ynode_str(pat), pat->len);
    if ((n = ynode_get(def, "unless")) && !(d->unless = compile_key(r, n, "unless", flags, err)))
        return -1;
    if ((n = ynode_get(def, "group"))) {
        double g;
        if (ynode_number(n, "group", &g, err) < 0)
            return -1;
        unsigned max = regex_ncaptures(d->re) < 9 ? regex_ncaptures(d->re) : 9;
        if (g < 0 || g > 9 || g != (double)(unsigned)g || (unsigned)g > max)
            return ynode_error(n, err, "'group' of rule '%s' must be a capture group number from 0 to %u",
                               r->id, max);
        d->group = (unsigned)g;
    }
    return 0;
}

static void *regex_prepare(rule *const *rules, size_t n, const pack_env *env, lint_error *err)
{
    (void)env;
    (void)err;
    regex_prep *p = xcalloc(1, sizeof *p);
    p->rules = xmalloc((n ? n : 1) * sizeof *p->rules);
    memcpy(p->rules, rules, n * sizeof *rules);
    p->n = n;
    scan_build(p);
    return p;
}

static void regex_free_prepared(void *prep)
{
    regex_prep *p = prep;
    if (!p)
        return;
    free(p->rules);
    free(p->strs);
    free(p->bits);
    free(p);
}

static void regex_end(void *prep, check *c)
{
    (void)prep;
    regex_state **st = (regex_state **)check_state(c, &kind_regex);
    if (*st) {
        free((*st)->gave_up);
        free((*st)->hits);
        free(*st);
        *st = NULL;
    }
}

/* Once per rule and file: say that the pattern gave up on a unit. */
static void report_gave_up(check *c, const regex_prep *p, size_t k, size_t off, size_t len)
{
    const regex_rule *d = p->rules[k]->data;
    regex_state *st = *(regex_state **)check_state(c, &kind_regex);
    if (st->gave_up[k])
        return;
    st->gave_up[k] = 1;
    const rule *r = p->rules[k];
    rule view = *r;
    view.message = d->block_scope ? "rule '{rule}' gave up on this paragraph: its pattern is too slow "
                                    "(catastrophic backtracking)"
                                  : "rule '{rule}' gave up on this sentence: its pattern is too slow "
                                    "(catastrophic backtracking)";
    view.suggestions = NULL;
    view.nsugg = 0;
    check_report(c, &view, SEV_WARNING, off, len, NULL, NULL, 0);
}

/* All matches of rule k in text[off, off+len) (the prefilter has passed it). */
static void match_unit(check *c, const regex_prep *p, size_t k, const char *text, size_t off, size_t len)
{
    const rule *r = p->rules[k];
    const regex_rule *d = r->data;
    const char *subj = text + off;
    size_t ov[20];
    size_t npairs = regex_ncaptures(d->re) + 1;   /* > d->group (checked at compile) */
    if (npairs > 10)
        npairs = 10;
    int vetoed = -1;      /* unless not tried yet */
    size_t start = 0;
    while (start < len) {
        int rc = regex_match(d->re, subj, len, start, ov, npairs);
        if (rc == REGEX_NOMATCH)
            return;
        if (rc == REGEX_LIMIT) {
            report_gave_up(c, p, k, off, len);
            return;
        }
        size_t next = ov[1] > start ? ov[1] : start + utf8_seqlen((unsigned char)subj[start]);
        size_t s = ov[2 * d->group], e = ov[2 * d->group + 1];
        start = next;
        if (s == (size_t)-1 || e <= s || memchr(subj + s, PLAIN_OPAQUE, e - s))
            continue;
        if (vetoed < 0 && d->unless) {
            size_t uv[2];
            int u = regex_match(d->unless, subj, len, 0, uv, 1);
            if (u == REGEX_LIMIT) {
                report_gave_up(c, p, k, off, len);
                return;
            }
            vetoed = u == REGEX_MATCH;
        }
        if (vetoed > 0)
            return;
        /* {1}..{9}: the capture groups' text. */
        static const char *const names[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9"};
        const char *vars[2 * 9 + 1];
        char *owned[9];
        size_t nv = 0, no = 0;
        for (size_t i = 1; i < npairs; i++) {
            size_t a = ov[2 * i], b = ov[2 * i + 1];
            owned[no] = a == (size_t)-1 ? xstrdup("") : xstrndup(subj + a, b - a);
            vars[nv++] = names[i - 1];
            vars[nv++] = owned[no++];
        }
        vars[nv] = NULL;
        check_report(c, r, SEV_OFF, off + s, e - s, vars, NULL, 0);
        for (size_t i = 0; i < no; i++)
            free(owned[i]);
    }
}

static void regex_block(void *prep, check *c, const block_view *bv)
{
    const regex_prep *p = prep;
    const char *text = bv->doc->text;
    regex_state **stp = (regex_state **)check_state(c, &kind_regex);
    if (!*stp) {
        *stp = xcalloc(1, sizeof **stp);
        (*stp)->gave_up = xcalloc(p->n ? p->n : 1, 1);
    }
    regex_state *st = *stp;
    /* one scan of the block for every rule's prefilter */
    if (p->token_scan)
        scan_tokens(p, st, text, bv);
    else if (p->bits)
        scan_block(p, st, text, bv->blk->off, bv->blk->len);
    for (size_t k = 0; k < p->n; k++) {
        const regex_rule *d = p->rules[k]->data;
        if (d->skip_headings && bv->blk->kind == BLK_HEADING)
            continue;
        size_t cur = 0;
        if (d->block_scope) {
            if (!d->pf || unit_may_match(st, k, bv->blk->off, bv->blk->len, &cur))
                match_unit(c, p, k, text, bv->blk->off, bv->blk->len);
            continue;
        }
        for (size_t s = 0; s < bv->nsents; s++) {
            const sentence *se = &bv->sents[s];
            if (!d->pf || unit_may_match(st, k, se->off, se->len, &cur))
                match_unit(c, p, k, text, se->off, se->len);
        }
    }
}

const rule_kind kind_regex = {
    .name = "regex",
    .keys = regex_keys,
    .compile = regex_compile,
    .free_rule = regex_free_rule,
    .prepare = regex_prepare,
    .free_prepared = regex_free_prepared,
    .begin = NULL,
    .block = regex_block,
    .end = regex_end,
    .thread_end = regex_thread_end,
};

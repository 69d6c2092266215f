/* readability.c — counts per sentence, section and document, the canonical
 * scores, and the report's JSON and --stats table (see readability.h).
 * Fed block by block by rule_metric.c; never prints.
 */
#include "readability.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shortkey.h"
#include "utf8.h"

void readability_score(const readability_counts *n, readability_scores *s)
{
    memset(s, 0, sizeof *s);
    if (!n->words || !n->sentences)
        return;
    double W = (double)n->words, S = (double)n->sentences, Sy = (double)n->syllables;
    s->flesch_reading_ease = 206.835 - 1.015 * (W / S) - 84.6 * (Sy / W);
    s->flesch_kincaid_grade = 0.39 * (W / S) + 11.8 * (Sy / W) - 15.59;
    s->gunning_fog = 0.4 * (W / S + 100.0 * (double)n->complex_words / W);
    s->smog = 1.0430 * sqrt((double)n->polysyllables * (30.0 / S)) + 3.1291;
    s->coleman_liau = 0.0588 * (100.0 * (double)n->letters / W) - 0.296 * (100.0 * S / W) - 15.8;
    s->ari = 4.71 * ((double)n->chars / W) + 0.5 * (W / S) - 21.43;
    s->lix = W / S + 100.0 * (double)n->long_words / W;
    s->reading_age = s->flesch_kincaid_grade + 5.0;
}

static void stats_finish(readability_stats *st)
{
    readability_score(&st->n, &st->s);
    st->indicative = st->n.words < 100;
    st->smog_extrapolated = st->n.sentences < 30;
}

static void counts_add(readability_counts *a, const readability_counts *b)
{
    a->words += b->words;
    a->sentences += b->sentences;
    a->syllables += b->syllables;
    a->letters += b->letters;
    a->chars += b->chars;
    a->polysyllables += b->polysyllables;
    a->complex_words += b->complex_words;
    a->long_words += b->long_words;
}

/* ---- the accumulator */

/* What the counts need from one word or number token; a function of its
 * text and kind alone, so it is computed once per distinct token. */
typedef struct {
    size_t syl;
    size_t letters;         /* alphabetic characters */
    size_t chars;           /* letters and digits */
    int suffix;             /* suffix_syllable() of the text */
} token_facts;

/* Tokens longer than this are not memoised (their facts are computed afresh). */
#define MEMO_KEY_MAX 64
/* Distinct tokens a memo holds before it starts afresh (bounds its memory). */
#define MEMO_MAX (1u << 18)

/* The memo's table holds small slots (the probes are what miss the cache);
 * each points at a record in memo_recs: a memo_rec, then the key's bytes. */
typedef struct {
    uint32_t hash;          /* the key's slot hash (memo_facts) */
    uint32_t off;           /* the record in memo_recs; 0 marks an empty slot (memo_recs[0] is a pad) */
} memo_slot;

/* What a key's bytes are. A word all of whose bytes are ASCII is keyed on
 * its lower case and whether it is TF_ALLCAPS: its facts depend on nothing
 * else (syllable_word lowers it and spells out only all-capital acronyms),
 * so "The" and "the" share an entry. Other words and numbers are keyed on
 * their exact bytes. Keys of different kinds never compare equal. */
enum { KEY_WORD, KEY_NUMBER, KEY_FOLDED, KEY_FOLDED_CAPS };

typedef struct {
    uint16_t syl;           /* the key's token_facts, narrowed: exact, as len <= MEMO_KEY_MAX */
    uint8_t letters, chars, suffix;
    uint8_t kind;           /* KEY_* */
    uint8_t len;
} memo_rec;

/* A direct-mapped cache in front of the memo for short tokens: the frequent
 * words stay in it, one cache line away, so most tokens never probe the memo. */
#define HOT_N 16384         /* a power of two */
#define HOT_KEY 16

typedef struct {
    char key[HOT_KEY];
    uint8_t len;            /* 0 marks an empty entry (keys are 1..HOT_KEY bytes) */
    uint8_t kind;           /* KEY_*, as in memo_rec */
    uint16_t syl;           /* narrowed token_facts, as in memo_rec */
    uint8_t letters, chars, suffix;
} hot_entry;

typedef struct {
    readability_counts n;
    size_t first_off, first_len;  /* first sentence with words, for sections without a heading */
    int seen;
} section_acc;

/* What a thread has learnt about tokens, kept from one document to the next
 * (the same words recur across a run's files): owned by the thread, valid
 * for the model it was filled for while that model lives (gen). */
typedef struct {
    const syllable_model *m;
    unsigned long gen;            /* syllable_model_generation() when filled */
    memo_slot *memo;              /* facts per distinct (token text, kind); load <= 1/2 */
    size_t memo_cap, memo_n;      /* memo_cap: a power of two */
    buf memo_recs;
    hot_entry hot[HOT_N];
} facts_cache;

static _Thread_local facts_cache *t_facts;

struct readability_acc {
    const document *d;
    facts_cache *fc;              /* the thread's (borrowed) */
    readability_counts total;
    section_acc *secs;            /* one per document section */
    readability_sentence_ref hard[READABILITY_HARDEST];
    size_t nhard;
    readability_sentence *out;    /* the current block's sentences */
    size_t out_cap;
};

static void facts_cache_clear(facts_cache *fc)
{
    memset(fc->memo, 0, fc->memo_cap * sizeof *fc->memo);
    memset(fc->hot, 0, sizeof fc->hot);
    fc->memo_n = 0;
    buf_clear(&fc->memo_recs);
    buf_putc(&fc->memo_recs, 0);
}

/* This thread's cache, emptied unless it was filled for m. */
static facts_cache *facts_cache_for(const syllable_model *m)
{
    facts_cache *fc = t_facts;
    unsigned long gen = syllable_model_generation();
    if (!fc) {
        fc = t_facts = xcalloc(1, sizeof *fc);
        fc->memo_cap = 1024;
        fc->memo = xcalloc(fc->memo_cap, sizeof *fc->memo);
        buf_init(&fc->memo_recs);
        buf_putc(&fc->memo_recs, 0);
    } else if (fc->m != m || fc->gen != gen) {
        facts_cache_clear(fc);
    }
    fc->m = m;
    fc->gen = gen;
    return fc;
}

void readability_thread_end(void)
{
    facts_cache *fc = t_facts;
    if (!fc)
        return;
    free(fc->memo);
    buf_release(&fc->memo_recs);
    free(fc);
    t_facts = NULL;
}

readability_acc *readability_acc_new(const syllable_model *m, const document *d)
{
    readability_acc *a = xcalloc(1, sizeof *a);
    a->d = d;
    a->fc = facts_cache_for(m);
    a->secs = xcalloc(d->nsections ? d->nsections : 1, sizeof *a->secs);
    return a;
}

void readability_acc_free(readability_acc *a)
{
    if (!a)
        return;
    free(a->secs);
    free(a->out);
    free(a);
}

static int is_letter_cp(uint32_t cp)
{
    if (cp < 0x80)
        return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
    return cp >= 0xC0 && cp != 0xD7 && cp != 0xF7 && !(cp >= 0x2000 && cp <= 0x2BFF) &&
           !(cp >= 0x3000 && cp <= 0x303F) && cp != 0xFFFD && !(cp >= 0x1F000 && cp <= 0x1FAFF);
}

/* Did -ed, -es or -ing add the syllable that makes this word three? */
static int suffix_syllable(const char *s, size_t n)
{
    char w[8];
    size_t k = n < 6 ? n : 6;
    for (size_t i = 0; i < k; i++)
        w[i] = (char)(s[n - k + i] | 0x20);
    if (k >= 5 && memcmp(w + k - 3, "ing", 3) == 0)
        return 1;
    if (k >= 4 && memcmp(w + k - 2, "ed", 2) == 0)
        return w[k - 3] == 't' || w[k - 3] == 'd';
    if (k >= 4 && memcmp(w + k - 2, "es", 2) == 0) {
        char c = w[k - 3], b = w[k - 4];
        return c == 's' || c == 'x' || c == 'z' || c == 'c' || c == 'g' ||
               (c == 'h' && (b == 'c' || b == 's'));
    }
    return 0;
}

/* The facts of the n bytes at text, a token of the given kind. */
static token_facts facts_of(const syllable_model *m, const char *text, size_t n, int number)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t letters = 0, digits = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] < 0x80) {
            digits += s[i] >= '0' && s[i] <= '9';
            letters += ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z');
            i++;
            continue;
        }
        uint32_t cp;
        size_t l = utf8_decode(s + i, n - i, &cp);
        if (!l) {
            i++;
            continue;
        }
        if (cp >= '0' && cp <= '9')
            digits++;
        else if (is_letter_cp(cp))
            letters++;
        i += l;
    }
    int syl = number ? syllable_number(m, text, n) : syllable_word(m, text, n);
    return (token_facts){(size_t)syl, letters, letters + digits, suffix_syllable(text, n)};
}


/* Double the table (rehashing from the stored hashes). */
static void memo_grow(facts_cache *a)
{
    size_t cap = a->memo_cap * 2;
    memo_slot *nm = xcalloc(cap, sizeof *nm);
    for (size_t k = 0; k < a->memo_cap; k++) {
        if (!a->memo[k].off)
            continue;
        size_t j = a->memo[k].hash & (cap - 1);
        while (nm[j].off)
            j = (j + 1) & (cap - 1);
        nm[j] = a->memo[k];
    }
    free(a->memo);
    a->memo = nm;
    a->memo_cap = cap;
}

/* Does the key of the given kind at key equal the token's n bytes at s? */
static inline int key_equal(const char *key, int kind, const char *s, size_t n)
{
    return kind >= KEY_FOLDED ? sk_equal_lowered((const unsigned char *)s, key, n) : sk_equal(key, s, n);
}

/* Store the key of the token's n bytes at s, of the given kind, at out. */
static void key_store(char *out, int kind, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = kind >= KEY_FOLDED && s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] | 0x20) : s[i];
}

/* The facts of the token's n bytes at s (1 <= n <= MEMO_KEY_MAX) as a key
 * of the given kind with slot hash h, from the memo or computed and added
 * to it. */
static token_facts memo_find(facts_cache *a, const char *s, size_t n, int kind, uint32_t h)
{
    size_t mask = a->memo_cap - 1, i = h & mask;
    for (; a->memo[i].off; i = (i + 1) & mask) {
        if (a->memo[i].hash != h)
            continue;
        const char *p = a->memo_recs.data + a->memo[i].off;
        memo_rec r;
        memcpy(&r, p, sizeof r);
        if (r.len == n && r.kind == kind && key_equal(p + sizeof r, kind, s, n))
            return (token_facts){r.syl, r.letters, r.chars, r.suffix};
    }
    token_facts f = facts_of(a->m, s, n, kind == KEY_NUMBER);
    if (a->memo_n >= MEMO_MAX) {          /* bounded: start afresh */
        memset(a->memo, 0, a->memo_cap * sizeof *a->memo);
        a->memo_n = 0;
        buf_clear(&a->memo_recs);
        buf_putc(&a->memo_recs, 0);
    }
    if ((a->memo_n + 1) * 2 > a->memo_cap) {
        memo_grow(a);
        mask = a->memo_cap - 1;
    }
    for (i = h & mask; a->memo[i].off; i = (i + 1) & mask)
        ;
    a->memo[i] = (memo_slot){h, (uint32_t)a->memo_recs.len};
    memo_rec r = {(uint16_t)f.syl, (uint8_t)f.letters, (uint8_t)f.chars, (uint8_t)f.suffix,
                  (uint8_t)kind, (uint8_t)n};
    buf_append(&a->memo_recs, &r, sizeof r);
    char key[MEMO_KEY_MAX];
    key_store(key, kind, s, n);
    buf_append(&a->memo_recs, key, n);
    a->memo_n++;
    return f;
}

/* The facts of token t, through the hot cache and the memo. Their slots are
 * picked from the token's (case-blind) hash with its key kind mixed in, and
 * for exact keys its case flags too, so that "Café" and "café" usually take
 * different slots. */
static token_facts memo_facts(facts_cache *a, const char *text, const token *t)
{
    const char *s = text + t->off;
    size_t n = t->len;
    int kind = t->kind == TOK_NUMBER             ? KEY_NUMBER
               : !(t->flags & TF_ASCII)          ? KEY_WORD
               : (t->flags & TF_ALLCAPS)         ? KEY_FOLDED_CAPS
                                                 : KEY_FOLDED;
    if (n == 0 || n > MEMO_KEY_MAX)
        return facts_of(a->m, s, n, kind == KEY_NUMBER);
    uint32_t mix = (uint32_t)kind << 2 | (kind < KEY_FOLDED ? (t->flags & (TF_CAP | TF_ALLCAPS)) : 0);
    uint32_t h = t->hash ^ mix * 0x9E3779B1u;
    if (n > HOT_KEY)
        return memo_find(a, s, n, kind, h);
    hot_entry *e = &a->hot[(h >> 16) & (HOT_N - 1)];
    if (e->len == n && e->kind == kind && key_equal(e->key, kind, s, n))
        return (token_facts){e->syl, e->letters, e->chars, e->suffix};
    token_facts f = memo_find(a, s, n, kind, h);
    key_store(e->key, kind, s, n);
    e->len = (uint8_t)n;
    e->kind = (uint8_t)kind;
    e->syl = (uint16_t)f.syl;
    e->letters = (uint8_t)f.letters;
    e->chars = (uint8_t)f.chars;
    e->suffix = (uint8_t)f.suffix;
    return f;
}

static void count_word(readability_acc *a, const token *t, readability_counts *n)
{
    token_facts f = memo_facts(a->fc, a->d->text, t);
    n->words++;
    n->syllables += f.syl;
    n->letters += f.letters;
    n->chars += f.chars;
    n->long_words += f.letters > 6;
    if (f.syl >= 3) {
        n->polysyllables++;
        int name = (t->flags & TF_ALLCAPS) || ((t->flags & TF_CAP) && !(t->flags & TF_SENT_START));
        if (t->kind == TOK_WORD && !name && !(t->flags & TF_HYPHEN) && !(f.syl == 3 && f.suffix))
            n->complex_words++;
    }
}

static void rank_hard(readability_acc *a, const readability_sentence *rs)
{
    if (rs->n.words < READABILITY_HARD_MIN_WORDS)
        return;
    size_t i = a->nhard;
    if (i == READABILITY_HARDEST && rs->grade <= a->hard[i - 1].grade)
        return;
    if (i == READABILITY_HARDEST)
        i--;
    else
        a->nhard++;
    while (i > 0 && a->hard[i - 1].grade < rs->grade) {
        a->hard[i] = a->hard[i - 1];
        i--;
    }
    a->hard[i] = (readability_sentence_ref){rs->off, rs->len, rs->n.words, rs->grade};
}

const readability_sentence *readability_acc_block(readability_acc *a, const block_view *bv, size_t *nout)
{
    GROW(a->out, a->out_cap, bv->nsents ? bv->nsents : 1);
    section_acc *sec = bv->section < a->d->nsections ? &a->secs[bv->section] : NULL;
    for (size_t si = 0; si < bv->nsents; si++) {
        const sentence *se = &bv->sents[si];
        readability_sentence *rs = &a->out[si];
        memset(rs, 0, sizeof *rs);
        rs->off = se->off;
        rs->len = se->len;
        for (size_t ti = se->tok0; ti < se->tok0 + se->ntok && ti < bv->ntoks; ti++) {
            const token *t = &bv->toks[ti];
            if (t->kind == TOK_NUMBER || (t->kind == TOK_WORD && !(t->flags & TF_URLISH)))
                count_word(a, t, &rs->n);
        }
        if (!rs->n.words)
            continue;
        rs->n.sentences = 1;
        rs->grade = 0.39 * (double)rs->n.words + 11.8 * (double)rs->n.syllables / (double)rs->n.words -
                    15.59;
        counts_add(&a->total, &rs->n);
        if (sec) {
            counts_add(&sec->n, &rs->n);
            if (!sec->seen) {
                sec->seen = 1;
                sec->first_off = rs->off;
                sec->first_len = rs->len;
            }
        }
        rank_hard(a, rs);
    }
    *nout = bv->nsents;
    return a->out;
}

/* Heading text with runs of space (and markup placeholders) as one space. */
static char *collapse(const char *s, size_t n)
{
    buf b;
    buf_init(&b);
    int space = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= ' ' || c == (unsigned char)PLAIN_OPAQUE) {
            space = b.len > 0;
            continue;
        }
        if (space)
            buf_putc(&b, ' ');
        space = 0;
        buf_putc(&b, (char)c);
    }
    return buf_steal(&b);
}

struct readability_report *readability_acc_finish(readability_acc *a)
{
    struct readability_report *r = xcalloc(1, sizeof *r);
    r->doc.n = a->total;
    stats_finish(&r->doc);
    memcpy(r->hardest, a->hard, sizeof a->hard);
    r->nhardest = a->nhard;
    size_t nsec = a->d->nsections;
    r->sections = xcalloc(nsec ? nsec : 1, sizeof *r->sections);
    for (size_t i = 0; i < nsec; i++) {
        if (!a->secs[i].n.words)
            continue;
        const section *s = &a->d->sections[i];
        readability_section *rs = &r->sections[r->nsections++];
        if (s->heading != NO_INDEX && s->heading < a->d->nblocks) {
            const block *h = &a->d->blocks[s->heading];
            rs->heading = collapse(a->d->text + h->off, h->len);
            rs->off = h->off;
            rs->len = h->len;
        } else {
            rs->off = a->secs[i].first_off;
            rs->len = a->secs[i].first_len;
        }
        rs->level = s->level;
        rs->st.n = a->secs[i].n;
        stats_finish(&rs->st);
    }
    readability_acc_free(a);
    return r;
}

void readability_report_free(struct readability_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nsections; i++)
        free(r->sections[i].heading);
    free(r->sections);
    free(r);
}

/* ---- JSON */

/* The shortest of %.15g/%.16g/%.17g that reads back as the same double. */
static void json_double(buf *out, double v)
{
    char tmp[40];
    for (int p = 15; p <= 17; p++) {
        snprintf(tmp, sizeof tmp, "%.*g", p, v);
        if (strtod(tmp, NULL) == v)
            break;
    }
    buf_puts(out, tmp);
}

static void json_stats(buf *out, const readability_stats *st)
{
    const readability_counts *n = &st->n;
    buf_printf(out,
               "\"words\":%zu,\"sentences\":%zu,\"syllables\":%zu,\"letters\":%zu,\"characters\":%zu,"
               "\"polysyllables\":%zu,\"complex_words\":%zu,\"long_words\":%zu",
               n->words, n->sentences, n->syllables, n->letters, n->chars, n->polysyllables,
               n->complex_words, n->long_words);
    const struct { const char *key; double v; } sc[] = {
        {"flesch_reading_ease", st->s.flesch_reading_ease},
        {"flesch_kincaid_grade", st->s.flesch_kincaid_grade},
        {"gunning_fog", st->s.gunning_fog},
        {"smog", st->s.smog},
        {"coleman_liau", st->s.coleman_liau},
        {"ari", st->s.ari},
        {"lix", st->s.lix},
        {"reading_age", st->s.reading_age}};
    for (size_t i = 0; i < ARRAY_LEN(sc); i++) {
        buf_printf(out, ",\"%s\":", sc[i].key);
        if (n->words)
            json_double(out, sc[i].v);
        else
            buf_puts(out, "null");
    }
    buf_printf(out, ",\"indicative\":%s,\"smog_extrapolated\":%s", st->indicative ? "true" : "false",
               st->smog_extrapolated ? "true" : "false");
}

typedef struct {
    size_t off;
    size_t *line;
} line_req;

static int line_req_cmp(const void *a, const void *b)
{
    const line_req *x = a, *y = b;
    return x->off < y->off ? -1 : x->off > y->off;
}

void readability_lines(const struct readability_report *r, const char *src, size_t len, size_t *section_lines,
                       size_t *hardest_lines)
{
    size_t n = r->nsections + r->nhardest;
    line_req *req = xmalloc((n ? n : 1) * sizeof *req);
    for (size_t i = 0; i < r->nsections; i++)
        req[i] = (line_req){r->sections[i].off, &section_lines[i]};
    for (size_t i = 0; i < r->nhardest; i++)
        req[r->nsections + i] = (line_req){r->hardest[i].off, &hardest_lines[i]};
    qsort(req, n, sizeof *req, line_req_cmp);
    size_t line = 1, at = 0;
    for (size_t i = 0; i < n; i++) {
        size_t lim = req[i].off < len ? req[i].off : len;
        const char *nl;
        while (at < lim && (nl = memchr(src + at, '\n', lim - at))) {
            line++;
            at = (size_t)(nl - src) + 1;
        }
        if (at < lim)
            at = lim;
        *req[i].line = line;
    }
    free(req);
}

void readability_json(buf *out, const struct readability_report *r, const char *src, size_t len)
{
    size_t *lines = xmalloc((r->nsections + r->nhardest + 1) * sizeof *lines);
    size_t *hlines = lines + r->nsections;
    readability_lines(r, src, len, lines, hlines);
    buf_putc(out, '{');
    json_stats(out, &r->doc);
    buf_puts(out, ",\"hardest\":[");
    for (size_t i = 0; i < r->nhardest; i++) {
        const readability_sentence_ref *h = &r->hardest[i];
        buf_printf(out, "%s{\"line\":%zu,\"offset\":%zu,\"length\":%zu,\"words\":%zu,\"grade\":",
                   i ? "," : "", hlines[i], h->off, h->len, h->words);
        json_double(out, h->grade);
        buf_putc(out, '}');
    }
    buf_puts(out, "],\"sections\":[");
    for (size_t i = 0; i < r->nsections; i++) {
        const readability_section *s = &r->sections[i];
        buf_puts(out, i ? ",{" : "{");
        json_stats(out, &s->st);
        buf_puts(out, ",\"heading\":");
        if (s->heading)
            buf_json_string(out, s->heading, strlen(s->heading));
        else
            buf_puts(out, "null");
        buf_printf(out, ",\"level\":%d,\"line\":%zu}", s->level, lines[i]);
    }
    buf_puts(out, "]}");
    free(lines);
}

/* ---- the --stats table */

/* Append s (n bytes) on one line, spaces collapsed, at most max code points
 * (longer text is cut and ends in "..."), padded to width code points. */
static size_t put_run(buf *out, const char *s, size_t n, size_t limit)
{
    size_t cps = 0;
    int space = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        size_t l = utf8_seqlen(c);
        if (i + l > n)
            break;
        i += l;
        if (c <= ' ' || c == (unsigned char)PLAIN_OPAQUE) {
            space = cps > 0;
            continue;
        }
        if (cps + space + 1 > limit)
            break;
        if (space && out)
            buf_putc(out, ' ');
        if (out)
            buf_append(out, s + i - l, l);
        cps += (size_t)space + 1;
        space = 0;
    }
    return cps;
}

static void put_cell(buf *out, const char *s, size_t n, size_t max, size_t width)
{
    size_t cps = put_run(NULL, s, n, (size_t)-1);
    if (cps <= max) {
        put_run(out, s, n, max);
    } else {
        cps = put_run(out, s, n, max - 3) + 3;
        buf_puts(out, "...");
    }
    for (; cps < width; cps++)
        buf_putc(out, ' ');
}

static void table_row(buf *out, const char *line, const char *name, size_t namelen,
                      const readability_stats *st)
{
    buf_printf(out, "%6s  ", line);
    put_cell(out, name, namelen, 32, 32);
    const readability_counts *n = &st->n;
    double avg = n->sentences ? (double)n->words / (double)n->sentences : 0.0;
    buf_printf(out, "  %6zu%s %9zu  %8.1f  %12.1f  %5.1f  %11.1f\n", n->words, st->indicative ? "*" : " ",
               n->sentences, avg, st->s.flesch_reading_ease, st->s.flesch_kincaid_grade,
               st->s.reading_age);
}

void readability_table(buf *out, const struct readability_report *r, const char *src, size_t len)
{
    buf_printf(out, "%6s  %-32s  %6s  %9s  %8s  %12s  %5s  %11s\n", "Line", "Section", "Words", "Sentences",
               "Avg len", "Reading ease", "Grade", "Reading age");
    table_row(out, "", "(whole document)", strlen("(whole document)"), &r->doc);
    size_t *lines = xmalloc((r->nsections + r->nhardest + 1) * sizeof *lines);
    size_t *hlines = lines + r->nsections;
    readability_lines(r, src, len, lines, hlines);
    for (size_t i = 0; i < r->nsections; i++) {
        const readability_section *s = &r->sections[i];
        char line[24];
        snprintf(line, sizeof line, "%zu", lines[i]);
        const char *name = s->heading ? s->heading : "(before the first heading)";
        table_row(out, line, name, strlen(name), &s->st);
    }
    int marked = r->doc.indicative;
    for (size_t i = 0; i < r->nsections; i++)
        marked |= r->sections[i].st.indicative;
    if (marked)
        buf_puts(out, "* fewer than 100 words: the scores are indicative.\n");
    if (r->nhardest)
        buf_printf(out, "\nHardest sentences (Flesch-Kincaid grade of the sentence alone):\n");
    for (size_t i = 0; i < r->nhardest; i++) {
        const readability_sentence_ref *h = &r->hardest[i];
        buf_printf(out, "  line %zu: grade %.1f (reading age %.1f), %zu words: \"",
                   hlines[i], h->grade, h->grade + 5.0, h->words);
        if (h->off < len)
            put_cell(out, src + h->off, h->off + h->len <= len ? h->len : len - h->off, 72, 0);
        buf_puts(out, "\"\n");
    }
    free(lines);
}

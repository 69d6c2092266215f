/* spell.c — spelling behind spell.h: dictionary checks at load time, then
 * per-thread memos while checking. Words are answered from the embedded word
 * image of the dictionary (spellimg.h) when its stamp matches the files, else
 * by hunspell (struct shared_handle says whose handle). The only file that
 * includes <hunspell.h>.
 */
#include "spell.h"
#include "spellimg.h"

#include <hunspell.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "shortkey.h"
#include "utf8.h"

/* Longer "words" are never looked up (reported as spelt right). */
#define SPELL_MAXWORD 100
/* A memo holding this many words is emptied and starts again. */
#define MEMO_MAX (1u << 20)
/* Dictionaries one thread keeps open at once. */
#define THREAD_DICTS 4

/* The images made at build time (spell_images.S). */
extern const unsigned char plainsafe_spell_images[], plainsafe_spell_images_end[];

struct spell_dict {
    uint64_t id;          /* unique per dictionary ever made: the thread caches' key */
    char *language, *aff, *dic;   /* owned */
    char **words;         /* owned: accepted words, for hunspell handles */
    size_t nwords, wcap;
    size_t max_sugg;
    int imaged;           /* the oracle answers what it can; else hunspell answers all */
    spellimg_image img;   /* points into the embedded images */
    spellimg_builder accepted;       /* accepted words hunspell would add */
    spellimg_builder accepted_upper; /* ALL-CAPS forms of those with inner capitals */
    spellimg_builder accepted_twins; /* their hidden twins ("Mcnorthfield") */
    spellimg_oracle oracle;   /* over img and the accepted sets */
    struct shared_handle *shared;  /* owned; with an image, the one handle all threads ask */
};

/* With an image, hunspell hears only the few words the image cannot answer,
 * so the threads share one handle (each handle costs the dictionary's load,
 * some 40 ms) and take turns on it. Without an image it hears every word,
 * and each thread opens its own. */
struct shared_handle {
    pthread_mutex_t mu;   /* guards the rest and every call on h */
    int opened;           /* h was tried */
    Hunhandle *h;
};

typedef struct {
    char *word;           /* owned; NULL marks an empty slot */
    uint32_t len;
    uint64_t hash;
    int ok;
    int have_sugg;
    char **sugg;          /* owned */
    size_t nsugg;
} memo_ent;

typedef struct {
    uint64_t id;          /* 0: unused */
    Hunhandle *h;         /* without an image: this thread's own, opened on first need */
    int opened;           /* h was tried (Hunspell_create may fail: then all words are right) */
    memo_ent *ents;
    size_t cap, n;
    size_t lookups, hits, suggests, asked;
    uint64_t last_use;
} thread_dict;

/* The image's answers for the words a thread met last, direct-mapped by the
 * word's hash, for the dictionary with that id: frequent words stay in it,
 * a cache line away, where the image costs two misses into megabytes (and
 * with several threads, shared cache and memory bandwidth). Owned by the
 * thread; exact (keyed on the word's bytes). */
#define HOT_N 16384         /* a power of two */
#define HOT_KEY 22

typedef struct {
    char key[HOT_KEY];
    uint8_t len;            /* 0 marks an empty entry (keys are 1..HOT_KEY bytes) */
    uint8_t answer;         /* SPELLIMG_YES, SPELLIMG_NO or SPELLIMG_ASK */
} hot_entry;

typedef struct {
    uint64_t id;            /* the dictionary the answers are from */
    hot_entry e[HOT_N];
} hot_cache;

static atomic_uint_fast64_t next_id = 1;
static _Thread_local thread_dict t_dicts[THREAD_DICTS];
static _Thread_local uint64_t t_clock;
static _Thread_local hot_cache *t_hot;
/* libhunspell's constructor and destructor share an unsynchronised reference
 * count on a global UTF-8 table (initialize_utf_tbl/free_utf_tbl): handles
 * are created and destroyed one at a time. */
static pthread_mutex_t lifecycle = PTHREAD_MUTEX_INITIALIZER;

static void package_name(const char *language, char *out, size_t cap)
{
    size_t n = 0;
    for (const char *p = "hunspell-"; *p && n + 1 < cap; p++)
        out[n++] = *p;
    for (const char *p = language; *p && n + 1 < cap; p++)
        out[n++] = *p == '_' ? '-' : (*p >= 'A' && *p <= 'Z') ? (char)(*p - 'A' + 'a') : *p;
    out[n] = 0;
}

static int readable(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    fclose(f);
    return 1;
}

/* The encoding named by the .aff file's SET line ("ISO8859-1" when absent,
 * hunspell's default), copied into out. */
static void aff_encoding(const char *aff, char *out, size_t cap)
{
    snprintf(out, cap, "ISO8859-1");
    FILE *f = fopen(aff, "rb");
    if (!f)
        return;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        const char *p = line;
        if (p[0] == '\xEF' && p[1] == '\xBB' && p[2] == '\xBF')
            p += 3;
        if (strncmp(p, "SET", 3) == 0 && (p[3] == ' ' || p[3] == '\t')) {
            p += 4;
            while (*p == ' ' || *p == '\t')
                p++;
            size_t n = strcspn(p, " \t\r\n");
            snprintf(out, cap, "%.*s", (int)n, p);
            break;
        }
    }
    fclose(f);
}

spell_dict *spell_dict_new(const char *language, const char *dict_dir, size_t max_sugg, lint_error *err)
{
    char pkg[64];
    package_name(language, pkg, sizeof pkg);
    for (const char *p = language; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '_' || *p == '-')) {
            err_set(err, "invalid language name '%s' (expected a name such as en_GB)", language);
            return NULL;
        }
    if (!*language) {
        err_set(err, "empty language name (expected a name such as en_GB)");
        return NULL;
    }
    buf aff, dic;
    buf_init(&aff);
    buf_init(&dic);
    buf_printf(&aff, "%s/%s.aff", dict_dir, language);
    buf_printf(&dic, "%s/%s.dic", dict_dir, language);
    if (!readable(aff.data) || !readable(dic.data)) {
        err_set(err, "no hunspell dictionary for %s in %s (install %s)", language, dict_dir, pkg);
        buf_release(&aff);
        buf_release(&dic);
        return NULL;
    }
    char enc[64];
    aff_encoding(aff.data, enc, sizeof enc);
    if (strcmp(enc, "UTF-8") != 0 && strcmp(enc, "utf-8") != 0 && strcmp(enc, "UTF8") != 0) {
        err_set(err, "hunspell dictionary %s is in %s; plainsafe needs a UTF-8 dictionary", aff.data, enc);
        buf_release(&aff);
        buf_release(&dic);
        return NULL;
    }
    spell_dict *d = xcalloc(1, sizeof *d);
    d->id = atomic_fetch_add(&next_id, 1);
    d->language = xstrdup(language);
    d->aff = buf_steal(&aff);
    d->dic = buf_steal(&dic);
    d->max_sugg = max_sugg;
    spellimg_builder_init(&d->accepted);
    spellimg_builder_init(&d->accepted_upper);
    spellimg_builder_init(&d->accepted_twins);
    spellimg_stamp st;
    d->imaged = spellimg_stamp_of(d->aff, d->dic, &st) == 0 &&
                spellimg_find(plainsafe_spell_images, (size_t)(plainsafe_spell_images_end - plainsafe_spell_images),
                              language, &st, &d->img);
    d->shared = xcalloc(1, sizeof *d->shared);
    pthread_mutex_init(&d->shared->mu, NULL);
    d->oracle = (spellimg_oracle){{&d->img.forms, &d->accepted.set},
                                  {&d->img.upper, &d->accepted_upper.set},
                                  d->img.iconv_apos, {0}};
    memcpy(d->oracle.script_max, d->img.script_max, sizeof d->oracle.script_max);
    return d;
}

int spell_dict_imaged(const spell_dict *d)
{
    return d->imaged;
}

void spell_dict_unimage(spell_dict *d)
{
    d->imaged = 0;
}

void spell_dict_free(spell_dict *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->nwords; i++)
        free(d->words[i]);
    free(d->words);
    spellimg_builder_release(&d->accepted);
    spellimg_builder_release(&d->accepted_upper);
    spellimg_builder_release(&d->accepted_twins);
    if (d->shared->h) {
        pthread_mutex_lock(&lifecycle);
        Hunspell_destroy(d->shared->h);
        pthread_mutex_unlock(&lifecycle);
    }
    pthread_mutex_destroy(&d->shared->mu);
    free(d->shared);
    free(d->language);
    free(d->aff);
    free(d->dic);
    free(d);
}

/* Hunspell_add(word) as the oracle sees it. hunspell ignores a word its
 * table already holds: a hidden twin of a dictionary word (spellimg_image) or
 * of an accepted word. Otherwise the word is accepted as written and, if it
 * has inner capitals, in ALL CAPS through its own hidden twin. (A dictionary
 * root is ignored too, but accepting it again changes no answer.) */
void spell_dict_add(spell_dict *d, const char *word, size_t len)
{
    if (!len || len > SPELL_MAXWORD)
        return;
    GROW(d->words, d->wcap, d->nwords + 1);
    d->words[d->nwords++] = xstrndup(word, len);
    spellimg_script_runs(word, len, d->oracle.script_max);
    if (!d->imaged || spellimg_has(&d->img.twins, word, len) || spellimg_has(&d->accepted_twins.set, word, len))
        return;
    char up[SPELL_MAXWORD + 1], twin[SPELL_MAXWORD + 1];
    int ct = spellimg_captype(word, len), ok = spellimg_builder_add(&d->accepted, word, len) >= 0;
    if (ct == SPELLIMG_HUHCAP || ct == SPELLIMG_HUHINITCAP) {
        if (spellimg_upper(word, len, up))
            ok &= spellimg_builder_add(&d->accepted_upper, up, len) >= 0;
        if (spellimg_capitalise(word, len, twin) && !spellimg_has(&d->accepted.set, twin, len))
            ok &= spellimg_builder_add(&d->accepted_twins, twin, len) >= 0;
    }
    if (!ok)
        d->imaged = 0;
}

const char *spell_dict_language(const spell_dict *d)
{
    return d->language;
}

static void memo_clear(thread_dict *t)
{
    for (size_t i = 0; i < t->cap; i++) {
        memo_ent *e = &t->ents[i];
        if (!e->word)
            continue;
        free(e->word);
        for (size_t k = 0; k < e->nsugg; k++)
            free(e->sugg[k]);
        free(e->sugg);
    }
    free(t->ents);
    t->ents = NULL;
    t->cap = t->n = 0;
}

static void thread_dict_close(thread_dict *t)
{
    memo_clear(t);
    if (t->h) {
        pthread_mutex_lock(&lifecycle);
        Hunspell_destroy(t->h);
        pthread_mutex_unlock(&lifecycle);
    }
    memset(t, 0, sizeof *t);
}

static thread_dict *thread_dict_for(const spell_dict *d)
{
    thread_dict *lru = &t_dicts[0];
    t_clock++;
    for (size_t i = 0; i < THREAD_DICTS; i++) {
        if (t_dicts[i].id == d->id) {
            t_dicts[i].last_use = t_clock;
            return &t_dicts[i];
        }
        if (t_dicts[i].last_use < lru->last_use)
            lru = &t_dicts[i];
    }
    thread_dict_close(lru);
    lru->id = d->id;
    lru->last_use = t_clock;
    return lru;
}

/* A new hunspell handle for d with its accepted words; NULL if it cannot be. */
static Hunhandle *open_handle(const spell_dict *d)
{
    pthread_mutex_lock(&lifecycle);
    Hunhandle *h = Hunspell_create(d->aff, d->dic);
    pthread_mutex_unlock(&lifecycle);
    if (h)
        for (size_t i = 0; i < d->nwords; i++)
            Hunspell_add(h, d->words[i]);
    return h;
}

/* Hunspell's answer for w (NUL-terminated); no_hunspell if no handle opens. */
static int ask_hunspell(const spell_dict *d, thread_dict *t, const char *w, int no_hunspell)
{
    t->asked++;
    if (!d->imaged) {
        if (!t->opened) {
            t->opened = 1;
            t->h = open_handle(d);
        }
        return t->h ? Hunspell_spell(t->h, w) != 0 : no_hunspell;
    }
    struct shared_handle *sh = d->shared;
    pthread_mutex_lock(&sh->mu);
    if (!sh->opened) {
        sh->opened = 1;
        sh->h = open_handle(d);
    }
    int ok = sh->h ? Hunspell_spell(sh->h, w) != 0 : no_hunspell;
    pthread_mutex_unlock(&sh->mu);
    return ok;
}

/* Is w (NUL-terminated, n bytes) right? The image's answer when it has one,
 * else hunspell's; if hunspell cannot open, no_hunspell. */
static int spelt_right(const spell_dict *d, thread_dict *t, const char *w, size_t n, int no_hunspell)
{
    if (d->imaged) {
        int r = spellimg_check(&d->oracle, w, n);
        if (r != SPELLIMG_ASK)
            return r == SPELLIMG_YES;
    }
    return ask_hunspell(d, t, w, no_hunspell);
}

static memo_ent *memo_slot(memo_ent *ents, size_t cap, const char *w, size_t n, uint64_t h)
{
    size_t mask = cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        memo_ent *e = &ents[i];
        if (!e->word || (e->hash == h && e->len == n && memcmp(e->word, w, n) == 0))
            return e;
    }
}

/* The memo entry for word, looked up on first sight. */
static memo_ent *memo_get(const spell_dict *d, thread_dict *t, const char *w, size_t n)
{
    uint64_t h = hash_bytes(w, n);
    if (t->cap) {
        memo_ent *e = memo_slot(t->ents, t->cap, w, n, h);
        if (e->word) {
            t->hits++;
            return e;
        }
    }
    if (t->n >= MEMO_MAX)
        memo_clear(t);
    if ((t->n + 1) * 10 > t->cap * 7) {
        size_t nc = t->cap ? t->cap * 2 : 1024;
        memo_ent *ne = xcalloc(nc, sizeof *ne);
        for (size_t i = 0; i < t->cap; i++)
            if (t->ents[i].word)
                *memo_slot(ne, nc, t->ents[i].word, t->ents[i].len, t->ents[i].hash) = t->ents[i];
        free(t->ents);
        t->ents = ne;
        t->cap = nc;
    }
    memo_ent *e = memo_slot(t->ents, t->cap, w, n, h);
    e->word = xstrndup(w, n);
    e->len = (uint32_t)n;
    e->hash = h;
    e->ok = spelt_right(d, t, e->word, n, 1);   /* no false alarms without hunspell */
    t->n++;
    t->lookups++;
    return e;
}

/* spellimg_check through this thread's hot cache (d imaged). */
static int image_answer(const spell_dict *d, const char *w, size_t n)
{
    if (n > HOT_KEY)
        return spellimg_check(&d->oracle, w, n);
    hot_cache *c = t_hot;
    if (!c)
        c = t_hot = xcalloc(1, sizeof *c);
    if (c->id != d->id) {
        memset(c->e, 0, sizeof c->e);
        c->id = d->id;
    }
    hot_entry *e = &c->e[sk_hash(w, n) & (HOT_N - 1)];
    if (e->len == n && sk_equal(e->key, w, n))
        return e->answer;
    int r = spellimg_check(&d->oracle, w, n);
    memcpy(e->key, w, n);
    e->len = (uint8_t)n;
    e->answer = (uint8_t)r;
    return r;
}

int spell_check(const spell_dict *d, const char *word, size_t n)
{
    if (!n || n > SPELL_MAXWORD)
        return 1;
    if (d->imaged) {
        int r = image_answer(d, word, n);
        if (r != SPELLIMG_ASK)
            return r == SPELLIMG_YES;
    }
    thread_dict *t = thread_dict_for(d);
    return memo_get(d, t, word, n)->ok;
}

/* Suggestions for a misspelt word: the words one edit away that the
 * dictionary accepts — a space added ("alot"), two letters swapped, one
 * letter replaced, removed or added — in that order, at most max. Hunspell's own
 * suggester costs tens of milliseconds a word (n-gram search over the whole
 * dictionary); this costs a few hundred spell checks (microseconds from the
 * image) and finds the typing slips that make up most misspellings. Edits
 * touch ASCII letters only, so a word's accented letters stay as written. */
static size_t edit_suggestions(const spell_dict *d, thread_dict *t, const char *w, size_t n, size_t max,
                               char ***out)
{
    static const char letters[] = "abcdefghijklmnopqrstuvwxyz";
    char **list = NULL;
    size_t count = 0;
    char cand[SPELL_MAXWORD + 3];
    int upper = w[0] >= 'A' && w[0] <= 'Z';
    /* Try cand (NUL-terminated); keep it if new and spelt right. */
#define TRY() ADD(spelt_right(d, t, cand, strlen(cand), 0))
    /* Keep cand if new and ok. */
#define ADD(ok)                                                                  \
    do {                                                                         \
        int seen_ = strcmp(cand, w) == 0;                                        \
        for (size_t k_ = 0; k_ < count && !seen_; k_++)                          \
            seen_ = strcmp(list[k_], cand) == 0;                                 \
        if (!seen_ && (ok)) {                                                    \
            list = xrealloc(list, (count + 1) * sizeof *list);                   \
            list[count++] = xstrdup(cand);                                       \
            if (count == max)                                                    \
                goto done;                                                       \
        }                                                                        \
    } while (0)
    if (!max || n > SPELL_MAXWORD)
        return 0;
    for (size_t i = 1; i + 1 < n; i++) {          /* a space added: "alot" -> "a lot" */
        if (((unsigned char)w[i] & 0xC0) == 0x80)
            continue;
        /* One-letter halves only as the words "a" and "I": not "T eh", not "α beta". */
        if ((utf8_count(w, i) == 1 && !(i == 1 && strchr("aAI", w[0]))) || utf8_count(w + i, n - i) < 2)
            continue;
        memcpy(cand, w, i);
        cand[i] = 0;
        if (!spelt_right(d, t, cand, i, 0) || !spelt_right(d, t, w + i, n - i, 0))
            continue;
        cand[i] = ' ';
        memcpy(cand + i + 1, w + i, n - i + 1);
        ADD(1); /* both halves are words; hunspell does not spell phrases */
    }
    for (size_t i = 0; i + 1 < n; i++) {          /* swapped */
        if ((unsigned char)w[i] >= 0x80 || (unsigned char)w[i + 1] >= 0x80 || w[i] == w[i + 1])
            continue;
        memcpy(cand, w, n + 1);
        cand[i] = w[i + 1];
        cand[i + 1] = w[i];
        TRY();
    }
    for (size_t i = 0; i < n; i++) {              /* replaced */
        if ((unsigned char)w[i] >= 0x80)
            continue;
        for (const char *l = letters; *l; l++) {
            char c = (i == 0 && upper) ? (char)(*l - 'a' + 'A') : *l;
            if (c == w[i])
                continue;
            memcpy(cand, w, n + 1);
            cand[i] = c;
            TRY();
        }
    }
    for (size_t i = 0; i < n && n > 1; i++) {     /* removed */
        if ((unsigned char)w[i] >= 0x80)
            continue;
        memcpy(cand, w, i);
        memcpy(cand + i, w + i + 1, n - i);
        TRY();
    }
    for (size_t i = 0; i <= n; i++) {             /* added */
        if (i < n && ((unsigned char)w[i] & 0xC0) == 0x80)
            continue;
        for (const char *l = letters; *l; l++) {
            memcpy(cand, w, i);
            cand[i] = (i == 0 && upper) ? (char)(*l - 'a' + 'A') : *l;
            memcpy(cand + i + 1, w + i, n - i + 1);
            TRY();
        }
    }
done:
#undef TRY
#undef ADD
    *out = list;
    return count;
}

size_t spell_suggest(const spell_dict *d, const char *word, size_t n, const char *const **out)
{
    *out = NULL;
    if (!n || n > SPELL_MAXWORD || !d->max_sugg)
        return 0;
    thread_dict *t = thread_dict_for(d);
    memo_ent *e = memo_get(d, t, word, n);
    if (!e->have_sugg) {
        e->have_sugg = 1;
        t->suggests++;
        e->nsugg = edit_suggestions(d, t, e->word, e->len, d->max_sugg, &e->sugg);
    }
    *out = (const char *const *)e->sugg;
    return e->nsugg;
}

void spell_stats(const spell_dict *d, size_t *lookups, size_t *hits, size_t *suggests, size_t *asked)
{
    *lookups = *hits = *suggests = *asked = 0;
    for (size_t i = 0; i < THREAD_DICTS; i++)
        if (t_dicts[i].id == d->id) {
            *lookups = t_dicts[i].lookups;
            *hits = t_dicts[i].hits;
            *suggests = t_dicts[i].suggests;
            *asked = t_dicts[i].asked;
        }
}

void spell_thread_end(void)
{
    for (size_t i = 0; i < THREAD_DICTS; i++)
        thread_dict_close(&t_dicts[i]);
    free(t_hot);
    t_hot = NULL;
}

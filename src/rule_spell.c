/* rule_spell.c — the `spell` rule kind: hunspell over the words of each
 * sentence, skipping what is not a dictionary word (names inside a sentence,
 * acronyms, numbers, URLs, words with digits, single letters). A capitalised
 * unknown word at a sentence start is decided at the end of the file: it is
 * a name if the file also uses it inside a sentence. Keys: docs/rule-kinds.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pack.h"
#include "rule.h"
#include "shortkey.h"
#include "utf8.h"
#include "spell.h"

extern const rule_kind kind_spell;

#define WORD_MAX 100
#define LONGEST_WORD 30

typedef struct {
    spell_dict *dict;     /* owned */
    int skip_headings;
} spell_rule;

typedef struct {
    rule **rules;         /* owned array of borrowed rules */
    size_t n;
} spell_prep;

typedef struct {
    const rule *r;
    size_t off, len;
    char *word;           /* owned: the word as checked (possessive stripped) */
    char *folded;         /* owned: word in lower case, for counting uses */
    int maybe_name;       /* capitalised at a sentence start: fine if used as a name */
} pending;

/* A set of strings (open addressing; NULL slots empty). */
typedef struct {
    char **v;             /* owned, with the strings */
    size_t cap, n;
} strset;

/* Per-file state: capitalised words seen inside sentences (names), the
 * unknown words waiting for the end of the file (a name is only known once
 * the whole file is read, and so is how often a word is used), and the misspelt
 * words given suggestions (at most SUGGEST_PER_FILE: hunspell's suggest is
 * slow, and the bound keeps a file with thousands of unknown words fast;
 * counting per file keeps the output independent of --jobs). */
typedef struct {
    strset names, suggested;
    pending *pend;        /* owned */
    size_t npend, pcap;
} spell_state;

#define SUGGEST_PER_FILE 10
#define REPEATED_TERM 3
#define COMPOUND_HEAD 3
#define COMPOUND_TAIL 4

static const char *const spell_keys[] = {"language", "wordlists", "words", "suggest", "skip_headings", NULL};

/* ---- compiling ---------------------------------------------------------- */

static void add_list(spell_dict *d, const char *data, size_t len)
{
    size_t i = 0;
    while (i < len) {
        size_t e = i;
        while (e < len && data[e] != '\n')
            e++;
        size_t a = i;
        while (a < e && (data[a] == ' ' || data[a] == '\t' || data[a] == '\r'))
            a++;
        size_t b = a;
        while (b < e && data[b] != ' ' && data[b] != '\t' && data[b] != '\r')
            b++;
        if (b > a && data[a] != '#')
            spell_dict_add(d, data + a, b - a);
        i = e + 1;
    }
}

static int read_file(const char *path, buf *out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(out, chunk, n);
    int bad = ferror(f);
    fclose(f);
    return bad ? -1 : 0;
}

/* A word list: a file next to the pack (for pack files), else an embedded
 * file; "{language}" in the name is replaced by the language. */
static int load_wordlist(spell_dict *d, const ynode *at, const char *name, const char *language,
                         const pack_env *env, lint_error *err)
{
    buf nm;
    buf_init(&nm);
    const char *p = strstr(name, "{language}");
    if (p) {
        buf_append(&nm, name, (size_t)(p - name));
        buf_puts(&nm, language);
        buf_puts(&nm, p + 10);
    } else {
        buf_puts(&nm, name);
    }
    int rc = 0;
    if (env->base_dir) {
        buf path, text;
        buf_init(&path);
        buf_init(&text);
        if (nm.data[0] == '/')
            buf_puts(&path, nm.data);
        else
            buf_printf(&path, "%s/%s", env->base_dir, nm.data);
        int ok = read_file(path.data, &text) == 0;
        if (ok)
            add_list(d, text.data ? text.data : "", text.len);
        buf_release(&path);
        buf_release(&text);
        if (ok)
            goto done;
    }
    const embedded_file *ef = embedded_find(nm.data);
    if (ef)
        add_list(d, ef->data, ef->len);
    else if (env->base_dir)
        rc = ynode_error(at, err, "word list '%s' not found (looked in %s and the built-in files)", nm.data,
                         env->base_dir);
    else
        rc = ynode_error(at, err, "word list '%s' is not a built-in file", nm.data);
done:
    buf_release(&nm);
    return rc;
}

static void spell_free_rule(rule *r)
{
    spell_rule *d = r->data;
    if (!d)
        return;
    spell_dict_free(d->dict);
    free(d);
    r->data = NULL;
}

static int spell_compile(rule *r, const ynode *def, const pack_env *env, lint_error *err)
{
    spell_rule *d = xcalloc(1, sizeof *d);
    r->data = d;
    const ynode *n, *langn = ynode_get(def, "language");
    const char *language = env->language && *env->language ? env->language : "en_GB";
    if (langn && ynode_string(langn, "language", &language, err) < 0)
        return -1;
    double sugg = 3;
    if ((n = ynode_get(def, "suggest"))) {
        if (ynode_number(n, "suggest", &sugg, err) < 0)
            return -1;
        if (sugg < 0 || sugg > 20 || sugg != (double)(int)sugg)
            return ynode_error(n, err, "'suggest' must be a whole number from 0 to 20");
    }
    if ((n = ynode_get(def, "skip_headings")) && ynode_bool(n, "skip_headings", &d->skip_headings, err) < 0)
        return -1;
    lint_error derr;
    err_clear(&derr);
    const char *dir = env->dict_dir && *env->dict_dir ? env->dict_dir : "/usr/share/hunspell";
    d->dict = spell_dict_new(language, dir, (size_t)sugg, &derr);
    if (!d->dict)
        return ynode_error(langn ? langn : def, err, "%s", derr.msg);
    if ((n = ynode_get(def, "words"))) {
        const char **w;
        size_t nw;
        if (ynode_strings(n, "words", &w, &nw, err) < 0)
            return -1;
        for (size_t i = 0; i < nw; i++)
            spell_dict_add(d->dict, w[i], strlen(w[i]));
        free(w);
    }
    if ((n = ynode_get(def, "wordlists"))) {
        const char **w;
        size_t nw;
        if (ynode_strings(n, "wordlists", &w, &nw, err) < 0)
            return -1;
        for (size_t i = 0; i < nw; i++)
            if (load_wordlist(d->dict, n->type == YN_SEQ ? ynode_item(n, i) : n, w[i], language, env, err) < 0) {
                free(w);
                return -1;
            }
        free(w);
    }
    for (size_t i = 0; i < env->nwords; i++)
        spell_dict_add(d->dict, env->words[i], strlen(env->words[i]));
    return 0;
}

static void *spell_prepare(rule *const *rules, size_t n, const pack_env *env, lint_error *err)
{
    (void)env;
    (void)err;
    spell_prep *p = xcalloc(1, sizeof *p);
    p->rules = xmalloc((n ? n : 1) * sizeof *p->rules);
    memcpy(p->rules, rules, n * sizeof *rules);
    p->n = n;
    return p;
}

static void spell_free_prepared(void *prep)
{
    spell_prep *p = prep;
    if (!p)
        return;
    free(p->rules);
    free(p);
}

/* ---- string sets --------------------------------------------------------- */

static char **set_slot(char **slots, size_t cap, const char *w, size_t n)
{
    size_t mask = cap - 1;
    for (size_t i = (size_t)sk_hash(w, n) & mask;; i = (i + 1) & mask)
        if (!slots[i] || (strlen(slots[i]) == n && memcmp(slots[i], w, n) == 0))
            return &slots[i];
}

static int set_has(const strset *s, const char *w, size_t n)
{
    return s->cap && *set_slot(s->v, s->cap, w, n) != NULL;
}

static void set_add(strset *s, const char *w, size_t n)
{
    if (set_has(s, w, n))
        return;
    if ((s->n + 1) * 2 > s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 256;
        char **ns = xcalloc(nc, sizeof *ns);
        for (size_t i = 0; i < s->cap; i++)
            if (s->v[i])
                *set_slot(ns, nc, s->v[i], strlen(s->v[i])) = s->v[i];
        free(s->v);
        s->v = ns;
        s->cap = nc;
    }
    *set_slot(s->v, s->cap, w, n) = xstrndup(w, n);
    s->n++;
}

static void set_release(strset *s)
{
    for (size_t i = 0; i < s->cap; i++)
        free(s->v[i]);
    free(s->v);
}

/* ---- checking ----------------------------------------------------------- */

/* The word as hunspell should see it: curly apostrophes straightened.
 * Returns its length, 0 if it should not be checked at all. */
static size_t word_text(const char *s, size_t n, char *out)
{
    /* The common case: a letter, then lower-case ASCII letters only. */
    size_t i0 = 1;
    while (i0 < n && (unsigned char)(s[i0] - 'a') < 26)
        i0++;
    if (i0 == n && (unsigned char)((s[0] | 0x20) - 'a') < 26) {
        memcpy(out, s, n);
        out[n] = 0;
        return n >= 2 ? n : 0;
    }
    size_t k = 0;
    int letters = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
            ((unsigned char)s[i + 2] == 0x99 || (unsigned char)s[i + 2] == 0x98)) {
            out[k++] = '\'';
            i += 2;
            continue;
        }
        if (c == 0xEF && i + 2 < n && (unsigned char)s[i + 1] == 0xAC && (unsigned char)s[i + 2] <= 0x86) {
            /* A typographic ligature (ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ, often left by PDF export): its letters. */
            static const char *const lig[] = {"ff", "fi", "fl", "ffi", "ffl", "st", "st"};
            const char *l = lig[(unsigned char)s[i + 2] - 0x80];
            while (*l)
                out[k++] = *l++;
            letters += 2;
            i += 2;
            continue;
        }
        if (c >= '0' && c <= '9')
            return 0;
        if (c >= 'A' && c <= 'Z' && i > 0 && s[i - 1] != '-')
            return 0;     /* inner capitals: a brand or a code ("iPad", "McDonald") */
        letters += (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0xC0;
        out[k++] = (char)c;
    }
    out[k] = 0;
    return letters >= 2 ? k : 0;
}

/* Length without a possessive "'s" or a plural possessive's "'". */
static size_t stem_len(const char *w, size_t n)
{
    if (n > 2 && w[n - 1] == '\'')
        return n - 1;
    return n > 3 && w[n - 2] == '\'' && (w[n - 1] == 's' || w[n - 1] == 'S') ? n - 2 : n;
}

/* Is w right, as written, without its possessive, or (dot: a full stop
 * follows it in the text) as an abbreviation with its dot ("etc.")? */
/* English writes compounds closed up ("southwest", "warfighting") more
 * freely than a dictionary lists them: a word that splits into two
 * dictionary words, the first of at least COMPOUND_HEAD letters and the
 * second of at least COMPOUND_TAIL, is accepted. The longer tail keeps
 * "consist|ant" from excusing "consistant"; "everytime" passes: a miss is
 * preferred to a false alarm. */
static int closed_compound(const spell_dict *dict, const char *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!((w[i] >= 'a' && w[i] <= 'z') || (i == 0 && w[i] >= 'A' && w[i] <= 'Z')))
            return 0;
    for (size_t i = COMPOUND_HEAD; i + COMPOUND_TAIL <= n; i++)
        if (spell_check(dict, w, i) && spell_check(dict, w + i, n - i))
            return 1;
    return 0;
}

static int word_ok(const spell_dict *dict, char *w, size_t n, int dot)
{
    if (spell_check(dict, w, n))
        return 1;
    size_t s = stem_len(w, n);
    if (s != n && spell_check(dict, w, s))
        return 1;
    if (dot && n < WORD_MAX) {
        w[n] = '.';
        int ok = spell_check(dict, w, n + 1);
        w[n] = 0;
        if (ok)
            return 1;
    }
    return closed_compound(dict, w, n);
}

static void report(check *c, spell_state *st, const rule *r, const spell_dict *dict, size_t off, size_t len,
                   const char *w, size_t n)
{
    const char *const *sugg = NULL;
    size_t ns = 0;
    if (set_has(&st->suggested, w, n) || st->suggested.n < SUGGEST_PER_FILE) {
        set_add(&st->suggested, w, n);
        ns = spell_suggest(dict, w, n, &sugg);
    }
    buf list;
    buf_init(&list);
    for (size_t i = 0; i < ns; i++)
        buf_printf(&list, "%s%s", i ? ", " : "", sugg[i]);
    char **copy = ns ? xmalloc(ns * sizeof *copy) : NULL;
    for (size_t i = 0; i < ns; i++)
        copy[i] = xstrdup(sugg[i]);
    buf dym;
    buf_init(&dym);
    for (size_t i = 0; i < ns; i++)
        buf_printf(&dym, "%s%s", i == 0 ? " Did you mean " : i + 1 == ns ? " or " : ", ", sugg[i]);
    if (ns)
        buf_putc(&dym, '?');
    const char *vars[] = {"suggestions", list.data ? list.data : "", "did_you_mean", dym.data ? dym.data : "",
                          NULL};
    check_report(c, r, SEV_OFF, off, len, vars, (const char *const *)copy, ns);
    for (size_t i = 0; i < ns; i++)
        free(copy[i]);
    free(copy);
    buf_release(&list);
    buf_release(&dym);
}

/* Check a word (or a part of a hyphenated word) at text[off, off+len). */
static void check_word(spell_state *st, const rule *r, const spell_dict *dict, const char *text,
                       size_t off, size_t len, int sent_start, int dot)
{
    char w[WORD_MAX + 2];
    if (len > WORD_MAX)
        return;
    size_t n = word_text(text + off, len, w);
    /* Longer than any dictionary word: run-together text from a link or a
     * file name, not a spelling mistake (and slow to suggest for). */
    if (n > LONGEST_WORD && utf8_count(w, n) > LONGEST_WORD)   /* bytes bound code points */
        return;
    if (!n || word_ok(dict, w, n, dot))
        return;
    if (sent_start && w[0] >= 'A' && w[0] <= 'Z') {
        w[0] = (char)(w[0] - 'A' + 'a');
        int ok = word_ok(dict, w, n, dot);
        w[0] = (char)(w[0] - 'a' + 'A');
        if (ok)
            return;
    }
    GROW(st->pend, st->pcap, st->npend + 1);
    pending *pd = &st->pend[st->npend++];
    *pd = (pending){r, off, len, xstrndup(w, stem_len(w, n)), xstrndup(w, n), sent_start && w[0] >= 'A' && w[0] <= 'Z'};
    for (char *f = pd->folded; *f; f++)
        if (*f >= 'A' && *f <= 'Z')
            *f = (char)(*f - 'A' + 'a');
}

/* Order pointers into one pending array by folded word, then by position. */
static int by_folded(const void *a, const void *b)
{
    const pending *x = *(const pending *const *)a, *y = *(const pending *const *)b;
    int r = strcmp(x->folded, y->folded);
    return r ? r : (x > y) - (x < y);
}

/* Length of the hyphen at text[i] (ASCII, U+2010 or U+2011), or 0. */
static size_t hyphen_at(const char *text, size_t i, size_t end)
{
    if (text[i] == '-')
        return 1;
    if (i + 2 < end && (unsigned char)text[i] == 0xE2 && (unsigned char)text[i + 1] == 0x80 &&
        ((unsigned char)text[i + 2] == 0x90 || (unsigned char)text[i + 2] == 0x91))
        return 3;
    return 0;
}

static spell_state *state_of(check *c)
{
    spell_state **st = (spell_state **)check_state(c, &kind_spell);
    if (!*st)
        *st = xcalloc(1, sizeof **st);
    return *st;
}

static void spell_block(void *prep, check *c, const block_view *bv)
{
    const spell_prep *p = prep;
    spell_state *st = state_of(c);
    const char *text = bv->doc->text;
    /* Names first, so that a name used later in the block still counts. */
    for (size_t i = 0; i < bv->ntoks; i++) {
        const token *t = &bv->toks[i];
        if (t->kind == TOK_WORD && (t->flags & TF_CAP) && !(t->flags & (TF_SENT_START | TF_ALLCAPS | TF_URLISH)) &&
            t->len <= WORD_MAX) {
            char w[WORD_MAX + 1];
            size_t n = word_text(text + t->off, t->len, w);
            if (n)
                set_add(&st->names, w, stem_len(w, n));
        }
    }
    for (size_t k = 0; k < p->n; k++) {
        const rule *r = p->rules[k];
        const spell_rule *d = r->data;
        if (d->skip_headings && bv->blk->kind == BLK_HEADING)
            continue;
        for (size_t i = 0; i < bv->ntoks; i++) {
            const token *t = &bv->toks[i];
            if (t->kind != TOK_WORD || (t->flags & (TF_ALLCAPS | TF_URLISH)))
                continue;
            int start = (t->flags & TF_SENT_START) != 0;
            if ((t->flags & TF_CAP) && !start)
                continue;
            size_t end = t->off + t->len;
            int dot = end < bv->doc->len && text[end] == '.';
            if (!(t->flags & TF_HYPHEN)) {
                check_word(st, r, d->dict, text, t->off, t->len, start, dot);
                continue;
            }
            char w[WORD_MAX + 2];
            if (t->len > WORD_MAX)
                continue;
            size_t n = word_text(text + t->off, t->len, w);
            if (!n || word_ok(d->dict, w, n, dot))
                continue;
            /* Each part of a hyphenated word on its own. */
            size_t a = t->off;
            while (a < end) {
                size_t b = a, h = 0;
                while (b < end && !(h = hyphen_at(text, b, end)))
                    b++;
                if (b > a)
                    check_word(st, r, d->dict, text, a, b - a, start && a == t->off, b == end && dot);
                a = b + (h ? h : 1);
            }
        }
    }
}

static void spell_end(void *prep, check *c)
{
    (void)prep;
    spell_state **stp = (spell_state **)check_state(c, &kind_spell);
    spell_state *st = *stp;
    if (!st)
        return;
    /* A word used REPEATED_TERM times or more that is not one edit away from
     * a dictionary word is a term of the document (a drug, a place, a
     * programme), not a slip: every use of it is accepted. */
    /* Names are excused first; then the words left are grouped, so that the
     * (costly) near-miss test runs only for words that would be reported. */
    unsigned char *skip = xcalloc(st->npend + 1, 1);
    pending **order = xmalloc((st->npend + 1) * sizeof *order);
    size_t nleft = 0;
    for (size_t i = 0; i < st->npend; i++) {
        pending *pd = &st->pend[i];
        if (pd->maybe_name && set_has(&st->names, pd->word, strlen(pd->word)))
            skip[i] = 1;
        else
            order[nleft++] = pd;
    }
    if (nleft)
        qsort(order, nleft, sizeof *order, by_folded);
    for (size_t a = 0, b; a < nleft; a = b) {
        for (b = a + 1; b < nleft && strcmp(order[a]->folded, order[b]->folded) == 0; b++)
            ;
        const pending *first = order[a];
        const spell_rule *d = first->r->data;
        const char *const *sugg;
        if (b - a >= REPEATED_TERM && spell_suggest(d->dict, first->folded, strlen(first->folded), &sugg) == 0)
            for (size_t k = a; k < b; k++)
                skip[order[k] - st->pend] = 1;
    }
    for (size_t i = 0; i < st->npend; i++) {
        pending *pd = &st->pend[i];
        if (!skip[i]) {
            const spell_rule *d = pd->r->data;
            char w[WORD_MAX + 2];
            size_t n = word_text(check_document(c)->text + pd->off, pd->len, w);
            report(c, st, pd->r, d->dict, pd->off, pd->len, w, n);
        }
        free(pd->word);
        free(pd->folded);
    }
    free(order);
    free(skip);
    free(st->pend);
    set_release(&st->names);
    set_release(&st->suggested);
    free(st);
    *stp = NULL;
}

const rule_kind kind_spell = {
    .name = "spell",
    .keys = spell_keys,
    .compile = spell_compile,
    .free_rule = spell_free_rule,
    .prepare = spell_prepare,
    .free_prepared = spell_free_prepared,
    .begin = NULL,
    .block = spell_block,
    .end = spell_end,
    .thread_end = spell_thread_end,
};

/* statement.c — the analysis behind the statement rules (see statement.h):
 * lexicon loading, then one pass over a statement's tokens that marks every
 * lexicon match, and small structural readers on top (the subject before a
 * worry verb, an adult subject and its verb, the subject of a future modal,
 * the word after "will"). Every scan is bounded by a small window, so a huge
 * paragraph costs linear time.
 */
#include "statement.h"

#include <stdlib.h>
#include <string.h>
#include "phraseset.h"

enum {
    LX_HEAD_DANGER, LX_HEAD_SAFETY, LX_HEAD_HARM, LX_HEAD_SCALE, LX_HEAD_OTHER,
    LX_WORRY, LX_VAGUE, LX_PEOPLE, LX_ADULTS, LX_CHILDREN, LX_ADVERBS, LX_NEGATIONS,
    LX_BEHAVIOURS, LX_PAST, LX_STATES, LX_THINKING, LX_LABELS, LX_MODALS, LX_CONDITIONS,
    LX_HARM, LX_ABSENCE, LX_SERVICES, LX_FUTURE, LX_TRANSPARENT, LX_VAGUE_GOALS,
    LX_TIME_STARTS, LX_TIME_WORDS, LX_CALENDAR, LX_WHEN, LX_NOT_NAMES, LX_SCALE_DEFINES,
    LX_N
};

/* YAML key and phrase-set flags of each category (headings are a map). */
static const struct {
    const char *key;
    unsigned flags;
} lex_keys[LX_N] = {
    [LX_HEAD_DANGER] = {"danger", 0},     [LX_HEAD_SAFETY] = {"safety", 0},
    [LX_HEAD_HARM] = {"harm", 0},         [LX_HEAD_SCALE] = {"scale", 0},
    [LX_HEAD_OTHER] = {"other", 0},
    [LX_WORRY] = {"worry", PS_INFLECT},   [LX_VAGUE] = {"vague-people", 0},
    [LX_PEOPLE] = {"people", 0},          [LX_ADULTS] = {"adults", 0},
    [LX_CHILDREN] = {"children", 0},      [LX_ADVERBS] = {"adverbs", 0},
    [LX_NEGATIONS] = {"negations", 0},    [LX_BEHAVIOURS] = {"behaviours", PS_INFLECT},
    [LX_PAST] = {"past-forms", 0},        [LX_STATES] = {"states", 0},
    [LX_THINKING] = {"thinking", PS_INFLECT}, [LX_LABELS] = {"labels", 0},
    [LX_MODALS] = {"modals", 0},          [LX_CONDITIONS] = {"conditions", 0},
    [LX_HARM] = {"harm", PS_INFLECT},     [LX_ABSENCE] = {"absence", 0},
    [LX_SERVICES] = {"services", PS_INFLECT}, [LX_FUTURE] = {"future", 0},
    [LX_TRANSPARENT] = {"transparent", 0}, [LX_VAGUE_GOALS] = {"vague-goals", 0},
    [LX_TIME_STARTS] = {"time-starts", 0}, [LX_TIME_WORDS] = {"time-words", 0},
    [LX_CALENDAR] = {"calendar", 0},      [LX_WHEN] = {"when", 0},
    [LX_NOT_NAMES] = {"not-names", 0},    [LX_SCALE_DEFINES] = {"scale-defines", 0},
};

static const char *const top_keys[] = {
    "headings", "worry", "vague-people", "people", "adults", "children", "adverbs", "negations",
    "behaviours", "past-forms", "states", "thinking", "labels", "modals", "conditions", "harm",
    "absence", "services", "future", "transparent", "vague-goals", "time-starts", "time-words",
    "calendar", "when", "not-names", "scale-defines", NULL
};
static const char *const heading_keys[] = {"danger", "safety", "harm", "scale", "other", NULL};

/* The lexicon is one phrase set whose ids are categories. */
struct stmt_lexicon {
    const phrase_set *builtin;   /* embedded_lexicon */
    stmt_words words;            /* the words added to it */
    phrase_set *added;           /* their set, or NULL */
};

/* ---- lexicon loading ------------------------------------------------------ */

static void words_push(stmt_words *w, int cat, const char *phrase)
{
    if (w->n == w->cap) {
        size_t cap = w->cap;
        GROW(w->cat, cap, w->n + 1);
        GROW(w->phrase, w->cap, w->n + 1);
    }
    w->cat[w->n] = cat;
    w->phrase[w->n] = xstrdup(phrase);
    w->n++;
}

static int read_list(stmt_words *w, int cat, const ynode *n, const char *what, lint_error *err)
{
    const char **v;
    size_t cnt;
    if (ynode_strings(n, what, &v, &cnt, err) < 0)
        return -1;
    for (size_t i = 0; i < cnt; i++) {
        if (!v[i][0]) {
            free(v);
            return ynode_error(n, err, "%s: empty entry", what);
        }
        words_push(w, cat, v[i]);
    }
    free(v);
    return 0;
}

int stmt_words_read(stmt_words *w, const ynode *map, lint_error *err)
{
    if (ynode_check_keys(map, "statement lexicon", top_keys, err) < 0)
        return -1;
    for (size_t p = 0; p < ynode_pairs(map); p++) {
        const char *key = ynode_str(ynode_key(map, p));
        const ynode *val = ynode_value(map, p);
        if (strcmp(key, "headings") == 0) {
            if (ynode_check_keys(val, "statement headings", heading_keys, err) < 0)
                return -1;
            for (size_t h = 0; h < ynode_pairs(val); h++)
                for (int c = LX_HEAD_DANGER; c <= LX_HEAD_OTHER; c++)
                    if (strcmp(ynode_str(ynode_key(val, h)), lex_keys[c].key) == 0 &&
                        read_list(w, c, ynode_value(val, h), lex_keys[c].key, err) < 0)
                        return -1;
            continue;
        }
        for (int c = LX_WORRY; c < LX_N; c++)
            if (strcmp(key, lex_keys[c].key) == 0 && read_list(w, c, val, key, err) < 0)
                return -1;
    }
    return 0;
}

void stmt_words_release(stmt_words *w)
{
    for (size_t i = 0; i < w->n; i++)
        free(w->phrase[i]);
    free(w->cat);
    free(w->phrase);
    memset(w, 0, sizeof *w);
}

phrase_set *stmt_words_set(const stmt_words *w)
{
    phrase_set *s = phrase_set_new();
    for (size_t i = 0; i < w->n; i++)
        phrase_set_add(s, w->phrase[i], lex_keys[w->cat[i]].flags, (size_t)w->cat[i]);
    phrase_set_finish(s);
    return s;
}

void stmt_lexicon_add(stmt_lexicon *lx, const stmt_words *w)
{
    if (!w->n)
        return;
    for (size_t i = 0; i < w->n; i++)
        words_push(&lx->words, w->cat[i], w->phrase[i]);
    phrase_set_free(lx->added);
    lx->added = stmt_words_set(&lx->words);
}

stmt_lexicon *stmt_lexicon_new(void)
{
    stmt_lexicon *lx = xcalloc(1, sizeof *lx);
    lx->builtin = &embedded_lexicon;
    return lx;
}

void stmt_lexicon_free(stmt_lexicon *lx)
{
    if (!lx)
        return;
    stmt_words_release(&lx->words);
    phrase_set_free(lx->added);
    free(lx);
}

static int longest(size_t cat, size_t ntok, void *arg)
{
    unsigned char *m = arg;
    if (ntok > m[cat])
        m[cat] = (unsigned char)(ntok > 255 ? 255 : ntok);
    return 0;
}

/* m[c]: the length of the longest phrase of category c at token i (0: none;
 * at most 255). */
static void lexicon_at(const stmt_lexicon *lx, const char *text, const token *toks, size_t n, size_t i,
                       unsigned char m[LX_N])
{
    memset(m, 0, LX_N);
    phrase_set_each(lx->builtin, text, toks, n, i, longest, m);
    if (lx->added)
        phrase_set_each(lx->added, text, toks, n, i, longest, m);
}

/* ---- name memory ---------------------------------------------------------- */

#define MEMORY_MAX 256   /* names remembered per document and kind */

static int names_has(char *const *v, size_t n, const char *w)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i], w) == 0)
            return 1;
    return 0;
}

static void names_add(char ***v, size_t *n, size_t *cap, const char *w)
{
    if (*n >= MEMORY_MAX || names_has(*v, *n, w))
        return;
    GROW(*v, *cap, *n + 1);
    (*v)[(*n)++] = xstrdup(w);
}

void stmt_memory_release(stmt_memory *m)
{
    for (size_t i = 0; i < m->nchild; i++)
        free(m->child[i]);
    for (size_t i = 0; i < m->nadult; i++)
        free(m->adult[i]);
    free(m->child);
    free(m->adult);
    memset(m, 0, sizeof *m);
}

/* ---- the token view ------------------------------------------------------- */

#define WORD_MAX 40      /* normalised words are compared up to this length */
#define WINDOW 40        /* the farthest any structural scan looks */

typedef struct {
    char w[WORD_MAX];              /* token_norm form, truncated */
    unsigned char m[LX_N];         /* match length per category at this token (0: none) */
} tinfo;

typedef struct {
    const stmt_lexicon *lx;
    stmt_memory *mem;
    const char *text;
    const token *t;
    size_t n;
    tinfo *ti;
    int prior_named;               /* someone was named in the context paragraph */
    int first_person_known;        /* first_person has been computed */
    size_t first_person;           /* the first token naming someone (n if none) */
    char **adult;                  /* names that do something in this statement (borrowed ti[].w) */
    size_t nadult, cadult;
} an;

static void view_init(an *a, const stmt_lexicon *lx, stmt_memory *mem, const char *text,
                      const token *toks, size_t n)
{
    memset(a, 0, sizeof *a);
    a->lx = lx;
    a->mem = mem;
    a->text = text;
    a->t = toks;
    a->n = n;
    a->ti = xcalloc(n ? n : 1, sizeof *a->ti);
    for (size_t i = 0; i < n; i++) {
        token_norm(text, &toks[i], a->ti[i].w, WORD_MAX);
        if (toks[i].kind != TOK_WORD && toks[i].kind != TOK_NUMBER)
            continue;
        lexicon_at(lx, text, toks, n, i, a->ti[i].m);
    }
}

static void view_release(an *a)
{
    free(a->ti);
    free(a->adult);
}

static size_t M(const an *a, size_t i, int cat)
{
    return i < a->n ? a->ti[i].m[cat] : 0;
}

static int is_word(const an *a, size_t i)
{
    return i < a->n && a->t[i].kind == TOK_WORD;
}

static int is(const an *a, size_t i, const char *w)
{
    return i < a->n && strcmp(a->ti[i].w, w) == 0;
}

static int is_any(const an *a, size_t i, const char *const *ws)
{
    for (; *ws; ws++)
        if (is(a, i, *ws))
            return 1;
    return 0;
}

/* A punctuation token whose text starts with one of the bytes in set. */
static int punct(const an *a, size_t i, const char *set)
{
    return i < a->n && (a->t[i].kind == TOK_PUNCT || a->t[i].kind == TOK_SYMBOL) &&
           strchr(set, a->text[a->t[i].off]) != NULL;
}

static int dash(const an *a, size_t i)
{
    if (punct(a, i, "-=:("))
        return 1;
    return i < a->n && a->t[i].len == 3 && (memcmp(a->text + a->t[i].off, "\xe2\x80\x93", 3) == 0 ||
                                            memcmp(a->text + a->t[i].off, "\xe2\x80\x94", 3) == 0);
}

static int sent_start(const an *a, size_t i)
{
    return i < a->n && (a->t[i].flags & TF_SENT_START);
}

/* The end of a clause: . ; : ! ? or a new sentence. */
static int clause_end(const an *a, size_t i)
{
    return i >= a->n || punct(a, i, ".;:!?") || (i > 0 && sent_start(a, i));
}

static int ends_with(const an *a, size_t i, const char *suf)
{
    size_t n = strlen(a->ti[i].w), k = strlen(suf);
    return n > k + 1 && memcmp(a->ti[i].w + n - k, suf, k) == 0;
}

static int possessive(const an *a, size_t i)
{
    return i < a->n && (ends_with(a, i, "'s") || (a->t[i].flags & TF_APOS && ends_with(a, i, "s'")));
}

static const char *const be_forms[] = {"is", "are", "was", "were", "am", NULL};
static const char *const have_forms[] = {"has", "have", "had", NULL};
static const char *const pronouns3[] = {"he", "she", "they", NULL};
static const char *const joiners[] = {"and", "the", "his", "her", "their", "both", "our", "my",
                                      "little", "baby", NULL};
static const char *const subordinators[] = {"that", "because", "so", "if", "when", "whenever",
                                            "while", "although", "though", "as", "but",
                                            "unless", "since", "after", "before", "until",
                                            "which", "who", NULL};

static int child_name(const an *a, size_t i)
{
    return names_has(a->mem->child, a->mem->nchild, a->ti[i].w);
}

static int adult_name(const an *a, size_t i)
{
    return names_has(a->mem->adult, a->mem->nadult, a->ti[i].w) ||
           names_has(a->adult, a->nadult, a->ti[i].w);
}

/* Someone named as worried is an adult for the rest of the document; the
 * subject of a behaviour only for this statement (children do things too:
 * "Ruby was eating her tea"). */
static void learn_adult(an *a, size_t i, int document)
{
    if (child_name(a, i))
        return;
    if (document)
        names_add(&a->mem->adult, &a->mem->nadult, &a->mem->cadult, a->ti[i].w);
    else if (a->nadult < MEMORY_MAX && !names_has(a->adult, a->nadult, a->ti[i].w)) {
        GROW(a->adult, a->cadult, a->nadult + 1);
        a->adult[a->nadult++] = a->ti[i].w;
    }
}

static void learn_child(an *a, size_t i)
{
    if (!adult_name(a, i))
        names_add(&a->mem->child, &a->mem->nchild, &a->mem->cchild, a->ti[i].w);
}

/* A capitalised word that can be a person's name: not a grammar word, a
 * lexicon word, or a time. Sentence-initial words count (a statement opens
 * with its subject far more often than with anything else). */
static int name_like(const an *a, size_t i)
{
    if (!is_word(a, i) || !(a->t[i].flags & TF_CAP))
        return 0;
    if (M(a, i, LX_NOT_NAMES) || M(a, i, LX_VAGUE) || M(a, i, LX_CHILDREN) || M(a, i, LX_ADULTS) ||
        M(a, i, LX_WORRY) || M(a, i, LX_MODALS) || M(a, i, LX_CALENDAR) || M(a, i, LX_LABELS) ||
        M(a, i, LX_FUTURE))
        return 0;
    return 1;
}

/* Length of a mention of a person, role or agency at i (0 if none). */
static size_t person(const an *a, size_t i)
{
    if (M(a, i, LX_PEOPLE))
        return M(a, i, LX_PEOPLE);
    if (M(a, i, LX_ADULTS) && !is_any(a, i, pronouns3))
        return M(a, i, LX_ADULTS);
    return name_like(a, i) ? 1 : 0;
}

static int is_child_ref(const an *a, size_t i)
{
    return M(a, i, LX_CHILDREN) || (is_word(a, i) && child_name(a, i));
}

/* ---- who is worried ------------------------------------------------------- */

/* Was someone named before token end? (The first such token is found once
 * per statement, so the question costs nothing in a long paragraph.) */
static int named_before(an *a, size_t end)
{
    if (!a->first_person_known) {
        a->first_person_known = 1;
        a->first_person = a->n;
        for (size_t i = 0; i < a->n; i++)
            if (person(a, i) && !is_child_ref(a, i)) {
                a->first_person = i;
                break;
            }
    }
    return a->first_person < end;
}

/* Someone named right after a worry noun: "concerns raised by the school". */
static int agent_after(const an *a, size_t i)
{
    for (size_t j = i, k = 0; j < a->n && k < 6 && !clause_end(a, j); j++, k++) {
        if (is(a, j, "that") || is(a, j, "about"))
            return 0;
        if (is(a, j, "by") || is(a, j, "from") || is(a, j, "for") || is(a, j, "of"))
            for (size_t p = j + 1; p < a->n && p <= j + 3; p++)
                if (person(a, p) && !is_child_ref(a, p))
                    return 1;
    }
    return 0;
}

/* The start of the subject before token i: back to the start of the
 * sentence or clause (; : "that" "because" ... or ", and"). */
static size_t subject_start(const an *a, size_t i)
{
    size_t s = i, lo = i > WINDOW ? i - WINDOW : 0;
    while (s > lo) {
        size_t k = s - 1;
        if (punct(a, k, ";:.!?") || is_any(a, k, subordinators))
            break;
        if (k > 0 && punct(a, k - 1, ",") && (is(a, k, "and") || is(a, k, "so") || is(a, k, "but")))
            break;
        s = k;
        if (sent_start(a, k))
            break;
    }
    return s;
}

/* Does the subject [s, i) name someone? A person, role or agency does; so
 * does he/she/they when someone was named before (in this statement or the
 * context paragraph). *vague gets the first word that names nobody. */
static int subject_named(an *a, size_t s, size_t i, const char **vague)
{
    int named = 0, pron = 0;
    *vague = NULL;
    for (size_t k = s; k < i; k++) {
        if (person(a, k) && !is_child_ref(a, k)) {
            named = 1;
            if (name_like(a, k))
                learn_adult(a, k, 1);
        } else if (is_any(a, k, pronouns3)) {
            pron = 1;
        } else if (!*vague && M(a, k, LX_VAGUE)) {
            *vague = a->ti[k].w;
        }
    }
    return named || (pron && !*vague && (a->prior_named || named_before(a, s)));
}

/* Are the words [s, i) only verbs and adverbs ("are", "have also been")? */
static int only_verbs(const an *a, size_t s, size_t i)
{
    for (size_t k = s; k < i; k++)
        if (!(M(a, k, LX_STATES) || M(a, k, LX_ADVERBS) || is(a, k, "and")))
            return 0;
    return 1;
}

static size_t sentence_start(const an *a, size_t i)
{
    size_t lo = i > WINDOW ? i - WINDOW : 0;
    while (i > lo && !sent_start(a, i))
        i--;
    return i;
}

/* The first verb of the sentence starting at s (bounded by the window). */
static size_t sentence_verb(const an *a, size_t s)
{
    size_t i = s;
    while (i < a->n && i < s + 12 && !(M(a, i, LX_STATES) || M(a, i, LX_THINKING) ||
                                       M(a, i, LX_BEHAVIOURS) || M(a, i, LX_WORRY) || clause_end(a, i)))
        i++;
    return i;
}

static void find_who(an *a, stmt_facts *f)
{
    for (size_t i = 0; i < a->n; i++) {
        if (!M(a, i, LX_WORRY))
            continue;
        /* "Ruby could be worried" is what could happen, not who is worried. */
        int consequence = 0;
        for (size_t k = i >= 3 ? i - 3 : 0; k < i; k++)
            if (M(a, k, LX_MODALS))
                consequence = 1;
        if (consequence)
            continue;
        f->flags |= SF_WORRY_EXPR;
        size_t s = subject_start(a, i);
        const char *vague;
        int named = subject_named(a, s, i, &vague);
        /* "Workers at the nursery have noticed ..., and are worried": the
         * subject is the sentence's. */
        if (!named && !vague && only_verbs(a, s, i))
            named = subject_named(a, sentence_start(a, s), sentence_verb(a, sentence_start(a, s)), &vague);
        if (!named && s == i && agent_after(a, i + M(a, i, LX_WORRY)))
            named = 1;
        if (named) {
            f->flags |= SF_WHO;
            f->vague[0] = 0;
            return;
        }
        if (vague && !f->vague[0]) {
            size_t k = 0;
            for (; vague[k] && k + 1 < sizeof f->vague; k++)
                f->vague[k] = vague[k];
            f->vague[k] = 0;
        }
    }
}

/* ---- what the adult does --------------------------------------------------- */

static size_t skip_adverbs(const an *a, size_t j)
{
    for (int guard = 0; j < a->n && M(a, j, LX_ADVERBS) && guard < 4; guard++)
        j += M(a, j, LX_ADVERBS);
    return j;
}

/* Length of an adult subject at i: a family role or he/she, or a name that
 * is not a child's ("Kev", "Aunt Jo", "Kev Smith"); 0 if none. */
static size_t adult_subject(const an *a, size_t i)
{
    size_t len = 0;
    if (M(a, i, LX_ADULTS))
        len = M(a, i, LX_ADULTS);
    else if (name_like(a, i) && !child_name(a, i))
        len = 1;
    else
        return 0;
    while (len < 4 && name_like(a, i + len) && !child_name(a, i + len))
        len++;
    return possessive(a, i + len - 1) ? 0 : len;
}

static void set_label(const an *a, size_t i, stmt_facts *f)
{
    if (f->label[0])
        return;
    size_t end = i + M(a, i, LX_LABELS);
    size_t off = a->t[i].off, len = a->t[end - 1].off + a->t[end - 1].len - off;
    if (len >= sizeof f->label)
        return;
    memcpy(f->label, a->text + off, len);
    f->label[len] = 0;
}

/* Does the adult subject [i, i+len) do something? Sets SF_WHAT (and
 * SF_PAST_ACT). Returns 1 if a behaviour was found. */
static int behaviour_after(an *a, size_t i, size_t len, stmt_facts *f)
{
    size_t j = i + len;
    /* "Kev and Shannon", "Kev, Shannon and Dan" */
    for (int guard = 0; guard < 4 && (is(a, j, "and") || punct(a, j, ",")); guard++) {
        size_t l2 = adult_subject(a, j + 1);
        if (!l2)
            break;
        j += 1 + l2;
    }
    j = skip_adverbs(a, j);
    int neg = 0;
    if (M(a, j, LX_NEGATIONS)) {
        neg = 1;
        j = skip_adverbs(a, j + M(a, j, LX_NEGATIONS));
    }
    if ((is(a, j, "keeps") || is(a, j, "keep") || is(a, j, "kept")) && is_word(a, j + 1) &&
        ends_with(a, j + 1, "ing"))
        j++;
    if (!is_word(a, j) || M(a, j, LX_MODALS) || M(a, j, LX_FUTURE) || M(a, j, LX_THINKING) ||
        M(a, j, LX_WORRY))
        return 0;
    if (M(a, j, LX_LABELS)) {
        set_label(a, j, f);
        return 0;
    }
    int found = 0, past = 0;
    if (M(a, j, LX_BEHAVIOURS) || M(a, j, LX_PAST)) {
        found = 1;
        past = M(a, j, LX_PAST) || ends_with(a, j, "ed");
    } else if (M(a, j, LX_STATES)) {
        size_t k = j + 1;
        k = skip_adverbs(a, k);
        if (is(a, k, "not") || is(a, k, "never"))
            k = skip_adverbs(a, k + 1);
        int bad = !is_word(a, k) || M(a, k, LX_STATES) || M(a, k, LX_THINKING) || M(a, k, LX_LABELS) ||
                  M(a, k, LX_WORRY);
        if (is_any(a, j, be_forms) && !bad && ends_with(a, k, "ing")) {
            found = 1;
            past = is(a, j, "was") || is(a, j, "were");
        } else if (is_any(a, j, have_forms) && !bad &&
                   (M(a, k, LX_BEHAVIOURS) || M(a, k, LX_PAST) || ends_with(a, k, "ed"))) {
            found = past = 1;
        } else if (neg && !is_any(a, j, be_forms)) {
            found = 1;   /* "does not get up", "does not have food in" */
        }
    } else if (neg) {
        found = 1;
    } else if (!M(a, j, LX_SERVICES) && !M(a, j, LX_VAGUE_GOALS) && !M(a, j, LX_HARM) &&
               a->t[j].len >= 4 && !(a->t[j].flags & TF_CAP)) {
        /* An unlisted verb: the third person -s or a past -ed right after
         * the subject ("Leanne locks", "Kev slammed"). */
        if ((ends_with(a, j, "s") && !ends_with(a, j, "ss") && !ends_with(a, j, "us") &&
             !ends_with(a, j, "is")) ||
            ends_with(a, j, "ed")) {
            found = 1;
            past = ends_with(a, j, "ed");
        }
    }
    if (!found)
        return 0;
    f->flags |= SF_WHAT | (past ? SF_PAST_ACT : 0);
    if (!is_any(a, i, pronouns3) || a->prior_named || named_before(a, i))
        f->flags |= SF_DOER;
    for (size_t k = i; k < i + len; k++)
        if (name_like(a, k))
            learn_adult(a, k, 0);
    return 1;
}

/* "Adam was hit by Matt": a past act by a named person in the passive. */
static void passive_act(const an *a, size_t i, stmt_facts *f)
{
    if (!(is(a, i, "was") || is(a, i, "were") || is(a, i, "has") || is(a, i, "have")))
        return;
    size_t k = i + 1;
    if (is(a, k, "been"))
        k++;
    if (!(M(a, k, LX_BEHAVIOURS) || M(a, k, LX_PAST) || (is_word(a, k) && ends_with(a, k, "ed"))))
        return;
    for (size_t j = k + 1; j < a->n && j < k + 8 && !clause_end(a, j); j++)
        if (is(a, j, "by") && (person(a, j + 1) || M(a, j + 1, LX_ADULTS) ||
                               (is_any(a, j + 1, joiners) && person(a, j + 2)))) {
            f->flags |= SF_WHAT | SF_PAST_ACT;
            return;
        }
}

static void find_what(an *a, stmt_facts *f)
{
    for (size_t i = 0; i < a->n; i++) {
        if (M(a, i, LX_LABELS))
            set_label(a, i, f);
        passive_act(a, i, f);
        size_t len = adult_subject(a, i);
        if (len && behaviour_after(a, i, len, f))
            i += len - 1;
    }
    /* "baby Max", "her son Callum": a name after a child word is a child's. */
    for (size_t i = 0; i + 1 < a->n; i++)
        if (M(a, i, LX_CHILDREN) && name_like(a, i + M(a, i, LX_CHILDREN)))
            learn_child(a, i + M(a, i, LX_CHILDREN));
}

/* ---- what could happen to the child ------------------------------------- */

/* From the modal or condition at i: a child in the clause and a harm word. */
static int harm_after(const an *a, size_t i)
{
    int child = 0, harm = 0;
    for (size_t j = i, k = 0; j < a->n && k < 20 && !(k && clause_end(a, j)); j++, k++) {
        if (is_child_ref(a, j) || (name_like(a, j) && !adult_name(a, j)))
            child = 1;
        if (M(a, j, LX_HARM))
            harm = 1;
    }
    return child && harm;
}

/* A harm word within the next `within` words of the clause at i. */
static int harm_in_clause(const an *a, size_t i, size_t within)
{
    for (size_t j = i, k = 0; j < a->n && k < within && !(k && clause_end(a, j)); j++, k++)
        if (M(a, j, LX_HARM))
            return 1;
    return 0;
}

/* A child named or referred to in the clause at i ("could crash the car with
 * Ruby in it"). */
static int child_in_clause(const an *a, size_t i)
{
    for (size_t j = i, k = 0; j < a->n && k < 20 && !(k && clause_end(a, j)); j++, k++)
        if (is_child_ref(a, j) || (name_like(a, j) && !adult_name(a, j)))
            return 1;
    return 0;
}

static void find_worry(an *a, stmt_facts *f)
{
    for (size_t i = 0; i < a->n; i++) {
        if (M(a, i, LX_CONDITIONS)) {
            f->flags |= SF_MODAL;
            if (harm_after(a, i + M(a, i, LX_CONDITIONS)))
                f->flags |= SF_WORRY;
            continue;
        }
        if (!M(a, i, LX_MODALS))
            continue;
        f->flags |= SF_MODAL;
        /* The subject before the modal: names, child words, "and", "the". */
        int child = 0, name = 0, adult = 0, pron = 0;
        size_t names[8], nn = 0;
        for (size_t k = i, steps = 0; k > 0 && steps < 10; steps++) {
            k--;
            if (M(a, k, LX_ADVERBS))
                continue;
            if (is_child_ref(a, k))
                child = 1;
            else if (name_like(a, k)) {
                if (adult_name(a, k))
                    adult = 1;
                else if (nn < 8)
                    names[nn++] = k, name = 1;
            } else if (is_any(a, k, pronouns3))
                pron = 1;
            else if (M(a, k, LX_ADULTS) || M(a, k, LX_PEOPLE))
                adult = 1;
            else if (!(is_any(a, k, joiners) || punct(a, k, ",")))
                break;
            /* ", and" ends the subject: what comes before is another clause */
            if (is(a, k, "and") && k > 0 && punct(a, k - 1, ","))
                break;
            if (punct(a, k, ",") && !(k > 0 && (is_child_ref(a, k - 1) || name_like(a, k - 1))))
                break;
            if (sent_start(a, k))
                break;
        }
        /* A name not known as an adult's is a child's after could/might/may
         * or when harm follows at once ("Max will become ill"), not in "Kev
         * will show he can stay calm when Ruby is upset". */
        size_t after = i + M(a, i, LX_MODALS);
        int maybe = is(a, i, "could") || is(a, i, "might") || is(a, i, "may");
        if (child || (name && !adult && (maybe || harm_in_clause(a, after, 4)))) {
            f->flags |= SF_WORRY;
            for (size_t k = 0; k < nn; k++)
                learn_child(a, names[k]);
        } else if (harm_after(a, after) || (pron && !adult && harm_in_clause(a, after, 20)) ||
                   (maybe && child_in_clause(a, after))) {
            f->flags |= SF_WORRY;
        }
    }
}

/* ---- goals: what will be happening, for how long -------------------------- */

/* Within the next few words of a clause: a vague outcome and no behaviour. */
static int vague_clause(const an *a, size_t k)
{
    int vague = 0;
    for (size_t j = k, n = 0; j < a->n && n < 8 && !clause_end(a, j) && !punct(a, j, ","); j++, n++) {
        if (M(a, j, LX_BEHAVIOURS) || M(a, j, LX_PAST))
            return 0;
        if (M(a, j, LX_VAGUE_GOALS))
            vague = 1;
    }
    return vague;
}

static void find_goal(an *a, stmt_facts *f)
{
    int clauses = 0;
    for (size_t i = 0; i < a->n; i++) {
        if (!M(a, i, LX_FUTURE))
            continue;
        clauses++;
        /* "Ruby will feel safe": the subject feels it, nobody does it. */
        size_t v = skip_adverbs(a, i + M(a, i, LX_FUTURE));
        int experiences = is(a, v, "feel") || (is(a, v, "be") && vague_clause(a, v));
        const char *vague;
        if (!experiences && (subject_named(a, subject_start(a, i), i, &vague) || agent_after(a, i)))
            f->flags |= SF_DOER;
        if (M(a, i, LX_ABSENCE)) {      /* "won't" */
            f->flags |= SF_ABSENCE;
            continue;
        }
        size_t k = skip_adverbs(a, i + M(a, i, LX_FUTURE));
        if (is(a, k, "continue") && is(a, k + 1, "to") && !M(a, k, LX_SERVICES))
            k += 2;
        if (M(a, k, LX_ABSENCE) || (is(a, k, "be") && is(a, k + 1, "no")))
            f->flags |= SF_ABSENCE;
        else if (M(a, k, LX_SERVICES))
            f->flags |= SF_SERVICE;
        else if (M(a, k, LX_TRANSPARENT)) {
            size_t r = k + M(a, k, LX_TRANSPARENT);
            int neg = 0;
            for (size_t j = r; j < a->n && j < r + 6 && !clause_end(a, j); j++)
                if (M(a, j, LX_NEGATIONS) || M(a, j, LX_ABSENCE))
                    neg = 1;
            if (neg)
                f->flags |= SF_ABSENCE;
            else if (!vague_clause(a, r))
                f->flags |= SF_OBSERVABLE;
        } else if (!vague_clause(a, k) && is_word(a, k))
            f->flags |= SF_OBSERVABLE;
    }
    /* Written in the present ("Kev takes Ruby to school every day"). */
    if (!clauses && (f->flags & SF_WHAT))
        f->flags |= SF_OBSERVABLE;
}

static int date_like(const an *a, size_t i)
{
    if (i >= a->n || a->t[i].kind != TOK_NUMBER)
        return 0;
    const char *w = a->ti[i].w;
    size_t n = strlen(w);
    if (strchr(w, '/') || strstr(w, "am") || strstr(w, "pm") || strchr(w, ':'))
        return 1;
    if (n == 4 && (memcmp(w, "19", 2) == 0 || memcmp(w, "20", 2) == 0))
        return 1;
    return n >= 3 && (strcmp(w + n - 2, "st") == 0 || strcmp(w + n - 2, "nd") == 0 ||
                      strcmp(w + n - 2, "rd") == 0 || strcmp(w + n - 2, "th") == 0);
}

/* "May" the month (after a number or in/on/of/since/by), not the modal. */
static int month_may(const an *a, size_t i)
{
    return is(a, i, "may") && i > 0 &&
           (a->t[i - 1].kind == TOK_NUMBER || is(a, i - 1, "in") || is(a, i - 1, "on") ||
            is(a, i - 1, "of") || is(a, i - 1, "since") || is(a, i - 1, "by") || is(a, i - 1, "until"));
}

static void find_time(const an *a, stmt_facts *f)
{
    for (size_t i = 0; i < a->n; i++) {
        if (M(a, i, LX_WHEN) || M(a, i, LX_CALENDAR) || date_like(a, i) || month_may(a, i))
            f->flags |= SF_WHEN;
        if (!M(a, i, LX_TIME_STARTS))
            continue;
        size_t j = i + M(a, i, LX_TIME_STARTS);
        for (size_t k = 0; j < a->n && k < 5 && !clause_end(a, j) && !punct(a, j, ","); j++, k++)
            if (M(a, j, LX_TIME_WORDS) || M(a, j, LX_CALENDAR) || date_like(a, j) || month_may(a, j)) {
                f->flags |= SF_TIMESCALE;
                break;
            }
    }
}

/* ---- scaling -------------------------------------------------------------- */

static void find_scale(const an *a, stmt_facts *f)
{
    for (size_t i = 0; i < a->n; i++) {
        unsigned bit = 0;
        if (is(a, i, "0") || is(a, i, "zero") || is(a, i, "nought"))
            bit = SF_ZERO;
        else if (is(a, i, "10") || is(a, i, "ten"))
            bit = SF_TEN;
        if (!bit)
            continue;
        size_t j = i + 1;
        if (punct(a, j, "'\"\xe2)"))
            j++;
        if (M(a, j, LX_SCALE_DEFINES) || dash(a, j))
            f->flags |= bit;
    }
}

/* ---- entry points --------------------------------------------------------- */

void stmt_analyse(const stmt_lexicon *lx, stmt_memory *mem, const char *text, const token *toks,
                  size_t ntoks, int prior_named, stmt_facts *out)
{
    memset(out, 0, sizeof *out);
    an a;
    view_init(&a, lx, mem, text, toks, ntoks);
    a.prior_named = prior_named;
    find_who(&a, out);
    find_what(&a, out);
    find_worry(&a, out);
    for (size_t i = 0; i < a.n; i++)
        if (person(&a, i) && !is_child_ref(&a, i))
            out->flags |= SF_NAMED;
    find_goal(&a, out);
    find_time(&a, out);
    find_scale(&a, out);
    view_release(&a);
}

/* The first word token at or after i, skipping list numbering ("2.", "a)"). */
static size_t first_word(const char *text, const token *toks, size_t n, size_t i)
{
    while (i < n && (toks[i].kind != TOK_WORD ||
                     (toks[i].len == 1 && i + 1 < n && toks[i + 1].kind == TOK_PUNCT &&
                      strchr(".)", text[toks[i + 1].off]))))
        i++;
    return i;
}

/* The longest heading phrase at token i: its type and length. */
static stmt_type heading_at(const stmt_lexicon *lx, const char *text, const token *toks, size_t n,
                            size_t i, size_t *len)
{
    stmt_type type = STMT_NONE;
    *len = 0;
    static const stmt_type types[] = {STMT_DANGER, STMT_SAFETY, STMT_HARM, STMT_SCALE, STMT_OTHER};
    unsigned char m[LX_N];
    lexicon_at(lx, text, toks, n, i, m);
    for (int c = LX_HEAD_DANGER; c <= LX_HEAD_OTHER; c++) {
        size_t l = m[c];
        if (l > *len) {
            *len = l;
            type = types[c - LX_HEAD_DANGER];
        }
    }
    return type;
}

stmt_type stmt_heading(const stmt_lexicon *lx, const char *text, const token *toks, size_t ntoks)
{
    size_t i = first_word(text, toks, ntoks, 0), len;
    stmt_type type = heading_at(lx, text, toks, ntoks, i, &len);
    if (type == STMT_NONE)
        return STMT_NONE;
    size_t more = 0;
    for (size_t j = i + len; j < ntoks; j++)
        if (toks[j].kind == TOK_WORD)
            more++;
    return more <= 5 ? type : STMT_NONE;
}

stmt_type stmt_label(const stmt_lexicon *lx, const char *text, const token *toks, size_t ntoks,
                     size_t *body)
{
    size_t i = first_word(text, toks, ntoks, 0), len;
    if (i > 2)
        return STMT_NONE;
    stmt_type type = heading_at(lx, text, toks, ntoks, i, &len);
    if (type == STMT_NONE || type == STMT_SCALE || type == STMT_OTHER)
        return STMT_NONE;
    size_t j = i + len;
    if (j < ntoks && toks[j].kind == TOK_NUMBER)
        j++;
    if (j + 1 >= ntoks || toks[j].kind != TOK_PUNCT || text[toks[j].off] != ':')
        return STMT_NONE;
    *body = j + 1;
    return type;
}

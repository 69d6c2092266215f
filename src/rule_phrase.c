/* rule_phrase.c — the `phrase` rule kind: word lists (jargon, labels,
 * acronyms) with plain alternatives, matched in one token walk per block for
 * all phrase rules at once through one shared phrase_set, then filtered by
 * context patterns and acronym definitions. Keys: docs/rule-kinds.md.
 */
#include <stdlib.h>
#include <string.h>
#include "phraseset.h"
#include "rule.h"

extern const rule_kind kind_phrase;

/* ---- context patterns --------------------------------------------------- */

enum { CA_WORD, CA_ANY, CA_NAME, CA_NUM };

typedef struct {
    int kind;             /* CA_* */
    char *word;           /* CA_WORD: token_norm form (owned) */
    size_t len;
} ctx_alt;

typedef struct {
    ctx_alt *alts;        /* owned; one token matches if any alternative does */
    size_t n;
} ctx_elem;

/* A token sequence next to the match. For a before-pattern the last element
 * is the token right before the match and anchor means "^" (the first
 * element is the sentence's first word); for an after-pattern the first
 * element is the token right after and anchor means "$" (nothing but
 * punctuation follows the last element in the sentence). */
typedef struct {
    ctx_elem *el;         /* owned */
    size_t n;
    int anchor;
} ctx_pat;

typedef struct {
    ctx_pat *v;           /* owned */
    size_t n;
} ctx_list;

/* ---- compiled rules ----------------------------------------------------- */

typedef struct {
    const rule *r;        /* the rule the entry belongs to */
    char *phrase;         /* canonical form (owned): the first variant */
    char *alternative, *advice, *expansion, *message;   /* owned, may be NULL */
    char **sugg;          /* owned: the alternative split on ';' */
    size_t nsugg;
    char **forms;         /* owned: every form to add to the phrase set */
    unsigned *form_flags; /* owned: PS_* per form */
    size_t nforms;
    int sev;              /* -1: the rule's severity; else a severity (SEV_OFF: entry disabled) */
    int case_sensitive;
    char *exp_key;        /* owned: the expansion's letters and digits, folded; NULL if none */
    size_t exp_len;
    ctx_list unless_before, unless_after, only_before, only_after;
    size_t slot;          /* index into the prepared entries (per-file state) */
} pentry;

typedef struct {
    pentry *ents;         /* owned */
    size_t n;
    ctx_list unless_before, unless_after, only_before, only_after;
    int skip_headings;
    int defined_by_expansion;
    int compiled_sev;     /* r->sev when compiled: a later change is a config override */
} phrase_rule;

typedef struct {
    phrase_set *set;      /* ids are slots in ents */
    pentry **ents;        /* owned array of borrowed entries, by slot */
    size_t n;
} phrase_prep;

/* Per-file state: one byte per prepared entry. */
enum { ST_DEFINED = 1, ST_FLAGGED = 2 };

static const char *const phrase_keys[] = {
    "phrases", "case_sensitive", "inflect", "unless_before", "unless_after", "only_before", "only_after",
    "skip_headings", "defined_by_expansion", NULL
};

static const char *const entry_keys[] = {
    "phrase", "alternative", "advice", "forms", "inflect", "case_sensitive", "severity", "profiles",
    "unless_before", "unless_after", "only_before", "only_after", "expansion", "message", NULL
};

/* ---- small helpers ------------------------------------------------------ */

static int wordlike(const token *t)
{
    return t->kind == TOK_WORD || t->kind == TOK_NUMBER;
}

/* Letters and digits of the normalised token (or text), for comparing
 * expansions without regard to case, spaces and hyphens. */
static size_t fold_key(const char *s, size_t n, char *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80)
            out[k++] = (char)c;
    }
    return k;
}

static void ctx_list_free(ctx_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        for (size_t j = 0; j < l->v[i].n; j++) {
            for (size_t a = 0; a < l->v[i].el[j].n; a++)
                free(l->v[i].el[j].alts[a].word);
            free(l->v[i].el[j].alts);
        }
        free(l->v[i].el);
    }
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

/* Parse one pattern string into p. after: an after-pattern. */
static int ctx_parse(const ynode *n, const char *key, const char *s, int after, ctx_pat *p, lint_error *err)
{
    memset(p, 0, sizeof *p);
    size_t cap = 0;
    const char *q = s;
    while (*q) {
        while (*q == ' ' || *q == '\t')
            q++;
        if (!*q)
            break;
        const char *e = q;
        while (*e && *e != ' ' && *e != '\t')
            e++;
        size_t len = (size_t)(e - q);
        if (len == 1 && (*q == '^' || *q == '$')) {
            int ok = *q == '^' ? (!after && p->n == 0 && !p->anchor) : after;
            if (!ok)
                return ynode_error(n, err, "in '%s' pattern \"%s\": '%c' can only %s", key, s, *q,
                                   *q == '^' ? "start a pattern before the phrase"
                                             : "end a pattern after the phrase");
            p->anchor = 1;
            q = e;
            continue;
        }
        if (after && p->anchor)
            return ynode_error(n, err, "in '%s' pattern \"%s\": '$' must be the last element", key, s);
        GROW(p->el, cap, p->n + 1);
        ctx_elem *el = &p->el[p->n++];
        memset(el, 0, sizeof *el);
        size_t acap = 0;
        for (const char *a = q; a < e;) {
            const char *b = a;
            while (b < e && *b != '|')
                b++;
            if (b == a)
                return ynode_error(n, err, "in '%s' pattern \"%s\": empty alternative", key, s);
            GROW(el->alts, acap, el->n + 1);
            ctx_alt *alt = &el->alts[el->n++];
            memset(alt, 0, sizeof *alt);
            size_t al = (size_t)(b - a);
            if (al == 1 && *a == '*')
                alt->kind = CA_ANY;
            else if (al == 4 && memcmp(a, "NAME", 4) == 0)
                alt->kind = CA_NAME;
            else if (al == 3 && memcmp(a, "NUM", 3) == 0)
                alt->kind = CA_NUM;
            else {
                alt->kind = CA_WORD;
                alt->word = norm_dup(a, al, &alt->len);
            }
            a = b < e ? b + 1 : b;
        }
        q = e;
    }
    if (!p->n && !p->anchor)
        return ynode_error(n, err, "empty '%s' pattern", key);
    return 0;
}

static int ctx_read(const ynode *def, const char *key, int after, ctx_list *l, lint_error *err)
{
    const ynode *n = ynode_get(def, key);
    if (!n)
        return 0;
    const char **pats;
    size_t np;
    if (ynode_strings(n, key, &pats, &np, err) < 0)
        return -1;
    l->v = xcalloc(np ? np : 1, sizeof *l->v);
    for (size_t i = 0; i < np; i++) {
        const ynode *at = n->type == YN_SEQ ? ynode_item(n, i) : n;
        if (ctx_parse(at, key, pats[i], after, &l->v[i], err) < 0) {
            l->n = i + 1;
            free(pats);
            return -1;
        }
        l->n = i + 1;
    }
    free(pats);
    return 0;
}

/* ---- compiling ---------------------------------------------------------- */

static void entry_free(pentry *e)
{
    free(e->phrase);
    free(e->alternative);
    free(e->advice);
    free(e->expansion);
    free(e->message);
    for (size_t i = 0; i < e->nsugg; i++)
        free(e->sugg[i]);
    free(e->sugg);
    for (size_t i = 0; i < e->nforms; i++)
        free(e->forms[i]);
    free(e->forms);
    free(e->form_flags);
    free(e->exp_key);
    ctx_list_free(&e->unless_before);
    ctx_list_free(&e->unless_after);
    ctx_list_free(&e->only_before);
    ctx_list_free(&e->only_after);
}

static void phrase_free_rule(rule *r)
{
    phrase_rule *d = r->data;
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++)
        entry_free(&d->ents[i]);
    free(d->ents);
    ctx_list_free(&d->unless_before);
    ctx_list_free(&d->unless_after);
    ctx_list_free(&d->only_before);
    ctx_list_free(&d->only_after);
    free(d);
    r->data = NULL;
}

static int all_lower(const char *s)
{
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            return 0;
    return 1;
}

static void add_form(pentry *e, const char *s, unsigned flags)
{
    e->forms = xrealloc(e->forms, (e->nforms + 1) * sizeof *e->forms);
    e->form_flags = xrealloc(e->form_flags, (e->nforms + 1) * sizeof *e->form_flags);
    e->forms[e->nforms] = xstrdup(s);
    e->form_flags[e->nforms++] = flags;
}

static void split_alternatives(pentry *e)
{
    if (!e->alternative)
        return;
    const char *p = e->alternative;
    while (*p) {
        while (*p == ' ' || *p == ';')
            p++;
        const char *q = p;
        while (*q && *q != ';')
            q++;
        const char *end = q;
        while (end > p && end[-1] == ' ')
            end--;
        if (end > p) {
            e->sugg = xrealloc(e->sugg, (e->nsugg + 1) * sizeof *e->sugg);
            e->sugg[e->nsugg++] = xstrndup(p, (size_t)(end - p));
        }
        p = q;
    }
}

/* Severity from a {profile: severity} map or a list of profiles the entry
 * is on in; *sev unchanged when the profile is not mentioned. */
static int entry_profiles(const ynode *n, const pack_env *env, int *sev, lint_error *err)
{
    const char *profile = env->profile ? env->profile : "family";
    if (n->type == YN_SEQ) {
        const char **names;
        size_t nn;
        if (ynode_strings(n, "profiles", &names, &nn, err) < 0)
            return -1;
        int on = 0;
        for (size_t i = 0; i < nn; i++)
            on |= strcmp(names[i], profile) == 0;
        free(names);
        if (!on)
            *sev = SEV_OFF;
        return 0;
    }
    if (n->type != YN_MAP)
        return ynode_error(n, err, "expected a map {profile: severity} or a list of profiles for 'profiles'");
    for (size_t i = 0; i < ynode_pairs(n); i++) {
        const ynode *k = ynode_key(n, i), *v = ynode_value(n, i);
        const char *s;
        if (ynode_string(v, "profiles", &s, err) < 0)
            return -1;
        int sv = severity_parse(s);
        if (sv < 0)
            return ynode_error(v, err, "expected error, warning, suggestion or off, found '%s'", s);
        if (strcmp(ynode_str(k), profile) == 0)
            *sev = sv;
    }
    return 0;
}

static int opt_string(const ynode *def, const char *key, char **out, lint_error *err)
{
    const ynode *n = ynode_get(def, key);
    const char *s;
    if (!n)
        return 0;
    if (ynode_string(n, key, &s, err) < 0)
        return -1;
    *out = xstrdup(s);
    return 0;
}

/* Does the rule's own `profiles` map mention the active profile? */
static int rule_has_profile(const ynode *def, const pack_env *env)
{
    const ynode *p = ynode_get(def, "profiles");
    const char *profile = env->profile ? env->profile : "family";
    return p && p->type == YN_MAP && ynode_get(p, profile) != NULL;
}

static int compile_entry(const rule *r, const phrase_rule *d, const ynode *item, pentry *e, const pack_env *env,
                         int rule_cs, int rule_inflect, int rule_profile, lint_error *err)
{
    e->r = r;
    e->sev = -1;
    e->case_sensitive = rule_cs;
    const char **variants = NULL;
    size_t nvar = 0;
    int inflect = -1;
    if (item->type == YN_SCALAR) {
        const char *s;
        if (ynode_string(item, "phrases", &s, err) < 0)
            return -1;
        variants = xmalloc(sizeof *variants);
        variants[0] = s;
        nvar = 1;
    } else if (item->type == YN_MAP && ynode_pairs(item) == 1 && !ynode_get(item, "phrase")) {
        const ynode *k = ynode_key(item, 0), *v = ynode_value(item, 0);
        const char *alt;
        if (ynode_string(v, "alternative", &alt, err) < 0)
            return -1;
        variants = xmalloc(sizeof *variants);
        variants[0] = ynode_str(k);
        nvar = 1;
        e->alternative = xstrdup(alt);
    } else {
        if (ynode_check_keys(item, "phrase entry", entry_keys, err) < 0)
            return -1;
        const ynode *p = ynode_get(item, "phrase");
        if (!p)
            return ynode_error(item, err, "a phrase entry needs 'phrase' (or write it as \"phrase\": \"alternative\")");
        if (ynode_strings(p, "phrase", &variants, &nvar, err) < 0)
            return -1;
        const ynode *n;
        if (opt_string(item, "alternative", &e->alternative, err) < 0 ||
            opt_string(item, "advice", &e->advice, err) < 0 ||
            opt_string(item, "expansion", &e->expansion, err) < 0 ||
            opt_string(item, "message", &e->message, err) < 0)
            goto fail;
        if ((n = ynode_get(item, "inflect")) && ynode_bool(n, "inflect", &inflect, err) < 0)
            goto fail;
        if ((n = ynode_get(item, "case_sensitive")) && ynode_bool(n, "case_sensitive", &e->case_sensitive, err) < 0)
            goto fail;
        if ((n = ynode_get(item, "severity"))) {
            const char *s;
            if (ynode_string(n, "severity", &s, err) < 0)
                goto fail;
            int sv = severity_parse(s);
            if (sv < 0) {
                ynode_error(n, err, "expected error, warning, suggestion or off for 'severity', found '%s'", s);
                goto fail;
            }
            if (!rule_profile)
                e->sev = sv;
        }
        if ((n = ynode_get(item, "profiles")) && entry_profiles(n, env, &e->sev, err) < 0)
            goto fail;
        if (ctx_read(item, "unless_before", 0, &e->unless_before, err) < 0 ||
            ctx_read(item, "unless_after", 1, &e->unless_after, err) < 0 ||
            ctx_read(item, "only_before", 0, &e->only_before, err) < 0 ||
            ctx_read(item, "only_after", 1, &e->only_after, err) < 0)
            goto fail;
        if ((n = ynode_get(item, "forms"))) {
            const char **forms;
            size_t nf;
            if (ynode_strings(n, "forms", &forms, &nf, err) < 0)
                goto fail;
            for (size_t i = 0; i < nf; i++)
                add_form(e, forms[i], e->case_sensitive ? PS_CASE : 0);
            free(forms);
        }
    }
    for (size_t i = 0; i < nvar; i++) {
        const char *v = variants[i];
        size_t k = 0;
        while (v[k] == ' ')
            k++;
        if (!v[k]) {
            ynode_error(item, err, "empty phrase in rule '%s'", r->id);
            goto fail;
        }
        int inf = inflect >= 0 ? inflect : rule_inflect >= 0 ? rule_inflect : (!e->case_sensitive && all_lower(v));
        add_form(e, v, (e->case_sensitive ? PS_CASE : 0) | (inf ? PS_INFLECT : 0));
    }
    e->phrase = xstrdup(variants[0]);
    free(variants);
    split_alternatives(e);
    if (e->expansion) {
        size_t nl;
        char *n = norm_dup(e->expansion, strlen(e->expansion), &nl);
        e->exp_key = xmalloc(nl + 1);
        e->exp_len = fold_key(n, nl, e->exp_key);
        e->exp_key[e->exp_len] = 0;
        free(n);
    } else if (d->defined_by_expansion && e->case_sensitive) {
        return ynode_error(item, err, "acronym '%s' in rule '%s' needs an 'expansion' (the rule has "
                           "defined_by_expansion: true)", e->phrase, r->id);
    }
    return 0;
fail:
    free(variants);
    return -1;
}

static int phrase_compile(rule *r, const ynode *def, const pack_env *env, lint_error *err)
{
    phrase_rule *d = xcalloc(1, sizeof *d);
    r->data = d;
    d->compiled_sev = (int)r->sev;
    const ynode *n;
    int cs = 0, inflect = -1;
    if ((n = ynode_get(def, "case_sensitive")) && ynode_bool(n, "case_sensitive", &cs, err) < 0)
        return -1;
    if ((n = ynode_get(def, "inflect")) && ynode_bool(n, "inflect", &inflect, err) < 0)
        return -1;
    if ((n = ynode_get(def, "skip_headings")) && ynode_bool(n, "skip_headings", &d->skip_headings, err) < 0)
        return -1;
    if ((n = ynode_get(def, "defined_by_expansion")) &&
        ynode_bool(n, "defined_by_expansion", &d->defined_by_expansion, err) < 0)
        return -1;
    if (ctx_read(def, "unless_before", 0, &d->unless_before, err) < 0 ||
        ctx_read(def, "unless_after", 1, &d->unless_after, err) < 0 ||
        ctx_read(def, "only_before", 0, &d->only_before, err) < 0 ||
        ctx_read(def, "only_after", 1, &d->only_after, err) < 0)
        return -1;
    const ynode *list = ynode_get(def, "phrases");
    if (!list)
        return ynode_error(def, err, "rule '%s' of kind phrase needs 'phrases'", r->id);
    if (list->type != YN_SEQ || list->n == 0)
        return ynode_error(list, err, "'phrases' of rule '%s' must be a non-empty list", r->id);
    int rule_profile = rule_has_profile(def, env);
    d->ents = xcalloc(list->n, sizeof *d->ents);
    for (size_t i = 0; i < list->n; i++) {
        d->n = i + 1;
        if (compile_entry(r, d, ynode_item(list, i), &d->ents[i], env, cs, inflect, rule_profile, err) < 0)
            return -1;
    }
    return 0;
}

/* ---- preparing: one phrase set for every active phrase rule ------------- */

static void *phrase_prepare(rule *const *rules, size_t n, const pack_env *env, lint_error *err)
{
    (void)env;
    (void)err;
    phrase_prep *p = xcalloc(1, sizeof *p);
    p->set = phrase_set_new();
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += ((phrase_rule *)rules[i]->data)->n;
    p->ents = xmalloc((total ? total : 1) * sizeof *p->ents);
    for (size_t i = 0; i < n; i++) {
        phrase_rule *d = rules[i]->data;
        int overridden = (int)rules[i]->sev != d->compiled_sev;
        for (size_t j = 0; j < d->n; j++) {
            pentry *e = &d->ents[j];
            if (e->sev == SEV_OFF)
                continue;
            if (overridden && e->sev >= 0)
                e->sev = -1;
            e->slot = p->n;
            p->ents[p->n++] = e;
            for (size_t f = 0; f < e->nforms; f++)
                phrase_set_add(p->set, e->forms[f], e->form_flags[f], e->slot);
        }
    }
    phrase_set_finish(p->set);
    return p;
}

static void phrase_free_prepared(void *prep)
{
    phrase_prep *p = prep;
    if (!p)
        return;
    phrase_set_free(p->set);
    free(p->ents);
    free(p);
}

/* ---- checking ----------------------------------------------------------- */

typedef struct {
    const char *text;
    const token *toks;
    size_t s0, s1;        /* the sentence's tokens [s0, s1) */
} walk;

static int alt_matches(const walk *w, const ctx_alt *a, const token *t)
{
    switch (a->kind) {
    case CA_ANY:
        return wordlike(t);
    case CA_NUM:
        return t->kind == TOK_NUMBER;
    case CA_NAME:
        return t->kind == TOK_WORD && (t->flags & TF_CAP) && !(t->flags & (TF_SENT_START | TF_ALLCAPS)) &&
               !(t->len == 1 && w->text[t->off] == 'I');
    default: {
        if (t->kind == TOK_OPAQUE || a->len > 255)
            return 0;
        char tmp[258];
        size_t got = token_norm(w->text, t, tmp, a->len + 2);
        return got == a->len && memcmp(tmp, a->word, a->len) == 0;
    }
    }
}

static int elem_matches(const walk *w, const ctx_elem *el, size_t i)
{
    for (size_t a = 0; a < el->n; a++)
        if (alt_matches(w, &el->alts[a], &w->toks[i]))
            return 1;
    return 0;
}

static int no_words(const walk *w, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        if (wordlike(&w->toks[i]) || w->toks[i].kind == TOK_OPAQUE)
            return 0;
    return 1;
}

/* Does pattern p match around the phrase at tokens [i, j)? */
static int pat_matches(const walk *w, const ctx_pat *p, int after, size_t i, size_t j)
{
    if (!after) {
        if (i < w->s0 + p->n)
            return 0;
        size_t start = i - p->n;
        for (size_t k = 0; k < p->n; k++)
            if (!elem_matches(w, &p->el[k], start + k))
                return 0;
        return !p->anchor || no_words(w, w->s0, start);
    }
    if (j + p->n > w->s1)
        return 0;
    for (size_t k = 0; k < p->n; k++)
        if (!elem_matches(w, &p->el[k], j + k))
            return 0;
    return !p->anchor || no_words(w, j + p->n, w->s1);
}

static int any_matches(const walk *w, const ctx_list *l, int after, size_t i, size_t j)
{
    for (size_t k = 0; k < l->n; k++)
        if (pat_matches(w, &l->v[k], after, i, j))
            return 1;
    return 0;
}

/* Context filters: unless_* drop the match; if any only_* pattern exists
 * (entry or rule), one of them must match. */
static int context_ok(const walk *w, const pentry *e, const phrase_rule *d, size_t i, size_t j)
{
    if (any_matches(w, &e->unless_before, 0, i, j) || any_matches(w, &d->unless_before, 0, i, j) ||
        any_matches(w, &e->unless_after, 1, i, j) || any_matches(w, &d->unless_after, 1, i, j))
        return 0;
    if (!e->only_before.n && !e->only_after.n && !d->only_before.n && !d->only_after.n)
        return 1;
    return any_matches(w, &e->only_before, 0, i, j) || any_matches(w, &d->only_before, 0, i, j) ||
           any_matches(w, &e->only_after, 1, i, j) || any_matches(w, &d->only_after, 1, i, j);
}

/* The folded key piece of token t into out (at most 256 bytes). */
static size_t tok_piece(const char *text, const token *t, char *out)
{
    if (!wordlike(t))
        return 0;
    char tmp[256];
    size_t n = token_norm(text, t, tmp, sizeof tmp);
    if (n >= sizeof tmp)
        n = sizeof tmp - 1;
    return fold_key(tmp, n, out);
}

static int is_punct(const char *text, const token *t, char ch)
{
    return t->kind == TOK_PUNCT && t->len == 1 && text[t->off] == ch;
}

/* Is the acronym at block token i defined right here: "EXPANSION (ACR)" or
 * "ACR (EXPANSION)"? Compared on letters and digits, case-insensitively. */
static int defined_here(const pentry *e, const char *text, const token *toks, size_t ntoks, size_t i, size_t j)
{
    char piece[256];
    if (i >= 2 && is_punct(text, &toks[i - 1], '(') && j < ntoks && is_punct(text, &toks[j], ')')) {
        size_t have = 0;
        for (size_t k = i - 1; k-- > 0 && have < e->exp_len;) {
            size_t pl = tok_piece(text, &toks[k], piece);
            if (!pl && toks[k].kind == TOK_PUNCT)
                continue;
            if (!pl || pl + have > e->exp_len ||
                memcmp(e->exp_key + e->exp_len - have - pl, piece, pl) != 0)
                return 0;
            have += pl;
        }
        if (have == e->exp_len)
            return 1;
    }
    if (j < ntoks && is_punct(text, &toks[j], '(')) {
        size_t have = 0, k = j + 1;
        for (; k < ntoks && have < e->exp_len; k++) {
            size_t pl = tok_piece(text, &toks[k], piece);
            if (!pl && toks[k].kind == TOK_PUNCT && !is_punct(text, &toks[k], ')'))
                continue;
            if (!pl || pl + have > e->exp_len || memcmp(e->exp_key + have, piece, pl) != 0)
                return 0;
            have += pl;
        }
        return have == e->exp_len && k < ntoks && is_punct(text, &toks[k], ')');
    }
    return 0;
}

/* A block whose words are all in capitals (a shouted heading). */
static int allcaps_block(const block_view *bv)
{
    size_t words = 0;
    for (size_t i = 0; i < bv->ntoks; i++) {
        const token *t = &bv->toks[i];
        if (t->kind != TOK_WORD)
            continue;
        if (!(t->flags & TF_ALLCAPS) && !(t->len == 1 && (t->flags & TF_CAP)))
            return 0;
        words++;
    }
    return words >= 2;
}

static void report(check *c, const walk *w, const pentry *e, size_t i, size_t j)
{
    const token *first = &w->toks[i], *last = &w->toks[j - 1];
    size_t off = first->off, len = last->off + last->len - off;
    const char *vars[] = {
        "alternative", e->alternative ? e->alternative : "",
        "advice", e->advice ? e->advice : "",
        "expansion", e->expansion ? e->expansion : "",
        "phrase", e->phrase,
        NULL
    };
    /* Suggestions follow the capital of a capitalised match ("Facilitate" → "Help"). */
    int cap = (first->flags & TF_CAP) && !(first->flags & TF_ALLCAPS);
    char **sugg = NULL;
    if (e->nsugg) {
        sugg = xmalloc(e->nsugg * sizeof *sugg);
        for (size_t k = 0; k < e->nsugg; k++) {
            sugg[k] = xstrdup(e->sugg[k]);
            if (cap && sugg[k][0] >= 'a' && sugg[k][0] <= 'z')
                sugg[k][0] = (char)(sugg[k][0] - 'a' + 'A');
        }
    }
    rule view = *e->r;
    if (e->message)
        view.message = e->message;
    check_report(c, &view, e->sev >= 0 ? (severity)e->sev : SEV_OFF, off, len, vars,
                 (const char *const *)sugg, e->nsugg);
    for (size_t k = 0; k < e->nsugg; k++)
        free(sugg[k]);
    free(sugg);
}

typedef struct {
    pentry *const *ents;  /* by slot */
    const pentry *cand[32];
    size_t len[32];
    size_t n;
} cands;

static int collect(size_t id, size_t ntok, void *arg)
{
    cands *cs = arg;
    if (cs->n < 32) {
        cs->cand[cs->n] = cs->ents[id];
        cs->len[cs->n++] = ntok;
    }
    return 0;
}

static void phrase_begin(void *prep, check *c)
{
    const phrase_prep *p = prep;
    unsigned char **st = (unsigned char **)check_state(c, &kind_phrase);
    *st = xcalloc(p->n ? p->n : 1, 1);
}

static void phrase_end(void *prep, check *c)
{
    (void)prep;
    unsigned char **st = (unsigned char **)check_state(c, &kind_phrase);
    free(*st);
    *st = NULL;
}

static void phrase_block(void *prep, check *c, const block_view *bv)
{
    const phrase_prep *p = prep;
    unsigned char *st = *(unsigned char **)check_state(c, &kind_phrase);
    const char *text = bv->doc->text;
    int heading = bv->blk->kind == BLK_HEADING;
    int shouting = -1;     /* allcaps_block, computed when first needed */
    for (size_t s = 0; s < bv->nsents; s++) {
        walk w = {text, bv->toks, bv->sents[s].tok0, bv->sents[s].tok0 + bv->sents[s].ntok};
        for (size_t i = w.s0; i < w.s1; i++) {
            const token *t = &bv->toks[i];
            if (!wordlike(t) || (t->flags & TF_URLISH))
                continue;
            cands cs;
            cs.ents = p->ents;
            cs.n = 0;
            phrase_set_each(p->set, text, bv->toks, w.s1, i, collect, &cs);
            size_t best = 0;
            int reported = 0;
            const rule *done[32];
            size_t ndone = 0;
            for (size_t k = 0; k < cs.n; k++) {
                const pentry *e = cs.cand[k];
                size_t j = i + cs.len[k];
                const phrase_rule *d = e->r->data;
                if (best && cs.len[k] < best)
                    break;
                if (d->skip_headings && heading)
                    continue;
                if (e->case_sensitive) {
                    if (shouting < 0)
                        shouting = allcaps_block(bv);
                    if (shouting)
                        continue;
                }
                int urlish = 0;
                for (size_t q = i; q < j; q++)
                    urlish |= (bv->toks[q].flags & TF_URLISH) != 0;
                if (urlish)
                    continue;
                best = cs.len[k];
                size_t r;
                for (r = 0; r < ndone && done[r] != e->r; r++)
                    ;
                if (r < ndone)
                    continue;
                int defining = e->exp_key && d->defined_by_expansion;
                if (defining && !(st[e->slot] & ST_DEFINED) && defined_here(e, text, bv->toks, bv->ntoks, i, j))
                    st[e->slot] |= ST_DEFINED;
                if (defining && (st[e->slot] & (ST_DEFINED | ST_FLAGGED)))
                    continue;
                if (!context_ok(&w, e, d, i, j))
                    continue;
                if (defining)
                    st[e->slot] |= ST_FLAGGED;
                done[ndone++] = e->r;
                report(c, &w, e, i, j);
                reported = 1;
            }
            if (reported)
                i += best - 1;
        }
    }
}

const rule_kind kind_phrase = {
    .name = "phrase",
    .keys = phrase_keys,
    .compile = phrase_compile,
    .free_rule = phrase_free_rule,
    .prepare = phrase_prepare,
    .free_prepared = phrase_free_prepared,
    .begin = phrase_begin,
    .block = phrase_block,
    .end = phrase_end,
    .thread_end = NULL,
};

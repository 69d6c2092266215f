/* rule_phrase.c — the `phrase` rule kind: word lists (jargon, labels,
 * acronyms) with plain alternatives, matched in one token walk per block for
 * all phrase rules at once through shared phrase sets, then filtered by
 * context patterns and acronym definitions. Keys: docs/rule-kinds.md.
 * A rule compiles to a phrase_compiled (rule_phrase.h); the built-in rules
 * were compiled when the binary was built, with one phrase set for all
 * their entries, so they cost nothing to load.
 */
#include "rule_phrase.h"

#include <stdlib.h>
#include <string.h>

extern const rule_kind kind_phrase;

static const char *const profile_names[PHRASE_PROFILES - 1] = {"family", "professional", "court", "child"};

static const char *const phrase_keys[] = {
    "phrases", "case_sensitive", "inflect", "unless_before", "unless_after", "only_before", "only_after",
    "skip_headings", "defined_by_expansion", NULL
};

static const char *const entry_keys[] = {
    "phrase", "alternative", "advice", "forms", "inflect", "case_sensitive", "severity", "profiles",
    "unless_before", "unless_after", "only_before", "only_after", "expansion", "message", NULL
};

/* A rule's compiled data: its own, or a built-in one. */
typedef struct {
    const phrase_compiled *c;
    phrase_compiled *own;     /* c when compiled at run time */
    int builtin;              /* c is built in: its entries are embedded_phrases' ids first, ... */
    uint32_t first;
    int compiled_sev;         /* r->sev when compiled: a later change is a config override */
} phrase_rule;

/* Per-file state: one byte per prepared entry slot. */
enum { ST_DEFINED = 1, ST_FLAGGED = 2 };

/* ---- small helpers ------------------------------------------------------ */

static int wordlike(const token *t)
{
    return t->kind == TOK_WORD || t->kind == TOK_NUMBER;
}

/* The entry severity index of a profile name (NULL: family). */
static size_t profile_index(const char *profile)
{
    if (!profile)
        return 0;
    for (size_t i = 0; i < PHRASE_PROFILES - 1; i++)
        if (strcmp(profile_names[i], profile) == 0)
            return i;
    return PHRASE_PROFILES - 1;
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

static const char *str_at(const phrase_compiled *c, uint32_t off)
{
    return off ? c->pool + off : NULL;
}

/* ---- compiling into flat arrays ------------------------------------------- */

typedef struct {
    buf pool;                 /* byte 0 is NUL: offset 0 is no string */
    pentry *ents;
    pform *forms;
    pctx_pat *pats;
    pctx_elem *elems;
    pctx_alt *alts;
    uint32_t *strs;
    size_t nents, nforms, npats, nelems, nalts, nstrs;
    size_t capents, capforms, cappats, capelems, capalts, capstrs;
} pbuild;

static void build_init(pbuild *b)
{
    memset(b, 0, sizeof *b);
    buf_init(&b->pool);
    buf_putc(&b->pool, 0);
}

static void build_release(pbuild *b)
{
    buf_release(&b->pool);
    free(b->ents);
    free(b->forms);
    free(b->pats);
    free(b->elems);
    free(b->alts);
    free(b->strs);
}

static uint32_t pool_add(pbuild *b, const char *s, size_t n)
{
    uint32_t at = (uint32_t)b->pool.len;
    buf_append(&b->pool, s, n);
    buf_putc(&b->pool, 0);
    return at;
}

static uint32_t pool_str(pbuild *b, const char *s)
{
    return pool_add(b, s, strlen(s));
}

/* Reserve n bytes aligned to align at the end of a block of *size bytes. */
static size_t carve(size_t *size, size_t n, size_t align)
{
    size_t at = (*size + align - 1) / align * align;
    *size = at + n;
    return at;
}

/* The compiled rule in one block (head is the rule-level part); b is released. */
static phrase_compiled *build_finish(pbuild *b, const phrase_compiled *head)
{
    size_t size = sizeof(phrase_compiled);
    size_t ents_at = carve(&size, b->nents * sizeof *b->ents, _Alignof(pentry));
    size_t forms_at = carve(&size, b->nforms * sizeof *b->forms, _Alignof(pform));
    size_t pats_at = carve(&size, b->npats * sizeof *b->pats, _Alignof(pctx_pat));
    size_t elems_at = carve(&size, b->nelems * sizeof *b->elems, _Alignof(pctx_elem));
    size_t alts_at = carve(&size, b->nalts * sizeof *b->alts, _Alignof(pctx_alt));
    size_t strs_at = carve(&size, b->nstrs * sizeof *b->strs, _Alignof(uint32_t));
    size_t pool_at = carve(&size, b->pool.len, 1);
    char *block = xmalloc(size);
    phrase_compiled *c = (phrase_compiled *)(void *)block;
    *c = *head;
#define PLACE(field, at, count) do { \
        if (count) memcpy(block + (at), b->field, (count) * sizeof *b->field); \
        c->field = (const void *)(block + (at)); \
        c->n##field = (count); \
    } while (0)
    PLACE(ents, ents_at, b->nents);
    PLACE(forms, forms_at, b->nforms);
    PLACE(pats, pats_at, b->npats);
    PLACE(elems, elems_at, b->nelems);
    PLACE(alts, alts_at, b->nalts);
    PLACE(strs, strs_at, b->nstrs);
#undef PLACE
    memcpy(block + pool_at, b->pool.data, b->pool.len);
    c->pool = block + pool_at;
    c->npool = b->pool.len;
    c->owned = block;
    build_release(b);
    return c;
}

/* Parse one pattern string into p. after: an after-pattern. */
static int ctx_parse(pbuild *b, const ynode *n, const char *key, const char *s, int after, pctx_pat *p,
                     lint_error *err)
{
    memset(p, 0, sizeof *p);
    p->elem = (uint32_t)b->nelems;
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
        GROW(b->elems, b->capelems, b->nelems + 1);
        size_t el = b->nelems++;
        b->elems[el].alt = (uint32_t)b->nalts;
        b->elems[el].n = 0;
        p->n++;
        for (const char *a = q; a < e;) {
            const char *z = a;
            while (z < e && *z != '|')
                z++;
            if (z == a)
                return ynode_error(n, err, "in '%s' pattern \"%s\": empty alternative", key, s);
            pctx_alt alt = {CA_WORD, 0, 0};
            size_t al = (size_t)(z - a);
            if (al == 1 && *a == '*')
                alt.kind = CA_ANY;
            else if (al == 4 && memcmp(a, "NAME", 4) == 0)
                alt.kind = CA_NAME;
            else if (al == 3 && memcmp(a, "NUM", 3) == 0)
                alt.kind = CA_NUM;
            else {
                size_t wl;
                char *w = norm_dup(a, al, &wl);
                alt.word = pool_add(b, w, wl);
                alt.len = (uint32_t)wl;
                free(w);
            }
            GROW(b->alts, b->capalts, b->nalts + 1);
            b->alts[b->nalts++] = alt;
            b->elems[el].n++;
            a = z < e ? z + 1 : z;
        }
        q = e;
    }
    if (!p->n && !p->anchor)
        return ynode_error(n, err, "empty '%s' pattern", key);
    return 0;
}

static int ctx_read(pbuild *b, const ynode *def, const char *key, int after, pctx_list *l, lint_error *err)
{
    memset(l, 0, sizeof *l);
    const ynode *n = ynode_get(def, key);
    if (!n)
        return 0;
    const char **pats;
    size_t np;
    if (ynode_strings(n, key, &pats, &np, err) < 0)
        return -1;
    GROW(b->pats, b->cappats, b->npats + np);
    l->pat = (uint32_t)b->npats;
    l->n = (uint32_t)np;
    b->npats += np;
    for (size_t i = 0; i < np; i++) {
        const ynode *at = n->type == YN_SEQ ? ynode_item(n, i) : n;
        pctx_pat p;
        if (ctx_parse(b, at, key, pats[i], after, &p, err) < 0) {
            free(pats);
            return -1;
        }
        b->pats[l->pat + i] = p;
    }
    free(pats);
    return 0;
}

static int all_lower(const char *s)
{
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            return 0;
    return 1;
}

static void add_form(pbuild *b, pentry *e, const char *s, unsigned flags)
{
    GROW(b->forms, b->capforms, b->nforms + 1);
    b->forms[b->nforms].text = pool_str(b, s);
    b->forms[b->nforms].flags = flags;
    b->nforms++;
    e->nforms++;
}

/* The alternative's parts between ';', trimmed, into strs. */
static void split_alternatives(pbuild *b, pentry *e, const char *alternative)
{
    e->sugg = (uint32_t)b->nstrs;
    const char *p = alternative;
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
            GROW(b->strs, b->capstrs, b->nstrs + 1);
            b->strs[b->nstrs++] = pool_add(b, p, (size_t)(end - p));
            e->nsugg++;
        }
        p = q;
    }
}

/* An entry's `profiles`: a {profile: severity} map, or a list of the
 * profiles the entry is on in; sev[p] is left alone for a profile it does
 * not mention. */
static int entry_profiles(const ynode *n, int8_t sev[PHRASE_PROFILES], lint_error *err)
{
    if (n->type == YN_SEQ) {
        const char **names;
        size_t nn;
        if (ynode_strings(n, "profiles", &names, &nn, err) < 0)
            return -1;
        for (size_t p = 0; p < PHRASE_PROFILES; p++) {
            int on = 0;
            for (size_t i = 0; i < nn && p < PHRASE_PROFILES - 1; i++)
                on |= strcmp(names[i], profile_names[p]) == 0;
            if (!on)
                sev[p] = SEV_OFF;
        }
        free(names);
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
        for (size_t p = 0; p < PHRASE_PROFILES - 1; p++)
            if (strcmp(ynode_str(k), profile_names[p]) == 0)
                sev[p] = (int8_t)sv;
    }
    return 0;
}

/* An optional string key: into the pool (*out), and the tree's text (*text). */
static int opt_string(pbuild *b, const ynode *def, const char *key, uint32_t *out, const char **text,
                      lint_error *err)
{
    const ynode *n = ynode_get(def, key);
    if (!n)
        return 0;
    if (ynode_string(n, key, text, err) < 0)
        return -1;
    *out = pool_str(b, *text);
    return 0;
}

/* What the rule-level settings are while its entries compile. */
typedef struct {
    const rule *r;
    int case_sensitive, inflect;              /* inflect -1: by the phrase */
    int defined_by_expansion;
    int rule_profile[PHRASE_PROFILES];        /* the rule's own `profiles` names the profile */
} rule_ctx;

static int compile_entry(pbuild *b, const rule_ctx *rc, const ynode *item, lint_error *err)
{
    pentry e;
    memset(&e, 0, sizeof e);
    memset(e.sev, -1, sizeof e.sev);
    e.case_sensitive = (uint8_t)rc->case_sensitive;
    e.form = (uint32_t)b->nforms;
    const char **variants = NULL;
    size_t nvar = 0;
    int inflect = -1;
    const char *alternative = NULL, *advice, *expansion = NULL, *message;
    if (item->type == YN_SCALAR) {
        const char *s;
        if (ynode_string(item, "phrases", &s, err) < 0)
            return -1;
        variants = xmalloc(sizeof *variants);
        variants[0] = s;
        nvar = 1;
    } else if (item->type == YN_MAP && ynode_pairs(item) == 1 && !ynode_get(item, "phrase")) {
        const ynode *k = ynode_key(item, 0), *v = ynode_value(item, 0);
        if (ynode_string(v, "alternative", &alternative, err) < 0)
            return -1;
        variants = xmalloc(sizeof *variants);
        variants[0] = ynode_str(k);
        nvar = 1;
        e.alternative = pool_str(b, alternative);
    } else {
        if (ynode_check_keys(item, "phrase entry", entry_keys, err) < 0)
            return -1;
        const ynode *p = ynode_get(item, "phrase");
        if (!p)
            return ynode_error(item, err, "a phrase entry needs 'phrase' (or write it as \"phrase\": \"alternative\")");
        if (ynode_strings(p, "phrase", &variants, &nvar, err) < 0)
            return -1;
        const ynode *n;
        int cs = e.case_sensitive;
        if (opt_string(b, item, "alternative", &e.alternative, &alternative, err) < 0 ||
            opt_string(b, item, "advice", &e.advice, &advice, err) < 0 ||
            opt_string(b, item, "expansion", &e.expansion, &expansion, err) < 0 ||
            opt_string(b, item, "message", &e.message, &message, err) < 0)
            goto fail;
        if ((n = ynode_get(item, "inflect")) && ynode_bool(n, "inflect", &inflect, err) < 0)
            goto fail;
        if ((n = ynode_get(item, "case_sensitive")) && ynode_bool(n, "case_sensitive", &cs, err) < 0)
            goto fail;
        e.case_sensitive = (uint8_t)cs;
        if ((n = ynode_get(item, "severity"))) {
            const char *s;
            if (ynode_string(n, "severity", &s, err) < 0)
                goto fail;
            int sv = severity_parse(s);
            if (sv < 0) {
                ynode_error(n, err, "expected error, warning, suggestion or off for 'severity', found '%s'", s);
                goto fail;
            }
            for (size_t pi = 0; pi < PHRASE_PROFILES; pi++)
                if (!rc->rule_profile[pi])
                    e.sev[pi] = (int8_t)sv;
        }
        if ((n = ynode_get(item, "profiles")) && entry_profiles(n, e.sev, err) < 0)
            goto fail;
        if (ctx_read(b, item, "unless_before", 0, &e.unless_before, err) < 0 ||
            ctx_read(b, item, "unless_after", 1, &e.unless_after, err) < 0 ||
            ctx_read(b, item, "only_before", 0, &e.only_before, err) < 0 ||
            ctx_read(b, item, "only_after", 1, &e.only_after, err) < 0)
            goto fail;
        if ((n = ynode_get(item, "forms"))) {
            const char **forms;
            size_t nf;
            if (ynode_strings(n, "forms", &forms, &nf, err) < 0)
                goto fail;
            for (size_t i = 0; i < nf; i++)
                add_form(b, &e, forms[i], e.case_sensitive ? PS_CASE : 0);
            free(forms);
        }
    }
    for (size_t i = 0; i < nvar; i++) {
        const char *v = variants[i];
        size_t k = 0;
        while (v[k] == ' ')
            k++;
        if (!v[k]) {
            ynode_error(item, err, "empty phrase in rule '%s'", rc->r->id);
            goto fail;
        }
        int inf = inflect >= 0 ? inflect : rc->inflect >= 0 ? rc->inflect : (!e.case_sensitive && all_lower(v));
        add_form(b, &e, v, (e.case_sensitive ? PS_CASE : 0) | (inf ? PS_INFLECT : 0));
    }
    e.phrase = pool_str(b, variants[0]);
    free(variants);
    variants = NULL;
    if (alternative)
        split_alternatives(b, &e, alternative);
    if (expansion) {
        size_t nl;
        char *n = norm_dup(expansion, strlen(expansion), &nl);
        char *key = xmalloc(nl + 1);
        e.exp_len = (uint32_t)fold_key(n, nl, key);
        e.exp_key = pool_add(b, key, e.exp_len);
        free(key);
        free(n);
    } else if (rc->defined_by_expansion && e.case_sensitive) {
        return ynode_error(item, err, "acronym '%s' in rule '%s' needs an 'expansion' (the rule has "
                           "defined_by_expansion: true)", b->pool.data + e.phrase, rc->r->id);
    }
    GROW(b->ents, b->capents, b->nents + 1);
    b->ents[b->nents++] = e;
    return 0;
fail:
    free(variants);
    return -1;
}

/* The built-in rule of this id, when the rule comes from a built-in pack. */
static const phrase_builtin *builtin_for(const rule *r, const pack_env *env)
{
    if (env->base_dir)
        return NULL;
    for (size_t i = 0; i < embedded_nphrase_rules; i++)
        if (strcmp(embedded_phrase_rules[i].id, r->id) == 0)
            return &embedded_phrase_rules[i];
    return NULL;
}

static int phrase_compile(rule *r, const ynode *def, const pack_env *env, lint_error *err)
{
    phrase_rule *d = xcalloc(1, sizeof *d);
    r->data = d;
    d->compiled_sev = (int)r->sev;
    const phrase_builtin *bi = builtin_for(r, env);
    if (bi) {
        d->c = bi->c;
        d->builtin = 1;
        d->first = bi->first;
        return 0;
    }
    phrase_compiled head;
    memset(&head, 0, sizeof head);
    rule_ctx rc = {r, 0, -1, 0, {0}};
    pbuild b;
    build_init(&b);
    const ynode *n;
    int skip = 0;
    if ((n = ynode_get(def, "case_sensitive")) && ynode_bool(n, "case_sensitive", &rc.case_sensitive, err) < 0)
        goto fail;
    if ((n = ynode_get(def, "inflect")) && ynode_bool(n, "inflect", &rc.inflect, err) < 0)
        goto fail;
    if ((n = ynode_get(def, "skip_headings")) && ynode_bool(n, "skip_headings", &skip, err) < 0)
        goto fail;
    if ((n = ynode_get(def, "defined_by_expansion")) &&
        ynode_bool(n, "defined_by_expansion", &rc.defined_by_expansion, err) < 0)
        goto fail;
    head.skip_headings = (uint32_t)skip;
    head.defined_by_expansion = (uint32_t)rc.defined_by_expansion;
    if (ctx_read(&b, def, "unless_before", 0, &head.unless_before, err) < 0 ||
        ctx_read(&b, def, "unless_after", 1, &head.unless_after, err) < 0 ||
        ctx_read(&b, def, "only_before", 0, &head.only_before, err) < 0 ||
        ctx_read(&b, def, "only_after", 1, &head.only_after, err) < 0)
        goto fail;
    const ynode *list = ynode_get(def, "phrases");
    if (!list) {
        ynode_error(def, err, "rule '%s' of kind phrase needs 'phrases'", r->id);
        goto fail;
    }
    if (list->type != YN_SEQ || list->n == 0) {
        ynode_error(list, err, "'phrases' of rule '%s' must be a non-empty list", r->id);
        goto fail;
    }
    /* Does the rule's own `profiles` map name the profile? */
    const ynode *rp = ynode_get(def, "profiles");
    for (size_t p = 0; p < PHRASE_PROFILES - 1; p++)
        rc.rule_profile[p] = rp && rp->type == YN_MAP && ynode_get(rp, profile_names[p]) != NULL;
    for (size_t i = 0; i < list->n; i++)
        if (compile_entry(&b, &rc, ynode_item(list, i), err) < 0)
            goto fail;
    d->own = build_finish(&b, &head);
    d->c = d->own;
    return 0;
fail:
    build_release(&b);
    return -1;
}

static void phrase_free_rule(rule *r)
{
    phrase_rule *d = r->data;
    if (!d)
        return;
    if (d->own)
        free(d->own->owned);
    free(d);
    r->data = NULL;
}

const phrase_compiled *phrase_rule_compiled(const rule *r)
{
    return ((const phrase_rule *)r->data)->c;
}

/* ---- preparing: the phrase sets of every active phrase rule ------------- */

/* An active rule and where its entries are: slots [slot, slot + c->nents). */
typedef struct {
    const rule *r;
    const phrase_compiled *c;
    size_t slot;
    int overridden;
} prep_rule;

/* Slots number the entries of the active rules: a built-in entry's slot is
 * its id in embedded_phrases, then come the other rules' entries, whose
 * forms make the set own (ids are slots). */
typedef struct {
    const phrase_set *builtin;  /* embedded_phrases; NULL when no built-in rule is active */
    phrase_set *own;            /* NULL when every active rule is built in */
    prep_rule *rules;           /* by slot */
    size_t nrules;
    size_t nslots;
    size_t profile;             /* index into pentry.sev */
} phrase_prep;

static int by_slot(const void *a, const void *b)
{
    const prep_rule *x = a, *y = b;
    return x->slot < y->slot ? -1 : x->slot > y->slot;
}

static void *phrase_prepare(rule *const *rules, size_t n, const pack_env *env, lint_error *err)
{
    (void)err;
    phrase_prep *p = xcalloc(1, sizeof *p);
    p->profile = profile_index(env->profile);
    p->rules = xmalloc((n ? n : 1) * sizeof *p->rules);
    for (size_t i = 0; i < embedded_nphrase_rules; i++) {
        size_t end = embedded_phrase_rules[i].first + embedded_phrase_rules[i].c->nents;
        if (end > p->nslots)
            p->nslots = end;
    }
    for (size_t i = 0; i < n; i++) {
        const phrase_rule *d = rules[i]->data;
        prep_rule *pr = &p->rules[p->nrules++];
        pr->r = rules[i];
        pr->c = d->c;
        pr->overridden = (int)rules[i]->sev != d->compiled_sev;
        if (d->builtin) {
            pr->slot = d->first;
            p->builtin = &embedded_phrases;
            continue;
        }
        pr->slot = p->nslots;
        p->nslots += d->c->nents;
        if (!p->own)
            p->own = phrase_set_new();
        for (size_t j = 0; j < d->c->nents; j++) {
            const pentry *e = &d->c->ents[j];
            if (e->sev[p->profile] == SEV_OFF)
                continue;
            for (size_t f = e->form; f < e->form + e->nforms; f++)
                phrase_set_add(p->own, d->c->pool + d->c->forms[f].text, d->c->forms[f].flags, pr->slot + j);
        }
    }
    if (p->own)
        phrase_set_finish(p->own);
    qsort(p->rules, p->nrules, sizeof *p->rules, by_slot);
    return p;
}

static void phrase_free_prepared(void *prep)
{
    phrase_prep *p = prep;
    if (!p)
        return;
    phrase_set_free(p->own);
    free(p->rules);
    free(p);
}

/* The active rule holding slot, or NULL. */
static const prep_rule *rule_at(const phrase_prep *p, size_t slot)
{
    size_t lo = 0, hi = p->nrules;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const prep_rule *pr = &p->rules[mid];
        if (slot < pr->slot)
            hi = mid;
        else if (slot >= pr->slot + pr->c->nents)
            lo = mid + 1;
        else
            return pr;
    }
    return NULL;
}

/* ---- checking ----------------------------------------------------------- */

typedef struct {
    const char *text;
    const token *toks;
    size_t s0, s1;        /* the sentence's tokens [s0, s1) */
} walk;

static int alt_matches(const walk *w, const phrase_compiled *c, const pctx_alt *a, const token *t)
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
        return got == a->len && memcmp(tmp, c->pool + a->word, a->len) == 0;
    }
    }
}

static int elem_matches(const walk *w, const phrase_compiled *c, const pctx_elem *el, size_t i)
{
    for (size_t a = el->alt; a < el->alt + el->n; a++)
        if (alt_matches(w, c, &c->alts[a], &w->toks[i]))
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
static int pat_matches(const walk *w, const phrase_compiled *c, const pctx_pat *p, int after, size_t i, size_t j)
{
    const pctx_elem *el = c->elems + p->elem;
    if (!after) {
        if (i < w->s0 + p->n)
            return 0;
        size_t start = i - p->n;
        for (size_t k = 0; k < p->n; k++)
            if (!elem_matches(w, c, &el[k], start + k))
                return 0;
        return !p->anchor || no_words(w, w->s0, start);
    }
    if (j + p->n > w->s1)
        return 0;
    for (size_t k = 0; k < p->n; k++)
        if (!elem_matches(w, c, &el[k], j + k))
            return 0;
    return !p->anchor || no_words(w, j + p->n, w->s1);
}

static int any_matches(const walk *w, const phrase_compiled *c, const pctx_list *l, int after, size_t i,
                       size_t j)
{
    for (size_t k = l->pat; k < l->pat + l->n; k++)
        if (pat_matches(w, c, &c->pats[k], after, i, j))
            return 1;
    return 0;
}

/* Context filters: unless_* drop the match; if any only_* pattern exists
 * (entry or rule), one of them must match. */
static int context_ok(const walk *w, const phrase_compiled *c, const pentry *e, size_t i, size_t j)
{
    if (any_matches(w, c, &e->unless_before, 0, i, j) || any_matches(w, c, &c->unless_before, 0, i, j) ||
        any_matches(w, c, &e->unless_after, 1, i, j) || any_matches(w, c, &c->unless_after, 1, i, j))
        return 0;
    if (!e->only_before.n && !e->only_after.n && !c->only_before.n && !c->only_after.n)
        return 1;
    return any_matches(w, c, &e->only_before, 0, i, j) || any_matches(w, c, &c->only_before, 0, i, j) ||
           any_matches(w, c, &e->only_after, 1, i, j) || any_matches(w, c, &c->only_after, 1, i, j);
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
static int defined_here(const phrase_compiled *c, const pentry *e, const char *text, const token *toks,
                        size_t ntoks, size_t i, size_t j)
{
    const char *key = c->pool + e->exp_key;
    char piece[256];
    if (i >= 2 && is_punct(text, &toks[i - 1], '(') && j < ntoks && is_punct(text, &toks[j], ')')) {
        size_t have = 0;
        for (size_t k = i - 1; k-- > 0 && have < e->exp_len;) {
            size_t pl = tok_piece(text, &toks[k], piece);
            if (!pl && toks[k].kind == TOK_PUNCT)
                continue;
            if (!pl || pl + have > e->exp_len || memcmp(key + e->exp_len - have - pl, piece, pl) != 0)
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
            if (!pl || pl + have > e->exp_len || memcmp(key + have, piece, pl) != 0)
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

/* A candidate match: an entry of an active rule with its effective severity. */
typedef struct {
    const prep_rule *pr;
    const pentry *e;
    size_t slot;
    size_t len;           /* tokens */
    int sev;              /* -1: the rule's severity */
} cand;

static void report(check *c, const walk *w, const cand *k, size_t i, size_t j)
{
    const phrase_compiled *pc = k->pr->c;
    const pentry *e = k->e;
    const token *first = &w->toks[i], *last = &w->toks[j - 1];
    size_t off = first->off, len = last->off + last->len - off;
    const char *alternative = str_at(pc, e->alternative), *advice = str_at(pc, e->advice);
    const char *expansion = str_at(pc, e->expansion);
    const char *vars[] = {
        "alternative", alternative ? alternative : "",
        "advice", advice ? advice : "",
        "expansion", expansion ? expansion : "",
        "phrase", pc->pool + e->phrase,
        NULL
    };
    /* Suggestions follow the capital of a capitalised match ("Facilitate" → "Help"). */
    int cap = (first->flags & TF_CAP) && !(first->flags & TF_ALLCAPS);
    char **sugg = NULL;
    if (e->nsugg) {
        sugg = xmalloc(e->nsugg * sizeof *sugg);
        for (size_t s = 0; s < e->nsugg; s++) {
            sugg[s] = xstrdup(pc->pool + pc->strs[e->sugg + s]);
            if (cap && sugg[s][0] >= 'a' && sugg[s][0] <= 'z')
                sugg[s][0] = (char)(sugg[s][0] - 'a' + 'A');
        }
    }
    rule view = *k->pr->r;
    if (e->message)
        view.message = (char *)(pc->pool + e->message);
    check_report(c, &view, k->sev >= 0 ? (severity)k->sev : SEV_OFF, off, len, vars,
                 (const char *const *)sugg, e->nsugg);
    for (size_t s = 0; s < e->nsugg; s++)
        free(sugg[s]);
    free(sugg);
}

#define MAX_CANDS 32

typedef struct {
    const phrase_prep *p;
    cand v[2 * MAX_CANDS];
    size_t n, limit;      /* this set's candidates end at limit */
} cands;

/* The entry in slot id, if its rule is active and the entry is on. */
static int collect(size_t id, size_t ntok, void *arg)
{
    cands *cs = arg;
    const prep_rule *pr = rule_at(cs->p, id);
    if (!pr || cs->n >= cs->limit)
        return 0;
    const pentry *e = &pr->c->ents[id - pr->slot];
    int sev = e->sev[cs->p->profile];
    if (sev == SEV_OFF)
        return 0;
    cs->v[cs->n++] = (cand){pr, e, id, ntok, pr->overridden && sev >= 0 ? -1 : sev};
    return 0;
}

/* 0 when candidates at token i certainly finds none (phrase_set_may_match). */
static int may_have_candidates(const phrase_prep *p, const token *toks, size_t s1, size_t i)
{
    return (p->builtin && phrase_set_may_match(p->builtin, toks, s1, i)) ||
           (p->own && phrase_set_may_match(p->own, toks, s1, i));
}

/* The candidates at token i of both sets: longest first, then built-in
 * rules first, then in each set's order. */
static void candidates(const phrase_prep *p, const char *text, const token *toks, size_t s1, size_t i, cands *cs)
{
    cs->p = p;
    cs->n = 0;
    cs->limit = MAX_CANDS;
    if (p->builtin)
        phrase_set_each(p->builtin, text, toks, s1, i, collect, cs);
    if (p->own) {
        size_t from = cs->n;
        cs->limit = cs->n + MAX_CANDS;
        phrase_set_each(p->own, text, toks, s1, i, collect, cs);
        for (size_t k = from; k < cs->n; k++) {
            cand c = cs->v[k];
            size_t at = k;
            while (at > 0 && cs->v[at - 1].len < c.len) {
                cs->v[at] = cs->v[at - 1];
                at--;
            }
            cs->v[at] = c;
        }
        if (cs->n > MAX_CANDS)
            cs->n = MAX_CANDS;
    }
}

static void phrase_begin(void *prep, check *c)
{
    const phrase_prep *p = prep;
    unsigned char **st = (unsigned char **)check_state(c, &kind_phrase);
    *st = xcalloc(p->nslots ? p->nslots : 1, 1);
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
            if (!wordlike(t) || (t->flags & TF_URLISH) || !may_have_candidates(p, bv->toks, w.s1, i))
                continue;
            cands cs;
            candidates(p, text, bv->toks, w.s1, i, &cs);
            size_t best = 0;
            int reported = 0;
            const rule *done[MAX_CANDS];
            size_t ndone = 0;
            for (size_t k = 0; k < cs.n; k++) {
                const cand *cd = &cs.v[k];
                const pentry *e = cd->e;
                const phrase_compiled *pc = cd->pr->c;
                size_t j = i + cd->len;
                if (best && cd->len < best)
                    break;
                if (pc->skip_headings && heading)
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
                best = cd->len;
                size_t r;
                for (r = 0; r < ndone && done[r] != cd->pr->r; r++)
                    ;
                if (r < ndone)
                    continue;
                int defining = e->exp_key && pc->defined_by_expansion;
                if (defining && !(st[cd->slot] & ST_DEFINED) &&
                    defined_here(pc, e, text, bv->toks, bv->ntoks, i, j))
                    st[cd->slot] |= ST_DEFINED;
                if (defining && (st[cd->slot] & (ST_DEFINED | ST_FLAGGED)))
                    continue;
                if (!context_ok(&w, pc, e, i, j))
                    continue;
                if (defining)
                    st[cd->slot] |= ST_FLAGGED;
                done[ndone++] = cd->pr->r;
                report(c, &w, cd, i, j);
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

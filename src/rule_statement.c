/* rule_statement.c — the statement rule kind: finds danger statements,
 * safety goals, harm statements and scaling sections as the blocks go by,
 * asks statement.c what each one says, and reports the parts it lacks.
 * Per-file state (the open section, a pending context paragraph, counts,
 * names learnt) lives in check_state() and is flushed at end().
 */
#include "rule.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "statement.h"

typedef enum {
    C_DANGER_WHO, C_DANGER_WHAT, C_DANGER_WORRY,
    C_SAFETY_WHO, C_SAFETY_WHAT, C_SAFETY_HOW_LONG, C_SAFETY_ABSENCE,
    C_HARM_WHEN, C_HARM_WHAT, C_HARM_FUTURE,
    C_SCALE_ANCHORS, C_UNPAIRED, C_COUNT, C_N
} check_id;

/* Values of the `check` key, in check_id order. */
static const char *const check_names[] = {
    "danger.who", "danger.what", "danger.worry",
    "safety.who", "safety.what", "safety.how-long", "safety.absence",
    "harm.when", "harm.what", "harm.future",
    "scale.anchors", "unpaired", "count", NULL
};

static const char *const statement_keys[] = {"check", "lexicon", "max", NULL};

#define LEXICON_MAX_BYTES (1u << 20)

typedef struct {
    check_id check;
    double max;               /* count: the most danger statements without a finding (whole) */
    stmt_words words;         /* extra lexicon words from the rule */
} stmt_rule;

typedef struct {
    stmt_lexicon *lx;
    const rule **by[C_N];     /* the active rules of each check */
    size_t nby[C_N];
    double max;               /* the smallest `max` of the active count rules */
} stmt_prep;

/* ---- compile -------------------------------------------------------------- */

static int read_lexicon_file(const ynode *n, const char *path, const pack_env *env, stmt_words *w,
                             lint_error *err)
{
    if (!env->base_dir)
        return ynode_error(n, err, "a built-in pack cannot name a lexicon file");
    buf full, text;
    buf_init(&full);
    buf_init(&text);
    if (path[0] == '/')
        buf_puts(&full, path);
    else
        buf_printf(&full, "%s/%s", env->base_dir, path);
    FILE *f = fopen(full.data, "rb");
    int rc = -1;
    if (!f) {
        ynode_error(n, err, "cannot read lexicon '%s': %s", full.data, strerror(errno));
        goto done;
    }
    char chunk[16384];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0 && text.len <= LEXICON_MAX_BYTES)
        buf_append(&text, chunk, got);
    fclose(f);
    if (text.len > LEXICON_MAX_BYTES) {
        ynode_error(n, err, "lexicon '%s' is larger than %u bytes", full.data, LEXICON_MAX_BYTES);
        goto done;
    }
    ynode *root = ynode_parse(full.data, text.data ? text.data : "", text.len, err);
    if (!root)
        goto done;
    rc = stmt_words_read(w, root, err);
    ynode_free(root);
done:
    buf_release(&full);
    buf_release(&text);
    return rc;
}

static int statement_compile(rule *r, const ynode *def, const pack_env *env, lint_error *err)
{
    const ynode *n = ynode_get(def, "check");
    const char *name;
    if (!n)
        return ynode_error(def, err, "statement rule '%s' has no 'check'", r->id);
    if (ynode_string(n, "check", &name, err) < 0)
        return -1;
    size_t c = 0;
    while (check_names[c] && strcmp(check_names[c], name) != 0)
        c++;
    if (!check_names[c]) {
        const char *hint = did_you_mean(name, check_names, C_N);
        if (hint)
            return ynode_error(n, err, "unknown check '%s'; did you mean '%s'?", name, hint);
        return ynode_error(n, err, "unknown check '%s' (checks: danger.who, danger.what, danger.worry, "
                           "safety.who, safety.what, safety.how-long, safety.absence, harm.when, "
                           "harm.what, harm.future, scale.anchors, unpaired, count)", name);
    }
    stmt_rule *sr = xcalloc(1, sizeof *sr);
    sr->check = (check_id)c;
    sr->max = 3;
    if ((n = ynode_get(def, "max")) &&
        (ynode_number(n, "max", &sr->max, err) < 0 || sr->max < 0 || sr->max > 1000 ||
         sr->max != (double)(size_t)sr->max)) {
        if (!err->set)
            ynode_error(n, err, "max must be a whole number from 0 to 1000");
        free(sr);
        return -1;
    }
    if ((n = ynode_get(def, "lexicon"))) {
        int rc = n->type == YN_SCALAR ? read_lexicon_file(n, ynode_str(n), env, &sr->words, err)
                                      : stmt_words_read(&sr->words, n, err);
        if (rc < 0) {
            stmt_words_release(&sr->words);
            free(sr);
            return -1;
        }
    }
    r->data = sr;
    return 0;
}

static void statement_free_rule(rule *r)
{
    stmt_rule *sr = r->data;
    if (!sr)
        return;
    stmt_words_release(&sr->words);
    free(sr);
    r->data = NULL;
}

static void *statement_prepare(rule *const *rules, size_t n, const pack_env *env, lint_error *err)
{
    (void)env;
    (void)err;
    stmt_lexicon *lx = stmt_lexicon_new();
    stmt_prep *p = xcalloc(1, sizeof *p);
    p->lx = lx;
    p->max = -1;
    for (size_t i = 0; i < n; i++) {
        const stmt_rule *sr = rules[i]->data;
        stmt_lexicon_add(lx, &sr->words);
        size_t cap = p->nby[sr->check];
        GROW(p->by[sr->check], cap, p->nby[sr->check] + 1);
        p->by[sr->check][p->nby[sr->check]++] = rules[i];
        if (sr->check == C_COUNT && (p->max < 0 || sr->max < p->max))
            p->max = sr->max;
    }
    return p;
}

static void statement_free_prepared(void *prep)
{
    stmt_prep *p = prep;
    if (!p)
        return;
    stmt_lexicon_free(p->lx);
    for (int c = 0; c < C_N; c++)
        free(p->by[c]);
    free(p);
}

/* ---- per-file state ------------------------------------------------------- */

#define NO_SECTION (-1)

typedef struct {
    size_t off, len;
} span;

typedef struct {
    int level_type[7];        /* [1..6]: the type of the open heading at that level, or NO_SECTION */
    int bold_type;            /* the section a bold line opened, or NO_SECTION */
    int has_ctx;              /* a danger paragraph without a worry, waiting for its statement */
    stmt_facts ctx;
    span ctx_span;
    int scale_open;           /* a scaling section with content is being read */
    unsigned scale_flags;
    span scale_span;
    span section_span[STMT_OTHER];   /* the heading of the first section of each type */
    int has_section[STMT_OTHER];
    size_t ndanger, nsafety;
    span over_span;           /* the first danger statement past the count limit */
    stmt_memory mem;
} stmt_state;

const rule_kind kind_statement;

static stmt_state *state(check *c)
{
    return *check_state(c, &kind_statement);
}

static void statement_begin(void *prep, check *c)
{
    (void)prep;
    stmt_state *st = xcalloc(1, sizeof *st);
    for (int l = 0; l < 7; l++)
        st->level_type[l] = NO_SECTION;
    st->bold_type = NO_SECTION;
    *check_state(c, &kind_statement) = st;
}

static stmt_type current(const stmt_state *st)
{
    if (st->bold_type != NO_SECTION)
        return (stmt_type)st->bold_type;
    for (int l = 6; l >= 1; l--)
        if (st->level_type[l] != NO_SECTION)
            return (stmt_type)st->level_type[l];
    return STMT_NONE;
}

static void report(const stmt_prep *p, check *c, check_id id, span s, tvars vars)
{
    for (size_t i = 0; i < p->nby[id]; i++)
        check_report(c, p->by[id][i], SEV_OFF, s.off, s.len, vars, NULL, 0);
}

static void report_danger(const stmt_prep *p, check *c, stmt_state *st, const stmt_facts *f, span s)
{
    if (p->max >= 0 && st->ndanger == (size_t)p->max)
        st->over_span = s;
    st->ndanger++;
    char detail[128];
    if (!(f->flags & SF_WHO)) {
        if (f->vague[0])
            snprintf(detail, sizeof detail, "\"%s\" names nobody", f->vague);
        else if (f->flags & SF_WORRY_EXPR)
            snprintf(detail, sizeof detail, "no person or agency is named as worried");
        else
            snprintf(detail, sizeof detail, "nobody is said to be worried");
        const char *vars[] = {"detail", detail, NULL};
        report(p, c, C_DANGER_WHO, s, vars);
    }
    if (!(f->flags & SF_WHAT)) {
        if (f->label[0])
            snprintf(detail, sizeof detail, "\"%s\" is a label, not something someone does", f->label);
        else
            snprintf(detail, sizeof detail, "no adult's behaviour is described");
        const char *vars[] = {"detail", detail, NULL};
        report(p, c, C_DANGER_WHAT, s, vars);
    }
    if (!(f->flags & SF_WORRY))
        report(p, c, C_DANGER_WORRY, s, NULL);
}

static void report_safety(const stmt_prep *p, check *c, stmt_state *st, const stmt_facts *f, span s)
{
    st->nsafety++;
    if (!(f->flags & SF_DOER))
        report(p, c, C_SAFETY_WHO, s, NULL);
    int absence_only = (f->flags & SF_ABSENCE) && !(f->flags & SF_OBSERVABLE);
    if (absence_only)
        report(p, c, C_SAFETY_ABSENCE, s, NULL);
    else if (!(f->flags & SF_OBSERVABLE)) {
        const char *detail = (f->flags & SF_SERVICE) ? "a service, course or test is not safety on its own"
                                                     : "nothing is described that people will see happening";
        const char *vars[] = {"detail", detail, NULL};
        report(p, c, C_SAFETY_WHAT, s, vars);
    }
    if (!(f->flags & SF_TIMESCALE))
        report(p, c, C_SAFETY_HOW_LONG, s, NULL);
}

static void report_harm(const stmt_prep *p, check *c, const stmt_facts *f, span s)
{
    /* Written as a worry about the future: say what happened instead; the
     * missing time and act follow from that one fix. */
    if ((f->flags & SF_MODAL) && !(f->flags & SF_PAST_ACT)) {
        report(p, c, C_HARM_FUTURE, s, NULL);
        return;
    }
    if (!(f->flags & SF_WHEN))
        report(p, c, C_HARM_WHEN, s, NULL);
    if (!(f->flags & SF_WHAT))
        report(p, c, C_HARM_WHAT, s, NULL);
}

/* End of a run of statements: a context paragraph left alone is checked on
 * its own; a scaling section is checked for its anchors. */
static void flush(const stmt_prep *p, check *c, stmt_state *st)
{
    if (st->has_ctx) {
        st->has_ctx = 0;
        report_danger(p, c, st, &st->ctx, st->ctx_span);
    }
    if (st->scale_open) {
        st->scale_open = 0;
        if ((st->scale_flags & (SF_ZERO | SF_TEN)) != (SF_ZERO | SF_TEN))
            report(p, c, C_SCALE_ANCHORS, st->scale_span, NULL);
    }
}

/* The span to report for a statement starting at token t0: the rest of the
 * sentence that holds it (the first sentence of the statement). */
static span first_sentence(const block_view *bv, size_t t0)
{
    span s = {bv->blk->off, bv->blk->len};
    for (size_t i = 0; i < bv->nsents; i++) {
        const sentence *se = &bv->sents[i];
        if (t0 >= se->tok0 && t0 < se->tok0 + se->ntok) {
            s.off = bv->toks[t0].off;
            s.len = se->off + se->len - s.off;
            break;
        }
    }
    return s;
}

static void open_section(stmt_state *st, stmt_type t, const block_view *bv)
{
    if (t == STMT_NONE || t == STMT_OTHER)
        return;
    if (!st->has_section[t]) {
        st->has_section[t] = 1;
        st->section_span[t] = (span){bv->blk->off, bv->blk->len};
    }
    if (t == STMT_SCALE) {
        st->scale_flags = 0;
        st->scale_span = (span){bv->blk->off, bv->blk->len};
    }
}

static void check_statement(const stmt_prep *p, check *c, stmt_state *st, stmt_type t,
                            const block_view *bv, size_t t0)
{
    stmt_facts f;
    const char *text = bv->doc->text;
    span s = first_sentence(bv, t0);
    int prior = st->has_ctx && (st->ctx.flags & SF_NAMED);
    stmt_analyse(p->lx, &st->mem, text, bv->toks + t0, bv->ntoks - t0, prior, &f);
    switch (t) {
    case STMT_DANGER:
        if (bv->blk->kind == BLK_PARA && t0 == 0 && !(f.flags & SF_WORRY_EXPR)) {
            if (!st->has_ctx) {
                st->has_ctx = 1;
                st->ctx = f;
                st->ctx_span = s;
            } else {
                st->ctx.flags |= f.flags;
                if (!st->ctx.label[0])
                    memcpy(st->ctx.label, f.label, sizeof f.label);
            }
            return;
        }
        if (st->has_ctx && t0 == 0) {
            f.flags |= st->ctx.flags & (SF_WHAT | SF_WORRY | SF_PAST_ACT | SF_NAMED);
            if (!f.label[0])
                memcpy(f.label, st->ctx.label, sizeof f.label);
            st->has_ctx = 0;
        }
        report_danger(p, c, st, &f, s);
        break;
    case STMT_SAFETY:
        report_safety(p, c, st, &f, s);
        break;
    case STMT_HARM:
        report_harm(p, c, &f, s);
        break;
    case STMT_SCALE:
        st->scale_open = 1;
        st->scale_flags |= f.flags & (SF_ZERO | SF_TEN);
        break;
    case STMT_NONE:
    case STMT_OTHER:
        break;
    }
}

static int ends_with_colon(const block_view *bv)
{
    return bv->ntoks && bv->toks[bv->ntoks - 1].kind == TOK_PUNCT &&
           bv->doc->text[bv->toks[bv->ntoks - 1].off] == ':';
}

static void statement_block(void *prep, check *c, const block_view *bv)
{
    const stmt_prep *p = prep;
    stmt_state *st = state(c);
    const block *b = bv->blk;
    const char *text = bv->doc->text;

    if (b->kind == BLK_HEADING) {
        flush(p, c, st);
        stmt_type t = stmt_heading(p->lx, text, bv->toks, bv->ntoks);
        int level = b->level < 1 ? 1 : b->level > 6 ? 6 : b->level;
        for (int l = level; l <= 6; l++)
            st->level_type[l] = NO_SECTION;
        st->bold_type = NO_SECTION;
        /* An unknown sub-heading stays inside the section around it. */
        if (t == STMT_NONE)
            t = current(st);
        st->level_type[level] = t == STMT_OTHER ? STMT_NONE : (int)t;
        if (t != STMT_OTHER)
            open_section(st, t, bv);
        return;
    }
    if (b->kind == BLK_PARA && (b->flags & BLK_F_BOLD)) {
        flush(p, c, st);
        /* A bold line opens a section until the next heading or bold line;
         * an unknown bold line inside a heading's section is a label in it. */
        stmt_type t = stmt_heading(p->lx, text, bv->toks, bv->ntoks);
        st->bold_type = t == STMT_NONE ? NO_SECTION : t == STMT_OTHER ? STMT_NONE : (int)t;
        if (t != STMT_OTHER)
            open_section(st, t, bv);
        return;
    }
    size_t body = 0;
    stmt_type label = stmt_label(p->lx, text, bv->toks, bv->ntoks, &body);
    if (label != STMT_NONE) {
        flush(p, c, st);
        open_section(st, label, bv);
        check_statement(p, c, st, label, bv, body);
        return;
    }
    stmt_type t = current(st);
    if (t == STMT_NONE || b->kind == BLK_CELL || !bv->ntoks || ends_with_colon(bv))
        return;
    check_statement(p, c, st, t, bv, 0);
}

static void statement_end(void *prep, check *c)
{
    const stmt_prep *p = prep;
    stmt_state *st = state(c);
    flush(p, c, st);
    if (st->ndanger != st->nsafety) {
        char nd[48], ns[48];
        snprintf(nd, sizeof nd, "%zu danger statement%s", st->ndanger, st->ndanger == 1 ? "" : "s");
        snprintf(ns, sizeof ns, "%zu safety goal%s", st->nsafety, st->nsafety == 1 ? "" : "s");
        const char *vars[] = {"danger", nd, "safety", ns, NULL};
        span s = st->has_section[STMT_DANGER] ? st->section_span[STMT_DANGER]
                                              : st->section_span[STMT_SAFETY];
        report(p, c, C_UNPAIRED, s, vars);
    }
    if (p->max >= 0 && (double)st->ndanger > p->max) {
        char nd[32], mx[32];
        snprintf(nd, sizeof nd, "%zu", st->ndanger);
        snprintf(mx, sizeof mx, "%.0f", p->max);
        const char *vars[] = {"count", nd, "max", mx, NULL};
        report(p, c, C_COUNT, st->over_span, vars);
    }
    stmt_memory_release(&st->mem);
    free(st);
    *check_state(c, &kind_statement) = NULL;
}

const rule_kind kind_statement = {
    .name = "statement",
    .keys = statement_keys,
    .compile = statement_compile,
    .free_rule = statement_free_rule,
    .prepare = statement_prepare,
    .free_prepared = statement_free_prepared,
    .begin = statement_begin,
    .block = statement_block,
    .end = statement_end,
    .thread_end = NULL,
};

/* lint.c — the pipeline: compile a config into a linter; then for each input
 * read → decode → markup → segment → rules → diagnostics (sorted, deduped,
 * suppressed, positioned). The only file that knows every stage. */
#include "lint.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "markup.h"
#include "pack.h"
#include "segment.h"
#include "shortkey.h"
#include "utf8.h"

#define MAX_KINDS 16

struct linter {
    const lint_config *cfg;      /* borrowed: outlives the linter */
    rule **rules;                /* owned */
    size_t nrules;
    rule **active[MAX_KINDS];    /* per kind: rules whose severity is not off */
    size_t nactive[MAX_KINDS];
    void *prep[MAX_KINDS];       /* per kind: prepare() result */
    int prepared[MAX_KINDS];
};

struct check {
    const linter *lt;
    const char *path;
    const document *doc;
    const char *text;            /* plain text */
    diag_list diags;
    void *kstate[MAX_KINDS];
    struct readability_report *readability;
    void (*readability_free)(struct readability_report *);
    buf msg;                     /* scratch for rendering messages */
    strstore msgs;               /* the diagnostics' messages; handed to the result */
    uint64_t serial;             /* this check's number in its thread (store_message) */
};

static const char CHANGED[] = "file changed while it was read, skipped";

/* Pseudo-rule ids for findings that come from the engine itself. */
static const char RULE_INVALID_UTF8[] = "input.invalid-utf8";
static const char RULE_UNUSED_SUPPRESSION[] = "suppression.unused";
static const char RULE_UNKNOWN_SUPPRESSION[] = "suppression.unknown-rule";

static size_t kind_index(const rule_kind *k)
{
    for (size_t i = 0; i < rule_nkinds; i++)
        if (rule_kinds[i] == k)
            return i;
    return 0;
}

/* ---- compiling a config ---------------------------------------------- */

static int rule_in_pack(const rule *r, const char *name)
{
    return strcmp(r->pack, name) == 0;
}

static int apply_overrides(linter *lt, lint_error *err)
{
    const lint_config *cfg = lt->cfg;
    /* Pack-wide overrides first, then rule ids, whatever the written order. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t o = 0; o < cfg->noverrides; o++) {
            const rule_override *ov = &cfg->overrides[o];
            int is_rule = strchr(ov->rule, '.') != NULL;
            if (is_rule != pass)
                continue;
            size_t hits = 0;
            for (size_t i = 0; i < lt->nrules; i++) {
                rule *r = lt->rules[i];
                if (is_rule ? strcmp(r->id, ov->rule) == 0 : rule_in_pack(r, ov->rule)) {
                    r->sev = ov->sev;
                    hits++;
                }
            }
            if (hits)
                continue;
            const char **cands = xmalloc((lt->nrules * 2 + 1) * sizeof *cands);
            size_t nc = 0;
            for (size_t i = 0; i < lt->nrules; i++) {
                cands[nc++] = lt->rules[i]->id;
                cands[nc++] = lt->rules[i]->pack;
            }
            const char *dym = did_you_mean(ov->rule, cands, nc);
            err_set(err, "%s:%d:%d: error: no rule or pack '%s'%s%s%s", cfg->path ? cfg->path : "config",
                    ov->line, ov->col, ov->rule, dym ? "; did you mean '" : "", dym ? dym : "",
                    dym ? "'?" : "");
            free(cands);
            return -1;
        }
    }
    return 0;
}

linter *linter_new(const lint_config *cfg, lint_error *err)
{
    linter *lt = xcalloc(1, sizeof *lt);
    lt->cfg = cfg;
    pack_env env = {
        .profile = cfg->profile,
        .language = cfg->language,
        .dict_dir = cfg->dict_dir,
        .base_dir = NULL,
        .words = (const char *const *)cfg->words,
        .nwords = cfg->nwords,
    };
    const char **names;
    size_t nnames;
    if (cfg->npacks) {
        names = (const char **)cfg->packs;
        nnames = cfg->npacks;
    } else {
        nnames = pack_builtin_names(&names);
    }
    size_t cap = 0;
    for (size_t i = 0; i < nnames; i++) {
        buf path;
        buf_init(&path);
        /* Pack paths in a config are relative to the config's directory. */
        if (pack_is_path(names[i]) && names[i][0] != '/' && cfg->dir && strcmp(cfg->dir, ".") != 0)
            buf_printf(&path, "%s/%s", cfg->dir, names[i]);
        else
            buf_puts(&path, names[i]);
        int rc = pack_load(path.data, &env, &lt->rules, &lt->nrules, &cap, err);
        buf_release(&path);
        if (rc < 0) {
            linter_free(lt);
            return NULL;
        }
    }
    if (apply_overrides(lt, err) < 0) {
        linter_free(lt);
        return NULL;
    }
    for (size_t i = 0; i < lt->nrules; i++) {
        rule *r = lt->rules[i];
        r->index = i;
        if (r->sev == SEV_OFF && cfg->all_rules)
            r->sev = r->default_sev != SEV_OFF ? r->default_sev : SEV_WARNING;
        if (r->sev == SEV_OFF)
            continue;
        size_t k = kind_index(r->kind);
        lt->active[k] = xrealloc(lt->active[k], (lt->nactive[k] + 1) * sizeof(rule *));
        lt->active[k][lt->nactive[k]++] = r;
    }
    for (size_t k = 0; k < rule_nkinds; k++) {
        if (!lt->nactive[k] || !rule_kinds[k]->prepare)
            continue;
        lt->prep[k] = rule_kinds[k]->prepare(lt->active[k], lt->nactive[k], &env, err);
        lt->prepared[k] = 1;
        if (err->set) {
            linter_free(lt);
            return NULL;
        }
    }
    return lt;
}

void linter_free(linter *lt)
{
    if (!lt)
        return;
    for (size_t k = 0; k < rule_nkinds; k++) {
        if (lt->prepared[k] && rule_kinds[k]->free_prepared)
            rule_kinds[k]->free_prepared(lt->prep[k]);
        free(lt->active[k]);
    }
    for (size_t i = 0; i < lt->nrules; i++)
        rule_free(lt->rules[i]);
    free(lt->rules);
    free(lt);
}

const lint_config *linter_config(const linter *lt)
{
    return lt->cfg;
}

size_t linter_nrules(const linter *lt)
{
    return lt->nrules;
}

const rule *linter_rule(const linter *lt, size_t i)
{
    return i < lt->nrules ? lt->rules[i] : NULL;
}

const rule *linter_find_rule(const linter *lt, const char *id)
{
    for (size_t i = 0; i < lt->nrules; i++)
        if (strcmp(lt->rules[i]->id, id) == 0)
            return lt->rules[i];
    return NULL;
}

/* ---- the sink rules push into ----------------------------------------- */

/* The messages a thread's current check stored last, direct-mapped by
 * hash: most messages recur ("This sentence has 31 words..."), and a
 * recurring one is stored once. An entry belongs to the check whose serial
 * it holds; serials are never reused, so entries of a finished check (whose
 * store is gone) never match. */
#define MSG_SEEN 4096       /* a power of two */

typedef struct {
    uint64_t serial;
    const char *p;
    size_t len;
} seen_msg;

static _Thread_local seen_msg *t_seen;
static _Thread_local uint64_t t_serial;

static const char *store_message(check *c, const char *m, size_t n)
{
    if (!t_seen)
        t_seen = xcalloc(MSG_SEEN, sizeof *t_seen);
    seen_msg *e = &t_seen[sk_hash(m, n) & (MSG_SEEN - 1)];
    if (e->serial == c->serial && e->len == n && memcmp(e->p, m, n) == 0)
        return e->p;
    *e = (seen_msg){c->serial, strstore_add(&c->msgs, m, n), n};
    return e->p;
}

static diag *push_diag(check *c, const char *rule_id, severity sev, size_t off, size_t len, const char *message,
                       size_t message_len)
{
    GROW(c->diags.v, c->diags.cap, c->diags.n + 1);
    diag *d = &c->diags.v[c->diags.n++];
    memset(d, 0, sizeof *d);
    d->off = off;
    d->len = len;
    d->sev = sev;
    d->rule = rule_id;
    d->message = store_message(c, message, message_len);
    return d;
}

/* The span's plain text with runs of white space and control characters
 * collapsed to one space and trimmed (malloc'd). */
static char *span_text(const char *text, size_t off, size_t len)
{
    char *out = xmalloc(len + 1);
    size_t n = 0;
    int space = 0;
    for (size_t i = off; i < off + len; i++) {
        unsigned char ch = (unsigned char)text[i];
        if (ch <= 0x20 || ch == 0x7F) {
            space = n > 0;
            continue;
        }
        if (space)
            out[n++] = ' ';
        space = 0;
        out[n++] = (char)ch;
    }
    out[n] = 0;
    return out;
}

void check_report(check *c, const rule *r, severity sev, size_t off, size_t len, tvars vars,
                  const char *const *sugg, size_t nsugg)
{
    /* {match} is rendered only for templates that use it: a finding on a long
     * sentence must not copy the sentence for nothing. */
    char *match = strstr(r->message, "{match}") ? span_text(c->text, off, len) : NULL;
    size_t nv = 0;
    while (vars && vars[nv])
        nv += 2;
    const char *few[24];
    const char **all = nv + 5 <= ARRAY_LEN(few) ? few : xmalloc((nv + 5) * sizeof *all);
    for (size_t i = 0; i < nv; i++)
        all[i] = vars[i];
    all[nv] = "match";
    all[nv + 1] = match ? match : "";
    all[nv + 2] = "rule";
    all[nv + 3] = r->id;
    all[nv + 4] = NULL;
    /* rendered in the check's scratch, then copied at its exact size */
    buf_clear(&c->msg);
    template_render(&c->msg, r->message, all);
    if (all != few)
        free(all);
    free(match);
    diag *d = push_diag(c, r->id, sev == SEV_OFF ? r->sev : sev, off, len, c->msg.data, c->msg.len);
    int borrowed = !sugg || !nsugg;
    if (borrowed) {
        d->suggestions = r->suggestions;
        d->nsugg = r->nsugg;
        d->sugg_borrowed = 1;
    } else {
        d->suggestions = xmalloc(nsugg * sizeof *d->suggestions);
        for (size_t i = 0; i < nsugg; i++)
            d->suggestions[i] = xstrdup(sugg[i]);
        d->nsugg = nsugg;
    }
}

void **check_state(check *c, const rule_kind *k)
{
    return &c->kstate[kind_index(k)];
}

const document *check_document(const check *c)
{
    return c->doc;
}

const char *check_path(const check *c)
{
    return c->path;
}

void check_set_readability(check *c, struct readability_report *r,
                           void (*free_fn)(struct readability_report *))
{
    if (c->readability && c->readability_free)
        c->readability_free(c->readability);
    c->readability = r;
    c->readability_free = free_fn;
}

/* ---- finishing: order, dedupe, suppress, position --------------------- */

static int diag_cmp(const void *a, const void *b)
{
    const diag *x = a, *y = b;
    if (x->off != y->off)
        return x->off < y->off ? -1 : 1;
    int r = strcmp(x->rule, y->rule);
    if (r)
        return r;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    return strcmp(x->message, y->message);
}

static int rule_matches(const char *pattern, const char *id)
{
    size_t n = strlen(pattern);
    return strcmp(pattern, id) == 0 || (strncmp(pattern, id, n) == 0 && id[n] == '.');
}

static int directive_covers(const directive *d, const char *id)
{
    if (!d->nrules)
        return 1;
    for (size_t i = 0; i < d->nrules; i++)
        if (rule_matches(d->rules[i], id))
            return 1;
    return 0;
}

/* Start of the line after the one holding offset off, and the end of that line. */
static void next_line_span(const char *s, size_t len, size_t off, size_t *start, size_t *end)
{
    size_t i = off;
    while (i < len && s[i] != '\n' && s[i] != '\r')
        i++;
    if (i < len && s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')
        i++;
    if (i < len)
        i++;
    *start = i;
    while (i < len && s[i] != '\n' && s[i] != '\r')
        i++;
    *end = i;
}

/* Drop suppressed diagnostics; report suppressions that suppressed nothing
 * and rule names that match no rule. diags must be sorted. */
static void apply_suppressions(check *c, const markup *m, const char *src, size_t len)
{
    if (!m->ndirs)
        return;
    size_t nd = m->ndirs;
    size_t *used = xcalloc(nd, sizeof *used);
    size_t *nl_start = xmalloc(nd * sizeof *nl_start), *nl_end = xmalloc(nd * sizeof *nl_end);
    for (size_t j = 0; j < nd; j++)
        next_line_span(src, len, m->dirs[j].off + m->dirs[j].len, &nl_start[j], &nl_end[j]);
    size_t keep = 0;
    for (size_t i = 0; i < c->diags.n; i++) {
        diag *d = &c->diags.v[i];
        size_t by = (size_t)-1;
        /* Range directives: the last disable/enable before d that covers its rule decides. */
        for (size_t j = 0; j < nd && m->dirs[j].off <= d->off; j++) {
            const directive *dir = &m->dirs[j];
            if (dir->kind == DIR_DISABLE_NEXT_LINE || !directive_covers(dir, d->rule))
                continue;
            by = dir->kind == DIR_DISABLE ? j : (size_t)-1;
        }
        for (size_t j = 0; j < nd && by == (size_t)-1; j++) {
            const directive *dir = &m->dirs[j];
            if (dir->kind == DIR_DISABLE_NEXT_LINE && d->off >= nl_start[j] && d->off <= nl_end[j] &&
                directive_covers(dir, d->rule))
                by = j;
        }
        if (by != (size_t)-1 && d->rule != RULE_INVALID_UTF8) {
            used[by]++;
            diag_release(d);
            continue;
        }
        c->diags.v[keep++] = *d;
    }
    c->diags.n = keep;
    for (size_t j = 0; j < nd; j++) {
        const directive *dir = &m->dirs[j];
        if (dir->kind == DIR_ENABLE)
            continue;
        if (!used[j]) {
            static const char unused[] = "this suppression comment suppressed nothing: remove it";
            push_diag(c, RULE_UNUSED_SUPPRESSION, SEV_SUGGESTION, dir->off, dir->len, unused, sizeof unused - 1);
        }
        for (size_t r = 0; r < dir->nrules; r++) {
            if (linter_find_rule(c->lt, dir->rules[r]))
                continue;
            int pack = 0;
            for (size_t i = 0; i < c->lt->nrules && !pack; i++)
                pack = rule_in_pack(c->lt->rules[i], dir->rules[r]);
            if (pack)
                continue;
            buf b;
            buf_init(&b);
            buf_printf(&b, "no rule or pack '%s' to suppress", dir->rules[r]);
            push_diag(c, RULE_UNKNOWN_SUPPRESSION, SEV_WARNING, dir->off, dir->len, b.data, b.len);
            buf_release(&b);
        }
    }
    free(used);
    free(nl_start);
    free(nl_end);
}

/* Sort l->v[from, l->n). Returns 0 if l->v is then sorted as a whole, -1 if
 * the tail starts before the end of the sorted head l->v[0, from). */
static int sort_tail(diag_list *l, size_t from)
{
    if (l->n - from > 1)
        qsort(l->v + from, l->n - from, sizeof *l->v, diag_cmp);
    return from && from < l->n && diag_cmp(&l->v[from - 1], &l->v[from]) > 0 ? -1 : 0;
}

/* Merge the sorted tail l->v[from, l->n) into the sorted head [0, from),
 * from the back: only the head's diagnostics after the tail's first move. */
static void merge_tail(diag_list *l, size_t from)
{
    size_t nt = l->n - from;
    diag *tail = xmalloc(nt * sizeof *tail);
    memcpy(tail, l->v + from, nt * sizeof *tail);
    size_t i = from, j = nt, k = l->n;
    while (j) {
        if (i && diag_cmp(&l->v[i - 1], &tail[j - 1]) > 0)
            l->v[--k] = l->v[--i];
        else
            l->v[--k] = tail[--j];
    }
    free(tail);
}

/* Code points in s[a, b): the bytes that are not UTF-8 continuation bytes
 * (10xxxxxx), counted eight at a time. */
static size_t count_cps(const char *s, size_t a, size_t b)
{
    const uint64_t high = 0x8080808080808080ULL;
    size_t cont = 0, i = a;
    for (; i + 8 <= b; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        uint64_t t = x & ~(x << 1) & high;   /* top bit set, the one below clear */
        cont += (size_t)((t >> 7) * 0x0101010101010101ULL >> 56);
    }
    for (; i < b; i++)
        cont += ((unsigned char)s[i] & 0xC0) == 0x80;
    return b - a - cont;
}

/* Where the walk of the source has got to: line and column of offset at. */
typedef struct {
    const char *s;
    size_t len, at, line, col;
    int lf_only;   /* no CR in s: lines end only at LF */
} pos_walk;

/* Move w forward to offset target (not before w->at). */
static void walk_to(pos_walk *w, size_t target)
{
    const char *s = w->s;
    if (w->lf_only) {
        /* jump from one LF to the next; count the code points of the last line only */
        const char *nl;
        while (w->at < target && (nl = memchr(s + w->at, '\n', target - w->at))) {
            w->line++;
            w->col = 1;
            w->at = (size_t)(nl - s) + 1;
        }
        if (w->at < target) {
            w->col += count_cps(s, w->at, target);
            w->at = target;
        }
    }
    for (; w->at < target; w->at++) {
        unsigned char ch = (unsigned char)s[w->at];
        if (ch == '\n' || (ch == '\r' && !(w->at + 1 < w->len && s[w->at + 1] == '\n'))) {
            w->line++;
            w->col = 1;
        } else if (ch != '\r' && (ch & 0xC0) != 0x80) {
            w->col++;
        }
    }
}

/* An end offset waiting for the walk, in a min-heap on off. */
typedef struct {
    size_t off;
    diag *d;
} pending_end;

static void end_push(pending_end *h, size_t *n, pending_end e)
{
    size_t i = (*n)++;
    while (i && h[(i - 1) / 2].off > e.off) {
        h[i] = h[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    h[i] = e;
}

static pending_end end_pop(pending_end *h, size_t *n)
{
    pending_end top = h[0], last = h[--*n];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= *n)
            break;
        if (c + 1 < *n && h[c + 1].off < h[c].off)
            c++;
        if (h[c].off >= last.off)
            break;
        h[i] = h[c];
        i = c;
    }
    h[i] = last;
    return top;
}

/* Fill line/col for every diagnostic in one pass over the source. l is
 * sorted by offset, so the starts ascend; each end waits in a heap until the
 * walk reaches it, so the heap holds only the spans still open. */
static void fill_positions(diag_list *l, const input *in)
{
    size_t n = l->n;
    pending_end *ends = xmalloc((n ? n : 1) * sizeof *ends);
    size_t nends = 0;
    pos_walk w = {in->src, in->len, 0, 1, 1, n && !memchr(in->src, '\r', in->len)};
    for (size_t i = 0; i <= n; i++) {
        while (nends && (i == n || ends[0].off <= l->v[i].off)) {
            pending_end e = end_pop(ends, &nends);
            walk_to(&w, e.off);
            e.d->end_line = w.line;
            e.d->end_col = w.col;
        }
        if (i == n)
            break;
        diag *d = &l->v[i];
        walk_to(&w, d->off);
        d->line = w.line;
        d->col = w.col;
        end_push(ends, &nends, (pending_end){d->off + d->len, d});
    }
    free(ends);
    for (size_t i = 0; i < l->n; i++) {
        diag *d = &l->v[i];
        d->raw_off = input_raw_offset(in, d->off);
        d->raw_len = input_raw_offset(in, d->off + d->len) - d->raw_off;
    }
}

static void report_invalid_bytes(check *c, const input *in)
{
    for (size_t i = 0; i < in->nbad; i++) {
        size_t off = in->bad[i], end = off;
        while (end < in->len && (unsigned char)in->src[end] == 0x1A)
            end++;
        if (end == off)
            end = off + utf8_seqlen((unsigned char)in->src[off]);
        static const char msg[] = "invalid UTF-8: the file should be saved as UTF-8 text";
        push_diag(c, RULE_INVALID_UTF8, SEV_WARNING, off, end - off, msg, sizeof msg - 1);
        while (i + 1 < in->nbad && in->bad[i + 1] < end)
            i++;
    }
}

static lint_syntax syntax_for(const char *path)
{
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (dot && (!slash || dot > slash) &&
        (strcmp(dot, ".md") == 0 || strcmp(dot, ".markdown") == 0 || strcmp(dot, ".mdown") == 0 ||
         strcmp(dot, ".mkd") == 0))
        return LINT_SYNTAX_MARKDOWN;
    return LINT_SYNTAX_TEXT;
}

/* The headings of m into res, their plain text with runs of whitespace,
 * control characters and opaque placeholders collapsed to one space. */
static void collect_headings(lint_result *res, const markup *m)
{
    size_t n = 0;
    for (size_t b = 0; b < m->nblocks; b++)
        n += m->blocks[b].kind == BLK_HEADING;
    if (!n)
        return;
    res->headings = xmalloc(n * sizeof *res->headings);
    for (size_t b = 0; b < m->nblocks; b++) {
        const block *blk = &m->blocks[b];
        if (blk->kind != BLK_HEADING)
            continue;
        lint_heading *h = &res->headings[res->nheadings++];
        h->off = blk->off;
        h->level = blk->level;
        h->text = span_text(m->plain, blk->off, blk->len);
    }
}

void linter_check(const linter *lt, const char *display_path, const unsigned char *raw, size_t n,
                  lint_syntax syntax, lint_result *res)
{
    unsigned char *copy = xmalloc(n + 1);
    if (n)
        memcpy(copy, raw, n);
    linter_check_owned(lt, display_path, copy, n, syntax, res);
}

void linter_check_owned(const linter *lt, const char *display_path, unsigned char *raw, size_t n,
                        lint_syntax syntax, lint_result *res)
{
    memset(res, 0, sizeof *res);
    res->path = xstrdup(display_path);
    input in;
    input_status st = input_decode_owned(&in, raw, n);
    if (st != INPUT_OK) {
        res->status = LINT_FILE_SKIPPED;
        res->error = xstrdup(st == INPUT_BINARY    ? "binary file (contains NUL bytes), skipped"
                             : st == INPUT_CHANGED ? CHANGED
                                                   : "file too large (over 2 GiB), skipped");
        return;
    }
    if (syntax == LINT_SYNTAX_AUTO)
        syntax = syntax_for(display_path);
    markup m;
    if (syntax == LINT_SYNTAX_MARKDOWN)
        markup_md(&m, in.src, in.len);
    else
        markup_text(&m, in.src, in.len);
    document doc;
    document_build(&doc, &m);

    check c;
    memset(&c, 0, sizeof c);
    c.serial = ++t_serial;
    c.lt = lt;
    c.path = res->path;
    c.doc = &doc;
    c.text = m.plain;

    for (size_t k = 0; k < rule_nkinds; k++)
        if (lt->nactive[k] && rule_kinds[k]->begin)
            rule_kinds[k]->begin(lt->prep[k], &c);
    /* The list is kept sorted as it grows: each block's findings are sorted
     * when the block ends and, as blocks ascend, usually follow the ones
     * before; the findings made at the end are merged in once. A block whose
     * findings reach back leaves the whole list to one final sort. */
    int unsorted = 0;
    seg_scratch scratch = {0};
    for (size_t b = 0; b < doc.nblocks; b++) {
        size_t mark = c.diags.n;
        segment_block(&doc, b, &scratch);
        block_view bv = {
            .doc = &doc,
            .index = b,
            .blk = &doc.blocks[b],
            .section = doc.block_section[b],
            .sents = scratch.sents,
            .nsents = scratch.nsents,
            .toks = scratch.toks,
            .ntoks = scratch.ntoks,
        };
        for (size_t k = 0; k < rule_nkinds; k++)
            if (lt->nactive[k] && rule_kinds[k]->block)
                rule_kinds[k]->block(lt->prep[k], &c, &bv);
        if (!unsorted && sort_tail(&c.diags, mark) < 0)
            unsorted = 1;
    }
    size_t mark = c.diags.n;
    for (size_t k = 0; k < rule_nkinds; k++)
        if (lt->nactive[k] && rule_kinds[k]->end)
            rule_kinds[k]->end(lt->prep[k], &c);
    report_invalid_bytes(&c, &in);
    seg_scratch_release(&scratch);
    buf_release(&c.msg);

    if (unsorted)
        qsort(c.diags.v, c.diags.n, sizeof *c.diags.v, diag_cmp);
    else if (sort_tail(&c.diags, mark) < 0)
        merge_tail(&c.diags, mark);
    size_t keep = 0;
    for (size_t i = 0; i < c.diags.n; i++) {
        diag *d = &c.diags.v[i];
        if (keep && c.diags.v[keep - 1].off == d->off && c.diags.v[keep - 1].len == d->len &&
            strcmp(c.diags.v[keep - 1].rule, d->rule) == 0) {
            diag_release(d);
            continue;
        }
        c.diags.v[keep++] = *d;
    }
    c.diags.n = keep;
    apply_suppressions(&c, &m, in.src, in.len);
    if (m.ndirs && c.diags.n)   /* without directives the list is unchanged, still sorted */
        qsort(c.diags.v, c.diags.n, sizeof *c.diags.v, diag_cmp);
    fill_positions(&c.diags, &in);
    for (size_t i = 0; i < c.diags.n; i++)
        res->counts[c.diags.v[i].sev]++;

    res->diags = c.diags.v;
    res->ndiags = c.diags.n;
    res->messages = c.msgs;
    res->readability = c.readability;
    res->readability_free = c.readability_free;
    collect_headings(res, &m);
    document_release(&doc);
    markup_release(&m);
    res->src = in.src;
    res->len = in.len;
    in.src = NULL;
    if (input_changed(res->src)) {   /* part of the text read as zeros: what was found means nothing */
        char *path = res->path;
        res->path = NULL;
        lint_result_release(res);
        res->path = path;
        res->status = LINT_FILE_SKIPPED;
        res->error = xstrdup(CHANGED);
    }
    input_release(&in);
}

void lint_result_release(lint_result *res)
{
    for (size_t i = 0; i < res->ndiags; i++)
        diag_release(&res->diags[i]);
    free(res->diags);
    strstore_release(&res->messages);
    free(res->path);
    free(res->error);
    input_free_text(res->src);
    for (size_t i = 0; i < res->nheadings; i++)
        free(res->headings[i].text);
    free(res->headings);
    if (res->readability && res->readability_free)
        res->readability_free(res->readability);
    memset(res, 0, sizeof *res);
}

void lint_thread_end(void)
{
    for (size_t k = 0; k < rule_nkinds; k++)
        if (rule_kinds[k]->thread_end)
            rule_kinds[k]->thread_end();
    free(t_seen);
    t_seen = NULL;
}

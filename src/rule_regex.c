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

typedef struct {
    regex *re;
    regex *unless;        /* may be NULL */
    int block_scope;      /* match whole blocks instead of sentences */
    int skip_headings;
    unsigned group;       /* capture group whose span is reported (0: the whole match) */
} regex_rule;

typedef struct {
    rule **rules;         /* owned array of borrowed rules */
    size_t n;
} regex_prep;

/* Per-file state: rules that already reported giving up in this file. */
typedef struct {
    unsigned char *gave_up;   /* owned; by position in regex_prep.rules */
} regex_state;

static const char *const regex_keys[] = {
    "pattern", "case_sensitive", "scope", "group", "unless", "skip_headings", NULL
};

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
            err_set(err, "%s:%d:%d: error: invalid regex in rule '%s': %s at offset %zu", n->file, n->line,
                    col, r->id, msg, off);
        } else {
            err_set(err, "%s:%d:%d: error: invalid regex in rule '%s': %s at offset %zu", n->file, n->line,
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
    return p;
}

static void regex_free_prepared(void *prep)
{
    regex_prep *p = prep;
    if (!p)
        return;
    free(p->rules);
    free(p);
}

static void regex_end(void *prep, check *c)
{
    (void)prep;
    regex_state **st = (regex_state **)check_state(c, &kind_regex);
    if (*st) {
        free((*st)->gave_up);
        free(*st);
        *st = NULL;
    }
}

/* Once per rule and file: say that the pattern gave up on a unit. */
static void report_gave_up(check *c, const regex_prep *p, size_t k, size_t off, size_t len)
{
    const regex_rule *d = p->rules[k]->data;
    regex_state **st = (regex_state **)check_state(c, &kind_regex);
    if (!*st) {
        *st = xcalloc(1, sizeof **st);
        (*st)->gave_up = xcalloc(p->n, 1);
    }
    if ((*st)->gave_up[k])
        return;
    (*st)->gave_up[k] = 1;
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

/* All matches of rule k in text[off, off+len). */
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
    for (size_t k = 0; k < p->n; k++) {
        const regex_rule *d = p->rules[k]->data;
        if (d->skip_headings && bv->blk->kind == BLK_HEADING)
            continue;
        if (d->block_scope)
            match_unit(c, p, k, text, bv->blk->off, bv->blk->len);
        else
            for (size_t s = 0; s < bv->nsents; s++)
                match_unit(c, p, k, text, bv->sents[s].off, bv->sents[s].len);
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

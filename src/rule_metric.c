/* rule_metric.c — the metric rule kind: counts every block with
 * readability.c, flags long and hard sentences as the blocks go by, flags a
 * document or section whose reading age is above the profile's target at
 * end(), and hands the file's readability report to its result.
 * Keys (docs/readability.md): measure, max (a number or one per profile),
 * min-words.
 */
#include "rule.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readability.h"
#include "syllable.h"

typedef enum { M_SENTENCE_LENGTH, M_HARD_SENTENCE, M_READING_AGE, M_N } measure;

static const char *const measure_names[] = {"sentence-length", "hard-sentence", "reading-age", NULL};
static const char *const metric_keys[] = {"measure", "max", "min-words", NULL};

typedef struct {
    measure m;
    double max;          /* for the linter's profile */
    double min_words;
    char max_text[32];   /* max as messages print it ("%.0f") */
} metric_rule;

typedef struct {
    const syllable_model *model;
    const rule **by[M_N];
    size_t nby[M_N];
    double long_max;     /* the smallest active sentence-length max, or -1 */
} metric_prep;

/* ---- compile -------------------------------------------------------------- */

/* max: a number, or a map from profile to number with every profile (or "default"). */
static int read_max(const ynode *n, const pack_env *env, double *out, lint_error *err)
{
    if (n->type == YN_SCALAR)
        return ynode_number(n, "max", out, err);
    if (ynode_expect(n, YN_MAP, "max", err) < 0)
        return -1;
    const char *allowed[] = {"family", "professional", "court", "child", "default", NULL};
    if (ynode_check_keys(n, "max", allowed, err) < 0)
        return -1;
    const char *profile = env->profile ? env->profile : "family";
    const ynode *v = ynode_get(n, profile);
    if (!v)
        v = ynode_get(n, "default");
    if (!v)
        return ynode_error(n, err, "max has no value for the profile '%s' (and no 'default')", profile);
    return ynode_number(v, "max", out, err);
}

static int metric_compile(rule *r, const ynode *def, const pack_env *env, lint_error *err)
{
    const ynode *n = ynode_get(def, "measure");
    const char *name;
    if (!n)
        return ynode_error(def, err, "metric rule '%s' has no 'measure' (one of: sentence-length, "
                           "hard-sentence, reading-age)", r->id);
    if (ynode_string(n, "measure", &name, err) < 0)
        return -1;
    size_t m = 0;
    while (measure_names[m] && strcmp(measure_names[m], name) != 0)
        m++;
    if (!measure_names[m]) {
        const char *hint = did_you_mean(name, measure_names, M_N);
        if (hint)
            return ynode_error(n, err, "unknown measure '%s'; did you mean '%s'?", name, hint);
        return ynode_error(n, err, "unknown measure '%s' (one of: sentence-length, hard-sentence, "
                           "reading-age)", name);
    }
    metric_rule mr = {(measure)m, 0, 0, ""};
    static const double default_max[M_N] = {25, 17, 11};
    static const double default_min[M_N] = {0, 8, 100};
    mr.max = default_max[m];
    mr.min_words = default_min[m];
    if ((n = ynode_get(def, "max")) && read_max(n, env, &mr.max, err) < 0)
        return -1;
    if (mr.max < 0 || mr.max > 1000)
        return ynode_error(n ? n : def, err, "max must be a number from 0 to 1000");
    if ((n = ynode_get(def, "min-words")) &&
        (ynode_number(n, "min-words", &mr.min_words, err) < 0 || mr.min_words < 0 ||
         mr.min_words > 100000)) {
        if (!err->set)
            ynode_error(n, err, "min-words must be a number from 0 to 100000");
        return -1;
    }
    snprintf(mr.max_text, sizeof mr.max_text, "%.0f", mr.max);
    metric_rule *p = xmalloc(sizeof *p);
    *p = mr;
    r->data = p;
    return 0;
}

static void metric_free_rule(rule *r)
{
    free(r->data);
    r->data = NULL;
}

static void *metric_prepare(rule *const *rules, size_t n, const pack_env *env, lint_error *err)
{
    (void)env;
    (void)err;
    metric_prep *p = xcalloc(1, sizeof *p);
    p->model = &embedded_syllables;
    p->long_max = -1;
    for (size_t i = 0; i < n; i++) {
        const metric_rule *mr = rules[i]->data;
        size_t cap = p->nby[mr->m];
        GROW(p->by[mr->m], cap, p->nby[mr->m] + 1);
        p->by[mr->m][p->nby[mr->m]++] = rules[i];
        if (mr->m == M_SENTENCE_LENGTH && (p->long_max < 0 || mr->max < p->long_max))
            p->long_max = mr->max;
    }
    return p;
}

static void metric_free_prepared(void *prep)
{
    metric_prep *p = prep;
    if (!p)
        return;
    for (int m = 0; m < M_N; m++)
        free(p->by[m]);
    free(p);
}

/* ---- checking ------------------------------------------------------------- */

/* A hard sentence's grade as its message prints it: age is "%.0f" of
 * grade + 5, text "%.1f" of grade. The grade depends only on a sentence's
 * words and syllables, so few values recur; each thread keeps the last text
 * of each slot, keyed on the grade's exact bits. */
typedef struct {
    uint64_t bits;
    int set;
    char age[32], text[32];
} grade_text;

#define GRADE_SLOTS 1024
static _Thread_local grade_text t_grades[GRADE_SLOTS];

static const grade_text *format_grade(double grade)
{
    uint64_t bits;
    memcpy(&bits, &grade, sizeof bits);
    grade_text *g = &t_grades[(size_t)((bits * 0x9E3779B97F4A7C15ULL) >> 32) % GRADE_SLOTS];
    if (!g->set || g->bits != bits) {
        snprintf(g->age, sizeof g->age, "%.0f", grade + 5.0);
        snprintf(g->text, sizeof g->text, "%.1f", grade);
        g->bits = bits;
        g->set = 1;
    }
    return g;
}

const rule_kind kind_metric;

static void metric_begin(void *prep, check *c)
{
    const metric_prep *p = prep;
    *check_state(c, &kind_metric) = readability_acc_new(p->model, check_document(c));
}

/* One finding per sentence: a sentence over the length limit draws only
 * sentence-length; hard-sentence is about the words of a shorter one. The
 * grade measures words and syllables only, so a passive voice never makes
 * a sentence "hard" (that is the vague pack's agentless-passive rule). */
static void metric_block(void *prep, check *c, const block_view *bv)
{
    const metric_prep *p = prep;
    readability_acc *a = *check_state(c, &kind_metric);
    size_t ns;
    const readability_sentence *rs = readability_acc_block(a, bv, &ns);
    for (size_t i = 0; i < ns; i++) {
        const readability_sentence *s = &rs[i];
        if (!s->n.words)
            continue;
        /* the numbers are formatted only for a finding: most sentences draw none */
        char words[24];
        words[0] = 0;
        for (size_t k = 0; k < p->nby[M_SENTENCE_LENGTH]; k++) {
            const rule *r = p->by[M_SENTENCE_LENGTH][k];
            const metric_rule *mr = r->data;
            if ((double)s->n.words <= mr->max)
                continue;
            if (!words[0])
                uint_to_str(words, s->n.words);
            const char *vars[] = {"words", words, "max", mr->max_text, NULL};
            check_report(c, r, SEV_OFF, s->off, s->len, vars, NULL, 0);
        }
        if (p->long_max >= 0 && (double)s->n.words > p->long_max)
            continue;
        for (size_t k = 0; k < p->nby[M_HARD_SENTENCE]; k++) {
            const rule *r = p->by[M_HARD_SENTENCE][k];
            const metric_rule *mr = r->data;
            if ((double)s->n.words < mr->min_words || s->grade + 5.0 <= mr->max)
                continue;
            if (!words[0])
                uint_to_str(words, s->n.words);
            const grade_text *g = format_grade(s->grade);
            const char *vars[] = {"words", words, "age", g->age, "grade", g->text, "max", mr->max_text, NULL};
            check_report(c, r, SEV_OFF, s->off, s->len, vars, NULL, 0);
        }
    }
}

static void report_age(check *c, const rule *r, const readability_stats *st, const char *scope,
                       size_t off, size_t len)
{
    const metric_rule *mr = r->data;
    if ((double)st->n.words < mr->min_words || st->s.reading_age <= mr->max)
        return;
    char age[32], words[24];
    snprintf(age, sizeof age, "%.0f", st->s.reading_age);
    uint_to_str(words, st->n.words);
    const char *vars[] = {"scope", scope, "age", age, "max", mr->max_text, "words", words, NULL};
    check_report(c, r, SEV_OFF, off, len, vars, NULL, 0);
}

static void metric_end(void *prep, check *c)
{
    const metric_prep *p = prep;
    readability_acc *a = *check_state(c, &kind_metric);
    *check_state(c, &kind_metric) = NULL;
    struct readability_report *rep = readability_acc_finish(a);
    if (rep->nsections) {
        for (size_t k = 0; k < p->nby[M_READING_AGE]; k++) {
            const rule *r = p->by[M_READING_AGE][k];
            const readability_section *first = &rep->sections[0];
            report_age(c, r, &rep->doc, "This document", first->off, first->len);
            /* a section holding every word would repeat the document's finding */
            for (size_t i = 0; i < rep->nsections && rep->nsections > 1; i++) {
                const readability_section *s = &rep->sections[i];
                report_age(c, r, &s->st, s->heading ? "This section" : "The text before the first heading",
                           s->off, s->len);
            }
        }
    }
    check_set_readability(c, rep, readability_report_free);
}

const rule_kind kind_metric = {
    .name = "metric",
    .keys = metric_keys,
    .compile = metric_compile,
    .free_rule = metric_free_rule,
    .prepare = metric_prepare,
    .free_prepared = metric_free_prepared,
    .begin = metric_begin,
    .block = metric_block,
    .end = metric_end,
    .thread_end = readability_thread_end,
};
